//! The API's bearer token.
//!
//! The Kubo RPC API adds and pins documents, so on a reachable address it must not be open to
//! whoever finds the port. On loopback it stays open, as Kubo's is: only the host's own programs
//! (the agency's chain node and tools) reach it. Bound anywhere else, the node refuses to start
//! without `--api-token-file`, and every API request must carry `Authorization: Bearer <token>`.
//! The gateway is not covered: it only serves documents by CID, and documents are ciphertext.

use anyhow::{bail, Context};
use sha2::{Digest, Sha256};
use std::{net::SocketAddr, path::Path};

/// The shortest token accepted: 128 bits as hex.
const MIN_TOKEN_LEN: usize = 32;

/// The secret a client must present.
#[derive(Clone)]
pub struct ApiToken {
	/// Only the hash is kept: comparing hashes takes the same time whatever the guess, and
	/// whatever its length.
	digest: [u8; 32],
}

impl std::fmt::Debug for ApiToken {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		f.write_str("ApiToken(..)")
	}
}

impl ApiToken {
	pub fn new(token: &str) -> anyhow::Result<Self> {
		let token = token.trim();
		if token.len() < MIN_TOKEN_LEN {
			bail!("the API token must have at least {MIN_TOKEN_LEN} characters");
		}
		Ok(ApiToken { digest: Sha256::digest(token.as_bytes()).into() })
	}

	/// Reads the token from the first line of a file (trailing whitespace ignored).
	pub fn from_file(path: &Path) -> anyhow::Result<Self> {
		let text = std::fs::read_to_string(path)
			.with_context(|| format!("cannot read the API token file {}", path.display()))?;
		ApiToken::new(text.lines().next().unwrap_or(""))
	}

	/// Whether an `Authorization` header value carries the token.
	pub fn accepts(&self, authorization: Option<&str>) -> bool {
		let Some(presented) = authorization.and_then(|v| v.strip_prefix("Bearer ")) else {
			return false;
		};
		let presented: [u8; 32] = Sha256::digest(presented.trim().as_bytes()).into();
		// Every byte is compared, whichever differs first.
		presented.iter().zip(self.digest.iter()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
	}
}

/// The token the API requires, if any: a listener beyond loopback must have one; on loopback a
/// token is checked only if one was given.
pub fn api_token(api: &SocketAddr, token_file: Option<&Path>) -> anyhow::Result<Option<ApiToken>> {
	match token_file {
		Some(path) => Ok(Some(ApiToken::from_file(path)?)),
		None if api.ip().is_loopback() => Ok(None),
		None => bail!(
			"--api {api} is reachable beyond this host: give --api-token-file with a secret \
			 token, or bind the API to 127.0.0.1"
		),
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	const TOKEN: &str = "0123456789abcdef0123456789abcdef";

	#[test]
	fn only_the_exact_bearer_token_is_accepted() {
		let token = ApiToken::new(TOKEN).unwrap();
		assert!(token.accepts(Some(&format!("Bearer {TOKEN}"))));
		assert!(!token.accepts(Some(&format!("Bearer {TOKEN}0"))));
		assert!(!token.accepts(Some(&format!("Bearer {}", &TOKEN[1..]))));
		assert!(!token.accepts(Some(TOKEN)));
		assert!(!token.accepts(Some("Bearer ")));
		assert!(!token.accepts(None));
	}

	#[test]
	fn short_tokens_are_refused() {
		assert!(ApiToken::new("secret").is_err());
	}

	#[test]
	fn beyond_loopback_a_token_is_required() {
		let public: SocketAddr = "0.0.0.0:5001".parse().unwrap();
		let loopback: SocketAddr = "127.0.0.1:5001".parse().unwrap();
		assert!(api_token(&public, None).is_err());
		assert!(api_token(&loopback, None).unwrap().is_none());

		let dir = tempfile::tempdir().unwrap();
		let file = dir.path().join("token");
		std::fs::write(&file, format!("{TOKEN}\n")).unwrap();
		let token = api_token(&public, Some(&file)).unwrap().unwrap();
		assert!(token.accepts(Some(&format!("Bearer {TOKEN}"))));
	}
}
