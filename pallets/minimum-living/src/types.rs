//! The minimum living application, the household record, and the parameters.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use safetynet_primitives::{
	cases::ExtraDocuments, figures::Salt, kit::Validate, AgencyId, Cid, Household, RegionCode,
};
use scale_info::TypeInfo;
use sp_runtime::traits::Zero;

/// Minimum living guarantee parameters, set by governance. (Each region's per-capita standard
/// is set separately, and the annual re-check's interval is the lifecycle's deadline for the
/// `AnnualRecheck` step.)
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
pub struct MinimumLivingParams<Balance, BlockNumber> {
	/// Most property per household member a guaranteed household may have, in fen.
	pub property_line: Balance,
	/// Most members a household may have (the applicant included).
	pub max_members: u32,
	/// How long an approval is publicly noticed before payments start, in blocks.
	pub notice_period: BlockNumber,
	/// Most objections one case may receive.
	pub max_objections: u32,
	/// Blocks between payments (a month).
	pub payment_period: BlockNumber,
}

impl<Balance, BlockNumber: Zero> Validate for MinimumLivingParams<Balance, BlockNumber> {
	/// Whether the parameters make sense.
	fn is_valid(&self) -> bool {
		self.max_members > 0 && !self.notice_period.is_zero() && !self.payment_period.is_zero()
	}
}

/// What an applicant files. The figures are read by the rules and never stored: the case keeps
/// the outcome and their salted digest.
#[derive(
	Clone, Debug, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo,
)]
pub struct MinimumLivingForm<Balance> {
	/// The civil affairs department applied to (it also pays).
	pub agency: AgencyId,
	/// Household information (members, relations, address), in IPFS, encrypted.
	pub household_info_cid: Option<Cid>,
	/// The household's other members, by identity hash, as the applicant's agency registered
	/// them.
	pub household: Household,
	/// Total monthly household income, in fen.
	pub household_income: Balance,
	/// Total household property, in fen.
	pub property_value: Balance,
	/// Supporting documents, in IPFS.
	pub documents: ExtraDocuments,
	/// The salt of the figures' digest; the applicant keeps it in the household information.
	pub salt: Salt,
}

impl<Balance> MinimumLivingForm<Balance> {
	/// Every CID the form brings.
	pub fn cids(&self) -> impl Iterator<Item = &Cid> {
		self.household_info_cid.iter().chain(self.documents.iter())
	}

	/// The household's size: the applicant and the members listed.
	pub fn members(&self) -> u32 {
		self.household.len() as u32 + 1
	}
}

/// What the service keeps about a household's case: where it is, what it is paid, and where its
/// notice stands. The household's income and size are read from calls and documents, and never
/// kept.
#[derive(Clone, Debug, Decode, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct HouseholdRecord<Balance, BlockNumber> {
	/// The region whose standard applied (the household's registered neighbourhood, which
	/// registration keeps anyway for jurisdiction).
	pub region: RegionCode,
	/// The monthly guarantee to pay: (standard - per-capita income) x members.
	pub monthly_amount: Option<Balance>,
	/// When the public notice ends.
	pub notice_ends: Option<BlockNumber>,
	/// Objections received so far.
	pub objections: u32,
}
