//! Unit tests: every call, every error, every event, the admission extension and the registry
//! view. Each test ends by checking the pallet's invariants (`ExtBuilder::build_and_execute`).

use crate::{mock::*, pallet::*, Error, Event, ParticipantKind, RejectionReason};
use frame_support::{assert_noop, assert_ok, traits::Get};
use safetynet_primitives::{AgencyKind, Cid, ParticipantRegistry, Role};
use sp_core::H256;
use sp_runtime::DispatchError;

fn root() -> RuntimeOrigin {
	RuntimeOrigin::root()
}

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn providers(who: AccountId) -> u32 {
	frame_system::Pallet::<Test>::providers(&who)
}

fn last_event() -> RuntimeEvent {
	System::events().pop().expect("an event was emitted").event
}

/// Registers `who` as a verified aid applicant with the civil affairs department.
fn register_aid_applicant(who: AccountId, id_seed: u8) {
	assert_ok!(Registration::request_registration(
		signed(who),
		form(Role::AidApplicant, CIVIL, id_seed)
	));
	assert_ok!(Registration::verify_citizen(signed(CIVIL_OFFICER), who));
}

mod genesis {
	use super::*;

	#[test]
	fn genesis_registers_agencies_staff_and_council() {
		ExtBuilder::default().build_and_execute(|| {
			assert_eq!(AgencyCount::<Test>::get(), 2);
			let insurance = Agencies::<Test>::get(INSURANCE).unwrap();
			assert_eq!(insurance.kind, AgencyKind::SocialInsuranceAgency);
			assert_eq!(insurance.admin, INSURANCE_ADMIN);
			assert_eq!(insurance.staff_count, 1);
			assert_eq!(Agencies::<Test>::get(CIVIL).unwrap().staff_count, 2);
			assert_eq!(CouncilSeats::get(), vec![INSURANCE_ADMIN, CIVIL_ADMIN]);
			assert_eq!(Staff::<Test>::get(INSURANCE_OFFICER).unwrap().code, 0);
			assert_eq!(NextCode::<Test>::get(), 3);
			assert_eq!(providers(INSURANCE_ADMIN), 1);
			assert_eq!(providers(INSPECTOR), 1);
		});
	}
}

mod add_agency {
	use super::*;

	#[test]
	fn add_agency_works() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(Registration::add_agency(
				root(),
				AgencyKind::WelfareInstitute,
				b"Welfare Institute".to_vec(),
				3
			));
			System::assert_last_event(
				Event::AgencyAdded { agency: 2, kind: AgencyKind::WelfareInstitute, admin: 3 }.into(),
			);
			assert_eq!(AdminOf::<Test>::get(3), Some(2));
			assert_eq!(Agencies::<Test>::get(2).unwrap().name.to_vec(), b"Welfare Institute".to_vec());
			assert_eq!(CouncilSeats::get(), vec![INSURANCE_ADMIN, CIVIL_ADMIN, 3]);
			assert_eq!(providers(3), 1);
			assert!(Registration::is_participant(&3));
		});
	}

	#[test]
	fn add_agency_fails_for_non_governance() {
		ExtBuilder::default().build_and_execute(|| {
			assert_noop!(
				Registration::add_agency(signed(INSURANCE_ADMIN), AgencyKind::Hospital, b"H".to_vec(), 3),
				DispatchError::BadOrigin
			);
		});
	}

	#[test]
	fn add_agency_fails_with_empty_or_long_name() {
		ExtBuilder::default().build_and_execute(|| {
			assert_noop!(
				Registration::add_agency(root(), AgencyKind::Hospital, vec![], 3),
				Error::<Test>::EmptyName
			);
			assert_noop!(
				Registration::add_agency(root(), AgencyKind::Hospital, vec![b'x'; 65], 3),
				Error::<Test>::NameTooLong
			);
		});
	}

	#[test]
	fn add_agency_fails_when_admin_account_in_use() {
		ExtBuilder::default().build_and_execute(|| {
			for taken in [INSURANCE_ADMIN, INSURANCE_OFFICER] {
				assert_noop!(
					Registration::add_agency(root(), AgencyKind::Hospital, b"H".to_vec(), taken),
					Error::<Test>::AccountInUse
				);
			}
			register_aid_applicant(ALICE, 1);
			assert_noop!(
				Registration::add_agency(root(), AgencyKind::Hospital, b"H".to_vec(), ALICE),
				Error::<Test>::AccountInUse
			);
			assert_ok!(Registration::request_registration(
				signed(BOB),
				form(Role::AidApplicant, CIVIL, 2)
			));
			assert_noop!(
				Registration::add_agency(root(), AgencyKind::Hospital, b"H".to_vec(), BOB),
				Error::<Test>::AccountInUse
			);
		});
	}

	#[test]
	fn add_agency_fails_when_consortium_full() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(Registration::add_agency(root(), AgencyKind::Hospital, b"H1".to_vec(), 3));
			assert_ok!(Registration::add_agency(root(), AgencyKind::Hospital, b"H2".to_vec(), 4));
			assert_noop!(
				Registration::add_agency(root(), AgencyKind::Hospital, b"H3".to_vec(), 5),
				Error::<Test>::TooManyAgencies
			);
		});
	}
}

mod remove_agency {
	use super::*;

	#[test]
	fn remove_agency_works_and_strips_staff_roles() {
		ExtBuilder::default().build_and_execute(|| {
			assert!(Registration::is_participant(&CIVIL_OFFICER));
			assert_ok!(Registration::remove_agency(root(), CIVIL));
			System::assert_last_event(Event::AgencyRemoved { agency: CIVIL }.into());
			assert_eq!(CouncilSeats::get(), vec![INSURANCE_ADMIN]);
			assert_eq!(AdminOf::<Test>::get(CIVIL_ADMIN), None);
			assert_eq!(providers(CIVIL_ADMIN), 0);
			assert!(!Registration::is_participant(&CIVIL_ADMIN));
			assert!(!Registration::is_participant(&CIVIL_OFFICER));
			assert_eq!(Registration::staff_agency(&CIVIL_OFFICER, Role::CivilAffairsOfficer), None);
			// The staff records wait to be cleaned up.
			assert!(Staff::<Test>::contains_key(CIVIL_OFFICER));
			assert_ok!(Registration::remove_staff(signed(ALICE), CIVIL_OFFICER));
			assert_ok!(Registration::remove_staff(signed(ALICE), INSPECTOR));
		});
	}

	#[test]
	fn remove_agency_fails_for_non_governance_or_unknown_agency() {
		ExtBuilder::default().build_and_execute(|| {
			assert_noop!(
				Registration::remove_agency(signed(CIVIL_ADMIN), CIVIL),
				DispatchError::BadOrigin
			);
			assert_noop!(Registration::remove_agency(root(), 9), Error::<Test>::UnknownAgency);
		});
	}
}

mod set_agency_admin {
	use super::*;

	#[test]
	fn set_agency_admin_works() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(Registration::set_agency_admin(root(), CIVIL, 7));
			System::assert_last_event(
				Event::AgencyAdminChanged { agency: CIVIL, old_admin: CIVIL_ADMIN, new_admin: 7 }
					.into(),
			);
			assert_eq!(Agencies::<Test>::get(CIVIL).unwrap().admin, 7);
			assert_eq!(AdminOf::<Test>::get(7), Some(CIVIL));
			assert_eq!(AdminOf::<Test>::get(CIVIL_ADMIN), None);
			assert_eq!(CouncilSeats::get(), vec![INSURANCE_ADMIN, 7]);
			assert_eq!((providers(7), providers(CIVIL_ADMIN)), (1, 0));
		});
	}

	#[test]
	fn set_agency_admin_fails() {
		ExtBuilder::default().build_and_execute(|| {
			assert_noop!(
				Registration::set_agency_admin(signed(CIVIL_ADMIN), CIVIL, 7),
				DispatchError::BadOrigin
			);
			assert_noop!(
				Registration::set_agency_admin(root(), 9, 7),
				Error::<Test>::UnknownAgency
			);
			assert_noop!(
				Registration::set_agency_admin(root(), CIVIL, INSURANCE_OFFICER),
				Error::<Test>::AccountInUse
			);
		});
	}
}

mod staff {
	use super::*;

	#[test]
	fn register_staff_works() {
		ExtBuilder::default().build_and_execute(|| {
			let roles = roles(&[Role::DemocraticReviewMember, Role::CivilAffairsOfficer]);
			assert_ok!(Registration::register_staff(signed(CIVIL_ADMIN), 20, roles.clone()));
			System::assert_last_event(
				Event::StaffRegistered { who: 20, agency: CIVIL, code: 3, roles }.into(),
			);
			assert_eq!(Registration::staff_agency(&20, Role::DemocraticReviewMember), Some(CIVIL));
			assert!(Registration::has_staff_role(&20, Role::CivilAffairsOfficer, CIVIL));
			assert!(!Registration::has_staff_role(&20, Role::CivilAffairsOfficer, INSURANCE));
			assert_eq!(Registration::code_of(&20), Some(3));
			assert_eq!(CodeOwner::<Test>::get(3), Some(20));
			assert_eq!(providers(20), 1);
		});
	}

	#[test]
	fn register_staff_fails_for_non_admin() {
		ExtBuilder::default().build_and_execute(|| {
			assert_noop!(
				Registration::register_staff(
					signed(CIVIL_OFFICER),
					20,
					roles(&[Role::CivilAffairsOfficer])
				),
				Error::<Test>::NotAgencyAdmin
			);
		});
	}

	#[test]
	fn register_staff_fails_with_no_or_wrong_roles() {
		ExtBuilder::default().build_and_execute(|| {
			assert_noop!(
				Registration::register_staff(signed(CIVIL_ADMIN), 20, roles(&[])),
				Error::<Test>::NoRoles
			);
			for wrong in [Role::SocialInsuranceOfficer, Role::ConsultationDoctor, Role::AidApplicant] {
				assert_noop!(
					Registration::register_staff(signed(CIVIL_ADMIN), 20, roles(&[wrong])),
					Error::<Test>::RoleNotGrantable
				);
			}
		});
	}

	#[test]
	fn register_staff_fails_when_account_in_use_or_agency_full() {
		ExtBuilder::default().build_and_execute(|| {
			let officer = roles(&[Role::CivilAffairsOfficer]);
			assert_noop!(
				Registration::register_staff(signed(CIVIL_ADMIN), INSURANCE_OFFICER, officer.clone()),
				Error::<Test>::AccountInUse
			);
			assert_ok!(Registration::register_staff(signed(CIVIL_ADMIN), 20, officer.clone()));
			assert_noop!(
				Registration::register_staff(signed(CIVIL_ADMIN), 21, officer),
				Error::<Test>::TooManyStaff
			);
		});
	}

	#[test]
	fn register_staff_fails_when_codes_exhausted() {
		ExtBuilder::default().build_and_execute(|| {
			NextCode::<Test>::put(u64::MAX);
			assert_noop!(
				Registration::register_staff(signed(CIVIL_ADMIN), 20, roles(&[Role::CivilAffairsOfficer])),
				Error::<Test>::CodesExhausted
			);
			NextCode::<Test>::put(3);
		});
	}

	#[test]
	fn set_staff_roles_works() {
		ExtBuilder::default().build_and_execute(|| {
			let new_roles = roles(&[Role::CivilAffairsOfficer, Role::DemocraticReviewMember]);
			assert_ok!(Registration::set_staff_roles(signed(CIVIL_ADMIN), INSPECTOR, new_roles.clone()));
			System::assert_last_event(
				Event::StaffRolesChanged { who: INSPECTOR, agency: CIVIL, roles: new_roles }.into(),
			);
			assert!(Registration::has_staff_role(&INSPECTOR, Role::CivilAffairsOfficer, CIVIL));
		});
	}

	#[test]
	fn set_staff_roles_fails() {
		ExtBuilder::default().build_and_execute(|| {
			let officer = roles(&[Role::CivilAffairsOfficer]);
			assert_noop!(
				Registration::set_staff_roles(signed(INSPECTOR), INSPECTOR, officer.clone()),
				Error::<Test>::NotAgencyAdmin
			);
			assert_noop!(
				Registration::set_staff_roles(signed(CIVIL_ADMIN), ALICE, officer.clone()),
				Error::<Test>::NotStaff
			);
			assert_noop!(
				Registration::set_staff_roles(signed(INSURANCE_ADMIN), INSPECTOR, officer),
				Error::<Test>::NotYourStaff
			);
			assert_noop!(
				Registration::set_staff_roles(signed(CIVIL_ADMIN), INSPECTOR, roles(&[])),
				Error::<Test>::NoRoles
			);
			assert_noop!(
				Registration::set_staff_roles(signed(CIVIL_ADMIN), INSPECTOR, roles(&[Role::Auditor])),
				Error::<Test>::RoleNotGrantable
			);
		});
	}

	#[test]
	fn remove_staff_works() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(Registration::remove_staff(signed(CIVIL_ADMIN), INSPECTOR));
			System::assert_last_event(Event::StaffRemoved { who: INSPECTOR, agency: CIVIL }.into());
			assert!(!Staff::<Test>::contains_key(INSPECTOR));
			assert_eq!(Agencies::<Test>::get(CIVIL).unwrap().staff_count, 1);
			assert_eq!(providers(INSPECTOR), 0);
			assert!(!Registration::is_participant(&INSPECTOR));
		});
	}

	#[test]
	fn remove_staff_fails() {
		ExtBuilder::default().build_and_execute(|| {
			assert_noop!(
				Registration::remove_staff(signed(CIVIL_ADMIN), ALICE),
				Error::<Test>::NotStaff
			);
			assert_noop!(
				Registration::remove_staff(signed(ALICE), INSPECTOR),
				Error::<Test>::NotAgencyAdmin
			);
			assert_noop!(
				Registration::remove_staff(signed(INSURANCE_ADMIN), INSPECTOR),
				Error::<Test>::NotYourStaff
			);
		});
	}
}

mod review_team {
	use super::*;

	#[test]
	fn the_review_team_follows_the_role() {
		ExtBuilder::default().build_and_execute(|| {
			assert_eq!(ReviewTeam::<Test>::get().to_vec(), vec![INSPECTOR]);
			assert_eq!(ReviewSeats::get(), vec![INSPECTOR]);
			assert_ok!(Registration::register_staff(
				signed(CIVIL_ADMIN),
				9,
				roles(&[Role::DemocraticReviewMember])
			));
			assert_eq!(ReviewSeats::get(), vec![9, INSPECTOR]);
			// Losing the role, leaving the agency, or the agency going: off the team.
			assert_ok!(Registration::set_staff_roles(
				signed(CIVIL_ADMIN),
				9,
				roles(&[Role::CivilAffairsOfficer])
			));
			assert_eq!(ReviewSeats::get(), vec![INSPECTOR]);
			assert_ok!(Registration::remove_staff(signed(CIVIL_ADMIN), INSPECTOR));
			assert!(ReviewSeats::get().is_empty());
			assert_ok!(Registration::set_staff_roles(
				signed(CIVIL_ADMIN),
				9,
				roles(&[Role::DemocraticReviewMember])
			));
			assert_eq!(ReviewSeats::get(), vec![9]);
			assert_ok!(Registration::remove_agency(root(), CIVIL));
			assert!(ReviewTeam::<Test>::get().is_empty());
			assert!(ReviewSeats::get().is_empty());
			assert_ok!(Registration::remove_staff(signed(ALICE), 9));
			assert_ok!(Registration::remove_staff(signed(ALICE), CIVIL_OFFICER));
		});
	}

	#[test]
	fn the_review_team_is_bounded() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(Registration::set_staff_roles(
				signed(CIVIL_ADMIN),
				CIVIL_OFFICER,
				roles(&[Role::DemocraticReviewMember])
			));
			assert_noop!(
				Registration::register_staff(signed(CIVIL_ADMIN), 9, roles(&[Role::DemocraticReviewMember])),
				Error::<Test>::ReviewTeamFull
			);
		});
	}
}

mod request_registration {
	use super::*;

	#[test]
	fn request_registration_works() {
		ExtBuilder::default().build_and_execute(|| {
			let f = form(Role::AidApplicant, CIVIL, 1);
			assert_ok!(Registration::request_registration(signed(ALICE), f.clone()));
			System::assert_last_event(
				Event::RegistrationRequested {
					who: ALICE,
					agency: CIVIL,
					roles: f.roles.clone(),
					expires_at: 1 + TTL,
				}
				.into(),
			);
			assert_eq!(PendingRequests::<Test>::get(ALICE).unwrap().form, f);
			assert_eq!(PendingCount::<Test>::get(), 1);
			assert_eq!(RequestExpiries::<Test>::get(1 + TTL).to_vec(), vec![ALICE]);
			// The request keeps the account alive, but does not make it a participant.
			assert_eq!(providers(ALICE), 1);
			assert!(!Registration::is_participant(&ALICE));
		});
	}

	#[test]
	fn request_registration_fails_for_staff_and_admins() {
		ExtBuilder::default().build_and_execute(|| {
			for who in [CIVIL_ADMIN, CIVIL_OFFICER] {
				assert_noop!(
					Registration::request_registration(signed(who), form(Role::AidApplicant, CIVIL, 1)),
					Error::<Test>::AccountInUse
				);
			}
		});
	}

	#[test]
	fn request_registration_fails_when_pending() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(Registration::request_registration(signed(ALICE), form(Role::AidApplicant, CIVIL, 1)));
			assert_noop!(
				Registration::request_registration(signed(ALICE), form(Role::AidApplicant, CIVIL, 1)),
				Error::<Test>::RequestPending
			);
		});
	}

	#[test]
	fn request_registration_fails_with_bad_roles_or_agency() {
		ExtBuilder::default().build_and_execute(|| {
			let mut f = form(Role::AidApplicant, CIVIL, 1);
			f.roles = roles(&[]);
			assert_noop!(
				Registration::request_registration(signed(ALICE), f),
				Error::<Test>::NoRoles
			);
			assert_noop!(
				Registration::request_registration(signed(ALICE), form(Role::Auditor, CIVIL, 1)),
				Error::<Test>::NotCitizenRole
			);
			assert_noop!(
				Registration::request_registration(signed(ALICE), form(Role::AidApplicant, 9, 1)),
				Error::<Test>::UnknownAgency
			);
			// The insurance agency cannot confirm an aid applicant.
			assert_noop!(
				Registration::request_registration(signed(ALICE), form(Role::AidApplicant, INSURANCE, 1)),
				Error::<Test>::RoleNotVerifiable
			);
		});
	}

	#[test]
	fn request_registration_fails_when_id_card_expired() {
		ExtBuilder::default().build_and_execute(|| {
			let mut f = form(Role::AidApplicant, CIVIL, 1);
			f.id_valid_until = NOW;
			assert_noop!(
				Registration::request_registration(signed(ALICE), f),
				Error::<Test>::IdCardExpired
			);
		});
	}

	#[test]
	fn request_registration_fails_with_invalid_cids() {
		ExtBuilder::default().build_and_execute(|| {
			let garbage = Cid(vec![1, 2, 3].try_into().unwrap());
			let mut f = form(Role::AidApplicant, CIVIL, 1);
			f.form_cid = garbage.clone();
			assert_noop!(
				Registration::request_registration(signed(ALICE), f),
				Error::<Test>::InvalidCid
			);
			let mut f = form(Role::AidApplicant, CIVIL, 1);
			f.photo_cid = Some(garbage);
			assert_noop!(
				Registration::request_registration(signed(ALICE), f),
				Error::<Test>::InvalidCid
			);
		});
	}

	#[test]
	fn request_registration_fails_with_anothers_id_commitment() {
		ExtBuilder::default().build_and_execute(|| {
			register_aid_applicant(ALICE, 1);
			assert_noop!(
				Registration::request_registration(signed(BOB), form(Role::AidApplicant, CIVIL, 1)),
				Error::<Test>::IdAlreadyRegistered
			);
		});
	}

	#[test]
	fn request_registration_fails_when_queue_full() {
		ExtBuilder::default().build_and_execute(|| {
			// At most four requests per block...
			for who in 200..204 {
				assert_ok!(Registration::request_registration(
					signed(who),
					form(Role::AidApplicant, CIVIL, who as u8)
				));
			}
			assert_noop!(
				Registration::request_registration(signed(ALICE), form(Role::AidApplicant, CIVIL, 1)),
				Error::<Test>::RegistrationQueueFull
			);
			// ...and ten pending in all.
			for (block, range) in [(2, 204..208), (3, 208..210)] {
				run_to_block(block);
				for who in range {
					assert_ok!(Registration::request_registration(
						signed(who),
						form(Role::AidApplicant, CIVIL, who as u8)
					));
				}
			}
			run_to_block(4);
			assert_noop!(
				Registration::request_registration(signed(ALICE), form(Role::AidApplicant, CIVIL, 1)),
				Error::<Test>::RegistrationQueueFull
			);
		});
	}

	#[test]
	fn registered_citizen_can_amend_and_keeps_code() {
		ExtBuilder::default().build_and_execute(|| {
			register_aid_applicant(ALICE, 1);
			let code = Registration::code_of(&ALICE).unwrap();
			let mut amended = form(Role::AidApplicant, CIVIL, 7);
			amended.roles = roles(&[Role::AidApplicant, Role::MinimumLivingApplicant]);
			assert_ok!(Registration::request_registration(signed(ALICE), amended.clone()));
			// Still a participant while the amendment waits, on the one provider reference.
			assert!(Registration::is_participant(&ALICE));
			assert_eq!(providers(ALICE), 1);
			assert_ok!(Registration::verify_citizen(signed(CIVIL_OFFICER), ALICE));
			System::assert_last_event(
				Event::CitizenVerified {
					who: ALICE,
					code,
					agency: CIVIL,
					by: CIVIL_OFFICER,
					roles: amended.roles.clone(),
				}
				.into(),
			);
			assert!(Registration::citizen_with_role(&ALICE, Role::MinimumLivingApplicant).is_some());
			assert_eq!(IdCommitments::<Test>::get(H256::repeat_byte(1)), None);
			assert_eq!(IdCommitments::<Test>::get(H256::repeat_byte(7)), Some(ALICE));
			assert_eq!(providers(ALICE), 1);
		});
	}
}

mod withdraw_and_expire {
	use super::*;

	#[test]
	fn withdraw_request_works_and_reaps_account() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(Registration::request_registration(signed(ALICE), form(Role::AidApplicant, CIVIL, 1)));
			assert_ok!(Registration::withdraw_request(signed(ALICE)));
			System::assert_last_event(Event::RegistrationWithdrawn { who: ALICE }.into());
			assert_eq!(PendingCount::<Test>::get(), 0);
			assert!(RequestExpiries::<Test>::get(1 + TTL).is_empty());
			assert!(!frame_system::Account::<Test>::contains_key(ALICE));
		});
	}

	#[test]
	fn withdraw_request_fails_without_request() {
		ExtBuilder::default().build_and_execute(|| {
			assert_noop!(
				Registration::withdraw_request(signed(ALICE)),
				Error::<Test>::NoPendingRequest
			);
		});
	}

	#[test]
	fn requests_expire_after_ttl() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(Registration::request_registration(signed(ALICE), form(Role::AidApplicant, CIVIL, 1)));
			run_to_block(TTL);
			assert!(PendingRequests::<Test>::contains_key(ALICE));
			run_to_block(TTL + 1);
			System::assert_last_event(Event::RegistrationExpired { who: ALICE }.into());
			assert!(!PendingRequests::<Test>::contains_key(ALICE));
			assert_eq!(PendingCount::<Test>::get(), 0);
			assert!(!frame_system::Account::<Test>::contains_key(ALICE));
		});
	}

	#[test]
	fn expiry_of_an_amendment_keeps_the_citizen() {
		ExtBuilder::default().build_and_execute(|| {
			register_aid_applicant(ALICE, 1);
			assert_ok!(Registration::request_registration(signed(ALICE), form(Role::AidApplicant, CIVIL, 1)));
			run_to_block(TTL + 1);
			assert!(Registration::is_participant(&ALICE));
			assert_eq!(providers(ALICE), 1);
		});
	}
}

mod verify_citizen {
	use super::*;

	#[test]
	fn verify_citizen_works() {
		ExtBuilder::default().build_and_execute(|| {
			let f = form(Role::AidApplicant, CIVIL, 1);
			assert_ok!(Registration::request_registration(signed(ALICE), f.clone()));
			assert_ok!(Registration::verify_citizen(signed(CIVIL_OFFICER), ALICE));
			System::assert_last_event(
				Event::CitizenVerified {
					who: ALICE,
					code: 3,
					agency: CIVIL,
					by: CIVIL_OFFICER,
					roles: f.roles.clone(),
				}
				.into(),
			);
			let citizen = Citizens::<Test>::get(ALICE).unwrap();
			assert_eq!(citizen.code, 3);
			assert_eq!(citizen.verified_by, CIVIL);
			assert_eq!(citizen.verified_at, 1);
			assert_eq!(citizen.form_cid, f.form_cid);
			assert_eq!(CodeOwner::<Test>::get(3), Some(ALICE));
			assert_eq!(PendingCount::<Test>::get(), 0);
			assert_eq!(providers(ALICE), 1);
			assert!(Registration::is_participant(&ALICE));
			assert_eq!(Registration::participant_kind(&ALICE), Some(ParticipantKind::Citizen));
			let identity = Registration::citizen_with_role(&ALICE, Role::AidApplicant).unwrap();
			assert_eq!(identity.code, 3);
			assert_eq!(identity.photo_cid, f.photo_cid);
			assert_eq!(Registration::citizen_with_role(&ALICE, Role::WelfareApplicant), None);
		});
	}

	#[test]
	fn agency_admin_may_verify() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(Registration::request_registration(signed(ALICE), form(Role::AidApplicant, CIVIL, 1)));
			assert_ok!(Registration::verify_citizen(signed(CIVIL_ADMIN), ALICE));
			assert!(matches!(last_event(), RuntimeEvent::Registration(Event::CitizenVerified { .. })));
		});
	}

	#[test]
	fn verify_citizen_fails_without_request() {
		ExtBuilder::default().build_and_execute(|| {
			assert_noop!(
				Registration::verify_citizen(signed(CIVIL_OFFICER), ALICE),
				Error::<Test>::NoPendingRequest
			);
		});
	}

	#[test]
	fn verify_citizen_fails_for_non_verifiers() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(Registration::request_registration(signed(ALICE), form(Role::AidApplicant, CIVIL, 1)));
			// Staff of the right agency without a front-desk role, another agency's officer, a
			// stranger.
			for who in [INSPECTOR, INSURANCE_OFFICER, INSURANCE_ADMIN, BOB] {
				assert_noop!(
					Registration::verify_citizen(signed(who), ALICE),
					Error::<Test>::NotVerifier
				);
			}
		});
	}

	#[test]
	fn verify_citizen_fails_when_agency_removed() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(Registration::request_registration(signed(ALICE), form(Role::AidApplicant, CIVIL, 1)));
			assert_ok!(Registration::remove_agency(root(), CIVIL));
			assert_noop!(
				Registration::verify_citizen(signed(CIVIL_OFFICER), ALICE),
				Error::<Test>::UnknownAgency
			);
			assert_ok!(Registration::withdraw_request(signed(ALICE)));
			assert_ok!(Registration::remove_staff(signed(ALICE), CIVIL_OFFICER));
			assert_ok!(Registration::remove_staff(signed(ALICE), INSPECTOR));
		});
	}

	#[test]
	fn verify_citizen_fails_when_id_card_expired_meanwhile() {
		ExtBuilder::default().build_and_execute(|| {
			let mut f = form(Role::AidApplicant, CIVIL, 1);
			f.id_valid_until = NOW + 5_000;
			assert_ok!(Registration::request_registration(signed(ALICE), f));
			run_to_block(3);
			assert_noop!(
				Registration::verify_citizen(signed(CIVIL_OFFICER), ALICE),
				Error::<Test>::IdCardExpired
			);
		});
	}

	#[test]
	fn verify_citizen_fails_when_commitment_taken_meanwhile() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(Registration::request_registration(signed(ALICE), form(Role::AidApplicant, CIVIL, 1)));
			assert_ok!(Registration::request_registration(signed(BOB), form(Role::AidApplicant, CIVIL, 1)));
			assert_ok!(Registration::verify_citizen(signed(CIVIL_OFFICER), ALICE));
			assert_noop!(
				Registration::verify_citizen(signed(CIVIL_OFFICER), BOB),
				Error::<Test>::IdAlreadyRegistered
			);
		});
	}

	#[test]
	fn verify_citizen_fails_when_codes_exhausted() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(Registration::request_registration(signed(ALICE), form(Role::AidApplicant, CIVIL, 1)));
			NextCode::<Test>::put(u64::MAX);
			assert_noop!(
				Registration::verify_citizen(signed(CIVIL_OFFICER), ALICE),
				Error::<Test>::CodesExhausted
			);
		});
	}
}

mod reject_and_revoke {
	use super::*;

	#[test]
	fn reject_request_works() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(Registration::request_registration(signed(ALICE), form(Role::AidApplicant, CIVIL, 1)));
			assert_ok!(Registration::reject_request(
				signed(CIVIL_OFFICER),
				ALICE,
				RejectionReason::IncompleteDocuments
			));
			System::assert_last_event(
				Event::RegistrationRejected {
					who: ALICE,
					agency: CIVIL,
					by: CIVIL_OFFICER,
					reason: RejectionReason::IncompleteDocuments,
				}
				.into(),
			);
			assert!(!PendingRequests::<Test>::contains_key(ALICE));
			assert!(!frame_system::Account::<Test>::contains_key(ALICE));
			// The applicant may fix the documents and file again.
			assert_ok!(Registration::request_registration(signed(ALICE), form(Role::AidApplicant, CIVIL, 1)));
		});
	}

	#[test]
	fn reject_request_fails() {
		ExtBuilder::default().build_and_execute(|| {
			let reason = RejectionReason::IdentityMismatch;
			assert_noop!(
				Registration::reject_request(signed(CIVIL_OFFICER), ALICE, reason),
				Error::<Test>::NoPendingRequest
			);
			assert_ok!(Registration::request_registration(signed(ALICE), form(Role::AidApplicant, CIVIL, 1)));
			assert_noop!(
				Registration::reject_request(signed(INSURANCE_OFFICER), ALICE, reason),
				Error::<Test>::NotVerifier
			);
			assert_ok!(Registration::remove_agency(root(), CIVIL));
			assert_noop!(
				Registration::reject_request(signed(CIVIL_OFFICER), ALICE, reason),
				Error::<Test>::UnknownAgency
			);
			assert_ok!(Registration::withdraw_request(signed(ALICE)));
			assert_ok!(Registration::remove_staff(signed(ALICE), CIVIL_OFFICER));
			assert_ok!(Registration::remove_staff(signed(ALICE), INSPECTOR));
		});
	}

	#[test]
	fn revoke_citizen_works() {
		ExtBuilder::default().build_and_execute(|| {
			register_aid_applicant(ALICE, 1);
			assert_ok!(Registration::request_registration(signed(ALICE), form(Role::AidApplicant, CIVIL, 2)));
			assert_ok!(Registration::revoke_citizen(signed(CIVIL_ADMIN), ALICE));
			System::assert_last_event(
				Event::CitizenRevoked { who: ALICE, code: 3, agency: CIVIL, by: CIVIL_ADMIN }.into(),
			);
			assert!(!Registration::is_participant(&ALICE));
			assert_eq!(Registration::code_of(&ALICE), None);
			assert!(!PendingRequests::<Test>::contains_key(ALICE));
			assert!(!frame_system::Account::<Test>::contains_key(ALICE));
		});
	}

	#[test]
	fn revoke_citizen_fails() {
		ExtBuilder::default().build_and_execute(|| {
			assert_noop!(
				Registration::revoke_citizen(signed(CIVIL_OFFICER), ALICE),
				Error::<Test>::NotCitizen
			);
			register_aid_applicant(ALICE, 1);
			// The insurance agency may not judge aid applicants; an inspector judges nobody.
			for who in [INSURANCE_OFFICER, INSPECTOR, BOB] {
				assert_noop!(
					Registration::revoke_citizen(signed(who), ALICE),
					Error::<Test>::NotVerifier
				);
			}
		});
	}
}

mod admission {
	use super::*;
	use crate::CheckParticipantNonce;
	use frame_support::dispatch::GetDispatchInfo;
	use sp_runtime::{
		traits::{DispatchTransaction, TransactionExtension},
		transaction_validity::{InvalidTransaction, TransactionSource, TransactionValidityError},
	};

	fn validate(
		who: AccountId,
		nonce: u32,
		call: RuntimeCall,
	) -> Result<sp_runtime::transaction_validity::ValidTransaction, TransactionValidityError> {
		let info = call.get_dispatch_info();
		CheckParticipantNonce::<Test>::from(nonce)
			.validate_only(signed(who), &call, &info, 0, TransactionSource::External, 0)
			.map(|(validity, _, _)| validity)
	}

	fn request_call(seed: u8) -> RuntimeCall {
		RuntimeCall::Registration(crate::Call::request_registration {
			form: form(Role::AidApplicant, CIVIL, seed),
		})
	}

	fn other_call() -> RuntimeCall {
		RuntimeCall::Registration(crate::Call::withdraw_request {})
	}

	#[test]
	fn identifier_and_encoding_match_the_standard_nonce_check() {
		assert_eq!(
			<CheckParticipantNonce<Test> as TransactionExtension<RuntimeCall>>::IDENTIFIER,
			"CheckNonce"
		);
		use codec::Encode;
		assert_eq!(
			CheckParticipantNonce::<Test>::from(5).encode(),
			frame_system::CheckNonce::<Test>::from(5).encode()
		);
	}

	#[test]
	fn participants_are_admitted_with_priority() {
		ExtBuilder::default().build_and_execute(|| {
			let validity = validate(CIVIL_OFFICER, 0, other_call()).unwrap();
			assert_eq!(validity.priority, PARTICIPANT_PRIORITY);
			assert_eq!(validity.provides.len(), 1);
			assert!(validity.requires.is_empty());
			// A future nonce waits for its predecessor.
			let validity = validate(CIVIL_OFFICER, 2, other_call()).unwrap();
			assert_eq!(validity.requires.len(), 1);
		});
	}

	#[test]
	fn unknown_accounts_are_refused_except_for_a_registration_request() {
		ExtBuilder::default().build_and_execute(|| {
			assert_eq!(
				validate(ALICE, 0, other_call()),
				Err(InvalidTransaction::BadSigner.into())
			);
			let validity = validate(ALICE, 0, request_call(1)).unwrap();
			assert_eq!(validity.priority, 0);
			assert_eq!(validity.longevity, TTL);
			assert_eq!(validity.provides.len(), 2, "nonce tag and one-request-per-account tag");
		});
	}

	#[test]
	fn a_request_that_would_fail_is_refused_at_the_pool_with_its_error() {
		ExtBuilder::default().build_and_execute(|| {
			let mut f = form(Role::AidApplicant, CIVIL, 1);
			f.id_valid_until = NOW;
			let call = RuntimeCall::Registration(crate::Call::request_registration { form: f });
			let expected = match DispatchError::from(Error::<Test>::IdCardExpired) {
				DispatchError::Module(m) => m.error[0],
				_ => unreachable!(),
			};
			assert_eq!(
				validate(ALICE, 0, call),
				Err(InvalidTransaction::Custom(expected).into())
			);
		});
	}

	#[test]
	fn a_full_queue_keeps_requests_waiting_instead_of_refusing_them() {
		ExtBuilder::default().build_and_execute(|| {
			for who in 200..204 {
				assert_ok!(Registration::request_registration(
					signed(who),
					form(Role::AidApplicant, CIVIL, who as u8)
				));
			}
			assert_eq!(
				validate(ALICE, 0, request_call(1)),
				Err(InvalidTransaction::ExhaustsResources.into())
			);
			run_to_block(2);
			assert!(validate(ALICE, 0, request_call(1)).is_ok());
		});
	}

	#[test]
	fn a_second_request_from_the_same_account_is_refused() {
		ExtBuilder::default().build_and_execute(|| {
			let call = request_call(1);
			let info = call.get_dispatch_info();
			assert_ok!(CheckParticipantNonce::<Test>::from(0)
				.dispatch_transaction(signed(ALICE), call, &info, 0, 0)
				.unwrap());
			assert_eq!(frame_system::Account::<Test>::get(ALICE).nonce, 1);
			assert!(validate(ALICE, 1, request_call(2)).is_err());
			// Still not a participant: nothing else gets in either.
			assert_eq!(
				validate(ALICE, 1, other_call()),
				Err(InvalidTransaction::BadSigner.into())
			);
		});
	}

	#[test]
	fn stale_nonces_are_refused() {
		ExtBuilder::default().build_and_execute(|| {
			frame_system::Account::<Test>::mutate(CIVIL_OFFICER, |a| a.nonce = 3);
			assert_eq!(
				validate(CIVIL_OFFICER, 2, other_call()),
				Err(InvalidTransaction::Stale.into())
			);
		});
	}

	#[test]
	fn unsigned_transactions_pass_through() {
		ExtBuilder::default().build_and_execute(|| {
			let call = other_call();
			let info = call.get_dispatch_info();
			let (validity, val, _) = CheckParticipantNonce::<Test>::from(0)
				.validate(
					RuntimeOrigin::none(),
					&call,
					&info,
					0,
					(),
					&sp_runtime::traits::TxBaseImplication(&call),
					TransactionSource::External,
				)
				.expect("unsigned origins are left to other checks");
			assert_eq!(validity, sp_runtime::transaction_validity::ValidTransaction::default());
			assert_eq!(val, None);
		});
	}

	#[test]
	fn request_ttl_is_the_configured_one() {
		let ttl: u64 = <Test as crate::Config>::RequestTtl::get();
		assert_eq!(ttl, TTL);
	}
}

mod registry {
	use super::*;

	#[test]
	fn registry_view_answers_for_each_kind_of_account() {
		ExtBuilder::default().build_and_execute(|| {
			register_aid_applicant(ALICE, 1);
			assert_eq!(Registration::administered_agency(&CIVIL_ADMIN), Some(CIVIL));
			assert_eq!(Registration::administered_agency(&CIVIL_OFFICER), None);
			let info = Registration::agency(CIVIL).unwrap();
			assert_eq!((info.kind, info.admin), (AgencyKind::CivilAffairsDepartment, CIVIL_ADMIN));
			assert!(Registration::agency(9).is_none());
			assert_eq!(Registration::code_of(&CIVIL_OFFICER), Some(1));
			assert_eq!(Registration::code_of(&ALICE), Some(3));
			assert_eq!(Registration::code_of(&CIVIL_ADMIN), None);
			assert!(Registration::is_participant(&CIVIL_ADMIN));
			assert!(!Registration::is_participant(&BOB));
			assert_eq!(Registration::verifier_agency(&CIVIL_OFFICER), Some(CIVIL));
			assert_eq!(Registration::verifier_agency(&INSPECTOR), None);
		});
	}
}
