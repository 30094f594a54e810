//! Who may talk bitswap with this node: the consortium's document nodes, and nobody else.
//!
//! Documents are ciphertext, but a stranger who can ask for blocks learns which CIDs an agency
//! holds, and one who can answer wants can fill its disk. So the swarm refuses every connection
//! from a peer outside the allow-list, before bitswap (or identify, or ping) runs on it: refused
//! peers get no blocks and send none, and each refusal is logged.
//!
//! The allow-list is the peers named by `--allow-peer <PeerId>`, the peer ids in `--peer`
//! addresses that carry `/p2p/<id>`, and the peer that answers when this node dials a `--peer`
//! address without one. The scripts give bare `/ip4/…/tcp/…` addresses, and every agency's node
//! dials the others', so each learns the others' ids from its own dials; until it has, an
//! inbound connection from them is refused and the two sides' redials meet within a round.

use rust_ipfs::{
	libp2p::swarm::{
		derive_prelude::{
			ConnectionDenied, ConnectionId, Endpoint, FromSwarm, PortUse, THandler,
			THandlerInEvent, THandlerOutEvent, ToSwarm,
		},
		dummy, ConnectionHandler, NetworkBehaviour,
	},
	Multiaddr, PeerId, Protocol,
};
use std::{
	collections::HashSet,
	sync::{Arc, RwLock},
	task::{Context, Poll},
};

/// Why a peer may connect, or that it may not.
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
pub enum Admission {
	/// Named by `--allow-peer`, by a `/p2p/` id in `--peer`, or learned from an earlier dial.
	Listed,
	/// Answered this node's dial of a `--peer` address: now listed.
	Learned,
	/// Anyone else.
	Refused,
}

/// The consortium's document nodes, shared by the swarm and whoever asks.
#[derive(Clone, Debug)]
pub struct AllowList {
	peers: Arc<RwLock<HashSet<PeerId>>>,
	/// The `--peer` addresses without their `/p2p/` part, to recognize a dial of one.
	dialable: Arc<Vec<Multiaddr>>,
}

impl AllowList {
	pub fn new(configured: &[Multiaddr], allowed: &[PeerId]) -> Self {
		let mut peers: HashSet<PeerId> = allowed.iter().copied().collect();
		peers.extend(configured.iter().filter_map(peer_of));
		AllowList {
			peers: Arc::new(RwLock::new(peers)),
			dialable: Arc::new(configured.iter().map(without_peer).collect()),
		}
	}

	/// Decides a connection with `peer`; `dialed` is the address this node dialed, for an
	/// outbound connection. A peer that answers a dial of a configured address is remembered.
	pub fn admit(&self, peer: &PeerId, dialed: Option<&Multiaddr>) -> Admission {
		if self.peers.read().unwrap_or_else(|e| e.into_inner()).contains(peer) {
			return Admission::Listed;
		}
		match dialed {
			Some(addr) if self.dialable.contains(&without_peer(addr)) => {
				self.peers.write().unwrap_or_else(|e| e.into_inner()).insert(*peer);
				Admission::Learned
			},
			_ => Admission::Refused,
		}
	}

	/// Whether `peer` is listed now.
	pub fn contains(&self, peer: &PeerId) -> bool {
		self.peers.read().unwrap_or_else(|e| e.into_inner()).contains(peer)
	}
}

/// The peer id of a `/p2p/` address.
pub fn peer_of(addr: &Multiaddr) -> Option<PeerId> {
	addr.iter().find_map(|p| match p {
		Protocol::P2p(peer) => Some(peer),
		_ => None,
	})
}

fn without_peer(addr: &Multiaddr) -> Multiaddr {
	addr.iter().filter(|p| !matches!(p, Protocol::P2p(_))).collect()
}

#[derive(Debug, thiserror::Error)]
#[error("peer {0} is not a consortium document node (--peer / --allow-peer)")]
struct NotInConsortium(PeerId);

/// The swarm behaviour that enforces the [`AllowList`]: it has no protocol of its own, it only
/// denies connections.
pub struct ConsortiumOnly {
	allow: AllowList,
}

impl ConsortiumOnly {
	pub fn new(allow: AllowList) -> Self {
		ConsortiumOnly { allow }
	}

	fn decide(
		&self,
		peer: PeerId,
		remote: &Multiaddr,
		dialed: Option<&Multiaddr>,
	) -> Result<dummy::ConnectionHandler, ConnectionDenied> {
		match self.allow.admit(&peer, dialed) {
			Admission::Listed => Ok(dummy::ConnectionHandler),
			Admission::Learned => {
				log::info!("document node {peer} answered at {remote}: allowed");
				Ok(dummy::ConnectionHandler)
			},
			Admission::Refused => {
				log::warn!(
					"refused a connection with peer {peer} at {remote}: not a consortium document \
					 node (--peer / --allow-peer)"
				);
				Err(ConnectionDenied::new(NotInConsortium(peer)))
			},
		}
	}
}

impl NetworkBehaviour for ConsortiumOnly {
	type ConnectionHandler = dummy::ConnectionHandler;
	// rust-ipfs requires its custom behaviour to emit nothing, in its own "never" type.
	type ToSwarm = <dummy::ConnectionHandler as ConnectionHandler>::ToBehaviour;

	fn handle_established_inbound_connection(
		&mut self,
		_connection_id: ConnectionId,
		peer: PeerId,
		_local_addr: &Multiaddr,
		remote_addr: &Multiaddr,
	) -> Result<THandler<Self>, ConnectionDenied> {
		self.decide(peer, remote_addr, None)
	}

	fn handle_established_outbound_connection(
		&mut self,
		_connection_id: ConnectionId,
		peer: PeerId,
		addr: &Multiaddr,
		_role_override: Endpoint,
		_port_use: PortUse,
	) -> Result<THandler<Self>, ConnectionDenied> {
		self.decide(peer, addr, Some(addr))
	}

	fn on_swarm_event(&mut self, _event: FromSwarm) {}

	fn on_connection_handler_event(
		&mut self,
		_peer_id: PeerId,
		_connection_id: ConnectionId,
		event: THandlerOutEvent<Self>,
	) {
		match event {}
	}

	fn poll(
		&mut self,
		_cx: &mut Context<'_>,
	) -> Poll<ToSwarm<Self::ToSwarm, THandlerInEvent<Self>>> {
		Poll::Pending
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn peer() -> PeerId {
		PeerId::random()
	}

	#[test]
	fn allow_peer_and_p2p_ids_are_listed() {
		let (a, b) = (peer(), peer());
		let with_id: Multiaddr = format!("/ip4/10.0.0.2/tcp/4001/p2p/{b}").parse().unwrap();
		let allow = AllowList::new(&[with_id], &[a]);
		assert_eq!(allow.admit(&a, None), Admission::Listed);
		assert_eq!(allow.admit(&b, None), Admission::Listed);
	}

	#[test]
	fn a_stranger_is_refused_inbound_and_when_dialed_elsewhere() {
		let configured: Multiaddr = "/ip4/127.0.0.1/tcp/4002".parse().unwrap();
		let allow = AllowList::new(&[configured], &[]);
		let stranger = peer();
		assert_eq!(allow.admit(&stranger, None), Admission::Refused);
		let elsewhere: Multiaddr = "/ip4/127.0.0.1/tcp/9999".parse().unwrap();
		assert_eq!(allow.admit(&stranger, Some(&elsewhere)), Admission::Refused);
		assert!(!allow.contains(&stranger));
	}

	#[test]
	fn the_peer_answering_a_configured_address_is_learned() {
		let configured: Multiaddr = "/ip4/127.0.0.1/tcp/4002".parse().unwrap();
		let allow = AllowList::new(std::slice::from_ref(&configured), &[]);
		let b = peer();
		// Before this node has dialed B, B calling in is a stranger.
		assert_eq!(allow.admit(&b, None), Admission::Refused);
		// The dialed address may come back with B's id appended.
		let answered = configured.with(Protocol::P2p(b));
		assert_eq!(allow.admit(&b, Some(&answered)), Admission::Learned);
		assert_eq!(allow.admit(&b, None), Admission::Listed);
	}

	#[test]
	fn an_empty_list_admits_nobody() {
		let allow = AllowList::new(&[], &[]);
		assert_eq!(allow.admit(&peer(), None), Admission::Refused);
	}
}
