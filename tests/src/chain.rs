//! Talking to a node: connect, sign and submit, read storage — as any client would.

use crate::runtime::{self, runtime_types};
use anyhow::{anyhow, Context, Result};
use sha2::{Digest, Sha256};
use std::time::Duration;
use subxt::{
	transactions::Payload,
	utils::{AccountId32, H256},
	OnlineClient, PolkadotConfig,
};
use subxt_signer::{sr25519::Keypair, SecretUri};

/// The chain's configuration matches Polkadot's: `MultiAddress`, `MultiSignature`, the standard
/// extension identifiers.
pub type Client = OnlineClient<PolkadotConfig>;
/// Events of one extrinsic.
pub type Events = subxt::extrinsics::ExtrinsicEvents<PolkadotConfig>;

/// Connects to the node at `url`, retrying while it starts.
pub async fn connect(url: &str) -> Result<Client> {
	let mut last = None;
	for _ in 0..40 {
		match Client::from_insecure_url(url).await {
			Ok(client) => return Ok(client),
			Err(e) => last = Some(e),
		}
		tokio::time::sleep(Duration::from_millis(250)).await;
	}
	Err(anyhow!("could not connect to {url}: {last:?}"))
}

/// A development keypair (`//Alice`, `//Bob`, ...) or any other secret URI.
pub fn keypair(uri: &str) -> Keypair {
	let uri: SecretUri = uri.parse().expect("valid secret URI");
	Keypair::from_uri(&uri).expect("valid keypair")
}

/// A keypair nobody has used before, for a citizen or an outsider.
pub fn fresh_keypair(label: &str) -> Keypair {
	let nanos = std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.expect("clock after 1970")
		.as_nanos();
	keypair(&format!("//e2e//{label}//{nanos}"))
}

/// The account of a keypair.
pub fn account(key: &Keypair) -> AccountId32 {
	key.public_key().to_account_id()
}

/// Signs `call` with `signer`, submits it, and waits until it is in a finalized block and
/// succeeded. Returns its events.
pub async fn submit<Call: Payload>(api: &Client, call: &Call, signer: &Keypair) -> Result<Events> {
	let at = api.at_current_block().await?;
	let progress = at
		.transactions()
		.sign_and_submit_then_watch_default(call, signer)
		.await
		.context("submitting")?;
	Ok(progress.wait_for_finalized_success().await.context("waiting for success")?)
}

/// Signs `call` with `signer` and submits it with plain `author_submitExtrinsic`, returning the
/// pool's verdict: `Ok` once the transaction is in a block, or the pool's error message (e.g.
/// "1010: Invalid Transaction: Invalid signing address").
pub async fn submit_and_get_verdict<Call: Payload>(
	api: &Client,
	url: &str,
	call: &Call,
	signer: &Keypair,
) -> std::result::Result<(), String> {
	let who = account(signer);
	let mut at = api.at_current_block().await.map_err(|e| e.to_string())?;
	let nonce_before = at.transactions().account_nonce(&who).await.map_err(|e| e.to_string())?;
	let signed = at
		.transactions()
		.create_signed(call, signer, Default::default())
		.await
		.map_err(|e| e.to_string())?;
	let rpc = subxt_rpcs::RpcClient::from_insecure_url(url).await.map_err(|e| e.to_string())?;
	let bytes = format!("0x{}", hex(signed.encoded()));
	// The reason is in the JSON-RPC error's `data`, which only the debug form shows.
	rpc.request::<serde_json::Value>("author_submitExtrinsic", subxt_rpcs::rpc_params![bytes])
		.await
		.map_err(|e| format!("{e:?}"))?;
	// Accepted by the pool: wait for it to be included (the signer's nonce moves on).
	for _ in 0..60 {
		tokio::time::sleep(Duration::from_millis(500)).await;
		at = api.at_current_block().await.map_err(|e| e.to_string())?;
		if at.transactions().account_nonce(&who).await.map_err(|e| e.to_string())? > nonce_before
		{
			return Ok(());
		}
	}
	Err("accepted by the pool but not included within 30 s".into())
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The binary CIDv1 (raw codec, sha2-256) of `content`, as `ipfs add --cid-version=1` gives for
/// a file of at most one chunk.
pub fn raw_cid(content: &[u8]) -> Vec<u8> {
	let mut cid = vec![0x01, 0x55, 0x12, 0x20];
	cid.extend_from_slice(&Sha256::digest(content));
	cid
}

/// A CID as the runtime's type.
pub fn cid(content: &[u8]) -> runtime_types::safetynet_primitives::cid::Cid {
	runtime_types::safetynet_primitives::cid::Cid(
		runtime_types::bounded_collections::bounded_vec::BoundedVec(raw_cid(content)),
	)
}

/// A salted ID commitment, as a client computes it: `blake2_256(salt ++ id_number)`.
pub fn id_commitment(salt: &[u8], id_number: &str) -> H256 {
	let mut input = salt.to_vec();
	input.extend_from_slice(id_number.as_bytes());
	H256(sp_crypto_hashing::blake2_256(&input))
}

/// Milliseconds since the epoch, `years` from now: an ID card's end of validity.
pub fn valid_for_years(years: u64) -> u64 {
	let now = std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.expect("clock after 1970")
		.as_millis() as u64;
	now + years * 365 * 24 * 3600 * 1000
}

/// A set of roles as the runtime's type.
pub fn roles(
	list: &[runtime_types::safetynet_primitives::roles::Role],
) -> runtime_types::bounded_collections::bounded_btree_set::BoundedBTreeSet<
	runtime_types::safetynet_primitives::roles::Role,
> {
	runtime_types::bounded_collections::bounded_btree_set::BoundedBTreeSet(list.to_vec())
}

/// Wraps a call in `sudo.sudo` (dev chain only).
pub fn sudo(call: runtime::Call) -> impl Payload {
	runtime::transactions().sudo().sudo(call)
}

/// The runtime's metadata, version 15, as `scripts/update-metadata.sh` stores it.
pub async fn metadata_v15(
	at: &subxt::client::OnlineClientAtBlock<PolkadotConfig>,
) -> Result<Vec<u8>> {
	let raw = at.runtime_apis().call_raw("Metadata_metadata_at_version", Some(&15u32.to_le_bytes())).await?;
	// `Option<OpaqueMetadata>`: `Some`, then the length-prefixed bytes.
	let metadata: Option<Vec<u8>> = codec::Decode::decode(&mut &raw[..])?;
	metadata.ok_or_else(|| anyhow!("the runtime serves no metadata v15"))
}

/// The index of error `name` of pallet `pallet`, read from the node's metadata: what a pool
/// refusal reports as `Custom error: <index>`.
pub async fn error_index(api: &Client, pallet: &str, name: &str) -> Result<u8> {
	let at = api.at_current_block().await?;
	let metadata = at.metadata();
	let variants = metadata
		.pallet_by_name(pallet)
		.and_then(|p| p.error_variants())
		.ok_or_else(|| anyhow!("no errors for pallet {pallet}"))?;
	variants
		.iter()
		.find(|v| v.name == name)
		.map(|v| v.index)
		.ok_or_else(|| anyhow!("no error {pallet}::{name}"))
}
