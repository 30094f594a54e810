//! End to end on the four-agency `local` network: `scripts/start-consortium.sh` starts it from the
//! committed chain spec; all four authorities produce blocks, GRANDPA finalizes them, the four
//! agencies' document nodes exchange documents, and a SIGTERM to the script stops every node.

use anyhow::{bail, Context, Result};
use safetynet_docs::client::KuboClient;
use safetynet_e2e::{
	chain,
	docs::cat_within,
	node::{free_ports, terminate, wait_for_rpc, wait_or_kill, TempDir},
	repo_root, runtime,
};
use std::{
	collections::BTreeSet,
	process::{Command, Stdio},
	time::{Duration, Instant},
};
use subxt::config::substrate::DigestItem;

const AGENCIES: usize = 4;

/// Aura's consensus engine id.
const AURA: [u8; 4] = *b"aura";

/// The Aura slot a block was authored in, from its pre-runtime digest.
fn aura_slot(
	header: &subxt::config::substrate::SubstrateHeader<subxt::utils::H256>,
) -> Option<u64> {
	header.digest.logs.iter().find_map(|item| match item {
		DigestItem::PreRuntime(AURA, data) => codec::Decode::decode(&mut &data[..]).ok(),
		_ => None,
	})
}

#[tokio::test(flavor = "multi_thread")]
async fn four_agencies_produce_and_finalize_blocks() -> Result<()> {
	let run_dir = TempDir::new("consortium")?;
	// Five blocks of ports (RPC, p2p, document API, gateway, swarm), 100 apart.
	let rpc_base = free_ports(500)?;
	let p2p_base = rpc_base + 100;
	let docs_api_base = rpc_base + 200;
	let docs_gateway_base = rpc_base + 300;
	let docs_swarm_base = rpc_base + 400;
	let script = repo_root().join("scripts/start-consortium.sh");
	let log = std::fs::File::create(run_dir.path().join("script.log"))?;
	let mut script_process = Command::new("bash")
		.arg(&script)
		.env("SKIP_BUILD", "1")
		.env("SAFETYNET_RUN_DIR", run_dir.path())
		.env("RPC_PORT_BASE", rpc_base.to_string())
		.env("P2P_PORT_BASE", p2p_base.to_string())
		.env("DOCS_API_BASE", docs_api_base.to_string())
		.env("DOCS_GATEWAY_BASE", docs_gateway_base.to_string())
		.env("DOCS_SWARM_BASE", docs_swarm_base.to_string())
		.stdout(Stdio::null())
		.stderr(log)
		.spawn()
		.context("starting scripts/start-consortium.sh")?;

	let outcome = async {
		for i in 0..AGENCIES as u16 {
			wait_for_rpc(rpc_base + i, Duration::from_secs(120))?;
		}
		let urls: Vec<String> = (0..AGENCIES as u16)
			.map(|i| format!("ws://127.0.0.1:{}", rpc_base + i))
			.collect();
		let apis =
			futures::future::try_join_all(urls.iter().map(|url| chain::connect(url))).await?;
		let api = &apis[0];

		// The committed spec carries today's runtime.
		let at = api.at_current_block().await?;
		let committed = std::fs::read(repo_root().join("tests/metadata/safetynet.scale"))?;
		if chain::metadata_v15(&at).await? != committed {
			bail!("chain-specs/local.json carries an old runtime: run scripts/gen-chain-spec.sh");
		}
		// Four agencies, their administrators on the council, no sudo pallet.
		let count = at
			.storage()
			.entry(runtime::storage().registration().agency_count())?
			.fetch(())
			.await?
			.decode()?;
		assert_eq!(count, AGENCIES as u32);
		let council = at
			.storage()
			.entry(runtime::storage().council().members())?
			.fetch(())
			.await?
			.decode()?;
		assert_eq!(council.len(), AGENCIES);
		assert!(at.metadata().pallet_by_name("Sudo").is_none(), "the runtime has no sudo");
		let authorities = at
			.storage()
			.entry(runtime::storage().aura().authorities())?
			.fetch(())
			.await?
			.decode()?;
		assert_eq!(authorities.0.len(), AGENCIES);

		// Follow finalized blocks until every authority has authored one of them.
		let mut authors = BTreeSet::new();
		let mut finalized = 0u64;
		let mut blocks = api.stream_blocks().await?;
		let deadline = Instant::now() + Duration::from_secs(180);
		while authors.len() < AGENCIES || finalized < 8 {
			if Instant::now() > deadline {
				bail!("after 180 s only authors {authors:?} seen, finalized #{finalized}");
			}
			let Some(block) = blocks.next().await else { bail!("block stream ended") };
			let block = block?;
			finalized = block.number();
			if let Some(slot) = aura_slot(block.header()) {
				authors.insert(slot % AGENCIES as u64);
			}
		}

		// Every agency's document node is peered with the others': a document added at the
		// first agency is fetched by CID at the last one, over bitswap.
		let first = KuboClient::new(&format!("http://127.0.0.1:{docs_api_base}"));
		let last =
			KuboClient::new(&format!("http://127.0.0.1:{}", docs_api_base + AGENCIES as u16 - 1));
		let document = b"an encrypted document of the consortium".to_vec();
		let cid = first.add("document.age", &document).await?;
		let fetched = cat_within(&last, &cid, Duration::from_secs(60))
			.await
			.with_context(|| format!("the last agency never fetched {cid}"))?;
		assert_eq!(fetched, document);

		// Every node agrees on what is final.
		for other in &apis[1..] {
			let theirs = other.at_current_block().await?.block_number();
			assert!(theirs + 3 >= finalized, "a node lags: #{theirs} vs #{finalized}");
		}
		Ok::<_, anyhow::Error>(())
	}
	.await;

	// Ctrl-C / SIGTERM stops the whole network cleanly.
	terminate(script_process.id());
	let status = wait_or_kill(&mut script_process, Duration::from_secs(60));
	let script_log = std::fs::read_to_string(run_dir.path().join("script.log")).unwrap_or_default();
	outcome.with_context(|| format!("script log:\n{script_log}"))?;
	assert!(status.is_some(), "the script did not stop within 60 s:\n{script_log}");
	for i in 0..AGENCIES as u16 {
		assert!(
			wait_for_rpc(rpc_base + i, Duration::from_millis(500)).is_err(),
			"node {i} still answers after the script stopped"
		);
		assert!(
			std::net::TcpStream::connect(("127.0.0.1", docs_api_base + i)).is_err(),
			"document node {i} still listens after the script stopped"
		);
	}
	Ok(())
}
