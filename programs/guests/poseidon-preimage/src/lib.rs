//! `poseidon-preimage`: the input must be 32 bytes. They are read as two BN254 scalars, the low
//! and the high 16 bytes each a little-endian `u128` (as `aether_primitives::zk::hash_to_scalars`
//! splits a hash), absorbed in that order into a fresh arkworks Poseidon sponge (width 3: rate 2,
//! capacity 1; `x^5`; 8 full and 57 partial rounds; round constants and MDS matrix from
//! `find_poseidon_ark_and_mds::<Fr>(254, 2, 8, 57, 0)`). The output is the one element squeezed,
//! as 32 bytes little-endian, canonical.
//!
//! Any other input length traps: the run ends with no output (`Trapped`).
//!
//! The same function as `aether_circuits::native::poseidon_hash`, which the `poseidon-preimage`
//! circuit proves.

#![no_std]

extern crate alloc;

use alloc::vec::Vec;
use ark_bn254::Fr;
use ark_crypto_primitives::sponge::{
	poseidon::{PoseidonConfig, PoseidonSponge},
	CryptographicSponge, FieldBasedCryptographicSponge,
};
use ark_ff::{BigInteger, MontFp, PrimeField};

include!(concat!(env!("OUT_DIR"), "/poseidon_constants.rs"));

/// The entry point.
#[no_mangle]
pub extern "C" fn run() {
	let Some(input) = aether_guest::input_exact::<32>() else { aether_guest::trap() };
	let half = |bytes: &[u8]| Fr::from(u128::from_le_bytes(bytes.try_into().unwrap()));
	let config = PoseidonConfig::new(
		FULL_ROUNDS,
		PARTIAL_ROUNDS,
		ALPHA,
		MDS.iter().map(|row| row.to_vec()).collect(),
		ARK.iter().map(|row| row.to_vec()).collect(),
		RATE,
		CAPACITY,
	);
	let mut sponge = PoseidonSponge::new(&config);
	sponge.absorb(&Vec::from([half(&input[..16]), half(&input[16..])]));
	let out = sponge.squeeze_native_field_elements(1)[0];
	aether_guest::write_output(&out.into_bigint().to_bytes_le());
}
