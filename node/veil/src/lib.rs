//! # The Emulator Veil
//!
//! The executor sandbox: runs command programs (WebAssembly core modules speaking the host ABI of
//! [`aether_primitives::commands`]) deterministically, so that every honest executor computes the
//! same output and the same fuel for the same program and input.
//!
//! What makes a run deterministic here:
//!
//! - **Fuel** bounds time. Wasmtime's fuel counts WebAssembly operators, not wall-clock time, so the
//!   point at which a program runs out is the same everywhere; host calls charge
//!   [`HOST_CALL_FUEL`] plus one unit per [`FUEL_BYTES_PER_UNIT`] bytes moved from the same
//!   counter.
//! - **NaN canonicalisation**: every float operation that can produce a NaN produces the canonical
//!   one, so the bit patterns programs observe do not depend on the host CPU.
//! - **Features**: exactly [`allowed_features`] (no SIMD, relaxed SIMD, threads, tail calls,
//!   multi-memory, memory64, GC, exceptions, component model). Every module first passes
//!   [`validate_module`], the same check the chain runs at registration; the engine is configured
//!   to refuse the same proposals on its own as a second line.
//! - **Memory cap**: a [`ResourceLimiter`] on every store refuses growth past
//!   [`ProgramLimits::max_memory_pages`] (`memory.grow` returns -1), and caps tables.
//! - **Nothing else**: no WASI, no clock, no randomness; a fresh store and instance per run.
//!
//! Modules are validated and compiled once and cached by the SHA-256 of their bytes and their
//! limits ([`Sandbox::prepare`]); a run ([`Sandbox::execute`]) is then a fresh [`Store`], an
//! instantiation from a pre-linked [`InstancePre`], and one call of `run`.
//!
//! ## Instance allocation
//!
//! Instances come from Wasmtime's pooling allocator: [`MAX_CONCURRENT_RUNS`] slots, each with a
//! full 4 GiB reservation (so the memory cap is the [`ResourceLimiter`]'s alone, exactly as with
//! on-demand allocation) and the first [`KEEP_RESIDENT_BYTES`] of memory reset with `memset`
//! rather than `madvise`. Measured on the 2-core development VM, an instantiation and an empty
//! call take about 1.7 µs pooled against 11–16 µs on demand (a fresh 4 GiB mapping per run), and
//! a run that dirties 256 KiB about 6.5 µs against 160 µs (page faults). The pool reserves
//! about 130 GiB of address space (nothing resident until used); runs beyond the slots wait for
//! one, they never fail for lack of one. There is no fallback to on-demand allocation: every
//! executor runs the same configuration, so the same modules pass and fail everywhere.
//!
//! ## Known limits of determinism
//!
//! - Fuel counts depend on the Wasmtime release (its per-operator costs); executors must run the
//!   same release (this crate pins `=36.0.20`).
//! - A stack overflow (recursion deeper than Wasmtime's 512 KiB default stack) traps everywhere,
//!   but where exactly it happens depends on native frame sizes, so the fuel burnt before it can
//!   differ between CPU architectures. The outcome (a trap, no output) does not.
//! - If the host itself runs out of memory below the program's cap, growth fails where it would
//!   succeed elsewhere; the cap should be set well below what executors have.

#![deny(missing_docs)]

use std::{collections::HashMap, fmt, sync::Arc};

use aether_primitives::commands::{
	validate_module, ModuleError, ProgramLimits, ENTRY_POINT, FUEL_BYTES_PER_UNIT, HOST_CALL_FUEL,
	HOST_MODULE, MEMORY_EXPORT, PAGE_SIZE,
};
use parking_lot::{Condvar, Mutex};
use sha2::{Digest, Sha256};
use wasmtime::{
	Caller, Config, Engine, Extern, InstanceAllocationStrategy, InstancePre, Linker, Memory,
	Module, ModuleExport, PoolingAllocationConfig, ResourceLimiter, Store, Strategy, Trap,
};

#[cfg(test)]
mod tests;

pub use aether_primitives::commands::allowed_features;

/// Most log lines one run keeps; further `log` calls are still charged and bounds-checked.
pub const MAX_LOG_LINES: usize = 64;
/// Longest log line kept, in bytes; longer lines are cut (the full length is still charged).
pub const MAX_LOG_LINE_BYTES: usize = 256;
/// Most elements a table may have (each costs a pointer of host memory).
pub const MAX_TABLE_ELEMENTS: usize = 1 << 16;
/// Most tables one instance may define (reference types allow several; `rustc` emits one).
pub const MAX_TABLES: usize = 8;
/// Runs one [`Sandbox`] executes at the same time (its pool's slots); more wait for a slot.
pub const MAX_CONCURRENT_RUNS: u32 = 32;
/// Bytes at the start of a pooled memory reset by `memset` after a run, instead of being
/// returned to the kernel and faulted in again by the next one.
pub const KEEP_RESIDENT_BYTES: usize = 256 * 1024;
/// Room for an instance's own state (its `VMContext`: globals, function references...); a
/// module needing more is refused at [`Sandbox::prepare`].
const MAX_INSTANCE_STATE_BYTES: usize = 16 << 20;

/// How a [`Sandbox`] is set up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SandboxConfig {
	/// Meter fuel (default `true`). Without it nothing bounds a run's time and
	/// [`Outcome::fuel_used`] is always 0: only for measuring the metering's cost.
	pub fuel_metering: bool,
	/// How many prepared modules to keep (default 64); the least recently used goes first.
	/// 0 disables the cache.
	pub max_cached_modules: usize,
}

impl Default for SandboxConfig {
	fn default() -> Self {
		Self { fuel_metering: true, max_cached_modules: 64 }
	}
}

/// Why a module could not be prepared.
#[derive(Debug, thiserror::Error)]
pub enum VeilError {
	/// The module breaks the registration rules ([`validate_module`]).
	#[error("module refused: {0:?}")]
	Invalid(ModuleError),
	/// Wasmtime could not compile a module that passed validation.
	#[error("compilation failed: {0}")]
	Compile(String),
	/// Linking the host ABI into the module failed.
	#[error("linking failed: {0}")]
	Link(String),
	/// The module is valid but needs more than the sandbox gives any program (tables beyond
	/// [`MAX_TABLES`] or [`MAX_TABLE_ELEMENTS`]).
	#[error("module needs more than the sandbox allows: {0}")]
	Unsupported(String),
	/// The Wasmtime engine could not be built (for instance when the instance pool cannot
	/// reserve its address space).
	#[error("engine configuration failed: {0}")]
	Engine(String),
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExitStatus {
	/// `run` returned; the output stands.
	Ok,
	/// The fuel ran out (in WebAssembly code or paying for a host call).
	OutOfFuel,
	/// Anything else that ended the run early: `unreachable`, an out-of-bounds access, output
	/// past `max_output`, a failed instantiation... The text is for humans, not for consensus.
	Trap(String),
}

/// The result of one run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
	/// How the run ended.
	pub status: ExitStatus,
	/// What `run` wrote; empty unless `status` is [`ExitStatus::Ok`].
	pub output: Vec<u8>,
	/// Fuel consumed, host calls included; the whole limit on [`ExitStatus::OutOfFuel`], 0 when
	/// the sandbox does not meter fuel.
	pub fuel_used: u64,
	/// Debug lines the program logged (at most [`MAX_LOG_LINES`] of at most
	/// [`MAX_LOG_LINE_BYTES`] bytes, lossily decoded as UTF-8); kept even when the run traps.
	pub logs: Vec<String>,
}

/// SHA-256 of a run's output: what an executor commits to (same as
/// [`aether_primitives::commands::sha256`]).
pub fn output_hash(output: &[u8]) -> [u8; 32] {
	Sha256::digest(output).into()
}

/// A validated, compiled and pre-linked module, ready to [`Sandbox::execute`]. Cloning it is a
/// reference-count increment.
#[derive(Clone)]
pub struct Prepared {
	inner: Arc<PreparedInner>,
}

struct PreparedInner {
	pre: InstancePre<HostState>,
	run: ModuleExport,
	memory: ModuleExport,
	limits: ProgramLimits,
	code_hash: [u8; 32],
	fuel_metering: bool,
	/// The pool slots of the engine `pre` belongs to.
	slots: Arc<Slots>,
}

impl Prepared {
	/// SHA-256 of the module's bytes.
	pub fn code_hash(&self) -> [u8; 32] {
		self.inner.code_hash
	}

	/// The limits the module was validated against and runs under.
	pub fn limits(&self) -> ProgramLimits {
		self.inner.limits
	}
}

impl fmt::Debug for Prepared {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.debug_struct("Prepared")
			.field("code_hash", &Hex(&self.inner.code_hash))
			.field("limits", &self.inner.limits)
			.finish_non_exhaustive()
	}
}

struct Hex<'a>(&'a [u8]);

impl fmt::Debug for Hex<'_> {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
	}
}

/// The executor sandbox: one Wasmtime engine, the host ABI linked once, and a cache of prepared
/// modules. `Send + Sync`; share it behind an `Arc` and run on as many threads as you like.
pub struct Sandbox {
	engine: Engine,
	linker: Linker<HostState>,
	config: SandboxConfig,
	cache: Mutex<Cache>,
	slots: Arc<Slots>,
}

impl fmt::Debug for Sandbox {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.debug_struct("Sandbox")
			.field("config", &self.config)
			.field("cached_modules", &self.cache.lock().entries.len())
			.finish_non_exhaustive()
	}
}

/// The Wasmtime configuration every executor must share.
fn engine_config(fuel_metering: bool) -> Config {
	let mut config = Config::new();
	config
		.strategy(Strategy::Cranelift)
		.consume_fuel(fuel_metering)
		.cranelift_nan_canonicalization(true)
		// Traps are reported by kind; capturing backtraces only slows them down.
		.wasm_backtrace(false)
		// Exactly `allowed_features()`. Wasmtime's defaults include several refused proposals,
		// and the node's build enables more through feature unification (threads, GC types), so
		// everything that has a switch is set explicitly. Reference types, GC and the component
		// model only have switches when Wasmtime is built with `gc` / `component-model`; their
		// defaults are right (reference types on, GC off, components are not `Module`s), and GC
		// types (`externref`), which a `gc` build turns on, are refused by `validate_module`.
		.wasm_multi_value(true)
		.wasm_bulk_memory(true)
		.wasm_simd(false)
		.wasm_relaxed_simd(false)
		.wasm_threads(false)
		.wasm_shared_everything_threads(false)
		.wasm_tail_call(false)
		.wasm_multi_memory(false)
		.wasm_memory64(false)
		.wasm_extended_const(false)
		.wasm_exceptions(false)
		.wasm_custom_page_sizes(false)
		.wasm_wide_arithmetic(false)
		.wasm_stack_switching(false);

	let mut pool = PoolingAllocationConfig::new();
	pool.total_core_instances(MAX_CONCURRENT_RUNS)
		.total_memories(MAX_CONCURRENT_RUNS)
		.total_tables(MAX_CONCURRENT_RUNS * MAX_TABLES as u32)
		.max_memories_per_module(1)
		.max_tables_per_module(MAX_TABLES as u32)
		.table_elements(MAX_TABLE_ELEMENTS)
		// The whole 32-bit space: the program's cap is enforced by the limiter, never the pool.
		.max_memory_size(1 << 32)
		.max_core_instance_size(MAX_INSTANCE_STATE_BYTES)
		.linear_memory_keep_resident(KEEP_RESIDENT_BYTES)
		.table_keep_resident(KEEP_RESIDENT_BYTES);
	config.allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
	config
}

impl Sandbox {
	/// Builds the engine and links the host ABI.
	pub fn new(config: SandboxConfig) -> Result<Self, VeilError> {
		let engine = Engine::new(&engine_config(config.fuel_metering))
			.map_err(|e| VeilError::Engine(e.to_string()))?;
		let linker = host_linker(&engine).map_err(|e| VeilError::Link(e.to_string()))?;
		Ok(Self {
			engine,
			linker,
			config,
			cache: Mutex::new(Cache::default()),
			slots: Arc::new(Slots::new(MAX_CONCURRENT_RUNS as usize)),
		})
	}

	/// The configuration this sandbox was built with.
	pub fn config(&self) -> SandboxConfig {
		self.config
	}

	/// Validates `wasm` against `limits` with [`validate_module`], compiles it and links the host
	/// ABI, once: the result is cached by the SHA-256 of the bytes and the limits, and a module
	/// already compiled under other limits is only re-validated.
	pub fn prepare(&self, wasm: &[u8], limits: &ProgramLimits) -> Result<Prepared, VeilError> {
		let code_hash = output_hash(wasm);
		let key = CacheKey {
			code_hash,
			max_memory_pages: limits.max_memory_pages,
			max_output: limits.max_output,
		};
		let compiled = {
			let mut cache = self.cache.lock();
			if let Some(prepared) = cache.get(&key) {
				return Ok(prepared);
			}
			cache.module(&code_hash)
		};

		validate_module(wasm, limits).map_err(VeilError::Invalid)?;
		check_tables(wasm)?;
		let module = match compiled {
			Some(module) => module,
			None => {
				log::debug!(target: "veil", "compiling module {:?}", Hex(&code_hash));
				Module::new(&self.engine, wasm).map_err(|e| VeilError::Compile(e.to_string()))?
			},
		};
		// `validate_module` guarantees both exports; their absence would be a bug there.
		let missing = || VeilError::Invalid(ModuleError::MissingExport);
		let run = module.get_export_index(ENTRY_POINT).ok_or_else(missing)?;
		let memory = module.get_export_index(MEMORY_EXPORT).ok_or_else(missing)?;
		let pre =
			self.linker.instantiate_pre(&module).map_err(|e| VeilError::Link(e.to_string()))?;
		let prepared = Prepared {
			inner: Arc::new(PreparedInner {
				pre,
				run,
				memory,
				limits: *limits,
				code_hash,
				fuel_metering: self.config.fuel_metering,
				slots: self.slots.clone(),
			}),
		};
		self.cache.lock().insert(key, prepared.clone(), self.config.max_cached_modules);
		Ok(prepared)
	}

	/// [`Sandbox::prepare`] then [`Sandbox::execute`].
	pub fn run(
		&self,
		wasm: &[u8],
		limits: &ProgramLimits,
		input: &[u8],
		fuel_limit: u64,
	) -> Result<Outcome, VeilError> {
		let prepared = self.prepare(wasm, limits)?;
		Ok(self.execute(&prepared, input, fuel_limit))
	}

	/// Runs a prepared module once on `input` with `fuel_limit` fuel, in a fresh store and
	/// instance. Never panics on anything the program does.
	///
	/// The run uses the engine the module was prepared with, so a [`Prepared`] from another
	/// sandbox runs under that sandbox's configuration.
	pub fn execute(&self, prepared: &Prepared, input: &[u8], fuel_limit: u64) -> Outcome {
		let prepared = &*prepared.inner;
		// Held until the store (and with it the instance's pool slot) is gone.
		let _slot = prepared.slots.acquire();
		let state = HostState {
			input: input.to_vec(),
			output: Vec::new(),
			logs: Vec::new(),
			memory: None,
			max_output: prepared.limits.max_output as usize,
			max_memory_bytes: u64::from(prepared.limits.max_memory_pages) * u64::from(PAGE_SIZE),
			fuel_metering: prepared.fuel_metering,
		};
		let mut store = Store::new(prepared.pre.module().engine(), state);
		store.limiter(|state| state as &mut dyn ResourceLimiter);
		let result = if prepared.fuel_metering { store.set_fuel(fuel_limit) } else { Ok(()) }
			.and_then(|()| call_run(&mut store, prepared));

		let fuel_used = if prepared.fuel_metering {
			// The fuel only goes down; `get_fuel` cannot fail once fuel is configured.
			fuel_limit.saturating_sub(store.get_fuel().unwrap_or(0))
		} else {
			0
		};
		let state = store.into_data();
		match result {
			Ok(()) => Outcome {
				status: ExitStatus::Ok,
				output: state.output,
				fuel_used,
				logs: state.logs,
			},
			Err(error) => {
				let status = exit_status(&error);
				let fuel_used =
					if status == ExitStatus::OutOfFuel { fuel_limit } else { fuel_used };
				Outcome { status, output: Vec::new(), fuel_used, logs: state.logs }
			},
		}
	}
}

/// Refuses tables the pool cannot hold, before compiling: the same limits as the
/// [`ResourceLimiter`]'s for `table.grow`, checked the same way on every executor.
fn check_tables(wasm: &[u8]) -> Result<(), VeilError> {
	use wasmparser::{Parser, Payload};

	let mut tables = 0usize;
	for payload in Parser::new(0).parse_all(wasm) {
		// The module passed validation; a parse error here cannot happen.
		let Ok(Payload::TableSection(reader)) = payload else { continue };
		for table in reader {
			let table = table.map_err(|_| VeilError::Invalid(ModuleError::Invalid))?;
			tables += 1;
			if table.ty.initial > MAX_TABLE_ELEMENTS as u64 {
				return Err(VeilError::Unsupported(format!(
					"a table of {} elements (at most {MAX_TABLE_ELEMENTS})",
					table.ty.initial
				)));
			}
		}
	}
	if tables > MAX_TABLES {
		return Err(VeilError::Unsupported(format!("{tables} tables (at most {MAX_TABLES})")));
	}
	Ok(())
}

/// A counting semaphore over an engine's pool slots.
struct Slots {
	free: Mutex<usize>,
	freed: Condvar,
}

/// One pool slot, returned on drop.
struct Slot<'a>(&'a Slots);

impl Slots {
	fn new(slots: usize) -> Self {
		Self { free: Mutex::new(slots), freed: Condvar::new() }
	}

	fn acquire(&self) -> Slot<'_> {
		let mut free = self.free.lock();
		while *free == 0 {
			self.freed.wait(&mut free);
		}
		*free -= 1;
		Slot(self)
	}
}

impl Drop for Slot<'_> {
	fn drop(&mut self) {
		*self.0.free.lock() += 1;
		self.0.freed.notify_one();
	}
}

/// Instantiates (running any start function) and calls `run`.
fn call_run(store: &mut Store<HostState>, prepared: &PreparedInner) -> wasmtime::Result<()> {
	let instance = prepared.pre.instantiate(&mut *store)?;
	if let Some(Extern::Memory(memory)) = instance.get_module_export(&mut *store, &prepared.memory)
	{
		store.data_mut().memory = Some(memory);
	}
	let run = instance
		.get_module_export(&mut *store, &prepared.run)
		.and_then(Extern::into_func)
		.ok_or_else(|| HostTrap::error("the `run` export is missing"))?
		.typed::<(), ()>(&*store)?;
	run.call(&mut *store, ())
}

/// Maps whatever ended a run to its status.
fn exit_status(error: &wasmtime::Error) -> ExitStatus {
	match error.downcast_ref::<Trap>() {
		Some(Trap::OutOfFuel) => ExitStatus::OutOfFuel,
		Some(trap) => ExitStatus::Trap(trap.to_string()),
		None => match error.downcast_ref::<HostTrap>() {
			Some(trap) => ExitStatus::Trap(trap.0.clone()),
			None => ExitStatus::Trap(error.to_string()),
		},
	}
}

/// A trap raised by a host function, with a message for the executor's operator.
#[derive(Debug)]
struct HostTrap(String);

impl HostTrap {
	fn error(message: impl Into<String>) -> wasmtime::Error {
		wasmtime::Error::new(Self(message.into()))
	}
}

impl fmt::Display for HostTrap {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str(&self.0)
	}
}

impl std::error::Error for HostTrap {}

/// Per-run state of a store.
struct HostState {
	input: Vec<u8>,
	output: Vec<u8>,
	logs: Vec<String>,
	/// The instance's exported memory, once instantiated (host calls from a start function look
	/// it up by name).
	memory: Option<Memory>,
	max_output: usize,
	max_memory_bytes: u64,
	fuel_metering: bool,
}

impl ResourceLimiter for HostState {
	fn memory_growing(
		&mut self,
		_current: usize,
		desired: usize,
		_maximum: Option<usize>,
	) -> wasmtime::Result<bool> {
		Ok(desired as u64 <= self.max_memory_bytes)
	}

	fn table_growing(
		&mut self,
		_current: usize,
		desired: usize,
		_maximum: Option<usize>,
	) -> wasmtime::Result<bool> {
		Ok(desired <= MAX_TABLE_ELEMENTS)
	}

	fn instances(&self) -> usize {
		1
	}

	fn tables(&self) -> usize {
		MAX_TABLES
	}

	fn memories(&self) -> usize {
		1
	}
}

/// Takes a host call's fuel: [`HOST_CALL_FUEL`] plus one per [`FUEL_BYTES_PER_UNIT`] bytes.
fn charge(caller: &mut Caller<'_, HostState>, bytes: usize) -> wasmtime::Result<()> {
	if !caller.data().fuel_metering {
		return Ok(());
	}
	let cost = HOST_CALL_FUEL.saturating_add(bytes as u64 / FUEL_BYTES_PER_UNIT);
	let fuel = caller.get_fuel()?;
	match fuel.checked_sub(cost) {
		Some(left) => caller.set_fuel(left),
		None => {
			caller.set_fuel(0)?;
			Err(Trap::OutOfFuel.into())
		},
	}
}

/// The instance's exported memory.
fn memory(caller: &mut Caller<'_, HostState>) -> wasmtime::Result<Memory> {
	if let Some(memory) = caller.data().memory {
		return Ok(memory);
	}
	match caller.get_export(MEMORY_EXPORT) {
		Some(Extern::Memory(memory)) => {
			caller.data_mut().memory = Some(memory);
			Ok(memory)
		},
		_ => Err(HostTrap::error("the `memory` export is missing")),
	}
}

/// `[start, start + len)` as a range, if it does not overflow.
fn span(start: i32, len: usize) -> Option<std::ops::Range<usize>> {
	let start = start as u32 as usize;
	Some(start..start.checked_add(len)?)
}

/// The host ABI of [`aether_primitives::commands`]: `input_len`, `input_read`, `output_write`,
/// `log`. Pointers and lengths are unsigned 32-bit.
fn host_linker(engine: &Engine) -> wasmtime::Result<Linker<HostState>> {
	let mut linker = Linker::new(engine);
	linker.func_wrap(HOST_MODULE, "input_len", |mut caller: Caller<'_, HostState>| {
		charge(&mut caller, 0)?;
		// Inputs are far below 2 GiB; saturate rather than wrap if one ever is not.
		Ok(i32::try_from(caller.data().input.len()).unwrap_or(i32::MAX))
	})?;
	linker.func_wrap(
		HOST_MODULE,
		"input_read",
		|mut caller: Caller<'_, HostState>, dst: i32, offset: i32, len: i32| {
			let input_len = caller.data().input.len();
			let offset = (offset as u32 as usize).min(input_len);
			// Capped so the count returned fits the i32 result.
			let n = (len as u32 as usize).min(input_len - offset).min(i32::MAX as usize);
			charge(&mut caller, n)?;
			if n == 0 {
				return Ok(0);
			}
			let memory = memory(&mut caller)?;
			let (mem, state) = memory.data_and_store_mut(&mut caller);
			let dst = span(dst, n)
				.and_then(|range| mem.get_mut(range))
				.ok_or_else(|| HostTrap::error("input_read: destination out of bounds"))?;
			dst.copy_from_slice(&state.input[offset..offset + n]);
			Ok(n as i32)
		},
	)?;
	linker.func_wrap(
		HOST_MODULE,
		"output_write",
		|mut caller: Caller<'_, HostState>, src: i32, len: i32| {
			let len = len as u32 as usize;
			charge(&mut caller, len)?;
			let memory = memory(&mut caller)?;
			let (mem, state) = memory.data_and_store_mut(&mut caller);
			if state.output.len().saturating_add(len) > state.max_output {
				return Err(HostTrap::error(format!(
					"output_write: output would exceed max_output ({} bytes)",
					state.max_output
				)));
			}
			let src = span(src, len)
				.and_then(|range| mem.get(range))
				.ok_or_else(|| HostTrap::error("output_write: source out of bounds"))?;
			state.output.extend_from_slice(src);
			Ok(())
		},
	)?;
	linker.func_wrap(
		HOST_MODULE,
		"log",
		|mut caller: Caller<'_, HostState>, src: i32, len: i32| {
			let len = len as u32 as usize;
			charge(&mut caller, len)?;
			let memory = memory(&mut caller)?;
			let (mem, state) = memory.data_and_store_mut(&mut caller);
			// Bounds are checked whether or not the line is kept: a trap changes the result, so it
			// must not depend on how many lines came before.
			let line = span(src, len)
				.and_then(|range| mem.get(range))
				.ok_or_else(|| HostTrap::error("log: source out of bounds"))?;
			if state.logs.len() < MAX_LOG_LINES {
				let line = &line[..line.len().min(MAX_LOG_LINE_BYTES)];
				state.logs.push(String::from_utf8_lossy(line).into_owned());
			}
			Ok(())
		},
	)?;
	Ok(linker)
}

/// Cache key: the module's hash and the limits it was validated against.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct CacheKey {
	code_hash: [u8; 32],
	max_memory_pages: u32,
	max_output: u32,
}

struct CacheEntry {
	prepared: Prepared,
	last_used: u64,
}

/// Prepared modules, least recently used evicted first.
#[derive(Default)]
struct Cache {
	entries: HashMap<CacheKey, CacheEntry>,
	clock: u64,
}

impl Cache {
	fn get(&mut self, key: &CacheKey) -> Option<Prepared> {
		self.clock += 1;
		let entry = self.entries.get_mut(key)?;
		entry.last_used = self.clock;
		Some(entry.prepared.clone())
	}

	/// A compiled module with these bytes, under any limits.
	fn module(&self, code_hash: &[u8; 32]) -> Option<Module> {
		self.entries
			.iter()
			.find(|(key, _)| key.code_hash == *code_hash)
			.map(|(_, entry)| entry.prepared.inner.pre.module().clone())
	}

	fn insert(&mut self, key: CacheKey, prepared: Prepared, capacity: usize) {
		if capacity == 0 {
			return;
		}
		while self.entries.len() >= capacity && !self.entries.contains_key(&key) {
			let Some(oldest) =
				self.entries.iter().min_by_key(|(_, entry)| entry.last_used).map(|(key, _)| *key)
			else {
				break;
			};
			self.entries.remove(&oldest);
		}
		self.clock += 1;
		self.entries.insert(key, CacheEntry { prepared, last_used: self.clock });
	}
}
