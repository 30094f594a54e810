//! Unit tests: every call, rule, error and event of the insurance pallet.

use crate::{mock::*, AgreementStatus, Agreements, EndReason, Error, Event, Parameters};
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
	Insurance::apply_for_insurance(RuntimeOrigin::signed(who), form)
}

fn failed_checks_of(case: u64) -> Vec<Check> {
	let view = Cases::case_view(case).unwrap();
	match &view.history.last().unwrap().decision {
		Decision::ChecksFailed(failed) => failed.to_vec(),
		other => panic!("expected failed checks, got {other:?}"),
	}
}

#[test]
fn apply_for_insurance_approves_issues_certificate_and_collects_first_premium() {
	ExtBuilder::build_and_execute(|| {
		let who = insured();
		let fund_before = free(fund(INSURANCE_AGENCY));
		assert_ok!(apply(who, form()));
		System::assert_has_event(
			Event::InsuranceApproved { case: 0, insured: who, certificate: 0, premium: PREMIUM }.into(),
		);
		let agreement = Agreements::<Test>::get(0).unwrap();
		assert_eq!(agreement.status, AgreementStatus::Active);
		assert_eq!(agreement.premium, PREMIUM);
		assert_eq!(free(who), ENDOWMENT - PREMIUM);
		assert_eq!(free(fund(INSURANCE_AGENCY)), fund_before + PREMIUM);
		let case = Cases::case_view(0).unwrap();
		assert_eq!((case.case.status, case.case.step), (CaseStatus::Active, Step::Payments));
		assert_eq!(case.case.service, Service::SocialInsurance);
		assert_eq!(case.history[0].decision, Decision::ChecksPassed);
		assert!(case.history[0].rule.is_some(), "the automatic decision is stamped");
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
		let schedule = Agreements::<Test>::get(0).unwrap().schedule;
		assert_eq!(pallet_payments::Schedules::<Test>::get(schedule).unwrap().arrears, PREMIUM);
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
				Check::IdCardExpired,
				Check::IncomeOutsideContributionBase,
				Check::PaymentRatioNotAllowed,
			]
		);
		assert!(matches!(last_case_event(), pallet_cases::Event::ChecksFailed { case: 0, .. }));
		assert_eq!(Cases::case_view(0).unwrap().case.status, CaseStatus::AwaitingCorrection);
		assert!(Agreements::<Test>::get(0).is_none());
		assert_eq!(free(ALICE), ENDOWMENT, "nothing was collected");

		// The citizen renews the ID card, then resubmits a corrected form.
		let renewal = pallet_registration::RegistrationForm {
			roles: pallet_registration::roles_from_list(&[Role::InsuredEmployee]).unwrap(),
			id_commitment: sp_core::H256::from_low_u64_be(ALICE),
			id_valid_until: NOW + YEAR,
			form_cid: cid(b"renewed"),
			photo_cid: Some(photo_of(ALICE)),
			agency: INSURANCE_AGENCY,
		};
		assert_ok!(Registration::request_registration(RuntimeOrigin::signed(ALICE), renewal));
		assert_ok!(Registration::verify_citizen(RuntimeOrigin::signed(INSURANCE_OFFICER), ALICE));
		assert_ok!(Insurance::resubmit_insurance(RuntimeOrigin::signed(ALICE), 0, form()));
		System::assert_has_event(
			Event::InsuranceApproved { case: 0, insured: ALICE, certificate: 0, premium: PREMIUM }.into(),
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
		assert_noop!(apply(BOB, form()), Error::<Test>::NotInsuredParticipant);
		assert_noop!(apply(STRANGER, form()), Error::<Test>::NotInsuredParticipant);
		let who = insured();
		let mut wrong_agency = form();
		wrong_agency.agency = CIVIL_AFFAIRS;
		assert_noop!(apply(who, wrong_agency), Error::<Test>::NotAnInsuranceAgency);
		let mut bad = form();
		bad.photo_cid = Some(bad_cid());
		assert_noop!(apply(who, bad), Error::<Test>::InvalidCid);
		Parameters::<Test>::kill();
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
			Insurance::resubmit_insurance(RuntimeOrigin::signed(who), 7, form()),
			Error::<Test>::NotAnInsuranceCase
		);
		let mut bad = form();
		bad.form_cid = None;
		assert_ok!(apply(who, bad));
		let mut elsewhere = form();
		elsewhere.agency = CIVIL_AFFAIRS;
		assert_noop!(
			Insurance::resubmit_insurance(RuntimeOrigin::signed(who), 0, elsewhere),
			Error::<Test>::WrongAgency
		);
		assert_ok!(Insurance::resubmit_insurance(RuntimeOrigin::signed(who), 0, form()));
		assert_noop!(
			Insurance::resubmit_insurance(RuntimeOrigin::signed(who), 0, form()),
			pallet_cases::Error::<Test>::NotAwaitingCorrection
		);
	});
}

#[test]
fn officers_suspend_resume_and_end_agreements() {
	ExtBuilder::build_and_execute(|| {
		let who = insured();
		assert_ok!(apply(who, form()));
		let reason = cid(b"employer bankrupt");
		assert_ok!(Insurance::suspend_agreement(RuntimeOrigin::signed(INSURANCE_OFFICER), 0, reason.clone()));
		System::assert_last_event(Event::AgreementSuspended { case: 0, by: INSURANCE_OFFICER, reason }.into());
		assert_eq!(Cases::case_view(0).unwrap().case.status, CaseStatus::Suspended);
		run_to_block(1 + PERIOD);
		assert_eq!(free(who), ENDOWMENT - PREMIUM, "no premium while suspended");

		assert_ok!(Insurance::resume_agreement(RuntimeOrigin::signed(INSURANCE_OFFICER), 0));
		System::assert_last_event(Event::AgreementResumed { case: 0, by: INSURANCE_OFFICER }.into());
		assert_eq!(Agreements::<Test>::get(0).unwrap().status, AgreementStatus::Active);

		assert_ok!(Insurance::end_agreement(
			RuntimeOrigin::signed(INSURANCE_OFFICER),
			0,
			EndReason::Retirement,
			Some(cid(b"retirement certificate"))
		));
		System::assert_last_event(
			Event::AgreementEnded { case: 0, by: INSURANCE_OFFICER, reason: EndReason::Retirement }.into(),
		);
		assert_eq!(Cases::case_view(0).unwrap().case.status, CaseStatus::Closed);
		run_to_block(1 + 4 * PERIOD);
		assert_eq!(free(who), ENDOWMENT - PREMIUM, "no premium after the end");
		// A new application is possible again.
		assert_ok!(apply(who, form()));
	});
}

#[test]
fn agreement_management_fails_for_the_wrong_people_or_state() {
	ExtBuilder::build_and_execute(|| {
		let who = insured();
		let reason = cid(b"r");
		assert_noop!(
			Insurance::suspend_agreement(RuntimeOrigin::signed(INSURANCE_OFFICER), 0, reason.clone()),
			Error::<Test>::NoAgreement
		);
		assert_ok!(apply(who, form()));
		for not_officer in [CIVIL_OFFICER, who, STRANGER] {
			assert_noop!(
				Insurance::suspend_agreement(RuntimeOrigin::signed(not_officer), 0, reason.clone()),
				Error::<Test>::NotInsuranceOfficer
			);
		}
		assert_noop!(
			Insurance::suspend_agreement(RuntimeOrigin::signed(INSURANCE_OFFICER), 0, bad_cid()),
			Error::<Test>::InvalidCid
		);
		assert_noop!(
			Insurance::resume_agreement(RuntimeOrigin::signed(INSURANCE_OFFICER), 0),
			Error::<Test>::AgreementNotSuspended
		);
		assert_ok!(Insurance::suspend_agreement(RuntimeOrigin::signed(INSURANCE_OFFICER), 0, reason.clone()));
		assert_noop!(
			Insurance::suspend_agreement(RuntimeOrigin::signed(INSURANCE_OFFICER), 0, reason),
			Error::<Test>::AgreementNotActive
		);
		assert_noop!(
			Insurance::end_agreement(RuntimeOrigin::signed(INSURANCE_OFFICER), 0, EndReason::Fraud, Some(bad_cid())),
			Error::<Test>::InvalidCid
		);
		assert_ok!(Insurance::end_agreement(RuntimeOrigin::signed(INSURANCE_OFFICER), 0, EndReason::Fraud, None));
		assert_noop!(
			Insurance::end_agreement(RuntimeOrigin::signed(INSURANCE_OFFICER), 0, EndReason::Fraud, None),
			pallet_cases::Error::<Test>::CaseClosed
		);
	});
}

#[test]
fn set_parameters_works_validates_and_needs_governance() {
	ExtBuilder::build_and_execute(|| {
		let mut new = params();
		new.max_contribution_base = 9_000_000;
		assert_noop!(
			Insurance::set_parameters(RuntimeOrigin::signed(INSURANCE_OFFICER), new.clone()),
			DispatchError::BadOrigin
		);
		assert_ok!(Insurance::set_parameters(RuntimeOrigin::root(), new.clone()));
		System::assert_last_event(Event::ParametersSet { parameters: new.clone() }.into());
		assert_eq!(Parameters::<Test>::get(), Some(new.clone()));
		new.premium_period = 0;
		assert_noop!(Insurance::set_parameters(RuntimeOrigin::root(), new), Error::<Test>::InvalidParameters);
	});
}
