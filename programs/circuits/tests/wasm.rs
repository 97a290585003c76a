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
use common::{rng, sudoku_cases};
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
	match program_output(kind, input) {
		Some(output) => {
			assert_eq!(
				outcome.status,
				ExitStatus::Ok,
				"{}: {} input bytes",
				kind.name(),
				input.len()
			);
			assert_eq!(outcome.output, output, "{}: {} input bytes", kind.name(), input.len());
		},
		None => {
			assert!(
				matches!(outcome.status, ExitStatus::Trap(_)),
				"{}: {} input bytes: expected a trap, got {:?}",
				kind.name(),
				input.len(),
				outcome.status
			);
			assert!(outcome.output.is_empty());
		},
	}
}

#[test]
#[ignore = "needs programs/out/*.wasm: run scripts/build-programs.sh --test"]
fn modules_pass_the_registration_check() {
	for name in ["sha256", "poseidon-preimage", "sudoku"] {
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
