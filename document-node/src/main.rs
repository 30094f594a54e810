//! `safetynet-docs`: run a document node, or use the client tools.
//!
//! ```text
//! safetynet-docs --data-dir <dir> --api <ip:port> --gateway <ip:port>    run the node
//! safetynet-docs cid <file>                       the profile CID of a file
//! safetynet-docs keygen [--out <file>]            a new age identity (prints its recipient)
//! safetynet-docs encrypt -r <age1...>... <in> <out>
//! safetynet-docs decrypt -i <identity> <in> <out>
//! safetynet-docs wrap-key --case-key <identity> --to <age1...> <out>
//! safetynet-docs unwrap-key -i <identity> <wrapped> <out>
//! safetynet-docs add <file>        /  cat <cid> [<out>]          through a Kubo RPC API
//! safetynet-docs verify <file-or-cid> [--case <id>]
//! safetynet-docs peer-id [--data-dir <dir>]      the node's peer id (for others' --allow-peer)
//! safetynet-docs custody [--data-dir <dir>]      the custody recipient and custodian key
//! safetynet-docs check-erasure --case <id> --node <api>...   is the case's erasure complete?
//! safetynet-docs refetch --agency <id>            pin again what the agency's node should hold
//! safetynet-docs backup <dir>  /  restore <dir>   the whole network's documents, out and back
//! ```

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use safetynet_docs::{
	api::{self, ApiState},
	auth,
	chain::Chain,
	client::KuboClient,
	crypto,
	dag::WalkLimits,
	http::{self, HttpLimits},
	keys::{self, CustodyConfig, KeysSlot},
	profile,
	store::{self, DocumentStore, StoreConfig},
	verify::{self, Verdict},
};
use std::{net::SocketAddr, path::PathBuf, sync::Arc, time::Duration};

#[derive(Parser)]
#[command(name = "safetynet-docs", version, about = "Safety Net Chain document node and tools")]
#[command(args_conflicts_with_subcommands = true)]
struct Cli {
	#[command(subcommand)]
	command: Option<Command>,
	#[command(flatten)]
	node: NodeArgs,
}

/// Running the node.
#[derive(Args)]
struct NodeArgs {
	/// Where blocks, pins and the peer key are kept.
	#[arg(long, default_value = ".safetynet-docs")]
	data_dir: PathBuf,
	/// Kubo RPC API address.
	#[arg(long, default_value = "127.0.0.1:5001")]
	api: SocketAddr,
	/// Path gateway address.
	#[arg(long, default_value = "127.0.0.1:8080")]
	gateway: SocketAddr,
	/// libp2p listening address (bitswap with other document nodes).
	#[arg(long, default_value = "/ip4/127.0.0.1/tcp/4001")]
	swarm: Vec<rust_ipfs::Multiaddr>,
	/// Another agency's document node to stay connected to (repeatable). It is allowed to
	/// exchange blocks: by the `/p2p/<id>` in the address, or else by the id that answers here.
	#[arg(long)]
	peer: Vec<rust_ipfs::Multiaddr>,
	/// A further consortium document node allowed to connect, by peer id (repeatable). Nobody
	/// else gets or sends blocks.
	#[arg(long)]
	allow_peer: Vec<rust_ipfs::PeerId>,
	/// Largest document accepted by `add` (the upload limit) and served by `cat`, in MiB.
	#[arg(long, default_value_t = 64)]
	max_file_mib: u64,
	/// Largest block accepted by `block/put`, in KiB.
	#[arg(long, default_value_t = 1024)]
	max_block_kib: u64,
	/// Bytes the block store may hold, in MiB; an add or a fetch beyond it is refused.
	#[arg(long, default_value_t = 10 * 1024)]
	store_quota_mib: u64,
	/// Most blocks one DAG walk (read, pin, fetch) visits.
	#[arg(long, default_value_t = WalkLimits::default().max_blocks)]
	max_dag_blocks: u64,
	/// Most links one DAG node may have.
	#[arg(long, default_value_t = WalkLimits::default().max_links)]
	max_dag_links: usize,
	/// Most levels below a DAG's root.
	#[arg(long, default_value_t = WalkLimits::default().max_depth)]
	max_dag_depth: usize,
	/// How long to look for a block no peer has before answering with an error, in seconds.
	#[arg(long, default_value_t = 10)]
	fetch_timeout_secs: u64,
	/// Longest time one HTTP request (API or gateway) may take, in seconds.
	#[arg(long, default_value_t = 120)]
	http_request_timeout_secs: u64,
	/// Longest time a client may take to send a request's headers, in seconds.
	#[arg(long, default_value_t = 10)]
	http_header_timeout_secs: u64,
	/// Most HTTP requests in flight on the API, and again on the gateway; more get 503.
	#[arg(long, default_value_t = 64)]
	http_max_requests: usize,
	/// Most open HTTP connections on the API, and again on the gateway; more are closed.
	#[arg(long, default_value_t = 256)]
	http_max_connections: usize,
	/// Most open HTTP connections from one remote address, on the API and again on the gateway.
	#[arg(long, default_value_t = 32)]
	http_max_connections_per_address: usize,
	/// A file holding the API's bearer token; required when `--api` is not a loopback address.
	#[arg(long)]
	api_token_file: Option<PathBuf>,
	/// The agency's node JSON-RPC. With it (and `--agency`) this node is the agency's key
	/// custodian: `/keys/*` on the gateway address, and erasures carried out as ordered.
	#[arg(long, requires = "agency")]
	chain: Option<String>,
	/// The agency whose custodian this node is.
	#[arg(long, requires = "chain")]
	agency: Option<u32>,
	/// How many blocks an access receipt stays good for at `/keys/open`.
	#[arg(long, default_value_t = 20)]
	receipt_window_blocks: u32,
}

#[derive(Subcommand)]
enum Command {
	/// Print the identity hash of an ID card number (what an agency puts on chain when it
	/// verifies a citizen, registers a staff member or records a household).
	IdentityHash {
		/// The consortium's identity key: a file of 64 hex digits, held off chain.
		#[arg(long)]
		key_file: PathBuf,
		/// The 18-character resident identity card number.
		id_number: String,
	},
	/// Print the keyed reference of a bank card number (what an insurance form carries instead
	/// of the number).
	BankRef {
		/// The agency's bank key: a file of 64 hex digits, held off chain.
		#[arg(long)]
		key_file: PathBuf,
		/// The card number (spaces and dashes allowed).
		card_number: String,
	},
	/// Print the profile CID of a file (what `ipfs add --cid-version=1` prints).
	Cid { file: PathBuf },
	/// Create an age identity; print its recipient.
	Keygen {
		/// Write the identity here (default: print it).
		#[arg(long)]
		out: Option<PathBuf>,
	},
	/// Encrypt a file to age recipients.
	Encrypt {
		#[arg(short, long = "recipient", required = true)]
		recipients: Vec<String>,
		input: PathBuf,
		output: PathBuf,
	},
	/// Decrypt an age file with an identity file.
	Decrypt {
		#[arg(short, long)]
		identity: PathBuf,
		input: PathBuf,
		output: PathBuf,
	},
	/// Wrap a case key for an agency's recipient (the payload of an on-chain grant).
	WrapKey {
		#[arg(long)]
		case_key: PathBuf,
		#[arg(long)]
		to: String,
		output: PathBuf,
	},
	/// Unwrap a grant with the agency's identity, giving the case key.
	UnwrapKey {
		#[arg(short, long)]
		identity: PathBuf,
		wrapped: PathBuf,
		output: PathBuf,
	},
	/// Add a file through a Kubo RPC API; print its CID.
	Add {
		#[arg(long, default_value = "http://127.0.0.1:5001")]
		ipfs_api: String,
		file: PathBuf,
	},
	/// Fetch a file by CID through a Kubo RPC API.
	Cat {
		#[arg(long, default_value = "http://127.0.0.1:5001")]
		ipfs_api: String,
		cid: String,
		output: Option<PathBuf>,
	},
	/// Print the node's peer id (creating its key if need be), for the other agencies'
	/// `--allow-peer`.
	PeerId {
		#[arg(long, default_value = ".safetynet-docs")]
		data_dir: PathBuf,
	},
	/// Print the custody recipient and custodian key of a node's data directory (creating them
	/// if need be): what the agency registers with `set_agency_keys` and `set_custodian`.
	Custody {
		#[arg(long, default_value = ".safetynet-docs")]
		data_dir: PathBuf,
	},
	/// Check that a case's erasure is complete: every key holder's receipt on chain, and no
	/// listed document node holding any of its blocks. Exits 1 if not.
	CheckErasure {
		#[arg(long)]
		case: u64,
		/// A node's JSON-RPC.
		#[arg(long, default_value = "ws://127.0.0.1:9944")]
		chain: String,
		/// A consortium document node's API (repeatable).
		#[arg(long = "node", required = true)]
		nodes: Vec<String>,
	},
	/// Pin again, through a document node's API, every document the chain says its agency
	/// should hold, fetching what it lacks from its peers (after its store was lost). Exits 1 if
	/// some document could not be fetched.
	Refetch {
		/// A node's JSON-RPC.
		#[arg(long, default_value = "ws://127.0.0.1:9944")]
		chain: String,
		/// The document node's API.
		#[arg(long, default_value = "http://127.0.0.1:5001")]
		ipfs_api: String,
		/// The agency whose documents the node holds.
		#[arg(long)]
		agency: u32,
	},
	/// Copy every document the chain names (every case's documents and approval records,
	/// erased cases excepted) through a document node into a directory; a second run fetches
	/// only what is new. Exits 1 if some document could not be fetched.
	Backup {
		/// A node's JSON-RPC.
		#[arg(long, default_value = "ws://127.0.0.1:9944")]
		chain: String,
		/// The document node to fetch through (it asks its peers for what it lacks).
		#[arg(long, default_value = "http://127.0.0.1:5001")]
		ipfs_api: String,
		/// The backup directory (created if need be).
		dir: PathBuf,
	},
	/// Add the documents of a backup directory to a document node, each checked against its
	/// CID, except those of cases erased since. Exits 1 if some document could not be restored.
	Restore {
		/// A node's JSON-RPC.
		#[arg(long, default_value = "ws://127.0.0.1:9944")]
		chain: String,
		/// The document node to restore into.
		#[arg(long, default_value = "http://127.0.0.1:5001")]
		ipfs_api: String,
		/// A directory written by `backup`.
		dir: PathBuf,
	},
	/// Check a document or an approval record against the seals on chain.
	Verify {
		/// A file, or the CID of one.
		target: String,
		/// The case a (non-record) document belongs to.
		#[arg(long)]
		case: Option<u64>,
		/// A node's JSON-RPC.
		#[arg(long, default_value = "ws://127.0.0.1:9944")]
		chain: String,
		/// A Kubo RPC API to fetch records and CIDs from.
		#[arg(long, default_value = "http://127.0.0.1:5001")]
		ipfs_api: String,
	},
}

fn main() -> std::process::ExitCode {
	tracing_subscriber::fmt()
		.with_env_filter(
			tracing_subscriber::EnvFilter::try_from_default_env()
				.unwrap_or_else(|_| "info,libp2p=warn,rust_ipfs=warn".into()),
		)
		.with_writer(std::io::stderr)
		.init();
	let cli = Cli::parse();
	let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
	match runtime.block_on(run(cli)) {
		Ok(code) => code,
		Err(e) => {
			eprintln!("error: {e:#}");
			std::process::ExitCode::from(2)
		},
	}
}

async fn run(cli: Cli) -> anyhow::Result<std::process::ExitCode> {
	let ok = std::process::ExitCode::SUCCESS;
	let Some(command) = cli.command else {
		serve(cli.node).await?;
		return Ok(ok);
	};
	let read =
		|p: &PathBuf| std::fs::read(p).with_context(|| format!("cannot read {}", p.display()));
	let write = |p: &PathBuf, bytes: &[u8]| {
		std::fs::write(p, bytes).with_context(|| format!("cannot write {}", p.display()))
	};
	match command {
		Command::IdentityHash { key_file, id_number } => {
			let key = read_key(&key_file, "identity key")?;
			print_hex(&safetynet_docs::identity::identity_hash(&key, &id_number)?);
		},
		Command::BankRef { key_file, card_number } => {
			let key = read_key(&key_file, "bank key")?;
			print_hex(&safetynet_docs::identity::bank_account_ref(&key, &card_number)?);
		},
		Command::Cid { file } => {
			let mut importer = profile::Importer::default();
			let mut reader = std::io::BufReader::new(std::fs::File::open(&file)?);
			let mut buf = vec![0u8; profile::CHUNK_SIZE];
			loop {
				let n = std::io::Read::read(&mut reader, &mut buf)?;
				if n == 0 {
					break;
				}
				importer.push(&buf[..n]);
			}
			println!("{}", importer.finish().1);
		},
		Command::Keygen { out } => {
			let (secret, recipient) = crypto::generate_identity();
			let file = format!("# public key: {recipient}\n{secret}\n");
			match out {
				Some(path) => {
					write(&path, file.as_bytes())?;
					println!("{recipient}");
				},
				None => print!("{file}"),
			}
		},
		Command::Encrypt { recipients, input, output } =>
			write(&output, &crypto::encrypt(&read(&input)?, &recipients)?)?,
		Command::Decrypt { identity, input, output } => {
			let identity = String::from_utf8(read(&identity)?)?;
			write(&output, &crypto::decrypt(&read(&input)?, &identity)?)?
		},
		Command::WrapKey { case_key, to, output } => {
			let case_key = String::from_utf8(read(&case_key)?)?;
			write(&output, &crypto::wrap_case_key(&case_key, &to)?)?
		},
		Command::UnwrapKey { identity, wrapped, output } => {
			let identity = String::from_utf8(read(&identity)?)?;
			write(&output, crypto::unwrap_case_key(&read(&wrapped)?, &identity)?.as_bytes())?
		},
		Command::Add { ipfs_api, file } => {
			let name =
				file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
			println!("{}", KuboClient::new(&ipfs_api).add(&name, &read(&file)?).await?);
		},
		Command::Cat { ipfs_api, cid, output } => {
			let bytes = KuboClient::new(&ipfs_api).cat(&cid).await?;
			match output {
				Some(path) => write(&path, &bytes)?,
				None => std::io::Write::write_all(&mut std::io::stdout(), &bytes)?,
			}
		},
		Command::PeerId { data_dir } => {
			println!("{}", store::load_or_create_identity(&data_dir)?.public().to_peer_id());
		},
		Command::Custody { data_dir } => {
			let custody = safetynet_docs::custody::Custody::load_or_create(&data_dir)?;
			println!("recipient: {}", custody.recipient());
			println!("custodian: {}", safetynet_docs::chain::hex(&custody.custodian().0));
		},
		Command::CheckErasure { case, chain, nodes } => {
			let chain = Chain::connect(&chain).await?;
			let report = safetynet_docs::erasure::check(&chain, case, &nodes).await?;
			return Ok(safetynet_docs::report::print(&report));
		},
		Command::Refetch { chain, ipfs_api, agency } => {
			let chain = Chain::connect(&chain).await?;
			let ipfs = KuboClient::new(&ipfs_api);
			let report = safetynet_docs::refetch::refetch(&chain, agency, &ipfs).await?;
			return Ok(safetynet_docs::report::print(&report));
		},
		Command::Backup { chain, ipfs_api, dir } => {
			let chain = Chain::connect(&chain).await?;
			let ipfs = KuboClient::new(&ipfs_api);
			let report = safetynet_docs::backup::backup(&chain, &ipfs, &dir).await?;
			return Ok(safetynet_docs::report::print(&report));
		},
		Command::Restore { chain, ipfs_api, dir } => {
			let chain = Chain::connect(&chain).await?;
			let ipfs = KuboClient::new(&ipfs_api);
			let report = safetynet_docs::backup::restore(&chain, &ipfs, &dir).await?;
			return Ok(safetynet_docs::report::print(&report));
		},
		Command::Verify { target, case, chain, ipfs_api } => {
			let ipfs = KuboClient::new(&ipfs_api);
			let bytes = verify::load_target(&target, &ipfs).await?;
			let chain = Chain::connect(&chain).await?;
			return Ok(match verify::verify(&bytes, case, &chain, &ipfs).await? {
				Verdict::Verified(facts) => {
					println!("verified: {facts}");
					ok
				},
				Verdict::NotVerified(reason) => {
					println!("not verified: {reason}");
					std::process::ExitCode::from(1)
				},
			});
		},
	}
	Ok(ok)
}

/// Runs the node until Ctrl-C or SIGTERM.
async fn serve(args: NodeArgs) -> anyhow::Result<()> {
	// Before anything starts: an API beyond loopback without a token is a configuration error.
	let token = auth::api_token(&args.api, args.api_token_file.as_deref())?;
	let mib = 1024 * 1024;
	let store = DocumentStore::start(StoreConfig {
		data_dir: args.data_dir.clone(),
		swarm: args.swarm.clone(),
		peers: args.peer.clone(),
		allow_peers: args.allow_peer.clone(),
		fetch_timeout: Duration::from_secs(args.fetch_timeout_secs),
		walk: WalkLimits {
			max_blocks: args.max_dag_blocks,
			max_links: args.max_dag_links,
			max_depth: args.max_dag_depth,
		},
		quota_bytes: args.store_quota_mib.saturating_mul(mib),
	})
	.await?;
	let state = Arc::new(ApiState {
		store: store.clone(),
		max_file_bytes: args.max_file_mib.saturating_mul(mib),
		max_block_bytes: args.max_block_kib.saturating_mul(1024),
	});
	// With `--chain`, the node is its agency's key custodian; it may start before its chain.
	let keys = match (&args.chain, args.agency) {
		(Some(url), Some(agency)) => {
			let custody = safetynet_docs::custody::Custody::load_or_create(&args.data_dir)?;
			println!("custody recipient: {}", custody.recipient());
			println!("custodian key: {}", safetynet_docs::chain::hex(&custody.custodian().0));
			let slot = Arc::new(KeysSlot::default());
			let config = CustodyConfig {
				custody,
				store: store.clone(),
				agency,
				receipt_window: args.receipt_window_blocks,
				max_file_bytes: state.max_file_bytes,
				data_dir: args.data_dir.clone(),
			};
			tokio::spawn(keys::run_custodian(slot.clone(), url.clone(), config));
			Some(slot)
		},
		_ => None,
	};
	let limits = HttpLimits {
		request_timeout: Duration::from_secs(args.http_request_timeout_secs),
		header_timeout: Duration::from_secs(args.http_header_timeout_secs),
		max_requests: args.http_max_requests.max(1),
		max_connections: args.http_max_connections.max(1),
		max_connections_per_address: args.http_max_connections_per_address.max(1),
	};
	let api_listener = tokio::net::TcpListener::bind(args.api)
		.await
		.with_context(|| format!("cannot listen on {}", args.api))?;
	let gateway_listener = tokio::net::TcpListener::bind(args.gateway)
		.await
		.with_context(|| format!("cannot listen on {}", args.gateway))?;
	let (peer, _, addrs) = store.identity().await?;
	println!("peer identity: {peer}");
	for addr in &addrs {
		println!("Swarm listening on {addr}");
	}
	println!("RPC API server listening on http://{}", args.api);
	println!("Gateway server listening on http://{}", args.gateway);
	println!("Daemon is ready");

	let shutdown = async {
		let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
			.expect("a SIGTERM handler");
		tokio::select! {
			_ = tokio::signal::ctrl_c() => {},
			_ = term.recv() => {},
		}
	};
	let api_router = http::guarded(api::rpc_router(state.clone()), limits, token);
	let mut gateway_router = api::gateway_router(state);
	if let Some(keys) = keys {
		gateway_router = gateway_router.merge(keys::router(keys));
	}
	let gateway_router = http::guarded(gateway_router, limits, None);
	tokio::select! {
		r = http::serve(api_listener, api_router, limits, "API") => r.context("API server")?,
		r = http::serve(gateway_listener, gateway_router, limits, "gateway") => r.context("gateway")?,
		_ = shutdown => println!("stopping"),
	}
	store.exit().await;
	Ok(())
}

/// Reads a 32-byte key kept off chain (64 hex digits in a file); `what` names it in errors.
fn read_key(path: &std::path::Path, what: &str) -> anyhow::Result<[u8; 32]> {
	let text = std::fs::read_to_string(path)
		.with_context(|| format!("reading the {what} {}", path.display()))?;
	Ok(safetynet_docs::identity::parse_key(&text)?)
}

/// Prints a hash as the chain's clients write it: `0x` and lower-case hex.
fn print_hex(bytes: &[u8]) {
	println!("0x{}", bytes.iter().map(|b| format!("{b:02x}")).collect::<String>());
}
