//! The aid application, the assessment, the parameters and the need test.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use safetynet_primitives::{
	cases::ExtraDocuments, figures::Salt, kit::Validate, AgencyId, Cid, Household,
};
use scale_info::TypeInfo;
use sp_runtime::traits::Zero;

/// Social assistance parameters, set by governance.
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
pub struct AssistanceParams<Balance, BlockNumber> {
	/// The assistance line: monthly income per household member below which a household is in
	/// need, in fen.
	pub assistance_line: Balance,
	/// Most property per household member a household in need may have, in fen.
	pub property_line: Balance,
	/// Most members a household may declare.
	pub max_members: u32,
	/// Blocks between assistance payments (a month).
	pub payment_period: BlockNumber,
}

impl<Balance: Zero + PartialEq, BlockNumber: Zero> Validate
	for AssistanceParams<Balance, BlockNumber>
{
	/// Whether the parameters make sense.
	fn is_valid(&self) -> bool {
		!self.assistance_line.is_zero() && self.max_members > 0 && !self.payment_period.is_zero()
	}
}

/// The applicant's employment situation, which the need test refers to.
#[derive(
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	TypeInfo,
)]
pub enum EmploymentStatus {
	Employed,
	Unemployed,
	UnableToWork,
	Retired,
}

/// What an aid applicant files: the paper's `ApplicationforAid`. The figures are read by the need
/// test and never stored: the case keeps the outcome and their salted digest.
#[derive(
	Clone, Debug, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo,
)]
pub struct AidForm<Balance> {
	/// The civil affairs department applied to (it also pays).
	pub agency: AgencyId,
	/// Family information (members, relations), in IPFS, encrypted.
	pub family_info_cid: Option<Cid>,
	/// The household's other members, by identity hash, as the applicant's agency registered
	/// them.
	pub household: Household,
	/// Total monthly household income, in fen.
	pub monthly_income: Balance,
	/// Total household property, in fen.
	pub property_value: Balance,
	/// The applicant's employment situation.
	pub employment: EmploymentStatus,
	/// Supporting documents, in IPFS.
	pub documents: ExtraDocuments,
	/// The salt of the figures' digest; the applicant keeps it in the family information.
	pub salt: Salt,
}

impl<Balance> AidForm<Balance> {
	/// Every CID the form brings.
	pub fn cids(&self) -> impl Iterator<Item = &Cid> {
		self.family_info_cid.iter().chain(self.documents.iter())
	}

	/// The household's size: the applicant and the members listed.
	pub fn members(&self) -> u32 {
		self.household.len() as u32 + 1
	}
}

/// Whether a household is in need, against the assistance line.
pub use safetynet_primitives::kit::household::need_test;

/// The most a household may be granted per month: what lifts it to the assistance line.
pub use safetynet_primitives::kit::household::shortfall as entitlement;

/// What the sub-district team's income accounting leaves on chain: only the amount to pay once
/// the review approves. The assessed income stays in the accounting sheet (the step's encrypted
/// document).
#[derive(Clone, Debug, Decode, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct Assessment<Balance> {
	/// The monthly assistance proposed, paid on approval.
	pub monthly_amount: Balance,
}
