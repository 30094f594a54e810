//! A client of the Kubo RPC API: what citizens' and agencies' tools (and the verifier) use to
//! talk to a document node. It speaks only the Kubo API, so pointing `--ipfs-api` at a Kubo
//! daemon instead of `safetynet-docs` is the one setting a deployment changes.

use anyhow::{anyhow, Context};
use http_body_util::{BodyExt, Full};
use hyper::{body::Bytes, Method, Request};
use hyper_util::{client::legacy::Client, rt::TokioExecutor};
use std::time::Duration;

/// A Kubo RPC endpoint, e.g. `http://127.0.0.1:5001`.
#[derive(Clone)]
pub struct KuboClient {
	base: String,
	http: Client<hyper_util::client::legacy::connect::HttpConnector, Full<Bytes>>,
	timeout: Duration,
}

const BOUNDARY: &str = "safetynet-docs-boundary-7d1f0c";

impl KuboClient {
	pub fn new(base: &str) -> Self {
		KuboClient {
			base: base.trim_end_matches('/').to_string(),
			http: Client::builder(TokioExecutor::new()).build_http(),
			timeout: Duration::from_secs(120),
		}
	}

	async fn post(
		&self,
		path_and_query: &str,
		content_type: Option<String>,
		body: Vec<u8>,
	) -> anyhow::Result<Vec<u8>> {
		let (status, bytes) = self.exchange(path_and_query, content_type, body).await?;
		if !status.is_success() {
			return Err(anyhow!("{status}: {}", error_message(&bytes)));
		}
		Ok(bytes)
	}

	/// Gets `path` and returns the status and body as they came.
	pub async fn get(&self, path: &str) -> anyhow::Result<(hyper::StatusCode, Vec<u8>)> {
		let url = format!("{}{}", self.base, path);
		let request =
			Request::builder().method(Method::GET).uri(&url).body(Full::new(Bytes::new()))?;
		self.send(&url, request).await
	}

	/// Posts and returns the status and body as they came.
	pub async fn exchange(
		&self,
		path_and_query: &str,
		content_type: Option<String>,
		body: Vec<u8>,
	) -> anyhow::Result<(hyper::StatusCode, Vec<u8>)> {
		let url = format!("{}{}", self.base, path_and_query);
		let mut request = Request::builder().method(Method::POST).uri(&url);
		if let Some(ct) = content_type {
			request = request.header("content-type", ct);
		}
		let request = request.body(Full::new(Bytes::from(body)))?;
		self.send(&url, request).await
	}

	async fn send(
		&self,
		url: &str,
		request: Request<Full<Bytes>>,
	) -> anyhow::Result<(hyper::StatusCode, Vec<u8>)> {
		let response = tokio::time::timeout(self.timeout, self.http.request(request))
			.await
			.map_err(|_| anyhow!("{url}: no answer within {:?}", self.timeout))?
			.with_context(|| format!("cannot reach {url}"))?;
		let status = response.status();
		let bytes = response.into_body().collect().await?.to_bytes().to_vec();
		Ok((status, bytes))
	}

	/// `ipfs add --cid-version=1`: stores `bytes` and returns the CID the node reports.
	pub async fn add(&self, name: &str, bytes: &[u8]) -> anyhow::Result<String> {
		let answer = self.post_file("/api/v0/add?cid-version=1&pin=true", name, bytes).await?;
		let line: serde_json::Value = serde_json::from_slice(&answer).context("add: not JSON")?;
		line.get("Hash")
			.and_then(|h| h.as_str())
			.map(str::to_string)
			.ok_or_else(|| anyhow!("add: no Hash in the answer"))
	}

	/// `ipfs block put --cid-codec=<codec>`: stores one block as it is and returns its CID.
	pub async fn block_put(&self, codec: &str, block: &[u8]) -> anyhow::Result<String> {
		let path = format!("/api/v0/block/put?cid-codec={codec}&mhtype=sha2-256");
		let answer = self.post_file(&path, "block", block).await?;
		let line: serde_json::Value =
			serde_json::from_slice(&answer).context("block/put: not JSON")?;
		line.get("Key")
			.and_then(|h| h.as_str())
			.map(str::to_string)
			.ok_or_else(|| anyhow!("block/put: no Key in the answer"))
	}

	/// Posts `bytes` as the one file of a multipart form, the way Kubo clients do.
	async fn post_file(&self, path: &str, name: &str, bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
		let mut body = Vec::with_capacity(bytes.len() + 256);
		body.extend_from_slice(
			format!(
				"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
				 Content-Type: application/octet-stream\r\n\r\n"
			)
			.as_bytes(),
		);
		body.extend_from_slice(bytes);
		body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
		self.post(path, Some(format!("multipart/form-data; boundary={BOUNDARY}")), body)
			.await
	}

	/// `ipfs cat <cid>`.
	pub async fn cat(&self, cid: &str) -> anyhow::Result<Vec<u8>> {
		self.post(&format!("/api/v0/cat?arg={cid}"), None, Vec::new()).await
	}

	/// `ipfs pin add <cid>`.
	pub async fn pin(&self, cid: &str) -> anyhow::Result<()> {
		self.post(&format!("/api/v0/pin/add?arg={cid}"), None, Vec::new())
			.await
			.map(|_| ())
	}

	/// `ipfs block stat --offline <cid>`: whether the node holds the block on its own disk.
	pub async fn holds_offline(&self, cid: &str) -> anyhow::Result<bool> {
		let path = format!("/api/v0/block/stat?arg={cid}&offline=true");
		let (status, bytes) = self.exchange(&path, None, Vec::new()).await?;
		match status {
			s if s.is_success() => Ok(true),
			// Kubo answers a missing block offline with 500 and this message; this node with 404.
			hyper::StatusCode::NOT_FOUND | hyper::StatusCode::GONE => Ok(false),
			_ if error_message(&bytes).contains("not found locally") => Ok(false),
			_ => Err(anyhow!("block/stat {cid}: {status}: {}", error_message(&bytes))),
		}
	}

	/// `ipfs id`: the node's peer id and addresses.
	pub async fn id(&self) -> anyhow::Result<serde_json::Value> {
		let answer = self.post("/api/v0/id", None, Vec::new()).await?;
		Ok(serde_json::from_slice(&answer)?)
	}
}

/// The `Message` of a Kubo error body, or the body as text.
pub fn error_message(bytes: &[u8]) -> String {
	serde_json::from_slice::<serde_json::Value>(bytes)
		.ok()
		.and_then(|v| v.get("Message").and_then(|m| m.as_str()).map(str::to_string))
		.unwrap_or_else(|| String::from_utf8_lossy(bytes).into_owned())
}
