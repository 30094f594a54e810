//! Benchmarks of every call, each in its worst case.

use super::*;
use crate::Pallet as Welfare;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::traits::EnsureOrigin;
use frame_system::RawOrigin;
use safetynet_primitives::{
	cases::{max_documents, AgencyFunds, CaseId},
	cid::raw_cid_of as cid,
	AgencyKind, BenchmarkSetup, Role,
};
use sp_runtime::Permill;

fn params<T: Config>() -> ParamsOf<T> {
	WelfareParams {
		income_line: 1_000_000u32.into(),
		min_team: 3,
		amount_by_grade: (1..=MAX_GRADE as u32)
			.rev()
			.map(|g| (g * 100_000).into())
			.collect::<Vec<_>>()
			.try_into()
			.expect("ten grades"),
		income_offset: Permill::from_percent(50),
		payment_period: 10u32.into(),
	}
}

fn form<T: Config>(agency: u32) -> WelfareForm<BalanceOf<T>> {
	WelfareForm {
		agency,
		personal_info_cid: Some(cid(b"personal")),
		medical_records_cid: Some(cid(b"records")),
		injury_proof_cid: Some(cid(b"injury")),
		monthly_income: 10_000u32.into(),
		documents: max_documents(),
	}
}

struct Cast<T: Config> {
	applicant: T::AccountId,
	county: u32,
	county_officer: T::AccountId,
	welfare_officer: T::AccountId,
	doctors: Vec<T::AccountId>,
}

fn cast<T: Config>() -> Cast<T> {
	Parameters::<T>::put(params::<T>());
	let county = T::BenchmarkHelper::agency(AgencyKind::CountyWelfareDepartment);
	let institute = T::BenchmarkHelper::agency(AgencyKind::WelfareInstitute);
	let hospital = T::BenchmarkHelper::agency(AgencyKind::Hospital);
	T::BenchmarkHelper::endow(&T::Funds::fund_account(institute));
	let applicant: T::AccountId = account("applicant", 0, 0);
	T::BenchmarkHelper::citizen(&applicant, Role::WelfareApplicant, cid(b"photo"));
	let county_officer: T::AccountId = account("county-officer", 0, 0);
	T::BenchmarkHelper::staff(&county_officer, Role::CountyWelfareOfficer, county);
	let welfare_officer: T::AccountId = account("welfare-officer", 0, 0);
	T::BenchmarkHelper::staff(&welfare_officer, Role::WelfareInstituteOfficer, institute);
	let doctors: Vec<T::AccountId> = (0..MAX_TEAM)
		.map(|i| {
			let doctor: T::AccountId = account("doctor", i, 0);
			T::BenchmarkHelper::staff(&doctor, Role::ConsultationDoctor, hospital);
			doctor
		})
		.collect();
	Cast { applicant, county, county_officer, welfare_officer, doctors }
}

fn signed<T: Config>(who: &T::AccountId) -> T::RuntimeOrigin {
	RawOrigin::Signed(who.clone()).into()
}

/// Takes a new application as far as `stage` (0: filed, 1: accepted, 2: team of `team` formed,
/// 3: identity verified, 4: conclusion recorded).
fn case_at<T: Config>(cast: &Cast<T>, stage: u32, team: u32) -> CaseId {
	Welfare::<T>::apply_for_social_welfare(signed::<T>(&cast.applicant), form::<T>(cast.county)).expect("filed");
	let case = 0;
	if stage >= 1 {
		Welfare::<T>::accept_welfare_application(signed::<T>(&cast.county_officer), case).expect("accepted");
	}
	if stage >= 2 {
		let doctors = cast.doctors[..team as usize].to_vec();
		Welfare::<T>::apply_for_medical_consultation_team(signed::<T>(&cast.county_officer), case, doctors)
			.expect("team formed");
	}
	if stage >= 3 {
		Welfare::<T>::verify_examinee_identity(signed::<T>(&cast.doctors[0]), case, cid(b"photo")).expect("verified");
	}
	if stage >= 4 {
		for doctor in &cast.doctors[..(team as usize / 2 + 1)] {
			Welfare::<T>::submit_medical_conclusion(signed::<T>(doctor), case, cid(b"conclusion"), 2)
				.expect("voted");
		}
	}
	case
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn apply_for_social_welfare() {
		let cast = cast::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.applicant.clone()), form::<T>(cast.county));

		assert!(WelfareCases::<T>::contains_key(0));
	}

	#[benchmark]
	fn resubmit_welfare() {
		let cast = cast::<T>();
		let mut incomplete = form::<T>(cast.county);
		incomplete.injury_proof_cid = None;
		Welfare::<T>::apply_for_social_welfare(signed::<T>(&cast.applicant), incomplete).expect("recorded");

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.applicant.clone()), 0, form::<T>(cast.county));
	}

	#[benchmark]
	fn accept_welfare_application() {
		let cast = cast::<T>();
		let case = case_at::<T>(&cast, 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.county_officer.clone()), case);
	}

	/// `d`: doctors on the team, each checked.
	#[benchmark]
	fn apply_for_medical_consultation_team(d: Linear<3, MAX_TEAM>) {
		let cast = cast::<T>();
		let case = case_at::<T>(&cast, 1, 0);
		let doctors = cast.doctors[..d as usize].to_vec();

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.county_officer.clone()), case, doctors);

		assert_eq!(WelfareCases::<T>::get(case).map(|w| w.team.len() as u32), Some(d));
	}

	#[benchmark]
	fn verify_examinee_identity() {
		let cast = cast::<T>();
		let case = case_at::<T>(&cast, 2, MAX_TEAM);

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.doctors[0].clone()), case, cid(b"photo"));

		assert!(WelfareCases::<T>::get(case).is_some_and(|w| w.identity_verified));
	}

	/// The deciding vote of the largest team: every earlier vote is counted.
	#[benchmark]
	fn submit_medical_conclusion() {
		let cast = cast::<T>();
		let case = case_at::<T>(&cast, 3, MAX_TEAM);
		let majority = MAX_TEAM as usize / 2 + 1;
		for doctor in &cast.doctors[..majority - 1] {
			Welfare::<T>::submit_medical_conclusion(signed::<T>(doctor), case, cid(b"conclusion"), 2).expect("voted");
		}
		let deciding = cast.doctors[majority - 1].clone();

		#[extrinsic_call]
		_(RawOrigin::Signed(deciding), case, cid(b"conclusion"), 2);

		assert!(WelfareCases::<T>::get(case).is_some_and(|w| w.conclusion.is_some()));
	}

	/// Granted: payments start.
	#[benchmark]
	fn handle_social_welfare() {
		let cast = cast::<T>();
		let case = case_at::<T>(&cast, 4, 3);

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.welfare_officer.clone()), case);

		assert!(WelfareCases::<T>::get(case).is_some_and(|w| w.payment.is_some()));
	}

	#[benchmark]
	fn end_welfare() {
		let cast = cast::<T>();
		let case = case_at::<T>(&cast, 4, 3);
		Welfare::<T>::handle_social_welfare(signed::<T>(&cast.welfare_officer), case).expect("granted");

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.welfare_officer.clone()), case, cid(b"reason"));
	}

	#[benchmark]
	fn set_parameters() -> Result<(), BenchmarkError> {
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, params::<T>());

		assert!(Parameters::<T>::get().is_some());
		Ok(())
	}

	impl_benchmark_test_suite!(Welfare, crate::mock::ExtBuilder::build(), crate::mock::Test);
}
