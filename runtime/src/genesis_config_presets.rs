//! Genesis presets: `development` (one validator, Alice) and `local_testnet` (four: Alice, Bob,
//! Charlie, Dave). The node's chain specs only name a preset.

use crate::{
	opaque::SessionKeys, AccountId, BalancesConfig, PocConfig, RuntimeGenesisConfig, SessionConfig,
	SudoConfig, UNIT,
};
use aether_primitives::{entropy::EntropyAuthorityId as EntropyId, poc::AuthorityId as PocId};
use alloc::{vec, vec::Vec};
use polkadot_sdk::{
	pallet_grandpa::AuthorityId as GrandpaId,
	sp_genesis_builder::{self, PresetId},
	sp_keyring::{Ed25519Keyring, Sr25519Keyring},
	sp_runtime::Perbill,
};
use serde_json::Value;

/// Balance of every endowed account at genesis.
const ENDOWMENT: u128 = 1_000_000 * UNIT;

/// The difficulty `c` at which the mean block time is the 6 s target, given 1 s slots and a
/// fallback block after 9 empty slots: the root of `(1 − (1 − c)^9) / c = 6` (see docs/poc.md).
pub const GENESIS_DIFFICULTY: Perbill = Perbill::from_parts(105_661_691);

pub use aether_runtime_common::{WEIGHT_CAP, WEIGHT_FLOOR};

/// A validator's genesis entry: its account and its session keys.
struct Validator {
	account: AccountId,
	poc: PocId,
	grandpa: GrandpaId,
	entropy: EntropyId,
}

impl Validator {
	/// A validator using the dev keyring's `name` keys: sr25519 for PoC and the entropy
	/// beacon, ed25519 for GRANDPA (what `--alice` and friends put in the keystore).
	fn dev(sr: Sr25519Keyring, ed: Ed25519Keyring) -> Self {
		Self {
			account: sr.to_account_id(),
			poc: sr.public().into(),
			grandpa: ed.public().into(),
			entropy: sr.public().into(),
		}
	}
}

fn genesis(validators: Vec<Validator>, endowed: Vec<AccountId>, root: AccountId) -> Value {
	let config = RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed.iter().cloned().map(|a| (a, ENDOWMENT)).collect(),
			..Default::default()
		},
		session: SessionConfig {
			keys: validators
				.iter()
				.map(|v| {
					(
						v.account.clone(),
						v.account.clone(),
						SessionKeys {
							poc: v.poc.clone(),
							grandpa: v.grandpa.clone(),
							entropy: v.entropy.clone(),
						},
					)
				})
				.collect(),
			..Default::default()
		},
		poc: PocConfig {
			difficulty: GENESIS_DIFFICULTY,
			weight_floor: WEIGHT_FLOOR,
			weight_cap: WEIGHT_CAP,
			randomness: polkadot_sdk::sp_io::hashing::blake2_256(b"aether-chain genesis"),
			..Default::default()
		},
		sudo: SudoConfig { key: Some(root) },
		..Default::default()
	};
	serde_json::to_value(config).unwrap_or_default()
}

fn well_known_accounts() -> Vec<AccountId> {
	Sr25519Keyring::iter().map(|k| k.to_account_id()).collect()
}

/// One validator (Alice), the well-known accounts endowed, Alice as sudo.
pub fn development_config_genesis() -> Value {
	genesis(
		vec![Validator::dev(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		well_known_accounts(),
		Sr25519Keyring::Alice.to_account_id(),
	)
}

/// Four validators (Alice, Bob, Charlie, Dave), the well-known accounts endowed, Alice as sudo.
pub fn local_config_genesis() -> Value {
	genesis(
		vec![
			Validator::dev(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			Validator::dev(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
			Validator::dev(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
			Validator::dev(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
		],
		well_known_accounts(),
		Sr25519Keyring::Alice.to_account_id(),
	)
}

/// The JSON of preset `id`, if it exists.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
		_ => return None,
	};
	serde_json::to_string(&patch).ok().map(|s| s.into_bytes())
}

/// The presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
	]
}
