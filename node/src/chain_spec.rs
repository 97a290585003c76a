//! Chain specifications: each names a genesis preset of the runtime.

use aether_runtime::WASM_BINARY;
use polkadot_sdk::{sc_chain_spec::ChainType, sc_service, sp_genesis_builder};

/// A chain specification of Aether Chain.
pub type ChainSpec = sc_service::GenericChainSpec;

/// Token symbol, decimals and address format, for wallets and Polkadot.js Apps.
pub fn properties() -> sc_service::Properties {
	let mut properties = sc_service::Properties::new();
	properties.insert("tokenSymbol".into(), "AETH".into());
	properties.insert("tokenDecimals".into(), aether_primitives::TOKEN_DECIMALS.into());
	properties.insert("ss58Format".into(), aether_primitives::SS58_PREFIX.into());
	properties
}

/// A chain spec named `name` (id `id`) whose genesis is the runtime's preset `preset`.
fn from_preset(
	name: &str,
	id: &str,
	chain_type: ChainType,
	preset: &str,
) -> Result<ChainSpec, String> {
	let wasm = WASM_BINARY.ok_or_else(|| {
		"The runtime's WASM binary is not available (built without it)".to_string()
	})?;
	Ok(ChainSpec::builder(wasm, None)
		.with_name(name)
		.with_id(id)
		.with_chain_type(chain_type)
		.with_genesis_config_preset_name(preset)
		.with_properties(properties())
		.build())
}

/// `--dev`: one validator, Alice, who authors and finalizes alone.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	from_preset(
		"Aether Development",
		"aether_dev",
		ChainType::Development,
		sp_genesis_builder::DEV_RUNTIME_PRESET,
	)
}

/// `--chain local`: four validators, Alice, Bob, Charlie and Dave.
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	from_preset(
		"Aether Local Testnet",
		"aether_local",
		ChainType::Local,
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET,
	)
}
