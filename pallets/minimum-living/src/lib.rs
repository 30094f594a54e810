//! # Minimum living guarantee pallet
//!
//! The minimum living guarantee: a monthly allowance that lifts a household to its region's
//! per-capita minimum living standard, reviewed by people, publicly noticed, and re-checked
//! every year.
//!
//! ## Overview
//!
//! 1. The applicant applies ([`Pallet::apply`]), listing the household's other members by identity
//!    hash. The lifecycle checks what every service shares (a registered applicant, a civil affairs
//!    department, profile CIDs, a valid ID card, the household as registered, no benefit the rules
//!    forbid to combine — assistance for the same household, say); this pallet checks the form is
//!    complete, the household size is sensible, the household's registered region has a standard
//!    (its own, or the nearest region above it that has one), per-capita income is below it and
//!    per-capita property within the property line.
//! 2. As for social assistance (the shared household review): the department accepts the case
//!    ([`Pallet::accept`]), the responsible neighbourhood committee inspects the household
//!    ([`Pallet::inspect`]), the responsible sub-district office accounts the income
//!    ([`Pallet::account_income`]; the amount follows: (standard - per-capita income) x members),
//!    and the democratic review team votes ([`Pallet::review`] through [`Config::ReviewOrigin`]).
//! 3. An approval is publicly noticed for `notice_period` blocks. Any registered participant may
//!    object ([`Pallet::object`]), which pauses the notice until a civil affairs officer of the
//!    department resolves the objection ([`Pallet::resolve_objection`]): upheld rejects the case,
//!    dismissed restarts the notice.
//! 4. When the notice ends without a pending objection, anyone registered concludes it
//!    ([`Pallet::conclude_notice`]) and monthly payments start from the department's fund.
//! 5. Every year a civil affairs officer of the department re-checks the household
//!    ([`Pallet::recheck`]); the amount follows the new figures, or the guarantee ends if the
//!    household no longer qualifies. An overdue re-check is reported by the lifecycle. Officers
//!    suspend, resume and end the guarantee through the lifecycle.
//!
//! ## Dispatchables
//!
//! - [`Pallet::apply`], [`Pallet::resubmit`]: the applicant.
//! - [`Pallet::accept`], [`Pallet::resolve_objection`], [`Pallet::recheck`]: a civil affairs
//!   officer of the case's department.
//! - [`Pallet::inspect`]: a member of the responsible neighbourhood committee.
//! - [`Pallet::account_income`]: an accountant of the responsible sub-district office.
//! - [`Pallet::review`]: the democratic review collective.
//! - [`Pallet::object`], [`Pallet::conclude_notice`]: any registered participant.
//! - [`Pallet::set_region_standard`]: the council (governance).

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
			collect_documents, failed_checks, rule_stamp, Actor, Assign, CaseId, CaseLifecycle,
			CaseStatus, Check, Decision, FailedChecks, Next, Opening, PaymentKind,
			PaymentSchedules, Responsible, RuleStamp, Service, Step,
		},
		kit::{household, RuleVersion},
		AgencyId, Cid, ParticipantRegistry, RegionCode, Role,
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
	pub type HouseholdOf<T> = HouseholdRecord<BalanceOf<T>, BlockNumberFor<T>>;

	/// This pallet's service.
	const SERVICE: Service = Service::MinimumLiving;

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The money the guarantee is paid in.
		type Currency: Inspect<Self::AccountId>;
		/// Who is registered, and where their household is.
		type Registry: ParticipantRegistry<Self::AccountId>;
		/// The application lifecycle.
		type Cases: CaseLifecycle<Self::AccountId, BlockNumberFor<Self>>;
		/// Guarantee payments.
		type Payments: PaymentSchedules<Self::AccountId, BalanceOf<Self>, BlockNumberFor<Self>>;
		/// The thresholds governance set, and their version.
		type Parameters: Get<Option<ParamsOf<Self>>> + RuleVersion;
		/// The democratic review team's majority, with the votes it carried: `(ayes, of)`.
		type ReviewOrigin: EnsureOrigin<Self::RuntimeOrigin, Success = (u32, u32)>;
		/// Sets the regional standards: the consortium council (or root).
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Weights of this pallet's calls, from benchmarks.
		type WeightInfo: WeightInfo;

		/// Sets up participants and money for this pallet's benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: safetynet_primitives::BenchmarkSetup<Self::AccountId>;
	}

	/// The per-capita monthly minimum living standard of each region that has its own, in fen.
	/// A region without one takes the nearest region above it that has one.
	#[pallet::storage]
	pub type RegionStandards<T: Config> =
		StorageMap<_, Twox64Concat, RegionCode, BalanceOf<T>, OptionQuery>;

	/// What the service keeps about each case's household.
	#[pallet::storage]
	pub type Households<T: Config> =
		StorageMap<_, Twox64Concat, CaseId, HouseholdOf<T>, OptionQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The initial regional standards.
		pub region_standards: alloc::vec::Vec<(RegionCode, BalanceOf<T>)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (region, standard) in &self.region_standards {
				assert!(region.is_valid(), "genesis standards need valid region codes");
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
		IncomeAccounted { case: CaseId, by: T::AccountId, monthly_amount: BalanceOf<T> },
		/// The assessed income leaves the household above the standard: the case is rejected.
		NotEligible { case: CaseId },
		/// The democratic review's outcome was recorded.
		ReviewConcluded { case: CaseId, approved: bool, ayes: u32, of: u32 },
		/// The approval is publicly noticed until `ends`.
		NoticePublished { case: CaseId, ends: BlockNumberFor<T> },
		/// A registered participant objected; the notice is paused.
		ObjectionRaised { case: CaseId, by: T::AccountId, objection: Cid },
		/// An officer resolved the objection.
		ObjectionResolved { case: CaseId, by: T::AccountId, upheld: bool },
		/// The notice ended without objection; monthly payments started.
		GuaranteeGranted { case: CaseId, beneficiary: T::AccountId, monthly_amount: BalanceOf<T> },
		/// The annual re-check was recorded; the guarantee continues at `monthly_amount`.
		RecheckCompleted { case: CaseId, by: T::AccountId, monthly_amount: BalanceOf<T> },
		/// A re-check found the household above the standard: the guarantee ended.
		GuaranteeTerminated { case: CaseId, by: T::AccountId },
		/// Governance set (or removed) a region's standard.
		RegionStandardSet { region: RegionCode, standard: Option<BalanceOf<T>> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No parameters are set yet.
		NoParameters,
		/// The region code is not a well-formed administrative division code.
		InvalidRegion,
		/// Neither the case's region nor any region above it has a standard any more.
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
		/// The case has no household record.
		NoHousehold,
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
		/// Applies for the minimum living guarantee with `form`.
		///
		/// Origin: signed by a registered minimum living applicant.
		/// Emits the lifecycle's `CaseOpened` or `ChecksFailed`.
		/// Errors: `NoParameters`, and the lifecycle's `NotEligibleApplicant`,
		/// `WrongAgencyKind`, `InvalidCid`, `DuplicateApplication`, `TooManyOpenCases`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::apply())]
		pub fn apply(
			origin: OriginFor<T>,
			form: MinimumLivingForm<BalanceOf<T>>,
		) -> DispatchResult {
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
			form: MinimumLivingForm<BalanceOf<T>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_apply(who, Some(case), form).map(|_| ())
		}

		/// Accepts `case`; the neighbourhood committee responsible for the household, or
		/// `refer_to`, inspects it next.
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

		/// Records the household inspection of `case`; a confirmed case goes to the sub-district
		/// office responsible for the household, or `refer_to`.
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

		/// Uploads the income accounting of `case` (the sheet's CID and the assessed monthly
		/// household income, which is used and not kept: the sheet holds it). The monthly amount
		/// follows from the region's standard and the people the case lists; a
		/// household the assessment leaves above the standard is rejected, any other goes to
		/// the democratic review.
		///
		/// Origin: signed by an accountant of the sub-district office the case was sent to.
		/// Emits [`Event::IncomeAccounted`] or [`Event::NotEligible`].
		/// Errors: `UnknownRegion`, `NoHousehold`, and the lifecycle's `InvalidCid`, and as
		/// [`Pallet::accept`].
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::account_income())]
		pub fn account_income(
			origin: OriginFor<T>,
			case: CaseId,
			accounting: Cid,
			assessed_income: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_account_income(&who, case, accounting, assessed_income)
		}

		/// Records the democratic review's outcome on `case`; an approval is publicly noticed.
		///
		/// Origin: [`Config::ReviewOrigin`]. Emits [`Event::ReviewConcluded`], and
		/// [`Event::NoticePublished`] on approval.
		/// Errors: `NotAwaitingReview`, `NoParameters`, and the lifecycle's `UnknownCase`,
		/// `WrongService`, `InvalidCid`.
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

		/// Objects to `case` during its public notice, with the objection's document; the notice
		/// pauses until an officer of the department resolves the objection.
		///
		/// Origin: signed by any registered participant. Emits [`Event::ObjectionRaised`].
		/// Errors: `NotAParticipant`, `NotInNotice`, `NoticeOver`, `TooManyObjections`,
		/// `NoParameters`, and the lifecycle's `UnknownCase`, `WrongService`, `InvalidCid`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::object())]
		pub fn object(origin: OriginFor<T>, case: CaseId, objection: Cid) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_object(&who, case, objection)
		}

		/// Resolves the pending objection to `case`, with the finding's document: `upheld`
		/// rejects the case, otherwise the public notice starts again.
		///
		/// Origin: signed by a civil affairs officer of the case's department.
		/// Emits [`Event::ObjectionResolved`] (and [`Event::NoticePublished`] when dismissed).
		/// Errors: `NoParameters`, and the lifecycle's `InvalidCid`, and as [`Pallet::accept`].
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::resolve_objection())]
		pub fn resolve_objection(
			origin: OriginFor<T>,
			case: CaseId,
			upheld: bool,
			finding: Cid,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_resolve_objection(&who, case, upheld, finding)
		}

		/// Concludes the public notice of `case` once it has ended without a pending objection:
		/// monthly payments start from the department's fund, and the case waits for its annual
		/// re-check by the department.
		///
		/// Origin: signed by any registered participant. Emits [`Event::GuaranteeGranted`].
		/// Errors: `NotAParticipant`, `NotInNotice`, `NoticeNotOver`, `NoParameters`, and the
		/// lifecycle's `UnknownCase`, `WrongService`.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::conclude_notice())]
		pub fn conclude_notice(origin: OriginFor<T>, case: CaseId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_conclude_notice(&who, case)
		}

		/// Records the annual re-check of `case` (report CID, current monthly household income
		/// and members). The amount follows the new figures; a household now at or above the
		/// standard leaves the guarantee (its payments end with the case).
		///
		/// Origin: signed by a civil affairs officer of the case's department.
		/// Emits [`Event::RecheckCompleted`] or [`Event::GuaranteeTerminated`].
		/// Errors: `HouseholdSizeInvalid`, `UnknownRegion`, `NoHousehold`, `NoParameters`, and
		/// the lifecycle's `InvalidCid`, and as [`Pallet::accept`].
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::recheck())]
		pub fn recheck(
			origin: OriginFor<T>,
			case: CaseId,
			report: Cid,
			household_income: BalanceOf<T>,
			members: u32,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_recheck(&who, case, report, household_income, members)
		}

		/// Sets `region`'s per-capita monthly standard (`None` removes it; its households then
		/// take the standard of the nearest region above that has one).
		///
		/// Origin: [`Config::GovernanceOrigin`]. Emits [`Event::RegionStandardSet`].
		/// Errors: `InvalidRegion`.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::set_region_standard())]
		pub fn set_region_standard(
			origin: OriginFor<T>,
			region: RegionCode,
			standard: Option<BalanceOf<T>>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_region_standard(region, standard)
		}
	}

	impl<T: Config> Pallet<T> {
		/// Files (or refiles) the application; returns the case.
		pub(crate) fn do_apply(
			who: T::AccountId,
			case: Option<CaseId>,
			form: MinimumLivingForm<BalanceOf<T>>,
		) -> Result<CaseId, DispatchError> {
			// The standard is the household's registered region's; an unregistered applicant is
			// refused by the lifecycle before this matters.
			let region = T::Registry::citizen(&who).map(|c| c.residence).unwrap_or(RegionCode(0));
			let (checks, rule) = Self::evaluate(&form, region)?;
			let opening = Opening {
				service: SERVICE,
				applicant: who,
				agency: form.agency,
				documents: collect_documents(form.cids()),
				household: form.household.clone(),
			};
			let next = household::acceptance();
			let case = match case {
				None => T::Cases::open(opening, checks, rule, next)?.0,
				Some(case) => {
					T::Cases::resubmit(case, opening, checks, rule, next)?;
					case
				},
			};
			let record =
				HouseholdRecord { region, monthly_amount: None, notice_ends: None, objections: 0 };
			Households::<T>::insert(case, record);
			Ok(case)
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
		) -> DispatchResult {
			let actor = household::accountant::<T::Cases, _, _>(SERVICE, case, who)?;
			let mut record = Households::<T>::get(case).ok_or(Error::<T>::NoHousehold)?;
			let members = T::Cases::persons(case);
			let amount = Self::guarantee_for(record.region, assessed_income, members)?;
			if amount.is_zero() {
				let next = Next::end(CaseStatus::Rejected, Step::IncomeAccounting);
				T::Cases::advance(case, actor, Decision::Rejected, Some(accounting), next)?;
				Self::deposit_event(Event::NotEligible { case });
				return Ok(());
			}
			household::submit_accounting::<T::Cases, _, _>(case, actor, accounting)?;
			record.monthly_amount = Some(amount);
			Households::<T>::insert(case, record);
			Self::deposit_event(Event::IncomeAccounted {
				case,
				by: who.clone(),
				monthly_amount: amount,
			});
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
			let params = T::Parameters::get().ok_or(Error::<T>::NoParameters)?;
			household::record_review::<T::Cases, _, _>(
				SERVICE,
				case,
				ayes,
				of,
				approved,
				minutes,
				Next::waiting(Step::PublicNotice),
				Error::<T>::NotAwaitingReview.into(),
			)?;
			Self::deposit_event(Event::ReviewConcluded { case, approved, ayes, of });
			if approved {
				Self::start_notice(case, &params);
			}
			Ok(())
		}

		/// The body of [`Pallet::object`].
		pub(crate) fn do_object(
			who: &T::AccountId,
			case: CaseId,
			objection: Cid,
		) -> DispatchResult {
			ensure!(T::Registry::is_participant(who), Error::<T>::NotAParticipant);
			let (mut household, now) = Self::in_notice(case)?;
			ensure!(household.notice_ends.is_some_and(|end| now < end), Error::<T>::NoticeOver);
			let params = T::Parameters::get().ok_or(Error::<T>::NoParameters)?;
			ensure!(household.objections < params.max_objections, Error::<T>::TooManyObjections);
			let next = Next::step(
				Step::ObjectionReview,
				Role::CivilAffairsOfficer,
				Responsible::FiledWith,
			);
			let actor = Actor::Participant(who.clone());
			T::Cases::advance(case, actor, Decision::Objected, Some(objection.clone()), next)?;
			household.objections += 1;
			household.notice_ends = None;
			Households::<T>::insert(case, household);
			Self::deposit_event(Event::ObjectionRaised { case, by: who.clone(), objection });
			Ok(())
		}

		/// The body of [`Pallet::resolve_objection`].
		pub(crate) fn do_resolve_objection(
			who: &T::AccountId,
			case: CaseId,
			upheld: bool,
			finding: Cid,
		) -> DispatchResult {
			let actor = T::Cases::authorize(case, SERVICE, Step::ObjectionReview, who)?;
			let params = T::Parameters::get().ok_or(Error::<T>::NoParameters)?;
			if upheld {
				let next = Next::end(CaseStatus::Rejected, Step::ObjectionReview);
				T::Cases::advance(case, actor, Decision::Rejected, Some(finding), next)?;
			} else {
				let next = Next::waiting(Step::PublicNotice);
				T::Cases::advance(case, actor, Decision::Done, Some(finding), next)?;
				Self::start_notice(case, &params);
			}
			Self::deposit_event(Event::ObjectionResolved { case, by: who.clone(), upheld });
			Ok(())
		}

		/// The body of [`Pallet::conclude_notice`].
		pub(crate) fn do_conclude_notice(who: &T::AccountId, case: CaseId) -> DispatchResult {
			ensure!(T::Registry::is_participant(who), Error::<T>::NotAParticipant);
			let (mut household, now) = Self::in_notice(case)?;
			ensure!(household.notice_ends.is_some_and(|end| now >= end), Error::<T>::NoticeNotOver);
			let params = T::Parameters::get().ok_or(Error::<T>::NoParameters)?;
			let amount = household.monthly_amount.ok_or(Error::<T>::NotInNotice)?;
			T::Cases::advance(
				case,
				Actor::Runtime,
				Decision::Approved,
				None,
				Self::recheck_step(),
			)?;
			let record = T::Cases::case_of(case, SERVICE)?;
			T::Payments::start(
				case,
				PaymentKind::Benefit,
				record.applicant.clone(),
				record.managing_agency(),
				amount,
				params.payment_period,
				now,
			)?;
			household.notice_ends = None;
			Households::<T>::insert(case, household);
			Self::deposit_event(Event::GuaranteeGranted {
				case,
				beneficiary: record.applicant,
				monthly_amount: amount,
			});
			Ok(())
		}

		/// The body of [`Pallet::recheck`].
		pub(crate) fn do_recheck(
			who: &T::AccountId,
			case: CaseId,
			report: Cid,
			household_income: BalanceOf<T>,
			members: u32,
		) -> DispatchResult {
			let actor = T::Cases::authorize(case, SERVICE, Step::AnnualRecheck, who)?;
			let params = T::Parameters::get().ok_or(Error::<T>::NoParameters)?;
			ensure!(
				household::size_is_valid(members, params.max_members),
				Error::<T>::HouseholdSizeInvalid
			);
			let mut household = Households::<T>::get(case).ok_or(Error::<T>::NoHousehold)?;
			let amount = Self::guarantee_for(household.region, household_income, members)?;
			if amount.is_zero() {
				let next = Next::end(CaseStatus::Closed, Step::AnnualRecheck);
				T::Cases::advance(case, actor, Decision::Closed, Some(report), next)?;
				Self::deposit_event(Event::GuaranteeTerminated { case, by: who.clone() });
				return Ok(());
			}
			T::Cases::advance(case, actor, Decision::Done, Some(report), Self::recheck_step())?;
			T::Payments::set_amount(case, amount)?;
			household.monthly_amount = Some(amount);
			Households::<T>::insert(case, household);
			Self::deposit_event(Event::RecheckCompleted {
				case,
				by: who.clone(),
				monthly_amount: amount,
			});
			Ok(())
		}

		/// The body of [`Pallet::set_region_standard`].
		pub(crate) fn do_set_region_standard(
			region: RegionCode,
			standard: Option<BalanceOf<T>>,
		) -> DispatchResult {
			ensure!(region.is_valid(), Error::<T>::InvalidRegion);
			RegionStandards::<T>::set(region, standard);
			Self::deposit_event(Event::RegionStandardSet { region, standard });
			Ok(())
		}

		/// The case and its household, if it is in its public notice, with the current block.
		fn in_notice(case: CaseId) -> Result<(HouseholdOf<T>, BlockNumberFor<T>), DispatchError> {
			let record = T::Cases::case_of(case, SERVICE)?;
			ensure!(
				record.step == Step::PublicNotice && record.status == CaseStatus::InReview,
				Error::<T>::NotInNotice
			);
			let household = Households::<T>::get(case).ok_or(Error::<T>::NotInNotice)?;
			Ok((household, frame_system::Pallet::<T>::block_number()))
		}

		/// An active guarantee waits for its annual re-check by the department.
		fn recheck_step() -> Next {
			Next::active(
				Step::AnnualRecheck,
				Assign::Staff { role: Role::CivilAffairsOfficer, by: Responsible::FiledWith },
			)
		}

		fn start_notice(case: CaseId, params: &ParamsOf<T>) {
			let ends =
				frame_system::Pallet::<T>::block_number().saturating_add(params.notice_period);
			Households::<T>::mutate(case, |h| {
				if let Some(h) = h {
					h.notice_ends = Some(ends);
				}
			});
			Self::deposit_event(Event::NoticePublished { case, ends });
		}

		/// The standard that applies in `region`: its own, or the nearest region's above it.
		pub fn standard_for(region: RegionCode) -> Option<BalanceOf<T>> {
			region.with_ancestors().find_map(RegionStandards::<T>::get)
		}

		/// The monthly guarantee for a household of `members` with `income` in `region`.
		fn guarantee_for(
			region: RegionCode,
			income: BalanceOf<T>,
			members: u32,
		) -> Result<BalanceOf<T>, DispatchError> {
			let standard = Self::standard_for(region).ok_or(Error::<T>::UnknownRegion)?;
			Ok(household::shortfall(standard, income, members))
		}

		/// Runs the guarantee's own checks; the rule failures are returned, all of them, for the
		/// case to record.
		pub(crate) fn evaluate(
			form: &MinimumLivingForm<BalanceOf<T>>,
			region: RegionCode,
		) -> Result<(Result<(), FailedChecks>, RuleStamp), DispatchError> {
			let params = T::Parameters::get().ok_or(Error::<T>::NoParameters)?;
			let standard = Self::standard_for(region);
			let members = form.members();
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
				(
					!household::size_is_valid(members, params.max_members),
					Check::HouseholdSizeInvalid,
				),
				(standard.is_none(), Check::UnknownRegion),
				(income_too_high, Check::IncomeAboveMinimumStandard),
				(property_too_high, Check::PropertyAboveLimit),
			]);
			let spec_version = <T as frame_system::Config>::Version::get().spec_version;
			let rule = rule_stamp(
				spec_version,
				T::Parameters::rule_version(),
				&form.salt,
				&(form, region, &params, standard),
			);
			Ok((checks, rule))
		}

		/// The pallet's invariants: its records belong to minimum living cases, every stored
		/// standard's region is well formed, and only a case in its notice has a notice end.
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			for (region, _) in RegionStandards::<T>::iter() {
				ensure!(region.is_valid(), "a standard for an ill-formed region");
			}
			for (id, household) in Households::<T>::iter() {
				let case = T::Cases::case(id).ok_or("a household without its case")?;
				ensure!(case.service == SERVICE, "a household on another service");
				if household.notice_ends.is_some() {
					ensure!(case.step == Step::PublicNotice, "a notice end outside the notice");
				}
			}
			Ok(())
		}
	}
}
