//! # Cases pallet
//!
//! The one application lifecycle of Safety Net Chain, written once for all four services.
//!
//! ## Overview
//!
//! Every application (social insurance, social assistance, social welfare, minimum living
//! guarantee) is a *case*: an id, an applicant, the CIDs of its documents, a current step and an
//! append-only history of every step — who took it, in which role, when, what was decided, which
//! document it produced. Service pallets keep their own figures and drive their cases through
//! [`CaseLifecycle`]; this pallet keeps the rules they share:
//!
//! - only the role a step names (for the agency it names) may take it;
//! - history is only ever appended to; nobody can rewrite it;
//! - every automatic decision is stored with its rule version and input digest, so it can be
//!   replayed;
//! - every step may have a deadline, set by governance per service and step; a case still at that
//!   step when the deadline passes is reported overdue (event and query), because slow manual
//!   approval is the problem the system exists to solve;
//! - each applicant has at most one open case per service.
//!
//! Front ends read cases through the `CasesApi` runtime API (and the node's `cases_*` RPC
//! methods): a person's cases, one case with its history, the queue of a role, the overdue cases.
//!
//! ## Terminology
//!
//! - **Step**: a stage of a case (submission, acceptance, household inspection, income
//!   accounting, democratic review, public notice, consultation team, medical examination,
//!   welfare handling, payments, annual re-check).
//! - **Assignee**: who must take the current step: a role (of an agency), the democratic review
//!   collective, the applicant, or nobody (a period running out).
//! - **Queue**: the cases waiting for a role.
//!
//! ## Dispatchables
//!
//! - [`Pallet::set_step_deadline`]: governance sets (or clears) a step's deadline for a service.
//! - [`Pallet::withdraw`]: the applicant withdraws a case that is not yet active.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use weights::WeightInfo;

mod impls;
pub mod runtime_api;
pub mod weights;

pub use impls::{CaseSummary, CaseView};

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
		cases::{Case, CaseId, CaseStatus, Decision, FailedChecks, Service, Step, StepRecord},
		ParticipantRegistry, Role,
	};

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Who is registered, with which roles.
		type Registry: ParticipantRegistry<Self::AccountId>;

		/// Sets step deadlines: the consortium council (or root).
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Most history entries one case may have.
		#[pallet::constant]
		type MaxHistory: Get<u32>;

		/// Most cases whose step falls due in one block (later ones are due a block later), which
		/// bounds the work of the overdue check per block.
		#[pallet::constant]
		type MaxDuePerBlock: Get<u32>;

		/// Most cases one applicant may have in all, open or closed.
		#[pallet::constant]
		type MaxCasesPerApplicant: Get<u32>;

		/// Told when a case is approved (first becomes active): sealing of the approved
		/// documents starts there.
		type OnApproved: safetynet_primitives::cases::OnCaseApproved<Self::AccountId, BlockNumberFor<Self>>;

		/// Weights of this pallet's calls, from benchmarks.
		type WeightInfo: WeightInfo;
	}

	/// The id the next case will get.
	#[pallet::storage]
	pub type NextCaseId<T: Config> = StorageValue<_, CaseId, ValueQuery>;

	/// Every case of every service.
	#[pallet::storage]
	pub type Cases<T: Config> =
		StorageMap<_, Twox64Concat, CaseId, Case<T::AccountId, BlockNumberFor<T>>, OptionQuery>;

	/// Each case's history, entry by entry, in order. Entries are only ever added.
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

	/// The cases of each applicant.
	#[pallet::storage]
	pub type CasesOf<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, CaseId, (), OptionQuery>;

	/// How many cases each applicant has, bounded by [`Config::MaxCasesPerApplicant`].
	#[pallet::storage]
	pub type CaseCount<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// The open (not final) case of each applicant in each service.
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

	/// The cases waiting for each role.
	#[pallet::storage]
	pub type Queue<T: Config> =
		StorageDoubleMap<_, Twox64Concat, Role, Twox64Concat, CaseId, (), OptionQuery>;

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

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Initial step deadlines: service, step, blocks.
		pub step_deadlines: alloc::vec::Vec<(Service, Step, BlockNumberFor<T>)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (service, step, blocks) in &self.step_deadlines {
				StepDeadlines::<T>::insert(service, step, blocks);
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
		/// A step was taken; the case is now at `next` with `status`.
		CaseAdvanced {
			case: CaseId,
			step: Step,
			decision: Decision,
			next: Step,
			status: CaseStatus,
		},
		/// The case's current step passed its deadline with nobody acting.
		StepOverdue { case: CaseId, step: Step, due: BlockNumberFor<T> },
		/// Governance set a step's deadline (`None`: no deadline).
		StepDeadlineSet { service: Service, step: Step, blocks: Option<BlockNumberFor<T>> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No such case.
		UnknownCase,
		/// The case is not at the step being taken.
		WrongStep,
		/// The case is over; nothing more can happen to it.
		CaseClosed,
		/// The caller does not hold the role the step names (for the agency it names).
		NotAssignee,
		/// Only the applicant may do this.
		NotApplicant,
		/// The case is not awaiting the applicant's correction.
		NotAwaitingCorrection,
		/// The applicant already has an open case in this service.
		DuplicateApplication,
		/// The applicant has `MaxCasesPerApplicant` cases.
		TooManyCases,
		/// The case's history is full.
		HistoryFull,
		/// An active case cannot be withdrawn; it is ended by the service.
		AlreadyActive,
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
		/// Errors: `UnknownCase`, `NotApplicant`, `CaseClosed`, `AlreadyActive`, `HistoryFull`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::withdraw())]
		pub fn withdraw(origin: OriginFor<T>, case: CaseId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw(&who, case)
		}
	}
}
