//! Tests of slot claiming (the lottery's rate) and of the checks every imported block passes.

use crate::worker::{claim_slot, seal};
use aether_primitives::poc::{
	digests::CompatibleDigestItem,
	verification::{check_header, fallback_author, vrf_sign_data, ClaimError},
	AuthorityId, ClaimKind, LotteryParams, PreDigest, Slot, KEY_TYPE,
};
use polkadot_sdk::{
	sp_keystore::{testing::MemoryKeystore, Keystore, KeystorePtr},
	sp_runtime::{
		generic::{Digest, Header as GenericHeader},
		traits::{BlakeTwo256, Header as _},
		DigestItem, Perbill,
	},
};
use std::sync::Arc;

type Header = GenericHeader<u32, BlakeTwo256>;

/// A raw 32-byte secret seed for the test authority called `name`. Raw seeds keep the memory
/// keystore fast: a `//Name` derivation would run BIP-39's 2048 PBKDF2 rounds on every signature.
fn seed_of(name: &str) -> String {
	let byte = name.bytes().fold(0u8, |acc, b| acc.wrapping_mul(31).wrapping_add(b));
	format!("0x{}", format!("{byte:02x}").repeat(32))
}

/// A keystore holding one authority key made from `name`'s seed.
fn keystore_with(name: &str) -> (KeystorePtr, AuthorityId) {
	let keystore: KeystorePtr = Arc::new(MemoryKeystore::new());
	let public =
		keystore.sr25519_generate_new(KEY_TYPE, Some(&seed_of(name))).expect("memory keystore");
	(keystore, public.into())
}

fn params(authorities: Vec<(AuthorityId, u128)>, difficulty: Perbill) -> LotteryParams {
	LotteryParams {
		randomness: [7u8; 32],
		difficulty,
		authorities,
		parent_slot: Slot::from(0),
		fallback_after: u64::MAX / 2,
	}
}

/// `count` successes out of `n` trials of probability `p` lie within 5 standard deviations of
/// the mean: a false failure has probability below 6e-7 per assertion.
fn assert_binomial(count: u64, n: u64, p: f64, what: &str) {
	let mean = n as f64 * p;
	let sd = (n as f64 * p * (1.0 - p)).sqrt();
	assert!(
		(count as f64 - mean).abs() <= 5.0 * sd,
		"{what}: {count} wins in {n} slots, expected {mean:.1} ± {:.1} (5σ)",
		5.0 * sd
	);
}

#[test]
fn claim_rate_of_a_sole_authority_is_the_difficulty() {
	let (keystore, alice) = keystore_with("//Alice");
	let params = params(vec![(alice, 1_000)], Perbill::from_percent(10));
	let n = 20_000u64;
	let wins = (1..=n).filter(|s| claim_slot(Slot::from(*s), &params, &keystore).is_some()).count();
	// A sole authority holds all the weight: it wins with probability c = 0.1.
	assert_binomial(wins as u64, n, 0.1, "sole authority");
}

#[test]
fn claim_rates_follow_weights_and_some_author_wins_with_probability_c() {
	let stores: Vec<_> =
		["//Alice", "//Bob", "//Charlie"].iter().map(|s| keystore_with(s)).collect();
	let weights = [1u128, 2, 3];
	let authorities =
		stores.iter().zip(weights).map(|((_, key), w)| (key.clone(), w)).collect::<Vec<_>>();
	let c = 0.3f64;
	let params = params(authorities, Perbill::from_percent(30));
	let n = 6_000u64;
	let mut wins = [0u64; 3];
	let mut slots_with_a_winner = 0u64;
	for s in 1..=n {
		let mut any = false;
		for (i, (keystore, _)) in stores.iter().enumerate() {
			if let Some(claim) = claim_slot(Slot::from(s), &params, keystore) {
				assert_eq!(claim.pre_digest.kind, ClaimKind::Primary);
				assert_eq!(claim.pre_digest.authority_index, i as u32);
				wins[i] += 1;
				any = true;
			}
		}
		slots_with_a_winner += any as u64;
	}
	for (i, w) in weights.iter().enumerate() {
		// p_i = 1 − (1 − c)^(w_i / W)
		let p = 1.0 - (1.0 - c).powf(*w as f64 / 6.0);
		assert_binomial(wins[i], n, p, &format!("authority {i}"));
	}
	// The VRF outputs are independent, so P(no winner) = Π (1 − c)^(w_i/W) = 1 − c.
	assert_binomial(slots_with_a_winner, n, c, "some authority");
}

#[test]
fn only_the_slots_fallback_author_claims_after_the_drought() {
	let stores: Vec<_> =
		["//Alice", "//Bob", "//Charlie"].iter().map(|s| keystore_with(s)).collect();
	let mut params = params(
		stores.iter().map(|(_, key)| (key.clone(), 10)).collect(),
		// With c = 0 nobody ever wins the lottery: only fallback claims are possible.
		Perbill::zero(),
	);
	params.parent_slot = Slot::from(100);
	params.fallback_after = 9;
	for slot in 101..109u64 {
		assert!(stores.iter().all(|(ks, _)| claim_slot(Slot::from(slot), &params, ks).is_none()));
	}
	for slot in 109..140u64 {
		let expected =
			fallback_author(&params.randomness, Slot::from(slot), [10u128; 3].into_iter())
				.expect("non-zero weights");
		let claims: Vec<_> =
			stores.iter().filter_map(|(ks, _)| claim_slot(Slot::from(slot), &params, ks)).collect();
		assert_eq!(claims.len(), 1, "exactly one fallback author in slot {slot}");
		assert_eq!(claims[0].pre_digest.kind, ClaimKind::Fallback);
		assert_eq!(claims[0].pre_digest.authority_index, expected);
	}
}

/// A header at height 1 carrying `pre_digest`, sealed by `sealer`.
fn sealed_header(pre_digest: &PreDigest, keystore: &KeystorePtr, sealer: &AuthorityId) -> Header {
	let mut header = Header::new(
		1,
		Default::default(),
		Default::default(),
		Default::default(),
		Digest { logs: vec![DigestItem::poc_pre_digest(pre_digest)] },
	);
	let seal = seal(header.hash().as_ref(), sealer, keystore).expect("key is in the keystore");
	header.digest_mut().push(seal);
	header
}

fn pre_digest(
	keystore: &KeystorePtr,
	key: &AuthorityId,
	params: &LotteryParams,
	slot: u64,
) -> PreDigest {
	let vrf_signature = keystore
		.sr25519_vrf_sign(
			KEY_TYPE,
			key.as_ref(),
			&vrf_sign_data(&params.randomness, Slot::from(slot)),
		)
		.expect("keystore works")
		.expect("key is in the keystore");
	PreDigest {
		authority_index: 0,
		slot: Slot::from(slot),
		kind: ClaimKind::Primary,
		vrf_signature,
	}
}

#[test]
fn a_valid_block_passes() {
	let (keystore, alice) = keystore_with("//Alice");
	let params = params(vec![(alice.clone(), 1)], Perbill::one());
	let header = sealed_header(&pre_digest(&keystore, &alice, &params, 5), &keystore, &alice);
	let checked = check_header(header, &params, Slot::from(5)).expect("valid block");
	assert_eq!(checked.author, alice);
	assert_eq!(checked.pre_digest.slot, Slot::from(5));
	assert!(checked.seal.as_poc_seal().is_some());
}

#[test]
fn a_wrong_seal_is_rejected() {
	let (keystore, alice) = keystore_with("//Alice");
	let bob =
		keystore.sr25519_generate_new(KEY_TYPE, Some(&seed_of("//Bob"))).expect("memory").into();
	let params = params(vec![(alice.clone(), 1)], Perbill::one());
	let header = sealed_header(&pre_digest(&keystore, &alice, &params, 5), &keystore, &bob);
	assert_eq!(check_header(header, &params, Slot::from(5)).err(), Some(ClaimError::BadSeal));
}

#[test]
fn a_wrong_vrf_proof_is_rejected() {
	let (keystore, alice) = keystore_with("//Alice");
	let params = params(vec![(alice.clone(), 1)], Perbill::one());
	// The VRF was evaluated for slot 6 but the block claims slot 5.
	let mut pre = pre_digest(&keystore, &alice, &params, 6);
	pre.slot = Slot::from(5);
	let header = sealed_header(&pre, &keystore, &alice);
	assert_eq!(check_header(header, &params, Slot::from(6)).err(), Some(ClaimError::BadVrfProof));
}

#[test]
fn an_ineligible_author_is_rejected() {
	let (keystore, alice) = keystore_with("//Alice");
	let (_, bob) = keystore_with("//Bob");
	// Alice holds 1 of 1_000_000 weight at c = 10 %: she almost never wins; find a slot she lost.
	let params = params(vec![(alice.clone(), 1), (bob, 999_999)], Perbill::from_percent(10));
	let slot = (1..1000u64)
		.find(|s| claim_slot(Slot::from(*s), &params, &keystore).is_none())
		.expect("a lost slot");
	let header = sealed_header(&pre_digest(&keystore, &alice, &params, slot), &keystore, &alice);
	assert!(matches!(
		check_header(header, &params, Slot::from(slot)),
		Err(ClaimError::NotEligible { .. })
	));
}

#[test]
fn a_future_slot_is_rejected() {
	let (keystore, alice) = keystore_with("//Alice");
	let params = params(vec![(alice.clone(), 1)], Perbill::one());
	let header = sealed_header(&pre_digest(&keystore, &alice, &params, 50), &keystore, &alice);
	assert_eq!(
		check_header(header, &params, Slot::from(10)).err(),
		Some(ClaimError::FutureSlot { slot: Slot::from(50), now: Slot::from(10) })
	);
}

#[test]
fn a_slot_not_after_the_parents_is_rejected() {
	let (keystore, alice) = keystore_with("//Alice");
	let mut params = params(vec![(alice.clone(), 1)], Perbill::one());
	params.parent_slot = Slot::from(5);
	let header = sealed_header(&pre_digest(&keystore, &alice, &params, 5), &keystore, &alice);
	assert_eq!(
		check_header(header, &params, Slot::from(9)).err(),
		Some(ClaimError::SlotNotAfterParent { slot: Slot::from(5), parent_slot: Slot::from(5) })
	);
}

#[test]
fn an_unknown_authority_and_a_missing_seal_are_rejected() {
	let (keystore, alice) = keystore_with("//Alice");
	let params = params(vec![(alice.clone(), 1)], Perbill::one());
	let mut pre = pre_digest(&keystore, &alice, &params, 5);
	pre.authority_index = 3;
	let header = sealed_header(&pre, &keystore, &alice);
	assert_eq!(
		check_header(header, &params, Slot::from(5)).err(),
		Some(ClaimError::UnknownAuthority(3))
	);

	let mut header = sealed_header(&pre_digest(&keystore, &alice, &params, 5), &keystore, &alice);
	header.digest_mut().pop();
	assert_eq!(check_header(header, &params, Slot::from(5)).err(), Some(ClaimError::MissingSeal));
}

#[test]
fn early_or_usurped_fallback_claims_are_rejected() {
	let stores: Vec<_> = ["//Alice", "//Bob"].iter().map(|s| keystore_with(s)).collect();
	let mut params = params(stores.iter().map(|(_, k)| (k.clone(), 1)).collect(), Perbill::zero());
	params.fallback_after = 9;
	params.parent_slot = Slot::from(10);
	let (keystore, alice) = &stores[0];
	let mut early = pre_digest(keystore, alice, &params, 15);
	early.kind = ClaimKind::Fallback;
	let header = sealed_header(&early, keystore, alice);
	assert_eq!(
		check_header(header, &params, Slot::from(15)).err(),
		Some(ClaimError::FallbackTooEarly { slot: Slot::from(15), earliest: Slot::from(19) })
	);
	// A slot whose fallback author is Bob, claimed by Alice.
	let slot = (19..200u64)
		.find(|s| {
			fallback_author(&params.randomness, Slot::from(*s), [1u128, 1].into_iter()) == Some(1)
		})
		.expect("Bob is drawn in some slot");
	let mut usurped = pre_digest(keystore, alice, &params, slot);
	usurped.kind = ClaimKind::Fallback;
	let header = sealed_header(&usurped, keystore, alice);
	assert_eq!(
		check_header(header, &params, Slot::from(slot)).err(),
		Some(ClaimError::NotFallbackAuthor { expected: Some(1), claimed: 0 })
	);
}
