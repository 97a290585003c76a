//! `connect4`: the rules program of connect four, the optimistic example game of the games ledger
//! (issue 7). It implements the rules-program ABI of `pallet_games::rules` exactly, with the rules
//! of `aether_games::ConnectFour` (the code the `aether` shell plays with).
//!
//! **Input** (48 bytes for any legal move):
//!
//! ```text
//! byte  0       seat: 0 (moves first) or 1
//! bytes 1..5    the state's length, u32 little-endian: 2A 00 00 00 (42)
//! bytes 5..47   the state: byte row·7 + col is that cell of the 7 columns × 6 rows board, row 0
//!               at the bottom: 0 empty, 1 a piece of seat 0, 2 a piece of seat 1
//! byte  47      the move: the column 0..=6; the piece drops to the lowest empty row
//! ```
//!
//! The initial state is 42 zero bytes; its SHA-256 is a session's initial state hash. Whose turn
//! it is follows from the counts: seat 0 when they are equal, seat 1 when seat 0 has one more.
//!
//! **Output** for a legal move (33 bytes): `SHA-256(new state) ‖ outcome code`, the code
//! `2 + seat` when the new piece makes four (or more) of the mover's pieces in a row
//! horizontally, vertically or diagonally, else `1` (a draw) when it fills the board, else `0`.
//!
//! **Traps** (no output) on anything else: an input of another length or a state length other
//! than 42; a state byte above 2; a piece above an empty cell; counts other than
//! `#seat 0 == #seat 1` or `#seat 0 == #seat 1 + 1`; a finished board (four in a row of either
//! seat, or no empty cell); a seat above 1 or not the one whose turn it is; a column above 6 or
//! a full column.

#![no_std]

/// The entry point.
#[no_mangle]
pub extern "C" fn run() {
	// Any other length holds no legal move: the state has 42 bytes and the move 1.
	let Some(input) = aether_guest::input_exact::<48>() else { aether_guest::trap() };
	match aether_games::run_rules::<aether_games::ConnectFour>(&input) {
		Ok(output) => aether_guest::write_output(&output),
		Err(_) => aether_guest::trap(),
	}
}
