//! Weights for `pallet_insurance`.
//!
//! Placeholder until `scripts/benchmark.sh` regenerates this file from benchmark runs.

#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::Weight};

/// Weight functions needed for `pallet_insurance`.
pub trait WeightInfo {
	fn apply_for_insurance() -> Weight;
	fn resubmit_insurance() -> Weight;
	fn suspend_agreement() -> Weight;
	fn resume_agreement() -> Weight;
	fn end_agreement() -> Weight;
	fn set_parameters() -> Weight;
}

/// Weights measured on the reference machine.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn apply_for_insurance() -> Weight {
		Weight::from_parts(150_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(14, 14))
	}
	fn resubmit_insurance() -> Weight {
		Weight::from_parts(150_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(14, 12))
	}
	fn suspend_agreement() -> Weight {
		Weight::from_parts(80_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(6, 6))
	}
	fn resume_agreement() -> Weight {
		Weight::from_parts(80_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(6, 6))
	}
	fn end_agreement() -> Weight {
		Weight::from_parts(80_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(6, 6))
	}
	fn set_parameters() -> Weight {
		Weight::from_parts(10_000_000, 0).saturating_add(T::DbWeight::get().writes(1))
	}
}

impl WeightInfo for () {
	fn apply_for_insurance() -> Weight {
		Weight::from_parts(1, 0)
	}
	fn resubmit_insurance() -> Weight {
		Weight::from_parts(1, 0)
	}
	fn suspend_agreement() -> Weight {
		Weight::from_parts(1, 0)
	}
	fn resume_agreement() -> Weight {
		Weight::from_parts(1, 0)
	}
	fn end_agreement() -> Weight {
		Weight::from_parts(1, 0)
	}
	fn set_parameters() -> Weight {
		Weight::from_parts(1, 0)
	}
}
