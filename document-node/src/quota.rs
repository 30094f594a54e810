//! The disk quota of the block store.
//!
//! A document node writes blocks for two kinds of strangers: clients adding files and peers
//! answering its bitswap wants. Either could fill the disk the chain node shares, so the store
//! has a budget of bytes. Space is reserved before a block is written (an add) or counted as soon
//! as it arrives (a fetch, whose size is only known then), and given back when a refused
//! operation removes what it wrote. The running total is kept here rather than asked of the
//! repository, which can only find it by listing every block file.

use std::sync::atomic::{AtomicU64, Ordering};

/// Why a block was not stored.
#[derive(Debug, thiserror::Error, Eq, PartialEq)]
#[error(
	"the block store is full: {used} of {limit} bytes used, {wanted} more needed (--store-quota-mib); \
	 nothing was stored"
)]
pub struct QuotaExceeded {
	pub used: u64,
	pub limit: u64,
	pub wanted: u64,
}

/// Bytes of blocks on disk against the budget.
#[derive(Debug)]
pub struct Quota {
	limit: u64,
	used: AtomicU64,
}

impl Quota {
	/// A quota of `limit` bytes of which `used` are taken by the blocks already on disk.
	pub fn new(limit: u64, used: u64) -> Self {
		Quota { limit, used: AtomicU64::new(used) }
	}

	/// Takes `bytes` from the budget, or refuses if they do not fit; concurrent writers never
	/// both get the last free bytes.
	pub fn reserve(&self, bytes: u64) -> Result<(), QuotaExceeded> {
		self.used
			.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |used| {
				used.checked_add(bytes).filter(|total| *total <= self.limit)
			})
			.map(|_| ())
			.map_err(|used| QuotaExceeded { used, limit: self.limit, wanted: bytes })
	}

	/// Whether anything more can be stored: a fetch asks this before it wants a block whose
	/// size it will only learn on arrival.
	pub fn has_room(&self) -> Result<(), QuotaExceeded> {
		let used = self.used();
		if used >= self.limit {
			return Err(QuotaExceeded { used, limit: self.limit, wanted: 1 });
		}
		Ok(())
	}

	/// Counts `bytes` already written (a block a peer sent), even past the limit, so the caller
	/// can see the overrun and undo it.
	pub fn charge(&self, bytes: u64) -> Result<(), QuotaExceeded> {
		let before = self.used.fetch_add(bytes, Ordering::SeqCst);
		if before.saturating_add(bytes) > self.limit {
			return Err(QuotaExceeded { used: before, limit: self.limit, wanted: bytes });
		}
		Ok(())
	}

	/// Gives back the space of removed blocks.
	pub fn release(&self, bytes: u64) {
		// Clamped: the total is never below zero, even if a removal is counted twice.
		let _ = self.used.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |used| {
			Some(used.saturating_sub(bytes))
		});
	}

	/// Bytes in use.
	pub fn used(&self) -> u64 {
		self.used.load(Ordering::SeqCst)
	}

	/// The budget.
	pub fn limit(&self) -> u64 {
		self.limit
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn reserve_refuses_what_does_not_fit_and_keeps_the_total() {
		let quota = Quota::new(100, 40);
		assert_eq!(quota.reserve(60), Ok(()));
		assert_eq!(quota.reserve(1), Err(QuotaExceeded { used: 100, limit: 100, wanted: 1 }));
		assert_eq!(quota.used(), 100);
		quota.release(30);
		assert_eq!(quota.reserve(30), Ok(()));
		assert_eq!(quota.used(), 100);
	}

	#[test]
	fn charge_counts_an_overrun_so_it_can_be_undone() {
		let quota = Quota::new(100, 90);
		assert_eq!(quota.has_room(), Ok(()));
		assert!(quota.charge(20).is_err());
		assert_eq!(quota.used(), 110);
		assert!(quota.has_room().is_err());
		quota.release(20);
		assert_eq!(quota.used(), 90);
	}

	#[test]
	fn release_never_goes_below_zero() {
		let quota = Quota::new(10, 5);
		quota.release(50);
		assert_eq!(quota.used(), 0);
	}

	#[test]
	fn concurrent_reservations_never_overcommit() {
		let quota = std::sync::Arc::new(Quota::new(1000, 0));
		let threads: Vec<_> = (0..8)
			.map(|_| {
				let quota = quota.clone();
				std::thread::spawn(move || (0..1000).filter(|_| quota.reserve(1).is_ok()).count())
			})
			.collect();
		let granted: usize = threads.into_iter().map(|t| t.join().unwrap()).sum();
		assert_eq!(granted, 1000);
		assert_eq!(quota.used(), 1000);
	}
}
