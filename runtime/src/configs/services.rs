//! The social security services, the lifecycle and payments they share, and the registration
//! they stand on.

use super::governance::{EnsureReviewMajority, GovernanceOrigin, MAX_AGENCIES, MAX_REVIEW_TEAM};
use crate::{
	Balance, Balances, BlockNumber, Cases, Documents, Payments, Registration, ReviewTeam, Runtime,
	RuntimeCall, Timestamp, Welfare, HOURS, MINUTES,
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
	/// A registration request's proof of work must be bound to a block of the last ten minutes:
	/// work cannot be stockpiled for a flood.
	pub const WorkWindow: BlockNumber = 10 * MINUTES;
	/// Participants' transactions always go before unknown accounts' registration requests.
	pub const ParticipantPriority: TransactionPriority = 1 << 20;
	/// The agencies' funds are accounts derived from this id and the agency's id.
	pub const FundsPalletId: PalletId = PalletId(*b"sn/funds");
}

impl pallet_registration::Config for Runtime {
	type GovernanceOrigin = GovernanceOrigin;
	type AdminMembership = super::AdminSeats;
	type ReviewTeamMembership = ReviewTeam;
	/// A revoked citizen's cases end; a departed doctor's teams return to their department.
	type OnRegistrationEnded = (Cases, Welfare);
	type CallPolicy = super::admission::RuntimeCallPolicy;
	type UnixTime = Timestamp;
	type MaxAgencies = ConstU32<MAX_AGENCIES>;
	type MaxStaffPerAgency = ConstU32<10_000>;
	type MaxReviewTeam = ConstU32<MAX_REVIEW_TEAM>;
	type MaxPendingRequests = ConstU32<100_000>;
	type MaxRequestsPerBlock = ConstU32<256>;
	type RequestTtl = RegistrationRequestTtl;
	type WorkWindow = WorkWindow;
	type ParticipantPriority = ParticipantPriority;
	type WeightInfo = pallet_registration::weights::SubstrateWeight<Runtime>;
}

impl pallet_cases::Config for Runtime {
	type Registry = Registration;
	type Payments = Payments;
	type UnixTime = Timestamp;
	type GovernanceOrigin = GovernanceOrigin;
	type MaxHistory = ConstU32<256>;
	type MaxDuePerBlock = ConstU32<512>;
	/// One open case per service.
	type MaxOpenCasesPerApplicant = ConstU32<4>;
	/// A person may be the applicant or a household member of this many pending or running
	/// cases (in all services) at once.
	type MaxCasesPerPerson = ConstU32<16>;
	type OnApproved = Documents;
	type WeightInfo = pallet_cases::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkSetup;
}

impl pallet_payments::Config for Runtime {
	type Currency = Balances;
	type FundsPalletId = FundsPalletId;
	type Agencies = pallet_registration::ExistingAgencies<Runtime>;
	type MaxDuePerBlock = ConstU32<512>;
	type RecordsKept = ConstU32<24>;
	type WeightInfo = pallet_payments::weights::SubstrateWeight<Runtime>;
}

/// The parameters of each service: one instance of the same pallet per service.
macro_rules! service_parameters {
	($instance:ident, $params:ty) => {
		impl pallet_service_parameters::Config<pallet_service_parameters::$instance> for Runtime {
			type Params = $params;
			type GovernanceOrigin = GovernanceOrigin;
			type WeightInfo = pallet_service_parameters::weights::SubstrateWeight<Runtime>;
			#[cfg(feature = "runtime-benchmarks")]
			type BenchmarkParams = BenchmarkParams<$params>;
		}
	};
}

service_parameters!(Instance1, pallet_insurance::InsuranceParams<Balance, BlockNumber>);
service_parameters!(Instance2, pallet_assistance::AssistanceParams<Balance, BlockNumber>);
service_parameters!(Instance3, pallet_welfare::WelfareParams<Balance, BlockNumber>);
service_parameters!(Instance4, pallet_minimum_living::MinimumLivingParams<Balance, BlockNumber>);

/// The parameters the development chain starts with, as valid parameters for benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct BenchmarkParams<P>(core::marker::PhantomData<P>);

#[cfg(feature = "runtime-benchmarks")]
impl<P> frame_support::traits::Get<P> for BenchmarkParams<P>
where
	P: crate::genesis_config_presets::ExampleParams,
{
	fn get() -> P {
		P::example()
	}
}

impl pallet_insurance::Config for Runtime {
	type Currency = Balances;
	type Cases = Cases;
	type Payments = Payments;
	type Parameters =
		pallet_service_parameters::Current<Runtime, pallet_service_parameters::Instance1>;
	type WeightInfo = pallet_insurance::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkSetup;
}

impl pallet_assistance::Config for Runtime {
	type Currency = Balances;
	type Cases = Cases;
	type Payments = Payments;
	type Parameters =
		pallet_service_parameters::Current<Runtime, pallet_service_parameters::Instance2>;
	type ReviewOrigin = EnsureReviewMajority;
	type WeightInfo = pallet_assistance::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkSetup;
}

impl pallet_welfare::Config for Runtime {
	type Currency = Balances;
	type Registry = Registration;
	type Cases = Cases;
	type Payments = Payments;
	type Parameters =
		pallet_service_parameters::Current<Runtime, pallet_service_parameters::Instance3>;
	type MaxTeamsPerDoctor = ConstU32<32>;
	type WeightInfo = pallet_welfare::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkSetup;
}

impl pallet_minimum_living::Config for Runtime {
	type Currency = Balances;
	type Registry = Registration;
	type Cases = Cases;
	type Payments = Payments;
	type Parameters =
		pallet_service_parameters::Current<Runtime, pallet_service_parameters::Instance4>;
	type ReviewOrigin = EnsureReviewMajority;
	type GovernanceOrigin = GovernanceOrigin;
	type WeightInfo = pallet_minimum_living::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkSetup;
}

impl pallet_documents::Config for Runtime {
	type Registry = Registration;
	type Cases = Cases;
	// A lawful order to erase a case's documents is a council decision (two thirds).
	type EraseOrigin = GovernanceOrigin;
	// Case files are kept five years after the case closes.
	type RetentionPeriod = ConstU32<{ 5 * 365 * 24 * HOURS }>;
	// The agencies a case's documents may go to: one of each kind is plenty.
	type MaxGrantsPerCase = ConstU32<16>;
	// Granted, revoked and granted to another: each holder records an erasure receipt.
	type MaxKeyHolders = ConstU32<32>;
	type MaxAddedDocuments = ConstU32<16>;
	// About one access a day for eleven years; a case read more often than that is an anomaly
	// the applicant should see, and an agency that needs more copies the key it was given.
	type MaxReceiptsPerCase = ConstU32<4096>;
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
	fn agency(
		kind: safetynet_primitives::AgencyKind,
		region: safetynet_primitives::RegionCode,
	) -> safetynet_primitives::AgencyId {
		Registration::benchmark_agency(kind, region)
	}

	fn remove_agency(agency: safetynet_primitives::AgencyId) {
		Registration::benchmark_remove_agency(agency)
	}

	fn staff(
		who: &crate::AccountId,
		role: safetynet_primitives::Role,
		agency: safetynet_primitives::AgencyId,
	) {
		Registration::benchmark_staff(who, role, agency)
	}

	fn citizen(
		who: &crate::AccountId,
		role: safetynet_primitives::Role,
		photo: safetynet_primitives::Cid,
		residence: safetynet_primitives::RegionCode,
		household: safetynet_primitives::Household,
	) {
		Registration::benchmark_citizen(who, role, photo, residence, household)
	}

	fn endow(who: &crate::AccountId) {
		use frame_support::traits::fungible::Mutate;
		Balances::set_balance(who, 1_000_000_000 * crate::YUAN);
	}
}
