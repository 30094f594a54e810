//! What the lifecycle keeps beside the cases themselves, and what it shows front ends.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::BoundedVec;
use safetynet_primitives::{
	cases::{Assignee, Case, CaseId, CaseStatus, Service, Step, StepRecord},
	region::RegionCode,
	AgencyId, ParticipantCode, Role,
};
use scale_info::TypeInfo;

/// Where a step put a case, once the lifecycle has resolved which agency takes it.
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
pub struct Placement {
	/// The status the case takes.
	pub status: CaseStatus,
	/// The step it waits at.
	pub step: Step,
	/// Who must take that step.
	pub assignee: Assignee,
}

/// What happens to an application that would combine benefits the rules say cannot be combined.
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
pub enum ConflictAction {
	/// Refused: the submission fails its checks with `BenefitNotCombinable`.
	Refuse,
	/// The agencies involved decide together whether it goes on. An application the rules
	/// would approve on the spot (social insurance) cannot wait for people, and is refused.
	JointDecision,
}

/// Most agencies one joint decision may involve.
pub const MAX_JOINT_AGENCIES: u32 = 8;

/// Most conflicting cases one joint decision (or conflict event) lists.
pub const MAX_CONFLICTS: u32 = 16;

/// The cases an application conflicts with.
pub type Conflicts = BoundedVec<CaseId, frame_support::traits::ConstU32<MAX_CONFLICTS>>;

/// An agency taking part in a joint decision, through staff holding `role`.
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
pub struct JointParty {
	pub agency: AgencyId,
	pub role: Role,
	/// Whether the agency has agreed the case may go on.
	pub agreed: bool,
}

/// A case waiting for the agencies involved in a conflict to decide together.
#[derive(
	Clone, Debug, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo,
)]
pub struct JointDecision {
	/// The agencies that must all agree: the case's own first, then those of the conflicting
	/// cases.
	pub parties: BoundedVec<JointParty, frame_support::traits::ConstU32<MAX_JOINT_AGENCIES>>,
	/// The cases the application conflicts with.
	pub conflicting: Conflicts,
	/// Where the case goes once every agency agreed.
	pub then: Placement,
}

impl JointDecision {
	/// Whether every agency has agreed.
	pub fn all_agreed(&self) -> bool {
		self.parties.iter().all(|p| p.agreed)
	}
}

/// A case with the part of its history kept in state, as front ends see it.
#[derive(Clone, Debug, Decode, Encode, Eq, PartialEq, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct CaseView<AccountId, BlockNumber> {
	pub id: CaseId,
	pub case: Case<AccountId, BlockNumber>,
	/// History entries from `case.archived` on; older ones are in the blocks that recorded them.
	pub history: Vec<StepRecord<AccountId, BlockNumber>>,
}

/// One line of a list of cases.
#[derive(Clone, Debug, Decode, Encode, Eq, PartialEq, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct CaseSummary<BlockNumber> {
	pub id: CaseId,
	pub service: Service,
	pub status: CaseStatus,
	pub step: Step,
	pub agency: AgencyId,
	pub assigned_to: Option<AgencyId>,
	/// The applicant's participant code: staff search their queues by it.
	pub applicant_code: ParticipantCode,
	/// Where the case is (the applicant's neighbourhood): queues filter by it, and staff posted
	/// to a part of their agency's area see only that part's cases.
	pub region: RegionCode,
	pub opened_at: BlockNumber,
	pub due: Option<BlockNumber>,
}

/// The walk over every case that ends those depending on a removed agency, a few cases per block
/// in the blocks' spare weight. A removal during a walk starts it again from the first case.
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
pub struct SweepProgress {
	/// The next case to look at.
	pub next: CaseId,
	/// The first case id not to look at: cases opened after the removal cannot depend on the
	/// removed agency.
	pub end: CaseId,
}
