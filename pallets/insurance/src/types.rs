//! The insurance application, the withholding agreement, the parameters, and the premium
//! formula.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::ConstU32, BoundedVec};
use safetynet_primitives::{cases::ExtraDocuments, figures::Salt, kit::Validate, AgencyId, Cid};
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::{traits::Zero, Permill};

/// Most payment ratios governance may allow at once.
pub const MAX_RATIOS: u32 = 8;

/// Social insurance parameters, set by governance.
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
pub struct InsuranceParams<Balance, BlockNumber> {
	/// Lowest monthly income premiums may be based on.
	pub min_contribution_base: Balance,
	/// Highest monthly income premiums may be based on.
	pub max_contribution_base: Balance,
	/// The payment ratios an insured may choose.
	pub allowed_ratios: BoundedVec<Permill, ConstU32<MAX_RATIOS>>,
	/// Blocks between premiums (a month).
	pub premium_period: BlockNumber,
}

impl<Balance: PartialOrd + Zero, BlockNumber: Zero> Validate
	for InsuranceParams<Balance, BlockNumber>
{
	/// Whether the parameters make sense: a non-empty range, some ratio, a period.
	fn is_valid(&self) -> bool {
		self.min_contribution_base <= self.max_contribution_base &&
			!self.allowed_ratios.is_empty() &&
			!self.premium_period.is_zero()
	}
}

/// What an insured (or an enterprise) files: the paper's `ApplicationforInsurance`. The income is
/// read by the rules and never stored: the case keeps the outcome and a salted digest, the
/// agreement the premium.
#[derive(
	Clone, Debug, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo,
)]
pub struct InsuranceForm<Balance> {
	/// The social insurance agency applied to.
	pub agency: AgencyId,
	/// The insurance registration form, in IPFS.
	pub form_cid: Option<Cid>,
	/// The insured's photo, in IPFS.
	pub photo_cid: Option<Cid>,
	/// The bank account premiums are withheld from, as the agency's keyed reference: HMAC-SHA-256
	/// of the card number under a key the agency holds off chain (`safetynet-docs bank-ref`).
	/// Without the key nobody can test a guessed card number against it.
	pub bank_account_ref: H256,
	/// Monthly income, in fen.
	pub monthly_income: Balance,
	/// The chosen payment ratio.
	pub payment_ratio: Permill,
	/// Further supporting documents, in IPFS.
	pub documents: ExtraDocuments,
	/// The salt of the figures' digest; the applicant keeps it in the registration form.
	pub salt: Salt,
}

impl<Balance> InsuranceForm<Balance> {
	/// Every CID the form brings.
	pub fn cids(&self) -> impl Iterator<Item = &Cid> {
		self.form_cid.iter().chain(self.photo_cid.iter()).chain(self.documents.iter())
	}

	/// Whether every required part is there.
	pub fn is_complete(&self) -> bool {
		self.form_cid.is_some() && self.photo_cid.is_some() && self.bank_account_ref != H256::zero()
	}
}

/// The premium for `income` at `ratio`: income × ratio, rounded down to the fen.
pub fn premium<Balance>(income: Balance, ratio: Permill) -> Balance
where
	Balance: sp_runtime::traits::AtLeast32BitUnsigned + Copy,
{
	ratio.mul_floor(income)
}

/// The participation certificate and withholding agreement an approval issues.
#[derive(Clone, Debug, Decode, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct Agreement<AccountId, Balance, BlockNumber> {
	/// The insured.
	pub insured: AccountId,
	/// The social insurance agency whose fund receives the premiums.
	pub agency: AgencyId,
	/// The participation certificate's number (the case id).
	pub certificate: u64,
	/// The premium withheld every period (the income and ratio it came from are not kept).
	pub premium: Balance,
	/// The agency's keyed reference of the bank account premiums come from.
	pub bank_account_ref: H256,
	/// When the certificate was issued.
	pub issued_at: BlockNumber,
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn premium_is_income_times_ratio_rounded_down() {
		assert_eq!(premium(500_000u128, Permill::from_percent(8)), 40_000);
		assert_eq!(premium(333u128, Permill::from_percent(10)), 33);
		assert_eq!(premium(0u128, Permill::from_percent(12)), 0);
		assert_eq!(premium(u128::MAX, Permill::one()), u128::MAX);
	}

	#[test]
	fn params_validity() {
		let mut params = InsuranceParams::<u128, u32> {
			min_contribution_base: 100,
			max_contribution_base: 1_000,
			allowed_ratios: BoundedVec::truncate_from(vec![Permill::from_percent(8)]),
			premium_period: 10,
		};
		assert!(params.is_valid());
		params.min_contribution_base = 2_000;
		assert!(!params.is_valid());
		params.min_contribution_base = 100;
		params.allowed_ratios = BoundedVec::default();
		assert!(!params.is_valid());
	}
}
