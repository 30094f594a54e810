//! The CID profile against golden vectors.
//!
//! `tests/vectors/cid-profile.json` was produced by `tests/js/cid-vectors.mjs` with
//! `ipfs-unixfs-importer` (the importer the IPFS project maintains, configured as
//! `ipfs add --cid-version=1`). This test recomputes every vector with this crate's importer;
//! a second test re-runs the JavaScript importer on the same contents, so the file cannot drift
//! from what the reference implementation says.

use safetynet_docs::profile;
use std::path::PathBuf;

/// This crate's directory as `cargo test` reports it at run time (the shared target directory
/// may hold a test binary built from another clone), else as it was at compile time.
fn crate_dir() -> PathBuf {
	std::env::var_os("CARGO_MANIFEST_DIR")
		.map(PathBuf::from)
		.unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into())
}

fn vectors_path() -> PathBuf {
	crate_dir().join("tests/vectors/cid-profile.json")
}

/// The generator the vectors were made with (see `tests/js/cid-vectors.mjs`).
fn content(len: usize, seed: u64) -> Vec<u8> {
	(0..len as u64)
		.map(|i| ((i * 31 + seed * 7 + (i >> 8) + (i >> 18) * 13) & 0xff) as u8)
		.collect()
}

#[test]
fn rust_importer_matches_every_golden_vector() {
	let vectors: Vec<serde_json::Value> =
		serde_json::from_slice(&std::fs::read(vectors_path()).unwrap()).unwrap();
	assert!(
		vectors.len() >= 7,
		"empty, small, one chunk, chunk+1, multi-MiB and two-level vectors"
	);
	for v in vectors {
		let name = v["name"].as_str().unwrap();
		let bytes = match v.get("text").and_then(|t| t.as_str()) {
			Some(text) => text.as_bytes().to_vec(),
			None => content(v["len"].as_u64().unwrap() as usize, v["seed"].as_u64().unwrap()),
		};
		let (blocks, root) = profile::import(&bytes);
		assert_eq!(root.to_string(), v["cid"].as_str().unwrap(), "vector {name}");
		let distinct: std::collections::BTreeSet<_> = blocks.iter().map(|b| b.cid).collect();
		assert_eq!(distinct.len() as u64, v["blocks"].as_u64().unwrap(), "blocks of {name}");
	}
}

#[test]
fn cids_kubo_prints() {
	// What `ipfs add --cid-version=1` prints, as published by the IPFS project.
	assert_eq!(
		profile::cid_of_file(b"").to_string(),
		"bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"
	);
	assert_eq!(
		profile::cid_of_file(b"hello world\n").to_string(),
		"bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4"
	);
}

#[test]
fn javascript_importer_agrees_with_the_vectors() {
	let js = crate_dir().join("../tests/js");
	assert!(
		js.join("node_modules/ipfs-unixfs-importer").is_dir(),
		"run `npm ci` in tests/js (scripts/test.sh does) to cross-check with the JavaScript importer"
	);
	let out = std::process::Command::new("node")
		.current_dir(&js)
		.arg("cid-vectors.mjs")
		.arg("--check")
		.arg(vectors_path())
		.output()
		.expect("node runs");
	assert!(
		out.status.success(),
		"the JavaScript importer disagrees:\n{}{}",
		String::from_utf8_lossy(&out.stdout),
		String::from_utf8_lossy(&out.stderr)
	);
}
