//! Payment schedules and the records of their payments.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use safetynet_primitives::{
	cases::{CaseId, PaymentKind},
	AgencyId,
};
use scale_info::TypeInfo;

/// Whether a schedule pays.
#[derive(
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	TypeInfo,
)]
pub enum ScheduleStatus {
	/// Payments fall due every period.
	Active,
	/// Stopped until resumed.
	Suspended,
	/// Over for good.
	Ended,
}

/// Recurring payments for a case.
#[derive(Clone, Debug, Decode, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct Schedule<AccountId, Balance, BlockNumber> {
	/// The case the payments belong to.
	pub case: CaseId,
	/// Premium or benefit.
	pub kind: PaymentKind,
	/// The agency whose fund receives the premiums or pays the benefit.
	pub agency: AgencyId,
	/// Who pays.
	pub payer: AccountId,
	/// Who is paid.
	pub payee: AccountId,
	/// How much each payment is.
	pub amount: Balance,
	/// Blocks between payments.
	pub period: BlockNumber,
	/// When the next payment falls due (none unless active).
	pub next_due: Option<BlockNumber>,
	/// Whether it pays.
	pub status: ScheduleStatus,
	/// Payments that fell due so far, paid or not (the next record's sequence number).
	pub due_count: u32,
	/// What is owed from missed payments.
	pub arrears: Balance,
}

/// What happened when a payment fell due.
#[derive(
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	TypeInfo,
)]
pub enum PaymentOutcome {
	/// The money moved.
	Paid,
	/// The payer could not pay; the amount was added to the arrears.
	Missed,
}

/// The record of one payment.
#[derive(Clone, Debug, Decode, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct PaymentRecord<Balance, BlockNumber> {
	/// The payment's sequence number within its schedule.
	pub seq: u32,
	/// When it fell due.
	pub at: BlockNumber,
	/// How much.
	pub amount: Balance,
	/// Paid or missed.
	pub outcome: PaymentOutcome,
}

/// Why a schedule stopped paying.
#[derive(
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	TypeInfo,
)]
pub enum SuspensionReason {
	/// Its case was suspended.
	CaseSuspended,
	/// The agency whose fund it uses was removed from the consortium.
	AgencyRemoved,
	/// No block had room for its next payment for a whole run of blocks.
	NoSlot,
}
