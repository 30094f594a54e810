//! Benchmarks of every call, each in its worst case.

use super::*;
use crate::Pallet as Assistance;
use frame_benchmarking::v2::*;
use frame_support::traits::EnsureOrigin;
use frame_system::RawOrigin;
use safetynet_primitives::{
	cases::{max_documents, AgencyFunds, CaseId},
	cid::raw_cid_of as cid,
	AgencyKind, BenchmarkSetup, Role,
};

fn params<T: Config>() -> ParamsOf<T> {
	AssistanceParams {
		assistance_line: 100_000u32.into(),
		property_line: 1_000_000u32.into(),
		max_members: 10,
		payment_period: 10u32.into(),
	}
}

fn form<T: Config>(agency: u32) -> AidForm<BalanceOf<T>> {
	AidForm {
		agency,
		family_info_cid: Some(cid(b"family")),
		household_members: 3,
		monthly_income: 30_000u32.into(),
		property_value: 10_000u32.into(),
		employment: EmploymentStatus::Unemployed,
		documents: max_documents(),
	}
}

/// The cast: an applicant, the department (with its fund endowed) and one staff member per step.
struct Cast<T: Config> {
	applicant: T::AccountId,
	agency: u32,
	officer: T::AccountId,
	inspector: T::AccountId,
	accountant: T::AccountId,
}

fn cast<T: Config>() -> Cast<T> {
	Parameters::<T>::put(params::<T>());
	let agency = T::BenchmarkHelper::agency(AgencyKind::CivilAffairsDepartment);
	T::BenchmarkHelper::endow(&T::Funds::fund_account(agency));
	let applicant: T::AccountId = account("applicant", 0, 0);
	T::BenchmarkHelper::citizen(&applicant, Role::AidApplicant, cid(b"photo"));
	let officer: T::AccountId = account("officer", 0, 0);
	T::BenchmarkHelper::staff(&officer, Role::CivilAffairsOfficer, agency);
	let inspector: T::AccountId = account("inspector", 0, 0);
	let committee = T::BenchmarkHelper::agency(AgencyKind::NeighborhoodCommittee);
	T::BenchmarkHelper::staff(&inspector, Role::NeighborhoodCommitteeMember, committee);
	let accountant: T::AccountId = account("accountant", 0, 0);
	let sub_district = T::BenchmarkHelper::agency(AgencyKind::SubDistrictOffice);
	T::BenchmarkHelper::staff(&accountant, Role::SubDistrictAccountant, sub_district);
	Cast { applicant, agency, officer, inspector, accountant }
}

fn signed<T: Config>(who: &T::AccountId) -> T::RuntimeOrigin {
	RawOrigin::Signed(who.clone()).into()
}

/// Takes a new application as far as `stage` steps (0: filed, 1: accepted, 2: inspected,
/// 3: accounted).
fn case_at<T: Config>(cast: &Cast<T>, stage: u32) -> CaseId {
	Assistance::<T>::apply_for_aid(signed::<T>(&cast.applicant), form::<T>(cast.agency)).expect("filed");
	let case = 0;
	if stage >= 1 {
		Assistance::<T>::accept_application(signed::<T>(&cast.officer), case).expect("accepted");
	}
	if stage >= 2 {
		Assistance::<T>::record_household_inspection(signed::<T>(&cast.inspector), case, cid(b"report"), true)
			.expect("inspected");
	}
	if stage >= 3 {
		Assistance::<T>::upload_income_accounting(
			signed::<T>(&cast.accountant),
			case,
			cid(b"sheet"),
			30_000u32.into(),
			100_000u32.into(),
		)
		.expect("accounted");
	}
	case
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn apply_for_aid() {
		let cast = cast::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.applicant.clone()), form::<T>(cast.agency));

		assert!(Households::<T>::contains_key(0));
	}

	#[benchmark]
	fn resubmit_aid() {
		let cast = cast::<T>();
		let mut incomplete = form::<T>(cast.agency);
		incomplete.family_info_cid = None;
		Assistance::<T>::apply_for_aid(signed::<T>(&cast.applicant), incomplete).expect("recorded");

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.applicant.clone()), 0, form::<T>(cast.agency));

		assert!(Households::<T>::contains_key(0));
	}

	#[benchmark]
	fn accept_application() {
		let cast = cast::<T>();
		let case = case_at::<T>(&cast, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.officer.clone()), case);
	}

	#[benchmark]
	fn record_household_inspection() {
		let cast = cast::<T>();
		let case = case_at::<T>(&cast, 1);

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.inspector.clone()), case, cid(b"report"), true);
	}

	#[benchmark]
	fn upload_income_accounting() {
		let cast = cast::<T>();
		let case = case_at::<T>(&cast, 2);

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.accountant.clone()), case, cid(b"sheet"), 30_000u32.into(), 100_000u32.into());

		assert!(Assessments::<T>::contains_key(case));
	}

	/// Approval: the outcome is recorded and payments start.
	#[benchmark]
	fn feedback_on_democratic_review() -> Result<(), BenchmarkError> {
		let cast = cast::<T>();
		let case = case_at::<T>(&cast, 3);
		let origin = T::ReviewOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, case, true, Some(cid(b"minutes")));

		assert!(Assessments::<T>::get(case).is_some_and(|a| a.schedule.is_some()));
		Ok(())
	}

	#[benchmark]
	fn end_assistance() -> Result<(), BenchmarkError> {
		let cast = cast::<T>();
		let case = case_at::<T>(&cast, 3);
		let origin = T::ReviewOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		Assistance::<T>::feedback_on_democratic_review(origin, case, true, None).expect("approved");

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.officer.clone()), case, cid(b"reason"));

		Ok(())
	}

	#[benchmark]
	fn set_parameters() -> Result<(), BenchmarkError> {
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, params::<T>());

		assert!(Parameters::<T>::get().is_some());
		Ok(())
	}

	impl_benchmark_test_suite!(Assistance, crate::mock::ExtBuilder::build(), crate::mock::Test);
}
