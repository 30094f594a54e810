//! Weights for `pallet_cases`: INTERIM values written by hand while the calls changed, to be
//! replaced by `scripts/benchmark.sh` runs on this machine.
//!
//! Do not edit by hand: re-run `scripts/benchmark.sh`.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_cases`.
pub trait WeightInfo {
	fn set_step_deadline() -> Weight;
	fn withdraw() -> Weight;
	fn suspend() -> Weight;
	fn resume() -> Weight;
	fn end() -> Weight;
	fn force_end() -> Weight;
	fn set_combination_rule() -> Weight;
	fn decide_jointly() -> Weight;
	fn on_initialize_overdue(c: u32, ) -> Weight;
}

/// Weights for `pallet_cases` using the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn set_step_deadline() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(T::DbWeight::get().reads(12_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	fn withdraw() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(T::DbWeight::get().reads(12_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	fn suspend() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(T::DbWeight::get().reads(12_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	fn resume() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(T::DbWeight::get().reads(12_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	fn end() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(T::DbWeight::get().reads(12_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	fn force_end() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(T::DbWeight::get().reads(12_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	fn set_combination_rule() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(T::DbWeight::get().reads(12_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	fn decide_jointly() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(T::DbWeight::get().reads(12_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	fn on_initialize_overdue(c: u32, ) -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(Weight::from_parts(20_000_000, 4_000).saturating_mul(c.into()))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(c.into())))
			.saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(c.into())))
			.saturating_add(T::DbWeight::get().reads(12_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
}

/// The same weights with RocksDB's database weights, for tests and mocks.
impl WeightInfo for () {
	fn set_step_deadline() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(RocksDbWeight::get().reads(12_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn withdraw() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(RocksDbWeight::get().reads(12_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn suspend() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(RocksDbWeight::get().reads(12_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn resume() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(RocksDbWeight::get().reads(12_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn end() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(RocksDbWeight::get().reads(12_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn force_end() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(RocksDbWeight::get().reads(12_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn set_combination_rule() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(RocksDbWeight::get().reads(12_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn decide_jointly() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(RocksDbWeight::get().reads(12_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn on_initialize_overdue(c: u32, ) -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(Weight::from_parts(20_000_000, 4_000).saturating_mul(c.into()))
			.saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(c.into())))
			.saturating_add(RocksDbWeight::get().writes((2_u64).saturating_mul(c.into())))
			.saturating_add(RocksDbWeight::get().reads(12_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
}
