//! Who may peer with the consortium's nodes: only nodes the chain names.
//!
//! The ledger holds citizens' cases, so a node outside the consortium must not be able to sync
//! it. `pallet_node_authorization` keeps the set of authorised nodes (each agency's nodes, by
//! libp2p PeerId) in state, and its offchain worker hands the set to the node's network on every
//! block as its reserved peers, with reserved-only mode on: a validator then opens the sync
//! protocol only to authorised peers. Adding, removing, swapping or resetting nodes is
//! governance's (root, or two thirds of the council). The pallet's self-service calls (claiming a
//! node, managing its extra connections) are closed by `BaseCallFilter`, so no single agency can
//! let an outside node in on its own.

use crate::{Runtime, RuntimeEvent};
use frame_support::parameter_types;

use super::GovernanceOrigin;

parameter_types! {
	/// Most authorised nodes: a few per agency for the largest consortium.
	pub const MaxWellKnownNodes: u32 = 4 * super::MAX_AGENCIES;
	/// A libp2p PeerId's bytes (an ed25519 key's identity multihash is 38 bytes).
	pub const MaxPeerIdLength: u32 = 128;
}

impl pallet_node_authorization::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type MaxWellKnownNodes = MaxWellKnownNodes;
	type MaxPeerIdLength = MaxPeerIdLength;
	type AddOrigin = GovernanceOrigin;
	type RemoveOrigin = GovernanceOrigin;
	type SwapOrigin = GovernanceOrigin;
	type ResetOrigin = GovernanceOrigin;
	// The pallet ships no benchmarks; its own weights charge 50 ms of execution per call, far
	// above what writing a set of at most `MaxWellKnownNodes` entries costs on this machine
	// (see docs/deployment.md). They are dispatched only by governance.
	type WeightInfo = ();
}
