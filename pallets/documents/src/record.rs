//! The canonical approval record an agency seals.
//!
//! When a case is approved, the deciding agency's node writes this record, signs its exact bytes
//! with the agency's seal key, stores the bytes in IPFS and submits the signature. The runtime
//! rebuilds the same bytes from chain state to check the signature, so the record can only say
//! what the chain says. It is compact JSON with a fixed field order — readable by a person who
//! fetches it from IPFS and parsed by `safetynet-docs verify` — and always smaller than one IPFS
//! chunk, so its CID is the raw CID of its bytes.
//!
//! The record names the chain's genesis hash, so a seal made on one chain (a test network, a
//! fork started from the same code) can never pass for one made on another. What the agency
//! signs is [`seal_message`]: the record behind a context of its own, so a seal signature can
//! never be replayed as any other signature the same key might make, nor the reverse.

use alloc::{format, string::String, vec::Vec};
use safetynet_primitives::{
	cases::{CaseId, Service},
	cid::to_base32_multibase,
	AgencyId, Cid, ParticipantCode,
};
use sp_core::H256;

/// The `type` field: what the record is.
pub const RECORD_TYPE: &str = "safetynet/approval-seal";
/// The record format's version; bump it whenever a field changes.
pub const RECORD_VERSION: u32 = 2;

/// What precedes the record in the message a seal signs.
pub const SEAL_CONTEXT: &[u8] = b"safetynet/approval-seal/v2\0";

/// The exact message an agency's seal key signs for `record` (its canonical bytes).
pub fn seal_message(record: &[u8]) -> Vec<u8> {
	[SEAL_CONTEXT, record].concat()
}

/// What an approval record states.
pub struct ApprovalRecord<'a> {
	/// The chain's genesis hash: which chain this approval belongs to.
	pub chain: H256,
	/// The application.
	pub case: CaseId,
	/// Its programme.
	pub service: Service,
	/// The agency that approved it and seals it.
	pub agency: AgencyId,
	/// The applicant's identification code (never personal data).
	pub applicant: ParticipantCode,
	/// The approved application's documents.
	pub documents: &'a [Cid],
	/// The block in which the case was approved.
	pub block: u64,
	/// The hash of that block's parent: with `block` it pins the approval to one chain history
	/// (and, unlike the block's own hash, is known while the block is being built).
	pub parent_hash: H256,
}

fn service_name(service: Service) -> &'static str {
	match service {
		Service::SocialInsurance => "SocialInsurance",
		Service::SocialAssistance => "SocialAssistance",
		Service::SocialWelfare => "SocialWelfare",
		Service::MinimumLiving => "MinimumLiving",
	}
}

fn hex(bytes: &[u8]) -> String {
	const DIGITS: &[u8; 16] = b"0123456789abcdef";
	let mut out = String::with_capacity(2 + bytes.len() * 2);
	out.push_str("0x");
	for b in bytes {
		out.push(DIGITS[(b >> 4) as usize] as char);
		out.push(DIGITS[(b & 15) as usize] as char);
	}
	out
}

impl ApprovalRecord<'_> {
	/// The record's canonical bytes: the ones stored and hashed into its CID, and signed behind
	/// [`SEAL_CONTEXT`].
	pub fn to_bytes(&self) -> Vec<u8> {
		let documents: Vec<String> = self
			.documents
			.iter()
			.map(|c| format!("\"{}\"", to_base32_multibase(c.as_bytes())))
			.collect();
		format!(
			"{{\"type\":\"{RECORD_TYPE}\",\"version\":{RECORD_VERSION},\"chain\":\"{}\",\"case\":{},\
			 \"service\":\"{}\",\"decision\":\"approved\",\"agency\":{},\"applicant\":{},\"documents\":[{}],\
			 \"block\":{},\"parentHash\":\"{}\"}}",
			hex(self.chain.as_bytes()),
			self.case,
			service_name(self.service),
			self.agency,
			self.applicant,
			documents.join(","),
			self.block,
			hex(self.parent_hash.as_bytes()),
		)
		.into_bytes()
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn record_is_compact_json_with_fixed_order() {
		let doc = safetynet_primitives::cid::raw_cid_of(b"form");
		let record = ApprovalRecord {
			chain: H256::repeat_byte(0xcd),
			case: 7,
			service: Service::SocialInsurance,
			agency: 0,
			applicant: 42,
			documents: core::slice::from_ref(&doc),
			block: 12,
			parent_hash: H256::repeat_byte(0xab),
		};
		let text = String::from_utf8(record.to_bytes()).unwrap();
		let expected = format!(
			"{{\"type\":\"safetynet/approval-seal\",\"version\":2,\"chain\":\"0x{}\",\"case\":7,\
			 \"service\":\"SocialInsurance\",\"decision\":\"approved\",\"agency\":0,\"applicant\":42,\"documents\":[\"{}\"],\"block\":12,\
			 \"parentHash\":\"0x{}\"}}",
			"cd".repeat(32),
			to_base32_multibase(doc.as_bytes()),
			"ab".repeat(32)
		);
		assert_eq!(text, expected);
		assert!(seal_message(text.as_bytes()).starts_with(b"safetynet/approval-seal/v2\0{"));
	}
}
