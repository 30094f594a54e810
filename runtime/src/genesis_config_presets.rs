//! The genesis states the node's chain specs are built from.
//!
//! - `development` (`--dev`): one node, one agency (a social insurance agency administered by
//!   Alice), Alice as sudo, funded test accounts and agency funds. Periods and deadlines are
//!   minutes instead of months, so a whole case runs in an end-to-end test; the code is the same.
//! - `local_testnet` (`local`): the consortium of four agencies (social insurance agency, civil
//!   affairs department, welfare institute, audit office), each running a validator with its own
//!   Aura and GRANDPA keys, governed by their council. No sudo. Real-world periods.

use crate::{
	AccountId, AssistanceConfig, Balance, BalancesConfig, BlockNumber, CasesConfig,
	DocumentsConfig, InsuranceConfig, MinimumLivingConfig, RegistrationConfig, Runtime, RuntimeGenesisConfig,
	SudoConfig, WelfareConfig, DAYS, MINUTES, YUAN,
};
use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use safetynet_primitives::{
	cases::{Service, Step},
	AgencyId, AgencyKind,
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

/// The periods of a chain: real ones, or short ones for development.
struct Periods {
	/// A "month" between premiums and benefit payments.
	month: BlockNumber,
	/// A "day", the unit of step deadlines.
	day: BlockNumber,
	/// The public notice of a minimum living approval.
	notice: BlockNumber,
}

const REAL: Periods = Periods { month: 30 * DAYS, day: DAYS, notice: 7 * DAYS };
/// One "month" is a minute and one "day" two minutes: a whole case fits in a test run.
const SHORT: Periods = Periods { month: MINUTES, day: 2 * MINUTES, notice: MINUTES / 2 };

/// A validator's Aura and GRANDPA keys, derived from a well-known development seed.
fn authority(seed: Sr25519Keyring, finality: Ed25519Keyring) -> (AuraId, GrandpaId) {
	(seed.public().into(), finality.public().into())
}

/// The services' thresholds (the same on every chain; only periods differ).
fn services(periods: &Periods) -> Value {
	let insurance = pallet_insurance::InsuranceParams::<Balance, BlockNumber> {
		min_contribution_base: 2_000 * YUAN,
		max_contribution_base: 30_000 * YUAN,
		allowed_ratios: vec![Permill::from_percent(8), Permill::from_percent(10), Permill::from_percent(12)]
			.try_into()
			.expect("three ratios fit"),
		premium_period: periods.month,
	};
	let assistance = pallet_assistance::AssistanceParams::<Balance, BlockNumber> {
		assistance_line: 600 * YUAN,
		property_line: 50_000 * YUAN,
		max_members: 10,
		payment_period: periods.month,
	};
	let welfare = pallet_welfare::WelfareParams::<Balance, BlockNumber> {
		income_line: 3_000 * YUAN,
		min_team: 3,
		amount_by_grade: (1..=10u128).rev().map(|g| g * 300 * YUAN).collect::<Vec<_>>().try_into().expect("ten grades"),
		income_offset: Permill::from_percent(50),
		payment_period: periods.month,
	};
	let minimum_living = pallet_minimum_living::MinimumLivingParams::<Balance, BlockNumber> {
		property_line: 30_000 * YUAN,
		max_members: 10,
		notice_period: periods.notice,
		max_objections: 5,
		payment_period: periods.month,
	};
	// Per-capita monthly standards of a few regions (administrative division codes).
	let regions: Vec<(u32, Balance)> = vec![
		(110_000, 1_380 * YUAN), // Beijing
		(310_000, 1_510 * YUAN), // Shanghai
		(440_100, 1_200 * YUAN), // Guangzhou
		(510_100, 900 * YUAN),   // Chengdu
	];
	let d = periods.day;
	let deadlines: Vec<(Service, Step, BlockNumber)> = vec![
		(Service::SocialAssistance, Step::Acceptance, 7 * d),
		(Service::SocialAssistance, Step::HouseholdInspection, 15 * d),
		(Service::SocialAssistance, Step::IncomeAccounting, 15 * d),
		(Service::SocialAssistance, Step::DemocraticReview, 30 * d),
		(Service::MinimumLiving, Step::Acceptance, 7 * d),
		(Service::MinimumLiving, Step::HouseholdInspection, 15 * d),
		(Service::MinimumLiving, Step::IncomeAccounting, 15 * d),
		(Service::MinimumLiving, Step::DemocraticReview, 30 * d),
		(Service::MinimumLiving, Step::ObjectionReview, 15 * d),
		(Service::MinimumLiving, Step::AnnualRecheck, 365 * d),
		(Service::SocialWelfare, Step::Acceptance, 7 * d),
		(Service::SocialWelfare, Step::ConsultationTeam, 15 * d),
		(Service::SocialWelfare, Step::MedicalExamination, 30 * d),
		(Service::SocialWelfare, Step::WelfareHandling, 15 * d),
	];
	build_struct_json_patch!(RuntimeGenesisConfig {
		cases: CasesConfig { step_deadlines: deadlines },
		insurance: InsuranceConfig { parameters: Some(insurance) },
		assistance: AssistanceConfig { parameters: Some(assistance) },
		welfare: WelfareConfig { parameters: Some(welfare) },
		minimum_living: MinimumLivingConfig { parameters: Some(minimum_living), region_standards: regions },
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

/// The genesis of a chain whose agencies, in agency-id order, are `agencies`: kind, name and
/// administrator. Each administrator's development key is also its agency's seal key (the
/// start scripts insert it into the node's keystore under key type `seal`), and the agency's
/// age recipient is the matching one of [`DEV_AGE_RECIPIENTS`].
fn genesis(
	authorities: Vec<(AuraId, GrandpaId)>,
	agencies: Vec<(AgencyKind, &str, Sr25519Keyring)>,
	endowed: Vec<AccountId>,
	funded_agencies: u32,
	sudo: Option<AccountId>,
	periods: &Periods,
) -> Value {
	let document_keys: Vec<(AgencyId, sp_core::sr25519::Public, Vec<u8>)> = agencies
		.iter()
		.zip(DEV_AGE_RECIPIENTS)
		.enumerate()
		.map(|(agency, ((_, _, admin), recipient))| {
			(agency as AgencyId, admin.public(), recipient.as_bytes().to_vec())
		})
		.collect();
	let agencies: Vec<(AgencyKind, Vec<u8>, AccountId)> = agencies
		.into_iter()
		.map(|(kind, name, admin)| (kind, name.as_bytes().to_vec(), admin.to_account_id()))
		.collect();
	let mut balances: Vec<(AccountId, Balance)> =
		endowed.into_iter().map(|who| (who, ENDOWMENT)).collect();
	for agency in 0..funded_agencies {
		balances.push((pallet_payments::Pallet::<Runtime>::fund_of(agency), FUND_ENDOWMENT));
	}
	let mut patch = build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig { balances },
		aura: pallet_aura::GenesisConfig {
			authorities: authorities.iter().map(|(aura, _)| aura.clone()).collect(),
		},
		grandpa: pallet_grandpa::GenesisConfig {
			authorities: authorities.into_iter().map(|(_, grandpa)| (grandpa, 1)).collect(),
		},
		sudo: SudoConfig { key: sudo },
		registration: RegistrationConfig { agencies, staff: vec![] },
		documents: DocumentsConfig { agency_keys: document_keys },
	});
	merge(&mut patch, services(periods));
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

/// `--dev`: one node, one agency. The funds of the first sixteen agencies are endowed, so
/// agencies added in a development session can pay at once.
pub fn development_config_genesis() -> Value {
	genesis(
		vec![authority(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		vec![(
			AgencyKind::SocialInsuranceAgency,
			"Development Social Insurance Agency",
			Sr25519Keyring::Alice,
		)],
		Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect(),
		16,
		Some(Sr25519Keyring::Alice.to_account_id()),
		&SHORT,
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
			(AgencyKind::SocialInsuranceAgency, "Social Insurance Agency", Sr25519Keyring::Alice),
			(AgencyKind::CivilAffairsDepartment, "Civil Affairs Department", Sr25519Keyring::Bob),
			(AgencyKind::WelfareInstitute, "Welfare Institute", Sr25519Keyring::Charlie),
			(AgencyKind::AuditOffice, "Audit Office", Sr25519Keyring::Dave),
		],
		Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect(),
		4,
		None,
		&REAL,
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
