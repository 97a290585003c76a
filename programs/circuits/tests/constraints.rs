//! The circuits agree with the native references: satisfied by the native output's public
//! inputs, unsatisfied by any other output's or input's. Satisfiability checks only (no proving),
//! so many inputs are cheap.

mod common;

use aether_circuits::{
	is_satisfied, native, program_output, public_inputs, CircuitError, CircuitKind,
};
use aether_primitives::zk::{hash_to_scalars, u128_to_scalar, Scalar};
use ark_std::rand::{seq::SliceRandom, Rng};
use common::{
	other_output, rng, sudoku_cases, tictactoe_illegal, tictactoe_input, tictactoe_moves,
	tictactoe_positions, tictactoe_sample, TICTACTOE_LINES,
};
use sha2::{Digest, Sha256};

#[test]
fn public_inputs_are_the_halves_of_both_hashes() {
	let mut rng = rng("public_inputs_are_the_halves_of_both_hashes");
	let input: Vec<u8> = (0..rng.gen_range(0..200)).map(|_| rng.gen()).collect();
	let output: Vec<u8> = (0..rng.gen_range(0..50)).map(|_| rng.gen()).collect();
	for kind in [CircuitKind::PoseidonPreimage, CircuitKind::Sudoku] {
		assert_eq!(public_inputs(kind, &input, &output).unwrap().len(), kind.public_input_count());
	}
	let scalars = public_inputs(CircuitKind::Sudoku, &input, &output).unwrap();
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
		let public = public_inputs(kind, input, &output).unwrap();
		assert!(is_satisfied(kind, input, &public).unwrap(), "input {n}: native output rejected");
		// A few negative checks per run; each costs a full synthesis.
		if n % 10 == 0 {
			let wrong_output = public_inputs(kind, input, &other_output(&output)).unwrap();
			assert!(!is_satisfied(kind, input, &wrong_output).unwrap(), "input {n}: other output");
			let mut other_input = *input;
			other_input[rng.gen_range(0..32)] ^= 1 << rng.gen_range(0..8);
			let wrong_input = public_inputs(kind, &other_input, &output).unwrap();
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
		let public = public_inputs(kind, &input, &[]).unwrap();
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
		let public = public_inputs(kind, &case.input, &output).unwrap();
		assert!(
			is_satisfied(kind, &case.input, &public).unwrap(),
			"{}: native output rejected",
			case.what
		);
		let flipped = public_inputs(kind, &case.input, &other_output(&output)).unwrap();
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
			is_satisfied(kind, &input, &public_inputs(kind, &input, &[0]).unwrap()),
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
	let mut public = public_inputs(kind, &input, &output).unwrap();
	assert!(matches!(
		is_satisfied(kind, &input, &public[..3]),
		Err(CircuitError::WrongInputCount { expected: 4, got: 3 })
	));
	public[2] = [0xff; 32];
	assert!(matches!(is_satisfied(kind, &input, &public), Err(CircuitError::MalformedInput(2))));
}

// ---- tictactoe ----------------------------------------------------------------------------------

/// The rules written out again from `programs/README.md`, independently of `aether-games`: the
/// new state and outcome code of a legal move, `None` for an illegal one.
fn reference_step(seat: u8, state: &[u8], mv: &[u8]) -> Option<(Vec<u8>, u8)> {
	let (9, &[cell]) = (state.len(), mv) else { return None };
	if seat > 1 || state.iter().any(|&b| b > 2) {
		return None;
	}
	let x = state.iter().filter(|&&b| b == 1).count();
	let o = state.iter().filter(|&&b| b == 2).count();
	let to_move = match x.checked_sub(o) {
		Some(0) => 0,
		Some(1) => 1,
		_ => return None,
	};
	let won = |board: &[u8], mark: u8| {
		let at = |row: usize, col: usize| board[3 * row + col] == mark;
		(0..3).any(|r| (0..3).all(|c| at(r, c)))
			|| (0..3).any(|c| (0..3).all(|r| at(r, c)))
			|| (0..3).all(|i| at(i, i))
			|| (0..3).all(|i| at(i, 2 - i))
	};
	if won(state, 1) || won(state, 2) || x + o == 9 || seat != to_move {
		return None;
	}
	let cell = usize::from(cell);
	if cell > 8 || state[cell] != 0 {
		return None;
	}
	let mut new = state.to_vec();
	new[cell] = seat + 1;
	let outcome = if won(&new, seat + 1) {
		2 + seat
	} else if x + o + 1 == 9 {
		1
	} else {
		0
	};
	Some((new, outcome))
}

/// `pallet_games::rules::move_public_inputs`, as its documentation states it.
fn move_public_inputs(
	prev_hash: &[u8; 32],
	move_hash: &[u8; 32],
	new_hash: &[u8; 32],
	seat: u8,
	outcome: u8,
) -> Vec<Scalar> {
	[
		hash_to_scalars(prev_hash),
		hash_to_scalars(move_hash),
		hash_to_scalars(new_hash),
		[u128_to_scalar(seat.into()), u128_to_scalar(outcome.into())],
	]
	.concat()
}

fn sha256(bytes: &[u8]) -> [u8; 32] {
	Sha256::digest(bytes).into()
}

/// The public inputs a mover would claim for seat `seat` taking `state` to `new_state` by
/// marking `cell`.
fn claim(state: &[u8], cell: u8, new_state: &[u8], seat: u8, outcome: u8) -> Vec<Scalar> {
	move_public_inputs(&sha256(state), &sha256(&[cell]), &sha256(new_state), seat, outcome)
}

/// Every board of 0, 1, 2 bytes (3^9 of them) × seats 0..=2 × cells 0..=9 and 255: the native
/// step agrees with the reference; the program's output is the new state's hash and the code.
#[test]
fn tictactoe_native_step_matches_the_reference_on_every_board() {
	let kind = CircuitKind::TicTacToe;
	let (mut legal, mut checked) = (0usize, 0usize);
	for n in 0..3usize.pow(9) {
		let state: Vec<u8> = (0..9).map(|i| (n / 3usize.pow(i) % 3) as u8).collect();
		for seat in 0..=2u8 {
			for cell in (0..=9u8).chain([255]) {
				let native = native::tictactoe_step(seat, &state, &[cell]).ok();
				let reference = reference_step(seat, &state, &[cell]);
				assert_eq!(native, reference, "{state:?}, seat {seat}, cell {cell}");
				let output = program_output(kind, &tictactoe_input(seat, &state, cell));
				let expected = reference.map(|(new, code)| [&sha256(&new)[..], &[code]].concat());
				assert_eq!(output, expected, "{state:?}, seat {seat}, cell {cell}");
				legal += usize::from(expected.is_some());
				checked += 1;
			}
		}
	}
	assert_eq!(checked, 19_683 * 3 * 11);
	// Exactly the legal moves from reachable positions: every board with possible counts, no line
	// and an empty cell is reachable (fill it in any order that alternates the marks).
	assert_eq!(legal, 16_167);
}

/// Reachable positions: 5,478 of them, 958 finished (no move is legal), and 255,168 possible
/// games; every legal move from them as the reference has it.
#[test]
fn tictactoe_reachable_positions_are_the_known_ones() {
	let positions = tictactoe_positions();
	assert_eq!(positions.len(), 5478);
	assert!(positions.contains(&vec![0; 9]));
	let finished = positions
		.iter()
		.filter(|s| (0..2).all(|seat| (0..9).all(|c| reference_step(seat, s, &[c]).is_none())))
		.count();
	assert_eq!(finished, 958);
	let moves = tictactoe_moves();
	assert_eq!(moves.len(), 16_167);
	for m in &moves {
		assert_eq!(
			reference_step(m.seat, &m.state, &[m.cell]),
			Some((m.new_state.clone(), m.outcome))
		);
	}
	// Games: move sequences from the empty board to a win or a draw.
	fn games(state: &[u8], seat: u8) -> u64 {
		(0..9)
			.filter_map(|c| native::tictactoe_step(seat, state, &[c]).ok())
			.map(|(next, code)| if code == 0 { games(&next, 1 - seat) } else { 1 })
			.sum()
	}
	assert_eq!(games(&[0; 9], 0), 255_168);
}

/// Inputs the rules program refuses for their shape, whatever the position: another length, a
/// state length other than 9, a move of 0 or 2 bytes.
#[test]
fn tictactoe_malformed_inputs_trap_and_cannot_be_proved() {
	let kind = CircuitKind::TicTacToe;
	let good = tictactoe_input(0, &[0; 9], 4);
	assert_eq!(good.len(), kind.input_len());
	assert_eq!(good[1..5], [9, 0, 0, 0]);
	assert!(program_output(kind, &good).is_some());
	let framed = |state: &[u8], mv: &[u8]| native::tictactoe_input(0, state, mv);
	let malformed = [
		vec![],
		vec![0],
		vec![0, 9, 0, 0],
		good[..14].to_vec(),
		[&good[..], &[0]].concat(),
		framed(&[0; 9], &[]),
		framed(&[0; 9], &[4, 0]),
		framed(&[0; 8], &[4]),
		framed(&[0; 10], &[4]),
		framed(&[0; 8], &[4, 0]),
		framed(&[0; 10], &[]),
		// A state length past the end of the input.
		[&[0u8, 0xff, 0xff, 0xff, 0xff][..], &[0; 10]].concat(),
	];
	for input in &malformed {
		assert_eq!(program_output(kind, input), None, "{input:?}");
		let public = claim(&[0; 9], 4, &[0, 0, 0, 0, 1, 0, 0, 0, 0], 0, 0);
		let result = is_satisfied(kind, input, &public);
		if input.len() == kind.input_len() {
			assert!(
				matches!(result, Err(CircuitError::InputFormat { .. })),
				"{input:?}: {result:?}"
			);
		} else {
			assert!(
				matches!(result, Err(CircuitError::InputLength { expected: 15, .. })),
				"{input:?}: {result:?}"
			);
		}
	}
	// Public inputs need a framed input and a 33-byte output.
	let output = program_output(kind, &good).unwrap();
	assert!(matches!(
		public_inputs(kind, &good[..3], &output),
		Err(CircuitError::InputFormat { .. })
	));
	for len in [0, 32, 34] {
		assert!(matches!(
			public_inputs(kind, &good, &vec![0; len]),
			Err(CircuitError::OutputLength { expected: 33, .. })
		));
	}
}

/// The public inputs of a move are exactly those of the games ledger's move proof, and the
/// session's initial hash is that of nine zero bytes.
#[test]
fn tictactoe_public_inputs_are_those_of_a_move_proof() {
	let mut rng = rng("tictactoe_public_inputs_are_those_of_a_move_proof");
	let kind = CircuitKind::TicTacToe;
	assert_eq!(kind.public_input_count(), 8);
	assert_eq!(CircuitKind::from_name("tictactoe"), Some(kind));
	let moves = tictactoe_moves();
	for m in moves.choose_multiple(&mut rng, 200) {
		let output = program_output(kind, &m.input()).unwrap();
		assert_eq!(output.len(), 33);
		assert_eq!(output[..32], sha256(&m.new_state));
		assert_eq!(output[32], m.outcome);
		let public = public_inputs(kind, &m.input(), &output).unwrap();
		assert_eq!(public, claim(&m.state, m.cell, &m.new_state, m.seat, m.outcome));
	}
	let first = tictactoe_input(0, &[0; 9], 4);
	let public = public_inputs(kind, &first, &program_output(kind, &first).unwrap()).unwrap();
	assert_eq!(public[..2], hash_to_scalars(&sha256(&[0; 9])));
	assert_eq!(public[6], [0; 32]);
}

/// Legal moves covering every outcome (a win on each line for each seat, draws, a win filling
/// the board, moves that go on): the circuit holds with the native public inputs and with no
/// other new state, outcome, seat, previous state or move.
#[test]
fn tictactoe_circuit_accepts_legal_moves_and_nothing_else() {
	let mut rng = rng("tictactoe_circuit_accepts_legal_moves_and_nothing_else");
	let kind = CircuitKind::TicTacToe;
	let sample = tictactoe_sample(&mut rng, 4);
	assert_eq!(sample.len(), 16 + 2 + 1 + 1 + 4);
	for (n, (what, m)) in sample.iter().enumerate() {
		let input = m.input();
		let output = program_output(kind, &input).unwrap();
		let public = public_inputs(kind, &input, &output).unwrap();
		assert!(is_satisfied(kind, &input, &public).unwrap(), "{what}: {m:?} refused");
		// The seat byte of the input is not part of the witness: the public seat is the seat.
		if n == 0 {
			let mut other_seat_byte = input.clone();
			other_seat_byte[0] ^= 1;
			assert!(is_satisfied(kind, &other_seat_byte, &public).unwrap(), "{what}");
		}

		// One wrong claim per move, in turn; each costs a full synthesis.
		let with_hash = |at: usize, bytes: &[u8]| {
			let mut wrong = public.clone();
			let [lo, hi] = hash_to_scalars(&sha256(bytes));
			wrong[at] = lo;
			wrong[at + 1] = hi;
			wrong
		};
		let (wrong_what, wrong) = match n % 6 {
			0 => {
				let mut other = m.new_state.clone();
				other[usize::from(m.cell)] = 2 - m.seat;
				("another new state (the other mark)", with_hash(4, &other))
			},
			1 => {
				// A mark in another empty cell too, or none at all when there is none.
				let mut other = m.new_state.clone();
				match (0..9).find(|&c| m.new_state[c] == 0) {
					Some(c) => other[c] = m.seat + 1,
					None => other[usize::from(m.cell)] = 0,
				}
				("another new state (another cell)", with_hash(4, &other))
			},
			2 => {
				let mut wrong = public.clone();
				wrong[7] = u128_to_scalar(((m.outcome + 1 + rng.gen_range(0..3)) % 4).into());
				("another outcome", wrong)
			},
			3 => {
				let mut wrong = public.clone();
				wrong[6] = u128_to_scalar((1 - m.seat).into());
				("another seat", wrong)
			},
			4 => {
				let mut other = m.state.clone();
				other[rng.gen_range(0..9)] ^= 3;
				("another previous state", with_hash(0, &other))
			},
			_ => ("another move", with_hash(2, &[(m.cell + 1) % 9])),
		};
		assert!(!is_satisfied(kind, &input, &wrong).unwrap(), "{what}: {wrong_what} accepted");
	}
}

/// Every kind of illegal move (wrong seat, taken cell, finished board, no such cell, a seat over
/// 1, bad bytes, impossible counts): the program traps, and the circuit does not hold for what the
/// move would claim unchecked.
#[test]
fn tictactoe_circuit_refuses_illegal_moves() {
	let mut rng = rng("tictactoe_circuit_refuses_illegal_moves");
	let kind = CircuitKind::TicTacToe;
	let cases = tictactoe_illegal(&mut rng);
	let kinds: std::collections::BTreeSet<&str> = cases.iter().map(|c| c.what).collect();
	assert!(kinds.len() >= 10, "{kinds:?}");
	for case in &cases {
		let input = case.input();
		assert_eq!(native::tictactoe_step(case.seat, &case.state, &[case.cell]).ok(), None);
		assert_eq!(reference_step(case.seat, &case.state, &[case.cell]), None, "{case:?}");
		assert_eq!(program_output(kind, &input), None, "{case:?}");
		let new = case.unchecked_state();
		let mark = if case.seat == 1 { 2 } else { 1 };
		let outcome = if TICTACTOE_LINES.iter().any(|l| l.iter().all(|&c| new[c] == mark)) {
			mark + 1
		} else if new.iter().all(|&c| c != 0) {
			1
		} else {
			0
		};
		let public = claim(&case.state, case.cell, &new, case.seat, outcome);
		assert!(!is_satisfied(kind, &input, &public).unwrap(), "{case:?} accepted");
		if case.what == "bad byte" {
			// What a circuit reading only the two low bits of each cell would make of it.
			let masked: Vec<u8> = new.iter().map(|&b| b & 3).collect();
			let public = claim(&case.state, case.cell, &masked, case.seat, outcome);
			assert!(!is_satisfied(kind, &input, &public).unwrap(), "{case:?} accepted (masked)");
		}
	}
}
