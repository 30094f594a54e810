//! The lifecycle rules, each written once, and the read side the runtime API serves.

use crate::{pallet::*, WeightInfo};
pub use safetynet_primitives::cases::CaseLifecycle;
use safetynet_primitives::cases::OnCaseApproved;
use alloc::vec::Vec;
use frame_support::{ensure, pallet_prelude::*};
use frame_system::pallet_prelude::BlockNumberFor;
use safetynet_primitives::{
	cases::{
		Actor, Assignee, Case, CaseId, CaseStatus, Decision, Documents,
		FailedChecks, Next, Opening, RuleStamp, Service, Step, StepRecord,
	},
	Cid, ParticipantRegistry, Role,
};
use sp_runtime::traits::{One, Saturating};

/// A case with its whole history, as front ends see it.
#[derive(Clone, Debug, Decode, Encode, Eq, PartialEq, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct CaseView<AccountId, BlockNumber> {
	pub id: CaseId,
	pub case: Case<AccountId, BlockNumber>,
	pub history: Vec<StepRecord<AccountId, BlockNumber>>,
}

/// One line of a list of cases.
#[derive(Clone, Debug, Decode, Encode, Eq, PartialEq, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct CaseSummary<BlockNumber> {
	pub id: CaseId,
	pub service: Service,
	pub status: CaseStatus,
	pub step: Step,
	pub opened_at: BlockNumber,
	pub due: Option<BlockNumber>,
}

impl<T: Config> Pallet<T> {
	// ----- moving cases -----

	fn append(case_id: CaseId, case: &mut Case<T::AccountId, BlockNumberFor<T>>, record: StepRecord<T::AccountId, BlockNumberFor<T>>) -> DispatchResult {
		ensure!(case.history_len < T::MaxHistory::get(), Error::<T>::HistoryFull);
		History::<T>::insert(case_id, case.history_len, record);
		case.history_len += 1;
		Ok(())
	}

	/// Moves `case` to `next`: leaves the old queue and deadline, joins the new ones.
	fn enter(
		case_id: CaseId,
		case: &mut Case<T::AccountId, BlockNumberFor<T>>,
		next: Next,
	) -> DispatchResult {
		if let Some(role) = case.assignee.role() {
			Queue::<T>::remove(role, case_id);
		}
		if let Some(due) = case.due.take() {
			DueAt::<T>::mutate(due, |bucket| bucket.retain(|c| *c != case_id));
		}
		Overdue::<T>::remove(case_id);

		// Active for the first time is an approval; back from a suspension is not.
		let approved = next.status == CaseStatus::Active &&
			!matches!(case.status, CaseStatus::Active | CaseStatus::Suspended);
		case.status = next.status;
		case.step = next.step;
		case.assignee = next.assignee;
		if approved {
			T::OnApproved::on_approved(case_id, case);
		}
		if next.status.is_final() {
			OpenCase::<T>::remove(&case.applicant, case.service);
			return Ok(());
		}
		if let Some(role) = next.assignee.role() {
			Queue::<T>::insert(role, case_id, ());
		}
		// Deadlines apply to steps people must take; a running period is not "overdue".
		let waits_for_people =
			matches!(next.assignee, Assignee::Role { .. } | Assignee::Collective);
		if waits_for_people {
			if let Some(blocks) = StepDeadlines::<T>::get(case.service, next.step) {
				case.due = Some(Self::schedule_due(case_id, blocks)?);
			}
		}
		Ok(())
	}

	/// Files `case_id` in the first block at or after `now + blocks` with room.
	fn schedule_due(case_id: CaseId, blocks: BlockNumberFor<T>) -> Result<BlockNumberFor<T>, DispatchError> {
		let mut due = frame_system::Pallet::<T>::block_number().saturating_add(blocks);
		for _ in 0..T::MaxDuePerBlock::get() {
			if DueAt::<T>::try_mutate(due, |bucket| bucket.try_push(case_id)).is_ok() {
				return Ok(due);
			}
			due = due.saturating_add(One::one());
		}
		Err(Error::<T>::DeadlineQueueFull.into())
	}

	/// Reports the cases whose step falls due in block `now`. Bounded by `MaxDuePerBlock`.
	pub(crate) fn mark_overdue(now: BlockNumberFor<T>) -> Weight {
		let due = DueAt::<T>::take(now);
		let count = due.len() as u32;
		for case_id in due {
			let Some(mut case) = Cases::<T>::get(case_id) else { continue };
			if case.due != Some(now) {
				continue;
			}
			case.due = None;
			Overdue::<T>::insert(case_id, (case.step, now));
			let record = StepRecord {
				step: case.step,
				actor: Actor::Runtime,
				at: now,
				decision: Decision::Overdue,
				document: None,
				rule: None,
			};
			// A full history only loses this note; the event and the overdue index still tell.
			let _ = Self::append(case_id, &mut case, record);
			let step = case.step;
			Cases::<T>::insert(case_id, case);
			Self::deposit_event(Event::<T>::StepOverdue { case: case_id, step, due: now });
		}
		T::WeightInfo::on_initialize_overdue(count)
	}

	pub(crate) fn do_withdraw(who: &T::AccountId, case_id: CaseId) -> DispatchResult {
		let case = Cases::<T>::get(case_id).ok_or(Error::<T>::UnknownCase)?;
		ensure!(case.applicant == *who, Error::<T>::NotApplicant);
		ensure!(!case.status.is_final(), Error::<T>::CaseClosed);
		ensure!(case.status != CaseStatus::Active, Error::<T>::AlreadyActive);
		let step = case.step;
		<Self as CaseLifecycle<_, _>>::advance(
			case_id,
			Actor::Applicant(who.clone()),
			Decision::Withdrawn,
			None,
			Next::end(CaseStatus::Withdrawn, step),
		)
	}

	fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	// ----- reading cases (the runtime API) -----

	/// A case with its whole history.
	pub fn case_view(id: CaseId) -> Option<CaseView<T::AccountId, BlockNumberFor<T>>> {
		let case = Cases::<T>::get(id)?;
		let history = (0..case.history_len).filter_map(|i| History::<T>::get(id, i)).collect();
		Some(CaseView { id, case, history })
	}

	fn summary(id: CaseId, case: &Case<T::AccountId, BlockNumberFor<T>>) -> CaseSummary<BlockNumberFor<T>> {
		CaseSummary {
			id,
			service: case.service,
			status: case.status,
			step: case.step,
			opened_at: case.opened_at,
			due: case.due,
		}
	}

	/// The cases of `who`, oldest first.
	pub fn cases_of(who: &T::AccountId) -> Vec<CaseSummary<BlockNumberFor<T>>> {
		CasesOf::<T>::iter_key_prefix(who)
			.filter_map(|id| Cases::<T>::get(id).map(|case| Self::summary(id, &case)))
			.collect()
	}

	/// The cases waiting for `role`, oldest first.
	pub fn queue_of(role: Role) -> Vec<CaseSummary<BlockNumberFor<T>>> {
		let mut list: Vec<_> = Queue::<T>::iter_key_prefix(role)
			.filter_map(|id| Cases::<T>::get(id).map(|case| Self::summary(id, &case)))
			.collect();
		list.sort_by_key(|s| s.id);
		list
	}

	/// The cases past their step's deadline.
	pub fn overdue_cases() -> Vec<CaseSummary<BlockNumberFor<T>>> {
		let mut list: Vec<_> = Overdue::<T>::iter_keys()
			.filter_map(|id| Cases::<T>::get(id).map(|case| Self::summary(id, &case)))
			.collect();
		list.sort_by_key(|s| s.id);
		list
	}

	/// The pallet's invariants: every case's history is complete, every open case is indexed
	/// once, queues and deadlines point at cases that are at that step.
	///
	/// Always compiled: the service pallets' tests check it after every test.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		for (id, case) in Cases::<T>::iter() {
			ensure!(id < NextCaseId::<T>::get(), "case id above NextCaseId");
			for i in 0..case.history_len {
				ensure!(History::<T>::contains_key(id, i), "history has a gap");
			}
			ensure!(!History::<T>::contains_key(id, case.history_len), "history past its length");
			ensure!(CasesOf::<T>::contains_key(&case.applicant, id), "case not indexed");
			let open = OpenCase::<T>::get(&case.applicant, case.service) == Some(id);
			ensure!(open != case.status.is_final(), "open-case index disagrees with status");
			if let Some(role) = case.assignee.role() {
				ensure!(
					case.status.is_final() || Queue::<T>::contains_key(role, id),
					"case missing from its queue"
				);
			}
			if let Some(due) = case.due {
				ensure!(DueAt::<T>::get(due).contains(&id), "case missing from its due bucket");
			}
		}
		for (role, id, ()) in Queue::<T>::iter() {
			let case = Cases::<T>::get(id).ok_or("queued case missing")?;
			ensure!(case.assignee.role() == Some(role), "queued under the wrong role");
		}
		for (who, count) in CaseCount::<T>::iter() {
			ensure!(CasesOf::<T>::iter_prefix(&who).count() as u32 == count, "CaseCount is wrong");
		}
		Ok(())
	}
}

impl<T: Config> CaseLifecycle<T::AccountId, BlockNumberFor<T>> for Pallet<T> {
	fn open(
		opening: Opening<T::AccountId>,
		checks: Result<(), FailedChecks>,
		rule: RuleStamp,
		next: Next,
	) -> Result<CaseId, DispatchError> {
		let Opening { service, applicant, applicant_code, agency, documents } = opening;
		ensure!(
			!OpenCase::<T>::contains_key(&applicant, service),
			Error::<T>::DuplicateApplication
		);
		let count = CaseCount::<T>::get(&applicant);
		ensure!(count < T::MaxCasesPerApplicant::get(), Error::<T>::TooManyCases);
		let id = NextCaseId::<T>::get();
		NextCaseId::<T>::put(id.checked_add(1).ok_or(Error::<T>::CaseIdsExhausted)?);

		let mut case = Case {
			service,
			applicant: applicant.clone(),
			applicant_code,
			agency,
			documents,
			status: CaseStatus::AwaitingCorrection,
			step: Step::Submission,
			assignee: Assignee::Applicant,
			due: None,
			opened_at: Self::now(),
			history_len: 0,
		};
		let (decision, failed) = match checks {
			Ok(()) => (Decision::ChecksPassed, None),
			Err(failed) => (Decision::ChecksFailed(failed.clone()), Some(failed)),
		};
		Self::append(
			id,
			&mut case,
			StepRecord {
				step: Step::Submission,
				actor: Actor::Applicant(applicant.clone()),
				at: Self::now(),
				decision,
				document: None,
				rule: Some(rule),
			},
		)?;
		CasesOf::<T>::insert(&applicant, id, ());
		CaseCount::<T>::insert(&applicant, count + 1);
		OpenCase::<T>::insert(&applicant, service, id);
		match failed {
			None => {
				Self::enter(id, &mut case, next)?;
				Self::deposit_event(Event::<T>::CaseOpened {
					case: id,
					service,
					applicant,
					next: next.step,
				});
			},
			Some(failed) => {
				Self::deposit_event(Event::<T>::ChecksFailed { case: id, service, failed });
			},
		}
		Cases::<T>::insert(id, case);
		Ok(id)
	}

	fn resubmit(
		case_id: CaseId,
		applicant: &T::AccountId,
		documents: Documents,
		checks: Result<(), FailedChecks>,
		rule: RuleStamp,
		next: Next,
	) -> DispatchResult {
		let mut case = Cases::<T>::get(case_id).ok_or(Error::<T>::UnknownCase)?;
		ensure!(case.applicant == *applicant, Error::<T>::NotApplicant);
		ensure!(case.status == CaseStatus::AwaitingCorrection, Error::<T>::NotAwaitingCorrection);
		case.documents = documents;
		let decision = match &checks {
			Ok(()) => Decision::ChecksPassed,
			Err(failed) => Decision::ChecksFailed(failed.clone()),
		};
		Self::append(
			case_id,
			&mut case,
			StepRecord {
				step: Step::Submission,
				actor: Actor::Applicant(applicant.clone()),
				at: Self::now(),
				decision,
				document: None,
				rule: Some(rule),
			},
		)?;
		match checks {
			Ok(()) => {
				Self::enter(case_id, &mut case, next)?;
				Self::deposit_event(Event::<T>::CaseResubmitted { case: case_id, next: next.step });
			},
			Err(failed) => Self::deposit_event(Event::<T>::ChecksFailed {
				case: case_id,
				service: case.service,
				failed,
			}),
		}
		Cases::<T>::insert(case_id, case);
		Ok(())
	}

	fn case(case: CaseId) -> Option<Case<T::AccountId, BlockNumberFor<T>>> {
		Cases::<T>::get(case)
	}

	fn authorize(
		case_id: CaseId,
		step: Step,
		who: &T::AccountId,
	) -> Result<Actor<T::AccountId>, DispatchError> {
		let case = Cases::<T>::get(case_id).ok_or(Error::<T>::UnknownCase)?;
		ensure!(!case.status.is_final(), Error::<T>::CaseClosed);
		ensure!(case.step == step, Error::<T>::WrongStep);
		match case.assignee {
			Assignee::Role { role, agency } => {
				let held = T::Registry::staff_agency(who, role).ok_or(Error::<T>::NotAssignee)?;
				ensure!(agency.is_none_or(|a| a == held), Error::<T>::NotAssignee);
				Ok(Actor::Staff { who: who.clone(), role, agency: held })
			},
			Assignee::Applicant => {
				ensure!(case.applicant == *who, Error::<T>::NotApplicant);
				Ok(Actor::Applicant(who.clone()))
			},
			// A collective acts through its origin, and a running period through the runtime.
			Assignee::Collective | Assignee::Runtime => Err(Error::<T>::NotAssignee.into()),
		}
	}

	fn advance(
		case_id: CaseId,
		actor: Actor<T::AccountId>,
		decision: Decision,
		document: Option<Cid>,
		next: Next,
	) -> DispatchResult {
		let mut case = Cases::<T>::get(case_id).ok_or(Error::<T>::UnknownCase)?;
		ensure!(!case.status.is_final(), Error::<T>::CaseClosed);
		let step = case.step;
		Self::append(
			case_id,
			&mut case,
			StepRecord { step, actor, at: Self::now(), decision: decision.clone(), document, rule: None },
		)?;
		Self::enter(case_id, &mut case, next)?;
		Self::deposit_event(Event::<T>::CaseAdvanced {
			case: case_id,
			step,
			decision,
			next: next.step,
			status: next.status,
		});
		Cases::<T>::insert(case_id, case);
		Ok(())
	}
}
