//! Weights for `pallet_games`: PROVISIONAL, NOT MEASURED.
//!
//! Written by hand in the benchmark CLI's format: the storage each call touches is counted from
//! the code; the times are scaled from `pallet_commands`' debug-node run. They stand in until
//! `./scripts/bench-weights.sh pallet_games` overwrites this file with measured figures, which
//! needs the pallet in the runtime (issue 7, not yet wired). The matchmaking and tournament
//! entries (`queue` to `tournament_final`) are as provisional as the rest; those without a
//! component are counted at `MaxTournamentSize = 16`, `MaxQueueLen = 64`.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use crate::frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_games`.
pub trait WeightInfo {
	fn register_game() -> Weight;
	fn unregister_game() -> Weight;
	fn create_session() -> Weight;
	fn join(p: u32, ) -> Weight;
	fn leave(p: u32, ) -> Weight;
	fn make_move_optimistic(m: u32, ) -> Weight;
	fn make_move_proved(m: u32, p: u32, ) -> Weight;
	fn challenge(s: u32, m: u32, ) -> Weight;
	fn save_state() -> Weight;
	fn load_state(p: u32, ) -> Weight;
	fn resign(p: u32, ) -> Weight;
	fn claim_timeout(p: u32, ) -> Weight;
	fn finalize(p: u32, ) -> Weight;
	fn resolve_challenge(p: u32, ) -> Weight;
	fn queue(q: u32, ) -> Weight;
	fn leave_queue(q: u32, ) -> Weight;
	fn create_tournament() -> Weight;
	fn join_tournament() -> Weight;
	fn leave_tournament() -> Weight;
	fn cancel_tournament() -> Weight;
	fn tournament_round() -> Weight;
	fn tournament_final() -> Weight;
}

/// Weights for `pallet_games` (provisional, see the header).
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: crate::frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Commands::Programs` (r:1 w:0)
	/// Proof: `Commands::Programs` (`max_values`: None, `max_size`: Some(121), added: 2596, mode: `MaxEncodedLen`)
	/// Storage: `ZkVerifier::Keys` (r:1 w:1)
	/// Proof: `ZkVerifier::Keys` (`max_values`: None, `max_size`: Some(111), added: 2586, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(193), added: 2668, mode: `MaxEncodedLen`)
	/// Storage: `Commands::ProgramPins` (r:1 w:1)
	/// Proof: `Commands::ProgramPins` (`max_values`: None, `max_size`: Some(20), added: 2495, mode: `MaxEncodedLen`)
	/// Storage: `Games::NextGameId` (r:1 w:1)
	/// Proof: `Games::NextGameId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Games::Games` (r:0 w:1)
	/// Proof: `Games::Games` (`max_values`: None, `max_size`: Some(83), added: 2558, mode: `MaxEncodedLen`)
	fn register_game() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `(not run)`
		//  Estimated: `3622`
		// Minimum execution time: (not run).
		Weight::from_parts(690_000_000, 3622)
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
	/// Storage: `Games::Games` (r:1 w:1)
	/// Proof: `Games::Games` (`max_values`: None, `max_size`: Some(83), added: 2558, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(193), added: 2668, mode: `MaxEncodedLen`)
	/// Storage: `Commands::Programs` (r:1 w:0)
	/// Proof: `Commands::Programs` (`max_values`: None, `max_size`: Some(121), added: 2596, mode: `MaxEncodedLen`)
	/// Storage: `Commands::ProgramPins` (r:1 w:1)
	/// Proof: `Commands::ProgramPins` (`max_values`: None, `max_size`: Some(20), added: 2495, mode: `MaxEncodedLen`)
	/// Storage: `ZkVerifier::Keys` (r:1 w:1)
	/// Proof: `ZkVerifier::Keys` (`max_values`: None, `max_size`: Some(111), added: 2586, mode: `MaxEncodedLen`)
	fn unregister_game() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `(not run)`
		//  Estimated: `3658`
		// Minimum execution time: (not run).
		Weight::from_parts(640_000_000, 3658)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `Games::Games` (r:1 w:1)
	/// Proof: `Games::Games` (`max_values`: None, `max_size`: Some(83), added: 2558, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(193), added: 2668, mode: `MaxEncodedLen`)
	/// Storage: `Games::NextSessionId` (r:1 w:1)
	/// Proof: `Games::NextSessionId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Games::Sessions` (r:0 w:1)
	/// Proof: `Games::Sessions` (`max_values`: None, `max_size`: Some(458), added: 2933, mode: `MaxEncodedLen`)
	fn create_session() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `(not run)`
		//  Estimated: `3923`
		// Minimum execution time: (not run).
		Weight::from_parts(720_000_000, 3923)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `Games::Sessions` (r:1 w:1)
	/// Proof: `Games::Sessions` (`max_values`: None, `max_size`: Some(458), added: 2933, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(193), added: 2668, mode: `MaxEncodedLen`)
	/// The range of component `p` is `[2, 8]`.
	fn join(p: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `(not run)`
		//  Estimated: `3923`
		// Minimum execution time: (not run).
		Weight::from_parts(560_000_000, 3923)
			.saturating_add(Weight::from_parts(4_000_000, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `Games::Sessions` (r:1 w:1)
	/// Proof: `Games::Sessions` (`max_values`: None, `max_size`: Some(458), added: 2933, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:8 w:8)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:8 w:8)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(193), added: 2668, mode: `MaxEncodedLen`)
	/// Storage: `Games::Games` (r:1 w:1)
	/// Proof: `Games::Games` (`max_values`: None, `max_size`: Some(83), added: 2558, mode: `MaxEncodedLen`)
	/// Storage: `Games::SessionSaves` (r:1 w:1)
	/// Proof: `Games::SessionSaves` (`max_values`: None, `max_size`: Some(141), added: 2616, mode: `MaxEncodedLen`)
	/// Storage: `Games::PendingMoves` (r:0 w:1)
	/// Proof: `Games::PendingMoves` (`max_values`: None, `max_size`: Some(4623), added: 7098, mode: `MaxEncodedLen`)
	/// Storage: `Games::LoadProposals` (r:0 w:1)
	/// Proof: `Games::LoadProposals` (`max_values`: None, `max_size`: Some(29), added: 2504, mode: `MaxEncodedLen`)
	/// The range of component `p` is `[1, 7]`.
	fn leave(p: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `(not run)`
		//  Estimated: `3923`
		// Minimum execution time: (not run).
		Weight::from_parts(700_000_000, 3923)
			.saturating_add(Weight::from_parts(330_000_000, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(6_u64))
			.saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(p.into())))
	}
	/// Storage: `Games::Sessions` (r:1 w:1)
	/// Proof: `Games::Sessions` (`max_values`: None, `max_size`: Some(458), added: 2933, mode: `MaxEncodedLen`)
	/// Storage: `Games::Games` (r:1 w:0)
	/// Proof: `Games::Games` (`max_values`: None, `max_size`: Some(83), added: 2558, mode: `MaxEncodedLen`)
	/// Storage: `Games::PendingMoves` (r:1 w:1)
	/// Proof: `Games::PendingMoves` (`max_values`: None, `max_size`: Some(4623), added: 7098, mode: `MaxEncodedLen`)
	/// The range of component `m` is `[0, 256]`.
	fn make_move_optimistic(m: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `(not run)`
		//  Estimated: `8088`
		// Minimum execution time: (not run).
		Weight::from_parts(610_000_000, 8088)
			.saturating_add(Weight::from_parts(9_000, 0).saturating_mul(m.into()))
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Games::Sessions` (r:1 w:1)
	/// Proof: `Games::Sessions` (`max_values`: None, `max_size`: Some(458), added: 2933, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:8 w:8)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:8 w:8)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(193), added: 2668, mode: `MaxEncodedLen`)
	/// Storage: `Games::Games` (r:1 w:1)
	/// Proof: `Games::Games` (`max_values`: None, `max_size`: Some(83), added: 2558, mode: `MaxEncodedLen`)
	/// Storage: `Games::SessionSaves` (r:1 w:1)
	/// Proof: `Games::SessionSaves` (`max_values`: None, `max_size`: Some(141), added: 2616, mode: `MaxEncodedLen`)
	/// Storage: `Games::Saves` (r:0 w:8)
	/// Proof: `Games::Saves` (`max_values`: None, `max_size`: Some(250), added: 2725, mode: `MaxEncodedLen`)
	/// Storage: `Games::PendingMoves` (r:0 w:1)
	/// Proof: `Games::PendingMoves` (`max_values`: None, `max_size`: Some(4623), added: 7098, mode: `MaxEncodedLen`)
	/// Storage: `Games::LoadProposals` (r:0 w:1)
	/// Proof: `Games::LoadProposals` (`max_values`: None, `max_size`: Some(29), added: 2504, mode: `MaxEncodedLen`)
	/// The range of component `m` is `[0, 256]`.
	/// The range of component `p` is `[2, 8]`.
	fn make_move_proved(m: u32, p: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `(not run)`
		//  Estimated: `3923`
		// Minimum execution time: (not run).
		Weight::from_parts(1_350_000_000, 3923)
			.saturating_add(Weight::from_parts(9_000, 0).saturating_mul(m.into()))
			.saturating_add(Weight::from_parts(330_000_000, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(13_u64))
			.saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(p.into())))
	}
	/// Storage: `Games::Sessions` (r:1 w:1)
	/// Proof: `Games::Sessions` (`max_values`: None, `max_size`: Some(458), added: 2933, mode: `MaxEncodedLen`)
	/// Storage: `Games::Games` (r:1 w:0)
	/// Proof: `Games::Games` (`max_values`: None, `max_size`: Some(83), added: 2558, mode: `MaxEncodedLen`)
	/// Storage: `Games::PendingMoves` (r:1 w:0)
	/// Proof: `Games::PendingMoves` (`max_values`: None, `max_size`: Some(4623), added: 7098, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(193), added: 2668, mode: `MaxEncodedLen`)
	/// Storage: `Commands::Programs` (r:1 w:1)
	/// Proof: `Commands::Programs` (`max_values`: None, `max_size`: Some(121), added: 2596, mode: `MaxEncodedLen`)
	/// Storage: `Commands::NextCommandId` (r:1 w:1)
	/// Proof: `Commands::NextCommandId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Commands::ActiveExecutors` (r:1 w:0)
	/// Proof: `Commands::ActiveExecutors` (`max_values`: Some(1), `max_size`: Some(2050), added: 2545, mode: `MaxEncodedLen`)
	/// Storage: `Commands::Deadlines` (r:1 w:1)
	/// Proof: `Commands::Deadlines` (`max_values`: None, `max_size`: Some(526), added: 3001, mode: `MaxEncodedLen`)
	/// Storage: `Commands::Executors` (r:5 w:5)
	/// Proof: `Commands::Executors` (`max_values`: None, `max_size`: Some(1288), added: 3763, mode: `MaxEncodedLen`)
	/// Storage: `Commands::Assignments` (r:0 w:5)
	/// Proof: `Commands::Assignments` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `Commands::OpenCommands` (r:0 w:1)
	/// Proof: `Commands::OpenCommands` (`max_values`: None, `max_size`: Some(1865), added: 4340, mode: `MaxEncodedLen`)
	/// Storage: `Commands::Inputs` (r:0 w:1)
	/// Proof: `Commands::Inputs` (`max_values`: None, `max_size`: Some(4114), added: 6589, mode: `MaxEncodedLen`)
	/// Storage: `Games::NextChallengeId` (r:1 w:1)
	/// Proof: `Games::NextChallengeId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Games::Challenges` (r:0 w:1)
	/// Proof: `Games::Challenges` (`max_values`: None, `max_size`: Some(84), added: 2559, mode: `MaxEncodedLen`)
	/// Storage: `Games::CommandChallenges` (r:0 w:1)
	/// Proof: `Games::CommandChallenges` (`max_values`: None, `max_size`: Some(24), added: 2499, mode: `MaxEncodedLen`)
	/// The range of component `s` is `[0, 3072]`.
	/// The range of component `m` is `[0, 256]`.
	fn challenge(s: u32, m: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `(not run)`
		//  Estimated: `19805`
		// Minimum execution time: (not run).
		Weight::from_parts(2_600_000_000, 19805)
			.saturating_add(Weight::from_parts(12_000, 0).saturating_mul(s.into()))
			.saturating_add(Weight::from_parts(12_000, 0).saturating_mul(m.into()))
			.saturating_add(T::DbWeight::get().reads(21_u64))
			.saturating_add(T::DbWeight::get().writes(24_u64))
	}
	/// Storage: `Games::Sessions` (r:1 w:0)
	/// Proof: `Games::Sessions` (`max_values`: None, `max_size`: Some(458), added: 2933, mode: `MaxEncodedLen`)
	/// Storage: `Games::NextSaveId` (r:1 w:1)
	/// Proof: `Games::NextSaveId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Games::SessionSaves` (r:1 w:1)
	/// Proof: `Games::SessionSaves` (`max_values`: None, `max_size`: Some(141), added: 2616, mode: `MaxEncodedLen`)
	/// Storage: `Games::Saves` (r:0 w:1)
	/// Proof: `Games::Saves` (`max_values`: None, `max_size`: Some(250), added: 2725, mode: `MaxEncodedLen`)
	fn save_state() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `(not run)`
		//  Estimated: `3923`
		// Minimum execution time: (not run).
		Weight::from_parts(520_000_000, 3923)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `Games::Sessions` (r:1 w:1)
	/// Proof: `Games::Sessions` (`max_values`: None, `max_size`: Some(458), added: 2933, mode: `MaxEncodedLen`)
	/// Storage: `Games::Saves` (r:9 w:8)
	/// Proof: `Games::Saves` (`max_values`: None, `max_size`: Some(250), added: 2725, mode: `MaxEncodedLen`)
	/// Storage: `Games::LoadProposals` (r:1 w:1)
	/// Proof: `Games::LoadProposals` (`max_values`: None, `max_size`: Some(29), added: 2504, mode: `MaxEncodedLen`)
	/// Storage: `Games::PendingMoves` (r:1 w:1)
	/// Proof: `Games::PendingMoves` (`max_values`: None, `max_size`: Some(4623), added: 7098, mode: `MaxEncodedLen`)
	/// Storage: `Games::SessionSaves` (r:1 w:1)
	/// Proof: `Games::SessionSaves` (`max_values`: None, `max_size`: Some(141), added: 2616, mode: `MaxEncodedLen`)
	/// The range of component `p` is `[2, 8]`.
	fn load_state(p: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `(not run)`
		//  Estimated: `8088`
		// Minimum execution time: (not run).
		Weight::from_parts(1_100_000_000, 8088)
			.saturating_add(Weight::from_parts(6_000_000, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(13_u64))
			.saturating_add(T::DbWeight::get().writes(12_u64))
	}
	/// Storage: `Games::Sessions` (r:1 w:1)
	/// Proof: `Games::Sessions` (`max_values`: None, `max_size`: Some(458), added: 2933, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:8 w:8)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:8 w:8)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(193), added: 2668, mode: `MaxEncodedLen`)
	/// Storage: `Games::Games` (r:1 w:1)
	/// Proof: `Games::Games` (`max_values`: None, `max_size`: Some(83), added: 2558, mode: `MaxEncodedLen`)
	/// Storage: `Games::SessionSaves` (r:1 w:1)
	/// Proof: `Games::SessionSaves` (`max_values`: None, `max_size`: Some(141), added: 2616, mode: `MaxEncodedLen`)
	/// Storage: `Games::Saves` (r:0 w:8)
	/// Proof: `Games::Saves` (`max_values`: None, `max_size`: Some(250), added: 2725, mode: `MaxEncodedLen`)
	/// Storage: `Games::PendingMoves` (r:0 w:1)
	/// Proof: `Games::PendingMoves` (`max_values`: None, `max_size`: Some(4623), added: 7098, mode: `MaxEncodedLen`)
	/// Storage: `Games::LoadProposals` (r:0 w:1)
	/// Proof: `Games::LoadProposals` (`max_values`: None, `max_size`: Some(29), added: 2504, mode: `MaxEncodedLen`)
	/// The range of component `p` is `[2, 8]`.
	fn resign(p: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `(not run)`
		//  Estimated: `3923`
		// Minimum execution time: (not run).
		Weight::from_parts(1_250_000_000, 3923)
			.saturating_add(Weight::from_parts(330_000_000, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(13_u64))
			.saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(p.into())))
	}
	/// Storage: `Games::Sessions` (r:1 w:1)
	/// Proof: `Games::Sessions` (`max_values`: None, `max_size`: Some(458), added: 2933, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:8 w:8)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:8 w:8)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(193), added: 2668, mode: `MaxEncodedLen`)
	/// Storage: `Games::Games` (r:1 w:1)
	/// Proof: `Games::Games` (`max_values`: None, `max_size`: Some(83), added: 2558, mode: `MaxEncodedLen`)
	/// Storage: `Games::SessionSaves` (r:1 w:1)
	/// Proof: `Games::SessionSaves` (`max_values`: None, `max_size`: Some(141), added: 2616, mode: `MaxEncodedLen`)
	/// Storage: `Games::Saves` (r:0 w:8)
	/// Proof: `Games::Saves` (`max_values`: None, `max_size`: Some(250), added: 2725, mode: `MaxEncodedLen`)
	/// Storage: `Games::PendingMoves` (r:0 w:1)
	/// Proof: `Games::PendingMoves` (`max_values`: None, `max_size`: Some(4623), added: 7098, mode: `MaxEncodedLen`)
	/// Storage: `Games::LoadProposals` (r:0 w:1)
	/// Proof: `Games::LoadProposals` (`max_values`: None, `max_size`: Some(29), added: 2504, mode: `MaxEncodedLen`)
	/// The range of component `p` is `[2, 8]`.
	fn claim_timeout(p: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `(not run)`
		//  Estimated: `3923`
		// Minimum execution time: (not run).
		Weight::from_parts(1_250_000_000, 3923)
			.saturating_add(Weight::from_parts(330_000_000, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(13_u64))
			.saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(p.into())))
	}
	/// Storage: `Games::Sessions` (r:1 w:1)
	/// Proof: `Games::Sessions` (`max_values`: None, `max_size`: Some(458), added: 2933, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:8 w:8)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:8 w:8)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(193), added: 2668, mode: `MaxEncodedLen`)
	/// Storage: `Games::Games` (r:1 w:1)
	/// Proof: `Games::Games` (`max_values`: None, `max_size`: Some(83), added: 2558, mode: `MaxEncodedLen`)
	/// Storage: `Games::SessionSaves` (r:1 w:1)
	/// Proof: `Games::SessionSaves` (`max_values`: None, `max_size`: Some(141), added: 2616, mode: `MaxEncodedLen`)
	/// Storage: `Games::Saves` (r:0 w:8)
	/// Proof: `Games::Saves` (`max_values`: None, `max_size`: Some(250), added: 2725, mode: `MaxEncodedLen`)
	/// Storage: `Games::PendingMoves` (r:0 w:1)
	/// Proof: `Games::PendingMoves` (`max_values`: None, `max_size`: Some(4623), added: 7098, mode: `MaxEncodedLen`)
	/// Storage: `Games::LoadProposals` (r:0 w:1)
	/// Proof: `Games::LoadProposals` (`max_values`: None, `max_size`: Some(29), added: 2504, mode: `MaxEncodedLen`)
	/// The range of component `p` is `[2, 8]`.
	fn finalize(p: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `(not run)`
		//  Estimated: `8088`
		// Minimum execution time: (not run).
		Weight::from_parts(1_300_000_000, 8088)
			.saturating_add(Weight::from_parts(330_000_000, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(13_u64))
			.saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(p.into())))
	}
	/// Storage: `Games::CommandChallenges` (r:1 w:1)
	/// Proof: `Games::CommandChallenges` (`max_values`: None, `max_size`: Some(24), added: 2499, mode: `MaxEncodedLen`)
	/// Storage: `Games::Challenges` (r:1 w:1)
	/// Proof: `Games::Challenges` (`max_values`: None, `max_size`: Some(84), added: 2559, mode: `MaxEncodedLen`)
	/// Storage: `Games::Sessions` (r:1 w:1)
	/// Proof: `Games::Sessions` (`max_values`: None, `max_size`: Some(458), added: 2933, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:8 w:8)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:8 w:8)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(193), added: 2668, mode: `MaxEncodedLen`)
	/// Storage: `Games::Games` (r:1 w:1)
	/// Proof: `Games::Games` (`max_values`: None, `max_size`: Some(83), added: 2558, mode: `MaxEncodedLen`)
	/// Storage: `Games::SessionSaves` (r:1 w:1)
	/// Proof: `Games::SessionSaves` (`max_values`: None, `max_size`: Some(141), added: 2616, mode: `MaxEncodedLen`)
	/// Storage: `Games::Saves` (r:0 w:8)
	/// Proof: `Games::Saves` (`max_values`: None, `max_size`: Some(250), added: 2725, mode: `MaxEncodedLen`)
	/// Storage: `Games::PendingMoves` (r:0 w:1)
	/// Proof: `Games::PendingMoves` (`max_values`: None, `max_size`: Some(4623), added: 7098, mode: `MaxEncodedLen`)
	/// Storage: `Games::LoadProposals` (r:0 w:1)
	/// Proof: `Games::LoadProposals` (`max_values`: None, `max_size`: Some(29), added: 2504, mode: `MaxEncodedLen`)
	/// The range of component `p` is `[2, 8]`.
	fn resolve_challenge(p: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `(not run)`
		//  Estimated: `8088`
		// Minimum execution time: (not run).
		Weight::from_parts(1_500_000_000, 8088)
			.saturating_add(Weight::from_parts(330_000_000, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(17_u64))
			.saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(p.into())))
	}
	/// Storage: `Games::Games` (r:1 w:1)
	/// Proof: `Games::Games` (`max_values`: None, `max_size`: Some(123), added: 2598, mode: `MaxEncodedLen`)
	/// Storage: `Games::Queued` (r:1 w:1)
	/// Proof: `Games::Queued` (`max_values`: None, `max_size`: Some(88), added: 2563, mode: `MaxEncodedLen`)
	/// Storage: `Games::Ratings` (r:1 w:0)
	/// Proof: `Games::Ratings` (`max_values`: None, `max_size`: Some(72), added: 2547, mode: `MaxEncodedLen`)
	/// Storage: `Games::Queues` (r:1 w:1)
	/// Proof: `Games::Queues` (`max_values`: None, `max_size`: Some(4171), added: 6646, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(193), added: 2668, mode: `MaxEncodedLen`)
	/// Storage: `Games::NextSessionId` (r:1 w:1)
	/// Proof: `Games::NextSessionId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Games::Sessions` (r:0 w:1)
	/// Proof: `Games::Sessions` (`max_values`: None, `max_size`: Some(458), added: 2933, mode: `MaxEncodedLen`)
	/// The range of component `q` is `[1, 64]`.
	fn queue(q: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `(not run)`
		//  Estimated: `7636`
		// Minimum execution time: (not run).
		Weight::from_parts(1_000_000_000, 7636)
			.saturating_add(Weight::from_parts(5_000_000, 0).saturating_mul(q.into()))
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(7_u64))
	}
	/// Storage: `Games::Queued` (r:1 w:1)
	/// Proof: `Games::Queued` (`max_values`: None, `max_size`: Some(88), added: 2563, mode: `MaxEncodedLen`)
	/// Storage: `Games::Queues` (r:1 w:1)
	/// Proof: `Games::Queues` (`max_values`: None, `max_size`: Some(4171), added: 6646, mode: `MaxEncodedLen`)
	/// Storage: `Games::Games` (r:1 w:1)
	/// Proof: `Games::Games` (`max_values`: None, `max_size`: Some(123), added: 2598, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(193), added: 2668, mode: `MaxEncodedLen`)
	/// The range of component `q` is `[1, 64]`.
	fn leave_queue(q: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `(not run)`
		//  Estimated: `7636`
		// Minimum execution time: (not run).
		Weight::from_parts(800_000_000, 7636)
			.saturating_add(Weight::from_parts(5_000_000, 0).saturating_mul(q.into()))
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `Games::Games` (r:1 w:1)
	/// Proof: `Games::Games` (`max_values`: None, `max_size`: Some(123), added: 2598, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(193), added: 2668, mode: `MaxEncodedLen`)
	/// Storage: `Games::NextTournamentId` (r:1 w:1)
	/// Proof: `Games::NextTournamentId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Games::Tournaments` (r:0 w:1)
	/// Proof: `Games::Tournaments` (`max_values`: None, `max_size`: Some(891), added: 3366, mode: `MaxEncodedLen`)
	fn create_tournament() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `(not run)`
		//  Estimated: `3658`
		// Minimum execution time: (not run).
		Weight::from_parts(720_000_000, 3658)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `Games::Tournaments` (r:1 w:1)
	/// Proof: `Games::Tournaments` (`max_values`: None, `max_size`: Some(891), added: 3366, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(193), added: 2668, mode: `MaxEncodedLen`)
	/// Storage: `Games::Ratings` (r:16 w:0)
	/// Proof: `Games::Ratings` (`max_values`: None, `max_size`: Some(72), added: 2547, mode: `MaxEncodedLen`)
	/// Storage: `Games::Games` (r:1 w:1)
	/// Proof: `Games::Games` (`max_values`: None, `max_size`: Some(123), added: 2598, mode: `MaxEncodedLen`)
	/// Storage: `Games::NextSessionId` (r:1 w:1)
	/// Proof: `Games::NextSessionId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Games::Sessions` (r:0 w:8)
	/// Proof: `Games::Sessions` (`max_values`: None, `max_size`: Some(458), added: 2933, mode: `MaxEncodedLen`)
	/// Storage: `Games::TournamentOfSession` (r:0 w:8)
	/// Proof: `Games::TournamentOfSession` (`max_values`: None, `max_size`: Some(36), added: 2511, mode: `MaxEncodedLen`)
	fn join_tournament() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `(not run)`
		//  Estimated: `42752`
		// Minimum execution time: (not run).
		Weight::from_parts(2_600_000_000, 42752)
			.saturating_add(T::DbWeight::get().reads(21_u64))
			.saturating_add(T::DbWeight::get().writes(21_u64))
	}
	/// Storage: `Games::Tournaments` (r:1 w:1)
	/// Proof: `Games::Tournaments` (`max_values`: None, `max_size`: Some(891), added: 3366, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(193), added: 2668, mode: `MaxEncodedLen`)
	fn leave_tournament() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `(not run)`
		//  Estimated: `4356`
		// Minimum execution time: (not run).
		Weight::from_parts(650_000_000, 4356)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `Games::Tournaments` (r:1 w:1)
	/// Proof: `Games::Tournaments` (`max_values`: None, `max_size`: Some(891), added: 3366, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:16 w:16)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:16 w:16)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(193), added: 2668, mode: `MaxEncodedLen`)
	/// Storage: `Games::Games` (r:1 w:1)
	/// Proof: `Games::Games` (`max_values`: None, `max_size`: Some(123), added: 2598, mode: `MaxEncodedLen`)
	fn cancel_tournament() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `(not run)`
		//  Estimated: `43678`
		// Minimum execution time: (not run).
		Weight::from_parts(5_700_000_000, 43678)
			.saturating_add(T::DbWeight::get().reads(34_u64))
			.saturating_add(T::DbWeight::get().writes(34_u64))
	}
	/// Storage: `Games::Games` (r:2 w:2)
	/// Proof: `Games::Games` (`max_values`: None, `max_size`: Some(123), added: 2598, mode: `MaxEncodedLen`)
	/// Storage: `Games::SessionSaves` (r:1 w:1)
	/// Proof: `Games::SessionSaves` (`max_values`: None, `max_size`: Some(141), added: 2616, mode: `MaxEncodedLen`)
	/// Storage: `Games::Ratings` (r:2 w:2)
	/// Proof: `Games::Ratings` (`max_values`: None, `max_size`: Some(72), added: 2547, mode: `MaxEncodedLen`)
	/// Storage: `Games::Queued` (r:2 w:0)
	/// Proof: `Games::Queued` (`max_values`: None, `max_size`: Some(88), added: 2563, mode: `MaxEncodedLen`)
	/// Storage: `Games::Queues` (r:2 w:2)
	/// Proof: `Games::Queues` (`max_values`: None, `max_size`: Some(4171), added: 6646, mode: `MaxEncodedLen`)
	/// Storage: `Games::TournamentOfSession` (r:1 w:5)
	/// Proof: `Games::TournamentOfSession` (`max_values`: None, `max_size`: Some(36), added: 2511, mode: `MaxEncodedLen`)
	/// Storage: `Games::Tournaments` (r:1 w:1)
	/// Proof: `Games::Tournaments` (`max_values`: None, `max_size`: Some(891), added: 3366, mode: `MaxEncodedLen`)
	/// Storage: `Games::NextSessionId` (r:1 w:1)
	/// Proof: `Games::NextSessionId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Games::Sessions` (r:0 w:5)
	/// Proof: `Games::Sessions` (`max_values`: None, `max_size`: Some(458), added: 2933, mode: `MaxEncodedLen`)
	/// Storage: `Games::PendingMoves` (r:0 w:1)
	/// Proof: `Games::PendingMoves` (`max_values`: None, `max_size`: Some(4623), added: 7098, mode: `MaxEncodedLen`)
	/// Storage: `Games::LoadProposals` (r:0 w:1)
	/// Proof: `Games::LoadProposals` (`max_values`: None, `max_size`: Some(29), added: 2504, mode: `MaxEncodedLen`)
	fn tournament_round() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `(not run)`
		//  Estimated: `14282`
		// Minimum execution time: (not run).
		Weight::from_parts(2_200_000_000, 14282)
			.saturating_add(T::DbWeight::get().reads(12_u64))
			.saturating_add(T::DbWeight::get().writes(21_u64))
	}
	/// Storage: `Games::Games` (r:2 w:2)
	/// Proof: `Games::Games` (`max_values`: None, `max_size`: Some(123), added: 2598, mode: `MaxEncodedLen`)
	/// Storage: `Games::SessionSaves` (r:1 w:1)
	/// Proof: `Games::SessionSaves` (`max_values`: None, `max_size`: Some(141), added: 2616, mode: `MaxEncodedLen`)
	/// Storage: `Games::Ratings` (r:2 w:2)
	/// Proof: `Games::Ratings` (`max_values`: None, `max_size`: Some(72), added: 2547, mode: `MaxEncodedLen`)
	/// Storage: `Games::Queued` (r:2 w:0)
	/// Proof: `Games::Queued` (`max_values`: None, `max_size`: Some(88), added: 2563, mode: `MaxEncodedLen`)
	/// Storage: `Games::Queues` (r:2 w:2)
	/// Proof: `Games::Queues` (`max_values`: None, `max_size`: Some(4171), added: 6646, mode: `MaxEncodedLen`)
	/// Storage: `Games::TournamentOfSession` (r:1 w:1)
	/// Proof: `Games::TournamentOfSession` (`max_values`: None, `max_size`: Some(36), added: 2511, mode: `MaxEncodedLen`)
	/// Storage: `Games::Tournaments` (r:1 w:1)
	/// Proof: `Games::Tournaments` (`max_values`: None, `max_size`: Some(891), added: 3366, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:17 w:17)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:17 w:17)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(193), added: 2668, mode: `MaxEncodedLen`)
	/// Storage: `Games::Sessions` (r:0 w:1)
	/// Proof: `Games::Sessions` (`max_values`: None, `max_size`: Some(458), added: 2933, mode: `MaxEncodedLen`)
	/// Storage: `Games::PendingMoves` (r:0 w:1)
	/// Proof: `Games::PendingMoves` (`max_values`: None, `max_size`: Some(4623), added: 7098, mode: `MaxEncodedLen`)
	/// Storage: `Games::LoadProposals` (r:0 w:1)
	/// Proof: `Games::LoadProposals` (`max_values`: None, `max_size`: Some(29), added: 2504, mode: `MaxEncodedLen`)
	fn tournament_final() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `(not run)`
		//  Estimated: `46004`
		// Minimum execution time: (not run).
		Weight::from_parts(7_000_000_000, 46004)
			.saturating_add(T::DbWeight::get().reads(45_u64))
			.saturating_add(T::DbWeight::get().writes(46_u64))
	}
}

/// For tests: the same figures with RocksDB's published read and write costs.
impl WeightInfo for () {
	fn register_game() -> Weight {
		Weight::from_parts(690_000_000, 3622)
			.saturating_add(RocksDbWeight::get().reads(7_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
	}
	fn unregister_game() -> Weight {
		Weight::from_parts(640_000_000, 3658)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn create_session() -> Weight {
		Weight::from_parts(720_000_000, 3923)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn join(p: u32, ) -> Weight {
		Weight::from_parts(560_000_000, 3923)
			.saturating_add(Weight::from_parts(4_000_000, 0).saturating_mul(p.into()))
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn leave(p: u32, ) -> Weight {
		Weight::from_parts(700_000_000, 3923)
			.saturating_add(Weight::from_parts(330_000_000, 0).saturating_mul(p.into()))
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
			.saturating_add(RocksDbWeight::get().writes((2_u64).saturating_mul(p.into())))
	}
	fn make_move_optimistic(m: u32, ) -> Weight {
		Weight::from_parts(610_000_000, 8088)
			.saturating_add(Weight::from_parts(9_000, 0).saturating_mul(m.into()))
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn make_move_proved(m: u32, p: u32, ) -> Weight {
		Weight::from_parts(1_350_000_000, 3923)
			.saturating_add(Weight::from_parts(9_000, 0).saturating_mul(m.into()))
			.saturating_add(Weight::from_parts(330_000_000, 0).saturating_mul(p.into()))
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(RocksDbWeight::get().writes(13_u64))
			.saturating_add(RocksDbWeight::get().writes((2_u64).saturating_mul(p.into())))
	}
	fn challenge(s: u32, m: u32, ) -> Weight {
		Weight::from_parts(2_600_000_000, 19805)
			.saturating_add(Weight::from_parts(12_000, 0).saturating_mul(s.into()))
			.saturating_add(Weight::from_parts(12_000, 0).saturating_mul(m.into()))
			.saturating_add(RocksDbWeight::get().reads(21_u64))
			.saturating_add(RocksDbWeight::get().writes(24_u64))
	}
	fn save_state() -> Weight {
		Weight::from_parts(520_000_000, 3923)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn load_state(p: u32, ) -> Weight {
		Weight::from_parts(1_100_000_000, 8088)
			.saturating_add(Weight::from_parts(6_000_000, 0).saturating_mul(p.into()))
			.saturating_add(RocksDbWeight::get().reads(13_u64))
			.saturating_add(RocksDbWeight::get().writes(12_u64))
	}
	fn resign(p: u32, ) -> Weight {
		Weight::from_parts(1_250_000_000, 3923)
			.saturating_add(Weight::from_parts(330_000_000, 0).saturating_mul(p.into()))
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(RocksDbWeight::get().writes(13_u64))
			.saturating_add(RocksDbWeight::get().writes((2_u64).saturating_mul(p.into())))
	}
	fn claim_timeout(p: u32, ) -> Weight {
		Weight::from_parts(1_250_000_000, 3923)
			.saturating_add(Weight::from_parts(330_000_000, 0).saturating_mul(p.into()))
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(RocksDbWeight::get().writes(13_u64))
			.saturating_add(RocksDbWeight::get().writes((2_u64).saturating_mul(p.into())))
	}
	fn finalize(p: u32, ) -> Weight {
		Weight::from_parts(1_300_000_000, 8088)
			.saturating_add(Weight::from_parts(330_000_000, 0).saturating_mul(p.into()))
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(RocksDbWeight::get().writes(13_u64))
			.saturating_add(RocksDbWeight::get().writes((2_u64).saturating_mul(p.into())))
	}
	fn resolve_challenge(p: u32, ) -> Weight {
		Weight::from_parts(1_500_000_000, 8088)
			.saturating_add(Weight::from_parts(330_000_000, 0).saturating_mul(p.into()))
			.saturating_add(RocksDbWeight::get().reads(7_u64))
			.saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(RocksDbWeight::get().writes(17_u64))
			.saturating_add(RocksDbWeight::get().writes((2_u64).saturating_mul(p.into())))
	}
	fn queue(q: u32, ) -> Weight {
		Weight::from_parts(1_000_000_000, 7636)
			.saturating_add(Weight::from_parts(5_000_000, 0).saturating_mul(q.into()))
			.saturating_add(RocksDbWeight::get().reads(7_u64))
			.saturating_add(RocksDbWeight::get().writes(7_u64))
	}
	fn leave_queue(q: u32, ) -> Weight {
		Weight::from_parts(800_000_000, 7636)
			.saturating_add(Weight::from_parts(5_000_000, 0).saturating_mul(q.into()))
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn create_tournament() -> Weight {
		Weight::from_parts(720_000_000, 3658)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn join_tournament() -> Weight {
		Weight::from_parts(2_600_000_000, 42752)
			.saturating_add(RocksDbWeight::get().reads(21_u64))
			.saturating_add(RocksDbWeight::get().writes(21_u64))
	}
	fn leave_tournament() -> Weight {
		Weight::from_parts(650_000_000, 4356)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn cancel_tournament() -> Weight {
		Weight::from_parts(5_700_000_000, 43678)
			.saturating_add(RocksDbWeight::get().reads(34_u64))
			.saturating_add(RocksDbWeight::get().writes(34_u64))
	}
	fn tournament_round() -> Weight {
		Weight::from_parts(2_200_000_000, 14282)
			.saturating_add(RocksDbWeight::get().reads(12_u64))
			.saturating_add(RocksDbWeight::get().writes(21_u64))
	}
	fn tournament_final() -> Weight {
		Weight::from_parts(7_000_000_000, 46004)
			.saturating_add(RocksDbWeight::get().reads(45_u64))
			.saturating_add(RocksDbWeight::get().writes(46_u64))
	}
}
