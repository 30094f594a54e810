//! # safetynet-docs
//!
//! The document node of Safety Net Chain, and the client tools around it.
//!
//! Application documents, photos and videos live off chain in IPFS; the chain keeps their CIDs.
//! Each agency runs a `safetynet-docs` node beside its `safetynet-node`:
//!
//! - [`store`]: an embedded IPFS node (`rust-ipfs`: blocks on disk, libp2p, bitswap) that fetches
//!   other agencies' documents by CID and checks every block it reads against its hash;
//! - [`api`]: the subset of the Kubo RPC API clients use (`add`, `block/put`, `cat`, `pin/add`,
//!   `id`) and a path gateway (`GET /ipfs/{cid}`);
//! - [`http`]: serving them to clients that may be hostile: connection, header, request-time and
//!   in-flight limits; [`auth`]: the API's bearer token beyond loopback;
//! - [`dag`]: the bounds of every DAG walk; [`quota`]: the block store's disk budget; [`peers`]:
//!   bitswap with the consortium's document nodes only;
//! - [`profile`]: the one CID profile (`ipfs add --cid-version=1`), computed and read back;
//! - [`crypto`]: client-side `age` encryption of documents and wrapping of case keys for grants;
//! - [`client`]: a Kubo RPC client, so tools work against this node or a Kubo daemon alike;
//! - [`identity`]: the keyed identity hash an agency computes from an ID card it checked;
//! - [`verify`]: checks a document or an approval record against the seals on chain;
//! - [`custody`] and [`keys`]: the node as custodian of case keys (released only against access
//!   receipts on chain, destroyed on erasure) and its `/keys/*` endpoints; [`erasure`]: the check
//!   that an erasure is complete; [`refetch`] and [`backup`]: a lost store pinned again from the
//!   other nodes, and the whole network's documents copied to a directory and back; [`chain`]: what
//!   all of these read from the chain.
//!
//! The node and runtime crates do not depend on this one: their builds do not grow with IPFS.

pub mod api;
pub mod auth;
pub mod backup;
pub mod chain;
pub mod client;
pub mod crypto;
pub mod custody;
pub mod dag;
pub mod erasure;
pub mod http;
pub mod identity;
pub mod keys;
pub mod peers;
pub mod profile;
pub mod quota;
pub mod refetch;
pub mod report;
pub mod store;
pub mod verify;
