//! # Safety Net Chain primitives
//!
//! What every Safety Net Chain pallet shares, and nothing more: no storage, no calls.
//!
//! - [`roles`]: the agencies of the consortium ([`AgencyKind`]), the roles people hold in them
//!   ([`Role`]) and the one table that says which agency may grant or verify which role.
//! - [`cid`]: the content identifiers of off-chain documents, checked against the one CID profile
//!   the system accepts.
//! - [`registry`]: the trait through which business pallets ask the registration pallet "is this
//!   account registered, and does it hold role R for agency A?" without reading its storage.
//! - [`cases`]: the application lifecycle the four services share, and the payment schedules that
//!   follow an approval.
//! - [`region`]: places in the administrative hierarchy, for agencies' jurisdiction.
//! - [`figures`]: salted digests, which stand on chain for the personal figures a rule used.
//! - [`identity`]: keyed identity hashes, which find duplicates without revealing ID numbers.
//! - [`kit`]: what the four services share around the lifecycle: which agency takes their
//!   applications, who manages an approved case, the household review, parameter validity.
//! - [`bench`]: the set-ups the pallets' benchmarks share (only benchmarks use it).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod bench;
pub mod cases;
pub mod cid;
pub mod figures;
pub mod identity;
pub mod kit;
pub mod region;
pub mod registry;
pub mod roles;

pub use cid::{Cid, CidError, CidKind, MAX_CID_LEN};
pub use identity::{Household, IdentityHash, Persons, MAX_HOUSEHOLD, MAX_PERSONS};
pub use region::{RegionCode, RegionLevel};
pub use registry::{
	AgencyInfo, BenchmarkSetup, CitizenIdentity, OnRegistrationEnded, ParticipantRegistry,
	StaffPost,
};
pub use roles::{AgencyKind, ParticipantClass, ParticipantKind, Role, RoleSet, MAX_ROLES};

/// Identifies an agency of the consortium. Assigned in order by the registration pallet.
pub type AgencyId = u32;

/// The unique identification code registration yields for a citizen, an enterprise or a staff
/// member; later applications reference it instead of any personal data.
pub type ParticipantCode = u64;

/// Milliseconds since the Unix epoch, the unit of `pallet_timestamp` and of ID card validity.
pub type Moment = u64;
