//! Instruction-level tests of the CHIP-8 core, the saved-state encoding, the input log, the
//! replay helpers and the command format. Whole programs are in `tests/roms.rs`.

use alloc::{boxed::Box, vec, vec::Vec};

use sha2::{Digest, Sha256};

use crate::{
	asm::{self, Asm},
	command::{self, CommandError},
	input_log::{self, LogError, Run},
	replay, replay_log, Chip8, EmulatorCore, Fault, Input, KeyWait, ReplayError, RomError,
	StateError, CYCLES_PER_FRAME, FONT, FONT_ADDR, MAX_ROM_LEN, PROGRAM_START, STATE_LEN,
	STATE_VERSION,
};

/// A machine with `ops` loaded, seed 0.
fn machine(ops: &[u16]) -> Chip8 {
	Chip8::new(&asm::assemble(ops), 0).unwrap()
}

/// Executes `n` instructions with no key held.
fn steps(m: &mut Chip8, n: usize) {
	for _ in 0..n {
		m.execute_cycle(&Input::NONE).unwrap();
	}
}

/// Executes `ops` (all but faults) and returns the machine.
fn run(ops: &[u16]) -> Chip8 {
	let mut m = machine(ops);
	steps(&mut m, ops.len());
	m
}

/// SplitMix64 for test data.
struct TestRng(u64);

impl TestRng {
	fn next(&mut self) -> u64 {
		self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
		let mut z = self.0;
		z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
		z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
		z ^ (z >> 31)
	}

	fn below(&mut self, n: u64) -> u64 {
		((u128::from(self.next()) * u128::from(n)) >> 64) as u64
	}

	fn bytes(&mut self, len: usize) -> Vec<u8> {
		(0..len).map(|_| self.next() as u8).collect()
	}
}

#[test]
fn a_new_machine_has_the_font_and_the_rom() {
	let m = machine(&[0x1234, 0xABCD]);
	assert_eq!(&m.memory()[0x50..0xA0], &FONT);
	assert_eq!(&m.memory()[0x200..0x204], &[0x12, 0x34, 0xAB, 0xCD]);
	assert_eq!(
		m.memory().iter().filter(|&&b| b != 0).count(),
		FONT.iter().filter(|&&b| b != 0).count() + 4
	);
	assert_eq!((m.pc(), m.i(), m.v(), m.stack()), (PROGRAM_START, 0, &[0; 16], &[][..]));
	assert_eq!((m.delay_timer(), m.sound_timer(), m.frame_count(), m.lit_pixels()), (0, 0, 0, 0));
	assert_eq!(m.key_wait(), KeyWait::Running);

	assert!(Chip8::new(&vec![0xAA; MAX_ROM_LEN], 0).is_ok());
	assert_eq!(
		Chip8::new(&vec![0xAA; MAX_ROM_LEN + 1], 0),
		Err(RomError::TooLarge { len: MAX_ROM_LEN + 1 })
	);
	// The PRNG seed depends on the seed and on the ROM.
	let rng = |rom: &[u8], seed| Chip8::new(rom, seed).unwrap().rng_state();
	assert_ne!(rng(&[1], 0), rng(&[1], 1));
	assert_ne!(rng(&[1], 0), rng(&[2], 0));
	assert_ne!(rng(&[], 0), rng(&[0], 0));
}

#[test]
fn cls_clears_the_display() {
	let mut m = machine(&[asm::ld_i(FONT_ADDR), asm::drw(0, 0, 5), asm::cls()]);
	steps(&mut m, 2);
	assert_eq!(m.lit_pixels(), 4 + 2 + 2 + 2 + 4, "the glyph of 0");
	steps(&mut m, 1);
	assert_eq!(m.lit_pixels(), 0);
	assert_eq!(m.pc(), 0x206);
}

#[test]
fn call_and_return_use_the_stack() {
	// 0x200 call 0x206; 0x202 ld V0, 1; 0x204 jp 0x204; 0x206 call 0x20A; 0x208 ret; 0x20A ret
	let mut m = machine(&[
		asm::call(0x206),
		asm::ld(0, 1),
		asm::jp(0x204),
		asm::call(0x20A),
		asm::ret(),
		asm::ret(),
	]);
	steps(&mut m, 1);
	assert_eq!((m.pc(), m.stack()), (0x206, &[0x202][..]));
	steps(&mut m, 1);
	assert_eq!((m.pc(), m.stack()), (0x20A, &[0x202, 0x208][..]));
	steps(&mut m, 1);
	assert_eq!((m.pc(), m.stack()), (0x208, &[0x202][..]));
	// The freed slot is zero in the saved state.
	assert_eq!(&m.save_state()[26..30], &[0x02, 0x02, 0, 0]);
	steps(&mut m, 2);
	assert_eq!((m.pc(), m.stack(), m.v()[0]), (0x204, &[][..], 1));
	steps(&mut m, 3);
	assert_eq!(m.pc(), 0x204, "jp to itself");
}

#[test]
fn jumps() {
	let m = run(&[asm::jp(0x345)]);
	assert_eq!(m.pc(), 0x345);
	// BNNN: NNN + V0.
	let m = run(&[asm::ld(0, 0x10), asm::jp_v0(0x300)]);
	assert_eq!(m.pc(), 0x310);
	let mut m = machine(&[asm::ld(0, 0xFF), asm::jp_v0(0xFFF)]);
	steps(&mut m, 2);
	assert_eq!(m.pc(), 0x10FE, "past memory: the next fetch faults");
	assert_eq!(m.execute_cycle(&Input::NONE), Err(Fault::PcOutOfBounds { pc: 0x10FE }));
}

#[test]
fn skips() {
	// (instructions, whether the second one skips)
	let cases: [(&[u16], bool); 10] = [
		(&[asm::ld(1, 5), asm::se(1, 5)], true),
		(&[asm::ld(1, 5), asm::se(1, 6)], false),
		(&[asm::ld(1, 5), asm::sne(1, 6)], true),
		(&[asm::ld(1, 5), asm::sne(1, 5)], false),
		(&[asm::ld(1, 5), asm::se_r(1, 2)], false),
		(&[asm::ld(1, 0), asm::se_r(1, 2)], true),
		(&[asm::ld(1, 5), asm::sne_r(1, 2)], true),
		(&[asm::ld(1, 0), asm::sne_r(1, 2)], false),
		(&[asm::ld(1, 9), asm::se_r(1, 1)], true),
		(&[asm::ld(1, 9), asm::sne_r(1, 1)], false),
	];
	for (ops, skips) in cases {
		let m = run(ops);
		assert_eq!(m.pc(), if skips { 0x206 } else { 0x204 }, "{ops:04X?}");
	}
}

#[test]
fn loads_and_adds() {
	let m = run(&[asm::ld(3, 0xFE), asm::ld(0xF, 7), asm::add(3, 3), asm::ld_r(4, 3)]);
	assert_eq!(m.v()[3], 0x01, "7XNN wraps");
	assert_eq!(m.v()[0xF], 7, "7XNN leaves VF alone");
	assert_eq!(m.v()[4], 0x01);
}

/// Runs `VX = a`, `VY = b`, VF = 0xAA, then `op(x, y)`; returns (VX, VF).
fn alu(op: fn(u8, u8) -> u16, a: u8, b: u8) -> (u8, u8) {
	let m = run(&[asm::ld(1, a), asm::ld(2, b), asm::ld(0xF, 0xAA), op(1, 2)]);
	assert_eq!(m.v()[2], b, "VY unchanged");
	(m.v()[1], m.v()[0xF])
}

#[test]
fn logic_ops_reset_vf() {
	assert_eq!(alu(asm::ld_r, 0x0F, 0x35), (0x35, 0xAA), "8XY0 leaves VF alone");
	assert_eq!(alu(asm::or, 0x0F, 0x35), (0x3F, 0));
	assert_eq!(alu(asm::and, 0x0F, 0x35), (0x05, 0));
	assert_eq!(alu(asm::xor, 0x0F, 0x35), (0x3A, 0));
}

#[test]
fn arithmetic_sets_carry_and_borrow() {
	assert_eq!(alu(asm::add_r, 0x10, 0x20), (0x30, 0));
	assert_eq!(alu(asm::add_r, 0xF0, 0x20), (0x10, 1));
	assert_eq!(alu(asm::add_r, 0xFF, 0x01), (0x00, 1));
	// 8XY5: VF = 1 when there is no borrow (VX >= VY).
	assert_eq!(alu(asm::sub, 0x30, 0x10), (0x20, 1));
	assert_eq!(alu(asm::sub, 0x10, 0x10), (0x00, 1));
	assert_eq!(alu(asm::sub, 0x10, 0x30), (0xE0, 0));
	// 8XY7: VX = VY - VX, VF = 1 when VY >= VX.
	assert_eq!(alu(asm::subn, 0x10, 0x30), (0x20, 1));
	assert_eq!(alu(asm::subn, 0x30, 0x30), (0x00, 1));
	assert_eq!(alu(asm::subn, 0x30, 0x10), (0xE0, 0));
}

#[test]
fn shifts_use_vy() {
	// 8XY6: VX = VY >> 1, VF = the low bit of VY; VX's old value does not matter.
	assert_eq!(alu(asm::shr, 0xFF, 0b1000_0101), (0b0100_0010, 1));
	assert_eq!(alu(asm::shr, 0xFF, 0b1000_0100), (0b0100_0010, 0));
	// 8XYE: VX = VY << 1, VF = the high bit of VY.
	assert_eq!(alu(asm::shl, 0x00, 0b1000_0101), (0b0000_1010, 1));
	assert_eq!(alu(asm::shl, 0x00, 0b0100_0101), (0b1000_1010, 0));
}

#[test]
fn the_flag_wins_when_x_is_f() {
	// VF as the destination: the flag is written after the result.
	let flag =
		|op: fn(u8, u8) -> u16, a, b| run(&[asm::ld(0xF, a), asm::ld(2, b), op(0xF, 2)]).v()[0xF];
	assert_eq!(flag(asm::add_r, 0xF0, 0x20), 1);
	assert_eq!(flag(asm::add_r, 0x10, 0x20), 0);
	assert_eq!(flag(asm::sub, 0x30, 0x10), 1);
	assert_eq!(flag(asm::subn, 0x30, 0x10), 0);
	assert_eq!(flag(asm::shr, 0, 0x03), 1);
	assert_eq!(flag(asm::shl, 0, 0x40), 0);
	assert_eq!(flag(asm::or, 0xF0, 0x0F), 0);
}

#[test]
fn index_register() {
	let m = run(&[asm::ld_i(0x123)]);
	assert_eq!(m.i(), 0x123);
	// FX1E adds VX, leaves VF alone, and wraps at 16 bits.
	let m = run(&[asm::ld_i(0xFFF), asm::ld(2, 0xFF), asm::add_i(2)]);
	assert_eq!((m.i(), m.v()[0xF]), (0x10FE, 0));
	let mut m = machine(&[asm::ld(2, 0xFF), asm::add_i(2)]);
	steps(&mut m, 1);
	m.load_state(&with_i(&m, 0xFFF0)).unwrap();
	steps(&mut m, 1);
	assert_eq!(m.i(), 0x00EF, "0xFFF0 + 0xFF wraps");
	// FX29: the glyph of the low nibble of VX.
	for (v, digit) in [(0u8, 0u16), (7, 7), (0xF, 0xF), (0x1A, 0xA)] {
		let m = run(&[asm::ld(4, v), asm::ld_font(4)]);
		assert_eq!(m.i(), FONT_ADDR + 5 * digit);
	}
}

/// `m`'s saved state with `I` replaced.
fn with_i(m: &Chip8, i: u16) -> Vec<u8> {
	let mut state = m.save_state();
	state[21..23].copy_from_slice(&i.to_le_bytes());
	state
}

#[test]
fn random_bytes_are_masked_and_come_from_the_state() {
	let mut m = machine(&[asm::rnd(0, 0x0F); 200]);
	let mut reference = TestRng(m.rng_state());
	for _ in 0..200 {
		let expected = (reference.next() >> 56) as u8 & 0x0F;
		steps(&mut m, 1);
		assert_eq!(m.v()[0], expected);
	}
	assert_eq!(m.rng_state(), reference.0);
	let m = run(&[asm::ld(3, 0xFF), asm::rnd(3, 0)]);
	assert_eq!(m.v()[3], 0);
	// Identical machines draw identically; the draw advances the saved PRNG state.
	let (a, b) = (run(&[asm::rnd(1, 0xFF)]), run(&[asm::rnd(1, 0xFF)]));
	assert_eq!(a, b);
	assert_ne!(a.rng_state(), machine(&[]).rng_state());
}

/// A machine with `sprite` at 0x300 and `I` pointing at it, about to draw it at (`x`, `y`).
fn drawing(sprite: &[u8], x: u8, y: u8) -> Chip8 {
	let mut a = Asm::new();
	a.ops(&[asm::ld_i(0x300), asm::ld(0, x), asm::ld(1, y), asm::drw(0, 1, sprite.len() as u8)]);
	a.op(asm::drw(0, 1, sprite.len() as u8));
	let mut rom = a.rom();
	rom.resize(0x100, 0);
	rom.extend_from_slice(sprite);
	let mut m = Chip8::new(&rom, 0).unwrap();
	steps(&mut m, 4);
	m
}

#[test]
fn draw_xors_sprites_and_reports_collisions() {
	let mut m = drawing(&[0b1010_0000, 0b0101_0000], 10, 5);
	assert_eq!(m.v()[0xF], 0);
	for (x, y, lit) in [(10, 5, true), (11, 5, false), (12, 5, true), (11, 6, true), (13, 6, true)]
	{
		assert_eq!(m.pixel(x, y), lit, "({x}, {y})");
	}
	assert_eq!(m.lit_pixels(), 4);
	// Drawing it again erases it: a collision.
	steps(&mut m, 1);
	assert_eq!((m.lit_pixels(), m.v()[0xF]), (0, 1));

	// A partial overlap collides; non-overlapping lit pixels do not.
	let mut m = drawing(&[0xFF], 0, 0);
	m.load_state(&{
		let mut s = m.save_state();
		// The second draw at x = 4: overlap on pixels 4..8.
		s[5] = 4;
		s
	})
	.unwrap();
	steps(&mut m, 1);
	assert_eq!(m.v()[0xF], 1);
	assert_eq!(m.display()[0], 0xF0F0_0000_0000_0000);
	let mut m = drawing(&[0xF0], 0, 0);
	let mut s = m.save_state();
	s[5] = 4;
	m.load_state(&s).unwrap();
	steps(&mut m, 1);
	assert_eq!((m.v()[0xF], m.display()[0]), (0, 0xFF00_0000_0000_0000));
}

#[test]
fn draw_wraps_the_start_and_clips_at_the_edges() {
	// x = 62: two columns shown, the rest clipped (not wrapped to the left edge).
	let m = drawing(&[0xFF], 62, 0);
	assert_eq!(m.display()[0], 0b11);
	// y = 30: two rows shown.
	let m = drawing(&[0x80, 0x80, 0x80, 0x80], 0, 30);
	assert_eq!(m.lit_pixels(), 2);
	assert!(m.pixel(0, 30) && m.pixel(0, 31) && !m.pixel(0, 0));
	// The start wraps: (64 + 3, 32 + 1) is (3, 1).
	let m = drawing(&[0x80], 67, 33);
	assert!(m.pixel(3, 1));
	assert_eq!(m.lit_pixels(), 1);
	// The bottom-right corner.
	let m = drawing(&[0xC0, 0xC0], 63, 31);
	assert_eq!((m.lit_pixels(), m.pixel(63, 31)), (1, true));
	// N = 0 draws nothing.
	let m = run(&[asm::ld(0xF, 1), asm::ld_i(FONT_ADDR), asm::drw(0, 0, 0)]);
	assert_eq!((m.lit_pixels(), m.v()[0xF]), (0, 0));
}

#[test]
fn draw_font_digits() {
	for d in 0..16u8 {
		let m = run(&[asm::ld(0, d), asm::ld_font(0), asm::ld(1, 8), asm::drw(1, 1, 5)]);
		for (row, &bits) in FONT[usize::from(d) * 5..][..5].iter().enumerate() {
			assert_eq!(m.display()[8 + row], u64::from(bits) << 48, "digit {d:X} row {row}");
		}
	}
}

#[test]
fn key_skips() {
	for (keys, skp, sknp) in [(0u16, false, true), (1 << 7, true, false), (1 << 6, false, true)] {
		for (op, skips) in [(asm::skp(1), skp), (asm::sknp(1), sknp)] {
			let mut m = machine(&[asm::ld(1, 7), op]);
			steps(&mut m, 1);
			m.execute_cycle(&Input::new(keys)).unwrap();
			assert_eq!(m.pc(), if skips { 0x206 } else { 0x204 }, "keys {keys:04x}, op {op:04X}");
		}
	}
	// The low nibble of VX names the key.
	let mut m = machine(&[asm::ld(1, 0x17), asm::skp(1)]);
	steps(&mut m, 1);
	m.execute_cycle(&Input::key(7)).unwrap();
	assert_eq!(m.pc(), 0x206);
}

#[test]
fn timers_tick_once_a_frame() {
	let mut ops = vec![asm::ld(0, 3), asm::ld_dt(0), asm::ld(1, 2), asm::ld_st(1)];
	ops.extend([asm::ld_from_dt(2); 40]);
	let mut m = machine(&ops);
	m.run_frame(&Input::NONE).unwrap();
	// Ten instructions read the delay timer as 3; the frame then ticked it.
	assert_eq!((m.v()[2], m.delay_timer(), m.sound_timer()), (3, 2, 1));
	assert!(m.sound_active());
	m.run_frame(&Input::NONE).unwrap();
	assert_eq!((m.v()[2], m.delay_timer(), m.sound_timer()), (2, 1, 0));
	assert!(!m.sound_active());
	for _ in 0..2 {
		m.run_frame(&Input::NONE).unwrap();
	}
	assert_eq!((m.v()[2], m.delay_timer(), m.sound_timer()), (0, 0, 0), "saturate at 0");
	assert_eq!(m.frame_count(), 4);
}

#[test]
fn key_wait_needs_a_press_and_a_release() {
	let mut m = machine(&[asm::ld(5, 3), asm::ld_dt(5), asm::ld_key(4), asm::ld(6, 1)]);
	steps(&mut m, 3);
	assert_eq!((m.key_wait(), m.pc()), (KeyWait::Waiting { x: 4 }, 0x206));
	steps(&mut m, 20);
	assert_eq!((m.key_wait(), m.pc()), (KeyWait::Waiting { x: 4 }, 0x206));
	// Keys 9 and B go down: the lowest is taken.
	m.execute_cycle(&Input::new(1 << 9 | 1 << 0xB)).unwrap();
	assert_eq!(m.key_wait(), KeyWait::Held { x: 4, key: 9 });
	// Key 9 still down (B released): still held.
	m.execute_cycle(&Input::key(9)).unwrap();
	assert_eq!(m.key_wait(), KeyWait::Held { x: 4, key: 9 });
	// Timers keep running while waiting.
	m.run_frame(&Input::key(9)).unwrap();
	assert_eq!(m.delay_timer(), 2);
	// Released (another key down does not matter): V4 = 9, and execution goes on.
	m.execute_cycle(&Input::key(2)).unwrap();
	assert_eq!((m.key_wait(), m.v()[4], m.pc()), (KeyWait::Running, 9, 0x206));
	steps(&mut m, 1);
	assert_eq!(m.v()[6], 1);

	// FX0A's own cycle does not look at the keypad: the next one does.
	let mut m = machine(&[asm::ld_key(0)]);
	m.execute_cycle(&Input::key(3)).unwrap();
	assert_eq!(m.key_wait(), KeyWait::Waiting { x: 0 });
	m.execute_cycle(&Input::key(3)).unwrap();
	assert_eq!(m.key_wait(), KeyWait::Held { x: 0, key: 3 });
	// The same in a frame: FX0A as the frame's last instruction leaves the machine waiting.
	let mut ops = vec![asm::ld(1, 1); 9];
	ops.push(asm::ld_key(0));
	let mut m = machine(&ops);
	m.run_frame(&Input::key(3)).unwrap();
	assert_eq!(m.key_wait(), KeyWait::Waiting { x: 0 });
	let mut ops = vec![asm::ld(1, 1); 8];
	ops.push(asm::ld_key(0));
	let mut m = machine(&ops);
	m.run_frame(&Input::key(3)).unwrap();
	assert_eq!(m.key_wait(), KeyWait::Held { x: 0, key: 3 });
}

#[test]
fn bcd_writes_three_digits() {
	for v in [0u8, 7, 9, 10, 42, 99, 100, 137, 200, 255] {
		let m = run(&[asm::ld(3, v), asm::ld_i(0x300), asm::bcd(3)]);
		assert_eq!(&m.memory()[0x300..0x303], &[v / 100, v / 10 % 10, v % 10], "{v}");
		assert_eq!(m.i(), 0x300, "FX33 leaves I");
	}
}

#[test]
fn store_and_load_registers_increment_i() {
	let mut ops: Vec<u16> = (0..16).map(|x| asm::ld(x, 0x10 + x)).collect();
	ops.extend([asm::ld_i(0x300), asm::store(5)]);
	let m = run(&ops);
	assert_eq!(&m.memory()[0x300..0x307], &[0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0]);
	assert_eq!(m.i(), 0x306, "I += X + 1");
	let ops = [asm::ld_i(FONT_ADDR), asm::load(2), asm::load(0)];
	let m = run(&ops);
	assert_eq!(&m.v()[..4], &[FONT[3], FONT[1], FONT[2], 0]);
	assert_eq!(m.i(), FONT_ADDR + 4);
	// All sixteen, up to the last byte of memory.
	let mut m = machine(
		&(0..16).map(|x| asm::ld(x, 0xE0 + x)).chain([asm::store(0xF)]).collect::<Vec<_>>(),
	);
	steps(&mut m, 16);
	m.load_state(&with_i(&m, 0xFF0)).unwrap();
	steps(&mut m, 1);
	assert_eq!(&m.memory()[0xFF0..], &core::array::from_fn::<u8, 16, _>(|k| 0xE0 + k as u8));
	assert_eq!(m.i(), 0x1000);
}

#[test]
fn unknown_opcodes_fault() {
	for opcode in [
		0x0000, 0x0123, 0x00E1, 0x00FF, 0x5121, 0x512F, 0x8008, 0x800D, 0x800F, 0x9AB1, 0xE000,
		0xE19F, 0xE0A2, 0xF000, 0xF00B, 0xF056, 0xFFFF,
	] {
		let mut m = machine(&[opcode]);
		let before = m.clone();
		assert_eq!(
			m.execute_cycle(&Input::NONE),
			Err(Fault::UnknownOpcode { pc: 0x200, opcode }),
			"{opcode:04X}"
		);
		assert_eq!(m, before);
	}
}

#[test]
fn every_fault_leaves_the_machine_unchanged() {
	// (program, instructions before the faulting one, fault)
	let call_self = [asm::call(0x200)];
	let cases: Vec<(Vec<u16>, usize, Fault)> = vec![
		(call_self.to_vec(), 16, Fault::StackOverflow { pc: 0x200 }),
		(vec![asm::ret()], 0, Fault::StackUnderflow { pc: 0x200 }),
		(vec![asm::jp(0xFFF)], 1, Fault::PcOutOfBounds { pc: 0xFFF }),
		(vec![asm::ld_i(0xFFE), asm::bcd(0)], 1, Fault::IndexOutOfBounds { pc: 0x202, i: 0xFFE }),
		(vec![asm::ld_i(0xFFF), asm::store(1)], 1, Fault::IndexOutOfBounds { pc: 0x202, i: 0xFFF }),
		(
			vec![asm::ld_i(0xFF1), asm::load(0xF)],
			1,
			Fault::IndexOutOfBounds { pc: 0x202, i: 0xFF1 },
		),
		(
			vec![asm::ld_i(0xFFC), asm::drw(0, 0, 5)],
			1,
			Fault::IndexOutOfBounds { pc: 0x202, i: 0xFFC },
		),
	];
	for (ops, before, fault) in cases {
		let mut m = machine(&ops);
		steps(&mut m, before);
		let state = m.clone();
		for _ in 0..3 {
			assert_eq!(m.execute_cycle(&Input::NONE), Err(fault), "{ops:04X?}");
			assert_eq!(m, state, "{fault:?} changed the machine");
		}
	}
	// Just inside memory does not fault.
	let m = run(&[asm::ld_i(0xFFD), asm::bcd(0)]);
	assert_eq!(m.i(), 0xFFD);
	let m = run(&[asm::ld_i(0xFFB), asm::drw(0, 0, 5)]);
	assert_eq!(m.i(), 0xFFB);
	// A 0-row sprite reads no byte: no fault, wherever I points.
	let mut m = machine(&[asm::drw(0, 0, 0)]);
	m.load_state(&with_i(&m, 0x5000)).unwrap();
	assert_eq!(m.execute_cycle(&Input::NONE), Ok(()));
	// The last instruction slot in memory executes; the one after faults.
	let mut m = machine(&[asm::jp(0xFFE)]);
	steps(&mut m, 1);
	assert_eq!(m.execute_cycle(&Input::NONE), Err(Fault::UnknownOpcode { pc: 0xFFE, opcode: 0 }));
}

#[test]
fn a_frame_is_a_fixed_number_of_cycles() {
	let ops: Vec<u16> = (0..25).map(|k| asm::add(0, k as u8 + 1)).collect();
	let mut m = machine(&ops);
	m.run_frame(&Input::NONE).unwrap();
	assert_eq!(m.pc(), PROGRAM_START + 2 * CYCLES_PER_FRAME as u16);
	assert_eq!(m.v()[0], (1..=10).sum::<u8>());
	assert_eq!((m.frame_count(), m.cycles_per_frame()), (1, CYCLES_PER_FRAME));
	// A fault mid-frame: the instructions before it stay done, the frame is not counted and the
	// timers do not tick.
	let mut ops = vec![asm::ld(0, 5), asm::ld_dt(0), asm::add(1, 1), asm::add(1, 1)];
	ops.push(0x0000);
	let mut m = machine(&ops);
	assert_eq!(m.run_frame(&Input::NONE), Err(Fault::UnknownOpcode { pc: 0x208, opcode: 0 }));
	assert_eq!((m.v()[1], m.delay_timer(), m.frame_count(), m.pc()), (2, 5, 0, 0x208));
}

#[test]
fn the_trait_is_object_safe_and_hashes_the_saved_state() {
	let mut cores: Vec<Box<dyn EmulatorCore>> =
		vec![Box::new(machine(&[asm::rnd(0, 0xFF), asm::jp(0x200)]))];
	for core in &mut cores {
		for _ in 0..5 {
			core.run_frame(&Input::NONE).unwrap();
		}
		let expected: [u8; 32] = Sha256::digest(core.save_state()).into();
		assert_eq!(core.state_hash(), expected);
		assert_eq!(core.frame_count(), 5);
	}
}

#[test]
fn the_saved_state_follows_the_documented_layout() {
	let mut a = Asm::new();
	a.ops(&[
		asm::ld(0, 0x11),
		asm::ld(0xF, 0xFF),
		asm::ld_i(0xABC),
		asm::ld(1, 9),
		asm::ld_dt(1),
		asm::ld(1, 4),
		asm::ld_st(1),
		asm::call(0x300),
	]);
	let mut rom = a.rom();
	rom.resize(0x100, 0);
	rom.extend_from_slice(&asm::assemble(&[asm::ld_key(3)]));
	let mut m = Chip8::new(&rom, 77).unwrap();
	let rng = m.rng_state();
	steps(&mut m, 9);
	m.run_frame(&Input::NONE).unwrap();
	let mut m2 = m.clone();
	m2.execute_cycle(&Input::key(0xC)).unwrap();

	let s = m.save_state();
	assert_eq!(s.len(), STATE_LEN);
	assert_eq!(STATE_LEN, 4427);
	assert_eq!(&s[0..5], b"AEC8\x01");
	assert_eq!(s[5], 0x11);
	assert_eq!(s[6], 0x04, "V1");
	assert_eq!(s[20], 0xFF, "VF");
	assert_eq!(&s[21..23], &0xABCu16.to_le_bytes());
	assert_eq!(&s[23..25], &0x302u16.to_le_bytes());
	assert_eq!(s[25], 1, "stack pointer");
	assert_eq!(&s[26..28], &0x210u16.to_le_bytes());
	assert!(s[28..58].iter().all(|&b| b == 0));
	assert_eq!((s[58], s[59]), (8, 3), "timers after one frame");
	assert_eq!(&s[60..63], &[1, 3, 0], "waiting into V3");
	assert_eq!(&s[63..71], &rng.to_le_bytes());
	assert_eq!(&s[71..75], &1u32.to_le_bytes());
	assert!(s[75..331].iter().all(|&b| b == 0));
	assert_eq!(&s[331..], &m.memory()[..]);
	assert_eq!(&m2.save_state()[60..63], &[2, 3, 0xC], "held key C");

	// The display: row-major, the leftmost pixel the high bit of the row's first byte.
	let m = drawing(&[0x80], 9, 2);
	let s = m.save_state();
	assert_eq!(s[75 + 2 * 8 + 1], 0x40);
	assert_eq!(s[75..331].iter().filter(|&&b| b != 0).count(), 1);
}

#[test]
fn save_and_load_round_trip() {
	let mut rng = TestRng(0x5EED);
	for round in 0..50u8 {
		// Random programs; run until they fault or for up to 30 frames.
		let len = rng.below(600) as usize;
		let rom = rng.bytes(len);
		let mut m = Chip8::new(&rom, rng.next()).unwrap();
		for _ in 0..rng.below(30) {
			if m.run_frame(&Input::new(rng.next() as u16)).is_err() {
				break;
			}
		}
		let saved = m.save_state();
		let mut other = machine(&[asm::rnd(round % 16, 0xFF)]);
		other.run_frame(&Input::NONE).ok();
		other.load_state(&saved).unwrap();
		assert_eq!(other, m);
		assert_eq!(other.state_hash(), m.state_hash());
		assert_eq!(other.save_state(), saved);
		// Both continue identically.
		for _ in 0..5 {
			let input = Input::new(rng.next() as u16);
			assert_eq!(m.run_frame(&input), other.run_frame(&input));
		}
		assert_eq!(other, m);
	}
}

#[test]
fn load_state_refuses_bad_encodings_and_leaves_the_machine() {
	let m = run(&[asm::call(0x204), asm::jp(0x200), asm::ld_key(2)]);
	let good = m.save_state();
	let refused = |bytes: &[u8]| {
		let mut target = m.clone();
		let error = target.load_state(bytes).unwrap_err();
		assert_eq!(target, m, "{error:?} changed the machine");
		error
	};
	assert_eq!(refused(&[]), StateError::Length { expected: STATE_LEN, found: 0 });
	assert_eq!(
		refused(&good[..STATE_LEN - 1]),
		StateError::Length { expected: STATE_LEN, found: STATE_LEN - 1 }
	);
	assert_eq!(
		refused(&[good.as_slice(), &[0]].concat()),
		StateError::Length { expected: STATE_LEN, found: STATE_LEN + 1 }
	);
	let with = |offset: usize, value: u8| {
		let mut bytes = good.clone();
		bytes[offset] = value;
		bytes
	};
	assert_eq!(refused(&with(0, b'X')), StateError::Magic);
	assert_eq!(refused(&with(4, STATE_VERSION + 1)), StateError::Version(STATE_VERSION + 1));
	assert_eq!(refused(&with(4, 0)), StateError::Version(0));
	assert_eq!(refused(&with(25, 17)), StateError::StackPointer(17));
	// Stack pointer 1: slot 1 (offset 28) must be zero.
	assert_eq!(refused(&with(28, 1)), StateError::StaleStack);
	assert_eq!(refused(&with(57, 1)), StateError::StaleStack);
	// Waiting into V2 = [1, 2, 0].
	assert_eq!(&good[60..63], &[1, 2, 0]);
	assert_eq!(refused(&with(60, 3)), StateError::KeyWait);
	assert_eq!(refused(&with(61, 16)), StateError::KeyWait);
	assert_eq!(refused(&with(62, 1)), StateError::KeyWait, "no key while only waiting");
	let mut running = good.clone();
	running[60..63].copy_from_slice(&[0, 2, 0]);
	assert_eq!(refused(&running), StateError::KeyWait);
	running[60..63].copy_from_slice(&[2, 2, 16]);
	assert_eq!(refused(&running), StateError::KeyWait);
	// Any register, PC, I, timer, PRNG, frame count, pixel and memory value is a valid state.
	for offset in [5, 20, 21, 24, 58, 63, 74, 75, 330, 331, STATE_LEN - 1] {
		let mut target = m.clone();
		let bytes = with(offset, good[offset] ^ 0xFF);
		target.load_state(&bytes).unwrap();
		assert_eq!(target.save_state(), bytes);
		assert_ne!(target.state_hash(), m.state_hash());
	}
	// Sixteen return addresses: a full stack is valid.
	let mut full = good.clone();
	full[25] = 16;
	full[26..58].fill(0x42);
	let mut target = m.clone();
	target.load_state(&full).unwrap();
	assert_eq!(target.stack(), &[0x4242; 16]);
}

#[test]
fn load_state_never_panics() {
	let mut rng = TestRng(0xF022);
	let base = run(&[asm::call(0x206), 0, 0, asm::ld_key(1)]);
	let good = base.save_state();
	let mut target = base.clone();
	// Loads `bytes` into `target`; whether they were accepted.
	fn check(bytes: &[u8], target: &mut Chip8) -> bool {
		let before = target.clone();
		match target.load_state(bytes) {
			// Only canonical encodings are accepted: they re-encode to the same bytes.
			Ok(()) => {
				assert_eq!(target.save_state(), bytes);
				// And the loaded machine runs (or faults) without panicking.
				for k in 0..3 {
					let _ = target.run_frame(&Input::new(k));
				}
				true
			},
			Err(_) => {
				assert_eq!(*target, before);
				false
			},
		}
	}
	// Every truncation of a valid state.
	for len in 0..good.len() {
		assert!(!check(&good[..len], &mut target));
	}
	assert!(check(&good, &mut target));
	let mut accepted = 0;
	// Random bytes of random lengths, some exactly the state's length.
	for _ in 0..2000 {
		let len =
			if rng.below(2) == 0 { STATE_LEN } else { rng.below(2 * STATE_LEN as u64) as usize };
		assert!(!check(&rng.bytes(len), &mut target), "random bytes have no magic");
	}
	// A valid state with a few random bytes changed: mostly accepted (most bytes are memory),
	// refused where the header breaks.
	for _ in 0..3000 {
		let mut bytes = good.clone();
		for _ in 0..1 + rng.below(3) {
			let at = if rng.below(2) == 0 { rng.below(75) } else { rng.below(STATE_LEN as u64) };
			bytes[at as usize] = rng.next() as u8;
		}
		accepted += u32::from(check(&bytes, &mut target));
	}
	assert!(accepted > 1000, "{accepted} accepted");
}

#[test]
fn input_log_round_trips_and_is_compact() {
	assert_eq!(input_log::encode(&[]).unwrap(), Vec::<u8>::new());
	assert_eq!(input_log::decode(&[], 0), Ok(vec![]));
	// 3 frames of key 0, 200 of 0x8001: keys LE, LEB128 counts (200 = 0xC8 0x01).
	let frames: Vec<u16> = [vec![1; 3], vec![0x8001; 200]].concat();
	let log = input_log::encode(&frames).unwrap();
	assert_eq!(log, vec![0x01, 0x00, 0x03, 0x01, 0x80, 0xC8, 0x01]);
	assert_eq!(input_log::decode(&log, 203), Ok(frames.clone()));
	assert_eq!(input_log::decode(&log, 202), Err(LogError::TooManyFrames));
	assert_eq!(input_log::frame_count(&log), Ok(203));
	let runs: Vec<Run> = input_log::runs(&log).map(Result::unwrap).collect();
	assert_eq!(runs, vec![Run { keys: 1, frames: 3 }, Run { keys: 0x8001, frames: 200 }]);

	let mut rng = TestRng(7);
	for _ in 0..200 {
		let mut frames = Vec::new();
		for _ in 0..rng.below(50) {
			let keys = if rng.below(3) == 0 { 0 } else { rng.next() as u16 };
			let longest = if rng.below(8) == 0 { 20_000 } else { 20 };
			let run = 1 + rng.below(longest);
			frames.extend(core::iter::repeat_n(keys, run as usize));
		}
		let log = input_log::encode(&frames).unwrap();
		assert_eq!(input_log::decode(&log, u32::MAX), Ok(frames.clone()));
		assert_eq!(input_log::frame_count(&log), Ok(frames.len() as u32));
		// Canonical: the runs are maximal.
		let runs: Vec<Run> = input_log::runs(&log).map(Result::unwrap).collect();
		assert!(runs.windows(2).all(|w| w[0].keys != w[1].keys));
		// Counts below 2^21 take at most 3 bytes.
		assert!(log.len() <= 5 * runs.len());
	}
	// Long counts.
	for count in [127u32, 128, 16_383, 16_384, 1 << 21, 1 << 28, u32::MAX] {
		let mut log = vec![0, 0];
		let mut value = count;
		loop {
			let low = (value & 0x7F) as u8;
			value >>= 7;
			log.push(if value == 0 { low } else { low | 0x80 });
			if value == 0 {
				break;
			}
		}
		assert_eq!(input_log::frame_count(&log), Ok(count));
	}
}

#[test]
fn input_log_refuses_non_canonical_encodings() {
	let cases: [(&[u8], LogError); 11] = [
		(&[0x01], LogError::Truncated),
		(&[0x01, 0x00], LogError::Truncated),
		(&[0x01, 0x00, 0x80], LogError::Truncated),
		(&[0x01, 0x00, 0x00], LogError::ZeroFrames),
		(&[0x01, 0x00, 0x81, 0x00], LogError::NonMinimal),
		(&[0x01, 0x00, 0x80, 0x80, 0x00], LogError::NonMinimal),
		(&[0x01, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x10], LogError::CountOverflow),
		(&[0x01, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x8F, 0x01], LogError::CountOverflow),
		(&[0x01, 0x00, 0x05, 0x01, 0x00, 0x05], LogError::RepeatedKeys),
		(&[0x01, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x02, 0x00, 0x01], LogError::TooManyFrames),
		(&[0x01, 0x00, 0x05, 0x02], LogError::Truncated),
	];
	for (log, error) in cases {
		assert_eq!(input_log::frame_count(log), Err(error), "{log:02x?}");
		assert_eq!(input_log::decode(log, u32::MAX), Err(error), "{log:02x?}");
		assert_eq!(replay_log(&[], 0, log), Err(ReplayError::Log(error)));
		// The iterator stops after the error.
		let items: Vec<_> = input_log::runs(log).collect();
		assert_eq!(items.last(), Some(&Err(error)));
		assert_eq!(items.iter().filter(|r| r.is_err()).count(), 1);
	}
	// Valid neighbours of those.
	assert_eq!(input_log::frame_count(&[0x01, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]), Ok(u32::MAX));
	assert_eq!(input_log::frame_count(&[0x01, 0x00, 0x05, 0x02, 0x00, 0x05]), Ok(10));
}

#[test]
fn replay_agrees_with_frame_by_frame_runs() {
	let rom = asm::assemble(&[
		asm::rnd(0, 0xFF),
		asm::add_r(1, 0),
		asm::skp(0),
		asm::jp(0x200),
		asm::jp(0x200),
	]);
	let mut rng = TestRng(3);
	let inputs: Vec<u16> = (0..500).map(|_| rng.next() as u16 & 0x00FF).collect();
	let mut m = Chip8::new(&rom, 11).unwrap();
	for &keys in &inputs {
		m.run_frame(&Input::new(keys)).unwrap();
	}
	let expected = (m.state_hash(), 500);
	assert_eq!(replay(&rom, 11, &inputs), Ok(expected));
	let log = input_log::encode(&inputs).unwrap();
	assert_eq!(replay_log(&rom, 11, &log), Ok(expected));
	assert_ne!(replay(&rom, 12, &inputs).unwrap().0, expected.0);
	assert_eq!(replay(&rom, 11, &[]).unwrap(), (Chip8::new(&rom, 11).unwrap().state_hash(), 0));
	// Errors.
	let big = vec![0u8; MAX_ROM_LEN + 1];
	assert_eq!(replay(&big, 0, &[]), Err(ReplayError::Rom(RomError::TooLarge { len: big.len() })));
	assert_eq!(
		replay_log(&big, 0, &[]),
		Err(ReplayError::Rom(RomError::TooLarge { len: big.len() }))
	);
	// The log is checked before the ROM runs.
	assert_eq!(replay_log(&big, 0, &[1]), Err(ReplayError::Log(LogError::Truncated)));
	let faulty = asm::assemble(&[asm::jp(0x202), asm::ret()]);
	let fault = Fault::StackUnderflow { pc: 0x202 };
	assert_eq!(replay(&faulty, 0, &[0; 3]), Err(ReplayError::Fault { frame: 0, fault }));
}

#[test]
fn command_input_and_output() {
	let rom = asm::assemble(&[asm::rnd(0, 0xFF), asm::jp(0x200)]);
	let frames = [0u16, 0, 5, 5, 5, 0];
	let log = input_log::encode(&frames).unwrap();
	let input = command::encode_input(0x0102_0304_0506_0708, &rom, &log).unwrap();
	assert_eq!(&input[..10], &[8, 7, 6, 5, 4, 3, 2, 1, 4, 0]);
	assert_eq!(command::decode_input(&input), Ok((0x0102_0304_0506_0708, &rom[..], &log[..])));
	let (hash, count) = replay(&rom, 0x0102_0304_0506_0708, &frames).unwrap();
	let output = command::run(&input).unwrap();
	assert_eq!(&output[..32], &hash);
	assert_eq!(&output[32..], &6u32.to_le_bytes());
	assert_eq!(count, 6);

	for short in [&input[..0], &input[..9], &input[..10], &input[..13]] {
		assert_eq!(command::run(short), Err(CommandError::Truncated), "{} bytes", short.len());
	}
	// An empty ROM and log: zero frames.
	assert_eq!(command::run(&[0; 10]).unwrap()[32..], [0, 0, 0, 0]);
	let mut big = vec![0u8; 10];
	big[8..10].copy_from_slice(&(MAX_ROM_LEN as u16 + 1).to_le_bytes());
	big.resize(10 + MAX_ROM_LEN + 1, 0);
	assert_eq!(
		command::run(&big),
		Err(CommandError::Replay(ReplayError::Rom(RomError::TooLarge { len: MAX_ROM_LEN + 1 })))
	);
	assert_eq!(command::encode_input(0, &big, &[]), Err(RomError::TooLarge { len: big.len() }));
	let mut bad_log = input.clone();
	bad_log.push(0x01);
	assert_eq!(
		command::run(&bad_log),
		Err(CommandError::Replay(ReplayError::Log(LogError::Truncated)))
	);
}

#[test]
fn assembler_encodings() {
	let words = [
		(asm::cls(), 0x00E0),
		(asm::ret(), 0x00EE),
		(asm::jp(0x1234), 0x1234),
		(asm::call(0xABC), 0x2ABC),
		(asm::se(0xA, 0xBC), 0x3ABC),
		(asm::sne(1, 2), 0x4102),
		(asm::se_r(1, 2), 0x5120),
		(asm::ld(0x1F, 0x22), 0x6F22),
		(asm::add(3, 4), 0x7304),
		(asm::ld_r(1, 2), 0x8120),
		(asm::or(1, 2), 0x8121),
		(asm::and(1, 2), 0x8122),
		(asm::xor(1, 2), 0x8123),
		(asm::add_r(1, 2), 0x8124),
		(asm::sub(1, 2), 0x8125),
		(asm::shr(1, 2), 0x8126),
		(asm::subn(1, 2), 0x8127),
		(asm::shl(1, 2), 0x812E),
		(asm::sne_r(1, 2), 0x9120),
		(asm::ld_i(0x345), 0xA345),
		(asm::jp_v0(0x345), 0xB345),
		(asm::rnd(5, 0x0F), 0xC50F),
		(asm::drw(1, 2, 0x15), 0xD125),
		(asm::skp(7), 0xE79E),
		(asm::sknp(7), 0xE7A1),
		(asm::ld_from_dt(7), 0xF707),
		(asm::ld_key(7), 0xF70A),
		(asm::ld_dt(7), 0xF715),
		(asm::ld_st(7), 0xF718),
		(asm::add_i(7), 0xF71E),
		(asm::ld_font(7), 0xF729),
		(asm::bcd(7), 0xF733),
		(asm::store(7), 0xF755),
		(asm::load(7), 0xF765),
	];
	for (word, expected) in words {
		assert_eq!(word, expected, "{expected:04X}");
	}
	assert_eq!(words.len(), 34, "all 35 standard instructions but 0NNN, which is not emulated");
	let mut a = Asm::new();
	assert_eq!(a.here(), 0x200);
	let first = a.op(0);
	a.data(&[1]);
	assert_eq!(a.here(), 0x203);
	a.patch(first, asm::jp(0x203));
	a.patch(0x202, 0xFFFF); // half outside: ignored
	a.patch(0x100, 0xFFFF); // outside: ignored
	assert_eq!(a.rom(), vec![0x12, 0x03, 1]);
}

#[test]
fn a_frame_is_its_cycles_then_the_timer_ticks() {
	// `run_frame` takes shortcuts (no per-instruction key-wait check, FX0A settling the rest of
	// the frame): it must equal `CYCLES_PER_FRAME` single cycles, then the ticks. Random
	// programs of key waits, key skips, jumps, timers and random draws, random keypads.
	let mut rng = TestRng(0xF4A3E);
	let (mut waits, mut holds, mut resumes, mut faults) = (0, 0, 0, 0);
	for _ in 0..300 {
		let words: Vec<u16> = (0..64)
			.map(|_| {
				let x = rng.below(16) as u8;
				match rng.below(10) {
					0 | 1 => asm::ld_key(x),
					2 => asm::skp(x),
					3 => asm::sknp(x),
					4 => asm::ld(x, rng.below(16) as u8),
					5 => asm::jp(PROGRAM_START + 2 * rng.below(70) as u16),
					6 => asm::rnd(x, 0xFF),
					7 => asm::ld_dt(x),
					8 => asm::ld_from_dt(x),
					_ => asm::add(x, rng.next() as u8),
				}
			})
			.collect();
		let mut a = Chip8::new(&asm::assemble(&words), rng.next()).unwrap();
		let mut b = a.clone();
		for frame in 1..=60u32 {
			let input = Input::new(match rng.below(4) {
				0 | 1 => 0,
				2 => 1 << rng.below(4),
				_ => rng.next() as u16,
			});
			let before = a.key_wait();
			let by_frame = a.run_frame(&input);
			let mut by_cycles = Ok(());
			for _ in 0..CYCLES_PER_FRAME {
				by_cycles = b.execute_cycle(&input);
				if by_cycles.is_err() {
					break;
				}
			}
			assert_eq!(by_frame, by_cycles);
			if by_frame.is_err() {
				assert_eq!(a, b, "a fault: no tick");
				faults += 1;
				break;
			}
			let mut ticked = b.save_state();
			ticked[58] = ticked[58].saturating_sub(1);
			ticked[59] = ticked[59].saturating_sub(1);
			ticked[71..75].copy_from_slice(&frame.to_le_bytes());
			assert_eq!(a.save_state(), ticked, "frame {frame}, keys {:04x}", input.keys);
			b.load_state(&ticked).unwrap();
			match (before, a.key_wait()) {
				(KeyWait::Running, KeyWait::Waiting { .. }) => waits += 1,
				(_, KeyWait::Held { .. }) => holds += 1,
				(KeyWait::Held { .. }, KeyWait::Running) => resumes += 1,
				_ => {},
			}
		}
	}
	assert!(
		waits > 100 && holds > 100 && resumes > 50 && faults > 10,
		"{waits} {holds} {resumes} {faults}"
	);
}
