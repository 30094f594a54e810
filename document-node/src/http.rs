//! Serving HTTP to clients that may not be friendly.
//!
//! The API and the gateway each run their own accept loop with four bounds, so one slow or
//! greedy client cannot starve the others or exhaust the process:
//!
//! - **open connections** (`--http-max-connections`, and `--http-max-connections-per-address` from
//!   any one remote address): a connection beyond either limit is closed as soon as it is accepted,
//!   so one address cannot hold every connection while its heads time out;
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
use safetynet_connection_limits::PerAddress;
use std::{sync::Arc, time::Duration};
use tokio::{net::TcpListener, sync::Semaphore};

/// The bounds of one HTTP server.
#[derive(Clone, Copy, Debug)]
pub struct HttpLimits {
	pub request_timeout: Duration,
	pub header_timeout: Duration,
	pub max_requests: usize,
	pub max_connections: usize,
	pub max_connections_per_address: usize,
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
	let per_address = PerAddress::new(limits.max_connections_per_address);
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
		let Some(from_address) = per_address.open(remote.ip()) else {
			log::warn!(
				"{name}: closed a connection from {remote}: {} connections from {} are open \
				 (--http-max-connections-per-address)",
				limits.max_connections_per_address,
				remote.ip()
			);
			continue;
		};
		let service = TowerToHyperService::new(router.clone());
		tokio::spawn(async move {
			let _open = (open, from_address);
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
			max_connections_per_address: 8,
		};
		start_with(limits, token).await
	}

	async fn start_with(limits: HttpLimits, token: Option<ApiToken>) -> u16 {
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

	/// A connection that has sent nothing, from `source`.
	async fn idle_connection(source: &str, port: u16) -> tokio::net::TcpStream {
		let socket = tokio::net::TcpSocket::new_v4().unwrap();
		socket.bind(format!("{source}:0").parse().unwrap()).unwrap();
		socket.connect(([127, 0, 0, 1], port).into()).await.unwrap()
	}

	/// Whether the server closes `stream` within `wait` (it sends nothing, so a read ends only
	/// when the server closes).
	async fn closed_within(stream: &mut tokio::net::TcpStream, wait: Duration) -> bool {
		let mut byte = [0u8; 1];
		matches!(tokio::time::timeout(wait, stream.read(&mut byte)).await, Ok(Ok(0) | Err(_)))
	}

	async fn closed_at_once(stream: &mut tokio::net::TcpStream) -> bool {
		closed_within(stream, Duration::from_secs(1)).await
	}

	async fn stays_open(stream: &mut tokio::net::TcpStream) -> bool {
		!closed_within(stream, Duration::from_millis(300)).await
	}

	#[tokio::test]
	async fn one_address_cannot_hold_every_connection() {
		let limits = HttpLimits {
			request_timeout: Duration::from_secs(5),
			// Long enough that the idle connections below are not closed for being idle.
			header_timeout: Duration::from_secs(10),
			max_requests: 4,
			max_connections: 8,
			max_connections_per_address: 3,
		};
		let port = start_with(limits, None).await;
		// 127.0.0.2 holds its three connections; a fourth from it is closed at once.
		let mut held = Vec::new();
		for _ in 0..3 {
			held.push(idle_connection("127.0.0.2", port).await);
		}
		tokio::time::sleep(Duration::from_millis(100)).await;
		let mut fourth = idle_connection("127.0.0.2", port).await;
		assert!(closed_at_once(&mut fourth).await, "a fourth connection from one address stayed");
		for stream in &mut held {
			assert!(stays_open(stream).await, "a connection within the limit was closed");
		}
		// Another address is served meanwhile.
		assert_eq!(status(port, None).await, 200);
		// Once one closes, the address may connect again.
		held.pop();
		tokio::time::sleep(Duration::from_millis(100)).await;
		let mut again = idle_connection("127.0.0.2", port).await;
		assert!(stays_open(&mut again).await, "the freed slot was not given back");
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
