//! A second test runtime where challenges run through the real command pallet: games' rules
//! runner is `pallet_commands`, and `pallet_commands` tells the games pallet when a command
//! closes. It checks the integration end to end: the program pin, the command's input, the fee,
//! the executors' reports and the settlement hook.

use crate::{self as pallet_games, *};
use frame_support::{
	derive_impl, parameter_types,
	traits::{tokens::imbalance::ResolveTo, ConstU128, ConstU32, ConstU64, Randomness},
};
use pallet_commands::{SealKey, SEAL_KEY_LEN};
use polkadot_sdk::{
	pallet_balances,
	sp_io::TestExternalities,
	sp_runtime::{BuildStorage, Perbill},
};

/// The block type of the integration runtime.
pub type Block = frame_system::mocking::MockBlock<Integration>;
/// Accounts are plain numbers.
pub type AccountId = u64;
/// Balances are `u128`.
pub type Balance = u128;

frame_support::construct_runtime!(
	pub enum Integration {
		System: frame_system,
		Balances: pallet_balances,
		Commands: pallet_commands,
		Games: pallet_games,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Integration {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Integration {
	type Balance = Balance;
	type AccountStore = System;
	type ExistentialDeposit = ConstU128<1>;
	type RuntimeHoldReason = RuntimeHoldReason;
}

/// Where command fees go.
pub const POT: AccountId = 999;
/// Players.
pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
/// The owner of the program and the game.
pub const OWNER: AccountId = 10;
/// Executors are 20, 21, 22.
pub const EXECUTOR: AccountId = 20;
/// Funds of every account.
pub const FUNDS: Balance = 1_000_000;
/// A session's stake.
pub const STAKE: Balance = 1_000;
/// A challenger's bond.
pub const BOND: Balance = 500;
/// A challenge's command fee.
pub const FEE: Balance = 50;
/// Blocks from a command's submission to its deadline.
pub const COMMAND_TIMEOUT: u64 = 3;

parameter_types! {
	pub const Pot: AccountId = POT;
	pub const Slash: Perbill = Perbill::from_percent(10);
	pub const RunnerUp: Perbill = Perbill::from_percent(30);
}

/// Fixed randomness: the draw of executors does not matter here.
pub struct FixedRandomness;
impl Randomness<polkadot_sdk::sp_core::H256, u64> for FixedRandomness {
	fn random(subject: &[u8]) -> (polkadot_sdk::sp_core::H256, u64) {
		(polkadot_sdk::sp_io::hashing::blake2_256(subject).into(), System::block_number())
	}
}

impl pallet_commands::Config for Integration {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type FeeDestination = ResolveTo<Pot, Balances>;
	type Verifier = ();
	type Contribution = ();
	type Randomness = FixedRandomness;
	type OnSettled = Games;
	type WeightInfo = ();
	type MaxProgramSize = ConstU32<65_536>;
	type MaxMemoryPages = ConstU32<16>;
	type MaxIoLen = ConstU32<1024>;
	type MaxSealedLen = ConstU32<{ 1024 + pallet_commands::SEAL_OVERHEAD }>;
	type MaxProofLen = ConstU32<256>;
	type MaxRedundancy = ConstU32<3>;
	type MaxExecutors = ConstU32<8>;
	type MaxDeadlinesPerBlock = ConstU32<8>;
	type MaxFuel = ConstU64<1_000_000>;
	type CommandTimeout = ConstU64<COMMAND_TIMEOUT>;
	type ProgramDeposit = ConstU128<100>;
	type ProgramByteDeposit = ConstU128<1>;
	type ExecutorBond = ConstU128<1_000>;
	type SlashFraction = Slash;
}

/// The benchmarks' move key is the mock verifier's.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockKey;
#[cfg(feature = "runtime-benchmarks")]
impl BenchmarkHelper<AccountId> for MockKey {
	fn move_key(_: &AccountId) -> VkId {
		crate::mock::VK_MOVES
	}
}

impl Config for Integration {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	// The mock verifier, for the benchmarks' proved games.
	type Verifier = crate::mock::MockVerifier;
	type Rules = Commands;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockKey;
	type MaxPlayers = ConstU32<4>;
	type MaxMoveLen = ConstU32<64>;
	type MaxStateLen = ConstU32<256>;
	type MaxProofLen = ConstU32<256>;
	type MaxPendingMoves = ConstU32<8>;
	type MaxSaves = ConstU32<4>;
	type ChallengeWindow = ConstU64<5>;
	type MoveTimeout = ConstU64<10>;
	type MinStake = ConstU128<100>;
	type ChallengeBond = ConstU128<BOND>;
	type ChallengeFee = ConstU128<FEE>;
	type ChallengeRedundancy = ConstU32<3>;
	type GameDeposit = ConstU128<200>;
	type SessionDeposit = ConstU128<30>;
	type InitialRating = ConstU32<1_500>;
	type RatingK = ConstU32<32>;
	type RatingWindow = ConstU32<100>;
	type MaxQueueLen = ConstU32<3>;
	type MaxTournamentSize = ConstU32<8>;
	type RunnerUpShare = RunnerUp;
	type TournamentDeposit = ConstU128<150>;
}

/// Funded accounts, three executors, the rules program (the minimal valid module) registered by
/// `OWNER` as program 0, block 1.
pub fn new_integration_ext() -> TestExternalities {
	let mut balances = vec![(ALICE, FUNDS), (BOB, FUNDS), (OWNER, FUNDS), (POT, 1)];
	for i in 0..3 {
		balances.push((EXECUTOR + i, FUNDS));
	}
	let storage = RuntimeGenesisConfig {
		balances: pallet_balances::GenesisConfig { balances, ..Default::default() },
		..Default::default()
	}
	.build_storage()
	.expect("the integration genesis builds");
	let mut ext = TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		let mut key = vec![7u8; SEAL_KEY_LEN as usize];
		key[SEAL_KEY_LEN as usize - 33] = 0x02;
		for i in 0..3 {
			frame_support::assert_ok!(Commands::register_executor(
				RuntimeOrigin::signed(EXECUTOR + i),
				SealKey::truncate_from(key.clone())
			));
		}
		frame_support::assert_ok!(Commands::register_program(
			RuntimeOrigin::signed(OWNER),
			pallet_commands::CodeOf::<Integration>::truncate_from(rules::MINIMAL_PROGRAM.to_vec()),
			pallet_commands::ProgramLimits { max_memory_pages: 1, max_output: 33 },
			None,
		));
	});
	ext
}

/// Moves to the next block: the command pallet's deadlines run, the invariants hold.
pub fn next_block() {
	use frame_support::traits::Hooks;
	let n = System::block_number() + 1;
	System::set_block_number(n);
	Commands::on_initialize(n);
	Games::on_initialize(n);
	Games::do_try_state().expect("games invariants hold");
}
