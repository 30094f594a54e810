//! The citizen gateway (`safetynet-gateway`) as a process in front of a node, and a client that
//! signs in through it.

use crate::node::{free_port, terminate, wait_or_kill, TempDir};
use anyhow::{bail, Context, Result};
use std::{
	path::PathBuf,
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};
use subxt_signer::sr25519::Keypair;

/// The gateway binary: `$SAFETYNET_GATEWAY_BIN`, else the release build beside the node's.
pub fn gateway_binary() -> Result<PathBuf> {
	if let Some(bin) = std::env::var_os("SAFETYNET_GATEWAY_BIN") {
		return Ok(bin.into());
	}
	let bin = crate::node::node_binary()?.with_file_name("safetynet-gateway");
	if !bin.exists() {
		bail!("no gateway binary at {}: build the workspace", bin.display());
	}
	Ok(bin)
}

/// A running gateway, stopped when dropped.
pub struct Gateway {
	child: Child,
	/// Where citizens connect.
	pub port: u16,
	log: PathBuf,
	_dir: TempDir,
}

impl Gateway {
	/// Starts a gateway in front of the node at `node_url`, with `extra` flags.
	pub fn start(node_url: &str, extra: &[&str]) -> Result<Gateway> {
		let dir = TempDir::new("gateway")?;
		let port = free_port()?;
		let log = dir.path().join("gateway.log");
		let child = Command::new(gateway_binary()?)
			.args(["--listen", &format!("127.0.0.1:{port}"), "--node", node_url])
			.args(extra)
			.stdout(Stdio::null())
			.stderr(std::fs::File::create(&log)?)
			.spawn()
			.context("starting safetynet-gateway")?;
		let mut gateway = Gateway { child, port, log, _dir: dir };
		let deadline = Instant::now() + Duration::from_secs(30);
		while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
			if let Some(status) = gateway.child.try_wait()? {
				bail!("the gateway exited with {status}: {}", gateway.log_text());
			}
			if Instant::now() > deadline {
				bail!("the gateway did not listen within 30 s: {}", gateway.log_text());
			}
			std::thread::sleep(Duration::from_millis(100));
		}
		Ok(gateway)
	}

	/// The gateway's WebSocket address.
	pub fn ws_url(&self) -> String {
		format!("ws://127.0.0.1:{}", self.port)
	}

	/// What the gateway has logged.
	pub fn log_text(&self) -> String {
		std::fs::read_to_string(&self.log).unwrap_or_default()
	}
}

impl Drop for Gateway {
	fn drop(&mut self) {
		terminate(self.child.id());
		wait_or_kill(&mut self.child, Duration::from_secs(10));
	}
}

/// Signs the connection of `rpc` in as `who`: asks for a challenge and answers it.
pub async fn sign_in(rpc: &subxt_rpcs::RpcClient, who: &Keypair) -> Result<String> {
	let challenge: String = rpc
		.request("gateway_challenge", subxt_rpcs::rpc_params![])
		.await
		.context("challenge")?;
	let signature = crate::chain::hex(&who.sign(challenge.as_bytes()).0);
	let address = who.public_key().to_account_id().to_string();
	let signed_in: String = rpc
		.request("gateway_login", subxt_rpcs::rpc_params![address, signature])
		.await
		.context("login")?;
	Ok(signed_in)
}
