use super::*;
use crate::poc::AuthorityPair;
use polkadot_sdk::{
	sp_core::{crypto::Pair as _, sr25519},
	sp_runtime::{
		generic::{Digest, Header as GenericHeader},
		traits::BlakeTwo256,
	},
};

type Header = GenericHeader<u32, BlakeTwo256>;

const TWO_POW_128: f64 = 340_282_366_920_938_463_463_374_607_431_768_211_456.0;

#[test]
fn threshold_edges() {
	assert_eq!(threshold(Perbill::zero(), 5, 10), 0);
	assert_eq!(threshold(Perbill::from_percent(50), 0, 10), 0);
	assert_eq!(threshold(Perbill::from_percent(50), 5, 0), 0);
	assert_eq!(threshold(Perbill::one(), 1, 10), u128::MAX);
	// A sole authority's threshold is c · 2^128.
	let t = threshold(Perbill::from_percent(25), 7, 7) as f64 / TWO_POW_128;
	assert!((t - 0.25).abs() < 1e-12, "{t}");
}

#[test]
fn threshold_grows_with_weight_and_difficulty() {
	let mut last = 0;
	for w in 1..=100u128 {
		let t = threshold(Perbill::from_percent(20), w, 100);
		assert!(t > last);
		last = t;
	}
	let mut last = 0;
	for c in 1..=100u32 {
		let t = threshold(Perbill::from_percent(c), 1, 3);
		assert!(t > last || c == 100);
		last = t;
	}
}

#[test]
fn splitting_an_identity_gains_nothing() {
	// One identity with weight 6 of 10 fails with probability (1-c)^(6/10); split into weights
	// 1, 2, 3 the three fail together with the same probability.
	let c = Perbill::from_percent(30);
	let p = |w| threshold(c, w, 10) as f64 / TWO_POW_128;
	let whole = 1.0 - p(6);
	let split = (1.0 - p(1)) * (1.0 - p(2)) * (1.0 - p(3));
	assert!((whole - split).abs() < 1e-12, "{whole} vs {split}");
}

#[test]
fn fallback_author_follows_weights() {
	let weights = [1u128, 2, 3, 0];
	let n = 30_000u64;
	let mut counts = [0u64; 4];
	for s in 0..n {
		let i = fallback_author(&[3u8; 32], Slot::from(s), weights.iter().copied()).unwrap();
		counts[i as usize] += 1;
	}
	assert_eq!(counts[3], 0, "zero weight is never drawn");
	for (i, w) in weights.iter().take(3).enumerate() {
		let p = *w as f64 / 6.0;
		let sd = (n as f64 * p * (1.0 - p)).sqrt();
		// 5σ bound: a false failure has probability below 6e-7.
		assert!((counts[i] as f64 - n as f64 * p).abs() < 5.0 * sd, "{i}: {}", counts[i]);
	}
	assert_eq!(fallback_author(&[0u8; 32], Slot::from(1), [0u128, 0].into_iter()), None);
}

fn sealed(pair: &AuthorityPair, slot: u64, salt: u8) -> Header {
	let pre = PreDigest {
		authority_index: 0,
		slot: Slot::from(slot),
		kind: ClaimKind::Primary,
		vrf_signature: {
			let inner: &sr25519::Pair = pair.as_ref();
			use polkadot_sdk::sp_core::crypto::VrfSecret;
			inner.vrf_sign(&vrf_sign_data(&[0u8; 32], Slot::from(slot)))
		},
	};
	let mut header = Header::new(
		1,
		Default::default(),
		[salt; 32].into(),
		Default::default(),
		Digest { logs: vec![DigestItem::poc_pre_digest(&pre)] },
	);
	let signature = pair.sign(header.hash().as_ref());
	header.digest_mut().push(DigestItem::poc_seal(signature));
	header
}

#[test]
fn equivocation_proofs_are_checked() {
	let alice = AuthorityPair::from_string("//Alice", None).unwrap();
	let bob = AuthorityPair::from_string("//Bob", None).unwrap();
	let proof = |first, second, offender: &AuthorityPair, slot| EquivocationProof {
		offender: offender.public(),
		slot: Slot::from(slot),
		first_header: first,
		second_header: second,
	};
	assert!(check_equivocation_proof(proof(sealed(&alice, 4, 1), sealed(&alice, 4, 2), &alice, 4)));
	// The same header twice is no equivocation.
	let header = sealed(&alice, 4, 1);
	assert!(!check_equivocation_proof(proof(header.clone(), header, &alice, 4)));
	// Different slots.
	assert!(!check_equivocation_proof(proof(
		sealed(&alice, 4, 1),
		sealed(&alice, 5, 2),
		&alice,
		4
	)));
	// Not the offender's seals.
	assert!(!check_equivocation_proof(proof(sealed(&bob, 4, 1), sealed(&bob, 4, 2), &alice, 4)));
	// The proof names another slot.
	assert!(!check_equivocation_proof(proof(
		sealed(&alice, 4, 1),
		sealed(&alice, 4, 2),
		&alice,
		5
	)));
}
