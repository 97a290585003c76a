//! The SHA-256 conditioner: the vetted conditioning component of SP 800-90B §3.1.5.1.1.
//!
//! Each 32-byte output block is
//!
//! ```text
//! SHA-256("aether-tsu/sha256-conditioner/v1" ‖ counter as u64 LE ‖ chunk)
//! ```
//!
//! where `chunk` is the next [`chunk_bytes`] bytes of health-tested raw samples, carrying at
//! least [`MIN_ENTROPY_PER_BLOCK`] = 256 + 64 bits of *claimed* min-entropy. SP 800-90B §3.1.5.1.2
//! lets a vetted conditioner's output be claimed full-entropy when its input carries at least
//! `n_out + 64` bits for `n_out` output bits: so every output bit is claimed full-entropy. The
//! counter (per TSU, never reset) keeps inputs distinct even if raw chunks were to repeat.
//!
//! Raw-to-output ratio, with the claims of [`crate::backends`]:
//!
//! | backend | claim (bits/sample) | samples per block | raw bytes per 32-byte block | ratio |
//! |---|---|---|---|---|
//! | `pbit` | 0.5 (1-bit samples) | 640 | 80 | 2.5 : 1 |
//! | `os` | 7 (8-bit samples) | 48 | 48 | 1.5 : 1 |
//! | `file` | 1 (8-bit samples) | 320 | 320 | 10 : 1 |

use crate::source::SampleFormat;
use sha2::{Digest, Sha256};

/// Bytes of one conditioned output block.
pub const OUTPUT_BYTES: usize = 32;
/// Claimed min-entropy, in bits, that the raw input of one output block must carry: the 256
/// output bits plus the 64 of SP 800-90B's full-entropy margin.
pub const MIN_ENTROPY_PER_BLOCK: f64 = 256.0 + 64.0;
/// Domain separation of the conditioner's hash inputs.
const DOMAIN: &[u8] = b"aether-tsu/sha256-conditioner/v1";

/// Raw bytes per output block for samples of `format` claimed to carry `claimed_min_entropy`
/// bits each: enough whole samples for [`MIN_ENTROPY_PER_BLOCK`] bits, rounded up to a whole
/// number of 64-bit words (so the health tests see whole words).
pub fn chunk_bytes(format: SampleFormat, claimed_min_entropy: f64) -> usize {
	let samples = (MIN_ENTROPY_PER_BLOCK / claimed_min_entropy).ceil() as u64;
	samples.div_ceil(format.samples_per_byte()).next_multiple_of(8) as usize
}

/// SHA-256 over claimed-full-entropy chunks of raw samples, one 32-byte block per chunk.
#[derive(Debug, Clone)]
pub struct Conditioner {
	chunk_bytes: usize,
	claimed_per_chunk: f64,
	counter: u64,
}

impl Conditioner {
	/// A conditioner for `format` samples claimed to carry `claimed_min_entropy` bits each.
	pub fn new(format: SampleFormat, claimed_min_entropy: f64) -> Self {
		let chunk_bytes = chunk_bytes(format, claimed_min_entropy);
		let samples = chunk_bytes as u64 * format.samples_per_byte();
		Self { chunk_bytes, claimed_per_chunk: samples as f64 * claimed_min_entropy, counter: 0 }
	}

	/// Raw bytes consumed per output block.
	pub fn chunk_bytes(&self) -> usize {
		self.chunk_bytes
	}

	/// Claimed min-entropy of one chunk, in bits (at least [`MIN_ENTROPY_PER_BLOCK`]).
	pub fn claimed_entropy_per_chunk(&self) -> f64 {
		self.claimed_per_chunk
	}

	/// Conditions one chunk of [`Conditioner::chunk_bytes`] health-tested raw bytes into one
	/// output block.
	pub fn condition(&mut self, chunk: &[u8]) -> [u8; OUTPUT_BYTES] {
		debug_assert_eq!(chunk.len(), self.chunk_bytes);
		let mut hasher = Sha256::new();
		hasher.update(DOMAIN);
		hasher.update(self.counter.to_le_bytes());
		hasher.update(chunk);
		self.counter = self.counter.wrapping_add(1);
		hasher.finalize().into()
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn chunk_sizes_carry_at_least_320_claimed_bits() {
		for (format, h, bytes) in [
			(SampleFormat::Bits, 0.5, 80),
			(SampleFormat::Bytes, 7.0, 48),
			(SampleFormat::Bytes, 1.0, 320),
			(SampleFormat::Bits, 1.0, 40),
			(SampleFormat::Bits, 0.3, 136),
			(SampleFormat::Bytes, 8.0, 40),
		] {
			let c = Conditioner::new(format, h);
			assert_eq!(c.chunk_bytes(), bytes, "{format:?} {h}");
			assert!(c.claimed_entropy_per_chunk() >= MIN_ENTROPY_PER_BLOCK);
			// Not wastefully more: one word less would fall short.
			let fewer = (bytes - 8) as f64 * format.samples_per_byte() as f64 * h;
			assert!(fewer < MIN_ENTROPY_PER_BLOCK, "{format:?} {h}");
		}
	}

	#[test]
	fn output_is_sha256_of_domain_counter_and_chunk() {
		let chunk = [7u8; 80];
		let mut c = Conditioner::new(SampleFormat::Bits, 0.5);
		let first = c.condition(&chunk);
		let second = c.condition(&chunk);
		// The counter separates equal chunks.
		assert_ne!(first, second);
		let mut expected = Sha256::new();
		expected.update(b"aether-tsu/sha256-conditioner/v1");
		expected.update(1u64.to_le_bytes());
		expected.update(chunk);
		assert_eq!(second, <[u8; 32]>::from(expected.finalize()));
		// SHA-256 known answer (FIPS 180-2, "abc"): the hash is the one the standard vets.
		let abc: [u8; 32] = Sha256::digest(b"abc").into();
		assert_eq!(abc[..4], [0xba, 0x78, 0x16, 0xbf]);
		assert_eq!(abc[28..], [0xf2, 0x00, 0x15, 0xad]);
	}
}
