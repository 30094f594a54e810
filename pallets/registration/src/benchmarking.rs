//! Benchmarks of every call, the expiry hook and the admission extension, each in its worst case.

use super::*;
use crate::Pallet as Registration;
use alloc::vec;
use frame_benchmarking::v2::*;
use frame_support::{
	dispatch::{DispatchInfo, GetDispatchInfo, PostDispatchInfo},
	traits::{EnsureOrigin, Get, Hooks},
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use safetynet_primitives::{
	cid::{cid_v1_sha256, CODEC_RAW},
	AgencyId, AgencyKind, Cid, Role,
};
use sp_core::H256;
use sp_runtime::traits::{AsSystemOriginSigner, DispatchTransaction, Dispatchable};

const SEED: u32 = 0;

fn role_set(list: &[Role]) -> safetynet_primitives::RoleSet {
	roles_from_list(list).expect("few roles")
}

fn cid(n: u32) -> Cid {
	let digest = sp_io::hashing::sha2_256(&n.to_le_bytes());
	Cid::from_bytes(cid_v1_sha256(CODEC_RAW, &digest).as_slice()).expect("profile CID")
}

/// Adds agencies until `count` exist; returns the last one added (a civil affairs department).
fn fill_agencies<T: Config>(count: u32) -> AgencyId {
	let mut last = 0;
	let mut i = 0;
	while AgencyCount::<T>::get() < count {
		let admin: T::AccountId = account("admin", i, SEED);
		last = Registration::<T>::do_add_agency(AgencyKind::CivilAffairsDepartment, vec![b'a'; 64], admin)
			.expect("room for agencies");
		i += 1;
	}
	last
}

/// A civil affairs department with an officer who may verify citizens.
fn civil_affairs<T: Config>() -> (AgencyId, T::AccountId, T::AccountId) {
	let admin: T::AccountId = account("civil-admin", 0, SEED);
	let agency =
		Registration::<T>::do_add_agency(AgencyKind::CivilAffairsDepartment, vec![b'c'; 64], admin.clone())
			.expect("room for an agency");
	let officer: T::AccountId = account("officer", 0, SEED);
	Registration::<T>::do_register_staff(agency, officer.clone(), role_set(&[Role::CivilAffairsOfficer]))
		.expect("room for staff");
	(agency, admin, officer)
}

fn form(agency: AgencyId, seed: u32) -> RegistrationForm {
	RegistrationForm {
		roles: role_set(&[Role::AidApplicant, Role::MinimumLivingApplicant]),
		id_commitment: H256(sp_io::hashing::blake2_256(&seed.to_le_bytes())),
		id_valid_until: u64::MAX,
		form_cid: cid(seed),
		photo_cid: Some(cid(seed + 1_000_000)),
		agency,
	}
}

fn file_request<T: Config>(who: &T::AccountId, agency: AgencyId, seed: u32) {
	Registration::<T>::do_request_registration(who, form(agency, seed)).expect("valid request");
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
		_(origin as T::RuntimeOrigin, AgencyKind::Hospital, vec![b'h'; 64], admin.clone());

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
		_(RawOrigin::Signed(admin), who.clone(), roles);

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

	#[benchmark]
	fn request_registration() {
		let (agency, _, _) = civil_affairs::<T>();
		let who: T::AccountId = account("citizen", 0, SEED);

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), form(agency, 0));

		assert!(PendingRequests::<T>::contains_key(&who));
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

	/// Worst case: an amendment that replaces the ID commitment.
	#[benchmark]
	fn verify_citizen() {
		let (agency, _, officer) = civil_affairs::<T>();
		let who: T::AccountId = account("citizen", 0, SEED);
		file_request::<T>(&who, agency, 0);
		Registration::<T>::do_verify_citizen(&officer, &who).expect("verifiable");
		file_request::<T>(&who, agency, 1);

		#[extrinsic_call]
		_(RawOrigin::Signed(officer), who.clone());

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
	}

	/// Worst case: the citizen also has an amendment pending.
	#[benchmark]
	fn revoke_citizen() {
		let (agency, _, officer) = civil_affairs::<T>();
		let who: T::AccountId = account("citizen", 0, SEED);
		file_request::<T>(&who, agency, 0);
		Registration::<T>::do_verify_citizen(&officer, &who).expect("verifiable");
		file_request::<T>(&who, agency, 1);

		#[extrinsic_call]
		_(RawOrigin::Signed(officer), who.clone());

		assert!(!Citizens::<T>::contains_key(&who));
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

	/// Worst case: an unknown account's registration request, checked in full.
	#[benchmark]
	fn check_participant_nonce() -> Result<(), BenchmarkError> {
		let (agency, _, _) = civil_affairs::<T>();
		let who: T::AccountId = account("citizen", 0, SEED);
		let call: T::RuntimeCall = Call::<T>::request_registration { form: form(agency, 0) }.into();
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

	impl_benchmark_test_suite!(Registration, crate::mock::ExtBuilder::default().build(), crate::mock::Test);
}
