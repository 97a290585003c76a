//! The `chip8` command program (`programs/out/chip8.wasm`), run in the executors' sandbox
//! (aether-veil), gives exactly the native [`replay`]'s state hash and frame count, and traps
//! where the native reference fails.
//!
//! It needs the module, which `scripts/build-programs.sh` builds; a plain `cargo test` therefore
//! skips these tests (`#[ignore]`), and `scripts/build-programs.sh --test` runs them after
//! building. Run by hand (`cargo test -p aether-emulator --test wasm -- --ignored`) without the
//! module, they fail and say so.

mod common;

use std::path::PathBuf;

use aether_emulator::{command, input_log, replay, ReplayError};
use aether_primitives::commands::{validate_module, ProgramLimits};
use aether_veil::{ExitStatus, Outcome, Prepared, Sandbox, SandboxConfig};
use common::{random_inputs, roms, scripted_keys, Case, SplitMix64};

/// The runtime's `MaxFuel`: the most any command may be given.
const FUEL: u64 = 10_000_000_000;
/// The runtime's `MaxIoLen`: the largest command input the chain accepts.
const MAX_IO_LEN: usize = 4096;

fn module() -> Vec<u8> {
	let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../out/chip8.wasm");
	std::fs::read(&path).unwrap_or_else(|e| {
		panic!(
			"cannot read {}: {e}; build the programs first: scripts/build-programs.sh",
			path.display()
		)
	})
}

fn prepared() -> (Sandbox, Prepared) {
	let sandbox = Sandbox::new(SandboxConfig::default()).unwrap();
	let prepared = sandbox.prepare(&module(), &ProgramLimits::default()).unwrap();
	(sandbox, prepared)
}

/// The sessions: every test ROM, with idle, scripted and random logs, several of 10 000 frames.
fn cases(rng: &mut SplitMix64) -> Vec<Case> {
	let scroll = roms::font_scroll().rom;
	let keys = scripted_keys();
	let mut cases = vec![
		Case::new("font_scroll, no frames", &scroll, 0, vec![]),
		Case::new("font_scroll, 1 frame", &scroll, 0, vec![0]),
		Case::new("font_scroll, 10 000 idle", &scroll, 0, vec![0; 10_000]),
		Case::new("timer_counter, 10 000 idle", &roms::timer_counter(), 7, vec![0; 10_000]),
		Case::new("key_logger, scripted", &roms::key_logger(), 0, keys),
		Case::new("random_dots, seed max", &roms::random_dots(), u64::MAX, vec![0; 300]),
		Case::new("empty ROM, no frames", &[], 5, vec![]),
	];
	for k in 0..3 {
		let seed = rng.next_u64();
		let key_log = random_inputs(rng, 2_000, 40);
		cases.push(Case::new(
			&format!("key_logger, random {k}"),
			&roms::key_logger(),
			seed,
			key_log,
		));
		cases.push(Case::new(
			&format!("random_dots, random {k}"),
			&roms::random_dots(),
			seed,
			vec![0; 300],
		));
		let moves = random_inputs(rng, 10_000, 60);
		cases.push(Case::new(&format!("mover, 10 000 random {k}"), &roms::mover(), seed, moves));
		let busy = random_inputs(rng, 10_000, 30);
		cases.push(Case::new(&format!("stress, 10 000 random {k}"), &roms::stress(), seed, busy));
	}
	// A new keypad every frame: the longest log per frame (3 bytes).
	let every = random_inputs(rng, 10_000, 1);
	cases.push(Case::new("stress, 10 000 frames, keys every frame", &roms::stress(), 1, every));
	cases
}

fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
#[ignore = "needs programs/out/chip8.wasm: run scripts/build-programs.sh --test"]
fn module_passes_the_registration_check() {
	let wasm = module();
	assert_eq!(validate_module(&wasm, &ProgramLimits::default()), Ok(()));
	eprintln!("chip8.wasm: {} bytes", wasm.len());
}

#[test]
#[ignore = "needs programs/out/chip8.wasm: run scripts/build-programs.sh --test"]
fn wasm_replays_agree_with_native() {
	let (sandbox, prepared) = prepared();
	let mut rng = common::rng("wasm_replays_agree_with_native");
	// The fixed cost: the machine, the ROM's hash and the final state hash.
	let empty = command::encode_input(0, &[], &[]).unwrap();
	let fixed = sandbox.execute(&prepared, &empty, FUEL).fuel_used;
	let mut most_fuel_per_frame = 0u64;
	for case in cases(&mut rng) {
		let input = case.input();
		let (hash, frames) = replay(&case.rom, case.seed, &case.inputs).unwrap();
		assert_eq!(frames as usize, case.inputs.len());
		let outcome = sandbox.execute(&prepared, &input, FUEL);
		assert_eq!(outcome.status, ExitStatus::Ok, "{}", case.name);
		assert_eq!(outcome.output.len(), command::OUTPUT_LEN);
		assert_eq!(hex(&outcome.output[..32]), hex(&hash), "{}: state hash", case.name);
		assert_eq!(&outcome.output[32..], &frames.to_le_bytes(), "{}: frames", case.name);
		assert_eq!(outcome.output, command::run(&input).unwrap(), "{}", case.name);
		// Deterministic: the same fuel and output on a second run.
		assert_eq!(sandbox.execute(&prepared, &input, FUEL), outcome, "{}", case.name);
		let per_frame = outcome.fuel_used.saturating_sub(fixed) / u64::from(frames.max(1));
		if frames >= 1000 {
			most_fuel_per_frame = most_fuel_per_frame.max(per_frame);
		}
		eprintln!(
			"{}: {} frames, input {} bytes{}, fuel {} ({per_frame} a frame beyond the fixed cost)",
			case.name,
			frames,
			input.len(),
			if input.len() > MAX_IO_LEN { " (over the chain's MaxIoLen)" } else { "" },
			outcome.fuel_used,
		);
	}
	eprintln!(
		"fixed cost {fixed} fuel; at most {most_fuel_per_frame} fuel a frame (runs of 1000+ frames)"
	);
}

/// Runs `input` in the sandbox and natively: both must fail, the module with a trap.
fn assert_traps(sandbox: &Sandbox, prepared: &Prepared, name: &str, input: &[u8]) {
	let native = command::run(input);
	assert!(native.is_err(), "{name}: native {native:?}");
	let outcome: Outcome = sandbox.execute(prepared, input, FUEL);
	assert!(
		matches!(outcome.status, ExitStatus::Trap(_)),
		"{name}: expected a trap ({native:?}), got {:?}",
		outcome.status
	);
	assert!(outcome.output.is_empty());
}

#[test]
#[ignore = "needs programs/out/chip8.wasm: run scripts/build-programs.sh --test"]
fn wasm_traps_where_native_fails() {
	let (sandbox, prepared) = prepared();
	let idle = input_log::encode(&[0; 200]).unwrap();
	for (name, rom) in [
		("stack overflow", roms::recursion()),
		("unknown opcode after 5 frames", roms::fault_after(5)),
		("unknown opcode after 40 frames", roms::fault_after(40)),
	] {
		let input = command::encode_input(0, &rom, &idle).unwrap();
		assert!(matches!(
			command::run(&input),
			Err(command::CommandError::Replay(ReplayError::Fault { .. }))
		));
		assert_traps(&sandbox, &prepared, name, &input);
		// Fewer frames than the fault needs: both finish and agree.
		let short = command::encode_input(0, &rom, &input_log::encode(&[0; 1]).unwrap()).unwrap();
		let outcome = sandbox.execute(&prepared, &short, FUEL);
		assert_eq!(outcome.output, command::run(&short).unwrap(), "{name}, 1 frame");
	}
	let good = command::encode_input(3, &roms::stress(), &idle).unwrap();
	for len in [0, 1, 9, 10, 11, good.len() - idle.len() - 1] {
		assert_traps(&sandbox, &prepared, &format!("truncated to {len}"), &good[..len]);
	}
	// Non-canonical logs.
	for (name, tail) in [
		("log cut inside a run", vec![0x01]),
		("zero-frame run", vec![0x05, 0x00, 0x00]),
		("repeated keys", vec![0x00, 0x00, 0x01]),
		("non-minimal count", vec![0x05, 0x00, 0x81, 0x00]),
	] {
		let mut input = good.clone();
		input.extend_from_slice(&tail);
		assert_traps(&sandbox, &prepared, name, &input);
	}
	// A ROM too large for memory.
	let mut big = vec![0u8; 8];
	big.extend_from_slice(&3585u16.to_le_bytes());
	big.resize(10 + 3585, 0x12);
	assert_traps(&sandbox, &prepared, "ROM of 3585 bytes", &big);
	// A ROM of the largest size works.
	let mut rom = vec![0u8; 3584];
	rom[..2].copy_from_slice(&[0x12, 0x00]);
	let input = command::encode_input(0, &rom, &idle).unwrap();
	let outcome = sandbox.execute(&prepared, &input, FUEL);
	assert_eq!(outcome.output, command::run(&input).unwrap());
	// Out of fuel: no output.
	let input =
		command::encode_input(0, &roms::stress(), &input_log::encode(&[0; 10_000]).unwrap())
			.unwrap();
	let outcome = sandbox.execute(&prepared, &input, 100_000);
	assert_eq!((outcome.status, outcome.output.len()), (ExitStatus::OutOfFuel, 0));
}
