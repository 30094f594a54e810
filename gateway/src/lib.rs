//! The citizen gateway: the one JSON-RPC endpoint citizens and enterprises reach the chain through.
//!
//! An agency's node serves its own staff on loopback (see `docs/deployment.md`); citizens never
//! talk to it. The gateway sits in front of one node and speaks the node's own JSON-RPC, so
//! `@polkadot/api` works through it unchanged, but:
//!
//! - a citizen **signs in with their key**: `gateway_challenge` hands out a one-time challenge, the
//!   citizen signs it (sr25519, raw or wrapped in `<Bytes>` as wallet extensions do) and
//!   `gateway_login` binds the connection to their account ([`session`]);
//! - they may **submit only transactions signed by that account** ([`extrinsic`]);
//! - they may **read only their own records** (their registration, cases with full history,
//!   payments, seals and grants) and the public parameters: every storage key is classified by the
//!   storage item it belongs to and checked against its owner ([`policy`], [`upstream`]); block
//!   bodies and events, which carry everyone's call arguments, are refused;
//! - every request is **rate-limited** per address and per signed-in account ([`limits`]).
//!
//! Everything else is refused with a named error ([`errors`]).

pub mod errors;
pub mod extrinsic;
pub mod limits;
pub mod methods;
pub mod policy;
pub mod server;
pub mod session;
pub mod upstream;
