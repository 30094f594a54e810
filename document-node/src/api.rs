//! The HTTP faces of the document node: the subset of the Kubo RPC API that clients use, and a
//! path gateway.
//!
//! Kubo client libraries speak to `POST /api/v0/{add,cat,pin/add,id}`; browsers and plain HTTP
//! clients read `GET /ipfs/{cid}`. Errors carry Kubo's JSON shape (`Message`, `Code`, `Type`) and
//! an HTTP status that says what went wrong: 400 for a malformed or out-of-profile CID or
//! option, 413 for an upload over the size limit, 504 for a CID no peer provided in time, 500
//! for a block that fails its hash check on disk. A refused request writes nothing.

use crate::{
	profile::{self, ProfileError},
	store::{DocumentStore, FetchError},
};
use axum::{
	extract::{DefaultBodyLimit, Multipart, Path, Query, State},
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
}

/// An API error in Kubo's shape.
#[derive(Debug)]
pub struct ApiError {
	status: StatusCode,
	message: String,
}

impl ApiError {
	fn new(status: StatusCode, message: impl Into<String>) -> Self {
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

impl From<FetchError> for ApiError {
	fn from(e: FetchError) -> Self {
		match e {
			FetchError::Profile(p) => p.into(),
			FetchError::NotFound { .. } =>
				ApiError::new(StatusCode::GATEWAY_TIMEOUT, e.to_string()),
			FetchError::TooLarge { .. } =>
				ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, e.to_string()),
			FetchError::Storage(_) =>
				ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
		}
	}
}

type Shared = State<Arc<ApiState>>;

/// Kubo's RPC API subset, served on `--api`.
pub fn rpc_router(state: Arc<ApiState>) -> Router {
	// Multipart framing adds a little to the file itself; the file's own limit is enforced
	// while reading it, with a clear message.
	let body_limit = usize::try_from(state.max_file_bytes)
		.unwrap_or(usize::MAX)
		.saturating_add(64 * 1024);
	Router::new()
		.route("/api/v0/add", post(add))
		.route("/api/v0/cat", post(cat))
		.route("/api/v0/pin/add", post(pin_add))
		.route("/api/v0/id", post(id))
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

async fn add(
	State(state): Shared,
	Query(options): Query<AddOptions>,
	mut form: Multipart,
) -> Result<Response, ApiError> {
	check_add_options(&options)?;
	let bad_form = |e: axum::extract::multipart::MultipartError| {
		let status = if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
			StatusCode::PAYLOAD_TOO_LARGE
		} else {
			StatusCode::BAD_REQUEST
		};
		ApiError::new(status, format!("cannot read the upload: {}", e.body_text()))
	};
	let mut field = form
		.next_field()
		.await
		.map_err(bad_form)?
		.ok_or_else(|| ApiError::new(StatusCode::BAD_REQUEST, "the form has no file part"))?;
	let name = field.file_name().or(field.name()).unwrap_or("").to_string();
	let mut bytes = Vec::new();
	while let Some(chunk) = field.chunk().await.map_err(bad_form)? {
		if (bytes.len() + chunk.len()) as u64 > state.max_file_bytes {
			return Err(ApiError::new(
				StatusCode::PAYLOAD_TOO_LARGE,
				format!(
					"file is larger than the limit of {} bytes; nothing was stored",
					state.max_file_bytes
				),
			));
		}
		bytes.extend_from_slice(&chunk);
	}
	let root = state.store.add(&bytes, options.pin != Some(false)).await.map_err(internal)?;
	let name = if name.is_empty() { root.to_string() } else { name };
	let line = json!({ "Name": name, "Hash": root.to_string(), "Size": bytes.len().to_string() });
	Ok(([(header::CONTENT_TYPE, "application/json")], format!("{line}\n")).into_response())
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

async fn pin_add(State(state): Shared, Query(q): Query<ArgQuery>) -> Result<Response, ApiError> {
	let root = arg_cid(&q)?;
	state.store.pin(&root, state.max_file_bytes).await?;
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
