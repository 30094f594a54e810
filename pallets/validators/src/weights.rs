//! Weights for `pallet_validators`.
//!
//! NOT YET MEASURED: these are deliberate over-estimates (each call reads and writes at most two
//! bounded values of at most `MaxValidators` entries) written before `scripts/benchmark.sh
//! pallet_validators` was run on this machine; that run replaces this file. The calls are
//! council-only, so an over-estimate costs block space only when the council acts.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_validators`.
pub trait WeightInfo {
	fn add_validator(v: u32, ) -> Weight;
	fn remove_validator(v: u32, ) -> Weight;
	fn set_session_length() -> Weight;
}

/// Weights for `pallet_validators` using the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn add_validator(v: u32, ) -> Weight {
		Weight::from_parts(20_000_000, 4000)
			.saturating_add(Weight::from_parts(100_000, 0).saturating_mul(v.into()))
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn remove_validator(v: u32, ) -> Weight {
		Weight::from_parts(15_000_000, 2000)
			.saturating_add(Weight::from_parts(100_000, 0).saturating_mul(v.into()))
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn set_session_length() -> Weight {
		Weight::from_parts(10_000_000, 0)
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
}

/// The same weights with RocksDB's database weights, for tests and mocks.
impl WeightInfo for () {
	fn add_validator(v: u32, ) -> Weight {
		Weight::from_parts(20_000_000, 4000)
			.saturating_add(Weight::from_parts(100_000, 0).saturating_mul(v.into()))
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn remove_validator(v: u32, ) -> Weight {
		Weight::from_parts(15_000_000, 2000)
			.saturating_add(Weight::from_parts(100_000, 0).saturating_mul(v.into()))
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn set_session_length() -> Weight {
		Weight::from_parts(10_000_000, 0)
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
}
