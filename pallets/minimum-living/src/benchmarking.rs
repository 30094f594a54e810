//! Benchmarks of every call, each in its worst case: the largest household the parameters
//! allow, the standard found only at the top of the region hierarchy, every step passing.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Get};
use frame_system::RawOrigin;
use safetynet_primitives::{
	bench::{self, document as cid, HouseholdCast, HOME},
	cases::CaseId,
	BenchmarkSetup, RegionCode, Role,
};
use sp_runtime::traits::Zero;

/// The province the benchmarks' district belongs to: the only region with a standard, so every
/// look-up walks the whole hierarchy.
const PROVINCE: RegionCode = RegionCode(110_000_000_000);

/// The parameters governance set (every chain's genesis sets some).
fn params<T: Config>() -> Result<ParamsOf<T>, BenchmarkError> {
	T::Parameters::get().ok_or(BenchmarkError::Stop("no minimum living parameters at genesis"))
}

/// The standard: the province's only.
fn standard<T: Config>() -> BalanceOf<T> {
	80_000u32.into()
}

/// The applicant (with the largest household the parameters allow), the staff of each step,
/// and a standard set only for the province.
fn cast<T: Config>(params: &ParamsOf<T>) -> HouseholdCast<T::AccountId> {
	// Every level of the hierarchy, the city included (a genesis may set one there).
	for region in HOME.with_ancestors() {
		RegionStandards::<T>::remove(region);
	}
	RegionStandards::<T>::insert(PROVINCE, standard::<T>());
	let members = bench::household(0, params.max_members.saturating_sub(1));
	let cast =
		HouseholdCast::new::<T::BenchmarkHelper>(Role::MinimumLivingApplicant, members, |name| {
			account(name, 0, 0)
		});
	T::BenchmarkHelper::endow(&cast.applicant);
	cast
}

/// A form of a household with nothing: every check passes.
fn form<T: Config>(cast: &HouseholdCast<T::AccountId>) -> MinimumLivingForm<BalanceOf<T>> {
	MinimumLivingForm {
		agency: cast.agency,
		household_info_cid: Some(cid(b"household")),
		household: cast.household.clone(),
		household_income: Zero::zero(),
		property_value: Zero::zero(),
		documents: bench::extra_documents(),
		salt: [7; 32],
	}
}

fn signed<T: Config>(who: &T::AccountId) -> T::RuntimeOrigin {
	RawOrigin::Signed(who.clone()).into()
}

/// How far [`case_at`] takes a new application.
#[derive(PartialEq, PartialOrd)]
enum Stage {
	Filed,
	Accepted,
	Inspected,
	Accounted,
	InNotice,
	Granted,
}

/// Files a new application and takes it to `stage`.
fn case_at<T: Config>(
	cast: &HouseholdCast<T::AccountId>,
	stage: Stage,
) -> Result<CaseId, BenchmarkError> {
	let failed = |_| BenchmarkError::Stop("a step of the set-up failed");
	let case =
		Pallet::<T>::do_apply(cast.applicant.clone(), None, form::<T>(cast)).map_err(failed)?;
	if stage >= Stage::Accepted {
		Pallet::<T>::accept(signed::<T>(&cast.officer), case, None).map_err(failed)?;
	}
	if stage >= Stage::Inspected {
		Pallet::<T>::inspect(signed::<T>(&cast.inspector), case, cid(b"report"), true, None)
			.map_err(failed)?;
	}
	if stage >= Stage::Accounted {
		Pallet::<T>::account_income(
			signed::<T>(&cast.accountant),
			case,
			cid(b"sheet"),
			Zero::zero(),
		)
		.map_err(failed)?;
	}
	if stage >= Stage::InNotice {
		let origin =
			T::ReviewOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		Pallet::<T>::review(origin, case, true, None).map_err(failed)?;
	}
	if stage >= Stage::Granted {
		end_notice::<T>(case)?;
		Pallet::<T>::conclude_notice(signed::<T>(&cast.officer), case).map_err(failed)?;
	}
	Ok(case)
}

/// Moves the chain to the end of `case`'s public notice.
fn end_notice<T: Config>(case: CaseId) -> Result<(), BenchmarkError> {
	let ends = Households::<T>::get(case)
		.and_then(|h| h.notice_ends)
		.ok_or(BenchmarkError::Stop("the case is not in its notice"))?;
	frame_system::Pallet::<T>::set_block_number(ends);
	Ok(())
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn apply() -> Result<(), BenchmarkError> {
		let cast = cast::<T>(&params::<T>()?);

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.applicant.clone()), form::<T>(&cast));

		assert_eq!(Households::<T>::iter().count(), 1);
		Ok(())
	}

	/// An incomplete application, corrected.
	#[benchmark]
	fn resubmit() -> Result<(), BenchmarkError> {
		let cast = cast::<T>(&params::<T>()?);
		let mut incomplete = form::<T>(&cast);
		incomplete.household_info_cid = None;
		let case = Pallet::<T>::do_apply(cast.applicant.clone(), None, incomplete)
			.map_err(|_| BenchmarkError::Stop("the incomplete form was not recorded"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.applicant.clone()), case, form::<T>(&cast));

		Ok(())
	}

	#[benchmark]
	fn accept() -> Result<(), BenchmarkError> {
		let cast = cast::<T>(&params::<T>()?);
		let case = case_at::<T>(&cast, Stage::Filed)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.officer.clone()), case, None);

		Ok(())
	}

	#[benchmark]
	fn inspect() -> Result<(), BenchmarkError> {
		let cast = cast::<T>(&params::<T>()?);
		let case = case_at::<T>(&cast, Stage::Accepted)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.inspector.clone()), case, cid(b"report"), true, None);

		Ok(())
	}

	/// Eligible: the case goes to the review with its amount.
	#[benchmark]
	fn account_income() -> Result<(), BenchmarkError> {
		let cast = cast::<T>(&params::<T>()?);
		let case = case_at::<T>(&cast, Stage::Inspected)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.accountant.clone()), case, cid(b"sheet"), Zero::zero());

		assert!(Households::<T>::get(case).is_some_and(|h| h.monthly_amount.is_some()));
		Ok(())
	}

	/// Approved: the public notice starts.
	#[benchmark]
	fn review() -> Result<(), BenchmarkError> {
		let cast = cast::<T>(&params::<T>()?);
		let case = case_at::<T>(&cast, Stage::Accounted)?;
		let origin =
			T::ReviewOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, case, true, Some(cid(b"minutes")));

		assert!(Households::<T>::get(case).is_some_and(|h| h.notice_ends.is_some()));
		Ok(())
	}

	#[benchmark]
	fn object() -> Result<(), BenchmarkError> {
		let cast = cast::<T>(&params::<T>()?);
		let case = case_at::<T>(&cast, Stage::InNotice)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.inspector.clone()), case, cid(b"objection"));

		Ok(())
	}

	/// Dismissed: the notice starts again.
	#[benchmark]
	fn resolve_objection() -> Result<(), BenchmarkError> {
		let cast = cast::<T>(&params::<T>()?);
		let case = case_at::<T>(&cast, Stage::InNotice)?;
		Pallet::<T>::object(signed::<T>(&cast.inspector), case, cid(b"objection"))
			.map_err(|_| BenchmarkError::Stop("the objection was refused"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.officer.clone()), case, false, cid(b"finding"));

		Ok(())
	}

	/// Payments start.
	#[benchmark]
	fn conclude_notice() -> Result<(), BenchmarkError> {
		let cast = cast::<T>(&params::<T>()?);
		let case = case_at::<T>(&cast, Stage::InNotice)?;
		end_notice::<T>(case)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.officer.clone()), case);

		Ok(())
	}

	/// The guarantee continues at a new amount.
	#[benchmark]
	fn recheck() -> Result<(), BenchmarkError> {
		let params = params::<T>()?;
		let cast = cast::<T>(&params);
		let case = case_at::<T>(&cast, Stage::Granted)?;

		#[extrinsic_call]
		_(
			RawOrigin::Signed(cast.officer.clone()),
			case,
			cid(b"recheck"),
			1_000u32.into(),
			params.max_members,
		);

		Ok(())
	}

	#[benchmark]
	fn set_region_standard() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, HOME, Some(standard::<T>()));

		assert!(RegionStandards::<T>::contains_key(HOME));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::ExtBuilder::build(), crate::mock::Test);
}
