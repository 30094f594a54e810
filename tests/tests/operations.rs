//! End to end on the four-agency `local` chain, its validators started one by one: how the
//! council upgrades the runtime, how the network rides out failures, and how the council changes
//! who validates. One cluster, in order:
//!
//! 0. the chain starts on the previous release (`tests/fixtures/local-spec-version-1.json`, spec
//!    version 1: sudo in the runtime, a per-applicant count of open cases in storage) and citizens
//!    hold cases on it. The council authorises today's runtime by motion (`authorize_upgrade` as
//!    root), anyone hands in the code (`apply_authorized_upgrade`, unsigned), the migrations run
//!    (sudo's storage and the count removed, the cases pallet's storage version 1 to 2), and every
//!    case is as it was and goes on; nobody else can authorise or hand in code. One validator is
//!    away meanwhile;
//! 1. it comes back, and is killed with SIGKILL in the middle of importing what it missed: after
//!    the upgrade's block, while the next one (the first the new runtime executes: compiling it and
//!    the migrations) is being imported; it restarts on an intact database, on the new runtime with
//!    every case as its peers have it;
//! 2. with one of four validators killed (SIGKILL), blocks and finality go on;
//! 3. with two killed, blocks go on and finality waits; once they return it catches up;
//! 4. a node backed up with `scripts/backup-node.sh` and wholly lost is restored with
//!    `scripts/restore-node.sh` and catches up; a node whose database alone is lost (keystore kept)
//!    resyncs from its peers and authors blocks again;
//! 5. a fifth agency's validator joins by council motions (agency, node authorisation, keys set by
//!    its administrator with the proof its own node made, admission) and produces blocks, then is
//!    retired by motion and the four go on finalising without it; its node, wiped, comes back as a
//!    plain full node by warp sync, and follows the chain;
//! 6. two validators die for good: the council retires them and, once the smaller set is queued,
//!    notes finality as stalled; GRANDPA is forced onto the two live validators and finalises again
//!    (the recovery procedure of docs/operations.md).

use anyhow::{anyhow, ensure, Context, Result};
use safetynet_e2e::{
	chain::{self, account, fresh_keypair, keypair, Client},
	cluster::Cluster,
	network::{council_motion, council_motion_on_older_runtime},
	node::{node_binary, rpc_call},
	runtime::{
		self,
		runtime_types::{
			bounded_collections::bounded_vec::BoundedVec,
			pallet_insurance::types::InsuranceForm,
			pallet_registration::types::{RegistrationForm, Verification},
			safetynet_primitives::{
				region::RegionCode,
				roles::{AgencyKind, Role},
			},
			sp_arithmetic::per_things::Permill,
		},
	},
	setup::{person, DISTRICT, HOME},
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

/// The chain spec of the release before today's, whose chain the cluster starts on.
const OLDER_RELEASE: &str = "tests/fixtures/local-spec-version-1.json";

#[tokio::test(flavor = "multi_thread")]
async fn the_network_rides_out_failures_and_the_council_changes_its_validators() -> Result<()> {
	let mut cluster = Cluster::start_on(safetynet_e2e::repo_root().join(OLDER_RELEASE))?;
	let (alice, bob, charlie, dave) = (0, 1, 2, 3);

	// 0. The council upgrades the runtime; the cases survive the migration. Bob is away meanwhile
	//    (stopped cleanly), to come back for step 1.
	cluster.nodes[bob].kill("TERM");
	let (upgraded_case, upgraded_at) =
		upgrade_by_council(&cluster).await.context("the runtime upgrade")?;

	// 1. SIGKILL in the middle of a block import: Bob catches up on everything he missed, the
	//    upgrade with it. The block after the upgrade's is the first the new runtime executes:
	//    importing it compiles that runtime and runs the migrations, which takes seconds. Bob is
	//    killed as soon as he has imported the upgrade's block, before that next one is in. He
	//    restarts on the same database, finishes the import and follows the chain.
	cluster.start_node(bob)?;
	let deadline = Instant::now() + 40 * BLOCK;
	let mut at = cluster.nodes[bob].best()?;
	while at < upgraded_at {
		ensure!(Instant::now() < deadline, "Bob did not catch up to the upgrade: at #{at}");
		tokio::time::sleep(Duration::from_millis(10)).await;
		at = cluster.nodes[bob].best()?;
	}
	cluster.nodes[bob].kill("KILL");
	let ahead = cluster.nodes[alice].best()?;
	ensure!(
		at == upgraded_at && ahead > at,
		"Bob was not caught between the upgrade's block #{upgraded_at} and the next: he was at \
		 #{at}, the chain at #{ahead}"
	);
	cluster.start_node(bob).context("restart after SIGKILL")?;
	let best = cluster.nodes[alice].best()?;
	cluster.wait_best(bob, best, 20 * BLOCK).context("Bob after SIGKILL")?;
	cluster
		.wait_finalized(bob, best, 30 * BLOCK)
		.context("Bob finalises after SIGKILL")?;
	let version = u64::from(safetynet_runtime::VERSION.spec_version);
	ensure!(spec_version(cluster.nodes[bob].rpc_port)? == version, "Bob is not on the upgrade");
	ensure!(
		case_record(cluster.nodes[bob].rpc_port, upgraded_case)? ==
			case_record(cluster.nodes[alice].rpc_port, upgraded_case)?,
		"Bob reads case {upgraded_case} otherwise after the SIGKILL"
	);

	// 2. One validator down: three of four still finalise.
	cluster.nodes[dave].kill("KILL");
	let finalized = cluster.nodes[alice].finalized()?;
	cluster
		.wait_finalized(alice, finalized + 5, 20 * BLOCK)
		.context("one validator down")?;

	// 3. Two down: blocks go on, finality waits (two of four is not a supermajority).
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
	// Then he loses his database alone (his keystore and node key survive) and resyncs by full
	// sync. (Not warp sync: a validator's GRANDPA voter dies right after a warp sync, an open
	// Substrate bug; see docs/operations.md.)
	cluster.nodes[dave].kill("TERM");
	cluster.nodes[dave].wipe_database()?;
	ensure!(!cluster.nodes[dave].has_database()?, "Dave's database was not wiped");
	cluster.start_node(dave)?;
	let best = cluster.nodes[alice].best()?;
	cluster.wait_best(dave, best, 40 * BLOCK).context("Dave resyncs")?;
	cluster
		.wait_finalized(dave, best, 40 * BLOCK)
		.context("Dave finalises after resync")?;
	// He validates again, not just follows the chain: blocks of his slots come back.
	let api = cluster.nodes[alice].client().await?;
	let from = cluster.nodes[alice].best()?;
	let dave_aura = keypair("//Dave").public_key().0;
	wait_for_block_by(&cluster.nodes[alice].rpc_port, &api, &dave_aura, from, 12)
		.await
		.context("Dave authors again after the resync")?;

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

	// Her node, no longer a validator, loses its database and comes back as a plain full node
	// by warp sync: the GRANDPA proofs of the set changes above, then the finalized state, then
	// it follows the chain, and the cases are readable through it.
	cluster.nodes[eve].wipe_database()?;
	cluster.nodes[eve].set_args(&["--name".into(), "eve".into(), "--sync".into(), "warp".into()]);
	cluster.start_node(eve)?;
	let best = cluster.nodes[alice].best()?;
	cluster
		.wait_finalized(eve, best, 40 * BLOCK)
		.context("Eve's node by warp sync")?;
	let log = std::fs::read_to_string(cluster.nodes[eve].log_path())?;
	ensure!(log.contains("Warp sync is complete"), "Eve's node did not warp-sync: {log}");
	let eve_case = case_record(cluster.nodes[eve].rpc_port, upgraded_case)?;
	ensure!(
		eve_case == case_record(cluster.nodes[alice].rpc_port, upgraded_case)?,
		"the warp-synced node reads case {upgraded_case} otherwise: {eve_case}"
	);
	let best = cluster.nodes[alice].best()?;
	cluster
		.wait_best(eve, best + 2, 10 * BLOCK)
		.context("Eve's node follows the chain")?;
	cluster.nodes[eve].kill("TERM");

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

/// Step 0: citizens open cases on the older runtime; the council authorises today's runtime,
/// which anyone then hands in; the migrations run and the cases go on. Returns the case opened
/// before the upgrade and the block that enacted it.
async fn upgrade_by_council(cluster: &Cluster) -> Result<(u64, u64)> {
	let (node, url) = (&cluster.nodes[0], cluster.nodes[0].url());
	let port = node.rpc_port;
	let api = node.client().await?;
	ensure!(spec_version(port)? == 1, "the older release's chain is not at spec version 1");
	let members = council();
	let alice = &members[0];

	// Cases on the older runtime: Eve's insurance runs; Ferdie is registered and applies later.
	let officer = fresh_keypair("insurance officer");
	let register = runtime::transactions().registration().register_staff(
		account(&officer),
		chain::roles(&[Role::SocialInsuranceOfficer]),
		chain::identity(&format!("staff {}", account(&officer))),
		RegionCode(DISTRICT),
	);
	chain::submit_in_block(&api, &url, &register, alice).await?;
	let (eve, ferdie) = (keypair("//Eve"), keypair("//Ferdie"));
	for citizen in [&eve, &ferdie] {
		register_insured(&api, &url, citizen, alice).await?;
	}
	let eve_case = apply_for_insurance(&api, &url, &eve).await?;
	let counts = raw_keys(port, &storage_prefix("Cases", "OpenCaseCount"))?;
	ensure!(counts.len() == 1, "spec version 1 keeps a count per applicant: {counts:?}");
	ensure!(cases_version(port)? == 1, "the cases pallet is not at storage version 1");
	let before = case_record(port, eve_case)?;

	// With a runtime built with `try-runtime` (what `scripts/try-upgrade.sh` builds), check the
	// upgrade against this chain's state first, as the runbook says to; CI does not build one.
	if let Ok(wasm) = std::env::var("SAFETYNET_TRY_RUNTIME_WASM") {
		let out = std::process::Command::new(node_binary()?.with_file_name("try_upgrade"))
			.args(["--runtime", &wasm, "--uri", &url])
			.output()?;
		let text = format!(
			"{}{}",
			String::from_utf8_lossy(&out.stdout),
			String::from_utf8_lossy(&out.stderr)
		);
		println!("{text}");
		ensure!(out.status.success(), "try_upgrade failed: {text}");
		ensure!(text.contains("removed 1 open-case counts"), "the migration did not run: {text}");
	}

	// Nobody but the council authorises code, and unauthorised code is refused at the pool.
	let code = todays_code()?;
	let code_hash = H256(sp_crypto_hashing::blake2_256(&code));
	let authorize = runtime::transactions().system().authorize_upgrade(code_hash);
	chain::expect_pool_refusal(&api, &url, &authorize, alice, "CallNotAllowed").await?;
	// (The pool bans a refused transaction for a while: each refused attempt hands in other
	// bytes than the code finally enacted.)
	let other_code = |tail: u8| [code.as_slice(), &[tail]].concat();
	let unauthorised = runtime::transactions().system().apply_authorized_upgrade(other_code(0));
	let early = chain::submit_unsigned_in_block(&api, &url, &unauthorised).await;
	ensure!(early.is_err(), "code nobody authorised was accepted");

	// Two thirds of the council authorise the code's hash; anyone hands in the code.
	let authorize = runtime::Call::System(runtime::system::Call::authorize_upgrade { code_hash });
	let as_root = runtime::Call::Consortium(runtime::consortium::Call::dispatch_as_root {
		call: Box::new(authorize),
	});
	let events = council_motion_on_older_runtime(&api, &url, &members[..3], as_root).await?;
	ensure!(
		events.find_first::<runtime::system::events::UpgradeAuthorized>().is_some(),
		"no UpgradeAuthorized event"
	);
	let other = runtime::transactions().system().apply_authorized_upgrade(other_code(1));
	let refused = chain::submit_unsigned_in_block(&api, &url, &other).await;
	ensure!(refused.is_err(), "code other than the authorised code was accepted");
	let apply = runtime::transactions().system().apply_authorized_upgrade(code.clone());
	let (events, block) = chain::submit_unsigned_in_block(&api, &url, &apply).await?;
	ensure!(
		events.find_first::<runtime::system::events::CodeUpdated>().is_some(),
		"no CodeUpdated event"
	);
	let upgraded_at = api.at_block(block).await?.block_number();
	println!("today's runtime enacted in block #{upgraded_at}");

	// The next block runs the migrations: today's spec version, sudo and the counts gone. (The
	// upgrade's own block already reports the new version, its state holding the new code, but
	// the migrations run in the block after it.)
	cluster
		.wait_best(0, upgraded_at as u64 + 1, 10 * BLOCK)
		.context("the block after the upgrade")?;
	ensure!(
		spec_version(port)? == u64::from(safetynet_runtime::VERSION.spec_version),
		"the chain is still on spec version 1"
	);
	let api = node.client().await?;
	let at = api.at_block(chain::best_hash(&url).await?).await?;
	ensure!(at.metadata().pallet_by_name("Sudo").is_none(), "sudo is still in the runtime");
	ensure!(cases_version(port)? == 2, "the cases pallet's storage was not migrated to 2");
	let counts = raw_keys(port, &storage_prefix("Cases", "OpenCaseCount"))?;
	ensure!(counts.is_empty(), "open-case counts remain after the migration: {counts:?}");
	ensure!(case_record(port, eve_case)? == before, "Eve's case changed in the upgrade");

	// The chain goes on: finality follows, Ferdie applies, and Eve's case takes its next step.
	cluster.wait_finalized(0, upgraded_at as u64 + 3, 20 * BLOCK)?;
	let ferdie_case = apply_for_insurance(&api, &url, &ferdie).await?;
	ensure!(ferdie_case > eve_case, "case ids went backwards");
	let end = runtime::transactions().cases().end(eve_case, chain::cid(b"termination letter"));
	chain::submit_in_block(&api, &url, &end, &officer).await?;
	let ended = case_record(port, eve_case)?;
	ensure!(ended["case"]["status"] == "Closed", "Eve's case did not close: {ended}");
	ensure!(
		ended["history"].as_array().map(Vec::len) ==
			before["history"].as_array().map(|h| h.len() + 1),
		"the case's history did not keep its entries"
	);
	Ok((eve_case, upgraded_at as u64))
}

/// `who` asks the social insurance agency to register them as an insured employee, living in
/// [`HOME`], and `verifier` (its administrator) confirms them.
async fn register_insured(
	api: &Client,
	url: &str,
	who: &Keypair,
	verifier: &Keypair,
) -> Result<()> {
	let form = RegistrationForm {
		roles: chain::roles(&[Role::InsuredEmployee]),
		id_valid_until: chain::valid_for_years(5),
		form_cid: chain::cid(&account(who).0),
		photo_cid: Some(chain::cid(b"photo")),
		agency: 0,
	};
	let work = chain::registration_work(api, &account(who), &form).await?;
	let request = runtime::transactions().registration().request_registration(form, work);
	chain::submit_in_block(api, url, &request, who).await?;
	let verification = Verification {
		identity: person(who),
		residence: RegionCode(HOME),
		household: BoundedVec(vec![]),
	};
	let verify = runtime::transactions()
		.registration()
		.verify_citizen(account(who), verification);
	chain::submit_in_block(api, url, &verify, verifier).await?;
	Ok(())
}

/// `who` applies for social insurance (approved at once); returns the case.
async fn apply_for_insurance(api: &Client, url: &str, who: &Keypair) -> Result<u64> {
	let form = InsuranceForm {
		agency: 0,
		form_cid: Some(chain::cid(b"insurance form")),
		photo_cid: Some(chain::cid(b"photo")),
		bank_account_ref: H256([7; 32]),
		monthly_income: 8_000 * YUAN,
		payment_ratio: Permill(80_000),
		documents: BoundedVec(vec![]),
		salt: [9; 32],
	};
	let apply = runtime::transactions().insurance().apply(form);
	let (events, _) = chain::submit_in_block(api, url, &apply, who).await?;
	Ok(events
		.find_first::<runtime::insurance::events::InsuranceApproved>()
		.ok_or_else(|| anyhow!("not approved"))??
		.case)
}

/// Today's runtime: the code in the committed `local` chain spec.
fn todays_code() -> Result<Vec<u8>> {
	let path = safetynet_e2e::repo_root().join("chain-specs/local.json");
	let spec: serde_json::Value = serde_json::from_slice(&std::fs::read(&path)?)?;
	hex_field(&spec["genesis"]["raw"]["top"]["0x3a636f6465"])
		.with_context(|| format!("the code in {path:?}"))
}

/// The spec version of the runtime at the best block.
fn spec_version(port: u16) -> Result<u64> {
	let version = rpc_call(port, "state_getRuntimeVersion", serde_json::json!([]), &[])?;
	version["result"]["specVersion"]
		.as_u64()
		.ok_or_else(|| anyhow!("no spec version: {version}"))
}

/// The case `id` with its history, as the node's `cases_get` returns it at the best block.
fn case_record(port: u16, id: u64) -> Result<serde_json::Value> {
	let answer = rpc_call(port, "cases_get", serde_json::json!([id]), &[])?;
	ensure!(answer["result"].is_object(), "no case {id}: {answer}");
	Ok(answer["result"].clone())
}

/// The storage prefix of `item` of `pallet`, in hex.
fn storage_prefix(pallet: &str, item: &str) -> String {
	let (pallet, item) = (
		sp_crypto_hashing::twox_128(pallet.as_bytes()),
		sp_crypto_hashing::twox_128(item.as_bytes()),
	);
	format!("0x{}{}", chain::hex(&pallet), chain::hex(&item))
}

/// The storage keys under `prefix` at the best block.
fn raw_keys(port: u16, prefix: &str) -> Result<Vec<String>> {
	let answer =
		rpc_call(port, "state_getKeysPaged", serde_json::json!([prefix, 1000, null]), &[])?;
	serde_json::from_value(answer["result"].clone()).with_context(|| format!("{answer}"))
}

/// The cases pallet's storage version at the best block.
fn cases_version(port: u16) -> Result<u16> {
	let key = storage_prefix("Cases", ":__STORAGE_VERSION__:");
	let answer = rpc_call(port, "state_getStorage", serde_json::json!([key]), &[])?;
	let raw = hex_field(&answer["result"]).with_context(|| format!("{answer}"))?;
	ensure!(raw.len() == 2, "a storage version of {} bytes", raw.len());
	Ok(u16::from_le_bytes([raw[0], raw[1]]))
}
