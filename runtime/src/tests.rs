//! Tests of the runtime's genesis presets, its PoC configuration and the entropy beacon's wiring.

use crate::{
	configs::{BeaconEntropy, PocBlockRandomness, SessionPeriod},
	genesis_config_presets::*,
	Entropy, Poc, Runtime, RuntimeGenesisConfig, SLOT_DURATION, TARGET_BLOCK_TIME,
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

#[test]
fn every_preset_validator_is_a_beacon_authority_with_its_poc_key() {
	for (preset, count) in [(DEV_RUNTIME_PRESET, 1), (LOCAL_TESTNET_RUNTIME_PRESET, 4)] {
		genesis_of(preset).execute_with(|| {
			let beacon = pallet_entropy::Authorities::<Runtime>::get();
			let poc = pallet_poc::Authorities::<Runtime>::get();
			assert_eq!(beacon.len(), count, "{preset}");
			for ((account, entropy_key), (poc_account, poc_key)) in beacon.iter().zip(poc.iter()) {
				assert_eq!(account, poc_account, "{preset}: same validators in the same order");
				// The dev keyring's sr25519 key serves both, as `--alice` inserts it for both.
				let entropy_raw: &[u8] = entropy_key.as_ref();
				let poc_raw: &[u8] = poc_key.as_ref();
				assert_eq!(entropy_raw, poc_raw, "{preset}");
			}
			let status = Entropy::beacon_status();
			assert_eq!(status.round, 0);
			assert_eq!(status.latest, None, "no round has finished at genesis");
			assert!(status
				.authorities
				.iter()
				.all(|(_, _, strikes, isolated)| *strikes == 0 && !isolated));
		});
	}
}

#[test]
fn the_beacon_feeds_the_poc_epoch_and_poc_feeds_the_beacon() {
	genesis_of(DEV_RUNTIME_PRESET).execute_with(|| {
		// No beacon output yet: the epoch randomness is the VRF chain's alone.
		assert_eq!(BeaconEntropy::get(), None);
		let output = [42u8; 32];
		pallet_entropy::Latest::<Runtime>::put((3u32, output, 2u32, 31u32));
		assert_eq!(BeaconEntropy::get(), Some(output));
		assert_eq!(PocBlockRandomness::get(), pallet_poc::AccumulatedRandomness::<Runtime>::get());
	});
}

#[test]
fn beacon_rounds_fit_in_a_session() {
	let round: u32 = <Runtime as pallet_entropy::Config>::RoundLength::get();
	assert!(round >= 2 && round.is_multiple_of(2), "two equal phases");
	assert_eq!(SessionPeriod::get() % round, 0, "sessions change the set at round boundaries");
}

#[test]
fn fees_and_issuance_flow_into_the_chalice_pot() {
	use crate::{
		configs::NetworkTreasury, Balances, Chalice, RuntimeCall, EXISTENTIAL_DEPOSIT, UNIT,
	};
	use polkadot_sdk::{
		frame_support::{
			dispatch::{GetDispatchInfo, PostDispatchInfo},
			traits::Hooks,
		},
		pallet_transaction_payment::{FungibleAdapter, OnChargeTransaction},
		sp_keyring::Sr25519Keyring,
	};
	type Adapter = FungibleAdapter<Balances, Chalice>;

	genesis_of(DEV_RUNTIME_PRESET).execute_with(|| {
		let pot = pallet_chalice::Pallet::<Runtime>::pot_account();
		assert_eq!(Balances::free_balance(&pot), EXISTENTIAL_DEPOSIT, "the pot is endowed");
		assert_eq!(Balances::free_balance(NetworkTreasury::get()), EXISTENTIAL_DEPOSIT);
		assert_eq!(Chalice::current_period().ends_at, crate::HOURS);

		polkadot_sdk::frame_system::Pallet::<Runtime>::set_block_number(1);
		Chalice::on_initialize(1);
		assert_eq!(Balances::free_balance(&pot), EXISTENTIAL_DEPOSIT + UNIT);

		// A fee and a tip through the transaction-payment adapter the runtime uses.
		let who = Sr25519Keyring::Bob.to_account_id();
		let call = RuntimeCall::System(polkadot_sdk::frame_system::Call::remark { remark: vec![] });
		let info = call.get_dispatch_info();
		let (fee, tip) = (3_000_000u128, 1_000u128);
		let liquidity =
			<Adapter as OnChargeTransaction<Runtime>>::withdraw_fee(&who, &call, &info, fee, tip)
				.expect("Bob can pay");
		<Adapter as OnChargeTransaction<Runtime>>::correct_and_deposit_fee(
			&who,
			&info,
			&PostDispatchInfo::default(),
			fee,
			tip,
			liquidity,
		)
		.expect("the fee is deposited");
		let period = Chalice::current_period();
		assert_eq!(period.fees, fee);
		assert_eq!(Balances::free_balance(&pot), EXISTENTIAL_DEPOSIT + UNIT + fee);
		assert_eq!(
			period.originator_pool + period.validator_pool + period.treasury_pool,
			UNIT + fee,
			"everything that came in is in the pools"
		);
		assert_eq!(period.originator_pool, (UNIT + fee) * 7 / 10);
	});
}

#[test]
fn chalice_validator_points_follow_the_poc_floor_and_cap() {
	use crate::configs::PocWeightBounds;
	genesis_of(DEV_RUNTIME_PRESET).execute_with(|| {
		let bounds = pallet_poc::WeightBounds::<Runtime>::get();
		assert_eq!(PocWeightBounds::get(), (bounds.floor, bounds.cap));
		assert_eq!(crate::Chalice::current_period().validator_floor, bounds.floor);
	});
}

/// Thirty real blocks through `Executive`, each with a PoC pre-digest claimed by Alice, the
/// timestamp inherent and a signed transfer from Bob, and every pallet's `try_state` after every
/// block: the fee path, Chalice's conservation, PoC's window and the beacon's books together.
/// Runs with `--features try-runtime` (the try-runtime stage of ./scripts/test.sh).
#[cfg(feature = "try-runtime")]
#[test]
fn every_pallet_try_state_holds_after_every_block() {
	use crate::{
		AllPalletsWithSystem, Chalice, Executive, Header, RuntimeCall, SignedPayload,
		UncheckedExtrinsic, UNIT,
	};
	use aether_primitives::poc::{
		verification::{pre_digest_item, vrf_sign_data},
		ClaimKind, PreDigest, Slot,
	};
	use codec::Encode as _;
	use polkadot_sdk::{
		frame_support::traits::{TryState, TryStateSelect},
		frame_system,
		sp_core::crypto::VrfSecret,
		sp_keyring::Sr25519Keyring,
		sp_runtime::{traits::Header as _, Digest, MultiSignature},
	};

	genesis_of(DEV_RUNTIME_PRESET).execute_with(|| {
		let alice = Sr25519Keyring::Alice.pair();
		let bob = Sr25519Keyring::Bob;
		let dave = Sr25519Keyring::Dave.to_account_id();
		let dave_before = crate::Balances::free_balance(&dave);
		let mut parent_hash = frame_system::Pallet::<Runtime>::block_hash(0);
		for n in 1u32..=30 {
			let slot = Slot::from(1_000 + 6 * u64::from(n));
			let randomness = Poc::lottery().randomness;
			let pre_digest = PreDigest {
				authority_index: 0,
				slot,
				kind: ClaimKind::Primary,
				vrf_signature: alice.vrf_sign(&vrf_sign_data(&randomness, slot)),
			};
			let digest = Digest { logs: vec![pre_digest_item(&pre_digest)] };
			let header =
				Header::new(n, Default::default(), Default::default(), parent_hash, digest);
			Executive::initialize_block(&header);

			let now = u64::from(slot) * SLOT_DURATION;
			let timestamp =
				RuntimeCall::Timestamp(polkadot_sdk::pallet_timestamp::Call::set { now });
			Executive::apply_extrinsic(UncheckedExtrinsic::new_bare(timestamp))
				.expect("the inherent is valid")
				.expect("the inherent applies");

			let call =
				RuntimeCall::Balances(polkadot_sdk::pallet_balances::Call::transfer_keep_alive {
					dest: dave.clone().into(),
					value: UNIT,
				});
			let extension = crate::tx_extension(n - 1, 0);
			let payload =
				SignedPayload::new(call.clone(), extension.clone()).expect("implicit data");
			let signature = payload.using_encoded(|bytes| bob.sign(bytes));
			let transfer = UncheckedExtrinsic::new_signed(
				call,
				bob.to_account_id().into(),
				MultiSignature::Sr25519(signature),
				extension,
			);
			Executive::apply_extrinsic(transfer)
				.expect("Bob's transfer is valid")
				.expect("Bob's transfer applies");

			let header = Executive::finalize_block();
			parent_hash = header.hash();
			<AllPalletsWithSystem as TryState<u32>>::try_state(n, TryStateSelect::All)
				.unwrap_or_else(|e| panic!("try_state failed after block {n}: {e:?}"));
		}
		assert_eq!(crate::Balances::free_balance(&dave), dave_before + 30 * UNIT);
		let period = Chalice::current_period();
		assert!(period.fees > 0, "the transfers' fees reached the Chalice pot");
		assert_eq!(period.issued, 30 * UNIT, "one AETH minted per block");
		assert!(period.validator_points > 0, "Alice's blocks earned validator points");
	});
}
