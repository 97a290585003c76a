//! [`Tsu`]: a source behind its health tests and the conditioner, shared by the whole node.

use crate::{
	backends,
	conditioner::{Conditioner, OUTPUT_BYTES},
	error::{Error, HealthError},
	health::HealthTester,
	kind::BackendKind,
	source::EntropySource,
	status::{HealthState, HealthStatus},
};
use std::sync::{Mutex, MutexGuard};

/// Output blocks produced per health-tested batch of raw samples (32 KiB of output).
const BATCH_BLOCKS: usize = 1024;
/// Raw bytes per batch of [`Tsu::fill_raw`] (a whole number of 64-bit words).
const RAW_BATCH_BYTES: usize = 64 * 1024;
/// The smallest claimed min-entropy accepted, bits per sample: below it an output block would
/// need more than 32 000 samples.
pub const MIN_CLAIMED_MIN_ENTROPY: f64 = 0.01;

/// A thermodynamic sampling unit as the node sees it: one entropy source behind SP 800-90B
/// health tests and a SHA-256 conditioner. One per node; `Send + Sync`, calls serialise on an
/// internal mutex.
///
/// # Output rule
///
/// [`Tsu::fill`] draws raw samples in batches, runs every health test over a whole batch, and
/// only then conditions it into output. A batch with a failure is discarded whole, the caller's
/// buffer is zeroed (including any part filled from earlier, passing batches of the same call),
/// and the error is returned: nothing derived from a failing stretch is ever returned.
///
/// # Recovery rule
///
/// A failure puts the TSU in its error state ([`HealthState::Failed`]) and counts in
/// [`HealthStatus::health_failures`]. The next call — there is no separate reset — re-runs the
/// start-up test on fresh samples (SP 800-90B §4.3: every test's state is cleared and
/// [`crate::health::Limits::startup_samples`] samples, at least 1024, are tested and
/// discarded); only if it passes does that call produce output and the state return to
/// healthy. A source that keeps failing keeps failing every call, each counted; a replayed file
/// that has ended fails every call with [`HealthError::SourceExhausted`].
pub struct Tsu {
	inner: Mutex<Inner>,
}

struct Inner {
	source: Box<dyn EntropySource>,
	tester: HealthTester,
	conditioner: Conditioner,
	state: State,
	raw: Vec<u8>,
	bytes_produced: u64,
	health_failures: u64,
}

enum State {
	Healthy,
	Failed(HealthError),
}

impl Tsu {
	/// Opens the backend `kind` and runs its start-up health test (SP 800-90B §4.3) before
	/// returning.
	pub fn new(kind: BackendKind) -> Result<Tsu, Error> {
		Self::with_source(backends::open(&kind)?)
	}

	/// A TSU over any source, such as a hardware TSU's driver; runs the start-up test.
	pub fn with_source(source: Box<dyn EntropySource>) -> Result<Tsu, Error> {
		let claimed = source.claimed_min_entropy();
		let max = f64::from(source.format().bits_per_sample());
		if !(MIN_CLAIMED_MIN_ENTROPY..=max).contains(&claimed) {
			return Err(Error::InvalidClaim {
				backend: source.name().to_owned(),
				claimed,
				min: MIN_CLAIMED_MIN_ENTROPY,
				max,
			});
		}
		let mut inner = Inner {
			tester: HealthTester::new(source.format(), claimed),
			conditioner: Conditioner::new(source.format(), claimed),
			source,
			state: State::Failed(HealthError::Backend("start-up test not run".into())),
			raw: Vec::new(),
			bytes_produced: 0,
			health_failures: 0,
		};
		inner.startup().map_err(Error::Startup)?;
		Ok(Tsu { inner: Mutex::new(inner) })
	}

	/// Fills `out` with conditioned, health-checked bytes, each claimed full-entropy. On failure
	/// `out` is zeroed and the TSU is in its error state (see the recovery rule above).
	pub fn fill(&self, out: &mut [u8]) -> Result<(), HealthError> {
		let mut inner = self.lock();
		let result = inner.fill(out);
		inner.finish(out, result)
	}

	/// Fills `out` with raw samples that passed the health tests, unconditioned (for `dump
	/// --raw` and offline entropy assessment), in the source's [`crate::SampleFormat`]. The same
	/// output and recovery rules as [`Tsu::fill`] apply.
	pub fn fill_raw(&self, out: &mut [u8]) -> Result<(), HealthError> {
		let mut inner = self.lock();
		let result = inner.fill_raw(out);
		inner.finish(out, result)
	}

	/// Backend, state, counters and the latest min-entropy estimate.
	pub fn status(&self) -> HealthStatus {
		let inner = self.lock();
		HealthStatus {
			backend: inner.source.name().to_owned(),
			state: match &inner.state {
				State::Healthy => HealthState::Healthy,
				State::Failed(error) => HealthState::Failed { reason: error.to_string() },
			},
			bytes_produced: inner.bytes_produced,
			health_failures: inner.health_failures,
			min_entropy_estimate: inner.tester.min_entropy_estimate(),
			claimed_min_entropy: inner.source.claimed_min_entropy(),
			raw_samples_tested: inner.tester.samples_tested(),
			raw_bytes_per_block: inner.conditioner.chunk_bytes(),
			limits: inner.tester.limits().clone(),
		}
	}

	/// The inner state; after a panic in another call, the TSU is put in its error state so the
	/// next call re-runs the start-up test.
	fn lock(&self) -> MutexGuard<'_, Inner> {
		match self.inner.lock() {
			Ok(guard) => guard,
			Err(poisoned) => {
				let mut guard = poisoned.into_inner();
				guard.state = State::Failed(HealthError::Backend("a call panicked".into()));
				self.inner.clear_poison();
				guard
			},
		}
	}
}

impl Inner {
	/// SP 800-90B §4.3: clear every test, then test (and discard) fresh start-up samples.
	fn startup(&mut self) -> Result<(), HealthError> {
		self.tester.reset();
		let bytes = self.tester.limits().startup_bytes();
		self.raw.resize(bytes, 0);
		self.source.fill_raw(&mut self.raw)?;
		self.tester.check(&self.raw)?;
		self.state = State::Healthy;
		Ok(())
	}

	fn ensure_healthy(&mut self) -> Result<(), HealthError> {
		match self.state {
			State::Healthy => Ok(()),
			State::Failed(_) => self.startup(),
		}
	}

	/// Reads and tests the next `bytes` raw bytes into `self.raw`.
	fn next_batch(&mut self, bytes: usize) -> Result<(), HealthError> {
		self.raw.resize(bytes, 0);
		self.source.fill_raw(&mut self.raw)?;
		self.tester.check(&self.raw)
	}

	fn fill(&mut self, out: &mut [u8]) -> Result<u64, HealthError> {
		self.ensure_healthy()?;
		let chunk = self.conditioner.chunk_bytes();
		for batch in out.chunks_mut(BATCH_BLOCKS * OUTPUT_BYTES) {
			let blocks = batch.len().div_ceil(OUTPUT_BYTES);
			self.next_batch(blocks * chunk)?;
			for (block, raw) in batch.chunks_mut(OUTPUT_BYTES).zip(self.raw.chunks_exact(chunk)) {
				let conditioned = self.conditioner.condition(raw);
				block.copy_from_slice(&conditioned[..block.len()]);
			}
		}
		Ok(out.len() as u64)
	}

	fn fill_raw(&mut self, out: &mut [u8]) -> Result<u64, HealthError> {
		self.ensure_healthy()?;
		for batch in out.chunks_mut(RAW_BATCH_BYTES) {
			// Whole words, so every byte handed out has been tested; the rest is discarded.
			self.next_batch(batch.len().next_multiple_of(8))?;
			batch.copy_from_slice(&self.raw[..batch.len()]);
		}
		Ok(out.len() as u64)
	}

	/// Applies the output and recovery rules to the outcome of a call.
	fn finish(
		&mut self,
		out: &mut [u8],
		result: Result<u64, HealthError>,
	) -> Result<(), HealthError> {
		match result {
			Ok(bytes) => {
				self.bytes_produced += bytes;
				Ok(())
			},
			Err(error) => {
				out.fill(0);
				self.raw.fill(0);
				self.health_failures += 1;
				self.state = State::Failed(error.clone());
				Err(error)
			},
		}
	}
}

#[cfg(test)]
mod tests;
