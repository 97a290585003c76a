//! # Aether runtime common
//!
//! What the solo runtime (`aether-runtime`) and the parachain runtime
//! (`aether-parachain-runtime`) share, so that a compute shard is configured exactly like the
//! solo chain: the time constants, and the configuration of every Aether pallet: PoC
//! contribution, the entropy beacon, Chalice, the Groth16 verifier, commands and games.
//!
//! The pallet configuration is the macro [`impl_aether_pallets!`]: a runtime invokes it once in
//! its `configs` module, naming where its offchain workers draw entropy. Everything else the
//! macro refers to by the names every Aether runtime defines at its crate root (`Runtime`,
//! `Balances`, `Poc`, `Entropy`, `Chalice`, `ZkVerifier`, `Commands`, `Games`,
//! `RuntimeHoldReason`, `RuntimeOrigin`).

#![cfg_attr(not(feature = "std"), no_std)]

pub use aether_primitives::{AccountId, Balance, BlockNumber, UNIT};

/// Re-exports the macro's expansion uses, so a runtime needs no direct dependency for them.
#[doc(hidden)]
pub mod reexports {
	pub use aether_primitives;
	pub use pallet_chalice;
	pub use pallet_commands;
	pub use pallet_entropy;
	pub use pallet_games;
	pub use pallet_poc;
	pub use pallet_zk_verifier;
	pub use polkadot_sdk::{frame_support, sp_io, sp_runtime};
}

/// One milli-AETH.
pub const MILLI_UNIT: Balance = UNIT / 1_000;

/// The block time both chains aim at: the PoC difficulty retarget's target on the solo chain,
/// the Aura slot of the parachain.
pub const TARGET_BLOCK_TIME: u64 = 6_000;

/// Length of a PoC lottery slot on the solo chain: the lottery runs once per second.
pub const POC_SLOT_DURATION: u64 = 1_000;

/// Blocks per minute at the target block time.
pub const MINUTES: BlockNumber = 60_000 / (TARGET_BLOCK_TIME as BlockNumber);
/// Blocks per hour.
pub const HOURS: BlockNumber = MINUTES * 60;
/// Blocks per day.
pub const DAYS: BlockNumber = HOURS * 24;

/// Every authority (solo chain) or collator candidate (parachain) weighs at least this much
/// (universal basic compute): ten authored blocks' worth of contribution. The genesis presets
/// set it; Root may change it (`poc.setWeightBounds`).
pub const WEIGHT_FLOOR: u128 = 1_000;

/// No one holds more than this share of the total weight (anti-monopoly).
pub const WEIGHT_CAP: polkadot_sdk::sp_runtime::Perbill =
	polkadot_sdk::sp_runtime::Perbill::from_percent(50);

/// Implements the configuration of every Aether pallet for `Runtime`, and defines the parameter
/// types and adapters it uses (`BeaconEntropy`, `PocBlockRandomness`, `PocWeightBounds`,
/// `NetworkTreasury`, ...) in the invoking module.
///
/// `entropy_source` is where the entropy beacon's offchain workers draw their values:
/// `TsuHostFunction` where nodes register the TSU host function (the solo chain),
/// `OffchainRandomSeed` where they know only the standard ones (a parachain under
/// `polkadot-omni-node`).
#[macro_export]
macro_rules! impl_aether_pallets {
	(entropy_source: $source:ty $(,)?) => {
		pub use aether_pallets::*;

		/// The Aether pallets' configuration, from `aether-runtime-common`.
		mod aether_pallets {
			use crate::{
				Balances, Chalice, Commands, Entropy, Games, Poc, Runtime, RuntimeHoldReason,
				RuntimeOrigin, ZkVerifier,
			};
			use $crate::{
				reexports::{
					frame_support::{
						parameter_types,
						traits::{ConstU128, ConstU32, ConstU64, Get},
						PalletId,
					},
					pallet_chalice, pallet_commands, pallet_entropy, pallet_games, pallet_poc,
					pallet_zk_verifier,
					sp_runtime::{traits::AccountIdConversion, Perbill},
				},
				AccountId, Balance, BlockNumber, HOURS, MILLI_UNIT, MINUTES, UNIT,
			};

			parameter_types! {
				pub const PocMinDifficulty: Perbill = Perbill::from_parts(1_000_000); // 0.1 %
				pub const PocMaxDifficulty: Perbill = Perbill::from_percent(90);
				pub const PocEquivocationPenalty: Perbill = Perbill::from_percent(50);
			}

			impl pallet_poc::Config for Runtime {
				type WeightInfo = pallet_poc::weights::SubstrateWeight<Runtime>;
				type MaxAuthorities = ConstU32<100>;
				type SlotDuration = ConstU64<{ $crate::POC_SLOT_DURATION }>;
				type TargetBlockTime = ConstU64<{ $crate::TARGET_BLOCK_TIME }>;
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
				type OnContribution = Chalice;
			}

			/// The entropy beacon's latest output, for the PoC epoch randomness.
			pub struct BeaconEntropy;
			impl Get<Option<[u8; 32]>> for BeaconEntropy {
				fn get() -> Option<[u8; 32]> {
					Entropy::latest_output()
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
				/// Beacon transactions outrank ordinary ones: a missed reveal costs the authority
				/// strikes.
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
				type Contribution = Poc;
				type RevealContribution = ConstU128<10>;
				type Source = $source;
			}

			parameter_types! {
				/// The Chalice pot's account is derived from this id.
				pub const ChalicePalletId: PalletId = PalletId(*b"aeth/chl");
				/// The network treasury: a keyless account, spent only by a future governance
				/// pallet.
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
				type FeeDestination = Chalice;
				type Verifier = ZkVerifier;
				type Contribution = Poc;
				type Randomness = Entropy;
				// A settled rules command decides the game challenge that submitted it.
				type OnSettled = Games;
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

			/// Registers pallet-zk-verifier's benchmark key with eight public inputs as a game's
			/// move key.
			#[cfg(feature = "runtime-benchmarks")]
			pub struct GamesBenchmarkHelper;

			#[cfg(feature = "runtime-benchmarks")]
			impl pallet_games::BenchmarkHelper<AccountId> for GamesBenchmarkHelper {
				fn move_key(owner: &AccountId) -> $crate::reexports::aether_primitives::zk::VkId {
					use $crate::reexports::frame_support::traits::fungible::Mutate;
					let id = pallet_zk_verifier::NextKeyId::<Runtime>::get();
					// Without a fixture the key stays unregistered and the benchmark fails on it,
					// loudly.
					if let Some(fixture) =
						pallet_zk_verifier::fixtures::fixture(pallet_games::MOVE_PROOF_INPUTS)
					{
						let _ = Balances::mint_into(owner, 1_000 * UNIT);
						let _ = ZkVerifier::register_key(
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
				type Verifier = ZkVerifier;
				type Rules = Commands;
				type WeightInfo = pallet_games::weights::SubstrateWeight<Runtime>;
				#[cfg(feature = "runtime-benchmarks")]
				type BenchmarkHelper = GamesBenchmarkHelper;
				type MaxPlayers = ConstU32<8>;
				// A challenge's rules input is seat (1) + length (4) + pre-state + move:
				// 5 + 3,000 + 1,024 fits the 4,096 bytes of a command's input.
				type MaxMoveLen = ConstU32<1024>;
				type MaxStateLen = ConstU32<3000>;
				// A compressed BN254 Groth16 proof is 128 bytes.
				type MaxProofLen = ConstU32<256>;
				type MaxPendingMoves = ConstU32<16>;
				type MaxSaves = ConstU32<8>;
				// One minute to challenge an optimistic move; five to move before an opponent can
				// claim the session. A challenge's command has `CommandTimeout` (20 blocks) to
				// settle.
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
		}
	};
}
