//! Unit tests of the lifecycle: the shared checks, who may act (agency, post, conflicts of
//! interest), where steps go (responsible and referred agencies), duplicates across programmes
//! and joint decisions, archiving, deadlines, managing approved cases, revocation, the read side.

use crate::{mock::*, pallet::*, types::*, Error, Event};
use frame_support::{
	assert_err, assert_noop, assert_ok, pallet_prelude::ConstU32, traits::Hooks, weights::Weight,
	BoundedVec,
};
use safetynet_primitives::{
	cases::{
		Actor, Admission, Assign, Assignee, CaseLifecycle, CaseStatus, Check, Decision,
		FailedChecks, Next, Opening, PaymentKind, PaymentSchedules, Responsible, RuleStamp,
		Service, Step,
	},
	AgencyKind, Household, Role,
};
use sp_runtime::DispatchError;

type Lifecycle = crate::mock::Cases;

fn rule() -> RuleStamp {
	RuleStamp { rule_version: 1, parameters_version: 1, input_digest: Default::default() }
}

fn failed(checks: &[Check]) -> FailedChecks {
	checks.to_vec().try_into().unwrap()
}

fn acceptance() -> Next {
	Next::step(Step::Acceptance, Role::CivilAffairsOfficer, Responsible::FiledWith)
}

fn opening(applicant: AccountId, service: Service, members: &[u128]) -> Opening<AccountId> {
	let agency = match service {
		Service::SocialInsurance => INSURANCE_AGENCY,
		Service::SocialWelfare => COUNTY_WELFARE,
		_ => CIVIL_AFFAIRS,
	};
	Opening {
		service,
		applicant,
		agency,
		documents: vec![cid(b"form")].try_into().unwrap(),
		household: household(members),
	}
}

fn open(
	o: Opening<AccountId>,
	checks: Result<(), FailedChecks>,
	next: Next,
) -> Result<(u64, Admission), DispatchError> {
	<Lifecycle as CaseLifecycle<_, _>>::open(o, checks, rule(), next)
}

/// ALICE, an aid applicant living at HOME with the household 1001 and 1002.
fn applicant() -> AccountId {
	register_household(ALICE, Role::AidApplicant, CIVIL_AFFAIRS, NOW + YEAR, &[1001, 1002]);
	ALICE
}

/// An assistance case of ALICE's (with her household) waiting for acceptance.
fn assistance_case() -> u64 {
	let who = applicant();
	open(opening(who, Service::SocialAssistance, &[1001, 1002]), Ok(()), acceptance())
		.unwrap()
		.0
}

fn advance(case: u64, actor: Actor<AccountId>, next: Next) -> sp_runtime::DispatchResult {
	<Lifecycle as CaseLifecycle<_, _>>::advance(case, actor, Decision::Done, None, next)
}

fn authorize(case: u64, step: Step, who: AccountId) -> Result<Actor<AccountId>, DispatchError> {
	<Lifecycle as CaseLifecycle<_, _>>::authorize(case, Service::SocialAssistance, step, &who)
}

/// Takes `case` through acceptance to the household inspection, by the responsible committee.
fn accepted(case: u64) {
	let actor = authorize(case, Step::Acceptance, CIVIL_OFFICER).unwrap();
	let next = Next::step(
		Step::HouseholdInspection,
		Role::NeighborhoodCommitteeMember,
		Responsible::Nearest(AgencyKind::NeighborhoodCommittee),
	);
	assert_ok!(advance(case, actor, next));
}

/// Makes `case` active (approved by the review team) with a benefit paid from its agency.
fn approved(case: u64) {
	let next = Next::active(Step::Payments, Assign::Runtime);
	assert_ok!(advance(case, Actor::Collective { ayes: 3, of: 5 }, next));
	assert_ok!(<Payments as PaymentSchedules<_, _, _>>::start(
		case,
		PaymentKind::Benefit,
		ALICE,
		CIVIL_AFFAIRS,
		100,
		10,
		5,
	));
}

fn schedule_status(case: u64) -> pallet_payments::ScheduleStatus {
	let id = pallet_payments::ScheduleOf::<Test>::get(case).unwrap();
	pallet_payments::Schedules::<Test>::get(id).unwrap().status
}

// ----- opening and the shared checks -----

#[test]
fn open_records_submission_and_enters_the_next_step() {
	ExtBuilder::build_and_execute(|| {
		let id = assistance_case();
		System::assert_last_event(
			Event::CaseOpened {
				case: id,
				service: Service::SocialAssistance,
				applicant: ALICE,
				next: Step::Acceptance,
			}
			.into(),
		);
		let case = Lifecycle::case(id).unwrap();
		assert_eq!((case.status, case.step), (CaseStatus::InReview, Step::Acceptance));
		assert_eq!(
			case.assignee,
			Assignee::Staff { role: Role::CivilAffairsOfficer, agency: CIVIL_AFFAIRS }
		);
		assert_eq!(case.region, HOME);
		let first = History::<Test>::get(id, 0).unwrap();
		assert_eq!(first.decision, Decision::ChecksPassed);
		assert_eq!(first.rule, Some(rule()));
		assert_eq!(first.actor, Actor::Applicant(ALICE));
		assert!(Queue::<Test>::contains_key((Role::CivilAffairsOfficer, Some(CIVIL_AFFAIRS), id)));
		assert_eq!(Lifecycle::queue_of(Role::CivilAffairsOfficer, Some(CIVIL_AFFAIRS)).len(), 1);
		assert!(
			Lifecycle::queue_of(Role::CivilAffairsOfficer, Some(OTHER_CIVIL_AFFAIRS)).is_empty()
		);
		assert_eq!(Lifecycle::cases_of(&ALICE)[0].step, Step::Acceptance);
		// Everyone the case concerns is in the duplicate check.
		for person in [ALICE, 1001, 1002] {
			assert_eq!(
				Coverage::<Test>::get(identity(person), id),
				Some(Service::SocialAssistance)
			);
			assert!(Lifecycle::concerns(id, &identity(person)));
		}
		assert!(!Lifecycle::concerns(id, &identity(CIVIL_OFFICER)));
	});
}

#[test]
fn open_refuses_applicants_agencies_and_documents_that_do_not_fit() {
	ExtBuilder::build_and_execute(|| {
		let who = applicant();
		// Not registered, or registered for another service.
		assert_noop!(
			open(opening(STRANGER, Service::SocialAssistance, &[]), Ok(()), acceptance()),
			Error::<Test>::NotEligibleApplicant
		);
		assert_noop!(
			open(opening(who, Service::SocialWelfare, &[]), Ok(()), acceptance()),
			Error::<Test>::NotEligibleApplicant
		);
		// An agency that does not take the service's applications, or none.
		let mut o = opening(who, Service::SocialAssistance, &[]);
		o.agency = INSURANCE_AGENCY;
		assert_noop!(open(o, Ok(()), acceptance()), Error::<Test>::WrongAgencyKind);
		let mut o = opening(who, Service::SocialAssistance, &[]);
		o.agency = 77;
		assert_noop!(open(o, Ok(()), acceptance()), Error::<Test>::WrongAgencyKind);
		// A malformed CID.
		let mut o = opening(who, Service::SocialAssistance, &[]);
		o.documents = vec![bad_cid()].try_into().unwrap();
		assert_noop!(open(o, Ok(()), acceptance()), Error::<Test>::InvalidCid);
	});
}

#[test]
fn one_open_case_per_service_and_a_bounded_number_in_all() {
	ExtBuilder::build_and_execute(|| {
		let id = assistance_case();
		assert_noop!(
			open(opening(ALICE, Service::SocialAssistance, &[]), Ok(()), acceptance()),
			Error::<Test>::DuplicateApplication
		);
		// A citizen holding the roles of three services has at most two open at once.
		register_citizen(BOB, Role::AidApplicant, CIVIL_AFFAIRS, NOW + YEAR);
		let mut roles = pallet_registration::Citizens::<Test>::get(BOB).unwrap().roles;
		roles.try_insert(Role::MinimumLivingApplicant).unwrap();
		roles.try_insert(Role::InsuredEmployee).unwrap();
		pallet_registration::Citizens::<Test>::mutate(BOB, |c| c.as_mut().unwrap().roles = roles);
		assert_ok!(open(opening(BOB, Service::SocialAssistance, &[]), Ok(()), acceptance()));
		assert_ok!(open(opening(BOB, Service::MinimumLiving, &[]), Ok(()), acceptance()));
		assert_noop!(
			open(opening(BOB, Service::SocialInsurance, &[]), Ok(()), acceptance()),
			Error::<Test>::TooManyOpenCases
		);
		// Closed cases do not count: a withdrawal frees the slot.
		let bobs = OpenCase::<Test>::get(BOB, Service::SocialAssistance).unwrap();
		assert_ok!(Lifecycle::withdraw(RuntimeOrigin::signed(BOB), bobs));
		assert_ok!(open(opening(BOB, Service::SocialInsurance, &[]), Ok(()), acceptance()));
		assert_eq!(Lifecycle::open_case_count(&ALICE), 1);
		let _ = id;
	});
}

#[test]
fn shared_checks_join_the_services_and_a_resubmission_moves_on() {
	ExtBuilder::build_and_execute(|| {
		// ALICE's card expires in a minute; she lists someone not in her registered household.
		register_household(ALICE, Role::AidApplicant, CIVIL_AFFAIRS, NOW + 60_000, &[1001]);
		let (id, admission) = open(
			opening(ALICE, Service::SocialAssistance, &[1001, 4242]),
			Err(failed(&[Check::IncomeAboveAssistanceLine])),
			acceptance(),
		)
		.unwrap();
		assert_eq!(admission, Admission::AwaitingCorrection);
		let expected = failed(&[Check::IncomeAboveAssistanceLine, Check::HouseholdNotVerified]);
		System::assert_last_event(
			Event::ChecksFailed { case: id, service: Service::SocialAssistance, failed: expected }
				.into(),
		);
		let case = Lifecycle::case(id).unwrap();
		assert_eq!(
			(case.status, case.assignee),
			(CaseStatus::AwaitingCorrection, Assignee::Applicant)
		);
		// A case awaiting correction blocks nobody.
		assert!(Coverage::<Test>::get(identity(1001), id).is_none());

		// Listing the applicant, or a member twice, is not the registered household either.
		let again = |members: &[u128]| {
			<Lifecycle as CaseLifecycle<_, _>>::resubmit(
				id,
				opening(ALICE, Service::SocialAssistance, members),
				Ok(()),
				rule(),
				acceptance(),
			)
		};
		assert_eq!(again(&[ALICE]), Ok(Admission::AwaitingCorrection));
		assert_eq!(again(&[1001, 1001]), Ok(Admission::AwaitingCorrection));
		// The card expired meanwhile.
		Timestamp::set_timestamp(NOW + 60_000);
		assert_eq!(again(&[1001]), Ok(Admission::AwaitingCorrection));
		assert_eq!(
			History::<Test>::get(id, 3).unwrap().decision,
			Decision::ChecksFailed(failed(&[Check::IdCardExpired]))
		);
		// Renewed and corrected.
		register_household(ALICE, Role::AidApplicant, CIVIL_AFFAIRS, NOW + YEAR, &[1001]);
		assert_eq!(again(&[1001]), Ok(Admission::Admitted));
		System::assert_last_event(
			Event::CaseResubmitted { case: id, next: Step::Acceptance }.into(),
		);
		assert_eq!(Lifecycle::case(id).unwrap().history_len, 5);
	});
}

#[test]
fn resubmit_fails_for_others_other_services_and_cases_not_awaiting_correction() {
	ExtBuilder::build_and_execute(|| {
		let id = assistance_case();
		register_citizen(BOB, Role::AidApplicant, CIVIL_AFFAIRS, NOW + YEAR);
		let resubmit = |o: Opening<AccountId>, case: u64| {
			<Lifecycle as CaseLifecycle<_, _>>::resubmit(case, o, Ok(()), rule(), acceptance())
		};
		assert_noop!(
			resubmit(opening(BOB, Service::SocialAssistance, &[]), id),
			Error::<Test>::NotApplicant
		);
		assert_noop!(
			resubmit(opening(ALICE, Service::MinimumLiving, &[]), id),
			Error::<Test>::WrongService
		);
		assert_noop!(
			resubmit(opening(ALICE, Service::SocialAssistance, &[]), id),
			Error::<Test>::NotAwaitingCorrection
		);
		assert_noop!(
			resubmit(opening(ALICE, Service::SocialAssistance, &[]), 99),
			Error::<Test>::UnknownCase
		);
		// A resubmission goes to the agency the case was filed with.
		let (failed_case, _) = open(
			opening(BOB, Service::SocialAssistance, &[]),
			Err(failed(&[Check::FormIncomplete])),
			acceptance(),
		)
		.unwrap();
		let mut elsewhere = opening(BOB, Service::SocialAssistance, &[]);
		elsewhere.agency = OTHER_CIVIL_AFFAIRS;
		assert_noop!(resubmit(elsewhere, failed_case), Error::<Test>::WrongAgency);
	});
}

// ----- who may act -----

#[test]
fn authorize_checks_service_step_role_agency_post_and_conflicts() {
	ExtBuilder::build_and_execute(|| {
		let id = assistance_case();
		assert_eq!(
			authorize(id, Step::Acceptance, CIVIL_OFFICER),
			Ok(Actor::Staff {
				who: CIVIL_OFFICER,
				role: Role::CivilAffairsOfficer,
				agency: CIVIL_AFFAIRS
			})
		);
		assert_noop!(
			authorize(id, Step::HouseholdInspection, CIVIL_OFFICER),
			Error::<Test>::WrongStep
		);
		assert_noop!(
			<Lifecycle as CaseLifecycle<_, _>>::authorize(
				id,
				Service::MinimumLiving,
				Step::Acceptance,
				&CIVIL_OFFICER
			),
			Error::<Test>::WrongService
		);
		assert_noop!(authorize(99, Step::Acceptance, CIVIL_OFFICER), Error::<Test>::UnknownCase);
		// No such role; the role at another agency.
		assert_noop!(authorize(id, Step::Acceptance, INSPECTOR), Error::<Test>::NotAssignee);
		assert_noop!(authorize(id, Step::Acceptance, STRANGER), Error::<Test>::NotAssignee);
		assert_noop!(
			authorize(id, Step::Acceptance, OTHER_CIVIL_OFFICER),
			Error::<Test>::OtherAgency
		);
		// Staff posted to another sub-district of the agency's county do not act on it; staff
		// posted to the case's sub-district do.
		let admin = CIVIL_AFFAIRS as AccountId + 1;
		let roles = pallet_registration::roles_from_list(&[Role::CivilAffairsOfficer]).unwrap();
		let elsewhere = safetynet_primitives::RegionCode(110_105_002_000);
		assert_ok!(Registration::register_staff(
			RuntimeOrigin::signed(admin),
			60,
			roles.clone(),
			identity(60),
			elsewhere
		));
		assert_ok!(Registration::register_staff(
			RuntimeOrigin::signed(admin),
			61,
			roles,
			identity(61),
			SUBDISTRICT
		));
		assert_noop!(authorize(id, Step::Acceptance, 60), Error::<Test>::OutsideJurisdiction);
		assert_ok!(authorize(id, Step::Acceptance, 61));
		// A civil affairs officer who is a member of ALICE's household does not decide her case.
		staff_as_person(62, CIVIL_AFFAIRS, Role::CivilAffairsOfficer, 1002);
		assert_noop!(authorize(id, Step::Acceptance, 62), Error::<Test>::ConflictOfInterest);
		// Collective and runtime steps are taken by their own means.
		let review = Next::review();
		assert_ok!(advance(id, Actor::Runtime, review));
		assert_noop!(
			authorize(id, Step::DemocraticReview, CIVIL_OFFICER),
			Error::<Test>::NotAssignee
		);
		// Nothing happens to a closed case.
		assert_ok!(Lifecycle::withdraw(RuntimeOrigin::signed(ALICE), id));
		assert_noop!(
			authorize(id, Step::DemocraticReview, CIVIL_OFFICER),
			Error::<Test>::CaseClosed
		);
		assert_noop!(advance(id, Actor::Runtime, acceptance()), Error::<Test>::CaseClosed);
	});
}

#[test]
fn steps_go_to_the_responsible_agency_or_the_one_referred_to() {
	ExtBuilder::build_and_execute(|| {
		let id = assistance_case();
		accepted(id);
		let case = Lifecycle::case(id).unwrap();
		assert_eq!(
			case.assignee,
			Assignee::Staff { role: Role::NeighborhoodCommitteeMember, agency: NEIGHBORHOOD }
		);
		System::assert_last_event(
			Event::CaseAdvanced {
				case: id,
				step: Step::Acceptance,
				decision: Decision::Done,
				next: Step::HouseholdInspection,
				status: CaseStatus::InReview,
				assigned_to: Some(NEIGHBORHOOD),
			}
			.into(),
		);
		assert_eq!(History::<Test>::get(id, 1).unwrap().sent_to, Some(NEIGHBORHOOD));
		// The committee next door may not inspect ALICE's household...
		assert_noop!(
			authorize(id, Step::HouseholdInspection, OTHER_INSPECTOR),
			Error::<Test>::OtherAgency
		);
		// ...and the sub-district office is found from her neighbourhood too.
		let actor = authorize(id, Step::HouseholdInspection, INSPECTOR).unwrap();
		let accounting = Next::step(
			Step::IncomeAccounting,
			Role::SubDistrictAccountant,
			Responsible::Nearest(AgencyKind::SubDistrictOffice),
		);
		assert_ok!(advance(id, actor, accounting));
		assert_eq!(Lifecycle::case(id).unwrap().assignee.agency(), Some(SUB_DISTRICT));
		assert_noop!(
			authorize(id, Step::IncomeAccounting, OTHER_ACCOUNTANT),
			Error::<Test>::OtherAgency
		);
	});
}

#[test]
fn a_referral_names_the_agency_and_must_fit_the_role() {
	ExtBuilder::build_and_execute(|| {
		let id = assistance_case();
		let actor = authorize(id, Step::Acceptance, CIVIL_OFFICER).unwrap();
		let to = |agency| {
			Next::step(
				Step::HouseholdInspection,
				Role::NeighborhoodCommitteeMember,
				Responsible::Referred(agency),
			)
		};
		assert_noop!(
			advance(id, actor.clone(), to(INSURANCE_AGENCY)),
			Error::<Test>::InvalidReferral
		);
		assert_noop!(advance(id, actor.clone(), to(77)), Error::<Test>::InvalidReferral);
		assert_ok!(advance(id, actor, to(OTHER_NEIGHBORHOOD)));
		assert_ok!(authorize(id, Step::HouseholdInspection, OTHER_INSPECTOR));
		assert_noop!(
			authorize(id, Step::HouseholdInspection, INSPECTOR),
			Error::<Test>::OtherAgency
		);
	});
}

#[test]
fn a_step_no_agency_serves_needs_a_referral() {
	ExtBuilder::build_and_execute(|| {
		// BOB lives in the other district, which has no neighbourhood committee.
		let far = safetynet_primitives::RegionCode(110_106_003_004);
		register_at(BOB, Role::AidApplicant, CIVIL_AFFAIRS, NOW + YEAR, far, &[]);
		let (id, _) =
			open(opening(BOB, Service::SocialAssistance, &[]), Ok(()), acceptance()).unwrap();
		let actor = authorize(id, Step::Acceptance, CIVIL_OFFICER).unwrap();
		let nearest = Next::step(
			Step::HouseholdInspection,
			Role::NeighborhoodCommitteeMember,
			Responsible::Nearest(AgencyKind::NeighborhoodCommittee),
		);
		assert_noop!(advance(id, actor, nearest), Error::<Test>::NoResponsibleAgency);
	});
}

// ----- duplicates across programmes -----

#[test]
fn set_combination_rule_works_and_needs_governance() {
	ExtBuilder::build_and_execute(|| {
		assert_noop!(
			Lifecycle::set_combination_rule(
				RuntimeOrigin::signed(CIVIL_OFFICER),
				Service::MinimumLiving,
				Service::SocialAssistance,
				Some(ConflictAction::Refuse)
			),
			DispatchError::BadOrigin
		);
		assert_ok!(Lifecycle::set_combination_rule(
			RuntimeOrigin::root(),
			Service::MinimumLiving,
			Service::SocialAssistance,
			Some(ConflictAction::Refuse)
		));
		// Stored and reported in one order, whichever way it was given.
		System::assert_last_event(
			Event::CombinationRuleSet {
				first: Service::SocialAssistance,
				second: Service::MinimumLiving,
				action: Some(ConflictAction::Refuse),
			}
			.into(),
		);
		assert_eq!(
			CombinationRules::<Test>::get(Service::SocialAssistance, Service::MinimumLiving),
			Some(ConflictAction::Refuse)
		);
		assert_ok!(Lifecycle::set_combination_rule(
			RuntimeOrigin::root(),
			Service::SocialAssistance,
			Service::MinimumLiving,
			None
		));
		assert!(CombinationRules::<Test>::iter().next().is_none());
	});
}

/// BOB, a minimum living applicant whose household includes ALICE's member 1001.
fn bob_shares_a_member() {
	register_household(BOB, Role::MinimumLivingApplicant, CIVIL_AFFAIRS, NOW + YEAR, &[1001]);
}

#[test]
fn a_refused_combination_fails_the_checks_and_names_only_the_cases() {
	ExtBuilder::build_and_execute(|| {
		let alices = assistance_case();
		assert_ok!(Lifecycle::set_combination_rule(
			RuntimeOrigin::root(),
			Service::SocialAssistance,
			Service::MinimumLiving,
			Some(ConflictAction::Refuse)
		));
		bob_shares_a_member();
		let (bobs, admission) =
			open(opening(BOB, Service::MinimumLiving, &[1001]), Ok(()), acceptance()).unwrap();
		assert_eq!(admission, Admission::AwaitingCorrection);
		let conflicting: Conflicts = vec![alices].try_into().unwrap();
		System::assert_has_event(
			Event::BenefitConflict { case: bobs, conflicting, action: ConflictAction::Refuse }
				.into(),
		);
		assert_eq!(
			History::<Test>::get(bobs, 0).unwrap().decision,
			Decision::ChecksFailed(failed(&[Check::BenefitNotCombinable]))
		);
		// Once ALICE's case is over, BOB's household may have the guarantee.
		assert_ok!(Lifecycle::withdraw(RuntimeOrigin::signed(ALICE), alices));
		assert_eq!(
			<Lifecycle as CaseLifecycle<_, _>>::resubmit(
				bobs,
				opening(BOB, Service::MinimumLiving, &[1001]),
				Ok(()),
				rule(),
				acceptance()
			),
			Ok(Admission::Admitted)
		);
	});
}

#[test]
fn a_household_benefit_covers_every_registered_member_listed_or_not() {
	ExtBuilder::build_and_execute(|| {
		assert_ok!(Lifecycle::set_combination_rule(
			RuntimeOrigin::root(),
			Service::SocialAssistance,
			Service::MinimumLiving,
			Some(ConflictAction::Refuse)
		));
		// ALICE and BOB are registered as one household; each applies listing nobody.
		register_household(ALICE, Role::AidApplicant, CIVIL_AFFAIRS, NOW + YEAR, &[BOB, 1003]);
		register_household(BOB, Role::MinimumLivingApplicant, CIVIL_AFFAIRS, NOW + YEAR, &[ALICE]);
		let (alices, admission) =
			open(opening(ALICE, Service::SocialAssistance, &[]), Ok(()), acceptance()).unwrap();
		assert_eq!(admission, Admission::Admitted);
		let (bobs, admission) =
			open(opening(BOB, Service::MinimumLiving, &[]), Ok(()), acceptance()).unwrap();
		assert_eq!(admission, Admission::AwaitingCorrection);
		let conflicting: Conflicts = vec![alices].try_into().unwrap();
		System::assert_has_event(
			Event::BenefitConflict { case: bobs, conflicting, action: ConflictAction::Refuse }
				.into(),
		);
		// A civil affairs officer who is an unlisted member does not decide the case either.
		staff_as_person(62, CIVIL_AFFAIRS, Role::CivilAffairsOfficer, 1003);
		assert_noop!(authorize(alices, Step::Acceptance, 62), Error::<Test>::ConflictOfInterest);
	});
}

#[test]
fn an_individual_benefit_covers_only_its_applicant() {
	ExtBuilder::build_and_execute(|| {
		assert_ok!(Lifecycle::set_combination_rule(
			RuntimeOrigin::root(),
			Service::SocialInsurance,
			Service::SocialInsurance,
			Some(ConflictAction::Refuse)
		));
		// Husband and wife are each insured: their registered household does not make the
		// second insurance a duplicate of the first.
		register_household(ALICE, Role::InsuredEmployee, INSURANCE_AGENCY, NOW + YEAR, &[BOB]);
		register_household(BOB, Role::InsuredEmployee, INSURANCE_AGENCY, NOW + YEAR, &[ALICE]);
		let next =
			Next::step(Step::Acceptance, Role::SocialInsuranceOfficer, Responsible::FiledWith);
		assert_eq!(
			open(opening(ALICE, Service::SocialInsurance, &[]), Ok(()), next).unwrap().1,
			Admission::Admitted
		);
		assert_eq!(
			open(opening(BOB, Service::SocialInsurance, &[]), Ok(()), next).unwrap().1,
			Admission::Admitted
		);
	});
}

#[test]
fn the_same_benefit_twice_is_refused_by_its_rule_and_unruled_ones_combine() {
	ExtBuilder::build_and_execute(|| {
		assistance_case();
		// No rule yet: BOB's assistance for a household including ALICE's member goes ahead.
		register_household(BOB, Role::AidApplicant, CIVIL_AFFAIRS, NOW + YEAR, &[1001]);
		let (first, admission) =
			open(opening(BOB, Service::SocialAssistance, &[1001]), Ok(()), acceptance()).unwrap();
		assert_eq!(admission, Admission::Admitted);
		assert_ok!(Lifecycle::withdraw(RuntimeOrigin::signed(BOB), first));
		assert_ok!(Lifecycle::set_combination_rule(
			RuntimeOrigin::root(),
			Service::SocialAssistance,
			Service::SocialAssistance,
			Some(ConflictAction::Refuse)
		));
		let (_, admission) =
			open(opening(BOB, Service::SocialAssistance, &[1001]), Ok(()), acceptance()).unwrap();
		assert_eq!(admission, Admission::AwaitingCorrection);
	});
}

/// ALICE's approved assistance case at CIVIL_AFFAIRS, with assistance and the guarantee to be
/// combined only by a joint decision.
fn approved_under_joint_rule() -> u64 {
	let alices = assistance_case();
	approved(alices);
	assert_ok!(Lifecycle::set_combination_rule(
		RuntimeOrigin::root(),
		Service::SocialAssistance,
		Service::MinimumLiving,
		Some(ConflictAction::JointDecision)
	));
	alices
}

/// BOB's guarantee application at the other county's department, sharing ALICE's household
/// member: it waits for a joint decision.
fn bobs_joint_case() -> u64 {
	register_household(BOB, Role::MinimumLivingApplicant, OTHER_CIVIL_AFFAIRS, NOW + YEAR, &[1001]);
	let mut o = opening(BOB, Service::MinimumLiving, &[1001]);
	o.agency = OTHER_CIVIL_AFFAIRS;
	let (bobs, admission) = open(o, Ok(()), acceptance()).unwrap();
	assert_eq!(admission, Admission::AwaitingJointDecision);
	bobs
}

#[test]
fn a_joint_decision_waits_for_every_agency_involved() {
	ExtBuilder::build_and_execute(|| {
		let alices = approved_under_joint_rule();
		let bobs = bobs_joint_case();
		let case = Lifecycle::case(bobs).unwrap();
		assert_eq!((case.step, case.assignee), (Step::JointDecision, Assignee::Joint));
		// Both agencies see it in their queues.
		assert_eq!(
			Lifecycle::queue_of(Role::CivilAffairsOfficer, Some(OTHER_CIVIL_AFFAIRS))[0].id,
			bobs
		);
		assert_eq!(Lifecycle::queue_of(Role::CivilAffairsOfficer, Some(CIVIL_AFFAIRS))[0].id, bobs);

		assert_noop!(
			Lifecycle::decide_jointly(RuntimeOrigin::signed(INSPECTOR), bobs, true),
			Error::<Test>::NotInvolved
		);
		assert_noop!(
			Lifecycle::decide_jointly(RuntimeOrigin::signed(STRANGER), bobs, true),
			Error::<Test>::NotInvolved
		);
		assert_noop!(
			Lifecycle::decide_jointly(RuntimeOrigin::signed(CIVIL_OFFICER), alices, true),
			Error::<Test>::NotAwaitingJointDecision
		);
		assert_ok!(Lifecycle::decide_jointly(RuntimeOrigin::signed(CIVIL_OFFICER), bobs, true));
		System::assert_last_event(
			Event::JointDecisionTaken { case: bobs, agency: CIVIL_AFFAIRS, allowed: true }.into(),
		);
		assert_noop!(
			Lifecycle::decide_jointly(RuntimeOrigin::signed(CIVIL_OFFICER), bobs, true),
			Error::<Test>::AlreadyDecided
		);
		assert_eq!(Lifecycle::case(bobs).unwrap().step, Step::JointDecision);
		assert_ok!(Lifecycle::decide_jointly(
			RuntimeOrigin::signed(OTHER_CIVIL_OFFICER),
			bobs,
			true
		));
		// Every agency agreed: the case goes where its service asked, at its own department.
		let case = Lifecycle::case(bobs).unwrap();
		assert_eq!(case.step, Step::Acceptance);
		assert_eq!(case.assignee.agency(), Some(OTHER_CIVIL_AFFAIRS));
		assert!(JointDecisions::<Test>::get(bobs).is_none());
	});
}

#[test]
fn one_refusal_in_a_joint_decision_rejects_the_case() {
	ExtBuilder::build_and_execute(|| {
		let alices = assistance_case();
		assert_ok!(Lifecycle::set_combination_rule(
			RuntimeOrigin::root(),
			Service::SocialAssistance,
			Service::MinimumLiving,
			Some(ConflictAction::JointDecision)
		));
		bob_shares_a_member();
		let (bobs, _) =
			open(opening(BOB, Service::MinimumLiving, &[1001]), Ok(()), acceptance()).unwrap();
		let conflicting: Conflicts = vec![alices].try_into().unwrap();
		System::assert_has_event(
			Event::BenefitConflict {
				case: bobs,
				conflicting,
				action: ConflictAction::JointDecision,
			}
			.into(),
		);
		assert_ok!(Lifecycle::decide_jointly(RuntimeOrigin::signed(CIVIL_OFFICER), bobs, false));
		assert_eq!(Lifecycle::case(bobs).unwrap().status, CaseStatus::Rejected);
		assert!(Coverage::<Test>::get(identity(1001), bobs).is_none());
	});
}

#[test]
fn an_application_approved_on_the_spot_is_refused_rather_than_left_to_a_joint_decision() {
	ExtBuilder::build_and_execute(|| {
		assistance_case();
		assert_ok!(Lifecycle::set_combination_rule(
			RuntimeOrigin::root(),
			Service::SocialAssistance,
			Service::SocialInsurance,
			Some(ConflictAction::JointDecision)
		));
		register_household(BOB, Role::InsuredEmployee, INSURANCE_AGENCY, NOW + YEAR, &[1001]);
		let (_, admission) = open(
			opening(BOB, Service::SocialInsurance, &[1001]),
			Ok(()),
			Next::active(Step::Payments, Assign::Runtime),
		)
		.unwrap();
		assert_eq!(admission, Admission::AwaitingCorrection);
	});
}

#[test]
fn a_person_is_part_of_a_bounded_number_of_cases() {
	ExtBuilder::build_and_execute(|| {
		assistance_case();
		// MaxCasesPerPerson is 3: member 1001 can be in two more pending cases, not three.
		for (who, role, service) in [
			(BOB, Role::MinimumLivingApplicant, Service::MinimumLiving),
			(CHARLIE, Role::AidApplicant, Service::SocialAssistance),
		] {
			register_household(who, role, CIVIL_AFFAIRS, NOW + YEAR, &[1001]);
			assert_ok!(open(opening(who, service, &[1001]), Ok(()), acceptance()));
		}
		register_household(103, Role::AidApplicant, CIVIL_AFFAIRS, NOW + YEAR, &[1001]);
		assert_noop!(
			open(opening(103, Service::SocialAssistance, &[1001]), Ok(()), acceptance()),
			Error::<Test>::TooManyCasesForPerson
		);
	});
}

// ----- history -----

#[test]
fn history_keeps_its_bound_by_archiving_and_a_full_case_still_ends() {
	ExtBuilder::build_and_execute(|| {
		let id = assistance_case();
		approved(id);
		// MaxHistory is 8: suspend and resume well past it.
		for _ in 0..6 {
			assert_ok!(Lifecycle::suspend(RuntimeOrigin::signed(CIVIL_OFFICER), id, cid(b"why")));
			assert_ok!(Lifecycle::resume(RuntimeOrigin::signed(CIVIL_OFFICER), id));
		}
		let case = Lifecycle::case(id).unwrap();
		assert_eq!(case.history_len, 14);
		assert_eq!(case.archived, 6);
		assert_ne!(case.archive_digest, Default::default());
		assert!(History::<Test>::get(id, 5).is_none());
		assert!(History::<Test>::get(id, 6).is_some());
		assert_eq!(Lifecycle::case_view(id).unwrap().history.len(), 8);
		// The digest chains the archived entries, oldest first.
		assert_ok!(Lifecycle::end(RuntimeOrigin::signed(CIVIL_OFFICER), id, cid(b"moved away")));
		let case = Lifecycle::case(id).unwrap();
		assert_eq!((case.status, case.archived), (CaseStatus::Closed, 7));
	});
}

#[test]
fn the_archive_digest_chains_the_archived_entries() {
	ExtBuilder::build_and_execute(|| {
		let id = assistance_case();
		let mut records = vec![History::<Test>::get(id, 0).unwrap()];
		approved(id);
		records.push(History::<Test>::get(id, 1).unwrap());
		for i in 0..7u32 {
			assert_ok!(Lifecycle::suspend(
				RuntimeOrigin::signed(CIVIL_OFFICER),
				id,
				cid(&i.to_le_bytes())
			));
			records.push(History::<Test>::get(id, 2 + 2 * i).unwrap());
			assert_ok!(Lifecycle::resume(RuntimeOrigin::signed(CIVIL_OFFICER), id));
			records.push(History::<Test>::get(id, 3 + 2 * i).unwrap());
		}
		let case = Lifecycle::case(id).unwrap();
		let mut digest = sp_core::H256::zero();
		for record in &records[..case.archived as usize] {
			digest = sp_core::H256(sp_io::hashing::blake2_256(&codec::Encode::encode(&(
				digest, record,
			))));
		}
		assert_eq!(case.archive_digest, digest);
	});
}

// ----- deadlines -----

#[test]
fn overdue_steps_are_reported_and_cleared_when_taken() {
	ExtBuilder::build_and_execute(|| {
		assert_ok!(Lifecycle::set_step_deadline(
			RuntimeOrigin::root(),
			Service::SocialAssistance,
			Step::Acceptance,
			Some(5)
		));
		System::assert_last_event(
			Event::StepDeadlineSet {
				service: Service::SocialAssistance,
				step: Step::Acceptance,
				blocks: Some(5),
			}
			.into(),
		);
		let id = assistance_case();
		assert_eq!(Lifecycle::case(id).unwrap().due, Some(6));
		run_to_block(6);
		System::assert_last_event(
			Event::StepOverdue { case: id, step: Step::Acceptance, due: 6 }.into(),
		);
		assert_eq!(Overdue::<Test>::get(id), Some((Step::Acceptance, 6)));
		assert_eq!(Lifecycle::overdue_cases()[0].id, id);
		assert_eq!(History::<Test>::get(id, 1).unwrap().decision, Decision::Overdue);
		accepted(id);
		assert!(Overdue::<Test>::get(id).is_none());
		assert!(Lifecycle::overdue_cases().is_empty());
	});
}

#[test]
fn deadlines_spill_into_later_blocks_when_one_is_full() {
	ExtBuilder::build_and_execute(|| {
		assert_ok!(Lifecycle::set_step_deadline(
			RuntimeOrigin::root(),
			Service::SocialAssistance,
			Step::Acceptance,
			Some(5)
		));
		// MaxDuePerBlock is 8.
		for i in 0..9u128 {
			let who = 200 + i;
			register_citizen(who, Role::AidApplicant, CIVIL_AFFAIRS, NOW + YEAR);
			assert_ok!(open(opening(who, Service::SocialAssistance, &[]), Ok(()), acceptance()));
		}
		assert_eq!(DueAt::<Test>::get(6).len(), 8);
		assert_eq!(DueAt::<Test>::get(7).len(), 1);
		let weight = Lifecycle::on_initialize(6);
		assert!(weight.ref_time() > 0);
		assert_eq!(Overdue::<Test>::iter().count(), 8);
	});
}

#[test]
fn a_deadline_with_no_room_in_any_nearby_block_fails_the_step() {
	ExtBuilder::build_and_execute(|| {
		assert_ok!(Lifecycle::set_step_deadline(
			RuntimeOrigin::root(),
			Service::SocialAssistance,
			Step::Acceptance,
			Some(5)
		));
		// Every block a deadline could spill into (MaxDuePerBlock of them, 8) is full.
		let full: BoundedVec<u64, ConstU32<8>> =
			(1000..1008).collect::<Vec<_>>().try_into().unwrap();
		for block in 6..14 {
			DueAt::<Test>::insert(block, full.clone());
		}
		register_citizen(BOB, Role::AidApplicant, CIVIL_AFFAIRS, NOW + YEAR);
		let refused = frame_support::storage::with_storage_layer(|| {
			open(opening(BOB, Service::SocialAssistance, &[]), Ok(()), acceptance())
		});
		assert_eq!(refused, Err(Error::<Test>::DeadlineQueueFull.into()));
		assert!(crate::pallet::Cases::<Test>::iter().next().is_none());
		// The fake entries are not cases: clear them before the invariants are checked.
		let _ = DueAt::<Test>::clear(u32::MAX, None);
	});
}

#[test]
fn case_ids_never_wrap() {
	ExtBuilder::build_and_execute(|| {
		NextCaseId::<Test>::put(u64::MAX);
		let who = applicant();
		assert_err!(
			open(opening(who, Service::SocialAssistance, &[1001, 1002]), Ok(()), acceptance()),
			Error::<Test>::CaseIdsExhausted
		);
		NextCaseId::<Test>::put(0);
	});
}

#[test]
fn set_step_deadline_needs_governance() {
	ExtBuilder::build_and_execute(|| {
		assert_noop!(
			Lifecycle::set_step_deadline(
				RuntimeOrigin::signed(ALICE),
				Service::SocialAssistance,
				Step::Acceptance,
				Some(5)
			),
			DispatchError::BadOrigin
		);
		assert_ok!(Lifecycle::set_step_deadline(
			RuntimeOrigin::root(),
			Service::SocialAssistance,
			Step::Acceptance,
			None
		));
		assert!(StepDeadlines::<Test>::get(Service::SocialAssistance, Step::Acceptance).is_none());
	});
}

// ----- the applicant's withdrawal -----

#[test]
fn withdraw_works() {
	ExtBuilder::build_and_execute(|| {
		let id = assistance_case();
		assert_ok!(Lifecycle::withdraw(RuntimeOrigin::signed(ALICE), id));
		System::assert_last_event(
			Event::CaseAdvanced {
				case: id,
				step: Step::Acceptance,
				decision: Decision::Withdrawn,
				next: Step::Acceptance,
				status: CaseStatus::Withdrawn,
				assigned_to: None,
			}
			.into(),
		);
		assert!(OpenCase::<Test>::get(ALICE, Service::SocialAssistance).is_none());
		assert!(Lifecycle::queue_of(Role::CivilAffairsOfficer, Some(CIVIL_AFFAIRS)).is_empty());
		assert!(Coverage::<Test>::get(identity(1001), id).is_none());
	});
}

#[test]
fn withdraw_fails() {
	ExtBuilder::build_and_execute(|| {
		let id = assistance_case();
		assert_noop!(
			Lifecycle::withdraw(RuntimeOrigin::signed(BOB), id),
			Error::<Test>::NotApplicant
		);
		assert_noop!(
			Lifecycle::withdraw(RuntimeOrigin::signed(ALICE), 9),
			Error::<Test>::UnknownCase
		);
		approved(id);
		assert_noop!(
			Lifecycle::withdraw(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::AlreadyActive
		);
		assert_ok!(Lifecycle::end(RuntimeOrigin::signed(CIVIL_OFFICER), id, cid(b"reason")));
		assert_noop!(
			Lifecycle::withdraw(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::CaseClosed
		);
	});
}

// ----- managing approved cases -----

#[test]
fn approval_records_the_deciding_agency() {
	ExtBuilder::build_and_execute(|| {
		let id = assistance_case();
		approved(id);
		assert_eq!(Lifecycle::case(id).unwrap().decided_by, Some(CIVIL_AFFAIRS));
		// A staff member's approval records their agency.
		register_citizen(BOB, Role::AidApplicant, CIVIL_AFFAIRS, NOW + YEAR);
		let (bobs, _) =
			open(opening(BOB, Service::SocialAssistance, &[]), Ok(()), acceptance()).unwrap();
		let actor = Actor::Staff {
			who: WELFARE_OFFICER,
			role: Role::WelfareInstituteOfficer,
			agency: WELFARE_INSTITUTE,
		};
		assert_ok!(advance(bobs, actor, Next::active(Step::Payments, Assign::Runtime)));
		assert_eq!(Lifecycle::case(bobs).unwrap().managing_agency(), WELFARE_INSTITUTE);
	});
}

#[test]
fn suspend_resume_and_end_move_the_payments_with_the_case() {
	ExtBuilder::build_and_execute(|| {
		let id = assistance_case();
		approved(id);
		assert_ok!(Lifecycle::suspend(RuntimeOrigin::signed(CIVIL_OFFICER), id, cid(b"inquiry")));
		assert_eq!(Lifecycle::case(id).unwrap().status, CaseStatus::Suspended);
		assert_eq!(schedule_status(id), pallet_payments::ScheduleStatus::Suspended);
		assert_eq!(
			History::<Test>::get(id, 2).unwrap().document,
			Some(cid(b"inquiry")),
			"the reason is on record"
		);
		assert_ok!(Lifecycle::resume(RuntimeOrigin::signed(CIVIL_OFFICER), id));
		assert_eq!(Lifecycle::case(id).unwrap().status, CaseStatus::Active);
		assert_eq!(schedule_status(id), pallet_payments::ScheduleStatus::Active);
		assert_ok!(Lifecycle::end(RuntimeOrigin::signed(CIVIL_OFFICER), id, cid(b"recovered")));
		System::assert_has_event(
			Event::CaseAdvanced {
				case: id,
				step: Step::Payments,
				decision: Decision::Closed,
				next: Step::Payments,
				status: CaseStatus::Closed,
				assigned_to: None,
			}
			.into(),
		);
		assert_eq!(schedule_status(id), pallet_payments::ScheduleStatus::Ended);
	});
}

#[test]
fn managing_an_approved_case_is_its_deciding_agencys_business() {
	ExtBuilder::build_and_execute(|| {
		let id = assistance_case();
		assert_noop!(
			Lifecycle::suspend(RuntimeOrigin::signed(CIVIL_OFFICER), id, cid(b"x")),
			Error::<Test>::NotActive
		);
		assert_noop!(
			Lifecycle::end(RuntimeOrigin::signed(CIVIL_OFFICER), id, cid(b"x")),
			Error::<Test>::NotActive
		);
		assert_noop!(
			Lifecycle::resume(RuntimeOrigin::signed(CIVIL_OFFICER), 99),
			Error::<Test>::UnknownCase
		);
		approved(id);
		assert_noop!(
			Lifecycle::resume(RuntimeOrigin::signed(CIVIL_OFFICER), id),
			Error::<Test>::NotSuspended
		);
		assert_noop!(
			Lifecycle::suspend(RuntimeOrigin::signed(OTHER_CIVIL_OFFICER), id, cid(b"x")),
			Error::<Test>::OtherAgency
		);
		assert_noop!(
			Lifecycle::end(RuntimeOrigin::signed(INSPECTOR), id, cid(b"x")),
			Error::<Test>::NotAssignee
		);
		assert_noop!(
			Lifecycle::end(RuntimeOrigin::signed(CIVIL_OFFICER), id, bad_cid()),
			Error::<Test>::InvalidCid
		);
		assert_ok!(Lifecycle::suspend(RuntimeOrigin::signed(CIVIL_OFFICER), id, cid(b"x")));
		assert_noop!(
			Lifecycle::suspend(RuntimeOrigin::signed(CIVIL_OFFICER), id, cid(b"x")),
			Error::<Test>::NotActive
		);
		// A suspended case can still be ended.
		assert_ok!(Lifecycle::end(RuntimeOrigin::signed(CIVIL_OFFICER), id, cid(b"x")));
	});
}

#[test]
fn the_accepting_officer_declines_a_case_with_a_reason() {
	ExtBuilder::build_and_execute(|| {
		let id = assistance_case();
		assert_noop!(
			Lifecycle::decline(RuntimeOrigin::signed(CIVIL_OFFICER), 99, cid(b"x")),
			Error::<Test>::UnknownCase
		);
		assert_noop!(
			Lifecycle::decline(RuntimeOrigin::signed(INSPECTOR), id, cid(b"x")),
			Error::<Test>::NotAssignee
		);
		assert_noop!(
			Lifecycle::decline(RuntimeOrigin::signed(STRANGER), id, cid(b"x")),
			Error::<Test>::NotAssignee
		);
		assert_noop!(
			Lifecycle::decline(RuntimeOrigin::signed(OTHER_CIVIL_OFFICER), id, cid(b"x")),
			Error::<Test>::OtherAgency
		);
		assert_noop!(
			Lifecycle::decline(RuntimeOrigin::signed(ALICE), id, cid(b"x")),
			Error::<Test>::NotAssignee
		);
		// A member of the applicant's household does not turn her case down either.
		staff_as_person(62, CIVIL_AFFAIRS, Role::CivilAffairsOfficer, 1002);
		assert_noop!(
			Lifecycle::decline(RuntimeOrigin::signed(62), id, cid(b"x")),
			Error::<Test>::ConflictOfInterest
		);
		assert_noop!(
			Lifecycle::decline(RuntimeOrigin::signed(CIVIL_OFFICER), id, bad_cid()),
			Error::<Test>::InvalidCid
		);
		assert_noop!(
			Lifecycle::decline(RuntimeOrigin::none(), id, cid(b"x")),
			DispatchError::BadOrigin
		);
		assert_ok!(Lifecycle::decline(
			RuntimeOrigin::signed(CIVIL_OFFICER),
			id,
			cid(b"outside the remit")
		));
		System::assert_has_event(
			Event::CaseAdvanced {
				case: id,
				step: Step::Acceptance,
				decision: Decision::Rejected,
				next: Step::Acceptance,
				status: CaseStatus::Rejected,
				assigned_to: None,
			}
			.into(),
		);
		let last = Lifecycle::case_view(id).unwrap().history.pop().unwrap();
		assert_eq!(last.document, Some(cid(b"outside the remit")), "the reason is on record");
		assert!(matches!(last.actor, Actor::Staff { who: CIVIL_OFFICER, .. }));
		assert!(Lifecycle::queue_of(Role::CivilAffairsOfficer, Some(CIVIL_AFFAIRS)).is_empty());
		// Over: not declined twice, and the applicant may apply again.
		assert_noop!(
			Lifecycle::decline(RuntimeOrigin::signed(CIVIL_OFFICER), id, cid(b"x")),
			Error::<Test>::NotAtAcceptance
		);
		assert!(open(
			opening(ALICE, Service::SocialAssistance, &[1001, 1002]),
			Ok(()),
			acceptance()
		)
		.is_ok());
	});
}

#[test]
fn only_a_case_at_its_acceptance_is_declined() {
	ExtBuilder::build_and_execute(|| {
		let id = assistance_case();
		accepted(id);
		assert_noop!(
			Lifecycle::decline(RuntimeOrigin::signed(CIVIL_OFFICER), id, cid(b"x")),
			Error::<Test>::NotAtAcceptance
		);
		approved(id);
		assert_noop!(
			Lifecycle::decline(RuntimeOrigin::signed(CIVIL_OFFICER), id, cid(b"x")),
			Error::<Test>::NotAtAcceptance
		);
	});
}

#[test]
fn the_council_ends_any_case_with_a_reason() {
	ExtBuilder::build_and_execute(|| {
		let id = assistance_case();
		accepted(id);
		assert_noop!(
			Lifecycle::force_end(RuntimeOrigin::signed(CIVIL_OFFICER), id, cid(b"court order")),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Lifecycle::force_end(RuntimeOrigin::root(), id, bad_cid()),
			Error::<Test>::InvalidCid
		);
		assert_ok!(Lifecycle::force_end(RuntimeOrigin::root(), id, cid(b"court order")));
		let last = Lifecycle::case_view(id).unwrap().history.pop().unwrap();
		assert_eq!((last.actor, last.decision), (Actor::Council, Decision::Closed));
		assert_eq!(last.document, Some(cid(b"court order")));
		assert_eq!(Lifecycle::case(id).unwrap().status, CaseStatus::Closed);
		assert_noop!(
			Lifecycle::force_end(RuntimeOrigin::root(), id, cid(b"again")),
			Error::<Test>::CaseClosed
		);
		assert_noop!(
			Lifecycle::force_end(RuntimeOrigin::root(), 99, cid(b"x")),
			Error::<Test>::UnknownCase
		);
	});
}

#[test]
fn revoking_a_citizen_ends_their_cases_and_payments() {
	ExtBuilder::build_and_execute(|| {
		let id = assistance_case();
		approved(id);
		let admin = CIVIL_AFFAIRS as AccountId + 1;
		assert_ok!(Registration::revoke_citizen(RuntimeOrigin::signed(admin), ALICE));
		let case = Lifecycle::case(id).unwrap();
		assert_eq!(case.status, CaseStatus::Closed);
		let last = Lifecycle::case_view(id).unwrap().history.pop().unwrap();
		assert_eq!((last.actor, last.decision), (Actor::Runtime, Decision::Revoked));
		assert_eq!(schedule_status(id), pallet_payments::ScheduleStatus::Ended);
		assert!(Coverage::<Test>::get(identity(1001), id).is_none());
	});
}

// ----- removed agencies -----

/// BOB's assistance case, filed with the other district's department, waiting for acceptance.
fn case_elsewhere() -> u64 {
	register_household(BOB, Role::AidApplicant, CIVIL_AFFAIRS, NOW + YEAR, &[2001]);
	let mut o = opening(BOB, Service::SocialAssistance, &[2001]);
	o.agency = OTHER_CIVIL_AFFAIRS;
	open(o, Ok(()), acceptance()).unwrap().0
}

fn last_decision(case: u64) -> (Actor<AccountId>, Decision) {
	let last = Lifecycle::case_view(case).unwrap().history.pop().unwrap();
	(last.actor, last.decision)
}

fn sweep_events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Cases(
				e @ (Event::AgencySweepStarted { .. } | Event::AgencySweepFinished),
			) => Some(e),
			_ => None,
		})
		.collect()
}

#[test]
fn removing_an_agency_ends_its_open_cases_and_their_payments() {
	ExtBuilder::build_and_execute(|| {
		let active = assistance_case();
		approved(active);
		let elsewhere = case_elsewhere();
		assert_ok!(Registration::remove_agency(RuntimeOrigin::root(), CIVIL_AFFAIRS));
		assert_eq!(
			sweep_events(),
			vec![Event::AgencySweepStarted { agency: CIVIL_AFFAIRS, end: elsewhere + 1 }]
		);
		// Until the walk reaches them the cases are as they were, and that is consistent.
		assert_eq!(Lifecycle::case(active).unwrap().status, CaseStatus::Active);
		check_invariants();

		run_to_block(System::block_number() + 1);
		assert_eq!(Lifecycle::case(active).unwrap().status, CaseStatus::Closed);
		assert_eq!(last_decision(active), (Actor::Runtime, Decision::AgencyRemoved));
		assert_eq!(schedule_status(active), pallet_payments::ScheduleStatus::Ended);
		assert!(Coverage::<Test>::get(identity(1001), active).is_none());
		assert_eq!(OpenCase::<Test>::get(ALICE, Service::SocialAssistance), None);
		// The other district's case depends on nothing removed.
		assert_eq!(Lifecycle::case(elsewhere).unwrap().status, CaseStatus::InReview);
		assert_eq!(AgencySweep::<Test>::get(), None);
		assert_eq!(sweep_events().last(), Some(&Event::AgencySweepFinished));
	});
}

#[test]
fn a_case_waiting_for_a_removed_agency_ends() {
	ExtBuilder::build_and_execute(|| {
		let id = assistance_case();
		accepted(id);
		assert_eq!(Lifecycle::case(id).unwrap().assignee.agency(), Some(NEIGHBORHOOD));
		assert_ok!(Registration::remove_agency(RuntimeOrigin::root(), NEIGHBORHOOD));
		run_to_block(System::block_number() + 1);
		assert_eq!(Lifecycle::case(id).unwrap().status, CaseStatus::Closed);
		assert_eq!(last_decision(id), (Actor::Runtime, Decision::AgencyRemoved));
		assert!(
			Lifecycle::queue_of(Role::NeighborhoodCommitteeMember, Some(NEIGHBORHOOD)).is_empty()
		);
		// The applicant may apply again at once.
		assert_ok!(open(
			opening(ALICE, Service::SocialAssistance, &[1001, 1002]),
			Ok(()),
			acceptance()
		));
	});
}

#[test]
fn the_sweep_uses_spare_weight_only_and_restarts_on_another_removal() {
	ExtBuilder::build_and_execute(|| {
		let first = assistance_case();
		let second = case_elsewhere();
		// No sweep: nothing to do (the test runtime's reads and writes weigh nothing).
		assert_eq!(Lifecycle::sweep_removed_agencies(Weight::MAX), Weight::zero());
		assert_ok!(Registration::remove_agency(RuntimeOrigin::root(), CIVIL_AFFAIRS));
		// Too little weight for a case: nothing happens.
		assert_eq!(Lifecycle::sweep_removed_agencies(Weight::zero()), Weight::zero());
		let one_case = <() as crate::WeightInfo>::sweep_case();
		assert_eq!(Lifecycle::sweep_removed_agencies(one_case), one_case);
		assert_eq!(AgencySweep::<Test>::get(), Some(SweepProgress { next: 1, end: 2 }));
		assert_eq!(Lifecycle::case(first).unwrap().status, CaseStatus::Closed);
		check_invariants();

		// Another removal before the walk ends: it starts again, from the first case.
		assert_ok!(Registration::remove_agency(RuntimeOrigin::root(), OTHER_CIVIL_AFFAIRS));
		assert_eq!(AgencySweep::<Test>::get(), Some(SweepProgress { next: 0, end: 2 }));
		run_to_block(System::block_number() + 1);
		assert_eq!(Lifecycle::case(second).unwrap().status, CaseStatus::Closed);
		assert_eq!(AgencySweep::<Test>::get(), None);
		// The case ended earlier ends only once.
		let history = Lifecycle::case_view(first).unwrap().history;
		assert_eq!(history.iter().filter(|r| r.decision == Decision::AgencyRemoved).count(), 1);
	});
}

#[test]
fn the_sweep_is_spread_over_blocks() {
	ExtBuilder::build_and_execute(|| {
		let mut ids = vec![];
		for (who, member) in [(ALICE, 1001u128), (BOB, 2001), (CHARLIE, 3001)] {
			register_household(who, Role::AidApplicant, CIVIL_AFFAIRS, NOW + YEAR, &[member]);
			let o = opening(who, Service::SocialAssistance, &[member]);
			ids.push(open(o, Ok(()), acceptance()).unwrap().0);
		}
		assert_ok!(Registration::remove_agency(RuntimeOrigin::root(), CIVIL_AFFAIRS));
		// Each test block leaves room for two cases.
		run_to_block(System::block_number() + 1);
		let closed = |ids: &[u64]| {
			ids.iter()
				.filter(|id| Lifecycle::case(**id).unwrap().status == CaseStatus::Closed)
				.count()
		};
		assert_eq!(closed(&ids), 2);
		check_invariants();
		run_to_block(System::block_number() + 1);
		assert_eq!(closed(&ids), 3);
		assert_eq!(AgencySweep::<Test>::get(), None);
	});
}

#[test]
fn a_joint_decision_with_a_removed_agency_ends() {
	ExtBuilder::build_and_execute(|| {
		let alices = approved_under_joint_rule();
		let bobs = bobs_joint_case();
		assert_ok!(Registration::remove_agency(RuntimeOrigin::root(), CIVIL_AFFAIRS));
		run_to_block(System::block_number() + 1);
		assert_eq!(Lifecycle::case(alices).unwrap().status, CaseStatus::Closed);
		assert_eq!(Lifecycle::case(bobs).unwrap().status, CaseStatus::Closed);
		assert_eq!(last_decision(bobs), (Actor::Runtime, Decision::AgencyRemoved));
		assert!(JointDecisions::<Test>::get(bobs).is_none());
	});
}

#[test]
fn a_removed_agency_takes_no_part_in_a_new_joint_decision() {
	ExtBuilder::build_and_execute(|| {
		let alices = approved_under_joint_rule();
		assert_ok!(Registration::remove_agency(RuntimeOrigin::root(), CIVIL_AFFAIRS));
		// Before the sweep reaches ALICE's case, BOB applies: only his own department decides.
		let bobs = bobs_joint_case();
		let parties = JointDecisions::<Test>::get(bobs).unwrap().parties;
		assert_eq!(parties.iter().map(|p| p.agency).collect::<Vec<_>>(), vec![OTHER_CIVIL_AFFAIRS]);
		check_invariants();
		run_to_block(System::block_number() + 1);
		assert_eq!(Lifecycle::case(alices).unwrap().status, CaseStatus::Closed);
		assert_eq!(Lifecycle::case(bobs).unwrap().step, Step::JointDecision);
	});
}

#[test]
fn try_state_catches_an_open_case_outliving_its_agency() {
	ExtBuilder::build().execute_with(|| {
		let id = assistance_case();
		assert_ok!(Lifecycle::do_try_state());
		// The agency gone without the lifecycle being told.
		pallet_registration::Agencies::<Test>::remove(CIVIL_AFFAIRS);
		assert!(Lifecycle::do_try_state().is_err());
		AgencySweep::<Test>::put(SweepProgress { next: id, end: id + 1 });
		assert_ok!(Lifecycle::do_try_state());
		AgencySweep::<Test>::put(SweepProgress { next: id + 1, end: id + 1 });
		assert!(Lifecycle::do_try_state().is_err());
		AgencySweep::<Test>::put(SweepProgress { next: 0, end: id + 5 });
		assert!(Lifecycle::do_try_state().is_err());
	});
}

#[test]
fn integrity_bounds_are_sane() {
	ExtBuilder::build_and_execute(|| {
		<Lifecycle as Hooks<u64>>::integrity_test();
		let _: Household = Default::default();
		let _: BoundedVec<u64, frame_support::traits::ConstU32<1>> = Default::default();
	});
}

#[test]
fn migration_to_v2_drops_the_open_case_counts_once() {
	use crate::migrations::v2::{MigrateV1ToV2, OpenCaseCount};
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	ExtBuilder::build_and_execute(|| {
		// A version 1 chain: Alice's open case and its count.
		let id = assistance_case();
		StorageVersion::new(1).put::<Lifecycle>();
		OpenCaseCount::<Test>::insert(ALICE, 1);
		let case = crate::pallet::Cases::<Test>::get(id);

		MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert!(OpenCaseCount::<Test>::iter().next().is_none());
		assert_eq!(Lifecycle::on_chain_storage_version(), 2);
		// The case and its index are untouched.
		assert_eq!(crate::pallet::Cases::<Test>::get(id), case);
		assert_eq!(OpenCase::<Test>::get(ALICE, Service::SocialAssistance), Some(id));

		// On version 2 it does nothing, even to a stray entry.
		OpenCaseCount::<Test>::insert(ALICE, 7);
		MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(OpenCaseCount::<Test>::get(ALICE), 7);
	});
}
