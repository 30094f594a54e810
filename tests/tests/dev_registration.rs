//! End to end on `--dev`: governance adds an agency, its administrator registers a staff member,
//! a citizen with a brand-new (token-less) account registers and is verified — all as signed
//! extrinsics over RPC — and the pool refuses outsiders.

use anyhow::Result;
use safetynet_e2e::{
	chain::{self, account, cid, fresh_keypair, id_commitment, keypair, roles, submit},
	node::Node,
	runtime::{
		self,
		registration::events as reg_events,
		runtime_types::safetynet_primitives::roles::{AgencyKind, Role},
	},
};

#[tokio::test(flavor = "multi_thread")]
async fn committed_metadata_is_the_nodes_own() -> Result<()> {
	let node = Node::dev()?;
	let api = chain::connect(&node.ws_url()).await?;
	let at = api.at_current_block().await?;
	let live = safetynet_e2e::chain::metadata_v15(&at).await?;
	let committed = std::fs::read(safetynet_e2e::repo_root().join("tests/metadata/safetynet.scale"))?;
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
	let alice = keypair("//Alice"); // dev sudo, administrator of agency 0
	let bob = keypair("//Bob"); // becomes administrator of the new agency
	let officer = fresh_keypair("officer");
	let citizen = fresh_keypair("citizen");

	// 1. Governance (sudo on --dev) adds a civil affairs department administered by Bob.
	let add = runtime::Call::Registration(runtime::registration::Call::add_agency {
		kind: AgencyKind::CivilAffairsDepartment,
		name: b"Civil Affairs Department".to_vec(),
		admin: account(&bob),
	});
	let events = submit(&api, &chain::sudo(add), &alice).await?;
	let added = events.find_first::<reg_events::AgencyAdded>().expect("AgencyAdded")?;
	assert_eq!(added.admin, account(&bob));
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
	let council = at.storage().entry(runtime::storage().council().members())?.fetch(()).await?.decode()?;
	assert!(council.contains(&account(&bob)), "the new agency holds a council seat");

	// 2. Bob registers an officer, whose account has no tokens at all.
	let register = runtime::transactions()
		.registration()
		.register_staff(account(&officer), roles(&[Role::CivilAffairsOfficer]));
	let events = submit(&api, &register, &bob).await?;
	let staff = events.find_first::<reg_events::StaffRegistered>().expect("StaffRegistered")?;
	assert_eq!((staff.who.clone(), staff.agency), (account(&officer), agency));

	// 3. A citizen with a brand-new account asks the department to register them...
	let form = runtime::runtime_types::pallet_registration::types::RegistrationForm {
		roles: roles(&[Role::AidApplicant]),
		id_commitment: id_commitment(b"citizen-salt", "110101199001011234"),
		id_valid_until: chain::valid_for_years(5),
		form_cid: cid(b"encrypted registration form"),
		photo_cid: Some(cid(b"encrypted photo")),
		agency,
	};
	let request = runtime::transactions().registration().request_registration(form.clone());
	let events = submit(&api, &request, &citizen).await?;
	let requested =
		events.find_first::<reg_events::RegistrationRequested>().expect("RegistrationRequested")?;
	assert_eq!(requested.who, account(&citizen));

	// ...and the officer, also token-less, confirms them.
	let verify = runtime::transactions().registration().verify_citizen(account(&citizen));
	let events = submit(&api, &verify, &officer).await?;
	let verified = events.find_first::<reg_events::CitizenVerified>().expect("CitizenVerified")?;
	assert_eq!((verified.who.clone(), verified.agency), (account(&citizen), agency));

	let at = api.at_current_block().await?;
	let record = at
		.storage()
		.entry(runtime::storage().registration().citizens())?
		.fetch((account(&citizen),))
		.await?
		.decode()?;
	assert_eq!(record.code, verified.code);
	assert_eq!(record.id_commitment, form.id_commitment);
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
	Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_pool_refuses_outsiders() -> Result<()> {
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
	let mut form = runtime::runtime_types::pallet_registration::types::RegistrationForm {
		roles: roles(&[Role::InsuredEmployee]),
		id_commitment: id_commitment(b"salt", "expired"),
		id_valid_until: 1_000,
		form_cid: cid(b"form"),
		photo_cid: None,
		agency: 0,
	};
	let request = runtime::transactions().registration().request_registration(form.clone());
	let message = chain::submit_and_get_verdict(&api, &node.ws_url(), &request, &outsider)
		.await
		.expect_err("a request with an expired ID card must be refused");
	// The pool names the registration pallet's error by its index.
	let expired = chain::error_index(&api, "Registration", "IdCardExpired").await?;
	assert!(message.contains(&format!("Custom error: {expired}")), "unexpected refusal: {message}");

	// A well-formed request from the same outsider is let in: the one thing outsiders may do.
	form.id_valid_until = chain::valid_for_years(1);
	let request = runtime::transactions().registration().request_registration(form);
	chain::submit_and_get_verdict(&api, &node.ws_url(), &request, &outsider)
		.await
		.map_err(|e| anyhow::anyhow!("a valid request was refused: {e}"))?;

	// Nothing of the refused transactions reached a block: the outsider sent exactly one.
	let at = api.at_current_block().await?;
	let nonce = at.transactions().account_nonce(&account(&outsider)).await?;
	assert_eq!(nonce, 1);
	Ok(())
}
