//! `tictactoe`: the rules program of tic-tac-toe, the proved example game of the games ledger
//! (issue 7). It implements the rules-program ABI of `pallet_games::rules` exactly, with the rules
//! of `aether_games::TicTacToe` (the same code the `tictactoe` move circuit of `aether-circuits`
//! is tested against, and the `aether` shell plays with).
//!
//! **Input** (15 bytes for any legal move):
//!
//! ```text
//! byte  0      seat: 0 (X, moves first) or 1 (O)
//! bytes 1..5   the state's length, u32 little-endian: 09 00 00 00
//! bytes 5..14  the state: byte i is cell i of the board, row-major (i = 3·row + col):
//!              0 empty, 1 X (seat 0's mark), 2 O (seat 1's mark)
//! byte  14     the move: the index 0..=8 of the cell to mark
//! ```
//!
//! The initial state is nine zero bytes; its SHA-256 is a session's initial state hash.
//!
//! **Output** for a legal move (33 bytes): `SHA-256(new state) ‖ outcome code`, the new state
//! being the state with the mover's mark in the cell, and the code `2 + seat` when the move
//! completes a row, column or diagonal of the mover's marks, else `1` (a draw) when it fills the
//! board, else `0`.
//!
//! **Traps** (no output) on anything else: an input of another length or a state length other
//! than 9; a state byte above 2; counts of marks other than `#X == #O` (seat 0's turn) or
//! `#X == #O + 1` (seat 1's turn); a finished board (a line of three of either mark, or no empty
//! cell); a seat above 1 or not the one whose turn it is; a cell index above 8 or a taken cell.

#![no_std]

/// The entry point.
#[no_mangle]
pub extern "C" fn run() {
	// Any other length holds no legal move: the state has 9 bytes and the move 1.
	let Some(input) = aether_guest::input_exact::<15>() else { aether_guest::trap() };
	match aether_games::run_rules::<aether_games::TicTacToe>(&input) {
		Ok(output) => aether_guest::write_output(&output),
		Err(_) => aether_guest::trap(),
	}
}
