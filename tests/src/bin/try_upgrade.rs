//! # Try an upgrade against a live chain's state
//!
//! `try_upgrade --runtime <wasm> --uri <ws://node:9944> [--at <block hash>]`
//!
//! What `./scripts/try-upgrade.sh` runs before the council votes on a runtime upgrade. It copies
//! the whole state of a live chain at one block over RPC (`state_getKeysPaged`,
//! `state_queryStorageAt`), then runs the new runtime's `TryRuntime_on_runtime_upgrade` on that
//! copy in a WebAssembly executor, as a node would run the upgrade: every pending migration with
//! its `pre_upgrade` and `post_upgrade` checks, then every pallet's `try_state`. The runtime must
//! be built with the `try-runtime` feature (the script does). Nothing is written to the chain.
//!
//! Exit status: 0 when every check passed, 1 when one failed (its message is printed), 2 on bad
//! arguments.
//!
//! This does what the `try-runtime` command-line tool of polkadot-sdk does for
//! `on-runtime-upgrade live`; that tool is not published on crates.io, and this one needs no
//! crate beyond those the node is built from.

use anyhow::{anyhow, bail, Context, Result};
use codec::Decode;
use frame_support::weights::Weight;
use sc_executor::{HeapAllocStrategy, WasmExecutor};
use sp_core::{
	storage::{Storage, StorageData, StorageKey},
	traits::{CallContext, RuntimeCode, WrappedRuntimeCode},
};
use sp_runtime::traits::BlakeTwo256;
use sp_state_machine::{OverlayedChanges, StateMachine};
use std::{process::ExitCode, time::Instant};
use subxt::utils::H256;
use subxt_rpcs::{rpc_params, RpcClient};

const USAGE: &str =
	"usage: try_upgrade --runtime <try-runtime wasm> --uri <ws://node:port> [--at <block hash>]";

/// Keys asked for per `state_getKeysPaged` and values per `state_queryStorageAt`.
const PAGE: u32 = 1000;

/// `UpgradeCheckSelect::All` (frame-support), SCALE-encoded: pre- and post-upgrade checks and
/// every pallet's `try_state`.
const ALL_CHECKS: u8 = 1;

struct Options {
	runtime: String,
	uri: String,
	at: Option<H256>,
}

fn parse_args() -> Result<Options> {
	let mut args = std::env::args().skip(1);
	let (mut runtime, mut uri, mut at) = (None, None, None);
	while let Some(flag) = args.next() {
		let value = args.next().ok_or_else(|| anyhow!("{flag} needs a value"))?;
		match flag.as_str() {
			"--runtime" => runtime = Some(value),
			"--uri" => uri = Some(value),
			"--at" => at = Some(value.parse::<H256>().context("--at is a block hash")?),
			other => bail!("unknown argument {other}"),
		}
	}
	Ok(Options {
		runtime: runtime.ok_or_else(|| anyhow!("--runtime is required"))?,
		uri: uri.ok_or_else(|| anyhow!("--uri is required"))?,
		at,
	})
}

/// Every top-level key and value of the state at `at`. Child tries are refused: the runtime
/// keeps none, so one appearing means the snapshot would be incomplete.
async fn snapshot(rpc: &RpcClient, at: H256) -> Result<Storage> {
	let mut keys: Vec<StorageKey> = Vec::new();
	loop {
		let start = keys.last().cloned();
		let page: Vec<StorageKey> = rpc
			.request("state_getKeysPaged", rpc_params!["0x", PAGE, start, at])
			.await
			.context("state_getKeysPaged")?;
		let full = page.len() == PAGE as usize;
		keys.extend(page);
		if !full {
			break;
		}
	}
	let mut storage = Storage::default();
	for chunk in keys.chunks(PAGE as usize) {
		let sets: Vec<serde_json::Value> = rpc
			.request("state_queryStorageAt", rpc_params![chunk, at])
			.await
			.context("state_queryStorageAt")?;
		for set in sets {
			let changes: Vec<(StorageKey, Option<StorageData>)> =
				serde_json::from_value(set["changes"].clone()).context("a change set")?;
			for (key, value) in changes {
				if key.0.starts_with(sp_core::storage::well_known_keys::CHILD_STORAGE_KEY_PREFIX) {
					bail!("the state has a child trie, which this tool does not copy");
				}
				if let Some(value) = value {
					storage.top.insert(key.0, value.0);
				}
			}
		}
	}
	Ok(storage)
}

/// Runs `TryRuntime_on_runtime_upgrade` of `code` on `storage`; returns the weight the
/// migrations reported and the block's maximum.
fn try_upgrade(code: Vec<u8>, storage: Storage) -> Result<(u64, u64)> {
	let mut ext = sp_state_machine::TestExternalities::<BlakeTwo256>::new(storage);
	let backend = ext.as_backend();
	// A whole state's migration may need more memory than a block: let the heap grow.
	let heap = HeapAllocStrategy::Dynamic { maximum_pages: None };
	let executor = WasmExecutor::<sp_io::SubstrateHostFunctions>::builder()
		.with_onchain_heap_alloc_strategy(heap)
		.with_offchain_heap_alloc_strategy(heap)
		.build();
	let hash = sp_crypto_hashing::blake2_256(&code).to_vec();
	let fetcher = WrappedRuntimeCode(code.into());
	let runtime_code = RuntimeCode { code_fetcher: &fetcher, heap_pages: None, hash };
	let mut overlay = OverlayedChanges::default();
	let mut extensions = Default::default();
	let result = StateMachine::new(
		&backend,
		&mut overlay,
		&executor,
		"TryRuntime_on_runtime_upgrade",
		&[ALL_CHECKS],
		&mut extensions,
		&runtime_code,
		CallContext::Offchain,
	)
	.execute()
	.map_err(|e| anyhow!("{e}"))?;
	let (weight, limit): (Weight, Weight) =
		Decode::decode(&mut &result[..]).context("the runtime's answer does not decode")?;
	Ok((weight.ref_time(), limit.ref_time()))
}

/// Prints the runtime's log lines (the migrations report what they did) to standard error.
struct Stderr;
impl log::Log for Stderr {
	fn enabled(&self, metadata: &log::Metadata) -> bool {
		metadata.level() <= log::Level::Info
	}
	fn log(&self, record: &log::Record) {
		if self.enabled(record.metadata()) {
			eprintln!("  [{}] {}", record.target(), record.args());
		}
	}
	fn flush(&self) {}
}
static LOGGER: Stderr = Stderr;

async fn run(options: Options) -> Result<()> {
	let code = std::fs::read(&options.runtime)
		.with_context(|| format!("reading the runtime {}", options.runtime))?;
	let rpc = RpcClient::from_insecure_url(&options.uri)
		.await
		.with_context(|| format!("connecting to {}", options.uri))?;
	let at = match options.at {
		Some(at) => at,
		None => rpc.request::<H256>("chain_getBlockHash", rpc_params![]).await?,
	};
	let started = Instant::now();
	let storage = snapshot(&rpc, at).await?;
	eprintln!(
		"try_upgrade: copied {} keys of block {at:?} in {:.1} s",
		storage.top.len(),
		started.elapsed().as_secs_f64()
	);
	let (weight, limit) = tokio::task::spawn_blocking(move || try_upgrade(code, storage)).await??;
	println!(
		"try_upgrade: every migration and check passed; the migrations weigh {weight} ps of \
		 ref time ({:.2} % of a block)",
		weight as f64 * 100.0 / limit.max(1) as f64
	);
	Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
	let options = match parse_args() {
		Ok(options) => options,
		Err(error) => {
			eprintln!("{error}\n{USAGE}");
			return ExitCode::from(2);
		},
	};
	if log::set_logger(&LOGGER).is_ok() {
		log::set_max_level(log::LevelFilter::Info);
	}
	match run(options).await {
		Ok(()) => ExitCode::SUCCESS,
		Err(error) => {
			eprintln!("try_upgrade: FAILED: {error:#}");
			ExitCode::from(1)
		},
	}
}
