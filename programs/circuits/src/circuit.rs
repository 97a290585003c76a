//! The constraint systems, one per [`CircuitKind`], their public inputs allocated first, in the
//! order the chain passes them:
//!
//! - the programs (`poseidon-preimage`, `sudoku`): four, `[in_lo, in_hi, out_lo, out_hi]` =
//!   `hash_to_scalars(SHA-256(input)) ++ hash_to_scalars(SHA-256(output))`;
//! - the move circuits (`tictactoe`): the eight of `pallet_games::rules::move_public_inputs`,
//!   `hash_to_scalars(prev_hash) ++ hash_to_scalars(SHA-256(move)) ++ hash_to_scalars(new_hash)
//!   ++ [seat, outcome code]`.

use ark_bn254::Fr;
use ark_crypto_primitives::{
	crh::sha256::constraints::Sha256Gadget,
	sponge::{constraints::CryptographicSpongeVar, poseidon::constraints::PoseidonSpongeVar},
};
use ark_ff::PrimeField;
use ark_r1cs_std::{
	alloc::AllocVar,
	boolean::Boolean,
	convert::{ToBitsGadget, ToBytesGadget},
	eq::EqGadget,
	fields::{fp::FpVar, FieldVar},
	select::CondSelectGadget,
	uint8::UInt8,
	GR1CSVar,
};
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};

use crate::{native, CircuitKind};

/// A circuit of `kind`. With `input` and `public` it is a full assignment (for proving or a
/// satisfiability check); with neither it only shapes the constraint system (for key setup).
pub(crate) struct ProgramCircuit {
	pub kind: CircuitKind,
	/// The input bytes: exactly `kind.input_len()` of them, checked by the caller (for
	/// `tictactoe`, a rules input with a 9-byte state).
	pub input: Option<Vec<u8>>,
	/// The claimed public inputs: `kind.public_input_count()` of them.
	pub public: Option<Vec<Fr>>,
}

impl ConstraintSynthesizer<Fr> for ProgramCircuit {
	fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
		let len = self.kind.input_len();
		let count = self.kind.public_input_count();
		if self.input.as_ref().is_some_and(|input| input.len() != len)
			|| self.public.as_ref().is_some_and(|public| public.len() != count)
		{
			return Err(SynthesisError::Unsatisfiable);
		}
		// Public inputs first, in the order the chain passes them.
		let public = (0..count)
			.map(|i| {
				FpVar::new_input(cs.clone(), || {
					self.public.as_ref().map(|p| p[i]).ok_or(SynthesisError::AssignmentMissing)
				})
			})
			.collect::<Result<Vec<_>, _>>()?;
		// The private bytes: the whole input of a program; the state and the move of a game (the
		// seat is public, the state length fixed).
		let private = match self.kind {
			CircuitKind::PoseidonPreimage | CircuitKind::Sudoku => 0..len,
			CircuitKind::TicTacToe => native::TICTACTOE_HEADER_LEN..len,
		};
		let values: Vec<Option<u8>> = match &self.input {
			Some(input) => input[private].iter().copied().map(Some).collect(),
			None => vec![None; private.len()],
		};
		let witness = UInt8::new_witness_vec(cs.clone(), &values)?;
		match self.kind {
			CircuitKind::PoseidonPreimage | CircuitKind::Sudoku => {
				let output = match self.kind {
					CircuitKind::PoseidonPreimage => poseidon_output(cs, &witness)?,
					_ => sudoku_output(&witness)?,
				};
				enforce_sha256_halves(&witness, &public[0], &public[1])?;
				enforce_sha256_halves(&output, &public[2], &public[3])?;
			},
			CircuitKind::TicTacToe => {
				let (state, mv) = witness.split_at(native::TICTACTOE_STATE_LEN);
				let (new_state, outcome) = tictactoe_move(cs, state, &mv[0], &public[6])?;
				outcome.enforce_equal(&public[7])?;
				enforce_sha256_halves(state, &public[0], &public[1])?;
				enforce_sha256_halves(mv, &public[2], &public[3])?;
				enforce_sha256_halves(&new_state, &public[4], &public[5])?;
			},
		}
		Ok(())
	}
}

/// The field element of little-endian bytes (at most 31, so it cannot wrap).
fn le_bytes_to_fp(bytes: &[UInt8<Fr>]) -> Result<FpVar<Fr>, SynthesisError> {
	debug_assert!(bytes.len() * 8 < Fr::MODULUS_BIT_SIZE as usize);
	let bits = bytes.to_bits_le()?;
	Boolean::le_bits_to_fp(&bits)
}

/// Enforces `hash_to_scalars(SHA-256(bytes)) == [lo, hi]`.
fn enforce_sha256_halves(
	bytes: &[UInt8<Fr>],
	lo: &FpVar<Fr>,
	hi: &FpVar<Fr>,
) -> Result<(), SynthesisError> {
	let digest = Sha256Gadget::digest(bytes)?.0;
	le_bytes_to_fp(&digest[..16])?.enforce_equal(lo)?;
	le_bytes_to_fp(&digest[16..])?.enforce_equal(hi)?;
	Ok(())
}

/// `poseidon-preimage` in constraints: the 32-byte canonical encoding of the squeezed element.
fn poseidon_output(
	cs: ConstraintSystemRef<Fr>,
	input: &[UInt8<Fr>],
) -> Result<Vec<UInt8<Fr>>, SynthesisError> {
	let halves = vec![le_bytes_to_fp(&input[..16])?, le_bytes_to_fp(&input[16..])?];
	let mut sponge = PoseidonSpongeVar::new(cs, native::poseidon_config());
	sponge.absorb(&halves)?;
	let out = sponge.squeeze_field_elements(1)?;
	// `to_bytes_le` enforces the canonical (below-modulus) decomposition: 32 bytes.
	out[0].to_bytes_le()
}

/// `sudoku` in constraints: one byte, 1 when the solution is valid and fits the puzzle, else 0.
fn sudoku_output(input: &[UInt8<Fr>]) -> Result<Vec<UInt8<Fr>>, SynthesisError> {
	let (puzzle, solution) = input.split_at(81);
	let as_fp = |cells: &[UInt8<Fr>]| {
		cells
			.iter()
			.map(|b| le_bytes_to_fp(core::slice::from_ref(b)))
			.collect::<Result<Vec<_>, _>>()
	};
	let puzzle = as_fp(puzzle)?;
	let solution = as_fp(solution)?;
	let one = FpVar::constant(Fr::from(1u8));

	// digit[i][d] = (solution[i] == d + 1): at most one per cell.
	let digit = solution
		.iter()
		.map(|s| {
			(1..=9u8).map(|d| s.is_eq(&FpVar::constant(Fr::from(d)))).collect::<Result<Vec<_>, _>>()
		})
		.collect::<Result<Vec<_>, _>>()?;

	let mut checks = Vec::new();
	for (i, (p, s)) in puzzle.iter().zip(&solution).enumerate() {
		// The cell holds a digit 1..=9: exactly one indicator is set.
		let set: FpVar<Fr> = digit[i].iter().map(|b| FpVar::from(b.clone())).sum();
		checks.push(set.is_eq(&one)?);
		// The puzzle's cell is empty or agrees.
		checks.push(p.is_zero()? | p.is_eq(s)?);
	}
	// Each digit exactly once per row, column and box.
	for group in native::sudoku_groups() {
		let mut counts = vec![FpVar::zero(); 9];
		for &i in &group {
			for (count, is_digit) in counts.iter_mut().zip(&digit[i]) {
				*count += FpVar::from(is_digit.clone());
			}
		}
		for count in counts {
			checks.push(count.is_eq(&one)?);
		}
	}
	let valid = Boolean::kary_and(&checks)?;
	let mut bits = vec![Boolean::FALSE; 8];
	bits[0] = valid;
	Ok(vec![UInt8::from_bits_le(&bits)])
}

/// One tic-tac-toe move in constraints: the `state` (9 bytes), the `mv` byte and the public
/// `seat`. Enforces that the move is legal (below) and returns the new state's 9 bytes and the
/// outcome code, which the caller binds to the public inputs:
///
/// - the seat is a bit (0 or 1) equal to `#X − #O`: the counts are those of alternating moves from
///   seat 0, and it is this seat's turn;
/// - every state byte is `x + 2·o` for two bits not both set (the high six bits clear): 0, 1, 2;
/// - no line of three of either mark (the game is not won; a full board is refused by the next
///   check, as it has no empty cell);
/// - the move byte equals exactly one cell index 0..=8, and that cell is empty;
/// - the new state is the state with the mover's mark (X for seat 0, O for seat 1) in that cell;
/// - the outcome is `2 + seat` when the mover holds a line of the new state (it held none
///   before), else `1` when the move took the last empty cell, else `0`.
pub(crate) fn tictactoe_move(
	cs: ConstraintSystemRef<Fr>,
	state: &[UInt8<Fr>],
	mv: &UInt8<Fr>,
	seat: &FpVar<Fr>,
) -> Result<(Vec<UInt8<Fr>>, FpVar<Fr>), SynthesisError> {
	debug_assert_eq!(state.len(), native::TICTACTOE_STATE_LEN);
	let zero = FpVar::zero();
	let fp = |b: &Boolean<Fr>| FpVar::from(b.clone());
	let count = |bits: &[Boolean<Fr>]| bits.iter().map(fp).sum::<FpVar<Fr>>();

	// The seat as a bit; equal to the public seat, which must therefore be 0 or 1.
	let seat_bit = Boolean::new_witness(cs, || Ok(seat.value()? == Fr::from(1u8)))?;
	fp(&seat_bit).enforce_equal(seat)?;

	// Each cell: bit 0 an X, bit 1 an O, not both, nothing else.
	let mut xs = Vec::with_capacity(state.len());
	let mut os = Vec::with_capacity(state.len());
	for byte in state {
		let bits = byte.to_bits_le()?;
		count(&bits[2..]).enforce_equal(&zero)?;
		fp(&bits[0]).mul_equals(&fp(&bits[1]), &zero)?;
		xs.push(bits[0].clone());
		os.push(bits[1].clone());
	}
	// Whose turn: #X − #O is the (0 or 1) seat.
	let (nx, no) = (count(&xs), count(&os));
	(&nx - &no).enforce_equal(&fp(&seat_bit))?;
	// Not won yet, by either mark.
	for line in native::TICTACTOE_LINES {
		for marks in [&xs, &os] {
			Boolean::enforce_kary_nand(&line.map(|i| marks[i].clone()))?;
		}
	}

	// The cell: a one-hot selector with exactly one bit set, so the byte is 0..=8.
	let cell = Boolean::le_bits_to_fp(&mv.to_bits_le()?)?;
	let select = (0..state.len())
		.map(|i| cell.is_eq(&FpVar::constant(Fr::from(i as u64))))
		.collect::<Result<Vec<_>, _>>()?;
	count(&select).enforce_equal(&FpVar::one())?;
	// The selected cell is empty (each product is 0 or 1, so the sum is 0 only if all are).
	let mut taken = FpVar::zero();
	for ((s, x), o) in select.iter().zip(&xs).zip(&os) {
		taken += fp(s) * (fp(x) + fp(o));
	}
	taken.enforce_equal(&zero)?;

	// The new state, and the mover's marks in it.
	let not_seat = !&seat_bit;
	let mut new_state = Vec::with_capacity(state.len());
	let mut mine = Vec::with_capacity(state.len());
	for ((s, x), o) in select.iter().zip(&xs).zip(&os) {
		let new_x = x | &(s & &not_seat);
		let new_o = o | &(s & &seat_bit);
		mine.push(Boolean::conditionally_select(&seat_bit, &new_o, &new_x)?);
		let mut bits = vec![Boolean::FALSE; 8];
		bits[0] = new_x;
		bits[1] = new_o;
		new_state.push(UInt8::from_bits_le(&bits));
	}

	// The outcome code: win · (2 + seat) + (1 − win) · full.
	let lines = native::TICTACTOE_LINES
		.iter()
		.map(|line| Boolean::kary_and(&line.map(|i| mine[i].clone())))
		.collect::<Result<Vec<_>, _>>()?;
	let win = fp(&Boolean::kary_or(&lines)?);
	let last = FpVar::constant(Fr::from(state.len() as u64 - 1));
	let full = fp(&(&nx + &no).is_eq(&last)?);
	let outcome =
		&win * (FpVar::constant(Fr::from(2u8)) + fp(&seat_bit)) + (FpVar::one() - &win) * full;
	Ok((new_state, outcome))
}

#[cfg(test)]
mod tests {
	use super::*;
	use aether_games::{Rules, TicTacToe};
	use ark_relations::gr1cs::{ConstraintSystem, SynthesisMode, R1CS_PREDICATE_LABEL};
	use std::collections::BTreeSet;

	/// A claimed move for the move gadget alone (no hashing).
	struct Claim<'a> {
		seat: u64,
		state: &'a [u8],
		cell: u8,
		new_state: &'a [u8],
		outcome: u64,
	}

	/// The move gadget with the claimed new state and outcome bound to it.
	fn synthesize(cs: ConstraintSystemRef<Fr>, claim: Option<&Claim>) {
		let byte = |v: Option<u8>| v.ok_or(SynthesisError::AssignmentMissing);
		let seat = FpVar::new_input(cs.clone(), || Ok(Fr::from(claim.unwrap().seat))).unwrap();
		let outcome =
			FpVar::new_input(cs.clone(), || Ok(Fr::from(claim.unwrap().outcome))).unwrap();
		let bytes = |new: bool| {
			(0..9)
				.map(|i| {
					let value = claim.map(|c| if new { c.new_state[i] } else { c.state[i] });
					UInt8::new_witness(cs.clone(), || byte(value))
				})
				.collect::<Result<Vec<_>, _>>()
				.unwrap()
		};
		let state = bytes(false);
		let claimed_state = bytes(true);
		let mv = UInt8::new_witness(cs.clone(), || byte(claim.map(|c| c.cell))).unwrap();
		let (new, code) = tictactoe_move(cs.clone(), &state, &mv, &seat).unwrap();
		new.enforce_equal(&claimed_state).unwrap();
		code.enforce_equal(&outcome).unwrap();
	}

	/// The gadget's R1CS matrices, built once; each check only computes an assignment.
	struct Checker {
		matrices: Vec<Vec<Vec<(Fr, usize)>>>,
	}

	impl Checker {
		fn new() -> Self {
			let cs = ConstraintSystem::<Fr>::new_ref();
			cs.set_mode(SynthesisMode::Setup);
			synthesize(cs.clone(), None);
			cs.finalize();
			let matrices = cs.to_matrices().unwrap().remove(R1CS_PREDICATE_LABEL).unwrap();
			assert_eq!(matrices.len(), 3);
			Self { matrices }
		}

		/// Whether the gadget accepts `claim`.
		fn accepts(&self, claim: Claim) -> bool {
			let cs = ConstraintSystem::<Fr>::new_ref();
			cs.set_mode(SynthesisMode::Prove {
				construct_matrices: false,
				generate_lc_assignments: false,
			});
			synthesize(cs.clone(), Some(&claim));
			let z = [cs.instance_assignment().unwrap(), cs.witness_assignment().unwrap()].concat();
			let eval = |row: &[(Fr, usize)]| row.iter().map(|(c, i)| *c * z[*i]).sum::<Fr>();
			let [a, b, c] = &self.matrices[..] else { unreachable!() };
			a.iter().zip(b).zip(c).all(|((a, b), c)| eval(a) * eval(b) == eval(c))
		}
	}

	/// The checker agrees with the full check (arkworks' own) on a legal and an illegal claim.
	#[test]
	fn checker_agrees_with_arkworks() {
		let checker = Checker::new();
		let state = [1, 2, 0, 0, 0, 0, 0, 0, 0];
		let new_state = [1, 2, 0, 0, 1, 0, 0, 0, 0];
		for (outcome, expected) in [(0, true), (1, false)] {
			let claim =
				|| Claim { seat: 0, state: &state, cell: 4, new_state: &new_state, outcome };
			let cs = ConstraintSystem::<Fr>::new_ref();
			synthesize(cs.clone(), Some(&claim()));
			assert_eq!(cs.is_satisfied().unwrap(), expected);
			assert_eq!(checker.accepts(claim()), expected);
		}
	}

	/// What a move would give if nothing were checked: the mark (`seat + 1`, or X for a seat over
	/// 1) written into the cell if there is one, and the outcome as the rules compute it then.
	fn unchecked(seat: u8, state: &[u8], cell: u8) -> (Vec<u8>, u64) {
		let mark = if seat == 1 { 2 } else { 1 };
		let mut new = state.to_vec();
		if let Some(c) = new.get_mut(usize::from(cell)) {
			*c = mark;
		}
		let code = if TicTacToe::has_line(&new, mark) {
			u64::from(mark) + 1
		} else if new.iter().all(|&c| c != 0) {
			1
		} else {
			0
		};
		(new, code)
	}

	fn reachable() -> BTreeSet<Vec<u8>> {
		let mut seen = BTreeSet::from([TicTacToe::initial()]);
		let mut frontier = vec![TicTacToe::initial()];
		while let Some(state) = frontier.pop() {
			for seat in 0..2 {
				for cell in 0..9 {
					if let Ok((next, _)) = TicTacToe::step(seat, &state, &[cell]) {
						if seen.insert(next.clone()) {
							frontier.push(next);
						}
					}
				}
			}
		}
		seen
	}

	/// Every reachable position × both seats × cells 0..=9: a legal move is accepted with its
	/// native new state and outcome, and refused with another outcome (each of the three others in
	/// turn) or another new state (the other mark, or the mark in another cell, in turn); an illegal
	/// move is refused even with what it would give unchecked.
	#[test]
	fn move_gadget_matches_the_rules_on_every_reachable_position() {
		let positions = reachable();
		assert_eq!(positions.len(), 5478);
		let checker = Checker::new();
		let accepts = |seat: u8, state: &[u8], cell, new_state: &[u8], outcome| {
			checker.accepts(Claim { seat: seat.into(), state, cell, new_state, outcome })
		};
		let (mut legal, mut illegal) = (0usize, 0usize);
		for state in &positions {
			for seat in 0..2u8 {
				for cell in 0..=9u8 {
					match TicTacToe::step(seat, state, &[cell]) {
						Ok((new, code)) => {
							legal += 1;
							let code = u64::from(code);
							let at = |s: &str| format!("{state:?}, seat {seat}, cell {cell}: {s}");
							assert!(accepts(seat, state, cell, &new, code), "{}", at("refused"));
							let other = (code + 1 + legal as u64 % 3) % 4;
							assert!(!accepts(seat, state, cell, &new, other), "{}", at("outcome"));
							let mut wrong = new.clone();
							let elsewhere = (0..9).find(|&c| state[c] == 0 && c != usize::from(cell));
							match elsewhere {
								Some(c) if legal % 2 == 0 => wrong[c] = seat + 1,
								_ => wrong[usize::from(cell)] = 2 - seat,
							}
							assert!(!accepts(seat, state, cell, &wrong, code), "{}", at("state"));
						},
						Err(_) => {
							illegal += 1;
							let (new, code) = unchecked(seat, state, cell);
							assert!(
								!accepts(seat, state, cell, &new, code),
								"{state:?}, seat {seat}, cell {cell}: illegal, accepted"
							);
						},
					}
				}
			}
		}
		assert_eq!((legal, illegal), (16_167, 93_393));
	}
}
