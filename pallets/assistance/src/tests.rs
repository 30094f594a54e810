//! Unit tests: every call, rule, error and event of the assistance pallet, and the whole
//! workflow from application to payments.

use crate::{mock::*, Assessments, Error, Event, Households, Parameters};
use frame_support::{assert_noop, assert_ok};
use safetynet_primitives::{
	cases::{Actor, CaseStatus, Check, Decision, Step},
	Role,
};
use sp_runtime::DispatchError;

const AMOUNT: Balance = 90_000; // the whole gap: (60 000 - 30 000) × 3

fn applicant() -> AccountId {
	register_citizen(ALICE, Role::AidApplicant, CIVIL_AFFAIRS, NOW + YEAR);
	ALICE
}

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn step_of(case: u64) -> (CaseStatus, Step) {
	let case = Cases::case_view(case).unwrap().case;
	(case.status, case.step)
}

/// Takes a fresh application through acceptance, inspection and accounting.
fn to_review() -> u64 {
	let who = applicant();
	assert_ok!(Assistance::apply_for_aid(signed(who), form()));
	assert_ok!(Assistance::accept_application(signed(CIVIL_OFFICER), 0));
	assert_ok!(Assistance::record_household_inspection(signed(INSPECTOR), 0, cid(b"report"), true));
	assert_ok!(Assistance::upload_income_accounting(signed(ACCOUNTANT), 0, cid(b"sheet"), 90_000, AMOUNT));
	0
}

#[test]
fn the_whole_workflow_ends_in_monthly_payments_with_a_full_history() {
	ExtBuilder::build_and_execute(|| {
		let who = applicant();
		assert_ok!(Assistance::apply_for_aid(signed(who), form()));
		assert_eq!(step_of(0), (CaseStatus::InReview, Step::Acceptance));
		assert_eq!(Households::<Test>::get(0), Some(3));

		assert_ok!(Assistance::accept_application(signed(CIVIL_OFFICER), 0));
		System::assert_last_event(Event::ApplicationAccepted { case: 0, by: CIVIL_OFFICER }.into());
		assert_eq!(step_of(0), (CaseStatus::InReview, Step::HouseholdInspection));

		let report = cid(b"inspection report");
		assert_ok!(Assistance::record_household_inspection(signed(INSPECTOR), 0, report.clone(), true));
		System::assert_last_event(
			Event::HouseholdInspected { case: 0, by: INSPECTOR, report, confirmed: true }.into(),
		);
		assert_eq!(step_of(0), (CaseStatus::InReview, Step::IncomeAccounting));

		assert_ok!(Assistance::upload_income_accounting(signed(ACCOUNTANT), 0, cid(b"sheet"), 90_000, AMOUNT));
		System::assert_last_event(
			Event::IncomeAccounted { case: 0, by: ACCOUNTANT, assessed_income: 90_000, monthly_amount: AMOUNT }
				.into(),
		);
		assert_eq!(step_of(0), (CaseStatus::InReview, Step::DemocraticReview));
		assert_eq!(Cases::queue_of(Role::DemocraticReviewMember).len(), 1);

		let fund_before = free(fund(CIVIL_AFFAIRS));
		assert_ok!(Assistance::feedback_on_democratic_review(RuntimeOrigin::root(), 0, true, Some(cid(b"minutes"))));
		System::assert_has_event(Event::ReviewConcluded { case: 0, approved: true, ayes: 3, of: 5 }.into());
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
		assert_eq!(history[1].actor, Actor::Staff { who: CIVIL_OFFICER, role: Role::CivilAffairsOfficer, agency: CIVIL_AFFAIRS });
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
		assert_ok!(Assistance::apply_for_aid(signed(who), bad));
		let decision = Cases::case_view(0).unwrap().history[0].decision.clone();
		assert_eq!(
			decision,
			Decision::ChecksFailed(
				vec![Check::FormIncomplete, Check::IncomeAboveAssistanceLine, Check::PropertyAboveLimit]
					.try_into()
					.unwrap()
			)
		);
		let mut too_big = form();
		too_big.household_members = 11;
		assert_ok!(Assistance::resubmit_aid(signed(who), 0, too_big));
		assert!(matches!(
			Cases::case_view(0).unwrap().history[1].decision,
			Decision::ChecksFailed(ref f) if f.to_vec() == vec![Check::HouseholdSizeInvalid]
		));
		assert_ok!(Assistance::resubmit_aid(signed(who), 0, form()));
		assert_eq!(step_of(0), (CaseStatus::InReview, Step::Acceptance));
	});
}

#[test]
fn an_expired_id_card_fails_the_checks() {
	ExtBuilder::build_and_execute(|| {
		register_citizen(ALICE, Role::AidApplicant, CIVIL_AFFAIRS, NOW + 1000);
		run_to_block(2);
		assert_ok!(Assistance::apply_for_aid(signed(ALICE), form()));
		assert!(matches!(
			Cases::case_view(0).unwrap().history[0].decision,
			Decision::ChecksFailed(ref f) if f.to_vec() == vec![Check::IdCardExpired]
		));
	});
}

#[test]
fn apply_and_resubmit_fail_for_input_errors() {
	ExtBuilder::build_and_execute(|| {
		assert_noop!(Assistance::apply_for_aid(signed(STRANGER), form()), Error::<Test>::NotAidApplicant);
		let who = applicant();
		let mut wrong = form();
		wrong.agency = INSURANCE_AGENCY;
		assert_noop!(Assistance::apply_for_aid(signed(who), wrong), Error::<Test>::NotACivilAffairsDepartment);
		let mut bad = form();
		bad.family_info_cid = Some(bad_cid());
		assert_noop!(Assistance::apply_for_aid(signed(who), bad), Error::<Test>::InvalidCid);
		assert_noop!(Assistance::resubmit_aid(signed(who), 5, form()), Error::<Test>::NotAnAssistanceCase);
		let mut incomplete = form();
		incomplete.family_info_cid = None;
		assert_ok!(Assistance::apply_for_aid(signed(who), incomplete));
		let mut elsewhere = form();
		elsewhere.agency = NEIGHBORHOOD;
		assert_noop!(Assistance::resubmit_aid(signed(who), 0, elsewhere), Error::<Test>::WrongAgency);
		Parameters::<Test>::kill();
		assert_noop!(Assistance::resubmit_aid(signed(who), 0, form()), Error::<Test>::NoParameters);
	});
}

#[test]
fn each_step_is_only_for_its_role() {
	ExtBuilder::build_and_execute(|| {
		let who = applicant();
		assert_ok!(Assistance::apply_for_aid(signed(who), form()));
		for wrong in [INSPECTOR, INSURANCE_OFFICER, who] {
			assert_noop!(
				Assistance::accept_application(signed(wrong), 0),
				pallet_cases::Error::<Test>::NotAssignee
			);
		}
		assert_noop!(
			Assistance::record_household_inspection(signed(INSPECTOR), 0, cid(b"r"), true),
			pallet_cases::Error::<Test>::WrongStep
		);
		assert_ok!(Assistance::accept_application(signed(CIVIL_OFFICER), 0));
		assert_noop!(
			Assistance::record_household_inspection(signed(ACCOUNTANT), 0, cid(b"r"), true),
			pallet_cases::Error::<Test>::NotAssignee
		);
		assert_noop!(
			Assistance::record_household_inspection(signed(INSPECTOR), 0, bad_cid(), true),
			Error::<Test>::InvalidCid
		);
		assert_ok!(Assistance::record_household_inspection(signed(INSPECTOR), 0, cid(b"r"), true));
		assert_noop!(
			Assistance::upload_income_accounting(signed(INSPECTOR), 0, cid(b"s"), 90_000, 1),
			pallet_cases::Error::<Test>::NotAssignee
		);
		assert_noop!(
			Assistance::feedback_on_democratic_review(RuntimeOrigin::root(), 0, true, None),
			Error::<Test>::NotAwaitingReview
		);
		assert_noop!(
			Assistance::accept_application(signed(CIVIL_OFFICER), 99),
			Error::<Test>::NotAnAssistanceCase
		);
	});
}

#[test]
fn a_negative_inspection_rejects_the_case() {
	ExtBuilder::build_and_execute(|| {
		let who = applicant();
		assert_ok!(Assistance::apply_for_aid(signed(who), form()));
		assert_ok!(Assistance::accept_application(signed(CIVIL_OFFICER), 0));
		assert_ok!(Assistance::record_household_inspection(signed(INSPECTOR), 0, cid(b"r"), false));
		assert_eq!(step_of(0).0, CaseStatus::Rejected);
		assert_noop!(
			Assistance::upload_income_accounting(signed(ACCOUNTANT), 0, cid(b"s"), 1, 1),
			pallet_cases::Error::<Test>::CaseClosed
		);
	});
}

#[test]
fn the_amount_is_bounded_by_the_entitlement() {
	ExtBuilder::build_and_execute(|| {
		let who = applicant();
		assert_ok!(Assistance::apply_for_aid(signed(who), form()));
		assert_ok!(Assistance::accept_application(signed(CIVIL_OFFICER), 0));
		assert_ok!(Assistance::record_household_inspection(signed(INSPECTOR), 0, cid(b"r"), true));
		for amount in [0, AMOUNT + 1] {
			assert_noop!(
				Assistance::upload_income_accounting(signed(ACCOUNTANT), 0, cid(b"s"), 90_000, amount),
				Error::<Test>::AmountAboveEntitlement
			);
		}
		assert_noop!(
			Assistance::upload_income_accounting(signed(ACCOUNTANT), 0, bad_cid(), 90_000, 1),
			Error::<Test>::InvalidCid
		);
		Parameters::<Test>::kill();
		assert_noop!(
			Assistance::upload_income_accounting(signed(ACCOUNTANT), 0, cid(b"s"), 90_000, 1),
			Error::<Test>::NoParameters
		);
	});
}

#[test]
fn the_review_may_reject_and_needs_the_review_origin() {
	ExtBuilder::build_and_execute(|| {
		let case = to_review();
		assert_noop!(
			Assistance::feedback_on_democratic_review(signed(REVIEWER), case, true, None),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Assistance::feedback_on_democratic_review(RuntimeOrigin::root(), case, true, Some(bad_cid())),
			Error::<Test>::InvalidCid
		);
		assert_ok!(Assistance::feedback_on_democratic_review(RuntimeOrigin::root(), case, false, None));
		System::assert_last_event(Event::ReviewConcluded { case, approved: false, ayes: 3, of: 5 }.into());
		assert_eq!(step_of(case).0, CaseStatus::Rejected);
		assert_eq!(Assessments::<Test>::get(case).unwrap().schedule, None);
	});
}

#[test]
fn end_assistance_works_and_checks_officer_and_state() {
	ExtBuilder::build_and_execute(|| {
		let case = to_review();
		assert_noop!(
			Assistance::end_assistance(signed(CIVIL_OFFICER), case, cid(b"why")),
			Error::<Test>::NotActive
		);
		assert_ok!(Assistance::feedback_on_democratic_review(RuntimeOrigin::root(), case, true, None));
		assert_noop!(
			Assistance::end_assistance(signed(INSPECTOR), case, cid(b"why")),
			Error::<Test>::NotCivilAffairsOfficer
		);
		assert_noop!(
			Assistance::end_assistance(signed(CIVIL_OFFICER), case, bad_cid()),
			Error::<Test>::InvalidCid
		);
		let reason = cid(b"found work");
		assert_ok!(Assistance::end_assistance(signed(CIVIL_OFFICER), case, reason.clone()));
		System::assert_last_event(Event::AssistanceEnded { case, by: CIVIL_OFFICER, reason }.into());
		let balance = free(ALICE);
		run_to_block(1 + 3 * PERIOD);
		assert_eq!(free(ALICE), balance, "no payment after the end");
		assert_eq!(step_of(case).0, CaseStatus::Closed);
	});
}

#[test]
fn set_parameters_works_validates_and_needs_governance() {
	ExtBuilder::build_and_execute(|| {
		let mut new = params();
		new.assistance_line = 70_000;
		assert_noop!(
			Assistance::set_parameters(RuntimeOrigin::signed(CIVIL_OFFICER), new.clone()),
			DispatchError::BadOrigin
		);
		assert_ok!(Assistance::set_parameters(RuntimeOrigin::root(), new.clone()));
		System::assert_last_event(Event::ParametersSet { parameters: new.clone() }.into());
		new.max_members = 0;
		assert_noop!(Assistance::set_parameters(RuntimeOrigin::root(), new), Error::<Test>::InvalidParameters);
	});
}
