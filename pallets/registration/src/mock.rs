//! A minimal runtime for the registration pallet's tests.

use crate as pallet_registration;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ChangeMembers, ConstU64, Hooks},
};
use safetynet_primitives::{AgencyKind, Cid, Role, RoleSet};
use sp_core::H256;
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		Registration: pallet_registration,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

impl pallet_timestamp::Config for Test {
	type Moment = u64;
	type OnTimestampSet = ();
	type MinimumPeriod = ConstU64<1>;
	type WeightInfo = ();
}

parameter_types! {
	/// What the council was last told: the sorted administrators.
	pub storage CouncilSeats: Vec<AccountId> = vec![];
	/// What the review collective was last told.
	pub storage ReviewSeats: Vec<AccountId> = vec![];
	pub static MaxAgencies: u32 = 4;
	pub static MaxStaffPerAgency: u32 = 3;
	pub static MaxReviewTeam: u32 = 2;
	pub static MaxPendingRequests: u32 = 10;
	pub static MaxRequestsPerBlock: u32 = 4;
}

/// Stands in for the consortium council: records the seats it is given.
pub struct MockCouncil;
impl ChangeMembers<AccountId> for MockCouncil {
	fn change_members_sorted(_incoming: &[AccountId], _outgoing: &[AccountId], new: &[AccountId]) {
		CouncilSeats::set(&new.to_vec());
	}
}

/// Stands in for the democratic review collective: records the seats it is given.
pub struct MockReviewTeam;
impl ChangeMembers<AccountId> for MockReviewTeam {
	fn change_members_sorted(_incoming: &[AccountId], _outgoing: &[AccountId], new: &[AccountId]) {
		ReviewSeats::set(&new.to_vec());
	}
}

/// Blocks a registration request waits.
pub const TTL: u64 = 10;
/// Priority of participants' transactions.
pub const PARTICIPANT_PRIORITY: u64 = 1000;

impl pallet_registration::Config for Test {
	type GovernanceOrigin = frame_system::EnsureRoot<AccountId>;
	type AdminMembership = MockCouncil;
	type ReviewTeamMembership = MockReviewTeam;
	type MaxReviewTeam = MaxReviewTeam;
	type UnixTime = Timestamp;
	type MaxAgencies = MaxAgencies;
	type MaxStaffPerAgency = MaxStaffPerAgency;
	type MaxPendingRequests = MaxPendingRequests;
	type MaxRequestsPerBlock = MaxRequestsPerBlock;
	type RequestTtl = ConstU64<TTL>;
	type ParticipantPriority = ConstU64<PARTICIPANT_PRIORITY>;
	type WeightInfo = ();
}

// Accounts of the genesis consortium.
pub const INSURANCE_ADMIN: AccountId = 1;
pub const CIVIL_ADMIN: AccountId = 2;
pub const INSURANCE_OFFICER: AccountId = 10;
pub const CIVIL_OFFICER: AccountId = 11;
pub const INSPECTOR: AccountId = 12;
// Agencies of the genesis consortium.
pub const INSURANCE: u32 = 0;
pub const CIVIL: u32 = 1;
// Citizens, unregistered at genesis.
pub const ALICE: AccountId = 100;
pub const BOB: AccountId = 101;

/// The chain's clock at genesis, in milliseconds: 2026-01-01.
pub const NOW: u64 = 1_767_225_600_000;
/// A year, in milliseconds.
pub const YEAR: u64 = 365 * 24 * 3600 * 1000;

pub fn roles(list: &[Role]) -> RoleSet {
	crate::roles_from_list(list).unwrap()
}

/// A profile CID (CIDv1, raw, sha2-256) of `content`.
pub fn cid(content: &[u8]) -> Cid {
	let digest = sp_io::hashing::sha2_256(content);
	let bytes = safetynet_primitives::cid::cid_v1_sha256(safetynet_primitives::cid::CODEC_RAW, &digest);
	Cid::from_bytes(bytes.as_slice()).unwrap()
}

/// A complete form asking `agency` for `role`, with an ID card valid for a year.
pub fn form(role: Role, agency: u32, id_seed: u8) -> crate::RegistrationForm {
	crate::RegistrationForm {
		roles: roles(&[role]),
		id_commitment: H256::repeat_byte(id_seed),
		id_valid_until: NOW + YEAR,
		form_cid: cid(&[id_seed, 1]),
		photo_cid: Some(cid(&[id_seed, 2])),
		agency,
	}
}

pub struct ExtBuilder;

impl Default for ExtBuilder {
	fn default() -> Self {
		ExtBuilder
	}
}

impl ExtBuilder {
	pub fn build(self) -> sp_io::TestExternalities {
		let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		pallet_registration::GenesisConfig::<Test> {
			agencies: vec![
				(AgencyKind::SocialInsuranceAgency, b"Insurance".to_vec(), INSURANCE_ADMIN),
				(AgencyKind::CivilAffairsDepartment, b"Civil Affairs".to_vec(), CIVIL_ADMIN),
			],
			staff: vec![
				(INSURANCE_OFFICER, INSURANCE, vec![Role::SocialInsuranceOfficer]),
				(CIVIL_OFFICER, CIVIL, vec![Role::CivilAffairsOfficer]),
				(INSPECTOR, CIVIL, vec![Role::DemocraticReviewMember]),
			],
		}
		.assimilate_storage(&mut storage)
		.unwrap();
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.execute_with(|| {
			System::set_block_number(1);
			Timestamp::set_timestamp(NOW);
		});
		ext
	}

	/// Runs `test`, then checks the pallet's invariants.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			Registration::do_try_state().expect("invariants hold");
		});
	}
}

/// Advances to block `n`, running the pallet's hooks and moving the clock on 3 s per block.
pub fn run_to_block(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Timestamp::set_timestamp(pallet_timestamp::Now::<Test>::get() + 3000);
		Registration::on_initialize(next);
	}
}
