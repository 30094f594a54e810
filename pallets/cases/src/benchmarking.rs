//! Benchmarks of the lifecycle's calls and its per-block deadline check, worst cases: the
//! fullest household, a queue and a deadline to leave, payments to move.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{EnsureOrigin, Get, Hooks},
	weights::Weight,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use safetynet_primitives::{
	bench::{self, DISTRICT, HOME},
	cases::{
		Actor, Assign, CaseId, CaseLifecycle, CaseStatus, Decision, Next, Opening, Responsible,
		RuleStamp, Service, Step, MAX_DOCUMENTS,
	},
	cid::raw_cid_of as cid,
	AgencyId, AgencyKind, BenchmarkSetup, Household, Role, MAX_HOUSEHOLD,
};

/// The fullest household a case can list.
fn household(seed: u32) -> Household {
	bench::household(seed, MAX_HOUSEHOLD)
}

/// A civil affairs department and one of its officers.
fn department<T: Config>() -> (AgencyId, T::AccountId) {
	let agency = T::BenchmarkHelper::agency(AgencyKind::CivilAffairsDepartment, DISTRICT);
	let officer: T::AccountId = account("officer", 0, 0);
	T::BenchmarkHelper::staff(&officer, Role::CivilAffairsOfficer, agency);
	(agency, officer)
}

/// An assistance case of a fresh applicant with the fullest household, waiting for acceptance.
fn open_case<T: Config>(agency: AgencyId, i: u32) -> (CaseId, T::AccountId) {
	let applicant: T::AccountId = account("applicant", i, 0);
	let members = household(i);
	T::BenchmarkHelper::citizen(
		&applicant,
		Role::AidApplicant,
		cid(b"photo"),
		HOME,
		members.clone(),
	);
	let opening = Opening {
		service: Service::SocialAssistance,
		applicant: applicant.clone(),
		agency,
		documents: bench::documents(MAX_DOCUMENTS),
		household: members,
	};
	let rule =
		RuleStamp { rule_version: 1, parameters_version: 1, input_digest: Default::default() };
	let next = Next::step(Step::Acceptance, Role::CivilAffairsOfficer, Responsible::FiledWith);
	let (case, _) = <Pallet<T> as CaseLifecycle<_, _>>::open(opening, Ok(()), rule, next)
		.expect("room for a case");
	(case, applicant)
}

/// Makes `case` active: approved by the review team, with a live payment schedule for suspending,
/// resuming and ending to move.
fn approve<T: Config>(case: CaseId, agency: AgencyId) {
	let next = Next::active(Step::Payments, Assign::Runtime);
	<Pallet<T> as CaseLifecycle<_, _>>::advance(
		case,
		Actor::Collective { ayes: 1, of: 1 },
		Decision::Approved,
		None,
		next,
	)
	.expect("approved");
	<T::Payments as safetynet_primitives::cases::CasePayments>::benchmark_schedule(case, agency);
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

	/// Worst case: the case has a deadline, sits in a queue, and its fullest household leaves
	/// the duplicate check.
	#[benchmark]
	fn withdraw() {
		StepDeadlines::<T>::insert(
			Service::SocialAssistance,
			Step::Acceptance,
			BlockNumberFor::<T>::from(10u32),
		);
		let (agency, _) = department::<T>();
		let (case, applicant) = open_case::<T>(agency, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(applicant), case);

		assert!(Cases::<T>::get(case).is_some_and(|c| c.status.is_final()));
	}

	#[benchmark]
	fn suspend() {
		let (agency, officer) = department::<T>();
		let (case, _) = open_case::<T>(agency, 0);
		approve::<T>(case, agency);

		#[extrinsic_call]
		_(RawOrigin::Signed(officer), case, cid(b"reason"));

		assert!(Cases::<T>::get(case).is_some_and(|c| c.status == CaseStatus::Suspended));
	}

	#[benchmark]
	fn resume() {
		let (agency, officer) = department::<T>();
		let (case, _) = open_case::<T>(agency, 0);
		approve::<T>(case, agency);
		Pallet::<T>::suspend(RawOrigin::Signed(officer.clone()).into(), case, cid(b"reason"))
			.expect("suspended");

		#[extrinsic_call]
		_(RawOrigin::Signed(officer), case);

		assert!(Cases::<T>::get(case).is_some_and(|c| c.status == CaseStatus::Active));
	}

	#[benchmark]
	fn end() {
		let (agency, officer) = department::<T>();
		let (case, _) = open_case::<T>(agency, 0);
		approve::<T>(case, agency);

		#[extrinsic_call]
		_(RawOrigin::Signed(officer), case, cid(b"reason"));

		assert!(Cases::<T>::get(case).is_some_and(|c| c.status == CaseStatus::Closed));
	}

	/// Worst case: the case has a deadline, sits in a queue, and its fullest household leaves
	/// the duplicate check.
	#[benchmark]
	fn decline() {
		StepDeadlines::<T>::insert(
			Service::SocialAssistance,
			Step::Acceptance,
			BlockNumberFor::<T>::from(10u32),
		);
		let (agency, officer) = department::<T>();
		let (case, _) = open_case::<T>(agency, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(officer), case, cid(b"outside the department's remit"));

		assert!(Cases::<T>::get(case).is_some_and(|c| c.status == CaseStatus::Rejected));
	}

	#[benchmark]
	fn force_end() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		StepDeadlines::<T>::insert(
			Service::SocialAssistance,
			Step::Acceptance,
			BlockNumberFor::<T>::from(10u32),
		);
		let (agency, _) = department::<T>();
		let (case, _) = open_case::<T>(agency, 0);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, case, cid(b"court order"));

		assert!(Cases::<T>::get(case).is_some_and(|c| c.status == CaseStatus::Closed));
		Ok(())
	}

	#[benchmark]
	fn set_combination_rule() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(
			origin as T::RuntimeOrigin,
			Service::MinimumLiving,
			Service::SocialAssistance,
			Some(ConflictAction::JointDecision),
		);

		assert!(CombinationRules::<T>::contains_key(
			Service::SocialAssistance,
			Service::MinimumLiving
		));
		Ok(())
	}

	/// Worst case: the last agency's agreement moves the case on.
	#[benchmark]
	fn decide_jointly() {
		let (agency, officer) = department::<T>();
		CombinationRules::<T>::insert(
			Service::SocialAssistance,
			Service::SocialAssistance,
			ConflictAction::JointDecision,
		);
		let (first, _) = open_case::<T>(agency, 0);
		approve::<T>(first, agency);
		// A second applicant whose household is the first's.
		let applicant: T::AccountId = account("applicant", 1, 0);
		let members = household(0);
		T::BenchmarkHelper::citizen(
			&applicant,
			Role::AidApplicant,
			cid(b"photo"),
			HOME,
			members.clone(),
		);
		let opening = Opening {
			service: Service::SocialAssistance,
			applicant,
			agency,
			documents: Default::default(),
			household: members,
		};
		let rule =
			RuleStamp { rule_version: 1, parameters_version: 1, input_digest: Default::default() };
		let next = Next::step(Step::Acceptance, Role::CivilAffairsOfficer, Responsible::FiledWith);
		let (case, _) = <Pallet<T> as CaseLifecycle<_, _>>::open(opening, Ok(()), rule, next)
			.expect("room for a case");
		assert!(JointDecisions::<T>::contains_key(case));

		#[extrinsic_call]
		_(RawOrigin::Signed(officer), case, true);

		assert!(Cases::<T>::get(case).is_some_and(|c| c.step == Step::Acceptance));
	}

	/// `c`: cases falling due in the block.
	#[benchmark]
	fn on_initialize_overdue(c: Linear<0, { T::MaxDuePerBlock::get() }>) {
		let blocks: BlockNumberFor<T> = 10u32.into();
		StepDeadlines::<T>::insert(Service::SocialAssistance, Step::Acceptance, blocks);
		let (agency, _) = department::<T>();
		for i in 0..c {
			open_case::<T>(agency, i);
		}
		let due = frame_system::Pallet::<T>::block_number() + blocks;

		#[block]
		{
			Pallet::<T>::on_initialize(due);
		}

		assert_eq!(Overdue::<T>::iter().count() as u32, c);
	}

	/// One case of the walk after an agency's removal, the worst kind: an active case with the
	/// fullest household and payments to end.
	#[benchmark]
	fn sweep_case() {
		let (agency, _) = department::<T>();
		let (case, _) = open_case::<T>(agency, 0);
		approve::<T>(case, agency);
		T::BenchmarkHelper::remove_agency(agency);
		AgencySweep::<T>::put(SweepProgress { next: case, end: case + 1 });

		#[block]
		{
			Pallet::<T>::sweep_removed_agencies(Weight::MAX);
		}

		assert!(Cases::<T>::get(case).is_some_and(|c| c.status == CaseStatus::Closed));
		assert!(AgencySweep::<T>::get().is_none());
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
