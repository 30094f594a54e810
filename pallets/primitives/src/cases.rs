//! The one application lifecycle the four services share: what a case is, the steps it goes
//! through, who took each step, and the trait through which service pallets move a case along.
//!
//! The lifecycle pallet (`pallet-cases`) stores every case of every service, its append-only
//! history, the queues of cases waiting for each role and the step deadlines. A service pallet
//! keeps only its own figures (income, household size, disability grade, ...) and calls
//! [`CaseLifecycle`] to open a case, record a step, or close it. That keeps one place for the
//! rules every service shares: only the role a step names may take it, history is never
//! rewritten, every step has a deadline, every automatic decision records the rule version and
//! the digest of its inputs so it can be replayed.

use crate::{AgencyId, Cid, ParticipantCode, Role};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::ConstU32, BoundedVec};
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::{DispatchError, DispatchResult};

/// Identifies a case (an application and everything that follows from it) across all services.
pub type CaseId = u64;

/// Most documents one application may cite.
pub const MAX_DOCUMENTS: u32 = 16;

/// The CIDs of a case's documents.
pub type Documents = BoundedVec<Cid, ConstU32<MAX_DOCUMENTS>>;

/// The four programmes of the social security system.
#[derive(
	Clone, Copy, Debug, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, Ord, PartialEq,
	PartialOrd, TypeInfo, serde::Serialize, serde::Deserialize,
)]
pub enum Service {
	/// Social insurance: premiums withheld from the insured's income.
	SocialInsurance,
	/// Social assistance for households in need.
	SocialAssistance,
	/// Social welfare for people injured at work or on duty.
	SocialWelfare,
	/// The minimum living guarantee.
	MinimumLiving,
}

/// A step a case goes through. Which steps a case takes, and in which order, is each service's
/// business; the lifecycle only records them and enforces who may take the current one.
#[derive(
	Clone, Copy, Debug, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, Ord, PartialEq,
	PartialOrd, TypeInfo, serde::Serialize, serde::Deserialize,
)]
pub enum Step {
	/// The applicant filed the application; the runtime ran its automatic checks.
	Submission,
	/// The accepting department takes the case on (civil affairs, county welfare).
	Acceptance,
	/// A neighborhood committee member inspects the household.
	HouseholdInspection,
	/// The sub-district accounting team accounts the household income and sets the amount.
	IncomeAccounting,
	/// The democratic review team votes.
	DemocraticReview,
	/// The decision is publicly noticed; registered participants may object.
	PublicNotice,
	/// An objection raised during the public notice is being examined.
	ObjectionReview,
	/// A hospital consultation team is being formed.
	ConsultationTeam,
	/// The team checks the applicant's identity and examines them.
	MedicalExamination,
	/// The welfare institute sets the welfare payment.
	WelfareHandling,
	/// Approved: payments run (or premiums are withheld) on schedule.
	Payments,
	/// The yearly check that the household still qualifies.
	AnnualRecheck,
}

/// Where a case stands.
#[derive(
	Clone, Copy, Debug, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, PartialEq,
	TypeInfo, serde::Serialize, serde::Deserialize,
)]
pub enum CaseStatus {
	/// The automatic checks failed; the applicant may correct and resubmit.
	AwaitingCorrection,
	/// Waiting for the current step to be taken.
	InReview,
	/// Paused by an objection or an officer; nothing is paid.
	Suspended,
	/// Approved; payments or premiums run.
	Active,
	/// Turned down by a person at some step (final, pending a future appeal).
	Rejected,
	/// The applicant withdrew it.
	Withdrawn,
	/// Ended after having been active (retirement, recovery, a failed re-check, ...).
	Closed,
}

impl CaseStatus {
	/// Whether nothing more can happen to the case.
	pub fn is_final(&self) -> bool {
		matches!(self, CaseStatus::Rejected | CaseStatus::Withdrawn | CaseStatus::Closed)
	}
}

/// Who took a step.
#[derive(
	Clone, Debug, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub enum Actor<AccountId> {
	/// The applicant.
	Applicant(AccountId),
	/// A staff member, with the role they acted in and their agency.
	Staff { who: AccountId, role: Role, agency: AgencyId },
	/// A collective (the democratic review team, a consultation team) by `ayes` of `of` votes.
	Collective { ayes: u32, of: u32 },
	/// Another registered participant (an objector).
	Participant(AccountId),
	/// The runtime itself: automatic checks, deadlines, schedules.
	Runtime,
}

/// The automatic checks the services run at submission. A rejection lists every one that failed.
#[derive(
	Clone, Copy, Debug, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, Ord, PartialEq,
	PartialOrd, TypeInfo, serde::Serialize, serde::Deserialize,
)]
pub enum Check {
	/// A required document is missing or its CID is not a profile CID.
	FormIncomplete,
	/// The applicant's ID card has expired (against the chain's clock).
	IdCardExpired,
	/// The monthly income is outside the contribution base range.
	IncomeOutsideContributionBase,
	/// The payment ratio is not one of the allowed ratios.
	PaymentRatioNotAllowed,
	/// The balance does not cover the first premium.
	InsufficientBalanceForPremium,
	/// The household must have between one and the maximum number of members.
	HouseholdSizeInvalid,
	/// Per-capita income is at or above the assistance line.
	IncomeAboveAssistanceLine,
	/// Per-capita property is above the limit.
	PropertyAboveLimit,
	/// The original medical records are missing.
	MedicalRecordsMissing,
	/// The proof of work-related injury is missing.
	InjuryProofMissing,
	/// Income is at or above the welfare income line.
	IncomeAboveWelfareLine,
	/// The region has no minimum living standard.
	UnknownRegion,
	/// Per-capita income is at or above the region's minimum living standard.
	IncomeAboveMinimumStandard,
	/// The applicant already has an open case in this service.
	DuplicateApplication,
}

/// Most checks a rejection can list (more than there are).
pub const MAX_CHECKS: u32 = 16;

/// The checks that failed.
pub type FailedChecks = BoundedVec<Check, ConstU32<MAX_CHECKS>>;

/// What was decided at a step.
#[derive(
	Clone, Debug, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub enum Decision {
	/// Every automatic check passed.
	ChecksPassed,
	/// These automatic checks failed.
	ChecksFailed(FailedChecks),
	/// The step was completed and the case moves on.
	Done,
	/// Approved.
	Approved,
	/// Turned down.
	Rejected,
	/// An objection was raised (public notice).
	Objected,
	/// Suspended (payments stop).
	Suspended,
	/// Resumed after a suspension.
	Resumed,
	/// Withdrawn by the applicant.
	Withdrawn,
	/// Closed after being active.
	Closed,
	/// The step's deadline passed with nobody acting.
	Overdue,
}

/// The stamp of an automatic decision: which rules decided, on which inputs. Replaying the same
/// rule version on inputs with the same digest gives the same decision.
#[derive(
	Clone, Copy, Debug, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, PartialEq,
	TypeInfo,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct RuleStamp {
	/// Version of the service's automatic rules (bumped whenever a rule or threshold changes).
	pub rule_version: u32,
	/// `blake2_256` of the SCALE-encoded inputs and thresholds the rules saw.
	pub input_digest: H256,
}

/// One entry of a case's append-only history.
#[derive(
	Clone, Debug, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct StepRecord<AccountId, BlockNumber> {
	/// The step taken.
	pub step: Step,
	/// Who took it.
	pub actor: Actor<AccountId>,
	/// When.
	pub at: BlockNumber,
	/// What was decided.
	pub decision: Decision,
	/// The document the step produced (an inspection report, an accounting sheet, minutes), in
	/// IPFS.
	pub document: Option<Cid>,
	/// For automatic decisions, what decided and on what.
	pub rule: Option<RuleStamp>,
}

/// Who must take a case's next step.
#[derive(
	Clone, Copy, Debug, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, PartialEq,
	TypeInfo,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub enum Assignee {
	/// A staff member holding `role`, of `agency` if given (else of any agency).
	Role { role: Role, agency: Option<AgencyId> },
	/// A collective vote (the democratic review team).
	Collective,
	/// The applicant (to correct and resubmit).
	Applicant,
	/// Nobody: the runtime moves it on (a notice period running out).
	Runtime,
}

impl Assignee {
	/// The role whose queue shows the case, if any.
	pub fn role(&self) -> Option<Role> {
		match self {
			Assignee::Role { role, .. } => Some(*role),
			Assignee::Collective => Some(Role::DemocraticReviewMember),
			_ => None,
		}
	}
}

/// A case as the lifecycle keeps it (its history is kept beside it, entry by entry).
#[derive(
	Clone, Debug, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct Case<AccountId, BlockNumber> {
	/// The programme.
	pub service: Service,
	/// Who applied.
	pub applicant: AccountId,
	/// The applicant's identification code from registration.
	pub applicant_code: ParticipantCode,
	/// The agency responsible for the case (it accepts it, pays it or collects for it).
	pub agency: AgencyId,
	/// The application's documents, in IPFS (encrypted).
	pub documents: Documents,
	/// Where the case stands.
	pub status: CaseStatus,
	/// The step the case is at.
	pub step: Step,
	/// Who must take it.
	pub assignee: Assignee,
	/// When the step must be taken by, if it has a deadline.
	pub due: Option<BlockNumber>,
	/// When the case was opened.
	pub opened_at: BlockNumber,
	/// How many history entries the case has.
	pub history_len: u32,
}

/// Where a case goes after a step.
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
pub struct Next {
	/// The new status.
	pub status: CaseStatus,
	/// The next step.
	pub step: Step,
	/// Who must take it.
	pub assignee: Assignee,
}

impl Next {
	/// The case waits for `role` (of `agency`, if given) to take `step`.
	pub fn step(step: Step, role: Role, agency: Option<AgencyId>) -> Self {
		Next { status: CaseStatus::InReview, step, assignee: Assignee::Role { role, agency } }
	}

	/// The case waits for the democratic review team's vote.
	pub fn review() -> Self {
		Next {
			status: CaseStatus::InReview,
			step: Step::DemocraticReview,
			assignee: Assignee::Collective,
		}
	}

	/// The case ends with `status` (rejected, withdrawn, closed), at its current step.
	pub fn end(status: CaseStatus, step: Step) -> Self {
		Next { status, step, assignee: Assignee::Runtime }
	}
}

/// An application being opened.
pub struct Opening<AccountId> {
	pub service: Service,
	pub applicant: AccountId,
	pub applicant_code: ParticipantCode,
	pub agency: AgencyId,
	pub documents: Documents,
}

/// How service pallets drive cases. Implemented by `pallet-cases`.
pub trait CaseLifecycle<AccountId, BlockNumber> {
	/// Opens a case and records its submission with the automatic checks' outcome: `Ok` moves it
	/// to `next`; `Err(failed)` leaves it awaiting the applicant's correction.
	fn open(
		opening: Opening<AccountId>,
		checks: Result<(), FailedChecks>,
		rule: RuleStamp,
		next: Next,
	) -> Result<CaseId, DispatchError>;

	/// Records a resubmission of a case awaiting correction, with the new checks' outcome.
	fn resubmit(
		case: CaseId,
		applicant: &AccountId,
		documents: Documents,
		checks: Result<(), FailedChecks>,
		rule: RuleStamp,
		next: Next,
	) -> DispatchResult;

	/// The case, if it exists.
	fn case(case: CaseId) -> Option<Case<AccountId, BlockNumber>>;

	/// Checks that `who` may take `case`'s current step `step` and returns the actor to record:
	/// the case must be at that step, in review (or active, for steps taken on active cases),
	/// and `who` must hold the role the step names (for the agency it names).
	fn authorize(case: CaseId, step: Step, who: &AccountId) -> Result<Actor<AccountId>, DispatchError>;

	/// Records that `actor` took the current step with `decision` (and `document`), and moves the
	/// case to `next`.
	fn advance(
		case: CaseId,
		actor: Actor<AccountId>,
		decision: Decision,
		document: Option<Cid>,
		next: Next,
	) -> DispatchResult;
}

/// Told when a case is approved: it becomes active for the first time (a resumption after a
/// suspension is not an approval). The documents pallet hangs the sealing of approved documents
/// off it; later, appeals and re-assessment can listen here too.
pub trait OnCaseApproved<AccountId, BlockNumber> {
	/// `case` was just approved; `details` is the case as approved.
	fn on_approved(case: CaseId, details: &Case<AccountId, BlockNumber>);
}

impl<AccountId, BlockNumber> OnCaseApproved<AccountId, BlockNumber> for () {
	fn on_approved(_: CaseId, _: &Case<AccountId, BlockNumber>) {}
}

/// What a scheduled payment is.
#[derive(
	Clone, Copy, Debug, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, PartialEq,
	TypeInfo, serde::Serialize, serde::Deserialize,
)]
pub enum PaymentKind {
	/// A premium, from the insured to the social insurance fund.
	Premium,
	/// A benefit, from an agency's fund to the beneficiary.
	Benefit,
}

/// Identifies a payment schedule.
pub type ScheduleId = u64;

/// Recurring payments: premiums and benefits. Implemented by `pallet-payments`.
pub trait PaymentSchedules<AccountId, Balance, BlockNumber> {
	/// Starts paying `amount` from `payer` to `payee` every `period` blocks, first at
	/// `first_due`; a first payment due now (an insurance's first premium) is made at once.
	/// Returns the schedule.
	fn start(
		case: CaseId,
		kind: PaymentKind,
		payer: AccountId,
		payee: AccountId,
		amount: Balance,
		period: BlockNumber,
		first_due: BlockNumber,
	) -> Result<ScheduleId, DispatchError>;

	/// Stops payments until resumed.
	fn suspend(schedule: ScheduleId) -> DispatchResult;

	/// Resumes a suspended schedule; the next payment falls one period from now.
	fn resume(schedule: ScheduleId) -> DispatchResult;

	/// Changes the amount of future payments.
	fn set_amount(schedule: ScheduleId, amount: Balance) -> DispatchResult;

	/// Ends the schedule for good.
	fn end(schedule: ScheduleId) -> DispatchResult;
}

/// The fund account of an agency: where premiums go and benefits come from.
pub trait AgencyFunds<AccountId> {
	/// The account holding `agency`'s fund.
	fn fund_account(agency: AgencyId) -> AccountId;
}

/// Stamps an automatic decision: `rule_version` and the digest of everything the rules saw.
pub fn rule_stamp(rule_version: u32, inputs: &impl Encode) -> RuleStamp {
	RuleStamp { rule_version, input_digest: H256(sp_io::hashing::blake2_256(&inputs.encode())) }
}

/// The most documents an application may cite, all distinct: the worst case for benchmarks.
pub fn max_documents() -> Documents {
	let all: alloc::vec::Vec<Cid> =
		(0..MAX_DOCUMENTS).map(|i| crate::cid::raw_cid_of(&i.to_le_bytes())).collect();
	BoundedVec::truncate_from(all)
}

/// Checks every CID an application brings against the system's profile.
pub fn check_documents<'a>(cids: impl IntoIterator<Item = &'a Cid>) -> Result<(), crate::CidError> {
	cids.into_iter().try_for_each(|cid| cid.check().map(|_| ()))
}

/// Collects failed checks: each `(failed, check)` pair whose condition holds is listed, in
/// order. Returns `Ok(())` when none failed.
pub fn failed_checks(results: &[(bool, Check)]) -> Result<(), FailedChecks> {
	let failed: alloc::vec::Vec<Check> =
		results.iter().filter(|(failed, _)| *failed).map(|(_, check)| *check).collect();
	if failed.is_empty() {
		Ok(())
	} else {
		// There are fewer checks than `MAX_CHECKS`, so nothing is lost.
		Err(BoundedVec::truncate_from(failed))
	}
}

/// The household review both social assistance and the minimum living guarantee go through:
/// acceptance by the civil affairs department, a household inspection by the neighborhood
/// committee, income accounting by the sub-district team, and the democratic review vote.
/// Written once here; each service calls it from its own dispatchables and adds its figures.
pub mod household {
	use super::*;
	use sp_runtime::traits::AtLeast32BitUnsigned;

	/// A household figure (income, property) per member, rounded down. Zero members count as
	/// one, so the figure never divides by zero (the household-size check refuses them anyway).
	pub fn per_capita<Balance: AtLeast32BitUnsigned + Copy>(total: Balance, members: u32) -> Balance {
		total / Balance::from(members.max(1))
	}

	/// Whether a household is in need: per-capita income below `income_line`, per-capita
	/// property within `property_line`. Returns (income too high, property too high).
	pub fn need_test<Balance: AtLeast32BitUnsigned + Copy>(
		income: Balance,
		property: Balance,
		members: u32,
		income_line: Balance,
		property_line: Balance,
	) -> (bool, bool) {
		(per_capita(income, members) >= income_line, per_capita(property, members) > property_line)
	}

	/// What lifts a household to a per-capita `line`: the gap between the line and its
	/// per-capita income, for every member. The assistance entitlement and the minimum living
	/// guarantee are both this: (standard - per-capita income) x members.
	pub fn shortfall<Balance: AtLeast32BitUnsigned + Copy>(
		line: Balance,
		income: Balance,
		members: u32,
	) -> Balance {
		line.saturating_sub(per_capita(income, members)).saturating_mul(Balance::from(members))
	}

	/// The case waits for the civil affairs department of `agency` to accept it.
	pub fn acceptance(agency: AgencyId) -> Next {
		Next::step(Step::Acceptance, Role::CivilAffairsOfficer, Some(agency))
	}

	/// A civil affairs officer of the case's agency accepts it; a neighborhood committee member
	/// inspects next.
	pub fn accept<C: CaseLifecycle<A, B>, A, B>(case: CaseId, who: &A) -> DispatchResult {
		let actor = C::authorize(case, Step::Acceptance, who)?;
		let next = Next::step(Step::HouseholdInspection, Role::NeighborhoodCommitteeMember, None);
		C::advance(case, actor, Decision::Done, None, next)
	}

	/// A neighborhood committee member records the household inspection: `confirmed` moves the
	/// case on to income accounting, otherwise the case is rejected. Returns `confirmed`.
	pub fn inspect<C: CaseLifecycle<A, B>, A, B>(
		case: CaseId,
		who: &A,
		report: Cid,
		confirmed: bool,
	) -> Result<bool, DispatchError> {
		let actor = C::authorize(case, Step::HouseholdInspection, who)?;
		let (decision, next) = if confirmed {
			(Decision::Done, Next::step(Step::IncomeAccounting, Role::SubDistrictAccountant, None))
		} else {
			(Decision::Rejected, Next::end(CaseStatus::Rejected, Step::HouseholdInspection))
		};
		C::advance(case, actor, decision, Some(report), next)?;
		Ok(confirmed)
	}

	/// Checks that `who` may record the income accounting of `case` and returns the actor.
	pub fn accountant<C: CaseLifecycle<A, B>, A, B>(
		case: CaseId,
		who: &A,
	) -> Result<Actor<A>, DispatchError> {
		C::authorize(case, Step::IncomeAccounting, who)
	}

	/// Records the income accounting and sends the case to the democratic review vote.
	pub fn submit_accounting<C: CaseLifecycle<A, B>, A, B>(
		case: CaseId,
		actor: Actor<A>,
		accounting: Cid,
	) -> DispatchResult {
		C::advance(case, actor, Decision::Done, Some(accounting), Next::review())
	}

	/// Records the democratic review team's vote (`ayes` of `of`): approved moves the case to
	/// `approved_next`, otherwise it is rejected. A case not waiting for the vote fails with
	/// `not_awaiting` (the calling service's own error).
	pub fn record_review<C: CaseLifecycle<A, B>, A, B>(
		case: CaseId,
		ayes: u32,
		of: u32,
		approved: bool,
		minutes: Option<Cid>,
		approved_next: Next,
		not_awaiting: DispatchError,
	) -> DispatchResult {
		let awaiting = C::case(case)
			.is_some_and(|r| r.step == Step::DemocraticReview && r.status == CaseStatus::InReview);
		if !awaiting {
			return Err(not_awaiting);
		}
		let (decision, next) = if approved {
			(Decision::Approved, approved_next)
		} else {
			(Decision::Rejected, Next::end(CaseStatus::Rejected, Step::DemocraticReview))
		};
		C::advance(case, Actor::Collective { ayes, of }, decision, minutes, next)
	}
}

#[cfg(test)]
mod tests {
	use super::household::{need_test, per_capita, shortfall};

	#[test]
	fn need_test_compares_per_capita_figures() {
		// 3 members, 900 income (300 each) against a line of 400: in need.
		assert_eq!(need_test(900u128, 3_000, 3, 400, 2_000), (false, false));
		// At the line is not below it.
		assert_eq!(need_test(1_200u128, 0, 3, 400, 2_000), (true, false));
		assert_eq!(need_test(0u128, 6_003, 3, 400, 2_000), (false, true));
	}

	#[test]
	fn per_capita_divides_and_never_by_zero() {
		assert_eq!(per_capita(900u128, 3), 300);
		assert_eq!(per_capita(900u128, 0), 900);
	}

	#[test]
	fn shortfall_fills_the_gap_for_every_member() {
		assert_eq!(shortfall(400u128, 900, 3), 300);
		assert_eq!(shortfall(400u128, 1_500, 3), 0);
		assert_eq!(shortfall(400u128, 0, 2), 800);
	}
}
