//! `chip8-web` (`programs/out/chip8-web.wasm`): the CHIP-8 core of `aether-emulator` for the
//! web console. It replays a session given in exactly the `chip8` command program's input
//! format, a few frames at a time, and shows the screen and the state hash as it goes. After the
//! whole log its state hash and frame count are what `aether_emulator::command::run` (and so the
//! `chip8` program on chain) outputs for the same input.
//!
//! **Not a command program**: it imports nothing, exports more than `run` (and no `run`), so
//! `validate_module` refuses it; never register it. It is loaded by the browser directly,
//! without wasm-bindgen.
//!
//! # ABI
//!
//! No imports. Exports (C ABI; every parameter and result is an `i32`, read as unsigned where it
//! says `u32`):
//!
//! | export | signature | does |
//! |---|---|---|
//! | `memory` | memory | the module's linear memory |
//! | `input_ptr` | `(len: u32) -> u32` | reserves a buffer of `len` bytes for the input and returns its address; the caller writes the input there. Ends any loaded session (status [`NO_SESSION`]). Returns 0 when memory cannot grow to `len` bytes |
//! | `load` | `(len: u32) -> i32` | parses the first `len` bytes of that buffer as a `chip8` command input and sets up a fresh machine as `command::run` does; 0 on success, else a negative code (below), and nothing is loaded |
//! | `advance` | `(max_frames: u32) -> u32` | runs up to `max_frames` more frames of the log; returns how many ran (0 once the log is finished, faulted or nothing is loaded) |
//! | `status` | `() -> i32` | [`RUNNING`] (0), [`FINISHED`] (1) or a negative code |
//! | `frames` | `() -> u32` | frames run so far (0 with nothing loaded) |
//! | `screen_ptr` | `() -> u32` | address of 2048 bytes: the 64×32 display, row-major, top row first, one byte per pixel (0 or 1); updated by `load` and `advance` |
//! | `hash_ptr` | `() -> u32` | address of 32 bytes: the machine's `state_hash()` now (SHA-256 of its 4427-byte saved state), computed by this call; 32 zero bytes with nothing loaded |
//!
//! **Input** (as `aether_emulator::command`): `seed: u64 LE ‖ rom_len: u16 LE ‖ rom ‖ input
//! log`, the log in `aether_emulator::input_log`'s encoding (runs of `keys: u16 LE ‖ frames:
//! LEB128`) to the end of the input. `load` checks, in `command::run`'s order: the header and
//! ROM fit in the input, the whole log is canonical, the ROM fits in memory (at most 3584 bytes).
//!
//! **Frames**: each `advance`d frame is one `run_frame` with that frame's keypad, as
//! `replay_log` runs it: 10 instructions, then the 60 Hz timers tick. A fault (an unknown
//! opcode, a stack overflow or underflow, the program counter or `I` outside memory) stops the
//! replay for good: the faulting frame is not counted, the machine stays as the fault left it
//! (the frame's instructions before the faulting one executed), and `status` returns the
//! fault's code. The `chip8` command traps on such a session.
//!
//! **Codes** (results of `load`, and of `status`, which after a failed `load` returns that
//! `load`'s code):
//!
//! | code | constant | meaning |
//! |---|---|---|
//! | 0 | [`RUNNING`] | loaded, frames left to run (`load`: success) |
//! | 1 | [`FINISHED`] | every frame of the log has run (at once after loading an empty log) |
//! | -1 | [`NO_SESSION`] | nothing loaded: before the first `load`, after `input_ptr` |
//! | -2 | [`TRUNCATED`] | the input is shorter than its 10-byte header or than the ROM it announces |
//! | -3 | [`ROM_TOO_LARGE`] | the ROM is over 3584 bytes |
//! | -4 | [`BAD_LOG`] | the input log is not canonical (`input_log::LogError`) |
//! | -5 | [`BAD_LENGTH`] | `load`'s `len` is larger than the buffer `input_ptr` reserved |
//! | -16 | [`FAULT_UNKNOWN_OPCODE`] | fault: an instruction this core does not execute |
//! | -17 | [`FAULT_STACK_OVERFLOW`] | fault: a call with the stack full |
//! | -18 | [`FAULT_STACK_UNDERFLOW`] | fault: a return with the stack empty |
//! | -19 | [`FAULT_PC_OUT_OF_BOUNDS`] | fault: the program counter past memory |
//! | -20 | [`FAULT_INDEX_OUT_OF_BOUNDS`] | fault: an access at `I` past memory |
//!
//! **Use**: `p = input_ptr(n)`, write the `n` input bytes at `p`, `load(n)`, then call
//! `advance(k)` (say once per animation frame) and redraw from `screen_ptr()` while `status()`
//! is 0. Re-read `memory.buffer` after `input_ptr` (it may grow the memory, which detaches the
//! old `ArrayBuffer`); the screen and hash addresses never change. The session reads its log
//! from the input buffer: do not write to it between `load` and the next `input_ptr`.
//!
//! Contract (`programs/emulator/tests/web.rs`): after `load` and `advance` until it returns 0,
//! the 32 bytes at `hash_ptr()` and `frames()` are `command::run`'s output (hash ‖ frames).
//!
//! # Memory
//!
//! Nothing is allocated on the heap: the machine, screen and hash live in static memory, and
//! the input buffer is the end of linear memory, grown by `input_ptr` when a longer input comes
//! (and reused otherwise). The global allocator refuses every request (a request would trap);
//! the emulator's replay path does not make any.

#![no_std]
#![deny(missing_docs)]

use core::{cell::UnsafeCell, mem::MaybeUninit};

use aether_emulator::{
	command::{self, CommandError},
	input_log::{self, Runs},
	Chip8, EmulatorCore, Fault, Input, ReplayError, RomError, DISPLAY_HEIGHT, DISPLAY_WIDTH,
};

/// `status`: a session is loaded and frames are left (`load`: success).
pub const RUNNING: i32 = 0;
/// `status`: every frame of the log has run.
pub const FINISHED: i32 = 1;
/// `status`: nothing is loaded.
pub const NO_SESSION: i32 = -1;
/// `load`: the input is shorter than its header or than the ROM it announces.
pub const TRUNCATED: i32 = -2;
/// `load`: the ROM does not fit in memory (over 3584 bytes).
pub const ROM_TOO_LARGE: i32 = -3;
/// `load`: the input log is not canonical.
pub const BAD_LOG: i32 = -4;
/// `load`: `len` is larger than the buffer `input_ptr` reserved.
pub const BAD_LENGTH: i32 = -5;
/// Fault: an instruction the core does not execute.
pub const FAULT_UNKNOWN_OPCODE: i32 = -16;
/// Fault: a call with the stack full.
pub const FAULT_STACK_OVERFLOW: i32 = -17;
/// Fault: a return with the stack empty.
pub const FAULT_STACK_UNDERFLOW: i32 = -18;
/// Fault: the program counter points past memory.
pub const FAULT_PC_OUT_OF_BOUNDS: i32 = -19;
/// Fault: an instruction accesses memory at `I` past its end.
pub const FAULT_INDEX_OUT_OF_BOUNDS: i32 = -20;

/// Bytes of the screen buffer: one per pixel.
pub const SCREEN_LEN: usize = DISPLAY_WIDTH * DISPLAY_HEIGHT;

/// Bytes of a WebAssembly page.
const PAGE: usize = 65_536;

/// The code `status` reports for `fault`.
pub fn fault_code(fault: Fault) -> i32 {
	match fault {
		Fault::UnknownOpcode { .. } => FAULT_UNKNOWN_OPCODE,
		Fault::StackOverflow { .. } => FAULT_STACK_OVERFLOW,
		Fault::StackUnderflow { .. } => FAULT_STACK_UNDERFLOW,
		Fault::PcOutOfBounds { .. } => FAULT_PC_OUT_OF_BOUNDS,
		Fault::IndexOutOfBounds { .. } => FAULT_INDEX_OUT_OF_BOUNDS,
	}
}

/// The code `load` returns for `command::run`'s error `error` (a fault cannot happen in `load`,
/// but has its code too).
pub fn error_code(error: CommandError) -> i32 {
	match error {
		CommandError::Truncated => TRUNCATED,
		CommandError::Replay(ReplayError::Rom(RomError::TooLarge { .. })) => ROM_TOO_LARGE,
		CommandError::Replay(ReplayError::Log(_)) => BAD_LOG,
		CommandError::Replay(ReplayError::Fault { fault, .. }) => fault_code(fault),
	}
}

/// A loaded session.
struct Session {
	/// The machine.
	machine: Chip8,
	/// The log's runs not started yet.
	runs: Runs<'static>,
	/// The keypad of the current run.
	keys: u16,
	/// Frames of the current run not run yet.
	left: u32,
}

/// Everything the module keeps between calls.
struct State {
	/// Address of the input buffer (the end of linear memory); 0 before the first `input_ptr`.
	input: usize,
	/// Bytes the input buffer can hold without growing memory.
	capacity: usize,
	/// Bytes the last `input_ptr` reserved.
	reserved: usize,
	/// Whether `session` holds a session.
	loaded: bool,
	/// The loaded session, when `loaded`. Not an `Option`: its `None` is not all zero bytes, and
	/// an all-zero initial state keeps the module's 6.6 KB of state out of its data section.
	session: MaybeUninit<Session>,
	/// What `status` returns, except that 0 with nothing loaded stands for [`NO_SESSION`] (again
	/// for an all-zero initial state).
	status: i32,
	/// The display, one byte per pixel.
	screen: [u8; SCREEN_LEN],
	/// The last hash `hash_ptr` computed.
	hash: [u8; 32],
}

/// The module's state, in static memory.
struct Global(UnsafeCell<State>);

// SAFETY: wasm32-unknown-unknown without threads: one thread, and the exports are not reentrant.
unsafe impl Sync for Global {}

static STATE: Global = Global(UnsafeCell::new(State {
	input: 0,
	capacity: 0,
	reserved: 0,
	loaded: false,
	session: MaybeUninit::uninit(),
	status: 0,
	screen: [0; SCREEN_LEN],
	hash: [0; 32],
}));

/// The module's state.
fn state() -> &'static mut State {
	// SAFETY: single-threaded, and every export takes this reference once, at its start, and
	// calls no other export: no two references are alive at once.
	unsafe { &mut *STATE.0.get() }
}

impl State {
	/// The loaded session.
	fn session(&mut self) -> Option<&mut Session> {
		// SAFETY: `loaded` is set only once `session` is written (`load`).
		self.loaded.then(|| unsafe { self.session.assume_init_mut() })
	}

	/// What `status` returns.
	fn status(&self) -> i32 {
		if self.loaded || self.status != 0 {
			self.status
		} else {
			NO_SESSION
		}
	}

	/// Ends the session: nothing loaded (status `status`), a blank screen.
	fn unload(&mut self, status: i32) {
		// `Session` owns nothing to drop.
		self.loaded = false;
		self.status = if status == NO_SESSION { 0 } else { status };
		self.screen = [0; SCREEN_LEN];
	}

	/// Copies the machine's display to the screen buffer.
	fn draw(&mut self) {
		let Some(session) = self.session() else { return };
		let display = *session.machine.display();
		for (row, pixels) in display.iter().zip(self.screen.chunks_mut(64)) {
			for (x, pixel) in pixels.iter_mut().enumerate() {
				*pixel = (row >> (63 - x) & 1) as u8;
			}
		}
	}

	/// [`load`]: parses `input` and sets up the session.
	fn load(&mut self, input: &'static [u8]) -> Result<(), i32> {
		let (seed, rom, log) = command::decode_input(input).map_err(error_code)?;
		// `replay_log`'s order: the whole log first, then the ROM.
		let total = input_log::frame_count(log).map_err(|_| BAD_LOG)?;
		let machine = Chip8::new(rom, seed).map_err(|_| ROM_TOO_LARGE)?;
		self.session.write(Session { machine, runs: input_log::runs(log), keys: 0, left: 0 });
		self.loaded = true;
		self.status = if total == 0 { FINISHED } else { RUNNING };
		Ok(())
	}

	/// [`advance`].
	fn advance(&mut self, max_frames: u32) -> u32 {
		if !self.loaded || self.status != RUNNING {
			return 0;
		}
		// SAFETY: `loaded`. (Not `session()`: `self.status` is written while this is alive.)
		let session = unsafe { self.session.assume_init_mut() };
		let mut ran = 0;
		while ran < max_frames {
			if session.left == 0 {
				match session.runs.next() {
					Some(Ok(run)) => (session.keys, session.left) = (run.keys, run.frames),
					None => {
						self.status = FINISHED;
						break;
					},
					// `load` checked the whole log.
					Some(Err(_)) => {
						self.status = BAD_LOG;
						break;
					},
				}
			}
			match session.machine.run_frame(&Input::new(session.keys)) {
				Ok(()) => {
					session.left -= 1;
					ran += 1;
				},
				Err(fault) => {
					self.status = fault_code(fault);
					break;
				},
			}
		}
		// Finished as soon as the last frame has run, not only at the next call.
		if self.status == RUNNING && session.left == 0 && session.runs.clone().next().is_none() {
			self.status = FINISHED;
		}
		self.draw();
		ran
	}
}

/// Reserves a buffer of `len` bytes for the input and returns its address (0 if memory cannot
/// grow that far). Ends any loaded session.
#[no_mangle]
pub extern "C" fn input_ptr(len: u32) -> u32 {
	let state = state();
	state.unload(NO_SESSION);
	let len = len as usize;
	if state.input == 0 {
		// The end of memory: nothing else grows it (the allocator refuses every request).
		state.input = core::arch::wasm32::memory_size(0) * PAGE;
	}
	if len > state.capacity {
		let pages = (len - state.capacity).div_ceil(PAGE);
		if core::arch::wasm32::memory_grow(0, pages) == usize::MAX {
			state.reserved = 0;
			return 0;
		}
		state.capacity += pages * PAGE;
	}
	state.reserved = len;
	state.input as u32
}

/// Parses the first `len` bytes of the input buffer as a `chip8` command input and loads a fresh
/// machine; 0 on success, else a negative code (see the crate docs).
#[no_mangle]
pub extern "C" fn load(len: u32) -> i32 {
	let state = state();
	state.unload(NO_SESSION);
	let len = len as usize;
	if len > state.reserved {
		state.status = BAD_LENGTH;
		return BAD_LENGTH;
	}
	let input: &'static [u8] = if len == 0 {
		&[]
	} else {
		// SAFETY: `input_ptr` reserved `reserved` ≥ `len` bytes at `input`, memory never shrinks,
		// and the session holding this slice ends at the next `input_ptr` (the only writer, by
		// contract, is the host before `load`).
		unsafe { core::slice::from_raw_parts(state.input as *const u8, len) }
	};
	match state.load(input) {
		Ok(()) => {
			state.draw();
			0
		},
		Err(code) => {
			state.status = code;
			code
		},
	}
}

/// Runs up to `max_frames` more frames of the log; returns how many ran.
#[no_mangle]
pub extern "C" fn advance(max_frames: u32) -> u32 {
	state().advance(max_frames)
}

/// 0 running, 1 finished, negative: nothing loaded, the failed `load`'s code or a fault's.
#[no_mangle]
pub extern "C" fn status() -> i32 {
	state().status()
}

/// Frames run so far.
#[no_mangle]
pub extern "C" fn frames() -> u32 {
	state().session().map_or(0, |session| session.machine.frame_count())
}

/// Address of the 64×32 screen, one byte per pixel, row-major.
#[no_mangle]
pub extern "C" fn screen_ptr() -> u32 {
	state().screen.as_ptr() as u32
}

/// Address of the machine's state hash, computed now (zeros with nothing loaded).
#[no_mangle]
pub extern "C" fn hash_ptr() -> u32 {
	let state = state();
	state.hash = state.session().map_or([0; 32], |session| session.machine.state_hash());
	state.hash.as_ptr() as u32
}

/// Refuses every allocation: the module keeps everything in static memory.
struct NoHeap;

// SAFETY: returning null is always a valid answer of `alloc`.
unsafe impl core::alloc::GlobalAlloc for NoHeap {
	unsafe fn alloc(&self, _layout: core::alloc::Layout) -> *mut u8 {
		core::ptr::null_mut()
	}

	unsafe fn dealloc(&self, _ptr: *mut u8, _layout: core::alloc::Layout) {}
}

#[global_allocator]
static HEAP: NoHeap = NoHeap;

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
	core::arch::wasm32::unreachable()
}
