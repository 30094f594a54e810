//! The social security services, the lifecycle and payments they share, and the registration
//! they stand on.

use super::governance::{EnsureReviewMajority, GovernanceOrigin, MAX_AGENCIES, MAX_REVIEW_TEAM};
use crate::{
	Balances, BlockNumber, Cases, Council, Documents, Payments, Registration, ReviewTeam, Runtime,
	RuntimeCall, Timestamp, HOURS,
};
use frame_support::{
	parameter_types,
	traits::{ConstU32, ConstU64},
	PalletId,
};
use sp_runtime::transaction_validity::TransactionPriority;

parameter_types! {
	/// A citizen's registration request waits a day for an agency's judgement.
	pub const RegistrationRequestTtl: BlockNumber = 24 * HOURS;
	/// Participants' transactions always go before unknown accounts' registration requests.
	pub const ParticipantPriority: TransactionPriority = 1 << 20;
	/// The agencies' funds are accounts derived from this id and the agency's id.
	pub const FundsPalletId: PalletId = PalletId(*b"sn/funds");
}

impl pallet_registration::Config for Runtime {
	type GovernanceOrigin = GovernanceOrigin;
	type AdminMembership = Council;
	type ReviewTeamMembership = ReviewTeam;
	type UnixTime = Timestamp;
	type MaxAgencies = ConstU32<MAX_AGENCIES>;
	type MaxStaffPerAgency = ConstU32<10_000>;
	type MaxReviewTeam = ConstU32<MAX_REVIEW_TEAM>;
	type MaxPendingRequests = ConstU32<100_000>;
	type MaxRequestsPerBlock = ConstU32<256>;
	type RequestTtl = RegistrationRequestTtl;
	type ParticipantPriority = ParticipantPriority;
	type WeightInfo = pallet_registration::weights::SubstrateWeight<Runtime>;
}

impl pallet_cases::Config for Runtime {
	type Registry = Registration;
	type GovernanceOrigin = GovernanceOrigin;
	type MaxHistory = ConstU32<256>;
	type MaxDuePerBlock = ConstU32<512>;
	type MaxCasesPerApplicant = ConstU32<64>;
	type OnApproved = Documents;
	type WeightInfo = pallet_cases::weights::SubstrateWeight<Runtime>;
}

impl pallet_payments::Config for Runtime {
	type Currency = Balances;
	type FundsPalletId = FundsPalletId;
	type MaxDuePerBlock = ConstU32<512>;
	type RecordsKept = ConstU32<24>;
	type WeightInfo = pallet_payments::weights::SubstrateWeight<Runtime>;
}

impl pallet_insurance::Config for Runtime {
	type Currency = Balances;
	type Registry = Registration;
	type Cases = Cases;
	type Payments = Payments;
	type Funds = Payments;
	type UnixTime = Timestamp;
	type GovernanceOrigin = GovernanceOrigin;
	type WeightInfo = pallet_insurance::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkSetup;
}

impl pallet_assistance::Config for Runtime {
	type Currency = Balances;
	type Registry = Registration;
	type Cases = Cases;
	type Payments = Payments;
	type Funds = Payments;
	type UnixTime = Timestamp;
	type ReviewOrigin = EnsureReviewMajority;
	type GovernanceOrigin = GovernanceOrigin;
	type WeightInfo = pallet_assistance::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkSetup;
}

impl pallet_welfare::Config for Runtime {
	type Currency = Balances;
	type Registry = Registration;
	type Cases = Cases;
	type Payments = Payments;
	type Funds = Payments;
	type UnixTime = Timestamp;
	type GovernanceOrigin = GovernanceOrigin;
	type WeightInfo = pallet_welfare::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkSetup;
}

impl pallet_minimum_living::Config for Runtime {
	type Currency = Balances;
	type Registry = Registration;
	type Cases = Cases;
	type Payments = Payments;
	type Funds = Payments;
	type UnixTime = Timestamp;
	type ReviewOrigin = EnsureReviewMajority;
	type GovernanceOrigin = GovernanceOrigin;
	type WeightInfo = pallet_minimum_living::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkSetup;
}

impl pallet_documents::Config for Runtime {
	type Registry = Registration;
	type Cases = Cases;
	// An age file wrapping a case key for one X25519 recipient is about 250 bytes.
	type MaxWrappedKeyLen = ConstU32<512>;
	// The agencies a case's documents may go to: one of each kind is plenty.
	type MaxGrantsPerCase = ConstU32<16>;
	type MaxSealsPerRun = ConstU32<16>;
	// Seals go ahead of participants' transactions (2^20): they finish approvals already made.
	type SealPriority = ConstU64<{ 1 << 21 }>;
	type WeightInfo = pallet_documents::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkSetup;
}

impl<C> frame_system::offchain::CreateTransactionBase<C> for Runtime
where
	RuntimeCall: From<C>,
{
	type Extrinsic = crate::UncheckedExtrinsic;
	type RuntimeCall = RuntimeCall;
}

/// Offchain workers submit bare (unsigned) transactions: the documents pallet's seals, which
/// carry their own authentication (the agency's signature).
impl<C> frame_system::offchain::CreateBare<C> for Runtime
where
	RuntimeCall: From<C>,
{
	fn create_bare(call: RuntimeCall) -> crate::UncheckedExtrinsic {
		crate::UncheckedExtrinsic::new_bare(call)
	}
}

/// Sets up the service pallets' benchmarks over the real registration pallet and balances.
#[cfg(feature = "runtime-benchmarks")]
pub struct BenchmarkSetup;

#[cfg(feature = "runtime-benchmarks")]
impl safetynet_primitives::BenchmarkSetup<crate::AccountId> for BenchmarkSetup {
	fn agency(kind: safetynet_primitives::AgencyKind) -> safetynet_primitives::AgencyId {
		Registration::benchmark_agency(kind)
	}

	fn staff(who: &crate::AccountId, role: safetynet_primitives::Role, agency: safetynet_primitives::AgencyId) {
		Registration::benchmark_staff(who, role, agency)
	}

	fn citizen(who: &crate::AccountId, role: safetynet_primitives::Role, photo: safetynet_primitives::Cid) {
		Registration::benchmark_citizen(who, role, photo)
	}

	fn endow(who: &crate::AccountId) {
		use frame_support::traits::fungible::Mutate;
		Balances::set_balance(who, 1_000_000_000 * crate::YUAN);
	}
}
