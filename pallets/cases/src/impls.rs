//! The lifecycle rules, each written once, and the read side the runtime API serves.

use crate::{pallet::*, types::*, WeightInfo};
use alloc::vec::Vec;
use codec::Encode;
use frame_support::{ensure, pallet_prelude::*, traits::UnixTime};
use frame_system::pallet_prelude::BlockNumberFor;
use safetynet_primitives::{
	cases::{
		failed_checks, merge_checks, Actor, Admission, Assign, Assignee, Case, CaseId,
		CaseLifecycle, CasePayments, CaseStatus, Check, Decision, FailedChecks, Next,
		OnCaseApproved, Opening, Responsible, RuleStamp, Service, Step, StepRecord,
	},
	AgencyId, Cid, CitizenIdentity, IdentityHash, OnRegistrationEnded, ParticipantRegistry,
	Persons, Role,
};
use sp_core::H256;
use sp_runtime::traits::{One, Saturating};

type CaseOf<T> = Case<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;
type RecordOf<T> = StepRecord<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

/// What an application looked like to the shared checks.
struct Submission<T: Config> {
	identity: CitizenIdentity,
	persons: Persons,
	checks: Result<(), FailedChecks>,
	conflicts: Conflicts,
	action: Option<ConflictAction>,
	_marker: core::marker::PhantomData<T>,
}

impl<T: Config> Pallet<T> {
	fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// The key a combination rule is stored under: the two services, the lesser first.
	pub(crate) fn rule_key(first: Service, second: Service) -> (Service, Service) {
		if first <= second {
			(first, second)
		} else {
			(second, first)
		}
	}

	// ----- history -----

	/// Appends `record` to the case's history. When the history holds `MaxHistory` entries the
	/// oldest is archived into the case's archive digest, so appending never fails.
	fn append(case_id: CaseId, case: &mut CaseOf<T>, record: RecordOf<T>) {
		History::<T>::insert(case_id, case.history_len, record);
		case.history_len = case.history_len.saturating_add(1);
		while case.history_len.saturating_sub(case.archived) > T::MaxHistory::get() {
			if let Some(oldest) = History::<T>::take(case_id, case.archived) {
				case.archive_digest =
					H256(sp_io::hashing::blake2_256(&(case.archive_digest, oldest).encode()));
			}
			case.archived = case.archived.saturating_add(1);
		}
	}

	fn record(
		step: Step,
		actor: Actor<T::AccountId>,
		decision: Decision,
		document: Option<Cid>,
		rule: Option<RuleStamp>,
	) -> RecordOf<T> {
		StepRecord { step, actor, at: Self::now(), decision, document, rule, sent_to: None }
	}

	// ----- where a case goes -----

	/// Resolves `next` for `case`: which agency takes the step.
	pub(crate) fn resolve(case: &CaseOf<T>, next: Next) -> Result<Placement, DispatchError> {
		let assignee = match next.assign {
			Assign::Staff { role, by } => {
				let agency = match by {
					Responsible::FiledWith => case.agency,
					Responsible::Decider => case.managing_agency(),
					Responsible::Nearest(kind) =>
						T::Registry::responsible_agency(kind, case.region)
							.ok_or(Error::<T>::NoResponsibleAgency)?,
					Responsible::Referred(agency) => {
						let info =
							T::Registry::agency(agency).ok_or(Error::<T>::InvalidReferral)?;
						ensure!(info.kind.may_grant(role), Error::<T>::InvalidReferral);
						agency
					},
				};
				Assignee::Staff { role, agency }
			},
			Assign::Team { role } => Assignee::Team { role },
			Assign::Collective => Assignee::Collective,
			Assign::Runtime => Assignee::Runtime,
		};
		Ok(Placement { status: next.status, step: next.step, assignee })
	}

	/// The queue entries of a case with `assignee` (a joint decision: one per agency involved).
	fn queue_keys(case_id: CaseId, assignee: &Assignee) -> Vec<(Role, Option<AgencyId>)> {
		match assignee {
			Assignee::Staff { role, agency } => alloc::vec![(*role, Some(*agency))],
			Assignee::Team { role } => alloc::vec![(*role, None)],
			Assignee::Collective => alloc::vec![(Role::DemocraticReviewMember, None)],
			Assignee::Joint => JointDecisions::<T>::get(case_id)
				.map(|d| d.parties.iter().map(|p| (p.role, Some(p.agency))).collect())
				.unwrap_or_default(),
			Assignee::Applicant | Assignee::Runtime => Vec::new(),
		}
	}

	/// Moves `case` to `placement`: leaves the old queue and deadline, joins the new ones, keeps
	/// the indexes in step with its status, and suspends, resumes or ends its payments.
	fn enter(case_id: CaseId, case: &mut CaseOf<T>, placement: Placement) -> DispatchResult {
		for (role, agency) in Self::queue_keys(case_id, &case.assignee) {
			Queue::<T>::remove((role, agency, case_id));
		}
		if let Some(due) = case.due.take() {
			DueAt::<T>::mutate(due, |bucket| bucket.retain(|c| *c != case_id));
		}
		Overdue::<T>::remove(case_id);

		let was = case.status;
		// Active for the first time is an approval; back from a suspension is not.
		let approved = placement.status == CaseStatus::Active &&
			!matches!(was, CaseStatus::Active | CaseStatus::Suspended);
		if was == CaseStatus::Active && placement.status == CaseStatus::Suspended {
			T::Payments::suspend(case_id)?;
		}
		if was == CaseStatus::Suspended && placement.status == CaseStatus::Active {
			T::Payments::resume(case_id)?;
		}
		if case.assignee == Assignee::Joint && placement.assignee != Assignee::Joint {
			JointDecisions::<T>::remove(case_id);
		}
		case.status = placement.status;
		case.step = placement.step;
		case.assignee = placement.assignee;
		if approved {
			// Approved by the runtime's own rules (or a collective): the case's agency decided.
			case.decided_by.get_or_insert(case.agency);
			T::OnApproved::on_approved(case_id, case);
		}
		if placement.status.is_final() {
			Self::close_indexes(case_id, case);
			T::Payments::end(case_id);
			return Ok(());
		}
		for (role, agency) in Self::queue_keys(case_id, &placement.assignee) {
			Queue::<T>::insert((role, agency, case_id), ());
		}
		// Deadlines apply to steps people must take; a running period is not "overdue".
		let waits_for_people =
			!matches!(placement.assignee, Assignee::Runtime | Assignee::Applicant);
		if waits_for_people {
			if let Some(blocks) = StepDeadlines::<T>::get(case.service, placement.step) {
				case.due = Some(Self::schedule_due(case_id, blocks)?);
			}
		}
		Ok(())
	}

	/// Takes a case that just ended out of the open-case indexes and the duplicate check.
	fn close_indexes(case_id: CaseId, case: &CaseOf<T>) {
		OpenCase::<T>::remove(&case.applicant, case.service);
		Self::uncover(case_id);
		JointDecisions::<T>::remove(case_id);
	}

	/// Files `case_id` in the first block at or after `now + blocks` with room.
	fn schedule_due(
		case_id: CaseId,
		blocks: BlockNumberFor<T>,
	) -> Result<BlockNumberFor<T>, DispatchError> {
		let mut due = Self::now().saturating_add(blocks);
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
			let record = Self::record(case.step, Actor::Runtime, Decision::Overdue, None, None);
			Self::append(case_id, &mut case, record);
			let step = case.step;
			Cases::<T>::insert(case_id, case);
			Self::deposit_event(Event::<T>::StepOverdue { case: case_id, step, due: now });
		}
		T::WeightInfo::on_initialize_overdue(count)
	}

	/// Records a step and moves the case to `placement`.
	fn take_step(
		case_id: CaseId,
		mut case: CaseOf<T>,
		actor: Actor<T::AccountId>,
		decision: Decision,
		document: Option<Cid>,
		placement: Placement,
	) -> DispatchResult {
		if let Some(cid) = &document {
			<Self as CaseLifecycle<_, _>>::check_document(cid)?;
		}
		let approving = placement.status == CaseStatus::Active &&
			!matches!(case.status, CaseStatus::Active | CaseStatus::Suspended);
		if approving && case.decided_by.is_none() {
			case.decided_by = Some(match &actor {
				Actor::Staff { agency, .. } => *agency,
				_ => case.agency,
			});
		}
		let step = case.step;
		let mut record = Self::record(step, actor, decision.clone(), document, None);
		record.sent_to = placement.assignee.agency();
		Self::append(case_id, &mut case, record);
		Self::enter(case_id, &mut case, placement)?;
		Self::deposit_event(Event::<T>::CaseAdvanced {
			case: case_id,
			step,
			decision,
			next: placement.step,
			status: placement.status,
			assigned_to: placement.assignee.agency(),
		});
		Cases::<T>::insert(case_id, case);
		Ok(())
	}

	// ----- the shared automatic checks and the duplicate check -----

	/// Everything the lifecycle checks of an application before it records it: input errors
	/// fail the call; the shared rules' failures join the service's.
	fn examine(
		opening: &Opening<T::AccountId>,
		service_checks: Result<(), FailedChecks>,
		next: &Next,
		replacing: Option<CaseId>,
	) -> Result<Submission<T>, DispatchError> {
		let service = opening.service;
		let identity =
			T::Registry::citizen_with_any_role(&opening.applicant, service.applicant_roles())
				.ok_or(Error::<T>::NotEligibleApplicant)?;
		let agency = T::Registry::agency(opening.agency).ok_or(Error::<T>::WrongAgencyKind)?;
		ensure!(agency.kind == service.intake_kind(), Error::<T>::WrongAgencyKind);
		opening
			.documents
			.iter()
			.try_for_each(<Self as CaseLifecycle<_, _>>::check_document)?;

		let mut persons = Persons::default();
		// The applicant always fits; the household is bounded one below `MAX_PERSONS`.
		let _ = persons.try_push(identity.identity);
		let mut household_ok = true;
		for member in opening.household.iter() {
			household_ok &= identity.household.contains(member) && !persons.contains(member);
			let _ = persons.try_push(*member);
		}
		if service.covers_household() {
			for member in identity.household.iter() {
				if !persons.contains(member) {
					let _ = persons.try_push(*member);
				}
			}
		}
		let now_ms = T::UnixTime::now().as_millis() as u64;
		let shared = failed_checks(&[
			(identity.id_valid_until <= now_ms, Check::IdCardExpired),
			(!household_ok, Check::HouseholdNotVerified),
		]);
		let mut checks = merge_checks(service_checks, shared);
		let (conflicts, mut action) = Self::conflicts(service, &persons, replacing);
		// An application approved on the spot cannot wait for a joint decision.
		if action == Some(ConflictAction::JointDecision) && next.status == CaseStatus::Active {
			action = Some(ConflictAction::Refuse);
		}
		if action == Some(ConflictAction::Refuse) {
			checks = merge_checks(
				checks,
				Err(BoundedVec::truncate_from(alloc::vec![Check::BenefitNotCombinable])),
			);
		}
		// Everything that can fail is checked before anything is written.
		if checks.is_ok() {
			let room = persons.iter().all(|p| {
				let count = CoverageCount::<T>::get(p);
				let already = replacing.is_some_and(|case| Coverage::<T>::contains_key(p, case));
				already || count < T::MaxCasesPerPerson::get()
			});
			ensure!(room, Error::<T>::TooManyCasesForPerson);
		}
		Ok(Submission { identity, persons, checks, conflicts, action, _marker: Default::default() })
	}

	/// The pending and running cases of `persons` that `service` may not combine with, and
	/// the strictest action the rules name (refusal over a joint decision).
	fn conflicts(
		service: Service,
		persons: &Persons,
		replacing: Option<CaseId>,
	) -> (Conflicts, Option<ConflictAction>) {
		let mut conflicting = Conflicts::default();
		let mut action = None;
		for person in persons.iter() {
			for (other, other_service) in Coverage::<T>::iter_prefix(person) {
				if Some(other) == replacing || conflicting.contains(&other) {
					continue;
				}
				let (a, b) = Self::rule_key(service, other_service);
				let Some(rule) = CombinationRules::<T>::get(a, b) else { continue };
				if conflicting.try_push(other).is_err() {
					// More conflicts than a decision can list: too many for people to weigh.
					action = Some(ConflictAction::Refuse);
					continue;
				}
				action = match (action, rule) {
					(Some(ConflictAction::Refuse), _) | (_, ConflictAction::Refuse) =>
						Some(ConflictAction::Refuse),
					_ => Some(ConflictAction::JointDecision),
				};
			}
		}
		(conflicting, action)
	}

	/// Counts `case_id` as pending for each of its persons.
	fn cover(case_id: CaseId, service: Service, persons: &Persons) -> DispatchResult {
		for person in persons.iter() {
			let count = CoverageCount::<T>::get(person);
			ensure!(count < T::MaxCasesPerPerson::get(), Error::<T>::TooManyCasesForPerson);
			CoverageCount::<T>::insert(person, count + 1);
			Coverage::<T>::insert(person, case_id, service);
		}
		Ok(())
	}

	/// Takes `case_id` out of the duplicate check.
	fn uncover(case_id: CaseId) {
		let Some(persons) = CasePersons::<T>::get(case_id) else { return };
		for person in persons.iter() {
			if Coverage::<T>::take(person, case_id).is_some() {
				CoverageCount::<T>::mutate_exists(person, |count| {
					*count = count.and_then(|c| c.checked_sub(1)).filter(|c| *c > 0);
				});
			}
		}
	}

	/// Records a submission's outcome on `case` and moves it on when its checks passed.
	fn admit(
		case_id: CaseId,
		case: &mut CaseOf<T>,
		submission: Submission<T>,
		rule: RuleStamp,
		next: Next,
	) -> Result<Admission, DispatchError> {
		let Submission { persons, checks, conflicts, action, .. } = submission;
		if let Some(action) = action {
			Self::deposit_event(Event::<T>::BenefitConflict {
				case: case_id,
				conflicting: conflicts.clone(),
				action,
			});
		}
		let decision = match &checks {
			Ok(()) => Decision::ChecksPassed,
			Err(failed) => Decision::ChecksFailed(failed.clone()),
		};
		let record = Self::record(
			Step::Submission,
			Actor::Applicant(case.applicant.clone()),
			decision,
			None,
			Some(rule),
		);
		Self::append(case_id, case, record);
		Self::uncover(case_id);
		CasePersons::<T>::insert(case_id, &persons);
		if let Err(failed) = checks {
			Self::deposit_event(Event::<T>::ChecksFailed {
				case: case_id,
				service: case.service,
				failed,
			});
			return Ok(Admission::AwaitingCorrection);
		}
		Self::cover(case_id, case.service, &persons)?;
		let placement = Self::resolve(case, next)?;
		if action == Some(ConflictAction::JointDecision) {
			Self::await_joint_decision(case_id, case, conflicts, placement)?;
			return Ok(Admission::AwaitingJointDecision);
		}
		Self::enter(case_id, case, placement)?;
		Ok(Admission::Admitted)
	}

	/// Sends `case` to a joint decision of its agency and those of the `conflicting` cases.
	fn await_joint_decision(
		case_id: CaseId,
		case: &mut CaseOf<T>,
		conflicting: Conflicts,
		then: Placement,
	) -> DispatchResult {
		let mut parties: BoundedVec<JointParty, ConstU32<MAX_JOINT_AGENCIES>> = BoundedVec::new();
		let own =
			JointParty { agency: case.agency, role: case.service.intake_role(), agreed: false };
		// A removed agency has no say: its cases are being ended by the sweep.
		let others = conflicting
			.iter()
			.filter_map(Cases::<T>::get)
			.map(|other| JointParty {
				agency: other.managing_agency(),
				role: other.service.managing_role(),
				agreed: false,
			})
			.filter(|party| T::Registry::agency(party.agency).is_some());
		for party in core::iter::once(own).chain(others) {
			if !parties.iter().any(|p| p.agency == party.agency) {
				// More agencies than a decision can gather cannot decide together.
				parties.try_push(party).map_err(|_| Error::<T>::TooManyCasesForPerson)?;
			}
		}
		JointDecisions::<T>::insert(case_id, JointDecision { parties, conflicting, then });
		let placement = Placement {
			status: CaseStatus::InReview,
			step: Step::JointDecision,
			assignee: Assignee::Joint,
		};
		Self::enter(case_id, case, placement)
	}

	// ----- who may act -----

	/// Checks that staff member `who` holds `role` at `agency`, is posted where the case is, and
	/// is not someone the case concerns. Returns the actor to record.
	fn authorize_staff(
		case_id: CaseId,
		case: &CaseOf<T>,
		who: &T::AccountId,
		role: Role,
		agency: Option<AgencyId>,
	) -> Result<Actor<T::AccountId>, DispatchError> {
		let post = T::Registry::staff_post(who)
			.filter(|p| p.roles.contains(&role))
			.ok_or(Error::<T>::NotAssignee)?;
		if let Some(agency) = agency {
			ensure!(post.agency == agency, Error::<T>::OtherAgency);
			// Staff posted to the agency's whole area act on all its cases; staff posted to a
			// part of it, on the cases of that part.
			let agency_wide = T::Registry::agency(agency).is_some_and(|a| a.region == post.region);
			ensure!(
				agency_wide || post.region.contains(&case.region),
				Error::<T>::OutsideJurisdiction
			);
		}
		ensure!(!Self::concerns_person(case_id, &post.identity), Error::<T>::ConflictOfInterest);
		Ok(Actor::Staff { who: who.clone(), role, agency: post.agency })
	}

	fn concerns_person(case_id: CaseId, identity: &IdentityHash) -> bool {
		CasePersons::<T>::get(case_id).is_some_and(|persons| persons.contains(identity))
	}

	/// The case, if `who` may manage it: it is approved, and `who` holds the service's managing
	/// role at the agency that decided it.
	fn managed_case(
		case_id: CaseId,
		who: &T::AccountId,
	) -> Result<(CaseOf<T>, Actor<T::AccountId>), DispatchError> {
		let case = Cases::<T>::get(case_id).ok_or(Error::<T>::UnknownCase)?;
		ensure!(
			matches!(case.status, CaseStatus::Active | CaseStatus::Suspended),
			Error::<T>::NotActive
		);
		let role = case.service.managing_role();
		let actor = Self::authorize_staff(case_id, &case, who, role, Some(case.managing_agency()))?;
		Ok((case, actor))
	}

	/// The case at its own step and assignee, with a new status (nobody is asked to act on a
	/// case that is over).
	fn same_place(case: &CaseOf<T>, status: CaseStatus) -> Placement {
		let assignee = if status.is_final() { Assignee::Runtime } else { case.assignee };
		Placement { status, step: case.step, assignee }
	}

	// ----- the calls -----

	pub(crate) fn do_withdraw(who: &T::AccountId, case_id: CaseId) -> DispatchResult {
		let case = Cases::<T>::get(case_id).ok_or(Error::<T>::UnknownCase)?;
		ensure!(case.applicant == *who, Error::<T>::NotApplicant);
		ensure!(!case.status.is_final(), Error::<T>::CaseClosed);
		ensure!(
			!matches!(case.status, CaseStatus::Active | CaseStatus::Suspended),
			Error::<T>::AlreadyActive
		);
		let placement = Self::same_place(&case, CaseStatus::Withdrawn);
		let actor = Actor::Applicant(who.clone());
		Self::take_step(case_id, case, actor, Decision::Withdrawn, None, placement)
	}

	pub(crate) fn do_suspend(who: &T::AccountId, case_id: CaseId, reason: Cid) -> DispatchResult {
		let (case, actor) = Self::managed_case(case_id, who)?;
		ensure!(case.status == CaseStatus::Active, Error::<T>::NotActive);
		let placement = Self::same_place(&case, CaseStatus::Suspended);
		Self::take_step(case_id, case, actor, Decision::Suspended, Some(reason), placement)
	}

	pub(crate) fn do_resume(who: &T::AccountId, case_id: CaseId) -> DispatchResult {
		let (case, actor) = Self::managed_case(case_id, who)?;
		ensure!(case.status == CaseStatus::Suspended, Error::<T>::NotSuspended);
		let placement = Self::same_place(&case, CaseStatus::Active);
		Self::take_step(case_id, case, actor, Decision::Resumed, None, placement)
	}

	pub(crate) fn do_end(who: &T::AccountId, case_id: CaseId, reason: Cid) -> DispatchResult {
		let (case, actor) = Self::managed_case(case_id, who)?;
		let placement = Self::same_place(&case, CaseStatus::Closed);
		Self::take_step(case_id, case, actor, Decision::Closed, Some(reason), placement)
	}

	pub(crate) fn do_force_end(case_id: CaseId, reason: Cid) -> DispatchResult {
		let case = Cases::<T>::get(case_id).ok_or(Error::<T>::UnknownCase)?;
		ensure!(!case.status.is_final(), Error::<T>::CaseClosed);
		let placement = Self::same_place(&case, CaseStatus::Closed);
		Self::take_step(case_id, case, Actor::Council, Decision::Closed, Some(reason), placement)
	}

	pub(crate) fn do_decline(who: &T::AccountId, case_id: CaseId, reason: Cid) -> DispatchResult {
		let case = Cases::<T>::get(case_id).ok_or(Error::<T>::UnknownCase)?;
		let Assignee::Staff { role, agency } = case.assignee else {
			return Err(Error::<T>::NotAtAcceptance.into());
		};
		ensure!(
			case.step == Step::Acceptance && case.status == CaseStatus::InReview,
			Error::<T>::NotAtAcceptance
		);
		let actor = Self::authorize_staff(case_id, &case, who, role, Some(agency))?;
		let placement = Self::same_place(&case, CaseStatus::Rejected);
		Self::take_step(case_id, case, actor, Decision::Rejected, Some(reason), placement)
	}

	pub(crate) fn do_decide_jointly(
		who: &T::AccountId,
		case_id: CaseId,
		allow: bool,
	) -> DispatchResult {
		let case = Cases::<T>::get(case_id).ok_or(Error::<T>::UnknownCase)?;
		let mut decision =
			JointDecisions::<T>::get(case_id).ok_or(Error::<T>::NotAwaitingJointDecision)?;
		ensure!(case.step == Step::JointDecision, Error::<T>::NotAwaitingJointDecision);
		let post = T::Registry::staff_post(who).ok_or(Error::<T>::NotInvolved)?;
		let index = decision
			.parties
			.iter()
			.position(|p| p.agency == post.agency && post.roles.contains(&p.role))
			.ok_or(Error::<T>::NotInvolved)?;
		let party = decision.parties[index];
		ensure!(!party.agreed, Error::<T>::AlreadyDecided);
		let actor = Self::authorize_staff(case_id, &case, who, party.role, Some(party.agency))?;
		Self::deposit_event(Event::<T>::JointDecisionTaken {
			case: case_id,
			agency: party.agency,
			allowed: allow,
		});
		if !allow {
			let placement = Self::same_place(&case, CaseStatus::Rejected);
			return Self::take_step(case_id, case, actor, Decision::Rejected, None, placement);
		}
		decision.parties[index].agreed = true;
		if decision.all_agreed() {
			let then = decision.then;
			return Self::take_step(case_id, case, actor, Decision::Approved, None, then);
		}
		let mut case = case;
		let record = Self::record(Step::JointDecision, actor, Decision::Approved, None, None);
		Self::append(case_id, &mut case, record);
		JointDecisions::<T>::insert(case_id, decision);
		Cases::<T>::insert(case_id, case);
		Ok(())
	}

	/// How many open cases `who` has: one read per service at most (a case per service), counted
	/// rather than stored so that opening and closing a case write one index entry less.
	pub(crate) fn open_case_count(who: &T::AccountId) -> u32 {
		OpenCase::<T>::iter_key_prefix(who).count() as u32
	}

	/// Ends every open case of `who`, whose registration was revoked. Bounded by
	/// `MaxOpenCasesPerApplicant`.
	pub(crate) fn end_cases_of(who: &T::AccountId) {
		let open: Vec<CaseId> = OpenCase::<T>::iter_prefix_values(who)
			.take(T::MaxOpenCasesPerApplicant::get() as usize)
			.collect();
		for case_id in open {
			let Some(case) = Cases::<T>::get(case_id) else { continue };
			let placement = Self::same_place(&case, CaseStatus::Closed);
			// Ending a case only fails on a malformed document, and there is none.
			let _ =
				Self::take_step(case_id, case, Actor::Runtime, Decision::Revoked, None, placement);
		}
	}

	// ----- cases of removed agencies -----

	/// Starts (or starts again) the walk that ends the open cases depending on a removed
	/// agency. Cases opened from now on cannot depend on it, so the walk stops at the next id.
	pub(crate) fn start_agency_sweep(agency: AgencyId) {
		let end = NextCaseId::<T>::get();
		AgencySweep::<T>::put(crate::types::SweepProgress { next: 0, end });
		Self::deposit_event(Event::<T>::AgencySweepStarted { agency, end });
	}

	/// Whether open `case` depends on an agency that no longer exists: the one it was filed
	/// with, the one that decided it, the one its step waits for, or one of a joint decision.
	fn orphaned(case_id: CaseId, case: &CaseOf<T>) -> bool {
		let gone = |agency: AgencyId| T::Registry::agency(agency).is_none();
		if gone(case.agency) ||
			case.decided_by.is_some_and(gone) ||
			case.assignee.agency().is_some_and(gone)
		{
			return true;
		}
		case.assignee == Assignee::Joint &&
			JointDecisions::<T>::get(case_id)
				.is_some_and(|d| d.parties.iter().any(|p| gone(p.agency)))
	}

	/// Looks at cases of the walk while `remaining` allows one more, ending those orphaned.
	/// Each case is charged as the worst case (ending an active case with its payments).
	pub(crate) fn sweep_removed_agencies(remaining: Weight) -> Weight {
		let db = T::DbWeight::get();
		let mut used = db.reads(1);
		if remaining.any_lt(used) {
			return Weight::zero();
		}
		let Some(mut sweep) = AgencySweep::<T>::get() else { return used };
		let per_case = T::WeightInfo::sweep_case();
		used.saturating_accrue(db.writes(1));
		while sweep.next < sweep.end && used.saturating_add(per_case).all_lte(remaining) {
			used.saturating_accrue(per_case);
			let case_id = sweep.next;
			sweep.next = sweep.next.saturating_add(1);
			let Some(case) = Cases::<T>::get(case_id) else { continue };
			if case.status.is_final() || !Self::orphaned(case_id, &case) {
				continue;
			}
			let placement = Self::same_place(&case, CaseStatus::Closed);
			// Ending a case only fails on a malformed document, and there is none.
			let _ = Self::take_step(
				case_id,
				case,
				Actor::Runtime,
				Decision::AgencyRemoved,
				None,
				placement,
			);
		}
		if sweep.next >= sweep.end {
			AgencySweep::<T>::kill();
			Self::deposit_event(Event::<T>::AgencySweepFinished);
		} else {
			AgencySweep::<T>::put(sweep);
		}
		used
	}

	// ----- reading cases (the runtime API) -----

	/// A case with the history it keeps in state.
	pub fn case_view(id: CaseId) -> Option<CaseView<T::AccountId, BlockNumberFor<T>>> {
		let case = Cases::<T>::get(id)?;
		let history = (case.archived..case.history_len)
			.filter_map(|i| History::<T>::get(id, i))
			.collect();
		Some(CaseView { id, case, history })
	}

	fn summary(id: CaseId, case: &CaseOf<T>) -> CaseSummary<BlockNumberFor<T>> {
		CaseSummary {
			id,
			service: case.service,
			status: case.status,
			step: case.step,
			agency: case.agency,
			assigned_to: case.assignee.agency(),
			applicant_code: case.applicant_code,
			region: case.region,
			opened_at: case.opened_at,
			due: case.due,
		}
	}

	/// The cases of `who`, oldest first.
	pub fn cases_of(who: &T::AccountId) -> Vec<CaseSummary<BlockNumberFor<T>>> {
		let mut list: Vec<_> = CasesOf::<T>::iter_key_prefix(who)
			.filter_map(|id| Cases::<T>::get(id).map(|case| Self::summary(id, &case)))
			.collect();
		list.sort_by_key(|s| s.id);
		list
	}

	/// The cases waiting for `role` at `agency` (`None`: a team's or the review collective's),
	/// oldest first.
	pub fn queue_of(role: Role, agency: Option<AgencyId>) -> Vec<CaseSummary<BlockNumberFor<T>>> {
		let mut list: Vec<_> = Queue::<T>::iter_key_prefix((role, agency))
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

	/// The pallet's invariants: every case's kept history is complete and bounded, every open
	/// case is indexed once, queues, deadlines and the duplicate check point at cases that are
	/// where they say.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let mut open_per_applicant: alloc::collections::BTreeMap<T::AccountId, u32> =
			Default::default();
		let sweep = AgencySweep::<T>::get();
		if let Some(sweep) = sweep {
			ensure!(sweep.next <= sweep.end, "agency sweep past its end");
			ensure!(sweep.end <= NextCaseId::<T>::get(), "agency sweep past the last case");
		}
		for (id, case) in Cases::<T>::iter() {
			// An open case may depend on a removed agency only while the walk has yet to reach
			// it.
			if !case.status.is_final() && Self::orphaned(id, &case) {
				ensure!(
					sweep.is_some_and(|s| s.next <= id && id < s.end),
					"an open case outlives a removed agency"
				);
			}
			ensure!(id < NextCaseId::<T>::get(), "case id above NextCaseId");
			ensure!(case.archived <= case.history_len, "more archived than recorded");
			ensure!(
				case.history_len - case.archived <= T::MaxHistory::get(),
				"history kept beyond its bound"
			);
			for i in case.archived..case.history_len {
				ensure!(History::<T>::contains_key(id, i), "history has a gap");
			}
			ensure!(!History::<T>::contains_key(id, case.history_len), "history past its length");
			if case.archived > 0 {
				ensure!(!History::<T>::contains_key(id, case.archived - 1), "archived entry kept");
			}
			ensure!(CasesOf::<T>::contains_key(&case.applicant, id), "case not indexed");
			let open = OpenCase::<T>::get(&case.applicant, case.service) == Some(id);
			ensure!(open != case.status.is_final(), "open-case index disagrees with status");
			if open {
				*open_per_applicant.entry(case.applicant.clone()).or_default() += 1;
			}
			// Past its checks and not over: every person it concerns is in the duplicate check;
			// otherwise none is.
			let pending = !case.status.is_final() && case.status != CaseStatus::AwaitingCorrection;
			let persons = CasePersons::<T>::get(id).unwrap_or_default();
			for person in persons.iter() {
				ensure!(
					Coverage::<T>::contains_key(person, id) == pending,
					"the duplicate check disagrees with the case's status"
				);
			}
			if !case.status.is_final() {
				for key in Self::queue_keys(id, &case.assignee) {
					ensure!(
						Queue::<T>::contains_key((key.0, key.1, id)),
						"case missing from its queue"
					);
				}
			}
			ensure!(
				(case.assignee == Assignee::Joint) == JointDecisions::<T>::contains_key(id),
				"joint decision out of step with the assignee"
			);
			if let Some(due) = case.due {
				ensure!(DueAt::<T>::get(due).contains(&id), "case missing from its due bucket");
			}
		}
		for ((role, agency, id), ()) in Queue::<T>::iter() {
			let case = Cases::<T>::get(id).ok_or("queued case missing")?;
			ensure!(!case.status.is_final(), "a final case is queued");
			ensure!(
				Self::queue_keys(id, &case.assignee).contains(&(role, agency)),
				"queued under the wrong role or agency"
			);
		}
		for count in open_per_applicant.values() {
			ensure!(*count <= T::MaxOpenCasesPerApplicant::get(), "too many open cases");
		}
		for (person, count) in CoverageCount::<T>::iter() {
			ensure!(
				Coverage::<T>::iter_prefix(person).count() as u32 == count,
				"CoverageCount is wrong"
			);
			ensure!(count <= T::MaxCasesPerPerson::get(), "a person in too many cases");
		}
		for (person, id, _) in Coverage::<T>::iter() {
			ensure!(CoverageCount::<T>::get(person) > 0, "coverage without a count");
			ensure!(Cases::<T>::contains_key(id), "coverage of a missing case");
		}
		for (first, second, _) in CombinationRules::<T>::iter() {
			ensure!(first <= second, "combination rule stored out of order");
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
	) -> Result<(CaseId, Admission), DispatchError> {
		let submission = Self::examine(&opening, checks, &next, None)?;
		let Opening { service, applicant, agency, documents, .. } = opening;
		ensure!(
			!OpenCase::<T>::contains_key(&applicant, service),
			Error::<T>::DuplicateApplication
		);
		ensure!(
			Self::open_case_count(&applicant) < T::MaxOpenCasesPerApplicant::get(),
			Error::<T>::TooManyOpenCases
		);
		let id = NextCaseId::<T>::get();
		NextCaseId::<T>::put(id.checked_add(1).ok_or(Error::<T>::CaseIdsExhausted)?);

		let mut case = Case {
			service,
			applicant: applicant.clone(),
			applicant_code: submission.identity.code,
			agency,
			region: submission.identity.residence,
			documents,
			status: CaseStatus::AwaitingCorrection,
			step: Step::Submission,
			assignee: Assignee::Applicant,
			due: None,
			opened_at: Self::now(),
			decided_by: None,
			history_len: 0,
			archived: 0,
			archive_digest: H256::zero(),
		};
		CasesOf::<T>::insert(&applicant, id, ());
		OpenCase::<T>::insert(&applicant, service, id);
		let admission = Self::admit(id, &mut case, submission, rule, next)?;
		if admission != Admission::AwaitingCorrection {
			Self::deposit_event(Event::<T>::CaseOpened {
				case: id,
				service,
				applicant,
				next: case.step,
			});
		}
		Cases::<T>::insert(id, case);
		Ok((id, admission))
	}

	fn resubmit(
		case_id: CaseId,
		opening: Opening<T::AccountId>,
		checks: Result<(), FailedChecks>,
		rule: RuleStamp,
		next: Next,
	) -> Result<Admission, DispatchError> {
		let mut case = Cases::<T>::get(case_id).ok_or(Error::<T>::UnknownCase)?;
		ensure!(case.applicant == opening.applicant, Error::<T>::NotApplicant);
		ensure!(case.service == opening.service, Error::<T>::WrongService);
		ensure!(case.status == CaseStatus::AwaitingCorrection, Error::<T>::NotAwaitingCorrection);
		ensure!(case.agency == opening.agency, Error::<T>::WrongAgency);
		let submission = Self::examine(&opening, checks, &next, Some(case_id))?;
		case.documents = opening.documents;
		case.region = submission.identity.residence;
		let admission = Self::admit(case_id, &mut case, submission, rule, next)?;
		if admission != Admission::AwaitingCorrection {
			Self::deposit_event(Event::<T>::CaseResubmitted { case: case_id, next: case.step });
		}
		Cases::<T>::insert(case_id, case);
		Ok(admission)
	}

	fn case(case: CaseId) -> Option<Case<T::AccountId, BlockNumberFor<T>>> {
		Cases::<T>::get(case)
	}

	fn case_of(
		case_id: CaseId,
		service: Service,
	) -> Result<Case<T::AccountId, BlockNumberFor<T>>, DispatchError> {
		let case = Cases::<T>::get(case_id).ok_or(Error::<T>::UnknownCase)?;
		ensure!(case.service == service, Error::<T>::WrongService);
		Ok(case)
	}

	fn authorize(
		case_id: CaseId,
		service: Service,
		step: Step,
		who: &T::AccountId,
	) -> Result<Actor<T::AccountId>, DispatchError> {
		let case = Self::case_of(case_id, service)?;
		ensure!(!case.status.is_final(), Error::<T>::CaseClosed);
		ensure!(case.step == step, Error::<T>::WrongStep);
		match case.assignee {
			Assignee::Staff { role, agency } =>
				Self::authorize_staff(case_id, &case, who, role, Some(agency)),
			Assignee::Team { role } => Self::authorize_staff(case_id, &case, who, role, None),
			Assignee::Applicant => {
				ensure!(case.applicant == *who, Error::<T>::NotApplicant);
				Ok(Actor::Applicant(who.clone()))
			},
			// A collective acts through its origin, a joint decision through its own call, and a
			// running period through the runtime.
			Assignee::Collective | Assignee::Joint | Assignee::Runtime =>
				Err(Error::<T>::NotAssignee.into()),
		}
	}

	fn advance(
		case_id: CaseId,
		actor: Actor<T::AccountId>,
		decision: Decision,
		document: Option<Cid>,
		next: Next,
	) -> DispatchResult {
		let case = Cases::<T>::get(case_id).ok_or(Error::<T>::UnknownCase)?;
		ensure!(!case.status.is_final(), Error::<T>::CaseClosed);
		let placement = Self::resolve(&case, next)?;
		Self::take_step(case_id, case, actor, decision, document, placement)
	}

	fn check_document(document: &Cid) -> DispatchResult {
		document.check().map(|_| ()).map_err(|_| Error::<T>::InvalidCid.into())
	}

	fn concerns(case: CaseId, identity: &IdentityHash) -> bool {
		Self::concerns_person(case, identity)
	}

	fn last_change(case: CaseId) -> Option<BlockNumberFor<T>> {
		let details = Cases::<T>::get(case)?;
		let newest = details.history_len.checked_sub(1)?;
		History::<T>::get(case, newest).map(|entry| entry.at)
	}

	fn persons(case: CaseId) -> u32 {
		CasePersons::<T>::decode_len(case).unwrap_or(0).max(1) as u32
	}
}

impl<T: Config> OnRegistrationEnded<T::AccountId> for Pallet<T> {
	fn citizen_revoked(who: &T::AccountId) {
		Self::end_cases_of(who);
	}

	fn citizen_revoked_weight() -> Weight {
		T::WeightInfo::force_end().saturating_mul(u64::from(T::MaxOpenCasesPerApplicant::get()))
	}

	fn agency_removed(agency: AgencyId) {
		Self::start_agency_sweep(agency);
	}

	fn agency_removed_weight() -> Weight {
		T::DbWeight::get().reads_writes(1, 1)
	}
}
