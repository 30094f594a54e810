//! Agencies, roles, and which agency may grant or verify which role.
//!
//! This module is the single place that answers "may an agency of kind K give someone role R?"
//! and "may an agency of kind K confirm a citizen who asks for role R?". The registration pallet
//! enforces it; nobody else re-states it.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::ConstU32, BoundedBTreeSet};
use scale_info::TypeInfo;

/// The kinds of institution that run nodes or act in the social security system.
#[derive(
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	Ord,
	PartialEq,
	PartialOrd,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
pub enum AgencyKind {
	/// Collects premiums and runs social insurance.
	SocialInsuranceAgency,
	/// Runs social assistance and the minimum living guarantee.
	CivilAffairsDepartment,
	/// Inspects households on the ground.
	NeighborhoodCommittee,
	/// Accounts household income and sets assistance amounts.
	SubDistrictOffice,
	/// Pays and handles social welfare.
	WelfareInstitute,
	/// Accepts social welfare applications for a county.
	CountyWelfareDepartment,
	/// Provides doctors for medical consultation teams.
	Hospital,
	/// Audits every agency's records.
	AuditOffice,
}

/// A role someone holds. Staff roles are granted by an agency's administrator; citizen roles are
/// asked for by the citizen or enterprise and confirmed by an agency.
#[derive(
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	Ord,
	PartialEq,
	PartialOrd,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
pub enum Role {
	// --- staff ---
	/// Handles insurance applications and withholding agreements.
	SocialInsuranceOfficer,
	/// Accepts assistance and minimum living applications.
	CivilAffairsOfficer,
	/// Records household inspections.
	NeighborhoodCommitteeMember,
	/// Uploads income accounting and assistance amounts.
	SubDistrictAccountant,
	/// Votes in the democratic review.
	DemocraticReviewMember,
	/// Handles welfare payments.
	WelfareInstituteOfficer,
	/// Accepts welfare applications.
	CountyWelfareOfficer,
	/// Sits on a medical consultation team.
	ConsultationDoctor,
	/// Reads everything, changes nothing.
	Auditor,
	// --- citizens and enterprises ---
	/// An employee insured through social insurance.
	InsuredEmployee,
	/// An enterprise paying premiums for its employees.
	Enterprise,
	/// Applies for social assistance.
	AidApplicant,
	/// Applies for social welfare.
	WelfareApplicant,
	/// Applies for the minimum living guarantee.
	MinimumLivingApplicant,
}

/// More than the number of [`Role`] variants, so a set of distinct roles always fits.
pub const MAX_ROLES: u32 = 16;

/// A set of distinct roles, encoded as a sorted list so every client can read it.
pub type RoleSet = BoundedBTreeSet<Role, ConstU32<MAX_ROLES>>;

impl Role {
	/// Every role, for tools and tests that must try each one (the fuzzer, property tests). A
	/// new variant belongs here too: `all_lists_every_variant` fails until it is added.
	pub const ALL: [Role; 14] = [
		Role::SocialInsuranceOfficer,
		Role::CivilAffairsOfficer,
		Role::NeighborhoodCommitteeMember,
		Role::SubDistrictAccountant,
		Role::DemocraticReviewMember,
		Role::WelfareInstituteOfficer,
		Role::CountyWelfareOfficer,
		Role::ConsultationDoctor,
		Role::Auditor,
		Role::InsuredEmployee,
		Role::Enterprise,
		Role::AidApplicant,
		Role::WelfareApplicant,
		Role::MinimumLivingApplicant,
	];

	/// Whether an agency grants this role to its staff (as opposed to a citizen asking for it).
	pub fn is_staff(&self) -> bool {
		!self.is_citizen()
	}

	/// Whether a citizen or enterprise asks for this role for themselves.
	pub fn is_citizen(&self) -> bool {
		matches!(
			self,
			Role::InsuredEmployee |
				Role::Enterprise |
				Role::AidApplicant |
				Role::WelfareApplicant |
				Role::MinimumLivingApplicant
		)
	}

	/// Whether a staff member with this role may confirm (or turn down) a citizen's registration
	/// on behalf of their agency. Front-desk officers do; inspectors, doctors and auditors do not.
	pub fn may_verify_citizens(&self) -> bool {
		matches!(
			self,
			Role::SocialInsuranceOfficer |
				Role::CivilAffairsOfficer |
				Role::WelfareInstituteOfficer |
				Role::CountyWelfareOfficer
		)
	}
}

/// What kind of registered identity an account has. An account is at most one of these.
#[derive(
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	TypeInfo,
)]
pub enum ParticipantKind {
	/// Administers the agency (and holds its council seat).
	Admin(crate::AgencyId),
	/// Works for the agency.
	Staff(crate::AgencyId),
	/// A verified citizen or enterprise.
	Citizen,
}

/// The classes of participant governance sets transaction quotas for.
#[derive(
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	Ord,
	PartialEq,
	PartialOrd,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
pub enum ParticipantClass {
	/// Agency administrators.
	Administrator,
	/// Staff members.
	Staff,
	/// Citizens and enterprises.
	Citizen,
}

impl ParticipantKind {
	/// The quota class of this kind of participant.
	pub fn class(&self) -> ParticipantClass {
		match self {
			ParticipantKind::Admin(_) => ParticipantClass::Administrator,
			ParticipantKind::Staff(_) => ParticipantClass::Staff,
			ParticipantKind::Citizen => ParticipantClass::Citizen,
		}
	}
}

impl AgencyKind {
	/// Every kind of agency, for tools and tests that must try each one. A new variant belongs
	/// here too: `all_lists_every_variant` fails until it is added.
	pub const ALL: [AgencyKind; 8] = [
		AgencyKind::SocialInsuranceAgency,
		AgencyKind::CivilAffairsDepartment,
		AgencyKind::NeighborhoodCommittee,
		AgencyKind::SubDistrictOffice,
		AgencyKind::WelfareInstitute,
		AgencyKind::CountyWelfareDepartment,
		AgencyKind::Hospital,
		AgencyKind::AuditOffice,
	];

	/// Whether an agency of this kind may grant `role` to its staff.
	pub fn may_grant(&self, role: Role) -> bool {
		use AgencyKind::*;
		match role {
			Role::SocialInsuranceOfficer => *self == SocialInsuranceAgency,
			Role::CivilAffairsOfficer => *self == CivilAffairsDepartment,
			Role::NeighborhoodCommitteeMember => *self == NeighborhoodCommittee,
			Role::SubDistrictAccountant => *self == SubDistrictOffice,
			// The democratic review team is drawn from the civil affairs side of government and
			// from the community itself.
			Role::DemocraticReviewMember =>
				matches!(self, CivilAffairsDepartment | NeighborhoodCommittee | SubDistrictOffice),
			Role::WelfareInstituteOfficer => *self == WelfareInstitute,
			Role::CountyWelfareOfficer => *self == CountyWelfareDepartment,
			Role::ConsultationDoctor => *self == Hospital,
			Role::Auditor => *self == AuditOffice,
			_ => false,
		}
	}

	/// Whether an agency of this kind may confirm a citizen's request for `role`.
	pub fn may_verify(&self, role: Role) -> bool {
		use AgencyKind::*;
		match role {
			Role::InsuredEmployee | Role::Enterprise => *self == SocialInsuranceAgency,
			Role::AidApplicant | Role::MinimumLivingApplicant => *self == CivilAffairsDepartment,
			Role::WelfareApplicant => matches!(self, WelfareInstitute | CountyWelfareDepartment),
			_ => false,
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn every_staff_role_is_grantable_by_some_agency_and_no_citizen_role_is() {
		for role in Role::ALL {
			let grantable = AgencyKind::ALL.iter().any(|k| k.may_grant(role));
			assert_eq!(grantable, role.is_staff(), "{role:?}");
		}
	}

	#[test]
	fn every_citizen_role_is_verifiable_by_some_agency_and_no_staff_role_is() {
		for role in Role::ALL {
			let verifiable = AgencyKind::ALL.iter().any(|k| k.may_verify(role));
			assert_eq!(verifiable, role.is_citizen(), "{role:?}");
		}
	}

	#[test]
	fn verifier_roles_are_staff_roles_of_agencies_that_verify_someone() {
		for role in Role::ALL.into_iter().filter(Role::may_verify_citizens) {
			assert!(role.is_staff());
			let kind = AgencyKind::ALL.into_iter().find(|k| k.may_grant(role)).unwrap();
			assert!(Role::ALL.iter().any(|r| kind.may_verify(*r)), "{role:?}");
		}
	}

	/// The variants are encoded by position, so `ALL` lists every variant, once and in order,
	/// exactly when the i-th entry encodes as i and the next index decodes to nothing.
	#[test]
	fn all_lists_every_variant() {
		for (i, role) in Role::ALL.iter().enumerate() {
			assert_eq!(role.encode(), vec![i as u8], "{role:?}");
		}
		assert!(Role::decode(&mut &[Role::ALL.len() as u8][..]).is_err());
		for (i, kind) in AgencyKind::ALL.iter().enumerate() {
			assert_eq!(kind.encode(), vec![i as u8], "{kind:?}");
		}
		assert!(AgencyKind::decode(&mut &[AgencyKind::ALL.len() as u8][..]).is_err());
	}

	#[test]
	fn max_roles_holds_every_role() {
		assert!(Role::ALL.len() as u32 <= MAX_ROLES);
	}
}
