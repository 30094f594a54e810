//! The embedded IPFS node: blocks on disk, exchanged with the other agencies' document nodes over
//! libp2p bitswap.
//!
//! `rust-ipfs` provides the repository (a flat-file block store and pin store under the data
//! directory), the libp2p swarm (TCP, noise, yamux, identify, ping) and bitswap, so a Kubo peer
//! speaking the same protocols can join. This module adds what the consortium needs on top: the
//! one CID profile for imports ([`crate::profile`]), a hash check of every block read (a corrupted
//! file on disk is an error, never silently served to a client), a bounded time to find a block
//! no peer has, and a stable peer identity kept in the data directory.

use crate::profile::{self, ProfileError};
use anyhow::Context;
use cid::Cid;
use rust_ipfs::{Block, Ipfs, Keypair, Multiaddr, PeerId, UninitializedIpfsDefault};
use std::{path::Path, time::Duration};

/// How the node runs.
#[derive(Clone, Debug)]
pub struct StoreConfig {
	/// Where blocks, pins and the peer key live.
	pub data_dir: std::path::PathBuf,
	/// libp2p listening addresses (bitswap).
	pub swarm: Vec<Multiaddr>,
	/// Document nodes to stay connected to (other agencies).
	pub peers: Vec<Multiaddr>,
	/// How long to look for a block locally and at peers before giving up.
	pub fetch_timeout: Duration,
}

/// Why reading a document failed.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
	#[error(transparent)]
	Profile(#[from] ProfileError),
	#[error("no connected peer provided block {cid} within {secs} s")]
	NotFound { cid: String, secs: u64 },
	#[error("the document is larger than the limit of {limit} bytes")]
	TooLarge { limit: u64 },
	#[error("storage error: {0}")]
	Storage(String),
}

/// The running node.
#[derive(Clone)]
pub struct DocumentStore {
	ipfs: Ipfs,
	fetch_timeout: Duration,
}

const IDENTITY_FILE: &str = "peer-identity.key";

/// The node's libp2p key, created on first start and kept so its peer id survives restarts.
fn load_or_create_identity(data_dir: &Path) -> anyhow::Result<Keypair> {
	let path = data_dir.join(IDENTITY_FILE);
	if let Ok(bytes) = std::fs::read(&path) {
		return Keypair::from_protobuf_encoding(&bytes)
			.with_context(|| format!("{} is not a libp2p key", path.display()));
	}
	let key = Keypair::generate_ed25519();
	std::fs::create_dir_all(data_dir)?;
	std::fs::write(&path, key.to_protobuf_encoding()?)
		.with_context(|| format!("cannot write {}", path.display()))?;
	Ok(key)
}

impl DocumentStore {
	/// Opens the repository under the data directory and starts the swarm.
	pub async fn start(config: StoreConfig) -> anyhow::Result<Self> {
		let key = load_or_create_identity(&config.data_dir)?;
		let ipfs: Ipfs = UninitializedIpfsDefault::new()
			.set_keypair(&key)
			.set_path(config.data_dir.join("repo"))
			.with_identify(Default::default())
			.with_ping(Default::default())
			.with_bitswap()
			.set_listening_addrs(config.swarm.clone())
			.start()
			.await
			.context("cannot start the IPFS node")?;
		let store = DocumentStore { ipfs, fetch_timeout: config.fetch_timeout };
		store.keep_peers_connected(config.peers);
		Ok(store)
	}

	/// Dials the configured peers and redials whoever drops, so agencies' nodes started in any
	/// order find each other.
	fn keep_peers_connected(&self, peers: Vec<Multiaddr>) {
		if peers.is_empty() {
			return;
		}
		let ipfs = self.ipfs.clone();
		tokio::spawn(async move {
			loop {
				let connected = ipfs.connected().await.unwrap_or_default();
				// Addresses without a `/p2p/` peer id cannot be matched to a connection, so they
				// are redialled only while fewer peers are connected than configured: a live
				// peer is not dialled again every round.
				let short = connected.len() < peers.len();
				for addr in &peers {
					let up = match peer_of(addr) {
						Some(peer) => connected.contains(&peer),
						None => !short,
					};
					if !up {
						if let Err(e) = ipfs.connect(addr.clone()).await {
							log::debug!("dialing {addr}: {e}");
						}
					}
				}
				tokio::time::sleep(Duration::from_secs(2)).await;
			}
		});
	}

	/// The node's identity as `ipfs id` shows it.
	pub async fn identity(&self) -> anyhow::Result<(PeerId, String, Vec<Multiaddr>)> {
		let info = self.ipfs.identity(None).await?;
		let public = base64::Engine::encode(
			&base64::engine::general_purpose::STANDARD,
			info.public_key.encode_protobuf(),
		);
		let addrs = self.ipfs.listening_addresses().await.unwrap_or_default();
		let addrs = addrs
			.into_iter()
			.map(|a| a.with(rust_ipfs::Protocol::P2p(info.peer_id)))
			.collect();
		Ok((info.peer_id, public, addrs))
	}

	/// Stores a file under the profile, pinned if `pin`; returns its root CID. The caller has
	/// the whole file before this runs, so a file refused for its size never reaches the store.
	pub async fn add(&self, bytes: &[u8], pin: bool) -> anyhow::Result<Cid> {
		let (blocks, root) = profile::import(bytes);
		for block in blocks {
			// The importer has just hashed these bytes into this CID; rust-ipfs need not again.
			let block = Block::new_unchecked(block.cid, block.data);
			self.ipfs.put_block(&block).await.context("cannot write block")?;
		}
		if pin {
			self.ipfs.insert_pin(root).recursive().local().await.context("cannot pin")?;
		}
		Ok(root)
	}

	/// One block, from disk or from a peer, checked against its CID. The profile check is
	/// ours; the hash check is rust-ipfs's, which hashes every block it reads from disk or
	/// receives over bitswap and fails the read if the bytes do not match.
	pub async fn block(&self, cid: &Cid) -> Result<Vec<u8>, FetchError> {
		profile::check_cid(cid)?;
		let fetched = self.ipfs.get_block(cid).timeout(self.fetch_timeout).await;
		match fetched {
			Ok(block) => Ok(block.data().to_vec()),
			Err(e) => {
				// A block present on disk but unreadable as its CID is corruption, not absence.
				if let Ok(true) = self.ipfs.repo().contains(cid).await {
					return Err(FetchError::Profile(ProfileError::Corrupted(cid.to_string())));
				}
				log::debug!("fetching {cid}: {e}");
				Err(FetchError::NotFound {
					cid: cid.to_string(),
					secs: self.fetch_timeout.as_secs(),
				})
			},
		}
	}

	/// A whole file, walking its DAG in order; every block is hash-checked, and the walk stops
	/// at `limit` bytes.
	pub async fn cat(&self, root: &Cid, limit: u64) -> Result<Vec<u8>, FetchError> {
		let mut out = Vec::new();
		// Depth-first, left to right: a stack of children still to visit, last child on top.
		let mut stack = vec![*root];
		while let Some(cid) = stack.pop() {
			let data = self.block(&cid).await?;
			if cid.codec() == profile::RAW {
				out.extend_from_slice(&data);
			} else {
				let node = profile::decode_file_node(&cid, &data)?;
				out.extend_from_slice(&node.inline);
				for child in node.children.into_iter().rev() {
					profile::check_cid(&child)?;
					stack.push(child);
				}
			}
			if out.len() as u64 > limit {
				return Err(FetchError::TooLarge { limit });
			}
		}
		Ok(out)
	}

	/// Fetches every block of a file (from peers if need be) and pins it here.
	pub async fn pin(&self, root: &Cid, limit: u64) -> Result<(), FetchError> {
		self.cat(root, limit).await?;
		self.ipfs
			.insert_pin(root)
			.recursive()
			.local()
			.await
			.map_err(|e| FetchError::Storage(e.to_string()))
	}

	/// Stops the swarm and flushes the repository.
	pub async fn exit(self) {
		self.ipfs.exit_daemon().await;
	}
}

fn peer_of(addr: &Multiaddr) -> Option<PeerId> {
	addr.iter().find_map(|p| match p {
		rust_ipfs::Protocol::P2p(peer) => Some(peer),
		_ => None,
	})
}
