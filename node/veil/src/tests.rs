//! Behaviour of the sandbox on small WAT programs.

use super::*;
use aether_primitives::commands::sha256;

/// The four host imports, to splice into test modules.
const IMPORTS: &str = r#"
	(import "aether" "input_len" (func $input_len (result i32)))
	(import "aether" "input_read" (func $input_read (param i32 i32 i32) (result i32)))
	(import "aether" "output_write" (func $output_write (param i32 i32)))
	(import "aether" "log" (func $log (param i32 i32)))
"#;

/// Reads the whole input to address 0 and writes it back.
const ECHO: &str = r#"
	(memory (export "memory") 1)
	(func (export "run")
		(local $n i32)
		(local.set $n (call $input_len))
		(drop (call $input_read (i32.const 0) (i32.const 0) (local.get $n)))
		(call $output_write (i32.const 0) (local.get $n)))
"#;

/// Runs a loop as many times as the little-endian u32 input says, then writes the counter.
const COUNT: &str = r#"
	(memory (export "memory") 1)
	(func (export "run")
		(local $n i32) (local $i i32) (local $acc i32)
		(drop (call $input_read (i32.const 0) (i32.const 0) (i32.const 4)))
		(local.set $n (i32.load (i32.const 0)))
		(block $done
			(loop $next
				(br_if $done (i32.ge_u (local.get $i) (local.get $n)))
				(local.set $acc (i32.add (i32.mul (local.get $acc) (i32.const 31)) (local.get $i)))
				(local.set $i (i32.add (local.get $i) (i32.const 1)))
				(br $next)))
		(i32.store (i32.const 0) (local.get $acc))
		(call $output_write (i32.const 0) (i32.const 4)))
"#;

const FUEL: u64 = 10_000_000;

fn module(body: &str) -> Vec<u8> {
	let text = format!("(module {IMPORTS} {body})");
	match wat::parse_str(&text) {
		Ok(wasm) => wasm,
		Err(e) => panic!("test module does not assemble: {e}\n{text}"),
	}
}

fn sandbox() -> Sandbox {
	Sandbox::new(SandboxConfig::default()).expect("the engine configuration is valid")
}

fn run(body: &str, input: &[u8]) -> Outcome {
	run_with(body, &ProgramLimits::default(), input, FUEL)
}

fn run_with(body: &str, limits: &ProgramLimits, input: &[u8], fuel: u64) -> Outcome {
	sandbox().run(&module(body), limits, input, fuel).expect("the module is valid")
}

fn prepare_error(wasm: &[u8], limits: &ProgramLimits) -> ModuleError {
	match sandbox().prepare(wasm, limits) {
		Err(VeilError::Invalid(e)) => e,
		Err(e) => panic!("expected a refusal, got {e}"),
		Ok(_) => panic!("expected a refusal, the module was prepared"),
	}
}

fn assert_trap(outcome: &Outcome, needle: &str) {
	match &outcome.status {
		ExitStatus::Trap(message) => {
			assert!(message.contains(needle), "trap `{message}` does not mention `{needle}`")
		},
		other => panic!("expected a trap mentioning `{needle}`, got {other:?}"),
	}
	assert!(outcome.output.is_empty(), "a trapped run has no output");
}

#[test]
fn echo_returns_its_input() {
	let input = b"the quick brown fox jumps over the lazy dog".repeat(20);
	let outcome = run(ECHO, &input);
	assert_eq!(outcome.status, ExitStatus::Ok);
	assert_eq!(outcome.output, input);
	assert_eq!(output_hash(&outcome.output), sha256(&input));
	assert!(outcome.fuel_used > 0 && outcome.fuel_used < FUEL);
}

#[test]
fn output_hash_is_the_primitives_sha256() {
	for data in [&b""[..], b"abc", &[7u8; 1000]] {
		assert_eq!(output_hash(data), sha256(data));
	}
}

#[test]
fn infinite_loop_runs_out_of_fuel() {
	let outcome = run_with(
		r#"(memory (export "memory") 1)
		(func (export "run")
			(call $output_write (i32.const 0) (i32.const 4))
			(loop $forever (br $forever)))"#,
		&ProgramLimits::default(),
		&[],
		100_000,
	);
	assert_eq!(outcome.status, ExitStatus::OutOfFuel);
	assert_eq!(outcome.fuel_used, 100_000);
	assert!(outcome.output.is_empty(), "output written before running out is dropped");
}

#[test]
fn running_out_of_fuel_in_a_host_call_is_out_of_fuel() {
	// Echoing 64 KiB costs 8192 fuel per host call; 1000 is enough for the wasm around them.
	let outcome = run_with(ECHO, &ProgramLimits::default(), &[1u8; 65_536], 1_000);
	assert_eq!(outcome.status, ExitStatus::OutOfFuel);
	assert_eq!(outcome.fuel_used, 1_000);
	assert!(outcome.output.is_empty());
}

#[test]
fn a_start_function_is_metered_too() {
	let outcome = run_with(
		r#"(memory (export "memory") 1)
		(func $start (loop $forever (br $forever)))
		(start $start)
		(func (export "run"))"#,
		&ProgramLimits::default(),
		&[],
		50_000,
	);
	assert_eq!(outcome.status, ExitStatus::OutOfFuel);
	assert_eq!(outcome.fuel_used, 50_000);
}

#[test]
fn growing_memory_past_the_cap_fails_then_traps() {
	let limits = ProgramLimits { max_memory_pages: 2, ..ProgramLimits::default() };
	let outcome = run_with(
		r#"(memory (export "memory") 1)
		(data (i32.const 0) "grewrefused")
		(func (export "run")
			;; 1 -> 2 pages: at the cap, allowed (returns the old size).
			(if (i32.ne (memory.grow (i32.const 1)) (i32.const 1)) (then unreachable))
			(call $log (i32.const 0) (i32.const 4))
			;; 2 -> 3 pages: past the cap.
			(if (i32.eq (memory.grow (i32.const 1)) (i32.const -1))
				(then (call $log (i32.const 4) (i32.const 7)) unreachable))
			(call $output_write (i32.const 0) (i32.const 4)))"#,
		&limits,
		&[],
		FUEL,
	);
	assert_trap(&outcome, "unreachable");
	assert_eq!(outcome.logs, ["grew", "refused"]);
}

#[test]
fn growing_memory_up_to_the_cap_succeeds() {
	let limits = ProgramLimits { max_memory_pages: 16, ..ProgramLimits::default() };
	let outcome = run_with(
		r#"(memory (export "memory") 0)
		(func (export "run")
			(if (i32.ne (memory.grow (i32.const 16)) (i32.const 0)) (then unreachable))
			;; The last byte of the last page is writable.
			(i32.store8 (i32.const 1048575) (i32.const 42))
			(call $output_write (i32.const 1048575) (i32.const 1)))"#,
		&limits,
		&[],
		FUEL,
	);
	assert_eq!(outcome.status, ExitStatus::Ok);
	assert_eq!(outcome.output, [42]);
}

#[test]
fn initial_memory_above_the_cap_is_refused() {
	let limits = ProgramLimits { max_memory_pages: 16, ..ProgramLimits::default() };
	let wasm = module(r#"(memory (export "memory") 17) (func (export "run"))"#);
	assert_eq!(prepare_error(&wasm, &limits), ModuleError::MemoryTooLarge);
}

#[test]
fn unreachable_traps() {
	let outcome = run(r#"(memory (export "memory") 1) (func (export "run") unreachable)"#, &[]);
	assert_trap(&outcome, "unreachable");
}

#[test]
fn out_of_bounds_wasm_access_traps() {
	let outcome = run(
		r#"(memory (export "memory") 1)
		(func (export "run") (drop (i32.load (i32.const 65534))))"#,
		&[],
	);
	assert_trap(&outcome, "out of bounds");
}

#[test]
fn input_read_out_of_bounds_traps() {
	let outcome = run(
		r#"(memory (export "memory") 1)
		(func (export "run")
			(drop (call $input_read (i32.const 65530) (i32.const 0) (i32.const 10))))"#,
		&[9u8; 10],
	);
	assert_trap(&outcome, "input_read: destination out of bounds");

	// A negative (huge unsigned) destination must not wrap around either.
	let outcome = run(
		r#"(memory (export "memory") 1)
		(func (export "run")
			(drop (call $input_read (i32.const -1) (i32.const 0) (i32.const 10))))"#,
		&[9u8; 10],
	);
	assert_trap(&outcome, "input_read: destination out of bounds");
}

#[test]
fn input_read_copies_what_there_is() {
	// Read 100 bytes from offset 3 of a 10-byte input: 7 come back, and an offset past the end
	// copies nothing.
	let outcome = run(
		r#"(memory (export "memory") 1)
		(func (export "run")
			(i32.store8 (i32.const 100)
				(call $input_read (i32.const 0) (i32.const 3) (i32.const 100)))
			(i32.store8 (i32.const 101)
				(call $input_read (i32.const 0) (i32.const -1) (i32.const 100)))
			(call $output_write (i32.const 0) (i32.const 7))
			(call $output_write (i32.const 100) (i32.const 2)))"#,
		b"0123456789",
	);
	assert_eq!(outcome.status, ExitStatus::Ok);
	assert_eq!(outcome.output, b"3456789\x07\x00");
}

#[test]
fn output_write_out_of_bounds_traps() {
	let outcome = run(
		r#"(memory (export "memory") 1)
		(func (export "run") (call $output_write (i32.const 65535) (i32.const 2)))"#,
		&[],
	);
	assert_trap(&outcome, "output_write: source out of bounds");
}

#[test]
fn output_past_max_output_traps() {
	let limits = ProgramLimits { max_output: 8, ..ProgramLimits::default() };
	let exactly = run_with(ECHO, &limits, b"12345678", FUEL);
	assert_eq!(exactly.status, ExitStatus::Ok);
	assert_eq!(exactly.output, b"12345678");

	let over = run_with(ECHO, &limits, b"123456789", FUEL);
	assert_trap(&over, "max_output");

	// Several writes add up.
	let over = run_with(
		r#"(memory (export "memory") 1)
		(func (export "run")
			(call $output_write (i32.const 0) (i32.const 5))
			(call $output_write (i32.const 0) (i32.const 4)))"#,
		&limits,
		&[],
		FUEL,
	);
	assert_trap(&over, "max_output");
}

#[test]
fn logs_are_capped_and_do_not_count_as_output() {
	let outcome = run(
		r#"(memory (export "memory") 1)
		(data (i32.const 0) "hello")
		(func (export "run")
			(local $i i32)
			(call $log (i32.const 0) (i32.const 5))
			(call $log (i32.const 0) (i32.const 1000))
			(loop $more
				(call $log (i32.const 0) (i32.const 1))
				(local.set $i (i32.add (local.get $i) (i32.const 1)))
				(br_if $more (i32.lt_u (local.get $i) (i32.const 100)))))"#,
		&[],
	);
	assert_eq!(outcome.status, ExitStatus::Ok);
	assert!(outcome.output.is_empty());
	assert_eq!(outcome.logs.len(), MAX_LOG_LINES);
	assert_eq!(outcome.logs[0], "hello");
	assert_eq!(outcome.logs[1].len(), MAX_LOG_LINE_BYTES);
	assert!(outcome.logs[1].starts_with("hello\0"));
	assert_eq!(outcome.logs[2], "h");
}

#[test]
fn log_out_of_bounds_traps_even_when_lines_are_no_longer_kept() {
	let outcome = run(
		r#"(memory (export "memory") 1)
		(func (export "run")
			(local $i i32)
			(loop $more
				(call $log (i32.const 0) (i32.const 1))
				(local.set $i (i32.add (local.get $i) (i32.const 1)))
				(br_if $more (i32.lt_u (local.get $i) (i32.const 100))))
			(call $log (i32.const 65535) (i32.const 2)))"#,
		&[],
	);
	assert_trap(&outcome, "log: source out of bounds");
	assert_eq!(outcome.logs.len(), MAX_LOG_LINES);
}

#[test]
fn foreign_imports_are_refused() {
	let wasm = wat::parse_str(
		r#"(module
			(import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
			(memory (export "memory") 1)
			(func (export "run")))"#,
	)
	.unwrap();
	assert_eq!(prepare_error(&wasm, &ProgramLimits::default()), ModuleError::ForbiddenImport);
}

#[test]
fn simd_is_refused() {
	let wasm = module(
		r#"(memory (export "memory") 1)
		(func (export "run") (drop (i32x4.splat (i32.const 1))))"#,
	);
	assert_eq!(prepare_error(&wasm, &ProgramLimits::default()), ModuleError::Invalid);
}

#[test]
fn garbage_is_refused() {
	for garbage in [&b""[..], b"\0asm", b"not wasm at all", &[0xffu8; 64]] {
		assert_eq!(prepare_error(garbage, &ProgramLimits::default()), ModuleError::Invalid);
	}
}

#[test]
fn nans_are_canonical() {
	// (a / b) + c and the same in f64, with a = b = 0 and c a NaN with a payload and the sign
	// bit set; the operands come from the input so nothing is folded at compile time. x86
	// produces 0xffc00000 for 0/0 and propagates payloads: only canonicalisation gives 0x7fc00000.
	let outcome = run(
		r#"(memory (export "memory") 1)
		(func (export "run")
			(drop (call $input_read (i32.const 0) (i32.const 0) (i32.const 36)))
			(i32.store (i32.const 100) (i32.reinterpret_f32
				(f32.add
					(f32.div (f32.load (i32.const 0)) (f32.load (i32.const 4)))
					(f32.load (i32.const 8)))))
			(i64.store (i32.const 104) (i64.reinterpret_f64
				(f64.add
					(f64.div (f64.load (i32.const 12)) (f64.load (i32.const 20)))
					(f64.load (i32.const 28)))))
			;; A payload NaN alone through an arithmetic op.
			(i32.store (i32.const 112) (i32.reinterpret_f32
				(f32.mul (f32.load (i32.const 8)) (f32.const 1))))
			(call $output_write (i32.const 100) (i32.const 16)))"#,
		&[
			&0f32.to_le_bytes()[..],
			&0f32.to_le_bytes(),
			&0xffa0_0001u32.to_le_bytes(),
			&0f64.to_le_bytes(),
			&0f64.to_le_bytes(),
			&0xfff4_0000_0000_0001u64.to_le_bytes(),
		]
		.concat(),
	);
	assert_eq!(outcome.status, ExitStatus::Ok);
	let f32_bits = u32::from_le_bytes(outcome.output[0..4].try_into().unwrap());
	let f64_bits = u64::from_le_bytes(outcome.output[4..12].try_into().unwrap());
	let mul_bits = u32::from_le_bytes(outcome.output[12..16].try_into().unwrap());
	assert_eq!(f32_bits, 0x7fc0_0000, "f32 NaN {f32_bits:#x}");
	assert_eq!(f64_bits, 0x7ff8_0000_0000_0000, "f64 NaN {f64_bits:#x}");
	assert_eq!(mul_bits, 0x7fc0_0000, "f32 NaN {mul_bits:#x}");
}

#[test]
fn fuel_used_is_deterministic() {
	let wasm = module(COUNT);
	let limits = ProgramLimits::default();
	let input = 5_000u32.to_le_bytes();
	let first = sandbox().run(&wasm, &limits, &input, FUEL).unwrap();
	assert_eq!(first.status, ExitStatus::Ok);
	for sandbox in [sandbox(), sandbox()] {
		let prepared = sandbox.prepare(&wasm, &limits).unwrap();
		for _ in 0..5 {
			assert_eq!(sandbox.execute(&prepared, &input, FUEL), first);
		}
		// Going through `run` (and the cache) changes nothing either.
		assert_eq!(sandbox.run(&wasm, &limits, &input, FUEL).unwrap(), first);
	}
	// Nor does the fuel limit, as long as it is enough.
	let exact = sandbox().run(&wasm, &limits, &input, first.fuel_used).unwrap();
	assert_eq!(exact, first);
	let short = sandbox().run(&wasm, &limits, &input, first.fuel_used - 1).unwrap();
	assert_eq!(short.status, ExitStatus::OutOfFuel);
}

#[test]
fn fuel_used_grows_with_work() {
	let sandbox = sandbox();
	let prepared = sandbox.prepare(&module(COUNT), &ProgramLimits::default()).unwrap();
	let fuel = |n: u32| {
		let outcome = sandbox.execute(&prepared, &n.to_le_bytes(), FUEL);
		assert_eq!(outcome.status, ExitStatus::Ok);
		outcome.fuel_used
	};
	let (zero, n, two_n) = (fuel(0), fuel(1000), fuel(2000));
	assert!(zero < n && n < two_n, "{zero} {n} {two_n}");
	// Every iteration costs the same.
	assert_eq!(two_n - n, n - zero);
	assert!(n - zero >= 1000);
}

#[test]
fn host_calls_charge_for_the_bytes_they_move() {
	let sandbox = sandbox();
	let prepared = sandbox.prepare(&module(ECHO), &ProgramLimits::default()).unwrap();
	let empty = sandbox.execute(&prepared, &[], FUEL);
	let full = sandbox.execute(&prepared, &[0u8; 800], FUEL);
	assert_eq!((empty.status.clone(), full.status.clone()), (ExitStatus::Ok, ExitStatus::Ok));
	// input_read and output_write each move 800 bytes; the wasm around them is the same.
	assert_eq!(full.fuel_used - empty.fuel_used, 2 * 800 / FUEL_BYTES_PER_UNIT);
	// Three host calls at HOST_CALL_FUEL each are part of the empty run.
	assert!(empty.fuel_used >= 3 * HOST_CALL_FUEL);
}

#[test]
fn without_metering_fuel_is_not_counted() {
	let sandbox =
		Sandbox::new(SandboxConfig { fuel_metering: false, ..SandboxConfig::default() }).unwrap();
	let outcome =
		sandbox.run(&module(COUNT), &ProgramLimits::default(), &1000u32.to_le_bytes(), 0).unwrap();
	assert_eq!(outcome.status, ExitStatus::Ok);
	assert_eq!(outcome.fuel_used, 0);
	let metered = run(COUNT, &1000u32.to_le_bytes());
	assert_eq!(outcome.output, metered.output);
}

#[test]
fn tables_are_capped() {
	// validate_module does not limit tables; the sandbox does.
	let limits = ProgramLimits::default();
	let at_cap = module(&format!(
		r#"(memory (export "memory") 1) (table {MAX_TABLE_ELEMENTS} funcref) (func (export "run"))"#
	));
	assert_eq!(sandbox().run(&at_cap, &limits, &[], FUEL).unwrap().status, ExitStatus::Ok);
	let too_long = module(&format!(
		r#"(memory (export "memory") 1) (table {} funcref) (func (export "run"))"#,
		MAX_TABLE_ELEMENTS + 1
	));
	assert!(matches!(sandbox().prepare(&too_long, &limits), Err(VeilError::Unsupported(_))));
	let tables = "(table 1 funcref)".repeat(MAX_TABLES);
	let enough = module(&format!(r#"(memory (export "memory") 1) {tables} (func (export "run"))"#));
	assert_eq!(sandbox().run(&enough, &limits, &[], FUEL).unwrap().status, ExitStatus::Ok);
	let too_many = module(&format!(
		r#"(memory (export "memory") 1) {tables} (table 1 funcref) (func (export "run"))"#
	));
	assert!(matches!(sandbox().prepare(&too_many, &limits), Err(VeilError::Unsupported(_))));

	let outcome = run(
		r#"(memory (export "memory") 1)
		(table 1 funcref)
		(func (export "run")
			(if (i32.ne (table.grow (ref.null func) (i32.const 100000)) (i32.const -1))
				(then unreachable)))"#,
		&[],
	);
	assert_eq!(outcome.status, ExitStatus::Ok);
}

#[test]
fn rustc_style_indirect_calls_work() {
	// A funcref table and call_indirect, as rustc emits for trait objects.
	let outcome = run(
		r#"(memory (export "memory") 1)
		(type $unary (func (param i32) (result i32)))
		(table 2 funcref)
		(elem (i32.const 0) $double $square)
		(func $double (type $unary) (i32.add (local.get 0) (local.get 0)))
		(func $square (type $unary) (i32.mul (local.get 0) (local.get 0)))
		(func (export "run")
			(i32.store8 (i32.const 0) (call_indirect (type $unary) (i32.const 5) (i32.const 0)))
			(i32.store8 (i32.const 1) (call_indirect (type $unary) (i32.const 5) (i32.const 1)))
			(call $output_write (i32.const 0) (i32.const 2)))"#,
		&[],
	);
	assert_eq!(outcome.status, ExitStatus::Ok);
	assert_eq!(outcome.output, [10, 25]);
}

#[test]
fn the_engine_refuses_refused_proposals_on_its_own() {
	// Behind validate_module, Wasmtime is configured with the same features.
	let sandbox = sandbox();
	use ModuleError::*;
	for (proposal, refusal, text) in [
		("simd", Invalid, r#"(module (func (drop (i32x4.splat (i32.const 1)))))"#),
		("tail calls", Invalid, r#"(module (func $f (return_call $f)))"#),
		("multi-memory", Unsupported, r#"(module (memory 1) (memory 1))"#),
		("memory64", MemoryTooLarge, r#"(module (memory i64 1))"#),
		("threads", MemoryTooLarge, r#"(module (memory 1 1 shared))"#),
		(
			"extended const",
			Invalid,
			r#"(module (global i32 (i32.add (i32.const 1) (i32.const 2))))"#,
		),
		("exceptions", Invalid, r#"(module (tag) (func (throw 0)))"#),
	] {
		let wasm = wat::parse_str(text).unwrap();
		assert!(Module::new(&sandbox.engine, &wasm).is_err(), "the engine accepts {proposal}");
		assert_eq!(prepare_error(&wasm, &ProgramLimits::default()), refusal, "{proposal}");
	}
}

#[test]
fn prepare_caches_by_bytes_and_limits() {
	let sandbox = sandbox();
	let wasm = module(r#"(memory (export "memory") 17) (func (export "run"))"#);
	let big = ProgramLimits { max_memory_pages: 32, ..ProgramLimits::default() };
	let first = sandbox.prepare(&wasm, &big).unwrap();
	assert_eq!(first.code_hash(), sha256(&wasm));
	assert_eq!(first.limits(), big);
	let again = sandbox.prepare(&wasm, &big).unwrap();
	assert!(Arc::ptr_eq(&first.inner, &again.inner), "the second prepare is a cache hit");
	// The same bytes under a smaller cap are validated again, and refused.
	assert!(matches!(
		sandbox.prepare(&wasm, &ProgramLimits::default()),
		Err(VeilError::Invalid(ModuleError::MemoryTooLarge))
	));
	// Under other limits that fit, the compiled module is reused.
	let other = ProgramLimits { max_memory_pages: 20, max_output: 1 };
	let reused = sandbox.prepare(&wasm, &other).unwrap();
	assert_eq!(reused.inner.pre.module().image_range(), first.inner.pre.module().image_range());
	assert_eq!(sandbox.cache.lock().entries.len(), 2);
}

#[test]
fn the_cache_is_bounded() {
	let sandbox =
		Sandbox::new(SandboxConfig { max_cached_modules: 2, ..SandboxConfig::default() }).unwrap();
	let limits = ProgramLimits::default();
	let modules: Vec<_> = (0..4)
		.map(|i| module(&format!(r#"(memory (export "memory") {i}) (func (export "run"))"#)))
		.collect();
	let a = sandbox.prepare(&modules[0], &limits).unwrap();
	sandbox.prepare(&modules[1], &limits).unwrap();
	// Touch the first so the second is the least recently used.
	sandbox.prepare(&modules[0], &limits).unwrap();
	sandbox.prepare(&modules[2], &limits).unwrap();
	{
		let cache = sandbox.cache.lock();
		assert_eq!(cache.entries.len(), 2);
		assert!(cache.module(&sha256(&modules[0])).is_some());
		assert!(cache.module(&sha256(&modules[1])).is_none());
	}
	// An evicted or uncached Prepared still runs.
	sandbox.prepare(&modules[3], &limits).unwrap();
	assert_eq!(sandbox.execute(&a, &[], FUEL).status, ExitStatus::Ok);

	let uncached =
		Sandbox::new(SandboxConfig { max_cached_modules: 0, ..SandboxConfig::default() }).unwrap();
	let p = uncached.prepare(&modules[0], &limits).unwrap();
	assert_eq!(uncached.cache.lock().entries.len(), 0);
	assert_eq!(uncached.execute(&p, &[], FUEL).status, ExitStatus::Ok);
}

#[test]
fn a_prepared_module_runs_on_another_sandbox() {
	let (one, two) = (sandbox(), sandbox());
	let prepared = one.prepare(&module(ECHO), &ProgramLimits::default()).unwrap();
	let outcome = two.execute(&prepared, b"hi", FUEL);
	assert_eq!(outcome.status, ExitStatus::Ok);
	assert_eq!(outcome.output, b"hi");
}

#[test]
fn sandbox_is_shared_across_threads() {
	fn assert_send_sync<T: Send + Sync>() {}
	assert_send_sync::<Sandbox>();
	assert_send_sync::<Prepared>();

	let sandbox = Arc::new(sandbox());
	let wasm = module(COUNT);
	let expected =
		sandbox.run(&wasm, &ProgramLimits::default(), &300u32.to_le_bytes(), FUEL).unwrap();
	let threads: Vec<_> = (0..4)
		.map(|_| {
			let (sandbox, wasm) = (sandbox.clone(), wasm.clone());
			std::thread::spawn(move || {
				(0..20)
					.map(|_| {
						sandbox.run(&wasm, &ProgramLimits::default(), &300u32.to_le_bytes(), FUEL)
					})
					.collect::<Vec<_>>()
			})
		})
		.collect();
	for thread in threads {
		for outcome in thread.join().unwrap() {
			assert_eq!(outcome.unwrap(), expected);
		}
	}
}

#[test]
fn more_runs_than_pool_slots_wait_for_one() {
	// Runs beyond the pool's slots must wait, not fail: hold every slot's worth of runs busy
	// and start more.
	let sandbox = Arc::new(sandbox());
	let wasm = module(COUNT);
	let limits = ProgramLimits::default();
	let expected = sandbox.run(&wasm, &limits, &200_000u32.to_le_bytes(), FUEL).unwrap();
	assert_eq!(expected.status, ExitStatus::Ok);
	let threads: Vec<_> = (0..MAX_CONCURRENT_RUNS * 2)
		.map(|_| {
			let (sandbox, wasm) = (sandbox.clone(), wasm.clone());
			std::thread::spawn(move || {
				sandbox.run(&wasm, &limits, &200_000u32.to_le_bytes(), FUEL).unwrap()
			})
		})
		.collect();
	for thread in threads {
		assert_eq!(thread.join().unwrap(), expected);
	}
}

#[test]
fn slots_block_until_one_is_returned() {
	let slots = Arc::new(Slots::new(2));
	let (a, b) = (slots.acquire(), slots.acquire());
	let (sender, receiver) = std::sync::mpsc::channel();
	let waiter = {
		let slots = slots.clone();
		std::thread::spawn(move || {
			let _slot = slots.acquire();
			sender.send(()).unwrap();
		})
	};
	let wait = std::time::Duration::from_millis(100);
	assert!(receiver.recv_timeout(wait).is_err(), "a third slot was handed out");
	drop(a);
	assert!(receiver.recv_timeout(wait * 50).is_ok(), "the returned slot was not handed on");
	waiter.join().unwrap();
	drop(b);
	assert_eq!(*slots.free.lock(), 2);
}

/// `validate_module` edge cases, through `prepare`.
mod validate {
	use super::*;

	fn check(text: &str) -> Result<(), ModuleError> {
		let wasm = wat::parse_str(text).unwrap();
		aether_primitives::commands::validate_module(&wasm, &ProgramLimits::default())
	}

	#[test]
	fn minimal_module_is_accepted() {
		assert_eq!(check(r#"(module (memory (export "memory") 0) (func (export "run")))"#), Ok(()));
	}

	#[test]
	fn missing_or_mistyped_exports() {
		for text in [
			r#"(module (memory 1) (func (export "run")))"#,
			r#"(module (memory (export "memory") 1))"#,
			r#"(module (memory (export "memory") 1) (func (export "run") (param i32)))"#,
			r#"(module (memory (export "memory") 1) (func (export "run") (result i32) i32.const 0))"#,
			r#"(module (memory (export "memory") 1) (global (export "run") i32 (i32.const 0)))"#,
			r#"(module (memory (export "mem") 1) (func (export "run")))"#,
			// `run` re-exporting a host import of another type.
			r#"(module (import "aether" "log" (func $log (param i32 i32)))
				(memory (export "memory") 1) (export "run" (func $log)))"#,
		] {
			assert_eq!(check(text), Err(ModuleError::MissingExport), "{text}");
		}
	}

	#[test]
	fn imports_must_match_the_abi() {
		for text in [
			r#"(module (import "aether" "input_len" (func (result i64)))
				(memory (export "memory") 1) (func (export "run")))"#,
			r#"(module (import "aether" "log" (func (param i32)))
				(memory (export "memory") 1) (func (export "run")))"#,
			r#"(module (import "aether" "exit" (func))
				(memory (export "memory") 1) (func (export "run")))"#,
			r#"(module (import "aether" "memory" (memory 1))
				(export "memory" (memory 0)) (func (export "run")))"#,
			r#"(module (import "aether" "g" (global i32))
				(memory (export "memory") 1) (func (export "run")))"#,
			r#"(module (import "env" "input_len" (func (result i32)))
				(memory (export "memory") 1) (func (export "run")))"#,
		] {
			assert_eq!(check(text), Err(ModuleError::ForbiddenImport), "{text}");
		}
	}

	#[test]
	fn gc_types_are_refused() {
		assert_eq!(
			check(
				r#"(module (memory (export "memory") 1) (table 1 externref) (func (export "run")))"#
			),
			Err(ModuleError::Invalid)
		);
	}

	#[test]
	fn several_memories_are_unsupported() {
		assert_eq!(
			check(r#"(module (memory (export "memory") 1) (memory 1) (func (export "run")))"#),
			Err(ModuleError::Unsupported)
		);
	}

	#[test]
	fn shared_and_64_bit_memories_are_too_large() {
		for text in [
			r#"(module (memory (export "memory") 1 1 shared) (func (export "run")))"#,
			r#"(module (memory (export "memory") i64 1) (func (export "run")))"#,
		] {
			assert_eq!(check(text), Err(ModuleError::MemoryTooLarge), "{text}");
		}
	}

	#[test]
	fn components_are_unsupported() {
		let component = wat::parse_str("(component)").unwrap();
		assert_eq!(
			aether_primitives::commands::validate_module(&component, &ProgramLimits::default()),
			Err(ModuleError::Unsupported)
		);
	}
}
