//! # Social welfare pallet
//!
//! The paper's Social Welfare SC (Algorithm 3, Figure 7): living allowances for people injured at
//! work or on duty, decided by a hospital consultation team and paid by the welfare institute.
//!
//! ## Overview
//!
//! 1. A welfare applicant applies ([`Pallet::apply`], the paper's `ApplicationforSocialWelfare`)
//!    with personal information, original medical records and the proof of work-related injury
//!    (CIDs), and their income. The lifecycle checks what every service shares; this pallet checks
//!    the documents are there and the income is below the welfare income line.
//! 2. The county welfare department it was filed with accepts the case ([`Pallet::accept`]), naming
//!    the welfare institute that will pay if it is not the one responsible for the applicant's
//!    neighbourhood.
//! 3. It forms a hospital consultation team of at least `min_team` doctors, none of whom the case
//!    concerns ([`Pallet::form_team`], the paper's `ApplyForMedicalConsultationTeam`).
//! 4. A team doctor checks the person examined against the applicant's registered photo
//!    ([`Pallet::verify_identity`]); then each doctor submits a conclusion (document and disability
//!    grade, [`Pallet::conclude`]). The conclusion a majority of the team signs is recorded;
//!    without a majority, or when a doctor leaves the team's hospital, the case goes back to the
//!    department to form a team anew.
//! 5. An officer of the welfare institute handles the payment ([`Pallet::handle`], the paper's
//!    `HandleSocialWelfare`): the amount follows from the grade and the income, and is paid monthly
//!    from the institute's fund. The institute's officers suspend, resume and end it through the
//!    lifecycle.
//!
//! ## Dispatchables
//!
//! - [`Pallet::apply`], [`Pallet::resubmit`]: the applicant.
//! - [`Pallet::accept`], [`Pallet::form_team`]: a county welfare officer of the case's department.
//! - [`Pallet::verify_identity`], [`Pallet::conclude`]: team doctors.
//! - [`Pallet::handle`]: an officer of the welfare institute the case was sent to.

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
	use frame_support::{pallet_prelude::*, traits::fungible::Inspect};
	use frame_system::pallet_prelude::*;
	use safetynet_primitives::{
		cases::{
			collect_documents, failed_checks, rule_stamp, Actor, Assign, CaseId, CaseLifecycle,
			CaseStatus, Check, Decision, FailedChecks, Next, Opening, PaymentKind,
			PaymentSchedules, Responsible, RuleStamp, Service, Step,
		},
		figures::{matches, Salt},
		kit::{is_majority, RuleVersion},
		AgencyId, AgencyKind, Cid, Household, OnRegistrationEnded, ParticipantRegistry, Role,
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

	/// This pallet's service.
	const SERVICE: Service = Service::SocialWelfare;

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The money welfare is paid in.
		type Currency: Inspect<Self::AccountId>;
		/// Who is registered: doctors, and applicants' registered photos.
		type Registry: ParticipantRegistry<Self::AccountId>;
		/// The application lifecycle.
		type Cases: CaseLifecycle<Self::AccountId, BlockNumberFor<Self>>;
		/// Welfare payments.
		type Payments: PaymentSchedules<Self::AccountId, BalanceOf<Self>, BlockNumberFor<Self>>;
		/// The thresholds and amounts governance set, and their version.
		type Parameters: Get<Option<ParamsOf<Self>>> + RuleVersion;
		/// Most consultation teams one doctor may sit on at once.
		#[pallet::constant]
		type MaxTeamsPerDoctor: Get<u32>;
		/// Weights of this pallet's calls, from benchmarks.
		type WeightInfo: WeightInfo;

		/// Sets up participants and money for this pallet's benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: safetynet_primitives::BenchmarkSetup<Self::AccountId>;
	}

	/// What the service keeps about each welfare case.
	#[pallet::storage]
	pub type WelfareCases<T: Config> =
		StorageMap<_, Twox64Concat, CaseId, WelfareCaseOf<T>, OptionQuery>;

	/// The cases whose consultation team each doctor sits on, while the team examines.
	#[pallet::storage]
	pub type TeamSeats<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, CaseId, (), OptionQuery>;

	/// How many entries each doctor has in [`TeamSeats`], bounded by
	/// [`Config::MaxTeamsPerDoctor`].
	#[pallet::storage]
	pub type TeamSeatCount<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

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
		ConclusionSubmitted { case: CaseId, by: T::AccountId },
		/// A majority of the team signed this conclusion.
		ConclusionRecorded { case: CaseId, conclusion: Cid, ayes: u32, of: u32 },
		/// The team cannot conclude (every doctor voted without a majority, or a doctor left): a
		/// new team is needed.
		TeamDissolved { case: CaseId },
		/// The welfare institute granted the welfare; monthly payments started.
		WelfareGranted {
			case: CaseId,
			beneficiary: T::AccountId,
			agency: AgencyId,
			monthly_amount: BalanceOf<T>,
		},
		/// The grade and income leave nothing to pay: the case is closed.
		NoWelfareDue { case: CaseId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No parameters are set yet.
		NoParameters,
		/// The institute named to pay is not a welfare institute.
		NotAWelfareInstitute,
		/// The case has no welfare record.
		NoWelfareRecord,
		/// The team has fewer doctors than `min_team`, or more than `MAX_TEAM`.
		TeamSizeInvalid,
		/// A team member is listed twice.
		DuplicateDoctor,
		/// A team member is not a registered consultation doctor.
		NotADoctor,
		/// A doctor on the team is someone the case concerns.
		DoctorConcerned,
		/// A doctor already sits on `MaxTeamsPerDoctor` teams.
		DoctorBusy,
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
		/// The grade or income given, with their salts, are not the ones the team concluded or
		/// the applicant declared.
		FiguresMismatch,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Applies for social welfare with `form`.
		///
		/// Origin: signed by a registered welfare applicant.
		/// Emits the lifecycle's `CaseOpened` or `ChecksFailed`.
		/// Errors: `NoParameters`, and the lifecycle's `NotEligibleApplicant`,
		/// `WrongAgencyKind`, `InvalidCid`, `DuplicateApplication`, `TooManyOpenCases`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::apply())]
		pub fn apply(origin: OriginFor<T>, form: WelfareForm<BalanceOf<T>>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_apply(who, None, form).map(|_| ())
		}

		/// Resubmits `case` with a corrected `form`.
		///
		/// Origin: signed by the applicant. Emits the lifecycle's `CaseResubmitted` or
		/// `ChecksFailed`.
		/// Errors: as [`Pallet::apply`], and the lifecycle's `UnknownCase`, `WrongService`,
		/// `NotApplicant`, `NotAwaitingCorrection`, `WrongAgency`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::resubmit())]
		pub fn resubmit(
			origin: OriginFor<T>,
			case: CaseId,
			form: WelfareForm<BalanceOf<T>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_apply(who, Some(case), form).map(|_| ())
		}

		/// Accepts `case`; the department forms a consultation team next. `institute` names the
		/// welfare institute that will handle the payment (otherwise the one responsible for the
		/// applicant's neighbourhood).
		///
		/// Origin: signed by a county welfare officer of the case's department.
		/// Emits [`Event::ApplicationAccepted`].
		/// Errors: `NotAWelfareInstitute`, `NoWelfareRecord`, and the lifecycle's `UnknownCase`,
		/// `WrongService`, `WrongStep`, `CaseClosed`, `NotAssignee`, `OtherAgency`,
		/// `OutsideJurisdiction`, `ConflictOfInterest`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::accept())]
		pub fn accept(
			origin: OriginFor<T>,
			case: CaseId,
			institute: Option<AgencyId>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_accept(&who, case, institute)
		}

		/// Forms the hospital consultation team of `case` from `doctors`.
		///
		/// Origin: signed by a county welfare officer of the case's department.
		/// Emits [`Event::ConsultationTeamFormed`].
		/// Errors: `TeamSizeInvalid`, `DuplicateDoctor`, `NotADoctor`, `DoctorConcerned`,
		/// `DoctorBusy`, `NoParameters`, `NoWelfareRecord`, and as [`Pallet::accept`].
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::form_team(doctors.len() as u32))]
		pub fn form_team(
			origin: OriginFor<T>,
			case: CaseId,
			doctors: Vec<T::AccountId>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_form_team(&who, case, doctors)
		}

		/// Confirms the person examined is the applicant: `presented_photo` must be the CID of
		/// the applicant's registered photo.
		///
		/// Origin: signed by a doctor of the case's team. Emits [`Event::IdentityVerified`].
		/// Errors: `NotOnTeam`, `PhotoMismatch`, `NoRegisteredPhoto`, and the lifecycle's
		/// `WrongStep`, `NotAssignee`, `ConflictOfInterest`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::verify_identity())]
		pub fn verify_identity(
			origin: OriginFor<T>,
			case: CaseId,
			presented_photo: Cid,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_verify_identity(&who, case, presented_photo)
		}

		/// Submits the caller's medical conclusion on `case`: the conclusion document, the
		/// disability grade (1 most severe, 10 least) and the salt the team wrote into the
		/// document. Only their [`finding`] is kept; the conclusion a majority of the team
		/// submits is recorded and the welfare institute handles the case next.
		///
		/// Origin: signed by a doctor of the case's team. Emits [`Event::ConclusionSubmitted`],
		/// then [`Event::ConclusionRecorded`] or [`Event::TeamDissolved`] when decided.
		/// Errors: `NotOnTeam`, `IdentityNotVerified`, `AlreadyVoted`, `InvalidGrade`, and the
		/// lifecycle's `InvalidCid`, `WrongStep`, `ConflictOfInterest`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::conclude())]
		pub fn conclude(
			origin: OriginFor<T>,
			case: CaseId,
			conclusion: Cid,
			grade: u8,
			salt: Salt,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_conclude(&who, case, conclusion, grade, salt)
		}

		/// Handles the welfare of `case` (the paper's `HandleSocialWelfare`): the officer reads
		/// the grade and the income, with their salts, from the case's encrypted documents; they
		/// must match the team's finding and the applicant's declaration. The monthly amount
		/// follows from them and is paid from the caller's welfare institute's fund.
		///
		/// Origin: signed by an officer of the welfare institute the case was sent to.
		/// Emits [`Event::WelfareGranted`], or [`Event::NoWelfareDue`] when nothing is due.
		/// Errors: `NoConclusion`, `FiguresMismatch`, `InvalidGrade`, `NoParameters`,
		/// `NoWelfareRecord`, and as [`Pallet::accept`].
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::handle())]
		pub fn handle(
			origin: OriginFor<T>,
			case: CaseId,
			figures: HandlingFigures<BalanceOf<T>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_handle(&who, case, figures)
		}
	}

	impl<T: Config> Pallet<T> {
		/// The case waits for its department to form a consultation team.
		fn team_formation() -> Next {
			Next::step(Step::ConsultationTeam, Role::CountyWelfareOfficer, Responsible::FiledWith)
		}

		/// Files (or refiles) the application; returns the case.
		pub(crate) fn do_apply(
			who: T::AccountId,
			case: Option<CaseId>,
			form: WelfareForm<BalanceOf<T>>,
		) -> Result<CaseId, DispatchError> {
			let (checks, rule) = Self::evaluate(&form)?;
			let opening = Opening {
				service: SERVICE,
				applicant: who,
				agency: form.agency,
				documents: collect_documents(form.cids()),
				household: Household::default(),
			};
			let next =
				Next::step(Step::Acceptance, Role::CountyWelfareOfficer, Responsible::FiledWith);
			let case = match case {
				None => T::Cases::open(opening, checks, rule, next)?.0,
				Some(case) => {
					T::Cases::resubmit(case, opening, checks, rule, next)?;
					case
				},
			};
			let fresh = WelfareCase {
				declaration: form.declaration(),
				institute: None,
				team: Default::default(),
				identity_verified: false,
				votes: Default::default(),
				conclusion: None,
				payment: None,
			};
			WelfareCases::<T>::insert(case, fresh);
			Ok(case)
		}

		/// The body of [`Pallet::accept`].
		pub(crate) fn do_accept(
			who: &T::AccountId,
			case: CaseId,
			institute: Option<AgencyId>,
		) -> DispatchResult {
			let actor = T::Cases::authorize(case, SERVICE, Step::Acceptance, who)?;
			if let Some(institute) = institute {
				let kind = T::Registry::agency(institute).map(|a| a.kind);
				ensure!(
					kind == Some(AgencyKind::WelfareInstitute),
					Error::<T>::NotAWelfareInstitute
				);
			}
			let mut welfare = WelfareCases::<T>::get(case).ok_or(Error::<T>::NoWelfareRecord)?;
			welfare.institute = institute;
			T::Cases::advance(case, actor, Decision::Done, None, Self::team_formation())?;
			WelfareCases::<T>::insert(case, welfare);
			Self::deposit_event(Event::ApplicationAccepted { case, by: who.clone() });
			Ok(())
		}

		/// The body of [`Pallet::form_team`].
		pub(crate) fn do_form_team(
			who: &T::AccountId,
			case: CaseId,
			doctors: Vec<T::AccountId>,
		) -> DispatchResult {
			let actor = T::Cases::authorize(case, SERVICE, Step::ConsultationTeam, who)?;
			let params = T::Parameters::get().ok_or(Error::<T>::NoParameters)?;
			ensure!(doctors.len() as u32 >= params.min_team, Error::<T>::TeamSizeInvalid);
			let team: BoundedVec<T::AccountId, ConstU32<MAX_TEAM>> =
				doctors.clone().try_into().map_err(|_| Error::<T>::TeamSizeInvalid)?;
			for (i, doctor) in team.iter().enumerate() {
				ensure!(!team[..i].contains(doctor), Error::<T>::DuplicateDoctor);
				let post = T::Registry::staff_post(doctor)
					.filter(|p| p.roles.contains(&Role::ConsultationDoctor))
					.ok_or(Error::<T>::NotADoctor)?;
				ensure!(!T::Cases::concerns(case, &post.identity), Error::<T>::DoctorConcerned);
				Self::purge_seats(doctor);
				ensure!(
					TeamSeatCount::<T>::get(doctor) < T::MaxTeamsPerDoctor::get(),
					Error::<T>::DoctorBusy
				);
			}
			let mut welfare = WelfareCases::<T>::get(case).ok_or(Error::<T>::NoWelfareRecord)?;
			let next = Next::team(Step::MedicalExamination, Role::ConsultationDoctor);
			T::Cases::advance(case, actor, Decision::Done, None, next)?;
			welfare.team = team;
			welfare.identity_verified = false;
			welfare.votes = Default::default();
			Self::seat(case, &welfare.team);
			WelfareCases::<T>::insert(case, welfare);
			Self::deposit_event(Event::ConsultationTeamFormed {
				case,
				by: who.clone(),
				team: doctors,
			});
			Ok(())
		}

		/// The body of [`Pallet::verify_identity`].
		pub(crate) fn do_verify_identity(
			who: &T::AccountId,
			case: CaseId,
			presented_photo: Cid,
		) -> DispatchResult {
			let (actor, mut welfare) = Self::team_doctor(case, who)?;
			let record = T::Cases::case_of(case, SERVICE)?;
			let registered = T::Registry::citizen(&record.applicant)
				.and_then(|identity| identity.photo_cid)
				.ok_or(Error::<T>::NoRegisteredPhoto)?;
			ensure!(registered == presented_photo, Error::<T>::PhotoMismatch);
			let next = Next::team(Step::MedicalExamination, Role::ConsultationDoctor);
			T::Cases::advance(case, actor, Decision::Done, Some(presented_photo), next)?;
			welfare.identity_verified = true;
			WelfareCases::<T>::insert(case, welfare);
			Self::deposit_event(Event::IdentityVerified { case, by: who.clone() });
			Ok(())
		}

		/// The body of [`Pallet::conclude`].
		pub(crate) fn do_conclude(
			who: &T::AccountId,
			case: CaseId,
			conclusion: Cid,
			grade: u8,
			salt: Salt,
		) -> DispatchResult {
			ensure!((1..=MAX_GRADE).contains(&grade), Error::<T>::InvalidGrade);
			T::Cases::check_document(&conclusion)?;
			let (_, mut welfare) = Self::team_doctor(case, who)?;
			ensure!(welfare.identity_verified, Error::<T>::IdentityNotVerified);
			ensure!(!welfare.votes.iter().any(|v| v.doctor == *who), Error::<T>::AlreadyVoted);
			let finding = finding(&conclusion, grade, &salt);
			let vote = ConclusionVote { doctor: who.clone(), finding };
			welfare.votes.try_push(vote).map_err(|_| Error::<T>::AlreadyVoted)?;
			Self::deposit_event(Event::ConclusionSubmitted { case, by: who.clone() });

			let team = welfare.team.len() as u32;
			let ayes = welfare.votes.iter().filter(|v| v.finding == finding).count() as u32;
			if is_majority(ayes, team) {
				let institute = Responsible::referred_or(
					welfare.institute,
					Responsible::Nearest(AgencyKind::WelfareInstitute),
				);
				let next =
					Next::step(Step::WelfareHandling, Role::WelfareInstituteOfficer, institute);
				let actor = Actor::Collective { ayes, of: team };
				T::Cases::advance(case, actor, Decision::Done, Some(conclusion.clone()), next)?;
				Self::unseat(case, &welfare.team);
				welfare.conclusion = Some((conclusion.clone(), finding));
				Self::deposit_event(Event::ConclusionRecorded { case, conclusion, ayes, of: team });
			} else if welfare.votes.len() as u32 == team {
				let actor = Actor::Collective { ayes, of: team };
				T::Cases::advance(case, actor, Decision::Rejected, None, Self::team_formation())?;
				Self::dissolve(case, &mut welfare);
			}
			WelfareCases::<T>::insert(case, welfare);
			Ok(())
		}

		/// The body of [`Pallet::handle`].
		pub(crate) fn do_handle(
			who: &T::AccountId,
			case: CaseId,
			figures: HandlingFigures<BalanceOf<T>>,
		) -> DispatchResult {
			let actor = T::Cases::authorize(case, SERVICE, Step::WelfareHandling, who)?;
			let Actor::Staff { agency, .. } = actor else {
				return Err(Error::<T>::NoConclusion.into())
			};
			let mut welfare = WelfareCases::<T>::get(case).ok_or(Error::<T>::NoWelfareRecord)?;
			let (document, concluded) =
				welfare.conclusion.clone().ok_or(Error::<T>::NoConclusion)?;
			ensure!(
				finding(&document, figures.grade, &figures.conclusion_salt) == concluded &&
					matches(
						&welfare.declaration,
						&figures.declaration_salt,
						&figures.monthly_income
					),
				Error::<T>::FiguresMismatch
			);
			let params = T::Parameters::get().ok_or(Error::<T>::NoParameters)?;
			let amount = welfare_amount(
				&params.amount_by_grade,
				figures.grade,
				figures.monthly_income,
				params.income_offset,
			)
			.ok_or(Error::<T>::InvalidGrade)?;
			if amount.is_zero() {
				let next = Next::end(CaseStatus::Closed, Step::WelfareHandling);
				T::Cases::advance(case, actor, Decision::Rejected, None, next)?;
				Self::deposit_event(Event::NoWelfareDue { case });
				return Ok(());
			}
			T::Cases::advance(
				case,
				actor,
				Decision::Approved,
				None,
				Next::active(Step::Payments, Assign::Runtime),
			)?;
			let record = T::Cases::case_of(case, SERVICE)?;
			let now = frame_system::Pallet::<T>::block_number();
			T::Payments::start(
				case,
				PaymentKind::Benefit,
				record.applicant.clone(),
				agency,
				amount,
				params.payment_period,
				now,
			)?;
			welfare.payment = Some((agency, amount));
			WelfareCases::<T>::insert(case, welfare);
			Self::deposit_event(Event::WelfareGranted {
				case,
				beneficiary: record.applicant,
				agency,
				monthly_amount: amount,
			});
			Ok(())
		}

		/// The actor and welfare record, if `who` is a doctor on `case`'s team at the examination.
		fn team_doctor(
			case: CaseId,
			who: &T::AccountId,
		) -> Result<(Actor<T::AccountId>, WelfareCaseOf<T>), DispatchError> {
			let actor = T::Cases::authorize(case, SERVICE, Step::MedicalExamination, who)?;
			let welfare = WelfareCases::<T>::get(case).ok_or(Error::<T>::NoWelfareRecord)?;
			ensure!(welfare.team.contains(who), Error::<T>::NotOnTeam);
			Ok((actor, welfare))
		}

		fn seat(case: CaseId, team: &[T::AccountId]) {
			for doctor in team {
				TeamSeats::<T>::insert(doctor, case, ());
				TeamSeatCount::<T>::mutate(doctor, |c| *c = c.saturating_add(1));
			}
		}

		fn unseat(case: CaseId, team: &[T::AccountId]) {
			for doctor in team {
				if TeamSeats::<T>::take(doctor, case).is_some() {
					TeamSeatCount::<T>::mutate_exists(doctor, |c| {
						*c = c.and_then(|c| c.checked_sub(1)).filter(|c| *c > 0);
					});
				}
			}
		}

		/// Frees the seats `doctor` still holds on teams whose case no longer examines (it was
		/// withdrawn, ended, or moved on). Bounded by `MaxTeamsPerDoctor`.
		fn purge_seats(doctor: &T::AccountId) {
			let stale: Vec<CaseId> = TeamSeats::<T>::iter_key_prefix(doctor)
				.take(T::MaxTeamsPerDoctor::get() as usize)
				.filter(|case| {
					!T::Cases::case(*case)
						.is_some_and(|c| c.step == Step::MedicalExamination && !c.status.is_final())
				})
				.collect();
			for case in stale {
				Self::unseat(case, core::slice::from_ref(doctor));
			}
		}

		/// Dissolves the case's team: a new one must be formed.
		fn dissolve(case: CaseId, welfare: &mut WelfareCaseOf<T>) {
			Self::unseat(case, &welfare.team);
			welfare.team = Default::default();
			welfare.votes = Default::default();
			welfare.identity_verified = false;
			Self::deposit_event(Event::TeamDissolved { case });
		}

		/// Runs Algorithm 3's own checks; the rule failures are returned, all of them, for the
		/// case to record.
		pub(crate) fn evaluate(
			form: &WelfareForm<BalanceOf<T>>,
		) -> Result<(Result<(), FailedChecks>, RuleStamp), DispatchError> {
			let params = T::Parameters::get().ok_or(Error::<T>::NoParameters)?;
			let checks = failed_checks(&[
				(form.personal_info_cid.is_none(), Check::FormIncomplete),
				(form.medical_records_cid.is_none(), Check::MedicalRecordsMissing),
				(form.injury_proof_cid.is_none(), Check::InjuryProofMissing),
				(form.monthly_income >= params.income_line, Check::IncomeAboveWelfareLine),
			]);
			let spec_version = <T as frame_system::Config>::Version::get().spec_version;
			let rule = rule_stamp(
				spec_version,
				T::Parameters::rule_version(),
				&form.salt,
				&(form, &params),
			);
			Ok((checks, rule))
		}

		/// The pallet's invariants: records belong to welfare cases; every doctor of a team
		/// examining holds a seat on it, every seat is on its doctor's team (a seat may outlive
		/// a case that ended while examining, until the doctor is next put on a team), and the
		/// counts match.
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			for (id, welfare) in WelfareCases::<T>::iter() {
				let case = T::Cases::case(id).ok_or("a welfare record without its case")?;
				ensure!(case.service == SERVICE, "a welfare record on another service");
				let examining = case.step == Step::MedicalExamination && !case.status.is_final();
				if examining {
					for doctor in welfare.team.iter() {
						ensure!(
							TeamSeats::<T>::contains_key(doctor, id),
							"a team doctor without a seat"
						);
					}
				}
			}
			let mut seats: alloc::collections::BTreeMap<T::AccountId, u32> = Default::default();
			for (doctor, case, ()) in TeamSeats::<T>::iter() {
				let team = WelfareCases::<T>::get(case).map(|w| w.team).unwrap_or_default();
				ensure!(team.contains(&doctor), "a seat on a team the doctor is not on");
				*seats.entry(doctor).or_default() += 1;
			}
			for (doctor, count) in TeamSeatCount::<T>::iter() {
				ensure!(seats.get(&doctor) == Some(&count), "TeamSeatCount is wrong");
				ensure!(count <= T::MaxTeamsPerDoctor::get(), "a doctor on too many teams");
			}
			ensure!(TeamSeatCount::<T>::iter().count() == seats.len(), "a seat without a count");
			Ok(())
		}
	}

	impl<T: Config> OnRegistrationEnded<T::AccountId> for Pallet<T> {
		/// A doctor who left (or no longer holds the role) can no longer conclude: each case
		/// whose team they sat on goes back to its department for a new team.
		fn staff_changed(who: &T::AccountId) {
			let still_doctor = T::Registry::staff_post(who)
				.is_some_and(|p| p.roles.contains(&Role::ConsultationDoctor));
			if still_doctor {
				return;
			}
			let cases: Vec<CaseId> = TeamSeats::<T>::iter_key_prefix(who)
				.take(T::MaxTeamsPerDoctor::get() as usize)
				.collect();
			for case in cases {
				let Some(mut welfare) = WelfareCases::<T>::get(case) else { continue };
				let back = T::Cases::advance(
					case,
					Actor::Runtime,
					Decision::Rejected,
					None,
					Self::team_formation(),
				);
				if back.is_ok() {
					Self::dissolve(case, &mut welfare);
					WelfareCases::<T>::insert(case, welfare);
				}
			}
		}

		fn staff_changed_weight() -> Weight {
			T::WeightInfo::conclude().saturating_mul(u64::from(T::MaxTeamsPerDoctor::get()))
		}
	}
}
