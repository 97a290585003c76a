//! Native references of the provable programs: what `programs/guests/*` compute, in plain Rust.
//!
//! The `tictactoe` reference is not written here: it is `aether_games::TicTacToe`, the rules the
//! `tictactoe` program runs too (`programs/games`, shared with the `aether` shell).

use std::sync::OnceLock;

use aether_games::{Illegal, Rules, TicTacToe};
use ark_bn254::Fr;
use ark_crypto_primitives::sponge::{
	poseidon::{find_poseidon_ark_and_mds, PoseidonConfig, PoseidonSponge},
	CryptographicSponge, FieldBasedCryptographicSponge,
};
use ark_ff::{BigInteger, PrimeField};

/// Sponge rate of the Poseidon parameters, in field elements.
pub const POSEIDON_RATE: usize = 2;
/// Sponge capacity of the Poseidon parameters, in field elements.
pub const POSEIDON_CAPACITY: usize = 1;
/// S-box exponent: `x^5` (gcd(5, r - 1) = 1 for BN254's scalar field).
pub const POSEIDON_ALPHA: u64 = 5;
/// Full rounds.
pub const POSEIDON_FULL_ROUNDS: usize = 8;
/// Partial rounds (the usual count for width 3 over a 254-bit field at 128-bit security).
pub const POSEIDON_PARTIAL_ROUNDS: usize = 57;
/// MDS matrices the Grain LFSR skips before the one used.
pub const POSEIDON_SKIP_MATRICES: u64 = 0;

/// Length of the `poseidon-preimage` program's input.
pub const POSEIDON_INPUT_LEN: usize = 32;
/// Length of the `sudoku` program's input: the puzzle, then the solution, 81 bytes each.
pub const SUDOKU_INPUT_LEN: usize = 162;

/// Bytes of a tic-tac-toe state: cell `i = 3·row + col` is byte `i`, 0 empty, 1 X (seat 0), 2 O
/// (seat 1).
pub const TICTACTOE_STATE_LEN: usize = 9;
/// Bytes of a tic-tac-toe move: the index 0..=8 of the cell to mark.
pub const TICTACTOE_MOVE_LEN: usize = 1;
/// Bytes of a rules input before the state: the seat, then the state's length (u32 LE).
pub const TICTACTOE_HEADER_LEN: usize = 5;
/// Length of the `tictactoe` circuit's input, the rules input of a move:
/// `seat ‖ 9u32 LE ‖ state (9 bytes) ‖ move (1 byte)`.
pub const TICTACTOE_INPUT_LEN: usize =
	TICTACTOE_HEADER_LEN + TICTACTOE_STATE_LEN + TICTACTOE_MOVE_LEN;
/// Length of the `tictactoe` program's output: `SHA-256(new state) ‖ outcome code`.
pub const TICTACTOE_OUTPUT_LEN: usize = 33;
/// The eight lines of three cells of the board: rows, columns, diagonals.
pub const TICTACTOE_LINES: [[usize; 3]; 8] = TicTacToe::LINES;

/// The Poseidon parameters of `poseidon-preimage`: width 3 (rate 2, capacity 1), `x^5`, 8 full and
/// 57 partial rounds, round constants and MDS matrix from arkworks'
/// `find_poseidon_ark_and_mds::<Fr>(254, 2, 8, 57, 0)` (the Grain LFSR of the Poseidon paper).
/// The guest derives the same table with the same call at build time.
pub fn poseidon_config() -> &'static PoseidonConfig<Fr> {
	static CONFIG: OnceLock<PoseidonConfig<Fr>> = OnceLock::new();
	CONFIG.get_or_init(|| {
		let (ark, mds) = find_poseidon_ark_and_mds::<Fr>(
			u64::from(Fr::MODULUS_BIT_SIZE),
			POSEIDON_RATE,
			POSEIDON_FULL_ROUNDS as u64,
			POSEIDON_PARTIAL_ROUNDS as u64,
			POSEIDON_SKIP_MATRICES,
		);
		PoseidonConfig::new(
			POSEIDON_FULL_ROUNDS,
			POSEIDON_PARTIAL_ROUNDS,
			POSEIDON_ALPHA,
			mds,
			ark,
			POSEIDON_RATE,
			POSEIDON_CAPACITY,
		)
	})
}

/// The two field elements a 32-byte input is absorbed as: its low and high 16 bytes, each a
/// little-endian `u128` (as `aether_primitives::zk::hash_to_scalars` splits a hash).
pub fn input_halves(input: &[u8; 32]) -> [Fr; 2] {
	let mut lo = [0u8; 16];
	let mut hi = [0u8; 16];
	lo.copy_from_slice(&input[..16]);
	hi.copy_from_slice(&input[16..]);
	[Fr::from(u128::from_le_bytes(lo)), Fr::from(u128::from_le_bytes(hi))]
}

/// `poseidon-preimage`: a fresh sponge absorbs [`input_halves`] and squeezes one element, returned
/// as 32 bytes little-endian (canonical).
pub fn poseidon_hash(input: &[u8; 32]) -> [u8; 32] {
	let mut sponge = PoseidonSponge::new(poseidon_config());
	sponge.absorb(&input_halves(input).to_vec());
	let out = sponge.squeeze_native_field_elements(1)[0];
	let mut bytes = [0u8; 32];
	bytes.copy_from_slice(&out.into_bigint().to_bytes_le());
	bytes
}

/// Rows, columns and boxes of a 9×9 grid, as cell indices (row-major).
pub fn sudoku_groups() -> impl Iterator<Item = [usize; 9]> {
	let rows = (0..9).map(|r| core::array::from_fn(|i| r * 9 + i));
	let cols = (0..9).map(|c| core::array::from_fn(|i| i * 9 + c));
	let boxes =
		(0..9).map(|b| core::array::from_fn(|i| (b / 3 * 3 + i / 3) * 9 + b % 3 * 3 + i % 3));
	rows.chain(cols).chain(boxes)
}

/// `sudoku`: whether `input` is 162 bytes, a puzzle then a solution, where every solution cell is
/// 1..=9, every row, column and 3×3 box holds each digit once, and every puzzle cell is 0 or
/// equals the solution's.
pub fn sudoku_valid(input: &[u8]) -> bool {
	if input.len() != SUDOKU_INPUT_LEN {
		return false;
	}
	let (puzzle, solution) = input.split_at(81);
	let cells_ok =
		puzzle.iter().zip(solution).all(|(&p, &s)| (1..=9).contains(&s) && (p == 0 || p == s));
	cells_ok
		&& sudoku_groups().all(|group| {
			let seen = group.iter().fold(0u16, |seen, &i| seen | 1 << solution[i]);
			seen == 0b11_1111_1110
		})
}

/// The tic-tac-toe step function (`aether_games::TicTacToe::step`): seat `seat` plays `mv` in
/// `state`, giving the new state and the outcome code (`0` the game goes on, `1` a draw, `2 + seat`
/// the mover wins), or why the move is illegal (the program traps).
pub fn tictactoe_step(seat: u8, state: &[u8], mv: &[u8]) -> Result<(Vec<u8>, u8), Illegal> {
	TicTacToe::step(seat, state, mv)
}

/// The `tictactoe` rules program's function: for the rules input
/// `seat ‖ state length (u32 LE) ‖ state ‖ move` of a legal move, `SHA-256(new state) ‖ outcome
/// code`; otherwise why not (the program traps).
pub fn tictactoe_output(input: &[u8]) -> Result<[u8; TICTACTOE_OUTPUT_LEN], Illegal> {
	aether_games::run_rules::<TicTacToe>(input)
}

/// The rules input of seat `seat` playing `mv` in `state`: the `tictactoe` circuit's input when
/// `state` has 9 bytes and `mv` one (as `pallet_games::rules::rules_input`).
pub fn tictactoe_input(seat: u8, state: &[u8], mv: &[u8]) -> Vec<u8> {
	aether_games::rules_input(seat, state, mv)
}
