//! The errors of the TSU: health-test failures, start-up failures and backend-name parse errors.

use std::fmt;
use thiserror::Error;

/// Which series the periodicity test found repeating: the samples themselves, or their first
/// differences (which turns a counter into a constant and so into a period of one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Series {
	/// The raw samples `s[i]`.
	Samples,
	/// The first differences `s[i] - s[i-1]` (mod 256) of 8-bit samples.
	Differences,
}

impl fmt::Display for Series {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str(match self {
			Series::Samples => "samples",
			Series::Differences => "first differences",
		})
	}
}

/// Why a [`crate::Tsu`] gave no bytes. Every variant puts the TSU in its error state: the raw
/// samples of the failing stretch are discarded, the caller's buffer is zeroed, and the next call
/// re-runs the start-up test before anything is produced again.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum HealthError {
	/// SP 800-90B §4.4.1: the source repeated one sample value `run` times in a row.
	#[error("repetition count test failed: {run} identical samples in a row (cutoff {cutoff})")]
	RepetitionCount {
		/// Length of the run of identical samples when the test stopped (1-bit samples are
		/// tested 64 at a time, so up to 63 past the cutoff).
		run: u64,
		/// The cutoff `C = 1 + ⌈40 / H⌉`: a run this long fails.
		cutoff: u64,
	},
	/// SP 800-90B §4.4.2: the first sample of a window occurred too often in that window.
	#[error(
		"adaptive proportion test failed: the first sample of a {window}-sample window occurred \
		 {count} times (cutoff {cutoff})"
	)]
	AdaptiveProportion {
		/// How often the window's first sample value occurred in the window (itself included).
		count: u64,
		/// The window size `W`: 1024 for 1-bit samples, 512 for 8-bit samples.
		window: u64,
		/// `1 + CRITBINOM(W, 2^-H, 1 − 2^-40)`: this many occurrences fail.
		cutoff: u64,
	},
	/// The developer-defined continuous test (SP 800-90B §4.5): too many samples equalled the
	/// sample `lag` positions earlier, as a periodic source does.
	#[error(
		"periodicity test failed: {matches} of {window} {series} equalled the one {lag} earlier \
		 (cutoff {cutoff})"
	)]
	Periodicity {
		/// The lag, in samples, that matched too often.
		lag: u32,
		/// Whether the samples or their first differences repeated.
		series: Series,
		/// How many positions of the window matched at that lag.
		matches: u64,
		/// The window size, in samples.
		window: u64,
		/// The binomial cutoff for match probability `2^-H` at `α = 2^-40` (shared between lags).
		cutoff: u64,
	},
	/// The source has no more samples (the `file` backend at end of file). A TSU never wraps
	/// around and replays samples it has already used.
	#[error("entropy source exhausted after {bytes_read} bytes")]
	SourceExhausted {
		/// Bytes the source delivered before it ran dry.
		bytes_read: u64,
	},
	/// The source failed to deliver samples (an OS or I/O error).
	#[error("entropy source failed: {0}")]
	Backend(String),
}

/// Why [`crate::Tsu::new`] could not start a TSU.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum Error {
	/// The backend could not be opened (a missing file, an OS without a random source).
	#[error("cannot open the `{backend}` backend: {reason}")]
	Open {
		/// The backend, as in `--tsu-backend`.
		backend: String,
		/// What went wrong.
		reason: String,
	},
	/// The source claims a min-entropy per sample that no health test can be built for.
	#[error(
		"the `{backend}` source claims {claimed} bits of min-entropy per sample; the claim must \
		 lie in [{min}, {max}]"
	)]
	InvalidClaim {
		/// The source's name.
		backend: String,
		/// Its claim, in bits per sample.
		claimed: f64,
		/// The smallest claim accepted.
		min: f64,
		/// The largest claim possible: the sample width in bits.
		max: f64,
	},
	/// The source failed its start-up health test (SP 800-90B §4.3).
	#[error("start-up health test failed: {0}")]
	Startup(#[source] HealthError),
}

/// Why a string is not a [`crate::BackendKind`].
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ParseBackendError {
	/// Not one of `pbit`, `os`, `file:PATH`.
	#[error("unknown TSU backend `{0}`: expected `pbit`, `os` or `file:PATH`")]
	Unknown(String),
	/// `file:` without a path.
	#[error("the `file:` backend needs a path, as in `file:/tmp/raw.bin`")]
	EmptyPath,
}
