//! `safetynet-docs refetch`: pin again, from the other agencies' document nodes, every document
//! a document node should hold.
//!
//! A document node whose store is lost (a failed disk, a wiped directory) knows nothing of what
//! it pinned: the pins were in the store. The chain knows. Every case lists its documents'
//! CIDs, and each seal names the approval record its agency stored. So the node's documents are
//! read from the chain, and each is pinned through the node's own API (`pin/add`), which fetches
//! the blocks it lacks from its peers over bitswap. Pinning what the node already holds costs a
//! lookup, so the command is safe to run at any time, and again after a partial run.
//!
//! Which documents: those of every case the agency handles (filed with it, sealed by it, or
//! whose key it has held). Erased cases are skipped: their documents must not come back. A
//! document no other node holds cannot come back either; the report names each one.

use crate::{chain::Chain, client::KuboClient, report::Report};
use safetynet_primitives::{cases::CaseId, AgencyId, Cid};

/// What a refetch did.
#[derive(Debug, Default)]
pub struct RefetchReport {
	/// Cases on chain, and of them those the agency handles.
	pub cases: u64,
	pub in_scope: u64,
	/// Cases skipped because their erasure was ordered.
	pub erased: u64,
	/// Documents pinned (fetched, or already held).
	pub pinned: u64,
	/// `(case, CID, error)` for every document no node could supply.
	pub failed: Vec<(CaseId, String, String)>,
}

impl Report for RefetchReport {
	const TOOL: &'static str = "refetch";

	/// Whether every document the agency should hold is pinned.
	fn complete(&self) -> bool {
		self.failed.is_empty()
	}

	fn findings(&self) -> Vec<String> {
		let mut lines = vec![format!(
			"{} case(s) on chain, {} handled by the agency, {} erased and skipped; {} document(s) \
			 pinned",
			self.cases, self.in_scope, self.erased, self.pinned
		)];
		for (case, cid, error) in &self.failed {
			lines.push(format!("missing: case {case}: {cid}: {error}"));
		}
		lines
	}
}

/// Pins, through the node at `ipfs`, every document of the cases `agency` handles.
pub async fn refetch(
	chain: &Chain,
	agency: AgencyId,
	ipfs: &KuboClient,
) -> anyhow::Result<RefetchReport> {
	let mut report = RefetchReport { cases: chain.next_case_id().await?, ..Default::default() };
	for id in 0..report.cases {
		let Some(case) = chain.case(id).await? else { continue };
		if chain.erasure(id).await?.is_some() {
			report.erased += 1;
			continue;
		}
		let seal = chain.seal(id).await?;
		let sealed_by_us = seal.as_ref().is_some_and(|s| s.agency == agency);
		let in_scope =
			case.agency == agency || sealed_by_us || chain.key_holders(id).await?.contains(&agency);
		if !in_scope {
			continue;
		}
		report.in_scope += 1;
		let mut documents: Vec<Cid> = chain.documents_of(&case, id).await?;
		// The approval record is the sealing agency's to keep.
		if let Some(seal) = seal.as_ref().filter(|_| sealed_by_us) {
			documents.push(seal.record.clone());
		}
		for cid in documents {
			let text = safetynet_primitives::cid::to_base32_multibase(cid.as_bytes());
			match ipfs.pin(&text).await {
				Ok(()) => report.pinned += 1,
				Err(error) => report.failed.push((id, text, format!("{error:#}"))),
			}
		}
	}
	Ok(report)
}
