//! Benchmarks of every call, each in its worst case: the largest household the parameters
//! allow, every step passing, the approval starting payments.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Get};
use frame_system::RawOrigin;
use safetynet_primitives::{
	bench::{self, document as cid, HouseholdCast},
	cases::{CaseId, CaseLifecycle},
	BenchmarkSetup, Role,
};
use sp_runtime::traits::Zero;

/// The parameters governance set (every chain's genesis sets some).
fn params<T: Config>() -> Result<ParamsOf<T>, BenchmarkError> {
	T::Parameters::get().ok_or(BenchmarkError::Stop("no assistance parameters at genesis"))
}

/// The applicant (with the largest household the parameters allow) and the staff of each step.
fn cast<T: Config>(params: &ParamsOf<T>) -> HouseholdCast<T::AccountId> {
	let members = bench::household(0, params.max_members.saturating_sub(1));
	let cast = HouseholdCast::new::<T::BenchmarkHelper>(Role::AidApplicant, members, |name| {
		account(name, 0, 0)
	});
	T::BenchmarkHelper::endow(&cast.applicant);
	cast
}

/// A form of a household with nothing: every check passes.
fn form<T: Config>(cast: &HouseholdCast<T::AccountId>) -> AidForm<BalanceOf<T>> {
	AidForm {
		agency: cast.agency,
		family_info_cid: Some(cid(b"family")),
		household: cast.household.clone(),
		monthly_income: Zero::zero(),
		property_value: Zero::zero(),
		employment: EmploymentStatus::Unemployed,
		documents: bench::extra_documents(),
		salt: [7; 32],
	}
}

fn signed<T: Config>(who: &T::AccountId) -> T::RuntimeOrigin {
	RawOrigin::Signed(who.clone()).into()
}

/// The most the household may be paid a month.
fn full_amount<T: Config>(
	params: &ParamsOf<T>,
	cast: &HouseholdCast<T::AccountId>,
) -> BalanceOf<T> {
	entitlement(params.assistance_line, Zero::zero(), cast.household.len() as u32 + 1)
}

/// Files a new application and takes it through `steps` of acceptance, inspection and income
/// accounting.
fn case_after<T: Config>(
	cast: &HouseholdCast<T::AccountId>,
	params: &ParamsOf<T>,
	steps: u32,
) -> Result<CaseId, BenchmarkError> {
	let failed = |_| BenchmarkError::Stop("a step of the set-up failed");
	let case =
		Pallet::<T>::do_apply(cast.applicant.clone(), None, form::<T>(cast)).map_err(failed)?;
	if steps >= 1 {
		Pallet::<T>::accept(signed::<T>(&cast.officer), case, None).map_err(failed)?;
	}
	if steps >= 2 {
		Pallet::<T>::inspect(signed::<T>(&cast.inspector), case, cid(b"report"), true, None)
			.map_err(failed)?;
	}
	if steps >= 3 {
		let amount = full_amount::<T>(params, cast);
		Pallet::<T>::account_income(
			signed::<T>(&cast.accountant),
			case,
			cid(b"sheet"),
			Zero::zero(),
			amount,
		)
		.map_err(failed)?;
	}
	Ok(case)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn apply() -> Result<(), BenchmarkError> {
		let params = params::<T>()?;
		let cast = cast::<T>(&params);

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.applicant.clone()), form::<T>(&cast));

		assert_eq!(<T::Cases as CaseLifecycle<_, _>>::persons(0), params.max_members);
		Ok(())
	}

	/// An incomplete application, corrected.
	#[benchmark]
	fn resubmit() -> Result<(), BenchmarkError> {
		let params = params::<T>()?;
		let cast = cast::<T>(&params);
		let mut incomplete = form::<T>(&cast);
		incomplete.family_info_cid = None;
		let case = Pallet::<T>::do_apply(cast.applicant.clone(), None, incomplete)
			.map_err(|_| BenchmarkError::Stop("the incomplete form was not recorded"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.applicant.clone()), case, form::<T>(&cast));

		Ok(())
	}

	#[benchmark]
	fn accept() -> Result<(), BenchmarkError> {
		let params = params::<T>()?;
		let cast = cast::<T>(&params);
		let case = case_after::<T>(&cast, &params, 0)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.officer.clone()), case, None);

		Ok(())
	}

	#[benchmark]
	fn inspect() -> Result<(), BenchmarkError> {
		let params = params::<T>()?;
		let cast = cast::<T>(&params);
		let case = case_after::<T>(&cast, &params, 1)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.inspector.clone()), case, cid(b"report"), true, None);

		Ok(())
	}

	#[benchmark]
	fn account_income() -> Result<(), BenchmarkError> {
		let params = params::<T>()?;
		let cast = cast::<T>(&params);
		let case = case_after::<T>(&cast, &params, 2)?;
		let amount = full_amount::<T>(&params, &cast);

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.accountant.clone()), case, cid(b"sheet"), Zero::zero(), amount);

		assert!(Assessments::<T>::contains_key(case));
		Ok(())
	}

	/// Approval: the outcome is recorded and payments start.
	#[benchmark]
	fn review() -> Result<(), BenchmarkError> {
		let params = params::<T>()?;
		let cast = cast::<T>(&params);
		let case = case_after::<T>(&cast, &params, 3)?;
		let origin =
			T::ReviewOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, case, true, Some(cid(b"minutes")));

		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::ExtBuilder::build(), crate::mock::Test);
}
