//! # Registration pallet
//!
//! The paper's Registration SC: who takes part in Safety Net Chain, in which agency, with which
//! roles.
//!
//! ## Overview
//!
//! The consortium council adds and removes agencies. An agency's administrator registers its
//! staff with roles. Citizens and enterprises ask to register themselves; an agency checks their
//! documents and confirms or turns the request down, like a registrar's judgement. Every
//! registration yields a unique identification code that later applications reference.
//!
//! No personal data reaches the chain: the ID card number is kept only as a salted hash
//! commitment, the registration form and photo as CIDs of encrypted documents in IPFS, and the ID
//! card's validity period so that expiry can be checked.
//!
//! Other pallets ask "is this account registered, and does it hold role R for agency A?" through
//! [`ParticipantRegistry`], which this pallet implements.
//!
//! ## Terminology
//!
//! - **Agency**: an institution of the consortium (social insurance agency, civil affairs
//!   department, welfare institute, audit office, ...), with one administrator account that also
//!   sits on the consortium council.
//! - **Staff member**: an agency employee holding staff roles (officer, neighborhood committee
//!   member, consultation doctor, auditor, ...).
//! - **Citizen**: a person or enterprise holding citizen roles (insured employee, aid applicant,
//!   ...), confirmed by an agency whose kind may verify those roles.
//! - **Verifier**: an agency administrator, or a staff member with a front-desk role, acting on
//!   registration requests addressed to their agency.
//! - **Participant**: any registered account. Only participants' transactions enter the pool,
//!   plus one bounded registration request per unknown account (see [`CheckParticipantNonce`]).
//!
//! ## Dispatchables
//!
//! - [`Pallet::add_agency`]: governance adds an agency and its administrator.
//! - [`Pallet::remove_agency`]: governance removes an agency; its staff lose their roles at once.
//! - [`Pallet::set_agency_admin`]: governance replaces an agency's administrator.
//! - [`Pallet::register_staff`]: an administrator registers a staff member with roles.
//! - [`Pallet::set_staff_roles`]: an administrator changes a staff member's roles.
//! - [`Pallet::remove_staff`]: an administrator removes a staff member (anyone, once the agency is
//!   gone).
//! - [`Pallet::request_registration`]: a citizen or enterprise files a registration form, or
//!   amends their registration.
//! - [`Pallet::withdraw_request`]: the requester withdraws a pending request.
//! - [`Pallet::verify_citizen`]: a verifier confirms a pending request.
//! - [`Pallet::reject_request`]: a verifier turns a pending request down, with a reason.
//! - [`Pallet::revoke_citizen`]: a verifier of a competent agency revokes a registration.
//!
//! Requests nobody judged lapse after [`Config::RequestTtl`] blocks.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use types::*;

mod extension;
mod impls;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use extension::CheckParticipantNonce;
pub use weights::WeightInfo;

use safetynet_primitives::ParticipantRegistry;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{
		pallet_prelude::*,
		traits::{ChangeMembers, UnixTime},
	};
	use frame_system::pallet_prelude::*;
	use safetynet_primitives::{AgencyId, AgencyKind, ParticipantCode, Role, RoleSet};
	use sp_core::H256;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Adds, removes and re-staffs agencies: the consortium council (or root).
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Told whenever the set of agency administrators changes, so the consortium council
		/// always has exactly one member per agency.
		type AdminMembership: ChangeMembers<Self::AccountId>;

		/// Told whenever the set of democratic review team members changes, so the review
		/// collective is always exactly the staff holding that role.
		type ReviewTeamMembership: ChangeMembers<Self::AccountId>;

		/// The chain's clock, to refuse expired ID cards.
		type UnixTime: UnixTime;

		/// Most agencies the consortium may have.
		#[pallet::constant]
		type MaxAgencies: Get<u32>;

		/// Most staff members one agency may register.
		#[pallet::constant]
		type MaxStaffPerAgency: Get<u32>;

		/// Most members the democratic review team may have.
		#[pallet::constant]
		type MaxReviewTeam: Get<u32>;

		/// Most registration requests pending at once, whoever filed them.
		#[pallet::constant]
		type MaxPendingRequests: Get<u32>;

		/// Most registration requests that may be filed in one block (they all lapse together
		/// [`Config::RequestTtl`] blocks later, so this also bounds the work of that block).
		#[pallet::constant]
		type MaxRequestsPerBlock: Get<u32>;

		/// How many blocks a registration request waits for a judgement before it lapses.
		#[pallet::constant]
		type RequestTtl: Get<BlockNumberFor<Self>>;

		/// Pool priority of participants' transactions. Registration requests from unknown
		/// accounts get priority zero, so they never push participants out of a block.
		#[pallet::constant]
		type ParticipantPriority: Get<TransactionPriority>;

		/// Weights of this pallet's calls, from benchmarks.
		type WeightInfo: WeightInfo;
	}

	/// The agencies of the consortium.
	#[pallet::storage]
	pub type Agencies<T: Config> =
		StorageMap<_, Twox64Concat, AgencyId, Agency<T::AccountId>, OptionQuery>;

	/// How many agencies exist, bounded by [`Config::MaxAgencies`].
	#[pallet::storage]
	pub type AgencyCount<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// The id the next agency will get.
	#[pallet::storage]
	pub type NextAgencyId<T: Config> = StorageValue<_, AgencyId, ValueQuery>;

	/// The agency each administrator account administers.
	#[pallet::storage]
	pub type AdminOf<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, AgencyId, OptionQuery>;

	/// The democratic review team: every staff member of an existing agency holding
	/// `DemocraticReviewMember`, sorted. Mirrored into the review collective.
	#[pallet::storage]
	pub type ReviewTeam<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxReviewTeam>, ValueQuery>;

	/// Staff members, by account.
	#[pallet::storage]
	pub type Staff<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, StaffMember, OptionQuery>;

	/// Verified citizens and enterprises, by account.
	#[pallet::storage]
	pub type Citizens<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, Citizen<BlockNumberFor<T>>, OptionQuery>;

	/// The account behind each identification code, for staff and citizens.
	#[pallet::storage]
	pub type CodeOwner<T: Config> =
		StorageMap<_, Twox64Concat, ParticipantCode, T::AccountId, OptionQuery>;

	/// The code the next registered staff member or citizen will get.
	#[pallet::storage]
	pub type NextCode<T: Config> = StorageValue<_, ParticipantCode, ValueQuery>;

	/// The account that registered each ID commitment, so nobody can claim another's.
	#[pallet::storage]
	pub type IdCommitments<T: Config> =
		StorageMap<_, Blake2_128Concat, H256, T::AccountId, OptionQuery>;

	/// Registration requests waiting for an agency's judgement, one per account.
	#[pallet::storage]
	pub type PendingRequests<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		PendingRequest<BlockNumberFor<T>>,
		OptionQuery,
	>;

	/// How many requests are pending, bounded by [`Config::MaxPendingRequests`].
	#[pallet::storage]
	pub type PendingCount<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// The requests that lapse in each block.
	#[pallet::storage]
	pub type RequestExpiries<T: Config> = StorageMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		BoundedVec<T::AccountId, T::MaxRequestsPerBlock>,
		ValueQuery,
	>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Agencies to start with: kind, public name, administrator.
		pub agencies: Vec<(AgencyKind, Vec<u8>, T::AccountId)>,
		/// Staff to start with: account, index of its agency in `agencies`, roles.
		pub staff: Vec<(T::AccountId, AgencyId, Vec<Role>)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (kind, name, admin) in &self.agencies {
				Pallet::<T>::do_add_agency(*kind, name.clone(), admin.clone())
					.expect("genesis agencies must be valid");
			}
			for (who, agency, roles) in &self.staff {
				let roles = roles_from_list(roles).expect("genesis staff roles must fit");
				Pallet::<T>::do_register_staff(*agency, who.clone(), roles)
					.expect("genesis staff must be valid");
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// Governance added an agency.
		AgencyAdded { agency: AgencyId, kind: AgencyKind, admin: T::AccountId },
		/// Governance removed an agency; its staff no longer hold any role.
		AgencyRemoved { agency: AgencyId },
		/// Governance replaced an agency's administrator.
		AgencyAdminChanged { agency: AgencyId, old_admin: T::AccountId, new_admin: T::AccountId },
		/// An administrator registered a staff member.
		StaffRegistered { who: T::AccountId, agency: AgencyId, code: ParticipantCode, roles: RoleSet },
		/// An administrator changed a staff member's roles.
		StaffRolesChanged { who: T::AccountId, agency: AgencyId, roles: RoleSet },
		/// A staff member was removed.
		StaffRemoved { who: T::AccountId, agency: AgencyId },
		/// A citizen or enterprise asked an agency to register (or amend) them.
		RegistrationRequested {
			who: T::AccountId,
			agency: AgencyId,
			roles: RoleSet,
			expires_at: BlockNumberFor<T>,
		},
		/// The requester withdrew their request.
		RegistrationWithdrawn { who: T::AccountId },
		/// Nobody judged the request in time.
		RegistrationExpired { who: T::AccountId },
		/// A verifier turned the request down.
		RegistrationRejected {
			who: T::AccountId,
			agency: AgencyId,
			by: T::AccountId,
			reason: RejectionReason,
		},
		/// A verifier confirmed the request: the account is a registered citizen or enterprise.
		CitizenVerified {
			who: T::AccountId,
			code: ParticipantCode,
			agency: AgencyId,
			by: T::AccountId,
			roles: RoleSet,
		},
		/// A verifier revoked a citizen's registration.
		CitizenRevoked { who: T::AccountId, code: ParticipantCode, agency: AgencyId, by: T::AccountId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The agency does not exist.
		UnknownAgency,
		/// The consortium already has `MaxAgencies` agencies.
		TooManyAgencies,
		/// An agency's name must not be empty.
		EmptyName,
		/// An agency's name is longer than `MAX_AGENCY_NAME_LEN` bytes.
		NameTooLong,
		/// The account is already registered as an administrator, staff member or citizen.
		AccountInUse,
		/// Only the agency's administrator may do this.
		NotAgencyAdmin,
		/// At least one role is needed.
		NoRoles,
		/// A role in the list cannot be granted by this kind of agency (or is a citizen role).
		RoleNotGrantable,
		/// The agency already has `MaxStaffPerAgency` staff members.
		TooManyStaff,
		/// The democratic review team already has `MaxReviewTeam` members.
		ReviewTeamFull,
		/// The account is not a staff member.
		NotStaff,
		/// The staff member works for another agency.
		NotYourStaff,
		/// A role in the list is not a citizen role.
		NotCitizenRole,
		/// The chosen agency cannot verify a role in the list.
		RoleNotVerifiable,
		/// The ID card's validity has ended.
		IdCardExpired,
		/// A CID is not a CIDv1 sha2-256 of the raw or dag-pb codec.
		InvalidCid,
		/// Another account registered this ID commitment.
		IdAlreadyRegistered,
		/// The account already has a pending request.
		RequestPending,
		/// The account has no pending request.
		NoPendingRequest,
		/// Too many requests are pending, or were filed in this block; try again later.
		RegistrationQueueFull,
		/// The caller may not verify registrations for this agency.
		NotVerifier,
		/// The account is not a registered citizen or enterprise.
		NotCitizen,
		/// No identification codes are left.
		CodesExhausted,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::expire_requests(now)
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Adds an agency of `kind` named `name`, administered by `admin`, who also joins the
		/// consortium council.
		///
		/// Origin: [`Config::GovernanceOrigin`]. Emits [`Event::AgencyAdded`].
		/// Errors: `EmptyName`, `NameTooLong`, `AccountInUse`, `TooManyAgencies`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::add_agency(T::MaxAgencies::get()))]
		pub fn add_agency(
			origin: OriginFor<T>,
			kind: AgencyKind,
			name: Vec<u8>,
			admin: T::AccountId,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			let agency = Self::do_add_agency(kind, name, admin.clone())?;
			Self::deposit_event(Event::AgencyAdded { agency, kind, admin });
			Ok(())
		}

		/// Removes an agency. Its administrator leaves the council; its staff members keep
		/// their records but hold no role any more, and anyone may clean them up with
		/// [`Pallet::remove_staff`].
		///
		/// Origin: [`Config::GovernanceOrigin`]. Emits [`Event::AgencyRemoved`].
		/// Errors: `UnknownAgency`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::remove_agency(T::MaxAgencies::get()))]
		pub fn remove_agency(origin: OriginFor<T>, agency: AgencyId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_remove_agency(agency)?;
			Self::deposit_event(Event::AgencyRemoved { agency });
			Ok(())
		}

		/// Replaces the administrator of `agency` with `new_admin` (a lost key, a new head of
		/// office). The council seat moves with it.
		///
		/// Origin: [`Config::GovernanceOrigin`]. Emits [`Event::AgencyAdminChanged`].
		/// Errors: `UnknownAgency`, `AccountInUse`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_agency_admin(T::MaxAgencies::get()))]
		pub fn set_agency_admin(
			origin: OriginFor<T>,
			agency: AgencyId,
			new_admin: T::AccountId,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			let old_admin = Self::do_set_agency_admin(agency, new_admin.clone())?;
			Self::deposit_event(Event::AgencyAdminChanged { agency, old_admin, new_admin });
			Ok(())
		}

		/// Registers `who` as a staff member of the caller's agency with `roles`.
		///
		/// Origin: signed by an agency administrator. Emits [`Event::StaffRegistered`].
		/// Errors: `NotAgencyAdmin`, `NoRoles`, `RoleNotGrantable`, `AccountInUse`,
		/// `TooManyStaff`, `ReviewTeamFull`, `CodesExhausted`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::register_staff())]
		pub fn register_staff(
			origin: OriginFor<T>,
			who: T::AccountId,
			roles: RoleSet,
		) -> DispatchResult {
			let admin = ensure_signed(origin)?;
			let agency = AdminOf::<T>::get(&admin).ok_or(Error::<T>::NotAgencyAdmin)?;
			let code = Self::do_register_staff(agency, who.clone(), roles.clone())?;
			Self::deposit_event(Event::StaffRegistered { who, agency, code, roles });
			Ok(())
		}

		/// Replaces the roles of staff member `who` of the caller's agency.
		///
		/// Origin: signed by the administrator of `who`'s agency. Emits
		/// [`Event::StaffRolesChanged`].
		/// Errors: `NotAgencyAdmin`, `NotStaff`, `NotYourStaff`, `NoRoles`, `RoleNotGrantable`,
		/// `ReviewTeamFull`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::set_staff_roles())]
		pub fn set_staff_roles(
			origin: OriginFor<T>,
			who: T::AccountId,
			roles: RoleSet,
		) -> DispatchResult {
			let admin = ensure_signed(origin)?;
			let agency = AdminOf::<T>::get(&admin).ok_or(Error::<T>::NotAgencyAdmin)?;
			Self::do_set_staff_roles(agency, &who, roles.clone())?;
			Self::deposit_event(Event::StaffRolesChanged { who, agency, roles });
			Ok(())
		}

		/// Removes staff member `who`.
		///
		/// Origin: signed by the administrator of `who`'s agency, or by anyone once that agency
		/// has been removed. Emits [`Event::StaffRemoved`].
		/// Errors: `NotStaff`, `NotAgencyAdmin`, `NotYourStaff`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::remove_staff())]
		pub fn remove_staff(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			let caller = ensure_signed(origin)?;
			let agency = Self::do_remove_staff(&caller, &who)?;
			Self::deposit_event(Event::StaffRemoved { who, agency });
			Ok(())
		}

		/// Files `form` to register as a citizen or enterprise with the agency it names, or, for
		/// a registered citizen, to amend the registration (new roles, renewed ID card). The
		/// request lapses after [`Config::RequestTtl`] blocks unless judged.
		///
		/// This is the one call an unregistered account may make; [`CheckParticipantNonce`]
		/// admits it to the pool only when it would succeed.
		///
		/// Origin: signed by an account that is not an administrator or staff member.
		/// Emits [`Event::RegistrationRequested`].
		/// Errors: `AccountInUse`, `RequestPending`, `NoRoles`, `NotCitizenRole`,
		/// `UnknownAgency`, `RoleNotVerifiable`, `IdCardExpired`, `InvalidCid`,
		/// `IdAlreadyRegistered`, `RegistrationQueueFull`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::request_registration())]
		pub fn request_registration(origin: OriginFor<T>, form: RegistrationForm) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let (agency, roles) = (form.agency, form.roles.clone());
			let expires_at = Self::do_request_registration(&who, form)?;
			Self::deposit_event(Event::RegistrationRequested { who, agency, roles, expires_at });
			Ok(())
		}

		/// Withdraws the caller's pending request.
		///
		/// Origin: signed by the requester. Emits [`Event::RegistrationWithdrawn`].
		/// Errors: `NoPendingRequest`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::withdraw_request())]
		pub fn withdraw_request(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::take_request(&who)?;
			Self::deposit_event(Event::RegistrationWithdrawn { who });
			Ok(())
		}

		/// Confirms `who`'s pending request after checking their documents off chain. A new
		/// citizen gets an identification code; an amended registration keeps its code.
		///
		/// Origin: signed by a verifier of the agency the request names. Emits
		/// [`Event::CitizenVerified`].
		/// Errors: `NoPendingRequest`, `UnknownAgency`, `NotVerifier`, `IdCardExpired`,
		/// `IdAlreadyRegistered`, `CodesExhausted`.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::verify_citizen())]
		pub fn verify_citizen(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			let verifier = ensure_signed(origin)?;
			let (code, agency, roles) = Self::do_verify_citizen(&verifier, &who)?;
			Self::deposit_event(Event::CitizenVerified { who, code, agency, by: verifier, roles });
			Ok(())
		}

		/// Turns `who`'s pending request down for `reason`.
		///
		/// Origin: signed by a verifier of the agency the request names. Emits
		/// [`Event::RegistrationRejected`].
		/// Errors: `NoPendingRequest`, `UnknownAgency`, `NotVerifier`.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::reject_request())]
		pub fn reject_request(
			origin: OriginFor<T>,
			who: T::AccountId,
			reason: RejectionReason,
		) -> DispatchResult {
			let verifier = ensure_signed(origin)?;
			let request = PendingRequests::<T>::get(&who).ok_or(Error::<T>::NoPendingRequest)?;
			let agency = request.form.agency;
			Self::ensure_verifier(&verifier, agency)?;
			Self::take_request(&who)?;
			Self::deposit_event(Event::RegistrationRejected { who, agency, by: verifier, reason });
			Ok(())
		}

		/// Revokes the registration of citizen `who` (identity fraud, death, a court order).
		///
		/// Origin: signed by a verifier of an agency that may verify every role `who` holds.
		/// Emits [`Event::CitizenRevoked`].
		/// Errors: `NotCitizen`, `NotVerifier`.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::revoke_citizen())]
		pub fn revoke_citizen(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			let verifier = ensure_signed(origin)?;
			let (code, agency) = Self::do_revoke_citizen(&verifier, &who)?;
			Self::deposit_event(Event::CitizenRevoked { who, code, agency, by: verifier });
			Ok(())
		}
	}
}

/// Builds a role set from a list, refusing lists with more distinct roles than fit.
pub fn roles_from_list(roles: &[safetynet_primitives::Role]) -> Option<safetynet_primitives::RoleSet> {
	let mut set = safetynet_primitives::RoleSet::new();
	for role in roles {
		set.try_insert(*role).ok()?;
	}
	Some(set)
}
