//! Input generators shared by the tests.

#![allow(dead_code)]

use ark_std::rand::{rngs::StdRng, seq::SliceRandom, Rng, SeedableRng};

/// A seeded generator; the seed is printed so a failure can be replayed with `AETHER_TEST_SEED`.
pub fn rng(test: &str) -> StdRng {
	let seed =
		std::env::var("AETHER_TEST_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
			std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos()
				as u64
		});
	eprintln!("{test}: AETHER_TEST_SEED={seed}");
	StdRng::seed_from_u64(seed)
}

/// A random completed sudoku grid (row-major, digits 1..=9): a base grid shuffled by the
/// validity-preserving moves (relabel digits, permute rows in a band, bands, columns in a stack,
/// stacks, transpose).
pub fn solved_grid(rng: &mut impl Rng) -> [u8; 81] {
	let mut digits: Vec<u8> = (1..=9).collect();
	digits.shuffle(rng);
	let order = |rng: &mut dyn ark_std::rand::RngCore| {
		let mut groups = [0usize, 1, 2];
		groups.shuffle(rng);
		let mut out = Vec::with_capacity(9);
		for g in groups {
			let mut inner = [0usize, 1, 2];
			inner.shuffle(rng);
			out.extend(inner.iter().map(|i| g * 3 + i));
		}
		out
	};
	let rows = order(rng);
	let cols = order(rng);
	let transpose = rng.gen::<bool>();
	let mut grid = [0u8; 81];
	for (r, &br) in rows.iter().enumerate() {
		for (c, &bc) in cols.iter().enumerate() {
			let base = (br * 3 + br / 3 + bc) % 9;
			let cell = if transpose { c * 9 + r } else { r * 9 + c };
			grid[cell] = digits[base];
		}
	}
	grid
}

/// A puzzle for `solution`: each cell kept with probability `keep`, else 0.
pub fn puzzle_for(rng: &mut impl Rng, solution: &[u8; 81], keep: f64) -> [u8; 81] {
	core::array::from_fn(|i| if rng.gen_bool(keep) { solution[i] } else { 0 })
}

/// The program's input: puzzle then solution.
pub fn sudoku_input(puzzle: &[u8; 81], solution: &[u8; 81]) -> Vec<u8> {
	[&puzzle[..], &solution[..]].concat()
}

/// How a sudoku case was made, and whether the program must accept it.
#[derive(Debug)]
pub struct SudokuCase {
	pub what: &'static str,
	pub input: Vec<u8>,
	pub valid: bool,
}

/// A mix of valid and invalid cases covering each way to fail.
pub fn sudoku_cases(rng: &mut impl Rng) -> Vec<SudokuCase> {
	let mut cases = Vec::new();
	for _ in 0..3 {
		let solution = solved_grid(rng);
		let puzzle = puzzle_for(rng, &solution, 0.4);
		cases.push(SudokuCase {
			what: "valid",
			input: sudoku_input(&puzzle, &solution),
			valid: true,
		});
	}
	let solution = solved_grid(rng);
	cases.push(SudokuCase {
		what: "valid, empty puzzle",
		input: sudoku_input(&[0; 81], &solution),
		valid: true,
	});
	cases.push(SudokuCase {
		what: "valid, full puzzle",
		input: sudoku_input(&solution, &solution),
		valid: true,
	});
	for _ in 0..2 {
		// Two different cells swapped within a row: the row still has every digit, but some
		// column or box does not.
		let solution = solved_grid(rng);
		let mut bad = solution;
		let r = rng.gen_range(0..9);
		let a = rng.gen_range(0..9);
		let b = (a + rng.gen_range(1..9)) % 9;
		bad.swap(r * 9 + a, r * 9 + b);
		cases.push(SudokuCase {
			what: "two cells swapped",
			input: sudoku_input(&[0; 81], &bad),
			valid: false,
		});
	}
	for _ in 0..2 {
		// One cell changed to another digit.
		let solution = solved_grid(rng);
		let mut bad = solution;
		let i = rng.gen_range(0..81);
		bad[i] = (bad[i] % 9) + 1;
		cases.push(SudokuCase {
			what: "one digit changed",
			input: sudoku_input(&puzzle_for(rng, &solution, 0.3), &bad),
			valid: false,
		});
	}
	for _ in 0..3 {
		// A valid solution, but the puzzle gives another digit in one cell.
		let solution = solved_grid(rng);
		let mut puzzle = puzzle_for(rng, &solution, 0.3);
		let i = rng.gen_range(0..81);
		puzzle[i] = (solution[i] % 9) + 1;
		cases.push(SudokuCase {
			what: "puzzle disagrees",
			input: sudoku_input(&puzzle, &solution),
			valid: false,
		});
	}
	{
		// The puzzle holds a non-digit.
		let solution = solved_grid(rng);
		let mut puzzle = puzzle_for(rng, &solution, 0.3);
		puzzle[rng.gen_range(0..81)] = rng.gen_range(10..=255);
		cases.push(SudokuCase {
			what: "puzzle non-digit",
			input: sudoku_input(&puzzle, &solution),
			valid: false,
		});
	}
	for value in [0u8, 10, 255] {
		// A solution cell out of 1..=9.
		let solution = solved_grid(rng);
		let mut bad = solution;
		bad[rng.gen_range(0..81)] = value;
		cases.push(SudokuCase {
			what: "solution cell out of range",
			input: sudoku_input(&[0; 81], &bad),
			valid: false,
		});
	}
	{
		// Every row a permutation but columns not: each row is 1..=9 in order.
		let rows: [u8; 81] = core::array::from_fn(|i| (i % 9) as u8 + 1);
		cases.push(SudokuCase {
			what: "rows only",
			input: sudoku_input(&[0; 81], &rows),
			valid: false,
		});
	}
	{
		// Rows and columns are permutations (a Latin square) but boxes are not.
		let latin: [u8; 81] = core::array::from_fn(|i| ((i / 9 + i % 9) % 9) as u8 + 1);
		cases.push(SudokuCase {
			what: "latin square, bad boxes",
			input: sudoku_input(&[0; 81], &latin),
			valid: false,
		});
	}
	{
		let bytes: Vec<u8> = (0..162).map(|_| rng.gen()).collect();
		cases.push(SudokuCase { what: "random bytes", input: bytes, valid: false });
	}
	{
		cases.push(SudokuCase { what: "all zero", input: vec![0; 162], valid: false });
	}
	cases
}

/// `output` with one bit flipped, or one byte more when it is empty.
pub fn other_output(output: &[u8]) -> Vec<u8> {
	let mut other = output.to_vec();
	match other.first_mut() {
		Some(b) => *b ^= 1,
		None => other.push(0),
	}
	other
}

/// Every tic-tac-toe position reachable from the empty board by legal moves (finished ones
/// included), in a fixed order, found with the native step function.
pub fn tictactoe_positions() -> Vec<Vec<u8>> {
	use aether_circuits::native::tictactoe_step;
	let mut seen = std::collections::BTreeSet::from([vec![0u8; 9]]);
	let mut frontier = vec![vec![0u8; 9]];
	while let Some(state) = frontier.pop() {
		for seat in 0..2 {
			for cell in 0..9 {
				if let Ok((next, _)) = tictactoe_step(seat, &state, &[cell]) {
					if seen.insert(next.clone()) {
						frontier.push(next);
					}
				}
			}
		}
	}
	seen.into_iter().collect()
}

/// The `tictactoe` circuit's input (the rules input) for seat `seat` marking `cell` in `state`.
pub fn tictactoe_input(seat: u8, state: &[u8], cell: u8) -> Vec<u8> {
	aether_circuits::native::tictactoe_input(seat, state, &[cell])
}

/// A legal tic-tac-toe move: the position, the seat to move, the cell, and the native result.
#[derive(Clone, Debug)]
pub struct TicTacToeMove {
	pub state: Vec<u8>,
	pub seat: u8,
	pub cell: u8,
	pub new_state: Vec<u8>,
	pub outcome: u8,
}

impl TicTacToeMove {
	/// The circuit's input.
	pub fn input(&self) -> Vec<u8> {
		tictactoe_input(self.seat, &self.state, self.cell)
	}
}

/// Every legal move from every reachable position.
pub fn tictactoe_moves() -> Vec<TicTacToeMove> {
	let mut moves = Vec::new();
	for state in tictactoe_positions() {
		for seat in 0..2 {
			for cell in 0..9 {
				if let Ok((new_state, outcome)) =
					aether_circuits::native::tictactoe_step(seat, &state, &[cell])
				{
					moves.push(TicTacToeMove {
						state: state.clone(),
						seat,
						cell,
						new_state,
						outcome,
					});
				}
			}
		}
	}
	moves
}

/// The eight lines of the board, written out here rather than taken from the crate.
pub const TICTACTOE_LINES: [[usize; 3]; 8] =
	[[0, 1, 2], [3, 4, 5], [6, 7, 8], [0, 3, 6], [1, 4, 7], [2, 5, 8], [0, 4, 8], [2, 4, 6]];

/// Legal moves chosen to cover every outcome: for each seat and line a move completing that line
/// (a win), two draws, the win that fills the board, and `ongoing` random moves that do not end
/// the game.
pub fn tictactoe_sample(rng: &mut impl Rng, ongoing: usize) -> Vec<(String, TicTacToeMove)> {
	let moves = tictactoe_moves();
	let mut sample = Vec::new();
	for seat in 0..2u8 {
		for (l, line) in TICTACTOE_LINES.iter().enumerate() {
			let wins: Vec<&TicTacToeMove> = moves
				.iter()
				.filter(|m| {
					m.seat == seat
						&& m.outcome == 2 + seat
						&& line.iter().all(|&c| m.new_state[c] == seat + 1)
				})
				.collect();
			let m = (*wins.choose(rng).expect("every line can be won by both seats")).clone();
			sample.push((format!("seat {seat} wins on line {l}"), m));
		}
	}
	let draws: Vec<&TicTacToeMove> = moves.iter().filter(|m| m.outcome == 1).collect();
	for _ in 0..2 {
		sample.push(("draw".into(), (*draws.choose(rng).unwrap()).clone()));
	}
	let full_win = moves
		.iter()
		.filter(|m| m.outcome == 2 && m.new_state.iter().all(|&c| c != 0))
		.collect::<Vec<_>>();
	sample.push(("win filling the board".into(), (*full_win.choose(rng).unwrap()).clone()));
	let going: Vec<&TicTacToeMove> = moves.iter().filter(|m| m.outcome == 0).collect();
	sample.push((
		"first move".into(),
		going.iter().find(|m| m.state == [0; 9]).copied().unwrap().clone(),
	));
	for _ in 0..ongoing {
		sample.push(("game goes on".into(), (*going.choose(rng).unwrap()).clone()));
	}
	sample
}

/// An illegal tic-tac-toe move, and what it would claim if nothing were checked.
#[derive(Debug)]
pub struct IllegalMove {
	pub what: &'static str,
	pub seat: u8,
	pub state: Vec<u8>,
	pub cell: u8,
}

impl IllegalMove {
	/// The circuit's input.
	pub fn input(&self) -> Vec<u8> {
		tictactoe_input(self.seat, &self.state, self.cell)
	}

	/// The new state the move would make unchecked: the mark (X for any seat but 1) in the cell,
	/// if the cell exists.
	pub fn unchecked_state(&self) -> Vec<u8> {
		let mut new = self.state.clone();
		if let Some(c) = new.get_mut(usize::from(self.cell)) {
			*c = if self.seat == 1 { 2 } else { 1 };
		}
		new
	}
}

/// At least one illegal move of every kind, from reachable positions where possible.
pub fn tictactoe_illegal(rng: &mut impl Rng) -> Vec<IllegalMove> {
	use aether_circuits::native::tictactoe_step;
	let positions = tictactoe_positions();
	let live: Vec<&Vec<u8>> = positions
		.iter()
		.filter(|s| (0..2).any(|seat| (0..9).any(|c| tictactoe_step(seat, s, &[c]).is_ok())))
		.collect();
	let finished: Vec<&Vec<u8>> = positions.iter().filter(|s| !live.contains(s)).collect();
	let to_move = |s: &[u8]| {
		let x = s.iter().filter(|&&c| c == 1).count();
		let o = s.iter().filter(|&&c| c == 2).count();
		(x - o) as u8
	};
	let mut cases = Vec::new();
	for _ in 0..3 {
		let state = (*live.choose(rng).unwrap()).clone();
		let seat = 1 - to_move(&state);
		let empty: Vec<u8> = (0..9).filter(|&c| state[usize::from(c)] == 0).collect();
		let cell = *empty.choose(rng).unwrap();
		cases.push(IllegalMove { what: "wrong seat", seat, state, cell });
	}
	for _ in 0..3 {
		let marked: Vec<&&Vec<u8>> = live.iter().filter(|s| s.iter().any(|&c| c != 0)).collect();
		let state = (**marked.choose(rng).unwrap()).clone();
		let seat = to_move(&state);
		let taken: Vec<u8> = (0..9).filter(|&c| state[usize::from(c)] != 0).collect();
		let cell = *taken.choose(rng).unwrap();
		cases.push(IllegalMove { what: "taken cell", seat, state, cell });
	}
	for _ in 0..3 {
		let state = (*finished.choose(rng).unwrap()).clone();
		let seat = to_move(&state);
		let empty: Vec<u8> = (0..9).filter(|&c| state[usize::from(c)] == 0).collect();
		let cell = empty.choose(rng).copied().unwrap_or(0);
		cases.push(IllegalMove { what: "finished board", seat, state, cell });
	}
	{
		// Won, with empty cells left: the move would otherwise be fine.
		let state = vec![1, 1, 1, 2, 2, 0, 0, 0, 0];
		cases.push(IllegalMove { what: "finished board (X won)", seat: 1, state, cell: 5 });
		let state = vec![2, 2, 2, 1, 1, 0, 1, 0, 0];
		cases.push(IllegalMove { what: "finished board (O won)", seat: 0, state, cell: 5 });
		let state = vec![1, 2, 1, 1, 2, 2, 2, 1, 1];
		cases.push(IllegalMove { what: "finished board (full)", seat: 1, state, cell: 0 });
	}
	for cell in [9u8, 10, 15, 16, 255] {
		let state = (*live.choose(rng).unwrap()).clone();
		let seat = to_move(&state);
		cases.push(IllegalMove { what: "no such cell", seat, state, cell });
	}
	for seat in [2u8, 3, 255] {
		let state = (*live.choose(rng).unwrap()).clone();
		let empty: Vec<u8> = (0..9).filter(|&c| state[usize::from(c)] == 0).collect();
		let cell = *empty.choose(rng).unwrap();
		cases.push(IllegalMove { what: "seat over 1", seat, state, cell });
	}
	// Bad bytes: one cell of a live position replaced, the move otherwise legal. 3 is X and O at
	// once; 0x81 and 0x42 are a mark with a high bit; 4, 0xfe and 0xff are no mark at all.
	for bad in [3u8, 4, 0x42, 0x81, 0xfe, 0xff] {
		let mut state = (*live.choose(rng).unwrap()).clone();
		let seat = to_move(&state);
		let empty: Vec<usize> = (0..9).filter(|&c| state[c] == 0).collect();
		if empty.len() < 2 {
			continue;
		}
		let cell = empty[0] as u8;
		state[empty[1]] = bad;
		cases.push(IllegalMove { what: "bad byte", seat, state, cell });
	}
	// Impossible counts: two X ahead, or O ahead.
	cases.push(IllegalMove {
		what: "counts: X two ahead",
		seat: 0,
		state: vec![1, 1, 0, 0, 0, 0, 0, 0, 0],
		cell: 4,
	});
	cases.push(IllegalMove {
		what: "counts: X two ahead",
		seat: 1,
		state: vec![1, 1, 0, 0, 0, 0, 0, 0, 0],
		cell: 4,
	});
	cases.push(IllegalMove {
		what: "counts: O ahead",
		seat: 0,
		state: vec![2, 0, 0, 0, 0, 0, 0, 0, 0],
		cell: 4,
	});
	cases.push(IllegalMove {
		what: "counts: O ahead",
		seat: 1,
		state: vec![2, 0, 0, 0, 0, 0, 0, 0, 0],
		cell: 4,
	});
	cases
}
