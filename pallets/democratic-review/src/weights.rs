//! Weights for `pallet_democratic_review`: INTERIM values written by hand while the calls changed, to be
//! replaced by `scripts/benchmark.sh` runs on this machine.
//!
//! Do not edit by hand: re-run `scripts/benchmark.sh`.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_democratic_review`.
pub trait WeightInfo {
	fn propose() -> Weight;
	fn vote() -> Weight;
	fn close() -> Weight;
}

/// Weights for `pallet_democratic_review` using the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn propose() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(T::DbWeight::get().reads(12_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	fn vote() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(T::DbWeight::get().reads(12_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	fn close() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(T::DbWeight::get().reads(12_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
}

/// The same weights with RocksDB's database weights, for tests and mocks.
impl WeightInfo for () {
	fn propose() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(RocksDbWeight::get().reads(12_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn vote() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(RocksDbWeight::get().reads(12_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn close() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(RocksDbWeight::get().reads(12_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
}
