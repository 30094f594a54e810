//! Benchmarks of every call, each in its worst case.

use super::*;
use crate::Pallet as Documents;
use frame_benchmarking::v2::*;
use frame_support::traits::Get;
use frame_system::RawOrigin;
use safetynet_primitives::{
	bench::{self, document as cid, DISTRICT, HOME},
	cases::{
		Actor, Assign, CaseId, CaseLifecycle, CaseStatus, Decision, Next, Opening, Responsible,
		Service, Step, MAX_DOCUMENTS,
	},
	AgencyKind, BenchmarkSetup, Household, ParticipantRegistry, Role,
};

const RECIPIENT: &[u8] = b"age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";

/// The district's insurance agency and its administrator.
fn agency<T: Config>() -> (AgencyId, T::AccountId) {
	let agency = T::BenchmarkHelper::agency(AgencyKind::SocialInsuranceAgency, DISTRICT);
	let admin = T::Registry::agency(agency).expect("the agency exists").admin;
	(agency, admin)
}

fn set_keys<T: Config>(agency: AgencyId, seal: sr25519::Public) {
	KeysOf::<T>::insert(
		agency,
		AgencyKeys { seal, recipient: RECIPIENT.to_vec().try_into().expect("fits") },
	);
}

/// A registered insured employee's case with `documents` documents, approved at once when
/// `approve` (so it waits for its seal).
fn case<T: Config>(
	applicant: &T::AccountId,
	agency: AgencyId,
	documents: u32,
	approve: bool,
) -> CaseId {
	T::BenchmarkHelper::citizen(
		applicant,
		Role::InsuredEmployee,
		cid(b"photo"),
		HOME,
		Household::default(),
	);
	let next = if approve {
		Next::active(Step::Payments, Assign::Runtime)
	} else {
		Next::step(Step::Acceptance, Role::SocialInsuranceOfficer, Responsible::FiledWith)
	};
	let opening = Opening {
		service: Service::SocialInsurance,
		applicant: applicant.clone(),
		agency,
		documents: bench::documents(documents),
		household: Household::default(),
	};
	let rule = safetynet_primitives::cases::rule_stamp(1, 1, &[0; 32], &());
	T::Cases::open(opening, Ok(()), rule, next).expect("a case opens").0
}

/// `n` agencies with keys, each granted `case` by `applicant` (the first is `agency`).
fn grant_many<T: Config>(applicant: &T::AccountId, case: CaseId, agency: AgencyId, n: u32) {
	set_keys::<T>(agency, sr25519::Public::from_raw([7; 32]));
	Documents::<T>::grant_access(RawOrigin::Signed(applicant.clone()).into(), case, agency)
		.expect("granted");
	for i in 1..n {
		let region = safetynet_primitives::RegionCode(HOME.0 + u64::from(i));
		let other = T::BenchmarkHelper::agency(AgencyKind::CivilAffairsDepartment, region);
		set_keys::<T>(other, sr25519::Public::from_raw([7; 32]));
		Documents::<T>::grant_access(RawOrigin::Signed(applicant.clone()).into(), case, other)
			.expect("granted");
	}
}

/// A staff member of `agency`.
fn staff<T: Config>(agency: AgencyId) -> T::AccountId {
	let who: T::AccountId = account("staff", 0, 0);
	T::BenchmarkHelper::staff(&who, Role::SocialInsuranceOfficer, agency);
	who
}

/// An erasure ordered for a case held by `MaxKeyHolders` agencies, and the custodian key of
/// `agency` (the last holder to record).
fn ordered_erasure<T: Config>() -> (CaseId, AgencyId, sr25519::Public) {
	let (agency, _) = agency::<T>();
	let applicant: T::AccountId = account("applicant", 0, 0);
	let case = case::<T>(&applicant, agency, 1, false);
	let mut holders = BoundedVec::new();
	let mut erased = BoundedVec::new();
	for i in 0..T::MaxKeyHolders::get() {
		holders.try_push(i).expect("within the bound");
		if i + 1 < T::MaxKeyHolders::get() {
			erased.try_push(i).expect("within the bound");
		}
	}
	let last = T::MaxKeyHolders::get() - 1;
	let custodian = sp_io::crypto::sr25519_generate(SEAL_KEY_TYPE, None);
	Custodians::<T>::insert(last, custodian);
	Erasures::<T>::insert(
		case,
		Erasure {
			reason: ErasureReason::Ordered,
			ordered_at: frame_system::Pallet::<T>::block_number(),
			holders,
			erased,
		},
	);
	(case, last, custodian)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn set_agency_keys() {
		let (agency, admin) = agency::<T>();
		let seal = sr25519::Public::from_raw([7; 32]);

		#[extrinsic_call]
		_(RawOrigin::Signed(admin), agency, seal, RECIPIENT.to_vec().try_into().expect("fits"));

		assert!(KeysOf::<T>::contains_key(agency));
	}

	#[benchmark]
	fn set_custodian() {
		let (agency, admin) = agency::<T>();
		let custodian = sr25519::Public::from_raw([8; 32]);

		#[extrinsic_call]
		_(RawOrigin::Signed(admin), agency, custodian);

		assert_eq!(Custodians::<T>::get(agency), Some(custodian));
	}

	/// A new grant to a new key holder.
	#[benchmark]
	fn grant_access() {
		let (agency, _) = agency::<T>();
		set_keys::<T>(agency, sr25519::Public::from_raw([7; 32]));
		let applicant: T::AccountId = account("applicant", 0, 0);
		let case = case::<T>(&applicant, agency, 1, false);

		#[extrinsic_call]
		_(RawOrigin::Signed(applicant), case, agency);

		assert!(Grants::<T>::contains_key(case, agency));
	}

	#[benchmark]
	fn revoke_access() {
		let (agency, _) = agency::<T>();
		let applicant: T::AccountId = account("applicant", 0, 0);
		let case = case::<T>(&applicant, agency, 1, false);
		grant_many::<T>(&applicant, case, agency, 1);

		#[extrinsic_call]
		_(RawOrigin::Signed(applicant), case, agency);

		assert!(!Grants::<T>::contains_key(case, agency));
		assert_eq!(CaseKeyVersion::<T>::get(case), 1);
	}

	/// The last document that fits, checked against every one the case has.
	#[benchmark]
	fn add_document() {
		let (agency, _) = agency::<T>();
		let applicant: T::AccountId = account("applicant", 0, 0);
		let case = case::<T>(&applicant, agency, MAX_DOCUMENTS, false);
		let max = T::MaxAddedDocuments::get();
		let added: alloc::vec::Vec<_> = (1..max).map(|i| (cid(&i.to_le_bytes()), 0)).collect();
		AddedDocuments::<T>::insert(case, BoundedVec::try_from(added).expect("within the bound"));

		#[extrinsic_call]
		_(RawOrigin::Signed(applicant), case, cid(b"the last one"));

		assert_eq!(AddedDocuments::<T>::get(case).len() as u32, max);
	}

	/// An access to the last added document of a case with every document it may have.
	#[benchmark]
	fn record_access() {
		let (agency, _) = agency::<T>();
		let applicant: T::AccountId = account("applicant", 0, 0);
		let case = case::<T>(&applicant, agency, MAX_DOCUMENTS, false);
		grant_many::<T>(&applicant, case, agency, 1);
		let max = T::MaxAddedDocuments::get();
		let added: alloc::vec::Vec<_> = (0..max).map(|i| (cid(&i.to_le_bytes()), 0)).collect();
		AddedDocuments::<T>::insert(case, BoundedVec::try_from(added).expect("within the bound"));
		let staff = staff::<T>(agency);
		let document = cid(&(max - 1).to_le_bytes());

		#[extrinsic_call]
		_(RawOrigin::Signed(staff), case, document);

		assert_eq!(ReceiptCount::<T>::get(case), 1);
	}

	/// A staff member erases a case closed a retention period ago, granted to the most agencies
	/// it may be.
	#[benchmark]
	fn order_erasure() {
		let (agency, _) = agency::<T>();
		let applicant: T::AccountId = account("applicant", 0, 0);
		let case = case::<T>(&applicant, agency, 1, false);
		grant_many::<T>(&applicant, case, agency, T::MaxGrantsPerCase::get());
		T::Cases::advance(
			case,
			Actor::Runtime,
			Decision::Rejected,
			None,
			Next::end(CaseStatus::Rejected, Step::Acceptance),
		)
		.expect("the case closes");
		let now = frame_system::Pallet::<T>::block_number();
		frame_system::Pallet::<T>::set_block_number(now + T::RetentionPeriod::get());
		let staff = staff::<T>(agency);

		#[extrinsic_call]
		_(RawOrigin::Signed(staff), case);

		assert!(Erasures::<T>::contains_key(case));
		assert_eq!(GrantCount::<T>::get(case), 0);
	}

	/// The last holder's receipt, which completes the erasure.
	#[benchmark]
	fn record_erasure() {
		let (case, agency, custodian) = ordered_erasure::<T>();
		let message = crate::custody::erasure_message(Documents::<T>::genesis_hash(), case, agency);
		let signature = sp_io::crypto::sr25519_sign(SEAL_KEY_TYPE, &custodian, &message)
			.expect("the key is in the keystore");

		#[extrinsic_call]
		_(RawOrigin::None, case, agency, signature);

		let erasure = Erasures::<T>::get(case).expect("ordered");
		assert_eq!(erasure.erased.len(), erasure.holders.len());
	}

	/// A seal over the record of a case with `d` documents: the record is rebuilt, hashed and
	/// its signature verified.
	#[benchmark]
	fn submit_seal(d: Linear<0, MAX_DOCUMENTS>) {
		let (agency, _) = agency::<T>();
		let seal = sp_io::crypto::sr25519_generate(SEAL_KEY_TYPE, None);
		set_keys::<T>(agency, seal);
		let applicant: T::AccountId = account("applicant", 0, 0);
		let case = case::<T>(&applicant, agency, d, true);
		let (_, _, record) = Documents::<T>::approval_record(case).expect("awaiting its seal");
		let message = crate::record::seal_message(&record);
		let signature = sp_io::crypto::sr25519_sign(SEAL_KEY_TYPE, &seal, &message)
			.expect("the key is in the keystore");

		#[extrinsic_call]
		_(RawOrigin::None, case, signature);

		assert!(Seals::<T>::contains_key(case));
	}

	impl_benchmark_test_suite!(Documents, crate::mock::bench_ext(), crate::mock::Test);
}
