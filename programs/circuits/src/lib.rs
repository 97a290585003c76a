//! # Aether circuits
//!
//! Groth16 circuits over BN254 for the programs whose results settle on one proof
//! (`programs/guests/*`, see `programs/README.md`). There are two sorts, by the statement the
//! chain checks ([`CircuitKind::public_input_count`], [`public_inputs`]):
//!
//! - **Command programs** (`poseidon-preimage`, `sudoku`): four public inputs, in this order,
//!
//!   ```text
//!   hash_to_scalars(SHA-256(input)) ++ hash_to_scalars(SHA-256(output)) = [in_lo, in_hi, out_lo, out_hi]
//!   ```
//!
//!   proving "I know input bytes `x` with `SHA-256(x) = commitment`, and `y = f(x)` has
//!   `SHA-256(y) = output_hash`", where `f` is the program's function, computed in constraints.
//! - **Game moves** (`tictactoe`): the eight public inputs of a move proof of the games ledger
//!   (`pallet_games::rules::move_public_inputs`), in this order,
//!
//!   ```text
//!   hash_to_scalars(prev_hash) ++ hash_to_scalars(SHA-256(move)) ++ hash_to_scalars(new_hash) ++ [seat, outcome code]
//!   ```
//!
//!   proving "I know a state with SHA-256 `prev_hash` in which seat `seat` may play a move with
//!   SHA-256 `move_hash`, and the rules take it to a state with SHA-256 `new_hash` with this
//!   outcome". The circuit's input is the move's rules input, `seat ‖ 9u32 LE ‖ state ‖ move`
//!   (what the rules program `tictactoe` takes, [`native::tictactoe_input`]), and its output the
//!   program's, `new_hash ‖ outcome code`, so [`program_output`], [`prove`] and [`is_satisfied`]
//!   work alike for both sorts.
//!
//! Encodings are those of [`aether_primitives::zk`]: keys and proofs are arkworks 0.6 compressed
//! `CanonicalSerialize` encodings, public inputs 32-byte little-endian canonical scalars.
//!
//! **Key setup here is a development setup**: [`setup`] derives all of Groth16's secret values
//! ("toxic waste") from a `u64` seed, so anyone who knows the seed can forge proofs. It exists for
//! tests and devnets; production keys need a multi-party ceremony.

#![warn(missing_docs)]

mod circuit;
pub mod native;

use aether_primitives::zk::{hash_to_scalars, u128_to_scalar, Scalar};
use ark_bn254::{Bn254, Fr};
use ark_ff::{BigInteger, PrimeField};
use ark_groth16::{Groth16, Proof, ProvingKey, VerifyingKey};
use ark_relations::gr1cs::{
	ConstraintSynthesizer, ConstraintSystem, ConstraintSystemRef, SynthesisError,
	R1CS_PREDICATE_LABEL,
};
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize, Compress, Validate};
use ark_snark::SNARK;
use ark_std::rand::{rngs::StdRng, SeedableRng};
use sha2::{Digest, Sha256};
use std::sync::{Arc, Mutex};

use circuit::ProgramCircuit;

/// A program that can be proved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CircuitKind {
	/// `poseidon-preimage`: 32 input bytes to their Poseidon hash over BN254's scalar field.
	PoseidonPreimage,
	/// `sudoku`: a puzzle and a solution (81 bytes each) to one byte, 1 if the solution is valid.
	Sudoku,
	/// `tictactoe`: a move of the games ledger's proved example game. Input: the rules input
	/// `seat ‖ 9u32 LE ‖ state (9 bytes) ‖ move (1 byte)`; output: `SHA-256(new state) ‖ outcome
	/// code` (33 bytes); public inputs: those of a move proof (eight).
	TicTacToe,
}

/// Public inputs of a command program's proof: the halves of the input's and the output's hashes.
pub const PROGRAM_PUBLIC_INPUTS: usize = 4;
/// Public inputs of a move proof (`pallet_games::rules::MOVE_PROOF_INPUTS`): the halves of the
/// previous state's, the move's and the new state's hashes, the seat, the outcome code.
pub const MOVE_PUBLIC_INPUTS: usize = 8;

impl CircuitKind {
	/// Every kind, in a fixed order.
	pub const ALL: [CircuitKind; 3] =
		[CircuitKind::PoseidonPreimage, CircuitKind::Sudoku, CircuitKind::TicTacToe];

	/// The program's name: that of its guest crate, its `.wasm` and its key files.
	pub fn name(self) -> &'static str {
		match self {
			CircuitKind::PoseidonPreimage => "poseidon-preimage",
			CircuitKind::Sudoku => "sudoku",
			CircuitKind::TicTacToe => "tictactoe",
		}
	}

	/// The kind named `name` (as [`CircuitKind::name`] spells it).
	pub fn from_name(name: &str) -> Option<Self> {
		Self::ALL.into_iter().find(|kind| kind.name() == name)
	}

	/// The only input length the circuit takes. The programs accept other lengths (see
	/// [`program_output`]), but those runs cannot be proved.
	pub fn input_len(self) -> usize {
		match self {
			CircuitKind::PoseidonPreimage => native::POSEIDON_INPUT_LEN,
			CircuitKind::Sudoku => native::SUDOKU_INPUT_LEN,
			CircuitKind::TicTacToe => native::TICTACTOE_INPUT_LEN,
		}
	}

	/// How many public inputs a proof of this circuit has: [`PROGRAM_PUBLIC_INPUTS`] for a command
	/// program, [`MOVE_PUBLIC_INPUTS`] for a game's moves.
	pub fn public_input_count(self) -> usize {
		match self {
			CircuitKind::PoseidonPreimage | CircuitKind::Sudoku => PROGRAM_PUBLIC_INPUTS,
			CircuitKind::TicTacToe => MOVE_PUBLIC_INPUTS,
		}
	}
}

/// Why a circuit operation failed.
#[derive(Debug, thiserror::Error)]
pub enum CircuitError {
	/// The input does not have the length the circuit is built for.
	#[error("{kind:?} takes a {expected}-byte input, got {got}")]
	InputLength {
		/// The circuit.
		kind: CircuitKind,
		/// The length it takes.
		expected: usize,
		/// The length given.
		got: usize,
	},
	/// The input has the right length but not the layout the circuit takes (for `tictactoe`: a
	/// state length other than 9 in the rules input's header).
	#[error("{kind:?}: malformed input: {reason}")]
	InputFormat {
		/// The circuit.
		kind: CircuitKind,
		/// What is wrong.
		reason: &'static str,
	},
	/// The program traps on this input (for `tictactoe`: the move is illegal), so there is no
	/// result to prove.
	#[error("{kind:?}: the program traps on this input, there is nothing to prove")]
	NoOutput {
		/// The circuit.
		kind: CircuitKind,
	},
	/// An output that the circuit's program cannot produce (for `tictactoe`: not 33 bytes).
	#[error("{kind:?}: an output of {got} bytes, the program writes {expected}")]
	OutputLength {
		/// The circuit.
		kind: CircuitKind,
		/// The length its program writes.
		expected: usize,
		/// The length given.
		got: usize,
	},
	/// A proving or verifying key did not decode (compressed, validated, nothing trailing).
	#[error("malformed key")]
	MalformedKey,
	/// A proof did not decode (three compressed points in their subgroups, nothing trailing).
	#[error("malformed proof")]
	MalformedProof,
	/// A public input is not a canonical scalar.
	#[error("public input {0} is not a canonical scalar")]
	MalformedInput(usize),
	/// The key takes a different number of public inputs.
	#[error("the key takes {expected} public inputs, got {got}")]
	WrongInputCount {
		/// Inputs the key takes.
		expected: usize,
		/// Inputs given.
		got: usize,
	},
	/// The constraint system could not be built or proved.
	#[error("synthesis: {0}")]
	Synthesis(#[from] SynthesisError),
	/// Key or proof serialisation failed.
	#[error("serialisation: {0}")]
	Serialization(#[from] ark_serialize::SerializationError),
}

/// The output the program of `kind` produces for `input`, or `None` when it traps (writes no
/// output). The proved programs trap on every input their circuit cannot prove (another length
/// than 32 bytes for `poseidon-preimage` or 162 for `sudoku`; for `tictactoe` any illegal move or
/// malformed rules input), so a successful run can always be proved.
pub fn program_output(kind: CircuitKind, input: &[u8]) -> Option<Vec<u8>> {
	match kind {
		CircuitKind::PoseidonPreimage => {
			Some(native::poseidon_hash(input.try_into().ok()?).to_vec())
		},
		// Like the Poseidon program, the module traps on an input its circuit cannot prove, so a
		// proved program never owes a proof it cannot make.
		CircuitKind::Sudoku if input.len() != native::SUDOKU_INPUT_LEN => None,
		CircuitKind::Sudoku => Some(vec![u8::from(native::sudoku_valid(input))]),
		CircuitKind::TicTacToe => native::tictactoe_output(input).ok().map(|out| out.to_vec()),
	}
}

/// The public inputs of a proof that the program of `kind` maps `input` to `output`, in the order
/// the chain passes them:
///
/// - a command program: `hash_to_scalars(SHA-256(input)) ++ hash_to_scalars(SHA-256(output))`
///   (never an error);
/// - `tictactoe`, `input` a rules input `seat ‖ n (u32 LE) ‖ state ‖ move` and `output` the
///   program's `new_hash ‖ outcome code`: `pallet_games::rules::move_public_inputs(SHA-256(state),
///   SHA-256(move), new_hash, seat, outcome)`, that is
///   `hash_to_scalars(SHA-256(state)) ++ hash_to_scalars(SHA-256(move)) ++
///   hash_to_scalars(new_hash) ++ [seat, outcome code]`. An input too short for its header and
///   state is [`CircuitError::InputFormat`], an output of another length than 33 bytes
///   [`CircuitError::OutputLength`].
pub fn public_inputs(
	kind: CircuitKind,
	input: &[u8],
	output: &[u8],
) -> Result<Vec<Scalar>, CircuitError> {
	let halves = |bytes: &[u8]| hash_to_scalars(&Sha256::digest(bytes).into());
	match kind {
		CircuitKind::PoseidonPreimage | CircuitKind::Sudoku => {
			Ok([halves(input), halves(output)].concat())
		},
		CircuitKind::TicTacToe => {
			let (seat, state, mv) = split_rules_input(input)
				.ok_or(CircuitError::InputFormat { kind, reason: "truncated rules input" })?;
			let (new_hash, outcome) = output
				.split_last_chunk::<1>()
				.and_then(|(hash, code)| Some((<[u8; 32]>::try_from(hash).ok()?, code[0])))
				.ok_or(CircuitError::OutputLength {
					kind,
					expected: native::TICTACTOE_OUTPUT_LEN,
					got: output.len(),
				})?;
			Ok([
				halves(state),
				halves(mv),
				hash_to_scalars(&new_hash),
				[u128_to_scalar(seat.into()), u128_to_scalar(outcome.into())],
			]
			.concat())
		},
	}
}

/// A rules input's seat, state and move: `seat ‖ n (u32 LE) ‖ state (n bytes) ‖ move (the rest)`.
fn split_rules_input(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
	let (&seat, rest) = input.split_first()?;
	let (len, rest) = rest.split_first_chunk::<4>()?;
	let len = usize::try_from(u32::from_le_bytes(*len)).ok()?;
	(len <= rest.len()).then(|| {
		let (state, mv) = rest.split_at(len);
		(seat, state, mv)
	})
}

/// A canonical scalar (little-endian, below the modulus), or `None`.
fn scalar_to_fr(scalar: &Scalar) -> Option<Fr> {
	let limbs = core::array::from_fn(|i| {
		u64::from_le_bytes(scalar[i * 8..i * 8 + 8].try_into().expect("8 bytes"))
	});
	Fr::from_bigint(ark_ff::BigInt(limbs))
}

fn fr_to_scalar(fr: &Fr) -> Scalar {
	let mut out = [0u8; 32];
	out.copy_from_slice(&fr.into_bigint().to_bytes_le());
	out
}

/// Decodes a compressed, validated encoding with nothing after it.
fn decode<T: CanonicalDeserialize>(mut bytes: &[u8]) -> Option<T> {
	let value = T::deserialize_compressed(&mut bytes).ok()?;
	bytes.is_empty().then_some(value)
}

fn encode<T: CanonicalSerialize>(value: &T) -> Result<Vec<u8>, CircuitError> {
	let mut out = Vec::with_capacity(value.compressed_size());
	value.serialize_compressed(&mut out)?;
	Ok(out)
}

/// Whether `input` has the length and layout `kind`'s circuit takes.
fn check_input(kind: CircuitKind, input: &[u8]) -> Result<(), CircuitError> {
	if input.len() != kind.input_len() {
		return Err(CircuitError::InputLength {
			kind,
			expected: kind.input_len(),
			got: input.len(),
		});
	}
	if kind == CircuitKind::TicTacToe
		&& input[1..native::TICTACTOE_HEADER_LEN]
			!= (native::TICTACTOE_STATE_LEN as u32).to_le_bytes()
	{
		return Err(CircuitError::InputFormat {
			kind,
			reason: "the rules input's state length is not 9",
		});
	}
	Ok(())
}

/// A full assignment of `kind`'s circuit: `input`, claiming the public inputs `public`.
fn assigned(
	kind: CircuitKind,
	input: &[u8],
	public: &[Scalar],
) -> Result<ProgramCircuit, CircuitError> {
	check_input(kind, input)?;
	let expected = kind.public_input_count();
	if public.len() != expected {
		return Err(CircuitError::WrongInputCount { expected, got: public.len() });
	}
	let frs = public
		.iter()
		.enumerate()
		.map(|(i, scalar)| scalar_to_fr(scalar).ok_or(CircuitError::MalformedInput(i)))
		.collect::<Result<Vec<_>, _>>()?;
	Ok(ProgramCircuit { kind, input: Some(input.to_vec()), public: Some(frs) })
}

/// Key generation for `kind`, deterministic from `seed`: returns the compressed proving and
/// verifying keys.
///
/// **Development setup: the toxic waste is known.** Groth16's secret values are drawn from
/// `StdRng::seed_from_u64(seed)` (rand 0.8's ChaCha12, as pinned by `Cargo.lock`), so anyone who
/// knows the seed can prove false statements. Use it for tests and devnets only.
pub fn setup(kind: CircuitKind, seed: u64) -> Result<(Vec<u8>, Vec<u8>), CircuitError> {
	let mut rng = StdRng::seed_from_u64(seed);
	let circuit = ProgramCircuit { kind, input: None, public: None };
	let (pk, vk) = Groth16::<Bn254>::circuit_specific_setup(circuit, &mut rng)?;
	Ok((encode(&pk)?, encode(&vk)?))
}

/// A decoded proving key, to prove many inputs without decoding the key each time.
pub struct Prover {
	kind: CircuitKind,
	pk: ProvingKey<Bn254>,
}

impl Prover {
	/// Decodes a compressed proving key made by [`setup`] for `kind`. Decompressing every point
	/// takes seconds (about 5 s for `poseidon-preimage`, 10 s for `sudoku` on one core): keep the
	/// `Prover`.
	///
	/// The points are not checked to be in their prime-order subgroups (that would double the
	/// time): the proving key is the executor's own file, and a wrong one only yields proofs
	/// that fail verification against the registered verifying key, which [`verify`] and the
	/// runtime do validate.
	pub fn new(kind: CircuitKind, pk: &[u8]) -> Result<Self, CircuitError> {
		let mut reader = pk;
		let pk = ProvingKey::deserialize_with_mode(&mut reader, Compress::Yes, Validate::No)
			.map_err(|_| CircuitError::MalformedKey)?;
		if !reader.is_empty() {
			return Err(CircuitError::MalformedKey);
		}
		Ok(Self { kind, pk })
	}

	/// The circuit this key proves.
	pub fn kind(&self) -> CircuitKind {
		self.kind
	}

	/// The compressed verifying key inside the proving key.
	pub fn verifying_key(&self) -> Result<Vec<u8>, CircuitError> {
		encode(&self.pk.vk)
	}

	/// Runs the program natively on `input` and proves the result: returns the compressed proof
	/// and the output. Fails on an input the circuit does not take ([`CircuitError::InputLength`],
	/// [`CircuitError::InputFormat`]) or the program traps on ([`CircuitError::NoOutput`]: for
	/// `tictactoe`, an illegal move).
	///
	/// The proof is for the public inputs [`public_inputs`]`(kind, input, output)`.
	pub fn prove(&self, input: &[u8]) -> Result<(Vec<u8>, Vec<u8>), CircuitError> {
		check_input(self.kind, input)?;
		let output =
			program_output(self.kind, input).ok_or(CircuitError::NoOutput { kind: self.kind })?;
		let public = public_inputs(self.kind, input, &output)?;
		// arkworks' gadgets open a tracing span per operation. Inside a process with a global
		// subscriber (the node's) that costs minutes and gigabytes per proof, so the prover runs
		// with none.
		tracing::subscriber::with_default(tracing::subscriber::NoSubscriber::default(), || {
			let circuit = assigned(self.kind, input, &public)?;
			// Blinding must be unpredictable: the input may be private.
			let mut rng = ark_std::rand::rngs::OsRng;
			let proof = Groth16::<Bn254>::prove(&self.pk, circuit, &mut rng)?;
			Ok((encode(&proof)?, output))
		})
	}
}

/// Proves that the program of `kind` maps `input` to its output, with the compressed proving key
/// `pk`: returns the compressed proof and the output.
///
/// Decoding a proving key takes seconds, so the last [`PROVER_CACHE`] decoded keys are kept,
/// by the SHA-256 of their bytes: only the first proof with a key pays for it. [`Prover`] is the
/// explicit alternative.
pub fn prove(
	kind: CircuitKind,
	pk: &[u8],
	input: &[u8],
) -> Result<(Vec<u8>, Vec<u8>), CircuitError> {
	check_input(kind, input)?;
	cached_prover(kind, pk)?.prove(input)
}

/// How many decoded proving keys [`prove`] keeps (about 2× the compressed size in memory each).
pub const PROVER_CACHE: usize = 4;

fn cached_prover(kind: CircuitKind, pk: &[u8]) -> Result<Arc<Prover>, CircuitError> {
	type Cache = Vec<(CircuitKind, [u8; 32], Arc<Prover>)>;
	static CACHE: Mutex<Cache> = Mutex::new(Vec::new());
	let lock = || CACHE.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
	let hash: [u8; 32] = Sha256::digest(pk).into();
	if let Some((.., prover)) = lock().iter().find(|(k, h, _)| *k == kind && *h == hash) {
		return Ok(prover.clone());
	}
	// Decode without holding the lock; two threads may both decode a new key, harmlessly.
	let prover = Arc::new(Prover::new(kind, pk)?);
	let mut cache = lock();
	if !cache.iter().any(|(k, h, _)| *k == kind && *h == hash) {
		if cache.len() >= PROVER_CACHE {
			cache.remove(0);
		}
		cache.push((kind, hash, prover.clone()));
	}
	Ok(prover)
}

/// Checks a compressed `proof` for the public `inputs` against the compressed verifying key `vk`,
/// with the encodings and checks the runtime applies. `Ok(false)`: well formed, does not verify.
pub fn verify(vk: &[u8], proof: &[u8], inputs: &[Scalar]) -> Result<bool, CircuitError> {
	let vk: VerifyingKey<Bn254> = decode(vk).ok_or(CircuitError::MalformedKey)?;
	let proof: Proof<Bn254> = decode(proof).ok_or(CircuitError::MalformedProof)?;
	let expected = vk.gamma_abc_g1.len().saturating_sub(1);
	if inputs.len() != expected {
		return Err(CircuitError::WrongInputCount { expected, got: inputs.len() });
	}
	let inputs = inputs
		.iter()
		.enumerate()
		.map(|(i, s)| scalar_to_fr(s).ok_or(CircuitError::MalformedInput(i)))
		.collect::<Result<Vec<_>, _>>()?;
	Ok(Groth16::<Bn254>::verify(&vk, &inputs, &proof)?)
}

/// Whether `kind`'s circuit is satisfied by `input` and the claimed public inputs `public`: the
/// statement a proof certifies, checked without proving (much faster; for tests and diagnostics).
/// For `tictactoe` the witness is the input's state and move; its seat byte plays no part (the
/// seat is the public input).
pub fn is_satisfied(
	kind: CircuitKind,
	input: &[u8],
	public: &[Scalar],
) -> Result<bool, CircuitError> {
	let cs = synthesize(assigned(kind, input, public)?)?;
	// The instance the constraint system saw is the one claimed.
	let instance = cs.instance_assignment()?;
	debug_assert_eq!(instance.iter().skip(1).map(fr_to_scalar).collect::<Vec<_>>(), public);
	r1cs_satisfied(&cs)
}

/// A full assignment's constraint system, finalised as the prover finalises it.
fn synthesize(circuit: ProgramCircuit) -> Result<ConstraintSystemRef<Fr>, CircuitError> {
	let cs = ConstraintSystem::<Fr>::new_ref();
	circuit.generate_constraints(cs.clone())?;
	cs.finalize();
	Ok(cs)
}

/// `A·z ∘ B·z == C·z` for the full assignment `z`: what `ConstraintSystemRef::is_satisfied`
/// decides, on the matrices the prover uses. arkworks 0.6 checks through a generic polynomial
/// predicate, which is ten times slower for the same answer (see the unit test).
fn r1cs_satisfied(cs: &ConstraintSystemRef<Fr>) -> Result<bool, CircuitError> {
	let mut matrices = cs.to_matrices()?;
	let r1cs = matrices.remove(R1CS_PREDICATE_LABEL).unwrap_or_default();
	if !matrices.values().all(|m| m.iter().all(|rows| rows.is_empty())) || r1cs.len() != 3 {
		// Not plain R1CS: let arkworks decide.
		return Ok(cs.is_satisfied()?);
	}
	let z = [cs.instance_assignment()?, cs.witness_assignment()?].concat();
	let eval = |row: &[(Fr, usize)]| row.iter().map(|(c, i)| *c * z[*i]).sum::<Fr>();
	Ok(r1cs[0].iter().zip(&r1cs[1]).zip(&r1cs[2]).all(|((a, b), c)| eval(a) * eval(b) == eval(c)))
}

/// Size of `kind`'s constraint system: `(constraints, witness variables, public inputs)`
/// (public inputs without the constant one).
pub fn constraint_count(kind: CircuitKind) -> Result<(usize, usize, usize), CircuitError> {
	let cs = ConstraintSystem::<Fr>::new_ref();
	cs.set_mode(ark_relations::gr1cs::SynthesisMode::Setup);
	ProgramCircuit { kind, input: None, public: None }.generate_constraints(cs.clone())?;
	cs.finalize();
	Ok((cs.num_constraints(), cs.num_witness_variables(), cs.num_instance_variables() - 1))
}

#[cfg(test)]
mod tests {
	use super::*;

	/// The fast check and arkworks' own agree, on a satisfied and an unsatisfied assignment.
	#[test]
	fn r1cs_check_agrees_with_arkworks() {
		let kind = CircuitKind::PoseidonPreimage;
		let input = [5u8; 32];
		let output = program_output(kind, &input).unwrap();
		let good = public_inputs(kind, &input, &output).unwrap();
		let bad = public_inputs(kind, &input, &[0u8; 32]).unwrap();
		for (public, expected) in [(good, true), (bad, false)] {
			let cs = synthesize(assigned(kind, &input, &public).unwrap()).unwrap();
			assert_eq!(r1cs_satisfied(&cs).unwrap(), expected);
			assert_eq!(cs.is_satisfied().unwrap(), expected);
		}
	}
}
