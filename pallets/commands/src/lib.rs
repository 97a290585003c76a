//! # Commands pallet
//!
//! A user's command is a transaction: it names a registered WASM program and an input. Executors
//! (the Emulator Veil, `node/veil`) run it off chain in a deterministic wasmtime sandbox and report
//! the result; this pallet settles it, checked by a Groth16 proof or by a quorum of executors.
//!
//! ## Programs
//!
//! [`Pallet::register_program`] stores a module (at most [`Config::MaxProgramSize`] bytes) with its
//! [`ProgramLimits`] and, optionally, a Groth16 verifying key registered with the verifier
//! ([`Config::Verifier`]). The module is checked on chain, at registration, by
//! [`aether_primitives::commands::validate_module`]: it must validate with the deterministic,
//! single-threaded WebAssembly features only, import nothing but the host ABI and export `memory`
//! and `run`. A bad module is refused here, never at run time. A deposit proportional to the size
//! is held until [`Pallet::unregister_program`].
//!
//! ## Executors
//!
//! [`Pallet::register_executor`] holds a bond ([`Config::ExecutorBond`]) and stores the executor's
//! sealing public keys (ML-KEM-768 ‖ compressed secp256k1, see `aether-seal`); its account key
//! signs its reports. Executors are chosen for each command from the active set with on-chain
//! randomness ([`Config::Randomness`], the entropy beacon).
//!
//! ## Life of a command
//!
//! 1. [`Pallet::submit_command`] holds the fee, stores the input (or, for a sealed input, only the
//!    SHA-256 commitment to it), assigns `redundancy` executors and sets a deadline
//!    ([`Config::CommandTimeout`] blocks).
//! 2. A sealed command waits for [`Pallet::provide_sealed_input`]: one envelope per assigned
//!    executor, in assignment order, sealed by the submitter to that executor's keys. The chain
//!    never sees the plaintext.
//! 3. Each assigned executor calls [`Pallet::report`] once with the exit status, the output (or
//!    the output sealed back to the submitter), the SHA-256 of the plaintext output, the fuel used
//!    and, for a proved program, a proof.
//! 4. Settlement:
//!    - a program with a verifying key settles on the first successful report whose proof
//!      verifies with public inputs `hash_to_scalars(input_commitment) ‖
//!      hash_to_scalars(output_hash)`; a proof for another command or another output does not;
//!    - otherwise, when `redundancy / 2 + 1` reports agree on exit status, output hash and fuel
//!      used, the command settles on them and the executors that reported something else are
//!      slashed [`Config::SlashFraction`] of their bond;
//!    - at settlement the fee goes to [`Config::FeeDestination`] (the Chalice pot) and the fuel is
//!      credited to each settling executor's contribution ([`Config::Contribution`], pallet-poc);
//!    - if the deadline passes first, the fee is refunded and every assigned executor that did
//!      not report is slashed.
//!
//! A program that loops forever runs out of fuel: it settles as [`ExitStatus::OutOfFuel`] and the
//! fee is charged. Traps settle as [`ExitStatus::Trapped`].
//!
//! ## Other pallets
//!
//! Another pallet (the game ledger's challenges) submits commands on an account's behalf with
//! [`Pallet::do_submit_command`], the code path of [`Pallet::submit_command`], learns how each one
//! closed through [`Config::OnSettled`] ([`OnCommandSettled`], called once per command at
//! settlement or time-out), and can pin a program it depends on ([`Pallet::pin_program`]): a pinned
//! program cannot be unregistered.
//!
//! ## Invariants (`try_state`)
//!
//! The fees held from each account equal the fees of its open commands; the bonds held equal the
//! executors' bonds; program deposits equal the held program deposits; the active set and the
//! pending counts match the executors and assignments; every pin is on a registered program.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;

pub use aether_primitives::commands::{
	Assignment, Check, CommandId, CommandResult, CommandState, CommandView, ExecutorView,
	ExitStatus, ModuleError, ProgramId, ProgramLimits,
};
use aether_primitives::{
	commands::{sha256, validate_module},
	poc::{ContributionKind, ContributionSink},
	zk::{hash_to_scalars, VerifyError, VerifyProof, VkId},
};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::{
	frame_support::{
		self, ensure,
		traits::{
			fungible::{self, Inspect, InspectHold, Mutate, MutateHold},
			tokens::{fungible::BalancedHold, Precision},
			Get, OnUnbalanced, Randomness,
		},
		BoundedVec,
	},
	frame_system,
	sp_runtime::{
		traits::{Saturating, Zero},
		DispatchError, Perbill, SaturatedConversion,
	},
};
use scale_info::TypeInfo;
pub use weights::WeightInfo;

/// Log target of this pallet.
const LOG_TARGET: &str = "runtime::commands";

/// A balance of the pallet's currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// Funds taken from an account (a fee or a slashed bond), handed to [`Config::FeeDestination`].
pub type CreditOf<T> =
	fungible::Credit<<T as frame_system::Config>::AccountId, <T as Config>::Currency>;

/// The block number type of the runtime.
pub type BlockNumberOf<T> = frame_system::pallet_prelude::BlockNumberFor<T>;

/// Length of an executor's sealing public keys: ML-KEM-768 (1184) ‖ compressed secp256k1 (33).
pub const SEAL_KEY_LEN: u32 = 1184 + 33;

/// Bytes a sealed envelope adds to its plaintext: version, ML-KEM-768 ciphertext, ephemeral
/// secp256k1 key, nonce and tag (see `aether-seal`).
pub const SEAL_OVERHEAD: u32 = 1 + 1088 + 33 + 12 + 16;

/// The version byte every envelope starts with.
pub const SEAL_VERSION: u8 = 1;

/// Sealing public keys of an executor or a submitter.
pub type SealKey = BoundedVec<u8, frame_support::traits::ConstU32<SEAL_KEY_LEN>>;

/// How a command closed, as [`OnCommandSettled`] hears it.
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
pub enum CommandOutcome {
	/// It settled (by proof or quorum) on this run.
	Settled {
		/// How the run ended.
		exit: ExitStatus,
		/// SHA-256 of the plaintext output (of the empty string without output).
		output_hash: [u8; 32],
	},
	/// Its deadline passed first: no result, the fee was refunded.
	TimedOut,
}

/// Told when a command closes, once per command: at settlement or at its time-out. Runs inside
/// the settling report or the deadline's `on_initialize`, so it must not fail and must stay within
/// [`OnCommandSettled::weight`]. Another pallet uses it to act on the result of a command it
/// submitted (the game ledger settles challenges with it); commands it did not submit it ignores.
pub trait OnCommandSettled {
	/// Command `command` closed with `outcome`.
	fn on_command_settled(command: CommandId, outcome: CommandOutcome);

	/// The most one [`OnCommandSettled::on_command_settled`] may weigh; added to the weight of
	/// every report and of every time-out.
	fn weight() -> polkadot_sdk::sp_runtime::Weight;
}

/// Nobody listens.
impl OnCommandSettled for () {
	fn on_command_settled(_: CommandId, _: CommandOutcome) {}
	fn weight() -> polkadot_sdk::sp_runtime::Weight {
		polkadot_sdk::sp_runtime::Weight::zero()
	}
}

/// A registered program.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct ProgramInfo<AccountId, Balance> {
	/// Who registered it; only it can unregister it.
	pub owner: AccountId,
	/// SHA-256 of the module.
	pub code_hash: [u8; 32],
	/// Size of the module in bytes.
	pub len: u32,
	/// Limits of every run.
	pub limits: ProgramLimits,
	/// Groth16 verifying key its results are proved against, if any.
	pub vk: Option<VkId>,
	/// Held from the owner.
	pub deposit: Balance,
	/// Open commands running it; it cannot be unregistered while any is open.
	pub open_commands: u32,
}

/// A registered executor.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct ExecutorInfo<Balance> {
	/// Sealing public keys: inputs are sealed to these.
	pub seal_key: SealKey,
	/// The bond held now (slashing lowers it).
	pub bond: Balance,
	/// Commands assigned and not yet reported or closed.
	pub pending: u32,
	/// Whether it is in [`ActiveExecutors`].
	pub active: bool,
}

/// The input of a command as submitted.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub enum CommandInput<Plain> {
	/// The input in the clear; the chain stores it and its SHA-256.
	Plain(Plain),
	/// A sealed input: only its SHA-256 commitment goes on chain now; the envelopes follow in
	/// [`Pallet::provide_sealed_input`] once the executors are known. With `reply_to`, the output
	/// is sealed back to those keys.
	Sealed {
		/// SHA-256 of the plaintext input.
		commitment: [u8; 32],
		/// The submitter's sealing public keys, to seal the output to.
		reply_to: Option<SealKey>,
	},
}

/// What a report carries as output.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub enum ReportedOutput<Plain, Sealed> {
	/// The run produced no output (it did not end with [`ExitStatus::Ok`]).
	None,
	/// The output in the clear.
	Plain(Plain),
	/// The output sealed to the submitter's `reply_to` keys.
	Sealed(Sealed),
}

/// One executor's report on a command.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct Report<AccountId> {
	/// The executor.
	pub executor: AccountId,
	/// How its run ended.
	pub exit: ExitStatus,
	/// SHA-256 of the plaintext output (of the empty string without output).
	pub output_hash: [u8; 32],
	/// Fuel it used.
	pub fuel_used: u64,
}

/// An open command.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct Command<AccountId, Balance, BlockNumber, Executors, Reports> {
	/// Who submitted it; the fee is held from it.
	pub owner: AccountId,
	/// The program.
	pub program: ProgramId,
	/// SHA-256 of the input.
	pub input_commitment: [u8; 32],
	/// Whether the input is sealed.
	pub sealed: bool,
	/// Keys to seal the output to, for a sealed command that asked for it.
	pub reply_to: Option<SealKey>,
	/// Fuel limit.
	pub fuel_limit: u64,
	/// The fee held.
	pub fee: Balance,
	/// The executors assigned, in order (envelope `i` is for executor `i`).
	pub executors: Executors,
	/// Reports so far.
	pub reports: Reports,
	/// [`CommandState::AwaitingInput`] or [`CommandState::Running`].
	pub state: CommandState,
	/// Block by which it must settle.
	pub deadline: BlockNumber,
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	/// The commands pallet.
	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Configuration of the commands pallet.
	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The native currency: fees, deposits and bonds are held in it.
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ InspectHold<Self::AccountId>
			+ BalancedHold<Self::AccountId>;

		/// The runtime's hold reasons, which include this pallet's.
		type RuntimeHoldReason: From<HoldReason>;

		/// Where settled fees and slashed bonds go (the Chalice pot).
		type FeeDestination: OnUnbalanced<CreditOf<Self>>;

		/// Groth16 verification against registered keys (pallet-zk-verifier).
		type Verifier: VerifyProof;

		/// Where settled fuel is credited (pallet-poc).
		type Contribution: ContributionSink<Self::AccountId>;

		/// Randomness that picks executors (the entropy beacon).
		type Randomness: Randomness<Self::Hash, BlockNumberFor<Self>>;

		/// Told when a command settles or times out (the game ledger; `()` for nobody).
		type OnSettled: OnCommandSettled;

		/// Weights of the calls and hooks, from the benchmarks.
		type WeightInfo: WeightInfo;

		/// Largest module, in bytes.
		#[pallet::constant]
		type MaxProgramSize: Get<u32>;

		/// Most memory a program may ask for, in 64 KiB pages.
		#[pallet::constant]
		type MaxMemoryPages: Get<u32>;

		/// Largest plaintext input and output, in bytes.
		#[pallet::constant]
		type MaxIoLen: Get<u32>;

		/// Largest sealed input or output envelope (at least [`Config::MaxIoLen`] plus
		/// [`SEAL_OVERHEAD`]).
		#[pallet::constant]
		type MaxSealedLen: Get<u32>;

		/// Largest compressed proof, in bytes.
		#[pallet::constant]
		type MaxProofLen: Get<u32>;

		/// Most executors one command may ask for.
		#[pallet::constant]
		type MaxRedundancy: Get<u32>;

		/// Most executors in the active set.
		#[pallet::constant]
		type MaxExecutors: Get<u32>;

		/// Most commands whose deadline falls in one block (bounds `on_initialize`).
		#[pallet::constant]
		type MaxDeadlinesPerBlock: Get<u32>;

		/// Highest fuel limit of a command.
		#[pallet::constant]
		type MaxFuel: Get<u64>;

		/// Blocks from submission to the deadline.
		#[pallet::constant]
		type CommandTimeout: Get<BlockNumberFor<Self>>;

		/// Held for a program, plus [`Config::ProgramByteDeposit`] per byte.
		#[pallet::constant]
		type ProgramDeposit: Get<BalanceOf<Self>>;

		/// Held per byte of a program's module.
		#[pallet::constant]
		type ProgramByteDeposit: Get<BalanceOf<Self>>;

		/// Held from an executor while it is registered.
		#[pallet::constant]
		type ExecutorBond: Get<BalanceOf<Self>>;

		/// Share of its bond an executor loses for a wrong or missing report; below half the
		/// bond it leaves the active set.
		#[pallet::constant]
		type SlashFraction: Get<Perbill>;
	}

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit of a registered program.
		#[codec(index = 0)]
		ProgramDeposit,
		/// An executor's bond.
		#[codec(index = 1)]
		ExecutorBond,
		/// The fee of an open command.
		#[codec(index = 2)]
		CommandFee,
	}

	/// The module bytes of this runtime.
	pub type CodeOf<T> = BoundedVec<u8, <T as Config>::MaxProgramSize>;
	/// A plaintext input or output of this runtime.
	pub type IoOf<T> = BoundedVec<u8, <T as Config>::MaxIoLen>;
	/// A sealed envelope of this runtime.
	pub type SealedOf<T> = BoundedVec<u8, <T as Config>::MaxSealedLen>;
	/// A proof of this runtime.
	pub type ProofOf<T> = BoundedVec<u8, <T as Config>::MaxProofLen>;
	/// The executors of one command.
	pub type ExecutorsOf<T> =
		BoundedVec<<T as frame_system::Config>::AccountId, <T as Config>::MaxRedundancy>;
	/// The reports on one command.
	pub type ReportsOf<T> =
		BoundedVec<Report<<T as frame_system::Config>::AccountId>, <T as Config>::MaxRedundancy>;
	/// An open command of this runtime.
	pub type CommandOf<T> = Command<
		<T as frame_system::Config>::AccountId,
		BalanceOf<T>,
		BlockNumberFor<T>,
		ExecutorsOf<T>,
		ReportsOf<T>,
	>;
	/// The program record of this runtime.
	pub type ProgramOf<T> = ProgramInfo<<T as frame_system::Config>::AccountId, BalanceOf<T>>;
	/// A settled result of this runtime.
	pub type ResultOf<T> = StoredResult<T>;

	/// A settled or timed-out command's record.
	#[derive(
		CloneNoBound,
		PartialEqNoBound,
		EqNoBound,
		DebugNoBound,
		Encode,
		Decode,
		DecodeWithMemTracking,
		MaxEncodedLen,
		TypeInfo,
	)]
	#[scale_info(skip_type_params(T))]
	pub struct StoredResult<T: Config> {
		/// Who submitted it.
		pub owner: T::AccountId,
		/// The program.
		pub program: ProgramId,
		/// SHA-256 of the input.
		pub input_commitment: [u8; 32],
		/// Whether the input was sealed.
		pub sealed: bool,
		/// The fee (paid, or refunded on time-out).
		pub fee: BalanceOf<T>,
		/// The executors that were assigned.
		pub assigned: ExecutorsOf<T>,
		/// [`CommandState::Settled`] or [`CommandState::TimedOut`].
		pub state: CommandState,
		/// How the run ended (settled only).
		pub exit: ExitStatus,
		/// The output, plain or sealed to the submitter.
		pub output: BoundedVec<u8, T::MaxSealedLen>,
		/// Whether the output is sealed.
		pub output_sealed: bool,
		/// SHA-256 of the plaintext output.
		pub output_hash: [u8; 32],
		/// Fuel used.
		pub fuel_used: u64,
		/// How it was checked.
		pub check: Check,
		/// The executors whose reports settled it (the silent ones, for a time-out).
		pub executors: ExecutorsOf<T>,
		/// Block of settlement or time-out.
		pub closed_at: BlockNumberFor<T>,
	}

	/// Registered programs.
	#[pallet::storage]
	pub type Programs<T: Config> =
		StorageMap<_, Twox64Concat, ProgramId, ProgramOf<T>, OptionQuery>;

	/// Modules of registered programs, apart from their records so reading a record is cheap.
	#[pallet::storage]
	pub type ProgramCode<T: Config> =
		StorageMap<_, Twox64Concat, ProgramId, CodeOf<T>, OptionQuery>;

	/// References other pallets hold on a program ([`Pallet::pin_program`]); a program with any
	/// cannot be unregistered. Absent means none.
	#[pallet::storage]
	pub type ProgramPins<T: Config> = StorageMap<_, Twox64Concat, ProgramId, u32, OptionQuery>;

	/// The id the next program gets.
	#[pallet::storage]
	pub type NextProgramId<T: Config> = StorageValue<_, ProgramId, ValueQuery>;

	/// Registered executors.
	#[pallet::storage]
	pub type Executors<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, ExecutorInfo<BalanceOf<T>>, OptionQuery>;

	/// The executors commands are assigned to.
	#[pallet::storage]
	pub type ActiveExecutors<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxExecutors>, ValueQuery>;

	/// Open commands.
	#[pallet::storage]
	pub type OpenCommands<T: Config> =
		StorageMap<_, Twox64Concat, CommandId, CommandOf<T>, OptionQuery>;

	/// Plaintext inputs of open commands.
	#[pallet::storage]
	pub type Inputs<T: Config> = StorageMap<_, Twox64Concat, CommandId, IoOf<T>, OptionQuery>;

	/// Sealed inputs of open commands: envelope `i` is for executor `i`.
	#[pallet::storage]
	pub type SealedInputs<T: Config> = StorageMap<
		_,
		Twox64Concat,
		CommandId,
		BoundedVec<SealedOf<T>, T::MaxRedundancy>,
		OptionQuery,
	>;

	/// Work waiting for each executor: assigned, input available, not reported.
	#[pallet::storage]
	pub type Assignments<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		CommandId,
		(),
		OptionQuery,
	>;

	/// Settled and timed-out commands.
	#[pallet::storage]
	pub type Results<T: Config> = StorageMap<_, Twox64Concat, CommandId, ResultOf<T>, OptionQuery>;

	/// The id the next command gets.
	#[pallet::storage]
	pub type NextCommandId<T: Config> = StorageValue<_, CommandId, ValueQuery>;

	/// Commands whose deadline is a block: checked in that block's `on_initialize`.
	#[pallet::storage]
	pub type Deadlines<T: Config> = StorageMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		BoundedVec<CommandId, T::MaxDeadlinesPerBlock>,
		ValueQuery,
	>;

	/// Events of the commands pallet.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A program was registered.
		ProgramRegistered {
			/// Its id.
			program: ProgramId,
			/// Its owner.
			owner: T::AccountId,
			/// SHA-256 of the module.
			code_hash: [u8; 32],
			/// Size of the module.
			len: u32,
			/// The verifying key its results are proved against.
			vk: Option<VkId>,
			/// The deposit held.
			deposit: BalanceOf<T>,
		},
		/// A program was unregistered and its deposit released.
		ProgramUnregistered {
			/// Its id.
			program: ProgramId,
		},
		/// An executor registered and its bond is held.
		ExecutorRegistered {
			/// The executor.
			executor: T::AccountId,
			/// The bond.
			bond: BalanceOf<T>,
		},
		/// An executor changed its sealing keys.
		ExecutorKeysChanged {
			/// The executor.
			executor: T::AccountId,
		},
		/// An executor left and its remaining bond was released.
		ExecutorUnregistered {
			/// The executor.
			executor: T::AccountId,
			/// What was released.
			released: BalanceOf<T>,
		},
		/// An executor's bond fell below half and it left the active set.
		ExecutorDeactivated {
			/// The executor.
			executor: T::AccountId,
		},
		/// An executor was slashed.
		ExecutorSlashed {
			/// The executor.
			executor: T::AccountId,
			/// The command.
			command: CommandId,
			/// How much it lost.
			amount: BalanceOf<T>,
			/// Why: it disagreed with the quorum (`false`) or never reported (`true`).
			silent: bool,
		},
		/// A command was submitted, its fee held and executors assigned.
		CommandSubmitted {
			/// Its id.
			command: CommandId,
			/// Who pays.
			owner: T::AccountId,
			/// The program.
			program: ProgramId,
			/// SHA-256 of the input.
			input_commitment: [u8; 32],
			/// Whether the input is sealed (and envelopes must follow).
			sealed: bool,
			/// The executors, in envelope order.
			executors: Vec<T::AccountId>,
			/// The fee held.
			fee: BalanceOf<T>,
			/// Block by which it must settle.
			deadline: BlockNumberFor<T>,
		},
		/// The sealed inputs of a command were posted; its executors can run it.
		SealedInputProvided {
			/// The command.
			command: CommandId,
		},
		/// An assigned executor reported.
		CommandReported {
			/// The command.
			command: CommandId,
			/// The executor.
			executor: T::AccountId,
			/// How its run ended.
			exit: ExitStatus,
			/// SHA-256 of its output.
			output_hash: [u8; 32],
			/// Fuel it used.
			fuel_used: u64,
		},
		/// A command settled: the fee was paid and the fuel credited.
		CommandSettled {
			/// The command.
			command: CommandId,
			/// How the run ended.
			exit: ExitStatus,
			/// SHA-256 of the output.
			output_hash: [u8; 32],
			/// Fuel used.
			fuel_used: u64,
			/// By proof or quorum.
			check: Check,
			/// The executors whose reports settled it.
			executors: Vec<T::AccountId>,
		},
		/// A command's deadline passed without settlement: its fee was refunded.
		CommandTimedOut {
			/// The command.
			command: CommandId,
			/// The assigned executors that never reported.
			silent: Vec<T::AccountId>,
		},
	}

	/// Errors of the commands pallet.
	#[pallet::error]
	pub enum Error<T> {
		/// The module is not valid WebAssembly or uses a refused feature (SIMD, threads, ...).
		InvalidModule,
		/// The module imports something other than the host ABI.
		ForbiddenImport,
		/// The module does not export `memory` and `run: [] -> []`.
		MissingExport,
		/// The module's memory starts above the program's cap, or is shared or 64-bit.
		ModuleMemoryTooLarge,
		/// The module is a component or has more than one memory.
		UnsupportedModule,
		/// The limits ask for more memory or output than the chain allows.
		LimitsTooHigh,
		/// No program has this id.
		UnknownProgram,
		/// Only the program's owner may do this.
		NotProgramOwner,
		/// The program has open commands, or another pallet (a game) pinned it.
		ProgramInUse,
		/// The verifying key does not exist.
		UnknownKey,
		/// The verifying key does not take the four public inputs of a command proof.
		KeyNotForCommands,
		/// The account is already an executor.
		AlreadyExecutor,
		/// The account is not an executor.
		NotExecutor,
		/// The sealing keys are not ML-KEM-768 ‖ compressed secp256k1.
		MalformedSealKey,
		/// The active set is full.
		TooManyExecutors,
		/// The executor still has commands assigned.
		ExecutorBusy,
		/// The bond cannot be held.
		CannotHoldBond,
		/// The fee cannot be held.
		CannotReserveFee,
		/// The program deposit cannot be held.
		CannotHoldDeposit,
		/// The fuel limit is zero or above the chain's maximum.
		BadFuelLimit,
		/// Redundancy must be between 1 and the chain's maximum.
		BadRedundancy,
		/// Fewer active executors than the redundancy asked for.
		NotEnoughExecutors,
		/// Too many commands already have their deadline in that block; try in the next one.
		DeadlineFull,
		/// No open command has this id.
		UnknownCommand,
		/// Only the command's submitter may do this.
		NotCommandOwner,
		/// The command is not waiting for sealed inputs.
		NotAwaitingInput,
		/// The number of envelopes is not the number of assigned executors.
		WrongEnvelopeCount,
		/// An envelope is not a version-1 sealed envelope.
		MalformedEnvelope,
		/// The command is not running (its sealed inputs are still missing).
		NotRunning,
		/// The reporter is not assigned to the command.
		NotAssigned,
		/// The executor already reported on this command.
		AlreadyReported,
		/// The fuel reported is above the limit, or not the limit for an out-of-fuel exit.
		BadFuelReport,
		/// The output does not hash to the reported output hash, or a run that did not end with
		/// `Ok` reported output.
		OutputMismatch,
		/// The output must be sealed to the submitter, or must not be sealed.
		WrongOutputKind,
		/// A successful run of a proved program needs a proof.
		ProofRequired,
		/// The proof is not a valid encoding of curve points.
		MalformedProof,
		/// The proof does not verify for this command's input commitment and output hash.
		InvalidProof,
		/// The verifier refused the key or inputs.
		VerifierRefused,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(n: BlockNumberFor<T>) -> Weight {
			let due = Deadlines::<T>::take(n);
			let count = due.len() as u32;
			for id in due {
				Self::time_out(id, n);
			}
			T::WeightInfo::on_initialize(count)
				.saturating_add(T::OnSettled::weight().saturating_mul(count.into()))
		}

		fn integrity_test() {
			assert!(T::MaxRedundancy::get() >= 1, "a command needs at least one executor");
			assert!(
				T::MaxSealedLen::get() >= T::MaxIoLen::get().saturating_add(SEAL_OVERHEAD),
				"a sealed envelope must fit the largest input"
			);
			assert!(!T::CommandTimeout::get().is_zero(), "commands need time to run");
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
		/// Registers a WASM program, checked on chain: it must validate with the deterministic
		/// features only, import only the host ABI, export `memory` and `run`, and its memory
		/// must start within `limits`. With `vk`, successful results must be proved against that
		/// Groth16 key (four public inputs: input commitment and output hash). Holds
		/// [`Config::ProgramDeposit`] plus [`Config::ProgramByteDeposit`] per byte.
		///
		/// Cost: linear in the module's size (validation and storage).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_program(wasm.len() as u32))]
		pub fn register_program(
			origin: OriginFor<T>,
			wasm: CodeOf<T>,
			limits: ProgramLimits,
			vk: Option<VkId>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			ensure!(
				limits.max_memory_pages <= T::MaxMemoryPages::get()
					&& limits.max_output <= T::MaxIoLen::get(),
				Error::<T>::LimitsTooHigh
			);
			validate_module(&wasm, &limits).map_err(Error::<T>::from)?;
			if let Some(vk) = vk {
				match T::Verifier::input_count(vk) {
					None => return Err(Error::<T>::UnknownKey.into()),
					Some(4) => {},
					Some(_) => return Err(Error::<T>::KeyNotForCommands.into()),
				}
			}
			let len = wasm.len() as u32;
			let deposit = T::ProgramDeposit::get()
				.saturating_add(T::ProgramByteDeposit::get().saturating_mul(len.into()));
			T::Currency::hold(&HoldReason::ProgramDeposit.into(), &owner, deposit)
				.map_err(|_| Error::<T>::CannotHoldDeposit)?;
			if let Some(vk) = vk {
				T::Verifier::pin(vk, true).map_err(|_| Error::<T>::UnknownKey)?;
			}
			let program = NextProgramId::<T>::mutate(|next| {
				let id = *next;
				*next = next.saturating_add(1);
				id
			});
			let code_hash = sha256(&wasm);
			Programs::<T>::insert(
				program,
				ProgramInfo {
					owner: owner.clone(),
					code_hash,
					len,
					limits,
					vk,
					deposit,
					open_commands: 0,
				},
			);
			ProgramCode::<T>::insert(program, wasm);
			Self::deposit_event(Event::ProgramRegistered {
				program,
				owner,
				code_hash,
				len,
				vk,
				deposit,
			});
			Ok(())
		}

		/// Removes a program with no open commands that no other pallet pins, releases its
		/// deposit and its pin on the verifying key. Owner only. Results of its past commands
		/// stay.
		///
		/// Cost: constant (the module is deleted without being read).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::unregister_program())]
		pub fn unregister_program(origin: OriginFor<T>, program: ProgramId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let info = Programs::<T>::get(program).ok_or(Error::<T>::UnknownProgram)?;
			ensure!(info.owner == who, Error::<T>::NotProgramOwner);
			ensure!(info.open_commands == 0, Error::<T>::ProgramInUse);
			ensure!(!ProgramPins::<T>::contains_key(program), Error::<T>::ProgramInUse);
			Self::release(HoldReason::ProgramDeposit, &who, info.deposit);
			if let Some(vk) = info.vk {
				// The pin was taken at registration; a failure here cannot leave funds behind.
				let _ = T::Verifier::pin(vk, false);
			}
			Programs::<T>::remove(program);
			ProgramCode::<T>::remove(program);
			Self::deposit_event(Event::ProgramUnregistered { program });
			Ok(())
		}

		/// Registers the caller as an executor with its sealing public keys (ML-KEM-768 ‖
		/// compressed secp256k1, [`SEAL_KEY_LEN`] bytes) and holds [`Config::ExecutorBond`]. Its
		/// account key signs its reports. An executor calling again replaces its keys (for
		/// commands assigned later).
		///
		/// Cost: constant, plus the active set's length to insert into it.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::register_executor())]
		pub fn register_executor(origin: OriginFor<T>, seal_key: SealKey) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(Self::seal_key_well_formed(&seal_key), Error::<T>::MalformedSealKey);
			if let Some(mut info) = Executors::<T>::get(&who) {
				info.seal_key = seal_key;
				Executors::<T>::insert(&who, info);
				Self::deposit_event(Event::ExecutorKeysChanged { executor: who });
				return Ok(());
			}
			let bond = T::ExecutorBond::get();
			ActiveExecutors::<T>::try_mutate(|set| set.try_push(who.clone()))
				.map_err(|_| Error::<T>::TooManyExecutors)?;
			T::Currency::hold(&HoldReason::ExecutorBond.into(), &who, bond)
				.map_err(|_| Error::<T>::CannotHoldBond)?;
			Executors::<T>::insert(&who, ExecutorInfo { seal_key, bond, pending: 0, active: true });
			Self::deposit_event(Event::ExecutorRegistered { executor: who, bond });
			Ok(())
		}

		/// Leaves the executor set and releases the remaining bond. Only with no command
		/// pending.
		///
		/// Cost: the active set's length.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::unregister_executor())]
		pub fn unregister_executor(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let info = Executors::<T>::get(&who).ok_or(Error::<T>::NotExecutor)?;
			ensure!(info.pending == 0, Error::<T>::ExecutorBusy);
			ActiveExecutors::<T>::mutate(|set| set.retain(|e| e != &who));
			Self::release(HoldReason::ExecutorBond, &who, info.bond);
			Executors::<T>::remove(&who);
			Self::deposit_event(Event::ExecutorUnregistered { executor: who, released: info.bond });
			Ok(())
		}

		/// Submits a command: holds `fee`, stores the plaintext input (or the commitment to a
		/// sealed one), picks `redundancy` executors from the active set with the beacon's
		/// randomness and sets the deadline [`Config::CommandTimeout`] blocks ahead. A sealed
		/// command runs once [`Pallet::provide_sealed_input`] posts its envelopes.
		///
		/// Cost: the input's length plus the active set's length (the draw).
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::submit_command(
			match input { CommandInput::Plain(ref i) => i.len() as u32, _ => 0 },
			T::MaxExecutors::get(),
		))]
		pub fn submit_command(
			origin: OriginFor<T>,
			program: ProgramId,
			input: CommandInput<IoOf<T>>,
			fuel_limit: u64,
			fee: BalanceOf<T>,
			redundancy: u32,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_submit_command(owner, program, input, fuel_limit, fee, redundancy).map(|_| ())
		}

		/// Posts the sealed inputs of a sealed command: envelope `i` sealed to executor `i`'s
		/// keys, in the order of `CommandSubmitted`. The chain checks only their shape; an
		/// executor that cannot open its envelope, or finds it does not match the commitment,
		/// reports [`ExitStatus::InputUnreadable`]. Submitter only.
		///
		/// Cost: benchmarked with [`Config::MaxRedundancy`] envelopes of the longest one's length.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::provide_sealed_input(
			envelopes.iter().map(|e| e.len() as u32).max().unwrap_or(0)
		))]
		pub fn provide_sealed_input(
			origin: OriginFor<T>,
			command: CommandId,
			envelopes: BoundedVec<SealedOf<T>, T::MaxRedundancy>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut cmd = OpenCommands::<T>::get(command).ok_or(Error::<T>::UnknownCommand)?;
			ensure!(cmd.owner == who, Error::<T>::NotCommandOwner);
			ensure!(cmd.state == CommandState::AwaitingInput, Error::<T>::NotAwaitingInput);
			ensure!(envelopes.len() == cmd.executors.len(), Error::<T>::WrongEnvelopeCount);
			ensure!(
				envelopes.iter().all(|e| Self::envelope_well_formed(e)),
				Error::<T>::MalformedEnvelope
			);
			cmd.state = CommandState::Running;
			for executor in cmd.executors.iter() {
				Assignments::<T>::insert(executor, command, ());
			}
			OpenCommands::<T>::insert(command, cmd);
			SealedInputs::<T>::insert(command, envelopes);
			Self::deposit_event(Event::SealedInputProvided { command });
			Ok(())
		}

		/// Reports an assigned executor's run of a command: its exit status, output (plain,
		/// sealed to the submitter, or none), the SHA-256 of the plaintext output, the fuel
		/// used and, for a successful run of a proved program, the Groth16 proof. Settles the
		/// command when the proof verifies or when a quorum agrees.
		///
		/// Cost: the output's length, the reports so far, one Groth16 verification with four
		/// public inputs when a proof is given, and [`Config::OnSettled`] when it settles.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::report(T::MaxRedundancy::get())
			.saturating_add(T::OnSettled::weight())
			.saturating_add(if proof.is_some() { T::Verifier::verify_weight(4) } else { Weight::zero() }))]
		pub fn report(
			origin: OriginFor<T>,
			command: CommandId,
			exit: ExitStatus,
			output: ReportedOutput<IoOf<T>, SealedOf<T>>,
			output_hash: [u8; 32],
			fuel_used: u64,
			proof: Option<ProofOf<T>>,
		) -> DispatchResult {
			let executor = ensure_signed(origin)?;
			let mut cmd = OpenCommands::<T>::get(command).ok_or(Error::<T>::UnknownCommand)?;
			ensure!(cmd.state == CommandState::Running, Error::<T>::NotRunning);
			ensure!(cmd.executors.contains(&executor), Error::<T>::NotAssigned);
			ensure!(
				!cmd.reports.iter().any(|r| r.executor == executor),
				Error::<T>::AlreadyReported
			);
			ensure!(fuel_used <= cmd.fuel_limit, Error::<T>::BadFuelReport);
			ensure!(
				exit != ExitStatus::OutOfFuel || fuel_used == cmd.fuel_limit,
				Error::<T>::BadFuelReport
			);
			match (&output, exit) {
				(ReportedOutput::None, ExitStatus::Ok) => ensure!(
					cmd.reply_to.is_none() && output_hash == sha256(&[]),
					Error::<T>::OutputMismatch
				),
				(ReportedOutput::None, _) => {
					ensure!(output_hash == sha256(&[]), Error::<T>::OutputMismatch)
				},
				(_, ExitStatus::OutOfFuel | ExitStatus::Trapped | ExitStatus::InputUnreadable) => {
					return Err(Error::<T>::OutputMismatch.into())
				},
				(ReportedOutput::Plain(bytes), ExitStatus::Ok) => {
					ensure!(cmd.reply_to.is_none(), Error::<T>::WrongOutputKind);
					ensure!(sha256(bytes) == output_hash, Error::<T>::OutputMismatch);
				},
				(ReportedOutput::Sealed(bytes), ExitStatus::Ok) => {
					ensure!(cmd.reply_to.is_some(), Error::<T>::WrongOutputKind);
					ensure!(Self::envelope_well_formed(bytes), Error::<T>::MalformedEnvelope);
				},
			}
			let program = Programs::<T>::get(cmd.program).ok_or(Error::<T>::UnknownProgram)?;
			let proved = match (program.vk, exit) {
				(Some(vk), ExitStatus::Ok) => {
					let proof = proof.as_ref().ok_or(Error::<T>::ProofRequired)?;
					let mut inputs = Vec::with_capacity(4);
					inputs.extend_from_slice(&hash_to_scalars(&cmd.input_commitment));
					inputs.extend_from_slice(&hash_to_scalars(&output_hash));
					T::Verifier::verify(vk, proof, &inputs).map_err(|e| match e {
						VerifyError::MalformedProof => Error::<T>::MalformedProof,
						VerifyError::InvalidProof => Error::<T>::InvalidProof,
						_ => Error::<T>::VerifierRefused,
					})?;
					true
				},
				_ => false,
			};

			let report = Report { executor: executor.clone(), exit, output_hash, fuel_used };
			// Cannot fail: the executor is one of at most `MaxRedundancy` assigned, and has not
			// reported before.
			cmd.reports.try_push(report.clone()).map_err(|_| Error::<T>::AlreadyReported)?;
			Assignments::<T>::remove(&executor, command);
			Self::deposit_event(Event::CommandReported {
				command,
				executor: executor.clone(),
				exit,
				output_hash,
				fuel_used,
			});

			let agreeing: Vec<T::AccountId> = cmd
				.reports
				.iter()
				.filter(|r| {
					r.exit == exit && r.output_hash == output_hash && r.fuel_used == fuel_used
				})
				.map(|r| r.executor.clone())
				.collect();
			let quorum = cmd.executors.len() as u32 / 2 + 1;
			let check = if proved {
				Some(Check::Proof)
			} else if agreeing.len() as u32 >= quorum
				&& !(program.vk.is_some() && exit == ExitStatus::Ok)
			{
				Some(Check::Quorum(agreeing.len() as u32))
			} else {
				None
			};
			match check {
				Some(check) => {
					let settled_by = if proved { alloc::vec![executor] } else { agreeing };
					let stored_output: BoundedVec<u8, T::MaxSealedLen> = match &output {
						ReportedOutput::None => BoundedVec::new(),
						ReportedOutput::Plain(bytes) => {
							BoundedVec::truncate_from(bytes.clone().into_inner())
						},
						ReportedOutput::Sealed(bytes) => bytes.clone(),
					};
					let sealed_output = matches!(output, ReportedOutput::Sealed(_));
					Self::settle(
						command,
						cmd,
						report,
						check,
						settled_by,
						stored_output,
						sealed_output,
					);
				},
				None => OpenCommands::<T>::insert(command, cmd),
			}
			Ok(())
		}
	}

	impl<T: Config> From<ModuleError> for Error<T> {
		fn from(e: ModuleError) -> Self {
			match e {
				ModuleError::Invalid => Error::<T>::InvalidModule,
				ModuleError::ForbiddenImport => Error::<T>::ForbiddenImport,
				ModuleError::MissingExport => Error::<T>::MissingExport,
				ModuleError::MemoryTooLarge => Error::<T>::ModuleMemoryTooLarge,
				ModuleError::Unsupported => Error::<T>::UnsupportedModule,
			}
		}
	}
}

/// What a settling report decided, for [`Pallet::record`].
struct Settlement<'a, T: Config> {
	report: &'a Report<T::AccountId>,
	check: Check,
	output: BoundedVec<u8, T::MaxSealedLen>,
	output_sealed: bool,
}

impl<T: Config> Pallet<T> {
	/// Submits a command for `owner`: [`Pallet::submit_command`] without the origin, for other
	/// pallets that submit on an account's behalf (a game challenge runs its rules program this
	/// way). Holds the fee from `owner`; returns the command's id. The result is told to
	/// [`Config::OnSettled`].
	pub fn do_submit_command(
		owner: T::AccountId,
		program: ProgramId,
		input: CommandInput<IoOf<T>>,
		fuel_limit: u64,
		fee: BalanceOf<T>,
		redundancy: u32,
	) -> Result<CommandId, DispatchError> {
		ensure!(fuel_limit > 0 && fuel_limit <= T::MaxFuel::get(), Error::<T>::BadFuelLimit);
		ensure!(
			redundancy >= 1 && redundancy <= T::MaxRedundancy::get(),
			Error::<T>::BadRedundancy
		);
		let mut info = Programs::<T>::get(program).ok_or(Error::<T>::UnknownProgram)?;
		let now = frame_system::Pallet::<T>::block_number();
		let deadline = now.saturating_add(T::CommandTimeout::get());
		let id = NextCommandId::<T>::get();
		let executors = Self::draw_executors(id, redundancy)?;
		Deadlines::<T>::try_mutate(deadline, |due| due.try_push(id))
			.map_err(|_| Error::<T>::DeadlineFull)?;
		// Everything that can fail without side effects is checked; the hold is the last.
		if let Err(_) = T::Currency::hold(&HoldReason::CommandFee.into(), &owner, fee) {
			Deadlines::<T>::mutate(deadline, |due| due.retain(|c| *c != id));
			return Err(Error::<T>::CannotReserveFee.into());
		}
		NextCommandId::<T>::put(id.saturating_add(1));
		info.open_commands = info.open_commands.saturating_add(1);
		Programs::<T>::insert(program, info);

		let (input_commitment, sealed, reply_to, state) = match input {
			CommandInput::Plain(bytes) => {
				let commitment = sha256(&bytes);
				Inputs::<T>::insert(id, bytes);
				(commitment, false, None, CommandState::Running)
			},
			CommandInput::Sealed { commitment, reply_to } => {
				(commitment, true, reply_to, CommandState::AwaitingInput)
			},
		};
		for executor in executors.iter() {
			Executors::<T>::mutate(executor, |info| {
				if let Some(info) = info {
					info.pending = info.pending.saturating_add(1);
				}
			});
			if state == CommandState::Running {
				Assignments::<T>::insert(executor, id, ());
			}
		}
		OpenCommands::<T>::insert(
			id,
			Command {
				owner: owner.clone(),
				program,
				input_commitment,
				sealed,
				reply_to,
				fuel_limit,
				fee,
				executors: executors.clone(),
				reports: BoundedVec::new(),
				state,
				deadline,
			},
		);
		Self::deposit_event(Event::CommandSubmitted {
			command: id,
			owner,
			program,
			input_commitment,
			sealed,
			executors: executors.into_inner(),
			fee,
			deadline,
		});
		Ok(id)
	}

	/// Adds (`pinned`) or removes one reference to `program`, held by another pallet that needs
	/// the program to stay (a game whose rules it is). A pinned program cannot be unregistered.
	pub fn pin_program(program: ProgramId, pinned: bool) -> Result<(), DispatchError> {
		ensure!(Programs::<T>::contains_key(program), Error::<T>::UnknownProgram);
		ProgramPins::<T>::mutate(program, |pins| {
			let n = pins.unwrap_or(0);
			let n = if pinned { n.saturating_add(1) } else { n.saturating_sub(1) };
			*pins = (n > 0).then_some(n);
		});
		Ok(())
	}

	/// Whether `key` has the length of ML-KEM-768 ‖ compressed secp256k1 keys and a valid
	/// compressed-point prefix.
	fn seal_key_well_formed(key: &[u8]) -> bool {
		key.len() == SEAL_KEY_LEN as usize
			&& matches!(key.get(SEAL_KEY_LEN as usize - 33), Some(0x02) | Some(0x03))
	}

	/// Whether `envelope` starts with the version byte and is long enough to hold the KEM
	/// ciphertext, the ephemeral key, the nonce and the tag.
	fn envelope_well_formed(envelope: &[u8]) -> bool {
		envelope.len() >= SEAL_OVERHEAD as usize && envelope.first() == Some(&SEAL_VERSION)
	}

	/// Releases `amount` held for `reason` from `who`, logging (never panicking) if less was
	/// held.
	fn release(reason: HoldReason, who: &T::AccountId, amount: BalanceOf<T>) {
		if let Err(e) = T::Currency::release(&reason.into(), who, amount, Precision::BestEffort) {
			log::error!(target: LOG_TARGET, "could not release a hold: {e:?}");
		}
	}

	/// Picks `count` distinct active executors for command `id`: a partial Fisher–Yates shuffle
	/// of the active set driven by `blake2(randomness ‖ id ‖ i)`.
	fn draw_executors(id: CommandId, count: u32) -> Result<ExecutorsOf<T>, Error<T>> {
		let mut set = ActiveExecutors::<T>::get().into_inner();
		ensure!(set.len() >= count as usize, Error::<T>::NotEnoughExecutors);
		let (seed, _) = T::Randomness::random(&(b"aether/commands", id).encode());
		let mut chosen = Vec::with_capacity(count as usize);
		for i in 0..count as usize {
			let draw = polkadot_sdk::sp_io::hashing::blake2_256(&(seed, i as u32).encode());
			let mut word = [0u8; 8];
			word.copy_from_slice(&draw[..8]);
			let remaining = set.len() - i;
			let pick = i + (u64::from_le_bytes(word) % remaining as u64) as usize;
			set.swap(i, pick);
			chosen.push(set[i].clone());
		}
		BoundedVec::try_from(chosen).map_err(|_| Error::<T>::BadRedundancy)
	}

	/// Takes `fraction` of `executor`'s bond to [`Config::FeeDestination`]; below half the
	/// configured bond it leaves the active set.
	fn slash(executor: &T::AccountId, command: CommandId, silent: bool) {
		let Some(mut info) = Executors::<T>::get(executor) else { return };
		let amount = T::SlashFraction::get().mul_floor(info.bond);
		let (credit, missing) =
			T::Currency::slash(&HoldReason::ExecutorBond.into(), executor, amount);
		if !missing.is_zero() {
			log::error!(target: LOG_TARGET, "slashed less than the bond records");
		}
		let taken = amount.saturating_sub(missing);
		T::FeeDestination::on_unbalanced(credit);
		info.bond = info.bond.saturating_sub(taken);
		Self::deposit_event(Event::ExecutorSlashed {
			executor: executor.clone(),
			command,
			amount: taken,
			silent,
		});
		if info.active && info.bond < T::ExecutorBond::get() / 2u32.into() {
			info.active = false;
			ActiveExecutors::<T>::mutate(|set| set.retain(|e| e != executor));
			Self::deposit_event(Event::ExecutorDeactivated { executor: executor.clone() });
		}
		Executors::<T>::insert(executor, info);
	}

	/// Closes an open command's bookkeeping: every assigned executor's pending count and
	/// assignment, the program's open count, the stored inputs.
	fn close(id: CommandId, cmd: &CommandOf<T>) {
		for executor in cmd.executors.iter() {
			Executors::<T>::mutate(executor, |info| {
				if let Some(info) = info {
					info.pending = info.pending.saturating_sub(1);
				}
			});
			Assignments::<T>::remove(executor, id);
		}
		Programs::<T>::mutate(cmd.program, |info| {
			if let Some(info) = info {
				info.open_commands = info.open_commands.saturating_sub(1);
			}
		});
		OpenCommands::<T>::remove(id);
		Inputs::<T>::remove(id);
		SealedInputs::<T>::remove(id);
	}

	/// Settles a command on `report`: pays the fee, credits the fuel, slashes the executors
	/// that reported something else, stores the result.
	fn settle(
		id: CommandId,
		cmd: CommandOf<T>,
		report: Report<T::AccountId>,
		check: Check,
		settled_by: Vec<T::AccountId>,
		output: BoundedVec<u8, T::MaxSealedLen>,
		output_sealed: bool,
	) {
		let (fee, missing) =
			T::Currency::slash(&HoldReason::CommandFee.into(), &cmd.owner, cmd.fee);
		if !missing.is_zero() {
			log::error!(target: LOG_TARGET, "command {id}: less fee held than recorded");
		}
		T::FeeDestination::on_unbalanced(fee);
		for executor in settled_by.iter() {
			T::Contribution::note_contribution(
				executor,
				ContributionKind::CommandFuel,
				report.fuel_used.max(1).saturated_into(),
			);
		}
		if matches!(check, Check::Quorum(_)) {
			for dissenter in cmd.reports.iter().filter(|r| {
				(r.exit, r.output_hash, r.fuel_used)
					!= (report.exit, report.output_hash, report.fuel_used)
			}) {
				Self::slash(&dissenter.executor, id, false);
			}
		}
		Self::close(id, &cmd);
		let now = frame_system::Pallet::<T>::block_number();
		let settlement = Settlement { report: &report, check, output, output_sealed };
		Self::record(id, cmd, CommandState::Settled, &settled_by, now, Some(settlement));
		Self::deposit_event(Event::CommandSettled {
			command: id,
			exit: report.exit,
			output_hash: report.output_hash,
			fuel_used: report.fuel_used,
			check,
			executors: settled_by,
		});
		T::OnSettled::on_command_settled(
			id,
			CommandOutcome::Settled { exit: report.exit, output_hash: report.output_hash },
		);
	}

	/// Stores the record of a closed command: `executors` are the ones that settled it, or the
	/// silent ones of a time-out. Without a settlement (a time-out) the run fields stay empty:
	/// no output, no fuel, `Quorum(0)`.
	fn record(
		id: CommandId,
		cmd: CommandOf<T>,
		state: CommandState,
		executors: &[T::AccountId],
		closed_at: BlockNumberOf<T>,
		settlement: Option<Settlement<T>>,
	) {
		let (exit, output, output_sealed, output_hash, fuel_used, check) = match settlement {
			Some(s) => (
				s.report.exit,
				s.output,
				s.output_sealed,
				s.report.output_hash,
				s.report.fuel_used,
				s.check,
			),
			None => (
				ExitStatus::InputUnreadable,
				BoundedVec::new(),
				false,
				[0; 32],
				0,
				Check::Quorum(0),
			),
		};
		Results::<T>::insert(
			id,
			StoredResult {
				owner: cmd.owner,
				program: cmd.program,
				input_commitment: cmd.input_commitment,
				sealed: cmd.sealed,
				fee: cmd.fee,
				assigned: cmd.executors,
				state,
				exit,
				output,
				output_sealed,
				output_hash,
				fuel_used,
				check,
				executors: BoundedVec::truncate_from(executors.to_vec()),
				closed_at,
			},
		);
	}

	/// Times out an open command at its deadline: refunds the fee and slashes the assigned
	/// executors that never reported. A settled command is already gone and is skipped.
	fn time_out(id: CommandId, now: BlockNumberOf<T>) {
		let Some(cmd) = OpenCommands::<T>::get(id) else { return };
		Self::release(HoldReason::CommandFee, &cmd.owner, cmd.fee);
		let silent: Vec<T::AccountId> = cmd
			.executors
			.iter()
			.filter(|e| !cmd.reports.iter().any(|r| &r.executor == *e))
			.cloned()
			.collect();
		// A command still waiting for its sealed inputs is the submitter's fault, not theirs.
		if cmd.state == CommandState::Running {
			for executor in silent.iter() {
				Self::slash(executor, id, true);
			}
		}
		Self::close(id, &cmd);
		Self::record(id, cmd, CommandState::TimedOut, &silent, now, None);
		Self::deposit_event(Event::CommandTimedOut { command: id, silent });
		T::OnSettled::on_command_settled(id, CommandOutcome::TimedOut);
	}

	/// The work waiting for `executor`, for the executor service.
	pub fn assignments(executor: &T::AccountId) -> Vec<Assignment> {
		Assignments::<T>::iter_key_prefix(executor)
			.filter_map(|id| {
				let cmd = OpenCommands::<T>::get(id)?;
				let program = Programs::<T>::get(cmd.program)?;
				let (input, sealed) = if cmd.sealed {
					let position = cmd.executors.iter().position(|e| e == executor)?;
					(SealedInputs::<T>::get(id)?.get(position)?.clone().into_inner(), true)
				} else {
					(Inputs::<T>::get(id)?.into_inner(), false)
				};
				Some(Assignment {
					id,
					program: cmd.program,
					code_hash: program.code_hash,
					limits: program.limits,
					input,
					sealed,
					input_commitment: cmd.input_commitment,
					fuel_limit: cmd.fuel_limit,
					reply_to: cmd.reply_to.map(|k| k.into_inner()),
					verifying_key: program.vk.and_then(T::Verifier::verifying_key),
					deadline: cmd.deadline.saturated_into(),
				})
			})
			.collect()
	}

	/// A command, open or closed, for the shell.
	pub fn command_view(
		id: CommandId,
	) -> Option<CommandView<T::AccountId, BalanceOf<T>, BlockNumberOf<T>>> {
		if let Some(cmd) = OpenCommands::<T>::get(id) {
			return Some(CommandView {
				id,
				owner: cmd.owner,
				program: cmd.program,
				input_commitment: cmd.input_commitment,
				sealed: cmd.sealed,
				fuel_limit: cmd.fuel_limit,
				fee: cmd.fee,
				executors: cmd.executors.into_inner(),
				reported: cmd.reports.into_iter().map(|r| r.executor).collect(),
				state: cmd.state,
				deadline: cmd.deadline,
				result: None,
			});
		}
		let r = Results::<T>::get(id)?;
		Some(CommandView {
			id,
			owner: r.owner,
			program: r.program,
			input_commitment: r.input_commitment,
			sealed: r.sealed,
			fuel_limit: 0,
			fee: r.fee,
			executors: r.assigned.into_inner(),
			reported: Vec::new(),
			state: r.state,
			deadline: r.closed_at,
			result: (r.state == CommandState::Settled).then(|| CommandResult {
				exit: r.exit,
				output: r.output.into_inner(),
				output_sealed: r.output_sealed,
				output_hash: r.output_hash,
				fuel_used: r.fuel_used,
				check: r.check,
				executors: r.executors.into_inner(),
				settled_at: r.closed_at,
			}),
		})
	}

	/// An executor, for the executor service and the shell.
	pub fn executor_view(who: &T::AccountId) -> Option<ExecutorView<BalanceOf<T>>> {
		Executors::<T>::get(who).map(|info| ExecutorView {
			seal_key: info.seal_key.into_inner(),
			bond: info.bond,
			pending: info.pending,
			active: info.active,
		})
	}

	/// Checks the pallet's invariants: the holds match the records.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		let mut fees: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut pending: BTreeMap<T::AccountId, u32> = BTreeMap::new();
		let mut open: BTreeMap<ProgramId, u32> = BTreeMap::new();
		for (id, cmd) in OpenCommands::<T>::iter() {
			let entry = fees.entry(cmd.owner.clone()).or_default();
			*entry = entry.saturating_add(cmd.fee);
			*open.entry(cmd.program).or_default() += 1;
			for e in cmd.executors.iter() {
				*pending.entry(e.clone()).or_default() += 1;
				let reported = cmd.reports.iter().any(|r| &r.executor == e);
				let assigned = Assignments::<T>::contains_key(e, id);
				let expected = cmd.state == CommandState::Running && !reported;
				ensure!(assigned == expected, "an assignment does not match its command");
			}
			ensure!(
				Deadlines::<T>::get(cmd.deadline).contains(&id),
				"an open command is missing from its deadline"
			);
		}
		for (who, amount) in fees.iter() {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::CommandFee.into(), who) == *amount,
				"held fees differ from the open commands' fees"
			);
		}
		let active = ActiveExecutors::<T>::get();
		for (who, info) in Executors::<T>::iter() {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::ExecutorBond.into(), &who) == info.bond,
				"an executor's held bond differs from its record"
			);
			ensure!(
				info.pending == pending.get(&who).copied().unwrap_or(0),
				"an executor's pending count is wrong"
			);
			ensure!(info.active == active.contains(&who), "the active set is out of step");
		}
		ensure!(
			active.iter().all(|e| Executors::<T>::contains_key(e)),
			"an active executor is not registered"
		);
		let mut deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (id, info) in Programs::<T>::iter() {
			ensure!(
				info.open_commands == open.get(&id).copied().unwrap_or(0),
				"a program's open count is wrong"
			);
			ensure!(ProgramCode::<T>::contains_key(id), "a program has no module");
			let entry = deposits.entry(info.owner.clone()).or_default();
			*entry = entry.saturating_add(info.deposit);
		}
		for (who, amount) in deposits.iter() {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::ProgramDeposit.into(), who) == *amount,
				"held program deposits differ from the programs"
			);
		}
		for (id, pins) in ProgramPins::<T>::iter() {
			ensure!(pins > 0 && Programs::<T>::contains_key(id), "a pin on no program");
		}
		Ok(())
	}
}
