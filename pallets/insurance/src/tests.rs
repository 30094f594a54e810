//! Unit tests: every call, rule, error and event of the insurance pallet, and its agreements'
//! management through the lifecycle.

use crate::{mock::*, Agreements, Error, Event};
use frame_support::{assert_noop, assert_ok};
use safetynet_primitives::{
	cases::{CaseStatus, Check, Decision, Service, Step},
	Role,
};
use sp_runtime::{DispatchError, Permill};

const PREMIUM: Balance = 40_000; // 500 000 × 8 %

fn insured() -> AccountId {
	register_citizen(ALICE, Role::InsuredEmployee, INSURANCE_AGENCY, NOW + YEAR);
	ALICE
}

fn apply(who: AccountId, form: crate::InsuranceForm<Balance>) -> Result<(), DispatchError> {
	Insurance::apply(RuntimeOrigin::signed(who), form)
}

fn failed_checks_of(case: u64) -> Vec<Check> {
	let view = Cases::case_view(case).unwrap();
	match &view.history.last().unwrap().decision {
		Decision::ChecksFailed(failed) => failed.to_vec(),
		other => panic!("expected failed checks, got {other:?}"),
	}
}

fn schedule_of(case: u64) -> pallet_payments::Schedule<AccountId, Balance, u64> {
	let id = pallet_payments::ScheduleOf::<Test>::get(case).unwrap();
	pallet_payments::Schedules::<Test>::get(id).unwrap()
}

#[test]
fn apply_approves_issues_certificate_and_collects_first_premium() {
	ExtBuilder::build_and_execute(|| {
		let who = insured();
		let fund_before = free(fund(INSURANCE_AGENCY));
		assert_ok!(apply(who, form()));
		System::assert_has_event(
			Event::InsuranceApproved { case: 0, insured: who, certificate: 0, premium: PREMIUM }
				.into(),
		);
		let agreement = Agreements::<Test>::get(0).unwrap();
		assert_eq!((agreement.premium, agreement.agency), (PREMIUM, INSURANCE_AGENCY));
		assert_eq!(free(who), ENDOWMENT - PREMIUM);
		assert_eq!(free(fund(INSURANCE_AGENCY)), fund_before + PREMIUM);
		let case = Cases::case_view(0).unwrap();
		assert_eq!((case.case.status, case.case.step), (CaseStatus::Active, Step::Payments));
		assert_eq!(case.case.service, Service::SocialInsurance);
		assert_eq!(case.case.decided_by, Some(INSURANCE_AGENCY));
		assert_eq!(case.history[0].decision, Decision::ChecksPassed);
		let stamp = case.history[0].rule.expect("the automatic decision is stamped");
		assert_eq!(stamp.parameters_version, 1);
	});
}

#[test]
fn premiums_are_withheld_every_period_and_arrears_recorded() {
	ExtBuilder::build_and_execute(|| {
		let who = insured();
		assert_ok!(apply(who, form()));
		run_to_block(1 + PERIOD);
		assert_eq!(free(who), ENDOWMENT - 2 * PREMIUM);
		// The insured empties the account: the next premium becomes arrears.
		assert_ok!(Balances::force_set_balance(RuntimeOrigin::root(), who, 100));
		run_to_block(1 + 2 * PERIOD);
		assert_eq!(schedule_of(0).arrears, PREMIUM);
	});
}

#[test]
fn every_failed_check_is_listed_and_the_applicant_can_resubmit() {
	ExtBuilder::build_and_execute(|| {
		register_citizen(ALICE, Role::InsuredEmployee, INSURANCE_AGENCY, NOW + 1000);
		run_to_block(2); // the ID card expires
		let mut bad = form();
		bad.form_cid = None;
		bad.monthly_income = 10;
		bad.payment_ratio = Permill::from_percent(50);
		assert_ok!(apply(ALICE, bad));
		assert_eq!(
			failed_checks_of(0),
			vec![
				Check::FormIncomplete,
				Check::IncomeOutsideContributionBase,
				Check::PaymentRatioNotAllowed,
				Check::IdCardExpired,
			]
		);
		assert!(matches!(last_case_event(), pallet_cases::Event::ChecksFailed { case: 0, .. }));
		assert_eq!(Cases::case_view(0).unwrap().case.status, CaseStatus::AwaitingCorrection);
		assert!(Agreements::<Test>::get(0).is_none());
		assert_eq!(free(ALICE), ENDOWMENT, "nothing was collected");

		// The citizen renews the ID card, then resubmits a corrected form.
		register_citizen(ALICE, Role::InsuredEmployee, INSURANCE_AGENCY, NOW + YEAR);
		assert_ok!(Insurance::resubmit(RuntimeOrigin::signed(ALICE), 0, form()));
		System::assert_has_event(
			Event::InsuranceApproved { case: 0, insured: ALICE, certificate: 0, premium: PREMIUM }
				.into(),
		);
		assert_eq!(Cases::case_view(0).unwrap().history.len(), 2);
	});
}

#[test]
fn insufficient_balance_for_the_first_premium_is_a_failed_check() {
	ExtBuilder::build_and_execute(|| {
		let who = insured();
		assert_ok!(Balances::force_set_balance(RuntimeOrigin::root(), who, PREMIUM - 1));
		assert_ok!(apply(who, form()));
		assert_eq!(failed_checks_of(0), vec![Check::InsufficientBalanceForPremium]);
	});
}

#[test]
fn apply_fails_for_input_errors() {
	ExtBuilder::build_and_execute(|| {
		// Not an insured employee or enterprise.
		register_citizen(BOB, Role::AidApplicant, CIVIL_AFFAIRS, NOW + YEAR);
		assert_noop!(apply(BOB, form()), pallet_cases::Error::<Test>::NotEligibleApplicant);
		assert_noop!(apply(STRANGER, form()), pallet_cases::Error::<Test>::NotEligibleApplicant);
		let who = insured();
		let mut wrong_agency = form();
		wrong_agency.agency = CIVIL_AFFAIRS;
		assert_noop!(apply(who, wrong_agency), pallet_cases::Error::<Test>::WrongAgencyKind);
		let mut bad = form();
		bad.photo_cid = Some(bad_cid());
		assert_noop!(apply(who, bad), pallet_cases::Error::<Test>::InvalidCid);
		pallet_service_parameters::Parameters::<Test>::kill();
		assert_noop!(apply(who, form()), Error::<Test>::NoParameters);
	});
}

#[test]
fn one_open_case_at_a_time() {
	ExtBuilder::build_and_execute(|| {
		let who = insured();
		assert_ok!(apply(who, form()));
		assert_noop!(apply(who, form()), pallet_cases::Error::<Test>::DuplicateApplication);
	});
}

#[test]
fn resubmit_fails_for_other_cases() {
	ExtBuilder::build_and_execute(|| {
		let who = insured();
		assert_noop!(
			Insurance::resubmit(RuntimeOrigin::signed(who), 7, form()),
			pallet_cases::Error::<Test>::UnknownCase
		);
		let mut bad = form();
		bad.form_cid = None;
		assert_ok!(apply(who, bad));
		let mut elsewhere = form();
		elsewhere.agency = CIVIL_AFFAIRS;
		assert_noop!(
			Insurance::resubmit(RuntimeOrigin::signed(who), 0, elsewhere),
			pallet_cases::Error::<Test>::WrongAgency
		);
		assert_ok!(Insurance::resubmit(RuntimeOrigin::signed(who), 0, form()));
		assert_noop!(
			Insurance::resubmit(RuntimeOrigin::signed(who), 0, form()),
			pallet_cases::Error::<Test>::NotAwaitingCorrection
		);
	});
}

#[test]
fn officers_suspend_resume_and_end_agreements_through_the_lifecycle() {
	ExtBuilder::build_and_execute(|| {
		let who = insured();
		assert_ok!(apply(who, form()));
		let officer = RuntimeOrigin::signed(INSURANCE_OFFICER);
		assert_noop!(
			Cases::suspend(RuntimeOrigin::signed(CIVIL_OFFICER), 0, cid(b"r")),
			pallet_cases::Error::<Test>::NotAssignee
		);
		assert_ok!(Cases::suspend(officer.clone(), 0, cid(b"employer bankrupt")));
		assert_eq!(Cases::case_view(0).unwrap().case.status, CaseStatus::Suspended);
		run_to_block(1 + PERIOD);
		assert_eq!(free(who), ENDOWMENT - PREMIUM, "no premium while suspended");

		assert_ok!(Cases::resume(officer.clone(), 0));
		assert_eq!(schedule_of(0).status, pallet_payments::ScheduleStatus::Active);

		assert_ok!(Cases::end(officer, 0, cid(b"retirement certificate")));
		assert_eq!(Cases::case_view(0).unwrap().case.status, CaseStatus::Closed);
		run_to_block(1 + 4 * PERIOD);
		assert_eq!(free(who), ENDOWMENT - PREMIUM, "no premium after the end");
		// A new application is possible again.
		assert_ok!(apply(who, form()));
	});
}

#[test]
fn the_same_person_cannot_be_insured_twice() {
	ExtBuilder::build_and_execute(|| {
		use pallet_cases::ConflictAction;
		assert_ok!(Cases::set_combination_rule(
			RuntimeOrigin::root(),
			Service::SocialInsurance,
			Service::SocialInsurance,
			Some(ConflictAction::JointDecision)
		));
		let who = insured();
		assert_ok!(apply(who, form()));
		// BOB's household lists ALICE: an insurance for a household member would be ALICE's
		// second. Approved on the spot is never left to a joint decision: it is refused.
		register_household(BOB, Role::InsuredEmployee, INSURANCE_AGENCY, NOW + YEAR, &[ALICE]);
		let opening = safetynet_primitives::cases::Opening {
			service: Service::SocialInsurance,
			applicant: BOB,
			agency: INSURANCE_AGENCY,
			documents: Default::default(),
			household: household(&[ALICE]),
		};
		let (case, admission) = <Cases as safetynet_primitives::cases::CaseLifecycle<_, _>>::open(
			opening,
			Ok(()),
			safetynet_primitives::cases::rule_stamp(1, 1, &[0; 32], &()),
			safetynet_primitives::cases::Next::active(
				Step::Payments,
				safetynet_primitives::cases::Assign::Runtime,
			),
		)
		.unwrap();
		assert_eq!(admission, safetynet_primitives::cases::Admission::AwaitingCorrection);
		assert_eq!(failed_checks_of(case), vec![Check::BenefitNotCombinable]);
	});
}
