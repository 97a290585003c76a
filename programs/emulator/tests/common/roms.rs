//! Test ROMs, assembled here instruction by instruction with `aether_emulator::asm`. Each
//! function documents what the ROM does and where it keeps its state, so that tests can check
//! the machine against what the ROM must have done.

use aether_emulator::asm::{self, Asm};

/// Where ROMs keep tables of results.
pub const HISTORY: u16 = 0x400;
/// Scratch memory for `FX33` / `FX65`.
pub const SCRATCH: u16 = 0x300;

/// Addresses in the font-scroll ROM the tests look at.
pub struct FontScroll {
	pub rom: Vec<u8>,
	/// The three instructions of the frame wait loop: while the PC is in here, all 16 digits are
	/// on the display at scroll offset `V3`.
	pub wait_loop: std::ops::Range<u16>,
}

/// Draws the 16 font digits in two rows of 8 — digit `d` at
/// (`V3 + 5 * (d % 8)`, `2 + 6 * (d / 8)`) — waits 2 frames, erases them by drawing them again
/// (XOR), moves them one pixel right (`V3 += 1`, wrapping at 256; the display wraps the start
/// position at 64 and clips at the edge), and repeats: a scroll.
///
/// `V3` = scroll offset; `V0` = digit; `V1`, `V2` = position; `V5` = timer scratch.
pub fn font_scroll() -> FontScroll {
	let mut a = Asm::new();
	a.op(asm::ld(3, 0)); //            0x200  V3 = 0: scroll offset
	let main = a.here();
	let call_draw = a.op(0); //        0x202  call draw_all (patched below)
	a.op(asm::ld(5, 2)); //            0x204  V5 = 2
	a.op(asm::ld_dt(5)); //            0x206  delay timer = 2 frames
	let wait = a.here();
	a.op(asm::ld_from_dt(5)); //       0x208  wait: V5 = delay timer
	a.op(asm::se(5, 0)); //            0x20A  done when it reaches 0
	a.op(asm::jp(wait)); //            0x20C  else poll again
	let call_erase = a.op(0); //       0x20E  call draw_all: the same XOR erases
	a.op(asm::add(3, 1)); //           0x210  scroll one pixel right
	a.op(asm::jp(main)); //            0x212  and draw again
	let draw_all = a.here();
	a.op(asm::ld(0, 0)); //            draw_all: V0 = 0, the first digit
	a.op(asm::ld_r(1, 3)); //          V1 = x = offset
	a.op(asm::ld(2, 2)); //            V2 = y = 2
	let next = a.here();
	a.op(asm::ld_font(0)); //          next: I = glyph of V0
	a.op(asm::drw(1, 2, 5)); //        draw it (5 rows) at (V1, V2)
	a.op(asm::add(1, 5)); //           x += 5
	a.op(asm::add(0, 1)); //           next digit
	a.op(asm::se(0, 8)); //            at digit 8 ...
	let jp_same_row = a.op(0); //      (patched: jp same_row)
	a.op(asm::ld_r(1, 3)); //          ... back to x = offset
	a.op(asm::ld(2, 8)); //            ... on the second row, y = 8
	let same_row = a.here();
	a.op(asm::se(0, 16)); //           same_row: after digit F ...
	a.op(asm::jp(next)); //            (not yet: next digit)
	a.op(asm::ret()); //               ... return
	a.patch(call_draw, asm::call(draw_all));
	a.patch(call_erase, asm::call(draw_all));
	a.patch(jp_same_row, asm::jp(same_row));
	FontScroll { rom: a.rom(), wait_loop: wait..wait + 6 }
}

/// Counts periods of the delay timer: sets the delay timer to 6 and the sound timer to 2, polls
/// the delay timer until it is 0, adds one to `VA`, clears the screen and draws `VA` in decimal
/// (three digits at (20, 10), (25, 10), (30, 10), through `FX33` at [`SCRATCH`] and `FX65`), and
/// starts again.
///
/// `VA` = count (wraps at 256); `V0..V2` = the digits; `V3`, `V4` = position; `V5`, `V6` = timer
/// values.
pub fn timer_counter() -> Vec<u8> {
	let mut a = Asm::new();
	a.op(asm::ld(0xA, 0)); //          0x200  VA = 0: the count
	let top = a.here();
	a.op(asm::ld(5, 6)); //            top: V5 = 6
	a.op(asm::ld_dt(5)); //            delay timer = 6 frames
	a.op(asm::ld(6, 2)); //            V6 = 2
	a.op(asm::ld_st(6)); //            buzzer on for 2 frames
	let wait = a.here();
	a.op(asm::ld_from_dt(5)); //       wait: V5 = delay timer
	a.op(asm::se(5, 0)); //            skip the jump once it is 0
	a.op(asm::jp(wait)); //            poll again
	a.op(asm::add(0xA, 1)); //         one more period
	a.op(asm::cls()); //               clear the screen
	a.op(asm::ld_i(SCRATCH)); //       I = scratch
	a.op(asm::bcd(0xA)); //            scratch = hundreds, tens, ones of VA
	a.op(asm::load(2)); //             V0, V1, V2 = those digits (I += 3)
	a.op(asm::ld(3, 20)); //           x = 20
	a.op(asm::ld(4, 10)); //           y = 10
	a.op(asm::ld_font(0)); //          hundreds glyph
	a.op(asm::drw(3, 4, 5)); //        draw
	a.op(asm::add(3, 5)); //           x += 5
	a.op(asm::ld_font(1)); //          tens glyph
	a.op(asm::drw(3, 4, 5)); //        draw
	a.op(asm::add(3, 5)); //           x += 5
	a.op(asm::ld_font(2)); //          ones glyph
	a.op(asm::drw(3, 4, 5)); //        draw
	a.op(asm::jp(top)); //             again
	a.rom()
}

/// Waits for keys with `FX0A`: each key pressed and released is stored at
/// `HISTORY + V1`, counted in `V1`, and its digit drawn at (`V2`, 0) with `V2` += 5 each time.
/// `V1` = keys received, `V0` = the last key.
pub fn key_logger() -> Vec<u8> {
	let mut a = Asm::new();
	a.op(asm::ld(1, 0)); //            0x200  V1 = 0: keys received
	a.op(asm::ld(2, 0)); //            0x202  V2 = 0: x of the next digit
	a.op(asm::ld(3, 0)); //            0x204  V3 = 0: y
	let top = a.here();
	a.op(asm::ld_key(0)); //           0x206  top: wait for a key, into V0
	a.op(asm::ld_i(HISTORY)); //       0x208  I = history
	a.op(asm::add_i(1)); //            0x20A  I += V1
	a.op(asm::store(0)); //            0x20C  history[V1] = V0
	a.op(asm::add(1, 1)); //           0x20E  V1 += 1
	a.op(asm::ld_font(0)); //          0x210  I = glyph of the key
	a.op(asm::drw(2, 3, 5)); //        0x212  draw it at (V2, 0)
	a.op(asm::add(2, 5)); //           0x214  x += 5
	a.op(asm::jp(top)); //             0x216  next key
	a.rom()
}

/// Draws random numbers with `CXNN`: for `V1` = 0..=255, `V0` = random & 0x3F is stored at
/// `HISTORY + V1`, then `V2` = random & 0x1F, and a one-pixel dot is XORed at (`V0`, `V2`).
/// Then it halts (a jump to itself). Draw `k` uses the PRNG's outputs `2k` (x) and `2k + 1` (y).
pub fn random_dots() -> Vec<u8> {
	let mut a = Asm::new();
	a.op(asm::ld(1, 0)); //            0x200  V1 = 0: draws made
	let top = a.here();
	a.op(asm::rnd(0, 0x3F)); //        0x202  top: V0 = random & 0x3F (x)
	a.op(asm::ld_i(HISTORY)); //       0x204  I = history
	a.op(asm::add_i(1)); //            0x206  I += V1
	a.op(asm::store(0)); //            0x208  history[V1] = V0
	a.op(asm::rnd(2, 0x1F)); //        0x20A  V2 = random & 0x1F (y)
	let ld_dot = a.op(0); //           0x20C  I = dot (patched)
	a.op(asm::drw(0, 2, 1)); //        0x20E  XOR one pixel at (V0, V2)
	a.op(asm::add(1, 1)); //           0x210  V1 += 1
	a.op(asm::se(1, 0)); //            0x212  after 256 draws V1 wraps to 0 ...
	a.op(asm::jp(top)); //             0x214  (not yet: draw again)
	let halt = a.here();
	a.op(asm::jp(halt)); //            0x216  ... halt
	let dot = a.data(&[0x80]); //      0x218  the sprite: one pixel
	a.patch(ld_dot, asm::ld_i(dot));
	a.rom()
}

/// A 2×2 block moved by the keypad: once per frame (a 1-frame delay-timer wait), it erases the
/// block, moves it left for key 4 (`EXA1` skips the move when the key is up), right for 6, up for
/// 2, down for 8 (`EX9E`), wraps the position to the screen (`V0 &= 63`, `V1 &= 31`), and draws
/// it again. `V0`, `V1` = position, starting at (30, 14).
pub fn mover() -> Vec<u8> {
	let mut a = Asm::new();
	a.op(asm::ld(0, 30)); //           0x200  x = 30
	a.op(asm::ld(1, 14)); //           0x202  y = 14
	let ld_block = a.op(0); //         0x204  I = block (patched)
	a.op(asm::drw(0, 1, 2)); //        0x206  draw it
	let frame = a.here();
	a.op(asm::ld(5, 1)); //            frame: V5 = 1
	a.op(asm::ld_dt(5)); //            delay timer = 1
	let wait = a.here();
	a.op(asm::ld_from_dt(5)); //       wait: V5 = delay timer
	a.op(asm::se(5, 0)); //            until 0
	a.op(asm::jp(wait)); //
	a.op(asm::drw(0, 1, 2)); //        erase the block
	a.op(asm::ld(2, 4)); //            V2 = key 4
	a.op(asm::sknp(2)); //             up: skip the move
	a.op(asm::add(0, 0xFF)); //        x -= 1
	a.op(asm::ld(2, 6)); //            V2 = key 6
	a.op(asm::sknp(2)); //             up: skip
	a.op(asm::add(0, 1)); //           x += 1
	a.op(asm::ld(2, 2)); //            V2 = key 2
	a.op(asm::sknp(2)); //             up: skip
	a.op(asm::add(1, 0xFF)); //        y -= 1
	a.op(asm::ld(2, 8)); //            V2 = key 8
	a.op(asm::skp(2)); //              down: skip the jump
	let jp_wrap = a.op(0); //          (patched: jp wrap)
	a.op(asm::add(1, 1)); //           y += 1
	let wrap = a.here();
	a.op(asm::ld(2, 63)); //           wrap: V2 = 63
	a.op(asm::and(0, 2)); //           x &= 63
	a.op(asm::ld(2, 31)); //           V2 = 31
	a.op(asm::and(1, 2)); //           y &= 31
	a.op(asm::drw(0, 1, 2)); //        draw the block
	a.op(asm::jp(frame)); //           next frame
	let block = a.data(&[0xC0, 0xC0]); // the sprite: 2×2 pixels
	a.patch(ld_block, asm::ld_i(block));
	a.patch(jp_wrap, asm::jp(wrap));
	a.rom()
}

/// Busy without pause, for benchmarks and agreement tests: every instruction class in a loop
/// that never waits. Each round: `V0` = random digit, its glyph drawn at a random position
/// (wrapping and clipping), the collision flag summed into `VB`; a subroutine doing carries,
/// borrows, shifts and logic on `V6..V9`, summing every flag into `VA`; the BCD of `VB` through
/// `FX33`/`FX65` and `V0..V9` stored with `FX55`; a skip on key 5; `BNNN` through a two-entry
/// jump table to set the delay or the sound timer from `V7`; a read of the delay timer.
pub fn stress() -> Vec<u8> {
	let mut a = Asm::new();
	a.op(asm::ld(6, 0x5A)); //         V6, V7: arithmetic state
	a.op(asm::ld(7, 0xC3)); //
	a.op(asm::ld(0xB, 0)); //          VB = collisions seen
	let top = a.here();
	a.op(asm::rnd(0, 0x0F)); //        top: V0 = random digit
	a.op(asm::ld_font(0)); //          I = its glyph
	a.op(asm::rnd(1, 0xFF)); //        x = random byte (display wraps it)
	a.op(asm::rnd(2, 0xFF)); //        y = random byte
	a.op(asm::drw(1, 2, 5)); //        draw; VF = collision
	a.op(asm::add_r(0xB, 0xF)); //     VB += VF
	let call_mix = a.op(0); //         call mix (patched)
	a.op(asm::ld_i(SCRATCH)); //       I = scratch
	a.op(asm::bcd(0xB)); //            scratch = BCD of VB
	a.op(asm::load(2)); //             V0..V2 = the digits
	a.op(asm::ld_i(HISTORY)); //       I = history
	a.op(asm::store(9)); //            history = V0..V9
	a.op(asm::ld(3, 5)); //            V3 = key 5
	a.op(asm::skp(3)); //              key 5 held: skip the next
	a.op(asm::add(6, 3)); //           V6 += 3
	a.op(asm::ld_r(0, 6)); //          V0 = V6 ...
	a.op(asm::ld(3, 2)); //
	a.op(asm::and(0, 3)); //           ... & 2: 0 or 2
	let jp_table = a.op(0); //         jump to table + V0 (patched)
	let table = a.here();
	let to_even = a.op(0); //          table+0: jp even (patched)
	let to_odd = a.op(0); //           table+2: jp odd (patched)
	let even = a.here();
	a.op(asm::ld_dt(7)); //            even: delay timer = V7
	let jp_next = a.op(0); //          (patched: jp next)
	let odd = a.here();
	a.op(asm::ld_st(7)); //            odd: sound timer = V7
	let next = a.here();
	a.op(asm::ld_from_dt(8)); //       next: V8 = delay timer
	a.op(asm::sne_r(8, 9)); //         skip if V8 != V9
	a.op(asm::add(9, 1)); //
	a.op(asm::jp(top)); //             again
	let mix = a.here();
	a.op(asm::add_r(6, 7)); //         mix: V6 += V7 (carry)
	a.op(asm::add_r(0xA, 0xF)); //     VA += VF: every flag below is summed into VA
	a.op(asm::sub(7, 6)); //           V7 -= V6 (borrow)
	a.op(asm::add_r(0xA, 0xF)); //
	a.op(asm::shr(8, 6)); //           V8 = V6 >> 1
	a.op(asm::add_r(0xA, 0xF)); //
	a.op(asm::shl(9, 7)); //           V9 = V7 << 1
	a.op(asm::add_r(0xA, 0xF)); //
	a.op(asm::xor(6, 9)); //           V6 ^= V9
	a.op(asm::add_r(0xA, 0xF)); //
	a.op(asm::or(7, 8)); //            V7 |= V8
	a.op(asm::add_r(0xA, 0xF)); //
	a.op(asm::subn(8, 6)); //          V8 = V6 - V8
	a.op(asm::add_r(0xA, 0xF)); //
	a.op(asm::se_r(6, 7)); //          skip if V6 == V7
	a.op(asm::add(7, 0x11)); //        V7 += 0x11
	a.op(asm::ld_i(SCRATCH)); //       I = scratch
	a.op(asm::add_i(6)); //            I += V6
	a.op(asm::ret()); //               return
	a.patch(call_mix, asm::call(mix));
	a.patch(jp_table, asm::jp_v0(table));
	a.patch(to_even, asm::jp(even));
	a.patch(to_odd, asm::jp(odd));
	a.patch(jp_next, asm::jp(next));
	a.rom()
}

/// Counts down `V0` from `frames`, one per frame (a 1-frame delay-timer wait), then executes the
/// word 0x0000, a machine-code call this core does not emulate: a fault in frame
/// `frames` or the one after.
pub fn fault_after(frames: u8) -> Vec<u8> {
	let mut a = Asm::new();
	a.op(asm::ld(0, frames)); //       0x200  V0 = frames
	let top = a.here();
	a.op(asm::se(0, 0)); //            0x202  top: V0 == 0: skip to the fault
	let jp_wait = a.op(0); //          0x204  (patched: jp wait)
	a.op(0x0000); //                   0x206  unknown opcode
	let wait = a.here();
	a.op(asm::ld(5, 1)); //            0x208  delay timer = 1
	a.op(asm::ld_dt(5)); //            0x20A
	let poll = a.here();
	a.op(asm::ld_from_dt(5)); //       0x20C  poll: V5 = delay timer
	a.op(asm::se(5, 0)); //            0x20E  until 0
	a.op(asm::jp(poll)); //            0x210
	a.op(asm::add(0, 0xFF)); //        0x212  V0 -= 1
	a.op(asm::jp(top)); //             0x214
	a.patch(jp_wait, asm::jp(wait));
	a.rom()
}

/// Calls itself: the 17th call overflows the 16-entry stack in the first frame's 17th cycle
/// (so in frame 1).
pub fn recursion() -> Vec<u8> {
	asm::assemble(&[asm::call(0x200)])
}
