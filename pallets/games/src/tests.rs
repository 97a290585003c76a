//! Tests of the games pallet: every call's happy path, every bad input refused with a named error
//! and nothing changed (`assert_noop!`), both anti-cheat modes, every verdict of a challenge,
//! timeouts, save states, and payouts that conserve balance. The invariants are checked after
//! every block and at the end of every test.

use crate::{mock::*, rules::*, *};
use frame_support::{
	assert_noop, assert_ok,
	dispatch::GetDispatchInfo,
	traits::{
		fungible::{InspectHold, MutateHold},
		tokens::Precision,
		Hooks,
	},
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
	GameParams { min_seats: min, max_seats: max, rules_fuel: 1_000, initial_hash: h(0) }
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
	.map(|_| ())
	.map_err(|e| e.error)
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
) -> frame_support::dispatch::DispatchResultWithPostInfo {
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
		assert_eq!(info.params.initial_hash, h(0));
		assert_eq!((info.open_sessions, info.queued, info.tournaments), (0, 0, 0));
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
			register(OWNER, RULES, None, GameParams { rules_fuel: 0, ..params(2, 2) }),
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
		let seat = |i: u32| if i.is_multiple_of(2) { ALICE } else { BOB };
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
fn a_proved_move_pays_for_what_it_used() {
	test(|| {
		type W = <Test as Config>::WeightInfo;
		let session = started(register(Some(VK_MOVES)), &[ALICE, BOB]);
		let verify = <Test as Config>::Verifier::verify_weight(MOVE_PROOF_INPUTS);
		let len = mv::<Test>(1).len() as u32;
		// A move that goes on: charged as an optimistic move plus the verification.
		let info = play_proved(session, ALICE, 0, 0, 0, 1, None).unwrap();
		assert_eq!(info.actual_weight, Some(W::make_move_optimistic(len).saturating_add(verify)));
		// The move that ends a session outside a tournament: the payout, not the bracket.
		let info = play_proved(session, BOB, 1, 1, 1, 2, Some(Outcome::Winner(1))).unwrap();
		let end = W::make_move_proved(len, MAX_PLAYERS).saturating_add(verify);
		assert_eq!(info.actual_weight, Some(end));
		assert!(end.all_lt(end.saturating_add(Games::session_end_weight())));
		// Resigning outside a tournament is refunded the bracket's share too.
		let session = started(register(None), &[ALICE, BOB]);
		let info = Games::resign(RuntimeOrigin::signed(ALICE), session).unwrap();
		assert_eq!(info.actual_weight, Some(W::resign(MAX_PLAYERS)));
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
// Ratings
// ---------------------------------------------------------------------------------------------

/// An account that absorbs the rating points `set_ratings` hands out, so a game's ratings still
/// add up as `try_state` requires.
const GHOST: AccountId = 99;

/// Gives accounts ratings in `game` as if they had played: `GHOST` takes the difference.
fn set_ratings(game: GameId, ratings: &[(AccountId, u32)]) {
	let mut ghost = i64::from(Ratings::<Test>::get(game, GHOST));
	for (who, rating) in ratings {
		ghost += i64::from(Ratings::<Test>::get(game, who)) - i64::from(*rating);
		Ratings::<Test>::insert(game, who, rating);
	}
	Ratings::<Test>::insert(game, GHOST, u32::try_from(ghost).expect("the ghost has points"));
}

fn rating_of(game: GameId, who: AccountId) -> u32 {
	Ratings::<Test>::get(game, who)
}

/// `E(gap)` by the formula, for the tests only.
fn float_expected(gap: f64) -> f64 {
	1.0 / (1.0 + 10f64.powf(-gap / 400.0))
}

#[test]
fn the_expected_score_follows_the_elo_formula() {
	use crate::rating::*;
	for (i, e) in EXPECTED_BELOW.iter().enumerate() {
		let exact = 1e6 * float_expected(-25.0 * i as f64);
		assert!((f64::from(*e) - exact).abs() <= 0.5, "table point {i}: {e} vs {exact}");
	}
	let mut previous = 0;
	for gap in -1_500i64..=1_500 {
		let e = expected_ppm(gap);
		assert!(e >= previous, "monotone at {gap}");
		previous = e;
		assert_eq!(e + expected_ppm(-gap), PPM, "symmetric at {gap}");
		// Interpolation within 1000 points; a flat tail beyond.
		let bound = if gap.abs() <= 1_000 { 250.0 } else { 3_200.0 };
		let exact = 1e6 * float_expected(gap as f64);
		assert!((f64::from(e) - exact).abs() <= bound, "{gap}: {e} vs {exact}");
	}
	assert_eq!(expected_ppm(0), 500_000);
	assert_eq!(expected_ppm(200), 1_000_000 - 240_253);
	assert_eq!(expected_ppm(i64::MIN), 3_152);
	assert_eq!(expected_ppm(i64::MAX), 1_000_000 - 3_152);
}

#[test]
fn elo_points_are_the_formula_within_one() {
	use crate::rating::*;
	for k in [10u32, 16, 32, 40] {
		for a in (700u32..=2_500).step_by(37) {
			for b in (700u32..=2_500).step_by(41) {
				let e = float_expected(f64::from(a) - f64::from(b));
				let kf = f64::from(k);
				let cases = [
					(Score::Win, kf * (1.0 - e)),
					(Score::Loss, -kf * e),
					(Score::Draw, kf * (0.5 - e)),
				];
				for (score, exact) in cases {
					let (na, nb) = rate(a, b, score, k);
					let gained = f64::from(na) - f64::from(a);
					assert!((gained - exact).abs() <= 1.0, "{a} v {b} {score:?} K={k}: {gained}");
					assert_eq!(na + nb, a + b, "points are exchanged, not made");
				}
			}
		}
	}
}

#[test]
fn elo_known_values() {
	use crate::rating::{rate, Score::*};
	// Equal ratings: K/2 either way; a draw changes nothing.
	assert_eq!(rate(1_500, 1_500, Win, 32), (1_516, 1_484));
	assert_eq!(rate(1_500, 1_500, Loss, 32), (1_484, 1_516));
	assert_eq!(rate(1_500, 1_500, Draw, 32), (1_500, 1_500));
	// 200 apart: E = 0.7597; the favourite wins 7.69 → 8, the outsider 24.31 → 24.
	assert_eq!(rate(1_600, 1_400, Win, 32), (1_608, 1_392));
	assert_eq!(rate(1_400, 1_600, Win, 32), (1_424, 1_576));
	assert_eq!(rate(1_400, 1_600, Loss, 32), (1_392, 1_608));
	// A draw moves them toward each other by 8.31 → 8.
	assert_eq!(rate(1_400, 1_600, Draw, 32), (1_408, 1_592));
	assert_eq!(rate(1_600, 1_400, Draw, 32), (1_592, 1_408));
	// 500 apart: 1.70 → 2 and 30.30 → 30; 800 apart: 0.32 → 0.
	assert_eq!(rate(2_000, 1_500, Win, 32), (2_002, 1_498));
	assert_eq!(rate(1_500, 2_000, Win, 32), (1_530, 1_970));
	assert_eq!(rate(1_900, 1_100, Win, 32), (1_900, 1_100));
	// K = 16 halves the points.
	assert_eq!(rate(1_500, 1_500, Win, 16), (1_508, 1_492));
	assert_eq!(rate(1_500, 1_500, Win, 0), (1_500, 1_500));
	// Ratings stop at 0 and at u32::MAX: what one loses, the other gains.
	assert_eq!(rate(10, 10, Loss, 32), (0, 20));
	assert_eq!(rate(u32::MAX - 3, u32::MAX - 3, Win, 32), (u32::MAX, u32::MAX - 6));
}

fn rating_events() -> Vec<(AccountId, u32, u32)> {
	events()
		.into_iter()
		.filter_map(|e| match e {
			Event::RatingChanged { player, old, new, .. } => Some((player, old, new)),
			_ => None,
		})
		.collect()
}

#[test]
fn wins_draws_and_forfeits_move_two_player_ratings() {
	test(|| {
		let game = register(Some(VK_MOVES));
		// A win: 16 points at equal ratings.
		let s = started(game, &[ALICE, BOB]);
		assert_ok!(play_proved(s, ALICE, 0, 0, 0, 1, Some(Outcome::Winner(0))));
		System::assert_has_event(
			Event::RatingChanged { game, player: ALICE, old: 1_500, new: 1_516 }.into(),
		);
		System::assert_last_event(
			Event::RatingChanged { game, player: BOB, old: 1_500, new: 1_484 }.into(),
		);
		// A draw 32 apart: 32 × (0.5 − 0.4540) = 1.47 → 1 toward each other.
		let s = started(game, &[ALICE, BOB]);
		assert_ok!(play_proved(s, ALICE, 0, 0, 0, 1, Some(Outcome::Draw)));
		assert_eq!((rating_of(game, ALICE), rating_of(game, BOB)), (1_515, 1_485));
		// A resignation: BOB (seat 0 now) wins 30 below: 32 × 0.5431 = 17.38 → 17.
		let s = started(game, &[BOB, ALICE]);
		assert_ok!(Games::resign(RuntimeOrigin::signed(ALICE), s));
		assert_eq!((rating_of(game, ALICE), rating_of(game, BOB)), (1_498, 1_502));
		// A timeout: ALICE wins 4 below: 32 × 0.5058 = 16.18 → 16.
		let s = started(game, &[ALICE, BOB]);
		assert_ok!(play_proved(s, ALICE, 0, 0, 0, 1, None));
		run_to(System::block_number() + TIMEOUT + 1);
		assert_ok!(Games::claim_timeout(RuntimeOrigin::signed(ALICE), s));
		assert_eq!((rating_of(game, ALICE), rating_of(game, BOB)), (1_514, 1_486));
		// One event per player and rated session, in seat order.
		assert_eq!(
			rating_events(),
			vec![
				(ALICE, 1_500, 1_516),
				(BOB, 1_500, 1_484),
				(ALICE, 1_516, 1_515),
				(BOB, 1_484, 1_485),
				(BOB, 1_485, 1_502),
				(ALICE, 1_515, 1_498),
				(ALICE, 1_498, 1_514),
				(BOB, 1_502, 1_486),
			]
		);
		// A proven cheat, in an optimistic game (ratings are per game): the cheater loses 16.
		let other = register(None);
		let s = started(other, &[ALICE, BOB]);
		assert_ok!(play(s, ALICE, 0, 0, 1, None));
		assert_ok!(challenge(s, BOB, 0, 0, 1));
		settle(ExitStatus::Trapped, &[]);
		assert_eq!((rating_of(other, ALICE), rating_of(other, BOB)), (1_484, 1_516));
		assert_eq!(rating_of(game, ALICE), 1_514, "another game's rating is untouched");
	});
}

#[test]
fn sessions_of_more_seats_and_cancelled_ones_rate_nobody() {
	test(|| {
		let game = register(Some(VK_MOVES));
		let s = started(game, &[ALICE, BOB, CAROL]);
		assert_ok!(play_proved(s, ALICE, 0, 0, 0, 1, Some(Outcome::Winner(0))));
		assert_ok!(Games::create_session(RuntimeOrigin::signed(ALICE), game, STAKE, h(0), 2));
		assert_ok!(Games::leave(RuntimeOrigin::signed(ALICE), s + 1));
		assert!(rating_events().is_empty());
		assert_eq!(Ratings::<Test>::iter().count(), 0);
		assert_eq!(rating_of(game, ALICE), INITIAL_RATING);
	});
}

// ---------------------------------------------------------------------------------------------
// Matchmaking
// ---------------------------------------------------------------------------------------------

fn queue(who: AccountId, game: GameId, stake: Balance) -> DispatchResult {
	Games::queue(RuntimeOrigin::signed(who), game, stake)
}

fn queued(game: GameId, stake: Balance) -> Vec<(AccountId, u32)> {
	Queues::<Test>::get(game, stake).iter().map(|e| (e.player, e.rating)).collect()
}

#[test]
fn the_queue_pairs_the_oldest_account_within_the_rating_window() {
	test(|| {
		let game = register(None);
		set_ratings(game, &[(BOB, 1_650), (CAROL, 1_560)]);
		assert_ok!(queue(ALICE, game, STAKE));
		System::assert_last_event(
			Event::Queued { game, stake: STAKE, player: ALICE, rating: 1_500 }.into(),
		);
		assert_eq!(held(HoldReason::Stake, ALICE), STAKE);
		assert_eq!(held(HoldReason::SessionDeposit, ALICE), SESSION_DEPOSIT);
		assert_eq!(Queued::<Test>::get(game, ALICE), Some(STAKE));
		// 150 above ALICE: outside the window, BOB waits too.
		assert_ok!(queue(BOB, game, STAKE));
		assert_eq!(queued(game, STAKE), vec![(ALICE, 1_500), (BOB, 1_650)]);
		assert_eq!(GameRecords::<Test>::get(game).unwrap().queued, 2);
		// CAROL is within 100 of both: the oldest, ALICE, is her partner.
		let session = NextSessionId::<Test>::get();
		let before = events().len();
		assert_ok!(queue(CAROL, game, STAKE));
		let new: Vec<_> = events().into_iter().skip(before).collect();
		assert_eq!(
			new,
			vec![
				Event::SessionCreated {
					session,
					game,
					creator: ALICE,
					seats: 2,
					stake: STAKE,
					initial_hash: h(0),
				},
				Event::PlayerJoined { session, player: CAROL, seat: 1 },
				Event::SessionStarted { session, players: vec![ALICE, CAROL] },
				Event::Matched { game, session, players: [ALICE, CAROL] },
			]
		);
		let s = Sessions::<Test>::get(session).unwrap();
		assert_eq!(s.players.to_vec(), vec![ALICE, CAROL]);
		assert_eq!((s.creator, s.stake, s.deposit), (ALICE, STAKE, SESSION_DEPOSIT));
		assert_eq!((s.status, s.head, s.initial_hash), (SessionStatus::Active, h(0), h(0)));
		assert_eq!(queued(game, STAKE), vec![(BOB, 1_650)]);
		assert_eq!(Queued::<Test>::get(game, ALICE), None);
		assert_eq!(Queued::<Test>::get(game, CAROL), None);
		let info = GameRecords::<Test>::get(game).unwrap();
		assert_eq!((info.queued, info.open_sessions), (1, 1));
		// ALICE's queued stake and deposit are the session's; CAROL holds only her stake.
		assert_eq!(held(HoldReason::Stake, ALICE), STAKE);
		assert_eq!(held(HoldReason::SessionDeposit, ALICE), SESSION_DEPOSIT);
		assert_eq!(held(HoldReason::Stake, CAROL), STAKE);
		assert_eq!(held(HoldReason::SessionDeposit, CAROL), 0);
		// An ordinary session from here: CAROL wins it; ALICE's deposit comes back.
		assert_noop!(Games::leave(RuntimeOrigin::signed(CAROL), session), E::AlreadyStarted);
		assert_ok!(play(session, ALICE, 0, 0, 1, None));
		assert_ok!(play(session, CAROL, 1, 1, 2, Some(Outcome::Winner(1))));
		run_to(2 + WINDOW);
		assert_ok!(Games::finalize(RuntimeOrigin::signed(BOB), session));
		assert_eq!(total(CAROL), FUNDS + STAKE);
		assert_eq!(total(ALICE), FUNDS - STAKE);
		for who in [ALICE, CAROL] {
			assert_eq!(Balances::free_balance(who), total(who), "nothing stays held");
		}
		// 1560 beat 1500: the favourite gains 32 × (1 − 0.5855) = 13.26 → 13.
		assert_eq!((rating_of(game, CAROL), rating_of(game, ALICE)), (1_573, 1_487));
	});
}

#[test]
fn queues_are_separate_per_stake_and_game() {
	test(|| {
		let game = register(None);
		let other = register(None);
		assert_ok!(queue(ALICE, game, STAKE));
		assert_ok!(queue(BOB, game, 2 * STAKE));
		assert_ok!(queue(CAROL, other, STAKE));
		assert!(!events().iter().any(|e| matches!(e, Event::Matched { .. })));
		assert_eq!(queued(game, STAKE), vec![(ALICE, 1_500)]);
		assert_eq!(queued(game, 2 * STAKE), vec![(BOB, 1_500)]);
		assert_eq!(queued(other, STAKE), vec![(CAROL, 1_500)]);
		assert_eq!(held(HoldReason::Stake, BOB), 2 * STAKE);
		// DAVE at twice the stake meets BOB, not ALICE who waited longer.
		let session = NextSessionId::<Test>::get();
		assert_ok!(queue(DAVE, game, 2 * STAKE));
		System::assert_last_event(Event::Matched { game, session, players: [BOB, DAVE] }.into());
		assert_eq!(Sessions::<Test>::get(session).unwrap().stake, 2 * STAKE);
		assert!(!Queues::<Test>::contains_key(game, 2 * STAKE), "an empty queue is removed");
		assert_eq!(queued(game, STAKE), vec![(ALICE, 1_500)]);
		// One entry per account and game, but an account may wait for several games.
		assert_noop!(queue(ALICE, game, 2 * STAKE), E::AlreadyQueued);
		assert_ok!(queue(ALICE, other, 3 * STAKE));
		assert_eq!(held(HoldReason::Stake, ALICE), 4 * STAKE);
		assert_eq!(held(HoldReason::SessionDeposit, ALICE), 2 * SESSION_DEPOSIT);
	});
}

#[test]
fn a_full_queue_refuses_only_an_account_it_cannot_pair() {
	test(|| {
		let game = register(None);
		set_ratings(game, &[(BOB, 1_700), (CAROL, 1_900), (DAVE, 2_100)]);
		for who in [ALICE, BOB, CAROL] {
			assert_ok!(queue(who, game, STAKE));
		}
		assert_eq!(queued(game, STAKE).len() as u32, MAX_QUEUE);
		// DAVE is 200 from CAROL, more from the others.
		assert_noop!(queue(DAVE, game, STAKE), E::QueueFull);
		// Another stake is another queue.
		assert_ok!(queue(DAVE, game, 2 * STAKE));
		// EVE (1500) pairs with ALICE: pairing needs no room.
		assert_ok!(queue(EVE, game, STAKE));
		assert!(matches!(events().last(), Some(Event::Matched { players: [ALICE, EVE], .. })));
		assert_eq!(queued(game, STAKE), vec![(BOB, 1_700), (CAROL, 1_900)]);
	});
}

#[test]
fn leaving_the_queue_releases_the_stake_and_the_deposit() {
	test(|| {
		let game = register(None);
		set_ratings(game, &[(BOB, 1_700), (CAROL, 1_900)]);
		for who in [ALICE, BOB, CAROL] {
			assert_ok!(queue(who, game, STAKE));
		}
		assert_ok!(Games::leave_queue(RuntimeOrigin::signed(BOB), game));
		System::assert_last_event(Event::LeftQueue { game, stake: STAKE, player: BOB }.into());
		assert_eq!(held(HoldReason::Stake, BOB), 0);
		assert_eq!(held(HoldReason::SessionDeposit, BOB), 0);
		assert_eq!(Balances::free_balance(BOB), FUNDS);
		// The others keep their order.
		assert_eq!(queued(game, STAKE), vec![(ALICE, 1_500), (CAROL, 1_900)]);
		assert_eq!(GameRecords::<Test>::get(game).unwrap().queued, 2);
		assert_noop!(Games::leave_queue(RuntimeOrigin::signed(BOB), game), E::NotQueued);
		for who in [ALICE, CAROL] {
			assert_ok!(Games::leave_queue(RuntimeOrigin::signed(who), game));
		}
		assert!(!Queues::<Test>::contains_key(game, STAKE));
		assert_eq!(GameRecords::<Test>::get(game).unwrap().queued, 0);
		// Back in the queue: nothing was left behind.
		assert_ok!(queue(BOB, game, STAKE));
		assert_eq!(queued(game, STAKE), vec![(BOB, 1_700)]);
	});
}

#[test]
fn bad_queue_calls_change_nothing() {
	test(|| {
		let game = register(None);
		let three = NextGameId::<Test>::get();
		assert_ok!(Games::register_game(RuntimeOrigin::signed(OWNER), RULES, None, params(3, 4)));
		assert_noop!(queue(ALICE, 9, STAKE), E::UnknownGame);
		assert_noop!(queue(ALICE, three, STAKE), E::BadSeats);
		assert_noop!(queue(ALICE, game, MIN_STAKE - 1), E::StakeTooLow);
		assert_noop!(queue(POOR, game, MIN_STAKE), E::CannotHoldStake);
		// Enough for the stake, not for the deposit.
		let short = 60;
		assert_ok!(Balances::transfer_allow_death(RuntimeOrigin::signed(OWNER), short, STAKE + 10));
		assert_noop!(queue(short, game, STAKE), E::CannotHoldDeposit);
		assert_noop!(Games::leave_queue(RuntimeOrigin::signed(ALICE), game), E::NotQueued);
		assert_ok!(queue(ALICE, game, STAKE));
		assert_noop!(queue(ALICE, game, STAKE), E::AlreadyQueued);
		// A game with a queued account cannot be unregistered.
		assert_noop!(Games::unregister_game(RuntimeOrigin::signed(OWNER), game), E::GameInUse);
		assert_ok!(Games::leave_queue(RuntimeOrigin::signed(ALICE), game));
		assert_ok!(Games::unregister_game(RuntimeOrigin::signed(OWNER), game));
		assert_noop!(queue(ALICE, game, STAKE), E::UnknownGame);
		// The account that only has the stake can still complete a pair: it needs no deposit.
		let game = register(None);
		assert_ok!(queue(BOB, game, STAKE));
		assert_ok!(queue(short, game, STAKE));
		assert!(matches!(events().last(), Some(Event::Matched { players: [BOB, 60], .. })));
	});
}

#[test]
fn a_queued_account_waits_with_its_current_rating() {
	test(|| {
		let game = register(Some(VK_MOVES));
		set_ratings(game, &[(BOB, 1_610), (DAVE, 1_700)]);
		assert_ok!(queue(ALICE, game, STAKE));
		// 110 apart: BOB would not be paired with ALICE now.
		assert_eq!(queued(game, STAKE), vec![(ALICE, 1_500)]);
		// While she waits ALICE beats DAVE elsewhere: 32 × 0.7597 = 24.31 → 24.
		let s = started(game, &[ALICE, DAVE]);
		assert_ok!(play_proved(s, ALICE, 0, 0, 0, 1, Some(Outcome::Winner(0))));
		assert_eq!(queued(game, STAKE), vec![(ALICE, 1_524)]);
		// 86 apart now.
		let session = NextSessionId::<Test>::get();
		assert_ok!(queue(BOB, game, STAKE));
		System::assert_last_event(Event::Matched { game, session, players: [ALICE, BOB] }.into());
	});
}

// ---------------------------------------------------------------------------------------------
// Tournaments
// ---------------------------------------------------------------------------------------------

fn join_tournament(who: AccountId, tournament: TournamentId) -> DispatchResult {
	Games::join_tournament(RuntimeOrigin::signed(who), tournament)
}

/// The sessions of the current round of a tournament, in bracket order.
fn round_sessions(tournament: TournamentId) -> Vec<SessionId> {
	Tournaments::<Test>::get(tournament).unwrap().matches.iter().map(|m| m.session).collect()
}

fn seats(session: SessionId) -> Vec<AccountId> {
	Sessions::<Test>::get(session).unwrap().players.to_vec()
}

fn decided() -> Vec<(u32, AccountId, AccountId)> {
	events()
		.into_iter()
		.filter_map(|e| match e {
			Event::MatchDecided { round, winner, loser, .. } => Some((round, winner, loser)),
			_ => None,
		})
		.collect()
}

#[test]
fn the_bracket_is_the_standard_seeding() {
	assert_eq!(Games::bracket_order(4), vec![0, 3, 1, 2]);
	assert_eq!(Games::bracket_order(8), vec![0, 7, 3, 4, 1, 6, 2, 5]);
	assert_eq!(
		Games::bracket_order(16),
		vec![0, 15, 7, 8, 3, 12, 4, 11, 1, 14, 6, 9, 2, 13, 5, 10]
	);
	// Every pair of round 1 adds up to the last seed: the best meets the worst.
	for size in [4u32, 8, 16, 32] {
		let order = Games::bracket_order(size);
		assert!(order.chunks(2).all(|p| p[0] + p[1] == size - 1));
		let mut sorted = order.clone();
		sorted.sort();
		assert_eq!(sorted, (0..size).collect::<Vec<_>>());
	}
}

#[test]
fn a_four_player_tournament_is_seeded_played_and_paid() {
	test(|| {
		let game = register(Some(VK_MOVES));
		set_ratings(game, &[(DAVE, 1_700), (BOB, 1_600)]);
		let fee = 1_000;
		let id = NextTournamentId::<Test>::get();
		assert_ok!(Games::create_tournament(RuntimeOrigin::signed(OWNER), game, 4, fee));
		System::assert_last_event(
			Event::TournamentCreated {
				tournament: id,
				game,
				creator: OWNER,
				size: 4,
				entry_fee: fee,
				deposit: TOURNAMENT_DEPOSIT,
			}
			.into(),
		);
		assert_eq!(held(HoldReason::TournamentDeposit, OWNER), TOURNAMENT_DEPOSIT);
		assert_eq!(GameRecords::<Test>::get(game).unwrap().tournaments, 1);
		for (k, who) in [ALICE, BOB, CAROL].into_iter().enumerate() {
			assert_ok!(join_tournament(who, id));
			System::assert_last_event(
				Event::TournamentJoined { tournament: id, player: who, players: k as u32 + 1 }
					.into(),
			);
			assert_eq!(held(HoldReason::EntryFee, who), fee);
		}
		assert_eq!(Tournaments::<Test>::get(id).unwrap().status, TournamentStatus::Open);
		let first = NextSessionId::<Test>::get();
		assert_ok!(join_tournament(DAVE, id));
		// Seeds: DAVE 1700, BOB 1600, then ALICE and CAROL at 1500 in join order.
		let t = Tournaments::<Test>::get(id).unwrap();
		assert_eq!(t.players.to_vec(), vec![DAVE, BOB, ALICE, CAROL]);
		assert_eq!(t.status, TournamentStatus::Running { round: 1 });
		// Seed 1 meets seed 4, seed 2 seed 3.
		System::assert_has_event(
			Event::TournamentStarted { tournament: id, bracket: vec![DAVE, CAROL, BOB, ALICE] }
				.into(),
		);
		let (m0, m1) = (first, first + 1);
		System::assert_last_event(
			Event::RoundStarted { tournament: id, round: 1, sessions: vec![m0, m1] }.into(),
		);
		for (slot, (session, players)) in
			[(m0, [DAVE, CAROL]), (m1, [BOB, ALICE])].iter().enumerate()
		{
			let s = Sessions::<Test>::get(session).unwrap();
			assert_eq!(s.players.to_vec(), players.to_vec(), "the higher seed has seat 0");
			assert_eq!((s.stake, s.deposit, s.seats, s.head), (0, 0, 2, h(0)));
			assert_eq!(s.status, SessionStatus::Active);
			assert_eq!(
				TournamentOfSession::<Test>::get(session),
				Some(TournamentMatch { tournament: id, slot: slot as u32 })
			);
		}
		for who in [ALICE, BOB, CAROL, DAVE] {
			assert_eq!(held(HoldReason::Stake, who), 0);
			assert_eq!(held(HoldReason::SessionDeposit, who), 0);
		}
		// A match is played out: it cannot be left.
		assert_noop!(Games::leave(RuntimeOrigin::signed(CAROL), m0), E::SessionInTournament);
		// CAROL beats the top seed with a winning move.
		assert_ok!(play_proved(m0, DAVE, 0, 0, 0, 1, None));
		assert_ok!(play_proved(m0, CAROL, 1, 1, 1, 2, Some(Outcome::Winner(1))));
		System::assert_last_event(
			Event::MatchDecided {
				tournament: id,
				round: 1,
				session: m0,
				winner: CAROL,
				loser: DAVE,
			}
			.into(),
		);
		assert_eq!(Tournaments::<Test>::get(id).unwrap().matches[0].winner, Some(3));
		assert_eq!(TournamentOfSession::<Test>::get(m0), None);
		// BOB resigns: the round is complete and the final starts.
		assert_ok!(Games::resign(RuntimeOrigin::signed(BOB), m1));
		let fin = m1 + 1;
		System::assert_last_event(
			Event::RoundStarted { tournament: id, round: 2, sessions: vec![fin] }.into(),
		);
		let t = Tournaments::<Test>::get(id).unwrap();
		assert_eq!(t.status, TournamentStatus::Running { round: 2 });
		assert_eq!(t.alive.to_vec(), vec![3, 2]);
		// ALICE (seed 3) has seat 0 against CAROL (seed 4).
		assert_eq!(seats(fin), vec![ALICE, CAROL]);
		let issuance = Balances::total_issuance();
		assert_ok!(play_proved(fin, ALICE, 0, 0, 0, 1, Some(Outcome::Winner(0))));
		assert_eq!(
			decided(),
			vec![(1, CAROL, DAVE), (1, ALICE, BOB), (2, ALICE, CAROL)],
			"every match is decided once"
		);
		// The pool is 4000: the runner-up gets 30%, 1200; the winner 2800.
		System::assert_last_event(
			Event::TournamentFinished {
				tournament: id,
				winner: ALICE,
				runner_up: CAROL,
				prizes: vec![(ALICE, 2_800), (CAROL, 1_200)],
			}
			.into(),
		);
		assert_eq!(total(ALICE), FUNDS - fee + 2_800);
		assert_eq!(total(CAROL), FUNDS - fee + 1_200);
		assert_eq!(total(BOB), FUNDS - fee);
		assert_eq!(total(DAVE), FUNDS - fee);
		assert_eq!(total(OWNER), FUNDS);
		for who in [ALICE, BOB, CAROL, DAVE] {
			assert_eq!(Balances::free_balance(who), total(who), "nothing stays held");
		}
		assert_eq!(held(HoldReason::TournamentDeposit, OWNER), 0);
		assert_eq!(Balances::total_issuance(), issuance);
		assert!(Tournaments::<Test>::get(id).is_none());
		assert_eq!(TournamentOfSession::<Test>::iter().count(), 0);
		assert_eq!(GameRecords::<Test>::get(game).unwrap().tournaments, 0);
		assert_noop!(join_tournament(EVE, id), E::TournamentEnded);
		assert_ok!(Games::unregister_game(RuntimeOrigin::signed(OWNER), game));
	});
}

#[test]
fn an_eight_player_tournament_with_draws_timeouts_and_a_cheat() {
	test(|| {
		let game = register(None);
		// An entry fee whose 30% is not whole: 8 × 333 = 2664, 799.2 → 799 to the runner-up.
		let fee = 333;
		let id = NextTournamentId::<Test>::get();
		assert_ok!(Games::create_tournament(RuntimeOrigin::signed(OWNER), game, 8, fee));
		for who in PLAYERS {
			assert_ok!(join_tournament(who, id));
		}
		// Equal ratings: seeds in join order; seeds 1–8, 4–5, 2–7, 3–6.
		assert_eq!(Tournaments::<Test>::get(id).unwrap().players.to_vec(), PLAYERS.to_vec());
		let r1 = round_sessions(id);
		let pairs: Vec<_> = r1.iter().map(|s| seats(*s)).collect();
		assert_eq!(
			pairs,
			vec![vec![ALICE, HEIDI], vec![DAVE, EVE], vec![BOB, GRACE], vec![CAROL, FERDIE]]
		);
		// Match 0: a draw; the higher seed, ALICE, goes on (after the challenge window).
		assert_ok!(play(r1[0], ALICE, 0, 0, 1, Some(Outcome::Draw)));
		// Match 2: BOB's move is proved wrong: he forfeits to GRACE.
		assert_ok!(play(r1[2], BOB, 0, 0, 1, None));
		assert_ok!(challenge(r1[2], GRACE, 0, 0, 1));
		settle(ExitStatus::Trapped, &[]);
		// Match 3: FERDIE resigns.
		assert_ok!(Games::resign(RuntimeOrigin::signed(FERDIE), r1[3]));
		// Match 1: DAVE never moves; EVE claims the timeout.
		run_to(1 + TIMEOUT + 1);
		assert_ok!(Games::finalize(RuntimeOrigin::signed(OWNER), r1[0]));
		assert_eq!(
			Tournaments::<Test>::get(id).unwrap().status,
			TournamentStatus::Running { round: 1 }
		);
		assert_ok!(Games::claim_timeout(RuntimeOrigin::signed(EVE), r1[1]));
		assert_eq!(
			decided(),
			vec![(1, GRACE, BOB), (1, CAROL, FERDIE), (1, ALICE, HEIDI), (1, EVE, DAVE)]
		);
		// Round 2: ALICE (1) v EVE (5), CAROL (3) v GRACE (7); the higher seed in seat 0.
		let r2 = round_sessions(id);
		System::assert_last_event(
			Event::RoundStarted { tournament: id, round: 2, sessions: r2.clone() }.into(),
		);
		assert_eq!(seats(r2[0]), vec![ALICE, EVE]);
		assert_eq!(seats(r2[1]), vec![CAROL, GRACE]);
		assert_eq!(Tournaments::<Test>::get(id).unwrap().alive.to_vec(), vec![0, 4, 6, 2]);
		// EVE wins with a move; CAROL resigns.
		let now = System::block_number();
		assert_ok!(play(r2[0], ALICE, 0, 0, 1, None));
		assert_ok!(play(r2[0], EVE, 1, 1, 2, Some(Outcome::Winner(1))));
		assert_ok!(Games::resign(RuntimeOrigin::signed(CAROL), r2[1]));
		run_to(now + WINDOW + 1);
		assert_ok!(Games::finalize(RuntimeOrigin::signed(HEIDI), r2[0]));
		// The final: EVE (5) against GRACE (7); a draw sends the higher seed through.
		let r3 = round_sessions(id);
		assert_eq!(seats(r3[0]), vec![EVE, GRACE]);
		let now = System::block_number();
		assert_ok!(play(r3[0], EVE, 0, 0, 1, None));
		assert_ok!(play(r3[0], GRACE, 1, 1, 2, Some(Outcome::Draw)));
		run_to(now + WINDOW + 1);
		assert_ok!(Games::finalize(RuntimeOrigin::signed(ALICE), r3[0]));
		assert_eq!(&decided()[4..], &[(2, GRACE, CAROL), (2, EVE, ALICE), (3, EVE, GRACE)]);
		System::assert_last_event(
			Event::TournamentFinished {
				tournament: id,
				winner: EVE,
				runner_up: GRACE,
				prizes: vec![(EVE, 2_664 - 799), (GRACE, 799)],
			}
			.into(),
		);
		assert_eq!(total(EVE), FUNDS - fee + 1_865);
		assert_eq!(total(GRACE), FUNDS - fee + 799);
		for who in [ALICE, BOB, CAROL, DAVE, FERDIE, HEIDI] {
			assert_eq!(total(who), FUNDS - fee);
		}
		for who in PLAYERS {
			assert_eq!(Balances::free_balance(who), total(who), "nothing stays held");
		}
		assert_eq!(held(HoldReason::TournamentDeposit, OWNER), 0);
		assert_eq!(total(OWNER), FUNDS);
		assert_eq!(PLAYERS.iter().map(|p| total(*p)).sum::<Balance>(), 8 * FUNDS);
		assert!(Tournaments::<Test>::get(id).is_none());
		assert_eq!(Sessions::<Test>::iter().count(), 0);
	});
}

#[test]
fn leaving_and_cancelling_a_tournament_refund() {
	test(|| {
		let game = register(None);
		let id = NextTournamentId::<Test>::get();
		assert_ok!(Games::create_tournament(RuntimeOrigin::signed(OWNER), game, 4, STAKE));
		// The creator may play too.
		for who in [OWNER, ALICE, BOB] {
			assert_ok!(join_tournament(who, id));
		}
		assert_ok!(Games::leave_tournament(RuntimeOrigin::signed(ALICE), id));
		System::assert_last_event(Event::TournamentLeft { tournament: id, player: ALICE }.into());
		assert_eq!(Balances::free_balance(ALICE), FUNDS);
		assert_noop!(Games::leave_tournament(RuntimeOrigin::signed(ALICE), id), E::NotInTournament);
		assert_eq!(Tournaments::<Test>::get(id).unwrap().players.to_vec(), vec![OWNER, BOB]);
		assert_noop!(
			Games::cancel_tournament(RuntimeOrigin::signed(BOB), id),
			E::NotTournamentCreator
		);
		assert_ok!(Games::cancel_tournament(RuntimeOrigin::signed(OWNER), id));
		System::assert_last_event(
			Event::TournamentCancelled { tournament: id, refunded: vec![OWNER, BOB] }.into(),
		);
		for who in [OWNER, ALICE, BOB] {
			assert_eq!(held(HoldReason::EntryFee, who), 0);
			assert_eq!(held(HoldReason::TournamentDeposit, who), 0);
		}
		assert_eq!(Balances::free_balance(BOB), FUNDS);
		assert_eq!(total(OWNER), FUNDS);
		assert_eq!(GameRecords::<Test>::get(game).unwrap().tournaments, 0);
		assert_noop!(join_tournament(CAROL, id), E::TournamentEnded);
		assert_noop!(
			Games::cancel_tournament(RuntimeOrigin::signed(OWNER), id),
			E::TournamentEnded
		);
		// Once started, nobody gets out and nobody else gets in.
		let id = NextTournamentId::<Test>::get();
		assert_ok!(Games::create_tournament(RuntimeOrigin::signed(OWNER), game, 4, STAKE));
		for who in [ALICE, BOB, CAROL, DAVE] {
			assert_ok!(join_tournament(who, id));
		}
		assert_noop!(
			Games::leave_tournament(RuntimeOrigin::signed(ALICE), id),
			E::TournamentStarted
		);
		assert_noop!(
			Games::cancel_tournament(RuntimeOrigin::signed(OWNER), id),
			E::TournamentStarted
		);
		assert_noop!(join_tournament(EVE, id), E::TournamentFull);
		assert_noop!(Games::unregister_game(RuntimeOrigin::signed(OWNER), game), E::GameInUse);
	});
}

#[test]
fn bad_tournaments_change_nothing() {
	test(|| {
		let game = register(None);
		let three = NextGameId::<Test>::get();
		assert_ok!(Games::register_game(RuntimeOrigin::signed(OWNER), RULES, None, params(3, 4)));
		let create = |who, game, size, fee| {
			Games::create_tournament(RuntimeOrigin::signed(who), game, size, fee)
		};
		assert_noop!(create(OWNER, 9, 4, STAKE), E::UnknownGame);
		assert_noop!(create(OWNER, three, 4, STAKE), E::BadSeats);
		for size in [0, 3, 6, 12] {
			assert_noop!(create(OWNER, game, size, STAKE), E::NotPowerOfTwo);
		}
		for size in [1, 2, 2 * MAX_TOURNAMENT] {
			assert_noop!(create(OWNER, game, size, STAKE), E::BadTournamentSize);
		}
		assert_noop!(create(OWNER, game, 4, MIN_STAKE - 1), E::EntryFeeTooLow);
		assert_noop!(create(POOR, game, 4, MIN_STAKE), E::CannotHoldDeposit);
		assert_noop!(join_tournament(ALICE, 0), E::UnknownTournament);
		assert_noop!(
			Games::leave_tournament(RuntimeOrigin::signed(ALICE), 0),
			E::UnknownTournament
		);
		assert_noop!(
			Games::cancel_tournament(RuntimeOrigin::signed(OWNER), 0),
			E::UnknownTournament
		);
		assert_ok!(create(OWNER, game, MAX_TOURNAMENT, MIN_STAKE));
		assert_noop!(join_tournament(POOR, 0), E::CannotHoldEntryFee);
		assert_ok!(join_tournament(ALICE, 0));
		assert_noop!(join_tournament(ALICE, 0), E::AlreadyInTournament);
		// A game with a tournament that has not started cannot be unregistered either.
		assert_noop!(Games::unregister_game(RuntimeOrigin::signed(OWNER), game), E::GameInUse);
	});
}

#[test]
fn the_invariants_catch_broken_queues_brackets_and_ratings() {
	new_test_ext().execute_with(|| {
		let game = register(None);
		assert_ok!(queue(EVE, game, STAKE));
		assert_ok!(Games::create_tournament(RuntimeOrigin::signed(OWNER), game, 4, STAKE));
		for who in [ALICE, BOB, CAROL, DAVE] {
			assert_ok!(join_tournament(who, 0));
		}
		assert_ok!(Games::do_try_state());
		let broken = |what: &'static str| assert_eq!(Games::do_try_state(), Err(what.into()));
		// Rating points made out of nothing.
		Ratings::<Test>::insert(game, FERDIE, 1_501);
		broken("a game's ratings do not add up to the initial rating times their number");
		Ratings::<Test>::remove(game, FERDIE);
		// A queued account whose rating moved without its entry.
		set_ratings(game, &[(EVE, 1_600)]);
		broken("a queue entry's rating is not its account's");
		set_ratings(game, &[(EVE, 1_500)]);
		assert_ok!(Games::do_try_state());
		// A match's session that lost its link.
		let session = round_sessions(0)[0];
		let link = TournamentOfSession::<Test>::take(session).unwrap();
		broken("a match's session does not link back to it");
		TournamentOfSession::<Test>::insert(session, link);
		// A session that is not the match's.
		let s = Sessions::<Test>::get(session).unwrap();
		let mut swapped = s.clone();
		swapped.players =
			PlayersOf::<Test>::truncate_from(s.players.iter().rev().copied().collect());
		swapped.creator = s.players[1];
		Sessions::<Test>::insert(session, swapped);
		broken("a match's session does not seat its players, the higher seed first");
		Sessions::<Test>::insert(session, s);
		// An entry fee that is not held.
		let fee = RuntimeHoldReason::Games(HoldReason::EntryFee);
		assert_ok!(Balances::release(&fee, &BOB, 1, Precision::Exact));
		broken("held entry fees differ from the tournaments'");
		assert_ok!(Balances::hold(&fee, &BOB, 1));
		// A game that lost count of its queue.
		GameRecords::<Test>::mutate(game, |g| g.as_mut().unwrap().queued += 1);
		broken("a game's queued count is wrong");
		GameRecords::<Test>::mutate(game, |g| g.as_mut().unwrap().queued -= 1);
		assert_ok!(Games::do_try_state());
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
		// A session's end may decide a tournament match: the worse of a new round and a final.
		let end =
			<() as WeightInfo>::tournament_round().max(<() as WeightInfo>::tournament_final());
		assert_eq!(Games::session_end_weight(), end);
		let w = <() as WeightInfo>::make_move_proved(2, MAX_PLAYERS)
			+ MockVerifier::verify_weight(MOVE_PROOF_INPUTS)
			+ end;
		assert_eq!(with, w);
		assert_eq!(without, <() as WeightInfo>::make_move_optimistic(2));
		// The settlement hook tells the command pallet its worst case.
		assert_eq!(
			<Games as OnCommandSettled>::weight(),
			<() as WeightInfo>::resolve_challenge(MAX_PLAYERS) + end
		);
		let weight = |call: crate::Call<Test>| call.get_dispatch_info().call_weight;
		assert_eq!(
			weight(crate::Call::resign { session: 0 }),
			<() as WeightInfo>::resign(MAX_PLAYERS) + end
		);
		assert_eq!(
			weight(crate::Call::claim_timeout { session: 0 }),
			<() as WeightInfo>::claim_timeout(MAX_PLAYERS) + end
		);
		assert_eq!(
			weight(crate::Call::finalize { session: 0 }),
			<() as WeightInfo>::finalize(MAX_PLAYERS) + end
		);
		// Matchmaking and tournaments, at their worst cases.
		assert_eq!(
			weight(crate::Call::queue { game: 0, stake: STAKE }),
			<() as WeightInfo>::queue(MAX_QUEUE)
		);
		assert_eq!(
			weight(crate::Call::leave_queue { game: 0 }),
			<() as WeightInfo>::leave_queue(MAX_QUEUE)
		);
		assert_eq!(
			weight(crate::Call::create_tournament { game: 0, size: 4, entry_fee: STAKE }),
			<() as WeightInfo>::create_tournament()
		);
		assert_eq!(
			weight(crate::Call::join_tournament { tournament: 0 }),
			<() as WeightInfo>::join_tournament()
		);
		assert_eq!(
			weight(crate::Call::leave_tournament { tournament: 0 }),
			<() as WeightInfo>::leave_tournament()
		);
		assert_eq!(
			weight(crate::Call::cancel_tournament { tournament: 0 }),
			<() as WeightInfo>::cancel_tournament()
		);
	});
}

#[test]
fn the_configuration_is_consistent() {
	new_test_ext().execute_with(Games::integrity_test);
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
			GameParams { min_seats: 2, max_seats: 2, rules_fuel: 5_000, initial_hash: h(0) }
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
					GameParams { min_seats: 2, max_seats: 2, rules_fuel: 1, initial_hash: h(0) }
				),
				Error::<T>::UnknownRulesProgram
			);
			assert_ok!(Games::register_game(
				RuntimeOrigin::signed(OWNER),
				0,
				None,
				GameParams { min_seats: 2, max_seats: 2, rules_fuel: 1, initial_hash: h(0) }
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
