//! Tests of the entropy beacon pallet. Keys come from fixed seeds and the test TSU is a fixed
//! stream; nothing depends on time or chance.

use crate::{mock::*, offchain::local_round_key, *};
use frame_support::{
	assert_noop, assert_ok,
	dispatch::GetDispatchInfo,
	traits::{Hooks, Randomness as _},
	weights::Weight,
};
use polkadot_sdk::{
	sp_core::{offchain::StorageKind, Pair as _},
	sp_keystore::Keystore,
};
#[allow(deprecated)]
use sp_runtime::traits::ValidateUnsigned;
use sp_runtime::{
	traits::{BadOrigin, BlakeTwo256, Hash as _},
	BuildStorage,
};

/// Dispatch `call` directly (no `pre_dispatch`), as `assert_noop!` needs.
fn dispatch(call: Call<Test>) -> sp_runtime::DispatchResult {
	use frame_support::traits::UnfilteredDispatchable;
	call.dispatch_bypass_filter(RuntimeOrigin::none()).map(|_| ()).map_err(|e| e.error)
}

#[allow(deprecated)]
fn validate(call: &Call<Test>) -> TransactionValidity {
	<Entropy as ValidateUnsigned>::validate_unsigned(TransactionSource::External, call)
}

fn custom(error: Error<Test>) -> TransactionValidity {
	InvalidTransaction::Custom(Entropy::error_index(&error)).into()
}

/// The beacon events emitted so far.
fn entropy_events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Entropy(event) => Some(event),
			_ => None,
		})
		.collect()
}

/// The output of `round` computed here, independently of [`beacon_output`].
fn expected_output(round: Round, randomness: [u8; 32], reveals: &[EntropyValue]) -> BeaconOutput {
	let mut input = Vec::new();
	// SCALE of a byte slice: compact length, then the bytes.
	input.push((b"aether/entropy/beacon".len() as u8) << 2);
	input.extend_from_slice(b"aether/entropy/beacon");
	input.extend_from_slice(&round.to_le_bytes());
	input.extend_from_slice(&randomness);
	input.push((reveals.len() as u8) << 2);
	for reveal in reveals {
		input.extend_from_slice(reveal);
	}
	sp_io::hashing::blake2_256(&input)
}

fn standing(i: u32) -> AuthorityStanding {
	Standing::<Test>::get(account(i))
}

// ----------------------------------------------------------------------------------------------
// Genesis, configuration, rounds, sessions

#[test]
fn authorities_come_from_the_session_or_the_genesis_config() {
	ExtBuilder::default().build_and_execute(|| {
		let expected: Vec<_> = (0..3).map(|i| (account(i), authority_id(i))).collect();
		assert_eq!(Authorities::<Test>::get().into_inner(), expected);
	});
	ExtBuilder::default().authorities(4).via_genesis().build_and_execute(|| {
		let expected: Vec<_> = (0..4).map(|i| (account(i), authority_id(i))).collect();
		assert_eq!(Authorities::<Test>::get().into_inner(), expected);
	});
}

#[test]
#[should_panic(expected = "distinct keys")]
fn genesis_rejects_duplicate_keys() {
	let _ = crate::GenesisConfig::<Test> {
		authorities: vec![(1, authority_id(0)), (2, authority_id(0))],
	}
	.build_storage();
}

#[test]
fn integrity_test_accepts_the_mock_config() {
	new_test_ext().execute_with(|| {
		<Entropy as Hooks<u64>>::integrity_test();
	});
}

#[test]
fn rounds_and_phases_follow_the_block_number() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(Entropy::round_of(0), 0);
		assert_eq!(Entropy::round_of(9), 0);
		assert_eq!(Entropy::round_of(10), 1);
		assert_eq!(Entropy::round_of(25), 2);
		for n in 10..15 {
			assert_eq!(Entropy::phase_of(n), Phase::Commit);
		}
		for n in 15..20 {
			assert_eq!(Entropy::phase_of(n), Phase::Reveal);
		}
		assert!(Entropy::starts_round(20));
		assert!(!Entropy::starts_round(21));
		assert_eq!(Entropy::round_start(3), 30);
		run_to_block(17);
		assert_eq!(Entropy::current_round(), 1);
		assert_eq!(Entropy::current_phase(), Phase::Reveal);
	});
}

#[test]
fn a_new_authority_set_waits_for_the_next_round() {
	ExtBuilder::default().build_and_execute(|| {
		run_to_block(3);
		let accounts: Vec<u64> = (3..5).map(account).collect();
		let keys: Vec<EntropyAuthorityId> = (3..5).map(authority_id).collect();
		<Entropy as OneSessionHandler<u64>>::on_new_session(
			true,
			accounts.iter().zip(keys.clone()),
			accounts.iter().zip(keys.clone()),
		);
		// Round 0 keeps its set: indices keep their meaning within a round.
		assert_eq!(Authorities::<Test>::get().len(), 3);
		assert_eq!(PendingAuthorities::<Test>::get().map(|set| set.len()), Some(2));
		apply(commit_call(2, 0)).expect("index 2 is still an authority in round 0");

		run_to_block(10);
		let expected = vec![(account(3), authority_id(3)), (account(4), authority_id(4))];
		assert_eq!(Authorities::<Test>::get().into_inner(), expected);
		assert_eq!(PendingAuthorities::<Test>::get(), None);
		System::assert_has_event(Event::<Test>::AuthoritiesChanged { round: 1, count: 2 }.into());

		// The same set again leaves nothing pending.
		<Entropy as OneSessionHandler<u64>>::on_new_session(
			false,
			accounts.iter().zip(keys.clone()),
			accounts.iter().zip(keys),
		);
		assert_eq!(PendingAuthorities::<Test>::get(), None);

		// Nine validators, MaxAuthorities 8: the last is dropped.
		let accounts: Vec<u64> = (0..9).map(account).collect();
		let keys: Vec<EntropyAuthorityId> = (0..9).map(authority_id).collect();
		<Entropy as OneSessionHandler<u64>>::on_new_session(
			true,
			accounts.iter().zip(keys.clone()),
			accounts.iter().zip(keys),
		);
		let pending = PendingAuthorities::<Test>::get().expect("a new set is pending");
		assert_eq!(pending.len(), 8);
		assert_eq!(pending.last(), Some(&(account(7), authority_id(7))));
	});
}

// ----------------------------------------------------------------------------------------------
// Bad input: every named error, and no state change

#[test]
fn commit_errors() {
	ExtBuilder::default().build_and_execute(|| {
		run_to_block(11);
		// Not an authority: index 3 of 3 (signed by a key that exists, but not in the set).
		assert_noop!(dispatch(commit_call(3, 1)), Error::<Test>::NotAnAuthority);
		// Not the current round, either way.
		assert_noop!(dispatch(commit_call(0, 0)), Error::<Test>::WrongRound);
		assert_noop!(dispatch(commit_call(0, 2)), Error::<Test>::WrongRound);
		// Twice.
		assert_ok!(dispatch(commit_call(0, 1)));
		assert_noop!(dispatch(commit_call(0, 1)), Error::<Test>::DuplicateCommitment);
		// In the reveal phase.
		run_to_block(15);
		assert_noop!(dispatch(commit_call(1, 1)), Error::<Test>::CommitOutsideCommitPhase);
	});
}

#[test]
fn reveal_errors() {
	ExtBuilder::default().build_and_execute(|| {
		run_to_block(11);
		assert_ok!(dispatch(commit_call(0, 1)));
		assert_ok!(dispatch(commit_call(1, 1)));
		// Commit phase.
		assert_noop!(dispatch(reveal_call(0, 1)), Error::<Test>::RevealOutsideRevealPhase);

		run_to_block(16);
		// Not an authority.
		assert_noop!(dispatch(reveal_call(3, 1)), Error::<Test>::NotAnAuthority);
		// No commitment.
		assert_noop!(dispatch(reveal_call(2, 1)), Error::<Test>::NoCommitment);
		// Not the value committed to.
		assert_noop!(dispatch(reveal_call_of(0, 1, value_of(0, 2))), Error::<Test>::RevealMismatch);
		// A value committed to by someone else does not open this commitment either.
		assert_noop!(dispatch(reveal_call_of(0, 1, value_of(1, 1))), Error::<Test>::RevealMismatch);
		// A future round.
		assert_noop!(dispatch(reveal_call(0, 2)), Error::<Test>::WrongRound);
		// Twice.
		assert_ok!(dispatch(reveal_call(0, 1)));
		assert_noop!(dispatch(reveal_call(0, 1)), Error::<Test>::DuplicateReveal);

		// After the round ended.
		run_to_block(20);
		assert_noop!(dispatch(reveal_call(1, 1)), Error::<Test>::LateReveal);
	});
}

#[test]
fn health_report_errors() {
	ExtBuilder::default().build_and_execute(|| {
		run_to_block(12);
		for failure in [TsuError::Unavailable, TsuError::RequestTooLarge, TsuError::SourceFailure] {
			assert_noop!(dispatch(report_call(0, 1, failure)), Error::<Test>::NotAHealthFailure);
		}
		assert_noop!(
			dispatch(report_call(3, 1, TsuError::Periodicity)),
			Error::<Test>::NotAnAuthority
		);
		assert_noop!(dispatch(report_call(0, 0, TsuError::Periodicity)), Error::<Test>::WrongRound);
		assert_noop!(dispatch(report_call(0, 2, TsuError::Periodicity)), Error::<Test>::WrongRound);
		assert_ok!(dispatch(report_call(0, 1, TsuError::Periodicity)));
		assert_noop!(
			dispatch(report_call(0, 1, TsuError::RepetitionCount)),
			Error::<Test>::DuplicateReport
		);
	});
}

#[test]
fn calls_must_be_unsigned() {
	ExtBuilder::default().build_and_execute(|| {
		run_to_block(1);
		let Call::commit { payload, signature } = commit_call(0, 0) else { unreachable!() };
		assert_noop!(
			Entropy::commit(RuntimeOrigin::signed(1), payload, signature.clone()),
			BadOrigin
		);
		assert_noop!(Entropy::commit(RuntimeOrigin::root(), payload, signature), BadOrigin);
		let Call::report_health_failure { payload, signature } =
			report_call(0, 0, TsuError::Periodicity)
		else {
			unreachable!()
		};
		assert_noop!(
			Entropy::report_health_failure(RuntimeOrigin::signed(1), payload, signature),
			BadOrigin
		);
		run_to_block(5);
		let Call::reveal { payload, signature } = reveal_call(0, 0) else { unreachable!() };
		assert_noop!(Entropy::reveal(RuntimeOrigin::signed(1), payload, signature), BadOrigin);
	});
}

// ----------------------------------------------------------------------------------------------
// ValidateUnsigned

#[test]
fn valid_transactions_carry_tags_priority_and_longevity() {
	ExtBuilder::default().build_and_execute(|| {
		run_to_block(12);
		let valid = validate(&commit_call(1, 1)).expect("a signed commit is valid");
		assert_eq!(valid.priority, PRIORITY);
		assert_eq!(valid.provides, vec![(TAG_PREFIX, (b"commit".as_slice(), 1u32, 1u32)).encode()]);
		assert!(valid.requires.is_empty());
		// Blocks 12, 13 and 14 are left in the commit phase.
		assert_eq!(valid.longevity, 3);
		assert!(valid.propagate);

		let valid = validate(&report_call(1, 1, TsuError::AdaptiveProportion))
			.expect("a signed report is valid");
		// Health reports live until the end of the round: blocks 12 to 19.
		assert_eq!(valid.longevity, 8);
		assert_eq!(valid.provides, vec![(TAG_PREFIX, (b"health".as_slice(), 1u32, 1u32)).encode()]);

		apply(commit_call(1, 1)).expect("the commitment is accepted");
		run_to_block(18);
		let valid = validate(&reveal_call(1, 1)).expect("a signed reveal is valid");
		assert_eq!(valid.longevity, 2);
		assert_eq!(valid.provides, vec![(TAG_PREFIX, (b"reveal".as_slice(), 1u32, 1u32)).encode()]);
	});
}

#[test]
fn bad_signatures_are_bad_proofs() {
	ExtBuilder::default().build_and_execute(|| {
		run_to_block(1);
		// A signature over another payload.
		let Call::commit { payload, .. } = commit_call(0, 0) else { unreachable!() };
		let Call::commit { signature: other, .. } = commit_call(0, 1) else { unreachable!() };
		assert_eq!(
			validate(&Call::commit { payload, signature: other }),
			InvalidTransaction::BadProof.into()
		);
		// Authority 1 signing authority 0's payload.
		let forged = Call::commit { payload, signature: authority_pair(1).sign(&payload.encode()) };
		assert_eq!(validate(&forged), InvalidTransaction::BadProof.into());
		// Inside a block, pre_dispatch refuses it too.
		assert!(apply(forged).is_err());
		assert!(Commitments::<Test>::iter().next().is_none());

		let payload =
			HealthPayload { round: 0, authority_index: 2, failure: TsuError::Periodicity };
		let forged = Call::report_health_failure {
			payload,
			signature: authority_pair(0).sign(&payload.encode()),
		};
		assert_eq!(validate(&forged), InvalidTransaction::BadProof.into());

		apply(commit_call(2, 0)).expect("the commitment is accepted");
		run_to_block(5);
		let payload = RevealPayload { round: 0, authority_index: 2, value: value_of(2, 0) };
		let forged = Call::reveal { payload, signature: authority_pair(0).sign(&payload.encode()) };
		assert_eq!(validate(&forged), InvalidTransaction::BadProof.into());
		assert_ok!(validate(&reveal_call(2, 0)));
	});
}

#[test]
fn past_rounds_are_stale_and_future_ones_future() {
	ExtBuilder::default().build_and_execute(|| {
		run_to_block(11);
		apply(commit_call(0, 1)).expect("the commitment is accepted");
		assert_eq!(validate(&commit_call(1, 0)), InvalidTransaction::Stale.into());
		assert_eq!(validate(&commit_call(1, 2)), InvalidTransaction::Future.into());
		assert_eq!(validate(&reveal_call(0, 1)), InvalidTransaction::Future.into());
		assert_eq!(validate(&reveal_call(0, 2)), InvalidTransaction::Future.into());
		assert_eq!(
			validate(&report_call(0, 0, TsuError::Periodicity)),
			InvalidTransaction::Stale.into()
		);
		assert_eq!(
			validate(&report_call(0, 2, TsuError::Periodicity)),
			InvalidTransaction::Future.into()
		);

		run_to_block(15);
		// The commit phase has passed.
		assert_eq!(validate(&commit_call(1, 1)), InvalidTransaction::Stale.into());

		run_to_block(20);
		// The round of the reveal has ended.
		assert_eq!(validate(&reveal_call(0, 1)), InvalidTransaction::Stale.into());
	});
}

#[test]
fn other_broken_rules_are_custom_errors() {
	ExtBuilder::default().build_and_execute(|| {
		run_to_block(1);
		assert_eq!(validate(&commit_call(3, 0)), custom(Error::<Test>::NotAnAuthority));
		apply(commit_call(0, 0)).expect("the commitment is accepted");
		assert_eq!(validate(&commit_call(0, 0)), custom(Error::<Test>::DuplicateCommitment));
		assert_eq!(
			validate(&report_call(0, 0, TsuError::SourceFailure)),
			custom(Error::<Test>::NotAHealthFailure)
		);
		apply(report_call(0, 0, TsuError::Periodicity)).expect("the report is accepted");
		assert_eq!(
			validate(&report_call(0, 0, TsuError::Periodicity)),
			custom(Error::<Test>::DuplicateReport)
		);

		run_to_block(5);
		assert_eq!(validate(&reveal_call(1, 0)), custom(Error::<Test>::NoCommitment));
		assert_eq!(
			validate(&reveal_call_of(0, 0, [0u8; 32])),
			custom(Error::<Test>::RevealMismatch)
		);
		apply(reveal_call(0, 0)).expect("the reveal is accepted");
		assert_eq!(validate(&reveal_call(0, 0)), custom(Error::<Test>::DuplicateReveal));
		// The codes are the indices of the error variants.
		assert_eq!(Entropy::error_index(&Error::<Test>::NotAnAuthority), 0);
		assert_eq!(Entropy::error_index(&Error::<Test>::DuplicateReport), 10);
	});
}

// ----------------------------------------------------------------------------------------------
// The beacon

#[test]
fn three_reveals_make_the_expected_output() {
	ExtBuilder::default().build_and_execute(|| {
		play_round(0, &[0, 1, 2], &[0, 1, 2]);
		let reveals = [value_of(0, 0), value_of(1, 0), value_of(2, 0)];
		let output = expected_output(0, [9u8; 32], &reveals);
		assert_eq!(output, beacon_output(0, &[9u8; 32], &reveals));

		assert_eq!(Latest::<Test>::get(), Some((0, output, 3, 10)));
		assert_eq!(Outputs::<Test>::get(0), Some((output, 3)));
		assert_eq!(Entropy::latest_output(), Some(output));
		System::assert_has_event(
			Event::<Test>::BeaconUpdated { round: 0, output, contributors: 3 }.into(),
		);
		for i in 0..3 {
			System::assert_has_event(
				Event::<Test>::Committed {
					round: 0,
					who: account(i),
					commitment: commitment_of(0, &authority_id(i), &value_of(i, 0)),
				}
				.into(),
			);
			System::assert_has_event(
				Event::<Test>::Revealed { round: 0, who: account(i), value: value_of(i, 0) }.into(),
			);
			assert_eq!(Ledger::credited(account(i)), REVEAL_POINTS);
			assert_eq!(standing(i), AuthorityStanding::default());
		}
		assert!(Ledger::calls().iter().all(|call| matches!(
			call,
			LedgerCall::Credited(_, ContributionKind::EntropyReveal, REVEAL_POINTS)
		)));
		assert!(!entropy_events().iter().any(|e| matches!(e, Event::RevealMissed { .. })));
		// The round's data is gone.
		assert!(Commitments::<Test>::iter().next().is_none());
		assert!(Reveals::<Test>::iter().next().is_none());
	});
}

#[test]
fn the_output_moves_without_reveals_through_the_block_randomness() {
	ExtBuilder::default().build_and_execute(|| {
		play_round(0, &[], &[]);
		let first = expected_output(0, [9u8; 32], &[]);
		assert_eq!(Latest::<Test>::get(), Some((0, first, 0, 10)));
		System::assert_has_event(
			Event::<Test>::BeaconUpdated { round: 0, output: first, contributors: 0 }.into(),
		);

		BlockRandomness::set(&[3u8; 32]);
		play_round(1, &[], &[]);
		let second = expected_output(1, [3u8; 32], &[]);
		assert_ne!(first, second);
		assert_eq!(Latest::<Test>::get(), Some((1, second, 0, 20)));
	});
}

#[test]
fn only_revealed_values_are_mixed_in_index_order() {
	ExtBuilder::default().authorities(4).build_and_execute(|| {
		// Authority 1 commits but does not reveal; authority 3 does not commit.
		play_round(0, &[2, 0, 1], &[2, 0]);
		let output = expected_output(0, [9u8; 32], &[value_of(0, 0), value_of(2, 0)]);
		assert_eq!(Latest::<Test>::get(), Some((0, output, 2, 10)));
		System::assert_has_event(Event::<Test>::RevealMissed { round: 0, who: account(1) }.into());
		System::assert_has_event(Event::<Test>::RevealMissed { round: 0, who: account(3) }.into());
		assert_eq!(standing(1), AuthorityStanding { strikes: 1, clean_rounds: 0, isolated: false });
		assert_eq!(standing(3), AuthorityStanding { strikes: 1, clean_rounds: 0, isolated: false });
		assert_eq!(Standing::<Test>::iter().count(), 2);
		assert_eq!(Ledger::credited(account(1)), 0);
	});
}

#[test]
fn a_health_report_makes_the_round_bad_even_with_a_reveal() {
	ExtBuilder::default().build_and_execute(|| {
		run_to_block(2);
		apply(report_call(1, 0, TsuError::RepetitionCount)).expect("the report is accepted");
		System::assert_last_event(
			Event::<Test>::HealthFailureReported {
				round: 0,
				who: account(1),
				failure: TsuError::RepetitionCount,
			}
			.into(),
		);
		assert_eq!(HealthReports::<Test>::get(0, 1), Some(TsuError::RepetitionCount));
		play_round(0, &[0, 1, 2], &[0, 1, 2]);
		// Its value was drawn before the failure and still counts.
		assert_eq!(Latest::<Test>::get().map(|l| l.2), Some(3));
		assert_eq!(standing(1).strikes, 1);
		assert!(!entropy_events().iter().any(|e| matches!(e, Event::RevealMissed { .. })));
		assert!(HealthReports::<Test>::iter().next().is_none());
	});
}

#[test]
fn a_clean_round_wipes_the_strikes() {
	ExtBuilder::default().build_and_execute(|| {
		// Authority 2 fails every other round: it is never isolated.
		for round in 0..8u32 {
			if round.is_multiple_of(2) {
				play_round(round, &[0, 1, 2], &[0, 1]);
				assert_eq!(standing(2).strikes, 1);
			} else {
				play_round(round, &[0, 1, 2], &[0, 1, 2]);
				assert_eq!(standing(2), AuthorityStanding::default());
			}
		}
		assert!(!Ledger::calls().iter().any(|c| matches!(c, LedgerCall::Suspended(_))));
	});
}

#[test]
fn max_strikes_isolate_and_recovery_rounds_restore() {
	ExtBuilder::default().build_and_execute(|| {
		// Rounds 0..3: authority 2 commits but never reveals.
		for round in 0..MAX_STRIKES {
			play_round(round, &[0, 1, 2], &[0, 1]);
		}
		let isolated_at = MAX_STRIKES - 1;
		assert_eq!(
			standing(2),
			AuthorityStanding { strikes: MAX_STRIKES, clean_rounds: 0, isolated: true }
		);
		System::assert_has_event(
			Event::<Test>::AuthorityIsolated { who: account(2), round: isolated_at }.into(),
		);
		assert_eq!(
			Ledger::calls().iter().filter(|c| **c == LedgerCall::Suspended(account(2))).count(),
			1
		);
		assert!(<Ledger as ContributionSuspension<u64>>::is_suspended(&account(2)));

		// Isolated, it keeps committing and revealing: not mixed in, not credited.
		let credited = Ledger::credited(account(2));
		let round = MAX_STRIKES;
		play_round(round, &[0, 1, 2], &[0, 1, 2]);
		let output = expected_output(round, [9u8; 32], &[value_of(0, round), value_of(1, round)]);
		assert_eq!(Latest::<Test>::get().map(|l| (l.1, l.2)), Some((output, 2)));
		assert_eq!(Ledger::credited(account(2)), credited);
		assert_eq!(standing(2), AuthorityStanding { strikes: 0, clean_rounds: 1, isolated: true });

		// A bad round restarts the recovery.
		play_round(round + 1, &[0, 1, 2], &[0, 1]);
		assert_eq!(standing(2), AuthorityStanding { strikes: 1, clean_rounds: 0, isolated: true });

		// RecoveryRounds clean rounds restore it.
		let first_clean = round + 2;
		for r in first_clean..first_clean + RECOVERY_ROUNDS {
			play_round(r, &[0, 1, 2], &[0, 1, 2]);
		}
		let restored_at = first_clean + RECOVERY_ROUNDS - 1;
		System::assert_has_event(
			Event::<Test>::AuthorityRestored { who: account(2), round: restored_at }.into(),
		);
		assert_eq!(Ledger::calls().last(), Some(&LedgerCall::Resumed(account(2))));
		assert!(!<Ledger as ContributionSuspension<u64>>::is_suspended(&account(2)));
		assert_eq!(standing(2), AuthorityStanding::default());
		assert!(!Standing::<Test>::contains_key(account(2)));
		// Still isolated during its restoring round: that round's reveal was not mixed in.
		assert_eq!(Latest::<Test>::get().map(|l| l.2), Some(2));

		// Restored: mixed in and credited again.
		let r = restored_at + 1;
		play_round(r, &[0, 1, 2], &[0, 1, 2]);
		assert_eq!(Latest::<Test>::get().map(|l| l.2), Some(3));
		assert_eq!(Ledger::credited(account(2)), credited + REVEAL_POINTS);
	});
}

#[test]
fn randomness_follows_the_output_and_the_subject() {
	ExtBuilder::default().build_and_execute(|| {
		run_to_block(3);
		// Before the first output: the block randomness, known from the parent block.
		let (early, known) = Entropy::random(b"dice");
		assert_eq!(early, BlakeTwo256::hash_of(&(b"dice".as_slice(), [9u8; 32])));
		assert_eq!(known, 2);

		play_round(0, &[0, 1, 2], &[0, 1, 2]);
		let output = Entropy::latest_output().expect("round 0 finished");
		let (first, known) = Entropy::random(b"dice");
		assert_eq!(first, BlakeTwo256::hash_of(&(b"dice".as_slice(), output)));
		assert_eq!(known, 10);
		assert_ne!(first, early);
		assert_ne!(Entropy::random(b"coin").0, first);
		assert_eq!(Entropy::random_seed().0, BlakeTwo256::hash_of(&(b"".as_slice(), output)));

		run_to_block(12);
		assert_eq!(Entropy::random(b"dice"), (first, 10));
		play_round(1, &[0], &[0]);
		let (second, known) = Entropy::random(b"dice");
		assert_ne!(second, first);
		assert_eq!(known, 20);
	});
}

#[test]
fn pruning_keeps_history_depth_outputs() {
	ExtBuilder::default().build_and_execute(|| {
		let rounds = HISTORY_DEPTH + 3;
		for round in 0..rounds {
			play_round(round, &[0, 1, 2], &[0, 1]);
			// Authority 2's commitment was never opened, and is gone with the round.
			assert!(Commitments::<Test>::iter().next().is_none());
			Entropy::do_try_state().expect("invariants hold after every round");
		}
		let kept: Vec<Round> = {
			let mut kept: Vec<Round> = Outputs::<Test>::iter_keys().collect();
			kept.sort();
			kept
		};
		assert_eq!(kept, ((rounds - HISTORY_DEPTH)..rounds).collect::<Vec<_>>());
		assert_eq!(Latest::<Test>::get().map(|l| l.0), Some(rounds - 1));

		// Entries of the current round stay until it is finalised.
		run_to_block(u64::from(rounds) * ROUND_LENGTH + 1);
		apply(commit_call(0, rounds)).expect("the commitment is accepted");
		assert_eq!(Commitments::<Test>::iter().count(), 1);
	});
}

#[test]
fn beacon_status_reports_round_output_and_standing() {
	ExtBuilder::default().build_and_execute(|| {
		let status = Entropy::beacon_status();
		assert_eq!(status.round, 0);
		assert_eq!(status.round_length, ROUND_LENGTH as u32);
		assert_eq!(status.latest, None);
		assert_eq!(status.authorities.len(), 3);

		play_round(0, &[0, 1], &[0, 1]);
		let status = Entropy::beacon_status();
		assert_eq!(status.round, 1);
		let (_, output, contributors, _) = Latest::<Test>::get().expect("round 0 finished");
		assert_eq!(status.latest, Some((0, output, contributors)));
		assert_eq!(
			status.authorities,
			vec![
				(account(0), authority_id(0), 0, false),
				(account(1), authority_id(1), 0, false),
				(account(2), authority_id(2), 1, false),
			]
		);
	});
}

#[test]
fn dispatch_weights_come_from_weight_info() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(commit_call(0, 0).get_dispatch_info().call_weight, <() as WeightInfo>::commit());
		assert_eq!(reveal_call(0, 0).get_dispatch_info().call_weight, <() as WeightInfo>::reveal());
		assert_eq!(
			report_call(0, 0, TsuError::Periodicity).get_dispatch_info().call_weight,
			<() as WeightInfo>::report_health_failure()
		);
		run_to_block(9);
		System::set_block_number(10);
		assert_eq!(
			<Entropy as Hooks<u64>>::on_initialize(10),
			<() as WeightInfo>::finalize_round(3)
		);
		System::set_block_number(11);
		assert_eq!(<Entropy as Hooks<u64>>::on_initialize(11), Weight::zero());
	});
}

// ----------------------------------------------------------------------------------------------
// The offchain worker

/// The calls the worker put in the pool since the last call, decoded.
fn take_pool_calls(handles: &OffchainHandles) -> Vec<Call<Test>> {
	let transactions = std::mem::take(&mut handles.pool.write().transactions);
	transactions
		.into_iter()
		.map(|tx| {
			let xt = Extrinsic::decode(&mut &tx[..]).expect("the pool holds our extrinsics");
			match xt.function {
				RuntimeCall::Entropy(call) => call,
				other => panic!("unexpected call {other:?}"),
			}
		})
		.collect()
}

/// Run to block `n` and run its offchain worker.
fn worker_at(n: u64) {
	run_to_block(n);
	Entropy::offchain_worker(n);
}

/// The worker's record of `round` for authority `i`.
fn local_round(round: Round, i: u32) -> Option<crate::offchain::LocalRound> {
	sp_io::offchain::local_storage_get(
		StorageKind::PERSISTENT,
		&local_round_key(round, &authority_id(i)),
	)
	.map(|bytes| Decode::decode(&mut &bytes[..]).expect("the record decodes"))
}

#[test]
fn worker_commits_then_reveals_the_committed_value() {
	let tsu = ScriptedTsu::default();
	let (mut ext, handles) =
		ExtBuilder::default().local_keys(&[1]).tsu(tsu.clone()).build_with_offchain();
	ext.execute_with(|| {
		worker_at(1);
		let calls = take_pool_calls(&handles);
		assert_eq!(calls.len(), 1);
		let Call::commit { payload: commit, .. } = calls[0].clone() else {
			panic!("expected a commitment, got {:?}", calls[0])
		};
		assert_eq!((commit.round, commit.authority_index), (0, 1));
		assert_eq!(tsu.draws(), 1);
		// The value is in persistent offchain storage, and opens the commitment.
		let record = local_round(0, 1).expect("the worker stored the value");
		let value = record.value.expect("the value is stored");
		assert_eq!(commit.commitment, commitment_of(0, &authority_id(1), &value));
		assert_eq!(record.commit_sent, Some(1));

		// Included in block 2; nothing more to do in the commit phase.
		run_to_block(2);
		apply(calls[0].clone()).expect("the worker's commitment is valid");
		for n in 2..4 {
			worker_at(n);
			assert!(take_pool_calls(&handles).is_empty());
		}

		// The worker of block 4 acts for block 5, the first of the reveal phase.
		worker_at(4);
		let calls = take_pool_calls(&handles);
		assert_eq!(calls.len(), 1);
		let Call::reveal { payload: reveal, .. } = calls[0].clone() else {
			panic!("expected a reveal, got {:?}", calls[0])
		};
		assert_eq!(reveal, RevealPayload { round: 0, authority_index: 1, value });
		run_to_block(5);
		apply(calls[0].clone()).expect("the worker's reveal opens its commitment");
		worker_at(6);
		assert!(take_pool_calls(&handles).is_empty());

		run_to_block(10);
		let output = expected_output(0, [9u8; 32], &[value]);
		assert_eq!(Latest::<Test>::get(), Some((0, output, 1, 10)));
		assert_eq!(tsu.draws(), 1);
		Entropy::do_try_state().expect("invariants hold");
	});
}

#[test]
fn worker_resubmits_the_same_commitment_if_it_is_not_included() {
	let tsu = ScriptedTsu::default();
	let (mut ext, handles) =
		ExtBuilder::default().local_keys(&[0, 2]).tsu(tsu.clone()).build_with_offchain();
	ext.execute_with(|| {
		// Block 9's worker commits for round 1 (block 10), for both local keys.
		worker_at(9);
		let first = take_pool_calls(&handles);
		assert_eq!(first.len(), 2);
		assert!(first.iter().all(|call| matches!(
			call,
			Call::commit { payload: CommitPayload { round: 1, .. }, .. }
		)));
		for n in 10..9 + RESUBMIT_AFTER_BLOCKS {
			worker_at(n);
			assert!(take_pool_calls(&handles).is_empty(), "block {n} waits for inclusion");
		}
		worker_at(9 + RESUBMIT_AFTER_BLOCKS);
		let again = take_pool_calls(&handles);
		assert_eq!(again.len(), 2);
		let commitments = |calls: &[Call<Test>]| -> Vec<Commitment> {
			calls
				.iter()
				.filter_map(|call| match call {
					Call::commit { payload, .. } => Some(payload.commitment),
					_ => None,
				})
				.collect()
		};
		// The stored values are reused, not drawn again.
		assert_eq!(commitments(&again), commitments(&first));
		assert_eq!(tsu.draws(), 2);
		for call in again {
			apply(call).expect("the resubmitted commitment is valid");
		}
		Entropy::do_try_state().expect("invariants hold");
	});
}

#[test]
fn worker_reports_a_health_failure_and_commits_once_the_tsu_recovers() {
	let tsu = ScriptedTsu::default();
	tsu.push(Err(TsuError::RepetitionCount));
	let (mut ext, handles) =
		ExtBuilder::default().local_keys(&[2]).tsu(tsu.clone()).build_with_offchain();
	ext.execute_with(|| {
		worker_at(1);
		let calls = take_pool_calls(&handles);
		assert_eq!(calls.len(), 1);
		let Call::report_health_failure { payload, .. } = calls[0].clone() else {
			panic!("expected a health report, got {:?}", calls[0])
		};
		assert_eq!(
			payload,
			HealthPayload { round: 0, authority_index: 2, failure: TsuError::RepetitionCount }
		);
		assert_eq!(local_round(0, 2).and_then(|r| r.value), None);
		run_to_block(2);
		apply(calls[0].clone()).expect("the worker's report is valid");

		// The next draw succeeds: it commits.
		worker_at(2);
		let calls = take_pool_calls(&handles);
		assert_eq!(calls.len(), 1);
		assert!(matches!(calls[0], Call::commit { .. }));
		Entropy::do_try_state().expect("invariants hold");
	});
}

#[test]
fn worker_without_a_tsu_submits_nothing() {
	let (mut ext, handles) = ExtBuilder::default().local_keys(&[0, 1, 2]).build_with_offchain();
	ext.execute_with(|| {
		for n in 1..10 {
			worker_at(n);
		}
		assert!(take_pool_calls(&handles).is_empty());
		assert_eq!(local_round(0, 0), None);
		Entropy::do_try_state().expect("invariants hold");
	});
}

#[test]
fn worker_without_an_authority_key_submits_nothing() {
	let tsu = ScriptedTsu::default();
	let (mut ext, handles) =
		ExtBuilder::default().local_keys(&[5]).tsu(tsu.clone()).build_with_offchain();
	ext.execute_with(|| {
		worker_at(1);
		assert!(take_pool_calls(&handles).is_empty());
		assert_eq!(tsu.draws(), 0);
		Entropy::do_try_state().expect("invariants hold");
	});
	let keys = handles.keystore.keys(aether_primitives::entropy::ENTROPY_KEY_TYPE);
	assert_eq!(keys.map(|keys| keys.len()).ok(), Some(1));
}

#[test]
fn worker_forgets_finished_rounds() {
	let tsu = ScriptedTsu::default();
	let (mut ext, handles) = ExtBuilder::default().local_keys(&[0]).tsu(tsu).build_with_offchain();
	ext.execute_with(|| {
		worker_at(1);
		let commit = take_pool_calls(&handles).remove(0);
		run_to_block(2);
		apply(commit).expect("valid");
		worker_at(5);
		let reveal = take_pool_calls(&handles).remove(0);
		run_to_block(6);
		apply(reveal).expect("valid");
		assert!(local_round(0, 0).is_some());

		// The worker of block 9 acts for round 1: round 0's record goes.
		worker_at(9);
		assert_eq!(local_round(0, 0), None);
		assert!(local_round(1, 0).is_some());
		Entropy::do_try_state().expect("invariants hold");
	});
}

#[test]
fn worker_waits_a_block_when_the_authority_set_changes() {
	let tsu = ScriptedTsu::default();
	let (mut ext, handles) = ExtBuilder::default().local_keys(&[1]).tsu(tsu).build_with_offchain();
	ext.execute_with(|| {
		run_to_block(8);
		// Authority 1 moves to index 0 at block 10.
		let accounts = [account(1), account(0)];
		let keys = vec![authority_id(1), authority_id(0)];
		<Entropy as OneSessionHandler<u64>>::on_new_session(
			true,
			accounts.iter().zip(keys.clone()),
			accounts.iter().zip(keys),
		);
		worker_at(9);
		assert!(take_pool_calls(&handles).is_empty());
		worker_at(10);
		let calls = take_pool_calls(&handles);
		assert_eq!(calls.len(), 1);
		let Call::commit { payload, .. } = calls[0].clone() else { panic!("a commitment") };
		assert_eq!((payload.round, payload.authority_index), (1, 0));
		run_to_block(11);
		apply(calls[0].clone()).expect("valid under the new set");
		Entropy::do_try_state().expect("invariants hold");
	});
}

// ----------------------------------------------------------------------------------------------
// Invariants

#[test]
fn try_state_catches_broken_invariants() {
	ExtBuilder::default().build_and_execute(|| {
		play_round(0, &[0, 1, 2], &[0, 1, 2]);
		run_to_block(11);
		assert_ok!(Entropy::do_try_state());

		// A commitment of a finished round.
		Commitments::<Test>::insert(0, 0, [1u8; 32]);
		assert!(Entropy::do_try_state().is_err());
		Commitments::<Test>::remove(0, 0);

		// A commitment of an index outside the set.
		Commitments::<Test>::insert(1, 3, [1u8; 32]);
		assert!(Entropy::do_try_state().is_err());
		Commitments::<Test>::remove(1, 3);

		// A reveal without a commitment.
		Reveals::<Test>::insert(1, 0, [1u8; 32]);
		assert!(Entropy::do_try_state().is_err());
		Reveals::<Test>::remove(1, 0);

		// Latest disagrees with Outputs.
		let latest = Latest::<Test>::get().expect("round 0 finished");
		Latest::<Test>::put((latest.0, [0u8; 32], latest.2, latest.3));
		assert!(Entropy::do_try_state().is_err());
		Latest::<Test>::put(latest);

		// An isolated authority that is not suspended.
		Standing::<Test>::insert(
			account(0),
			AuthorityStanding { strikes: 3, clean_rounds: 0, isolated: true },
		);
		assert!(Entropy::do_try_state().is_err());
		<Ledger as ContributionSuspension<u64>>::suspend(&account(0));
		assert_ok!(Entropy::do_try_state());
		Standing::<Test>::remove(account(0));
		<Ledger as ContributionSuspension<u64>>::resume(&account(0));

		// An entry that should not be stored.
		Standing::<Test>::insert(account(1), AuthorityStanding::default());
		assert!(Entropy::do_try_state().is_err());
		Standing::<Test>::remove(account(1));

		assert_ok!(Entropy::do_try_state());
	});
}
