//! Every call, error, event and the sealing worker of the documents pallet.

use crate::{
	custody, mock::*, offchain, AccessReceipt, AccessReceipts, AddedDocuments, AgencyKeys,
	CaseKeyVersion, Custodians, ErasureCount, ErasureLog, ErasureReason, Erasures, Error, Event,
	Grant, GrantCount, Grants, KeyHolders, KeysOf, ReceiptCount, Seals, SEAL_KEY_TYPE,
};
use codec::Decode;
use frame_support::{assert_noop, assert_ok, pallet_prelude::*, traits::Hooks};
use safetynet_primitives::{
	cases::{Actor, CaseLifecycle, CaseStatus, Decision, Next, Step},
	AgencyId, Role,
};
use sp_core::{
	offchain::{
		testing::{PendingRequest, TestOffchainExt, TestTransactionPoolExt},
		OffchainDbExt, OffchainWorkerExt, TransactionPoolExt,
	},
	sr25519,
};
use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
#[allow(deprecated)]
use sp_runtime::traits::ValidateUnsigned;
use std::sync::Arc;

type Documents = crate::Pallet<Test>;
type DocumentsCall = crate::Call<Test>;

/// An externality with a keystore (for seal keys), an offchain worker, its database and a
/// transaction pool.
fn ext() -> (
	sp_io::TestExternalities,
	Arc<parking_lot::RwLock<sp_core::offchain::testing::OffchainState>>,
	Arc<parking_lot::RwLock<sp_core::offchain::testing::PoolState>>,
) {
	let mut ext = ExtBuilder::build();
	let (offchain, offchain_state) = TestOffchainExt::new();
	let (pool, pool_state) = TestTransactionPoolExt::new();
	ext.register_extension(OffchainWorkerExt::new(offchain.clone()));
	ext.register_extension(OffchainDbExt::new(offchain));
	ext.register_extension(TransactionPoolExt::new(pool));
	ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
	(ext, offchain_state, pool_state)
}

fn run(test: impl FnOnce()) {
	ext().0.execute_with(|| {
		test();
		check_invariants();
	});
}

/// Generates a seal key in the keystore and registers it (with a recipient) for the insurance
/// agency.
fn register_seal_key() -> sr25519::Public {
	let seal = sp_io::crypto::sr25519_generate(SEAL_KEY_TYPE, None);
	assert_ok!(Documents::set_agency_keys(
		RuntimeOrigin::signed(admin(INSURANCE_AGENCY)),
		INSURANCE_AGENCY,
		seal,
		recipient()
	));
	seal
}

fn sign_record(seal: &sr25519::Public, case: u64) -> sr25519::Signature {
	let (_, _, record) = Documents::approval_record(case).unwrap();
	sp_io::crypto::sr25519_sign(SEAL_KEY_TYPE, seal, &crate::record::seal_message(&record)).unwrap()
}

/// The seal key test account `who` would have if its account key were used as one.
fn account_key(who: AccountId) -> sr25519::Public {
	let mut raw = [0u8; 32];
	raw[..16].copy_from_slice(&who.to_le_bytes());
	sr25519::Public::from_raw(raw)
}

// ----- agency keys -----

#[test]
fn agency_admin_sets_keys() {
	run(|| {
		let seal = sr25519::Public::from_raw([7; 32]);
		assert_ok!(Documents::set_agency_keys(
			RuntimeOrigin::signed(admin(CIVIL_AFFAIRS)),
			CIVIL_AFFAIRS,
			seal,
			recipient()
		));
		assert_eq!(
			KeysOf::<Test>::get(CIVIL_AFFAIRS),
			Some(AgencyKeys { seal, recipient: recipient() })
		);
		assert_eq!(documents_events(), vec![Event::AgencyKeysSet { agency: CIVIL_AFFAIRS, seal }]);
	});
}

#[test]
fn a_seal_key_is_no_account_key() {
	run(|| {
		for who in [admin(CIVIL_AFFAIRS), admin(INSURANCE_AGENCY), CIVIL_OFFICER] {
			assert_noop!(
				Documents::set_agency_keys(
					RuntimeOrigin::signed(admin(CIVIL_AFFAIRS)),
					CIVIL_AFFAIRS,
					account_key(who),
					recipient()
				),
				Error::<Test>::SealKeyIsAccountKey
			);
		}
		// A stranger's key is no registered account's: it may serve.
		assert_ok!(Documents::set_agency_keys(
			RuntimeOrigin::signed(admin(CIVIL_AFFAIRS)),
			CIVIL_AFFAIRS,
			account_key(STRANGER),
			recipient()
		));
	});
}

#[test]
fn only_the_agency_admin_sets_its_keys() {
	run(|| {
		let seal = sr25519::Public::from_raw([7; 32]);
		for who in [admin(INSURANCE_AGENCY), CIVIL_OFFICER, STRANGER] {
			assert_noop!(
				Documents::set_agency_keys(
					RuntimeOrigin::signed(who),
					CIVIL_AFFAIRS,
					seal,
					recipient()
				),
				Error::<Test>::NotAgencyAdmin
			);
		}
		assert_noop!(
			Documents::set_agency_keys(RuntimeOrigin::none(), CIVIL_AFFAIRS, seal, recipient()),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn malformed_recipients_are_refused() {
	run(|| {
		let seal = sr25519::Public::from_raw([7; 32]);
		let good = recipient().into_inner();
		let mut wrong_prefix = good.clone();
		wrong_prefix[0] = b'x';
		let mut bad_char = good.clone();
		bad_char[10] = b'b'; // not in the bech32 alphabet
		let short: Vec<u8> = good[..61].to_vec();
		for bad in [wrong_prefix, bad_char, short] {
			assert_noop!(
				Documents::set_agency_keys(
					RuntimeOrigin::signed(admin(CIVIL_AFFAIRS)),
					CIVIL_AFFAIRS,
					seal,
					bad.try_into().unwrap()
				),
				Error::<Test>::BadRecipient
			);
		}
	});
}

// ----- grants -----

fn keys_for(agency: AgencyId) {
	assert_ok!(Documents::set_agency_keys(
		RuntimeOrigin::signed(admin(agency)),
		agency,
		sr25519::Public::from_raw([agency as u8; 32]),
		recipient()
	));
}

fn grant(who: AccountId, case: u64, agency: AgencyId) -> DispatchResult {
	Documents::grant_access(RuntimeOrigin::signed(who), case, agency)
}

#[test]
fn applicant_grants_access_under_the_current_key_version() {
	run(|| {
		keys_for(CIVIL_AFFAIRS);
		let case = open_case(ALICE, false);
		System::set_block_number(3);
		assert_ok!(grant(ALICE, case, CIVIL_AFFAIRS));
		assert_eq!(
			Grants::<Test>::get(case, CIVIL_AFFAIRS),
			Some(Grant { version: 0, granted_at: 3 })
		);
		assert_eq!(GrantCount::<Test>::get(case), 1);
		assert_eq!(KeyHolders::<Test>::get(case).into_inner(), vec![CIVIL_AFFAIRS]);
		assert_eq!(
			documents_events().last(),
			Some(&Event::AccessGranted { case, agency: CIVIL_AFFAIRS, version: 0 })
		);
		// Granting again is refused: the grant stands as it is.
		assert_noop!(grant(ALICE, case, CIVIL_AFFAIRS), Error::<Test>::AlreadyGranted);
	});
}

#[test]
fn grant_refusals() {
	run(|| {
		keys_for(CIVIL_AFFAIRS);
		let case = open_case(ALICE, false);
		assert_noop!(grant(ALICE, 99, CIVIL_AFFAIRS), Error::<Test>::UnknownCase);
		assert_noop!(grant(BOB, case, CIVIL_AFFAIRS), Error::<Test>::NotApplicant);
		assert_noop!(grant(ALICE, case, 42), Error::<Test>::UnknownAgency);
		assert_noop!(grant(ALICE, case, HOSPITAL), Error::<Test>::AgencyHasNoKeys);
		assert_noop!(
			Documents::grant_access(RuntimeOrigin::none(), case, CIVIL_AFFAIRS),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn grants_and_key_holders_per_case_are_bounded() {
	run(|| {
		for agency in [CIVIL_AFFAIRS, HOSPITAL, AUDIT, NEIGHBORHOOD] {
			keys_for(agency);
		}
		let case = open_case(ALICE, false);
		assert_ok!(grant(ALICE, case, CIVIL_AFFAIRS));
		assert_ok!(grant(ALICE, case, HOSPITAL));
		assert_noop!(grant(ALICE, case, AUDIT), Error::<Test>::TooManyGrants);
		// Revoking one makes room for a grant, but the revoked agency stays a key holder.
		assert_ok!(Documents::revoke_access(RuntimeOrigin::signed(ALICE), case, HOSPITAL));
		assert_ok!(grant(ALICE, case, AUDIT));
		assert_eq!(
			KeyHolders::<Test>::get(case).into_inner(),
			vec![CIVIL_AFFAIRS, HOSPITAL, AUDIT]
		);
		// Re-granting a former holder adds no holder; a fourth holder does not fit.
		assert_ok!(Documents::revoke_access(RuntimeOrigin::signed(ALICE), case, AUDIT));
		assert_noop!(grant(ALICE, case, NEIGHBORHOOD), Error::<Test>::TooManyKeyHolders);
		assert_ok!(grant(ALICE, case, HOSPITAL));
	});
}

#[test]
fn revoking_rotates_the_case_key() {
	run(|| {
		keys_for(CIVIL_AFFAIRS);
		keys_for(HOSPITAL);
		let case = open_case(ALICE, false);
		assert_ok!(grant(ALICE, case, CIVIL_AFFAIRS));
		assert_noop!(
			Documents::revoke_access(RuntimeOrigin::signed(BOB), case, CIVIL_AFFAIRS),
			Error::<Test>::NotApplicant
		);
		assert_ok!(Documents::revoke_access(RuntimeOrigin::signed(ALICE), case, CIVIL_AFFAIRS));
		assert!(Grants::<Test>::get(case, CIVIL_AFFAIRS).is_none());
		assert!(!GrantCount::<Test>::contains_key(case));
		assert_eq!(CaseKeyVersion::<Test>::get(case), 1);
		assert_eq!(
			documents_events().last(),
			Some(&Event::AccessRevoked { case, agency: CIVIL_AFFAIRS, new_version: 1 })
		);
		// A grant from now on is under the new version.
		assert_ok!(grant(ALICE, case, HOSPITAL));
		assert_eq!(Grants::<Test>::get(case, HOSPITAL).map(|g| g.version), Some(1));
		assert_noop!(
			Documents::revoke_access(RuntimeOrigin::signed(ALICE), case, CIVIL_AFFAIRS),
			Error::<Test>::NoSuchGrant
		);
		assert_noop!(
			Documents::revoke_access(RuntimeOrigin::signed(ALICE), 99, CIVIL_AFFAIRS),
			Error::<Test>::UnknownCase
		);
	});
}

// ----- custodians -----

#[test]
fn administrator_registers_the_custodian_key() {
	run(|| {
		let custodian = sr25519::Public::from_raw([5; 32]);
		assert_ok!(Documents::set_custodian(
			RuntimeOrigin::signed(admin(CIVIL_AFFAIRS)),
			CIVIL_AFFAIRS,
			custodian
		));
		assert_eq!(Custodians::<Test>::get(CIVIL_AFFAIRS), Some(custodian));
		assert_eq!(
			documents_events().last(),
			Some(&Event::CustodianSet { agency: CIVIL_AFFAIRS, custodian })
		);
		assert_noop!(
			Documents::set_custodian(
				RuntimeOrigin::signed(admin(HOSPITAL)),
				CIVIL_AFFAIRS,
				custodian
			),
			Error::<Test>::NotAgencyAdmin
		);
		// An account's key (here a staff member's) may not be the custodian's.
		assert_noop!(
			Documents::set_custodian(
				RuntimeOrigin::signed(admin(CIVIL_AFFAIRS)),
				CIVIL_AFFAIRS,
				account_key(CIVIL_OFFICER)
			),
			Error::<Test>::CustodianIsAccountKey
		);
	});
}

// ----- added documents -----

#[test]
fn applicant_adds_documents_under_the_current_version() {
	run(|| {
		keys_for(CIVIL_AFFAIRS);
		let case = open_case(ALICE, false);
		let add = |who, case, doc| Documents::add_document(RuntimeOrigin::signed(who), case, doc);
		assert_ok!(add(ALICE, case, cid(b"payslip")));
		assert_eq!(
			documents_events().last(),
			Some(&Event::DocumentAdded { case, document: cid(b"payslip"), version: 0 })
		);
		assert_ok!(grant(ALICE, case, CIVIL_AFFAIRS));
		assert_ok!(Documents::revoke_access(RuntimeOrigin::signed(ALICE), case, CIVIL_AFFAIRS));
		assert_ok!(add(ALICE, case, cid(b"bank statement")));
		assert_eq!(
			AddedDocuments::<Test>::get(case).into_inner(),
			vec![(cid(b"payslip"), 0), (cid(b"bank statement"), 1)]
		);
		assert_noop!(add(ALICE, case, cid(b"form")), Error::<Test>::DocumentAlreadyAdded);
		assert_noop!(add(ALICE, case, cid(b"payslip")), Error::<Test>::DocumentAlreadyAdded);
		assert_noop!(add(ALICE, case, cid(b"third")), Error::<Test>::TooManyDocuments);
		assert_noop!(add(BOB, case, cid(b"x")), Error::<Test>::NotApplicant);
		assert_noop!(add(ALICE, 99, cid(b"x")), Error::<Test>::UnknownCase);
		assert_noop!(add(ALICE, case, bad_cid()), pallet_cases::Error::<Test>::InvalidCid);
		close(case);
		assert_noop!(add(ALICE, case, cid(b"late")), Error::<Test>::CaseIsOver);
	});
}

fn close(case: u64) {
	assert_ok!(<Cases as CaseLifecycle<_, _>>::advance(
		case,
		Actor::Runtime,
		Decision::Rejected,
		None,
		Next::end(CaseStatus::Rejected, Step::Acceptance),
	));
}

// ----- access receipts -----

fn access(who: AccountId, case: u64, doc: &[u8]) -> DispatchResult {
	Documents::record_access(RuntimeOrigin::signed(who), case, cid(doc))
}

#[test]
fn granted_staff_receipt_every_access() {
	run(|| {
		keys_for(CIVIL_AFFAIRS);
		let case = open_case(ALICE, false);
		assert_ok!(grant(ALICE, case, CIVIL_AFFAIRS));
		System::set_block_number(5);
		assert_ok!(access(CIVIL_OFFICER, case, b"form"));
		assert_eq!(
			AccessReceipts::<Test>::get(case, 0),
			Some(AccessReceipt {
				staff: CIVIL_OFFICER,
				agency: CIVIL_AFFAIRS,
				document: cid(b"form"),
				version: 0,
				at: 5
			})
		);
		assert_eq!(
			documents_events().last(),
			Some(&Event::DocumentAccessed {
				case,
				receipt: 0,
				agency: CIVIL_AFFAIRS,
				staff: CIVIL_OFFICER,
				document: cid(b"form"),
			})
		);
		// An added document is the case's too; receipts are numbered on.
		assert_ok!(Documents::add_document(RuntimeOrigin::signed(ALICE), case, cid(b"payslip")));
		assert_ok!(access(CIVIL_OFFICER, case, b"payslip"));
		assert_eq!(ReceiptCount::<Test>::get(case), 2);
	});
}

#[test]
fn access_refusals() {
	run(|| {
		keys_for(CIVIL_AFFAIRS);
		let case = open_case(ALICE, false);
		assert_ok!(grant(ALICE, case, CIVIL_AFFAIRS));
		// Another agency's staff, the applicant, a stranger.
		assert_noop!(access(AUDITOR, case, b"form"), Error::<Test>::NotGranted);
		assert_noop!(access(ALICE, case, b"form"), Error::<Test>::NotStaff);
		assert_noop!(access(STRANGER, case, b"form"), Error::<Test>::NotStaff);
		assert_noop!(
			Documents::record_access(RuntimeOrigin::none(), case, cid(b"form")),
			DispatchError::BadOrigin
		);
		assert_noop!(access(CIVIL_OFFICER, 99, b"form"), Error::<Test>::UnknownCase);
		assert_noop!(access(CIVIL_OFFICER, case, b"other"), Error::<Test>::NotACaseDocument);
		// A granted agency's officer who is the applicant does not open her own file.
		staff_as_person(62, CIVIL_AFFAIRS, Role::CivilAffairsOfficer, ALICE);
		assert_noop!(access(62, case, b"form"), Error::<Test>::ConflictOfInterest);
		// Receipts are bounded: past the bound nobody opens the case's documents.
		for _ in 0..3 {
			assert_ok!(access(CIVIL_OFFICER, case, b"form"));
		}
		assert_noop!(access(CIVIL_OFFICER, case, b"form"), Error::<Test>::ReceiptsFull);
		// A revoked agency's staff are refused.
		let other = open_case(BOB, false);
		assert_ok!(grant(BOB, other, CIVIL_AFFAIRS));
		assert_ok!(Documents::revoke_access(RuntimeOrigin::signed(BOB), other, CIVIL_AFFAIRS));
		assert_noop!(access(CIVIL_OFFICER, other, b"form"), Error::<Test>::NotGranted);
	});
}

// ----- erasure -----

/// A case granted to civil affairs (a custodian key in the keystore) and to the hospital.
fn erasable() -> (u64, sr25519::Public) {
	keys_for(CIVIL_AFFAIRS);
	keys_for(HOSPITAL);
	let custodian = sp_io::crypto::sr25519_generate(SEAL_KEY_TYPE, None);
	assert_ok!(Documents::set_custodian(
		RuntimeOrigin::signed(admin(CIVIL_AFFAIRS)),
		CIVIL_AFFAIRS,
		custodian
	));
	let case = open_case(ALICE, false);
	assert_ok!(grant(ALICE, case, CIVIL_AFFAIRS));
	assert_ok!(grant(ALICE, case, HOSPITAL));
	(case, custodian)
}

fn erasure_signature(key: &sr25519::Public, case: u64, agency: AgencyId) -> sr25519::Signature {
	let message = custody::erasure_message(Documents::genesis_hash(), case, agency);
	sp_io::crypto::sr25519_sign(SEAL_KEY_TYPE, key, &message).unwrap()
}

#[test]
fn a_lawful_order_erases_and_every_holder_receipts() {
	run(|| {
		let (case, civil) = erasable();
		assert_noop!(
			Documents::order_erasure(RuntimeOrigin::signed(admin(CIVIL_AFFAIRS)), case),
			Error::<Test>::NotStaff
		);
		assert_ok!(Documents::order_erasure(RuntimeOrigin::root(), case));
		assert_eq!(
			documents_events().last(),
			Some(&Event::ErasureOrdered { case, reason: ErasureReason::Ordered, holders: 2 })
		);
		assert_eq!(ErasureLog::<Test>::get(0), Some(case));
		assert_eq!(ErasureCount::<Test>::get(), 1);
		assert!(Grants::<Test>::iter_prefix(case).next().is_none());
		assert!(!GrantCount::<Test>::contains_key(case));
		assert_noop!(
			Documents::order_erasure(RuntimeOrigin::root(), case),
			Error::<Test>::CaseErased
		);
		// Nothing more is granted, added or opened.
		assert_noop!(grant(ALICE, case, CIVIL_AFFAIRS), Error::<Test>::CaseErased);
		assert_noop!(
			Documents::add_document(RuntimeOrigin::signed(ALICE), case, cid(b"x")),
			Error::<Test>::CaseErased
		);
		assert_noop!(access(CIVIL_OFFICER, case, b"form"), Error::<Test>::CaseErased);

		// Civil affairs' custodian receipts; the hospital has no custodian yet.
		assert_ok!(Documents::record_erasure(
			RuntimeOrigin::none(),
			case,
			CIVIL_AFFAIRS,
			erasure_signature(&civil, case, CIVIL_AFFAIRS)
		));
		assert_eq!(
			documents_events().last(),
			Some(&Event::ErasureRecorded { case, agency: CIVIL_AFFAIRS })
		);
		assert_noop!(
			Documents::record_erasure(
				RuntimeOrigin::none(),
				case,
				CIVIL_AFFAIRS,
				erasure_signature(&civil, case, CIVIL_AFFAIRS)
			),
			Error::<Test>::NotAPendingHolder
		);
		assert_noop!(
			Documents::record_erasure(
				RuntimeOrigin::none(),
				case,
				HOSPITAL,
				erasure_signature(&civil, case, HOSPITAL)
			),
			Error::<Test>::NoCustodian
		);
		let hospital = sp_io::crypto::sr25519_generate(SEAL_KEY_TYPE, None);
		assert_ok!(Documents::set_custodian(
			RuntimeOrigin::signed(admin(HOSPITAL)),
			HOSPITAL,
			hospital
		));
		// Civil affairs' key cannot sign for the hospital.
		assert_noop!(
			Documents::record_erasure(
				RuntimeOrigin::none(),
				case,
				HOSPITAL,
				erasure_signature(&civil, case, HOSPITAL)
			),
			Error::<Test>::BadErasureReceipt
		);
		assert_ok!(Documents::record_erasure(
			RuntimeOrigin::none(),
			case,
			HOSPITAL,
			erasure_signature(&hospital, case, HOSPITAL)
		));
		assert_eq!(documents_events().last(), Some(&Event::ErasureCompleted { case }));
		assert_eq!(
			Erasures::<Test>::get(case).unwrap().erased.into_inner(),
			vec![CIVIL_AFFAIRS, HOSPITAL]
		);
	});
}

#[test]
fn erasure_receipt_refusals() {
	run(|| {
		let (case, civil) = erasable();
		let signature = erasure_signature(&civil, case, CIVIL_AFFAIRS);
		assert_noop!(
			Documents::record_erasure(RuntimeOrigin::none(), case, CIVIL_AFFAIRS, signature),
			Error::<Test>::NoErasure
		);
		assert_ok!(Documents::order_erasure(RuntimeOrigin::root(), case));
		assert_noop!(
			Documents::record_erasure(RuntimeOrigin::signed(ALICE), case, CIVIL_AFFAIRS, signature),
			DispatchError::BadOrigin
		);
		// An agency that never held the keys, and a receipt for another case.
		assert_noop!(
			Documents::record_erasure(RuntimeOrigin::none(), case, AUDIT, signature),
			Error::<Test>::NotAPendingHolder
		);
		let other = open_case(BOB, false);
		assert_ok!(Documents::order_erasure(RuntimeOrigin::root(), other));
		assert_noop!(
			Documents::record_erasure(RuntimeOrigin::none(), other, CIVIL_AFFAIRS, signature),
			Error::<Test>::NotAPendingHolder
		);
		// A case no one was granted is erased at once (nobody holds a key).
		assert_eq!(documents_events().last(), Some(&Event::ErasureCompleted { case: other }));
	});
}

#[test]
fn staff_erase_a_case_once_its_retention_is_over() {
	run(|| {
		let (case, _) = erasable();
		let order = |who| Documents::order_erasure(RuntimeOrigin::signed(who), case);
		System::set_block_number(10);
		// Open: not yet.
		assert_noop!(order(CIVIL_OFFICER), Error::<Test>::RetentionNotOver);
		close(case);
		System::set_block_number(10 + RETENTION - 1);
		assert_noop!(order(CIVIL_OFFICER), Error::<Test>::RetentionNotOver);
		System::set_block_number(10 + RETENTION);
		assert_noop!(order(ALICE), Error::<Test>::NotStaff);
		assert_noop!(
			Documents::order_erasure(RuntimeOrigin::none(), case),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Documents::order_erasure(RuntimeOrigin::signed(CIVIL_OFFICER), 99),
			Error::<Test>::UnknownCase
		);
		assert_ok!(order(CIVIL_OFFICER));
		assert_eq!(
			documents_events().last(),
			Some(&Event::ErasureOrdered {
				case,
				reason: ErasureReason::RetentionEnded,
				holders: 2
			})
		);
	});
}

#[test]
#[allow(deprecated)]
fn pool_validation_of_erasure_receipts() {
	run(|| {
		let (case, civil) = erasable();
		assert_ok!(Documents::order_erasure(RuntimeOrigin::root(), case));
		let good = DocumentsCall::record_erasure {
			case,
			agency: CIVIL_AFFAIRS,
			signature: erasure_signature(&civil, case, CIVIL_AFFAIRS),
		};
		let valid = Documents::validate_unsigned(TransactionSource::External, &good).unwrap();
		assert_eq!(valid.priority, 1000);
		let forged = DocumentsCall::record_erasure {
			case,
			agency: CIVIL_AFFAIRS,
			signature: sr25519::Signature::from_raw([1; 64]),
		};
		assert_eq!(
			Documents::validate_unsigned(TransactionSource::External, &forged),
			Err(InvalidTransaction::BadProof.into())
		);
		let stale = DocumentsCall::record_erasure {
			case,
			agency: AUDIT,
			signature: sr25519::Signature::from_raw([1; 64]),
		};
		assert_eq!(
			Documents::validate_unsigned(TransactionSource::External, &stale),
			Err(InvalidTransaction::Stale.into())
		);
	});
}

// ----- seals -----

#[test]
fn approval_requests_a_seal_once() {
	run(|| {
		let pending = open_case(ALICE, false);
		assert!(crate::AwaitingSeal::<Test>::get(pending).is_none());

		let case = open_case(BOB, true);
		let request = crate::AwaitingSeal::<Test>::get(case).unwrap();
		assert_eq!(request.agency, INSURANCE_AGENCY);
		assert_eq!(request.approved_at, 1);
		assert_eq!(request.parent_hash, System::parent_hash());
		assert_eq!(
			documents_events(),
			vec![Event::SealRequested { case, agency: INSURANCE_AGENCY }]
		);

		// Suspended and resumed: not a new approval.
		let officer = <Cases as CaseLifecycle<_, _>>::authorize(
			case,
			safetynet_primitives::cases::Service::SocialInsurance,
			Step::Payments,
			&INSURANCE_OFFICER,
		);
		let actor = officer.unwrap_or(Actor::Runtime);
		assert_ok!(<Cases as CaseLifecycle<_, _>>::advance(
			case,
			actor.clone(),
			Decision::Suspended,
			None,
			Next {
				status: CaseStatus::Suspended,
				step: Step::Payments,
				assign: safetynet_primitives::cases::Assign::Runtime
			},
		));
		assert_ok!(<Cases as CaseLifecycle<_, _>>::advance(
			case,
			actor,
			Decision::Resumed,
			None,
			Next::active(Step::Payments, safetynet_primitives::cases::Assign::Runtime),
		));
		assert_eq!(documents_events().len(), 1);
	});
}

#[test]
fn a_valid_seal_is_recorded() {
	run(|| {
		let seal = register_seal_key();
		let case = open_case(ALICE, true);
		let (_, _, record) = Documents::approval_record(case).unwrap();
		let signature = sign_record(&seal, case);
		run_to_block(3);
		assert_ok!(Documents::submit_seal(RuntimeOrigin::none(), case, signature));
		let stored = Seals::<Test>::get(case).unwrap();
		let record_cid = safetynet_primitives::cid::raw_cid_of(&record);
		// The record names this chain.
		let genesis = frame_system::Pallet::<Test>::block_hash(0);
		let text = String::from_utf8(record.clone()).unwrap();
		assert!(text.contains(&format!("\"chain\":\"0x{}\"", hex(genesis.as_bytes()))), "{text}");
		assert_eq!(Documents::genesis_hash(), genesis);
		assert_eq!(stored.record, record_cid);
		assert_eq!(stored.signature, signature);
		assert_eq!(stored.key, seal);
		assert_eq!(stored.sealed_at, 3);
		assert!(crate::AwaitingSeal::<Test>::get(case).is_none());
		assert_eq!(
			documents_events().last(),
			Some(&Event::DocumentSealed { case, agency: INSURANCE_AGENCY, record: record_cid })
		);
		// Sealed once: a second seal has nothing to seal.
		assert_noop!(
			Documents::submit_seal(RuntimeOrigin::none(), case, signature),
			Error::<Test>::NotAwaitingSeal
		);
	});
}

#[test]
fn bad_seals_are_refused() {
	run(|| {
		let seal = register_seal_key();
		let case = open_case(ALICE, true);
		// Signed by another key.
		let other = sp_io::crypto::sr25519_generate(SEAL_KEY_TYPE, None);
		let forged = sign_record(&other, case);
		assert_noop!(
			Documents::submit_seal(RuntimeOrigin::none(), case, forged),
			Error::<Test>::BadSeal
		);
		// The right key over other bytes.
		let wrong_bytes =
			sp_io::crypto::sr25519_sign(SEAL_KEY_TYPE, &seal, b"something else").unwrap();
		assert_noop!(
			Documents::submit_seal(RuntimeOrigin::none(), case, wrong_bytes),
			Error::<Test>::BadSeal
		);
		// The right key over the record without the seal's context: a signature made for
		// another purpose is not a seal.
		let (_, _, record) = Documents::approval_record(case).unwrap();
		let bare = sp_io::crypto::sr25519_sign(SEAL_KEY_TYPE, &seal, &record).unwrap();
		assert_noop!(
			Documents::submit_seal(RuntimeOrigin::none(), case, bare),
			Error::<Test>::BadSeal
		);
		// Not approved, or unknown.
		let pending = open_case(BOB, false);
		let any = sign_record(&seal, case);
		assert_noop!(
			Documents::submit_seal(RuntimeOrigin::none(), pending, any),
			Error::<Test>::NotAwaitingSeal
		);
		// Signed origins may not submit seals.
		assert_noop!(
			Documents::submit_seal(RuntimeOrigin::signed(ALICE), case, any),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn agency_without_keys_cannot_be_sealed() {
	run(|| {
		let case = open_case(ALICE, true);
		let signature = sr25519::Signature::from_raw([0; 64]);
		assert_noop!(
			Documents::submit_seal(RuntimeOrigin::none(), case, signature),
			Error::<Test>::AgencyHasNoKeys
		);
	});
}

#[test]
#[allow(deprecated)]
fn pool_validation_of_seals() {
	run(|| {
		let seal = register_seal_key();
		let case = open_case(ALICE, true);
		let good = DocumentsCall::submit_seal { case, signature: sign_record(&seal, case) };
		let valid = Documents::validate_unsigned(TransactionSource::Local, &good).unwrap();
		assert_eq!(valid.priority, 1000);
		assert_eq!(valid.provides.len(), 1);

		let forged =
			DocumentsCall::submit_seal { case, signature: sr25519::Signature::from_raw([1; 64]) };
		assert_eq!(
			Documents::validate_unsigned(TransactionSource::External, &forged),
			Err(InvalidTransaction::BadProof.into())
		);
		let stale = DocumentsCall::submit_seal {
			case: 99,
			signature: sr25519::Signature::from_raw([1; 64]),
		};
		assert_eq!(
			Documents::validate_unsigned(TransactionSource::External, &stale),
			Err(InvalidTransaction::Stale.into())
		);
		let other = DocumentsCall::revoke_access { case, agency: 0 };
		assert_eq!(
			Documents::validate_unsigned(TransactionSource::External, &other),
			Err(InvalidTransaction::Call.into())
		);
	});
}

// ----- the sealing worker -----

fn expect_add(
	state: &Arc<parking_lot::RwLock<sp_core::offchain::testing::OffchainState>>,
	record: &[u8],
	answer_cid: &str,
) {
	state.write().expect_request(PendingRequest {
		method: "POST".into(),
		uri: offchain::add_request_url(offchain::DEFAULT_IPFS_API),
		headers: vec![(
			"Content-Type".into(),
			format!("multipart/form-data; boundary={}", offchain::BOUNDARY),
		)],
		body: offchain::add_request_body(record),
		response: Some(
			format!(
				"{{\"Name\":\"approval-seal.json\",\"Hash\":\"{answer_cid}\",\"Size\":\"{}\"}}\n",
				record.len()
			)
			.into_bytes(),
		),
		sent: true,
		..Default::default()
	});
}

#[test]
fn worker_stores_the_record_and_submits_the_seal() {
	let (mut ext, offchain_state, pool_state) = ext();
	ext.execute_with(|| {
		let seal = register_seal_key();
		let case = open_case(ALICE, true);
		let (_, _, record) = Documents::approval_record(case).unwrap();
		let cid = safetynet_primitives::cid::to_base32_multibase(
			safetynet_primitives::cid::raw_cid_of(&record).as_bytes(),
		);
		expect_add(&offchain_state, &record, &cid);

		Documents::offchain_worker(1);

		let pool = pool_state.read();
		assert_eq!(pool.transactions.len(), 1);
		let xt = frame_system::mocking::MockUncheckedExtrinsic::<Test>::decode(
			&mut &pool.transactions[0][..],
		)
		.unwrap();
		let RuntimeCall::Documents(DocumentsCall::submit_seal { case: sealed, signature }) =
			xt.function
		else {
			panic!("a seal was submitted")
		};
		assert_eq!(sealed, case);
		let message = crate::record::seal_message(&record);
		assert!(sp_io::crypto::sr25519_verify(&signature, &message, &seal));
		assert!(!sp_io::crypto::sr25519_verify(&signature, &record, &seal), "own context");
		check_invariants();
	});
}

#[test]
fn worker_retries_only_after_a_pause_and_checks_the_cid() {
	let (mut ext, offchain_state, pool_state) = ext();
	ext.execute_with(|| {
		register_seal_key();
		let case = open_case(ALICE, true);
		let (_, _, record) = Documents::approval_record(case).unwrap();
		// The IPFS node answers with another CID (say, a CIDv0): no seal is submitted.
		expect_add(&offchain_state, &record, "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o");
		Documents::offchain_worker(1);
		assert!(pool_state.read().transactions.is_empty());
		// Within the pause nothing is tried (an unexpected request would fail the test).
		Documents::offchain_worker(2);
		assert!(pool_state.read().transactions.is_empty());
		// After it, the case is tried again.
		let cid = safetynet_primitives::cid::to_base32_multibase(
			safetynet_primitives::cid::raw_cid_of(&record).as_bytes(),
		);
		expect_add(&offchain_state, &record, &cid);
		Documents::offchain_worker(1 + offchain::RETRY_AFTER as u64);
		assert_eq!(pool_state.read().transactions.len(), 1);
		check_invariants();
	});
}

#[test]
fn worker_without_the_agency_key_does_nothing() {
	let (mut ext, _offchain_state, pool_state) = ext();
	ext.execute_with(|| {
		// The agency's key is registered, but this node's keystore does not hold it.
		keys_for(INSURANCE_AGENCY);
		sp_io::crypto::sr25519_generate(SEAL_KEY_TYPE, None);
		open_case(ALICE, true);
		Documents::offchain_worker(1);
		assert!(pool_state.read().transactions.is_empty());
		check_invariants();
	});
}

#[test]
fn worker_uses_the_configured_ipfs_api() {
	let (mut ext, offchain_state, pool_state) = ext();
	ext.execute_with(|| {
		sp_io::offchain::local_storage_set(
			sp_core::offchain::StorageKind::PERSISTENT,
			offchain::IPFS_API_KEY,
			&codec::Encode::encode(&b"http://127.0.0.1:5999/".to_vec()),
		);
		assert_eq!(offchain::ipfs_api(), "http://127.0.0.1:5999/");
		register_seal_key();
		let case = open_case(ALICE, true);
		let (_, _, record) = Documents::approval_record(case).unwrap();
		let cid = safetynet_primitives::cid::to_base32_multibase(
			safetynet_primitives::cid::raw_cid_of(&record).as_bytes(),
		);
		let mut request = PendingRequest {
			method: "POST".into(),
			uri: "http://127.0.0.1:5999/api/v0/add?cid-version=1&pin=true".into(),
			headers: vec![(
				"Content-Type".into(),
				format!("multipart/form-data; boundary={}", offchain::BOUNDARY),
			)],
			body: offchain::add_request_body(&record),
			sent: true,
			..Default::default()
		};
		request.response = Some(format!("{{\"Hash\":\"{cid}\"}}").into_bytes());
		offchain_state.write().expect_request(request);
		Documents::offchain_worker(1);
		assert_eq!(pool_state.read().transactions.len(), 1);
		check_invariants();
	});
}

fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn a_seal_survives_its_agency_replacing_the_key() {
	run(|| {
		let seal = register_seal_key();
		let case = open_case(ALICE, true);
		let signature = sign_record(&seal, case);
		assert_ok!(Documents::submit_seal(RuntimeOrigin::none(), case, signature));
		let newer = sp_io::crypto::sr25519_generate(SEAL_KEY_TYPE, None);
		assert_ok!(Documents::set_agency_keys(
			RuntimeOrigin::signed(admin(INSURANCE_AGENCY)),
			INSURANCE_AGENCY,
			newer,
			recipient()
		));
		// The seal keeps the key that made it, checked when it was made.
		assert_eq!(Seals::<Test>::get(case).map(|s| s.key), Some(seal));
	});
}
