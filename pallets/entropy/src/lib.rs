//! # TSU entropy beacon pallet
//!
//! A public randomness beacon fed by the authorities' thermodynamic sampling units (TSUs). Each
//! authority's node draws entropy from its TSU in an offchain worker
//! (`aether_primitives::entropy::tsu`) and takes part in a commit-reveal protocol; when a round
//! ends, the reveals are hashed together with the block VRF outputs into the round's
//! [`BeaconOutput`]. The runtime reads it through [`Pallet::latest_output`] (pallet-poc's epoch
//! randomness) and through the [`Randomness`] trait; user interfaces through
//! [`Pallet::beacon_status`] (the `EntropyApi` runtime API).
//!
//! ## Rounds
//!
//! Round `r` covers blocks `[r·L, (r+1)·L)`, where `L` is [`Config::RoundLength`] (even, at least
//! 2). The first half of a round is its **commit phase**, the second half its **reveal phase**:
//!
//! 1. In the commit phase of round `r`, authority `i` submits [`Pallet::commit`] with
//!    `commitment_of(r, key_i, v_i)` (see [`aether_primitives::entropy::commitment_of`]) for a
//!    32-byte value `v_i` drawn from its TSU, once per round.
//! 2. In the reveal phase it submits [`Pallet::reveal`] with `v_i`; the chain checks it against the
//!    commitment.
//! 3. The first block of round `r + 1` finalises round `r` in `on_initialize`:
//!
//!    ```text
//!    output_r = blake2_256(SCALE(("aether/entropy/beacon", r, BlockRandomness, reveals)))
//!    ```
//!
//!    where `reveals: Vec<EntropyValue>` holds the reveals of the non-isolated authorities in
//!    authority-index order ([`beacon_output`]) and `BlockRandomness` is
//!    [`Config::BlockRandomness`] (pallet-poc's accumulated block VRF outputs). The output is
//!    stored in [`Outputs`] (the last [`Config::HistoryDepth`] rounds) and [`Latest`], and
//!    [`Event::BeaconUpdated`] is emitted, even when nobody revealed: the VRF part keeps the
//!    beacon moving. The round's commitments, reveals and health reports are then removed.
//!
//! ## Calls
//!
//! - [`Pallet::commit`]`(CommitPayload { round, authority_index, commitment }, signature)`;
//! - [`Pallet::reveal`]`(RevealPayload { round, authority_index, value }, signature)`;
//! - [`Pallet::report_health_failure`]`(HealthPayload { round, authority_index, failure },
//!   signature)`: the authority's own node reports that its TSU failed a health test.
//!
//! All three are unsigned extrinsics carrying a payload signed with the authority's entropy
//! session key ([`EntropyAuthorityId`], key type `aent`) over `payload.encode()`: the
//! pallet-im-online heartbeat pattern. `ValidateUnsigned` checks the signature and the protocol
//! rules before a transaction enters the pool or a block, and the dispatch checks the rules again,
//! so a call that breaks one fails with a named [`Error`] and changes nothing. The signature is
//! checked once, in `validate_unsigned` (which also runs as `pre_dispatch` for every unsigned
//! extrinsic in a block); the call weights include it. They pay no fee; the pool holds at most one
//! of each kind per authority and round (its `provides` tag).
//!
//! A commit and a reveal payload encode alike (`round, index, 32 bytes`), so a signature on one
//! is also a signature on the other. That gains nothing: a commitment replayed as a reveal would
//! have to open itself (`commitment_of(r, key, c) == c`, a blake2 fixed point), and a reveal
//! replayed as a commitment comes after the commit phase of its round.
//!
//! ## The offchain worker
//!
//! On every block, a node whose keystore holds an entropy key of the current [`Authorities`]
//! (and that runs as a validator) acts for the *next* block, the earliest one its transactions
//! can enter: in the commit phase it draws 32 bytes from its TSU, stores them in persistent
//! offchain storage **before** it submits the commitment (a crash between the two loses
//! nothing), and in the reveal phase it reveals the stored value once the commitment is on chain.
//! A TSU that fails a health test (`TsuError::is_health_failure`) makes it submit
//! [`Pallet::report_health_failure`]; a node without a TSU (`TsuError::Unavailable`) only logs a
//! warning. Every submission is marked in offchain storage and repeated only if it has not been
//! included after [`RESUBMIT_AFTER_BLOCKS`] blocks. State of finished rounds is deleted.
//!
//! ## Standing and isolation
//!
//! Each finished round is *clean* or *bad* for each authority: bad if it did not reveal (no
//! commitment, or a commitment it never opened; [`Event::RevealMissed`]) or if it reported a
//! health failure of its TSU in that round; clean otherwise. [`Standing`] counts, per account:
//!
//! - a bad round: `strikes += 1`, `clean_rounds = 0`; at `strikes >= MaxStrikes` the authority is
//!   **isolated** ([`Event::AuthorityIsolated`]) and its contribution is suspended through
//!   [`ContributionSuspension::suspend`] (in the runtime: pallet-poc gives it the minimum lottery
//!   weight and credits it nothing);
//! - a clean round: `strikes = 0`, `clean_rounds += 1`; an isolated authority with `clean_rounds >=
//!   RecoveryRounds` is **restored** ([`Event::AuthorityRestored`],
//!   [`ContributionSuspension::resume`]).
//!
//! An isolated authority keeps committing and revealing (that is how it recovers), but its
//! reveals are not mixed into the output and earn no contribution. Non-isolated authorities earn
//! [`Config::RevealContribution`] points of [`ContributionKind::EntropyReveal`] per accepted
//! reveal.
//!
//! Strikes count **consecutive** bad rounds: a clean round wipes them. The consequence is
//! deliberate: an authority that fails every other round is never isolated (with `MaxStrikes >=
//! 2`); it only loses the contribution of the rounds it missed. Isolation is for a source that is
//! broken or withheld for `MaxStrikes` rounds in a row, not for occasional failures.
//!
//! Standing is keyed by account, so it survives session changes; an authority with no strikes
//! that is not isolated has no entry.
//!
//! ## Authority set
//!
//! The authorities come from pallet-session through [`OneSessionHandler`] (with key
//! [`EntropyAuthorityId`]), or from the genesis config on chains without sessions. A new set is
//! kept in [`PendingAuthorities`] and takes effect at the start of the next round, after the
//! previous round was finalised: within a round, authority indices never change meaning.
//!
//! ## Trust assumptions
//!
//! - **One honest authority suffices for unpredictability**: its value is hidden behind its
//!   commitment until the reveal phase, and every commitment is fixed before any reveal, so
//!   nobody can choose their value after seeing another's.
//! - **The last revealer can withhold.** An authority that sees the other reveals first can
//!   compute the output and, if it dislikes it, not reveal: the output then lacks its value. One
//!   such authority chooses between two outputs, a coalition of `k` between `2^k`. The cost is a
//!   missed reveal: a strike, the lost contribution and, repeated, isolation. The block VRF
//!   outputs mixed into every output keep the beacon moving when authorities withhold or fail;
//!   they can themselves only be withheld (the author of a round's last block may decline to
//!   publish it, losing its reward), not chosen.
//! - A TSU is trusted by its own node only; the beacon does not need any single TSU to be good.
//! - Consumers that need randomness unknown at some block must compare the block returned by
//!   [`Randomness::random`] with theirs: an output is known from the block it was computed in.
//!
//! ## In the runtime
//!
//! - `BlockRandomness`: pallet-poc's `AccumulatedRandomness`; `Contribution`: pallet-poc (which
//!   implements both traits); pallet-poc's `EpochEntropy`: [`Pallet::latest_output`].
//! - The session keys include an [`EntropyAuthorityId`] handled by this pallet; nodes insert the
//!   `aent` key and register the `tsu` host function and its `TsuExt` for offchain workers.
//! - `CreateBare<Call<Self>>` for the offchain worker's unsigned transactions.
//! - If pallet-session rotates in the first block of a round and runs before this pallet, the new
//!   set serves that round; otherwise it waits for the next one.
//! - Round numbers are `block / RoundLength`: changing `RoundLength` on a live chain renumbers
//!   the rounds and needs a migration that clears the round's commitments, reveals and reports.
//!
//! ## Invariants (checked by `try_state`)
//!
//! - commitments, reveals and health reports exist only for the current round, for authority
//!   indices of the current set, and every reveal has a commitment;
//! - [`Latest`] is the newest entry of [`Outputs`], which holds at most `HistoryDepth` outputs of
//!   past rounds;
//! - every isolated authority is suspended ([`ContributionSuspension::is_suspended`]), and every
//!   [`Standing`] entry has strikes or is isolated.

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
mod offchain;
#[cfg(test)]
mod tests;
pub mod weights;

pub use offchain::RESUBMIT_AFTER_BLOCKS;
pub use pallet::*;
pub use weights::WeightInfo;

use aether_primitives::{
	entropy::{
		commitment_of, BeaconOutput, BeaconStatus, Commitment, EntropyAuthorityId,
		EntropyAuthoritySignature, EntropyValue, OffchainEntropySource, Round, TsuError,
	},
	poc::{ContributionKind, ContributionSink, ContributionSuspension},
};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::{Get, OneSessionHandler, Randomness},
	BoundedVec,
};
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;
use sp_runtime::{
	traits::{Hash, SaturatedConversion, Saturating, Zero},
	transaction_validity::{
		InvalidTransaction, TransactionPriority, TransactionSource, TransactionValidity,
		TransactionValidityError, ValidTransaction,
	},
	RuntimeAppPublic,
};

/// Log target of this pallet.
pub const LOG_TARGET: &str = "runtime::entropy";

/// Domain separator of beacon outputs.
pub const BEACON_CONTEXT: &[u8] = b"aether/entropy/beacon";

/// Prefix of the transaction tags of this pallet's unsigned transactions.
pub const TAG_PREFIX: &str = "AetherEntropy";

/// Position of an authority in [`Authorities`].
pub type AuthorityIndex = u32;

/// An authority set: accounts with their entropy keys.
pub type AuthorityList<T> = BoundedVec<
	(<T as frame_system::Config>::AccountId, EntropyAuthorityId),
	<T as Config>::MaxAuthorities,
>;

/// The output of round `round` with block randomness `block_randomness` and the reveals `reveals`
/// (of the non-isolated authorities, in authority-index order):
/// `blake2_256(SCALE((BEACON_CONTEXT, round, block_randomness, reveals)))`, where `reveals` is
/// encoded as a `Vec<EntropyValue>`.
pub fn beacon_output(
	round: Round,
	block_randomness: &[u8; 32],
	reveals: &[EntropyValue],
) -> BeaconOutput {
	sp_io::hashing::blake2_256(&(BEACON_CONTEXT, round, block_randomness, reveals).encode())
}

/// The two halves of a round.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub enum Phase {
	/// The first half: commitments are accepted.
	Commit,
	/// The second half: reveals are accepted.
	Reveal,
}

/// What an authority signs to commit to a value: see [`Pallet::commit`].
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
pub struct CommitPayload {
	/// The round committed to: the current one.
	pub round: Round,
	/// The committer's index in [`Authorities`].
	pub authority_index: AuthorityIndex,
	/// `commitment_of(round, key, value)`.
	pub commitment: Commitment,
}

/// What an authority signs to reveal its value: see [`Pallet::reveal`].
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
pub struct RevealPayload {
	/// The round revealed for: the current one.
	pub round: Round,
	/// The revealer's index in [`Authorities`].
	pub authority_index: AuthorityIndex,
	/// The value committed to.
	pub value: EntropyValue,
}

/// What an authority signs to report that its TSU failed a health test: see
/// [`Pallet::report_health_failure`].
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
pub struct HealthPayload {
	/// The round of the failure: the current one.
	pub round: Round,
	/// The reporter's index in [`Authorities`].
	pub authority_index: AuthorityIndex,
	/// The failed test ([`TsuError::is_health_failure`]).
	pub failure: TsuError,
}

/// An authority's record of bad and clean rounds (see the crate docs).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct AuthorityStanding {
	/// Consecutive bad rounds.
	pub strikes: u32,
	/// Consecutive clean rounds (kept while the record is stored: for isolated authorities).
	pub clean_rounds: u32,
	/// Whether its reveals are excluded from the beacon and its contribution suspended.
	pub isolated: bool,
}

impl AuthorityStanding {
	/// Whether the record carries information worth storing: strikes or isolation.
	pub fn is_notable(&self) -> bool {
		self.strikes > 0 || self.isolated
	}
}

/// What round finalisation learnt about one authority.
struct RoundOutcome<AccountId> {
	who: AccountId,
	standing: AuthorityStanding,
	reveal: Option<EntropyValue>,
	reported: bool,
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	/// The entropy beacon pallet.
	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Configuration of the entropy beacon pallet.
	#[pallet::config]
	pub trait Config:
		polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>>
		+ polkadot_sdk::frame_system::offchain::CreateBare<Call<Self>>
	{
		/// Weights of the calls and of round finalisation, from the benchmarks.
		type WeightInfo: WeightInfo;

		/// Largest authority set; larger sets from the session pallet are truncated.
		#[pallet::constant]
		type MaxAuthorities: Get<u32>;

		/// Length of a round in blocks: even and at least 2. The first half takes commitments,
		/// the second half reveals.
		#[pallet::constant]
		type RoundLength: Get<BlockNumberFor<Self>>;

		/// Consecutive bad rounds after which an authority is isolated (at least 1).
		#[pallet::constant]
		type MaxStrikes: Get<u32>;

		/// Consecutive clean rounds after which an isolated authority is restored (at least 1).
		#[pallet::constant]
		type RecoveryRounds: Get<u32>;

		/// Number of past beacon outputs kept in [`Outputs`] (at least 1).
		#[pallet::constant]
		type HistoryDepth: Get<u32>;

		/// Priority of the unsigned commit, reveal and health-report transactions.
		#[pallet::constant]
		type UnsignedPriority: Get<TransactionPriority>;

		/// Contribution points credited for each reveal of a non-isolated authority.
		#[pallet::constant]
		type RevealContribution: Get<aether_primitives::poc::Contribution>;

		/// The block VRF outputs accumulated so far (pallet-poc's `AccumulatedRandomness` in the
		/// runtime), mixed into every beacon output.
		type BlockRandomness: Get<[u8; 32]>;

		/// Where accepted reveals are credited and isolated authorities suspended (pallet-poc in
		/// the runtime).
		type Contribution: ContributionSink<Self::AccountId>
			+ ContributionSuspension<Self::AccountId>;

		/// Where an authority's offchain worker draws the value it commits to: the node's TSU
		/// (`aether_primitives::entropy::TsuHostFunction`) on the solo chain, the node's OS
		/// randomness (`OffchainRandomSeed`) where nodes have no TSU host function.
		type Source: OffchainEntropySource;
	}

	/// The authority set of the current round: account and entropy key. The position in this
	/// list is the `authority_index` of the payloads.
	#[pallet::storage]
	pub type Authorities<T: Config> = StorageValue<_, AuthorityList<T>, ValueQuery>;

	/// A new authority set from the session pallet, waiting for the next round to start.
	#[pallet::storage]
	pub type PendingAuthorities<T: Config> = StorageValue<_, AuthorityList<T>, OptionQuery>;

	/// Commitments of the current round, by round and authority index.
	#[pallet::storage]
	pub type Commitments<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		Round,
		Twox64Concat,
		AuthorityIndex,
		Commitment,
		OptionQuery,
	>;

	/// Reveals of the current round, by round and authority index; each matches its commitment.
	#[pallet::storage]
	pub type Reveals<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		Round,
		Twox64Concat,
		AuthorityIndex,
		EntropyValue,
		OptionQuery,
	>;

	/// Health-test failures reported in the current round, by round and authority index.
	#[pallet::storage]
	pub type HealthReports<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		Round,
		Twox64Concat,
		AuthorityIndex,
		TsuError,
		OptionQuery,
	>;

	/// Strikes, clean rounds and isolation, by account. Accounts without strikes that are not
	/// isolated have no entry.
	#[pallet::storage]
	pub type Standing<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, AuthorityStanding, ValueQuery>;

	/// Outputs of the last `HistoryDepth` rounds with the number of reveals mixed into each.
	#[pallet::storage]
	pub type Outputs<T: Config> =
		StorageMap<_, Twox64Concat, Round, (BeaconOutput, u32), OptionQuery>;

	/// The newest output: its round, the output, the number of reveals mixed in and the block
	/// it was computed in (from which it is known).
	#[pallet::storage]
	pub type Latest<T: Config> =
		StorageValue<_, (Round, BeaconOutput, u32, BlockNumberFor<T>), OptionQuery>;

	/// Genesis of the entropy beacon.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Initial authorities (at most `MaxAuthorities`, distinct keys). Usually empty: the
		/// session pallet provides them through [`OneSessionHandler::on_genesis_session`].
		pub authorities: Vec<(T::AccountId, EntropyAuthorityId)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		/// # Panics
		///
		/// If there are more than `MaxAuthorities` authorities or two share a key, so a bad
		/// chain spec fails when it is built.
		fn build(&self) {
			if self.authorities.is_empty() {
				return;
			}
			let mut keys: Vec<&EntropyAuthorityId> =
				self.authorities.iter().map(|(_, key)| key).collect();
			keys.sort();
			keys.dedup();
			assert_eq!(
				keys.len(),
				self.authorities.len(),
				"entropy genesis authorities must have distinct keys"
			);
			let authorities = AuthorityList::<T>::try_from(self.authorities.clone())
				.expect("entropy genesis authorities must not exceed MaxAuthorities");
			Authorities::<T>::put(authorities);
		}
	}

	/// Events of the entropy beacon pallet.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An authority committed to a value for a round.
		Committed {
			/// The round.
			round: Round,
			/// The authority's account.
			who: T::AccountId,
			/// The commitment.
			commitment: Commitment,
		},
		/// An authority revealed the value it committed to.
		Revealed {
			/// The round.
			round: Round,
			/// The authority's account.
			who: T::AccountId,
			/// The value.
			value: EntropyValue,
		},
		/// An authority's node reported that its TSU failed a health test.
		HealthFailureReported {
			/// The round.
			round: Round,
			/// The authority's account.
			who: T::AccountId,
			/// The failed test.
			failure: TsuError,
		},
		/// A round was finalised: its output is the beacon's latest.
		BeaconUpdated {
			/// The finished round.
			round: Round,
			/// Its output.
			output: BeaconOutput,
			/// Reveals mixed into it.
			contributors: u32,
		},
		/// An authority did not reveal in a round (no commitment, or no reveal of it).
		RevealMissed {
			/// The finished round.
			round: Round,
			/// The authority's account.
			who: T::AccountId,
		},
		/// An authority reached `MaxStrikes` consecutive bad rounds: its reveals are excluded
		/// from the beacon and its contribution is suspended.
		AuthorityIsolated {
			/// The authority's account.
			who: T::AccountId,
			/// The round that isolated it.
			round: Round,
		},
		/// An isolated authority had `RecoveryRounds` consecutive clean rounds and is restored.
		AuthorityRestored {
			/// The authority's account.
			who: T::AccountId,
			/// The round that restored it.
			round: Round,
		},
		/// A new authority set from the session pallet took effect.
		AuthoritiesChanged {
			/// The first round of the new set.
			round: Round,
			/// Number of authorities.
			count: u32,
		},
	}

	/// Errors of the entropy beacon pallet.
	#[pallet::error]
	pub enum Error<T> {
		/// The authority index is not in the current authority set.
		NotAnAuthority,
		/// The payload is not for the current round.
		WrongRound,
		/// Commitments are accepted only in the commit phase (the first half) of a round.
		CommitOutsideCommitPhase,
		/// The authority already committed in this round.
		DuplicateCommitment,
		/// Reveals are accepted only in the reveal phase (the second half) of a round.
		RevealOutsideRevealPhase,
		/// The round of the reveal has ended.
		LateReveal,
		/// The authority did not commit in this round.
		NoCommitment,
		/// The value does not match the authority's commitment.
		RevealMismatch,
		/// The authority already revealed in this round.
		DuplicateReveal,
		/// The reported error is not a failed health test.
		NotAHealthFailure,
		/// The authority already reported a health failure in this round.
		DuplicateReport,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// In the first block of a round, finalises the previous round (output, standing,
		/// pruning) and installs a pending authority set. Other blocks do nothing.
		fn on_initialize(n: BlockNumberFor<T>) -> Weight {
			if n.is_zero() || !Self::starts_round(n) {
				return Weight::zero();
			}
			let round = Self::round_of(n);
			let finished = Self::finalize_round(round.saturating_sub(1), n);
			let installed = Self::apply_pending_authorities(round);
			T::WeightInfo::finalize_round(finished.max(installed).max(1))
		}

		/// Commits, reveals or reports for the local entropy keys (see the crate docs).
		fn offchain_worker(n: BlockNumberFor<T>) {
			if sp_io::offchain::is_validator() {
				Self::run_offchain_worker(n);
			} else {
				log::trace!(target: LOG_TARGET, "not a validator; no entropy at block {n:?}");
			}
		}

		fn integrity_test() {
			let length = T::RoundLength::get().saturated_into::<u64>();
			assert!(length >= 2, "RoundLength must be at least 2");
			assert!(length.is_multiple_of(2), "RoundLength must be even");
			assert!(T::MaxAuthorities::get() > 0, "MaxAuthorities must not be zero");
			assert!(T::MaxStrikes::get() > 0, "MaxStrikes must not be zero");
			assert!(T::RecoveryRounds::get() > 0, "RecoveryRounds must not be zero");
			assert!(T::HistoryDepth::get() > 0, "HistoryDepth must not be zero");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Commit to a value for the current round.
		///
		/// Origin: none (an unsigned extrinsic, submitted by the authority's offchain worker).
		/// `signature` is the authority's entropy key ([`EntropyAuthorityId`] at
		/// `payload.authority_index` in [`Authorities`]) over `payload.encode()`; it is checked
		/// by `ValidateUnsigned`, before the pool and before the block. `payload.commitment` is
		/// `commitment_of(payload.round, key, value)` for a value revealed later with
		/// [`Pallet::reveal`].
		///
		/// Allowed in the commit phase of `payload.round` only, once per authority per round.
		/// Emits [`Event::Committed`]. Errors: [`Error::WrongRound`] (not the current round),
		/// [`Error::CommitOutsideCommitPhase`], [`Error::NotAnAuthority`],
		/// [`Error::DuplicateCommitment`]. Cost: an sr25519 verification, reads of the authority
		/// set and the commitment, one write (`WeightInfo::commit`). Pays no fee.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::commit())]
		pub fn commit(
			origin: OriginFor<T>,
			payload: CommitPayload,
			// Checked in `validate_unsigned`, which runs as `pre_dispatch` too.
			_signature: EntropyAuthoritySignature,
		) -> DispatchResult {
			ensure_none(origin)?;
			let (who, _) = Self::check_commit(&payload)?;
			Commitments::<T>::insert(payload.round, payload.authority_index, payload.commitment);
			Self::deposit_event(Event::Committed {
				round: payload.round,
				who,
				commitment: payload.commitment,
			});
			Ok(())
		}

		/// Reveal the value committed to in the current round.
		///
		/// Origin: none (an unsigned extrinsic, submitted by the authority's offchain worker);
		/// `signature` as for [`Pallet::commit`], over `payload.encode()`. `payload.value` must
		/// satisfy `commitment_of(payload.round, key, value) == commitment`.
		///
		/// Allowed in the reveal phase of `payload.round` only, once per authority per round. A
		/// non-isolated authority is credited `RevealContribution` points of
		/// [`ContributionKind::EntropyReveal`]. Emits [`Event::Revealed`]. Errors:
		/// [`Error::WrongRound`] (a future round), [`Error::LateReveal`] (the round has ended),
		/// [`Error::RevealOutsideRevealPhase`], [`Error::NotAnAuthority`],
		/// [`Error::DuplicateReveal`], [`Error::NoCommitment`], [`Error::RevealMismatch`]. Cost:
		/// an sr25519 verification, a blake2 hash, reads of the authority set, commitment,
		/// reveal and standing, one write and the contribution credit (`WeightInfo::reveal`).
		/// Pays no fee.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::reveal())]
		pub fn reveal(
			origin: OriginFor<T>,
			payload: RevealPayload,
			// Checked in `validate_unsigned`, which runs as `pre_dispatch` too.
			_signature: EntropyAuthoritySignature,
		) -> DispatchResult {
			ensure_none(origin)?;
			let (who, _) = Self::check_reveal(&payload)?;
			Reveals::<T>::insert(payload.round, payload.authority_index, payload.value);
			if !Standing::<T>::get(&who).isolated {
				T::Contribution::note_contribution(
					&who,
					ContributionKind::EntropyReveal,
					T::RevealContribution::get(),
				);
			}
			Self::deposit_event(Event::Revealed {
				round: payload.round,
				who,
				value: payload.value,
			});
			Ok(())
		}

		/// Report that the authority's own TSU failed a health test in the current round.
		///
		/// Origin: none (an unsigned extrinsic, submitted by the authority's offchain worker when
		/// the TSU host function returns a health failure); `signature` as for
		/// [`Pallet::commit`], over `payload.encode()`. The round counts as bad for the authority
		/// (see the crate docs), even if it also reveals.
		///
		/// Allowed in either phase of `payload.round`, once per authority per round. Emits
		/// [`Event::HealthFailureReported`]. Errors: [`Error::WrongRound`],
		/// [`Error::NotAnAuthority`], [`Error::NotAHealthFailure`] (`failure` is not
		/// `RepetitionCount`, `AdaptiveProportion` or `Periodicity`), [`Error::DuplicateReport`].
		/// Cost: an sr25519 verification, reads of the authority set and the report, one write
		/// (`WeightInfo::report_health_failure`). Pays no fee.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::report_health_failure())]
		pub fn report_health_failure(
			origin: OriginFor<T>,
			payload: HealthPayload,
			// Checked in `validate_unsigned`, which runs as `pre_dispatch` too.
			_signature: EntropyAuthoritySignature,
		) -> DispatchResult {
			ensure_none(origin)?;
			let (who, _) = Self::check_health_report(&payload)?;
			HealthReports::<T>::insert(payload.round, payload.authority_index, payload.failure);
			log::warn!(
				target: LOG_TARGET,
				"authority {} reports TSU health failure {:?} in round {}",
				payload.authority_index,
				payload.failure,
				payload.round,
			);
			Self::deposit_event(Event::HealthFailureReported {
				round: payload.round,
				who,
				failure: payload.failure,
			});
			Ok(())
		}
	}

	#[allow(deprecated)]
	#[pallet::validate_unsigned]
	impl<T: Config> ValidateUnsigned for Pallet<T> {
		type Call = Call<T>;

		/// Accept a commit, reveal or health report that follows the rules of its call and is
		/// signed by the entropy key at its authority index. Rounds in the past (or a phase that
		/// has passed) are `Stale`, rounds or phases to come `Future`, a bad signature
		/// `BadProof`, and every other broken rule `Custom(i)` with `i` the index of the
		/// matching [`Error`] variant. Valid transactions provide `(kind, round, authority
		/// index)`, live until the end of their phase (the round, for health reports) and
		/// propagate.
		fn validate_unsigned(_source: TransactionSource, call: &Self::Call) -> TransactionValidity {
			match call {
				Call::commit { payload, signature } => {
					let (_, key) =
						Self::check_commit(payload).map_err(|e| Self::invalid(e, payload.round))?;
					Self::signed_by(&key, payload, signature)?;
					Self::valid_transaction(
						b"commit",
						payload.round,
						payload.authority_index,
						Self::blocks_left_in_phase(),
					)
				},
				Call::reveal { payload, signature } => {
					let (_, key) =
						Self::check_reveal(payload).map_err(|e| Self::invalid(e, payload.round))?;
					Self::signed_by(&key, payload, signature)?;
					Self::valid_transaction(
						b"reveal",
						payload.round,
						payload.authority_index,
						Self::blocks_left_in_phase(),
					)
				},
				Call::report_health_failure { payload, signature } => {
					let (_, key) = Self::check_health_report(payload)
						.map_err(|e| Self::invalid(e, payload.round))?;
					Self::signed_by(&key, payload, signature)?;
					Self::valid_transaction(
						b"health",
						payload.round,
						payload.authority_index,
						Self::blocks_left_in_round(),
					)
				},
				_ => InvalidTransaction::Call.into(),
			}
		}
	}
}

impl<T: Config> Pallet<T> {
	/// Length of a round in blocks (never below 2, whatever the config says).
	fn round_length() -> u64 {
		T::RoundLength::get().saturated_into::<u64>().max(2)
	}

	/// The round block `n` belongs to.
	pub fn round_of(n: BlockNumberFor<T>) -> Round {
		(n.saturated_into::<u64>() / Self::round_length()).saturated_into::<Round>()
	}

	/// The phase block `n` is in.
	pub fn phase_of(n: BlockNumberFor<T>) -> Phase {
		let length = Self::round_length();
		if n.saturated_into::<u64>() % length < length / 2 {
			Phase::Commit
		} else {
			Phase::Reveal
		}
	}

	/// Whether block `n` is the first block of a round.
	pub fn starts_round(n: BlockNumberFor<T>) -> bool {
		n.saturated_into::<u64>().is_multiple_of(Self::round_length())
	}

	/// The first block of round `round`.
	pub fn round_start(round: Round) -> BlockNumberFor<T> {
		u64::from(round).saturating_mul(Self::round_length()).saturated_into()
	}

	/// The round of the current block.
	pub fn current_round() -> Round {
		Self::round_of(frame_system::Pallet::<T>::block_number())
	}

	/// The phase of the current block.
	pub fn current_phase() -> Phase {
		Self::phase_of(frame_system::Pallet::<T>::block_number())
	}

	/// Blocks from the current one to the end of its phase, the current one included.
	fn blocks_left_in_phase() -> u64 {
		let length = Self::round_length();
		let offset = frame_system::Pallet::<T>::block_number().saturated_into::<u64>() % length;
		let end = if offset < length / 2 { length / 2 } else { length };
		end.saturating_sub(offset).max(1)
	}

	/// Blocks from the current one to the end of its round, the current one included.
	fn blocks_left_in_round() -> u64 {
		let length = Self::round_length();
		let offset = frame_system::Pallet::<T>::block_number().saturated_into::<u64>() % length;
		length.saturating_sub(offset).max(1)
	}

	/// The newest beacon output (pallet-poc's epoch entropy), if a round has finished.
	pub fn latest_output() -> Option<BeaconOutput> {
		Latest::<T>::get().map(|(_, output, _, _)| output)
	}

	/// The beacon as user interfaces see it (the `EntropyApi::beacon_status` runtime API).
	pub fn beacon_status() -> BeaconStatus<T::AccountId> {
		BeaconStatus {
			round: Self::current_round(),
			round_length: Self::round_length().saturated_into::<u32>(),
			latest: Latest::<T>::get()
				.map(|(round, output, contributors, _)| (round, output, contributors)),
			authorities: Authorities::<T>::get()
				.into_iter()
				.map(|(who, key)| {
					let standing = Standing::<T>::get(&who);
					(who, key, standing.strikes, standing.isolated)
				})
				.collect(),
		}
	}

	/// The account and key of authority `index`.
	fn authority(index: AuthorityIndex) -> Result<(T::AccountId, EntropyAuthorityId), Error<T>> {
		Authorities::<T>::get().get(index as usize).cloned().ok_or(Error::<T>::NotAnAuthority)
	}

	/// Check the rules of a commitment (not its signature); return the committer.
	fn check_commit(
		payload: &CommitPayload,
	) -> Result<(T::AccountId, EntropyAuthorityId), Error<T>> {
		let now = frame_system::Pallet::<T>::block_number();
		frame_support::ensure!(payload.round == Self::round_of(now), Error::<T>::WrongRound);
		frame_support::ensure!(
			Self::phase_of(now) == Phase::Commit,
			Error::<T>::CommitOutsideCommitPhase
		);
		let authority = Self::authority(payload.authority_index)?;
		frame_support::ensure!(
			!Commitments::<T>::contains_key(payload.round, payload.authority_index),
			Error::<T>::DuplicateCommitment
		);
		Ok(authority)
	}

	/// Check the rules of a reveal (not its signature); return the revealer.
	fn check_reveal(
		payload: &RevealPayload,
	) -> Result<(T::AccountId, EntropyAuthorityId), Error<T>> {
		let now = frame_system::Pallet::<T>::block_number();
		let current = Self::round_of(now);
		frame_support::ensure!(payload.round >= current, Error::<T>::LateReveal);
		frame_support::ensure!(payload.round == current, Error::<T>::WrongRound);
		frame_support::ensure!(
			Self::phase_of(now) == Phase::Reveal,
			Error::<T>::RevealOutsideRevealPhase
		);
		let (who, key) = Self::authority(payload.authority_index)?;
		frame_support::ensure!(
			!Reveals::<T>::contains_key(payload.round, payload.authority_index),
			Error::<T>::DuplicateReveal
		);
		let commitment = Commitments::<T>::get(payload.round, payload.authority_index)
			.ok_or(Error::<T>::NoCommitment)?;
		frame_support::ensure!(
			commitment_of(payload.round, &key, &payload.value) == commitment,
			Error::<T>::RevealMismatch
		);
		Ok((who, key))
	}

	/// Check the rules of a health report (not its signature); return the reporter.
	fn check_health_report(
		payload: &HealthPayload,
	) -> Result<(T::AccountId, EntropyAuthorityId), Error<T>> {
		frame_support::ensure!(payload.round == Self::current_round(), Error::<T>::WrongRound);
		let authority = Self::authority(payload.authority_index)?;
		frame_support::ensure!(payload.failure.is_health_failure(), Error::<T>::NotAHealthFailure);
		frame_support::ensure!(
			!HealthReports::<T>::contains_key(payload.round, payload.authority_index),
			Error::<T>::DuplicateReport
		);
		Ok(authority)
	}

	/// The transaction-pool view of a broken rule of a payload for `round`.
	fn invalid(error: Error<T>, round: Round) -> TransactionValidityError {
		let past = round < Self::current_round();
		match error {
			Error::<T>::WrongRound if past => InvalidTransaction::Stale,
			Error::<T>::WrongRound => InvalidTransaction::Future,
			Error::<T>::CommitOutsideCommitPhase | Error::<T>::LateReveal => {
				InvalidTransaction::Stale
			},
			Error::<T>::RevealOutsideRevealPhase => InvalidTransaction::Future,
			other => InvalidTransaction::Custom(Self::error_index(&other)),
		}
		.into()
	}

	/// `BadProof` unless `signature` is `key`'s over `payload.encode()`.
	fn signed_by(
		key: &EntropyAuthorityId,
		payload: &impl Encode,
		signature: &EntropyAuthoritySignature,
	) -> Result<(), TransactionValidityError> {
		if payload.using_encoded(|encoded| key.verify(&encoded, signature)) {
			Ok(())
		} else {
			Err(InvalidTransaction::BadProof.into())
		}
	}

	/// A valid unsigned transaction providing `(tag, round, index)` for `longevity` blocks.
	fn valid_transaction(
		tag: &'static [u8],
		round: Round,
		index: AuthorityIndex,
		longevity: u64,
	) -> TransactionValidity {
		ValidTransaction::with_tag_prefix(TAG_PREFIX)
			.priority(T::UnsignedPriority::get())
			.and_provides((tag, round, index))
			.longevity(longevity)
			.propagate(true)
			.build()
	}

	/// The index of an [`Error`] variant (as in the metadata and in `ModuleError`).
	pub fn error_index(error: &Error<T>) -> u8 {
		error.encode().first().copied().unwrap_or(u8::MAX)
	}

	/// Finalise round `round` in block `now`: compute and store its output, update every
	/// authority's standing and remove the round's commitments, reveals and reports and the
	/// output that fell out of the history. Returns the number of authorities (the benchmark
	/// parameter).
	fn finalize_round(round: Round, now: BlockNumberFor<T>) -> u32 {
		let authorities = Authorities::<T>::get();
		let outcomes: Vec<RoundOutcome<T::AccountId>> = authorities
			.iter()
			.enumerate()
			.map(|(index, (who, _))| {
				let index = index as AuthorityIndex;
				RoundOutcome {
					who: who.clone(),
					standing: Standing::<T>::get(who),
					reveal: Reveals::<T>::get(round, index),
					reported: HealthReports::<T>::contains_key(round, index),
				}
			})
			.collect();
		let reveals: Vec<EntropyValue> = outcomes
			.iter()
			.filter(|outcome| !outcome.standing.isolated)
			.filter_map(|outcome| outcome.reveal)
			.collect();

		// The output.
		let contributors = reveals.len() as u32;
		let output = beacon_output(round, &T::BlockRandomness::get(), &reveals);
		Outputs::<T>::insert(round, (output, contributors));
		Latest::<T>::put((round, output, contributors, now));
		if let Some(expired) = round.checked_sub(T::HistoryDepth::get().max(1)) {
			Outputs::<T>::remove(expired);
		}
		log::debug!(
			target: LOG_TARGET,
			"round {round} finalised with {contributors} of {} authorities",
			authorities.len(),
		);
		Self::deposit_event(Event::BeaconUpdated { round, output, contributors });

		// Standing.
		for outcome in outcomes {
			let revealed = outcome.reveal.is_some();
			if !revealed {
				Self::deposit_event(Event::RevealMissed { round, who: outcome.who.clone() });
			}
			let clean = revealed && !outcome.reported;
			Self::update_standing(&outcome.who, outcome.standing, clean, round);
		}

		// The round's data is no longer needed: nothing for it can be accepted any more.
		let limit = T::MaxAuthorities::get();
		let _ = Commitments::<T>::clear_prefix(round, limit, None);
		let _ = Reveals::<T>::clear_prefix(round, limit, None);
		let _ = HealthReports::<T>::clear_prefix(round, limit, None);

		authorities.len() as u32
	}

	/// Count a clean or bad `round` for `who`, isolating or restoring it (see the crate docs).
	fn update_standing(who: &T::AccountId, old: AuthorityStanding, clean: bool, round: Round) {
		let mut standing = old;
		if clean {
			standing.strikes = 0;
			standing.clean_rounds = standing.clean_rounds.saturating_add(1);
			if standing.isolated && standing.clean_rounds >= T::RecoveryRounds::get() {
				standing.isolated = false;
				standing.clean_rounds = 0;
				T::Contribution::resume(who);
				log::info!(target: LOG_TARGET, "entropy authority restored after round {round}");
				Self::deposit_event(Event::AuthorityRestored { who: who.clone(), round });
			}
		} else {
			standing.strikes = standing.strikes.saturating_add(1);
			standing.clean_rounds = 0;
			if !standing.isolated && standing.strikes >= T::MaxStrikes::get() {
				standing.isolated = true;
				T::Contribution::suspend(who);
				log::warn!(
					target: LOG_TARGET,
					"entropy authority isolated after {} bad rounds (round {round})",
					standing.strikes,
				);
				Self::deposit_event(Event::AuthorityIsolated { who: who.clone(), round });
			}
		}
		match (old.is_notable(), standing.is_notable()) {
			(_, true) if standing != old => Standing::<T>::insert(who, standing),
			(true, false) => Standing::<T>::remove(who),
			_ => {},
		}
	}

	/// Install a pending authority set for round `round`; returns its size (0 if none).
	fn apply_pending_authorities(round: Round) -> u32 {
		let Some(authorities) = PendingAuthorities::<T>::take() else {
			return 0;
		};
		let count = authorities.len() as u32;
		Authorities::<T>::put(authorities);
		Self::deposit_event(Event::AuthoritiesChanged { round, count });
		count
	}

	/// Bound a new authority set to `MaxAuthorities`, dropping (with a warning) what does not
	/// fit.
	fn bound_authorities(authorities: Vec<(T::AccountId, EntropyAuthorityId)>) -> AuthorityList<T> {
		let max = T::MaxAuthorities::get();
		if authorities.len() > max as usize {
			log::warn!(
				target: LOG_TARGET,
				"{} authorities exceed MaxAuthorities {max}; truncating",
				authorities.len(),
			);
		}
		AuthorityList::<T>::truncate_from(authorities)
	}

	/// Check the pallet's invariants (see the crate docs).
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use frame_support::ensure;
		let current = Self::current_round();
		let authorities = Authorities::<T>::decode_len().unwrap_or(0);
		ensure!(
			authorities <= T::MaxAuthorities::get() as usize,
			"Entropy: more authorities than MaxAuthorities"
		);
		let in_current_round = |round: Round, index: AuthorityIndex| {
			round == current && (index as usize) < authorities
		};
		ensure!(
			Commitments::<T>::iter_keys().all(|(r, i)| in_current_round(r, i)),
			"Entropy: a commitment outside the current round or authority set"
		);
		ensure!(
			Reveals::<T>::iter_keys().all(|(r, i)| in_current_round(r, i)),
			"Entropy: a reveal outside the current round or authority set"
		);
		ensure!(
			HealthReports::<T>::iter_keys().all(|(r, i)| in_current_round(r, i)),
			"Entropy: a health report outside the current round or authority set"
		);
		ensure!(
			Reveals::<T>::iter_keys().all(|(r, i)| Commitments::<T>::contains_key(r, i)),
			"Entropy: a reveal without a commitment"
		);

		let outputs = Outputs::<T>::iter().count();
		ensure!(
			outputs <= T::HistoryDepth::get().max(1) as usize,
			"Entropy: more outputs than HistoryDepth"
		);
		match Latest::<T>::get() {
			Some((round, output, contributors, _)) => {
				ensure!(round < current, "Entropy: the latest output is of an unfinished round");
				ensure!(
					Outputs::<T>::get(round) == Some((output, contributors)),
					"Entropy: Latest disagrees with Outputs"
				);
				ensure!(
					Outputs::<T>::iter_keys().all(|r| r <= round),
					"Entropy: an output newer than Latest"
				);
			},
			None => ensure!(outputs == 0, "Entropy: outputs without Latest"),
		}

		for (who, standing) in Standing::<T>::iter() {
			ensure!(
				standing.is_notable(),
				"Entropy: a standing entry without strikes or isolation"
			);
			ensure!(
				!standing.isolated || T::Contribution::is_suspended(&who),
				"Entropy: an isolated authority is not suspended"
			);
		}
		Ok(())
	}
}

impl<T: Config> Randomness<T::Hash, BlockNumberFor<T>> for Pallet<T> {
	/// `hash(subject, latest output)` and the block the output was computed in; before the first
	/// round has finished, `hash(subject, BlockRandomness)` and the parent block (the block
	/// randomness may be known from there).
	fn random(subject: &[u8]) -> (T::Hash, BlockNumberFor<T>) {
		match Latest::<T>::get() {
			Some((_, output, _, known_at)) => (T::Hashing::hash_of(&(subject, output)), known_at),
			None => (
				T::Hashing::hash_of(&(subject, T::BlockRandomness::get())),
				frame_system::Pallet::<T>::block_number().saturating_sub(1u32.into()),
			),
		}
	}
}

impl<T: Config> sp_runtime::BoundToRuntimeAppPublic for Pallet<T> {
	type Public = EntropyAuthorityId;
}

impl<T: Config> OneSessionHandler<T::AccountId> for Pallet<T> {
	type Key = EntropyAuthorityId;

	fn on_genesis_session<'a, I>(validators: I)
	where
		I: 'a + Iterator<Item = (&'a T::AccountId, EntropyAuthorityId)>,
	{
		let authorities = validators.map(|(who, key)| (who.clone(), key)).collect();
		Authorities::<T>::put(Self::bound_authorities(authorities));
	}

	/// The new set waits in [`PendingAuthorities`] for the next round, unless it equals the
	/// current one.
	fn on_new_session<'a, I>(_changed: bool, validators: I, _queued_validators: I)
	where
		I: 'a + Iterator<Item = (&'a T::AccountId, EntropyAuthorityId)>,
	{
		let authorities =
			Self::bound_authorities(validators.map(|(who, key)| (who.clone(), key)).collect());
		if authorities == Authorities::<T>::get() {
			PendingAuthorities::<T>::kill();
		} else {
			PendingAuthorities::<T>::put(authorities);
		}
	}

	fn on_disabled(validator_index: u32) {
		log::debug!(
			target: LOG_TARGET,
			"validator {validator_index} disabled; it stays in the beacon until the next session",
		);
	}
}
