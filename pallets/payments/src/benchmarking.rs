//! Benchmarks of settling arrears and of the per-block payment run, worst cases.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Mutate, Contains, Get, Hooks};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use safetynet_primitives::{
	cases::{PaymentKind, PaymentSchedules},
	AgencyId,
};

fn funded<T: Config>(name: &'static str, i: u32) -> T::AccountId {
	let who: T::AccountId = account(name, i, 0);
	T::Currency::set_balance(&who, 1_000_000_000u32.into());
	who
}

/// The agency whose fund the benchmarks' premiums go to, with its fund existing so that
/// premiums of any size can reach it: an agency that exists, since payments to a removed agency
/// are skipped, which is not the worst case. The first one found: agency 0 on every chain's
/// genesis, the one it lists in the pallet's mock.
fn agency_fund<T: Config>() -> Result<AgencyId, BenchmarkError> {
	let agency = (0..256)
		.find(T::Agencies::contains)
		.ok_or(BenchmarkError::Stop("none of the first 256 agencies exists"))?;
	T::Currency::set_balance(&Pallet::<T>::fund_of(agency), 1_000_000_000u32.into());
	Ok(agency)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn settle_arrears() -> Result<(), BenchmarkError> {
		let agency = agency_fund::<T>()?;
		let payer: T::AccountId = account("payer", 0, 0);
		let amount: BalanceOf<T> = 1_000_000u32.into();
		let period: BlockNumberFor<T> = 10u32.into();
		// The payer has nothing: the first premium is missed...
		let now = frame_system::Pallet::<T>::block_number();
		let id = <Pallet<T> as PaymentSchedules<_, _, _>>::start(
			0,
			PaymentKind::Premium,
			payer.clone(),
			agency,
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
		let agency = agency_fund::<T>()?;
		let period: BlockNumberFor<T> = 10u32.into();
		let due = frame_system::Pallet::<T>::block_number() + period;
		for i in 0..p {
			let payer = funded::<T>("payer", i);
			<Pallet<T> as PaymentSchedules<_, _, _>>::start(
				i.into(),
				PaymentKind::Premium,
				payer,
				agency,
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
