//! Accepting connections: each gets its own sign-in state and is counted against its address.
//!
//! jsonrpsee's own server does not tell a method who is calling, so connections are accepted
//! here and each is served by jsonrpsee's service with a [`Peer`] (address and session) added to
//! every request's extensions. Connections per address are capped, so one client cannot hold all
//! of the server's connection slots.

use crate::{methods::Peer, session::Session};
use jsonrpsee::{
	server::{serve_with_graceful_shutdown, stop_channel, ServerHandle},
	Methods,
};
use std::{
	collections::HashMap,
	net::{IpAddr, SocketAddr},
	sync::{Arc, Mutex},
};
use tower::Service;

/// Open connections per client address.
#[derive(Default)]
struct Connections {
	open: Mutex<HashMap<IpAddr, usize>>,
}

/// A connection's place in [`Connections`], given back when it closes.
///
/// A WebSocket outlives the HTTP exchange that opened it (hyper hands the upgraded socket to
/// jsonrpsee's own task), so the slot travels in the connection's [`Peer`], which that task keeps
/// in its requests' extensions until the socket closes.
pub(crate) struct Slot {
	connections: Arc<Connections>,
	ip: IpAddr,
}

impl Connections {
	fn take(self: &Arc<Self>, ip: IpAddr, max: usize) -> Option<Slot> {
		let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
		let count = open.entry(ip).or_default();
		if *count >= max {
			return None;
		}
		*count += 1;
		Some(Slot { connections: self.clone(), ip })
	}
}

impl Drop for Slot {
	fn drop(&mut self) {
		let mut open = self.connections.open.lock().unwrap_or_else(|e| e.into_inner());
		if let Some(count) = open.get_mut(&self.ip) {
			*count -= 1;
			if *count == 0 {
				open.remove(&self.ip);
			}
		}
	}
}

/// A connection's service: jsonrpsee's, with the connection's [`Peer`] added to every request.
#[derive(Clone)]
struct WithPeer<S> {
	inner: S,
	peer: Peer,
}

impl<S, B> Service<http::Request<B>> for WithPeer<S>
where
	S: Service<http::Request<B>>,
{
	type Response = S::Response;
	type Error = S::Error;
	type Future = S::Future;

	fn poll_ready(
		&mut self,
		cx: &mut std::task::Context<'_>,
	) -> std::task::Poll<Result<(), Self::Error>> {
		self.inner.poll_ready(cx)
	}

	fn call(&mut self, mut request: http::Request<B>) -> Self::Future {
		request.extensions_mut().insert(self.peer.clone());
		self.inner.call(request)
	}
}

/// Limits of the server itself.
#[derive(Clone, Copy, Debug)]
pub struct ServerLimits {
	/// Open connections in all.
	pub max_connections: u32,
	/// Open connections from one address.
	pub max_connections_per_address: usize,
	/// Subscriptions on one connection.
	pub max_subscriptions_per_connection: u32,
	/// Largest request body, in bytes.
	pub max_request_bytes: u32,
}

/// Serves `methods` on `listener` until the returned handle is stopped.
pub fn serve(
	listener: tokio::net::TcpListener,
	methods: impl Into<Methods>,
	limits: ServerLimits,
) -> ServerHandle {
	let (stop_handle, server_handle) = stop_channel();
	let methods: Methods = methods.into();
	let builder = jsonrpsee::server::Server::builder()
		.max_connections(limits.max_connections)
		.max_subscriptions_per_connection(limits.max_subscriptions_per_connection)
		.max_request_body_size(limits.max_request_bytes)
		.to_service_builder();
	let connections = Arc::new(Connections::default());
	tokio::spawn(async move {
		loop {
			let (socket, remote): (_, SocketAddr) = tokio::select! {
				accepted = listener.accept() => match accepted {
					Ok(accepted) => accepted,
					Err(e) => {
						log::warn!("accept failed: {e}");
						continue;
					},
				},
				_ = stop_handle.clone().shutdown() => break,
			};
			let Some(slot) = connections.take(remote.ip(), limits.max_connections_per_address)
			else {
				log::info!("refused a connection from {}: too many open", remote.ip());
				drop(socket);
				continue;
			};
			let service = WithPeer {
				inner: builder.clone().build(methods.clone(), stop_handle.clone()),
				peer: Peer {
					ip: remote.ip(),
					session: Arc::new(Session::default()),
					_slot: Arc::new(slot),
				},
			};
			let stopped = stop_handle.clone().shutdown();
			tokio::spawn(async move {
				if let Err(e) = serve_with_graceful_shutdown(socket, service, stopped).await {
					log::debug!("connection from {remote} ended: {e}");
				}
			});
		}
	});
	server_handle
}
