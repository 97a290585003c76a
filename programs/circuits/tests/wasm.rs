//! The WebAssembly programs agree with the native references the circuits prove, run in the
//! executors' sandbox (aether-veil), and pass the chain's registration check.
//!
//! They need `programs/out/<name>.wasm`, which `scripts/build-programs.sh` builds; a plain
//! `cargo test` therefore skips them (`#[ignore]`), and `scripts/build-programs.sh --test` runs
//! them after building. Run by hand (`cargo test -p aether-circuits --test wasm -- --ignored`)
//! without the modules, they fail and say so.

mod common;

use std::path::PathBuf;

use aether_circuits::{program_output, CircuitKind};
use aether_primitives::commands::{validate_module, ProgramLimits};
use aether_veil::{ExitStatus, Outcome, Sandbox, SandboxConfig};
use ark_std::rand::Rng;
use common::{rng, sudoku_cases, tictactoe_illegal, tictactoe_input, tictactoe_positions};
use sha2::{Digest, Sha256};

const NEEDS_BUILD: &str = "needs programs/out/*.wasm: run scripts/build-programs.sh --test";
const FUEL: u64 = 1_000_000_000;

fn module(name: &str) -> Vec<u8> {
	let path =
		PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../out").join(format!("{name}.wasm"));
	std::fs::read(&path).unwrap_or_else(|e| {
		panic!(
			"cannot read {}: {e}; build the programs first: scripts/build-programs.sh",
			path.display()
		)
	})
}

/// Runs `name` on every input; returns the outcomes, with the most fuel a run used.
fn run_all(name: &str, inputs: &[Vec<u8>]) -> Vec<Outcome> {
	let wasm = module(name);
	let sandbox = Sandbox::new(SandboxConfig::default()).unwrap();
	let limits = ProgramLimits::default();
	let outcomes: Vec<Outcome> =
		inputs.iter().map(|input| sandbox.run(&wasm, &limits, input, FUEL).unwrap()).collect();
	let max_fuel = outcomes.iter().map(|o| o.fuel_used).max().unwrap_or(0);
	eprintln!("{name}: {} bytes, {} runs, at most {max_fuel} fuel", wasm.len(), inputs.len());
	outcomes
}

/// What the program must have done according to the native reference.
fn assert_agrees(kind: CircuitKind, input: &[u8], outcome: &Outcome) {
	// Short inputs are shown whole (a tic-tac-toe move), longer ones by their length.
	let what = if input.len() <= 32 {
		format!("{}: input {input:?}", kind.name())
	} else {
		format!("{}: {} input bytes", kind.name(), input.len())
	};
	match program_output(kind, input) {
		Some(output) => {
			assert_eq!(outcome.status, ExitStatus::Ok, "{what}");
			assert_eq!(outcome.output, output, "{what}");
		},
		None => {
			assert!(
				matches!(outcome.status, ExitStatus::Trap(_)),
				"{what}: expected a trap, got {:?}",
				outcome.status
			);
			assert!(outcome.output.is_empty());
		},
	}
}

#[test]
#[ignore = "needs programs/out/*.wasm: run scripts/build-programs.sh --test"]
fn modules_pass_the_registration_check() {
	for name in ["sha256", "poseidon-preimage", "sudoku", "tictactoe"] {
		let wasm = module(name);
		assert_eq!(
			validate_module(&wasm, &ProgramLimits::default()),
			Ok(()),
			"{name} ({NEEDS_BUILD})"
		);
	}
}

#[test]
#[ignore = "needs programs/out/*.wasm: run scripts/build-programs.sh --test"]
fn sha256_module_is_sha256() {
	let mut rng = rng("sha256_module_is_sha256");
	let mut lengths = vec![0usize, 1, 55, 56, 63, 64, 65, 4095, 4096, 4097, 20_000];
	lengths.extend((0..40).map(|_| rng.gen_range(0..3000)));
	let inputs: Vec<Vec<u8>> =
		lengths.iter().map(|&len| (0..len).map(|_| rng.gen()).collect()).collect();
	for (input, outcome) in inputs.iter().zip(run_all("sha256", &inputs)) {
		assert_eq!(outcome.status, ExitStatus::Ok, "{} bytes", input.len());
		assert_eq!(outcome.output, Sha256::digest(input).to_vec(), "{} bytes", input.len());
	}
}

#[test]
#[ignore = "needs programs/out/*.wasm: run scripts/build-programs.sh --test"]
fn poseidon_preimage_module_matches_native() {
	let mut rng = rng("poseidon_preimage_module_matches_native");
	let kind = CircuitKind::PoseidonPreimage;
	let mut inputs: Vec<Vec<u8>> = (0..50).map(|_| rng.gen::<[u8; 32]>().to_vec()).collect();
	inputs.push(vec![0; 32]);
	inputs.push(vec![0xff; 32]);
	// Other lengths trap.
	for len in [0, 1, 16, 31, 33, 64] {
		inputs.push((0..len).map(|_| rng.gen()).collect());
	}
	for (input, outcome) in inputs.iter().zip(run_all(kind.name(), &inputs)) {
		assert_agrees(kind, input, &outcome);
	}
}

#[test]
#[ignore = "needs programs/out/*.wasm: run scripts/build-programs.sh --test"]
fn sudoku_module_matches_native() {
	let mut rng = rng("sudoku_module_matches_native");
	let kind = CircuitKind::Sudoku;
	let mut inputs: Vec<Vec<u8>> = Vec::new();
	for _ in 0..3 {
		inputs.extend(sudoku_cases(&mut rng).into_iter().map(|c| c.input));
	}
	// Other lengths trap.
	for len in [0, 1, 81, 161, 163, 324] {
		inputs.push((0..len).map(|_| rng.gen_range(0..10)).collect());
	}
	let outcomes = run_all(kind.name(), &inputs);
	let accepted = outcomes.iter().filter(|o| o.output == [1]).count();
	assert!(accepted > 0 && accepted < inputs.len(), "both verdicts exercised");
	for (input, outcome) in inputs.iter().zip(outcomes) {
		assert_agrees(kind, input, &outcome);
	}
}

#[test]
#[ignore = "needs programs/out/*.wasm: run scripts/build-programs.sh --test"]
fn tictactoe_module_matches_native_on_every_reachable_position() {
	let mut rng = rng("tictactoe_module_matches_native_on_every_reachable_position");
	let kind = CircuitKind::TicTacToe;
	// Every reachable position × both seats × every cell: 5,478 × 2 × 9 runs.
	let mut inputs = Vec::new();
	for state in tictactoe_positions() {
		for seat in 0..2 {
			for cell in 0..9 {
				inputs.push(tictactoe_input(seat, &state, cell));
			}
		}
	}
	assert_eq!(inputs.len(), 5478 * 18);
	// Every kind of illegal move, and malformed inputs.
	inputs.extend(tictactoe_illegal(&mut rng).iter().map(|case| case.input()));
	let framed = |state: &[u8], mv: &[u8]| aether_circuits::native::tictactoe_input(0, state, mv);
	let good = tictactoe_input(0, &[0; 9], 4);
	inputs.extend([
		vec![],
		vec![0],
		good[..14].to_vec(),
		[&good[..], &[0]].concat(),
		framed(&[0; 9], &[]),
		framed(&[0; 9], &[4, 0]),
		framed(&[0; 8], &[4]),
		framed(&[0; 10], &[4]),
		framed(&[0; 10], &[]),
		[&[0u8, 0xff, 0xff, 0xff, 0xff][..], &[0; 10]].concat(),
		vec![0; 4096],
	]);
	for _ in 0..200 {
		let mut input = good.clone();
		let at = rng.gen_range(0..input.len());
		input[at] = rng.gen();
		inputs.push(input);
	}

	let wasm = module(kind.name());
	let sandbox = Sandbox::new(SandboxConfig::default()).unwrap();
	let prepared = sandbox.prepare(&wasm, &ProgramLimits::default()).unwrap();
	let (mut ok, mut max_fuel) = (0usize, 0u64);
	for input in &inputs {
		let outcome = sandbox.execute(&prepared, input, FUEL);
		assert_agrees(kind, input, &outcome);
		ok += usize::from(outcome.status == ExitStatus::Ok);
		max_fuel = max_fuel.max(outcome.fuel_used);
	}
	eprintln!(
		"{}: {} bytes, {} runs, {ok} legal, at most {max_fuel} fuel",
		kind.name(),
		wasm.len(),
		inputs.len()
	);
	// Every legal move from a reachable position, and whatever the random changes left legal.
	assert!(ok >= 16_167, "{ok}");
}
