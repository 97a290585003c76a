//! The constraint systems: one per program, all with the same four public inputs
//! `[in_lo, in_hi, out_lo, out_hi]` = `hash_to_scalars(SHA-256(input)) ++
//! hash_to_scalars(SHA-256(output))`, allocated in that order.

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
	uint8::UInt8,
};
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};

use crate::{native, CircuitKind};

/// A program's circuit. With `input` and `public` it is a full assignment (for proving or a
/// satisfiability check); with neither it only shapes the constraint system (for key setup).
pub(crate) struct ProgramCircuit {
	pub kind: CircuitKind,
	/// The input bytes: exactly `kind.input_len()` of them.
	pub input: Option<Vec<u8>>,
	/// The claimed public inputs.
	pub public: Option<[Fr; 4]>,
}

impl ConstraintSynthesizer<Fr> for ProgramCircuit {
	fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
		let len = self.kind.input_len();
		if self.input.as_ref().is_some_and(|input| input.len() != len) {
			return Err(SynthesisError::Unsatisfiable);
		}
		// Public inputs first, in the order the chain passes them.
		let public = (0..4)
			.map(|i| {
				FpVar::new_input(cs.clone(), || {
					self.public.map(|p| p[i]).ok_or(SynthesisError::AssignmentMissing)
				})
			})
			.collect::<Result<Vec<_>, _>>()?;

		let values: Vec<Option<u8>> = match &self.input {
			Some(input) => input.iter().copied().map(Some).collect(),
			None => vec![None; len],
		};
		let input = UInt8::new_witness_vec(cs.clone(), &values)?;
		let output = match self.kind {
			CircuitKind::PoseidonPreimage => poseidon_output(cs, &input)?,
			CircuitKind::Sudoku => sudoku_output(&input)?,
		};
		enforce_sha256_halves(&input, &public[0], &public[1])?;
		enforce_sha256_halves(&output, &public[2], &public[3])?;
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
