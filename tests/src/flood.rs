//! Registration requests from fresh accounts, prepared ahead of time: what a flood of newcomers
//! (or of an attacker's throw-away accounts) sends. Each carries the proof of work the chain
//! will ask of it when its turn comes, computed on every core.

use crate::{
	chain::{self, cid, grind_work, hex, roles, Client},
	runtime::{
		self,
		runtime_types::{
			pallet_registration::types::{ProofOfWork, RegistrationForm, RequestCost},
			safetynet_primitives::roles::Role,
		},
	},
};
use anyhow::{Context, Result};
use std::time::{Duration, Instant};
use subxt::{config::DefaultExtrinsicParamsBuilder, utils::AccountId32, PolkadotConfig};
use subxt_signer::sr25519::Keypair;

/// Signed registration requests, ready to send.
pub struct Requests {
	/// The encoded extrinsics, as `author_submitExtrinsic` takes them.
	pub encoded: Vec<String>,
	/// Their signers, and their keys (to sign what the accounts do once registered).
	pub accounts: Vec<AccountId32>,
	pub keys: Vec<Keypair>,
	/// The zero bits each one's work reaches.
	pub bits: Vec<u32>,
	/// How long the work took, on all cores together.
	pub work_time: Duration,
}

/// The zero bits a request needs while `pending` requests wait, under `cost`: the runtime's
/// `RequestCost::required_bits`.
pub fn required_bits(cost: &RequestCost, pending: u32) -> u32 {
	let growth = match cost.doubling_every {
		0 => 0,
		every => (1 + pending / every).ilog2(),
	};
	(u32::from(cost.base_bits) + growth).min(48)
}

/// The hashes a client expects to try to find the work of `count` requests sent one after the
/// other while `pending` (and then each earlier one) wait: the sum of 2^bits.
pub fn expected_hashes(cost: &RequestCost, pending: u32, count: u32) -> f64 {
	(0..count).map(|i| 2f64.powi(required_bits(cost, pending + i) as i32)).sum()
}

/// The chain's request cost and how many requests are pending now.
pub async fn cost_and_pending(api: &Client) -> Result<(RequestCost, u32)> {
	let at = api.at_current_block().await?;
	let cost = at
		.storage()
		.entry(runtime::storage().registration().request_cost_params())?
		.fetch(())
		.await?
		.decode()?;
	Ok((cost, pending_count_at(&at).await?))
}

/// How many registration requests are pending in the state at `at`.
pub async fn pending_count_at(
	at: &subxt::client::OnlineClientAtBlock<PolkadotConfig>,
) -> Result<u32> {
	let count: u32 = at
		.storage()
		.entry(runtime::storage().registration().pending_count())?
		.fetch(())
		.await?
		.decode()?;
	Ok(count)
}

/// `count` requests to `agency` from fresh accounts (seeded by `tag`), each with the work it
/// needs if every request before it is still pending when it arrives, plus `extra_bits`; bound
/// to the latest finalized block and mortal for 256 blocks.
pub async fn prepare(
	api: &Client,
	count: usize,
	agency: u32,
	tag: u64,
	extra_bits: u32,
) -> Result<Requests> {
	prepare_as(api, count, agency, Role::InsuredEmployee, tag, extra_bits).await
}

/// As [`prepare`], the accounts asking for `role`.
pub async fn prepare_as(
	api: &Client,
	count: usize,
	agency: u32,
	role: Role,
	tag: u64,
	extra_bits: u32,
) -> Result<Requests> {
	let (cost, pending) = cost_and_pending(api).await?;
	let at = api.at_current_block().await?;
	let (number, hash) = (at.block_number(), at.block_hash());
	let keys: Vec<Keypair> = (0..count)
		.map(|i| {
			let mut seed = [0u8; 32];
			seed[..8].copy_from_slice(&tag.to_le_bytes());
			seed[8..16].copy_from_slice(&(i as u64).to_le_bytes());
			seed[16] = 0x5a;
			Keypair::from_secret_key(seed).context("keypair")
		})
		.collect::<Result<_>>()?;
	let accounts: Vec<AccountId32> = keys.iter().map(chain::account).collect();
	let forms: Vec<RegistrationForm> = (0..count)
		.map(|i| RegistrationForm {
			roles: roles(std::slice::from_ref(&role)),
			id_valid_until: chain::valid_for_years(5),
			form_cid: cid(&[tag.to_le_bytes(), (i as u64).to_le_bytes()].concat()),
			photo_cid: None,
			agency,
		})
		.collect();
	let metadata = at.metadata();
	let encoded_forms: Vec<Vec<u8>> = forms
		.iter()
		.map(|form| chain::encode_form(&metadata, form))
		.collect::<Result<_>>()?;
	let bits: Vec<u32> = (0..count)
		.map(|i| required_bits(&cost, pending + i as u32) + extra_bits)
		.collect();

	// The work, on every core.
	let started = Instant::now();
	let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
	let work: Vec<ProofOfWork<u32>> = std::thread::scope(|scope| {
		let chunk = count.div_ceil(threads).max(1);
		let handles: Vec<_> = (0..count)
			.step_by(chunk)
			.map(|start| {
				let (accounts, forms, bits) = (&accounts, &encoded_forms, &bits);
				scope.spawn(move || {
					(start..(start + chunk).min(count))
						.map(|i| grind_work(&accounts[i], number as u32, hash, &forms[i], bits[i]))
						.collect::<Vec<_>>()
				})
			})
			.collect();
		handles.into_iter().flat_map(|h| h.join().expect("a worker thread")).collect()
	});
	let work_time = started.elapsed();

	let mut encoded = Vec::with_capacity(count);
	for ((key, form), work) in keys.iter().zip(forms).zip(work) {
		let call = runtime::transactions().registration().request_registration(form, work);
		let params = DefaultExtrinsicParamsBuilder::<PolkadotConfig>::new()
			.nonce(0)
			.mortal_from_unchecked(256, number, hash)
			.build();
		let tx = at.transactions().create_signable_offline(&call, params)?.sign(key)?;
		encoded.push(format!("0x{}", hex(tx.encoded())));
	}
	Ok(Requests { encoded, accounts, keys, bits, work_time })
}

/// What a flood run measured.
#[derive(Debug, Clone)]
pub struct FloodReport {
	/// Requests from fresh accounts with their work, sent as fast as the node took them.
	pub flood: usize,
	/// Of those, how many the pool accepted.
	pub accepted: usize,
	/// Requests carrying no work, sent alongside, and how many the pool refused.
	pub unpaid: usize,
	pub unpaid_refused: usize,
	/// The work of the flood: seconds on all cores, and the zero bits asked at the start and
	/// at the end.
	pub work_seconds: f64,
	pub bits_first: u32,
	pub bits_last: u32,
	/// Of the accepted, how many were in blocks when the run ended.
	pub included: usize,
	/// How many flood requests were in blocks when the genuine request was, and after how long
	/// (and how many blocks) the genuine request was in a block.
	pub included_before_genuine: usize,
	pub genuine_seconds: f64,
	pub genuine_blocks: u64,
	/// Flood requests included per second of the run, until the last was in a block (or the
	/// wait ended).
	pub included_per_second: f64,
}

impl FloodReport {
	/// The report as a Markdown table row (see [`FloodReport::header`]).
	pub fn row(&self) -> String {
		format!(
			"| {} | {} | {} | {}–{} | {:.1} s | {} / {} | {:.0} | {} | {:.1} s ({} blocks) |",
			self.flood,
			self.accepted,
			self.included,
			self.bits_first,
			self.bits_last,
			self.work_seconds,
			self.unpaid_refused,
			self.unpaid,
			self.included_per_second,
			self.included_before_genuine,
			self.genuine_seconds,
			self.genuine_blocks,
		)
	}

	/// The header of [`FloodReport::row`].
	pub fn header() -> &'static str {
		"| flood requests | accepted | in blocks | work bits asked | work (all cores) | \
		 unpaid refused | included/s | flood in blocks before the genuine one | genuine request in a \
		 block after |\n|---|---|---|---|---|---|---|---|---|"
	}
}

/// Floods the node at `url` with `count` paid registration requests and `unpaid` requests
/// without work (all from fresh accounts), and, once half the flood is sent, files the genuine
/// request `genuine`, signed by `genuine_account` (prepared with [`prepare`], typically with a
/// little extra work for priority). Waits up to `wait` for the genuine request and the flood to
/// land.
#[allow(clippy::too_many_arguments)]
pub async fn run(
	api: &Client,
	url: &str,
	count: usize,
	unpaid: usize,
	genuine: String,
	genuine_account: AccountId32,
	agency: u32,
	wait: Duration,
) -> Result<FloodReport> {
	use futures::{stream, StreamExt};
	let tag = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_nanos() as u64;
	let paid = prepare(api, count, agency, tag, 0).await?;
	let bits_first = paid.bits.first().copied().unwrap_or(0);
	let bits_last = paid.bits.last().copied().unwrap_or(0);
	// The same kind of request, with no work at all.
	let free = prepare_unpaid(api, unpaid, agency, tag.wrapping_add(1)).await?;

	let rpc = subxt_rpcs::RpcClient::from_insecure_url(url).await?;
	let send = |tx: String| {
		let rpc = rpc.clone();
		async move {
			rpc.request::<serde_json::Value>("author_submitExtrinsic", subxt_rpcs::rpc_params![tx])
				.await
				.map(|_| ())
				.map_err(|e| format!("{e:?}"))
		}
	};
	let start_block = api.at_current_block().await?;
	let (start_number, start_hash) = (start_block.block_number(), start_block.block_hash());
	let started = Instant::now();
	let half = count / 2;
	let mut txs = paid.encoded.into_iter();
	let first: Vec<String> = txs.by_ref().take(half).collect();
	let first_results: Vec<_> = stream::iter(first).map(send).buffered(64).collect().await;
	// The genuine applicant files while half the flood waits in the pool.
	let genuine_sent = Instant::now();
	send(genuine.clone())
		.await
		.map_err(|e| anyhow::anyhow!("the genuine request was refused: {e}"))?;
	// `buffered` keeps results in sending order: the unpaid ones are the tail.
	let rest: Vec<String> = txs.chain(free.encoded.iter().cloned()).collect();
	let rest_results: Vec<_> = stream::iter(rest).map(send).buffered(64).collect().await;
	let accepted = first_results
		.iter()
		.chain(&rest_results[..count - half])
		.filter(|r| r.is_ok())
		.count();
	let unpaid_refused = rest_results[count - half..].iter().filter(|r| r.is_err()).count();

	// Follow the best chain until the genuine request and the accepted flood are in blocks. The
	// flood is counted from the chain's own count of pending requests at each best block, not
	// from events: the best-block stream may skip blocks or report a fork's. Requests the pool
	// accepted may still never land (a fork dropped them, or their work fell out of the window),
	// so the count also stops once the pool has held nothing for three blocks in a row.
	let pending_start = pending_count_at(&api.at_block(start_hash).await?).await? as usize;
	let mut blocks = api.stream_best_blocks().await?;
	let (mut included, mut genuine_at, mut before_genuine) = (0usize, None, 0usize);
	let mut empty_pool = 0;
	let deadline = Instant::now() + wait;
	while let Some(block) = blocks.next().await {
		let block = block?;
		let at = block.at().await?;
		// Read from the state, not the events: the stream may skip the genuine request's block.
		let genuine_here = genuine_at.is_none() && is_pending(&at, &genuine_account).await?;
		let in_state = (pending_count_at(&at).await? as usize).saturating_sub(pending_start);
		included = in_state.saturating_sub(usize::from(genuine_at.is_some() || genuine_here));
		if genuine_here {
			genuine_at = Some((genuine_sent.elapsed(), block.number() - start_number));
			before_genuine = included;
		}
		let pool: Vec<serde_json::Value> =
			rpc.request("author_pendingExtrinsics", subxt_rpcs::rpc_params![]).await?;
		empty_pool = if pool.is_empty() { empty_pool + 1 } else { 0 };
		let settled = included >= accepted || empty_pool >= 3;
		if (genuine_at.is_some() && settled) || Instant::now() > deadline {
			break;
		}
	}
	let (genuine_time, genuine_blocks) = genuine_at
		.ok_or_else(|| anyhow::anyhow!("the genuine request was not in a block within {wait:?}"))?;
	Ok(FloodReport {
		flood: count,
		accepted,
		unpaid,
		unpaid_refused,
		work_seconds: paid.work_time.as_secs_f64(),
		bits_first,
		bits_last,
		included,
		included_before_genuine: before_genuine,
		genuine_seconds: genuine_time.as_secs_f64(),
		genuine_blocks,
		included_per_second: included as f64 / started.elapsed().as_secs_f64(),
	})
}

/// Whether `who` has a registration request pending in the state at `at`.
async fn is_pending(
	at: &subxt::client::OnlineClientAtBlock<PolkadotConfig>,
	who: &AccountId32,
) -> Result<bool> {
	let entry = at.storage().entry(runtime::storage().registration().pending_requests())?;
	Ok(entry.try_fetch((*who,)).await?.is_some())
}

/// `count` requests like [`prepare`]'s, carrying no work: a nonce whose hash starts with a one
/// bit.
async fn prepare_unpaid(api: &Client, count: usize, agency: u32, tag: u64) -> Result<Requests> {
	let at = api.at_current_block().await?;
	let (number, hash) = (at.block_number(), at.block_hash());
	let metadata = at.metadata();
	let mut encoded = Vec::with_capacity(count);
	let mut accounts = Vec::with_capacity(count);
	let mut keys = Vec::with_capacity(count);
	for i in 0..count {
		let mut seed = [0u8; 32];
		seed[..8].copy_from_slice(&tag.to_le_bytes());
		seed[8..16].copy_from_slice(&(i as u64).to_le_bytes());
		seed[16] = 0xa5;
		let key = Keypair::from_secret_key(seed).context("keypair")?;
		let form = RegistrationForm {
			roles: roles(&[Role::InsuredEmployee]),
			id_valid_until: chain::valid_for_years(5),
			form_cid: cid(&seed),
			photo_cid: None,
			agency,
		};
		let encoded_form = chain::encode_form(&metadata, &form)?;
		let who = chain::account(&key);
		let nonce = (0u64..)
			.find(|n| {
				chain::leading_zero_bits(&chain::work_hash(&who, &hash, &encoded_form, *n)) == 0
			})
			.expect("half of all nonces");
		let call = runtime::transactions()
			.registration()
			.request_registration(form, ProofOfWork { block: number as u32, nonce });
		let params = DefaultExtrinsicParamsBuilder::<PolkadotConfig>::new()
			.nonce(0)
			.mortal_from_unchecked(256, number, hash)
			.build();
		let tx = at.transactions().create_signable_offline(&call, params)?.sign(&key)?;
		encoded.push(format!("0x{}", hex(tx.encoded())));
		accounts.push(chain::account(&key));
		keys.push(key);
	}
	Ok(Requests { encoded, accounts, keys, bits: vec![0; count], work_time: Duration::ZERO })
}
