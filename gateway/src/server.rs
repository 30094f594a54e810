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
use safetynet_connection_limits::PerAddress;
use std::{net::SocketAddr, sync::Arc};
use tower::Service;

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
	let connections = PerAddress::new(limits.max_connections_per_address);
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
			let Some(slot) = connections.open(remote.ip()) else {
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
