//! Benchmarks of the council's validator calls, each at the largest set the runtime allows.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Get};

/// Sets the runtime up for a benchmark: agencies whose administrators hold session keys.
pub trait BenchmarkHelper {
	/// An existing agency, distinct for each `i`, whose administrator has set session keys.
	fn keyed_agency(i: u32) -> AgencyId;
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// Fills the set with `v` keyed agencies (the genesis ones stay).
	fn fill<T: Config>(v: u32) {
		let mut set = Validators::<T>::get();
		let mut i = 0;
		while (set.len() as u32) < v {
			let agency = T::BenchmarkHelper::keyed_agency(i);
			if !set.contains(&agency) {
				set.try_push(agency).expect("within MaxValidators");
			}
			i += 1;
		}
		Validators::<T>::put(set);
	}

	#[benchmark]
	fn add_validator(v: Linear<1, { T::MaxValidators::get() - 1 }>) -> Result<(), BenchmarkError> {
		fill::<T>(v);
		let agency = T::BenchmarkHelper::keyed_agency(T::MaxValidators::get() + 1);
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, agency);

		assert!(Validators::<T>::get().contains(&agency));
		Ok(())
	}

	#[benchmark]
	fn remove_validator(v: Linear<2, { T::MaxValidators::get() }>) -> Result<(), BenchmarkError> {
		fill::<T>(v);
		let agency = *Validators::<T>::get().last().expect("filled");
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, agency);

		assert!(!Validators::<T>::get().contains(&agency));
		Ok(())
	}

	#[benchmark]
	fn set_session_length() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let blocks = T::MaxSessionLength::get();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, blocks);

		assert_eq!(SessionLength::<T>::get(), blocks);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
