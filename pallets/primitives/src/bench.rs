//! Set-ups the pallets' benchmarks share: where they happen, households, and who takes part in
//! a household case. Plain functions over [`BenchmarkSetup`], so no pallet benchmark repeats
//! the same cast.

use crate::{
	cases::{Documents, ExtraDocuments, MAX_DOCUMENTS, MAX_EXTRA_DOCUMENTS},
	AgencyId, AgencyKind, BenchmarkSetup, Cid, Household, IdentityHash, RegionCode, Role,
	MAX_HOUSEHOLD,
};
use codec::Encode;
use frame_support::BoundedVec;

/// The district the benchmarks happen in.
pub const DISTRICT: RegionCode = RegionCode(110_105_000_000);
/// A sub-district of [`DISTRICT`].
pub const SUBDISTRICT: RegionCode = RegionCode(110_105_001_000);
/// A neighbourhood of [`SUBDISTRICT`]: where the benchmarks' applicants live.
pub const HOME: RegionCode = RegionCode(110_105_001_001);

/// A household of `size` other members (at most [`MAX_HOUSEHOLD`]), distinct for each `seed`.
pub fn household(seed: u32, size: u32) -> Household {
	(0..size.min(MAX_HOUSEHOLD))
		.map(|i| IdentityHash(sp_io::hashing::blake2_256(&(b"household", seed, i).encode())))
		.collect::<alloc::vec::Vec<_>>()
		.try_into()
		.expect("at most MAX_HOUSEHOLD members")
}

/// A CID standing for a benchmark's document or photo.
pub fn document(name: &[u8]) -> Cid {
	crate::cid::raw_cid_of(name)
}

/// `count` distinct documents (at most [`MAX_DOCUMENTS`]), as a case lists them.
pub fn documents(count: u32) -> Documents {
	let all: alloc::vec::Vec<Cid> =
		(0..count.min(MAX_DOCUMENTS)).map(|i| document(&i.to_le_bytes())).collect();
	BoundedVec::truncate_from(all)
}

/// As many supporting documents as a form may bring beside the ones it names.
pub fn extra_documents() -> ExtraDocuments {
	let all: alloc::vec::Vec<Cid> =
		(0..MAX_EXTRA_DOCUMENTS).map(|i| document(&(b"extra", i).encode())).collect();
	BoundedVec::truncate_from(all)
}

/// Everyone a household case (assistance, minimum living) involves: the applicant at
/// [`HOME`] with their household, the civil affairs department of [`DISTRICT`] and one of its
/// officers, an inspector of the neighbourhood committee of [`HOME`] and an accountant of the
/// sub-district office of [`SUBDISTRICT`], the agencies the lifecycle sends such a case to.
pub struct HouseholdCast<AccountId> {
	pub applicant: AccountId,
	pub household: Household,
	pub agency: AgencyId,
	pub officer: AccountId,
	pub inspector: AccountId,
	pub accountant: AccountId,
}

impl<AccountId> HouseholdCast<AccountId> {
	/// Registers the cast; `account(name)` gives the account of each part.
	pub fn new<Setup: BenchmarkSetup<AccountId>>(
		applicant_role: Role,
		household: Household,
		account: impl Fn(&'static str) -> AccountId,
	) -> Self {
		let agency = Setup::agency(AgencyKind::CivilAffairsDepartment, DISTRICT);
		let applicant = account("applicant");
		Setup::citizen(&applicant, applicant_role, document(b"photo"), HOME, household.clone());
		let officer = account("officer");
		Setup::staff(&officer, Role::CivilAffairsOfficer, agency);
		let committee = Setup::agency(AgencyKind::NeighborhoodCommittee, HOME);
		let inspector = account("inspector");
		Setup::staff(&inspector, Role::NeighborhoodCommitteeMember, committee);
		let office = Setup::agency(AgencyKind::SubDistrictOffice, SUBDISTRICT);
		let accountant = account("accountant");
		Setup::staff(&accountant, Role::SubDistrictAccountant, office);
		Self { applicant, household, agency, officer, inspector, accountant }
	}
}
