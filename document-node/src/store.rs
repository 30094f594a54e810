//! The embedded IPFS node: blocks on disk, exchanged with the other agencies' document nodes over
//! libp2p bitswap.
//!
//! `rust-ipfs` provides the repository (a flat-file block store and pin store under the data
//! directory), the libp2p swarm (TCP, noise, yamux, identify, ping) and bitswap, so a Kubo peer
//! speaking the same protocols can join. This module adds what the consortium needs on top: the
//! one CID profile for imports ([`crate::profile`]), a hash check of every block read (a corrupted
//! file on disk is an error, never silently served to a client), a bounded time to find a block
//! no peer has, a stable peer identity kept in the data directory, and the defences of a node
//! that strangers can reach: DAG walks bounded by [`crate::dag`], a disk quota
//! ([`crate::quota`]), bitswap only with the consortium ([`crate::peers`]), and no half-written
//! operation left behind (a refused add or fetch removes the blocks it wrote).

use crate::{
	dag::{LimitError, Walk, WalkLimits},
	peers::{peer_of, AllowList, ConsortiumOnly},
	profile::{self, FileNode, Importer, ProfileError},
	quota::{Quota, QuotaExceeded},
};
use anyhow::Context;
use cid::Cid;
use rust_ipfs::{Block, Ipfs, Keypair, Multiaddr, PeerId, UninitializedIpfs};
use std::{path::Path, sync::Arc, time::Duration};

/// How the node runs.
#[derive(Clone, Debug)]
pub struct StoreConfig {
	/// Where blocks, pins and the peer key live.
	pub data_dir: std::path::PathBuf,
	/// libp2p listening addresses (bitswap).
	pub swarm: Vec<Multiaddr>,
	/// Document nodes to stay connected to (other agencies).
	pub peers: Vec<Multiaddr>,
	/// Further document nodes allowed to connect, by peer id.
	pub allow_peers: Vec<PeerId>,
	/// How long to look for a block locally and at peers before giving up.
	pub fetch_timeout: Duration,
	/// How large a DAG a read, pin or fetch walks.
	pub walk: WalkLimits,
	/// Bytes of blocks the store may hold.
	pub quota_bytes: u64,
}

/// Why storing or reading a document failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
	#[error(transparent)]
	Profile(#[from] ProfileError),
	#[error("no connected peer provided block {cid} within {secs} s")]
	NotFound { cid: String, secs: u64 },
	#[error("the document is larger than the limit of {limit} bytes")]
	TooLarge { limit: u64 },
	#[error(transparent)]
	Limit(#[from] LimitError),
	#[error(transparent)]
	Quota(#[from] QuotaExceeded),
	#[error("storage error: {0}")]
	Storage(String),
	/// The block belongs to an erased case: it is never stored or served here again.
	#[error("{0} was erased by order and is not served")]
	Erased(String),
}

fn storage(e: impl std::fmt::Display) -> StoreError {
	StoreError::Storage(e.to_string())
}

/// The running node.
#[derive(Clone)]
pub struct DocumentStore {
	ipfs: Ipfs,
	fetch_timeout: Duration,
	walk: WalkLimits,
	quota: Arc<Quota>,
	allow: AllowList,
	erased: Arc<ErasedBlocks>,
}

/// How long past `fetch_timeout` a want may take to give up on its own before it is dropped.
const FETCH_GRACE: Duration = Duration::from_secs(2);

const IDENTITY_FILE: &str = "peer-identity.key";

/// The node's libp2p key, created on first start and kept so its peer id survives restarts.
pub fn load_or_create_identity(data_dir: &Path) -> anyhow::Result<Keypair> {
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
		let allow = AllowList::new(&config.peers, &config.allow_peers);
		let ipfs: Ipfs = UninitializedIpfs::<ConsortiumOnly>::new()
			.set_keypair(&key)
			.set_path(config.data_dir.join("repo"))
			.with_identify(Default::default())
			.with_ping(Default::default())
			.with_bitswap()
			.with_custom_behaviour(ConsortiumOnly::new(allow.clone()))
			// Only consortium peers get a connection at all, and each is meant to stay up: an idle
			// timeout would close it every 30 s between documents, and a want that meets the
			// close can wait out its whole timeout for a block the peer has.
			.set_idle_connection_timeout(u64::MAX)
			.set_listening_addrs(config.swarm.clone())
			.start()
			.await
			.context("cannot start the IPFS node")?;
		// Listing the store once at start; from here on the quota keeps the count.
		let used =
			ipfs.repo().get_total_size().await.context("cannot size the block store")? as u64;
		if used > config.quota_bytes {
			log::warn!(
				"the block store holds {used} bytes, over its quota of {} bytes: nothing more will \
				 be stored",
				config.quota_bytes
			);
		}
		let store = DocumentStore {
			ipfs,
			fetch_timeout: config.fetch_timeout,
			walk: config.walk,
			quota: Arc::new(Quota::new(config.quota_bytes, used)),
			allow,
			erased: Arc::new(ErasedBlocks::load(&config.data_dir)?),
		};
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

	/// The peers allowed to exchange blocks with this node.
	pub fn allow_list(&self) -> &AllowList {
		&self.allow
	}

	/// Starts adding a file under the profile; its blocks are written as its bytes arrive.
	pub fn upload(&self) -> Upload {
		Upload { store: self.clone(), importer: Importer::default(), staged: self.staged() }
	}

	/// Stores one block as `codec` (`block/put`); returns its CID.
	pub async fn put_block(&self, codec: u64, data: Vec<u8>) -> Result<Cid, StoreError> {
		if codec != profile::RAW && codec != profile::DAG_PB {
			return Err(ProfileError::Codec("(block/put)".into(), codec).into());
		}
		let cid = profile::cid_of(codec, &data);
		let mut staged = self.staged();
		match self.put_new(&mut staged, cid, data).await {
			Ok(()) => {
				staged.keep();
				Ok(cid)
			},
			Err(e) => {
				staged.undo().await;
				Err(e)
			},
		}
	}

	/// One block, from disk or from a peer, checked against its CID. The profile check is
	/// ours; the hash check is rust-ipfs's, which hashes every block it reads from disk or
	/// receives over bitswap and fails the read if the bytes do not match.
	pub async fn block(&self, cid: &Cid) -> Result<Vec<u8>, StoreError> {
		profile::check_cid(cid)?;
		self.erased.refuse(cid)?;
		// rust-ipfs ends a want at its timeout by a signal from its swarm task; the deadline is
		// kept here too, so a lost signal cannot hold a request (and its client) past it.
		let want = self.ipfs.get_block(cid).timeout(self.fetch_timeout);
		let fetched = tokio::time::timeout(self.fetch_timeout + FETCH_GRACE, want)
			.await
			.unwrap_or_else(|_| Err(anyhow::anyhow!("the want outlived its timeout")));
		match fetched {
			Ok(block) => Ok(block.data().to_vec()),
			Err(e) => {
				// The want may have failed while another request's want brought the block (two
				// staff pages opening the same form at once): what is on disk now is served if it
				// hashes to its CID. A block on disk that does not is corruption, not absence.
				if let Ok(true) = self.ipfs.repo().contains(cid).await {
					return match self.ipfs.repo().get_block_now(cid).await {
						Ok(Some(block)) if profile::cid_of(cid.codec(), block.data()) == *cid =>
							Ok(block.data().to_vec()),
						_ => Err(StoreError::Profile(ProfileError::Corrupted(cid.to_string()))),
					};
				}
				log::debug!("fetching {cid}: {e}");
				Err(StoreError::NotFound {
					cid: cid.to_string(),
					secs: self.fetch_timeout.as_secs(),
				})
			},
		}
	}

	/// A whole file: its blocks are fetched (each once), then read in order; every block is
	/// hash-checked, and the read stops at `limit` bytes. Blocks fetched for a file that is
	/// then refused are removed again.
	pub async fn cat(&self, root: &Cid, limit: u64) -> Result<Vec<u8>, StoreError> {
		let (staged, _) = self.fetch_dag(root).await?;
		match self.read_file(root, limit).await {
			Ok(bytes) => {
				// What was fetched stays as a cache, as in Kubo.
				staged.keep();
				Ok(bytes)
			},
			Err(e) => {
				staged.undo().await;
				Err(e)
			},
		}
	}

	/// Fetches every block of a file (from peers if need be) and pins it here.
	///
	/// Every block is pinned directly, from the bounded walk's visited set. rust-ipfs's own
	/// recursive pin would walk the DAG again with a walker that panics on a dag-pb link without
	/// a name, which any client can `block/put`; `add` still pins recursively, over the blocks it
	/// made itself.
	pub async fn pin(&self, root: &Cid) -> Result<(), StoreError> {
		let (staged, blocks) = self.fetch_dag(root).await?;
		let mut pinned = Vec::new();
		for cid in &blocks {
			let result = match self.ipfs.is_pinned(cid).await {
				Ok(true) => continue,
				Ok(false) => self.ipfs.insert_pin(cid).local().await,
				Err(e) => Err(e),
			};
			if let Err(e) = result {
				for cid in pinned {
					let _ = self.ipfs.remove_pin(cid).await;
				}
				staged.undo().await;
				return Err(storage(e));
			}
			pinned.push(*cid);
		}
		staged.keep();
		Ok(())
	}

	/// Whether the block `cid` is on this node's disk (never asking a peer): what an erasure
	/// check asks every document node.
	pub async fn holds(&self, cid: &Cid) -> Result<bool, StoreError> {
		profile::check_cid(cid)?;
		self.ipfs.repo().contains(cid).await.map_err(storage)
	}

	/// Erases the document `root`: every block of its DAG present here is unpinned and deleted,
	/// and every CID of it is refused from now on, so neither a client nor a peer's bitswap
	/// brings it back. Only local blocks are walked; nothing is fetched. Returns how many blocks
	/// were deleted.
	pub async fn erase(&self, root: &Cid) -> Result<usize, StoreError> {
		profile::check_cid(root)?;
		let mut walk = Walk::new(*root, self.walk);
		walk.first_visit(root, 0)?;
		let mut queue = vec![(*root, 0)];
		let mut present = Vec::new();
		while let Some((cid, depth)) = queue.pop() {
			let Some(block) = self.ipfs.repo().get_block_now(&cid).await.map_err(storage)? else {
				continue;
			};
			present.push((cid, block.data().len() as u64));
			if cid.codec() == profile::RAW {
				continue;
			}
			// A node that does not decode has no children to follow; it is deleted all the same.
			if let Ok(node) = self.file_node(&walk, &cid, block.data()) {
				for child in node.children {
					if walk.first_visit(&child, depth + 1)? {
						queue.push((child, depth + 1));
					}
				}
			}
		}
		self.erased.add(walk.into_visited())?;
		for (cid, _) in &present {
			// `add` pins a root recursively, `pin/add` every block directly: undo both.
			let _ = self.ipfs.remove_pin(cid).recursive().await;
			let _ = self.ipfs.remove_pin(cid).await;
		}
		for (cid, size) in &present {
			let removed = self.ipfs.remove_block(*cid, false).await.map_err(storage)?;
			if !removed.contains(cid) {
				return Err(StoreError::Storage(format!("block {cid} could not be deleted")));
			}
			self.quota.release(*size);
		}
		log::info!("erased {root}: {} blocks deleted", present.len());
		Ok(present.len())
	}

	/// Stops the swarm and flushes the repository.
	pub async fn exit(self) {
		self.ipfs.exit_daemon().await;
	}

	/// Brings every block under `root` here, each distinct block once, within the walk limits
	/// and the quota. Returns what it wrote, for the caller to keep or undo, and the DAG's
	/// distinct blocks.
	async fn fetch_dag(&self, root: &Cid) -> Result<(Staged, Vec<Cid>), StoreError> {
		let mut staged = self.staged();
		match self.fetch_into(root, &mut staged).await {
			Ok(blocks) => Ok((staged, blocks)),
			Err(e) => {
				staged.undo().await;
				Err(e)
			},
		}
	}

	async fn fetch_into(&self, root: &Cid, staged: &mut Staged) -> Result<Vec<Cid>, StoreError> {
		let mut walk = Walk::new(*root, self.walk);
		profile::check_cid(root)?;
		walk.first_visit(root, 0)?;
		// A block is counted when it is queued, so the queue never holds more than the limit.
		let mut queue = vec![(*root, 0)];
		while let Some((cid, depth)) = queue.pop() {
			let data = self.fetch(&cid, staged).await?;
			if cid.codec() == profile::RAW {
				continue;
			}
			for child in self.file_node(&walk, &cid, &data)?.children {
				if walk.first_visit(&child, depth + 1)? {
					queue.push((child, depth + 1));
				}
			}
		}
		log::debug!("{root}: {} blocks present", walk.distinct());
		Ok(walk.into_visited().into_iter().collect())
	}

	/// Reads a file whose blocks are all here, unfolding the DAG in order: a block linked twice
	/// is read twice and counted twice against the block limit.
	async fn read_file(&self, root: &Cid, limit: u64) -> Result<Vec<u8>, StoreError> {
		let mut walk = Walk::new(*root, self.walk);
		walk.visit(root, 0)?;
		let mut out = Vec::new();
		// Identical chunks share a leaf: keep the last one read rather than read it again.
		let mut last_leaf: Option<(Cid, Vec<u8>)> = None;
		// Depth-first, left to right: a stack of children still to visit, last child on top.
		let mut stack = vec![(*root, 0)];
		while let Some((cid, depth)) = stack.pop() {
			let piece = if cid.codec() == profile::RAW {
				if last_leaf.as_ref().map(|(c, _)| *c) != Some(cid) {
					last_leaf = Some((cid, self.block(&cid).await?));
				}
				last_leaf.as_ref().map(|(_, data)| data.clone()).unwrap_or_default()
			} else {
				let data = self.block(&cid).await?;
				let node = self.file_node(&walk, &cid, &data)?;
				for child in node.children.into_iter().rev() {
					walk.visit(&child, depth + 1)?;
					stack.push((child, depth + 1));
				}
				node.inline
			};
			if (out.len() + piece.len()) as u64 > limit {
				return Err(StoreError::TooLarge { limit });
			}
			out.extend_from_slice(&piece);
		}
		Ok(out)
	}

	/// A dag-pb block as a file node, its number of links checked before any is decoded and
	/// every child checked against the profile.
	fn file_node(&self, walk: &Walk, cid: &Cid, data: &[u8]) -> Result<FileNode, StoreError> {
		let not_a_file = || ProfileError::NotAFile(cid.to_string(), "not protobuf".into());
		walk.check_links(cid, profile::link_count(data).ok_or_else(not_a_file)?)?;
		let node = profile::decode_file_node(cid, data)?;
		for child in &node.children {
			profile::check_cid(child)?;
		}
		Ok(node)
	}

	/// One block for a walk: read if here, else fetched from a peer, within the quota.
	async fn fetch(&self, cid: &Cid, staged: &mut Staged) -> Result<Vec<u8>, StoreError> {
		profile::check_cid(cid)?;
		self.erased.refuse(cid)?;
		if self.ipfs.repo().contains(cid).await.map_err(storage)? {
			return self.block(cid).await;
		}
		// A block's size is known only once a peer sent it: want one only while there is room,
		// and undo the fetch if the one that came does not fit.
		self.quota.has_room()?;
		let data = self.block(cid).await?;
		let size = data.len() as u64;
		staged.written.push((*cid, size));
		self.quota.charge(size)?;
		Ok(data)
	}

	/// Writes a block this node computed, unless it is already here, within the quota.
	async fn put_new(
		&self,
		staged: &mut Staged,
		cid: Cid,
		data: Vec<u8>,
	) -> Result<(), StoreError> {
		self.erased.refuse(&cid)?;
		if self.ipfs.repo().contains(&cid).await.map_err(storage)? {
			return Ok(());
		}
		let size = data.len() as u64;
		self.quota.reserve(size)?;
		// The importer has just hashed these bytes into this CID; rust-ipfs need not again.
		let block = Block::new_unchecked(cid, data);
		if let Err(e) = self.ipfs.put_block(&block).await {
			self.quota.release(size);
			return Err(StoreError::Storage(format!("cannot write block {cid}: {e}")));
		}
		staged.written.push((cid, size));
		Ok(())
	}

	fn staged(&self) -> Staged {
		Staged { ipfs: self.ipfs.clone(), quota: self.quota.clone(), written: Vec::new() }
	}
}

/// A file being added: blocks are written as its bytes arrive, so memory holds one chunk and
/// one partial node per level whatever the file's size. Dropped before [`Upload::finish`] (the
/// client went away, the request timed out), it removes what it wrote.
pub struct Upload {
	store: DocumentStore,
	importer: Importer,
	staged: Staged,
}

impl Upload {
	/// Bytes received so far.
	pub fn len(&self) -> u64 {
		self.importer.len()
	}

	/// Whether nothing was received.
	pub fn is_empty(&self) -> bool {
		self.importer.is_empty()
	}

	/// Feeds the next bytes of the file, writing the blocks they complete.
	pub async fn push(&mut self, bytes: &[u8]) -> Result<(), StoreError> {
		for block in self.importer.push(bytes) {
			self.store.put_new(&mut self.staged, block.cid, block.data).await?;
		}
		Ok(())
	}

	/// Ends the file: writes the last blocks, pins the root if `pin`, and returns it.
	pub async fn finish(mut self, pin: bool) -> Result<Cid, StoreError> {
		let (blocks, root) = core::mem::take(&mut self.importer).finish();
		let mut result = Ok(());
		for block in blocks {
			result = self.store.put_new(&mut self.staged, block.cid, block.data).await;
			if result.is_err() {
				break;
			}
		}
		if result.is_ok() && pin {
			result = self.store.ipfs.insert_pin(root).recursive().local().await.map_err(storage);
		}
		match result {
			Ok(()) => {
				self.staged.keep();
				Ok(root)
			},
			Err(e) => {
				self.staged.undo().await;
				Err(e)
			},
		}
	}

	/// Gives up the file, removing what it wrote before answering.
	pub async fn abandon(self) {
		self.staged.undo().await;
	}
}

/// Blocks one operation wrote that were not here before it: kept if it succeeds, removed (and
/// their space given back) if it fails, so a refused add or fetch leaves nothing behind. A block
/// something else pinned meanwhile is left alone.
struct Staged {
	ipfs: Ipfs,
	quota: Arc<Quota>,
	written: Vec<(Cid, u64)>,
}

impl Staged {
	fn keep(mut self) {
		self.written.clear();
	}

	async fn undo(mut self) {
		let written = core::mem::take(&mut self.written);
		remove_blocks(self.ipfs.clone(), self.quota.clone(), written).await;
	}
}

impl Drop for Staged {
	fn drop(&mut self) {
		if self.written.is_empty() {
			return;
		}
		// Dropped unfinished: a request cancelled mid-way. Remove in the background.
		let written = core::mem::take(&mut self.written);
		match tokio::runtime::Handle::try_current() {
			Ok(runtime) => {
				runtime.spawn(remove_blocks(self.ipfs.clone(), self.quota.clone(), written));
			},
			Err(_) => log::warn!("{} unfinished blocks left in the store", written.len()),
		}
	}
}

async fn remove_blocks(ipfs: Ipfs, quota: Arc<Quota>, written: Vec<(Cid, u64)>) {
	for (cid, size) in written {
		match ipfs.remove_block(cid, false).await {
			Ok(removed) if removed.contains(&cid) => quota.release(size),
			Ok(_) => {},
			Err(e) => log::debug!("keeping block {cid}: {e}"),
		}
	}
}

/// The CIDs of erased documents, kept in the data directory (one per line) so a restart does not
/// forget them.
struct ErasedBlocks {
	path: std::path::PathBuf,
	cids: std::sync::Mutex<std::collections::HashSet<Cid>>,
}

const ERASED_FILE: &str = "erased-cids";

impl ErasedBlocks {
	fn load(data_dir: &Path) -> anyhow::Result<Self> {
		let path = data_dir.join(ERASED_FILE);
		let text = match std::fs::read_to_string(&path) {
			Ok(text) => text,
			Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
			Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
		};
		let cids = text
			.lines()
			.filter(|l| !l.trim().is_empty())
			.map(|l| Cid::try_from(l.trim()))
			.collect::<Result<_, _>>()
			.with_context(|| format!("{} holds a line that is not a CID", path.display()))?;
		Ok(ErasedBlocks { path, cids: std::sync::Mutex::new(cids) })
	}

	fn refuse(&self, cid: &Cid) -> Result<(), StoreError> {
		let erased = self.cids.lock().map_err(|_| storage("the erased list is poisoned"))?;
		if erased.contains(cid) {
			return Err(StoreError::Erased(cid.to_string()));
		}
		Ok(())
	}

	/// Records `cids` as erased, on disk first.
	fn add(&self, cids: impl IntoIterator<Item = Cid>) -> Result<(), StoreError> {
		use std::io::Write;
		let mut erased = self.cids.lock().map_err(|_| storage("the erased list is poisoned"))?;
		let new: Vec<Cid> = cids.into_iter().filter(|c| !erased.contains(c)).collect();
		let mut file = std::fs::OpenOptions::new()
			.create(true)
			.append(true)
			.open(&self.path)
			.map_err(storage)?;
		for cid in &new {
			writeln!(file, "{cid}").map_err(storage)?;
		}
		file.sync_all().map_err(storage)?;
		erased.extend(new);
		Ok(())
	}
}
