//! Chain specifications: each names a genesis preset of the runtime.

use aether_runtime::WASM_BINARY;
use polkadot_sdk::{sc_chain_spec::ChainType, sc_service, sp_genesis_builder};

/// A chain specification of Aether Chain.
pub type ChainSpec = sc_service::GenericChainSpec;

/// Token symbol, decimals and address format, for wallets and Polkadot.js Apps.
fn properties() -> sc_service::Properties {
	let mut properties = sc_service::Properties::new();
	properties.insert("tokenSymbol".into(), "AETH".into());
	properties.insert("tokenDecimals".into(), aether_primitives::TOKEN_DECIMALS.into());
	properties.insert("ss58Format".into(), aether_primitives::SS58_PREFIX.into());
	properties
}

fn wasm_binary() -> Result<&'static [u8], String> {
	WASM_BINARY
		.ok_or_else(|| "The runtime's WASM binary is not available (built without it)".into())
}

/// `--dev`: one validator, Alice, who authors and finalizes alone.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name("Aether Development")
		.with_id("aether_dev")
		.with_chain_type(ChainType::Development)
		.with_genesis_config_preset_name(sp_genesis_builder::DEV_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}

/// `--chain local`: four validators, Alice, Bob, Charlie and Dave.
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name("Aether Local Testnet")
		.with_id("aether_local")
		.with_chain_type(ChainType::Local)
		.with_genesis_config_preset_name(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}
