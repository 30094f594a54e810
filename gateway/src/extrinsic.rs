//! Who signed a transaction, read from its encoding without the runtime's metadata.
//!
//! The chain's transactions are version-4 signed extrinsics (what `@polkadot/api` and subxt
//! build): a compact length, the version byte `0x84` (signed, version 4), then the signer as a
//! `MultiAddress`, whose variant 0 is a plain 32-byte account id. The gateway relays only those,
//! and only when the signer is the signed-in account; the node checks the signature itself.

use codec_free::read_compact_len;
use sp_core::crypto::AccountId32;

/// Why a transaction was not relayed.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
	/// Not hex, or shorter than its header.
	Malformed,
	/// Unsigned, or a version other than 4.
	NotSigned,
	/// The signer is given as an index or a raw address rather than an account id.
	UnsupportedAddress,
}

impl std::fmt::Display for Refusal {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		f.write_str(match self {
			Refusal::Malformed => "the transaction is not a hex-encoded extrinsic",
			Refusal::NotSigned => "only signed (version 4) transactions are relayed",
			Refusal::UnsupportedAddress => "the signer must be given as an account id",
		})
	}
}

/// The signer of the hex-encoded extrinsic `hex_xt`.
pub fn signer(hex_xt: &str) -> Result<AccountId32, Refusal> {
	let bytes = hex::decode(hex_xt.trim_start_matches("0x")).map_err(|_| Refusal::Malformed)?;
	let (_, header) = read_compact_len(&bytes).ok_or(Refusal::Malformed)?;
	let rest = &bytes[header..];
	let (&version, rest) = rest.split_first().ok_or(Refusal::Malformed)?;
	if version != 0x84 {
		return Err(Refusal::NotSigned);
	}
	let (&variant, rest) = rest.split_first().ok_or(Refusal::Malformed)?;
	if variant != 0 {
		return Err(Refusal::UnsupportedAddress);
	}
	let id: [u8; 32] = rest.get(..32).ok_or(Refusal::Malformed)?.try_into().expect("32 bytes");
	Ok(AccountId32::new(id))
}

/// SCALE's compact integer prefix, the one piece of the codec this module needs.
mod codec_free {
	/// Decodes a compact-encoded length at the start of `bytes`: the value and how many bytes
	/// it took. `None` if `bytes` is too short or the mode is the big-integer one (no extrinsic
	/// is that long).
	pub fn read_compact_len(bytes: &[u8]) -> Option<(u64, usize)> {
		let first = *bytes.first()?;
		match first & 0b11 {
			0 => Some((u64::from(first >> 2), 1)),
			1 => {
				let raw = u16::from_le_bytes(bytes.get(..2)?.try_into().ok()?);
				Some((u64::from(raw >> 2), 2))
			},
			2 => {
				let raw = u32::from_le_bytes(bytes.get(..4)?.try_into().ok()?);
				Some((u64::from(raw >> 2), 4))
			},
			_ => None,
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use codec::{Compact, Encode};

	fn extrinsic(version: u8, address: &[u8], body: &[u8]) -> String {
		let mut inner = vec![version];
		inner.extend_from_slice(address);
		inner.extend_from_slice(body);
		let mut xt = Compact(inner.len() as u32).encode();
		xt.extend(inner);
		format!("0x{}", hex::encode(xt))
	}

	#[test]
	fn reads_the_signer_of_a_signed_extrinsic() {
		let who = [7u8; 32];
		let mut address = vec![0u8];
		address.extend_from_slice(&who);
		// Long enough that the length prefix takes two bytes.
		let xt = extrinsic(0x84, &address, &[1u8; 100]);
		assert_eq!(signer(&xt), Ok(AccountId32::new(who)));
	}

	#[test]
	fn refuses_unsigned_and_odd_addresses_and_garbage() {
		assert_eq!(signer(&extrinsic(0x04, &[], &[0, 1])), Err(Refusal::NotSigned));
		assert_eq!(signer(&extrinsic(0x05, &[], &[0, 1])), Err(Refusal::NotSigned));
		assert_eq!(signer(&extrinsic(0x84, &[1, 9], &[])), Err(Refusal::UnsupportedAddress));
		assert_eq!(signer(&extrinsic(0x84, &[0, 1, 2], &[])), Err(Refusal::Malformed));
		assert_eq!(signer("0xzz"), Err(Refusal::Malformed));
		assert_eq!(signer("0x"), Err(Refusal::Malformed));
	}
}
