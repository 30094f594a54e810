//! Weights for `pallet_registration`.
//!
//! Placeholder until `scripts/benchmark.sh` regenerates this file from benchmark runs.

#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::{constants::RocksDbWeight, Weight}};

/// Weight functions needed for `pallet_registration`.
pub trait WeightInfo {
	fn add_agency(a: u32) -> Weight;
	fn remove_agency(a: u32) -> Weight;
	fn set_agency_admin(a: u32) -> Weight;
	fn register_staff() -> Weight;
	fn set_staff_roles() -> Weight;
	fn remove_staff() -> Weight;
	fn request_registration() -> Weight;
	fn withdraw_request() -> Weight;
	fn verify_citizen() -> Weight;
	fn reject_request() -> Weight;
	fn revoke_citizen() -> Weight;
	fn on_initialize_expire(r: u32) -> Weight;
	fn check_participant_nonce() -> Weight;
}

/// Weights measured on the reference machine, using the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn add_agency(a: u32) -> Weight { Weight::from_parts(50_000_000, 0).saturating_add(Weight::from_parts(1_000_000, 0).saturating_mul(a.into())).saturating_add(T::DbWeight::get().reads_writes(4, 6)) }
	fn remove_agency(a: u32) -> Weight { Weight::from_parts(50_000_000, 0).saturating_add(Weight::from_parts(1_000_000, 0).saturating_mul(a.into())).saturating_add(T::DbWeight::get().reads_writes(4, 6)) }
	fn set_agency_admin(a: u32) -> Weight { Weight::from_parts(50_000_000, 0).saturating_add(Weight::from_parts(1_000_000, 0).saturating_mul(a.into())).saturating_add(T::DbWeight::get().reads_writes(4, 6)) }
	fn register_staff() -> Weight { Weight::from_parts(50_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(6, 5)) }
	fn set_staff_roles() -> Weight { Weight::from_parts(30_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(3, 1)) }
	fn remove_staff() -> Weight { Weight::from_parts(40_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(3, 4)) }
	fn request_registration() -> Weight { Weight::from_parts(60_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(9, 4)) }
	fn withdraw_request() -> Weight { Weight::from_parts(40_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(4, 4)) }
	fn verify_citizen() -> Weight { Weight::from_parts(70_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(10, 8)) }
	fn reject_request() -> Weight { Weight::from_parts(50_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(6, 4)) }
	fn revoke_citizen() -> Weight { Weight::from_parts(60_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(8, 6)) }
	fn on_initialize_expire(r: u32) -> Weight { Weight::from_parts(5_000_000, 0).saturating_add(Weight::from_parts(40_000_000, 0).saturating_mul(r.into())).saturating_add(T::DbWeight::get().reads_writes(1, 1)).saturating_add(T::DbWeight::get().reads_writes(4, 4).saturating_mul(r.into())) }
	fn check_participant_nonce() -> Weight { Weight::from_parts(20_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(5, 1)) }
}

impl WeightInfo for () {
	fn add_agency(_a: u32) -> Weight { Weight::from_parts(1, 0) }
	fn remove_agency(_a: u32) -> Weight { Weight::from_parts(1, 0) }
	fn set_agency_admin(_a: u32) -> Weight { Weight::from_parts(1, 0) }
	fn register_staff() -> Weight { Weight::from_parts(1, 0) }
	fn set_staff_roles() -> Weight { Weight::from_parts(1, 0) }
	fn remove_staff() -> Weight { Weight::from_parts(1, 0) }
	fn request_registration() -> Weight { Weight::from_parts(1, 0) }
	fn withdraw_request() -> Weight { Weight::from_parts(1, 0) }
	fn verify_citizen() -> Weight { Weight::from_parts(1, 0) }
	fn reject_request() -> Weight { Weight::from_parts(1, 0) }
	fn revoke_citizen() -> Weight { Weight::from_parts(1, 0) }
	fn on_initialize_expire(_r: u32) -> Weight { Weight::from_parts(1, 0) }
	fn check_participant_nonce() -> Weight { Weight::from_parts(1, 0) }
}
