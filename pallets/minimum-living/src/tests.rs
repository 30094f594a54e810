//! Unit tests: every call, rule, error and event of the minimum living pallet, and the whole
//! workflow with its public notice, objections and annual re-check.

use crate::{mock::*, Error, Event, Households, Parameters, RegionStandards};
use frame_support::{assert_noop, assert_ok};
use safetynet_primitives::{
	cases::{CaseStatus, Check, Decision, Step},
	Role,
};
use sp_runtime::DispatchError;

/// (80 000 - 30 000) × 2.
const AMOUNT: Balance = 100_000;

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn applicant() -> AccountId {
	register_citizen(ALICE, Role::MinimumLivingApplicant, CIVIL_AFFAIRS, NOW + YEAR);
	ALICE
}

fn status_step(case: u64) -> (CaseStatus, Step) {
	let case = Cases::case_view(case).unwrap().case;
	(case.status, case.step)
}

/// Takes an application through review and approval into its public notice.
fn to_notice() -> u64 {
	let who = applicant();
	assert_ok!(MinimumLiving::apply_for_minimum_living(signed(who), form()));
	assert_ok!(MinimumLiving::accept_application(signed(CIVIL_OFFICER), 0));
	assert_ok!(MinimumLiving::record_household_inspection(signed(INSPECTOR), 0, cid(b"report"), true));
	assert_ok!(MinimumLiving::upload_income_accounting(signed(ACCOUNTANT), 0, cid(b"sheet"), 60_000));
	assert_ok!(MinimumLiving::feedback_on_democratic_review(RuntimeOrigin::root(), 0, true, None));
	0
}

/// Continues into payments.
fn to_active() -> u64 {
	let case = to_notice();
	run_to_block(1 + NOTICE);
	assert_ok!(MinimumLiving::conclude_public_notice(signed(ALICE), case));
	case
}

#[test]
fn the_whole_workflow_ends_in_monthly_payments_awaiting_the_annual_recheck() {
	ExtBuilder::build_and_execute(|| {
		let who = applicant();
		assert_ok!(MinimumLiving::apply_for_minimum_living(signed(who), form()));
		assert_eq!(status_step(0), (CaseStatus::InReview, Step::Acceptance));
		assert_ok!(MinimumLiving::accept_application(signed(CIVIL_OFFICER), 0));
		System::assert_last_event(Event::ApplicationAccepted { case: 0, by: CIVIL_OFFICER }.into());
		let report = cid(b"report");
		assert_ok!(MinimumLiving::record_household_inspection(signed(INSPECTOR), 0, report.clone(), true));
		System::assert_last_event(Event::HouseholdInspected { case: 0, by: INSPECTOR, report, confirmed: true }.into());
		assert_ok!(MinimumLiving::upload_income_accounting(signed(ACCOUNTANT), 0, cid(b"sheet"), 60_000));
		System::assert_last_event(
			Event::IncomeAccounted { case: 0, by: ACCOUNTANT, assessed_income: 60_000, monthly_amount: AMOUNT }.into(),
		);
		assert_ok!(MinimumLiving::feedback_on_democratic_review(RuntimeOrigin::root(), 0, true, Some(cid(b"minutes"))));
		System::assert_has_event(Event::ReviewConcluded { case: 0, approved: true, ayes: 4, of: 5 }.into());
		System::assert_last_event(Event::NoticePublished { case: 0, ends: 1 + NOTICE }.into());
		assert_eq!(status_step(0), (CaseStatus::InReview, Step::PublicNotice));

		assert_noop!(MinimumLiving::conclude_public_notice(signed(who), 0), Error::<Test>::NoticeNotOver);
		run_to_block(1 + NOTICE);
		let fund_before = free(fund(CIVIL_AFFAIRS));
		assert_ok!(MinimumLiving::conclude_public_notice(signed(AUDITOR), 0));
		System::assert_has_event(Event::GuaranteeGranted { case: 0, beneficiary: who, monthly_amount: AMOUNT }.into());
		assert_eq!(status_step(0), (CaseStatus::Active, Step::AnnualRecheck));
		assert_eq!(Cases::queue_of(Role::CivilAffairsOfficer).len(), 1, "the re-check waits in the queue");
		assert_eq!(Cases::case_view(0).unwrap().case.due, Some(1 + NOTICE + RECHECK));
		assert_eq!(free(who), ENDOWMENT + AMOUNT);
		run_to_block(1 + NOTICE + PERIOD);
		assert_eq!(free(fund(CIVIL_AFFAIRS)), fund_before - 2 * AMOUNT);
	});
}

#[test]
fn the_checks_list_every_failure() {
	ExtBuilder::build_and_execute(|| {
		let who = applicant();
		let mut bad = form();
		bad.household_info_cid = None;
		bad.household_members = 9;
		bad.region = 1;
		assert_ok!(MinimumLiving::apply_for_minimum_living(signed(who), bad));
		assert_eq!(
			Cases::case_view(0).unwrap().history[0].decision,
			Decision::ChecksFailed(
				vec![Check::FormIncomplete, Check::HouseholdSizeInvalid, Check::UnknownRegion].try_into().unwrap()
			)
		);
		let mut rich = form();
		rich.household_income = 2 * STANDARD;
		rich.property_value = 2 * 300_001;
		assert_ok!(MinimumLiving::resubmit_minimum_living(signed(who), 0, rich));
		assert!(matches!(
			Cases::case_view(0).unwrap().history[1].decision,
			Decision::ChecksFailed(ref f) if f.to_vec() == vec![Check::IncomeAboveMinimumStandard, Check::PropertyAboveLimit]
		));
		assert_ok!(MinimumLiving::resubmit_minimum_living(signed(who), 0, form()));
		assert_eq!(status_step(0), (CaseStatus::InReview, Step::Acceptance));
	});
}

#[test]
fn apply_and_resubmit_fail_for_input_errors() {
	ExtBuilder::build_and_execute(|| {
		assert_noop!(
			MinimumLiving::apply_for_minimum_living(signed(STRANGER), form()),
			Error::<Test>::NotMinimumLivingApplicant
		);
		let who = applicant();
		let mut wrong = form();
		wrong.agency = NEIGHBORHOOD;
		assert_noop!(MinimumLiving::apply_for_minimum_living(signed(who), wrong), Error::<Test>::NotACivilAffairsDepartment);
		let mut bad = form();
		bad.household_info_cid = Some(bad_cid());
		assert_noop!(MinimumLiving::apply_for_minimum_living(signed(who), bad), Error::<Test>::InvalidCid);
		assert_noop!(MinimumLiving::resubmit_minimum_living(signed(who), 4, form()), Error::<Test>::NotAMinimumLivingCase);
		let mut incomplete = form();
		incomplete.household_info_cid = None;
		assert_ok!(MinimumLiving::apply_for_minimum_living(signed(who), incomplete));
		let mut elsewhere = form();
		elsewhere.agency = INSURANCE_AGENCY;
		assert_noop!(MinimumLiving::resubmit_minimum_living(signed(who), 0, elsewhere), Error::<Test>::WrongAgency);
		Parameters::<Test>::kill();
		assert_noop!(MinimumLiving::resubmit_minimum_living(signed(who), 0, form()), Error::<Test>::NoParameters);
	});
}

#[test]
fn an_assessment_above_the_standard_rejects_the_case() {
	ExtBuilder::build_and_execute(|| {
		let who = applicant();
		assert_ok!(MinimumLiving::apply_for_minimum_living(signed(who), form()));
		assert_ok!(MinimumLiving::accept_application(signed(CIVIL_OFFICER), 0));
		assert_ok!(MinimumLiving::record_household_inspection(signed(INSPECTOR), 0, cid(b"r"), true));
		assert_noop!(
			MinimumLiving::upload_income_accounting(signed(ACCOUNTANT), 0, bad_cid(), 1),
			Error::<Test>::InvalidCid
		);
		assert_ok!(MinimumLiving::upload_income_accounting(signed(ACCOUNTANT), 0, cid(b"s"), 2 * STANDARD));
		System::assert_last_event(Event::NotEligible { case: 0 }.into());
		assert_eq!(status_step(0).0, CaseStatus::Rejected);
	});
}

#[test]
fn a_removed_region_standard_stops_the_accounting() {
	ExtBuilder::build_and_execute(|| {
		let who = applicant();
		assert_ok!(MinimumLiving::apply_for_minimum_living(signed(who), form()));
		assert_ok!(MinimumLiving::accept_application(signed(CIVIL_OFFICER), 0));
		assert_ok!(MinimumLiving::record_household_inspection(signed(INSPECTOR), 0, cid(b"r"), true));
		RegionStandards::<Test>::remove(CITY);
		assert_noop!(
			MinimumLiving::upload_income_accounting(signed(ACCOUNTANT), 0, cid(b"s"), 1),
			Error::<Test>::UnknownRegion
		);
	});
}

#[test]
fn the_review_needs_its_origin_and_may_reject() {
	ExtBuilder::build_and_execute(|| {
		let who = applicant();
		assert_ok!(MinimumLiving::apply_for_minimum_living(signed(who), form()));
		assert_noop!(
			MinimumLiving::feedback_on_democratic_review(RuntimeOrigin::root(), 0, true, None),
			Error::<Test>::NotAwaitingReview
		);
		assert_ok!(MinimumLiving::accept_application(signed(CIVIL_OFFICER), 0));
		assert_ok!(MinimumLiving::record_household_inspection(signed(INSPECTOR), 0, cid(b"r"), true));
		assert_ok!(MinimumLiving::upload_income_accounting(signed(ACCOUNTANT), 0, cid(b"s"), 60_000));
		assert_noop!(
			MinimumLiving::feedback_on_democratic_review(signed(REVIEWER), 0, true, None),
			DispatchError::BadOrigin
		);
		assert_noop!(
			MinimumLiving::feedback_on_democratic_review(RuntimeOrigin::root(), 0, true, Some(bad_cid())),
			Error::<Test>::InvalidCid
		);
		assert_ok!(MinimumLiving::feedback_on_democratic_review(RuntimeOrigin::root(), 0, false, None));
		assert_eq!(status_step(0).0, CaseStatus::Rejected);
	});
}

#[test]
fn an_objection_pauses_the_case_and_an_upheld_one_rejects_it() {
	ExtBuilder::build_and_execute(|| {
		let case = to_notice();
		register_citizen(BOB, Role::AidApplicant, CIVIL_AFFAIRS, NOW + YEAR);
		let objection = cid(b"they own a shop");
		assert_ok!(MinimumLiving::object(signed(BOB), case, objection.clone()));
		System::assert_last_event(Event::ObjectionRaised { case, by: BOB, objection }.into());
		assert_eq!(status_step(case), (CaseStatus::Suspended, Step::ObjectionReview));
		run_to_block(1 + NOTICE);
		assert_noop!(MinimumLiving::conclude_public_notice(signed(ALICE), case), Error::<Test>::NotInNotice);
		assert_noop!(
			MinimumLiving::resolve_objection(signed(INSPECTOR), case, true, cid(b"finding")),
			pallet_cases::Error::<Test>::NotAssignee
		);
		assert_ok!(MinimumLiving::resolve_objection(signed(CIVIL_OFFICER), case, true, cid(b"finding")));
		System::assert_last_event(Event::ObjectionResolved { case, by: CIVIL_OFFICER, upheld: true }.into());
		assert_eq!(status_step(case).0, CaseStatus::Rejected);
	});
}

#[test]
fn a_dismissed_objection_restarts_the_notice() {
	ExtBuilder::build_and_execute(|| {
		let case = to_notice();
		assert_ok!(MinimumLiving::object(signed(AUDITOR), case, cid(b"o")));
		run_to_block(3);
		assert_ok!(MinimumLiving::resolve_objection(signed(CIVIL_OFFICER), case, false, cid(b"finding")));
		System::assert_last_event(Event::NoticePublished { case, ends: 3 + NOTICE }.into());
		assert_eq!(status_step(case), (CaseStatus::InReview, Step::PublicNotice));
		assert_ok!(MinimumLiving::object(signed(AUDITOR), case, cid(b"o2")));
		assert_ok!(MinimumLiving::resolve_objection(signed(CIVIL_OFFICER), case, false, cid(b"f2")));
		assert_noop!(MinimumLiving::object(signed(AUDITOR), case, cid(b"o3")), Error::<Test>::TooManyObjections);
		run_to_block(3 + NOTICE);
		assert_noop!(MinimumLiving::object(signed(AUDITOR), case, cid(b"late")), Error::<Test>::NoticeOver);
		assert_ok!(MinimumLiving::conclude_public_notice(signed(ALICE), case));
	});
}

#[test]
fn objections_and_conclusions_need_participants_and_a_notice() {
	ExtBuilder::build_and_execute(|| {
		let who = applicant();
		assert_ok!(MinimumLiving::apply_for_minimum_living(signed(who), form()));
		assert_noop!(MinimumLiving::object(signed(STRANGER), 0, cid(b"o")), Error::<Test>::NotAParticipant);
		assert_noop!(MinimumLiving::object(signed(AUDITOR), 0, bad_cid()), Error::<Test>::InvalidCid);
		assert_noop!(MinimumLiving::object(signed(AUDITOR), 0, cid(b"o")), Error::<Test>::NotInNotice);
		assert_noop!(MinimumLiving::conclude_public_notice(signed(STRANGER), 0), Error::<Test>::NotAParticipant);
		assert_noop!(MinimumLiving::conclude_public_notice(signed(AUDITOR), 0), Error::<Test>::NotInNotice);
		assert_noop!(
			MinimumLiving::resolve_objection(signed(CIVIL_OFFICER), 0, true, bad_cid()),
			Error::<Test>::InvalidCid
		);
	});
}

#[test]
fn the_annual_recheck_adjusts_or_ends_the_guarantee() {
	ExtBuilder::build_and_execute(|| {
		let case = to_active();
		assert_noop!(
			MinimumLiving::annual_recheck(signed(INSPECTOR), case, cid(b"r"), 0, 2),
			pallet_cases::Error::<Test>::NotAssignee
		);
		assert_noop!(
			MinimumLiving::annual_recheck(signed(CIVIL_OFFICER), case, cid(b"r"), 0, 0),
			Error::<Test>::HouseholdSizeInvalid
		);
		assert_noop!(
			MinimumLiving::annual_recheck(signed(CIVIL_OFFICER), case, bad_cid(), 0, 2),
			Error::<Test>::InvalidCid
		);
		// Income fell to nothing and a child was born: (80 000 - 0) × 3.
		assert_ok!(MinimumLiving::annual_recheck(signed(CIVIL_OFFICER), case, cid(b"r1"), 0, 3));
		System::assert_last_event(Event::RecheckCompleted { case, by: CIVIL_OFFICER, monthly_amount: 240_000 }.into());
		assert_eq!(Households::<Test>::get(case).unwrap().monthly_amount, Some(240_000));
		assert_eq!(status_step(case), (CaseStatus::Active, Step::AnnualRecheck));
		// Now above the standard: the guarantee ends.
		assert_ok!(MinimumLiving::annual_recheck(signed(CIVIL_OFFICER), case, cid(b"r2"), 3 * STANDARD, 3));
		System::assert_last_event(Event::GuaranteeTerminated { case, by: CIVIL_OFFICER }.into());
		assert_eq!(status_step(case).0, CaseStatus::Closed);
	});
}

#[test]
fn an_overdue_recheck_is_reported() {
	ExtBuilder::build_and_execute(|| {
		let case = to_active();
		let due = Cases::case_view(case).unwrap().case.due.unwrap();
		run_to_block(due);
		assert_eq!(Cases::overdue_cases().len(), 1);
		assert_eq!(Cases::overdue_cases()[0].step, Step::AnnualRecheck);
	});
}

#[test]
fn terminate_works_and_checks_officer_and_state() {
	ExtBuilder::build_and_execute(|| {
		let case = to_notice();
		assert_noop!(MinimumLiving::terminate(signed(CIVIL_OFFICER), case, cid(b"r")), Error::<Test>::NotActive);
		run_to_block(1 + NOTICE);
		assert_ok!(MinimumLiving::conclude_public_notice(signed(ALICE), case));
		assert_noop!(MinimumLiving::terminate(signed(INSPECTOR), case, cid(b"r")), Error::<Test>::NotCivilAffairsOfficer);
		assert_noop!(MinimumLiving::terminate(signed(CIVIL_OFFICER), case, bad_cid()), Error::<Test>::InvalidCid);
		assert_ok!(MinimumLiving::terminate(signed(CIVIL_OFFICER), case, cid(b"moved away")));
		System::assert_last_event(Event::GuaranteeTerminated { case, by: CIVIL_OFFICER }.into());
		let balance = free(ALICE);
		run_to_block(1 + NOTICE + 3 * PERIOD);
		assert_eq!(free(ALICE), balance);
	});
}

#[test]
fn governance_sets_parameters_and_region_standards() {
	ExtBuilder::build_and_execute(|| {
		let mut new = params();
		new.notice_period = 7;
		assert_noop!(MinimumLiving::set_parameters(signed(CIVIL_OFFICER), new.clone()), DispatchError::BadOrigin);
		assert_ok!(MinimumLiving::set_parameters(RuntimeOrigin::root(), new.clone()));
		System::assert_last_event(Event::ParametersSet { parameters: new.clone() }.into());
		new.notice_period = 0;
		assert_noop!(MinimumLiving::set_parameters(RuntimeOrigin::root(), new), Error::<Test>::InvalidParameters);

		assert_noop!(MinimumLiving::set_region_standard(signed(CIVIL_OFFICER), 5, Some(1)), DispatchError::BadOrigin);
		assert_ok!(MinimumLiving::set_region_standard(RuntimeOrigin::root(), 5, Some(70_000)));
		System::assert_last_event(Event::RegionStandardSet { region: 5, standard: Some(70_000) }.into());
		assert_eq!(RegionStandards::<Test>::get(5), Some(70_000));
		assert_ok!(MinimumLiving::set_region_standard(RuntimeOrigin::root(), 5, None));
		assert_eq!(RegionStandards::<Test>::get(5), None);
	});
}
