//! Benchmarks of every call, each in its worst case: approved on the spot, which opens the
//! case, starts the premiums and collects the first one.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::Get;
use frame_system::RawOrigin;
use safetynet_primitives::{
	bench::{self, document as cid, DISTRICT, HOME},
	AgencyId, AgencyKind, BenchmarkSetup, Household, Role,
};
use sp_core::H256;

/// The parameters governance set (every chain's genesis sets some).
fn params<T: Config>() -> Result<ParamsOf<T>, BenchmarkError> {
	T::Parameters::get().ok_or(BenchmarkError::Stop("no insurance parameters at genesis"))
}

/// A form every check passes, choosing the last allowed ratio (the longest search).
fn form<T: Config>(agency: AgencyId, params: &ParamsOf<T>) -> InsuranceForm<BalanceOf<T>> {
	InsuranceForm {
		agency,
		form_cid: Some(cid(b"form")),
		photo_cid: Some(cid(b"photo")),
		bank_account_ref: H256::repeat_byte(1),
		monthly_income: params.max_contribution_base,
		payment_ratio: *params.allowed_ratios.last().expect("valid parameters allow a ratio"),
		documents: bench::extra_documents(),
		salt: [7; 32],
	}
}

/// A funded, registered insured employee and the agency serving their district.
fn insured<T: Config>() -> (T::AccountId, AgencyId) {
	let agency = T::BenchmarkHelper::agency(AgencyKind::SocialInsuranceAgency, DISTRICT);
	let who: T::AccountId = account("insured", 0, 0);
	T::BenchmarkHelper::citizen(
		&who,
		Role::InsuredEmployee,
		cid(b"photo"),
		HOME,
		Household::default(),
	);
	T::BenchmarkHelper::endow(&who);
	(who, agency)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// Approved on the spot: the case, the agreement and the first premium.
	#[benchmark]
	fn apply() -> Result<(), BenchmarkError> {
		let params = params::<T>()?;
		let (who, agency) = insured::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(who), form::<T>(agency, &params));

		assert_eq!(Agreements::<T>::iter().count(), 1);
		Ok(())
	}

	/// A case that failed its checks, resubmitted and approved.
	#[benchmark]
	fn resubmit() -> Result<(), BenchmarkError> {
		let params = params::<T>()?;
		let (who, agency) = insured::<T>();
		let mut incomplete = form::<T>(agency, &params);
		incomplete.form_cid = None;
		let case = Pallet::<T>::do_apply(who.clone(), None, incomplete)
			.map_err(|_| BenchmarkError::Stop("the incomplete form was not recorded"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(who), case, form::<T>(agency, &params));

		assert_eq!(Agreements::<T>::iter().count(), 1);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::ExtBuilder::build(), crate::mock::Test);
}
