//! Unit tests: every call, every error, every event, the admission extension and the registry
//! view. Each test ends by checking the pallet's invariants (`ExtBuilder::build_and_execute`).

use crate::{
	leading_zero_bits, mock::*, pallet::*, work_hash, Citizen, PendingRequest, ProofOfWork, Quota,
	RegistrationForm, RejectionReason, RequestCost, StaffMember, Usage, Verification,
	MAX_BULK_REJECTIONS, MAX_WORK_BITS,
};
use codec::Encode;
use frame_support::{
	assert_noop, assert_ok, dispatch::GetDispatchInfo, pallet_prelude::ConstU32, BoundedVec,
};
use safetynet_primitives::{
	AgencyKind, CitizenIdentity, ParticipantClass, ParticipantKind, ParticipantRegistry,
	RegionCode, Role, StaffPost,
};
use sp_runtime::{
	traits::{DispatchTransaction, TransactionExtension},
	transaction_validity::{
		InvalidTransaction, TransactionSource, TransactionValidityError, ValidTransaction,
	},
	DispatchError, DispatchResult,
};

type CheckNonce = crate::CheckParticipantNonce<Test>;

fn root() -> RuntimeOrigin {
	RuntimeOrigin::root()
}

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn providers(who: AccountId) -> u32 {
	System::providers(&who)
}

/// Whether the account is gone: no provider kept it, no state is left.
fn reaped(who: AccountId) -> bool {
	!frame_system::Account::<Test>::contains_key(who)
}

/// Files `form` for `who`, with [`work`].
fn request(who: AccountId, form: RegistrationForm) -> DispatchResult {
	Registration::request_registration(signed(who), form, work())
}

/// Files `who`'s form asking the civil affairs department for the aid applicant role.
fn request_aid(who: AccountId) -> DispatchResult {
	request(who, form(Role::AidApplicant, CIVIL, who as u8))
}

/// Confirms `who`'s request as `verifier`, finding `who` to be person `who`, at home, alone.
fn verify(verifier: AccountId, who: AccountId) -> DispatchResult {
	Registration::verify_citizen(signed(verifier), who, verification(who))
}

/// Registers `who` (person `who`) as an aid applicant verified by the civil affairs department.
fn register_aid_applicant(who: AccountId) {
	assert_ok!(request_aid(who));
	assert_ok!(verify(CIVIL_OFFICER, who));
}

/// Adds an agency of `kind` serving `region`, administered by `admin`.
fn add_agency(kind: AgencyKind, admin: AccountId, region: RegionCode) -> DispatchResult {
	Registration::add_agency(root(), kind, b"Agency".to_vec(), admin, region)
}

/// Registers `who` (person `who`) as staff of `admin`'s agency with `list`, posted to the whole
/// of the agency's region.
fn add_staff(admin: AccountId, who: AccountId, list: &[Role]) -> DispatchResult {
	let agency = AdminOf::<Test>::get(admin).and_then(Agencies::<Test>::get);
	let region = agency.map_or(DISTRICT, |a| a.region);
	Registration::register_staff(signed(admin), who, roles(list), identity(who), region)
}

fn bounded(accounts: &[AccountId]) -> BoundedVec<AccountId, ConstU32<MAX_BULK_REJECTIONS>> {
	accounts.to_vec().try_into().unwrap()
}

/// The rejections announced so far: who, and by whom.
fn rejections() -> Vec<(AccountId, AccountId)> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Registration(Event::RegistrationRejected { who, by, .. }) =>
				Some((who, by)),
			_ => None,
		})
		.collect()
}

/// The zero bits `work` reaches for `who` filing `form`.
fn work_bits(who: AccountId, form: &RegistrationForm, work: ProofOfWork<u64>) -> u32 {
	let hash = frame_system::BlockHash::<Test>::get(work.block);
	leading_zero_bits(&work_hash(&who, &hash, form, work.nonce))
}

/// Work for `who` filing `form`, bound to `block`, whose zero bits `fits` accepts.
fn find_work(
	who: AccountId,
	form: &RegistrationForm,
	block: u64,
	fits: impl Fn(u32) -> bool,
) -> ProofOfWork<u64> {
	let hash = frame_system::BlockHash::<Test>::get(block);
	let bits = |nonce| leading_zero_bits(&work_hash(&who, &hash, form, nonce));
	let nonce = (0..).find(|nonce| fits(bits(*nonce))).unwrap();
	ProofOfWork { block, nonce }
}

fn set_cost(base_bits: u8, doubling_every: u32) {
	assert_ok!(Registration::set_request_cost(root(), RequestCost { base_bits, doubling_every }));
}

// --- the admission extension ---

/// What the pool makes of `call` signed by `who` with `nonce`.
fn validate(
	who: AccountId,
	nonce: u32,
	call: RuntimeCall,
) -> Result<ValidTransaction, TransactionValidityError> {
	let info = call.get_dispatch_info();
	CheckNonce::from(nonce)
		.validate_only(signed(who), &call, &info, 0, TransactionSource::External, 0)
		.map(|(validity, _, _)| validity)
}

/// Applies `call` signed by `who` with `nonce`, as a block does: the extension, then the call.
fn apply(
	who: AccountId,
	nonce: u32,
	call: RuntimeCall,
) -> Result<DispatchResult, TransactionValidityError> {
	let info = call.get_dispatch_info();
	CheckNonce::from(nonce)
		.dispatch_transaction(signed(who), call, &info, 0, 0)
		.map(|result| result.map(|_| ()).map_err(|e| e.error))
}

/// The pool's refusal naming a pallet error.
fn refused(e: Error<Test>) -> TransactionValidityError {
	let index = match DispatchError::from(e) {
		DispatchError::Module(m) => m.error[0],
		_ => unreachable!("a pallet error"),
	};
	InvalidTransaction::Custom(index).into()
}

/// A call citizens may not make.
fn remark() -> RuntimeCall {
	RuntimeCall::System(frame_system::Call::remark { remark: vec![] })
}

/// A call anybody registered may make (it fails without a pending request).
fn withdraw() -> RuntimeCall {
	RuntimeCall::Registration(crate::Call::withdraw_request {})
}

fn request_call(form: RegistrationForm, work: ProofOfWork<u64>) -> RuntimeCall {
	RuntimeCall::Registration(crate::Call::request_registration { form, work })
}

/// `who`'s aid applicant request, with [`work`].
fn aid_request_call(who: AccountId) -> RuntimeCall {
	request_call(form(Role::AidApplicant, CIVIL, who as u8), work())
}

mod genesis {
	use super::*;

	#[test]
	fn genesis_registers_agencies_staff_seats_and_council() {
		ExtBuilder::default().build_and_execute(|| {
			assert_eq!((AgencyCount::<Test>::get(), NextAgencyId::<Test>::get()), (2, 2));
			let insurance = Agencies::<Test>::get(INSURANCE).unwrap();
			assert_eq!(insurance.kind, AgencyKind::SocialInsuranceAgency);
			assert_eq!(insurance.name.to_vec(), b"Insurance".to_vec());
			assert_eq!((insurance.admin, insurance.region), (INSURANCE_ADMIN, DISTRICT));
			assert_eq!(insurance.staff_count, 1);
			assert_eq!(Agencies::<Test>::get(CIVIL).unwrap().staff_count, 2);
			let civil_at = AgencyAt::<Test>::get(AgencyKind::CivilAffairsDepartment, DISTRICT);
			assert_eq!(civil_at, Some(CIVIL));
			assert_eq!(Council::get(), vec![INSURANCE_ADMIN, CIVIL_ADMIN]);
			// Staff are posted to their agency's whole region, their identities indexed.
			let officer = Staff::<Test>::get(CIVIL_OFFICER).unwrap();
			assert_eq!((officer.agency, officer.code, officer.region), (CIVIL, 1, DISTRICT));
			assert_eq!(StaffIdentities::<Test>::get(identity(11)), Some(CIVIL_OFFICER));
			assert_eq!(NextCode::<Test>::get(), 3);
			assert_eq!(ReviewSeats::<Test>::get(CIVIL), CIVIL_SEATS);
			assert_eq!(ReviewSeats::<Test>::get(INSURANCE), 0);
			assert_eq!(ReviewTeam::<Test>::get().to_vec(), vec![INSPECTOR]);
			assert_eq!(ReviewCollective::get(), vec![INSPECTOR]);
			assert_eq!(RequestCostParams::<Test>::get(), RequestCost::default());
			assert_eq!(Quotas::<Test>::iter().count(), 0);
			assert_eq!((providers(INSURANCE_ADMIN), providers(INSPECTOR)), (1, 1));
		});
	}

	#[test]
	fn genesis_sets_the_request_cost_and_quotas() {
		let cost = RequestCost { base_bits: 3, doubling_every: 4 };
		let quota = Quota { transactions: 5, period: 10 };
		ExtBuilder::default()
			.request_cost(cost)
			.quota(ParticipantClass::Citizen, quota)
			.build_and_execute(|| {
				assert_eq!(RequestCostParams::<Test>::get(), cost);
				assert_eq!(Registration::request_difficulty(), 3);
				assert_eq!(Quotas::<Test>::get(ParticipantClass::Citizen), Some(quota));
				assert_eq!(Quotas::<Test>::get(ParticipantClass::Staff), None);
			});
	}
}

mod add_agency {
	use super::*;

	#[test]
	fn add_agency_works() {
		ExtBuilder::default().build_and_execute(|| {
			let name = b"Welfare Institute".to_vec();
			let kind = AgencyKind::WelfareInstitute;
			assert_ok!(Registration::add_agency(root(), kind, name.clone(), 3, DISTRICT));
			System::assert_last_event(
				Event::AgencyAdded { agency: 2, kind, admin: 3, region: DISTRICT }.into(),
			);
			let agency = Agencies::<Test>::get(2).unwrap();
			assert_eq!(
				(agency.name.to_vec(), agency.region, agency.staff_count),
				(name, DISTRICT, 0)
			);
			assert_eq!(AdminOf::<Test>::get(3), Some(2));
			assert_eq!(AgencyAt::<Test>::get(kind, DISTRICT), Some(2));
			assert_eq!(Council::get(), vec![INSURANCE_ADMIN, CIVIL_ADMIN, 3]);
			assert_eq!(providers(3), 1);
			assert_eq!(Registration::participant_kind(&3), Some(ParticipantKind::Admin(2)));
		});
	}

	#[test]
	fn add_agency_fails_for_non_governance() {
		ExtBuilder::default().build_and_execute(|| {
			let kind = AgencyKind::Hospital;
			assert_noop!(
				Registration::add_agency(signed(INSURANCE_ADMIN), kind, b"H".to_vec(), 3, DISTRICT),
				DispatchError::BadOrigin
			);
		});
	}

	#[test]
	fn add_agency_fails_with_empty_or_long_name() {
		ExtBuilder::default().build_and_execute(|| {
			let kind = AgencyKind::Hospital;
			assert_noop!(
				Registration::add_agency(root(), kind, vec![], 3, DISTRICT),
				Error::<Test>::EmptyName
			);
			assert_noop!(
				Registration::add_agency(root(), kind, vec![b'x'; 65], 3, DISTRICT),
				Error::<Test>::NameTooLong
			);
			assert_ok!(Registration::add_agency(root(), kind, vec![b'x'; 64], 3, DISTRICT));
		});
	}

	#[test]
	fn add_agency_fails_with_an_invalid_region() {
		ExtBuilder::default().build_and_execute(|| {
			for region in [NOWHERE, RegionCode(0), RegionCode(990_000_000_000)] {
				assert_noop!(
					add_agency(AgencyKind::Hospital, 3, region),
					Error::<Test>::InvalidRegion
				);
			}
		});
	}

	#[test]
	fn add_agency_fails_when_an_agency_of_the_kind_serves_the_region() {
		ExtBuilder::default().build_and_execute(|| {
			let civil = AgencyKind::CivilAffairsDepartment;
			assert_noop!(add_agency(civil, 3, DISTRICT), Error::<Test>::RegionTaken);
			// Another kind in the same region, or the same kind in a narrower one, is fine.
			assert_ok!(add_agency(AgencyKind::Hospital, 3, DISTRICT));
			assert_ok!(add_agency(civil, 4, SUBDISTRICT));
		});
	}

	#[test]
	fn add_agency_fails_when_admin_account_in_use() {
		ExtBuilder::default().build_and_execute(|| {
			register_aid_applicant(ALICE);
			assert_ok!(request_aid(BOB));
			// An administrator, a staff member, a citizen, an account waiting to be one.
			for taken in [INSURANCE_ADMIN, INSURANCE_OFFICER, ALICE, BOB] {
				assert_noop!(
					add_agency(AgencyKind::Hospital, taken, HOME),
					Error::<Test>::AccountInUse
				);
			}
		});
	}

	#[test]
	fn add_agency_fails_when_consortium_full() {
		ExtBuilder::default().build_and_execute(|| {
			let kind = AgencyKind::Hospital;
			assert_ok!(add_agency(kind, 3, DISTRICT));
			assert_ok!(add_agency(kind, 4, SUBDISTRICT));
			assert_noop!(add_agency(kind, 5, HOME), Error::<Test>::TooManyAgencies);
		});
	}
}

mod remove_agency {
	use super::*;

	#[test]
	fn remove_agency_works_and_strips_staff_roles() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(Registration::remove_agency(root(), CIVIL));
			System::assert_last_event(Event::AgencyRemoved { agency: CIVIL }.into());
			// The lifecycle is told, so the agency's open cases end.
			assert_eq!(RemovedAgencies::get(), vec![CIVIL]);
			assert_eq!(AgencyCount::<Test>::get(), 1);
			assert_eq!(AdminOf::<Test>::get(CIVIL_ADMIN), None);
			assert_eq!(AgencyAt::<Test>::get(AgencyKind::CivilAffairsDepartment, DISTRICT), None);
			assert!(!ReviewSeats::<Test>::contains_key(CIVIL));
			assert_eq!(Council::get(), vec![INSURANCE_ADMIN]);
			assert!(ReviewTeam::<Test>::get().is_empty());
			assert!(ReviewCollective::get().is_empty());
			assert!(reaped(CIVIL_ADMIN));
			assert!(!Registration::is_participant(&CIVIL_ADMIN));
			assert!(!Registration::is_participant(&CIVIL_OFFICER));
			assert_eq!(Registration::staff_post(&CIVIL_OFFICER), None);
			assert_eq!(Registration::verifier_agency(&CIVIL_OFFICER), None);
			// The staff records wait for anyone to clean them up.
			assert!(Staff::<Test>::contains_key(CIVIL_OFFICER));
			assert_ok!(Registration::remove_staff(signed(ALICE), CIVIL_OFFICER));
			System::assert_last_event(
				Event::StaffRemoved { who: CIVIL_OFFICER, agency: CIVIL }.into(),
			);
			assert_ok!(Registration::remove_staff(signed(ALICE), INSPECTOR));
			assert_eq!(ChangedStaff::get(), vec![CIVIL_OFFICER, INSPECTOR]);
			assert!(reaped(CIVIL_OFFICER));
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

	#[test]
	fn a_removed_agencys_region_and_admin_may_serve_again() {
		ExtBuilder::default().build_and_execute(|| {
			let civil = AgencyKind::CivilAffairsDepartment;
			assert_ok!(Registration::remove_agency(root(), CIVIL));
			assert_ok!(add_agency(civil, CIVIL_ADMIN, DISTRICT));
			assert_eq!(AgencyAt::<Test>::get(civil, DISTRICT), Some(2));
			assert_eq!(AdminOf::<Test>::get(CIVIL_ADMIN), Some(2));
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
			assert_eq!(Council::get(), vec![INSURANCE_ADMIN, 7]);
			assert_eq!(providers(7), 1);
			assert!(reaped(CIVIL_ADMIN));
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
			for taken in [CIVIL_ADMIN, INSURANCE_ADMIN, INSURANCE_OFFICER] {
				assert_noop!(
					Registration::set_agency_admin(root(), CIVIL, taken),
					Error::<Test>::AccountInUse
				);
			}
		});
	}
}

mod register_staff {
	use super::*;

	#[test]
	fn register_staff_works() {
		ExtBuilder::default().build_and_execute(|| {
			let roles = roles(&[Role::DemocraticReviewMember, Role::CivilAffairsOfficer]);
			let (who, id) = (20, identity(20));
			assert_ok!(Registration::register_staff(
				signed(CIVIL_ADMIN),
				who,
				roles.clone(),
				id,
				SUBDISTRICT
			));
			System::assert_last_event(
				Event::StaffRegistered {
					who,
					agency: CIVIL,
					code: 3,
					roles: roles.clone(),
					region: SUBDISTRICT,
				}
				.into(),
			);
			let member = StaffMember {
				agency: CIVIL,
				code: 3,
				roles: roles.clone(),
				region: SUBDISTRICT,
				identity: id,
			};
			assert_eq!(Staff::<Test>::get(who), Some(member));
			assert_eq!(StaffIdentities::<Test>::get(id), Some(who));
			assert_eq!(CodeOwner::<Test>::get(3), Some(who));
			assert_eq!(Agencies::<Test>::get(CIVIL).unwrap().staff_count, 3);
			let post = StaffPost { agency: CIVIL, region: SUBDISTRICT, identity: id, roles };
			assert_eq!(Registration::staff_post(&who), Some(post));
			assert!(Registration::has_staff_role(&who, Role::CivilAffairsOfficer, CIVIL));
			assert!(!Registration::has_staff_role(&who, Role::CivilAffairsOfficer, INSURANCE));
			assert_eq!(ReviewCollective::get(), vec![INSPECTOR, who]);
			assert_eq!(providers(who), 1);
		});
	}

	#[test]
	fn register_staff_posts_anywhere_within_the_agencys_region() {
		ExtBuilder::default().build_and_execute(|| {
			let officer = roles(&[Role::SocialInsuranceOfficer]);
			for (who, region) in [(20, DISTRICT), (21, HOME)] {
				assert_ok!(Registration::register_staff(
					signed(INSURANCE_ADMIN),
					who,
					officer.clone(),
					identity(who),
					region
				));
				assert_eq!(Registration::staff_post(&who).unwrap().region, region);
			}
		});
	}

	#[test]
	fn register_staff_fails_for_non_admin() {
		ExtBuilder::default().build_and_execute(|| {
			assert_noop!(
				add_staff(CIVIL_OFFICER, 20, &[Role::CivilAffairsOfficer]),
				Error::<Test>::NotAgencyAdmin
			);
		});
	}

	#[test]
	fn register_staff_fails_with_no_or_wrong_roles() {
		ExtBuilder::default().build_and_execute(|| {
			assert_noop!(add_staff(CIVIL_ADMIN, 20, &[]), Error::<Test>::NoRoles);
			for wrong in
				[Role::SocialInsuranceOfficer, Role::ConsultationDoctor, Role::AidApplicant]
			{
				assert_noop!(add_staff(CIVIL_ADMIN, 20, &[wrong]), Error::<Test>::RoleNotGrantable);
			}
		});
	}

	#[test]
	fn register_staff_fails_with_an_invalid_region() {
		ExtBuilder::default().build_and_execute(|| {
			let officer = roles(&[Role::CivilAffairsOfficer]);
			assert_noop!(
				Registration::register_staff(
					signed(CIVIL_ADMIN),
					20,
					officer,
					identity(20),
					NOWHERE
				),
				Error::<Test>::InvalidRegion
			);
		});
	}

	#[test]
	fn register_staff_fails_outside_the_agencys_region() {
		ExtBuilder::default().build_and_execute(|| {
			let officer = roles(&[Role::CivilAffairsOfficer]);
			// Another county, or the whole city around the agency's county.
			for region in [OTHER_DISTRICT, CITY] {
				assert_noop!(
					Registration::register_staff(
						signed(CIVIL_ADMIN),
						20,
						officer.clone(),
						identity(20),
						region
					),
					Error::<Test>::OutsideAgencyRegion
				);
			}
		});
	}

	#[test]
	fn register_staff_fails_when_account_in_use_or_agency_full() {
		ExtBuilder::default().build_and_execute(|| {
			register_aid_applicant(ALICE);
			assert_ok!(request_aid(BOB));
			for taken in [INSURANCE_OFFICER, INSURANCE_ADMIN, ALICE, BOB] {
				assert_noop!(
					add_staff(CIVIL_ADMIN, taken, &[Role::CivilAffairsOfficer]),
					Error::<Test>::AccountInUse
				);
			}
			assert_ok!(add_staff(CIVIL_ADMIN, 20, &[Role::CivilAffairsOfficer]));
			assert_noop!(
				add_staff(CIVIL_ADMIN, 21, &[Role::CivilAffairsOfficer]),
				Error::<Test>::TooManyStaff
			);
		});
	}

	#[test]
	fn register_staff_fails_with_another_staff_members_identity() {
		ExtBuilder::default().build_and_execute(|| {
			let officer = roles(&[Role::SocialInsuranceOfficer]);
			let register = |who| {
				Registration::register_staff(
					signed(INSURANCE_ADMIN),
					who,
					officer.clone(),
					identity(CIVIL_OFFICER),
					DISTRICT,
				)
			};
			assert_noop!(register(20), Error::<Test>::IdAlreadyRegistered);
			// Once that account has left, the person may work under another.
			assert_ok!(Registration::remove_staff(signed(CIVIL_ADMIN), CIVIL_OFFICER));
			assert_ok!(register(20));
			assert_eq!(StaffIdentities::<Test>::get(identity(CIVIL_OFFICER)), Some(20));
		});
	}

	#[test]
	fn staff_identities_are_unique_among_staff_only() {
		ExtBuilder::default().build_and_execute(|| {
			// A citizen may also work for an agency, under another account.
			register_aid_applicant(ALICE);
			assert_ok!(Registration::register_staff(
				signed(CIVIL_ADMIN),
				20,
				roles(&[Role::CivilAffairsOfficer]),
				identity(ALICE),
				DISTRICT
			));
		});
	}

	#[test]
	fn register_staff_fails_when_codes_exhausted() {
		ExtBuilder::default().build_and_execute(|| {
			NextCode::<Test>::put(u64::MAX);
			assert_noop!(
				add_staff(CIVIL_ADMIN, 20, &[Role::CivilAffairsOfficer]),
				Error::<Test>::CodesExhausted
			);
		});
	}
}

mod set_staff_roles {
	use super::*;

	#[test]
	fn set_staff_roles_works_and_announces_the_change() {
		ExtBuilder::default().build_and_execute(|| {
			let new_roles = roles(&[Role::CivilAffairsOfficer, Role::DemocraticReviewMember]);
			assert_ok!(Registration::set_staff_roles(
				signed(CIVIL_ADMIN),
				INSPECTOR,
				new_roles.clone()
			));
			System::assert_last_event(
				Event::StaffRolesChanged { who: INSPECTOR, agency: CIVIL, roles: new_roles }.into(),
			);
			assert!(Registration::has_staff_role(&INSPECTOR, Role::CivilAffairsOfficer, CIVIL));
			assert_eq!(Registration::verifier_agency(&INSPECTOR), Some(CIVIL));
			assert_eq!(ChangedStaff::get(), vec![INSPECTOR]);
		});
	}

	#[test]
	fn set_staff_roles_fails() {
		ExtBuilder::default().build_and_execute(|| {
			let officer = roles(&[Role::CivilAffairsOfficer]);
			let set = |admin, who, roles| Registration::set_staff_roles(signed(admin), who, roles);
			assert_noop!(set(INSPECTOR, INSPECTOR, officer.clone()), Error::<Test>::NotAgencyAdmin);
			assert_noop!(set(CIVIL_ADMIN, ALICE, officer.clone()), Error::<Test>::NotStaff);
			assert_noop!(set(INSURANCE_ADMIN, INSPECTOR, officer), Error::<Test>::NotYourStaff);
			assert_noop!(set(CIVIL_ADMIN, INSPECTOR, roles(&[])), Error::<Test>::NoRoles);
			assert_noop!(
				set(CIVIL_ADMIN, INSPECTOR, roles(&[Role::Auditor])),
				Error::<Test>::RoleNotGrantable
			);
		});
	}
}

mod remove_staff {
	use super::*;

	#[test]
	fn remove_staff_works_and_announces_the_removal() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(Registration::remove_staff(signed(CIVIL_ADMIN), INSPECTOR));
			System::assert_last_event(Event::StaffRemoved { who: INSPECTOR, agency: CIVIL }.into());
			assert!(!Staff::<Test>::contains_key(INSPECTOR));
			assert_eq!(StaffIdentities::<Test>::get(identity(INSPECTOR)), None);
			assert_eq!(CodeOwner::<Test>::get(2), None);
			assert_eq!(Agencies::<Test>::get(CIVIL).unwrap().staff_count, 1);
			assert!(ReviewTeam::<Test>::get().is_empty());
			assert!(ReviewCollective::get().is_empty());
			assert_eq!(ChangedStaff::get(), vec![INSPECTOR]);
			assert!(!Registration::is_participant(&INSPECTOR));
			assert!(reaped(INSPECTOR));
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

	fn make_reviewer(who: AccountId) -> DispatchResult {
		let roles = roles(&[Role::CivilAffairsOfficer, Role::DemocraticReviewMember]);
		Registration::set_staff_roles(signed(CIVIL_ADMIN), who, roles)
	}

	#[test]
	fn the_review_team_follows_the_role() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(add_staff(CIVIL_ADMIN, 9, &[Role::DemocraticReviewMember]));
			assert_eq!(ReviewCollective::get(), vec![9, INSPECTOR]);
			// Losing the role, leaving the agency, or the agency going: off the team.
			let officer = roles(&[Role::CivilAffairsOfficer]);
			assert_ok!(Registration::set_staff_roles(signed(CIVIL_ADMIN), 9, officer));
			assert_eq!(ReviewCollective::get(), vec![INSPECTOR]);
			assert_ok!(Registration::remove_staff(signed(CIVIL_ADMIN), INSPECTOR));
			assert!(ReviewCollective::get().is_empty());
			assert_ok!(make_reviewer(9));
			assert_eq!(ReviewCollective::get(), vec![9]);
			assert_ok!(Registration::remove_agency(root(), CIVIL));
			assert!(ReviewTeam::<Test>::get().is_empty());
			assert!(ReviewCollective::get().is_empty());
		});
	}

	#[test]
	fn an_agency_holds_no_more_review_seats_than_it_was_given() {
		ExtBuilder::default().build_and_execute(|| {
			MaxReviewTeam::set(3);
			assert_ok!(make_reviewer(CIVIL_OFFICER));
			assert_eq!(Registration::seats_held(CIVIL), CIVIL_SEATS);
			assert_noop!(
				add_staff(CIVIL_ADMIN, 20, &[Role::DemocraticReviewMember]),
				Error::<Test>::ReviewSeatsFull
			);
			assert_ok!(add_staff(CIVIL_ADMIN, 20, &[Role::CivilAffairsOfficer]));
			assert_noop!(make_reviewer(20), Error::<Test>::ReviewSeatsFull);
		});
	}

	#[test]
	fn an_agency_without_seats_sits_on_no_review_team() {
		ExtBuilder::default().build_and_execute(|| {
			let kind = AgencyKind::NeighborhoodCommittee;
			assert_ok!(add_agency(kind, 3, SUBDISTRICT));
			let reviewer = [Role::NeighborhoodCommitteeMember, Role::DemocraticReviewMember];
			assert_noop!(add_staff(3, 30, &reviewer), Error::<Test>::ReviewSeatsFull);
			assert_ok!(Registration::set_review_seats(root(), 2, 1));
			assert_ok!(add_staff(3, 30, &reviewer));
			assert_eq!(ReviewTeam::<Test>::get().to_vec(), vec![INSPECTOR, 30]);
		});
	}

	#[test]
	fn the_review_team_is_bounded() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(Registration::set_review_seats(root(), CIVIL, 3));
			assert_ok!(make_reviewer(CIVIL_OFFICER));
			assert_noop!(
				add_staff(CIVIL_ADMIN, 20, &[Role::DemocraticReviewMember]),
				Error::<Test>::ReviewTeamFull
			);
		});
	}

	#[test]
	fn set_review_seats_works() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(Registration::set_review_seats(root(), CIVIL, 5));
			System::assert_last_event(Event::ReviewSeatsSet { agency: CIVIL, seats: 5 }.into());
			assert_eq!(ReviewSeats::<Test>::get(CIVIL), 5);
			// Down to exactly the seats held.
			assert_ok!(Registration::set_review_seats(root(), CIVIL, 1));
			assert_eq!(ReviewSeats::<Test>::get(CIVIL), 1);
		});
	}

	#[test]
	fn set_review_seats_fails() {
		ExtBuilder::default().build_and_execute(|| {
			assert_noop!(
				Registration::set_review_seats(signed(CIVIL_ADMIN), CIVIL, 5),
				DispatchError::BadOrigin
			);
			assert_noop!(
				Registration::set_review_seats(root(), 9, 5),
				Error::<Test>::UnknownAgency
			);
			// The inspector holds one of the civil affairs department's seats.
			assert_noop!(
				Registration::set_review_seats(root(), CIVIL, 0),
				Error::<Test>::SeatsInUse
			);
		});
	}

	#[test]
	fn dismiss_reviewer_works_and_keeps_other_roles() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(make_reviewer(CIVIL_OFFICER));
			assert_ok!(Registration::dismiss_reviewer(root(), CIVIL_OFFICER));
			System::assert_last_event(
				Event::ReviewerDismissed { who: CIVIL_OFFICER, agency: CIVIL }.into(),
			);
			let post = Registration::staff_post(&CIVIL_OFFICER).unwrap();
			assert_eq!(post.roles, roles(&[Role::CivilAffairsOfficer]));
			assert_eq!(ReviewTeam::<Test>::get().to_vec(), vec![INSPECTOR]);
			assert_eq!(ReviewCollective::get(), vec![INSPECTOR]);
			assert_eq!(ChangedStaff::get(), vec![CIVIL_OFFICER, CIVIL_OFFICER]);
			// The seat is free again.
			assert_ok!(add_staff(CIVIL_ADMIN, 20, &[Role::DemocraticReviewMember]));
		});
	}

	#[test]
	fn dismiss_reviewer_fails() {
		ExtBuilder::default().build_and_execute(|| {
			assert_noop!(
				Registration::dismiss_reviewer(signed(CIVIL_ADMIN), INSPECTOR),
				DispatchError::BadOrigin
			);
			// Not staff at all, or staff without the role.
			for who in [ALICE, CIVIL_OFFICER] {
				assert_noop!(
					Registration::dismiss_reviewer(root(), who),
					Error::<Test>::NotReviewer
				);
			}
		});
	}

	#[test]
	fn dismiss_reviewer_fails_for_staff_of_a_removed_agency() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(Registration::remove_agency(root(), CIVIL));
			assert!(!ReviewTeam::<Test>::get().contains(&INSPECTOR));
			assert_noop!(
				Registration::dismiss_reviewer(root(), INSPECTOR),
				Error::<Test>::NotReviewer
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
			assert_ok!(request(ALICE, f.clone()));
			System::assert_last_event(
				Event::RegistrationRequested {
					who: ALICE,
					agency: CIVIL,
					roles: f.roles.clone(),
					expires_at: 1 + TTL,
				}
				.into(),
			);
			let work_bits = work_bits(ALICE, &f, work()) as u8;
			let pending = PendingRequest { form: f, expires_at: 1 + TTL, work_bits };
			assert!(PendingByWork::<Test>::contains_key(work_bits, ALICE));
			assert_eq!(PendingRequests::<Test>::get(ALICE), Some(pending.clone()));
			assert!(PendingByAgency::<Test>::contains_key(CIVIL, ALICE));
			assert_eq!(Registration::pending_requests(CIVIL), vec![(ALICE, pending)]);
			assert!(Registration::pending_requests(INSURANCE).is_empty());
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
				assert_noop!(request_aid(who), Error::<Test>::AccountInUse);
			}
			// Staff of a removed agency hold no role, but keep their account until removed.
			assert_ok!(Registration::remove_agency(root(), CIVIL));
			assert_noop!(
				request(CIVIL_OFFICER, form(Role::InsuredEmployee, INSURANCE, 1)),
				Error::<Test>::AccountInUse
			);
		});
	}

	#[test]
	fn request_registration_fails_when_pending() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(request_aid(ALICE));
			assert_noop!(request_aid(ALICE), Error::<Test>::RequestPending);
		});
	}

	#[test]
	fn request_registration_fails_with_bad_roles_or_agency() {
		ExtBuilder::default().build_and_execute(|| {
			let mut f = form(Role::AidApplicant, CIVIL, 1);
			f.roles = roles(&[]);
			assert_noop!(request(ALICE, f), Error::<Test>::NoRoles);
			assert_noop!(
				request(ALICE, form(Role::Auditor, CIVIL, 1)),
				Error::<Test>::NotCitizenRole
			);
			assert_noop!(
				request(ALICE, form(Role::AidApplicant, 9, 1)),
				Error::<Test>::UnknownAgency
			);
			// The insurance agency cannot confirm an aid applicant.
			assert_noop!(
				request(ALICE, form(Role::AidApplicant, INSURANCE, 1)),
				Error::<Test>::RoleNotVerifiable
			);
		});
	}

	#[test]
	fn request_registration_fails_when_id_card_expired() {
		ExtBuilder::default().build_and_execute(|| {
			let mut f = form(Role::AidApplicant, CIVIL, 1);
			f.id_valid_until = NOW;
			assert_noop!(request(ALICE, f), Error::<Test>::IdCardExpired);
		});
	}

	#[test]
	fn request_registration_fails_with_invalid_cids() {
		ExtBuilder::default().build_and_execute(|| {
			let garbage = safetynet_primitives::Cid(vec![1, 2, 3].try_into().unwrap());
			let mut f = form(Role::AidApplicant, CIVIL, 1);
			f.form_cid = garbage.clone();
			assert_noop!(request(ALICE, f), Error::<Test>::InvalidCid);
			let mut f = form(Role::AidApplicant, CIVIL, 1);
			f.photo_cid = Some(garbage);
			assert_noop!(request(ALICE, f), Error::<Test>::InvalidCid);
		});
	}

	/// Files the mock's ten requests, four per block (accounts 200 to 209), up to block 4.
	pub(super) fn fill_queue() {
		for who in 200..204 {
			assert_ok!(request_aid(who));
		}
		// At most four requests per block.
		assert_noop!(request_aid(ALICE), Error::<Test>::RegistrationQueueFull);
		for (block, range) in [(2, 204..208), (3, 208..210)] {
			run_to_block(block);
			for who in range {
				assert_ok!(request_aid(who));
			}
		}
		run_to_block(4);
		assert_eq!(PendingCount::<Test>::get(), MaxPendingRequests::get());
	}

	#[test]
	fn a_full_queue_asks_for_more_work_than_its_weakest_request() {
		ExtBuilder::default().build_and_execute(|| {
			fill_queue();
			let (weakest, _) = PendingByWork::<Test>::iter_keys().next().unwrap();
			assert!(PendingRequests::<Test>::iter_values().all(|r| r.work_bits >= weakest));
			assert_eq!(Registration::request_difficulty(), u32::from(weakest) + 1);
			let f = form(Role::AidApplicant, CIVIL, 1);
			let as_weak = find_work(ALICE, &f, 3, |bits| bits <= u32::from(weakest));
			assert_noop!(
				Registration::request_registration(signed(ALICE), f, as_weak),
				Error::<Test>::InsufficientWork
			);
			// The cost parameters still apply when they ask for more.
			set_cost(weakest + 4, 0);
			assert_eq!(Registration::request_difficulty(), u32::from(weakest) + 4);
		});
	}

	#[test]
	fn a_request_with_more_work_displaces_the_weakest() {
		ExtBuilder::default().build_and_execute(|| {
			fill_queue();
			let (bits, weakest) = PendingByWork::<Test>::iter_keys().next().unwrap();
			let f = form(Role::AidApplicant, CIVIL, 1);
			let strong = find_work(ALICE, &f, 3, |reached| reached > u32::from(bits));
			assert_ok!(Registration::request_registration(signed(ALICE), f.clone(), strong));
			System::assert_has_event(
				Event::RegistrationDisplaced { who: weakest, agency: CIVIL, by: ALICE }.into(),
			);
			assert_eq!(PendingCount::<Test>::get(), MaxPendingRequests::get());
			assert!(!PendingRequests::<Test>::contains_key(weakest));
			assert!(!PendingByWork::<Test>::contains_key(bits, weakest));
			let filed = PendingRequests::<Test>::get(ALICE).unwrap();
			assert_eq!(u32::from(filed.work_bits), work_bits(ALICE, &f, strong));
			// The displaced requester reads why, and may file again with more work.
			let rejection = Rejections::<Test>::get(weakest).unwrap();
			assert_eq!((rejection.agency, rejection.reason), (CIVIL, RejectionReason::Displaced));
			let (next_bits, _) = PendingByWork::<Test>::iter_keys().next().unwrap();
			let again = form(Role::AidApplicant, CIVIL, weakest as u8);
			let stronger = find_work(weakest, &again, 3, |reached| reached > u32::from(next_bits));
			assert_ok!(Registration::request_registration(signed(weakest), again, stronger));
			assert!(!Rejections::<Test>::contains_key(weakest));
			assert_eq!(PendingCount::<Test>::get(), MaxPendingRequests::get());
		});
	}

	#[test]
	fn registered_citizen_can_amend_and_keeps_code() {
		ExtBuilder::default().build_and_execute(|| {
			register_aid_applicant(ALICE);
			let code = Registration::code_of(&ALICE).unwrap();
			let mut amended = form(Role::AidApplicant, CIVIL, 7);
			amended.roles = roles(&[Role::AidApplicant, Role::MinimumLivingApplicant]);
			assert_ok!(request(ALICE, amended.clone()));
			// Still a participant while the amendment waits, on the one provider reference.
			assert!(Registration::is_participant(&ALICE));
			assert_eq!(providers(ALICE), 1);
			let moved = Verification {
				identity: identity(ALICE),
				residence: ACROSS_TOWN,
				household: household(&[200]),
			};
			assert_ok!(Registration::verify_citizen(signed(CIVIL_OFFICER), ALICE, moved));
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
			let citizen = Citizens::<Test>::get(ALICE).unwrap();
			assert_eq!((citizen.roles, citizen.form_cid), (amended.roles, amended.form_cid));
			assert_eq!((citizen.residence, citizen.household), (ACROSS_TOWN, household(&[200])));
			assert_eq!(CitizenIdentities::<Test>::get(identity(ALICE)), Some(ALICE));
			assert_eq!(providers(ALICE), 1);
		});
	}
}

mod proof_of_work {
	use super::*;

	#[test]
	fn work_must_be_bound_to_a_past_block_within_the_window() {
		ExtBuilder::default().build_and_execute(|| {
			run_to_block(10);
			let f = form(Role::AidApplicant, CIVIL, 1);
			// The current block, a future one, one older than the window.
			for block in [10, 11, 10 - WORK_WINDOW - 1] {
				assert_noop!(
					Registration::request_registration(
						signed(ALICE),
						f.clone(),
						ProofOfWork { block, nonce: 0 }
					),
					Error::<Test>::StaleWork
				);
			}
			let oldest = ProofOfWork { block: 10 - WORK_WINDOW, nonce: 0 };
			assert_ok!(Registration::request_registration(signed(ALICE), f, oldest));
		});
	}

	#[test]
	fn work_bound_to_an_unknown_block_is_stale() {
		ExtBuilder::default().build_and_execute(|| {
			run_to_block(3);
			frame_system::BlockHash::<Test>::remove(2);
			assert_noop!(request_aid(ALICE), Error::<Test>::StaleWork);
		});
	}

	#[test]
	fn work_must_reach_the_required_bits() {
		ExtBuilder::default().build_and_execute(|| {
			set_cost(8, 0);
			assert_eq!(Registration::request_difficulty(), 8);
			let f = form(Role::AidApplicant, CIVIL, 1);
			let weak = find_work(ALICE, &f, 0, |bits| bits < 8);
			assert_noop!(
				Registration::request_registration(signed(ALICE), f.clone(), weak),
				Error::<Test>::InsufficientWork
			);
			let strong = find_work(ALICE, &f, 0, |bits| bits >= 8);
			assert_ok!(Registration::request_registration(signed(ALICE), f, strong));
		});
	}

	#[test]
	fn work_is_bound_to_the_account_the_form_and_the_block() {
		ExtBuilder::default().build_and_execute(|| {
			run_to_block(2);
			set_cost(8, 0);
			let f = form(Role::AidApplicant, CIVIL, 1);
			let strong = find_work(ALICE, &f, 1, |bits| bits >= 8);
			let other_form = form(Role::AidApplicant, CIVIL, 2);
			let other_block = ProofOfWork { block: 0, ..strong };
			assert!(work_bits(BOB, &f, strong) < 8);
			assert!(work_bits(ALICE, &other_form, strong) < 8);
			assert!(work_bits(ALICE, &f, other_block) < 8);
			let file =
				|who, form, work| Registration::request_registration(signed(who), form, work);
			assert_noop!(file(BOB, f.clone(), strong), Error::<Test>::InsufficientWork);
			assert_noop!(file(ALICE, other_form, strong), Error::<Test>::InsufficientWork);
			assert_noop!(file(ALICE, f.clone(), other_block), Error::<Test>::InsufficientWork);
			assert_ok!(file(ALICE, f, strong));
		});
	}

	#[test]
	fn the_required_work_doubles_with_the_queue() {
		let cost = RequestCost { base_bits: 1, doubling_every: 2 };
		assert_eq!(
			[0, 1, 2, 5, 6, 14].map(|pending| cost.required_bits(pending)),
			[1, 1, 2, 2, 3, 4]
		);
		// Without doubling the cost stays; it never exceeds the cap.
		assert_eq!(RequestCost { base_bits: 3, doubling_every: 0 }.required_bits(1000), 3);
		let huge = RequestCost { base_bits: u8::MAX, doubling_every: 1 };
		assert_eq!(huge.required_bits(u32::MAX - 1), MAX_WORK_BITS);
		ExtBuilder::default().build_and_execute(|| {
			set_cost(0, 2);
			assert_ok!(request_aid(ALICE));
			assert_ok!(request_aid(BOB));
			assert_eq!(Registration::request_difficulty(), 1);
			let f = form(Role::AidApplicant, CIVIL, 3);
			let weak = find_work(CHARLIE, &f, 0, |bits| bits == 0);
			assert_noop!(
				Registration::request_registration(signed(CHARLIE), f.clone(), weak),
				Error::<Test>::InsufficientWork
			);
			let enough = find_work(CHARLIE, &f, 0, |bits| bits >= 1);
			assert_ok!(Registration::request_registration(signed(CHARLIE), f, enough));
		});
	}

	#[test]
	fn set_request_cost_works() {
		ExtBuilder::default().build_and_execute(|| {
			let cost = RequestCost { base_bits: 12, doubling_every: 50 };
			assert_ok!(Registration::set_request_cost(root(), cost));
			System::assert_last_event(Event::RequestCostSet { cost }.into());
			assert_eq!(RequestCostParams::<Test>::get(), cost);
			assert_eq!(Registration::request_difficulty(), 12);
		});
	}

	#[test]
	fn set_request_cost_fails_for_non_governance() {
		ExtBuilder::default().build_and_execute(|| {
			assert_noop!(
				Registration::set_request_cost(signed(CIVIL_ADMIN), RequestCost::default()),
				DispatchError::BadOrigin
			);
		});
	}
}

mod withdraw_and_expire {
	use super::*;

	#[test]
	fn withdraw_request_works_and_reaps_account() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(request_aid(ALICE));
			assert_ok!(Registration::withdraw_request(signed(ALICE)));
			System::assert_last_event(Event::RegistrationWithdrawn { who: ALICE }.into());
			assert_eq!(PendingCount::<Test>::get(), 0);
			assert!(RequestExpiries::<Test>::get(1 + TTL).is_empty());
			assert!(Registration::pending_requests(CIVIL).is_empty());
			assert!(reaped(ALICE));
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
			assert_ok!(request_aid(ALICE));
			run_to_block(TTL);
			assert!(PendingRequests::<Test>::contains_key(ALICE));
			run_to_block(TTL + 1);
			System::assert_last_event(Event::RegistrationExpired { who: ALICE }.into());
			assert!(!PendingRequests::<Test>::contains_key(ALICE));
			assert!(Registration::pending_requests(CIVIL).is_empty());
			assert_eq!(PendingCount::<Test>::get(), 0);
			assert!(reaped(ALICE));
		});
	}

	#[test]
	fn an_expiry_leaves_no_bucket_behind() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(request_aid(ALICE));
			run_to_block(TTL + 1);
			assert!(!RequestExpiries::<Test>::contains_key(1 + TTL));
		});
	}

	#[test]
	fn expiry_of_an_amendment_keeps_the_citizen() {
		ExtBuilder::default().build_and_execute(|| {
			register_aid_applicant(ALICE);
			assert_ok!(request(ALICE, form(Role::AidApplicant, CIVIL, 2)));
			run_to_block(TTL + 1);
			assert!(!PendingRequests::<Test>::contains_key(ALICE));
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
			assert_ok!(request(ALICE, f.clone()));
			let members = household(&[200, 201]);
			let checked = Verification {
				identity: identity(ALICE),
				residence: HOME,
				household: members.clone(),
			};
			assert_ok!(Registration::verify_citizen(signed(CIVIL_OFFICER), ALICE, checked));
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
			let citizen = Citizen {
				code: 3,
				roles: f.roles.clone(),
				identity: identity(ALICE),
				id_valid_until: f.id_valid_until,
				form_cid: f.form_cid.clone(),
				photo_cid: f.photo_cid.clone(),
				verified_by: CIVIL,
				verified_at: 1,
				residence: HOME,
				household: members.clone(),
			};
			assert_eq!(Citizens::<Test>::get(ALICE), Some(citizen));
			assert_eq!(CitizenIdentities::<Test>::get(identity(ALICE)), Some(ALICE));
			assert_eq!(CodeOwner::<Test>::get(3), Some(ALICE));
			assert_eq!(PendingCount::<Test>::get(), 0);
			assert!(Registration::pending_requests(CIVIL).is_empty());
			assert_eq!(providers(ALICE), 1);
			assert_eq!(Registration::participant_kind(&ALICE), Some(ParticipantKind::Citizen));
			let seen = CitizenIdentity {
				code: 3,
				identity: identity(ALICE),
				id_valid_until: f.id_valid_until,
				form_cid: f.form_cid,
				photo_cid: f.photo_cid,
				verified_by: CIVIL,
				residence: HOME,
				household: members,
			};
			assert_eq!(Registration::citizen(&ALICE), Some(seen.clone()));
			let any = [Role::WelfareApplicant, Role::AidApplicant];
			assert_eq!(Registration::citizen_with_any_role(&ALICE, &any), Some(seen));
			assert_eq!(
				Registration::citizen_with_any_role(&ALICE, &[Role::WelfareApplicant]),
				None
			);
		});
	}

	#[test]
	fn agency_admin_may_verify() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(request_aid(ALICE));
			assert_ok!(verify(CIVIL_ADMIN, ALICE));
			assert_eq!(Citizens::<Test>::get(ALICE).unwrap().verified_by, CIVIL);
		});
	}

	#[test]
	fn verify_citizen_fails_without_request() {
		ExtBuilder::default().build_and_execute(|| {
			assert_noop!(verify(CIVIL_OFFICER, ALICE), Error::<Test>::NoPendingRequest);
		});
	}

	#[test]
	fn verify_citizen_fails_for_non_verifiers() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(request_aid(ALICE));
			// Staff of the right agency without a front-desk role, another agency's officer and
			// administrator, a stranger, the applicant.
			for who in [INSPECTOR, INSURANCE_OFFICER, INSURANCE_ADMIN, BOB, ALICE] {
				assert_noop!(verify(who, ALICE), Error::<Test>::NotVerifier);
			}
		});
	}

	#[test]
	fn verify_citizen_fails_for_the_verifiers_own_registration() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(request_aid(ALICE));
			// The civil affairs officer (person 11) would confirm ALICE's account as theirs.
			assert_noop!(
				Registration::verify_citizen(signed(CIVIL_OFFICER), ALICE, verification(11)),
				Error::<Test>::SelfVerification
			);
		});
	}

	#[test]
	fn verify_citizen_fails_when_agency_removed() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(request_aid(ALICE));
			assert_ok!(Registration::remove_agency(root(), CIVIL));
			assert_noop!(verify(CIVIL_OFFICER, ALICE), Error::<Test>::UnknownAgency);
		});
	}

	#[test]
	fn verify_citizen_fails_when_id_card_expired_meanwhile() {
		ExtBuilder::default().build_and_execute(|| {
			let mut f = form(Role::AidApplicant, CIVIL, 1);
			f.id_valid_until = NOW + 5_000;
			assert_ok!(request(ALICE, f));
			run_to_block(3);
			assert_noop!(verify(CIVIL_OFFICER, ALICE), Error::<Test>::IdCardExpired);
		});
	}

	#[test]
	fn verify_citizen_fails_with_an_invalid_residence() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(request_aid(ALICE));
			for residence in [NOWHERE, RegionCode(0)] {
				let checked = Verification { residence, ..verification(ALICE) };
				assert_noop!(
					Registration::verify_citizen(signed(CIVIL_OFFICER), ALICE, checked),
					Error::<Test>::InvalidRegion
				);
			}
		});
	}

	#[test]
	fn verify_citizen_fails_with_an_invalid_household() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(request_aid(ALICE));
			// The citizen themself, or someone twice.
			for members in [&[200, ALICE][..], &[200, 201, 200][..]] {
				let checked = Verification { household: household(members), ..verification(ALICE) };
				assert_noop!(
					Registration::verify_citizen(signed(CIVIL_OFFICER), ALICE, checked),
					Error::<Test>::InvalidHousehold
				);
			}
		});
	}

	#[test]
	fn verify_citizen_fails_with_another_citizens_identity() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(request_aid(ALICE));
			assert_ok!(request_aid(BOB));
			assert_ok!(verify(CIVIL_OFFICER, ALICE));
			assert_noop!(
				Registration::verify_citizen(signed(CIVIL_OFFICER), BOB, verification(ALICE)),
				Error::<Test>::IdAlreadyRegistered
			);
		});
	}

	#[test]
	fn an_amendment_must_be_the_same_persons() {
		ExtBuilder::default().build_and_execute(|| {
			register_aid_applicant(ALICE);
			assert_ok!(request(ALICE, form(Role::AidApplicant, CIVIL, 2)));
			assert_noop!(
				Registration::verify_citizen(signed(CIVIL_OFFICER), ALICE, verification(BOB)),
				Error::<Test>::IdAlreadyRegistered
			);
		});
	}

	#[test]
	fn verify_citizen_fails_when_codes_exhausted() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(request_aid(ALICE));
			NextCode::<Test>::put(u64::MAX);
			assert_noop!(verify(CIVIL_OFFICER, ALICE), Error::<Test>::CodesExhausted);
		});
	}
}

mod reject {
	use super::*;

	#[test]
	fn reject_request_works() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(request_aid(ALICE));
			let reason = RejectionReason::IncompleteDocuments;
			assert_ok!(Registration::reject_request(signed(CIVIL_OFFICER), ALICE, reason));
			System::assert_last_event(
				Event::RegistrationRejected {
					who: ALICE,
					agency: CIVIL,
					by: CIVIL_OFFICER,
					reason,
				}
				.into(),
			);
			assert!(!PendingRequests::<Test>::contains_key(ALICE));
			assert!(Registration::pending_requests(CIVIL).is_empty());
			assert!(reaped(ALICE));
			// The applicant can read why, until the request would have lapsed.
			let rejection = Rejections::<Test>::get(ALICE).expect("the reason is kept");
			assert_eq!(
				(rejection.agency, rejection.reason, rejection.until),
				(CIVIL, reason, 1 + TTL)
			);
			// The applicant may fix the documents and file again, a block later: the old reason
			// and its place in the old request's expiry bucket go.
			run_to_block(2);
			assert_ok!(request_aid(ALICE));
			assert!(!Rejections::<Test>::contains_key(ALICE));
			assert!(!RequestExpiries::<Test>::get(1 + TTL).contains(&ALICE));
			assert!(RequestExpiries::<Test>::get(2 + TTL).contains(&ALICE));
		});
	}

	#[test]
	fn a_rejection_is_forgotten_when_its_request_would_have_lapsed() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(request_aid(ALICE));
			let reason = RejectionReason::InvalidIdCard;
			assert_ok!(Registration::reject_request(signed(CIVIL_OFFICER), ALICE, reason));
			run_to_block(TTL);
			assert!(Rejections::<Test>::contains_key(ALICE));
			run_to_block(TTL + 1);
			assert!(!Rejections::<Test>::contains_key(ALICE));
			assert!(!RequestExpiries::<Test>::contains_key(1 + TTL));
			// A lapse of the rejected request is not reported: there was nothing left to lapse.
			assert!(!System::events().iter().any(|e| matches!(
				e.event,
				RuntimeEvent::Registration(Event::RegistrationExpired { .. })
			)));
		});
	}

	#[test]
	fn reject_request_fails() {
		ExtBuilder::default().build_and_execute(|| {
			let reason = RejectionReason::IdentityMismatch;
			let reject = |by| Registration::reject_request(signed(by), ALICE, reason);
			assert_noop!(reject(CIVIL_OFFICER), Error::<Test>::NoPendingRequest);
			assert_ok!(request_aid(ALICE));
			for not_verifier in [INSURANCE_OFFICER, INSPECTOR, BOB] {
				assert_noop!(reject(not_verifier), Error::<Test>::NotVerifier);
			}
			// The runtime's own reason is not a verifier's to give, one by one or in bulk.
			let displaced = RejectionReason::Displaced;
			assert_noop!(
				Registration::reject_request(signed(CIVIL_OFFICER), ALICE, displaced),
				Error::<Test>::ReservedReason
			);
			assert_noop!(
				Registration::reject_requests(signed(CIVIL_OFFICER), bounded(&[ALICE]), displaced),
				Error::<Test>::ReservedReason
			);
			assert_ok!(Registration::remove_agency(root(), CIVIL));
			assert_noop!(reject(CIVIL_OFFICER), Error::<Test>::UnknownAgency);
		});
	}

	#[test]
	fn reject_requests_turns_down_the_callers_queue_in_bulk() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(request_aid(ALICE));
			assert_ok!(request_aid(BOB));
			assert_ok!(request(CHARLIE, form(Role::InsuredEmployee, INSURANCE, 3)));
			// Another agency's queue, accounts not waiting and repeats are skipped.
			let accounts = bounded(&[ALICE, 999, CHARLIE, BOB, ALICE]);
			assert_ok!(Registration::reject_requests(
				signed(CIVIL_OFFICER),
				accounts,
				RejectionReason::Spam
			));
			System::assert_last_event(
				Event::RegistrationRejected {
					who: BOB,
					agency: CIVIL,
					by: CIVIL_OFFICER,
					reason: RejectionReason::Spam,
				}
				.into(),
			);
			assert_eq!(rejections(), vec![(ALICE, CIVIL_OFFICER), (BOB, CIVIL_OFFICER)]);
			for who in [ALICE, BOB] {
				assert_eq!(
					Rejections::<Test>::get(who).map(|r| r.reason),
					Some(RejectionReason::Spam)
				);
			}
			assert!(!Rejections::<Test>::contains_key(CHARLIE));
			assert!(Registration::pending_requests(CIVIL).is_empty());
			assert_eq!(Registration::pending_requests(INSURANCE).len(), 1);
			assert_eq!(PendingCount::<Test>::get(), 1);
			assert!(reaped(ALICE) && reaped(BOB));
		});
	}

	#[test]
	fn reject_requests_leaves_other_agencies_queues_alone() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(request_aid(ALICE));
			let accounts = bounded(&[ALICE]);
			let reason = RejectionReason::Spam;
			assert_ok!(Registration::reject_requests(signed(INSURANCE_ADMIN), accounts, reason));
			assert!(rejections().is_empty());
			assert!(PendingRequests::<Test>::contains_key(ALICE));
		});
	}

	#[test]
	fn reject_requests_fails_for_non_verifiers() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(request_aid(ALICE));
			for who in [INSPECTOR, BOB, ALICE] {
				assert_noop!(
					Registration::reject_requests(
						signed(who),
						bounded(&[ALICE]),
						RejectionReason::Spam
					),
					Error::<Test>::NotVerifier
				);
			}
		});
	}
}

mod revoke_citizen {
	use super::*;

	#[test]
	fn revoke_citizen_works_for_a_verifier_of_the_verifying_agency() {
		ExtBuilder::default().build_and_execute(|| {
			register_aid_applicant(ALICE);
			register_aid_applicant(BOB);
			// A pending amendment goes with the registration.
			assert_ok!(request(ALICE, form(Role::AidApplicant, CIVIL, 2)));
			assert_ok!(Registration::revoke_citizen(signed(CIVIL_ADMIN), ALICE));
			System::assert_last_event(
				Event::CitizenRevoked { who: ALICE, code: 3, agency: CIVIL, by: Some(CIVIL_ADMIN) }
					.into(),
			);
			assert_eq!(RevokedCitizens::get(), vec![ALICE]);
			assert!(!Registration::is_participant(&ALICE));
			assert_eq!(Registration::code_of(&ALICE), None);
			assert_eq!(CodeOwner::<Test>::get(3), None);
			assert_eq!(CitizenIdentities::<Test>::get(identity(ALICE)), None);
			assert!(!PendingRequests::<Test>::contains_key(ALICE));
			assert_eq!(PendingCount::<Test>::get(), 0);
			assert!(reaped(ALICE));
			// A front-desk officer may too.
			assert_ok!(Registration::revoke_citizen(signed(CIVIL_OFFICER), BOB));
			System::assert_last_event(
				Event::CitizenRevoked { who: BOB, code: 4, agency: CIVIL, by: Some(CIVIL_OFFICER) }
					.into(),
			);
			assert_eq!(RevokedCitizens::get(), vec![ALICE, BOB]);
		});
	}

	#[test]
	fn revoke_citizen_works_for_governance() {
		ExtBuilder::default().build_and_execute(|| {
			register_aid_applicant(ALICE);
			assert_ok!(Registration::revoke_citizen(root(), ALICE));
			System::assert_last_event(
				Event::CitizenRevoked { who: ALICE, code: 3, agency: CIVIL, by: None }.into(),
			);
			assert_eq!(RevokedCitizens::get(), vec![ALICE]);
			assert!(reaped(ALICE));
		});
	}

	#[test]
	fn revoke_citizen_fails_for_another_agencys_verifier() {
		ExtBuilder::default().build_and_execute(|| {
			register_aid_applicant(ALICE);
			// Another civil affairs department, of the sub-district she lives in.
			let civil = AgencyKind::CivilAffairsDepartment;
			assert_ok!(add_agency(civil, 3, SUBDISTRICT));
			for who in [3, INSURANCE_ADMIN, INSURANCE_OFFICER] {
				assert_noop!(
					Registration::revoke_citizen(signed(who), ALICE),
					Error::<Test>::NotVerifier
				);
			}
		});
	}

	#[test]
	fn revoke_citizen_fails_for_non_verifiers_and_non_citizens() {
		ExtBuilder::default().build_and_execute(|| {
			for by in [signed(CIVIL_OFFICER), root()] {
				assert_noop!(Registration::revoke_citizen(by, ALICE), Error::<Test>::NotCitizen);
			}
			register_aid_applicant(ALICE);
			for who in [INSPECTOR, BOB, ALICE] {
				assert_noop!(
					Registration::revoke_citizen(signed(who), ALICE),
					Error::<Test>::NotVerifier
				);
			}
			assert_noop!(
				Registration::revoke_citizen(RuntimeOrigin::none(), ALICE),
				DispatchError::BadOrigin
			);
		});
	}

	#[test]
	fn once_the_verifying_agency_is_gone_only_governance_may_revoke() {
		ExtBuilder::default().build_and_execute(|| {
			register_aid_applicant(ALICE);
			assert_ok!(Registration::remove_agency(root(), CIVIL));
			assert_noop!(
				Registration::revoke_citizen(signed(CIVIL_OFFICER), ALICE),
				Error::<Test>::NotVerifier
			);
			assert_ok!(Registration::revoke_citizen(root(), ALICE));
		});
	}

	#[test]
	fn a_revoked_person_may_register_again() {
		ExtBuilder::default().build_and_execute(|| {
			register_aid_applicant(ALICE);
			assert_ok!(Registration::revoke_citizen(root(), ALICE));
			assert_ok!(request_aid(BOB));
			assert_ok!(Registration::verify_citizen(
				signed(CIVIL_OFFICER),
				BOB,
				verification(ALICE)
			));
			assert_eq!(CitizenIdentities::<Test>::get(identity(ALICE)), Some(BOB));
		});
	}
}

mod set_quota {
	use super::*;

	#[test]
	fn set_quota_works() {
		ExtBuilder::default().build_and_execute(|| {
			let (class, quota) =
				(ParticipantClass::Citizen, Some(Quota { transactions: 3, period: 7 }));
			assert_ok!(Registration::set_quota(root(), class, quota));
			System::assert_last_event(Event::QuotaSet { class, quota }.into());
			assert_eq!(Quotas::<Test>::get(class), quota);
			assert_ok!(Registration::set_quota(root(), class, None));
			System::assert_last_event(Event::QuotaSet { class, quota: None }.into());
			assert!(!Quotas::<Test>::contains_key(class));
		});
	}

	#[test]
	fn set_quota_fails() {
		ExtBuilder::default().build_and_execute(|| {
			let class = ParticipantClass::Staff;
			let quota = Some(Quota { transactions: 3, period: 7 });
			assert_noop!(
				Registration::set_quota(signed(CIVIL_ADMIN), class, quota),
				DispatchError::BadOrigin
			);
			for empty in
				[Quota { transactions: 0, period: 7 }, Quota { transactions: 3, period: 0 }]
			{
				assert_noop!(
					Registration::set_quota(root(), class, Some(empty)),
					Error::<Test>::InvalidQuota
				);
			}
		});
	}
}

mod admission {
	use super::*;

	#[test]
	fn identifier_and_encoding_match_the_standard_nonce_check() {
		assert_eq!(<CheckNonce as TransactionExtension<RuntimeCall>>::IDENTIFIER, "CheckNonce");
		assert_eq!(
			CheckNonce::from(5).encode(),
			frame_system::CheckNonce::<Test>::from(5).encode()
		);
	}

	#[test]
	fn participants_are_admitted_with_priority() {
		ExtBuilder::default().build_and_execute(|| {
			register_aid_applicant(ALICE);
			for who in [CIVIL_ADMIN, CIVIL_OFFICER, ALICE] {
				let validity = validate(who, 0, withdraw()).unwrap();
				assert_eq!(validity.priority, PARTICIPANT_PRIORITY);
				assert_eq!(validity.provides.len(), 1);
				assert!(validity.requires.is_empty());
				assert_eq!(validity.longevity, u64::MAX);
			}
			// A future nonce waits for its predecessor.
			let validity = validate(CIVIL_OFFICER, 2, withdraw()).unwrap();
			assert_eq!(validity.requires.len(), 1);
		});
	}

	#[test]
	fn citizens_may_make_only_the_calls_the_policy_allows() {
		ExtBuilder::default().build_and_execute(|| {
			register_aid_applicant(ALICE);
			assert_eq!(validate(ALICE, 0, remark()), Err(refused(Error::<Test>::CallNotAllowed)));
			// A block may not include it either.
			assert_eq!(apply(ALICE, 0, remark()), Err(refused(Error::<Test>::CallNotAllowed)));
			assert_eq!(System::account_nonce(ALICE), 0);
			// Staff and administrators may remark.
			for who in [CIVIL_OFFICER, CIVIL_ADMIN] {
				assert_eq!(apply(who, 0, remark()), Ok(Ok(())));
			}
		});
	}

	#[test]
	fn a_citizens_amendment_is_admitted_as_a_participants_call() {
		ExtBuilder::default().build_and_execute(|| {
			register_aid_applicant(ALICE);
			let validity = validate(ALICE, 0, aid_request_call(ALICE)).unwrap();
			assert_eq!((validity.priority, validity.provides.len()), (PARTICIPANT_PRIORITY, 1));
		});
	}

	#[test]
	fn unknown_accounts_are_refused_except_for_a_registration_request() {
		ExtBuilder::default().build_and_execute(|| {
			for call in [withdraw(), remark()] {
				assert_eq!(validate(ALICE, 0, call), Err(InvalidTransaction::BadSigner.into()));
			}
			let f = form(Role::AidApplicant, CIVIL, 1);
			let validity = validate(ALICE, 0, request_call(f.clone(), work())).unwrap();
			// The work's bits beyond the (zero) cost.
			assert_eq!(validity.priority, u64::from(work_bits(ALICE, &f, work()).min(16)));
			assert_eq!(validity.longevity, WORK_WINDOW - 1);
			assert!(validity.requires.is_empty());
			let one_request_tag = (b"registration-request".as_slice(), ALICE).encode();
			assert_eq!(validity.provides, vec![(ALICE, 0u32).encode(), one_request_tag]);
		});
	}

	#[test]
	fn staff_of_a_removed_agency_are_unknown_accounts() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(Registration::remove_agency(root(), CIVIL));
			assert_eq!(
				validate(CIVIL_OFFICER, 0, remark()),
				Err(InvalidTransaction::BadSigner.into())
			);
			let call = request_call(form(Role::InsuredEmployee, INSURANCE, 1), work());
			assert_eq!(validate(CIVIL_OFFICER, 0, call), Err(refused(Error::<Test>::AccountInUse)));
		});
	}

	#[test]
	fn a_request_that_would_fail_is_refused_at_the_pool_with_its_error() {
		ExtBuilder::default().build_and_execute(|| {
			let mut expired = form(Role::AidApplicant, CIVIL, 1);
			expired.id_valid_until = NOW;
			let call = request_call(expired, work());
			assert_eq!(validate(ALICE, 0, call), Err(refused(Error::<Test>::IdCardExpired)));
			let f = form(Role::AidApplicant, CIVIL, 1);
			let this_block = ProofOfWork { block: 1, nonce: 0 };
			let call = request_call(f.clone(), this_block);
			assert_eq!(validate(ALICE, 0, call), Err(refused(Error::<Test>::StaleWork)));
			set_cost(8, 0);
			let weak = find_work(ALICE, &f, 0, |bits| bits < 8);
			let call = request_call(f, weak);
			assert_eq!(validate(ALICE, 0, call), Err(refused(Error::<Test>::InsufficientWork)));
		});
	}

	#[test]
	fn extra_work_buys_a_little_priority() {
		ExtBuilder::default().build_and_execute(|| {
			set_cost(2, 0);
			let f = form(Role::AidApplicant, CIVIL, 1);
			let three_more = find_work(ALICE, &f, 0, |bits| bits == 5);
			let validity = validate(ALICE, 0, request_call(f, three_more)).unwrap();
			assert_eq!(validity.priority, 3);
		});
	}

	#[test]
	fn the_priority_work_buys_is_capped() {
		ExtBuilder::default().build_and_execute(|| {
			let f = form(Role::AidApplicant, CIVIL, 1);
			let lots = find_work(ALICE, &f, 0, |bits| bits >= 17);
			let validity = validate(ALICE, 0, request_call(f, lots)).unwrap();
			assert_eq!(validity.priority, 16);
		});
	}

	#[test]
	fn a_request_stays_in_the_pool_only_while_its_work_is_fresh() {
		ExtBuilder::default().build_and_execute(|| {
			run_to_block(10);
			let f = form(Role::AidApplicant, CIVIL, 1);
			for (block, longevity) in
				[(9, WORK_WINDOW - 1), (7, WORK_WINDOW - 3), (10 - WORK_WINDOW, 1)]
			{
				let call = request_call(f.clone(), ProofOfWork { block, nonce: 0 });
				assert_eq!(validate(ALICE, 0, call).unwrap().longevity, longevity);
			}
		});
	}

	#[test]
	fn a_block_full_of_requests_keeps_the_next_waiting_instead_of_refusing_it() {
		ExtBuilder::default().build_and_execute(|| {
			for who in 200..204 {
				assert_ok!(request_aid(who));
			}
			assert_eq!(
				validate(ALICE, 0, aid_request_call(ALICE)),
				Err(InvalidTransaction::ExhaustsResources.into())
			);
			run_to_block(2);
			assert!(validate(ALICE, 0, aid_request_call(ALICE)).is_ok());
		});
	}

	#[test]
	fn a_full_queue_admits_to_the_pool_only_requests_that_would_displace_one() {
		ExtBuilder::default().build_and_execute(|| {
			super::request_registration::fill_queue();
			let (bits, _) = PendingByWork::<Test>::iter_keys().next().unwrap();
			let f = form(Role::AidApplicant, CIVIL, 1);
			let call = |work| {
				RuntimeCall::Registration(Call::request_registration { form: f.clone(), work })
			};
			let weak = find_work(ALICE, &f, 3, |reached| reached <= u32::from(bits));
			assert_eq!(
				validate(ALICE, 0, call(weak)),
				Err(refused(Error::<Test>::InsufficientWork))
			);
			let strong = find_work(ALICE, &f, 3, |reached| reached > u32::from(bits));
			assert!(validate(ALICE, 0, call(strong)).is_ok());
		});
	}

	#[test]
	fn a_second_request_from_the_same_account_is_refused() {
		ExtBuilder::default().build_and_execute(|| {
			assert_eq!(apply(ALICE, 0, aid_request_call(ALICE)), Ok(Ok(())));
			assert_eq!(System::account_nonce(ALICE), 1);
			let again = aid_request_call(ALICE);
			assert_eq!(validate(ALICE, 1, again), Err(refused(Error::<Test>::RequestPending)));
			// Still not a participant: nothing else gets in either.
			assert_eq!(validate(ALICE, 1, withdraw()), Err(InvalidTransaction::BadSigner.into()));
		});
	}

	#[test]
	fn stale_nonces_are_refused() {
		ExtBuilder::default().build_and_execute(|| {
			frame_system::Account::<Test>::mutate(CIVIL_OFFICER, |a| a.nonce = 3);
			assert_eq!(
				validate(CIVIL_OFFICER, 2, withdraw()),
				Err(InvalidTransaction::Stale.into())
			);
		});
	}

	#[test]
	fn unsigned_transactions_pass_through() {
		ExtBuilder::default().build_and_execute(|| {
			let call = withdraw();
			let info = call.get_dispatch_info();
			let (validity, val, _) = CheckNonce::from(0)
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
			assert_eq!(validity, ValidTransaction::default());
			assert_eq!(val, None);
		});
	}
}

mod quotas {
	use super::*;

	fn staff_quota(transactions: u32, period: u64) -> ExtBuilder {
		ExtBuilder::default().quota(ParticipantClass::Staff, Quota { transactions, period })
	}

	#[test]
	fn a_quota_limits_a_participants_transactions_per_period() {
		staff_quota(2, 5).build_and_execute(|| {
			for nonce in 0..2 {
				assert_eq!(apply(INSPECTOR, nonce, remark()), Ok(Ok(())));
			}
			assert_eq!(QuotaUsage::<Test>::get(INSPECTOR), Some(Usage { since: 1, used: 2 }));
			let exceeded = refused(Error::<Test>::QuotaExceeded);
			assert_eq!(validate(INSPECTOR, 2, remark()), Err(exceeded));
			assert_eq!(apply(INSPECTOR, 2, remark()), Err(exceeded));
			// Each account has its own.
			assert!(validate(CIVIL_OFFICER, 0, remark()).is_ok());
			run_to_block(5);
			assert_eq!(validate(INSPECTOR, 2, remark()), Err(exceeded));
			// The period over, counting starts again.
			run_to_block(6);
			assert_eq!(apply(INSPECTOR, 2, remark()), Ok(Ok(())));
			assert_eq!(QuotaUsage::<Test>::get(INSPECTOR), Some(Usage { since: 6, used: 1 }));
		});
	}

	#[test]
	fn a_failed_transaction_counts_too() {
		staff_quota(1, 5).build_and_execute(|| {
			let failed: DispatchResult = Err(Error::<Test>::NoPendingRequest.into());
			assert_eq!(apply(CIVIL_OFFICER, 0, withdraw()), Ok(failed));
			assert_eq!(
				validate(CIVIL_OFFICER, 1, withdraw()),
				Err(refused(Error::<Test>::QuotaExceeded))
			);
		});
	}

	#[test]
	fn validation_alone_uses_no_quota() {
		staff_quota(1, 5).build_and_execute(|| {
			for _ in 0..3 {
				assert!(validate(INSPECTOR, 0, remark()).is_ok());
			}
			assert_eq!(QuotaUsage::<Test>::get(INSPECTOR), None);
		});
	}

	#[test]
	fn a_quota_applies_to_its_class_only() {
		ExtBuilder::default()
			.quota(ParticipantClass::Citizen, Quota { transactions: 1, period: 10 })
			.build_and_execute(|| {
				register_aid_applicant(ALICE);
				for nonce in 0..3 {
					assert_eq!(apply(CIVIL_OFFICER, nonce, remark()), Ok(Ok(())));
					assert_eq!(apply(CIVIL_ADMIN, nonce, remark()), Ok(Ok(())));
				}
				assert_eq!(QuotaUsage::<Test>::get(CIVIL_OFFICER), None);
				assert!(apply(ALICE, 0, withdraw()).is_ok());
				assert_eq!(
					validate(ALICE, 1, withdraw()),
					Err(refused(Error::<Test>::QuotaExceeded))
				);
			});
	}

	#[test]
	fn registration_requests_from_unknown_accounts_use_no_quota() {
		ExtBuilder::default()
			.quota(ParticipantClass::Citizen, Quota { transactions: 1, period: 10 })
			.build_and_execute(|| {
				assert_eq!(apply(ALICE, 0, aid_request_call(ALICE)), Ok(Ok(())));
				assert_eq!(QuotaUsage::<Test>::get(ALICE), None);
				assert_ok!(verify(CIVIL_OFFICER, ALICE));
				assert!(validate(ALICE, 1, withdraw()).is_ok());
			});
	}

	#[test]
	fn a_lifted_quota_no_longer_limits() {
		staff_quota(1, 100).build_and_execute(|| {
			assert_eq!(apply(INSPECTOR, 0, remark()), Ok(Ok(())));
			assert!(validate(INSPECTOR, 1, remark()).is_err());
			assert_ok!(Registration::set_quota(root(), ParticipantClass::Staff, None));
			assert!(validate(INSPECTOR, 1, remark()).is_ok());
		});
	}

	#[test]
	fn revocation_and_removal_forget_quota_usage() {
		staff_quota(5, 100)
			.quota(ParticipantClass::Citizen, Quota { transactions: 5, period: 100 })
			.build_and_execute(|| {
				register_aid_applicant(ALICE);
				assert!(apply(ALICE, 0, withdraw()).is_ok());
				assert!(apply(INSPECTOR, 0, remark()).is_ok());
				assert!(QuotaUsage::<Test>::contains_key(ALICE));
				assert_ok!(Registration::revoke_citizen(root(), ALICE));
				assert!(!QuotaUsage::<Test>::contains_key(ALICE));
				assert!(QuotaUsage::<Test>::contains_key(INSPECTOR));
				assert_ok!(Registration::remove_staff(signed(CIVIL_ADMIN), INSPECTOR));
				assert!(!QuotaUsage::<Test>::contains_key(INSPECTOR));
			});
	}

	fn admin_quota() -> ExtBuilder {
		ExtBuilder::default()
			.quota(ParticipantClass::Administrator, Quota { transactions: 5, period: 100 })
	}

	#[test]
	fn removing_an_agency_forgets_its_admins_quota_usage() {
		admin_quota().build_and_execute(|| {
			assert_eq!(apply(CIVIL_ADMIN, 0, remark()), Ok(Ok(())));
			assert_ok!(Registration::remove_agency(root(), CIVIL));
			assert!(reaped(CIVIL_ADMIN));
			assert!(!QuotaUsage::<Test>::contains_key(CIVIL_ADMIN));
		});
	}

	#[test]
	fn replacing_an_admin_forgets_the_old_admins_quota_usage() {
		admin_quota().build_and_execute(|| {
			assert_eq!(apply(CIVIL_ADMIN, 0, remark()), Ok(Ok(())));
			assert_ok!(Registration::set_agency_admin(root(), CIVIL, 7));
			assert!(reaped(CIVIL_ADMIN));
			assert!(!QuotaUsage::<Test>::contains_key(CIVIL_ADMIN));
		});
	}
}

mod registry {
	use super::*;
	use frame_support::traits::Contains;

	#[test]
	fn registry_view_answers_for_each_kind_of_account() {
		ExtBuilder::default().build_and_execute(|| {
			register_aid_applicant(ALICE);
			let kind = Registration::participant_kind;
			assert_eq!(kind(&CIVIL_ADMIN), Some(ParticipantKind::Admin(CIVIL)));
			assert_eq!(kind(&CIVIL_OFFICER), Some(ParticipantKind::Staff(CIVIL)));
			assert_eq!(kind(&ALICE), Some(ParticipantKind::Citizen));
			assert_eq!(kind(&BOB), None);
			assert!(Registration::is_participant(&CIVIL_ADMIN));
			assert!(!Registration::is_participant(&BOB));
			assert_eq!(Registration::administered_agency(&CIVIL_ADMIN), Some(CIVIL));
			assert_eq!(Registration::administered_agency(&CIVIL_OFFICER), None);
			let info = Registration::agency(CIVIL).unwrap();
			assert_eq!(
				(info.kind, info.admin, info.region),
				(AgencyKind::CivilAffairsDepartment, CIVIL_ADMIN, DISTRICT)
			);
			assert!(Registration::agency(9).is_none());
			assert_eq!(
				Registration::staff_agency(&INSPECTOR, Role::DemocraticReviewMember),
				Some(CIVIL)
			);
			assert_eq!(Registration::staff_agency(&INSPECTOR, Role::CivilAffairsOfficer), None);
			assert_eq!(Registration::staff_post(&ALICE), None);
			assert_eq!(Registration::citizen(&CIVIL_OFFICER), None);
			assert_eq!(Registration::code_of(&CIVIL_OFFICER), Some(1));
			assert_eq!(Registration::code_of(&ALICE), Some(3));
			assert_eq!(Registration::code_of(&CIVIL_ADMIN), None);
			assert_eq!(Registration::verifier_agency(&CIVIL_ADMIN), Some(CIVIL));
			assert_eq!(Registration::verifier_agency(&CIVIL_OFFICER), Some(CIVIL));
			assert_eq!(Registration::verifier_agency(&INSPECTOR), None);
			assert_eq!(Registration::verifier_agency(&ALICE), None);
		});
	}

	#[test]
	fn responsible_agency_walks_up_the_region_hierarchy() {
		ExtBuilder::default().build_and_execute(|| {
			let civil = AgencyKind::CivilAffairsDepartment;
			assert_ok!(add_agency(civil, 3, SUBDISTRICT));
			let responsible = |kind, region| Registration::responsible_agency(kind, region);
			// The narrowest agency serving a region that contains it.
			assert_eq!(responsible(civil, HOME), Some(2));
			assert_eq!(responsible(civil, SUBDISTRICT), Some(2));
			assert_eq!(responsible(civil, ACROSS_TOWN), Some(CIVIL));
			assert_eq!(responsible(civil, DISTRICT), Some(CIVIL));
			assert_eq!(responsible(AgencyKind::SocialInsuranceAgency, HOME), Some(INSURANCE));
			// Nobody serves the city, another county, a kind nobody runs or no region at all.
			assert_eq!(responsible(civil, CITY), None);
			assert_eq!(responsible(civil, OTHER_DISTRICT), None);
			assert_eq!(responsible(AgencyKind::Hospital, HOME), None);
			assert_eq!(responsible(civil, NOWHERE), None);
			// Once the narrower agency is gone, the wider one is responsible again.
			assert_ok!(Registration::remove_agency(root(), 2));
			assert_eq!(responsible(civil, HOME), Some(CIVIL));
		});
	}

	#[test]
	fn existing_agencies_are_the_ones_not_removed() {
		ExtBuilder::default().build_and_execute(|| {
			type Existing = crate::impls::ExistingAgencies<Test>;
			assert!(Existing::contains(&CIVIL) && Existing::contains(&INSURANCE));
			assert!(!Existing::contains(&9));
			assert_ok!(Registration::remove_agency(root(), CIVIL));
			assert!(!Existing::contains(&CIVIL));
		});
	}

	#[test]
	fn pending_requests_lists_an_agencys_queue() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(request_aid(ALICE));
			assert_ok!(request_aid(BOB));
			assert_ok!(request(CHARLIE, form(Role::InsuredEmployee, INSURANCE, 3)));
			let mut civil: Vec<_> =
				Registration::pending_requests(CIVIL).into_iter().map(|(who, _)| who).collect();
			civil.sort();
			assert_eq!(civil, vec![ALICE, BOB]);
			let insurance = Registration::pending_requests(INSURANCE);
			assert_eq!(insurance, vec![(CHARLIE, PendingRequests::<Test>::get(CHARLIE).unwrap())]);
		});
	}
}

mod try_state {
	use super::*;

	/// Whether the invariants catch what `corrupt` does to a consortium with a citizen and a
	/// pending request.
	fn caught(corrupt: impl FnOnce()) -> bool {
		ExtBuilder::default().build().execute_with(|| {
			register_aid_applicant(ALICE);
			assert_ok!(request_aid(BOB));
			assert_ok!(Registration::do_try_state());
			corrupt();
			Registration::do_try_state().is_err()
		})
	}

	#[test]
	fn try_state_catches_a_rejection_outside_its_bucket() {
		// Not `build_and_execute`: the state is broken on purpose.
		ExtBuilder::default().build().execute_with(|| {
			assert_ok!(request_aid(ALICE));
			let reason = RejectionReason::Spam;
			assert_ok!(Registration::reject_request(signed(CIVIL_OFFICER), ALICE, reason));
			assert_ok!(Registration::do_try_state());
			RequestExpiries::<Test>::remove(1 + TTL);
			assert!(Registration::do_try_state().is_err());
		});
	}

	#[test]
	fn try_state_catches_broken_agency_records() {
		let civil = AgencyKind::CivilAffairsDepartment;
		assert!(caught(|| AgencyCount::<Test>::put(3)));
		assert!(caught(|| AdminOf::<Test>::insert(99, CIVIL)));
		assert!(caught(|| AdminOf::<Test>::remove(CIVIL_ADMIN)));
		assert!(caught(|| AgencyAt::<Test>::remove(civil, DISTRICT)));
		assert!(caught(|| AgencyAt::<Test>::insert(AgencyKind::Hospital, DISTRICT, CIVIL)));
		assert!(
			caught(|| Agencies::<Test>::mutate(CIVIL, |a| a.as_mut().unwrap().staff_count = 1))
		);
	}

	#[test]
	fn try_state_catches_broken_staff_and_citizen_indexes() {
		assert!(caught(|| StaffIdentities::<Test>::insert(identity(99), 99)));
		assert!(caught(|| StaffIdentities::<Test>::remove(identity(CIVIL_OFFICER))));
		assert!(caught(|| CitizenIdentities::<Test>::insert(identity(99), 99)));
		assert!(caught(|| CitizenIdentities::<Test>::remove(identity(ALICE))));
		assert!(caught(|| CodeOwner::<Test>::insert(99, 99)));
		assert!(caught(|| CodeOwner::<Test>::remove(3)));
	}

	#[test]
	fn try_state_catches_a_review_team_out_of_step() {
		assert!(caught(|| ReviewSeats::<Test>::insert(CIVIL, 0)));
		assert!(caught(ReviewTeam::<Test>::kill));
	}

	#[test]
	fn try_state_catches_broken_request_queues() {
		assert!(caught(|| PendingCount::<Test>::put(2)));
		assert!(caught(|| PendingByAgency::<Test>::remove(CIVIL, BOB)));
		assert!(caught(|| PendingByAgency::<Test>::insert(INSURANCE, CHARLIE, ())));
		assert!(caught(|| PendingByWork::<Test>::insert(0, CHARLIE, ())));
		assert!(caught(|| {
			let bits = PendingRequests::<Test>::get(BOB).unwrap().work_bits;
			PendingByWork::<Test>::remove(bits, BOB);
		}));
		assert!(caught(|| RequestExpiries::<Test>::remove(1 + TTL)));
		assert!(caught(|| RequestExpiries::<Test>::insert(
			5,
			BoundedVec::truncate_from(vec![BOB])
		)));
	}

	#[test]
	fn try_state_catches_an_empty_quota() {
		let empty = Quota { transactions: 0, period: 5 };
		assert!(caught(|| Quotas::<Test>::insert(ParticipantClass::Citizen, empty)));
	}
}

/// The base weight of every transaction is measured on a participant's signed remark, which
/// passes the participant path of the admission: the extension charges only what a
/// registration request's checks cost beyond it, so base and extension together cover the
/// dearer path once.
#[test]
fn admission_weight_adds_only_what_the_base_does_not_pay() {
	use crate::WeightInfo;
	let request = <() as WeightInfo>::check_participant_nonce();
	let participant = <() as WeightInfo>::check_participant_nonce_participant();
	let charged = CheckNonce::from(0).weight(&remark());
	assert!(charged.all_lt(request), "the participant path is not charged twice");
	assert_eq!(charged.saturating_add(participant), request.max(participant));
}
