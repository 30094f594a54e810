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
//! - [`cases`]: the application lifecycle the four services share, and the payment schedules
//!   that follow an approval.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod cases;
pub mod cid;
pub mod registry;
pub mod roles;

pub use cid::{Cid, CidError, CidKind, MAX_CID_LEN};
pub use registry::{AgencyInfo, BenchmarkSetup, CitizenIdentity, ParticipantRegistry};
pub use roles::{AgencyKind, Role, RoleSet, MAX_ROLES};

/// Identifies an agency of the consortium. Assigned in order by the registration pallet.
pub type AgencyId = u32;

/// The unique identification code registration yields for a citizen, an enterprise or a staff
/// member; later applications reference it instead of any personal data.
pub type ParticipantCode = u64;

/// Milliseconds since the Unix epoch, the unit of `pallet_timestamp` and of ID card validity.
pub type Moment = u64;
