//! The document node as a client sees it: the Kubo RPC subset and the gateway, its limits and
//! errors, bitswap between two nodes, and data that survives a restart.

use anyhow::Result;
use safetynet_docs::profile;
use safetynet_e2e::docs::{block_file, cat_within, http, DocNode};
use std::time::{Duration, Instant};

fn write_temp(dir: &std::path::Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
	let path = dir.join(name);
	std::fs::write(&path, bytes).unwrap();
	path
}

/// Bytes that differ in every chunk.
fn content(len: usize) -> Vec<u8> {
	(0..len).map(|i| ((i * 7 + (i >> 18) * 13) & 0xff) as u8).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn kubo_api_and_gateway_serve_profile_cids_and_survive_a_restart() -> Result<()> {
	let mut node = DocNode::start("docs-api", &["--fetch-timeout-secs".into(), "2".into()])?;
	let client = node.client();

	let id = client.id().await?;
	assert!(id["ID"].as_str().is_some_and(|p| p.starts_with("12D3")), "{id}");
	assert!(id["Addresses"].as_array().is_some_and(|a| !a.is_empty()), "{id}");

	// A multi-chunk file: the node's CID is the profile CID, computed independently here.
	let bytes = content(3 * profile::CHUNK_SIZE + 17);
	let cid = client.add("form.pdf.age", &bytes).await?;
	assert_eq!(cid, profile::cid_of_file(&bytes).to_string());
	assert_eq!(client.cat(&cid).await?, bytes);
	client.pin(&cid).await?;
	let (status, body) = http("GET", &format!("{}/ipfs/{cid}", node.gateway_url()), None)?;
	assert_eq!(status, 200);
	assert_eq!(body, bytes);

	// Kubo clients send `cid-version=0` unless told otherwise: refused, not silently changed.
	let tmp = tempfile::tempdir()?;
	let small = write_temp(tmp.path(), "small.txt", b"hello world\n");
	let (status, body) =
		http("POST", &format!("{}/api/v0/add?cid-version=0", node.api_url()), Some(&small))?;
	assert_eq!(status, 400, "{}", String::from_utf8_lossy(&body));
	assert!(String::from_utf8_lossy(&body).contains("profile"));
	let (status, body) =
		http("POST", &format!("{}/api/v0/add?cid-version=1", node.api_url()), Some(&small))?;
	assert_eq!(status, 200);
	assert!(String::from_utf8_lossy(&body)
		.contains("bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4"));

	// Data is on disk: a restart serves the same documents.
	node.restart()?;
	assert_eq!(node.client().cat(&cid).await?, bytes);
	Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_requests_get_clear_errors_and_change_nothing() -> Result<()> {
	let node = DocNode::start(
		"docs-errors",
		&["--max-file-mib".into(), "1".into(), "--fetch-timeout-secs".into(), "2".into()],
	)?;
	let tmp = tempfile::tempdir()?;

	// Over the size limit: 413, and the file's blocks are not stored.
	let big = content(1024 * 1024 + 1);
	let big_file = write_temp(tmp.path(), "big.bin", &big);
	let (status, body) =
		http("POST", &format!("{}/api/v0/add?cid-version=1", node.api_url()), Some(&big_file))?;
	assert_eq!(status, 413, "{}", String::from_utf8_lossy(&body));
	assert!(String::from_utf8_lossy(&body).contains("limit"));
	let big_cid = profile::cid_of_file(&big).to_string();
	assert!(
		block_file(node.data_dir(), &big_cid).is_none(),
		"nothing of the refused file is stored"
	);

	// Malformed and out-of-profile CIDs: 400.
	for arg in ["not-a-cid", "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o"] {
		let (status, body) =
			http("POST", &format!("{}/api/v0/cat?arg={arg}", node.api_url()), None)?;
		assert_eq!(status, 400, "{arg}: {}", String::from_utf8_lossy(&body));
		let (status, _) = http("GET", &format!("{}/ipfs/{arg}", node.gateway_url()), None)?;
		assert_eq!(status, 400);
	}

	// A CID nobody has: an error within the configured time, not a hang.
	let nobody = profile::cid_of_file(b"a document no node has").to_string();
	let started = Instant::now();
	let (status, body) =
		http("POST", &format!("{}/api/v0/cat?arg={nobody}", node.api_url()), None)?;
	assert_eq!(status, 504, "{}", String::from_utf8_lossy(&body));
	assert!(String::from_utf8_lossy(&body).contains("within 2 s"));
	assert!(started.elapsed() < Duration::from_secs(15));

	// A block corrupted on disk: 500 naming the block, and the file is left as it is.
	let doc = b"a document that will rot on disk".to_vec();
	let cid = node.client().add("rot.txt", &doc).await?;
	let file = block_file(node.data_dir(), &cid).expect("the block is on disk");
	let mut rotten = std::fs::read(&file)?;
	rotten[0] ^= 0xff;
	std::fs::write(&file, &rotten)?;
	let (status, body) = http("POST", &format!("{}/api/v0/cat?arg={cid}", node.api_url()), None)?;
	assert_eq!(status, 500, "{}", String::from_utf8_lossy(&body));
	assert!(String::from_utf8_lossy(&body).contains("corrupted"));
	assert_eq!(std::fs::read(&file)?, rotten);
	Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_agency_fetches_documents_over_bitswap() -> Result<()> {
	let a = DocNode::start("docs-a", &[])?;
	let b = DocNode::start("docs-b", &["--peer".into(), a.swarm_addr()])?;
	let bytes = content(2 * profile::CHUNK_SIZE + 5);
	let cid = a.client().add("scan.jpg.age", &bytes).await?;
	// B has never seen it: it fetches every block from A by CID, and checks each.
	let b_client = b.client();
	let fetched = cat_within(&b_client, &cid, Duration::from_secs(30)).await.unwrap_or_else(|e| {
		panic!("B never fetched {cid}: {e}\nA:\n{}\nB:\n{}", a.log_text(), b.log_text())
	});
	assert_eq!(fetched, bytes);
	b_client.pin(&cid).await?;
	Ok(())
}
