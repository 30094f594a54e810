//! The welfare application, the consultation team, the parameters and the welfare formula.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::ConstU32, BoundedVec};
use safetynet_primitives::{
	cases::ExtraDocuments,
	figures::{salted_digest, Salt},
	kit::Validate,
	AgencyId, Cid,
};
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::{
	traits::{AtLeast32BitUnsigned, Zero},
	Permill,
};

/// Disability grades run from 1 (most severe) to this.
pub const MAX_GRADE: u8 = 10;

/// Social welfare parameters, set by governance.
#[derive(
	Clone,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct WelfareParams<Balance, BlockNumber> {
	/// Monthly income at or above which no welfare is needed, in fen.
	pub income_line: Balance,
	/// Fewest doctors a consultation team may have.
	pub min_team: u32,
	/// The monthly welfare for each disability grade, grade 1 first.
	pub amount_by_grade: BoundedVec<Balance, ConstU32<{ MAX_GRADE as u32 }>>,
	/// The share of the beneficiary's own monthly income deducted from the welfare.
	pub income_offset: Permill,
	/// Blocks between welfare payments (a month).
	pub payment_period: BlockNumber,
}

impl<Balance: Zero, BlockNumber: Zero> Validate for WelfareParams<Balance, BlockNumber> {
	/// Whether the parameters make sense: a team of at least three (and at most [`MAX_TEAM`]),
	/// an amount for every grade.
	fn is_valid(&self) -> bool {
		(3..=MAX_TEAM).contains(&self.min_team) &&
			self.amount_by_grade.len() == MAX_GRADE as usize &&
			!self.payment_period.is_zero()
	}
}

/// What a welfare applicant files: the paper's `ApplicationforSocialWelfare`. The income is read
/// by the rules and never stored: the case keeps its salted digest.
#[derive(
	Clone, Debug, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo,
)]
pub struct WelfareForm<Balance> {
	/// The county welfare department applied to.
	pub agency: AgencyId,
	/// Personal information, in IPFS, encrypted.
	pub personal_info_cid: Option<Cid>,
	/// The original medical records, in IPFS, encrypted.
	pub medical_records_cid: Option<Cid>,
	/// The proof of work-related injury, in IPFS, encrypted.
	pub injury_proof_cid: Option<Cid>,
	/// Monthly income, in fen.
	pub monthly_income: Balance,
	/// Further documents, in IPFS.
	pub documents: ExtraDocuments,
	/// The salt of the income's digest; the applicant keeps it in the personal information.
	pub salt: Salt,
}

impl<Balance: Encode> WelfareForm<Balance> {
	/// The digest the case keeps of the declared income.
	pub fn declaration(&self) -> H256 {
		salted_digest(&self.salt, &self.monthly_income)
	}

	/// Every CID the form brings.
	pub fn cids(&self) -> impl Iterator<Item = &Cid> {
		self.personal_info_cid
			.iter()
			.chain(self.medical_records_cid.iter())
			.chain(self.injury_proof_cid.iter())
			.chain(self.documents.iter())
	}
}

/// The monthly welfare for `grade` (1..=10) and the beneficiary's own monthly `income`: the
/// grade's amount, less `income_offset` of the income, never below zero. `None` for a grade out
/// of range.
pub fn welfare_amount<Balance: AtLeast32BitUnsigned + Copy>(
	amount_by_grade: &[Balance],
	grade: u8,
	income: Balance,
	income_offset: Permill,
) -> Option<Balance> {
	let base = *amount_by_grade.get(usize::from(grade).checked_sub(1)?)?;
	Some(base.saturating_sub(income_offset.mul_floor(income)))
}

/// Most doctors a team may have.
pub const MAX_TEAM: u32 = 9;

/// What a doctor concluded, as the chain keeps it: the salted digest of the conclusion document's
/// CID and the disability grade, under the salt the team wrote into that document. Doctors who
/// sign the same document with the same grade give the same finding, so the majority is counted
/// without the grade ever being stored.
pub fn finding(conclusion: &Cid, grade: u8, salt: &Salt) -> H256 {
	salted_digest(salt, &(conclusion, grade))
}

/// A doctor's vote on the medical conclusion.
#[derive(
	Clone, Debug, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo,
)]
pub struct ConclusionVote<AccountId> {
	pub doctor: AccountId,
	/// The doctor's [`finding`].
	pub finding: H256,
}

/// The figures the welfare institute reads from the case's encrypted documents to handle it:
/// the runtime checks them against the digests it kept and computes the amount from them.
#[derive(
	Clone, Debug, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo,
)]
pub struct HandlingFigures<Balance> {
	/// The disability grade in the team's conclusion document.
	pub grade: u8,
	/// The salt in the team's conclusion document.
	pub conclusion_salt: Salt,
	/// The monthly income the applicant declared.
	pub monthly_income: Balance,
	/// The salt in the applicant's form.
	pub declaration_salt: Salt,
}

/// Everything the welfare service keeps about a case: no income, no grade, only their digests
/// and the amount paid.
#[derive(Clone, Debug, Decode, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct WelfareCase<AccountId, Balance> {
	/// The salted digest of the monthly income the applicant declared.
	pub declaration: H256,
	/// The welfare institute the department named to pay (otherwise the one responsible for the
	/// applicant's neighbourhood).
	pub institute: Option<AgencyId>,
	/// The hospital consultation team.
	pub team: BoundedVec<AccountId, ConstU32<MAX_TEAM>>,
	/// Whether a team doctor checked the applicant against the registered photo.
	pub identity_verified: bool,
	/// The doctors' votes so far.
	pub votes: BoundedVec<ConclusionVote<AccountId>, ConstU32<MAX_TEAM>>,
	/// The team's majority conclusion: the document and its [`finding`].
	pub conclusion: Option<(Cid, H256)>,
	/// The welfare institute that pays, and how much a month.
	pub payment: Option<(AgencyId, Balance)>,
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn welfare_amount_is_the_grades_amount_less_the_income_offset() {
		let amounts: Vec<u128> = (1..=10).rev().map(|g| g * 10_000).collect();
		assert_eq!(welfare_amount(&amounts, 1, 0, Permill::from_percent(50)), Some(100_000));
		assert_eq!(welfare_amount(&amounts, 1, 40_000, Permill::from_percent(50)), Some(80_000));
		assert_eq!(welfare_amount(&amounts, 10, 40_000, Permill::from_percent(50)), Some(0));
		assert_eq!(welfare_amount(&amounts, 0, 0, Permill::zero()), None);
		assert_eq!(welfare_amount(&amounts, 11, 0, Permill::zero()), None);
	}
}
