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
