//! # Service parameters pallet
//!
//! The thresholds and periods the automatic rules of one service apply, set by governance: one
//! instance per service (`InsuranceParameters`, `AssistanceParameters`, ...), so the rule "the
//! council sets a service's parameters; inconsistent ones are refused; everyone can see what
//! changed" is written once.
//!
//! ## Overview
//!
//! A service pallet reads its parameters through [`Current`] (a `Get<Option<Params>>`); until
//! governance sets them (at genesis or later) the service refuses applications. Every change is
//! an event with the new parameters and bumps a version, which services fold into the rule
//! version of their automatic decisions, so a decision can be replayed against the parameters
//! it was taken under.
//!
//! ## Dispatchables
//!
//! - [`Pallet::set`]: governance sets the parameters.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use weights::WeightInfo;

pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod tests;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;
	use safetynet_primitives::kit::Validate;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T, I = ()>(_);

	#[pallet::config]
	pub trait Config<I: 'static = ()>: frame_system::Config {
		/// The service's parameters.
		type Params: Parameter
			+ Member
			+ MaxEncodedLen
			+ Validate
			+ serde::Serialize
			+ serde::de::DeserializeOwned;

		/// Sets the parameters: the consortium council (or root).
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Weights of this pallet's calls, from benchmarks.
		type WeightInfo: WeightInfo;

		/// Valid parameters, for benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkParams: Get<Self::Params>;
	}

	/// The parameters in force (none: the service refuses applications).
	#[pallet::storage]
	pub type Parameters<T: Config<I>, I: 'static = ()> = StorageValue<_, T::Params, OptionQuery>;

	/// How many times the parameters have been set: part of every automatic decision's rule
	/// version.
	#[pallet::storage]
	pub type Version<T: Config<I>, I: 'static = ()> = StorageValue<_, u32, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config<I>, I: 'static = ()> {
		/// The initial parameters (none: applications are refused until governance sets them).
		pub parameters: Option<T::Params>,
		#[serde(skip)]
		pub _phantom: core::marker::PhantomData<I>,
	}

	#[pallet::genesis_build]
	impl<T: Config<I>, I: 'static> BuildGenesisConfig for GenesisConfig<T, I> {
		fn build(&self) {
			if let Some(params) = &self.parameters {
				assert!(params.is_valid(), "genesis service parameters must be valid");
				Parameters::<T, I>::put(params);
				Version::<T, I>::put(1);
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config<I>, I: 'static = ()> {
		/// Governance set the parameters; they are the `version`th.
		ParametersSet { parameters: T::Params, version: u32 },
	}

	#[pallet::error]
	pub enum Error<T, I = ()> {
		/// The parameters are inconsistent (an empty range, a zero period, a missing amount).
		InvalidParameters,
	}

	#[pallet::hooks]
	impl<T: Config<I>, I: 'static> Hooks<BlockNumberFor<T>> for Pallet<T, I> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config<I>, I: 'static> Pallet<T, I> {
		/// Sets the parameters of the service's automatic rules. Applies to decisions from now
		/// on.
		///
		/// Origin: [`Config::GovernanceOrigin`]. Emits [`Event::ParametersSet`].
		/// Errors: `InvalidParameters`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::set())]
		pub fn set(origin: OriginFor<T>, parameters: T::Params) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(parameters.is_valid(), Error::<T, I>::InvalidParameters);
			let version = Version::<T, I>::get().saturating_add(1);
			Parameters::<T, I>::put(&parameters);
			Version::<T, I>::put(version);
			Self::deposit_event(Event::ParametersSet { parameters, version });
			Ok(())
		}
	}

	impl<T: Config<I>, I: 'static> Pallet<T, I> {
		/// The pallet's invariants: whatever is stored is valid, and was set at least once.
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			if let Some(params) = Parameters::<T, I>::get() {
				ensure!(params.is_valid(), "stored parameters are invalid");
				ensure!(Version::<T, I>::get() > 0, "parameters without a version");
			}
			Ok(())
		}
	}
}

/// The parameters in force, for the service pallet: `Current<Runtime, Instance>` is a
/// `Get<Option<Params>>`.
pub struct Current<T, I = ()>(core::marker::PhantomData<(T, I)>);

impl<T: Config<I>, I: 'static> frame_support::traits::Get<Option<T::Params>> for Current<T, I> {
	fn get() -> Option<T::Params> {
		Parameters::<T, I>::get()
	}
}

/// What a service's automatic rules are versioned by: the parameters' version.
impl<T: Config<I>, I: 'static> safetynet_primitives::kit::RuleVersion for Current<T, I> {
	fn rule_version() -> u32 {
		Version::<T, I>::get()
	}
}
