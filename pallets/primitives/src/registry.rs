//! The question every business pallet asks before it lets someone act.
//!
//! The registration pallet implements [`ParticipantRegistry`]; service pallets take it as an
//! associated type and never read registration storage themselves, so the registration rules
//! (agency removed, citizen revoked, role withdrawn) take effect everywhere at once.

use crate::{AgencyId, AgencyKind, Cid, Moment, ParticipantCode, Role};
use sp_core::H256;

/// What other pallets may know of an agency.
#[derive(Clone, Debug, Eq, PartialEq)]
pub struct AgencyInfo<AccountId> {
	/// What the agency is.
	pub kind: AgencyKind,
	/// The account that administers the agency and speaks for it in the consortium council.
	pub admin: AccountId,
}

/// What other pallets may know of a verified citizen or enterprise: no personal data, only the
/// commitments and references the rules need.
#[derive(Clone, Debug, Eq, PartialEq)]
pub struct CitizenIdentity {
	/// The unique identification code applications reference.
	pub code: ParticipantCode,
	/// Salted hash of the ID card number.
	pub id_commitment: H256,
	/// When the ID card (or business licence) stops being valid.
	pub id_valid_until: Moment,
	/// The registration form, in IPFS.
	pub form_cid: Cid,
	/// The registered photo, in IPFS, against which examiners check the applicant in person.
	pub photo_cid: Option<Cid>,
	/// The agency that confirmed the registration.
	pub verified_by: AgencyId,
}

/// Read-only view of who is registered and which roles they hold.
pub trait ParticipantRegistry<AccountId> {
	/// Whether `who` may send transactions at all: an agency administrator, a staff member of an
	/// existing agency, or a verified citizen or enterprise.
	fn is_participant(who: &AccountId) -> bool;

	/// The agency for which `who` holds the staff role `role`, if the agency still exists.
	fn staff_agency(who: &AccountId, role: Role) -> Option<AgencyId>;

	/// Whether `who` holds the staff role `role` for the agency `agency`.
	fn has_staff_role(who: &AccountId, role: Role, agency: AgencyId) -> bool {
		Self::staff_agency(who, role) == Some(agency)
	}

	/// The identity of `who` if it is a verified citizen or enterprise holding `role`.
	fn citizen_with_role(who: &AccountId, role: Role) -> Option<CitizenIdentity>;

	/// The identification code of a registered citizen, enterprise or staff member.
	fn code_of(who: &AccountId) -> Option<ParticipantCode>;

	/// The agency `agency`, if it exists.
	fn agency(agency: AgencyId) -> Option<AgencyInfo<AccountId>>;

	/// The agency administered by `who`, if any.
	fn administered_agency(who: &AccountId) -> Option<AgencyId>;
}

/// Sets up participants and money for the service pallets' benchmarks. The runtime implements it
/// over the registration pallet and balances; benchmarks never touch those pallets themselves.
pub trait BenchmarkSetup<AccountId> {
	/// An agency of `kind`: an existing one, or a new one.
	fn agency(kind: AgencyKind) -> AgencyId;
	/// Makes `who` a staff member with `role` at `agency`.
	fn staff(who: &AccountId, role: Role, agency: AgencyId);
	/// Makes `who` a verified citizen with `role` and the registered photo `photo`, with an ID
	/// card valid far into the future.
	fn citizen(who: &AccountId, role: Role, photo: Cid);
	/// Gives `who` plenty of money (a citizen paying premiums, an agency's fund).
	fn endow(who: &AccountId);
}
