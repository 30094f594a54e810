//! Weights for `pallet_welfare`.
//!
//! Placeholder until `scripts/benchmark.sh` regenerates this file from benchmark runs.

#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::Weight};

/// Weight functions needed for `pallet_welfare`.
pub trait WeightInfo {
	fn apply_for_social_welfare() -> Weight;
	fn resubmit_welfare() -> Weight;
	fn accept_welfare_application() -> Weight;
	fn apply_for_medical_consultation_team(d: u32) -> Weight;
	fn verify_examinee_identity() -> Weight;
	fn submit_medical_conclusion() -> Weight;
	fn handle_social_welfare() -> Weight;
	fn end_welfare() -> Weight;
	fn set_parameters() -> Weight;
}

/// Weights measured on the reference machine.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn apply_for_social_welfare() -> Weight {
		Weight::from_parts(100_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn resubmit_welfare() -> Weight {
		Weight::from_parts(100_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn accept_welfare_application() -> Weight {
		Weight::from_parts(100_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn apply_for_medical_consultation_team(d: u32) -> Weight {
		Weight::from_parts(100_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(10, 10)).saturating_add(T::DbWeight::get().reads(d.into()))
	}
	fn verify_examinee_identity() -> Weight {
		Weight::from_parts(100_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn submit_medical_conclusion() -> Weight {
		Weight::from_parts(100_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn handle_social_welfare() -> Weight {
		Weight::from_parts(100_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn end_welfare() -> Weight {
		Weight::from_parts(100_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn set_parameters() -> Weight {
		Weight::from_parts(100_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
}

impl WeightInfo for () {
	fn apply_for_social_welfare() -> Weight {
		Weight::from_parts(1, 0)
	}
	fn resubmit_welfare() -> Weight {
		Weight::from_parts(1, 0)
	}
	fn accept_welfare_application() -> Weight {
		Weight::from_parts(1, 0)
	}
	fn apply_for_medical_consultation_team(_d: u32) -> Weight {
		Weight::from_parts(1, 0)
	}
	fn verify_examinee_identity() -> Weight {
		Weight::from_parts(1, 0)
	}
	fn submit_medical_conclusion() -> Weight {
		Weight::from_parts(1, 0)
	}
	fn handle_social_welfare() -> Weight {
		Weight::from_parts(1, 0)
	}
	fn end_welfare() -> Weight {
		Weight::from_parts(1, 0)
	}
	fn set_parameters() -> Weight {
		Weight::from_parts(1, 0)
	}
}
