//! The shared service test runtime with the review collective, this pallet, and social assistance
//! as the service whose cases the team reviews.

use crate as pallet_democratic_review;

safetynet_test_runtime::service_test_runtime!(
	DemocraticReview: pallet_democratic_review,
	params: pallet_assistance::AssistanceParams<u64, u64>,
	on_approved: (),
	on_registration_ended: Cases,
	review_membership: ReviewTeam,
	extra: {
		ReviewTeam: pallet_collective,
		Assistance: pallet_assistance,
	},
	also_checked: [Assistance]
);

parameter_types! {
	pub const MotionDuration: u64 = 10;
	pub MaxProposalWeight: frame_support::weights::Weight = frame_support::weights::Weight::MAX;
}

impl pallet_collective::Config for Test {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = MotionDuration;
	type MaxProposals = ConstU32<16>;
	type MaxMembers = ConstU32<16>;
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = ();
	type SetMembersOrigin = frame_system::EnsureNever<()>;
	type MaxProposalWeight = MaxProposalWeight;
	type DisapproveOrigin = frame_system::EnsureRoot<AccountId>;
	type KillOrigin = frame_system::EnsureRoot<AccountId>;
	type Consideration = ();
}

/// A majority of the review team, as the runtime maps it.
pub struct EnsureReviewMajority;
impl frame_support::traits::EnsureOrigin<RuntimeOrigin> for EnsureReviewMajority {
	type Success = (u32, u32);
	fn try_origin(origin: RuntimeOrigin) -> Result<(u32, u32), RuntimeOrigin> {
		match origin.clone().into() {
			Ok(pallet_collective::RawOrigin::<AccountId, ()>::Members(ayes, of))
				if safetynet_primitives::kit::is_majority(ayes, of) =>
				Ok((ayes, of)),
			_ => Err(origin),
		}
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<RuntimeOrigin, ()> {
		Ok(RuntimeOrigin::from(pallet_collective::RawOrigin::<AccountId, ()>::Members(1, 1)))
	}
}

impl pallet_assistance::Config for Test {
	type Currency = Balances;
	type Cases = Cases;
	type Payments = Payments;
	type Parameters = CurrentParams;
	type ReviewOrigin = EnsureReviewMajority;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = TestBenchmarkSetup;
}

/// The call assistance records the team's decision with.
pub struct Outcomes;
impl pallet_democratic_review::ReviewOutcome<RuntimeCall> for Outcomes {
	fn outcome(
		service: safetynet_primitives::cases::Service,
		case: u64,
		approve: bool,
		minutes: Option<Cid>,
	) -> Option<RuntimeCall> {
		match service {
			safetynet_primitives::cases::Service::SocialAssistance =>
				Some(RuntimeCall::Assistance(pallet_assistance::Call::review {
					case,
					approved: approve,
					minutes,
				})),
			_ => None,
		}
	}

	fn max_weight() -> frame_support::weights::Weight {
		use pallet_assistance::WeightInfo;
		<() as WeightInfo>::review()
	}
}

impl pallet_democratic_review::Config for Test {
	type Registry = Registration;
	type Cases = Cases;
	type Outcome = Outcomes;
	type MaxMotionsPerMember = ConstU32<2>;
	type ReviewWeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = TestBenchmarkSetup;
}

pub fn params() -> pallet_assistance::ParamsOf<Test> {
	pallet_assistance::AssistanceParams {
		assistance_line: 60_000,
		property_line: 500_000,
		max_members: 10,
		payment_period: 10,
	}
}

pub fn extra_genesis(_: &mut sp_runtime::Storage) {}
