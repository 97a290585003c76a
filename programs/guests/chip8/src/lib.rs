//! `chip8`: replays a CHIP-8 game session with `aether-emulator` and writes its final state hash
//! and frame count, the same bytes as the native reference `aether_emulator::command::run`.
//!
//! **Input**: `seed: u64 LE ‖ rom_len: u16 LE ‖ rom ‖ input log`, the log in
//! `aether_emulator::input_log`'s run-length encoding (`keys: u16 LE ‖ frames: LEB128` per run)
//! up to the end of the input. A fresh machine loads the ROM at 0x200, seeds its `CXNN` PRNG
//! from the seed and the ROM, and runs one 60 Hz frame (10 instructions, then the timers) per
//! logged frame with that frame's keypad.
//!
//! **Output** (36 bytes): SHA-256 of the final saved state (32 bytes) ‖ frames run (u32 LE).
//!
//! **Traps** (no output) when the input is shorter than its header or ROM, the ROM is over
//! 3584 bytes, the log is not canonical, or the program faults (unknown opcode, stack overflow
//! or underflow, program counter or `I` outside memory).
//!
//! Memory: the input and the machine (about 4.5 KiB) are allocated on the heap by
//! `aether-guest`'s bump allocator; the 64 KiB stack holds only small frames.

#![no_std]

extern crate alloc;

use alloc::vec;

/// The entry point.
#[no_mangle]
pub extern "C" fn run() {
	let len = aether_guest::input_len();
	let mut input = vec![0u8; len];
	if aether_guest::read_input(&mut input, 0) != len {
		aether_guest::trap();
	}
	match aether_emulator::command::run(&input) {
		Ok(output) => aether_guest::write_output(&output),
		Err(_) => aether_guest::trap(),
	}
}
