//! `aether-node parachain-spec`: the chain specification of a compute shard, i.e. of the parachain
//! runtime (`aether-parachain-runtime`), for `polkadot-omni-node --chain`, zombienet and
//! chopsticks. It names one of that runtime's genesis presets and carries the `relay_chain` and
//! `para_id` extensions a parachain node reads.

use aether_parachain_runtime::{genesis_config_presets::preset_names, WASM_BINARY};
use polkadot_sdk::{
	cumulus_primitives_proof_size_hostfunction::storage_proof_size,
	sc_chain_spec::{self, ChainSpecExtension, ChainSpecGroup, ChainType},
	sp_genesis_builder::{self, PresetId},
};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// The chain spec extensions of a parachain: the relay chain it runs on and its id there (what
/// `polkadot-omni-node` and zombienet read).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ChainSpecGroup, ChainSpecExtension)]
pub struct Extensions {
	/// The relay chain's chain spec id, e.g. `rococo-local`.
	pub relay_chain: String,
	/// The parachain id.
	pub para_id: u32,
}

/// A shard's chain spec; the genesis builder may call cumulus' proof-size host function.
pub type ShardChainSpec =
	sc_chain_spec::GenericChainSpec<Extensions, storage_proof_size::HostFunctions>;

/// Print or write the chain spec of a compute shard (the parachain runtime).
#[derive(Debug, Clone, clap::Parser)]
pub struct ParachainSpecCmd {
	/// The parachain runtime's genesis preset: `development` (para 2000, collator Alice),
	/// `local_testnet` (2000; Alice, Bob) or `local_testnet_2001` (2001; Charlie, Dave).
	#[arg(long, default_value = sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET)]
	pub preset: String,

	/// The relay chain the shard runs on (its chain spec id).
	#[arg(long, default_value = "rococo-local")]
	pub relay_chain: String,

	/// Output the raw genesis storage instead of the preset's name.
	#[arg(long)]
	pub raw: bool,

	/// Write the spec to this file instead of standard output.
	#[arg(long, short)]
	pub output: Option<PathBuf>,
}

impl ParachainSpecCmd {
	/// Build the spec and print or write it.
	pub fn run(&self) -> Result<(), String> {
		let json = self.spec()?.as_json(self.raw)?;
		match &self.output {
			Some(path) => std::fs::write(path, json + "\n")
				.map_err(|e| format!("cannot write {}: {e}", path.display())),
			None => {
				use std::io::Write;
				match writeln!(std::io::stdout(), "{json}") {
					// `| head` closing the pipe is not an error of ours.
					Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
						Err(format!("cannot write the spec: {e}"))
					},
					_ => Ok(()),
				}
			},
		}
	}

	/// The chain spec of the chosen preset.
	pub fn spec(&self) -> Result<ShardChainSpec, String> {
		let names: Vec<String> =
			preset_names().iter().map(|id| String::from(AsRef::<str>::as_ref(id))).collect();
		if !names.contains(&self.preset) {
			return Err(format!(
				"unknown parachain preset '{}'; the runtime has: {}",
				self.preset,
				names.join(", ")
			));
		}
		let para_id = para_id_of(&self.preset)?;
		let wasm = WASM_BINARY.ok_or("the parachain runtime's WASM binary was not built")?;
		let wasm = compressed(wasm)?;
		let chain_type = if self.preset == sp_genesis_builder::DEV_RUNTIME_PRESET {
			ChainType::Development
		} else {
			ChainType::Local
		};
		Ok(ShardChainSpec::builder(
			&wasm,
			Extensions { relay_chain: self.relay_chain.clone(), para_id },
		)
		.with_name(&format!("Aether Shard {para_id}"))
		.with_id(&format!("aether_shard_{para_id}"))
		.with_chain_type(chain_type)
		.with_genesis_config_preset_name(&self.preset)
		.with_properties(crate::chain_spec::properties())
		.build())
	}
}

/// The runtime blob as a relay chain takes it: zstd-compressed. A debug build's blob is not
/// (8.5 MB; rococo-local's `max_code_size` is 3 MiB), a release build's already is.
fn compressed(wasm: &[u8]) -> Result<std::borrow::Cow<'_, [u8]>, String> {
	use polkadot_sdk::sp_maybe_compressed_blob::{compress_weakly, CODE_BLOB_BOMB_LIMIT};
	if polkadot_sdk::sp_maybe_compressed_blob::decompress(wasm, CODE_BLOB_BOMB_LIMIT)
		.is_ok_and(|plain| plain.len() != wasm.len())
	{
		return Ok(wasm.into());
	}
	// zstd level 3: 1.8 MB in well under a second; level 22 saves little and takes half a minute.
	compress_weakly(wasm, CODE_BLOB_BOMB_LIMIT)
		.map(Into::into)
		.ok_or_else(|| format!("the runtime blob ({} bytes) does not compress", wasm.len()))
}

/// The para id preset `preset` puts in `parachainInfo`.
fn para_id_of(preset: &str) -> Result<u32, String> {
	let bytes =
		aether_parachain_runtime::genesis_config_presets::get_preset(&PresetId::from(preset))
			.ok_or_else(|| format!("the parachain runtime has no preset '{preset}'"))?;
	let json: serde_json::Value =
		serde_json::from_slice(&bytes).map_err(|e| format!("preset '{preset}': {e}"))?;
	json.pointer("/parachainInfo/parachainId")
		.and_then(|id| id.as_u64())
		.and_then(|id| u32::try_from(id).ok())
		.ok_or_else(|| format!("preset '{preset}' sets no parachainInfo.parachainId"))
}

#[cfg(test)]
mod tests {
	use super::*;

	fn cmd(preset: &str) -> ParachainSpecCmd {
		ParachainSpecCmd {
			preset: preset.into(),
			relay_chain: "rococo-local".into(),
			raw: false,
			output: None,
		}
	}

	#[test]
	fn each_shard_preset_has_its_para_id_and_the_token_properties() {
		for (preset, para) in
			[("development", 2000), ("local_testnet", 2000), ("local_testnet_2001", 2001)]
		{
			let json: serde_json::Value =
				serde_json::from_str(&cmd(preset).spec().unwrap().as_json(false).unwrap()).unwrap();
			assert_eq!(json["para_id"], para, "{preset}");
			assert_eq!(json["relay_chain"], "rococo-local", "{preset}");
			assert_eq!(json["properties"]["tokenSymbol"], "AETH", "{preset}");
			// The plain spec resolves the preset into its JSON.
			let patch = &json["genesis"]["runtimeGenesis"]["patch"];
			assert_eq!(patch["parachainInfo"]["parachainId"], para, "{preset}");
		}
	}

	#[test]
	fn the_raw_spec_holds_the_genesis_storage() {
		let raw: serde_json::Value =
			serde_json::from_str(&cmd("local_testnet_2001").spec().unwrap().as_json(true).unwrap())
				.unwrap();
		let top = raw["genesis"]["raw"]["top"].as_object().expect("raw storage");
		// `:code`, zstd-compressed (the magic prefix) and under rococo-local's 3 MiB, and
		// ParachainInfo.ParachainId = 2001 (0xd1070000).
		let code = top["0x3a636f6465"].as_str().expect(":code");
		assert!(code.starts_with("0x52bc537646db8e05"), "not compressed: {}", &code[..18]);
		assert!(code.len() / 2 < 3 * 1024 * 1024, "{} bytes", code.len() / 2);
		assert!(top.values().any(|v| v == "0xd1070000"));
	}

	#[test]
	fn an_unknown_preset_is_refused_with_the_list() {
		let Err(error) = cmd("mainnet").spec() else { panic!("an unknown preset was accepted") };
		assert!(error.contains("unknown parachain preset 'mainnet'"), "{error}");
		assert!(error.contains("local_testnet_2001"), "{error}");
	}
}
