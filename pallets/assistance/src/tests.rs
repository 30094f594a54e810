//! Unit tests: every call, rule, error and event of the assistance pallet, and the whole
//! workflow from application to payments, with each step taken by the agency responsible.

use crate::{mock::*, Assessment, Assessments, Error, Event};
use frame_support::{assert_noop, assert_ok};
use safetynet_primitives::{
	cases::{Actor, CaseStatus, Check, Decision, Step},
	Role,
};
use sp_runtime::DispatchError;

const AMOUNT: Balance = 90_000; // the whole gap: (60 000 - 30 000) × 3

/// ALICE, an aid applicant whose registered household is [`MEMBERS`].
fn applicant() -> AccountId {
	register_household(ALICE, Role::AidApplicant, CIVIL_AFFAIRS, NOW + YEAR, &MEMBERS);
	ALICE
}

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn step_of(case: u64) -> (CaseStatus, Step) {
	let case = Cases::case_view(case).unwrap().case;
	(case.status, case.step)
}

fn failed(case: u64, entry: usize) -> Vec<Check> {
	match &Cases::case_view(case).unwrap().history[entry].decision {
		Decision::ChecksFailed(f) => f.to_vec(),
		other => panic!("expected failed checks, got {other:?}"),
	}
}

/// Takes a fresh application through acceptance, inspection and accounting.
fn to_review() -> u64 {
	let who = applicant();
	assert_ok!(Assistance::apply(signed(who), form()));
	assert_ok!(Assistance::accept(signed(CIVIL_OFFICER), 0, None));
	assert_ok!(Assistance::inspect(signed(INSPECTOR), 0, cid(b"report"), true, None));
	assert_ok!(Assistance::account_income(signed(ACCOUNTANT), 0, cid(b"sheet"), 90_000, AMOUNT));
	0
}

#[test]
fn the_whole_workflow_ends_in_monthly_payments_with_a_full_history() {
	ExtBuilder::build_and_execute(|| {
		let who = applicant();
		assert_ok!(Assistance::apply(signed(who), form()));
		assert_eq!(step_of(0), (CaseStatus::InReview, Step::Acceptance));

		assert_ok!(Assistance::accept(signed(CIVIL_OFFICER), 0, None));
		System::assert_last_event(Event::ApplicationAccepted { case: 0, by: CIVIL_OFFICER }.into());
		assert_eq!(step_of(0), (CaseStatus::InReview, Step::HouseholdInspection));

		let report = cid(b"inspection report");
		assert_ok!(Assistance::inspect(signed(INSPECTOR), 0, report.clone(), true, None));
		System::assert_last_event(
			Event::HouseholdInspected { case: 0, by: INSPECTOR, report, confirmed: true }.into(),
		);
		assert_eq!(step_of(0), (CaseStatus::InReview, Step::IncomeAccounting));

		assert_ok!(Assistance::account_income(
			signed(ACCOUNTANT),
			0,
			cid(b"sheet"),
			90_000,
			AMOUNT
		));
		System::assert_last_event(
			Event::IncomeAccounted { case: 0, by: ACCOUNTANT, monthly_amount: AMOUNT }.into(),
		);
		assert_eq!(step_of(0), (CaseStatus::InReview, Step::DemocraticReview));
		assert_eq!(Cases::queue_of(Role::DemocraticReviewMember, None).len(), 1);

		let fund_before = free(fund(CIVIL_AFFAIRS));
		assert_ok!(Assistance::review(RuntimeOrigin::root(), 0, true, Some(cid(b"minutes"))));
		System::assert_has_event(
			Event::ReviewConcluded { case: 0, approved: true, ayes: 3, of: 5 }.into(),
		);
		System::assert_has_event(
			Event::AssistanceGranted { case: 0, beneficiary: who, monthly_amount: AMOUNT }.into(),
		);
		assert_eq!(step_of(0), (CaseStatus::Active, Step::Payments));
		assert_eq!(free(who), ENDOWMENT + AMOUNT);
		run_to_block(1 + PERIOD);
		assert_eq!(free(who), ENDOWMENT + 2 * AMOUNT);
		assert_eq!(free(fund(CIVIL_AFFAIRS)), fund_before - 2 * AMOUNT);

		// The trace, from submission to payout.
		let history = Cases::case_view(0).unwrap().history;
		let steps: Vec<Step> = history.iter().map(|r| r.step).collect();
		assert_eq!(
			steps,
			vec![
				Step::Submission,
				Step::Acceptance,
				Step::HouseholdInspection,
				Step::IncomeAccounting,
				Step::DemocraticReview
			]
		);
		assert_eq!(
			history[1].actor,
			Actor::Staff {
				who: CIVIL_OFFICER,
				role: Role::CivilAffairsOfficer,
				agency: CIVIL_AFFAIRS
			}
		);
		assert_eq!(history[1].sent_to, Some(NEIGHBORHOOD));
		assert_eq!(history[2].sent_to, Some(SUB_DISTRICT));
		assert_eq!(history[4].actor, Actor::Collective { ayes: 3, of: 5 });
		assert_eq!(history[4].decision, Decision::Approved);
	});
}

#[test]
fn the_need_test_lists_every_failed_check() {
	ExtBuilder::build_and_execute(|| {
		let who = applicant();
		let mut bad = form();
		bad.family_info_cid = None;
		bad.monthly_income = 3 * LINE;
		bad.property_value = 3 * 600_000;
		assert_ok!(Assistance::apply(signed(who), bad));
		assert_eq!(
			failed(0, 0),
			vec![
				Check::FormIncomplete,
				Check::IncomeAboveAssistanceLine,
				Check::PropertyAboveLimit
			]
		);
		// A member the agency did not register.
		let mut stranger = form();
		stranger.household = household(&[1001, 5555]);
		assert_ok!(Assistance::resubmit(signed(who), 0, stranger));
		assert_eq!(failed(0, 1), vec![Check::HouseholdNotVerified]);
		assert_ok!(Assistance::resubmit(signed(who), 0, form()));
		assert_eq!(step_of(0), (CaseStatus::InReview, Step::Acceptance));
	});
}

#[test]
fn a_household_larger_than_the_maximum_fails_its_check() {
	ExtBuilder::build_and_execute(|| {
		let members: Vec<u128> = (1001..1011).collect();
		register_household(ALICE, Role::AidApplicant, CIVIL_AFFAIRS, NOW + YEAR, &members);
		let mut big = form();
		big.household = household(&members);
		big.monthly_income = 0;
		assert_ok!(Assistance::apply(signed(ALICE), big));
		assert_eq!(failed(0, 0), vec![Check::HouseholdSizeInvalid]);
	});
}

#[test]
fn an_expired_id_card_fails_the_checks() {
	ExtBuilder::build_and_execute(|| {
		register_household(ALICE, Role::AidApplicant, CIVIL_AFFAIRS, NOW + 1000, &MEMBERS);
		run_to_block(2);
		assert_ok!(Assistance::apply(signed(ALICE), form()));
		assert_eq!(failed(0, 0), vec![Check::IdCardExpired]);
	});
}

#[test]
fn the_same_household_cannot_draw_assistance_twice() {
	ExtBuilder::build_and_execute(|| {
		to_review();
		// BOB's household includes ALICE's member 1001.
		register_household(BOB, Role::AidApplicant, CIVIL_AFFAIRS, NOW + YEAR, &[1001]);
		let mut bobs = form();
		bobs.household = household(&[1001]);
		assert_ok!(Assistance::apply(signed(BOB), bobs));
		assert_eq!(failed(1, 0), vec![Check::BenefitNotCombinable]);
	});
}

#[test]
fn apply_and_resubmit_fail_for_input_errors() {
	ExtBuilder::build_and_execute(|| {
		assert_noop!(
			Assistance::apply(signed(STRANGER), form()),
			pallet_cases::Error::<Test>::NotEligibleApplicant
		);
		let who = applicant();
		let mut wrong = form();
		wrong.agency = INSURANCE_AGENCY;
		assert_noop!(
			Assistance::apply(signed(who), wrong),
			pallet_cases::Error::<Test>::WrongAgencyKind
		);
		let mut bad = form();
		bad.family_info_cid = Some(bad_cid());
		assert_noop!(Assistance::apply(signed(who), bad), pallet_cases::Error::<Test>::InvalidCid);
		assert_noop!(
			Assistance::resubmit(signed(who), 5, form()),
			pallet_cases::Error::<Test>::UnknownCase
		);
		let mut incomplete = form();
		incomplete.family_info_cid = None;
		assert_ok!(Assistance::apply(signed(who), incomplete));
		let mut elsewhere = form();
		elsewhere.agency = OTHER_CIVIL_AFFAIRS;
		assert_noop!(
			Assistance::resubmit(signed(who), 0, elsewhere),
			pallet_cases::Error::<Test>::WrongAgency
		);
		pallet_service_parameters::Parameters::<Test>::kill();
		assert_noop!(Assistance::resubmit(signed(who), 0, form()), Error::<Test>::NoParameters);
	});
}

#[test]
fn each_step_is_only_for_its_role_at_the_responsible_agency() {
	ExtBuilder::build_and_execute(|| {
		let who = applicant();
		assert_ok!(Assistance::apply(signed(who), form()));
		for wrong in [INSPECTOR, INSURANCE_OFFICER, who] {
			assert_noop!(
				Assistance::accept(signed(wrong), 0, None),
				pallet_cases::Error::<Test>::NotAssignee
			);
		}
		// Another department's officer: a named refusal.
		assert_noop!(
			Assistance::accept(signed(OTHER_CIVIL_OFFICER), 0, None),
			pallet_cases::Error::<Test>::OtherAgency
		);
		assert_noop!(
			Assistance::inspect(signed(INSPECTOR), 0, cid(b"r"), true, None),
			pallet_cases::Error::<Test>::WrongStep
		);
		assert_ok!(Assistance::accept(signed(CIVIL_OFFICER), 0, None));
		assert_noop!(
			Assistance::inspect(signed(OTHER_INSPECTOR), 0, cid(b"r"), true, None),
			pallet_cases::Error::<Test>::OtherAgency
		);
		assert_noop!(
			Assistance::inspect(signed(ACCOUNTANT), 0, cid(b"r"), true, None),
			pallet_cases::Error::<Test>::NotAssignee
		);
		assert_noop!(
			Assistance::inspect(signed(INSPECTOR), 0, bad_cid(), true, None),
			pallet_cases::Error::<Test>::InvalidCid
		);
		assert_ok!(Assistance::inspect(signed(INSPECTOR), 0, cid(b"r"), true, None));
		assert_noop!(
			Assistance::account_income(signed(OTHER_ACCOUNTANT), 0, cid(b"s"), 90_000, 1),
			pallet_cases::Error::<Test>::OtherAgency
		);
		assert_noop!(
			Assistance::review(RuntimeOrigin::root(), 0, true, None),
			Error::<Test>::NotAwaitingReview
		);
		assert_noop!(
			Assistance::accept(signed(CIVIL_OFFICER), 99, None),
			pallet_cases::Error::<Test>::UnknownCase
		);
	});
}

#[test]
fn a_referral_sends_the_inspection_to_the_named_committee() {
	ExtBuilder::build_and_execute(|| {
		let who = applicant();
		assert_ok!(Assistance::apply(signed(who), form()));
		assert_noop!(
			Assistance::accept(signed(CIVIL_OFFICER), 0, Some(INSURANCE_AGENCY)),
			pallet_cases::Error::<Test>::InvalidReferral
		);
		assert_ok!(Assistance::accept(signed(CIVIL_OFFICER), 0, Some(OTHER_NEIGHBORHOOD)));
		assert_noop!(
			Assistance::inspect(signed(INSPECTOR), 0, cid(b"r"), true, None),
			pallet_cases::Error::<Test>::OtherAgency
		);
		assert_ok!(Assistance::inspect(
			signed(OTHER_INSPECTOR),
			0,
			cid(b"r"),
			true,
			Some(OTHER_SUB_DISTRICT)
		));
		assert_ok!(Assistance::account_income(
			signed(OTHER_ACCOUNTANT),
			0,
			cid(b"s"),
			90_000,
			AMOUNT
		));
	});
}

#[test]
fn nobody_decides_a_case_that_concerns_them() {
	ExtBuilder::build_and_execute(|| {
		let who = applicant();
		assert_ok!(Assistance::apply(signed(who), form()));
		// A civil affairs officer who is ALICE's household member 1002.
		staff_as_person(60, CIVIL_AFFAIRS, Role::CivilAffairsOfficer, 1002);
		assert_noop!(
			Assistance::accept(signed(60), 0, None),
			pallet_cases::Error::<Test>::ConflictOfInterest
		);
	});
}

#[test]
fn a_negative_inspection_rejects_the_case() {
	ExtBuilder::build_and_execute(|| {
		let who = applicant();
		assert_ok!(Assistance::apply(signed(who), form()));
		assert_ok!(Assistance::accept(signed(CIVIL_OFFICER), 0, None));
		assert_ok!(Assistance::inspect(signed(INSPECTOR), 0, cid(b"r"), false, None));
		assert_eq!(step_of(0).0, CaseStatus::Rejected);
		assert_noop!(
			Assistance::account_income(signed(ACCOUNTANT), 0, cid(b"s"), 1, 1),
			pallet_cases::Error::<Test>::CaseClosed
		);
	});
}

#[test]
fn the_amount_is_bounded_by_the_entitlement() {
	ExtBuilder::build_and_execute(|| {
		let who = applicant();
		assert_ok!(Assistance::apply(signed(who), form()));
		assert_ok!(Assistance::accept(signed(CIVIL_OFFICER), 0, None));
		assert_ok!(Assistance::inspect(signed(INSPECTOR), 0, cid(b"r"), true, None));
		for amount in [0, AMOUNT + 1] {
			assert_noop!(
				Assistance::account_income(signed(ACCOUNTANT), 0, cid(b"s"), 90_000, amount),
				Error::<Test>::AmountAboveEntitlement
			);
		}
		assert_noop!(
			Assistance::account_income(signed(ACCOUNTANT), 0, bad_cid(), 90_000, 1),
			pallet_cases::Error::<Test>::InvalidCid
		);
		pallet_service_parameters::Parameters::<Test>::kill();
		assert_noop!(
			Assistance::account_income(signed(ACCOUNTANT), 0, cid(b"s"), 90_000, 1),
			Error::<Test>::NoParameters
		);
	});
}

#[test]
fn the_review_may_reject_and_needs_the_review_origin() {
	ExtBuilder::build_and_execute(|| {
		let case = to_review();
		assert_noop!(
			Assistance::review(signed(REVIEWER), case, true, None),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Assistance::review(RuntimeOrigin::root(), case, true, Some(bad_cid())),
			pallet_cases::Error::<Test>::InvalidCid
		);
		assert_ok!(Assistance::review(RuntimeOrigin::root(), case, false, None));
		System::assert_last_event(
			Event::ReviewConcluded { case, approved: false, ayes: 3, of: 5 }.into(),
		);
		assert_eq!(step_of(case).0, CaseStatus::Rejected);
		assert!(pallet_payments::ScheduleOf::<Test>::get(case).is_none());
		assert!(Assessments::<Test>::get(case).is_some());
	});
}

#[test]
fn the_department_ends_the_assistance_through_the_lifecycle() {
	ExtBuilder::build_and_execute(|| {
		let case = to_review();
		assert_ok!(Assistance::review(RuntimeOrigin::root(), case, true, None));
		assert_noop!(
			Cases::end(signed(OTHER_CIVIL_OFFICER), case, cid(b"why")),
			pallet_cases::Error::<Test>::OtherAgency
		);
		assert_ok!(Cases::end(signed(CIVIL_OFFICER), case, cid(b"found work")));
		let balance = free(ALICE);
		run_to_block(1 + 3 * PERIOD);
		assert_eq!(free(ALICE), balance, "no payment after the end");
		assert_eq!(step_of(case).0, CaseStatus::Closed);
	});
}

#[test]
fn an_approval_without_its_assessment_is_refused() {
	ExtBuilder::build_and_execute(|| {
		let case = to_review();
		let assessment = Assessments::<Test>::take(case).unwrap();
		let refused = frame_support::storage::with_storage_layer(|| {
			Assistance::review(RuntimeOrigin::root(), case, true, None)
		});
		assert_eq!(refused, Err(Error::<Test>::NotAssessed.into()));
		assert_eq!(step_of(case), (CaseStatus::InReview, Step::DemocraticReview));
		Assessments::<Test>::insert(case, assessment);
	});
}

#[test]
fn no_figure_is_kept_only_the_amount_and_a_salted_digest() {
	ExtBuilder::build_and_execute(|| {
		let case = to_review();
		// The accounting leaves the amount to pay, not the assessed income.
		assert_eq!(Assessments::<Test>::get(case), Some(Assessment { monthly_amount: AMOUNT }));
		// The submission's stamp is a digest under the applicant's salt: the same form with
		// another salt gives another digest, so the figures cannot be tested by guessing.
		let stamp = |f: &crate::AidForm<Balance>| Assistance::evaluate(f).unwrap().1.input_digest;
		let recorded = Cases::case_view(case).unwrap().history[0].rule.unwrap().input_digest;
		let mut form = form();
		assert_eq!(stamp(&form), recorded);
		form.salt = [8; 32];
		assert_ne!(stamp(&form), recorded);
		// The household size the rule needs comes from the case, not a copy of this pallet's.
		assert_eq!(<Cases as safetynet_primitives::cases::CaseLifecycle<_, _>>::persons(case), 3);
	});
}
