//! # Registration pallet
//!
//! The paper's Registration SC: who takes part in Safety Net Chain, in which agency, where, with
//! which roles — and who may send transactions at all, how many, and of which kind.
//!
//! ## Overview
//!
//! The consortium council adds and removes agencies, each serving a region of the
//! administrative hierarchy. An agency's administrator registers its staff with roles and a post
//! within that region. Citizens and enterprises ask to register themselves; an agency checks
//! their documents and ID card and confirms or turns the request down, like a registrar's
//! judgement. Every registration yields a unique identification code that later applications
//! reference.
//!
//! No personal data reaches the chain in clear. The verifying agency adds a keyed *identity
//! hash* of the ID card number (HMAC under the consortium's identity key, which agencies hold
//! off chain): equal ID numbers give equal hashes, so one person registers once and a staff
//! member never decides their own case, yet nobody without the key can test a guessed number.
//! It also records the neighbourhood the household is registered in and its members' identity
//! hashes. The form and photo are CIDs of encrypted documents in IPFS.
//!
//! Other pallets ask "is this account registered, and does it hold role R for agency A?" through
//! [`ParticipantRegistry`], which this pallet implements, and hear of revocations and removals
//! through [`safetynet_primitives::OnRegistrationEnded`].
//!
//! ## Abuse resistance without fees
//!
//! Citizens never buy tokens, so fees cannot keep the chain free for them. Instead
//! [`CheckParticipantNonce`] admits to the pool only:
//!
//! - participants' calls that their kind may make ([`CallPolicy`]: citizens cannot
//!   `system.remark`), within a per-account quota of transactions per period set by governance for
//!   each class of participant ([`Pallet::set_quota`]);
//! - from unknown accounts, one registration request each, carrying a proof of work whose cost
//!   governance sets and which doubles with every doubling of the pending queue
//!   ([`Pallet::set_request_cost`]): a flood of fresh accounts pays for every request, more the
//!   more it floods.
//!
//! Verifiers see their own agency's queue and can turn a flood down in bulk
//! ([`Pallet::reject_requests`]).
//!
//! ## Terminology
//!
//! - **Agency**: an institution of the consortium (social insurance agency, civil affairs
//!   department, neighbourhood committee, welfare institute, audit office, ...), serving a region,
//!   with one administrator account that also sits on the consortium council.
//! - **Staff member**: an agency employee holding staff roles (officer, neighbourhood committee
//!   member, consultation doctor, auditor, ...), posted to the agency's area or a part of it.
//! - **Citizen**: a person or enterprise holding citizen roles (insured employee, aid applicant,
//!   ...), confirmed by an agency whose kind may verify those roles.
//! - **Verifier**: an agency administrator, or a staff member with a front-desk role, acting on
//!   registration requests addressed to their agency.
//! - **Review seats**: how many of an agency's staff may sit on the democratic review team, set by
//!   the council.
//! - **Participant**: any registered account.
//!
//! ## Dispatchables
//!
//! - [`Pallet::add_agency`]: governance adds an agency, its region and its administrator.
//! - [`Pallet::remove_agency`]: governance removes an agency; its staff lose their roles at once.
//! - [`Pallet::set_agency_admin`]: governance replaces an agency's administrator.
//! - [`Pallet::register_staff`]: an administrator registers a staff member with roles, a post and
//!   an identity hash.
//! - [`Pallet::set_staff_roles`]: an administrator changes a staff member's roles.
//! - [`Pallet::remove_staff`]: an administrator removes a staff member (anyone, once the agency is
//!   gone).
//! - [`Pallet::request_registration`]: a citizen or enterprise files a registration form, or amends
//!   their registration.
//! - [`Pallet::withdraw_request`]: the requester withdraws a pending request.
//! - [`Pallet::verify_citizen`]: a verifier confirms a pending request, adding what it checked.
//! - [`Pallet::reject_request`], [`Pallet::reject_requests`]: a verifier turns pending requests
//!   down, one or in bulk, with a reason.
//! - [`Pallet::revoke_citizen`]: the agency that verified a citizen, or the council, revokes the
//!   registration; the citizen's cases end and their payments stop.
//! - [`Pallet::set_review_seats`], [`Pallet::dismiss_reviewer`]: governance caps each agency's
//!   seats on the democratic review team, and takes a member off it.
//! - [`Pallet::set_request_cost`], [`Pallet::set_quota`]: governance sets the cost of a
//!   registration request and the transaction quotas.
//!
//! Requests nobody judged lapse after [`Config::RequestTtl`] blocks.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use types::*;

mod extension;
mod impls;
pub mod runtime_api;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use extension::{CallPolicy, CheckParticipantNonce};
pub use impls::ExistingAgencies;
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
	use safetynet_primitives::{
		AgencyId, AgencyKind, IdentityHash, OnRegistrationEnded, ParticipantClass, ParticipantCode,
		RegionCode, Role, RoleSet,
	};
	use sp_runtime::traits::Zero;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Adds, removes and re-staffs agencies, caps review seats, sets request costs and
		/// quotas, and may revoke any citizen: the consortium council (or root).
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Told whenever the set of agency administrators changes, so the consortium council
		/// always has exactly one member per agency.
		type AdminMembership: ChangeMembers<Self::AccountId>;

		/// Told whenever the set of democratic review team members changes, so the review
		/// collective is always exactly the staff holding that role.
		type ReviewTeamMembership: ChangeMembers<Self::AccountId>;

		/// Told when a citizen is revoked or a staff member removed or re-roled, so their cases
		/// end, their payments stop and their open steps return to their agency.
		type OnRegistrationEnded: OnRegistrationEnded<Self::AccountId>;

		/// Which calls each kind of participant may make.
		type CallPolicy: CallPolicy<<Self as frame_system::Config>::RuntimeCall>;

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

		/// How many blocks old the block a request's proof of work is bound to may be.
		#[pallet::constant]
		type WorkWindow: Get<BlockNumberFor<Self>>;

		/// Pool priority of participants' transactions. Registration requests from unknown
		/// accounts get at most a small priority for extra work, far below this, so they never
		/// push participants out of a block.
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

	/// The agency of each kind serving each region: what "the agency responsible for a
	/// neighbourhood" is looked up in.
	#[pallet::storage]
	pub type AgencyAt<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		AgencyKind,
		Twox64Concat,
		RegionCode,
		AgencyId,
		OptionQuery,
	>;

	/// The agency each administrator account administers.
	#[pallet::storage]
	pub type AdminOf<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, AgencyId, OptionQuery>;

	/// The democratic review team: every staff member of an existing agency holding
	/// `DemocraticReviewMember`, sorted. Mirrored into the review collective.
	#[pallet::storage]
	pub type ReviewTeam<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxReviewTeam>, ValueQuery>;

	/// How many seats on the democratic review team each agency's staff may hold (none unless
	/// the council grants some), so no agency can take the team over.
	#[pallet::storage]
	pub type ReviewSeats<T: Config> = StorageMap<_, Twox64Concat, AgencyId, u32, ValueQuery>;

	/// Staff members, by account.
	#[pallet::storage]
	pub type Staff<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, StaffMember, OptionQuery>;

	/// The staff account of each person, by identity hash: one per person.
	#[pallet::storage]
	pub type StaffIdentities<T: Config> =
		StorageMap<_, Blake2_128Concat, IdentityHash, T::AccountId, OptionQuery>;

	/// Verified citizens and enterprises, by account.
	#[pallet::storage]
	pub type Citizens<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, Citizen<BlockNumberFor<T>>, OptionQuery>;

	/// The citizen account of each person, by identity hash: one per person.
	#[pallet::storage]
	pub type CitizenIdentities<T: Config> =
		StorageMap<_, Blake2_128Concat, IdentityHash, T::AccountId, OptionQuery>;

	/// The account behind each identification code, for staff and citizens.
	#[pallet::storage]
	pub type CodeOwner<T: Config> =
		StorageMap<_, Twox64Concat, ParticipantCode, T::AccountId, OptionQuery>;

	/// The code the next registered staff member or citizen will get.
	#[pallet::storage]
	pub type NextCode<T: Config> = StorageValue<_, ParticipantCode, ValueQuery>;

	/// Registration requests waiting for an agency's judgement, one per account.
	#[pallet::storage]
	pub type PendingRequests<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		PendingRequest<BlockNumberFor<T>>,
		OptionQuery,
	>;

	/// The pending requests by the leading zero bits their work reached. The bits are the key
	/// as they are (`Identity`), so the first entry is the least-worked request: the one a new
	/// request with more work displaces when the queue is full.
	#[pallet::storage]
	pub type PendingByWork<T: Config> =
		StorageDoubleMap<_, Identity, u8, Blake2_128Concat, T::AccountId, (), OptionQuery>;

	/// The pending requests addressed to each agency: its verifiers' queue.
	#[pallet::storage]
	pub type PendingByAgency<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		AgencyId,
		Blake2_128Concat,
		T::AccountId,
		(),
		OptionQuery,
	>;

	/// The last request of each account an agency turned down, with the reason, until the
	/// request would have lapsed (its account stays in that expiry bucket) or the account files
	/// a new one. Bounded as the requests are: one per request still within its lifetime.
	#[pallet::storage]
	pub type Rejections<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, Rejection<BlockNumberFor<T>>, OptionQuery>;

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

	/// The work a registration request must carry.
	#[pallet::storage]
	pub type RequestCostParams<T: Config> = StorageValue<_, RequestCost, ValueQuery>;

	/// Transactions each class of participant may send per period (none: no limit).
	#[pallet::storage]
	pub type Quotas<T: Config> =
		StorageMap<_, Twox64Concat, ParticipantClass, Quota<BlockNumberFor<T>>, OptionQuery>;

	/// What each participant has used of their quota in the current period.
	#[pallet::storage]
	pub type QuotaUsage<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, Usage<BlockNumberFor<T>>, OptionQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Agencies to start with: kind, public name, administrator, region served.
		pub agencies: Vec<(AgencyKind, Vec<u8>, T::AccountId, RegionCode)>,
		/// Staff to start with: account, agency id, roles, identity hash (posted to the whole of
		/// the agency's region).
		pub staff: Vec<(T::AccountId, AgencyId, Vec<Role>, IdentityHash)>,
		/// Review seats per agency.
		pub review_seats: Vec<(AgencyId, u32)>,
		/// The cost of a registration request.
		pub request_cost: RequestCost,
		/// Transaction quotas per class of participant.
		pub quotas: Vec<(ParticipantClass, Quota<BlockNumberFor<T>>)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (kind, name, admin, region) in &self.agencies {
				Pallet::<T>::do_add_agency(*kind, name.clone(), admin.clone(), *region)
					.expect("genesis agencies must be valid");
			}
			for (agency, seats) in &self.review_seats {
				ReviewSeats::<T>::insert(agency, seats);
			}
			for (who, agency, roles, identity) in &self.staff {
				let roles = roles_from_list(roles).expect("genesis staff roles must fit");
				let region =
					Agencies::<T>::get(agency).expect("genesis staff agency exists").region;
				Pallet::<T>::do_register_staff(*agency, who.clone(), roles, *identity, region)
					.expect("genesis staff must be valid");
			}
			RequestCostParams::<T>::put(self.request_cost);
			for (class, quota) in &self.quotas {
				Quotas::<T>::insert(class, quota);
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// Governance added an agency serving `region`.
		AgencyAdded { agency: AgencyId, kind: AgencyKind, admin: T::AccountId, region: RegionCode },
		/// Governance removed an agency; its staff no longer hold any role.
		AgencyRemoved { agency: AgencyId },
		/// Governance replaced an agency's administrator.
		AgencyAdminChanged { agency: AgencyId, old_admin: T::AccountId, new_admin: T::AccountId },
		/// An administrator registered a staff member, posted to `region`.
		StaffRegistered {
			who: T::AccountId,
			agency: AgencyId,
			code: ParticipantCode,
			roles: RoleSet,
			region: RegionCode,
		},
		/// An administrator (or governance) changed a staff member's roles.
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
		/// The queue was full: `by`'s request, carrying more work, took the place of `who`'s,
		/// which is turned down as `Displaced`.
		RegistrationDisplaced { who: T::AccountId, agency: AgencyId, by: T::AccountId },
		/// A verifier confirmed the request: the account is a registered citizen or enterprise.
		CitizenVerified {
			who: T::AccountId,
			code: ParticipantCode,
			agency: AgencyId,
			by: T::AccountId,
			roles: RoleSet,
		},
		/// The citizen's registration was revoked, by a verifier of the agency that verified it
		/// (`by`), or by the council (`by: None`); their cases ended.
		CitizenRevoked {
			who: T::AccountId,
			code: ParticipantCode,
			agency: AgencyId,
			by: Option<T::AccountId>,
		},
		/// Governance set how many review seats `agency`'s staff may hold.
		ReviewSeatsSet { agency: AgencyId, seats: u32 },
		/// Governance took `who` off the democratic review team.
		ReviewerDismissed { who: T::AccountId, agency: AgencyId },
		/// Governance set the cost of a registration request.
		RequestCostSet { cost: RequestCost },
		/// Governance set (or lifted, `None`) the quota of a class of participant.
		QuotaSet { class: ParticipantClass, quota: Option<Quota<BlockNumberFor<T>>> },
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
		/// The region code is not a well-formed twelve-digit administrative division code.
		InvalidRegion,
		/// An agency of this kind already serves this region.
		RegionTaken,
		/// A staff member's post must lie within their agency's region.
		OutsideAgencyRegion,
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
		/// The agency's staff already hold every review seat the council gave it.
		ReviewSeatsFull,
		/// The agency's staff hold more review seats than that; dismiss some first.
		SeatsInUse,
		/// The account is not on the democratic review team.
		NotReviewer,
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
		/// Another account of this person is already registered (as a citizen, or as staff).
		IdAlreadyRegistered,
		/// The household lists the person it is registered to, or someone twice.
		InvalidHousehold,
		/// The account already has a pending request.
		RequestPending,
		/// The account has no pending request.
		NoPendingRequest,
		/// Too many requests are pending, or were filed in this block; try again later.
		RegistrationQueueFull,
		/// The request's proof of work is bound to a block that is too old, or unknown.
		StaleWork,
		/// The request's proof of work does not reach the required number of zero bits.
		InsufficientWork,
		/// The caller may not verify registrations for this agency.
		NotVerifier,
		/// A verifier may not confirm the registration of the person they are themselves.
		SelfVerification,
		/// The account is not a registered citizen or enterprise.
		NotCitizen,
		/// No identification codes are left.
		CodesExhausted,
		/// This kind of participant may not make this call.
		CallNotAllowed,
		/// The account has used its quota of transactions for this period.
		QuotaExceeded,
		/// A quota must allow some transactions over some blocks.
		InvalidQuota,
		/// `Displaced` is the runtime's reason for a request a fuller one pushed out of the
		/// queue, not a verifier's.
		ReservedReason,
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
		/// Adds an agency of `kind` named `name`, serving `region`, administered by `admin`, who
		/// also joins the consortium council.
		///
		/// Origin: [`Config::GovernanceOrigin`]. Emits [`Event::AgencyAdded`].
		/// Errors: `EmptyName`, `NameTooLong`, `InvalidRegion`, `RegionTaken`, `AccountInUse`,
		/// `TooManyAgencies`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::add_agency(T::MaxAgencies::get()))]
		pub fn add_agency(
			origin: OriginFor<T>,
			kind: AgencyKind,
			name: Vec<u8>,
			admin: T::AccountId,
			region: RegionCode,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			let agency = Self::do_add_agency(kind, name, admin.clone(), region)?;
			Self::deposit_event(Event::AgencyAdded { agency, kind, admin, region });
			Ok(())
		}

		/// Removes an agency. Its administrator leaves the council; its staff members keep
		/// their records but hold no role any more, and anyone may clean them up with
		/// [`Pallet::remove_staff`] (which returns a departed doctor's teams to their
		/// department). Payments from or to its fund stop when they next fall due, and every
		/// open case that depended on it ends ([`Config::OnRegistrationEnded`]: the lifecycle
		/// sweeps them in the blocks' spare weight).
		///
		/// Origin: [`Config::GovernanceOrigin`]. Emits [`Event::AgencyRemoved`].
		/// Errors: `UnknownAgency`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::remove_agency(T::MaxAgencies::get()).saturating_add(T::OnRegistrationEnded::agency_removed_weight()))]
		pub fn remove_agency(origin: OriginFor<T>, agency: AgencyId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_remove_agency(agency)?;
			T::OnRegistrationEnded::agency_removed(agency);
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

		/// Registers `who` as a staff member of the caller's agency with `roles`, posted to
		/// `region` (the agency's whole area, or a part of it). `identity` is the keyed hash of
		/// their ID card number, which the agency computed: it keeps them from deciding cases
		/// that concern them.
		///
		/// Origin: signed by an agency administrator. Emits [`Event::StaffRegistered`].
		/// Errors: `NotAgencyAdmin`, `NoRoles`, `RoleNotGrantable`, `InvalidRegion`,
		/// `OutsideAgencyRegion`, `AccountInUse`, `IdAlreadyRegistered`, `TooManyStaff`,
		/// `ReviewSeatsFull`, `ReviewTeamFull`, `CodesExhausted`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::register_staff())]
		pub fn register_staff(
			origin: OriginFor<T>,
			who: T::AccountId,
			roles: RoleSet,
			identity: IdentityHash,
			region: RegionCode,
		) -> DispatchResult {
			let admin = ensure_signed(origin)?;
			let agency = AdminOf::<T>::get(&admin).ok_or(Error::<T>::NotAgencyAdmin)?;
			let code =
				Self::do_register_staff(agency, who.clone(), roles.clone(), identity, region)?;
			Self::deposit_event(Event::StaffRegistered { who, agency, code, roles, region });
			Ok(())
		}

		/// Replaces the roles of staff member `who` of the caller's agency.
		///
		/// Origin: signed by the administrator of `who`'s agency. Emits
		/// [`Event::StaffRolesChanged`].
		/// Errors: `NotAgencyAdmin`, `NotStaff`, `NotYourStaff`, `NoRoles`, `RoleNotGrantable`,
		/// `ReviewSeatsFull`, `ReviewTeamFull`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::set_staff_roles().saturating_add(T::OnRegistrationEnded::staff_changed_weight()))]
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

		/// Removes staff member `who`. Steps only they could take go back to their agency.
		///
		/// Origin: signed by the administrator of `who`'s agency, or by anyone once that agency
		/// has been removed. Emits [`Event::StaffRemoved`].
		/// Errors: `NotStaff`, `NotAgencyAdmin`, `NotYourStaff`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::remove_staff().saturating_add(T::OnRegistrationEnded::staff_changed_weight()))]
		pub fn remove_staff(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			let caller = ensure_signed(origin)?;
			let agency = Self::do_remove_staff(&caller, &who)?;
			Self::deposit_event(Event::StaffRemoved { who, agency });
			Ok(())
		}

		/// Files `form` to register as a citizen or enterprise with the agency it names, or, for
		/// a registered citizen, to amend the registration (new roles, renewed ID card). `work`
		/// is the proof of work the request carries (see [`RequestCost`];
		/// `RegistrationApi::request_difficulty` says how much). The request lapses after
		/// [`Config::RequestTtl`] blocks unless judged. When [`Config::MaxPendingRequests`] are
		/// waiting, the request must carry more work than the least-worked of them, whose place
		/// it takes: a flood fills the queue, but cannot keep a genuine applicant out of it.
		///
		/// This is the one call an unregistered account may make; [`CheckParticipantNonce`]
		/// admits it to the pool only when it would succeed.
		///
		/// Origin: signed by an account that is not an administrator or staff member.
		/// Emits [`Event::RegistrationRequested`], and [`Event::RegistrationDisplaced`] for the
		/// request it displaces.
		/// Errors: `AccountInUse`, `RequestPending`, `NoRoles`, `NotCitizenRole`,
		/// `UnknownAgency`, `RoleNotVerifiable`, `IdCardExpired`, `InvalidCid`, `StaleWork`,
		/// `InsufficientWork`, `RegistrationQueueFull`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::request_registration())]
		pub fn request_registration(
			origin: OriginFor<T>,
			form: RegistrationForm,
			work: ProofOfWork<BlockNumberFor<T>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let (agency, roles) = (form.agency, form.roles.clone());
			let expires_at = Self::do_request_registration(&who, form, work)?;
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

		/// Confirms `who`'s pending request after checking their documents and ID card off
		/// chain, adding what the check established: the keyed identity hash, the registered
		/// residence and the household. A new citizen gets an identification code; an amended
		/// registration keeps its code (and must be the same person).
		///
		/// Origin: signed by a verifier of the agency the request names. Emits
		/// [`Event::CitizenVerified`].
		/// Errors: `NoPendingRequest`, `UnknownAgency`, `NotVerifier`, `SelfVerification`,
		/// `IdCardExpired`, `InvalidRegion`, `InvalidHousehold`, `IdAlreadyRegistered`,
		/// `CodesExhausted`.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::verify_citizen())]
		pub fn verify_citizen(
			origin: OriginFor<T>,
			who: T::AccountId,
			verification: Verification,
		) -> DispatchResult {
			let verifier = ensure_signed(origin)?;
			let (code, agency, roles) = Self::do_verify_citizen(&verifier, &who, verification)?;
			Self::deposit_event(Event::CitizenVerified { who, code, agency, by: verifier, roles });
			Ok(())
		}

		/// Turns `who`'s pending request down for `reason`, which `who` can read in
		/// [`Rejections`] until the request would have lapsed or they file a new one.
		///
		/// Origin: signed by a verifier of the agency the request names. Emits
		/// [`Event::RegistrationRejected`].
		/// Errors: `NoPendingRequest`, `UnknownAgency`, `NotVerifier`, `ReservedReason`.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::reject_request())]
		pub fn reject_request(
			origin: OriginFor<T>,
			who: T::AccountId,
			reason: RejectionReason,
		) -> DispatchResult {
			let verifier = ensure_signed(origin)?;
			Self::do_reject_request(&verifier, &who, reason)
		}

		/// Revokes the registration of citizen `who` (identity fraud, death, a court order).
		/// Their open cases end and their payments stop.
		///
		/// Origin: signed by a verifier of the agency that verified `who`, or
		/// [`Config::GovernanceOrigin`]. Emits [`Event::CitizenRevoked`].
		/// Errors: `NotCitizen`, `NotVerifier`.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::revoke_citizen().saturating_add(T::OnRegistrationEnded::citizen_revoked_weight()))]
		pub fn revoke_citizen(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			let by = match T::GovernanceOrigin::try_origin(origin) {
				Ok(_) => None,
				Err(origin) => Some(ensure_signed(origin)?),
			};
			let (code, agency) = Self::do_revoke_citizen(by.as_ref(), &who)?;
			Self::deposit_event(Event::CitizenRevoked { who, code, agency, by });
			Ok(())
		}

		/// Turns down every pending request in `who` addressed to the caller's agency, for
		/// `reason` (a flood of fresh accounts). Requests no longer pending are skipped.
		///
		/// Origin: signed by a verifier. Emits [`Event::RegistrationRejected`] for each.
		/// Errors: `NotVerifier`, `ReservedReason`.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::reject_requests(who.len() as u32))]
		pub fn reject_requests(
			origin: OriginFor<T>,
			who: BoundedVec<T::AccountId, ConstU32<MAX_BULK_REJECTIONS>>,
			reason: RejectionReason,
		) -> DispatchResult {
			let verifier = ensure_signed(origin)?;
			Self::do_reject_requests(&verifier, who, reason)
		}

		/// Sets how many seats on the democratic review team `agency`'s staff may hold. It
		/// cannot go below the seats its staff hold now.
		///
		/// Origin: [`Config::GovernanceOrigin`]. Emits [`Event::ReviewSeatsSet`].
		/// Errors: `UnknownAgency`, `SeatsInUse`.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::set_review_seats())]
		pub fn set_review_seats(
			origin: OriginFor<T>,
			agency: AgencyId,
			seats: u32,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(Agencies::<T>::contains_key(agency), Error::<T>::UnknownAgency);
			ensure!(Self::seats_held(agency) <= seats, Error::<T>::SeatsInUse);
			ReviewSeats::<T>::insert(agency, seats);
			Self::deposit_event(Event::ReviewSeatsSet { agency, seats });
			Ok(())
		}

		/// Takes `who` off the democratic review team (their other roles stay).
		///
		/// Origin: [`Config::GovernanceOrigin`]. Emits [`Event::ReviewerDismissed`].
		/// Errors: `NotReviewer`.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::dismiss_reviewer())]
		pub fn dismiss_reviewer(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			let agency = Self::do_dismiss_reviewer(&who)?;
			Self::deposit_event(Event::ReviewerDismissed { who, agency });
			Ok(())
		}

		/// Sets the work a registration request must carry. Applies to requests from now on.
		///
		/// Origin: [`Config::GovernanceOrigin`]. Emits [`Event::RequestCostSet`].
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::set_request_cost())]
		pub fn set_request_cost(origin: OriginFor<T>, cost: RequestCost) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			RequestCostParams::<T>::put(cost);
			Self::deposit_event(Event::RequestCostSet { cost });
			Ok(())
		}

		/// Sets how many transactions each participant of `class` may send per period
		/// (`None`: no limit). Applies from each participant's next transaction.
		///
		/// Origin: [`Config::GovernanceOrigin`]. Emits [`Event::QuotaSet`].
		/// Errors: `InvalidQuota`.
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::set_quota())]
		pub fn set_quota(
			origin: OriginFor<T>,
			class: ParticipantClass,
			quota: Option<Quota<BlockNumberFor<T>>>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			if let Some(q) = &quota {
				ensure!(q.transactions > 0 && !q.period.is_zero(), Error::<T>::InvalidQuota);
			}
			Quotas::<T>::set(class, quota);
			Self::deposit_event(Event::QuotaSet { class, quota });
			Ok(())
		}
	}
}

/// Builds a role set from a list, refusing lists with more distinct roles than fit.
pub fn roles_from_list(
	roles: &[safetynet_primitives::Role],
) -> Option<safetynet_primitives::RoleSet> {
	let mut set = safetynet_primitives::RoleSet::new();
	for role in roles {
		set.try_insert(*role).ok()?;
	}
	Some(set)
}
