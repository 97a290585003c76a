//! The sandbox's costs:
//!
//! 1. `instantiate_call`: a fresh store, an instantiation and a call of an empty `run` on a
//!    prepared module, the fixed cost of every command (target ≤ 10 µs);
//! 2. `fuel`: the same compute-heavy programs with fuel metering on and off (target ratio ≤ 1.10);
//! 3. `wasm_vs_native`: those programs against the identical Rust functions compiled natively
//!    (target ratio ≤ 1.5).
//!
//! The programs: FNV-1a-64 over the input, byte by byte, several rounds (one load, xor and
//! multiply per byte), and a xorshift64* mix over the input's 64-bit words (one load and seven
//! ALU operations per word), both one dependency chain as hashing is; and a position-weighted
//! byte sum, independent work per byte that shows loop and fuel overheads the chains hide.
//!
//! After Criterion's report the ratios are measured again directly (median of batches) and
//! printed. `cargo bench -p aether-veil --bench sandbox -- --warm-up-time 1 --measurement-time 3`.

use aether_primitives::commands::ProgramLimits;
use aether_veil::{ExitStatus, Prepared, Sandbox, SandboxConfig};
use criterion::{criterion_group, Criterion, Throughput};
use std::{
	hint::black_box,
	time::{Duration, Instant},
};

const IMPORTS: &str = r#"
	(import "aether" "input_len" (func $input_len (result i32)))
	(import "aether" "input_read" (func $input_read (param i32 i32 i32) (result i32)))
	(import "aether" "output_write" (func $output_write (param i32 i32)))
"#;

/// An empty `run`.
const TRIVIAL: &str = r#"(module (memory (export "memory") 1) (func (export "run")))"#;

/// Dirties 256 KiB of memory (64 pages of 4 KiB), as a program with a stack and a heap does: the
/// allocator then has to reset them.
const TOUCH: &str = r#"(module (memory (export "memory") 4)
	(func (export "run") (memory.fill (i32.const 0) (i32.const 1) (i32.const 262144))))"#;

/// Bytes of input the compute programs hash.
const INPUT_BYTES: usize = 64 * 1024;
/// Passes over the input.
const ROUNDS: u32 = 16;
const FUEL: u64 = u64::MAX / 2;

/// FNV-1a-64 over the input, `ROUNDS` times, the hash carried across rounds.
fn fnv_module() -> String {
	format!(
		r#"(module {IMPORTS}
		(memory (export "memory") 2)
		(func (export "run")
			(local $n i32) (local $i i32) (local $r i32) (local $h i64)
			(local.set $n (call $input_len))
			(drop (call $input_read (i32.const 0) (i32.const 0) (local.get $n)))
			(local.set $h (i64.const 0xcbf29ce484222325))
			(local.set $r (i32.const {ROUNDS}))
			(loop $round
				(local.set $i (i32.const 0))
				(block $done
					(loop $byte
						(br_if $done (i32.ge_u (local.get $i) (local.get $n)))
						(local.set $h (i64.mul
							(i64.xor (local.get $h) (i64.load8_u (local.get $i)))
							(i64.const 0x100000001b3)))
						(local.set $i (i32.add (local.get $i) (i32.const 1)))
						(br $byte)))
				(local.set $r (i32.sub (local.get $r) (i32.const 1)))
				(br_if $round (local.get $r)))
			(i64.store (i32.const 0) (local.get $h))
			(call $output_write (i32.const 0) (i32.const 8))))"#
	)
}

fn fnv_native(data: &[u8]) -> u64 {
	let mut h = 0xcbf2_9ce4_8422_2325u64;
	for _ in 0..ROUNDS {
		for &b in data {
			h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
		}
	}
	h
}

/// xorshift64* over the input's little-endian 64-bit words, `ROUNDS` times.
fn mix_module() -> String {
	format!(
		r#"(module {IMPORTS}
		(memory (export "memory") 2)
		(func (export "run")
			(local $n i32) (local $i i32) (local $r i32) (local $h i64)
			(local.set $n (i32.and (call $input_len) (i32.const -8)))
			(drop (call $input_read (i32.const 0) (i32.const 0) (local.get $n)))
			(local.set $h (i64.const 0x9e3779b97f4a7c15))
			(local.set $r (i32.const {ROUNDS}))
			(loop $round
				(local.set $i (i32.const 0))
				(block $done
					(loop $word
						(br_if $done (i32.ge_u (local.get $i) (local.get $n)))
						(local.set $h (i64.xor (local.get $h) (i64.load (local.get $i))))
						(local.set $h (i64.xor (local.get $h) (i64.shr_u (local.get $h) (i64.const 12))))
						(local.set $h (i64.xor (local.get $h) (i64.shl (local.get $h) (i64.const 25))))
						(local.set $h (i64.xor (local.get $h) (i64.shr_u (local.get $h) (i64.const 27))))
						(local.set $h (i64.mul (local.get $h) (i64.const 0x2545f4914f6cdd1d)))
						(local.set $i (i32.add (local.get $i) (i32.const 8)))
						(br $word)))
				(local.set $r (i32.sub (local.get $r) (i32.const 1)))
				(br_if $round (local.get $r)))
			(i64.store (i32.const 0) (local.get $h))
			(call $output_write (i32.const 0) (i32.const 8))))"#
	)
}

fn mix_native(data: &[u8]) -> u64 {
	let mut h = 0x9e37_79b9_7f4a_7c15u64;
	for _ in 0..ROUNDS {
		for word in data.chunks_exact(8) {
			let mut w = [0u8; 8];
			w.copy_from_slice(word);
			h ^= u64::from_le_bytes(w);
			h ^= h >> 12;
			h ^= h << 25;
			h ^= h >> 27;
			h = h.wrapping_mul(0x2545_f491_4f6c_dd1d);
		}
	}
	h
}

/// Sum of the input's bytes times their position modulo 2^64: independent work every byte, no
/// long dependency chain, so it runs at the CPU's issue width and shows loop overheads (fuel's
/// included) that the hashes' multiply chains hide. Natively, LLVM vectorises it.
fn weighted_sum_module() -> String {
	format!(
		r#"(module {IMPORTS}
		(memory (export "memory") 2)
		(func (export "run")
			(local $n i32) (local $i i32) (local $r i32) (local $s i64)
			(local.set $n (call $input_len))
			(drop (call $input_read (i32.const 0) (i32.const 0) (local.get $n)))
			(local.set $r (i32.const {ROUNDS}))
			(loop $round
				(local.set $i (i32.const 0))
				(block $done
					(loop $byte
						(br_if $done (i32.ge_u (local.get $i) (local.get $n)))
						(local.set $s (i64.add (local.get $s)
							(i64.mul (i64.load8_u (local.get $i)) (i64.extend_i32_u (local.get $i)))))
						(local.set $i (i32.add (local.get $i) (i32.const 1)))
						(br $byte)))
				(local.set $r (i32.sub (local.get $r) (i32.const 1)))
				(br_if $round (local.get $r)))
			(i64.store (i32.const 0) (local.get $s))
			(call $output_write (i32.const 0) (i32.const 8))))"#
	)
}

fn weighted_sum_native(data: &[u8]) -> u64 {
	let mut s = 0u64;
	for _ in 0..ROUNDS {
		for (i, &b) in data.iter().enumerate() {
			s = s.wrapping_add(u64::from(b).wrapping_mul(i as u64));
		}
	}
	s
}

fn input() -> Vec<u8> {
	// Deterministic, not all equal bytes.
	let mut x = 0x1234_5678u32;
	(0..INPUT_BYTES)
		.map(|_| {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			x as u8
		})
		.collect()
}

fn sandbox(fuel_metering: bool) -> Sandbox {
	Sandbox::new(SandboxConfig { fuel_metering, ..SandboxConfig::default() })
		.expect("the engine configuration is valid")
}

fn prepare(sandbox: &Sandbox, wat: &str) -> Prepared {
	let wasm = wat::parse_str(wat).expect("the benchmark modules assemble");
	sandbox.prepare(&wasm, &ProgramLimits::default()).expect("the benchmark modules are valid")
}

/// Runs a compute program and checks it agrees with its native twin.
fn run_checked(sandbox: &Sandbox, prepared: &Prepared, input: &[u8], expected: u64) {
	let outcome = sandbox.execute(prepared, input, FUEL);
	assert_eq!(outcome.status, ExitStatus::Ok);
	assert_eq!(outcome.output, expected.to_le_bytes(), "wasm and native disagree");
}

struct Workload {
	name: &'static str,
	wat: String,
	native: fn(&[u8]) -> u64,
}

fn workloads() -> [Workload; 3] {
	[
		Workload { name: "fnv1a", wat: fnv_module(), native: fnv_native },
		Workload { name: "xorshift_mix", wat: mix_module(), native: mix_native },
		Workload { name: "weighted_sum", wat: weighted_sum_module(), native: weighted_sum_native },
	]
}

fn instantiate_call(c: &mut Criterion) {
	let mut group = c.benchmark_group("instantiate_call");
	for (name, fuel_metering, wat) in [
		("empty/fuel_on", true, TRIVIAL),
		("empty/fuel_off", false, TRIVIAL),
		("touch_256k", true, TOUCH),
	] {
		let sandbox = sandbox(fuel_metering);
		let prepared = prepare(&sandbox, wat);
		group.bench_function(name, |b| {
			b.iter(|| {
				let outcome = sandbox.execute(&prepared, black_box(&[]), 1_000_000);
				assert_eq!(outcome.status, ExitStatus::Ok);
			})
		});
	}
	group.finish();
}

fn compute(c: &mut Criterion) {
	let input = input();
	let (metered, unmetered) = (sandbox(true), sandbox(false));
	let mut group = c.benchmark_group("compute");
	group.throughput(Throughput::Bytes(INPUT_BYTES as u64 * u64::from(ROUNDS)));
	group.sample_size(20);
	for workload in workloads() {
		let expected = (workload.native)(&input);
		for (label, sandbox) in [("wasm_fuel_on", &metered), ("wasm_fuel_off", &unmetered)] {
			let prepared = prepare(sandbox, &workload.wat);
			run_checked(sandbox, &prepared, &input, expected);
			group.bench_function(format!("{}/{label}", workload.name), |b| {
				b.iter(|| sandbox.execute(&prepared, black_box(&input), FUEL))
			});
		}
		group.bench_function(format!("{}/native", workload.name), |b| {
			b.iter(|| (workload.native)(black_box(&input)))
		});
	}
	group.finish();
}

/// Times `fs` in interleaved rounds (each round runs every function `calls` times, so that
/// load from other processes hits all of them alike) after a warm-up round; returns each one's
/// median time per call and the median over rounds of each one's time relative to the first's.
fn interleaved(fs: &mut [&mut dyn FnMut()], calls: u32, rounds: usize) -> Vec<(Duration, f64)> {
	let mut times = vec![Vec::with_capacity(rounds); fs.len()];
	for round in 0..=rounds {
		for (f, times) in fs.iter_mut().zip(&mut times) {
			let start = Instant::now();
			for _ in 0..calls {
				f();
			}
			if round > 0 {
				times.push(start.elapsed() / calls);
			}
		}
	}
	let median = |mut v: Vec<f64>| {
		v.sort_by(f64::total_cmp);
		v[v.len() / 2]
	};
	let base = times[0].clone();
	times
		.iter()
		.map(|t| {
			let mut sorted = t.clone();
			sorted.sort();
			let ratios = t.iter().zip(&base).map(|(x, b)| x.as_secs_f64() / b.as_secs_f64());
			(sorted[rounds / 2], median(ratios.collect()))
		})
		.collect()
}

fn ratios() {
	println!("\n== summary (interleaved rounds, medians; measured again after Criterion) ==");
	let (metered, unmetered) = (sandbox(true), sandbox(false));
	for (name, wat) in [("empty", TRIVIAL), ("touch_256k", TOUCH)] {
		let (on, off) = (prepare(&metered, wat), prepare(&unmetered, wat));
		let timed = interleaved(
			&mut [
				&mut || {
					black_box(metered.execute(&on, black_box(&[]), 1_000_000));
				},
				&mut || {
					black_box(unmetered.execute(&off, black_box(&[]), 1_000_000));
				},
			],
			2_000,
			25,
		);
		println!(
			"instantiate + call ({name}): fuel on {:.2} µs, fuel off {:.2} µs (target ≤ 10 µs for empty)",
			timed[0].0.as_secs_f64() * 1e6,
			timed[1].0.as_secs_f64() * 1e6,
		);
	}

	let input = input();
	for workload in workloads() {
		let on = prepare(&metered, &workload.wat);
		let off = prepare(&unmetered, &workload.wat);
		let timed = interleaved(
			&mut [
				&mut || {
					black_box((workload.native)(black_box(&input)));
				},
				&mut || {
					black_box(metered.execute(&on, black_box(&input), FUEL));
				},
				&mut || {
					black_box(unmetered.execute(&off, black_box(&input), FUEL));
				},
			],
			3,
			41,
		);
		let ms = |t: Duration| t.as_secs_f64() * 1e3;
		let (native, fuel_on, fuel_off) = (timed[0], timed[1], timed[2]);
		println!(
			"{}: native {:.3} ms, wasm fuel on {:.3} ms, fuel off {:.3} ms ({} MiB)",
			workload.name,
			ms(native.0),
			ms(fuel_on.0),
			ms(fuel_off.0),
			INPUT_BYTES * ROUNDS as usize / (1 << 20)
		);
		println!(
			"{}: fuel on / fuel off = {:.3} (target ≤ 1.10); wasm / native = {:.3} with fuel, \
			 {:.3} without (target ≤ 1.5)",
			workload.name,
			fuel_on.1 / fuel_off.1,
			fuel_on.1,
			fuel_off.1,
		);
	}
}

criterion_group!(benches, instantiate_call, compute);

fn main() {
	benches();
	Criterion::default().configure_from_args().final_summary();
	// `cargo test --benches` runs this binary in test mode; only time things when benchmarking.
	if std::env::args().any(|arg| arg == "--bench") {
		ratios();
	}
}
