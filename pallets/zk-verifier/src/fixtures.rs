//! Benchmark fixtures: for every `n` in `1..=`[`MAX_BENCH_INPUTS`], a compressed verifying key of
//! the tests' circuit with `n` public inputs, a valid proof and its inputs.
//!
//! Proving inside a runtime benchmark would need a prover in WASM and take far too long, so the
//! fixtures are precomputed into `fixtures.bin`, which is compiled into the runtime only with
//! `runtime-benchmarks`. Layout, for `n = 1, 2, …, 16` in order and nothing else:
//! [`key_len`]`(n)` bytes of key, [`PROOF_LEN`] bytes of proof, `32·n` bytes of inputs.
//!
//! Regenerate (reproducibly: every `n` uses rand 0.8's `StdRng` seeded with `n`) with
//! `cargo test -p pallet-zk-verifier regenerate_benchmark_fixtures -- --ignored`; the test
//! `committed_fixtures_verify` checks the committed file natively.

use crate::{key_len, Scalar, PROOF_LEN};
use alloc::vec::Vec;

/// Public inputs the fixtures go up to; the benchmarks' components range over
/// `1..=min(MAX_BENCH_INPUTS, MaxPublicInputs)`.
pub const MAX_BENCH_INPUTS: u32 = 16;

/// The committed fixtures.
const BLOB: &[u8] = include_bytes!("fixtures.bin");

/// A verifying key with a valid proof for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fixture {
	/// The compressed verifying key.
	pub vk: Vec<u8>,
	/// A compressed proof that verifies against it for `inputs`.
	pub proof: Vec<u8>,
	/// The public inputs.
	pub inputs: Vec<Scalar>,
}

impl Fixture {
	/// The fixture's bytes in the layout of `fixtures.bin`.
	pub fn to_bytes(&self) -> Vec<u8> {
		let mut out = Vec::new();
		out.extend_from_slice(&self.vk);
		out.extend_from_slice(&self.proof);
		for input in &self.inputs {
			out.extend_from_slice(input);
		}
		out
	}
}

/// The fixture with `n` public inputs, if `1 <= n <= MAX_BENCH_INPUTS` (and the file is whole).
pub fn fixture(n: u32) -> Option<Fixture> {
	if n == 0 || n > MAX_BENCH_INPUTS {
		return None;
	}
	let mut rest = BLOB;
	for m in 1..=n {
		let key_end = key_len(m) as usize;
		let proof_end = key_end.checked_add(PROOF_LEN as usize)?;
		let end = proof_end.checked_add(32usize.checked_mul(m as usize)?)?;
		let bytes = rest.get(..end)?;
		if m == n {
			let inputs = bytes
				.get(proof_end..)?
				.chunks_exact(32)
				.map(|chunk| {
					let mut input = [0u8; 32];
					input.copy_from_slice(chunk);
					input
				})
				.collect();
			return Some(Fixture {
				vk: bytes.get(..key_end)?.to_vec(),
				proof: bytes.get(key_end..proof_end)?.to_vec(),
				inputs,
			});
		}
		rest = rest.get(end..)?;
	}
	None
}
