//! Who validates: the agencies the council admits, rotated in by `pallet_session`.
//!
//! `pallet_validators` keeps the admitted agencies and hands their administrators to
//! `pallet_session` at each session boundary; the session pallet hands each validator's Aura and
//! GRANDPA keys to the consensus pallets. Admitting or retiring a validator is a council motion
//! (`validators.add_validator` / `remove_validator`, dispatched by two thirds of the council);
//! an agency's administrator registers its node's keys with `session.set_keys` (see
//! docs/operations.md). Stalled finality is recovered by the council calling
//! `grandpa.note_stalled` through `consortium.dispatch_as_root`: the next session boundary
//! then forces the current validator set on GRANDPA.

use crate::{
	opaque::SessionKeys, AccountId, Balances, BlockNumber, Council, Registration, Runtime,
	RuntimeEvent, RuntimeOrigin, Session, Validators, MINUTES,
};
use frame_support::{
	parameter_types,
	traits::{ChangeMembers, ConstU128},
};
use safetynet_primitives::{AgencyId, ParticipantRegistry};
use sp_runtime::traits::OpaqueKeys;

use super::{GovernanceOrigin, MAX_AUTHORITIES};

parameter_types! {
	pub const MaxValidators: u32 = MAX_AUTHORITIES;
	/// Ten blocks: a rotation block carries no ordinary transactions, so sessions shorter than
	/// this would cost more than a tenth of the chain's capacity.
	pub const MinSessionLength: BlockNumber = 10;
	/// A day: a validator change must not wait longer than two of these.
	pub const MaxSessionLength: BlockNumber = 24 * 60 * MINUTES;
}

/// The agencies' registry, as the validators pallet sees it.
pub struct AgencyAdmins;
impl pallet_validators::AgencyAdmins<AccountId> for AgencyAdmins {
	fn admin(agency: AgencyId) -> Option<AccountId> {
		Registration::agency(agency).map(|info| info.admin)
	}
}

/// Whether an administrator has registered its node's keys with `session.set_keys`.
pub struct HasSessionKeys;
impl pallet_validators::HasSessionKeys<AccountId> for HasSessionKeys {
	fn has_keys(who: &AccountId) -> bool {
		pallet_session::NextKeys::<Runtime>::contains_key(who)
	}
}

/// Told by the registration pallet whenever the agencies' administrators change: the council's
/// seats follow, and an outgoing administrator's session keys are purged. The keys hold a
/// reference on the account; left behind, they would keep a former administrator's account
/// alive after the registration pallet released it, and name a validator nobody answers for.
pub struct AdminSeats;
impl ChangeMembers<AccountId> for AdminSeats {
	fn change_members_sorted(incoming: &[AccountId], outgoing: &[AccountId], new: &[AccountId]) {
		Council::change_members_sorted(incoming, outgoing, new);
		for who in outgoing {
			// `NoKeys` for an administrator who never set any: nothing to purge.
			let _ = Session::purge_keys(RuntimeOrigin::signed(who.clone()));
		}
	}

	fn set_prime(prime: Option<AccountId>) {
		Council::set_prime(prime);
	}

	fn get_prime() -> Option<AccountId> {
		Council::get_prime()
	}
}

impl pallet_validators::Config for Runtime {
	type Agencies = AgencyAdmins;
	type SessionKeys = HasSessionKeys;
	type GovernanceOrigin = GovernanceOrigin;
	type MaxValidators = MaxValidators;
	type MinSessionLength = MinSessionLength;
	type MaxSessionLength = MaxSessionLength;
	type WeightInfo = pallet_validators::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkValidators;
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	/// A validator is known by its agency administrator's account.
	type ValidatorId = AccountId;
	/// Any account may hold keys as far as this pallet is concerned, so a former administrator's
	/// keys can always be purged; who may set them is the admission rules' business
	/// (administrators only), and who validates is the validators pallet's.
	type ValidatorIdOf = sp_runtime::traits::ConvertInto;
	type ShouldEndSession = pallet_validators::SessionByLength<Runtime>;
	type NextSessionRotation = pallet_validators::SessionByLength<Runtime>;
	type SessionManager = Validators;
	type SessionHandler = <SessionKeys as OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	/// Nothing reports offences on this chain: a misbehaving agency is retired by the council.
	type DisablingStrategy = ();
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	/// Administrators are accountable institutions: registering keys costs no deposit.
	type KeyDeposit = ConstU128<0>;
}

/// Benchmark agencies for `pallet_validators`: agencies added for the benchmark, their
/// administrators holding session keys.
#[cfg(feature = "runtime-benchmarks")]
pub struct BenchmarkValidators;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_validators::benchmarking::BenchmarkHelper for BenchmarkValidators {
	fn keyed_agency(i: u32) -> AgencyId {
		use safetynet_primitives::{AgencyKind, RegionCode};
		let agency = Registration::benchmark_agency(
			AgencyKind::NeighborhoodCommittee,
			RegionCode(110_105_001_000 + u64::from(i)),
		);
		let admin = Registration::agency(agency).expect("just added").admin;
		let mut raw = [0u8; 32];
		raw[..4].copy_from_slice(&i.to_le_bytes());
		let keys = SessionKeys {
			aura: sp_consensus_aura::sr25519::AuthorityId::from(
				sp_core::sr25519::Public::from_raw(raw),
			),
			grandpa: sp_consensus_grandpa::AuthorityId::from(sp_core::ed25519::Public::from_raw(
				raw,
			)),
		};
		pallet_session::NextKeys::<Runtime>::insert(&admin, keys);
		agency
	}
}
