//! # Aether emulator cores
//!
//! Deterministic emulators for Aether games (DESIGN.md §5): a game session's input log replays to
//! the same machine state, and so the same state hash, on every machine, natively and compiled to
//! WebAssembly as a command program (`programs/guests/chip8`).
//!
//! - [`EmulatorCore`]: what a core offers a game session: one instruction
//!   ([`EmulatorCore::execute_cycle`]), one 60 Hz frame ([`EmulatorCore::run_frame`]), a canonical
//!   save state ([`EmulatorCore::save_state`], [`EmulatorCore::load_state`]) and its SHA-256
//!   ([`EmulatorCore::state_hash`]).
//! - [`Chip8`]: a complete CHIP-8 core (the COSMAC VIP interpreter's behaviour, see its docs for
//!   every quirk chosen and the save-state layout).
//! - [`replay`] / [`replay_log`]: a ROM, a seed and one keypad state per frame to the final state
//!   hash; [`input_log`]: the compact, canonical binary encoding of such a log; [`command`]: the
//!   input and output of the `chip8` command program, and its native reference.
//! - [`asm`]: a tiny CHIP-8 assembler, for building ROMs in tests and tools.
//!
//! ## Determinism
//!
//! A core's next state is a function of its state and the [`Input`] alone. The CHIP-8 core has no
//! floating point, no hash maps, no host clock or randomness (`CXNN` draws from a PRNG whose state
//! is part of the machine state, seeded from the session seed and the ROM), no `usize`-dependent
//! arithmetic (addresses are `u16`, wrapping where the hardware wraps, on purpose), and never
//! panics: every fault of the program (an unknown opcode, a stack overflow or underflow, the
//! program counter or `I` pointing outside memory) is returned as a [`Fault`], with the machine
//! left as it was before the faulting instruction.
//!
//! `#![no_std]` with `alloc` (only [`EmulatorCore::save_state`], the input-log helpers and
//! [`asm`] allocate); feature `std` (default) only enables `sha2/std`.

#![cfg_attr(not(feature = "std"), no_std)]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

extern crate alloc;

pub mod asm;
mod chip8;
pub mod command;
pub mod input_log;
mod replay;

#[cfg(test)]
mod tests;

use alloc::vec::Vec;
use core::fmt;

pub use chip8::{
	Chip8, KeyWait, CYCLES_PER_FRAME, DISPLAY_HEIGHT, DISPLAY_WIDTH, FONT, FONT_ADDR, MAX_ROM_LEN,
	MEMORY_SIZE, PROGRAM_START, STACK_DEPTH, STATE_LEN, STATE_MAGIC, STATE_VERSION,
};
pub use replay::{replay, replay_log, ReplayError};

/// The keypad during one frame: bit `k` set means key `k` (0x0..=0xF) is held down.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Input {
	/// One bit per key, bit `k` for key `k`.
	pub keys: u16,
}

impl Input {
	/// No key held.
	pub const NONE: Input = Input { keys: 0 };

	/// The keypad with exactly the keys of `keys` held.
	pub const fn new(keys: u16) -> Self {
		Self { keys }
	}

	/// The keypad with only `key` (its low nibble) held.
	pub const fn key(key: u8) -> Self {
		Self { keys: 1 << (key & 0xF) }
	}

	/// Whether `key` (its low nibble) is held.
	pub const fn is_pressed(self, key: u8) -> bool {
		self.keys & (1 << (key & 0xF)) != 0
	}

	/// The lowest-numbered key held, if any.
	pub const fn lowest(self) -> Option<u8> {
		if self.keys == 0 {
			None
		} else {
			Some(self.keys.trailing_zeros() as u8)
		}
	}
}

impl From<u16> for Input {
	fn from(keys: u16) -> Self {
		Self { keys }
	}
}

/// Why the program being emulated could not go on. The machine is left exactly as it was before
/// the faulting instruction, so running it again faults again in the same way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Fault {
	/// `opcode` at `pc` is no instruction this core executes (including CHIP-8's `0NNN` machine
	/// code calls).
	UnknownOpcode {
		/// Address of the instruction.
		pc: u16,
		/// The instruction word.
		opcode: u16,
	},
	/// A `2NNN` call with the stack already full.
	StackOverflow {
		/// Address of the call.
		pc: u16,
	},
	/// A `00EE` return with the stack empty.
	StackUnderflow {
		/// Address of the return.
		pc: u16,
	},
	/// The program counter points where no whole instruction fits in memory.
	PcOutOfBounds {
		/// The program counter.
		pc: u16,
	},
	/// An instruction reads or writes memory at `I` past its end.
	IndexOutOfBounds {
		/// Address of the instruction.
		pc: u16,
		/// The index register.
		i: u16,
	},
}

impl fmt::Display for Fault {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match *self {
			Fault::UnknownOpcode { pc, opcode } => {
				write!(f, "unknown opcode {opcode:04X} at {pc:03X}")
			},
			Fault::StackOverflow { pc } => write!(f, "stack overflow at {pc:03X}"),
			Fault::StackUnderflow { pc } => write!(f, "stack underflow at {pc:03X}"),
			Fault::PcOutOfBounds { pc } => write!(f, "program counter {pc:04X} out of memory"),
			Fault::IndexOutOfBounds { pc, i } => {
				write!(f, "index register {i:04X} out of memory at {pc:03X}")
			},
		}
	}
}

impl core::error::Error for Fault {}

/// Why [`EmulatorCore::load_state`] refused some bytes. The machine is left unchanged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StateError {
	/// The encoding has the wrong length.
	Length {
		/// The length of this core's encoding.
		expected: usize,
		/// The length given.
		found: usize,
	},
	/// The encoding does not start with this core's magic bytes.
	Magic,
	/// The encoding is of a version this core does not read.
	Version(u8),
	/// The stack pointer is beyond the stack.
	StackPointer(u8),
	/// A stack slot above the stack pointer is not zero (encodings are canonical).
	StaleStack,
	/// The key-wait field is not a valid, canonically encoded state.
	KeyWait,
}

impl fmt::Display for StateError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match *self {
			StateError::Length { expected, found } => {
				write!(f, "state of {found} bytes, expected {expected}")
			},
			StateError::Magic => f.write_str("not a state of this core (magic)"),
			StateError::Version(v) => write!(f, "unsupported state version {v}"),
			StateError::StackPointer(sp) => write!(f, "stack pointer {sp} beyond the stack"),
			StateError::StaleStack => f.write_str("non-zero stack slot above the stack pointer"),
			StateError::KeyWait => f.write_str("invalid key-wait state"),
		}
	}
}

impl core::error::Error for StateError {}

/// Why a ROM could not be loaded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RomError {
	/// The ROM does not fit in memory from [`PROGRAM_START`] ([`MAX_ROM_LEN`] bytes).
	TooLarge {
		/// The ROM's length.
		len: usize,
	},
}

impl fmt::Display for RomError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match *self {
			RomError::TooLarge { len } => {
				write!(f, "ROM of {len} bytes, at most {MAX_ROM_LEN} fit")
			},
		}
	}
}

impl core::error::Error for RomError {}

/// A deterministic emulator core, as a game session drives it: the state after any sequence of
/// calls depends only on the state before and the inputs given, on every machine.
///
/// Object safe: a session may hold a `Box<dyn EmulatorCore>`.
pub trait EmulatorCore {
	/// Executes one CPU instruction with `input` as the keypad.
	///
	/// On a fault the machine is left as it was before the instruction.
	fn execute_cycle(&mut self, input: &Input) -> Result<(), Fault>;

	/// Runs one 60 Hz frame with `input` as the keypad throughout:
	/// [`EmulatorCore::cycles_per_frame`] instructions, then the frame's timer ticks, then
	/// [`EmulatorCore::frame_count`] goes up by one.
	///
	/// On a fault the frame stops at the faulting instruction (the instructions before it stay
	/// executed) and is not counted.
	fn run_frame(&mut self, input: &Input) -> Result<(), Fault>;

	/// Instructions [`EmulatorCore::run_frame`] executes per frame.
	fn cycles_per_frame(&self) -> u32;

	/// Frames completed since the machine was created (part of the saved state; wraps at
	/// `u32::MAX`, over two years of 60 Hz frames).
	fn frame_count(&self) -> u32;

	/// The full machine state in this core's versioned, canonical encoding: two machines that
	/// will behave identically on every input have equal encodings, and
	/// [`EmulatorCore::load_state`] accepts nothing else.
	fn save_state(&self) -> Vec<u8>;

	/// Replaces the machine state with an encoding [`EmulatorCore::save_state`] produced. Checks
	/// the length, magic, version and every field; on an error the machine is unchanged. Never
	/// panics, whatever the bytes.
	fn load_state(&mut self, bytes: &[u8]) -> Result<(), StateError>;

	/// SHA-256 of [`EmulatorCore::save_state`]: what a session commits to after each move.
	fn state_hash(&self) -> [u8; 32] {
		use sha2::{Digest, Sha256};
		Sha256::digest(self.save_state()).into()
	}
}
