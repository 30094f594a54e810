//! The JSON-RPC methods the gateway offers, each with its check.
//!
//! The methods keep the node's names and shapes, so `@polkadot/api` connects, reads and signs
//! through the gateway with no custom types. What each one lets through:
//!
//! - chain and runtime facts everyone may know (headers, hashes, metadata, version, properties,
//!   health) pass unchanged; block bodies do not (they carry everyone's call arguments);
//! - storage reads and subscriptions pass key by key under [`crate::policy`];
//! - transactions pass only when signed by the signed-in account; nonces are told only to their
//!   account;
//! - the node's `cases_*` JSON methods pass for the signed-in applicant's own cases;
//! - `gateway_challenge` / `gateway_login` / `gateway_whoami` / `gateway_logout` sign in and out.

use crate::{
	errors, extrinsic,
	limits::Limiter,
	policy::{Owner, Policy, Refusal},
	session::Session,
	upstream::Upstream,
};
use jsonrpsee::{
	types::{ErrorObjectOwned, Params},
	Extensions, PendingSubscriptionSink, RpcModule, SubscriptionMessage,
};
use serde_json::Value;
use sp_core::crypto::{AccountId32, Ss58Codec};
use std::{net::IpAddr, sync::Arc};

/// Methods whose answers are the same for everyone and reveal nobody's records.
const PUBLIC: &[&str] = &[
	"system_chain",
	"system_name",
	"system_version",
	"system_properties",
	"system_chainType",
	"system_health",
	"chain_getBlockHash",
	"chain_getHeader",
	"chain_getFinalizedHead",
	"state_getRuntimeVersion",
	"state_getMetadata",
];

/// Public subscriptions: (subscribe, notification, unsubscribe).
const PUBLIC_SUBSCRIPTIONS: &[(&str, &str, &str)] = &[
	("chain_subscribeNewHeads", "chain_newHead", "chain_unsubscribeNewHeads"),
	// The singular alias is the name @polkadot/api subscribes with.
	("chain_subscribeNewHead", "chain_newHead", "chain_unsubscribeNewHead"),
	("chain_subscribeFinalizedHeads", "chain_finalizedHead", "chain_unsubscribeFinalizedHeads"),
	("chain_subscribeAllHeads", "chain_allHead", "chain_unsubscribeAllHeads"),
	("state_subscribeRuntimeVersion", "state_runtimeVersion", "state_unsubscribeRuntimeVersion"),
];

/// Runtime API calls (`state_call`) anyone may make: metadata, version, the registration work
/// price. `AccountNonceApi_account_nonce` and `CasesApi_cases_of` are allowed for the caller's
/// own account, `CasesApi_case` for the caller's own cases.
const PUBLIC_RUNTIME_CALLS: &[&str] = &[
	"Metadata_metadata",
	"Metadata_metadata_at_version",
	"Metadata_metadata_versions",
	"Core_version",
	"RegistrationApi_request_difficulty",
];

/// Methods refused with a reason, because clients commonly try them.
const REFUSED: &[(&str, &str)] = &[
	("chain_getBlock", "block bodies carry every participant's transactions"),
	("author_pendingExtrinsics", "the pool holds every participant's transactions"),
	("state_getPairs", "it lists storage regardless of whose it is"),
	("state_getKeys", "use state_getKeysPaged with a prefix that names you"),
	("state_queryStorage", "use state_queryStorageAt"),
	("system_peers", "the consortium's network is not public"),
	("system_networkState", "the consortium's network is not public"),
	("payment_queryInfo", "the chain charges no fees"),
];

/// What the gateway shares between connections.
pub struct Gateway {
	/// The node behind it.
	pub upstream: Upstream,
	/// Which storage citizens may read.
	pub policy: Policy,
	/// Requests per client address.
	pub per_address: Limiter<IpAddr>,
	/// Requests per signed-in account.
	pub per_account: Limiter<AccountId32>,
	/// The chain's genesis hash, named in every challenge.
	pub genesis: String,
}

/// The connection a request came on: its address and sign-in state. The server puts it in
/// every request's extensions.
#[derive(Clone)]
pub struct Peer {
	/// The client's address.
	pub ip: IpAddr,
	/// The connection's sign-in state.
	pub session: Arc<Session>,
	/// The connection's place among its address's open connections, held by every request
	/// (and by a WebSocket's task for as long as it runs) and given back when the last goes.
	pub(crate) _slot: Arc<safetynet_connection_limits::AddressSlot>,
}

/// The positional parameters of a call (none is an empty list).
fn values(params: &Params) -> Result<Vec<Value>, ErrorObjectOwned> {
	Ok(params.parse::<Option<Vec<Value>>>()?.unwrap_or_default())
}

/// Parameter `i` as a string.
fn string_at(values: &[Value], i: usize, what: &str) -> Result<String, ErrorObjectOwned> {
	values
		.get(i)
		.and_then(Value::as_str)
		.map(str::to_string)
		.ok_or_else(|| errors::bad_request(format!("expected {what} as parameter {}", i + 1)))
}

impl Gateway {
	/// The request's connection, once it passes the rate limits.
	fn admit(&self, ext: &Extensions) -> Result<Peer, ErrorObjectOwned> {
		let peer = ext
			.get::<Peer>()
			.cloned()
			.ok_or_else(|| errors::node_failed("request without a connection"))?;
		if !self.per_address.allow(&peer.ip) {
			return Err(errors::rate_limited("address"));
		}
		if let Some(account) = peer.session.account() {
			if !self.per_account.allow(&account) {
				return Err(errors::rate_limited("account"));
			}
		}
		Ok(peer)
	}

	/// The signed-in account of `peer`.
	fn account(peer: &Peer) -> Result<AccountId32, ErrorObjectOwned> {
		peer.session.account().ok_or_else(errors::not_signed_in)
	}

	/// Refuses `key_hex` unless `peer` may read it (see [`crate::policy`]).
	async fn check_key(&self, peer: &Peer, key_hex: &str) -> Result<(), ErrorObjectOwned> {
		let key = hex::decode(key_hex.trim_start_matches("0x"))
			.map_err(|_| errors::bad_request(format!("storage key {key_hex} is not hex")))?;
		let owner = match self.policy.owner(&key) {
			Ok(owner) => owner,
			Err(Refusal::NotReadable) =>
				return Err(errors::not_offered(
					format!("storage key {key_hex}"),
					"it is not one of your records or a public parameter",
				)),
			Err(Refusal::NoOwner) =>
				return Err(errors::not_offered(
					format!("storage prefix {key_hex}"),
					"it spans other people's records: add your account, case or schedule to it",
				)),
		};
		if owner == Owner::Public {
			return Ok(());
		}
		let who = Self::account(peer)?;
		if self.upstream.may_read(&who, &owner).await? {
			Ok(())
		} else {
			Err(errors::not_yours(format!("storage key {key_hex}")))
		}
	}

	/// Refuses every key of the list in parameter 1 unless `peer` may read it; an empty list
	/// too when `non_empty` (a subscription to no keys is one to all of them).
	async fn check_keys(
		&self,
		peer: &Peer,
		values: &[Value],
		non_empty: bool,
	) -> Result<(), ErrorObjectOwned> {
		let keys = values
			.first()
			.and_then(Value::as_array)
			.filter(|keys| !(non_empty && keys.is_empty()))
			.ok_or_else(|| {
				errors::bad_request(if non_empty {
					"expected a non-empty list of storage keys"
				} else {
					"expected a list of storage keys"
				})
			})?;
		for key in keys {
			self.check_key(peer, key.as_str().unwrap_or_default()).await?;
		}
		Ok(())
	}

	/// Refuses case `id` unless `peer`'s account applied for it.
	async fn check_case(&self, peer: &Peer, id: u64) -> Result<(), ErrorObjectOwned> {
		let who = Self::account(peer)?;
		if self.upstream.may_read(&who, &Owner::Case(id)).await? {
			Ok(())
		} else {
			Err(errors::not_yours(format!("case {id}")))
		}
	}

	/// Refuses `asked` (an SS58 address, as `what`) unless it is `peer`'s account.
	fn check_self(peer: &Peer, asked: &str, what: &str) -> Result<(), ErrorObjectOwned> {
		let who = Self::account(peer)?;
		if AccountId32::from_ss58check(asked).ok().as_ref() != Some(&who) {
			return Err(errors::not_yours(format!("{what} of {asked}")));
		}
		Ok(())
	}

	/// Refuses the hex-encoded transaction unless the signed-in account signed it.
	fn check_signer(peer: &Peer, xt: &str) -> Result<(), ErrorObjectOwned> {
		let who = Self::account(peer)?;
		let signer = extrinsic::signer(xt)
			.map_err(|e| errors::not_offered("this transaction", &e.to_string()))?;
		if signer != who {
			return Err(errors::not_yours(format!(
				"a transaction signed by {}",
				signer.to_ss58check()
			)));
		}
		Ok(())
	}
}

/// Relays an upstream subscription to the client until either side ends it.
async fn relay(
	pending: PendingSubscriptionSink,
	upstream: Result<
		subxt_rpcs::client::RpcSubscription<Box<serde_json::value::RawValue>>,
		ErrorObjectOwned,
	>,
) {
	let mut upstream = match upstream {
		Ok(upstream) => upstream,
		Err(e) => return pending.reject(e).await,
	};
	let Ok(sink) = pending.accept().await else { return };
	loop {
		tokio::select! {
			_ = sink.closed() => break,
			item = upstream.next() => {
				let Some(Ok(raw)) = item else { break };
				let Ok(message) = SubscriptionMessage::from_json(&raw) else { break };
				if sink.send(message).await.is_err() {
					break;
				}
			}
		}
	}
}

/// The gateway's methods over `gateway`.
pub fn module(gateway: Arc<Gateway>) -> anyhow::Result<RpcModule<Gateway>> {
	let mut module = RpcModule::from_arc(gateway);

	for &name in PUBLIC {
		module.register_async_method(name, move |params, gw, ext| async move {
			gw.admit(&ext)?;
			gw.upstream.call(name, &values(&params)?).await
		})?;
	}
	for &(reason_method, why) in REFUSED {
		module.register_method(reason_method, move |_, _, _| {
			Err::<(), _>(errors::not_offered(reason_method, why))
		})?;
	}

	// --- signing in ---
	module.register_method("gateway_challenge", |_, gw, ext| {
		let peer = gw.admit(ext)?;
		peer.session.challenge(&gw.genesis).map_err(errors::node_failed)
	})?;
	module.register_method("gateway_login", |params, gw, ext| {
		let peer = gw.admit(ext)?;
		let values = values(&params)?;
		let account = string_at(&values, 0, "the account (SS58)")?;
		let signature = string_at(&values, 1, "the signature (hex)")?;
		peer.session
			.login(&account, &signature)
			.map(|who| who.to_ss58check())
			.map_err(errors::login_failed)
	})?;
	module.register_method("gateway_whoami", |_, gw, ext| {
		let peer = gw.admit(ext)?;
		Ok::<_, ErrorObjectOwned>(peer.session.account().map(|who| who.to_ss58check()))
	})?;
	module.register_method("gateway_logout", |_, gw, ext| {
		let peer = gw.admit(ext)?;
		peer.session.logout();
		Ok::<_, ErrorObjectOwned>(())
	})?;

	// --- reading storage ---
	for name in ["state_getStorage", "state_getStorageHash", "state_getStorageSize"] {
		module.register_async_method(name, move |params, gw, ext| async move {
			let peer = gw.admit(&ext)?;
			let values = values(&params)?;
			gw.check_key(&peer, &string_at(&values, 0, "a storage key")?).await?;
			gw.upstream.call(name, &values).await
		})?;
	}
	module.register_async_method("state_queryStorageAt", |params, gw, ext| async move {
		let peer = gw.admit(&ext)?;
		let values = values(&params)?;
		gw.check_keys(&peer, &values, false).await?;
		gw.upstream.call("state_queryStorageAt", &values).await
	})?;
	module.register_async_method("state_getKeysPaged", |params, gw, ext| async move {
		let peer = gw.admit(&ext)?;
		let values = values(&params)?;
		gw.check_key(&peer, &string_at(&values, 0, "a key prefix")?).await?;
		gw.upstream.call("state_getKeysPaged", &values).await
	})?;
	module.register_async_method("state_call", |params, gw, ext| async move {
		let peer = gw.admit(&ext)?;
		let values = values(&params)?;
		let method = string_at(&values, 0, "a runtime API method")?;
		if method == "AccountNonceApi_account_nonce" || method == "CasesApi_cases_of" {
			// Both take an account: the caller's own only.
			let who = Gateway::account(&peer)?;
			let data = string_at(&values, 1, "the call data")?;
			if data.trim_start_matches("0x") != hex::encode(who.as_ref() as &[u8]) {
				return Err(errors::not_yours(format!("{method} for another account")));
			}
		} else if method == "CasesApi_case" {
			// A case id (u64, little-endian): the caller's own cases only.
			let data =
				hex::decode(string_at(&values, 1, "the call data")?.trim_start_matches("0x"))
					.map_err(errors::bad_request)?;
			let id: [u8; 8] =
				data.try_into().map_err(|_| errors::bad_request("a case id is 8 bytes"))?;
			gw.check_case(&peer, u64::from_le_bytes(id)).await?;
		} else if !PUBLIC_RUNTIME_CALLS.contains(&method.as_str()) {
			return Err(errors::not_offered(
				format!("runtime call {method}"),
				"only metadata, version and public parameters are",
			));
		}
		gw.upstream.call("state_call", &values).await
	})?;

	// --- the signed-in account's own ---
	module.register_async_method("system_accountNextIndex", |params, gw, ext| async move {
		let peer = gw.admit(&ext)?;
		let values = values(&params)?;
		Gateway::check_self(&peer, &string_at(&values, 0, "an account")?, "the nonce")?;
		gw.upstream.call("system_accountNextIndex", &values).await
	})?;
	module.register_async_method("author_submitExtrinsic", |params, gw, ext| async move {
		let peer = gw.admit(&ext)?;
		let values = values(&params)?;
		Gateway::check_signer(&peer, &string_at(&values, 0, "a transaction")?)?;
		gw.upstream.call("author_submitExtrinsic", &values).await
	})?;
	module.register_async_method("cases_ofAccount", |params, gw, ext| async move {
		let peer = gw.admit(&ext)?;
		let mut values = values(&params)?;
		match values.first().and_then(Value::as_str) {
			None => values = vec![Value::from(Gateway::account(&peer)?.to_ss58check())],
			Some(asked) => Gateway::check_self(&peer, asked, "the cases")?,
		}
		gw.upstream.call("cases_ofAccount", &values).await
	})?;
	module.register_async_method("cases_get", |params, gw, ext| async move {
		let peer = gw.admit(&ext)?;
		let values = values(&params)?;
		let id = values
			.first()
			.and_then(Value::as_u64)
			.ok_or_else(|| errors::bad_request("expected a case id"))?;
		gw.check_case(&peer, id).await?;
		gw.upstream.call("cases_get", &values).await
	})?;

	// --- subscriptions ---
	for &(subscribe, notification, unsubscribe) in PUBLIC_SUBSCRIPTIONS {
		module.register_subscription(
			subscribe,
			notification,
			unsubscribe,
			move |params, pending, gw, ext| async move {
				let upstream = match (gw.admit(&ext), values(&params)) {
					(Ok(_), Ok(values)) =>
						gw.upstream.subscribe(subscribe, &values, unsubscribe).await,
					(Err(e), _) | (_, Err(e)) => Err(e),
				};
				relay(pending, upstream).await
			},
		)?;
	}
	module.register_subscription(
		"state_subscribeStorage",
		"state_storage",
		"state_unsubscribeStorage",
		|params, pending, gw, ext| async move {
			let checked = async {
				let peer = gw.admit(&ext)?;
				let values = values(&params)?;
				gw.check_keys(&peer, &values, true).await?;
				gw.upstream
					.subscribe("state_subscribeStorage", &values, "state_unsubscribeStorage")
					.await
			};
			relay(pending, checked.await).await
		},
	)?;
	module.register_subscription(
		"author_submitAndWatchExtrinsic",
		"author_extrinsicUpdate",
		"author_unwatchExtrinsic",
		|params, pending, gw, ext| async move {
			let checked = async {
				let peer = gw.admit(&ext)?;
				let values = values(&params)?;
				Gateway::check_signer(&peer, &string_at(&values, 0, "a transaction")?)?;
				gw.upstream
					.subscribe("author_submitAndWatchExtrinsic", &values, "author_unwatchExtrinsic")
					.await
			};
			relay(pending, checked.await).await
		},
	)?;

	// What is offered, for clients that ask (Polkadot.js does).
	let mut names: Vec<String> = module.method_names().map(str::to_string).collect();
	names.push("rpc_methods".into());
	names.sort();
	module.register_method(
		"rpc_methods",
		move |_, _, _| serde_json::json!({ "version": 1, "methods": names }),
	)?;
	Ok(module)
}
