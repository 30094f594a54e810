//! How much of each slot this node's author may spend building its block.
//!
//! Aura gives the author of a slot a share of it to build its block; a proposal not finished
//! within that share is thrown away and the slot is lost. The rest of the slot is for the other
//! validators to import the block before the next author builds on it: an importer still busy
//! with the last block when its own slot comes builds beside it, on the block before (a fork).
//!
//! Substrate's usual share is two thirds. A development chain has one validator and nobody
//! else to wait for, so there the author gets most of the slot: measured with 12 000
//! citizens' applications, two thirds (2 s of a 3 s slot) threw away blocks the weight limit
//! allowed but the author could not finish in time (`docs/performance.md`).

use sc_consensus_aura::SlotProportion;
use sc_service::ChainType;

/// Substrate's usual share, for a chain with several validators.
pub const SHARED_CHAIN_PERCENT: u8 = 67;

/// A development chain's share: its one validator imports nothing but its own blocks.
pub const DEVELOPMENT_CHAIN_PERCENT: u8 = 90;

/// The share in percent: the operator's `--block-proposal-share`, or the default for the kind
/// of chain.
pub fn proposal_percent(requested: Option<u8>, chain_type: &ChainType) -> u8 {
	requested.unwrap_or(match chain_type {
		ChainType::Development => DEVELOPMENT_CHAIN_PERCENT,
		_ => SHARED_CHAIN_PERCENT,
	})
}

/// The share as Aura takes it.
pub fn proposal_share(percent: u8) -> SlotProportion {
	SlotProportion::new(f32::from(percent) / 100.0)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_development_chain_gives_its_author_most_of_the_slot() {
		assert_eq!(proposal_percent(None, &ChainType::Development), 90);
		assert_eq!(proposal_percent(None, &ChainType::Local), 67);
		assert_eq!(proposal_percent(None, &ChainType::Live), 67);
	}

	#[test]
	fn the_operator_s_choice_wins() {
		assert_eq!(proposal_percent(Some(50), &ChainType::Development), 50);
		assert_eq!(proposal_percent(Some(80), &ChainType::Live), 80);
	}

	#[test]
	fn the_share_is_a_fraction_of_the_slot() {
		assert!((proposal_share(90).get() - 0.9).abs() < 1e-6);
		assert!((proposal_share(67).get() - 0.67).abs() < 1e-6);
	}
}
