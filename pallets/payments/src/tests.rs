//! Unit tests: schedules pay on time, miss into arrears, settle, suspend, resume, re-rate, end;
//! work per block stays bounded.

use crate::{mock::*, pallet::*, types::*, Error, Event};
use frame_support::{assert_noop, assert_ok};
use safetynet_primitives::cases::{AgencyFunds, PaymentKind, PaymentSchedules};

const PERIOD: u64 = 10;

fn free(who: AccountId) -> u64 {
	Balances::free_balance(who)
}

fn start_premium(payer: AccountId, amount: u64, first_due: u64) -> u64 {
	<Payments as PaymentSchedules<_, _, _>>::start(7, PaymentKind::Premium, payer, fund(), amount, PERIOD, first_due)
		.unwrap()
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
		let id = start_premium(INSURED, 100, 1);
		System::assert_has_event(
			Event::PaymentMade { schedule: id, case: 7, seq: 0, payer: INSURED, payee: fund(), amount: 100 }.into(),
		);
		assert_eq!(free(INSURED), 900);
		assert_eq!(free(fund()), fund_before + 100);
		let schedule = Schedules::<Test>::get(id).unwrap();
		assert_eq!(schedule.next_due, Some(1 + PERIOD));
		assert_eq!(schedule.due_count, 1);
		assert_eq!(Records::<Test>::get(id, 0).unwrap().outcome, PaymentOutcome::Paid);
	});
}

#[test]
fn payments_fall_due_every_period() {
	build_and_execute(|| {
		let id = <Payments as PaymentSchedules<_, _, _>>::start(
			9,
			PaymentKind::Benefit,
			fund(),
			BENEFICIARY,
			50,
			PERIOD,
			5,
		)
		.unwrap();
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
fn missed_payments_become_arrears_and_can_be_settled() {
	build_and_execute(|| {
		let id = start_premium(POOR, 100, 1);
		System::assert_has_event(Event::ArrearsRecorded { schedule: id, case: 7, seq: 0, owed: 100 }.into());
		assert_eq!(Records::<Test>::get(id, 0).unwrap().outcome, PaymentOutcome::Missed);
		run_to_block(1 + PERIOD);
		assert_eq!(Schedules::<Test>::get(id).unwrap().arrears, 200);
		assert_noop!(Payments::settle_arrears(RuntimeOrigin::signed(BENEFICIARY), id), Error::<Test>::CannotPayArrears);
		assert_ok!(Balances::force_set_balance(RuntimeOrigin::root(), POOR, 500));
		assert_ok!(Payments::settle_arrears(RuntimeOrigin::signed(BENEFICIARY), id));
		System::assert_last_event(Event::ArrearsSettled { schedule: id, case: 7, amount: 200 }.into());
		assert_eq!(free(POOR), 300);
		assert_noop!(Payments::settle_arrears(RuntimeOrigin::signed(POOR), id), Error::<Test>::NoArrears);
		assert_noop!(Payments::settle_arrears(RuntimeOrigin::signed(POOR), 99), Error::<Test>::UnknownSchedule);
	});
}

#[test]
fn only_the_latest_records_are_kept() {
	build_and_execute(|| {
		let id = start_premium(INSURED, 10, 1);
		run_to_block(1 + 4 * PERIOD);
		assert_eq!(Schedules::<Test>::get(id).unwrap().due_count, 5);
		// Three kept: sequence numbers 2, 3, 4 in slots 2, 0, 1.
		let mut seqs: Vec<u32> = Records::<Test>::iter_prefix(id).map(|(_, r)| r.seq).collect();
		seqs.sort();
		assert_eq!(seqs, vec![2, 3, 4]);
	});
}

#[test]
fn suspend_resume_set_amount_and_end() {
	build_and_execute(|| {
		let id = start_premium(INSURED, 100, 1);
		assert_ok!(<Payments as PaymentSchedules<_, _, _>>::suspend(id));
		System::assert_last_event(Event::ScheduleSuspended { schedule: id }.into());
		assert_noop!(<Payments as PaymentSchedules<_, _, _>>::suspend(id), Error::<Test>::NotActive);
		run_to_block(1 + PERIOD);
		assert_eq!(free(INSURED), 900, "nothing is paid while suspended");

		assert_ok!(<Payments as PaymentSchedules<_, _, _>>::resume(id));
		System::assert_last_event(Event::ScheduleResumed { schedule: id, next_due: 1 + 2 * PERIOD }.into());
		assert_noop!(<Payments as PaymentSchedules<_, _, _>>::resume(id), Error::<Test>::NotSuspended);

		assert_ok!(<Payments as PaymentSchedules<_, _, _>>::set_amount(id, 40));
		System::assert_last_event(Event::AmountChanged { schedule: id, amount: 40 }.into());
		run_to_block(1 + 2 * PERIOD);
		assert_eq!(free(INSURED), 860);

		assert_ok!(<Payments as PaymentSchedules<_, _, _>>::end(id));
		System::assert_last_event(Event::ScheduleEnded { schedule: id }.into());
		run_to_block(1 + 4 * PERIOD);
		assert_eq!(free(INSURED), 860);
		assert_noop!(<Payments as PaymentSchedules<_, _, _>>::resume(id), Error::<Test>::ScheduleEnded);
		assert_noop!(<Payments as PaymentSchedules<_, _, _>>::set_amount(id, 1), Error::<Test>::ScheduleEnded);
		assert_noop!(<Payments as PaymentSchedules<_, _, _>>::end(id), Error::<Test>::ScheduleEnded);
		assert_noop!(<Payments as PaymentSchedules<_, _, _>>::end(99), Error::<Test>::UnknownSchedule);
	});
}

#[test]
fn zero_periods_are_refused() {
	build_and_execute(|| {
		assert_noop!(
			<Payments as PaymentSchedules<_, _, _>>::start(1, PaymentKind::Premium, INSURED, fund(), 1, 0, 5),
			Error::<Test>::ZeroPeriod
		);
	});
}

#[test]
fn a_full_block_pushes_payments_to_the_next() {
	build_and_execute(|| {
		let ids: Vec<u64> = (0..3).map(|_| start_premium(INSURED, 1, 5)).collect();
		assert_eq!(DueAt::<Test>::get(5).len(), 2);
		assert_eq!(Schedules::<Test>::get(ids[2]).unwrap().next_due, Some(6));
		// A whole run of full blocks refuses new schedules rather than overload one.
		for _ in 0..3 {
			start_premium(INSURED, 1, 6);
		}
		assert_noop!(
			<Payments as PaymentSchedules<_, _, _>>::start(1, PaymentKind::Premium, INSURED, fund(), 1, PERIOD, 5),
			Error::<Test>::DueQueueFull
		);
	});
}
