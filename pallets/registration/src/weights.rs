//! Weights for `pallet_registration`: INTERIM values written by hand while the calls changed, to be
//! replaced by `scripts/benchmark.sh` runs on this machine.
//!
//! Do not edit by hand: re-run `scripts/benchmark.sh`.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_registration`.
pub trait WeightInfo {
	fn add_agency(a: u32, ) -> Weight;
	fn remove_agency(a: u32, ) -> Weight;
	fn set_agency_admin(a: u32, ) -> Weight;
	fn register_staff() -> Weight;
	fn set_staff_roles() -> Weight;
	fn remove_staff() -> Weight;
	fn request_registration() -> Weight;
	fn withdraw_request() -> Weight;
	fn verify_citizen() -> Weight;
	fn reject_request() -> Weight;
	fn revoke_citizen() -> Weight;
	fn reject_requests(n: u32, ) -> Weight;
	fn set_review_seats() -> Weight;
	fn dismiss_reviewer() -> Weight;
	fn set_request_cost() -> Weight;
	fn set_quota() -> Weight;
	fn on_initialize_expire(r: u32, ) -> Weight;
	fn check_participant_nonce() -> Weight;
	fn check_participant_nonce_participant() -> Weight;
}

/// Weights for `pallet_registration` using the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn add_agency(a: u32, ) -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(Weight::from_parts(20_000_000, 4_000).saturating_mul(a.into()))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(a.into())))
			.saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(a.into())))
			.saturating_add(T::DbWeight::get().reads(12_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	fn remove_agency(a: u32, ) -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(Weight::from_parts(20_000_000, 4_000).saturating_mul(a.into()))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(a.into())))
			.saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(a.into())))
			.saturating_add(T::DbWeight::get().reads(12_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	fn set_agency_admin(a: u32, ) -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(Weight::from_parts(20_000_000, 4_000).saturating_mul(a.into()))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(a.into())))
			.saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(a.into())))
			.saturating_add(T::DbWeight::get().reads(12_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	fn register_staff() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(T::DbWeight::get().reads(12_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	fn set_staff_roles() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(T::DbWeight::get().reads(12_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	fn remove_staff() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(T::DbWeight::get().reads(12_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	fn request_registration() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(T::DbWeight::get().reads(12_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	fn withdraw_request() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(T::DbWeight::get().reads(12_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	fn verify_citizen() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(T::DbWeight::get().reads(12_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	fn reject_request() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(T::DbWeight::get().reads(12_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	fn revoke_citizen() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(T::DbWeight::get().reads(12_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	fn reject_requests(n: u32, ) -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(Weight::from_parts(20_000_000, 4_000).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().reads(12_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	fn set_review_seats() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(T::DbWeight::get().reads(12_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	fn dismiss_reviewer() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(T::DbWeight::get().reads(12_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	fn set_request_cost() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(T::DbWeight::get().reads(12_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	fn set_quota() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(T::DbWeight::get().reads(12_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	fn on_initialize_expire(r: u32, ) -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(Weight::from_parts(20_000_000, 4_000).saturating_mul(r.into()))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(r.into())))
			.saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(r.into())))
			.saturating_add(T::DbWeight::get().reads(12_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	fn check_participant_nonce() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn check_participant_nonce_participant() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
}

/// The same weights with RocksDB's database weights, for tests and mocks.
impl WeightInfo for () {
	fn add_agency(a: u32, ) -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(Weight::from_parts(20_000_000, 4_000).saturating_mul(a.into()))
			.saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(a.into())))
			.saturating_add(RocksDbWeight::get().writes((2_u64).saturating_mul(a.into())))
			.saturating_add(RocksDbWeight::get().reads(12_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn remove_agency(a: u32, ) -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(Weight::from_parts(20_000_000, 4_000).saturating_mul(a.into()))
			.saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(a.into())))
			.saturating_add(RocksDbWeight::get().writes((2_u64).saturating_mul(a.into())))
			.saturating_add(RocksDbWeight::get().reads(12_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn set_agency_admin(a: u32, ) -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(Weight::from_parts(20_000_000, 4_000).saturating_mul(a.into()))
			.saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(a.into())))
			.saturating_add(RocksDbWeight::get().writes((2_u64).saturating_mul(a.into())))
			.saturating_add(RocksDbWeight::get().reads(12_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn register_staff() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(RocksDbWeight::get().reads(12_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn set_staff_roles() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(RocksDbWeight::get().reads(12_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn remove_staff() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(RocksDbWeight::get().reads(12_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn request_registration() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(RocksDbWeight::get().reads(12_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn withdraw_request() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(RocksDbWeight::get().reads(12_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn verify_citizen() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(RocksDbWeight::get().reads(12_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn reject_request() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(RocksDbWeight::get().reads(12_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn revoke_citizen() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(RocksDbWeight::get().reads(12_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn reject_requests(n: u32, ) -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(Weight::from_parts(20_000_000, 4_000).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes((2_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().reads(12_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn set_review_seats() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(RocksDbWeight::get().reads(12_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn dismiss_reviewer() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(RocksDbWeight::get().reads(12_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn set_request_cost() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(RocksDbWeight::get().reads(12_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn set_quota() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(RocksDbWeight::get().reads(12_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn on_initialize_expire(r: u32, ) -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(Weight::from_parts(20_000_000, 4_000).saturating_mul(r.into()))
			.saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(r.into())))
			.saturating_add(RocksDbWeight::get().writes((2_u64).saturating_mul(r.into())))
			.saturating_add(RocksDbWeight::get().reads(12_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn check_participant_nonce() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn check_participant_nonce_participant() -> Weight {
		Weight::from_parts(200_000_000, 30_000)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
}
