//! Signing in by key: a one-time challenge per connection, signed by the citizen's key.
//!
//! The challenge names the gateway, the chain (its genesis hash), a random nonce and an expiry,
//! so a signature made for it cannot be replayed on another connection, another chain or later.
//! It is signed with the account's sr25519 key, either as raw bytes or wrapped in
//! `<Bytes>…</Bytes>` (what Polkadot.js wallet extensions do for `signRaw`). A connection holds
//! at most one challenge and one account; signing in again replaces the account.

use sp_core::{
	crypto::{AccountId32, Ss58Codec},
	sr25519, Pair,
};
use std::{
	io::Read,
	sync::Mutex,
	time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

/// How long a challenge may be answered.
pub const CHALLENGE_TTL: Duration = Duration::from_secs(300);

/// Why signing in failed.
#[derive(Debug, PartialEq, Eq)]
pub enum LoginError {
	/// No challenge was asked for on this connection, or it was used already.
	NoChallenge,
	/// The challenge is older than [`CHALLENGE_TTL`].
	Expired,
	/// The account is not an SS58 address.
	BadAccount,
	/// The signature is not 64 hex-encoded bytes.
	BadSignature,
	/// The signature does not verify under the account's key.
	WrongSignature,
}

impl std::fmt::Display for LoginError {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		f.write_str(match self {
			LoginError::NoChallenge =>
				"no open challenge on this connection: call gateway_challenge",
			LoginError::Expired => "the challenge expired: ask for a new one",
			LoginError::BadAccount => "the account is not an SS58 address",
			LoginError::BadSignature => "the signature is not 64 hex-encoded bytes",
			LoginError::WrongSignature =>
				"the signature does not verify: sign the challenge with the account's sr25519 key",
		})
	}
}

#[derive(Default)]
struct State {
	challenge: Option<(String, Instant)>,
	account: Option<AccountId32>,
}

/// One connection's sign-in state.
#[derive(Default)]
pub struct Session {
	state: Mutex<State>,
}

impl Session {
	fn state(&self) -> std::sync::MutexGuard<'_, State> {
		self.state.lock().unwrap_or_else(|e| e.into_inner())
	}

	/// A fresh challenge for chain `genesis`, replacing any open one.
	pub fn challenge(&self, genesis: &str) -> std::io::Result<String> {
		let mut nonce = [0u8; 16];
		std::fs::File::open("/dev/urandom")?.read_exact(&mut nonce)?;
		let expires = SystemTime::now()
			.duration_since(UNIX_EPOCH)
			.unwrap_or_default()
			.saturating_add(CHALLENGE_TTL)
			.as_secs();
		let text = format!(
			"Sign in to the Safety Net Chain citizen gateway\nchain: {genesis}\nnonce: {}\nexpires: {expires}",
			hex::encode(nonce)
		);
		self.state().challenge = Some((text.clone(), Instant::now()));
		Ok(text)
	}

	/// Checks `signature` (hex) of the open challenge by `account` (SS58) and, if it verifies,
	/// signs the connection in as `account`. The challenge is used up either way.
	pub fn login(&self, account: &str, signature: &str) -> Result<AccountId32, LoginError> {
		self.login_at(account, signature, Instant::now())
	}

	fn login_at(
		&self,
		account: &str,
		signature: &str,
		now: Instant,
	) -> Result<AccountId32, LoginError> {
		let mut state = self.state();
		let (challenge, issued) = state.challenge.take().ok_or(LoginError::NoChallenge)?;
		if now.saturating_duration_since(issued) > CHALLENGE_TTL {
			return Err(LoginError::Expired);
		}
		let who = AccountId32::from_ss58check(account).map_err(|_| LoginError::BadAccount)?;
		let raw = hex::decode(signature.trim_start_matches("0x"))
			.map_err(|_| LoginError::BadSignature)?;
		let raw: [u8; 64] = raw.try_into().map_err(|_| LoginError::BadSignature)?;
		let signature = sr25519::Signature::from_raw(raw);
		let public = sr25519::Public::from_raw(who.clone().into());
		let wrapped = format!("<Bytes>{challenge}</Bytes>");
		let verifies = sr25519::Pair::verify(&signature, challenge.as_bytes(), &public) ||
			sr25519::Pair::verify(&signature, wrapped.as_bytes(), &public);
		if !verifies {
			return Err(LoginError::WrongSignature);
		}
		state.account = Some(who.clone());
		Ok(who)
	}

	/// The signed-in account, if any.
	pub fn account(&self) -> Option<AccountId32> {
		self.state().account.clone()
	}

	/// Signs the connection out.
	pub fn logout(&self) {
		self.state().account = None;
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn alice() -> sr25519::Pair {
		sr25519::Pair::from_string("//Alice", None).expect("dev key")
	}

	fn address(pair: &sr25519::Pair) -> String {
		AccountId32::from(pair.public()).to_ss58check()
	}

	#[test]
	fn a_signed_challenge_signs_in_once() {
		let session = Session::default();
		let challenge = session.challenge("0xabc").expect("urandom");
		assert!(challenge.contains("chain: 0xabc"));
		let signature = hex::encode(alice().sign(challenge.as_bytes()).0);
		let who = session.login(&address(&alice()), &signature).expect("verifies");
		assert_eq!(session.account(), Some(who));
		// The challenge is used up: the same signature does not sign in again.
		assert_eq!(session.login(&address(&alice()), &signature), Err(LoginError::NoChallenge));
	}

	#[test]
	fn a_wallet_wrapped_signature_verifies() {
		let session = Session::default();
		let challenge = session.challenge("0xabc").expect("urandom");
		let wrapped = format!("<Bytes>{challenge}</Bytes>");
		let signature = hex::encode(alice().sign(wrapped.as_bytes()).0);
		assert!(session.login(&address(&alice()), &signature).is_ok());
	}

	#[test]
	fn someone_elses_signature_or_an_old_challenge_fails() {
		let bob = sr25519::Pair::from_string("//Bob", None).expect("dev key");
		let session = Session::default();
		let challenge = session.challenge("0xabc").expect("urandom");
		let by_bob = hex::encode(bob.sign(challenge.as_bytes()).0);
		assert_eq!(session.login(&address(&alice()), &by_bob), Err(LoginError::WrongSignature));
		assert_eq!(session.account(), None);

		let challenge = session.challenge("0xabc").expect("urandom");
		let signature = hex::encode(alice().sign(challenge.as_bytes()).0);
		let late = Instant::now() + CHALLENGE_TTL + Duration::from_secs(1);
		assert_eq!(
			session.login_at(&address(&alice()), &signature, late),
			Err(LoginError::Expired)
		);

		session.challenge("0xabc").expect("urandom");
		assert_eq!(session.login("not an address", &signature), Err(LoginError::BadAccount));
		session.challenge("0xabc").expect("urandom");
		assert_eq!(session.login(&address(&alice()), "0x1234"), Err(LoginError::BadSignature));
	}
}
