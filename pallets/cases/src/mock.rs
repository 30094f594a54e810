//! A minimal runtime for the lifecycle's tests, with a registry that answers from a table.

use crate as pallet_cases;
use frame_support::{derive_impl, parameter_types, traits::Hooks};
use safetynet_primitives::{
	cases::{Documents, Opening, Service},
	AgencyId, AgencyInfo, CitizenIdentity, ParticipantCode, ParticipantRegistry, Role,
};
use sp_runtime::BuildStorage;
use std::{cell::RefCell, collections::BTreeMap};

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Lifecycle: pallet_cases,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

thread_local! {
	/// Staff roles: (account, role) -> agency.
	static STAFF: RefCell<BTreeMap<(AccountId, Role), AgencyId>> = RefCell::new(BTreeMap::new());
}

/// Gives `who` the staff role `role` at `agency`.
pub fn grant(who: AccountId, role: Role, agency: AgencyId) {
	STAFF.with(|s| s.borrow_mut().insert((who, role), agency));
}

/// Answers registry questions from the `STAFF` table.
pub struct TableRegistry;
impl ParticipantRegistry<AccountId> for TableRegistry {
	fn is_participant(_who: &AccountId) -> bool {
		true
	}
	fn staff_agency(who: &AccountId, role: Role) -> Option<AgencyId> {
		STAFF.with(|s| s.borrow().get(&(*who, role)).copied())
	}
	fn citizen_with_role(_who: &AccountId, _role: Role) -> Option<CitizenIdentity> {
		None
	}
	fn code_of(who: &AccountId) -> Option<ParticipantCode> {
		Some(*who)
	}
	fn agency(_agency: AgencyId) -> Option<AgencyInfo<AccountId>> {
		None
	}
	fn administered_agency(_who: &AccountId) -> Option<AgencyId> {
		None
	}
}

parameter_types! {
	pub static MaxHistory: u32 = 8;
	pub static MaxDuePerBlock: u32 = 2;
	pub static MaxCasesPerApplicant: u32 = 3;
}

impl pallet_cases::Config for Test {
	type Registry = TableRegistry;
	type GovernanceOrigin = frame_system::EnsureRoot<AccountId>;
	type MaxHistory = MaxHistory;
	type MaxDuePerBlock = MaxDuePerBlock;
	type MaxCasesPerApplicant = MaxCasesPerApplicant;
	type OnApproved = ();
	type WeightInfo = ();
}

pub const APPLICANT: AccountId = 1;
pub const OFFICER: AccountId = 10;
pub const INSPECTOR: AccountId = 11;
pub const OTHER_OFFICER: AccountId = 12;
pub const CIVIL: AgencyId = 1;
pub const OTHER_AGENCY: AgencyId = 2;
/// Blocks the acceptance step may take.
pub const ACCEPTANCE_DEADLINE: u64 = 5;

pub fn opening(applicant: AccountId, service: Service) -> Opening<AccountId> {
	Opening { service, applicant, applicant_code: applicant, agency: CIVIL, documents: Documents::default() }
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_cases::GenesisConfig::<Test> {
		step_deadlines: vec![(
			Service::SocialAssistance,
			safetynet_primitives::cases::Step::Acceptance,
			ACCEPTANCE_DEADLINE,
		)],
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	STAFF.with(|s| s.borrow_mut().clear());
	grant(OFFICER, Role::CivilAffairsOfficer, CIVIL);
	grant(OTHER_OFFICER, Role::CivilAffairsOfficer, OTHER_AGENCY);
	grant(INSPECTOR, Role::NeighborhoodCommitteeMember, 3);
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` and checks the pallet's invariants after it.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Lifecycle::do_try_state().expect("invariants hold");
	});
}

pub fn run_to_block(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Lifecycle::on_initialize(next);
	}
}
