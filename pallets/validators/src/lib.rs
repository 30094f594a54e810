//! # Validators pallet
//!
//! The consortium's validator set: which agencies' nodes produce and finalise blocks, decided by
//! the council and taken up by `pallet_session` at a session boundary, without restarting a node.
//!
//! ## Overview
//!
//! A validator here is an agency, not a free-standing account. The agency's administrator (the
//! account that speaks for it in the council) registers its node's session keys (Aura and
//! GRANDPA) with `session.set_keys`; the council then admits the agency with
//! [`Pallet::add_validator`] or retires it with [`Pallet::remove_validator`]. At every session
//! boundary this pallet, as `pallet_session`'s `SessionManager`, hands over the administrators of
//! the admitted agencies, read afresh from the agencies' registry: a new administrator (once
//! they have registered keys), or an agency the council removed altogether, is followed without
//! another motion.
//!
//! `pallet_session` applies a set two sessions after it is queued (the queued set's keys are
//! announced one session ahead), so a change takes effect within two session lengths. Sessions
//! are [`SessionLength`] blocks, which the council may change: a rotation block carries no
//! ordinary transactions (`pallet_session` charges it a full block), so short sessions cost
//! throughput and long ones delay a change of validators.
//!
//! The set never becomes empty: retiring the last validator is refused, and a set whose every
//! agency has gone is not queued (the chain keeps the validators it has).
//!
//! ## Dispatchables
//!
//! - [`Pallet::add_validator`]: the council admits an agency's node as a validator.
//! - [`Pallet::remove_validator`]: the council retires an agency's validator.
//! - [`Pallet::set_session_length`]: the council changes how many blocks a session lasts.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
#[cfg(test)]
mod mock;
mod session;
#[cfg(test)]
mod tests;
pub mod weights;

pub use session::SessionByLength;

use safetynet_primitives::AgencyId;

/// A session's index, as `pallet_session` counts them (`sp_staking::SessionIndex`).
pub type SessionIndex = u32;

/// What this pallet needs to know of the agencies' registry.
pub trait AgencyAdmins<AccountId> {
	/// The administrator of `agency`, if it exists: the account its node's keys are set by.
	fn admin(agency: AgencyId) -> Option<AccountId>;
}

/// Whether an account has registered session keys (in the runtime: `pallet_session`'s next
/// keys), so that admitting it cannot leave a validator slot without keys.
pub trait HasSessionKeys<AccountId> {
	fn has_keys(who: &AccountId) -> bool;
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::Zero;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The agencies' registry: whose administrator validates for an agency.
		type Agencies: AgencyAdmins<Self::AccountId>;

		/// Whether an administrator has registered its node's session keys.
		type SessionKeys: HasSessionKeys<Self::AccountId>;

		/// Who may admit and retire validators and change the session length: the council.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Most validators: the consensus pallets' `MaxAuthorities`.
		#[pallet::constant]
		type MaxValidators: Get<u32>;

		/// Shortest session the council may set, in blocks.
		#[pallet::constant]
		type MinSessionLength: Get<BlockNumberFor<Self>>;

		/// Longest session the council may set, in blocks.
		#[pallet::constant]
		type MaxSessionLength: Get<BlockNumberFor<Self>>;

		/// Weights of this pallet's calls, from benchmarks.
		type WeightInfo: WeightInfo;

		/// Makes keyed agencies for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: benchmarking::BenchmarkHelper;
	}

	/// The agencies whose nodes validate, in the order the council admitted them.
	#[pallet::storage]
	pub type Validators<T: Config> =
		StorageValue<_, BoundedVec<AgencyId, T::MaxValidators>, ValueQuery>;

	/// The validator accounts last handed to `pallet_session`: a session boundary queues a new
	/// set only when the one read from the registry differs from this.
	#[pallet::storage]
	pub type Queued<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxValidators>, ValueQuery>;

	/// Blocks per session.
	#[pallet::storage]
	pub type SessionLength<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The agencies whose nodes validate from the first block. Their administrators' keys
		/// go in `pallet_session`'s genesis.
		pub validators: Vec<AgencyId>,
		/// Blocks per session.
		pub session_length: BlockNumberFor<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			// An empty list is the default configuration (what a runtime's own genesis test
			// builds); every chain spec names its validators, and `do_try_state` flags an empty
			// set.
			let mut sorted = self.validators.clone();
			sorted.sort_unstable();
			sorted.dedup();
			assert_eq!(sorted.len(), self.validators.len(), "a validator is listed twice");
			let validators: BoundedVec<_, _> =
				self.validators.clone().try_into().expect("at most MaxValidators validators");
			Validators::<T>::put(validators);
			// Zero (the default) never ends a session; otherwise it must be in bounds.
			assert!(
				self.session_length.is_zero() ||
					(self.session_length >= T::MinSessionLength::get() &&
						self.session_length <= T::MaxSessionLength::get()),
				"session length out of bounds"
			);
			SessionLength::<T>::put(self.session_length);
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The council admitted `agency`'s node; it validates from the second session after
		/// this one.
		ValidatorAdded { agency: AgencyId, account: T::AccountId },
		/// The council retired `agency`'s node; it stops validating from the second session
		/// after this one.
		ValidatorRemoved { agency: AgencyId },
		/// A new validator set was handed to `pallet_session` for session `session`.
		ValidatorsQueued { session: SessionIndex, validators: Vec<T::AccountId> },
		/// Sessions now last `blocks` blocks.
		SessionLengthSet { blocks: BlockNumberFor<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No agency has this id.
		UnknownAgency,
		/// The agency's node already validates.
		AlreadyValidator,
		/// The agency's node does not validate.
		NotValidator,
		/// The agency's administrator has not registered session keys (`session.set_keys`).
		NoSessionKeys,
		/// The set is full: retire a validator first.
		TooManyValidators,
		/// The last validator cannot be retired: the chain would stop.
		LastValidator,
		/// Outside `MinSessionLength..=MaxSessionLength`.
		SessionLengthOutOfBounds,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Admits `agency`'s node as a validator from the second session after this one.
		///
		/// Origin: [`Config::GovernanceOrigin`]. The agency's administrator must have set its
		/// node's session keys first, so the slot it takes is never empty. Emits
		/// [`Event::ValidatorAdded`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::add_validator(T::MaxValidators::get()))]
		pub fn add_validator(origin: OriginFor<T>, agency: AgencyId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			let account = T::Agencies::admin(agency).ok_or(Error::<T>::UnknownAgency)?;
			let mut validators = Validators::<T>::get();
			ensure!(!validators.contains(&agency), Error::<T>::AlreadyValidator);
			ensure!(T::SessionKeys::has_keys(&account), Error::<T>::NoSessionKeys);
			validators.try_push(agency).map_err(|_| Error::<T>::TooManyValidators)?;
			Validators::<T>::put(validators);
			Self::deposit_event(Event::ValidatorAdded { agency, account });
			Ok(())
		}

		/// Retires `agency`'s node from the second session after this one.
		///
		/// Origin: [`Config::GovernanceOrigin`]. The last validator cannot be retired. Emits
		/// [`Event::ValidatorRemoved`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::remove_validator(T::MaxValidators::get()))]
		pub fn remove_validator(origin: OriginFor<T>, agency: AgencyId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			let mut validators = Validators::<T>::get();
			let position =
				validators.iter().position(|a| *a == agency).ok_or(Error::<T>::NotValidator)?;
			ensure!(validators.len() > 1, Error::<T>::LastValidator);
			validators.remove(position);
			Validators::<T>::put(validators);
			Self::deposit_event(Event::ValidatorRemoved { agency });
			Ok(())
		}

		/// Sets how many blocks a session lasts, from the next session boundary on.
		///
		/// Origin: [`Config::GovernanceOrigin`]. Emits [`Event::SessionLengthSet`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_session_length())]
		pub fn set_session_length(
			origin: OriginFor<T>,
			blocks: BlockNumberFor<T>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(
				blocks >= T::MinSessionLength::get() && blocks <= T::MaxSessionLength::get(),
				Error::<T>::SessionLengthOutOfBounds
			);
			SessionLength::<T>::put(blocks);
			Self::deposit_event(Event::SessionLengthSet { blocks });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// The accounts that validate for the admitted agencies now: each existing agency's
		/// administrator, in admission order. Agencies removed from the registry drop out, and
		/// so do administrators without session keys (a new administrator the council appointed
		/// has none until they register them): a validator without keys would leave its slots
		/// empty, and a set of only such validators would stop the chain.
		pub fn current_accounts() -> Vec<T::AccountId> {
			Validators::<T>::get()
				.into_iter()
				.filter_map(T::Agencies::admin)
				.filter(T::SessionKeys::has_keys)
				.collect()
		}

		/// The pallet's invariants: at least one validator, none twice, a session length in
		/// bounds, and no more queued accounts than validators.
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			let validators = Validators::<T>::get();
			ensure!(!validators.is_empty(), "the validator set is empty");
			let mut sorted = validators.clone().into_inner();
			sorted.sort_unstable();
			sorted.dedup();
			ensure!(sorted.len() == validators.len(), "an agency validates twice");
			let length = SessionLength::<T>::get();
			ensure!(
				length >= T::MinSessionLength::get() && length <= T::MaxSessionLength::get(),
				"session length out of bounds"
			);
			ensure!(
				Queued::<T>::decode_len().unwrap_or(0) <= T::MaxValidators::get() as usize,
				"more queued accounts than validators"
			);
			Ok(())
		}
	}
}
