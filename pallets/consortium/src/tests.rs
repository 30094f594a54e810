//! Unit tests: the council acts as root only with two thirds of the seats.

use crate::{mock::*, Event};
use codec::Encode;
use frame_support::{assert_noop, assert_ok, dispatch::GetDispatchInfo};
use sp_runtime::{traits::Hash, DispatchError};

/// A root-only call to dispatch: set a storage item.
fn root_only_call() -> RuntimeCall {
	RuntimeCall::System(frame_system::Call::set_storage {
		items: vec![(b"consortium-test".to_vec(), b"set".to_vec())],
	})
}

fn wrapped(call: RuntimeCall) -> RuntimeCall {
	RuntimeCall::Consortium(crate::Call::dispatch_as_root { call: Box::new(call) })
}

/// Proposes `proposal` as member 1 with a threshold of `ayes.len()`, gets those ayes (the rest
/// vote nay), and closes the motion: it executes with origin `Members(ayes, 3)`.
fn pass_motion(proposal: RuntimeCall, ayes: &[u64]) {
	let hash = <Test as frame_system::Config>::Hashing::hash_of(&proposal);
	let len = proposal.encode().len() as u32;
	let weight = proposal.get_dispatch_info().call_weight;
	assert_ok!(Council::propose(
		RuntimeOrigin::signed(1),
		ayes.len() as u32,
		Box::new(proposal),
		len
	));
	for who in ayes {
		assert_ok!(Council::vote(RuntimeOrigin::signed(*who), hash, 0, true));
	}
	for who in [1u64, 2, 3].iter().filter(|w| !ayes.contains(w)) {
		assert_ok!(Council::vote(RuntimeOrigin::signed(*who), hash, 0, false));
	}
	assert_ok!(Council::close(RuntimeOrigin::signed(1), hash, 0, weight * 2, len));
}

#[test]
fn dispatch_as_root_works_with_two_thirds_of_the_council() {
	build_and_execute(|| {
		pass_motion(wrapped(root_only_call()), &[1, 2]);
		System::assert_has_event(Event::DispatchedAsRoot { result: Ok(()) }.into());
		assert_eq!(
			sp_io::storage::get(b"consortium-test").map(|v| v.to_vec()),
			Some(b"set".to_vec())
		);
	});
}

#[test]
fn dispatch_as_root_records_the_inner_calls_failure() {
	build_and_execute(|| {
		// Root is not the council, so a nested `dispatch_as_root` fails as root.
		let failing = wrapped(root_only_call());
		pass_motion(wrapped(failing), &[1, 2, 3]);
		System::assert_has_event(
			Event::DispatchedAsRoot { result: Err(DispatchError::BadOrigin) }.into(),
		);
		assert!(sp_io::storage::get(b"consortium-test").is_none());
	});
}

#[test]
fn dispatch_as_root_fails_for_a_single_member_or_a_minority() {
	build_and_execute(|| {
		assert_noop!(
			Consortium::dispatch_as_root(RuntimeOrigin::signed(1), Box::new(root_only_call())),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Consortium::dispatch_as_root(RuntimeOrigin::root(), Box::new(root_only_call())),
			DispatchError::BadOrigin
		);
		// A motion carried by one of three members (threshold 1 executes at once) reaches the
		// pallet, which refuses it.
		let proposal = wrapped(root_only_call());
		let len = proposal.encode().len() as u32;
		assert_ok!(Council::propose(RuntimeOrigin::signed(1), 1, Box::new(proposal), len));
		System::assert_has_event(
			pallet_collective::Event::Executed {
				proposal_hash: <Test as frame_system::Config>::Hashing::hash_of(&wrapped(
					root_only_call(),
				)),
				result: Err(DispatchError::BadOrigin),
			}
			.into(),
		);
		assert!(sp_io::storage::get(b"consortium-test").is_none());
		assert!(!System::events()
			.iter()
			.any(|r| matches!(r.event, RuntimeEvent::Consortium(Event::DispatchedAsRoot { .. }))));
	});
}
