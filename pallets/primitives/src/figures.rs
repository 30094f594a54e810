//! Personal figures (income, property, household size, employment, disability grade) reach the
//! runtime in a call, are used there, and are never kept: storage and events hold only what was
//! decided, the amount paid, and a *salted digest* of the figures.
//!
//! The salt is 32 random bytes the author of the figures draws and writes into the case's
//! encrypted documents next to them (the applicant into their form, a consultation team into its
//! conclusion). Without it the digest cannot be tested against guesses, which an unsalted digest
//! of a few small numbers could be in seconds. With it, a later step that reads the figures from
//! the documents passes them back with the salt, and the runtime checks them against the digest
//! it kept ([`matches`]) instead of trusting the caller.

use codec::Encode;
use sp_core::H256;

/// 32 random bytes drawn by whoever states the figures, kept with them in the case's encrypted
/// documents.
pub type Salt = [u8; 32];

/// Separates these digests from every other BLAKE2 hash the chain keeps.
const CONTEXT: &[u8] = b"safetynet/figures/v1";

/// `blake2_256` of the context, the salt and the SCALE-encoded figures.
pub fn salted_digest(salt: &Salt, figures: &impl Encode) -> H256 {
	H256(sp_io::hashing::blake2_256(&(CONTEXT, salt, figures).encode()))
}

/// Whether `figures` with `salt` are the ones `digest` was made from.
pub fn matches(digest: &H256, salt: &Salt, figures: &impl Encode) -> bool {
	salted_digest(salt, figures) == *digest
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_digest_depends_on_the_salt_and_every_figure() {
		let d = salted_digest(&[1; 32], &(150_000u128, 3u32));
		assert!(matches(&d, &[1; 32], &(150_000u128, 3u32)));
		assert!(!matches(&d, &[2; 32], &(150_000u128, 3u32)));
		assert!(!matches(&d, &[1; 32], &(150_001u128, 3u32)));
		assert!(!matches(&d, &[1; 32], &(150_000u128, 4u32)));
		// Not the plain hash of the figures, which anyone could recompute from a guess.
		assert_ne!(d.0, sp_io::hashing::blake2_256(&(150_000u128, 3u32).encode()));
	}
}
