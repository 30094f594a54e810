//! Rate limits: a token bucket per client address and one per signed-in account.
//!
//! Per address stops one machine from flooding the node behind the gateway; per account stops a
//! citizen (or a stolen key) from doing it from many machines. Each bucket holds `burst` tokens
//! and refills at `per_second`; a request takes one. The tables are bounded: when one grows past
//! its cap, buckets that have refilled completely (idle clients) are dropped, and if that is not
//! enough the request is refused rather than the table grown.

use std::{
	collections::HashMap,
	hash::Hash,
	sync::Mutex,
	time::{Duration, Instant},
};

/// How fast a client may go.
#[derive(Clone, Copy, Debug)]
pub struct Rate {
	/// Tokens added per second.
	pub per_second: f64,
	/// Most tokens a bucket holds: the longest burst allowed.
	pub burst: f64,
}

#[derive(Clone, Copy, Debug)]
struct Bucket {
	tokens: f64,
	at: Instant,
}

impl Bucket {
	fn refilled(self, rate: Rate, now: Instant) -> f64 {
		let elapsed = now.saturating_duration_since(self.at).as_secs_f64();
		(self.tokens + elapsed * rate.per_second).min(rate.burst)
	}
}

/// Token buckets keyed by `K`.
pub struct Limiter<K> {
	rate: Rate,
	max_keys: usize,
	buckets: Mutex<HashMap<K, Bucket>>,
}

impl<K: Hash + Eq + Clone> Limiter<K> {
	/// A limiter at `rate`, tracking at most `max_keys` clients at once.
	pub fn new(rate: Rate, max_keys: usize) -> Self {
		Self { rate, max_keys, buckets: Mutex::new(HashMap::new()) }
	}

	/// Takes a token from `key`'s bucket at `now`; `false` if it is empty.
	pub fn allow_at(&self, key: &K, now: Instant) -> bool {
		let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
		if !buckets.contains_key(key) && buckets.len() >= self.max_keys {
			let rate = self.rate;
			buckets.retain(|_, bucket| bucket.refilled(rate, now) < rate.burst);
			if buckets.len() >= self.max_keys {
				return false;
			}
		}
		let bucket = buckets
			.entry(key.clone())
			.or_insert(Bucket { tokens: self.rate.burst, at: now });
		let tokens = bucket.refilled(self.rate, now);
		if tokens < 1.0 {
			*bucket = Bucket { tokens, at: now };
			return false;
		}
		*bucket = Bucket { tokens: tokens - 1.0, at: now };
		true
	}

	/// Takes a token from `key`'s bucket now.
	pub fn allow(&self, key: &K) -> bool {
		self.allow_at(key, Instant::now())
	}
}

/// How long an idle client's bucket takes to refill completely.
pub fn refill_time(rate: Rate) -> Duration {
	Duration::from_secs_f64(rate.burst / rate.per_second.max(f64::MIN_POSITIVE))
}

#[cfg(test)]
mod tests {
	use super::*;

	const RATE: Rate = Rate { per_second: 2.0, burst: 3.0 };

	#[test]
	fn a_burst_then_the_rate() {
		let limiter = Limiter::new(RATE, 10);
		let t0 = Instant::now();
		assert!((0..3).all(|_| limiter.allow_at(&"a", t0)));
		assert!(!limiter.allow_at(&"a", t0), "the burst is spent");
		// Others are not affected.
		assert!(limiter.allow_at(&"b", t0));
		// Half a second later one token is back, and only one.
		let later = t0 + Duration::from_millis(500);
		assert!(limiter.allow_at(&"a", later));
		assert!(!limiter.allow_at(&"a", later));
	}

	#[test]
	fn the_table_is_bounded_and_sheds_idle_clients() {
		let limiter = Limiter::new(RATE, 2);
		let t0 = Instant::now();
		assert!(limiter.allow_at(&1, t0));
		assert!(limiter.allow_at(&2, t0));
		// Both are busy: a third client is refused rather than the table grown.
		assert!(!limiter.allow_at(&3, t0));
		// Once the first two have refilled they are idle and make room.
		let later = t0 + refill_time(RATE);
		assert!(limiter.allow_at(&3, later));
	}
}
