//! Every call, error, event and the sealing worker of the documents pallet.

use crate::{
	mock::*, offchain, AgencyKeys, Error, Event, GrantCount, Grants, KeysOf, Seals, SEAL_KEY_TYPE,
};
use codec::Decode;
use frame_support::{assert_noop, assert_ok, pallet_prelude::*, traits::Hooks};
use safetynet_primitives::{
	cases::{Actor, CaseLifecycle, CaseStatus, Decision, Next, Step},
	AgencyId,
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
		Cases::do_try_state().expect("lifecycle invariants hold");
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

#[test]
fn applicant_grants_and_regrants_access() {
	run(|| {
		keys_for(CIVIL_AFFAIRS);
		let case = open_case(ALICE, false);
		assert_ok!(Documents::grant_access(
			RuntimeOrigin::signed(ALICE),
			case,
			CIVIL_AFFAIRS,
			wrapped_key()
		));
		let grant = Grants::<Test>::get(case, CIVIL_AFFAIRS).unwrap();
		assert_eq!(grant.wrapped_key.into_inner(), wrapped_key());
		assert_eq!(GrantCount::<Test>::get(case), 1);
		assert_eq!(
			documents_events().last(),
			Some(&Event::AccessGranted { case, agency: CIVIL_AFFAIRS })
		);

		// Granting again replaces the wrap and does not count twice.
		let mut rewrapped = wrapped_key();
		rewrapped.push(b'!');
		assert_ok!(Documents::grant_access(
			RuntimeOrigin::signed(ALICE),
			case,
			CIVIL_AFFAIRS,
			rewrapped.clone()
		));
		assert_eq!(
			Grants::<Test>::get(case, CIVIL_AFFAIRS).unwrap().wrapped_key.into_inner(),
			rewrapped
		);
		assert_eq!(GrantCount::<Test>::get(case), 1);
	});
}

#[test]
fn grant_refusals() {
	run(|| {
		keys_for(CIVIL_AFFAIRS);
		let case = open_case(ALICE, false);
		let grant = |who, case, agency, key| {
			Documents::grant_access(RuntimeOrigin::signed(who), case, agency, key)
		};
		assert_noop!(grant(ALICE, 99, CIVIL_AFFAIRS, wrapped_key()), Error::<Test>::UnknownCase);
		assert_noop!(grant(BOB, case, CIVIL_AFFAIRS, wrapped_key()), Error::<Test>::NotApplicant);
		assert_noop!(grant(ALICE, case, 42, wrapped_key()), Error::<Test>::UnknownAgency);
		assert_noop!(grant(ALICE, case, HOSPITAL, wrapped_key()), Error::<Test>::AgencyHasNoKeys);
		assert_noop!(
			grant(ALICE, case, CIVIL_AFFAIRS, b"plain secret".to_vec()),
			Error::<Test>::BadWrappedKey
		);
		let mut long = wrapped_key();
		long.resize(513, b'x');
		assert_noop!(grant(ALICE, case, CIVIL_AFFAIRS, long), Error::<Test>::WrappedKeyTooLong);
		assert_noop!(
			Documents::grant_access(RuntimeOrigin::none(), case, CIVIL_AFFAIRS, wrapped_key()),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn grants_per_case_are_bounded() {
	run(|| {
		for agency in [CIVIL_AFFAIRS, HOSPITAL, AUDIT] {
			keys_for(agency);
		}
		let case = open_case(ALICE, false);
		assert_ok!(Documents::grant_access(
			RuntimeOrigin::signed(ALICE),
			case,
			CIVIL_AFFAIRS,
			wrapped_key()
		));
		assert_ok!(Documents::grant_access(
			RuntimeOrigin::signed(ALICE),
			case,
			HOSPITAL,
			wrapped_key()
		));
		assert_noop!(
			Documents::grant_access(RuntimeOrigin::signed(ALICE), case, AUDIT, wrapped_key()),
			Error::<Test>::TooManyGrants
		);
		// Revoking one makes room.
		assert_ok!(Documents::revoke_access(RuntimeOrigin::signed(ALICE), case, HOSPITAL));
		assert_ok!(Documents::grant_access(
			RuntimeOrigin::signed(ALICE),
			case,
			AUDIT,
			wrapped_key()
		));
	});
}

#[test]
fn applicant_revokes_access() {
	run(|| {
		keys_for(CIVIL_AFFAIRS);
		let case = open_case(ALICE, false);
		assert_ok!(Documents::grant_access(
			RuntimeOrigin::signed(ALICE),
			case,
			CIVIL_AFFAIRS,
			wrapped_key()
		));
		assert_noop!(
			Documents::revoke_access(RuntimeOrigin::signed(BOB), case, CIVIL_AFFAIRS),
			Error::<Test>::NotApplicant
		);
		assert_ok!(Documents::revoke_access(RuntimeOrigin::signed(ALICE), case, CIVIL_AFFAIRS));
		assert!(Grants::<Test>::get(case, CIVIL_AFFAIRS).is_none());
		assert!(!GrantCount::<Test>::contains_key(case));
		assert_eq!(
			documents_events().last(),
			Some(&Event::AccessRevoked { case, agency: CIVIL_AFFAIRS })
		);
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
