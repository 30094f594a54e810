//! Unit tests: motions about cases, through the real collective, with conflicts of interest, the
//! cross-agency quorum, and the per-member cap.

use crate::{mock::*, Error, Event, Motions, MotionsOf};
use frame_support::{assert_noop, assert_ok};
use safetynet_primitives::{
	cases::{CaseLifecycle, CaseStatus, Step},
	AgencyId, Role,
};
use sp_runtime::DispatchError;

type Review = DemocraticReview;

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

/// Gives `who` a review seat at `agency`.
fn seat(agency: AgencyId, who: AccountId) {
	let admin = agency as AccountId + 1;
	let region = pallet_registration::Agencies::<Test>::get(agency).unwrap().region;
	let roles = pallet_registration::roles_from_list(&[Role::DemocraticReviewMember]).unwrap();
	assert_ok!(Registration::register_staff(signed(admin), who, roles, identity(who), region));
}

/// Reviewers of the civil affairs department (REVIEWER, 50) and of the neighbourhood committee
/// (52): three seats, two agencies.
fn team() {
	seat(CIVIL_AFFAIRS, 50);
	seat(NEIGHBORHOOD, 52);
}

/// An assistance case of `who` (household: 1001) taken to the democratic review.
fn case_at_review(who: AccountId) -> u64 {
	register_household(who, Role::AidApplicant, CIVIL_AFFAIRS, NOW + YEAR, &[1001]);
	let form = pallet_assistance::AidForm {
		agency: CIVIL_AFFAIRS,
		family_info_cid: Some(cid(b"family")),
		household: household(&[1001]),
		monthly_income: 30_000,
		property_value: 0,
		employment: pallet_assistance::EmploymentStatus::Unemployed,
		documents: Default::default(),
		salt: [7; 32],
	};
	assert_ok!(Assistance::apply(signed(who), form));
	let case = pallet_cases::NextCaseId::<Test>::get() - 1;
	assert_ok!(Assistance::accept(signed(CIVIL_OFFICER), case, None));
	assert_ok!(Assistance::inspect(signed(INSPECTOR), case, cid(b"report"), true, None));
	assert_ok!(Assistance::account_income(signed(ACCOUNTANT), case, cid(b"sheet"), 30_000, 50_000));
	assert_eq!(<Cases as CaseLifecycle<_, _>>::case(case).unwrap().step, Step::DemocraticReview);
	case
}

fn status(case: u64) -> (CaseStatus, Step) {
	let case = <Cases as CaseLifecycle<_, _>>::case(case).unwrap();
	(case.status, case.step)
}

#[test]
fn propose_opens_a_majority_motion_and_votes_aye() {
	ExtBuilder::build_and_execute(|| {
		team();
		let case = case_at_review(ALICE);
		assert_ok!(Review::propose(signed(REVIEWER), case, true, Some(cid(b"minutes"))));
		let motion = Motions::<Test>::get(case).unwrap();
		System::assert_has_event(
			Event::MotionProposed { case, proposer: REVIEWER, approve: true, hash: motion.hash }
				.into(),
		);
		let votes = Review::votes(&motion.hash).unwrap();
		assert_eq!((votes.threshold, votes.ayes, votes.nays), (2, vec![REVIEWER], vec![]));
		assert_eq!(MotionsOf::<Test>::get(REVIEWER).to_vec(), vec![case]);
	});
}

#[test]
fn propose_fails_for_outsiders_conflicts_and_cases_not_at_review() {
	ExtBuilder::build_and_execute(|| {
		team();
		let case = case_at_review(ALICE);
		assert_noop!(Review::propose(signed(STRANGER), case, true, None), Error::<Test>::NotMember);
		assert_noop!(
			Review::propose(signed(CIVIL_OFFICER), case, true, None),
			Error::<Test>::NotMember
		);
		// A reviewer who is a member of ALICE's household.
		let admin = SUB_DISTRICT as AccountId + 1;
		let roles = pallet_registration::roles_from_list(&[Role::DemocraticReviewMember]).unwrap();
		assert_ok!(Registration::register_staff(
			signed(admin),
			53,
			roles,
			identity(1001),
			SUBDISTRICT
		));
		assert_noop!(
			Review::propose(signed(53), case, true, None),
			Error::<Test>::ConflictOfInterest
		);
		assert_noop!(
			Review::propose(signed(REVIEWER), 99, true, None),
			Error::<Test>::NotAwaitingReview
		);
		register_citizen(BOB, Role::AidApplicant, CIVIL_AFFAIRS, NOW + YEAR);
		assert_ok!(Assistance::apply(
			signed(BOB),
			pallet_assistance::AidForm {
				agency: CIVIL_AFFAIRS,
				family_info_cid: Some(cid(b"family")),
				household: Default::default(),
				monthly_income: 0,
				property_value: 0,
				employment: pallet_assistance::EmploymentStatus::Unemployed,
				documents: Default::default(),
				salt: [7; 32],
			}
		));
		let early = pallet_cases::NextCaseId::<Test>::get() - 1;
		assert_noop!(
			Review::propose(signed(REVIEWER), early, true, None),
			Error::<Test>::NotAwaitingReview
		);
		assert_ok!(Review::propose(signed(REVIEWER), case, true, None));
		assert_noop!(Review::propose(signed(50), case, false, None), Error::<Test>::MotionOpen);
	});
}

#[test]
fn a_member_has_a_bounded_number_of_motions_open() {
	ExtBuilder::build_and_execute(|| {
		team();
		let cases: Vec<u64> = [ALICE, BOB, CHARLIE].into_iter().map(case_at_review).collect();
		assert_ok!(Review::propose(signed(REVIEWER), cases[0], true, None));
		assert_ok!(Review::propose(signed(REVIEWER), cases[1], true, None));
		assert_noop!(
			Review::propose(signed(REVIEWER), cases[2], true, None),
			Error::<Test>::TooManyMotions
		);
		// Another member may; and once a motion closes, the slot is free again.
		assert_ok!(Review::vote(signed(52), cases[0], true));
		assert_ok!(Review::close(signed(REVIEWER), cases[0]));
		assert_ok!(Review::propose(signed(REVIEWER), cases[2], true, None));
	});
}

#[test]
fn vote_works_and_refuses_outsiders_conflicts_and_missing_motions() {
	ExtBuilder::build_and_execute(|| {
		team();
		let case = case_at_review(ALICE);
		assert_noop!(Review::vote(signed(50), case, true), Error::<Test>::NoMotion);
		assert_ok!(Review::propose(signed(REVIEWER), case, true, None));
		assert_ok!(Review::vote(signed(50), case, false));
		System::assert_last_event(Event::MotionVoted { case, voter: 50, aye: false }.into());
		assert_noop!(Review::vote(signed(STRANGER), case, true), Error::<Test>::NotMember);
		assert_noop!(
			Review::vote(signed(50), case, false),
			pallet_collective::Error::<Test>::DuplicateVote
		);
		let admin = SUB_DISTRICT as AccountId + 1;
		let roles = pallet_registration::roles_from_list(&[Role::DemocraticReviewMember]).unwrap();
		assert_ok!(Registration::register_staff(
			signed(admin),
			53,
			roles,
			identity(ALICE),
			SUBDISTRICT
		));
		assert_noop!(Review::vote(signed(53), case, true), Error::<Test>::ConflictOfInterest);
	});
}

#[test]
fn one_agency_cannot_vote_a_case_through_alone() {
	ExtBuilder::build_and_execute(|| {
		team();
		// A fourth seat, also the civil affairs department's: its three reviewers are a majority.
		seat(CIVIL_AFFAIRS, 51);
		let case = case_at_review(ALICE);
		assert_ok!(Review::propose(signed(REVIEWER), case, true, None));
		assert_ok!(Review::vote(signed(50), case, true));
		assert_ok!(Review::vote(signed(51), case, true));
		assert_noop!(Review::close(signed(REVIEWER), case), Error::<Test>::SingleAgencyQuorum);
		assert_eq!(status(case), (CaseStatus::InReview, Step::DemocraticReview));
		// The committee's member agrees: the motion carries and the case is approved.
		assert_ok!(Review::vote(signed(52), case, true));
		assert_ok!(Review::close(signed(52), case));
		System::assert_has_event(Event::MotionClosed { case, carried: true }.into());
		assert_eq!(status(case), (CaseStatus::Active, Step::Payments));
		assert!(Motions::<Test>::get(case).is_none());
		assert!(MotionsOf::<Test>::get(REVIEWER).is_empty());
	});
}

#[test]
fn a_motion_that_cannot_carry_is_dropped_and_the_case_waits_for_another() {
	ExtBuilder::build_and_execute(|| {
		team();
		let case = case_at_review(ALICE);
		assert_ok!(Review::propose(signed(REVIEWER), case, true, None));
		// Undecided: too early to close.
		assert_noop!(Review::close(signed(50), case), pallet_collective::Error::<Test>::TooEarly);
		assert_ok!(Review::vote(signed(50), case, false));
		assert_ok!(Review::vote(signed(52), case, false));
		assert_ok!(Review::close(signed(50), case));
		System::assert_has_event(Event::MotionClosed { case, carried: false }.into());
		assert_eq!(status(case), (CaseStatus::InReview, Step::DemocraticReview));
		// A motion to reject, from two agencies, carries.
		assert_ok!(Review::propose(signed(50), case, false, None));
		assert_ok!(Review::vote(signed(52), case, true));
		assert_ok!(Review::close(signed(52), case));
		assert_eq!(status(case), (CaseStatus::Rejected, Step::DemocraticReview));
		assert_noop!(Review::close(signed(52), case), Error::<Test>::NoMotion);
		assert_noop!(Review::close(signed(STRANGER), case), Error::<Test>::NotMember);
	});
}

#[test]
fn when_one_agency_holds_every_seat_its_majority_decides() {
	ExtBuilder::build_and_execute(|| {
		seat(CIVIL_AFFAIRS, 50);
		let case = case_at_review(ALICE);
		assert_ok!(Review::propose(signed(REVIEWER), case, true, None));
		assert_ok!(Review::vote(signed(50), case, true));
		assert_ok!(Review::close(signed(50), case));
		assert_eq!(status(case), (CaseStatus::Active, Step::Payments));
	});
}

#[test]
fn a_team_of_one_decides_at_once() {
	ExtBuilder::build_and_execute(|| {
		let case = case_at_review(ALICE);
		assert_ok!(Review::propose(signed(REVIEWER), case, true, None));
		assert_eq!(status(case), (CaseStatus::Active, Step::Payments));
		assert!(Motions::<Test>::get(case).is_none());
	});
}

#[test]
fn a_motion_the_council_killed_is_forgotten() {
	ExtBuilder::build_and_execute(|| {
		team();
		let case = case_at_review(ALICE);
		assert_ok!(Review::propose(signed(REVIEWER), case, true, None));
		let hash = Motions::<Test>::get(case).unwrap().hash;
		assert_ok!(ReviewTeam::kill(RuntimeOrigin::root(), hash));
		assert_noop!(Review::vote(signed(50), case, true), Error::<Test>::NoMotion);
		assert_ok!(Review::propose(signed(50), case, true, None));
	});
}

#[test]
fn the_collectives_own_calls_are_not_this_pallets_concern_but_its_origin_is() {
	ExtBuilder::build_and_execute(|| {
		// Only a majority of the team may record the outcome: a signed call is refused.
		let case = case_at_review(ALICE);
		assert_noop!(
			Assistance::review(signed(REVIEWER), case, true, None),
			DispatchError::BadOrigin
		);
		let _ = <Cases as CaseLifecycle<_, _>>::case(case);
	});
}

#[test]
fn a_service_without_a_democratic_review_has_no_motions() {
	ExtBuilder::build_and_execute(|| {
		team();
		// An insurance case put at the review step: insurance has no review outcome.
		register_citizen(BOB, Role::InsuredEmployee, INSURANCE_AGENCY, NOW + YEAR);
		let opening = safetynet_primitives::cases::Opening {
			service: safetynet_primitives::cases::Service::SocialInsurance,
			applicant: BOB,
			agency: INSURANCE_AGENCY,
			documents: vec![cid(b"form")].try_into().unwrap(),
			household: Default::default(),
		};
		let rule = safetynet_primitives::cases::RuleStamp {
			rule_version: 1,
			parameters_version: 1,
			input_digest: Default::default(),
		};
		let next = safetynet_primitives::cases::Next::review();
		let (case, _) = <Cases as CaseLifecycle<_, _>>::open(opening, Ok(()), rule, next).unwrap();
		assert_noop!(
			Review::propose(signed(REVIEWER), case, true, None),
			Error::<Test>::NotReviewable
		);
	});
}
