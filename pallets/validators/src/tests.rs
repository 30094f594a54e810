//! Unit tests: only governance changes the set, every refusal is named, and a session boundary
//! queues the administrators of the admitted agencies only when they changed.

use crate::{
	mock::*, session::SessionByLength, Error, Event, Queued, SessionLength,
	Validators as ValidatorSet,
};
use frame_support::{
	assert_noop, assert_ok,
	traits::{EstimateNextSessionRotation, Hooks},
};
use pallet_session::{SessionManager, ShouldEndSession};
use sp_runtime::{DispatchError, Permill};

fn last_event() -> RuntimeEvent {
	System::events().pop().expect("an event").event
}

#[test]
fn genesis_queues_the_admitted_administrators() {
	build_and_execute(|| {
		assert_eq!(ValidatorSet::<Test>::get().into_inner(), vec![0, 1]);
		assert_eq!(Queued::<Test>::get().into_inner(), vec![admin(0), admin(1)]);
		assert_eq!(SessionLength::<Test>::get(), 10);
	});
}

#[test]
fn the_council_admits_an_agency_with_keys() {
	build_and_execute(|| {
		set_keys(admin(2));
		assert_ok!(Validators::add_validator(RuntimeOrigin::root(), 2));
		assert_eq!(
			last_event(),
			RuntimeEvent::Validators(Event::ValidatorAdded { agency: 2, account: admin(2) })
		);
		assert_eq!(ValidatorSet::<Test>::get().into_inner(), vec![0, 1, 2]);
	});
}

#[test]
fn only_governance_changes_the_set() {
	build_and_execute(|| {
		set_keys(admin(2));
		assert_noop!(
			Validators::add_validator(RuntimeOrigin::signed(admin(2)), 2),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Validators::remove_validator(RuntimeOrigin::signed(admin(0)), 1),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Validators::set_session_length(RuntimeOrigin::signed(admin(0)), 20),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn admission_refusals_are_named() {
	build_and_execute(|| {
		assert_noop!(
			Validators::add_validator(RuntimeOrigin::root(), AGENCIES),
			Error::<Test>::UnknownAgency
		);
		assert_noop!(
			Validators::add_validator(RuntimeOrigin::root(), 1),
			Error::<Test>::AlreadyValidator
		);
		assert_noop!(
			Validators::add_validator(RuntimeOrigin::root(), 2),
			Error::<Test>::NoSessionKeys
		);
		for agency in 2..4 {
			set_keys(admin(agency));
			assert_ok!(Validators::add_validator(RuntimeOrigin::root(), agency));
		}
		set_keys(admin(4));
		assert_noop!(
			Validators::add_validator(RuntimeOrigin::root(), 4),
			Error::<Test>::TooManyValidators
		);
	});
}

#[test]
fn the_council_retires_a_validator_but_never_the_last() {
	build_and_execute(|| {
		assert_noop!(
			Validators::remove_validator(RuntimeOrigin::root(), 3),
			Error::<Test>::NotValidator
		);
		assert_ok!(Validators::remove_validator(RuntimeOrigin::root(), 0));
		assert_eq!(last_event(), RuntimeEvent::Validators(Event::ValidatorRemoved { agency: 0 }));
		assert_eq!(ValidatorSet::<Test>::get().into_inner(), vec![1]);
		assert_noop!(
			Validators::remove_validator(RuntimeOrigin::root(), 1),
			Error::<Test>::LastValidator
		);
	});
}

#[test]
fn a_boundary_queues_only_a_changed_set() {
	build_and_execute(|| {
		assert_eq!(Validators::new_session(1), None, "nothing changed since genesis");
		set_keys(admin(2));
		assert_ok!(Validators::add_validator(RuntimeOrigin::root(), 2));
		assert_eq!(Validators::new_session(2), Some(vec![admin(0), admin(1), admin(2)]));
		assert_eq!(
			last_event(),
			RuntimeEvent::Validators(Event::ValidatorsQueued {
				session: 2,
				validators: vec![admin(0), admin(1), admin(2)]
			})
		);
		assert_eq!(Validators::new_session(3), None, "queued once");
		assert_ok!(Validators::remove_validator(RuntimeOrigin::root(), 0));
		assert_eq!(Validators::new_session(4), Some(vec![admin(1), admin(2)]));
	});
}

#[test]
fn an_agency_removed_from_the_registry_drops_out_but_the_set_never_empties() {
	build_and_execute(|| {
		remove_agency(0);
		assert_eq!(Validators::new_session(1), Some(vec![admin(1)]));
		remove_agency(1);
		assert_eq!(Validators::new_session(2), None, "no agency left: the set stays");
		assert_eq!(Queued::<Test>::get().into_inner(), vec![admin(1)]);
	});
}

#[test]
fn an_administrator_without_keys_drops_out_but_the_set_never_empties() {
	build_and_execute(|| {
		purge_keys(admin(0));
		assert_eq!(Validators::new_session(1), Some(vec![admin(1)]));
		purge_keys(admin(1));
		assert_eq!(Validators::new_session(2), None, "nobody with keys: the set stays");
		set_keys(admin(0));
		set_keys(admin(1));
		assert_eq!(Validators::new_session(3), Some(vec![admin(0), admin(1)]));
	});
}

#[test]
fn the_council_sets_the_session_length_within_bounds() {
	build_and_execute(|| {
		assert_noop!(
			Validators::set_session_length(RuntimeOrigin::root(), 4),
			Error::<Test>::SessionLengthOutOfBounds
		);
		assert_noop!(
			Validators::set_session_length(RuntimeOrigin::root(), 1_001),
			Error::<Test>::SessionLengthOutOfBounds
		);
		assert_ok!(Validators::set_session_length(RuntimeOrigin::root(), 20));
		assert_eq!(last_event(), RuntimeEvent::Validators(Event::SessionLengthSet { blocks: 20 }));
		assert_eq!(SessionLength::<Test>::get(), 20);
	});
}

#[test]
fn sessions_end_at_multiples_of_the_length() {
	build_and_execute(|| {
		type Sessions = SessionByLength<Test>;
		assert!(!Sessions::should_end_session(0));
		assert!(!Sessions::should_end_session(9));
		assert!(Sessions::should_end_session(10));
		assert!(Sessions::should_end_session(30));
		assert_eq!(Sessions::average_session_length(), 10);
		assert_eq!(Sessions::estimate_next_session_rotation(13).0, Some(20));
		assert_eq!(
			Sessions::estimate_current_session_progress(14).0,
			Some(Permill::from_percent(50))
		);
	});
}

#[test]
fn try_state_catches_an_empty_set() {
	new_test_ext().execute_with(|| {
		ValidatorSet::<Test>::kill();
		assert!(Validators::do_try_state().is_err());
		Validators::on_finalize(1);
	});
}
