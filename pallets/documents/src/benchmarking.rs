//! Benchmarks of every call, each in its worst case.

use super::*;
use crate::Pallet as Documents;
use frame_benchmarking::v2::*;
use frame_support::traits::Get;
use frame_system::RawOrigin;
use safetynet_primitives::{
	bench::{self, document as cid, DISTRICT, HOME},
	cases::{
		Assign, CaseId, CaseLifecycle, Next, Opening, Responsible, Service, Step, MAX_DOCUMENTS,
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

fn wrapped(len: u32) -> alloc::vec::Vec<u8> {
	let mut key = AGE_HEADER.to_vec();
	key.resize(len.max(AGE_HEADER.len() as u32) as usize, b'k');
	key
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

	/// A new grant (counted), with a wrapped key of `l` bytes.
	#[benchmark]
	fn grant_access(l: Linear<22, { T::MaxWrappedKeyLen::get() }>) {
		let (agency, _) = agency::<T>();
		set_keys::<T>(agency, sr25519::Public::from_raw([7; 32]));
		let applicant: T::AccountId = account("applicant", 0, 0);
		let case = case::<T>(&applicant, agency, 1, false);

		#[extrinsic_call]
		_(RawOrigin::Signed(applicant), case, agency, wrapped(l));

		assert!(Grants::<T>::contains_key(case, agency));
	}

	#[benchmark]
	fn revoke_access() {
		let (agency, _) = agency::<T>();
		set_keys::<T>(agency, sr25519::Public::from_raw([7; 32]));
		let applicant: T::AccountId = account("applicant", 0, 0);
		let case = case::<T>(&applicant, agency, 1, false);
		Documents::<T>::grant_access(
			RawOrigin::Signed(applicant.clone()).into(),
			case,
			agency,
			wrapped(300),
		)
		.expect("granted");

		#[extrinsic_call]
		_(RawOrigin::Signed(applicant), case, agency);

		assert!(!Grants::<T>::contains_key(case, agency));
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
