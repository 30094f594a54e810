//! # Cases pallet
//!
//! The one application lifecycle of Safety Net Chain, written once for all four services.
//!
//! ## Overview
//!
//! Every application (social insurance, social assistance, social welfare, minimum living
//! guarantee) is a *case*: an id, an applicant, the CIDs of its documents, a current step and an
//! append-only history of every step — who took it, in which role, for which agency, when, what
//! was decided, which document it produced. Service pallets keep their own figures and drive
//! their cases through [`CaseLifecycle`]; this pallet keeps the rules they share:
//!
//! - **who may act**: every step names an agency and a role (or a team, the review collective, the
//!   applicant). Only that agency's staff holding that role and posted where the case is may take
//!   it; staff of another agency get [`Error::OtherAgency`]. Which agency follows from the case:
//!   the one it was filed with, the one responsible for the applicant's registered neighbourhood or
//!   sub-district, the one a recorded step referred it to, or the one that decided it;
//! - **no one decides their own case**: a staff member whose identity hash is the applicant's or a
//!   household member's gets [`Error::ConflictOfInterest`];
//! - **one person, one benefit**: everyone an application concerns (the applicant and the household
//!   it lists) is checked against the pending and running cases of the others; combinations
//!   governance forbids are refused, or left to a joint decision of the agencies involved
//!   ([`Pallet::set_combination_rule`], [`Pallet::decide_jointly`]). The event names the cases,
//!   never the person;
//! - **the shared automatic checks**: the applicant holds a role of the service, the agency takes
//!   its applications, every document is a profile CID, the ID card is valid, the listed household
//!   is the registered one;
//! - history is only ever appended to; it keeps its bound by archiving its oldest entries (their
//!   digest stays on the case), never by refusing, so a case can always be withdrawn or ended;
//! - every automatic decision is stored with its rule version and input digest;
//! - every step may have a deadline, set by governance per service and step; a case still at that
//!   step when the deadline passes is reported overdue;
//! - an applicant has at most one open case per service, and a bounded number open in all;
//! - suspending, resuming and ending an approved case, whatever its service, are this pallet's
//!   calls, and they suspend, resume and end its payments; so does every other way a case ends
//!   (withdrawal, rejection, a revoked registration, the council);
//! - a case never outlives an agency it depends on: when governance removes an agency, every open
//!   case filed with it, decided by it or waiting for it ends (decision `AgencyRemoved`, its
//!   payments with it), swept a few cases per block in the blocks' spare weight ([`AgencySweep`]);
//!   the applicant may apply again, to the agency now responsible.
//!
//! Front ends read cases through the `CasesApi` runtime API (and the node's `cases_*` RPC
//! methods): a person's cases, one case with its history, the queue of a role at an agency, the
//! overdue cases.
//!
//! ## Terminology
//!
//! - **Step**: a stage of a case (submission, acceptance, household inspection, income accounting,
//!   democratic review, public notice, consultation team, medical examination, welfare handling,
//!   payments, annual re-check, joint decision).
//! - **Assignee**: who must take the current step: a role at an agency, a team, the democratic
//!   review collective, the applicant, the agencies of a joint decision, or nobody.
//! - **Managing agency**: the agency that decided the case (approved it); its fund pays, and its
//!   staff suspend, resume and end the case.
//! - **Queue**: the cases waiting for a role at an agency.
//!
//! ## Dispatchables
//!
//! - [`Pallet::set_step_deadline`]: governance sets (or clears) a step's deadline for a service.
//! - [`Pallet::withdraw`]: the applicant withdraws a case that is not yet active.
//! - [`Pallet::suspend`], [`Pallet::resume`], [`Pallet::end`]: the managing agency's officer
//!   suspends, resumes or ends an approved case (agreements and benefits alike).
//! - [`Pallet::force_end`]: the council ends any case, with a recorded reason.
//! - [`Pallet::set_combination_rule`]: governance says which benefits cannot be combined.
//! - [`Pallet::decide_jointly`]: an agency involved in a conflict agrees or refuses.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

mod impls;
pub mod migrations;
pub mod runtime_api;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;
	use safetynet_primitives::{
		cases::{
			Case, CaseId, CasePayments, CaseStatus, Decision, FailedChecks, OnCaseApproved,
			Service, Step, StepRecord,
		},
		AgencyId, IdentityHash, ParticipantRegistry, Persons, Role,
	};

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Who is registered, with which roles, where.
		type Registry: ParticipantRegistry<Self::AccountId>;

		/// Cases' payments, suspended, resumed and ended with the cases.
		type Payments: CasePayments;

		/// The chain's clock, for ID card validity.
		type UnixTime: frame_support::traits::UnixTime;

		/// Sets step deadlines and combination rules, and ends any case: the consortium council
		/// (or root).
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Most history entries one case keeps in state; older ones are archived.
		#[pallet::constant]
		type MaxHistory: Get<u32>;

		/// Most cases whose step falls due in one block (later ones are due a block later), which
		/// bounds the work of the overdue check per block.
		#[pallet::constant]
		type MaxDuePerBlock: Get<u32>;

		/// Most cases one applicant may have open at once.
		#[pallet::constant]
		type MaxOpenCasesPerApplicant: Get<u32>;

		/// Most pending or running cases one person may be part of (as applicant or household
		/// member), which bounds the work of the duplicate check.
		#[pallet::constant]
		type MaxCasesPerPerson: Get<u32>;

		/// Told when a case is approved (first becomes active): sealing of the approved
		/// documents starts there.
		type OnApproved: OnCaseApproved<Self::AccountId, BlockNumberFor<Self>>;

		/// Weights of this pallet's calls, from benchmarks.
		type WeightInfo: WeightInfo;

		/// Sets up participants for this pallet's benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: safetynet_primitives::BenchmarkSetup<Self::AccountId>;
	}

	/// The id the next case will get.
	#[pallet::storage]
	pub type NextCaseId<T: Config> = StorageValue<_, CaseId, ValueQuery>;

	/// Every case of every service.
	#[pallet::storage]
	pub type Cases<T: Config> =
		StorageMap<_, Twox64Concat, CaseId, Case<T::AccountId, BlockNumberFor<T>>, OptionQuery>;

	/// Each case's history, entry by entry, in order, from its first unarchived entry. Entries are
	/// only ever added (and the oldest archived).
	#[pallet::storage]
	pub type History<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		CaseId,
		Twox64Concat,
		u32,
		StepRecord<T::AccountId, BlockNumberFor<T>>,
		OptionQuery,
	>;

	/// The people each case concerns, by identity hash: the applicant first, then the household
	/// the application listed.
	#[pallet::storage]
	pub type CasePersons<T: Config> = StorageMap<_, Twox64Concat, CaseId, Persons, OptionQuery>;

	/// The cases of each applicant.
	#[pallet::storage]
	pub type CasesOf<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, CaseId, (), OptionQuery>;

	/// The open (not final) case of each applicant in each service: at most one per service, and
	/// at most [`Config::MaxOpenCasesPerApplicant`] in all (counted here; storage version 1 kept
	/// a separate count, which [`migrations::v2`] removes).
	#[pallet::storage]
	pub type OpenCase<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		Service,
		CaseId,
		OptionQuery,
	>;

	/// The pending and running cases each person is part of (past their automatic checks, not
	/// final), with their service: what the duplicate check looks at.
	#[pallet::storage]
	pub type Coverage<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		IdentityHash,
		Twox64Concat,
		CaseId,
		Service,
		OptionQuery,
	>;

	/// How many entries each person has in [`Coverage`], bounded by
	/// [`Config::MaxCasesPerPerson`].
	#[pallet::storage]
	pub type CoverageCount<T: Config> =
		StorageMap<_, Blake2_128Concat, IdentityHash, u32, ValueQuery>;

	/// The cases waiting for each role, at each agency (`None`: a team or the review
	/// collective).
	#[pallet::storage]
	pub type Queue<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, Role>,
			NMapKey<Twox64Concat, Option<AgencyId>>,
			NMapKey<Twox64Concat, CaseId>,
		),
		(),
		OptionQuery,
	>;

	/// How long each step of each service may take, in blocks. No entry: no deadline.
	#[pallet::storage]
	pub type StepDeadlines<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		Service,
		Twox64Concat,
		Step,
		BlockNumberFor<T>,
		OptionQuery,
	>;

	/// The cases whose current step falls due in each block.
	#[pallet::storage]
	pub type DueAt<T: Config> = StorageMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		BoundedVec<CaseId, T::MaxDuePerBlock>,
		ValueQuery,
	>;

	/// Cases whose current step is past its deadline: the step and when it fell due.
	#[pallet::storage]
	pub type Overdue<T: Config> =
		StorageMap<_, Twox64Concat, CaseId, (Step, BlockNumberFor<T>), OptionQuery>;

	/// Which benefits cannot be combined for the same person, and what happens when an
	/// application would: keyed by the two services, the lesser first.
	#[pallet::storage]
	pub type CombinationRules<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		Service,
		Twox64Concat,
		Service,
		ConflictAction,
		OptionQuery,
	>;

	/// Cases waiting for the joint decision of the agencies their conflict involves.
	#[pallet::storage]
	pub type JointDecisions<T: Config> =
		StorageMap<_, Twox64Concat, CaseId, JointDecision, OptionQuery>;

	/// The walk ending the open cases of removed agencies, while one is under way.
	#[pallet::storage]
	pub type AgencySweep<T: Config> = StorageValue<_, crate::types::SweepProgress, OptionQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Initial step deadlines: service, step, blocks.
		pub step_deadlines: alloc::vec::Vec<(Service, Step, BlockNumberFor<T>)>,
		/// Initial combination rules: two services and what happens when they meet.
		pub combination_rules: alloc::vec::Vec<(Service, Service, ConflictAction)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (service, step, blocks) in &self.step_deadlines {
				StepDeadlines::<T>::insert(service, step, blocks);
			}
			for (first, second, action) in &self.combination_rules {
				let (a, b) = Pallet::<T>::rule_key(*first, *second);
				CombinationRules::<T>::insert(a, b, action);
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An application was filed and passed its automatic checks.
		CaseOpened { case: CaseId, service: Service, applicant: T::AccountId, next: Step },
		/// An application (or resubmission) failed these automatic checks; the applicant may
		/// correct it and resubmit.
		ChecksFailed { case: CaseId, service: Service, failed: FailedChecks },
		/// A resubmitted application passed its automatic checks.
		CaseResubmitted { case: CaseId, next: Step },
		/// A step was taken; the case is now at `next` with `status`, waiting for `assigned_to`
		/// if an agency must act.
		CaseAdvanced {
			case: CaseId,
			step: Step,
			decision: Decision,
			next: Step,
			status: CaseStatus,
			assigned_to: Option<AgencyId>,
		},
		/// The case's current step passed its deadline with nobody acting.
		StepOverdue { case: CaseId, step: Step, due: BlockNumberFor<T> },
		/// Governance set a step's deadline (`None`: no deadline).
		StepDeadlineSet { service: Service, step: Step, blocks: Option<BlockNumberFor<T>> },
		/// Governance set what happens when `first` and `second` meet for the same person
		/// (`None`: they combine freely).
		CombinationRuleSet { first: Service, second: Service, action: Option<ConflictAction> },
		/// Someone `case` concerns already has these pending or running cases, which the rules
		/// say cannot be combined with it; `action` says what happens.
		BenefitConflict { case: CaseId, conflicting: Conflicts, action: ConflictAction },
		/// An agency involved in a joint decision on `case` agreed (`allowed`) or refused.
		JointDecisionTaken { case: CaseId, agency: AgencyId, allowed: bool },
		/// `agency` was removed: the open cases below `end` that depended on it will end, a
		/// few per block.
		AgencySweepStarted { agency: AgencyId, end: CaseId },
		/// Every open case that depended on a removed agency has ended.
		AgencySweepFinished,
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No such case.
		UnknownCase,
		/// The case belongs to another service.
		WrongService,
		/// The case is not at the step being taken.
		WrongStep,
		/// The case is over; nothing more can happen to it.
		CaseClosed,
		/// The caller does not hold the role the step names.
		NotAssignee,
		/// The step belongs to another agency: only its staff may take it.
		OtherAgency,
		/// The caller is posted to another part of the agency's area than the case's.
		OutsideJurisdiction,
		/// The caller is someone the case concerns (the applicant or a household member), and may
		/// not decide it.
		ConflictOfInterest,
		/// Only the applicant may do this.
		NotApplicant,
		/// The applicant is not registered for this service (holds none of its applicant roles).
		NotEligibleApplicant,
		/// The agency does not exist or does not take this service's applications.
		WrongAgencyKind,
		/// A resubmission must go to the agency the case was filed with.
		WrongAgency,
		/// A CID is not a CIDv1 sha2-256 of the raw or dag-pb codec.
		InvalidCid,
		/// The case is not awaiting the applicant's correction.
		NotAwaitingCorrection,
		/// The applicant already has an open case in this service.
		DuplicateApplication,
		/// The applicant has `MaxOpenCasesPerApplicant` open cases.
		TooManyOpenCases,
		/// Someone the application concerns is already part of `MaxCasesPerPerson` cases.
		TooManyCasesForPerson,
		/// An active case cannot be withdrawn; it is ended by its agency.
		AlreadyActive,
		/// No agency of the kind the next step needs serves the applicant's region; refer the
		/// case to one.
		NoResponsibleAgency,
		/// The agency a step referred the case to does not exist or cannot hold the role the
		/// next step needs.
		InvalidReferral,
		/// The case is not active (approved and running).
		NotActive,
		/// The case is not suspended.
		NotSuspended,
		/// The case is not waiting for a joint decision.
		NotAwaitingJointDecision,
		/// The caller does not speak for an agency involved in the joint decision.
		NotInvolved,
		/// The caller's agency has already agreed.
		AlreadyDecided,
		/// The case is not waiting for its acceptance.
		NotAtAcceptance,
		/// Too many cases fall due around this block; try again later.
		DeadlineQueueFull,
		/// No case ids are left.
		CaseIdsExhausted,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::mark_overdue(now)
		}

		fn on_idle(_now: BlockNumberFor<T>, remaining: Weight) -> Weight {
			Self::sweep_removed_agencies(remaining)
		}

		fn integrity_test() {
			assert!(T::MaxHistory::get() > 0, "a case keeps at least one history entry");
			assert!(T::MaxOpenCasesPerApplicant::get() > 0, "an applicant may open a case");
			assert!(T::MaxCasesPerPerson::get() > 0, "a person may be part of a case");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Sets how many blocks `step` of `service` may take (`None`: no deadline). Applies to
		/// cases reaching that step from now on.
		///
		/// Origin: [`Config::GovernanceOrigin`]. Emits [`Event::StepDeadlineSet`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::set_step_deadline())]
		pub fn set_step_deadline(
			origin: OriginFor<T>,
			service: Service,
			step: Step,
			blocks: Option<BlockNumberFor<T>>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			StepDeadlines::<T>::set(service, step, blocks);
			Self::deposit_event(Event::StepDeadlineSet { service, step, blocks });
			Ok(())
		}

		/// Withdraws the caller's case, if it is not final and not yet active.
		///
		/// Origin: signed by the applicant. Emits [`Event::CaseAdvanced`] with decision
		/// `Withdrawn`.
		/// Errors: `UnknownCase`, `NotApplicant`, `CaseClosed`, `AlreadyActive`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::withdraw())]
		pub fn withdraw(origin: OriginFor<T>, case: CaseId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw(&who, case)
		}

		/// Suspends the approved `case` for the reason in document `reason`: its payments (or
		/// premiums) stop until it is resumed.
		///
		/// Origin: signed by a staff member holding the service's managing role at the agency
		/// that decided the case. Emits [`Event::CaseAdvanced`] with decision `Suspended`.
		/// Errors: `UnknownCase`, `NotActive`, `NotAssignee`, `OtherAgency`,
		/// `OutsideJurisdiction`, `ConflictOfInterest`, `InvalidCid`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::suspend())]
		pub fn suspend(origin: OriginFor<T>, case: CaseId, reason: Cid) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_suspend(&who, case, reason)
		}

		/// Resumes the suspended `case`: payments restart, the next one a period from now.
		///
		/// Origin: as [`Pallet::suspend`]. Emits [`Event::CaseAdvanced`] with decision `Resumed`.
		/// Errors: `UnknownCase`, `NotSuspended`, `NotAssignee`, `OtherAgency`,
		/// `OutsideJurisdiction`, `ConflictOfInterest`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::resume())]
		pub fn resume(origin: OriginFor<T>, case: CaseId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_resume(&who, case)
		}

		/// Ends the approved (active or suspended) `case` for the reason in document `reason`:
		/// retirement, recovery, a move, fraud. Its payments end.
		///
		/// Origin: as [`Pallet::suspend`]. Emits [`Event::CaseAdvanced`] with decision `Closed`.
		/// Errors: `UnknownCase`, `NotActive`, `NotAssignee`, `OtherAgency`,
		/// `OutsideJurisdiction`, `ConflictOfInterest`, `InvalidCid`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::end())]
		pub fn end(origin: OriginFor<T>, case: CaseId, reason: Cid) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_end(&who, case, reason)
		}

		/// Ends any case that is not over, whatever its step, for the reason in document
		/// `reason` (an agency gone, a court order, a case nobody can move). Its payments end.
		///
		/// Origin: [`Config::GovernanceOrigin`]. Emits [`Event::CaseAdvanced`] with decision
		/// `Closed`, recorded as the council's.
		/// Errors: `UnknownCase`, `CaseClosed`, `InvalidCid`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::force_end())]
		pub fn force_end(origin: OriginFor<T>, case: CaseId, reason: Cid) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_force_end(case, reason)
		}

		/// Says what happens when an application for `first` concerns someone with a pending or
		/// running `second` (or the other way round): refused, or left to a joint decision of
		/// the agencies involved. `None` lets them combine. `first == second` is the same benefit
		/// twice. Applies to applications from now on.
		///
		/// Origin: [`Config::GovernanceOrigin`]. Emits [`Event::CombinationRuleSet`].
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::set_combination_rule())]
		pub fn set_combination_rule(
			origin: OriginFor<T>,
			first: Service,
			second: Service,
			action: Option<ConflictAction>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			let (a, b) = Self::rule_key(first, second);
			CombinationRules::<T>::set(a, b, action);
			Self::deposit_event(Event::CombinationRuleSet { first: a, second: b, action });
			Ok(())
		}

		/// Records the caller's agency's part in the joint decision on `case`: `allow` agrees
		/// that it goes on (when every agency involved has agreed, it moves to the step its
		/// service asked for); refusing rejects the case.
		///
		/// Origin: signed by a staff member holding, at an agency involved, the role the decision
		/// names for it. Emits [`Event::JointDecisionTaken`] (and [`Event::CaseAdvanced`] when
		/// the case moves).
		/// Errors: `UnknownCase`, `NotAwaitingJointDecision`, `NotInvolved`, `AlreadyDecided`,
		/// `OutsideJurisdiction`, `ConflictOfInterest`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::decide_jointly())]
		pub fn decide_jointly(origin: OriginFor<T>, case: CaseId, allow: bool) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_decide_jointly(&who, case, allow)
		}

		/// Turns `case` down at its acceptance, for the reason in document `reason` (outside the
		/// agency's remit, documents that do not support it, an applicant the service is not
		/// for). The case ends as rejected; the applicant reads the reason and may apply again.
		/// Later steps turn a case down through their own calls (an inspection, a review, an
		/// objection upheld).
		///
		/// Origin: signed by a staff member the acceptance waits for: the role and agency the
		/// step names, posted where the case is, and not concerned by it.
		/// Emits [`Event::CaseAdvanced`] with decision `Rejected`.
		/// Errors: `UnknownCase`, `NotAtAcceptance`, `NotAssignee`, `OtherAgency`,
		/// `OutsideJurisdiction`, `ConflictOfInterest`, `InvalidCid`.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::decline())]
		pub fn decline(origin: OriginFor<T>, case: CaseId, reason: Cid) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_decline(&who, case, reason)
		}
	}
}

use safetynet_primitives::Cid;
