//! Benchmarks of the three calls, each in its worst case: the fullest team, split between two
//! agencies; the proposer with every other motion slot taken; the collective holding all the
//! proposals it may; the carrying vote counted across agencies.

use super::*;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::traits::Get;
use frame_system::RawOrigin;
use safetynet_primitives::{
	bench::{self, document as cid, DISTRICT, HOME},
	cases::{CaseLifecycle, Next, Opening, RuleStamp},
	AgencyKind, BenchmarkSetup, Household, Role,
};

/// Fills the collective to the most members it allows, registering new members alternately at
/// the civil affairs department and the neighbourhood committee, and returns the whole team:
/// the members the chain already has (they keep their seats, and a full collective takes no
/// more), then the new ones in the order they were registered.
fn team<T: Config<I>, I: 'static>() -> Vec<T::AccountId> {
	let department = T::BenchmarkHelper::agency(AgencyKind::CivilAffairsDepartment, DISTRICT);
	let committee = T::BenchmarkHelper::agency(AgencyKind::NeighborhoodCommittee, HOME);
	let seats = <T as pallet_collective::Config<I>>::MaxMembers::get();
	let mut members = pallet_collective::Members::<T, I>::get();
	for i in members.len() as u32..seats {
		let member: T::AccountId = account("member", i, 0);
		let agency = if i % 2 == 0 { department } else { committee };
		T::BenchmarkHelper::staff(&member, Role::DemocraticReviewMember, agency);
		members.push(member);
	}
	members
}

/// A social assistance case of a fresh applicant, waiting for the team's vote.
fn case_in_review<T: Config<I>, I: 'static>(i: u32) -> Result<CaseId, BenchmarkError> {
	let department = T::BenchmarkHelper::agency(AgencyKind::CivilAffairsDepartment, DISTRICT);
	let applicant: T::AccountId = account("applicant", i, 0);
	T::BenchmarkHelper::citizen(
		&applicant,
		Role::AidApplicant,
		cid(b"photo"),
		HOME,
		Household::default(),
	);
	let opening = Opening {
		service: Service::SocialAssistance,
		applicant,
		agency: department,
		documents: bench::documents(1),
		household: Household::default(),
	};
	let rule =
		RuleStamp { rule_version: 1, parameters_version: 1, input_digest: Default::default() };
	T::Cases::open(opening, Ok(()), rule, Next::review())
		.map(|(case, _)| case)
		.map_err(|_| BenchmarkError::Stop("a case in review could not be opened"))
}

fn signed<T: frame_system::Config>(who: &T::AccountId) -> T::RuntimeOrigin {
	RawOrigin::Signed(who.clone()).into()
}

/// Fills the collective with proposals (not about any case) up to one short of its limit.
fn fill_proposals<T: Config<I>, I: 'static>(proposer: &T::AccountId) -> Result<(), BenchmarkError> {
	let limit = <T as pallet_collective::Config<I>>::MaxProposals::get();
	let open = pallet_collective::Proposals::<T, I>::get().len() as u32;
	for i in open..limit.saturating_sub(1) {
		let proposal =
			T::Outcome::outcome(Service::SocialAssistance, u64::MAX - i as u64, true, None)
				.ok_or(BenchmarkError::Stop("social assistance has no review outcome"))?;
		pallet_collective::Pallet::<T, I>::do_propose_proposed(
			proposer.clone(),
			2,
			alloc::boxed::Box::new(proposal),
			u32::MAX,
		)
		.map_err(|_| BenchmarkError::Stop("the collective refused a filler proposal"))?;
	}
	Ok(())
}

#[instance_benchmarks(where T: Config<I>, I: 'static)]
mod benchmarks {
	use super::*;

	/// The proposer's other motions are all still open and are checked one by one.
	#[benchmark]
	fn propose() -> Result<(), BenchmarkError> {
		let team = team::<T, I>();
		let proposer = team[0].clone();
		for i in 1..T::MaxMotionsPerMember::get() {
			let case = case_in_review::<T, I>(i)?;
			Pallet::<T, I>::propose(signed::<T>(&proposer), case, true, None)
				.map_err(|_| BenchmarkError::Stop("an earlier motion was refused"))?;
		}
		fill_proposals::<T, I>(&team[1])?;
		let case = case_in_review::<T, I>(0)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(proposer), case, true, Some(cid(b"minutes")));

		assert!(Motions::<T, I>::contains_key(case));
		Ok(())
	}

	/// The last member to vote.
	#[benchmark]
	fn vote() -> Result<(), BenchmarkError> {
		let team = team::<T, I>();
		let case = case_in_review::<T, I>(0)?;
		Pallet::<T, I>::propose(signed::<T>(&team[0]), case, true, None)
			.map_err(|_| BenchmarkError::Stop("the motion was refused"))?;
		let (last, others) = team[1..].split_last().ok_or(BenchmarkError::Stop("a team of one"))?;
		for (i, member) in others.iter().enumerate() {
			Pallet::<T, I>::vote(signed::<T>(member), case, i % 2 == 0)
				.map_err(|_| BenchmarkError::Stop("a vote was refused"))?;
		}

		#[extrinsic_call]
		_(RawOrigin::Signed(last.clone()), case, true);

		Ok(())
	}

	/// Carried by a bare majority of the fullest team, from both agencies: every member's agency
	/// is looked up, and the decision is dispatched. The motion rejects the case: the case was
	/// opened straight into review, without the service's income accounting, so an approval
	/// would fail when it starts payments and be rolled back, while a rejection is dispatched in
	/// full. (The decision's own weight is added to `close`'s when the call is weighed.)
	#[benchmark]
	fn close() -> Result<(), BenchmarkError> {
		let team = team::<T, I>();
		let case = case_in_review::<T, I>(0)?;
		Pallet::<T, I>::propose(signed::<T>(&team[0]), case, false, None)
			.map_err(|_| BenchmarkError::Stop("the motion was refused"))?;
		let majority = team.len() / 2 + 1;
		for member in &team[1..majority] {
			Pallet::<T, I>::vote(signed::<T>(member), case, true)
				.map_err(|_| BenchmarkError::Stop("a vote was refused"))?;
		}

		#[extrinsic_call]
		_(RawOrigin::Signed(team[0].clone()), case);

		assert!(!Motions::<T, I>::contains_key(case));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::ExtBuilder::build(), crate::mock::Test);
}
