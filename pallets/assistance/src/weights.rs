//! Weights for `pallet_assistance`.
//!
//! Placeholder until `scripts/benchmark.sh` regenerates this file from benchmark runs.

#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::Weight};

/// Weight functions needed for `pallet_assistance`.
pub trait WeightInfo {
	fn apply_for_aid() -> Weight;
	fn resubmit_aid() -> Weight;
	fn accept_application() -> Weight;
	fn record_household_inspection() -> Weight;
	fn upload_income_accounting() -> Weight;
	fn feedback_on_democratic_review() -> Weight;
	fn end_assistance() -> Weight;
	fn set_parameters() -> Weight;
}

/// Weights measured on the reference machine.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn apply_for_aid() -> Weight {
		Weight::from_parts(120_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(12, 10))
	}
	fn resubmit_aid() -> Weight {
		Weight::from_parts(120_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(12, 8))
	}
	fn accept_application() -> Weight {
		Weight::from_parts(60_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(6, 6))
	}
	fn record_household_inspection() -> Weight {
		Weight::from_parts(60_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(6, 6))
	}
	fn upload_income_accounting() -> Weight {
		Weight::from_parts(70_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(7, 7))
	}
	fn feedback_on_democratic_review() -> Weight {
		Weight::from_parts(120_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(10, 12))
	}
	fn end_assistance() -> Weight {
		Weight::from_parts(80_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(8, 8))
	}
	fn set_parameters() -> Weight {
		Weight::from_parts(10_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(0, 1))
	}
}

impl WeightInfo for () {
	fn apply_for_aid() -> Weight {
		Weight::from_parts(1, 0)
	}
	fn resubmit_aid() -> Weight {
		Weight::from_parts(1, 0)
	}
	fn accept_application() -> Weight {
		Weight::from_parts(1, 0)
	}
	fn record_household_inspection() -> Weight {
		Weight::from_parts(1, 0)
	}
	fn upload_income_accounting() -> Weight {
		Weight::from_parts(1, 0)
	}
	fn feedback_on_democratic_review() -> Weight {
		Weight::from_parts(1, 0)
	}
	fn end_assistance() -> Weight {
		Weight::from_parts(1, 0)
	}
	fn set_parameters() -> Weight {
		Weight::from_parts(1, 0)
	}
}
