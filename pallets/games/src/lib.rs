//! # Games pallet
//!
//! The game ledger: games defined by a rules program, staked sessions whose state lives off chain
//! as a chain of state hashes, moves checked by a Groth16 proof or optimistically with a challenge
//! window, save states, payouts, Elo ratings, a matchmaking queue and single-elimination
//! tournaments.
//!
//! ## Games
//!
//! [`Pallet::register_game`] names a rules program (a command program of pallet-commands with the
//! step function `(state, move) -> state | invalid`, see [`rules`]), optionally a Groth16 key for
//! move proofs (exactly [`MOVE_PROOF_INPUTS`] public inputs), and [`GameParams`] (seats, the
//! rules' fuel, and the hash of the start position that matched and tournament sessions begin
//! from). The program is pinned in the command pallet and the key in the verifier, so neither can
//! disappear under a game; [`Config::GameDeposit`] is held until [`Pallet::unregister_game`],
//! which the owner can call once the game has no session, queued account or unfinished
//! tournament left.
//!
//! ## Sessions
//!
//! [`Pallet::create_session`] opens a session of a game with a number of seats, a stake per player
//! and an initial state hash; the creator takes seat 0 and its stake and
//! [`Config::SessionDeposit`] are held. [`Pallet::join`] holds a joiner's stake; when the last
//! seat is taken the session starts. Before that, [`Pallet::leave`] gives a stake back (the
//! creator leaving cancels the session and refunds everyone).
//!
//! Seat `moves % seats` moves next. [`Pallet::make_move`] carries the move's index, the previous
//! state hash (which must be the chain's head), the move's bytes, the new state hash and, for a
//! move that ends the game, its [`Outcome`]. The chain stores only the head, the move count and
//! the optimistic moves still open to a challenge ([`PendingMoves`]); every move's bytes are in
//! its [`Event::MoveMade`], so anyone can replay a session.
//!
//! ## Anti-cheat
//!
//! - **Proved games** (a move key): every move carries a Groth16 proof that it is legal and leads
//!   to the claimed state and outcome; the public inputs are derived as [`rules`] documents
//!   ([`rules::move_public_inputs`]). A move whose proof fails is refused: cheating is impossible.
//!   A terminal move ends the session at once.
//! - **Optimistic games** (no key): a move stands unless another player challenges it within
//!   [`Config::ChallengeWindow`] blocks. [`Pallet::challenge`] holds [`Config::ChallengeBond`],
//!   takes the pre-state bytes (whose SHA-256 must be the move's previous hash) and the move's
//!   bytes (whose SHA-256 must be the one recorded), and runs the rules program on them as a
//!   command ([`Config::Rules`], paid by the challenger: [`Config::ChallengeFee`]). The session is
//!   frozen until the command settles and the command pallet tells this pallet
//!   ([`pallet_commands::OnCommandSettled`]):
//!   - the rules agree with the move: the challenger loses its bond to the mover; the move is
//!     final and play resumes;
//!   - the rules disagree (another state or outcome, or the program trapped: an illegal move):
//!     the challenger's bond is returned and the mover **forfeits** the session (below);
//!   - no verdict (the command timed out or ran out of fuel): the bond is returned and the move's
//!     window opens again for [`Config::ChallengeWindow`] blocks.
//!
//!   A terminal optimistic move puts the session in [`SessionStatus::Finishing`]; once no pending
//!   move can be challenged any more, anyone calls [`Pallet::finalize`] to pay it.
//!
//! ## Save states
//!
//! [`Pallet::save_state`] commits the head with an off-chain reference to the state's bytes (a
//! CID or URL, at most [`MAX_BLOB_LEN`] bytes); at most [`Config::MaxSaves`] per session.
//! [`Pallet::load_state`] rewinds the session to a save of its own once **every** player has
//! asked for that same save with no move in between: the head and move count become the save's,
//! the moves after it are abandoned (their pending entries and the saves made after it are
//! dropped) and play resumes with the seat whose turn it was at the save.
//!
//! ## Economics
//!
//! - Winner takes all: a terminal move with [`Outcome::Winner`] pays every stake to that seat.
//! - A draw, or a cancelled session, refunds every stake.
//! - A forfeit ([`Pallet::resign`], [`Pallet::claim_timeout`] against the seat that did not move
//!   within [`Config::MoveTimeout`] blocks, or a proven cheat) refunds the other players and
//!   shares the forfeiting player's stake among them equally (the remainder to the lowest seat);
//!   with two players, the opponent takes all.
//! - The session deposit goes back to the creator when the session ends; the session's records
//!   are then removed (the [`Event::SessionEnded`] keeps the result).
//! - A matched session's creator is the account that waited in the queue: its deposit, held
//!   since it queued, is the session's.
//! - Tournament matches stake nothing and hold no session deposit (the tournament's deposit
//!   covers them); the entry fees are the prize pool, paid after the final (below).
//!
//! ## Ratings
//!
//! Every account has an Elo rating per game ([`Ratings`], [`Config::InitialRating`] until its
//! first rated game). When a **two-seat** session ends with a result (a winning move, a
//! resignation, a timeout, a proven cheat, or a draw) both players' ratings move by the Elo rule
//! with factor [`Config::RatingK`], in integer arithmetic ([`rating`]: a monotone table of the
//! expected score, points rounded once and exchanged, so a game's rating points are conserved);
//! a draw moves the two ratings toward each other. Each player gets an [`Event::RatingChanged`]
//! (also when the points round to zero). Sessions with more than two seats, and cancelled ones,
//! change no rating: Elo is defined for pairs. Tournament matches are rated like any session.
//!
//! ## Matchmaking
//!
//! [`Pallet::queue`] puts the caller in the queue of a game and a stake (one queue per pair,
//! oldest first, at most [`Config::MaxQueueLen`] entries; one entry per account and game). If
//! the queue holds an account whose rating is within [`Config::RatingWindow`] of the caller's,
//! the oldest such is paired with the caller at once: the pallet creates a two-seat session of
//! the game from its [`GameParams::initial_hash`], as [`Pallet::create_session`] and
//! [`Pallet::join`] would (the waiting account takes seat 0 and is the session's creator, the
//! caller seat 1), and it starts; [`Event::Matched`] follows the usual session events.
//! Otherwise the caller waits ([`Event::Queued`]) with its stake **and**
//! [`Config::SessionDeposit`] held: the deposit covers the queue entry while it waits and becomes
//! the session's deposit once it is paired (the caller that completes a pair holds only its
//! stake). [`Pallet::leave_queue`] releases both. Pairing happens only when an account queues.
//!
//! ## Tournaments
//!
//! [`Pallet::create_tournament`] opens a single-elimination tournament of a game for `size`
//! players (a power of two, 4 to [`Config::MaxTournamentSize`]) with an entry fee (at least
//! [`Config::MinStake`]); the creator's [`Config::TournamentDeposit`] is held until it ends (it
//! covers the tournament's sessions, which have no deposit of their own) and the creator need not
//! play. [`Pallet::join_tournament`] holds the entry fee; [`Pallet::leave_tournament`] and the
//! creator's [`Pallet::cancel_tournament`] refund before the start.
//!
//! The join that fills it starts it. Players are **seeded** by rating, highest first, ties by
//! join order (the earlier joiner is the higher seed), and placed in the standard bracket: seed 1
//! meets the last seed, and seeds 1 and 2 can only meet in the final (for 8 players, in bracket
//! order: 1–8, 4–5, 2–7, 3–6, counting seeds from 1 here while [`Seed`] counts from 0; the
//! bracket of `2n` players replaces each seed `s` of the bracket of `n` by the pair
//! `s, 2n + 1 − s`). [`Event::TournamentStarted`] carries the bracket. Each
//! round's matches are two-seat sessions of the game with **stake 0** (only the pallet makes
//! those) from the game's initial hash, the higher seed in seat 0 (it moves first); a session
//! plays match `k` of its round as [`TournamentOfSession`] records. Match `k` of a round is
//! between places `2k` and `2k + 1` of the seeds still in, and its winner takes place `k` of the
//! next round.
//!
//! A match's session cannot be left; it ends as any session does — a winning move, a
//! resignation, a timeout or a proven cheat gives a winner, and a **draw advances the higher
//! seed** ([`Event::MatchDecided`]). When every match of a round is decided, the next round's
//! sessions are created ([`Event::RoundStarted`]). After the final the prize pool, every entry
//! fee, is paid: the runner-up (the final's loser) gets [`Config::RunnerUpShare`] of it, rounded
//! down, and the winner the rest; the deposit is released and the tournament removed
//! ([`Event::TournamentFinished`]).
//!
//! ## Invariants (`try_state`)
//!
//! For every account, the stakes held equal the stakes of its seats and of its queue entries;
//! session deposits held equal those of the sessions it created and of its queue entries; entry
//! fees held equal the fees of the tournaments it is in; challenge bonds, game deposits and
//! tournament deposits held equal the records' (zero without a record). Every game's counts of
//! open sessions, queued accounts and tournaments are its records'. Queue entries are found from
//! their accounts and carry their current ratings; the ratings of a game add up to
//! [`Config::InitialRating`] times their number (games only exchange points). A running
//! tournament's seeds, matches and round agree; an undecided match's session exists, seats the
//! match's two players (the higher seed first) with stake and deposit 0 and links back to it.
//! Every session's players fit its seats and status; its pending moves are in index order, below
//! the move count, made by the seat whose turn it was, linked hash to hash and to the head; a
//! proved game has none. A session's challenge exists, names it and a pending move, and is found
//! from its command; every challenge is its session's. Saves and load proposals belong to live
//! sessions.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod mock_commands;
pub mod rating;
pub mod rules;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use aether_primitives::{
	commands::{CommandId, ExitStatus, ProgramId},
	zk::VkId,
};
pub use pallet_commands::{CommandOutcome, OnCommandSettled};
pub use rules::{RulesRunner, MOVE_PROOF_INPUTS, RULES_INPUT_OVERHEAD};
pub use types::*;
pub use weights::WeightInfo;

use aether_primitives::{
	commands::sha256,
	zk::{VerifyError, VerifyProof},
};
use alloc::vec::Vec;
use polkadot_sdk::{
	frame_support::{
		self,
		dispatch::PostDispatchInfo,
		ensure,
		traits::{
			fungible::{Inspect, InspectHold, Mutate, MutateHold},
			tokens::{Fortitude, Precision, Restriction},
			Get,
		},
		weights::Weight,
		BoundedVec,
	},
	frame_system,
	sp_runtime::{
		traits::{Saturating, Zero},
		DispatchError, Perbill,
	},
};

/// Log target of this pallet.
const LOG_TARGET: &str = "runtime::games";

/// A balance of the pallet's currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// The block number type of the runtime.
pub type BlockNumberOf<T> = frame_system::pallet_prelude::BlockNumberFor<T>;

/// What benchmarks need from the runtime that this pallet cannot make itself.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// A registered verifying key with [`MOVE_PROOF_INPUTS`] public inputs, registered by `owner`
	/// (e.g. pallet-zk-verifier's fixture with eight inputs).
	fn move_key(owner: &AccountId) -> VkId;
}

/// A move as claimed by its maker, for [`Pallet::check_move`] and [`Pallet::apply_move`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct MoveClaim {
	index: u32,
	prev_hash: [u8; 32],
	move_hash: [u8; 32],
	new_hash: [u8; 32],
	outcome: Option<Outcome>,
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	/// The games pallet.
	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Configuration of the games pallet.
	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The native currency: stakes, bonds and deposits are held in it.
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ InspectHold<Self::AccountId>;

		/// The runtime's hold reasons, which include this pallet's.
		type RuntimeHoldReason: From<HoldReason>;

		/// Groth16 verification of move proofs (pallet-zk-verifier).
		type Verifier: VerifyProof;

		/// Runs rules programs for challenges (pallet-commands).
		type Rules: RulesRunner<Self::AccountId, BalanceOf<Self>>;

		/// Weights of the calls and of a challenge's settlement, from the benchmarks.
		type WeightInfo: WeightInfo;

		/// What the benchmarks need from the runtime.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;

		/// Most seats a session may have (2 to 253).
		#[pallet::constant]
		type MaxPlayers: Get<u32>;

		/// Longest move, in bytes.
		#[pallet::constant]
		type MaxMoveLen: Get<u32>;

		/// Longest pre-state a challenge may carry, in bytes; with [`Config::MaxMoveLen`] and
		/// [`RULES_INPUT_OVERHEAD`] it must fit the rules runner's input.
		#[pallet::constant]
		type MaxStateLen: Get<u32>;

		/// Longest move proof, in bytes.
		#[pallet::constant]
		type MaxProofLen: Get<u32>;

		/// Most optimistic moves of a session inside their challenge window at once; a move
		/// beyond it waits for the oldest window to close.
		#[pallet::constant]
		type MaxPendingMoves: Get<u32>;

		/// Most save states per session.
		#[pallet::constant]
		type MaxSaves: Get<u32>;

		/// Blocks after an optimistic move during which it can be challenged.
		#[pallet::constant]
		type ChallengeWindow: Get<BlockNumberFor<Self>>;

		/// Blocks the player to move has before an opponent can claim the session; longer than
		/// [`Config::ChallengeWindow`], so a stalling player's opponent could always challenge.
		#[pallet::constant]
		type MoveTimeout: Get<BlockNumberFor<Self>>;

		/// Smallest stake of a session.
		#[pallet::constant]
		type MinStake: Get<BalanceOf<Self>>;

		/// Held from a challenger until the challenge is decided; lost to the mover if the move
		/// was right.
		#[pallet::constant]
		type ChallengeBond: Get<BalanceOf<Self>>;

		/// The command fee a challenger pays for the rules run.
		#[pallet::constant]
		type ChallengeFee: Get<BalanceOf<Self>>;

		/// Executors that run a challenge's rules command.
		#[pallet::constant]
		type ChallengeRedundancy: Get<u32>;

		/// Held from a game's owner while it is registered.
		#[pallet::constant]
		type GameDeposit: Get<BalanceOf<Self>>;

		/// Held from a session's creator until it ends (covers its pending moves and saves); also
		/// held from an account waiting in a matchmaking queue (it becomes the deposit of the
		/// session the account is paired into).
		#[pallet::constant]
		type SessionDeposit: Get<BalanceOf<Self>>;

		/// The rating of an account in a game before its first rated session (e.g. 1500).
		/// Changing it needs a migration of the stored ratings (`try_state` checks that a game's
		/// ratings add up to this times their number).
		#[pallet::constant]
		type InitialRating: Get<u32>;

		/// The Elo factor K: the most rating points one game can move (e.g. 32).
		#[pallet::constant]
		type RatingK: Get<u32>;

		/// Largest rating difference between two accounts the matchmaking queue pairs.
		#[pallet::constant]
		type RatingWindow: Get<u32>;

		/// Most accounts waiting in the queue of one game and stake.
		#[pallet::constant]
		type MaxQueueLen: Get<u32>;

		/// Most players of a tournament: a power of two, at least 4.
		#[pallet::constant]
		type MaxTournamentSize: Get<u32>;

		/// The runner-up's share of a tournament's prize pool (at most a half); the winner gets
		/// the rest.
		#[pallet::constant]
		type RunnerUpShare: Get<Perbill>;

		/// Held from a tournament's creator until it finishes or is cancelled; it covers the
		/// tournament's sessions, which hold no deposit of their own, so it is at least
		/// [`Config::SessionDeposit`] times half [`Config::MaxTournamentSize`].
		#[pallet::constant]
		type TournamentDeposit: Get<BalanceOf<Self>>;
	}

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit of a registered game.
		#[codec(index = 0)]
		GameDeposit,
		/// The deposit of a session, from its creator.
		#[codec(index = 1)]
		SessionDeposit,
		/// A player's stake in a session.
		#[codec(index = 2)]
		Stake,
		/// A challenger's bond.
		#[codec(index = 3)]
		ChallengeBond,
		/// The deposit of a tournament, from its creator.
		#[codec(index = 4)]
		TournamentDeposit,
		/// A player's entry fee to a tournament: its part of the prize pool.
		#[codec(index = 5)]
		EntryFee,
	}

	/// The players of a session, in seat order.
	pub type PlayersOf<T> =
		BoundedVec<<T as frame_system::Config>::AccountId, <T as Config>::MaxPlayers>;
	/// A session of this runtime.
	pub type SessionOf<T> = Session<
		<T as frame_system::Config>::AccountId,
		BalanceOf<T>,
		BlockNumberFor<T>,
		PlayersOf<T>,
	>;
	/// A game of this runtime.
	pub type GameOf<T> = GameInfo<<T as frame_system::Config>::AccountId, BalanceOf<T>>;
	/// The pending optimistic moves of a session.
	pub type PendingOf<T> =
		BoundedVec<PendingMove<BlockNumberFor<T>>, <T as Config>::MaxPendingMoves>;
	/// A challenge of this runtime.
	pub type ChallengeOf<T> = Challenge<<T as frame_system::Config>::AccountId, BalanceOf<T>>;
	/// A save state of this runtime.
	pub type SaveOf<T> = SaveState<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;
	/// A load proposal of this runtime.
	pub type ProposalOf<T> = LoadProposal<BoundedVec<Seat, <T as Config>::MaxPlayers>>;
	/// A move's bytes.
	pub type MoveOf<T> = BoundedVec<u8, <T as Config>::MaxMoveLen>;
	/// A state's bytes, as a challenge carries them.
	pub type StateOf<T> = BoundedVec<u8, <T as Config>::MaxStateLen>;
	/// A move proof.
	pub type ProofOf<T> = BoundedVec<u8, <T as Config>::MaxProofLen>;
	/// A matchmaking queue: the accounts waiting for a game and stake, oldest first.
	pub type QueueOf<T> = BoundedVec<
		QueueEntry<<T as frame_system::Config>::AccountId, BalanceOf<T>>,
		<T as Config>::MaxQueueLen,
	>;
	/// The players of a tournament.
	pub type EntrantsOf<T> =
		BoundedVec<<T as frame_system::Config>::AccountId, <T as Config>::MaxTournamentSize>;
	/// A tournament of this runtime.
	pub type TournamentOf<T> = Tournament<
		<T as frame_system::Config>::AccountId,
		BalanceOf<T>,
		EntrantsOf<T>,
		BoundedVec<Seed, <T as Config>::MaxTournamentSize>,
		BoundedVec<BracketMatch, <T as Config>::MaxTournamentSize>,
	>;

	/// Registered games.
	#[pallet::storage]
	pub type Games<T: Config> = StorageMap<_, Twox64Concat, GameId, GameOf<T>, OptionQuery>;

	/// The id the next game gets.
	#[pallet::storage]
	pub type NextGameId<T: Config> = StorageValue<_, GameId, ValueQuery>;

	/// Sessions that have not ended.
	#[pallet::storage]
	pub type Sessions<T: Config> =
		StorageMap<_, Twox64Concat, SessionId, SessionOf<T>, OptionQuery>;

	/// The id the next session gets; a session below it that is not in [`Sessions`] has ended.
	#[pallet::storage]
	pub type NextSessionId<T: Config> = StorageValue<_, SessionId, ValueQuery>;

	/// Optimistic moves of a session that may still be challenged (or whose window closed since
	/// the last move: they are dropped at the next move), oldest first.
	#[pallet::storage]
	pub type PendingMoves<T: Config> =
		StorageMap<_, Twox64Concat, SessionId, PendingOf<T>, ValueQuery>;

	/// Challenges waiting for their rules command.
	#[pallet::storage]
	pub type Challenges<T: Config> =
		StorageMap<_, Twox64Concat, ChallengeId, ChallengeOf<T>, OptionQuery>;

	/// The id the next challenge gets.
	#[pallet::storage]
	pub type NextChallengeId<T: Config> = StorageValue<_, ChallengeId, ValueQuery>;

	/// The challenge each open rules command decides.
	#[pallet::storage]
	pub type CommandChallenges<T: Config> =
		StorageMap<_, Twox64Concat, CommandId, ChallengeId, OptionQuery>;

	/// Save states of live sessions.
	#[pallet::storage]
	pub type Saves<T: Config> = StorageMap<_, Twox64Concat, SaveId, SaveOf<T>, OptionQuery>;

	/// The id the next save gets.
	#[pallet::storage]
	pub type NextSaveId<T: Config> = StorageValue<_, SaveId, ValueQuery>;

	/// The saves of each session, oldest first.
	#[pallet::storage]
	pub type SessionSaves<T: Config> =
		StorageMap<_, Twox64Concat, SessionId, BoundedVec<SaveId, T::MaxSaves>, ValueQuery>;

	/// A session's players' agreement, so far, to load a save.
	#[pallet::storage]
	pub type LoadProposals<T: Config> =
		StorageMap<_, Twox64Concat, SessionId, ProposalOf<T>, OptionQuery>;

	/// The rating of an account that has not played a rated session of a game.
	#[pallet::type_value]
	pub fn DefaultRating<T: Config>() -> u32 {
		T::InitialRating::get()
	}

	/// Elo ratings per game and account ([`Config::InitialRating`] when absent).
	#[pallet::storage]
	pub type Ratings<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		GameId,
		Blake2_128Concat,
		T::AccountId,
		u32,
		ValueQuery,
		DefaultRating<T>,
	>;

	/// The matchmaking queues, per game and stake: accounts waiting for an opponent, oldest
	/// first. An empty queue is removed.
	#[pallet::storage]
	pub type Queues<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		GameId,
		Blake2_128Concat,
		BalanceOf<T>,
		QueueOf<T>,
		ValueQuery,
	>;

	/// The stake of the queue each account waits in, per game.
	#[pallet::storage]
	pub type Queued<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		GameId,
		Blake2_128Concat,
		T::AccountId,
		BalanceOf<T>,
		OptionQuery,
	>;

	/// Tournaments not yet finished or cancelled.
	#[pallet::storage]
	pub type Tournaments<T: Config> =
		StorageMap<_, Twox64Concat, TournamentId, TournamentOf<T>, OptionQuery>;

	/// The id the next tournament gets; a tournament below it that is not in [`Tournaments`]
	/// has finished or was cancelled.
	#[pallet::storage]
	pub type NextTournamentId<T: Config> = StorageValue<_, TournamentId, ValueQuery>;

	/// The tournament match each tournament session plays, while it is undecided.
	#[pallet::storage]
	pub type TournamentOfSession<T: Config> =
		StorageMap<_, Twox64Concat, SessionId, TournamentMatch, OptionQuery>;

	/// Events of the games pallet.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A game was registered.
		GameRegistered {
			/// Its id.
			game: GameId,
			/// Its owner.
			owner: T::AccountId,
			/// Its rules program.
			rules_program: ProgramId,
			/// The key its moves are proved against; `None` for an optimistic game.
			move_vk: Option<VkId>,
			/// Its settings.
			params: GameParams,
			/// The deposit held.
			deposit: BalanceOf<T>,
		},
		/// A game was unregistered and its deposit released.
		GameUnregistered {
			/// Its id.
			game: GameId,
		},
		/// A session was created; its creator holds seat 0.
		SessionCreated {
			/// Its id.
			session: SessionId,
			/// The game.
			game: GameId,
			/// Its creator.
			creator: T::AccountId,
			/// Seats to fill.
			seats: Seat,
			/// The stake of each player.
			stake: BalanceOf<T>,
			/// The state hash it starts from.
			initial_hash: [u8; 32],
		},
		/// A player took a seat and its stake is held.
		PlayerJoined {
			/// The session.
			session: SessionId,
			/// The player.
			player: T::AccountId,
			/// Its seat.
			seat: Seat,
		},
		/// A player left a session that had not started; its stake was released.
		PlayerLeft {
			/// The session.
			session: SessionId,
			/// The player.
			player: T::AccountId,
		},
		/// Every seat is taken: seat 0 moves first.
		SessionStarted {
			/// The session.
			session: SessionId,
			/// The players in seat order.
			players: Vec<T::AccountId>,
		},
		/// A move was made: the head is now `new_hash`.
		MoveMade {
			/// The session.
			session: SessionId,
			/// The move's index.
			index: u32,
			/// The mover's seat.
			seat: Seat,
			/// The mover.
			player: T::AccountId,
			/// The state hash before it.
			prev_hash: [u8; 32],
			/// The move, for replay.
			move_bytes: MoveOf<T>,
			/// The state hash after it.
			new_hash: [u8; 32],
			/// The outcome it claims, if it ends the game.
			outcome: Option<Outcome>,
			/// For an optimistic move, the last block it can be challenged in; `None` for a
			/// proved move (final at once).
			challenge_deadline: Option<BlockNumberFor<T>>,
		},
		/// A player committed a save state.
		StateSaved {
			/// The session.
			session: SessionId,
			/// The save's id.
			save: SaveId,
			/// The state hash saved (the head).
			state_hash: [u8; 32],
			/// Moves made when saved.
			moves: u32,
			/// Where the state is, off chain.
			blob: Blob,
			/// Who saved it.
			player: T::AccountId,
		},
		/// A player asked to load a save; it loads when every seat has.
		LoadApproved {
			/// The session.
			session: SessionId,
			/// The save.
			save: SaveId,
			/// The player.
			player: T::AccountId,
			/// Seats that approved so far.
			approvals: u32,
			/// Seats in the session.
			needed: u32,
		},
		/// The session was rewound to a save.
		StateLoaded {
			/// The session.
			session: SessionId,
			/// The save.
			save: SaveId,
			/// The head now.
			state_hash: [u8; 32],
			/// The move count now.
			moves: u32,
		},
		/// A move was challenged; its rules command is running and the session is frozen.
		ChallengeOpened {
			/// The challenge.
			challenge: ChallengeId,
			/// The session.
			session: SessionId,
			/// The move.
			move_index: u32,
			/// Who challenged.
			challenger: T::AccountId,
			/// The command running the rules.
			command: CommandId,
			/// The bond held.
			bond: BalanceOf<T>,
		},
		/// The rules agreed with the move: the challenger's bond went to the mover and the move
		/// is final.
		ChallengeRejected {
			/// The challenge.
			challenge: ChallengeId,
			/// The session.
			session: SessionId,
			/// The move.
			move_index: u32,
			/// The challenger, who lost its bond.
			challenger: T::AccountId,
			/// The mover, who received it.
			mover: T::AccountId,
			/// The amount.
			bond: BalanceOf<T>,
		},
		/// The rules disagreed with the move: the mover forfeits the session (see
		/// [`Event::SessionEnded`]); the challenger's bond was returned.
		ChallengeUpheld {
			/// The challenge.
			challenge: ChallengeId,
			/// The session.
			session: SessionId,
			/// The move.
			move_index: u32,
			/// The mover, proven to have cheated.
			cheater: T::AccountId,
			/// How the rules run ended.
			exit: ExitStatus,
		},
		/// The rules command gave no verdict (timed out, out of fuel): the bond was returned and
		/// the move can be challenged again until `deadline`.
		ChallengeVoided {
			/// The challenge.
			challenge: ChallengeId,
			/// The session.
			session: SessionId,
			/// The move.
			move_index: u32,
			/// The move's new challenge deadline.
			deadline: BlockNumberFor<T>,
		},
		/// A player resigned.
		PlayerResigned {
			/// The session.
			session: SessionId,
			/// The player.
			player: T::AccountId,
			/// Its seat.
			seat: Seat,
		},
		/// A player did not move in time and an opponent claimed the session.
		TimeoutClaimed {
			/// The session.
			session: SessionId,
			/// Who claimed.
			claimant: T::AccountId,
			/// The seat that did not move.
			seat: Seat,
		},
		/// A session ended: stakes paid, deposit released, its records removed.
		SessionEnded {
			/// The session.
			session: SessionId,
			/// How it ended.
			result: SessionResult,
			/// What each player received (its own stake included), in seat order.
			payouts: Vec<(T::AccountId, BalanceOf<T>)>,
		},
		/// A two-seat session ended with a result and moved a player's rating (one event per
		/// player, also when the points rounded to zero).
		RatingChanged {
			/// The game.
			game: GameId,
			/// The player.
			player: T::AccountId,
			/// Its rating before.
			old: u32,
			/// Its rating now.
			new: u32,
		},
		/// An account is waiting in a matchmaking queue; its stake and a session deposit are
		/// held.
		Queued {
			/// The game.
			game: GameId,
			/// The queue's stake.
			stake: BalanceOf<T>,
			/// The account.
			player: T::AccountId,
			/// Its rating, which partners must be within [`Config::RatingWindow`] of.
			rating: u32,
		},
		/// An account left a matchmaking queue; its stake and deposit were released.
		LeftQueue {
			/// The game.
			game: GameId,
			/// The queue's stake.
			stake: BalanceOf<T>,
			/// The account.
			player: T::AccountId,
		},
		/// The queue paired two accounts into a started session (after its `SessionCreated`,
		/// `PlayerJoined` and `SessionStarted`).
		Matched {
			/// The game.
			game: GameId,
			/// The session.
			session: SessionId,
			/// Seat 0 (the account that waited) and seat 1 (the account that queued now).
			players: [T::AccountId; 2],
		},
		/// A tournament was created; its deposit is held from its creator.
		TournamentCreated {
			/// Its id.
			tournament: TournamentId,
			/// The game.
			game: GameId,
			/// Its creator.
			creator: T::AccountId,
			/// Players it takes.
			size: u32,
			/// Each player's entry fee.
			entry_fee: BalanceOf<T>,
			/// The deposit held.
			deposit: BalanceOf<T>,
		},
		/// A player entered a tournament; its entry fee is held.
		TournamentJoined {
			/// The tournament.
			tournament: TournamentId,
			/// The player.
			player: T::AccountId,
			/// Players in it now.
			players: u32,
		},
		/// A player left a tournament before its start; its entry fee was released.
		TournamentLeft {
			/// The tournament.
			tournament: TournamentId,
			/// The player.
			player: T::AccountId,
		},
		/// A tournament is full and seeded; its first round follows.
		TournamentStarted {
			/// The tournament.
			tournament: TournamentId,
			/// The players in bracket order: round 1 pairs places `2k` and `2k + 1`.
			bracket: Vec<T::AccountId>,
		},
		/// The sessions of a tournament round were created.
		RoundStarted {
			/// The tournament.
			tournament: TournamentId,
			/// The round, from 1.
			round: u32,
			/// The matches' sessions, in bracket order.
			sessions: Vec<SessionId>,
		},
		/// A tournament match was decided (a draw advances the higher seed).
		MatchDecided {
			/// The tournament.
			tournament: TournamentId,
			/// The round.
			round: u32,
			/// The match's session.
			session: SessionId,
			/// Who goes on.
			winner: T::AccountId,
			/// Who is out.
			loser: T::AccountId,
		},
		/// A tournament's final was decided: the prize pool was paid, the deposit released and
		/// the tournament removed.
		TournamentFinished {
			/// The tournament.
			tournament: TournamentId,
			/// The final's winner.
			winner: T::AccountId,
			/// The final's loser.
			runner_up: T::AccountId,
			/// What the winner and the runner-up received, in that order.
			prizes: Vec<(T::AccountId, BalanceOf<T>)>,
		},
		/// A tournament was cancelled before its start: every entry fee and the deposit were
		/// released.
		TournamentCancelled {
			/// The tournament.
			tournament: TournamentId,
			/// The players refunded.
			refunded: Vec<T::AccountId>,
		},
	}

	/// Errors of the games pallet.
	#[pallet::error]
	pub enum Error<T> {
		/// The rules program is not registered with the command pallet.
		UnknownRulesProgram,
		/// The verifying key does not exist.
		UnknownKey,
		/// The verifying key does not take the eight public inputs of a move proof.
		KeyNotForMoves,
		/// The seat range is not 2 ≤ min ≤ max ≤ the chain's maximum players.
		BadSeatRange,
		/// The rules fuel is zero.
		BadRulesFuel,
		/// The deposit cannot be held.
		CannotHoldDeposit,
		/// No game has this id.
		UnknownGame,
		/// Only the game's owner may do this.
		NotGameOwner,
		/// The game still has sessions, queued accounts or unfinished tournaments.
		GameInUse,
		/// The number of seats is outside the game's range.
		BadSeats,
		/// The stake is below the minimum.
		StakeTooLow,
		/// The stake cannot be held.
		CannotHoldStake,
		/// No session has this id.
		UnknownSession,
		/// The session has ended.
		SessionEnded,
		/// The session has already started.
		AlreadyStarted,
		/// The account already has a seat in the session.
		AlreadySeated,
		/// The account has no seat in the session.
		NotAPlayer,
		/// The session has not started: seats are still free.
		NotStarted,
		/// It is another seat's turn.
		NotYourTurn,
		/// The move index is not the session's move count.
		WrongMoveIndex,
		/// The previous state hash is not the chain's head.
		WrongPreviousHash,
		/// The outcome names a seat the session does not have.
		InvalidOutcome,
		/// A move of a proved game needs a proof.
		ProofRequired,
		/// A move of an optimistic game carries no proof.
		UnexpectedProof,
		/// The proof is not a valid encoding of curve points.
		MalformedProof,
		/// The proof does not verify for this move.
		InvalidProof,
		/// The verifier refused the key or the inputs.
		VerifierRefused,
		/// Too many moves are inside their challenge window; wait for the oldest to close.
		TooManyPendingMoves,
		/// A terminal move was made: the session waits for `finalize`.
		AwaitingFinalization,
		/// A challenge is under way: the session is frozen until it is decided.
		ChallengeInProgress,
		/// The game's moves are proved: there is nothing to challenge.
		MovesAreProven,
		/// The session has no move with this index.
		UnknownMove,
		/// The move is past its challenge window (or was already upheld by one).
		ChallengeWindowClosed,
		/// A player cannot challenge its own move.
		CannotChallengeOwnMove,
		/// The pre-state does not hash to the move's previous state hash.
		PreStateMismatch,
		/// The move's bytes do not hash to the recorded move.
		MoveMismatch,
		/// The challenge bond cannot be held.
		CannotHoldBond,
		/// The state hash is not the session's head.
		NotTheHead,
		/// The session has the most save states allowed.
		TooManySaves,
		/// No save has this id.
		UnknownSave,
		/// The save belongs to another session.
		SaveOfAnotherSession,
		/// The player already approved loading this save.
		AlreadyApproved,
		/// The player to move still has time.
		TimeoutNotReached,
		/// The player to move cannot claim its own timeout.
		CannotClaimOwnTimeout,
		/// The session has no terminal move to finalize.
		NotFinishing,
		/// A pending move can still be challenged.
		ChallengeWindowOpen,
		/// The account already waits in a queue of this game.
		AlreadyQueued,
		/// The account waits in no queue of this game.
		NotQueued,
		/// The queue of this game and stake is full and holds no partner for the caller.
		QueueFull,
		/// A tournament's size must be a power of two.
		NotPowerOfTwo,
		/// A tournament's size must be at least 4 and at most the chain's maximum.
		BadTournamentSize,
		/// The entry fee is below the minimum stake.
		EntryFeeTooLow,
		/// The entry fee cannot be held.
		CannotHoldEntryFee,
		/// No tournament has this id.
		UnknownTournament,
		/// The tournament has finished or was cancelled.
		TournamentEnded,
		/// Every place of the tournament is taken: it has started.
		TournamentFull,
		/// The account already plays in the tournament.
		AlreadyInTournament,
		/// The account does not play in the tournament.
		NotInTournament,
		/// The tournament has started: entries can no longer be withdrawn.
		TournamentStarted,
		/// Only the tournament's creator may do this.
		NotTournamentCreator,
		/// The session plays a tournament match: it cannot be left (resign instead).
		SessionInTournament,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			let players = T::MaxPlayers::get();
			assert!((2..=253).contains(&players), "sessions seat 2 to 253 players");
			assert!(!T::ChallengeWindow::get().is_zero(), "moves need a challenge window");
			assert!(
				T::MoveTimeout::get() > T::ChallengeWindow::get(),
				"a stalling player's opponent must be able to challenge before the timeout"
			);
			assert!(T::MaxPendingMoves::get() >= 1, "optimistic games need a pending move");
			assert!(
				T::MaxStateLen::get()
					.saturating_add(T::MaxMoveLen::get())
					.saturating_add(RULES_INPUT_OVERHEAD)
					<= T::Rules::max_input_len(),
				"a challenge's rules input must fit the runner's input"
			);
			assert!(T::MaxQueueLen::get() >= 1, "a matchmaking queue must hold an account");
			let size = T::MaxTournamentSize::get();
			assert!(
				size.is_power_of_two() && (4..=1024).contains(&size),
				"the largest tournament is a power of two from 4 to 1024"
			);
			assert!(
				T::RunnerUpShare::get() <= Perbill::from_percent(50),
				"the runner-up cannot get more than the winner"
			);
			assert!(
				T::TournamentDeposit::get()
					>= T::SessionDeposit::get().saturating_mul((size / 2).into()),
				"a tournament's deposit covers its sessions"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(
			_: BlockNumberFor<T>,
		) -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers a game: `rules_program` (a registered command program, pinned while the
		/// game exists), `move_vk` (a Groth16 key with [`MOVE_PROOF_INPUTS`] public inputs,
		/// pinned; `None` makes the game optimistic) and `params`. Holds
		/// [`Config::GameDeposit`].
		///
		/// Cost: constant.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_game())]
		pub fn register_game(
			origin: OriginFor<T>,
			rules_program: ProgramId,
			move_vk: Option<VkId>,
			params: GameParams,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			ensure!(T::Rules::program_exists(rules_program), Error::<T>::UnknownRulesProgram);
			if let Some(vk) = move_vk {
				match T::Verifier::input_count(vk) {
					None => return Err(Error::<T>::UnknownKey.into()),
					Some(MOVE_PROOF_INPUTS) => {},
					Some(_) => return Err(Error::<T>::KeyNotForMoves.into()),
				}
			}
			ensure!(
				params.min_seats >= 2
					&& params.min_seats <= params.max_seats
					&& u32::from(params.max_seats) <= T::MaxPlayers::get(),
				Error::<T>::BadSeatRange
			);
			ensure!(params.rules_fuel > 0, Error::<T>::BadRulesFuel);
			let deposit = T::GameDeposit::get();
			T::Currency::hold(&HoldReason::GameDeposit.into(), &owner, deposit)
				.map_err(|_| Error::<T>::CannotHoldDeposit)?;
			T::Rules::pin(rules_program, true).map_err(|_| Error::<T>::UnknownRulesProgram)?;
			if let Some(vk) = move_vk {
				T::Verifier::pin(vk, true).map_err(|_| Error::<T>::UnknownKey)?;
			}
			let game = NextGameId::<T>::mutate(|next| {
				let id = *next;
				*next = next.saturating_add(1);
				id
			});
			Games::<T>::insert(
				game,
				GameInfo {
					owner: owner.clone(),
					rules_program,
					move_vk,
					params,
					deposit,
					open_sessions: 0,
					queued: 0,
					tournaments: 0,
				},
			);
			Self::deposit_event(Event::GameRegistered {
				game,
				owner,
				rules_program,
				move_vk,
				params,
				deposit,
			});
			Ok(())
		}

		/// Removes a game with no session, queued account or unfinished tournament left, releases
		/// its deposit and its pins on the rules program and the key. Owner only. Its ratings
		/// stay (game ids are never reused).
		///
		/// Cost: constant.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::unregister_game())]
		pub fn unregister_game(origin: OriginFor<T>, game: GameId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let info = Games::<T>::get(game).ok_or(Error::<T>::UnknownGame)?;
			ensure!(info.owner == who, Error::<T>::NotGameOwner);
			ensure!(
				info.open_sessions == 0 && info.queued == 0 && info.tournaments == 0,
				Error::<T>::GameInUse
			);
			Self::release(HoldReason::GameDeposit, &who, info.deposit);
			// The pins were taken at registration; failing to drop one leaves no funds behind.
			if T::Rules::pin(info.rules_program, false).is_err() {
				log::error!(target: LOG_TARGET, "game {game}: the rules program was not pinned");
			}
			if let Some(vk) = info.move_vk {
				if T::Verifier::pin(vk, false).is_err() {
					log::error!(target: LOG_TARGET, "game {game}: the move key was not pinned");
				}
			}
			Games::<T>::remove(game);
			Self::deposit_event(Event::GameUnregistered { game });
			Ok(())
		}

		/// Creates a session of `game` with `seats` seats (within the game's range) starting
		/// from `initial_state_hash`; the caller takes seat 0. Holds `stake` (at least
		/// [`Config::MinStake`]; every joiner stakes the same) and [`Config::SessionDeposit`].
		///
		/// Cost: constant.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::create_session())]
		pub fn create_session(
			origin: OriginFor<T>,
			game: GameId,
			stake: BalanceOf<T>,
			initial_state_hash: [u8; 32],
			seats: Seat,
		) -> DispatchResult {
			let creator = ensure_signed(origin)?;
			let mut info = Games::<T>::get(game).ok_or(Error::<T>::UnknownGame)?;
			ensure!(
				seats >= info.params.min_seats && seats <= info.params.max_seats,
				Error::<T>::BadSeats
			);
			ensure!(stake >= T::MinStake::get(), Error::<T>::StakeTooLow);
			T::Currency::hold(&HoldReason::Stake.into(), &creator, stake)
				.map_err(|_| Error::<T>::CannotHoldStake)?;
			let deposit = T::SessionDeposit::get();
			T::Currency::hold(&HoldReason::SessionDeposit.into(), &creator, deposit)
				.map_err(|_| Error::<T>::CannotHoldDeposit)?;
			let (session, s) = Self::new_session(
				game,
				&mut info,
				creator,
				stake,
				deposit,
				initial_state_hash,
				seats,
			)?;
			Sessions::<T>::insert(session, s);
			Games::<T>::insert(game, info);
			Ok(())
		}

		/// Takes the next free seat of an open session and holds the session's stake. The
		/// last seat taken starts the session: seat 0 moves first.
		///
		/// Cost: linear in the players (the seat check), benchmarked at
		/// [`Config::MaxPlayers`].
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::join(T::MaxPlayers::get()))]
		pub fn join(origin: OriginFor<T>, session: SessionId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut s = Self::live_session(session)?;
			ensure!(s.status == SessionStatus::Open, Error::<T>::AlreadyStarted);
			ensure!(!s.players.contains(&who), Error::<T>::AlreadySeated);
			T::Currency::hold(&HoldReason::Stake.into(), &who, s.stake)
				.map_err(|_| Error::<T>::CannotHoldStake)?;
			Self::seat_player(session, &mut s, who)?;
			Sessions::<T>::insert(session, s);
			Ok(())
		}

		/// Leaves a session that has not started and releases the caller's stake. The creator
		/// leaving cancels the session: every stake and the deposit are released. A tournament's
		/// session cannot be left.
		///
		/// Cost: linear in the players, benchmarked with all but one seat taken (a cancel).
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::leave(T::MaxPlayers::get().saturating_sub(1)))]
		pub fn leave(origin: OriginFor<T>, session: SessionId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut s = Self::live_session(session)?;
			let seat = Self::seat_of(&s, &who).ok_or(Error::<T>::NotAPlayer)?;
			ensure!(
				!TournamentOfSession::<T>::contains_key(session),
				Error::<T>::SessionInTournament
			);
			ensure!(s.status == SessionStatus::Open, Error::<T>::AlreadyStarted);
			if seat == 0 {
				Self::end_session(session, s, SessionResult::Cancelled);
				return Ok(());
			}
			Self::release(HoldReason::Stake, &who, s.stake);
			s.players.retain(|p| p != &who);
			Sessions::<T>::insert(session, s);
			Self::deposit_event(Event::PlayerLeft { session, player: who });
			Ok(())
		}

		/// Makes move `index` of a session: the caller must hold seat `index % seats`, `index`
		/// must be the move count and `prev_hash` the head. The head becomes `new_hash`.
		/// `outcome` ends the game (a winner's seat, or a draw).
		///
		/// For a proved game `proof` must verify against the game's key with the public inputs
		/// of [`rules::move_public_inputs`]`(prev_hash, SHA-256(move_bytes), new_hash, seat,
		/// outcome)`; the move is final at once and a terminal one pays out now. For an
		/// optimistic game `proof` must be `None`; the move can be challenged for
		/// [`Config::ChallengeWindow`] blocks and a terminal one waits for
		/// [`Pallet::finalize`].
		///
		/// Cost: linear in the move's length (hashed) and, for an optimistic move, the pending
		/// moves; with a proof, one Groth16 verification with eight public inputs
		/// ([`VerifyProof::verify_weight`]), a payout to every player and the session's end
		/// ([`Pallet::session_end_weight`]). What a proved move did not use is refunded: the
		/// session's end unless it was a tournament match, and the payout unless the move ended
		/// the session (a move that goes on is charged as an optimistic move plus the
		/// verification, whose bookkeeping is a superset of its own).
		#[pallet::call_index(5)]
		#[pallet::weight(match proof {
			Some(_) => T::WeightInfo::make_move_proved(move_bytes.len() as u32, T::MaxPlayers::get())
				.saturating_add(T::Verifier::verify_weight(MOVE_PROOF_INPUTS))
				.saturating_add(Pallet::<T>::session_end_weight()),
			None => T::WeightInfo::make_move_optimistic(move_bytes.len() as u32),
		})]
		#[allow(clippy::too_many_arguments)]
		pub fn make_move(
			origin: OriginFor<T>,
			session: SessionId,
			index: u32,
			prev_hash: [u8; 32],
			move_bytes: MoveOf<T>,
			new_hash: [u8; 32],
			outcome: Option<Outcome>,
			proof: Option<ProofOf<T>>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let len = move_bytes.len() as u32;
			let claim =
				MoveClaim { index, prev_hash, move_hash: sha256(&move_bytes), new_hash, outcome };
			let (s, game, seat) = Self::check_move(&who, session, &claim)?;
			let proved = match (game.move_vk, proof) {
				(Some(vk), Some(proof)) => {
					Self::verify_move(vk, &proof, &claim, seat)?;
					true
				},
				(Some(_), None) => return Err(Error::<T>::ProofRequired.into()),
				(None, Some(_)) => return Err(Error::<T>::UnexpectedProof.into()),
				(None, None) => false,
			};
			if !proved {
				Self::apply_move(session, s, &game, seat, who, claim, move_bytes)?;
				return Ok(().into());
			}
			// Read before the move: a tournament match's link is gone once it ends.
			let in_tournament = TournamentOfSession::<T>::contains_key(session);
			Self::apply_move(session, s, &game, seat, who, claim, move_bytes)?;
			let verify = T::Verifier::verify_weight(MOVE_PROOF_INPUTS);
			let used = if Sessions::<T>::contains_key(session) {
				T::WeightInfo::make_move_optimistic(len).saturating_add(verify)
			} else {
				let end = T::WeightInfo::make_move_proved(len, T::MaxPlayers::get())
					.saturating_add(verify);
				if in_tournament {
					end.saturating_add(Self::session_end_weight())
				} else {
					end
				}
			};
			Ok(Some(used).into())
		}

		/// Challenges optimistic move `move_index` of a session within its window. The caller
		/// must be another player of the session. `pre_state` is the state before the move (its
		/// SHA-256 must be the move's previous hash) and `move_bytes` the move (its SHA-256 must
		/// be the recorded one, as in `MoveMade`). Holds [`Config::ChallengeBond`] and submits
		/// the rules program on [`rules::rules_input`]`(seat, pre_state, move_bytes)` as a
		/// command paid by the caller ([`Config::ChallengeFee`]); the session is frozen until it
		/// settles (see the pallet docs for the verdicts).
		///
		/// Cost: linear in the pre-state and the move (hashed, then the command's input), plus
		/// the command's submission.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::challenge(pre_state.len() as u32, move_bytes.len() as u32))]
		pub fn challenge(
			origin: OriginFor<T>,
			session: SessionId,
			move_index: u32,
			pre_state: StateOf<T>,
			move_bytes: MoveOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut s = Self::live_session(session)?;
			ensure!(s.status != SessionStatus::Open, Error::<T>::NotStarted);
			ensure!(s.challenge.is_none(), Error::<T>::ChallengeInProgress);
			let game = Games::<T>::get(s.game).ok_or(Error::<T>::UnknownGame)?;
			ensure!(game.move_vk.is_none(), Error::<T>::MovesAreProven);
			let seat = Self::seat_of(&s, &who).ok_or(Error::<T>::NotAPlayer)?;
			let pending = PendingMoves::<T>::get(session);
			let Some(pm) = pending.iter().find(|m| m.index == move_index) else {
				return Err(if move_index < s.moves {
					Error::<T>::ChallengeWindowClosed
				} else {
					Error::<T>::UnknownMove
				}
				.into());
			};
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(now <= pm.deadline, Error::<T>::ChallengeWindowClosed);
			ensure!(pm.seat != seat, Error::<T>::CannotChallengeOwnMove);
			ensure!(sha256(&pre_state) == pm.prev_hash, Error::<T>::PreStateMismatch);
			ensure!(sha256(&move_bytes) == pm.move_hash, Error::<T>::MoveMismatch);
			let bond = T::ChallengeBond::get();
			T::Currency::hold(&HoldReason::ChallengeBond.into(), &who, bond)
				.map_err(|_| Error::<T>::CannotHoldBond)?;
			// A failure from here on undoes the hold too: the call runs in a storage layer.
			let command = T::Rules::run(
				&who,
				game.rules_program,
				rules::rules_input(pm.seat, &pre_state, &move_bytes),
				game.params.rules_fuel,
				T::ChallengeFee::get(),
				T::ChallengeRedundancy::get(),
			)?;
			let challenge = NextChallengeId::<T>::mutate(|next| {
				let id = *next;
				*next = next.saturating_add(1);
				id
			});
			Challenges::<T>::insert(
				challenge,
				Challenge { session, move_index, challenger: who.clone(), bond, command },
			);
			CommandChallenges::<T>::insert(command, challenge);
			s.challenge = Some(challenge);
			Sessions::<T>::insert(session, s);
			Self::deposit_event(Event::ChallengeOpened {
				challenge,
				session,
				move_index,
				challenger: who,
				command,
				bond,
			});
			Ok(())
		}

		/// Commits a save state of a session being played: `state_hash` must be the head (the
		/// save records it with the move count) and `blob` says where the state's bytes are off
		/// chain. Any player; at most [`Config::MaxSaves`] per session. Covered by the session
		/// deposit.
		///
		/// Cost: constant.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::save_state())]
		pub fn save_state(
			origin: OriginFor<T>,
			session: SessionId,
			state_hash: [u8; 32],
			blob: Blob,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let s = Self::live_session(session)?;
			Self::seat_of(&s, &who).ok_or(Error::<T>::NotAPlayer)?;
			Self::ensure_playing(&s)?;
			ensure!(state_hash == s.head, Error::<T>::NotTheHead);
			let save = NextSaveId::<T>::get();
			SessionSaves::<T>::try_mutate(session, |saves| saves.try_push(save))
				.map_err(|_| Error::<T>::TooManySaves)?;
			NextSaveId::<T>::put(save.saturating_add(1));
			Saves::<T>::insert(
				save,
				SaveState {
					session,
					state_hash,
					moves: s.moves,
					blob: blob.clone(),
					saved_by: who.clone(),
					saved_at: frame_system::Pallet::<T>::block_number(),
				},
			);
			Self::deposit_event(Event::StateSaved {
				session,
				save,
				state_hash,
				moves: s.moves,
				blob,
				player: who,
			});
			Ok(())
		}

		/// Asks to rewind a session being played to one of its saves. When every seat has asked
		/// for the same save with no move in between, the head and the move count become the
		/// save's, the moves after it are abandoned (their pending entries and the saves made
		/// after it are dropped) and the move clock restarts. A request for another save, or
		/// after a move, starts a new proposal.
		///
		/// Cost: linear in the players; the last approval also in the pending moves and saves.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::load_state(T::MaxPlayers::get()))]
		pub fn load_state(
			origin: OriginFor<T>,
			session: SessionId,
			save: SaveId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut s = Self::live_session(session)?;
			let seat = Self::seat_of(&s, &who).ok_or(Error::<T>::NotAPlayer)?;
			Self::ensure_playing(&s)?;
			let record = Saves::<T>::get(save).ok_or(Error::<T>::UnknownSave)?;
			ensure!(record.session == session, Error::<T>::SaveOfAnotherSession);
			let mut proposal = match LoadProposals::<T>::get(session) {
				Some(p) if p.save == save && p.moves == s.moves => p,
				_ => LoadProposal { save, moves: s.moves, approvals: BoundedVec::new() },
			};
			ensure!(!proposal.approvals.contains(&seat), Error::<T>::AlreadyApproved);
			proposal.approvals.try_push(seat).map_err(|_| Error::<T>::AlreadyApproved)?;
			let approvals = proposal.approvals.len() as u32;
			let needed = u32::from(s.seats);
			Self::deposit_event(Event::LoadApproved {
				session,
				save,
				player: who,
				approvals,
				needed,
			});
			if approvals < needed {
				LoadProposals::<T>::insert(session, proposal);
				return Ok(());
			}
			LoadProposals::<T>::remove(session);
			PendingMoves::<T>::mutate_exists(session, |pending| {
				if let Some(p) = pending {
					p.retain(|m| m.index < record.moves);
					if p.is_empty() {
						*pending = None;
					}
				}
			});
			let mut kept = BoundedVec::<SaveId, T::MaxSaves>::new();
			for id in SessionSaves::<T>::get(session) {
				match Saves::<T>::get(id) {
					Some(other) if other.moves <= record.moves => {
						// Cannot fail: `kept` is a subset of a list of the same bound.
						let _ = kept.try_push(id);
					},
					_ => Saves::<T>::remove(id),
				}
			}
			SessionSaves::<T>::insert(session, kept);
			s.head = record.state_hash;
			s.moves = record.moves;
			s.last_move_at = frame_system::Pallet::<T>::block_number();
			Sessions::<T>::insert(session, s);
			Self::deposit_event(Event::StateLoaded {
				session,
				save,
				state_hash: record.state_hash,
				moves: record.moves,
			});
			Ok(())
		}

		/// Resigns from a session being played: the caller forfeits (its stake is shared among
		/// the other players, who get theirs back) and the session ends.
		///
		/// Cost: a payout to every player, the removal of the session's records and the
		/// session's end ([`Pallet::session_end_weight`]), refunded unless the session was a
		/// tournament match.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::resign(T::MaxPlayers::get())
			.saturating_add(Pallet::<T>::session_end_weight()))]
		pub fn resign(origin: OriginFor<T>, session: SessionId) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let s = Self::live_session(session)?;
			let seat = Self::seat_of(&s, &who).ok_or(Error::<T>::NotAPlayer)?;
			Self::ensure_playing(&s)?;
			Self::deposit_event(Event::PlayerResigned { session, player: who, seat });
			let result = SessionResult::Forfeited { seat, reason: ForfeitReason::Resigned };
			let in_tournament = TournamentOfSession::<T>::contains_key(session);
			Self::end_session(session, s, result);
			Ok(Self::session_end_refund(in_tournament, T::WeightInfo::resign(T::MaxPlayers::get())))
		}

		/// Claims a session whose player to move has not moved for more than
		/// [`Config::MoveTimeout`] blocks: that player forfeits. Any other player of the session.
		///
		/// Cost: a payout to every player, the removal of the session's records and the
		/// session's end ([`Pallet::session_end_weight`]), refunded unless the session was a
		/// tournament match.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::claim_timeout(T::MaxPlayers::get())
			.saturating_add(Pallet::<T>::session_end_weight()))]
		pub fn claim_timeout(
			origin: OriginFor<T>,
			session: SessionId,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let s = Self::live_session(session)?;
			let claimant = Self::seat_of(&s, &who).ok_or(Error::<T>::NotAPlayer)?;
			Self::ensure_playing(&s)?;
			let stalled = Self::to_move(&s);
			ensure!(claimant != stalled, Error::<T>::CannotClaimOwnTimeout);
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(
				now > s.last_move_at.saturating_add(T::MoveTimeout::get()),
				Error::<T>::TimeoutNotReached
			);
			Self::deposit_event(Event::TimeoutClaimed { session, claimant: who, seat: stalled });
			let result =
				SessionResult::Forfeited { seat: stalled, reason: ForfeitReason::TimedOut };
			let in_tournament = TournamentOfSession::<T>::contains_key(session);
			Self::end_session(session, s, result);
			let base = T::WeightInfo::claim_timeout(T::MaxPlayers::get());
			Ok(Self::session_end_refund(in_tournament, base))
		}

		/// Pays out a session whose optimistic terminal move can no longer be challenged: every
		/// pending move's window has closed and no challenge is under way. Anyone may call it.
		///
		/// Cost: a payout to every player, the removal of the session's records and the
		/// session's end ([`Pallet::session_end_weight`]), refunded unless the session was a
		/// tournament match.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::finalize(T::MaxPlayers::get())
			.saturating_add(Pallet::<T>::session_end_weight()))]
		pub fn finalize(origin: OriginFor<T>, session: SessionId) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let s = Self::live_session(session)?;
			let SessionStatus::Finishing(outcome) = s.status else {
				return Err(Error::<T>::NotFinishing.into());
			};
			ensure!(s.challenge.is_none(), Error::<T>::ChallengeInProgress);
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(
				PendingMoves::<T>::get(session).iter().all(|m| m.deadline < now),
				Error::<T>::ChallengeWindowOpen
			);
			let in_tournament = TournamentOfSession::<T>::contains_key(session);
			Self::end_session(session, s, SessionResult::Finished(outcome));
			Ok(Self::session_end_refund(
				in_tournament,
				T::WeightInfo::finalize(T::MaxPlayers::get()),
			))
		}

		/// Queues the caller for a two-seat session of `game` staking `stake` (at least
		/// [`Config::MinStake`]; the game must allow two seats). One queue entry per account and
		/// game.
		///
		/// If the queue of `game` and `stake` holds an account whose rating is within
		/// [`Config::RatingWindow`] of the caller's, the oldest such is paired with the caller:
		/// the caller's stake is held and a session of the game from its
		/// [`GameParams::initial_hash`] is created and started, the waiting account in seat 0
		/// (its queued stake and deposit become its stake and the session's deposit) and the
		/// caller in seat 1 ([`Event::Matched`]). Otherwise the caller's stake and
		/// [`Config::SessionDeposit`] are held and it waits at the end of the queue
		/// ([`Event::Queued`]); a full queue refuses it.
		///
		/// Cost: linear in the queue's length (the search for a partner), benchmarked with a
		/// full queue whose last entry is the partner.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::queue(T::MaxQueueLen::get()))]
		pub fn queue(origin: OriginFor<T>, game: GameId, stake: BalanceOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut info = Games::<T>::get(game).ok_or(Error::<T>::UnknownGame)?;
			ensure!(Self::two_seats(&info), Error::<T>::BadSeats);
			ensure!(stake >= T::MinStake::get(), Error::<T>::StakeTooLow);
			ensure!(!Queued::<T>::contains_key(game, &who), Error::<T>::AlreadyQueued);
			let rating = Ratings::<T>::get(game, &who);
			let window = T::RatingWindow::get();
			let queue = Queues::<T>::get(game, stake);
			let mut partner = None;
			let mut rest = Vec::with_capacity(queue.len());
			for entry in queue.into_iter() {
				if partner.is_none() && entry.rating.abs_diff(rating) <= window {
					partner = Some(entry);
				} else {
					rest.push(entry);
				}
			}
			let Some(partner) = partner else {
				ensure!((rest.len() as u32) < T::MaxQueueLen::get(), Error::<T>::QueueFull);
				T::Currency::hold(&HoldReason::Stake.into(), &who, stake)
					.map_err(|_| Error::<T>::CannotHoldStake)?;
				let deposit = T::SessionDeposit::get();
				T::Currency::hold(&HoldReason::SessionDeposit.into(), &who, deposit)
					.map_err(|_| Error::<T>::CannotHoldDeposit)?;
				rest.push(QueueEntry { player: who.clone(), rating, deposit });
				let queue = QueueOf::<T>::try_from(rest).map_err(|_| Error::<T>::QueueFull)?;
				Queues::<T>::insert(game, stake, queue);
				Queued::<T>::insert(game, &who, stake);
				info.queued = info.queued.saturating_add(1);
				Games::<T>::insert(game, info);
				Self::deposit_event(Event::Queued { game, stake, player: who, rating });
				return Ok(());
			};
			T::Currency::hold(&HoldReason::Stake.into(), &who, stake)
				.map_err(|_| Error::<T>::CannotHoldStake)?;
			if rest.is_empty() {
				Queues::<T>::remove(game, stake);
			} else {
				// Cannot truncate: `rest` is shorter than the queue it came from.
				Queues::<T>::insert(game, stake, QueueOf::<T>::truncate_from(rest));
			}
			Queued::<T>::remove(game, &partner.player);
			info.queued = info.queued.saturating_sub(1);
			let initial_hash = info.params.initial_hash;
			let (session, mut s) = Self::new_session(
				game,
				&mut info,
				partner.player.clone(),
				stake,
				partner.deposit,
				initial_hash,
				2,
			)?;
			Self::seat_player(session, &mut s, who.clone())?;
			Sessions::<T>::insert(session, s);
			Games::<T>::insert(game, info);
			Self::deposit_event(Event::Matched { game, session, players: [partner.player, who] });
			Ok(())
		}

		/// Takes the caller out of the matchmaking queue it waits in for `game` and releases its
		/// stake and deposit.
		///
		/// Cost: linear in the queue's length, benchmarked with a full queue.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::leave_queue(T::MaxQueueLen::get()))]
		pub fn leave_queue(origin: OriginFor<T>, game: GameId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let stake = Queued::<T>::get(game, &who).ok_or(Error::<T>::NotQueued)?;
			let mut queue = Queues::<T>::get(game, stake);
			let entry =
				queue.iter().find(|e| e.player == who).cloned().ok_or(Error::<T>::NotQueued)?;
			queue.retain(|e| e.player != who);
			if queue.is_empty() {
				Queues::<T>::remove(game, stake);
			} else {
				Queues::<T>::insert(game, stake, queue);
			}
			Queued::<T>::remove(game, &who);
			Games::<T>::mutate(game, |info| {
				if let Some(info) = info {
					info.queued = info.queued.saturating_sub(1);
				}
			});
			Self::release(HoldReason::Stake, &who, stake);
			Self::release(HoldReason::SessionDeposit, &who, entry.deposit);
			Self::deposit_event(Event::LeftQueue { game, stake, player: who });
			Ok(())
		}

		/// Creates a single-elimination tournament of `game` (which must allow two seats) for
		/// `size` players — a power of two from 4 to [`Config::MaxTournamentSize`] — each paying
		/// `entry_fee` (at least [`Config::MinStake`]) into the prize pool. Holds
		/// [`Config::TournamentDeposit`] from the caller, who need not play.
		///
		/// Cost: constant.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::create_tournament())]
		pub fn create_tournament(
			origin: OriginFor<T>,
			game: GameId,
			size: u32,
			entry_fee: BalanceOf<T>,
		) -> DispatchResult {
			let creator = ensure_signed(origin)?;
			let mut info = Games::<T>::get(game).ok_or(Error::<T>::UnknownGame)?;
			ensure!(Self::two_seats(&info), Error::<T>::BadSeats);
			ensure!(size.is_power_of_two(), Error::<T>::NotPowerOfTwo);
			ensure!(
				size >= 4 && size <= T::MaxTournamentSize::get(),
				Error::<T>::BadTournamentSize
			);
			ensure!(entry_fee >= T::MinStake::get(), Error::<T>::EntryFeeTooLow);
			let deposit = T::TournamentDeposit::get();
			T::Currency::hold(&HoldReason::TournamentDeposit.into(), &creator, deposit)
				.map_err(|_| Error::<T>::CannotHoldDeposit)?;
			let tournament = NextTournamentId::<T>::mutate(|next| {
				let id = *next;
				*next = next.saturating_add(1);
				id
			});
			info.tournaments = info.tournaments.saturating_add(1);
			Games::<T>::insert(game, info);
			Tournaments::<T>::insert(
				tournament,
				Tournament {
					game,
					creator: creator.clone(),
					size,
					entry_fee,
					deposit,
					status: TournamentStatus::Open,
					players: BoundedVec::new(),
					alive: BoundedVec::new(),
					matches: BoundedVec::new(),
				},
			);
			Self::deposit_event(Event::TournamentCreated {
				tournament,
				game,
				creator,
				size,
				entry_fee,
				deposit,
			});
			Ok(())
		}

		/// Enters an open tournament: holds its entry fee. The entry that fills it starts it:
		/// the players are seeded by rating (ties by join order), placed in the bracket
		/// ([`Event::TournamentStarted`]) and the first round's sessions are created (see the
		/// pallet docs).
		///
		/// Cost: benchmarked as the entry that starts a tournament of
		/// [`Config::MaxTournamentSize`] players (every rating read, the seeding sort, half as
		/// many sessions created).
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::join_tournament())]
		pub fn join_tournament(origin: OriginFor<T>, tournament: TournamentId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut t = Self::live_tournament(tournament)?;
			ensure!(t.status == TournamentStatus::Open, Error::<T>::TournamentFull);
			ensure!(!t.players.contains(&who), Error::<T>::AlreadyInTournament);
			T::Currency::hold(&HoldReason::EntryFee.into(), &who, t.entry_fee)
				.map_err(|_| Error::<T>::CannotHoldEntryFee)?;
			t.players.try_push(who.clone()).map_err(|_| Error::<T>::TournamentFull)?;
			let players = t.players.len() as u32;
			Self::deposit_event(Event::TournamentJoined { tournament, player: who, players });
			if players >= t.size {
				Self::start_tournament(tournament, &mut t);
			}
			Tournaments::<T>::insert(tournament, t);
			Ok(())
		}

		/// Leaves a tournament that has not started: releases the caller's entry fee.
		///
		/// Cost: linear in the players, benchmarked with all places but one taken.
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::leave_tournament())]
		pub fn leave_tournament(origin: OriginFor<T>, tournament: TournamentId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut t = Self::live_tournament(tournament)?;
			ensure!(t.players.contains(&who), Error::<T>::NotInTournament);
			ensure!(t.status == TournamentStatus::Open, Error::<T>::TournamentStarted);
			t.players.retain(|p| p != &who);
			Self::release(HoldReason::EntryFee, &who, t.entry_fee);
			Tournaments::<T>::insert(tournament, t);
			Self::deposit_event(Event::TournamentLeft { tournament, player: who });
			Ok(())
		}

		/// Cancels a tournament that has not started: every entry fee and the deposit are
		/// released and the tournament is removed. Creator only.
		///
		/// Cost: a refund to every player, benchmarked with all places but one taken.
		#[pallet::call_index(17)]
		#[pallet::weight(T::WeightInfo::cancel_tournament())]
		pub fn cancel_tournament(origin: OriginFor<T>, tournament: TournamentId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let t = Self::live_tournament(tournament)?;
			ensure!(t.creator == who, Error::<T>::NotTournamentCreator);
			ensure!(t.status == TournamentStatus::Open, Error::<T>::TournamentStarted);
			for p in t.players.iter() {
				Self::release(HoldReason::EntryFee, p, t.entry_fee);
			}
			Self::release(HoldReason::TournamentDeposit, &t.creator, t.deposit);
			Games::<T>::mutate(t.game, |info| {
				if let Some(info) = info {
					info.tournaments = info.tournaments.saturating_sub(1);
				}
			});
			Tournaments::<T>::remove(tournament);
			Self::deposit_event(Event::TournamentCancelled {
				tournament,
				refunded: t.players.into_inner(),
			});
			Ok(())
		}
	}

	impl<T: Config> From<VerifyError> for Error<T> {
		fn from(e: VerifyError) -> Self {
			match e {
				VerifyError::MalformedProof => Error::<T>::MalformedProof,
				VerifyError::InvalidProof => Error::<T>::InvalidProof,
				_ => Error::<T>::VerifierRefused,
			}
		}
	}
}

/// The settlement of a challenge's rules command.
impl<T: Config> OnCommandSettled for Pallet<T> {
	fn on_command_settled(command: CommandId, outcome: CommandOutcome) {
		if let Some(challenge) = CommandChallenges::<T>::take(command) {
			Self::resolve_challenge(challenge, outcome);
		}
	}

	fn weight() -> Weight {
		T::WeightInfo::resolve_challenge(T::MaxPlayers::get())
			.saturating_add(Self::session_end_weight())
	}
}

/// What a settled rules command says about a challenged move.
enum Verdict {
	/// The rules produced the claimed state and outcome.
	Honest,
	/// The rules produced something else, or trapped on the move.
	Cheat(ExitStatus),
	/// No verdict: no settlement, or the run could not finish.
	Void,
}

impl<T: Config> Pallet<T> {
	/// The most a session's end costs beyond its payout when it plays a tournament match: the
	/// match decided and the next round started, or the final paid out. Added to the weight of
	/// every call that can end a started session.
	pub fn session_end_weight() -> Weight {
		T::WeightInfo::tournament_round().max(T::WeightInfo::tournament_final())
	}

	/// The actual weight of a call charged `base` plus [`Pallet::session_end_weight`] for
	/// ending a session: the session's end is refunded unless it was a tournament match.
	fn session_end_refund(in_tournament: bool, base: Weight) -> PostDispatchInfo {
		if in_tournament {
			().into()
		} else {
			Some(base).into()
		}
	}

	/// Whether the game's sessions may have two seats (matchmaking and tournaments need it).
	fn two_seats(info: &GameOf<T>) -> bool {
		info.params.min_seats <= 2 && 2 <= info.params.max_seats
	}

	/// Creates the record of a session of `game` with `creator` in seat 0 (the caller holds its
	/// stake and the deposit and stores the record and the game): the code that
	/// [`Pallet::create_session`], matchmaking and tournaments share.
	pub(crate) fn new_session(
		game: GameId,
		info: &mut GameOf<T>,
		creator: T::AccountId,
		stake: BalanceOf<T>,
		deposit: BalanceOf<T>,
		initial_hash: [u8; 32],
		seats: Seat,
	) -> Result<(SessionId, SessionOf<T>), Error<T>> {
		let players = PlayersOf::<T>::try_from(alloc::vec![creator.clone()])
			.map_err(|_| Error::<T>::BadSeats)?;
		let session = NextSessionId::<T>::mutate(|next| {
			let id = *next;
			*next = next.saturating_add(1);
			id
		});
		info.open_sessions = info.open_sessions.saturating_add(1);
		Self::deposit_event(Event::SessionCreated {
			session,
			game,
			creator: creator.clone(),
			seats,
			stake,
			initial_hash,
		});
		let s = Session {
			game,
			creator,
			players,
			seats,
			stake,
			deposit,
			status: SessionStatus::Open,
			initial_hash,
			head: initial_hash,
			moves: 0,
			last_move_at: frame_system::Pallet::<T>::block_number(),
			challenge: None,
		};
		Ok((session, s))
	}

	/// Seats `who` (its stake already held) in the next seat of open session `s`; the last seat
	/// taken starts it. The caller stores the record.
	pub(crate) fn seat_player(
		session: SessionId,
		s: &mut SessionOf<T>,
		who: T::AccountId,
	) -> Result<(), Error<T>> {
		let seat = s.players.len() as Seat;
		s.players.try_push(who.clone()).map_err(|_| Error::<T>::AlreadyStarted)?;
		Self::deposit_event(Event::PlayerJoined { session, player: who, seat });
		if s.players.len() >= usize::from(s.seats) {
			s.status = SessionStatus::Active;
			s.last_move_at = frame_system::Pallet::<T>::block_number();
			Self::deposit_event(Event::SessionStarted {
				session,
				players: s.players.clone().into_inner(),
			});
		}
		Ok(())
	}

	/// A tournament that has not ended, or why not.
	fn live_tournament(id: TournamentId) -> Result<TournamentOf<T>, Error<T>> {
		Tournaments::<T>::get(id).ok_or_else(|| {
			if id < NextTournamentId::<T>::get() {
				Error::<T>::TournamentEnded
			} else {
				Error::<T>::UnknownTournament
			}
		})
	}

	/// Moves the ratings of a two-seat session's players by its `result` (see [`rating`]);
	/// sessions with more seats and cancelled ones change nothing.
	fn update_ratings(s: &SessionOf<T>, result: SessionResult) {
		if s.seats != 2 {
			return;
		}
		let (Some(a), Some(b)) = (s.players.first(), s.players.get(1)) else { return };
		let score = match result {
			SessionResult::Cancelled => return,
			SessionResult::Finished(Outcome::Draw) => rating::Score::Draw,
			SessionResult::Finished(Outcome::Winner(0))
			| SessionResult::Forfeited { seat: 1, .. } => rating::Score::Win,
			SessionResult::Finished(Outcome::Winner(_)) | SessionResult::Forfeited { .. } => {
				rating::Score::Loss
			},
		};
		let (old_a, old_b) = (Ratings::<T>::get(s.game, a), Ratings::<T>::get(s.game, b));
		let (new_a, new_b) = rating::rate(old_a, old_b, score, T::RatingK::get());
		Self::set_rating(s.game, a, old_a, new_a);
		Self::set_rating(s.game, b, old_b, new_b);
	}

	/// Records `who`'s new rating, also in the queue entry it may wait in.
	fn set_rating(game: GameId, who: &T::AccountId, old: u32, new: u32) {
		Ratings::<T>::insert(game, who, new);
		if old != new {
			if let Some(stake) = Queued::<T>::get(game, who) {
				Queues::<T>::mutate_exists(game, stake, |queue| {
					for entry in queue.iter_mut().flat_map(|q| q.iter_mut()) {
						if &entry.player == who {
							entry.rating = new;
						}
					}
				});
			}
		}
		Self::deposit_event(Event::RatingChanged { game, player: who.clone(), old, new });
	}

	/// The seeds of a tournament of `size` players in bracket order: the bracket of `2n`
	/// replaces each seed `s` of the bracket of `n` by `s, 2n − 1 − s` (seeds from 0).
	pub fn bracket_order(size: u32) -> Vec<Seed> {
		let mut order: Vec<Seed> = alloc::vec![0];
		let mut n: u32 = 1;
		while n < size {
			let twice = n.saturating_mul(2);
			order = order
				.iter()
				.flat_map(|&s| [s, twice.saturating_sub(1).saturating_sub(s)])
				.collect();
			n = twice;
		}
		order
	}

	/// Starts a full tournament: seeds its players by rating (highest first, ties by join
	/// order), places them in the bracket and starts round 1.
	fn start_tournament(id: TournamentId, t: &mut TournamentOf<T>) {
		let mut ranked: Vec<(u32, usize, T::AccountId)> = t
			.players
			.iter()
			.enumerate()
			.map(|(joined, p)| (Ratings::<T>::get(t.game, p), joined, p.clone()))
			.collect();
		ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
		t.players = EntrantsOf::<T>::truncate_from(ranked.into_iter().map(|r| r.2).collect());
		let order = Self::bracket_order(t.size);
		let bracket = order.iter().filter_map(|&s| t.players.get(s as usize).cloned()).collect();
		t.alive = BoundedVec::truncate_from(order);
		t.status = TournamentStatus::Running { round: 1 };
		Self::deposit_event(Event::TournamentStarted { tournament: id, bracket });
		Self::start_round(id, t, 1);
	}

	/// Creates the sessions of the round's matches: places `2k` and `2k + 1` of the seeds still
	/// in, the higher seed in seat 0, stake and deposit 0, from the game's initial hash.
	fn start_round(id: TournamentId, t: &mut TournamentOf<T>, round: u32) {
		let Some(mut info) = Games::<T>::get(t.game) else {
			log::error!(target: LOG_TARGET, "tournament {id}: its game is gone");
			return;
		};
		let initial_hash = info.params.initial_hash;
		let mut matches = Vec::with_capacity(t.alive.len() / 2);
		for (slot, pair) in t.alive.chunks(2).enumerate() {
			let &[a, b] = pair else { continue };
			let (high, low) = (a.min(b), a.max(b));
			let (Some(first), Some(second)) =
				(t.players.get(high as usize).cloned(), t.players.get(low as usize).cloned())
			else {
				log::error!(target: LOG_TARGET, "tournament {id}: a seed has no player");
				continue;
			};
			let zero = Zero::zero();
			let created = Self::new_session(t.game, &mut info, first, zero, zero, initial_hash, 2)
				.and_then(|(session, mut s)| {
					Self::seat_player(session, &mut s, second)?;
					Ok((session, s))
				});
			match created {
				Ok((session, s)) => {
					Sessions::<T>::insert(session, s);
					TournamentOfSession::<T>::insert(
						session,
						TournamentMatch { tournament: id, slot: slot as u32 },
					);
					matches.push(BracketMatch { session, winner: None });
				},
				Err(e) => log::error!(target: LOG_TARGET, "tournament {id}: no session: {e:?}"),
			}
		}
		Games::<T>::insert(t.game, info);
		let sessions = matches.iter().map(|m| m.session).collect();
		t.matches = BoundedVec::truncate_from(matches);
		Self::deposit_event(Event::RoundStarted { tournament: id, round, sessions });
	}

	/// Records the result of the tournament match that `session` played; starts the next round
	/// when the round is complete, or pays the prizes after the final.
	fn record_match(link: TournamentMatch, session: SessionId, result: SessionResult) {
		let id = link.tournament;
		let Some(mut t) = Tournaments::<T>::get(id) else {
			log::error!(target: LOG_TARGET, "session {session}: its tournament {id} is gone");
			return;
		};
		let TournamentStatus::Running { round } = t.status else {
			log::error!(target: LOG_TARGET, "session {session}: tournament {id} is not running");
			return;
		};
		let slot = link.slot as usize;
		let first = slot.saturating_mul(2);
		let pair = (t.alive.get(first), t.alive.get(first.saturating_add(1)));
		let (Some(&a), Some(&b)) = pair else {
			log::error!(target: LOG_TARGET, "session {session}: no match {slot} in {id}");
			return;
		};
		let (high, low) = (a.min(b), a.max(b));
		// The higher seed has seat 0: it goes on on a win of seat 0, a forfeit of seat 1 and a
		// draw (and, though a match cannot be cancelled, a cancel).
		let (winner, loser) = match result {
			SessionResult::Finished(Outcome::Winner(1))
			| SessionResult::Forfeited { seat: 0, .. } => (low, high),
			_ => (high, low),
		};
		match t.matches.get_mut(slot) {
			Some(m) if m.session == session && m.winner.is_none() => m.winner = Some(winner),
			_ => {
				log::error!(target: LOG_TARGET, "session {session}: match {slot} of {id} differs");
				return;
			},
		}
		let account = |seed: Seed| t.players.get(seed as usize).cloned();
		if let (Some(winner), Some(loser)) = (account(winner), account(loser)) {
			Self::deposit_event(Event::MatchDecided {
				tournament: id,
				round,
				session,
				winner,
				loser,
			});
		}
		if t.matches.iter().any(|m| m.winner.is_none()) {
			Tournaments::<T>::insert(id, t);
			return;
		}
		let winners: Vec<Seed> = t.matches.iter().filter_map(|m| m.winner).collect();
		if winners.len() <= 1 {
			Self::finish_tournament(id, t, winner, loser);
			return;
		}
		let next = round.saturating_add(1);
		t.alive = BoundedVec::truncate_from(winners);
		t.status = TournamentStatus::Running { round: next };
		Self::start_round(id, &mut t, next);
		Tournaments::<T>::insert(id, t);
	}

	/// Pays a tournament's prize pool after its final (`winner` beat `runner_up`), releases the
	/// deposit and removes the tournament.
	///
	/// Every player's entry fee is held from it; the fees are paid from the holds, the
	/// runner-up's first, then the other players' in seed order, the winner's last: each goes to
	/// the runner-up until its share is paid, then to the winner.
	fn finish_tournament(id: TournamentId, t: TournamentOf<T>, winner: Seed, runner_up: Seed) {
		let (Some(first), Some(second)) =
			(t.players.get(winner as usize).cloned(), t.players.get(runner_up as usize).cloned())
		else {
			log::error!(target: LOG_TARGET, "tournament {id}: the finalists have no players");
			return;
		};
		let fee = t.entry_fee;
		let pool = fee.saturating_mul((t.players.len() as u32).into());
		let mut owed = T::RunnerUpShare::get().mul_floor(pool);
		let (mut won, mut second_won) = (BalanceOf::<T>::zero(), BalanceOf::<T>::zero());
		let others = t.players.iter().filter(|p| **p != first && **p != second);
		let sources = core::iter::once(&second).chain(others).chain(core::iter::once(&first));
		for from in sources {
			let to_second = fee.min(owed);
			owed = owed.saturating_sub(to_second);
			let to_first = fee.saturating_sub(to_second);
			second_won = second_won.saturating_add(Self::pay_fee(from, &second, to_second));
			won = won.saturating_add(Self::pay_fee(from, &first, to_first));
		}
		Self::release(HoldReason::TournamentDeposit, &t.creator, t.deposit);
		Games::<T>::mutate(t.game, |info| {
			if let Some(info) = info {
				info.tournaments = info.tournaments.saturating_sub(1);
			}
		});
		Tournaments::<T>::remove(id);
		log::debug!(target: LOG_TARGET, "tournament {id} finished");
		Self::deposit_event(Event::TournamentFinished {
			tournament: id,
			winner: first.clone(),
			runner_up: second.clone(),
			prizes: alloc::vec![(first, won), (second, second_won)],
		});
	}

	/// Pays `amount` of `from`'s held entry fee to `to` (released if `to` is `from`).
	fn pay_fee(from: &T::AccountId, to: &T::AccountId, amount: BalanceOf<T>) -> BalanceOf<T> {
		if from == to {
			Self::release(HoldReason::EntryFee, from, amount)
		} else {
			Self::pay_from_hold(HoldReason::EntryFee, from, to, amount)
		}
	}

	/// A session that has not ended, or why not.
	fn live_session(id: SessionId) -> Result<SessionOf<T>, Error<T>> {
		Sessions::<T>::get(id).ok_or_else(|| {
			if id < NextSessionId::<T>::get() {
				Error::<T>::SessionEnded
			} else {
				Error::<T>::UnknownSession
			}
		})
	}

	/// `who`'s seat in `s`.
	fn seat_of(s: &SessionOf<T>, who: &T::AccountId) -> Option<Seat> {
		s.players.iter().position(|p| p == who).map(|k| k as Seat)
	}

	/// The seat to move next.
	fn to_move(s: &SessionOf<T>) -> Seat {
		(s.moves % u32::from(s.seats.max(1))) as Seat
	}

	/// Refuses a session that is not being played: not started, waiting for `finalize`, or
	/// frozen by a challenge.
	fn ensure_playing(s: &SessionOf<T>) -> Result<(), Error<T>> {
		match s.status {
			SessionStatus::Open => Err(Error::<T>::NotStarted),
			SessionStatus::Finishing(_) => Err(Error::<T>::AwaitingFinalization),
			SessionStatus::Active if s.challenge.is_some() => Err(Error::<T>::ChallengeInProgress),
			SessionStatus::Active => Ok(()),
		}
	}

	/// The checks of a move that need no proof: the session is being played, it is `who`'s
	/// turn, the index is the move count, the previous hash the head and the outcome names a
	/// seat. Returns the session, its game and the mover's seat.
	pub(crate) fn check_move(
		who: &T::AccountId,
		session: SessionId,
		claim: &MoveClaim,
	) -> Result<(SessionOf<T>, GameOf<T>, Seat), DispatchError> {
		let s = Self::live_session(session)?;
		let seat = Self::seat_of(&s, who).ok_or(Error::<T>::NotAPlayer)?;
		Self::ensure_playing(&s)?;
		ensure!(seat == Self::to_move(&s), Error::<T>::NotYourTurn);
		ensure!(claim.index == s.moves, Error::<T>::WrongMoveIndex);
		ensure!(claim.prev_hash == s.head, Error::<T>::WrongPreviousHash);
		if let Some(Outcome::Winner(winner)) = claim.outcome {
			ensure!(winner < s.seats, Error::<T>::InvalidOutcome);
		}
		let game = Games::<T>::get(s.game).ok_or(Error::<T>::UnknownGame)?;
		Ok((s, game, seat))
	}

	/// Verifies a move's proof against key `vk`.
	fn verify_move(
		vk: VkId,
		proof: &[u8],
		claim: &MoveClaim,
		seat: Seat,
	) -> Result<(), DispatchError> {
		let inputs = rules::move_public_inputs(
			&claim.prev_hash,
			&claim.move_hash,
			&claim.new_hash,
			seat,
			claim.outcome,
		);
		T::Verifier::verify(vk, proof, &inputs).map_err(|e| Error::<T>::from(e).into())
	}

	/// Applies a checked (and, for a proved game, verified) move: records it as pending for an
	/// optimistic game, advances the chain and ends or finishes the session on an outcome.
	pub(crate) fn apply_move(
		session: SessionId,
		mut s: SessionOf<T>,
		game: &GameOf<T>,
		seat: Seat,
		who: T::AccountId,
		claim: MoveClaim,
		move_bytes: MoveOf<T>,
	) -> Result<(), DispatchError> {
		let now = frame_system::Pallet::<T>::block_number();
		let proved = game.move_vk.is_some();
		let challenge_deadline = if proved {
			None
		} else {
			let deadline = now.saturating_add(T::ChallengeWindow::get());
			let mut pending = PendingMoves::<T>::get(session);
			// Moves whose window has closed are final: drop them.
			pending.retain(|m| m.deadline >= now);
			pending
				.try_push(PendingMove {
					index: claim.index,
					seat,
					prev_hash: claim.prev_hash,
					move_hash: claim.move_hash,
					new_hash: claim.new_hash,
					outcome: claim.outcome,
					deadline,
				})
				.map_err(|_| Error::<T>::TooManyPendingMoves)?;
			PendingMoves::<T>::insert(session, pending);
			Some(deadline)
		};
		s.head = claim.new_hash;
		s.moves = s.moves.saturating_add(1);
		s.last_move_at = now;
		Self::deposit_event(Event::MoveMade {
			session,
			index: claim.index,
			seat,
			player: who,
			prev_hash: claim.prev_hash,
			move_bytes,
			new_hash: claim.new_hash,
			outcome: claim.outcome,
			challenge_deadline,
		});
		match claim.outcome {
			Some(outcome) if proved => {
				Self::end_session(session, s, SessionResult::Finished(outcome))
			},
			Some(outcome) => {
				s.status = SessionStatus::Finishing(outcome);
				Sessions::<T>::insert(session, s);
			},
			None => Sessions::<T>::insert(session, s),
		}
		Ok(())
	}

	/// Decides challenge `id` on its rules command's `outcome` (see the pallet docs).
	fn resolve_challenge(id: ChallengeId, outcome: CommandOutcome) {
		let Some(challenge) = Challenges::<T>::take(id) else {
			log::error!(target: LOG_TARGET, "challenge {id} settled but is not open");
			return;
		};
		let session = challenge.session;
		let now = frame_system::Pallet::<T>::block_number();
		let found = Sessions::<T>::get(session).and_then(|s| {
			let pending = PendingMoves::<T>::get(session);
			let pm = pending.iter().find(|m| m.index == challenge.move_index).cloned()?;
			Some((s, pending, pm))
		});
		let Some((mut s, mut pending, pm)) = found else {
			// Cannot happen: a challenge freezes its session and its move.
			log::error!(target: LOG_TARGET, "challenge {id}: its session or move is gone");
			Self::release(HoldReason::ChallengeBond, &challenge.challenger, challenge.bond);
			return;
		};
		let mover = s.players.get(usize::from(pm.seat)).cloned();
		let verdict = match outcome {
			CommandOutcome::Settled { exit: ExitStatus::Ok, output_hash }
				if output_hash == rules::expected_output_hash(&pm.new_hash, pm.outcome) =>
			{
				Verdict::Honest
			},
			CommandOutcome::Settled {
				exit: exit @ (ExitStatus::Ok | ExitStatus::Trapped), ..
			} => Verdict::Cheat(exit),
			CommandOutcome::Settled { .. } | CommandOutcome::TimedOut => Verdict::Void,
		};
		match (verdict, mover) {
			(Verdict::Honest, Some(mover)) => {
				let paid = Self::pay_from_hold(
					HoldReason::ChallengeBond,
					&challenge.challenger,
					&mover,
					challenge.bond,
				);
				// The rules confirmed it: the move is final.
				pending.retain(|m| m.index != pm.index);
				PendingMoves::<T>::insert(session, pending);
				s.challenge = None;
				s.last_move_at = now;
				Sessions::<T>::insert(session, s);
				Self::deposit_event(Event::ChallengeRejected {
					challenge: id,
					session,
					move_index: pm.index,
					challenger: challenge.challenger,
					mover,
					bond: paid,
				});
			},
			(Verdict::Cheat(exit), Some(cheater)) => {
				Self::release(HoldReason::ChallengeBond, &challenge.challenger, challenge.bond);
				s.challenge = None;
				Self::deposit_event(Event::ChallengeUpheld {
					challenge: id,
					session,
					move_index: pm.index,
					cheater,
					exit,
				});
				let result =
					SessionResult::Forfeited { seat: pm.seat, reason: ForfeitReason::Cheated };
				Self::end_session(session, s, result);
			},
			_ => {
				Self::release(HoldReason::ChallengeBond, &challenge.challenger, challenge.bond);
				let deadline = now.saturating_add(T::ChallengeWindow::get());
				for m in pending.iter_mut().filter(|m| m.index == pm.index) {
					m.deadline = deadline;
				}
				PendingMoves::<T>::insert(session, pending);
				s.challenge = None;
				s.last_move_at = now;
				Sessions::<T>::insert(session, s);
				Self::deposit_event(Event::ChallengeVoided {
					challenge: id,
					session,
					move_index: pm.index,
					deadline,
				});
			},
		}
	}

	/// Ends a session: pays the stakes by `result`, releases the deposit, removes its records,
	/// moves the ratings of a two-seat session and decides its tournament match, if any.
	pub(crate) fn end_session(id: SessionId, s: SessionOf<T>, result: SessionResult) {
		let mut payouts: Vec<(T::AccountId, BalanceOf<T>)> = Vec::with_capacity(s.players.len());
		let stake = s.stake;
		let refund_all = |payouts: &mut Vec<(T::AccountId, BalanceOf<T>)>| {
			for p in s.players.iter() {
				Self::release(HoldReason::Stake, p, stake);
				payouts.push((p.clone(), stake));
			}
		};
		match result {
			SessionResult::Cancelled | SessionResult::Finished(Outcome::Draw) => {
				refund_all(&mut payouts)
			},
			SessionResult::Finished(Outcome::Winner(w)) => {
				match s.players.get(usize::from(w)).cloned() {
					Some(winner) => {
						Self::release(HoldReason::Stake, &winner, stake);
						let mut won = stake;
						for (k, p) in s.players.iter().enumerate() {
							if k != usize::from(w) {
								let paid =
									Self::pay_from_hold(HoldReason::Stake, p, &winner, stake);
								won = won.saturating_add(paid);
							}
							payouts.push((p.clone(), Zero::zero()));
						}
						if let Some(entry) = payouts.get_mut(usize::from(w)) {
							entry.1 = won;
						}
					},
					// Cannot happen: outcomes are checked against the seats.
					None => refund_all(&mut payouts),
				}
			},
			SessionResult::Forfeited { seat, .. } => {
				match s.players.get(usize::from(seat)).cloned() {
					Some(loser) => {
						let others = s.players.len().saturating_sub(1).max(1) as u32;
						let share = stake / others.into();
						let mut remainder =
							stake.saturating_sub(share.saturating_mul(others.into()));
						for (k, p) in s.players.iter().enumerate() {
							if k == usize::from(seat) {
								payouts.push((p.clone(), Zero::zero()));
								continue;
							}
							Self::release(HoldReason::Stake, p, stake);
							let amount = share.saturating_add(core::mem::take(&mut remainder));
							let paid = Self::pay_from_hold(HoldReason::Stake, &loser, p, amount);
							payouts.push((p.clone(), stake.saturating_add(paid)));
						}
					},
					None => refund_all(&mut payouts),
				}
			},
		}
		Self::release(HoldReason::SessionDeposit, &s.creator, s.deposit);
		Games::<T>::mutate(s.game, |game| {
			if let Some(game) = game {
				game.open_sessions = game.open_sessions.saturating_sub(1);
			}
		});
		for save in SessionSaves::<T>::take(id) {
			Saves::<T>::remove(save);
		}
		PendingMoves::<T>::remove(id);
		LoadProposals::<T>::remove(id);
		Sessions::<T>::remove(id);
		log::debug!(target: LOG_TARGET, "session {id} ended: {result:?}");
		Self::deposit_event(Event::SessionEnded { session: id, result, payouts });
		Self::update_ratings(&s, result);
		if let Some(link) = TournamentOfSession::<T>::take(id) {
			Self::record_match(link, id, result);
		}
	}

	/// Releases `amount` held for `reason` from `who`, logging (never panicking) if less was
	/// held; returns what was released.
	fn release(reason: HoldReason, who: &T::AccountId, amount: BalanceOf<T>) -> BalanceOf<T> {
		if amount.is_zero() {
			return amount;
		}
		T::Currency::release(&reason.into(), who, amount, Precision::BestEffort).unwrap_or_else(
			|e| {
				log::error!(target: LOG_TARGET, "could not release a hold: {e:?}");
				Zero::zero()
			},
		)
	}

	/// Moves `amount` held for `reason` from `from` to `to`'s free balance; returns what moved.
	fn pay_from_hold(
		reason: HoldReason,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: BalanceOf<T>,
	) -> BalanceOf<T> {
		if amount.is_zero() {
			return amount;
		}
		T::Currency::transfer_on_hold(
			&reason.into(),
			from,
			to,
			amount,
			Precision::BestEffort,
			Restriction::Free,
			Fortitude::Force,
		)
		.unwrap_or_else(|e| {
			log::error!(target: LOG_TARGET, "could not pay from a hold: {e:?}");
			Zero::zero()
		})
	}

	/// Checks the pallet's invariants: the holds match the records, every session's chain and
	/// pending moves are consistent, challenges and saves point where they should, queues and
	/// tournaments agree with their accounts and sessions, ratings add up.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
		use alloc::collections::{btree_map::BTreeMap, btree_set::BTreeSet};
		type Sums<T> = BTreeMap<<T as frame_system::Config>::AccountId, BalanceOf<T>>;
		fn add<T: Config>(sums: &mut Sums<T>, who: &T::AccountId, amount: BalanceOf<T>) {
			let entry = sums.entry(who.clone()).or_default();
			*entry = entry.saturating_add(amount);
		}
		let (mut stakes, mut deposits, mut bonds, mut game_deposits) =
			(Sums::<T>::new(), Sums::<T>::new(), Sums::<T>::new(), Sums::<T>::new());
		let (mut entry_fees, mut tournament_deposits) = (Sums::<T>::new(), Sums::<T>::new());
		let mut open: BTreeMap<GameId, u32> = BTreeMap::new();
		let next_session = NextSessionId::<T>::get();
		for (id, s) in Sessions::<T>::iter() {
			ensure!(id < next_session, "a session id is not below the next id");
			*open.entry(s.game).or_default() += 1;
			let game = Games::<T>::get(s.game).ok_or("a session's game is gone")?;
			ensure!(
				s.seats >= game.params.min_seats && s.seats <= game.params.max_seats,
				"a session's seats are outside its game's range"
			);
			for p in s.players.iter() {
				add::<T>(&mut stakes, p, s.stake);
			}
			add::<T>(&mut deposits, &s.creator, s.deposit);
			ensure!(s.players.first() == Some(&s.creator), "the creator is not seat 0");
			match s.status {
				SessionStatus::Open => {
					ensure!(s.players.len() < usize::from(s.seats), "an open session is full");
					ensure!(s.moves == 0 && s.head == s.initial_hash, "an open session has moves");
					ensure!(s.challenge.is_none(), "an open session is challenged");
				},
				_ => ensure!(s.players.len() == usize::from(s.seats), "a started session not full"),
			}
			let pending = PendingMoves::<T>::get(id);
			ensure!(game.move_vk.is_none() || pending.is_empty(), "a proved move is pending");
			let mut previous: Option<&PendingMove<BlockNumberOf<T>>> = None;
			for m in pending.iter() {
				ensure!(m.index < s.moves, "a pending move is beyond the move count");
				ensure!(
					u32::from(m.seat) == m.index % u32::from(s.seats),
					"a pending move was made out of turn"
				);
				if let Some(before) = previous {
					ensure!(before.index < m.index, "pending moves are out of order");
					ensure!(
						before.index + 1 != m.index || before.new_hash == m.prev_hash,
						"consecutive pending moves do not chain"
					);
				}
				if m.index + 1 == s.moves {
					ensure!(m.new_hash == s.head, "the last move does not end at the head");
				}
				previous = Some(m);
			}
			if let Some(c) = s.challenge {
				let challenge = Challenges::<T>::get(c).ok_or("a session's challenge is gone")?;
				ensure!(challenge.session == id, "a challenge names another session");
				ensure!(
					pending.iter().any(|m| m.index == challenge.move_index),
					"a challenged move is not pending"
				);
				ensure!(
					CommandChallenges::<T>::get(challenge.command) == Some(c),
					"a challenge is not found from its command"
				);
			}
			let saves = SessionSaves::<T>::get(id);
			for save in saves.iter() {
				let record = Saves::<T>::get(save).ok_or("a listed save is gone")?;
				ensure!(record.session == id, "a session lists another session's save");
				ensure!(record.moves <= s.moves, "a save is ahead of its session");
				ensure!(
					record.moves != s.moves || record.state_hash == s.head,
					"a save at the move count is not the head"
				);
			}
		}
		for (id, challenge) in Challenges::<T>::iter() {
			let s = Sessions::<T>::get(challenge.session).ok_or("a challenge's session is gone")?;
			ensure!(s.challenge == Some(id), "a challenge is not its session's");
			add::<T>(&mut bonds, &challenge.challenger, challenge.bond);
		}
		ensure!(
			CommandChallenges::<T>::iter().all(|(_, c)| Challenges::<T>::contains_key(c)),
			"a command decides no challenge"
		);
		for (id, save) in Saves::<T>::iter() {
			ensure!(
				SessionSaves::<T>::get(save.session).contains(&id),
				"a save is not listed by a live session"
			);
		}
		for (id, _) in LoadProposals::<T>::iter() {
			ensure!(Sessions::<T>::contains_key(id), "a load proposal of no session");
		}
		// Matchmaking: every entry is found from its account, once, with its current rating.
		let (mut queued, mut queued_accounts) =
			(BTreeMap::<GameId, u32>::new(), BTreeMap::<GameId, u32>::new());
		for (game, stake, queue) in Queues::<T>::iter() {
			ensure!(Games::<T>::contains_key(game), "a queue of no game");
			ensure!(!queue.is_empty(), "an empty queue is stored");
			for entry in queue.iter() {
				ensure!(
					Queued::<T>::get(game, &entry.player) == Some(stake),
					"a queue entry is not found from its account"
				);
				ensure!(
					entry.rating == Ratings::<T>::get(game, &entry.player),
					"a queue entry's rating is not its account's"
				);
				add::<T>(&mut stakes, &entry.player, stake);
				add::<T>(&mut deposits, &entry.player, entry.deposit);
				*queued.entry(game).or_default() += 1;
			}
		}
		for (game, who, stake) in Queued::<T>::iter() {
			ensure!(
				Queues::<T>::get(game, stake).iter().filter(|e| e.player == who).count() == 1,
				"a queued account is not in its queue exactly once"
			);
			*queued_accounts.entry(game).or_default() += 1;
		}
		ensure!(queued == queued_accounts, "queue entries and queued accounts differ");
		// Tournaments: the bracket agrees with the sessions and the links.
		let (next_tournament, mut tournaments) = (NextTournamentId::<T>::get(), BTreeMap::new());
		let mut linked = BTreeSet::new();
		for (id, t) in Tournaments::<T>::iter() {
			ensure!(id < next_tournament, "a tournament id is not below the next id");
			ensure!(Games::<T>::contains_key(t.game), "a tournament's game is gone");
			*tournaments.entry(t.game).or_default() += 1u32;
			ensure!(t.size.is_power_of_two() && t.size >= 4, "a tournament's size is wrong");
			add::<T>(&mut tournament_deposits, &t.creator, t.deposit);
			let distinct: BTreeSet<_> = t.players.iter().collect();
			ensure!(distinct.len() == t.players.len(), "a tournament player entered twice");
			for p in t.players.iter() {
				add::<T>(&mut entry_fees, p, t.entry_fee);
			}
			let TournamentStatus::Running { round } = t.status else {
				ensure!((t.players.len() as u32) < t.size, "an open tournament is full");
				ensure!(
					t.alive.is_empty() && t.matches.is_empty(),
					"an open tournament has matches"
				);
				continue;
			};
			ensure!(t.players.len() as u32 == t.size, "a running tournament is not full");
			ensure!(
				round >= 1 && round <= t.size.trailing_zeros(),
				"a tournament's round is out of range"
			);
			ensure!(
				t.alive.len() as u32 == t.size >> (round - 1)
					&& t.matches.len() * 2 == t.alive.len(),
				"a tournament's round does not match its players still in"
			);
			ensure!(
				round != 1 || t.alive.to_vec() == Self::bracket_order(t.size),
				"round 1 is not the seeded bracket"
			);
			let alive: BTreeSet<_> = t.alive.iter().collect();
			ensure!(
				alive.len() == t.alive.len() && t.alive.iter().all(|s| *s < t.size),
				"a tournament's seeds still in are wrong"
			);
			ensure!(
				t.matches.iter().any(|m| m.winner.is_none()),
				"a decided round did not advance"
			);
			for (k, m) in t.matches.iter().enumerate() {
				let (Some(&a), Some(&b)) = (t.alive.get(2 * k), t.alive.get(2 * k + 1)) else {
					return Err("a match has no players".into());
				};
				match m.winner {
					Some(w) => ensure!(w == a || w == b, "a match's winner did not play it"),
					None => {
						let s = Sessions::<T>::get(m.session).ok_or("a match's session is gone")?;
						let (high, low) = (a.min(b) as usize, a.max(b) as usize);
						let seated = (t.players.get(high).cloned(), t.players.get(low).cloned());
						ensure!(
							s.game == t.game
								&& s.seats == 2 && s.stake.is_zero()
								&& s.deposit.is_zero(),
							"a match's session is not a free two-seat session of the game"
						);
						ensure!(
							(s.players.first().cloned(), s.players.get(1).cloned()) == seated
								&& s.players.len() == 2,
							"a match's session does not seat its players, the higher seed first"
						);
						ensure!(
							TournamentOfSession::<T>::get(m.session)
								== Some(TournamentMatch { tournament: id, slot: k as u32 }),
							"a match's session does not link back to it"
						);
						linked.insert(m.session);
					},
				}
			}
		}
		ensure!(
			TournamentOfSession::<T>::iter_keys().all(|s| linked.contains(&s)),
			"a session links to no undecided match"
		);
		// Ratings: games only exchange points.
		let mut ratings: BTreeMap<GameId, (u128, u128)> = BTreeMap::new();
		let next_game = NextGameId::<T>::get();
		for (game, _, rating) in Ratings::<T>::iter() {
			ensure!(game < next_game, "a rating of a game never registered");
			let (sum, count) = ratings.entry(game).or_default();
			*sum += u128::from(rating);
			*count += 1;
		}
		let initial = u128::from(T::InitialRating::get());
		ensure!(
			ratings.values().all(|(sum, count)| *sum == initial * *count),
			"a game's ratings do not add up to the initial rating times their number"
		);
		for (id, game) in Games::<T>::iter() {
			ensure!(
				game.open_sessions == open.get(&id).copied().unwrap_or(0),
				"a game's open-session count is wrong"
			);
			ensure!(
				game.queued == queued.get(&id).copied().unwrap_or(0),
				"a game's queued count is wrong"
			);
			ensure!(
				game.tournaments == tournaments.get(&id).copied().unwrap_or(0),
				"a game's tournament count is wrong"
			);
			add::<T>(&mut game_deposits, &game.owner, game.deposit);
		}
		ensure!(open.keys().all(Games::<T>::contains_key), "a session of no game");
		// Every account, not only those in the records: a hold left behind is an error too.
		let checks = [
			(&stakes, HoldReason::Stake, "held stakes differ from the sessions' and queues'"),
			(&deposits, HoldReason::SessionDeposit, "held session deposits differ"),
			(&bonds, HoldReason::ChallengeBond, "held bonds differ from the challenges'"),
			(&game_deposits, HoldReason::GameDeposit, "held game deposits differ"),
			(&entry_fees, HoldReason::EntryFee, "held entry fees differ from the tournaments'"),
			(
				&tournament_deposits,
				HoldReason::TournamentDeposit,
				"held tournament deposits differ",
			),
		];
		for who in frame_system::Account::<T>::iter_keys() {
			for (sums, reason, what) in checks.iter() {
				let expected = sums.get(&who).copied().unwrap_or_default();
				ensure!(T::Currency::balance_on_hold(&(*reason).into(), &who) == expected, *what);
			}
		}
		Ok(())
	}
}
