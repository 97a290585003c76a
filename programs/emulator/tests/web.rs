//! The browser module `chip8-web` (`programs/out/chip8-web.wasm`, `programs/web/chip8`), run in
//! wasmtime: its exports are exactly the documented ABI, it imports nothing, and a session loaded
//! and advanced through it ends with the state hash and frame count of
//! [`command::run`](aether_emulator::command::run). Along the way, after every `advance`, its
//! screen and state hash are those of a native machine run frame by frame in lockstep; faults
//! stop it where the native replay faults, with the fault's code; malformed inputs get the
//! `load` code of `command::run`'s error.
//!
//! It needs the module, which `scripts/build-programs.sh` builds; a plain `cargo test` therefore
//! skips these tests (`#[ignore]`), and `scripts/build-programs.sh --test` runs them after
//! building. Run by hand (`cargo test -p aether-emulator --test web -- --ignored`) without the
//! module, they fail and say so.

mod common;

use std::{collections::BTreeSet, path::PathBuf};

use aether_emulator::{
	command::{self, CommandError},
	input_log, Chip8, EmulatorCore, Fault, Input, ReplayError, DISPLAY_HEIGHT, DISPLAY_WIDTH,
};
use common::{random_inputs, roms, scripted_keys, Case, Frames, SplitMix64};
use wasmtime::{Engine, Instance, Memory, Module, Store, TypedFunc, ValType};

const NEEDS_BUILD: &str = "needs programs/out/chip8-web.wasm: run scripts/build-programs.sh --test";

// The codes of the module's ABI (programs/web/chip8/src/lib.rs).
const RUNNING: i32 = 0;
const FINISHED: i32 = 1;
const NO_SESSION: i32 = -1;
const TRUNCATED: i32 = -2;
const ROM_TOO_LARGE: i32 = -3;
const BAD_LOG: i32 = -4;
const BAD_LENGTH: i32 = -5;
const FAULT_UNKNOWN_OPCODE: i32 = -16;
const FAULT_STACK_OVERFLOW: i32 = -17;
const FAULT_STACK_UNDERFLOW: i32 = -18;
const FAULT_PC_OUT_OF_BOUNDS: i32 = -19;
const FAULT_INDEX_OUT_OF_BOUNDS: i32 = -20;

fn fault_code(fault: Fault) -> i32 {
	match fault {
		Fault::UnknownOpcode { .. } => FAULT_UNKNOWN_OPCODE,
		Fault::StackOverflow { .. } => FAULT_STACK_OVERFLOW,
		Fault::StackUnderflow { .. } => FAULT_STACK_UNDERFLOW,
		Fault::PcOutOfBounds { .. } => FAULT_PC_OUT_OF_BOUNDS,
		Fault::IndexOutOfBounds { .. } => FAULT_INDEX_OUT_OF_BOUNDS,
	}
}

/// The `load` code of an input `command::run` refuses before running a frame.
fn load_code(error: CommandError) -> i32 {
	match error {
		CommandError::Truncated => TRUNCATED,
		CommandError::Replay(ReplayError::Rom(_)) => ROM_TOO_LARGE,
		CommandError::Replay(ReplayError::Log(_)) => BAD_LOG,
		CommandError::Replay(ReplayError::Fault { .. }) => panic!("a fault is not a load error"),
	}
}

fn module_bytes() -> Vec<u8> {
	let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../out/chip8-web.wasm");
	std::fs::read(&path).unwrap_or_else(|e| {
		panic!(
			"cannot read {}: {e}; build the programs first: scripts/build-programs.sh",
			path.display()
		)
	})
}

/// An instance of the module.
struct Web {
	store: Store<()>,
	memory: Memory,
	input_ptr: TypedFunc<u32, u32>,
	load: TypedFunc<u32, i32>,
	advance: TypedFunc<u32, u32>,
	status: TypedFunc<(), i32>,
	frames: TypedFunc<(), u32>,
	screen_ptr: TypedFunc<(), u32>,
	hash_ptr: TypedFunc<(), u32>,
}

impl Web {
	fn new(engine: &Engine, module: &Module) -> Self {
		let mut store = Store::new(engine, ());
		let instance = Instance::new(&mut store, module, &[]).unwrap();
		let memory = instance.get_memory(&mut store, "memory").unwrap();
		macro_rules! func {
			($name:literal) => {
				instance.get_typed_func(&mut store, $name).unwrap()
			};
		}
		Self {
			memory,
			input_ptr: func!("input_ptr"),
			load: func!("load"),
			advance: func!("advance"),
			status: func!("status"),
			frames: func!("frames"),
			screen_ptr: func!("screen_ptr"),
			hash_ptr: func!("hash_ptr"),
			store,
		}
	}

	/// `input_ptr`, then the input written there, then `load`.
	fn load(&mut self, input: &[u8]) -> i32 {
		let ptr = self.input_ptr.call(&mut self.store, input.len() as u32).unwrap();
		assert_ne!(ptr, 0, "input_ptr({}) failed", input.len());
		self.memory.write(&mut self.store, ptr as usize, input).unwrap();
		self.load.call(&mut self.store, input.len() as u32).unwrap()
	}

	fn advance(&mut self, max_frames: u32) -> u32 {
		self.advance.call(&mut self.store, max_frames).unwrap()
	}

	fn status(&mut self) -> i32 {
		self.status.call(&mut self.store, ()).unwrap()
	}

	fn frames(&mut self) -> u32 {
		self.frames.call(&mut self.store, ()).unwrap()
	}

	fn hash(&mut self) -> [u8; 32] {
		let ptr = self.hash_ptr.call(&mut self.store, ()).unwrap() as usize;
		self.memory.data(&self.store)[ptr..ptr + 32].try_into().unwrap()
	}

	fn screen(&mut self) -> Vec<u8> {
		let ptr = self.screen_ptr.call(&mut self.store, ()).unwrap() as usize;
		self.memory.data(&self.store)[ptr..ptr + DISPLAY_WIDTH * DISPLAY_HEIGHT].to_vec()
	}

	/// `advance(chunk)` until it returns 0; returns the calls' results.
	fn run_out(&mut self, chunk: u32) -> Vec<u32> {
		let mut calls = Vec::new();
		loop {
			let ran = self.advance(chunk);
			calls.push(ran);
			if ran == 0 {
				return calls;
			}
		}
	}
}

fn setup() -> (Engine, Module) {
	let engine = Engine::default();
	let module = Module::new(&engine, module_bytes()).unwrap();
	(engine, module)
}

/// The display of `machine` as the module's screen: row-major, one byte per pixel.
fn screen_of(machine: &Chip8) -> Vec<u8> {
	let mut out = Vec::with_capacity(DISPLAY_WIDTH * DISPLAY_HEIGHT);
	for y in 0..DISPLAY_HEIGHT {
		for x in 0..DISPLAY_WIDTH {
			out.push(u8::from(machine.pixel(x, y)));
		}
	}
	out
}

/// Every test ROM with idle, scripted and random logs, and the faulting ROMs.
fn cases(rng: &mut SplitMix64) -> Vec<Case> {
	let scroll = roms::font_scroll().rom;
	let keys = scripted_keys();
	let mut cases = vec![
		Case::new("font_scroll, no frames", &scroll, 0, vec![]),
		Case::new("font_scroll, 1 frame", &scroll, 0, vec![0]),
		Case::new("font_scroll, 2 000 idle", &scroll, 0, vec![0; 2_000]),
		Case::new("timer_counter, 2 000 idle", &roms::timer_counter(), 7, vec![0; 2_000]),
		Case::new("key_logger, scripted", &roms::key_logger(), 0, keys),
		Case::new("random_dots, seed max", &roms::random_dots(), u64::MAX, vec![0; 300]),
		Case::new("empty ROM, no frames", &[], 5, vec![]),
		Case::new("empty ROM, 3 frames", &[], 5, vec![0; 3]),
	];
	for k in 0..2 {
		let seed = rng.next_u64();
		let logger = random_inputs(rng, 1_000, 40);
		cases.push(Case::new(
			&format!("key_logger, random {k}"),
			&roms::key_logger(),
			seed,
			logger,
		));
		let moves = random_inputs(rng, 3_000, 60);
		cases.push(Case::new(&format!("mover, random {k}"), &roms::mover(), seed, moves));
		let busy = random_inputs(rng, 3_000, 1);
		cases.push(Case::new(
			&format!("stress, keys every frame {k}"),
			&roms::stress(),
			seed,
			busy,
		));
	}
	let idle = vec![0; 200];
	cases.push(Case::new("fault: stack overflow", &roms::recursion(), 0, idle.clone()));
	cases.push(Case::new("fault: unknown opcode after 5", &roms::fault_after(5), 0, idle.clone()));
	cases.push(Case::new(
		"fault: unknown opcode after 40",
		&roms::fault_after(40),
		9,
		idle.clone(),
	));
	// 00EE with an empty stack; JP 0xFFF (no whole instruction there); I = 0xFFF, then FX33.
	cases.push(Case::new("fault: stack underflow", &[0x00, 0xEE], 0, idle.clone()));
	cases.push(Case::new("fault: pc out of bounds", &[0x1F, 0xFF], 0, idle.clone()));
	let index = [0x60, 0x07, 0xAF, 0xFF, 0xF0, 0x33];
	cases.push(Case::new("fault: index out of bounds", &index, 0, idle.clone()));
	// A fault well inside a run of frames, and in a later run.
	cases.push(Case::new(
		"fault: after 40, keys changing",
		&roms::fault_after(40),
		1,
		Frames::new().idle(10).hold(1, 17).idle(3).hold(2, 100).0,
	));
	cases
}

#[test]
#[ignore = "needs programs/out/chip8-web.wasm: run scripts/build-programs.sh --test"]
fn exports_exactly_the_abi_and_imports_nothing() {
	let (_, module) = setup();
	assert_eq!(module.imports().len(), 0, "imports ({NEEDS_BUILD})");
	let exports: BTreeSet<String> = module.exports().map(|e| e.name().to_string()).collect();
	let expected: BTreeSet<String> =
		["memory", "input_ptr", "load", "advance", "status", "frames", "screen_ptr", "hash_ptr"]
			.into_iter()
			.map(String::from)
			.collect();
	assert_eq!(exports, expected);
	for export in module.exports() {
		let ty = export.ty();
		if export.name() == "memory" {
			let memory = ty.memory().expect("memory is a memory");
			assert!(!memory.is_64() && !memory.is_shared());
			eprintln!("initial memory: {} pages", memory.minimum());
			continue;
		}
		let func = ty.func().unwrap_or_else(|| panic!("{} is not a function", export.name()));
		let params: Vec<ValType> = func.params().collect();
		let results: Vec<ValType> = func.results().collect();
		let arity = match export.name() {
			"input_ptr" | "load" | "advance" => 1,
			_ => 0,
		};
		assert_eq!(params.len(), arity, "{}", export.name());
		assert!(params.iter().all(|t| matches!(t, ValType::I32)), "{}", export.name());
		assert!(
			results.len() == 1 && matches!(results[0], ValType::I32),
			"{}: {results:?}",
			export.name()
		);
	}
	eprintln!("chip8-web.wasm: {} bytes", module_bytes().len());
}

/// Replays `case` through the module, `chunk` frames per `advance`, checking the screen, hash and
/// frame count against a native machine after every call, and the end against `command::run`.
fn check_case(web: &mut Web, case: &Case, chunk: u32) {
	let name = format!("{} (advance({chunk}))", case.name);
	let input = case.input();
	assert_eq!(web.load(&input), 0, "{name}: load");
	let mut machine = Chip8::new(&case.rom, case.seed).unwrap();
	let mut fault = None;
	let total = case.inputs.len();
	let expected_status = |frames: usize, fault: Option<Fault>| match fault {
		Some(fault) => fault_code(fault),
		None if frames == total => FINISHED,
		None => RUNNING,
	};
	assert_eq!(web.status(), expected_status(0, None), "{name}: status after load");
	assert_eq!(web.frames(), 0, "{name}");
	assert_eq!(web.screen(), screen_of(&machine), "{name}: screen after load");
	let mut done = 0usize;
	loop {
		let ran = web.advance(chunk) as usize;
		// The native machine, as far as the module claims to have gone (and the fault after it).
		let want = (total - done).min(chunk as usize);
		let mut native_ran = 0;
		if fault.is_none() {
			for &keys in &case.inputs[done..done + want] {
				if let Err(f) = machine.run_frame(&Input::new(keys)) {
					fault = Some(f);
					break;
				}
				native_ran += 1;
			}
		}
		assert_eq!(ran, native_ran, "{name}: frames run by advance after {done}");
		done += ran;
		assert_eq!(web.frames() as usize, done, "{name}");
		assert_eq!(web.status(), expected_status(done, fault), "{name}: status after {done}");
		assert_eq!(web.hash(), machine.state_hash(), "{name}: state hash after {done} frames");
		assert_eq!(web.screen(), screen_of(&machine), "{name}: screen after {done} frames");
		if ran == 0 {
			break;
		}
	}
	// Finished or faulted for good.
	assert_eq!(web.advance(u32::MAX), 0, "{name}");
	match command::run(&input) {
		Ok(output) => {
			assert_eq!(fault, None, "{name}");
			assert_eq!(web.status(), FINISHED, "{name}");
			assert_eq!(&web.hash()[..], &output[..32], "{name}: the command's hash");
			assert_eq!(web.frames().to_le_bytes(), output[32..], "{name}: the command's frames");
		},
		Err(CommandError::Replay(ReplayError::Fault { frame, fault: native })) => {
			assert_eq!(fault, Some(native), "{name}");
			assert_eq!(web.status(), fault_code(native), "{name}");
			assert_eq!(web.frames(), frame, "{name}: the faulting frame is not counted");
		},
		Err(e) => panic!("{name}: command::run: {e}"),
	}
}

#[test]
#[ignore = "needs programs/out/chip8-web.wasm: run scripts/build-programs.sh --test"]
fn sessions_agree_with_the_command() {
	let (engine, module) = setup();
	let mut rng = common::rng("sessions_agree_with_the_command");
	let cases = cases(&mut rng);
	let faults = cases.iter().filter(|c| command::run(&c.input()).is_err()).count();
	assert!(faults >= 6, "{faults} faulting cases");
	// One instance for everything: loading again must start afresh.
	let mut web = Web::new(&engine, &module);
	for case in &cases {
		for chunk in [1, 7, 60, 1_000, u32::MAX] {
			check_case(&mut web, case, chunk);
		}
		// And a fresh instance, all frames at once.
		check_case(&mut Web::new(&engine, &module), case, u32::MAX);
	}
	eprintln!("{} sessions, {faults} of them faulting", cases.len());
}

#[test]
#[ignore = "needs programs/out/chip8-web.wasm: run scripts/build-programs.sh --test"]
fn load_refuses_what_the_command_refuses() {
	let (engine, module) = setup();
	let mut web = Web::new(&engine, &module);
	// Nothing loaded yet.
	assert_eq!(web.status(), NO_SESSION);
	assert_eq!((web.frames(), web.advance(10), web.hash()), (0, 0, [0; 32]));
	assert_eq!(web.screen(), vec![0; 2048]);

	let idle = input_log::encode(&[0; 200]).unwrap();
	let good = command::encode_input(3, &roms::stress(), &idle).unwrap();
	let mut bad: Vec<(String, Vec<u8>)> = Vec::new();
	for len in [0, 1, 9, 10, 11, good.len() - idle.len() - 1] {
		bad.push((format!("truncated to {len}"), good[..len].to_vec()));
	}
	for (name, tail) in [
		("log cut inside a run", vec![0x01]),
		("log cut in a count", vec![0x05, 0x00, 0x80]),
		("zero-frame run", vec![0x05, 0x00, 0x00]),
		("repeated keys", vec![0x00, 0x00, 0x01]),
		("non-minimal count", vec![0x05, 0x00, 0x81, 0x00]),
		("count over u32", vec![0x05, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x1F]),
	] {
		let mut input = good.clone();
		input.extend_from_slice(&tail);
		bad.push((name.into(), input));
	}
	let mut big = vec![0u8; 8];
	big.extend_from_slice(&3585u16.to_le_bytes());
	big.resize(10 + 3585, 0x12);
	bad.push(("ROM of 3585 bytes".into(), big.clone()));
	// The log is checked before the ROM, as command::run does.
	big.extend_from_slice(&[0x00, 0x00, 0x00]);
	bad.push(("ROM of 3585 bytes and a bad log".into(), big));
	for (name, input) in &bad {
		let error = command::run(input).expect_err(name);
		let code = load_code(error);
		// After a session was loaded and advanced, too: a failed load unloads it.
		assert_eq!(web.load(&good), 0);
		web.advance(5);
		assert_eq!(web.load(input), code, "{name}: {error}");
		assert_eq!(web.status(), code, "{name}");
		assert_eq!((web.frames(), web.advance(10), web.hash()), (0, 0, [0; 32]), "{name}");
		assert_eq!(web.screen(), vec![0; 2048], "{name}");
	}

	// The largest ROM loads.
	let mut rom = vec![0u8; 3584];
	rom[..2].copy_from_slice(&[0x12, 0x00]);
	let input = command::encode_input(0, &rom, &idle).unwrap();
	assert_eq!(web.load(&input), 0);
	web.run_out(64);
	assert_eq!(&web.hash()[..], &command::run(&input).unwrap()[..32]);

	// `load` past the reserved buffer; `input_ptr` unloads.
	assert_eq!(web.load(&good), 0);
	web.advance(3);
	let ptr = web.input_ptr.call(&mut web.store, 16).unwrap();
	assert_ne!(ptr, 0);
	assert_eq!((web.status(), web.frames()), (NO_SESSION, 0));
	assert_eq!(web.load.call(&mut web.store, 17).unwrap(), BAD_LENGTH);
	assert_eq!(web.status(), BAD_LENGTH);
	// The buffer still holds `good`'s first 16 bytes: truncated.
	assert_eq!(web.load.call(&mut web.store, 16).unwrap(), TRUNCATED);
}

#[test]
#[ignore = "needs programs/out/chip8-web.wasm: run scripts/build-programs.sh --test"]
fn loading_again_restarts_and_long_inputs_grow_memory() {
	let (engine, module) = setup();
	let mut rng = common::rng("loading_again_restarts_and_long_inputs_grow_memory");
	let mut web = Web::new(&engine, &module);
	// `load` again on the same buffer starts the session over.
	let case = Case::new("mover", &roms::mover(), 4, random_inputs(&mut rng, 500, 20));
	let input = case.input();
	let expected = command::run(&input).unwrap();
	assert_eq!(web.load(&input), 0);
	web.advance(123);
	assert_eq!(web.load.call(&mut web.store, input.len() as u32).unwrap(), 0);
	assert_eq!(web.frames(), 0);
	web.run_out(50);
	assert_eq!([&web.hash()[..], &web.frames().to_le_bytes()].concat(), expected);

	// A log far beyond the chain's 4096-byte inputs: 100 000 frames, new keys every frame
	// (about 300 KB, past the module's initial memory).
	let pages_before = web.memory.size(&web.store);
	let long = Case::new("stress, long", &roms::stress(), 8, random_inputs(&mut rng, 100_000, 1));
	let input = long.input();
	assert!(input.len() > 250_000);
	let expected = command::run(&input).unwrap();
	assert_eq!(web.load(&input), 0);
	assert!(web.memory.size(&web.store) > pages_before);
	let calls = web.run_out(10_000);
	assert_eq!(calls.len(), 11);
	assert_eq!([&web.hash()[..], &web.frames().to_le_bytes()].concat(), expected);

	// A shorter input after it reuses the buffer.
	let pages = web.memory.size(&web.store);
	let input = case.input();
	assert_eq!(web.load(&input), 0);
	web.run_out(u32::MAX);
	assert_eq!(
		[&web.hash()[..], &web.frames().to_le_bytes()].concat(),
		command::run(&input).unwrap()
	);
	assert_eq!(web.memory.size(&web.store), pages);
}
