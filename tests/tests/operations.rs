//! End to end on the four-agency `local` chain, its validators started one by one: how the
//! network rides out failures, and how the council changes who validates. One cluster, in order:
//!
//! 1. with one of four validators killed (SIGKILL), blocks and finality go on;
//! 2. with two killed, blocks go on and finality waits; once they return it catches up;
//! 3. a node killed with SIGKILL while it imports the blocks it missed restarts on an intact
//!    database and follows the chain again;
//! 4. a node backed up with `scripts/backup-node.sh` and wholly lost is restored with
//!    `scripts/restore-node.sh` and catches up; a node whose database alone is lost (keystore kept)
//!    resyncs from its peers and validates again;
//! 5. a fifth agency's validator joins by council motions (agency, node authorisation, keys set by
//!    its administrator with the proof its own node made, admission) and produces blocks, then is
//!    retired by motion and the four go on finalising without it;
//! 6. two validators die for good: the council retires them and, once the smaller set is queued,
//!    notes finality as stalled; GRANDPA is forced onto the two live validators and finalises again
//!    (the recovery procedure of docs/operations.md).

use anyhow::{anyhow, ensure, Context, Result};
use safetynet_e2e::{
	chain::{self, account, fresh_keypair, keypair, Client},
	cluster::Cluster,
	network::council_motion,
	node::rpc_call,
	runtime::{self, runtime_types::safetynet_primitives::roles::AgencyKind},
};
use std::time::{Duration, Instant};
use subxt::utils::H256;
use subxt_signer::sr25519::Keypair;

const YUAN: u128 = 100;
/// The shortest session the runtime allows: the council sets it first so that a change of
/// validators takes effect within a minute.
const SESSION: u32 = 10;
/// One block time.
const BLOCK: Duration = Duration::from_secs(3);

/// The genesis council: the four agencies' administrators.
fn council() -> Vec<Keypair> {
	["//Alice", "//Bob", "//Charlie", "//Dave"].into_iter().map(keypair).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_network_rides_out_failures_and_the_council_changes_its_validators() -> Result<()> {
	let mut cluster = Cluster::start()?;
	let (alice, bob, charlie, dave) = (0, 1, 2, 3);

	// 1. One validator down: three of four still finalise.
	cluster.nodes[dave].kill("KILL");
	let finalized = cluster.nodes[alice].finalized()?;
	cluster
		.wait_finalized(alice, finalized + 5, 20 * BLOCK)
		.context("one validator down")?;

	// 2. Two down: blocks go on, finality waits (two of four is not a supermajority).
	cluster.nodes[charlie].kill("KILL");
	tokio::time::sleep(4 * BLOCK).await;
	let (stalled_at, best) = (cluster.nodes[alice].finalized()?, cluster.nodes[alice].best()?);
	// Eight slots are two rounds of the four validators: four of them are the live two's.
	tokio::time::sleep(8 * BLOCK + BLOCK / 2).await;
	let (now_finalized, now_best) =
		(cluster.nodes[alice].finalized()?, cluster.nodes[alice].best()?);
	ensure!(now_best >= best + 3, "blocks stopped with two validators down: {best} -> {now_best}");
	ensure!(
		now_finalized == stalled_at,
		"finality went on with two of four validators: {stalled_at} -> {now_finalized}"
	);
	// They return (on their databases): finality catches up with the best block.
	cluster.start_node(charlie)?;
	cluster.start_node(dave)?;
	let best = cluster.nodes[alice].best()?;
	cluster
		.wait_finalized(alice, best, 40 * BLOCK)
		.context("finality after two returned")?;
	within_three_blocks(&cluster, alice).await?;

	// 3. SIGKILL while importing: Bob stops for a while, then is killed as soon as he is back and
	//    catching up; he restarts on the same database and follows the chain.
	cluster.nodes[bob].kill("TERM");
	let best = cluster.nodes[alice].best()?;
	cluster.wait_best(alice, best + 8, 20 * BLOCK)?;
	cluster.start_node(bob)?;
	let behind = cluster.nodes[bob].best()? < cluster.nodes[alice].best()?;
	cluster.nodes[bob].kill("KILL");
	cluster.start_node(bob).context("restart after SIGKILL")?;
	let best = cluster.nodes[alice].best()?;
	cluster.wait_best(bob, best, 20 * BLOCK).context("Bob after SIGKILL")?;
	cluster
		.wait_finalized(bob, best, 30 * BLOCK)
		.context("Bob finalises after SIGKILL")?;
	println!(
		"Bob was killed {} the blocks he had missed",
		if behind { "while importing" } else { "right after importing" }
	);

	// 4. Dave is backed up (stopped), loses his whole base path, and is restored from the backup
	//    with the scripts of docs/operations.md; he catches up on what he missed.
	cluster.nodes[dave].kill("TERM");
	let archive = cluster.nodes[dave].base_path().with_extension("tar.gz");
	script("backup-node.sh", &[&archive, cluster.nodes[dave].base_path()])?;
	std::fs::remove_dir_all(cluster.nodes[dave].base_path())?;
	let best = cluster.nodes[alice].best()?;
	cluster.wait_best(alice, best + 3, 10 * BLOCK)?;
	script("restore-node.sh", &[&archive, cluster.nodes[dave].base_path()])?;
	cluster.start_node(dave).context("Dave from his backup")?;
	let best = cluster.nodes[alice].best()?;
	cluster
		.wait_finalized(dave, best, 40 * BLOCK)
		.context("Dave after the restore")?;
	// Then he loses his database alone (his keystore and node key survive) and resyncs.
	cluster.nodes[dave].kill("TERM");
	cluster.nodes[dave].wipe_database()?;
	ensure!(!cluster.nodes[dave].has_database()?, "Dave's database was not wiped");
	cluster.start_node(dave)?;
	let best = cluster.nodes[alice].best()?;
	cluster.wait_best(dave, best, 40 * BLOCK).context("Dave resyncs")?;
	cluster
		.wait_finalized(dave, best, 40 * BLOCK)
		.context("Dave finalises after resync")?;

	// 5. A fifth validator joins and leaves by council motions.
	let api = cluster.nodes[alice].client().await?;
	let url = cluster.nodes[alice].url();
	let members = council();
	council_motion(
		&api,
		&url,
		&members,
		validators_call(Validators::set_session_length { blocks: SESSION }),
	)
	.await?;
	let eve_admin = fresh_keypair("eve-admin");
	let events = council_motion(
		&api,
		&url,
		&members,
		runtime::Call::Registration(runtime::registration::Call::add_agency {
			kind: AgencyKind::NeighborhoodCommittee,
			name: b"Eve's neighbourhood committee".to_vec(),
			admin: account(&eve_admin),
			region: runtime::runtime_types::safetynet_primitives::region::RegionCode(
				110_105_001_005,
			),
		}),
	)
	.await?;
	let eve_agency = events
		.find_first::<runtime::registration::events::AgencyAdded>()
		.ok_or_else(|| anyhow!("no AgencyAdded"))??
		.agency;
	// Session keys need an account that exists: the agency is funded like any other.
	let fund = runtime::transactions()
		.balances()
		.transfer_keep_alive(account(&eve_admin).into(), 100 * YUAN);
	chain::submit_in_block(&api, &url, &fund, &keypair("//Alice")).await?;

	let eve = cluster.add(
		"eve",
		&format!("{:064x}", 5),
		&[
			"--validator".into(),
			"--name".into(),
			"eve".into(),
			"--rpc-methods".into(),
			"unsafe".into(),
		],
	)?;
	let peer = bs58_decode(&cluster.nodes[eve].peer_id)?;
	council_motion(
		&api,
		&url,
		&members,
		runtime::Call::NodeAuthorization(runtime::node_authorization::Call::add_well_known_node {
			node: runtime::runtime_types::sp_core::OpaquePeerId(peer),
			owner: subxt::utils::MultiAddress::Id(account(&eve_admin)),
		}),
	)
	.await?;
	cluster.start_node(eve)?;
	let best = cluster.nodes[alice].best()?;
	cluster.wait_best(eve, best, 40 * BLOCK).context("Eve syncs once authorised")?;

	// The operator has their own node make keys, with a proof that names the administrator.
	let owner = chain::hex(account(&eve_admin).0.as_ref());
	let generated = rpc_call(
		cluster.nodes[eve].rpc_port,
		"author_rotateKeysWithOwner",
		serde_json::json!([owner]),
		&[],
	)?;
	let keys = hex_field(&generated["result"]["keys"])?;
	let proof = hex_field(&generated["result"]["proof"])?;
	ensure!(keys.len() == 64, "session keys of {} bytes", keys.len());
	let eve_aura: [u8; 32] = keys[..32].try_into()?;
	let eve_grandpa: [u8; 32] = keys[32..].try_into()?;
	let session_keys =
		SessionKeys { aura: AuraPublic(eve_aura), grandpa: GrandpaPublic(eve_grandpa) };
	// A stranger cannot register keys (the pool admits no unknown signer), a citizen may not
	// (not a call of theirs), nor the administrator with a proof that is not for them.
	let set_keys = runtime::transactions().session().set_keys(session_keys.clone(), proof.clone());
	let stranger = chain::submit_and_get_verdict(&api, &url, &set_keys, &fresh_keypair("stranger"))
		.await
		.err()
		.unwrap_or_default();
	ensure!(
		stranger.contains("Invalid signing address") || stranger.contains("BadSigner"),
		"a stranger's keys were not refused at the pool: {stranger:?}"
	);
	let wrong = runtime::transactions().session().set_keys(session_keys.clone(), vec![0; 128]);
	chain::expect_error(
		chain::submit_in_block(&api, &url, &wrong, &eve_admin).await,
		"InvalidProof",
	)?;
	// Admission before the keys are set is refused by name; the administrator cannot admit
	// their own agency; two thirds of the council can, once the keys are set.
	let early = council_motion(
		&api,
		&url,
		&members,
		validators_call(Validators::add_validator { agency: eve_agency }),
	)
	.await;
	chain::expect_module_error(&api, early, "Validators", "NoSessionKeys").await?;
	chain::submit_in_block(&api, &url, &set_keys, &eve_admin).await?;
	let own = runtime::transactions().validators().add_validator(eve_agency);
	chain::expect_pool_refusal(&api, &url, &own, &eve_admin, "CallNotAllowed").await?;
	council_motion(
		&api,
		&url,
		&members,
		validators_call(Validators::add_validator { agency: eve_agency }),
	)
	.await?;
	let joined = wait_for_authority(&api, &eve_aura, true, 3 * SESSION).await?;
	let authored =
		wait_for_block_by(&cluster.nodes[alice].rpc_port, &api, &eve_aura, joined, 3 * SESSION)
			.await
			.context("a block by the fifth validator")?;
	println!("the fifth validator authored block #{authored}");
	let finalized = cluster.nodes[alice].finalized()?;
	cluster.wait_finalized(alice, finalized.max(authored) + 3, 20 * BLOCK)?;

	council_motion(
		&api,
		&url,
		&members,
		validators_call(Validators::remove_validator { agency: eve_agency }),
	)
	.await?;
	wait_for_authority(&api, &eve_aura, false, 3 * SESSION).await?;
	cluster.nodes[eve].kill("TERM");
	let best = cluster.nodes[alice].best()?;
	cluster
		.wait_finalized(alice, best + 3, 30 * BLOCK)
		.context("the four without Eve")?;

	// 6. Charlie and Dave die for good. The council retires them; once the two-validator set is
	//    queued it notes finality as stalled, and the next session forces GRANDPA onto it.
	cluster.nodes[charlie].kill("KILL");
	cluster.nodes[dave].kill("KILL");
	tokio::time::sleep(4 * BLOCK).await;
	let stalled_at = cluster.nodes[alice].finalized()?;
	for agency in [2, 3] {
		council_motion(
			&api,
			&url,
			&members,
			validators_call(Validators::remove_validator { agency }),
		)
		.await?;
	}
	let two = vec![account(&keypair("//Alice")), account(&keypair("//Bob"))];
	// Two of four validators author: blocks come every six seconds on average.
	wait_for_queued(&api, &url, &two, 4 * SESSION).await?;
	let note = runtime::Call::Grandpa(runtime::grandpa::Call::note_stalled {
		delay: 2,
		best_finalized_block_number: stalled_at as u32,
	});
	council_motion(
		&api,
		&url,
		&members,
		runtime::Call::Consortium(runtime::consortium::Call::dispatch_as_root {
			call: Box::new(note),
		}),
	)
	.await?;
	ensure!(cluster.nodes[alice].finalized()? == stalled_at, "finality moved before the recovery");
	cluster
		.wait_finalized(alice, stalled_at + 5, 6 * SESSION * BLOCK)
		.context("finality after the council's recovery")?;
	within_three_blocks(&cluster, alice).await?;
	Ok(())
}

/// Runs `scripts/<name>` with `args`, failing with its output if it fails.
fn script(name: &str, args: &[&std::path::Path]) -> Result<()> {
	let out = std::process::Command::new("bash")
		.arg(safetynet_e2e::repo_root().join("scripts").join(name))
		.args(args)
		.output()?;
	ensure!(
		out.status.success(),
		"{name} failed: {}{}",
		String::from_utf8_lossy(&out.stdout),
		String::from_utf8_lossy(&out.stderr)
	);
	Ok(())
}

use runtime::runtime_types::{
	pallet_validators::pallet::Call as Validators, safetynet_runtime::opaque::SessionKeys,
	sp_consensus_aura::sr25519::app_sr25519::Public as AuraPublic,
	sp_consensus_grandpa::app::Public as GrandpaPublic,
};

/// The runtime call of a validators-pallet call.
fn validators_call(call: runtime::validators::Call) -> runtime::Call {
	runtime::Call::Validators(call)
}

/// Waits a little for finality to settle, then checks it is within three blocks of the best.
async fn within_three_blocks(cluster: &Cluster, i: usize) -> Result<()> {
	let deadline = Instant::now() + 10 * BLOCK;
	loop {
		let (best, finalized) = (cluster.nodes[i].best()?, cluster.nodes[i].finalized()?);
		if best <= finalized + 3 {
			return Ok(());
		}
		ensure!(Instant::now() < deadline, "finality lags: best {best}, finalised {finalized}");
		tokio::time::sleep(BLOCK / 3).await;
	}
}

/// Waits until Aura's authorities at the best block do (or do not) include `aura`; returns
/// the block number where they first do.
async fn wait_for_authority(
	api: &Client,
	aura: &[u8; 32],
	present: bool,
	blocks: u32,
) -> Result<u64> {
	let deadline = Instant::now() + BLOCK * (blocks + 4);
	loop {
		let at = api.at_current_block().await?;
		let number = at.block_number();
		if authorities(api, at.block_hash()).await?.contains(aura) == present {
			return Ok(number);
		}
		ensure!(
			Instant::now() < deadline,
			"Aura's authorities {} the new key after {blocks} blocks",
			if present { "still lack" } else { "still hold" }
		);
		tokio::time::sleep(BLOCK / 2).await;
	}
}

/// Aura's authorities in the state of block `hash`.
async fn authorities(api: &Client, hash: H256) -> Result<Vec<[u8; 32]>> {
	let raw: Vec<[u8; 32]> = api
		.at_block(hash)
		.await?
		.storage()
		.entry(runtime::storage().aura().authorities())?
		.fetch(())
		.await?
		.decode_as::<Vec<[u8; 32]>>()?;
	Ok(raw)
}

/// Waits for a block, from `from` on, whose Aura slot falls to `aura`'s turn: a block that
/// validator authored. Returns its number.
async fn wait_for_block_by(
	rpc_port: &u16,
	api: &Client,
	aura: &[u8; 32],
	from: u64,
	blocks: u32,
) -> Result<u64> {
	let deadline = Instant::now() + BLOCK * (blocks + 4);
	let mut next = from;
	loop {
		while let Ok(hash) = block_hash(*rpc_port, next) {
			let header = rpc_call(*rpc_port, "chain_getHeader", serde_json::json!([hash]), &[])?;
			let parent: H256 = header["result"]["parentHash"]
				.as_str()
				.ok_or_else(|| anyhow!("no parent"))?
				.parse()?;
			if let Some(slot) = aura_slot(&header["result"]["digest"]["logs"]) {
				let set = authorities(api, parent).await?;
				if !set.is_empty() && &set[(slot % set.len() as u64) as usize] == aura {
					return Ok(next);
				}
			}
			next += 1;
		}
		ensure!(Instant::now() < deadline, "no block by the new validator from #{from}");
		tokio::time::sleep(BLOCK / 2).await;
	}
}

/// The hash of block `number` on the best chain of the node on `port`.
fn block_hash(port: u16, number: u64) -> Result<String> {
	let reply = rpc_call(port, "chain_getBlockHash", serde_json::json!([number]), &[])?;
	reply["result"]
		.as_str()
		.map(str::to_string)
		.ok_or_else(|| anyhow!("no block #{number}"))
}

/// The slot in a header's Aura pre-runtime digest (`0x06`, engine `aura`, eight bytes).
fn aura_slot(logs: &serde_json::Value) -> Option<u64> {
	logs.as_array()?.iter().find_map(|log| {
		let hex = log.as_str()?.strip_prefix("0x066175726120")?;
		let bytes = (0..8)
			.map(|i| u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok())
			.collect::<Option<Vec<u8>>>()?;
		Some(u64::from_le_bytes(bytes.try_into().ok()?))
	})
}

/// Waits until the validators pallet has queued exactly `accounts`, reading the best block's
/// state (finality is stalled here, and the finalised state would never change).
async fn wait_for_queued(
	api: &Client,
	url: &str,
	accounts: &[subxt::utils::AccountId32],
	blocks: u32,
) -> Result<()> {
	let deadline = Instant::now() + BLOCK * (blocks + 4);
	loop {
		let queued = api
			.at_block(chain::best_hash(url).await?)
			.await?
			.storage()
			.entry(runtime::storage().validators().queued())?
			.fetch(())
			.await?
			.decode()?;
		if queued.0 == accounts {
			return Ok(());
		}
		ensure!(Instant::now() < deadline, "the validator set was not queued: {queued:?}");
		tokio::time::sleep(BLOCK / 2).await;
	}
}

/// A `0x…` hex string field as bytes.
fn hex_field(value: &serde_json::Value) -> Result<Vec<u8>> {
	let text = value.as_str().ok_or_else(|| anyhow!("not a hex string: {value}"))?;
	let text = text.trim_start_matches("0x");
	(0..text.len())
		.step_by(2)
		.map(|i| u8::from_str_radix(&text[i..i + 2], 16).map_err(Into::into))
		.collect()
}

/// A base58 PeerId's bytes (the multihash the node authorisation pallet stores).
fn bs58_decode(text: &str) -> Result<Vec<u8>> {
	const ALPHABET: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
	let mut bytes: Vec<u8> = Vec::new();
	for c in text.bytes() {
		let mut carry = ALPHABET
			.iter()
			.position(|a| *a == c)
			.ok_or_else(|| anyhow!("not base58: {text}"))? as u32;
		for byte in bytes.iter_mut().rev() {
			carry += u32::from(*byte) * 58;
			*byte = carry as u8;
			carry >>= 8;
		}
		while carry > 0 {
			bytes.insert(0, carry as u8);
			carry >>= 8;
		}
	}
	let zeros = text.bytes().take_while(|c| *c == b'1').count();
	let mut out = vec![0; zeros];
	out.extend(bytes);
	Ok(out)
}
