//! SP 800-90B §6.3.1 Most Common Value min-entropy estimate, kept as a running figure over the
//! most recent window of raw samples for [`crate::Tsu::status`].
//!
//! `p̂ = max count / L`, `p_u = min(1, p̂ + 2.576·sqrt(p̂(1 − p̂)/(L − 1)))`, `H = −log2(p_u)`.
//! The estimate is of the *marginal* distribution only: it cannot see correlation between
//! samples, which is why a source's claimed min-entropy must be justified separately and sit
//! clearly below this figure.

/// Samples per MCV window.
pub const MCV_WINDOW: u64 = 1 << 20;

/// The 99% upper-bound factor of SP 800-90B §6.3.1 (NIST's reference tool uses 2.5758293…).
const Z_ALPHA: f64 = 2.576;

/// The MCV estimate in bits per sample from the most common value's count among `total`
/// samples; 0 when there are fewer than two samples.
pub fn mcv_min_entropy(max_count: u64, total: u64) -> f64 {
	if total < 2 {
		return 0.0;
	}
	let l = total as f64;
	let p = max_count as f64 / l;
	let p_u = (p + Z_ALPHA * (p * (1.0 - p) / (l - 1.0)).sqrt()).min(1.0);
	-p_u.log2()
}

/// Running MCV estimate: counts over the current window, and the last full window's figure.
#[derive(Debug, Clone)]
pub(crate) struct Mcv {
	/// Whether samples are 1-bit (else 8-bit).
	binary: bool,
	/// Occurrences of each byte value (8-bit samples).
	counts: Box<[u64; 256]>,
	/// Ones among 1-bit samples.
	ones: u64,
	/// Samples in the current window.
	seen: u64,
	/// The estimate of the last full window.
	latest: Option<f64>,
}

impl Mcv {
	pub(crate) fn new(binary: bool) -> Self {
		Self { binary, counts: Box::new([0; 256]), ones: 0, seen: 0, latest: None }
	}

	fn clear_window(&mut self) {
		self.counts.fill(0);
		self.ones = 0;
		self.seen = 0;
	}

	fn current(&self) -> f64 {
		let max = if self.binary {
			self.ones.max(self.seen - self.ones)
		} else {
			self.counts.iter().copied().max().unwrap_or(0)
		};
		mcv_min_entropy(max, self.seen)
	}

	/// The last full window's estimate or, before the first one closes, the current window's.
	pub(crate) fn estimate(&self) -> f64 {
		self.latest.unwrap_or_else(|| self.current())
	}

	/// 1-bit samples, 64 to a word.
	pub(crate) fn add_words(&mut self, words: &[u64]) {
		for &w in words {
			self.ones += u64::from(w.count_ones());
			self.seen += 64;
			if self.seen >= MCV_WINDOW {
				self.latest = Some(self.current());
				self.clear_window();
			}
		}
	}

	/// 8-bit samples, one per byte.
	pub(crate) fn add_bytes(&mut self, bytes: &[u8]) {
		for &b in bytes {
			self.counts[b as usize] += 1;
			self.seen += 1;
			if self.seen >= MCV_WINDOW {
				self.latest = Some(self.current());
				self.clear_window();
			}
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn matches_nist_reference_results() {
		// usnistgov/SP800-90B_EntropyAssessment, cpp/selftest/refdata/randData.res: literal MCV
		// mode count 4094 of 1e6 → H = 7.8754473…; bitstring mode 4000077 of 8e6 → 0.9986590….
		// NIST's tool uses Z = 2.5758293…, the standard's text 2.576: the figures differ by 4e-6.
		assert!((mcv_min_entropy(4094, 1_000_000) - 7.875_447_340_863_969).abs() < 1e-5);
		assert!((mcv_min_entropy(4_000_077, 8_000_000) - 0.998_658_998_929_31).abs() < 1e-5);
		assert_eq!(mcv_min_entropy(10, 10), 0.0);
		assert_eq!(mcv_min_entropy(0, 1), 0.0);
	}

	#[test]
	fn running_estimate_tracks_full_windows() {
		let mut mcv = Mcv::new(true);
		// Half a window of ones: the partial estimate is 0.
		mcv.add_words(&vec![u64::MAX; (MCV_WINDOW / 128) as usize]);
		assert_eq!(mcv.estimate(), 0.0);
		// Complete the window with zeros: p̂ = 1/2 exactly.
		mcv.add_words(&vec![0; (MCV_WINDOW / 128) as usize]);
		let half = mcv_min_entropy(MCV_WINDOW / 2, MCV_WINDOW);
		assert_eq!(mcv.estimate(), half);
		assert!(half > 0.99 && half < 1.0);
		// A new partial window does not replace the last full one.
		mcv.add_words(&[u64::MAX; 8]);
		assert_eq!(mcv.estimate(), half);
	}

	#[test]
	fn byte_estimate_uses_the_most_common_value() {
		let mut mcv = Mcv::new(false);
		let data: Vec<u8> =
			(0..4096u32).map(|i| if i % 4 == 0 { 9 } else { (i % 251) as u8 }).collect();
		mcv.add_bytes(&data);
		let nines = data.iter().filter(|&&b| b == 9).count() as u64;
		assert_eq!(mcv.estimate(), mcv_min_entropy(nines, 4096));
		assert!(mcv.estimate() > 1.5 && mcv.estimate() < 2.0);
	}
}
