//! Benchmark of setting the parameters.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Get};

#[instance_benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn set() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let params = T::BenchmarkParams::get();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, params.clone());

		assert_eq!(Parameters::<T, I>::get(), Some(params));
		Ok(())
	}
}
