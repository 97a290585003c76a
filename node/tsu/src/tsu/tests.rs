//! The TSU's output, failure and recovery rules, with scripted sources and the real backends.

use super::*;
use crate::{
	backends::{file, os},
	error::Series,
	source::{SampleFormat, SourceError},
};
use rand_chacha::ChaCha20Rng;
use rand_core::{RngCore, SeedableRng};
use std::{
	panic::AssertUnwindSafe,
	sync::{
		atomic::{AtomicBool, AtomicU64, Ordering},
		Arc,
	},
};

/// How a scripted source behaves right now.
#[derive(Clone, Default)]
struct Script {
	/// Deliver zeros (a stuck source).
	stuck: Arc<AtomicBool>,
	/// Panic in `fill_raw`.
	panic: Arc<AtomicBool>,
	/// Become stuck once this many bytes have been delivered (0: never).
	stuck_after: Arc<AtomicU64>,
}

/// 8-bit ChaCha20 samples claiming the `os` figure, misbehaving on cue.
struct Scripted {
	script: Script,
	rng: ChaCha20Rng,
	delivered: u64,
}

impl Scripted {
	fn boxed(script: &Script) -> Box<dyn EntropySource> {
		Box::new(Self { script: script.clone(), rng: ChaCha20Rng::seed_from_u64(9), delivered: 0 })
	}
}

impl EntropySource for Scripted {
	fn name(&self) -> &str {
		"scripted"
	}

	fn format(&self) -> SampleFormat {
		SampleFormat::Bytes
	}

	fn claimed_min_entropy(&self) -> f64 {
		os::CLAIMED_MIN_ENTROPY
	}

	fn fill_raw(&mut self, buf: &mut [u8]) -> Result<(), SourceError> {
		if self.script.panic.load(Ordering::SeqCst) {
			panic!("scripted panic");
		}
		self.rng.fill_bytes(buf);
		let after = self.script.stuck_after.load(Ordering::SeqCst);
		for (i, b) in buf.iter_mut().enumerate() {
			if self.script.stuck.load(Ordering::SeqCst)
				|| (after > 0 && self.delivered + i as u64 >= after)
			{
				*b = 0x5a;
			}
		}
		self.delivered += buf.len() as u64;
		Ok(())
	}
}

/// A source with a fixed claim and format, for claim validation.
struct Claiming(SampleFormat, f64);

impl EntropySource for Claiming {
	fn name(&self) -> &str {
		"claiming"
	}
	fn format(&self) -> SampleFormat {
		self.0
	}
	fn claimed_min_entropy(&self) -> f64 {
		self.1
	}
	fn fill_raw(&mut self, buf: &mut [u8]) -> Result<(), SourceError> {
		getrandom::fill(buf).map_err(|e| SourceError::Failed(e.to_string()))
	}
}

fn temp_file(name: &str, data: &[u8]) -> std::path::PathBuf {
	let dir = std::env::temp_dir().join(format!("aether-tsu-{}-{name}", std::process::id()));
	std::fs::create_dir_all(&dir).unwrap();
	let path = dir.join("raw.bin");
	std::fs::write(&path, data).unwrap();
	path
}

#[test]
fn tsu_is_send_and_sync() {
	fn assert_send_sync<T: Send + Sync>() {}
	assert_send_sync::<Tsu>();
}

#[test]
fn claims_outside_the_sample_width_are_rejected() {
	for (format, claim) in [
		(SampleFormat::Bits, 0.0),
		(SampleFormat::Bits, 1.01),
		(SampleFormat::Bytes, 8.5),
		(SampleFormat::Bytes, f64::NAN),
	] {
		assert!(matches!(
			Tsu::with_source(Box::new(Claiming(format, claim))),
			Err(Error::InvalidClaim { .. })
		));
	}
	assert!(Tsu::with_source(Box::new(Claiming(SampleFormat::Bytes, 8.0))).is_ok());
}

#[test]
fn a_source_failing_its_start_up_test_never_starts() {
	let script = Script::default();
	script.stuck.store(true, Ordering::SeqCst);
	assert!(matches!(
		Tsu::with_source(Scripted::boxed(&script)),
		Err(Error::Startup(HealthError::RepetitionCount { run: 7, cutoff: 7 }))
	));
}

#[test]
fn a_failure_zeroes_the_whole_call_and_the_next_call_reruns_start_up() {
	let script = Script::default();
	let tsu = Tsu::with_source(Scripted::boxed(&script)).unwrap();
	let mut out = vec![0u8; 1000];
	tsu.fill(&mut out).unwrap();
	assert!(out.iter().any(|&b| b != 0));
	let tested_before = tsu.status().raw_samples_tested;

	// Stuck 100 KiB into the next call: 128 KiB of output is four batches of 48 KiB raw; the
	// first two pass and were written, the third fails — and the whole buffer is zeroed.
	let delivered = 4096 + 1000usize.div_ceil(32) * 48;
	script.stuck_after.store((delivered + 100 * 1024) as u64, Ordering::SeqCst);
	let mut out = vec![0xffu8; 128 * 1024];
	assert_eq!(tsu.fill(&mut out), Err(HealthError::RepetitionCount { run: 7, cutoff: 7 }));
	assert!(out.iter().all(|&b| b == 0));
	let status = tsu.status();
	assert_eq!(status.health_failures, 1);
	assert_eq!(status.bytes_produced, 1000);
	assert!(
		matches!(status.state, HealthState::Failed { ref reason } if reason.contains("repetition"))
	);

	// Still stuck: the start-up test of the next call fails too, and counts.
	let mut out = vec![0xffu8; 64];
	assert!(tsu.fill(&mut out).is_err());
	assert_eq!(out, [0u8; 64]);
	assert_eq!(tsu.status().health_failures, 2);

	// Healthy again: the next call runs the start-up test (4096 samples) and produces.
	script.stuck_after.store(0, Ordering::SeqCst);
	let before = tsu.status().raw_samples_tested;
	tsu.fill(&mut out).unwrap();
	let status = tsu.status();
	assert_eq!(status.state, HealthState::Healthy);
	assert_eq!(status.raw_samples_tested, before + 4096 + 2 * 48);
	assert!(status.raw_samples_tested > tested_before);
	assert_eq!(status.bytes_produced, 1064);
}

#[test]
fn a_panicking_source_leaves_the_tsu_usable() {
	let script = Script::default();
	let tsu = Tsu::with_source(Scripted::boxed(&script)).unwrap();
	script.panic.store(true, Ordering::SeqCst);
	let result = std::panic::catch_unwind(AssertUnwindSafe(|| tsu.fill(&mut [0u8; 32])));
	assert!(result.is_err());
	script.panic.store(false, Ordering::SeqCst);
	assert!(matches!(tsu.status().state, HealthState::Failed { .. }));
	tsu.fill(&mut [0u8; 32]).unwrap();
	assert_eq!(tsu.status().state, HealthState::Healthy);
}

#[test]
fn status_serialises_in_camel_case() {
	let tsu = Tsu::new(BackendKind::Os).unwrap();
	tsu.fill(&mut [0u8; 100]).unwrap();
	let json = serde_json::to_value(tsu.status()).unwrap();
	assert_eq!(json["backend"], "os");
	assert_eq!(json["state"], "healthy");
	assert_eq!(json["bytesProduced"], 100);
	assert_eq!(json["healthFailures"], 0);
	assert_eq!(json["claimedMinEntropy"], 7.0);
	assert_eq!(json["rawSamplesTested"], 4096 + 4 * 48);
	assert_eq!(json["rawBytesPerBlock"], 48);
	assert_eq!(json["limits"]["rctCutoff"], 7);
	// An MCV estimate over only ~4300 byte samples is well below 8 (the 99% bound is wide).
	assert!(json["minEntropyEstimate"].as_f64().unwrap() > 5.0);

	let failed = HealthState::Failed { reason: "x".into() };
	assert_eq!(
		serde_json::to_value(failed).unwrap(),
		serde_json::json!({"failed": {"reason": "x"}})
	);
}

#[test]
fn the_real_backends_produce_output() {
	for kind in [BackendKind::Pbit, BackendKind::Os] {
		let tsu = Tsu::new(kind.clone()).unwrap();
		let mut a = vec![0u8; 64 * 1024];
		let mut b = vec![0u8; 64 * 1024];
		tsu.fill(&mut a).unwrap();
		tsu.fill(&mut b).unwrap();
		assert_ne!(a, b);
		// Monobit: 2^19 bits, sd 362 around 2^18; 8 sd is 2896.
		let ones: i64 = a.iter().map(|x| i64::from(x.count_ones())).sum();
		assert!((ones - (1 << 18)).abs() < 2896, "{kind}: {ones}");
		let status = tsu.status();
		assert_eq!(status.backend, kind.to_string());
		assert_eq!(status.bytes_produced, 128 * 1024);
		assert_eq!(status.health_failures, 0);
	}
}

#[test]
fn file_replay_is_deterministic_exact_and_ends_in_exhaustion() {
	let mut data = vec![0u8; 16 * 1024];
	ChaCha20Rng::seed_from_u64(10).fill_bytes(&mut data);
	let path = temp_file("replay", &data);
	let kind = BackendKind::File(path.clone());

	// Conditioned output is a function of the file: two TSUs agree.
	let (one, two) = (Tsu::new(kind.clone()).unwrap(), Tsu::new(kind.clone()).unwrap());
	let (mut a, mut b) = ([0u8; 320], [0u8; 320]);
	one.fill(&mut a).unwrap();
	two.fill(&mut b).unwrap();
	assert_eq!(a, b);
	assert_eq!(one.status().raw_bytes_per_block, 320);

	// Raw replay hands out exactly the file's bytes after the 4096-byte start-up test, whole
	// words at a time: 13 bytes asked, 16 tested, 3 discarded.
	let raw = Tsu::new(kind.clone()).unwrap();
	let mut first = [0u8; 13];
	raw.fill_raw(&mut first).unwrap();
	assert_eq!(first, data[4096..4109]);
	let mut rest = vec![0u8; 16 * 1024 - 4096 - 16];
	raw.fill_raw(&mut rest).unwrap();
	assert_eq!(rest, data[4112..]);

	// At the end: an error, a zeroed buffer, and the same again on every later call.
	let mut more = [0xffu8; 8];
	assert_eq!(
		raw.fill_raw(&mut more),
		Err(HealthError::SourceExhausted { bytes_read: 16 * 1024 })
	);
	assert_eq!(more, [0u8; 8]);
	assert!(matches!(raw.fill(&mut more), Err(HealthError::SourceExhausted { .. })));
	assert_eq!(raw.status().health_failures, 2);

	// A file too short for the start-up test never starts.
	let short = temp_file("short", &data[..1000]);
	assert!(matches!(
		Tsu::new(BackendKind::File(short.clone())),
		Err(Error::Startup(HealthError::SourceExhausted { bytes_read: 1000 }))
	));
	assert!(matches!(
		Tsu::new(BackendKind::File("/nonexistent/raw.bin".into())),
		Err(Error::Open { .. })
	));
	for p in [path, short] {
		std::fs::remove_dir_all(p.parent().unwrap()).unwrap();
	}
}

#[test]
fn a_replayed_counter_file_fails_the_periodicity_test() {
	let data: Vec<u8> = (0..64 * 1024u32).map(|i| i as u8).collect();
	let path = temp_file("counter", &data);
	assert!(matches!(
		Tsu::new(BackendKind::File(path.clone())),
		Err(Error::Startup(HealthError::Periodicity { lag: 1, series: Series::Differences, .. }))
	));
	let _ = file::CLAIMED_MIN_ENTROPY;
	std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
}
