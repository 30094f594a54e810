//! # Social welfare pallet
//!
//! The paper's Social Welfare SC (Algorithm 3, Figure 7): living allowances for people injured at
//! work or on duty, decided by a hospital consultation team and paid by the welfare institute.
//!
//! ## Overview
//!
//! 1. A welfare applicant applies ([`Pallet::apply_for_social_welfare`], the paper's
//!    `ApplicationforSocialWelfare`) with personal information, original medical records and the
//!    proof of work-related injury (CIDs), and their income. The runtime checks the documents are
//!    there, the ID card is valid, and the income is below the welfare income line.
//! 2. The county welfare department accepts the case ([`Pallet::accept_welfare_application`]).
//! 3. It forms a hospital consultation team of at least `min_team` doctors
//!    ([`Pallet::apply_for_medical_consultation_team`], the paper's
//!    `ApplyForMedicalConsultationTeam`).
//! 4. A team doctor checks the person examined against the applicant's registered photo
//!    ([`Pallet::verify_examinee_identity`]); then each doctor submits a conclusion (document and
//!    disability grade, [`Pallet::submit_medical_conclusion`]). The conclusion a majority of the
//!    team signs is recorded; without a majority the team is formed anew.
//! 5. The welfare institute handles the payment ([`Pallet::handle_social_welfare`], the paper's
//!    `HandleSocialWelfare`): the amount follows from the grade and the income, and is paid
//!    monthly from the institute's fund. An officer may end it ([`Pallet::end_welfare`]).
//!
//! ## Dispatchables
//!
//! - [`Pallet::apply_for_social_welfare`], [`Pallet::resubmit_welfare`]: the applicant.
//! - [`Pallet::accept_welfare_application`], [`Pallet::apply_for_medical_consultation_team`]: a
//!   county welfare officer of the case's department.
//! - [`Pallet::verify_examinee_identity`], [`Pallet::submit_medical_conclusion`]: team doctors.
//! - [`Pallet::handle_social_welfare`], [`Pallet::end_welfare`]: a welfare institute officer.
//! - [`Pallet::set_parameters`]: governance.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{
		pallet_prelude::*,
		traits::{fungible::Inspect, UnixTime},
	};
	use frame_system::pallet_prelude::*;
	use safetynet_primitives::{
		cases::{
			failed_checks, rule_stamp, Actor, AgencyFunds, Assignee, CaseId, CaseLifecycle,
			CaseStatus, Check, Decision, FailedChecks, Next, Opening, PaymentKind,
			PaymentSchedules, RuleStamp, Service, Step,
		},
		AgencyId, AgencyKind, Cid, CitizenIdentity, ParticipantRegistry, Role,
	};

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	/// A balance of the currency welfare is paid in.
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
	/// The parameters as this runtime stores them.
	pub type ParamsOf<T> = WelfareParams<BalanceOf<T>, BlockNumberFor<T>>;
	/// A welfare case as this runtime stores it.
	pub type WelfareCaseOf<T> = WelfareCase<<T as frame_system::Config>::AccountId, BalanceOf<T>>;

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The money welfare is paid in.
		type Currency: Inspect<Self::AccountId>;
		/// Who is registered, with which roles.
		type Registry: ParticipantRegistry<Self::AccountId>;
		/// The application lifecycle.
		type Cases: CaseLifecycle<Self::AccountId, BlockNumberFor<Self>>;
		/// Welfare payments.
		type Payments: PaymentSchedules<Self::AccountId, BalanceOf<Self>, BlockNumberFor<Self>>;
		/// The agencies' funds.
		type Funds: AgencyFunds<Self::AccountId>;
		/// The chain's clock, for ID card validity.
		type UnixTime: UnixTime;
		/// Sets the parameters: the consortium council (or root).
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Weights of this pallet's calls, from benchmarks.
		type WeightInfo: WeightInfo;

		/// Sets up participants and money for this pallet's benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: safetynet_primitives::BenchmarkSetup<Self::AccountId>;
	}

	/// The thresholds and amounts of social welfare.
	#[pallet::storage]
	pub type Parameters<T: Config> = StorageValue<_, ParamsOf<T>, OptionQuery>;

	/// What the service keeps about each welfare case.
	#[pallet::storage]
	pub type WelfareCases<T: Config> =
		StorageMap<_, Twox64Concat, CaseId, WelfareCaseOf<T>, OptionQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The initial parameters (none: applications are refused until governance sets them).
		pub parameters: Option<ParamsOf<T>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			if let Some(params) = &self.parameters {
				assert!(params.is_valid(), "genesis welfare parameters must be valid");
				Parameters::<T>::put(params);
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The county welfare department accepted the case.
		ApplicationAccepted { case: CaseId, by: T::AccountId },
		/// A hospital consultation team was formed for the case.
		ConsultationTeamFormed { case: CaseId, by: T::AccountId, team: Vec<T::AccountId> },
		/// A team doctor confirmed the person examined is the applicant.
		IdentityVerified { case: CaseId, by: T::AccountId },
		/// A doctor submitted a conclusion.
		ConclusionSubmitted { case: CaseId, by: T::AccountId, grade: u8 },
		/// A majority of the team signed this conclusion.
		ConclusionRecorded { case: CaseId, conclusion: Cid, grade: u8, ayes: u32, of: u32 },
		/// Every doctor voted and no conclusion won a majority: a new team is needed.
		NoMajority { case: CaseId },
		/// The welfare institute granted the welfare; monthly payments started.
		WelfareGranted { case: CaseId, beneficiary: T::AccountId, agency: AgencyId, monthly_amount: BalanceOf<T> },
		/// The grade and income leave nothing to pay: the case is closed.
		NoWelfareDue { case: CaseId },
		/// A welfare institute officer ended the welfare.
		WelfareEnded { case: CaseId, by: T::AccountId, reason: Cid },
		/// Governance set the parameters.
		ParametersSet { parameters: ParamsOf<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller is not a registered welfare applicant.
		NotWelfareApplicant,
		/// The agency does not exist or is not a county welfare department.
		NotACountyWelfareDepartment,
		/// A CID is not a CIDv1 sha2-256 of the raw or dag-pb codec.
		InvalidCid,
		/// No parameters are set yet.
		NoParameters,
		/// The parameters are inconsistent.
		InvalidParameters,
		/// The case is not a social welfare case.
		NotAWelfareCase,
		/// A resubmission must go to the department the case was filed with.
		WrongAgency,
		/// The team has fewer doctors than `min_team`, or more than `MAX_TEAM`.
		TeamSizeInvalid,
		/// A team member is listed twice.
		DuplicateDoctor,
		/// A team member is not a registered consultation doctor.
		NotADoctor,
		/// The caller is not on the case's consultation team.
		NotOnTeam,
		/// The photo presented does not match the applicant's registered photo.
		PhotoMismatch,
		/// The applicant has no registered photo to check against.
		NoRegisteredPhoto,
		/// The examinee's identity has not been verified yet.
		IdentityNotVerified,
		/// The doctor already submitted a conclusion.
		AlreadyVoted,
		/// The disability grade is not between 1 and 10.
		InvalidGrade,
		/// The case has no recorded conclusion.
		NoConclusion,
		/// The case has no running welfare.
		NotActive,
		/// The caller is not an officer of the paying welfare institute.
		NotWelfareOfficer,
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Applies for social welfare with `form`.
		///
		/// Origin: signed by a registered welfare applicant.
		/// Emits the lifecycle's `CaseOpened` or `ChecksFailed`.
		/// Errors: `NotWelfareApplicant`, `NotACountyWelfareDepartment`, `InvalidCid`,
		/// `NoParameters`, and the lifecycle's `DuplicateApplication`, `TooManyCases`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::apply_for_social_welfare())]
		pub fn apply_for_social_welfare(
			origin: OriginFor<T>,
			form: WelfareForm<BalanceOf<T>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let identity = Self::applicant_identity(&who)?;
			let (checks, rule) = Self::evaluate(&identity, &form)?;
			let opening = Opening {
				service: Service::SocialWelfare,
				applicant: who,
				applicant_code: identity.code,
				agency: form.agency,
				documents: form.documents.clone(),
			};
			let case = T::Cases::open(opening, checks, rule, Self::acceptance(form.agency))?;
			WelfareCases::<T>::insert(case, Self::fresh(form.monthly_income));
			Ok(())
		}

		/// Resubmits `case` with a corrected `form`.
		///
		/// Origin: signed by the applicant. Emits the lifecycle's `CaseResubmitted` or
		/// `ChecksFailed`.
		/// Errors: as [`Pallet::apply_for_social_welfare`]; `NotAWelfareCase`, `WrongAgency`, and
		/// the lifecycle's `NotApplicant`, `NotAwaitingCorrection`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::resubmit_welfare())]
		pub fn resubmit_welfare(
			origin: OriginFor<T>,
			case: CaseId,
			form: WelfareForm<BalanceOf<T>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let record = T::Cases::case(case).ok_or(Error::<T>::NotAWelfareCase)?;
			ensure!(record.service == Service::SocialWelfare, Error::<T>::NotAWelfareCase);
			ensure!(record.agency == form.agency, Error::<T>::WrongAgency);
			let identity = Self::applicant_identity(&who)?;
			let (checks, rule) = Self::evaluate(&identity, &form)?;
			let next = Self::acceptance(form.agency);
			T::Cases::resubmit(case, &who, form.documents.clone(), checks, rule, next)?;
			WelfareCases::<T>::insert(case, Self::fresh(form.monthly_income));
			Ok(())
		}

		/// Accepts `case`; the department forms a consultation team next.
		///
		/// Origin: signed by a county welfare officer of the case's department.
		/// Emits [`Event::ApplicationAccepted`].
		/// Errors: `NotAWelfareCase`, and the lifecycle's `WrongStep`, `NotAssignee`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::accept_welfare_application())]
		pub fn accept_welfare_application(origin: OriginFor<T>, case: CaseId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let record = Self::welfare_record(case)?;
			let actor = T::Cases::authorize(case, Step::Acceptance, &who)?;
			let next = Next::step(Step::ConsultationTeam, Role::CountyWelfareOfficer, Some(record.agency));
			T::Cases::advance(case, actor, Decision::Done, None, next)?;
			Self::deposit_event(Event::ApplicationAccepted { case, by: who });
			Ok(())
		}

		/// Forms the hospital consultation team of `case` from `doctors`.
		///
		/// Origin: signed by a county welfare officer of the case's department.
		/// Emits [`Event::ConsultationTeamFormed`].
		/// Errors: `TeamSizeInvalid`, `DuplicateDoctor`, `NotADoctor`, `NoParameters`, and the
		/// lifecycle's `WrongStep`, `NotAssignee`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::apply_for_medical_consultation_team(doctors.len() as u32))]
		pub fn apply_for_medical_consultation_team(
			origin: OriginFor<T>,
			case: CaseId,
			doctors: Vec<T::AccountId>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::welfare_record(case)?;
			let actor = T::Cases::authorize(case, Step::ConsultationTeam, &who)?;
			let params = Parameters::<T>::get().ok_or(Error::<T>::NoParameters)?;
			ensure!(doctors.len() as u32 >= params.min_team, Error::<T>::TeamSizeInvalid);
			let team: BoundedVec<T::AccountId, ConstU32<MAX_TEAM>> =
				doctors.clone().try_into().map_err(|_| Error::<T>::TeamSizeInvalid)?;
			for (i, doctor) in team.iter().enumerate() {
				ensure!(!team[..i].contains(doctor), Error::<T>::DuplicateDoctor);
				ensure!(
					T::Registry::staff_agency(doctor, Role::ConsultationDoctor).is_some(),
					Error::<T>::NotADoctor
				);
			}
			let next = Next::step(Step::MedicalExamination, Role::ConsultationDoctor, None);
			T::Cases::advance(case, actor, Decision::Done, None, next)?;
			WelfareCases::<T>::mutate(case, |w| {
				if let Some(w) = w {
					w.team = team;
					w.identity_verified = false;
					w.votes = Default::default();
				}
			});
			Self::deposit_event(Event::ConsultationTeamFormed { case, by: who, team: doctors });
			Ok(())
		}

		/// Confirms the person examined is the applicant: `presented_photo` must be the CID of
		/// the applicant's registered photo.
		///
		/// Origin: signed by a doctor of the case's team. Emits [`Event::IdentityVerified`].
		/// Errors: `NotOnTeam`, `PhotoMismatch`, `NoRegisteredPhoto`, and the lifecycle's
		/// `WrongStep`, `NotAssignee`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::verify_examinee_identity())]
		pub fn verify_examinee_identity(
			origin: OriginFor<T>,
			case: CaseId,
			presented_photo: Cid,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let record = Self::welfare_record(case)?;
			let (actor, mut welfare) = Self::team_doctor(case, &who)?;
			let registered = T::Registry::citizen_with_role(&record.applicant, Role::WelfareApplicant)
				.and_then(|identity| identity.photo_cid)
				.ok_or(Error::<T>::NoRegisteredPhoto)?;
			ensure!(registered == presented_photo, Error::<T>::PhotoMismatch);
			let next = Next::step(Step::MedicalExamination, Role::ConsultationDoctor, None);
			T::Cases::advance(case, actor, Decision::Done, Some(presented_photo), next)?;
			welfare.identity_verified = true;
			WelfareCases::<T>::insert(case, welfare);
			Self::deposit_event(Event::IdentityVerified { case, by: who });
			Ok(())
		}

		/// Submits the caller's medical conclusion on `case`: the conclusion document and the
		/// disability grade (1 most severe, 10 least). The conclusion a majority of the team
		/// submits is recorded and the welfare institute handles the case next.
		///
		/// Origin: signed by a doctor of the case's team. Emits [`Event::ConclusionSubmitted`],
		/// then [`Event::ConclusionRecorded`] or [`Event::NoMajority`] when decided.
		/// Errors: `NotOnTeam`, `IdentityNotVerified`, `AlreadyVoted`, `InvalidGrade`,
		/// `InvalidCid`, and the lifecycle's `WrongStep`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::submit_medical_conclusion())]
		pub fn submit_medical_conclusion(
			origin: OriginFor<T>,
			case: CaseId,
			conclusion: Cid,
			grade: u8,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let record = Self::welfare_record(case)?;
			conclusion.check().map_err(|_| Error::<T>::InvalidCid)?;
			ensure!((1..=MAX_GRADE).contains(&grade), Error::<T>::InvalidGrade);
			let (_, mut welfare) = Self::team_doctor(case, &who)?;
			ensure!(welfare.identity_verified, Error::<T>::IdentityNotVerified);
			ensure!(!welfare.votes.iter().any(|v| v.doctor == who), Error::<T>::AlreadyVoted);
			let vote = ConclusionVote { doctor: who.clone(), conclusion: conclusion.clone(), grade };
			welfare.votes.try_push(vote).map_err(|_| Error::<T>::AlreadyVoted)?;
			Self::deposit_event(Event::ConclusionSubmitted { case, by: who, grade });

			let team = welfare.team.len() as u32;
			let ayes = welfare
				.votes
				.iter()
				.filter(|v| v.conclusion == conclusion && v.grade == grade)
				.count() as u32;
			if ayes * 2 > team {
				let next = Next::step(Step::WelfareHandling, Role::WelfareInstituteOfficer, None);
				let actor = Actor::Collective { ayes, of: team };
				T::Cases::advance(case, actor, Decision::Done, Some(conclusion.clone()), next)?;
				welfare.conclusion = Some((conclusion.clone(), grade));
				Self::deposit_event(Event::ConclusionRecorded { case, conclusion, grade, ayes, of: team });
			} else if welfare.votes.len() as u32 == team {
				let next = Next::step(Step::ConsultationTeam, Role::CountyWelfareOfficer, Some(record.agency));
				T::Cases::advance(case, Actor::Collective { ayes, of: team }, Decision::Rejected, None, next)?;
				welfare.votes = Default::default();
				welfare.identity_verified = false;
				Self::deposit_event(Event::NoMajority { case });
			}
			WelfareCases::<T>::insert(case, welfare);
			Ok(())
		}

		/// Handles the welfare of `case` (the paper's `HandleSocialWelfare`): the monthly amount
		/// follows from the recorded grade and the applicant's income, and is paid from the
		/// caller's welfare institute's fund.
		///
		/// Origin: signed by a welfare institute officer.
		/// Emits [`Event::WelfareGranted`], or [`Event::NoWelfareDue`] when nothing is due.
		/// Errors: `NoConclusion`, `NoParameters`, and the lifecycle's `WrongStep`,
		/// `NotAssignee`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::handle_social_welfare())]
		pub fn handle_social_welfare(origin: OriginFor<T>, case: CaseId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let record = Self::welfare_record(case)?;
			let actor = T::Cases::authorize(case, Step::WelfareHandling, &who)?;
			let Actor::Staff { agency, .. } = actor else { return Err(Error::<T>::NotWelfareOfficer.into()) };
			let mut welfare = WelfareCases::<T>::get(case).ok_or(Error::<T>::NotAWelfareCase)?;
			let (_, grade) = welfare.conclusion.clone().ok_or(Error::<T>::NoConclusion)?;
			let params = Parameters::<T>::get().ok_or(Error::<T>::NoParameters)?;
			let amount = welfare_amount(&params.amount_by_grade, grade, welfare.monthly_income, params.income_offset)
				.ok_or(Error::<T>::InvalidGrade)?;
			if amount.is_zero() {
				T::Cases::advance(case, actor, Decision::Rejected, None, Next::end(CaseStatus::Closed, Step::WelfareHandling))?;
				Self::deposit_event(Event::NoWelfareDue { case });
				return Ok(());
			}
			let active = Next { status: CaseStatus::Active, step: Step::Payments, assignee: Assignee::Runtime };
			T::Cases::advance(case, actor, Decision::Approved, None, active)?;
			let now = frame_system::Pallet::<T>::block_number();
			let schedule = T::Payments::start(
				case,
				PaymentKind::Benefit,
				T::Funds::fund_account(agency),
				record.applicant.clone(),
				amount,
				params.payment_period,
				now,
			)?;
			welfare.payment = Some((agency, amount, schedule));
			WelfareCases::<T>::insert(case, welfare);
			Self::deposit_event(Event::WelfareGranted {
				case,
				beneficiary: record.applicant,
				agency,
				monthly_amount: amount,
			});
			Ok(())
		}

		/// Ends the running welfare of `case`, for the reason in document `reason`.
		///
		/// Origin: signed by a welfare institute officer of the paying institute.
		/// Emits [`Event::WelfareEnded`].
		/// Errors: `InvalidCid`, `NotActive`, `NotWelfareOfficer`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::end_welfare())]
		pub fn end_welfare(origin: OriginFor<T>, case: CaseId, reason: Cid) -> DispatchResult {
			let who = ensure_signed(origin)?;
			reason.check().map_err(|_| Error::<T>::InvalidCid)?;
			let record = Self::welfare_record(case)?;
			ensure!(record.status == CaseStatus::Active, Error::<T>::NotActive);
			let (agency, _, schedule) = WelfareCases::<T>::get(case)
				.and_then(|w| w.payment)
				.ok_or(Error::<T>::NotActive)?;
			ensure!(
				T::Registry::has_staff_role(&who, Role::WelfareInstituteOfficer, agency),
				Error::<T>::NotWelfareOfficer
			);
			let actor = Actor::Staff { who: who.clone(), role: Role::WelfareInstituteOfficer, agency };
			T::Cases::advance(case, actor, Decision::Closed, Some(reason.clone()), Next::end(CaseStatus::Closed, Step::Payments))?;
			T::Payments::end(schedule)?;
			Self::deposit_event(Event::WelfareEnded { case, by: who, reason });
			Ok(())
		}

		/// Sets the thresholds and amounts. Applies to applications from now on.
		///
		/// Origin: [`Config::GovernanceOrigin`]. Emits [`Event::ParametersSet`].
		/// Errors: `InvalidParameters`.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::set_parameters())]
		pub fn set_parameters(origin: OriginFor<T>, parameters: ParamsOf<T>) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(parameters.is_valid(), Error::<T>::InvalidParameters);
			Parameters::<T>::put(&parameters);
			Self::deposit_event(Event::ParametersSet { parameters });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		fn acceptance(agency: AgencyId) -> Next {
			Next::step(Step::Acceptance, Role::CountyWelfareOfficer, Some(agency))
		}

		fn fresh(monthly_income: BalanceOf<T>) -> WelfareCaseOf<T> {
			WelfareCase {
				monthly_income,
				team: Default::default(),
				identity_verified: false,
				votes: Default::default(),
				conclusion: None,
				payment: None,
			}
		}

		fn applicant_identity(who: &T::AccountId) -> Result<CitizenIdentity, DispatchError> {
			T::Registry::citizen_with_role(who, Role::WelfareApplicant)
				.ok_or_else(|| Error::<T>::NotWelfareApplicant.into())
		}

		fn welfare_record(
			case: CaseId,
		) -> Result<safetynet_primitives::cases::Case<T::AccountId, BlockNumberFor<T>>, DispatchError> {
			let record = T::Cases::case(case).ok_or(Error::<T>::NotAWelfareCase)?;
			ensure!(record.service == Service::SocialWelfare, Error::<T>::NotAWelfareCase);
			Ok(record)
		}

		/// The actor and welfare record, if `who` is a doctor on `case`'s team at the examination.
		fn team_doctor(case: CaseId, who: &T::AccountId) -> Result<(Actor<T::AccountId>, WelfareCaseOf<T>), DispatchError> {
			let actor = T::Cases::authorize(case, Step::MedicalExamination, who)?;
			let welfare = WelfareCases::<T>::get(case).ok_or(Error::<T>::NotAWelfareCase)?;
			ensure!(welfare.team.contains(who), Error::<T>::NotOnTeam);
			Ok((actor, welfare))
		}

		/// Runs Algorithm 3's checks. Input errors fail the call; rule failures are returned,
		/// all of them, for the case to record.
		pub(crate) fn evaluate(
			identity: &CitizenIdentity,
			form: &WelfareForm<BalanceOf<T>>,
		) -> Result<(Result<(), FailedChecks>, RuleStamp), DispatchError> {
			safetynet_primitives::cases::check_documents(form.cids())
				.map_err(|_| Error::<T>::InvalidCid)?;
			let agency =
				T::Registry::agency(form.agency).ok_or(Error::<T>::NotACountyWelfareDepartment)?;
			ensure!(
				agency.kind == AgencyKind::CountyWelfareDepartment,
				Error::<T>::NotACountyWelfareDepartment
			);
			let params = Parameters::<T>::get().ok_or(Error::<T>::NoParameters)?;
			let now_ms = T::UnixTime::now().as_millis() as u64;
			let checks = failed_checks(&[
				(form.personal_info_cid.is_none(), Check::FormIncomplete),
				(form.medical_records_cid.is_none(), Check::MedicalRecordsMissing),
				(form.injury_proof_cid.is_none(), Check::InjuryProofMissing),
				(identity.id_valid_until <= now_ms, Check::IdCardExpired),
				(form.monthly_income >= params.income_line, Check::IncomeAboveWelfareLine),
			]);
			let spec_version = <T as frame_system::Config>::Version::get().spec_version;
			let rule = rule_stamp(spec_version, &(form, identity.id_valid_until, now_ms, &params));
			Ok((checks, rule))
		}
	}
}
