//! Records the registration pallet keeps, and the form a citizen files.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::ConstU32, BoundedVec};
use safetynet_primitives::{AgencyId, AgencyKind, Cid, Moment, ParticipantCode, RoleSet};
use scale_info::TypeInfo;
use sp_core::H256;

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
}

/// What a citizen or enterprise files to register (or to amend a registration). Everything
/// personal is in the documents behind the CIDs, encrypted; the chain keeps commitments only.
#[derive(
	Clone, Debug, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo,
)]
pub struct RegistrationForm {
	/// Citizen roles asked for (insured employee, enterprise, aid applicant, ...).
	pub roles: RoleSet,
	/// `blake2_256(salt ++ ID card number)`, computed by the client. The salt stays with the
	/// citizen and in the encrypted form, so the number cannot be guessed from the chain.
	pub id_commitment: H256,
	/// End of the ID card's (or business licence's) validity, in milliseconds since the epoch.
	pub id_valid_until: Moment,
	/// The registration form document, in IPFS.
	pub form_cid: Cid,
	/// A photo for identity checks in person, in IPFS (none for enterprises).
	pub photo_cid: Option<Cid>,
	/// The agency asked to confirm the registration.
	pub agency: AgencyId,
}

/// A registration request waiting for an agency's judgement.
#[derive(Clone, Debug, Decode, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct PendingRequest<BlockNumber> {
	/// What was filed.
	pub form: RegistrationForm,
	/// The block in which the request lapses if nobody has judged it.
	pub expires_at: BlockNumber,
}

/// A verified citizen or enterprise.
#[derive(Clone, Debug, Decode, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct Citizen<BlockNumber> {
	/// The unique identification code applications reference.
	pub code: ParticipantCode,
	/// Citizen roles the agency confirmed.
	pub roles: RoleSet,
	/// Salted hash of the ID card number.
	pub id_commitment: H256,
	/// End of the ID card's validity, in milliseconds since the epoch.
	pub id_valid_until: Moment,
	/// The registration form, in IPFS.
	pub form_cid: Cid,
	/// The registered photo, in IPFS.
	pub photo_cid: Option<Cid>,
	/// The agency that confirmed the registration.
	pub verified_by: AgencyId,
	/// When it was confirmed.
	pub verified_at: BlockNumber,
}

/// Why an agency turned a registration request down. The details stay off chain, with the
/// agency; the reason tells the citizen what to fix.
#[derive(
	Clone, Copy, Debug, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, PartialEq,
	TypeInfo,
)]
pub enum RejectionReason {
	/// Documents missing or unreadable.
	IncompleteDocuments,
	/// The documents do not match the person or the commitment.
	IdentityMismatch,
	/// The ID card is not valid.
	InvalidIdCard,
	/// The roles asked for do not fit the applicant.
	RolesNotJustified,
}

/// What kind of registered identity an account has. An account is at most one of these.
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
pub enum ParticipantKind {
	/// Administers the agency.
	Admin(AgencyId),
	/// Works for the agency.
	Staff(AgencyId),
	/// A verified citizen or enterprise.
	Citizen,
}
