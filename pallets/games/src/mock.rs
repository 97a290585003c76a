//! A test runtime with `frame_system`, `pallet_balances` and the games pallet; a verifier whose
//! "proofs" are a hash of the public inputs (so the binding of a move's inputs is tested without a
//! prover); a rules runner that records the commands it is asked to run (tests settle them by
//! calling the settlement hook, as the command pallet would); helpers to build moves and run
//! blocks with the invariants checked after each.

use crate::{self as pallet_games, *};
use core::cell::RefCell;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU128, ConstU32, ConstU64, Hooks},
};
use polkadot_sdk::{
	pallet_balances,
	sp_io::TestExternalities,
	sp_runtime::{BuildStorage, DispatchError, DispatchResult, Perbill, Weight},
};
use std::collections::{BTreeMap, BTreeSet};

/// The block type of the test runtime.
pub type Block = frame_system::mocking::MockBlock<Test>;
/// Accounts are plain numbers.
pub type AccountId = u64;
/// Balances are `u128`, as in the runtime.
pub type Balance = u128;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Games: pallet_games,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type AccountStore = System;
	type ExistentialDeposit = ConstU128<1>;
	type RuntimeHoldReason = RuntimeHoldReason;
}

/// Players.
pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CAROL: AccountId = 3;
pub const DAVE: AccountId = 4;
pub const EVE: AccountId = 5;
pub const FERDIE: AccountId = 6;
pub const GRACE: AccountId = 7;
pub const HEIDI: AccountId = 8;
/// The eight funded players, in account order.
pub const PLAYERS: [AccountId; 8] = [ALICE, BOB, CAROL, DAVE, EVE, FERDIE, GRACE, HEIDI];
/// The owner of the test games.
pub const OWNER: AccountId = 10;
/// An account with almost nothing.
pub const POOR: AccountId = 50;
/// Balance of every funded test account.
pub const FUNDS: Balance = 1_000_000;
/// The stake of most test sessions.
pub const STAKE: Balance = 1_000;
/// The smallest stake.
pub const MIN_STAKE: Balance = 100;
/// A challenger's bond.
pub const BOND: Balance = 500;
/// A challenge's command fee.
pub const CHALLENGE_FEE: Balance = 50;
/// Held for a game.
pub const GAME_DEPOSIT: Balance = 200;
/// Held for a session.
pub const SESSION_DEPOSIT: Balance = 30;
/// Blocks a move can be challenged for.
pub const WINDOW: u64 = 5;
/// Blocks the player to move has.
pub const TIMEOUT: u64 = 10;
/// Most players per session.
pub const MAX_PLAYERS: u32 = 4;
/// Most pending optimistic moves.
pub const MAX_PENDING: u32 = 6;
/// Most saves per session.
pub const MAX_SAVES: u32 = 3;
/// The executors a challenge asks for.
pub const REDUNDANCY: u32 = 3;
/// The rules program the mock runner knows.
pub const RULES: ProgramId = 3;
/// A second program it knows.
pub const OTHER_RULES: ProgramId = 4;
/// A key with the eight inputs of a move proof.
pub const VK_MOVES: VkId = 5;
/// A key with four inputs (a command key).
pub const VK_FOUR: VkId = 6;
/// The first command id the mock runner hands out.
pub const FIRST_COMMAND: CommandId = 100;
/// The rating before any rated session.
pub const INITIAL_RATING: u32 = 1_500;
/// The Elo factor.
pub const RATING_K: u32 = 32;
/// The matchmaking window.
pub const RATING_WINDOW: u32 = 100;
/// Most accounts per queue.
pub const MAX_QUEUE: u32 = 3;
/// Largest tournament.
pub const MAX_TOURNAMENT: u32 = 8;
/// Held for a tournament (at least `SESSION_DEPOSIT × MAX_TOURNAMENT / 2`).
pub const TOURNAMENT_DEPOSIT: Balance = 150;

parameter_types! {
	/// The runner-up's share of a prize pool.
	pub const RunnerUpShare: Perbill = Perbill::from_percent(30);
}

thread_local! {
	/// References to each mock key.
	pub static KEY_PINS: RefCell<BTreeMap<VkId, u32>> = const { RefCell::new(BTreeMap::new()) };
	/// References to each mock program.
	pub static PROGRAM_PINS: RefCell<BTreeMap<ProgramId, u32>> = const { RefCell::new(BTreeMap::new()) };
	/// Programs that exist.
	pub static PROGRAMS: RefCell<BTreeSet<ProgramId>> = const { RefCell::new(BTreeSet::new()) };
	/// The commands the runner was asked to run.
	pub static RUNS: RefCell<Vec<Run>> = const { RefCell::new(Vec::new()) };
}

/// One command the mock runner was asked to run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
	/// Its id.
	pub command: CommandId,
	/// Who pays.
	pub payer: AccountId,
	/// The program.
	pub program: ProgramId,
	/// The input.
	pub input: Vec<u8>,
	/// Its fuel limit.
	pub fuel_limit: u64,
	/// Its fee.
	pub fee: Balance,
	/// Its executors.
	pub redundancy: u32,
}

/// The mock proof of `inputs`: their blake2 hash.
pub fn mock_proof(inputs: &[[u8; 32]]) -> Vec<u8> {
	polkadot_sdk::sp_io::hashing::blake2_256(&inputs.concat()).to_vec()
}

/// A verifier whose proof of `inputs` is `blake2(inputs)`.
pub struct MockVerifier;
impl VerifyProof for MockVerifier {
	fn verify(vk: VkId, proof: &[u8], inputs: &[[u8; 32]]) -> Result<(), VerifyError> {
		let count = Self::input_count(vk).ok_or(VerifyError::UnknownKey)?;
		if proof.len() != 32 {
			return Err(VerifyError::MalformedProof);
		}
		if inputs.len() as u32 != count {
			return Err(VerifyError::WrongInputCount);
		}
		if proof == mock_proof(inputs).as_slice() {
			Ok(())
		} else {
			Err(VerifyError::InvalidProof)
		}
	}
	fn input_count(vk: VkId) -> Option<u32> {
		match vk {
			VK_MOVES => Some(8),
			VK_FOUR => Some(4),
			_ => None,
		}
	}
	fn verify_weight(inputs: u32) -> Weight {
		Weight::from_parts(1_000_000 * u64::from(inputs), 0)
	}
	fn pin(vk: VkId, pinned: bool) -> Result<(), DispatchError> {
		Self::input_count(vk).ok_or(DispatchError::Other("unknown key"))?;
		KEY_PINS.with(|p| {
			let mut p = p.borrow_mut();
			let n = p.entry(vk).or_default();
			*n = if pinned { *n + 1 } else { n.saturating_sub(1) };
		});
		Ok(())
	}
}

/// A rules runner that records what it is asked to run.
pub struct MockRules;
impl RulesRunner<AccountId, Balance> for MockRules {
	fn program_exists(program: ProgramId) -> bool {
		PROGRAMS.with(|p| p.borrow().contains(&program))
	}
	fn pin(program: ProgramId, pinned: bool) -> DispatchResult {
		if !Self::program_exists(program) {
			return Err(DispatchError::Other("unknown program"));
		}
		PROGRAM_PINS.with(|p| {
			let mut p = p.borrow_mut();
			let n = p.entry(program).or_default();
			*n = if pinned { *n + 1 } else { n.saturating_sub(1) };
		});
		Ok(())
	}
	fn max_input_len() -> u32 {
		1024
	}
	fn run(
		payer: &AccountId,
		program: ProgramId,
		input: Vec<u8>,
		fuel_limit: u64,
		fee: Balance,
		redundancy: u32,
	) -> Result<CommandId, DispatchError> {
		if !Self::program_exists(program) {
			return Err(DispatchError::Other("unknown program"));
		}
		Ok(RUNS.with(|runs| {
			let mut runs = runs.borrow_mut();
			let command = FIRST_COMMAND + runs.len() as u64;
			runs.push(Run { command, payer: *payer, program, input, fuel_limit, fee, redundancy });
			command
		}))
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_program(_: &AccountId, _: u32) -> ProgramId {
		RULES
	}
}

/// The benchmarks' move key is the mock's.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockHelper;
#[cfg(feature = "runtime-benchmarks")]
impl BenchmarkHelper<AccountId> for MockHelper {
	fn move_key(_: &AccountId) -> VkId {
		VK_MOVES
	}
}

impl Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Verifier = MockVerifier;
	type Rules = MockRules;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockHelper;
	type MaxPlayers = ConstU32<MAX_PLAYERS>;
	type MaxMoveLen = ConstU32<64>;
	type MaxStateLen = ConstU32<256>;
	type MaxProofLen = ConstU32<256>;
	type MaxPendingMoves = ConstU32<MAX_PENDING>;
	type MaxSaves = ConstU32<MAX_SAVES>;
	type ChallengeWindow = ConstU64<WINDOW>;
	type MoveTimeout = ConstU64<TIMEOUT>;
	type MinStake = ConstU128<MIN_STAKE>;
	type ChallengeBond = ConstU128<BOND>;
	type ChallengeFee = ConstU128<CHALLENGE_FEE>;
	type ChallengeRedundancy = ConstU32<REDUNDANCY>;
	type GameDeposit = ConstU128<GAME_DEPOSIT>;
	type SessionDeposit = ConstU128<SESSION_DEPOSIT>;
	type InitialRating = ConstU32<INITIAL_RATING>;
	type RatingK = ConstU32<RATING_K>;
	type RatingWindow = ConstU32<RATING_WINDOW>;
	type MaxQueueLen = ConstU32<MAX_QUEUE>;
	type MaxTournamentSize = ConstU32<MAX_TOURNAMENT>;
	type RunnerUpShare = RunnerUpShare;
	type TournamentDeposit = ConstU128<TOURNAMENT_DEPOSIT>;
}

/// A test externality with funded accounts (the players and the owner, not `POOR`), the rules
/// programs registered with the mock runner, and block 1.
pub fn new_test_ext() -> TestExternalities {
	let mut balances: Vec<(AccountId, Balance)> = PLAYERS.iter().map(|p| (*p, FUNDS)).collect();
	balances.extend([(OWNER, FUNDS), (POOR, 10)]);
	let storage = RuntimeGenesisConfig {
		balances: pallet_balances::GenesisConfig { balances, ..Default::default() },
		..Default::default()
	}
	.build_storage()
	.expect("the mock genesis builds");
	let mut ext = TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		KEY_PINS.with(|p| p.borrow_mut().clear());
		PROGRAM_PINS.with(|p| p.borrow_mut().clear());
		PROGRAMS.with(|p| *p.borrow_mut() = [RULES, OTHER_RULES].into_iter().collect());
		RUNS.with(|r| r.borrow_mut().clear());
	});
	ext
}

/// Runs `test` in a fresh externality and checks the invariants after it.
pub fn test(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Games::do_try_state().expect("invariants hold at the end");
	});
}

/// Moves to the next block, checking the invariants.
pub fn next_block() {
	let n = System::block_number() + 1;
	System::set_block_number(n);
	Games::on_initialize(n);
	Games::do_try_state().expect("invariants hold");
}

/// Moves to block `n`, block by block.
pub fn run_to(n: u64) {
	while System::block_number() < n {
		next_block();
	}
}

/// Events of the games pallet so far.
pub fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Games(e) => Some(e),
			_ => None,
		})
		.collect()
}

/// The last command the mock runner was asked to run.
pub fn last_run() -> Run {
	RUNS.with(|r| r.borrow().last().cloned()).expect("a command was run")
}
