//! A minimal runtime for the payments pallet's tests, with real balances.

use crate as pallet_payments;
use frame_support::{derive_impl, parameter_types, traits::Hooks, PalletId};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Payments: pallet_payments,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
}

parameter_types! {
	pub const FundsPalletId: PalletId = PalletId(*b"sn/funds");
	/// The agencies that exist (a test removes one).
	pub static ExistingAgencies: Vec<u32> = vec![FUND_AGENCY];
	pub static MaxDuePerBlock: u32 = 2;
	pub static RecordsKept: u32 = 3;
}

impl pallet_payments::Config for Test {
	type Currency = Balances;
	type FundsPalletId = FundsPalletId;
	type Agencies = AgencyList;
	type MaxDuePerBlock = MaxDuePerBlock;
	type RecordsKept = RecordsKept;
	type WeightInfo = ();
}

/// The agencies in [`ExistingAgencies`].
pub struct AgencyList;
impl frame_support::traits::Contains<u32> for AgencyList {
	fn contains(agency: &u32) -> bool {
		ExistingAgencies::get().contains(agency)
	}
}

pub const INSURED: AccountId = 1;
pub const BENEFICIARY: AccountId = 2;
pub const POOR: AccountId = 3;
pub const FUND_AGENCY: u32 = 7;

pub fn fund() -> AccountId {
	Payments::fund_of(FUND_AGENCY)
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![(INSURED, 1_000), (POOR, 10), (BENEFICIARY, 1), (fund(), 10_000)],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` and checks the pallet's invariants after it.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Payments::do_try_state().expect("invariants hold");
	});
}

pub fn run_to_block(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Payments::on_initialize(next);
	}
}
