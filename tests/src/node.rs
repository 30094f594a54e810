//! Node processes: started on free loopback ports with their own data directories, stopped (and
//! their directories removed) when dropped.

use anyhow::{anyhow, bail, Context, Result};
use std::{
	net::TcpListener,
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};

/// The node binary under test: `$SAFETYNET_NODE_BIN`, else the release build in the cargo target
/// directory the scripts use.
pub fn node_binary() -> Result<PathBuf> {
	if let Some(bin) = std::env::var_os("SAFETYNET_NODE_BIN") {
		return Ok(bin.into());
	}
	let target = match std::env::var_os("CARGO_TARGET_DIR") {
		Some(dir) => PathBuf::from(dir),
		None => PathBuf::from(std::env::var("HOME")?).join(".cache/safetynet-chain/target"),
	};
	let bin = target.join("release/safetynet-node");
	if !bin.exists() {
		bail!("no node binary at {}: build it or set SAFETYNET_NODE_BIN", bin.display());
	}
	Ok(bin)
}

/// Ports handed out by [`free_port`]: below Linux's ephemeral range (32768 and up), so no
/// outgoing connection's local port can take one between the check and the child's bind.
const PORTS: std::ops::Range<u16> = 20_000..32_000;

/// The ports this process may hand out: `$SAFETYNET_PORTS` (`first-last`) when set, else
/// [`PORTS`]. `scripts/test.sh` runs end-to-end tests side by side, each lane in a range of its
/// own, so two tests never check the same port at the same moment.
fn port_range() -> Result<std::ops::Range<u16>> {
	let Ok(text) = std::env::var("SAFETYNET_PORTS") else { return Ok(PORTS) };
	let parsed = text.split_once('-').and_then(|(first, last)| {
		Some(first.trim().parse::<u16>().ok()?..last.trim().parse::<u16>().ok()?.checked_add(1)?)
	});
	match parsed {
		Some(range) if range.len() >= 1_000 => Ok(range),
		_ => bail!("SAFETYNET_PORTS={text:?}: expected first-last, at least 1 000 ports"),
	}
}

/// A loopback port nobody listens on right now, never the same twice in one test process.
pub fn free_port() -> Result<u16> {
	free_ports(1)
}

/// The first of `count` consecutive loopback ports nobody listens on right now, none of them
/// handed out before in this test process (a network of nodes numbers its ports from one base).
///
/// Asking the kernel for port 0 would return an ephemeral port, which any outgoing connection
/// (of this test or a concurrent one) may take before the child binds it: that raced in CI. Ports
/// are instead walked from a per-process starting point in [`port_range`], each checked by
/// binding.
pub fn free_ports(count: u16) -> Result<u16> {
	use std::sync::atomic::{AtomicU32, Ordering};
	static NEXT: AtomicU32 = AtomicU32::new(u32::MAX);
	let range = port_range()?;
	let span = u32::from(range.end - range.start);
	let count = u32::from(count.max(1));
	if count > span / 4 {
		bail!("{count} consecutive ports asked of the {span} in {range:?}");
	}
	let start = (std::process::id().wrapping_mul(7919)) % span;
	let _ = NEXT.compare_exchange(u32::MAX, start, Ordering::SeqCst, Ordering::SeqCst);
	for _ in 0..span {
		let offset = NEXT.fetch_add(count, Ordering::SeqCst) % span;
		if offset + count > span {
			continue;
		}
		let base = range.start + offset as u16;
		if (base..base + count as u16).all(|port| TcpListener::bind(("127.0.0.1", port)).is_ok()) {
			return Ok(base);
		}
	}
	bail!("no {count} free loopback ports in {range:?}")
}

/// A directory removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
	/// A fresh directory under the system's temporary directory.
	pub fn new(prefix: &str) -> Result<Self> {
		let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_nanos();
		let path =
			std::env::temp_dir().join(format!("safetynet-{prefix}-{}-{nanos}", std::process::id()));
		std::fs::create_dir_all(&path)?;
		Ok(TempDir(path))
	}

	pub fn path(&self) -> &Path {
		&self.0
	}
}

/// Set to keep every [`TempDir`] (its path is printed): `scripts/benchmark-machine.sh` measures
/// the database a load run left behind, and a failing test's node logs can be read afterwards.
const KEEP_TEMP: &str = "SAFETYNET_KEEP_TEMP";

impl Drop for TempDir {
	fn drop(&mut self) {
		if std::env::var_os(KEEP_TEMP).is_some() {
			eprintln!("{KEEP_TEMP}: kept {}", self.0.display());
		} else {
			let _ = std::fs::remove_dir_all(&self.0);
		}
	}
}

/// Sends SIGTERM to `pid`, the way an operator's Ctrl-C or a service manager stops a node.
pub fn terminate(pid: u32) {
	let _ = Command::new("kill").arg("-TERM").arg(pid.to_string()).status();
}

/// Waits up to `timeout` for `child` to exit; kills it if it does not.
pub fn wait_or_kill(child: &mut Child, timeout: Duration) -> Option<std::process::ExitStatus> {
	let deadline = Instant::now() + timeout;
	while Instant::now() < deadline {
		if let Ok(Some(status)) = child.try_wait() {
			return Some(status);
		}
		std::thread::sleep(Duration::from_millis(100));
	}
	let _ = child.kill();
	let _ = child.wait();
	None
}

/// A running `safetynet-node`.
pub struct Node {
	child: Child,
	/// The RPC port (WebSocket and HTTP).
	pub rpc_port: u16,
	/// Where the node's log goes.
	pub log: PathBuf,
	_dir: TempDir,
}

impl Node {
	/// A development node (`--dev`): one node, one agency, Alice its administrator and the
	/// council's one seat. Returns once the node has produced its first block, so the chain's
	/// clock is set (a runtime reads a timestamp of zero at genesis).
	pub fn dev() -> Result<Node> {
		Self::dev_with(&[])
	}

	/// A development node with `extra` arguments (e.g. `--ipfs-api`).
	pub fn dev_with(extra: &[String]) -> Result<Node> {
		let mut args = vec!["--dev".to_string()];
		args.extend_from_slice(extra);
		let node = Self::start("dev", &args)?;
		wait_for_block(node.rpc_port, 1, Duration::from_secs(60))
			.map_err(|e| anyhow!("{e}\n{}", node.log_tail()))?;
		Ok(node)
	}

	/// Starts the node binary with `args` plus a private data directory, free ports and no
	/// outside connections.
	pub fn start(name: &str, args: &[String]) -> Result<Node> {
		let dir = TempDir::new(name)?;
		let rpc_port = free_port()?;
		let p2p_port = free_port()?;
		let log = dir.path().join("node.log");
		let log_file = std::fs::File::create(&log)?;
		let child = Command::new(node_binary()?)
			.args(args)
			.arg("--base-path")
			.arg(dir.path().join("data"))
			.args(["--rpc-port", &rpc_port.to_string()])
			.args(["--listen-addr", &format!("/ip4/127.0.0.1/tcp/{p2p_port}")])
			.args(["--no-telemetry", "--no-mdns"])
			// Prometheus stays off unless the test asks for it on a port of its own.
			.args((!args.iter().any(|a| a == "--prometheus-port")).then_some("--no-prometheus"))
			.stdout(Stdio::null())
			.stderr(log_file)
			.spawn()
			.context("starting safetynet-node")?;
		let mut node = Node { child, rpc_port, log, _dir: dir };
		node.wait_until_ready(Duration::from_secs(60))?;
		Ok(node)
	}

	/// The node's WebSocket RPC address.
	pub fn ws_url(&self) -> String {
		format!("ws://127.0.0.1:{}", self.rpc_port)
	}

	/// The node's log so far, for failure messages.
	pub fn log_tail(&self) -> String {
		let text = std::fs::read_to_string(&self.log).unwrap_or_default();
		let lines: Vec<&str> = text.lines().collect();
		lines[lines.len().saturating_sub(40)..].join("\n")
	}

	/// Waits for RPC to answer, failing at once (with the log) if the process dies first.
	fn wait_until_ready(&mut self, timeout: Duration) -> Result<()> {
		let deadline = Instant::now() + timeout;
		while Instant::now() < deadline {
			if let Some(status) = self.child.try_wait()? {
				bail!("the node exited with {status}:\n{}", self.log_tail());
			}
			if wait_for_rpc(self.rpc_port, Duration::from_secs(1)).is_ok() {
				return Ok(());
			}
		}
		Err(anyhow!("the node did not answer RPC within {timeout:?}:\n{}", self.log_tail()))
	}
}

impl Drop for Node {
	fn drop(&mut self) {
		terminate(self.child.id());
		wait_or_kill(&mut self.child, Duration::from_secs(20));
	}
}

/// Calls JSON-RPC `method` with `params` over HTTP on loopback `port`, with `extra` curl
/// arguments (e.g. headers); returns the whole JSON reply, error or result.
pub fn rpc_call(
	port: u16,
	method: &str,
	params: serde_json::Value,
	extra: &[&str],
) -> Result<serde_json::Value> {
	let body = serde_json::json!({ "id": 1, "jsonrpc": "2.0", "method": method, "params": params });
	let out = Command::new("curl")
		.args(["-s", "-m", "5", "-H", "Content-Type: application/json"])
		.args(extra)
		.args(["-d", &body.to_string()])
		.arg(format!("http://127.0.0.1:{port}"))
		.output()?;
	serde_json::from_slice(&out.stdout).with_context(|| {
		format!("{method} on port {port}: {}", String::from_utf8_lossy(&out.stdout))
	})
}

/// The number of the best block of the node on `port`.
pub fn best_block(port: u16) -> Result<u64> {
	let header = rpc_call(port, "chain_getHeader", serde_json::json!([]), &[])?;
	header["result"]["number"]
		.as_str()
		.and_then(|hex| u64::from_str_radix(hex.trim_start_matches("0x"), 16).ok())
		.ok_or_else(|| anyhow!("no header from port {port}: {header}"))
}

/// Waits until the node on `port` has a best block numbered at least `number`.
pub fn wait_for_block(port: u16, number: u64, timeout: Duration) -> Result<()> {
	let deadline = Instant::now() + timeout;
	while Instant::now() < deadline {
		if best_block(port).is_ok_and(|best| best >= number) {
			return Ok(());
		}
		std::thread::sleep(Duration::from_millis(250));
	}
	bail!("no block #{number} on port {port} within {timeout:?}")
}

/// The libp2p PeerId (base58) of the node key `hex_key`, as the node binary derives it.
pub fn peer_id_of(hex_key: &str) -> Result<String> {
	use std::io::Write;
	let mut child = Command::new(node_binary()?)
		.args(["key", "inspect-node-key"])
		.stdin(Stdio::piped())
		.stdout(Stdio::piped())
		.stderr(Stdio::null())
		.spawn()?;
	child.stdin.take().context("stdin")?.write_all(hex_key.as_bytes())?;
	let out = child.wait_with_output()?;
	if !out.status.success() {
		bail!("key inspect-node-key failed on {hex_key}");
	}
	Ok(String::from_utf8(out.stdout)?.trim().to_string())
}

/// The node's Prometheus metrics on `port`, as text.
pub fn metrics_text(port: u16) -> Result<String> {
	let out = Command::new("curl")
		.args(["-s", "-m", "5"])
		.arg(format!("http://127.0.0.1:{port}/metrics"))
		.output()?;
	Ok(String::from_utf8(out.stdout)?)
}

/// The value of the series `name{labels}` (labels as Prometheus prints them, `a="x",b="y"`),
/// matching a line that carries at least those labels (Substrate adds its own, such as
/// `chain`), or `None` if the node does not export it.
pub fn metric(text: &str, series: &str) -> Option<f64> {
	let (name, wanted) = match series.split_once('{') {
		Some((name, labels)) => (name, labels.trim_end_matches('}')),
		None => (series, ""),
	};
	text.lines().find_map(|line| {
		let (head, value) = line.rsplit_once(' ')?;
		let labels = match head.strip_prefix(name)? {
			"" => "",
			rest => rest.strip_prefix('{')?.strip_suffix('}')?,
		};
		let present = labels.split(',').collect::<Vec<_>>();
		let all = wanted.split(',').filter(|l| !l.is_empty()).all(|l| present.contains(&l));
		all.then(|| value.trim().parse().ok())?
	})
}

/// Waits until something answers JSON-RPC `system_health` on `port`.
pub fn wait_for_rpc(port: u16, timeout: Duration) -> Result<()> {
	let deadline = Instant::now() + timeout;
	let body = r#"{"id":1,"jsonrpc":"2.0","method":"system_health","params":[]}"#;
	while Instant::now() < deadline {
		let answered = Command::new("curl")
			.args(["-s", "-m", "2", "-H", "Content-Type: application/json", "-d", body])
			.arg(format!("http://127.0.0.1:{port}"))
			.output()
			.map(|out| String::from_utf8_lossy(&out.stdout).contains("\"result\""))
			.unwrap_or(false);
		if answered {
			return Ok(());
		}
		std::thread::sleep(Duration::from_millis(250));
	}
	bail!("nothing answered RPC on port {port} within {timeout:?}")
}
