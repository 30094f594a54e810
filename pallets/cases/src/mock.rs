//! The shared service test runtime, with social insurance as the service whose cases the
//! lifecycle's tests open (its rules never run here: the tests call the lifecycle directly).

use crate as pallet_cases;
use sp_runtime::Permill;

safetynet_test_runtime::service_test_runtime!(
	Insurance: pallet_insurance,
	params: pallet_insurance::InsuranceParams<u64, u64>
);

impl pallet_insurance::Config for Test {
	type Currency = Balances;
	type Cases = Cases;
	type Payments = Payments;
	type Parameters = CurrentParams;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = TestBenchmarkSetup;
}

pub fn params() -> pallet_insurance::ParamsOf<Test> {
	pallet_insurance::InsuranceParams {
		min_contribution_base: 1,
		max_contribution_base: 1_000_000,
		allowed_ratios: vec![Permill::from_percent(8)].try_into().unwrap(),
		premium_period: 10,
	}
}

pub fn extra_genesis(_: &mut sp_runtime::Storage) {}

/// Benchmarks' externalities.
#[cfg(feature = "runtime-benchmarks")]
pub fn new_test_ext() -> sp_io::TestExternalities {
	ExtBuilder::build()
}
