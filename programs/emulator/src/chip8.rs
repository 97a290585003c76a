//! The CHIP-8 core.

use alloc::vec::Vec;
use core::fmt;

use sha2::{Digest, Sha256};

use crate::{EmulatorCore, Fault, Input, RomError, StateError};

/// Bytes of memory.
pub const MEMORY_SIZE: usize = 4096;
/// Where the ROM is loaded and execution starts.
pub const PROGRAM_START: u16 = 0x200;
/// The longest ROM: the memory from [`PROGRAM_START`] to its end.
pub const MAX_ROM_LEN: usize = MEMORY_SIZE - PROGRAM_START as usize;
/// Where the font ([`FONT`]) lives in memory.
pub const FONT_ADDR: u16 = 0x050;
/// Display width in pixels.
pub const DISPLAY_WIDTH: usize = 64;
/// Display height in pixels.
pub const DISPLAY_HEIGHT: usize = 32;
/// Return addresses the stack holds.
pub const STACK_DEPTH: usize = 16;
/// Instructions per 60 Hz frame: 600 per second, about the COSMAC VIP interpreter's speed.
pub const CYCLES_PER_FRAME: u32 = 10;
/// The first bytes of a saved state.
pub const STATE_MAGIC: [u8; 4] = *b"AEC8";
/// The version of the saved-state encoding [`Chip8`] writes and reads.
pub const STATE_VERSION: u8 = 1;
/// Length of a saved state (version 1).
pub const STATE_LEN: usize =
	4 + 1 + 16 + 2 + 2 + 1 + 2 * STACK_DEPTH + 1 + 1 + 3 + 8 + 4 + 8 * DISPLAY_HEIGHT + MEMORY_SIZE;

/// The hexadecimal digits 0..=F, 4×5 pixels each (the high nibble of five bytes), loaded at
/// [`FONT_ADDR`]; `FX29` points `I` at digit `X`'s five bytes.
pub const FONT: [u8; 80] = [
	0xF0, 0x90, 0x90, 0x90, 0xF0, // 0
	0x20, 0x60, 0x20, 0x20, 0x70, // 1
	0xF0, 0x10, 0xF0, 0x80, 0xF0, // 2
	0xF0, 0x10, 0xF0, 0x10, 0xF0, // 3
	0x90, 0x90, 0xF0, 0x10, 0x10, // 4
	0xF0, 0x80, 0xF0, 0x10, 0xF0, // 5
	0xF0, 0x80, 0xF0, 0x90, 0xF0, // 6
	0xF0, 0x10, 0x20, 0x40, 0x40, // 7
	0xF0, 0x90, 0xF0, 0x90, 0xF0, // 8
	0xF0, 0x90, 0xF0, 0x10, 0xF0, // 9
	0xF0, 0x90, 0xF0, 0x90, 0x90, // A
	0xE0, 0x90, 0xE0, 0x90, 0xE0, // B
	0xF0, 0x80, 0x80, 0x80, 0xF0, // C
	0xE0, 0x90, 0x90, 0x90, 0xE0, // D
	0xF0, 0x80, 0xF0, 0x80, 0xF0, // E
	0xF0, 0x80, 0xF0, 0x80, 0x80, // F
];

/// Domain separation of the PRNG seed derivation.
const RNG_DOMAIN: &[u8] = b"aether-emulator/chip8/rng/v1";
/// SplitMix64's increment.
const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// Where `FX0A` (wait for a key) stands. The COSMAC VIP waits for a key to be pressed *and
/// released*, so a key still held from before the wait does not end it at once.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum KeyWait {
	/// Executing instructions.
	#[default]
	Running,
	/// `FX0A` executed; waiting for any key to go down. `x` is the register to receive it.
	Waiting {
		/// The register that receives the key.
		x: u8,
	},
	/// `key` went down (the lowest one held when the first key went down); waiting for it to be
	/// released, when `VX` receives it and execution resumes.
	Held {
		/// The register that receives the key.
		x: u8,
		/// The key.
		key: u8,
	},
}

/// A CHIP-8 machine: 4 KiB of memory with the font at [`FONT_ADDR`] and the ROM at
/// [`PROGRAM_START`], sixteen 8-bit registers `V0`..`VF`, a 16-bit index register `I`, a stack of
/// [`STACK_DEPTH`] return addresses, delay and sound timers ticking once per frame, a 64×32
/// monochrome display, a 16-key keypad read from the frame's [`Input`], and a PRNG for `CXNN`.
///
/// # Instructions and quirks
///
/// All 35 standard instructions, with the **COSMAC VIP** interpreter's behaviour wherever later
/// interpreters differ:
///
/// | instruction | behaviour here |
/// |---|---|
/// | `8XY1`, `8XY2`, `8XY3` (or, and, xor) | reset `VF` to 0 after the operation |
/// | `8XY4`, `8XY5`, `8XY7` | `VF` = carry / no borrow, written after `VX` (so it wins when `X` = F) |
/// | `8XY6`, `8XYE` (shifts) | shift **`VY`** into `VX`; `VF` = the bit shifted out, written last |
/// | `FX55`, `FX65` (store, load `V0..=VX`) | **increment `I`** by `X + 1` |
/// | `BNNN` | jump to `NNN + V0` |
/// | `DXYN` | the start position wraps (`VX` mod 64, `VY` mod 32); pixels past the right or bottom edge are **clipped**; `VF` = 1 when a lit pixel was erased; `N` = 0 draws nothing |
/// | `FX1E` | `I += VX`, `VF` untouched |
/// | `FX29`, `EX9E`, `EXA1` | use the low nibble of `VX` |
/// | `FX0A` | waits for a key to be pressed **and released**, then stores it (see [`KeyWait`]); the keypad is first read in the cycle after `FX0A`'s own; timers keep running |
/// | `0NNN` (machine code routine) | not emulated: a [`Fault::UnknownOpcode`] |
///
/// Not emulated: the VIP's wait for the vertical blank before each `DXYN` (every frame executes
/// exactly [`CYCLES_PER_FRAME`] instructions), and sound output (only
/// [`Chip8::sound_active`]).
///
/// `I` is 16 bits; `FX1E` wraps it at 0xFFFF. Instructions that access memory at `I` fault with
/// [`Fault::IndexOutOfBounds`] when any byte they touch is past 0xFFF (`DXY0` touches none); a program counter with no
/// whole instruction in memory (past 0xFFE, for instance after `BNNN`) faults at the fetch with
/// [`Fault::PcOutOfBounds`]. Odd program counters are allowed, as on the VIP.
///
/// # Randomness
///
/// `CXNN` sets `VX = r & NN`, `r` the top byte of the next SplitMix64 output. The PRNG state (64
/// bits, part of the saved state) starts as the first 8 bytes, little-endian, of
/// `SHA-256("aether-emulator/chip8/rng/v1" ‖ seed as u64 LE ‖ ROM)`: a session seed and the ROM
/// together decide every draw.
///
/// # Saved state (version 1, [`STATE_LEN`] = 4427 bytes)
///
/// | offset | bytes | field |
/// |---|---|---|
/// | 0 | 4 | magic `"AEC8"` |
/// | 4 | 1 | version, 1 |
/// | 5 | 16 | `V0`..`VF` |
/// | 21 | 2 | `I`, u16 LE |
/// | 23 | 2 | program counter, u16 LE |
/// | 25 | 1 | stack pointer (return addresses held, 0..=16) |
/// | 26 | 32 | the 16 stack slots, u16 LE each, bottom first; slots at and above the stack pointer are 0 |
/// | 58 | 1 | delay timer |
/// | 59 | 1 | sound timer |
/// | 60 | 3 | key wait: tag (0 running, 1 waiting, 2 held), register, key; unused bytes 0 |
/// | 63 | 8 | PRNG state, u64 LE |
/// | 71 | 4 | frame count, u32 LE |
/// | 75 | 256 | display: 32 rows, top first, each 8 bytes, the leftmost pixel the first byte's high bit |
/// | 331 | 4096 | memory |
///
/// [`Chip8::load_state`](EmulatorCore::load_state) accepts exactly the encodings this produces
/// (every field in range, unused bytes zero), so `save_state` after a successful load returns
/// the bytes loaded.
#[derive(Clone, PartialEq, Eq)]
pub struct Chip8 {
	memory: [u8; MEMORY_SIZE],
	v: [u8; 16],
	i: u16,
	pc: u16,
	sp: u8,
	stack: [u16; STACK_DEPTH],
	delay: u8,
	sound: u8,
	wait: KeyWait,
	rng: u64,
	frames: u32,
	/// Row `y`'s pixel `x` is bit `63 - x` of `display[y]`.
	display: [u64; DISPLAY_HEIGHT],
}

impl fmt::Debug for Chip8 {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.debug_struct("Chip8")
			.field("pc", &format_args!("{:#05X}", self.pc))
			.field("i", &format_args!("{:#05X}", self.i))
			.field("v", &self.v)
			.field("stack", &self.stack())
			.field("delay", &self.delay)
			.field("sound", &self.sound)
			.field("wait", &self.wait)
			.field("rng", &self.rng)
			.field("frames", &self.frames)
			.finish_non_exhaustive()
	}
}

/// The seed of the `CXNN` PRNG for `rom` in a session seeded with `seed`.
fn derive_rng(rom: &[u8], seed: u64) -> u64 {
	let digest =
		Sha256::new().chain_update(RNG_DOMAIN).chain_update(seed.to_le_bytes()).chain_update(rom);
	let digest: [u8; 32] = digest.finalize().into();
	let mut first = [0u8; 8];
	for (dst, src) in first.iter_mut().zip(digest.iter()) {
		*dst = *src;
	}
	u64::from_le_bytes(first)
}

/// Register index of the nibble at `shift` in `opcode`.
#[inline(always)]
fn nibble(opcode: u16, shift: u32) -> usize {
	usize::from((opcode >> shift) & 0xF)
}

impl Chip8 {
	/// A machine with the font and `rom` loaded, the program counter at [`PROGRAM_START`], and
	/// the `CXNN` PRNG seeded from `seed` and `rom` (see [`Chip8`]).
	pub fn new(rom: &[u8], seed: u64) -> Result<Self, RomError> {
		let mut memory = [0u8; MEMORY_SIZE];
		let font = memory
			.get_mut(usize::from(FONT_ADDR)..usize::from(FONT_ADDR) + FONT.len())
			.ok_or(RomError::TooLarge { len: rom.len() })?;
		font.copy_from_slice(&FONT);
		let start = usize::from(PROGRAM_START);
		let program = memory
			.get_mut(start..start.saturating_add(rom.len()))
			.ok_or(RomError::TooLarge { len: rom.len() })?;
		program.copy_from_slice(rom);
		Ok(Self {
			memory,
			v: [0; 16],
			i: 0,
			pc: PROGRAM_START,
			sp: 0,
			stack: [0; STACK_DEPTH],
			delay: 0,
			sound: 0,
			wait: KeyWait::Running,
			rng: derive_rng(rom, seed),
			frames: 0,
			display: [0; DISPLAY_HEIGHT],
		})
	}

	/// The registers `V0`..`VF`.
	pub fn v(&self) -> &[u8; 16] {
		&self.v
	}

	/// The index register `I`.
	pub fn i(&self) -> u16 {
		self.i
	}

	/// The program counter.
	pub fn pc(&self) -> u16 {
		self.pc
	}

	/// The return addresses on the stack, bottom first.
	pub fn stack(&self) -> &[u16] {
		self.stack.get(..usize::from(self.sp)).unwrap_or(&[])
	}

	/// The delay timer.
	pub fn delay_timer(&self) -> u8 {
		self.delay
	}

	/// The sound timer.
	pub fn sound_timer(&self) -> u8 {
		self.sound
	}

	/// Whether the buzzer sounds (the sound timer is running).
	pub fn sound_active(&self) -> bool {
		self.sound > 0
	}

	/// Where `FX0A` stands.
	pub fn key_wait(&self) -> KeyWait {
		self.wait
	}

	/// The `CXNN` PRNG's state.
	pub fn rng_state(&self) -> u64 {
		self.rng
	}

	/// The whole memory.
	pub fn memory(&self) -> &[u8; MEMORY_SIZE] {
		&self.memory
	}

	/// The display, one `u64` per row, top first: pixel `x` of a row is bit `63 - x`.
	pub fn display(&self) -> &[u64; DISPLAY_HEIGHT] {
		&self.display
	}

	/// Whether pixel (`x`, `y`) is lit; `false` outside the display.
	pub fn pixel(&self, x: usize, y: usize) -> bool {
		x < DISPLAY_WIDTH && self.display.get(y).is_some_and(|row| row >> (63 - x) & 1 == 1)
	}

	/// Lit pixels on the display.
	pub fn lit_pixels(&self) -> u32 {
		self.display.iter().map(|row| row.count_ones()).sum()
	}

	/// Feeds the saved state (see [`Chip8`]) to `sink`, piece by piece.
	fn write_state(&self, mut sink: impl FnMut(&[u8])) {
		sink(&STATE_MAGIC);
		sink(&[STATE_VERSION]);
		sink(&self.v);
		sink(&self.i.to_le_bytes());
		sink(&self.pc.to_le_bytes());
		sink(&[self.sp]);
		for slot in &self.stack {
			sink(&slot.to_le_bytes());
		}
		sink(&[self.delay, self.sound]);
		sink(&match self.wait {
			KeyWait::Running => [0, 0, 0],
			KeyWait::Waiting { x } => [1, x, 0],
			KeyWait::Held { x, key } => [2, x, key],
		});
		sink(&self.rng.to_le_bytes());
		sink(&self.frames.to_le_bytes());
		for row in &self.display {
			sink(&row.to_be_bytes());
		}
		sink(&self.memory);
	}

	/// Decodes a saved state, checking every field.
	fn decode_state(bytes: &[u8]) -> Result<Self, StateError> {
		if bytes.len() != STATE_LEN {
			return Err(StateError::Length { expected: STATE_LEN, found: bytes.len() });
		}
		let mut reader = Reader { bytes, len: bytes.len() };
		if reader.take::<4>()? != STATE_MAGIC {
			return Err(StateError::Magic);
		}
		let [version] = reader.take::<1>()?;
		if version != STATE_VERSION {
			return Err(StateError::Version(version));
		}
		let v = reader.take::<16>()?;
		let i = u16::from_le_bytes(reader.take::<2>()?);
		let pc = u16::from_le_bytes(reader.take::<2>()?);
		let [sp] = reader.take::<1>()?;
		if usize::from(sp) > STACK_DEPTH {
			return Err(StateError::StackPointer(sp));
		}
		let mut stack = [0u16; STACK_DEPTH];
		for (depth, slot) in stack.iter_mut().enumerate() {
			*slot = u16::from_le_bytes(reader.take::<2>()?);
			if depth >= usize::from(sp) && *slot != 0 {
				return Err(StateError::StaleStack);
			}
		}
		let [delay, sound] = reader.take::<2>()?;
		let wait = match reader.take::<3>()? {
			[0, 0, 0] => KeyWait::Running,
			[1, x, 0] if x < 16 => KeyWait::Waiting { x },
			[2, x, key] if x < 16 && key < 16 => KeyWait::Held { x, key },
			_ => return Err(StateError::KeyWait),
		};
		let rng = u64::from_le_bytes(reader.take::<8>()?);
		let frames = u32::from_le_bytes(reader.take::<4>()?);
		let mut display = [0u64; DISPLAY_HEIGHT];
		for row in &mut display {
			*row = u64::from_be_bytes(reader.take::<8>()?);
		}
		let memory = reader.take::<MEMORY_SIZE>()?;
		Ok(Self { memory, v, i, pc, sp, stack, delay, sound, wait, rng, frames, display })
	}

	/// The next `CXNN` byte.
	fn next_random(&mut self) -> u8 {
		// SplitMix64 (Steele, Lea, Flood 2014): any 64-bit state is valid.
		self.rng = self.rng.wrapping_add(GOLDEN_GAMMA);
		let mut z = self.rng;
		z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
		z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
		z ^= z >> 31;
		(z >> 56) as u8
	}

	/// Memory at `I`, `len` bytes, or the fault of an instruction at `pc` that needs them.
	fn index_range(&self, pc: u16, len: usize) -> Result<core::ops::Range<usize>, Fault> {
		if len == 0 {
			// Touches no byte (`D XY0`): nothing to fault on.
			return Ok(0..0);
		}
		let start = usize::from(self.i);
		let end = start + len;
		if end > MEMORY_SIZE {
			return Err(Fault::IndexOutOfBounds { pc, i: self.i });
		}
		Ok(start..end)
	}

	/// `DXYN`: XORs the `n`-byte sprite at `I` onto the display at (`VX` mod 64, `VY` mod 32),
	/// clipped at the edges; `VF` = whether a lit pixel was erased.
	fn draw(&mut self, pc: u16, x: usize, y: usize, n: usize) -> Result<(), Fault> {
		let range = self.index_range(pc, n)?;
		let x0 = u32::from(self.v[x] % DISPLAY_WIDTH as u8);
		let y0 = usize::from(self.v[y] % DISPLAY_HEIGHT as u8);
		let sprite = self.memory.get(range).ok_or(Fault::IndexOutOfBounds { pc, i: self.i })?;
		let rows = self.display.iter_mut().skip(y0);
		let mut erased = 0u64;
		for (row, &bits) in rows.zip(sprite) {
			// Bits shifted past bit 0 fall off the right edge: clipping.
			let line = (u64::from(bits) << 56) >> x0;
			erased |= *row & line;
			*row ^= line;
		}
		self.v[0xF] = u8::from(erased != 0);
		Ok(())
	}

	/// One frame ([`EmulatorCore::run_frame`]), equivalent to [`CYCLES_PER_FRAME`] calls of
	/// [`EmulatorCore::execute_cycle`] then the timer ticks, but faster: not inlined, with the
	/// program counter in a local, and with no per-instruction check of the key wait. The
	/// keypad is the same all frame, so once the machine waits for a key, at most one of the
	/// frame's remaining cycles can change the wait (a key going down); `FX0A` applies that cycle
	/// itself and ends the frame's instructions ([`Chip8::execute`]).
	#[inline(never)]
	fn frame(&mut self, input: Input) -> Result<(), Fault> {
		let mut cycles = CYCLES_PER_FRAME;
		if self.wait != KeyWait::Running {
			cycles -= 1;
			if !self.wait_cycle(input) {
				// Still waiting: the frame's other cycles would change nothing.
				cycles = 0;
			}
		}
		let mut pc = self.pc;
		let mut result = Ok(());
		while cycles > 0 {
			cycles -= 1;
			match self.execute(pc, input, &mut cycles) {
				Ok(next) => pc = next,
				Err(fault) => {
					result = Err(fault);
					break;
				},
			}
		}
		self.pc = pc;
		result?;
		self.delay = self.delay.saturating_sub(1);
		self.sound = self.sound.saturating_sub(1);
		self.frames = self.frames.wrapping_add(1);
		Ok(())
	}

	/// One cycle of `FX0A`'s wait (see [`KeyWait`]); whether execution resumes.
	fn wait_cycle(&mut self, input: Input) -> bool {
		match self.wait {
			KeyWait::Running => true,
			KeyWait::Waiting { x } => {
				if let Some(key) = input.lowest() {
					self.wait = KeyWait::Held { x, key };
				}
				false
			},
			KeyWait::Held { x, key } => {
				if input.is_pressed(key) {
					return false;
				}
				self.v[usize::from(x & 0xF)] = key;
				self.wait = KeyWait::Running;
				true
			},
		}
	}

	/// Executes the instruction at `pc` (the program counter; not waiting for a key) and returns
	/// the next program counter, leaving `self.pc` to the caller. `cycles`: the cycles left in
	/// the frame after this one, with the same `input`; `FX0A` runs the first of them (the wait
	/// may see a key go down) and sets it to 0, since the rest cannot change anything. Inlined
	/// into the frame loop, which is what every replay runs.
	#[inline(always)]
	fn execute(&mut self, pc: u16, input: Input, cycles: &mut u32) -> Result<u16, Fault> {
		let at = usize::from(pc);
		let opcode = match (self.memory.get(at), self.memory.get(at + 1)) {
			(Some(&hi), Some(&lo)) => u16::from_be_bytes([hi, lo]),
			_ => return Err(Fault::PcOutOfBounds { pc }),
		};
		// `pc` ≤ 0xFFE here, so neither this nor a skip wraps.
		let next = pc.wrapping_add(2);
		let skip = next.wrapping_add(2);
		let x = nibble(opcode, 8);
		let y = nibble(opcode, 4);
		let nn = (opcode & 0xFF) as u8;
		let nnn = opcode & 0xFFF;
		let unknown = Fault::UnknownOpcode { pc, opcode };

		let mut new_pc = next;
		match opcode >> 12 {
			0x0 => match opcode {
				0x00E0 => self.display = [0; DISPLAY_HEIGHT],
				0x00EE => {
					let Some(depth) = self.sp.checked_sub(1) else {
						return Err(Fault::StackUnderflow { pc });
					};
					let slot = self
						.stack
						.get_mut(usize::from(depth))
						.ok_or(Fault::StackUnderflow { pc })?;
					new_pc = *slot;
					// Keeps the encoding canonical: free slots are zero.
					*slot = 0;
					self.sp = depth;
				},
				_ => return Err(unknown),
			},
			0x1 => new_pc = nnn,
			0x2 => {
				let slot =
					self.stack.get_mut(usize::from(self.sp)).ok_or(Fault::StackOverflow { pc })?;
				*slot = next;
				self.sp += 1;
				new_pc = nnn;
			},
			0x3 => {
				if self.v[x] == nn {
					new_pc = skip
				}
			},
			0x4 => {
				if self.v[x] != nn {
					new_pc = skip
				}
			},
			0x5 => {
				if opcode & 0xF != 0 {
					return Err(unknown);
				}
				if self.v[x] == self.v[y] {
					new_pc = skip
				}
			},
			0x6 => self.v[x] = nn,
			0x7 => self.v[x] = self.v[x].wrapping_add(nn),
			0x8 => {
				let (vx, vy) = (self.v[x], self.v[y]);
				let (result, flag) = match opcode & 0xF {
					0x0 => (vy, None),
					0x1 => (vx | vy, Some(0)),
					0x2 => (vx & vy, Some(0)),
					0x3 => (vx ^ vy, Some(0)),
					0x4 => {
						let (sum, carry) = vx.overflowing_add(vy);
						(sum, Some(u8::from(carry)))
					},
					0x5 => {
						let (diff, borrow) = vx.overflowing_sub(vy);
						(diff, Some(u8::from(!borrow)))
					},
					0x6 => (vy >> 1, Some(vy & 1)),
					0x7 => {
						let (diff, borrow) = vy.overflowing_sub(vx);
						(diff, Some(u8::from(!borrow)))
					},
					0xE => (vy << 1, Some(vy >> 7)),
					_ => return Err(unknown),
				};
				self.v[x] = result;
				if let Some(flag) = flag {
					self.v[0xF] = flag;
				}
			},
			0x9 => {
				if opcode & 0xF != 0 {
					return Err(unknown);
				}
				if self.v[x] != self.v[y] {
					new_pc = skip
				}
			},
			0xA => self.i = nnn,
			0xB => new_pc = nnn + u16::from(self.v[0]),
			0xC => self.v[x] = self.next_random() & nn,
			0xD => self.draw(pc, x, y, usize::from(opcode & 0xF))?,
			0xE => {
				let pressed = input.is_pressed(self.v[x]);
				match nn {
					0x9E => {
						if pressed {
							new_pc = skip
						}
					},
					0xA1 => {
						if !pressed {
							new_pc = skip
						}
					},
					_ => return Err(unknown),
				}
			},
			_ => match nn {
				0x07 => self.v[x] = self.delay,
				0x0A => {
					let x = x as u8;
					self.wait = match input.lowest() {
						Some(key) if *cycles > 0 => KeyWait::Held { x, key },
						_ => KeyWait::Waiting { x },
					};
					*cycles = 0;
				},
				0x15 => self.delay = self.v[x],
				0x18 => self.sound = self.v[x],
				0x1E => self.i = self.i.wrapping_add(u16::from(self.v[x])),
				0x29 => self.i = FONT_ADDR + 5 * u16::from(self.v[x] & 0xF),
				0x33 => {
					let range = self.index_range(pc, 3)?;
					let vx = self.v[x];
					let dst = self
						.memory
						.get_mut(range)
						.ok_or(Fault::IndexOutOfBounds { pc, i: self.i })?;
					dst.copy_from_slice(&[vx / 100, vx / 10 % 10, vx % 10]);
				},
				0x55 => {
					let range = self.index_range(pc, x + 1)?;
					let dst = self
						.memory
						.get_mut(range)
						.ok_or(Fault::IndexOutOfBounds { pc, i: self.i })?;
					for (dst, src) in dst.iter_mut().zip(&self.v) {
						*dst = *src;
					}
					self.i = self.i.wrapping_add(x as u16 + 1);
				},
				0x65 => {
					let range = self.index_range(pc, x + 1)?;
					let src =
						self.memory.get(range).ok_or(Fault::IndexOutOfBounds { pc, i: self.i })?;
					for (dst, src) in self.v.iter_mut().zip(src) {
						*dst = *src;
					}
					self.i = self.i.wrapping_add(x as u16 + 1);
				},
				_ => return Err(unknown),
			},
		}
		Ok(new_pc)
	}
}

/// Reads fixed-size fields off the front of a byte slice.
struct Reader<'a> {
	bytes: &'a [u8],
	/// Length of the whole encoding, for the error.
	len: usize,
}

impl Reader<'_> {
	fn take<const N: usize>(&mut self) -> Result<[u8; N], StateError> {
		let truncated = StateError::Length { expected: STATE_LEN, found: self.len };
		let (head, rest) = self.bytes.split_first_chunk::<N>().ok_or(truncated)?;
		self.bytes = rest;
		Ok(*head)
	}
}

impl EmulatorCore for Chip8 {
	fn execute_cycle(&mut self, input: &Input) -> Result<(), Fault> {
		if self.wait == KeyWait::Running {
			self.pc = self.execute(self.pc, *input, &mut 0)?;
			Ok(())
		} else {
			self.wait_cycle(*input);
			Ok(())
		}
	}

	fn run_frame(&mut self, input: &Input) -> Result<(), Fault> {
		self.frame(*input)
	}

	fn cycles_per_frame(&self) -> u32 {
		CYCLES_PER_FRAME
	}

	fn frame_count(&self) -> u32 {
		self.frames
	}

	fn save_state(&self) -> Vec<u8> {
		let mut out = Vec::with_capacity(STATE_LEN);
		self.write_state(|bytes| out.extend_from_slice(bytes));
		out
	}

	fn load_state(&mut self, bytes: &[u8]) -> Result<(), StateError> {
		*self = Self::decode_state(bytes)?;
		Ok(())
	}

	/// Streams the saved state into the hash, without allocating it.
	fn state_hash(&self) -> [u8; 32] {
		let mut hasher = Sha256::new();
		self.write_state(|bytes| hasher.update(bytes));
		hasher.finalize().into()
	}
}
