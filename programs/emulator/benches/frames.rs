//! Frames per second of the CHIP-8 core, natively and as the `chip8` command program in the
//! executors' sandbox (aether-veil, fuel metering on as executors run it, and off), on the same
//! session: the `stress` test ROM (every instruction class, never waiting) replaying a fixed
//! 10 000-frame random input log.
//!
//! 1. `native/run_frame`: one frame on a running machine;
//! 2. `native/replay_10k`: [`replay`] of the whole session (machine set-up, 10 000 frames, state
//!    hash);
//! 3. `wasm/replay_10k` and `wasm_unmetered/replay_10k`: the same session as a command (a fresh
//!    instance, reading the input, the replay, the state hash).
//!
//! After Criterion's report the native and WASM replays are timed again in interleaved rounds
//! (medians), with the same session of zero frames for the fixed cost (set-up and the final
//! state hash): frames per second from the difference, and the WASM/native ratios, for the whole
//! replay and per frame (target ≤ 1.5).
//! `cargo bench -p aether-emulator --bench frames`; the WASM half needs `programs/out/chip8.wasm`
//! (`scripts/build-programs.sh`) and is skipped, with a note, without it.

#[path = "../tests/common/mod.rs"]
mod common;

use std::{
	hint::black_box,
	path::PathBuf,
	time::{Duration, Instant},
};

use aether_emulator::{command, input_log, replay, Chip8, EmulatorCore, Input};
use aether_primitives::commands::ProgramLimits;
use aether_veil::{ExitStatus, Prepared, Sandbox, SandboxConfig};
use common::{random_inputs, roms, SplitMix64};
use criterion::{criterion_group, Criterion, Throughput};

const FRAMES: usize = 10_000;
const SEED: u64 = 0xBE7C;
const FUEL: u64 = 10_000_000_000;

/// The benchmarked session: ROM and per-frame keypads.
fn session() -> (Vec<u8>, Vec<u16>) {
	let mut rng = SplitMix64(SEED);
	(roms::stress(), random_inputs(&mut rng, FRAMES, 30))
}

fn module() -> Option<Vec<u8>> {
	let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../out/chip8.wasm");
	match std::fs::read(&path) {
		Ok(wasm) => Some(wasm),
		Err(e) => {
			eprintln!(
				"{}: {e}; skipping the WASM benchmarks (build it: scripts/build-programs.sh)",
				path.display()
			);
			None
		},
	}
}

/// The module prepared in a sandbox with fuel metering on or off.
fn sandbox(wasm: &[u8], fuel_metering: bool) -> (Sandbox, Prepared) {
	let sandbox =
		Sandbox::new(SandboxConfig { fuel_metering, ..SandboxConfig::default() }).unwrap();
	let prepared = sandbox.prepare(wasm, &ProgramLimits::default()).unwrap();
	(sandbox, prepared)
}

fn command_input(rom: &[u8], inputs: &[u16]) -> Vec<u8> {
	command::encode_input(SEED, rom, &input_log::encode(inputs).unwrap()).unwrap()
}

fn native(c: &mut Criterion) {
	let (rom, inputs) = session();
	let mut group = c.benchmark_group("native");
	group.throughput(Throughput::Elements(1));
	let mut machine = Chip8::new(&rom, SEED).unwrap();
	let mut frame = 0usize;
	group.bench_function("run_frame", |b| {
		b.iter(|| {
			let keys = inputs[frame % FRAMES];
			frame += 1;
			machine.run_frame(black_box(&Input::new(keys))).unwrap();
		})
	});
	group.throughput(Throughput::Elements(FRAMES as u64));
	group.bench_function("replay_10k", |b| {
		b.iter(|| replay(black_box(&rom), SEED, black_box(&inputs)).unwrap())
	});
	group.finish();
}

fn wasm(c: &mut Criterion) {
	let Some(wasm) = module() else { return };
	let (rom, inputs) = session();
	let input = command_input(&rom, &inputs);
	for (name, metering) in [("wasm", true), ("wasm_unmetered", false)] {
		let (sandbox, prepared) = sandbox(&wasm, metering);
		let mut group = c.benchmark_group(name);
		group.throughput(Throughput::Elements(FRAMES as u64));
		group.bench_function("replay_10k", |b| {
			b.iter(|| {
				let outcome = sandbox.execute(&prepared, black_box(&input), FUEL);
				assert_eq!(outcome.status, ExitStatus::Ok);
				outcome
			})
		});
		group.finish();
	}
}

/// Times `fs` in interleaved rounds (each round runs every function once, so that load from
/// other processes hits all of them alike) after a warm-up round; returns each one's median.
fn interleaved(fs: &mut [&mut dyn FnMut()], rounds: usize) -> Vec<Duration> {
	let mut times = vec![Vec::with_capacity(rounds); fs.len()];
	for round in 0..=rounds {
		for (f, times) in fs.iter_mut().zip(&mut times) {
			let start = Instant::now();
			f();
			if round > 0 {
				times.push(start.elapsed());
			}
		}
	}
	times
		.into_iter()
		.map(|mut t| {
			t.sort();
			t[rounds / 2]
		})
		.collect()
}

/// Median times of a 10 000-frame replay and of the same session with no frames (the fixed
/// cost: set-up, and the SHA-256 of the 4427-byte state, which SHA extensions make ~20 times
/// faster natively than in the sandbox), natively and in the sandbox; frames per second from
/// their difference.
fn summary() {
	println!("\n== summary: the stress ROM, {FRAMES} frames (interleaved rounds, medians) ==");
	let (rom, inputs) = session();
	let expected = replay(&rom, SEED, &inputs).unwrap();
	let us = |t: Duration| t.as_secs_f64() * 1e6;
	let fps = |full: Duration, fixed: Duration| FRAMES as f64 / (full - fixed).as_secs_f64();
	let Some(wasm) = module() else {
		let t = interleaved(
			&mut [
				&mut || {
					black_box(replay(black_box(&rom), SEED, black_box(&inputs)).unwrap());
				},
				&mut || {
					black_box(replay(black_box(&rom), SEED, black_box(&[])).unwrap());
				},
			],
			41,
		);
		println!("native: {:.0} µs, {:.0} frames/s", us(t[0]), fps(t[0], t[1]));
		return;
	};
	let input = command_input(&rom, &inputs);
	let empty = command_input(&rom, &[]);
	let (metered, on) = sandbox(&wasm, true);
	let (unmetered, off) = sandbox(&wasm, false);
	let outcome = metered.execute(&on, &input, FUEL);
	assert_eq!(outcome.output, command::encode_output(&expected.0, expected.1).to_vec());
	let t = interleaved(
		&mut [
			&mut || {
				black_box(replay(black_box(&rom), SEED, black_box(&inputs)).unwrap());
			},
			&mut || {
				black_box(replay(black_box(&rom), SEED, black_box(&[])).unwrap());
			},
			&mut || {
				black_box(metered.execute(&on, black_box(&input), FUEL));
			},
			&mut || {
				black_box(metered.execute(&on, black_box(&empty), FUEL));
			},
			&mut || {
				black_box(unmetered.execute(&off, black_box(&input), FUEL));
			},
			&mut || {
				black_box(unmetered.execute(&off, black_box(&empty), FUEL));
			},
		],
		41,
	);
	let rows = [
		("native", t[0], t[1]),
		("wasm, fuel metered", t[2], t[3]),
		("wasm, unmetered", t[4], t[5]),
	];
	for (name, full, fixed) in rows {
		println!(
			"{name:>20}: {FRAMES}-frame replay {:7.0} µs, fixed cost {:5.1} µs, {:>10.0} frames/s",
			us(full),
			us(fixed),
			fps(full, fixed)
		);
	}
	let (native, native_fixed) = (t[0], t[1]);
	for (name, full, fixed) in &rows[1..] {
		println!(
			"{name}: wasm / native {:.2} for the replay, {:.2} per frame (target ≤ 1.5)",
			full.as_secs_f64() / native.as_secs_f64(),
			(*full - *fixed).as_secs_f64() / (native - native_fixed).as_secs_f64(),
		);
	}
	println!("{} fuel, {} input bytes", outcome.fuel_used, input.len());
}

criterion_group!(benches, native, wasm);

fn main() {
	benches();
	Criterion::default().configure_from_args().final_summary();
	// `cargo test --benches` runs this binary in test mode; only time things when benchmarking.
	if std::env::args().any(|arg| arg == "--bench") {
		summary();
	}
}
