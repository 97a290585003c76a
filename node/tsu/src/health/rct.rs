//! SP 800-90B §4.4.1 Repetition Count Test: fail on a run of `C = 1 + ⌈40 / H⌉` identical
//! consecutive samples. Catches a source that has stuck.

use crate::error::HealthError;

/// State of the repetition count test across calls.
#[derive(Debug, Clone)]
pub(crate) struct Rct {
	cutoff: u64,
	/// Length of the current run of identical samples (0 before the first sample).
	run: u64,
	/// The last sample seen (a bit or a byte).
	last: u8,
}

impl Rct {
	pub(crate) fn new(cutoff: u64) -> Self {
		Self { cutoff, run: 0, last: 0 }
	}

	pub(crate) fn reset(&mut self) {
		self.run = 0;
	}

	fn fail(&self, run: u64) -> HealthError {
		HealthError::RepetitionCount { run, cutoff: self.cutoff }
	}

	/// 1-bit samples, 64 to a word, least-significant bit first.
	///
	/// `t = w ^ (w << 1 | previous bit)` marks every sample that differs from the one before it;
	/// the runs are the gaps between marks. Only the run crossing into the word from the left
	/// needs arithmetic unless the cutoff is short enough (≤ 64) to fit inside a word.
	pub(crate) fn check_words(&mut self, words: &[u64]) -> Result<(), HealthError> {
		for &w in words {
			if self.run == 0 {
				// The very first sample: it continues an empty run of its own value.
				self.last = (w & 1) as u8;
			}
			let t = w ^ ((w << 1) | u64::from(self.last));
			if t == 0 {
				self.run += 64;
				if self.run >= self.cutoff {
					return Err(self.fail(self.run));
				}
			} else {
				let first = u64::from(t.trailing_zeros());
				if self.run + first >= self.cutoff {
					return Err(self.fail(self.run + first));
				}
				if self.cutoff <= 64 {
					self.check_inner_runs(t)?;
				}
				let last_change = 63 - u64::from(t.leading_zeros());
				self.run = 64 - last_change;
			}
			self.last = (w >> 63) as u8;
		}
		Ok(())
	}

	/// Runs that start and end inside one word; only reachable when the cutoff is ≤ 64.
	fn check_inner_runs(&self, mut t: u64) -> Result<(), HealthError> {
		let mut start = t.trailing_zeros();
		t &= t - 1;
		while t != 0 {
			let next = t.trailing_zeros();
			let run = u64::from(next - start);
			if run >= self.cutoff {
				return Err(self.fail(run));
			}
			start = next;
			t &= t - 1;
		}
		let tail = u64::from(64 - start);
		if tail >= self.cutoff {
			return Err(self.fail(tail));
		}
		Ok(())
	}

	/// 8-bit samples, one per byte.
	pub(crate) fn check_bytes(&mut self, bytes: &[u8]) -> Result<(), HealthError> {
		for &b in bytes {
			if self.run > 0 && b == self.last {
				self.run += 1;
				if self.run >= self.cutoff {
					return Err(self.fail(self.run));
				}
			} else {
				self.last = b;
				self.run = 1;
			}
		}
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::health::testing::{pack_bits, words_of};
	use proptest::prelude::*;

	/// Longest run in a sequence, the plain way.
	fn longest_run(samples: &[u8]) -> u64 {
		let (mut best, mut run) = (0u64, 0u64);
		for (i, s) in samples.iter().enumerate() {
			run = if i > 0 && samples[i - 1] == *s { run + 1 } else { 1 };
			best = best.max(run);
		}
		best
	}

	#[test]
	fn byte_runs_fail_exactly_at_the_cutoff() {
		let mut data = vec![1u8, 2, 3];
		data.extend([9u8; 6]);
		data.push(4);
		assert!(Rct::new(7).check_bytes(&data).is_ok());
		data.extend([5u8; 7]);
		assert_eq!(
			Rct::new(7).check_bytes(&data),
			Err(HealthError::RepetitionCount { run: 7, cutoff: 7 })
		);
	}

	#[test]
	fn bit_runs_crossing_words_fail_exactly_at_the_cutoff() {
		// 30 zeros, 80 ones (bits 30..110, across words 0 and 1), 81 zeros (bits 110..191,
		// across words 1 and 2), a final one.
		let mut bits = vec![0u8; 30];
		bits.extend([1u8; 80]);
		bits.extend([0u8; 81]);
		bits.push(1);
		let words = words_of(&pack_bits(&bits));
		assert_eq!(words.len(), 3);
		assert!(Rct::new(82).check_words(&words).is_ok());
		assert_eq!(
			Rct::new(81).check_words(&words),
			Err(HealthError::RepetitionCount { run: 81, cutoff: 81 })
		);
		assert_eq!(
			Rct::new(80).check_words(&words),
			Err(HealthError::RepetitionCount { run: 80, cutoff: 80 })
		);
	}

	proptest! {
		/// The word-at-a-time bit path fails exactly when the longest run reaches the cutoff,
		/// whatever the run structure and however the words are split across calls.
		#[test]
		fn bit_path_agrees_with_the_plain_definition(
			runs in proptest::collection::vec(1usize..100, 1..40),
			cutoff in 2u64..130,
			split in 0usize..8,
		) {
			let mut bits = Vec::new();
			for (i, r) in runs.iter().enumerate() {
				bits.extend(std::iter::repeat_n((i % 2) as u8, *r));
			}
			bits.resize(bits.len().div_ceil(64) * 64, (runs.len() % 2) as u8);
			let expected_fail = longest_run(&bits) >= cutoff;
			let words = words_of(&pack_bits(&bits));
			let split = split.min(words.len());
			let mut rct = Rct::new(cutoff);
			let result = rct.check_words(&words[..split]).and_then(|_| rct.check_words(&words[split..]));
			prop_assert_eq!(result.is_err(), expected_fail);
		}

		/// The byte path agrees with the plain definition too.
		#[test]
		fn byte_path_agrees_with_the_plain_definition(
			data in proptest::collection::vec(0u8..3, 1..400),
			cutoff in 2u64..8,
		) {
			let expected_fail = longest_run(&data) >= cutoff;
			prop_assert_eq!(Rct::new(cutoff).check_bytes(&data).is_err(), expected_fail);
		}
	}
}
