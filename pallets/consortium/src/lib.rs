//! # Consortium pallet
//!
//! Makes the consortium council of agencies the root-equivalent origin of the chain.
//!
//! ## Overview
//!
//! Safety Net Chain has no single owner: the agencies that run its validators govern it together.
//! Runtime upgrades and other root-only calls (`system.set_code`, validator changes) therefore
//! need a council motion, not a sudo key. A motion passed by [`Config::CouncilOrigin`] (in the
//! runtime: two thirds of the agencies' administrators) calls [`Pallet::dispatch_as_root`], which
//! dispatches the inner call as root and records its outcome.
//!
//! ## Dispatchables
//!
//! - [`Pallet::dispatch_as_root`]: the council dispatches a call with root origin.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::boxed::Box;
	use frame_support::{
		dispatch::{GetDispatchInfo, PostDispatchInfo},
		pallet_prelude::*,
		traits::UnfilteredDispatchable,
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::Dispatchable;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The runtime's call type.
		type RuntimeCall: Parameter
			+ Dispatchable<RuntimeOrigin = Self::RuntimeOrigin, PostInfo = PostDispatchInfo>
			+ UnfilteredDispatchable<RuntimeOrigin = Self::RuntimeOrigin>
			+ GetDispatchInfo;

		/// The council majority that may act as root.
		type CouncilOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Weights of this pallet's calls, from benchmarks.
		type WeightInfo: WeightInfo;
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The council dispatched a call as root; `result` is the call's own outcome.
		DispatchedAsRoot { result: DispatchResult },
	}

	#[pallet::error]
	pub enum Error<T> {}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Dispatches `call` with root origin, bypassing the call filter as root does.
		///
		/// Origin: [`Config::CouncilOrigin`]. Emits [`Event::DispatchedAsRoot`] whether or not the
		/// inner call succeeds, so the motion's outcome is on record either way.
		#[pallet::call_index(0)]
		#[pallet::weight({
			let info = call.get_dispatch_info();
			(T::WeightInfo::dispatch_as_root().saturating_add(info.call_weight), info.class)
		})]
		pub fn dispatch_as_root(
			origin: OriginFor<T>,
			call: Box<<T as Config>::RuntimeCall>,
		) -> DispatchResultWithPostInfo {
			T::CouncilOrigin::ensure_origin(origin)?;
			let result = call.dispatch_bypass_filter(frame_system::RawOrigin::Root.into());
			Self::deposit_event(Event::DispatchedAsRoot {
				result: result.map(|_| ()).map_err(|e| e.error),
			});
			Ok(Pays::No.into())
		}
	}

	impl<T: Config> Pallet<T> {
		/// The pallet's invariants: it keeps no storage, so there is nothing that could drift;
		/// kept so every pallet answers the same question the same way.
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			Ok(())
		}
	}
}
