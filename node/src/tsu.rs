//! The node's TSU: the backend chosen by `--tsu-backend`, offered to offchain workers through the
//! `tsu` host function and watched by Prometheus.

use aether_primitives::entropy::{TsuError, TsuProvider};
use aether_tsu::{HealthError, Tsu};
use polkadot_sdk::substrate_prometheus_endpoint::{
	register, Counter, Gauge, PrometheusError, Registry, F64, U64,
};
use std::sync::Arc;

/// Prometheus metrics of the TSU.
#[derive(Clone)]
struct Metrics {
	bytes: Counter<U64>,
	failures: Counter<U64>,
	min_entropy: Gauge<F64>,
}

impl Metrics {
	fn register(registry: &Registry) -> Result<Self, PrometheusError> {
		Ok(Self {
			bytes: register(
				Counter::new(
					"aether_tsu_bytes_total",
					"Conditioned, health-checked bytes the TSU gave to offchain workers",
				)?,
				registry,
			)?,
			failures: register(
				Counter::new(
					"aether_tsu_health_failures_total",
					"SP 800-90B health-test failures of the TSU's raw samples",
				)?,
				registry,
			)?,
			min_entropy: register(
				Gauge::new(
					"aether_tsu_min_entropy_bits",
					"Most-common-value min-entropy estimate of the TSU's raw samples, in bits per sample",
				)?,
				registry,
			)?,
		})
	}
}

/// The node's TSU as the `tsu` host function sees it: every request is counted in the metrics.
pub struct NodeTsu {
	tsu: Arc<Tsu>,
	metrics: Option<Metrics>,
}

impl NodeTsu {
	/// Serve `tsu`, with metrics in `registry` if there is one.
	pub fn new(tsu: Arc<Tsu>, registry: Option<&Registry>) -> Result<Self, PrometheusError> {
		let metrics = registry.map(Metrics::register).transpose()?;
		Ok(Self { tsu, metrics })
	}
}

/// The on-chain name of a health failure.
pub fn to_tsu_error(error: &HealthError) -> TsuError {
	match error {
		HealthError::RepetitionCount { .. } => TsuError::RepetitionCount,
		HealthError::AdaptiveProportion { .. } => TsuError::AdaptiveProportion,
		HealthError::Periodicity { .. } => TsuError::Periodicity,
		_ => TsuError::SourceFailure,
	}
}

impl TsuProvider for NodeTsu {
	fn random_bytes(&self, len: u32) -> Result<Vec<u8>, TsuError> {
		let mut out = vec![0u8; len as usize];
		let result = self.tsu.fill(&mut out);
		if let Some(metrics) = &self.metrics {
			match &result {
				Ok(()) => metrics.bytes.inc_by(u64::from(len)),
				Err(_) => metrics.failures.inc(),
			}
			metrics.min_entropy.set(self.tsu.status().min_entropy_estimate);
		}
		match result {
			Ok(()) => Ok(out),
			Err(error) => {
				log::warn!(target: "tsu", "the TSU gave no bytes: {error}");
				Err(to_tsu_error(&error))
			},
		}
	}
}
