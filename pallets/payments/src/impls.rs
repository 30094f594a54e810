//! Paying, missing and settling payments; the [`PaymentSchedules`] and [`AgencyFunds`] views.

use crate::{pallet::*, types::*, WeightInfo};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{fungible::Mutate, tokens::Preservation, Contains},
};
use frame_system::pallet_prelude::BlockNumberFor;
use safetynet_primitives::{
	cases::{AgencyFunds, CaseId, CasePayments, PaymentKind, PaymentSchedules, ScheduleId},
	AgencyId,
};
use sp_runtime::traits::{One, Saturating, Zero};

impl<T: Config> Pallet<T> {
	/// The first block at or after `at` with room for one more payment.
	fn free_slot(at: BlockNumberFor<T>) -> Result<BlockNumberFor<T>, DispatchError> {
		let mut due = at;
		for _ in 0..T::MaxDuePerBlock::get() {
			if (DueAt::<T>::decode_len(due).unwrap_or(0) as u32) < T::MaxDuePerBlock::get() {
				return Ok(due);
			}
			due = due.saturating_add(One::one());
		}
		Err(Error::<T>::DueQueueFull.into())
	}

	/// Files `schedule` in the first block at or after `at` with room.
	fn file_due(
		schedule: ScheduleId,
		at: BlockNumberFor<T>,
	) -> Result<BlockNumberFor<T>, DispatchError> {
		let due = Self::free_slot(at)?;
		DueAt::<T>::try_mutate(due, |bucket| bucket.try_push(schedule))
			.map_err(|_| Error::<T>::DueQueueFull)?;
		Ok(due)
	}

	fn unfile_due(schedule: ScheduleId, due: Option<BlockNumberFor<T>>) {
		if let Some(due) = due {
			// `mutate_exists`: an emptied bucket is removed, not written back empty (the bucket of
			// the block being paid has already been taken, and must not reappear).
			DueAt::<T>::mutate_exists(due, |bucket| {
				if let Some(b) = bucket {
					b.retain(|s| *s != schedule);
					if b.is_empty() {
						*bucket = None;
					}
				}
			});
		}
	}

	/// Funds keep their account alive; a citizen's account is kept alive by their registration.
	fn preservation(kind: PaymentKind) -> Preservation {
		match kind {
			PaymentKind::Benefit => Preservation::Preserve,
			PaymentKind::Premium => Preservation::Expendable,
		}
	}

	/// Makes (or misses) the payment of `schedule` that falls due now, records it, and files
	/// the next one. Returns whether the money moved.
	fn pay(
		id: ScheduleId,
		schedule: &mut Schedule<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>,
	) -> bool {
		let now = frame_system::Pallet::<T>::block_number();
		let seq = schedule.due_count;
		schedule.due_count = seq.saturating_add(1);
		let paid = T::Currency::transfer(
			&schedule.payer,
			&schedule.payee,
			schedule.amount,
			Self::preservation(schedule.kind),
		)
		.is_ok();
		let outcome = if paid {
			Self::deposit_event(Event::<T>::PaymentMade {
				schedule: id,
				case: schedule.case,
				seq,
				payer: schedule.payer.clone(),
				payee: schedule.payee.clone(),
				amount: schedule.amount,
			});
			PaymentOutcome::Paid
		} else {
			schedule.arrears = schedule.arrears.saturating_add(schedule.amount);
			Self::deposit_event(Event::<T>::ArrearsRecorded {
				schedule: id,
				case: schedule.case,
				seq,
				owed: schedule.arrears,
			});
			PaymentOutcome::Missed
		};
		let kept = T::RecordsKept::get().max(1);
		Records::<T>::insert(
			id,
			seq % kept,
			PaymentRecord { seq, at: now, amount: schedule.amount, outcome },
		);
		paid
	}

	/// Pays what falls due in block `now`. Bounded by `MaxDuePerBlock`.
	pub(crate) fn pay_due(now: BlockNumberFor<T>) -> Weight {
		let due = DueAt::<T>::take(now);
		let count = due.len() as u32;
		for id in due {
			let Some(mut schedule) = Schedules::<T>::get(id) else { continue };
			if schedule.status != ScheduleStatus::Active || schedule.next_due != Some(now) {
				continue;
			}
			// A removed agency's fund neither pays nor collects any more.
			if !T::Agencies::contains(&schedule.agency) {
				Self::stop(id, &mut schedule, SuspensionReason::AgencyRemoved);
				Schedules::<T>::insert(id, schedule);
				continue;
			}
			Self::pay(id, &mut schedule);
			// If no slot is free for a whole run of blocks the schedule waits for a resume; the
			// event tells the officers.
			schedule.next_due = Self::file_due(id, now.saturating_add(schedule.period)).ok();
			if schedule.next_due.is_none() {
				Self::stop(id, &mut schedule, SuspensionReason::NoSlot);
			}
			Schedules::<T>::insert(id, schedule);
		}
		T::WeightInfo::on_initialize_pay(count)
	}

	/// Suspends `schedule` for `reason` (its next payment, if filed, is unfiled).
	fn stop(
		id: ScheduleId,
		schedule: &mut Schedule<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>,
		reason: SuspensionReason,
	) {
		Self::unfile_due(id, schedule.next_due.take());
		schedule.status = ScheduleStatus::Suspended;
		Self::deposit_event(Event::<T>::ScheduleSuspended {
			schedule: id,
			case: schedule.case,
			reason,
		});
	}

	pub(crate) fn do_settle_arrears(id: ScheduleId) -> DispatchResult {
		let mut schedule = Self::live(id)?;
		ensure!(T::Agencies::contains(&schedule.agency), Error::<T>::AgencyRemoved);
		ensure!(!schedule.arrears.is_zero(), Error::<T>::NoArrears);
		let amount = schedule.arrears;
		T::Currency::transfer(
			&schedule.payer,
			&schedule.payee,
			amount,
			Self::preservation(schedule.kind),
		)
		.map_err(|_| Error::<T>::CannotPayArrears)?;
		schedule.arrears = Zero::zero();
		let case = schedule.case;
		Schedules::<T>::insert(id, schedule);
		Self::deposit_event(Event::<T>::ArrearsSettled { schedule: id, case, amount });
		Ok(())
	}

	/// The schedule, or why it cannot be changed.
	fn live(
		id: ScheduleId,
	) -> Result<Schedule<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>, DispatchError> {
		let schedule = Schedules::<T>::get(id).ok_or(Error::<T>::UnknownSchedule)?;
		ensure!(schedule.status != ScheduleStatus::Ended, Error::<T>::ScheduleEnded);
		Ok(schedule)
	}

	/// The pallet's invariants: active schedules are filed for their next payment, others are
	/// not filed at all.
	///
	/// Always compiled: the service pallets' tests check it after every test.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		for (id, schedule) in Schedules::<T>::iter() {
			ensure!(id < NextScheduleId::<T>::get(), "schedule id above NextScheduleId");
			match (schedule.status, schedule.next_due) {
				(ScheduleStatus::Active, Some(due)) =>
					ensure!(DueAt::<T>::get(due).contains(&id), "active schedule not filed"),
				(ScheduleStatus::Active, None) => return Err("active schedule without due".into()),
				(_, Some(_)) => return Err("inactive schedule with a due date".into()),
				(_, None) => {},
			}
		}
		for (_, bucket) in DueAt::<T>::iter() {
			ensure!(!bucket.is_empty(), "an empty due bucket is kept in storage");
			for id in bucket {
				ensure!(Schedules::<T>::contains_key(id), "filed schedule missing");
			}
		}
		for (case, id) in ScheduleOf::<T>::iter() {
			let schedule = Schedules::<T>::get(id).ok_or("a case's schedule is missing")?;
			ensure!(schedule.case == case, "a case points at another case's schedule");
		}
		Ok(())
	}
}

impl<T: Config> PaymentSchedules<T::AccountId, BalanceOf<T>, BlockNumberFor<T>> for Pallet<T> {
	fn start(
		case: CaseId,
		kind: PaymentKind,
		citizen: T::AccountId,
		agency: AgencyId,
		amount: BalanceOf<T>,
		period: BlockNumberFor<T>,
		first_due: BlockNumberFor<T>,
	) -> Result<ScheduleId, DispatchError> {
		ensure!(!period.is_zero(), Error::<T>::ZeroPeriod);
		let live = ScheduleOf::<T>::get(case)
			.and_then(Schedules::<T>::get)
			.is_some_and(|s| s.status != ScheduleStatus::Ended);
		ensure!(!live, Error::<T>::CaseHasSchedule);
		let now = frame_system::Pallet::<T>::block_number();
		// A first payment due now (an insurance's first premium) is made now.
		let pay_first_now = first_due <= now;
		let next = if pay_first_now { now.saturating_add(period) } else { first_due };
		// Everything that can fail is checked before anything changes.
		let slot = Self::free_slot(next)?;
		let id = NextScheduleId::<T>::get();
		let following = id.checked_add(1).ok_or(Error::<T>::ScheduleIdsExhausted)?;

		NextScheduleId::<T>::put(following);
		let fund = Self::fund_of(agency);
		let (payer, payee) = match kind {
			PaymentKind::Premium => (citizen, fund),
			PaymentKind::Benefit => (fund, citizen),
		};
		let mut schedule = Schedule {
			case,
			kind,
			agency,
			payer: payer.clone(),
			payee: payee.clone(),
			amount,
			period,
			next_due: Some(slot),
			status: ScheduleStatus::Active,
			due_count: 0,
			arrears: Zero::zero(),
		};
		Self::deposit_event(Event::<T>::ScheduleStarted {
			schedule: id,
			case,
			kind,
			payer,
			payee,
			amount,
			period,
		});
		if pay_first_now {
			Self::pay(id, &mut schedule);
		}
		DueAt::<T>::try_mutate(slot, |bucket| bucket.try_push(id))
			.map_err(|_| Error::<T>::DueQueueFull)?;
		Schedules::<T>::insert(id, schedule);
		ScheduleOf::<T>::insert(case, id);
		Ok(id)
	}

	fn set_amount(case: CaseId, amount: BalanceOf<T>) -> DispatchResult {
		let id = ScheduleOf::<T>::get(case).ok_or(Error::<T>::NoSchedule)?;
		let mut schedule = Self::live(id)?;
		schedule.amount = amount;
		Schedules::<T>::insert(id, schedule);
		Self::deposit_event(Event::<T>::AmountChanged { schedule: id, amount });
		Ok(())
	}
}

impl<T: Config> CasePayments for Pallet<T> {
	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_schedule(case: CaseId, agency: AgencyId) {
		let citizen: T::AccountId = frame_benchmarking::account("beneficiary", 0, 0);
		let now = frame_system::Pallet::<T>::block_number();
		let period = BlockNumberFor::<T>::from(10u32);
		let amount = BalanceOf::<T>::from(1u32);
		let started = <Self as PaymentSchedules<_, _, _>>::start(
			case,
			PaymentKind::Benefit,
			citizen,
			agency,
			amount,
			period,
			now.saturating_add(period),
		);
		// Benchmark-only: a schedule that fails to start would make the case benchmarks measure
		// no payment work and understate their weights, so stop the run instead.
		started.expect("a benchmark schedule starts");
	}

	fn suspend(case: CaseId) -> DispatchResult {
		let Some(id) = ScheduleOf::<T>::get(case) else { return Ok(()) };
		let Some(mut schedule) = Schedules::<T>::get(id) else { return Ok(()) };
		if schedule.status == ScheduleStatus::Active {
			Self::stop(id, &mut schedule, SuspensionReason::CaseSuspended);
			Schedules::<T>::insert(id, schedule);
		}
		Ok(())
	}

	fn resume(case: CaseId) -> DispatchResult {
		let Some(id) = ScheduleOf::<T>::get(case) else { return Ok(()) };
		let Some(mut schedule) = Schedules::<T>::get(id) else { return Ok(()) };
		if schedule.status != ScheduleStatus::Suspended {
			return Ok(());
		}
		let now = frame_system::Pallet::<T>::block_number();
		let next_due = Self::file_due(id, now.saturating_add(schedule.period))?;
		schedule.next_due = Some(next_due);
		schedule.status = ScheduleStatus::Active;
		Schedules::<T>::insert(id, schedule);
		Self::deposit_event(Event::<T>::ScheduleResumed { schedule: id, next_due });
		Ok(())
	}

	fn end(case: CaseId) {
		let Some(id) = ScheduleOf::<T>::get(case) else { return };
		let Some(mut schedule) = Schedules::<T>::get(id) else { return };
		if schedule.status == ScheduleStatus::Ended {
			return;
		}
		Self::unfile_due(id, schedule.next_due.take());
		schedule.status = ScheduleStatus::Ended;
		Schedules::<T>::insert(id, schedule);
		Self::deposit_event(Event::<T>::ScheduleEnded { schedule: id });
	}
}

impl<T: Config> AgencyFunds<T::AccountId> for Pallet<T> {
	fn fund_account(agency: AgencyId) -> T::AccountId {
		Self::fund_of(agency)
	}
}
