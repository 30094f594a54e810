//! Benchmarks of every call, each in its worst case: the largest team, doctors whose every seat
//! must be freed before they join it, the deciding conclusion, payments starting.

use super::*;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::traits::Get;
use frame_system::RawOrigin;
use safetynet_primitives::{
	bench::{self, document as cid, DISTRICT, HOME},
	cases::CaseId,
	AgencyId, AgencyKind, BenchmarkSetup, Household, Role,
};
use sp_runtime::traits::Zero;

/// The parameters governance set (every chain's genesis sets some).
fn params<T: Config>() -> Result<ParamsOf<T>, BenchmarkError> {
	T::Parameters::get().ok_or(BenchmarkError::Stop("no welfare parameters at genesis"))
}

/// A complete form of an applicant with no income: every check passes and the most is due.
fn form<T: Config>(agency: AgencyId) -> WelfareForm<BalanceOf<T>> {
	WelfareForm {
		agency,
		personal_info_cid: Some(cid(b"personal")),
		medical_records_cid: Some(cid(b"records")),
		injury_proof_cid: Some(cid(b"injury")),
		monthly_income: Zero::zero(),
		documents: bench::extra_documents(),
		salt: [7; 32],
	}
}

/// Everyone a welfare case involves.
struct Cast<T: Config> {
	applicant: T::AccountId,
	department: AgencyId,
	institute: AgencyId,
	county_officer: T::AccountId,
	welfare_officer: T::AccountId,
	/// [`MAX_TEAM`] doctors of the district's hospital.
	doctors: Vec<T::AccountId>,
}

fn cast<T: Config>() -> Cast<T> {
	let department = T::BenchmarkHelper::agency(AgencyKind::CountyWelfareDepartment, DISTRICT);
	let institute = T::BenchmarkHelper::agency(AgencyKind::WelfareInstitute, DISTRICT);
	let hospital = T::BenchmarkHelper::agency(AgencyKind::Hospital, DISTRICT);
	let applicant: T::AccountId = account("applicant", 0, 0);
	T::BenchmarkHelper::citizen(
		&applicant,
		Role::WelfareApplicant,
		cid(b"photo"),
		HOME,
		Household::default(),
	);
	let county_officer: T::AccountId = account("county-officer", 0, 0);
	T::BenchmarkHelper::staff(&county_officer, Role::CountyWelfareOfficer, department);
	let welfare_officer: T::AccountId = account("welfare-officer", 0, 0);
	T::BenchmarkHelper::staff(&welfare_officer, Role::WelfareInstituteOfficer, institute);
	let doctors = (0..MAX_TEAM)
		.map(|i| {
			let doctor: T::AccountId = account("doctor", i, 0);
			T::BenchmarkHelper::staff(&doctor, Role::ConsultationDoctor, hospital);
			doctor
		})
		.collect();
	Cast { applicant, department, institute, county_officer, welfare_officer, doctors }
}

fn signed<T: Config>(who: &T::AccountId) -> T::RuntimeOrigin {
	RawOrigin::Signed(who.clone()).into()
}

/// How far [`case_at`] takes a new application.
#[derive(PartialEq, PartialOrd)]
enum Stage {
	Filed,
	Accepted,
	TeamFormed,
	IdentityVerified,
	Concluded,
}

/// Files a new application and takes it to `stage`, with the whole [`MAX_TEAM`] on its team.
fn case_at<T: Config>(cast: &Cast<T>, stage: Stage) -> Result<CaseId, BenchmarkError> {
	let failed = |_| BenchmarkError::Stop("a step of the set-up failed");
	let case = Pallet::<T>::do_apply(cast.applicant.clone(), None, form::<T>(cast.department))
		.map_err(failed)?;
	if stage >= Stage::Accepted {
		Pallet::<T>::accept(signed::<T>(&cast.county_officer), case, Some(cast.institute))
			.map_err(failed)?;
	}
	if stage >= Stage::TeamFormed {
		Pallet::<T>::form_team(signed::<T>(&cast.county_officer), case, cast.doctors.clone())
			.map_err(failed)?;
	}
	if stage >= Stage::IdentityVerified {
		Pallet::<T>::verify_identity(signed::<T>(&cast.doctors[0]), case, cid(b"photo"))
			.map_err(failed)?;
	}
	if stage >= Stage::Concluded {
		for doctor in cast.doctors.iter().take(MAX_TEAM as usize / 2 + 1) {
			Pallet::<T>::conclude(signed::<T>(doctor), case, cid(b"conclusion"), 1, [5; 32])
				.map_err(failed)?;
		}
	}
	Ok(case)
}

/// Fills every seat `doctor` may hold with teams of cases that no longer exist, so joining a
/// team first frees them all.
fn stale_seats<T: Config>(doctor: &T::AccountId) {
	let seats = T::MaxTeamsPerDoctor::get();
	for i in 0..seats {
		TeamSeats::<T>::insert(doctor, u64::MAX - u64::from(i), ());
	}
	TeamSeatCount::<T>::insert(doctor, seats);
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn apply() -> Result<(), BenchmarkError> {
		params::<T>()?;
		let cast = cast::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.applicant.clone()), form::<T>(cast.department));

		assert_eq!(WelfareCases::<T>::iter().count(), 1);
		Ok(())
	}

	/// An incomplete application, corrected.
	#[benchmark]
	fn resubmit() -> Result<(), BenchmarkError> {
		params::<T>()?;
		let cast = cast::<T>();
		let mut incomplete = form::<T>(cast.department);
		incomplete.personal_info_cid = None;
		let case = Pallet::<T>::do_apply(cast.applicant.clone(), None, incomplete)
			.map_err(|_| BenchmarkError::Stop("the incomplete form was not recorded"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.applicant.clone()), case, form::<T>(cast.department));

		Ok(())
	}

	/// Naming the institute: one more look-up.
	#[benchmark]
	fn accept() -> Result<(), BenchmarkError> {
		params::<T>()?;
		let cast = cast::<T>();
		let case = case_at::<T>(&cast, Stage::Filed)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.county_officer.clone()), case, Some(cast.institute));

		Ok(())
	}

	/// `d`: doctors on the team, each first freed of every stale seat.
	#[benchmark]
	fn form_team(d: Linear<3, MAX_TEAM>) -> Result<(), BenchmarkError> {
		let params = params::<T>()?;
		let cast = cast::<T>();
		let case = case_at::<T>(&cast, Stage::Accepted)?;
		let team: Vec<T::AccountId> =
			cast.doctors.iter().take(d.max(params.min_team) as usize).cloned().collect();
		team.iter().for_each(stale_seats::<T>);

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.county_officer.clone()), case, team.clone());

		assert!(team.iter().all(|doctor| TeamSeatCount::<T>::get(doctor) == 1));
		Ok(())
	}

	#[benchmark]
	fn verify_identity() -> Result<(), BenchmarkError> {
		params::<T>()?;
		let cast = cast::<T>();
		let case = case_at::<T>(&cast, Stage::TeamFormed)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.doctors[0].clone()), case, cid(b"photo"));

		Ok(())
	}

	/// The deciding conclusion of the largest team: the case moves on and every seat is freed.
	#[benchmark]
	fn conclude() -> Result<(), BenchmarkError> {
		params::<T>()?;
		let cast = cast::<T>();
		let case = case_at::<T>(&cast, Stage::IdentityVerified)?;
		let majority = MAX_TEAM as usize / 2 + 1;
		for doctor in cast.doctors.iter().take(majority - 1) {
			Pallet::<T>::conclude(signed::<T>(doctor), case, cid(b"conclusion"), 1, [5; 32])
				.map_err(|_| BenchmarkError::Stop("a conclusion was refused"))?;
		}

		#[extrinsic_call]
		_(
			RawOrigin::Signed(cast.doctors[majority - 1].clone()),
			case,
			cid(b"conclusion"),
			1,
			[5; 32],
		);

		assert!(WelfareCases::<T>::get(case).is_some_and(|w| w.conclusion.is_some()));
		Ok(())
	}

	/// Welfare is due: payments start from the institute's fund.
	#[benchmark]
	fn handle() -> Result<(), BenchmarkError> {
		params::<T>()?;
		let cast = cast::<T>();
		let case = case_at::<T>(&cast, Stage::Concluded)?;
		let figures = HandlingFigures {
			grade: 1,
			conclusion_salt: [5; 32],
			monthly_income: Zero::zero(),
			declaration_salt: [7; 32],
		};

		#[extrinsic_call]
		_(RawOrigin::Signed(cast.welfare_officer.clone()), case, figures);

		assert!(WelfareCases::<T>::get(case).is_some_and(|w| w.payment.is_some()));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::ExtBuilder::build(), crate::mock::Test);
}
