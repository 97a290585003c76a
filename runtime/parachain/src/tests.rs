//! Tests of the parachain runtime: its genesis presets, the collator ranking and XCM accounts
//! they set up, and that its WASM imports only host functions a relay chain validator and
//! `polkadot-omni-node` provide.

use crate::{
	configs::xcm_config::LocationToAccountId, genesis_config_presets::*, Balances, CollatorRanking,
	ParachainInfo, Runtime, RuntimeGenesisConfig, Session, WASM_BINARY,
};
use polkadot_sdk::{
	frame_support::genesis_builder_helper::build_state,
	pallet_aura,
	sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET},
	sp_io::TestExternalities,
	sp_keyring::Sr25519Keyring,
	sp_wasm_interface::HostFunctions,
	staging_xcm::latest::prelude::{Junction, Location},
	staging_xcm_executor::traits::ConvertLocation,
};

/// Externalities holding the genesis state of preset `id`.
fn genesis_of(id: &str) -> TestExternalities {
	let json = get_preset(&id.into()).expect("the preset exists");
	let mut ext = TestExternalities::default();
	ext.execute_with(|| build_state::<RuntimeGenesisConfig>(json).expect("the preset builds"));
	ext
}

fn accounts(keys: &[Sr25519Keyring]) -> Vec<crate::AccountId> {
	keys.iter().map(|k| k.to_account_id()).collect()
}

#[test]
fn every_preset_builds_with_its_para_id_and_collators() {
	use Sr25519Keyring::*;
	let cases = [
		(DEV_RUNTIME_PRESET, SHARD_A, vec![Alice]),
		(LOCAL_TESTNET_RUNTIME_PRESET, SHARD_A, vec![Alice, Bob]),
		(LOCAL_TESTNET_2001_PRESET, SHARD_B, vec![Charlie, Dave]),
	];
	assert_eq!(preset_names().len(), cases.len());
	for (preset, para, collators) in cases {
		genesis_of(preset).execute_with(|| {
			assert_eq!(u32::from(ParachainInfo::parachain_id()), para, "{preset}");
			assert_eq!(Session::validators(), accounts(&collators), "{preset}");
			let aura: Vec<crate::AuraId> =
				collators.iter().map(|k| crate::AuraId::from(k.public())).collect();
			assert_eq!(pallet_aura::Authorities::<Runtime>::get().into_inner(), aura, "{preset}");
			// The ranking a session change would make keeps the genesis collators.
			assert_eq!(CollatorRanking::ranked_collators(), accounts(&collators), "{preset}");
			let bounds = pallet_poc::WeightBounds::<Runtime>::get();
			assert_eq!(
				(bounds.floor, bounds.cap),
				(aether_runtime_common::WEIGHT_FLOOR, aether_runtime_common::WEIGHT_CAP)
			);
		});
	}
}

#[test]
fn alice_of_each_shard_can_pay_for_execution_on_the_other() {
	let alice = Sr25519Keyring::Alice.to_account_id();
	for (preset, sibling) in
		[(LOCAL_TESTNET_RUNTIME_PRESET, SHARD_B), (LOCAL_TESTNET_2001_PRESET, SHARD_A)]
	{
		let remote_alice = sibling_account(sibling, &alice).expect("a 32-byte account converts");
		assert_ne!(remote_alice, alice);
		// The runtime's own conversion (what XCM execution uses) agrees.
		let location = Location::new(
			1,
			[
				Junction::Parachain(sibling),
				Junction::AccountId32 { network: None, id: alice.clone().into() },
			],
		);
		assert_eq!(LocationToAccountId::convert_location(&location), Some(remote_alice.clone()));
		genesis_of(preset).execute_with(|| {
			assert!(Balances::free_balance(&remote_alice) > 0, "{preset}: not funded");
		});
	}
}

/// Every function the runtime's WASM imports must be one a parachain validator or the omni
/// node provides: Substrate's standard host functions and cumulus' proof-size recorder. A custom
/// one (the solo chain's `tsu`) would make the relay chain reject every block.
#[test]
fn the_wasm_imports_only_standard_host_functions() {
	let compressed = WASM_BINARY.expect("built with the WASM runtime (not SKIP_WASM_BUILD)");
	let code = polkadot_sdk::sp_maybe_compressed_blob::decompress(compressed, 64 << 20)
		.expect("the runtime blob decompresses");
	let standard: std::collections::BTreeSet<String> = <(
		polkadot_sdk::sp_io::SubstrateHostFunctions,
		polkadot_sdk::cumulus_primitives_proof_size_hostfunction::storage_proof_size::HostFunctions,
	) as HostFunctions>::host_functions()
	.iter()
	.map(|f| f.name().to_string())
	.collect();
	let mut imported = Vec::new();
	for payload in wasmparser::Parser::new(0).parse_all(&code) {
		if let wasmparser::Payload::ImportSection(reader) = payload.expect("the module parses") {
			for import in reader {
				let import = import.expect("the import parses");
				if matches!(import.ty, wasmparser::TypeRef::Func(_)) {
					imported.push(import.name.to_string());
				}
			}
		}
	}
	assert!(imported.len() > 20, "too few imports ({}): not a runtime?", imported.len());
	let custom: Vec<&String> = imported.iter().filter(|name| !standard.contains(*name)).collect();
	assert!(custom.is_empty(), "non-standard host functions imported: {custom:?}");
	assert!(!imported.iter().any(|name| name.contains("tsu")));
}
