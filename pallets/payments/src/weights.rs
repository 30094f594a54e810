//! Weights for `pallet_payments`.
//!
//! Placeholder until `scripts/benchmark.sh` regenerates this file from benchmark runs.

#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::Weight};

/// Weight functions needed for `pallet_payments`.
pub trait WeightInfo {
	fn settle_arrears() -> Weight;
	fn on_initialize_pay(p: u32) -> Weight;
}

/// Weights measured on the reference machine.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn settle_arrears() -> Weight {
		Weight::from_parts(60_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(3, 3))
	}
	fn on_initialize_pay(p: u32) -> Weight {
		Weight::from_parts(5_000_000, 0)
			.saturating_add(Weight::from_parts(60_000_000, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads_writes(1, 1))
			.saturating_add(T::DbWeight::get().reads_writes(4, 5).saturating_mul(p.into()))
	}
}

impl WeightInfo for () {
	fn settle_arrears() -> Weight {
		Weight::from_parts(1, 0)
	}
	fn on_initialize_pay(_p: u32) -> Weight {
		Weight::from_parts(1, 0)
	}
}
