//! `safetynet-gateway`: the citizen gateway in front of one node (see the library's docs).

use anyhow::Context;
use clap::Parser;
use safetynet_gateway::{
	limits::{Limiter, Rate},
	methods::{module, Gateway},
	policy::Policy,
	server::{serve, ServerLimits},
	upstream::Upstream,
};
use std::{net::SocketAddr, sync::Arc};

/// The citizen gateway of Safety Net Chain.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Cli {
	/// Where citizens connect (WebSocket and HTTP JSON-RPC). Put TLS in front of it in
	/// production (docs/deployment.md).
	#[arg(long, default_value = "127.0.0.1:9950")]
	listen: SocketAddr,
	/// The node's RPC (loopback, safe methods).
	#[arg(long, default_value = "ws://127.0.0.1:9944")]
	node: String,
	/// Requests per second from one client address, sustained.
	#[arg(long, default_value_t = 20.0)]
	per_address_rate: f64,
	/// Requests from one client address in a burst.
	#[arg(long, default_value_t = 100.0)]
	per_address_burst: f64,
	/// Requests per second from one signed-in account, sustained.
	#[arg(long, default_value_t = 10.0)]
	per_account_rate: f64,
	/// Requests from one signed-in account in a burst.
	#[arg(long, default_value_t = 50.0)]
	per_account_burst: f64,
	/// Open connections in all.
	#[arg(long, default_value_t = 1_000)]
	max_connections: u32,
	/// Open connections from one address.
	#[arg(long, default_value_t = 8)]
	max_connections_per_address: usize,
	/// Subscriptions on one connection.
	#[arg(long, default_value_t = 32)]
	max_subscriptions: u32,
	/// Clients tracked by each rate limiter at once.
	#[arg(long, default_value_t = 100_000)]
	max_tracked_clients: usize,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
	tracing_subscriber::fmt()
		.with_env_filter(
			tracing_subscriber::EnvFilter::try_from_default_env()
				.unwrap_or_else(|_| "info,jsonrpsee=warn".into()),
		)
		.with_writer(std::io::stderr)
		.init();
	let cli = Cli::parse();
	let upstream = Upstream::connect(&cli.node)
		.await
		.with_context(|| format!("connecting to the node at {}", cli.node))?;
	let genesis = upstream
		.call("chain_getBlockHash", &[0.into()])
		.await
		.map_err(|e| anyhow::anyhow!("asking the node for its genesis hash: {}", e.message()))?
		.as_str()
		.context("the node returned no genesis hash")?
		.to_string();
	let gateway = Arc::new(Gateway {
		upstream,
		policy: Policy::default(),
		per_address: Limiter::new(
			Rate { per_second: cli.per_address_rate, burst: cli.per_address_burst },
			cli.max_tracked_clients,
		),
		per_account: Limiter::new(
			Rate { per_second: cli.per_account_rate, burst: cli.per_account_burst },
			cli.max_tracked_clients,
		),
		genesis: genesis.clone(),
	});
	let listener = tokio::net::TcpListener::bind(cli.listen)
		.await
		.with_context(|| format!("cannot listen on {}", cli.listen))?;
	let handle = serve(
		listener,
		module(gateway)?,
		ServerLimits {
			max_connections: cli.max_connections,
			max_connections_per_address: cli.max_connections_per_address,
			max_subscriptions_per_connection: cli.max_subscriptions,
			max_request_bytes: 1 << 20,
		},
	);
	log::info!(
		"citizen gateway on ws://{} for the node at {} (chain {genesis})",
		cli.listen,
		cli.node
	);
	tokio::select! {
		_ = tokio::signal::ctrl_c() => {},
		_ = async {
			let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
			term.recv().await;
			Ok::<_, std::io::Error>(())
		} => {},
	}
	let _ = handle.stop();
	Ok(())
}
