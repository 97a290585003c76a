//! Tests of the verifier pallet with real Groth16 keys and proofs of a small circuit: key
//! registration and deposits, valid and invalid proofs, every malformed encoding, pinning, random
//! bytes, and the benchmark fixtures.

use crate::{
	fixtures::{fixture, Fixture, MAX_BENCH_INPUTS},
	groth16::{self, KeyError, ProofError},
	mock::*,
	*,
};
use ark_bn254::{Bn254, Fq, Fq2, Fr, G1Affine, G2Affine};
use ark_ec::AffineRepr;
use ark_ff::{BigInteger, Field, PrimeField};
use ark_groth16::{Groth16, ProvingKey, VerifyingKey};
use ark_relations::{
	gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError},
	lc,
};
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use ark_snark::SNARK;
use ark_std::{
	rand::{rngs::StdRng, Rng, RngCore, SeedableRng},
	UniformRand,
};
use frame_support::{
	assert_noop, assert_ok, dispatch::GetDispatchInfo, traits::fungible::InspectHold,
};
use polkadot_sdk::sp_runtime::TokenError;
use std::{
	collections::BTreeMap,
	sync::{Arc, Mutex, OnceLock},
};

// ---------------------------------------------------------------------------------------------
// The test circuit and a prover.

/// Knowledge of `aᵢ, bᵢ` with `aᵢ · bᵢ = cᵢ` for the public inputs `c₁, …, cₙ`: one constraint
/// per input.
#[derive(Clone)]
struct Products {
	/// The witnesses; `None` for the key setup.
	pairs: Vec<(Option<Fr>, Option<Fr>)>,
}

impl ConstraintSynthesizer<Fr> for Products {
	fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
		for (a, b) in self.pairs {
			let c = cs.new_input_variable(|| {
				Ok(a.ok_or(SynthesisError::AssignmentMissing)?
					* b.ok_or(SynthesisError::AssignmentMissing)?)
			})?;
			let a = cs.new_witness_variable(|| a.ok_or(SynthesisError::AssignmentMissing))?;
			let b = cs.new_witness_variable(|| b.ok_or(SynthesisError::AssignmentMissing))?;
			cs.enforce_r1cs_constraint(|| lc!() + a, || lc!() + b, || lc!() + c)?;
		}
		Ok(())
	}
}

/// A key pair of [`Products`] with `n` inputs.
struct Circuit {
	pk: ProvingKey<Bn254>,
	vk: VerifyingKey<Bn254>,
	n: usize,
}

impl Circuit {
	fn setup(n: usize, rng: &mut StdRng) -> Self {
		let (pk, vk) = Groth16::<Bn254>::circuit_specific_setup(
			Products { pairs: vec![(None, None); n] },
			rng,
		)
		.expect("the circuit has a key");
		Circuit { pk, vk, n }
	}

	fn vk_bytes(&self) -> Vec<u8> {
		compressed(&self.vk)
	}

	/// A fresh valid proof for random witnesses, with its inputs.
	fn prove(&self, rng: &mut StdRng) -> (Vec<u8>, Vec<Scalar>) {
		let pairs: Vec<(Fr, Fr)> =
			(0..self.n).map(|_| (Fr::rand(&mut *rng), Fr::rand(&mut *rng))).collect();
		let proof = Groth16::<Bn254>::prove(
			&self.pk,
			Products { pairs: pairs.iter().map(|&(a, b)| (Some(a), Some(b))).collect() },
			rng,
		)
		.expect("the witnesses satisfy the circuit");
		(compressed(&proof), pairs.iter().map(|&(a, b)| scalar(a * b)).collect())
	}
}

/// A circuit with a valid proof and its inputs.
struct Proven {
	circuit: Circuit,
	proof: Vec<u8>,
	inputs: Vec<Scalar>,
}

/// The circuit with `n` inputs and a proof for it, shared by the tests (a setup is the slow part).
fn shared(n: usize) -> Arc<Proven> {
	static CACHE: OnceLock<Mutex<BTreeMap<usize, Arc<Proven>>>> = OnceLock::new();
	let cache = CACHE.get_or_init(Default::default);
	if let Some(entry) = cache.lock().expect("no test panicked holding it").get(&n) {
		return entry.clone();
	}
	let mut rng = StdRng::seed_from_u64(1_000 + n as u64);
	let circuit = Circuit::setup(n, &mut rng);
	let (proof, inputs) = circuit.prove(&mut rng);
	let entry = Arc::new(Proven { circuit, proof, inputs });
	cache.lock().expect("no test panicked holding it").insert(n, entry.clone());
	entry
}

fn compressed(value: &impl CanonicalSerialize) -> Vec<u8> {
	let mut out = Vec::new();
	value.serialize_compressed(&mut out).expect("writing to a Vec");
	out
}

fn scalar(value: Fr) -> Scalar {
	let mut out = [0u8; 32];
	out.copy_from_slice(&value.into_bigint().to_bytes_le());
	out
}

/// The fixture with `n` inputs, made the way `fixtures.bin` was made.
fn make_fixture(n: u32) -> Fixture {
	let mut rng = StdRng::seed_from_u64(u64::from(n));
	let circuit = Circuit::setup(n as usize, &mut rng);
	let (proof, inputs) = circuit.prove(&mut rng);
	Fixture { vk: circuit.vk_bytes(), proof, inputs }
}

// ---------------------------------------------------------------------------------------------
// Helpers on the pallet.

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn held(who: AccountId) -> Balance {
	Balances::balance_on_hold(&HoldReason::VerifyingKey.into(), &who)
}

/// `owner` registers `vk`; returns its id.
fn register(owner: AccountId, vk: Vec<u8>) -> VkId {
	let id = NextKeyId::<Test>::get();
	assert_ok!(ZkVerifier::register_key(signed(owner), vk));
	id
}

fn verify(vk: VkId, proof: &[u8], inputs: &[Scalar]) -> Result<(), VerifyError> {
	<ZkVerifier as VerifyProof>::verify(vk, proof, inputs)
}

/// An `x` whose `x³ + 3` has no square root in the base field: no G1 point has it.
fn g1_x_off_the_curve() -> Fq {
	(1u64..)
		.map(Fq::from)
		.find(|x| G1Affine::get_ys_from_x_unchecked(*x).is_none())
		.expect("half of all x are off the curve")
}

/// An `x` with no G2 point (on the twist `y² = x³ + b'`).
fn g2_x_off_the_curve() -> Fq2 {
	(1u64..)
		.map(|i| Fq2::new(Fq::from(i), Fq::from(1u64)))
		.find(|x| G2Affine::get_ys_from_x_unchecked(*x).is_none())
		.expect("half of all x are off the curve")
}

/// A point on the G2 curve outside the prime-order subgroup (the twist's cofactor is huge).
fn g2_outside_the_subgroup() -> G2Affine {
	(1u64..)
		.filter_map(|i| G2Affine::get_point_from_x_unchecked(Fq2::new(Fq::from(i), Fq::ONE), true))
		.find(|p| !p.is_in_correct_subgroup_assuming_on_curve())
		.expect("almost no point of the curve is in the subgroup")
}

/// The 32-byte compressed encoding of an `x` with "y positive" flags: a G1 point if there is one.
fn g1_bytes_of_x(x: Fq) -> Vec<u8> {
	compressed(&x)
}

/// The 64-byte compressed encoding of an `x` with "y positive" flags.
fn g2_bytes_of_x(x: Fq2) -> Vec<u8> {
	compressed(&x)
}

// ---------------------------------------------------------------------------------------------
// Registration and deposits.

#[test]
fn register_and_unregister_hold_and_release_the_deposit() {
	build_and_execute(|| {
		let circuit = &shared(2).circuit;
		let vk = circuit.vk_bytes();
		assert_eq!(vk.len(), key_len(2) as usize);
		let free_before = Balances::free_balance(1);

		let id = register(1, vk.clone());
		assert_eq!(id, 0);
		let deposit = ZkVerifier::key_deposit(2);
		assert_eq!(
			deposit,
			KEY_DEPOSIT + BYTE_DEPOSIT * Balance::from(key_len(2) + prepared_len(2))
		);
		assert_eq!(held(1), deposit);
		assert_eq!(Balances::free_balance(1), free_before - deposit);
		let info = Keys::<Test>::get(id).expect("registered");
		assert_eq!(
			(info.owner, info.deposit, info.inputs, info.key.to_vec(), info.users),
			(1, deposit, 2, vk.clone(), 0)
		);
		assert_eq!(Prepared::<Test>::get(id).map(|p| p.len()), Some(prepared_len(2) as usize));
		assert_eq!(NextKeyId::<Test>::get(), 1);
		System::assert_last_event(Event::KeyRegistered { id, owner: 1, inputs: 2 }.into());

		// The same key again is a second registration with its own id and deposit.
		let again = register(2, vk);
		assert_eq!(again, 1);
		assert_eq!(held(2), deposit);
		ZkVerifier::do_try_state().expect("two keys");

		assert_ok!(ZkVerifier::unregister_key(signed(1), id));
		System::assert_last_event(Event::KeyUnregistered { id, owner: 1 }.into());
		assert_eq!(held(1), 0);
		assert_eq!(Balances::free_balance(1), free_before);
		assert!(!Keys::<Test>::contains_key(id));
		assert!(!Prepared::<Test>::contains_key(id));
		// Ids are never reused.
		assert_eq!(NextKeyId::<Test>::get(), 2);
		assert_eq!(register(1, shared(1).circuit.vk_bytes()), 2);
	});
}

#[test]
fn a_key_needs_its_deposit() {
	build_and_execute(|| {
		let vk = shared(1).circuit.vk_bytes();
		assert!(ZkVerifier::key_deposit(1) > Balances::free_balance(POOR));
		assert_noop!(ZkVerifier::register_key(signed(POOR), vk), TokenError::FundsUnavailable);
	});
}

#[test]
fn unregister_checks_owner_existence_and_users() {
	build_and_execute(|| {
		let id = register(1, shared(1).circuit.vk_bytes());
		assert_noop!(ZkVerifier::unregister_key(signed(1), id + 1), Error::<Test>::UnknownKey);
		assert_noop!(ZkVerifier::unregister_key(signed(2), id), Error::<Test>::NotOwner);

		assert_ok!(<ZkVerifier as VerifyProof>::pin(id, true));
		assert_ok!(<ZkVerifier as VerifyProof>::pin(id, true));
		assert_eq!(Keys::<Test>::get(id).map(|info| info.users), Some(2));
		assert_noop!(ZkVerifier::unregister_key(signed(1), id), Error::<Test>::KeyInUse);
		assert_ok!(<ZkVerifier as VerifyProof>::pin(id, false));
		assert_noop!(ZkVerifier::unregister_key(signed(1), id), Error::<Test>::KeyInUse);
		assert_ok!(<ZkVerifier as VerifyProof>::pin(id, false));
		// Unpinning an unpinned key stays at zero.
		assert_ok!(<ZkVerifier as VerifyProof>::pin(id, false));
		assert_eq!(Keys::<Test>::get(id).map(|info| info.users), Some(0));
		assert_ok!(ZkVerifier::unregister_key(signed(1), id));
	});
}

#[test]
fn pin_of_an_unknown_key_fails() {
	build_and_execute(|| {
		assert_noop!(<ZkVerifier as VerifyProof>::pin(7, true), Error::<Test>::UnknownKey);
		assert_noop!(<ZkVerifier as VerifyProof>::pin(7, false), Error::<Test>::UnknownKey);
	});
}

#[test]
fn input_count_and_weight_follow_the_key() {
	build_and_execute(|| {
		assert_eq!(<ZkVerifier as VerifyProof>::input_count(0), None);
		let id = register(1, shared(3).circuit.vk_bytes());
		assert_eq!(<ZkVerifier as VerifyProof>::input_count(id), Some(3));
		assert_eq!(
			<ZkVerifier as VerifyProof>::verify_weight(3),
			<() as WeightInfo>::verify_proof(3)
		);
		assert!(
			<ZkVerifier as VerifyProof>::verify_weight(16).ref_time()
				> <ZkVerifier as VerifyProof>::verify_weight(1).ref_time()
		);
	});
}

// ---------------------------------------------------------------------------------------------
// Malformed keys: nothing changes.

#[test]
fn garbage_and_truncated_keys_are_malformed() {
	build_and_execute(|| {
		let vk = shared(2).circuit.vk_bytes();
		for bad in [
			vec![],
			vec![0u8; 10],
			vec![0xffu8; key_len(2) as usize],
			vk[..vk.len() - 1].to_vec(),
			vk[..vk.len() - 32].to_vec(),
			vk[..100].to_vec(),
		] {
			assert_noop!(ZkVerifier::register_key(signed(1), bad), Error::<Test>::MalformedKey);
		}
	});
}

#[test]
fn keys_with_points_off_the_curve_or_outside_the_subgroup_are_malformed() {
	build_and_execute(|| {
		let vk = shared(2).circuit.vk_bytes();
		// α (G1, bytes 0..32) off the curve.
		let mut bad = vk.clone();
		bad[..32].copy_from_slice(&g1_bytes_of_x(g1_x_off_the_curve()));
		assert!(VerifyingKey::<Bn254>::deserialize_compressed_unchecked(&bad[..]).is_err());
		assert_noop!(ZkVerifier::register_key(signed(1), bad), Error::<Test>::MalformedKey);
		// β (G2, bytes 32..96) off the curve.
		let mut bad = vk.clone();
		bad[32..96].copy_from_slice(&g2_bytes_of_x(g2_x_off_the_curve()));
		assert_noop!(ZkVerifier::register_key(signed(1), bad), Error::<Test>::MalformedKey);
		// δ (G2, bytes 160..224) on the curve but outside the subgroup: only the subgroup check
		// catches it.
		let mut bad = vk.clone();
		bad[160..224].copy_from_slice(&compressed(&g2_outside_the_subgroup()));
		assert!(VerifyingKey::<Bn254>::deserialize_compressed_unchecked(&bad[..]).is_ok());
		assert_noop!(ZkVerifier::register_key(signed(1), bad), Error::<Test>::MalformedKey);
		// The last input base off the curve.
		let mut bad = vk.clone();
		let len = bad.len();
		bad[len - 32..].copy_from_slice(&g1_bytes_of_x(g1_x_off_the_curve()));
		assert_noop!(ZkVerifier::register_key(signed(1), bad), Error::<Test>::MalformedKey);
	});
}

#[test]
fn non_canonical_keys_are_malformed() {
	build_and_execute(|| {
		let vk = shared(2).circuit.vk_bytes();
		// A trailing byte: arkworks alone reads the key and ignores it.
		let mut bad = vk.clone();
		bad.push(0);
		assert!(VerifyingKey::<Bn254>::deserialize_compressed(&bad[..]).is_ok());
		assert_noop!(ZkVerifier::register_key(signed(1), bad), Error::<Test>::MalformedKey);
		// A vector length that does not match the bytes.
		let mut bad = vk.clone();
		bad[224] = 2;
		assert_noop!(ZkVerifier::register_key(signed(1), bad), Error::<Test>::MalformedKey);
		let mut bad = vk.clone();
		bad[224..232].copy_from_slice(&u64::MAX.to_le_bytes());
		assert_noop!(ZkVerifier::register_key(signed(1), bad), Error::<Test>::MalformedKey);
	});
}

#[test]
fn keys_with_a_point_at_infinity_are_malformed() {
	build_and_execute(|| {
		let vk = shared(2).circuit.vk.clone();
		let degenerate = [
			VerifyingKey { alpha_g1: G1Affine::zero(), ..vk.clone() },
			VerifyingKey { beta_g2: G2Affine::zero(), ..vk.clone() },
			VerifyingKey { gamma_g2: G2Affine::zero(), ..vk.clone() },
			VerifyingKey { delta_g2: G2Affine::zero(), ..vk.clone() },
		];
		for key in degenerate {
			assert_noop!(
				ZkVerifier::register_key(signed(1), compressed(&key)),
				Error::<Test>::MalformedKey
			);
		}
		// An input base at infinity is legitimate (an input no constraint uses).
		let mut key = vk.clone();
		key.gamma_abc_g1[1] = G1Affine::zero();
		assert_ok!(ZkVerifier::register_key(signed(1), compressed(&key)));
	});
}

#[test]
fn a_key_without_input_bases_is_empty() {
	build_and_execute(|| {
		let key = VerifyingKey { gamma_abc_g1: vec![], ..shared(1).circuit.vk.clone() };
		assert_noop!(
			ZkVerifier::register_key(signed(1), compressed(&key)),
			Error::<Test>::EmptyKey
		);
	});
}

#[test]
fn keys_too_long_or_with_too_many_inputs_are_refused() {
	build_and_execute(|| {
		assert_noop!(
			ZkVerifier::register_key(signed(1), vec![0; MAX_KEY_LEN as usize + 1]),
			Error::<Test>::KeyTooLong
		);
		let mut rng = StdRng::seed_from_u64(17);
		let seventeen = Circuit::setup(MAX_INPUTS as usize + 1, &mut rng).vk_bytes();
		assert!(seventeen.len() <= MAX_KEY_LEN as usize);
		assert_noop!(
			ZkVerifier::register_key(signed(1), seventeen.clone()),
			Error::<Test>::TooManyInputs
		);
		// The check after decoding, which the length check makes unreachable from the call.
		assert_eq!(
			groth16::check_key(&seventeen, MAX_INPUTS).map(|_| ()),
			Err(KeyError::TooManyInputs)
		);
		assert!(groth16::check_key(&seventeen, MAX_INPUTS + 1).is_ok());
	});
}

// ---------------------------------------------------------------------------------------------
// Proofs.

#[test]
fn a_valid_proof_verifies() {
	build_and_execute(|| {
		let entry = shared(2);
		let (circuit, proof, inputs) = (&entry.circuit, &entry.proof, &entry.inputs);
		let id = register(1, circuit.vk_bytes());
		assert_eq!(verify(id, proof, inputs), Ok(()));
		// A second, fresh proof of other witnesses.
		let (other, other_inputs) = circuit.prove(&mut StdRng::seed_from_u64(99));
		assert_eq!(verify(id, &other, &other_inputs), Ok(()));

		// Through the call, by anyone.
		assert_ok!(ZkVerifier::verify(signed(3), id, proof.clone(), inputs.clone()));
		System::assert_last_event(Event::ProofVerified { key: id }.into());
	});
}

#[test]
fn verifying_changes_no_state() {
	build_and_execute(|| {
		let entry = shared(1);
		let id = register(1, entry.circuit.vk_bytes());
		let root = polkadot_sdk::sp_io::storage::root(polkadot_sdk::sp_runtime::StateVersion::V1);
		assert_eq!(verify(id, &entry.proof, &entry.inputs), Ok(()));
		assert_eq!(verify(id, &entry.proof, &[[1; 32]]), Err(VerifyError::InvalidProof));
		assert_eq!(
			polkadot_sdk::sp_io::storage::root(polkadot_sdk::sp_runtime::StateVersion::V1),
			root
		);
	});
}

#[test]
fn a_proof_for_other_inputs_is_invalid() {
	build_and_execute(|| {
		let entry = shared(2);
		let (circuit, proof, inputs) = (&entry.circuit, &entry.proof, &entry.inputs);
		let id = register(1, circuit.vk_bytes());

		let mut wrong = inputs.clone();
		wrong[1][0] ^= 1;
		assert_eq!(verify(id, proof, &wrong), Err(VerifyError::InvalidProof));
		let swapped = vec![inputs[1], inputs[0]];
		assert_eq!(verify(id, proof, &swapped), Err(VerifyError::InvalidProof));
		assert_eq!(verify(id, proof, &[[0; 32], [0; 32]]), Err(VerifyError::InvalidProof));

		// Another key of the same circuit (another setup) does not accept the proof.
		let other = register(1, Circuit::setup(2, &mut StdRng::seed_from_u64(5)).vk_bytes());
		assert_eq!(verify(other, proof, inputs), Err(VerifyError::InvalidProof));

		// The call fails with the pallet error and emits nothing.
		let events = verifier_events().len();
		assert_noop!(
			ZkVerifier::verify(signed(3), id, proof.clone(), wrong),
			Error::<Test>::InvalidProof
		);
		assert_eq!(verifier_events().len(), events);
	});
}

#[test]
fn a_wrong_number_of_inputs_is_refused() {
	build_and_execute(|| {
		let entry = shared(2);
		let (proof, inputs) = (&entry.proof, &entry.inputs);
		let id = register(1, entry.circuit.vk_bytes());
		assert_eq!(verify(id, proof, &inputs[..1]), Err(VerifyError::WrongInputCount));
		assert_eq!(verify(id, proof, &[]), Err(VerifyError::WrongInputCount));
		let three = vec![inputs[0], inputs[1], [0; 32]];
		assert_eq!(verify(id, proof, &three), Err(VerifyError::WrongInputCount));
		assert_noop!(
			ZkVerifier::verify(signed(3), id, proof.clone(), vec![[0; 32]; 40]),
			Error::<Test>::WrongInputCount
		);
	});
}

#[test]
fn an_unknown_key_verifies_nothing() {
	build_and_execute(|| {
		let entry = shared(1);
		assert_eq!(verify(0, &entry.proof, &entry.inputs), Err(VerifyError::UnknownKey));
		assert_noop!(
			ZkVerifier::verify(signed(3), 0, entry.proof.clone(), entry.inputs.clone()),
			Error::<Test>::UnknownKey
		);
		// An unregistered key is unknown again.
		let id = register(1, entry.circuit.vk_bytes());
		assert_ok!(ZkVerifier::unregister_key(signed(1), id));
		assert_eq!(verify(id, &entry.proof, &entry.inputs), Err(VerifyError::UnknownKey));
	});
}

#[test]
fn garbage_and_truncated_proofs_are_malformed() {
	build_and_execute(|| {
		let entry = shared(1);
		let (proof, inputs) = (&entry.proof, &entry.inputs);
		let id = register(1, entry.circuit.vk_bytes());
		for bad in [
			vec![],
			vec![0u8; 1],
			proof[..127].to_vec(),
			proof[..64].to_vec(),
			vec![0xffu8; PROOF_LEN as usize],
			vec![0x55u8; PROOF_LEN as usize],
			[proof.as_slice(), &[0]].concat(),
			[proof.as_slice(), proof.as_slice()].concat(),
		] {
			assert_eq!(verify(id, &bad, inputs), Err(VerifyError::MalformedProof));
		}
		assert_noop!(
			ZkVerifier::verify(signed(3), id, proof[..100].to_vec(), inputs.clone()),
			Error::<Test>::MalformedProof
		);
	});
}

#[test]
fn proof_points_off_the_curve_are_malformed() {
	build_and_execute(|| {
		let entry = shared(1);
		let (proof, inputs) = (&entry.proof, &entry.inputs);
		let id = register(1, entry.circuit.vk_bytes());

		// A (G1, bytes 0..32): an x with no y on the curve.
		let x = g1_x_off_the_curve();
		assert!(x.into_bigint() < Fq::MODULUS, "x itself is a canonical field element");
		let mut bad = proof.clone();
		bad[..32].copy_from_slice(&g1_bytes_of_x(x));
		assert!(G1Affine::deserialize_compressed_unchecked(&bad[..32]).is_err());
		assert_eq!(verify(id, &bad, inputs), Err(VerifyError::MalformedProof));

		// C (G1, bytes 96..128).
		let mut bad = proof.clone();
		bad[96..].copy_from_slice(&g1_bytes_of_x(x));
		assert_eq!(verify(id, &bad, inputs), Err(VerifyError::MalformedProof));

		// B (G2, bytes 32..96).
		let mut bad = proof.clone();
		bad[32..96].copy_from_slice(&g2_bytes_of_x(g2_x_off_the_curve()));
		assert!(G2Affine::deserialize_compressed_unchecked(&bad[32..96]).is_err());
		assert_eq!(verify(id, &bad, inputs), Err(VerifyError::MalformedProof));

		// B on the curve but outside the subgroup.
		let mut bad = proof.clone();
		bad[32..96].copy_from_slice(&compressed(&g2_outside_the_subgroup()));
		assert!(G2Affine::deserialize_compressed_unchecked(&bad[32..96]).is_ok());
		assert_eq!(verify(id, &bad, inputs), Err(VerifyError::MalformedProof));

		// An x coordinate at or above the field modulus.
		let mut bad = proof.clone();
		bad[..32].copy_from_slice(&Fq::MODULUS.to_bytes_le());
		assert_eq!(verify(id, &bad, inputs), Err(VerifyError::MalformedProof));
	});
}

#[test]
fn non_canonical_proof_encodings_are_malformed() {
	build_and_execute(|| {
		let entry = shared(1);
		let (proof, inputs) = (&entry.proof, &entry.inputs);
		let id = register(1, entry.circuit.vk_bytes());
		// A with the infinity flag but its x left in place: arkworks reads the point at infinity
		// and ignores x, so the same proof would have many encodings.
		let mut bad = proof.clone();
		bad[31] = (bad[31] & 0x3f) | 0x40;
		assert!(ark_groth16::Proof::<Bn254>::deserialize_compressed(&bad[..]).is_ok());
		assert_eq!(groth16::decode_proof(&bad), None);
		assert_eq!(verify(id, &bad, inputs), Err(VerifyError::MalformedProof));
		// Both flags at once.
		let mut bad = proof.clone();
		bad[31] |= 0xc0;
		assert_eq!(verify(id, &bad, inputs), Err(VerifyError::MalformedProof));
		// The other square root (the y flag flipped) is a valid point, but not the proof.
		let mut other = proof.clone();
		other[31] ^= 0x80;
		assert_eq!(verify(id, &other, inputs), Err(VerifyError::InvalidProof));
	});
}

#[test]
fn non_canonical_inputs_are_malformed() {
	build_and_execute(|| {
		let entry = shared(1);
		let (proof, inputs) = (&entry.proof, &entry.inputs);
		let id = register(1, entry.circuit.vk_bytes());
		let modulus: Scalar =
			Fr::MODULUS.to_bytes_le().try_into().expect("the modulus is 32 bytes");
		let mut modulus_plus_one = modulus;
		modulus_plus_one[0] += 1;
		let mut modulus_minus_one = modulus;
		modulus_minus_one[0] -= 1;

		for bad in [modulus, modulus_plus_one, [0xff; 32]] {
			assert_eq!(groth16::decode_scalar(&bad), None);
			assert_eq!(verify(id, proof, &[bad]), Err(VerifyError::MalformedInput));
		}
		assert_eq!(groth16::decode_scalar(&modulus_minus_one), Some(-Fr::ONE));

		// The input plus the modulus: the same field element, reduced, but not canonical.
		let aliased = {
			let mut value = Fr::from_le_bytes_mod_order(&inputs[0]).into_bigint();
			let carry = value.add_with_carry(&Fr::MODULUS);
			assert!(!carry, "the input is small enough to alias below 2^256");
			let bytes: Scalar = value.to_bytes_le().try_into().expect("32 bytes");
			bytes
		};
		assert_eq!(Fr::from_le_bytes_mod_order(&aliased), Fr::from_le_bytes_mod_order(&inputs[0]));
		assert_eq!(verify(id, proof, &[aliased]), Err(VerifyError::MalformedInput));
		assert_noop!(
			ZkVerifier::verify(signed(3), id, proof.clone(), vec![[0xff; 32]]),
			Error::<Test>::MalformedInput
		);
	});
}

#[test]
fn errors_come_in_the_documented_order() {
	build_and_execute(|| {
		let entry = shared(1);
		let id = register(1, entry.circuit.vk_bytes());
		let garbage = vec![0xff; 3];
		// Count before inputs before the proof.
		assert_eq!(verify(id, &garbage, &[[0xff; 32]; 2]), Err(VerifyError::WrongInputCount));
		assert_eq!(verify(id, &garbage, &[[0xff; 32]]), Err(VerifyError::MalformedInput));
		assert_eq!(verify(id, &garbage, &entry.inputs), Err(VerifyError::MalformedProof));
		assert_eq!(verify(id + 1, &garbage, &[]), Err(VerifyError::UnknownKey));
	});
}

// ---------------------------------------------------------------------------------------------
// Random bytes never panic.

/// Thousands of random and mutated keys and proofs go through the checks without a panic, and
/// a random proof never verifies. (Random bytes are cheap to refuse; the mutated ones exercise
/// the deeper paths: a point that decodes, a subgroup check, the pairing.)
#[test]
fn random_bytes_never_panic() {
	build_and_execute(|| {
		let entry = shared(2);
		let (vk, proof, inputs) = (entry.circuit.vk_bytes(), &entry.proof, &entry.inputs);
		let id = register(1, vk.clone());
		let key = groth16::check_key(&vk, MAX_INPUTS).expect("a valid key");
		let mut rng = StdRng::seed_from_u64(0xf022);
		let random_bytes = |rng: &mut StdRng, len: usize| {
			let mut bytes = vec![0u8; len];
			rng.fill_bytes(&mut bytes);
			bytes
		};

		for round in 0..3_000 {
			let len = match round % 3 {
				0 => PROOF_LEN as usize,
				1 => rng.gen_range(0..300),
				_ => rng.gen_range(120..136),
			};
			let bytes = random_bytes(&mut rng, len);
			let input_count = rng.gen_range(0..4);
			let random_inputs: Vec<Scalar> =
				(0..input_count).map(|_| random_bytes(&mut rng, 32).try_into().unwrap()).collect();
			assert_ne!(verify(id, &bytes, inputs), Ok(()));
			assert_ne!(groth16::verify(&key, &bytes, &random_inputs), Ok(()));

			let len = match round % 3 {
				0 => key_len(2) as usize,
				1 => rng.gen_range(0..1100),
				_ => key_len(rng.gen_range(0..20)) as usize,
			};
			let bytes = random_bytes(&mut rng, len);
			assert!(groth16::check_key(&bytes, MAX_INPUTS).is_err());
		}

		// Mutations of the valid proof and key: flip one to three distinct random bits. (The
		// sign bits of both A and B at once would be a valid proof again, e(−A, −B) = e(A, B):
		// Groth16 proofs are malleable; the seed does not draw that pair.)
		let mutate = |rng: &mut StdRng, bytes: &[u8]| {
			let flips = rng.gen_range(1..4);
			let mut bits: Vec<usize> = Vec::new();
			while bits.len() < flips {
				let bit = rng.gen_range(0..bytes.len() * 8);
				if !bits.contains(&bit) {
					bits.push(bit);
				}
			}
			let mut out = bytes.to_vec();
			for bit in bits {
				out[bit / 8] ^= 1 << (bit % 8);
			}
			out
		};
		for _ in 0..300 {
			let bad = mutate(&mut rng, proof);
			assert_ne!(verify(id, &bad, inputs), Ok(()), "a mutated proof verified");
		}
		for _ in 0..100 {
			let bad = mutate(&mut rng, &vk);
			if let Ok(mutated) = groth16::check_key(&bad, MAX_INPUTS) {
				// Only an input base or α moved to another valid point: the proof must fail.
				assert_ne!(groth16::verify(&mutated, proof, inputs), Ok(()));
			}
		}

		// A few hundred through the call: nothing is stored, nothing panics.
		for _ in 0..200 {
			let len = key_len(rng.gen_range(0..4)) as usize;
			let bytes = random_bytes(&mut rng, len);
			assert!(ZkVerifier::register_key(signed(2), bytes).is_err());
		}
		assert_eq!(NextKeyId::<Test>::get(), 1);
	});
}

// ---------------------------------------------------------------------------------------------
// Weights, config and fixtures.

#[test]
fn calls_are_weighed_by_their_inputs() {
	build_and_execute(|| {
		let vk = shared(3).circuit.vk_bytes();
		let call = crate::Call::<Test>::register_key { vk: vk.clone() };
		assert_eq!(call.get_dispatch_info().call_weight, <() as WeightInfo>::register_key(3));
		// A key longer than any allowed one weighs as one with the most inputs.
		let call = crate::Call::<Test>::register_key { vk: vec![0; 5_000] };
		assert_eq!(
			call.get_dispatch_info().call_weight,
			<() as WeightInfo>::register_key(MAX_INPUTS)
		);

		let call = crate::Call::<Test>::verify { vk: 0, proof: vec![], inputs: vec![[0; 32]; 5] };
		assert_eq!(call.get_dispatch_info().call_weight, <() as WeightInfo>::verify_proof(5));
		let call = crate::Call::<Test>::verify { vk: 0, proof: vec![], inputs: vec![[0; 32]; 99] };
		assert_eq!(
			call.get_dispatch_info().call_weight,
			<() as WeightInfo>::verify_proof(MAX_INPUTS)
		);

		let call = crate::Call::<Test>::unregister_key { id: 0 };
		assert_eq!(call.get_dispatch_info().call_weight, <() as WeightInfo>::unregister_key());
	});
}

#[test]
fn integrity_test_passes() {
	new_test_ext().execute_with(|| {
		use frame_support::traits::Hooks;
		<ZkVerifier as Hooks<u64>>::integrity_test();
	});
}

#[test]
fn encoded_lengths_match_arkworks() {
	for n in [0usize, 1, 2, 16] {
		let key = VerifyingKey::<Bn254> {
			gamma_abc_g1: vec![G1Affine::generator(); n + 1],
			..shared(1).circuit.vk.clone()
		};
		assert_eq!(compressed(&key).len(), key_len(n as u32) as usize);
		let prepared = groth16::check_key(&compressed(&key), 16).expect("a valid key");
		assert_eq!(prepared.encode().len(), prepared_len(n as u32) as usize);
		assert_eq!(PreparedKey::decode_trusted(&prepared.encode()), Some(prepared));
	}
	assert_eq!(shared(1).proof.len(), PROOF_LEN as usize);
	assert_eq!(key_len(16), 776);
}

#[test]
fn committed_fixtures_verify() {
	for n in 1..=MAX_BENCH_INPUTS {
		let fixture = fixture(n).expect("fixtures.bin holds every n up to MAX_BENCH_INPUTS");
		assert_eq!(fixture.inputs.len(), n as usize);
		let key = groth16::check_key(&fixture.vk, n).expect("the fixture key is valid");
		assert_eq!(key.inputs(), n as usize);
		assert_eq!(groth16::verify(&key, &fixture.proof, &fixture.inputs), Ok(()));
		let mut wrong = fixture.inputs.clone();
		wrong[0] = [0; 32];
		assert_eq!(groth16::verify(&key, &fixture.proof, &wrong), Err(ProofError::InvalidProof));
	}
	assert_eq!(fixture(0), None);
	assert_eq!(fixture(MAX_BENCH_INPUTS + 1), None);
}

#[test]
fn committed_fixtures_are_what_the_generator_makes() {
	for n in [1, MAX_BENCH_INPUTS] {
		assert_eq!(fixture(n), Some(make_fixture(n)), "fixture {n} regenerates identically");
	}
}

/// Writes `src/fixtures.bin`. Run with
/// `cargo test -p pallet-zk-verifier regenerate_benchmark_fixtures -- --ignored`.
#[test]
#[ignore = "rewrites src/fixtures.bin"]
fn regenerate_benchmark_fixtures() {
	let blob: Vec<u8> = (1..=MAX_BENCH_INPUTS).flat_map(|n| make_fixture(n).to_bytes()).collect();
	let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/fixtures.bin");
	std::fs::write(&path, &blob).expect("src/fixtures.bin is writable");
	println!("wrote {} bytes to {}", blob.len(), path.display());
}
