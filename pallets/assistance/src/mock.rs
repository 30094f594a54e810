//! The shared service test runtime, with the assistance pallet.

use crate as pallet_assistance;

safetynet_test_runtime::service_test_runtime!(Assistance: pallet_assistance);

parameter_types! {
	/// The democratic review in tests: three of five voted aye.
	pub const ReviewVotes: (u32, u32) = (3, 5);
}

impl pallet_assistance::Config for Test {
	type Currency = Balances;
	type Registry = Registration;
	type Cases = Cases;
	type Payments = Payments;
	type Funds = TestFunds;
	type UnixTime = Timestamp;
	type ReviewOrigin = frame_system::EnsureRootWithSuccess<AccountId, ReviewVotes>;
	type GovernanceOrigin = frame_system::EnsureRoot<AccountId>;
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

fn genesis_parameters(storage: &mut sp_runtime::Storage) {
	pallet_assistance::GenesisConfig::<Test> { parameters: Some(params()) }
		.assimilate_storage(storage)
		.unwrap();
}

/// A household of three with 90 000 fen a month (30 000 each) and little property: in need.
pub fn form() -> pallet_assistance::AidForm<Balance> {
	pallet_assistance::AidForm {
		agency: CIVIL_AFFAIRS,
		family_info_cid: Some(cid(b"family information")),
		household_members: 3,
		monthly_income: 90_000,
		property_value: 100_000,
		employment: pallet_assistance::EmploymentStatus::Unemployed,
		documents: vec![cid(b"income proof")].try_into().unwrap(),
	}
}
