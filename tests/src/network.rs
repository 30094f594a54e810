//! The four-agency `local` network, as `scripts/start-consortium.sh` starts it from the
//! committed chain spec, on free loopback ports; and the council motions that govern it.

use crate::{
	chain::{self, account, keypair, Client, Events},
	node::{free_ports, terminate, wait_for_rpc, wait_or_kill, TempDir},
	repo_root, runtime,
};
use anyhow::{anyhow, bail, Context, Result};
use std::{
	process::{Child, Command, Stdio},
	time::Duration,
};
use subxt::{transactions::Payload, utils::H256};
use subxt_signer::sr25519::Keypair;

/// How many agencies (and validators) the network has.
pub const AGENCIES: usize = 4;

/// A running four-agency network, stopped when dropped.
pub struct Consortium {
	script: Child,
	run_dir: TempDir,
	/// The first RPC port; agency `i`'s node answers on `rpc_base + i`.
	pub rpc_base: u16,
	/// The first document node API port.
	pub docs_api_base: u16,
	/// A client of each agency's node.
	pub apis: Vec<Client>,
	/// The administrators of the agencies, who sit on the council: //Alice, //Bob, //Charlie,
	/// //Dave, and those of the agencies a test adds ([`Consortium::add_agency`]).
	pub admins: std::sync::Mutex<Vec<Keypair>>,
}

impl Consortium {
	/// Starts the network with fresh data directories and waits until every node answers.
	pub async fn start() -> Result<Consortium> {
		Self::start_with(&[]).await
	}

	/// As [`Consortium::start`], each chain node with the `extra` flags.
	pub async fn start_with(extra: &[String]) -> Result<Consortium> {
		Self::launch(None, extra).await
	}

	/// As [`Consortium::start`], from the chain spec at `spec` (e.g. the previous release's).
	pub async fn start_on(spec: &std::path::Path) -> Result<Consortium> {
		Self::launch(Some(spec), &[]).await
	}

	async fn launch(spec: Option<&std::path::Path>, extra: &[String]) -> Result<Consortium> {
		let run_dir = TempDir::new("consortium")?;
		// Five blocks of ports (RPC, p2p, document API, gateway, swarm), 100 apart.
		let rpc_base = free_ports(500)?;
		let docs_api_base = rpc_base + 200;
		let log = std::fs::File::create(run_dir.path().join("script.log"))?;
		let mut script = Command::new("bash");
		if let Some(spec) = spec {
			script.env("CHAIN_SPEC", spec);
		}
		let script = script
			.arg(repo_root().join("scripts/start-consortium.sh"))
			.env("SKIP_BUILD", "1")
			.env("SAFETYNET_RUN_DIR", run_dir.path())
			.env("RPC_PORT_BASE", rpc_base.to_string())
			.env("P2P_PORT_BASE", (rpc_base + 100).to_string())
			.env("DOCS_API_BASE", docs_api_base.to_string())
			.env("DOCS_GATEWAY_BASE", (rpc_base + 300).to_string())
			.env("DOCS_SWARM_BASE", (rpc_base + 400).to_string())
			.env("NODE_EXTRA_ARGS", extra.join(" "))
			.stdout(Stdio::null())
			.stderr(log)
			.spawn()
			.context("starting scripts/start-consortium.sh")?;
		let mut network = Consortium {
			script,
			run_dir,
			rpc_base,
			docs_api_base,
			apis: Vec::new(),
			admins: std::sync::Mutex::new(
				["//Alice", "//Bob", "//Charlie", "//Dave"].into_iter().map(keypair).collect(),
			),
		};
		for i in 0..AGENCIES as u16 {
			wait_for_rpc(rpc_base + i, Duration::from_secs(120))
				.map_err(|e| anyhow!("{e}\n{}", network.log()))?;
		}
		for i in 0..AGENCIES as u16 {
			network.apis.push(chain::connect(&network.url(i as usize)).await?);
		}
		Ok(network)
	}

	/// The WebSocket URL of agency `i`'s node.
	pub fn url(&self, i: usize) -> String {
		format!("ws://127.0.0.1:{}", self.rpc_base + i as u16)
	}

	/// The Kubo API URL of agency `i`'s document node.
	pub fn docs_api_url(&self, i: usize) -> String {
		format!("http://127.0.0.1:{}", self.docs_api_base + i as u16)
	}

	/// The path gateway (and key custody) URL of agency `i`'s document node.
	pub fn docs_gateway_url(&self, i: usize) -> String {
		format!("http://127.0.0.1:{}", self.rpc_base + 300 + i as u16)
	}

	/// The first agency's node's client.
	pub fn api(&self) -> &Client {
		&self.apis[0]
	}

	/// The chain nodes' logs, agency by agency.
	pub fn node_logs(&self) -> Vec<std::path::PathBuf> {
		crate::cluster::GENESIS
			.map(|name| self.run_dir.path().join("consortium").join(format!("{name}.log")))
			.to_vec()
	}

	/// What the start script has logged.
	pub fn log(&self) -> String {
		std::fs::read_to_string(self.run_dir.path().join("script.log")).unwrap_or_default()
	}

	/// Stops the network (SIGTERM to the script) and returns whether it stopped within a minute.
	pub fn stop(&mut self) -> bool {
		terminate(self.script.id());
		wait_or_kill(&mut self.script, Duration::from_secs(60)).is_some()
	}

	/// Signs and submits `call` through the first node; see [`chain::submit_in_block`].
	pub async fn submit<Call: Payload>(
		&self,
		call: &Call,
		signer: &Keypair,
	) -> Result<(Events, H256)> {
		chain::submit_in_block(self.api(), &self.url(0), call, signer).await
	}

	/// Passes `call` through the council with every administrator the test knows (the genesis
	/// four and those of the agencies it added since, each a council member) voting aye, so the
	/// motion has two thirds however many agencies there are. See [`council_motion`].
	pub async fn council(&self, call: runtime::Call) -> Result<Events> {
		let admins = self.admins.lock().unwrap_or_else(|e| e.into_inner()).clone();
		council_motion(self.api(), &self.url(0), &admins, call).await
	}

	/// The council adds an agency of `kind` serving `region`, with a fresh administrator.
	pub async fn add_agency(
		&self,
		kind: runtime::runtime_types::safetynet_primitives::roles::AgencyKind,
		name: &str,
		region: u64,
	) -> Result<(u32, Keypair)> {
		self.add_agency_with_admin(kind, name, region, chain::fresh_keypair(name)).await
	}

	/// As [`Consortium::add_agency`], administered by `admin`.
	pub async fn add_agency_with_admin(
		&self,
		kind: runtime::runtime_types::safetynet_primitives::roles::AgencyKind,
		name: &str,
		region: u64,
		admin: Keypair,
	) -> Result<(u32, Keypair)> {
		let call = runtime::Call::Registration(runtime::registration::Call::add_agency {
			kind,
			name: name.as_bytes().to_vec(),
			admin: account(&admin),
			region: runtime::runtime_types::safetynet_primitives::region::RegionCode(region),
		});
		let events = self.council(call).await?;
		let added = events
			.find_first::<runtime::registration::events::AgencyAdded>()
			.ok_or_else(|| anyhow!("no AgencyAdded event"))??;
		self.admins.lock().unwrap_or_else(|e| e.into_inner()).push(admin.clone());
		Ok((added.agency, admin))
	}

	/// The council removes `agency`, administered by `admin`, who leaves the council.
	pub async fn remove_agency(&self, agency: u32, admin: &Keypair) -> Result<Events> {
		let call =
			runtime::Call::Registration(runtime::registration::Call::remove_agency { agency });
		let events = self.council(call).await?;
		let gone = account(admin);
		self.admins
			.lock()
			.unwrap_or_else(|e| e.into_inner())
			.retain(|a| account(a) != gone);
		Ok(events)
	}
}

/// Passes `call` through the council over the node at `url`: `voters[0]` proposes it with a
/// threshold of all of `voters`, each votes aye, and `voters[0]` closes the motion. Returns the
/// events of the close, in which the call was dispatched; fails if the call failed.
pub async fn council_motion(
	api: &Client,
	url: &str,
	voters: &[Keypair],
	call: runtime::Call,
) -> Result<Events> {
	let threshold = voters.len() as u32;
	let propose =
		runtime::transactions()
			.council()
			.propose(threshold, call, chain::MOTION_LENGTH_BOUND);
	pass_motion(api, url, voters, propose).await
}

/// As [`council_motion`], but without checking the proposal's type against the node's metadata:
/// for a chain still on an older runtime, whose call enum differs from today's elsewhere (the
/// proposal's own pallet and call must still encode alike, which the call then proves).
pub async fn council_motion_on_older_runtime(
	api: &Client,
	url: &str,
	voters: &[Keypair],
	call: runtime::Call,
) -> Result<Events> {
	let threshold = voters.len() as u32;
	let propose = runtime::transactions()
		.council()
		.propose(threshold, call, chain::MOTION_LENGTH_BOUND)
		.unvalidated();
	pass_motion(api, url, voters, propose).await
}

/// Submits `propose`, has each of `voters` vote aye and the first close the motion.
async fn pass_motion(
	api: &Client,
	url: &str,
	voters: &[Keypair],
	propose: impl Payload,
) -> Result<Events> {
	let length_bound = chain::MOTION_LENGTH_BOUND;
	let (events, _) = chain::submit_in_block(api, url, &propose, &voters[0]).await?;
	let proposed = events
		.find_first::<runtime::council::events::Proposed>()
		.ok_or_else(|| anyhow!("no Proposed event"))??;
	let (hash, index) = (proposed.proposal_hash, proposed.proposal_index);
	let votes = voters.iter().map(|admin| {
		let vote = runtime::transactions().council().vote(hash, index, true);
		async move { chain::submit_in_block(api, url, &vote, admin).await }
	});
	futures::future::try_join_all(votes).await?;
	let weight = runtime::runtime_types::sp_weights::weight_v2::Weight {
		ref_time: 500_000_000_000,
		proof_size: 5_000_000,
	};
	let close = runtime::transactions().council().close(hash, index, weight, length_bound);
	let (events, _) = chain::submit_in_block(api, url, &close, &voters[0]).await?;
	let executed = events
		.find_first::<runtime::council::events::Executed>()
		.ok_or_else(|| anyhow!("the motion was not executed"))??;
	if let Err(e) = executed.result {
		bail!("the council's call failed: {e:?}");
	}
	Ok(events)
}

impl Drop for Consortium {
	fn drop(&mut self) {
		self.stop();
	}
}
