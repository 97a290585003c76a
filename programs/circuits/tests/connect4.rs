//! The connect-four rules: `aether_games::ConnectFour` natively, and the rules program `connect4`
//! (`programs/out/connect4.wasm`, `programs/guests/connect4`) in the executors' sandbox
//! (aether-veil), both agree with [`reference`], an independent implementation of the rules as
//! the games ledger specifies them (written here from the specification, sharing no code), on
//! hand-made positions (each way to win, a draw, a win on the last cell, every illegal case) and
//! on thousands of random games in which every move is tried, illegal ones included, and on
//! corrupted states.
//!
//! The native tests run with `cargo test -p aether-circuits --test connect4`. The sandbox ones
//! need the module, which `scripts/build-programs.sh` builds: a plain `cargo test` skips them
//! (`#[ignore]`) and `scripts/build-programs.sh --test` runs them. Run by hand
//! (`cargo test -p aether-circuits --test connect4 -- --ignored`) without the module, they fail
//! and say so.

mod common;

use std::path::PathBuf;

use aether_games::{run_rules, ConnectFour};
use aether_primitives::commands::{validate_module, ProgramLimits};
use aether_veil::{ExitStatus, Prepared, Sandbox, SandboxConfig};
use ark_std::rand::{rngs::StdRng, Rng};

/// The runtime's `MaxFuel`.
const FUEL: u64 = 10_000_000_000;

/// The rules of connect four, from the specification of issue 7 alone.
mod reference {
	use sha2::{Digest, Sha256};

	pub const WIDTH: usize = 7;
	pub const HEIGHT: usize = 6;
	pub const CELLS: usize = WIDTH * HEIGHT;

	/// Every line of four cells on the board: 24 horizontal, 21 vertical, 12 + 12 diagonal.
	pub fn lines() -> Vec<[usize; 4]> {
		let mut lines = Vec::new();
		for row in 0..HEIGHT as i32 {
			for col in 0..WIDTH as i32 {
				for (dr, dc) in [(0, 1), (1, 0), (1, 1), (1, -1)] {
					let cells = [0, 1, 2, 3].map(|k| (row + k * dr, col + k * dc));
					if cells.iter().all(|&(r, c)| {
						(0..HEIGHT as i32).contains(&r) && (0..WIDTH as i32).contains(&c)
					}) {
						lines.push(cells.map(|(r, c)| r as usize * WIDTH + c as usize));
					}
				}
			}
		}
		lines
	}

	/// Whether `piece` fills a whole line.
	pub fn four(board: &[u8], piece: u8) -> bool {
		static LINES: std::sync::LazyLock<Vec<[usize; 4]>> = std::sync::LazyLock::new(lines);
		assert_eq!(LINES.len(), 69);
		LINES.iter().any(|line| line.iter().all(|&i| board[i] == piece))
	}

	/// The new state and outcome code of a rules input, `None` if it must trap.
	pub fn play(input: &[u8]) -> Option<(Vec<u8>, u8)> {
		if input.len() < 5 {
			return None;
		}
		let seat = input[0];
		let state_len = u32::from_le_bytes(input[1..5].try_into().unwrap());
		// The state has 42 bytes and the move 1: nothing else is legal.
		if state_len != CELLS as u32 || input.len() != 5 + CELLS + 1 {
			return None;
		}
		let state = &input[5..5 + CELLS];
		let column = usize::from(input[5 + CELLS]);
		if state.iter().any(|&b| b > 2) {
			return None;
		}
		// Each column is a stack: some pieces from the bottom, then empty cells.
		let mut heights = [0usize; WIDTH];
		for (col, height) in heights.iter_mut().enumerate() {
			let column: Vec<u8> = (0..HEIGHT).map(|row| state[row * WIDTH + col]).collect();
			*height = column.iter().filter(|&&b| b != 0).count();
			if column[..*height].contains(&0) {
				return None;
			}
		}
		let firsts = state.iter().filter(|&&b| b == 1).count();
		let seconds = state.iter().filter(|&&b| b == 2).count();
		let turn = match firsts as i64 - seconds as i64 {
			0 => 0,
			1 => 1,
			_ => return None,
		};
		if seat != turn || four(state, 1) || four(state, 2) || firsts + seconds == CELLS {
			return None;
		}
		if column >= WIDTH || heights[column] == HEIGHT {
			return None;
		}
		let mut new = state.to_vec();
		new[heights[column] * WIDTH + column] = seat + 1;
		let outcome = if four(&new, seat + 1) {
			2 + seat
		} else if firsts + seconds + 1 == CELLS {
			1
		} else {
			0
		};
		Some((new, outcome))
	}

	/// The rules program's output for `input`, `None` if it must trap.
	pub fn output(input: &[u8]) -> Option<Vec<u8>> {
		play(input).map(|(state, outcome)| {
			let mut out = Sha256::digest(&state).to_vec();
			out.push(outcome);
			out
		})
	}
}

use reference::{CELLS, HEIGHT, WIDTH};

/// The rules input (`pallet_games::rules::rules_input`): `seat ‖ len u32 LE ‖ state ‖ move`.
fn input(seat: u8, state: &[u8], mv: &[u8]) -> Vec<u8> {
	let mut input = vec![seat];
	input.extend_from_slice(&(state.len() as u32).to_le_bytes());
	input.extend_from_slice(state);
	input.extend_from_slice(mv);
	input
}

/// A state drawn as rows of `.`, `X` (seat 0), `O` (seat 1), **top row first**.
fn board(rows: [&str; HEIGHT]) -> Vec<u8> {
	let mut state = vec![0u8; CELLS];
	for (i, line) in rows.iter().enumerate() {
		let row = HEIGHT - 1 - i;
		assert_eq!(line.len(), WIDTH, "{line}");
		for (col, ch) in line.chars().enumerate() {
			state[row * WIDTH + col] = match ch {
				'.' => 0,
				'X' => 1,
				'O' => 2,
				_ => panic!("{ch} in {line}"),
			};
		}
	}
	state
}

/// A full board without four in a row: columns alternate, three rows at a time.
fn draw_board() -> Vec<u8> {
	let state: Vec<u8> = (0..CELLS)
		.map(|i| if ((i / WIDTH) / 3 + i % WIDTH).is_multiple_of(2) { 1 } else { 2 })
		.collect();
	assert!(!reference::four(&state, 1) && !reference::four(&state, 2));
	state
}

/// A hand-made case: an input and what the rules say of it (`None`: illegal).
struct Case {
	what: String,
	input: Vec<u8>,
	outcome: Option<u8>,
}

fn case(what: &str, seat: u8, state: &[u8], mv: &[u8], outcome: Option<u8>) -> Case {
	Case { what: what.into(), input: input(seat, state, mv), outcome }
}

/// Positions made by hand: every way to win, a draw, a win on the last cell, moves that go on,
/// and every illegal case.
fn hand_made() -> Vec<Case> {
	let empty = vec![0u8; CELLS];
	let mut cases = vec![
		case("first move", 0, &empty, &[3], Some(0)),
		case("first move, last column", 0, &empty, &[6], Some(0)),
		case(
			"horizontal, seat 0",
			0,
			&board([".......", ".......", ".......", ".......", "OOO....", "XXX...."]),
			&[3],
			Some(2),
		),
		case(
			"horizontal, the new piece inside the line",
			0,
			&board([".......", ".......", ".......", ".......", "OO.O...", "XX.X..."]),
			&[2],
			Some(2),
		),
		case(
			"horizontal, five in a row",
			0,
			&board([".......", ".......", ".......", ".......", "OO.OO..", "XX.XX.."]),
			&[2],
			Some(2),
		),
		case(
			"horizontal, top row, seat 1",
			1,
			&board(["OOO....", "XXXO...", "OOOX...", "XXXO...", "OOOX...", "XXXOX.X"]),
			&[3],
			Some(3),
		),
		case(
			"vertical, seat 1",
			1,
			&board([".......", ".......", ".......", "O......", "O......", "OX.X.XX"]),
			&[0],
			Some(3),
		),
		case(
			"vertical, seat 0, column top",
			0,
			&board([".......", "X......", "X......", "X......", "O......", "O.O...."]),
			&[0],
			Some(2),
		),
		case(
			"diagonal /, top end",
			0,
			&board([".......", ".......", ".......", "..XO...", ".XOX...", "XOXO..O"]),
			&[3],
			Some(2),
		),
		case(
			"diagonal /, bottom end, seat 1",
			1,
			&board([".......", ".......", "...O...", "..OX...", ".OXO...", ".XXX..."]),
			&[0],
			Some(3),
		),
		case(
			"diagonal \\, top end",
			0,
			&board([".......", ".......", ".......", "...OX..", "...XOX.", "O..OXOX"]),
			&[3],
			Some(2),
		),
		case(
			"diagonal \\, bottom end, seat 1",
			1,
			&board([".......", ".......", "...O...", "...XO..", "...OXO.", "...XXX."]),
			&[6],
			Some(3),
		),
		case(
			"three in a row is not four",
			0,
			&board([".......", ".......", ".......", ".......", "OO.....", "XX....."]),
			&[2],
			Some(0),
		),
		case(
			"a line broken by the other seat's piece is no four",
			0,
			&board([".......", ".......", ".......", ".......", ".......", "OOXO.XX"]),
			&[4],
			Some(0),
		),
	];
	// The board's last cell: a draw, or a win.
	let full = draw_board();
	let mut last = full.clone();
	assert_eq!(last[(HEIGHT - 1) * WIDTH], 2);
	last[(HEIGHT - 1) * WIDTH] = 0;
	cases.push(case("draw: the last cell", 1, &last, &[0], Some(1)));
	let won_last = board(["OXOXOXO", "OXOXOXO", "OXOXOXO", "OOXOXOX", "XOXOXOX", "XXXOXOX"]);
	let mut before_win = won_last.clone();
	before_win[(HEIGHT - 1) * WIDTH] = 0;
	cases.push(case("a win on the last cell is a win", 1, &before_win, &[0], Some(3)));

	// Illegal.
	let column_full = board(["O......", "X......", "O......", "X......", "O......", "X......"]);
	cases.push(case("a full column", 0, &column_full, &[0], None));
	cases.push(case("next to a full column", 0, &column_full, &[1], Some(0)));
	for seat in [1, 2, 255] {
		cases.push(case(&format!("seat {seat} first"), seat, &empty, &[3], None));
	}
	let one = board([".......", ".......", ".......", ".......", ".......", "...X..."]);
	cases.push(case("seat 0 twice", 0, &one, &[3], None));
	cases.push(case("seat 1 after seat 0", 1, &one, &[3], Some(0)));
	cases.push(case("seat 2 in seat 1's turn", 2, &one, &[3], None));
	for column in [7, 8, 0x80, 255] {
		cases.push(case(&format!("column {column}"), 0, &empty, &[column], None));
	}
	for mv in [&[][..], &[3, 0], &[0, 3], &[3, 3, 3]] {
		cases.push(case(&format!("move of {} bytes", mv.len()), 0, &empty, mv, None));
	}
	for len in [0, 9, 41, 43, 84] {
		cases.push(case(&format!("state of {len} bytes"), 0, &vec![0; len], &[3], None));
	}
	for byte in [3, 4, 0x80, 255] {
		let mut state = empty.clone();
		state[3] = byte;
		cases.push(case(&format!("a cell holding {byte}"), 0, &state, &[0], None));
		let mut state = empty.clone();
		state[CELLS - 1] = byte;
		cases.push(case(&format!("the top cell holding {byte}"), 0, &state, &[0], None));
	}
	cases.push(case(
		"a floating piece",
		1,
		&board([".......", ".......", ".......", ".......", "X......", "......."]),
		&[3],
		None,
	));
	cases.push(case(
		"a floating piece at the top",
		0,
		&board(["O......", ".......", ".......", ".......", ".......", "X......"]),
		&[3],
		None,
	));
	cases.push(case(
		"a gap in a column",
		0,
		&board([".......", ".......", "O......", ".......", "X......", "XO.O..X"]),
		&[3],
		None,
	));
	for (what, rows) in [
		(
			"two of seat 0's, none of seat 1's",
			[".......", ".......", ".......", ".......", ".......", "XX....."],
		),
		(
			"one of seat 1's, none of seat 0's",
			[".......", ".......", ".......", ".......", ".......", "O......"],
		),
		("more of seat 1's", [".......", ".......", ".......", ".......", ".......", "XOO...."]),
	] {
		for seat in [0, 1] {
			cases.push(case(&format!("{what}, seat {seat}"), seat, &board(rows), &[6], None));
		}
	}
	let x_won = board([".......", ".......", ".......", ".......", "OOO....", "XXXX..."]);
	let o_won = board([".......", ".......", "O......", "O......", "OX.....", "OXX.X.."]);
	let diagonal_won = board([".......", ".......", "...X...", "..XO...", ".XOO...", "XXOO..X"]);
	for (what, state, seat) in [
		("seat 0 has won", x_won, 1),
		("seat 1 has won", o_won, 0),
		("a diagonal", diagonal_won, 1),
	] {
		for column in [0, 5, 6] {
			cases.push(case(&format!("already won: {what}"), seat, &state, &[column], None));
		}
	}
	cases.push(case("already won on the last cell", 0, &won_last, &[0], None));
	for seat in [0, 1] {
		for column in [0, 3, 6] {
			cases.push(case("the board is full", seat, &full, &[column], None));
		}
	}
	// Malformed inputs.
	let good = input(0, &empty, &[3]);
	for len in 0..good.len() {
		cases.push(Case {
			what: format!("truncated to {len}"),
			input: good[..len].to_vec(),
			outcome: None,
		});
	}
	for claimed in [0u32, 1, 41, 43, 47, 48, u32::MAX] {
		let mut bad = good.clone();
		bad[1..5].copy_from_slice(&claimed.to_le_bytes());
		cases.push(Case {
			what: format!("state length {claimed} claimed"),
			input: bad,
			outcome: None,
		});
	}
	let mut longer = good.clone();
	longer.push(0);
	cases.push(Case { what: "a byte too many".into(), input: longer, outcome: None });
	cases
}

/// Random games: at every position every input below is a case, the game then goes on with a
/// random legal move. Per position: the seat whose turn it is on every column 0..=7, the other
/// seat and a random seat on random columns, a random column byte, a move of 0 or 2 bytes;
/// sometimes a corrupted state (a random cell set to a random value: often illegal, sometimes a
/// legal position of another count).
fn random_game(rng: &mut StdRng, out: &mut Vec<Vec<u8>>) -> usize {
	let mut state = vec![0u8; CELLS];
	let mut seat = 0u8;
	let mut moves = 0;
	loop {
		for column in 0..=WIDTH as u8 {
			out.push(input(seat, &state, &[column]));
		}
		out.push(input(1 - seat, &state, &[rng.gen_range(0..WIDTH as u8)]));
		out.push(input(rng.gen(), &state, &[rng.gen_range(0..WIDTH as u8)]));
		out.push(input(seat, &state, &[rng.gen()]));
		out.push(input(seat, &state, &[]));
		out.push(input(seat, &state, &[rng.gen_range(0..WIDTH as u8), rng.gen()]));
		if rng.gen_bool(0.3) {
			let mut corrupt = state.clone();
			corrupt[rng.gen_range(0..CELLS)] =
				if rng.gen_bool(0.8) { rng.gen_range(0..3) } else { rng.gen() };
			out.push(input(rng.gen_range(0..2), &corrupt, &[rng.gen_range(0..WIDTH as u8)]));
		}
		let open: Vec<u8> = (0..WIDTH as u8)
			.filter(|&c| state[(HEIGHT - 1) * WIDTH + usize::from(c)] == 0)
			.collect();
		let column = open[rng.gen_range(0..open.len())];
		let (next, outcome) =
			reference::play(&input(seat, &state, &[column])).expect("a legal move");
		moves += 1;
		state = next;
		seat = 1 - seat;
		if outcome != 0 {
			// The finished board: every move is illegal.
			for column in 0..WIDTH as u8 {
				out.push(input(seat, &state, &[column]));
				out.push(input(1 - seat, &state, &[column]));
			}
			return moves;
		}
	}
}

fn native(input: &[u8]) -> Option<Vec<u8>> {
	run_rules::<ConnectFour>(input).ok().map(|out| out.to_vec())
}

#[test]
fn hand_made_positions_natively() {
	let cases = hand_made();
	for case in &cases {
		let reference = reference::play(&case.input);
		assert_eq!(reference.as_ref().map(|r| r.1), case.outcome, "reference: {}", case.what);
		assert_eq!(native(&case.input), reference::output(&case.input), "{}", case.what);
	}
	let legal = cases.iter().filter(|c| c.outcome.is_some()).count();
	eprintln!("{} hand-made cases, {legal} legal", cases.len());
}

#[test]
fn random_games_natively() {
	let mut rng = common::rng("random_games_natively");
	let (mut inputs, mut moves, mut legal) = (Vec::new(), 0, 0);
	let mut outcomes = [0usize; 4];
	for _ in 0..5_000 {
		inputs.clear();
		moves += random_game(&mut rng, &mut inputs);
		for input in &inputs {
			let expected = reference::output(input);
			assert_eq!(native(input), expected, "input {input:?}");
			if let Some(out) = expected {
				legal += 1;
				outcomes[usize::from(out[32])] += 1;
			}
		}
	}
	eprintln!(
		"5000 games, {moves} moves; {legal} legal inputs, by outcome (goes on, draw, seat 0 wins, \
		 seat 1 wins): {outcomes:?}"
	);
	// Draws are rare in random play: the hand-made cases have them.
	assert!([0, 2, 3].iter().all(|&k| outcomes[k] > 0), "outcomes seen: {outcomes:?}");
}

fn module() -> Vec<u8> {
	let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../out/connect4.wasm");
	std::fs::read(&path).unwrap_or_else(|e| {
		panic!(
			"cannot read {}: {e}; build the programs first: scripts/build-programs.sh",
			path.display()
		)
	})
}

fn prepared() -> (Sandbox, Prepared) {
	let sandbox = Sandbox::new(SandboxConfig::default()).unwrap();
	let prepared = sandbox.prepare(&module(), &ProgramLimits::default()).unwrap();
	(sandbox, prepared)
}

/// Runs `input` in the sandbox and checks it against the reference; returns the fuel used.
fn assert_module_agrees(sandbox: &Sandbox, prepared: &Prepared, what: &str, input: &[u8]) -> u64 {
	let outcome = sandbox.execute(prepared, input, FUEL);
	match reference::output(input) {
		Some(output) => {
			assert_eq!(outcome.status, ExitStatus::Ok, "{what}: input {input:?}");
			assert_eq!(outcome.output, output, "{what}: input {input:?}");
		},
		None => {
			assert!(
				matches!(outcome.status, ExitStatus::Trap(_)),
				"{what}: expected a trap, got {:?} for input {input:?}",
				outcome.status
			);
			assert!(outcome.output.is_empty());
		},
	}
	outcome.fuel_used
}

#[test]
#[ignore = "needs programs/out/connect4.wasm: run scripts/build-programs.sh --test"]
fn module_passes_the_registration_check() {
	let wasm = module();
	assert_eq!(validate_module(&wasm, &ProgramLimits::default()), Ok(()));
	// The 33-byte output fits the smallest cap a game would register it with.
	let limits = ProgramLimits { max_memory_pages: 2, max_output: 33 };
	assert_eq!(validate_module(&wasm, &limits), Ok(()));
	eprintln!("connect4.wasm: {} bytes", wasm.len());
}

#[test]
#[ignore = "needs programs/out/connect4.wasm: run scripts/build-programs.sh --test"]
fn module_agrees_on_hand_made_positions() {
	let (sandbox, prepared) = prepared();
	let (mut legal_fuel, mut illegal_fuel) = (0, 0);
	for case in hand_made() {
		let fuel = assert_module_agrees(&sandbox, &prepared, &case.what, &case.input);
		let most = if case.outcome.is_some() { &mut legal_fuel } else { &mut illegal_fuel };
		*most = fuel.max(*most);
	}
	eprintln!("hand-made: at most {legal_fuel} fuel for a legal move, {illegal_fuel} for a trap");
}

#[test]
#[ignore = "needs programs/out/connect4.wasm: run scripts/build-programs.sh --test"]
fn module_agrees_on_random_games() {
	let (sandbox, prepared) = prepared();
	let mut rng = common::rng("module_agrees_on_random_games");
	let (mut inputs, mut moves, mut legal) = (Vec::new(), 0, 0);
	let (mut most_legal, mut least_legal, mut most_trap) = (0, u64::MAX, 0);
	let games = 2_000;
	for _ in 0..games {
		moves += random_game(&mut rng, &mut inputs);
	}
	for input in &inputs {
		let fuel = assert_module_agrees(&sandbox, &prepared, "random game", input);
		if reference::play(input).is_some() {
			legal += 1;
			most_legal = most_legal.max(fuel);
			least_legal = least_legal.min(fuel);
		} else {
			most_trap = most_trap.max(fuel);
		}
	}
	eprintln!(
		"{games} games, {moves} moves, {} runs ({legal} legal): fuel {least_legal}..={most_legal} \
		 for a legal move, at most {most_trap} for a trap",
		inputs.len()
	);
}
