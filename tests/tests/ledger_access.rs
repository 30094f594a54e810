//! Only the consortium reads the ledger. On the four-agency network started by
//! `scripts/start-consortium.sh`:
//!
//! 1. the agencies' RPC answers safe methods only, and no foreign web page gets cross-origin access
//!    to it;
//! 2. a node the chain does not authorise stays at genesis however long it tries;
//! 3. no administrator can authorise it alone (directly or by claiming it), nor can a stranger;
//!    once a council motion authorises its PeerId it syncs the chain;
//! 4. once a council motion removes it again it falls behind.

use anyhow::{anyhow, bail, ensure, Context, Result};
use safetynet_e2e::{
	chain,
	network::{Consortium, AGENCIES},
	node::{best_block, peer_id_of, rpc_call, wait_for_block, Node},
	repo_root, runtime,
};
use sp_core::Pair as _;
use std::{process::Command, time::Duration};
use subxt::utils::MultiAddress;

/// The outsider's node key: not one of the four the `local` genesis authorises.
const OUTSIDER_KEY: &str = "0000000000000000000000000000000000000000000000000000000000000005";

/// How long an unauthorised node is watched not syncing.
const REFUSED_FOR: Duration = Duration::from_secs(30);

#[tokio::test(flavor = "multi_thread")]
async fn only_nodes_the_council_authorises_read_the_ledger() -> Result<()> {
	let network = Consortium::start().await?;
	let outcome = scenarios(&network).await;
	if let Err(e) = &outcome {
		bail!("{e:?}\nscript log:\n{}", network.log());
	}
	Ok(())
}

async fn scenarios(network: &Consortium) -> Result<()> {
	rpc_is_for_the_agency(network.rpc_base).context("1. the agencies' RPC")?;
	let p2p_base = network.rpc_base + 100;
	wait_for_block(network.rpc_base, 3, Duration::from_secs(120))?;

	// 2. An outsider that knows every agency's address.
	let mut boot = Vec::new();
	for i in 0..AGENCIES {
		let key = format!("{:064x}", i + 1);
		let peer = peer_id_of(&key)?;
		boot.push(format!("/ip4/127.0.0.1/tcp/{}/p2p/{peer}", p2p_base + i as u16));
	}
	let spec = repo_root().join("chain-specs/local.json");
	let mut args = vec![
		"--chain".to_string(),
		spec.display().to_string(),
		"--node-key".to_string(),
		OUTSIDER_KEY.to_string(),
		"--bootnodes".to_string(),
	];
	args.extend(boot);
	let outsider = Node::start("outsider", &args)?;
	let started_at = best_block(network.rpc_base)?;
	std::thread::sleep(REFUSED_FOR);
	let consortium_best = best_block(network.rpc_base)?;
	ensure!(consortium_best > started_at + 3, "the consortium stalled at #{consortium_best}");
	let outsider_best = best_block(outsider.rpc_port)?;
	ensure!(
		outsider_best == 0,
		"an unauthorised node synced to #{outsider_best} (consortium at #{consortium_best})"
	);

	// 3. The council authorises the outsider's PeerId, owned by the first agency.
	let seed: [u8; 32] = {
		let mut seed = [0u8; 32];
		seed[31] = 5;
		seed
	};
	let public = sp_core::ed25519::Pair::from_seed(&seed).public().0;
	let peer = runtime::runtime_types::sp_core::OpaquePeerId(
		safetynet_runtime::genesis_config_presets::ed25519_peer_id(&public),
	);
	let owner = chain::account(&chain::keypair("//Alice"));
	let add =
		runtime::Call::NodeAuthorization(runtime::node_authorization::Call::add_well_known_node {
			node: peer.clone(),
			owner: MultiAddress::Id(owner),
		});
	// Nobody lets a node in alone: an agency administrator's direct call, or a claim of the
	// node as their own, is refused at the pool; a stranger's too.
	let alice = chain::keypair("//Alice");
	let direct = runtime::transactions()
		.node_authorization()
		.add_well_known_node(peer.clone(), MultiAddress::Id(chain::account(&alice)));
	chain::expect_pool_refusal(network.api(), &network.url(0), &direct, &alice, "CallNotAllowed")
		.await
		.context("3. an administrator adding a node alone")?;
	let claim = runtime::transactions().node_authorization().claim_node(peer.clone());
	chain::expect_pool_refusal(network.api(), &network.url(0), &claim, &alice, "CallNotAllowed")
		.await
		.context("3. an administrator claiming a node")?;
	let stranger = chain::fresh_keypair("node-claimer");
	let refused = chain::submit_and_get_verdict(network.api(), &network.url(0), &claim, &stranger)
		.await
		.err()
		.ok_or_else(|| anyhow!("3. a stranger's node claim was included"))?;
	ensure!(
		refused.contains("Invalid signing address") || refused.contains("BadSigner"),
		"3. a stranger's claim was refused for the wrong reason: {refused}"
	);

	let events = network.council(add).await.context("3. authorising the outsider")?;
	events
		.find_first::<runtime::node_authorization::events::NodeAdded>()
		.ok_or_else(|| anyhow!("no NodeAdded event"))??;
	let target = best_block(network.rpc_base)?;
	wait_for_block(outsider.rpc_port, target, Duration::from_secs(180))
		.context("3. the authorised node did not sync")?;

	// 4. The council removes it: the consortium drops it and it falls behind.
	let remove = runtime::Call::NodeAuthorization(
		runtime::node_authorization::Call::remove_well_known_node { node: peer },
	);
	let events = network.council(remove).await.context("4. removing the outsider")?;
	events
		.find_first::<runtime::node_authorization::events::NodeRemoved>()
		.ok_or_else(|| anyhow!("no NodeRemoved event"))??;
	// The offchain workers apply the removal from the next block on.
	std::thread::sleep(Duration::from_secs(12));
	let cut_at = best_block(outsider.rpc_port)?;
	std::thread::sleep(REFUSED_FOR);
	let (outsider_best, consortium_best) =
		(best_block(outsider.rpc_port)?, best_block(network.rpc_base)?);
	let peers = |port: u16| {
		rpc_call(port, "system_health", serde_json::json!([]), &[])
			.map(|health| health["result"]["peers"].clone())
			.unwrap_or_default()
	};
	let consortium_peers: Vec<_> =
		(0..AGENCIES as u16).map(|i| peers(network.rpc_base + i)).collect();
	let outsider_peers = peers(outsider.rpc_port);
	let reserved = rpc_call(network.rpc_base, "system_reservedPeers", serde_json::json!([]), &[])?;
	ensure!(
		outsider_best <= cut_at + 1 && consortium_best > cut_at + 3,
		"a removed node still follows: #{outsider_best} (#{cut_at} when cut), consortium \
		 #{consortium_best}; peers: consortium {consortium_peers:?}, outsider {outsider_peers}; \
		 reserved at the first agency: {reserved}; outsider log:\n{}",
		outsider.log_tail()
	);
	Ok(())
}

/// The first agency's RPC refuses unsafe methods, and answers cross-origin requests only from
/// local pages and Polkadot.js Apps.
fn rpc_is_for_the_agency(port: u16) -> Result<()> {
	// Overwriting where the sealing worker stores records, and inserting keys: both refused.
	for (method, params) in [
		("offchain_localStorageSet", serde_json::json!(["PERSISTENT", "0x00", "0x00"])),
		("author_insertKey", serde_json::json!(["seal", "//Eve", "0x00"])),
		("system_addReservedPeer", serde_json::json!(["/ip4/1.2.3.4/tcp/1"])),
	] {
		let reply = rpc_call(port, method, params, &[])?;
		let error = reply["error"]["message"].as_str().unwrap_or_default();
		ensure!(error.contains("unsafe"), "{method} was not refused as unsafe: {reply}");
	}
	// Safe methods answer.
	let reply = rpc_call(port, "system_health", serde_json::json!([]), &[])?;
	ensure!(reply["result"].is_object(), "system_health: {reply}");

	// A browser asks before a cross-origin call (CORS preflight): only allowed origins get a
	// yes.
	let preflight = |origin: &str| -> Result<bool> {
		let out = Command::new("curl")
			.args(["-s", "-i", "-m", "5", "-X", "OPTIONS"])
			.args(["-H", &format!("Origin: {origin}")])
			.args(["-H", "Access-Control-Request-Method: POST"])
			.args(["-H", "Access-Control-Request-Headers: content-type"])
			.arg(format!("http://127.0.0.1:{port}"))
			.output()?;
		let head = String::from_utf8_lossy(&out.stdout).to_lowercase();
		Ok(head.contains(&format!("access-control-allow-origin: {origin}")))
	};
	ensure!(!preflight("https://evil.example")?, "a foreign page may call the agency's RPC");
	ensure!(preflight("https://polkadot.js.org")?, "Polkadot.js Apps may not call the RPC");
	Ok(())
}
