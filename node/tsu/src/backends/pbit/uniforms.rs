//! The uniform random bytes that drive the p-bits: from the OS, directly or through a ChaCha20
//! stream keyed from the OS and re-keyed every [`REKEY_BYTES`].

use super::lattice::Plane;
use crate::source::SourceError;
use rand_chacha::ChaCha20Rng;
use rand_core::{RngCore, SeedableRng};

/// Bytes of ChaCha20 stream per OS key: the stream is re-keyed from `getrandom` at least this
/// often.
pub const REKEY_BYTES: usize = 1 << 20;

/// Where the p-bits' uniforms come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UniformSource {
	/// ChaCha20 keyed with 256 bits from `getrandom`, re-keyed every [`REKEY_BYTES`] of stream.
	/// The default: see the [`super`] module docs for the measurement behind the choice.
	ChaCha20,
	/// `getrandom` for every byte.
	Os,
}

/// A stream of uniform bytes, one per p-bit update.
pub(crate) struct Uniforms {
	source: UniformSource,
	rng: ChaCha20Rng,
	/// Stream bytes drawn under the current key.
	since_key: usize,
	/// Re-key from the OS (false only for seeded test streams).
	rekey: bool,
}

fn os_key() -> Result<[u8; 32], SourceError> {
	let mut key = [0u8; 32];
	getrandom::fill(&mut key).map_err(|e| SourceError::Failed(format!("getrandom: {e}")))?;
	Ok(key)
}

impl Uniforms {
	/// Uniforms from `source`, keyed from the OS.
	pub(crate) fn new(source: UniformSource) -> Result<Self, SourceError> {
		Ok(Self { source, rng: ChaCha20Rng::from_seed(os_key()?), since_key: 0, rekey: true })
	}

	/// A reproducible ChaCha20 stream, never re-keyed: for tests only.
	#[cfg(test)]
	pub(crate) fn seeded(seed: u64) -> Self {
		Self {
			source: UniformSource::ChaCha20,
			rng: ChaCha20Rng::seed_from_u64(seed),
			since_key: 0,
			rekey: false,
		}
	}

	/// Fills both colours' uniforms for one sweep.
	pub(crate) fn fill(&mut self, planes: &mut [Plane; 2]) -> Result<(), SourceError> {
		let buf = planes.as_flattened_mut().as_flattened_mut();
		match self.source {
			UniformSource::Os => {
				getrandom::fill(buf).map_err(|e| SourceError::Failed(format!("getrandom: {e}")))
			},
			UniformSource::ChaCha20 => {
				if self.rekey && self.since_key + buf.len() > REKEY_BYTES {
					self.rng = ChaCha20Rng::from_seed(os_key()?);
					self.since_key = 0;
				}
				self.rng.fill_bytes(buf);
				self.since_key += buf.len();
				Ok(())
			},
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::backends::pbit::lattice::{HALF, SIDE};

	#[test]
	fn chacha_stream_is_rekeyed_from_the_os_every_mib() {
		let mut uniforms = Uniforms::new(UniformSource::ChaCha20).unwrap();
		let mut planes = [[[0u8; HALF]; SIDE]; 2];
		let sweep = std::mem::size_of_val(&planes);
		let per_key = REKEY_BYTES / sweep;
		for _ in 0..per_key {
			uniforms.fill(&mut planes).unwrap();
		}
		assert_eq!(uniforms.since_key, REKEY_BYTES);
		let before = uniforms.rng.get_seed();
		uniforms.fill(&mut planes).unwrap();
		// One more sweep would exceed 1 MiB under the old key: a fresh OS key was drawn.
		assert_eq!(uniforms.since_key, sweep);
		assert_ne!(uniforms.rng.get_seed(), before);
	}

	#[test]
	fn seeded_streams_repeat_and_os_streams_do_not() {
		let draw = |mut u: Uniforms| {
			let mut planes = [[[0u8; HALF]; SIDE]; 2];
			u.fill(&mut planes).unwrap();
			planes
		};
		assert_eq!(draw(Uniforms::seeded(1)), draw(Uniforms::seeded(1)));
		assert_ne!(draw(Uniforms::seeded(1)), draw(Uniforms::seeded(2)));
		for source in [UniformSource::ChaCha20, UniformSource::Os] {
			assert_ne!(draw(Uniforms::new(source).unwrap()), draw(Uniforms::new(source).unwrap()));
		}
	}
}
