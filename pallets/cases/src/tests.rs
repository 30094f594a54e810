//! Unit tests of the lifecycle: opening, resubmitting, authorizing, advancing, withdrawing,
//! deadlines, queues and the read side.

use crate::{mock::*, pallet::*, Error, Event};
use frame_support::{assert_noop, assert_ok, BoundedVec};
use safetynet_primitives::{
	cases::{
		Actor, Assignee, CaseLifecycle, CaseStatus, Check, Decision, Next, RuleStamp, Service,
		Step,
	},
	Role,
};
use sp_core::H256;
use sp_runtime::DispatchError;

fn rule() -> RuleStamp {
	RuleStamp { rule_version: 1, input_digest: H256::repeat_byte(7) }
}

fn accept() -> Next {
	Next::step(Step::Acceptance, Role::CivilAffairsOfficer, Some(CIVIL))
}

fn failed(checks: &[Check]) -> BoundedVec<Check, frame_support::traits::ConstU32<16>> {
	checks.to_vec().try_into().unwrap()
}

/// Opens an assistance case that passed its checks and waits for acceptance.
fn open_case() -> u64 {
	<Lifecycle as CaseLifecycle<_, _>>::open(opening(APPLICANT, Service::SocialAssistance), Ok(()), rule(), accept())
		.unwrap()
}

#[test]
fn open_records_submission_and_enters_the_next_step() {
	build_and_execute(|| {
		let id = open_case();
		System::assert_last_event(
			Event::CaseOpened {
				case: id,
				service: Service::SocialAssistance,
				applicant: APPLICANT,
				next: Step::Acceptance,
			}
			.into(),
		);
		let case = Lifecycle::case(id).unwrap();
		assert_eq!((case.status, case.step), (CaseStatus::InReview, Step::Acceptance));
		assert_eq!(case.due, Some(1 + ACCEPTANCE_DEADLINE));
		let first = History::<Test>::get(id, 0).unwrap();
		assert_eq!(first.decision, Decision::ChecksPassed);
		assert_eq!(first.rule, Some(rule()));
		assert_eq!(first.actor, Actor::Applicant(APPLICANT));
		assert!(Queue::<Test>::contains_key(Role::CivilAffairsOfficer, id));
		assert_eq!(OpenCase::<Test>::get(APPLICANT, Service::SocialAssistance), Some(id));
		assert_eq!(Lifecycle::queue_of(Role::CivilAffairsOfficer).len(), 1);
		assert_eq!(Lifecycle::cases_of(&APPLICANT)[0].step, Step::Acceptance);
	});
}

#[test]
fn open_with_failed_checks_waits_for_correction_and_resubmit_moves_on() {
	build_and_execute(|| {
		let checks = failed(&[Check::IdCardExpired, Check::IncomeAboveAssistanceLine]);
		let id = <Lifecycle as CaseLifecycle<_, _>>::open(
			opening(APPLICANT, Service::SocialAssistance),
			Err(checks.clone()),
			rule(),
			accept(),
		)
		.unwrap();
		System::assert_last_event(
			Event::ChecksFailed { case: id, service: Service::SocialAssistance, failed: checks.clone() }
				.into(),
		);
		let case = Lifecycle::case(id).unwrap();
		assert_eq!((case.status, case.assignee), (CaseStatus::AwaitingCorrection, Assignee::Applicant));
		assert_eq!(History::<Test>::get(id, 0).unwrap().decision, Decision::ChecksFailed(checks));

		// Still failing: recorded again.
		assert_ok!(<Lifecycle as CaseLifecycle<_, _>>::resubmit(
			id,
			&APPLICANT,
			Default::default(),
			Err(failed(&[Check::IdCardExpired])),
			rule(),
			accept()
		));
		assert_eq!(Lifecycle::case(id).unwrap().status, CaseStatus::AwaitingCorrection);
		// Fixed.
		assert_ok!(<Lifecycle as CaseLifecycle<_, _>>::resubmit(
			id,
			&APPLICANT,
			Default::default(),
			Ok(()),
			rule(),
			accept()
		));
		System::assert_last_event(Event::CaseResubmitted { case: id, next: Step::Acceptance }.into());
		assert_eq!(Lifecycle::case(id).unwrap().history_len, 3);
	});
}

#[test]
fn resubmit_fails_for_others_or_cases_not_awaiting_correction() {
	build_and_execute(|| {
		let id = open_case();
		assert_noop!(
			<Lifecycle as CaseLifecycle<_, _>>::resubmit(id, &2, Default::default(), Ok(()), rule(), accept()),
			Error::<Test>::NotApplicant
		);
		assert_noop!(
			<Lifecycle as CaseLifecycle<_, _>>::resubmit(id, &APPLICANT, Default::default(), Ok(()), rule(), accept()),
			Error::<Test>::NotAwaitingCorrection
		);
		assert_noop!(
			<Lifecycle as CaseLifecycle<_, _>>::resubmit(99, &APPLICANT, Default::default(), Ok(()), rule(), accept()),
			Error::<Test>::UnknownCase
		);
	});
}

#[test]
fn one_open_case_per_service_and_a_bounded_number_per_applicant() {
	build_and_execute(|| {
		open_case();
		assert_noop!(
			<Lifecycle as CaseLifecycle<_, _>>::open(opening(APPLICANT, Service::SocialAssistance), Ok(()), rule(), accept()),
			Error::<Test>::DuplicateApplication
		);
		for service in [Service::SocialWelfare, Service::MinimumLiving] {
			assert_ok!(<Lifecycle as CaseLifecycle<_, _>>::open(opening(APPLICANT, service), Ok(()), rule(), accept()));
		}
		assert_noop!(
			<Lifecycle as CaseLifecycle<_, _>>::open(opening(APPLICANT, Service::SocialInsurance), Ok(()), rule(), accept()),
			Error::<Test>::TooManyCases
		);
	});
}

#[test]
fn authorize_checks_step_role_and_agency() {
	build_and_execute(|| {
		let id = open_case();
		assert_eq!(
			Lifecycle::authorize(id, Step::Acceptance, &OFFICER),
			Ok(Actor::Staff { who: OFFICER, role: Role::CivilAffairsOfficer, agency: CIVIL })
		);
		assert_noop!(Lifecycle::authorize(id, Step::HouseholdInspection, &OFFICER), Error::<Test>::WrongStep);
		assert_noop!(Lifecycle::authorize(id, Step::Acceptance, &INSPECTOR), Error::<Test>::NotAssignee);
		// The right role at the wrong agency.
		assert_noop!(Lifecycle::authorize(id, Step::Acceptance, &OTHER_OFFICER), Error::<Test>::NotAssignee);
		assert_noop!(Lifecycle::authorize(99, Step::Acceptance, &OFFICER), Error::<Test>::UnknownCase);
	});
}

#[test]
fn advance_appends_history_and_moves_queues() {
	build_and_execute(|| {
		let id = open_case();
		let actor = Lifecycle::authorize(id, Step::Acceptance, &OFFICER).unwrap();
		let next = Next::step(Step::HouseholdInspection, Role::NeighborhoodCommitteeMember, None);
		assert_ok!(Lifecycle::advance(id, actor.clone(), Decision::Done, None, next));
		System::assert_last_event(
			Event::CaseAdvanced {
				case: id,
				step: Step::Acceptance,
				decision: Decision::Done,
				next: Step::HouseholdInspection,
				status: CaseStatus::InReview,
			}
			.into(),
		);
		assert!(!Queue::<Test>::contains_key(Role::CivilAffairsOfficer, id));
		assert!(Queue::<Test>::contains_key(Role::NeighborhoodCommitteeMember, id));
		// No deadline is configured for inspections; the acceptance deadline was cleared.
		assert_eq!(Lifecycle::case(id).unwrap().due, None);
		assert!(DueAt::<Test>::get(1 + ACCEPTANCE_DEADLINE).is_empty());
		// Any member of the right kind may inspect (no agency named).
		assert!(Lifecycle::authorize(id, Step::HouseholdInspection, &INSPECTOR).is_ok());
		let view = Lifecycle::case_view(id).unwrap();
		assert_eq!(view.history.len(), 2);
		assert_eq!(view.history[1].actor, actor);
	});
}

#[test]
fn final_cases_accept_nothing_more() {
	build_and_execute(|| {
		let id = open_case();
		assert_ok!(Lifecycle::advance(id, Actor::Runtime, Decision::Rejected, None, Next::end(CaseStatus::Rejected, Step::Acceptance)));
		assert_eq!(OpenCase::<Test>::get(APPLICANT, Service::SocialAssistance), None);
		assert_noop!(Lifecycle::authorize(id, Step::Acceptance, &OFFICER), Error::<Test>::CaseClosed);
		assert_noop!(
			Lifecycle::advance(id, Actor::Runtime, Decision::Done, None, accept()),
			Error::<Test>::CaseClosed
		);
		// A new application in the same service is now allowed.
		open_case();
	});
}

#[test]
fn history_is_bounded() {
	build_and_execute(|| {
		let id = open_case();
		for _ in 1..8 {
			assert_ok!(Lifecycle::advance(id, Actor::Runtime, Decision::Done, None, accept()));
		}
		assert_noop!(
			Lifecycle::advance(id, Actor::Runtime, Decision::Done, None, accept()),
			Error::<Test>::HistoryFull
		);
	});
}

#[test]
fn overdue_steps_are_reported_and_cleared_when_taken() {
	build_and_execute(|| {
		let id = open_case();
		run_to_block(ACCEPTANCE_DEADLINE);
		assert!(Overdue::<Test>::get(id).is_none());
		run_to_block(1 + ACCEPTANCE_DEADLINE);
		System::assert_last_event(
			Event::StepOverdue { case: id, step: Step::Acceptance, due: 1 + ACCEPTANCE_DEADLINE }.into(),
		);
		assert_eq!(Overdue::<Test>::get(id), Some((Step::Acceptance, 1 + ACCEPTANCE_DEADLINE)));
		assert_eq!(Lifecycle::overdue_cases()[0].id, id);
		assert_eq!(History::<Test>::get(id, 1).unwrap().decision, Decision::Overdue);
		// Taking the step late clears it.
		let actor = Lifecycle::authorize(id, Step::Acceptance, &OFFICER).unwrap();
		assert_ok!(Lifecycle::advance(id, actor, Decision::Done, None, Next::review()));
		assert!(Lifecycle::overdue_cases().is_empty());
		assert!(Queue::<Test>::contains_key(Role::DemocraticReviewMember, id));
	});
}

#[test]
fn deadlines_spill_into_later_blocks_when_one_is_full() {
	build_and_execute(|| {
		let ids: Vec<u64> = (1..=3)
			.map(|who| {
				<Lifecycle as CaseLifecycle<_, _>>::open(opening(who, Service::SocialAssistance), Ok(()), rule(), accept())
					.unwrap()
			})
			.collect();
		assert_eq!(DueAt::<Test>::get(1 + ACCEPTANCE_DEADLINE).len(), 2);
		assert_eq!(Lifecycle::case(ids[2]).unwrap().due, Some(2 + ACCEPTANCE_DEADLINE));
	});
}

#[test]
fn withdraw_works() {
	build_and_execute(|| {
		let id = open_case();
		assert_ok!(Lifecycle::withdraw(RuntimeOrigin::signed(APPLICANT), id));
		System::assert_last_event(
			Event::CaseAdvanced {
				case: id,
				step: Step::Acceptance,
				decision: Decision::Withdrawn,
				next: Step::Acceptance,
				status: CaseStatus::Withdrawn,
			}
			.into(),
		);
		assert!(!Queue::<Test>::contains_key(Role::CivilAffairsOfficer, id));
		assert!(DueAt::<Test>::get(1 + ACCEPTANCE_DEADLINE).is_empty());
	});
}

#[test]
fn withdraw_fails() {
	build_and_execute(|| {
		assert_noop!(Lifecycle::withdraw(RuntimeOrigin::signed(APPLICANT), 5), Error::<Test>::UnknownCase);
		let id = open_case();
		assert_noop!(Lifecycle::withdraw(RuntimeOrigin::signed(2), id), Error::<Test>::NotApplicant);
		assert_ok!(Lifecycle::advance(id, Actor::Runtime, Decision::Approved, None, Next {
			status: CaseStatus::Active,
			step: Step::Payments,
			assignee: Assignee::Runtime,
		}));
		assert_noop!(Lifecycle::withdraw(RuntimeOrigin::signed(APPLICANT), id), Error::<Test>::AlreadyActive);
		assert_ok!(Lifecycle::advance(id, Actor::Runtime, Decision::Closed, None, Next::end(CaseStatus::Closed, Step::Payments)));
		assert_noop!(Lifecycle::withdraw(RuntimeOrigin::signed(APPLICANT), id), Error::<Test>::CaseClosed);
	});
}

#[test]
fn set_step_deadline_works_and_needs_governance() {
	build_and_execute(|| {
		assert_noop!(
			Lifecycle::set_step_deadline(RuntimeOrigin::signed(OFFICER), Service::SocialWelfare, Step::Acceptance, Some(9)),
			DispatchError::BadOrigin
		);
		assert_ok!(Lifecycle::set_step_deadline(RuntimeOrigin::root(), Service::SocialWelfare, Step::Acceptance, Some(9)));
		System::assert_last_event(
			Event::StepDeadlineSet { service: Service::SocialWelfare, step: Step::Acceptance, blocks: Some(9) }.into(),
		);
		assert_eq!(StepDeadlines::<Test>::get(Service::SocialWelfare, Step::Acceptance), Some(9));
		assert_ok!(Lifecycle::set_step_deadline(RuntimeOrigin::root(), Service::SocialWelfare, Step::Acceptance, None));
		assert_eq!(StepDeadlines::<Test>::get(Service::SocialWelfare, Step::Acceptance), None);
	});
}
