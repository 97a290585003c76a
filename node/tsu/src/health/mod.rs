//! NIST SP 800-90B continuous health tests on raw samples, and the running min-entropy
//! estimate.
//!
//! | test | section | catches | cutoff |
//! |---|---|---|---|
//! | repetition count | §4.4.1 | a stuck source | `C = 1 + ⌈40 / H⌉` identical samples in a row |
//! | adaptive proportion | §4.4.2 | a biased source | `1 + CRITBINOM(W, 2^-H, 1 − 2^-40)`, `W` = 1024 (bits) / 512 (bytes) |
//! | periodicity | §4.5 (developer-defined) | a periodic or counting source | binomial, match probability `2^-H`, lags 1..=64 |
//!
//! Every test has a false-positive rate of at most `α = 2^-40` per test window (per sample for
//! the repetition count test), computed from the source's *claimed* min-entropy per sample `H`.
//! The most-common-value estimate (§6.3.1, [`mcv_min_entropy`]) is computed alongside and
//! reported, not tested: it measures the marginal distribution and cannot see correlations.
//!
//! The start-up test (§4.3) is these same tests run over [`Limits::startup_samples`] fresh samples
//! (at least 1024, and at least one full window of every test) whose output is discarded;
//! [`crate::Tsu`] runs it before first use and again after every failure.

mod apt;
mod binomial;
mod mcv;
mod periodicity;
mod rct;
#[cfg(test)]
pub(crate) mod testing;

pub use binomial::{apt_cutoff, critbinom, rct_cutoff, upper_cutoff};
pub use mcv::{mcv_min_entropy, MCV_WINDOW};

use crate::{error::HealthError, source::SampleFormat};
use serde::{Deserialize, Serialize};

/// `log2(α)`: every test's false-positive probability is at most `2^-40`.
pub const ALPHA_LOG2: f64 = -40.0;
/// The fewest samples of a start-up test (SP 800-90B §4.3).
pub const MIN_STARTUP_SAMPLES: u64 = 1024;
/// Lags tested by the periodicity test: 1..=`PERIODICITY_MAX_LAG`.
pub const PERIODICITY_MAX_LAG: u32 = periodicity::MAX_LAG as u32;

/// The cutoffs and windows of every test, derived from a sample format and a claimed
/// min-entropy per sample.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Limits {
	/// The sample layout the limits are for.
	pub format: SampleFormat,
	/// The claimed min-entropy `H`, bits per sample.
	pub claimed_min_entropy: f64,
	/// Repetition count test: this many identical samples in a row fail.
	pub rct_cutoff: u64,
	/// Adaptive proportion test window, in samples.
	pub apt_window: u64,
	/// Adaptive proportion test: this many occurrences of a window's first value fail.
	pub apt_cutoff: u64,
	/// Periodicity test window, in samples.
	pub periodicity_window: u64,
	/// Periodicity test: this many matches at one lag in one window fail.
	pub periodicity_cutoff: u64,
	/// Samples a start-up test reads and discards.
	pub startup_samples: u64,
}

impl Limits {
	/// The limits for `format` samples claimed to carry `claimed_min_entropy` bits each. The
	/// claim must lie in `(0, bits per sample]`; [`crate::Tsu`] checks it before calling this.
	pub fn new(format: SampleFormat, claimed_min_entropy: f64) -> Self {
		let alpha = ALPHA_LOG2.exp2();
		let h = claimed_min_entropy;
		let (apt_window, periodicity_window, lag_tests) = match format {
			SampleFormat::Bits => {
				(apt::BINARY_WINDOW, periodicity::BINARY_WINDOW, u64::from(PERIODICITY_MAX_LAG))
			},
			// Lags on the samples and on their first differences.
			SampleFormat::Bytes => (
				apt::NON_BINARY_WINDOW,
				periodicity::NON_BINARY_WINDOW,
				2 * u64::from(PERIODICITY_MAX_LAG),
			),
		};
		let startup_samples = MIN_STARTUP_SAMPLES.max(apt_window).max(periodicity_window);
		Self {
			format,
			claimed_min_entropy: h,
			rct_cutoff: rct_cutoff(h, ALPHA_LOG2),
			apt_window,
			apt_cutoff: apt_cutoff(apt_window, h, alpha),
			periodicity_window,
			// Bonferroni: α split evenly between the lags, so the whole test keeps α.
			periodicity_cutoff: upper_cutoff(
				periodicity_window,
				(-h).exp2(),
				alpha / lag_tests as f64,
			),
			startup_samples,
		}
	}

	/// Bytes of raw samples a start-up test reads (a whole number of 64-bit words).
	pub fn startup_bytes(&self) -> usize {
		(self.startup_samples / self.format.samples_per_byte()).next_multiple_of(8) as usize
	}
}

/// The continuous health tests of one source, run over its raw samples in order.
#[derive(Debug, Clone)]
pub struct HealthTester {
	limits: Limits,
	rct: rct::Rct,
	apt: apt::Apt,
	periodicity: periodicity::Periodicity,
	mcv: mcv::Mcv,
	samples_tested: u64,
	/// 1-bit samples: bytes of an incomplete 64-bit word, tested once the word completes.
	pending: Vec<u8>,
}

/// 1-bit samples are tested 1024 at a time (one adaptive-proportion window), 8-bit samples 512
/// at a time, each test in turn: a failure is reported close to where it happened, and a stuck
/// source fails the repetition count test before the others notice.
const SEGMENT_WORDS: usize = 16;
const SEGMENT_BYTES: usize = 512;

impl HealthTester {
	/// Tests for `format` samples claimed to carry `claimed_min_entropy` bits each.
	pub fn new(format: SampleFormat, claimed_min_entropy: f64) -> Self {
		let limits = Limits::new(format, claimed_min_entropy);
		Self {
			rct: rct::Rct::new(limits.rct_cutoff),
			apt: apt::Apt::new(limits.apt_window, limits.apt_cutoff),
			periodicity: periodicity::Periodicity::new(
				limits.periodicity_window,
				limits.periodicity_cutoff,
			),
			mcv: mcv::Mcv::new(format == SampleFormat::Bits),
			samples_tested: 0,
			pending: Vec::with_capacity(8),
			limits,
		}
	}

	/// The cutoffs in force.
	pub fn limits(&self) -> &Limits {
		&self.limits
	}

	/// Forgets runs, windows and history, as before a start-up test. The sample count and the
	/// last min-entropy estimate are kept: they describe the source, not the current stretch.
	pub fn reset(&mut self) {
		self.rct.reset();
		self.apt.reset();
		self.periodicity.reset();
		self.pending.clear();
	}

	/// Raw samples tested since creation.
	pub fn samples_tested(&self) -> u64 {
		self.samples_tested
	}

	/// The most-common-value min-entropy estimate of recent samples, bits per sample.
	pub fn min_entropy_estimate(&self) -> f64 {
		self.mcv.estimate()
	}

	/// Runs every test over the next raw samples, in the layout of the tester's format. 1-bit
	/// samples are tested in whole 64-bit words: up to 7 trailing bytes wait for the next call
	/// (a [`crate::Tsu`] always passes whole words).
	pub fn check(&mut self, raw: &[u8]) -> Result<(), HealthError> {
		match self.limits.format {
			SampleFormat::Bytes => {
				for segment in raw.chunks(SEGMENT_BYTES) {
					self.check_bytes(segment)?;
				}
				Ok(())
			},
			SampleFormat::Bits => self.check_packed_bits(raw),
		}
	}

	fn check_packed_bits(&mut self, mut raw: &[u8]) -> Result<(), HealthError> {
		if !self.pending.is_empty() {
			let take = (8 - self.pending.len()).min(raw.len());
			self.pending.extend_from_slice(&raw[..take]);
			raw = &raw[take..];
			if self.pending.len() < 8 {
				return Ok(());
			}
			let word = le_word(&self.pending);
			self.pending.clear();
			self.check_words(&[word])?;
		}
		let whole = raw.len() / 8 * 8;
		let mut words = [0u64; SEGMENT_WORDS];
		for segment in raw[..whole].chunks(8 * SEGMENT_WORDS) {
			let n = segment.len() / 8;
			for (word, bytes) in words.iter_mut().zip(segment.chunks_exact(8)) {
				*word = le_word(bytes);
			}
			self.check_words(&words[..n])?;
		}
		self.pending.extend_from_slice(&raw[whole..]);
		Ok(())
	}

	fn check_words(&mut self, words: &[u64]) -> Result<(), HealthError> {
		self.samples_tested += 64 * words.len() as u64;
		self.mcv.add_words(words);
		self.rct.check_words(words)?;
		self.apt.check_words(words)?;
		self.periodicity.check_words(words)
	}

	fn check_bytes(&mut self, bytes: &[u8]) -> Result<(), HealthError> {
		self.samples_tested += bytes.len() as u64;
		self.mcv.add_bytes(bytes);
		self.rct.check_bytes(bytes)?;
		self.apt.check_bytes(bytes)?;
		self.periodicity.check_bytes(bytes)
	}
}

/// The little-endian word of the first 8 bytes of `bytes` (which has at least 8).
fn le_word(bytes: &[u8]) -> u64 {
	let mut word = [0u8; 8];
	word.copy_from_slice(&bytes[..8]);
	u64::from_le_bytes(word)
}

#[cfg(test)]
mod tests;
