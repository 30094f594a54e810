//! `safetynet-docs backup` and `safetynet-docs restore`: the whole network's documents in one
//! directory, and back into a document node.
//!
//! Each agency backs up its own document node's data directory with its validator
//! (`scripts/backup-node.sh`). That does not protect a document only one node held: it is gone
//! with that node and that node's backup. The chain knows every document (each case lists its
//! CIDs, each seal names its approval record), so the network's backup is taken from the chain:
//! every document of every case, fetched through one document node, which asks the others over
//! bitswap for what it lacks.
//!
//! The backup directory holds
//!
//! - `MANIFEST`: one line per document the directory holds, `<case>\t<CID>`, rewritten whole by
//!   each run;
//! - `documents/<CID>`: the file as `cat` returns it. Case documents are `age` ciphertext, useless
//!   without a case key from an agency's custodian; approval records are plaintext JSON (see
//!   `docs/privacy.md`). The directory is kept with the same care as the agencies' own backups.
//!
//! A run is incremental: a document already in the directory is not fetched again. Cases whose
//! erasure has been ordered are skipped, and their files from an earlier run are deleted, so a
//! backup taken after an erasure holds nothing of it. A restore checks the chain again for the
//! same reason: a backup taken before an erasure must not bring the case back.
//!
//! Restoring computes each file's CID (the one profile, [`crate::profile`]) and compares it with
//! the manifest: a file altered or damaged in the backup is refused, named, and not added. The
//! others are added through the node's API (`add`), and the CID the node reports is checked
//! again. The other agencies' nodes then pin their own
//! documents from the restored node with `safetynet-docs refetch`.

use crate::{chain::Chain, client::KuboClient, report::Report};
use anyhow::Context;
use safetynet_primitives::{cases::CaseId, cid::to_base32_multibase};
use std::{
	collections::BTreeSet,
	path::{Path, PathBuf},
};

/// The manifest's file name inside a backup directory.
pub const MANIFEST: &str = "MANIFEST";
/// The subdirectory holding one file per document.
pub const DOCUMENTS: &str = "documents";

/// What a backup run did.
#[derive(Debug, Default)]
pub struct BackupReport {
	/// Cases on chain, and of them those skipped because their erasure was ordered.
	pub cases: u64,
	pub erased: u64,
	/// Documents fetched in this run, and those the directory already held.
	pub saved: u64,
	pub kept: u64,
	/// Files of erased cases (or of documents no longer named on chain) deleted from the
	/// directory.
	pub removed: u64,
	/// `(case, CID, error)` for every document no node could supply.
	pub missing: Vec<(CaseId, String, String)>,
}

impl Report for BackupReport {
	const TOOL: &'static str = "backup";

	/// Whether every document the chain names is in the backup.
	fn complete(&self) -> bool {
		self.missing.is_empty()
	}

	fn findings(&self) -> Vec<String> {
		let mut lines = vec![format!(
			"{} case(s) on chain, {} erased and skipped; {} document(s) fetched, {} already in the \
			 backup, {} file(s) removed",
			self.cases, self.erased, self.saved, self.kept, self.removed
		)];
		for (case, cid, error) in &self.missing {
			lines.push(format!("missing: case {case}: {cid}: {error}"));
		}
		lines
	}
}

/// What a restore did.
#[derive(Debug, Default)]
pub struct RestoreReport {
	/// Documents added to the node (or already held: adding is idempotent).
	pub restored: u64,
	/// Documents skipped because their case's erasure has been ordered.
	pub erased: u64,
	/// `(case, CID, why)` for every document that could not be restored.
	pub refused: Vec<(CaseId, String, String)>,
}

impl Report for RestoreReport {
	const TOOL: &'static str = "restore";

	/// Whether every document of the backup that may come back did.
	fn complete(&self) -> bool {
		self.refused.is_empty()
	}

	fn findings(&self) -> Vec<String> {
		let mut lines = vec![format!(
			"{} document(s) restored, {} of erased cases skipped",
			self.restored, self.erased
		)];
		for (case, cid, why) in &self.refused {
			lines.push(format!("refused: case {case}: {cid}: {why}"));
		}
		lines
	}
}

/// Copies every document the chain names, through the node at `ipfs`, into `dir`.
pub async fn backup(chain: &Chain, ipfs: &KuboClient, dir: &Path) -> anyhow::Result<BackupReport> {
	let documents = dir.join(DOCUMENTS);
	std::fs::create_dir_all(&documents).with_context(|| format!("creating {documents:?}"))?;
	let mut report = BackupReport { cases: chain.next_case_id().await?, ..Default::default() };
	let mut manifest = String::new();
	let mut named = BTreeSet::new();
	for id in 0..report.cases {
		let Some(case) = chain.case(id).await? else { continue };
		if chain.erasure(id).await?.is_some() {
			report.erased += 1;
			continue;
		}
		let mut cids = chain.documents_of(&case, id).await?;
		if let Some(seal) = chain.seal(id).await? {
			cids.push(seal.record);
		}
		for cid in cids {
			let text = to_base32_multibase(cid.as_bytes());
			let path = documents.join(&text);
			if path.exists() {
				report.kept += 1;
			} else {
				match ipfs.cat(&text).await {
					Ok(bytes) => {
						write_atomically(&path, &bytes)?;
						report.saved += 1;
					},
					Err(error) => {
						report.missing.push((id, text, format!("{error:#}")));
						continue;
					},
				}
			}
			manifest.push_str(&format!("{id}\t{text}\n"));
			named.insert(text);
		}
	}
	// What the chain no longer names (erased since an earlier run) leaves the backup.
	for entry in std::fs::read_dir(&documents)? {
		let path = entry?.path();
		let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
		if !named.contains(&name) {
			std::fs::remove_file(&path).with_context(|| format!("removing {path:?}"))?;
			report.removed += 1;
		}
	}
	write_atomically(&dir.join(MANIFEST), manifest.as_bytes())?;
	Ok(report)
}

/// Adds every document of the backup in `dir` to the node at `ipfs`, except those of cases
/// whose erasure has been ordered.
pub async fn restore(
	chain: &Chain,
	ipfs: &KuboClient,
	dir: &Path,
) -> anyhow::Result<RestoreReport> {
	let manifest = std::fs::read_to_string(dir.join(MANIFEST))
		.with_context(|| format!("{dir:?} is not a network backup: no {MANIFEST}"))?;
	let mut report = RestoreReport::default();
	for (number, line) in manifest.lines().enumerate() {
		let (case, cid) = parse_line(line)
			.with_context(|| format!("{MANIFEST} line {}: {line:?}", number + 1))?;
		if chain.erasure(case).await?.is_some() {
			report.erased += 1;
			continue;
		}
		let path: PathBuf = dir.join(DOCUMENTS).join(cid);
		let bytes = match std::fs::read(&path) {
			Ok(bytes) => bytes,
			Err(error) => {
				report.refused.push((case, cid.into(), format!("not in the backup: {error}")));
				continue;
			},
		};
		let computed = crate::profile::cid_of_file(&bytes).to_string();
		if computed != cid {
			report.refused.push((
				case,
				cid.into(),
				format!("the file in the backup is altered: its CID is {computed}"),
			));
			continue;
		}
		match ipfs.add(cid, &bytes).await {
			Ok(added) if added == cid => report.restored += 1,
			Ok(added) => report.refused.push((
				case,
				cid.into(),
				format!("the node computed another CID for it: {added}"),
			)),
			Err(error) => report.refused.push((case, cid.into(), format!("{error:#}"))),
		}
	}
	Ok(report)
}

/// `<case>\t<CID>`, the CID a plain name (no path separators).
fn parse_line(line: &str) -> anyhow::Result<(CaseId, &str)> {
	let (case, cid) = line.split_once('\t').context("no tab")?;
	let case: CaseId = case.parse().context("not a case number")?;
	anyhow::ensure!(!cid.is_empty() && cid.chars().all(|c| c.is_ascii_alphanumeric()), "not a CID");
	Ok((case, cid))
}

/// Writes through a temporary file and a rename, so an interrupted run leaves no partial file
/// under a document's name.
fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
	let partial = path.with_extension("partial");
	std::fs::write(&partial, bytes).with_context(|| format!("writing {partial:?}"))?;
	std::fs::rename(&partial, path).with_context(|| format!("renaming to {path:?}"))?;
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn manifest_lines_name_a_case_and_a_plain_cid() {
		assert_eq!(parse_line("7\tbafkreiabc").unwrap(), (7, "bafkreiabc"));
		assert!(parse_line("7 bafkreiabc").is_err());
		assert!(parse_line("x\tbafkreiabc").is_err());
		assert!(parse_line("7\t../../etc/passwd").is_err());
		assert!(parse_line("7\t").is_err());
	}
}
