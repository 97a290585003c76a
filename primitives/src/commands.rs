//! Commands: the programs executors run, the host ABI they run against, and the rules a module
//! must pass to be registered.
//!
//! # Host ABI (version 1)
//!
//! A program is a WebAssembly core module. It **exports** a memory named `memory` and a function
//! `run: [] -> []`. It may **import** only these functions, from module `aether`:
//!
//! | import | signature | does |
//! |---|---|---|
//! | `input_len` | `[] -> [i32]` | length of the command's input in bytes |
//! | `input_read` | `[dst: i32, offset: i32, len: i32] -> [i32]` | copies up to `len` input bytes from `offset` to memory at `dst`; returns how many were copied |
//! | `output_write` | `[src: i32, len: i32] -> []` | appends `len` bytes from memory at `src` to the output; traps past the program's `max_output` |
//! | `log` | `[src: i32, len: i32] -> []` | a debug line for the executor's log; not part of the result |
//!
//! The output is whatever `run` wrote when it returns. A trap (including out-of-bounds access,
//! `unreachable`, exhausting fuel or memory) ends the command with no output. Each host call
//! costs fuel: [`HOST_CALL_FUEL`] plus one unit per [`FUEL_BYTES_PER_UNIT`] bytes moved.
//!
//! # What the chain checks at registration ([`validate_module`])
//!
//! The module must parse and validate with the WebAssembly 2.0 features that are deterministic
//! and single-threaded: mutable globals, sign extension, saturating float-to-int, multi-value,
//! bulk memory and reference types (which `rustc` emits for `call_indirect`). SIMD, relaxed SIMD,
//! threads and shared memory, 64-bit memories, multiple memories, tail calls, exceptions, GC and
//! the component model are refused. Floats are allowed: executors canonicalise NaNs. Every import
//! must be one of the table above with exactly its signature; importing a memory, table or global
//! is refused. It must export `memory` and `run` as described, and its memory may not start
//! larger than the program's [`ProgramLimits::max_memory_pages`].

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

pub use crate::chalice::{CommandId, ProgramId};

/// The import module name of the host ABI.
pub const HOST_MODULE: &str = "aether";
/// The exported entry point.
pub const ENTRY_POINT: &str = "run";
/// The exported memory.
pub const MEMORY_EXPORT: &str = "memory";
/// Fuel charged for any host call, before the bytes it moves.
pub const HOST_CALL_FUEL: u64 = 10;
/// A host call moving `n` bytes costs `n / FUEL_BYTES_PER_UNIT` more fuel.
pub const FUEL_BYTES_PER_UNIT: u64 = 8;
/// One WebAssembly page.
pub const PAGE_SIZE: u32 = 65_536;

/// The resources one run of a program may use, fixed at registration.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct ProgramLimits {
	/// Linear memory cap, in 64 KiB pages; growing past it fails (`memory.grow` returns -1) and
	/// an allocator that cannot grow traps.
	pub max_memory_pages: u32,
	/// Largest output in bytes; writing more traps.
	pub max_output: u32,
}

impl Default for ProgramLimits {
	fn default() -> Self {
		Self { max_memory_pages: 16, max_output: 1024 }
	}
}

/// Why a module was refused at registration.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum ModuleError {
	/// Not a valid WebAssembly module, or it uses a refused feature (SIMD, threads, ...).
	Invalid,
	/// It imports something other than the host ABI's functions, or with the wrong signature.
	ForbiddenImport,
	/// It does not export `memory` and `run: [] -> []`.
	MissingExport,
	/// Its memory starts larger than the program's cap, or is shared or 64-bit.
	MemoryTooLarge,
	/// It is a component or declares more than one memory.
	Unsupported,
}

/// The host imports and their `(params, results)` as value-type counts of `i32`.
const HOST_IMPORTS: [(&str, u32, u32); 4] =
	[("input_len", 0, 1), ("input_read", 3, 1), ("output_write", 2, 0), ("log", 2, 0)];

/// The WebAssembly features a program may use.
pub fn allowed_features() -> wasmparser::WasmFeatures {
	use wasmparser::WasmFeatures as F;
	F::MUTABLE_GLOBAL
		| F::SATURATING_FLOAT_TO_INT
		| F::SIGN_EXTENSION
		| F::MULTI_VALUE
		| F::BULK_MEMORY
		| F::REFERENCE_TYPES
		| F::FLOATS
}

/// Checks a module against the rules above. Runs in the runtime: linear in the module's size.
pub fn validate_module(wasm: &[u8], limits: &ProgramLimits) -> Result<(), ModuleError> {
	use wasmparser::{
		CompositeInnerType, ExternalKind, Parser, Payload, TypeRef, ValType, Validator,
	};

	let mut validator = Validator::new_with_features(allowed_features());
	validator
		.validate_all(wasm)
		.map_err(|_| refusal_reason(wasm).unwrap_or(ModuleError::Invalid))?;

	// The module is valid; walk it once more for the ABI.
	let mut func_types: Vec<(Vec<ValType>, Vec<ValType>)> = Vec::new();
	let mut func_type_of: Vec<u32> = Vec::new();
	let mut memories = 0u32;
	let mut has_memory_export = false;
	let mut run_func: Option<u32> = None;
	for payload in Parser::new(0).parse_all(wasm) {
		match payload.map_err(|_| ModuleError::Invalid)? {
			Payload::Version { encoding: wasmparser::Encoding::Component, .. } => {
				return Err(ModuleError::Unsupported)
			},
			Payload::TypeSection(reader) => {
				for group in reader {
					let group = group.map_err(|_| ModuleError::Invalid)?;
					for sub in group.into_types() {
						match sub.composite_type.inner {
							CompositeInnerType::Func(f) => {
								func_types.push((f.params().to_vec(), f.results().to_vec()))
							},
							_ => return Err(ModuleError::Unsupported),
						}
					}
				}
			},
			Payload::ImportSection(reader) => {
				for import in reader {
					let import = import.map_err(|_| ModuleError::Invalid)?;
					if import.module != HOST_MODULE {
						return Err(ModuleError::ForbiddenImport);
					}
					let TypeRef::Func(ty) = import.ty else {
						return Err(ModuleError::ForbiddenImport);
					};
					let (params, results) =
						func_types.get(ty as usize).ok_or(ModuleError::Invalid)?;
					let expected = HOST_IMPORTS
						.iter()
						.find(|(name, _, _)| *name == import.name)
						.ok_or(ModuleError::ForbiddenImport)?;
					let all_i32 = |v: &[ValType]| v.iter().all(|t| *t == ValType::I32);
					if params.len() as u32 != expected.1
						|| results.len() as u32 != expected.2
						|| !all_i32(params)
						|| !all_i32(results)
					{
						return Err(ModuleError::ForbiddenImport);
					}
					func_type_of.push(ty);
				}
			},
			Payload::FunctionSection(reader) => {
				for ty in reader {
					func_type_of.push(ty.map_err(|_| ModuleError::Invalid)?);
				}
			},
			Payload::MemorySection(reader) => {
				for memory in reader {
					let memory = memory.map_err(|_| ModuleError::Invalid)?;
					memories += 1;
					if memory.memory64
						|| memory.shared || memory.initial > u64::from(limits.max_memory_pages)
					{
						return Err(ModuleError::MemoryTooLarge);
					}
				}
			},
			Payload::ExportSection(reader) => {
				for export in reader {
					let export = export.map_err(|_| ModuleError::Invalid)?;
					match (export.name, export.kind) {
						(MEMORY_EXPORT, ExternalKind::Memory) => has_memory_export = true,
						(ENTRY_POINT, ExternalKind::Func) => run_func = Some(export.index),
						_ => {},
					}
				}
			},
			_ => {},
		}
	}
	if memories > 1 {
		return Err(ModuleError::Unsupported);
	}
	let run = run_func.ok_or(ModuleError::MissingExport)?;
	let run_type = func_type_of.get(run as usize).ok_or(ModuleError::Invalid)?;
	let (params, results) = func_types.get(*run_type as usize).ok_or(ModuleError::Invalid)?;
	if !has_memory_export || !params.is_empty() || !results.is_empty() {
		return Err(ModuleError::MissingExport);
	}
	Ok(())
}

/// The sealing context of command `id`'s input: an envelope sealed for one command does not open
/// as another's.
pub fn input_context(id: CommandId) -> Vec<u8> {
	let mut context = b"aether/command-input/".to_vec();
	context.extend_from_slice(&id.to_le_bytes());
	context
}

/// The sealing context of command `id`'s output, sealed back to the submitter.
pub fn output_context(id: CommandId) -> Vec<u8> {
	let mut context = b"aether/command-output/".to_vec();
	context.extend_from_slice(&id.to_le_bytes());
	context
}

/// Why the validator refused a module, for the refusals that have their own [`ModuleError`]: the
/// validator rejects components, several memories and shared or 64-bit memories as disabled
/// features, before the ABI walk of [`validate_module`] could name them. `None` means plain
/// [`ModuleError::Invalid`]. Only runs on refused modules; linear in their size.
fn refusal_reason(wasm: &[u8]) -> Option<ModuleError> {
	use wasmparser::{Encoding, Parser, Payload};

	let mut memories = 0u32;
	for payload in Parser::new(0).parse_all(wasm) {
		match payload.ok()? {
			Payload::Version { encoding: Encoding::Component, .. } => {
				return Some(ModuleError::Unsupported)
			},
			Payload::MemorySection(reader) => {
				for memory in reader {
					let memory = memory.ok()?;
					if memory.memory64 || memory.shared {
						return Some(ModuleError::MemoryTooLarge);
					}
					memories += 1;
				}
			},
			_ => {},
		}
	}
	(memories > 1).then_some(ModuleError::Unsupported)
}

/// SHA-256, the commitment to a command's input and the hash of its output.
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
	polkadot_sdk::sp_io::hashing::sha2_256(bytes)
}

/// How a run of a program ended, as executors report it and the chain settles it.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub enum ExitStatus {
	/// `run` returned; the output is what it wrote.
	Ok,
	/// The fuel limit ran out; no output. The fee is still charged.
	OutOfFuel,
	/// The program trapped (including running past its memory or output cap); no output.
	Trapped,
	/// The sealed input did not open, or did not match its commitment; the program did not run.
	InputUnreadable,
}

/// How a result was checked.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub enum Check {
	/// One report carried a Groth16 proof binding the input commitment and the output hash.
	Proof,
	/// This many assigned executors reported the same exit, output hash and fuel.
	Quorum(u32),
}

/// Where a command is in its life.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub enum CommandState {
	/// Executors are assigned; the submitter still has to post their sealed inputs.
	AwaitingInput,
	/// Executors are assigned and may report.
	Running,
	/// Settled: see the result.
	Settled,
	/// The deadline passed without settlement: the fee was refunded.
	TimedOut,
}

/// The settled result of a command.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct CommandResult<AccountId, BlockNumber> {
	/// How the run ended.
	pub exit: ExitStatus,
	/// The output, or the output sealed to the submitter when it asked for that.
	pub output: Vec<u8>,
	/// Whether [`CommandResult::output`] is sealed.
	pub output_sealed: bool,
	/// SHA-256 of the plaintext output.
	pub output_hash: [u8; 32],
	/// Fuel the run used.
	pub fuel_used: u64,
	/// How the result was checked.
	pub check: Check,
	/// The executors whose reports settled it.
	pub executors: Vec<AccountId>,
	/// The block of settlement.
	pub settled_at: BlockNumber,
}

/// A command as the node and the shell see it.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct CommandView<AccountId, Balance, BlockNumber> {
	/// The command.
	pub id: CommandId,
	/// Who submitted (and pays for) it.
	pub owner: AccountId,
	/// The program it runs.
	pub program: ProgramId,
	/// SHA-256 of the input.
	pub input_commitment: [u8; 32],
	/// Whether the input is sealed to the executors.
	pub sealed: bool,
	/// Fuel limit of the run.
	pub fuel_limit: u64,
	/// The fee held from the owner, paid at settlement.
	pub fee: Balance,
	/// The executors assigned.
	pub executors: Vec<AccountId>,
	/// The executors that have reported so far.
	pub reported: Vec<AccountId>,
	/// Where the command is.
	pub state: CommandState,
	/// The block by which it must settle.
	pub deadline: BlockNumber,
	/// The result, once settled.
	pub result: Option<CommandResult<AccountId, BlockNumber>>,
}

/// A command an executor has to run, with everything it needs.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct Assignment {
	/// The command.
	pub id: CommandId,
	/// Its program.
	pub program: ProgramId,
	/// SHA-256 of the program's module (the executor's cache key).
	pub code_hash: [u8; 32],
	/// The program's limits.
	pub limits: ProgramLimits,
	/// The plaintext input, or this executor's sealed envelope of it.
	pub input: Vec<u8>,
	/// Whether [`Assignment::input`] is sealed.
	pub sealed: bool,
	/// SHA-256 of the plaintext input.
	pub input_commitment: [u8; 32],
	/// Fuel limit.
	pub fuel_limit: u64,
	/// The submitter's sealing keys when the output must be sealed back to it.
	pub reply_to: Option<Vec<u8>>,
	/// The program's Groth16 verifying key, when a result must be proved.
	pub verifying_key: Option<Vec<u8>>,
	/// The block by which it must settle.
	pub deadline: u32,
}

/// An executor as the node and the shell see it.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct ExecutorView<Balance> {
	/// Its sealing public keys (ML-KEM-768 ‖ compressed secp256k1).
	pub seal_key: Vec<u8>,
	/// Its bond, as held now (after any slashing).
	pub bond: Balance,
	/// Commands assigned to it and not yet reported or closed.
	pub pending: u32,
	/// Whether it is in the selection set (a bond slashed below the minimum takes it out).
	pub active: bool,
}

polkadot_sdk::sp_api::decl_runtime_apis! {
	/// What the executor service and the shell read from the command pallet.
	pub trait CommandsApi<AccountId, Balance, BlockNumber> where
		AccountId: codec::Codec,
		Balance: codec::Codec,
		BlockNumber: codec::Codec,
	{
		/// Commands assigned to `executor` that it has not reported yet and can run now.
		fn assignments(executor: AccountId) -> Vec<Assignment>;
		/// The module of a program.
		fn program_code(program: ProgramId) -> Option<Vec<u8>>;
		/// A command, open or closed.
		fn command(id: CommandId) -> Option<CommandView<AccountId, Balance, BlockNumber>>;
		/// An executor.
		fn executor(who: AccountId) -> Option<ExecutorView<Balance>>;
	}
}
