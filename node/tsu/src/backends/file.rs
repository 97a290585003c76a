//! The `file:PATH` backend: raw 8-bit samples replayed from a file, for tests and for
//! reproducing a run (dump raw samples with `aether-tsu dump --raw`, replay them here).
//!
//! The file is read once, front to back. At its end the source reports
//! [`SourceError::Exhausted`] and the TSU fails with [`crate::HealthError::SourceExhausted`]: it
//! never wraps around, which would replay samples already used.
//!
//! # Claimed min-entropy: 1 bit per 8-bit sample
//!
//! A file's provenance is unknown to the TSU, so the claim is deliberately low: one bit per
//! byte. Any recording of a real source (a raw `os` or `pbit` dump measures ≈ 7.8–7.9 bits per
//! byte by MCV) passes with a wide margin, while a constant, counting or grossly biased file
//! still fails the health tests (repetition cutoff 41, adaptive proportion cutoff 336 of 512,
//! periodicity cutoff 2295 of 4096). Each 32-byte output block consumes 320 raw bytes.
//!
//! Replaying a raw `pbit` dump reads its packed bits as bytes: the samples are the same, the
//! alphabet (and so the claim and the conditioned output) differ from the live backend's.

use crate::source::{EntropySource, SampleFormat, SourceError};
use std::{
	fs::File,
	io::{ErrorKind, Read},
	path::Path,
};

/// Claimed min-entropy of one `file` sample (one byte), in bits.
pub const CLAIMED_MIN_ENTROPY: f64 = 1.0;

/// A file of raw samples, read once.
#[derive(Debug)]
pub struct FileSource {
	name: String,
	file: File,
	bytes_read: u64,
}

impl FileSource {
	/// Opens `path` for replay.
	pub fn open(path: &Path) -> std::io::Result<Self> {
		Ok(Self {
			name: format!("file:{}", path.display()),
			file: File::open(path)?,
			bytes_read: 0,
		})
	}

	/// Bytes delivered so far.
	pub fn bytes_read(&self) -> u64 {
		self.bytes_read
	}
}

impl EntropySource for FileSource {
	fn name(&self) -> &str {
		&self.name
	}

	fn format(&self) -> SampleFormat {
		SampleFormat::Bytes
	}

	fn claimed_min_entropy(&self) -> f64 {
		CLAIMED_MIN_ENTROPY
	}

	fn fill_raw(&mut self, buf: &mut [u8]) -> Result<(), SourceError> {
		let mut filled = 0;
		while filled < buf.len() {
			match self.file.read(&mut buf[filled..]) {
				Ok(0) => {
					self.bytes_read += filled as u64;
					return Err(SourceError::Exhausted { bytes_read: self.bytes_read });
				},
				Ok(n) => filled += n,
				Err(e) if e.kind() == ErrorKind::Interrupted => {},
				Err(e) => return Err(SourceError::Failed(format!("{}: {e}", self.name))),
			}
		}
		self.bytes_read += filled as u64;
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn replays_exactly_then_reports_exhaustion() {
		let dir = std::env::temp_dir().join(format!("aether-tsu-file-{}", std::process::id()));
		std::fs::create_dir_all(&dir).unwrap();
		let path = dir.join("raw.bin");
		let data: Vec<u8> = (0..1000u32).map(|i| (i * 7919 % 251) as u8).collect();
		std::fs::write(&path, &data).unwrap();

		let mut source = FileSource::open(&path).unwrap();
		assert_eq!(source.name(), format!("file:{}", path.display()));
		let mut first = vec![0u8; 600];
		source.fill_raw(&mut first).unwrap();
		assert_eq!(first, data[..600]);
		let mut second = vec![0u8; 400];
		source.fill_raw(&mut second).unwrap();
		assert_eq!(second, data[600..]);
		// At the end: exhausted, however little is asked for, and again on the next call.
		assert_eq!(
			source.fill_raw(&mut [0u8; 1]),
			Err(SourceError::Exhausted { bytes_read: 1000 })
		);
		assert_eq!(
			source.fill_raw(&mut [0u8; 8]),
			Err(SourceError::Exhausted { bytes_read: 1000 })
		);

		// A request straddling the end fails rather than returning a short read.
		let mut source = FileSource::open(&path).unwrap();
		let mut big = vec![0u8; 1001];
		assert_eq!(source.fill_raw(&mut big), Err(SourceError::Exhausted { bytes_read: 1000 }));
		assert!(FileSource::open(&dir.join("missing.bin")).is_err());
		std::fs::remove_dir_all(&dir).unwrap();
	}
}
