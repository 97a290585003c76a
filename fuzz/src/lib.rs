//! The bodies of Aether Chain's fuzz targets, shared by `cargo fuzz` (the binaries in
//! `fuzz_targets/`, run by `./scripts/fuzz.sh`) and by `cargo test`, which replays every input
//! kept in `fuzz/regressions/<target>/` (crashes found by fuzzing, and seeds) through the same
//! functions.
//!
//! Each target feeds untrusted bytes to code that meets them from the network or from users and
//! asserts what must hold: no panic, and decoding is canonical (what decodes re-encodes to the same
//! bytes, or at least decodes again to the same value).

use aether_primitives::{
	chalice::envelope,
	poc::{
		digests::{decode_pre_digest, find_pre_digest},
		verification::{check_equivocation_proof, check_header},
		AuthorityId, EquivocationProof, LotteryParams, Slot,
	},
};
use aether_runtime::{Header, RuntimeCall, UncheckedExtrinsic};
use codec::{Decode, DecodeLimit, Encode};
use polkadot_sdk::{
	sp_core::{crypto::Pair as _, sr25519},
	sp_runtime::{traits::Header as _, Digest, DigestItem, Perbill},
};
use std::sync::OnceLock;

/// How deep a call may nest when decoded (the runtime's own limit for extrinsics).
const MAX_DEPTH: u32 = 256;

/// An extrinsic and a call from arbitrary bytes: decoding never panics, and an extrinsic that
/// decodes re-encodes to bytes that decode to the same extrinsic.
///
/// The bytes go the way a transaction's do: first as opaque bytes (`Vec<u8>`, whose length prefix
/// SCALE checks against the input), then as the runtime's extrinsic. Decoding
/// `UncheckedExtrinsic` straight from raw bytes asks for `Vec::with_capacity(prefix)` before
/// looking at the input (sp-runtime 49, `decode_with_len`): a 6-byte input claiming 4 GiB made
/// the allocator give up (`fuzz/regressions/extrinsic_decode/oom-4gib-length-prefix`). The node
/// never does that, since the opaque layer bounds the prefix first; docs/SECURITY.md has the
/// details.
pub fn extrinsic_decode(data: &[u8]) {
	if let Ok(opaque) = Vec::<u8>::decode(&mut &data[..]) {
		let bounded = opaque.encode();
		extrinsic_roundtrip(&bounded);
	}
	if let Ok(call) = RuntimeCall::decode_all_with_depth_limit(MAX_DEPTH, &mut &data[..]) {
		let encoded = call.encode();
		assert_eq!(
			RuntimeCall::decode_all_with_depth_limit(MAX_DEPTH, &mut &encoded[..]).ok(),
			Some(call),
			"a call does not survive re-encoding"
		);
	}
}

/// `data` (whose length prefix matches its length) as an extrinsic: decodes or not, and what
/// decodes re-encodes stably.
fn extrinsic_roundtrip(data: &[u8]) {
	if let Ok(xt) = UncheckedExtrinsic::decode_all_with_depth_limit(MAX_DEPTH, &mut &data[..]) {
		let encoded = xt.encode();
		let again = UncheckedExtrinsic::decode_all_with_depth_limit(MAX_DEPTH, &mut &encoded[..])
			.expect("a re-encoded extrinsic decodes");
		assert_eq!(again.encode(), encoded, "extrinsic encoding is not stable");
	}
}

/// PoC pre-digests and digests from arbitrary bytes: decoding never panics, a pre-digest that
/// decodes round-trips, and looking one up in a header of arbitrary logs never panics.
pub fn poc_digest(data: &[u8]) {
	if let Some(pre) = decode_pre_digest(data) {
		assert_eq!(decode_pre_digest(&pre.encode()), Some(pre), "a pre-digest does not round-trip");
	}
	if let Ok(digest) = Digest::decode(&mut &data[..]) {
		let header =
			Header::new(1, Default::default(), Default::default(), Default::default(), digest);
		let _ = find_pre_digest(&header);
	}
	if let Ok(item) = DigestItem::decode(&mut &data[..]) {
		let header = Header::new(
			1,
			Default::default(),
			Default::default(),
			Default::default(),
			Digest { logs: vec![item] },
		);
		let _ = find_pre_digest(&header);
	}
}

/// Four authorities from fixed seeds, as a verifier would read them from the parent state.
fn lottery() -> &'static LotteryParams {
	static PARAMS: OnceLock<LotteryParams> = OnceLock::new();
	PARAMS.get_or_init(|| LotteryParams {
		randomness: [7; 32],
		difficulty: Perbill::from_percent(20),
		authorities: (0u8..4)
			.map(|i| {
				let key: AuthorityId = sr25519::Pair::from_seed(&[i + 1; 32]).public().into();
				(key, 1_000)
			})
			.collect(),
		parent_slot: Slot::from(1_000),
		fallback_after: 9,
	})
}

/// The PoC import check on arbitrary headers: a header (or two, as an equivocation proof) from
/// arbitrary bytes is checked against fixed lottery parameters; it must be refused with an error,
/// never panic. (A random header cannot carry a valid VRF proof and seal.)
pub fn poc_header(data: &[u8]) {
	let mut input = data;
	let Ok(header) = Header::decode(&mut input) else { return };
	let result = check_header(header.clone(), lottery(), Slot::from(u64::MAX));
	assert!(result.is_err(), "a fuzzed header passed the PoC check");
	if let Ok(second) = Header::decode(&mut input) {
		let offender = lottery().authorities[0].0.clone();
		let proof = EquivocationProof::<Header> {
			offender,
			slot: Slot::from(1_001),
			first_header: header,
			second_header: second,
		};
		assert!(!check_equivocation_proof(proof), "a fuzzed equivocation proof was accepted");
	}
}

/// An executor's keys, generated once per process.
fn executor_keys() -> &'static aether_seal::SecretKeys {
	static KEYS: OnceLock<aether_seal::SecretKeys> = OnceLock::new();
	KEYS.get_or_init(|| aether_seal::SecretKeys::generate().expect("the OS has randomness"))
}

/// Sealed messages and Chalice key envelopes from arbitrary bytes: opening never panics and never
/// succeeds (only the sealer could make a valid tag), and public keys parse or are refused.
pub fn sealed_envelope(data: &[u8]) {
	let keys = executor_keys();
	let well_formed = envelope::is_well_formed(data);
	let opened = aether_seal::open_data_key(keys, 0, data);
	assert!(opened.is_err(), "a fuzzed envelope opened");
	if !well_formed {
		assert!(matches!(opened, Err(aether_seal::SealError::Malformed(_))));
	}
	assert!(aether_seal::open(keys, data, b"fuzz").is_err(), "a fuzzed message opened");
	if let Ok(public) = aether_seal::PublicKeys::from_bytes(data) {
		assert_eq!(public.to_bytes(), data, "public keys do not round-trip");
	}
	let _ = aether_seal::SecretKeys::from_bytes(data);
}

/// WebAssembly modules from arbitrary bytes through the chain's registration check: it never
/// panics, and a module it accepts is one the executors' wasmtime engine compiles and instantiates
/// (the chain never registers a program no executor can run).
pub fn module_validation(data: &[u8]) {
	let limits = aether_primitives::commands::ProgramLimits::default();
	if aether_primitives::commands::validate_module(data, &limits).is_ok() {
		let sandbox = veil_sandbox();
		if let Err(e) = sandbox.prepare(data, &limits) {
			// The sandbox refuses a few things the chain cannot see cheaply (tables too large
			// to pool); anything else would be a disagreement.
			assert!(
				matches!(e, aether_veil::VeilError::Unsupported(_)),
				"the chain accepted a module the sandbox refuses: {e}"
			);
		}
	}
}

/// One sandbox per process.
fn veil_sandbox() -> &'static aether_veil::Sandbox {
	static SANDBOX: OnceLock<aether_veil::Sandbox> = OnceLock::new();
	SANDBOX.get_or_init(|| {
		aether_veil::Sandbox::new(aether_veil::SandboxConfig::default()).expect("a sandbox")
	})
}

/// Groth16 verifying keys, proofs and public inputs from arbitrary bytes through the runtime's
/// parser: never a panic; a key that parses re-encodes canonically; a fuzzed proof never verifies
/// against a fixed real key.
pub fn groth16_parse(data: &[u8]) {
	use pallet_zk_verifier::groth16;
	if let Ok(key) = groth16::check_key(data, 16) {
		assert_eq!(
			groth16::PreparedKey::decode_trusted(&key.encode()).map(|k| k.encode()),
			Some(key.encode()),
			"a prepared key does not round-trip"
		);
	}
	let _ = groth16::decode_proof(data);
	let (key, inputs) = real_key();
	let scalars: Vec<[u8; 32]> = data
		.chunks(32)
		.take(4)
		.map(|c| {
			let mut s = [0u8; 32];
			s[..c.len()].copy_from_slice(c);
			s
		})
		.collect();
	assert!(groth16::verify(key, data, &inputs).is_err(), "a fuzzed proof verified");
	let _ = groth16::verify(key, data, &scalars);
}

/// The benchmark fixture's key with four inputs and its inputs.
fn real_key() -> &'static (pallet_zk_verifier::groth16::PreparedKey, Vec<[u8; 32]>) {
	static KEY: OnceLock<(pallet_zk_verifier::groth16::PreparedKey, Vec<[u8; 32]>)> =
		OnceLock::new();
	KEY.get_or_init(|| {
		let fixture =
			pallet_zk_verifier::fixtures::fixture(4).expect("the fixture with four inputs");
		let key = pallet_zk_verifier::groth16::check_key(&fixture.vk, 16)
			.expect("the fixture key parses");
		(key, fixture.inputs)
	})
}

#[cfg(test)]
mod tests {
	use super::*;
	use std::path::PathBuf;

	/// Replay every input kept for `target` under `fuzz/regressions/<target>/`; returns how many.
	fn replay(target: &str, run: fn(&[u8])) -> usize {
		let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("regressions").join(target);
		let mut count = 0;
		if let Ok(entries) = std::fs::read_dir(&dir) {
			for entry in entries.flatten() {
				let bytes = std::fs::read(entry.path()).expect("a regression input is readable");
				run(&bytes);
				count += 1;
			}
		}
		count
	}

	#[test]
	fn regressions_and_seeds_replay() {
		assert!(replay("extrinsic_decode", extrinsic_decode) > 0, "no extrinsic seeds");
		assert!(replay("poc_digest", poc_digest) > 0, "no digest seeds");
		assert!(replay("poc_header", poc_header) > 0, "no header seeds");
		assert!(replay("sealed_envelope", sealed_envelope) > 0, "no envelope seeds");
		assert!(replay("module_validation", module_validation) > 0, "no module seeds");
		assert!(replay("groth16_parse", groth16_parse) > 0, "no Groth16 seeds");
	}

	#[test]
	fn the_targets_take_valid_inputs() {
		// A real signed-looking call round-trips through the extrinsic target.
		let call = RuntimeCall::Chalice(aether_runtime::pallet_chalice::Call::claim {});
		extrinsic_decode(&call.encode());
		let xt = UncheckedExtrinsic::new_bare(call).encode();
		extrinsic_roundtrip(&xt);
		// As opaque bytes: the length prefix of the extrinsic is the opaque one.
		assert!(Vec::<u8>::decode(&mut &xt[..]).is_ok());
		// A real sealed envelope is refused only for the wrong keys, which the target uses.
		let other = aether_seal::SecretKeys::generate().unwrap();
		let sealed = aether_seal::seal_data_key(other.public(), 0, &[1; 32]).unwrap();
		sealed_envelope(&sealed);
		sealed_envelope(&other.public().to_bytes());
		poc_digest(&[]);
		poc_header(
			&Header::new(
				1,
				Default::default(),
				Default::default(),
				Default::default(),
				Default::default(),
			)
			.encode(),
		);
	}
}
