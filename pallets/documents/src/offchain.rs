//! The sealing offchain worker.
//!
//! Runs on every node after each block it imports, and does work only on a node whose keystore
//! holds an agency's registered seal key (key type `seal`): that agency's node seals that
//! agency's approvals. For each approved case awaiting its seal it
//!
//! 1. rebuilds the canonical approval record from chain state (the same function the runtime uses
//!    to check the seal),
//! 2. signs the record's bytes with the seal key in the keystore,
//! 3. stores the bytes in IPFS through the Kubo RPC API (`POST /api/v0/add?cid-version=1`) of the
//!    node's document node — `safetynet-docs`, or a Kubo daemon: the node's `--ipfs-api` setting,
//!    kept in offchain storage under [`IPFS_API_KEY`] — and checks the CID it answers is the
//!    record's,
//! 4. submits the signature as an unsigned `submit_seal` transaction.
//!
//! A case is retried every [`RETRY_AFTER`] blocks until its seal is on chain, so a document node
//! that was down only delays sealing.

use crate::{pallet::*, SEAL_KEY_TYPE};
use alloc::{format, string::String, vec, vec::Vec};
use frame_support::traits::Get;
use frame_system::{
	offchain::{CreateBare, SubmitTransaction},
	pallet_prelude::BlockNumberFor,
};
use safetynet_primitives::{cases::CaseId, cid::to_base32_multibase};
use sp_runtime::{
	offchain::{http, storage::StorageValueRef, Duration},
	traits::Saturating,
};

/// Offchain (persistent) storage key of the Kubo RPC API base URL, set by the node at start.
pub const IPFS_API_KEY: &[u8] = b"safetynet::ipfs-api";
/// The document node's default API address: Kubo's.
pub const DEFAULT_IPFS_API: &str = "http://127.0.0.1:5001";
/// Blocks to wait before trying a case again.
pub const RETRY_AFTER: u32 = 5;
/// How long one IPFS request may take.
const HTTP_TIMEOUT_MS: u64 = 10_000;

/// Why one case could not be sealed this time.
#[derive(Debug)]
pub enum SealError {
	Record,
	Sign,
	Http,
	HttpStatus(u16),
	WrongCid,
	Submit,
}

/// The entry point, from the pallet's `offchain_worker` hook.
pub fn seal_awaiting<T: Config>(now: BlockNumberFor<T>) {
	let local = sp_io::crypto::sr25519_public_keys(SEAL_KEY_TYPE);
	if local.is_empty() {
		return;
	}
	let api = ipfs_api();
	// Cases waiting out their retry pause are skipped before the per-run budget is counted, so
	// a backlog of failing cases cannot keep the ones behind them from ever being tried. The
	// iterator is lazy: only the cases taken get an attempt recorded.
	let due = AwaitingSeal::<T>::iter()
		.filter(|(_, request)| {
			KeysOf::<T>::get(request.agency).is_some_and(|keys| local.contains(&keys.seal))
		})
		.filter(|(case, _)| due_for_attempt::<T>(*case, now));
	for (case, _) in due.take(T::MaxSealsPerRun::get() as usize) {
		match seal_case::<T>(case, &api) {
			Ok(()) => log::info!(target: "documents", "sealed case {case}: seal submitted"),
			Err(e) =>
				log::warn!(target: "documents", "sealing case {case} failed: {e:?}; retrying later"),
		}
	}
}

/// The Kubo RPC API to store records in.
pub fn ipfs_api() -> String {
	StorageValueRef::persistent(IPFS_API_KEY)
		.get::<Vec<u8>>()
		.ok()
		.flatten()
		.and_then(|bytes| String::from_utf8(bytes).ok())
		.unwrap_or_else(|| String::from(DEFAULT_IPFS_API))
}

/// Whether `case` was not tried in the last [`RETRY_AFTER`] blocks; notes this attempt if so.
fn due_for_attempt<T: Config>(case: CaseId, now: BlockNumberFor<T>) -> bool {
	let key = [b"safetynet::seal-attempt::".as_slice(), &case.to_le_bytes()].concat();
	let store = StorageValueRef::persistent(&key);
	let attempt = store.mutate(|last: Result<Option<BlockNumberFor<T>>, _>| match last {
		Ok(Some(last)) if now < last.saturating_add(RETRY_AFTER.into()) => Err(()),
		_ => Ok(now),
	});
	attempt.is_ok()
}

/// Seals one case: sign, store, submit.
pub fn seal_case<T: Config>(case: CaseId, api: &str) -> Result<(), SealError> {
	let (_, keys, record) = Pallet::<T>::approval_record(case).map_err(|_| SealError::Record)?;
	let message = crate::record::seal_message(&record);
	let signature =
		sp_io::crypto::sr25519_sign(SEAL_KEY_TYPE, &keys.seal, &message).ok_or(SealError::Sign)?;
	let cid = safetynet_primitives::cid::raw_cid_of(&record);
	store_in_ipfs(api, &record, &to_base32_multibase(cid.as_bytes()))?;
	let call = Call::<T>::submit_seal { case, signature };
	let xt = <T as CreateBare<Call<T>>>::create_bare(call.into());
	SubmitTransaction::<T, Call<T>>::submit_transaction(xt).map_err(|_| SealError::Submit)
}

/// Multipart boundary of the record upload.
pub const BOUNDARY: &str = "safetynet-seal-boundary";

/// The body of a Kubo `add` request carrying `bytes` as one file.
pub fn add_request_body(bytes: &[u8]) -> Vec<u8> {
	let mut body = format!(
		"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"approval-seal.json\"\r\n\
		 Content-Type: application/json\r\n\r\n"
	)
	.into_bytes();
	body.extend_from_slice(bytes);
	body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
	body
}

/// The URL of a Kubo `add` of one file under the system's CID profile.
pub fn add_request_url(api: &str) -> String {
	format!("{}/api/v0/add?cid-version=1&pin=true", api.trim_end_matches('/'))
}

/// Stores `bytes` through the Kubo RPC API and checks the node reports `expected` as its CID.
fn store_in_ipfs(api: &str, bytes: &[u8], expected: &str) -> Result<(), SealError> {
	let url = add_request_url(api);
	let deadline = sp_io::offchain::timestamp().add(Duration::from_millis(HTTP_TIMEOUT_MS));
	let content_type = format!("multipart/form-data; boundary={BOUNDARY}");
	let pending = http::Request::post(&url, vec![add_request_body(bytes)])
		.add_header("Content-Type", &content_type)
		.deadline(deadline)
		.send()
		.map_err(|_| SealError::Http)?;
	let response = pending
		.try_wait(deadline)
		.map_err(|_| SealError::Http)?
		.map_err(|_| SealError::Http)?;
	if response.code != 200 {
		return Err(SealError::HttpStatus(response.code));
	}
	let answer: Vec<u8> = response.body().collect();
	let wanted = format!("\"Hash\":\"{expected}\"");
	let found = answer.windows(wanted.len()).any(|w| w == wanted.as_bytes());
	found.then_some(()).ok_or(SealError::WrongCid)
}
