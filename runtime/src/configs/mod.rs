//! Configuration of every pallet in the runtime.

use crate::{
	opaque::SessionKeys, AccountId, Balance, Balances, Block, BlockNumber, Hash, Nonce, PalletInfo,
	Runtime, RuntimeCall, RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason, RuntimeOrigin,
	RuntimeTask, System, EXISTENTIAL_DEPOSIT, HOURS, MAXIMUM_BLOCK_WEIGHT, MILLI_UNIT, MINUTES,
	NORMAL_DISPATCH_RATIO, SLOT_DURATION, TARGET_BLOCK_TIME, UNIT, VERSION,
};
use polkadot_sdk::{
	frame_support::{
		derive_impl,
		dispatch::DispatchClass,
		parameter_types,
		traits::{ConstU128, ConstU32, ConstU64, ConstU8, Get, VariantCountOf},
		weights::{constants::RocksDbWeight, IdentityFee},
		PalletId,
	},
	frame_system::{
		self,
		limits::{BlockLength, BlockWeights},
	},
	pallet_session,
	pallet_transaction_payment::{ConstFeeMultiplier, FungibleAdapter, Multiplier},
	sp_runtime::{
		traits::{AccountIdConversion, ConvertInto, One, OpaqueKeys},
		Perbill,
	},
	sp_version::RuntimeVersion,
	*,
};

/// Blocks of at most 5 MiB.
const MAX_BLOCK_LENGTH: u32 = 5 * 1024 * 1024;

parameter_types! {
	pub const BlockHashCount: BlockNumber = 2400;
	pub const Version: RuntimeVersion = VERSION;

	/// Two seconds of compute per block, of which 75 % for normal extrinsics.
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::with_sensible_defaults(
		MAXIMUM_BLOCK_WEIGHT,
		NORMAL_DISPATCH_RATIO,
	);
	/// Blocks of at most 5 MiB, of which 75 % for normal extrinsics.
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(MAX_BLOCK_LENGTH)
		.modify_max_length_for_class(DispatchClass::Normal, |max| {
			*max = NORMAL_DISPATCH_RATIO * MAX_BLOCK_LENGTH
		})
		.build();
	pub const SS58Prefix: u16 = aether_primitives::SS58_PREFIX;
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = BlockHashCount;
	// ParityDB on the node; its costs are of the same order as RocksDB's published weights.
	type DbWeight = RocksDbWeight;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = ConstU32<16>;
}

impl pallet_timestamp::Config for Runtime {
	type Moment = u64;
	type OnTimestampSet = ();
	/// Blocks fall on slot boundaries; two blocks are at least one slot apart.
	type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = ();
}

parameter_types! {
	pub const PocMinDifficulty: Perbill = Perbill::from_parts(1_000_000); // 0.1 %
	pub const PocMaxDifficulty: Perbill = Perbill::from_percent(90);
	pub const PocEquivocationPenalty: Perbill = Perbill::from_percent(50);
}

impl pallet_poc::Config for Runtime {
	type WeightInfo = pallet_poc::weights::SubstrateWeight<Runtime>;
	type MaxAuthorities = ConstU32<100>;
	type SlotDuration = ConstU64<SLOT_DURATION>;
	type TargetBlockTime = ConstU64<TARGET_BLOCK_TIME>;
	type RetargetWindow = ConstU32<201>;
	type MaxRetargetStep = ConstU32<4>;
	type MinDifficulty = PocMinDifficulty;
	type MaxDifficulty = PocMaxDifficulty;
	type FallbackAfterSlots = ConstU64<9>;
	/// One hour of blocks per epoch.
	type EpochLength = ConstU32<{ 60 * MINUTES }>;
	/// Contribution halves every day.
	type HalfLife = ConstU32<{ 24 * 60 * MINUTES }>;
	type BlockAuthorshipPoints = ConstU128<100>;
	type EquivocationPenalty = PocEquivocationPenalty;
	/// Each new epoch mixes in the entropy beacon's latest output.
	type EpochEntropy = BeaconEntropy;
	/// Chalice pays validators pro rata to the contribution they earn in a period.
	type OnContribution = crate::Chalice;
}

/// The entropy beacon's latest output, for the PoC epoch randomness.
pub struct BeaconEntropy;
impl Get<Option<[u8; 32]>> for BeaconEntropy {
	fn get() -> Option<[u8; 32]> {
		crate::Entropy::latest_output()
	}
}

/// The VRF outputs pallet-poc has accumulated, mixed into every beacon round.
pub struct PocBlockRandomness;
impl Get<[u8; 32]> for PocBlockRandomness {
	fn get() -> [u8; 32] {
		pallet_poc::AccumulatedRandomness::<Runtime>::get()
	}
}

parameter_types! {
	/// Beacon transactions outrank ordinary ones: a missed reveal costs the authority strikes.
	pub const EntropyUnsignedPriority: u64 = u64::MAX / 2;
}

impl pallet_entropy::Config for Runtime {
	type WeightInfo = pallet_entropy::weights::SubstrateWeight<Runtime>;
	type MaxAuthorities = ConstU32<100>;
	/// One minute per round: 30 s for commitments, 30 s for reveals.
	type RoundLength = ConstU32<10>;
	/// Three bad rounds in a row isolate an authority ...
	type MaxStrikes = ConstU32<3>;
	/// ... and three clean rounds in a row restore it.
	type RecoveryRounds = ConstU32<3>;
	/// About an hour of beacon outputs stays on chain.
	type HistoryDepth = ConstU32<64>;
	type UnsignedPriority = EntropyUnsignedPriority;
	type BlockRandomness = PocBlockRandomness;
	type Contribution = crate::Poc;
	type RevealContribution = ConstU128<10>;
	/// The node's TSU, through the `tsu` host function the node registers for offchain workers.
	type Source = aether_primitives::entropy::TsuHostFunction;
}

parameter_types! {
	/// The Chalice pot's account is derived from this id.
	pub const ChalicePalletId: PalletId = PalletId(*b"aeth/chl");
	/// The network treasury: a keyless account, spent only by a future governance pallet.
	pub NetworkTreasury: AccountId = PalletId(*b"aeth/trs").into_account_truncating();
	/// Until Root changes them: 70/20/10, one AETH minted per block, periods of an hour.
	pub const ChaliceDefaults: pallet_chalice::ChaliceParameters<Balance, BlockNumber> =
		pallet_chalice::ChaliceParameters {
			split: pallet_chalice::Split::DEFAULT,
			issuance_per_block: UNIT,
			period_length: HOURS,
		};
	/// About the cost of storing a commitment (≈ 200 bytes) for good.
	pub const DataDeposit: Balance = 10 * MILLI_UNIT;
	/// A key envelope is 1182 bytes.
	pub const EnvelopeDeposit: Balance = 50 * MILLI_UNIT;
}

/// Validator points follow the PoC lottery's floor and cap.
pub struct PocWeightBounds;
impl Get<(u128, Perbill)> for PocWeightBounds {
	fn get() -> (u128, Perbill) {
		let bounds = pallet_poc::WeightBounds::<Runtime>::get();
		(bounds.floor, bounds.cap)
	}
}

impl pallet_chalice::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type WeightInfo = pallet_chalice::weights::SubstrateWeight<Runtime>;
	type PalletId = ChalicePalletId;
	type TreasuryAccount = NetworkTreasury;
	type ValidatorBounds = PocWeightBounds;
	type DefaultParameters = ChaliceDefaults;
	type DataDeposit = DataDeposit;
	type EnvelopeDeposit = EnvelopeDeposit;
	type MaxTermsPrograms = ConstU32<16>;
	type MaxEnvelopes = ConstU32<64>;
	type MaxCitations = ConstU32<16>;
}

impl pallet_balances::Config for Runtime {
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ();
	type ReserveIdentifier = [u8; 8];
	type Balance = Balance;
	type RuntimeEvent = RuntimeEvent;
	type DustRemoval = ();
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
	type WeightInfo = pallet_balances::weights::SubstrateWeight<Runtime>;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type DoneSlashHandler = ();
}

parameter_types! {
	pub FeeMultiplier: Multiplier = Multiplier::one();
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	/// Fees and tips go into the Chalice pot and are split 70/20/10.
	type OnChargeTransaction = FungibleAdapter<Balances, crate::Chalice>;
	type OperationalFeeMultiplier = ConstU8<5>;
	/// One pico-AETH per unit of ref-time: a plain transfer costs about 0.2 milli-AETH.
	type WeightToFee = IdentityFee<Balance>;
	type LengthToFee = IdentityFee<Balance>;
	type FeeMultiplierUpdate = ConstFeeMultiplier<FeeMultiplier>;
	type WeightInfo = pallet_transaction_payment::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// Sessions last ten minutes; a changed validator set takes effect one session later.
	pub const SessionPeriod: BlockNumber = 10 * MINUTES;
	pub const SessionOffset: BlockNumber = 0;
	/// Held from a validator's account while its session keys are registered.
	pub const SessionKeyDeposit: Balance = 10 * MILLI_UNIT;
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type NextSessionRotation = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	/// The validator set is the genesis set until staking or governance arrives.
	type SessionManager = ();
	type SessionHandler = <SessionKeys as OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	type DisablingStrategy = ();
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type KeyDeposit = SessionKeyDeposit;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<100>;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = pallet_sudo::weights::SubstrateWeight<Runtime>;
}

impl<C> frame_system::offchain::CreateTransactionBase<C> for Runtime
where
	RuntimeCall: From<C>,
{
	type Extrinsic = crate::UncheckedExtrinsic;
	type RuntimeCall = RuntimeCall;
}

impl<C> frame_system::offchain::CreateBare<C> for Runtime
where
	RuntimeCall: From<C>,
{
	fn create_bare(call: RuntimeCall) -> crate::UncheckedExtrinsic {
		crate::UncheckedExtrinsic::new_bare(call)
	}
}

parameter_types! {
	/// A verifying key costs its storage: a base plus 10 µAETH per byte.
	pub const VerifyingKeyDeposit: Balance = 100 * MILLI_UNIT;
	/// Per byte of a verifying key.
	pub const VerifyingKeyByteDeposit: Balance = MILLI_UNIT / 100;
	/// A program costs a base plus 10 µAETH per byte of its module.
	pub const ProgramDeposit: Balance = 100 * MILLI_UNIT;
	/// Per byte of a module.
	pub const ProgramByteDeposit: Balance = MILLI_UNIT / 100;
	/// An executor's bond: what a wrong or missing report puts at risk.
	pub const ExecutorBond: Balance = 10 * UNIT;
	/// A tenth of the remaining bond per wrong or missing report.
	pub const ExecutorSlash: Perbill = Perbill::from_percent(10);
}

impl pallet_zk_verifier::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type KeyDeposit = VerifyingKeyDeposit;
	type ByteDeposit = VerifyingKeyByteDeposit;
	// A compressed BN254 key is 264 + 32 bytes per input.
	type MaxKeyLen = ConstU32<{ pallet_zk_verifier::key_len(16) }>;
	type MaxPublicInputs = ConstU32<16>;
	type WeightInfo = pallet_zk_verifier::weights::SubstrateWeight<Runtime>;
}

impl pallet_commands::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	// Settled fees and slashed bonds feed the Chalice pot and its 70/20/10 split.
	type FeeDestination = crate::Chalice;
	type Verifier = crate::ZkVerifier;
	type Contribution = crate::Poc;
	type Randomness = crate::Entropy;
	// A settled rules command decides the game challenge that submitted it.
	type OnSettled = crate::Games;
	type WeightInfo = pallet_commands::weights::SubstrateWeight<Runtime>;
	type MaxProgramSize = ConstU32<{ 512 * 1024 }>;
	type MaxMemoryPages = ConstU32<256>;
	type MaxIoLen = ConstU32<4096>;
	type MaxSealedLen = ConstU32<{ 4096 + pallet_commands::SEAL_OVERHEAD }>;
	type MaxProofLen = ConstU32<256>;
	type MaxRedundancy = ConstU32<5>;
	type MaxExecutors = ConstU32<64>;
	type MaxDeadlinesPerBlock = ConstU32<64>;
	type MaxFuel = ConstU64<10_000_000_000>;
	// Two minutes: a command normally settles in the block after the one it is in.
	type CommandTimeout = ConstU32<20>;
	type ProgramDeposit = ProgramDeposit;
	type ProgramByteDeposit = ProgramByteDeposit;
	type ExecutorBond = ExecutorBond;
	type SlashFraction = ExecutorSlash;
}

parameter_types! {
	/// Smallest stake of a game session.
	pub const GameMinStake: Balance = 100 * MILLI_UNIT;
	/// What a challenger of an optimistic move puts at risk.
	pub const GameChallengeBond: Balance = UNIT;
	/// The fee of a challenge's rules command, paid by the challenger to its executors.
	pub const GameChallengeFee: Balance = 10 * MILLI_UNIT;
	/// Held from a game's owner while the game is registered.
	pub const GameDeposit: Balance = UNIT;
	/// Held from a session's creator until the session ends.
	pub const GameSessionDeposit: Balance = 100 * MILLI_UNIT;
	/// The runner-up of a tournament takes 30 % of the entry fees, the winner the rest.
	pub const GameRunnerUpShare: Perbill = Perbill::from_percent(30);
	/// Held from a tournament's creator until it ends; covers its sessions' storage.
	pub const GameTournamentDeposit: Balance = UNIT;
}

/// Registers pallet-zk-verifier's benchmark key with eight public inputs as a game's move key.
#[cfg(feature = "runtime-benchmarks")]
pub struct GamesBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_games::BenchmarkHelper<AccountId> for GamesBenchmarkHelper {
	fn move_key(owner: &AccountId) -> aether_primitives::zk::VkId {
		use polkadot_sdk::frame_support::traits::fungible::Mutate;
		let id = pallet_zk_verifier::NextKeyId::<Runtime>::get();
		// Without a fixture the key stays unregistered and the benchmark fails on it, loudly.
		if let Some(fixture) =
			pallet_zk_verifier::fixtures::fixture(pallet_games::MOVE_PROOF_INPUTS)
		{
			let _ = Balances::mint_into(owner, 1_000 * UNIT);
			let _ = crate::ZkVerifier::register_key(
				RuntimeOrigin::signed(owner.clone()),
				fixture.vk,
			);
		}
		id
	}
}

impl pallet_games::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Verifier = crate::ZkVerifier;
	type Rules = crate::Commands;
	type WeightInfo = pallet_games::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = GamesBenchmarkHelper;
	type MaxPlayers = ConstU32<8>;
	// A challenge's rules input is seat (1) + length (4) + pre-state + move: 5 + 3,000 + 1,024
	// fits the 4,096 bytes of a command's input.
	type MaxMoveLen = ConstU32<1024>;
	type MaxStateLen = ConstU32<3000>;
	// A compressed BN254 Groth16 proof is 128 bytes.
	type MaxProofLen = ConstU32<256>;
	type MaxPendingMoves = ConstU32<16>;
	type MaxSaves = ConstU32<8>;
	// One minute to challenge an optimistic move; five to move before an opponent can claim the
	// session. A challenge's command has `CommandTimeout` (20 blocks) to settle.
	type ChallengeWindow = ConstU32<{ MINUTES }>;
	type MoveTimeout = ConstU32<{ 5 * MINUTES }>;
	type MinStake = GameMinStake;
	type ChallengeBond = GameChallengeBond;
	type ChallengeFee = GameChallengeFee;
	// The dev chain has one executor; a quorum of one decides a challenge there.
	type ChallengeRedundancy = ConstU32<1>;
	type GameDeposit = GameDeposit;
	type SessionDeposit = GameSessionDeposit;
	// Elo from 1,500 with K = 32; the queue pairs players within 200 points.
	type InitialRating = ConstU32<1_500>;
	type RatingK = ConstU32<32>;
	type RatingWindow = ConstU32<200>;
	type MaxQueueLen = ConstU32<64>;
	type MaxTournamentSize = ConstU32<16>;
	type RunnerUpShare = GameRunnerUpShare;
	type TournamentDeposit = GameTournamentDeposit;
}
