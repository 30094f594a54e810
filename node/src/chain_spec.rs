//! The chains this node knows by name. Any other `--chain` value is a chain spec file, such as
//! the committed `chain-specs/local.json` every agency of the consortium starts from.

use safetynet_runtime::WASM_BINARY;
use sc_service::ChainType;

/// A chain spec with no node-specific extensions.
pub type ChainSpec = sc_service::GenericChainSpec;

/// Token display for wallets and Polkadot.js apps: balances are in fen, shown as yuan.
fn properties() -> sc_chain_spec::Properties {
	let mut properties = sc_chain_spec::Properties::new();
	properties.insert("tokenSymbol".into(), "CNY".into());
	properties.insert("tokenDecimals".into(), 2.into());
	properties.insert("ss58Format".into(), 42.into());
	properties
}

fn wasm() -> Result<&'static [u8], String> {
	WASM_BINARY.ok_or_else(|| "the runtime's wasm binary was not built".to_string())
}

/// `--dev`: one node, one agency, Alice its administrator and the council's one seat.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm()?, None)
		.with_name("Safety Net Chain Development")
		.with_id("safetynet_dev")
		.with_chain_type(ChainType::Development)
		.with_genesis_config_preset_name(sp_genesis_builder::DEV_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}

/// `local`: the four-agency consortium. `scripts/gen-chain-spec.sh` turns this into the
/// committed raw spec.
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm()?, None)
		.with_name("Safety Net Chain Local Consortium")
		.with_id("safetynet_local")
		.with_chain_type(ChainType::Local)
		.with_protocol_id("safetynet")
		.with_genesis_config_preset_name(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}
