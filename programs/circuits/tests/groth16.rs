//! Real Groth16 round trips: setup, prove, verify with the runtime's encodings, and the proofs
//! that must not verify. Slow in debug builds: run with `--release`.

mod common;

use std::{sync::OnceLock, time::Instant};

use aether_circuits::{
	program_output, prove, public_inputs, setup, verify, CircuitError, CircuitKind, Prover,
};
use aether_primitives::zk::{hash_to_scalars, u128_to_scalar, Scalar};
use ark_std::rand::Rng;
use common::{
	other_output, rng, solved_grid, sudoku_cases, sudoku_input, tictactoe_illegal, tictactoe_sample,
};
use sha2::{Digest, Sha256};

/// Each kind's keys from seed 7, made once per test binary.
fn keys(kind: CircuitKind) -> &'static (Vec<u8>, Vec<u8>) {
	static KEYS: [OnceLock<(Vec<u8>, Vec<u8>)>; CircuitKind::ALL.len()] =
		[const { OnceLock::new() }; CircuitKind::ALL.len()];
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

/// One proof of a command program, and every way it must fail to verify.
fn round_trip(kind: CircuitKind, input: &[u8], other_input: &[u8]) {
	let (pk, vk) = keys(kind);
	let public_inputs = |input: &[u8], output: &[u8]| public_inputs(kind, input, output).unwrap();

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
	let other_kind = CircuitKind::ALL
		.into_iter()
		.find(|k| *k != kind && k.public_input_count() == kind.public_input_count())
		.unwrap();
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
	assert!(verify(vk, &proof, &public_inputs(kind, &invalid, &[0]).unwrap()).unwrap());
	assert!(!verify(vk, &proof, &public_inputs(kind, &invalid, &[1]).unwrap()).unwrap());
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

fn sha256(bytes: &[u8]) -> [u8; 32] {
	Sha256::digest(bytes).into()
}

/// `public` with the halves at `at` replaced by those of `bytes`' hash.
fn with_hash(public: &[Scalar], at: usize, bytes: &[u8]) -> Vec<Scalar> {
	let mut wrong = public.to_vec();
	let [lo, hi] = hash_to_scalars(&sha256(bytes));
	wrong[at] = lo;
	wrong[at + 1] = hi;
	wrong
}

/// Proofs of tic-tac-toe moves (one that goes on, a win by seat 1, a draw): each verifies with
/// the public inputs of its move proof and with no other new hash, outcome, seat, previous hash or
/// move hash; illegal moves and malformed inputs cannot be proved.
#[test]
fn tictactoe_round_trip() {
	let mut rng = rng("tictactoe_round_trip");
	let kind = CircuitKind::TicTacToe;
	let (pk, vk) = keys(kind);
	let start = Instant::now();
	let prover = Prover::new(kind, pk).unwrap();
	eprintln!("{}: proving key decoded in {:.1}s", kind.name(), start.elapsed().as_secs_f64());
	assert_eq!(&prover.verifying_key().unwrap(), vk);

	let sample = tictactoe_sample(&mut rng, 1);
	let pick = |what: &str| sample.iter().find(|(w, _)| w.starts_with(what)).unwrap().1.clone();
	for m in [pick("game goes on"), pick("seat 1 wins"), pick("draw")] {
		let input = m.input();
		let start = Instant::now();
		let (proof, output) = prover.prove(&input).unwrap();
		eprintln!("{}: proof in {:.1}s", kind.name(), start.elapsed().as_secs_f64());
		assert_eq!(Some(output.clone()), program_output(kind, &input));
		assert_eq!(output, [&sha256(&m.new_state)[..], &[m.outcome]].concat());

		let public = public_inputs(kind, &input, &output).unwrap();
		let start = Instant::now();
		assert!(verify(vk, &proof, &public).unwrap(), "{m:?}");
		eprintln!("{}: verified in {:.3}s", kind.name(), start.elapsed().as_secs_f64());

		// Another new state: the other mark, or the mark in no cell (the previous state).
		let mut other_mark = m.new_state.clone();
		other_mark[usize::from(m.cell)] = 2 - m.seat;
		assert!(!verify(vk, &proof, &with_hash(&public, 4, &other_mark)).unwrap());
		assert!(!verify(vk, &proof, &with_hash(&public, 4, &m.state)).unwrap());
		// Another outcome, every one of them.
		for other in (0..4u8).filter(|&o| o != m.outcome) {
			let mut wrong = public.clone();
			wrong[7] = u128_to_scalar(other.into());
			assert!(!verify(vk, &proof, &wrong).unwrap(), "outcome {other} for {m:?}");
		}
		// Another seat.
		let mut wrong = public.clone();
		wrong[6] = u128_to_scalar((1 - m.seat).into());
		assert!(!verify(vk, &proof, &wrong).unwrap());
		// Another previous state, another move.
		assert!(!verify(vk, &proof, &with_hash(&public, 0, &m.new_state)).unwrap());
		assert!(!verify(vk, &proof, &with_hash(&public, 2, &[(m.cell + 1) % 9])).unwrap());
		// Swapped halves.
		let mut swapped = public.clone();
		swapped.swap(4, 5);
		assert!(!verify(vk, &proof, &swapped).unwrap());
		// Malformed: four inputs (a command program's statement) are an error.
		assert!(matches!(
			verify(vk, &proof, &public[..4]),
			Err(CircuitError::WrongInputCount { expected: 8, got: 4 })
		));
	}

	// The one-shot `prove` agrees; a command program's key takes four inputs, not eight.
	let m = pick("first move");
	let (proof, output) = prove(kind, pk, &m.input()).unwrap();
	let public = public_inputs(kind, &m.input(), &output).unwrap();
	assert!(verify(vk, &proof, &public).unwrap());
	let (_, poseidon_vk) = keys(CircuitKind::PoseidonPreimage);
	assert!(matches!(
		verify(poseidon_vk, &proof, &public),
		Err(CircuitError::WrongInputCount { expected: 4, got: 8 })
	));

	// Illegal moves have no output to prove; malformed inputs are refused.
	for case in tictactoe_illegal(&mut rng) {
		assert!(
			matches!(prover.prove(&case.input()), Err(CircuitError::NoOutput { .. })),
			"{case:?}"
		);
	}
	let mut unframed = m.input();
	unframed[1] = 8;
	assert!(matches!(prover.prove(&unframed), Err(CircuitError::InputFormat { .. })));
	assert!(matches!(prove(kind, pk, &m.input()[..14]), Err(CircuitError::InputLength { .. })));
}
