//! # Social insurance pallet
//!
//! The paper's Social Insurance SC (Algorithm 1, Figure 5): an insured employee or an enterprise
//! applies, the runtime approves automatically when every rule holds, and the approval issues a
//! participation certificate and a withholding agreement that collects premiums every period.
//!
//! ## Overview
//!
//! [`Pallet::apply_for_insurance`] (the paper's `ApplicationforInsurance`) runs the automatic
//! checks at submission, against the chain's clock and the applicant's balance:
//!
//! - the form is complete (form and photo CIDs, the hashed bank account);
//! - the ID card is valid (from the applicant's registration);
//! - the monthly income is inside the contribution base range;
//! - the payment ratio is one of the allowed ratios;
//! - the balance covers the first premium (premium = income × ratio).
//!
//! When all hold, the case is approved on the spot: the certificate is issued, the first premium
//! moves from the insured to the agency's social insurance fund, and the next ones are withheld
//! every `premium_period` blocks, with arrears recorded when a premium cannot be paid. When any
//! fails, the case records every failed check by name and waits for the applicant to correct and
//! resubmit ([`Pallet::resubmit_insurance`]).
//!
//! Social insurance officers of the agency suspend, resume and end agreements, with a reason.
//! Every threshold is a governance parameter ([`Pallet::set_parameters`]).
//!
//! ## Terminology
//!
//! - **Contribution base**: the monthly income premiums are computed from.
//! - **Payment ratio**: the share of the contribution base paid as premium.
//! - **Participation certificate**: proof of insurance; its number is the case id.
//! - **Withholding agreement**: the standing order that collects premiums.
//!
//! ## Dispatchables
//!
//! - [`Pallet::apply_for_insurance`]: apply (insured employee or enterprise).
//! - [`Pallet::resubmit_insurance`]: correct and resubmit an application that failed its checks.
//! - [`Pallet::suspend_agreement`], [`Pallet::resume_agreement`], [`Pallet::end_agreement`]:
//!   a social insurance officer manages the agreement.
//! - [`Pallet::set_parameters`]: governance sets the thresholds.

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
		traits::{
			fungible::Inspect,
			tokens::{Fortitude, Preservation},
			UnixTime,
		},
	};
	use frame_system::pallet_prelude::*;
	use safetynet_primitives::{
		cases::{
			failed_checks, rule_stamp, AgencyFunds, Assignee, CaseId, CaseLifecycle, CaseStatus,
			Check, Decision, Next, Opening, PaymentKind, PaymentSchedules, Service, Step,
		},
		AgencyKind, Cid, CitizenIdentity, ParticipantRegistry, Role,
	};

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	/// A balance of the currency premiums are paid in.
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
	/// The parameters as this runtime stores them.
	pub type ParamsOf<T> = InsuranceParams<BalanceOf<T>, BlockNumberFor<T>>;
	/// An agreement as this runtime stores it.
	pub type AgreementOf<T> =
		Agreement<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The money premiums are paid in (read to check the first premium can be paid).
		type Currency: Inspect<Self::AccountId>;
		/// Who is registered, with which roles.
		type Registry: ParticipantRegistry<Self::AccountId>;
		/// The application lifecycle.
		type Cases: CaseLifecycle<Self::AccountId, BlockNumberFor<Self>>;
		/// Premium collection.
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

	/// The thresholds the automatic rules apply.
	#[pallet::storage]
	pub type Parameters<T: Config> = StorageValue<_, ParamsOf<T>, OptionQuery>;

	/// The certificate and withholding agreement of each approved case.
	#[pallet::storage]
	pub type Agreements<T: Config> = StorageMap<_, Twox64Concat, CaseId, AgreementOf<T>, OptionQuery>;

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
				assert!(params.is_valid(), "genesis insurance parameters must be valid");
				Parameters::<T>::put(params);
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// Approved automatically: the certificate is issued and premiums are withheld.
		InsuranceApproved {
			case: CaseId,
			insured: T::AccountId,
			certificate: u64,
			premium: BalanceOf<T>,
		},
		/// An officer suspended the agreement.
		AgreementSuspended { case: CaseId, by: T::AccountId, reason: Cid },
		/// An officer resumed the agreement.
		AgreementResumed { case: CaseId, by: T::AccountId },
		/// An officer ended the agreement.
		AgreementEnded { case: CaseId, by: T::AccountId, reason: EndReason },
		/// Governance set the parameters.
		ParametersSet { parameters: ParamsOf<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller is not a registered insured employee or enterprise.
		NotInsuredParticipant,
		/// The agency does not exist or is not a social insurance agency.
		NotAnInsuranceAgency,
		/// A CID is not a CIDv1 sha2-256 of the raw or dag-pb codec.
		InvalidCid,
		/// No parameters are set yet.
		NoParameters,
		/// The parameters are inconsistent (empty range, no ratio, zero period).
		InvalidParameters,
		/// The case is not a social insurance case.
		NotAnInsuranceCase,
		/// A resubmission must go to the agency the case was filed with.
		WrongAgency,
		/// The case has no agreement.
		NoAgreement,
		/// The caller is not a social insurance officer of the agreement's agency.
		NotInsuranceOfficer,
		/// The agreement is not active.
		AgreementNotActive,
		/// The agreement is not suspended.
		AgreementNotSuspended,
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Applies for social insurance with `form`. Approved on the spot when every automatic
		/// check holds; otherwise the case records the failed checks and waits for a corrected
		/// resubmission.
		///
		/// Origin: signed by a registered insured employee or enterprise.
		/// Emits [`Event::InsuranceApproved`] (and the lifecycle's `CaseOpened`), or the
		/// lifecycle's `ChecksFailed` listing every failed check.
		/// Errors: `NotInsuredParticipant`, `NotAnInsuranceAgency`, `InvalidCid`, `NoParameters`,
		/// and the lifecycle's `DuplicateApplication`, `TooManyCases`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::apply_for_insurance())]
		pub fn apply_for_insurance(
			origin: OriginFor<T>,
			form: InsuranceForm<BalanceOf<T>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let identity = Self::insured_identity(&who)?;
			let (params, checks, rule) = Self::evaluate(&who, &identity, &form)?;
			let opening = Opening {
				service: Service::SocialInsurance,
				applicant: who.clone(),
				applicant_code: identity.code,
				agency: form.agency,
				documents: form.documents.clone(),
			};
			let approved = checks.is_ok();
			let case = T::Cases::open(opening, checks, rule, Self::approved_step())?;
			if approved {
				Self::issue_agreement(case, who, form, &params)?;
			}
			Ok(())
		}

		/// Resubmits `case` with a corrected `form`; approved on the spot if every check now
		/// holds.
		///
		/// Origin: signed by the applicant. Emits as [`Pallet::apply_for_insurance`].
		/// Errors: as [`Pallet::apply_for_insurance`], and the lifecycle's `NotApplicant`,
		/// `NotAwaitingCorrection`; `NotAnInsuranceCase`, `WrongAgency`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::resubmit_insurance())]
		pub fn resubmit_insurance(
			origin: OriginFor<T>,
			case: CaseId,
			form: InsuranceForm<BalanceOf<T>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let record = T::Cases::case(case).ok_or(Error::<T>::NotAnInsuranceCase)?;
			ensure!(record.service == Service::SocialInsurance, Error::<T>::NotAnInsuranceCase);
			ensure!(record.agency == form.agency, Error::<T>::WrongAgency);
			let identity = Self::insured_identity(&who)?;
			let (params, checks, rule) = Self::evaluate(&who, &identity, &form)?;
			let approved = checks.is_ok();
			T::Cases::resubmit(case, &who, form.documents.clone(), checks, rule, Self::approved_step())?;
			if approved {
				Self::issue_agreement(case, who, form, &params)?;
			}
			Ok(())
		}

		/// Suspends the withholding of premiums of `case`, for the reason in document `reason`.
		///
		/// Origin: signed by a social insurance officer of the agreement's agency.
		/// Emits [`Event::AgreementSuspended`].
		/// Errors: `NoAgreement`, `NotInsuranceOfficer`, `AgreementNotActive`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::suspend_agreement())]
		pub fn suspend_agreement(origin: OriginFor<T>, case: CaseId, reason: Cid) -> DispatchResult {
			let who = ensure_signed(origin)?;
			reason.check().map_err(|_| Error::<T>::InvalidCid)?;
			let (mut agreement, actor) = Self::officer_agreement(&who, case)?;
			ensure!(agreement.status == AgreementStatus::Active, Error::<T>::AgreementNotActive);
			T::Payments::suspend(agreement.schedule)?;
			let next = Next {
				status: CaseStatus::Suspended,
				step: Step::Payments,
				assignee: Assignee::Runtime,
			};
			T::Cases::advance(case, actor, Decision::Suspended, Some(reason.clone()), next)?;
			agreement.status = AgreementStatus::Suspended;
			Agreements::<T>::insert(case, agreement);
			Self::deposit_event(Event::AgreementSuspended { case, by: who, reason });
			Ok(())
		}

		/// Resumes the withholding of premiums of a suspended `case`.
		///
		/// Origin: signed by a social insurance officer of the agreement's agency.
		/// Emits [`Event::AgreementResumed`].
		/// Errors: `NoAgreement`, `NotInsuranceOfficer`, `AgreementNotSuspended`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::resume_agreement())]
		pub fn resume_agreement(origin: OriginFor<T>, case: CaseId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let (mut agreement, actor) = Self::officer_agreement(&who, case)?;
			ensure!(
				agreement.status == AgreementStatus::Suspended,
				Error::<T>::AgreementNotSuspended
			);
			T::Payments::resume(agreement.schedule)?;
			T::Cases::advance(case, actor, Decision::Resumed, None, Self::approved_step())?;
			agreement.status = AgreementStatus::Active;
			Agreements::<T>::insert(case, agreement);
			Self::deposit_event(Event::AgreementResumed { case, by: who });
			Ok(())
		}

		/// Ends the agreement of `case` for `reason`, with an optional supporting document.
		///
		/// Origin: signed by a social insurance officer of the agreement's agency.
		/// Emits [`Event::AgreementEnded`].
		/// Errors: `NoAgreement`, `NotInsuranceOfficer`, `InvalidCid`, and the lifecycle's
		/// `CaseClosed` for an agreement already ended.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::end_agreement())]
		pub fn end_agreement(
			origin: OriginFor<T>,
			case: CaseId,
			reason: EndReason,
			document: Option<Cid>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			if let Some(doc) = &document {
				doc.check().map_err(|_| Error::<T>::InvalidCid)?;
			}
			let (mut agreement, actor) = Self::officer_agreement(&who, case)?;
			T::Cases::advance(
				case,
				actor,
				Decision::Closed,
				document,
				Next::end(CaseStatus::Closed, Step::Payments),
			)?;
			T::Payments::end(agreement.schedule)?;
			agreement.status = AgreementStatus::Ended;
			Agreements::<T>::insert(case, agreement);
			Self::deposit_event(Event::AgreementEnded { case, by: who, reason });
			Ok(())
		}

		/// Sets the thresholds of the automatic rules. Applies to applications from now on.
		///
		/// Origin: [`Config::GovernanceOrigin`]. Emits [`Event::ParametersSet`].
		/// Errors: `InvalidParameters`.
		#[pallet::call_index(5)]
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
		/// An approved insurance case collects premiums; nobody needs to act.
		fn approved_step() -> Next {
			Next { status: CaseStatus::Active, step: Step::Payments, assignee: Assignee::Runtime }
		}

		fn insured_identity(who: &T::AccountId) -> Result<CitizenIdentity, DispatchError> {
			T::Registry::citizen_with_role(who, Role::InsuredEmployee)
				.or_else(|| T::Registry::citizen_with_role(who, Role::Enterprise))
				.ok_or_else(|| Error::<T>::NotInsuredParticipant.into())
		}

		/// Runs Algorithm 1's checks. Input errors (a malformed CID, a wrong agency) fail the
		/// call; rule failures are returned, all of them, for the case to record.
		#[allow(clippy::type_complexity)]
		pub(crate) fn evaluate(
			who: &T::AccountId,
			identity: &CitizenIdentity,
			form: &InsuranceForm<BalanceOf<T>>,
		) -> Result<
			(ParamsOf<T>, Result<(), safetynet_primitives::cases::FailedChecks>, safetynet_primitives::cases::RuleStamp),
			DispatchError,
		> {
			safetynet_primitives::cases::check_documents(form.cids())
				.map_err(|_| Error::<T>::InvalidCid)?;
			let agency = T::Registry::agency(form.agency).ok_or(Error::<T>::NotAnInsuranceAgency)?;
			ensure!(
				agency.kind == AgencyKind::SocialInsuranceAgency,
				Error::<T>::NotAnInsuranceAgency
			);
			let params = Parameters::<T>::get().ok_or(Error::<T>::NoParameters)?;
			let now_ms = T::UnixTime::now().as_millis() as u64;
			let premium = premium(form.monthly_income, form.payment_ratio);
			let balance =
				T::Currency::reducible_balance(who, Preservation::Expendable, Fortitude::Polite);
			let checks = failed_checks(&[
				(!form.is_complete(), Check::FormIncomplete),
				(identity.id_valid_until <= now_ms, Check::IdCardExpired),
				(
					form.monthly_income < params.min_contribution_base ||
						form.monthly_income > params.max_contribution_base,
					Check::IncomeOutsideContributionBase,
				),
				(!params.allowed_ratios.contains(&form.payment_ratio), Check::PaymentRatioNotAllowed),
				(balance < premium, Check::InsufficientBalanceForPremium),
			]);
			let spec_version = <T as frame_system::Config>::Version::get().spec_version;
			let rule = rule_stamp(
				spec_version,
				&(form, identity.id_valid_until, now_ms, balance, &params),
			);
			Ok((params, checks, rule))
		}

		/// Issues the certificate and agreement of an approved case and collects the first
		/// premium.
		fn issue_agreement(
			case: CaseId,
			insured: T::AccountId,
			form: InsuranceForm<BalanceOf<T>>,
			params: &ParamsOf<T>,
		) -> DispatchResult {
			let premium = premium(form.monthly_income, form.payment_ratio);
			let now = frame_system::Pallet::<T>::block_number();
			let schedule = T::Payments::start(
				case,
				PaymentKind::Premium,
				insured.clone(),
				T::Funds::fund_account(form.agency),
				premium,
				params.premium_period,
				now,
			)?;
			Agreements::<T>::insert(
				case,
				Agreement {
					insured: insured.clone(),
					agency: form.agency,
					certificate: case,
					monthly_income: form.monthly_income,
					payment_ratio: form.payment_ratio,
					premium,
					bank_account_hash: form.bank_account_hash,
					schedule,
					status: AgreementStatus::Active,
					issued_at: now,
				},
			);
			Self::deposit_event(Event::InsuranceApproved {
				case,
				insured,
				certificate: case,
				premium,
			});
			Ok(())
		}

		/// The agreement of `case`, if `who` is a social insurance officer of its agency.
		fn officer_agreement(
			who: &T::AccountId,
			case: CaseId,
		) -> Result<(AgreementOf<T>, safetynet_primitives::cases::Actor<T::AccountId>), DispatchError>
		{
			let agreement = Agreements::<T>::get(case).ok_or(Error::<T>::NoAgreement)?;
			ensure!(
				T::Registry::has_staff_role(who, Role::SocialInsuranceOfficer, agreement.agency),
				Error::<T>::NotInsuranceOfficer
			);
			let actor = safetynet_primitives::cases::Actor::Staff {
				who: who.clone(),
				role: Role::SocialInsuranceOfficer,
				agency: agreement.agency,
			};
			Ok((agreement, actor))
		}
	}
}
