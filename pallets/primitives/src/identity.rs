//! Who a person is, without saying who they are.
//!
//! The chain must tell when two accounts, or two applications, concern the same person (one
//! person, one registration; one household, one benefit), but must not let anyone learn or test
//! an ID number. It keeps an [`IdentityHash`]: HMAC-SHA-256 of the normalized ID card number under
//! the consortium's *identity key*, a secret the agencies hold off chain (never in the chain spec
//! or in any transaction). Only an agency that checked the ID card computes it (`safetynet-docs
//! identity-hash`), when it verifies a citizen or registers a staff member, and when it records the
//! members of a household. Equal ID numbers give equal hashes, so duplicates are found; without
//! the key, a guessed ID number cannot be tested against the chain.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::ConstU32, BoundedVec};
use scale_info::TypeInfo;

/// HMAC-SHA-256 of a normalized ID card number under the consortium's identity key.
#[derive(
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Default,
	Encode,
	Eq,
	Hash,
	MaxEncodedLen,
	Ord,
	PartialEq,
	PartialOrd,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct IdentityHash(pub [u8; 32]);

/// Most members of a household besides the person it is registered to.
pub const MAX_HOUSEHOLD: u32 = 15;

/// The members of a household besides the person it is registered to, by identity hash.
pub type Household = BoundedVec<IdentityHash, ConstU32<MAX_HOUSEHOLD>>;

/// Most people a case concerns: the applicant and their household.
pub const MAX_PERSONS: u32 = MAX_HOUSEHOLD + 1;

/// The people a case concerns, by identity hash: the applicant first.
pub type Persons = BoundedVec<IdentityHash, ConstU32<MAX_PERSONS>>;
