//! Benchmarks of every call, each in its worst case.

use super::*;
use crate::Pallet as MinimumLiving;
use frame_benchmarking::v2::*;
use frame_support::traits::EnsureOrigin;
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use safetynet_primitives::{
	cases::{max_documents, AgencyFunds, CaseId},
	cid::raw_cid_of as cid,
	AgencyKind, BenchmarkSetup, Role,
};

const REGION: RegionCode = 1;

fn params<T: Config>() -> ParamsOf<T> {
	MinimumLivingParams {
		property_line: 1_000_000u32.into(),
		max_members: 10,
		notice_period: 5u32.into(),
		max_objections: 5,
		payment_period: 10u32.into(),
	}
}

fn form<T: Config>(agency: u32) -> MinimumLivingForm<BalanceOf<T>> {
	MinimumLivingForm {
		agency,
		region: REGION,
		household_info_cid: Some(cid(b"household")),
		household_members: 2,
		household_income: 20_000u32.into(),
		property_value: 10_000u32.into(),
		documents: max_documents(),
	}
}

struct Cast<T: Config> {
	applicant: T::AccountId,
	agency: u32,
	officer: T::AccountId,
	inspector: T::AccountId,
	accountant: T::AccountId,
}

fn cast<T: Config>() -> Cast<T> {
	Parameters::<T>::put(params::<T>());
	RegionStandards::<T>::insert(REGION, BalanceOf::<T>::from(80_000u32));
	let agency = T::BenchmarkHelper::agency(AgencyKind::CivilAffairsDepartment);
	T::BenchmarkHelper::endow(&T::Funds::fund_account(agency));
	let applicant: T::AccountId = account("applicant", 0, 0);
	T::BenchmarkHelper::citizen(&applicant, Role::MinimumLivingApplicant, cid(b"photo"));
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

/// Takes a new application as far as `stage` (0: filed, 1: accepted, 2: inspected,
/// 3: accounted, 4: approved and in notice, 5: notice over and payments started).
fn case_at<T: Config>(cast: &Cast<T>, stage: u32) -> Result<CaseId, BenchmarkError> {
	MinimumLiving::<T>::apply_for_minimum_living(signed::<T>(&cast.applicant), form::<T>(cast.agency))?;
	let case = 0;
	if stage >= 1 {
		MinimumLiving::<T>::accept_application(signed::<T>(&cast.officer), case)?;
	}
	if stage >= 2 {
		MinimumLiving::<T>::record_household_inspection(signed::<T>(&cast.inspector), case, cid(b"r"), true)?;
	}
	if stage >= 3 {
		MinimumLiving::<T>::upload_income_accounting(signed::<T>(&cast.accountant), case, cid(b"s"), 20_000u32.into())?;
	}
	if stage >= 4 {
		let origin = T::ReviewOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		MinimumLiving::<T>::feedback_on_democratic_review(origin, case, true, None)?;
	}
	if stage >= 5 {
		let ends = Households::<T>::get(case).and_then(|h| h.notice_ends).ok_or(BenchmarkError::Weightless)?;
		frame_system::Pallet::<T>::set_block_number(ends);
		MinimumLiving::<T>::conclude_public_notice(signed::<T>(&cast.officer), case)?;
	}
	Ok(case)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn apply_for_minimum_living() {
		let cast = cast::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.applicant.clone()), form::<T>(cast.agency));

		assert!(Households::<T>::contains_key(0));
	}

	#[benchmark]
	fn resubmit_minimum_living() -> Result<(), BenchmarkError> {
		let cast = cast::<T>();
		let mut incomplete = form::<T>(cast.agency);
		incomplete.household_info_cid = None;
		MinimumLiving::<T>::apply_for_minimum_living(signed::<T>(&cast.applicant), incomplete)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.applicant.clone()), 0, form::<T>(cast.agency));

		Ok(())
	}

	#[benchmark]
	fn accept_application() -> Result<(), BenchmarkError> {
		let cast = cast::<T>();
		let case = case_at::<T>(&cast, 0)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.officer.clone()), case);

		Ok(())
	}

	#[benchmark]
	fn record_household_inspection() -> Result<(), BenchmarkError> {
		let cast = cast::<T>();
		let case = case_at::<T>(&cast, 1)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.inspector.clone()), case, cid(b"report"), true);

		Ok(())
	}

	#[benchmark]
	fn upload_income_accounting() -> Result<(), BenchmarkError> {
		let cast = cast::<T>();
		let case = case_at::<T>(&cast, 2)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.accountant.clone()), case, cid(b"sheet"), 20_000u32.into());

		assert!(Households::<T>::get(case).is_some_and(|h| h.monthly_amount.is_some()));
		Ok(())
	}

	#[benchmark]
	fn feedback_on_democratic_review() -> Result<(), BenchmarkError> {
		let cast = cast::<T>();
		let case = case_at::<T>(&cast, 3)?;
		let origin = T::ReviewOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, case, true, Some(cid(b"minutes")));

		assert!(Households::<T>::get(case).is_some_and(|h| h.notice_ends.is_some()));
		Ok(())
	}

	#[benchmark]
	fn object() -> Result<(), BenchmarkError> {
		let cast = cast::<T>();
		let case = case_at::<T>(&cast, 4)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.inspector.clone()), case, cid(b"objection"));

		Ok(())
	}

	/// Dismissed: the notice starts again.
	#[benchmark]
	fn resolve_objection() -> Result<(), BenchmarkError> {
		let cast = cast::<T>();
		let case = case_at::<T>(&cast, 4)?;
		MinimumLiving::<T>::object(signed::<T>(&cast.inspector), case, cid(b"objection"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.officer.clone()), case, false, cid(b"finding"));

		Ok(())
	}

	/// Payments start.
	#[benchmark]
	fn conclude_public_notice() -> Result<(), BenchmarkError> {
		let cast = cast::<T>();
		let case = case_at::<T>(&cast, 4)?;
		let ends: BlockNumberFor<T> =
			Households::<T>::get(case).and_then(|h| h.notice_ends).ok_or(BenchmarkError::Weightless)?;
		frame_system::Pallet::<T>::set_block_number(ends);

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.officer.clone()), case);

		assert!(Households::<T>::get(case).is_some_and(|h| h.schedule.is_some()));
		Ok(())
	}

	/// The guarantee continues at a new amount.
	#[benchmark]
	fn annual_recheck() -> Result<(), BenchmarkError> {
		let cast = cast::<T>();
		let case = case_at::<T>(&cast, 5)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.officer.clone()), case, cid(b"recheck"), 10_000u32.into(), 3);

		Ok(())
	}

	#[benchmark]
	fn terminate() -> Result<(), BenchmarkError> {
		let cast = cast::<T>();
		let case = case_at::<T>(&cast, 5)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.officer.clone()), case, cid(b"reason"));

		Ok(())
	}

	#[benchmark]
	fn set_parameters() -> Result<(), BenchmarkError> {
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, params::<T>());

		Ok(())
	}

	#[benchmark]
	fn set_region_standard() -> Result<(), BenchmarkError> {
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 7, Some(90_000u32.into()));

		assert!(RegionStandards::<T>::contains_key(7));
		Ok(())
	}

	impl_benchmark_test_suite!(MinimumLiving, crate::mock::ExtBuilder::build(), crate::mock::Test);
}
