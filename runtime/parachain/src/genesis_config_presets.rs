//! Genesis presets of the compute shards:
//!
//! | preset | para id | collators |
//! |---|---|---|
//! | `development` | 2000 | Alice |
//! | `local_testnet` | 2000 | Alice, Bob |
//! | `local_testnet_2001` | 2001 | Charlie, Dave |
//!
//! Every preset endows the well-known accounts, makes Alice sudo, sets the PoC weight floor and
//! cap of the solo chain, and funds the account that Alice of the *other* shard has here (her
//! `(1, Parachain(other), AccountId32)` location's account) so that she can pay for XCM
//! execution from the start.

use crate::{
	AccountId, AuraId, BalancesConfig, CollatorRankingConfig, ParachainInfoConfig, PocConfig,
	PolkadotXcmConfig, RuntimeGenesisConfig, SessionConfig, SessionKeys, SudoConfig, UNIT,
};
use aether_primitives::entropy::EntropyAuthorityId as EntropyId;
use aether_runtime_common::{WEIGHT_CAP, WEIGHT_FLOOR};
use alloc::{vec, vec::Vec};
use polkadot_sdk::{
	sp_genesis_builder::{self, PresetId},
	sp_keyring::Sr25519Keyring,
	staging_xcm::latest::prelude::{Junction, Location},
	staging_xcm_builder::{DescribeAllTerminal, DescribeFamily, HashedDescription},
	staging_xcm_executor::traits::ConvertLocation,
};
use serde_json::Value;

/// The first shard's para id.
pub const SHARD_A: u32 = 2000;
/// The second shard's para id.
pub const SHARD_B: u32 = 2001;
/// The preset of the second shard.
pub const LOCAL_TESTNET_2001_PRESET: &str = "local_testnet_2001";

/// Balance of every endowed account at genesis.
const ENDOWMENT: u128 = 1_000_000 * UNIT;

/// The collators a shard starts with (its invulnerables) and the size of its collator set.
const DESIRED_COLLATORS: u32 = 4;

/// The account `who` on shard `para` has on its sibling shards.
pub fn sibling_account(para: u32, who: &AccountId) -> Option<AccountId> {
	let location = Location::new(
		1,
		[Junction::Parachain(para), Junction::AccountId32 { network: None, id: *who.as_ref() }],
	);
	HashedDescription::<AccountId, DescribeFamily<DescribeAllTerminal>>::convert_location(&location)
}

fn genesis(para_id: u32, sibling: u32, collators: Vec<Sr25519Keyring>) -> Value {
	let alice = Sr25519Keyring::Alice.to_account_id();
	let mut endowed: Vec<AccountId> = Sr25519Keyring::iter().map(|k| k.to_account_id()).collect();
	endowed.extend(sibling_account(sibling, &alice));
	let config = RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed.into_iter().map(|a| (a, ENDOWMENT)).collect(),
			..Default::default()
		},
		parachain_info: ParachainInfoConfig { parachain_id: para_id.into(), ..Default::default() },
		session: SessionConfig {
			keys: collators
				.iter()
				.map(|k| {
					let keys = SessionKeys {
						aura: AuraId::from(k.public()),
						entropy: EntropyId::from(k.public()),
					};
					(k.to_account_id(), k.to_account_id(), keys)
				})
				.collect(),
			..Default::default()
		},
		collator_ranking: CollatorRankingConfig {
			invulnerables: collators.iter().map(|k| k.to_account_id()).collect(),
			desired_collators: DESIRED_COLLATORS,
		},
		poc: PocConfig {
			weight_floor: WEIGHT_FLOOR,
			weight_cap: WEIGHT_CAP,
			randomness: polkadot_sdk::sp_io::hashing::blake2_256(
				&[b"aether-chain shard ".as_slice(), &para_id.to_le_bytes()].concat(),
			),
			..Default::default()
		},
		polkadot_xcm: PolkadotXcmConfig { safe_xcm_version: Some(5), ..Default::default() },
		sudo: SudoConfig { key: Some(alice) },
		..Default::default()
	};
	serde_json::to_value(config).unwrap_or_default()
}

/// The JSON of preset `id`, if it exists.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	use Sr25519Keyring::*;
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => genesis(SHARD_A, SHARD_B, vec![Alice]),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => {
			genesis(SHARD_A, SHARD_B, vec![Alice, Bob])
		},
		LOCAL_TESTNET_2001_PRESET => genesis(SHARD_B, SHARD_A, vec![Charlie, Dave]),
		_ => return None,
	};
	serde_json::to_string(&patch).ok().map(|s| s.into_bytes())
}

/// The presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
		PresetId::from(LOCAL_TESTNET_2001_PRESET),
	]
}
