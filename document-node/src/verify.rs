//! `safetynet-docs verify`: is this exactly the document an agency approved and sealed?
//!
//! Given a file or a CID, the verifier computes the profile CID of the bytes and asks the chain:
//!
//! - an **approval record** (the JSON an agency's node sealed) is verified when it names this
//!   chain's genesis hash, the chain holds a seal for its case whose record CID is this file's CID,
//!   the seal's signature verifies over these exact bytes (behind the seal's own signing context)
//!   with the key the seal records, and the case is still active. The key may be one the agency has
//!   since replaced: the runtime checked it was the agency's seal key when it accepted the seal, so
//!   a replaced key keeps its old seals valid and cannot make new ones;
//! - any other **document** is verified for a case (`--case`) when the case's sealed record, itself
//!   verified as above, lists this document's CID.
//!
//! Anything else is "not verified", with the reason: a record of another chain, a modified file
//! (its CID differs), a signature that does not verify, an unsealed case, a case no longer
//! active (ended, for fraud or otherwise, or suspended: the seal is authentic but the approval is
//! no longer in force), a document the record does not list.

use crate::{
	chain::{hex, BlockNumber, Chain},
	client::KuboClient,
	profile,
};
use pallet_documents::Seal;
use safetynet_primitives::{cases::CaseStatus, AgencyId};
use serde::Deserialize;
use sp_core::{sr25519, Pair as _, H256};

/// The fields of an approval record the verifier reads.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordFields {
	#[serde(rename = "type")]
	pub kind: String,
	pub version: u32,
	/// The genesis hash of the chain the approval belongs to.
	pub chain: String,
	pub case: u64,
	pub service: String,
	pub decision: String,
	pub agency: AgencyId,
	pub documents: Vec<String>,
	pub block: u64,
	pub parent_hash: String,
}

/// What the chain says about a case's seal.
pub struct SealOnChain {
	pub seal: Seal<BlockNumber>,
	/// The agency's seal key registered now.
	pub registered_key: Option<sr25519::Public>,
	/// The chain's genesis hash.
	pub genesis: H256,
	/// The case's status now (`None`: the case is gone).
	pub status: Option<CaseStatus>,
}

/// The outcome.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
	Verified(String),
	NotVerified(String),
}

/// Parses `bytes` as an approval record, if they are one.
pub fn parse_record(bytes: &[u8]) -> Option<RecordFields> {
	let fields: RecordFields = serde_json::from_slice(bytes).ok()?;
	(fields.kind == pallet_documents::record::RECORD_TYPE).then_some(fields)
}

/// Checks a record's bytes against its case's seal. Pure: the chain's answers come in.
pub fn check_record(
	bytes: &[u8],
	record: &RecordFields,
	on_chain: Option<&SealOnChain>,
) -> Verdict {
	let cid = profile::cid_of_file(bytes);
	let Some(SealOnChain { seal, registered_key, genesis, status }) = on_chain else {
		return Verdict::NotVerified(format!("case {} has no seal on chain", record.case));
	};
	if record.chain != hex(genesis.as_bytes()) {
		return Verdict::NotVerified(format!(
			"this record belongs to the chain with genesis {}, not to this one ({})",
			record.chain,
			hex(genesis.as_bytes())
		));
	}
	let sealed_cid = safetynet_primitives::cid::to_base32_multibase(seal.record.as_bytes());
	if cid.to_string() != sealed_cid {
		return Verdict::NotVerified(format!(
			"this record's CID {cid} differs from the record sealed for case {} ({sealed_cid}): \
			 it is not the sealed record, or it was modified",
			record.case
		));
	}
	let message = pallet_documents::record::seal_message(bytes);
	if !sr25519::Pair::verify(&seal.signature, &message, &seal.key) {
		return Verdict::NotVerified(format!(
			"the seal's signature does not verify over these bytes with key {}",
			hex(&seal.key.0)
		));
	}
	let key_note = if *registered_key == Some(seal.key) {
		"the agency's current seal key".to_string()
	} else {
		format!(
			"the agency's seal key when it sealed, since replaced by {}",
			registered_key.map(|k| hex(&k.0)).unwrap_or_else(|| "none".into())
		)
	};
	let facts = format!(
		"approval record {cid} of case {} ({}, {}): sealed by agency {} with key {} ({key_note}), \
		 approved at block {} (parent {}) of chain {}, seal recorded at block {}; {} document(s) \
		 approved",
		record.case,
		record.service,
		record.decision,
		seal.agency,
		hex(&seal.key.0),
		record.block,
		record.parent_hash,
		record.chain,
		seal.sealed_at,
		record.documents.len(),
	);
	match status {
		Some(CaseStatus::Active) => Verdict::Verified(format!("{facts}; the case is Active now")),
		Some(status) => Verdict::NotVerified(format!(
			"the seal is authentic but the approval is no longer in force: case {} is {status:?} \
			 now ({facts})",
			record.case
		)),
		None => Verdict::NotVerified(format!(
			"the seal is authentic but case {} no longer exists on chain ({facts})",
			record.case
		)),
	}
}

/// What the chain says about `case`'s seal, if it has one.
pub async fn seal_on_chain(chain: &Chain, case: u64) -> anyhow::Result<Option<SealOnChain>> {
	let Some(seal) = chain.seal(case).await? else {
		return Ok(None);
	};
	let keys = chain.agency_keys(seal.agency).await?;
	let genesis = chain.genesis().await?;
	let case = chain.case(case).await?;
	Ok(Some(SealOnChain {
		seal,
		registered_key: keys.map(|k| k.seal),
		genesis,
		status: case.map(|c| c.status),
	}))
}

/// Where the bytes to verify come from.
pub async fn load_target(target: &str, ipfs: &KuboClient) -> anyhow::Result<Vec<u8>> {
	let path = std::path::Path::new(target);
	if path.is_file() {
		return Ok(std::fs::read(path)?);
	}
	let cid = profile::parse_cid(target)
		.map_err(|e| anyhow::anyhow!("{target:?} is neither a file nor a profile CID: {e}"))?;
	ipfs.cat(&cid.to_string()).await
}

/// Verifies `bytes`: as an approval record, or as a document of `case`.
pub async fn verify(
	bytes: &[u8],
	case: Option<u64>,
	chain: &Chain,
	ipfs: &KuboClient,
) -> anyhow::Result<Verdict> {
	if let Some(record) = parse_record(bytes) {
		let on_chain = seal_on_chain(chain, record.case).await?;
		return Ok(check_record(bytes, &record, on_chain.as_ref()));
	}
	let cid = profile::cid_of_file(bytes).to_string();
	let Some(case) = case else {
		return Ok(Verdict::NotVerified(format!(
			"{cid} is not an approval record; to check a document, name its case with --case"
		)));
	};
	let Some(on_chain) = seal_on_chain(chain, case).await? else {
		return Ok(Verdict::NotVerified(format!("case {case} has no seal on chain")));
	};
	let record_cid =
		safetynet_primitives::cid::to_base32_multibase(on_chain.seal.record.as_bytes());
	let record_bytes = ipfs.cat(&record_cid).await?;
	let Some(record) = parse_record(&record_bytes) else {
		return Ok(Verdict::NotVerified(format!(
			"the sealed record {record_cid} is not an approval record"
		)));
	};
	match check_record(&record_bytes, &record, Some(&on_chain)) {
		Verdict::Verified(facts) if record.documents.contains(&cid) => Ok(Verdict::Verified(
			format!("document {cid} is one of the documents approved for case {case}; {facts}"),
		)),
		Verdict::Verified(_) => Ok(Verdict::NotVerified(format!(
			"document {cid} is not among the documents approved for case {case} (modified, or \
			 another document)"
		))),
		not => Ok(not),
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use pallet_documents::record::ApprovalRecord;
	use safetynet_primitives::cases::Service;

	fn sealed(doc: &[u8]) -> (Vec<u8>, SealOnChain, sr25519::Pair) {
		let pair = sr25519::Pair::from_seed(&[3; 32]);
		let documents = [safetynet_primitives::cid::raw_cid_of(doc)];
		let bytes = ApprovalRecord {
			chain: sp_core::H256::repeat_byte(9),
			case: 4,
			service: Service::SocialInsurance,
			agency: 0,
			applicant: 9,
			documents: &documents,
			block: 10,
			parent_hash: sp_core::H256::repeat_byte(1),
		}
		.to_bytes();
		let seal = Seal {
			agency: 0,
			record: safetynet_primitives::cid::raw_cid_of(&bytes),
			signature: pair.sign(&pallet_documents::record::seal_message(&bytes)),
			key: pair.public(),
			sealed_at: 11,
		};
		let on_chain = SealOnChain {
			seal,
			registered_key: Some(pair.public()),
			genesis: sp_core::H256::repeat_byte(9),
			status: Some(CaseStatus::Active),
		};
		(bytes, on_chain, pair)
	}

	#[test]
	fn the_sealed_record_verifies() {
		let (bytes, on_chain, _) = sealed(b"form");
		let record = parse_record(&bytes).unwrap();
		assert_eq!(record.documents, vec![profile::cid_of_file(b"form").to_string()]);
		assert!(matches!(check_record(&bytes, &record, Some(&on_chain)), Verdict::Verified(_)));
	}

	#[test]
	fn a_modified_record_an_unsealed_case_and_a_wrong_key_do_not() {
		let (bytes, mut on_chain, _) = sealed(b"form");
		let record = parse_record(&bytes).unwrap();
		let tampered = String::from_utf8(bytes.clone())
			.unwrap()
			.replace("\"block\":10", "\"block\":12");
		let Verdict::NotVerified(why) = check_record(tampered.as_bytes(), &record, Some(&on_chain))
		else {
			panic!("tampered record verified")
		};
		assert!(why.contains("differs"), "{why}");

		assert_eq!(
			check_record(&bytes, &record, None),
			Verdict::NotVerified("case 4 has no seal on chain".into())
		);

		// The agency replaced its key since: the seal, checked when made, still verifies.
		on_chain.registered_key = Some(sr25519::Pair::from_seed(&[4; 32]).public());
		let Verdict::Verified(facts) = check_record(&bytes, &record, Some(&on_chain)) else {
			panic!("a seal under the agency's earlier key did not verify")
		};
		assert!(facts.contains("since replaced"), "{facts}");

		// The case was closed since (for fraud, say): authentic, but not in force.
		on_chain.status = Some(CaseStatus::Closed);
		let Verdict::NotVerified(why) = check_record(&bytes, &record, Some(&on_chain)) else {
			panic!("a closed case verified as active")
		};
		assert!(why.contains("no longer in force") && why.contains("Closed"), "{why}");

		// Another chain's record.
		on_chain.status = Some(CaseStatus::Active);
		on_chain.genesis = sp_core::H256::repeat_byte(8);
		let Verdict::NotVerified(why) = check_record(&bytes, &record, Some(&on_chain)) else {
			panic!("another chain's record verified")
		};
		assert!(why.contains("belongs to the chain"), "{why}");

		// A signature by another key over the same bytes, and one by the right key without
		// the seal's context.
		let (_, mut forged, pair) = sealed(b"form");
		forged.seal.signature = sr25519::Pair::from_seed(&[5; 32])
			.sign(&pallet_documents::record::seal_message(&bytes));
		let Verdict::NotVerified(why) = check_record(&bytes, &record, Some(&forged)) else {
			panic!("forged signature verified")
		};
		assert!(why.contains("does not verify"), "{why}");
		forged.seal.signature = pair.sign(&bytes);
		assert!(matches!(check_record(&bytes, &record, Some(&forged)), Verdict::NotVerified(_)));
	}
}
