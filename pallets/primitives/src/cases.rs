//! The one application lifecycle the four services share: what a case is, the steps it goes
//! through, who took each step, and the trait through which service pallets move a case along.
//!
//! The lifecycle pallet (`pallet-cases`) stores every case of every service, its append-only
//! history, the queues of cases waiting for each role and the step deadlines. A service pallet
//! keeps only its own figures (income, household size, disability grade, ...) and calls
//! [`CaseLifecycle`] to open a case, record a step, or close it. That keeps one place for the
//! rules every service shares: only the agency and role a step names may take it, nobody acts on
//! a case that concerns them, history is never rewritten, every step has a deadline, every
//! automatic decision records the rule version and the digest of its inputs so it can be
//! replayed, and ending a case stops its payments.

use crate::{AgencyId, AgencyKind, Cid, Household, ParticipantCode, RegionCode, Role};
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

/// Most supporting documents a form may bring beside the ones it names (a form names at most
/// `MAX_DOCUMENTS - MAX_EXTRA_DOCUMENTS`), so every form's documents fit in a case.
pub const MAX_EXTRA_DOCUMENTS: u32 = 12;

/// A form's supporting documents beside the ones it names.
pub type ExtraDocuments = BoundedVec<Cid, ConstU32<MAX_EXTRA_DOCUMENTS>>;

/// The four programmes of the social security system.
#[derive(
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	Ord,
	PartialEq,
	PartialOrd,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
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
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	Ord,
	PartialEq,
	PartialOrd,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
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
	/// The application would combine benefits the rules do not let combine; the agencies
	/// involved decide together whether it goes on.
	JointDecision,
}

/// Where a case stands.
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
	serde::Serialize,
	serde::Deserialize,
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
	/// The runtime itself: automatic checks, deadlines, schedules, a revoked registration.
	Runtime,
	/// The consortium council, by motion.
	Council,
}

/// The automatic checks the services run at submission. A rejection lists every one that failed.
#[derive(
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	Ord,
	PartialEq,
	PartialOrd,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
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
	/// A listed household member is not in the household the applicant's agency registered.
	HouseholdNotVerified,
	/// Someone the application concerns already has a pending or running benefit that the rules
	/// say cannot be combined with this one.
	BenefitNotCombinable,
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
	/// Closed after being active, or ended by the council.
	Closed,
	/// The step's deadline passed with nobody acting.
	Overdue,
	/// The applicant's registration was revoked: the case ended with it.
	Revoked,
	/// An agency the case depended on (filed with, decided by, or waiting for) was removed:
	/// the case ended with it, and its payments stopped. The applicant may apply again.
	AgencyRemoved,
}

/// The stamp of an automatic decision: which rules decided, on which inputs. Replaying the same
/// rules on inputs with the same digest gives the same decision.
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
#[cfg_attr(feature = "std", derive(serde::Serialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct RuleStamp {
	/// The runtime's `spec_version`: the code of the rules.
	pub rule_version: u32,
	/// The version of the service's parameters: the thresholds the rules applied.
	pub parameters_version: u32,
	/// The salted digest ([`crate::figures::salted_digest`]) of the inputs and thresholds the
	/// rules saw, under the applicant's salt: replaying needs the figures and the salt from the
	/// case's documents.
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
	/// The document the step produced (an inspection report, an accounting sheet, minutes, a
	/// reason), in IPFS.
	pub document: Option<Cid>,
	/// For automatic decisions, what decided and on what.
	pub rule: Option<RuleStamp>,
	/// The agency the step sent the case to, when the next step is an agency's.
	pub sent_to: Option<AgencyId>,
}

/// Who must take a case's current step.
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
#[cfg_attr(feature = "std", derive(serde::Serialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub enum Assignee {
	/// A staff member holding `role` at `agency`, posted where the case is.
	Staff { role: Role, agency: AgencyId },
	/// A member of the team a recorded step named (a consultation team), holding `role`; the
	/// service keeps the team.
	Team { role: Role },
	/// A collective vote (the democratic review team).
	Collective,
	/// The applicant (to correct and resubmit).
	Applicant,
	/// Nobody: the runtime moves it on (a notice period running out, payments running).
	Runtime,
	/// Each agency involved in a joint decision, through its staff holding the service's intake
	/// role (the lifecycle keeps who has decided).
	Joint,
}

impl Assignee {
	/// The role whose queue shows the case, if a single role does.
	pub fn role(&self) -> Option<Role> {
		match self {
			Assignee::Staff { role, .. } | Assignee::Team { role } => Some(*role),
			Assignee::Collective => Some(Role::DemocraticReviewMember),
			_ => None,
		}
	}

	/// The agency that must act, if one agency must.
	pub fn agency(&self) -> Option<AgencyId> {
		match self {
			Assignee::Staff { agency, .. } => Some(*agency),
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
	/// The agency the case was filed with (it accepts it, and pays or collects unless another
	/// agency decides it).
	pub agency: AgencyId,
	/// The neighbourhood the applicant's household was registered in when they applied: which
	/// agencies are responsible for the case follows from it.
	pub region: RegionCode,
	/// Every document of the application, in IPFS (encrypted).
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
	/// The agency whose decision made the case active: its fund pays the benefit (or receives
	/// the premiums), and its staff manage the case from then on.
	pub decided_by: Option<AgencyId>,
	/// How many history entries the case has had.
	pub history_len: u32,
	/// How many of the oldest entries were archived (taken out of state) to keep the history
	/// bounded; they stay in the blocks that recorded them.
	pub archived: u32,
	/// `blake2_256(previous digest ++ entry)` over every archived entry, oldest first, so an
	/// archive replayed from block history can be checked against the chain.
	pub archive_digest: H256,
}

impl<AccountId, BlockNumber> Case<AccountId, BlockNumber> {
	/// The agency whose staff manage the case once it is decided.
	pub fn managing_agency(&self) -> AgencyId {
		self.decided_by.unwrap_or(self.agency)
	}
}

/// Which agency takes a step.
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
pub enum Responsible {
	/// The agency the case was filed with.
	FiledWith,
	/// The agency that decided the case (or, before a decision, the one it was filed with).
	Decider,
	/// The agency of this kind responsible for the applicant's registered neighbourhood (the
	/// narrowest region of such an agency that contains it).
	Nearest(AgencyKind),
	/// An agency a step explicitly referred the case to (it must be able to hold the role).
	Referred(AgencyId),
}

impl Responsible {
	/// The referred agency if given, otherwise the rule's own choice.
	pub fn referred_or(referral: Option<AgencyId>, otherwise: Responsible) -> Responsible {
		referral.map_or(otherwise, Responsible::Referred)
	}
}

/// Who a step goes to, before the lifecycle resolves it to an agency.
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
pub enum Assign {
	/// Staff holding `role` at the agency `by` names.
	Staff { role: Role, by: Responsible },
	/// A team member holding `role` (the service keeps the team).
	Team { role: Role },
	/// The democratic review collective.
	Collective,
	/// Nobody: the runtime moves the case on.
	Runtime,
}

/// Where a case goes after a step.
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
pub struct Next {
	/// The new status.
	pub status: CaseStatus,
	/// The next step.
	pub step: Step,
	/// Who must take it.
	pub assign: Assign,
}

impl Next {
	/// The case waits for `role` of the agency `by` names to take `step`.
	pub fn step(step: Step, role: Role, by: Responsible) -> Self {
		Next { status: CaseStatus::InReview, step, assign: Assign::Staff { role, by } }
	}

	/// The case waits for a member of its team holding `role` to take `step`.
	pub fn team(step: Step, role: Role) -> Self {
		Next { status: CaseStatus::InReview, step, assign: Assign::Team { role } }
	}

	/// The case waits for the democratic review team's vote.
	pub fn review() -> Self {
		Next {
			status: CaseStatus::InReview,
			step: Step::DemocraticReview,
			assign: Assign::Collective,
		}
	}

	/// The case waits, in review, for a period to run out.
	pub fn waiting(step: Step) -> Self {
		Next { status: CaseStatus::InReview, step, assign: Assign::Runtime }
	}

	/// The case is active (approved) at `step`, waiting for `assign` (the runtime, while
	/// payments simply run).
	pub fn active(step: Step, assign: Assign) -> Self {
		Next { status: CaseStatus::Active, step, assign }
	}

	/// The case ends with `status` (rejected, withdrawn, closed), at `step`.
	pub fn end(status: CaseStatus, step: Step) -> Self {
		Next { status, step, assign: Assign::Runtime }
	}
}

/// An application being filed.
pub struct Opening<AccountId> {
	/// The programme applied to.
	pub service: Service,
	/// Who applies.
	pub applicant: AccountId,
	/// The agency applied to; it must be of the kind that takes the service's applications.
	pub agency: AgencyId,
	/// Every document the application brings; the lifecycle checks each against the CID
	/// profile.
	pub documents: Documents,
	/// The other members of the household the application is for (empty for a personal
	/// benefit); each must be in the household the applicant's agency registered.
	pub household: Household,
}

/// What became of a submission (or a resubmission) that the lifecycle accepted.
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
pub enum Admission {
	/// Some automatic check failed; the case waits for the applicant's correction.
	AwaitingCorrection,
	/// Every check passed, but the application combines benefits the rules leave to a joint
	/// decision of the agencies involved; the case waits for it.
	AwaitingJointDecision,
	/// Every check passed; the case moved to the step the service asked for.
	Admitted,
}

/// How service pallets drive cases. Implemented by `pallet-cases`.
pub trait CaseLifecycle<AccountId, BlockNumber> {
	/// Opens a case for `opening` and records its submission. The lifecycle adds its own checks
	/// (ID card validity, the household as registered, benefits that cannot be combined) to
	/// `checks`, the service's; when all pass the case moves to `next`.
	fn open(
		opening: Opening<AccountId>,
		checks: Result<(), FailedChecks>,
		rule: RuleStamp,
		next: Next,
	) -> Result<(CaseId, Admission), DispatchError>;

	/// Records a resubmission of a case awaiting correction, as [`CaseLifecycle::open`] does.
	fn resubmit(
		case: CaseId,
		opening: Opening<AccountId>,
		checks: Result<(), FailedChecks>,
		rule: RuleStamp,
		next: Next,
	) -> Result<Admission, DispatchError>;

	/// The case, if it exists.
	fn case(case: CaseId) -> Option<Case<AccountId, BlockNumber>>;

	/// The case, if it exists and is of `service` (else the lifecycle's `UnknownCase` or
	/// `WrongService`).
	fn case_of(
		case: CaseId,
		service: Service,
	) -> Result<Case<AccountId, BlockNumber>, DispatchError>;

	/// Checks that `who` may take `case`'s current step `step` and returns the actor to record:
	/// the case must be of `service`, at that step and not over; `who` must hold the role the
	/// step names, at the agency it names and posted where the case is (or be on the case's
	/// team), and must not be someone the case concerns.
	fn authorize(
		case: CaseId,
		service: Service,
		step: Step,
		who: &AccountId,
	) -> Result<Actor<AccountId>, DispatchError>;

	/// Records that `actor` took the current step with `decision` (and `document`), and moves the
	/// case to `next`.
	fn advance(
		case: CaseId,
		actor: Actor<AccountId>,
		decision: Decision,
		document: Option<Cid>,
		next: Next,
	) -> DispatchResult;

	/// Checks a document a service keeps before a step records it (a consultation doctor's
	/// conclusion): the lifecycle's `InvalidCid` unless it is a profile CID.
	fn check_document(document: &Cid) -> DispatchResult;

	/// Whether the person with `identity` is one the case concerns (the applicant or a member of
	/// their household): they may not decide it.
	fn concerns(case: CaseId, identity: &crate::IdentityHash) -> bool;

	/// How many people `case` concerns: the applicant and the household members it lists (at
	/// least one). Household rules take the size from here, so no service keeps its own copy.
	fn persons(case: CaseId) -> u32;

	/// When `case` last changed: the block of its newest history entry (for a closed case, its
	/// closing). Retention periods run from here.
	fn last_change(_case: CaseId) -> Option<BlockNumber> {
		None
	}
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
	serde::Serialize,
	serde::Deserialize,
)]
pub enum PaymentKind {
	/// A premium, from the insured to the agency's social insurance fund.
	Premium,
	/// A benefit, from the agency's fund to the beneficiary.
	Benefit,
}

/// Identifies a payment schedule.
pub type ScheduleId = u64;

/// Recurring payments: premiums and benefits, at most one schedule per case. Service pallets
/// start them and change their amount; the lifecycle suspends, resumes and ends them with the
/// case ([`CasePayments`]). Implemented by `pallet-payments`.
pub trait PaymentSchedules<AccountId, Balance, BlockNumber> {
	/// Starts `case`'s payments of `amount` every `period` blocks, first at `first_due`, between
	/// `citizen` and the fund of `agency` (which way follows from `kind`). A first payment due
	/// now (an insurance's first premium) is made at once.
	#[allow(clippy::too_many_arguments)]
	fn start(
		case: CaseId,
		kind: PaymentKind,
		citizen: AccountId,
		agency: AgencyId,
		amount: Balance,
		period: BlockNumber,
		first_due: BlockNumber,
	) -> Result<ScheduleId, DispatchError>;

	/// Changes the amount of `case`'s future payments.
	fn set_amount(case: CaseId, amount: Balance) -> DispatchResult;
}

/// What the lifecycle does to a case's payments when the case's status changes.
pub trait CasePayments {
	/// The case was suspended: payments stop until resumed.
	fn suspend(case: CaseId) -> DispatchResult;
	/// The case was resumed: payments restart, the next one a period from now.
	fn resume(case: CaseId) -> DispatchResult;
	/// The case ended: its payments end for good. Never fails, so a case can always be ended.
	fn end(case: CaseId);

	/// Gives `case` a live benefit schedule from `agency`'s fund, so the lifecycle's benchmarks
	/// (suspend, resume, end) measure the payments they move: the lifecycle itself has no way to
	/// start one.
	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_schedule(_case: CaseId, _agency: AgencyId) {}
}

impl CasePayments for () {
	fn suspend(_: CaseId) -> DispatchResult {
		Ok(())
	}
	fn resume(_: CaseId) -> DispatchResult {
		Ok(())
	}
	fn end(_: CaseId) {}
}

/// The fund account of an agency: where premiums go and benefits come from.
pub trait AgencyFunds<AccountId> {
	/// The account holding `agency`'s fund.
	fn fund_account(agency: AgencyId) -> AccountId;
}

/// Stamps an automatic decision: the runtime's and the parameters' versions, and the salted
/// digest of everything the rules saw (the applicant's `salt`, so the digest cannot be tested
/// against guessed figures; see [`crate::figures`]).
pub fn rule_stamp(
	rule_version: u32,
	parameters_version: u32,
	salt: &crate::figures::Salt,
	inputs: &impl Encode,
) -> RuleStamp {
	RuleStamp {
		rule_version,
		parameters_version,
		input_digest: crate::figures::salted_digest(salt, inputs),
	}
}

/// Collects the CIDs a form brings into the case's documents. A form names at most
/// `MAX_DOCUMENTS - MAX_EXTRA_DOCUMENTS` documents besides its [`ExtraDocuments`], so nothing is
/// ever cut off.
pub fn collect_documents<'a>(cids: impl IntoIterator<Item = &'a Cid>) -> Documents {
	BoundedVec::truncate_from(cids.into_iter().cloned().collect())
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

/// Both lists of failed checks in one (`Ok` when neither failed).
pub fn merge_checks(
	first: Result<(), FailedChecks>,
	second: Result<(), FailedChecks>,
) -> Result<(), FailedChecks> {
	match (first, second) {
		(Ok(()), Ok(())) => Ok(()),
		(Err(failed), Ok(())) | (Ok(()), Err(failed)) => Err(failed),
		(Err(mut failed), Err(more)) => {
			for check in more {
				if !failed.contains(&check) {
					// Fewer checks exist than fit.
					let _ = failed.try_push(check);
				}
			}
			Err(failed)
		},
	}
}
