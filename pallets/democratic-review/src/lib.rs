//! # Democratic review pallet
//!
//! The democratic review vote of social assistance and the minimum living guarantee, as the
//! paper designs it: a collective (a `pallet-collective` instance) whose majority decides a case.
//! This pallet is the only way to use that collective, so that the vote is one the agencies can
//! trust:
//!
//! - only members of the collective propose and vote, never on a case that concerns them (their
//!   identity hash is the applicant's or a household member's);
//! - a motion is about one case waiting for its vote, and says what the team decides (approve or
//!   reject); its threshold is always a majority of the seats, never what the proposer picks;
//! - a motion that would act on a case can be closed only if its ayes come from more than one
//!   agency, whenever more than one agency holds seats: no agency votes a case through alone. (Who
//!   holds seats is the registration pallet's business: the council caps each agency's seats, and
//!   each agency's administrator fills them.)
//! - each member has at most [`Config::MaxMotionsPerMember`] motions open.
//!
//! The collective's own `propose`, `vote` and `close` are closed to signed transactions by the
//! runtime's call filter; this pallet calls the collective's functions directly.
//!
//! ## Dispatchables
//!
//! - [`Pallet::propose`]: a member proposes the team's decision on a case, and votes aye on it.
//! - [`Pallet::vote`]: a member votes on the motion about a case.
//! - [`Pallet::close`]: a member closes the motion about a case once it is decided (or its time is
//!   up); if carried, the decision is dispatched as the team's majority.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use weights::WeightInfo;

pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use safetynet_primitives::{
	cases::{CaseId, Service},
	Cid,
};
use scale_info::TypeInfo;

/// The call a motion carries: the service's own way of recording the team's decision. The
/// runtime implements it (it knows every service's calls).
pub trait ReviewOutcome<Proposal> {
	/// The call recording that the team `approve`d (or rejected) `case` of `service`, with the
	/// minutes; `None` if `service` has no democratic review.
	fn outcome(
		service: Service,
		case: CaseId,
		approve: bool,
		minutes: Option<Cid>,
	) -> Option<Proposal>;

	/// The most any call [`ReviewOutcome::outcome`] returns may weigh: what closing a motion
	/// (or proposing one the team of one carries at once) reserves for dispatching it.
	fn max_weight() -> frame_support::weights::Weight;
}

/// An open motion about a case.
#[derive(
	Clone, Debug, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo,
)]
pub struct Motion<AccountId, Hash> {
	/// The collective's proposal hash.
	pub hash: Hash,
	/// The collective's proposal index.
	pub index: u32,
	/// Who proposed it.
	pub proposer: AccountId,
	/// What it decides: approve (or reject) the case.
	pub approve: bool,
}

/// The collective's record of a motion's votes, read as the collective stores it (its fields are
/// private to it). The layout is checked by this pallet's tests.
#[derive(Decode)]
#[allow(dead_code)]
pub(crate) struct CollectiveVotes<AccountId, BlockNumber> {
	pub index: u32,
	pub threshold: u32,
	pub ayes: alloc::vec::Vec<AccountId>,
	pub nays: alloc::vec::Vec<AccountId>,
	pub end: BlockNumber,
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::{boxed::Box, vec::Vec};
	use frame_support::{dispatch::GetDispatchInfo, pallet_prelude::*, traits::Get};
	use frame_system::pallet_prelude::*;
	use safetynet_primitives::{
		cases::{CaseLifecycle, CaseStatus, Step},
		AgencyId, ParticipantRegistry,
	};
	use sp_runtime::traits::Hash;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	/// A motion as this runtime stores it.
	pub type MotionOf<T> =
		Motion<<T as frame_system::Config>::AccountId, <T as frame_system::Config>::Hash>;

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T, I = ()>(_);

	#[pallet::config]
	pub trait Config<I: 'static = ()>: frame_system::Config + pallet_collective::Config<I> {
		/// Who the members are: their agency, and the person behind them.
		type Registry: ParticipantRegistry<Self::AccountId>;
		/// The cases the motions are about.
		type Cases: CaseLifecycle<Self::AccountId, BlockNumberFor<Self>>;
		/// The call each service records the team's decision with.
		type Outcome: ReviewOutcome<<Self as pallet_collective::Config<I>>::Proposal>;
		/// Most motions one member may have open.
		#[pallet::constant]
		type MaxMotionsPerMember: Get<u32>;
		/// Weights of this pallet's calls, from benchmarks.
		type ReviewWeightInfo: WeightInfo;

		/// Sets up participants for this pallet's benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: safetynet_primitives::BenchmarkSetup<Self::AccountId>;
	}

	/// The open motion about each case.
	#[pallet::storage]
	pub type Motions<T: Config<I>, I: 'static = ()> =
		StorageMap<_, Twox64Concat, CaseId, MotionOf<T>, OptionQuery>;

	/// The cases each member has an open motion about, bounded by
	/// [`Config::MaxMotionsPerMember`].
	#[pallet::storage]
	pub type MotionsOf<T: Config<I>, I: 'static = ()> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<CaseId, T::MaxMotionsPerMember>,
		ValueQuery,
	>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config<I>, I: 'static = ()> {
		/// A member proposed that the team `approve` (or reject) `case`.
		MotionProposed { case: CaseId, proposer: T::AccountId, approve: bool, hash: T::Hash },
		/// A member voted on the motion about `case`.
		MotionVoted { case: CaseId, voter: T::AccountId, aye: bool },
		/// The motion about `case` was closed; `carried` says whether the decision was
		/// dispatched.
		MotionClosed { case: CaseId, carried: bool },
	}

	#[pallet::error]
	pub enum Error<T, I = ()> {
		/// Only members of the democratic review team may do this.
		NotMember,
		/// The case concerns the caller (their identity hash is the applicant's or a household
		/// member's): they may not vote on it.
		ConflictOfInterest,
		/// The case is not waiting for the democratic review.
		NotAwaitingReview,
		/// The case's service has no democratic review.
		NotReviewable,
		/// A motion about the case is already open.
		MotionOpen,
		/// No motion about the case is open.
		NoMotion,
		/// The member has `MaxMotionsPerMember` motions open.
		TooManyMotions,
		/// The ayes all come from one agency while several hold seats: another agency's member
		/// must vote aye before the motion can carry.
		SingleAgencyQuorum,
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
		/// Proposes that the team `approve` (or reject) `case`, with the meeting's `minutes`, and
		/// votes aye. The motion's threshold is a majority of the seats; when the team has a
		/// single seat the decision is dispatched at once.
		///
		/// Origin: signed by a member of the team the case does not concern.
		/// Emits [`Event::MotionProposed`] (and the collective's `Proposed` and `Voted`).
		/// Errors: `NotMember`, `ConflictOfInterest`, `NotAwaitingReview`, `NotReviewable`,
		/// `MotionOpen`, `TooManyMotions`, and the collective's `TooManyProposals`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::ReviewWeightInfo::propose().saturating_add(T::Outcome::max_weight()))]
		pub fn propose(
			origin: OriginFor<T>,
			case: CaseId,
			approve: bool,
			minutes: Option<Cid>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::ensure_voter(&who, case)?;
			Self::do_propose(who, case, approve, minutes)
		}

		/// Votes on the open motion about `case`.
		///
		/// Origin: signed by a member of the team the case does not concern.
		/// Emits [`Event::MotionVoted`] (and the collective's `Voted`).
		/// Errors: `NotMember`, `ConflictOfInterest`, `NoMotion`, and the collective's
		/// `DuplicateVote`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::ReviewWeightInfo::vote())]
		pub fn vote(origin: OriginFor<T>, case: CaseId, aye: bool) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::ensure_voter(&who, case)?;
			let motion = Self::live_motion(case).ok_or(Error::<T, I>::NoMotion)?;
			pallet_collective::Pallet::<T, I>::do_vote(
				who.clone(),
				motion.hash,
				motion.index,
				aye,
			)?;
			Self::deposit_event(Event::MotionVoted { case, voter: who, aye });
			Ok(())
		}

		/// Closes the open motion about `case`: carried (and its decision dispatched as the
		/// team's majority) if a majority of the seats voted aye, from more than one agency when
		/// more than one holds seats; dropped if it can no longer carry or its time is up.
		///
		/// Origin: signed by a member of the team.
		/// Emits [`Event::MotionClosed`] (and the collective's `Closed`, `Approved` and
		/// `Executed`, or `Disapproved`).
		/// Errors: `NotMember`, `NoMotion`, `SingleAgencyQuorum`, and the collective's
		/// `TooEarly`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::ReviewWeightInfo::close().saturating_add(T::Outcome::max_weight()))]
		pub fn close(origin: OriginFor<T>, case: CaseId) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			ensure!(pallet_collective::Pallet::<T, I>::is_member(&who), Error::<T, I>::NotMember);
			let motion = Self::live_motion(case).ok_or(Error::<T, I>::NoMotion)?;
			let votes = Self::votes(&motion.hash).ok_or(Error::<T, I>::NoMotion)?;
			let carries = votes.ayes.len() as u32 >= votes.threshold;
			if carries {
				ensure!(Self::crosses_agencies(&votes.ayes), Error::<T, I>::SingleAgencyQuorum);
			}
			let proposal = pallet_collective::ProposalOf::<T, I>::get(motion.hash)
				.ok_or(Error::<T, I>::NoMotion)?;
			let weight = proposal.get_dispatch_info().call_weight;
			pallet_collective::Pallet::<T, I>::do_close(
				motion.hash,
				motion.index,
				weight,
				u32::MAX,
			)
			.map_err(|e| e.error)?;
			Self::forget(case, &motion);
			Self::deposit_event(Event::MotionClosed { case, carried: carries });
			// Only a carried motion dispatched its decision.
			let dispatched = if carries { weight } else { Weight::zero() };
			Ok(Some(T::ReviewWeightInfo::close().saturating_add(dispatched)).into())
		}
	}

	impl<T: Config<I>, I: 'static> Pallet<T, I> {
		/// `who` is a member and the case does not concern them.
		fn ensure_voter(who: &T::AccountId, case: CaseId) -> DispatchResult {
			ensure!(pallet_collective::Pallet::<T, I>::is_member(who), Error::<T, I>::NotMember);
			let concerned = T::Registry::staff_post(who)
				.is_some_and(|post| T::Cases::concerns(case, &post.identity));
			ensure!(!concerned, Error::<T, I>::ConflictOfInterest);
			Ok(())
		}

		fn do_propose(
			who: T::AccountId,
			case: CaseId,
			approve: bool,
			minutes: Option<Cid>,
		) -> DispatchResult {
			let record = T::Cases::case(case).ok_or(Error::<T, I>::NotAwaitingReview)?;
			ensure!(
				record.step == Step::DemocraticReview && record.status == CaseStatus::InReview,
				Error::<T, I>::NotAwaitingReview
			);
			ensure!(Self::live_motion(case).is_none(), Error::<T, I>::MotionOpen);
			let mut open = Self::open_motions_of(&who);
			ensure!(
				open.len() < T::MaxMotionsPerMember::get() as usize,
				Error::<T, I>::TooManyMotions
			);
			let proposal = T::Outcome::outcome(record.service, case, approve, minutes)
				.ok_or(Error::<T, I>::NotReviewable)?;
			let seats = pallet_collective::Members::<T, I>::get().len() as u32;
			let threshold = seats / 2 + 1;
			let hash = T::Hashing::hash_of(&proposal);
			if threshold < 2 {
				// A team of one decides alone: there is nothing to wait for.
				let (_, outcome) = pallet_collective::Pallet::<T, I>::do_propose_execute(
					Box::new(proposal),
					u32::MAX,
				)?;
				outcome.map_err(|e| e.error)?;
				Self::deposit_event(Event::MotionProposed { case, proposer: who, approve, hash });
				Self::deposit_event(Event::MotionClosed { case, carried: true });
				return Ok(());
			}
			let index = pallet_collective::ProposalCount::<T, I>::get();
			pallet_collective::Pallet::<T, I>::do_propose_proposed(
				who.clone(),
				threshold,
				Box::new(proposal),
				u32::MAX,
			)?;
			pallet_collective::Pallet::<T, I>::do_vote(who.clone(), hash, index, true)?;
			// Room was checked above, after pruning closed motions.
			let _ = open.try_push(case);
			MotionsOf::<T, I>::insert(&who, open);
			Motions::<T, I>::insert(case, Motion { hash, index, proposer: who.clone(), approve });
			Self::deposit_event(Event::MotionProposed { case, proposer: who, approve, hash });
			Ok(())
		}

		/// The motion about `case`, if the collective still has it open; a motion the
		/// collective dropped some other way (the council killed it) is forgotten.
		fn live_motion(case: CaseId) -> Option<MotionOf<T>> {
			let motion = Motions::<T, I>::get(case)?;
			if pallet_collective::ProposalOf::<T, I>::contains_key(motion.hash) {
				Some(motion)
			} else {
				Self::forget(case, &motion);
				None
			}
		}

		/// The cases `who` has an open motion about, pruned of those the collective closed.
		fn open_motions_of(who: &T::AccountId) -> BoundedVec<CaseId, T::MaxMotionsPerMember> {
			let mut open = MotionsOf::<T, I>::get(who);
			open.retain(|case| Self::live_motion(*case).is_some_and(|m| m.proposer == *who));
			open
		}

		fn forget(case: CaseId, motion: &MotionOf<T>) {
			Motions::<T, I>::remove(case);
			MotionsOf::<T, I>::mutate_exists(&motion.proposer, |list| {
				if let Some(cases) = list {
					cases.retain(|c| *c != case);
					if cases.is_empty() {
						*list = None;
					}
				}
			});
		}

		/// The collective's votes on `hash`.
		pub(crate) fn votes(
			hash: &T::Hash,
		) -> Option<CollectiveVotes<T::AccountId, BlockNumberFor<T>>> {
			let key = pallet_collective::Voting::<T, I>::hashed_key_for(hash);
			frame_support::storage::unhashed::get(&key)
		}

		/// The agencies whose staff hold seats.
		fn seat_agencies() -> Vec<AgencyId> {
			let mut agencies: Vec<AgencyId> = pallet_collective::Members::<T, I>::get()
				.iter()
				.filter_map(|m| T::Registry::staff_post(m).map(|p| p.agency))
				.collect();
			agencies.sort();
			agencies.dedup();
			agencies
		}

		/// Whether `voters` come from more than one agency, or need not (one agency holds every
		/// seat).
		fn crosses_agencies(voters: &[T::AccountId]) -> bool {
			if Self::seat_agencies().len() < 2 {
				return true;
			}
			let mut agencies: Vec<AgencyId> = voters
				.iter()
				.filter_map(|v| T::Registry::staff_post(v).map(|p| p.agency))
				.collect();
			agencies.sort();
			agencies.dedup();
			agencies.len() >= 2
		}

		/// The pallet's invariants: every motion is the collective's and about a case; members'
		/// lists match the motions they proposed.
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			let mut proposed: alloc::collections::BTreeMap<T::AccountId, u32> = Default::default();
			for (case, motion) in Motions::<T, I>::iter() {
				ensure!(T::Cases::case(case).is_some(), "a motion about a missing case");
				ensure!(
					MotionsOf::<T, I>::get(&motion.proposer).contains(&case),
					"a motion missing from its proposer's list"
				);
				*proposed.entry(motion.proposer).or_default() += 1;
			}
			for (who, cases) in MotionsOf::<T, I>::iter() {
				ensure!(
					proposed.get(&who).copied().unwrap_or(0) == cases.len() as u32,
					"a member's list of motions is stale"
				);
			}
			Ok(())
		}
	}
}
