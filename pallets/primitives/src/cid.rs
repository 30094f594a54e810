//! Content identifiers of off-chain documents.
//!
//! Documents, photos and videos live in IPFS; the chain keeps only their CIDs, in binary form. The
//! system accepts exactly one CID profile, the one `ipfs add --cid-version=1` produces:
//!
//! - CID version 1;
//! - content codec `raw` (0x55) for a file that fits in one chunk, `dag-pb` (0x70) for the root of
//!   a chunked file (256 KiB chunks, balanced DAG, 174 links per node, raw leaves);
//! - multihash `sha2-256` (0x12) with its full 32-byte digest.
//!
//! Anything else (CIDv0, other hashes, truncated digests, trailing bytes) is refused, so a CID on
//! chain always names content that any IPFS node of the consortium can fetch and re-hash.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::ConstU32, BoundedVec};
use scale_info::TypeInfo;

/// Longest binary CID kept on chain. A profile CID is 36 bytes; the slack lets a malformed one be
/// decoded and then refused with [`CidError`] instead of failing opaquely at decoding.
pub const MAX_CID_LEN: u32 = 64;

/// Multicodec of raw bytes: a single-chunk file, or a leaf of a chunked one.
pub const CODEC_RAW: u64 = 0x55;
/// Multicodec of a UnixFS node: the root of a file split into several chunks.
pub const CODEC_DAG_PB: u64 = 0x70;
/// Multihash code of sha2-256.
pub const HASH_SHA2_256: u64 = 0x12;
/// Length of a sha2-256 digest.
pub const SHA2_256_LEN: u8 = 32;

/// A CID in binary form, as stored on chain. Decoding does not check the profile: call
/// [`Cid::check`] on every CID a transaction brings.
#[derive(
	Clone, Debug, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo,
)]
pub struct Cid(pub BoundedVec<u8, ConstU32<MAX_CID_LEN>>);

/// The multibase `b` form (RFC 4648 base32, lower case, no padding) that `ipfs` prints and
/// gateways accept, e.g. `bafkrei...`.
pub fn to_base32_multibase(bytes: &[u8]) -> alloc::string::String {
	const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
	let mut out = alloc::string::String::from("b");
	let (mut acc, mut bits) = (0u32, 0u32);
	for byte in bytes {
		acc = (acc << 8) | u32::from(*byte);
		bits += 8;
		while bits >= 5 {
			bits -= 5;
			out.push(ALPHABET[((acc >> bits) & 31) as usize] as char);
		}
		acc &= (1 << bits) - 1;
	}
	if bits > 0 {
		out.push(ALPHABET[((acc << (5 - bits)) & 31) as usize] as char);
	}
	out
}

/// JSON (the node's RPC) shows a CID the way IPFS does.
#[cfg(feature = "std")]
impl serde::Serialize for Cid {
	fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
		serializer.serialize_str(&to_base32_multibase(&self.0))
	}
}

/// What kind of content a well-formed CID names.
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
pub enum CidKind {
	/// A whole file of at most one chunk.
	Raw,
	/// The root node of a chunked file.
	DagPb,
}

/// Why a CID was refused.
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
pub enum CidError {
	/// The bytes are not a CID at all.
	Malformed,
	/// A CIDv0; the profile needs CIDv1.
	NotVersion1,
	/// A codec other than `raw` or `dag-pb`.
	UnsupportedCodec,
	/// A hash other than a full sha2-256 digest.
	UnsupportedHash,
	/// Extra bytes after the CID.
	TrailingBytes,
}

impl Cid {
	/// Checks the CID against the system's profile and says what it names.
	pub fn check(&self) -> Result<CidKind, CidError> {
		check_cid_bytes(&self.0)
	}

	/// Builds a CID from bytes, refusing anything outside the profile.
	pub fn from_bytes(bytes: &[u8]) -> Result<Self, CidError> {
		check_cid_bytes(bytes)?;
		let bounded = BoundedVec::try_from(bytes.to_vec()).map_err(|_| CidError::Malformed)?;
		Ok(Cid(bounded))
	}

	/// The binary CID.
	pub fn as_bytes(&self) -> &[u8] {
		&self.0
	}
}

/// Checks binary CID bytes against the profile.
pub fn check_cid_bytes(bytes: &[u8]) -> Result<CidKind, CidError> {
	let parsed = ::cid::Cid::try_from(bytes).map_err(|_| CidError::Malformed)?;
	if parsed.encoded_len() != bytes.len() {
		return Err(CidError::TrailingBytes);
	}
	if parsed.version() != ::cid::Version::V1 {
		return Err(CidError::NotVersion1);
	}
	let hash = parsed.hash();
	if hash.code() != HASH_SHA2_256 || hash.size() != SHA2_256_LEN {
		return Err(CidError::UnsupportedHash);
	}
	match parsed.codec() {
		CODEC_RAW => Ok(CidKind::Raw),
		CODEC_DAG_PB => Ok(CidKind::DagPb),
		_ => Err(CidError::UnsupportedCodec),
	}
}

/// Builds the binary CIDv1 of `codec` over a sha2-256 `digest`. Clients and tests use it to
/// produce profile CIDs; the chain never hashes documents itself.
pub fn cid_v1_sha256(codec: u64, digest: &[u8; 32]) -> alloc_free::CidBuf {
	let mut out = alloc_free::CidBuf::default();
	out.push(0x01); // version 1
				 // Both profile codecs are below 0x80, so their varint is one byte.
	out.push(codec as u8);
	out.push(HASH_SHA2_256 as u8);
	out.push(SHA2_256_LEN);
	for b in digest {
		out.push(*b);
	}
	out
}

/// The profile CID of `content` as a single raw block (a file of at most one chunk).
pub fn raw_cid_of(content: &[u8]) -> Cid {
	let digest = sp_io::hashing::sha2_256(content);
	Cid::from_bytes(cid_v1_sha256(CODEC_RAW, &digest).as_slice())
		.expect("a CIDv1 raw sha2-256 is a profile CID")
}

/// A fixed buffer for a profile CID, so building one needs no allocator.
pub mod alloc_free {
	/// The 36 bytes of a profile CID.
	#[derive(Clone, Copy, Debug, Eq, PartialEq)]
	pub struct CidBuf {
		bytes: [u8; 36],
		len: usize,
	}

	impl Default for CidBuf {
		fn default() -> Self {
			CidBuf { bytes: [0; 36], len: 0 }
		}
	}

	impl CidBuf {
		pub(crate) fn push(&mut self, b: u8) {
			self.bytes[self.len] = b;
			self.len += 1;
		}

		/// The CID's bytes.
		pub fn as_slice(&self) -> &[u8] {
			&self.bytes[..self.len]
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	// What `ipfs add --cid-version=1` prints for the empty file.
	const EMPTY_FILE_RAW: &str = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";

	fn sha(bytes: &[u8]) -> [u8; 32] {
		sp_io::hashing::sha2_256(bytes)
	}

	#[test]
	fn raw_cid_of_empty_file_matches_ipfs() {
		let cid = cid_v1_sha256(CODEC_RAW, &sha(b""));
		assert_eq!(to_base32_multibase(cid.as_slice()), EMPTY_FILE_RAW);
		assert_eq!(check_cid_bytes(cid.as_slice()), Ok(CidKind::Raw));
	}

	#[test]
	fn dag_pb_root_is_accepted() {
		let cid = cid_v1_sha256(CODEC_DAG_PB, &sha(b"node"));
		assert_eq!(check_cid_bytes(cid.as_slice()), Ok(CidKind::DagPb));
	}

	#[test]
	fn cid_v0_is_refused() {
		let mut v0 = vec![0x12, 0x20];
		v0.extend_from_slice(&sha(b"x"));
		assert_eq!(check_cid_bytes(&v0), Err(CidError::NotVersion1));
	}

	#[test]
	fn other_codecs_and_hashes_are_refused() {
		let mut cbor = cid_v1_sha256(CODEC_RAW, &sha(b"x")).as_slice().to_vec();
		cbor[1] = 0x71; // dag-cbor
		assert_eq!(check_cid_bytes(&cbor), Err(CidError::UnsupportedCodec));

		let mut blake = cid_v1_sha256(CODEC_RAW, &sha(b"x")).as_slice().to_vec();
		blake[2] = 0x13; // sha2-512 code with a 32-byte digest
		assert_eq!(check_cid_bytes(&blake), Err(CidError::UnsupportedHash));

		let mut short = vec![0x01, 0x55, 0x12, 0x10];
		short.extend_from_slice(&[7u8; 16]);
		assert_eq!(check_cid_bytes(&short), Err(CidError::UnsupportedHash));
	}

	#[test]
	fn garbage_truncation_and_trailing_bytes_are_refused() {
		assert_eq!(check_cid_bytes(&[]), Err(CidError::Malformed));
		assert_eq!(check_cid_bytes(b"bafkrei"), Err(CidError::Malformed));
		let good = cid_v1_sha256(CODEC_RAW, &sha(b"x"));
		assert_eq!(check_cid_bytes(&good.as_slice()[..20]), Err(CidError::Malformed));
		let mut long = good.as_slice().to_vec();
		long.push(0);
		assert_eq!(check_cid_bytes(&long), Err(CidError::TrailingBytes));
	}

	#[test]
	fn from_bytes_round_trips() {
		let good = cid_v1_sha256(CODEC_RAW, &sha(b"x"));
		let cid = Cid::from_bytes(good.as_slice()).unwrap();
		assert_eq!(cid.as_bytes(), good.as_slice());
		assert!(Cid::from_bytes(&[1, 2, 3]).is_err());
	}
}
