//! Tests of the games pallet: every call's happy path, every bad input refused with a named error
//! and nothing changed (`assert_noop!`), both anti-cheat modes, every verdict of a challenge,
//! timeouts, save states, and payouts that conserve balance. The invariants are checked after
//! every block and at the end of every test.

use crate::{mock::*, rules::*, *};
use frame_support::{
	assert_noop, assert_ok,
	dispatch::GetDispatchInfo,
	traits::{fungible::InspectHold, Hooks},
};
use polkadot_sdk::sp_runtime::DispatchResult;
// The pallet (`mock::Games`) and its storage of games share a name: name both explicitly.
use crate::Games as GameRecords;
use mock::Games;

type E = Error<Test>;

fn held(reason: HoldReason, who: AccountId) -> Balance {
	Balances::balance_on_hold(&RuntimeHoldReason::Games(reason), &who)
}

/// The bytes of test state `n`.
fn state(n: u8) -> Vec<u8> {
	vec![n; 3]
}

/// The hash of test state `n`.
fn h(n: u8) -> [u8; 32] {
	sha256(&state(n))
}

/// The move from any state to state `to`.
fn mv<R: Config>(to: u8) -> MoveOf<R> {
	MoveOf::<R>::truncate_from(vec![0xa0, to])
}

fn params(min: u8, max: u8) -> GameParams {
	GameParams { min_seats: min, max_seats: max, rules_fuel: 1_000 }
}

fn register(vk: Option<VkId>) -> GameId {
	let id = NextGameId::<Test>::get();
	assert_ok!(Games::register_game(RuntimeOrigin::signed(OWNER), RULES, vk, params(2, 4)));
	id
}

/// A started session of `game` with `players` (the first creates it), from state 0.
fn started(game: GameId, players: &[AccountId]) -> SessionId {
	let id = NextSessionId::<Test>::get();
	assert_ok!(Games::create_session(
		RuntimeOrigin::signed(players[0]),
		game,
		STAKE,
		h(0),
		players.len() as u8
	));
	for p in &players[1..] {
		assert_ok!(Games::join(RuntimeOrigin::signed(*p), id));
	}
	assert_eq!(Sessions::<Test>::get(id).unwrap().status, SessionStatus::Active);
	id
}

/// An optimistic move by `who` from state `from` to state `to`.
fn play(
	session: SessionId,
	who: AccountId,
	index: u32,
	from: u8,
	to: u8,
	outcome: Option<Outcome>,
) -> DispatchResult {
	Games::make_move(
		RuntimeOrigin::signed(who),
		session,
		index,
		h(from),
		mv::<Test>(to),
		h(to),
		outcome,
		None,
	)
}

/// The mock proof of a move.
fn proof(from: u8, to: u8, seat: Seat, outcome: Option<Outcome>) -> ProofOf<Test> {
	let inputs = move_public_inputs(&h(from), &sha256(&mv::<Test>(to)), &h(to), seat, outcome);
	ProofOf::<Test>::truncate_from(mock_proof(&inputs))
}

/// A proved move by `who` (seat `seat`) from `from` to `to`.
fn play_proved(
	session: SessionId,
	who: AccountId,
	seat: Seat,
	index: u32,
	from: u8,
	to: u8,
	outcome: Option<Outcome>,
) -> DispatchResult {
	Games::make_move(
		RuntimeOrigin::signed(who),
		session,
		index,
		h(from),
		mv::<Test>(to),
		h(to),
		outcome,
		Some(proof(from, to, seat, outcome)),
	)
}

fn challenge(session: SessionId, who: AccountId, index: u32, from: u8, to: u8) -> DispatchResult {
	Games::challenge(
		RuntimeOrigin::signed(who),
		session,
		index,
		StateOf::<Test>::truncate_from(state(from)),
		mv::<Test>(to),
	)
}

/// Settles the last command run as the command pallet would.
fn settle(exit: ExitStatus, output: &[u8]) {
	Games::on_command_settled(
		last_run().command,
		CommandOutcome::Settled { exit, output_hash: sha256(output) },
	);
	Games::do_try_state().expect("invariants hold after a settlement");
}

fn total(who: AccountId) -> Balance {
	Balances::total_balance(&who)
}

fn last_ended() -> (SessionResult, Vec<(AccountId, Balance)>) {
	events()
		.into_iter()
		.rev()
		.find_map(|e| match e {
			Event::SessionEnded { result, payouts, .. } => Some((result, payouts)),
			_ => None,
		})
		.expect("a session ended")
}

// ---------------------------------------------------------------------------------------------
// Games
// ---------------------------------------------------------------------------------------------

#[test]
fn registering_a_game_holds_a_deposit_and_pins_its_program_and_key() {
	test(|| {
		let game = register(Some(VK_MOVES));
		let info = GameRecords::<Test>::get(game).expect("registered");
		assert_eq!(info.owner, OWNER);
		assert_eq!(info.rules_program, RULES);
		assert_eq!(info.move_vk, Some(VK_MOVES));
		assert_eq!(held(HoldReason::GameDeposit, OWNER), GAME_DEPOSIT);
		assert_eq!(KEY_PINS.with(|p| p.borrow().get(&VK_MOVES).copied()), Some(1));
		assert_eq!(PROGRAM_PINS.with(|p| p.borrow().get(&RULES).copied()), Some(1));
		System::assert_last_event(
			Event::GameRegistered {
				game,
				owner: OWNER,
				rules_program: RULES,
				move_vk: Some(VK_MOVES),
				params: params(2, 4),
				deposit: GAME_DEPOSIT,
			}
			.into(),
		);
		// An optimistic game pins no key.
		register(None);
		assert_eq!(KEY_PINS.with(|p| p.borrow().get(&VK_MOVES).copied()), Some(1));
		assert_eq!(PROGRAM_PINS.with(|p| p.borrow().get(&RULES).copied()), Some(2));
	});
}

#[test]
fn bad_games_are_refused() {
	test(|| {
		let register =
			|who, program, vk, p| Games::register_game(RuntimeOrigin::signed(who), program, vk, p);
		assert_noop!(register(OWNER, 99, None, params(2, 2)), E::UnknownRulesProgram);
		assert_noop!(register(OWNER, RULES, Some(77), params(2, 2)), E::UnknownKey);
		assert_noop!(register(OWNER, RULES, Some(VK_FOUR), params(2, 2)), E::KeyNotForMoves);
		assert_noop!(register(OWNER, RULES, None, params(1, 2)), E::BadSeatRange);
		assert_noop!(register(OWNER, RULES, None, params(3, 2)), E::BadSeatRange);
		assert_noop!(register(OWNER, RULES, None, params(2, 5)), E::BadSeatRange);
		assert_noop!(
			register(OWNER, RULES, None, GameParams { min_seats: 2, max_seats: 2, rules_fuel: 0 }),
			E::BadRulesFuel
		);
		assert_noop!(register(POOR, RULES, None, params(2, 2)), E::CannotHoldDeposit);
	});
}

#[test]
fn only_the_owner_unregisters_a_game_without_sessions() {
	test(|| {
		let game = register(Some(VK_MOVES));
		let session = started(game, &[ALICE, BOB]);
		assert_noop!(Games::unregister_game(RuntimeOrigin::signed(ALICE), game), E::NotGameOwner);
		assert_noop!(Games::unregister_game(RuntimeOrigin::signed(OWNER), game), E::GameInUse);
		assert_noop!(Games::unregister_game(RuntimeOrigin::signed(OWNER), 9), E::UnknownGame);
		assert_ok!(Games::resign(RuntimeOrigin::signed(ALICE), session));
		assert_ok!(Games::unregister_game(RuntimeOrigin::signed(OWNER), game));
		assert_eq!(held(HoldReason::GameDeposit, OWNER), 0);
		assert_eq!(KEY_PINS.with(|p| p.borrow().get(&VK_MOVES).copied()), Some(0));
		assert_eq!(PROGRAM_PINS.with(|p| p.borrow().get(&RULES).copied()), Some(0));
		System::assert_last_event(Event::GameUnregistered { game }.into());
		assert_noop!(Games::unregister_game(RuntimeOrigin::signed(OWNER), game), E::UnknownGame);
	});
}

// ---------------------------------------------------------------------------------------------
// Sessions
// ---------------------------------------------------------------------------------------------

#[test]
fn a_session_holds_stakes_and_starts_when_full() {
	test(|| {
		let game = register(None);
		assert_ok!(Games::create_session(RuntimeOrigin::signed(ALICE), game, STAKE, h(0), 3));
		let s = Sessions::<Test>::get(0).expect("created");
		assert_eq!(s.status, SessionStatus::Open);
		assert_eq!(s.players.to_vec(), vec![ALICE]);
		assert_eq!((s.head, s.moves, s.initial_hash), (h(0), 0, h(0)));
		assert_eq!(held(HoldReason::Stake, ALICE), STAKE);
		assert_eq!(held(HoldReason::SessionDeposit, ALICE), SESSION_DEPOSIT);
		assert_eq!(GameRecords::<Test>::get(game).unwrap().open_sessions, 1);
		System::assert_last_event(
			Event::SessionCreated {
				session: 0,
				game,
				creator: ALICE,
				seats: 3,
				stake: STAKE,
				initial_hash: h(0),
			}
			.into(),
		);
		assert_ok!(Games::join(RuntimeOrigin::signed(BOB), 0));
		System::assert_last_event(Event::PlayerJoined { session: 0, player: BOB, seat: 1 }.into());
		assert_eq!(Sessions::<Test>::get(0).unwrap().status, SessionStatus::Open);
		// Moves wait for the last seat.
		assert_noop!(play(0, ALICE, 0, 0, 1, None), E::NotStarted);
		run_to(3);
		assert_ok!(Games::join(RuntimeOrigin::signed(CAROL), 0));
		System::assert_last_event(
			Event::SessionStarted { session: 0, players: vec![ALICE, BOB, CAROL] }.into(),
		);
		let s = Sessions::<Test>::get(0).unwrap();
		assert_eq!(s.status, SessionStatus::Active);
		assert_eq!(s.last_move_at, 3);
		assert_eq!(held(HoldReason::Stake, BOB), STAKE);
		assert_eq!(held(HoldReason::Stake, CAROL), STAKE);
	});
}

#[test]
fn bad_sessions_and_joins_are_refused() {
	test(|| {
		let game = register(None);
		let create = |who, game, stake, seats| {
			Games::create_session(RuntimeOrigin::signed(who), game, stake, h(0), seats)
		};
		assert_noop!(create(ALICE, 9, STAKE, 2), E::UnknownGame);
		assert_noop!(create(ALICE, game, STAKE, 1), E::BadSeats);
		assert_noop!(create(ALICE, game, STAKE, 5), E::BadSeats);
		assert_noop!(create(ALICE, game, MIN_STAKE - 1, 2), E::StakeTooLow);
		assert_noop!(create(POOR, game, MIN_STAKE, 2), E::CannotHoldStake);
		assert_ok!(create(ALICE, game, STAKE, 2));
		assert_noop!(Games::join(RuntimeOrigin::signed(BOB), 5), E::UnknownSession);
		assert_noop!(Games::join(RuntimeOrigin::signed(ALICE), 0), E::AlreadySeated);
		assert_noop!(Games::join(RuntimeOrigin::signed(POOR), 0), E::CannotHoldStake);
		assert_ok!(Games::join(RuntimeOrigin::signed(BOB), 0));
		assert_noop!(Games::join(RuntimeOrigin::signed(CAROL), 0), E::AlreadyStarted);
	});
}

#[test]
fn leaving_before_the_start_refunds_and_the_creator_leaving_cancels() {
	test(|| {
		let game = register(None);
		assert_ok!(Games::create_session(RuntimeOrigin::signed(ALICE), game, STAKE, h(0), 3));
		assert_ok!(Games::join(RuntimeOrigin::signed(BOB), 0));
		assert_noop!(Games::leave(RuntimeOrigin::signed(CAROL), 0), E::NotAPlayer);
		assert_ok!(Games::leave(RuntimeOrigin::signed(BOB), 0));
		System::assert_last_event(Event::PlayerLeft { session: 0, player: BOB }.into());
		assert_eq!(held(HoldReason::Stake, BOB), 0);
		assert_eq!(total(BOB), FUNDS);
		// The seat is free again.
		assert_ok!(Games::join(RuntimeOrigin::signed(CAROL), 0));
		assert_eq!(Sessions::<Test>::get(0).unwrap().players.to_vec(), vec![ALICE, CAROL]);
		assert_ok!(Games::leave(RuntimeOrigin::signed(ALICE), 0));
		assert_eq!(last_ended(), (SessionResult::Cancelled, vec![(ALICE, STAKE), (CAROL, STAKE)]));
		assert!(Sessions::<Test>::get(0).is_none());
		for who in [ALICE, BOB, CAROL] {
			assert_eq!(total(who), FUNDS);
			assert_eq!(Balances::free_balance(who), FUNDS);
		}
		assert_eq!(GameRecords::<Test>::get(game).unwrap().open_sessions, 0);
		assert_noop!(Games::join(RuntimeOrigin::signed(BOB), 0), E::SessionEnded);
		// A started session cannot be left, only resigned.
		let session = started(game, &[ALICE, BOB]);
		assert_noop!(Games::leave(RuntimeOrigin::signed(BOB), session), E::AlreadyStarted);
	});
}

// ---------------------------------------------------------------------------------------------
// Moves
// ---------------------------------------------------------------------------------------------

#[test]
fn optimistic_moves_extend_the_chain_and_stay_pending_for_the_window() {
	test(|| {
		let session = started(register(None), &[ALICE, BOB]);
		assert_ok!(play(session, ALICE, 0, 0, 1, None));
		System::assert_last_event(
			Event::MoveMade {
				session,
				index: 0,
				seat: 0,
				player: ALICE,
				prev_hash: h(0),
				move_bytes: mv::<Test>(1),
				new_hash: h(1),
				outcome: None,
				challenge_deadline: Some(1 + WINDOW),
			}
			.into(),
		);
		next_block();
		assert_ok!(play(session, BOB, 1, 1, 2, None));
		let s = Sessions::<Test>::get(session).unwrap();
		assert_eq!((s.head, s.moves, s.last_move_at), (h(2), 2, 2));
		let pending = PendingMoves::<Test>::get(session);
		assert_eq!(pending.len(), 2);
		assert_eq!(pending[0].move_hash, sha256(&mv::<Test>(1)));
		assert_eq!(pending[0].deadline, 1 + WINDOW);
		assert_eq!(pending[1].prev_hash, h(1));
		// Past the first window, the next move drops the matured move.
		run_to(2 + WINDOW);
		assert_ok!(play(session, ALICE, 2, 2, 3, None));
		let indices: Vec<u32> =
			PendingMoves::<Test>::get(session).iter().map(|m| m.index).collect();
		assert_eq!(indices, vec![1, 2]);
	});
}

#[test]
fn bad_moves_change_nothing() {
	test(|| {
		let game = register(None);
		let session = started(game, &[ALICE, BOB]);
		assert_ok!(play(session, ALICE, 0, 0, 1, None));
		// Out of turn, not a player, wrong index, wrong previous hash, a winner that is no seat,
		// a proof for an optimistic game.
		assert_noop!(play(session, ALICE, 1, 1, 2, None), E::NotYourTurn);
		assert_noop!(play(session, CAROL, 1, 1, 2, None), E::NotAPlayer);
		assert_noop!(play(session, BOB, 0, 1, 2, None), E::WrongMoveIndex);
		assert_noop!(play(session, BOB, 2, 1, 2, None), E::WrongMoveIndex);
		assert_noop!(play(session, BOB, 1, 0, 2, None), E::WrongPreviousHash);
		assert_noop!(play(session, BOB, 1, 1, 2, Some(Outcome::Winner(2))), E::InvalidOutcome);
		assert_noop!(play_proved(session, BOB, 1, 1, 1, 2, None), E::UnexpectedProof);
		assert_noop!(play(session + 1, BOB, 1, 1, 2, None), E::UnknownSession);
		// The pending list is bounded: a move waits for the oldest window to close.
		let seat = |i: u32| if i % 2 == 0 { ALICE } else { BOB };
		let full = MAX_PENDING as u8;
		for i in 1..full {
			assert_ok!(play(session, seat(i.into()), i.into(), i, i + 1, None));
		}
		let next = MAX_PENDING;
		assert_noop!(play(session, seat(next), next, full, full + 1, None), E::TooManyPendingMoves);
		run_to(2 + WINDOW);
		assert_ok!(play(session, seat(next), next, full, full + 1, None));
		// A terminal move: the session waits for `finalize`.
		let winner = Outcome::Winner(((next + 1) % 2) as u8);
		assert_ok!(play(session, seat(next + 1), next + 1, full + 1, full + 2, Some(winner)));
		assert_noop!(
			play(session, seat(next + 2), next + 2, full + 2, full + 3, None),
			E::AwaitingFinalization
		);
		// On an ended session.
		let other = started(game, &[CAROL, DAVE]);
		assert_ok!(Games::resign(RuntimeOrigin::signed(DAVE), other));
		assert_noop!(play(other, CAROL, 0, 0, 1, None), E::SessionEnded);
	});
}

#[test]
fn proved_moves_need_a_proof_of_exactly_that_move() {
	test(|| {
		let session = started(register(Some(VK_MOVES)), &[ALICE, BOB]);
		assert_noop!(play(session, ALICE, 0, 0, 1, None), E::ProofRequired);
		let make = |proof: Vec<u8>| {
			Games::make_move(
				RuntimeOrigin::signed(ALICE),
				session,
				0,
				h(0),
				mv::<Test>(1),
				h(1),
				None,
				Some(ProofOf::<Test>::truncate_from(proof)),
			)
		};
		assert_noop!(make(vec![1, 2, 3]), E::MalformedProof);
		// A proof of another new state, another outcome, another seat or another move.
		assert_noop!(make(proof(0, 2, 0, None).into_inner()), E::InvalidProof);
		assert_noop!(make(proof(0, 1, 0, Some(Outcome::Draw)).into_inner()), E::InvalidProof);
		assert_noop!(make(proof(0, 1, 1, None).into_inner()), E::InvalidProof);
		let other_move = move_public_inputs(&h(0), &sha256(&mv::<Test>(9)), &h(1), 0, None);
		assert_noop!(make(mock_proof(&other_move)), E::InvalidProof);
		assert_ok!(make(proof(0, 1, 0, None).into_inner()));
		// A proved move is final: nothing pending, no deadline.
		assert!(PendingMoves::<Test>::get(session).is_empty());
		assert!(matches!(
			events().last(),
			Some(Event::MoveMade { challenge_deadline: None, index: 0, .. })
		));
		assert_ok!(play_proved(session, BOB, 1, 1, 1, 2, None));
		assert_eq!(Sessions::<Test>::get(session).unwrap().head, h(2));
		// Nothing to challenge.
		assert_noop!(challenge(session, ALICE, 1, 1, 2), E::MovesAreProven);
	});
}

#[test]
fn move_public_inputs_follow_the_documented_layout() {
	let prev = [1u8; 32];
	let mut move_hash = [0u8; 32];
	move_hash[0] = 7;
	move_hash[16] = 9;
	let new = [3u8; 32];
	let inputs = move_public_inputs(&prev, &move_hash, &new, 2, Some(Outcome::Winner(1)));
	assert_eq!(inputs.len() as u32, MOVE_PROOF_INPUTS);
	let [p0, p1] = aether_primitives::zk::hash_to_scalars(&prev);
	assert_eq!((inputs[0], inputs[1]), (p0, p1));
	assert_eq!(inputs[2][0], 7);
	assert_eq!(&inputs[2][1..], &[0u8; 31]);
	assert_eq!(inputs[3][0], 9);
	assert_eq!(inputs[4][..16], new[..16]);
	assert_eq!(&inputs[4][16..], &[0u8; 16]);
	assert_eq!(inputs[6], aether_primitives::zk::u128_to_scalar(2));
	// Winner(1) is code 3; a draw 1; no outcome 0.
	assert_eq!(inputs[7], aether_primitives::zk::u128_to_scalar(3));
	assert_eq!(outcome_code(Some(Outcome::Draw)), 1);
	assert_eq!(outcome_code(None), 0);
	// The rules program's side: input and output.
	assert_eq!(rules_input(1, &[5, 6], &[7]), vec![1, 2, 0, 0, 0, 5, 6, 7]);
	let out = rules_output(&new, Some(Outcome::Draw));
	assert_eq!(&out[..32], &new);
	assert_eq!(out[32], 1);
}

#[test]
fn a_proved_terminal_move_pays_the_winner_at_once() {
	test(|| {
		let session = started(register(Some(VK_MOVES)), &[ALICE, BOB, CAROL]);
		let issuance = Balances::total_issuance();
		assert_ok!(play_proved(session, ALICE, 0, 0, 0, 1, None));
		assert_ok!(play_proved(session, BOB, 1, 1, 1, 2, Some(Outcome::Winner(1))));
		assert_eq!(
			last_ended(),
			(
				SessionResult::Finished(Outcome::Winner(1)),
				vec![(ALICE, 0), (BOB, 3 * STAKE), (CAROL, 0)]
			)
		);
		assert_eq!(total(ALICE), FUNDS - STAKE);
		assert_eq!(total(BOB), FUNDS + 2 * STAKE);
		assert_eq!(total(CAROL), FUNDS - STAKE);
		for who in [ALICE, BOB, CAROL] {
			assert_eq!(Balances::free_balance(who), total(who), "nothing stays held");
		}
		assert_eq!(Balances::total_issuance(), issuance);
		assert!(Sessions::<Test>::get(session).is_none());
		assert!(PendingMoves::<Test>::get(session).is_empty());
		assert_noop!(play_proved(session, CAROL, 2, 2, 2, 3, None), E::SessionEnded);
	});
}

#[test]
fn a_draw_refunds_every_stake() {
	test(|| {
		let session = started(register(Some(VK_MOVES)), &[ALICE, BOB]);
		assert_ok!(play_proved(session, ALICE, 0, 0, 0, 1, Some(Outcome::Draw)));
		assert_eq!(
			last_ended(),
			(SessionResult::Finished(Outcome::Draw), vec![(ALICE, STAKE), (BOB, STAKE)])
		);
		assert_eq!(total(ALICE), FUNDS);
		assert_eq!(total(BOB), FUNDS);
	});
}

// ---------------------------------------------------------------------------------------------
// Optimistic finish and challenges
// ---------------------------------------------------------------------------------------------

#[test]
fn an_optimistic_terminal_move_is_paid_by_finalize_after_the_window() {
	test(|| {
		let session = started(register(None), &[ALICE, BOB]);
		assert_noop!(Games::finalize(RuntimeOrigin::signed(CAROL), session), E::NotFinishing);
		assert_ok!(play(session, ALICE, 0, 0, 1, None));
		next_block();
		assert_ok!(play(session, BOB, 1, 1, 2, Some(Outcome::Winner(1))));
		assert_eq!(
			Sessions::<Test>::get(session).unwrap().status,
			SessionStatus::Finishing(Outcome::Winner(1))
		);
		// Nothing else happens to a finishing session.
		assert_noop!(Games::resign(RuntimeOrigin::signed(ALICE), session), E::AwaitingFinalization);
		assert_noop!(
			Games::save_state(RuntimeOrigin::signed(ALICE), session, h(2), Blob::default()),
			E::AwaitingFinalization
		);
		run_to(2 + WINDOW);
		assert_noop!(
			Games::finalize(RuntimeOrigin::signed(CAROL), session),
			E::ChallengeWindowOpen
		);
		next_block();
		// Anyone may finalize.
		assert_ok!(Games::finalize(RuntimeOrigin::signed(CAROL), session));
		assert_eq!(
			last_ended(),
			(SessionResult::Finished(Outcome::Winner(1)), vec![(ALICE, 0), (BOB, 2 * STAKE)])
		);
		assert_eq!(total(BOB), FUNDS + STAKE);
		assert_eq!(total(ALICE), FUNDS - STAKE);
		assert_noop!(Games::finalize(RuntimeOrigin::signed(CAROL), session), E::SessionEnded);
	});
}

#[test]
fn a_confirmed_terminal_move_is_still_paid_by_finalize() {
	test(|| {
		let session = started(register(None), &[ALICE, BOB]);
		assert_ok!(play(session, ALICE, 0, 0, 1, Some(Outcome::Draw)));
		assert_ok!(challenge(session, BOB, 0, 0, 1));
		assert_noop!(Games::finalize(RuntimeOrigin::signed(BOB), session), E::ChallengeInProgress);
		settle(ExitStatus::Ok, &rules_output(&h(1), Some(Outcome::Draw)));
		// The move is final; the session still waits for `finalize`, which now may run.
		assert_eq!(
			Sessions::<Test>::get(session).unwrap().status,
			SessionStatus::Finishing(Outcome::Draw)
		);
		assert_ok!(Games::finalize(RuntimeOrigin::signed(BOB), session));
		assert_eq!(
			last_ended(),
			(SessionResult::Finished(Outcome::Draw), vec![(ALICE, STAKE), (BOB, STAKE)])
		);
		assert_eq!(total(ALICE), FUNDS + BOND);
		assert_eq!(total(BOB), FUNDS - BOND);
	});
}

#[test]
fn a_challenge_runs_the_rules_on_the_pre_state_and_freezes_the_session() {
	test(|| {
		let session = started(register(None), &[ALICE, BOB]);
		assert_ok!(play(session, ALICE, 0, 0, 1, None));
		assert_ok!(challenge(session, BOB, 0, 0, 1));
		let run = last_run();
		assert_eq!(run.payer, BOB);
		assert_eq!(run.program, RULES);
		assert_eq!(run.input, rules_input(0, &state(0), &mv::<Test>(1)));
		assert_eq!((run.fuel_limit, run.fee, run.redundancy), (1_000, CHALLENGE_FEE, REDUNDANCY));
		assert_eq!(held(HoldReason::ChallengeBond, BOB), BOND);
		System::assert_last_event(
			Event::ChallengeOpened {
				challenge: 0,
				session,
				move_index: 0,
				challenger: BOB,
				command: run.command,
				bond: BOND,
			}
			.into(),
		);
		assert_eq!(CommandChallenges::<Test>::get(run.command), Some(0));
		assert_eq!(Sessions::<Test>::get(session).unwrap().challenge, Some(0));
		// Frozen: no move, save, load, resignation, timeout claim or second challenge.
		run_to(1 + TIMEOUT + 1);
		assert_noop!(play(session, BOB, 1, 1, 2, None), E::ChallengeInProgress);
		assert_noop!(
			Games::save_state(RuntimeOrigin::signed(BOB), session, h(1), Blob::default()),
			E::ChallengeInProgress
		);
		assert_noop!(Games::resign(RuntimeOrigin::signed(ALICE), session), E::ChallengeInProgress);
		assert_noop!(
			Games::claim_timeout(RuntimeOrigin::signed(ALICE), session),
			E::ChallengeInProgress
		);
		assert_noop!(challenge(session, BOB, 0, 0, 1), E::ChallengeInProgress);
	});
}

#[test]
fn an_upheld_challenge_makes_the_cheater_forfeit() {
	test(|| {
		let session = started(register(None), &[ALICE, BOB]);
		let issuance = Balances::total_issuance();
		assert_ok!(play(session, ALICE, 0, 0, 1, None));
		assert_ok!(challenge(session, BOB, 0, 0, 1));
		// The rules say the move leads to state 9, not 1.
		settle(ExitStatus::Ok, &rules_output(&h(9), None));
		assert!(events().contains(&Event::ChallengeUpheld {
			challenge: 0,
			session,
			move_index: 0,
			cheater: ALICE,
			exit: ExitStatus::Ok,
		}));
		assert_eq!(
			last_ended(),
			(
				SessionResult::Forfeited { seat: 0, reason: ForfeitReason::Cheated },
				vec![(ALICE, 0), (BOB, 2 * STAKE)]
			)
		);
		assert_eq!(total(ALICE), FUNDS - STAKE);
		assert_eq!(total(BOB), FUNDS + STAKE);
		assert_eq!(held(HoldReason::ChallengeBond, BOB), 0);
		assert_eq!(Balances::total_issuance(), issuance);
		assert!(Challenges::<Test>::get(0).is_none());
		assert!(CommandChallenges::<Test>::iter().next().is_none());
		assert!(Sessions::<Test>::get(session).is_none());
	});
}

#[test]
fn a_trap_is_an_illegal_move_and_a_wrong_outcome_is_a_cheat() {
	test(|| {
		let game = register(None);
		let session = started(game, &[ALICE, BOB, CAROL]);
		assert_ok!(play(session, ALICE, 0, 0, 1, None));
		assert_ok!(challenge(session, CAROL, 0, 0, 1));
		settle(ExitStatus::Trapped, &[]);
		// Three players: the cheater's stake is shared by the other two.
		assert_eq!(
			last_ended(),
			(
				SessionResult::Forfeited { seat: 0, reason: ForfeitReason::Cheated },
				vec![(ALICE, 0), (BOB, STAKE + STAKE / 2), (CAROL, STAKE + STAKE / 2)]
			)
		);
		// A terminal move whose outcome the rules do not confirm.
		let session = started(game, &[ALICE, BOB]);
		assert_ok!(play(session, ALICE, 0, 0, 1, Some(Outcome::Winner(0))));
		assert_ok!(challenge(session, BOB, 0, 0, 1));
		settle(ExitStatus::Ok, &rules_output(&h(1), None));
		assert_eq!(
			last_ended().0,
			SessionResult::Forfeited { seat: 0, reason: ForfeitReason::Cheated }
		);
	});
}

#[test]
fn a_rejected_challenge_costs_the_challenger_its_bond() {
	test(|| {
		let session = started(register(None), &[ALICE, BOB]);
		let issuance = Balances::total_issuance();
		assert_ok!(play(session, ALICE, 0, 0, 1, None));
		run_to(3);
		assert_ok!(challenge(session, BOB, 0, 0, 1));
		run_to(4);
		settle(ExitStatus::Ok, &rules_output(&h(1), None));
		System::assert_last_event(
			Event::ChallengeRejected {
				challenge: 0,
				session,
				move_index: 0,
				challenger: BOB,
				mover: ALICE,
				bond: BOND,
			}
			.into(),
		);
		// Totals include what is held: the stakes are still in play.
		assert_eq!(total(BOB), FUNDS - BOND);
		assert_eq!(total(ALICE), FUNDS + BOND);
		assert_eq!(Balances::total_issuance(), issuance);
		// The move is final; play resumes with a fresh clock.
		let s = Sessions::<Test>::get(session).unwrap();
		assert_eq!((s.challenge, s.last_move_at), (None, 4));
		assert!(PendingMoves::<Test>::get(session).is_empty());
		assert_noop!(challenge(session, BOB, 0, 0, 1), E::ChallengeWindowClosed);
		assert_ok!(play(session, BOB, 1, 1, 2, None));
	});
}

#[test]
fn a_challenge_without_a_verdict_is_void_and_the_window_reopens() {
	test(|| {
		let session = started(register(None), &[ALICE, BOB]);
		assert_ok!(play(session, ALICE, 0, 0, 1, None));
		assert_ok!(challenge(session, BOB, 0, 0, 1));
		run_to(4);
		Games::on_command_settled(last_run().command, CommandOutcome::TimedOut);
		System::assert_last_event(
			Event::ChallengeVoided { challenge: 0, session, move_index: 0, deadline: 4 + WINDOW }
				.into(),
		);
		assert_eq!(held(HoldReason::ChallengeBond, BOB), 0);
		assert_eq!(total(BOB), FUNDS);
		assert_eq!(PendingMoves::<Test>::get(session)[0].deadline, 4 + WINDOW);
		// Running out of fuel decides nothing either.
		run_to(4 + WINDOW);
		assert_ok!(challenge(session, BOB, 0, 0, 1));
		settle(ExitStatus::OutOfFuel, &[]);
		assert!(matches!(events().last(), Some(Event::ChallengeVoided { challenge: 1, .. })));
		assert_eq!(Sessions::<Test>::get(session).unwrap().challenge, None);
	});
}

#[test]
fn bad_challenges_change_nothing() {
	test(|| {
		let game = register(None);
		let session = started(game, &[ALICE, BOB, CAROL]);
		assert_noop!(challenge(session, BOB, 0, 0, 1), E::UnknownMove);
		assert_ok!(play(session, ALICE, 0, 0, 1, None));
		assert_noop!(challenge(session, ALICE, 0, 0, 1), E::CannotChallengeOwnMove);
		assert_noop!(challenge(session, DAVE, 0, 0, 1), E::NotAPlayer);
		assert_noop!(challenge(session, BOB, 1, 0, 1), E::UnknownMove);
		// The pre-state must hash to the move's previous hash, the move to the recorded one.
		assert_noop!(challenge(session, BOB, 0, 5, 1), E::PreStateMismatch);
		assert_noop!(challenge(session, BOB, 0, 0, 2), E::MoveMismatch);
		assert_noop!(challenge(session + 1, BOB, 0, 0, 1), E::UnknownSession);
		// After the window: still listed, then dropped by the next move.
		run_to(1 + WINDOW + 1);
		assert_noop!(challenge(session, BOB, 0, 0, 1), E::ChallengeWindowClosed);
		assert_ok!(play(session, BOB, 1, 1, 2, None));
		assert_noop!(challenge(session, CAROL, 0, 0, 1), E::ChallengeWindowClosed);
		// A challenger that cannot hold the bond.
		let poor = started(game, &[ALICE, BOB]);
		let free = Balances::free_balance(BOB);
		assert_ok!(Balances::transfer_allow_death(RuntimeOrigin::signed(BOB), DAVE, free - 10));
		assert_ok!(play(poor, ALICE, 0, 0, 1, None));
		assert_noop!(challenge(poor, BOB, 0, 0, 1), E::CannotHoldBond);
		// Not started.
		assert_ok!(Games::create_session(RuntimeOrigin::signed(CAROL), game, STAKE, h(0), 2));
		assert_noop!(challenge(2, CAROL, 0, 0, 1), E::NotStarted);
	});
}

#[test]
fn a_failing_rules_run_undoes_the_challenge() {
	test(|| {
		let session = started(register(None), &[ALICE, BOB]);
		assert_ok!(play(session, ALICE, 0, 0, 1, None));
		// The runner refuses (here: the program is gone): the bond is not kept.
		PROGRAMS.with(|p| p.borrow_mut().clear());
		assert_noop!(challenge(session, BOB, 0, 0, 1), DispatchError::Other("unknown program"));
	});
}

#[test]
fn commands_of_no_challenge_are_ignored() {
	test(|| {
		let session = started(register(None), &[ALICE, BOB]);
		assert_ok!(play(session, ALICE, 0, 0, 1, None));
		let before = Sessions::<Test>::get(session);
		Games::on_command_settled(
			12_345,
			CommandOutcome::Settled { exit: ExitStatus::Trapped, output_hash: [0; 32] },
		);
		assert_eq!(Sessions::<Test>::get(session), before);
		assert!(matches!(events().last(), Some(Event::MoveMade { .. })));
	});
}

// ---------------------------------------------------------------------------------------------
// Save states
// ---------------------------------------------------------------------------------------------

fn blob(text: &str) -> Blob {
	Blob::truncate_from(text.as_bytes().to_vec())
}

fn save(session: SessionId, who: AccountId, n: u8) -> SaveId {
	let id = NextSaveId::<Test>::get();
	assert_ok!(Games::save_state(RuntimeOrigin::signed(who), session, h(n), blob("ipfs://state")));
	id
}

#[test]
fn saves_commit_the_head() {
	test(|| {
		let game = register(None);
		assert_ok!(Games::create_session(RuntimeOrigin::signed(ALICE), game, STAKE, h(0), 2));
		assert_noop!(
			Games::save_state(RuntimeOrigin::signed(ALICE), 0, h(0), blob("x")),
			E::NotStarted
		);
		assert_ok!(Games::join(RuntimeOrigin::signed(BOB), 0));
		assert_ok!(play(0, ALICE, 0, 0, 1, None));
		assert_noop!(
			Games::save_state(RuntimeOrigin::signed(CAROL), 0, h(1), blob("x")),
			E::NotAPlayer
		);
		// Another state (e.g. another session's head) is not this session's head.
		assert_noop!(
			Games::save_state(RuntimeOrigin::signed(BOB), 0, h(0), blob("x")),
			E::NotTheHead
		);
		let id = save(0, BOB, 1);
		System::assert_last_event(
			Event::StateSaved {
				session: 0,
				save: id,
				state_hash: h(1),
				moves: 1,
				blob: blob("ipfs://state"),
				player: BOB,
			}
			.into(),
		);
		let record = Saves::<Test>::get(id).unwrap();
		assert_eq!((record.session, record.moves, record.saved_by), (0, 1, BOB));
		save(0, ALICE, 1);
		save(0, ALICE, 1);
		assert_noop!(
			Games::save_state(RuntimeOrigin::signed(ALICE), 0, h(1), blob("x")),
			E::TooManySaves
		);
		// The saves go with the session.
		assert_ok!(Games::resign(RuntimeOrigin::signed(ALICE), 0));
		assert_eq!(Saves::<Test>::iter().count(), 0);
		assert!(SessionSaves::<Test>::get(0).is_empty());
	});
}

#[test]
fn loading_a_save_needs_every_player_and_rewinds_the_chain() {
	test(|| {
		let game = register(None);
		let session = started(game, &[ALICE, BOB, CAROL]);
		let other = started(game, &[DAVE, BOB]);
		let foreign = save(other, DAVE, 0);
		assert_ok!(play(session, ALICE, 0, 0, 1, None));
		let early = save(session, ALICE, 1);
		assert_ok!(play(session, BOB, 1, 1, 2, None));
		assert_ok!(play(session, CAROL, 2, 2, 3, None));
		let late = save(session, CAROL, 3);
		assert_ok!(play(session, ALICE, 3, 3, 4, None));

		let load = |who, save| Games::load_state(RuntimeOrigin::signed(who), session, save);
		assert_noop!(load(ALICE, 99), E::UnknownSave);
		assert_noop!(load(ALICE, foreign), E::SaveOfAnotherSession);
		assert_noop!(load(DAVE, early), E::NotAPlayer);
		assert_ok!(load(ALICE, early));
		System::assert_last_event(
			Event::LoadApproved { session, save: early, player: ALICE, approvals: 1, needed: 3 }
				.into(),
		);
		assert_noop!(load(ALICE, early), E::AlreadyApproved);
		// A move makes the approvals stale: they start over.
		assert_ok!(play(session, BOB, 4, 4, 5, None));
		assert_ok!(load(BOB, early));
		assert_eq!(LoadProposals::<Test>::get(session).unwrap().approvals.to_vec(), vec![1]);
		// So does asking for another save.
		assert_ok!(load(CAROL, late));
		assert_eq!(LoadProposals::<Test>::get(session).unwrap().approvals.to_vec(), vec![2]);
		assert_ok!(load(ALICE, early));
		assert_ok!(load(BOB, early));
		assert_eq!(Sessions::<Test>::get(session).unwrap().head, h(5), "two of three");
		run_to(3);
		assert_ok!(load(CAROL, early));
		System::assert_last_event(
			Event::StateLoaded { session, save: early, state_hash: h(1), moves: 1 }.into(),
		);
		let s = Sessions::<Test>::get(session).unwrap();
		assert_eq!((s.head, s.moves, s.last_move_at), (h(1), 1, 3));
		// The moves after the save are abandoned, and so is the later save.
		let indices: Vec<u32> =
			PendingMoves::<Test>::get(session).iter().map(|m| m.index).collect();
		assert_eq!(indices, vec![0]);
		assert!(Saves::<Test>::get(late).is_none());
		assert_eq!(SessionSaves::<Test>::get(session).to_vec(), vec![early]);
		assert!(LoadProposals::<Test>::get(session).is_none());
		// Seat 1 moves next, from the saved state.
		assert_noop!(play(session, ALICE, 1, 1, 2, None), E::NotYourTurn);
		assert_ok!(play(session, BOB, 1, 1, 7, None));
		// The move before the save can still be challenged.
		assert_ok!(challenge(session, CAROL, 0, 0, 1));
	});
}

// ---------------------------------------------------------------------------------------------
// Resignation and timeouts
// ---------------------------------------------------------------------------------------------

#[test]
fn resigning_forfeits_to_the_opponent() {
	test(|| {
		let session = started(register(None), &[ALICE, BOB]);
		assert_noop!(Games::resign(RuntimeOrigin::signed(CAROL), session), E::NotAPlayer);
		assert_ok!(Games::resign(RuntimeOrigin::signed(BOB), session));
		assert!(events().contains(&Event::PlayerResigned { session, player: BOB, seat: 1 }));
		assert_eq!(
			last_ended(),
			(
				SessionResult::Forfeited { seat: 1, reason: ForfeitReason::Resigned },
				vec![(ALICE, 2 * STAKE), (BOB, 0)]
			)
		);
		assert_eq!(total(ALICE), FUNDS + STAKE);
		assert_eq!(total(BOB), FUNDS - STAKE);
		assert_noop!(Games::resign(RuntimeOrigin::signed(ALICE), session), E::SessionEnded);
	});
}

#[test]
fn a_forfeited_stake_is_shared_with_the_remainder_to_the_lowest_seat() {
	test(|| {
		let game = register(None);
		let id = NextSessionId::<Test>::get();
		assert_ok!(Games::create_session(RuntimeOrigin::signed(ALICE), game, 1_001, h(0), 4));
		for who in [BOB, CAROL, DAVE] {
			assert_ok!(Games::join(RuntimeOrigin::signed(who), id));
		}
		let issuance = Balances::total_issuance();
		assert_ok!(Games::resign(RuntimeOrigin::signed(CAROL), id));
		// 1001 over three: 333 each, the remainder 2 to seat 0.
		assert_eq!(
			last_ended().1,
			vec![(ALICE, 1_001 + 335), (BOB, 1_001 + 333), (CAROL, 0), (DAVE, 1_001 + 333)]
		);
		assert_eq!(total(CAROL), FUNDS - 1_001);
		assert_eq!(
			total(ALICE) + total(BOB) + total(CAROL) + total(DAVE),
			4 * FUNDS,
			"payouts move stakes, they create nothing"
		);
		assert_eq!(Balances::total_issuance(), issuance);
	});
}

#[test]
fn the_player_to_move_times_out() {
	test(|| {
		let session = started(register(None), &[ALICE, BOB, CAROL]);
		assert_ok!(play(session, ALICE, 0, 0, 1, None));
		run_to(1 + TIMEOUT);
		assert_noop!(
			Games::claim_timeout(RuntimeOrigin::signed(ALICE), session),
			E::TimeoutNotReached
		);
		next_block();
		assert_noop!(
			Games::claim_timeout(RuntimeOrigin::signed(BOB), session),
			E::CannotClaimOwnTimeout
		);
		assert_noop!(Games::claim_timeout(RuntimeOrigin::signed(DAVE), session), E::NotAPlayer);
		assert_ok!(Games::claim_timeout(RuntimeOrigin::signed(CAROL), session));
		assert!(events().contains(&Event::TimeoutClaimed { session, claimant: CAROL, seat: 1 }));
		assert_eq!(
			last_ended(),
			(
				SessionResult::Forfeited { seat: 1, reason: ForfeitReason::TimedOut },
				vec![(ALICE, STAKE + STAKE / 2), (BOB, 0), (CAROL, STAKE + STAKE / 2)]
			)
		);
	});
}

#[test]
fn an_open_session_cannot_time_out() {
	test(|| {
		let game = register(None);
		assert_ok!(Games::create_session(RuntimeOrigin::signed(ALICE), game, STAKE, h(0), 2));
		run_to(2 + TIMEOUT);
		assert_noop!(Games::claim_timeout(RuntimeOrigin::signed(ALICE), 0), E::NotStarted);
		assert_noop!(Games::resign(RuntimeOrigin::signed(ALICE), 0), E::NotStarted);
	});
}

// ---------------------------------------------------------------------------------------------
// Balance, weights, configuration
// ---------------------------------------------------------------------------------------------

#[test]
fn a_whole_season_conserves_balance() {
	test(|| {
		let accounts = [ALICE, BOB, CAROL, DAVE, OWNER];
		let sum = || accounts.iter().map(|a| total(*a)).sum::<Balance>();
		let before = sum();
		let issuance = Balances::total_issuance();
		let optimistic = register(None);
		let proved = register(Some(VK_MOVES));
		// A cheat caught, a false challenge, a timeout, a proved win, a finalized draw.
		let s1 = started(optimistic, &[ALICE, BOB]);
		assert_ok!(play(s1, ALICE, 0, 0, 1, None));
		assert_ok!(challenge(s1, BOB, 0, 0, 1));
		settle(ExitStatus::Trapped, &[]);
		let s2 = started(optimistic, &[CAROL, DAVE]);
		assert_ok!(play(s2, CAROL, 0, 0, 1, None));
		assert_ok!(challenge(s2, DAVE, 0, 0, 1));
		settle(ExitStatus::Ok, &rules_output(&h(1), None));
		let s3 = started(proved, &[ALICE, CAROL, DAVE]);
		assert_ok!(play_proved(s3, ALICE, 0, 0, 0, 1, None));
		run_to(System::block_number() + TIMEOUT + 1);
		assert_ok!(Games::claim_timeout(RuntimeOrigin::signed(ALICE), s3));
		let s4 = started(proved, &[BOB, DAVE]);
		assert_ok!(play_proved(s4, BOB, 0, 0, 0, 1, Some(Outcome::Winner(0))));
		assert_ok!(play(s2, DAVE, 1, 1, 2, Some(Outcome::Draw)));
		run_to(System::block_number() + WINDOW + 1);
		assert_ok!(Games::finalize(RuntimeOrigin::signed(OWNER), s2));
		assert_ok!(Games::unregister_game(RuntimeOrigin::signed(OWNER), optimistic));
		assert_ok!(Games::unregister_game(RuntimeOrigin::signed(OWNER), proved));
		assert_eq!(sum(), before);
		assert_eq!(Balances::total_issuance(), issuance);
		for who in accounts {
			assert_eq!(Balances::free_balance(who), total(who), "nothing stays held");
		}
		assert_eq!(Sessions::<Test>::iter().count(), 0);
	});
}

#[test]
fn weights_follow_the_path() {
	test(|| {
		let call = |proof: Option<ProofOf<Test>>| {
			crate::Call::<Test>::make_move {
				session: 0,
				index: 0,
				prev_hash: h(0),
				move_bytes: mv::<Test>(1),
				new_hash: h(1),
				outcome: None,
				proof,
			}
			.get_dispatch_info()
			.call_weight
		};
		let with = call(Some(proof(0, 1, 0, None)));
		let without = call(None);
		let w = <() as WeightInfo>::make_move_proved(2, MAX_PLAYERS)
			+ MockVerifier::verify_weight(MOVE_PROOF_INPUTS);
		assert_eq!(with, w);
		assert_eq!(without, <() as WeightInfo>::make_move_optimistic(2));
		// The settlement hook tells the command pallet its worst case.
		assert_eq!(
			<Games as OnCommandSettled>::weight(),
			<() as WeightInfo>::resolve_challenge(MAX_PLAYERS)
		);
	});
}

#[test]
fn the_configuration_is_consistent() {
	new_test_ext().execute_with(|| Games::integrity_test());
}

// ---------------------------------------------------------------------------------------------
// With the real command pallet
// ---------------------------------------------------------------------------------------------

mod with_commands {
	use super::{h, mv, state};
	use crate::{
		mock_commands::*,
		rules::{rules_input, rules_output},
		*,
	};
	use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};
	use pallet_commands::{ExitStatus, ReportedOutput};
	// The pallet and its storage of games share a name.
	use crate::Games as GameRecords;
	use mock_commands::Games;

	type T = Integration;

	/// An optimistic game on program 0, a started session of ALICE and BOB, ALICE's first move
	/// (state 0 to state 1) and BOB's challenge of it. Returns the session and the command.
	fn challenged() -> (SessionId, CommandId) {
		assert_ok!(Games::register_game(
			RuntimeOrigin::signed(OWNER),
			0,
			None,
			GameParams { min_seats: 2, max_seats: 2, rules_fuel: 5_000 }
		));
		assert_ok!(Games::create_session(RuntimeOrigin::signed(ALICE), 0, STAKE, h(0), 2));
		assert_ok!(Games::join(RuntimeOrigin::signed(BOB), 0));
		assert_ok!(Games::make_move(
			RuntimeOrigin::signed(ALICE),
			0,
			0,
			h(0),
			mv::<T>(1),
			h(1),
			None,
			None
		));
		let command = pallet_commands::NextCommandId::<T>::get();
		assert_ok!(Games::challenge(
			RuntimeOrigin::signed(BOB),
			0,
			0,
			StateOf::<T>::truncate_from(state(0)),
			mv::<T>(1)
		));
		(0, command)
	}

	/// Every assigned executor reports `output`.
	fn report_all(command: CommandId, output: &[u8]) {
		let executors =
			pallet_commands::OpenCommands::<T>::get(command).expect("open").executors.into_inner();
		for executor in executors {
			if pallet_commands::OpenCommands::<T>::get(command).is_none() {
				break;
			}
			assert_ok!(Commands::report(
				RuntimeOrigin::signed(executor),
				command,
				ExitStatus::Ok,
				ReportedOutput::Plain(pallet_commands::IoOf::<T>::truncate_from(output.to_vec())),
				sha256(output),
				10,
				None,
			));
		}
		Games::do_try_state().expect("games invariants hold");
	}

	fn games_events() -> Vec<Event<T>> {
		System::events()
			.into_iter()
			.filter_map(|r| match r.event {
				RuntimeEvent::Games(e) => Some(e),
				_ => None,
			})
			.collect()
	}

	#[test]
	fn a_game_pins_its_rules_program() {
		new_integration_ext().execute_with(|| {
			assert_noop!(
				Games::register_game(
					RuntimeOrigin::signed(OWNER),
					7,
					None,
					GameParams { min_seats: 2, max_seats: 2, rules_fuel: 1 }
				),
				Error::<T>::UnknownRulesProgram
			);
			assert_ok!(Games::register_game(
				RuntimeOrigin::signed(OWNER),
				0,
				None,
				GameParams { min_seats: 2, max_seats: 2, rules_fuel: 1 }
			));
			assert_eq!(pallet_commands::ProgramPins::<T>::get(0), Some(1));
			assert_noop!(
				Commands::unregister_program(RuntimeOrigin::signed(OWNER), 0),
				pallet_commands::Error::<T>::ProgramInUse
			);
			assert_ok!(Games::unregister_game(RuntimeOrigin::signed(OWNER), 0));
			assert_eq!(pallet_commands::ProgramPins::<T>::get(0), None);
			assert!(GameRecords::<T>::get(0).is_none());
			assert_ok!(Commands::unregister_program(RuntimeOrigin::signed(OWNER), 0));
		});
	}

	#[test]
	fn a_challenge_submits_the_rules_command_paid_by_the_challenger() {
		new_integration_ext().execute_with(|| {
			let (_, command) = challenged();
			let open = pallet_commands::OpenCommands::<T>::get(command).expect("submitted");
			assert_eq!(open.owner, BOB);
			assert_eq!(open.program, 0);
			assert_eq!(open.fuel_limit, 5_000);
			assert_eq!(open.executors.len(), 3);
			assert_eq!(
				pallet_commands::Inputs::<T>::get(command).expect("plain").into_inner(),
				rules_input(0, &state(0), &mv::<T>(1))
			);
			let fee_hold = RuntimeHoldReason::Commands(pallet_commands::HoldReason::CommandFee);
			assert_eq!(Balances::balance_on_hold(&fee_hold, &BOB), FEE);
			assert_eq!(CommandChallenges::<T>::get(command), Some(0));
			next_block();
		});
	}

	#[test]
	fn executors_confirming_the_move_reject_the_challenge() {
		new_integration_ext().execute_with(|| {
			let (session, command) = challenged();
			report_all(command, &rules_output(&h(1), None));
			assert!(games_events().iter().any(|e| matches!(
				e,
				Event::ChallengeRejected { mover: ALICE, challenger: BOB, bond: BOND, .. }
			)));
			// BOB paid the fee (to the pot) and lost the bond to ALICE.
			assert_eq!(Balances::total_balance(&BOB), FUNDS - FEE - BOND);
			assert_eq!(Balances::total_balance(&ALICE), FUNDS + BOND);
			assert_eq!(Balances::free_balance(POT), 1 + FEE);
			assert_eq!(Sessions::<T>::get(session).expect("still played").challenge, None);
			next_block();
		});
	}

	#[test]
	fn executors_contradicting_the_move_convict_the_mover() {
		new_integration_ext().execute_with(|| {
			let (session, command) = challenged();
			report_all(command, &rules_output(&h(2), None));
			assert!(games_events().iter().any(|e| matches!(
				e,
				Event::ChallengeUpheld { cheater: ALICE, exit: ExitStatus::Ok, .. }
			)));
			assert!(Sessions::<T>::get(session).is_none());
			assert_eq!(Balances::total_balance(&ALICE), FUNDS - STAKE);
			assert_eq!(Balances::total_balance(&BOB), FUNDS + STAKE - FEE);
			next_block();
		});
	}

	#[test]
	fn a_command_that_times_out_voids_the_challenge() {
		new_integration_ext().execute_with(|| {
			let (session, _) = challenged();
			for _ in 0..COMMAND_TIMEOUT {
				next_block();
			}
			assert!(matches!(games_events().last(), Some(Event::ChallengeVoided { .. })));
			// The fee was refunded by the command pallet, the bond by the games pallet.
			assert_eq!(Balances::total_balance(&BOB), FUNDS);
			assert_eq!(Sessions::<T>::get(session).expect("still played").challenge, None);
		});
	}
}
