//! Searches a chain's whole recorded state for byte strings that must never be there: every
//! storage value (events included: they are the value of `System::Events`) and every storage key,
//! at every block from genesis to the best one.
//!
//! A personal figure kept in a storage item and removed again later is still found, because
//! each block's state is read, not just the last one. The runtime code (`:code`) is skipped: it is
//! not state anyone wrote, and a few bytes of an amount can occur in any large binary.

use anyhow::{anyhow, Result};
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use subxt_rpcs::{rpc_params, RpcClient};

/// What to look for, and what to call it when found.
#[derive(Clone, Debug)]
pub struct Needle {
	pub label: String,
	pub bytes: Vec<u8>,
}

impl Needle {
	/// An amount in fen as the runtime would encode it (u128 and u64, little-endian), and as
	/// decimal text.
	pub fn figure(label: &str, fen: u128) -> Vec<Needle> {
		let mut out = vec![
			Needle { label: format!("{label} (u128)"), bytes: fen.to_le_bytes().to_vec() },
			Needle { label: format!("{label} (text)"), bytes: fen.to_string().into_bytes() },
		];
		if let Ok(small) = u64::try_from(fen) {
			out.push(Needle {
				label: format!("{label} (u64)"),
				bytes: small.to_le_bytes().to_vec(),
			});
		}
		out
	}

	/// A number written as text (an ID card, a bank card), and its unkeyed hashes, which anyone
	/// could recompute from a guess.
	pub fn text(label: &str, text: &str) -> Vec<Needle> {
		vec![
			Needle { label: format!("{label} (text)"), bytes: text.as_bytes().to_vec() },
			Needle {
				label: format!("{label} (sha256)"),
				bytes: Sha256::digest(text.as_bytes()).to_vec(),
			},
			Needle {
				label: format!("{label} (blake2-256)"),
				bytes: sp_crypto_hashing::blake2_256(text.as_bytes()).to_vec(),
			},
		]
	}

	/// An amount in fen exactly as the runtime stores it (u128, little-endian): what a search
	/// for amounts that must be on chain looks for.
	pub fn stored_amount(label: &str, fen: u128) -> Vec<Needle> {
		Self::bytes(label, fen.to_le_bytes().to_vec())
	}

	/// The ID card number of the test person `seed` names (`chain::id_number`), as text and its
	/// unkeyed hashes.
	pub fn id_number_of_seed(label: &str, seed: &str) -> Vec<Needle> {
		Self::text(label, &crate::chain::id_number(seed))
	}

	/// Exact bytes.
	pub fn bytes(label: &str, bytes: Vec<u8>) -> Vec<Needle> {
		vec![Needle { label: label.to_string(), bytes }]
	}
}

/// A needle found.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Hit {
	pub block: u64,
	/// The storage key, hex.
	pub key: String,
	pub label: String,
}

/// How much was searched, so a test can tell an empty result from an empty search.
#[derive(Debug, Default)]
pub struct Coverage {
	pub blocks: u64,
	/// Distinct (key, value) pairs searched.
	pub entries: usize,
	pub bytes: usize,
}

/// Keys read per request.
const PAGE: u32 = 500;

/// Searches every key and value of every block's state on the node at `ws_url`.
pub async fn scan_chain(ws_url: &str, needles: &[Needle]) -> Result<(Vec<Hit>, Coverage)> {
	let rpc = RpcClient::from_insecure_url(ws_url).await?;
	let header: serde_json::Value = rpc.request("chain_getHeader", rpc_params![]).await?;
	let best = header["number"]
		.as_str()
		.and_then(|hex| u64::from_str_radix(hex.trim_start_matches("0x"), 16).ok())
		.ok_or_else(|| anyhow!("no best header: {header}"))?;
	let mut seen: HashSet<(String, String)> = HashSet::new();
	let mut hits: HashSet<Hit> = HashSet::new();
	let mut coverage = Coverage::default();
	for block in 0..=best {
		let hash: String = rpc.request("chain_getBlockHash", rpc_params![block]).await?;
		let mut start: Option<String> = None;
		loop {
			let keys: Vec<String> = rpc
				.request("state_getKeysPaged", rpc_params!["0x", PAGE, start.clone(), &hash])
				.await?;
			let Some(last) = keys.last().cloned() else { break };
			let wanted: Vec<&String> = keys.iter().filter(|k| k.as_str() != CODE_KEY).collect();
			let sets: Vec<serde_json::Value> =
				rpc.request("state_queryStorageAt", rpc_params![wanted, &hash]).await?;
			for set in &sets {
				for change in set["changes"].as_array().into_iter().flatten() {
					let key = change[0].as_str().unwrap_or_default().to_string();
					let value = change[1].as_str().unwrap_or_default().to_string();
					if !seen.insert((key.clone(), value.clone())) {
						continue;
					}
					let bytes = [unhex(&key)?, unhex(&value)?].concat();
					coverage.entries += 1;
					coverage.bytes += bytes.len();
					for needle in needles {
						if contains(&bytes, &needle.bytes) {
							hits.insert(Hit {
								block,
								key: key.clone(),
								label: needle.label.clone(),
							});
						}
					}
				}
			}
			if keys.len() < PAGE as usize {
				break;
			}
			start = Some(last);
		}
		coverage.blocks += 1;
	}
	let mut hits: Vec<Hit> = hits.into_iter().collect();
	hits.sort_by(|a, b| (a.block, &a.label).cmp(&(b.block, &b.label)));
	Ok((hits, coverage))
}

/// `:code`, hex.
const CODE_KEY: &str = "0x3a636f6465";

fn unhex(text: &str) -> Result<Vec<u8>> {
	let hex = text.trim_start_matches("0x");
	(0..hex.len() / 2)
		.map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).map_err(Into::into))
		.collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
	!needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn figures_are_looked_for_in_every_encoding() {
		let needles = Needle::figure("income", 90_111);
		let value = [vec![1, 2], 90_111u128.to_le_bytes().to_vec(), vec![3]].concat();
		assert!(needles.iter().any(|n| contains(&value, &n.bytes)));
		assert!(needles.iter().any(|n| contains(b"x90111y", &n.bytes)));
		assert!(!needles.iter().any(|n| contains(&90_112u128.to_le_bytes(), &n.bytes)));
		assert!(!contains(b"abc", b""));
	}
}
