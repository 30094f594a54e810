//! Places in the administrative hierarchy: where an agency works, where a staff member is
//! posted, where a citizen's household is registered.
//!
//! A [`RegionCode`] is a twelve-digit statistical division code, read from the left:
//!
//! | digits | level |
//! |---|---|
//! | `PP` | province (11 to 82) |
//! | `PPCC` | city (prefecture) |
//! | `PPCCDD` | county (district) |
//! | `PPCCDDSSS` | sub-district (township, street office) |
//! | `PPCCDDSSSNNN` | neighbourhood (community, village committee) |
//!
//! Trailing zeros mean "the whole of the level above": `110105000000` is Chaoyang district of
//! Beijing, `110105001000` one of its sub-districts, `110105001001` a neighbourhood of that. This
//! is the one place that knows the layout; everything else asks [`RegionCode::contains`] and
//! [`RegionCode::parent`].

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// A level of the administrative hierarchy, from the widest to the narrowest.
#[derive(
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	Ord,
	PartialEq,
	PartialOrd,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
pub enum RegionLevel {
	Province,
	City,
	County,
	SubDistrict,
	Neighbourhood,
}

/// A twelve-digit administrative division code (see the module docs). Only codes that
/// [`RegionCode::level`] accepts are ever stored.
#[derive(
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	Ord,
	PartialEq,
	PartialOrd,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct RegionCode(pub u64);

/// How many units of each level's digits sit below it: the divisor that cuts a code down to
/// that level.
const SCALE: [(RegionLevel, u64); 5] = [
	(RegionLevel::Province, 10_000_000_000),
	(RegionLevel::City, 100_000_000),
	(RegionLevel::County, 1_000_000),
	(RegionLevel::SubDistrict, 1_000),
	(RegionLevel::Neighbourhood, 1),
];

/// One more than the largest code.
const END: u64 = 1_000_000_000_000;

impl RegionCode {
	/// The level of the code, or `None` if it is not a well-formed division code: twelve digits,
	/// a province between 11 and 82, and no level filled in below an empty one.
	pub fn level(&self) -> Option<RegionLevel> {
		if self.0 >= END || !(11..=82).contains(&(self.0 / SCALE[0].1)) {
			return None;
		}
		let mut level = RegionLevel::Province;
		let mut gap = false;
		for window in SCALE.windows(2) {
			let (upper, lower) = (window[0].1, window[1]);
			let part = (self.0 % upper) / lower.1;
			match (part, gap) {
				(0, _) => gap = true,
				(_, true) => return None,
				(_, false) => level = lower.0,
			}
		}
		Some(level)
	}

	/// Whether the code is well formed.
	pub fn is_valid(&self) -> bool {
		self.level().is_some()
	}

	/// The code cut down to `level` (itself if it is at that level or above).
	pub fn at(&self, level: RegionLevel) -> RegionCode {
		let scale = SCALE.iter().find(|(l, _)| *l == level).map_or(1, |(_, s)| *s);
		RegionCode(self.0 / scale * scale)
	}

	/// The region one level up, or `None` for a province (or an ill-formed code).
	pub fn parent(&self) -> Option<RegionCode> {
		let parent_level = match self.level()? {
			RegionLevel::Province => return None,
			RegionLevel::City => RegionLevel::Province,
			RegionLevel::County => RegionLevel::City,
			RegionLevel::SubDistrict => RegionLevel::County,
			RegionLevel::Neighbourhood => RegionLevel::SubDistrict,
		};
		Some(self.at(parent_level))
	}

	/// Whether `other` lies in this region (a region contains itself).
	pub fn contains(&self, other: &RegionCode) -> bool {
		match self.level() {
			Some(level) => other.is_valid() && other.at(level) == *self,
			None => false,
		}
	}

	/// This region and every region above it, narrowest first.
	pub fn with_ancestors(&self) -> impl Iterator<Item = RegionCode> {
		core::iter::successors(Some(*self).filter(RegionCode::is_valid), RegionCode::parent)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	const BEIJING: RegionCode = RegionCode(110_000_000_000);
	const CHAOYANG: RegionCode = RegionCode(110_105_000_000);
	const JIANWAI: RegionCode = RegionCode(110_105_001_000);
	const COMMUNITY: RegionCode = RegionCode(110_105_001_001);

	#[test]
	fn levels_follow_the_filled_digits() {
		assert_eq!(BEIJING.level(), Some(RegionLevel::Province));
		assert_eq!(RegionCode(110_100_000_000).level(), Some(RegionLevel::City));
		assert_eq!(CHAOYANG.level(), Some(RegionLevel::County));
		assert_eq!(JIANWAI.level(), Some(RegionLevel::SubDistrict));
		assert_eq!(COMMUNITY.level(), Some(RegionLevel::Neighbourhood));
	}

	#[test]
	fn ill_formed_codes_are_refused() {
		assert_eq!(RegionCode(0).level(), None);
		assert_eq!(RegionCode(990_000_000_000).level(), None);
		assert_eq!(RegionCode(END).level(), None);
		// A neighbourhood under an empty sub-district.
		assert_eq!(RegionCode(110_105_000_001).level(), None);
		// A county under an empty city.
		assert_eq!(RegionCode(110_005_000_000).level(), None);
	}

	#[test]
	fn containment_follows_the_hierarchy() {
		assert!(BEIJING.contains(&COMMUNITY));
		assert!(CHAOYANG.contains(&JIANWAI));
		assert!(JIANWAI.contains(&JIANWAI));
		assert!(!JIANWAI.contains(&CHAOYANG));
		assert!(!RegionCode(310_000_000_000).contains(&COMMUNITY));
		assert!(!RegionCode(0).contains(&COMMUNITY));
	}

	#[test]
	fn ancestors_go_up_to_the_province() {
		let chain: Vec<_> = COMMUNITY.with_ancestors().collect();
		assert_eq!(chain, vec![COMMUNITY, JIANWAI, CHAOYANG, RegionCode(110_100_000_000), BEIJING]);
		assert_eq!(RegionCode(5).with_ancestors().count(), 0);
	}
}
