//! The records of the game ledger: games, sessions, pending moves, challenges, saves, matchmaking
//! queues and tournaments.

use aether_primitives::{
	commands::{CommandId, ProgramId},
	zk::VkId,
};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::frame_support::{traits::ConstU32, BoundedVec};
use scale_info::TypeInfo;

/// Identifier of a registered game, assigned in order from 0.
pub type GameId = u64;
/// Identifier of a session, assigned in order from 0.
pub type SessionId = u64;
/// Identifier of a challenge, assigned in order from 0.
pub type ChallengeId = u64;
/// Identifier of a save state, assigned in order from 0 across all sessions.
pub type SaveId = u64;
/// Identifier of a tournament, assigned in order from 0.
pub type TournamentId = u64;
/// A player's place in a tournament's seeding: seed 0 is the top seed (the highest rating).
pub type Seed = u32;
/// A player's place in a session: seat `k` is the `k`-th to join (the creator is seat 0) and
/// moves whenever `moves % seats == k`.
pub type Seat = u8;

/// Longest off-chain reference of a save state (a CID, a URL), in bytes.
pub const MAX_BLOB_LEN: u32 = 128;
/// Where a saved state's bytes are kept off chain.
pub type Blob = BoundedVec<u8, ConstU32<MAX_BLOB_LEN>>;

/// How a game ends, as a terminal move claims it.
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
pub enum Outcome {
	/// Nobody wins: every stake is refunded.
	Draw,
	/// This seat wins every stake.
	Winner(Seat),
}

/// A game's settings, fixed at registration.
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
pub struct GameParams {
	/// Fewest seats a session may have (at least 2).
	pub min_seats: Seat,
	/// Most seats a session may have (at most [`crate::Config::MaxPlayers`]).
	pub max_seats: Seat,
	/// Fuel limit of a challenge's run of the rules program.
	pub rules_fuel: u64,
	/// The state hash of the game's start position (e.g. SHA-256 of nine zero bytes for
	/// tic-tac-toe): the sessions the pallet creates itself (matchmaking, tournaments) start
	/// from it.
	pub initial_hash: [u8; 32],
}

/// A registered game.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct GameInfo<AccountId, Balance> {
	/// Who registered it; only it can unregister it.
	pub owner: AccountId,
	/// The command program with the step function `(state, move) -> state | invalid`.
	pub rules_program: ProgramId,
	/// The Groth16 key every move is proved against; `None` for an optimistic game.
	pub move_vk: Option<VkId>,
	/// Its settings.
	pub params: GameParams,
	/// Held from the owner.
	pub deposit: Balance,
	/// Sessions not yet ended (open, active or finishing); it cannot be unregistered with any.
	pub open_sessions: u32,
	/// Accounts waiting in its matchmaking queues; it cannot be unregistered with any.
	pub queued: u32,
	/// Its tournaments not yet finished or cancelled; it cannot be unregistered with any.
	pub tournaments: u32,
}

/// Where a session is in its life. A session that ended is removed (see `SessionEnded`).
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
pub enum SessionStatus {
	/// Waiting for players; starts when every seat is taken.
	Open,
	/// Being played.
	Active,
	/// An optimistic terminal move claimed this outcome; it is paid by `finalize` once every
	/// pending move's challenge window has passed.
	Finishing(Outcome),
}

/// A session: its players, their stakes and the state-hash chain.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct Session<AccountId, Balance, BlockNumber, Players> {
	/// The game played.
	pub game: GameId,
	/// Who created it; its deposit is held from it.
	pub creator: AccountId,
	/// The players in seat order.
	pub players: Players,
	/// How many players it needs.
	pub seats: Seat,
	/// Each player's stake, held from each.
	pub stake: Balance,
	/// Held from the creator for the session's storage (its pending moves and saves included).
	pub deposit: Balance,
	/// Where it is.
	pub status: SessionStatus,
	/// The state hash it started from.
	pub initial_hash: [u8; 32],
	/// The head of the hash chain: the state hash after the last move.
	pub head: [u8; 32],
	/// Moves made (the index of the next move); seat `moves % seats` moves next.
	pub moves: u32,
	/// The block of the last move (or of the start, a load, a challenge's end): the player to
	/// move must move within [`crate::Config::MoveTimeout`] blocks of it.
	pub last_move_at: BlockNumber,
	/// The challenge under way, if any; the session is frozen until it is resolved.
	pub challenge: Option<ChallengeId>,
}

/// An optimistic move still inside its challenge window.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct PendingMove<BlockNumber> {
	/// Its index in the session.
	pub index: u32,
	/// Who made it.
	pub seat: Seat,
	/// The state hash before it.
	pub prev_hash: [u8; 32],
	/// SHA-256 of its bytes (the bytes are in the `MoveMade` event).
	pub move_hash: [u8; 32],
	/// The state hash it claims.
	pub new_hash: [u8; 32],
	/// The outcome it claims, if terminal.
	pub outcome: Option<Outcome>,
	/// The last block in which it can be challenged.
	pub deadline: BlockNumber,
}

/// A challenge of an optimistic move, waiting for its rules command to settle.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct Challenge<AccountId, Balance> {
	/// The session.
	pub session: SessionId,
	/// The move challenged.
	pub move_index: u32,
	/// Who challenged; the bond is held from it.
	pub challenger: AccountId,
	/// The bond held.
	pub bond: Balance,
	/// The command running the rules program on the move.
	pub command: CommandId,
}

/// A committed save state.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct SaveState<AccountId, BlockNumber> {
	/// The session it belongs to.
	pub session: SessionId,
	/// The state hash saved: the session's head when saved.
	pub state_hash: [u8; 32],
	/// Moves made when saved.
	pub moves: u32,
	/// Where the state's bytes are, off chain.
	pub blob: Blob,
	/// The player who saved it.
	pub saved_by: AccountId,
	/// The block it was saved in.
	pub saved_at: BlockNumber,
}

/// Players' agreement to load a save: every seat must approve the same save at the same move.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct LoadProposal<Seats> {
	/// The save to load.
	pub save: SaveId,
	/// The session's move count when it was proposed; a move since makes it stale.
	pub moves: u32,
	/// The seats that approved it.
	pub approvals: Seats,
}

/// Why a player forfeited.
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
pub enum ForfeitReason {
	/// It resigned.
	Resigned,
	/// It did not move within the timeout.
	TimedOut,
	/// A challenge proved one of its moves wrong.
	Cheated,
}

/// How a session ended, with what it paid.
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
pub enum SessionResult {
	/// Cancelled before it started: every stake refunded.
	Cancelled,
	/// A terminal move ended it with this outcome.
	Finished(Outcome),
	/// This seat forfeited: its stake is shared among the others.
	Forfeited {
		/// The seat.
		seat: Seat,
		/// Why.
		reason: ForfeitReason,
	},
}

/// An account waiting in a matchmaking queue (one queue per game and stake, oldest first).
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct QueueEntry<AccountId, Balance> {
	/// The account; its stake (the queue's) is held from it.
	pub player: AccountId,
	/// Its rating in the game, kept equal to the rating record while it waits.
	pub rating: u32,
	/// The session deposit held from it: once paired it takes seat 0 and this becomes the
	/// session's deposit.
	pub deposit: Balance,
}

/// Where a tournament is in its life. A tournament that finished or was cancelled is removed
/// (see `TournamentFinished`, `TournamentCancelled`).
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
pub enum TournamentStatus {
	/// Taking entries; starts when every place is taken.
	Open,
	/// Being played: the matches of this round (1 is the first) are under way.
	Running {
		/// The round.
		round: u32,
	},
}

/// A match of a tournament's current round: a two-seat session with stake 0.
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
pub struct BracketMatch {
	/// The session playing it; it exists while the match is undecided.
	pub session: SessionId,
	/// The seed that won it, once decided.
	pub winner: Option<Seed>,
}

/// A single-elimination tournament.
///
/// Once started, `players` is in seed order and `alive` lists the seeds still in, in bracket
/// order: match `k` of the current round is `alive[2k]` against `alive[2k + 1]`, its winner goes
/// to place `k` of the next round.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct Tournament<AccountId, Balance, Players, Seeds, Matches> {
	/// The game played.
	pub game: GameId,
	/// Who created it; its deposit is held from it (it need not play).
	pub creator: AccountId,
	/// Players it takes: a power of two.
	pub size: u32,
	/// Held from each player; together they are the prize pool.
	pub entry_fee: Balance,
	/// Held from the creator until it finishes or is cancelled.
	pub deposit: Balance,
	/// Where it is.
	pub status: TournamentStatus,
	/// The players: in join order while open, in seed order (best first) once started.
	pub players: Players,
	/// The seeds still in, in bracket order (empty while open).
	pub alive: Seeds,
	/// The matches of the current round, in bracket order (empty while open).
	pub matches: Matches,
}

/// Which tournament match a session plays.
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
pub struct TournamentMatch {
	/// The tournament.
	pub tournament: TournamentId,
	/// The match's place in the current round.
	pub slot: u32,
}
