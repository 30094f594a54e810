//! The citizen portal's web server (nginx, by `scripts/portal-server.sh`) on a loopback port, in
//! front of a test's gateway and document node, on one origin as in production.

use crate::node::{free_port, terminate, wait_or_kill, TempDir};
use anyhow::{bail, Context, Result};
use std::{
	path::PathBuf,
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};

/// A running portal web server.
pub struct PortalServer {
	child: Child,
	pub port: u16,
	dir: TempDir,
}

/// `http://host:port` (or `ws://…`) without its scheme, as nginx's `proxy_pass` takes it.
fn host_port(url: &str) -> &str {
	url.split("://").nth(1).unwrap_or(url).trim_end_matches('/')
}

impl PortalServer {
	/// Serves `portal/dist` with the gateway at `gateway_ws` and the document node at
	/// `docs_api` (Kubo API) and `docs_gateway` (path gateway and key custody).
	pub fn start(gateway_ws: &str, docs_api: &str, docs_gateway: &str) -> Result<PortalServer> {
		Self::start_with_custodians(gateway_ws, docs_api, docs_gateway, &[])
	}

	/// As [`PortalServer::start`], with each `(agency, gateway URL)` of `custodians` reached at
	/// `/agencies/<agency>/keys/`: the citizen portal's way to every agency's key custodian.
	pub fn start_with_custodians(
		gateway_ws: &str,
		docs_api: &str,
		docs_gateway: &str,
		custodians: &[(u32, String)],
	) -> Result<PortalServer> {
		let root = crate::repo_root();
		if !root.join("portal/dist/index.html").exists() {
			bail!("the portal is not built: scripts/test.sh builds it (ensure_portal)");
		}
		let dir = TempDir::new("portal")?;
		let port = free_port()?;
		let child = Command::new(root.join("scripts/portal-server.sh"))
			.args(["--run-dir", &dir.path().display().to_string()])
			.args(["--listen", &format!("127.0.0.1:{port}")])
			.args(["--gateway", host_port(gateway_ws)])
			.args(["--docs-api", host_port(docs_api)])
			.args(["--docs-gateway", host_port(docs_gateway)])
			.args(custodians.iter().flat_map(|(agency, url)| {
				["--custodian".to_string(), format!("{agency}={}", host_port(url))]
			}))
			.stdout(Stdio::null())
			.stderr(Stdio::null())
			.spawn()
			.context("starting scripts/portal-server.sh (nginx)")?;
		let mut server = PortalServer { child, port, dir };
		let deadline = Instant::now() + Duration::from_secs(30);
		while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
			if let Some(status) = server.child.try_wait()? {
				bail!("the portal server exited with {status}: {}", server.log_text());
			}
			if Instant::now() > deadline {
				bail!("the portal server did not listen within 30 s: {}", server.log_text());
			}
			std::thread::sleep(Duration::from_millis(100));
		}
		Ok(server)
	}

	/// The portal's address.
	pub fn url(&self) -> String {
		format!("http://127.0.0.1:{}", self.port)
	}

	/// nginx's error log.
	pub fn log_text(&self) -> String {
		std::fs::read_to_string(self.log_path()).unwrap_or_default()
	}

	fn log_path(&self) -> PathBuf {
		self.dir.path().join("error.log")
	}
}

impl Drop for PortalServer {
	fn drop(&mut self) {
		// nginx's master ends its workers on SIGTERM (fast shutdown).
		terminate(self.child.id());
		wait_or_kill(&mut self.child, Duration::from_secs(10));
	}
}
