//! The node behind the gateway, and who owns what on it.
//!
//! Requests are relayed as JSON; the gateway never builds or decodes runtime types beyond the
//! two facts its reading rules need: a case's applicant (from the node's `cases_get`) and a
//! payment schedule's case (the first field of its encoding). Both never change once written,
//! so they are cached, in tables bounded by [`CACHE_LIMIT`].

use crate::{
	errors,
	policy::{item_key, schedule_case, Owner},
};
use jsonrpsee::types::ErrorObjectOwned;
use serde_json::{value::RawValue, Value};
use sp_core::crypto::{AccountId32, Ss58Codec};
use sp_crypto_hashing::twox_64;
use std::{collections::HashMap, sync::Mutex};
use subxt_rpcs::{client::RpcParams, RpcClient};

/// Most cached cases (and schedules); the table is cleared when it would grow past this.
pub const CACHE_LIMIT: usize = 100_000;

/// A connection to the node, with the ownership caches.
pub struct Upstream {
	rpc: RpcClient,
	applicants: Mutex<HashMap<u64, AccountId32>>,
	schedule_cases: Mutex<HashMap<u64, u64>>,
}

fn params(values: &[Value]) -> Result<RpcParams, ErrorObjectOwned> {
	let mut params = RpcParams::new();
	for value in values {
		params.push(value).map_err(errors::bad_request)?;
	}
	Ok(params)
}

fn remember<K: std::hash::Hash + Eq, V>(table: &Mutex<HashMap<K, V>>, key: K, value: V) {
	let mut table = table.lock().unwrap_or_else(|e| e.into_inner());
	if table.len() >= CACHE_LIMIT {
		table.clear();
	}
	table.insert(key, value);
}

impl Upstream {
	/// Connects to the node at `url` (`ws://…`).
	pub async fn connect(url: &str) -> anyhow::Result<Self> {
		let rpc = RpcClient::from_insecure_url(url).await?;
		Ok(Upstream {
			rpc,
			applicants: Mutex::new(HashMap::new()),
			schedule_cases: Mutex::new(HashMap::new()),
		})
	}

	/// Calls `method` on the node with `values` as its positional parameters.
	pub async fn call(&self, method: &str, values: &[Value]) -> Result<Value, ErrorObjectOwned> {
		let reply: Box<RawValue> = self
			.rpc
			.request(method, params(values)?)
			.await
			.map_err(|e| errors::node_failed(e.to_string()))?;
		serde_json::from_str(reply.get()).map_err(errors::node_failed)
	}

	/// Subscribes to `method` on the node (unsubscribed with `unsubscribe` when dropped).
	pub async fn subscribe(
		&self,
		method: &str,
		values: &[Value],
		unsubscribe: &str,
	) -> Result<subxt_rpcs::client::RpcSubscription<Box<RawValue>>, ErrorObjectOwned> {
		self.rpc
			.subscribe(method, params(values)?, unsubscribe)
			.await
			.map_err(|e| errors::node_failed(e.to_string()))
	}

	/// The applicant of case `id`, if it exists.
	pub async fn applicant(&self, id: u64) -> Result<Option<AccountId32>, ErrorObjectOwned> {
		if let Some(who) = self.applicants.lock().unwrap_or_else(|e| e.into_inner()).get(&id) {
			return Ok(Some(who.clone()));
		}
		let view = self.call("cases_get", &[Value::from(id)]).await?;
		let Some(address) = view.pointer("/case/applicant").and_then(Value::as_str) else {
			return Ok(None);
		};
		let who = AccountId32::from_ss58check(address)
			.map_err(|_| errors::node_failed(format!("case {id} has applicant {address}")))?;
		remember(&self.applicants, id, who.clone());
		Ok(Some(who))
	}

	/// The case of payment schedule `id`, if it exists.
	pub async fn schedule_case(&self, id: u64) -> Result<Option<u64>, ErrorObjectOwned> {
		if let Some(case) = self.schedule_cases.lock().unwrap_or_else(|e| e.into_inner()).get(&id) {
			return Ok(Some(*case));
		}
		let mut key = item_key("Payments", "Schedules");
		key.extend(twox_64(&id.to_le_bytes()));
		key.extend(id.to_le_bytes());
		let value = self.call("state_getStorage", &[Value::from(hex_of(&key))]).await?;
		let Some(encoded) = value.as_str() else { return Ok(None) };
		let bytes = hex::decode(encoded.trim_start_matches("0x")).map_err(errors::node_failed)?;
		let case = schedule_case(&bytes)
			.ok_or_else(|| errors::node_failed(format!("schedule {id} is too short")))?;
		remember(&self.schedule_cases, id, case);
		Ok(Some(case))
	}

	/// Whether `who` may read a value owned by `owner`. A case or schedule that does not exist
	/// is nobody's, so reading its (empty) keys is refused like anyone else's.
	pub async fn may_read(
		&self,
		who: &AccountId32,
		owner: &Owner,
	) -> Result<bool, ErrorObjectOwned> {
		Ok(match owner {
			Owner::Public => true,
			Owner::Account(account) => account == who,
			Owner::Case(case) => self.applicant(*case).await?.as_ref() == Some(who),
			Owner::Schedule(schedule) => match self.schedule_case(*schedule).await? {
				Some(case) => self.applicant(case).await?.as_ref() == Some(who),
				None => false,
			},
		})
	}
}

/// `bytes` as `0x`-prefixed hex.
pub fn hex_of(bytes: &[u8]) -> String {
	format!("0x{}", hex::encode(bytes))
}
