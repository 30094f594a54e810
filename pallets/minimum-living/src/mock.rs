//! The shared service test runtime, with the minimum living pallet.

use crate as pallet_minimum_living;

safetynet_test_runtime::service_test_runtime!(
	MinimumLiving: pallet_minimum_living,
	params: pallet_minimum_living::MinimumLivingParams<u64, u64>
);

parameter_types! {
	/// The democratic review in tests: four of five voted aye.
	pub const ReviewVotes: (u32, u32) = (4, 5);
}

impl pallet_minimum_living::Config for Test {
	type Currency = Balances;
	type Registry = Registration;
	type Cases = Cases;
	type Payments = Payments;
	type Parameters = CurrentParams;
	type ReviewOrigin = frame_system::EnsureRootWithSuccess<AccountId, ReviewVotes>;
	type GovernanceOrigin = frame_system::EnsureRoot<AccountId>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = TestBenchmarkSetup;
}

/// Blocks between payments.
pub const PERIOD: u64 = 10;
/// Blocks of public notice.
pub const NOTICE: u64 = 5;
/// Blocks between annual re-checks (the lifecycle's deadline for the step).
pub const RECHECK: u64 = 50;
/// The city (Beijing), whose per-capita standard applies to the district the tests' citizens
/// live in.
pub const CITY: RegionCode = RegionCode(110_100_000_000);
pub const STANDARD: Balance = 80_000;

pub fn params() -> pallet_minimum_living::ParamsOf<Test> {
	pallet_minimum_living::MinimumLivingParams {
		property_line: 300_000,
		max_members: 8,
		notice_period: NOTICE,
		max_objections: 2,
		payment_period: PERIOD,
	}
}

pub fn extra_genesis(storage: &mut sp_runtime::Storage) {
	use pallet_cases::ConflictAction;
	use safetynet_primitives::cases::{Service, Step};
	pallet_minimum_living::GenesisConfig::<Test> { region_standards: vec![(CITY, STANDARD)] }
		.assimilate_storage(storage)
		.unwrap();
	pallet_cases::GenesisConfig::<Test> {
		step_deadlines: vec![(Service::MinimumLiving, Step::AnnualRecheck, RECHECK)],
		combination_rules: vec![(
			Service::MinimumLiving,
			Service::MinimumLiving,
			ConflictAction::Refuse,
		)],
	}
	.assimilate_storage(storage)
	.unwrap();
}

/// The other member of the tests' applicant's household.
pub const MEMBER: u128 = 1001;

/// Two members with 60 000 fen a month (30 000 each) in the city: 100 000 fen a month due.
pub fn form() -> pallet_minimum_living::MinimumLivingForm<Balance> {
	pallet_minimum_living::MinimumLivingForm {
		agency: CIVIL_AFFAIRS,
		household_info_cid: Some(cid(b"household information")),
		household: household(&[MEMBER]),
		household_income: 60_000,
		property_value: 10_000,
		documents: Default::default(),
		salt: [7; 32],
	}
}
