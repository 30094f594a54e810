//! # The service pallets' shared mock runtime
//!
//! The four service pallets (insurance, assistance, welfare, minimum living) test against the
//! same surroundings: the real registration, lifecycle and payments pallets, balances and a
//! clock. [`service_test_runtime!`] writes that runtime once; each service's `mock.rs` expands it
//! with its own pallet and configuration:
//!
//! ```ignore
//! safetynet_test_runtime::service_test_runtime!(Insurance: pallet_insurance);
//! impl pallet_insurance::Config for Test { ... }
//! // A pallet that listens for approvals (the documents pallet) names itself:
//! safetynet_test_runtime::service_test_runtime!(Documents: pallet_documents, on_approved: Documents);
//! ```
//!
//! It also defines the accounts, agencies and helpers the tests use: a consortium with one agency
//! of every kind, staff with every role, `register_citizen`, `run_to_block`, and `ExtBuilder`.

/// Defines `Test`, its pallets' configurations, and test helpers. `$name: $pallet` is the
/// service pallet under test; the caller implements its `Config` for `Test`.
#[macro_export]
macro_rules! service_test_runtime {
	($name:ident : $pallet:ident) => {
		$crate::service_test_runtime!($name: $pallet, on_approved: ());
	};
	($name:ident : $pallet:ident, on_approved: $on_approved:ty) => {
		use frame_support::{derive_impl, parameter_types, traits::{ChangeMembers, ConstU32, ConstU64, Hooks}, PalletId};
		use safetynet_primitives::{AgencyId, AgencyKind, Cid, Role};
		use sp_runtime::BuildStorage;

		type Block = frame_system::mocking::MockBlock<Test>;
		pub type AccountId = u64;
		pub type Balance = u64;

		frame_support::construct_runtime!(
			pub enum Test {
				System: frame_system,
				Timestamp: pallet_timestamp,
				Balances: pallet_balances,
				Registration: pallet_registration,
				Cases: pallet_cases,
				Payments: pallet_payments,
				$name: $pallet,
			}
		);

		#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
		impl frame_system::Config for Test {
			type Block = Block;
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

		impl pallet_registration::Config for Test {
			type GovernanceOrigin = frame_system::EnsureRoot<AccountId>;
			type AdminMembership = NoCouncil;
			type ReviewTeamMembership = NoCouncil;
			type MaxReviewTeam = ConstU32<16>;
			type UnixTime = Timestamp;
			type MaxAgencies = ConstU32<16>;
			type MaxStaffPerAgency = ConstU32<16>;
			type MaxPendingRequests = ConstU32<64>;
			type MaxRequestsPerBlock = ConstU32<64>;
			type RequestTtl = ConstU64<1000>;
			type ParticipantPriority = ConstU64<1>;
			type WeightInfo = ();
		}

		impl pallet_cases::Config for Test {
			type Registry = Registration;
			type GovernanceOrigin = frame_system::EnsureRoot<AccountId>;
			type MaxHistory = ConstU32<32>;
			type MaxDuePerBlock = ConstU32<8>;
			type MaxCasesPerApplicant = ConstU32<8>;
			type OnApproved = $on_approved;
			type WeightInfo = ();
		}

		parameter_types! {
			pub const FundsPalletId: PalletId = PalletId(*b"sn/funds");
		}

		impl pallet_payments::Config for Test {
			type Currency = Balances;
			type FundsPalletId = FundsPalletId;
			type MaxDuePerBlock = ConstU32<8>;
			type RecordsKept = ConstU32<12>;
			type WeightInfo = ();
		}

		// One agency of every kind, in this order, administered by accounts 1..=8.
		pub const INSURANCE_AGENCY: AgencyId = 0;
		pub const CIVIL_AFFAIRS: AgencyId = 1;
		pub const NEIGHBORHOOD: AgencyId = 2;
		pub const SUB_DISTRICT: AgencyId = 3;
		pub const WELFARE_INSTITUTE: AgencyId = 4;
		pub const COUNTY_WELFARE: AgencyId = 5;
		pub const HOSPITAL: AgencyId = 6;
		pub const AUDIT: AgencyId = 7;
		// Staff, one per role (doctors: five).
		pub const INSURANCE_OFFICER: AccountId = 10;
		pub const CIVIL_OFFICER: AccountId = 11;
		pub const INSPECTOR: AccountId = 12;
		pub const ACCOUNTANT: AccountId = 13;
		pub const REVIEWER: AccountId = 14;
		pub const WELFARE_OFFICER: AccountId = 15;
		pub const COUNTY_OFFICER: AccountId = 16;
		pub const AUDITOR: AccountId = 17;
		pub const DOCTORS: [AccountId; 5] = [20, 21, 22, 23, 24];
		// Citizens (registered by the tests that need them).
		pub const ALICE: AccountId = 100;
		pub const BOB: AccountId = 101;
		/// Someone registered as nothing at all.
		pub const STRANGER: AccountId = 999;

		/// The chain's clock at genesis, in milliseconds (2026-01-01).
		pub const NOW: u64 = 1_767_225_600_000;
		/// A year, in milliseconds.
		pub const YEAR: u64 = 365 * 24 * 3600 * 1000;
		/// Every account's and every fund's starting balance.
		pub const ENDOWMENT: Balance = 1_000_000_000;

		/// A profile CID (CIDv1, raw, sha2-256) of `content`.
		pub fn cid(content: &[u8]) -> Cid {
			let digest = sp_io::hashing::sha2_256(content);
			let bytes = safetynet_primitives::cid::cid_v1_sha256(safetynet_primitives::cid::CODEC_RAW, &digest);
			Cid::from_bytes(bytes.as_slice()).unwrap()
		}

		/// A CID that is not one.
		pub fn bad_cid() -> Cid {
			Cid(vec![1, 2, 3].try_into().unwrap())
		}

		/// Agencies' funds. (The runtime derives them from a pallet id; the test's `u64`
		/// accounts are too short to hold a derived id per agency.)
		pub struct TestFunds;
		impl safetynet_primitives::cases::AgencyFunds<AccountId> for TestFunds {
			fn fund_account(agency: AgencyId) -> AccountId {
				1_000_000 + agency as AccountId
			}
		}

		/// Sets up benchmarks' participants over the real registration pallet.
		#[cfg(feature = "runtime-benchmarks")]
		pub struct TestBenchmarkSetup;
		#[cfg(feature = "runtime-benchmarks")]
		impl safetynet_primitives::BenchmarkSetup<AccountId> for TestBenchmarkSetup {
			fn agency(kind: AgencyKind) -> AgencyId {
				Registration::benchmark_agency(kind)
			}
			fn staff(who: &AccountId, role: Role, agency: AgencyId) {
				Registration::benchmark_staff(who, role, agency)
			}
			fn citizen(who: &AccountId, role: Role, photo: Cid) {
				Registration::benchmark_citizen(who, role, photo)
			}
			fn endow(who: &AccountId) {
				<Balances as frame_support::traits::fungible::Mutate<AccountId>>::set_balance(who, ENDOWMENT);
			}
		}

		/// The fund of `agency`.
		pub fn fund(agency: AgencyId) -> AccountId {
			<TestFunds as safetynet_primitives::cases::AgencyFunds<AccountId>>::fund_account(agency)
		}

		pub fn free(who: AccountId) -> Balance {
			<Balances as frame_support::traits::fungible::Inspect<AccountId>>::balance(&who)
		}

		/// Registers `who` as a citizen with `role`, confirmed by `agency`, with a photo and an ID
		/// card valid until `valid_until`.
		pub fn register_citizen(who: AccountId, role: Role, agency: AgencyId, valid_until: u64) {
			let form = pallet_registration::RegistrationForm {
				roles: pallet_registration::roles_from_list(&[role]).unwrap(),
				id_commitment: sp_core::H256::from_low_u64_be(who),
				id_valid_until: valid_until,
				form_cid: cid(&who.to_le_bytes()),
				photo_cid: Some(photo_of(who)),
				agency,
			};
			let admin = agency as AccountId + 1;
			frame_support::assert_ok!(Registration::request_registration(RuntimeOrigin::signed(who), form));
			frame_support::assert_ok!(Registration::verify_citizen(RuntimeOrigin::signed(admin), who));
		}

		/// The photo `register_citizen` registers for `who`.
		pub fn photo_of(who: AccountId) -> Cid {
			cid(&[b"photo".as_slice(), &who.to_le_bytes()].concat())
		}

		pub struct ExtBuilder;

		impl ExtBuilder {
			pub fn build() -> sp_io::TestExternalities {
				let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
				let kinds = [
					AgencyKind::SocialInsuranceAgency,
					AgencyKind::CivilAffairsDepartment,
					AgencyKind::NeighborhoodCommittee,
					AgencyKind::SubDistrictOffice,
					AgencyKind::WelfareInstitute,
					AgencyKind::CountyWelfareDepartment,
					AgencyKind::Hospital,
					AgencyKind::AuditOffice,
				];
				let agencies = kinds
					.iter()
					.enumerate()
					.map(|(i, kind)| (*kind, format!("agency {i}").into_bytes(), i as AccountId + 1))
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
				];
				for doctor in DOCTORS {
					staff.push((doctor, HOSPITAL, vec![Role::ConsultationDoctor]));
				}
				pallet_registration::GenesisConfig::<Test> { agencies, staff }
					.assimilate_storage(&mut storage)
					.unwrap();
				let mut balances: Vec<(AccountId, Balance)> =
					[ALICE, BOB].into_iter().map(|who| (who, ENDOWMENT)).collect();
				for agency in 0..8u32 {
					balances.push((fund(agency), ENDOWMENT));
				}
				pallet_balances::GenesisConfig::<Test> { balances, ..Default::default() }
					.assimilate_storage(&mut storage)
					.unwrap();
				genesis_parameters(&mut storage);
				let mut ext = sp_io::TestExternalities::new(storage);
				ext.execute_with(|| {
					System::set_block_number(1);
					Timestamp::set_timestamp(NOW);
				});
				ext
			}

			/// Runs `test`, then checks the invariants of the lifecycle and payments pallets.
			pub fn build_and_execute(test: impl FnOnce()) {
				Self::build().execute_with(|| {
					test();
					Cases::do_try_state().expect("lifecycle invariants hold");
					Payments::do_try_state().expect("payments invariants hold");
				});
			}
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
