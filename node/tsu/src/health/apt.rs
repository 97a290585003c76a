//! SP 800-90B §4.4.2 Adaptive Proportion Test: in each window of `W` samples (1024 for 1-bit
//! samples, 512 for 8-bit ones), fail if the window's first sample value occurs `cutoff` times or
//! more. Catches a source that has become biased without sticking.

use crate::error::HealthError;

/// Window for 1-bit samples (SP 800-90B §4.4.2).
pub const BINARY_WINDOW: u64 = 1024;
/// Window for 8-bit samples (SP 800-90B §4.4.2).
pub const NON_BINARY_WINDOW: u64 = 512;

/// State of the adaptive proportion test across calls: windows are consecutive and
/// non-overlapping, and may straddle calls.
#[derive(Debug, Clone)]
pub(crate) struct Apt {
	window: u64,
	cutoff: u64,
	/// Samples of the current window seen so far (0: the next sample opens a window).
	seen: u64,
	/// The window's first sample value.
	first: u8,
	/// Occurrences of `first` in the window so far (bits: the number of ones).
	count: u64,
}

impl Apt {
	pub(crate) fn new(window: u64, cutoff: u64) -> Self {
		Self { window, cutoff, seen: 0, first: 0, count: 0 }
	}

	pub(crate) fn reset(&mut self) {
		self.seen = 0;
		self.count = 0;
	}

	fn fail(&self, count: u64) -> HealthError {
		HealthError::AdaptiveProportion { count, window: self.window, cutoff: self.cutoff }
	}

	/// 1-bit samples, 64 to a word. The window (1024) is a whole number of words, so a window
	/// only needs the ones of each word: its first sample's count is `ones` or `W − ones`.
	pub(crate) fn check_words(&mut self, words: &[u64]) -> Result<(), HealthError> {
		for &w in words {
			if self.seen == 0 {
				self.first = (w & 1) as u8;
			}
			self.count += u64::from(w.count_ones());
			self.seen += 64;
			if self.seen >= self.window {
				let count = if self.first == 1 { self.count } else { self.window - self.count };
				self.reset();
				if count >= self.cutoff {
					return Err(self.fail(count));
				}
			}
		}
		Ok(())
	}

	/// 8-bit samples, one per byte.
	pub(crate) fn check_bytes(&mut self, bytes: &[u8]) -> Result<(), HealthError> {
		for &b in bytes {
			if self.seen == 0 {
				self.first = b;
				self.count = 1;
			} else if b == self.first {
				self.count += 1;
				if self.count >= self.cutoff {
					let count = self.count;
					self.reset();
					return Err(self.fail(count));
				}
			}
			self.seen += 1;
			if self.seen == self.window {
				self.reset();
			}
		}
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::health::testing::{pack_bits, words_of};

	#[test]
	fn binary_window_fails_exactly_at_the_cutoff() {
		// First sample 0; the window holds `zeros` zeros in all.
		let window = |zeros: usize| {
			let mut bits = vec![0u8; zeros];
			bits.resize(1024, 1);
			bits
		};
		let cutoff = 625;
		assert!(Apt::new(1024, cutoff).check_words(&words_of(&pack_bits(&window(624)))).is_ok());
		assert_eq!(
			Apt::new(1024, cutoff).check_words(&words_of(&pack_bits(&window(625)))),
			Err(HealthError::AdaptiveProportion { count: 625, window: 1024, cutoff })
		);
		// The count is of the *first* value: 625 ones after a leading 0 pass.
		let mut ones = window(399);
		ones.reverse();
		ones[0] = 0;
		assert!(Apt::new(1024, cutoff).check_words(&words_of(&pack_bits(&ones))).is_ok());
	}

	#[test]
	fn byte_window_fails_exactly_at_the_cutoff_and_windows_straddle_calls() {
		let cutoff = 26;
		let mut data: Vec<u8> = (0..512u32).map(|i| (i % 200) as u8 + 50).collect();
		for slot in data.iter_mut().skip(1).step_by(19).take(24) {
			*slot = 7;
		}
		data[0] = 7;
		// 25 sevens: passes, even fed in odd-sized pieces.
		let mut apt = Apt::new(512, cutoff);
		for piece in data.chunks(37) {
			assert!(apt.check_bytes(piece).is_ok());
		}
		data[500] = 7;
		let mut apt = Apt::new(512, cutoff);
		let result = data.chunks(37).try_for_each(|piece| apt.check_bytes(piece));
		assert_eq!(result, Err(HealthError::AdaptiveProportion { count: 26, window: 512, cutoff }));
		// A new window starts afresh: the 26th seven in the *next* window passes.
		let mut two = data.clone();
		two[500] = 1;
		two.push(7);
		assert!(Apt::new(512, cutoff).check_bytes(&two).is_ok());
	}
}
