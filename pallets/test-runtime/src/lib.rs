//! # The service pallets' shared mock runtime
//!
//! The four service pallets (insurance, assistance, welfare, minimum living), the documents
//! pallet and the democratic review test against the same surroundings: the real registration,
//! lifecycle, payments and service-parameters pallets, balances and a clock.
//! [`service_test_runtime!`] writes that runtime once; each `mock.rs` expands it with its own
//! pallet and configuration:
//!
//! ```ignore
//! safetynet_test_runtime::service_test_runtime!(Insurance: pallet_insurance, params: InsuranceParams<u64, u64>);
//! impl pallet_insurance::Config for Test { ... }
//! // A pallet that listens for approvals (the documents pallet) names itself; one that hears of
//! // removed staff (welfare) names itself too; extra pallets (the review collective) are listed:
//! safetynet_test_runtime::service_test_runtime!(
//!     Documents: pallet_documents, params: NoParams, on_approved: Documents,
//!     on_registration_ended: Cases, review_membership: NoCouncil, extra: {}
//! );
//! ```
//!
//! The mock also defines `params()` (the parameters the tests start with) and
//! `extra_genesis(&mut Storage)` (anything else its genesis needs).
//!
//! It also defines the accounts, agencies and regions the tests use — a consortium with one
//! agency of every kind serving one district, a second civil affairs department, neighbourhood
//! committee and sub-district office to act where they should not, staff with every role —, and
//! the helpers: `register_citizen`, `identity`, `run_to_block`, and `ExtBuilder`, whose
//! `build_and_execute` checks every pallet's invariants after each test.

/// Parameters for a pallet under test that has none (the documents pallet): always valid.
#[derive(
	Clone,
	Debug,
	Default,
	Eq,
	PartialEq,
	codec::Encode,
	codec::Decode,
	codec::DecodeWithMemTracking,
	codec::MaxEncodedLen,
	scale_info::TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct NoParams;

impl safetynet_primitives::kit::Validate for NoParams {
	fn is_valid(&self) -> bool {
		true
	}
}

/// Defines `Test`, its pallets' configurations, and test helpers. `$name: $pallet` is the
/// pallet under test (the caller implements its `Config` for `Test`); `$params` its parameters,
/// kept by the `Params` instance of the service-parameters pallet.
#[macro_export]
macro_rules! service_test_runtime {
	($name:ident : $pallet:ident, params: $params:ty) => {
		$crate::service_test_runtime!(
			$name: $pallet, params: $params, on_approved: (), on_registration_ended: Cases,
			review_membership: NoCouncil, extra: {}
		);
	};
	(
		$name:ident : $pallet:ident,
		params: $params:ty,
		on_approved: $on_approved:ty,
		on_registration_ended: $on_ended:ty,
		review_membership: $review_membership:ty,
		extra: { $($extra:tt)* }
		$(, also_checked: [ $($also_checked:ident),* ])?
	) => {
		use frame_support::{derive_impl, parameter_types, traits::{ChangeMembers, ConstU32, ConstU64, Hooks}, PalletId};
		use safetynet_primitives::{AgencyId, AgencyKind, Cid, Household, IdentityHash, RegionCode, Role};
		use sp_runtime::BuildStorage;

		type Block = frame_system::mocking::MockBlock<Test>;
		/// Wide enough that every agency's fund, derived from a pallet id and the agency id,
		/// is an account of its own.
		pub type AccountId = u128;
		pub type Balance = u64;

		frame_support::construct_runtime!(
			pub enum Test {
				System: frame_system,
				Timestamp: pallet_timestamp,
				Balances: pallet_balances,
				Registration: pallet_registration,
				Cases: pallet_cases,
				Payments: pallet_payments,
				Params: pallet_service_parameters,
				$name: $pallet,
				$($extra)*
			}
		);

		#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
		impl frame_system::Config for Test {
			type Block = Block;
			type AccountId = AccountId;
			type Lookup = sp_runtime::traits::IdentityLookup<AccountId>;
			type AccountData = pallet_balances::AccountData<Balance>;
		}

		impl pallet_timestamp::Config for Test {
			type Moment = u64;
			type OnTimestampSet = ();
			type MinimumPeriod = ConstU64<1>;
			type WeightInfo = ();
		}

		#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
		impl pallet_balances::Config for Test {
			type AccountStore = System;
		}

		/// The council is not under test here.
		pub struct NoCouncil;
		impl ChangeMembers<AccountId> for NoCouncil {
			fn change_members_sorted(_: &[AccountId], _: &[AccountId], _: &[AccountId]) {}
		}

		/// Every participant may make every call: admission is the registration pallet's test.
		pub struct AllowAll;
		impl pallet_registration::CallPolicy<RuntimeCall> for AllowAll {
			fn allows(_: safetynet_primitives::ParticipantKind, _: &RuntimeCall) -> bool {
				true
			}
		}

		impl pallet_registration::Config for Test {
			type GovernanceOrigin = frame_system::EnsureRoot<AccountId>;
			type AdminMembership = NoCouncil;
			type ReviewTeamMembership = $review_membership;
			type OnRegistrationEnded = $on_ended;
			type CallPolicy = AllowAll;
			type MaxReviewTeam = ConstU32<16>;
			type UnixTime = Timestamp;
			type MaxAgencies = ConstU32<16>;
			type MaxStaffPerAgency = ConstU32<16>;
			type MaxPendingRequests = ConstU32<64>;
			type MaxRequestsPerBlock = ConstU32<64>;
			type RequestTtl = ConstU64<1000>;
			type WorkWindow = ConstU64<1_000_000>;
			type ParticipantPriority = ConstU64<1>;
			type WeightInfo = ();
		}

		impl pallet_cases::Config for Test {
			type Registry = Registration;
			type Payments = Payments;
			type UnixTime = Timestamp;
			type GovernanceOrigin = frame_system::EnsureRoot<AccountId>;
			type MaxHistory = ConstU32<8>;
			type MaxDuePerBlock = ConstU32<8>;
			type MaxOpenCasesPerApplicant = ConstU32<2>;
			type MaxCasesPerPerson = ConstU32<3>;
			type OnApproved = $on_approved;
			type WeightInfo = ();
			#[cfg(feature = "runtime-benchmarks")]
			type BenchmarkHelper = TestBenchmarkSetup;
		}

		parameter_types! {
			pub const FundsPalletId: PalletId = PalletId(*b"sn/funds");
		}

		impl pallet_payments::Config for Test {
			type Currency = Balances;
			type FundsPalletId = FundsPalletId;
			type Agencies = pallet_registration::ExistingAgencies<Test>;
			type MaxDuePerBlock = ConstU32<8>;
			type RecordsKept = ConstU32<12>;
			type WeightInfo = ();
		}

		impl pallet_service_parameters::Config for Test {
			type Params = $params;
			type GovernanceOrigin = frame_system::EnsureRoot<AccountId>;
			type WeightInfo = ();
			#[cfg(feature = "runtime-benchmarks")]
			type BenchmarkParams = BenchParams;
		}

		/// The parameters the tests start with, for benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		pub struct BenchParams;
		#[cfg(feature = "runtime-benchmarks")]
		impl frame_support::traits::Get<$params> for BenchParams {
			fn get() -> $params {
				params()
			}
		}

		/// The parameters in force, as the pallet under test reads them.
		pub type CurrentParams = pallet_service_parameters::Current<Test>;

		/// The spare weight each test block leaves to `on_idle` work: room for two cases of the
		/// lifecycle's sweep after an agency's removal, so tests see a sweep spread over blocks.
		pub fn block_idle_weight() -> frame_support::weights::Weight {
			// The test runtime's database weights are zero: only the cases count.
			<() as pallet_cases::WeightInfo>::sweep_case().saturating_mul(2)
		}

		// --- the district the tests happen in ---
		/// The county (district) most agencies serve.
		pub const DISTRICT: RegionCode = RegionCode(110_105_000_000);
		/// A sub-district of it.
		pub const SUBDISTRICT: RegionCode = RegionCode(110_105_001_000);
		/// A neighbourhood of that: where the tests' citizens live.
		pub const HOME: RegionCode = RegionCode(110_105_001_001);
		/// Another neighbourhood of the same sub-district.
		pub const NEXT_DOOR: RegionCode = RegionCode(110_105_001_002);
		/// Another county of the same city.
		pub const OTHER_DISTRICT: RegionCode = RegionCode(110_106_000_000);

		// One agency of every kind, in this order, administered by accounts 1..=8, then a second
		// civil affairs department (another county), neighbourhood committee (next door) and
		// sub-district office (another county), administered by 9..=11.
		pub const INSURANCE_AGENCY: AgencyId = 0;
		pub const CIVIL_AFFAIRS: AgencyId = 1;
		pub const NEIGHBORHOOD: AgencyId = 2;
		pub const SUB_DISTRICT: AgencyId = 3;
		pub const WELFARE_INSTITUTE: AgencyId = 4;
		pub const COUNTY_WELFARE: AgencyId = 5;
		pub const HOSPITAL: AgencyId = 6;
		pub const AUDIT: AgencyId = 7;
		pub const OTHER_CIVIL_AFFAIRS: AgencyId = 8;
		pub const OTHER_NEIGHBORHOOD: AgencyId = 9;
		pub const OTHER_SUB_DISTRICT: AgencyId = 10;
		// Staff, one per role (doctors: five), and staff of the other agencies.
		pub const INSURANCE_OFFICER: AccountId = 20;
		pub const CIVIL_OFFICER: AccountId = 21;
		pub const INSPECTOR: AccountId = 22;
		pub const ACCOUNTANT: AccountId = 23;
		pub const REVIEWER: AccountId = 24;
		pub const WELFARE_OFFICER: AccountId = 25;
		pub const COUNTY_OFFICER: AccountId = 26;
		pub const AUDITOR: AccountId = 27;
		pub const OTHER_CIVIL_OFFICER: AccountId = 30;
		pub const OTHER_INSPECTOR: AccountId = 31;
		pub const OTHER_ACCOUNTANT: AccountId = 32;
		pub const DOCTORS: [AccountId; 5] = [40, 41, 42, 43, 44];
		// Citizens (registered by the tests that need them).
		pub const ALICE: AccountId = 100;
		pub const BOB: AccountId = 101;
		pub const CHARLIE: AccountId = 102;
		/// Someone registered as nothing at all.
		pub const STRANGER: AccountId = 999;

		/// The chain's clock at genesis, in milliseconds (2026-01-01).
		pub const NOW: u64 = 1_767_225_600_000;
		/// A year, in milliseconds.
		pub const YEAR: u64 = 365 * 24 * 3600 * 1000;
		/// Every account's and every fund's starting balance.
		pub const ENDOWMENT: Balance = 1_000_000_000;

		/// The identity hash of person `n` (in the tests, an account's person is its number).
		pub fn identity(n: u128) -> IdentityHash {
			IdentityHash(sp_io::hashing::blake2_256(&n.to_le_bytes()))
		}

		/// A household of the people `members`.
		pub fn household(members: &[u128]) -> Household {
			members.iter().map(|m| identity(*m)).collect::<Vec<_>>().try_into().unwrap()
		}

		/// A profile CID (CIDv1, raw, sha2-256) of `content`.
		pub fn cid(content: &[u8]) -> Cid {
			safetynet_primitives::cid::raw_cid_of(content)
		}

		/// A CID that is not one.
		pub fn bad_cid() -> Cid {
			Cid(vec![1, 2, 3].try_into().unwrap())
		}

		/// Sets up benchmarks' participants over the real registration pallet.
		#[cfg(feature = "runtime-benchmarks")]
		pub struct TestBenchmarkSetup;
		#[cfg(feature = "runtime-benchmarks")]
		impl safetynet_primitives::BenchmarkSetup<AccountId> for TestBenchmarkSetup {
			fn agency(kind: AgencyKind, region: RegionCode) -> AgencyId {
				Registration::benchmark_agency(kind, region)
			}
			fn remove_agency(agency: AgencyId) {
				Registration::benchmark_remove_agency(agency)
			}
			fn staff(who: &AccountId, role: Role, agency: AgencyId) {
				Registration::benchmark_staff(who, role, agency)
			}
			fn citizen(who: &AccountId, role: Role, photo: Cid, residence: RegionCode, household: Household) {
				Registration::benchmark_citizen(who, role, photo, residence, household)
			}
			fn endow(who: &AccountId) {
				<Balances as frame_support::traits::fungible::Mutate<AccountId>>::set_balance(who, ENDOWMENT);
			}
		}

		/// The fund of `agency`.
		pub fn fund(agency: AgencyId) -> AccountId {
			<Payments as safetynet_primitives::cases::AgencyFunds<AccountId>>::fund_account(agency)
		}

		pub fn free(who: AccountId) -> Balance {
			<Balances as frame_support::traits::fungible::Inspect<AccountId>>::balance(&who)
		}

		/// Registers `who` as a citizen with `role`, confirmed by `agency`, living at [`HOME`]
		/// with no household, with a photo and an ID card valid until `valid_until`.
		pub fn register_citizen(who: AccountId, role: Role, agency: AgencyId, valid_until: u64) {
			register_household(who, role, agency, valid_until, &[]);
		}

		/// As [`register_citizen`], with the household of the people `members`.
		pub fn register_household(who: AccountId, role: Role, agency: AgencyId, valid_until: u64, members: &[u128]) {
			register_at(who, role, agency, valid_until, HOME, members);
		}

		/// As [`register_household`], living at `residence`.
		pub fn register_at(
			who: AccountId,
			role: Role,
			agency: AgencyId,
			valid_until: u64,
			residence: RegionCode,
			members: &[u128],
		) {
			let form = pallet_registration::RegistrationForm {
				roles: pallet_registration::roles_from_list(&[role]).unwrap(),
				id_valid_until: valid_until,
				form_cid: cid(&who.to_le_bytes()),
				photo_cid: Some(photo_of(who)),
				agency,
			};
			let work = pallet_registration::ProofOfWork { block: 0, nonce: 0 };
			let verification = pallet_registration::Verification {
				identity: identity(who),
				residence,
				household: household(members),
			};
			let admin = agency as AccountId + 1;
			frame_support::assert_ok!(Registration::request_registration(RuntimeOrigin::signed(who), form, work));
			frame_support::assert_ok!(Registration::verify_citizen(RuntimeOrigin::signed(admin), who, verification));
		}

		/// The photo `register_citizen` registers for `who`.
		pub fn photo_of(who: AccountId) -> Cid {
			cid(&[b"photo".as_slice(), &who.to_le_bytes()].concat())
		}

		/// Makes the staff member `who` of `agency` also hold `identity(person)`'s identity: the
		/// same person as a citizen (for conflict-of-interest tests).
		pub fn staff_as_person(who: AccountId, agency: AgencyId, role: Role, person: u128) {
			let admin = agency as AccountId + 1;
			let region = pallet_registration::Agencies::<Test>::get(agency).unwrap().region;
			frame_support::assert_ok!(Registration::register_staff(
				RuntimeOrigin::signed(admin),
				who,
				pallet_registration::roles_from_list(&[role]).unwrap(),
				identity(person),
				region,
			));
		}

		pub struct ExtBuilder;

		impl ExtBuilder {
			pub fn build() -> sp_io::TestExternalities {
				let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
				let agencies = vec![
					(AgencyKind::SocialInsuranceAgency, DISTRICT),
					(AgencyKind::CivilAffairsDepartment, DISTRICT),
					(AgencyKind::NeighborhoodCommittee, HOME),
					(AgencyKind::SubDistrictOffice, SUBDISTRICT),
					(AgencyKind::WelfareInstitute, DISTRICT),
					(AgencyKind::CountyWelfareDepartment, DISTRICT),
					(AgencyKind::Hospital, DISTRICT),
					(AgencyKind::AuditOffice, DISTRICT),
					(AgencyKind::CivilAffairsDepartment, OTHER_DISTRICT),
					(AgencyKind::NeighborhoodCommittee, NEXT_DOOR),
					(AgencyKind::SubDistrictOffice, RegionCode(110_106_001_000)),
				]
				.into_iter()
				.enumerate()
				.map(|(i, (kind, region))| (kind, format!("agency {i}").into_bytes(), i as AccountId + 1, region))
				.collect();
				let mut staff = vec![
					(INSURANCE_OFFICER, INSURANCE_AGENCY, vec![Role::SocialInsuranceOfficer]),
					(CIVIL_OFFICER, CIVIL_AFFAIRS, vec![Role::CivilAffairsOfficer]),
					(INSPECTOR, NEIGHBORHOOD, vec![Role::NeighborhoodCommitteeMember]),
					(ACCOUNTANT, SUB_DISTRICT, vec![Role::SubDistrictAccountant]),
					(REVIEWER, CIVIL_AFFAIRS, vec![Role::DemocraticReviewMember]),
					(WELFARE_OFFICER, WELFARE_INSTITUTE, vec![Role::WelfareInstituteOfficer]),
					(COUNTY_OFFICER, COUNTY_WELFARE, vec![Role::CountyWelfareOfficer]),
					(AUDITOR, AUDIT, vec![Role::Auditor]),
					(OTHER_CIVIL_OFFICER, OTHER_CIVIL_AFFAIRS, vec![Role::CivilAffairsOfficer]),
					(OTHER_INSPECTOR, OTHER_NEIGHBORHOOD, vec![Role::NeighborhoodCommitteeMember]),
					(OTHER_ACCOUNTANT, OTHER_SUB_DISTRICT, vec![Role::SubDistrictAccountant]),
				];
				for doctor in DOCTORS {
					staff.push((doctor, HOSPITAL, vec![Role::ConsultationDoctor]));
				}
				let staff = staff.into_iter().map(|(who, agency, roles)| (who, agency, roles, identity(who))).collect();
				let review_seats = vec![(CIVIL_AFFAIRS, 4), (NEIGHBORHOOD, 4), (SUB_DISTRICT, 4)];
				pallet_registration::GenesisConfig::<Test> {
					agencies,
					staff,
					review_seats,
					request_cost: Default::default(),
					quotas: vec![],
				}
				.assimilate_storage(&mut storage)
				.unwrap();
				let mut balances: Vec<(AccountId, Balance)> =
					[ALICE, BOB, CHARLIE].into_iter().map(|who| (who, ENDOWMENT)).collect();
				for agency in 0..11u32 {
					balances.push((fund(agency), ENDOWMENT));
				}
				pallet_balances::GenesisConfig::<Test> { balances, ..Default::default() }
					.assimilate_storage(&mut storage)
					.unwrap();
				pallet_service_parameters::GenesisConfig::<Test> { parameters: Some(params()), ..Default::default() }
					.assimilate_storage(&mut storage)
					.unwrap();
				extra_genesis(&mut storage);
				let mut ext = sp_io::TestExternalities::new(storage);
				ext.execute_with(|| {
					System::set_block_number(1);
					Timestamp::set_timestamp(NOW);
				});
				ext
			}

			/// Runs `test`, then checks the invariants of every pallet of the runtime.
			pub fn build_and_execute(test: impl FnOnce()) {
				Self::build().execute_with(|| {
					test();
					check_invariants();
				});
			}
		}

		/// Every pallet's `try_state`: the shared ones, and the one under test's.
		pub fn check_invariants() {
			Registration::do_try_state().expect("registration invariants hold");
			Cases::do_try_state().expect("lifecycle invariants hold");
			Payments::do_try_state().expect("payments invariants hold");
			Params::do_try_state().expect("parameters invariants hold");
			$name::do_try_state().expect("the pallet under test's invariants hold");
			$($($also_checked::do_try_state().expect("an extra pallet's invariants hold");)*)?
		}

		/// Advances to block `n`, running every pallet's hooks, 3 s per block.
		pub fn run_to_block(n: u64) {
			while System::block_number() < n {
				let next = System::block_number() + 1;
				System::set_block_number(next);
				Timestamp::set_timestamp(pallet_timestamp::Now::<Test>::get() + 3000);
				Registration::on_initialize(next);
				Cases::on_initialize(next);
				Payments::on_initialize(next);
				Cases::on_idle(next, block_idle_weight());
			}
		}

		/// The last event of the lifecycle pallet.
		pub fn last_case_event() -> pallet_cases::Event<Test> {
			System::events()
				.into_iter()
				.rev()
				.find_map(|r| match r.event {
					RuntimeEvent::Cases(e) => Some(e),
					_ => None,
				})
				.expect("a lifecycle event")
		}
	};
}
