//! Records the registration pallet keeps, the form a citizen files, what the verifying agency
//! adds to it, and the rules that keep the chain from being flooded.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::ConstU32, BoundedVec};
use safetynet_primitives::{
	AgencyId, AgencyKind, Cid, Household, IdentityHash, Moment, ParticipantCode, RegionCode,
	RoleSet,
};
use scale_info::TypeInfo;

/// Longest agency name kept on chain, in bytes of UTF-8.
pub const MAX_AGENCY_NAME_LEN: u32 = 64;

/// The public name of an agency. Agencies are public institutions: their names are not personal
/// data.
pub type AgencyName = BoundedVec<u8, ConstU32<MAX_AGENCY_NAME_LEN>>;

/// An agency of the consortium.
#[derive(Clone, Debug, Decode, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct Agency<AccountId> {
	/// What the agency is; decides which roles it may grant and verify.
	pub kind: AgencyKind,
	/// Public name.
	pub name: AgencyName,
	/// The account that registers the agency's staff and votes for it in the council.
	pub admin: AccountId,
	/// The area the agency serves: at most one agency of each kind serves a region.
	pub region: RegionCode,
	/// How many staff members the agency has registered, bounded by `MaxStaffPerAgency`.
	pub staff_count: u32,
}

/// A staff member of an agency.
#[derive(Clone, Debug, Decode, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct StaffMember {
	/// The agency the member works for.
	pub agency: AgencyId,
	/// The member's unique identification code.
	pub code: ParticipantCode,
	/// Staff roles granted by the agency's administrator.
	pub roles: RoleSet,
	/// Where the member is posted: the agency's whole area, or a part of it.
	pub region: RegionCode,
	/// The person behind the account, so they never decide a case that concerns them.
	pub identity: IdentityHash,
}

/// What a citizen or enterprise files to register (or to amend a registration). Everything
/// personal is in the documents behind the CIDs, encrypted; the agency that checks them adds the
/// identity hash, the residence and the household ([`Verification`]).
#[derive(
	Clone, Debug, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo,
)]
pub struct RegistrationForm {
	/// Citizen roles asked for (insured employee, enterprise, aid applicant, ...).
	pub roles: RoleSet,
	/// End of the ID card's (or business licence's) validity, in milliseconds since the epoch.
	pub id_valid_until: Moment,
	/// The registration form document, in IPFS.
	pub form_cid: Cid,
	/// A photo for identity checks in person, in IPFS (none for enterprises).
	pub photo_cid: Option<Cid>,
	/// The agency asked to confirm the registration.
	pub agency: AgencyId,
}

/// The work a registration request from an account carries, so that filing thousands of them
/// costs thousands of times as much as filing one (see [`RequestCost`]).
#[derive(
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	TypeInfo,
)]
pub struct ProofOfWork<BlockNumber> {
	/// A recent block, whose hash the work is bound to (so work cannot be stockpiled).
	pub block: BlockNumber,
	/// The nonce that makes the hash start with enough zero bits.
	pub nonce: u64,
}

/// How much work a registration request must carry: `base_bits` leading zero bits of the
/// request's hash, one more for every doubling of the pending queue beyond `doubling_every`
/// requests. Set by governance.
#[derive(
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Default,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct RequestCost {
	/// Leading zero bits every request needs (each bit doubles the expected work).
	pub base_bits: u8,
	/// Pending requests per extra bit's doubling: with `p` pending, `floor(log2(1 +
	/// p / doubling_every))` bits are added. Zero: the cost does not grow.
	pub doubling_every: u32,
}

/// Most leading zero bits a request can be asked for.
pub const MAX_WORK_BITS: u32 = 48;

impl RequestCost {
	/// The leading zero bits a request needs while `pending` requests wait.
	pub fn required_bits(&self, pending: u32) -> u32 {
		let growth = match self.doubling_every {
			0 => 0,
			every => (1 + pending / every).ilog2(),
		};
		(u32::from(self.base_bits) + growth).min(MAX_WORK_BITS)
	}
}

/// The domain that separates registration work from any other hash.
pub const WORK_DOMAIN: &[u8; 30] = b"safetynet/registration-request";

/// The hash a registration request's work is measured on: `blake2_256` of the SCALE encoding of
/// `(WORK_DOMAIN, who, block_hash, form, nonce)` (the domain as 30 raw bytes, the account and
/// block hash as their 32 bytes, the nonce as 8 little-endian bytes). Clients compute the same.
pub fn work_hash<AccountId: Encode, Hash: Encode>(
	who: &AccountId,
	block_hash: &Hash,
	form: &RegistrationForm,
	nonce: u64,
) -> [u8; 32] {
	sp_io::hashing::blake2_256(&(WORK_DOMAIN, who, block_hash, form, nonce).encode())
}

/// How many zero bits `hash` starts with.
pub fn leading_zero_bits(hash: &[u8; 32]) -> u32 {
	let mut bits = 0;
	for byte in hash {
		if *byte == 0 {
			bits += 8;
		} else {
			return bits + byte.leading_zeros();
		}
	}
	bits
}

/// A registration request waiting for an agency's judgement.
#[derive(Clone, Debug, Decode, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct PendingRequest<BlockNumber> {
	/// What was filed.
	pub form: RegistrationForm,
	/// The block in which the request lapses if nobody has judged it.
	pub expires_at: BlockNumber,
	/// The leading zero bits its work reached. When the queue is full, a new request with more
	/// work displaces the least-worked one, so a flood cannot lock genuine applicants out.
	pub work_bits: u8,
}

/// What [`crate::Pallet::check_request`] found a request to be worth.
#[derive(Clone, Debug, Eq, PartialEq)]
pub struct RequestCheck<AccountId> {
	/// The zero bits its work reached beyond those required: its priority in the pool.
	pub extra_bits: u32,
	/// The zero bits its work reached, as kept with the pending request.
	pub work_bits: u8,
	/// The least-worked pending request it takes the place of, when the queue is full.
	pub displaces: Option<AccountId>,
}

/// Why and when an agency turned a request down: kept for the requester to read until the
/// request would have lapsed, or until they file a new one.
#[derive(Clone, Debug, Decode, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct Rejection<BlockNumber> {
	/// The agency the request was addressed to.
	pub agency: AgencyId,
	/// What its verifier gave as the reason.
	pub reason: RejectionReason,
	/// The block of the rejection.
	pub at: BlockNumber,
	/// The block in which this record is forgotten (the request's own lapse).
	pub until: BlockNumber,
}

/// What the verifying agency establishes from the documents and the ID card it checked, and
/// adds to the registration.
#[derive(
	Clone, Debug, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo,
)]
pub struct Verification {
	/// The keyed hash of the ID card number (see `safetynet_primitives::identity`).
	pub identity: IdentityHash,
	/// The neighbourhood the household is registered in (for enterprises, their registered
	/// address): which agencies are responsible for the citizen's cases follows from it.
	pub residence: RegionCode,
	/// The other members of the household, by keyed hash, from the household register.
	pub household: Household,
}

/// A verified citizen or enterprise.
#[derive(Clone, Debug, Decode, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct Citizen<BlockNumber> {
	/// The unique identification code applications reference.
	pub code: ParticipantCode,
	/// Citizen roles the agency confirmed.
	pub roles: RoleSet,
	/// The keyed hash of the ID card number.
	pub identity: IdentityHash,
	/// End of the ID card's validity, in milliseconds since the epoch.
	pub id_valid_until: Moment,
	/// The registration form, in IPFS.
	pub form_cid: Cid,
	/// The registered photo, in IPFS.
	pub photo_cid: Option<Cid>,
	/// The agency that confirmed the registration: it alone (or the council) may revoke it.
	pub verified_by: AgencyId,
	/// When it was confirmed.
	pub verified_at: BlockNumber,
	/// The neighbourhood the household is registered in.
	pub residence: RegionCode,
	/// The other members of the household, by keyed hash.
	pub household: Household,
}

/// Why an agency turned a registration request down. The details stay off chain, with the
/// agency; the reason tells the citizen what to fix.
#[derive(
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	TypeInfo,
)]
pub enum RejectionReason {
	/// Documents missing or unreadable.
	IncompleteDocuments,
	/// The documents do not match the person.
	IdentityMismatch,
	/// The ID card is not valid.
	InvalidIdCard,
	/// The roles asked for do not fit the applicant.
	RolesNotJustified,
	/// Not a genuine request (one of a flood).
	Spam,
	/// Not judged: the queue was full and a request carrying more work took its place. File
	/// again; the portal asks for the work needed now.
	Displaced,
}

/// How many transactions a participant of a class may send per period.
#[derive(
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct Quota<BlockNumber> {
	/// Transactions allowed per period.
	pub transactions: u32,
	/// The period, in blocks; counting starts again with the first transaction after it.
	pub period: BlockNumber,
}

/// What an account has used of its quota: since when, and how many.
#[derive(Clone, Copy, Debug, Decode, Default, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct Usage<BlockNumber> {
	/// The first block of the current period.
	pub since: BlockNumber,
	/// Transactions counted in it.
	pub used: u32,
}

/// Most requests one bulk rejection may turn down.
pub const MAX_BULK_REJECTIONS: u32 = 256;
