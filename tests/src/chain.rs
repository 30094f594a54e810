//! Talking to a node: connect, sign and submit, read storage — as any client would.

use crate::runtime::{self, runtime_types};
use anyhow::{anyhow, bail, Context, Result};
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
	keypair(&fresh_uri(label))
}

/// The secret URI of a key nobody has used before: for a member whose key a test hands to a
/// browser as a key file.
pub fn fresh_uri(label: &str) -> String {
	let nanos = std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.expect("clock after 1970")
		.as_nanos();
	format!("//e2e//{label}//{nanos}")
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
	progress.wait_for_finalized_success().await.context("waiting for success")
}

/// Signs and submits `call` through the node at `url`, waits until it is in a best block and
/// succeeded; returns its events and the block's hash (read state at that block to see the
/// call's effects). A failure's error carries the module error's name (`Cases::OtherAgency`).
pub async fn submit_in_block<Call: Payload>(
	api: &Client,
	url: &str,
	call: &Call,
	signer: &Keypair,
) -> Result<(Events, H256)> {
	use subxt::config::DefaultExtrinsicParamsBuilder;
	// The finalized state may not show the signer's last transaction yet; the node's pool-aware
	// nonce does.
	let nonce = next_nonce(url, signer).await?;
	let params = DefaultExtrinsicParamsBuilder::<PolkadotConfig>::new()
		.nonce(nonce)
		.mortal(64)
		.build();
	let at = api.at_current_block().await?;
	let progress = at
		.transactions()
		.sign_and_submit_then_watch(call, signer, params)
		.await
		.with_context(|| format!("submitting {}.{}", call.pallet_name(), call.call_name()))?;
	until_in_block(progress, call).await
}

/// Submits `call` unsigned (bare) through the node at `url`, as the runtime's `ValidateUnsigned`
/// admits a few calls (`System::apply_authorized_upgrade`); as [`submit_in_block`] otherwise.
pub async fn submit_unsigned_in_block<Call: Payload>(
	api: &Client,
	url: &str,
	call: &Call,
) -> Result<(Events, H256)> {
	let at = api.at_block(best_hash(url).await?).await?;
	let progress = at
		.transactions()
		.create_unsigned(call)?
		.submit_and_watch()
		.await
		.with_context(|| format!("submitting {}.{}", call.pallet_name(), call.call_name()))?;
	until_in_block(progress, call).await
}

/// Follows a submitted transaction until it is in a best block and succeeded.
async fn until_in_block<Call: Payload, C>(
	mut progress: subxt::transactions::TransactionProgress<PolkadotConfig, C>,
	call: &Call,
) -> Result<(Events, H256)>
where
	C: subxt::client::OnlineClientAtBlockT<PolkadotConfig>,
{
	use subxt::transactions::TransactionStatus;
	while let Some(status) = progress.next().await {
		match status? {
			TransactionStatus::InBestBlock(in_block) |
			TransactionStatus::InFinalizedBlock(in_block) => {
				let events = in_block.wait_for_success().await.map_err(|e| {
					// The debug form names the module error (`Cases`, `OtherAgency`): tests match
					// it.
					anyhow!("{}.{} failed: {e} ({e:?})", call.pallet_name(), call.call_name())
				})?;
				return Ok((events, in_block.block_hash()));
			},
			TransactionStatus::Error { message } |
			TransactionStatus::Invalid { message } |
			TransactionStatus::Dropped { message } =>
				return Err(anyhow!(
					"{}.{} refused: {message}",
					call.pallet_name(),
					call.call_name()
				)),
			_ => {},
		}
	}
	Err(anyhow!("the transaction's subscription ended early"))
}

/// Expects `outcome` to be a failure naming `error` (e.g. "OtherAgency").
pub fn expect_error<T>(outcome: Result<T>, error: &str) -> Result<()> {
	match outcome {
		Ok(_) => Err(anyhow!("expected {error}, but the call succeeded")),
		Err(e) if format!("{e:?}").contains(error) => Ok(()),
		Err(e) => Err(anyhow!("expected {error}, got {e:?}")),
	}
}

/// The hash of the best block of the node at `url`.
pub async fn best_hash(url: &str) -> Result<H256> {
	let rpc = subxt_rpcs::RpcClient::from_insecure_url(url).await?;
	Ok(rpc.request::<H256>("chain_getBlockHash", subxt_rpcs::rpc_params![]).await?)
}

/// The next nonce of `signer`, counting its transactions still in the pool of the node at
/// `url`.
pub async fn next_nonce(url: &str, signer: &Keypair) -> Result<u64> {
	let rpc = subxt_rpcs::RpcClient::from_insecure_url(url).await?;
	let who = account(signer).to_string();
	Ok(rpc
		.request::<u64>("system_accountNextIndex", subxt_rpcs::rpc_params![who])
		.await?)
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
		if at.transactions().account_nonce(&who).await.map_err(|e| e.to_string())? > nonce_before {
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

/// The runtime's form of a profile CID given as text (a document node's `add` answer).
pub fn chain_cid(text: &str) -> Result<runtime_types::safetynet_primitives::cid::Cid> {
	let bytes = safetynet_docs::profile::parse_cid(text)?.to_bytes();
	Ok(runtime_types::safetynet_primitives::cid::Cid(
		runtime_types::bounded_collections::bounded_vec::BoundedVec(bytes),
	))
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

/// A council motion on `--dev`, whose council has one seat (Alice's): with a threshold of one it
/// passes as she proposes it, and dispatches `call` as root through the consortium pallet (so
/// calls for root and calls for two thirds of the council alike go through). Submit it with
/// [`crate::setup::Dev::govern`], which also checks the call's own outcome.
pub fn dev_motion(call: runtime::Call) -> impl Payload {
	let as_root = runtime::Call::Consortium(runtime::consortium::Call::dispatch_as_root {
		call: Box::new(call),
	});
	runtime::transactions().council().propose(1, as_root, MOTION_LENGTH_BOUND)
}

/// The longest proposal a test's council motion carries, in bytes (a runtime upgrade's is longer:
/// it carries the code's hash, not the code).
pub const MOTION_LENGTH_BOUND: u32 = 100_000;

/// Fails unless the council motion and the root dispatch in `events` both succeeded.
pub fn motion_succeeded(events: &Events) -> Result<()> {
	let executed = events
		.find_first::<runtime::council::events::Executed>()
		.ok_or_else(|| anyhow!("the motion was not executed"))??;
	if let Err(e) = executed.result {
		bail!("the council's motion failed: {e:?}");
	}
	if let Some(dispatched) = events.find_first::<runtime::consortium::events::DispatchedAsRoot>() {
		if let Err(e) = dispatched?.result {
			bail!("the call the council dispatched as root failed: {e:?}");
		}
	}
	Ok(())
}

/// The runtime's metadata, version 15, as `scripts/update-metadata.sh` stores it.
pub async fn metadata_v15(
	at: &subxt::client::OnlineClientAtBlock<PolkadotConfig>,
) -> Result<Vec<u8>> {
	let raw = at
		.runtime_apis()
		.call_raw("Metadata_metadata_at_version", Some(&15u32.to_le_bytes()))
		.await?;
	// `Option<OpaqueMetadata>`: `Some`, then the length-prefixed bytes.
	let metadata: Option<Vec<u8>> = codec::Decode::decode(&mut &raw[..])?;
	metadata.ok_or_else(|| anyhow!("the runtime serves no metadata v15"))
}

/// Submits `call` signed by `signer` and checks that the pool refuses it with the registration
/// pallet's `error`: the admission rules (call policy, quotas, registration requests) report
/// their refusals as that pallet's errors, which the pool shows as `Custom error: <index>`.
pub async fn expect_pool_refusal<Call: Payload>(
	api: &Client,
	url: &str,
	call: &Call,
	signer: &Keypair,
	error: &str,
) -> Result<()> {
	let message = match submit_and_get_verdict(api, url, call, signer).await {
		Ok(()) =>
			return Err(anyhow!("expected the pool to refuse with {error}, but it was included")),
		Err(message) => message,
	};
	let index = error_index(api, "Registration", error).await?;
	if message.contains(&format!("Custom error: {index}")) {
		Ok(())
	} else {
		Err(anyhow!("expected {error}, refused with: {message}"))
	}
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

/// Expects `outcome` to have failed with module error `pallet::name`, as a dispatched council
/// motion reports it (`Module(ModuleError { index: <pallet>, error: [<error>, ..] })`: the
/// dispatch result carries indices, which the node's metadata names).
pub async fn expect_module_error<T>(
	api: &Client,
	outcome: Result<T>,
	pallet: &str,
	name: &str,
) -> Result<()> {
	let at = api.at_current_block().await?;
	let pallet_index = at
		.metadata()
		.pallet_by_name(pallet)
		.map(|p| p.error_index())
		.ok_or_else(|| anyhow!("no pallet {pallet}"))?;
	let error = error_index(api, pallet, name).await?;
	let wanted = format!("index: {pallet_index}, error: [{error},");
	match outcome {
		Ok(_) => Err(anyhow!("expected {pallet}::{name}, but the call succeeded")),
		Err(e) if format!("{e:?}").contains(&wanted) => Ok(()),
		Err(e) => Err(anyhow!("expected {pallet}::{name} ({wanted}), got {e:?}")),
	}
}

/// The development chains' consortium identity key (`chain-specs/dev-keys/identity.key`).
pub fn dev_identity_key() -> [u8; 32] {
	let text =
		std::fs::read_to_string(crate::repo_root().join("chain-specs/dev-keys/identity.key"))
			.expect("the development identity key is in the repository");
	safetynet_docs::identity::parse_key(&text).expect("a well-formed key")
}

/// A well-formed resident identity card number derived from `seed`: 17 digits, then the
/// GB 11643 check character.
pub fn id_number(seed: &str) -> String {
	let digest = Sha256::digest(seed.as_bytes());
	let n = |i: usize| u32::from(u16::from_le_bytes([digest[i], digest[i + 1]]));
	// Born in Beijing's Chaoyang district between 1950 and 2004, with a date and a sequence
	// number from the seed: some 18 million distinct numbers.
	let (year, month, day, sequence) =
		(1950 + n(0) % 55, 1 + n(2) % 12, 1 + n(4) % 28, n(6) % 1000);
	chaoyang_id_number(year, month, day, sequence)
}

/// The `i`th of a run of distinct ID numbers (for the first 6.7 million `i`), for load scripts
/// that need thousands of people: born from 2005 on, so none is a number [`id_number`] gives.
pub fn nth_id_number(i: u32) -> String {
	let (sequence, day, month, year) =
		(i % 1000, 1 + (i / 1000) % 28, 1 + (i / 28_000) % 12, 2005 + (i / 336_000) % 20);
	chaoyang_id_number(year, month, day, sequence)
}

/// The ID number (GB 11643) of someone born in Chaoyang on the date, with its check digit.
fn chaoyang_id_number(year: u32, month: u32, day: u32, sequence: u32) -> String {
	let body = format!("110105{year}{month:02}{day:02}{sequence:03}");
	const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
	const CHECKS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
	let sum: u32 = body.chars().zip(WEIGHTS).map(|(c, w)| c.to_digit(10).unwrap() * w).sum();
	format!("{body}{}", CHECKS[(sum % 11) as usize])
}

/// The identity hash an agency holding the development key computes for the person `seed`
/// names (see [`id_number`]).
pub fn identity(seed: &str) -> runtime_types::safetynet_primitives::identity::IdentityHash {
	identity_of_number(&id_number(seed))
}

/// The identity hash an agency holding the development key computes for ID number `number`.
pub fn identity_of_number(
	number: &str,
) -> runtime_types::safetynet_primitives::identity::IdentityHash {
	let hash = safetynet_docs::identity::identity_hash(&dev_identity_key(), number)
		.expect("a well-formed number");
	runtime_types::safetynet_primitives::identity::IdentityHash(hash)
}

/// The SCALE encoding of a registration form, by the type the metadata gives the call's
/// argument (no hand-written encoding).
pub fn encode_form(
	metadata: &subxt::Metadata,
	form: &runtime_types::pallet_registration::types::RegistrationForm,
) -> Result<Vec<u8>> {
	use subxt::ext::scale_encode::EncodeAsType;
	let call = metadata
		.pallet_by_name("Registration")
		.and_then(|p| p.call_variant_by_name("request_registration"))
		.ok_or_else(|| anyhow!("no Registration.request_registration in the metadata"))?;
	let ty = call
		.fields
		.first()
		.ok_or_else(|| anyhow!("request_registration has no form"))?
		.ty
		.id;
	let mut out = Vec::new();
	form.encode_as_type_to(ty, metadata.types(), &mut out)?;
	Ok(out)
}

/// The work hash of a registration request, as the runtime computes it: `blake2_256` of the
/// domain (30 raw bytes), the account, the block hash, the encoded form and the nonce (8 bytes,
/// little-endian).
pub fn work_hash(who: &AccountId32, block_hash: &H256, form: &[u8], nonce: u64) -> [u8; 32] {
	let mut input = Vec::with_capacity(30 + 64 + form.len() + 8);
	input.extend_from_slice(b"safetynet/registration-request");
	input.extend_from_slice(&who.0);
	input.extend_from_slice(&block_hash.0);
	input.extend_from_slice(form);
	input.extend_from_slice(&nonce.to_le_bytes());
	sp_crypto_hashing::blake2_256(&input)
}

/// How many zero bits `hash` starts with.
pub fn leading_zero_bits(hash: &[u8; 32]) -> u32 {
	let mut bits = 0;
	for byte in hash {
		if *byte == 0 {
			bits += 8;
		} else {
			return bits + byte.leading_zeros();
		}
	}
	bits
}

/// Finds the work `who`'s request with the encoded `form` needs: bound to block `number` (hash
/// `block_hash`), with at least `bits` leading zero bits.
pub fn grind_work(
	who: &AccountId32,
	number: u32,
	block_hash: H256,
	form: &[u8],
	bits: u32,
) -> runtime_types::pallet_registration::types::ProofOfWork<u32> {
	let nonce = (0u64..)
		.find(|nonce| leading_zero_bits(&work_hash(who, &block_hash, form, *nonce)) >= bits)
		.expect("some nonce reaches the difficulty");
	runtime_types::pallet_registration::types::ProofOfWork { block: number, nonce }
}

/// The zero bits a registration request needs now, from the `RegistrationApi` runtime API.
pub async fn request_difficulty(api: &Client) -> Result<u32> {
	let at = api.at_current_block().await?;
	let raw = at.runtime_apis().call_raw("RegistrationApi_request_difficulty", None).await?;
	Ok(codec::Decode::decode(&mut &raw[..])?)
}

/// The work a registration request of `who` with `form` needs now, bound to the latest
/// finalized block.
pub async fn registration_work(
	api: &Client,
	who: &AccountId32,
	form: &runtime_types::pallet_registration::types::RegistrationForm,
) -> Result<runtime_types::pallet_registration::types::ProofOfWork<u32>> {
	let bits = request_difficulty(api).await?;
	let at = api.at_current_block().await?;
	let (number, hash) = (at.block_number() as u32, at.block_hash());
	let form = encode_form(&at.metadata(), form)?;
	let who = *who;
	Ok(tokio::task::spawn_blocking(move || grind_work(&who, number, hash, &form, bits)).await?)
}
