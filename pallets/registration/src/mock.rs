//! A minimal runtime for the registration pallet's tests.

use crate as pallet_registration;
use crate::{ProofOfWork, Quota, RegistrationForm, RequestCost, Verification};
use codec::Encode;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ChangeMembers, ConstU64, Hooks},
};
use safetynet_primitives::{
	AgencyId, AgencyKind, Cid, Household, IdentityHash, OnRegistrationEnded, ParticipantClass,
	ParticipantKind, RegionCode, Role, RoleSet,
};
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
	pub storage Council: Vec<AccountId> = vec![];
	/// What the review collective was last told.
	pub storage ReviewCollective: Vec<AccountId> = vec![];
	/// The citizens whose revocation was announced, in order.
	pub storage RevokedCitizens: Vec<AccountId> = vec![];
	/// The staff members whose removal or change of roles was announced, in order.
	pub storage ChangedStaff: Vec<AccountId> = vec![];
	/// The agencies whose removal was announced, in order.
	pub storage RemovedAgencies: Vec<AgencyId> = vec![];
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
		Council::set(&new.to_vec());
	}
}

/// Stands in for the democratic review collective: records the seats it is given.
pub struct MockReviewCollective;
impl ChangeMembers<AccountId> for MockReviewCollective {
	fn change_members_sorted(_incoming: &[AccountId], _outgoing: &[AccountId], new: &[AccountId]) {
		ReviewCollective::set(&new.to_vec());
	}
}

/// Stands in for the pallets that end cases and return steps: records what it is told.
pub struct MockRegistrationEnded;
impl OnRegistrationEnded<AccountId> for MockRegistrationEnded {
	fn citizen_revoked(who: &AccountId) {
		let mut revoked = RevokedCitizens::get();
		revoked.push(*who);
		RevokedCitizens::set(&revoked);
	}

	fn staff_changed(who: &AccountId) {
		let mut changed = ChangedStaff::get();
		changed.push(*who);
		ChangedStaff::set(&changed);
	}

	fn agency_removed(agency: AgencyId) {
		let mut removed = RemovedAgencies::get();
		removed.push(agency);
		RemovedAgencies::set(&removed);
	}
}

/// Citizens may make no `System` call (`system.remark` and the like); staff and administrators
/// may make every call.
pub struct MockCallPolicy;
impl pallet_registration::CallPolicy<RuntimeCall> for MockCallPolicy {
	fn allows(kind: ParticipantKind, call: &RuntimeCall) -> bool {
		!matches!((kind, call), (ParticipantKind::Citizen, RuntimeCall::System(_)))
	}
}

/// Blocks a registration request waits.
pub const TTL: u64 = 10;
/// How many blocks old the block a request's work is bound to may be.
pub const WORK_WINDOW: u64 = 5;
/// Priority of participants' transactions.
pub const PARTICIPANT_PRIORITY: u64 = 1000;

impl pallet_registration::Config for Test {
	type GovernanceOrigin = frame_system::EnsureRoot<AccountId>;
	type AdminMembership = MockCouncil;
	type ReviewTeamMembership = MockReviewCollective;
	type OnRegistrationEnded = MockRegistrationEnded;
	type CallPolicy = MockCallPolicy;
	type UnixTime = Timestamp;
	type MaxAgencies = MaxAgencies;
	type MaxStaffPerAgency = MaxStaffPerAgency;
	type MaxReviewTeam = MaxReviewTeam;
	type MaxPendingRequests = MaxPendingRequests;
	type MaxRequestsPerBlock = MaxRequestsPerBlock;
	type RequestTtl = ConstU64<TTL>;
	type WorkWindow = ConstU64<WORK_WINDOW>;
	type ParticipantPriority = ConstU64<PARTICIPANT_PRIORITY>;
	type WeightInfo = ();
}

// --- where the tests happen ---
/// The city the district lies in.
pub const CITY: RegionCode = RegionCode(110_100_000_000);
/// The county (district) both genesis agencies serve.
pub const DISTRICT: RegionCode = RegionCode(110_105_000_000);
/// A sub-district of it.
pub const SUBDISTRICT: RegionCode = RegionCode(110_105_001_000);
/// A neighbourhood of that: where the tests' citizens live.
pub const HOME: RegionCode = RegionCode(110_105_001_001);
/// A neighbourhood of another sub-district of the district.
pub const ACROSS_TOWN: RegionCode = RegionCode(110_105_002_001);
/// Another county of the same city.
pub const OTHER_DISTRICT: RegionCode = RegionCode(110_106_000_000);
/// Not a division code: a neighbourhood under an empty sub-district.
pub const NOWHERE: RegionCode = RegionCode(110_105_000_001);

// Accounts of the genesis consortium.
pub const INSURANCE_ADMIN: AccountId = 1;
pub const CIVIL_ADMIN: AccountId = 2;
pub const INSURANCE_OFFICER: AccountId = 10;
pub const CIVIL_OFFICER: AccountId = 11;
/// A civil affairs staff member on the democratic review team, who verifies nobody.
pub const INSPECTOR: AccountId = 12;
// Agencies of the genesis consortium, both serving `DISTRICT`.
pub const INSURANCE: AgencyId = 0;
pub const CIVIL: AgencyId = 1;
/// Review seats the civil affairs department has at genesis (the inspector holds one).
pub const CIVIL_SEATS: u32 = 2;
// Citizens, unregistered at genesis.
pub const ALICE: AccountId = 100;
pub const BOB: AccountId = 101;
pub const CHARLIE: AccountId = 102;

/// The chain's clock at genesis, in milliseconds: 2026-01-01.
pub const NOW: u64 = 1_767_225_600_000;
/// A year, in milliseconds.
pub const YEAR: u64 = 365 * 24 * 3600 * 1000;

pub fn roles(list: &[Role]) -> RoleSet {
	crate::roles_from_list(list).unwrap()
}

/// The identity hash of person `n` (in the tests, an account's person is its number).
pub fn identity(n: u64) -> IdentityHash {
	IdentityHash(sp_io::hashing::blake2_256(&n.to_le_bytes()))
}

/// A household of the people `members`.
pub fn household(members: &[u64]) -> Household {
	members.iter().map(|m| identity(*m)).collect::<Vec<_>>().try_into().unwrap()
}

/// A profile CID (CIDv1, raw, sha2-256) of `content`.
pub fn cid(content: &[u8]) -> Cid {
	safetynet_primitives::cid::raw_cid_of(content)
}

/// A complete form asking `agency` for `role`, with an ID card valid for a year; `seed` varies
/// its documents.
pub fn form(role: Role, agency: AgencyId, seed: u8) -> RegistrationForm {
	RegistrationForm {
		roles: roles(&[role]),
		id_valid_until: NOW + YEAR,
		form_cid: cid(&[seed, 1]),
		photo_cid: Some(cid(&[seed, 2])),
		agency,
	}
}

/// What a verifier establishes for person `person`: living at [`HOME`], alone.
pub fn verification(person: u64) -> Verification {
	Verification { identity: identity(person), residence: HOME, household: household(&[]) }
}

/// Work bound to the block before the current one. It is enough while the request cost is
/// zero, as it is unless a test raises it.
pub fn work() -> ProofOfWork<u64> {
	ProofOfWork { block: System::block_number() - 1, nonce: 0 }
}

/// The hash of block `n` as [`run_to_block`] records it (block 0's is frame_system's genesis
/// hash).
pub fn block_hash(n: u64) -> H256 {
	H256(sp_io::hashing::blake2_256(&(b"block", n).encode()))
}

pub struct ExtBuilder {
	request_cost: RequestCost,
	quotas: Vec<(ParticipantClass, Quota<u64>)>,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		ExtBuilder { request_cost: RequestCost { base_bits: 0, doubling_every: 0 }, quotas: vec![] }
	}
}

impl ExtBuilder {
	/// Starts with `cost` for registration requests instead of none.
	pub fn request_cost(mut self, cost: RequestCost) -> Self {
		self.request_cost = cost;
		self
	}

	/// Starts with `quota` for `class` (no class has one by default).
	pub fn quota(mut self, class: ParticipantClass, quota: Quota<u64>) -> Self {
		self.quotas.push((class, quota));
		self
	}

	pub fn build(self) -> sp_io::TestExternalities {
		let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		pallet_registration::GenesisConfig::<Test> {
			agencies: vec![
				(
					AgencyKind::SocialInsuranceAgency,
					b"Insurance".to_vec(),
					INSURANCE_ADMIN,
					DISTRICT,
				),
				(
					AgencyKind::CivilAffairsDepartment,
					b"Civil Affairs".to_vec(),
					CIVIL_ADMIN,
					DISTRICT,
				),
			],
			staff: vec![
				(INSURANCE_OFFICER, INSURANCE, vec![Role::SocialInsuranceOfficer], identity(10)),
				(CIVIL_OFFICER, CIVIL, vec![Role::CivilAffairsOfficer], identity(11)),
				(INSPECTOR, CIVIL, vec![Role::DemocraticReviewMember], identity(12)),
			],
			review_seats: vec![(CIVIL, CIVIL_SEATS)],
			request_cost: self.request_cost,
			quotas: self.quotas,
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

/// Advances to block `n`, recording the hash of each block left ([`block_hash`]), running the
/// pallet's hooks and moving the clock on 3 s per block.
pub fn run_to_block(n: u64) {
	while System::block_number() < n {
		let done = System::block_number();
		frame_system::BlockHash::<Test>::insert(done, block_hash(done));
		System::set_block_number(done + 1);
		Timestamp::set_timestamp(pallet_timestamp::Now::<Test>::get() + 3000);
		Registration::on_initialize(done + 1);
	}
}
