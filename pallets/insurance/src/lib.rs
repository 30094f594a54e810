//! # Social insurance pallet
//!
//! The paper's Social Insurance SC (Algorithm 1, Figure 5): an insured employee or an enterprise
//! applies, the runtime approves automatically when every rule holds, and the approval issues a
//! participation certificate and a withholding agreement that collects premiums every period.
//!
//! ## Overview
//!
//! [`Pallet::apply`] (the paper's `ApplicationforInsurance`) runs the automatic checks at
//! submission, against the chain's clock and the applicant's balance. The lifecycle checks what
//! every service shares (a registered insured employee or enterprise, a social insurance agency,
//! profile CIDs, a valid ID card, no second insurance of the same person); this pallet checks its
//! own rules:
//!
//! - the form is complete (form and photo CIDs, the agency's keyed bank account reference);
//! - the monthly income is inside the contribution base range;
//! - the payment ratio is one of the allowed ratios;
//! - the balance covers the first premium (premium = income × ratio).
//!
//! When all hold, the case is approved on the spot: the certificate is issued, the first premium
//! moves from the insured to the agency's social insurance fund, and the next ones are withheld
//! every `premium_period` blocks, with arrears recorded when a premium cannot be paid. When any
//! fails, the case records every failed check by name and waits for the applicant to correct and
//! resubmit ([`Pallet::resubmit`]).
//!
//! Social insurance officers of the agency suspend, resume and end agreements through the
//! lifecycle (`Cases::suspend`, `resume`, `end`), which stops and restarts the premiums. Every
//! threshold is a governance parameter (the `InsuranceParameters` pallet).
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
//! - [`Pallet::apply`]: apply (insured employee or enterprise).
//! - [`Pallet::resubmit`]: correct and resubmit an application that failed its checks.

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
		},
	};
	use frame_system::pallet_prelude::*;
	use safetynet_primitives::{
		cases::{
			collect_documents, failed_checks, rule_stamp, Admission, Assign, CaseId, CaseLifecycle,
			Check, FailedChecks, Next, Opening, PaymentKind, PaymentSchedules, RuleStamp, Service,
			Step,
		},
		kit::RuleVersion,
		Household,
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
		/// The application lifecycle.
		type Cases: CaseLifecycle<Self::AccountId, BlockNumberFor<Self>>;
		/// Premium collection.
		type Payments: PaymentSchedules<Self::AccountId, BalanceOf<Self>, BlockNumberFor<Self>>;
		/// The thresholds governance set, and their version.
		type Parameters: Get<Option<ParamsOf<Self>>> + RuleVersion;
		/// Weights of this pallet's calls, from benchmarks.
		type WeightInfo: WeightInfo;

		/// Sets up participants and money for this pallet's benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: safetynet_primitives::BenchmarkSetup<Self::AccountId>;
	}

	/// The certificate and withholding agreement of each approved case.
	#[pallet::storage]
	pub type Agreements<T: Config> =
		StorageMap<_, Twox64Concat, CaseId, AgreementOf<T>, OptionQuery>;

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
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No parameters are set yet.
		NoParameters,
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
		/// Applies for social insurance with `form`. Approved on the spot when every automatic
		/// check holds; otherwise the case records the failed checks and waits for a corrected
		/// resubmission.
		///
		/// Origin: signed by a registered insured employee or enterprise.
		/// Emits [`Event::InsuranceApproved`] (and the lifecycle's `CaseOpened`), or the
		/// lifecycle's `ChecksFailed` listing every failed check.
		/// Errors: `NoParameters`, and the lifecycle's `NotEligibleApplicant`,
		/// `WrongAgencyKind`, `InvalidCid`, `DuplicateApplication`, `TooManyOpenCases`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::apply())]
		pub fn apply(origin: OriginFor<T>, form: InsuranceForm<BalanceOf<T>>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_apply(who, None, form).map(|_| ())
		}

		/// Resubmits `case` with a corrected `form`; approved on the spot if every check now
		/// holds.
		///
		/// Origin: signed by the applicant. Emits as [`Pallet::apply`].
		/// Errors: as [`Pallet::apply`], and the lifecycle's `UnknownCase`, `WrongService`,
		/// `NotApplicant`, `NotAwaitingCorrection`, `WrongAgency`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::resubmit())]
		pub fn resubmit(
			origin: OriginFor<T>,
			case: CaseId,
			form: InsuranceForm<BalanceOf<T>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_apply(who, Some(case), form).map(|_| ())
		}
	}

	impl<T: Config> Pallet<T> {
		/// An approved insurance case collects premiums; nobody needs to act.
		fn approved_step() -> Next {
			Next::active(Step::Payments, Assign::Runtime)
		}

		/// Files (or refiles) the application and, when it is admitted, issues the agreement.
		/// Returns the case.
		pub(crate) fn do_apply(
			who: T::AccountId,
			case: Option<CaseId>,
			form: InsuranceForm<BalanceOf<T>>,
		) -> Result<CaseId, DispatchError> {
			let (params, checks, rule) = Self::evaluate(&who, &form)?;
			let opening = Opening {
				service: Service::SocialInsurance,
				applicant: who.clone(),
				agency: form.agency,
				documents: collect_documents(form.cids()),
				household: Household::default(),
			};
			let next = Self::approved_step();
			let (case, admission) = match case {
				None => T::Cases::open(opening, checks, rule, next)?,
				Some(case) => (case, T::Cases::resubmit(case, opening, checks, rule, next)?),
			};
			if admission == Admission::Admitted {
				Self::issue_agreement(case, who, form, &params)?;
			}
			Ok(case)
		}

		/// Runs Algorithm 1's own checks; the rule failures are returned, all of them, for the
		/// case to record.
		pub(crate) fn evaluate(
			who: &T::AccountId,
			form: &InsuranceForm<BalanceOf<T>>,
		) -> Result<(ParamsOf<T>, Result<(), FailedChecks>, RuleStamp), DispatchError> {
			let params = T::Parameters::get().ok_or(Error::<T>::NoParameters)?;
			let premium = premium(form.monthly_income, form.payment_ratio);
			let balance =
				T::Currency::reducible_balance(who, Preservation::Expendable, Fortitude::Polite);
			let checks = failed_checks(&[
				(!form.is_complete(), Check::FormIncomplete),
				(
					form.monthly_income < params.min_contribution_base ||
						form.monthly_income > params.max_contribution_base,
					Check::IncomeOutsideContributionBase,
				),
				(
					!params.allowed_ratios.contains(&form.payment_ratio),
					Check::PaymentRatioNotAllowed,
				),
				(balance < premium, Check::InsufficientBalanceForPremium),
			]);
			let spec_version = <T as frame_system::Config>::Version::get().spec_version;
			let rule = rule_stamp(
				spec_version,
				T::Parameters::rule_version(),
				&form.salt,
				&(form, balance, &params),
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
			T::Payments::start(
				case,
				PaymentKind::Premium,
				insured.clone(),
				form.agency,
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
					premium,
					bank_account_ref: form.bank_account_ref,
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

		/// The pallet's invariants: every agreement belongs to an approved insurance case of
		/// its insured, filed with its agency.
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			for (id, agreement) in Agreements::<T>::iter() {
				let case = T::Cases::case(id).ok_or("an agreement without its case")?;
				ensure!(
					case.service == Service::SocialInsurance,
					"an agreement on another service"
				);
				ensure!(case.applicant == agreement.insured, "an agreement of someone else");
				ensure!(case.agency == agreement.agency, "an agreement with another agency");
				ensure!(case.decided_by.is_some(), "an agreement on an undecided case");
			}
			Ok(())
		}
	}
}
