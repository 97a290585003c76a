//! Real Groth16 round trips: setup, prove, verify with the runtime's encodings, and the proofs
//! that must not verify. Slow in debug builds: run with `--release`.

mod common;

use std::{sync::OnceLock, time::Instant};

use aether_circuits::{
	program_output, prove, public_inputs, setup, verify, CircuitError, CircuitKind, Prover,
};
use ark_std::rand::Rng;
use common::{other_output, rng, solved_grid, sudoku_cases, sudoku_input};

/// Each kind's keys from seed 7, made once per test binary.
fn keys(kind: CircuitKind) -> &'static (Vec<u8>, Vec<u8>) {
	static KEYS: [OnceLock<(Vec<u8>, Vec<u8>)>; 2] = [OnceLock::new(), OnceLock::new()];
	let slot = CircuitKind::ALL.iter().position(|k| *k == kind).unwrap();
	KEYS[slot].get_or_init(|| {
		let start = Instant::now();
		let keys = setup(kind, 7).unwrap();
		eprintln!(
			"{}: setup {:.1}s, pk {} bytes, vk {} bytes",
			kind.name(),
			start.elapsed().as_secs_f64(),
			keys.0.len(),
			keys.1.len()
		);
		keys
	})
}

/// One proof, and every way it must fail to verify.
fn round_trip(kind: CircuitKind, input: &[u8], other_input: &[u8]) {
	let (pk, vk) = keys(kind);

	let start = Instant::now();
	assert!(matches!(Prover::new(kind, &pk[..pk.len() / 2]), Err(CircuitError::MalformedKey)));
	let prover = Prover::new(kind, pk).unwrap();
	eprintln!("{}: proving key decoded in {:.1}s", kind.name(), start.elapsed().as_secs_f64());
	assert_eq!(&prover.verifying_key().unwrap(), vk);

	let start = Instant::now();
	let (proof, output) = prover.prove(input).unwrap();
	eprintln!("{}: proof in {:.1}s", kind.name(), start.elapsed().as_secs_f64());
	assert_eq!(Some(output.clone()), program_output(kind, input));

	let start = Instant::now();
	assert!(verify(vk, &proof, &public_inputs(input, &output)).unwrap());
	eprintln!("{}: verified in {:.3}s", kind.name(), start.elapsed().as_secs_f64());

	// Not for another input, nor another output, nor swapped halves.
	let other_out = program_output(kind, other_input).unwrap();
	assert!(!verify(vk, &proof, &public_inputs(other_input, &output)).unwrap());
	assert!(!verify(vk, &proof, &public_inputs(other_input, &other_out)).unwrap());
	assert!(!verify(vk, &proof, &public_inputs(input, &other_output(&output))).unwrap());
	let mut swapped = public_inputs(input, &output);
	swapped.swap(0, 1);
	assert!(!verify(vk, &proof, &swapped).unwrap());

	// Malformed encodings are errors, not `false`.
	let public = public_inputs(input, &output);
	assert!(matches!(verify(vk, &proof, &public[..3]), Err(CircuitError::WrongInputCount { .. })));
	let mut bad = public.clone();
	bad[0] = [0xff; 32];
	assert!(matches!(verify(vk, &proof, &bad), Err(CircuitError::MalformedInput(0))));
	assert!(matches!(
		verify(vk, &proof[..proof.len() - 1], &public),
		Err(CircuitError::MalformedProof)
	));
	assert!(matches!(
		verify(vk, &[proof.clone(), vec![0]].concat(), &public),
		Err(CircuitError::MalformedProof)
	));
	assert!(matches!(verify(&vk[1..], &proof, &public), Err(CircuitError::MalformedKey)));

	// A second proof of the same statement is blinded differently and verifies too.
	let (again, _) = prover.prove(input).unwrap();
	assert_ne!(again, proof);
	assert!(verify(vk, &again, &public).unwrap());

	// The one-shot `prove` agrees with `Prover`; the second call finds the key decoded.
	for call in ["first", "second"] {
		let start = Instant::now();
		let (third, output3) = prove(kind, pk, input).unwrap();
		eprintln!("{}: {call} prove() in {:.1}s", kind.name(), start.elapsed().as_secs_f64());
		assert_eq!(output3, output);
		assert!(verify(vk, &third, &public).unwrap());
	}
	assert!(matches!(prove(kind, pk, &input[1..]), Err(CircuitError::InputLength { .. })));

	// Another circuit's key does not verify it.
	let other_kind = CircuitKind::ALL.into_iter().find(|k| *k != kind).unwrap();
	let (_, other_vk) = keys(other_kind);
	assert!(!verify(other_vk, &proof, &public).unwrap());
}

#[test]
fn poseidon_preimage_round_trip() {
	let mut rng = rng("poseidon_preimage_round_trip");
	let input: [u8; 32] = rng.gen();
	let other: [u8; 32] = rng.gen();
	round_trip(CircuitKind::PoseidonPreimage, &input, &other);
}

#[test]
fn sudoku_round_trip_valid_and_invalid() {
	let mut rng = rng("sudoku_round_trip_valid_and_invalid");
	let kind = CircuitKind::Sudoku;
	let solution = solved_grid(&mut rng);
	let puzzle = common::puzzle_for(&mut rng, &solution, 0.5);
	let valid = sudoku_input(&puzzle, &solution);
	let invalid = sudoku_cases(&mut rng).into_iter().find(|c| !c.valid).unwrap().input;
	round_trip(kind, &valid, &invalid);

	// A proof that the answer is 0 is just as good.
	let (pk, vk) = keys(kind);
	let (proof, output) = prove(kind, pk, &invalid).unwrap();
	assert_eq!(output, vec![0]);
	assert!(verify(vk, &proof, &public_inputs(&invalid, &[0])).unwrap());
	assert!(!verify(vk, &proof, &public_inputs(&invalid, &[1])).unwrap());
}

#[test]
fn setup_is_deterministic_in_the_seed() {
	let kind = CircuitKind::PoseidonPreimage;
	let (pk_a, vk_a) = setup(kind, 42).unwrap();
	let (pk_b, vk_b) = setup(kind, 42).unwrap();
	let (_, vk_c) = setup(kind, 43).unwrap();
	assert_eq!(vk_a, vk_b);
	assert!(pk_a == pk_b, "same seed, different proving keys");
	assert_ne!(vk_a, vk_c);
}
