//! Governance: the consortium council of agencies and its root-equivalent power. There is no
//! sudo: on every chain, `--dev` included, the council is the only way to root.
//!
//! The council has one seat per agency, held by the agency's administrator; the registration
//! pallet keeps the seats in step with the agencies (`AdminMembership`). Two thirds of the seats
//! act as root (through `pallet_consortium`) and as the registration pallet's governance origin.
//! On `--dev` the council has one seat (Alice's), so her motions pass as she proposes them.

use crate::{AccountId, BlockNumber, Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin, MINUTES};
use frame_support::{
	parameter_types,
	traits::{ConstU32, EitherOfDiverse, EnsureOrigin},
	weights::Weight,
};
use frame_system::{EnsureNever, EnsureRoot};
use sp_runtime::Perbill;

use super::RuntimeBlockWeights;

/// Most agencies (and so council seats) the consortium may have.
pub const MAX_AGENCIES: u32 = 64;

/// The consortium council: one seat per agency.
pub type CouncilCollective = pallet_collective::Instance1;

/// Two thirds of the agencies.
pub type CouncilTwoThirds =
	pallet_collective::EnsureProportionAtLeast<AccountId, CouncilCollective, 2, 3>;

/// Root, or two thirds of the agencies: who may change the consortium itself.
pub type GovernanceOrigin = EitherOfDiverse<EnsureRoot<AccountId>, CouncilTwoThirds>;

parameter_types! {
	/// A motion left open this long may be closed with the votes it has.
	pub const CouncilMotionDuration: BlockNumber = 30 * MINUTES;
	pub const CouncilMaxProposals: u32 = 100;
	pub MaxProposalWeight: Weight = Perbill::from_percent(50) * RuntimeBlockWeights::get().max_block;
}

impl pallet_collective::Config<CouncilCollective> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = CouncilMotionDuration;
	type MaxProposals = CouncilMaxProposals;
	type MaxMembers = ConstU32<MAX_AGENCIES>;
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = pallet_collective::weights::SubstrateWeight<Runtime>;
	/// Seats follow the agencies; nobody sets them by hand.
	type SetMembersOrigin = EnsureNever<()>;
	type MaxProposalWeight = MaxProposalWeight;
	type DisapproveOrigin = EnsureRoot<AccountId>;
	type KillOrigin = EnsureRoot<AccountId>;
	/// Agencies are accountable institutions: proposing costs no deposit.
	type Consideration = ();
}

/// The democratic review team: every staff member holding `DemocraticReviewMember`, within the
/// seats the council gives each agency. The registration pallet keeps its seats in step with
/// the role (`ReviewTeamMembership`); its motions go through `pallet_democratic_review` only
/// (the call filter closes the collective's own calls).
pub type ReviewCollective = pallet_collective::Instance2;

/// Most members the democratic review team may have.
pub const MAX_REVIEW_TEAM: u32 = 64;

parameter_types! {
	/// A review motion left open this long may be closed with the votes it has.
	pub const ReviewMotionDuration: BlockNumber = 24 * 60 * MINUTES;
	pub const ReviewMaxProposals: u32 = 1_000;
}

impl pallet_collective::Config<ReviewCollective> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = ReviewMotionDuration;
	type MaxProposals = ReviewMaxProposals;
	type MaxMembers = ConstU32<MAX_REVIEW_TEAM>;
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = pallet_collective::weights::SubstrateWeight<Runtime>;
	/// Seats follow the role; nobody sets them by hand.
	type SetMembersOrigin = EnsureNever<()>;
	type MaxProposalWeight = MaxProposalWeight;
	type DisapproveOrigin = EnsureRoot<AccountId>;
	type KillOrigin = EnsureRoot<AccountId>;
	type Consideration = ();
}

/// A majority of the democratic review team, reaching a service pallet as its `ReviewOrigin`
/// with the votes it carried: `(ayes, of)`. The service pallets never see pallet-collective.
pub struct EnsureReviewMajority;
impl EnsureOrigin<RuntimeOrigin> for EnsureReviewMajority {
	type Success = (u32, u32);

	fn try_origin(origin: RuntimeOrigin) -> Result<Self::Success, RuntimeOrigin> {
		match origin.clone().into() {
			Ok(pallet_collective::RawOrigin::<AccountId, ReviewCollective>::Members(ayes, of))
				if safetynet_primitives::kit::is_majority(ayes, of) =>
				Ok((ayes, of)),
			_ => Err(origin),
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<RuntimeOrigin, ()> {
		Ok(RuntimeOrigin::from(
			pallet_collective::RawOrigin::<AccountId, ReviewCollective>::Members(1, 1),
		))
	}
}

parameter_types! {
	/// Open motions one review member may have: enough for a busy week, too few to flood.
	pub const MaxMotionsPerMember: u32 = 16;
}

impl pallet_democratic_review::Config<ReviewCollective> for Runtime {
	type Registry = crate::Registration;
	type Cases = crate::Cases;
	type Outcome = ReviewOutcomes;
	type MaxMotionsPerMember = MaxMotionsPerMember;
	type ReviewWeightInfo = pallet_democratic_review::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = super::services::BenchmarkSetup;
}

/// The call each service records the review team's decision with.
pub struct ReviewOutcomes;
impl pallet_democratic_review::ReviewOutcome<RuntimeCall> for ReviewOutcomes {
	fn outcome(
		service: safetynet_primitives::cases::Service,
		case: safetynet_primitives::cases::CaseId,
		approve: bool,
		minutes: Option<safetynet_primitives::Cid>,
	) -> Option<RuntimeCall> {
		use safetynet_primitives::cases::Service;
		match service {
			Service::SocialAssistance =>
				Some(RuntimeCall::Assistance(pallet_assistance::Call::review {
					case,
					approved: approve,
					minutes,
				})),
			Service::MinimumLiving =>
				Some(RuntimeCall::MinimumLiving(pallet_minimum_living::Call::review {
					case,
					approved: approve,
					minutes,
				})),
			Service::SocialInsurance | Service::SocialWelfare => None,
		}
	}

	fn max_weight() -> frame_support::weights::Weight {
		use pallet_assistance::WeightInfo as _;
		use pallet_minimum_living::WeightInfo as _;
		let assistance = <Runtime as pallet_assistance::Config>::WeightInfo::review();
		let minimum_living = <Runtime as pallet_minimum_living::Config>::WeightInfo::review();
		assistance.max(minimum_living)
	}
}

impl pallet_consortium::Config for Runtime {
	type RuntimeCall = RuntimeCall;
	type CouncilOrigin = CouncilTwoThirds;
	type WeightInfo = pallet_consortium::weights::SubstrateWeight<Runtime>;
}
