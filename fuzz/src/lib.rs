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
