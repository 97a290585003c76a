//! Groth16 over BN254 with arkworks, without FRAME: the encodings of [`aether_primitives::zk`],
//! a verifying key checked once and kept in a prepared form, and the pairing check.
//!
//! Nothing here panics on any input bytes: every decoding failure is an error, and the one
//! `Option` the pairing returns is handled.
//!
//! ## The prepared form
//!
//! A registered key is checked once (points on the curve and in their subgroups, canonical
//! encoding, no degenerate points) and then kept twice: the compressed bytes as registered, and a
//! [`PreparedKey`] holding what a verification needs, uncompressed:
//! `e(α, β)` (computed once instead of in every verification), `−γ`, `−δ` and the input bases.
//! Decoding the prepared form needs no square roots and no subgroup checks, so a verification is
//! one multi-scalar multiplication over the inputs, one decompression and subgroup check of the
//! proof, a three-pair Miller loop and one final exponentiation. Measured natively on the
//! benchmark fixtures, that is 1.46 ms for one input and 1.90 ms for 16, against 2.39 ms and
//! 3.91 ms for arkworks' `prepare_verifying_key` + `verify_proof` on the compressed key (which
//! pays a second final exponentiation and the square roots every time, and multiplies the
//! inputs one by one). The G2 points are not kept as `G2Prepared` line coefficients: about
//! 17 KiB each, to save about 0.1 ms.

use alloc::vec::Vec;
use ark_bn254::{Bn254, Fq12, Fr, G1Affine, G1Projective, G2Affine};
use ark_ec::{pairing::Pairing, AffineRepr, CurveGroup, VariableBaseMSM};
use ark_ff::{BigInt, PrimeField};
use ark_groth16::{Proof, VerifyingKey};
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};

/// A public input: 32 bytes, little-endian (`aether_primitives::zk::Scalar`).
pub type Scalar = [u8; 32];

/// Bytes of a compressed G1 point.
pub const G1_COMPRESSED: u32 = 32;
/// Bytes of a compressed G2 point.
pub const G2_COMPRESSED: u32 = 64;
/// Bytes of an uncompressed G1 point.
pub const G1_UNCOMPRESSED: u32 = 64;
/// Bytes of an uncompressed G2 point.
pub const G2_UNCOMPRESSED: u32 = 128;
/// Bytes of an element of the pairing's target field (12 base-field elements).
pub const GT_LEN: u32 = 384;
/// Bytes of the length prefix of a vector in arkworks' encoding (a `u64`).
pub const VEC_PREFIX: u32 = 8;

/// Bytes of a compressed proof: `A` and `C` in G1, `B` in G2.
pub const PROOF_LEN: u32 = 2 * G1_COMPRESSED + G2_COMPRESSED;

/// Bytes of the compressed verifying key of a circuit with `inputs` public inputs:
/// `α` in G1, `β`, `γ`, `δ` in G2 and `inputs + 1` G1 bases with their length prefix.
pub const fn key_len(inputs: u32) -> u32 {
	G1_COMPRESSED
		.saturating_add(3 * G2_COMPRESSED)
		.saturating_add(VEC_PREFIX)
		.saturating_add(G1_COMPRESSED.saturating_mul(inputs.saturating_add(1)))
}

/// Bytes of the prepared form of a key with `inputs` public inputs (see [`PreparedKey`]).
pub const fn prepared_len(inputs: u32) -> u32 {
	GT_LEN
		.saturating_add(2 * G2_UNCOMPRESSED)
		.saturating_add(VEC_PREFIX)
		.saturating_add(G1_UNCOMPRESSED.saturating_mul(inputs.saturating_add(1)))
}

/// Why a verifying key was rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyError {
	/// Not the canonical compressed encoding of a key whose points are on the curve and in their
	/// subgroups, or `α`, `β`, `γ` or `δ` is the point at infinity.
	Malformed,
	/// The key has no input bases at all (not even the constant one).
	Empty,
	/// The key takes more public inputs than allowed.
	TooManyInputs,
}

/// Why a proof was rejected, in the order the checks run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProofError {
	/// The number of inputs is not the key's.
	WrongInputCount,
	/// An input is not a canonical scalar.
	MalformedInput,
	/// The proof is not the canonical compressed encoding of three points in their subgroups.
	MalformedProof,
	/// The pairing check failed.
	InvalidProof,
}

/// What a verification needs of a checked key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreparedKey {
	/// `e(α, β)`.
	pub alpha_beta: Fq12,
	/// `−γ`.
	pub neg_gamma: G2Affine,
	/// `−δ`.
	pub neg_delta: G2Affine,
	/// The input bases: the constant one, then one per public input.
	pub gamma_abc: Vec<G1Affine>,
}

impl PreparedKey {
	/// Number of public inputs the key takes.
	pub fn inputs(&self) -> usize {
		self.gamma_abc.len().saturating_sub(1)
	}

	/// The storage encoding: every element uncompressed, in field order.
	pub fn encode(&self) -> Vec<u8> {
		let mut out = Vec::with_capacity(prepared_len(self.inputs() as u32) as usize);
		// Writing into a `Vec` cannot fail; a failure would only shorten the encoding, and a
		// short encoding does not decode.
		let _ = (self.alpha_beta, self.neg_gamma, self.neg_delta).serialize_uncompressed(&mut out);
		let _ = self.gamma_abc.serialize_uncompressed(&mut out);
		out
	}

	/// Decodes [`PreparedKey::encode`]'s output without checking the points: only ever call it
	/// on bytes written by [`check_key`]'s caller after the checks passed.
	pub fn decode_trusted(mut bytes: &[u8]) -> Option<Self> {
		let (alpha_beta, neg_gamma, neg_delta) =
			<(Fq12, G2Affine, G2Affine)>::deserialize_uncompressed_unchecked(&mut bytes).ok()?;
		let gamma_abc = Vec::<G1Affine>::deserialize_uncompressed_unchecked(&mut bytes).ok()?;
		if !bytes.is_empty() || gamma_abc.is_empty() {
			return None;
		}
		Some(Self { alpha_beta, neg_gamma, neg_delta, gamma_abc })
	}
}

/// Checks a compressed verifying key and prepares it.
///
/// Rejects anything but the canonical compressed encoding (trailing bytes, a point at infinity
/// with stray coordinate bits), points off the curve or outside their subgroups, and keys where
/// `α`, `β`, `γ` or `δ` is the point at infinity: with `γ` or `δ` at infinity every proof of
/// the right shape would verify for any inputs. Keys with more than `max_inputs` public inputs
/// are rejected before the pairing. Costs a validated decoding of `inputs + 4` points and one
/// pairing.
pub fn check_key(bytes: &[u8], max_inputs: u32) -> Result<PreparedKey, KeyError> {
	let vk =
		VerifyingKey::<Bn254>::deserialize_compressed(bytes).map_err(|_| KeyError::Malformed)?;
	let mut canonical = Vec::with_capacity(bytes.len());
	vk.serialize_compressed(&mut canonical).map_err(|_| KeyError::Malformed)?;
	if canonical != bytes {
		return Err(KeyError::Malformed);
	}
	if vk.alpha_g1.is_zero()
		|| vk.beta_g2.is_zero()
		|| vk.gamma_g2.is_zero()
		|| vk.delta_g2.is_zero()
	{
		return Err(KeyError::Malformed);
	}
	if vk.gamma_abc_g1.is_empty() {
		return Err(KeyError::Empty);
	}
	if vk.gamma_abc_g1.len().saturating_sub(1) > max_inputs as usize {
		return Err(KeyError::TooManyInputs);
	}
	let alpha_beta =
		Bn254::final_exponentiation(Bn254::multi_miller_loop([vk.alpha_g1], [vk.beta_g2]))
			.ok_or(KeyError::Malformed)?
			.0;
	Ok(PreparedKey {
		alpha_beta,
		neg_gamma: (-vk.gamma_g2.into_group()).into_affine(),
		neg_delta: (-vk.delta_g2.into_group()).into_affine(),
		gamma_abc: vk.gamma_abc_g1,
	})
}

/// A public input as a scalar, if it is canonical: 32 bytes little-endian below the modulus.
pub fn decode_scalar(bytes: &Scalar) -> Option<Fr> {
	let mut limbs = [0u64; 4];
	for (limb, chunk) in limbs.iter_mut().zip(bytes.chunks_exact(8)) {
		let mut word = [0u8; 8];
		word.copy_from_slice(chunk);
		*limb = u64::from_le_bytes(word);
	}
	Fr::from_bigint(BigInt::new(limbs))
}

/// A proof, if `bytes` is the canonical compressed encoding of three points on the curve and in
/// their subgroups.
pub fn decode_proof(bytes: &[u8]) -> Option<Proof<Bn254>> {
	if bytes.len() != PROOF_LEN as usize {
		return None;
	}
	let proof = Proof::<Bn254>::deserialize_compressed(bytes).ok()?;
	let mut canonical = Vec::with_capacity(bytes.len());
	proof.serialize_compressed(&mut canonical).ok()?;
	(canonical == bytes).then_some(proof)
}

/// Checks `proof` for `inputs` against `key`: the input count, each input, the proof's encoding,
/// then `e(A, B) · e(Σ xᵢ·Lᵢ, −γ) · e(C, −δ) = e(α, β)`.
pub fn verify(key: &PreparedKey, proof: &[u8], inputs: &[Scalar]) -> Result<(), ProofError> {
	if inputs.len() != key.inputs() {
		return Err(ProofError::WrongInputCount);
	}
	let scalars = inputs
		.iter()
		.map(decode_scalar)
		.collect::<Option<Vec<Fr>>>()
		.ok_or(ProofError::MalformedInput)?;
	let proof = decode_proof(proof).ok_or(ProofError::MalformedProof)?;
	let (constant, bases) = key.gamma_abc.split_first().ok_or(ProofError::WrongInputCount)?;
	// One input: a plain scalar multiplication is a third cheaper than the MSM's buckets.
	let sum = match (bases, scalars.as_slice()) {
		([base], [x]) => base.mul_bigint(x.into_bigint()),
		_ => G1Projective::msm_unchecked(bases, &scalars),
	};
	let prepared_inputs = (constant.into_group() + sum).into_affine();
	let miller = Bn254::multi_miller_loop(
		[proof.a, prepared_inputs, proof.c],
		[proof.b, key.neg_gamma, key.neg_delta],
	);
	match Bn254::final_exponentiation(miller) {
		Some(out) if out.0 == key.alpha_beta => Ok(()),
		_ => Err(ProofError::InvalidProof),
	}
}
