//! Proof-of-Contribution (PoC) consensus primitives.
//!
//! Time is cut into slots. In each slot every authority evaluates an sr25519 VRF on
//! `(epoch randomness, slot)`; authority *i* may author a *primary* block when the VRF output,
//! read as a 128-bit number, is below
//!
//! ```text
//! 2^128 · (1 − (1 − c)^(w_i / W))
//! ```
//!
//! where `w_i` is its contribution weight, `W` the total weight and `c` the difficulty: the
//! probability that *some* authority wins a given slot. If no block has been made for
//! [`LotteryParams::fallback_after`] slots, one authority, drawn by weight from the slot and the
//! epoch randomness, may author a *fallback* block, so the chain never stalls (BABE's secondary
//! slots, used only after a drought). The maths is in `docs/poc.md`.
//!
//! Everything here is `no_std`: the runtime and the client run the same code.

pub mod digests;
pub mod verification;

use alloc::vec::Vec;
use codec::{Codec, Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::{
	sp_api,
	sp_core::sr25519::vrf::VrfSignature,
	sp_runtime::{ConsensusEngineId, KeyTypeId, Perbill},
};
use scale_info::TypeInfo;

pub use polkadot_sdk::sp_consensus_slots::{Slot, SlotDuration};

/// The engine id of Proof-of-Contribution in digests: `AEPC`.
pub const POC_ENGINE_ID: ConsensusEngineId = *b"AEPC";

/// The key type of PoC authority keys in the keystore: `aepc`.
pub const KEY_TYPE: KeyTypeId = KeyTypeId(*b"aepc");

/// The VRF transcript label of the slot lottery.
pub const VRF_LABEL: &[u8] = b"aether-poc-slot";

/// The context under which the VRF output is turned into the lottery number.
pub const VRF_OUTPUT_CONTEXT: &[u8] = b"aether-poc-lottery";

/// PoC authority keys: sr25519, for the VRF and the seal.
pub mod app {
	use polkadot_sdk::sp_application_crypto::{app_crypto, sr25519};
	app_crypto!(sr25519, super::KEY_TYPE);
}

/// A PoC authority's public key.
pub type AuthorityId = app::Public;
/// A PoC authority's signature (the block seal).
pub type AuthoritySignature = app::Signature;
/// A PoC authority's key pair.
#[cfg(feature = "std")]
pub type AuthorityPair = app::Pair;
/// Position of an authority in the authority set.
pub type AuthorityIndex = u32;
/// Randomness of an epoch: the seed of every slot's VRF in it.
pub type Randomness = [u8; 32];
/// Contribution, in points. Weights are contributions after the floor and the cap.
pub type Contribution = u128;

/// Why an authority may author a block in a slot.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub enum ClaimKind {
	/// It won the VRF lottery.
	Primary,
	/// No block was made for `fallback_after` slots and it is this slot's fallback author.
	Fallback,
}

/// The pre-runtime digest every PoC block carries: who claims the slot, and the proof.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct PreDigest {
	/// Index of the author in the authority set of the parent state.
	pub authority_index: AuthorityIndex,
	/// The slot claimed.
	pub slot: Slot,
	/// Primary (lottery) or fallback claim.
	pub kind: ClaimKind,
	/// VRF pre-output and proof over `(epoch randomness, slot)`. Fallback blocks carry it too:
	/// every block feeds the epoch randomness.
	pub vrf_signature: VrfSignature,
}

/// Kinds of verifiable contribution that raise an account's score.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub enum ContributionKind {
	/// Authored a block that was imported.
	BlockAuthored,
	/// Executed a command whose result was settled (amount: fuel).
	CommandFuel,
	/// Served data under a Chalice usage receipt (amount: bytes).
	DataServed,
	/// Revealed entropy to the beacon.
	EntropyReveal,
}

/// Where other pallets report verifiable contribution. Implemented by `pallet-poc`.
pub trait ContributionSink<AccountId> {
	/// Add `amount` points of contribution of `kind` to `who`.
	fn note_contribution(who: &AccountId, kind: ContributionKind, amount: Contribution);
}

impl<AccountId> ContributionSink<AccountId> for () {
	fn note_contribution(_: &AccountId, _: ContributionKind, _: Contribution) {}
}

/// Where other pallets read contribution as the PoC lottery weighs it. Implemented by
/// `pallet-poc`; the parachain runtime ranks its collator candidates with it.
pub trait ContributionWeights<AccountId> {
	/// The decayed score and the lottery weight of each of `field`, in order, weighed among
	/// `field` alone: `max(1, min(max(score, floor), cap · Σ max(score, floor)))`, with a
	/// suspended account at weight 1 (in the sum too). Reads two entries per account.
	fn weights(field: &[AccountId]) -> Vec<(Contribution, u128)>;
}

impl<AccountId> ContributionWeights<AccountId> for () {
	fn weights(field: &[AccountId]) -> Vec<(Contribution, u128)> {
		field.iter().map(|_| (0, 1)).collect()
	}
}

/// Where other pallets suspend an account's contribution while it misbehaves, and restore it.
/// Implemented by `pallet-poc`: a suspended account's lottery weight is the minimum and new
/// contribution is not credited to it until it is resumed.
pub trait ContributionSuspension<AccountId> {
	/// Suspend `who`'s contribution. Suspending a suspended account changes nothing.
	fn suspend(who: &AccountId);
	/// Restore `who`'s contribution. Resuming an account that is not suspended changes nothing.
	fn resume(who: &AccountId);
	/// Whether `who` is suspended.
	fn is_suspended(who: &AccountId) -> bool;
}

impl<AccountId> ContributionSuspension<AccountId> for () {
	fn suspend(_: &AccountId) {}
	fn resume(_: &AccountId) {}
	fn is_suspended(_: &AccountId) -> bool {
		false
	}
}

/// Everything a client needs to claim or check a slot on top of some block: read from that
/// block's (the parent's) state through [`PocApi::lottery`].
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct LotteryParams {
	/// Randomness of the epoch the next block belongs to.
	pub randomness: Randomness,
	/// Difficulty `c`: the probability that some authority wins a slot.
	pub difficulty: Perbill,
	/// Authorities with their lottery weights (contribution after floor and cap).
	pub authorities: Vec<(AuthorityId, Contribution)>,
	/// Slot of the parent block (0 at genesis).
	pub parent_slot: Slot,
	/// Slots without a block after which a fallback author may claim.
	pub fallback_after: u64,
}

/// One authority in [`PocStatus`].
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct AuthorityStatus<AccountId> {
	/// The account that registered the key.
	pub account: AccountId,
	/// The PoC key.
	pub authority: AuthorityId,
	/// Contribution score, decayed to the current block.
	pub score: Contribution,
	/// Lottery weight: the score after the floor and the cap.
	pub weight: Contribution,
}

/// The state of the lottery, for RPC and user interfaces.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct PocStatus<AccountId> {
	/// Slot of the latest block.
	pub slot: Slot,
	/// Difficulty `c` for the next block.
	pub difficulty: Perbill,
	/// Authorities, their scores and weights.
	pub authorities: Vec<AuthorityStatus<AccountId>>,
	/// Mean time between blocks over the retarget window, in milliseconds.
	pub mean_block_time_ms: u64,
	/// Blocks in the retarget window.
	pub window_len: u32,
	/// The block time the retarget aims at, in milliseconds.
	pub target_block_time_ms: u64,
	/// Slot duration, in milliseconds.
	pub slot_duration_ms: u64,
	/// Current epoch.
	pub epoch_index: u64,
	/// Floor of every authority's weight.
	pub weight_floor: Contribution,
	/// Largest share of the total weight one authority may hold.
	pub weight_cap: Perbill,
}

/// Proof that an authority signed two different blocks for one slot.
pub type EquivocationProof<Header> =
	polkadot_sdk::sp_consensus_slots::EquivocationProof<Header, AuthorityId>;

sp_api::decl_runtime_apis! {
	/// The runtime side of Proof-of-Contribution.
	pub trait PocApi<AccountId: Codec> {
		/// Slot duration.
		fn slot_duration() -> SlotDuration;
		/// Lottery parameters for a block built on top of this state.
		fn lottery() -> LotteryParams;
		/// Lottery state for user interfaces.
		fn status() -> PocStatus<AccountId>;
		/// Submit an equivocation report as an unsigned extrinsic (from the node's verifier).
		/// Returns `None` if the transaction pool refused it.
		fn submit_report_equivocation_unsigned_extrinsic(
			proof: EquivocationProof<Block::Header>,
		) -> Option<()>;
	}
}
