//! Unit tests: schedules pay on time, miss into arrears, settle, suspend, resume, re-rate and end
//! with their case; a removed agency's schedules stop; work per block stays bounded.

use crate::{mock::*, pallet::*, types::*, Error, Event};
use frame_support::{assert_noop, assert_ok, traits::Hooks};
use safetynet_primitives::cases::{AgencyFunds, CasePayments, PaymentKind, PaymentSchedules};

const PERIOD: u64 = 10;

fn free(who: AccountId) -> u64 {
	Balances::free_balance(who)
}

fn start(
	case: u64,
	kind: PaymentKind,
	citizen: AccountId,
	amount: u64,
	first_due: u64,
) -> Result<u64, sp_runtime::DispatchError> {
	<Payments as PaymentSchedules<_, _, _>>::start(
		case,
		kind,
		citizen,
		FUND_AGENCY,
		amount,
		PERIOD,
		first_due,
	)
}

fn start_premium(case: u64, payer: AccountId, amount: u64, first_due: u64) -> u64 {
	start(case, PaymentKind::Premium, payer, amount, first_due).unwrap()
}

fn status(id: u64) -> ScheduleStatus {
	Schedules::<Test>::get(id).unwrap().status
}

#[test]
fn fund_accounts_derive_from_the_agency_id() {
	use sp_runtime::traits::AccountIdConversion;
	build_and_execute(|| {
		assert_eq!(Payments::fund_account(FUND_AGENCY), fund());
		// With the runtime's 32-byte accounts every agency gets its own fund. (The mock's u64
		// accounts are too short to hold the agency id.)
		let id = <Test as crate::Config>::FundsPalletId::get();
		let a: sp_runtime::AccountId32 = id.into_sub_account_truncating(1u32);
		let b: sp_runtime::AccountId32 = id.into_sub_account_truncating(2u32);
		assert_ne!(a, b);
	});
}

#[test]
fn a_first_payment_due_now_is_made_now() {
	build_and_execute(|| {
		let fund_before = free(fund());
		let id = start_premium(7, INSURED, 100, 1);
		System::assert_has_event(
			Event::PaymentMade {
				schedule: id,
				case: 7,
				seq: 0,
				payer: INSURED,
				payee: fund(),
				amount: 100,
			}
			.into(),
		);
		assert_eq!(free(INSURED), 900);
		assert_eq!(free(fund()), fund_before + 100);
		let schedule = Schedules::<Test>::get(id).unwrap();
		assert_eq!(schedule.next_due, Some(1 + PERIOD));
		assert_eq!((schedule.due_count, schedule.agency), (1, FUND_AGENCY));
		assert_eq!(Records::<Test>::get(id, 0).unwrap().outcome, PaymentOutcome::Paid);
		assert_eq!(ScheduleOf::<Test>::get(7), Some(id));
	});
}

#[test]
fn benefits_fall_due_every_period_from_the_fund() {
	build_and_execute(|| {
		let id = start(9, PaymentKind::Benefit, BENEFICIARY, 50, 5).unwrap();
		System::assert_last_event(
			Event::ScheduleStarted {
				schedule: id,
				case: 9,
				kind: PaymentKind::Benefit,
				payer: fund(),
				payee: BENEFICIARY,
				amount: 50,
				period: PERIOD,
			}
			.into(),
		);
		run_to_block(4);
		assert_eq!(free(BENEFICIARY), 1);
		run_to_block(5);
		assert_eq!(free(BENEFICIARY), 51);
		run_to_block(25);
		assert_eq!(free(BENEFICIARY), 151);
		assert_eq!(Schedules::<Test>::get(id).unwrap().due_count, 3);
	});
}

#[test]
fn a_case_has_one_live_schedule() {
	build_and_execute(|| {
		start_premium(7, INSURED, 100, 5);
		assert_noop!(start(7, PaymentKind::Premium, INSURED, 1, 5), Error::<Test>::CaseHasSchedule);
		<Payments as CasePayments>::end(7);
		assert_ok!(start(7, PaymentKind::Premium, INSURED, 1, 5));
	});
}

#[test]
fn missed_payments_become_arrears_and_can_be_settled() {
	build_and_execute(|| {
		let id = start_premium(7, POOR, 100, 1);
		System::assert_has_event(
			Event::ArrearsRecorded { schedule: id, case: 7, seq: 0, owed: 100 }.into(),
		);
		assert_eq!(Records::<Test>::get(id, 0).unwrap().outcome, PaymentOutcome::Missed);
		run_to_block(1 + PERIOD);
		assert_eq!(Schedules::<Test>::get(id).unwrap().arrears, 200);
		assert_noop!(
			Payments::settle_arrears(RuntimeOrigin::signed(BENEFICIARY), id),
			Error::<Test>::CannotPayArrears
		);
		assert_ok!(Balances::force_set_balance(RuntimeOrigin::root(), POOR, 500));
		assert_ok!(Payments::settle_arrears(RuntimeOrigin::signed(BENEFICIARY), id));
		System::assert_last_event(
			Event::ArrearsSettled { schedule: id, case: 7, amount: 200 }.into(),
		);
		assert_eq!(free(POOR), 300);
		assert_noop!(
			Payments::settle_arrears(RuntimeOrigin::signed(POOR), id),
			Error::<Test>::NoArrears
		);
		assert_noop!(
			Payments::settle_arrears(RuntimeOrigin::signed(POOR), 99),
			Error::<Test>::UnknownSchedule
		);
	});
}

#[test]
fn only_the_latest_records_are_kept() {
	build_and_execute(|| {
		let id = start_premium(7, INSURED, 10, 1);
		run_to_block(1 + 4 * PERIOD);
		assert_eq!(Schedules::<Test>::get(id).unwrap().due_count, 5);
		// Three kept: sequence numbers 2, 3, 4 in slots 2, 0, 1.
		let mut seqs: Vec<u32> = Records::<Test>::iter_prefix(id).map(|(_, r)| r.seq).collect();
		seqs.sort();
		assert_eq!(seqs, vec![2, 3, 4]);
	});
}

#[test]
fn the_case_suspends_resumes_and_ends_its_schedule_and_services_re_rate_it() {
	build_and_execute(|| {
		let id = start_premium(7, INSURED, 100, 1);
		assert_ok!(<Payments as CasePayments>::suspend(7));
		System::assert_last_event(
			Event::ScheduleSuspended {
				schedule: id,
				case: 7,
				reason: SuspensionReason::CaseSuspended,
			}
			.into(),
		);
		// Suspending again, or a case without payments, changes nothing.
		assert_ok!(<Payments as CasePayments>::suspend(7));
		assert_ok!(<Payments as CasePayments>::suspend(99));
		run_to_block(1 + PERIOD);
		assert_eq!(free(INSURED), 900, "nothing is paid while suspended");

		assert_ok!(<Payments as CasePayments>::resume(7));
		System::assert_last_event(
			Event::ScheduleResumed { schedule: id, next_due: 1 + 2 * PERIOD }.into(),
		);
		assert_ok!(<Payments as CasePayments>::resume(7));
		assert_eq!(status(id), ScheduleStatus::Active);

		assert_ok!(<Payments as PaymentSchedules<_, _, _>>::set_amount(7, 40));
		System::assert_last_event(Event::AmountChanged { schedule: id, amount: 40 }.into());
		run_to_block(1 + 2 * PERIOD);
		assert_eq!(free(INSURED), 860);

		<Payments as CasePayments>::end(7);
		System::assert_last_event(Event::ScheduleEnded { schedule: id }.into());
		let events = System::events().len();
		<Payments as CasePayments>::end(7);
		assert_eq!(System::events().len(), events, "ending twice is a no-op");
		run_to_block(1 + 4 * PERIOD);
		assert_eq!(free(INSURED), 860);
		assert_ok!(<Payments as CasePayments>::resume(7));
		assert_eq!(status(id), ScheduleStatus::Ended);
		assert_noop!(
			<Payments as PaymentSchedules<_, _, _>>::set_amount(7, 1),
			Error::<Test>::ScheduleEnded
		);
		assert_noop!(
			<Payments as PaymentSchedules<_, _, _>>::set_amount(99, 1),
			Error::<Test>::NoSchedule
		);
	});
}

#[test]
fn a_removed_agencys_schedules_stop_when_they_next_fall_due() {
	build_and_execute(|| {
		let id = start(9, PaymentKind::Benefit, BENEFICIARY, 50, 5).unwrap();
		ExistingAgencies::set(vec![]);
		run_to_block(5);
		assert_eq!(free(BENEFICIARY), 1, "a removed agency's fund pays nothing");
		System::assert_last_event(
			Event::ScheduleSuspended {
				schedule: id,
				case: 9,
				reason: SuspensionReason::AgencyRemoved,
			}
			.into(),
		);
		assert_eq!(status(id), ScheduleStatus::Suspended);
		assert!(DueAt::<Test>::iter().all(|(_, bucket)| !bucket.contains(&id)));
	});
}

#[test]
fn arrears_of_ended_schedules_and_removed_agencies_are_not_settled() {
	build_and_execute(|| {
		let ended = start_premium(7, POOR, 100, 1);
		let removed = start_premium(8, POOR, 100, 1);
		assert_ok!(Balances::force_set_balance(RuntimeOrigin::root(), POOR, 500));
		<Payments as CasePayments>::end(7);
		assert_noop!(
			Payments::settle_arrears(RuntimeOrigin::signed(POOR), ended),
			Error::<Test>::ScheduleEnded
		);
		ExistingAgencies::set(vec![]);
		assert_noop!(
			Payments::settle_arrears(RuntimeOrigin::signed(POOR), removed),
			Error::<Test>::AgencyRemoved
		);
	});
}

/// The bucket of the block being paid is taken before a removed agency's schedule is stopped:
/// stopping it must not write that bucket back, empty (`try_state` checks none is kept).
#[test]
fn stopping_a_schedule_as_it_falls_due_leaves_no_empty_bucket() {
	build_and_execute(|| {
		start(9, PaymentKind::Benefit, BENEFICIARY, 50, 5).unwrap();
		ExistingAgencies::set(vec![]);
		run_to_block(5);
		assert!(!DueAt::<Test>::contains_key(5));
		assert_eq!(DueAt::<Test>::iter().count(), 0);
	});
}

#[test]
fn zero_periods_are_refused() {
	build_and_execute(|| {
		assert_noop!(
			<Payments as PaymentSchedules<_, _, _>>::start(
				1,
				PaymentKind::Premium,
				INSURED,
				FUND_AGENCY,
				1,
				0,
				5
			),
			Error::<Test>::ZeroPeriod
		);
	});
}

#[test]
fn a_full_block_pushes_payments_to_the_next() {
	build_and_execute(|| {
		let ids: Vec<u64> = (0..3).map(|case| start_premium(case, INSURED, 1, 5)).collect();
		assert_eq!(DueAt::<Test>::get(5).len(), 2);
		assert_eq!(Schedules::<Test>::get(ids[2]).unwrap().next_due, Some(6));
		// A whole run of full blocks refuses new schedules rather than overload one.
		for case in 3..6 {
			start_premium(case, INSURED, 1, 6);
		}
		assert_noop!(start(10, PaymentKind::Premium, INSURED, 1, 5), Error::<Test>::DueQueueFull);
	});
}

#[test]
fn a_schedule_left_without_a_slot_is_suspended() {
	build_and_execute(|| {
		// Fill blocks 21 and 22 (MaxDuePerBlock is 2) so the first schedule's payment after
		// block 11's finds no room.
		let id = start_premium(1, INSURED, 1, 1);
		for case in 2..6 {
			start_premium(case, INSURED, 1, 21);
		}
		run_to_block(11);
		System::assert_has_event(
			Event::ScheduleSuspended { schedule: id, case: 1, reason: SuspensionReason::NoSlot }
				.into(),
		);
		let _ = Payments::on_initialize(12);
	});
}

#[test]
fn schedule_ids_never_wrap() {
	build_and_execute(|| {
		NextScheduleId::<Test>::put(u64::MAX);
		assert_noop!(
			start(1, PaymentKind::Premium, INSURED, 100, 10),
			Error::<Test>::ScheduleIdsExhausted
		);
		NextScheduleId::<Test>::put(0);
	});
}
