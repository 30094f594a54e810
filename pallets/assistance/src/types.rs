//! The aid application, the assessment, the parameters and the need test.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use safetynet_primitives::{cases::Documents, cases::ScheduleId, AgencyId, Cid};
use scale_info::TypeInfo;
use sp_runtime::traits::{AtLeast32BitUnsigned, Zero};

/// Social assistance parameters, set by governance.
#[derive(
	Clone, Debug, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo,
	serde::Serialize, serde::Deserialize,
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

impl<Balance: Zero + PartialEq, BlockNumber: Zero> AssistanceParams<Balance, BlockNumber> {
	/// Whether the parameters make sense.
	pub fn is_valid(&self) -> bool {
		!self.assistance_line.is_zero() && self.max_members > 0 && !self.payment_period.is_zero()
	}
}

/// The applicant's employment situation, which the need test refers to.
#[derive(
	Clone, Copy, Debug, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, PartialEq,
	TypeInfo,
)]
pub enum EmploymentStatus {
	Employed,
	Unemployed,
	UnableToWork,
	Retired,
}

/// What an aid applicant files: the paper's `ApplicationforAid`.
#[derive(
	Clone, Debug, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo,
)]
pub struct AidForm<Balance> {
	/// The civil affairs department applied to (it also pays).
	pub agency: AgencyId,
	/// Family information (members, relations), in IPFS, encrypted.
	pub family_info_cid: Option<Cid>,
	/// Household members.
	pub household_members: u32,
	/// Total monthly household income, in fen.
	pub monthly_income: Balance,
	/// Total household property, in fen.
	pub property_value: Balance,
	/// The applicant's employment situation.
	pub employment: EmploymentStatus,
	/// Supporting documents, in IPFS.
	pub documents: Documents,
}

impl<Balance> AidForm<Balance> {
	/// Every CID the form brings.
	pub fn cids(&self) -> impl Iterator<Item = &Cid> {
		self.family_info_cid.iter().chain(self.documents.iter())
	}
}

/// Monthly income or property per household member, rounded down. Zero members count as one,
/// so the figure never divides by zero (the household-size check refuses them anyway).
pub fn per_capita<Balance: AtLeast32BitUnsigned + Copy>(total: Balance, members: u32) -> Balance {
	total / Balance::from(members.max(1))
}

/// Whether a household is in need: per-capita income below the assistance line and per-capita
/// property within the property line. Returns (income too high, property too high).
pub fn need_test<Balance: AtLeast32BitUnsigned + Copy>(
	income: Balance,
	property: Balance,
	members: u32,
	assistance_line: Balance,
	property_line: Balance,
) -> (bool, bool) {
	(
		per_capita(income, members) >= assistance_line,
		per_capita(property, members) > property_line,
	)
}

/// The most a household may be granted per month: the gap between the assistance line and its
/// per-capita income, for every member.
pub fn entitlement<Balance: AtLeast32BitUnsigned + Copy>(
	assistance_line: Balance,
	assessed_income: Balance,
	members: u32,
) -> Balance {
	assistance_line
		.saturating_sub(per_capita(assessed_income, members))
		.saturating_mul(Balance::from(members))
}

/// The sub-district team's income accounting, and the payments that follow an approval.
#[derive(Clone, Debug, Decode, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct Assessment<Balance> {
	/// The household as the applicant declared it.
	pub household_members: u32,
	/// Monthly household income as the accounting team assessed it.
	pub assessed_income: Balance,
	/// The monthly assistance granted.
	pub monthly_amount: Balance,
	/// The payment schedule, once approved.
	pub schedule: Option<ScheduleId>,
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn per_capita_divides_and_never_by_zero() {
		assert_eq!(per_capita(900u128, 3), 300);
		assert_eq!(per_capita(900u128, 0), 900);
	}

	#[test]
	fn need_test_compares_per_capita_figures() {
		// 3 members, 900 income (300 each) against a line of 400: in need.
		assert_eq!(need_test(900u128, 3_000, 3, 400, 2_000), (false, false));
		// At the line is not below it.
		assert_eq!(need_test(1_200u128, 0, 3, 400, 2_000), (true, false));
		assert_eq!(need_test(0u128, 6_003, 3, 400, 2_000), (false, true));
	}

	#[test]
	fn entitlement_fills_the_gap_for_every_member() {
		assert_eq!(entitlement(400u128, 900, 3), 300);
		assert_eq!(entitlement(400u128, 1_500, 3), 0);
	}
}
