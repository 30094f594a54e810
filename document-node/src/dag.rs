//! Bounds on walking a DAG someone else built.
//!
//! Every document the node reads, pins or fetches from a peer is a DAG whose shape the node does
//! not choose: a client can `block/put` any dag-pb node, and a peer can answer with any block
//! that hashes right. A node with a million links, a chain a thousand levels deep, or a small DAG
//! whose nodes link the same child over and over (so that its unfolded tree is astronomically
//! large) must each end in a clear error after bounded work, never in a walk that runs until the
//! node falls over. A [`Walk`] keeps the tally every walk of the store shares: the blocks seen
//! (a visited set, so a block linked twice is fetched and decoded once), and the three limits of
//! [`WalkLimits`].

use cid::Cid;
use std::collections::HashSet;

/// How large a DAG the node agrees to walk. The defaults leave room for every document of the
/// profile: a 64 MiB file is 256 leaves under 2 nodes of at most 174 links, two levels deep.
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
pub struct WalkLimits {
	/// Blocks one walk may visit. Reading a file counts a block each time it is linked, since
	/// that is the work done; fetching or pinning counts each block once.
	pub max_blocks: u64,
	/// Links one node may have.
	pub max_links: usize,
	/// Links from the root to the deepest block.
	pub max_depth: usize,
}

impl Default for WalkLimits {
	fn default() -> Self {
		WalkLimits { max_blocks: 65_536, max_links: 1024, max_depth: 16 }
	}
}

/// Which limit a DAG went over.
#[derive(Debug, thiserror::Error, Eq, PartialEq)]
pub enum LimitError {
	#[error(
		"the DAG under {root} has more than {limit} blocks (--max-dag-blocks); it was not walked \
		 further"
	)]
	TooManyBlocks { root: String, limit: u64 },
	#[error("block {cid} has more than {limit} links (--max-dag-links); it was not walked")]
	TooManyLinks { cid: String, limit: usize },
	#[error(
		"the DAG under {root} is deeper than {limit} levels (--max-dag-depth); it was not walked \
		 further"
	)]
	TooDeep { root: String, limit: usize },
}

/// The tally of one walk from one root.
pub struct Walk {
	root: Cid,
	limits: WalkLimits,
	visited: HashSet<Cid>,
	visits: u64,
}

impl Walk {
	pub fn new(root: Cid, limits: WalkLimits) -> Self {
		Walk { root, limits, visited: HashSet::new(), visits: 0 }
	}

	pub fn limits(&self) -> WalkLimits {
		self.limits
	}

	/// Records that `cid` is reached at `depth` (the root is at 0). Returns whether this is the
	/// first time: a walk that only needs every block once skips the repeats, so repeated links
	/// cost nothing and can never loop. Every distinct block counts toward `max_blocks`.
	pub fn first_visit(&mut self, cid: &Cid, depth: usize) -> Result<bool, LimitError> {
		self.check_depth(depth)?;
		if !self.visited.insert(*cid) {
			return Ok(false);
		}
		self.count()?;
		Ok(true)
	}

	/// Records one more visit of `cid` at `depth` for a walk that unfolds the DAG (reading a
	/// file, where a leaf linked twice is read twice): every visit counts toward `max_blocks`.
	pub fn visit(&mut self, cid: &Cid, depth: usize) -> Result<(), LimitError> {
		self.check_depth(depth)?;
		self.visited.insert(*cid);
		self.count()
	}

	/// Checks a node's number of links before its children are queued.
	pub fn check_links(&self, cid: &Cid, links: usize) -> Result<(), LimitError> {
		if links > self.limits.max_links {
			return Err(LimitError::TooManyLinks {
				cid: cid.to_string(),
				limit: self.limits.max_links,
			});
		}
		Ok(())
	}

	/// Distinct blocks seen so far.
	pub fn distinct(&self) -> usize {
		self.visited.len()
	}

	/// The distinct blocks seen.
	pub fn into_visited(self) -> HashSet<Cid> {
		self.visited
	}

	fn check_depth(&self, depth: usize) -> Result<(), LimitError> {
		if depth > self.limits.max_depth {
			return Err(LimitError::TooDeep {
				root: self.root.to_string(),
				limit: self.limits.max_depth,
			});
		}
		Ok(())
	}

	fn count(&mut self) -> Result<(), LimitError> {
		self.visits += 1;
		if self.visits > self.limits.max_blocks {
			return Err(LimitError::TooManyBlocks {
				root: self.root.to_string(),
				limit: self.limits.max_blocks,
			});
		}
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::profile::{cid_of, RAW};

	fn limits(max_blocks: u64, max_links: usize, max_depth: usize) -> WalkLimits {
		WalkLimits { max_blocks, max_links, max_depth }
	}

	#[test]
	fn a_repeated_link_is_visited_once() {
		let root = cid_of(RAW, b"root");
		let leaf = cid_of(RAW, b"leaf");
		let mut walk = Walk::new(root, limits(2, 10, 4));
		assert_eq!(walk.first_visit(&root, 0), Ok(true));
		assert_eq!(walk.first_visit(&leaf, 1), Ok(true));
		// A million more links to the same leaf cost nothing and never reach the block limit.
		for _ in 0..1_000_000 {
			assert_eq!(walk.first_visit(&leaf, 1), Ok(false));
		}
		assert_eq!(walk.distinct(), 2);
	}

	#[test]
	fn unfolding_counts_every_visit() {
		let root = cid_of(RAW, b"root");
		let leaf = cid_of(RAW, b"leaf");
		let mut walk = Walk::new(root, limits(3, 10, 4));
		walk.visit(&root, 0).unwrap();
		walk.visit(&leaf, 1).unwrap();
		walk.visit(&leaf, 1).unwrap();
		assert_eq!(
			walk.visit(&leaf, 1),
			Err(LimitError::TooManyBlocks { root: root.to_string(), limit: 3 })
		);
	}

	#[test]
	fn distinct_blocks_over_the_limit_are_refused() {
		let root = cid_of(RAW, b"root");
		let mut walk = Walk::new(root, limits(2, 10, 4));
		walk.first_visit(&root, 0).unwrap();
		walk.first_visit(&cid_of(RAW, b"a"), 1).unwrap();
		assert!(matches!(
			walk.first_visit(&cid_of(RAW, b"b"), 1),
			Err(LimitError::TooManyBlocks { limit: 2, .. })
		));
	}

	#[test]
	fn too_many_links_and_too_deep_are_refused() {
		let root = cid_of(RAW, b"root");
		let mut walk = Walk::new(root, limits(100, 174, 2));
		assert_eq!(walk.check_links(&root, 174), Ok(()));
		assert!(matches!(
			walk.check_links(&root, 1_000_000),
			Err(LimitError::TooManyLinks { limit: 174, .. })
		));
		walk.first_visit(&cid_of(RAW, b"2"), 2).unwrap();
		assert!(matches!(
			walk.first_visit(&cid_of(RAW, b"3"), 3),
			Err(LimitError::TooDeep { limit: 2, .. })
		));
	}

	#[test]
	fn defaults_fit_the_largest_default_document() {
		// 64 MiB: 256 leaves and a root over 2 nodes, each within 174 links.
		let d = WalkLimits::default();
		assert!(
			d.max_blocks >= 259 && d.max_links >= crate::profile::MAX_LINKS && d.max_depth >= 2
		);
	}
}
