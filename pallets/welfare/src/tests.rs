//! Unit tests: every call, rule, error and event of the welfare pallet, and the whole workflow.

use crate::{finding, mock::*, Error, Event, TeamSeatCount, TeamSeats, WelfareCases};
use frame_support::{assert_noop, assert_ok};
use safetynet_primitives::{
	cases::{Actor, CaseStatus, Check, Decision, Step},
	Role,
};

/// Grade 2 (90 000) less half of 40 000 of income.
const AMOUNT: Balance = 70_000;

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn applicant() -> AccountId {
	register_citizen(ALICE, Role::WelfareApplicant, WELFARE_INSTITUTE, NOW + YEAR);
	ALICE
}

fn status_step(case: u64) -> (CaseStatus, Step) {
	let case = Cases::case_view(case).unwrap().case;
	(case.status, case.step)
}

fn team() -> Vec<AccountId> {
	DOCTORS[..3].to_vec()
}

/// An accepted application with a team whose first doctor verified the applicant.
fn to_examination() -> u64 {
	let who = applicant();
	assert_ok!(Welfare::apply(signed(who), form()));
	assert_ok!(Welfare::accept(signed(COUNTY_OFFICER), 0, None));
	assert_ok!(Welfare::form_team(signed(COUNTY_OFFICER), 0, team()));
	assert_ok!(Welfare::verify_identity(signed(DOCTORS[0]), 0, photo_of(who)));
	0
}

#[test]
fn the_whole_workflow_ends_in_monthly_welfare() {
	ExtBuilder::build_and_execute(|| {
		let who = applicant();
		assert_ok!(Welfare::apply(signed(who), form()));
		assert_eq!(status_step(0), (CaseStatus::InReview, Step::Acceptance));

		assert_ok!(Welfare::accept(signed(COUNTY_OFFICER), 0, None));
		System::assert_last_event(
			Event::ApplicationAccepted { case: 0, by: COUNTY_OFFICER }.into(),
		);
		assert_eq!(status_step(0), (CaseStatus::InReview, Step::ConsultationTeam));

		assert_ok!(Welfare::form_team(signed(COUNTY_OFFICER), 0, team()));
		System::assert_last_event(
			Event::ConsultationTeamFormed { case: 0, by: COUNTY_OFFICER, team: team() }.into(),
		);
		assert_eq!(status_step(0), (CaseStatus::InReview, Step::MedicalExamination));
		assert_eq!(TeamSeatCount::<Test>::get(DOCTORS[0]), 1);

		assert_ok!(Welfare::verify_identity(signed(DOCTORS[1]), 0, photo_of(who)));
		System::assert_last_event(Event::IdentityVerified { case: 0, by: DOCTORS[1] }.into());

		let conclusion = cid(b"conclusion: grade 2");
		assert_ok!(Welfare::conclude(signed(DOCTORS[0]), 0, conclusion.clone(), 2, TEAM_SALT));
		System::assert_last_event(Event::ConclusionSubmitted { case: 0, by: DOCTORS[0] }.into());
		assert_eq!(status_step(0).1, Step::MedicalExamination, "one of three is not a majority");
		assert_ok!(Welfare::conclude(signed(DOCTORS[2]), 0, conclusion.clone(), 2, TEAM_SALT));
		System::assert_has_event(
			Event::ConclusionRecorded { case: 0, conclusion: conclusion.clone(), ayes: 2, of: 3 }
				.into(),
		);
		assert_eq!(status_step(0), (CaseStatus::InReview, Step::WelfareHandling));
		assert_eq!(TeamSeatCount::<Test>::get(DOCTORS[0]), 0, "the team's seats are freed");
		// The welfare institute responsible for ALICE's neighbourhood handles it.
		assert_eq!(
			Cases::case_view(0).map(|v| v.case).unwrap().assignee.agency(),
			Some(WELFARE_INSTITUTE)
		);

		let fund_before = free(fund(WELFARE_INSTITUTE));
		assert_ok!(Welfare::handle(signed(WELFARE_OFFICER), 0, figures(2)));
		System::assert_has_event(
			Event::WelfareGranted {
				case: 0,
				beneficiary: who,
				agency: WELFARE_INSTITUTE,
				monthly_amount: AMOUNT,
			}
			.into(),
		);
		assert_eq!(status_step(0), (CaseStatus::Active, Step::Payments));
		assert_eq!(
			Cases::case_view(0).map(|v| v.case).unwrap().decided_by,
			Some(WELFARE_INSTITUTE)
		);
		run_to_block(1 + PERIOD);
		assert_eq!(free(who), ENDOWMENT + 2 * AMOUNT);
		assert_eq!(free(fund(WELFARE_INSTITUTE)), fund_before - 2 * AMOUNT);

		let history = Cases::case_view(0).unwrap().history;
		let conclusion_entry = history
			.iter()
			.find(|r| r.actor == Actor::Collective { ayes: 2, of: 3 })
			.unwrap();
		assert_eq!(conclusion_entry.document, Some(conclusion));
	});
}

#[test]
fn the_checks_list_every_missing_document_and_income() {
	ExtBuilder::build_and_execute(|| {
		let who = applicant();
		let mut bad = form();
		bad.personal_info_cid = None;
		bad.medical_records_cid = None;
		bad.injury_proof_cid = None;
		bad.monthly_income = 300_000;
		assert_ok!(Welfare::apply(signed(who), bad));
		assert_eq!(
			Cases::case_view(0).unwrap().history[0].decision,
			Decision::ChecksFailed(
				vec![
					Check::FormIncomplete,
					Check::MedicalRecordsMissing,
					Check::InjuryProofMissing,
					Check::IncomeAboveWelfareLine
				]
				.try_into()
				.unwrap()
			)
		);
		assert_ok!(Welfare::resubmit(signed(who), 0, form()));
		assert_eq!(status_step(0), (CaseStatus::InReview, Step::Acceptance));
	});
}

#[test]
fn apply_and_resubmit_fail_for_input_errors() {
	ExtBuilder::build_and_execute(|| {
		assert_noop!(
			Welfare::apply(signed(STRANGER), form()),
			pallet_cases::Error::<Test>::NotEligibleApplicant
		);
		let who = applicant();
		let mut wrong = form();
		wrong.agency = WELFARE_INSTITUTE;
		assert_noop!(
			Welfare::apply(signed(who), wrong),
			pallet_cases::Error::<Test>::WrongAgencyKind
		);
		let mut bad = form();
		bad.injury_proof_cid = Some(bad_cid());
		assert_noop!(Welfare::apply(signed(who), bad), pallet_cases::Error::<Test>::InvalidCid);
		assert_noop!(
			Welfare::resubmit(signed(who), 3, form()),
			pallet_cases::Error::<Test>::UnknownCase
		);
		let mut incomplete = form();
		incomplete.injury_proof_cid = None;
		assert_ok!(Welfare::apply(signed(who), incomplete));
		let mut elsewhere = form();
		elsewhere.agency = CIVIL_AFFAIRS;
		assert_noop!(
			Welfare::resubmit(signed(who), 0, elsewhere),
			pallet_cases::Error::<Test>::WrongAgency
		);
		pallet_service_parameters::Parameters::<Test>::kill();
		assert_noop!(Welfare::resubmit(signed(who), 0, form()), Error::<Test>::NoParameters);
	});
}

#[test]
fn accepting_may_name_the_paying_institute() {
	ExtBuilder::build_and_execute(|| {
		let who = applicant();
		assert_ok!(Welfare::apply(signed(who), form()));
		assert_noop!(
			Welfare::accept(signed(WELFARE_OFFICER), 0, None),
			pallet_cases::Error::<Test>::NotAssignee
		);
		assert_noop!(
			Welfare::accept(signed(COUNTY_OFFICER), 9, None),
			pallet_cases::Error::<Test>::UnknownCase
		);
		assert_noop!(
			Welfare::accept(signed(COUNTY_OFFICER), 0, Some(HOSPITAL)),
			Error::<Test>::NotAWelfareInstitute
		);
		assert_ok!(Welfare::accept(signed(COUNTY_OFFICER), 0, Some(WELFARE_INSTITUTE)));
		assert_eq!(WelfareCases::<Test>::get(0).unwrap().institute, Some(WELFARE_INSTITUTE));
	});
}

#[test]
fn forming_the_team_checks_its_members() {
	ExtBuilder::build_and_execute(|| {
		let who = applicant();
		assert_ok!(Welfare::apply(signed(who), form()));
		assert_ok!(Welfare::accept(signed(COUNTY_OFFICER), 0, None));
		assert_noop!(
			Welfare::form_team(signed(COUNTY_OFFICER), 0, DOCTORS[..2].to_vec()),
			Error::<Test>::TeamSizeInvalid
		);
		assert_noop!(
			Welfare::form_team(signed(COUNTY_OFFICER), 0, vec![DOCTORS[0]; 10]),
			Error::<Test>::TeamSizeInvalid
		);
		assert_noop!(
			Welfare::form_team(signed(COUNTY_OFFICER), 0, vec![DOCTORS[0], DOCTORS[1], DOCTORS[0]]),
			Error::<Test>::DuplicateDoctor
		);
		assert_noop!(
			Welfare::form_team(signed(COUNTY_OFFICER), 0, vec![DOCTORS[0], DOCTORS[1], INSPECTOR]),
			Error::<Test>::NotADoctor
		);
		// A doctor who is ALICE herself.
		staff_as_person(60, HOSPITAL, Role::ConsultationDoctor, ALICE);
		assert_noop!(
			Welfare::form_team(signed(COUNTY_OFFICER), 0, vec![DOCTORS[0], DOCTORS[1], 60]),
			Error::<Test>::DoctorConcerned
		);
		assert_noop!(
			Welfare::form_team(signed(DOCTORS[0]), 0, team()),
			pallet_cases::Error::<Test>::NotAssignee
		);
		pallet_service_parameters::Parameters::<Test>::kill();
		assert_noop!(
			Welfare::form_team(signed(COUNTY_OFFICER), 0, team()),
			Error::<Test>::NoParameters
		);
	});
}

#[test]
fn a_doctor_sits_on_a_bounded_number_of_teams() {
	ExtBuilder::build_and_execute(|| {
		// MaxTeamsPerDoctor is 2.
		for (i, who) in [ALICE, BOB, CHARLIE].into_iter().enumerate() {
			register_citizen(who, Role::WelfareApplicant, WELFARE_INSTITUTE, NOW + YEAR);
			assert_ok!(Welfare::apply(signed(who), form()));
			assert_ok!(Welfare::accept(signed(COUNTY_OFFICER), i as u64, None));
		}
		assert_ok!(Welfare::form_team(signed(COUNTY_OFFICER), 0, team()));
		assert_ok!(Welfare::form_team(signed(COUNTY_OFFICER), 1, team()));
		assert_noop!(
			Welfare::form_team(signed(COUNTY_OFFICER), 2, team()),
			Error::<Test>::DoctorBusy
		);
		// A case that ended while examining frees its doctors' seats the next time they are
		// put on a team.
		assert_ok!(Cases::withdraw(signed(ALICE), 0));
		assert_ok!(Welfare::form_team(signed(COUNTY_OFFICER), 2, team()));
		assert!(TeamSeats::<Test>::get(DOCTORS[0], 0).is_none());
	});
}

#[test]
fn identity_is_checked_against_the_registered_photo() {
	ExtBuilder::build_and_execute(|| {
		let who = applicant();
		assert_ok!(Welfare::apply(signed(who), form()));
		assert_ok!(Welfare::accept(signed(COUNTY_OFFICER), 0, None));
		assert_ok!(Welfare::form_team(signed(COUNTY_OFFICER), 0, team()));
		assert_noop!(
			Welfare::verify_identity(signed(DOCTORS[0]), 0, photo_of(BOB)),
			Error::<Test>::PhotoMismatch
		);
		assert_noop!(
			Welfare::verify_identity(signed(DOCTORS[4]), 0, photo_of(who)),
			Error::<Test>::NotOnTeam
		);
		assert_noop!(
			Welfare::conclude(signed(DOCTORS[0]), 0, cid(b"c"), 2, TEAM_SALT),
			Error::<Test>::IdentityNotVerified
		);
		assert_ok!(Welfare::verify_identity(signed(DOCTORS[0]), 0, photo_of(who)));
		assert!(WelfareCases::<Test>::get(0).unwrap().identity_verified);
	});
}

#[test]
fn conclusions_need_valid_grades_and_one_vote_per_doctor() {
	ExtBuilder::build_and_execute(|| {
		let case = to_examination();
		for grade in [0, 11] {
			assert_noop!(
				Welfare::conclude(signed(DOCTORS[0]), case, cid(b"c"), grade, TEAM_SALT),
				Error::<Test>::InvalidGrade
			);
		}
		assert_noop!(
			Welfare::conclude(signed(DOCTORS[3]), case, cid(b"c"), 2, TEAM_SALT),
			Error::<Test>::NotOnTeam
		);
		assert_ok!(Welfare::conclude(signed(DOCTORS[0]), case, cid(b"c"), 2, TEAM_SALT));
		assert_noop!(
			Welfare::conclude(signed(DOCTORS[0]), case, cid(b"c"), 2, TEAM_SALT),
			Error::<Test>::AlreadyVoted
		);
		assert_noop!(
			Welfare::conclude(signed(DOCTORS[1]), case, bad_cid(), 2, TEAM_SALT),
			pallet_cases::Error::<Test>::InvalidCid
		);
	});
}

#[test]
fn without_a_majority_the_team_is_formed_anew() {
	ExtBuilder::build_and_execute(|| {
		let case = to_examination();
		assert_ok!(Welfare::conclude(signed(DOCTORS[0]), case, cid(b"a"), 2, TEAM_SALT));
		assert_ok!(Welfare::conclude(signed(DOCTORS[1]), case, cid(b"b"), 3, TEAM_SALT));
		assert_ok!(Welfare::conclude(signed(DOCTORS[2]), case, cid(b"c"), 4, TEAM_SALT));
		System::assert_last_event(Event::TeamDissolved { case }.into());
		assert_eq!(status_step(case), (CaseStatus::InReview, Step::ConsultationTeam));
		assert!(WelfareCases::<Test>::get(case).unwrap().votes.is_empty());
		assert_ok!(Welfare::form_team(signed(COUNTY_OFFICER), case, DOCTORS[2..].to_vec()));
	});
}

#[test]
fn a_doctor_leaving_sends_the_case_back_for_a_new_team() {
	ExtBuilder::build_and_execute(|| {
		let case = to_examination();
		let admin = HOSPITAL as AccountId + 1;
		assert_ok!(Registration::remove_staff(signed(admin), DOCTORS[1]));
		System::assert_has_event(Event::TeamDissolved { case }.into());
		assert_eq!(status_step(case), (CaseStatus::InReview, Step::ConsultationTeam));
		assert_eq!(
			Cases::queue_of(Role::CountyWelfareOfficer, Some(COUNTY_WELFARE))[0].id,
			case,
			"the case is back in the department's queue"
		);
		assert_eq!(TeamSeatCount::<Test>::get(DOCTORS[0]), 0);
	});
}

#[test]
fn handling_needs_a_conclusion_and_may_find_nothing_due() {
	ExtBuilder::build_and_execute(|| {
		let case = to_examination();
		assert_noop!(
			Welfare::handle(signed(WELFARE_OFFICER), case, figures(10)),
			pallet_cases::Error::<Test>::WrongStep
		);
		// Grade 10 pays 10 000, less half of 40 000: nothing.
		for doctor in &DOCTORS[..2] {
			assert_ok!(Welfare::conclude(signed(*doctor), case, cid(b"g10"), 10, TEAM_SALT));
		}
		assert_noop!(
			Welfare::handle(signed(COUNTY_OFFICER), case, figures(10)),
			pallet_cases::Error::<Test>::NotAssignee
		);
		assert_ok!(Welfare::handle(signed(WELFARE_OFFICER), case, figures(10)));
		System::assert_last_event(Event::NoWelfareDue { case }.into());
		assert_eq!(status_step(case).0, CaseStatus::Closed);
	});
}

#[test]
fn the_paying_institute_ends_the_welfare_through_the_lifecycle() {
	ExtBuilder::build_and_execute(|| {
		let case = to_examination();
		for doctor in &DOCTORS[..2] {
			assert_ok!(Welfare::conclude(signed(*doctor), case, cid(b"g2"), 2, TEAM_SALT));
		}
		assert_ok!(Welfare::handle(signed(WELFARE_OFFICER), case, figures(2)));
		assert_noop!(
			Cases::end(signed(COUNTY_OFFICER), case, cid(b"r")),
			pallet_cases::Error::<Test>::NotAssignee
		);
		assert_ok!(Cases::end(signed(WELFARE_OFFICER), case, cid(b"recovered")));
		let balance = free(ALICE);
		run_to_block(1 + 3 * PERIOD);
		assert_eq!(free(ALICE), balance);
	});
}

// ----- records out of step (defensive errors: no call leaves them so) -----

#[test]
fn a_case_without_its_welfare_record_is_refused_not_guessed() {
	ExtBuilder::build_and_execute(|| {
		let who = applicant();
		assert_ok!(Welfare::apply(signed(who), form()));
		let record = WelfareCases::<Test>::take(0).unwrap();
		assert_noop!(
			Welfare::accept(signed(COUNTY_OFFICER), 0, None),
			Error::<Test>::NoWelfareRecord
		);
		WelfareCases::<Test>::insert(0, record);
	});
}

#[test]
fn identity_cannot_be_verified_without_a_registered_photo() {
	ExtBuilder::build_and_execute(|| {
		let who = applicant();
		assert_ok!(Welfare::apply(signed(who), form()));
		assert_ok!(Welfare::accept(signed(COUNTY_OFFICER), 0, None));
		assert_ok!(Welfare::form_team(signed(COUNTY_OFFICER), 0, team()));
		pallet_registration::Citizens::<Test>::mutate(who, |c| {
			c.as_mut().unwrap().photo_cid = None;
		});
		assert_noop!(
			Welfare::verify_identity(signed(DOCTORS[0]), 0, photo_of(who)),
			Error::<Test>::NoRegisteredPhoto
		);
	});
}

#[test]
fn handling_without_a_recorded_conclusion_is_refused() {
	ExtBuilder::build_and_execute(|| {
		let case = to_examination();
		for doctor in &DOCTORS[..2] {
			assert_ok!(Welfare::conclude(signed(*doctor), case, cid(b"g2"), 2, TEAM_SALT));
		}
		let conclusion = WelfareCases::<Test>::get(case).unwrap().conclusion;
		WelfareCases::<Test>::mutate(case, |w| w.as_mut().unwrap().conclusion = None);
		assert_noop!(
			Welfare::handle(signed(WELFARE_OFFICER), case, figures(2)),
			Error::<Test>::NoConclusion
		);
		WelfareCases::<Test>::mutate(case, |w| w.as_mut().unwrap().conclusion = conclusion);
	});
}

#[test]
fn no_grade_or_income_is_kept_and_handling_checks_the_figures_given() {
	ExtBuilder::build_and_execute(|| {
		let case = to_examination();
		let conclusion = cid(b"g2");
		for doctor in &DOCTORS[..2] {
			assert_ok!(Welfare::conclude(signed(*doctor), case, conclusion.clone(), 2, TEAM_SALT));
		}
		let record = WelfareCases::<Test>::get(case).unwrap();
		// Only digests: the income under the applicant's salt, the grade under the team's.
		assert_eq!(record.declaration, form().declaration());
		assert_eq!(
			record.conclusion,
			Some((conclusion.clone(), finding(&conclusion, 2, &TEAM_SALT)))
		);
		assert!(record.votes.iter().all(|v| v.finding == finding(&conclusion, 2, &TEAM_SALT)));
		assert_ne!(finding(&conclusion, 2, &TEAM_SALT), finding(&conclusion, 2, &[6; 32]));

		// The institute must give back the figures the digests were made from.
		let wrong = [
			crate::HandlingFigures { grade: 1, ..figures(2) },
			crate::HandlingFigures { conclusion_salt: [6; 32], ..figures(2) },
			crate::HandlingFigures { monthly_income: 0, ..figures(2) },
			crate::HandlingFigures { declaration_salt: [6; 32], ..figures(2) },
		];
		for figures in wrong {
			assert_noop!(
				Welfare::handle(signed(WELFARE_OFFICER), case, figures),
				Error::<Test>::FiguresMismatch
			);
		}
		assert_ok!(Welfare::handle(signed(WELFARE_OFFICER), case, figures(2)));
	});
}

#[test]
fn doctors_with_different_salts_do_not_make_a_majority() {
	ExtBuilder::build_and_execute(|| {
		let case = to_examination();
		assert_ok!(Welfare::conclude(signed(DOCTORS[0]), case, cid(b"g2"), 2, TEAM_SALT));
		assert_ok!(Welfare::conclude(signed(DOCTORS[1]), case, cid(b"g2"), 2, [6; 32]));
		assert_eq!(status_step(case).1, Step::MedicalExamination);
	});
}
