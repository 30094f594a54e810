//! The document node as custodian of case keys.
//!
//! Case keys never touch the chain. An applicant deposits each case key, wrapped to the custody
//! recipient of a granted agency's document node, with that node (`POST /keys/deposit`). A staff
//! member of the agency first records an access receipt on chain (`Documents::record_access`),
//! then asks the node for the key against it (`POST /keys/open`); the node checks the receipt at
//! its best block and re-wraps the key to the staff member's own age recipient. So no key leaves
//! a node without a receipt the citizen can read, and a node holds only the key versions
//! deposited with it: a revoked agency never receives the key of the next version.
//!
//! The custody identity lives in the data directory, created on first start:
//!
//! - `custody/age.key`: the age X25519 identity whose recipient the agency registers with
//!   `Documents::set_agency_keys`; deposited keys are encrypted to it;
//! - `custody/signer.seed`: the sr25519 seed of the custodian key the agency registers with
//!   `Documents::set_custodian`; it signs erasure receipts.
//!
//! Keys are kept as deposited (still encrypted to the custody identity) under
//! `keys/<case>/<version>.age`; each access receipt a key was released against is marked
//! `keys/<case>/receipt-<n>` (created exclusively, so one receipt opens one key once). Nothing
//! here ever logs a key.

use crate::crypto;
use anyhow::{anyhow, Context};
use safetynet_primitives::cases::CaseId;
use sp_core::{sr25519, Pair as _};
use std::{
	io::Write,
	path::{Path, PathBuf},
};

/// A document node's custody identity and key store.
pub struct Custody {
	identity: String,
	recipient: String,
	signer: sr25519::Pair,
	keys: PathBuf,
}

/// Why a key operation was refused.
#[derive(Debug, thiserror::Error)]
pub enum KeyStoreError {
	#[error("the wrapped key is not a case key wrapped to this node's custody recipient")]
	NotForThisNode,
	#[error("key version {1} of case {0} is already deposited here")]
	AlreadyDeposited(CaseId, u32),
	#[error("access receipt {1} of case {0} has already been used")]
	ReceiptUsed(CaseId, u32),
	#[error("no key deposited here opens the document")]
	NoKey,
	#[error("key store: {0}")]
	Io(String),
}

fn io(e: impl std::fmt::Display) -> KeyStoreError {
	KeyStoreError::Io(e.to_string())
}

/// Writes `bytes` to a new file readable by this user only.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
	use std::os::unix::fs::OpenOptionsExt;
	let mut file = std::fs::OpenOptions::new()
		.write(true)
		.create_new(true)
		.mode(0o600)
		.open(path)?;
	file.write_all(bytes)?;
	file.sync_all()
}

impl Custody {
	/// Loads the custody identity from `data_dir`, creating it on first use.
	pub fn load_or_create(data_dir: &Path) -> anyhow::Result<Self> {
		let dir = data_dir.join("custody");
		std::fs::create_dir_all(&dir)
			.with_context(|| format!("cannot create {}", dir.display()))?;
		let age_path = dir.join("age.key");
		if !age_path.exists() {
			let (secret, recipient) = crypto::generate_identity();
			write_private(&age_path, format!("# public key: {recipient}\n{secret}\n").as_bytes())
				.with_context(|| format!("cannot write {}", age_path.display()))?;
		}
		let identity = std::fs::read_to_string(&age_path)
			.with_context(|| format!("cannot read {}", age_path.display()))?;
		let recipient = crypto::recipient_of(&identity)
			.with_context(|| format!("{} is not an age identity", age_path.display()))?;
		let seed_path = dir.join("signer.seed");
		if !seed_path.exists() {
			let (_, seed) = sr25519::Pair::generate();
			write_private(&seed_path, crate::chain::hex(&seed).as_bytes())
				.with_context(|| format!("cannot write {}", seed_path.display()))?;
		}
		let seed = std::fs::read_to_string(&seed_path)
			.with_context(|| format!("cannot read {}", seed_path.display()))?;
		let seed: [u8; 32] = crate::chain::decode_hex(seed.trim())?
			.try_into()
			.map_err(|_| anyhow!("{} is not a 32-byte seed", seed_path.display()))?;
		let keys = data_dir.join("keys");
		std::fs::create_dir_all(&keys)?;
		Ok(Custody { identity, recipient, signer: sr25519::Pair::from_seed(&seed), keys })
	}

	/// The custody recipient (`age1...`): the agency's registered recipient.
	pub fn recipient(&self) -> &str {
		&self.recipient
	}

	/// The custodian key that signs erasure receipts.
	pub fn custodian(&self) -> sr25519::Public {
		self.signer.public()
	}

	/// Signs `message` with the custodian key.
	pub fn sign(&self, message: &[u8]) -> sr25519::Signature {
		self.signer.sign(message)
	}

	fn case_dir(&self, case: CaseId) -> PathBuf {
		self.keys.join(case.to_string())
	}

	/// Keeps `wrapped`, key version `version` of `case`, after checking it is a case key this
	/// node can unwrap. A version is deposited once.
	pub fn deposit(&self, case: CaseId, version: u32, wrapped: &[u8]) -> Result<(), KeyStoreError> {
		crypto::unwrap_case_key(wrapped, &self.identity)
			.map_err(|_| KeyStoreError::NotForThisNode)?;
		let dir = self.case_dir(case);
		std::fs::create_dir_all(&dir).map_err(io)?;
		match write_private(&dir.join(format!("{version}.age")), wrapped) {
			Ok(()) => Ok(()),
			Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists =>
				Err(KeyStoreError::AlreadyDeposited(case, version)),
			Err(e) => Err(io(e)),
		}
	}

	/// The key versions of `case` held here, newest first.
	pub fn versions(&self, case: CaseId) -> Vec<u32> {
		let Ok(entries) = std::fs::read_dir(self.case_dir(case)) else { return Vec::new() };
		let mut versions: Vec<u32> = entries
			.filter_map(|e| e.ok())
			.filter_map(|e| e.file_name().to_str()?.strip_suffix(".age")?.parse().ok())
			.collect();
		versions.sort_unstable_by(|a, b| b.cmp(a));
		versions
	}

	/// The version and secret of the key of `case` held here that opens `document`.
	pub fn key_for(&self, case: CaseId, document: &[u8]) -> Result<(u32, String), KeyStoreError> {
		for version in self.versions(case) {
			let path = self.case_dir(case).join(format!("{version}.age"));
			let wrapped = std::fs::read(&path).map_err(io)?;
			let secret = crypto::unwrap_case_key(&wrapped, &self.identity).map_err(io)?;
			if crypto::opens(document, &secret) {
				return Ok((version, secret));
			}
		}
		Err(KeyStoreError::NoKey)
	}

	/// Marks access receipt `receipt` of `case` used; refused if it already was.
	pub fn use_receipt(&self, case: CaseId, receipt: u32) -> Result<(), KeyStoreError> {
		let dir = self.case_dir(case);
		std::fs::create_dir_all(&dir).map_err(io)?;
		match write_private(&dir.join(format!("receipt-{receipt}")), b"") {
			Ok(()) => Ok(()),
			Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists =>
				Err(KeyStoreError::ReceiptUsed(case, receipt)),
			Err(e) => Err(io(e)),
		}
	}

	/// Destroys every key of `case` held here. Returns whether there were any.
	pub fn erase(&self, case: CaseId) -> Result<bool, KeyStoreError> {
		let dir = self.case_dir(case);
		let held = !self.versions(case).is_empty();
		match std::fs::remove_dir_all(&dir) {
			Ok(()) => Ok(held),
			Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
			Err(e) => Err(io(e)),
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_identity_survives_a_restart() {
		let dir = tempfile::tempdir().unwrap();
		let first = Custody::load_or_create(dir.path()).unwrap();
		let again = Custody::load_or_create(dir.path()).unwrap();
		assert_eq!(first.recipient(), again.recipient());
		assert_eq!(first.custodian(), again.custodian());
	}

	#[test]
	fn deposited_keys_open_only_their_documents_and_receipts_open_once() {
		let dir = tempfile::tempdir().unwrap();
		let custody = Custody::load_or_create(dir.path()).unwrap();
		let (k0, r0) = crypto::generate_identity();
		let (k1, r1) = crypto::generate_identity();
		let old = crypto::encrypt(b"old", &[r0]).unwrap();
		let new = crypto::encrypt(b"new", &[r1]).unwrap();

		// A key wrapped to someone else is refused.
		let (_, elsewhere) = crypto::generate_identity();
		assert!(matches!(
			custody.deposit(4, 0, &crypto::wrap_case_key(&k0, &elsewhere).unwrap()),
			Err(KeyStoreError::NotForThisNode)
		));
		let wrapped = crypto::wrap_case_key(&k0, custody.recipient()).unwrap();
		custody.deposit(4, 0, &wrapped).unwrap();
		assert!(matches!(
			custody.deposit(4, 0, &wrapped),
			Err(KeyStoreError::AlreadyDeposited(4, 0))
		));
		assert_eq!(custody.key_for(4, &old).unwrap(), (0, k0.trim().to_string()));
		// Version 1 is not here: the new document stays closed.
		assert!(matches!(custody.key_for(4, &new), Err(KeyStoreError::NoKey)));
		custody
			.deposit(4, 1, &crypto::wrap_case_key(&k1, custody.recipient()).unwrap())
			.unwrap();
		assert_eq!(custody.versions(4), vec![1, 0]);
		assert_eq!(custody.key_for(4, &new).unwrap().0, 1);

		custody.use_receipt(4, 0).unwrap();
		assert!(matches!(custody.use_receipt(4, 0), Err(KeyStoreError::ReceiptUsed(4, 0))));

		assert!(custody.erase(4).unwrap());
		assert!(custody.versions(4).is_empty());
		assert!(!custody.erase(4).unwrap());
	}
}
