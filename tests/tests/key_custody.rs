//! End to end: case keys in custody, every access receipted, revocation rotating the key, and an
//! erasure anyone authorised can check.
//!
//! A development chain, and the document nodes of two agencies, each its agency's key custodian
//! (`--chain`, `--agency`): agency A (social insurance, agency 0, whose node also holds the
//! uploads and seals) and agency B (civil affairs). The citizen deposits her case key with both
//! and grants both. Then:
//!
//! - (4) a staff member of B records an access receipt on chain, gets the key from B's node against
//!   it and decrypts the document; the citizen reads the receipt through the citizen gateway, and
//!   another citizen is refused it. Refused too: a replayed receipt, a receipt presented by another
//!   staff member or at another agency's node, a bad signature, a staff member of an agency without
//!   a grant, a citizen recording an access, a stranger depositing a key, a key for the wrong
//!   version or the wrong node;
//! - (5) the citizen revokes B: the case moves to key version 1, deposited with A only; a document
//!   added under it opens for A's staff, while B's staff can record no receipt, a receipt B
//!   recorded before the revocation no longer opens anything, and B's old key does not decrypt the
//!   new document;
//! - (5b) A's document store is lost: `safetynet-docs refetch` pins again, from B, every document
//!   of the cases A handles, and names the ones no node holds;
//! - (5c) the whole network's documents are backed up through A's node (`safetynet-docs backup`),
//!   naming the two no node holds; both stores are lost; the backup is restored into A, an altered
//!   copy refused and not added, and B pins its documents from A again;
//! - (6) governance orders the case's erasure while B's node is down: A's node deletes the blocks
//!   and keys and records its receipt, and `check-erasure` fails, naming B; B's node comes back,
//!   does the same, and `check-erasure` passes: no node holds a block, every holder has a receipt.
//!   The erased documents are refused from then on, and neither a new network backup nor a restore
//!   of the old one brings them back.

use anyhow::{anyhow, ensure, Context, Result};
use codec::Decode;
use safetynet_docs::{
	chain::{double_key, Chain},
	crypto,
	keys::KeysClient,
};
use safetynet_e2e::{
	chain::{self, chain_cid, cid, keypair},
	docs::{custody_of, docs_binary, record_access, register_custodian, DocNode, KeySigner},
	gateway::{sign_in, Gateway},
	runtime::{
		self,
		runtime_types::{
			bounded_collections::bounded_vec::BoundedVec,
			pallet_insurance::types::InsuranceForm,
			safetynet_primitives::roles::{AgencyKind, Role},
			sp_arithmetic::per_things::Permill,
		},
	},
	setup::Dev,
};
use std::time::{Duration, Instant};
use subxt::utils::H256;

const YUAN: u128 = 100;

/// Expects `result` to fail with a message containing `expected`.
fn refused<T>(result: Result<T>, expected: &str) -> Result<()> {
	match result {
		Ok(_) => Err(anyhow!("accepted; expected a refusal with {expected:?}")),
		Err(e) => {
			let message = format!("{e:#}");
			ensure!(message.contains(expected), "refused with {message:?}, not {expected:?}");
			Ok(())
		},
	}
}

/// Runs `safetynet-docs check-erasure`; returns whether it passed and what it printed.
fn check_erasure(dev: &Dev, case: u64, nodes: &[&DocNode]) -> Result<(bool, String)> {
	let mut args = vec!["check-erasure".into(), "--case".into(), case.to_string()];
	args.extend(["--chain".into(), dev.node.ws_url()]);
	for node in nodes {
		args.extend(["--node".into(), node.api_url()]);
	}
	run_docs(&args)
}

/// Runs `safetynet-docs refetch` for `agency` through `node`; returns whether it was complete
/// and what it printed.
fn refetch(dev: &Dev, node: &DocNode, agency: u32) -> Result<(bool, String)> {
	run_docs(&[
		"refetch".into(),
		"--chain".into(),
		dev.node.ws_url(),
		"--ipfs-api".into(),
		node.api_url(),
		"--agency".into(),
		agency.to_string(),
	])
}

/// Runs `safetynet-docs backup` (or `restore`) of the whole network's documents in `dir`
/// through `node`; returns whether it was complete and what it printed.
fn network_backup(
	dev: &Dev,
	command: &str,
	node: &DocNode,
	dir: &std::path::Path,
) -> Result<(bool, String)> {
	run_docs(&[
		command.into(),
		"--chain".into(),
		dev.node.ws_url(),
		"--ipfs-api".into(),
		node.api_url(),
		dir.to_string_lossy().into_owned(),
	])
}

/// The number printed before `label` in a tool's report (`"4 of erased cases skipped"`).
fn count_before(text: &str, label: &str) -> Option<u64> {
	text.split(label).next()?.split_whitespace().last()?.parse().ok()
}

/// Runs `safetynet-docs` with `args`: exit code 0 is a pass, 1 a finding, anything else a
/// failure to run. Returns whether it passed and what it printed.
fn run_docs(args: &[String]) -> Result<(bool, String)> {
	let out = std::process::Command::new(docs_binary()?).args(args).output()?;
	let text =
		format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
	match out.status.code() {
		Some(0) => Ok((true, text)),
		Some(1) => Ok((false, text)),
		_ => Err(anyhow!("safetynet-docs {} failed to run: {text}", args[0])),
	}
}

/// Waits until `agency` has recorded its erasure receipt for `case`.
async fn wait_for_receipt(chain: &Chain, case: u64, agency: u32, node: &DocNode) -> Result<()> {
	let deadline = Instant::now() + Duration::from_secs(60);
	loop {
		let erasure = chain.erasure(case).await?.context("no erasure")?;
		if erasure.erased.contains(&agency) {
			return Ok(());
		}
		ensure!(
			Instant::now() < deadline,
			"agency {agency} recorded no erasure receipt within 60 s; its node's log:\n{}",
			node.log_text()
		);
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
}

#[tokio::test(flavor = "multi_thread")]
async fn every_access_is_receipted_revocation_rotates_the_key_and_erasure_is_checked() -> Result<()>
{
	// Agency A's document node holds the uploads and the seals; once the chain runs it becomes
	// agency A's custodian too. Agency B's node is its custodian and fetches from A.
	let mut docs_a = DocNode::start("custody-a", &[])?;
	let dev = Dev::start_with(&["--ipfs-api".into(), docs_a.api_url()]).await?;
	let ws = dev.node.ws_url();
	docs_a.restart_with(&["--chain".into(), ws.clone(), "--agency".into(), "0".into()])?;
	let (civil, civil_admin) = dev
		.add_agency(AgencyKind::CivilAffairsDepartment, "civil", safetynet_e2e::setup::DISTRICT)
		.await?;
	let mut docs_b = DocNode::start(
		"custody-b",
		&[
			"--peer".into(),
			docs_a.swarm_addr(),
			"--chain".into(),
			ws.clone(),
			"--agency".into(),
			civil.to_string(),
		],
	)?;
	register_custodian(&dev, &dev.alice, 0, "//AliceSeal", &docs_a).await?;
	register_custodian(&dev, &civil_admin, civil, "//CivilSeal", &docs_b).await?;
	let chain_reader = Chain::connect(&ws).await?;
	let genesis = chain_reader.genesis().await?;
	let keys_a = KeysClient::new(&docs_a.gateway_url());
	let keys_b = KeysClient::new(&docs_b.gateway_url());
	let recipient_a = custody_of(&docs_a).await?["recipient"].as_str().unwrap_or("").to_string();
	let recipient_b = custody_of(&docs_b).await?["recipient"].as_str().unwrap_or("").to_string();

	// Staff: an insurance officer of A, a civil affairs officer of B. Citizens: Eve, Ferdie.
	let officer_a = dev
		.add_staff(&dev.alice, Role::SocialInsuranceOfficer, "insurance-officer")
		.await?;
	let officer_b = dev.add_staff(&civil_admin, Role::CivilAffairsOfficer, "civil-officer").await?;
	let eve = keypair("//Eve");
	let ferdie = keypair("//Ferdie");
	for (who, photo) in [(&eve, b"eve's photo".as_slice()), (&ferdie, b"ferdie's photo")] {
		dev.register_citizen(who, Role::InsuredEmployee, 0, photo, &officer_a).await?;
	}
	let (eve_secret, eve_recipient) = crypto::generate_identity();
	let (key0, key0_recipient) = crypto::generate_identity();
	let (staff_a_identity, _) = crypto::generate_identity();
	let (staff_b_identity, _) = crypto::generate_identity();

	// Eve's document, encrypted to her and to case key version 0; her application cites it.
	let contract = b"Employment contract: monthly income 8000 yuan".to_vec();
	let sealed_contract = crypto::encrypt(&contract, &[eve_recipient.clone(), key0_recipient])?;
	let contract_cid = docs_a.client().add("contract.pdf.age", &sealed_contract).await?;
	let form = |label: &str, documents| InsuranceForm {
		agency: 0,
		form_cid: Some(cid(format!("insurance form of {label}").as_bytes())),
		photo_cid: Some(cid(format!("{label}'s photo").as_bytes())),
		bank_account_ref: H256([7; 32]),
		monthly_income: 8_000 * YUAN,
		payment_ratio: Permill(80_000),
		documents: BoundedVec(documents),
		salt: [9; 32],
	};
	let apply = runtime::transactions()
		.insurance()
		.apply(form("eve", vec![chain_cid(&contract_cid)?]));
	let (events, _) = dev.submit(&apply, &eve).await?;
	let case = events
		.find_first::<runtime::insurance::events::InsuranceApproved>()
		.ok_or_else(|| anyhow!("not approved"))??
		.case;
	let apply = runtime::transactions().insurance().apply(form("ferdie", vec![]));
	let (events, _) = dev.submit(&apply, &ferdie).await?;
	let ferdie_case = events
		.find_first::<runtime::insurance::events::InsuranceApproved>()
		.ok_or_else(|| anyhow!("Ferdie's case not approved"))??
		.case;

	// Deposits: only the applicant, only the current version, only a key for that node.
	refused(
		keys_b.deposit(genesis, case, 0, &key0, &recipient_b, &KeySigner(&ferdie)).await,
		"only the case's applicant",
	)?;
	refused(
		keys_b.deposit(genesis, case, 1, &key0, &recipient_b, &KeySigner(&eve)).await,
		"key version 0, not 1",
	)?;
	refused(
		keys_b.deposit(genesis, case, 0, &key0, &recipient_a, &KeySigner(&eve)).await,
		"not a case key wrapped to this node",
	)?;
	keys_a.deposit(genesis, case, 0, &key0, &recipient_a, &KeySigner(&eve)).await?;
	keys_b.deposit(genesis, case, 0, &key0, &recipient_b, &KeySigner(&eve)).await?;
	refused(
		keys_b.deposit(genesis, case, 0, &key0, &recipient_b, &KeySigner(&eve)).await,
		"already deposited",
	)?;

	// B is granted; A not yet: A's staff can record no receipt. A citizen records none at all.
	dev.submit(&runtime::transactions().documents().grant_access(case, civil), &eve)
		.await?;
	refused(record_access(&dev, &officer_a, case, &contract_cid).await, "NotGranted")?;
	let eve_access = runtime::transactions()
		.documents()
		.record_access(case, chain_cid(&contract_cid)?);
	chain::expect_pool_refusal(&dev.api, &ws, &eve_access, &eve, "CallNotAllowed").await?;
	refused(record_access(&dev, &officer_b, ferdie_case, &contract_cid).await, "NotGranted")?;

	// (4) B's officer records a receipt, then gets the key against it and reads the contract.
	let receipt = record_access(&dev, &officer_b, case, &contract_cid).await?;
	let signer_b = KeySigner(&officer_b);
	// Presented by someone else, or at another agency's node, or unsigned: refused.
	refused(
		keys_b
			.open(genesis, case, receipt, &KeySigner(&officer_a), &staff_a_identity)
			.await,
		"names another staff member",
	)?;
	refused(
		keys_a.open(genesis, case, receipt, &signer_b, &staff_b_identity).await,
		&format!("receipt is for agency {civil}"),
	)?;
	refused(
		keys_b.open(H256([1; 32]), case, receipt, &signer_b, &staff_b_identity).await,
		"signature does not verify",
	)?;
	refused(
		keys_b.open(genesis, case, receipt + 1, &signer_b, &staff_b_identity).await,
		"no access receipt",
	)?;
	let (version, key) = keys_b.open(genesis, case, receipt, &signer_b, &staff_b_identity).await?;
	assert_eq!(version, 0);
	let fetched = docs_b.client().cat(&contract_cid).await?;
	assert_eq!(crypto::decrypt(&fetched, &key)?, contract, "B's officer reads the contract");
	// A receipt opens once.
	refused(
		keys_b.open(genesis, case, receipt, &signer_b, &staff_b_identity).await,
		"already been used",
	)?;

	// The citizen reads the receipt through the citizen gateway; Ferdie is refused it.
	let gateway = Gateway::start(&ws, &[])?;
	let as_eve = subxt_rpcs::RpcClient::from_insecure_url(gateway.ws_url()).await?;
	sign_in(&as_eve, &eve).await?;
	let receipt_key = double_key("Documents", "AccessReceipts", &case, &receipt);
	let value: Option<String> = as_eve
		.request("state_getStorage", subxt_rpcs::rpc_params![receipt_key.clone()])
		.await?;
	let bytes =
		safetynet_docs::chain::decode_hex(&value.context("no receipt through the gateway")?)?;
	let seen =
		pallet_documents::AccessReceipt::<subxt::utils::AccountId32, u32>::decode(&mut &bytes[..])?;
	assert_eq!(seen.staff.0, officer_b.public_key().0, "the receipt names B's officer");
	assert_eq!((seen.agency, seen.version), (civil, 0));
	assert_eq!(
		safetynet_primitives::cid::to_base32_multibase(seen.document.as_bytes()),
		contract_cid
	);
	let as_ferdie = subxt_rpcs::RpcClient::from_insecure_url(gateway.ws_url()).await?;
	sign_in(&as_ferdie, &ferdie).await?;
	let other: Result<Option<String>, _> = as_ferdie
		.request("state_getStorage", subxt_rpcs::rpc_params![receipt_key])
		.await;
	refused(other.map_err(anyhow::Error::from), "not yours")?;

	// B's officer records one more receipt before the revocation, to try after it.
	let early = record_access(&dev, &officer_b, case, &contract_cid).await?;

	// (5) Eve grants A, then revokes B: version 1, deposited with A only.
	dev.submit(&runtime::transactions().documents().grant_access(case, 0), &eve)
		.await?;
	let (events, _) = dev
		.submit(&runtime::transactions().documents().revoke_access(case, civil), &eve)
		.await?;
	let revoked = events
		.find_first::<runtime::documents::events::AccessRevoked>()
		.ok_or_else(|| anyhow!("no AccessRevoked"))??;
	assert_eq!(revoked.new_version, 1);
	refused(
		keys_a.deposit(genesis, case, 0, &key0, &recipient_a, &KeySigner(&eve)).await,
		"key version 1, not 0",
	)?;
	let (key1, key1_recipient) = crypto::generate_identity();
	keys_a.deposit(genesis, case, 1, &key1, &recipient_a, &KeySigner(&eve)).await?;
	let payslip = b"Payslip, November: 8000 yuan".to_vec();
	let sealed_payslip = crypto::encrypt(&payslip, &[eve_recipient, key1_recipient])?;
	let payslip_cid = docs_a.client().add("payslip.pdf.age", &sealed_payslip).await?;
	let add = runtime::transactions().documents().add_document(case, chain_cid(&payslip_cid)?);
	let (events, _) = dev.submit(&add, &eve).await?;
	let added = events
		.find_first::<runtime::documents::events::DocumentAdded>()
		.ok_or_else(|| anyhow!("no DocumentAdded"))??;
	assert_eq!(added.version, 1);

	// B's staff: no new receipt, the early one opens nothing, the old key does not decrypt.
	refused(record_access(&dev, &officer_b, case, &payslip_cid).await, "NotGranted")?;
	refused(
		keys_b.open(genesis, case, early, &signer_b, &staff_b_identity).await,
		"no longer holds a grant",
	)?;
	let fetched_payslip = docs_b.client().cat(&payslip_cid).await?;
	assert!(crypto::decrypt(&fetched_payslip, &key).is_err(), "version 0 does not open version 1");
	assert!(crypto::decrypt(&fetched_payslip, &eve_secret).is_ok(), "the applicant still reads it");

	// A's officer opens both documents, each with the key version it was encrypted under.
	let signer_a = KeySigner(&officer_a);
	let receipt = record_access(&dev, &officer_a, case, &payslip_cid).await?;
	let (version, key) = keys_a.open(genesis, case, receipt, &signer_a, &staff_a_identity).await?;
	assert_eq!(version, 1);
	assert_eq!(crypto::decrypt(&sealed_payslip, &key)?, payslip);
	let receipt = record_access(&dev, &officer_a, case, &contract_cid).await?;
	let (version, key) = keys_a.open(genesis, case, receipt, &signer_a, &staff_a_identity).await?;
	assert_eq!(version, 0);
	assert_eq!(crypto::decrypt(&sealed_contract, &key)?, contract);

	// (5b) A's document store is lost (its keys and peer identity kept): it refetches from B
	//      every document its agency handles. B first pins what it should hold (Eve's case,
	//      whose key it held); the portal had uploaded Eve's form and photo to A. Ferdie's form
	//      and photo were never uploaded anywhere: the report names them, and nothing else.
	for content in ["insurance form of eve".as_bytes(), b"eve's photo"] {
		docs_a.client().add("upload", content).await?;
	}
	let (ok, text) = refetch(&dev, &docs_b, civil)?;
	assert!(ok && text.contains("refetch complete"), "B's refetch: {text}");
	for document in [&contract_cid, &payslip_cid] {
		ensure!(docs_b.client().holds_offline(document).await?, "B did not pin {document}");
	}
	docs_a.stop();
	std::fs::remove_dir_all(docs_a.data_dir().join("repo"))?;
	docs_a.restart()?;
	ensure!(!docs_a.client().holds_offline(&contract_cid).await?, "A's store was not lost");
	let (ok, text) = refetch(&dev, &docs_a, 0)?;
	let missing: Vec<&str> = text.lines().filter(|l| l.starts_with("missing:")).collect();
	assert!(!ok && text.contains("refetch INCOMPLETE"), "A's refetch: {text}");
	assert_eq!(missing.len(), 2, "only Ferdie's form and photo are missing: {text}");
	assert!(
		missing.iter().all(|l| l.starts_with(&format!("missing: case {ferdie_case}:"))),
		"{text}"
	);
	for document in [&contract_cid, &payslip_cid] {
		ensure!(docs_a.client().holds_offline(document).await?, "A did not refetch {document}");
	}
	let receipt = record_access(&dev, &officer_a, case, &contract_cid).await?;
	let (_, key) = keys_a.open(genesis, case, receipt, &signer_a, &staff_a_identity).await?;
	assert_eq!(crypto::decrypt(&docs_a.client().cat(&contract_cid).await?, &key)?, contract);

	// (5c) The whole network's documents are backed up through A's node; Ferdie's two, which no
	//      node ever held, are named. A second run fetches nothing again.
	let backup = docs_a.data_dir().with_extension("network-backup");
	let (ok, text) = network_backup(&dev, "backup", &docs_a, &backup)?;
	let missing: Vec<&str> = text.lines().filter(|l| l.starts_with("missing:")).collect();
	assert!(!ok && text.contains("backup INCOMPLETE"), "network backup: {text}");
	assert_eq!(missing.len(), 2, "only Ferdie's form and photo are missing: {text}");
	assert!(
		missing.iter().all(|l| l.starts_with(&format!("missing: case {ferdie_case}:"))),
		"{text}"
	);
	let saved = count_before(&text, "document(s) fetched").context("no count")?;
	assert!(saved >= 4, "the case's four documents are in the backup: {text}");
	let manifest = std::fs::read_to_string(backup.join("MANIFEST"))?;
	let of_case = manifest.lines().filter(|l| l.starts_with(&format!("{case}\t"))).count();
	assert!(manifest.contains(&format!("{case}\t{payslip_cid}")), "{manifest}");
	let (_, text) = network_backup(&dev, "backup", &docs_a, &backup)?;
	assert!(text.contains(" 0 document(s) fetched"), "second run: {text}");
	assert_eq!(count_before(&text, "already in the backup"), Some(saved), "{text}");
	// Both agencies' stores are lost.
	for node in [&mut docs_a, &mut docs_b] {
		node.stop();
		std::fs::remove_dir_all(node.data_dir().join("repo"))?;
		node.restart()?;
	}
	ensure!(!docs_a.client().holds_offline(&contract_cid).await?, "A's store was not lost");
	// A copy altered in the backup is refused and not added; the others are restored.
	let copy = backup.join("documents").join(&payslip_cid);
	let original = std::fs::read(&copy)?;
	let mut altered = original.clone();
	altered[0] ^= 1;
	std::fs::write(&copy, &altered)?;
	let (ok, text) = network_backup(&dev, "restore", &docs_a, &backup)?;
	assert!(
		!ok && text.contains(&format!(
			"refused: case {case}: {payslip_cid}: the file in the backup is altered"
		)),
		"restore of an altered copy: {text}"
	);
	ensure!(!docs_a.client().holds_offline(&payslip_cid).await?, "an altered copy was restored");
	ensure!(docs_a.client().holds_offline(&contract_cid).await?, "the contract was not restored");
	std::fs::write(&copy, &original)?;
	let (ok, text) = network_backup(&dev, "restore", &docs_a, &backup)?;
	assert!(ok && text.contains("restore complete"), "restore: {text}");
	assert_eq!(count_before(&text, "document(s) restored"), Some(saved), "{text}");
	// B pins its documents again from A, and A's officer opens the restored payslip.
	let (ok, text) = refetch(&dev, &docs_b, civil)?;
	assert!(ok && text.contains("refetch complete"), "B's refetch after the restore: {text}");
	for document in [&contract_cid, &payslip_cid] {
		ensure!(docs_b.client().holds_offline(document).await?, "B did not refetch {document}");
	}
	let receipt = record_access(&dev, &officer_a, case, &payslip_cid).await?;
	let (_, key) = keys_a.open(genesis, case, receipt, &signer_a, &staff_a_identity).await?;
	assert_eq!(crypto::decrypt(&docs_a.client().cat(&payslip_cid).await?, &key)?, payslip);

	// (6) Erasure. Before any order, the check fails.
	let (ok, text) = check_erasure(&dev, case, &[&docs_a, &docs_b])?;
	assert!(!ok && text.contains("no erasure has been ordered"), "{text}");
	// Governance orders it while B's node is down; a staff member may not (the case is open).
	docs_b.stop();
	let order = runtime::Call::Documents(runtime::documents::Call::order_erasure { case });
	refused(
		dev.submit(&runtime::transactions().documents().order_erasure(case), &officer_a)
			.await,
		"RetentionNotOver",
	)?;
	let events = dev.govern(order).await?;
	let ordered = events
		.find_first::<runtime::documents::events::ErasureOrdered>()
		.ok_or_else(|| anyhow!("no ErasureOrdered"))??;
	assert_eq!(ordered.holders, 2);
	wait_for_receipt(&chain_reader, case, 0, &docs_a).await?;
	let (ok, text) = check_erasure(&dev, case, &[&docs_a])?;
	assert!(!ok && text.contains(&format!("agency {civil} has not recorded")), "{text}");
	assert!(!text.contains("still held"), "A deleted everything: {text}");
	refused(docs_a.client().cat(&contract_cid).await, "erased")?;
	ensure!(
		!docs_a.data_dir().join("keys").join(case.to_string()).exists(),
		"A's keys of the case are gone"
	);
	refused(
		keys_a.deposit(genesis, case, 1, &key1, &recipient_a, &KeySigner(&eve)).await,
		"was erased",
	)?;

	// B's node comes back, catches up with the erasure log and records its receipt.
	docs_b.restart()?;
	wait_for_receipt(&chain_reader, case, civil, &docs_b).await?;
	let (ok, text) = check_erasure(&dev, case, &[&docs_a, &docs_b])?;
	assert!(ok && text.contains("erasure complete"), "{text}");
	for node in [&docs_a, &docs_b] {
		for document in [&contract_cid, &payslip_cid] {
			ensure!(!node.client().holds_offline(document).await?, "{document} still held");
			refused(node.client().cat(document).await, "erased")?;
		}
	}
	ensure!(
		!docs_b.data_dir().join("keys").join(case.to_string()).exists(),
		"B's keys of the case are gone"
	);
	// A refetch skips the erased case: its documents do not come back.
	let (_, text) = refetch(&dev, &docs_a, 0)?;
	assert!(text.contains("1 erased and skipped"), "{text}");
	ensure!(!docs_a.client().holds_offline(&contract_cid).await?, "a refetch restored an erasure");
	// Nor does the network backup taken before the erasure, and a new run removes its files.
	let (ok, text) = network_backup(&dev, "restore", &docs_a, &backup)?;
	assert!(ok, "restore after the erasure: {text}");
	assert_eq!(count_before(&text, "of erased cases skipped"), Some(of_case as u64), "{text}");
	for document in [&contract_cid, &payslip_cid] {
		ensure!(!docs_a.client().holds_offline(document).await?, "a restore undid the erasure");
	}
	let (_, text) = network_backup(&dev, "backup", &docs_a, &backup)?;
	assert_eq!(count_before(&text, "file(s) removed"), Some(of_case as u64), "{text}");
	ensure!(!backup.join("documents").join(&contract_cid).exists(), "the backup kept an erasure");
	// Nothing more is opened or granted on the erased case.
	refused(record_access(&dev, &officer_a, case, &contract_cid).await, "CaseErased")?;
	refused(
		dev.submit(&runtime::transactions().documents().grant_access(case, civil), &eve)
			.await,
		"CaseErased",
	)?;
	Ok(())
}
