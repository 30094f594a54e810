//! Unit tests: every call, rule, error and event of the minimum living pallet, and the whole
//! workflow with its public notice, objections and annual re-check.

use crate::{mock::*, Error, Event, Households, RegionStandards};
use frame_support::{assert_noop, assert_ok};
use safetynet_primitives::{
	cases::{CaseStatus, Check, Decision, Step},
	RegionCode, Role,
};
use sp_runtime::DispatchError;

/// (80 000 - 30 000) × 2.
const AMOUNT: Balance = 100_000;

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn applicant() -> AccountId {
	register_household(ALICE, Role::MinimumLivingApplicant, CIVIL_AFFAIRS, NOW + YEAR, &[MEMBER]);
	ALICE
}

fn status_step(case: u64) -> (CaseStatus, Step) {
	let case = Cases::case_view(case).unwrap().case;
	(case.status, case.step)
}

fn failed(case: u64, entry: usize) -> Vec<Check> {
	match &Cases::case_view(case).unwrap().history[entry].decision {
		Decision::ChecksFailed(f) => f.to_vec(),
		other => panic!("expected failed checks, got {other:?}"),
	}
}

/// Takes a fresh application as far as the democratic review.
fn to_review() -> u64 {
	let who = applicant();
	assert_ok!(MinimumLiving::apply(signed(who), form()));
	assert_ok!(MinimumLiving::accept(signed(CIVIL_OFFICER), 0, None));
	assert_ok!(MinimumLiving::inspect(signed(INSPECTOR), 0, cid(b"report"), true, None));
	assert_ok!(MinimumLiving::account_income(signed(ACCOUNTANT), 0, cid(b"sheet"), 60_000));
	0
}

/// Takes an application through review and approval into its public notice.
fn to_notice() -> u64 {
	let case = to_review();
	assert_ok!(MinimumLiving::review(RuntimeOrigin::root(), case, true, None));
	case
}

/// Continues into payments.
fn to_active() -> u64 {
	let case = to_notice();
	run_to_block(1 + NOTICE);
	assert_ok!(MinimumLiving::conclude_notice(signed(ALICE), case));
	case
}

#[test]
fn the_whole_workflow_ends_in_monthly_payments_awaiting_the_annual_recheck() {
	ExtBuilder::build_and_execute(|| {
		let who = applicant();
		assert_ok!(MinimumLiving::apply(signed(who), form()));
		assert_eq!(status_step(0), (CaseStatus::InReview, Step::Acceptance));
		assert_eq!(Households::<Test>::get(0).unwrap().region, HOME);
		assert_ok!(MinimumLiving::accept(signed(CIVIL_OFFICER), 0, None));
		System::assert_last_event(Event::ApplicationAccepted { case: 0, by: CIVIL_OFFICER }.into());
		let report = cid(b"report");
		assert_ok!(MinimumLiving::inspect(signed(INSPECTOR), 0, report.clone(), true, None));
		System::assert_last_event(
			Event::HouseholdInspected { case: 0, by: INSPECTOR, report, confirmed: true }.into(),
		);
		assert_ok!(MinimumLiving::account_income(signed(ACCOUNTANT), 0, cid(b"sheet"), 60_000));
		System::assert_last_event(
			Event::IncomeAccounted { case: 0, by: ACCOUNTANT, monthly_amount: AMOUNT }.into(),
		);
		assert_ok!(MinimumLiving::review(RuntimeOrigin::root(), 0, true, Some(cid(b"minutes"))));
		System::assert_has_event(
			Event::ReviewConcluded { case: 0, approved: true, ayes: 4, of: 5 }.into(),
		);
		System::assert_last_event(Event::NoticePublished { case: 0, ends: 1 + NOTICE }.into());
		assert_eq!(status_step(0), (CaseStatus::InReview, Step::PublicNotice));

		assert_noop!(MinimumLiving::conclude_notice(signed(who), 0), Error::<Test>::NoticeNotOver);
		run_to_block(1 + NOTICE);
		let fund_before = free(fund(CIVIL_AFFAIRS));
		assert_ok!(MinimumLiving::conclude_notice(signed(AUDITOR), 0));
		System::assert_has_event(
			Event::GuaranteeGranted { case: 0, beneficiary: who, monthly_amount: AMOUNT }.into(),
		);
		assert_eq!(status_step(0), (CaseStatus::Active, Step::AnnualRecheck));
		assert_eq!(
			Cases::queue_of(Role::CivilAffairsOfficer, Some(CIVIL_AFFAIRS)).len(),
			1,
			"the re-check waits in the department's queue"
		);
		assert_eq!(Cases::case_view(0).unwrap().case.due, Some(1 + NOTICE + RECHECK));
		assert_eq!(free(who), ENDOWMENT + AMOUNT);
		run_to_block(1 + NOTICE + PERIOD);
		assert_eq!(free(fund(CIVIL_AFFAIRS)), fund_before - 2 * AMOUNT);
	});
}

#[test]
fn the_checks_list_every_failure() {
	ExtBuilder::build_and_execute(|| {
		// Eight members besides ALICE: nine in all, above the maximum of eight.
		let members: Vec<u128> = (1001..1009).collect();
		register_household(
			ALICE,
			Role::MinimumLivingApplicant,
			CIVIL_AFFAIRS,
			NOW + YEAR,
			&members,
		);
		let mut bad = form();
		bad.household_info_cid = None;
		bad.household = household(&members);
		assert_ok!(MinimumLiving::apply(signed(ALICE), bad));
		assert_eq!(failed(0, 0), vec![Check::FormIncomplete, Check::HouseholdSizeInvalid]);
		let mut rich = form();
		rich.household = household(&[1001]);
		rich.household_income = 2 * STANDARD;
		rich.property_value = 2 * 300_001;
		assert_ok!(MinimumLiving::resubmit(signed(ALICE), 0, rich));
		assert_eq!(
			failed(0, 1),
			vec![Check::IncomeAboveMinimumStandard, Check::PropertyAboveLimit]
		);
		let mut fine = form();
		fine.household = household(&[1001]);
		assert_ok!(MinimumLiving::resubmit(signed(ALICE), 0, fine));
		assert_eq!(status_step(0), (CaseStatus::InReview, Step::Acceptance));
	});
}

#[test]
fn the_standard_comes_from_the_nearest_region_that_has_one() {
	ExtBuilder::build_and_execute(|| {
		let who = applicant();
		// The district's own standard takes precedence over the city's.
		assert_ok!(MinimumLiving::set_region_standard(
			RuntimeOrigin::root(),
			DISTRICT,
			Some(50_000)
		));
		assert_eq!(MinimumLiving::standard_for(HOME), Some(50_000));
		assert_ok!(MinimumLiving::set_region_standard(RuntimeOrigin::root(), DISTRICT, None));
		assert_eq!(MinimumLiving::standard_for(HOME), Some(STANDARD));
		// A household in a region with none, nor above it, fails its check.
		RegionStandards::<Test>::remove(CITY);
		assert_ok!(MinimumLiving::apply(signed(who), form()));
		assert_eq!(failed(0, 0), vec![Check::UnknownRegion]);
	});
}

#[test]
fn apply_and_resubmit_fail_for_input_errors() {
	ExtBuilder::build_and_execute(|| {
		assert_noop!(
			MinimumLiving::apply(signed(STRANGER), form()),
			pallet_cases::Error::<Test>::NotEligibleApplicant
		);
		let who = applicant();
		let mut wrong = form();
		wrong.agency = NEIGHBORHOOD;
		assert_noop!(
			MinimumLiving::apply(signed(who), wrong),
			pallet_cases::Error::<Test>::WrongAgencyKind
		);
		let mut bad = form();
		bad.household_info_cid = Some(bad_cid());
		assert_noop!(
			MinimumLiving::apply(signed(who), bad),
			pallet_cases::Error::<Test>::InvalidCid
		);
		assert_noop!(
			MinimumLiving::resubmit(signed(who), 4, form()),
			pallet_cases::Error::<Test>::UnknownCase
		);
		let mut incomplete = form();
		incomplete.household_info_cid = None;
		assert_ok!(MinimumLiving::apply(signed(who), incomplete));
		let mut elsewhere = form();
		elsewhere.agency = OTHER_CIVIL_AFFAIRS;
		assert_noop!(
			MinimumLiving::resubmit(signed(who), 0, elsewhere),
			pallet_cases::Error::<Test>::WrongAgency
		);
		pallet_service_parameters::Parameters::<Test>::kill();
		assert_noop!(MinimumLiving::resubmit(signed(who), 0, form()), Error::<Test>::NoParameters);
	});
}

#[test]
fn steps_are_for_the_responsible_agencies_only() {
	ExtBuilder::build_and_execute(|| {
		let who = applicant();
		assert_ok!(MinimumLiving::apply(signed(who), form()));
		assert_noop!(
			MinimumLiving::accept(signed(OTHER_CIVIL_OFFICER), 0, None),
			pallet_cases::Error::<Test>::OtherAgency
		);
		assert_ok!(MinimumLiving::accept(signed(CIVIL_OFFICER), 0, None));
		assert_noop!(
			MinimumLiving::inspect(signed(OTHER_INSPECTOR), 0, cid(b"r"), true, None),
			pallet_cases::Error::<Test>::OtherAgency
		);
		assert_ok!(MinimumLiving::inspect(signed(INSPECTOR), 0, cid(b"r"), true, None));
		assert_noop!(
			MinimumLiving::account_income(signed(OTHER_ACCOUNTANT), 0, cid(b"s"), 1),
			pallet_cases::Error::<Test>::OtherAgency
		);
		// The member of ALICE's household who works at the sub-district office.
		staff_as_person(60, SUB_DISTRICT, Role::SubDistrictAccountant, MEMBER);
		assert_noop!(
			MinimumLiving::account_income(signed(60), 0, cid(b"s"), 1),
			pallet_cases::Error::<Test>::ConflictOfInterest
		);
	});
}

#[test]
fn an_assessment_above_the_standard_rejects_the_case() {
	ExtBuilder::build_and_execute(|| {
		let who = applicant();
		assert_ok!(MinimumLiving::apply(signed(who), form()));
		assert_ok!(MinimumLiving::accept(signed(CIVIL_OFFICER), 0, None));
		assert_ok!(MinimumLiving::inspect(signed(INSPECTOR), 0, cid(b"r"), true, None));
		assert_noop!(
			MinimumLiving::account_income(signed(ACCOUNTANT), 0, bad_cid(), 1),
			pallet_cases::Error::<Test>::InvalidCid
		);
		assert_ok!(MinimumLiving::account_income(signed(ACCOUNTANT), 0, cid(b"s"), 2 * STANDARD));
		System::assert_last_event(Event::NotEligible { case: 0 }.into());
		assert_eq!(status_step(0).0, CaseStatus::Rejected);
	});
}

#[test]
fn a_removed_region_standard_stops_the_accounting() {
	ExtBuilder::build_and_execute(|| {
		let who = applicant();
		assert_ok!(MinimumLiving::apply(signed(who), form()));
		assert_ok!(MinimumLiving::accept(signed(CIVIL_OFFICER), 0, None));
		assert_ok!(MinimumLiving::inspect(signed(INSPECTOR), 0, cid(b"r"), true, None));
		RegionStandards::<Test>::remove(CITY);
		assert_noop!(
			MinimumLiving::account_income(signed(ACCOUNTANT), 0, cid(b"s"), 1),
			Error::<Test>::UnknownRegion
		);
	});
}

#[test]
fn the_review_needs_its_origin_and_may_reject() {
	ExtBuilder::build_and_execute(|| {
		let who = applicant();
		assert_ok!(MinimumLiving::apply(signed(who), form()));
		assert_noop!(
			MinimumLiving::review(RuntimeOrigin::root(), 0, true, None),
			Error::<Test>::NotAwaitingReview
		);
		assert_ok!(MinimumLiving::accept(signed(CIVIL_OFFICER), 0, None));
		assert_ok!(MinimumLiving::inspect(signed(INSPECTOR), 0, cid(b"r"), true, None));
		assert_ok!(MinimumLiving::account_income(signed(ACCOUNTANT), 0, cid(b"s"), 60_000));
		assert_noop!(
			MinimumLiving::review(signed(REVIEWER), 0, true, None),
			DispatchError::BadOrigin
		);
		assert_noop!(
			MinimumLiving::review(RuntimeOrigin::root(), 0, true, Some(bad_cid())),
			pallet_cases::Error::<Test>::InvalidCid
		);
		assert_ok!(MinimumLiving::review(RuntimeOrigin::root(), 0, false, None));
		assert_eq!(status_step(0).0, CaseStatus::Rejected);
	});
}

#[test]
fn an_objection_pauses_the_notice_and_an_upheld_one_rejects_the_case() {
	ExtBuilder::build_and_execute(|| {
		let case = to_notice();
		register_citizen(BOB, Role::AidApplicant, CIVIL_AFFAIRS, NOW + YEAR);
		let objection = cid(b"they own a shop");
		assert_ok!(MinimumLiving::object(signed(BOB), case, objection.clone()));
		System::assert_last_event(Event::ObjectionRaised { case, by: BOB, objection }.into());
		assert_eq!(status_step(case), (CaseStatus::InReview, Step::ObjectionReview));
		run_to_block(1 + NOTICE);
		assert_noop!(
			MinimumLiving::conclude_notice(signed(ALICE), case),
			Error::<Test>::NotInNotice
		);
		assert_noop!(
			MinimumLiving::resolve_objection(signed(INSPECTOR), case, true, cid(b"finding")),
			pallet_cases::Error::<Test>::NotAssignee
		);
		assert_noop!(
			MinimumLiving::resolve_objection(
				signed(OTHER_CIVIL_OFFICER),
				case,
				true,
				cid(b"finding")
			),
			pallet_cases::Error::<Test>::OtherAgency
		);
		assert_ok!(MinimumLiving::resolve_objection(
			signed(CIVIL_OFFICER),
			case,
			true,
			cid(b"finding")
		));
		System::assert_last_event(
			Event::ObjectionResolved { case, by: CIVIL_OFFICER, upheld: true }.into(),
		);
		assert_eq!(status_step(case).0, CaseStatus::Rejected);
	});
}

#[test]
fn a_dismissed_objection_restarts_the_notice() {
	ExtBuilder::build_and_execute(|| {
		let case = to_notice();
		assert_ok!(MinimumLiving::object(signed(AUDITOR), case, cid(b"o")));
		run_to_block(3);
		assert_ok!(MinimumLiving::resolve_objection(
			signed(CIVIL_OFFICER),
			case,
			false,
			cid(b"finding")
		));
		System::assert_has_event(Event::NoticePublished { case, ends: 3 + NOTICE }.into());
		System::assert_last_event(
			Event::ObjectionResolved { case, by: CIVIL_OFFICER, upheld: false }.into(),
		);
		assert_eq!(status_step(case), (CaseStatus::InReview, Step::PublicNotice));
		assert_ok!(MinimumLiving::object(signed(AUDITOR), case, cid(b"o2")));
		assert_ok!(MinimumLiving::resolve_objection(
			signed(CIVIL_OFFICER),
			case,
			false,
			cid(b"f2")
		));
		assert_noop!(
			MinimumLiving::object(signed(AUDITOR), case, cid(b"o3")),
			Error::<Test>::TooManyObjections
		);
		run_to_block(3 + NOTICE);
		assert_noop!(
			MinimumLiving::object(signed(AUDITOR), case, cid(b"late")),
			Error::<Test>::NoticeOver
		);
		assert_ok!(MinimumLiving::conclude_notice(signed(ALICE), case));
	});
}

#[test]
fn objections_and_conclusions_need_participants_and_a_notice() {
	ExtBuilder::build_and_execute(|| {
		let who = applicant();
		assert_ok!(MinimumLiving::apply(signed(who), form()));
		assert_noop!(
			MinimumLiving::object(signed(STRANGER), 0, cid(b"o")),
			Error::<Test>::NotAParticipant
		);
		assert_noop!(
			MinimumLiving::object(signed(AUDITOR), 0, cid(b"o")),
			Error::<Test>::NotInNotice
		);
		assert_noop!(
			MinimumLiving::conclude_notice(signed(STRANGER), 0),
			Error::<Test>::NotAParticipant
		);
		assert_noop!(
			MinimumLiving::conclude_notice(signed(AUDITOR), 0),
			Error::<Test>::NotInNotice
		);
		assert_noop!(
			MinimumLiving::resolve_objection(signed(CIVIL_OFFICER), 0, true, bad_cid()),
			pallet_cases::Error::<Test>::WrongStep
		);
	});
}

#[test]
fn the_annual_recheck_adjusts_or_ends_the_guarantee() {
	ExtBuilder::build_and_execute(|| {
		let case = to_active();
		assert_noop!(
			MinimumLiving::recheck(signed(INSPECTOR), case, cid(b"r"), 0, 2),
			pallet_cases::Error::<Test>::NotAssignee
		);
		assert_noop!(
			MinimumLiving::recheck(signed(CIVIL_OFFICER), case, cid(b"r"), 0, 0),
			Error::<Test>::HouseholdSizeInvalid
		);
		assert_noop!(
			MinimumLiving::recheck(signed(CIVIL_OFFICER), case, bad_cid(), 0, 2),
			pallet_cases::Error::<Test>::InvalidCid
		);
		// Income fell to nothing and a child was born: (80 000 - 0) × 3.
		assert_ok!(MinimumLiving::recheck(signed(CIVIL_OFFICER), case, cid(b"r1"), 0, 3));
		System::assert_last_event(
			Event::RecheckCompleted { case, by: CIVIL_OFFICER, monthly_amount: 240_000 }.into(),
		);
		assert_eq!(Households::<Test>::get(case).unwrap().monthly_amount, Some(240_000));
		assert_eq!(status_step(case), (CaseStatus::Active, Step::AnnualRecheck));
		// Now above the standard: the guarantee ends, and its payments with it.
		assert_ok!(MinimumLiving::recheck(
			signed(CIVIL_OFFICER),
			case,
			cid(b"r2"),
			3 * STANDARD,
			3
		));
		System::assert_last_event(Event::GuaranteeTerminated { case, by: CIVIL_OFFICER }.into());
		assert_eq!(status_step(case).0, CaseStatus::Closed);
		let balance = free(ALICE);
		run_to_block(1 + NOTICE + 3 * PERIOD);
		assert_eq!(free(ALICE), balance);
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
fn the_department_ends_the_guarantee_through_the_lifecycle() {
	ExtBuilder::build_and_execute(|| {
		let case = to_active();
		assert_ok!(Cases::end(signed(CIVIL_OFFICER), case, cid(b"moved away")));
		let balance = free(ALICE);
		run_to_block(1 + NOTICE + 3 * PERIOD);
		assert_eq!(free(ALICE), balance);
		assert_eq!(status_step(case).0, CaseStatus::Closed);
	});
}

#[test]
fn governance_sets_region_standards() {
	ExtBuilder::build_and_execute(|| {
		let beijing = RegionCode(110_000_000_000);
		assert_noop!(
			MinimumLiving::set_region_standard(signed(CIVIL_OFFICER), beijing, Some(1)),
			DispatchError::BadOrigin
		);
		assert_noop!(
			MinimumLiving::set_region_standard(RuntimeOrigin::root(), RegionCode(5), Some(1)),
			Error::<Test>::InvalidRegion
		);
		assert_ok!(MinimumLiving::set_region_standard(
			RuntimeOrigin::root(),
			beijing,
			Some(70_000)
		));
		System::assert_last_event(
			Event::RegionStandardSet { region: beijing, standard: Some(70_000) }.into(),
		);
		assert_eq!(RegionStandards::<Test>::get(beijing), Some(70_000));
		assert_ok!(MinimumLiving::set_region_standard(RuntimeOrigin::root(), beijing, None));
		assert_eq!(RegionStandards::<Test>::get(beijing), None);
	});
}

#[test]
fn the_same_household_cannot_draw_the_guarantee_twice() {
	ExtBuilder::build_and_execute(|| {
		to_review();
		register_household(BOB, Role::MinimumLivingApplicant, CIVIL_AFFAIRS, NOW + YEAR, &[MEMBER]);
		assert_ok!(MinimumLiving::apply(signed(BOB), form()));
		assert_eq!(failed(1, 0), vec![Check::BenefitNotCombinable]);
	});
}

#[test]
fn accounting_without_the_household_record_is_refused() {
	ExtBuilder::build_and_execute(|| {
		let who = applicant();
		assert_ok!(MinimumLiving::apply(signed(who), form()));
		assert_ok!(MinimumLiving::accept(signed(CIVIL_OFFICER), 0, None));
		assert_ok!(MinimumLiving::inspect(signed(INSPECTOR), 0, cid(b"report"), true, None));
		let record = Households::<Test>::take(0).unwrap();
		assert_noop!(
			MinimumLiving::account_income(signed(ACCOUNTANT), 0, cid(b"sheet"), 60_000),
			Error::<Test>::NoHousehold
		);
		Households::<Test>::insert(0, record);
	});
}

#[test]
fn no_figure_is_kept_only_the_amount_and_a_salted_digest() {
	ExtBuilder::build_and_execute(|| {
		let who = applicant();
		assert_ok!(MinimumLiving::apply(signed(who), form()));
		assert_ok!(MinimumLiving::accept(signed(CIVIL_OFFICER), 0, None));
		assert_ok!(MinimumLiving::inspect(signed(INSPECTOR), 0, cid(b"report"), true, None));
		assert_ok!(MinimumLiving::account_income(signed(ACCOUNTANT), 0, cid(b"sheet"), 60_000));
		// The record keeps the region and the amount to pay; not the income, not the size.
		assert_eq!(
			Households::<Test>::get(0),
			Some(crate::HouseholdRecord {
				region: HOME,
				monthly_amount: Some(AMOUNT),
				notice_ends: None,
				objections: 0,
			})
		);
		// The submission's stamp is a digest under the applicant's salt.
		let recorded = Cases::case_view(0).unwrap().history[0].rule.unwrap().input_digest;
		let stamp = |f: &crate::MinimumLivingForm<Balance>| {
			MinimumLiving::evaluate(f, HOME).unwrap().1.input_digest
		};
		let mut form = form();
		assert_eq!(stamp(&form), recorded);
		form.salt = [8; 32];
		assert_ne!(stamp(&form), recorded);
	});
}
