//! Validator nodes of the `local` chain started one by one, so a test can kill, restart, wipe
//! and add each of them: what `scripts/start-consortium.sh` does for the four agencies' nodes,
//! without their document nodes, and with each node's life in the test's hands.

use crate::{
	chain::{self, Client},
	node::{free_port, node_binary, peer_id_of, rpc_call, wait_or_kill, TempDir},
	repo_root,
};
use anyhow::{anyhow, bail, Context, Result};
use std::{
	path::PathBuf,
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};

/// The genesis validators of `local`, in agency order: each runs with the development keys of
/// its name (`--alice`, ...), as the start script's nodes do.
pub const GENESIS: [&str; 4] = ["alice", "bob", "charlie", "dave"];

/// One node of the cluster.
pub struct ClusterNode {
	/// Its name: the development key flag for the genesis validators, a label otherwise.
	pub name: String,
	pub rpc_port: u16,
	pub p2p_port: u16,
	/// Its libp2p node key (hex) and the PeerId derived from it.
	pub node_key: String,
	pub peer_id: String,
	base: PathBuf,
	/// The chain spec it starts with.
	spec: PathBuf,
	args: Vec<String>,
	child: Option<Child>,
}

impl ClusterNode {
	/// The node's multiaddress, for other nodes' reserved peers.
	pub fn address(&self) -> String {
		format!("/ip4/127.0.0.1/tcp/{}/p2p/{}", self.p2p_port, self.peer_id)
	}

	/// The node's WebSocket RPC URL.
	pub fn url(&self) -> String {
		format!("ws://127.0.0.1:{}", self.rpc_port)
	}

	/// Where the node keeps its database and keystore.
	pub fn base_path(&self) -> &PathBuf {
		&self.base
	}

	/// The node's log file (appended to across restarts).
	pub fn log_path(&self) -> PathBuf {
		self.base.with_extension("log")
	}

	/// The last lines of its log, for failure messages.
	pub fn log_tail(&self) -> String {
		let text = std::fs::read_to_string(self.log_path()).unwrap_or_default();
		let lines: Vec<&str> = text.lines().collect();
		lines[lines.len().saturating_sub(30)..].join("\n")
	}

	/// Whether the process is running.
	pub fn is_running(&mut self) -> bool {
		self.child.as_mut().is_some_and(|c| matches!(c.try_wait(), Ok(None)))
	}

	/// Starts the node on its database (new or kept) and waits until RPC answers.
	pub fn start(&mut self, reserved: &[String]) -> Result<()> {
		if self.is_running() {
			bail!("{} is already running", self.name);
		}
		let log = std::fs::OpenOptions::new().create(true).append(true).open(self.log_path())?;
		let mut command = Command::new(node_binary()?);
		command
			.arg("--chain")
			.arg(&self.spec)
			.arg("--base-path")
			.arg(&self.base)
			.args(["--listen-addr", &format!("/ip4/127.0.0.1/tcp/{}", self.p2p_port)])
			.args(["--rpc-port", &self.rpc_port.to_string()])
			.args(["--node-key", &self.node_key])
			.args(["--reserved-only", "--network-backend", "libp2p"])
			.args(["--no-mdns", "--no-prometheus", "--no-telemetry"])
			.args(&self.args);
		for address in reserved {
			command.args(["--reserved-nodes", address]);
		}
		let child = command
			.stdout(Stdio::null())
			.stderr(log)
			.spawn()
			.with_context(|| format!("starting {}", self.name))?;
		self.child = Some(child);
		let deadline = Instant::now() + Duration::from_secs(120);
		while Instant::now() < deadline {
			if !self.is_running() {
				bail!("{} exited at start:\n{}", self.name, self.log_tail());
			}
			if self.best().is_ok() {
				return Ok(());
			}
			std::thread::sleep(Duration::from_millis(250));
		}
		bail!("{} did not answer RPC within two minutes:\n{}", self.name, self.log_tail())
	}

	/// Sends `signal` (`KILL`, `TERM`) and waits for the process to end.
	pub fn kill(&mut self, signal: &str) {
		if let Some(mut child) = self.child.take() {
			let _ = Command::new("kill")
				.arg(format!("-{signal}"))
				.arg(child.id().to_string())
				.status();
			wait_or_kill(&mut child, Duration::from_secs(30));
		}
	}

	/// Replaces the extra arguments the node starts with next time.
	pub fn set_args(&mut self, args: &[String]) {
		self.args = args.to_vec();
	}

	/// Deletes the node's chain database, keeping its keystore and node key: a lost disk
	/// replaced from the backup of its keys only.
	pub fn wipe_database(&self) -> Result<()> {
		let chains = self.base.join("chains");
		for chain in std::fs::read_dir(&chains).with_context(|| format!("{chains:?}"))? {
			let db = chain?.path().join("paritydb");
			if db.exists() {
				std::fs::remove_dir_all(&db)?;
			}
		}
		Ok(())
	}

	/// Whether the node has a chain database on disk.
	pub fn has_database(&self) -> Result<bool> {
		let chains = self.base.join("chains");
		for chain in std::fs::read_dir(&chains).with_context(|| format!("{chains:?}"))? {
			if chain?.path().join("paritydb").exists() {
				return Ok(true);
			}
		}
		Ok(false)
	}

	/// The number of the node's best block.
	pub fn best(&self) -> Result<u64> {
		crate::node::best_block(self.rpc_port)
	}

	/// The number of the node's last finalised block.
	pub fn finalized(&self) -> Result<u64> {
		let hash = rpc_call(self.rpc_port, "chain_getFinalizedHead", serde_json::json!([]), &[])?;
		let hash = hash["result"].as_str().ok_or_else(|| anyhow!("no finalized head: {hash}"))?;
		let header = rpc_call(self.rpc_port, "chain_getHeader", serde_json::json!([hash]), &[])?;
		header["result"]["number"]
			.as_str()
			.and_then(|hex| u64::from_str_radix(hex.trim_start_matches("0x"), 16).ok())
			.ok_or_else(|| anyhow!("no header for {hash}: {header}"))
	}

	/// A subxt client of the node.
	pub async fn client(&self) -> Result<Client> {
		chain::connect(&self.url()).await
	}
}

impl Drop for ClusterNode {
	fn drop(&mut self) {
		self.kill("TERM");
	}
}

/// Nodes of the `local` chain in one temporary directory, each started, stopped and restarted by
/// the test. Every node lists every other as a reserved peer.
pub struct Cluster {
	_dir: TempDir,
	dir: PathBuf,
	/// The chain spec every node starts with.
	spec: PathBuf,
	pub nodes: Vec<ClusterNode>,
}

impl Cluster {
	/// [`Cluster::start_on`] the committed `local` chain spec.
	pub fn start() -> Result<Cluster> {
		Self::start_on(repo_root().join("chain-specs/local.json"))
	}

	/// Starts the four genesis validators of the `local` chain spec `spec` (today's, or a
	/// fixture of an older release) with the node keys `0x00…01` to `0x00…04` it authorises,
	/// and waits until every one has finalised a block.
	pub fn start_on(spec: PathBuf) -> Result<Cluster> {
		let dir = TempDir::new("cluster")?;
		let path = dir.path().to_path_buf();
		let mut cluster = Cluster { _dir: dir, dir: path, spec, nodes: Vec::new() };
		for (i, name) in GENESIS.iter().enumerate() {
			cluster.add(name, &format!("{:064x}", i + 1), &[format!("--{name}")])?;
		}
		for i in 0..GENESIS.len() {
			cluster.start_node(i)?;
		}
		for i in 0..GENESIS.len() {
			cluster.wait_finalized(i, 1, Duration::from_secs(120))?;
		}
		Ok(cluster)
	}

	/// Adds a node named `name` with node key `node_key` and extra `args`, not yet started;
	/// returns its index.
	pub fn add(&mut self, name: &str, node_key: &str, args: &[String]) -> Result<usize> {
		let node = ClusterNode {
			name: name.to_string(),
			rpc_port: free_port()?,
			p2p_port: free_port()?,
			node_key: node_key.to_string(),
			peer_id: peer_id_of(node_key)?,
			base: self.dir.join(name),
			spec: self.spec.clone(),
			args: args.to_vec(),
			child: None,
		};
		self.nodes.push(node);
		Ok(self.nodes.len() - 1)
	}

	/// Starts node `i` with every other node as a reserved peer.
	pub fn start_node(&mut self, i: usize) -> Result<()> {
		let reserved: Vec<String> = self
			.nodes
			.iter()
			.enumerate()
			.filter(|(j, _)| *j != i)
			.map(|(_, n)| n.address())
			.collect();
		self.nodes[i].start(&reserved)
	}

	/// Waits until node `i` has finalised block `number`.
	pub fn wait_finalized(&self, i: usize, number: u64, timeout: Duration) -> Result<()> {
		let node = &self.nodes[i];
		let deadline = Instant::now() + timeout;
		while Instant::now() < deadline {
			if node.finalized().is_ok_and(|f| f >= number) {
				return Ok(());
			}
			std::thread::sleep(Duration::from_millis(500));
		}
		bail!(
			"{} had not finalised #{number} within {timeout:?} (best {:?}, finalised {:?}):\n{}",
			node.name,
			node.best().ok(),
			node.finalized().ok(),
			node.log_tail()
		)
	}

	/// Waits until node `i`'s best block is at least `number`.
	pub fn wait_best(&self, i: usize, number: u64, timeout: Duration) -> Result<()> {
		crate::node::wait_for_block(self.nodes[i].rpc_port, number, timeout)
			.map_err(|e| anyhow!("{e}:\n{}", self.nodes[i].log_tail()))
	}
}
