//! Weights for `pallet_zk_verifier`: PLACEHOLDERS from a native measurement, not benchmark output.
//!
//! Replace this file with `./scripts/bench-weights.sh pallet_zk_verifier` (the benchmarks in
//! `benchmarking.rs` run on the precomputed keys and proofs of `fixtures.bin`).
//!
//! Until then the figures are a linear upper envelope of a native measurement (x86-64 release,
//! `AMD EPYC`, the machine shared with other builds; the minimum of 7 batches of 30 runs) of the
//! pallet's own `groth16` module on the fixtures:
//!
//! | inputs `n`                                   |    1     |    2     |    4     |    8     |    16    |
//! |----------------------------------------------|----------|----------|----------|----------|----------|
//! | `verify`: decode the prepared key + check    | 1463 µs  | 1548 µs  | 1613 µs  | 1736 µs  | 1905 µs  |
//! | `register_key`: validated decode + e(α, β)   | 1177 µs  | 1183 µs  | 1216 µs  | 1251 µs  | 1330 µs  |
//!
//! They cover the cryptography only, not FRAME's part of the call (the hold, the event, SCALE);
//! storage is the `DbWeight` reads and writes below. `unregister_key` has no cryptography: its
//! placeholder is Chalice's measured `withdraw_key`, the same pattern (a record, a release).
//!
//! **The runtime is WASM, and BN254 arithmetic there is several times slower**: the same module
//! built for `wasm32-unknown-unknown` and run in V8 (Node 20) took about 5.2 ms (`verify`, n = 1),
//! 7.2 ms (`verify`, n = 16) and 4.1–4.6 ms (`register_key`), 3.5–3.8 times the figures here. Until
//! the benchmarks replace them, these placeholders under-charge by about that factor.
//!
//! Proof sizes are estimated by hand from `MaxEncodedLen` with `MaxKeyLen = 776` and
//! `MaxPublicInputs = 16`; the benchmark CLI computes the real ones.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use crate::frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_zk_verifier`.
pub trait WeightInfo {
	fn register_key(n: u32, ) -> Weight;
	fn unregister_key() -> Weight;
	fn verify_proof(n: u32, ) -> Weight;
}

/// Placeholder weights for `pallet_zk_verifier`; see the module docs.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: crate::frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `ZkVerifier::NextKeyId` (r:1 w:1)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Storage: `System::Account` (r:1 w:1)
	/// Storage: `ZkVerifier::Keys` (r:0 w:1)
	/// Storage: `ZkVerifier::Prepared` (r:0 w:1)
	/// The range of component `n` is `[1, 16]`.
	fn register_key(n: u32, ) -> Weight {
		// Native: 1177 µs (n = 1) to 1330 µs (n = 16).
		Weight::from_parts(1_176_000_000, 3593)
			.saturating_add(Weight::from_parts(10_200_000, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `ZkVerifier::Keys` (r:1 w:1)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Storage: `System::Account` (r:1 w:1)
	/// Storage: `ZkVerifier::Prepared` (r:0 w:1)
	fn unregister_key() -> Weight {
		// Chalice's `withdraw_key` (debug node, WASM).
		Weight::from_parts(603_028_000, 4427)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `ZkVerifier::Prepared` (r:1 w:0)
	/// The range of component `n` is `[1, 16]`.
	fn verify_proof(n: u32, ) -> Weight {
		// Native: 1463 µs (n = 1) to 1905 µs (n = 16).
		Weight::from_parts(1_500_000_000, 4213)
			.saturating_add(Weight::from_parts(29_500_000, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(1_u64))
	}
}

/// For tests: the same figures with RocksDB's published read and write costs.
impl WeightInfo for () {
	fn register_key(n: u32, ) -> Weight {
		Weight::from_parts(1_176_000_000, 3593)
			.saturating_add(Weight::from_parts(10_200_000, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn unregister_key() -> Weight {
		Weight::from_parts(603_028_000, 4427)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	fn verify_proof(n: u32, ) -> Weight {
		Weight::from_parts(1_500_000_000, 4213)
			.saturating_add(Weight::from_parts(29_500_000, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(1_u64))
	}
}
