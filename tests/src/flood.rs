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
	/// Their signers.
	pub accounts: Vec<AccountId32>,
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

/// The chain's request cost and how many requests are pending now.
pub async fn cost_and_pending(api: &Client) -> Result<(RequestCost, u32)> {
	let at = api.at_current_block().await?;
	let cost = at
		.storage()
		.entry(runtime::storage().registration().request_cost_params())?
		.fetch(())
		.await?
		.decode()?;
	let pending = at
		.storage()
		.entry(runtime::storage().registration().pending_count())?
		.fetch(())
		.await?
		.decode()?;
	Ok((cost, pending))
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
			roles: roles(&[Role::InsuredEmployee]),
			id_valid_until: chain::valid_for_years(5),
			form_cid: cid(&[tag.to_le_bytes(), (i as u64).to_le_bytes()].concat()),
			photo_cid: None,
			agency,
		})
		.collect();
	let metadata = at.metadata();
	let encoded_forms: Vec<Vec<u8>> =
		forms.iter().map(|form| chain::encode_form(&metadata, form)).collect::<Result<_>>()?;
	let bits: Vec<u32> =
		(0..count).map(|i| required_bits(&cost, pending + i as u32) + extra_bits).collect();

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
	Ok(Requests { encoded, accounts, bits, work_time })
}
