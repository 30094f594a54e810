//! Benchmarks of every call, the expiry hook and the admission extension, each in its worst case.

use super::*;
use crate::Pallet as Registration;
use alloc::vec;
use frame_benchmarking::v2::*;
use frame_support::{
	dispatch::{DispatchInfo, GetDispatchInfo, PostDispatchInfo},
	traits::{ConstU32, EnsureOrigin, Get, Hooks},
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use safetynet_primitives::{
	cid::{cid_v1_sha256, CODEC_RAW},
	AgencyId, AgencyKind, Cid, IdentityHash, ParticipantClass, RegionCode, Role,
};
use sp_runtime::traits::{AsSystemOriginSigner, DispatchTransaction, Dispatchable, Hash as _};

const SEED: u32 = 0;

fn role_set(list: &[Role]) -> safetynet_primitives::RoleSet {
	roles_from_list(list).expect("few roles")
}

fn cid(n: u32) -> Cid {
	let digest = sp_io::hashing::sha2_256(&n.to_le_bytes());
	Cid::from_bytes(cid_v1_sha256(CODEC_RAW, &digest).as_slice()).expect("profile CID")
}

/// The `i`th county of Beijing: a region of its own for each agency a benchmark adds.
fn county(i: u32) -> RegionCode {
	RegionCode(110_100_000_000 + u64::from(i % 99 + 1) * 1_000_000)
}

/// The benchmark's district: where its civil affairs department serves and citizens live.
const DISTRICT: RegionCode = RegionCode(110_199_000_000);
const HOME: RegionCode = RegionCode(110_199_001_001);

fn identity(seed: u32) -> IdentityHash {
	IdentityHash(sp_io::hashing::blake2_256(&seed.to_le_bytes()))
}

/// Adds agencies until `count` exist; returns the last one added (a civil affairs department).
fn fill_agencies<T: Config>(count: u32) -> AgencyId {
	let mut last = 0;
	let mut i = 0;
	while AgencyCount::<T>::get() < count {
		let admin: T::AccountId = account("admin", i, SEED);
		let kind = AgencyKind::CivilAffairsDepartment;
		if !AgencyAt::<T>::contains_key(kind, county(i)) {
			last = Registration::<T>::do_add_agency(kind, vec![b'a'; 64], admin, county(i))
				.expect("room for agencies");
		}
		i += 1;
	}
	last
}

/// A civil affairs department with an officer who may verify citizens, and review seats.
fn civil_affairs<T: Config>() -> (AgencyId, T::AccountId, T::AccountId) {
	let admin: T::AccountId = account("civil-admin", 0, SEED);
	let agency = Registration::<T>::do_add_agency(
		AgencyKind::CivilAffairsDepartment,
		vec![b'c'; 64],
		admin.clone(),
		DISTRICT,
	)
	.expect("room for an agency");
	ReviewSeats::<T>::insert(agency, T::MaxReviewTeam::get());
	let officer: T::AccountId = account("officer", 0, SEED);
	Registration::<T>::do_register_staff(
		agency,
		officer.clone(),
		role_set(&[Role::CivilAffairsOfficer]),
		identity(u32::MAX),
		DISTRICT,
	)
	.expect("room for staff");
	// Work is bound to block 1; it costs one hash whatever the difficulty, so ask for none.
	// `T::Hash` has no `From<[u8; 32]>`: any hash other than the default one (an unknown block)
	// will do.
	frame_system::Pallet::<T>::set_block_number(2u32.into());
	let block_hash = T::Hashing::hash(b"block 1");
	frame_system::BlockHash::<T>::insert(BlockNumberFor::<T>::from(1u32), block_hash);
	RequestCostParams::<T>::put(RequestCost::default());
	(agency, admin, officer)
}

fn form(agency: AgencyId, seed: u32) -> RegistrationForm {
	RegistrationForm {
		roles: role_set(&[Role::AidApplicant, Role::MinimumLivingApplicant]),
		id_valid_until: u64::MAX,
		form_cid: cid(seed),
		photo_cid: Some(cid(seed + 1_000_000)),
		agency,
	}
}

fn work<T: Config>() -> ProofOfWork<BlockNumberFor<T>> {
	ProofOfWork { block: 1u32.into(), nonce: 0 }
}

/// Work bound to block 1 for `who` filing `form` that reaches `bits` leading zero bits.
fn work_reaching<T: Config>(
	who: &T::AccountId,
	form: &RegistrationForm,
	bits: u32,
) -> ProofOfWork<BlockNumberFor<T>> {
	let block = BlockNumberFor::<T>::from(1u32);
	let hash = frame_system::BlockHash::<T>::get(block);
	let nonce = (0..)
		.find(|nonce| leading_zero_bits(&work_hash(who, &hash, form, *nonce)) >= bits)
		.expect("some nonce reaches a few bits");
	ProofOfWork { block, nonce }
}

/// The fullest household a verification can record.
fn verification(seed: u32) -> Verification {
	let household = (0..safetynet_primitives::MAX_HOUSEHOLD)
		.map(|i| identity(seed.wrapping_mul(100).wrapping_add(i + 1)))
		.collect::<alloc::vec::Vec<_>>()
		.try_into()
		.expect("fits");
	Verification { identity: identity(seed), residence: HOME, household }
}

fn file_request<T: Config>(who: &T::AccountId, agency: AgencyId, seed: u32) {
	Registration::<T>::do_request_registration(who, form(agency, seed), work::<T>())
		.expect("valid request");
}

#[benchmarks(
	where
		T::RuntimeCall: From<Call<T>>
			+ frame_support::traits::IsSubType<Call<T>>
			+ Dispatchable<Info = DispatchInfo, PostInfo = PostDispatchInfo>,
		<T::RuntimeCall as Dispatchable>::RuntimeOrigin:
			AsSystemOriginSigner<T::AccountId> + Clone + From<RawOrigin<T::AccountId>>,
)]
mod benchmarks {
	use super::*;

	/// `a`: agencies that already exist (the council is re-sorted over all of them).
	#[benchmark]
	fn add_agency(a: Linear<1, { T::MaxAgencies::get() - 1 }>) -> Result<(), BenchmarkError> {
		fill_agencies::<T>(a);
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let admin: T::AccountId = account("new-admin", 0, SEED);

		#[extrinsic_call]
		_(
			origin as T::RuntimeOrigin,
			AgencyKind::Hospital,
			vec![b'h'; 64],
			admin.clone(),
			county(200),
		);

		assert!(AdminOf::<T>::contains_key(&admin));
		Ok(())
	}

	#[benchmark]
	fn remove_agency(a: Linear<1, { T::MaxAgencies::get() }>) -> Result<(), BenchmarkError> {
		let agency = fill_agencies::<T>(a);
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, agency);

		assert!(!Agencies::<T>::contains_key(agency));
		Ok(())
	}

	#[benchmark]
	fn set_agency_admin(a: Linear<1, { T::MaxAgencies::get() }>) -> Result<(), BenchmarkError> {
		let agency = fill_agencies::<T>(a);
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let new_admin: T::AccountId = account("new-admin", 0, SEED);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, agency, new_admin.clone());

		assert_eq!(AdminOf::<T>::get(&new_admin), Some(agency));
		Ok(())
	}

	/// Worst case: the new member also joins the democratic review team.
	#[benchmark]
	fn register_staff() {
		let (_, admin, _) = civil_affairs::<T>();
		let who: T::AccountId = account("staff", 1, SEED);
		let roles = role_set(&[Role::CivilAffairsOfficer, Role::DemocraticReviewMember]);

		#[extrinsic_call]
		_(RawOrigin::Signed(admin), who.clone(), roles, identity(1), DISTRICT);

		assert!(Staff::<T>::contains_key(&who));
	}

	#[benchmark]
	fn set_staff_roles() {
		let (_, admin, officer) = civil_affairs::<T>();
		let roles = role_set(&[Role::DemocraticReviewMember]);

		#[extrinsic_call]
		_(RawOrigin::Signed(admin), officer.clone(), roles.clone());

		assert_eq!(Staff::<T>::get(&officer).map(|m| m.roles), Some(roles));
	}

	#[benchmark]
	fn remove_staff() {
		let (_, admin, officer) = civil_affairs::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(admin), officer.clone());

		assert!(!Staff::<T>::contains_key(&officer));
	}

	/// Worst case: the queue is full, so the request displaces the least-worked one (which is
	/// turned down), and the account's own last request was turned down, so its rejection
	/// record and its place in an expiry bucket are cleared.
	#[benchmark]
	fn request_registration() {
		let (agency, _, officer) = civil_affairs::<T>();
		let who: T::AccountId = account("citizen", 0, SEED);
		file_request::<T>(&who, agency, 1);
		Registration::<T>::do_reject_request(&officer, &who, RejectionReason::IncompleteDocuments)
			.expect("rejectable");
		let weakest: T::AccountId = account("citizen", 1, SEED);
		file_request::<T>(&weakest, agency, 2);
		// The weakest request reached no bits; the queue counts as full.
		PendingRequests::<T>::mutate(&weakest, |request| {
			let request = request.as_mut().expect("filed");
			PendingByWork::<T>::remove(request.work_bits, &weakest);
			request.work_bits = 0;
		});
		PendingByWork::<T>::insert(0, &weakest, ());
		PendingCount::<T>::put(T::MaxPendingRequests::get());
		let form = form(agency, 0);
		let work = work_reaching::<T>(&who, &form, 1);

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), form, work);

		assert!(PendingRequests::<T>::contains_key(&who));
		assert!(!Rejections::<T>::contains_key(&who));
		assert!(!PendingRequests::<T>::contains_key(&weakest));
	}

	#[benchmark]
	fn withdraw_request() {
		let (agency, _, _) = civil_affairs::<T>();
		let who: T::AccountId = account("citizen", 0, SEED);
		file_request::<T>(&who, agency, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));

		assert!(!PendingRequests::<T>::contains_key(&who));
	}

	/// Worst case: an amendment, with the fullest household.
	#[benchmark]
	fn verify_citizen() {
		let (agency, _, officer) = civil_affairs::<T>();
		let who: T::AccountId = account("citizen", 0, SEED);
		file_request::<T>(&who, agency, 0);
		Registration::<T>::do_verify_citizen(&officer, &who, verification(0)).expect("verifiable");
		file_request::<T>(&who, agency, 1);

		#[extrinsic_call]
		_(RawOrigin::Signed(officer), who.clone(), verification(0));

		assert!(!PendingRequests::<T>::contains_key(&who));
		assert!(Citizens::<T>::contains_key(&who));
	}

	#[benchmark]
	fn reject_request() {
		let (agency, _, officer) = civil_affairs::<T>();
		let who: T::AccountId = account("citizen", 0, SEED);
		file_request::<T>(&who, agency, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(officer), who.clone(), RejectionReason::IncompleteDocuments);

		assert!(!PendingRequests::<T>::contains_key(&who));
		assert!(Rejections::<T>::contains_key(&who));
	}

	/// Worst case: the citizen also has an amendment pending.
	#[benchmark]
	fn revoke_citizen() {
		let (agency, _, officer) = civil_affairs::<T>();
		let who: T::AccountId = account("citizen", 0, SEED);
		file_request::<T>(&who, agency, 0);
		Registration::<T>::do_verify_citizen(&officer, &who, verification(0)).expect("verifiable");
		file_request::<T>(&who, agency, 1);

		#[extrinsic_call]
		_(RawOrigin::Signed(officer), who.clone());

		assert!(!Citizens::<T>::contains_key(&who));
	}

	/// `n`: requests turned down at once.
	#[benchmark]
	fn reject_requests(n: Linear<1, { MAX_BULK_REJECTIONS.min(T::MaxRequestsPerBlock::get()) }>) {
		let (agency, _, officer) = civil_affairs::<T>();
		let accounts: alloc::vec::Vec<T::AccountId> =
			(0..n).map(|i| account("citizen", i, SEED)).collect();
		for (i, who) in accounts.iter().enumerate() {
			file_request::<T>(who, agency, i as u32);
		}
		let bounded: BoundedVec<T::AccountId, ConstU32<MAX_BULK_REJECTIONS>> =
			accounts.try_into().expect("bounded");

		#[extrinsic_call]
		_(RawOrigin::Signed(officer), bounded, RejectionReason::Spam);

		assert_eq!(PendingCount::<T>::get(), 0);
	}

	#[benchmark]
	fn set_review_seats() -> Result<(), BenchmarkError> {
		let (agency, _, _) = civil_affairs::<T>();
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, agency, 3);

		assert_eq!(ReviewSeats::<T>::get(agency), 3);
		Ok(())
	}

	/// Worst case: the review team is full.
	#[benchmark]
	fn dismiss_reviewer() -> Result<(), BenchmarkError> {
		let (agency, _, _) = civil_affairs::<T>();
		// Reviewers the chain already has keep their seats; the agency takes the rest, as far as
		// its staff may grow (its officer is one of them).
		let room = T::MaxReviewTeam::get().saturating_sub(ReviewTeam::<T>::get().len() as u32);
		let team = room.min(T::MaxStaffPerAgency::get().saturating_sub(1));
		for i in 0..team {
			let who: T::AccountId = account("reviewer", i, SEED);
			Registration::<T>::do_register_staff(
				agency,
				who,
				role_set(&[Role::DemocraticReviewMember]),
				identity(10_000 + i),
				DISTRICT,
			)
			.expect("room for reviewers");
		}
		// A full team from genesis left no room: dismiss one of its members instead.
		let who: T::AccountId = match team {
			0 => ReviewTeam::<T>::get().first().cloned().ok_or(BenchmarkError::Weightless)?,
			_ => account("reviewer", 0, SEED),
		};
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(!ReviewTeam::<T>::get().contains(&who));
		Ok(())
	}

	#[benchmark]
	fn set_request_cost() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let cost = RequestCost { base_bits: 16, doubling_every: 1_000 };

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, cost);

		assert_eq!(RequestCostParams::<T>::get(), cost);
		Ok(())
	}

	#[benchmark]
	fn set_quota() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let quota = Quota { transactions: 100, period: 600u32.into() };

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, ParticipantClass::Citizen, Some(quota));

		assert_eq!(Quotas::<T>::get(ParticipantClass::Citizen), Some(quota));
		Ok(())
	}

	/// `r`: requests lapsing in the block.
	#[benchmark]
	fn on_initialize_expire(r: Linear<0, { T::MaxRequestsPerBlock::get() }>) {
		let (agency, _, _) = civil_affairs::<T>();
		for i in 0..r {
			let who: T::AccountId = account("citizen", i, SEED);
			file_request::<T>(&who, agency, i);
		}
		let due: BlockNumberFor<T> =
			frame_system::Pallet::<T>::block_number() + T::RequestTtl::get();

		#[block]
		{
			Registration::<T>::on_initialize(due);
		}

		assert_eq!(PendingCount::<T>::get(), 0);
	}

	/// The admission of an unknown account's registration request, checked in full (the
	/// heavier of the two admissions in reads; [`check_participant_nonce_participant`] is the
	/// other).
	#[benchmark]
	fn check_participant_nonce() -> Result<(), BenchmarkError> {
		let (agency, _, _) = civil_affairs::<T>();
		let who: T::AccountId = account("citizen", 0, SEED);
		let call: T::RuntimeCall =
			Call::<T>::request_registration { form: form(agency, 0), work: work::<T>() }.into();
		let info = call.get_dispatch_info();
		let ext = CheckParticipantNonce::<T>::from(0u32.into());

		#[block]
		{
			ext.test_run(RawOrigin::Signed(who.clone()).into(), &call, &info, 0, 0, |_| {
				Ok(PostDispatchInfo::default())
			})
			.map_err(|_| BenchmarkError::Weightless)?
			.map_err(|_| BenchmarkError::Weightless)?;
		}

		assert_eq!(frame_system::Account::<T>::get(&who).nonce, 1u32.into());
		Ok(())
	}

	/// The admission of a participant's call within a quota, counted.
	#[benchmark]
	fn check_participant_nonce_participant() -> Result<(), BenchmarkError> {
		let (agency, _, officer) = civil_affairs::<T>();
		let who: T::AccountId = account("citizen", 0, SEED);
		file_request::<T>(&who, agency, 0);
		Registration::<T>::do_verify_citizen(&officer, &who, verification(0)).expect("verifiable");
		Quotas::<T>::insert(
			ParticipantClass::Citizen,
			Quota { transactions: 100, period: 600u32.into() },
		);
		let call: T::RuntimeCall = Call::<T>::withdraw_request {}.into();
		let info = call.get_dispatch_info();
		let ext = CheckParticipantNonce::<T>::from(0u32.into());

		#[block]
		{
			ext.test_run(RawOrigin::Signed(who.clone()).into(), &call, &info, 0, 0, |_| {
				Ok(PostDispatchInfo::default())
			})
			.map_err(|_| BenchmarkError::Weightless)?
			.map_err(|_| BenchmarkError::Weightless)?;
		}

		assert!(QuotaUsage::<T>::get(&who).is_some_and(|u| u.used == 1));
		Ok(())
	}

	impl_benchmark_test_suite!(
		Registration,
		crate::mock::ExtBuilder::default().build(),
		crate::mock::Test
	);
}
