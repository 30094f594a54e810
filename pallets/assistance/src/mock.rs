//! The shared service test runtime, with the assistance pallet.

use crate as pallet_assistance;

safetynet_test_runtime::service_test_runtime!(
	Assistance: pallet_assistance,
	params: pallet_assistance::AssistanceParams<u64, u64>
);

parameter_types! {
	/// The democratic review in tests: three of five voted aye.
	pub const ReviewVotes: (u32, u32) = (3, 5);
}

impl pallet_assistance::Config for Test {
	type Currency = Balances;
	type Cases = Cases;
	type Payments = Payments;
	type Parameters = CurrentParams;
	type ReviewOrigin = frame_system::EnsureRootWithSuccess<AccountId, ReviewVotes>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = TestBenchmarkSetup;
}

/// Blocks between assistance payments.
pub const PERIOD: u64 = 10;
/// Monthly income per member below which a household is in need.
pub const LINE: Balance = 60_000;

pub fn params() -> pallet_assistance::ParamsOf<Test> {
	pallet_assistance::AssistanceParams {
		assistance_line: LINE,
		property_line: 500_000,
		max_members: 10,
		payment_period: PERIOD,
	}
}

pub fn extra_genesis(storage: &mut sp_runtime::Storage) {
	use pallet_cases::ConflictAction;
	use safetynet_primitives::cases::Service;
	pallet_cases::GenesisConfig::<Test> {
		step_deadlines: vec![],
		combination_rules: vec![(
			Service::SocialAssistance,
			Service::SocialAssistance,
			ConflictAction::Refuse,
		)],
	}
	.assimilate_storage(storage)
	.unwrap();
}

/// The household members of the tests' applicant (besides the applicant).
pub const MEMBERS: [u128; 2] = [1001, 1002];

/// A household of three (the applicant and [`MEMBERS`]) with 90 000 fen a month (30 000 each)
/// and little property: in need.
pub fn form() -> pallet_assistance::AidForm<Balance> {
	pallet_assistance::AidForm {
		agency: CIVIL_AFFAIRS,
		family_info_cid: Some(cid(b"family information")),
		household: household(&MEMBERS),
		monthly_income: 90_000,
		property_value: 100_000,
		employment: pallet_assistance::EmploymentStatus::Unemployed,
		documents: vec![cid(b"income proof")].try_into().unwrap(),
		salt: [7; 32],
	}
}
