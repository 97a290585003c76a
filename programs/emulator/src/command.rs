//! The `chip8` command program (`programs/guests/chip8`): its input and output, and [`run`], the
//! native reference it must agree with.
//!
//! **Input**:
//!
//! ```text
//! seed: u64 LE ‖ rom_len: u16 LE ‖ rom: rom_len bytes ‖ log: the rest, an input_log encoding
//! ```
//!
//! **Output** ([`OUTPUT_LEN`] = 36 bytes): the final state hash (32 bytes) ‖ frames run (u32 LE),
//! as [`replay_log`] returns them.
//!
//! An input that is too short for its header or ROM, a ROM over [`MAX_ROM_LEN`](crate::MAX_ROM_LEN)
//! bytes, a non-canonical log, or a program fault makes the command **trap** (no output): every
//! executor agrees on that outcome as well. A game that must settle a faulting session replays
//! the log up to the fault.
//!
//! The chain caps a command's input (`MaxIoLen`, 4096 bytes in the runtime), so ROM and log share
//! that; the run-length log keeps long sessions small (a 10 000-frame log of a key change every
//! 15 frames on average is under 2 KB).
//!
//! Fuel, as measured by `tests/wasm.rs`: about 350 000 per run whatever the session (almost all
//! of it the SHA-256 of the 4427-byte state), plus 100 to 1 200 per frame depending on the
//! program (10 instructions; frames spent waiting for a key are cheapest): 8 to 13 million for a
//! 10 000-frame session.

use alloc::vec::Vec;
use core::fmt;

pub use crate::ReplayError;
use crate::{replay_log, RomError, MAX_ROM_LEN};

/// Bytes before the ROM: the seed and the ROM's length.
pub const HEADER_LEN: usize = 10;
/// Bytes of output.
pub const OUTPUT_LEN: usize = 36;

/// Why the command fails (the program traps).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CommandError {
	/// The input is shorter than its header, or than the ROM length it announces.
	Truncated,
	/// The replay failed.
	Replay(ReplayError),
}

impl fmt::Display for CommandError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			CommandError::Truncated => f.write_str("input shorter than its header or ROM"),
			CommandError::Replay(e) => e.fmt(f),
		}
	}
}

impl core::error::Error for CommandError {}

/// The command input for `rom` seeded with `seed` replaying the encoded input log `log`.
pub fn encode_input(seed: u64, rom: &[u8], log: &[u8]) -> Result<Vec<u8>, RomError> {
	let rom_len = u16::try_from(rom.len())
		.ok()
		.filter(|&len| usize::from(len) <= MAX_ROM_LEN)
		.ok_or(RomError::TooLarge { len: rom.len() })?;
	let mut input = Vec::with_capacity(HEADER_LEN + rom.len() + log.len());
	input.extend_from_slice(&seed.to_le_bytes());
	input.extend_from_slice(&rom_len.to_le_bytes());
	input.extend_from_slice(rom);
	input.extend_from_slice(log);
	Ok(input)
}

/// Splits a command input into its seed, ROM and encoded log (unchecked).
pub fn decode_input(input: &[u8]) -> Result<(u64, &[u8], &[u8]), CommandError> {
	let (seed, rest) = input.split_first_chunk::<8>().ok_or(CommandError::Truncated)?;
	let (rom_len, rest) = rest.split_first_chunk::<2>().ok_or(CommandError::Truncated)?;
	let rom_len = usize::from(u16::from_le_bytes(*rom_len));
	let rom = rest.get(..rom_len).ok_or(CommandError::Truncated)?;
	let log = rest.get(rom_len..).ok_or(CommandError::Truncated)?;
	Ok((u64::from_le_bytes(*seed), rom, log))
}

/// The output for a final state hash and frame count.
pub fn encode_output(state_hash: &[u8; 32], frames: u32) -> [u8; OUTPUT_LEN] {
	let mut out = [0u8; OUTPUT_LEN];
	let (hash, count) = out.split_at_mut(32);
	hash.copy_from_slice(state_hash);
	count.copy_from_slice(&frames.to_le_bytes());
	out
}

/// What the program computes: [`replay_log`] of the decoded input, encoded; an error where the
/// program traps.
pub fn run(input: &[u8]) -> Result<[u8; OUTPUT_LEN], CommandError> {
	let (seed, rom, log) = decode_input(input)?;
	let (hash, frames) = replay_log(rom, seed, log).map_err(CommandError::Replay)?;
	Ok(encode_output(&hash, frames))
}
