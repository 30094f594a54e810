//! Benchmarks of every call, each in its worst case.

use super::*;
use crate::Pallet as Insurance;
use frame_benchmarking::v2::*;
use frame_support::traits::EnsureOrigin;
use frame_system::RawOrigin;
use safetynet_primitives::{
	cases::{max_documents, CaseId},
	cid::raw_cid_of as cid,
	AgencyKind, BenchmarkSetup, Role,
};
use sp_core::H256;
use sp_runtime::Permill;

fn params<T: Config>() -> ParamsOf<T> {
	InsuranceParams {
		min_contribution_base: 1u32.into(),
		max_contribution_base: 1_000_000_000u32.into(),
		allowed_ratios: (1..=MAX_RATIOS).map(Permill::from_percent).collect::<alloc::vec::Vec<_>>().try_into().expect("fits"),
		premium_period: 10u32.into(),
	}
}

fn form<T: Config>(agency: u32) -> InsuranceForm<BalanceOf<T>> {
	InsuranceForm {
		agency,
		form_cid: Some(cid(b"form")),
		photo_cid: Some(cid(b"photo")),
		bank_account_hash: H256::repeat_byte(1),
		monthly_income: 100_000u32.into(),
		// The last allowed ratio: the longest search.
		payment_ratio: Permill::from_percent(MAX_RATIOS),
		documents: max_documents(),
	}
}

/// A funded, registered insured employee and the agency applied to.
fn insured<T: Config>() -> (T::AccountId, u32) {
	Parameters::<T>::put(params::<T>());
	let agency = T::BenchmarkHelper::agency(AgencyKind::SocialInsuranceAgency);
	let who: T::AccountId = account("insured", 0, 0);
	T::BenchmarkHelper::citizen(&who, Role::InsuredEmployee, cid(b"photo"));
	T::BenchmarkHelper::endow(&who);
	(who, agency)
}

/// An approved case and an officer of its agency.
fn approved<T: Config>() -> (CaseId, T::AccountId) {
	let (who, agency) = insured::<T>();
	Insurance::<T>::apply_for_insurance(RawOrigin::Signed(who).into(), form::<T>(agency)).expect("approved");
	let case = Agreements::<T>::iter_keys().next().expect("an agreement");
	let officer: T::AccountId = account("officer", 0, 0);
	T::BenchmarkHelper::staff(&officer, Role::SocialInsuranceOfficer, agency);
	(case, officer)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// Approved on the spot: the certificate, the agreement and the first premium.
	#[benchmark]
	fn apply_for_insurance() {
		let (who, agency) = insured::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(who), form::<T>(agency));

		assert_eq!(Agreements::<T>::iter().count(), 1);
	}

	/// A case that failed its checks, resubmitted and approved.
	#[benchmark]
	fn resubmit_insurance() {
		let (who, agency) = insured::<T>();
		let mut incomplete = form::<T>(agency);
		incomplete.form_cid = None;
		Insurance::<T>::apply_for_insurance(RawOrigin::Signed(who.clone()).into(), incomplete).expect("recorded");

		#[extrinsic_call]
		_(RawOrigin::Signed(who), 0, form::<T>(agency));

		assert_eq!(Agreements::<T>::iter().count(), 1);
	}

	#[benchmark]
	fn suspend_agreement() {
		let (case, officer) = approved::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(officer), case, cid(b"reason"));

		assert_eq!(Agreements::<T>::get(case).map(|a| a.status), Some(AgreementStatus::Suspended));
	}

	#[benchmark]
	fn resume_agreement() {
		let (case, officer) = approved::<T>();
		Insurance::<T>::suspend_agreement(RawOrigin::Signed(officer.clone()).into(), case, cid(b"r")).expect("active");

		#[extrinsic_call]
		_(RawOrigin::Signed(officer), case);

		assert_eq!(Agreements::<T>::get(case).map(|a| a.status), Some(AgreementStatus::Active));
	}

	#[benchmark]
	fn end_agreement() {
		let (case, officer) = approved::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(officer), case, EndReason::Retirement, Some(cid(b"certificate")));

		assert_eq!(Agreements::<T>::get(case).map(|a| a.status), Some(AgreementStatus::Ended));
	}

	#[benchmark]
	fn set_parameters() -> Result<(), BenchmarkError> {
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, params::<T>());

		assert!(Parameters::<T>::get().is_some());
		Ok(())
	}

	impl_benchmark_test_suite!(Insurance, crate::mock::ExtBuilder::build(), crate::mock::Test);
}
