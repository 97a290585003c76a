//! # Proof-of-Contribution pallet
//!
//! The runtime half of Aether's Proof-of-Contribution (PoC) consensus: it keeps the ledger of
//! contribution scores, turns them into lottery weights, retargets the difficulty every block,
//! evolves the epoch randomness and punishes equivocating authorities. The node's consensus
//! client (`node/consensus-poc`) reads all of it through [`Pallet::lottery`] (the `PocApi`
//! runtime API) on the parent state of every block it builds or imports.
//!
//! ## The lottery rule
//!
//! Time is cut into slots of [`Config::SlotDuration`] milliseconds. In each slot authority *i*
//! evaluates an sr25519 VRF on `(epoch randomness, slot)` and may author a block when the VRF
//! output, read as a 128-bit number, is below `2^128 · (1 − (1 − c)^(w_i / W))`, where `w_i` is
//! its weight, `W` the total weight and `c` the difficulty ([`Difficulty`]). Because the
//! authorities' chances multiply, `c` is the probability that *some* authority wins a slot,
//! whatever the split of the weight: splitting an identity gains nothing. After
//! [`Config::FallbackAfterSlots`] empty slots one authority, drawn by weight, may author a fallback
//! block. The pure rule lives in `aether_primitives::poc::verification`; this pallet only provides
//! its inputs ([`LotteryParams`]).
//!
//! ## Difficulty retarget
//!
//! Every block pushes `(gap, c)` into a ring buffer of the last [`Config::RetargetWindow`] blocks
//! ([`Window`], [`WindowHead`]), where `gap` is the number of slots since the parent block and `c`
//! the difficulty the block was claimed with. The next difficulty is, Dark-Gravity-Wave style,
//!
//! ```text
//! c_next = mean(c over the window) · mean(gap over the window) / target_gap
//! ```
//!
//! with `target_gap = TargetBlockTime / SlotDuration`, computed exactly on the parts of the
//! `Perbill`s in `u128` (no floats). Slow blocks (long gaps) raise `c`, fast blocks lower it. One
//! step is clamped to `[c / MaxRetargetStep, c · MaxRetargetStep]` (Bitcoin's 4×), then to
//! `[MinDifficulty, MaxDifficulty]`. Genesis fills the window with target gaps at the genesis
//! difficulty, so the retarget is smooth from block 1.
//!
//! ## Contribution, floor and cap
//!
//! Verifiable work raises an account's score through [`ContributionSink::note_contribution`]:
//! authored blocks (credited here, [`Config::BlockAuthorshipPoints`] per block), settled command
//! fuel, data served under Chalice receipts, entropy reveals (credited by their pallets). Scores
//! decay with the half-life [`Config::HalfLife`] (see [`decayed`]): every `H` blocks a score
//! halves exactly; between two halvings it falls linearly. The decay curve is pinned to a global
//! grid of half-lives (blocks `0, H, 2H, …`), so a score does not depend on how often its record
//! was touched.
//!
//! Lottery weights ([`Pallet::authority_weights`]): each authority's decayed score is raised to
//! the floor (universal basic compute: every active authority keeps a chance), the floored scores
//! are summed to `total`, and each weight is cut to `cap · total` (anti-monopoly) and kept at least
//! 1. Floor and cap live in [`WeightBounds`] and are set by root ([`Pallet::set_weight_bounds`]).
//!
//! Suspension ([`ContributionSuspension`], used by the entropy beacon to isolate an anomalous
//! authority): a [`Suspended`] account weighs 1 and is credited nothing until it is resumed; its
//! score is kept and keeps decaying.
//!
//! ## Epoch randomness
//!
//! Epochs are [`Config::EpochLength`] blocks; block 1 starts epoch 0. Every block hashes its VRF
//! pre-output into [`AccumulatedRandomness`]. When a new epoch starts, [`CurrentRandomness`]
//! becomes the previous [`NextRandomness`] and [`NextRandomness`] becomes
//! `blake2_256(accumulated, new epoch index)`, or `blake2_256(accumulated, new epoch index,
//! entropy)` when [`Config::EpochEntropy`] (the TSU beacon's latest output) gives some. An epoch's randomness is thus fixed a whole epoch
//! before it is used (as in BABE): an author cannot grind the lottery it is about to play by
//! choosing which VRF outputs to publish.
//!
//! ## Equivocation
//!
//! An authority that seals two different headers for one slot can be reported with
//! [`Pallet::report_equivocation_unsigned`], an unsigned extrinsic the node's import verifier
//! submits through [`Pallet::submit_unsigned_equivocation_report`]. A valid report cuts the
//! offender's score by [`Config::EquivocationPenalty`] and is remembered in
//! [`ReportedEquivocations`], so each `(offender, slot)` is punished once.
//!
//! ## Ordering in the runtime
//!
//! `on_initialize` credits the author named by the block's pre-digest by its *index* in
//! [`Authorities`]. The client checked the claim against the parent state's authority set, so this
//! pallet must come **before** `pallet-session` in the runtime: then the index is resolved before a
//! session rotation in the same block replaces the set.
//!
//! ## Invariants (checked by `try_state`)
//!
//! - [`Difficulty`] lies in `[MinDifficulty, MaxDifficulty]`;
//! - the window holds at most `RetargetWindow` entries and every gap is at least one slot;
//! - the weight floor is at least 1 and the cap is not zero;
//! - at most `MaxAuthorities` authorities;
//! - no contribution record is dated in the future.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

use polkadot_sdk::{frame_support, frame_system, sp_io, sp_runtime};

#[cfg(feature = "runtime-benchmarks")]
use polkadot_sdk::frame_benchmarking;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;

pub use pallet::*;
pub use weights::WeightInfo;

use aether_primitives::poc::{
	digests::{find_pre_digest_in, PreDigestLookupError},
	verification::check_equivocation_proof,
	AuthorityId, AuthorityStatus, Contribution, ContributionKind, ContributionSink,
	ContributionSuspension, ContributionWeights, EquivocationProof, LotteryParams, PocStatus,
	PreDigest, Randomness, Slot, SlotDuration, POC_ENGINE_ID,
};
use alloc::{boxed::Box, vec::Vec};
use codec::{Decode, Encode, MaxEncodedLen};
use frame_support::{
	traits::{FindAuthor, Get, OneSessionHandler},
	BoundedVec,
};
use frame_system::pallet_prelude::{BlockNumberFor, HeaderFor};
use scale_info::TypeInfo;
use sp_runtime::{
	helpers_128bit::multiply_by_rational_with_rounding,
	traits::SaturatedConversion,
	transaction_validity::{
		InvalidTransaction, TransactionPriority, TransactionSource, TransactionValidity,
		TransactionValidityError, ValidTransaction,
	},
	ConsensusEngineId, PerThing, Perbill, Rounding,
};

/// Log target of this pallet.
pub const LOG_TARGET: &str = "runtime::poc";

/// Largest retarget window the storage can hold; [`Config::RetargetWindow`] must not exceed it.
pub const MAX_RETARGET_WINDOW: u32 = 1024;

/// How many blocks an equivocation report stays valid in the transaction pool.
pub const EQUIVOCATION_REPORT_LONGEVITY: u64 = 256;

/// An account's contribution: its score when last updated, and when that was.
#[derive(Clone, Copy, Default, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct ContributionRecord<BlockNumber> {
	/// Score at `updated_at`, before any later decay.
	pub score: Contribution,
	/// Block of the last update.
	pub updated_at: BlockNumber,
}

/// One block in the retarget window.
#[derive(Clone, Copy, Default, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct WindowEntry {
	/// Slots between the block and its parent (at least 1).
	pub gap: u32,
	/// The difficulty the block was claimed with.
	pub difficulty: Perbill,
}

/// The floor and the cap of the lottery weights.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct LotteryWeightBounds {
	/// Every authority's score counts as at least this much (at least 1).
	pub floor: Contribution,
	/// No authority's weight exceeds this share of the total floored score (not zero).
	pub cap: Perbill,
}

/// `score`, recorded at block `from`, decayed to block `to` with half-life `half_life` blocks.
///
/// The decay curve `D(t)` is pinned to a global grid of half-lives: on `[kH, (k+1)H)` it is
/// `2^-k · (1 − (t − kH) / 2H)`, i.e. it halves exactly every `H` blocks and falls linearly in
/// between; the result is `score · D(to) / D(from)`. Hence:
///
/// - after exactly `n·H` blocks a score is `score >> n` (exactly half, a quarter, …);
/// - from a grid point, `x < H` blocks cost `score · x / 2H` (linear interpolation);
/// - decaying in two steps gives the same result as in one (up to rounding down), so touching a
///   record often does not slow its decay;
/// - after 128 half-lives or more every score is zero.
///
/// A `half_life` of zero is treated as one; `to <= from` leaves the score unchanged.
pub fn decayed(score: Contribution, from: u64, to: u64, half_life: u64) -> Contribution {
	if score == 0 || to <= from {
		return score;
	}
	let h = half_life.max(1);
	let halvings = (to / h).saturating_sub(from / h);
	if halvings >= 128 {
		return 0;
	}
	let halved = score >> halvings;
	// The level of D inside a half-life, scaled by 2H: in (H, 2H].
	let h = u128::from(h);
	let level_from = h.saturating_mul(2).saturating_sub(u128::from(from) % h);
	let level_to = h.saturating_mul(2).saturating_sub(u128::from(to) % h);
	multiply_by_rational_with_rounding(halved, level_to, level_from, Rounding::Down).unwrap_or(0)
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	/// The PoC pallet.
	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Configuration of the PoC pallet.
	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Weights of the calls and of `on_initialize`, from the benchmarks.
		type WeightInfo: WeightInfo;

		/// Largest authority set; larger sets from the session pallet are truncated.
		#[pallet::constant]
		type MaxAuthorities: Get<u32>;

		/// Length of a slot, in milliseconds.
		#[pallet::constant]
		type SlotDuration: Get<u64>;

		/// The mean block time the retarget aims at, in milliseconds: a non-zero multiple of
		/// [`Config::SlotDuration`].
		#[pallet::constant]
		type TargetBlockTime: Get<u64>;

		/// Number of recent blocks the retarget averages over (at most
		/// [`MAX_RETARGET_WINDOW`]).
		#[pallet::constant]
		type RetargetWindow: Get<u32>;

		/// Largest factor by which one retarget step may raise or lower the difficulty.
		#[pallet::constant]
		type MaxRetargetStep: Get<u32>;

		/// Lowest difficulty (not zero).
		#[pallet::constant]
		type MinDifficulty: Get<Perbill>;

		/// Highest difficulty.
		#[pallet::constant]
		type MaxDifficulty: Get<Perbill>;

		/// Empty slots after which a fallback author may claim a slot.
		#[pallet::constant]
		type FallbackAfterSlots: Get<u64>;

		/// Length of an epoch, in blocks: the period of the lottery randomness.
		#[pallet::constant]
		type EpochLength: Get<BlockNumberFor<Self>>;

		/// Half-life of contribution scores, in blocks.
		#[pallet::constant]
		type HalfLife: Get<BlockNumberFor<Self>>;

		/// Points credited to the author of every block.
		#[pallet::constant]
		type BlockAuthorshipPoints: Get<Contribution>;

		/// Share of its score an authority loses for each reported equivocation.
		#[pallet::constant]
		type EquivocationPenalty: Get<Perbill>;

		/// Outside entropy mixed into every new epoch's randomness: the TSU beacon's latest
		/// output in the runtime, `()` for none.
		type EpochEntropy: Get<Option<Randomness>>;

		/// Told of every contribution credited (not of those a suspension swallowed), after the
		/// score is updated: the Chalice economy pays validators pro rata to it.
		type OnContribution: ContributionSink<Self::AccountId>;
	}

	/// The authority set: account and PoC key. The position in this list is the authority index
	/// that block pre-digests carry.
	#[pallet::storage]
	pub type Authorities<T: Config> =
		StorageValue<_, BoundedVec<(T::AccountId, AuthorityId), T::MaxAuthorities>, ValueQuery>;

	/// Contribution records: score and the block it was last updated at. Read them decayed with
	/// [`Pallet::score_of`].
	#[pallet::storage]
	pub type Contributions<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		ContributionRecord<BlockNumberFor<T>>,
		OptionQuery,
	>;

	/// Accounts whose contribution is suspended (by the entropy beacon's anomaly isolation), with
	/// the block they were suspended at. Their lottery weight is 1 and they earn no contribution
	/// until resumed; their score keeps decaying.
	#[pallet::storage]
	pub type Suspended<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, BlockNumberFor<T>, OptionQuery>;

	/// Default difficulty: one block per target block time, within the configured bounds.
	#[pallet::type_value]
	pub fn DefaultDifficulty<T: Config>() -> Perbill {
		Pallet::<T>::default_difficulty()
	}

	/// The difficulty `c` of the next block: the probability that some authority wins a slot.
	#[pallet::storage]
	pub type Difficulty<T: Config> = StorageValue<_, Perbill, ValueQuery, DefaultDifficulty<T>>;

	/// The retarget window: `(gap, difficulty)` of the latest blocks, a ring buffer whose oldest
	/// entry is at [`WindowHead`].
	#[pallet::storage]
	pub type Window<T: Config> =
		StorageValue<_, BoundedVec<WindowEntry, ConstU32<MAX_RETARGET_WINDOW>>, ValueQuery>;

	/// Index of the oldest entry of [`Window`] (the next to be overwritten once it is full).
	#[pallet::storage]
	pub type WindowHead<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// Slot of the latest block (0 at genesis).
	#[pallet::storage]
	pub type LastSlot<T: Config> = StorageValue<_, Slot, ValueQuery>;

	/// Index of the current epoch (block 1 starts epoch 0).
	#[pallet::storage]
	pub type EpochIndex<T: Config> = StorageValue<_, u64, ValueQuery>;

	/// Randomness of the current epoch: the VRF input of every slot in it.
	#[pallet::storage]
	pub type CurrentRandomness<T: Config> = StorageValue<_, Randomness, ValueQuery>;

	/// Randomness of the next epoch, fixed one epoch in advance.
	#[pallet::storage]
	pub type NextRandomness<T: Config> = StorageValue<_, Randomness, ValueQuery>;

	/// Hash chain of every block's VRF pre-output: the seed of future epochs' randomness.
	#[pallet::storage]
	pub type AccumulatedRandomness<T: Config> = StorageValue<_, Randomness, ValueQuery>;

	/// Default weight bounds: floor 1, no cap.
	#[pallet::type_value]
	pub fn DefaultWeightBounds() -> LotteryWeightBounds {
		LotteryWeightBounds { floor: 1, cap: Perbill::one() }
	}

	/// Floor and cap of the lottery weights.
	#[pallet::storage]
	pub type WeightBounds<T: Config> =
		StorageValue<_, LotteryWeightBounds, ValueQuery, DefaultWeightBounds>;

	/// Equivocations already punished, by offender key and slot.
	#[pallet::storage]
	pub type ReportedEquivocations<T: Config> =
		StorageMap<_, Blake2_128Concat, (AuthorityId, Slot), (), OptionQuery>;

	/// Genesis of the PoC pallet. The authorities come from `pallet-session`.
	#[pallet::genesis_config]
	pub struct GenesisConfig<T: Config> {
		/// Initial difficulty; must lie in `[MinDifficulty, MaxDifficulty]`.
		pub difficulty: Perbill,
		/// Initial weight floor (at least 1).
		pub weight_floor: Contribution,
		/// Initial weight cap (not zero).
		pub weight_cap: Perbill,
		/// Randomness of epochs 0 and 1.
		pub randomness: Randomness,
		/// Marker of the runtime type.
		#[serde(skip)]
		pub _config: PhantomData<T>,
	}

	impl<T: Config> Default for GenesisConfig<T> {
		fn default() -> Self {
			Self {
				difficulty: Pallet::<T>::default_difficulty(),
				weight_floor: T::BlockAuthorshipPoints::get().max(1),
				weight_cap: Perbill::from_percent(20),
				randomness: [0u8; 32],
				_config: PhantomData,
			}
		}
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		/// # Panics
		///
		/// On an invalid genesis (difficulty out of bounds, zero floor or cap), so a bad chain
		/// spec fails when it is built rather than producing a chain that breaks its invariants.
		fn build(&self) {
			assert!(
				self.difficulty >= T::MinDifficulty::get()
					&& self.difficulty <= T::MaxDifficulty::get(),
				"PoC genesis difficulty must lie in [MinDifficulty, MaxDifficulty]",
			);
			assert!(self.weight_floor >= 1, "PoC genesis weight floor must be at least 1");
			assert!(!self.weight_cap.is_zero(), "PoC genesis weight cap must not be zero");

			Difficulty::<T>::put(self.difficulty);
			WeightBounds::<T>::put(LotteryWeightBounds {
				floor: self.weight_floor,
				cap: self.weight_cap,
			});
			let target_gap = u32::try_from(Pallet::<T>::target_gap()).unwrap_or(u32::MAX);
			let entry = WindowEntry { gap: target_gap, difficulty: self.difficulty };
			let len = T::RetargetWindow::get().min(MAX_RETARGET_WINDOW) as usize;
			Window::<T>::put(BoundedVec::truncate_from(alloc::vec![entry; len]));
			WindowHead::<T>::put(0);
			LastSlot::<T>::put(Slot::from(0u64));
			EpochIndex::<T>::put(0);
			CurrentRandomness::<T>::put(self.randomness);
			NextRandomness::<T>::put(self.randomness);
			AccumulatedRandomness::<T>::put(self.randomness);
		}
	}

	/// Events of the PoC pallet.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An account's contribution was credited.
		ContributionNoted {
			/// The contributor.
			who: T::AccountId,
			/// What it did.
			kind: ContributionKind,
			/// Points credited.
			amount: Contribution,
			/// Its score afterwards (decayed to this block).
			score: Contribution,
		},
		/// Root set the floor and the cap of the lottery weights.
		WeightBoundsSet {
			/// The new floor.
			floor: Contribution,
			/// The new cap.
			cap: Perbill,
		},
		/// An authority was punished for sealing two blocks in one slot.
		EquivocationReported {
			/// The offender's account.
			offender: T::AccountId,
			/// The slot it equivocated in.
			slot: Slot,
			/// Points it lost.
			penalty: Contribution,
		},
		/// An account's contribution was suspended: lottery weight 1, nothing credited.
		ContributionSuspended {
			/// The suspended account.
			who: T::AccountId,
		},
		/// An account's suspended contribution was restored.
		ContributionResumed {
			/// The restored account.
			who: T::AccountId,
		},
	}

	/// Errors of the PoC pallet.
	#[pallet::error]
	pub enum Error<T> {
		/// The weight floor must be at least 1.
		ZeroWeightFloor,
		/// The weight cap must not be zero.
		ZeroWeightCap,
		/// The proof does not show two different headers sealed by the offender for its slot.
		InvalidEquivocationProof,
		/// The offender is not in the current authority set.
		UnknownOffender,
		/// This offender's equivocation in this slot was already punished.
		DuplicateEquivocationReport,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Reads the block's PoC pre-digest; rotates the epoch, feeds the randomness, retargets
		/// the difficulty and credits the author.
		fn on_initialize(n: BlockNumberFor<T>) -> Weight {
			let digest = frame_system::Pallet::<T>::digest();
			match find_pre_digest_in(digest.logs()) {
				Ok(pre_digest) => {
					let authorities = Self::initialize_block(n, &pre_digest);
					T::WeightInfo::on_initialize_block(authorities)
				},
				// A block authored by another engine (the parachain runtime's Aura collators)
				// carries none: contribution is then credited by that runtime's authorship hook.
				Err(PreDigestLookupError::Missing) => {
					log::trace!(target: LOG_TARGET, "block {n:?} has no PoC pre-digest");
					T::DbWeight::get().reads(1)
				},
				Err(error) => {
					log::warn!(
						target: LOG_TARGET,
						"block {n:?} has no usable PoC pre-digest ({error:?}); nothing recorded",
					);
					T::DbWeight::get().reads(1)
				},
			}
		}

		fn integrity_test() {
			let slot = T::SlotDuration::get();
			let target = T::TargetBlockTime::get();
			assert!(slot > 0, "SlotDuration must not be zero");
			assert!(target > 0, "TargetBlockTime must not be zero");
			assert!(
				target.is_multiple_of(slot),
				"TargetBlockTime must be a multiple of SlotDuration"
			);
			let window = T::RetargetWindow::get();
			assert!(window > 0, "RetargetWindow must not be zero");
			assert!(window <= MAX_RETARGET_WINDOW, "RetargetWindow exceeds MAX_RETARGET_WINDOW");
			assert!(T::MaxRetargetStep::get() >= 1, "MaxRetargetStep must be at least 1");
			assert!(!T::MinDifficulty::get().is_zero(), "MinDifficulty must not be zero");
			assert!(
				T::MinDifficulty::get() <= T::MaxDifficulty::get(),
				"MinDifficulty must not exceed MaxDifficulty",
			);
			assert!(
				!T::EquivocationPenalty::get().is_zero(),
				"EquivocationPenalty must not be zero"
			);
			assert!(T::FallbackAfterSlots::get() > 0, "FallbackAfterSlots must not be zero");
			assert!(T::MaxAuthorities::get() > 0, "MaxAuthorities must not be zero");
			assert!(!T::EpochLength::get().is_zero(), "EpochLength must not be zero");
			assert!(!T::HalfLife::get().is_zero(), "HalfLife must not be zero");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Set the floor and the cap of the lottery weights.
		///
		/// Origin: root. `floor` is the score every authority counts with at least (must be at
		/// least 1); `cap` the largest share of the total floored score one authority's weight may
		/// reach (must not be zero). Takes effect for the next block's lottery.
		///
		/// Emits [`Event::WeightBoundsSet`]. Cost: one storage write
		/// (`WeightInfo::set_weight_bounds`).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::set_weight_bounds())]
		pub fn set_weight_bounds(
			origin: OriginFor<T>,
			floor: Contribution,
			cap: Perbill,
		) -> DispatchResult {
			ensure_root(origin)?;
			ensure!(floor >= 1, Error::<T>::ZeroWeightFloor);
			ensure!(!cap.is_zero(), Error::<T>::ZeroWeightCap);
			WeightBounds::<T>::put(LotteryWeightBounds { floor, cap });
			Self::deposit_event(Event::WeightBoundsSet { floor, cap });
			Ok(())
		}

		/// Report an authority that sealed two different headers for one slot.
		///
		/// Origin: none (an unsigned extrinsic). It is accepted into the pool only from the local
		/// node or inside a block (see `ValidateUnsigned`): the node's import verifier submits it
		/// through [`Pallet::submit_unsigned_equivocation_report`]. The proof must verify
		/// (`check_equivocation_proof`: two different headers, both with a PoC pre-digest for
		/// `proof.slot` and sealed by `proof.offender`), the offender must be in the current
		/// authority set and `(offender, slot)` must not have been reported before.
		///
		/// The offender's score is decayed to this block and then cut by
		/// `Config::EquivocationPenalty`. Emits [`Event::EquivocationReported`]. Cost: two sr25519
		/// signature checks, reads of the authority set, the report map and the offender's
		/// record, two writes (`WeightInfo::report_equivocation_unsigned`). Pays no fee.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::report_equivocation_unsigned())]
		pub fn report_equivocation_unsigned(
			origin: OriginFor<T>,
			proof: Box<EquivocationProof<HeaderFor<T>>>,
		) -> DispatchResultWithPostInfo {
			ensure_none(origin)?;
			let (offender, slot) = Self::check_report(&proof, true)?;
			Self::punish_equivocation(offender, proof.offender.clone(), slot);
			Ok(Pays::No.into())
		}
	}

	#[allow(deprecated)]
	#[pallet::validate_unsigned]
	impl<T: Config> ValidateUnsigned for Pallet<T> {
		type Call = Call<T>;

		/// Accept equivocation reports only from the local node or inside a block, and only valid,
		/// new reports against a current authority. One report per `(offender, slot)`.
		fn validate_unsigned(source: TransactionSource, call: &Self::Call) -> TransactionValidity {
			let Call::report_equivocation_unsigned { proof } = call else {
				return InvalidTransaction::Call.into();
			};
			match source {
				TransactionSource::Local | TransactionSource::InBlock => {},
				_ => {
					log::warn!(
						target: LOG_TARGET,
						"rejecting an equivocation report that is neither local nor in a block",
					);
					return InvalidTransaction::Call.into();
				},
			}
			Self::check_report(proof, true).map_err(Self::report_error_to_invalid)?;
			ValidTransaction::with_tag_prefix("PocEquivocation")
				.priority(TransactionPriority::MAX)
				.and_provides((proof.offender.clone(), *proof.slot))
				.longevity(EQUIVOCATION_REPORT_LONGEVITY)
				.propagate(false)
				.build()
		}

		/// Before inclusion, recheck the cheap conditions (known offender, new report); the
		/// signatures are checked again at dispatch.
		fn pre_dispatch(call: &Self::Call) -> Result<(), TransactionValidityError> {
			let Call::report_equivocation_unsigned { proof } = call else {
				return Err(InvalidTransaction::Call.into());
			};
			Self::check_report(proof, false).map(|_| ()).map_err(Self::report_error_to_invalid)
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The difficulty at which one block per target block time is expected, within the bounds.
	fn default_difficulty() -> Perbill {
		Perbill::from_rational(T::SlotDuration::get(), T::TargetBlockTime::get().max(1))
			.max(T::MinDifficulty::get())
			.min(T::MaxDifficulty::get())
	}

	/// The slot duration (the `PocApi::slot_duration` runtime API).
	pub fn slot_duration() -> SlotDuration {
		SlotDuration::from_millis(T::SlotDuration::get())
	}

	/// The target gap between blocks, in slots (at least 1).
	pub fn target_gap() -> u64 {
		T::TargetBlockTime::get().checked_div(T::SlotDuration::get()).unwrap_or(1).max(1)
	}

	/// Whether block `n` starts a new epoch (after epoch 0, which block 1 starts).
	fn starts_new_epoch(n: u64) -> bool {
		let length = T::EpochLength::get().saturated_into::<u64>().max(1);
		n > 1 && (n - 1).is_multiple_of(length)
	}

	/// The work of `on_initialize` for a block with `pre_digest`; returns the size of the
	/// authority set (the benchmark parameter).
	fn initialize_block(n: BlockNumberFor<T>, pre_digest: &PreDigest) -> u32 {
		// 1. Epoch rotation: the randomness of an epoch was fixed one epoch before.
		if Self::starts_new_epoch(n.saturated_into::<u64>()) {
			let index = EpochIndex::<T>::get().saturating_add(1);
			EpochIndex::<T>::put(index);
			CurrentRandomness::<T>::put(NextRandomness::<T>::get());
			let accumulated = AccumulatedRandomness::<T>::get();
			let next = match T::EpochEntropy::get() {
				Some(entropy) => {
					sp_io::hashing::blake2_256(&(accumulated, index, entropy).encode())
				},
				None => sp_io::hashing::blake2_256(&(accumulated, index).encode()),
			};
			NextRandomness::<T>::put(next);
			log::debug!(target: LOG_TARGET, "block {n:?} starts epoch {index}");
		}

		// 2. Every block's VRF pre-output feeds future randomness.
		AccumulatedRandomness::<T>::mutate(|acc| {
			*acc =
				sp_io::hashing::blake2_256(&(*acc, &pre_digest.vrf_signature.pre_output).encode())
		});

		// 3. Retarget.
		let last = LastSlot::<T>::get();
		let gap =
			if *last == 0 { Self::target_gap() } else { (*pre_digest.slot).saturating_sub(*last) };
		let gap = u32::try_from(gap.max(1)).unwrap_or(u32::MAX);
		let current = Difficulty::<T>::get();
		let window = Self::push_window(WindowEntry { gap, difficulty: current });
		let next = Self::next_difficulty(current, &window);
		Difficulty::<T>::put(next);
		LastSlot::<T>::put(pre_digest.slot);

		// 4. Credit the author.
		let authorities = Authorities::<T>::get();
		match authorities.get(pre_digest.authority_index as usize) {
			Some((author, _)) => {
				Self::do_note_contribution(
					author,
					ContributionKind::BlockAuthored,
					T::BlockAuthorshipPoints::get(),
				);
			},
			None => log::error!(
				target: LOG_TARGET,
				"block {n:?} claims unknown authority index {} ({} authorities); no credit",
				pre_digest.authority_index,
				authorities.len(),
			),
		}
		authorities.len() as u32
	}

	/// Push `entry` into the retarget ring buffer, dropping the oldest entry when it is full, and
	/// return the window's entries (in storage order).
	fn push_window(entry: WindowEntry) -> Vec<WindowEntry> {
		let capacity = T::RetargetWindow::get().clamp(1, MAX_RETARGET_WINDOW) as usize;
		let mut window = Window::<T>::get().into_inner();
		let mut head = WindowHead::<T>::get() as usize;
		if head >= window.len() {
			head = 0;
		}
		if window.len() > capacity {
			// The window was shortened by an upgrade: keep the newest `capacity - 1` entries.
			window.rotate_left(head);
			let excess = window.len().saturating_sub(capacity.saturating_sub(1));
			window.drain(..excess);
			window.push(entry);
			head = 0;
		} else if window.len() == capacity {
			if let Some(oldest) = window.get_mut(head) {
				*oldest = entry;
			}
			head = head.saturating_add(1) % capacity;
		} else if head == 0 {
			window.push(entry);
		} else {
			// Growing after an upgrade: the newest entry goes just before the oldest.
			window.insert(head, entry);
			head = head.saturating_add(1);
		}
		let bounded = BoundedVec::truncate_from(window);
		let entries = bounded.to_vec();
		Window::<T>::put(bounded);
		WindowHead::<T>::put(head as u32);
		entries
	}

	/// The difficulty after a block retargeted at difficulty `current` over `window`:
	/// `mean(c) · mean(gap) / target_gap`, clamped to one step of `MaxRetargetStep` from
	/// `current` and to `[MinDifficulty, MaxDifficulty]`.
	pub fn next_difficulty(current: Perbill, window: &[WindowEntry]) -> Perbill {
		let len = window.len() as u128;
		let sum_c: u128 =
			window.iter().map(|e| u128::from(e.difficulty.deconstruct())).sum::<u128>();
		let sum_gap: u128 = window.iter().map(|e| u128::from(e.gap)).sum::<u128>();
		let target_gap = u128::from(Self::target_gap());
		let denominator = len.saturating_mul(len).saturating_mul(target_gap);
		let current_parts = u128::from(current.deconstruct());
		let raw = sum_c.saturating_mul(sum_gap).checked_div(denominator).unwrap_or(current_parts);

		let step = u128::from(T::MaxRetargetStep::get().max(1));
		let lower = current_parts / step;
		let upper = current_parts.saturating_mul(step);
		let stepped = raw.max(lower).min(upper).min(u128::from(Perbill::ACCURACY));
		let stepped = Perbill::from_parts(u32::try_from(stepped).unwrap_or(Perbill::ACCURACY));
		stepped.max(T::MinDifficulty::get()).min(T::MaxDifficulty::get())
	}

	/// `who`'s contribution score, decayed to the current block.
	pub fn score_of(who: &T::AccountId) -> Contribution {
		Contributions::<T>::get(who).map(|record| Self::decay_to_now(&record)).unwrap_or(0)
	}

	/// A record's score decayed to the current block.
	fn decay_to_now(record: &ContributionRecord<BlockNumberFor<T>>) -> Contribution {
		decayed(
			record.score,
			record.updated_at.saturated_into::<u64>(),
			frame_system::Pallet::<T>::block_number().saturated_into::<u64>(),
			T::HalfLife::get().saturated_into::<u64>(),
		)
	}

	/// Credit `amount` points of `kind` to `who`: decay its score to now, add (saturating) and
	/// emit [`Event::ContributionNoted`], and pass it on to [`Config::OnContribution`]. Returns the
	/// new score. A suspended account is credited nothing (and no event is emitted).
	pub fn do_note_contribution(
		who: &T::AccountId,
		kind: ContributionKind,
		amount: Contribution,
	) -> Contribution {
		if Suspended::<T>::contains_key(who) {
			return Self::score_of(who);
		}
		let score = Self::score_of(who).saturating_add(amount);
		Self::put_score(who, score);
		T::OnContribution::note_contribution(who, kind, amount);
		Self::deposit_event(Event::ContributionNoted { who: who.clone(), kind, amount, score });
		score
	}

	/// Store `score` for `who` as of the current block (a zero score removes the record).
	fn put_score(who: &T::AccountId, score: Contribution) {
		if score == 0 {
			Contributions::<T>::remove(who);
		} else {
			let updated_at = frame_system::Pallet::<T>::block_number();
			Contributions::<T>::insert(who, ContributionRecord { score, updated_at });
		}
	}

	/// Every authority with its decayed score and its lottery weight:
	/// `max(1, min(max(score, floor), cap · Σ max(score, floor)))`, where a suspended
	/// authority counts as weight 1 (in the sum too).
	pub fn authority_weights() -> Vec<AuthorityStatus<T::AccountId>> {
		let authorities = Authorities::<T>::get();
		let accounts: Vec<T::AccountId> =
			authorities.iter().map(|(account, _)| account.clone()).collect();
		authorities
			.into_iter()
			.zip(Self::lottery_weights(&accounts))
			.map(|((account, authority), (score, weight))| AuthorityStatus {
				account,
				authority,
				score,
				weight,
			})
			.collect()
	}

	/// The decayed score and lottery weight of each of `field`, weighed among `field` alone;
	/// see [`Pallet::authority_weights`] for the formula.
	pub fn lottery_weights(field: &[T::AccountId]) -> Vec<(Contribution, u128)> {
		let LotteryWeightBounds { floor, cap } = WeightBounds::<T>::get();
		let scored: Vec<(Contribution, bool)> = field
			.iter()
			.map(|account| (Self::score_of(account), Suspended::<T>::contains_key(account)))
			.collect();
		let total = scored.iter().fold(0u128, |acc, (score, suspended)| {
			acc.saturating_add(if *suspended { 1 } else { (*score).max(floor) })
		});
		let cap_points = cap.mul_floor(total);
		scored
			.into_iter()
			.map(|(score, suspended)| {
				let weight = if suspended { 1 } else { score.max(floor).min(cap_points).max(1) };
				(score, weight)
			})
			.collect()
	}

	/// Suspend `who`'s contribution (see [`Suspended`]); emits
	/// [`Event::ContributionSuspended`] unless it already was.
	pub fn do_suspend(who: &T::AccountId) {
		if !Suspended::<T>::contains_key(who) {
			Suspended::<T>::insert(who, frame_system::Pallet::<T>::block_number());
			Self::deposit_event(Event::ContributionSuspended { who: who.clone() });
		}
	}

	/// Restore `who`'s contribution; emits [`Event::ContributionResumed`] if it was suspended.
	pub fn do_resume(who: &T::AccountId) {
		if Suspended::<T>::take(who).is_some() {
			Self::deposit_event(Event::ContributionResumed { who: who.clone() });
		}
	}

	/// Lottery parameters for a block built on top of the current state (the `PocApi::lottery`
	/// runtime API).
	pub fn lottery() -> LotteryParams {
		let next_block =
			frame_system::Pallet::<T>::block_number().saturated_into::<u64>().saturating_add(1);
		let randomness = if Self::starts_new_epoch(next_block) {
			NextRandomness::<T>::get()
		} else {
			CurrentRandomness::<T>::get()
		};
		LotteryParams {
			randomness,
			difficulty: Difficulty::<T>::get(),
			authorities: Self::authority_weights()
				.into_iter()
				.map(|status| (status.authority, status.weight))
				.collect(),
			parent_slot: LastSlot::<T>::get(),
			fallback_after: T::FallbackAfterSlots::get(),
		}
	}

	/// The state of the lottery for user interfaces (the `PocApi::status` runtime API).
	pub fn status() -> PocStatus<T::AccountId> {
		let window = Window::<T>::get();
		let len = window.len() as u128;
		let sum_gap: u128 = window.iter().map(|e| u128::from(e.gap)).sum::<u128>();
		let slot_duration = T::SlotDuration::get();
		let mean_block_time_ms = sum_gap
			.saturating_mul(u128::from(slot_duration))
			.checked_div(len)
			.unwrap_or(0)
			.saturated_into::<u64>();
		let bounds = WeightBounds::<T>::get();
		PocStatus {
			slot: LastSlot::<T>::get(),
			difficulty: Difficulty::<T>::get(),
			authorities: Self::authority_weights(),
			mean_block_time_ms,
			window_len: window.len() as u32,
			target_block_time_ms: T::TargetBlockTime::get(),
			slot_duration_ms: slot_duration,
			epoch_index: EpochIndex::<T>::get(),
			weight_floor: bounds.floor,
			weight_cap: bounds.cap,
		}
	}

	/// Check an equivocation report: a known offender, a new `(offender, slot)` and, if
	/// `check_proof`, a valid proof. Returns the offender's account and the slot.
	fn check_report(
		proof: &EquivocationProof<HeaderFor<T>>,
		check_proof: bool,
	) -> Result<(T::AccountId, Slot), Error<T>> {
		let offender = Authorities::<T>::get()
			.into_iter()
			.find(|(_, key)| *key == proof.offender)
			.map(|(account, _)| account)
			.ok_or(Error::<T>::UnknownOffender)?;
		if ReportedEquivocations::<T>::contains_key((&proof.offender, proof.slot)) {
			return Err(Error::<T>::DuplicateEquivocationReport);
		}
		if check_proof && !check_equivocation_proof(proof.clone()) {
			return Err(Error::<T>::InvalidEquivocationProof);
		}
		Ok((offender, proof.slot))
	}

	/// The transaction-pool view of a failed report check.
	fn report_error_to_invalid(error: Error<T>) -> TransactionValidityError {
		match error {
			Error::<T>::DuplicateEquivocationReport => InvalidTransaction::Stale,
			Error::<T>::UnknownOffender => InvalidTransaction::BadSigner,
			_ => InvalidTransaction::BadProof,
		}
		.into()
	}

	/// Cut the offender's decayed score by the penalty and remember the report.
	fn punish_equivocation(offender: T::AccountId, key: AuthorityId, slot: Slot) {
		let score = Self::score_of(&offender);
		let penalty = T::EquivocationPenalty::get().mul_floor(score);
		Self::put_score(&offender, score.saturating_sub(penalty));
		ReportedEquivocations::<T>::insert((key, slot), ());
		log::info!(target: LOG_TARGET, "equivocation in slot {slot:?} punished by {penalty} points");
		Self::deposit_event(Event::EquivocationReported { offender, slot, penalty });
	}

	/// Replace the authority set, truncating it to `MaxAuthorities`.
	fn set_authorities(authorities: Vec<(T::AccountId, AuthorityId)>) {
		let max = T::MaxAuthorities::get();
		if authorities.len() > max as usize {
			log::warn!(
				target: LOG_TARGET,
				"{} authorities exceed MaxAuthorities {max}; truncating",
				authorities.len(),
			);
		}
		let bounded = BoundedVec::<(T::AccountId, AuthorityId), T::MaxAuthorities>::truncate_from(
			authorities,
		);
		if bounded != Authorities::<T>::get() {
			Authorities::<T>::put(bounded);
		}
	}

	/// Check the pallet's invariants (see the crate docs).
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use frame_support::ensure;
		let difficulty = Difficulty::<T>::get();
		ensure!(difficulty >= T::MinDifficulty::get(), "PoC: difficulty below MinDifficulty");
		ensure!(difficulty <= T::MaxDifficulty::get(), "PoC: difficulty above MaxDifficulty");

		let window = Window::<T>::get();
		ensure!(
			window.len() <= T::RetargetWindow::get() as usize,
			"PoC: retarget window longer than RetargetWindow"
		);
		ensure!(window.iter().all(|e| e.gap >= 1), "PoC: a retarget window gap is zero");
		ensure!(
			window.is_empty() || (WindowHead::<T>::get() as usize) < window.len(),
			"PoC: window head out of range"
		);

		let bounds = WeightBounds::<T>::get();
		ensure!(bounds.floor >= 1, "PoC: weight floor is zero");
		ensure!(!bounds.cap.is_zero(), "PoC: weight cap is zero");

		ensure!(
			Authorities::<T>::decode_len().unwrap_or(0) <= T::MaxAuthorities::get() as usize,
			"PoC: more authorities than MaxAuthorities"
		);

		let now = frame_system::Pallet::<T>::block_number();
		ensure!(
			Contributions::<T>::iter_values().all(|record| record.updated_at <= now),
			"PoC: a contribution record is dated in the future"
		);
		ensure!(
			Suspended::<T>::iter_values().all(|since| since <= now),
			"PoC: a suspension is dated in the future"
		);
		Ok(())
	}
}

impl<T: Config + frame_system::offchain::CreateBare<Call<T>>> Pallet<T> {
	/// Submit an equivocation report as an unsigned extrinsic to the local transaction pool
	/// (the `PocApi::submit_report_equivocation_unsigned_extrinsic` runtime API; call it from an
	/// offchain context). Returns `None` if the pool refused it.
	pub fn submit_unsigned_equivocation_report(
		proof: EquivocationProof<HeaderFor<T>>,
	) -> Option<()> {
		use frame_system::offchain::SubmitTransaction;
		let call = Call::report_equivocation_unsigned { proof: Box::new(proof) };
		let xt = T::create_bare(call.into());
		match SubmitTransaction::<T, Call<T>>::submit_transaction(xt) {
			Ok(()) => {
				log::info!(target: LOG_TARGET, "submitted an equivocation report");
				Some(())
			},
			Err(()) => {
				log::error!(target: LOG_TARGET, "the pool refused an equivocation report");
				None
			},
		}
	}
}

impl<T: Config> ContributionSink<T::AccountId> for Pallet<T> {
	fn note_contribution(who: &T::AccountId, kind: ContributionKind, amount: Contribution) {
		Self::do_note_contribution(who, kind, amount);
	}
}

impl<T: Config> ContributionWeights<T::AccountId> for Pallet<T> {
	fn weights(field: &[T::AccountId]) -> Vec<(Contribution, u128)> {
		Self::lottery_weights(field)
	}
}

impl<T: Config> ContributionSuspension<T::AccountId> for Pallet<T> {
	fn suspend(who: &T::AccountId) {
		Self::do_suspend(who);
	}

	fn resume(who: &T::AccountId) {
		Self::do_resume(who);
	}

	fn is_suspended(who: &T::AccountId) -> bool {
		Suspended::<T>::contains_key(who)
	}
}

impl<T: Config> FindAuthor<u32> for Pallet<T> {
	fn find_author<'a, I>(digests: I) -> Option<u32>
	where
		I: 'a + IntoIterator<Item = (ConsensusEngineId, &'a [u8])>,
	{
		digests.into_iter().find_map(|(id, mut data)| {
			(id == POC_ENGINE_ID)
				.then(|| PreDigest::decode(&mut data).ok())
				.flatten()
				.map(|pre| pre.authority_index)
		})
	}
}

impl<T: Config> sp_runtime::BoundToRuntimeAppPublic for Pallet<T> {
	type Public = AuthorityId;
}

impl<T: Config> OneSessionHandler<T::AccountId> for Pallet<T> {
	type Key = AuthorityId;

	fn on_genesis_session<'a, I>(validators: I)
	where
		I: 'a + Iterator<Item = (&'a T::AccountId, AuthorityId)>,
	{
		Self::set_authorities(validators.map(|(who, key)| (who.clone(), key)).collect());
	}

	fn on_new_session<'a, I>(_changed: bool, validators: I, _queued_validators: I)
	where
		I: 'a + Iterator<Item = (&'a T::AccountId, AuthorityId)>,
	{
		Self::set_authorities(validators.map(|(who, key)| (who.clone(), key)).collect());
	}

	fn on_disabled(validator_index: u32) {
		log::debug!(
			target: LOG_TARGET,
			"validator {validator_index} disabled; it stays in the lottery until the next session",
		);
	}
}
