//! The registration rules, each written once, and the [`ParticipantRegistry`] view of them.
//!
//! Provider references: every registered identity (administrator, staff member, citizen) and
//! every pending request of an account that is not yet a citizen holds exactly one provider
//! reference on its account. That keeps the account (and its nonce) alive without tokens, and
//! lets the account be reaped, leaving no state, once it is neither registered nor waiting.

use crate::{pallet::*, types::*, ParticipantRegistry, WeightInfo};
use alloc::vec::Vec;
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{ChangeMembers, UnixTime},
};
use frame_system::pallet_prelude::BlockNumberFor;
use safetynet_primitives::{
	AgencyId, AgencyInfo, AgencyKind, CitizenIdentity, IdentityHash, Moment, OnRegistrationEnded,
	ParticipantCode, ParticipantKind, RegionCode, Role, RoleSet, StaffPost,
};
use sp_runtime::traits::{Saturating, Zero};

const LOG_TARGET: &str = "runtime::registration";

impl<T: Config> Pallet<T> {
	// ----- agencies -----

	pub(crate) fn do_add_agency(
		kind: AgencyKind,
		name: Vec<u8>,
		admin: T::AccountId,
		region: RegionCode,
	) -> Result<AgencyId, DispatchError> {
		ensure!(!name.is_empty(), Error::<T>::EmptyName);
		let name: AgencyName = name.try_into().map_err(|_| Error::<T>::NameTooLong)?;
		ensure!(region.is_valid(), Error::<T>::InvalidRegion);
		ensure!(!AgencyAt::<T>::contains_key(kind, region), Error::<T>::RegionTaken);
		Self::ensure_unused(&admin)?;
		let count = AgencyCount::<T>::get();
		ensure!(count < T::MaxAgencies::get(), Error::<T>::TooManyAgencies);
		let agency = NextAgencyId::<T>::get();
		let next = agency.checked_add(1).ok_or(Error::<T>::TooManyAgencies)?;

		NextAgencyId::<T>::put(next);
		AgencyCount::<T>::put(count + 1);
		Agencies::<T>::insert(
			agency,
			Agency { kind, name, admin: admin.clone(), region, staff_count: 0 },
		);
		AgencyAt::<T>::insert(kind, region, agency);
		AdminOf::<T>::insert(&admin, agency);
		frame_system::Pallet::<T>::inc_providers(&admin);
		Self::admins_changed(&[admin], &[]);
		Ok(agency)
	}

	pub(crate) fn do_remove_agency(agency: AgencyId) -> DispatchResult {
		let removed = Agencies::<T>::take(agency).ok_or(Error::<T>::UnknownAgency)?;
		// Its staff leave the review team at once (bounded by `MaxReviewTeam`).
		let leaving: Vec<T::AccountId> = ReviewTeam::<T>::get()
			.into_iter()
			.filter(|m| Staff::<T>::get(m).is_some_and(|s| s.agency == agency))
			.collect();
		for member in leaving {
			Self::set_review_membership(&member, agency, false)?;
		}
		AgencyAt::<T>::remove(removed.kind, removed.region);
		ReviewSeats::<T>::remove(agency);
		AgencyCount::<T>::mutate(|c| *c = c.saturating_sub(1));
		AdminOf::<T>::remove(&removed.admin);
		QuotaUsage::<T>::remove(&removed.admin);
		// Listeners first: they may hold references on the account (its session keys) that
		// must go before the account can be released.
		Self::admins_changed(&[], core::slice::from_ref(&removed.admin));
		Self::release_account(&removed.admin);
		Ok(())
	}

	/// Returns the old administrator.
	pub(crate) fn do_set_agency_admin(
		agency: AgencyId,
		new_admin: T::AccountId,
	) -> Result<T::AccountId, DispatchError> {
		let mut record = Agencies::<T>::get(agency).ok_or(Error::<T>::UnknownAgency)?;
		Self::ensure_unused(&new_admin)?;
		let old_admin = core::mem::replace(&mut record.admin, new_admin.clone());
		Agencies::<T>::insert(agency, record);
		AdminOf::<T>::remove(&old_admin);
		AdminOf::<T>::insert(&new_admin, agency);
		QuotaUsage::<T>::remove(&old_admin);
		frame_system::Pallet::<T>::inc_providers(&new_admin);
		// Listeners first, as in `do_remove_agency`.
		Self::admins_changed(&[new_admin], core::slice::from_ref(&old_admin));
		Self::release_account(&old_admin);
		Ok(old_admin)
	}

	/// Tells the council the new set of administrators. Bounded by `MaxAgencies`.
	fn admins_changed(incoming: &[T::AccountId], outgoing: &[T::AccountId]) {
		let mut admins: Vec<T::AccountId> = AdminOf::<T>::iter_keys().collect();
		admins.sort();
		T::AdminMembership::change_members_sorted(incoming, outgoing, &admins);
	}

	// ----- staff -----

	pub(crate) fn do_register_staff(
		agency: AgencyId,
		who: T::AccountId,
		roles: RoleSet,
		identity: IdentityHash,
		region: RegionCode,
	) -> Result<ParticipantCode, DispatchError> {
		let mut record = Agencies::<T>::get(agency).ok_or(Error::<T>::UnknownAgency)?;
		Self::ensure_grantable(record.kind, &roles)?;
		ensure!(region.is_valid(), Error::<T>::InvalidRegion);
		ensure!(record.region.contains(&region), Error::<T>::OutsideAgencyRegion);
		Self::ensure_unused(&who)?;
		ensure!(!StaffIdentities::<T>::contains_key(identity), Error::<T>::IdAlreadyRegistered);
		ensure!(record.staff_count < T::MaxStaffPerAgency::get(), Error::<T>::TooManyStaff);
		let code = Self::next_code()?;
		Self::set_review_membership(&who, agency, roles.contains(&Role::DemocraticReviewMember))?;

		record.staff_count += 1;
		Agencies::<T>::insert(agency, record);
		Staff::<T>::insert(&who, StaffMember { agency, code, roles, region, identity });
		StaffIdentities::<T>::insert(identity, &who);
		CodeOwner::<T>::insert(code, &who);
		frame_system::Pallet::<T>::inc_providers(&who);
		Ok(code)
	}

	pub(crate) fn do_set_staff_roles(
		agency: AgencyId,
		who: &T::AccountId,
		roles: RoleSet,
	) -> DispatchResult {
		let mut member = Staff::<T>::get(who).ok_or(Error::<T>::NotStaff)?;
		ensure!(member.agency == agency, Error::<T>::NotYourStaff);
		let kind = Agencies::<T>::get(agency).ok_or(Error::<T>::UnknownAgency)?.kind;
		Self::ensure_grantable(kind, &roles)?;
		Self::set_review_membership(who, agency, roles.contains(&Role::DemocraticReviewMember))?;
		member.roles = roles;
		Staff::<T>::insert(who, member);
		T::OnRegistrationEnded::staff_changed(who);
		Ok(())
	}

	/// Returns the agency the member belonged to.
	pub(crate) fn do_remove_staff(
		caller: &T::AccountId,
		who: &T::AccountId,
	) -> Result<AgencyId, DispatchError> {
		let member = Staff::<T>::get(who).ok_or(Error::<T>::NotStaff)?;
		// Once the agency is gone, anyone may clean up after it.
		if let Some(mut record) = Agencies::<T>::get(member.agency) {
			if record.admin != *caller {
				let err = if AdminOf::<T>::contains_key(caller) {
					Error::<T>::NotYourStaff
				} else {
					Error::<T>::NotAgencyAdmin
				};
				return Err(err.into());
			}
			record.staff_count = record.staff_count.saturating_sub(1);
			Agencies::<T>::insert(member.agency, record);
		}
		Self::set_review_membership(who, member.agency, false)?;
		Staff::<T>::remove(who);
		StaffIdentities::<T>::remove(member.identity);
		CodeOwner::<T>::remove(member.code);
		QuotaUsage::<T>::remove(who);
		T::OnRegistrationEnded::staff_changed(who);
		Self::release_account(who);
		Ok(member.agency)
	}

	/// Takes `who` off the review team and drops the role; returns their agency.
	pub(crate) fn do_dismiss_reviewer(who: &T::AccountId) -> Result<AgencyId, DispatchError> {
		let mut member = Staff::<T>::get(who).ok_or(Error::<T>::NotReviewer)?;
		ensure!(ReviewTeam::<T>::get().binary_search(who).is_ok(), Error::<T>::NotReviewer);
		ensure!(member.roles.remove(&Role::DemocraticReviewMember), Error::<T>::NotReviewer);
		Self::set_review_membership(who, member.agency, false)?;
		let agency = member.agency;
		Staff::<T>::insert(who, member);
		T::OnRegistrationEnded::staff_changed(who);
		Ok(agency)
	}

	/// How many review seats `agency`'s staff hold. Bounded by `MaxReviewTeam`.
	pub(crate) fn seats_held(agency: AgencyId) -> u32 {
		ReviewTeam::<T>::get()
			.iter()
			.filter(|m| Staff::<T>::get(m).is_some_and(|s| s.agency == agency))
			.count() as u32
	}

	/// Puts `who` (of `agency`) on the democratic review team, or takes them off, and tells the
	/// collective. Nothing changes when `who` already is where they should be.
	fn set_review_membership(who: &T::AccountId, agency: AgencyId, member: bool) -> DispatchResult {
		let mut team = ReviewTeam::<T>::get();
		let (incoming, outgoing) = match (team.binary_search(who), member) {
			(Err(at), true) => {
				ensure!(
					Self::seats_held(agency) < ReviewSeats::<T>::get(agency),
					Error::<T>::ReviewSeatsFull
				);
				team.try_insert(at, who.clone()).map_err(|_| Error::<T>::ReviewTeamFull)?;
				(alloc::vec![who.clone()], alloc::vec![])
			},
			(Ok(at), false) => {
				team.remove(at);
				(alloc::vec![], alloc::vec![who.clone()])
			},
			_ => return Ok(()),
		};
		T::ReviewTeamMembership::change_members_sorted(&incoming, &outgoing, &team);
		ReviewTeam::<T>::put(team);
		Ok(())
	}

	fn ensure_grantable(kind: AgencyKind, roles: &RoleSet) -> DispatchResult {
		ensure!(!roles.is_empty(), Error::<T>::NoRoles);
		ensure!(roles.iter().all(|role| kind.may_grant(*role)), Error::<T>::RoleNotGrantable);
		Ok(())
	}

	// ----- citizens -----

	/// Every check a registration request must pass, without changing anything. The pool runs it
	/// too (through [`crate::CheckParticipantNonce`]), so a request that would fail never takes
	/// room in a block.
	pub fn check_request(
		who: &T::AccountId,
		form: &RegistrationForm,
		work: &ProofOfWork<BlockNumberFor<T>>,
	) -> Result<RequestCheck<T::AccountId>, Error<T>> {
		match Self::participant_kind(who) {
			Some(ParticipantKind::Admin(_)) | Some(ParticipantKind::Staff(_)) =>
				return Err(Error::<T>::AccountInUse),
			Some(ParticipantKind::Citizen) | None => {},
		}
		ensure!(!Staff::<T>::contains_key(who), Error::<T>::AccountInUse);
		ensure!(!PendingRequests::<T>::contains_key(who), Error::<T>::RequestPending);
		ensure!(!form.roles.is_empty(), Error::<T>::NoRoles);
		ensure!(form.roles.iter().all(|r| r.is_citizen()), Error::<T>::NotCitizenRole);
		let agency = Agencies::<T>::get(form.agency).ok_or(Error::<T>::UnknownAgency)?;
		ensure!(
			form.roles.iter().all(|r| agency.kind.may_verify(*r)),
			Error::<T>::RoleNotVerifiable
		);
		Self::ensure_id_valid(form.id_valid_until)?;
		form.form_cid.check().map_err(|_| Error::<T>::InvalidCid)?;
		if let Some(photo) = &form.photo_cid {
			photo.check().map_err(|_| Error::<T>::InvalidCid)?;
		}
		let full = PendingCount::<T>::get() >= T::MaxPendingRequests::get();
		let weakest = if full { Self::weakest_request() } else { None };
		ensure!(!full || weakest.is_some(), Error::<T>::RegistrationQueueFull);
		let required = Self::difficulty(weakest.as_ref().map(|(bits, _)| *bits));
		let reached = Self::check_work(who, form, work, required)?;
		let bucket_len =
			RequestExpiries::<T>::decode_len(Self::expiry_of_new_request()).unwrap_or(0);
		ensure!(
			(bucket_len as u32) < T::MaxRequestsPerBlock::get(),
			Error::<T>::RegistrationQueueFull
		);
		Ok(RequestCheck {
			extra_bits: reached - required,
			work_bits: reached.min(u32::from(u8::MAX)) as u8,
			displaces: weakest.map(|(_, account)| account),
		})
	}

	/// The zero bits a request needs now.
	pub fn request_difficulty() -> u32 {
		let full = PendingCount::<T>::get() >= T::MaxPendingRequests::get();
		let weakest = if full { Self::weakest_request() } else { None };
		Self::difficulty(weakest.map(|(bits, _)| bits))
	}

	/// What the cost parameters ask for at the queue's length, and, when the queue is full,
	/// more than the `weakest_bits` of the request a new one would displace.
	fn difficulty(weakest_bits: Option<u8>) -> u32 {
		let required = RequestCostParams::<T>::get().required_bits(PendingCount::<T>::get());
		match weakest_bits {
			Some(bits) => required.max(u32::from(bits) + 1),
			None => required,
		}
	}

	/// The least-worked pending request: its work's bits and its account.
	fn weakest_request() -> Option<(u8, T::AccountId)> {
		PendingByWork::<T>::iter_keys().next()
	}

	/// Checks the request's proof of work: bound to a known block at most `WorkWindow` old, and
	/// reaching `required` bits. Returns the bits it reached.
	fn check_work(
		who: &T::AccountId,
		form: &RegistrationForm,
		work: &ProofOfWork<BlockNumberFor<T>>,
		required: u32,
	) -> Result<u32, Error<T>> {
		let now = frame_system::Pallet::<T>::block_number();
		let fresh = work.block < now && now.saturating_sub(work.block) <= T::WorkWindow::get();
		ensure!(fresh, Error::<T>::StaleWork);
		let block_hash = frame_system::BlockHash::<T>::get(work.block);
		ensure!(block_hash != T::Hash::default(), Error::<T>::StaleWork);
		let hash = work_hash(who, &block_hash, form, work.nonce);
		let reached = leading_zero_bits(&hash);
		ensure!(reached >= required, Error::<T>::InsufficientWork);
		Ok(reached)
	}

	/// Returns the block in which the request lapses.
	pub(crate) fn do_request_registration(
		who: &T::AccountId,
		form: RegistrationForm,
		work: ProofOfWork<BlockNumberFor<T>>,
	) -> Result<BlockNumberFor<T>, DispatchError> {
		let check = Self::check_request(who, &form, &work)?;
		if let Some(weakest) = check.displaces {
			let request = Self::take_request(&weakest)?;
			let agency = request.form.agency;
			Self::record_rejection(&weakest, request, RejectionReason::Displaced)?;
			Self::deposit_event(Event::<T>::RegistrationDisplaced {
				who: weakest,
				agency,
				by: who.clone(),
			});
		}
		// A new request replaces what is known of the last one turned down.
		if let Some(rejection) = Rejections::<T>::take(who) {
			Self::leave_bucket(rejection.until, who);
		}
		let expires_at = Self::expiry_of_new_request();
		RequestExpiries::<T>::try_mutate(expires_at, |bucket| bucket.try_push(who.clone()))
			.map_err(|_| Error::<T>::RegistrationQueueFull)?;
		PendingByAgency::<T>::insert(form.agency, who, ());
		PendingByWork::<T>::insert(check.work_bits, who, ());
		PendingRequests::<T>::insert(
			who,
			PendingRequest { form, expires_at, work_bits: check.work_bits },
		);
		PendingCount::<T>::mutate(|c| *c += 1);
		if !Citizens::<T>::contains_key(who) {
			frame_system::Pallet::<T>::inc_providers(who);
		}
		Ok(expires_at)
	}

	/// Removes `who`'s pending request, whatever its fate.
	pub(crate) fn take_request(
		who: &T::AccountId,
	) -> Result<PendingRequest<BlockNumberFor<T>>, DispatchError> {
		let request = PendingRequests::<T>::take(who).ok_or(Error::<T>::NoPendingRequest)?;
		PendingCount::<T>::mutate(|c| *c = c.saturating_sub(1));
		PendingByAgency::<T>::remove(request.form.agency, who);
		PendingByWork::<T>::remove(request.work_bits, who);
		Self::leave_bucket(request.expires_at, who);
		if !Citizens::<T>::contains_key(who) {
			Self::release_account(who);
		}
		Ok(request)
	}

	/// Takes `who` out of the expiry bucket of block `at`.
	fn leave_bucket(at: BlockNumberFor<T>, who: &T::AccountId) {
		RequestExpiries::<T>::mutate_exists(at, |bucket| {
			if let Some(accounts) = bucket {
				accounts.retain(|a| a != who);
				if accounts.is_empty() {
					*bucket = None;
				}
			}
		});
	}

	/// Lapses the requests due in block `now`, and forgets the rejections kept until then.
	/// Bounded by `MaxRequestsPerBlock`.
	pub(crate) fn expire_requests(now: BlockNumberFor<T>) -> Weight {
		let due = RequestExpiries::<T>::take(now);
		let count = due.len() as u32;
		for who in due {
			let is_due = PendingRequests::<T>::get(&who).is_some_and(|r| r.expires_at == now);
			if is_due && Self::take_request(&who).is_ok() {
				Self::deposit_event(Event::<T>::RegistrationExpired { who });
			} else if Rejections::<T>::get(&who).is_some_and(|r| r.until == now) {
				Rejections::<T>::remove(&who);
			}
		}
		T::WeightInfo::on_initialize_expire(count)
	}

	/// Returns the citizen's code, the confirming agency and the roles confirmed.
	pub(crate) fn do_verify_citizen(
		verifier: &T::AccountId,
		who: &T::AccountId,
		verification: Verification,
	) -> Result<(ParticipantCode, AgencyId, RoleSet), DispatchError> {
		let request = PendingRequests::<T>::get(who).ok_or(Error::<T>::NoPendingRequest)?;
		let form = request.form;
		Self::ensure_verifier(verifier, form.agency)?;
		Self::ensure_id_valid(form.id_valid_until)?;
		let Verification { identity, residence, household } = verification;
		// Nobody confirms their own registration.
		let own = Staff::<T>::get(verifier).is_some_and(|m| m.identity == identity);
		ensure!(!own, Error::<T>::SelfVerification);
		ensure!(residence.is_valid(), Error::<T>::InvalidRegion);
		let mut seen = alloc::collections::BTreeSet::new();
		let household_ok = household.iter().all(|m| *m != identity && seen.insert(*m));
		ensure!(household_ok, Error::<T>::InvalidHousehold);
		match CitizenIdentities::<T>::get(identity) {
			Some(owner) if owner != *who => return Err(Error::<T>::IdAlreadyRegistered.into()),
			_ => {},
		}
		let previous = Citizens::<T>::get(who);
		// An amendment is the same person's.
		if let Some(old) = &previous {
			ensure!(old.identity == identity, Error::<T>::IdAlreadyRegistered);
		}
		let code = match &previous {
			Some(citizen) => citizen.code,
			None => Self::next_code()?,
		};

		let roles = form.roles.clone();
		CitizenIdentities::<T>::insert(identity, who);
		CodeOwner::<T>::insert(code, who);
		Citizens::<T>::insert(
			who,
			Citizen {
				code,
				roles: form.roles,
				identity,
				id_valid_until: form.id_valid_until,
				form_cid: form.form_cid,
				photo_cid: form.photo_cid,
				verified_by: form.agency,
				verified_at: frame_system::Pallet::<T>::block_number(),
				residence,
				household,
			},
		);
		// The citizen record now holds the provider the request held.
		Self::take_request(who)?;
		Ok((code, form.agency, roles))
	}

	pub(crate) fn do_reject_request(
		verifier: &T::AccountId,
		who: &T::AccountId,
		reason: RejectionReason,
	) -> DispatchResult {
		ensure!(reason != RejectionReason::Displaced, Error::<T>::ReservedReason);
		let agency =
			PendingRequests::<T>::get(who).ok_or(Error::<T>::NoPendingRequest)?.form.agency;
		Self::ensure_verifier(verifier, agency)?;
		let request = Self::take_request(who)?;
		Self::record_rejection(who, request, reason)?;
		Self::deposit_event(Event::<T>::RegistrationRejected {
			who: who.clone(),
			agency,
			by: verifier.clone(),
			reason,
		});
		Ok(())
	}

	/// Keeps why `who`'s request (just taken out of the queue) was turned down. The requester
	/// may read it until the request would have lapsed: the account goes back into that block's
	/// bucket (the slot it just left), where the record is forgotten.
	fn record_rejection(
		who: &T::AccountId,
		request: PendingRequest<BlockNumberFor<T>>,
		reason: RejectionReason,
	) -> DispatchResult {
		RequestExpiries::<T>::try_mutate(request.expires_at, |bucket| bucket.try_push(who.clone()))
			.map_err(|_| Error::<T>::RegistrationQueueFull)?;
		let at = frame_system::Pallet::<T>::block_number();
		let agency = request.form.agency;
		Rejections::<T>::insert(who, Rejection { agency, reason, at, until: request.expires_at });
		Ok(())
	}

	pub(crate) fn do_reject_requests(
		verifier: &T::AccountId,
		accounts: BoundedVec<T::AccountId, ConstU32<MAX_BULK_REJECTIONS>>,
		reason: RejectionReason,
	) -> DispatchResult {
		ensure!(reason != RejectionReason::Displaced, Error::<T>::ReservedReason);
		let agency = Self::verifier_agency(verifier).ok_or(Error::<T>::NotVerifier)?;
		for who in accounts {
			if PendingByAgency::<T>::contains_key(agency, &who) {
				Self::do_reject_request(verifier, &who, reason)?;
			}
		}
		Ok(())
	}

	/// Returns the revoked code and the agency that had verified the citizen. `by` is the
	/// revoking verifier, or `None` for the council.
	pub(crate) fn do_revoke_citizen(
		by: Option<&T::AccountId>,
		who: &T::AccountId,
	) -> Result<(ParticipantCode, AgencyId), DispatchError> {
		let citizen = Citizens::<T>::get(who).ok_or(Error::<T>::NotCitizen)?;
		if let Some(verifier) = by {
			ensure!(
				Self::verifier_agency(verifier) == Some(citizen.verified_by),
				Error::<T>::NotVerifier
			);
		}
		Citizens::<T>::remove(who);
		CodeOwner::<T>::remove(citizen.code);
		CitizenIdentities::<T>::remove(citizen.identity);
		QuotaUsage::<T>::remove(who);
		T::OnRegistrationEnded::citizen_revoked(who);
		// A pending amendment goes too; whichever record remains releases the one provider.
		if Self::take_request(who).is_err() {
			Self::release_account(who);
		}
		Ok((citizen.code, citizen.verified_by))
	}

	// ----- quotas -----

	/// What `who` (of `class`) has used of its quota at block `now`, if a quota applies:
	/// `(quota, usage)`, the usage counted from `now` when its period is over.
	pub fn quota_usage(
		who: &T::AccountId,
		class: safetynet_primitives::ParticipantClass,
		now: BlockNumberFor<T>,
	) -> Option<(Quota<BlockNumberFor<T>>, Usage<BlockNumberFor<T>>)> {
		let quota = Quotas::<T>::get(class)?;
		let usage = QuotaUsage::<T>::get(who)
			.filter(|u| now.saturating_sub(u.since) < quota.period)
			.unwrap_or(Usage { since: now, used: 0 });
		Some((quota, usage))
	}

	// ----- shared checks -----

	/// The agency on whose behalf `who` may judge registrations: the one they administer, or
	/// the one they work for with a front-desk role.
	pub fn verifier_agency(who: &T::AccountId) -> Option<AgencyId> {
		if let Some(agency) = AdminOf::<T>::get(who) {
			return Some(agency);
		}
		Staff::<T>::get(who)
			.filter(|m| m.roles.iter().any(|r| r.may_verify_citizens()))
			.map(|m| m.agency)
			.filter(|agency| Agencies::<T>::contains_key(agency))
	}

	pub(crate) fn ensure_verifier(who: &T::AccountId, agency: AgencyId) -> DispatchResult {
		ensure!(Agencies::<T>::contains_key(agency), Error::<T>::UnknownAgency);
		ensure!(Self::verifier_agency(who) == Some(agency), Error::<T>::NotVerifier);
		Ok(())
	}

	fn ensure_id_valid(valid_until: Moment) -> Result<(), Error<T>> {
		let now = T::UnixTime::now().as_millis();
		ensure!(u128::from(valid_until) > now, Error::<T>::IdCardExpired);
		Ok(())
	}

	/// An account may take a new identity only if it has none and is not waiting for one.
	fn ensure_unused(who: &T::AccountId) -> DispatchResult {
		let unused = AdminOf::<T>::get(who).is_none() &&
			!Staff::<T>::contains_key(who) &&
			!Citizens::<T>::contains_key(who) &&
			!PendingRequests::<T>::contains_key(who);
		ensure!(unused, Error::<T>::AccountInUse);
		Ok(())
	}

	fn expiry_of_new_request() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number().saturating_add(T::RequestTtl::get())
	}

	fn next_code() -> Result<ParticipantCode, DispatchError> {
		let code = NextCode::<T>::get();
		NextCode::<T>::put(code.checked_add(1).ok_or(Error::<T>::CodesExhausted)?);
		Ok(code)
	}

	/// Gives back the provider reference a registration or request held. The account is reaped
	/// if nothing else keeps it alive. If another pallet still has consumers on it, the account
	/// stays (and keeps this reference) rather than leave that pallet's state dangling.
	fn release_account(who: &T::AccountId) {
		if let Err(e) = frame_system::Pallet::<T>::dec_providers(who) {
			log::warn!(target: LOG_TARGET, "account kept alive by its consumers: {e:?}");
		}
	}

	/// What kind of registered identity `who` has, if any (a staff member of a removed agency
	/// has none).
	pub fn participant_kind(who: &T::AccountId) -> Option<ParticipantKind> {
		if let Some(agency) = AdminOf::<T>::get(who) {
			Some(ParticipantKind::Admin(agency))
		} else if let Some(member) = Staff::<T>::get(who) {
			Agencies::<T>::contains_key(member.agency)
				.then_some(ParticipantKind::Staff(member.agency))
		} else if Citizens::<T>::contains_key(who) {
			Some(ParticipantKind::Citizen)
		} else {
			None
		}
	}

	/// The pending requests addressed to `agency`, with their forms: its verifiers' queue.
	pub fn pending_requests(
		agency: AgencyId,
	) -> Vec<(T::AccountId, PendingRequest<BlockNumberFor<T>>)> {
		PendingByAgency::<T>::iter_key_prefix(agency)
			.filter_map(|who| PendingRequests::<T>::get(&who).map(|r| (who, r)))
			.collect()
	}

	/// The pallet's invariants: counters match the maps they count, indexes match the records
	/// they index, every pending request is due in the bucket it sits in, and no agency holds
	/// more review seats than the council gave it.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		let agencies: Vec<_> = Agencies::<T>::iter().collect();
		ensure!(agencies.len() as u32 == AgencyCount::<T>::get(), "AgencyCount is wrong");
		ensure!(
			AdminOf::<T>::iter().count() == agencies.len(),
			"every agency has exactly one admin entry"
		);
		ensure!(AgencyAt::<T>::iter().count() == agencies.len(), "AgencyAt has stale entries");
		let mut staff_per_agency: BTreeMap<AgencyId, u32> = BTreeMap::new();
		for (who, member) in Staff::<T>::iter() {
			*staff_per_agency.entry(member.agency).or_default() += 1;
			ensure!(
				CodeOwner::<T>::get(member.code) == Some(who.clone()),
				"staff code not indexed"
			);
			ensure!(StaffIdentities::<T>::get(member.identity) == Some(who), "staff identity");
		}
		ensure!(
			StaffIdentities::<T>::iter().count() == Staff::<T>::iter().count(),
			"StaffIdentities has stale entries"
		);
		for (id, agency) in &agencies {
			ensure!(AdminOf::<T>::get(&agency.admin) == Some(*id), "admin index is wrong");
			ensure!(AgencyAt::<T>::get(agency.kind, agency.region) == Some(*id), "AgencyAt");
			ensure!(
				staff_per_agency.get(id).copied().unwrap_or(0) == agency.staff_count,
				"staff_count is wrong"
			);
			ensure!(Self::seats_held(*id) <= ReviewSeats::<T>::get(id), "review seats exceeded");
		}
		for (who, citizen) in Citizens::<T>::iter() {
			ensure!(CodeOwner::<T>::get(citizen.code) == Some(who.clone()), "citizen code");
			ensure!(CitizenIdentities::<T>::get(citizen.identity) == Some(who), "identity");
		}
		ensure!(
			CitizenIdentities::<T>::iter().count() == Citizens::<T>::iter().count(),
			"CitizenIdentities has stale entries"
		);
		ensure!(
			CodeOwner::<T>::iter().count() ==
				Staff::<T>::iter().count() + Citizens::<T>::iter().count(),
			"CodeOwner has stale entries"
		);
		let mut reviewers: Vec<T::AccountId> = Staff::<T>::iter()
			.filter(|(_, m)| {
				m.roles.contains(&Role::DemocraticReviewMember) &&
					Agencies::<T>::contains_key(m.agency)
			})
			.map(|(who, _)| who)
			.collect();
		reviewers.sort();
		ensure!(ReviewTeam::<T>::get().into_inner() == reviewers, "review team out of step");
		let mut pending = 0u32;
		for (who, request) in PendingRequests::<T>::iter() {
			pending += 1;
			ensure!(
				RequestExpiries::<T>::get(request.expires_at).contains(&who),
				"pending request missing from its expiry bucket"
			);
			ensure!(
				PendingByAgency::<T>::contains_key(request.form.agency, &who),
				"pending request missing from its agency's queue"
			);
			ensure!(
				PendingByWork::<T>::contains_key(request.work_bits, &who),
				"pending request missing from the work index"
			);
		}
		ensure!(pending == PendingCount::<T>::get(), "PendingCount is wrong");
		ensure!(
			PendingByAgency::<T>::iter().count() as u32 == pending,
			"agency queues hold stale entries"
		);
		ensure!(
			PendingByWork::<T>::iter().count() as u32 == pending,
			"the work index holds stale entries"
		);
		let mut rejected = 0u32;
		for (who, rejection) in Rejections::<T>::iter() {
			rejected += 1;
			ensure!(
				!PendingRequests::<T>::contains_key(&who),
				"a pending request is also rejected"
			);
			ensure!(
				RequestExpiries::<T>::get(rejection.until).contains(&who),
				"rejection missing from its expiry bucket"
			);
		}
		let queued: usize = RequestExpiries::<T>::iter_values().map(|b| b.len()).sum();
		ensure!(queued as u32 == pending + rejected, "expiry buckets hold stale entries");
		for (_, quota) in Quotas::<T>::iter() {
			ensure!(quota.transactions > 0 && !quota.period.is_zero(), "an empty quota");
		}
		Ok(())
	}
}

impl<T: Config> ParticipantRegistry<T::AccountId> for Pallet<T> {
	fn participant_kind(who: &T::AccountId) -> Option<ParticipantKind> {
		Pallet::<T>::participant_kind(who)
	}

	fn staff_post(who: &T::AccountId) -> Option<StaffPost> {
		Staff::<T>::get(who)
			.filter(|m| Agencies::<T>::contains_key(m.agency))
			.map(|m| StaffPost {
				agency: m.agency,
				region: m.region,
				identity: m.identity,
				roles: m.roles,
			})
	}

	fn citizen(who: &T::AccountId) -> Option<CitizenIdentity> {
		Citizens::<T>::get(who).map(|c| CitizenIdentity {
			code: c.code,
			identity: c.identity,
			id_valid_until: c.id_valid_until,
			form_cid: c.form_cid,
			photo_cid: c.photo_cid,
			verified_by: c.verified_by,
			residence: c.residence,
			household: c.household,
		})
	}

	fn citizen_with_any_role(who: &T::AccountId, roles: &[Role]) -> Option<CitizenIdentity> {
		let holds =
			Citizens::<T>::get(who).is_some_and(|c| roles.iter().any(|r| c.roles.contains(r)));
		if holds {
			Self::citizen(who)
		} else {
			None
		}
	}

	fn code_of(who: &T::AccountId) -> Option<ParticipantCode> {
		Staff::<T>::get(who)
			.map(|m| m.code)
			.or_else(|| Citizens::<T>::get(who).map(|c| c.code))
	}

	fn agency(agency: AgencyId) -> Option<AgencyInfo<T::AccountId>> {
		Agencies::<T>::get(agency).map(|a| AgencyInfo {
			kind: a.kind,
			admin: a.admin,
			region: a.region,
		})
	}

	fn administered_agency(who: &T::AccountId) -> Option<AgencyId> {
		AdminOf::<T>::get(who)
	}

	fn responsible_agency(kind: AgencyKind, region: RegionCode) -> Option<AgencyId> {
		region.with_ancestors().find_map(|r| AgencyAt::<T>::get(kind, r))
	}
}

/// The agencies that exist, for pallets that must stop acting for a removed one.
pub struct ExistingAgencies<T>(core::marker::PhantomData<T>);
impl<T: Config> frame_support::traits::Contains<AgencyId> for ExistingAgencies<T> {
	fn contains(agency: &AgencyId) -> bool {
		Agencies::<T>::contains_key(agency)
	}
}

/// Set-up helpers for other pallets' benchmarks: they skip the requests and judgements a real
/// registration goes through, and are compiled only into benchmarking runtimes.
#[cfg(feature = "runtime-benchmarks")]
impl<T: Config> Pallet<T> {
	/// An agency of `kind` serving `region`: the existing one, or a new one with a derived
	/// administrator.
	pub fn benchmark_agency(kind: AgencyKind, region: RegionCode) -> AgencyId {
		let agency = AgencyAt::<T>::get(kind, region).unwrap_or_else(|| {
			let admin: T::AccountId =
				frame_benchmarking::account("agency-admin", kind as u32, region.0 as u32);
			Self::do_add_agency(kind, alloc::vec![b'b'; 8], admin, region)
				.expect("room for a benchmark agency")
		});
		// As many review seats as a team may have, so any benchmark's team fits.
		ReviewSeats::<T>::insert(agency, T::MaxReviewTeam::get());
		agency
	}

	/// Removes `agency` as governance does, telling the pallets that depend on it.
	pub fn benchmark_remove_agency(agency: AgencyId) {
		Self::do_remove_agency(agency).expect("a benchmark agency to remove");
		T::OnRegistrationEnded::agency_removed(agency);
	}

	/// Makes `who` a staff member of `agency` holding `role` (added to any roles they hold),
	/// posted to the agency's whole region.
	pub fn benchmark_staff(who: &T::AccountId, role: Role, agency: AgencyId) {
		match Staff::<T>::get(who) {
			Some(mut member) => {
				let _ = member.roles.try_insert(role);
				let roles = member.roles.clone();
				Self::do_set_staff_roles(member.agency, who, roles).expect("grantable roles");
			},
			None => {
				let roles = crate::roles_from_list(&[role]).expect("one role fits");
				let region = Agencies::<T>::get(agency).expect("benchmark agency").region;
				let identity = Self::benchmark_identity(who);
				Self::do_register_staff(agency, who.clone(), roles, identity, region)
					.expect("room for staff");
			},
		}
	}

	/// Makes `who` a verified citizen holding `role`, with `photo`, an ID valid until the end
	/// of time, `residence` and `household`.
	pub fn benchmark_citizen(
		who: &T::AccountId,
		role: Role,
		photo: safetynet_primitives::Cid,
		residence: RegionCode,
		household: safetynet_primitives::Household,
	) {
		let code = Self::next_code().expect("codes left");
		let identity = Self::benchmark_identity(who);
		Citizens::<T>::insert(
			who,
			Citizen {
				code,
				roles: crate::roles_from_list(&[role]).expect("one role fits"),
				identity,
				id_valid_until: u64::MAX,
				form_cid: photo.clone(),
				photo_cid: Some(photo),
				verified_by: 0,
				verified_at: frame_system::Pallet::<T>::block_number(),
				residence,
				household,
			},
		);
		CodeOwner::<T>::insert(code, who);
		CitizenIdentities::<T>::insert(identity, who);
		frame_system::Pallet::<T>::inc_providers(who);
	}

	/// A distinct identity hash for each benchmark account.
	pub fn benchmark_identity(who: &T::AccountId) -> IdentityHash {
		IdentityHash(sp_io::hashing::blake2_256(&codec::Encode::encode(who)))
	}
}
