//! Which storage a citizen may read: the one place the gateway's reading rules live.
//!
//! A storage key starts with `twox128(pallet) ++ twox128(item)`; the item says whose the value
//! is, and for maps the key after the prefix names the owner:
//!
//! - [`Rule::Public`]: the public parameters (thresholds, agencies and their public keys, the
//!   registration work price, the clock);
//! - [`Rule::Account`]: a map whose first key is an account (`Blake2_128Concat`), readable by that
//!   account only: its balance, registration, pending request, list of cases;
//! - [`Rule::Case`]: a map whose first key is a case id (`Twox64Concat`), readable by the case's
//!   applicant only: the case, its history, persons, decisions, grants, seal, service record;
//! - [`Rule::Schedule`]: a map whose first key is a payment schedule id (`Twox64Concat`), readable
//!   by the applicant of the schedule's case: the schedule and its payments.
//!
//! Every item not listed (events, other people's registrations, queues, staff, identity
//! indexes, review motions' voters) is refused.

use sp_core::crypto::AccountId32;
use sp_crypto_hashing::twox_128;

/// Whose a storage item's values are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
	/// Anyone's.
	Public,
	/// The account in the key's first `Blake2_128Concat` part.
	Account,
	/// The applicant of the case in the key's first `Twox64Concat` part.
	Case,
	/// The applicant of the case of the payment schedule in the key's first `Twox64Concat` part.
	Schedule,
}

/// The items citizens may read, by pallet (as the runtime names it) and storage item.
pub const READABLE: &[(&str, &str, Rule)] = &[
	("System", "Number", Rule::Public),
	("Timestamp", "Now", Rule::Public),
	("Registration", "Agencies", Rule::Public),
	("Registration", "AgencyCount", Rule::Public),
	("Registration", "AgencyAt", Rule::Public),
	("Registration", "RequestCostParams", Rule::Public),
	("Registration", "PendingCount", Rule::Public),
	("Registration", "Quotas", Rule::Public),
	("Documents", "KeysOf", Rule::Public),
	("Documents", "Custodians", Rule::Public),
	("Cases", "StepDeadlines", Rule::Public),
	("Cases", "CombinationRules", Rule::Public),
	("MinimumLiving", "RegionStandards", Rule::Public),
	("InsuranceParameters", "Parameters", Rule::Public),
	("InsuranceParameters", "Version", Rule::Public),
	("AssistanceParameters", "Parameters", Rule::Public),
	("AssistanceParameters", "Version", Rule::Public),
	("WelfareParameters", "Parameters", Rule::Public),
	("WelfareParameters", "Version", Rule::Public),
	("MinimumLivingParameters", "Parameters", Rule::Public),
	("MinimumLivingParameters", "Version", Rule::Public),
	("System", "Account", Rule::Account),
	("Registration", "Citizens", Rule::Account),
	("Registration", "PendingRequests", Rule::Account),
	("Registration", "Rejections", Rule::Account),
	("Registration", "QuotaUsage", Rule::Account),
	("Cases", "CasesOf", Rule::Account),
	("Cases", "OpenCaseCount", Rule::Account),
	("Cases", "OpenCase", Rule::Account),
	("Cases", "Cases", Rule::Case),
	("Cases", "History", Rule::Case),
	("Cases", "CasePersons", Rule::Case),
	("Cases", "Overdue", Rule::Case),
	("Cases", "JointDecisions", Rule::Case),
	("Payments", "ScheduleOf", Rule::Case),
	("Documents", "Grants", Rule::Case),
	("Documents", "GrantCount", Rule::Case),
	("Documents", "AwaitingSeal", Rule::Case),
	("Documents", "Seals", Rule::Case),
	("Documents", "CaseKeyVersion", Rule::Case),
	("Documents", "KeyHolders", Rule::Case),
	("Documents", "AddedDocuments", Rule::Case),
	("Documents", "AccessReceipts", Rule::Case),
	("Documents", "ReceiptCount", Rule::Case),
	("Documents", "Erasures", Rule::Case),
	("Insurance", "Agreements", Rule::Case),
	("Assistance", "Assessments", Rule::Case),
	("Welfare", "WelfareCases", Rule::Case),
	("MinimumLiving", "Households", Rule::Case),
	("DemocraticReview", "Motions", Rule::Case),
	("Payments", "Schedules", Rule::Schedule),
	("Payments", "Records", Rule::Schedule),
];

/// Whose the value at a storage key is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Owner {
	/// Anyone's.
	Public,
	/// This account's.
	Account(AccountId32),
	/// The applicant's of this case.
	Case(u64),
	/// The applicant's of this schedule's case.
	Schedule(u64),
}

/// Why a key may not be read.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
	/// The key belongs to no item citizens may read.
	NotReadable,
	/// The key (or key prefix) stops before it names the owner.
	NoOwner,
}

/// The storage items citizens may read, by their 32-byte prefixes.
pub struct Policy {
	items: Vec<([u8; 32], Rule)>,
}

impl Default for Policy {
	fn default() -> Self {
		let items = READABLE
			.iter()
			.map(|(pallet, item, rule)| {
				let mut prefix = [0u8; 32];
				prefix[..16].copy_from_slice(&twox_128(pallet.as_bytes()));
				prefix[16..].copy_from_slice(&twox_128(item.as_bytes()));
				(prefix, *rule)
			})
			.collect();
		Policy { items }
	}
}

impl Policy {
	/// Whose the value at `key` is, or why it may not be read. `key` may be a prefix (as in
	/// `state_getKeysPaged`): a prefix is readable only if it is long enough to name the owner.
	pub fn owner(&self, key: &[u8]) -> Result<Owner, Refusal> {
		let prefix = key.get(..32).ok_or(Refusal::NotReadable)?;
		let rule = self
			.items
			.iter()
			.find(|(item, _)| item.as_slice() == prefix)
			.map(|(_, rule)| *rule)
			.ok_or(Refusal::NotReadable)?;
		let rest = &key[32..];
		match rule {
			Rule::Public => Ok(Owner::Public),
			Rule::Account => {
				// blake2_128 (16 bytes), then the 32-byte account id.
				let id: [u8; 32] =
					rest.get(16..48).ok_or(Refusal::NoOwner)?.try_into().expect("32 bytes");
				Ok(Owner::Account(AccountId32::new(id)))
			},
			Rule::Case | Rule::Schedule => {
				// twox_64 (8 bytes), then the little-endian u64 id.
				let id: [u8; 8] =
					rest.get(8..16).ok_or(Refusal::NoOwner)?.try_into().expect("8 bytes");
				let id = u64::from_le_bytes(id);
				Ok(if rule == Rule::Case { Owner::Case(id) } else { Owner::Schedule(id) })
			},
		}
	}
}

/// The storage key of `pallet`'s item `item` (a value, or a map's prefix).
pub fn item_key(pallet: &str, item: &str) -> Vec<u8> {
	[twox_128(pallet.as_bytes()), twox_128(item.as_bytes())].concat()
}

/// The case id a payment schedule's encoding starts with (`Schedule::case` is its first field).
pub fn schedule_case(encoded_schedule: &[u8]) -> Option<u64> {
	Some(u64::from_le_bytes(encoded_schedule.get(..8)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_crypto_hashing::{blake2_128, twox_64};

	fn case_key(pallet: &str, item: &str, case: u64) -> Vec<u8> {
		let mut key = item_key(pallet, item);
		key.extend(twox_64(&case.to_le_bytes()));
		key.extend(case.to_le_bytes());
		key
	}

	#[test]
	fn keys_name_their_owners() {
		let policy = Policy::default();
		assert_eq!(policy.owner(&item_key("Timestamp", "Now")), Ok(Owner::Public));

		let who = AccountId32::new([9; 32]);
		let mut key = item_key("System", "Account");
		key.extend(blake2_128(who.as_ref()));
		key.extend(<[u8; 32]>::from(who.clone()));
		assert_eq!(policy.owner(&key), Ok(Owner::Account(who)));

		assert_eq!(policy.owner(&case_key("Cases", "Cases", 42)), Ok(Owner::Case(42)));
		// A double map's full key (case, then entry) still names the case.
		let mut history = case_key("Cases", "History", 7);
		history.extend(twox_64(&3u32.to_le_bytes()));
		history.extend(3u32.to_le_bytes());
		assert_eq!(policy.owner(&history), Ok(Owner::Case(7)));
		assert_eq!(policy.owner(&case_key("Payments", "Records", 5)), Ok(Owner::Schedule(5)));
	}

	#[test]
	fn everything_else_is_refused() {
		let policy = Policy::default();
		assert_eq!(policy.owner(&item_key("System", "Events")), Err(Refusal::NotReadable));
		assert_eq!(policy.owner(&item_key("Registration", "Staff")), Err(Refusal::NotReadable));
		assert_eq!(
			policy.owner(&item_key("Registration", "CitizenIdentities")),
			Err(Refusal::NotReadable)
		);
		assert_eq!(policy.owner(&[1, 2, 3]), Err(Refusal::NotReadable));
		// A whole map's prefix names no owner: listing everyone's cases is refused.
		assert_eq!(policy.owner(&item_key("Cases", "Cases")), Err(Refusal::NoOwner));
		assert_eq!(policy.owner(&item_key("System", "Account")), Err(Refusal::NoOwner));
	}

	#[test]
	fn a_schedule_starts_with_its_case() {
		use codec::Encode;
		let schedule = pallet_payments::Schedule::<AccountId32, u128, u32> {
			case: 77,
			kind: safetynet_primitives::cases::PaymentKind::Benefit,
			agency: 1,
			payer: AccountId32::new([1; 32]),
			payee: AccountId32::new([2; 32]),
			amount: 500,
			period: 10,
			next_due: Some(20),
			status: pallet_payments::ScheduleStatus::Active,
			due_count: 0,
			arrears: 0,
		};
		assert_eq!(schedule_case(&schedule.encode()), Some(77));
	}
}
