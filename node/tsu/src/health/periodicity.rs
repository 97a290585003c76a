//! The developer-defined continuous test (SP 800-90B §4.5): a lag-match test that catches
//! periodic sources, which the repetition-count and adaptive-proportion tests miss (a counter
//! 0, 1, …, 255, 0, 1, … or an alternating 0101… bit stream passes both).
//!
//! For every lag `ℓ` in `1..=64` the test counts, over a window of `N` samples, the positions
//! `i` with `s[i] = s[i−ℓ]`. If each sample carries at least `H` bits of min-entropy *given
//! everything before it* (the claim), then `P(s[i] = s[i−ℓ] | past) ≤ 2^-H` whatever the
//! earlier samples were, so each lag's count is stochastically dominated by
//! `Binomial(N, 2^-H)`, correlations included. A count reaching the `Binomial(N, 2^-H)` cutoff
//! at `α / (number of lags tested)` fails, so the whole test keeps a false-positive rate of at
//! most `α = 2^-40` per window.
//!
//! - 1-bit samples: `N = 65536`, lags 1..=64, all computed with XOR and popcount on 64-bit
//!   words: the lag-`ℓ` stream of a word is `w << ℓ | previous >> (64 − ℓ)`.
//! - 8-bit samples: `N = 4096`, lags 1..=64 on the samples *and* lags 1..=64 on their first
//!   differences `d[i] = s[i] − s[i−1] mod 256`. The same bound holds for differences (given the
//!   past, `d[i] = v` pins `s[i]` to one value), and differencing turns a counter of any period
//!   and step into a constant: a byte counter has period 256, beyond the raw lags.

use crate::error::{HealthError, Series};

/// Largest lag tested, in samples.
pub const MAX_LAG: usize = 64;
/// Window for 1-bit samples, in samples (1024 words).
pub const BINARY_WINDOW: u64 = 65_536;
/// Window for 8-bit samples, in samples.
pub const NON_BINARY_WINDOW: u64 = 4096;

/// Words of 1-bit samples counted at a time.
const WORD_BATCH: usize = 256;

/// State of the periodicity test across calls.
#[derive(Debug, Clone)]
pub(crate) struct Periodicity {
	window: u64,
	cutoff: u64,
	/// Samples of the current window seen so far.
	seen: u64,
	/// Matches per lag in the current window (index `ℓ − 1`).
	raw: [u64; MAX_LAG],
	/// Matches of first differences per lag (8-bit samples only).
	diff: [u64; MAX_LAG],
	/// 1-bit samples: the last counted word (the history of the next), then words not yet
	/// counted.
	words: Vec<u64>,
	/// 8-bit samples: the last `MAX_LAG + 1` samples, for lags reaching into the previous call.
	history: Vec<u8>,
	scratch: Vec<u8>,
	scratch_diff: Vec<u8>,
}

/// Mismatches at `lag` between each `cur[k]` and the 64-bit stream ending with `prev[k]`.
fn lag_mismatches(prev: &[u64], cur: &[u64], lag: u32) -> u64 {
	if lag == 64 {
		return prev.iter().zip(cur).map(|(p, c)| u64::from((p ^ c).count_ones())).sum();
	}
	let back = 64 - lag;
	prev.iter()
		.zip(cur)
		.map(|(&p, &c)| u64::from((c ^ ((c << lag) | (p >> back))).count_ones()))
		.sum()
}

/// Positions where `a` and `b` (of equal length) agree. Counted in 32 byte-wide lanes that
/// cannot overflow within 255 rounds, so the loop compiles to vector compares and subtracts.
fn count_equal(a: &[u8], b: &[u8]) -> u64 {
	const LANES: usize = 32;
	let (a_chunks, a_rest) = a.as_chunks::<LANES>();
	let (b_chunks, b_rest) = b.as_chunks::<LANES>();
	let mut total = 0u64;
	for (xs, ys) in a_chunks.chunks(255).zip(b_chunks.chunks(255)) {
		let mut lanes = [0u8; LANES];
		for (x, y) in xs.iter().zip(ys) {
			for k in 0..LANES {
				lanes[k] += u8::from(x[k] == y[k]);
			}
		}
		total += lanes.iter().map(|&v| u64::from(v)).sum::<u64>();
	}
	total + a_rest.iter().zip(b_rest).map(|(x, y)| u64::from(x == y)).sum::<u64>()
}

impl Periodicity {
	pub(crate) fn new(window: u64, cutoff: u64) -> Self {
		Self {
			window,
			cutoff,
			seen: 0,
			raw: [0; MAX_LAG],
			diff: [0; MAX_LAG],
			words: Vec::with_capacity(WORD_BATCH + 1),
			history: Vec::with_capacity(MAX_LAG + 1),
			scratch: Vec::new(),
			scratch_diff: Vec::new(),
		}
	}

	pub(crate) fn reset(&mut self) {
		self.seen = 0;
		self.raw = [0; MAX_LAG];
		self.diff = [0; MAX_LAG];
		self.words.clear();
		self.history.clear();
	}

	/// Closes a full window: fails on the lag (and series) with the most matches if it reaches
	/// the cutoff, then starts the next window.
	fn finish_window(&mut self) -> Result<(), HealthError> {
		// The lag with the most matches; the smallest such lag on ties.
		let worst = |counts: &[u64; MAX_LAG]| {
			counts.iter().enumerate().fold(None, |best: Option<(u32, u64)>, (i, &c)| match best {
				Some((_, b)) if b >= c => best,
				_ => Some((i as u32 + 1, c)),
			})
		};
		let candidates =
			[(Series::Samples, worst(&self.raw)), (Series::Differences, worst(&self.diff))];
		self.seen = 0;
		self.raw = [0; MAX_LAG];
		self.diff = [0; MAX_LAG];
		for (series, found) in candidates {
			if let Some((lag, matches)) = found {
				if matches >= self.cutoff {
					return Err(HealthError::Periodicity {
						lag,
						series,
						matches,
						window: self.window,
						cutoff: self.cutoff,
					});
				}
			}
		}
		Ok(())
	}

	/// 1-bit samples, 64 to a word. Words are buffered and counted in runs of up to
	/// [`WORD_BATCH`] (a window is only judged when it closes, so buffering changes nothing but
	/// the cost: long runs let the per-lag loops vectorise).
	pub(crate) fn check_words(&mut self, words: &[u64]) -> Result<(), HealthError> {
		let mut words = words;
		if self.words.is_empty() {
			// No predecessor yet: the first word only serves as history.
			let Some((&first, rest)) = words.split_first() else { return Ok(()) };
			self.words.push(first);
			words = rest;
		}
		self.words.extend_from_slice(words);
		loop {
			let available = self.words.len() - 1;
			let room = ((self.window - self.seen) / 64) as usize;
			if available >= room {
				self.count_words(room);
				self.finish_window()?;
			} else if available >= WORD_BATCH {
				self.count_words(available);
			} else {
				return Ok(());
			}
		}
	}

	/// Counts the first `n` buffered words after the history word, then keeps the last of them
	/// as the new history word.
	fn count_words(&mut self, n: usize) {
		if n == 0 {
			return;
		}
		let prev = &self.words[..n];
		let cur = &self.words[1..=n];
		for lag in 1..=MAX_LAG as u32 {
			self.raw[lag as usize - 1] += 64 * n as u64 - lag_mismatches(prev, cur, lag);
		}
		self.seen += 64 * n as u64;
		self.words.drain(..n);
	}

	/// Counts every buffered word now.
	#[cfg(test)]
	fn flush(&mut self) {
		self.count_words(self.words.len().saturating_sub(1));
	}

	/// 8-bit samples, one per byte.
	pub(crate) fn check_bytes(&mut self, bytes: &[u8]) -> Result<(), HealthError> {
		let mut pos = 0;
		while pos < bytes.len() {
			let room = (self.window - self.seen) as usize;
			let end = (pos + room).min(bytes.len());
			self.count_bytes(&bytes[pos..end]);
			self.seen += (end - pos) as u64;
			pos = end;
			if self.seen >= self.window {
				self.finish_window()?;
			}
		}
		Ok(())
	}

	fn count_bytes(&mut self, piece: &[u8]) {
		let h = self.history.len();
		self.scratch.clear();
		self.scratch.extend_from_slice(&self.history);
		self.scratch.extend_from_slice(piece);
		let buf = &self.scratch;
		let len = buf.len();
		for lag in 1..=MAX_LAG {
			let start = h.max(lag);
			if start < len {
				self.raw[lag - 1] += count_equal(&buf[start..], &buf[start - lag..len - lag]);
			}
		}
		// diff[k] = buf[k + 1] − buf[k]: the difference ending at buffer position k + 1.
		self.scratch_diff.clear();
		self.scratch_diff.extend(buf.windows(2).map(|w| w[1].wrapping_sub(w[0])));
		let diff = &self.scratch_diff;
		for lag in 1..=MAX_LAG {
			// Position i (≥ h) compares diff[i − 1] with diff[i − 1 − lag].
			let start = h.max(lag + 1);
			if start < len {
				self.diff[lag - 1] +=
					count_equal(&diff[start - 1..], &diff[start - 1 - lag..len - 1 - lag]);
			}
		}
		let keep = len.min(MAX_LAG + 1);
		self.history.clear();
		self.history.extend_from_slice(&buf[len - keep..]);
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::health::testing::{pack_bits, unpack_bits, words_of};
	use proptest::prelude::*;

	/// Matches per lag of a 0/1 or byte sequence, the plain way, skipping the first `skip`
	/// positions (which the word path uses as history only).
	fn plain_matches(s: &[u8], skip: usize) -> Vec<u64> {
		(1..=MAX_LAG)
			.map(|lag| (skip.max(lag)..s.len()).filter(|&i| s[i] == s[i - lag]).count() as u64)
			.collect()
	}

	#[test]
	fn alternating_bits_match_fully_at_even_lags() {
		let words = vec![0x5555_5555_5555_5555u64; 1025];
		let mut p = Periodicity::new(BINARY_WINDOW, 40_000);
		let err = p.check_words(&words).unwrap_err();
		// Every even lag matches all 65536 positions; the first maximum reported is lag 2.
		assert_eq!(
			err,
			HealthError::Periodicity {
				lag: 2,
				series: Series::Samples,
				matches: 65_536,
				window: 65_536,
				cutoff: 40_000
			}
		);
	}

	#[test]
	fn byte_counter_is_caught_through_its_differences() {
		let data: Vec<u8> = (0..8192u32).map(|i| i as u8).collect();
		let mut p = Periodicity::new(NON_BINARY_WINDOW, 100);
		match p.check_bytes(&data) {
			Err(HealthError::Periodicity {
				lag: 1, series: Series::Differences, matches, ..
			}) => assert!(matches >= 4094, "{matches}"),
			other => panic!("expected a differences failure, got {other:?}"),
		}
	}

	proptest! {
		/// The XOR/popcount word path counts exactly what the plain definition counts, however
		/// the words are split across calls.
		#[test]
		fn word_path_counts_like_the_plain_definition(
			bytes in proptest::collection::vec(any::<u8>(), 8..256),
			split in 0usize..32,
		) {
			let bytes = &bytes[..bytes.len() / 8 * 8];
			let words = words_of(bytes);
			let split = split.min(words.len());
			// A window larger than the input: count without closing it.
			let mut p = Periodicity::new(1 << 30, u64::MAX);
			p.check_words(&words[..split]).unwrap();
			p.check_words(&words[split..]).unwrap();
			p.flush();
			let bits = unpack_bits(bytes);
			prop_assert_eq!(p.raw.to_vec(), plain_matches(&bits, 64));
		}

		/// The byte path counts samples and differences like the plain definition.
		#[test]
		fn byte_path_counts_like_the_plain_definition(
			data in proptest::collection::vec(0u8..4, 1..400),
			split in 0usize..400,
		) {
			let split = split.min(data.len());
			let mut p = Periodicity::new(1 << 30, u64::MAX);
			p.check_bytes(&data[..split]).unwrap();
			p.check_bytes(&data[split..]).unwrap();
			prop_assert_eq!(p.raw.to_vec(), plain_matches(&data, 0));
			let diffs: Vec<u8> = data.windows(2).map(|w| w[1].wrapping_sub(w[0])).collect();
			prop_assert_eq!(p.diff.to_vec(), plain_matches(&diffs, 0));
		}
	}

	#[test]
	fn packed_helpers_round_trip() {
		let bits: Vec<u8> = (0..64).map(|i| (i % 3 == 0) as u8).collect();
		assert_eq!(unpack_bits(&pack_bits(&bits)), bits);
	}
}
