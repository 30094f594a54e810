//! The shared service test runtime, with the welfare pallet.

use crate as pallet_welfare;
use sp_runtime::Permill;

safetynet_test_runtime::service_test_runtime!(
	Welfare: pallet_welfare,
	params: pallet_welfare::WelfareParams<u64, u64>,
	on_approved: (),
	on_registration_ended: (Cases, Welfare),
	review_membership: NoCouncil,
	extra: {}
);

impl pallet_welfare::Config for Test {
	type Currency = Balances;
	type Registry = Registration;
	type Cases = Cases;
	type Payments = Payments;
	type Parameters = CurrentParams;
	type MaxTeamsPerDoctor = ConstU32<2>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = TestBenchmarkSetup;
}

/// Blocks between welfare payments.
pub const PERIOD: u64 = 10;

/// Grade 1 pays 100 000 fen a month, grade 10 pays 10 000; half the own income is deducted.
pub fn params() -> pallet_welfare::ParamsOf<Test> {
	pallet_welfare::WelfareParams {
		income_line: 300_000,
		min_team: 3,
		amount_by_grade: (1..=10u64)
			.rev()
			.map(|g| g * 10_000)
			.collect::<Vec<_>>()
			.try_into()
			.unwrap(),
		income_offset: Permill::from_percent(50),
		payment_period: PERIOD,
	}
}

pub fn extra_genesis(_: &mut sp_runtime::Storage) {}

/// A complete application: 40 000 fen of income a month.
pub fn form() -> pallet_welfare::WelfareForm<Balance> {
	pallet_welfare::WelfareForm {
		agency: COUNTY_WELFARE,
		personal_info_cid: Some(cid(b"personal information")),
		medical_records_cid: Some(cid(b"medical records")),
		injury_proof_cid: Some(cid(b"injury proof")),
		monthly_income: 40_000,
		documents: Default::default(),
		salt: [7; 32],
	}
}

/// The salt a consultation team writes into its conclusion document.
pub const TEAM_SALT: [u8; 32] = [5; 32];

/// What the welfare institute reads from the documents of a case [`form`] filed and a team
/// concluded at `grade`.
pub fn figures(grade: u8) -> pallet_welfare::HandlingFigures<Balance> {
	pallet_welfare::HandlingFigures {
		grade,
		conclusion_salt: TEAM_SALT,
		monthly_income: 40_000,
		declaration_salt: [7; 32],
	}
}
