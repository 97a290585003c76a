//! The rules against known counts of the games' positions and hand-made positions.

use super::*;
use alloc::collections::BTreeSet;

/// Every position reachable from the initial state, with how many move sequences end in a
/// finished game (a win or a draw).
fn explore<R: Rules>(max_depth: usize) -> (Vec<BTreeSet<Vec<u8>>>, u64) {
	let mut levels = alloc::vec![BTreeSet::from([R::initial()])];
	let mut finished_games = 0u64;
	fn walk<R: Rules>(
		state: &[u8],
		seat: u8,
		depth: usize,
		max: usize,
		levels: &mut Vec<BTreeSet<Vec<u8>>>,
		finished: &mut u64,
	) {
		if depth == max {
			return;
		}
		// Every cell or column and a few past the end.
		for mv in 0..=10u8 {
			match R::step(seat, state, &[mv]) {
				Ok((next, code)) => {
					if levels.len() <= depth + 1 {
						levels.push(BTreeSet::new());
					}
					levels[depth + 1].insert(next.clone());
					if code == ONGOING {
						walk::<R>(&next, 1 - seat, depth + 1, max, levels, finished);
					} else {
						*finished += 1;
						// A finished board takes no further move.
						for other in 0..=10u8 {
							assert_eq!(R::step(1 - seat, &next, &[other]), Err(Illegal::Finished));
						}
					}
				},
				Err(e) => assert!(matches!(e, Illegal::BadMove | Illegal::Occupied), "{e:?}"),
			}
		}
	}
	let init = R::initial();
	walk::<R>(&init, 0, 0, max_depth, &mut levels, &mut finished_games);
	(levels, finished_games)
}

#[test]
fn tictactoe_has_the_known_numbers_of_positions_and_games() {
	let (levels, games) = explore::<TicTacToe>(9);
	let positions: usize = levels.iter().map(|l| l.len()).sum();
	// 5,478 legal positions and 255,168 possible games (e.g. Schaefer, "Tic-tac-toe").
	assert_eq!(positions, 5478);
	assert_eq!(games, 255_168);
}

#[test]
fn connect_four_has_the_known_numbers_of_positions_at_small_depths() {
	// OEIS A212693: positions after n plies.
	let (levels, _) = explore::<ConnectFour>(6);
	let counts: Vec<usize> = levels.iter().map(|l| l.len()).collect();
	assert_eq!(counts, [1, 7, 49, 238, 1120, 4263, 16422]);
}

fn board(rows_top_down: [&str; 6]) -> Vec<u8> {
	let mut s = alloc::vec![0u8; 42];
	for (i, row) in rows_top_down.iter().enumerate() {
		let r = 5 - i;
		for (c, ch) in row.bytes().enumerate() {
			s[r * 7 + c] = match ch {
				b'X' => 1,
				b'O' => 2,
				_ => 0,
			};
		}
	}
	s
}

#[test]
fn connect_four_wins_in_every_direction() {
	// (position before the winning move, seat, column)
	let cases = [
		// Horizontal: X on the bottom row at 0..3, plays 3.
		(board([".......", ".......", ".......", ".......", "OOO....", "XXX...."]), 0, 3),
		// Vertical: X stacked three in column 0.
		(board([".......", ".......", ".......", "X......", "X.....O", "X....OO"]), 0, 0),
		// Diagonal up-right: X at (0,0), (1,1), (2,2); plays column 3 onto (3,3).
		(board([".......", ".......", ".......", "..XO...", ".XOX...", "XOOXO.."]), 0, 3),
		// Diagonal up-left: the mirror image.
		(board([".......", ".......", ".......", "...OX..", "...XOX.", "..OXOOX"]), 0, 3),
	];
	for (i, (state, seat, col)) in cases.iter().enumerate() {
		let (x, o) = counts(state).unwrap();
		assert_eq!(*seat, seat_to_move((x, o)).unwrap(), "case {i}: the board's turn");
		let (next, code) =
			ConnectFour::step(*seat, state, &[*col]).unwrap_or_else(|e| panic!("case {i}: {e:?}"));
		assert_eq!(code, winner(*seat), "case {i}");
		assert!(ConnectFour::has_four(&next, seat + 1), "case {i}");
		assert!(!ConnectFour::has_four(state, seat + 1), "case {i}: already won");
	}
}

#[test]
fn connect_four_refuses_bad_input() {
	let empty = ConnectFour::initial();
	assert_eq!(ConnectFour::step(1, &empty, &[0]), Err(Illegal::WrongSeat));
	assert_eq!(ConnectFour::step(2, &empty, &[0]), Err(Illegal::WrongSeat));
	assert_eq!(ConnectFour::step(0, &empty, &[7]), Err(Illegal::BadMove));
	assert_eq!(ConnectFour::step(0, &empty, &[]), Err(Illegal::BadMove));
	assert_eq!(ConnectFour::step(0, &empty, &[0, 0]), Err(Illegal::BadMove));
	assert_eq!(ConnectFour::step(0, &empty[..41], &[0]), Err(Illegal::BadState));
	let mut floating = empty.clone();
	floating[7] = 1;
	floating[0] = 0;
	floating[1] = 2;
	assert_eq!(ConnectFour::step(0, &floating, &[0]), Err(Illegal::BadState));
	let mut three = empty.clone();
	three[0] = 3;
	assert_eq!(ConnectFour::step(0, &three, &[0]), Err(Illegal::BadState));
	let mut counts_off = empty.clone();
	counts_off[0] = 2;
	assert_eq!(ConnectFour::step(0, &counts_off, &[0]), Err(Illegal::BadState));
	let full_column = board(["X......", "O......", "X......", "O......", "X......", "O......"]);
	assert_eq!(ConnectFour::step(0, &full_column, &[0]), Err(Illegal::Occupied));
}

#[test]
fn connect_four_full_board_is_a_draw() {
	// A drawn board but for the top-right cell, filled by the last move (seat 1).
	let rows = ["XXOOXX.", "OOXXOOX", "XXOOXXO", "OOXXOOX", "XXOOXXO", "OOXXOOX"];
	let state = board(rows);
	let (x, o) = counts(&state).unwrap();
	assert_eq!((x, o), (21, 20));
	assert!(!ConnectFour::has_four(&state, 1) && !ConnectFour::has_four(&state, 2));
	let (next, code) = ConnectFour::step(1, &state, &[6]).unwrap();
	assert!(!ConnectFour::has_four(&next, 2));
	assert_eq!(code, DRAW);
}

#[test]
fn tictactoe_refuses_bad_input() {
	let empty = TicTacToe::initial();
	assert_eq!(TicTacToe::step(1, &empty, &[4]), Err(Illegal::WrongSeat));
	assert_eq!(TicTacToe::step(0, &empty, &[9]), Err(Illegal::BadMove));
	assert_eq!(TicTacToe::step(0, &empty, &[]), Err(Illegal::BadMove));
	assert_eq!(TicTacToe::step(0, &[0; 8], &[0]), Err(Illegal::BadState));
	assert_eq!(TicTacToe::step(0, &[1, 1, 0, 0, 0, 0, 0, 0, 0], &[2]), Err(Illegal::BadState));
	assert_eq!(TicTacToe::step(1, &[1, 0, 0, 0, 0, 0, 0, 0, 0], &[0]), Err(Illegal::Occupied));
	assert_eq!(TicTacToe::step(1, &[1, 1, 1, 2, 2, 0, 0, 0, 0], &[5]), Err(Illegal::Finished));
	assert_eq!(TicTacToe::step(0, &[3, 0, 0, 0, 0, 0, 0, 0, 0], &[5]), Err(Illegal::BadState));
}

#[test]
fn run_rules_frames_the_step() {
	let input = rules_input(0, &TicTacToe::initial(), &[4]);
	let out = run_rules::<TicTacToe>(&input).unwrap();
	let mut expected = TicTacToe::initial();
	expected[4] = 1;
	assert_eq!(&out[..32], &state_hash(&expected));
	assert_eq!(out[32], ONGOING);
	// Truncated headers and states are malformed.
	assert_eq!(run_rules::<TicTacToe>(&[]), Err(Illegal::MalformedInput));
	assert_eq!(run_rules::<TicTacToe>(&input[..4]), Err(Illegal::MalformedInput));
	let mut long = input.clone();
	long[1] = 200;
	assert_eq!(run_rules::<TicTacToe>(&long), Err(Illegal::MalformedInput));
	// A win by seat 0 on the top row.
	let out = run_rules::<TicTacToe>(&rules_input(0, &[1, 1, 0, 2, 2, 0, 0, 0, 0], &[2])).unwrap();
	assert_eq!(out[32], winner(0));
}
