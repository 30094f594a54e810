//! The system's one CID profile, computed and read back.
//!
//! Every document of the consortium is added the way `ipfs add --cid-version=1` adds it with
//! Kubo's defaults, so any IPFS implementation re-derives the same CID from the same bytes:
//!
//! - the file is cut into chunks of [`CHUNK_SIZE`] bytes (256 KiB);
//! - every chunk is a **raw leaf**: a CIDv1 block with codec `raw` (0x55) over its bytes;
//! - a file of at most one chunk *is* its leaf, so its CID is the raw CID of its bytes (the empty
//!   file included);
//! - larger files get a **balanced** DAG of UnixFS `File` nodes (codec `dag-pb`, 0x70) with at most
//!   [`MAX_LINKS`] (174) children each, every leaf at the same depth, filled left to right;
//! - every CID is version 1 with a full sha2-256 multihash.
//!
//! The runtime checks the same profile on every CID a transaction brings
//! (`safetynet_primitives::cid`); this module is the off-chain half. Golden vectors in
//! `tests/vectors/cid-profile.json` (made with the JavaScript importer the IPFS project maintains)
//! keep both honest.

use cid::Cid;
use multihash::Multihash;
use sha2::{Digest, Sha256};

/// Bytes per chunk: Kubo's default `size-262144` chunker.
pub const CHUNK_SIZE: usize = 256 * 1024;
/// Most children of one DAG node: Kubo's balanced layout.
pub const MAX_LINKS: usize = 174;
/// Multicodecs of a raw leaf and of a UnixFS node, and the one hash: the runtime's profile
/// constants, so the chain and the document node cannot disagree.
pub use safetynet_primitives::cid::{CODEC_DAG_PB as DAG_PB, CODEC_RAW as RAW};
use safetynet_primitives::cid::{HASH_SHA2_256 as SHA2_256, SHA2_256_LEN};

/// One block of a DAG: its CID and the bytes the CID hashes.
#[derive(Clone, Debug, Eq, PartialEq)]
pub struct Block {
	pub cid: Cid,
	pub data: Vec<u8>,
}

/// The CIDv1 of `codec` over the sha2-256 of `data`.
pub fn cid_of(codec: u64, data: &[u8]) -> Cid {
	let digest = Sha256::digest(data);
	let hash = Multihash::<64>::wrap(SHA2_256, &digest).expect("32 bytes fit a 64-byte multihash");
	Cid::new_v1(codec, hash)
}

/// Why a CID or a block is outside the profile.
#[derive(Debug, thiserror::Error, Eq, PartialEq)]
pub enum ProfileError {
	#[error("not a CID: {0}")]
	Malformed(String),
	#[error("CID {0} is not version 1 (the system only uses CIDv1)")]
	NotVersion1(String),
	#[error("CID {0} uses codec {1:#x}; only raw (0x55) and dag-pb (0x70) are in the profile")]
	Codec(String, u64),
	#[error("CID {0} is not a full sha2-256 hash")]
	Hash(String),
	#[error("block {0} does not hash to its CID: it is corrupted")]
	Corrupted(String),
	#[error("block {0} is not a UnixFS file node: {1}")]
	NotAFile(String, String),
}

/// Parses a CID from its text form (`bafy...`, or a `/ipfs/` path of one) and checks it against
/// the profile.
pub fn parse_cid(text: &str) -> Result<Cid, ProfileError> {
	let text = text.trim();
	let text = text.strip_prefix("/ipfs/").unwrap_or(text);
	let cid = Cid::try_from(text).map_err(|e| ProfileError::Malformed(format!("{text:?}: {e}")))?;
	check_cid(&cid)?;
	Ok(cid)
}

/// Parses a CID from its binary form (as the chain keeps it) and checks it against the profile.
pub fn parse_cid_bytes(bytes: &[u8]) -> Result<Cid, ProfileError> {
	let cid = Cid::try_from(bytes).map_err(|e| ProfileError::Malformed(format!("{e}")))?;
	check_cid(&cid)?;
	Ok(cid)
}

/// Checks a CID against the profile: version 1, raw or dag-pb, full sha2-256.
pub fn check_cid(cid: &Cid) -> Result<(), ProfileError> {
	if cid.version() != cid::Version::V1 {
		return Err(ProfileError::NotVersion1(cid.to_string()));
	}
	if cid.codec() != RAW && cid.codec() != DAG_PB {
		return Err(ProfileError::Codec(cid.to_string(), cid.codec()));
	}
	if cid.hash().code() != SHA2_256 || cid.hash().size() != SHA2_256_LEN {
		return Err(ProfileError::Hash(cid.to_string()));
	}
	Ok(())
}

/// A child of a DAG node as its parent links it.
#[derive(Clone, Debug)]
struct Link {
	cid: Cid,
	/// File bytes under the child (UnixFS `blocksizes`).
	file_size: u64,
	/// Encoded bytes of the child's whole sub-DAG (dag-pb `Tsize`).
	dag_size: u64,
}

/// Builds a file's DAG as its bytes arrive, holding at most one chunk and one partial node per
/// level, so a large file is imported in bounded memory.
pub struct Importer {
	chunk: Vec<u8>,
	/// `levels[0]` collects leaves, `levels[1]` the nodes over 174 leaves, and so on.
	levels: Vec<Vec<Link>>,
	/// Blocks finished and not yet taken by the caller.
	ready: Vec<Block>,
	total: u64,
}

impl Default for Importer {
	fn default() -> Self {
		Importer {
			chunk: Vec::with_capacity(CHUNK_SIZE),
			levels: vec![Vec::new()],
			ready: Vec::new(),
			total: 0,
		}
	}
}

impl Importer {
	/// Feeds bytes; returns the blocks they completed.
	pub fn push(&mut self, mut bytes: &[u8]) -> Vec<Block> {
		while !bytes.is_empty() {
			let take = (CHUNK_SIZE - self.chunk.len()).min(bytes.len());
			self.chunk.extend_from_slice(&bytes[..take]);
			bytes = &bytes[take..];
			if self.chunk.len() == CHUNK_SIZE {
				self.flush_chunk();
			}
		}
		core::mem::take(&mut self.ready)
	}

	/// Bytes fed so far.
	pub fn len(&self) -> u64 {
		self.total + self.chunk.len() as u64
	}

	/// Whether nothing was fed.
	pub fn is_empty(&self) -> bool {
		self.len() == 0
	}

	/// Ends the file: returns the last blocks (the root last) and the root CID.
	pub fn finish(mut self) -> (Vec<Block>, Cid) {
		// The last, short chunk; or the one empty leaf of an empty file.
		if !self.chunk.is_empty() || (self.total == 0 && self.levels[0].is_empty()) {
			self.flush_chunk();
		}
		let mut level = 0;
		loop {
			let top = level + 1 == self.levels.len();
			if top && self.levels[level].len() == 1 {
				let root = self.levels[level][0].cid;
				return (self.ready, root);
			}
			let links = core::mem::take(&mut self.levels[level]);
			self.close_node(level, links);
			level += 1;
		}
	}

	fn flush_chunk(&mut self) {
		let data = core::mem::replace(&mut self.chunk, Vec::with_capacity(CHUNK_SIZE));
		self.total += data.len() as u64;
		let cid = cid_of(RAW, &data);
		let size = data.len() as u64;
		self.ready.push(Block { cid, data });
		self.add_link(0, Link { cid, file_size: size, dag_size: size });
	}

	fn add_link(&mut self, level: usize, link: Link) {
		if self.levels.len() == level {
			self.levels.push(Vec::new());
		}
		// A full node is closed only when a further child arrives for its level, so the last
		// node of a level is always closed by `finish`, which knows whether it is the root.
		if self.levels[level].len() == MAX_LINKS {
			let links = core::mem::take(&mut self.levels[level]);
			self.close_node(level, links);
		}
		self.levels[level].push(link);
	}

	fn close_node(&mut self, level: usize, links: Vec<Link>) {
		let data = encode_file_node(&links);
		let cid = cid_of(DAG_PB, &data);
		let file_size = links.iter().map(|l| l.file_size).sum();
		let dag_size = data.len() as u64 + links.iter().map(|l| l.dag_size).sum::<u64>();
		self.ready.push(Block { cid, data });
		self.add_link(level + 1, Link { cid, file_size, dag_size });
	}
}

/// The blocks and root CID of `bytes` under the profile.
pub fn import(bytes: &[u8]) -> (Vec<Block>, Cid) {
	let mut importer = Importer::default();
	let mut blocks = importer.push(bytes);
	let (rest, root) = importer.finish();
	blocks.extend(rest);
	(blocks, root)
}

/// The profile CID of `bytes`, without keeping the blocks.
pub fn cid_of_file(bytes: &[u8]) -> Cid {
	import(bytes).1
}

// --- dag-pb and UnixFS encoding ------------------------------------------------------------
//
// dag-pb:  PBNode { repeated PBLink Links = 2; optional bytes Data = 1; }  (Links encoded first)
//          PBLink { optional bytes Hash = 1; optional string Name = 2; optional uint64 Tsize = 3; }
// UnixFS:  Data { required Type = 1 (File = 2); optional bytes Data = 2; optional uint64
//          filesize = 3; repeated uint64 blocksizes = 4 (not packed); }

fn put_varint(out: &mut Vec<u8>, mut value: u64) {
	while value >= 0x80 {
		out.push((value as u8) | 0x80);
		value >>= 7;
	}
	out.push(value as u8);
}

fn put_bytes_field(out: &mut Vec<u8>, field: u8, bytes: &[u8]) {
	out.push(field << 3 | 2);
	put_varint(out, bytes.len() as u64);
	out.extend_from_slice(bytes);
}

fn put_varint_field(out: &mut Vec<u8>, field: u8, value: u64) {
	out.push(field << 3);
	put_varint(out, value);
}

const UNIXFS_FILE: u64 = 2;

fn encode_file_node(links: &[Link]) -> Vec<u8> {
	let mut out = Vec::new();
	for link in links {
		let mut pb_link = Vec::new();
		put_bytes_field(&mut pb_link, 1, &link.cid.to_bytes());
		put_bytes_field(&mut pb_link, 2, b"");
		put_varint_field(&mut pb_link, 3, link.dag_size);
		put_bytes_field(&mut out, 2, &pb_link);
	}
	let mut unixfs = Vec::new();
	put_varint_field(&mut unixfs, 1, UNIXFS_FILE);
	put_varint_field(&mut unixfs, 3, links.iter().map(|l| l.file_size).sum());
	for link in links {
		put_varint_field(&mut unixfs, 4, link.file_size);
	}
	put_bytes_field(&mut out, 1, &unixfs);
	out
}

/// A decoded UnixFS file node: the bytes it holds itself, then its children in order.
#[derive(Debug, Default)]
pub struct FileNode {
	pub inline: Vec<u8>,
	pub children: Vec<Cid>,
}

struct Reader<'a> {
	bytes: &'a [u8],
}

impl<'a> Reader<'a> {
	fn varint(&mut self) -> Option<u64> {
		let mut value = 0u64;
		for shift in (0..64).step_by(7) {
			let (&byte, rest) = self.bytes.split_first()?;
			self.bytes = rest;
			value |= u64::from(byte & 0x7f) << shift;
			if byte & 0x80 == 0 {
				return Some(value);
			}
		}
		None
	}

	fn bytes(&mut self) -> Option<&'a [u8]> {
		let len = usize::try_from(self.varint()?).ok()?;
		if len > self.bytes.len() {
			return None;
		}
		let (head, rest) = self.bytes.split_at(len);
		self.bytes = rest;
		Some(head)
	}

	/// The next field's number and wire type, or `None` at the end.
	fn key(&mut self) -> Option<Option<(u64, u64)>> {
		if self.bytes.is_empty() {
			return Some(None);
		}
		let key = self.varint()?;
		Some(Some((key >> 3, key & 7)))
	}

	fn skip(&mut self, wire: u64) -> Option<()> {
		match wire {
			0 => self.varint().map(|_| ()),
			2 => self.bytes().map(|_| ()),
			_ => None,
		}
	}
}

/// How many links a dag-pb block has, counted without decoding them, so a node with a million
/// links is refused before a million CIDs are parsed. `None` if the block is not protobuf.
pub fn link_count(block: &[u8]) -> Option<usize> {
	let mut reader = Reader { bytes: block };
	let mut links = 0;
	while let Some((field, wire)) = reader.key()? {
		if (field, wire) == (2, 2) {
			links += 1;
		}
		reader.skip(wire)?;
	}
	Some(links)
}

/// Decodes a dag-pb block as a UnixFS file node.
pub fn decode_file_node(cid: &Cid, block: &[u8]) -> Result<FileNode, ProfileError> {
	let bad = |why: &str| ProfileError::NotAFile(cid.to_string(), why.to_string());
	let mut node = FileNode::default();
	let mut reader = Reader { bytes: block };
	let mut unixfs = None;
	while let Some((field, wire)) = reader.key().ok_or_else(|| bad("truncated protobuf"))? {
		match (field, wire) {
			(2, 2) => {
				let link = reader.bytes().ok_or_else(|| bad("truncated link"))?;
				let mut link_reader = Reader { bytes: link };
				let mut hash = None;
				while let Some((f, w)) = link_reader.key().ok_or_else(|| bad("truncated link"))? {
					if (f, w) == (1, 2) {
						hash = Some(link_reader.bytes().ok_or_else(|| bad("truncated hash"))?);
					} else {
						link_reader.skip(w).ok_or_else(|| bad("bad link field"))?;
					}
				}
				let hash = hash.ok_or_else(|| bad("link without hash"))?;
				let child = Cid::try_from(hash).map_err(|_| bad("link hash is not a CID"))?;
				node.children.push(child);
			},
			(1, 2) => unixfs = Some(reader.bytes().ok_or_else(|| bad("truncated data"))?),
			(_, w) => reader.skip(w).ok_or_else(|| bad("bad node field"))?,
		}
	}
	let unixfs = unixfs.ok_or_else(|| bad("no UnixFS data"))?;
	let mut reader = Reader { bytes: unixfs };
	let mut kind = None;
	while let Some((field, wire)) = reader.key().ok_or_else(|| bad("truncated UnixFS data"))? {
		match (field, wire) {
			(1, 0) => kind = reader.varint(),
			(2, 2) => node.inline = reader.bytes().ok_or_else(|| bad("truncated data"))?.to_vec(),
			(_, w) => reader.skip(w).ok_or_else(|| bad("bad UnixFS field"))?,
		}
	}
	// Raw (0) and File (2) both hold file bytes; directories and the rest are not documents.
	match kind {
		Some(0) | Some(UNIXFS_FILE) => Ok(node),
		_ => Err(bad("not a file")),
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn empty_file_is_the_empty_raw_leaf() {
		let (blocks, root) = import(b"");
		assert_eq!(root.to_string(), "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
		assert_eq!(blocks.len(), 1);
	}

	#[test]
	fn binary_cids_parse_as_the_chain_keeps_them_and_out_of_profile_ones_are_refused() {
		let (_, root) = import(b"hello world\n");
		assert_eq!(parse_cid_bytes(&root.to_bytes()).unwrap(), root);
		assert!(matches!(parse_cid_bytes(&[1, 2, 3]), Err(ProfileError::Malformed(_))));
		let v0 = Cid::new_v0(*root.hash()).unwrap();
		assert!(matches!(parse_cid_bytes(&v0.to_bytes()), Err(ProfileError::NotVersion1(_))));
	}

	#[test]
	fn one_chunk_is_a_raw_root_and_two_chunks_a_dag_pb_root() {
		let one = vec![7u8; CHUNK_SIZE];
		let (blocks, root) = import(&one);
		assert_eq!(root.codec(), RAW);
		assert_eq!(blocks.len(), 1);

		let mut two = one.clone();
		two.push(1);
		let (blocks, root) = import(&two);
		assert_eq!(root.codec(), DAG_PB);
		assert_eq!(blocks.len(), 3);
		let node = decode_file_node(&root, &blocks.last().unwrap().data).unwrap();
		assert_eq!(node.children, vec![blocks[0].cid, blocks[1].cid]);
	}

	#[test]
	fn streaming_in_odd_pieces_gives_the_same_cid() {
		let data: Vec<u8> = (0..(3 * CHUNK_SIZE + 5)).map(|i| (i * 13) as u8).collect();
		let whole = cid_of_file(&data);
		let mut importer = Importer::default();
		for piece in data.chunks(1000) {
			importer.push(piece);
		}
		assert_eq!(importer.finish().1, whole);
	}

	#[test]
	fn more_than_174_leaves_adds_a_level() {
		let data = vec![0u8; (MAX_LINKS + 1) * CHUNK_SIZE];
		let (blocks, root) = import(&data);
		let root_node = decode_file_node(&root, &blocks.last().unwrap().data).unwrap();
		assert_eq!(root_node.children.len(), 2);
		// Identical chunks share one leaf CID; the first child holds 174 of them.
		let by_cid = |cid: &Cid| blocks.iter().find(|b| b.cid == *cid).unwrap();
		let first =
			decode_file_node(&root_node.children[0], &by_cid(&root_node.children[0]).data).unwrap();
		assert_eq!(first.children.len(), MAX_LINKS);
		let second =
			decode_file_node(&root_node.children[1], &by_cid(&root_node.children[1]).data).unwrap();
		assert_eq!(second.children.len(), 1);
	}

	#[test]
	fn link_count_counts_without_decoding() {
		let data = vec![0u8; 3 * CHUNK_SIZE];
		let (blocks, root) = import(&data);
		assert_eq!(link_count(&blocks.last().unwrap().data), Some(3));
		assert_eq!(root, blocks.last().unwrap().cid);
		assert_eq!(link_count(&[0x12, 0x05]), None);
	}

	#[test]
	fn parse_cid_refuses_other_profiles() {
		assert!(matches!(parse_cid("not-a-cid"), Err(ProfileError::Malformed(_))));
		// CIDv0 of "hello world\n" as Kubo prints it by default.
		assert!(matches!(
			parse_cid("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o"),
			Err(ProfileError::NotVersion1(_))
		));
		let ok = cid_of(RAW, b"x").to_string();
		assert_eq!(parse_cid(&format!("/ipfs/{ok}")).unwrap().to_string(), ok);
	}
}
