//! Load measurement: many extrinsics signed offline, sent over plain JSON-RPC as fast as the
//! nodes take them, and counted where they landed, in finalized blocks, by the chain's own
//! clock.
//!
//! The load scripts (`load_queue`, `load_applications`) share this so that every figure in
//! `docs/performance.md` is counted the same way.

use crate::{
	chain::{self, Client},
	flood,
	runtime::{
		self,
		runtime_types::{
			bounded_collections::bounded_vec::BoundedVec,
			pallet_registration::types::Verification,
			safetynet_primitives::{region::RegionCode, roles::Role},
		},
	},
};
use anyhow::{anyhow, ensure, Context, Result};
use codec::{Compact, Decode};
use futures::{stream, StreamExt};
use std::{
	sync::{
		atomic::{AtomicBool, Ordering},
		Arc,
	},
	time::{Duration, Instant},
};
use subxt::{
	config::DefaultExtrinsicParamsBuilder, transactions::Payload, utils::AccountId32,
	PolkadotConfig,
};
use subxt_signer::sr25519::Keypair;

/// How long signed extrinsics stay valid, in blocks: long enough for the slowest batch.
pub const MORTALITY: u64 = 2048;

/// Signs `calls` (each with its signer) with the nonce `nonce(i)` of the `i`th, valid for
/// [`MORTALITY`] blocks from the latest finalized block. Returns them hex-encoded, ready for
/// `author_submitExtrinsic`.
pub async fn sign_all<'a, C: Payload + 'a>(
	api: &Client,
	calls: impl Iterator<Item = (&'a C, &'a Keypair)>,
	nonce: impl Fn(usize) -> u64,
) -> Result<Vec<String>> {
	let at = api.at_current_block().await?;
	let (number, hash) = (at.block_number(), at.block_hash());
	let mut signed = Vec::new();
	for (i, (call, key)) in calls.enumerate() {
		let params = DefaultExtrinsicParamsBuilder::<PolkadotConfig>::new()
			.nonce(nonce(i))
			.mortal_from_unchecked(MORTALITY, number, hash)
			.build();
		let tx = at.transactions().create_signable_offline(call, params)?.sign(key)?;
		signed.push(format!("0x{}", chain::hex(tx.encoded())));
	}
	Ok(signed)
}

/// What the pools said to a batch [`send`] sent.
pub struct Sent {
	pub accepted: usize,
	/// The pools' refusals, one message each.
	pub refused: Vec<String>,
	/// From the first submission to the last answer.
	pub seconds: f64,
}

/// Sends the signed extrinsics with `author_submitExtrinsic`, `in_flight` at a time, spread
/// round-robin over the nodes at `urls` (one connection each).
pub async fn send(urls: &[String], signed: Vec<String>, in_flight: usize) -> Result<Sent> {
	ensure!(!urls.is_empty(), "no node to send to");
	let mut rpcs = Vec::new();
	for url in urls {
		rpcs.push(subxt_rpcs::RpcClient::from_insecure_url(url).await?);
	}
	let begun = Instant::now();
	let count = signed.len();
	let refused: Vec<String> = stream::iter(signed.into_iter().enumerate())
		.map(|(i, tx)| {
			let rpc = rpcs[i % rpcs.len()].clone();
			async move {
				rpc.request::<serde_json::Value>(
					"author_submitExtrinsic",
					subxt_rpcs::rpc_params![tx],
				)
				.await
				.err()
				.map(|e| format!("{e:?}"))
			}
		})
		.buffer_unordered(in_flight)
		.filter_map(|r| async move { r })
		.collect()
		.await;
	Ok(Sent { accepted: count - refused.len(), refused, seconds: begun.elapsed().as_secs_f64() })
}

/// As [`send`], to one node, 64 in flight; fails if the pool refused any.
pub async fn send_all(url: &str, signed: Vec<String>, what: &str) -> Result<()> {
	let count = signed.len();
	let sent = send(&[url.to_string()], signed, 64).await?;
	ensure!(
		sent.refused.is_empty(),
		"{} of {count} {what} refused, e.g. {}",
		sent.refused.len(),
		sent.refused[0]
	);
	eprintln!("{count} {what} sent in {:.1} s", sent.seconds);
	Ok(())
}

/// The next nonce of `who`, as the pool of the node at `url` sees it.
pub async fn next_nonce(url: &str, who: &AccountId32) -> Result<u64> {
	let rpc = subxt_rpcs::RpcClient::from_insecure_url(url).await?;
	Ok(rpc
		.request::<u64>("system_accountNextIndex", subxt_rpcs::rpc_params![who.to_string()])
		.await?)
}

/// Polls `count` every three seconds until it reaches `target`, or has not moved for a minute;
/// returns where it got.
pub async fn count_until(
	what: &str,
	target: usize,
	count: impl AsyncFn() -> Result<usize>,
) -> Result<usize> {
	let (mut last, mut moved) = (usize::MAX, Instant::now());
	loop {
		let n = count().await?;
		if n >= target {
			eprintln!("{what}: {n}");
			return Ok(n);
		}
		if n != last {
			eprintln!("{what}: {n} of {target}");
			(last, moved) = (n, Instant::now());
		}
		if moved.elapsed() > Duration::from_secs(60) {
			eprintln!("{what}: stopped at {n} of {target}");
			return Ok(n);
		}
		tokio::time::sleep(Duration::from_secs(3)).await;
	}
}

/// As [`count_until`], failing unless `target` is reached.
pub async fn wait_until(
	what: &str,
	target: usize,
	count: impl AsyncFn() -> Result<usize>,
) -> Result<()> {
	let n = count_until(what, target, count).await?;
	ensure!(n >= target, "{what}: stuck at {n} of {target}");
	Ok(())
}

/// How many registration requests are pending at the best block of the node at `url`.
pub async fn pending_requests(api: &Client, url: &str) -> Result<usize> {
	let at = api.at_block(chain::best_hash(url).await?).await?;
	Ok(flood::pending_count_at(&at).await? as usize)
}

/// Verifications sent at once before the next wait: fewer than a block holds, so that a pool
/// that drops some (a full gossip queue at a peer, a verification reaching a node before its
/// request) leaves a short gap in the officer's nonces, not thousands of verifications stuck
/// behind one.
const VERIFICATIONS_AT_ONCE: usize = 1_000;

/// Rounds of verifying what is still pending before the set-up gives up.
const VERIFICATION_ROUNDS: usize = 5;

/// Registers `count` citizens from fresh accounts (seeded by `tag`) at `agency` with `role`:
/// each sends a registration request (the caller has set the request cost to no work), and
/// `officer` verifies each, with nonces in a row, as living in `residence`. Each citizen's next
/// nonce is 1.
#[allow(clippy::too_many_arguments)]
pub async fn register_citizens(
	api: &Client,
	url: &str,
	count: usize,
	agency: u32,
	role: Role,
	officer: &Keypair,
	residence: u64,
	tag: u64,
) -> Result<flood::Requests> {
	let requests = flood::prepare_as(api, count, agency, role, tag, 0).await?;
	send_all(url, requests.encoded.clone(), "registration requests").await?;
	wait_until("the requests pending", count, async || pending_requests(api, url).await).await?;

	let verification = |i: usize| {
		runtime::transactions().registration().verify_citizen(
			requests.accounts[i],
			Verification {
				identity: chain::identity_of_number(&chain::nth_id_number(i as u32)),
				residence: RegionCode(residence),
				household: BoundedVec(Vec::new()),
			},
		)
	};
	let mut unverified: Vec<usize> = (0..count).collect();
	for round in 1..=VERIFICATION_ROUNDS {
		for chunk in unverified.chunks(VERIFICATIONS_AT_ONCE) {
			let calls: Vec<_> = chunk.iter().map(|&i| verification(i)).collect();
			// From the node's pool-aware nonce: after a drop it is the gap, so the first of
			// these fills it, and those whose nonce the pool already holds are refused (the
			// pooled ones then go in and are counted below).
			let first_nonce = next_nonce(url, &chain::account(officer)).await?;
			let signed = sign_all(api, calls.iter().zip(std::iter::repeat(officer)), |i| {
				first_nonce + i as u64
			})
			.await?;
			let before = pending_requests(api, url).await?;
			let sent = send(&[url.to_string()], signed, 64).await?;
			if !sent.refused.is_empty() {
				eprintln!(
					"round {round}: {} of {} verifications refused, e.g. {}",
					sent.refused.len(),
					chunk.len(),
					sent.refused[0]
				);
			}
			let target = count - before.saturating_sub(chunk.len());
			count_until("the citizens registered", target, async || {
				Ok(count.saturating_sub(pending_requests(api, url).await?))
			})
			.await?;
		}
		unverified = still_pending_of(api, url, &requests.accounts, &unverified).await?;
		if unverified.is_empty() {
			return Ok(requests);
		}
		eprintln!(
			"round {round}: {} citizens not yet verified; verifying them again",
			unverified.len()
		);
	}
	Err(anyhow!(
		"{} of {count} citizens still unverified after {VERIFICATION_ROUNDS} rounds",
		unverified.len()
	))
}

/// Those of `candidates` (indices into `accounts`) whose registration request is still pending
/// at the best block of the node at `url`.
async fn still_pending_of(
	api: &Client,
	url: &str,
	accounts: &[AccountId32],
	candidates: &[usize],
) -> Result<Vec<usize>> {
	let at = &api.at_block(chain::best_hash(url).await?).await?;
	let checks: Vec<Result<Option<usize>>> = stream::iter(candidates.iter().copied())
		.map(|i| async move {
			let pending = runtime::storage().registration().pending_requests();
			Ok(at.storage().entry(pending)?.fetch((accounts[i],)).await.is_ok().then_some(i))
		})
		.buffer_unordered(64)
		.collect()
		.await;
	checks.into_iter().filter_map(Result::transpose).collect()
}

/// One finalized block, as the load counts it.
#[derive(Clone, Copy, Debug)]
pub struct BlockLoad {
	pub number: u64,
	/// Signed extrinsics in it (inherents are not counted).
	pub signed: usize,
	/// `Timestamp::Now` in it, in milliseconds.
	pub timestamp: u64,
}

/// Reads blocks of the node at `url` by number.
pub struct BlockReader {
	rpc: subxt_rpcs::RpcClient,
}

impl BlockReader {
	pub async fn connect(url: &str) -> Result<BlockReader> {
		Ok(BlockReader { rpc: subxt_rpcs::RpcClient::from_insecure_url(url).await? })
	}

	/// The numbers of the best and the finalized block.
	pub async fn heads(&self) -> Result<(u64, u64)> {
		let best = self.header_number(None).await?;
		let finalized: String =
			self.rpc.request("chain_getFinalizedHead", subxt_rpcs::rpc_params![]).await?;
		Ok((best, self.header_number(Some(finalized)).await?))
	}

	async fn header_number(&self, hash: Option<String>) -> Result<u64> {
		let header: serde_json::Value =
			self.rpc.request("chain_getHeader", subxt_rpcs::rpc_params![hash]).await?;
		let number = header["number"].as_str().ok_or_else(|| anyhow!("a header without number"))?;
		Ok(u64::from_str_radix(number.trim_start_matches("0x"), 16)?)
	}

	/// Block `number` of the node's canonical chain (call it for finalized blocks only).
	pub async fn block(&self, number: u64) -> Result<BlockLoad> {
		let hash: String =
			self.rpc.request("chain_getBlockHash", subxt_rpcs::rpc_params![number]).await?;
		let block: serde_json::Value =
			self.rpc.request("chain_getBlock", subxt_rpcs::rpc_params![&hash]).await?;
		let extrinsics = block["block"]["extrinsics"]
			.as_array()
			.ok_or_else(|| anyhow!("block {number} has no extrinsics list"))?;
		let mut signed = 0;
		for xt in extrinsics {
			let bytes = safetynet_docs::chain::decode_hex(xt.as_str().unwrap_or_default())?;
			if is_signed(&bytes)? {
				signed += 1;
			}
		}
		let key = [sp_crypto_hashing::twox_128(b"Timestamp"), sp_crypto_hashing::twox_128(b"Now")]
			.concat();
		let value: Option<String> = self
			.rpc
			.request(
				"state_getStorage",
				subxt_rpcs::rpc_params![format!("0x{}", chain::hex(&key)), &hash],
			)
			.await?;
		let value =
			safetynet_docs::chain::decode_hex(&value.context("a block without a timestamp")?)?;
		Ok(BlockLoad { number, signed, timestamp: u64::decode(&mut &value[..])? })
	}
}

/// Whether an encoded extrinsic (with its length prefix) is signed: version 4 with the signed
/// bit, or a version 5 general transaction. Inherents are bare.
fn is_signed(mut bytes: &[u8]) -> Result<bool> {
	Compact::<u32>::decode(&mut bytes).context("an extrinsic without length")?;
	let version = *bytes.first().ok_or_else(|| anyhow!("an empty extrinsic"))?;
	Ok(version & 0x80 != 0 || version == 0x45)
}

/// Samples how far finality trails the best block while a load runs.
pub struct LagWatch {
	stop: Arc<AtomicBool>,
	task: tokio::task::JoinHandle<Result<Vec<u64>>>,
}

impl LagWatch {
	/// Starts sampling the node at `url` every half second.
	pub async fn start(url: &str) -> Result<LagWatch> {
		let reader = BlockReader::connect(url).await?;
		let stop = Arc::new(AtomicBool::new(false));
		let flag = stop.clone();
		let task = tokio::spawn(async move {
			let mut lags = Vec::new();
			while !flag.load(Ordering::Relaxed) {
				let (best, finalized) = reader.heads().await?;
				lags.push(best.saturating_sub(finalized));
				tokio::time::sleep(Duration::from_millis(500)).await;
			}
			Ok(lags)
		});
		Ok(LagWatch { stop, task })
	}

	/// Stops sampling; returns the samples, in blocks.
	pub async fn finish(self) -> Result<Vec<u64>> {
		self.stop.store(true, Ordering::Relaxed);
		self.task.await?
	}
}

/// How a load landed in blocks.
#[derive(Debug)]
pub struct Landed {
	/// The first and the last block that held any (0 if none did).
	pub first: u64,
	pub last: u64,
	/// Signed extrinsics found in finalized blocks after the start.
	pub included: usize,
	/// Blocks that held any.
	pub blocks: usize,
	pub most_per_block: usize,
	/// Included per second of chain time: from the timestamp of the block before the first one
	/// that held any to that of the last one that did.
	pub per_second: f64,
}

/// Follows the finalized chain of the node at `url` from block `after + 1` until `expected`
/// signed extrinsics were found, or none arrived for `patience`; counts where they landed.
pub async fn follow(url: &str, after: u64, expected: usize, patience: Duration) -> Result<Landed> {
	let reader = BlockReader::connect(url).await?;
	let (mut next, mut loads, mut included) = (after + 1, Vec::new(), 0);
	let mut moved = Instant::now();
	while included < expected && moved.elapsed() < patience {
		let (_, finalized) = reader.heads().await?;
		while next <= finalized {
			let load = reader.block(next).await?;
			if load.signed > 0 {
				included += load.signed;
				moved = Instant::now();
			}
			loads.push(load);
			next += 1;
		}
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
	let busy: Vec<&BlockLoad> = loads.iter().filter(|l| l.signed > 0).collect();
	let per_second = match (busy.first(), busy.last()) {
		(Some(first), Some(last)) => {
			let before = reader.block(first.number - 1).await?.timestamp;
			included as f64 / ((last.timestamp - before) as f64 / 1000.0).max(1e-3)
		},
		_ => 0.0,
	};
	Ok(Landed {
		first: busy.first().map_or(0, |l| l.number),
		last: busy.last().map_or(0, |l| l.number),
		included,
		blocks: busy.len(),
		most_per_block: busy.iter().map(|l| l.signed).max().unwrap_or(0),
		per_second,
	})
}

/// A block its author built, as the node logs it ("Prepared block for proposing at N (T ms)
/// ...; end: E; extrinsics_count: K").
#[derive(Clone, Debug, PartialEq)]
pub struct Proposal {
	pub number: u64,
	/// How long building it took.
	pub millis: u64,
	/// Why the author stopped adding transactions (e.g. `NoMoreTransactions`,
	/// `HitBlockWeightLimit`).
	pub end: String,
	/// Extrinsics in it, inherents included.
	pub extrinsics: usize,
}

/// The blocks built by the nodes whose logs are at `logs`.
pub fn proposals(logs: &[std::path::PathBuf]) -> Vec<Proposal> {
	logs.iter()
		.flat_map(|path| {
			let text = std::fs::read_to_string(path).unwrap_or_default();
			text.lines().filter_map(parse_proposal).collect::<Vec<_>>()
		})
		.collect()
}

fn parse_proposal(line: &str) -> Option<Proposal> {
	let rest = line.split("Prepared block for proposing at ").nth(1)?;
	let (number, rest) = rest.split_once(" (")?;
	let (millis, rest) = rest.split_once(" ms)")?;
	let end = rest.split("end: ").nth(1)?.split(';').next()?.trim();
	let extrinsics = rest.split("extrinsics_count: ").nth(1)?.trim();
	Some(Proposal {
		number: number.parse().ok()?,
		millis: millis.parse().ok()?,
		end: end.to_string(),
		extrinsics: extrinsics.split_whitespace().next()?.parse().ok()?,
	})
}

/// How the authors built the blocks numbered `first..=last`: the median time to build one,
/// the time per transaction (inherents aside, one each), and why blocks ended, most common
/// first.
pub fn authoring(proposals: &[Proposal], first: u64, last: u64) -> String {
	let built: Vec<&Proposal> =
		proposals.iter().filter(|p| (first..=last).contains(&p.number)).collect();
	if built.is_empty() {
		return "—".into();
	}
	let mut millis: Vec<u64> = built.iter().map(|p| p.millis).collect();
	millis.sort();
	let total_ms: u64 = millis.iter().sum();
	let transactions: usize = built.iter().map(|p| p.extrinsics.saturating_sub(1)).sum();
	let mut ends: Vec<(String, usize)> = Vec::new();
	for p in &built {
		match ends.iter_mut().find(|(e, _)| *e == p.end) {
			Some((_, n)) => *n += 1,
			None => ends.push((p.end.clone(), 1)),
		}
	}
	ends.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
	let ends: Vec<String> = ends.iter().map(|(e, n)| format!("{e} ×{n}")).collect();
	format!(
		"{} ms / {:.0} µs / {}",
		millis[millis.len() / 2],
		total_ms as f64 * 1000.0 / transactions.max(1) as f64,
		ends.join(", ")
	)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn inherents_are_not_signed() {
		// Length 10, version 4 bare; version 4 signed; version 5 general; version 5 bare.
		assert!(!is_signed(&[40, 0x04, 1, 0]).unwrap());
		assert!(is_signed(&[40, 0x84, 0]).unwrap());
		assert!(is_signed(&[40, 0x45, 0]).unwrap());
		assert!(!is_signed(&[40, 0x05, 0]).unwrap());
		assert!(is_signed(&[]).is_err());
	}

	#[test]
	fn proposals_are_read_from_the_log() {
		let line = "2026-12-05 04:44:33 🎁 Prepared block for proposing at 45 (812 ms) hash: \
		            0x0e9e; parent_hash: 0xd45d…ded7; end: HitBlockWeightLimit; \
		            extrinsics_count: 446    ";
		let p = parse_proposal(line).unwrap();
		assert_eq!(
			p,
			Proposal {
				number: 45,
				millis: 812,
				end: "HitBlockWeightLimit".into(),
				extrinsics: 446
			}
		);
		assert_eq!(parse_proposal("2026-12-05 Imported #45"), None);
		let other =
			Proposal { number: 46, millis: 10, end: "NoMoreTransactions".into(), extrinsics: 1 };
		assert_eq!(
			authoring(&[p, other], 45, 46),
			"812 ms / 1847 µs / HitBlockWeightLimit ×1, NoMoreTransactions ×1"
		);
	}
}
