//! End to end on `--dev`: governance adds an agency, its administrator registers a staff member,
//! a citizen with a brand-new (token-less) account files a request carrying its proof of work
//! and is verified with a keyed identity hash — all as signed extrinsics over RPC — and the pool
//! refuses outsiders, requests without enough work, and calls a participant's kind may not make.

use anyhow::Result;
use safetynet_e2e::{
	chain::{self, account, cid, fresh_keypair, keypair, roles, submit},
	node::Node,
	runtime::{
		self,
		registration::events as reg_events,
		runtime_types::{
			bounded_collections::bounded_vec::BoundedVec,
			pallet_registration::types::{ProofOfWork, RegistrationForm, Verification},
			safetynet_primitives::{
				region::RegionCode,
				roles::{AgencyKind, Role},
			},
		},
	},
	setup::{DISTRICT, HOME},
};

#[tokio::test(flavor = "multi_thread")]
async fn committed_metadata_is_the_nodes_own() -> Result<()> {
	let node = Node::dev()?;
	let api = chain::connect(&node.ws_url()).await?;
	let at = api.at_current_block().await?;
	let live = safetynet_e2e::chain::metadata_v15(&at).await?;
	let committed =
		std::fs::read(safetynet_e2e::repo_root().join("tests/metadata/safetynet.scale"))?;
	assert!(
		live == committed,
		"tests/metadata/safetynet.scale is stale: run scripts/update-metadata.sh"
	);
	Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn register_agency_staff_and_citizen_over_rpc() -> Result<()> {
	let node = Node::dev()?;
	let api = chain::connect(&node.ws_url()).await?;
	let alice = keypair("//Alice"); // administrator of agency 0, the council's one seat
	let bob = keypair("//Bob"); // becomes administrator of the new agency
	let officer = fresh_keypair("officer");
	let citizen = fresh_keypair("citizen");

	// 1. Governance (Alice's council motion on --dev) adds a civil affairs department serving a
	//    district, administered by Bob.
	let add = runtime::Call::Registration(runtime::registration::Call::add_agency {
		kind: AgencyKind::CivilAffairsDepartment,
		name: b"Civil Affairs Department".to_vec(),
		admin: account(&bob),
		region: RegionCode(DISTRICT),
	});
	let events = submit(&api, &chain::dev_motion(add), &alice).await?;
	chain::motion_succeeded(&events)?;
	let added = events.find_first::<reg_events::AgencyAdded>().expect("AgencyAdded")?;
	assert_eq!((added.admin, added.region.0), (account(&bob), DISTRICT));
	let agency = added.agency;
	assert_eq!(agency, 1, "the dev chain starts with one agency");

	let at = api.at_current_block().await?;
	let stored = at
		.storage()
		.entry(runtime::storage().registration().agencies())?
		.fetch((agency,))
		.await?
		.decode()?;
	assert_eq!(stored.admin, account(&bob));
	assert_eq!(stored.kind, AgencyKind::CivilAffairsDepartment);
	let council = at
		.storage()
		.entry(runtime::storage().council().members())?
		.fetch(())
		.await?
		.decode()?;
	assert!(council.contains(&account(&bob)), "the new agency holds a council seat");

	// 2. Bob registers an officer, whose account has no tokens at all, with the keyed hash of the
	//    officer's ID card.
	let register = runtime::transactions().registration().register_staff(
		account(&officer),
		roles(&[Role::CivilAffairsOfficer]),
		chain::identity("officer 1"),
		RegionCode(DISTRICT),
	);
	let events = submit(&api, &register, &bob).await?;
	let staff = events.find_first::<reg_events::StaffRegistered>().expect("StaffRegistered")?;
	assert_eq!((staff.who, staff.agency), (account(&officer), agency));

	// 3. A citizen with a brand-new account asks the department to register them, with the work the
	//    chain asks of a request now...
	let form = RegistrationForm {
		roles: roles(&[Role::AidApplicant]),
		id_valid_until: chain::valid_for_years(5),
		form_cid: cid(b"encrypted registration form"),
		photo_cid: Some(cid(b"encrypted photo")),
		agency,
	};
	assert_eq!(chain::request_difficulty(&api).await?, 8, "the dev chain asks for 8 zero bits");
	let work = chain::registration_work(&api, &account(&citizen), &form).await?;
	let request = runtime::transactions().registration().request_registration(form.clone(), work);
	let events = submit(&api, &request, &citizen).await?;
	let requested = events
		.find_first::<reg_events::RegistrationRequested>()
		.expect("RegistrationRequested")?;
	assert_eq!(requested.who, account(&citizen));

	// ...and the officer, also token-less, confirms them after checking the ID card: the chain
	// gets the keyed hash of its number, never the number.
	let identity = chain::identity("110105 citizen");
	let verification = Verification {
		identity: identity.clone(),
		residence: RegionCode(HOME),
		household: BoundedVec(vec![chain::identity("110105 citizen's child")]),
	};
	let verify = runtime::transactions()
		.registration()
		.verify_citizen(account(&citizen), verification);
	let events = submit(&api, &verify, &officer).await?;
	let verified = events.find_first::<reg_events::CitizenVerified>().expect("CitizenVerified")?;
	assert_eq!((verified.who, verified.agency), (account(&citizen), agency));

	let at = api.at_current_block().await?;
	let record = at
		.storage()
		.entry(runtime::storage().registration().citizens())?
		.fetch((account(&citizen),))
		.await?
		.decode()?;
	assert_eq!(record.code, verified.code);
	assert_eq!(record.identity, identity);
	assert_eq!((record.residence.0, record.household.0.len()), (HOME, 1));
	assert_eq!(record.form_cid, form.form_cid);
	let owner = at
		.storage()
		.entry(runtime::storage().registration().code_owner())?
		.fetch((verified.code,))
		.await?
		.decode()?;
	assert_eq!(owner, account(&citizen), "the code leads back to the citizen");
	let balance = at
		.storage()
		.entry(runtime::storage().system().account())?
		.fetch((account(&citizen),))
		.await?
		.decode()?;
	assert_eq!(balance.data.free, 0, "registration cost the citizen nothing");

	// 4. A citizen may only make a citizen's calls: a remark is refused at the pool, by name.
	let remark = runtime::transactions().system().remark(b"fill the block".to_vec());
	chain::expect_pool_refusal(&api, &node.ws_url(), &remark, &citizen, "CallNotAllowed").await?;
	Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_pool_refuses_outsiders_and_requests_without_enough_work() -> Result<()> {
	let node = Node::dev()?;
	let api = chain::connect(&node.ws_url()).await?;
	let outsider = fresh_keypair("outsider");

	// Any call but a registration request: refused at the pool, never in a block.
	let withdraw = runtime::transactions().registration().withdraw_request();
	let verdict = chain::submit_and_get_verdict(&api, &node.ws_url(), &withdraw, &outsider).await;
	let message = verdict.expect_err("an outsider's transaction must be refused");
	assert!(
		message.contains("Invalid signing address") || message.contains("BadSigner"),
		"refused for the wrong reason: {message}"
	);

	// A registration request that would fail (expired ID card) is refused too, with its reason.
	let mut form = RegistrationForm {
		roles: roles(&[Role::InsuredEmployee]),
		id_valid_until: 1_000,
		form_cid: cid(b"form"),
		photo_cid: None,
		agency: 0,
	};
	let work = chain::registration_work(&api, &account(&outsider), &form).await?;
	let request = runtime::transactions().registration().request_registration(form.clone(), work);
	// The pool names the registration pallet's error by its index.
	chain::expect_pool_refusal(&api, &node.ws_url(), &request, &outsider, "IdCardExpired").await?;

	// A request without enough work is refused, by name: flooding costs work.
	form.id_valid_until = chain::valid_for_years(1);
	let at = api.at_current_block().await?;
	let (number, hash) = (at.block_number() as u32, at.block_hash());
	let encoded = chain::encode_form(&at.metadata(), &form)?;
	let lazy = (0u64..)
		.find(|n| {
			chain::leading_zero_bits(&chain::work_hash(&account(&outsider), &hash, &encoded, *n)) <
				8
		})
		.expect("a nonce without enough work");
	let request = runtime::transactions()
		.registration()
		.request_registration(form.clone(), ProofOfWork { block: number, nonce: lazy });
	chain::expect_pool_refusal(&api, &node.ws_url(), &request, &outsider, "InsufficientWork")
		.await?;

	// A well-formed request from the same outsider is let in: the one thing outsiders may do.
	let work = chain::registration_work(&api, &account(&outsider), &form).await?;
	let request = runtime::transactions().registration().request_registration(form, work);
	chain::submit_and_get_verdict(&api, &node.ws_url(), &request, &outsider)
		.await
		.map_err(|e| anyhow::anyhow!("a valid request was refused: {e}"))?;

	// Nothing of the refused transactions reached a block: the outsider sent exactly one.
	let at = api.at_current_block().await?;
	let nonce = at.transactions().account_nonce(&account(&outsider)).await?;
	assert_eq!(nonce, 1);
	Ok(())
}
