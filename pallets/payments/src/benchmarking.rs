//! Benchmarks of settling arrears and of the per-block payment run, worst cases.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Mutate, Contains, Get, Hooks};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use safetynet_primitives::{
	cases::{PaymentKind, PaymentSchedules},
	AgencyId,
};

/// The agency whose fund the benchmarks' premiums go to: the first of every chain's genesis.
const AGENCY: AgencyId = 0;

fn funded<T: Config>(name: &'static str, i: u32) -> T::AccountId {
	let who: T::AccountId = account(name, i, 0);
	T::Currency::set_balance(&who, 1_000_000_000u32.into());
	who
}

/// The agency's fund, existing so that premiums of any size can reach it; payments to a
/// removed agency are skipped, which is not the worst case.
fn agency_fund<T: Config>() -> Result<(), BenchmarkError> {
	if !T::Agencies::contains(&AGENCY) {
		return Err(BenchmarkError::Stop("the genesis has no agency 0"));
	}
	T::Currency::set_balance(&Pallet::<T>::fund_of(AGENCY), 1_000_000_000u32.into());
	Ok(())
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn settle_arrears() -> Result<(), BenchmarkError> {
		agency_fund::<T>()?;
		let payer: T::AccountId = account("payer", 0, 0);
		let amount: BalanceOf<T> = 1_000_000u32.into();
		let period: BlockNumberFor<T> = 10u32.into();
		// The payer has nothing: the first premium is missed...
		let now = frame_system::Pallet::<T>::block_number();
		let id = <Pallet<T> as PaymentSchedules<_, _, _>>::start(
			0,
			PaymentKind::Premium,
			payer.clone(),
			AGENCY,
			amount,
			period,
			now,
		)?;
		// ...and can pay later.
		T::Currency::set_balance(&payer, 1_000_000_000u32.into());
		let caller = funded::<T>("caller", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id);

		assert!(Schedules::<T>::get(id).is_some_and(|s| s.arrears == 0u32.into()));
		Ok(())
	}

	/// `p`: payments falling due in the block.
	#[benchmark]
	fn on_initialize_pay(p: Linear<0, { T::MaxDuePerBlock::get() }>) -> Result<(), BenchmarkError> {
		agency_fund::<T>()?;
		let period: BlockNumberFor<T> = 10u32.into();
		let due = frame_system::Pallet::<T>::block_number() + period;
		for i in 0..p {
			let payer = funded::<T>("payer", i);
			<Pallet<T> as PaymentSchedules<_, _, _>>::start(
				i.into(),
				PaymentKind::Premium,
				payer,
				AGENCY,
				1_000_000u32.into(),
				period,
				due,
			)?;
		}

		#[block]
		{
			Pallet::<T>::on_initialize(due);
		}

		assert_eq!(DueAt::<T>::get(due + period).len() as u32, p);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
