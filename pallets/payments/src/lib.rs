//! # Payments pallet
//!
//! Real on-chain accounting of the money the services move: premiums from the insured to the
//! social insurance fund, benefits from each agency's fund to the beneficiary.
//!
//! ## Overview
//!
//! A service pallet that approves a case starts the case's *schedule* through
//! [`PaymentSchedules`]: every `period` blocks, a premium from the insured to the fund of the
//! agency that decided the case, or a benefit from that fund to the beneficiary. When a payment
//! falls due the pallet moves the money and keeps a record of it; when the payer cannot pay, it
//! records the payment as *arrears* instead, and the arrears can be settled later. A case has at
//! most one schedule. The lifecycle suspends, resumes and ends it with the case
//! ([`CasePayments`]): however a case ends, its payments end; services only re-rate them.
//!
//! A schedule whose agency has been removed pays nothing more: it is suspended when its next
//! payment falls due, and the council ends the case.
//!
//! Work per block is bounded however many schedules exist: at most [`Config::MaxDuePerBlock`]
//! payments fall due in one block (a schedule whose slot is full is paid a block later), and only
//! the last [`Config::RecordsKept`] payment records of each schedule stay in storage (every
//! payment is also an event).
//!
//! Each agency's fund is an account derived from the agency's id ([`AgencyFunds`]); anyone may
//! pay into it with an ordinary transfer, and only schedules pay out of it.
//!
//! ## Dispatchables
//!
//! - [`Pallet::settle_arrears`]: pays what a schedule owes, if the payer now can.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use weights::WeightInfo;

mod impls;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use types::*;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::fungible::{Inspect, Mutate},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use safetynet_primitives::{
		cases::{CaseId, PaymentKind, ScheduleId},
		AgencyId,
	};

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	/// A balance of the pallet's currency.
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The money premiums and benefits are paid in.
		type Currency: Mutate<Self::AccountId>;

		/// Derives the agencies' fund accounts.
		#[pallet::constant]
		type FundsPalletId: Get<PalletId>;

		/// The agencies that exist: a schedule of a removed agency stops paying.
		type Agencies: frame_support::traits::Contains<AgencyId>;

		/// Most payments that may fall due in one block.
		#[pallet::constant]
		type MaxDuePerBlock: Get<u32>;

		/// How many of its latest payment records each schedule keeps in storage.
		#[pallet::constant]
		type RecordsKept: Get<u32>;

		/// Weights of this pallet's calls, from benchmarks.
		type WeightInfo: WeightInfo;
	}

	/// The id the next schedule will get.
	#[pallet::storage]
	pub type NextScheduleId<T: Config> = StorageValue<_, ScheduleId, ValueQuery>;

	/// Every payment schedule.
	#[pallet::storage]
	pub type Schedules<T: Config> = StorageMap<
		_,
		Twox64Concat,
		ScheduleId,
		Schedule<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>,
		OptionQuery,
	>;

	/// The schedule of each case that has one.
	#[pallet::storage]
	pub type ScheduleOf<T: Config> = StorageMap<_, Twox64Concat, CaseId, ScheduleId, OptionQuery>;

	/// The schedules whose payment falls due in each block.
	#[pallet::storage]
	pub type DueAt<T: Config> = StorageMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		BoundedVec<ScheduleId, T::MaxDuePerBlock>,
		ValueQuery,
	>;

	/// The latest payment records of each schedule, by sequence number modulo `RecordsKept`.
	#[pallet::storage]
	pub type Records<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		ScheduleId,
		Twox64Concat,
		u32,
		PaymentRecord<BalanceOf<T>, BlockNumberFor<T>>,
		OptionQuery,
	>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A schedule was started for a case.
		ScheduleStarted {
			schedule: ScheduleId,
			case: CaseId,
			kind: PaymentKind,
			payer: T::AccountId,
			payee: T::AccountId,
			amount: BalanceOf<T>,
			period: BlockNumberFor<T>,
		},
		/// A payment was made.
		PaymentMade {
			schedule: ScheduleId,
			case: CaseId,
			seq: u32,
			payer: T::AccountId,
			payee: T::AccountId,
			amount: BalanceOf<T>,
		},
		/// A payment fell due that the payer could not make; it is owed.
		ArrearsRecorded { schedule: ScheduleId, case: CaseId, seq: u32, owed: BalanceOf<T> },
		/// Owed payments were settled.
		ArrearsSettled { schedule: ScheduleId, case: CaseId, amount: BalanceOf<T> },
		/// Payments stopped until resumed, for `reason`.
		ScheduleSuspended { schedule: ScheduleId, case: CaseId, reason: SuspensionReason },
		/// Payments resumed; the next falls due at `next_due`.
		ScheduleResumed { schedule: ScheduleId, next_due: BlockNumberFor<T> },
		/// The amount of future payments changed.
		AmountChanged { schedule: ScheduleId, amount: BalanceOf<T> },
		/// The schedule ended for good.
		ScheduleEnded { schedule: ScheduleId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No such schedule.
		UnknownSchedule,
		/// The schedule has ended.
		ScheduleEnded,
		/// Nothing is owed.
		NoArrears,
		/// The payer cannot pay what is owed yet.
		CannotPayArrears,
		/// A period of zero blocks.
		ZeroPeriod,
		/// The case already has a schedule that has not ended.
		CaseHasSchedule,
		/// The case has no schedule.
		NoSchedule,
		/// Too many payments fall due around that block; try again later.
		DueQueueFull,
		/// No schedule ids are left.
		ScheduleIdsExhausted,
		/// The schedule's agency has been removed: its fund neither pays nor collects.
		AgencyRemoved,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::pay_due(now)
		}

		fn integrity_test() {
			assert!(T::RecordsKept::get() > 0, "a schedule keeps at least its last record");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Pays everything `schedule` owes, from its payer to its payee. Any participant may call
		/// it: the payer agreed to the payments when the schedule started. Not once the schedule
		/// has ended (the case's end settles what it owes, off the schedule), nor once its agency
		/// has been removed (its fund neither pays nor collects, as in `on_initialize`).
		///
		/// Origin: signed. Emits [`Event::ArrearsSettled`].
		/// Errors: `UnknownSchedule`, `ScheduleEnded`, `AgencyRemoved`, `NoArrears`,
		/// `CannotPayArrears`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::settle_arrears())]
		pub fn settle_arrears(origin: OriginFor<T>, schedule: ScheduleId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_settle_arrears(schedule)
		}
	}

	impl<T: Config> Pallet<T> {
		/// The fund account of `agency`.
		pub fn fund_of(agency: safetynet_primitives::AgencyId) -> T::AccountId {
			use sp_runtime::traits::AccountIdConversion;
			T::FundsPalletId::get().into_sub_account_truncating(agency)
		}
	}
}
