//! The HTTP faces of the document node: the subset of the Kubo RPC API that clients use, and a
//! path gateway.
//!
//! Kubo client libraries speak to `POST /api/v0/{add,block/put,cat,pin/add,id}`; browsers and
//! plain HTTP clients read `GET /ipfs/{cid}`. Errors carry Kubo's JSON shape (`Message`, `Code`,
//! `Type`) and an HTTP status that says what went wrong: 400 for a malformed or out-of-profile
//! CID or option, 413 for an upload over the size limit, 422 for a DAG over the walk limits,
//! 504 for a CID no peer provided in time, 507 for a full block store, 500 for a block that fails
//! its hash check on disk. A refused request writes nothing. How many requests run at once and
//! for how long is [`crate::http`]'s business.

use crate::{
	profile::{self, ProfileError},
	store::{DocumentStore, StoreError, Upload},
};
use axum::{
	extract::{
		multipart::{Field, MultipartError},
		DefaultBodyLimit, Multipart, Path, Query, State,
	},
	http::{header, StatusCode},
	response::{IntoResponse, Response},
	routing::{get, post},
	Json, Router,
};
use serde::Deserialize;
use serde_json::json;
use std::sync::Arc;

/// Shared by the handlers.
pub struct ApiState {
	pub store: DocumentStore,
	/// Largest file `add` accepts and `cat` returns, in bytes.
	pub max_file_bytes: u64,
	/// Largest block `block/put` accepts, in bytes.
	pub max_block_bytes: u64,
}

/// An API error in Kubo's shape.
#[derive(Debug)]
pub struct ApiError {
	status: StatusCode,
	message: String,
}

impl ApiError {
	pub(crate) fn new(status: StatusCode, message: impl Into<String>) -> Self {
		ApiError { status, message: message.into() }
	}
}

impl IntoResponse for ApiError {
	fn into_response(self) -> Response {
		let body = json!({ "Message": self.message, "Code": 0, "Type": "error" });
		(self.status, Json(body)).into_response()
	}
}

impl From<ProfileError> for ApiError {
	fn from(e: ProfileError) -> Self {
		let status = match e {
			ProfileError::Corrupted(_) => StatusCode::INTERNAL_SERVER_ERROR,
			ProfileError::NotAFile(..) => StatusCode::UNPROCESSABLE_ENTITY,
			_ => StatusCode::BAD_REQUEST,
		};
		ApiError::new(status, e.to_string())
	}
}

impl From<StoreError> for ApiError {
	fn from(e: StoreError) -> Self {
		let status = match e {
			StoreError::Profile(p) => return p.into(),
			StoreError::NotFound { .. } => StatusCode::GATEWAY_TIMEOUT,
			StoreError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
			StoreError::Limit(_) => StatusCode::UNPROCESSABLE_ENTITY,
			StoreError::Quota(_) => StatusCode::INSUFFICIENT_STORAGE,
			StoreError::Storage(_) => StatusCode::INTERNAL_SERVER_ERROR,
			StoreError::Erased(_) => StatusCode::GONE,
		};
		ApiError::new(status, e.to_string())
	}
}

type Shared = State<Arc<ApiState>>;

/// Kubo's RPC API subset, served on `--api`.
pub fn rpc_router(state: Arc<ApiState>) -> Router {
	// Multipart framing adds a little to the file itself; the file's own limit is enforced
	// while reading it, with a clear message.
	let framed =
		|bytes: u64| usize::try_from(bytes).unwrap_or(usize::MAX).saturating_add(64 * 1024);
	let body_limit = framed(state.max_file_bytes);
	let block_limit = framed(state.max_block_bytes);
	Router::new()
		.route("/api/v0/add", post(add))
		.route("/api/v0/block/put", post(block_put).layer(DefaultBodyLimit::max(block_limit)))
		.route("/api/v0/cat", post(cat))
		.route("/api/v0/pin/add", post(pin_add))
		.route("/api/v0/id", post(id))
		.route("/api/v0/block/stat", post(block_stat))
		.layer(DefaultBodyLimit::max(body_limit))
		.with_state(state)
}

/// The path gateway, served on `--gateway`.
pub fn gateway_router(state: Arc<ApiState>) -> Router {
	Router::new().route("/ipfs/{*path}", get(gateway)).with_state(state)
}

/// `add`'s options. Only the profile's values are accepted, so nobody stores a document under a
/// CID the chain would refuse.
#[derive(Deserialize)]
struct AddOptions {
	#[serde(rename = "cid-version")]
	cid_version: Option<u32>,
	#[serde(rename = "raw-leaves")]
	raw_leaves: Option<bool>,
	chunker: Option<String>,
	#[serde(rename = "hash")]
	hash: Option<String>,
	pin: Option<bool>,
}

fn check_add_options(o: &AddOptions) -> Result<(), ApiError> {
	let refuse = |what: &str| {
		Err(ApiError::new(
			StatusCode::BAD_REQUEST,
			format!(
				"{what}: this node only adds with the system's profile (cid-version=1, raw leaves, \
				 chunker size-262144, sha2-256)"
			),
		))
	};
	if matches!(o.cid_version, Some(v) if v != 1) {
		return refuse("unsupported cid-version");
	}
	if o.raw_leaves == Some(false) {
		return refuse("raw-leaves=false");
	}
	if matches!(&o.chunker, Some(c) if *c != format!("size-{}", profile::CHUNK_SIZE)) {
		return refuse("unsupported chunker");
	}
	if matches!(&o.hash, Some(h) if h != "sha2-256") {
		return refuse("unsupported hash");
	}
	Ok(())
}

fn bad_form(e: MultipartError) -> ApiError {
	let status = if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
		StatusCode::PAYLOAD_TOO_LARGE
	} else {
		StatusCode::BAD_REQUEST
	};
	ApiError::new(status, format!("cannot read the upload: {}", e.body_text()))
}

/// The form's first part: the file (Kubo clients send one).
async fn file_part(form: &mut Multipart) -> Result<Field<'_>, ApiError> {
	form.next_field()
		.await
		.map_err(bad_form)?
		.ok_or_else(|| ApiError::new(StatusCode::BAD_REQUEST, "the form has no file part"))
}

fn too_large(limit: u64) -> ApiError {
	ApiError::new(
		StatusCode::PAYLOAD_TOO_LARGE,
		format!("file is larger than the limit of {limit} bytes; nothing was stored"),
	)
}

/// Streams the upload into the store: the file is chunked and its blocks written as the body
/// arrives, never held whole in memory.
async fn add(
	State(state): Shared,
	Query(options): Query<AddOptions>,
	mut form: Multipart,
) -> Result<Response, ApiError> {
	check_add_options(&options)?;
	let mut field = file_part(&mut form).await?;
	let name = field.file_name().or(field.name()).unwrap_or("").to_string();
	let mut upload = state.store.upload();
	if let Err(e) = receive(&state, &mut field, &mut upload).await {
		upload.abandon().await;
		return Err(e);
	}
	let size = upload.len();
	let root = upload.finish(options.pin != Some(false)).await?;
	let name = if name.is_empty() { root.to_string() } else { name };
	let line = json!({ "Name": name, "Hash": root.to_string(), "Size": size.to_string() });
	Ok(([(header::CONTENT_TYPE, "application/json")], format!("{line}\n")).into_response())
}

async fn receive(
	state: &ApiState,
	field: &mut Field<'_>,
	upload: &mut Upload,
) -> Result<(), ApiError> {
	while let Some(chunk) = field.chunk().await.map_err(bad_form)? {
		if upload.len().saturating_add(chunk.len() as u64) > state.max_file_bytes {
			return Err(too_large(state.max_file_bytes));
		}
		upload.push(&chunk).await?;
	}
	Ok(())
}

/// `block/put`'s options: the codec of the block (`raw` or `dag-pb`), always hashed with
/// sha2-256 into a CIDv1.
#[derive(Deserialize)]
struct BlockPutOptions {
	#[serde(rename = "cid-codec")]
	cid_codec: Option<String>,
	mhtype: Option<String>,
}

async fn block_put(
	State(state): Shared,
	Query(options): Query<BlockPutOptions>,
	mut form: Multipart,
) -> Result<Response, ApiError> {
	let codec = match options.cid_codec.as_deref() {
		None | Some("raw") => profile::RAW,
		Some("dag-pb") => profile::DAG_PB,
		Some(other) => {
			let message = format!("cid-codec {other:?}: only raw and dag-pb blocks are stored");
			return Err(ApiError::new(StatusCode::BAD_REQUEST, message));
		},
	};
	if matches!(options.mhtype.as_deref(), Some(h) if h != "sha2-256") {
		return Err(ApiError::new(StatusCode::BAD_REQUEST, "unsupported mhtype: only sha2-256"));
	}
	let mut field = file_part(&mut form).await?;
	let mut data = Vec::new();
	while let Some(chunk) = field.chunk().await.map_err(bad_form)? {
		if (data.len() + chunk.len()) as u64 > state.max_block_bytes {
			let message = format!(
				"block is larger than the limit of {} bytes (--max-block-kib); nothing was stored",
				state.max_block_bytes
			);
			return Err(ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, message));
		}
		data.extend_from_slice(&chunk);
	}
	let size = data.len();
	let cid = state.store.put_block(codec, data).await?;
	Ok(Json(json!({ "Key": cid.to_string(), "Size": size })).into_response())
}

#[derive(Deserialize)]
struct ArgQuery {
	arg: Option<String>,
}

fn arg_cid(q: &ArgQuery) -> Result<cid::Cid, ApiError> {
	let arg = q.arg.as_deref().ok_or_else(|| {
		ApiError::new(StatusCode::BAD_REQUEST, "argument \"ipfs-path\" is required")
	})?;
	Ok(profile::parse_cid(arg)?)
}

async fn cat(State(state): Shared, Query(q): Query<ArgQuery>) -> Result<Response, ApiError> {
	let root = arg_cid(&q)?;
	let bytes = state.store.cat(&root, state.max_file_bytes).await?;
	Ok(([(header::CONTENT_TYPE, "application/octet-stream")], bytes).into_response())
}

#[derive(Deserialize)]
struct StatQuery {
	arg: Option<String>,
	offline: Option<bool>,
}

/// `block/stat --offline`: whether this node holds a block on its own disk. Only the offline
/// form is served (it is what an erasure check asks each node); a block that is not here is
/// Kubo's offline "not found locally" answer, never a fetch from peers.
async fn block_stat(
	State(state): Shared,
	Query(q): Query<StatQuery>,
) -> Result<Response, ApiError> {
	if q.offline != Some(true) {
		return Err(ApiError::new(
			StatusCode::BAD_REQUEST,
			"block/stat is served only with offline=true (a local read)",
		));
	}
	let cid = arg_cid(&ArgQuery { arg: q.arg })?;
	if !state.store.holds(&cid).await? {
		return Err(ApiError::new(
			StatusCode::NOT_FOUND,
			format!("block {cid} was not found locally (offline)"),
		));
	}
	let size = state.store.block(&cid).await?.len();
	Ok(Json(json!({ "Key": cid.to_string(), "Size": size })).into_response())
}

async fn pin_add(State(state): Shared, Query(q): Query<ArgQuery>) -> Result<Response, ApiError> {
	let root = arg_cid(&q)?;
	state.store.pin(&root).await?;
	Ok(Json(json!({ "Pins": [root.to_string()] })).into_response())
}

async fn id(State(state): Shared) -> Result<Response, ApiError> {
	let (peer, public_key, addrs) = state.store.identity().await.map_err(internal)?;
	Ok(Json(json!({
		"ID": peer.to_string(),
		"PublicKey": public_key,
		"Addresses": addrs.iter().map(|a| a.to_string()).collect::<Vec<_>>(),
		"AgentVersion": concat!("safetynet-docs/", env!("CARGO_PKG_VERSION")),
		"ProtocolVersion": "ipfs/0.1.0",
	}))
	.into_response())
}

async fn gateway(State(state): Shared, Path(path): Path<String>) -> Result<Response, ApiError> {
	let (cid_text, rest) = path.split_once('/').unwrap_or((&path, ""));
	if !rest.is_empty() {
		return Err(ApiError::new(
			StatusCode::BAD_REQUEST,
			"documents are single files: a path inside a CID is not served",
		));
	}
	let root = profile::parse_cid(cid_text)?;
	let bytes = state.store.cat(&root, state.max_file_bytes).await?;
	Ok((
		[
			(header::CONTENT_TYPE, "application/octet-stream".to_string()),
			(header::ETAG, format!("\"{root}\"")),
			(header::CACHE_CONTROL, "public, max-age=29030400, immutable".to_string()),
		],
		bytes,
	)
		.into_response())
}

fn internal(e: anyhow::Error) -> ApiError {
	ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, format!("{e:#}"))
}
