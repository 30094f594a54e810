//! Identity hashes: what an agency computes from an ID card it checked, and puts on chain instead
//! of the number (see `safetynet_primitives::identity`).
//!
//! The hash is HMAC-SHA-256, under the consortium's 32-byte identity key, of the normalized ID
//! card number: the 18 characters of a resident identity card (GB 11643), upper case, spaces
//! and dashes removed, its check character verified. Every agency holds the key off chain (a key
//! file readable by its staff's tools, never in the chain spec or a transaction), so equal
//! numbers give equal hashes across agencies while nobody without the key can test a guess.
//!
//! Bank account references work the same way, under a *bank key* the paying agency holds: the
//! chain keeps [`bank_account_ref`] of a card number, never the number or its plain hash (a card
//! number has so few unknown digits that a plain hash is reversed by trying them all).

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Why an ID number or key was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum IdentityError {
	#[error("an ID card number has 18 characters: 17 digits and a check digit or X (got {0})")]
	WrongLength(usize),
	#[error("an ID card number has only digits, and X as its last character")]
	NotDigits,
	#[error("the check character is {expected}, not {found}: the number is mistyped")]
	WrongCheck { expected: char, found: char },
	#[error("the identity key must be 32 bytes as 64 hex digits")]
	BadKey,
	#[error("a bank card number has 12 to 19 digits and a valid check digit")]
	BadCardNumber,
}

/// The normalized form of a resident identity card number: upper case, without spaces or
/// dashes, with a correct GB 11643 check character.
pub fn normalize(id_number: &str) -> Result<String, IdentityError> {
	let id: String = id_number
		.chars()
		.filter(|c| !c.is_whitespace() && *c != '-')
		.map(|c| c.to_ascii_uppercase())
		.collect();
	if id.chars().count() != 18 {
		return Err(IdentityError::WrongLength(id.chars().count()));
	}
	let (body, check) = id.split_at(17);
	if !body.chars().all(|c| c.is_ascii_digit()) {
		return Err(IdentityError::NotDigits);
	}
	let found = check.chars().next().expect("one character left");
	if !(found.is_ascii_digit() || found == 'X') {
		return Err(IdentityError::NotDigits);
	}
	const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
	const CHECKS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
	let sum: u32 = body.chars().zip(WEIGHTS).map(|(c, w)| c.to_digit(10).unwrap_or(0) * w).sum();
	let expected = CHECKS[(sum % 11) as usize];
	if expected != found {
		return Err(IdentityError::WrongCheck { expected, found });
	}
	Ok(id)
}

/// Reads an identity key: 64 hex digits (an optional `0x`, surrounding whitespace ignored).
pub fn parse_key(text: &str) -> Result<[u8; 32], IdentityError> {
	let hex = text.trim().trim_start_matches("0x");
	if hex.len() != 64 {
		return Err(IdentityError::BadKey);
	}
	let mut key = [0u8; 32];
	for (i, byte) in key.iter_mut().enumerate() {
		*byte =
			u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).map_err(|_| IdentityError::BadKey)?;
	}
	Ok(key)
}

/// The identity hash of `id_number` under `key`.
pub fn identity_hash(key: &[u8; 32], id_number: &str) -> Result<[u8; 32], IdentityError> {
	let id = normalize(id_number)?;
	let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
	mac.update(id.as_bytes());
	Ok(mac.finalize().into_bytes().into())
}

/// The normalized form of a bank card number: its digits, without spaces or dashes; 12 to 19 of
/// them, the last a correct Luhn check digit (ISO/IEC 7812), so a mistyped number is refused
/// instead of producing a reference to nobody's account.
pub fn normalize_card(number: &str) -> Result<String, IdentityError> {
	let digits: String = number.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
	if !(12..=19).contains(&digits.len()) || !digits.chars().all(|c| c.is_ascii_digit()) {
		return Err(IdentityError::BadCardNumber);
	}
	let sum: u32 = digits
		.chars()
		.rev()
		.enumerate()
		.map(|(i, c)| {
			let d = c.to_digit(10).unwrap_or(0);
			if i % 2 == 1 {
				let twice = d * 2;
				if twice > 9 {
					twice - 9
				} else {
					twice
				}
			} else {
				d
			}
		})
		.sum();
	if !sum.is_multiple_of(10) {
		return Err(IdentityError::BadCardNumber);
	}
	Ok(digits)
}

/// Separates bank references from identity hashes, should an agency ever use one key for both.
const BANK_CONTEXT: &[u8] = b"safetynet/bank-account/v1\0";

/// The keyed reference of the bank account with card `number`, under the agency's bank `key`.
pub fn bank_account_ref(key: &[u8; 32], number: &str) -> Result<[u8; 32], IdentityError> {
	let digits = normalize_card(number)?;
	let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
	mac.update(BANK_CONTEXT);
	mac.update(digits.as_bytes());
	Ok(mac.finalize().into_bytes().into())
}

#[cfg(test)]
mod tests {
	use super::*;

	/// A well-formed number (its check character is computed, not a real person's).
	const ID: &str = "11010519491231002X";

	#[test]
	fn normalizes_case_spaces_and_dashes() {
		assert_eq!(normalize("110105 19491231 002x").unwrap(), ID);
		assert_eq!(normalize("110105-19491231-002X").unwrap(), ID);
	}

	#[test]
	fn refuses_mistyped_numbers() {
		assert_eq!(
			normalize("110105194912310021"),
			Err(IdentityError::WrongCheck { expected: 'X', found: '1' })
		);
		assert_eq!(normalize("1101051949123100"), Err(IdentityError::WrongLength(16)));
		assert_eq!(normalize("11010519491231A02X"), Err(IdentityError::NotDigits));
	}

	#[test]
	fn equal_numbers_give_equal_hashes_and_keys_matter() {
		let key = [7u8; 32];
		let a = identity_hash(&key, ID).unwrap();
		assert_eq!(a, identity_hash(&key, "110105 19491231 002x").unwrap());
		assert_ne!(a, identity_hash(&[8u8; 32], ID).unwrap());
	}

	#[test]
	fn matches_hmac_sha256_test_vector() {
		// RFC 4231 test case 2 has a short key; our keys are 32 bytes, so check the construction
		// against an independent computation instead: HMAC(K, m) = H((K^opad) || H((K^ipad) || m)).
		use sha2::Digest;
		let key = [0x0bu8; 32];
		let message = normalize(ID).unwrap();
		let mut ipad = [0x36u8; 64];
		let mut opad = [0x5cu8; 64];
		for i in 0..32 {
			ipad[i] ^= key[i];
			opad[i] ^= key[i];
		}
		let inner = Sha256::new().chain_update(ipad).chain_update(message.as_bytes()).finalize();
		let outer: [u8; 32] =
			Sha256::new().chain_update(opad).chain_update(inner).finalize().into();
		assert_eq!(identity_hash(&key, ID).unwrap(), outer);
	}

	#[test]
	fn keys_are_64_hex_digits() {
		assert_eq!(parse_key(&"ab".repeat(32)).unwrap(), [0xab; 32]);
		assert_eq!(parse_key(&format!("0x{}\n", "01".repeat(32))).unwrap(), [1; 32]);
		assert_eq!(parse_key("abc"), Err(IdentityError::BadKey));
		assert_eq!(parse_key(&"zz".repeat(32)), Err(IdentityError::BadKey));
	}

	#[test]
	fn bank_references_are_keyed_and_refuse_mistyped_numbers() {
		// A Luhn-valid test number (not a real account).
		const CARD: &str = "6222 0212 3456 7894";
		let key = [3u8; 32];
		let a = bank_account_ref(&key, CARD).unwrap();
		assert_eq!(a, bank_account_ref(&key, "6222-0212-3456-7894").unwrap());
		assert_ne!(a, bank_account_ref(&[4u8; 32], CARD).unwrap());
		assert_ne!(a, identity_hash(&key, ID).unwrap());
		assert_eq!(
			bank_account_ref(&key, "6222 0212 3456 7892"),
			Err(IdentityError::BadCardNumber)
		);
		assert_eq!(bank_account_ref(&key, "1234567"), Err(IdentityError::BadCardNumber));
		assert_eq!(
			bank_account_ref(&key, "6222 0212 3456 789X"),
			Err(IdentityError::BadCardNumber)
		);
	}
}
