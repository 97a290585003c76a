//! The circuits agree with the native references: satisfied by the native output's public
//! inputs, unsatisfied by any other output's or input's. Satisfiability checks only (no proving),
//! so many inputs are cheap.

mod common;

use aether_circuits::{
	is_satisfied, native, program_output, public_inputs, CircuitError, CircuitKind,
};
use ark_std::rand::Rng;
use common::{other_output, rng, sudoku_cases};
use sha2::{Digest, Sha256};

#[test]
fn public_inputs_are_the_halves_of_both_hashes() {
	let mut rng = rng("public_inputs_are_the_halves_of_both_hashes");
	let input: Vec<u8> = (0..rng.gen_range(0..200)).map(|_| rng.gen()).collect();
	let output: Vec<u8> = (0..rng.gen_range(0..50)).map(|_| rng.gen()).collect();
	let scalars = public_inputs(&input, &output);
	assert_eq!(scalars.len(), 4);
	for (pair, bytes) in scalars.chunks(2).zip([&input, &output]) {
		let hash = Sha256::digest(bytes);
		assert_eq!(hash[..], aether_primitives::commands::sha256(bytes)[..]);
		for (scalar, half) in pair.iter().zip(hash.chunks(16)) {
			assert_eq!(&scalar[..16], half);
			assert_eq!(&scalar[16..], &[0u8; 16]);
		}
	}
}

#[test]
fn poseidon_circuit_matches_native_on_random_preimages() {
	let mut rng = rng("poseidon_circuit_matches_native_on_random_preimages");
	let kind = CircuitKind::PoseidonPreimage;
	let mut inputs: Vec<[u8; 32]> = (0..48).map(|_| rng.gen()).collect();
	// The extremes of each half.
	inputs.push([0; 32]);
	inputs.push([0xff; 32]);
	for (n, input) in inputs.iter().enumerate() {
		let output = program_output(kind, input).expect("32-byte inputs have an output");
		assert_eq!(output.len(), 32);
		let public = public_inputs(input, &output);
		assert!(is_satisfied(kind, input, &public).unwrap(), "input {n}: native output rejected");
		// A few negative checks per run; each costs a full synthesis.
		if n % 10 == 0 {
			let wrong_output = public_inputs(input, &other_output(&output));
			assert!(!is_satisfied(kind, input, &wrong_output).unwrap(), "input {n}: other output");
			let mut other_input = *input;
			other_input[rng.gen_range(0..32)] ^= 1 << rng.gen_range(0..8);
			let wrong_input = public_inputs(&other_input, &output);
			assert!(!is_satisfied(kind, input, &wrong_input).unwrap(), "input {n}: other input");
		}
	}
}

#[test]
fn poseidon_output_is_a_canonical_scalar_and_input_sensitive() {
	let mut rng = rng("poseidon_output_is_a_canonical_scalar_and_input_sensitive");
	let kind = CircuitKind::PoseidonPreimage;
	let input: [u8; 32] = rng.gen();
	let output = program_output(kind, &input).unwrap();
	let as_fr = <ark_bn254::Fr as ark_ff::PrimeField>::from_le_bytes_mod_order(&output);
	assert_eq!(output, ark_ff::BigInteger::to_bytes_le(&ark_ff::PrimeField::into_bigint(as_fr)));
	for byte in 0..32 {
		let mut other = input;
		other[byte] ^= 0x80;
		assert_ne!(program_output(kind, &other).unwrap(), output, "byte {byte} ignored");
	}
}

#[test]
fn poseidon_program_traps_on_other_lengths_and_the_circuit_refuses_them() {
	let kind = CircuitKind::PoseidonPreimage;
	for len in [0usize, 1, 31, 33, 64] {
		let input = vec![7u8; len];
		assert_eq!(program_output(kind, &input), None, "length {len}");
		let public = public_inputs(&input, &[]);
		assert!(matches!(
			is_satisfied(kind, &input, &public),
			Err(CircuitError::InputLength { expected: 32, .. })
		));
	}
}

#[test]
fn sudoku_circuit_matches_native_on_valid_and_invalid_grids() {
	let mut rng = rng("sudoku_circuit_matches_native_on_valid_and_invalid_grids");
	let kind = CircuitKind::Sudoku;
	let cases = sudoku_cases(&mut rng);
	assert!(cases.len() >= 20);
	for case in &cases {
		let output = program_output(kind, &case.input).unwrap();
		assert_eq!(output, vec![u8::from(case.valid)], "native verdict on {}", case.what);
		let public = public_inputs(&case.input, &output);
		assert!(
			is_satisfied(kind, &case.input, &public).unwrap(),
			"{}: native output rejected",
			case.what
		);
		let flipped = public_inputs(&case.input, &other_output(&output));
		assert!(
			!is_satisfied(kind, &case.input, &flipped).unwrap(),
			"{}: flipped verdict",
			case.what
		);
	}
}

#[test]
fn sudoku_bad_lengths_trap_and_cannot_be_proved() {
	let mut rng = rng("sudoku_bad_lengths_answer_zero_and_cannot_be_proved");
	let kind = CircuitKind::Sudoku;
	let solution = common::solved_grid(&mut rng);
	let good = common::sudoku_input(&[0; 81], &solution);
	assert_eq!(program_output(kind, &good), Some(vec![1]));
	for input in [vec![], good[..161].to_vec(), [&good[..], &[0]].concat(), solution.to_vec()] {
		assert_eq!(program_output(kind, &input), None, "length {}", input.len());
		assert!(matches!(
			is_satisfied(kind, &input, &public_inputs(&input, &[0])),
			Err(CircuitError::InputLength { expected: 162, .. })
		));
	}
}

#[test]
fn sudoku_groups_cover_every_cell_once_per_kind() {
	let groups: Vec<[usize; 9]> = native::sudoku_groups().collect();
	assert_eq!(groups.len(), 27);
	for kind in groups.chunks(9) {
		let mut seen = [0u8; 81];
		for group in kind {
			for &cell in group {
				seen[cell] += 1;
			}
		}
		assert!(seen.iter().all(|&n| n == 1));
	}
}

#[test]
fn malformed_public_inputs_are_refused() {
	let kind = CircuitKind::PoseidonPreimage;
	let input = [3u8; 32];
	let output = program_output(kind, &input).unwrap();
	let mut public = public_inputs(&input, &output);
	assert!(matches!(
		is_satisfied(kind, &input, &public[..3]),
		Err(CircuitError::WrongInputCount { expected: 4, got: 3 })
	));
	public[2] = [0xff; 32];
	assert!(matches!(is_satisfied(kind, &input, &public), Err(CircuitError::MalformedInput(2))));
}
