//! Groth16 proof verification as other pallets see it.
//!
//! `pallets/zk-verifier` keeps a registry of Groth16 verifying keys over BN254 and implements
//! [`VerifyProof`]; `pallets/commands` (and later the game ledger) settle with it without
//! depending on that pallet.
//!
//! Encodings, fixed so the runtime, the node's prover and the circuits agree:
//!
//! - a verifying key and a proof are arkworks 0.6 `CanonicalSerialize` **compressed** encodings
//!   (`ark_groth16::VerifyingKey<Bn254>`, `ark_groth16::Proof<Bn254>`);
//! - a public input is a BN254 scalar as 32 bytes, little-endian, canonical (below the modulus):
//!   [`Scalar`];
//! - a 32-byte hash enters a circuit as two scalars, its low and high 16 bytes read as
//!   little-endian `u128`s ([`hash_to_scalars`]), so no hash value can overflow the field.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::sp_runtime::DispatchError;
use scale_info::TypeInfo;

/// Identifier of a registered verifying key, assigned in order from 0.
pub type VkId = u64;

/// A BN254 scalar field element: 32 bytes, little-endian, canonical.
pub type Scalar = [u8; 32];

/// A `u128` as a scalar.
pub fn u128_to_scalar(value: u128) -> Scalar {
	let mut out = [0u8; 32];
	out[..16].copy_from_slice(&value.to_le_bytes());
	out
}

/// A 32-byte hash as two scalars: `[low 16 bytes, high 16 bytes]`, each little-endian.
pub fn hash_to_scalars(hash: &[u8; 32]) -> [Scalar; 2] {
	let mut lo = [0u8; 16];
	let mut hi = [0u8; 16];
	lo.copy_from_slice(&hash[..16]);
	hi.copy_from_slice(&hash[16..]);
	[u128_to_scalar(u128::from_le_bytes(lo)), u128_to_scalar(u128::from_le_bytes(hi))]
}

/// Why a proof was not accepted.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum VerifyError {
	/// No verifying key is registered under this id.
	UnknownKey,
	/// The proof is not a valid compressed encoding of three curve points in their subgroups.
	MalformedProof,
	/// A public input is not a canonical scalar.
	MalformedInput,
	/// The number of public inputs is not the one the key was made for.
	WrongInputCount,
	/// The proof is well formed but does not verify for these inputs.
	InvalidProof,
}

/// Verification of Groth16 proofs against registered keys.
pub trait VerifyProof {
	/// Checks `proof` for `inputs` against key `vk`. Costs a pairing check; see the implementing
	/// pallet's weight for `inputs.len()` inputs ([`VerifyProof::verify_weight`]).
	fn verify(vk: VkId, proof: &[u8], inputs: &[Scalar]) -> Result<(), VerifyError>;

	/// How many public inputs key `vk` takes, if it exists.
	fn input_count(vk: VkId) -> Option<u32>;

	/// The weight of one [`VerifyProof::verify`] with `inputs` public inputs.
	fn verify_weight(inputs: u32) -> polkadot_sdk::sp_runtime::Weight;

	/// The compressed bytes of key `vk`, for executors that must prove against it. `None` by
	/// default (a verifier that does not keep the bytes).
	fn verifying_key(_vk: VkId) -> Option<alloc::vec::Vec<u8>> {
		None
	}

	/// Adds (`pinned = true`) or removes one reference to `vk`; a key with references (e.g. from
	/// registered programs) cannot be unregistered.
	fn pin(vk: VkId, pinned: bool) -> Result<(), DispatchError>;
}

/// `()` verifies nothing: every key is unknown.
impl VerifyProof for () {
	fn verify(_: VkId, _: &[u8], _: &[Scalar]) -> Result<(), VerifyError> {
		Err(VerifyError::UnknownKey)
	}
	fn input_count(_: VkId) -> Option<u32> {
		None
	}
	fn verify_weight(_: u32) -> polkadot_sdk::sp_runtime::Weight {
		polkadot_sdk::sp_runtime::Weight::zero()
	}
	fn pin(_: VkId, _: bool) -> Result<(), DispatchError> {
		Err(DispatchError::Other("no verifier"))
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn hash_halves_are_little_endian_and_below_the_modulus() {
		let mut h = [0u8; 32];
		h[0] = 1;
		h[16] = 2;
		h[31] = 0xff;
		let [lo, hi] = hash_to_scalars(&h);
		assert_eq!(lo[0], 1);
		assert_eq!(&lo[16..], &[0u8; 16]);
		assert_eq!(hi[0], 2);
		assert_eq!(hi[15], 0xff);
		assert_eq!(&hi[16..], &[0u8; 16]);
	}
}
