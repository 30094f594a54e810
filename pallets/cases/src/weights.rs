//! Weights for `pallet_cases`.
//!
//! Placeholder until `scripts/benchmark.sh` regenerates this file from benchmark runs.

#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::Weight};

/// Weight functions needed for `pallet_cases`.
pub trait WeightInfo {
	fn set_step_deadline() -> Weight;
	fn withdraw() -> Weight;
	fn on_initialize_overdue(c: u32) -> Weight;
}

/// Weights measured on the reference machine.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn set_step_deadline() -> Weight {
		Weight::from_parts(10_000_000, 0).saturating_add(T::DbWeight::get().writes(1))
	}
	fn withdraw() -> Weight {
		Weight::from_parts(40_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(5, 6))
	}
	fn on_initialize_overdue(c: u32) -> Weight {
		Weight::from_parts(5_000_000, 0)
			.saturating_add(Weight::from_parts(30_000_000, 0).saturating_mul(c.into()))
			.saturating_add(T::DbWeight::get().reads_writes(1, 1))
			.saturating_add(T::DbWeight::get().reads_writes(1, 3).saturating_mul(c.into()))
	}
}

impl WeightInfo for () {
	fn set_step_deadline() -> Weight {
		Weight::from_parts(1, 0)
	}
	fn withdraw() -> Weight {
		Weight::from_parts(1, 0)
	}
	fn on_initialize_overdue(_c: u32) -> Weight {
		Weight::from_parts(1, 0)
	}
}
