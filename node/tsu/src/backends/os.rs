//! The `os` backend: the operating system's random bytes (`getrandom`) as 8-bit raw samples.
//!
//! # Claimed min-entropy: 7 bits per 8-bit sample
//!
//! `getrandom` is the kernel's CSPRNG (on Linux, ChaCha20 reseeded from the kernel's entropy
//! pool): its output is computationally indistinguishable from uniform, i.e. 8 bits per byte to
//! any feasible observer, though it is a DRBG's output rather than raw noise in SP 800-90B's
//! sense. We claim 7 bits: a full bit below ideal and below the MCV estimate measured in the
//! tests (≈ 7.9 on 2 MiB, the most an estimate over that many samples can show), so the health
//! tests are tight enough to catch a broken or stuck generator (repetition cutoff 7, adaptive
//! proportion cutoff 26 of 512) while a working one fails with probability ≤ 2^-40 per window.
//! Each 32-byte output block consumes 48 raw bytes (336 claimed bits).

use crate::source::{EntropySource, SampleFormat, SourceError};

/// Claimed min-entropy of one `os` sample (one byte), in bits.
pub const CLAIMED_MIN_ENTROPY: f64 = 7.0;

/// `getrandom` bytes as raw samples.
#[derive(Debug, Default)]
pub struct OsSource {
	_private: (),
}

impl OsSource {
	/// The OS source; it needs no set-up.
	pub fn new() -> Self {
		Self::default()
	}
}

impl EntropySource for OsSource {
	fn name(&self) -> &str {
		"os"
	}

	fn format(&self) -> SampleFormat {
		SampleFormat::Bytes
	}

	fn claimed_min_entropy(&self) -> f64 {
		CLAIMED_MIN_ENTROPY
	}

	fn fill_raw(&mut self, buf: &mut [u8]) -> Result<(), SourceError> {
		getrandom::fill(buf).map_err(|e| SourceError::Failed(format!("getrandom: {e}")))
	}
}
