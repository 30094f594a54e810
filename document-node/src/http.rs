//! Serving HTTP to clients that may not be friendly.
//!
//! The API and the gateway each run their own accept loop with four bounds, so one slow or
//! greedy client cannot starve the others or exhaust the process:
//!
//! - **open connections** (`--http-max-connections`): a connection beyond the limit is closed as
//!   soon as it is accepted;
//! - **reading headers** (`--http-header-timeout-secs`): a connection that has not sent a whole
//!   request head within this time, whether it trickles it byte by byte or sends nothing after its
//!   last request, is closed (hyper's header read timeout);
//! - **requests in flight** (`--http-max-requests`): a request beyond the limit is refused at once
//!   with 503 and `Retry-After: 1` rather than queued, so a burst costs nothing and a client learns
//!   to come back;
//! - **one request's time** (`--http-request-timeout-secs`): reading the body, the work and writing
//!   the answer's head must fit in it, else the request is cut off with 408 (a body that trickles
//!   in is cut off here), and whatever it wrote is removed.
//!
//! On the API, a bearer token ([`crate::auth`]) is checked before anything else runs.

use crate::{api::ApiError, auth::ApiToken};
use axum::{
	extract::{Request, State},
	http::{header, HeaderValue, StatusCode},
	middleware::{self, Next},
	response::{IntoResponse, Response},
	Router,
};
use hyper_util::{
	rt::{TokioIo, TokioTimer},
	service::TowerToHyperService,
};
use std::{sync::Arc, time::Duration};
use tokio::{net::TcpListener, sync::Semaphore};

/// The bounds of one HTTP server.
#[derive(Clone, Copy, Debug)]
pub struct HttpLimits {
	pub request_timeout: Duration,
	pub header_timeout: Duration,
	pub max_requests: usize,
	pub max_connections: usize,
}

#[derive(Clone)]
struct Guard {
	slots: Arc<Semaphore>,
	limits: HttpLimits,
}

/// Wraps a router in the request bounds (in flight, duration) and, if `token` is given, the
/// bearer token check.
pub fn guarded(router: Router, limits: HttpLimits, token: Option<ApiToken>) -> Router {
	let router = match token {
		Some(token) => router.layer(middleware::from_fn_with_state(token, check_token)),
		None => router,
	};
	let guard = Guard { slots: Arc::new(Semaphore::new(limits.max_requests)), limits };
	router.layer(middleware::from_fn_with_state(guard, bound_request))
}

async fn bound_request(State(guard): State<Guard>, request: Request, next: Next) -> Response {
	let Ok(_slot) = guard.slots.clone().try_acquire_owned() else {
		let message = format!(
			"the node is busy: {} requests are in flight (--http-max-requests); retry shortly",
			guard.limits.max_requests
		);
		let mut response = ApiError::new(StatusCode::SERVICE_UNAVAILABLE, message).into_response();
		response
			.headers_mut()
			.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
		return response;
	};
	let timeout = guard.limits.request_timeout;
	match tokio::time::timeout(timeout, next.run(request)).await {
		Ok(response) => response,
		Err(_) => ApiError::new(
			StatusCode::REQUEST_TIMEOUT,
			format!(
				"the request took longer than {} s (--http-request-timeout-secs) and was cut off; \
				 nothing it started was kept",
				timeout.as_secs()
			),
		)
		.into_response(),
	}
}

async fn check_token(State(token): State<ApiToken>, request: Request, next: Next) -> Response {
	let presented = request.headers().get(header::AUTHORIZATION).and_then(|v| v.to_str().ok());
	if token.accepts(presented) {
		return next.run(request).await;
	}
	let mut response = ApiError::new(
		StatusCode::UNAUTHORIZED,
		"this API needs the node's token: send Authorization: Bearer <token>",
	)
	.into_response();
	response
		.headers_mut()
		.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
	response
}

/// Serves `router` on `listener` within `limits` until the task is dropped. `name` labels the
/// log lines.
pub async fn serve(
	listener: TcpListener,
	router: Router,
	limits: HttpLimits,
	name: &'static str,
) -> anyhow::Result<()> {
	let connections = Arc::new(Semaphore::new(limits.max_connections));
	loop {
		let (stream, remote) = match listener.accept().await {
			Ok(accepted) => accepted,
			Err(e) => {
				// Out of file descriptors, typically: wait for connections to close.
				log::warn!("{name}: cannot accept a connection: {e}");
				tokio::time::sleep(Duration::from_millis(100)).await;
				continue;
			},
		};
		let Ok(open) = connections.clone().try_acquire_owned() else {
			log::warn!(
				"{name}: closed a connection from {remote}: {} connections are open \
				 (--http-max-connections)",
				limits.max_connections
			);
			continue;
		};
		let service = TowerToHyperService::new(router.clone());
		tokio::spawn(async move {
			let _open = open;
			let mut http = hyper::server::conn::http1::Builder::new();
			http.timer(TokioTimer::new()).header_read_timeout(limits.header_timeout);
			if let Err(e) = http.serve_connection(TokioIo::new(stream), service).await {
				log::debug!("{name}: connection from {remote}: {e}");
			}
		});
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use axum::routing::post;
	use tokio::io::{AsyncReadExt, AsyncWriteExt};

	const SECRET: &str = "0123456789abcdef0123456789abcdef";

	async fn start(max_requests: usize, request_timeout: Duration, token: Option<ApiToken>) -> u16 {
		let limits = HttpLimits {
			request_timeout,
			header_timeout: Duration::from_millis(500),
			max_requests,
			max_connections: 8,
		};
		let router = Router::new().route(
			"/slow",
			post(|| async {
				tokio::time::sleep(Duration::from_millis(300)).await;
				"done"
			}),
		);
		let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
		let port = listener.local_addr().unwrap().port();
		tokio::spawn(serve(listener, guarded(router, limits, token), limits, "test"));
		port
	}

	/// One request on a fresh connection; the status code of the answer.
	async fn status(port: u16, token: Option<&str>) -> u16 {
		let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.unwrap();
		let auth = token.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default();
		let head = format!(
			"POST /slow HTTP/1.1\r\nHost: x\r\n{auth}Content-Length: 0\r\nConnection: close\r\n\r\n"
		);
		stream.write_all(head.as_bytes()).await.unwrap();
		let mut answer = Vec::new();
		stream.read_to_end(&mut answer).await.unwrap();
		let answer = String::from_utf8_lossy(&answer);
		answer.split(' ').nth(1).and_then(|code| code.parse().ok()).unwrap_or(0)
	}

	#[tokio::test]
	async fn requests_beyond_the_limit_are_refused_at_once() {
		let port = start(1, Duration::from_secs(5), None).await;
		let first = tokio::spawn(status(port, None));
		tokio::time::sleep(Duration::from_millis(100)).await;
		let started = std::time::Instant::now();
		assert_eq!(status(port, None).await, 503);
		assert!(started.elapsed() < Duration::from_millis(200));
		assert_eq!(first.await.unwrap(), 200);
		// The slot is free again.
		assert_eq!(status(port, None).await, 200);
	}

	#[tokio::test]
	async fn a_request_over_its_time_is_cut_off() {
		let port = start(4, Duration::from_millis(50), None).await;
		assert_eq!(status(port, None).await, 408);
	}

	#[tokio::test]
	async fn a_client_trickling_its_headers_is_disconnected() {
		let port = start(4, Duration::from_secs(5), None).await;
		let slow = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.unwrap();
		let (mut from_server, mut to_server) = slow.into_split();
		let started = std::time::Instant::now();
		tokio::spawn(async move {
			let _ = to_server.write_all(b"POST /slow HTTP/1.1\r\n").await;
			// A header line every 100 ms: each arrives well within any idle timeout.
			while to_server.write_all(b"X-Slow: 1\r\n").await.is_ok() {
				tokio::time::sleep(Duration::from_millis(100)).await;
			}
		});
		let mut rest = Vec::new();
		let closed =
			tokio::time::timeout(Duration::from_secs(3), from_server.read_to_end(&mut rest)).await;
		assert!(closed.is_ok(), "the trickling client was never cut off");
		assert!(started.elapsed() >= Duration::from_millis(400));
		assert_eq!(status(port, None).await, 200);
	}

	#[tokio::test]
	async fn the_token_is_checked_on_every_request() {
		let token = ApiToken::new(SECRET).unwrap();
		let port = start(4, Duration::from_secs(5), Some(token)).await;
		assert_eq!(status(port, None).await, 401);
		assert_eq!(status(port, Some(&SECRET.replace('0', "1"))).await, 401);
		assert_eq!(status(port, Some(SECRET)).await, 200);
	}
}
