//! Native references of the provable programs: what `programs/guests/*` compute, in plain Rust.

use std::sync::OnceLock;

use ark_bn254::Fr;
use ark_crypto_primitives::sponge::{
	poseidon::{find_poseidon_ark_and_mds, PoseidonConfig, PoseidonSponge},
	CryptographicSponge, FieldBasedCryptographicSponge,
};
use ark_ff::{BigInteger, PrimeField};

/// Sponge rate of the Poseidon parameters, in field elements.
pub const POSEIDON_RATE: usize = 2;
/// Sponge capacity of the Poseidon parameters, in field elements.
pub const POSEIDON_CAPACITY: usize = 1;
/// S-box exponent: `x^5` (gcd(5, r - 1) = 1 for BN254's scalar field).
pub const POSEIDON_ALPHA: u64 = 5;
/// Full rounds.
pub const POSEIDON_FULL_ROUNDS: usize = 8;
/// Partial rounds (the usual count for width 3 over a 254-bit field at 128-bit security).
pub const POSEIDON_PARTIAL_ROUNDS: usize = 57;
/// MDS matrices the Grain LFSR skips before the one used.
pub const POSEIDON_SKIP_MATRICES: u64 = 0;

/// Length of the `poseidon-preimage` program's input.
pub const POSEIDON_INPUT_LEN: usize = 32;
/// Length of the `sudoku` program's input: the puzzle, then the solution, 81 bytes each.
pub const SUDOKU_INPUT_LEN: usize = 162;

/// The Poseidon parameters of `poseidon-preimage`: width 3 (rate 2, capacity 1), `x^5`, 8 full and
/// 57 partial rounds, round constants and MDS matrix from arkworks'
/// `find_poseidon_ark_and_mds::<Fr>(254, 2, 8, 57, 0)` (the Grain LFSR of the Poseidon paper).
/// The guest derives the same table with the same call at build time.
pub fn poseidon_config() -> &'static PoseidonConfig<Fr> {
	static CONFIG: OnceLock<PoseidonConfig<Fr>> = OnceLock::new();
	CONFIG.get_or_init(|| {
		let (ark, mds) = find_poseidon_ark_and_mds::<Fr>(
			u64::from(Fr::MODULUS_BIT_SIZE),
			POSEIDON_RATE,
			POSEIDON_FULL_ROUNDS as u64,
			POSEIDON_PARTIAL_ROUNDS as u64,
			POSEIDON_SKIP_MATRICES,
		);
		PoseidonConfig::new(
			POSEIDON_FULL_ROUNDS,
			POSEIDON_PARTIAL_ROUNDS,
			POSEIDON_ALPHA,
			mds,
			ark,
			POSEIDON_RATE,
			POSEIDON_CAPACITY,
		)
	})
}

/// The two field elements a 32-byte input is absorbed as: its low and high 16 bytes, each a
/// little-endian `u128` (as `aether_primitives::zk::hash_to_scalars` splits a hash).
pub fn input_halves(input: &[u8; 32]) -> [Fr; 2] {
	let mut lo = [0u8; 16];
	let mut hi = [0u8; 16];
	lo.copy_from_slice(&input[..16]);
	hi.copy_from_slice(&input[16..]);
	[Fr::from(u128::from_le_bytes(lo)), Fr::from(u128::from_le_bytes(hi))]
}

/// `poseidon-preimage`: a fresh sponge absorbs [`input_halves`] and squeezes one element, returned
/// as 32 bytes little-endian (canonical).
pub fn poseidon_hash(input: &[u8; 32]) -> [u8; 32] {
	let mut sponge = PoseidonSponge::new(poseidon_config());
	sponge.absorb(&input_halves(input).to_vec());
	let out = sponge.squeeze_native_field_elements(1)[0];
	let mut bytes = [0u8; 32];
	bytes.copy_from_slice(&out.into_bigint().to_bytes_le());
	bytes
}

/// Rows, columns and boxes of a 9×9 grid, as cell indices (row-major).
pub fn sudoku_groups() -> impl Iterator<Item = [usize; 9]> {
	let rows = (0..9).map(|r| core::array::from_fn(|i| r * 9 + i));
	let cols = (0..9).map(|c| core::array::from_fn(|i| i * 9 + c));
	let boxes =
		(0..9).map(|b| core::array::from_fn(|i| (b / 3 * 3 + i / 3) * 9 + b % 3 * 3 + i % 3));
	rows.chain(cols).chain(boxes)
}

/// `sudoku`: whether `input` is 162 bytes, a puzzle then a solution, where every solution cell is
/// 1..=9, every row, column and 3×3 box holds each digit once, and every puzzle cell is 0 or
/// equals the solution's.
pub fn sudoku_valid(input: &[u8]) -> bool {
	if input.len() != SUDOKU_INPUT_LEN {
		return false;
	}
	let (puzzle, solution) = input.split_at(81);
	let cells_ok =
		puzzle.iter().zip(solution).all(|(&p, &s)| (1..=9).contains(&s) && (p == 0 || p == s));
	cells_ok
		&& sudoku_groups().all(|group| {
			let seen = group.iter().fold(0u16, |seen, &i| seen | 1 << solution[i]);
			seen == 0b11_1111_1110
		})
}
