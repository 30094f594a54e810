//! A minimal runtime for the validators pallet's tests: agencies 0 to 5 administered by accounts
//! 100 to 105, of which those in `KEYED` have set session keys; root governs.

use crate as pallet_validators;
use core::cell::RefCell;
use frame_support::{derive_impl, parameter_types};
use safetynet_primitives::AgencyId;
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Validators: pallet_validators,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

/// Agencies that exist: 0 to 5, unless removed by a test.
pub const AGENCIES: u32 = 6;

thread_local! {
	static REMOVED: RefCell<Vec<AgencyId>> = const { RefCell::new(Vec::new()) };
	static KEYED: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
}

/// The administrator of `agency`.
pub fn admin(agency: AgencyId) -> u64 {
	100 + agency as u64
}

/// Removes `agency` from the registry, as the council's `remove_agency` does.
pub fn remove_agency(agency: AgencyId) {
	REMOVED.with(|r| r.borrow_mut().push(agency));
}

/// `who` registers session keys.
pub fn set_keys(who: u64) {
	KEYED.with(|k| k.borrow_mut().push(who));
}

/// `who` purges their session keys.
pub fn purge_keys(who: u64) {
	KEYED.with(|k| k.borrow_mut().retain(|w| *w != who));
}

pub struct Registry;
impl crate::AgencyAdmins<u64> for Registry {
	fn admin(agency: AgencyId) -> Option<u64> {
		let removed = REMOVED.with(|r| r.borrow().contains(&agency));
		(agency < AGENCIES && !removed).then(|| admin(agency))
	}
}

pub struct Keys;
impl crate::HasSessionKeys<u64> for Keys {
	fn has_keys(who: &u64) -> bool {
		KEYED.with(|k| k.borrow().contains(who))
	}
}

parameter_types! {
	pub const MaxValidators: u32 = 4;
	pub const MinSessionLength: u64 = 5;
	pub const MaxSessionLength: u64 = 1_000;
}

impl pallet_validators::Config for Test {
	type Agencies = Registry;
	type SessionKeys = Keys;
	type GovernanceOrigin = frame_system::EnsureRoot<u64>;
	type MaxValidators = MaxValidators;
	type MinSessionLength = MinSessionLength;
	type MaxSessionLength = MaxSessionLength;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkHelper;
}

/// Benchmark agencies: the mock's agencies, keyed on demand.
#[cfg(feature = "runtime-benchmarks")]
pub struct BenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::benchmarking::BenchmarkHelper for BenchmarkHelper {
	fn keyed_agency(i: u32) -> AgencyId {
		let agency = i % AGENCIES;
		set_keys(admin(agency));
		agency
	}
}

/// Genesis: agencies 0 and 1 validate (their administrators hold keys), sessions of 10 blocks.
pub fn new_test_ext() -> sp_io::TestExternalities {
	REMOVED.with(|r| r.borrow_mut().clear());
	KEYED.with(|k| *k.borrow_mut() = vec![admin(0), admin(1)]);
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_validators::GenesisConfig::<Test> { validators: vec![0, 1], session_length: 10 }
		.assimilate_storage(&mut storage)
		.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		// What pallet_session's genesis does: take the first set.
		use pallet_session::SessionManager;
		Validators::new_session_genesis(0);
	});
	ext
}

/// Runs `test`, then checks the pallet's invariants, as every pallet's tests do.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Validators::do_try_state().expect("validators invariants hold");
	});
}
