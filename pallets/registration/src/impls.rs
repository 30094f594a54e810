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
	AgencyId, AgencyInfo, AgencyKind, CitizenIdentity, Moment, ParticipantCode, Role, RoleSet,
};
use sp_runtime::traits::Saturating;

const LOG_TARGET: &str = "runtime::registration";

impl<T: Config> Pallet<T> {
	// ----- agencies -----

	pub(crate) fn do_add_agency(
		kind: AgencyKind,
		name: Vec<u8>,
		admin: T::AccountId,
	) -> Result<AgencyId, DispatchError> {
		ensure!(!name.is_empty(), Error::<T>::EmptyName);
		let name: AgencyName = name.try_into().map_err(|_| Error::<T>::NameTooLong)?;
		Self::ensure_unused(&admin)?;
		let count = AgencyCount::<T>::get();
		ensure!(count < T::MaxAgencies::get(), Error::<T>::TooManyAgencies);
		let agency = NextAgencyId::<T>::get();
		let next = agency.checked_add(1).ok_or(Error::<T>::TooManyAgencies)?;

		NextAgencyId::<T>::put(next);
		AgencyCount::<T>::put(count + 1);
		Agencies::<T>::insert(agency, Agency { kind, name, admin: admin.clone(), staff_count: 0 });
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
			Self::set_review_membership(&member, false)?;
		}
		AgencyCount::<T>::mutate(|c| *c = c.saturating_sub(1));
		AdminOf::<T>::remove(&removed.admin);
		Self::release_account(&removed.admin);
		Self::admins_changed(&[], &[removed.admin]);
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
		frame_system::Pallet::<T>::inc_providers(&new_admin);
		Self::release_account(&old_admin);
		Self::admins_changed(&[new_admin], &[old_admin.clone()]);
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
	) -> Result<ParticipantCode, DispatchError> {
		let mut record = Agencies::<T>::get(agency).ok_or(Error::<T>::UnknownAgency)?;
		Self::ensure_grantable(record.kind, &roles)?;
		Self::ensure_unused(&who)?;
		ensure!(record.staff_count < T::MaxStaffPerAgency::get(), Error::<T>::TooManyStaff);
		let code = Self::next_code()?;
		Self::set_review_membership(&who, roles.contains(&Role::DemocraticReviewMember))?;

		record.staff_count += 1;
		Agencies::<T>::insert(agency, record);
		Staff::<T>::insert(&who, StaffMember { agency, code, roles });
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
		Self::set_review_membership(who, roles.contains(&Role::DemocraticReviewMember))?;
		member.roles = roles;
		Staff::<T>::insert(who, member);
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
		Self::set_review_membership(who, false)?;
		Staff::<T>::remove(who);
		CodeOwner::<T>::remove(member.code);
		Self::release_account(who);
		Ok(member.agency)
	}

	/// Puts `who` on the democratic review team, or takes them off, and tells the collective.
	/// Nothing changes when `who` already is where they should be.
	fn set_review_membership(who: &T::AccountId, member: bool) -> DispatchResult {
		let mut team = ReviewTeam::<T>::get();
		let (incoming, outgoing) = match (team.binary_search(who), member) {
			(Err(at), true) => {
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
	pub fn check_request(who: &T::AccountId, form: &RegistrationForm) -> Result<(), Error<T>> {
		match Self::participant_kind(who) {
			Some(ParticipantKind::Admin(_)) | Some(ParticipantKind::Staff(_)) =>
				return Err(Error::<T>::AccountInUse),
			Some(ParticipantKind::Citizen) | None => {},
		}
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
		Self::ensure_commitment_free(who, &form.id_commitment)?;
		ensure!(
			PendingCount::<T>::get() < T::MaxPendingRequests::get(),
			Error::<T>::RegistrationQueueFull
		);
		let bucket_len = RequestExpiries::<T>::decode_len(Self::expiry_of_new_request()).unwrap_or(0);
		ensure!(
			(bucket_len as u32) < T::MaxRequestsPerBlock::get(),
			Error::<T>::RegistrationQueueFull
		);
		Ok(())
	}

	/// Returns the block in which the request lapses.
	pub(crate) fn do_request_registration(
		who: &T::AccountId,
		form: RegistrationForm,
	) -> Result<BlockNumberFor<T>, DispatchError> {
		Self::check_request(who, &form)?;
		let expires_at = Self::expiry_of_new_request();
		RequestExpiries::<T>::try_mutate(expires_at, |bucket| bucket.try_push(who.clone()))
			.map_err(|_| Error::<T>::RegistrationQueueFull)?;
		PendingRequests::<T>::insert(who, PendingRequest { form, expires_at });
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
		RequestExpiries::<T>::mutate(request.expires_at, |bucket| bucket.retain(|a| a != who));
		if !Citizens::<T>::contains_key(who) {
			Self::release_account(who);
		}
		Ok(request)
	}

	/// Lapses the requests due in block `now`. Bounded by `MaxRequestsPerBlock`.
	pub(crate) fn expire_requests(now: BlockNumberFor<T>) -> Weight {
		let due = RequestExpiries::<T>::take(now);
		let count = due.len() as u32;
		for who in due {
			let is_due = PendingRequests::<T>::get(&who).is_some_and(|r| r.expires_at == now);
			if is_due && Self::take_request(&who).is_ok() {
				Self::deposit_event(Event::<T>::RegistrationExpired { who });
			}
		}
		T::WeightInfo::on_initialize_expire(count)
	}

	/// Returns the citizen's code, the confirming agency and the roles confirmed.
	pub(crate) fn do_verify_citizen(
		verifier: &T::AccountId,
		who: &T::AccountId,
	) -> Result<(ParticipantCode, AgencyId, RoleSet), DispatchError> {
		let request = PendingRequests::<T>::get(who).ok_or(Error::<T>::NoPendingRequest)?;
		let form = request.form;
		Self::ensure_verifier(verifier, form.agency)?;
		Self::ensure_id_valid(form.id_valid_until)?;
		Self::ensure_commitment_free(who, &form.id_commitment)?;
		let previous = Citizens::<T>::get(who);
		let code = match &previous {
			Some(citizen) => citizen.code,
			None => Self::next_code()?,
		};
		if let Some(old) = previous.filter(|c| c.id_commitment != form.id_commitment) {
			IdCommitments::<T>::remove(old.id_commitment);
		}

		let roles = form.roles.clone();
		IdCommitments::<T>::insert(form.id_commitment, who);
		CodeOwner::<T>::insert(code, who);
		Citizens::<T>::insert(
			who,
			Citizen {
				code,
				roles: form.roles,
				id_commitment: form.id_commitment,
				id_valid_until: form.id_valid_until,
				form_cid: form.form_cid,
				photo_cid: form.photo_cid,
				verified_by: form.agency,
				verified_at: frame_system::Pallet::<T>::block_number(),
			},
		);
		// The citizen record now holds the provider the request held.
		Self::take_request(who)?;
		Ok((code, form.agency, roles))
	}

	/// Returns the revoked code and the revoking agency.
	pub(crate) fn do_revoke_citizen(
		verifier: &T::AccountId,
		who: &T::AccountId,
	) -> Result<(ParticipantCode, AgencyId), DispatchError> {
		let citizen = Citizens::<T>::get(who).ok_or(Error::<T>::NotCitizen)?;
		let agency = Self::verifier_agency(verifier).ok_or(Error::<T>::NotVerifier)?;
		let kind = Agencies::<T>::get(agency).ok_or(Error::<T>::UnknownAgency)?.kind;
		ensure!(citizen.roles.iter().all(|r| kind.may_verify(*r)), Error::<T>::NotVerifier);

		Citizens::<T>::remove(who);
		CodeOwner::<T>::remove(citizen.code);
		IdCommitments::<T>::remove(citizen.id_commitment);
		// A pending amendment goes too; whichever record remains releases the one provider.
		if Self::take_request(who).is_err() {
			Self::release_account(who);
		}
		Ok((citizen.code, agency))
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

	fn ensure_commitment_free(
		who: &T::AccountId,
		commitment: &sp_core::H256,
	) -> Result<(), Error<T>> {
		match IdCommitments::<T>::get(commitment) {
			Some(owner) if owner != *who => Err(Error::<T>::IdAlreadyRegistered),
			_ => Ok(()),
		}
	}

	/// An account may take a new identity only if it has none and is not waiting for one.
	fn ensure_unused(who: &T::AccountId) -> DispatchResult {
		ensure!(
			Self::participant_kind(who).is_none() && !PendingRequests::<T>::contains_key(who),
			Error::<T>::AccountInUse
		);
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

	/// What kind of registered identity `who` has, if any.
	pub fn participant_kind(who: &T::AccountId) -> Option<ParticipantKind> {
		if let Some(agency) = AdminOf::<T>::get(who) {
			Some(ParticipantKind::Admin(agency))
		} else if let Some(member) = Staff::<T>::get(who) {
			Some(ParticipantKind::Staff(member.agency))
		} else if Citizens::<T>::contains_key(who) {
			Some(ParticipantKind::Citizen)
		} else {
			None
		}
	}

	/// The pallet's invariants: counters match the maps they count, indexes match the records
	/// they index, and every pending request is due in the bucket it sits in.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		let agencies: Vec<_> = Agencies::<T>::iter().collect();
		ensure!(agencies.len() as u32 == AgencyCount::<T>::get(), "AgencyCount is wrong");
		ensure!(
			AdminOf::<T>::iter().count() == agencies.len(),
			"every agency has exactly one admin entry"
		);
		let mut staff_per_agency: BTreeMap<AgencyId, u32> = BTreeMap::new();
		for (who, member) in Staff::<T>::iter() {
			*staff_per_agency.entry(member.agency).or_default() += 1;
			ensure!(CodeOwner::<T>::get(member.code) == Some(who), "staff code not indexed");
		}
		for (id, agency) in &agencies {
			ensure!(AdminOf::<T>::get(&agency.admin) == Some(*id), "admin index is wrong");
			ensure!(
				staff_per_agency.get(id).copied().unwrap_or(0) == agency.staff_count,
				"staff_count is wrong"
			);
		}
		for (who, citizen) in Citizens::<T>::iter() {
			ensure!(CodeOwner::<T>::get(citizen.code) == Some(who.clone()), "citizen code");
			ensure!(IdCommitments::<T>::get(citizen.id_commitment) == Some(who), "commitment");
		}
		ensure!(
			CodeOwner::<T>::iter().count() == Staff::<T>::iter().count() + Citizens::<T>::iter().count(),
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
		}
		ensure!(pending == PendingCount::<T>::get(), "PendingCount is wrong");
		let queued: usize = RequestExpiries::<T>::iter_values().map(|b| b.len()).sum();
		ensure!(queued as u32 == pending, "expiry buckets hold stale entries");
		Ok(())
	}
}

impl<T: Config> ParticipantRegistry<T::AccountId> for Pallet<T> {
	fn is_participant(who: &T::AccountId) -> bool {
		match Self::participant_kind(who) {
			Some(ParticipantKind::Staff(agency)) => Agencies::<T>::contains_key(agency),
			Some(_) => true,
			None => false,
		}
	}

	fn staff_agency(who: &T::AccountId, role: safetynet_primitives::Role) -> Option<AgencyId> {
		Staff::<T>::get(who)
			.filter(|m| m.roles.contains(&role) && Agencies::<T>::contains_key(m.agency))
			.map(|m| m.agency)
	}

	fn citizen_with_role(
		who: &T::AccountId,
		role: safetynet_primitives::Role,
	) -> Option<CitizenIdentity> {
		Citizens::<T>::get(who).filter(|c| c.roles.contains(&role)).map(|c| CitizenIdentity {
			code: c.code,
			id_commitment: c.id_commitment,
			id_valid_until: c.id_valid_until,
			form_cid: c.form_cid,
			photo_cid: c.photo_cid,
			verified_by: c.verified_by,
		})
	}

	fn code_of(who: &T::AccountId) -> Option<ParticipantCode> {
		Staff::<T>::get(who)
			.map(|m| m.code)
			.or_else(|| Citizens::<T>::get(who).map(|c| c.code))
	}

	fn agency(agency: AgencyId) -> Option<AgencyInfo<T::AccountId>> {
		Agencies::<T>::get(agency).map(|a| AgencyInfo { kind: a.kind, admin: a.admin })
	}

	fn administered_agency(who: &T::AccountId) -> Option<AgencyId> {
		AdminOf::<T>::get(who)
	}
}

/// Set-up helpers for other pallets' benchmarks: they skip the requests and judgements a real
/// registration goes through, and are compiled only into benchmarking runtimes.
#[cfg(feature = "runtime-benchmarks")]
impl<T: Config> Pallet<T> {
	/// An agency of `kind`: the first existing one, or a new one with a derived administrator.
	pub fn benchmark_agency(kind: AgencyKind) -> AgencyId {
		if let Some((id, _)) = Agencies::<T>::iter().find(|(_, a)| a.kind == kind) {
			return id;
		}
		let admin: T::AccountId = frame_benchmarking::account("agency-admin", kind as u32, 0);
		Self::do_add_agency(kind, alloc::vec![b'b'; 8], admin).expect("room for a benchmark agency")
	}

	/// Makes `who` a staff member of `agency` holding `role` (added to any roles they hold).
	pub fn benchmark_staff(who: &T::AccountId, role: Role, agency: AgencyId) {
		match Staff::<T>::get(who) {
			Some(mut member) => {
				let _ = member.roles.try_insert(role);
				let roles = member.roles.clone();
				Self::do_set_staff_roles(member.agency, who, roles).expect("grantable roles");
			},
			None => {
				let roles = crate::roles_from_list(&[role]).expect("one role fits");
				Self::do_register_staff(agency, who.clone(), roles).expect("room for staff");
			},
		}
	}

	/// Makes `who` a verified citizen holding `role`, with `photo` and an ID valid until the end
	/// of time.
	pub fn benchmark_citizen(who: &T::AccountId, role: Role, photo: safetynet_primitives::Cid) {
		let code = Self::next_code().expect("codes left");
		let commitment = sp_core::H256(sp_io::hashing::blake2_256(&codec::Encode::encode(who)));
		Citizens::<T>::insert(
			who,
			Citizen {
				code,
				roles: crate::roles_from_list(&[role]).expect("one role fits"),
				id_commitment: commitment,
				id_valid_until: u64::MAX,
				form_cid: photo.clone(),
				photo_cid: Some(photo),
				verified_by: 0,
				verified_at: frame_system::Pallet::<T>::block_number(),
			},
		);
		CodeOwner::<T>::insert(code, who);
		IdCommitments::<T>::insert(commitment, who);
		frame_system::Pallet::<T>::inc_providers(who);
	}
}
