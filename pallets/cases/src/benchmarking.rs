//! Benchmarks of the lifecycle's calls and its per-block deadline check, worst cases.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Get, Hooks};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use safetynet_primitives::{
	cases::{CaseLifecycle, Documents, Next, Opening, RuleStamp, Service, Step},
	Role,
};

fn open_case<T: Config>(applicant: T::AccountId) -> safetynet_primitives::cases::CaseId {
	let opening = Opening {
		service: Service::SocialAssistance,
		applicant,
		applicant_code: 0,
		agency: 0,
		documents: Documents::default(),
	};
	let rule = RuleStamp { rule_version: 1, input_digest: Default::default() };
	let next = Next::step(Step::Acceptance, Role::CivilAffairsOfficer, Some(0));
	<Pallet<T> as CaseLifecycle<_, _>>::open(opening, Ok(()), rule, next).expect("room for a case")
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn set_step_deadline() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let blocks: BlockNumberFor<T> = 100u32.into();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, Service::SocialWelfare, Step::Acceptance, Some(blocks));

		assert_eq!(StepDeadlines::<T>::get(Service::SocialWelfare, Step::Acceptance), Some(blocks));
		Ok(())
	}

	/// Worst case: the case has a deadline and sits in a queue.
	#[benchmark]
	fn withdraw() {
		StepDeadlines::<T>::insert(Service::SocialAssistance, Step::Acceptance, BlockNumberFor::<T>::from(10u32));
		let applicant: T::AccountId = account("applicant", 0, 0);
		let case = open_case::<T>(applicant.clone());

		#[extrinsic_call]
		_(RawOrigin::Signed(applicant), case);

		assert!(Cases::<T>::get(case).is_some_and(|c| c.status.is_final()));
	}

	/// `c`: cases falling due in the block.
	#[benchmark]
	fn on_initialize_overdue(c: Linear<0, { T::MaxDuePerBlock::get() }>) {
		let blocks: BlockNumberFor<T> = 10u32.into();
		StepDeadlines::<T>::insert(Service::SocialAssistance, Step::Acceptance, blocks);
		for i in 0..c {
			open_case::<T>(account("applicant", i, 0));
		}
		let due = frame_system::Pallet::<T>::block_number() + blocks;

		#[block]
		{
			Pallet::<T>::on_initialize(due);
		}

		assert_eq!(Overdue::<T>::iter().count() as u32, c);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
