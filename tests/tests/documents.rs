//! End to end: documents off chain, grants and seals on chain.
//!
//! Two agencies' document nodes on loopback and a development chain whose node stores its seals
//! in agency A's document node. A citizen encrypts a document and uploads it at agency A, applies
//! for social insurance citing its CID (approved at once), and grants agency B access on chain.
//! Agency B fetches the document by CID over IPFS from A and cannot read it; the grant carries no
//! key (key custody and receipts are `key_custody.rs`). Agency A's node seals the approval (its
//! offchain worker signs the record, stores it in IPFS and submits the seal); the verifier
//! accepts the sealed record (which names this chain's genesis hash) and the approved document,
//! and rejects tampered copies and an unsealed case. An administrator cannot make their own
//! account key the seal key. A seal made under a key the agency has since replaced still
//! verifies; once the case is closed (for fraud, say), the seal no longer verifies as active.

use anyhow::{anyhow, Context, Result};
use safetynet_docs::crypto;
use safetynet_e2e::{
	chain::{self, chain_cid, cid, keypair},
	docs::{docs_binary, DocNode},
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
use subxt_signer::sr25519::Keypair;

const YUAN: u128 = 100;

/// Inserts the seal key `suri` into the dev node's keystore, as an operator would with
/// `safetynet-node key insert --key-type seal`.
async fn insert_seal_key(dev: &Dev, suri: &str) -> Result<[u8; 32]> {
	let public = keypair(suri).public_key().0;
	let rpc = subxt_rpcs::RpcClient::from_insecure_url(dev.node.ws_url()).await?;
	let hex = format!("0x{}", chain::hex(&public));
	rpc.request::<serde_json::Value>(
		"author_insertKey",
		subxt_rpcs::rpc_params!["seal", suri, hex],
	)
	.await?;
	Ok(public)
}

async fn set_keys(
	dev: &Dev,
	admin: &Keypair,
	agency: u32,
	seal: [u8; 32],
	recipient: &str,
) -> Result<()> {
	let call = runtime::transactions().documents().set_agency_keys(
		agency,
		seal,
		BoundedVec(recipient.as_bytes().to_vec()),
	);
	dev.submit(&call, admin).await?;
	Ok(())
}

/// Runs `safetynet-docs verify`; returns whether it verified and what it printed.
fn verify(target: &str, case: Option<u64>, dev: &Dev, ipfs_api: &str) -> Result<(bool, String)> {
	let mut cmd = std::process::Command::new(docs_binary()?);
	cmd.arg("verify")
		.arg(target)
		.args(["--chain", &dev.node.ws_url(), "--ipfs-api", ipfs_api]);
	if let Some(case) = case {
		cmd.args(["--case", &case.to_string()]);
	}
	let out = cmd.output()?;
	let text =
		format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
	match out.status.code() {
		Some(0) => Ok((true, text)),
		Some(1) => Ok((false, text)),
		_ => Err(anyhow!("verify failed to run: {text}")),
	}
}

#[tokio::test(flavor = "multi_thread")]
async fn encrypted_document_is_shared_by_grant_and_the_approval_is_sealed() -> Result<()> {
	let docs_a = DocNode::start("agency-a-docs", &[])?;
	let docs_b = DocNode::start("agency-b-docs", &["--peer".into(), docs_a.swarm_addr()])?;
	let dev = Dev::start_with(&["--ipfs-api".into(), docs_a.api_url()]).await?;

	// Agency A (0, social insurance, Alice): seal key in its node's keystore, age identity.
	let seal_a = insert_seal_key(&dev, "//AliceSeal").await?;
	let (_, agency_a_recipient) = crypto::generate_identity();
	set_keys(&dev, &dev.alice, 0, seal_a, &agency_a_recipient).await?;
	// Agency B: civil affairs, with its own identity (its seal key lives on its own node).
	let (civil, civil_admin) = dev
		.add_agency(AgencyKind::CivilAffairsDepartment, "civil", safetynet_e2e::setup::DISTRICT)
		.await?;
	let (agency_b_secret, agency_b_recipient) = crypto::generate_identity();
	set_keys(&dev, &civil_admin, civil, keypair("//CivilSeal").public_key().0, &agency_b_recipient)
		.await?;

	// The citizen: registered, with their own identity and a key for this case.
	let officer = dev
		.add_staff(&dev.alice, Role::SocialInsuranceOfficer, "insurance-officer")
		.await?;
	let citizen = keypair("//Eve");
	dev.register_citizen(&citizen, Role::InsuredEmployee, 0, b"eve's photo", &officer)
		.await?;
	let (citizen_secret, citizen_recipient) = crypto::generate_identity();
	let (case_secret, case_recipient) = crypto::generate_identity();

	// Encrypted on the client; only ciphertext reaches agency A's node.
	let plaintext = b"Employment contract of the applicant: monthly income 8000 yuan".to_vec();
	let sealed_doc = crypto::encrypt(&plaintext, &[citizen_recipient, case_recipient])?;
	let doc_cid = docs_a.client().add("contract.pdf.age", &sealed_doc).await?;
	let stored = docs_a.client().cat(&doc_cid).await?;
	assert_eq!(stored, sealed_doc);
	assert!(!stored.windows(20).any(|w| w == &plaintext[..20]), "plaintext never reaches the node");
	assert_eq!(crypto::decrypt(&stored, &citizen_secret)?, plaintext, "the applicant reads it");

	// The application cites the document's CID; insurance approves automatically.
	let form = InsuranceForm {
		agency: 0,
		form_cid: Some(cid(b"insurance form")),
		photo_cid: Some(cid(b"eve's photo")),
		bank_account_ref: H256([7; 32]),
		monthly_income: 8_000 * YUAN,
		payment_ratio: Permill(80_000),
		documents: BoundedVec(vec![chain_cid(&doc_cid)?]),
		salt: [9; 32],
	};
	let (events, _) =
		dev.submit(&runtime::transactions().insurance().apply(form), &citizen).await?;
	let approved = events
		.find_first::<runtime::insurance::events::InsuranceApproved>()
		.ok_or_else(|| anyhow!("not approved"))??;
	let case = approved.case;
	let requested = events
		.find_first::<runtime::documents::events::SealRequested>()
		.ok_or_else(|| anyhow!("approval did not request a seal"))??;
	assert_eq!((requested.case, requested.agency), (case, 0));

	// Agency B fetches the document by CID from A over IPFS, but cannot read it yet.
	let fetched = docs_b.client().cat(&doc_cid).await.context("agency B fetching over bitswap")?;
	assert_eq!(fetched, sealed_doc);
	assert!(crypto::decrypt(&fetched, &agency_b_secret).is_err(), "no grant, no plaintext");

	// The citizen grants agency B access on chain. The grant carries no key: the case key goes
	// to B's document node (see `key_custody.rs`), so nothing on chain lets B, or anyone, read.
	let grant = runtime::transactions().documents().grant_access(case, civil);
	let (events, _) = dev.submit(&grant, &citizen).await?;
	let granted = events
		.find_first::<runtime::documents::events::AccessGranted>()
		.ok_or_else(|| anyhow!("no AccessGranted event"))??;
	assert_eq!((granted.case, granted.agency, granted.version), (case, civil, 0));
	assert!(crypto::decrypt(&fetched, &agency_b_secret).is_err(), "still no key, no plaintext");
	assert_eq!(crypto::decrypt(&fetched, &case_secret)?, plaintext, "the case key reads it");

	// Agency A's node seals the approval: the seal appears on chain.
	let deadline = Instant::now() + Duration::from_secs(60);
	let seal = loop {
		let at = dev.api.at_current_block().await?;
		let seal = at
			.storage()
			.entry(runtime::storage().documents().seals())?
			.try_fetch((case,))
			.await?;
		if let Some(seal) = seal {
			break seal.decode()?;
		}
		if Instant::now() > deadline {
			return Err(anyhow!("no seal within 60 s; node log:\n{}", dev.node.log_tail()));
		}
		tokio::time::sleep(Duration::from_secs(1)).await;
	};
	assert_eq!(seal.agency, 0);
	assert_eq!(seal.key, seal_a);
	let record_cid = safetynet_primitives::cid::to_base32_multibase(&seal.record.0 .0);

	// Anyone authorised (agency B here) fetches the sealed record from IPFS and verifies it.
	let record = docs_b.client().cat(&record_cid).await?;
	let record_json: serde_json::Value = serde_json::from_slice(&record)?;
	assert_eq!(record_json["case"], case);
	// The sealed record lists every document of the application: the form, the photo, the
	// contract.
	let documents = record_json["documents"].as_array().cloned().unwrap_or_default();
	assert_eq!(documents.len(), 3);
	assert_eq!(documents[2], doc_cid);
	let tmp = tempfile::tempdir()?;
	let record_file = tmp.path().join("record.json");
	std::fs::write(&record_file, &record)?;
	let (ok, text) = verify(record_file.to_str().unwrap(), None, &dev, &docs_b.api_url())?;
	assert!(ok, "{text}");
	assert!(text.contains(&format!("case {case}")) && text.contains("agency 0"), "{text}");
	let (ok, text) = verify(&record_cid, None, &dev, &docs_b.api_url())?;
	assert!(ok, "by CID: {text}");

	// The approved document itself, for its case.
	let doc_file = tmp.path().join("contract.pdf.age");
	std::fs::write(&doc_file, &sealed_doc)?;
	let (ok, text) = verify(doc_file.to_str().unwrap(), Some(case), &dev, &docs_b.api_url())?;
	assert!(ok, "{text}");

	// Tampered copies are not verified, with the reason.
	let tampered_record = tmp.path().join("record-tampered.json");
	std::fs::write(
		&tampered_record,
		String::from_utf8(record.clone())?
			.replace("\"decision\":\"approved\"", "\"decision\":\"approved \""),
	)?;
	let (ok, text) = verify(tampered_record.to_str().unwrap(), None, &dev, &docs_b.api_url())?;
	assert!(!ok && text.contains("not verified") && text.contains("differs"), "{text}");
	let mut tampered = sealed_doc.clone();
	let last = tampered.len() - 1;
	tampered[last] ^= 1;
	let tampered_doc = tmp.path().join("contract-tampered.pdf.age");
	std::fs::write(&tampered_doc, &tampered)?;
	let (ok, text) = verify(tampered_doc.to_str().unwrap(), Some(case), &dev, &docs_b.api_url())?;
	assert!(!ok && text.contains("not among the documents approved"), "{text}");

	// A case without a seal.
	let (ok, text) = verify(doc_file.to_str().unwrap(), Some(case + 100), &dev, &docs_b.api_url())?;
	assert!(!ok && text.contains("has no seal"), "{text}");

	// The record is bound to this chain.
	let rpc = subxt_rpcs::RpcClient::from_insecure_url(dev.node.ws_url()).await?;
	let genesis: String = rpc.request("chain_getBlockHash", subxt_rpcs::rpc_params![0]).await?;
	assert_eq!(record_json["chain"], genesis);

	// The administrator's own account key cannot be the seal key.
	let refused =
		set_keys(&dev, &dev.alice, 0, dev.alice.public_key().0, &agency_a_recipient).await;
	let message = format!("{:?}", refused.err().ok_or_else(|| anyhow!("account key accepted"))?);
	assert!(message.contains("SealKeyIsAccountKey"), "{message}");

	// The agency replaces its seal key: the seal made under the earlier one still verifies,
	// and says so.
	set_keys(&dev, &dev.alice, 0, keypair("//AliceSeal2").public_key().0, &agency_a_recipient)
		.await?;
	let (ok, text) = verify(record_file.to_str().unwrap(), None, &dev, &docs_b.api_url())?;
	assert!(ok && text.contains("since replaced"), "{text}");

	// The agency closes the case (fraud found): the seal is authentic, but the approval is no
	// longer in force, and the verifier says so instead of verifying it.
	dev.submit(&runtime::transactions().cases().end(case, cid(b"fraud finding")), &officer)
		.await?;
	let (ok, text) = verify(record_file.to_str().unwrap(), None, &dev, &docs_b.api_url())?;
	assert!(!ok && text.contains("no longer in force") && text.contains("Closed"), "{text}");
	let (ok, text) = verify(doc_file.to_str().unwrap(), Some(case), &dev, &docs_b.api_url())?;
	assert!(!ok && text.contains("no longer in force"), "{text}");
	Ok(())
}
