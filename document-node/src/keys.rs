//! The custodian's HTTP face (`/keys/*`, served beside the path gateway) and its erasure duty.
//!
//! Every request carries its own authentication, a signature by a chain account over one of the
//! messages of [`pallet_documents::custody`], and every rule is checked against the chain at the
//! node's best block, so the endpoints can face citizens and staff directly:
//!
//! - `GET /keys/custodian`: the agency, its custody recipient and custodian key (public);
//! - `POST /keys/deposit`: the case's applicant deposits the case key of the case's current key
//!   version, wrapped to this node's custody recipient;
//! - `POST /keys/open`: a staff member hands in an access receipt already on chain that names them,
//!   this node's agency and a document of the case; while the agency still holds a grant and the
//!   receipt is fresh and unused, the node answers with the key that opens that document,
//!   re-wrapped to the staff member's own age recipient.
//!
//! [`follow_erasures`] follows the chain's erasure log: for each erased case it deletes the case's
//! blocks and keys here and, where this agency held the case's keys, submits its signed erasure
//! receipt.

use crate::{
	api::ApiError,
	chain::{decode_hex, Chain},
	client::{error_message, KuboClient},
	crypto,
	custody::{Custody, KeyStoreError},
	store::DocumentStore,
};
use axum::{
	extract::State,
	http::StatusCode,
	response::{IntoResponse, Response},
	routing::{get, post},
	Json, Router,
};
use base64::Engine as _;
use pallet_documents::custody::{deposit_message, erasure_message, open_message};
use safetynet_primitives::{cases::CaseId, AgencyId};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sp_core::{sr25519, Pair as _, H256};
use std::{sync::Arc, time::Duration};

/// What the key endpoints share.
pub struct KeysState {
	pub custody: Custody,
	pub chain: Chain,
	pub genesis: H256,
	pub store: DocumentStore,
	/// The agency whose custodian this node is.
	pub agency: AgencyId,
	/// How many blocks an access receipt stays good for.
	pub receipt_window: u32,
	/// Largest document read to find the key that opens it.
	pub max_file_bytes: u64,
}

/// The key state once the node has reached the chain: the node may start before its chain node
/// (the chain node stores its seals in this one), so `/keys/*` answer 503 until then.
#[derive(Default)]
pub struct KeysSlot(tokio::sync::OnceCell<Arc<KeysState>>);

impl KeysSlot {
	fn get(&self) -> Result<&Arc<KeysState>, ApiError> {
		self.0.get().ok_or_else(|| {
			refuse(StatusCode::SERVICE_UNAVAILABLE, "the node has not reached its chain yet")
		})
	}
}

type Shared = State<Arc<KeysSlot>>;

/// `/keys/*`.
pub fn router(slot: Arc<KeysSlot>) -> Router {
	Router::new()
		.route("/keys/custodian", get(custodian))
		.route("/keys/deposit", post(deposit))
		.route("/keys/open", post(open))
		.with_state(slot)
}

/// What the custodian needs besides the chain.
pub struct CustodyConfig {
	pub custody: Custody,
	pub store: DocumentStore,
	pub agency: AgencyId,
	pub receipt_window: u32,
	pub max_file_bytes: u64,
	pub data_dir: std::path::PathBuf,
}

/// Connects to the chain at `url` (retrying until it answers), fills `slot`, and then follows the
/// erasure log for good.
pub async fn run_custodian(slot: Arc<KeysSlot>, url: String, config: CustodyConfig) {
	let mut warned = false;
	let (chain, genesis) = loop {
		match Chain::connect(&url).await {
			Ok(chain) => match chain.genesis().await {
				Ok(genesis) => break (chain, genesis),
				Err(e) => log::debug!("reading the genesis hash: {e:#}"),
			},
			Err(e) if !warned => {
				log::warn!("key custody waits for the chain: {e:#}");
				warned = true;
			},
			Err(_) => {},
		}
		tokio::time::sleep(Duration::from_secs(2)).await;
	};
	log::info!("key custody for agency {} on chain {genesis:?}", config.agency);
	let state = Arc::new(KeysState {
		custody: config.custody,
		chain,
		genesis,
		store: config.store,
		agency: config.agency,
		receipt_window: config.receipt_window,
		max_file_bytes: config.max_file_bytes,
	});
	let _ = slot.0.set(state.clone());
	follow_erasures(state, config.data_dir).await;
}

/// An applicant's deposit.
#[derive(Debug, Deserialize, Serialize)]
pub struct Deposit {
	pub case: CaseId,
	pub version: u32,
	/// The wrapped case key, base64.
	pub wrapped: String,
	/// The applicant's account (sr25519 public key, hex).
	pub applicant: String,
	/// Their signature over [`deposit_message`], hex.
	pub signature: String,
}

/// A staff member's request for a key.
#[derive(Debug, Deserialize, Serialize)]
pub struct Open {
	pub case: CaseId,
	/// The number of the access receipt on chain.
	pub receipt: u32,
	/// The staff member's own age recipient, to which the key is wrapped.
	pub recipient: String,
	/// The staff member's account (hex).
	pub staff: String,
	/// Their signature over [`open_message`], hex.
	pub signature: String,
}

/// A released key.
#[derive(Debug, Deserialize, Serialize)]
pub struct Released {
	pub version: u32,
	/// The case key wrapped to the request's recipient, base64.
	pub key: String,
}

fn refuse(status: StatusCode, message: impl Into<String>) -> ApiError {
	ApiError::new(status, message)
}

fn chain_error(e: anyhow::Error) -> ApiError {
	refuse(StatusCode::BAD_GATEWAY, format!("cannot read the chain: {e:#}"))
}

fn bad(message: impl Into<String>) -> ApiError {
	refuse(StatusCode::BAD_REQUEST, message)
}

impl From<KeyStoreError> for ApiError {
	fn from(e: KeyStoreError) -> Self {
		let status = match e {
			KeyStoreError::NotForThisNode => StatusCode::BAD_REQUEST,
			KeyStoreError::AlreadyDeposited(..) | KeyStoreError::ReceiptUsed(..) =>
				StatusCode::CONFLICT,
			KeyStoreError::NoKey => StatusCode::NOT_FOUND,
			KeyStoreError::Io(_) => StatusCode::INTERNAL_SERVER_ERROR,
		};
		ApiError::new(status, e.to_string())
	}
}

/// Checks that `signature` (hex) is `account`'s (hex) over `message`, signed as is or as wallets
/// sign raw bytes (`<Bytes>…</Bytes>`). Returns the account.
fn check_signature(account: &str, signature: &str, message: &[u8]) -> Result<[u8; 32], ApiError> {
	let account: [u8; 32] = decode_hex(account)
		.ok()
		.and_then(|b| b.try_into().ok())
		.ok_or_else(|| bad("the account is not 32 bytes of hex"))?;
	let signature: [u8; 64] = decode_hex(signature)
		.ok()
		.and_then(|b| b.try_into().ok())
		.ok_or_else(|| bad("the signature is not 64 bytes of hex"))?;
	let public = sr25519::Public::from_raw(account);
	let signature = sr25519::Signature::from_raw(signature);
	let wrapped = [b"<Bytes>".as_slice(), message, b"</Bytes>"].concat();
	if sr25519::Pair::verify(&signature, message, &public) ||
		sr25519::Pair::verify(&signature, &wrapped, &public)
	{
		Ok(account)
	} else {
		Err(refuse(StatusCode::UNAUTHORIZED, "the signature does not verify"))
	}
}

async fn custodian(State(slot): Shared) -> Result<Response, ApiError> {
	let state = slot.get()?;
	Ok(Json(json!({
		"agency": state.agency,
		"recipient": state.custody.recipient(),
		"custodian": crate::chain::hex(&state.custody.custodian().0),
	}))
	.into_response())
}

async fn deposit(State(slot): Shared, Json(request): Json<Deposit>) -> Result<Response, ApiError> {
	let state = slot.get()?;
	let wrapped = base64::engine::general_purpose::STANDARD
		.decode(&request.wrapped)
		.map_err(|_| bad("the wrapped key is not base64"))?;
	let message = deposit_message(state.genesis, request.case, request.version, &wrapped);
	let applicant = check_signature(&request.applicant, &request.signature, &message)?;
	let case = state
		.chain
		.case(request.case)
		.await
		.map_err(chain_error)?
		.ok_or_else(|| refuse(StatusCode::NOT_FOUND, format!("no case {}", request.case)))?;
	if AsRef::<[u8]>::as_ref(&case.applicant) != applicant.as_slice() {
		return Err(refuse(StatusCode::FORBIDDEN, "only the case's applicant deposits its keys"));
	}
	if state.chain.erasure(request.case).await.map_err(chain_error)?.is_some() {
		return Err(refuse(StatusCode::GONE, format!("case {} was erased", request.case)));
	}
	let current = state.chain.key_version(request.case).await.map_err(chain_error)?;
	if request.version != current {
		return Err(refuse(
			StatusCode::CONFLICT,
			format!("case {} is at key version {current}, not {}", request.case, request.version),
		));
	}
	state.custody.deposit(request.case, request.version, &wrapped)?;
	log::info!("case {}: key version {} deposited", request.case, request.version);
	Ok(Json(json!({ "case": request.case, "version": request.version })).into_response())
}

async fn open(State(slot): Shared, Json(request): Json<Open>) -> Result<Response, ApiError> {
	let state = slot.get()?;
	crypto::parse_recipient(&request.recipient).map_err(|e| bad(e.to_string()))?;
	let message =
		open_message(state.genesis, request.case, request.receipt, request.recipient.as_bytes());
	let staff = check_signature(&request.staff, &request.signature, &message)?;
	let (case, number) = (request.case, request.receipt);
	let receipt =
		state.chain.receipt(case, number).await.map_err(chain_error)?.ok_or_else(|| {
			refuse(StatusCode::NOT_FOUND, format!("case {case} has no access receipt {number}"))
		})?;
	if AsRef::<[u8]>::as_ref(&receipt.staff) != staff.as_slice() {
		return Err(refuse(StatusCode::FORBIDDEN, "the access receipt names another staff member"));
	}
	if receipt.agency != state.agency {
		return Err(refuse(
			StatusCode::FORBIDDEN,
			format!(
				"the access receipt is for agency {}; this node keeps agency {}'s keys",
				receipt.agency, state.agency
			),
		));
	}
	let best = state.chain.best_number().await.map_err(chain_error)?;
	if receipt.at.saturating_add(state.receipt_window) < best {
		return Err(refuse(
			StatusCode::GONE,
			format!(
				"access receipt {number} is older than {} blocks: record a new one",
				state.receipt_window
			),
		));
	}
	if state.chain.grant(case, state.agency).await.map_err(chain_error)?.is_none() {
		return Err(refuse(
			StatusCode::FORBIDDEN,
			format!("agency {} no longer holds a grant for case {case}", state.agency),
		));
	}
	let document = crate::profile::parse_cid(&safetynet_primitives::cid::to_base32_multibase(
		receipt.document.as_bytes(),
	))?;
	let bytes = state.store.cat(&document, state.max_file_bytes).await?;
	let (version, secret) = state.custody.key_for(case, &bytes)?;
	state.custody.use_receipt(case, number)?;
	let key = crypto::wrap_case_key(&secret, &request.recipient)
		.map_err(|e| refuse(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
	log::info!("case {case}: key version {version} released against receipt {number}");
	let key = base64::engine::general_purpose::STANDARD.encode(key);
	Ok(Json(Released { version, key }).into_response())
}

/// How often the erasure log is read.
const ERASURE_POLL: Duration = Duration::from_secs(2);

/// Follows the chain's erasure log for good, from where it stopped last time (kept in
/// `custody/erasure-cursor`).
async fn follow_erasures(state: Arc<KeysState>, data_dir: std::path::PathBuf) {
	let cursor_path = data_dir.join("custody").join("erasure-cursor");
	let mut cursor: u64 = std::fs::read_to_string(&cursor_path)
		.ok()
		.and_then(|t| t.trim().parse().ok())
		.unwrap_or(0);
	loop {
		match state.chain.erasure_count().await {
			Ok(count) =>
				while cursor < count {
					match erase_logged(&state, cursor).await {
						Ok(true) => {
							cursor += 1;
							if let Err(e) = std::fs::write(&cursor_path, cursor.to_string()) {
								log::warn!("cannot keep the erasure cursor: {e}");
							}
						},
						Ok(false) => break,
						Err(e) => {
							log::warn!("erasure {cursor}: {e:#}");
							break;
						},
					}
				},
			Err(e) => log::debug!("reading the erasure log: {e:#}"),
		}
		tokio::time::sleep(ERASURE_POLL).await;
	}
}

/// Carries out erasure `seq` of the log here. Done (`true`) once the case's blocks and keys are
/// gone and, if this agency held its keys, the chain has its receipt.
async fn erase_logged(state: &KeysState, seq: u64) -> anyhow::Result<bool> {
	let case = state.chain.erasure_log(seq).await?.ok_or_else(|| anyhow::anyhow!("no entry"))?;
	let erasure = state.chain.erasure(case).await?.ok_or_else(|| anyhow::anyhow!("no erasure"))?;
	if let Some(details) = state.chain.case(case).await? {
		for cid in state.chain.documents_of(&details, case).await? {
			let text = safetynet_primitives::cid::to_base32_multibase(cid.as_bytes());
			match crate::profile::parse_cid(&text) {
				Ok(cid) => {
					state.store.erase(&cid).await?;
				},
				// A CID outside the profile was never stored here.
				Err(_) => continue,
			}
		}
	}
	if state.custody.erase(case)? {
		log::info!("case {case}: every key held here destroyed");
	}
	if !erasure.holders.contains(&state.agency) || erasure.erased.contains(&state.agency) {
		return Ok(true);
	}
	if state.chain.custodian(state.agency).await? != Some(state.custody.custodian()) {
		anyhow::bail!(
			"case {case}: agency {}'s registered custodian key is not this node's; register {} \
			 with Documents::set_custodian",
			state.agency,
			crate::chain::hex(&state.custody.custodian().0)
		);
	}
	let signature = state.custody.sign(&erasure_message(state.genesis, case, state.agency));
	if let Err(e) = state.chain.submit_erasure_receipt(case, state.agency, signature).await {
		// Already in the pool from the last round, most likely; the next round reads the chain.
		log::debug!("case {case}: erasure receipt not accepted now: {e:#}");
	}
	Ok(false)
}

/// An account that signs custody requests: a local key, a wallet, a test's keypair.
pub trait AccountSigner {
	/// The account's sr25519 public key.
	fn public(&self) -> [u8; 32];
	/// Its sr25519 signature over `message`.
	fn sign(&self, message: &[u8]) -> [u8; 64];
}

impl AccountSigner for sr25519::Pair {
	fn public(&self) -> [u8; 32] {
		sp_core::Pair::public(self).0
	}
	fn sign(&self, message: &[u8]) -> [u8; 64] {
		sp_core::Pair::sign(self, message).0
	}
}

/// A client of a custodian's `/keys/*`, for applicants' and staff members' tools.
pub struct KeysClient {
	http: KuboClient,
}

impl KeysClient {
	/// `base`: the document node's gateway, e.g. `http://127.0.0.1:8080`.
	pub fn new(base: &str) -> Self {
		KeysClient { http: KuboClient::new(base) }
	}

	async fn post<T: Serialize>(&self, path: &str, body: &T) -> anyhow::Result<Vec<u8>> {
		let body = serde_json::to_vec(body)?;
		let (status, bytes) =
			self.http.exchange(path, Some("application/json".into()), body).await?;
		if !status.is_success() {
			anyhow::bail!("{status}: {}", error_message(&bytes));
		}
		Ok(bytes)
	}

	/// The custodian's agency, recipient and custodian key.
	pub async fn custodian(&self) -> anyhow::Result<serde_json::Value> {
		let (status, bytes) = self.http.get("/keys/custodian").await?;
		if !status.is_success() {
			anyhow::bail!("{status}: {}", error_message(&bytes));
		}
		Ok(serde_json::from_slice(&bytes)?)
	}

	/// Deposits `case_key` (version `version` of `case`), wrapped to `custody_recipient`, signed
	/// by the applicant.
	pub async fn deposit(
		&self,
		genesis: H256,
		case: CaseId,
		version: u32,
		case_key: &str,
		custody_recipient: &str,
		applicant: &dyn AccountSigner,
	) -> anyhow::Result<()> {
		let wrapped = crypto::wrap_case_key(case_key, custody_recipient)?;
		self.deposit_wrapped(genesis, case, version, &wrapped, applicant).await
	}

	/// Deposits an already wrapped case key.
	pub async fn deposit_wrapped(
		&self,
		genesis: H256,
		case: CaseId,
		version: u32,
		wrapped: &[u8],
		applicant: &dyn AccountSigner,
	) -> anyhow::Result<()> {
		let signature = applicant.sign(&deposit_message(genesis, case, version, wrapped));
		let request = Deposit {
			case,
			version,
			wrapped: base64::engine::general_purpose::STANDARD.encode(wrapped),
			applicant: crate::chain::hex(&applicant.public()),
			signature: crate::chain::hex(&signature),
		};
		self.post("/keys/deposit", &request).await.map(|_| ())
	}

	/// Asks for the key access receipt `receipt` of `case` allows, for `staff`, wrapped to their
	/// `identity`'s recipient; returns the version and the case key.
	pub async fn open(
		&self,
		genesis: H256,
		case: CaseId,
		receipt: u32,
		staff: &dyn AccountSigner,
		identity: &str,
	) -> anyhow::Result<(u32, String)> {
		let recipient = crypto::recipient_of(identity)?;
		let signature = staff.sign(&open_message(genesis, case, receipt, recipient.as_bytes()));
		let request = Open {
			case,
			receipt,
			recipient,
			staff: crate::chain::hex(&staff.public()),
			signature: crate::chain::hex(&signature),
		};
		let answer: Released = serde_json::from_slice(&self.post("/keys/open", &request).await?)?;
		let wrapped = base64::engine::general_purpose::STANDARD.decode(answer.key)?;
		Ok((answer.version, crypto::unwrap_case_key(&wrapped, identity)?))
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn signatures_verify_raw_or_as_wallets_sign_them_and_nothing_else() {
		let pair = sr25519::Pair::from_seed(&[1; 32]);
		let account = crate::chain::hex(&sp_core::Pair::public(&pair).0);
		let message = b"safetynet/key-open/v1\0abc";
		let raw = crate::chain::hex(&sp_core::Pair::sign(&pair, message).0);
		assert!(check_signature(&account, &raw, message).is_ok());
		let wrapped = [b"<Bytes>".as_slice(), message, b"</Bytes>"].concat();
		let wallet = crate::chain::hex(&sp_core::Pair::sign(&pair, &wrapped).0);
		assert!(check_signature(&account, &wallet, message).is_ok());
		let other =
			crate::chain::hex(&sp_core::Pair::public(&sr25519::Pair::from_seed(&[2; 32])).0);
		assert!(check_signature(&other, &raw, message).is_err());
		assert!(check_signature(&account, &raw, b"another message").is_err());
		assert!(check_signature("0x12", &raw, message).is_err());
		assert!(check_signature(&account, "nothex", message).is_err());
	}
}
