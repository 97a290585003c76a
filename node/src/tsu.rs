//! The node's TSU: the backend chosen by `--tsu-backend`, offered to offchain workers through the
//! `tsu` host function and watched by Prometheus.

use aether_primitives::entropy::{TsuError, TsuProvider};
use aether_tsu::{HealthError, HealthStatus, Tsu};
use polkadot_sdk::substrate_prometheus_endpoint::{
	register, MetricSource, Opts, PrometheusError, Registry, SourcedCounter, SourcedGauge,
};
use std::sync::Arc;

/// One figure of [`Tsu::status`], read when Prometheus scrapes: the TSU keeps the counters, the
/// metrics only report them.
#[derive(Clone)]
struct StatusFigure {
	tsu: Arc<Tsu>,
	read: fn(&HealthStatus) -> f64,
}

impl MetricSource for StatusFigure {
	type N = f64;

	fn collect(&self, mut set: impl FnMut(&[&str], f64)) {
		set(&[], (self.read)(&self.tsu.status()));
	}
}

/// Register the TSU's Prometheus metrics: bytes produced, health failures, min-entropy estimate.
pub fn register_metrics(tsu: &Arc<Tsu>, registry: &Registry) -> Result<(), PrometheusError> {
	let figure = |read| StatusFigure { tsu: tsu.clone(), read };
	register(
		SourcedCounter::new(
			&Opts::new(
				"aether_tsu_bytes_total",
				"Conditioned, health-checked bytes the TSU has handed out",
			),
			figure(|s| s.bytes_produced as f64),
		)?,
		registry,
	)?;
	register(
		SourcedCounter::new(
			&Opts::new(
				"aether_tsu_health_failures_total",
				"Failed TSU requests: SP 800-90B health-test failures of the raw samples, or a failed source",
			),
			figure(|s| s.health_failures as f64),
		)?,
		registry,
	)?;
	register(
		SourcedGauge::new(
			&Opts::new(
				"aether_tsu_min_entropy_bits",
				"Most-common-value min-entropy estimate of the TSU's raw samples, in bits per sample",
			),
			figure(|s| s.min_entropy_estimate),
		)?,
		registry,
	)?;
	Ok(())
}

/// The node's TSU as the `tsu` host function sees it.
pub struct NodeTsu(pub Arc<Tsu>);

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
		self.0.fill(&mut out).map(|()| out).map_err(|error| {
			log::warn!(target: "tsu", "the TSU gave no bytes: {error}");
			to_tsu_error(&error)
		})
	}
}
