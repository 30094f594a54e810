//! The gateway's refusals, each with its own JSON-RPC error code, so a client can tell "sign in"
//! from "not yours" from "slow down" without parsing messages.

use jsonrpsee::types::{ErrorObject, ErrorObjectOwned};

/// The request needs a signed-in account.
pub const NOT_SIGNED_IN: i32 = -32040;
/// The record or transaction belongs to someone else.
pub const NOT_YOURS: i32 = -32041;
/// The gateway does not offer this to citizens.
pub const NOT_OFFERED: i32 = -32042;
/// Too many requests from this address or account.
pub const RATE_LIMITED: i32 = -32043;
/// The challenge was missing, expired, or not signed by the account.
pub const LOGIN_FAILED: i32 = -32044;
/// The node behind the gateway failed.
pub const NODE_FAILED: i32 = -32045;
/// The request was malformed.
pub const BAD_REQUEST: i32 = -32602;

fn error(code: i32, message: impl Into<String>) -> ErrorObjectOwned {
	ErrorObject::owned(code, message, None::<()>)
}

/// The request needs a signed-in account.
pub fn not_signed_in() -> ErrorObjectOwned {
	error(
		NOT_SIGNED_IN,
		"sign in first: call gateway_challenge, sign the challenge with your key, and send the \
		 signature to gateway_login",
	)
}

/// `what` belongs to someone else.
pub fn not_yours(what: impl std::fmt::Display) -> ErrorObjectOwned {
	error(NOT_YOURS, format!("{what} is not yours: the gateway shows only your own records"))
}

/// `what` is not offered to citizens, and why.
pub fn not_offered(what: impl std::fmt::Display, why: &str) -> ErrorObjectOwned {
	error(NOT_OFFERED, format!("{what} is not offered by the citizen gateway: {why}"))
}

/// Too many requests from `whom`.
pub fn rate_limited(whom: &str) -> ErrorObjectOwned {
	error(RATE_LIMITED, format!("too many requests from this {whom}: slow down and retry"))
}

/// Signing in failed, and why.
pub fn login_failed(why: impl std::fmt::Display) -> ErrorObjectOwned {
	error(LOGIN_FAILED, format!("sign-in failed: {why}"))
}

/// The node failed to answer.
pub fn node_failed(why: impl std::fmt::Display) -> ErrorObjectOwned {
	error(NODE_FAILED, format!("the node behind the gateway failed: {why}"))
}

/// The request's parameters are malformed.
pub fn bad_request(why: impl std::fmt::Display) -> ErrorObjectOwned {
	error(BAD_REQUEST, format!("invalid parameters: {why}"))
}
