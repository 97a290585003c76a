//! [`EntropySource`]: what a backend (emulated or hardware) must provide to the health tests.
//!
//! # Sample layout
//!
//! A source delivers raw samples in one of two layouts, [`SampleFormat`]:
//!
//! - [`SampleFormat::Bits`]: 1-bit samples packed eight to a byte, least-significant bit first
//!   (sample `i` is bit `i % 8` of byte `i / 8`). A p-bit *is* a binary device, so this is its
//!   natural alphabet; packing lets the health tests run on 64 samples at a time with XOR and
//!   popcount, and lets the conditioner hash 8× fewer bytes. Both matter: at the default claim
//!   the `pbit` backend needs ~20 raw samples per output byte.
//! - [`SampleFormat::Bytes`]: one 8-bit sample per byte, the natural alphabet of byte-oriented
//!   sources (`getrandom`, a file).
//!
//! SP 800-90B sizes its tests by the alphabet (binary or not), so the format is part of the
//! source's contract, as is its claimed min-entropy per sample.

use crate::error::HealthError;
use thiserror::Error;

/// How raw samples are laid out in a buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SampleFormat {
	/// 1-bit samples, eight to a byte, least-significant bit first.
	Bits,
	/// One 8-bit sample per byte.
	Bytes,
}

impl SampleFormat {
	/// Width of one sample in bits: the largest min-entropy a sample can carry.
	pub fn bits_per_sample(self) -> u32 {
		match self {
			SampleFormat::Bits => 1,
			SampleFormat::Bytes => 8,
		}
	}

	/// How many samples one byte of a buffer holds.
	pub fn samples_per_byte(self) -> u64 {
		match self {
			SampleFormat::Bits => 8,
			SampleFormat::Bytes => 1,
		}
	}
}

/// Why a source could not deliver samples.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SourceError {
	/// The source has no more samples (end of a replayed file).
	#[error("source exhausted after {bytes_read} bytes")]
	Exhausted {
		/// Bytes delivered before the source ran dry.
		bytes_read: u64,
	},
	/// The source failed (an OS or I/O error).
	#[error("{0}")]
	Failed(String),
}

impl From<SourceError> for HealthError {
	fn from(error: SourceError) -> Self {
		match error {
			SourceError::Exhausted { bytes_read } => HealthError::SourceExhausted { bytes_read },
			SourceError::Failed(reason) => HealthError::Backend(reason),
		}
	}
}

/// A noise source: raw, unconditioned samples with a claimed min-entropy per sample.
///
/// The emulated p-bit sampler, the OS and a file implement it here; a hardware TSU would
/// implement it in its driver and hand it to [`crate::Tsu::with_source`], getting the same
/// health tests and conditioner.
pub trait EntropySource: Send {
	/// The backend's name, as reported by [`crate::Tsu::status`].
	fn name(&self) -> &str;

	/// How samples are laid out in the buffers [`EntropySource::fill_raw`] fills.
	fn format(&self) -> SampleFormat;

	/// The min-entropy, in bits, that each sample is claimed to carry given all earlier samples.
	/// The health-test cutoffs and the conditioner's input size are derived from it, so it must
	/// be conservative: a claim above the truth lets a weak source through and makes the
	/// conditioned output less than full-entropy.
	fn claimed_min_entropy(&self) -> f64;

	/// Fills `buf` entirely with fresh raw samples, laid out as [`EntropySource::format`] says.
	/// Successive calls continue one sample stream. On error the contents of `buf` are
	/// unspecified and must not be used.
	fn fill_raw(&mut self, buf: &mut [u8]) -> Result<(), SourceError>;
}
