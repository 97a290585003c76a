//! Tests of the runtime's genesis presets and its PoC configuration.

use crate::{
	configs::SessionPeriod, genesis_config_presets::*, Poc, Runtime, RuntimeGenesisConfig,
	SLOT_DURATION, TARGET_BLOCK_TIME,
};
use polkadot_sdk::{
	frame_support::{genesis_builder_helper::build_state, traits::Get},
	sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET},
	sp_io::TestExternalities,
};

/// Externalities holding the genesis state of preset `id`.
fn genesis_of(id: &str) -> TestExternalities {
	let json = get_preset(&id.into()).expect("the preset exists");
	let mut ext = TestExternalities::default();
	ext.execute_with(|| build_state::<RuntimeGenesisConfig>(json).expect("the preset builds"));
	ext
}

#[test]
fn presets_are_listed_and_unknown_ones_are_not() {
	let names = preset_names();
	assert!(names.contains(&DEV_RUNTIME_PRESET.into()));
	assert!(names.contains(&LOCAL_TESTNET_RUNTIME_PRESET.into()));
	assert!(get_preset(&"no-such-preset".into()).is_none());
}

#[test]
fn development_has_one_authority_and_local_four_with_equal_weights() {
	for (preset, count) in [(DEV_RUNTIME_PRESET, 1), (LOCAL_TESTNET_RUNTIME_PRESET, 4)] {
		genesis_of(preset).execute_with(|| {
			let lottery = Poc::lottery();
			assert_eq!(lottery.authorities.len(), count, "{preset}");
			assert_eq!(pallet_poc::Authorities::<Runtime>::get().len(), count, "{preset}");
			assert_eq!(lottery.difficulty, GENESIS_DIFFICULTY);
			let first = lottery.authorities[0].1;
			assert!(first > 0);
			assert!(
				lottery.authorities.iter().all(|(_, w)| *w == first),
				"{preset}: equal weights"
			);
			assert_eq!(lottery.fallback_after, 9);
			let status = Poc::status();
			assert_eq!(status.window_len, 201);
			assert_eq!(status.mean_block_time_ms, TARGET_BLOCK_TIME, "the window starts on target");
		});
	}
}

#[test]
fn genesis_difficulty_is_the_retargets_equilibrium() {
	// With slots of SLOT_DURATION and a fallback after K empty slots, the mean gap at difficulty
	// c is (1 − (1 − c)^K) / c slots; at genesis it must equal the target.
	let k: u64 = <Runtime as pallet_poc::Config>::FallbackAfterSlots::get();
	let k = k as i32;
	let c = GENESIS_DIFFICULTY.deconstruct() as f64 / 1e9;
	let mean_gap_ms = (1.0 - (1.0 - c).powi(k)) / c * SLOT_DURATION as f64;
	assert!((mean_gap_ms - TARGET_BLOCK_TIME as f64).abs() < 0.01, "{mean_gap_ms}");
	assert!(GENESIS_DIFFICULTY >= <Runtime as pallet_poc::Config>::MinDifficulty::get());
	assert!(GENESIS_DIFFICULTY <= <Runtime as pallet_poc::Config>::MaxDifficulty::get());
}

#[test]
fn epochs_and_sessions_fit_together() {
	let epoch: u32 = <Runtime as pallet_poc::Config>::EpochLength::get();
	assert!(epoch >= SessionPeriod::get(), "an epoch spans at least one session");
	assert_eq!(TARGET_BLOCK_TIME % SLOT_DURATION, 0);
}
