//! The genesis states the node's chain specs are built from.
//!
//! - `development` (`--dev`): one node, one agency (a social insurance agency administered by
//!   Alice, the council's one seat), funded test accounts and agency funds. Periods and deadlines
//!   are minutes instead of months, so a whole case runs in an end-to-end test; the code is the
//!   same.
//! - `local_testnet` (`local`): the consortium of four agencies (social insurance agency, civil
//!   affairs department, welfare institute, audit office), each running a validator with its own
//!   Aura and GRANDPA keys, governed by their council. Real-world periods.

use crate::{
	AccountId, AssistanceParametersConfig, Balance, BalancesConfig, BlockNumber, CasesConfig,
	DocumentsConfig, InsuranceParametersConfig, MinimumLivingConfig, MinimumLivingParametersConfig,
	NodeAuthorizationConfig, RegistrationConfig, Runtime, RuntimeGenesisConfig, SessionConfig,
	ValidatorsConfig, WelfareParametersConfig, DAYS, HOURS, MINUTES, YUAN,
};
use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use pallet_cases::ConflictAction;
use pallet_registration::{Quota, RequestCost};
use safetynet_primitives::{
	cases::{Service, Step},
	AgencyId, AgencyKind, ParticipantClass, RegionCode,
};
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use sp_runtime::Permill;

/// What each test account starts with: enough to pay premiums in end-to-end tests.
const ENDOWMENT: Balance = 1_000_000 * YUAN;
/// What each agency fund starts with.
const FUND_ENDOWMENT: Balance = 100_000_000 * YUAN;
/// How many agencies' funds are endowed at genesis.
const FUNDED_AGENCIES: u32 = 16;

/// The periods of a chain: real ones, or short ones for development.
struct Periods {
	/// A "month" between premiums and benefit payments.
	month: BlockNumber,
	/// A "day", the unit of step deadlines.
	day: BlockNumber,
	/// The public notice of a minimum living approval.
	notice: BlockNumber,
	/// A validator session: a change of validators takes effect within two of these.
	session: BlockNumber,
}

const REAL: Periods =
	Periods { month: 30 * DAYS, day: DAYS, notice: 7 * DAYS, session: 10 * MINUTES };
/// One "month" is a minute and one "day" two minutes: a whole case fits in a test run.
const SHORT: Periods =
	Periods { month: MINUTES, day: 2 * MINUTES, notice: MINUTES / 2, session: MINUTES / 2 };

/// The ed25519 public keys of the node keys `0x00…01` to `0x00…04` the start scripts give the
/// four agencies' nodes (`safetynet-node key inspect-node-key` prints their PeerIds). Only for
/// the `local` chain: a production chain spec names each agency's own node keys.
const LOCAL_NODE_KEYS: [[u8; 32]; 4] = [
	[
		0x4c, 0xb5, 0xab, 0xf6, 0xad, 0x79, 0xfb, 0xf5, 0xab, 0xbc, 0xca, 0xfc, 0xc2, 0x69, 0xd8,
		0x5c, 0xd2, 0x65, 0x1e, 0xd4, 0xb8, 0x85, 0xb5, 0x86, 0x9f, 0x24, 0x1a, 0xed, 0xf0, 0xa5,
		0xba, 0x29,
	],
	[
		0x74, 0x22, 0xb9, 0x88, 0x75, 0x98, 0x06, 0x8e, 0x32, 0xc4, 0x44, 0x8a, 0x94, 0x9a, 0xdb,
		0x29, 0x0d, 0x0f, 0x4e, 0x35, 0xb9, 0xe0, 0x1b, 0x0e, 0xe5, 0xf1, 0xa1, 0xe6, 0x00, 0xfe,
		0x26, 0x74,
	],
	[
		0xf3, 0x81, 0x62, 0x6e, 0x41, 0xe7, 0x02, 0x7e, 0xa4, 0x31, 0xbf, 0xe3, 0x00, 0x9e, 0x94,
		0xbd, 0xd2, 0x5a, 0x74, 0x6b, 0xee, 0xc4, 0x68, 0x94, 0x8d, 0x6c, 0x3c, 0x7c, 0x5d, 0xc9,
		0xa5, 0x4b,
	],
	[
		0xfd, 0x50, 0xb8, 0xe3, 0xb1, 0x44, 0xea, 0x24, 0x4f, 0xbf, 0x77, 0x37, 0xf5, 0x50, 0xbc,
		0x8d, 0xd0, 0xc2, 0x65, 0x0b, 0xbc, 0x1a, 0xad, 0xa8, 0x33, 0xca, 0x17, 0xff, 0x8d, 0xbf,
		0x32, 0x9b,
	],
];

/// The libp2p PeerId (as bytes) of a node whose key is the ed25519 key `public`: the identity
/// multihash of the protobuf-encoded public key.
pub fn ed25519_peer_id(public: &[u8; 32]) -> Vec<u8> {
	// identity multihash of 36 bytes: protobuf { KeyType = Ed25519 (1), Data = 32 bytes }.
	let mut id = vec![0x00, 0x24, 0x08, 0x01, 0x12, 0x20];
	id.extend_from_slice(public);
	id
}

/// A validator's Aura and GRANDPA keys, derived from a well-known development seed.
fn authority(seed: Sr25519Keyring, finality: Ed25519Keyring) -> (AuraId, GrandpaId) {
	(seed.public().into(), finality.public().into())
}

/// Social insurance's thresholds, with `periods`.
fn insurance_params(periods: &Periods) -> pallet_insurance::InsuranceParams<Balance, BlockNumber> {
	pallet_insurance::InsuranceParams {
		min_contribution_base: 2_000 * YUAN,
		max_contribution_base: 30_000 * YUAN,
		allowed_ratios: vec![
			Permill::from_percent(8),
			Permill::from_percent(10),
			Permill::from_percent(12),
		]
		.try_into()
		.expect("three ratios fit"),
		premium_period: periods.month,
	}
}

/// Social assistance's thresholds, with `periods`.
fn assistance_params(
	periods: &Periods,
) -> pallet_assistance::AssistanceParams<Balance, BlockNumber> {
	pallet_assistance::AssistanceParams {
		assistance_line: 600 * YUAN,
		property_line: 50_000 * YUAN,
		max_members: 10,
		payment_period: periods.month,
	}
}

/// Social welfare's thresholds and amounts, with `periods`.
fn welfare_params(periods: &Periods) -> pallet_welfare::WelfareParams<Balance, BlockNumber> {
	pallet_welfare::WelfareParams {
		income_line: 3_000 * YUAN,
		min_team: 3,
		amount_by_grade: (1..=10u128)
			.rev()
			.map(|g| g * 300 * YUAN)
			.collect::<Vec<_>>()
			.try_into()
			.expect("ten grades"),
		income_offset: Permill::from_percent(50),
		payment_period: periods.month,
	}
}

/// The minimum living guarantee's thresholds, with `periods`.
fn minimum_living_params(
	periods: &Periods,
) -> pallet_minimum_living::MinimumLivingParams<Balance, BlockNumber> {
	pallet_minimum_living::MinimumLivingParams {
		property_line: 30_000 * YUAN,
		max_members: 10,
		notice_period: periods.notice,
		max_objections: 5,
		payment_period: periods.month,
	}
}

/// Parameters valid on every chain, with the development chain's periods: what benchmarks set.
pub trait ExampleParams {
	/// The example.
	fn example() -> Self;
}

impl ExampleParams for pallet_insurance::InsuranceParams<Balance, BlockNumber> {
	fn example() -> Self {
		insurance_params(&SHORT)
	}
}

impl ExampleParams for pallet_assistance::AssistanceParams<Balance, BlockNumber> {
	fn example() -> Self {
		assistance_params(&SHORT)
	}
}

impl ExampleParams for pallet_welfare::WelfareParams<Balance, BlockNumber> {
	fn example() -> Self {
		welfare_params(&SHORT)
	}
}

impl ExampleParams for pallet_minimum_living::MinimumLivingParams<Balance, BlockNumber> {
	fn example() -> Self {
		minimum_living_params(&SHORT)
	}
}

/// Beijing (province level): the development agency's region.
pub const BEIJING: RegionCode = RegionCode(110_000_000_000);
/// Chaoyang district, Beijing: where the `local` consortium's agencies serve.
pub const CHAOYANG: RegionCode = RegionCode(110_105_000_000);

/// What the consortium decides for every chain: thresholds (only periods differ), standards,
/// deadlines, which benefits cannot be combined, and what keeps the chain from being flooded.
fn services(periods: &Periods, request_cost: RequestCost) -> Value {
	// Per-capita monthly standards of a few regions (administrative division codes).
	let regions: Vec<(RegionCode, Balance)> = vec![
		(BEIJING, 1_380 * YUAN),
		(RegionCode(310_000_000_000), 1_510 * YUAN), // Shanghai
		(RegionCode(440_100_000_000), 1_200 * YUAN), // Guangzhou
		(RegionCode(510_100_000_000), 900 * YUAN),   // Chengdu
	];
	let d = periods.day;
	let deadlines: Vec<(Service, Step, BlockNumber)> = vec![
		(Service::SocialAssistance, Step::Acceptance, 7 * d),
		(Service::SocialAssistance, Step::HouseholdInspection, 15 * d),
		(Service::SocialAssistance, Step::IncomeAccounting, 15 * d),
		(Service::SocialAssistance, Step::DemocraticReview, 30 * d),
		(Service::SocialAssistance, Step::JointDecision, 15 * d),
		(Service::MinimumLiving, Step::Acceptance, 7 * d),
		(Service::MinimumLiving, Step::HouseholdInspection, 15 * d),
		(Service::MinimumLiving, Step::IncomeAccounting, 15 * d),
		(Service::MinimumLiving, Step::DemocraticReview, 30 * d),
		(Service::MinimumLiving, Step::ObjectionReview, 15 * d),
		(Service::MinimumLiving, Step::AnnualRecheck, 365 * d),
		(Service::MinimumLiving, Step::JointDecision, 15 * d),
		(Service::SocialWelfare, Step::Acceptance, 7 * d),
		(Service::SocialWelfare, Step::ConsultationTeam, 15 * d),
		(Service::SocialWelfare, Step::MedicalExamination, 30 * d),
		(Service::SocialWelfare, Step::WelfareHandling, 15 * d),
	];
	// No benefit twice for the same person; assistance and the minimum living guarantee for the
	// same household only if the agencies involved agree.
	let combination_rules: Vec<(Service, Service, ConflictAction)> = vec![
		(Service::SocialInsurance, Service::SocialInsurance, ConflictAction::Refuse),
		(Service::SocialAssistance, Service::SocialAssistance, ConflictAction::Refuse),
		(Service::SocialWelfare, Service::SocialWelfare, ConflictAction::Refuse),
		(Service::MinimumLiving, Service::MinimumLiving, ConflictAction::Refuse),
		(Service::SocialAssistance, Service::MinimumLiving, ConflictAction::JointDecision),
	];
	// Enough for a citizen's own business, far too few to fill blocks.
	let quotas: Vec<(ParticipantClass, Quota<BlockNumber>)> = vec![
		(ParticipantClass::Citizen, Quota { transactions: 100, period: HOURS }),
		(ParticipantClass::Staff, Quota { transactions: 3_000, period: HOURS }),
		(ParticipantClass::Administrator, Quota { transactions: 1_000, period: HOURS }),
	];
	build_struct_json_patch!(RuntimeGenesisConfig {
		cases: CasesConfig { step_deadlines: deadlines, combination_rules },
		insurance_parameters: InsuranceParametersConfig {
			parameters: Some(insurance_params(periods))
		},
		assistance_parameters: AssistanceParametersConfig {
			parameters: Some(assistance_params(periods))
		},
		welfare_parameters: WelfareParametersConfig { parameters: Some(welfare_params(periods)) },
		minimum_living_parameters: MinimumLivingParametersConfig {
			parameters: Some(minimum_living_params(periods)),
		},
		minimum_living: MinimumLivingConfig { region_standards: regions },
		registration: RegistrationConfig { request_cost, quotas },
	})
}

/// The development age recipients of the agencies of the `dev` and `local` chains, in agency
/// order. Their identities are in `chain-specs/dev-keys/` — public test keys, like `//Alice`:
/// a real consortium registers its own with `Documents::set_agency_keys`.
const DEV_AGE_RECIPIENTS: [&str; 4] = [
	"age1zrwn858zw6ywvduy7vf5xygfslcx59wktg63gzmqgrjtljzl9v7s98at3t",
	"age1dpl0h03jyzanxnukf64l2fx02mqvkps2zvwykgv2vw5ev3v4rp6qlxynxn",
	"age13w93tk2xepdugxln6dt7tke0rax3xwu3mmmj92e09rf5dywp3v7sfr8nu2",
	"age19mgf5pta778pepfep7kuhyy44rlcx8h5es0xttfnxu7nfd3crcys2t5drq",
];

/// The development seal keys of the agencies of the `dev` and `local` chains, in agency order:
/// the sr25519 keys of `//Alice//seal` to `//Dave//seal`. A seal key is never an account's key
/// (the documents pallet refuses one); the start scripts insert these into each agency's node
/// keystore, and a test checks them against their secret URIs.
const DEV_SEAL_KEYS: [[u8; 32]; 4] = [
	[
		0xba, 0x23, 0x29, 0xbf, 0x50, 0x5f, 0xd3, 0x2c, 0xbc, 0x12, 0x67, 0x59, 0xff, 0xc6, 0xbc,
		0x5c, 0xdf, 0x96, 0xf0, 0xde, 0x5c, 0xcb, 0x8b, 0x4f, 0xe1, 0x82, 0x33, 0xa6, 0x77, 0x5b,
		0x0f, 0x38,
	],
	[
		0x3e, 0x88, 0xf4, 0xcc, 0x93, 0xc7, 0xc9, 0x15, 0x34, 0xec, 0x9c, 0xab, 0xaf, 0xd3, 0x4e,
		0x26, 0x9e, 0xe4, 0x41, 0xc6, 0x7f, 0xdb, 0x61, 0x0f, 0x3a, 0x2d, 0x8f, 0x59, 0x1f, 0x55,
		0x46, 0x27,
	],
	[
		0x52, 0xad, 0xa9, 0x86, 0x61, 0x07, 0x26, 0x6a, 0xf4, 0x57, 0xc2, 0x60, 0x85, 0xb5, 0x31,
		0x4f, 0xd8, 0x77, 0x3f, 0xd6, 0xfd, 0x26, 0x87, 0xaf, 0xc1, 0x07, 0x96, 0x48, 0xdd, 0x46,
		0x77, 0x19,
	],
	[
		0x78, 0x56, 0xd4, 0x53, 0x0b, 0x82, 0xc1, 0x1f, 0xea, 0x25, 0x9b, 0x40, 0x0a, 0xca, 0x88,
		0xf8, 0x1f, 0x86, 0x58, 0x7d, 0x12, 0x7a, 0x3c, 0x57, 0xe9, 0xdf, 0x8a, 0x36, 0xeb, 0xf4,
		0x76, 0x28,
	],
];

/// An agency a chain starts with: kind, public name, region served, administrator, and the
/// seats its staff may hold on the democratic review team.
struct GenesisAgency {
	kind: AgencyKind,
	name: &'static str,
	region: RegionCode,
	admin: Sr25519Keyring,
	review_seats: u32,
}

/// The genesis of a chain whose agencies, in agency-id order, are `agencies`; the first
/// `authorities.len()` of them validate, with those keys. Each agency's
/// seal key is the matching one of [`DEV_SEAL_KEYS`] (the start scripts insert it into the
/// node's keystore under key type `seal`), and its age recipient the matching one of
/// [`DEV_AGE_RECIPIENTS`].
fn genesis(
	authorities: Vec<(AuraId, GrandpaId)>,
	agencies: Vec<GenesisAgency>,
	endowed: Vec<AccountId>,
	nodes: Vec<(Vec<u8>, AccountId)>,
	periods: &Periods,
	request_cost: RequestCost,
) -> Value {
	let document_keys: Vec<(AgencyId, sp_core::sr25519::Public, Vec<u8>)> = agencies
		.iter()
		.zip(DEV_SEAL_KEYS.iter().zip(DEV_AGE_RECIPIENTS))
		.enumerate()
		.map(|(agency, (_, (seal, recipient)))| {
			(
				agency as AgencyId,
				sp_core::sr25519::Public::from_raw(*seal),
				recipient.as_bytes().to_vec(),
			)
		})
		.collect();
	let review_seats: Vec<(AgencyId, u32)> = agencies
		.iter()
		.enumerate()
		.filter(|(_, a)| a.review_seats > 0)
		.map(|(id, a)| (id as AgencyId, a.review_seats))
		.collect();
	// Each validating agency's administrator holds its node's keys.
	let validator_count = authorities.len() as AgencyId;
	let session_keys: Vec<(AccountId, AccountId, crate::opaque::SessionKeys)> = agencies
		.iter()
		.zip(authorities)
		.map(|(agency, (aura, grandpa))| {
			let admin = agency.admin.to_account_id();
			(admin.clone(), admin, crate::opaque::SessionKeys { aura, grandpa })
		})
		.collect();
	let agencies: Vec<(AgencyKind, Vec<u8>, AccountId, RegionCode)> = agencies
		.into_iter()
		.map(|a| (a.kind, a.name.as_bytes().to_vec(), a.admin.to_account_id(), a.region))
		.collect();
	let mut balances: Vec<(AccountId, Balance)> =
		endowed.into_iter().map(|who| (who, ENDOWMENT)).collect();
	// The funds of the first sixteen agencies are endowed, so agencies the council adds can pay
	// at once.
	for agency in 0..FUNDED_AGENCIES {
		balances.push((pallet_payments::Pallet::<Runtime>::fund_of(agency), FUND_ENDOWMENT));
	}
	let mut patch = build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig { balances },
		// Aura's and GRANDPA's authorities come from the first session, not their own genesis.
		session: SessionConfig { keys: session_keys, non_authority_keys: vec![] },
		validators: ValidatorsConfig {
			validators: (0..validator_count).collect(),
			session_length: periods.session,
		},
		node_authorization: NodeAuthorizationConfig {
			nodes: nodes
				.into_iter()
				.map(|(peer, owner)| (sp_core::OpaquePeerId(peer), owner))
				.collect(),
		},
		registration: RegistrationConfig { agencies, staff: vec![], review_seats },
		documents: DocumentsConfig { agency_keys: document_keys },
	});
	merge(&mut patch, services(periods, request_cost));
	patch
}

/// Merges JSON object `from` into `into`, key by key.
fn merge(into: &mut Value, from: Value) {
	match (into, from) {
		(Value::Object(into), Value::Object(from)) =>
			for (key, value) in from {
				merge(into.entry(key).or_insert(Value::Null), value);
			},
		(into, from) => *into = from,
	}
}

/// `--dev`: one node, one agency serving Beijing. A registration request needs little work
/// (a few hundred hashes), so development clients register at once.
pub fn development_config_genesis() -> Value {
	genesis(
		vec![authority(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		vec![GenesisAgency {
			kind: AgencyKind::SocialInsuranceAgency,
			name: "Development Social Insurance Agency",
			region: BEIJING,
			admin: Sr25519Keyring::Alice,
			review_seats: 0,
		}],
		Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect(),
		// One node and no peers: its offchain worker keeps it to itself.
		vec![],
		&SHORT,
		RequestCost { base_bits: 8, doubling_every: 1_000 },
	)
}

/// `local`: the four-agency consortium.
pub fn local_config_genesis() -> Value {
	genesis(
		vec![
			authority(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			authority(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
			authority(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
			authority(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
		],
		vec![
			GenesisAgency {
				kind: AgencyKind::SocialInsuranceAgency,
				name: "Social Insurance Agency",
				region: CHAOYANG,
				admin: Sr25519Keyring::Alice,
				review_seats: 0,
			},
			GenesisAgency {
				kind: AgencyKind::CivilAffairsDepartment,
				name: "Civil Affairs Department",
				region: CHAOYANG,
				admin: Sr25519Keyring::Bob,
				review_seats: 3,
			},
			GenesisAgency {
				kind: AgencyKind::WelfareInstitute,
				name: "Welfare Institute",
				region: CHAOYANG,
				admin: Sr25519Keyring::Charlie,
				review_seats: 0,
			},
			GenesisAgency {
				kind: AgencyKind::AuditOffice,
				name: "Audit Office",
				region: CHAOYANG,
				admin: Sr25519Keyring::Dave,
				review_seats: 0,
			},
		],
		Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect(),
		// Each agency's node, owned by its administrator.
		LOCAL_NODE_KEYS
			.iter()
			.zip([
				Sr25519Keyring::Alice,
				Sr25519Keyring::Bob,
				Sr25519Keyring::Charlie,
				Sr25519Keyring::Dave,
			])
			.map(|(key, admin)| (ed25519_peer_id(key), admin.to_account_id()))
			.collect(),
		&REAL,
		// About 16 000 hashes a request (a few milliseconds), doubling with every thousand
		// pending: see docs/trust.md for what a flood costs.
		RequestCost { base_bits: 14, doubling_every: 1_000 },
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

#[cfg(test)]
mod tests {
	use super::*;
	use sp_core::Pair;

	/// The `local` chain's node keys are those of the scripts' seeds `0x00…01` to `0x00…04`.
	#[test]
	fn local_node_keys_match_the_scripts_seeds() {
		for (i, key) in LOCAL_NODE_KEYS.iter().enumerate() {
			let mut seed = [0u8; 32];
			seed[31] = i as u8 + 1;
			assert_eq!(&sp_core::ed25519::Pair::from_seed(&seed).public().0, key);
		}
	}

	/// The development seal keys are those of `//Alice//seal` to `//Dave//seal`, none of them
	/// an administrator's account key.
	#[test]
	fn dev_seal_keys_are_the_scripts_and_no_account_keys() {
		for (key, name) in DEV_SEAL_KEYS.iter().zip(["Alice", "Bob", "Charlie", "Dave"]) {
			let pair = sp_core::sr25519::Pair::from_string(&format!("//{name}//seal"), None)
				.expect("a valid secret URI");
			assert_eq!(&pair.public().0, key);
			for admin in Sr25519Keyring::iter() {
				assert_ne!(&admin.public().0, key);
			}
		}
	}
}
