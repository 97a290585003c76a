//! # Aether games
//!
//! The rules of the example games of the game ledger (`pallets/games`), written once and used
//! by their rules programs (`programs/guests/tictactoe`, `programs/guests/connect4`), by the
//! native reference of the tic-tac-toe move circuit and by the `aether` shell.
//!
//! A game here is a [`Rules`] implementation: the state's encoding, the initial state and the
//! step function `(seat, state, move) -> (new state, outcome) | illegal`. [`run_rules`] is a
//! rules program's whole job under the games pallet's challenge ABI (see
//! `pallet_games::rules`):
//!
//! ```text
//! input:  seat (1 byte) ‖ state length n (u32 LE) ‖ state (n bytes) ‖ move (the rest)
//! output: SHA-256(new state) (32 bytes) ‖ outcome code (1 byte)
//! ```
//!
//! The outcome code is `0` the game goes on, `1` a draw, `2 + k` seat `k` wins. An illegal move
//! or malformed input is an [`Illegal`] error; a rules program traps on it.
//!
//! | game | state | move | seat 0 |
//! |---|---|---|---|
//! | [`TicTacToe`] | 9 bytes, cell `row * 3 + col`: 0 empty, 1 seat 0 (X), 2 seat 1 (O) | 1 byte, the cell 0..=8 | moves first |
//! | [`ConnectFour`] | 42 bytes, cell `row * 7 + col`, row 0 at the bottom: 0 empty, 1 seat 0, 2 seat 1 | 1 byte, the column 0..=6; the piece drops to the lowest empty row | moves first |
//!
//! Whose turn it is follows from the counts: equal counts, seat 0; one more of seat 0's, seat 1.
//! Illegal in both: a seat above 1 or not the one whose turn it is; a move that is not exactly
//! one byte or out of range; a taken cell or a full column; a state of the wrong length, with
//! a byte other than 0, 1, 2, with impossible counts, already won or full, or (connect four) with
//! a piece above an empty cell.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

use alloc::vec::Vec;
use sha2::{Digest, Sha256};

/// The outcome code of a move that does not end the game.
pub const ONGOING: u8 = 0;
/// The outcome code of a draw.
pub const DRAW: u8 = 1;

/// The outcome code of a win by `seat`.
pub const fn winner(seat: u8) -> u8 {
	2 + seat
}

/// Why a move is refused (a rules program traps).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Illegal {
	/// The input is shorter than its header, or its state length is past its end.
	MalformedInput,
	/// The state has the wrong length, a byte other than 0, 1, 2, impossible counts or (connect
	/// four) a floating piece.
	BadState,
	/// The game is already won or the board full.
	Finished,
	/// The seat is above 1, or it is not its turn.
	WrongSeat,
	/// The move is not one byte, or names a cell or column that does not exist.
	BadMove,
	/// The cell is taken, or the column full.
	Occupied,
}

/// A game's rules.
pub trait Rules {
	/// The game's name, as the shell and the programs call it.
	const NAME: &'static str;
	/// Bytes of a state.
	const STATE_LEN: usize;

	/// The state every session starts from.
	fn initial() -> Vec<u8> {
		alloc::vec![0; Self::STATE_LEN]
	}

	/// `seat` plays `mv` in `state`: the new state and its outcome code, or why it is illegal.
	fn step(seat: u8, state: &[u8], mv: &[u8]) -> Result<(Vec<u8>, u8), Illegal>;
}

/// SHA-256 of a state: its hash in the session's chain.
pub fn state_hash(state: &[u8]) -> [u8; 32] {
	Sha256::digest(state).into()
}

/// A rules program's run: parse `seat ‖ n ‖ state ‖ move`, step, and return
/// `SHA-256(new state) ‖ outcome code`.
pub fn run_rules<R: Rules>(input: &[u8]) -> Result<[u8; 33], Illegal> {
	let (&seat, rest) = input.split_first().ok_or(Illegal::MalformedInput)?;
	let len: [u8; 4] =
		rest.get(..4).and_then(|b| b.try_into().ok()).ok_or(Illegal::MalformedInput)?;
	let len = u32::from_le_bytes(len) as usize;
	let rest = &rest[4..];
	if rest.len() < len {
		return Err(Illegal::MalformedInput);
	}
	let (state, mv) = rest.split_at(len);
	let (new, code) = R::step(seat, state, mv)?;
	let mut out = [0u8; 33];
	out[..32].copy_from_slice(&state_hash(&new));
	out[32] = code;
	Ok(out)
}

/// The rules program's input for `seat` playing `mv` in `state` (what a challenge sends).
pub fn rules_input(seat: u8, state: &[u8], mv: &[u8]) -> Vec<u8> {
	let mut input = Vec::with_capacity(5 + state.len() + mv.len());
	input.push(seat);
	input.extend_from_slice(&(state.len() as u32).to_le_bytes());
	input.extend_from_slice(state);
	input.extend_from_slice(mv);
	input
}

/// Counts of seat 0's and seat 1's pieces; `BadState` on any other byte.
fn counts(state: &[u8]) -> Result<(usize, usize), Illegal> {
	let mut c = (0, 0);
	for &b in state {
		match b {
			0 => {},
			1 => c.0 += 1,
			2 => c.1 += 1,
			_ => return Err(Illegal::BadState),
		}
	}
	Ok(c)
}

/// The seat to move given the counts, or `BadState` if they are impossible.
fn seat_to_move((x, o): (usize, usize)) -> Result<u8, Illegal> {
	match x.checked_sub(o) {
		Some(0) => Ok(0),
		Some(1) => Ok(1),
		_ => Err(Illegal::BadState),
	}
}

/// Refuses a board that is over — a mark `has_won`, or no cell is empty — and a `seat` whose
/// turn it is not (`turn`).
fn ensure_open(
	state: &[u8],
	seat: u8,
	turn: u8,
	has_won: impl Fn(u8) -> bool,
) -> Result<(), Illegal> {
	if has_won(1) || has_won(2) || state.iter().all(|&c| c != 0) {
		return Err(Illegal::Finished);
	}
	if seat != turn {
		return Err(Illegal::WrongSeat);
	}
	Ok(())
}

/// `seat` puts its mark in `cell`: the new state and its outcome code — a win if `wins(new,
/// mark)`, else a draw if the board is full, else the game goes on.
fn place(state: &[u8], seat: u8, cell: usize, wins: impl Fn(&[u8], u8) -> bool) -> (Vec<u8>, u8) {
	let mark = seat + 1;
	let mut new = state.to_vec();
	new[cell] = mark;
	let code = if wins(&new, mark) {
		winner(seat)
	} else if new.iter().all(|&c| c != 0) {
		DRAW
	} else {
		ONGOING
	};
	(new, code)
}

/// The single byte of a move.
fn one_byte(mv: &[u8]) -> Result<u8, Illegal> {
	match mv {
		[b] => Ok(*b),
		_ => Err(Illegal::BadMove),
	}
}

/// Tic-tac-toe on a 3×3 board.
pub struct TicTacToe;

impl TicTacToe {
	/// The eight lines of three cells.
	pub const LINES: [[usize; 3]; 8] =
		[[0, 1, 2], [3, 4, 5], [6, 7, 8], [0, 3, 6], [1, 4, 7], [2, 5, 8], [0, 4, 8], [2, 4, 6]];

	/// Whether `mark` holds a whole line.
	pub fn has_line(state: &[u8], mark: u8) -> bool {
		Self::LINES.iter().any(|line| line.iter().all(|&i| state[i] == mark))
	}
}

impl Rules for TicTacToe {
	const NAME: &'static str = "tictactoe";
	const STATE_LEN: usize = 9;

	fn step(seat: u8, state: &[u8], mv: &[u8]) -> Result<(Vec<u8>, u8), Illegal> {
		if state.len() != Self::STATE_LEN {
			return Err(Illegal::BadState);
		}
		let turn = seat_to_move(counts(state)?)?;
		ensure_open(state, seat, turn, |mark| Self::has_line(state, mark))?;
		let cell = one_byte(mv)? as usize;
		if cell >= Self::STATE_LEN {
			return Err(Illegal::BadMove);
		}
		if state[cell] != 0 {
			return Err(Illegal::Occupied);
		}
		Ok(place(state, seat, cell, |new, mark| Self::has_line(new, mark)))
	}
}

/// Connect four on 7 columns × 6 rows.
pub struct ConnectFour;

impl ConnectFour {
	/// Columns.
	pub const COLUMNS: usize = 7;
	/// Rows.
	pub const ROWS: usize = 6;

	/// Whether `mark` has four in a row through the cell `(row, col)`.
	fn four_through(state: &[u8], row: usize, col: usize, mark: u8) -> bool {
		let at = |r: isize, c: isize| -> bool {
			r >= 0
				&& c >= 0 && (r as usize) < Self::ROWS
				&& (c as usize) < Self::COLUMNS
				&& state[r as usize * Self::COLUMNS + c as usize] == mark
		};
		[(0isize, 1isize), (1, 0), (1, 1), (1, -1)].iter().any(|&(dr, dc)| {
			let run = |sign: isize| {
				(1..4)
					.take_while(|&k| at(row as isize + sign * k * dr, col as isize + sign * k * dc))
					.count()
			};
			1 + run(1) + run(-1) >= 4
		})
	}

	/// Whether `mark` has four in a row anywhere.
	pub fn has_four(state: &[u8], mark: u8) -> bool {
		(0..Self::ROWS).any(|r| {
			(0..Self::COLUMNS).any(|c| {
				state[r * Self::COLUMNS + c] == mark && Self::four_through(state, r, c, mark)
			})
		})
	}
}

impl Rules for ConnectFour {
	const NAME: &'static str = "connect4";
	const STATE_LEN: usize = 42;

	fn step(seat: u8, state: &[u8], mv: &[u8]) -> Result<(Vec<u8>, u8), Illegal> {
		if state.len() != Self::STATE_LEN {
			return Err(Illegal::BadState);
		}
		let turn = seat_to_move(counts(state)?)?;
		// No piece above an empty cell.
		for r in 1..Self::ROWS {
			for c in 0..Self::COLUMNS {
				if state[r * Self::COLUMNS + c] != 0 && state[(r - 1) * Self::COLUMNS + c] == 0 {
					return Err(Illegal::BadState);
				}
			}
		}
		ensure_open(state, seat, turn, |mark| Self::has_four(state, mark))?;
		let col = one_byte(mv)? as usize;
		if col >= Self::COLUMNS {
			return Err(Illegal::BadMove);
		}
		let row = (0..Self::ROWS)
			.find(|&r| state[r * Self::COLUMNS + col] == 0)
			.ok_or(Illegal::Occupied)?;
		Ok(place(state, seat, row * Self::COLUMNS + col, |new, mark| {
			Self::four_through(new, row, col, mark)
		}))
	}
}

#[cfg(test)]
mod tests;
