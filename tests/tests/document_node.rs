//! The document node as a client sees it: the Kubo RPC subset and the gateway, its limits and
//! errors, bitswap between two nodes, and data that survives a restart; and as a stranger sees
//! it: hostile DAGs, slow clients, a full disk, peers outside the consortium and an API beyond
//! loopback.

use anyhow::{bail, Result};
use safetynet_docs::profile;
use safetynet_e2e::docs::{block_file, cat_within, docs_binary, http, DocNode};
use std::time::{Duration, Instant};
use tokio::{
	io::{AsyncReadExt, AsyncWriteExt},
	net::TcpStream,
};

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

/// A dag-pb UnixFS file node linking `links` in order: what any client can `block/put`.
fn file_node<'a>(links: impl IntoIterator<Item = &'a [u8]>) -> Vec<u8> {
	let mut out = Vec::new();
	for cid in links {
		out.extend_from_slice(&pb_link(cid));
	}
	out.extend_from_slice(&[0x0a, 0x02, 0x08, 0x02]); // Data: UnixFS { Type: File }
	out
}

/// One dag-pb link (`Links`, field 2) to the CID in `cid` (binary).
fn pb_link(cid: &[u8]) -> Vec<u8> {
	let mut link = vec![0x0a, cid.len() as u8];
	link.extend_from_slice(cid);
	let mut out = vec![0x12, link.len() as u8];
	out.extend_from_slice(&link);
	out
}

fn cid_bytes(text: &str) -> Vec<u8> {
	profile::parse_cid(text).unwrap().to_bytes()
}

/// Status and body of a POST to the API, and how long it took.
fn timed_post(node: &DocNode, path: &str) -> Result<(u16, String, Duration)> {
	let started = Instant::now();
	let (status, body) = http("POST", &format!("{}{path}", node.api_url()), None)?;
	Ok((status, String::from_utf8_lossy(&body).into_owned(), started.elapsed()))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_hostile_dag_gets_a_limit_error_quickly_and_the_node_stays_healthy() -> Result<()> {
	let node = DocNode::start(
		"docs-hostile",
		// Blocks up to 64 MiB, so the million-link node gets in and the walk limits meet it.
		&["--max-block-kib".into(), "65536".into(), "--fetch-timeout-secs".into(), "2".into()],
	)?;
	let client = node.client();
	let empty = client.block_put("raw", b"").await?;
	assert_eq!(empty, profile::cid_of_file(b"").to_string());

	// (a) A million links to the same empty block (a 40 MB node): refused before any is
	// followed, by every path that walks a DAG.
	let mut wide = pb_link(&cid_bytes(&empty)).repeat(1_000_000);
	wide.extend_from_slice(&file_node([]));
	let wide = client.block_put("dag-pb", &wide).await?;
	for path in ["/api/v0/pin/add", "/api/v0/cat"] {
		let (status, body, took) = timed_post(&node, &format!("{path}?arg={wide}"))?;
		assert_eq!(status, 422, "{path}: {body}");
		assert!(body.contains("--max-dag-links") && body.contains("\"Type\":\"error\""), "{body}");
		assert!(took < Duration::from_secs(5), "{path} took {took:?}");
	}
	let (status, body) = http("GET", &format!("{}/ipfs/{wide}", node.gateway_url()), None)?;
	assert_eq!(status, 422, "{}", String::from_utf8_lossy(&body));

	// A thousand links (within the limit) to one block nobody has: it is looked for once, so
	// the answer comes after one fetch timeout, not a thousand.
	let missing = profile::cid_of_file(b"a block no node has").to_bytes();
	let to_missing = client.block_put("dag-pb", &file_node(vec![&missing[..]; 1000])).await?;
	for path in ["/api/v0/pin/add", "/api/v0/cat"] {
		let (status, body, took) = timed_post(&node, &format!("{path}?arg={to_missing}"))?;
		assert_eq!(status, 504, "{path}: {body}");
		assert!(took < Duration::from_secs(8), "{path} took {took:?}");
	}

	// Three levels of a thousand links each to the one node below: four blocks, a billion
	// leaves unfolded. Pinning visits each block once; reading is refused at the block limit.
	let mut bomb = empty.clone();
	for _ in 0..3 {
		let below = cid_bytes(&bomb);
		bomb = client.block_put("dag-pb", &file_node(vec![&below[..]; 1000])).await?;
	}
	let (status, body, took) = timed_post(&node, &format!("/api/v0/pin/add?arg={bomb}"))?;
	assert_eq!(status, 200, "{body} after {took:?}\n{}", node.log_text());
	assert!(took < Duration::from_secs(5), "pin took {took:?}");
	let (status, body, took) = timed_post(&node, &format!("/api/v0/cat?arg={bomb}"))?;
	assert_eq!(status, 422, "{body}");
	assert!(body.contains("--max-dag-blocks"), "{body}");
	assert!(took < Duration::from_secs(5), "cat took {took:?}");

	// (b) A chain deeper than the depth limit (16 by default).
	let mut deep = client.block_put("raw", b"the bottom").await?;
	for _ in 0..20 {
		deep = client.block_put("dag-pb", &file_node([&cid_bytes(&deep)[..]])).await?;
	}
	for path in ["/api/v0/pin/add", "/api/v0/cat"] {
		let (status, body, _) = timed_post(&node, &format!("{path}?arg={deep}"))?;
		assert_eq!(status, 422, "{path}: {body}");
		assert!(body.contains("--max-dag-depth"), "{body}");
	}

	// Still healthy: a document goes in and comes back.
	let doc = content(2 * profile::CHUNK_SIZE + 3);
	let cid = client.add("after.bin", &doc).await?;
	assert_eq!(client.cat(&cid).await?, doc);
	Ok(())
}

/// Opens a connection and sends a request head one line every 300 ms, never finishing it.
/// Returns how long the node let it go on.
async fn trickle_headers(port: u16) -> Result<Duration> {
	let mut stream = TcpStream::connect(("127.0.0.1", port)).await?;
	let started = Instant::now();
	stream.write_all(b"POST /api/v0/id HTTP/1.1\r\nHost: docs\r\n").await?;
	while started.elapsed() < Duration::from_secs(20) {
		tokio::time::sleep(Duration::from_millis(300)).await;
		if stream.write_all(b"X-Slow: 1\r\n").await.is_err() {
			return Ok(started.elapsed());
		}
	}
	bail!("a client trickling its headers was never cut off")
}

/// Sends a whole `add` request head and the start of its form, then one byte of the file every
/// 300 ms. Returns the status the node answered and when.
async fn trickle_body(port: u16) -> Result<(u16, Duration)> {
	let stream = TcpStream::connect(("127.0.0.1", port)).await?;
	let (mut from_node, mut to_node) = stream.into_split();
	let started = Instant::now();
	let part = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\r\n\r\n";
	let head = format!(
		"POST /api/v0/add?cid-version=1 HTTP/1.1\r\nHost: docs\r\nContent-Type: \
		 multipart/form-data; boundary=b\r\nContent-Length: 1000000\r\n\r\n{part}"
	);
	to_node.write_all(head.as_bytes()).await?;
	let writer = tokio::spawn(async move {
		while to_node.write_all(b"x").await.is_ok() {
			tokio::time::sleep(Duration::from_millis(300)).await;
		}
	});
	let mut answer = vec![0u8; 512];
	let n = tokio::time::timeout(Duration::from_secs(20), from_node.read(&mut answer)).await??;
	writer.abort();
	let answer = String::from_utf8_lossy(&answer[..n]);
	let status = answer.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
	Ok((status, started.elapsed()))
}

#[tokio::test(flavor = "multi_thread")]
async fn slow_clients_cannot_starve_a_normal_one() -> Result<()> {
	let limits = [
		("--http-max-requests", "4"),
		("--http-header-timeout-secs", "2"),
		("--http-request-timeout-secs", "3"),
		("--http-max-connections-per-address", "20"),
	];
	let args: Vec<String> =
		limits.iter().flat_map(|(k, v)| [k.to_string(), v.to_string()]).collect();
	let node = DocNode::start("docs-slowloris", &args)?;
	let port = node.api_port;

	// Eight clients trickle request heads: they hold connections, never request slots.
	let heads: Vec<_> = (0..8).map(|_| tokio::spawn(trickle_headers(port))).collect();
	// Four trickle a body, taking every request slot; two more come when the slots are taken.
	let mut bodies: Vec<_> = (0..4).map(|_| tokio::spawn(trickle_body(port))).collect();
	tokio::time::sleep(Duration::from_millis(500)).await;
	bodies.extend((0..2).map(|_| tokio::spawn(trickle_body(port))));

	// A normal client is served within a few seconds: once the body tricklers' time is up.
	let client = node.client();
	let started = Instant::now();
	loop {
		match client.id().await {
			Ok(_) => break,
			Err(e) if started.elapsed() < Duration::from_secs(8) => {
				assert!(e.to_string().contains("503"), "{e}");
				tokio::time::sleep(Duration::from_millis(200)).await;
			},
			Err(e) => panic!("a normal client was not served within 8 s: {e}"),
		}
	}
	println!("a normal client was served after {:?}", started.elapsed());

	let mut statuses = Vec::new();
	for body in bodies {
		statuses.push(body.await??);
	}
	let busy: Vec<_> = statuses.iter().filter(|(s, _)| *s == 503).collect();
	let cut: Vec<_> = statuses.iter().filter(|(s, _)| *s == 408).collect();
	assert_eq!((busy.len(), cut.len()), (2, 4), "{statuses:?}");
	assert!(busy.iter().all(|(_, t)| *t < Duration::from_secs(1)), "{statuses:?}");
	assert!(cut.iter().all(|(_, t)| *t < Duration::from_secs(6)), "{statuses:?}");
	for head in heads {
		let took = head.await??;
		assert!(took < Duration::from_secs(6), "a trickling client held on for {took:?}");
	}

	// Healthy afterwards.
	let doc = content(profile::CHUNK_SIZE + 9);
	let cid = client.add("after.bin", &doc).await?;
	assert_eq!(client.cat(&cid).await?, doc);

	// One address opens its twenty connections and says nothing: its twenty-first is closed on
	// accept, long before the header timeout, and other addresses are still served.
	let mut held = Vec::new();
	for _ in 0..20 {
		held.push(connect_from("127.0.0.3", port).await?);
	}
	tokio::time::sleep(Duration::from_millis(200)).await;
	let mut extra = connect_from("127.0.0.3", port).await?;
	let started = Instant::now();
	let mut byte = [0u8; 1];
	let read = tokio::time::timeout(Duration::from_secs(5), extra.read(&mut byte)).await?;
	assert!(matches!(read, Ok(0) | Err(_)), "the node answered a connection it should close");
	assert!(started.elapsed() < Duration::from_secs(1), "closed only by the header timeout");
	assert_eq!(client.cat(&cid).await?, doc);
	drop(held);
	Ok(())
}

/// A TCP connection to the node's `port` from the loopback address `source` (127.0.0.0/8 is
/// all this host's, so tests can play several remote addresses).
async fn connect_from(source: &str, port: u16) -> Result<TcpStream> {
	let socket = tokio::net::TcpSocket::new_v4()?;
	socket.bind(format!("{source}:0").parse()?)?;
	Ok(socket.connect(([127, 0, 0, 1], port).into()).await?)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_full_store_refuses_adds_and_fetches_and_keeps_nothing() -> Result<()> {
	let quota = ["--store-quota-mib".to_string(), "1".to_string()];
	let a = DocNode::start("docs-quota-a", &quota)?;
	// Five chunks: over the quota of four.
	let doc = content(5 * profile::CHUNK_SIZE + 5);
	let (blocks, root) = profile::import(&doc);
	let tmp = tempfile::tempdir()?;
	let file = write_temp(tmp.path(), "doc.bin", &doc);

	// An add over the quota: 507, and none of the blocks it had written is left.
	let (status, body) =
		http("POST", &format!("{}/api/v0/add?cid-version=1", a.api_url()), Some(&file))?;
	let body = String::from_utf8_lossy(&body);
	assert_eq!(status, 507, "{body}");
	assert!(body.contains("--store-quota-mib"), "{body}");
	for block in &blocks {
		assert!(block_file(a.data_dir(), &block.cid.to_string()).is_none(), "{} left", block.cid);
	}
	// What fits is still stored.
	let small = content(1000);
	let small_cid = a.client().add("small.bin", &small).await?;
	assert_eq!(a.client().cat(&small_cid).await?, small);

	// A fetch over the quota: B wants a document A has that does not fit B's store.
	let big = DocNode::start("docs-quota-big", &[])?;
	let big_cid = big.client().add("doc.bin", &doc).await?;
	assert_eq!(big_cid, root.to_string());
	let mut args = quota.to_vec();
	args.extend(["--peer".to_string(), big.swarm_addr()]);
	let b = DocNode::start("docs-quota-b", &args)?;
	let started = Instant::now();
	let refused = loop {
		let (status, body) =
			http("POST", &format!("{}/api/v0/pin/add?arg={big_cid}", b.api_url()), None)?;
		let body = String::from_utf8_lossy(&body).into_owned();
		// 504 until the two nodes are connected.
		if status != 504 || started.elapsed() > Duration::from_secs(30) {
			break (status, body);
		}
	};
	assert_eq!(refused.0, 507, "{}\nB:\n{}", refused.1, b.log_text());
	// The undo runs before the answer.
	for block in &blocks {
		assert!(block_file(b.data_dir(), &block.cid.to_string()).is_none(), "{} left", block.cid);
	}
	Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_node_outside_the_consortium_gets_no_blocks() -> Result<()> {
	let a = DocNode::start("docs-member", &[])?;
	let cid = a.client().add("secret.age", b"ciphertext of a member's document").await?;
	let stranger = DocNode::start_outsider(
		"docs-stranger",
		&["--peer".into(), a.swarm_addr(), "--fetch-timeout-secs".into(), "2".into()],
	)?;
	let stranger_id = stranger.client().id().await?["ID"].as_str().unwrap_or_default().to_string();
	// It dials A every 2 s; A refuses each time and says so.
	let started = Instant::now();
	while !a.log_text().contains(&format!("refused a connection with peer {stranger_id}")) {
		assert!(started.elapsed() < Duration::from_secs(15), "A never refused:\n{}", a.log_text());
		tokio::time::sleep(Duration::from_millis(300)).await;
	}
	let err = stranger.client().cat(&cid).await.expect_err("a stranger fetched a document");
	assert!(err.to_string().contains("504"), "{err}");
	Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_api_beyond_loopback_needs_a_token() -> Result<()> {
	let dir = tempfile::tempdir()?;
	let port = safetynet_e2e::node::free_port()?;
	let gateway_port = safetynet_e2e::node::free_port()?;
	let base = |api: &str| {
		let mut cmd = std::process::Command::new(docs_binary().unwrap());
		cmd.arg("--data-dir").arg(dir.path().join("data"));
		cmd.args(["--api", api, "--gateway", &format!("127.0.0.1:{gateway_port}")]);
		cmd.args(["--swarm", "/ip4/127.0.0.1/tcp/0"]);
		cmd
	};

	// Without a token it does not start.
	let out = base(&format!("0.0.0.0:{port}")).output()?;
	assert!(!out.status.success());
	assert!(String::from_utf8_lossy(&out.stderr).contains("--api-token-file"));

	// With one, every API request must carry it.
	let secret = "7f3a9c1e5b2d4f6a8c0e1b3d5f7a9c2e";
	let token_file = write_temp(dir.path(), "token", format!("{secret}\n").as_bytes());
	let mut child = base(&format!("0.0.0.0:{port}"))
		.arg("--api-token-file")
		.arg(&token_file)
		.stdout(std::process::Stdio::null())
		.stderr(std::process::Stdio::null())
		.spawn()?;
	let curl = |auth: Option<&str>| -> Result<String> {
		let mut cmd = std::process::Command::new("curl");
		cmd.args(["-s", "-m", "2", "-X", "POST", "-o", "/dev/null", "-w", "%{http_code}"]);
		if let Some(token) = auth {
			cmd.args(["-H", &format!("Authorization: Bearer {token}")]);
		}
		let out = cmd.arg(format!("http://127.0.0.1:{port}/api/v0/id")).output()?;
		Ok(String::from_utf8_lossy(&out.stdout).into_owned())
	};
	let started = Instant::now();
	while curl(Some(secret))? != "200" {
		assert!(started.elapsed() < Duration::from_secs(30), "the node did not start");
		tokio::time::sleep(Duration::from_millis(200)).await;
	}
	assert_eq!(curl(None)?, "401");
	assert_eq!(curl(Some("0000000000000000000000000000000000"))?, "401");
	safetynet_e2e::node::terminate(child.id());
	let _ = child.wait();
	Ok(())
}
