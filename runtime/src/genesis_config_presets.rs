//! The genesis states the node's chain specs are built from.
//!
//! - `development` (`--dev`): one node, one agency (a social insurance agency administered by
//!   Alice), Alice as sudo, funded test accounts. Starts instantly.
//! - `local_testnet` (`local`): the consortium of four agencies (social insurance agency, civil
//!   affairs department, welfare institute, audit office), each running a validator with its own
//!   Aura and GRANDPA keys, governed by their council. No sudo.

use crate::{
	AccountId, BalancesConfig, RegistrationConfig, RuntimeGenesisConfig, SudoConfig, YUAN,
};
use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use safetynet_primitives::AgencyKind;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

/// What each test account starts with: enough to pay premiums in end-to-end tests.
const ENDOWMENT: u128 = 1_000_000 * YUAN;

/// A validator's Aura and GRANDPA keys, derived from a well-known development seed.
fn authority(seed: Sr25519Keyring, finality: Ed25519Keyring) -> (AuraId, GrandpaId) {
	(seed.public().into(), finality.public().into())
}

fn genesis(
	authorities: Vec<(AuraId, GrandpaId)>,
	agencies: Vec<(AgencyKind, &str, AccountId)>,
	endowed: Vec<AccountId>,
	sudo: Option<AccountId>,
) -> Value {
	let agencies: Vec<(AgencyKind, Vec<u8>, AccountId)> = agencies
		.into_iter()
		.map(|(kind, name, admin)| (kind, name.as_bytes().to_vec(), admin))
		.collect();
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed.into_iter().map(|who| (who, ENDOWMENT)).collect(),
		},
		aura: pallet_aura::GenesisConfig {
			authorities: authorities.iter().map(|(aura, _)| aura.clone()).collect(),
		},
		grandpa: pallet_grandpa::GenesisConfig {
			authorities: authorities.into_iter().map(|(_, grandpa)| (grandpa, 1)).collect(),
		},
		sudo: SudoConfig { key: sudo },
		registration: RegistrationConfig { agencies, staff: vec![] },
	})
}

/// `--dev`: one node, one agency.
pub fn development_config_genesis() -> Value {
	genesis(
		vec![authority(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		vec![(
			AgencyKind::SocialInsuranceAgency,
			"Development Social Insurance Agency",
			Sr25519Keyring::Alice.to_account_id(),
		)],
		Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect(),
		Some(Sr25519Keyring::Alice.to_account_id()),
	)
}

/// `local`: the four-agency consortium, no sudo.
pub fn local_config_genesis() -> Value {
	genesis(
		vec![
			authority(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			authority(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
			authority(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
			authority(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
		],
		vec![
			(
				AgencyKind::SocialInsuranceAgency,
				"Social Insurance Agency",
				Sr25519Keyring::Alice.to_account_id(),
			),
			(
				AgencyKind::CivilAffairsDepartment,
				"Civil Affairs Department",
				Sr25519Keyring::Bob.to_account_id(),
			),
			(AgencyKind::WelfareInstitute, "Welfare Institute", Sr25519Keyring::Charlie.to_account_id()),
			(AgencyKind::AuditOffice, "Audit Office", Sr25519Keyring::Dave.to_account_id()),
		],
		Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect(),
		None,
	)
}

/// The preset called `id`, as JSON.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
		_ => return None,
	};
	Some(
		serde_json::to_string(&patch)
			.expect("serialization to json is expected to work. qed.")
			.into_bytes(),
	)
}

/// The presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
	]
}
