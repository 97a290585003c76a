//! The pure rules of the PoC lottery: thresholds, the VRF transcript, the fallback author, and the
//! checks of a sealed header and of an equivocation proof. No I/O and no clock: the client passes
//! the parameters it read from the parent state.

use super::{
	digests::{find_pre_digest, CompatibleDigestItem, PreDigestLookupError},
	AuthorityId, AuthorityIndex, ClaimKind, Contribution, EquivocationProof, LotteryParams,
	PreDigest, Randomness, Slot, VRF_LABEL, VRF_OUTPUT_CONTEXT,
};
use codec::Encode;
use polkadot_sdk::{
	sp_application_crypto::RuntimeAppPublic,
	sp_core::{
		crypto::VrfPublic,
		sr25519::vrf::{VrfPreOutput, VrfSignData, VrfTranscript},
	},
	sp_io::hashing::blake2_256,
	sp_runtime::{traits::Header as HeaderT, DigestItem, PerThing, Perbill},
};

/// 2^128 as an `f64` (exactly representable).
const TWO_POW_128: f64 = 340_282_366_920_938_463_463_374_607_431_768_211_456.0;

/// The lottery threshold of an authority with `weight` out of `total`, at difficulty `c`:
/// `2^128 · (1 − (1 − c)^(weight / total))`.
///
/// Computed as `−expm1(share · ln1p(−c))` in IEEE double precision with the pure-Rust `libm`, so
/// the runtime (WASM) and the client (native) get the same bits. Precision is 2^-53 relative,
/// far finer than the VRF output's 2^-128 steps matter for.
pub fn threshold(c: Perbill, weight: Contribution, total: Contribution) -> u128 {
	if weight == 0 || total == 0 || c.is_zero() {
		return 0;
	}
	if c == Perbill::one() {
		return u128::MAX;
	}
	let c = c.deconstruct() as f64 / Perbill::ACCURACY as f64;
	let share = (weight as f64 / total as f64).min(1.0);
	let p = -libm::expm1(share * libm::log1p(-c));
	let scaled = p * TWO_POW_128;
	if scaled >= TWO_POW_128 {
		u128::MAX
	} else {
		// Float-to-int casts saturate and map NaN to 0.
		scaled as u128
	}
}

/// The VRF input of `slot` in an epoch with `randomness`.
pub fn vrf_transcript(randomness: &Randomness, slot: Slot) -> VrfTranscript {
	VrfTranscript::new(VRF_LABEL, &[(b"slot", &slot.encode()), (b"randomness", randomness)])
}

/// What an authority signs with its VRF key to claim `slot`.
pub fn vrf_sign_data(randomness: &Randomness, slot: Slot) -> VrfSignData {
	vrf_transcript(randomness, slot).into()
}

/// The lottery number of a VRF pre-output: 16 bytes derived from it, the input and the public key.
pub fn lottery_value(
	authority: &AuthorityId,
	randomness: &Randomness,
	slot: Slot,
	pre_output: &VrfPreOutput,
) -> Option<u128> {
	let public: &polkadot_sdk::sp_core::sr25519::Public = authority.as_ref();
	public
		.make_bytes::<16>(VRF_OUTPUT_CONTEXT, &vrf_transcript(randomness, slot), pre_output)
		.ok()
		.map(u128::from_le_bytes)
}

/// The authority that may author a fallback block in `slot`: drawn by weight with a hash of the
/// epoch randomness and the slot. `None` if every weight is zero.
pub fn fallback_author(
	randomness: &Randomness,
	slot: Slot,
	weights: impl Iterator<Item = Contribution> + Clone,
) -> Option<AuthorityIndex> {
	let total = weights.clone().fold(0u128, |acc, w| acc.saturating_add(w));
	if total == 0 {
		return None;
	}
	let seed = blake2_256(&(b"aether-poc-fallback", randomness, slot).encode());
	let mut low = [0u8; 16];
	low.copy_from_slice(&seed[..16]);
	let mut point = u128::from_le_bytes(low) % total;
	for (index, weight) in weights.enumerate() {
		if point < weight {
			return Some(index as AuthorityIndex);
		}
		point -= weight;
	}
	None
}

/// Total lottery weight of the authority set.
pub fn total_weight(params: &LotteryParams) -> Contribution {
	params.authorities.iter().fold(0u128, |acc, (_, w)| acc.saturating_add(*w))
}

/// Why a block's claim on its slot is invalid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClaimError {
	/// The header has no PoC pre-runtime digest.
	MissingPreDigest,
	/// The header has more than one PoC pre-runtime digest.
	MultiplePreDigests,
	/// The last digest item is not a PoC seal.
	MissingSeal,
	/// The seal is not the author's signature of the header.
	BadSeal,
	/// The slot is not after the parent's slot.
	SlotNotAfterParent {
		/// The slot claimed.
		slot: Slot,
		/// The parent's slot.
		parent_slot: Slot,
	},
	/// The slot is ahead of the verifier's clock.
	FutureSlot {
		/// The slot claimed.
		slot: Slot,
		/// The verifier's current slot.
		now: Slot,
	},
	/// The authority index is not in the parent's authority set.
	UnknownAuthority(AuthorityIndex),
	/// The VRF proof does not verify for this authority, slot and randomness.
	BadVrfProof,
	/// The VRF output is not below the author's threshold.
	NotEligible {
		/// The lottery number.
		value: u128,
		/// The author's threshold.
		threshold: u128,
	},
	/// A fallback claim before `fallback_after` empty slots.
	FallbackTooEarly {
		/// The slot claimed.
		slot: Slot,
		/// The first slot a fallback block may use.
		earliest: Slot,
	},
	/// A fallback claim by someone other than the slot's fallback author.
	NotFallbackAuthor {
		/// Who may author the fallback block.
		expected: Option<AuthorityIndex>,
		/// Who claimed it.
		claimed: AuthorityIndex,
	},
}

impl From<PreDigestLookupError> for ClaimError {
	fn from(e: PreDigestLookupError) -> Self {
		match e {
			PreDigestLookupError::Missing => ClaimError::MissingPreDigest,
			PreDigestLookupError::Multiple => ClaimError::MultiplePreDigests,
		}
	}
}

impl core::fmt::Display for ClaimError {
	fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
		match self {
			ClaimError::MissingPreDigest => write!(f, "no PoC pre-runtime digest"),
			ClaimError::MultiplePreDigests => write!(f, "more than one PoC pre-runtime digest"),
			ClaimError::MissingSeal => write!(f, "no PoC seal"),
			ClaimError::BadSeal => write!(f, "bad seal: not the author's signature"),
			ClaimError::SlotNotAfterParent { slot, parent_slot } => write!(
				f,
				"slot {} is not after the parent's slot {}",
				u64::from(*slot),
				u64::from(*parent_slot)
			),
			ClaimError::FutureSlot { slot, now } => {
				write!(f, "slot {} is in the future (now {})", u64::from(*slot), u64::from(*now))
			},
			ClaimError::UnknownAuthority(i) => write!(f, "unknown authority index {i}"),
			ClaimError::BadVrfProof => write!(f, "bad VRF proof"),
			ClaimError::NotEligible { value, threshold } => write!(
				f,
				"ineligible author: VRF output {value} is not below threshold {threshold}"
			),
			ClaimError::FallbackTooEarly { slot, earliest } => write!(
				f,
				"fallback claim in slot {}, before slot {}",
				u64::from(*slot),
				u64::from(*earliest)
			),
			ClaimError::NotFallbackAuthor { expected, claimed } => write!(
				f,
				"fallback claim by authority {claimed}, but the slot's fallback author is {expected:?}"
			),
		}
	}
}

/// Check the claim of `pre_digest` against the parent's lottery parameters: slot after the
/// parent's, known author, valid VRF proof, and a winning lottery number (or a due fallback).
/// Returns the author's key. The seal is checked by [`check_header`].
pub fn check_claim(
	pre_digest: &PreDigest,
	params: &LotteryParams,
) -> Result<AuthorityId, ClaimError> {
	let slot = pre_digest.slot;
	if slot <= params.parent_slot {
		return Err(ClaimError::SlotNotAfterParent { slot, parent_slot: params.parent_slot });
	}
	let (author, weight) = params
		.authorities
		.get(pre_digest.authority_index as usize)
		.ok_or(ClaimError::UnknownAuthority(pre_digest.authority_index))?;

	let sign_data = vrf_sign_data(&params.randomness, slot);
	let public: &polkadot_sdk::sp_core::sr25519::Public = author.as_ref();
	if !public.vrf_verify(&sign_data, &pre_digest.vrf_signature) {
		return Err(ClaimError::BadVrfProof);
	}

	match pre_digest.kind {
		ClaimKind::Primary => {
			let value = lottery_value(
				author,
				&params.randomness,
				slot,
				&pre_digest.vrf_signature.pre_output,
			)
			.ok_or(ClaimError::BadVrfProof)?;
			let threshold = threshold(params.difficulty, *weight, total_weight(params));
			if value >= threshold {
				return Err(ClaimError::NotEligible { value, threshold });
			}
		},
		ClaimKind::Fallback => {
			let earliest = Slot::from(u64::from(params.parent_slot) + params.fallback_after);
			if slot < earliest {
				return Err(ClaimError::FallbackTooEarly { slot, earliest });
			}
			let expected =
				fallback_author(&params.randomness, slot, params.authorities.iter().map(|a| a.1));
			if expected != Some(pre_digest.authority_index) {
				return Err(ClaimError::NotFallbackAuthor {
					expected,
					claimed: pre_digest.authority_index,
				});
			}
		},
	}
	Ok(author.clone())
}

/// A header whose seal and claim checked out.
#[derive(Clone, Debug)]
pub struct CheckedHeader<H> {
	/// The header without its seal: what the author signed.
	pub pre_header: H,
	/// The claim.
	pub pre_digest: PreDigest,
	/// The seal, to be put back as a post-digest on import.
	pub seal: DigestItem,
	/// The author.
	pub author: AuthorityId,
}

/// Check a sealed header against the parent's lottery parameters and the verifier's current slot:
/// one pre-digest, a slot neither in the future nor at or before the parent's, a valid claim, and
/// a seal that is the author's signature of the header without the seal.
pub fn check_header<H: HeaderT>(
	mut header: H,
	params: &LotteryParams,
	now: Slot,
) -> Result<CheckedHeader<H>, ClaimError> {
	let seal = header.digest_mut().pop().ok_or(ClaimError::MissingSeal)?;
	let signature = seal.as_poc_seal().ok_or(ClaimError::MissingSeal)?;
	let pre_digest = find_pre_digest(&header)?;
	if pre_digest.slot > now {
		return Err(ClaimError::FutureSlot { slot: pre_digest.slot, now });
	}
	let author = check_claim(&pre_digest, params)?;
	let pre_hash = header.hash();
	if !author.verify(&pre_hash.as_ref(), &signature) {
		return Err(ClaimError::BadSeal);
	}
	Ok(CheckedHeader { pre_header: header, pre_digest, seal, author })
}

/// Whether `proof` shows its offender signing two different headers for one slot. Checks the
/// headers and seals only; the caller checks that the offender was an authority.
pub fn check_equivocation_proof<H: HeaderT>(proof: EquivocationProof<H>) -> bool {
	let sealed_by = |mut header: H, offender: &AuthorityId| -> Option<(AuthorityIndex, Slot)> {
		let seal = header.digest_mut().pop()?.as_poc_seal()?;
		let pre = find_pre_digest(&header).ok()?;
		offender.verify(&header.hash().as_ref(), &seal).then_some((pre.authority_index, pre.slot))
	};
	if proof.first_header.hash() == proof.second_header.hash() {
		return false;
	}
	let slot = proof.slot;
	match (
		sealed_by(proof.first_header, &proof.offender),
		sealed_by(proof.second_header, &proof.offender),
	) {
		(Some((a, s1)), Some((b, s2))) => a == b && s1 == slot && s2 == slot,
		_ => false,
	}
}

/// The PoC pre-digest among a header's logs, as a digest item (for block builders).
pub fn pre_digest_item(pre_digest: &PreDigest) -> DigestItem {
	DigestItem::poc_pre_digest(pre_digest)
}

#[cfg(test)]
#[path = "verification_tests.rs"]
mod tests;
