//! Input logs: the keypad state of every frame of a session, run-length encoded.
//!
//! A log is a sequence of frames, each a `u16` keypad bitmask ([`Input::keys`](crate::Input)).
//! Players hold keys for many frames, so the encoding stores runs of equal frames:
//!
//! ```text
//! log = run*
//! run = keys: u16 little-endian ‖ frames: unsigned LEB128, 1..=u32::MAX
//! ```
//!
//! (LEB128: 7 bits per byte, least significant group first, the high bit set on every byte but
//! the last; at most 5 bytes.) The encoding is **canonical**, one byte string per frame sequence,
//! so that equal logs have equal hashes: decoding refuses a run of 0 frames, a count with
//! redundant trailing zero groups or beyond `u32::MAX`, two consecutive runs with the same keys,
//! and a total of more than `u32::MAX` frames. The empty string is the log of no frames.
//!
//! A run costs 3 bytes for up to 127 frames, 4 up to 16 383: a 10 000-frame session where the
//! keys change every 10 frames on average takes about 3 KB.

use alloc::vec::Vec;
use core::fmt;

/// Why bytes are not a canonical input log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LogError {
	/// The log ends inside a run.
	Truncated,
	/// A run of zero frames.
	ZeroFrames,
	/// A frame count with redundant trailing zero groups.
	NonMinimal,
	/// A frame count beyond `u32::MAX`.
	CountOverflow,
	/// A run with the same keys as the run before it.
	RepeatedKeys,
	/// More than `u32::MAX` frames in all, or more than the caller's limit.
	TooManyFrames,
}

impl fmt::Display for LogError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str(match self {
			LogError::Truncated => "input log ends inside a run",
			LogError::ZeroFrames => "input log has a run of zero frames",
			LogError::NonMinimal => "input log has a non-minimal frame count",
			LogError::CountOverflow => "input log has a frame count beyond u32",
			LogError::RepeatedKeys => "input log has two consecutive runs with the same keys",
			LogError::TooManyFrames => "input log has too many frames",
		})
	}
}

impl core::error::Error for LogError {}

/// `frames` consecutive frames with the same keypad.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Run {
	/// The keypad bitmask.
	pub keys: u16,
	/// How many frames, at least 1.
	pub frames: u32,
}

/// Appends `value` as unsigned LEB128.
fn push_leb128(out: &mut Vec<u8>, mut value: u32) {
	loop {
		let low = (value & 0x7F) as u8;
		value >>= 7;
		if value == 0 {
			out.push(low);
			return;
		}
		out.push(low | 0x80);
	}
}

/// Encodes one keypad state per frame. Fails only with more than `u32::MAX` frames.
pub fn encode(frames: &[u16]) -> Result<Vec<u8>, LogError> {
	if u32::try_from(frames.len()).is_err() {
		return Err(LogError::TooManyFrames);
	}
	let mut out = Vec::new();
	let mut rest = frames;
	while let Some(&keys) = rest.first() {
		let len = rest.iter().position(|&k| k != keys).unwrap_or(rest.len());
		out.extend_from_slice(&keys.to_le_bytes());
		// `len` ≤ `frames.len()` ≤ u32::MAX, checked above.
		push_leb128(&mut out, len as u32);
		rest = rest.get(len..).unwrap_or(&[]);
	}
	Ok(out)
}

/// The runs of `log`, in order; an error ends the iteration.
pub fn runs(log: &[u8]) -> Runs<'_> {
	Runs { rest: log, previous: None, total: 0, failed: false }
}

/// Iterator over the runs of a log ([`runs`]).
#[derive(Clone, Debug)]
pub struct Runs<'a> {
	rest: &'a [u8],
	previous: Option<u16>,
	total: u32,
	failed: bool,
}

impl Runs<'_> {
	fn take(&mut self) -> Result<u8, LogError> {
		let (&byte, rest) = self.rest.split_first().ok_or(LogError::Truncated)?;
		self.rest = rest;
		Ok(byte)
	}

	fn read_count(&mut self) -> Result<u32, LogError> {
		let mut value = 0u32;
		for group in 0..5u32 {
			let byte = self.take()?;
			// The fifth group holds the top 4 bits and ends the number.
			if group == 4 && byte & 0xF0 != 0 {
				return Err(LogError::CountOverflow);
			}
			value |= u32::from(byte & 0x7F) << (7 * group);
			if byte & 0x80 == 0 {
				if byte == 0 && group > 0 {
					return Err(LogError::NonMinimal);
				}
				return Ok(value);
			}
		}
		Err(LogError::CountOverflow)
	}

	fn read_run(&mut self) -> Result<Run, LogError> {
		let keys = u16::from_le_bytes([self.take()?, self.take()?]);
		let frames = self.read_count()?;
		if frames == 0 {
			return Err(LogError::ZeroFrames);
		}
		if self.previous == Some(keys) {
			return Err(LogError::RepeatedKeys);
		}
		self.total = self.total.checked_add(frames).ok_or(LogError::TooManyFrames)?;
		self.previous = Some(keys);
		Ok(Run { keys, frames })
	}
}

impl Iterator for Runs<'_> {
	type Item = Result<Run, LogError>;

	fn next(&mut self) -> Option<Self::Item> {
		if self.failed || self.rest.is_empty() {
			return None;
		}
		let run = self.read_run();
		self.failed = run.is_err();
		Some(run)
	}
}

/// Checks that `log` is canonical and returns how many frames it holds. Cheap (it reads every
/// run once, allocating nothing): call it to bound the work before replaying.
pub fn frame_count(log: &[u8]) -> Result<u32, LogError> {
	let mut total = 0u32;
	for run in runs(log) {
		// Never overflows: `Runs` checks the total.
		total = total.saturating_add(run?.frames);
	}
	Ok(total)
}

/// Decodes `log` into one keypad state per frame, refusing logs of more than `max_frames` frames
/// before allocating (a few bytes can encode billions of frames).
pub fn decode(log: &[u8], max_frames: u32) -> Result<Vec<u16>, LogError> {
	let total = frame_count(log)?;
	if total > max_frames {
		return Err(LogError::TooManyFrames);
	}
	let mut out = Vec::with_capacity(total as usize);
	for run in runs(log) {
		let run = run?;
		out.extend(core::iter::repeat_n(run.keys, run.frames as usize));
	}
	Ok(out)
}
