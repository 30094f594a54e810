//! # Social assistance pallet
//!
//! The paper's Social Assistance SC (Algorithm 2, Figure 6): help for households in need,
//! decided by a runtime need test and then by people, in recorded steps.
//!
//! ## Overview
//!
//! 1. An aid applicant applies ([`Pallet::apply_for_aid`], the paper's `ApplicationforAid`). The
//!    runtime checks the form is complete, the household size is sensible, the ID card is valid,
//!    and the household is in need: per-capita income below the assistance line and per-capita
//!    property within the property line. Failed checks are all listed; the applicant may correct
//!    and resubmit ([`Pallet::resubmit_aid`]).
//! 2. The civil affairs department accepts the case ([`Pallet::accept_application`]).
//! 3. A neighborhood committee member records the household inspection
//!    ([`Pallet::record_household_inspection`]): report CID and verdict.
//! 4. The sub-district accounting team uploads the income accounting and the assistance amount
//!    ([`Pallet::upload_income_accounting`], the paper's `UploadIncomeAccounting`).
//! 5. The democratic review team votes through its collective; the outcome reaches
//!    [`Pallet::feedback_on_democratic_review`] (the paper's `FeedbackOnDemocraticReviewResults`)
//!    as the [`Config::ReviewOrigin`].
//! 6. On approval, the assistance is paid monthly from the department's fund. A civil affairs
//!    officer may end it ([`Pallet::end_assistance`]).
//!
//! ## Dispatchables
//!
//! - [`Pallet::apply_for_aid`], [`Pallet::resubmit_aid`]: the applicant.
//! - [`Pallet::accept_application`]: a civil affairs officer of the case's department.
//! - [`Pallet::record_household_inspection`]: a neighborhood committee member.
//! - [`Pallet::upload_income_accounting`]: a sub-district accountant.
//! - [`Pallet::feedback_on_democratic_review`]: the democratic review collective.
//! - [`Pallet::end_assistance`]: a civil affairs officer of the case's department.
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
	use frame_support::{
		pallet_prelude::*,
		traits::{fungible::Inspect, UnixTime},
	};
	use frame_system::pallet_prelude::*;
	use safetynet_primitives::{
		cases::{
			failed_checks, household, rule_stamp, Actor, AgencyFunds, Assignee, CaseId,
			CaseLifecycle, CaseStatus, Check, Decision, FailedChecks, Next, Opening, PaymentKind,
			PaymentSchedules, RuleStamp, Service, Step,
		},
		AgencyKind, Cid, CitizenIdentity, ParticipantRegistry, Role,
	};

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	/// A balance of the currency assistance is paid in.
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
	/// The parameters as this runtime stores them.
	pub type ParamsOf<T> = AssistanceParams<BalanceOf<T>, BlockNumberFor<T>>;

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The money assistance is paid in.
		type Currency: Inspect<Self::AccountId>;
		/// Who is registered, with which roles.
		type Registry: ParticipantRegistry<Self::AccountId>;
		/// The application lifecycle.
		type Cases: CaseLifecycle<Self::AccountId, BlockNumberFor<Self>>;
		/// Assistance payments.
		type Payments: PaymentSchedules<Self::AccountId, BalanceOf<Self>, BlockNumberFor<Self>>;
		/// The agencies' funds.
		type Funds: AgencyFunds<Self::AccountId>;
		/// The chain's clock, for ID card validity.
		type UnixTime: UnixTime;
		/// The democratic review team's majority, with the votes it carried: `(ayes, of)`.
		type ReviewOrigin: EnsureOrigin<Self::RuntimeOrigin, Success = (u32, u32)>;
		/// Sets the parameters: the consortium council (or root).
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Weights of this pallet's calls, from benchmarks.
		type WeightInfo: WeightInfo;

		/// Sets up participants and money for this pallet's benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: safetynet_primitives::BenchmarkSetup<Self::AccountId>;
	}

	/// The thresholds of the need test.
	#[pallet::storage]
	pub type Parameters<T: Config> = StorageValue<_, ParamsOf<T>, OptionQuery>;

	/// The household size each case declared.
	#[pallet::storage]
	pub type Households<T: Config> = StorageMap<_, Twox64Concat, CaseId, u32, OptionQuery>;

	/// The income accounting of each case and, once approved, its payments.
	#[pallet::storage]
	pub type Assessments<T: Config> =
		StorageMap<_, Twox64Concat, CaseId, Assessment<BalanceOf<T>>, OptionQuery>;

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
				assert!(params.is_valid(), "genesis assistance parameters must be valid");
				Parameters::<T>::put(params);
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The civil affairs department accepted the case.
		ApplicationAccepted { case: CaseId, by: T::AccountId },
		/// The household inspection was recorded.
		HouseholdInspected { case: CaseId, by: T::AccountId, report: Cid, confirmed: bool },
		/// The income accounting and the proposed amount were uploaded.
		IncomeAccounted {
			case: CaseId,
			by: T::AccountId,
			assessed_income: BalanceOf<T>,
			monthly_amount: BalanceOf<T>,
		},
		/// The democratic review's outcome was recorded.
		ReviewConcluded { case: CaseId, approved: bool, ayes: u32, of: u32 },
		/// Assistance payments started.
		AssistanceGranted { case: CaseId, beneficiary: T::AccountId, monthly_amount: BalanceOf<T> },
		/// A civil affairs officer ended the assistance.
		AssistanceEnded { case: CaseId, by: T::AccountId, reason: Cid },
		/// Governance set the parameters.
		ParametersSet { parameters: ParamsOf<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller is not a registered aid applicant.
		NotAidApplicant,
		/// The agency does not exist or is not a civil affairs department.
		NotACivilAffairsDepartment,
		/// A CID is not a CIDv1 sha2-256 of the raw or dag-pb codec.
		InvalidCid,
		/// No parameters are set yet.
		NoParameters,
		/// The parameters are inconsistent.
		InvalidParameters,
		/// The case is not a social assistance case.
		NotAnAssistanceCase,
		/// A resubmission must go to the department the case was filed with.
		WrongAgency,
		/// The amount is zero or more than the household's entitlement under the assistance
		/// line.
		AmountAboveEntitlement,
		/// The case is not waiting for the democratic review.
		NotAwaitingReview,
		/// The case has no running assistance.
		NotActive,
		/// The caller is not a civil affairs officer of the case's department.
		NotCivilAffairsOfficer,
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Applies for social assistance with `form`. Passing the automatic checks sends the case
		/// to the civil affairs department; otherwise every failed check is recorded.
		///
		/// Origin: signed by a registered aid applicant.
		/// Emits the lifecycle's `CaseOpened` or `ChecksFailed`.
		/// Errors: `NotAidApplicant`, `NotACivilAffairsDepartment`, `InvalidCid`, `NoParameters`,
		/// and the lifecycle's `DuplicateApplication`, `TooManyCases`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::apply_for_aid())]
		pub fn apply_for_aid(origin: OriginFor<T>, form: AidForm<BalanceOf<T>>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let identity = Self::applicant_identity(&who)?;
			let (checks, rule) = Self::evaluate(&identity, &form)?;
			let opening = Opening {
				service: Service::SocialAssistance,
				applicant: who,
				applicant_code: identity.code,
				agency: form.agency,
				documents: form.documents.clone(),
			};
			let case = T::Cases::open(opening, checks, rule, household::acceptance(form.agency))?;
			Households::<T>::insert(case, form.household_members);
			Ok(())
		}

		/// Resubmits `case` with a corrected `form`.
		///
		/// Origin: signed by the applicant. Emits the lifecycle's `CaseResubmitted` or
		/// `ChecksFailed`.
		/// Errors: as [`Pallet::apply_for_aid`]; `NotAnAssistanceCase`, `WrongAgency`, and the
		/// lifecycle's `NotApplicant`, `NotAwaitingCorrection`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::resubmit_aid())]
		pub fn resubmit_aid(
			origin: OriginFor<T>,
			case: CaseId,
			form: AidForm<BalanceOf<T>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let record = T::Cases::case(case).ok_or(Error::<T>::NotAnAssistanceCase)?;
			ensure!(record.service == Service::SocialAssistance, Error::<T>::NotAnAssistanceCase);
			ensure!(record.agency == form.agency, Error::<T>::WrongAgency);
			let identity = Self::applicant_identity(&who)?;
			let (checks, rule) = Self::evaluate(&identity, &form)?;
			let next = household::acceptance(form.agency);
			T::Cases::resubmit(case, &who, form.documents.clone(), checks, rule, next)?;
			Households::<T>::insert(case, form.household_members);
			Ok(())
		}

		/// Accepts `case` for review; a neighborhood committee inspects the household next.
		///
		/// Origin: signed by a civil affairs officer of the case's department.
		/// Emits [`Event::ApplicationAccepted`].
		/// Errors: the lifecycle's `UnknownCase`, `WrongStep`, `NotAssignee`, `CaseClosed`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::accept_application())]
		pub fn accept_application(origin: OriginFor<T>, case: CaseId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::ensure_assistance_case(case)?;
			household::accept::<T::Cases, _, _>(case, &who)?;
			Self::deposit_event(Event::ApplicationAccepted { case, by: who });
			Ok(())
		}

		/// Records the household inspection of `case`: the report's CID and whether it
		/// confirmed the application (otherwise the case is rejected).
		///
		/// Origin: signed by a neighborhood committee member.
		/// Emits [`Event::HouseholdInspected`].
		/// Errors: `InvalidCid`, and the lifecycle's `WrongStep`, `NotAssignee`, `CaseClosed`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::record_household_inspection())]
		pub fn record_household_inspection(
			origin: OriginFor<T>,
			case: CaseId,
			report: Cid,
			confirmed: bool,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::ensure_assistance_case(case)?;
			report.check().map_err(|_| Error::<T>::InvalidCid)?;
			household::inspect::<T::Cases, _, _>(case, &who, report.clone(), confirmed)?;
			Self::deposit_event(Event::HouseholdInspected { case, by: who, report, confirmed });
			Ok(())
		}

		/// Uploads the income accounting of `case` (the accounting sheet's CID, the assessed
		/// monthly household income) and the monthly assistance amount, which may not exceed the
		/// household's entitlement under the assistance line. The democratic review votes next.
		///
		/// Origin: signed by a sub-district accountant. Emits [`Event::IncomeAccounted`].
		/// Errors: `InvalidCid`, `AmountAboveEntitlement`, `NoParameters`, and the lifecycle's
		/// `WrongStep`, `NotAssignee`, `CaseClosed`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::upload_income_accounting())]
		pub fn upload_income_accounting(
			origin: OriginFor<T>,
			case: CaseId,
			accounting: Cid,
			assessed_income: BalanceOf<T>,
			monthly_amount: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::ensure_assistance_case(case)?;
			accounting.check().map_err(|_| Error::<T>::InvalidCid)?;
			let actor = household::accountant::<T::Cases, _, _>(case, &who)?;
			let params = Parameters::<T>::get().ok_or(Error::<T>::NoParameters)?;
			let members = Households::<T>::get(case).unwrap_or(1);
			let ceiling = entitlement(params.assistance_line, assessed_income, members);
			ensure!(
				!monthly_amount.is_zero() && monthly_amount <= ceiling,
				Error::<T>::AmountAboveEntitlement
			);
			household::submit_accounting::<T::Cases, _, _>(case, actor, accounting)?;
			Assessments::<T>::insert(
				case,
				Assessment { household_members: members, assessed_income, monthly_amount, schedule: None },
			);
			Self::deposit_event(Event::IncomeAccounted { case, by: who, assessed_income, monthly_amount });
			Ok(())
		}

		/// Records the democratic review's outcome on `case`; approval starts the monthly
		/// assistance from the department's fund.
		///
		/// Origin: [`Config::ReviewOrigin`] (a majority of the democratic review collective).
		/// Emits [`Event::ReviewConcluded`], and [`Event::AssistanceGranted`] on approval.
		/// Errors: `InvalidCid`, `NotAwaitingReview`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::feedback_on_democratic_review())]
		pub fn feedback_on_democratic_review(
			origin: OriginFor<T>,
			case: CaseId,
			approved: bool,
			minutes: Option<Cid>,
		) -> DispatchResult {
			let (ayes, of) = T::ReviewOrigin::ensure_origin(origin)?;
			Self::ensure_assistance_case(case)?;
			if let Some(minutes) = &minutes {
				minutes.check().map_err(|_| Error::<T>::InvalidCid)?;
			}
			let active = Next { status: CaseStatus::Active, step: Step::Payments, assignee: Assignee::Runtime };
			household::record_review::<T::Cases, _, _>(
				case,
				ayes,
				of,
				approved,
				minutes,
				active,
				Error::<T>::NotAwaitingReview.into(),
			)?;
			Self::deposit_event(Event::ReviewConcluded { case, approved, ayes, of });
			if approved {
				Self::start_payments(case)?;
			}
			Ok(())
		}

		/// Ends the running assistance of `case`, for the reason in document `reason`.
		///
		/// Origin: signed by a civil affairs officer of the case's department.
		/// Emits [`Event::AssistanceEnded`].
		/// Errors: `InvalidCid`, `NotActive`, `NotCivilAffairsOfficer`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::end_assistance())]
		pub fn end_assistance(origin: OriginFor<T>, case: CaseId, reason: Cid) -> DispatchResult {
			let who = ensure_signed(origin)?;
			reason.check().map_err(|_| Error::<T>::InvalidCid)?;
			let record = T::Cases::case(case).ok_or(Error::<T>::NotActive)?;
			ensure!(record.service == Service::SocialAssistance, Error::<T>::NotAnAssistanceCase);
			ensure!(record.status == CaseStatus::Active, Error::<T>::NotActive);
			ensure!(
				T::Registry::has_staff_role(&who, Role::CivilAffairsOfficer, record.agency),
				Error::<T>::NotCivilAffairsOfficer
			);
			let schedule = Assessments::<T>::get(case).and_then(|a| a.schedule).ok_or(Error::<T>::NotActive)?;
			let actor = Actor::Staff { who: who.clone(), role: Role::CivilAffairsOfficer, agency: record.agency };
			T::Cases::advance(case, actor, Decision::Closed, Some(reason.clone()), Next::end(CaseStatus::Closed, Step::Payments))?;
			T::Payments::end(schedule)?;
			Self::deposit_event(Event::AssistanceEnded { case, by: who, reason });
			Ok(())
		}

		/// Sets the thresholds of the need test. Applies to applications from now on.
		///
		/// Origin: [`Config::GovernanceOrigin`]. Emits [`Event::ParametersSet`].
		/// Errors: `InvalidParameters`.
		#[pallet::call_index(7)]
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
		fn applicant_identity(who: &T::AccountId) -> Result<CitizenIdentity, DispatchError> {
			T::Registry::citizen_with_role(who, Role::AidApplicant)
				.ok_or_else(|| Error::<T>::NotAidApplicant.into())
		}

		fn ensure_assistance_case(case: CaseId) -> DispatchResult {
			let record = T::Cases::case(case).ok_or(Error::<T>::NotAnAssistanceCase)?;
			ensure!(record.service == Service::SocialAssistance, Error::<T>::NotAnAssistanceCase);
			Ok(())
		}

		/// Runs Algorithm 2's checks. Input errors fail the call; rule failures are returned,
		/// all of them, for the case to record.
		pub(crate) fn evaluate(
			identity: &CitizenIdentity,
			form: &AidForm<BalanceOf<T>>,
		) -> Result<(Result<(), FailedChecks>, RuleStamp), DispatchError> {
			safetynet_primitives::cases::check_documents(form.cids())
				.map_err(|_| Error::<T>::InvalidCid)?;
			let agency =
				T::Registry::agency(form.agency).ok_or(Error::<T>::NotACivilAffairsDepartment)?;
			ensure!(
				agency.kind == AgencyKind::CivilAffairsDepartment,
				Error::<T>::NotACivilAffairsDepartment
			);
			let params = Parameters::<T>::get().ok_or(Error::<T>::NoParameters)?;
			let now_ms = T::UnixTime::now().as_millis() as u64;
			let members = form.household_members;
			let (income_too_high, property_too_high) = need_test(
				form.monthly_income,
				form.property_value,
				members,
				params.assistance_line,
				params.property_line,
			);
			let checks = failed_checks(&[
				(form.family_info_cid.is_none(), Check::FormIncomplete),
				(members == 0 || members > params.max_members, Check::HouseholdSizeInvalid),
				(identity.id_valid_until <= now_ms, Check::IdCardExpired),
				(income_too_high, Check::IncomeAboveAssistanceLine),
				(property_too_high, Check::PropertyAboveLimit),
			]);
			let spec_version = <T as frame_system::Config>::Version::get().spec_version;
			let rule = rule_stamp(spec_version, &(form, identity.id_valid_until, now_ms, &params));
			Ok((checks, rule))
		}

		fn start_payments(case: CaseId) -> DispatchResult {
			let record = T::Cases::case(case).ok_or(Error::<T>::NotAnAssistanceCase)?;
			let mut assessment = Assessments::<T>::get(case).ok_or(Error::<T>::NotActive)?;
			let params = Parameters::<T>::get().ok_or(Error::<T>::NoParameters)?;
			let now = frame_system::Pallet::<T>::block_number();
			let schedule = T::Payments::start(
				case,
				PaymentKind::Benefit,
				T::Funds::fund_account(record.agency),
				record.applicant.clone(),
				assessment.monthly_amount,
				params.payment_period,
				now,
			)?;
			assessment.schedule = Some(schedule);
			let monthly_amount = assessment.monthly_amount;
			Assessments::<T>::insert(case, assessment);
			Self::deposit_event(Event::AssistanceGranted {
				case,
				beneficiary: record.applicant,
				monthly_amount,
			});
			Ok(())
		}
	}
}
