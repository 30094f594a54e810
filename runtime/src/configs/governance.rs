//! Governance: the consortium council of agencies, its root-equivalent power, and the dev-only
//! sudo key.
//!
//! The council has one seat per agency, held by the agency's administrator; the registration
//! pallet keeps the seats in step with the agencies (`AdminMembership`). Two thirds of the seats
//! act as root (through `pallet_consortium`) and as the registration pallet's governance origin.
//! Sudo is in the runtime, but only the `development` preset gives it a key.

use crate::{AccountId, BlockNumber, Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin, MINUTES};
use frame_support::{
	parameter_types,
	traits::{ConstU32, EitherOfDiverse},
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

impl pallet_consortium::Config for Runtime {
	type RuntimeCall = RuntimeCall;
	type CouncilOrigin = CouncilTwoThirds;
	type WeightInfo = pallet_consortium::weights::SubstrateWeight<Runtime>;
}

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = pallet_sudo::weights::SubstrateWeight<Runtime>;
}
