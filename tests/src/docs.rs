//! Document node processes (`safetynet-docs`): started on free loopback ports with their own
//! data directories, stopped with SIGTERM when dropped.
//!
//! A document node exchanges blocks only with the consortium's nodes (`--peer`, `--allow-peer`),
//! while tests start nodes one after another and peer them one way (`B --peer A`). So the nodes
//! [`DocNode::start`] starts form a test consortium: each takes one of a fixed set of identities
//! made up front, and allows all of them. [`DocNode::start_outsider`] starts a node outside it.

use crate::{
	chain::keypair,
	node::{free_port, terminate, wait_or_kill, TempDir},
	runtime::{self, runtime_types::bounded_collections::bounded_vec::BoundedVec},
};
use anyhow::{anyhow, bail, ensure, Context, Result};
use safetynet_docs::{client::KuboClient, keys::KeysClient};
use std::{
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	sync::{
		atomic::{AtomicUsize, Ordering},
		OnceLock,
	},
	time::{Duration, Instant},
};
use subxt_signer::sr25519::Keypair;

/// The document node binary: `$SAFETYNET_DOCS_BIN`, else the release build beside the node's.
pub fn docs_binary() -> Result<PathBuf> {
	if let Some(bin) = std::env::var_os("SAFETYNET_DOCS_BIN") {
		return Ok(bin.into());
	}
	let node = crate::node::node_binary()?;
	let bin = node.with_file_name("safetynet-docs");
	if !bin.exists() {
		bail!("no document node binary at {}: build the workspace", bin.display());
	}
	Ok(bin)
}

/// The identities of the test consortium: more than any test runs at once.
const CONSORTIUM_SIZE: usize = 8;

/// The test consortium's identities (libp2p key files' bytes) and their peer ids.
struct Consortium {
	keys: Vec<Vec<u8>>,
	ids: Vec<String>,
}

fn consortium() -> Result<&'static Consortium> {
	static CONSORTIUM: OnceLock<std::result::Result<Consortium, String>> = OnceLock::new();
	let made = CONSORTIUM.get_or_init(|| make_consortium().map_err(|e| format!("{e:#}")));
	made.as_ref()
		.map_err(|e| anyhow!("cannot make the test consortium's identities: {e}"))
}

fn make_consortium() -> Result<Consortium> {
	let dir = TempDir::new("docs-consortium")?;
	let (mut keys, mut ids) = (Vec::new(), Vec::new());
	for i in 0..CONSORTIUM_SIZE {
		let data = dir.path().join(i.to_string());
		let out = Command::new(docs_binary()?)
			.arg("peer-id")
			.arg("--data-dir")
			.arg(&data)
			.output()?;
		if !out.status.success() {
			bail!("safetynet-docs peer-id: {}", String::from_utf8_lossy(&out.stderr));
		}
		ids.push(String::from_utf8(out.stdout)?.trim().to_string());
		keys.push(std::fs::read(data.join("peer-identity.key"))?);
	}
	Ok(Consortium { keys, ids })
}

/// A running document node.
pub struct DocNode {
	child: Option<Child>,
	pub api_port: u16,
	pub gateway_port: u16,
	pub swarm_port: u16,
	pub log: PathBuf,
	data: PathBuf,
	extra: Vec<String>,
	_dir: std::sync::Arc<TempDir>,
}

impl DocNode {
	/// Starts a document node of the test consortium with `extra` arguments (`--peer ...`,
	/// limits): it exchanges blocks with every other node started this way.
	pub fn start(name: &str, extra: &[String]) -> Result<DocNode> {
		static NEXT: AtomicUsize = AtomicUsize::new(0);
		let consortium = consortium()?;
		let member = NEXT.fetch_add(1, Ordering::Relaxed) % CONSORTIUM_SIZE;
		let mut args = extra.to_vec();
		for id in &consortium.ids {
			args.extend(["--allow-peer".to_string(), id.clone()]);
		}
		DocNode::start_with_key(name, &args, Some(&consortium.keys[member]))
	}

	/// Starts a document node outside the test consortium: a fresh identity, and only the
	/// `--peer` and `--allow-peer` of `extra`.
	pub fn start_outsider(name: &str, extra: &[String]) -> Result<DocNode> {
		DocNode::start_with_key(name, extra, None)
	}

	fn start_with_key(name: &str, extra: &[String], key: Option<&[u8]>) -> Result<DocNode> {
		let dir = std::sync::Arc::new(TempDir::new(name)?);
		let mut node = DocNode {
			child: None,
			api_port: free_port()?,
			gateway_port: free_port()?,
			swarm_port: free_port()?,
			log: dir.path().join("docs.log"),
			data: dir.path().join("data"),
			extra: extra.to_vec(),
			_dir: dir,
		};
		if let Some(key) = key {
			std::fs::create_dir_all(&node.data)?;
			std::fs::write(node.data.join("peer-identity.key"), key)?;
		}
		node.spawn()?;
		Ok(node)
	}

	fn spawn(&mut self) -> Result<()> {
		let log = std::fs::OpenOptions::new().create(true).append(true).open(&self.log)?;
		let child = Command::new(docs_binary()?)
			.arg("--data-dir")
			.arg(&self.data)
			.args(["--api", &format!("127.0.0.1:{}", self.api_port)])
			.args(["--gateway", &format!("127.0.0.1:{}", self.gateway_port)])
			.args(["--swarm", &self.swarm_addr()])
			.args(&self.extra)
			.stdout(log.try_clone()?)
			.stderr(log)
			.spawn()
			.context("starting safetynet-docs")?;
		self.child = Some(child);
		self.wait_until_ready(Duration::from_secs(30))
	}

	/// Stops the node (SIGTERM) and starts it again on the same data directory and ports.
	pub fn restart(&mut self) -> Result<()> {
		self.stop();
		self.spawn()
	}

	/// Restarts the node with `more` arguments from now on (say `--chain`, once a chain runs).
	pub fn restart_with(&mut self, more: &[String]) -> Result<()> {
		self.extra.extend_from_slice(more);
		self.restart()
	}

	/// Stops the node (SIGTERM); [`DocNode::restart`] starts it again.
	pub fn stop(&mut self) {
		if let Some(mut child) = self.child.take() {
			terminate(child.id());
			wait_or_kill(&mut child, Duration::from_secs(20));
		}
	}

	/// The libp2p address other document nodes dial.
	pub fn swarm_addr(&self) -> String {
		format!("/ip4/127.0.0.1/tcp/{}", self.swarm_port)
	}

	/// The Kubo RPC API base URL.
	pub fn api_url(&self) -> String {
		format!("http://127.0.0.1:{}", self.api_port)
	}

	/// The gateway base URL.
	pub fn gateway_url(&self) -> String {
		format!("http://127.0.0.1:{}", self.gateway_port)
	}

	/// A Kubo client of this node.
	pub fn client(&self) -> KuboClient {
		KuboClient::new(&self.api_url())
	}

	/// The data directory.
	pub fn data_dir(&self) -> &Path {
		&self.data
	}

	/// The node's log so far.
	pub fn log_text(&self) -> String {
		std::fs::read_to_string(&self.log).unwrap_or_default()
	}

	fn wait_until_ready(&mut self, timeout: Duration) -> Result<()> {
		let deadline = Instant::now() + timeout;
		while Instant::now() < deadline {
			if let Some(status) = self.child.as_mut().and_then(|c| c.try_wait().ok().flatten()) {
				bail!("safetynet-docs exited with {status}:\n{}", self.log_text());
			}
			let out = Command::new("curl")
				.args(["-s", "-m", "2", "-X", "POST"])
				.arg(format!("{}/api/v0/id", self.api_url()))
				.output()?;
			if String::from_utf8_lossy(&out.stdout).contains("\"ID\"") {
				return Ok(());
			}
			std::thread::sleep(Duration::from_millis(200));
		}
		Err(anyhow!("safetynet-docs did not answer within {timeout:?}:\n{}", self.log_text()))
	}
}

impl Drop for DocNode {
	fn drop(&mut self) {
		self.stop();
	}
}

/// An HTTP exchange with curl: status code and body.
pub fn http(method: &str, url: &str, form_file: Option<&Path>) -> Result<(u16, Vec<u8>)> {
	let mut cmd = Command::new("curl");
	cmd.args(["-s", "-m", "60", "-X", method, "-o", "-", "-w", "\n%{http_code}"])
		.arg(url);
	if let Some(file) = form_file {
		cmd.arg("-F").arg(format!("file=@{}", file.display()));
	}
	let out = cmd.stderr(Stdio::null()).output()?;
	let text = out.stdout;
	let split = text
		.iter()
		.rposition(|b| *b == b'\n')
		.ok_or_else(|| anyhow!("no status from curl"))?;
	let status = std::str::from_utf8(&text[split + 1..])?.trim().parse()?;
	Ok((status, text[..split].to_vec()))
}

/// Finds the file holding block `cid` in a document node's data directory.
pub fn block_file(data_dir: &Path, cid: &str) -> Option<PathBuf> {
	let wanted = format!("{cid}.data");
	let mut stack = vec![data_dir.to_path_buf()];
	while let Some(dir) = stack.pop() {
		for entry in std::fs::read_dir(&dir).ok()?.flatten() {
			let path = entry.path();
			if path.is_dir() {
				stack.push(path);
			} else if path.file_name().is_some_and(|n| n.to_string_lossy() == wanted) {
				return Some(path);
			}
		}
	}
	None
}

/// Fetches a file through `client` until it arrives or `timeout` passes: a document added at
/// another agency's node reaches this one over bitswap once the two are connected. The error is
/// the last one the node gave.
pub async fn cat_within(client: &KuboClient, cid: &str, timeout: Duration) -> Result<Vec<u8>> {
	let deadline = Instant::now() + timeout;
	loop {
		match client.cat(cid).await {
			Ok(fetched) => return Ok(fetched),
			Err(e) if Instant::now() > deadline => return Err(e),
			Err(e) => {
				eprintln!("{cid} not here yet: {e}");
				tokio::time::sleep(Duration::from_millis(500)).await;
			},
		}
	}
}

/// The custody of `node` (agency, recipient, custodian key), once it has reached the chain.
pub async fn custody_of(node: &DocNode) -> Result<serde_json::Value> {
	custody_at(&node.gateway_url()).await.map_err(|e| e.context(node.log_text()))
}

/// The custody answered at `gateway_url` (a document node's path gateway), once its node has
/// reached the chain (within 30 s).
pub async fn custody_at(gateway_url: &str) -> Result<serde_json::Value> {
	let client = KeysClient::new(gateway_url);
	let deadline = Instant::now() + Duration::from_secs(30);
	loop {
		match client.custodian().await {
			Ok(custody) => return Ok(custody),
			Err(e) if Instant::now() > deadline =>
				return Err(e.context(format!("custody of {gateway_url}"))),
			Err(_) => tokio::time::sleep(Duration::from_millis(300)).await,
		}
	}
}

/// `admin` registers `node` as `agency`'s custodian: its custody recipient and custodian key.
pub async fn register_custodian(
	dev: &crate::setup::Dev,
	admin: &Keypair,
	agency: u32,
	seal: &str,
	node: &DocNode,
) -> Result<()> {
	let custody = custody_of(node).await?;
	let recipient = custody["recipient"].as_str().context("recipient")?.to_string();
	let keys = runtime::transactions().documents().set_agency_keys(
		agency,
		keypair(seal).public_key().0,
		BoundedVec(recipient.into_bytes()),
	);
	dev.submit(&keys, admin).await?;
	set_custodian_at(&dev.api, &dev.node.ws_url(), admin, agency, &node.gateway_url()).await
}

/// Over the node at `url`, `admin` registers the document node whose path gateway is at
/// `gateway_url` as `agency`'s custodian (its custodian key; the agency's recipient must already
/// be the node's custody recipient).
pub async fn set_custodian_at(
	api: &crate::chain::Client,
	url: &str,
	admin: &Keypair,
	agency: u32,
	gateway_url: &str,
) -> Result<()> {
	let custody = custody_at(gateway_url).await?;
	ensure!(custody["agency"] == agency, "the node keeps another agency's keys: {custody}");
	let custodian: [u8; 32] =
		safetynet_docs::chain::decode_hex(custody["custodian"].as_str().context("custodian")?)?
			.try_into()
			.map_err(|_| anyhow!("custodian key"))?;
	let call = runtime::transactions().documents().set_custodian(agency, custodian);
	crate::chain::submit_in_block(api, url, &call, admin).await?;
	Ok(())
}

/// A test keypair as the key client's signer.
pub struct KeySigner<'a>(pub &'a Keypair);

impl safetynet_docs::keys::AccountSigner for KeySigner<'_> {
	fn public(&self) -> [u8; 32] {
		self.0.public_key().0
	}
	fn sign(&self, message: &[u8]) -> [u8; 64] {
		self.0.sign(message).0
	}
}

/// `staff` records an access to `document` of `case`; returns the receipt's number.
pub async fn record_access(
	dev: &crate::setup::Dev,
	staff: &Keypair,
	case: u64,
	document: &str,
) -> Result<u32> {
	let call = runtime::transactions()
		.documents()
		.record_access(case, crate::chain::chain_cid(document)?);
	let (events, _) = dev.submit(&call, staff).await?;
	let accessed = events
		.find_first::<runtime::documents::events::DocumentAccessed>()
		.ok_or_else(|| anyhow!("no DocumentAccessed event"))??;
	ensure!(accessed.case == case, "a receipt for case {}", accessed.case);
	Ok(accessed.receipt)
}
