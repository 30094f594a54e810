//! `safetynet-docs check-erasure`: is a case's erasure complete?
//!
//! Complete means both halves of the order were carried out: every agency that ever held a key
//! of the case has its custodian's signed erasure receipt on chain (the runtime checked each
//! signature against the agency's registered custodian key), and none of the consortium's
//! document nodes named still holds any block of the case's documents on its own disk (asked
//! with `block/stat --offline`, so no node fetches anything to answer).

use crate::{chain::Chain, client::KuboClient, report::Report};
use safetynet_primitives::{cases::CaseId, AgencyId};

/// What the check found.
#[derive(Debug, Default)]
pub struct ErasureReport {
	pub case: CaseId,
	/// Whether an erasure was ordered at all.
	pub ordered: bool,
	/// Holders of the case's keys without a receipt on chain.
	pub missing_receipts: Vec<AgencyId>,
	/// Holders with a receipt.
	pub receipted: Vec<AgencyId>,
	/// `(node, CID)` pairs a node still holds.
	pub still_held: Vec<(String, String)>,
	/// How many document CIDs were asked of each node.
	pub documents: usize,
}

impl Report for ErasureReport {
	const TOOL: &'static str = "erasure";

	fn complete(&self) -> bool {
		self.ordered && self.missing_receipts.is_empty() && self.still_held.is_empty()
	}

	fn findings(&self) -> Vec<String> {
		let case = self.case;
		if !self.ordered {
			return vec![format!("case {case}: no erasure has been ordered")];
		}
		let mut lines = vec![format!(
			"case {case}: {} key holder(s) receipted {:?}; {} document(s) asked of every node",
			self.receipted.len(),
			self.receipted,
			self.documents
		)];
		for agency in &self.missing_receipts {
			lines.push(format!("missing: agency {agency} has not recorded its erasure receipt"));
		}
		for (node, cid) in &self.still_held {
			lines.push(format!("still held: {node} holds {cid}"));
		}
		lines
	}
}

/// Checks `case`'s erasure on chain and at every document node API in `nodes`.
pub async fn check(chain: &Chain, case: CaseId, nodes: &[String]) -> anyhow::Result<ErasureReport> {
	let mut report = ErasureReport { case, ..Default::default() };
	let Some(erasure) = chain.erasure(case).await? else {
		return Ok(report);
	};
	report.ordered = true;
	for holder in erasure.holders.iter() {
		if erasure.erased.contains(holder) {
			report.receipted.push(*holder);
		} else {
			report.missing_receipts.push(*holder);
		}
	}
	let documents = match chain.case(case).await? {
		Some(details) => chain.documents_of(&details, case).await?,
		None => Vec::new(),
	};
	report.documents = documents.len();
	for node in nodes {
		let client = KuboClient::new(node);
		for cid in &documents {
			let text = safetynet_primitives::cid::to_base32_multibase(cid.as_bytes());
			if client.holds_offline(&text).await? {
				report.still_held.push((node.clone(), text));
			}
		}
	}
	Ok(report)
}
