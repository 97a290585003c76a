//! Tests of the PoC pallet. Keys come from fixed seeds; nothing depends on time.

use crate::{mock::*, *};
use aether_primitives::poc::digests::CompatibleDigestItem;
use frame_support::{
	assert_noop, assert_ok,
	dispatch::{GetDispatchInfo, Pays},
	traits::Hooks,
};
use polkadot_sdk::sp_core::{
	offchain::{testing::TestTransactionPoolExt, TransactionPoolExt},
	H256,
};
#[allow(deprecated)]
use sp_runtime::traits::ValidateUnsigned;
use sp_runtime::{
	traits::{BadOrigin, Header as _},
	Digest, DigestItem,
};

const C0_PARTS: u32 = 166_666_666; // 1/6, rounded down.

fn entry(gap: u32, difficulty: Perbill) -> WindowEntry {
	WindowEntry { gap, difficulty }
}

fn report(proof: EquivocationProof<Header>) -> frame_support::dispatch::DispatchResultWithPostInfo {
	Poc::report_equivocation_unsigned(RuntimeOrigin::none(), Box::new(proof))
}

// ----------------------------------------------------------------------------------------------
// Genesis and session

#[test]
fn genesis_fills_the_window_and_randomness() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(genesis_difficulty().deconstruct(), C0_PARTS);
		assert_eq!(Difficulty::<Test>::get(), genesis_difficulty());
		let window = Window::<Test>::get();
		assert_eq!(window.len(), 201);
		assert!(window.iter().all(|e| *e == entry(TARGET_GAP as u32, genesis_difficulty())));
		assert_eq!(WindowHead::<Test>::get(), 0);
		assert_eq!(*LastSlot::<Test>::get(), 0);
		assert_eq!(EpochIndex::<Test>::get(), 0);
		assert_eq!(CurrentRandomness::<Test>::get(), [7u8; 32]);
		assert_eq!(NextRandomness::<Test>::get(), [7u8; 32]);
		assert_eq!(AccumulatedRandomness::<Test>::get(), [7u8; 32]);
		assert_eq!(
			WeightBounds::<Test>::get(),
			LotteryWeightBounds { floor: 10, cap: Perbill::from_percent(40) }
		);
		let authorities = Authorities::<Test>::get();
		assert_eq!(authorities.len(), 4);
		for (i, (who, key)) in authorities.iter().enumerate() {
			assert_eq!(*who, account(i as u32));
			assert_eq!(*key, authority_id(i as u32));
		}
	});
}

#[test]
fn integrity_test_accepts_the_mock_config() {
	new_test_ext().execute_with(|| {
		<Poc as Hooks<u64>>::integrity_test();
	});
}

#[test]
fn new_session_replaces_and_truncates_the_authority_set() {
	ExtBuilder::default().build_and_execute(|| {
		let accounts: Vec<u64> = (10..12).map(account).collect();
		let keys: Vec<AuthorityId> = (10..12).map(authority_id).collect();
		<Poc as OneSessionHandler<u64>>::on_new_session(
			true,
			accounts.iter().zip(keys.clone()),
			accounts.iter().zip(keys.clone()),
		);
		assert_eq!(
			Authorities::<Test>::get().into_inner(),
			vec![(account(10), authority_id(10)), (account(11), authority_id(11))]
		);

		// 101 validators, MaxAuthorities 100: the last one is dropped.
		let accounts: Vec<u64> = (0..101).map(account).collect();
		let keys: Vec<AuthorityId> = (0..101).map(authority_id).collect();
		<Poc as OneSessionHandler<u64>>::on_new_session(
			true,
			accounts.iter().zip(keys.clone()),
			accounts.iter().zip(keys),
		);
		let authorities = Authorities::<Test>::get();
		assert_eq!(authorities.len(), 100);
		assert_eq!(authorities.last(), Some(&(account(99), authority_id(99))));
	});
}

#[test]
fn find_author_reads_the_pre_digest() {
	ExtBuilder::default().build_and_execute(|| {
		let pre = pre_digest(&authority_pair(3), 3, 17, &[0u8; 32]);
		let encoded = pre.encode();
		let other = 5u32.encode();
		let digests =
			vec![(*b"BABE", &other[..]), (aether_primitives::poc::POC_ENGINE_ID, &encoded[..])];
		assert_eq!(<Poc as FindAuthor<u32>>::find_author(digests), Some(3));
		let none: Vec<([u8; 4], &[u8])> = vec![(*b"BABE", &other[..])];
		assert_eq!(<Poc as FindAuthor<u32>>::find_author(none), None);
	});
}

// ----------------------------------------------------------------------------------------------
// Retarget

#[test]
fn first_block_uses_the_target_gap() {
	ExtBuilder::default().build_and_execute(|| {
		produce_block(12_345, 0);
		assert_eq!(*LastSlot::<Test>::get(), 12_345);
		assert_eq!(Difficulty::<Test>::get(), genesis_difficulty());
		assert!(Window::<Test>::get().iter().all(|e| e.gap == TARGET_GAP as u32));
	});
}

#[test]
fn retarget_steady_keeps_the_difficulty() {
	ExtBuilder::default().build_and_execute(|| {
		run_to_block_with_slot(50, 100, 0);
		assert_eq!(System::block_number(), 50);
		assert_eq!(*LastSlot::<Test>::get(), 100 + 49 * TARGET_GAP);
		assert_eq!(Difficulty::<Test>::get(), genesis_difficulty());
	});
}

#[test]
fn retarget_fast_blocks_lower_the_difficulty() {
	ExtBuilder::default().build_and_execute(|| {
		produce_block(100, 0);
		let mut previous = Difficulty::<Test>::get();
		for _ in 0..20 {
			produce_blocks_with_gap(1, 1, 0);
			let now = Difficulty::<Test>::get();
			assert!(now < previous, "fast blocks must lower c: {now:?} !< {previous:?}");
			previous = now;
		}
		assert!(previous < genesis_difficulty());
	});
}

#[test]
fn retarget_slow_blocks_raise_the_difficulty() {
	ExtBuilder::default().build_and_execute(|| {
		produce_block(100, 0);
		let mut previous = Difficulty::<Test>::get();
		for _ in 0..20 {
			produce_blocks_with_gap(1, 30, 0);
			let now = Difficulty::<Test>::get();
			assert!(now > previous, "slow blocks must raise c: {now:?} !> {previous:?}");
			previous = now;
		}
	});
}

#[test]
fn retarget_one_gap_of_one_slot_is_exact() {
	ExtBuilder::default().build_and_execute(|| {
		produce_block(100, 0);
		produce_blocks_with_gap(1, 1, 0);
		// Window: 200 entries of gap 6 and one of gap 1, all at c0.
		// c = c0 · (200·6 + 1) / (201·6), rounded down.
		let expected = (u128::from(C0_PARTS) * 201 * 1201 / (201 * 201 * 6)) as u32;
		assert_eq!(Difficulty::<Test>::get().deconstruct(), expected);
	});
}

#[test]
fn retarget_step_is_clamped_to_four_times() {
	ExtBuilder::default().build_and_execute(|| {
		let huge = vec![entry(10_000, Perbill::from_percent(5)); 201];
		let tiny = vec![entry(1, Perbill::from_percent(20)); 201];
		// Up: raw is ~1600×, one step allows 4×.
		assert_eq!(
			Poc::next_difficulty(Perbill::from_percent(5), &huge),
			Perbill::from_percent(20)
		);
		// ... and MaxDifficulty (50 %) caps 4 × 20 % = 80 %.
		assert_eq!(
			Poc::next_difficulty(Perbill::from_percent(20), &huge),
			Perbill::from_percent(50)
		);
		// Down: raw is 20 % / 6 = 3.33 %, one step allows 20 % / 4 = 5 %.
		assert_eq!(
			Poc::next_difficulty(Perbill::from_percent(20), &tiny),
			Perbill::from_percent(5)
		);
		// ... and MinDifficulty (1 %) floors 2 % / 4 = 0.5 %.
		let tiny_low = vec![entry(1, Perbill::from_percent(2)); 201];
		assert_eq!(
			Poc::next_difficulty(Perbill::from_percent(2), &tiny_low),
			Perbill::from_percent(1)
		);
		// Inside the bounds the exact DGW value: c · mean_gap / target = 10 % · 9 / 6.
		let mild = vec![entry(9, Perbill::from_percent(10)); 201];
		assert_eq!(
			Poc::next_difficulty(Perbill::from_percent(10), &mild),
			Perbill::from_percent(15)
		);
	});
}

#[test]
fn retarget_never_leaves_the_bounds_on_chain() {
	ExtBuilder::default().build_and_execute(|| {
		produce_block(100, 0);
		// A long stall: one step may not exceed 4× and MaxDifficulty.
		let before = Difficulty::<Test>::get();
		produce_blocks_with_gap(1, 1_000_000, 0);
		let after = Difficulty::<Test>::get();
		assert!(after.deconstruct() <= before.deconstruct().saturating_mul(4));
		assert_eq!(after, MaxDifficulty::get());

		// A burst of one-slot gaps on a window of one-slot gaps: the first step is cut to c/4
		// (raw would be c/6), and no step leaves [c/4, 4c] or [MinDifficulty, MaxDifficulty].
		Window::<Test>::put(BoundedVec::truncate_from(vec![entry(1, after); 201]));
		produce_blocks_with_gap(1, 1, 1);
		assert_eq!(Difficulty::<Test>::get(), Perbill::from_parts(after.deconstruct() / 4));
		let mut previous = Difficulty::<Test>::get();
		for _ in 0..40 {
			produce_blocks_with_gap(1, 1, 1);
			let now = Difficulty::<Test>::get();
			assert!(now.deconstruct() >= previous.deconstruct() / 4);
			assert!(now.deconstruct() <= previous.deconstruct().saturating_mul(4));
			assert!(now >= MinDifficulty::get() && now <= MaxDifficulty::get());
			previous = now;
		}

		// Near the bottom, MinDifficulty holds: 2 % / 6 would be 0.33 %, c/4 0.5 %.
		Window::<Test>::put(BoundedVec::truncate_from(vec![
			entry(1, Perbill::from_percent(2));
			201
		]));
		Difficulty::<Test>::put(Perbill::from_percent(2));
		produce_blocks_with_gap(1, 1, 1);
		assert_eq!(Difficulty::<Test>::get(), MinDifficulty::get());
		produce_blocks_with_gap(5, 1, 1);
		assert_eq!(Difficulty::<Test>::get(), MinDifficulty::get());
	});
}

#[test]
fn window_is_a_ring_buffer() {
	ExtBuilder::default().build_and_execute(|| {
		produce_block(100, 0);
		produce_blocks_with_gap(202, 7, 0);
		// 203 blocks into a full window of 201: the head moved 203 places around the ring.
		assert_eq!(Window::<Test>::get().len(), 201);
		assert_eq!(WindowHead::<Test>::get(), 203 % 201);
		// Only the latest 201 blocks are left: every gap of 6 (genesis, block 1) is gone.
		assert!(Window::<Test>::get().iter().all(|e| e.gap == 7));
	});
}

#[test]
fn window_adapts_to_a_changed_length() {
	ExtBuilder::default().build_and_execute(|| {
		produce_block(100, 0);
		let c0 = genesis_difficulty();

		// Longer than RetargetWindow (after an upgrade shortened it): gaps 1..=205, oldest at
		// index 3 (gap 4). The oldest five go, the new block is appended, the head restarts.
		let long: Vec<WindowEntry> = (1..=205).map(|gap| entry(gap, c0)).collect();
		Window::<Test>::put(BoundedVec::truncate_from(long));
		WindowHead::<Test>::put(3);
		produce_blocks_with_gap(1, 6, 0);
		let window = Window::<Test>::get();
		assert_eq!(window.len(), 201);
		assert_eq!(WindowHead::<Test>::get(), 0);
		let gaps: Vec<u32> = window.iter().map(|e| e.gap).collect();
		let expected: Vec<u32> = (9..=205).chain([1, 2, 3, 6]).collect();
		assert_eq!(gaps, expected);

		// Shorter (an upgrade lengthened it): the new entry goes just before the oldest.
		let short: Vec<WindowEntry> = (1..=150).map(|gap| entry(gap, c0)).collect();
		Window::<Test>::put(BoundedVec::truncate_from(short));
		WindowHead::<Test>::put(10);
		produce_blocks_with_gap(1, 6, 0);
		let window = Window::<Test>::get();
		assert_eq!(window.len(), 151);
		assert_eq!(WindowHead::<Test>::get(), 11);
		assert_eq!(window[10].gap, 6);
		assert_eq!(window[11].gap, 11, "the oldest entry follows the newest");
	});
}

#[test]
fn block_without_pre_digest_changes_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		initialize_next_block(Digest::default());
		assert_eq!(System::block_number(), 1);
		assert_eq!(*LastSlot::<Test>::get(), 0);
		assert_eq!(AccumulatedRandomness::<Test>::get(), [7u8; 32]);
		assert_eq!(Window::<Test>::get().len(), 201);
		assert!(System::events().is_empty());
		let weight = <Poc as Hooks<u64>>::on_initialize(1);
		let db: frame_support::weights::RuntimeDbWeight =
			<Test as frame_system::Config>::DbWeight::get();
		assert_eq!(weight, db.reads(1));
	});
}

// ----------------------------------------------------------------------------------------------
// Weights: floor and cap

#[test]
fn zero_score_authority_gets_the_floor() {
	ExtBuilder::default().build_and_execute(|| {
		set_score(account(0), 1_000);
		let weights = Poc::authority_weights();
		assert_eq!(weights.len(), 4);
		for status in &weights[1..] {
			assert_eq!(status.score, 0);
			assert_eq!(status.weight, 10, "a zero score counts as the floor");
		}
	});
}

#[test]
fn dominant_authority_is_capped() {
	ExtBuilder::default().build_and_execute(|| {
		set_score(account(0), 1_000);
		set_score(account(1), 50);
		// Floored: 1000, 50, 10, 10 → total 1070; cap 40 % → 428.
		let weights: Vec<Contribution> =
			Poc::authority_weights().into_iter().map(|s| s.weight).collect();
		assert_eq!(weights, vec![428, 50, 10, 10]);
		assert_eq!(Perbill::from_percent(40).mul_floor(1_070u128), 428);
	});
}

#[test]
fn weights_are_at_least_one() {
	ExtBuilder::default().weight_bounds(1, Perbill::from_percent(10)).build_and_execute(|| {
		// Floored total 4, cap 10 % → 0 points, raised to 1.
		assert!(Poc::authority_weights().iter().all(|s| s.weight == 1));
	});
}

#[test]
fn suspended_authority_weighs_one_and_earns_nothing_until_resumed() {
	ExtBuilder::default().build_and_execute(|| {
		System::set_block_number(1);
		set_score(account(0), 1_000);
		set_score(account(1), 50);
		<Poc as ContributionSuspension<u64>>::suspend(&account(0));
		assert!(<Poc as ContributionSuspension<u64>>::is_suspended(&account(0)));
		System::assert_last_event(Event::ContributionSuspended { who: account(0) }.into());
		// Suspended: 1; the others floored: 50, 10, 10 → total 71; cap 40 % → 28.
		let weights: Vec<Contribution> =
			Poc::authority_weights().into_iter().map(|s| s.weight).collect();
		assert_eq!(weights, vec![1, 28, 10, 10]);

		// Nothing is credited while suspended, and suspending twice emits nothing.
		let events = System::events().len();
		assert_eq!(
			Poc::do_note_contribution(&account(0), ContributionKind::EntropyReveal, 5),
			1_000
		);
		assert!(take_forwarded().is_empty(), "a swallowed credit is not passed on");
		<Poc as ContributionSuspension<u64>>::suspend(&account(0));
		assert_eq!(System::events().len(), events);
		assert_eq!(Poc::score_of(&account(0)), 1_000, "the score itself is kept");
		Poc::do_try_state().expect("invariants hold");

		<Poc as ContributionSuspension<u64>>::resume(&account(0));
		System::assert_last_event(Event::ContributionResumed { who: account(0) }.into());
		assert!(!Suspended::<Test>::contains_key(account(0)));
		assert_eq!(
			Poc::do_note_contribution(&account(0), ContributionKind::EntropyReveal, 5),
			1_005
		);
		assert_eq!(
			take_forwarded(),
			vec![(account(0), ContributionKind::EntropyReveal, 5)],
			"a credited contribution is passed on",
		);
		let weights: Vec<Contribution> =
			Poc::authority_weights().into_iter().map(|s| s.weight).collect();
		assert_eq!(weights[0], 430, "40 % of 1075 once restored");
	});
}

#[test]
fn single_authority_holds_the_whole_lottery() {
	ExtBuilder::default().authorities(1).build_and_execute(|| {
		// Floored total 10, cap 40 % → 4: the cap scales, the share stays 100 %.
		let params = Poc::lottery();
		assert_eq!(params.authorities, vec![(authority_id(0), 4)]);
		assert_eq!(
			aether_primitives::poc::verification::total_weight(&params),
			params.authorities[0].1
		);
	});
}

#[test]
fn lottery_reports_keys_weights_and_slots() {
	ExtBuilder::default().build_and_execute(|| {
		produce_block(100, 2);
		set_score(account(0), 1_000);
		let params = Poc::lottery();
		assert_eq!(params.difficulty, Difficulty::<Test>::get());
		assert_eq!(*params.parent_slot, 100);
		assert_eq!(params.fallback_after, 9);
		assert_eq!(params.randomness, CurrentRandomness::<Test>::get());
		// Floored: 1000, 10, 100 (authored block 1), 10 → total 1120; cap 448.
		assert_eq!(
			params.authorities,
			vec![
				(authority_id(0), 448),
				(authority_id(1), 10),
				(authority_id(2), 100),
				(authority_id(3), 10)
			]
		);
	});
}

// ----------------------------------------------------------------------------------------------
// Decay

#[test]
fn decay_halves_every_half_life() {
	let h = HALF_LIFE;
	assert_eq!(decayed(1_000, 0, h, h), 500);
	assert_eq!(decayed(1_000, 0, 2 * h, h), 250);
	assert_eq!(decayed(1_000, 0, 3 * h, h), 125);
	// From any block, not only from the grid.
	assert_eq!(decayed(1_000, 37, 37 + h, h), 500);
	assert_eq!(decayed(1_000, 37, 37 + 2 * h, h), 250);
	assert_eq!(decayed(1_000, 0, 0, h), 1_000);
	assert_eq!(decayed(1_000, 50, 40, h), 1_000, "no decay backwards");
}

#[test]
fn decay_interpolates_linearly_between_halvings() {
	let h = HALF_LIFE;
	// From a grid point, x blocks cost score · x / 2H.
	assert_eq!(decayed(1_000, 0, h / 2, h), 750);
	assert_eq!(decayed(1_000, 0, h / 4, h), 875);
	assert_eq!(decayed(1_000, h, h + h / 2, h), 750);
	// Between the quarter and the half in the second half-life: 500 · (1 − 50/200).
	assert_eq!(decayed(1_000, 0, h + h / 2, h), 375);
	// Monotone and between the neighbouring halvings.
	let mut previous = decayed(1_000_000, 0, 0, h);
	for t in 1..=3 * h {
		let now = decayed(1_000_000, 0, t, h);
		assert!(now <= previous);
		assert!(now <= 1_000_000 >> (t / h));
		assert!(now >= 1_000_000 >> (t / h + 1));
		previous = now;
	}
}

#[test]
fn decay_does_not_depend_on_how_often_a_record_is_touched() {
	let h = HALF_LIFE;
	assert_eq!(decayed(decayed(1_000, 0, 30, h), 30, 80, h), decayed(1_000, 0, 80, h));
	// Off the grid the two paths differ only by rounding down.
	let direct = decayed(1 << 40, 10, 250, h);
	let two_steps = decayed(decayed(1 << 40, 10, 130, h), 130, 250, h);
	assert!(two_steps <= direct && direct - two_steps <= 2, "{two_steps} vs {direct}");
	// Touching every block for a half-life still halves (up to rounding down).
	let mut score: Contribution = 1 << 60;
	for t in 0..h {
		score = decayed(score, t, t + 1, h);
	}
	let exact = (1u128 << 60) / 2;
	assert!(score <= exact && exact - score < 200, "{score} vs {exact}");
}

#[test]
fn decay_reaches_zero_after_long() {
	let h = HALF_LIFE;
	assert_eq!(decayed(u128::MAX, 0, 127 * h, h), 1);
	assert_eq!(decayed(u128::MAX, 0, 128 * h, h), 0);
	assert_eq!(decayed(u128::MAX, 5, 1_000 * h, h), 0);
	assert_eq!(decayed(1, 0, h, h), 0);
}

#[test]
fn stored_scores_decay_with_the_block_number() {
	ExtBuilder::default().build_and_execute(|| {
		System::set_block_number(1);
		set_score(account(0), 1_000);
		System::set_block_number(1 + HALF_LIFE);
		assert_eq!(Poc::score_of(&account(0)), 500);
		System::set_block_number(1 + 2 * HALF_LIFE);
		assert_eq!(Poc::score_of(&account(0)), 250);
		System::set_block_number(1 + 200 * HALF_LIFE);
		assert_eq!(Poc::score_of(&account(0)), 0);
		assert_eq!(Poc::score_of(&999), 0);
	});
}

// ----------------------------------------------------------------------------------------------
// Contribution

#[test]
fn note_contribution_decays_adds_and_emits() {
	ExtBuilder::default().build_and_execute(|| {
		System::set_block_number(1);
		<Poc as ContributionSink<u64>>::note_contribution(&7, ContributionKind::CommandFuel, 500);
		System::assert_last_event(
			Event::<Test>::ContributionNoted {
				who: 7,
				kind: ContributionKind::CommandFuel,
				amount: 500,
				score: 500,
			}
			.into(),
		);
		System::set_block_number(1 + HALF_LIFE);
		<Poc as ContributionSink<u64>>::note_contribution(&7, ContributionKind::DataServed, 10);
		System::assert_last_event(
			Event::<Test>::ContributionNoted {
				who: 7,
				kind: ContributionKind::DataServed,
				amount: 10,
				score: 260,
			}
			.into(),
		);
		assert_eq!(
			Contributions::<Test>::get(7),
			Some(ContributionRecord { score: 260, updated_at: 1 + HALF_LIFE })
		);
		// Saturating.
		<Poc as ContributionSink<u64>>::note_contribution(
			&7,
			ContributionKind::EntropyReveal,
			u128::MAX,
		);
		assert_eq!(Poc::score_of(&7), u128::MAX);
	});
}

#[test]
fn block_author_is_credited() {
	ExtBuilder::default().build_and_execute(|| {
		produce_block(100, 2);
		System::assert_last_event(
			Event::<Test>::ContributionNoted {
				who: account(2),
				kind: ContributionKind::BlockAuthored,
				amount: BLOCK_POINTS,
				score: BLOCK_POINTS,
			}
			.into(),
		);
		produce_block(106, 2);
		assert_eq!(Poc::score_of(&account(2)), 2 * BLOCK_POINTS - 1, "one block of decay");
		assert_eq!(Poc::score_of(&account(0)), 0);
	});
}

#[test]
fn unknown_authority_index_is_not_credited() {
	ExtBuilder::default().build_and_execute(|| {
		produce_block_by(100, 42, &authority_pair(42));
		assert_eq!(*LastSlot::<Test>::get(), 100, "the rest of the block is still recorded");
		assert!(Contributions::<Test>::iter().next().is_none());
		assert!(System::events().is_empty());
	});
}

// ----------------------------------------------------------------------------------------------
// Randomness

#[test]
fn current_randomness_is_fixed_for_an_epoch() {
	ExtBuilder::default().build_and_execute(|| {
		for n in 1..=EPOCH_LENGTH {
			produce_block(100 + 6 * n, (n % 4) as u32);
			assert_eq!(EpochIndex::<Test>::get(), 0);
			assert_eq!(CurrentRandomness::<Test>::get(), [7u8; 32]);
			assert_eq!(NextRandomness::<Test>::get(), [7u8; 32]);
		}
		let accumulated = AccumulatedRandomness::<Test>::get();
		assert_ne!(accumulated, [7u8; 32], "every block feeds the accumulator");

		// Block 11 starts epoch 1.
		produce_block(200, 0);
		assert_eq!(EpochIndex::<Test>::get(), 1);
		assert_eq!(CurrentRandomness::<Test>::get(), [7u8; 32]);
		let next = NextRandomness::<Test>::get();
		assert_eq!(next, sp_io::hashing::blake2_256(&(accumulated, 1u64).encode()));

		for n in 12..=2 * EPOCH_LENGTH {
			produce_block(200 + 6 * n, (n % 4) as u32);
			assert_eq!(CurrentRandomness::<Test>::get(), [7u8; 32]);
			assert_eq!(NextRandomness::<Test>::get(), next);
		}

		// Block 21 starts epoch 2 with the randomness fixed at block 11.
		produce_block(400, 1);
		assert_eq!(EpochIndex::<Test>::get(), 2);
		assert_eq!(CurrentRandomness::<Test>::get(), next);
	});
}

#[test]
fn next_randomness_is_fixed_one_epoch_ahead() {
	// Two chains share epoch 0 and block 11, then different authors (different VRF outputs) make
	// the rest of epoch 1.
	let run = |author: u32| {
		let mut ext = ExtBuilder::default().build();
		ext.execute_with(|| {
			run_to_block_with_slot(EPOCH_LENGTH + 1, 100, 0);
			let epoch_one_next = NextRandomness::<Test>::get();
			for n in EPOCH_LENGTH + 2..=2 * EPOCH_LENGTH {
				produce_block(100 + 6 * n, author);
				assert_eq!(NextRandomness::<Test>::get(), epoch_one_next);
			}
			let accumulated = AccumulatedRandomness::<Test>::get();
			// Block 21: epoch 2 plays with the randomness fixed at block 11.
			produce_block(1_000, author);
			Poc::do_try_state().expect("invariants hold");
			(
				epoch_one_next,
				accumulated,
				CurrentRandomness::<Test>::get(),
				NextRandomness::<Test>::get(),
			)
		})
	};
	let (next_a, acc_a, current_a, after_a) = run(1);
	let (next_b, acc_b, current_b, after_b) = run(2);
	assert_eq!(next_a, next_b);
	assert_ne!(acc_a, acc_b, "different VRF outputs accumulate differently");
	assert_eq!(current_a, next_a);
	assert_eq!(current_a, current_b, "epoch 2 cannot be ground during epoch 1");
	assert_ne!(after_a, after_b, "epoch 3 depends on epoch 1's VRF outputs");
}

#[test]
fn epoch_entropy_is_mixed_into_the_next_randomness() {
	let run = |entropy: Option<Randomness>| {
		let mut ext = ExtBuilder::default().build();
		ext.execute_with(|| {
			EpochEntropy::set(&entropy);
			run_to_block_with_slot(EPOCH_LENGTH, 100, 0);
			let accumulated = AccumulatedRandomness::<Test>::get();
			// Block EPOCH_LENGTH + 1 starts epoch 1 and fixes the randomness of epoch 2.
			produce_block(1_000, 0);
			(accumulated, NextRandomness::<Test>::get())
		})
	};
	let (accumulated, without) = run(None);
	assert_eq!(without, sp_io::hashing::blake2_256(&(accumulated, 1u64).encode()));
	let (accumulated_with, with) = run(Some([9u8; 32]));
	assert_eq!(accumulated, accumulated_with, "the entropy does not touch the VRF chain");
	assert_eq!(with, sp_io::hashing::blake2_256(&(accumulated, 1u64, [9u8; 32]).encode()));
	let (_, other) = run(Some([8u8; 32]));
	assert_ne!(with, other, "different beacon outputs give different epochs");
	assert_ne!(with, without);
}

#[test]
fn randomness_changes_with_the_vrf_output() {
	let accumulate = |randomness: Randomness| {
		let mut ext = ExtBuilder::default().randomness(randomness).build();
		ext.execute_with(|| {
			produce_block(100, 0);
			AccumulatedRandomness::<Test>::get()
		})
	};
	// Same author and slot, different epoch randomness: different VRF output.
	let a = accumulate([1u8; 32]);
	let b = accumulate([2u8; 32]);
	assert_ne!(a, b);
	ExtBuilder::default().randomness([1u8; 32]).build_and_execute(|| {
		let pre = produce_block(100, 0);
		let expected =
			sp_io::hashing::blake2_256(&([1u8; 32], &pre.vrf_signature.pre_output).encode());
		assert_eq!(AccumulatedRandomness::<Test>::get(), expected);
		assert_eq!(expected, a);
	});
}

#[test]
fn lottery_uses_next_randomness_for_the_first_block_of_an_epoch() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(Poc::lottery().randomness, CurrentRandomness::<Test>::get());
		run_to_block_with_slot(EPOCH_LENGTH + 1, 100, 0);
		// Now block 11; blocks up to 20 are epoch 1.
		NextRandomness::<Test>::put([9u8; 32]);
		run_to_block_with_slot(2 * EPOCH_LENGTH - 1, 1_000, 0);
		assert_eq!(Poc::lottery().randomness, CurrentRandomness::<Test>::get());
		produce_block(2_000, 0);
		assert_eq!(System::block_number(), 2 * EPOCH_LENGTH);
		// Block 21 starts epoch 2.
		assert_eq!(Poc::lottery().randomness, [9u8; 32]);
		assert_ne!(CurrentRandomness::<Test>::get(), [9u8; 32]);
		produce_block(2_010, 0);
		assert_eq!(CurrentRandomness::<Test>::get(), [9u8; 32]);
		assert_eq!(Poc::lottery().randomness, [9u8; 32]);
	});
}

// ----------------------------------------------------------------------------------------------
// Equivocation

#[test]
fn valid_equivocation_report_is_punished() {
	ExtBuilder::default().build_and_execute(|| {
		System::set_block_number(1);
		set_score(account(1), 1_000);
		let proof = equivocation_proof(1, 55);
		let info = report(proof).expect("a valid report is accepted");
		assert_eq!(info.pays_fee, Pays::No);
		assert_eq!(Poc::score_of(&account(1)), 500);
		assert!(ReportedEquivocations::<Test>::contains_key((authority_id(1), Slot::from(55u64))));
		System::assert_last_event(
			Event::<Test>::EquivocationReported {
				offender: account(1),
				slot: Slot::from(55u64),
				penalty: 500,
			}
			.into(),
		);
	});
}

#[test]
fn equivocation_penalty_applies_after_decay() {
	ExtBuilder::default().build_and_execute(|| {
		System::set_block_number(1);
		set_score(account(1), 1_000);
		System::set_block_number(1 + HALF_LIFE);
		assert_ok!(report(equivocation_proof(1, 55)));
		System::assert_last_event(
			Event::<Test>::EquivocationReported {
				offender: account(1),
				slot: Slot::from(55u64),
				penalty: 250,
			}
			.into(),
		);
		assert_eq!(Poc::score_of(&account(1)), 250);
	});
}

#[test]
fn same_report_twice_is_a_duplicate() {
	ExtBuilder::default().build_and_execute(|| {
		System::set_block_number(1);
		set_score(account(1), 1_000);
		assert_ok!(report(equivocation_proof(1, 55)));
		assert_noop!(report(equivocation_proof(1, 55)), Error::<Test>::DuplicateEquivocationReport);
		// Another slot is another offence.
		assert_ok!(report(equivocation_proof(1, 56)));
		assert_eq!(Poc::score_of(&account(1)), 250);
	});
}

#[test]
fn invalid_equivocation_proofs_are_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		System::set_block_number(1);
		let pair = authority_pair(1);

		// The same header twice.
		let header = sealed_header(&pair, 1, 55, 1, 1);
		let mut proof = equivocation_proof(1, 55);
		proof.first_header = header.clone();
		proof.second_header = header;
		assert_noop!(report(proof), Error::<Test>::InvalidEquivocationProof);

		// Headers for different slots.
		let mut proof = equivocation_proof(1, 55);
		proof.second_header = sealed_header(&pair, 1, 56, 1, 2);
		assert_noop!(report(proof), Error::<Test>::InvalidEquivocationProof);

		// The proof's slot is not the headers' slot.
		let mut proof = equivocation_proof(1, 55);
		proof.slot = Slot::from(54u64);
		assert_noop!(report(proof), Error::<Test>::InvalidEquivocationProof);

		// The second header is sealed by somebody else.
		let mut proof = equivocation_proof(1, 55);
		proof.second_header = sealed_header(&authority_pair(2), 1, 55, 1, 2);
		assert_noop!(report(proof), Error::<Test>::InvalidEquivocationProof);

		// A seal over different contents: tamper with a sealed header.
		let mut proof = equivocation_proof(1, 55);
		proof.second_header.state_root = H256::repeat_byte(0xaa);
		assert_noop!(report(proof), Error::<Test>::InvalidEquivocationProof);

		// No seal at all.
		let mut proof = equivocation_proof(1, 55);
		proof.second_header.digest_mut().pop();
		assert_noop!(report(proof), Error::<Test>::InvalidEquivocationProof);

		// The offender named in the proof is not the one who sealed.
		let mut proof = equivocation_proof(1, 55);
		proof.offender = authority_id(2);
		assert_noop!(report(proof), Error::<Test>::InvalidEquivocationProof);
	});
}

#[test]
fn equivocation_by_a_non_authority_is_unknown() {
	ExtBuilder::default().build_and_execute(|| {
		System::set_block_number(1);
		assert_noop!(report(equivocation_proof(50, 55)), Error::<Test>::UnknownOffender);
	});
}

#[test]
fn equivocation_report_must_be_unsigned() {
	ExtBuilder::default().build_and_execute(|| {
		System::set_block_number(1);
		assert_noop!(
			Poc::report_equivocation_unsigned(
				RuntimeOrigin::signed(1),
				Box::new(equivocation_proof(1, 55))
			),
			BadOrigin
		);
	});
}

#[test]
#[allow(deprecated)]
fn validate_unsigned_accepts_only_local_valid_reports() {
	ExtBuilder::default().build_and_execute(|| {
		System::set_block_number(1);
		let call = Call::<Test>::report_equivocation_unsigned {
			proof: Box::new(equivocation_proof(1, 55)),
		};

		assert_eq!(
			<Poc as ValidateUnsigned>::validate_unsigned(TransactionSource::External, &call),
			InvalidTransaction::Call.into()
		);

		let valid = <Poc as ValidateUnsigned>::validate_unsigned(TransactionSource::Local, &call)
			.expect("a local, valid report is accepted");
		assert_eq!(valid.priority, TransactionPriority::MAX);
		assert_eq!(valid.provides.len(), 1);
		assert!(valid.requires.is_empty());
		assert_eq!(valid.longevity, EQUIVOCATION_REPORT_LONGEVITY);
		assert!(!valid.propagate);
		assert!(
			<Poc as ValidateUnsigned>::validate_unsigned(TransactionSource::InBlock, &call).is_ok()
		);
		assert_ok!(<Poc as ValidateUnsigned>::pre_dispatch(&call));

		// An invalid proof is rejected at validation.
		let mut bad = equivocation_proof(1, 55);
		bad.slot = Slot::from(54u64);
		let bad_call = Call::<Test>::report_equivocation_unsigned { proof: Box::new(bad) };
		assert_eq!(
			<Poc as ValidateUnsigned>::validate_unsigned(TransactionSource::Local, &bad_call),
			InvalidTransaction::BadProof.into()
		);

		// A non-authority.
		let stranger = Call::<Test>::report_equivocation_unsigned {
			proof: Box::new(equivocation_proof(50, 55)),
		};
		assert_eq!(
			<Poc as ValidateUnsigned>::validate_unsigned(TransactionSource::Local, &stranger),
			InvalidTransaction::BadSigner.into()
		);

		// Once punished, the report is stale.
		assert_ok!(report(equivocation_proof(1, 55)));
		assert_eq!(
			<Poc as ValidateUnsigned>::validate_unsigned(TransactionSource::Local, &call),
			InvalidTransaction::Stale.into()
		);
		assert_eq!(
			<Poc as ValidateUnsigned>::pre_dispatch(&call),
			Err(InvalidTransaction::Stale.into())
		);

		// Other calls are not unsigned.
		let other = Call::<Test>::set_weight_bounds { floor: 1, cap: Perbill::one() };
		assert_eq!(
			<Poc as ValidateUnsigned>::validate_unsigned(TransactionSource::Local, &other),
			InvalidTransaction::Call.into()
		);
	});
}

#[test]
fn equivocation_report_is_submitted_to_the_pool() {
	let mut ext = ExtBuilder::default().build();
	let (pool, state) = TestTransactionPoolExt::new();
	ext.register_extension(TransactionPoolExt::new(pool));
	ext.execute_with(|| {
		let proof = equivocation_proof(1, 55);
		assert_eq!(Poc::submit_unsigned_equivocation_report(proof.clone()), Some(()));
		let transactions = state.read().transactions.clone();
		assert_eq!(transactions.len(), 1);
		let xt =
			Extrinsic::decode(&mut &transactions[0][..]).expect("the pool holds our extrinsic");
		assert_eq!(
			xt.function,
			RuntimeCall::Poc(Call::report_equivocation_unsigned { proof: Box::new(proof) })
		);
		Poc::do_try_state().expect("invariants hold");
	});
}

// ----------------------------------------------------------------------------------------------
// Root calls, status, weights

#[test]
fn set_weight_bounds_is_root_only_and_checked() {
	ExtBuilder::default().build_and_execute(|| {
		System::set_block_number(1);
		assert_noop!(
			Poc::set_weight_bounds(RuntimeOrigin::signed(1), 5, Perbill::from_percent(10)),
			BadOrigin
		);
		assert_noop!(
			Poc::set_weight_bounds(RuntimeOrigin::none(), 5, Perbill::from_percent(10)),
			BadOrigin
		);
		assert_noop!(
			Poc::set_weight_bounds(RuntimeOrigin::root(), 0, Perbill::from_percent(10)),
			Error::<Test>::ZeroWeightFloor
		);
		assert_noop!(
			Poc::set_weight_bounds(RuntimeOrigin::root(), 5, Perbill::zero()),
			Error::<Test>::ZeroWeightCap
		);
		assert_ok!(Poc::set_weight_bounds(RuntimeOrigin::root(), 5, Perbill::from_percent(10)));
		assert_eq!(
			WeightBounds::<Test>::get(),
			LotteryWeightBounds { floor: 5, cap: Perbill::from_percent(10) }
		);
		System::assert_last_event(
			Event::<Test>::WeightBoundsSet { floor: 5, cap: Perbill::from_percent(10) }.into(),
		);
	});
}

#[test]
fn status_reports_the_lottery_state() {
	ExtBuilder::default().build_and_execute(|| {
		let status = Poc::status();
		assert_eq!(status.mean_block_time_ms, 6_000);
		assert_eq!(status.window_len, 201);
		assert_eq!(status.epoch_index, 0);

		produce_block(100, 3);
		produce_block(130, 3);
		set_score(account(0), 1_000);
		let status = Poc::status();
		assert_eq!(*status.slot, 130);
		assert_eq!(status.difficulty, Difficulty::<Test>::get());
		// Gaps: 199 × 6 (genesis) + 6 (block 1) + 30 (block 2) over 201 blocks, in ms.
		assert_eq!(status.mean_block_time_ms, (200 * 6 + 30) * 1_000 / 201);
		assert_eq!(status.window_len, 201);
		assert_eq!(status.target_block_time_ms, 6_000);
		assert_eq!(status.slot_duration_ms, 1_000);
		assert_eq!(Poc::slot_duration().as_millis(), 1_000);
		assert_eq!(status.epoch_index, 0);
		assert_eq!(status.weight_floor, 10);
		assert_eq!(status.weight_cap, Perbill::from_percent(40));
		assert_eq!(status.authorities.len(), 4);
		assert_eq!(status.authorities[0].account, account(0));
		assert_eq!(status.authorities[0].authority, authority_id(0));
		assert_eq!(status.authorities[0].score, 1_000);
		assert_eq!(status.authorities[3].score, 2 * BLOCK_POINTS - 1);
		assert_eq!(status.authorities, Poc::authority_weights());
	});
}

#[test]
fn dispatch_weights_come_from_weight_info() {
	ExtBuilder::default().build_and_execute(|| {
		let call = Call::<Test>::set_weight_bounds { floor: 1, cap: Perbill::one() };
		assert_eq!(call.get_dispatch_info().call_weight, <() as WeightInfo>::set_weight_bounds());
		let call = Call::<Test>::report_equivocation_unsigned {
			proof: Box::new(equivocation_proof(1, 55)),
		};
		assert_eq!(
			call.get_dispatch_info().call_weight,
			<() as WeightInfo>::report_equivocation_unsigned()
		);

		// on_initialize returns the benchmarked weight for the authority count.
		let pre = pre_digest(&authority_pair(0), 0, 100, &Poc::lottery().randomness);
		System::initialize(
			&1,
			&H256::zero(),
			&Digest { logs: vec![DigestItem::poc_pre_digest(&pre)] },
		);
		assert_eq!(
			<Poc as Hooks<u64>>::on_initialize(1),
			<() as WeightInfo>::on_initialize_block(4)
		);
	});
}

#[test]
fn try_state_catches_broken_invariants() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Poc::do_try_state());

		Difficulty::<Test>::put(Perbill::from_percent(60));
		assert!(Poc::do_try_state().is_err());
		Difficulty::<Test>::put(genesis_difficulty());

		Window::<Test>::mutate(|w| {
			if let Some(e) = w.get_mut(0) {
				e.gap = 0;
			}
		});
		assert!(Poc::do_try_state().is_err());
		Window::<Test>::mutate(|w| {
			if let Some(e) = w.get_mut(0) {
				e.gap = 6;
			}
		});

		WeightBounds::<Test>::put(LotteryWeightBounds { floor: 0, cap: Perbill::one() });
		assert!(Poc::do_try_state().is_err());
		WeightBounds::<Test>::put(LotteryWeightBounds { floor: 1, cap: Perbill::one() });

		Contributions::<Test>::insert(1, ContributionRecord { score: 1, updated_at: 5 });
		assert!(Poc::do_try_state().is_err());
		Contributions::<Test>::remove(1);

		assert_ok!(Poc::do_try_state());
	});
}
