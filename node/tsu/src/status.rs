//! [`HealthStatus`]: what [`crate::Tsu::status`] reports (and the node's `tsu_health` RPC
//! serves), serialised in camelCase.

use crate::health::Limits;
use serde::{Deserialize, Serialize};

/// Whether a TSU is producing output. Serialises as `"healthy"` or
/// `{"failed": {"reason": "…"}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum HealthState {
	/// The last start-up test passed and no test has failed since.
	Healthy,
	/// The last call failed; the next one re-runs the start-up test.
	Failed {
		/// The failure, as [`crate::HealthError`] displays it.
		reason: String,
	},
}

/// A snapshot of a TSU's health and counters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HealthStatus {
	/// The backend's name: `pbit`, `os`, `file:PATH`, or a custom source's.
	pub backend: String,
	/// Healthy, or failed with the reason.
	pub state: HealthState,
	/// Bytes handed out by successful `fill` and `fill_raw` calls.
	pub bytes_produced: u64,
	/// Calls that failed: a health test fired or the source failed (start-up tests included).
	pub health_failures: u64,
	/// The latest most-common-value min-entropy estimate of the raw samples, bits per sample.
	pub min_entropy_estimate: f64,
	/// The source's claimed min-entropy, bits per sample.
	pub claimed_min_entropy: f64,
	/// Raw samples that went through the health tests, start-up tests included.
	pub raw_samples_tested: u64,
	/// Raw bytes conditioned into each 32-byte output block.
	pub raw_bytes_per_block: usize,
	/// The cutoffs of the health tests.
	pub limits: Limits,
}
