//! What the custodians of case keys sign, in one place for the runtime and the document node.
//!
//! A case key never touches the chain. Each agency's document node is the *custodian* of the
//! case keys applicants deposit for that agency: it holds them encrypted to its custody identity,
//! hands one to the agency's staff only against an access receipt already on chain, and destroys
//! them when the case's erasure is ordered. Three messages cross that boundary, each behind a
//! context of its own so a signature for one can never pass for another (nor for a seal, nor for
//! a transaction), and each naming the chain's genesis hash so it cannot be replayed on another
//! chain:
//!
//! - [`deposit_message`]: the applicant, depositing a wrapped case key at a custodian;
//! - [`open_message`]: a staff member, asking a custodian for the key an access receipt allows;
//! - [`erasure_message`]: a custodian, stating on chain that it destroyed a case's keys and
//!   ciphertext (checked by the runtime against the agency's registered custodian key).

use alloc::vec::Vec;
use codec::Encode;
use safetynet_primitives::{cases::CaseId, AgencyId};
use sp_core::H256;

/// What precedes an applicant's key deposit.
pub const DEPOSIT_CONTEXT: &[u8] = b"safetynet/key-deposit/v1\0";
/// What precedes a staff member's request for a case key.
pub const OPEN_CONTEXT: &[u8] = b"safetynet/key-open/v1\0";
/// What precedes a custodian's erasure receipt.
pub const ERASURE_CONTEXT: &[u8] = b"safetynet/erasure-receipt/v1\0";

/// The applicant deposits `wrapped` (a case key of version `version`, age-encrypted to the
/// custodian) for `case`; only its hash is signed, so the message stays small.
pub fn deposit_message(genesis: H256, case: CaseId, version: u32, wrapped: &[u8]) -> Vec<u8> {
	let digest = sp_io::hashing::blake2_256(wrapped);
	[DEPOSIT_CONTEXT, &(genesis, case, version, digest).encode()].concat()
}

/// A staff member asks for the case key that access receipt `receipt` of `case` allows,
/// age-encrypted to `recipient` (their own age recipient).
pub fn open_message(genesis: H256, case: CaseId, receipt: u32, recipient: &[u8]) -> Vec<u8> {
	[OPEN_CONTEXT, &(genesis, case, receipt, recipient).encode()].concat()
}

/// `agency`'s custodian destroyed every key and every block of `case` it held.
pub fn erasure_message(genesis: H256, case: CaseId, agency: AgencyId) -> Vec<u8> {
	[ERASURE_CONTEXT, &(genesis, case, agency).encode()].concat()
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn each_message_has_its_own_context_and_names_the_chain() {
		let genesis = H256::repeat_byte(1);
		let other = H256::repeat_byte(2);
		let messages = [
			deposit_message(genesis, 7, 0, b"k"),
			open_message(genesis, 7, 0, b"k"),
			erasure_message(genesis, 7, 0),
		];
		assert!(messages[0].starts_with(DEPOSIT_CONTEXT));
		assert!(messages[1].starts_with(OPEN_CONTEXT));
		assert!(messages[2].starts_with(ERASURE_CONTEXT));
		assert_ne!(erasure_message(genesis, 7, 0), erasure_message(other, 7, 0));
		assert_ne!(erasure_message(genesis, 7, 0), erasure_message(genesis, 7, 1));
		assert_ne!(deposit_message(genesis, 7, 0, b"k"), deposit_message(genesis, 7, 0, b"j"));
	}
}
