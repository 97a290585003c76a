//! Replaying a session: a ROM, a seed and an input log to the final state hash.

use alloc::boxed::Box;
use core::fmt;

use crate::{
	input_log::{self, LogError},
	Chip8, EmulatorCore, Fault, Input, RomError,
};

/// Why a replay did not finish.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReplayError {
	/// The ROM does not fit in memory.
	Rom(RomError),
	/// The input log is not canonical, or has more than `u32::MAX` frames.
	Log(LogError),
	/// The program faulted during frame `frame` (counting from 0).
	Fault {
		/// The frame that did not complete.
		frame: u32,
		/// The fault.
		fault: Fault,
	},
}

impl fmt::Display for ReplayError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			ReplayError::Rom(e) => e.fmt(f),
			ReplayError::Log(e) => e.fmt(f),
			ReplayError::Fault { frame, fault } => write!(f, "frame {frame}: {fault}"),
		}
	}
}

impl core::error::Error for ReplayError {}

impl From<RomError> for ReplayError {
	fn from(e: RomError) -> Self {
		ReplayError::Rom(e)
	}
}

impl From<LogError> for ReplayError {
	fn from(e: LogError) -> Self {
		ReplayError::Log(e)
	}
}

/// Runs frames on `core`, one per keypad state.
fn run_frames(
	core: &mut impl EmulatorCore,
	inputs: impl IntoIterator<Item = u16>,
) -> Result<(), ReplayError> {
	for keys in inputs {
		let frame = core.frame_count();
		core.run_frame(&Input::new(keys)).map_err(|fault| ReplayError::Fault { frame, fault })?;
	}
	Ok(())
}

/// Replays a CHIP-8 session: a fresh [`Chip8::new`]`(rom, seed)` runs one frame per entry of
/// `inputs` (the keypad bitmask of that frame). Returns the final [`EmulatorCore::state_hash`]
/// and the number of frames run (`inputs.len()`).
///
/// Errors: the ROM is too large, more than `u32::MAX` inputs, or the first fault.
pub fn replay(rom: &[u8], seed: u64, inputs: &[u16]) -> Result<([u8; 32], u32), ReplayError> {
	if u32::try_from(inputs.len()).is_err() {
		return Err(LogError::TooManyFrames.into());
	}
	let mut machine = Box::new(Chip8::new(rom, seed)?);
	run_frames(&mut *machine, inputs.iter().copied())?;
	Ok((machine.state_hash(), machine.frame_count()))
}

/// [`replay`] with the inputs as an encoded [`input_log`], read run by run (nothing the size of
/// the log is allocated). The log is checked whole before anything runs, then the ROM.
///
/// A few bytes of log can ask for billions of frames: a native caller that must bound its time
/// should check [`input_log::frame_count`] first (in the sandbox, fuel bounds it).
pub fn replay_log(rom: &[u8], seed: u64, log: &[u8]) -> Result<([u8; 32], u32), ReplayError> {
	input_log::frame_count(log)?;
	let mut machine = Box::new(Chip8::new(rom, seed)?);
	for run in input_log::runs(log) {
		let run = run?;
		run_frames(&mut *machine, core::iter::repeat_n(run.keys, run.frames as usize))?;
	}
	Ok((machine.state_hash(), machine.frame_count()))
}
