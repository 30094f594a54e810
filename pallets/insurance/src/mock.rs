//! The shared service test runtime, with the insurance pallet.

use crate as pallet_insurance;
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

/// Blocks between premiums.
pub const PERIOD: u64 = 10;

pub fn params() -> pallet_insurance::ParamsOf<Test> {
	pallet_insurance::InsuranceParams {
		min_contribution_base: 200_000,
		max_contribution_base: 3_000_000,
		allowed_ratios: vec![Permill::from_percent(8), Permill::from_percent(10)]
			.try_into()
			.unwrap(),
		premium_period: PERIOD,
	}
}

/// A complete form: income 500 000 fen, 8 %.
pub fn form() -> pallet_insurance::InsuranceForm<Balance> {
	pallet_insurance::InsuranceForm {
		agency: INSURANCE_AGENCY,
		form_cid: Some(cid(b"insurance form")),
		photo_cid: Some(cid(b"photo")),
		bank_account_ref: sp_core::H256::repeat_byte(9),
		monthly_income: 500_000,
		payment_ratio: Permill::from_percent(8),
		documents: vec![cid(b"employment contract")].try_into().unwrap(),
		salt: [7; 32],
	}
}

pub fn extra_genesis(_: &mut sp_runtime::Storage) {}
