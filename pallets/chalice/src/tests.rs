//! Tests of the Chalice pallet: the split, periods and claims, data commitments, receipts,
//! revocation, bad input, and a property test of conservation.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok};
use polkadot_sdk::sp_runtime::{DispatchError, TokenError};
use proptest::prelude::*;

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn credit_blocks(who: AccountId, points: Contribution) {
	<Chalice as ContributionSink<AccountId>>::note_contribution(
		&who,
		ContributionKind::BlockAuthored,
		points,
	);
}

fn hold_of(who: AccountId) -> Balance {
	Balances::balance_on_hold(&HoldReason::DataCommitment.into(), &who)
}

// ---------------------------------------------------------------------------------------------
// The split.

#[test]
fn default_split_is_70_20_10_and_whole() {
	assert!(Split::DEFAULT.is_whole());
	assert_eq!(Split::DEFAULT.apply(1_000u128), (700, 200, 100));
	// Rounding dust goes to the treasury: 70 % of 7 is 4.9 → 4, 20 % is 1.4 → 1, the rest 2.
	assert_eq!(Split::DEFAULT.apply(7u128), (4, 1, 2));
	for amount in [0u128, 1, 3, 99, 1_001, u128::MAX] {
		let (o, v, t) = Split::DEFAULT.apply(amount);
		assert_eq!(o + v + t, amount, "the parts of {amount} add up");
	}
	let skewed = Split {
		originators: Perbill::from_percent(70),
		validators: Perbill::from_percent(20),
		treasury: Perbill::from_percent(11),
	};
	assert!(!skewed.is_whole());
}

#[test]
fn issuance_and_fees_fill_the_open_period_pools() {
	build_and_execute(|| {
		next_block();
		let period = Chalice::current_period();
		assert_eq!(
			(period.originator_pool, period.validator_pool, period.treasury_pool),
			(700, 200, 100)
		);
		assert_eq!(period.issued, ISSUANCE);

		let pot_before = free(Chalice::pot_account());
		pay_fee(1, 101);
		let period = Chalice::current_period();
		assert_eq!(period.fees, 101);
		// 70.7 → 70, 20.2 → 20, 11 to the treasury.
		assert_eq!(
			(period.originator_pool, period.validator_pool, period.treasury_pool),
			(770, 220, 111)
		);
		assert_eq!(free(Chalice::pot_account()), pot_before + 101);
		assert_eq!(Totals::<Test>::get().fees, 101);
		assert_eq!(Totals::<Test>::get().issued, ISSUANCE);
	});
}

// ---------------------------------------------------------------------------------------------
// Periods, validators, claims.

/// The worked example of `docs/chalice.md`: one period of nine blocks, two validators, no data
/// used.
#[test]
fn worked_example_period_with_two_validators_and_no_receipts() {
	build_and_execute(|| {
		run_to(9);
		credit_blocks(1, 100);
		credit_blocks(2, 300);
		let period = Chalice::current_period();
		assert_eq!(period.issued, 9 * ISSUANCE);
		assert_eq!(period.validator_points, 400);
		assert_eq!(period.participants, 2);
		let treasury_before = free(TREASURY);

		run_to(10); // closes period 0, mints block 10 into period 1
		assert!(chalice_events().contains(&Event::PeriodClosed {
			index: 0,
			issued: 9_000,
			fees: 0,
			originator_pool: 0,
			validator_pool: 1_800,
			treasury: 900,
			carried_over: 6_300,
		}));
		assert_eq!(free(TREASURY), treasury_before + 900);
		let period = Chalice::current_period();
		assert_eq!(period.index, 1);
		assert_eq!(period.carried_in, 6_300, "no receipts: the originators' pool rolls over");
		assert_eq!(period.originator_pool, 6_300 + 700);

		// Cap 40 % of 400 = 160: account 2's 300 points count as 160.
		assert_eq!(Chalice::rewards_of(&1).claimable, 450); // 1800 · 100 / 400
		assert_eq!(Chalice::rewards_of(&2).claimable, 720); // 1800 · 160 / 400

		let before = free(1);
		assert_ok!(Chalice::claim(signed(1)));
		assert_eq!(free(1), before + 450);
		System::assert_last_event(Event::Claimed { who: 1, amount: 450 }.into());
		assert!(Closed::<Test>::contains_key(0), "account 2 has not settled yet");

		assert_ok!(Chalice::claim(signed(2)));
		// The last record settles the period: the capped excess, 1800 − 450 − 720, is dust.
		assert!(chalice_events().contains(&Event::PeriodSettled { index: 0, dust: 630 }));
		assert!(!Closed::<Test>::contains_key(0));
		assert_eq!(free(TREASURY), treasury_before + 900 + 630);
		assert_noop!(Chalice::claim(signed(1)), Error::<Test>::NothingToClaim);
	});
}

#[test]
fn the_floor_raises_small_validators() {
	build_and_execute(|| {
		next_block();
		credit_blocks(1, 1); // counts as the floor, 10
		credit_blocks(2, 30);
		credit_blocks(3, 30);
		assert_eq!(Chalice::current_period().validator_points, 70);
		run_to(PERIOD);
		// Pool 1800 (nine blocks); cap 40 % of 70 = 28, so the 30-point accounts count 28.
		assert_eq!(Chalice::rewards_of(&1).claimable, 1_800 * 10 / 70);
		assert_eq!(Chalice::rewards_of(&2).claimable, 1_800 * 28 / 70);
	});
}

#[test]
fn a_validator_pool_without_points_rolls_over_too() {
	build_and_execute(|| {
		run_to(PERIOD);
		let period = Chalice::current_period();
		assert_eq!(period.carried_in, 9 * 700 + 9 * 200);
		assert!(Closed::<Test>::iter().next().is_none(), "nobody to pay, nothing recorded");
		assert_eq!(Totals::<Test>::get().to_treasury, 9 * 100);
	});
}

#[test]
fn earning_in_a_later_period_settles_the_earlier_one() {
	build_and_execute(|| {
		next_block();
		credit_blocks(1, 50);
		run_to(PERIOD + 1);
		assert!(Claimable::<Test>::get(1).is_none());
		credit_blocks(1, 50);
		// Alone in period 0: the whole validator pool, less the cap (40 % of 50 = 20 of 50).
		assert_eq!(Claimable::<Test>::get(1), Some(1_800 * 20 / 50));
		assert_eq!(Shares::<Test>::get(1).map(|s| s.period), Some(1));
		assert!(!Closed::<Test>::contains_key(0), "its only record settled");
		let rewards = Chalice::rewards_of(&1);
		assert_eq!(rewards.claimable, 720);
		assert_eq!(rewards.pending_validator_points, 50);
	});
}

#[test]
fn closing_a_period_touches_no_account() {
	build_and_execute(|| {
		next_block();
		for who in 100..1_100u64 {
			credit_blocks(who, 10 + who as u128 % 7);
		}
		let period = Chalice::current_period();
		assert_eq!(period.participants, 1_000);
		let writes_before = Shares::<Test>::iter().count();
		run_to(PERIOD);
		assert_eq!(Shares::<Test>::iter().count(), writes_before);
		assert!(Shares::<Test>::iter().all(|(_, shares)| shares.period == 0));
		assert_eq!(Claimable::<Test>::iter().count(), 0, "nothing settled eagerly");
		assert_eq!(Closed::<Test>::get(0).map(|c| c.unsettled), Some(1_000));
	});
}

#[test]
fn a_new_period_length_moves_the_open_period_end() {
	build_and_execute(|| {
		run_to(2);
		let parameters =
			ChaliceParameters { split: Split::DEFAULT, issuance_per_block: 10, period_length: 3 };
		assert_ok!(Chalice::set_parameters(RuntimeOrigin::root(), parameters));
		System::assert_last_event(Event::ParametersSet { parameters }.into());
		assert_eq!(Chalice::current_period().ends_at, 3, "started at 0, three blocks long");
		next_block();
		assert_eq!(Chalice::current_period().index, 1, "closed by block 3");
		assert_eq!(Chalice::current_period().issued, 10);
		assert_eq!(Chalice::current_period().ends_at, 6);

		// Shortened to a length already past: the period ends with the next block.
		run_to(5);
		assert_ok!(Chalice::set_parameters(
			RuntimeOrigin::root(),
			ChaliceParameters { period_length: 1, ..parameters }
		));
		assert_eq!(Chalice::current_period().ends_at, 6);
		next_block();
		assert_eq!(Chalice::current_period().index, 2);
		assert_eq!(Chalice::current_period().ends_at, 7);
	});
}

// ---------------------------------------------------------------------------------------------
// Data commitments and receipts.

#[test]
fn commit_data_holds_a_deposit_and_can_be_repriced() {
	build_and_execute(|| {
		next_block();
		assert_ok!(Chalice::commit_data(
			signed(3),
			[7; 32],
			4_096,
			25,
			UsageTerms::OnlyPrograms(vec![1, 2].try_into().unwrap()),
		));
		System::assert_last_event(
			Event::DataCommitted { id: 0, owner: 3, hash: [7; 32], size: 4_096, price_per_use: 25 }
				.into(),
		);
		assert_eq!(hold_of(3), DATA_DEPOSIT);
		assert_ok!(Chalice::set_price(signed(3), 0, 40));
		System::assert_last_event(Event::PriceChanged { id: 0, price_per_use: 40 }.into());
		assert_eq!(Chalice::quote(1, &[0]), Ok(40));
		assert_noop!(Chalice::quote(3, &[0]), Error::<Test>::ProgramNotPermitted);
		assert_ok!(Chalice::set_terms(
			signed(3),
			0,
			UsageTerms::AllExcept(vec![1].try_into().unwrap())
		));
		System::assert_last_event(Event::TermsChanged { id: 0 }.into());
		assert_eq!(Chalice::quote(3, &[0]), Ok(40));
		assert_noop!(Chalice::quote(1, &[0]), Error::<Test>::ProgramNotPermitted);
	});
}

#[test]
fn receipts_pay_the_price_into_the_pot_and_drive_the_originators_share() {
	build_and_execute(|| {
		next_block();
		let cheap = commit(3, 100);
		let dear = commit(4, 300);
		let payer_before = free(5);
		assert_eq!(Chalice::record_usage(&5, 42, 7, &[cheap, dear]), Ok(400));
		assert_eq!(free(5), payer_before - 400);
		assert!(chalice_events().contains(&Event::UsageRecorded {
			id: dear,
			command: 42,
			program: 7,
			payer: 5,
			originator: 4,
			price: 300,
		}));
		assert_eq!(
			Receipts::<Test>::get(cheap, 42),
			Some(Receipt { payer: 5, program: 7, price: 100, period: 0 })
		);
		assert_eq!(Data::<Test>::get(dear).map(|d| d.uses), Some(1));
		let period = Chalice::current_period();
		assert_eq!(period.fees, 400);
		assert_eq!(period.originator_points, 400);
		// The same command cannot be recorded twice.
		assert_noop!(
			Chalice::record_usage(&5, 42, 7, &[cheap]),
			Error::<Test>::UsageAlreadyRecorded
		);

		run_to(PERIOD);
		// Originators' pool: 70 % of nine blocks' issuance and of the 400 paid.
		let pool = 9 * 700 + 280;
		assert_eq!(Chalice::rewards_of(&3).claimable, pool * 100 / 400);
		assert_eq!(Chalice::rewards_of(&4).claimable, pool * 300 / 400);
		assert_ok!(Chalice::claim(signed(4)));
		assert_ok!(Chalice::claim(signed(3)));
		assert!(chalice_events().contains(&Event::PeriodSettled { index: 0, dust: 0 }));
	});
}

#[test]
fn free_data_is_recorded_but_earns_no_points() {
	build_and_execute(|| {
		next_block();
		let free_data = commit(3, 0);
		assert_eq!(Chalice::record_usage(&5, 1, 1, &[free_data]), Ok(0));
		assert!(Receipts::<Test>::contains_key(free_data, 1));
		assert!(Shares::<Test>::get(3).is_none());
		run_to(PERIOD);
		assert_eq!(Chalice::current_period().carried_in, 9 * 700 + 9 * 200);
	});
}

// ---------------------------------------------------------------------------------------------
// Key envelopes and the right to be forgotten.

#[test]
fn grant_and_withdraw_keys() {
	build_and_execute(|| {
		next_block();
		let id = commit(3, 10);
		assert_ok!(Chalice::grant_key(signed(3), id, 7, envelope(1)));
		System::assert_last_event(Event::KeyGranted { id, executor: 7 }.into());
		assert_eq!(hold_of(3), DATA_DEPOSIT + ENVELOPE_DEPOSIT);
		// Replacing an envelope holds nothing more.
		assert_ok!(Chalice::grant_key(signed(3), id, 7, envelope(2)));
		assert_eq!(hold_of(3), DATA_DEPOSIT + ENVELOPE_DEPOSIT);
		assert_eq!(KeyEnvelopes::<Test>::get(id, 7).map(|e| e.sealed), Some(envelope(2)));
		assert_ok!(Chalice::withdraw_key(signed(3), id, 7));
		System::assert_last_event(Event::KeyWithdrawn { id, executor: 7 }.into());
		assert_eq!(hold_of(3), DATA_DEPOSIT);
		assert_eq!(Data::<Test>::get(id).map(|d| d.envelopes), Some(0));
	});
}

#[test]
fn revoke_destroys_the_key_material_and_stops_citations() {
	build_and_execute(|| {
		next_block();
		let id = commit(3, 100);
		let other = commit(3, 100);
		for executor in 10..10 + MAX_ENVELOPES as u64 {
			assert_ok!(Chalice::grant_key(signed(3), id, executor, envelope(executor as u8)));
		}
		assert_ok!(Chalice::grant_key(signed(3), other, 10, envelope(99)));
		assert_eq!(Chalice::record_usage(&5, 1, 1, &[id]), Ok(100));
		let free_before = free(3);

		assert_ok!(Chalice::revoke(signed(3), id));
		System::assert_last_event(
			Event::DataRevoked { id, envelopes_destroyed: MAX_ENVELOPES }.into(),
		);
		// The key material is gone from storage: no key under the commitment's prefix.
		let prefix = KeyEnvelopes::<Test>::iter_prefix(id).count();
		assert_eq!(prefix, 0);
		let raw_prefix = KeyEnvelopes::<Test>::hashed_key_for(id, 10);
		assert!(polkadot_sdk::sp_io::storage::get(&raw_prefix).is_none());
		// Nor does any stored value still contain an envelope's bytes.
		let mut key = polkadot_sdk::sp_io::storage::next_key(&[]);
		while let Some(k) = key {
			let value = polkadot_sdk::sp_io::storage::get(&k).unwrap_or_default();
			for executor in 10..10 + MAX_ENVELOPES as u8 {
				let needle = [executor; 64];
				assert!(
					!value.windows(64).any(|w| w == needle),
					"envelope bytes of executor {executor} survive under a storage key"
				);
			}
			key = polkadot_sdk::sp_io::storage::next_key(&k);
		}
		// The other commitment's envelope stays.
		assert!(KeyEnvelopes::<Test>::contains_key(other, 10));
		// All deposits of the revoked commitment are released.
		assert_eq!(hold_of(3), DATA_DEPOSIT + ENVELOPE_DEPOSIT);
		assert_eq!(free(3), free_before + DATA_DEPOSIT + MAX_ENVELOPES as u128 * ENVELOPE_DEPOSIT);

		// It can be neither cited, changed nor revoked again.
		assert_noop!(Chalice::quote(1, &[id]), Error::<Test>::DataRevoked);
		assert_noop!(Chalice::record_usage(&5, 2, 1, &[other, id]), Error::<Test>::DataRevoked);
		assert_noop!(Chalice::grant_key(signed(3), id, 7, envelope(1)), Error::<Test>::DataRevoked);
		assert_noop!(Chalice::set_price(signed(3), id, 1), Error::<Test>::DataRevoked);
		assert_noop!(Chalice::revoke(signed(3), id), Error::<Test>::DataRevoked);

		// The receipt paid before the revocation stays paid.
		assert!(Receipts::<Test>::contains_key(id, 1));
		run_to(PERIOD);
		assert_eq!(Chalice::rewards_of(&3).claimable, 9 * 700 + 70);
	});
}

// ---------------------------------------------------------------------------------------------
// Bad input: named errors, nothing changed.

#[test]
fn bad_input_is_refused_with_named_errors() {
	build_and_execute(|| {
		next_block();
		let id = commit(3, u128::MAX / 2 + 1);
		let big = commit(4, u128::MAX / 2 + 1);
		assert_noop!(Chalice::claim(signed(1)), Error::<Test>::NothingToClaim);
		assert_noop!(Chalice::revoke(signed(4), id), Error::<Test>::NotDataOwner);
		assert_noop!(Chalice::set_price(signed(4), id, 1), Error::<Test>::NotDataOwner);
		assert_noop!(Chalice::revoke(signed(3), 99), Error::<Test>::UnknownData);
		assert_noop!(Chalice::quote(1, &[99]), Error::<Test>::UnknownData);
		assert_noop!(Chalice::quote(1, &[id, big]), Error::<Test>::PriceOverflow);
		assert_noop!(Chalice::record_usage(&5, 1, 1, &[id, big]), Error::<Test>::PriceOverflow);
		assert_noop!(Chalice::quote(1, &[id, id]), Error::<Test>::DuplicateCitation);
		assert_noop!(Chalice::quote(1, &[0, 1, 2, 3, 4]), Error::<Test>::TooManyCitations);
		assert_noop!(
			Chalice::commit_data(signed(3), [0; 32], 0, 1, UsageTerms::AnyProgram),
			Error::<Test>::EmptyData
		);
		assert_noop!(
			Chalice::commit_data(signed(50), [0; 32], 1, 1, UsageTerms::AnyProgram),
			TokenError::FundsUnavailable
		);

		let mut short = envelope(1).into_inner();
		short.pop();
		assert_noop!(
			Chalice::grant_key(signed(3), id, 7, short.try_into().unwrap()),
			Error::<Test>::MalformedEnvelope
		);
		let mut wrong_version = envelope(1);
		wrong_version[0] = 2;
		assert_noop!(
			Chalice::grant_key(signed(3), id, 7, wrong_version),
			Error::<Test>::MalformedEnvelope
		);
		for executor in 0..MAX_ENVELOPES as u64 {
			assert_ok!(Chalice::grant_key(signed(3), id, executor, envelope(1)));
		}
		assert_noop!(
			Chalice::grant_key(signed(3), id, 77, envelope(1)),
			Error::<Test>::TooManyEnvelopes
		);
		assert_noop!(Chalice::withdraw_key(signed(3), id, 77), Error::<Test>::NoSuchEnvelope);

		let parameters =
			ChaliceParameters { split: Split::DEFAULT, issuance_per_block: 1, period_length: 0 };
		assert_noop!(
			Chalice::set_parameters(RuntimeOrigin::root(), parameters),
			Error::<Test>::ZeroPeriodLength
		);
		let not_whole = ChaliceParameters {
			split: Split { treasury: Perbill::from_percent(5), ..Split::DEFAULT },
			..parameters
		};
		assert_noop!(
			Chalice::set_parameters(RuntimeOrigin::root(), not_whole),
			Error::<Test>::SplitNotWhole
		);
		assert_noop!(
			Chalice::set_parameters(
				signed(1),
				ChaliceParameters { period_length: 5, ..parameters }
			),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn a_payer_that_cannot_afford_the_data_changes_nothing() {
	build_and_execute(|| {
		next_block();
		let id = commit(3, FUNDS * 2);
		assert_noop!(Chalice::record_usage(&5, 1, 1, &[id]), TokenError::FundsUnavailable);
	});
}

// ---------------------------------------------------------------------------------------------
// Conservation under random use.

#[derive(Clone, Debug)]
enum Step {
	Blocks(u8),
	Fee { payer: u64, amount: u128 },
	Work { who: u64, points: u128 },
	Use { payer: u64, data: Vec<u8> },
	Claim(u64),
	Revoke(u8),
	Parameters { originators: u32, validators: u32, period: u8 },
}

fn step() -> impl Strategy<Value = Step> {
	prop_oneof![
		(1u8..15).prop_map(Step::Blocks),
		(1u64..=9, 1u128..5_000).prop_map(|(payer, amount)| Step::Fee { payer, amount }),
		(1u64..=9, 0u128..500).prop_map(|(who, points)| Step::Work { who, points }),
		(1u64..=9, proptest::collection::vec(0u8..6, 0..4))
			.prop_map(|(payer, data)| Step::Use { payer, data }),
		(1u64..=9).prop_map(Step::Claim),
		(0u8..6).prop_map(Step::Revoke),
		(0u32..=100, 0u32..=100, 1u8..20).prop_map(|(originators, validators, period)| {
			Step::Parameters { originators, validators, period }
		}),
	]
}

proptest! {
	#![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

	/// After every step of a random run: issued + fees = claimed + treasury + claimable +
	/// unsettled + open pools to the unit (`try_state`), and the pot holds it.
	#[test]
	fn value_is_conserved_after_every_step(steps in proptest::collection::vec(step(), 1..60)) {
		new_test_ext().execute_with(|| {
			next_block();
			// Six commitments by accounts 1..=6 at assorted prices.
			for owner in 1..=6u64 {
				commit(owner, owner as u128 * 37 % 200);
			}
			let mut command = 0u64;
			for step in steps {
				match step {
					Step::Blocks(n) => run_to(System::block_number() + n as u64),
					Step::Fee { payer, amount } => pay_fee(payer, amount),
					Step::Work { who, points } => credit_blocks(who, points),
					Step::Use { payer, data } => {
						command += 1;
						let cited: Vec<DataId> = data.into_iter().map(u64::from).collect();
						let _ = Chalice::record_usage(&payer, command, 1, &cited);
					},
					Step::Claim(who) => {
						let expected = Chalice::rewards_of(&who).claimable;
						let before = free(who);
						match Chalice::claim(signed(who)) {
							Ok(()) => prop_assert_eq!(free(who), before + expected),
							Err(_) => prop_assert_eq!(expected, 0),
						}
					},
					Step::Revoke(id) => {
						if let Some(data) = Data::<Test>::get(id as u64) {
							let _ = Chalice::revoke(signed(data.owner), id as u64);
						}
					},
					Step::Parameters { originators, validators, period } => {
						let originators = originators.min(100);
						let validators = validators.min(100 - originators);
						let split = Split {
							originators: Perbill::from_percent(originators),
							validators: Perbill::from_percent(validators),
							treasury: Perbill::from_percent(100 - originators - validators),
						};
						assert_ok!(Chalice::set_parameters(
							RuntimeOrigin::root(),
							ChaliceParameters {
								split,
								issuance_per_block: ISSUANCE,
								period_length: period as u64,
							},
						));
					},
				}
				if let Err(e) = Chalice::do_try_state() {
					return Err(TestCaseError::fail(format!("invariant broken: {e:?}")));
				}
			}
			// Everyone claims; then only dust of unsettled periods may remain unpaid.
			run_to(System::block_number() + 20);
			for who in 1..=9u64 {
				let _ = Chalice::claim(signed(who));
			}
			prop_assert!(Closed::<Test>::iter().next().is_none(), "every period settled");
			prop_assert_eq!(Claimable::<Test>::iter().count(), 0);
			Ok(())
		})?;
	}
}
