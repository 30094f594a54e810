//! The service kit: what the four services share around the lifecycle, written once.
//!
//! - [`Service`]'s table of who takes its applications, who may apply, and who manages an approved
//!   case;
//! - [`Validate`], the one question governance's parameters must answer before they are stored;
//! - [`is_majority`], the majority rule of every vote (the review team, a consultation team);
//! - [`household`], the household review that social assistance and the minimum living guarantee
//!   both go through, and its formulas.

use crate::{
	cases::{Actor, CaseId, CaseLifecycle, CaseStatus, Decision, Next, Responsible, Service, Step},
	AgencyId, AgencyKind, Cid, Role,
};
use sp_runtime::{DispatchError, DispatchResult};

impl Service {
	/// The kind of agency a citizen files this service's applications with.
	pub fn intake_kind(&self) -> AgencyKind {
		match self {
			Service::SocialInsurance => AgencyKind::SocialInsuranceAgency,
			Service::SocialAssistance | Service::MinimumLiving =>
				AgencyKind::CivilAffairsDepartment,
			Service::SocialWelfare => AgencyKind::CountyWelfareDepartment,
		}
	}

	/// The staff role that accepts applications at the intake agency, and speaks for it in a
	/// joint decision.
	pub fn intake_role(&self) -> Role {
		match self {
			Service::SocialInsurance => Role::SocialInsuranceOfficer,
			Service::SocialAssistance | Service::MinimumLiving => Role::CivilAffairsOfficer,
			Service::SocialWelfare => Role::CountyWelfareOfficer,
		}
	}

	/// Whether the benefit is the household's (assistance, the minimum living guarantee). Then
	/// every member of the applicant's registered household is covered by the case, in the
	/// duplicate check and for conflicts of interest, whoever the application lists: otherwise
	/// two members of one household could each draw it by leaving the other off their form.
	pub fn covers_household(&self) -> bool {
		matches!(self, Service::SocialAssistance | Service::MinimumLiving)
	}

	/// The citizen roles that may apply.
	pub fn applicant_roles(&self) -> &'static [Role] {
		match self {
			Service::SocialInsurance => &[Role::InsuredEmployee, Role::Enterprise],
			Service::SocialAssistance => &[Role::AidApplicant],
			Service::SocialWelfare => &[Role::WelfareApplicant],
			Service::MinimumLiving => &[Role::MinimumLivingApplicant],
		}
	}

	/// The staff role that suspends, resumes and ends an approved case, at the agency that
	/// decided it.
	pub fn managing_role(&self) -> Role {
		match self {
			Service::SocialWelfare => Role::WelfareInstituteOfficer,
			other => other.intake_role(),
		}
	}

	/// Whether this service is for a household (its applications list household members).
	pub fn is_for_household(&self) -> bool {
		matches!(self, Service::SocialAssistance | Service::MinimumLiving)
	}
}

/// Parameters governance sets for a service: refused unless consistent.
pub trait Validate {
	/// Whether the parameters make sense together.
	fn is_valid(&self) -> bool;
}

/// The version of a service's parameters, which every automatic decision records beside the
/// runtime's version.
pub trait RuleVersion {
	/// How many times the parameters have been set.
	fn rule_version() -> u32;
}

/// Whether `ayes` of `of` votes are a majority: more than half.
pub fn is_majority(ayes: u32, of: u32) -> bool {
	u64::from(ayes) * 2 > u64::from(of)
}

/// The household review both social assistance and the minimum living guarantee go through:
/// acceptance by the civil affairs department the application was filed with, a household
/// inspection by the neighbourhood committee responsible for the household (or the one the
/// department refers it to), income accounting by the responsible sub-district office (or the
/// one the committee refers it to), and the democratic review vote. Written once here; each
/// service calls it from its own dispatchables and adds its figures.
pub mod household {
	use super::*;
	use sp_runtime::traits::AtLeast32BitUnsigned;

	/// A household figure (income, property) per member, rounded down. Zero members count as
	/// one, so the figure never divides by zero.
	pub fn per_capita<Balance: AtLeast32BitUnsigned + Copy>(
		total: Balance,
		members: u32,
	) -> Balance {
		total / Balance::from(members.max(1))
	}

	/// Whether a household is in need: per-capita income below `income_line`, per-capita
	/// property within `property_line`. Returns (income too high, property too high).
	pub fn need_test<Balance: AtLeast32BitUnsigned + Copy>(
		income: Balance,
		property: Balance,
		members: u32,
		income_line: Balance,
		property_line: Balance,
	) -> (bool, bool) {
		(per_capita(income, members) >= income_line, per_capita(property, members) > property_line)
	}

	/// What lifts a household to a per-capita `line`: the gap between the line and its
	/// per-capita income, for every member. The assistance entitlement and the minimum living
	/// guarantee are both this: (standard - per-capita income) x members.
	pub fn shortfall<Balance: AtLeast32BitUnsigned + Copy>(
		line: Balance,
		income: Balance,
		members: u32,
	) -> Balance {
		line.saturating_sub(per_capita(income, members))
			.saturating_mul(Balance::from(members))
	}

	/// Whether a household of `members` people (the applicant included) is between one and
	/// `max_members`.
	pub fn size_is_valid(members: u32, max_members: u32) -> bool {
		(1..=max_members).contains(&members)
	}

	/// The case waits for the civil affairs department it was filed with to accept it.
	pub fn acceptance() -> Next {
		Next::step(Step::Acceptance, Role::CivilAffairsOfficer, Responsible::FiledWith)
	}

	/// A civil affairs officer of the case's department accepts it; the neighbourhood committee
	/// responsible for the household (or `refer_to`) inspects next.
	pub fn accept<C: CaseLifecycle<A, B>, A, B>(
		service: Service,
		case: CaseId,
		who: &A,
		refer_to: Option<AgencyId>,
	) -> DispatchResult {
		let actor = C::authorize(case, service, Step::Acceptance, who)?;
		let inspector = Responsible::referred_or(
			refer_to,
			Responsible::Nearest(AgencyKind::NeighborhoodCommittee),
		);
		let next =
			Next::step(Step::HouseholdInspection, Role::NeighborhoodCommitteeMember, inspector);
		C::advance(case, actor, Decision::Done, None, next)
	}

	/// A neighbourhood committee member records the household inspection: `confirmed` sends the
	/// case to the responsible sub-district office (or `refer_to`) for income accounting,
	/// otherwise the case is rejected.
	pub fn inspect<C: CaseLifecycle<A, B>, A, B>(
		service: Service,
		case: CaseId,
		who: &A,
		report: Cid,
		confirmed: bool,
		refer_to: Option<AgencyId>,
	) -> DispatchResult {
		let actor = C::authorize(case, service, Step::HouseholdInspection, who)?;
		let (decision, next) = if confirmed {
			let accountants = Responsible::referred_or(
				refer_to,
				Responsible::Nearest(AgencyKind::SubDistrictOffice),
			);
			(
				Decision::Done,
				Next::step(Step::IncomeAccounting, Role::SubDistrictAccountant, accountants),
			)
		} else {
			(Decision::Rejected, Next::end(CaseStatus::Rejected, Step::HouseholdInspection))
		};
		C::advance(case, actor, decision, Some(report), next)
	}

	/// Checks that `who` may record the income accounting of `case` and returns the actor.
	pub fn accountant<C: CaseLifecycle<A, B>, A, B>(
		service: Service,
		case: CaseId,
		who: &A,
	) -> Result<Actor<A>, DispatchError> {
		C::authorize(case, service, Step::IncomeAccounting, who)
	}

	/// Records the income accounting and sends the case to the democratic review vote.
	pub fn submit_accounting<C: CaseLifecycle<A, B>, A, B>(
		case: CaseId,
		actor: Actor<A>,
		accounting: Cid,
	) -> DispatchResult {
		C::advance(case, actor, Decision::Done, Some(accounting), Next::review())
	}

	/// Records the democratic review team's vote (`ayes` of `of`): approved moves the case to
	/// `approved_next`, otherwise it is rejected. A case not waiting for the vote fails with
	/// `not_awaiting` (the calling service's own error).
	#[allow(clippy::too_many_arguments)]
	pub fn record_review<C: CaseLifecycle<A, B>, A, B>(
		service: Service,
		case: CaseId,
		ayes: u32,
		of: u32,
		approved: bool,
		minutes: Option<Cid>,
		approved_next: Next,
		not_awaiting: DispatchError,
	) -> DispatchResult {
		let record = C::case_of(case, service)?;
		let awaiting =
			record.step == Step::DemocraticReview && record.status == CaseStatus::InReview;
		if !awaiting {
			return Err(not_awaiting);
		}
		let (decision, next) = if approved {
			(Decision::Approved, approved_next)
		} else {
			(Decision::Rejected, Next::end(CaseStatus::Rejected, Step::DemocraticReview))
		};
		C::advance(case, Actor::Collective { ayes, of }, decision, minutes, next)
	}
}

#[cfg(test)]
mod tests {
	use super::{household::*, *};

	#[test]
	fn need_test_compares_per_capita_figures() {
		// 3 members, 900 income (300 each) against a line of 400: in need.
		assert_eq!(need_test(900u128, 3_000, 3, 400, 2_000), (false, false));
		// At the line is not below it.
		assert_eq!(need_test(1_200u128, 0, 3, 400, 2_000), (true, false));
		assert_eq!(need_test(0u128, 6_003, 3, 400, 2_000), (false, true));
	}

	#[test]
	fn per_capita_divides_and_never_by_zero() {
		assert_eq!(per_capita(900u128, 3), 300);
		assert_eq!(per_capita(900u128, 0), 900);
	}

	#[test]
	fn shortfall_fills_the_gap_for_every_member() {
		assert_eq!(shortfall(400u128, 900, 3), 300);
		assert_eq!(shortfall(400u128, 1_500, 3), 0);
		assert_eq!(shortfall(400u128, 0, 2), 800);
	}

	#[test]
	fn household_size_is_between_one_and_the_maximum() {
		assert!(!size_is_valid(0, 10));
		assert!(size_is_valid(1, 10));
		assert!(size_is_valid(10, 10));
		assert!(!size_is_valid(11, 10));
	}

	#[test]
	fn majority_is_more_than_half() {
		assert!(!is_majority(1, 2));
		assert!(is_majority(2, 3));
		assert!(!is_majority(0, 0));
		assert!(is_majority(u32::MAX, u32::MAX));
	}

	#[test]
	fn every_service_takes_applications_at_an_agency_that_grants_its_intake_role() {
		for service in [
			Service::SocialInsurance,
			Service::SocialAssistance,
			Service::SocialWelfare,
			Service::MinimumLiving,
		] {
			assert!(service.intake_kind().may_grant(service.intake_role()));
			assert!(service.applicant_roles().iter().all(|r| r.is_citizen()));
			assert!(service.managing_role().is_staff());
		}
	}
}
