//! Unit tests: governance sets valid parameters, with an event and a new version; nothing else
//! does, and invalid ones are refused. The pallet is tested with a minimal runtime of its own.

use crate as pallet_service_parameters;
use crate::{Current, Error, Event, Parameters, Version};
use frame_support::{assert_noop, assert_ok, derive_impl, traits::Get};
use safetynet_primitives::kit::{RuleVersion, Validate};
use sp_runtime::{BuildStorage, DispatchError};

/// A service's parameters: a line that must be positive.
#[derive(
	Clone,
	Debug,
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
pub struct Line(pub u32);

impl Validate for Line {
	fn is_valid(&self) -> bool {
		self.0 > 0
	}
}

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Params: pallet_service_parameters,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

frame_support::parameter_types! {
	pub const ExampleLine: Line = Line(5);
}

impl pallet_service_parameters::Config for Test {
	type Params = Line;
	type GovernanceOrigin = frame_system::EnsureRoot<u64>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkParams = ExampleLine;
}

fn ext(genesis: Option<Line>) -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_service_parameters::GenesisConfig::<Test> { parameters: genesis, ..Default::default() }
		.assimilate_storage(&mut storage)
		.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

fn run(genesis: Option<Line>, test: impl FnOnce()) {
	ext(genesis).execute_with(|| {
		test();
		Params::do_try_state().expect("invariants hold");
	});
}

#[test]
fn genesis_sets_the_first_version() {
	run(Some(Line(3)), || {
		assert_eq!(Parameters::<Test>::get(), Some(Line(3)));
		assert_eq!(<Current<Test> as Get<Option<Line>>>::get(), Some(Line(3)));
		assert_eq!(<Current<Test> as RuleVersion>::rule_version(), 1);
	});
	run(None, || {
		assert_eq!(<Current<Test> as Get<Option<Line>>>::get(), None);
		assert_eq!(Version::<Test>::get(), 0);
	});
}

#[test]
fn set_works_and_bumps_the_version() {
	run(Some(Line(3)), || {
		assert_ok!(Params::set(RuntimeOrigin::root(), Line(7)));
		System::assert_last_event(Event::ParametersSet { parameters: Line(7), version: 2 }.into());
		assert_eq!(Parameters::<Test>::get(), Some(Line(7)));
		assert_eq!(<Current<Test> as RuleVersion>::rule_version(), 2);
	});
}

#[test]
fn set_fails_for_non_governance_and_invalid_parameters() {
	run(None, || {
		assert_noop!(Params::set(RuntimeOrigin::signed(1), Line(7)), DispatchError::BadOrigin);
		assert_noop!(Params::set(RuntimeOrigin::root(), Line(0)), Error::<Test>::InvalidParameters);
	});
}

#[test]
#[should_panic(expected = "genesis service parameters must be valid")]
fn invalid_genesis_parameters_are_refused() {
	ext(Some(Line(0)));
}
