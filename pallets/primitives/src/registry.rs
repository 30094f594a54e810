//! The question every business pallet asks before it lets someone act.
//!
//! The registration pallet implements [`ParticipantRegistry`]; service pallets take it as an
//! associated type and never read registration storage themselves, so the registration rules
//! (agency removed, citizen revoked, role withdrawn) take effect everywhere at once.

use frame_support::weights::Weight;

use crate::{
	AgencyId, AgencyKind, Cid, Household, IdentityHash, Moment, ParticipantCode, ParticipantKind,
	RegionCode, Role, RoleSet,
};

/// What other pallets may know of an agency.
#[derive(Clone, Debug, Eq, PartialEq)]
pub struct AgencyInfo<AccountId> {
	/// What the agency is.
	pub kind: AgencyKind,
	/// The account that administers the agency and speaks for it in the consortium council.
	pub admin: AccountId,
	/// The area the agency serves.
	pub region: RegionCode,
}

/// What other pallets may know of a staff member of an existing agency.
#[derive(Clone, Debug, Eq, PartialEq)]
pub struct StaffPost {
	/// The agency they work for.
	pub agency: AgencyId,
	/// The area they are posted to, within the agency's.
	pub region: RegionCode,
	/// The person behind the account (see [`crate::identity`]), for conflicts of interest.
	pub identity: IdentityHash,
	/// The staff roles they hold.
	pub roles: RoleSet,
}

/// What other pallets may know of a verified citizen or enterprise: no personal data, only the
/// keyed hashes and references the rules need.
#[derive(Clone, Debug, Eq, PartialEq)]
pub struct CitizenIdentity {
	/// The unique identification code applications reference.
	pub code: ParticipantCode,
	/// The person behind the account, as the verifying agency computed it.
	pub identity: IdentityHash,
	/// When the ID card (or business licence) stops being valid.
	pub id_valid_until: Moment,
	/// The registration form, in IPFS.
	pub form_cid: Cid,
	/// The registered photo, in IPFS, against which examiners check the applicant in person.
	pub photo_cid: Option<Cid>,
	/// The agency that confirmed the registration.
	pub verified_by: AgencyId,
	/// The neighbourhood the citizen's household is registered in.
	pub residence: RegionCode,
	/// The other members of the citizen's household, as the verifying agency recorded them.
	pub household: Household,
}

/// Read-only view of who is registered and which roles they hold.
pub trait ParticipantRegistry<AccountId> {
	/// What `who` is, if registered (a staff member of a removed agency is nothing).
	fn participant_kind(who: &AccountId) -> Option<ParticipantKind>;

	/// Whether `who` may send transactions at all: an agency administrator, a staff member of an
	/// existing agency, or a verified citizen or enterprise.
	fn is_participant(who: &AccountId) -> bool {
		Self::participant_kind(who).is_some()
	}

	/// The post of staff member `who` of an existing agency.
	fn staff_post(who: &AccountId) -> Option<StaffPost>;

	/// The agency for which `who` holds the staff role `role`, if the agency still exists.
	fn staff_agency(who: &AccountId, role: Role) -> Option<AgencyId> {
		Self::staff_post(who).filter(|p| p.roles.contains(&role)).map(|p| p.agency)
	}

	/// Whether `who` holds the staff role `role` for the agency `agency`.
	fn has_staff_role(who: &AccountId, role: Role, agency: AgencyId) -> bool {
		Self::staff_agency(who, role) == Some(agency)
	}

	/// The identity of `who` if it is a verified citizen or enterprise.
	fn citizen(who: &AccountId) -> Option<CitizenIdentity>;

	/// The identity of `who` if it is a verified citizen or enterprise holding one of `roles`.
	fn citizen_with_any_role(who: &AccountId, roles: &[Role]) -> Option<CitizenIdentity>;

	/// The identification code of a registered citizen, enterprise or staff member.
	fn code_of(who: &AccountId) -> Option<ParticipantCode>;

	/// The agency `agency`, if it exists.
	fn agency(agency: AgencyId) -> Option<AgencyInfo<AccountId>>;

	/// The agency administered by `who`, if any.
	fn administered_agency(who: &AccountId) -> Option<AgencyId>;

	/// The agency of `kind` responsible for `region`: the one serving the narrowest region that
	/// contains it.
	fn responsible_agency(kind: AgencyKind, region: RegionCode) -> Option<AgencyId>;
}

/// Told when a registration that other pallets depend on ends, so what depends on it ends or
/// returns to an agency's queue. Tuples of listeners are listeners.
pub trait OnRegistrationEnded<AccountId> {
	/// The citizen `who` was revoked: their cases end and their payments stop.
	fn citizen_revoked(_who: &AccountId) {}
	/// The most [`OnRegistrationEnded::citizen_revoked`] may cost.
	fn citizen_revoked_weight() -> Weight {
		Weight::zero()
	}
	/// Staff member `who` was removed, or lost roles: steps only they could take go back to
	/// their agency.
	fn staff_changed(_who: &AccountId) {}
	/// The most [`OnRegistrationEnded::staff_changed`] may cost.
	fn staff_changed_weight() -> Weight {
		Weight::zero()
	}
	/// Agency `agency` was removed: what depended on it ends (its open cases, their payments).
	/// Listeners may spread the work over later blocks; this call itself must be cheap.
	fn agency_removed(_agency: AgencyId) {}
	/// The most [`OnRegistrationEnded::agency_removed`] may cost.
	fn agency_removed_weight() -> Weight {
		Weight::zero()
	}
}

#[impl_trait_for_tuples::impl_for_tuples(8)]
impl<AccountId> OnRegistrationEnded<AccountId> for Tuple {
	fn citizen_revoked(who: &AccountId) {
		for_tuples!( #( Tuple::citizen_revoked(who); )* );
	}
	fn citizen_revoked_weight() -> Weight {
		let mut total = Weight::zero();
		for_tuples!( #( total = total.saturating_add(Tuple::citizen_revoked_weight()); )* );
		total
	}
	fn staff_changed(who: &AccountId) {
		for_tuples!( #( Tuple::staff_changed(who); )* );
	}
	fn staff_changed_weight() -> Weight {
		let mut total = Weight::zero();
		for_tuples!( #( total = total.saturating_add(Tuple::staff_changed_weight()); )* );
		total
	}
	fn agency_removed(agency: AgencyId) {
		for_tuples!( #( Tuple::agency_removed(agency); )* );
	}
	fn agency_removed_weight() -> Weight {
		let mut total = Weight::zero();
		for_tuples!( #( total = total.saturating_add(Tuple::agency_removed_weight()); )* );
		total
	}
}

/// Sets up participants and money for the service pallets' benchmarks. The runtime implements it
/// over the registration pallet and balances; benchmarks never touch those pallets themselves.
pub trait BenchmarkSetup<AccountId> {
	/// An agency of `kind` serving `region`: an existing one, or a new one.
	fn agency(kind: AgencyKind, region: RegionCode) -> AgencyId;
	/// Removes `agency` as governance does.
	fn remove_agency(agency: AgencyId);
	/// Makes `who` a staff member with `role` at `agency`, posted to the whole of its area.
	fn staff(who: &AccountId, role: Role, agency: AgencyId);
	/// Makes `who` a verified citizen with `role`, the registered photo `photo`, an ID card valid
	/// far into the future, a household of `household` and a residence in `residence`.
	fn citizen(
		who: &AccountId,
		role: Role,
		photo: Cid,
		residence: RegionCode,
		household: Household,
	);
	/// Gives `who` plenty of money (a citizen paying premiums, an agency's fund).
	fn endow(who: &AccountId);
}
