//! A tiny CHIP-8 assembler: one function per instruction, returning its 16-bit word, and
//! [`Asm`], which lays words and data out from [`PROGRAM_START`] and knows their addresses.
//!
//! Register arguments use their low nibble; `nn` is a byte, `nnn` the low 12 bits of an address.
//!
//! ```
//! use aether_emulator::asm::{self, Asm};
//!
//! let mut a = Asm::new();
//! a.op(asm::ld(0, 7)); // 0x200: V0 = 7
//! let halt = a.here();
//! a.op(asm::jp(halt)); // 0x202: loop forever
//! assert_eq!(a.rom(), vec![0x60, 0x07, 0x12, 0x02]);
//! ```

use alloc::vec::Vec;

use crate::PROGRAM_START;

const fn r(x: u8) -> u16 {
	(x & 0xF) as u16
}

const fn xy(base: u16, x: u8, y: u8, low: u16) -> u16 {
	base | r(x) << 8 | r(y) << 4 | (low & 0xF)
}

/// `00E0`: clear the display.
pub const fn cls() -> u16 {
	0x00E0
}
/// `00EE`: return from a subroutine.
pub const fn ret() -> u16 {
	0x00EE
}
/// `1NNN`: jump to `nnn`.
pub const fn jp(nnn: u16) -> u16 {
	0x1000 | (nnn & 0xFFF)
}
/// `2NNN`: call the subroutine at `nnn`.
pub const fn call(nnn: u16) -> u16 {
	0x2000 | (nnn & 0xFFF)
}
/// `3XNN`: skip the next instruction if `VX == nn`.
pub const fn se(x: u8, nn: u8) -> u16 {
	0x3000 | r(x) << 8 | nn as u16
}
/// `4XNN`: skip the next instruction if `VX != nn`.
pub const fn sne(x: u8, nn: u8) -> u16 {
	0x4000 | r(x) << 8 | nn as u16
}
/// `5XY0`: skip the next instruction if `VX == VY`.
pub const fn se_r(x: u8, y: u8) -> u16 {
	xy(0x5000, x, y, 0)
}
/// `6XNN`: `VX = nn`.
pub const fn ld(x: u8, nn: u8) -> u16 {
	0x6000 | r(x) << 8 | nn as u16
}
/// `7XNN`: `VX += nn` (wrapping, `VF` untouched).
pub const fn add(x: u8, nn: u8) -> u16 {
	0x7000 | r(x) << 8 | nn as u16
}
/// `8XY0`: `VX = VY`.
pub const fn ld_r(x: u8, y: u8) -> u16 {
	xy(0x8000, x, y, 0x0)
}
/// `8XY1`: `VX |= VY`, `VF = 0`.
pub const fn or(x: u8, y: u8) -> u16 {
	xy(0x8000, x, y, 0x1)
}
/// `8XY2`: `VX &= VY`, `VF = 0`.
pub const fn and(x: u8, y: u8) -> u16 {
	xy(0x8000, x, y, 0x2)
}
/// `8XY3`: `VX ^= VY`, `VF = 0`.
pub const fn xor(x: u8, y: u8) -> u16 {
	xy(0x8000, x, y, 0x3)
}
/// `8XY4`: `VX += VY`, `VF` = carry.
pub const fn add_r(x: u8, y: u8) -> u16 {
	xy(0x8000, x, y, 0x4)
}
/// `8XY5`: `VX -= VY`, `VF` = no borrow.
pub const fn sub(x: u8, y: u8) -> u16 {
	xy(0x8000, x, y, 0x5)
}
/// `8XY6`: `VX = VY >> 1`, `VF` = the bit shifted out.
pub const fn shr(x: u8, y: u8) -> u16 {
	xy(0x8000, x, y, 0x6)
}
/// `8XY7`: `VX = VY - VX`, `VF` = no borrow.
pub const fn subn(x: u8, y: u8) -> u16 {
	xy(0x8000, x, y, 0x7)
}
/// `8XYE`: `VX = VY << 1`, `VF` = the bit shifted out.
pub const fn shl(x: u8, y: u8) -> u16 {
	xy(0x8000, x, y, 0xE)
}
/// `9XY0`: skip the next instruction if `VX != VY`.
pub const fn sne_r(x: u8, y: u8) -> u16 {
	xy(0x9000, x, y, 0)
}
/// `ANNN`: `I = nnn`.
pub const fn ld_i(nnn: u16) -> u16 {
	0xA000 | (nnn & 0xFFF)
}
/// `BNNN`: jump to `nnn + V0`.
pub const fn jp_v0(nnn: u16) -> u16 {
	0xB000 | (nnn & 0xFFF)
}
/// `CXNN`: `VX` = a random byte `& nn`.
pub const fn rnd(x: u8, nn: u8) -> u16 {
	0xC000 | r(x) << 8 | nn as u16
}
/// `DXYN`: draw the `n`-row sprite at `I` at (`VX`, `VY`), `VF` = collision.
pub const fn drw(x: u8, y: u8, n: u8) -> u16 {
	xy(0xD000, x, y, n as u16)
}
/// `EX9E`: skip the next instruction if key `VX` is held.
pub const fn skp(x: u8) -> u16 {
	0xE09E | r(x) << 8
}
/// `EXA1`: skip the next instruction if key `VX` is not held.
pub const fn sknp(x: u8) -> u16 {
	0xE0A1 | r(x) << 8
}
/// `FX07`: `VX` = the delay timer.
pub const fn ld_from_dt(x: u8) -> u16 {
	0xF007 | r(x) << 8
}
/// `FX0A`: wait for a key press and release, store the key in `VX`.
pub const fn ld_key(x: u8) -> u16 {
	0xF00A | r(x) << 8
}
/// `FX15`: the delay timer = `VX`.
pub const fn ld_dt(x: u8) -> u16 {
	0xF015 | r(x) << 8
}
/// `FX18`: the sound timer = `VX`.
pub const fn ld_st(x: u8) -> u16 {
	0xF018 | r(x) << 8
}
/// `FX1E`: `I += VX`.
pub const fn add_i(x: u8) -> u16 {
	0xF01E | r(x) << 8
}
/// `FX29`: `I` = the font sprite of digit `VX`.
pub const fn ld_font(x: u8) -> u16 {
	0xF029 | r(x) << 8
}
/// `FX33`: the decimal digits of `VX` at `I`, `I + 1`, `I + 2`.
pub const fn bcd(x: u8) -> u16 {
	0xF033 | r(x) << 8
}
/// `FX55`: store `V0..=VX` at `I`, then `I += X + 1`.
pub const fn store(x: u8) -> u16 {
	0xF055 | r(x) << 8
}
/// `FX65`: load `V0..=VX` from `I`, then `I += X + 1`.
pub const fn load(x: u8) -> u16 {
	0xF065 | r(x) << 8
}

/// A ROM being assembled: instructions and data laid out from [`PROGRAM_START`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Asm {
	bytes: Vec<u8>,
}

impl Asm {
	/// An empty ROM.
	pub fn new() -> Self {
		Self::default()
	}

	/// The address the next instruction or data byte goes to.
	pub fn here(&self) -> u16 {
		PROGRAM_START.wrapping_add(self.bytes.len() as u16)
	}

	/// Appends an instruction; returns its address.
	pub fn op(&mut self, word: u16) -> u16 {
		let at = self.here();
		self.bytes.extend_from_slice(&word.to_be_bytes());
		at
	}

	/// Appends instructions; returns the first one's address.
	pub fn ops(&mut self, words: &[u16]) -> u16 {
		let at = self.here();
		for &word in words {
			self.op(word);
		}
		at
	}

	/// Appends data bytes; returns their address.
	pub fn data(&mut self, bytes: &[u8]) -> u16 {
		let at = self.here();
		self.bytes.extend_from_slice(bytes);
		at
	}

	/// Overwrites the instruction at address `at` (for forward jumps: emit a placeholder, patch
	/// it once the target is known). Addresses outside the ROM are ignored.
	pub fn patch(&mut self, at: u16, word: u16) {
		let offset = usize::from(at.wrapping_sub(PROGRAM_START));
		if let Some(slot) = self.bytes.get_mut(offset..offset.saturating_add(2)) {
			slot.copy_from_slice(&word.to_be_bytes());
		}
	}

	/// The ROM's bytes.
	pub fn rom(&self) -> Vec<u8> {
		self.bytes.clone()
	}
}

/// The ROM of `words`, laid out from [`PROGRAM_START`].
pub fn assemble(words: &[u16]) -> Vec<u8> {
	words.iter().flat_map(|word| word.to_be_bytes()).collect()
}
