//! # Social assistance pallet
//!
//! The paper's Social Assistance SC (Algorithm 2, Figure 6): help for households in need,
//! decided by a runtime need test and then by people, in recorded steps.
//!
//! ## Overview
//!
//! 1. An aid applicant applies ([`Pallet::apply`], the paper's `ApplicationforAid`), listing the
//!    household's other members by identity hash. The lifecycle checks what every service shares (a
//!    registered aid applicant, a civil affairs department, profile CIDs, a valid ID card, the
//!    household as registered, no benefit the rules forbid to combine); this pallet checks the form
//!    is complete, the household size is sensible, and the household is in need: per-capita income
//!    below the assistance line and per-capita property within the property line. Failed checks are
//!    all listed; the applicant may correct and resubmit ([`Pallet::resubmit`]).
//! 2. The civil affairs department it was filed with accepts the case ([`Pallet::accept`]).
//! 3. A member of the neighbourhood committee responsible for the household (or the one the
//!    department referred the case to) records the household inspection ([`Pallet::inspect`]).
//! 4. An accountant of the responsible sub-district office (or the one the committee referred it
//!    to) uploads the income accounting and the assistance amount ([`Pallet::account_income`], the
//!    paper's `UploadIncomeAccounting`).
//! 5. The democratic review team votes through its collective; the outcome reaches
//!    [`Pallet::review`] (the paper's `FeedbackOnDemocraticReviewResults`) as the
//!    [`Config::ReviewOrigin`].
//! 6. On approval, the assistance is paid monthly from the department's fund. The department's
//!    civil affairs officers suspend, resume and end it through the lifecycle.
//!
//! ## Dispatchables
//!
//! - [`Pallet::apply`], [`Pallet::resubmit`]: the applicant.
//! - [`Pallet::accept`]: a civil affairs officer of the case's department.
//! - [`Pallet::inspect`]: a member of the responsible neighbourhood committee.
//! - [`Pallet::account_income`]: an accountant of the responsible sub-district office.
//! - [`Pallet::review`]: the democratic review collective.

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
	use frame_support::{pallet_prelude::*, traits::fungible::Inspect};
	use frame_system::pallet_prelude::*;
	use safetynet_primitives::{
		cases::{
			collect_documents, failed_checks, rule_stamp, Assign, CaseId, CaseLifecycle, Check,
			FailedChecks, Next, Opening, PaymentKind, PaymentSchedules, RuleStamp, Service, Step,
		},
		kit::{household, RuleVersion},
		AgencyId, Cid,
	};

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	/// A balance of the currency assistance is paid in.
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
	/// The parameters as this runtime stores them.
	pub type ParamsOf<T> = AssistanceParams<BalanceOf<T>, BlockNumberFor<T>>;

	/// This pallet's service.
	const SERVICE: Service = Service::SocialAssistance;

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The money assistance is paid in.
		type Currency: Inspect<Self::AccountId>;
		/// The application lifecycle.
		type Cases: CaseLifecycle<Self::AccountId, BlockNumberFor<Self>>;
		/// Assistance payments.
		type Payments: PaymentSchedules<Self::AccountId, BalanceOf<Self>, BlockNumberFor<Self>>;
		/// The thresholds governance set, and their version.
		type Parameters: Get<Option<ParamsOf<Self>>> + RuleVersion;
		/// The democratic review team's majority, with the votes it carried: `(ayes, of)`.
		type ReviewOrigin: EnsureOrigin<Self::RuntimeOrigin, Success = (u32, u32)>;
		/// Weights of this pallet's calls, from benchmarks.
		type WeightInfo: WeightInfo;

		/// Sets up participants and money for this pallet's benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: safetynet_primitives::BenchmarkSetup<Self::AccountId>;
	}

	/// The amount each case's income accounting proposed (no figure it was computed from).
	#[pallet::storage]
	pub type Assessments<T: Config> =
		StorageMap<_, Twox64Concat, CaseId, Assessment<BalanceOf<T>>, OptionQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The civil affairs department accepted the case.
		ApplicationAccepted { case: CaseId, by: T::AccountId },
		/// The household inspection was recorded.
		HouseholdInspected { case: CaseId, by: T::AccountId, report: Cid, confirmed: bool },
		/// The income accounting was uploaded (the sheet is the step's document) and the amount
		/// proposed.
		IncomeAccounted { case: CaseId, by: T::AccountId, monthly_amount: BalanceOf<T> },
		/// The democratic review's outcome was recorded.
		ReviewConcluded { case: CaseId, approved: bool, ayes: u32, of: u32 },
		/// Assistance payments started.
		AssistanceGranted { case: CaseId, beneficiary: T::AccountId, monthly_amount: BalanceOf<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No parameters are set yet.
		NoParameters,
		/// The amount is zero or more than the household's entitlement under the assistance
		/// line.
		AmountAboveEntitlement,
		/// The case is not waiting for the democratic review.
		NotAwaitingReview,
		/// The case has no income accounting to pay from.
		NotAssessed,
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
		/// Applies for social assistance with `form`. Passing the automatic checks sends the case
		/// to the civil affairs department; otherwise every failed check is recorded.
		///
		/// Origin: signed by a registered aid applicant.
		/// Emits the lifecycle's `CaseOpened` or `ChecksFailed`.
		/// Errors: `NoParameters`, and the lifecycle's `NotEligibleApplicant`,
		/// `WrongAgencyKind`, `InvalidCid`, `DuplicateApplication`, `TooManyOpenCases`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::apply())]
		pub fn apply(origin: OriginFor<T>, form: AidForm<BalanceOf<T>>) -> DispatchResult {
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
			form: AidForm<BalanceOf<T>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_apply(who, Some(case), form).map(|_| ())
		}

		/// Accepts `case` for review; the neighbourhood committee responsible for the household,
		/// or `refer_to`, inspects it next.
		///
		/// Origin: signed by a civil affairs officer of the case's department.
		/// Emits [`Event::ApplicationAccepted`].
		/// Errors: the lifecycle's `UnknownCase`, `WrongService`, `WrongStep`, `CaseClosed`,
		/// `NotAssignee`, `OtherAgency`, `OutsideJurisdiction`, `ConflictOfInterest`,
		/// `NoResponsibleAgency`, `InvalidReferral`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::accept())]
		pub fn accept(
			origin: OriginFor<T>,
			case: CaseId,
			refer_to: Option<AgencyId>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_accept(&who, case, refer_to)
		}

		/// Records the household inspection of `case`: the report's CID and whether it
		/// confirmed the application (otherwise the case is rejected). A confirmed case goes to
		/// the sub-district office responsible for the household, or `refer_to`.
		///
		/// Origin: signed by a member of the neighbourhood committee the case was sent to.
		/// Emits [`Event::HouseholdInspected`].
		/// Errors: the lifecycle's `InvalidCid`, and as [`Pallet::accept`].
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::inspect())]
		pub fn inspect(
			origin: OriginFor<T>,
			case: CaseId,
			report: Cid,
			confirmed: bool,
			refer_to: Option<AgencyId>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_inspect(&who, case, report, confirmed, refer_to)
		}

		/// Uploads the income accounting of `case` (the accounting sheet's CID, the assessed
		/// monthly household income) and the monthly assistance amount, which may not exceed the
		/// household's entitlement under the assistance line. The democratic review votes next.
		/// The assessed income is checked here and not kept: the sheet holds it.
		///
		/// Origin: signed by an accountant of the sub-district office the case was sent to.
		/// Emits [`Event::IncomeAccounted`].
		/// Errors: `AmountAboveEntitlement`, `NoParameters`, and the lifecycle's `InvalidCid`,
		/// and as [`Pallet::accept`].
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::account_income())]
		pub fn account_income(
			origin: OriginFor<T>,
			case: CaseId,
			accounting: Cid,
			assessed_income: BalanceOf<T>,
			monthly_amount: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_account_income(&who, case, accounting, assessed_income, monthly_amount)
		}

		/// Records the democratic review's outcome on `case`; approval starts the monthly
		/// assistance from the department's fund.
		///
		/// Origin: [`Config::ReviewOrigin`] (a majority of the democratic review collective).
		/// Emits [`Event::ReviewConcluded`], and [`Event::AssistanceGranted`] on approval.
		/// Errors: `NotAwaitingReview`, `NotAssessed`, `NoParameters`, and the lifecycle's
		/// `UnknownCase`, `WrongService`, `InvalidCid`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::review())]
		pub fn review(
			origin: OriginFor<T>,
			case: CaseId,
			approved: bool,
			minutes: Option<Cid>,
		) -> DispatchResult {
			let (ayes, of) = T::ReviewOrigin::ensure_origin(origin)?;
			Self::do_review(ayes, of, case, approved, minutes)
		}
	}

	impl<T: Config> Pallet<T> {
		/// Files (or refiles) the application; returns the case.
		pub(crate) fn do_apply(
			who: T::AccountId,
			case: Option<CaseId>,
			form: AidForm<BalanceOf<T>>,
		) -> Result<CaseId, DispatchError> {
			let (checks, rule) = Self::evaluate(&form)?;
			let opening = Opening {
				service: SERVICE,
				applicant: who,
				agency: form.agency,
				documents: collect_documents(form.cids()),
				household: form.household.clone(),
			};
			let next = household::acceptance();
			match case {
				None => Ok(T::Cases::open(opening, checks, rule, next)?.0),
				Some(case) => {
					T::Cases::resubmit(case, opening, checks, rule, next)?;
					Ok(case)
				},
			}
		}

		/// The body of [`Pallet::accept`].
		pub(crate) fn do_accept(
			who: &T::AccountId,
			case: CaseId,
			refer_to: Option<AgencyId>,
		) -> DispatchResult {
			household::accept::<T::Cases, _, _>(SERVICE, case, who, refer_to)?;
			Self::deposit_event(Event::ApplicationAccepted { case, by: who.clone() });
			Ok(())
		}

		/// The body of [`Pallet::inspect`].
		pub(crate) fn do_inspect(
			who: &T::AccountId,
			case: CaseId,
			report: Cid,
			confirmed: bool,
			refer_to: Option<AgencyId>,
		) -> DispatchResult {
			household::inspect::<T::Cases, _, _>(
				SERVICE,
				case,
				who,
				report.clone(),
				confirmed,
				refer_to,
			)?;
			Self::deposit_event(Event::HouseholdInspected {
				case,
				by: who.clone(),
				report,
				confirmed,
			});
			Ok(())
		}

		/// The body of [`Pallet::account_income`].
		pub(crate) fn do_account_income(
			who: &T::AccountId,
			case: CaseId,
			accounting: Cid,
			assessed_income: BalanceOf<T>,
			monthly_amount: BalanceOf<T>,
		) -> DispatchResult {
			let actor = household::accountant::<T::Cases, _, _>(SERVICE, case, who)?;
			let params = T::Parameters::get().ok_or(Error::<T>::NoParameters)?;
			let members = T::Cases::persons(case);
			let ceiling = entitlement(params.assistance_line, assessed_income, members);
			ensure!(
				!monthly_amount.is_zero() && monthly_amount <= ceiling,
				Error::<T>::AmountAboveEntitlement
			);
			household::submit_accounting::<T::Cases, _, _>(case, actor, accounting)?;
			Assessments::<T>::insert(case, Assessment { monthly_amount });
			Self::deposit_event(Event::IncomeAccounted { case, by: who.clone(), monthly_amount });
			Ok(())
		}

		/// The body of [`Pallet::review`].
		pub(crate) fn do_review(
			ayes: u32,
			of: u32,
			case: CaseId,
			approved: bool,
			minutes: Option<Cid>,
		) -> DispatchResult {
			household::record_review::<T::Cases, _, _>(
				SERVICE,
				case,
				ayes,
				of,
				approved,
				minutes,
				Next::active(Step::Payments, Assign::Runtime),
				Error::<T>::NotAwaitingReview.into(),
			)?;
			Self::deposit_event(Event::ReviewConcluded { case, approved, ayes, of });
			if approved {
				Self::start_payments(case)?;
			}
			Ok(())
		}

		/// Runs Algorithm 2's own checks; the rule failures are returned, all of them, for the
		/// case to record.
		pub(crate) fn evaluate(
			form: &AidForm<BalanceOf<T>>,
		) -> Result<(Result<(), FailedChecks>, RuleStamp), DispatchError> {
			let params = T::Parameters::get().ok_or(Error::<T>::NoParameters)?;
			let members = form.members();
			let (income_too_high, property_too_high) = need_test(
				form.monthly_income,
				form.property_value,
				members,
				params.assistance_line,
				params.property_line,
			);
			let checks = failed_checks(&[
				(form.family_info_cid.is_none(), Check::FormIncomplete),
				(
					!household::size_is_valid(members, params.max_members),
					Check::HouseholdSizeInvalid,
				),
				(income_too_high, Check::IncomeAboveAssistanceLine),
				(property_too_high, Check::PropertyAboveLimit),
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

		fn start_payments(case: CaseId) -> DispatchResult {
			let record = T::Cases::case_of(case, SERVICE)?;
			let assessment = Assessments::<T>::get(case).ok_or(Error::<T>::NotAssessed)?;
			let params = T::Parameters::get().ok_or(Error::<T>::NoParameters)?;
			let now = frame_system::Pallet::<T>::block_number();
			T::Payments::start(
				case,
				PaymentKind::Benefit,
				record.applicant.clone(),
				record.managing_agency(),
				assessment.monthly_amount,
				params.payment_period,
				now,
			)?;
			Self::deposit_event(Event::AssistanceGranted {
				case,
				beneficiary: record.applicant,
				monthly_amount: assessment.monthly_amount,
			});
			Ok(())
		}

		/// The pallet's invariants: every assessment belongs to a social assistance case and
		/// proposes a positive amount.
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			for (id, assessment) in Assessments::<T>::iter() {
				let case = T::Cases::case(id).ok_or("an assessment without its case")?;
				ensure!(case.service == SERVICE, "an assessment on another service");
				ensure!(!assessment.monthly_amount.is_zero(), "an assessment of nothing");
			}
			Ok(())
		}
	}
}
