//! The shared service test runtime, with the documents pallet listening for approvals.

use crate as pallet_documents;
use safetynet_primitives::cases::{
	Assign, CaseId, CaseLifecycle, Next, Opening, Responsible, Service, Step,
};

safetynet_test_runtime::service_test_runtime!(
	Documents: pallet_documents,
	params: safetynet_test_runtime::NoParams,
	on_approved: Documents,
	on_registration_ended: Cases,
	review_membership: NoCouncil,
	extra: {}
);

impl frame_system::offchain::CreateTransactionBase<pallet_documents::Call<Test>> for Test {
	type Extrinsic = frame_system::mocking::MockUncheckedExtrinsic<Test>;
	type RuntimeCall = RuntimeCall;
}

impl frame_system::offchain::CreateBare<pallet_documents::Call<Test>> for Test {
	fn create_bare(call: RuntimeCall) -> Self::Extrinsic {
		frame_system::mocking::MockUncheckedExtrinsic::<Test>::new_bare(call)
	}
}

impl pallet_documents::Config for Test {
	type Registry = Registration;
	type Cases = Cases;
	type EraseOrigin = frame_system::EnsureRoot<AccountId>;
	type RetentionPeriod = ConstU64<RETENTION>;
	type MaxGrantsPerCase = ConstU32<2>;
	type MaxKeyHolders = ConstU32<3>;
	type MaxAddedDocuments = ConstU32<2>;
	type MaxReceiptsPerCase = ConstU32<3>;
	type MaxSealsPerRun = ConstU32<4>;
	type SealPriority = ConstU64<1000>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = TestBenchmarkSetup;
}

/// The test runtime's retention period, in blocks.
pub const RETENTION: u64 = 100;

pub fn params() -> safetynet_test_runtime::NoParams {
	safetynet_test_runtime::NoParams
}

pub fn extra_genesis(_: &mut sp_runtime::Storage) {}

/// The administrator of `agency` (the shared runtime's agencies are administered by 1..=8).
pub fn admin(agency: AgencyId) -> AccountId {
	agency as AccountId + 1
}

/// A well-formed age recipient.
pub fn recipient() -> pallet_documents::Recipient {
	b"age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p"
		.to_vec()
		.try_into()
		.unwrap()
}

/// Opens a case for `applicant` (registered as an insured employee if not yet) at the insurance
/// agency, approved at once when `approve`.
pub fn open_case(applicant: AccountId, approve: bool) -> CaseId {
	if pallet_registration::Citizens::<Test>::get(applicant).is_none() {
		register_citizen(applicant, Role::InsuredEmployee, INSURANCE_AGENCY, NOW + YEAR);
	}
	let next = if approve {
		Next::active(Step::Payments, Assign::Runtime)
	} else {
		Next::step(Step::Acceptance, Role::SocialInsuranceOfficer, Responsible::FiledWith)
	};
	<Cases as CaseLifecycle<_, _>>::open(
		Opening {
			service: Service::SocialInsurance,
			applicant,
			agency: INSURANCE_AGENCY,
			documents: vec![cid(b"form"), cid(b"photo")].try_into().unwrap(),
			household: Default::default(),
		},
		Ok(()),
		safetynet_primitives::cases::rule_stamp(1, 1, &[0; 32], &()),
		next,
	)
	.unwrap()
	.0
}

/// The documents pallet's events, oldest first.
pub fn documents_events() -> Vec<pallet_documents::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Documents(e) => Some(e),
			_ => None,
		})
		.collect()
}

/// The shared externalities with a keystore, for the benchmarks' seal keys.
#[cfg(feature = "runtime-benchmarks")]
pub fn bench_ext() -> sp_io::TestExternalities {
	let mut ext = ExtBuilder::build();
	ext.register_extension(sp_keystore::KeystoreExt::new(
		sp_keystore::testing::MemoryKeystore::new(),
	));
	ext
}
