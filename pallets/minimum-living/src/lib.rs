//! # Minimum living guarantee pallet
//!
//! The minimum living guarantee: a monthly allowance that lifts a household to its region's
//! per-capita minimum living standard, reviewed by people, publicly noticed, and re-checked
//! every year.
//!
//! ## Overview
//!
//! 1. The applicant applies ([`Pallet::apply_for_minimum_living`]). The runtime checks the form
//!    is complete, the household size is sensible, the ID card is valid, the region has a
//!    standard, per-capita income is below it and per-capita property within the property line.
//! 2. As for social assistance: the civil affairs department accepts the case, a neighborhood
//!    committee member inspects the household, the sub-district team accounts the income (the
//!    amount follows: (standard - per-capita income) x members), and the democratic review team
//!    votes ([`Pallet::feedback_on_democratic_review`] through [`Config::ReviewOrigin`]).
//! 3. An approval is publicly noticed for `notice_period` blocks. Any registered participant may
//!    object ([`Pallet::object`]), which pauses the case until a civil affairs officer resolves
//!    the objection ([`Pallet::resolve_objection`]): upheld rejects the case, dismissed restarts
//!    the notice.
//! 4. When the notice ends without a pending objection, anyone concludes it
//!    ([`Pallet::conclude_public_notice`]) and monthly payments start.
//! 5. Every year a civil affairs officer re-checks the household ([`Pallet::annual_recheck`]);
//!    the amount follows the new figures, or the guarantee ends if the household no longer
//!    qualifies. An overdue re-check is reported by the lifecycle. An officer may also terminate
//!    the guarantee ([`Pallet::terminate`]).
//!
//! ## Dispatchables
//!
//! - [`Pallet::apply_for_minimum_living`], [`Pallet::resubmit_minimum_living`]: the applicant.
//! - [`Pallet::accept_application`], [`Pallet::resolve_objection`], [`Pallet::annual_recheck`],
//!   [`Pallet::terminate`]: a civil affairs officer of the case's department.
//! - [`Pallet::record_household_inspection`]: a neighborhood committee member.
//! - [`Pallet::upload_income_accounting`]: a sub-district accountant.
//! - [`Pallet::feedback_on_democratic_review`]: the democratic review collective.
//! - [`Pallet::object`], [`Pallet::conclude_public_notice`]: any registered participant.
//! - [`Pallet::set_parameters`], [`Pallet::set_region_standard`]: governance.

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
	use sp_runtime::traits::Saturating;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	/// A balance of the currency the guarantee is paid in.
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
	/// The parameters as this runtime stores them.
	pub type ParamsOf<T> = MinimumLivingParams<BalanceOf<T>, BlockNumberFor<T>>;
	/// A household record as this runtime stores it.
	pub type HouseholdOf<T> = Household<BalanceOf<T>, BlockNumberFor<T>>;

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The money the guarantee is paid in.
		type Currency: Inspect<Self::AccountId>;
		/// Who is registered, with which roles.
		type Registry: ParticipantRegistry<Self::AccountId>;
		/// The application lifecycle.
		type Cases: CaseLifecycle<Self::AccountId, BlockNumberFor<Self>>;
		/// Guarantee payments.
		type Payments: PaymentSchedules<Self::AccountId, BalanceOf<Self>, BlockNumberFor<Self>>;
		/// The agencies' funds.
		type Funds: AgencyFunds<Self::AccountId>;
		/// The chain's clock, for ID card validity.
		type UnixTime: UnixTime;
		/// The democratic review team's majority, with the votes it carried: `(ayes, of)`.
		type ReviewOrigin: EnsureOrigin<Self::RuntimeOrigin, Success = (u32, u32)>;
		/// Sets the parameters and regional standards: the consortium council (or root).
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Weights of this pallet's calls, from benchmarks.
		type WeightInfo: WeightInfo;

		/// Sets up participants and money for this pallet's benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: safetynet_primitives::BenchmarkSetup<Self::AccountId>;
	}

	/// The thresholds and periods of the guarantee.
	#[pallet::storage]
	pub type Parameters<T: Config> = StorageValue<_, ParamsOf<T>, OptionQuery>;

	/// The per-capita monthly minimum living standard of each region, in fen.
	#[pallet::storage]
	pub type RegionStandards<T: Config> =
		StorageMap<_, Twox64Concat, RegionCode, BalanceOf<T>, OptionQuery>;

	/// What the service keeps about each case's household.
	#[pallet::storage]
	pub type Households<T: Config> = StorageMap<_, Twox64Concat, CaseId, HouseholdOf<T>, OptionQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The initial parameters (none: applications are refused until governance sets them).
		pub parameters: Option<ParamsOf<T>>,
		/// The initial regional standards.
		pub region_standards: alloc::vec::Vec<(RegionCode, BalanceOf<T>)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			if let Some(params) = &self.parameters {
				assert!(params.is_valid(), "genesis minimum living parameters must be valid");
				Parameters::<T>::put(params);
			}
			for (region, standard) in &self.region_standards {
				RegionStandards::<T>::insert(region, standard);
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
		/// The income accounting was uploaded and the amount computed from it.
		IncomeAccounted {
			case: CaseId,
			by: T::AccountId,
			assessed_income: BalanceOf<T>,
			monthly_amount: BalanceOf<T>,
		},
		/// The assessed income leaves the household above the standard: the case is rejected.
		NotEligible { case: CaseId },
		/// The democratic review's outcome was recorded.
		ReviewConcluded { case: CaseId, approved: bool, ayes: u32, of: u32 },
		/// The approval is publicly noticed until `ends`.
		NoticePublished { case: CaseId, ends: BlockNumberFor<T> },
		/// A registered participant objected; the case is paused.
		ObjectionRaised { case: CaseId, by: T::AccountId, objection: Cid },
		/// An officer resolved the objection.
		ObjectionResolved { case: CaseId, by: T::AccountId, upheld: bool },
		/// The notice ended without objection; monthly payments started.
		GuaranteeGranted { case: CaseId, beneficiary: T::AccountId, monthly_amount: BalanceOf<T> },
		/// The annual re-check was recorded; the guarantee continues at `monthly_amount`.
		RecheckCompleted { case: CaseId, by: T::AccountId, monthly_amount: BalanceOf<T> },
		/// The guarantee ended (a re-check found the household above the standard, or an officer
		/// terminated it).
		GuaranteeTerminated { case: CaseId, by: T::AccountId },
		/// Governance set the parameters.
		ParametersSet { parameters: ParamsOf<T> },
		/// Governance set (or removed) a region's standard.
		RegionStandardSet { region: RegionCode, standard: Option<BalanceOf<T>> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller is not a registered minimum living applicant.
		NotMinimumLivingApplicant,
		/// The agency does not exist or is not a civil affairs department.
		NotACivilAffairsDepartment,
		/// A CID is not a CIDv1 sha2-256 of the raw or dag-pb codec.
		InvalidCid,
		/// No parameters are set yet.
		NoParameters,
		/// The parameters are inconsistent.
		InvalidParameters,
		/// The case is not a minimum living case.
		NotAMinimumLivingCase,
		/// A resubmission must go to the department the case was filed with.
		WrongAgency,
		/// The case's region has no standard any more.
		UnknownRegion,
		/// The case is not waiting for the democratic review.
		NotAwaitingReview,
		/// The case is not in its public notice.
		NotInNotice,
		/// The public notice has not ended yet.
		NoticeNotOver,
		/// The public notice has ended; objections are closed.
		NoticeOver,
		/// The case has received `max_objections` objections.
		TooManyObjections,
		/// Only registered participants may do this.
		NotAParticipant,
		/// A household must have between one and `max_members` members.
		HouseholdSizeInvalid,
		/// The case has no running guarantee.
		NotActive,
		/// The caller is not a civil affairs officer of the case's department.
		NotCivilAffairsOfficer,
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Applies for the minimum living guarantee with `form`.
		///
		/// Origin: signed by a registered minimum living applicant.
		/// Emits the lifecycle's `CaseOpened` or `ChecksFailed`.
		/// Errors: `NotMinimumLivingApplicant`, `NotACivilAffairsDepartment`, `InvalidCid`,
		/// `NoParameters`, and the lifecycle's `DuplicateApplication`, `TooManyCases`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::apply_for_minimum_living())]
		pub fn apply_for_minimum_living(
			origin: OriginFor<T>,
			form: MinimumLivingForm<BalanceOf<T>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let identity = Self::applicant_identity(&who)?;
			let (checks, rule) = Self::evaluate(&identity, &form)?;
			let opening = Opening {
				service: Service::MinimumLiving,
				applicant: who,
				applicant_code: identity.code,
				agency: form.agency,
				documents: form.documents.clone(),
			};
			let case = T::Cases::open(opening, checks, rule, household::acceptance(form.agency))?;
			Households::<T>::insert(case, Self::fresh(&form));
			Ok(())
		}

		/// Resubmits `case` with a corrected `form`.
		///
		/// Origin: signed by the applicant. Emits the lifecycle's `CaseResubmitted` or
		/// `ChecksFailed`.
		/// Errors: as [`Pallet::apply_for_minimum_living`]; `NotAMinimumLivingCase`,
		/// `WrongAgency`, and the lifecycle's `NotApplicant`, `NotAwaitingCorrection`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::resubmit_minimum_living())]
		pub fn resubmit_minimum_living(
			origin: OriginFor<T>,
			case: CaseId,
			form: MinimumLivingForm<BalanceOf<T>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let record = Self::guarantee_case(case)?;
			ensure!(record.agency == form.agency, Error::<T>::WrongAgency);
			let identity = Self::applicant_identity(&who)?;
			let (checks, rule) = Self::evaluate(&identity, &form)?;
			let next = household::acceptance(form.agency);
			T::Cases::resubmit(case, &who, form.documents.clone(), checks, rule, next)?;
			Households::<T>::insert(case, Self::fresh(&form));
			Ok(())
		}

		/// Accepts `case`; a neighborhood committee inspects the household next.
		///
		/// Origin: signed by a civil affairs officer of the case's department.
		/// Emits [`Event::ApplicationAccepted`].
		/// Errors: `NotAMinimumLivingCase`, and the lifecycle's `WrongStep`, `NotAssignee`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::accept_application())]
		pub fn accept_application(origin: OriginFor<T>, case: CaseId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::guarantee_case(case)?;
			household::accept::<T::Cases, _, _>(case, &who)?;
			Self::deposit_event(Event::ApplicationAccepted { case, by: who });
			Ok(())
		}

		/// Records the household inspection of `case`.
		///
		/// Origin: signed by a neighborhood committee member.
		/// Emits [`Event::HouseholdInspected`].
		/// Errors: `InvalidCid`, and the lifecycle's `WrongStep`, `NotAssignee`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::record_household_inspection())]
		pub fn record_household_inspection(
			origin: OriginFor<T>,
			case: CaseId,
			report: Cid,
			confirmed: bool,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::guarantee_case(case)?;
			report.check().map_err(|_| Error::<T>::InvalidCid)?;
			household::inspect::<T::Cases, _, _>(case, &who, report.clone(), confirmed)?;
			Self::deposit_event(Event::HouseholdInspected { case, by: who, report, confirmed });
			Ok(())
		}

		/// Uploads the income accounting of `case` (the sheet's CID and the assessed monthly
		/// household income). The monthly amount follows from the region's standard; a
		/// household the assessment leaves above the standard is rejected, any other goes to
		/// the democratic review.
		///
		/// Origin: signed by a sub-district accountant.
		/// Emits [`Event::IncomeAccounted`] or [`Event::NotEligible`].
		/// Errors: `InvalidCid`, `UnknownRegion`, and the lifecycle's `WrongStep`, `NotAssignee`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::upload_income_accounting())]
		pub fn upload_income_accounting(
			origin: OriginFor<T>,
			case: CaseId,
			accounting: Cid,
			assessed_income: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::guarantee_case(case)?;
			accounting.check().map_err(|_| Error::<T>::InvalidCid)?;
			let actor = household::accountant::<T::Cases, _, _>(case, &who)?;
			let mut record = Households::<T>::get(case).ok_or(Error::<T>::NotAMinimumLivingCase)?;
			let amount = Self::guarantee_for(record.region, assessed_income, record.members)?;
			record.assessed_income = Some(assessed_income);
			if amount.is_zero() {
				let next = Next::end(CaseStatus::Rejected, Step::IncomeAccounting);
				T::Cases::advance(case, actor, Decision::Rejected, Some(accounting), next)?;
				Households::<T>::insert(case, record);
				Self::deposit_event(Event::NotEligible { case });
				return Ok(());
			}
			household::submit_accounting::<T::Cases, _, _>(case, actor, accounting)?;
			record.monthly_amount = Some(amount);
			Households::<T>::insert(case, record);
			Self::deposit_event(Event::IncomeAccounted {
				case,
				by: who,
				assessed_income,
				monthly_amount: amount,
			});
			Ok(())
		}

		/// Records the democratic review's outcome on `case`; an approval is publicly noticed.
		///
		/// Origin: [`Config::ReviewOrigin`]. Emits [`Event::ReviewConcluded`], and
		/// [`Event::NoticePublished`] on approval.
		/// Errors: `InvalidCid`, `NotAwaitingReview`, `NoParameters`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::feedback_on_democratic_review())]
		pub fn feedback_on_democratic_review(
			origin: OriginFor<T>,
			case: CaseId,
			approved: bool,
			minutes: Option<Cid>,
		) -> DispatchResult {
			let (ayes, of) = T::ReviewOrigin::ensure_origin(origin)?;
			Self::guarantee_case(case)?;
			if let Some(minutes) = &minutes {
				minutes.check().map_err(|_| Error::<T>::InvalidCid)?;
			}
			let params = Parameters::<T>::get().ok_or(Error::<T>::NoParameters)?;
			household::record_review::<T::Cases, _, _>(
				case,
				ayes,
				of,
				approved,
				minutes,
				Self::notice_step(),
				Error::<T>::NotAwaitingReview.into(),
			)?;
			Self::deposit_event(Event::ReviewConcluded { case, approved, ayes, of });
			if approved {
				Self::start_notice(case, &params);
			}
			Ok(())
		}

		/// Objects to `case` during its public notice, with the objection's document; the case
		/// pauses until an officer resolves the objection.
		///
		/// Origin: signed by any registered participant. Emits [`Event::ObjectionRaised`].
		/// Errors: `NotAParticipant`, `InvalidCid`, `NotInNotice`, `NoticeOver`,
		/// `TooManyObjections`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::object())]
		pub fn object(origin: OriginFor<T>, case: CaseId, objection: Cid) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(T::Registry::is_participant(&who), Error::<T>::NotAParticipant);
			objection.check().map_err(|_| Error::<T>::InvalidCid)?;
			let record = Self::guarantee_case(case)?;
			ensure!(
				record.step == Step::PublicNotice && record.status == CaseStatus::InReview,
				Error::<T>::NotInNotice
			);
			let mut household = Households::<T>::get(case).ok_or(Error::<T>::NotInNotice)?;
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(household.notice_ends.is_some_and(|end| now < end), Error::<T>::NoticeOver);
			let params = Parameters::<T>::get().ok_or(Error::<T>::NoParameters)?;
			ensure!(household.objections < params.max_objections, Error::<T>::TooManyObjections);
			let next = Next {
				status: CaseStatus::Suspended,
				step: Step::ObjectionReview,
				assignee: Assignee::Role { role: Role::CivilAffairsOfficer, agency: Some(record.agency) },
			};
			T::Cases::advance(case, Actor::Participant(who.clone()), Decision::Objected, Some(objection.clone()), next)?;
			household.objections += 1;
			household.notice_ends = None;
			Households::<T>::insert(case, household);
			Self::deposit_event(Event::ObjectionRaised { case, by: who, objection });
			Ok(())
		}

		/// Resolves the pending objection to `case`, with the finding's document: `upheld`
		/// rejects the case, otherwise the public notice starts again.
		///
		/// Origin: signed by a civil affairs officer of the case's department.
		/// Emits [`Event::ObjectionResolved`] (and [`Event::NoticePublished`] when dismissed).
		/// Errors: `InvalidCid`, `NoParameters`, and the lifecycle's `WrongStep`, `NotAssignee`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::resolve_objection())]
		pub fn resolve_objection(
			origin: OriginFor<T>,
			case: CaseId,
			upheld: bool,
			finding: Cid,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::guarantee_case(case)?;
			finding.check().map_err(|_| Error::<T>::InvalidCid)?;
			let actor = T::Cases::authorize(case, Step::ObjectionReview, &who)?;
			let params = Parameters::<T>::get().ok_or(Error::<T>::NoParameters)?;
			if upheld {
				let next = Next::end(CaseStatus::Rejected, Step::ObjectionReview);
				T::Cases::advance(case, actor, Decision::Rejected, Some(finding), next)?;
				Self::deposit_event(Event::ObjectionResolved { case, by: who, upheld });
			} else {
				T::Cases::advance(case, actor, Decision::Done, Some(finding), Self::notice_step())?;
				Self::deposit_event(Event::ObjectionResolved { case, by: who, upheld });
				Self::start_notice(case, &params);
			}
			Ok(())
		}

		/// Concludes the public notice of `case` once it has ended without a pending objection:
		/// monthly payments start from the department's fund, and the case waits for its annual
		/// re-check.
		///
		/// Origin: signed by any registered participant. Emits [`Event::GuaranteeGranted`].
		/// Errors: `NotAParticipant`, `NotInNotice`, `NoticeNotOver`, `NoParameters`.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::conclude_public_notice())]
		pub fn conclude_public_notice(origin: OriginFor<T>, case: CaseId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(T::Registry::is_participant(&who), Error::<T>::NotAParticipant);
			let record = Self::guarantee_case(case)?;
			ensure!(
				record.step == Step::PublicNotice && record.status == CaseStatus::InReview,
				Error::<T>::NotInNotice
			);
			let mut household = Households::<T>::get(case).ok_or(Error::<T>::NotInNotice)?;
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(household.notice_ends.is_some_and(|end| now >= end), Error::<T>::NoticeNotOver);
			let params = Parameters::<T>::get().ok_or(Error::<T>::NoParameters)?;
			let amount = household.monthly_amount.ok_or(Error::<T>::NotInNotice)?;
			T::Cases::advance(case, Actor::Runtime, Decision::Approved, None, Self::recheck_step(record.agency))?;
			let schedule = T::Payments::start(
				case,
				PaymentKind::Benefit,
				T::Funds::fund_account(record.agency),
				record.applicant.clone(),
				amount,
				params.payment_period,
				now,
			)?;
			household.schedule = Some(schedule);
			household.notice_ends = None;
			Households::<T>::insert(case, household);
			Self::deposit_event(Event::GuaranteeGranted {
				case,
				beneficiary: record.applicant,
				monthly_amount: amount,
			});
			Ok(())
		}

		/// Records the annual re-check of `case` (report CID, current monthly household income
		/// and members). The amount follows the new figures; a household now at or above the
		/// standard leaves the guarantee.
		///
		/// Origin: signed by a civil affairs officer of the case's department.
		/// Emits [`Event::RecheckCompleted`] or [`Event::GuaranteeTerminated`].
		/// Errors: `InvalidCid`, `HouseholdSizeInvalid`, `UnknownRegion`, `NotActive`, and the
		/// lifecycle's `WrongStep`, `NotAssignee`.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::annual_recheck())]
		pub fn annual_recheck(
			origin: OriginFor<T>,
			case: CaseId,
			report: Cid,
			household_income: BalanceOf<T>,
			members: u32,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let record = Self::guarantee_case(case)?;
			report.check().map_err(|_| Error::<T>::InvalidCid)?;
			let actor = T::Cases::authorize(case, Step::AnnualRecheck, &who)?;
			let params = Parameters::<T>::get().ok_or(Error::<T>::NoParameters)?;
			ensure!(members > 0 && members <= params.max_members, Error::<T>::HouseholdSizeInvalid);
			let mut household = Households::<T>::get(case).ok_or(Error::<T>::NotActive)?;
			let schedule = household.schedule.ok_or(Error::<T>::NotActive)?;
			let amount = Self::guarantee_for(household.region, household_income, members)?;
			household.members = members;
			household.assessed_income = Some(household_income);
			if amount.is_zero() {
				let next = Next::end(CaseStatus::Closed, Step::AnnualRecheck);
				T::Cases::advance(case, actor, Decision::Closed, Some(report), next)?;
				T::Payments::end(schedule)?;
				Households::<T>::insert(case, household);
				Self::deposit_event(Event::GuaranteeTerminated { case, by: who });
				return Ok(());
			}
			T::Cases::advance(case, actor, Decision::Done, Some(report), Self::recheck_step(record.agency))?;
			T::Payments::set_amount(schedule, amount)?;
			household.monthly_amount = Some(amount);
			Households::<T>::insert(case, household);
			Self::deposit_event(Event::RecheckCompleted { case, by: who, monthly_amount: amount });
			Ok(())
		}

		/// Terminates the running guarantee of `case`, for the reason in document `reason`.
		///
		/// Origin: signed by a civil affairs officer of the case's department.
		/// Emits [`Event::GuaranteeTerminated`].
		/// Errors: `InvalidCid`, `NotActive`, `NotCivilAffairsOfficer`.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::terminate())]
		pub fn terminate(origin: OriginFor<T>, case: CaseId, reason: Cid) -> DispatchResult {
			let who = ensure_signed(origin)?;
			reason.check().map_err(|_| Error::<T>::InvalidCid)?;
			let record = Self::guarantee_case(case)?;
			ensure!(record.status == CaseStatus::Active, Error::<T>::NotActive);
			ensure!(
				T::Registry::has_staff_role(&who, Role::CivilAffairsOfficer, record.agency),
				Error::<T>::NotCivilAffairsOfficer
			);
			let schedule = Households::<T>::get(case).and_then(|h| h.schedule).ok_or(Error::<T>::NotActive)?;
			let actor = Actor::Staff { who: who.clone(), role: Role::CivilAffairsOfficer, agency: record.agency };
			let next = Next::end(CaseStatus::Closed, record.step);
			T::Cases::advance(case, actor, Decision::Closed, Some(reason), next)?;
			T::Payments::end(schedule)?;
			Self::deposit_event(Event::GuaranteeTerminated { case, by: who });
			Ok(())
		}

		/// Sets the thresholds and periods. Applies from now on.
		///
		/// Origin: [`Config::GovernanceOrigin`]. Emits [`Event::ParametersSet`].
		/// Errors: `InvalidParameters`.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::set_parameters())]
		pub fn set_parameters(origin: OriginFor<T>, parameters: ParamsOf<T>) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(parameters.is_valid(), Error::<T>::InvalidParameters);
			Parameters::<T>::put(&parameters);
			Self::deposit_event(Event::ParametersSet { parameters });
			Ok(())
		}

		/// Sets `region`'s per-capita monthly standard (`None` removes it).
		///
		/// Origin: [`Config::GovernanceOrigin`]. Emits [`Event::RegionStandardSet`].
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::set_region_standard())]
		pub fn set_region_standard(
			origin: OriginFor<T>,
			region: RegionCode,
			standard: Option<BalanceOf<T>>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			RegionStandards::<T>::set(region, standard);
			Self::deposit_event(Event::RegionStandardSet { region, standard });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		fn applicant_identity(who: &T::AccountId) -> Result<CitizenIdentity, DispatchError> {
			T::Registry::citizen_with_role(who, Role::MinimumLivingApplicant)
				.ok_or_else(|| Error::<T>::NotMinimumLivingApplicant.into())
		}

		fn guarantee_case(
			case: CaseId,
		) -> Result<safetynet_primitives::cases::Case<T::AccountId, BlockNumberFor<T>>, DispatchError> {
			let record = T::Cases::case(case).ok_or(Error::<T>::NotAMinimumLivingCase)?;
			ensure!(record.service == Service::MinimumLiving, Error::<T>::NotAMinimumLivingCase);
			Ok(record)
		}

		fn fresh(form: &MinimumLivingForm<BalanceOf<T>>) -> HouseholdOf<T> {
			Household {
				region: form.region,
				members: form.household_members,
				assessed_income: None,
				monthly_amount: None,
				notice_ends: None,
				objections: 0,
				schedule: None,
			}
		}

		/// The public notice runs by itself; nobody is asked to act until it ends.
		fn notice_step() -> Next {
			Next { status: CaseStatus::InReview, step: Step::PublicNotice, assignee: Assignee::Runtime }
		}

		/// An active guarantee waits for its annual re-check by the department.
		fn recheck_step(agency: safetynet_primitives::AgencyId) -> Next {
			Next {
				status: CaseStatus::Active,
				step: Step::AnnualRecheck,
				assignee: Assignee::Role { role: Role::CivilAffairsOfficer, agency: Some(agency) },
			}
		}

		fn start_notice(case: CaseId, params: &ParamsOf<T>) {
			let ends = frame_system::Pallet::<T>::block_number().saturating_add(params.notice_period);
			Households::<T>::mutate(case, |h| {
				if let Some(h) = h {
					h.notice_ends = Some(ends);
				}
			});
			Self::deposit_event(Event::NoticePublished { case, ends });
		}

		/// The monthly guarantee for a household of `members` with `income` in `region`.
		fn guarantee_for(
			region: RegionCode,
			income: BalanceOf<T>,
			members: u32,
		) -> Result<BalanceOf<T>, DispatchError> {
			let standard = RegionStandards::<T>::get(region).ok_or(Error::<T>::UnknownRegion)?;
			Ok(household::shortfall(standard, income, members))
		}

		/// Runs the guarantee's checks. Input errors fail the call; rule failures are returned,
		/// all of them, for the case to record.
		pub(crate) fn evaluate(
			identity: &CitizenIdentity,
			form: &MinimumLivingForm<BalanceOf<T>>,
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
			let standard = RegionStandards::<T>::get(form.region);
			let now_ms = T::UnixTime::now().as_millis() as u64;
			let members = form.household_members;
			let (income_too_high, property_too_high) = match standard {
				Some(standard) => household::need_test(
					form.household_income,
					form.property_value,
					members,
					standard,
					params.property_line,
				),
				None => (false, false),
			};
			let checks = failed_checks(&[
				(form.household_info_cid.is_none(), Check::FormIncomplete),
				(members == 0 || members > params.max_members, Check::HouseholdSizeInvalid),
				(identity.id_valid_until <= now_ms, Check::IdCardExpired),
				(standard.is_none(), Check::UnknownRegion),
				(income_too_high, Check::IncomeAboveMinimumStandard),
				(property_too_high, Check::PropertyAboveLimit),
			]);
			let spec_version = <T as frame_system::Config>::Version::get().spec_version;
			let rule =
				rule_stamp(spec_version, &(form, identity.id_valid_until, now_ms, &params, standard));
			Ok((checks, rule))
		}
	}
}
