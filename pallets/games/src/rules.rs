//! What a game's rules must agree with: the public inputs of a move proof, the input and output
//! of the rules program in a challenge, and the interface to the command pallet that runs it.
//!
//! # State hashes
//!
//! A game's state is bytes only the players (and anyone replaying the `MoveMade` events) hold;
//! the chain keeps its hash. For an optimistic game the state hash **is** `SHA-256(state bytes)`:
//! a challenge checks the pre-state against it. A proved game's circuit may hash states as it
//! likes (the chain only passes the hashes through), but using the same SHA-256 keeps its states
//! checkable by the rules program too.
//!
//! # The outcome code
//!
//! A move's claimed outcome as a number, used by both checks: `0` the game goes on, `1` a draw,
//! `2 + k` seat `k` wins ([`outcome_code`]).
//!
//! # Move proofs (games with a verifying key)
//!
//! A move `(prev_hash, move bytes, new_hash, outcome)` made by seat `seat` carries a Groth16 proof
//! against the game's key, with exactly [`MOVE_PROOF_INPUTS`] (8) public inputs, in this order
//! ([`move_public_inputs`]):
//!
//! | # | input |
//! |---|---|
//! | 0, 1 | `hash_to_scalars(prev_hash)`: low, high 16 bytes as little-endian `u128`s |
//! | 2, 3 | `hash_to_scalars(SHA-256(move bytes))` |
//! | 4, 5 | `hash_to_scalars(new_hash)` |
//! | 6 | the mover's seat, as a scalar (`u128_to_scalar(seat)`) |
//! | 7 | the outcome code, as a scalar |
//!
//! The circuit proves: the move is legal in the state hashing to `prev_hash` for that seat, the
//! step function takes that state to the one hashing to `new_hash`, and its outcome is the one
//! claimed. A circuit that does not need the seat may leave input 6 unconstrained.
//!
//! # The rules program (challenges of optimistic moves)
//!
//! A rules program is a command program (the host ABI of `aether_primitives::commands`). In a
//! challenge it runs with the input ([`rules_input`]):
//!
//! ```text
//! seat (1 byte) ‖ state length n (u32, little-endian) ‖ state (n bytes) ‖ move (the rest)
//! ```
//!
//! and must, for a legal move, end normally having written exactly 33 bytes
//! ([`rules_output`]):
//!
//! ```text
//! SHA-256(new state) (32 bytes) ‖ outcome code (1 byte)
//! ```
//!
//! For an illegal move it traps (`unreachable`). The challenge is decided on the settled command:
//! an `Ok` exit whose output hash is `SHA-256(rules_output(claimed new_hash, claimed outcome))`
//! clears the mover; any other `Ok` output or a trap convicts it; running out of fuel, an
//! unreadable input or a time-out decides nothing (the challenge is void).

use crate::types::{Outcome, Seat};
use aether_primitives::{
	commands::{sha256, CommandId, ProgramId},
	zk::{hash_to_scalars, u128_to_scalar, Scalar},
};
use alloc::vec::Vec;
use polkadot_sdk::sp_runtime::{DispatchError, DispatchResult};

/// Public inputs of a move proof.
pub const MOVE_PROOF_INPUTS: u32 = 8;

/// Bytes the rules input adds to the state and the move: the seat and the state's length.
pub const RULES_INPUT_OVERHEAD: u32 = 5;

/// The outcome code: `0` no outcome, `1` a draw, `2 + k` seat `k` wins.
pub fn outcome_code(outcome: Option<Outcome>) -> u8 {
	match outcome {
		None => 0,
		Some(Outcome::Draw) => 1,
		Some(Outcome::Winner(seat)) => seat.saturating_add(2),
	}
}

/// The public inputs of the proof of a move (see the module docs for the order).
pub fn move_public_inputs(
	prev_hash: &[u8; 32],
	move_hash: &[u8; 32],
	new_hash: &[u8; 32],
	seat: Seat,
	outcome: Option<Outcome>,
) -> [Scalar; MOVE_PROOF_INPUTS as usize] {
	let [p0, p1] = hash_to_scalars(prev_hash);
	let [m0, m1] = hash_to_scalars(move_hash);
	let [n0, n1] = hash_to_scalars(new_hash);
	[
		p0,
		p1,
		m0,
		m1,
		n0,
		n1,
		u128_to_scalar(seat.into()),
		u128_to_scalar(outcome_code(outcome).into()),
	]
}

/// The rules program's input for `seat` playing `mv` in `state`.
pub fn rules_input(seat: Seat, state: &[u8], mv: &[u8]) -> Vec<u8> {
	let mut input = Vec::with_capacity(RULES_INPUT_OVERHEAD as usize + state.len() + mv.len());
	input.push(seat);
	input.extend_from_slice(&(state.len() as u32).to_le_bytes());
	input.extend_from_slice(state);
	input.extend_from_slice(mv);
	input
}

/// What the rules program writes for a legal move to `new_hash` with `outcome`.
pub fn rules_output(new_hash: &[u8; 32], outcome: Option<Outcome>) -> [u8; 33] {
	let mut out = [0u8; 33];
	out[..32].copy_from_slice(new_hash);
	out[32] = outcome_code(outcome);
	out
}

/// The output hash a settled challenge command must have to clear the mover.
pub fn expected_output_hash(new_hash: &[u8; 32], outcome: Option<Outcome>) -> [u8; 32] {
	sha256(&rules_output(new_hash, outcome))
}

/// How the game ledger runs rules programs: the command pallet (implemented below for
/// `pallet_commands::Pallet`). The result comes back through
/// [`pallet_commands::OnCommandSettled`], which this pallet implements.
pub trait RulesRunner<AccountId, Balance> {
	/// Whether `program` is a registered program.
	fn program_exists(program: ProgramId) -> bool;

	/// Adds (`pinned`) or removes a reference to `program`, so it is not unregistered while a
	/// game uses it.
	fn pin(program: ProgramId, pinned: bool) -> DispatchResult;

	/// Longest input [`RulesRunner::run`] accepts.
	fn max_input_len() -> u32;

	/// Submits a command running `program` on `input` with `fuel_limit`, paid by `payer` (`fee`
	/// is held from it) and checked by `redundancy` executors. Returns the command's id.
	fn run(
		payer: &AccountId,
		program: ProgramId,
		input: Vec<u8>,
		fuel_limit: u64,
		fee: Balance,
		redundancy: u32,
	) -> Result<CommandId, DispatchError>;

	/// A program `run` can run, with whatever running it needs (executors), for benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_program(owner: &AccountId, redundancy: u32) -> ProgramId;
}

/// The command pallet runs rules programs as plain-input commands.
impl<T: pallet_commands::Config> RulesRunner<T::AccountId, pallet_commands::BalanceOf<T>>
	for pallet_commands::Pallet<T>
{
	fn program_exists(program: ProgramId) -> bool {
		pallet_commands::Programs::<T>::contains_key(program)
	}

	fn pin(program: ProgramId, pinned: bool) -> DispatchResult {
		Self::pin_program(program, pinned)
	}

	fn max_input_len() -> u32 {
		<T::MaxIoLen as polkadot_sdk::frame_support::traits::Get<u32>>::get()
	}

	fn run(
		payer: &T::AccountId,
		program: ProgramId,
		input: Vec<u8>,
		fuel_limit: u64,
		fee: pallet_commands::BalanceOf<T>,
		redundancy: u32,
	) -> Result<CommandId, DispatchError> {
		let input = pallet_commands::IoOf::<T>::try_from(input)
			.map_err(|_| DispatchError::Other("rules input longer than the commands' MaxIoLen"))?;
		Self::do_submit_command(
			payer.clone(),
			program,
			pallet_commands::CommandInput::Plain(input),
			fuel_limit,
			fee,
			redundancy,
		)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_program(owner: &T::AccountId, redundancy: u32) -> ProgramId {
		benchmark_support::program::<T>(owner, redundancy)
	}
}

/// The smallest valid command program: exports `memory` (one page) and an empty `run`.
#[cfg(any(test, feature = "runtime-benchmarks"))]
pub const MINIMAL_PROGRAM: &[u8] = &[
	0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
	1, 4, 1, 0x60, 0, 0, // types: [] -> []
	3, 2, 1, 0, // functions: one of type 0
	5, 3, 1, 0, 1, // memory: one, min 1 page
	7, 16, 2, 6, b'm', b'e', b'm', b'o', b'r', b'y', 2, 0, 3, b'r', b'u', b'n', 0,
	0, // exports
	10, 4, 1, 2, 0, 0x0b, // code: an empty body
];

#[cfg(feature = "runtime-benchmarks")]
mod benchmark_support {
	use super::*;
	use pallet_commands::{Config, Pallet, SealKey, SEAL_KEY_LEN};
	use polkadot_sdk::{
		frame_benchmarking::account,
		frame_support::traits::{
			fungible::{Inspect, Mutate},
			Get,
		},
		frame_system::RawOrigin,
		sp_runtime::traits::Saturating,
	};

	fn fund<T: Config>(who: &T::AccountId) {
		let amount = T::Currency::minimum_balance()
			.saturating_mul(1_000_000u32.into())
			.saturating_add(T::ExecutorBond::get().saturating_mul(10u32.into()))
			.saturating_add(T::ProgramDeposit::get())
			.saturating_add(T::ProgramByteDeposit::get().saturating_mul(1_000u32.into()));
		let _ = T::Currency::mint_into(who, amount);
	}

	/// Registers [`MINIMAL_PROGRAM`] for `owner` and a full active set of executors (at least
	/// `redundancy`): the draw of a challenge's executors is then at its most expensive.
	pub fn program<T: Config>(owner: &T::AccountId, redundancy: u32) -> ProgramId {
		fund::<T>(owner);
		let id = pallet_commands::NextProgramId::<T>::get();
		let code = pallet_commands::CodeOf::<T>::truncate_from(MINIMAL_PROGRAM.to_vec());
		let limits = pallet_commands::ProgramLimits { max_memory_pages: 1, max_output: 33 };
		if let Err(e) = Pallet::<T>::register_program(
			RawOrigin::Signed(owner.clone()).into(),
			code,
			limits,
			None,
		) {
			log::error!(target: crate::LOG_TARGET, "benchmark program refused: {e:?}");
		}
		let mut key = alloc::vec![7u8; SEAL_KEY_LEN as usize];
		if let Some(prefix) = key.get_mut(SEAL_KEY_LEN as usize - 33) {
			*prefix = 0x02;
		}
		for i in 0..redundancy.max(T::MaxExecutors::get()) {
			let executor: T::AccountId = account("rules-executor", i, 0);
			fund::<T>(&executor);
			let _ = Pallet::<T>::register_executor(
				RawOrigin::Signed(executor).into(),
				SealKey::truncate_from(key.clone()),
			);
		}
		id
	}
}
