//! How this pallet feeds `pallet_session`: the validator set at each boundary, and when sessions
//! end.

use crate::{Config, Event, Pallet, Queued, SessionIndex, SessionLength};
use alloc::vec::Vec;
use core::marker::PhantomData;
use frame_support::{traits::Get, weights::Weight, BoundedVec};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{One, Zero},
	Permill,
};

const LOG_TARGET: &str = "runtime::validators";

impl<T: Config> pallet_session::SessionManager<T::AccountId> for Pallet<T> {
	/// Queues the admitted agencies' administrators when they differ from the set queued last.
	fn new_session(new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
		let accounts = Self::current_accounts();
		if accounts.is_empty() {
			log::warn!(
				target: LOG_TARGET,
				"no admitted agency exists any more: session {new_index} keeps the current validators"
			);
			return None;
		}
		if accounts.as_slice() == Queued::<T>::get().as_slice() {
			return None;
		}
		// `current_accounts` comes from a bounded list of agencies, so this cannot truncate.
		let queued: BoundedVec<_, T::MaxValidators> = BoundedVec::truncate_from(accounts.clone());
		Queued::<T>::put(queued);
		Self::deposit_event(Event::ValidatorsQueued {
			session: new_index,
			validators: accounts.clone(),
		});
		Some(accounts)
	}

	/// The genesis validators: every admitted agency's administrator.
	fn new_session_genesis(_new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
		let accounts = Self::current_accounts();
		Queued::<T>::put(BoundedVec::<_, T::MaxValidators>::truncate_from(accounts.clone()));
		(!accounts.is_empty()).then_some(accounts)
	}

	fn end_session(_end_index: SessionIndex) {}

	fn start_session(_start_index: SessionIndex) {}
}

/// Ends a session every [`SessionLength`] blocks (at multiples of it), and tells others when
/// the next boundary falls.
pub struct SessionByLength<T>(PhantomData<T>);

impl<T: Config> pallet_session::ShouldEndSession<BlockNumberFor<T>> for SessionByLength<T> {
	fn should_end_session(now: BlockNumberFor<T>) -> bool {
		let length = SessionLength::<T>::get();
		!length.is_zero() && !now.is_zero() && (now % length).is_zero()
	}
}

impl<T: Config> frame_support::traits::EstimateNextSessionRotation<BlockNumberFor<T>>
	for SessionByLength<T>
{
	fn average_session_length() -> BlockNumberFor<T> {
		SessionLength::<T>::get()
	}

	fn estimate_current_session_progress(now: BlockNumberFor<T>) -> (Option<Permill>, Weight) {
		let length = SessionLength::<T>::get();
		let read = T::DbWeight::get().reads(1);
		if length.is_zero() {
			return (None, read);
		}
		// The current block counts as elapsed, as in `pallet_session::PeriodicSessions`.
		(Some(Permill::from_rational(now % length + One::one(), length)), read)
	}

	fn estimate_next_session_rotation(
		now: BlockNumberFor<T>,
	) -> (Option<BlockNumberFor<T>>, Weight) {
		let length = SessionLength::<T>::get();
		let read = T::DbWeight::get().reads(1);
		if length.is_zero() {
			return (None, read);
		}
		(Some(now - now % length + length), read)
	}
}
