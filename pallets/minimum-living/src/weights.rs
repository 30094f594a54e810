//! Weights for `pallet_minimum_living`.
//!
//! Placeholder until `scripts/benchmark.sh` regenerates this file from benchmark runs.

#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::Weight};

/// Weight functions needed for `pallet_minimum_living`.
pub trait WeightInfo {
	fn apply_for_minimum_living() -> Weight;
	fn resubmit_minimum_living() -> Weight;
	fn accept_application() -> Weight;
	fn record_household_inspection() -> Weight;
	fn upload_income_accounting() -> Weight;
	fn feedback_on_democratic_review() -> Weight;
	fn object() -> Weight;
	fn resolve_objection() -> Weight;
	fn conclude_public_notice() -> Weight;
	fn annual_recheck() -> Weight;
	fn terminate() -> Weight;
	fn set_parameters() -> Weight;
	fn set_region_standard() -> Weight;
}

/// Weights measured on the reference machine.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn apply_for_minimum_living() -> Weight {
		Weight::from_parts(100_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn resubmit_minimum_living() -> Weight {
		Weight::from_parts(100_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn accept_application() -> Weight {
		Weight::from_parts(100_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn record_household_inspection() -> Weight {
		Weight::from_parts(100_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn upload_income_accounting() -> Weight {
		Weight::from_parts(100_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn feedback_on_democratic_review() -> Weight {
		Weight::from_parts(100_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn object() -> Weight {
		Weight::from_parts(100_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn resolve_objection() -> Weight {
		Weight::from_parts(100_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn conclude_public_notice() -> Weight {
		Weight::from_parts(100_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn annual_recheck() -> Weight {
		Weight::from_parts(100_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn terminate() -> Weight {
		Weight::from_parts(100_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn set_parameters() -> Weight {
		Weight::from_parts(100_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn set_region_standard() -> Weight {
		Weight::from_parts(100_000_000, 0).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
}

impl WeightInfo for () {
	fn apply_for_minimum_living() -> Weight {
		Weight::from_parts(1, 0)
	}
	fn resubmit_minimum_living() -> Weight {
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
	fn object() -> Weight {
		Weight::from_parts(1, 0)
	}
	fn resolve_objection() -> Weight {
		Weight::from_parts(1, 0)
	}
	fn conclude_public_notice() -> Weight {
		Weight::from_parts(1, 0)
	}
	fn annual_recheck() -> Weight {
		Weight::from_parts(1, 0)
	}
	fn terminate() -> Weight {
		Weight::from_parts(1, 0)
	}
	fn set_parameters() -> Weight {
		Weight::from_parts(1, 0)
	}
	fn set_region_standard() -> Weight {
		Weight::from_parts(1, 0)
	}
}
