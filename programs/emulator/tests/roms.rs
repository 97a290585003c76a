//! Whole programs: the ROMs of `tests/common/roms.rs` replayed from fixed input logs. Each test
//! checks what the program must have done (display, registers, memory) against an independent
//! reference, and that the final state hash is reproduced by independent runs, by the encoded
//! log, and by a save and load midway.

mod common;

use aether_emulator::{
	input_log, replay, replay_log, Chip8, EmulatorCore, Fault, Input, KeyWait, ReplayError,
};
use common::{glyph, picture, render, roms, Frames, SplitMix64};
use sha2::{Digest, Sha256};

/// Runs `inputs` on a fresh machine and checks that the final state hash is reproduced by
/// [`replay`], by [`replay_log`] of the encoded log, and by a run saved after half the frames,
/// loaded into a machine of another ROM and seed, and continued. Returns the final machine.
fn reproduce(rom: &[u8], seed: u64, inputs: &[u16]) -> Chip8 {
	let mut machine = Chip8::new(rom, seed).unwrap();
	for &keys in inputs {
		machine.run_frame(&Input::new(keys)).unwrap();
	}
	let hash = machine.state_hash();
	let frames = inputs.len() as u32;
	assert_eq!(machine.frame_count(), frames);
	assert_eq!(hash, <[u8; 32]>::from(Sha256::digest(machine.save_state())));

	assert_eq!(replay(rom, seed, inputs), Ok((hash, frames)), "replay");
	let log = input_log::encode(inputs).unwrap();
	assert_eq!(replay_log(rom, seed, &log), Ok((hash, frames)), "replay_log");

	let (first, second) = inputs.split_at(inputs.len() / 2);
	let mut before = Chip8::new(rom, seed).unwrap();
	for &keys in first {
		before.run_frame(&Input::new(keys)).unwrap();
	}
	let saved = before.save_state();
	let mut resumed = Chip8::new(&roms::recursion(), seed ^ 0xDEAD_BEEF).unwrap();
	resumed.load_state(&saved).unwrap();
	assert_eq!(resumed, before, "load_state(save_state()) is the same machine");
	for &keys in second {
		resumed.run_frame(&Input::new(keys)).unwrap();
	}
	assert_eq!(resumed.state_hash(), hash, "saved and loaded midway");
	assert_eq!(resumed, machine);
	machine
}

/// Runs frames one by one, calling `check` after each with the frame number (from 1).
fn run_observed(rom: &[u8], seed: u64, inputs: &[u16], mut check: impl FnMut(u32, &Chip8)) {
	let mut machine = Chip8::new(rom, seed).unwrap();
	for &keys in inputs {
		machine.run_frame(&Input::new(keys)).unwrap();
		check(machine.frame_count(), &machine);
	}
}

/// The 16 digits at scroll offset `offset`, as `font_scroll` places them.
fn digits_at(offset: u8) -> [u64; 32] {
	let sprites: Vec<(u8, u8, &[u8])> =
		(0..16u8).map(|d| (offset.wrapping_add(5 * (d % 8)), 2 + 6 * (d / 8), glyph(d))).collect();
	render(&sprites)
}

#[test]
fn font_digits_are_where_the_font_says_and_scroll() {
	let scroll = roms::font_scroll();
	let inputs = Frames::new().idle(2500).0;
	let mut checked = 0u32;
	let mut offsets = std::collections::BTreeSet::new();
	run_observed(&scroll.rom, 0, &inputs, |frame, m| {
		if !scroll.wait_loop.contains(&m.pc()) {
			return;
		}
		let offset = m.v()[3];
		if offset == 0 {
			// Unscrolled: every pixel of digit d's 4×5 cell is its font bit.
			for d in 0..16u8 {
				let (x0, y0) = (5 * usize::from(d % 8), 2 + 6 * usize::from(d / 8));
				for (dy, &row) in glyph(d).iter().enumerate() {
					for dx in 0..5 {
						let lit = dx < 4 && row & (0x80 >> dx) != 0;
						assert_eq!(m.pixel(x0 + dx, y0 + dy), lit, "digit {d:X} ({dx}, {dy})");
					}
				}
			}
			let font_bits: u32 =
				(0..16).map(|d| glyph(d).iter().map(|r| r.count_ones()).sum::<u32>()).sum();
			assert_eq!(m.lit_pixels(), font_bits);
		}
		assert_eq!(
			m.display(),
			&digits_at(offset),
			"frame {frame}, offset {offset}:\n{}",
			picture(m.display())
		);
		checked += 1;
		offsets.insert(offset);
	});
	// A scroll step is two draws of 16 digits (about 11 frames each) and a 2-frame wait.
	assert!(checked > 100, "{checked} frames checked");
	assert!(offsets.contains(&0) && offsets.len() > 70, "offsets seen: {offsets:?}");
	// Past 26 the rightmost digits are clipped, past 64 their start positions wrap.
	assert!(offsets.range(66..).next().is_some());

	let machine = reproduce(&scroll.rom, 0, &inputs);
	// The ROM reads no key: random keypads leave the same state.
	let mut rng = SplitMix64(1);
	let noisy = common::random_inputs(&mut rng, inputs.len(), 20);
	assert_eq!(replay(&scroll.rom, 0, &noisy), Ok((machine.state_hash(), 2500)));
	// The seed only feeds CXNN, which this ROM does not use, but it is part of the state.
	assert_ne!(replay(&scroll.rom, 1, &inputs).unwrap().0, machine.state_hash());
}

#[test]
fn timer_counter_counts_delay_periods() {
	let rom = roms::timer_counter();
	let inputs = Frames::new().idle(3000).0;
	let mut last = (0u8, 0u32);
	let mut gaps = Vec::new();
	let mut sounding_per_period = Vec::new();
	let mut sounding = 0;
	let mut periods = 0u32;
	run_observed(&rom, 7, &inputs, |frame, m| {
		let count = m.v()[0xA];
		assert!(m.sound_timer() <= 2 && m.delay_timer() <= 6);
		sounding += u32::from(m.sound_active());
		if count != last.0 {
			assert_eq!(count, last.0.wrapping_add(1), "frame {frame}: counts by one");
			gaps.push(frame - last.1);
			sounding_per_period.push(sounding);
			sounding = 0;
			last = (count, frame);
			periods += 1;
		}
		// The three digits of the count, at (20, 10), (25, 10), (30, 10), once drawn.
		let wait = 0x208..0x20E;
		if periods > 0 && wait.contains(&m.pc()) {
			let bcd = [count / 100, count / 10 % 10, count % 10];
			assert_eq!(&m.memory()[0x300..0x303], &bcd);
			let sprites: Vec<(u8, u8, &[u8])> =
				bcd.iter().enumerate().map(|(k, &d)| (20 + 5 * k as u8, 10, glyph(d))).collect();
			assert_eq!(m.display(), &render(&sprites), "frame {frame}:\n{}", picture(m.display()));
		}
	});
	// A period is at least the 6 delay-timer ticks; the ~20 instructions outside the poll
	// add at most 3 frames.
	assert!(gaps.iter().all(|g| (6..=9).contains(g)), "gaps {gaps:?}");
	assert!(periods > 3000 / 9 && periods <= 3000 / 6, "{periods} periods");
	// The count wrapped past 255.
	assert!(periods > 256);
	// The 2-frame buzzer is heard at one or two frame ends of each period.
	assert!(
		sounding_per_period.iter().skip(1).all(|s| (1..=2).contains(s)),
		"{sounding_per_period:?}"
	);
	let machine = reproduce(&rom, 7, &inputs);
	assert_eq!(machine.v()[0xA], (periods % 256) as u8);
}

#[test]
fn key_logger_waits_for_press_and_release() {
	let rom = roms::key_logger();
	let inputs = Frames::new()
		.idle(30)
		.hold(1 << 7, 3)
		.idle(5)
		.hold(1 << 0xA, 1)
		.idle(1)
		// Keys 3 and 9 together: the lowest is taken.
		.hold(1 << 3 | 1 << 9, 4)
		.idle(2)
		// Held for a long time: still one key.
		.hold(1 << 0xF, 50)
		.idle(20)
		.0;
	let expected = [7u8, 0xA, 3, 0xF];

	let mut m = Chip8::new(&rom, 0).unwrap();
	for &keys in &inputs[..30] {
		m.run_frame(&Input::new(keys)).unwrap();
	}
	assert_eq!(m.key_wait(), KeyWait::Waiting { x: 0 });
	assert_eq!(m.pc(), 0x208);
	// Waiting changes nothing but the frame count.
	let idle = m.save_state();
	m.run_frame(&Input::NONE).unwrap();
	let after = m.save_state();
	let differing: Vec<usize> = (0..idle.len()).filter(|&k| idle[k] != after[k]).collect();
	assert_eq!(differing, vec![71], "only the frame count's low byte");

	let machine = reproduce(&rom, 0, &inputs);
	assert_eq!(machine.key_wait(), KeyWait::Waiting { x: 0 });
	assert_eq!(machine.v()[1], 4, "keys received");
	assert_eq!(machine.v()[0], 0xF, "the last key");
	assert_eq!(&machine.memory()[0x400..0x405], &[7, 0xA, 3, 0xF, 0]);
	let sprites: Vec<(u8, u8, &[u8])> =
		expected.iter().enumerate().map(|(k, &d)| (5 * k as u8, 0, glyph(d))).collect();
	assert_eq!(machine.display(), &render(&sprites), "\n{}", picture(machine.display()));

	// Other keys, another state.
	let mut other = inputs.clone();
	other[31] = 1 << 6;
	other[30] = 1 << 6;
	other[32] = 1 << 6;
	assert_ne!(replay(&rom, 0, &other).unwrap().0, machine.state_hash());
	// A key never released is never received.
	let held = Frames::new().idle(3).hold(1 << 5, 200).0;
	let m = reproduce(&rom, 0, &held);
	assert_eq!(m.key_wait(), KeyWait::Held { x: 0, key: 5 });
	assert_eq!(m.v()[1], 0);
}

/// The `CXNN` PRNG's first state, as documented on `Chip8`.
fn rng_seed(rom: &[u8], seed: u64) -> u64 {
	let digest = Sha256::new()
		.chain_update(b"aether-emulator/chip8/rng/v1")
		.chain_update(seed.to_le_bytes())
		.chain_update(rom)
		.finalize();
	u64::from_le_bytes(digest[..8].try_into().unwrap())
}

#[test]
fn random_draws_follow_the_seeded_prng() {
	let rom = roms::random_dots();
	let inputs = Frames::new().idle(300).0;
	let mut histories = Vec::new();
	for seed in [0u64, 1, 0xFFFF_FFFF_FFFF_FFFF] {
		let m = reproduce(&rom, seed, &inputs);
		assert_eq!(m.pc(), 0x216, "halted after 256 draws");
		let mut reference = SplitMix64(rng_seed(&rom, seed));
		let mut dots = Vec::new();
		for k in 0..256 {
			let x = (reference.next_u64() >> 56) as u8 & 0x3F;
			let y = (reference.next_u64() >> 56) as u8 & 0x1F;
			assert_eq!(m.memory()[0x400 + k], x, "seed {seed}, draw {k}");
			dots.push((x, y, &[0x80u8][..]));
		}
		assert_eq!(m.rng_state(), reference.0);
		assert_eq!(m.display(), &render(&dots));
		let history = m.memory()[0x400..0x500].to_vec();
		let distinct: std::collections::BTreeSet<u8> = history.iter().copied().collect();
		// 256 draws of 64 values leave a value undrawn with probability (63/64)^256 ≈ 1.8%:
		// expected 62.9 distinct; fewer than 50 would be a broken generator.
		assert!(distinct.len() >= 50 && distinct.iter().all(|&v| v <= 0x3F), "{distinct:?}");
		histories.push((history, m.state_hash()));
	}
	for (a, b) in [(0, 1), (0, 2), (1, 2)] {
		assert_ne!(histories[a], histories[b], "seeds give different draws");
	}
}

#[test]
fn mover_follows_the_keys() {
	let rom = roms::mover();
	let phases: [(u16, usize); 6] =
		[(0, 10), (1 << 6, 40), (1 << 2, 20), (1 << 4 | 1 << 8, 30), (0, 10), (1 << 4, 120)];
	// One frame sets the start position and draws the block.
	let mut inputs = vec![0];
	let mut m = Chip8::new(&rom, 3).unwrap();
	m.run_frame(&Input::NONE).unwrap();
	assert_eq!((m.v()[0], m.v()[1]), (30, 14));
	for (keys, n) in phases {
		let (x, y) = (m.v()[0], m.v()[1]);
		// Then on with the same keys until the block is on screen: the PC in the wait loop.
		let mut n = n;
		for frame in 0.. {
			if frame >= n && (0x208..0x212).contains(&m.pc()) {
				n = frame;
				break;
			}
			m.run_frame(&Input::new(keys)).unwrap();
			inputs.push(keys);
		}
		let (nx, ny) = (m.v()[0], m.v()[1]);
		let dx =
			i32::from(Input::new(keys).is_pressed(6)) - i32::from(Input::new(keys).is_pressed(4));
		let dy =
			i32::from(Input::new(keys).is_pressed(8)) - i32::from(Input::new(keys).is_pressed(2));
		// A move takes about 3 frames (a 1-frame wait, ~22 instructions); at most one a frame.
		let moves = |d: i32, from: u8, to: u8, modulo: i32| {
			let step = (i32::from(to) - i32::from(from)).rem_euclid(modulo);
			match d {
				0 => assert_eq!(step, 0, "keys {keys:04x}: no move"),
				1 => assert!(step >= n as i32 / 4 && step <= n as i32, "keys {keys:04x}: {step}"),
				_ => {
					let back = (modulo - step) % modulo;
					assert!(back >= n as i32 / 4 && back <= n as i32, "keys {keys:04x}: -{back}")
				},
			}
		};
		moves(dx, x, nx, 64);
		moves(dy, y, ny, 32);
		// Only the block is on screen (clipped at the edges).
		assert_eq!(m.display(), &render(&[(nx, ny, &[0xC0, 0xC0])]), "\n{}", picture(m.display()));
	}
	assert_eq!(reproduce(&rom, 3, &inputs), m);
}

#[test]
fn stress_is_reproducible_and_reads_keys() {
	let rom = roms::stress();
	let mut rng = SplitMix64(42);
	let inputs = common::random_inputs(&mut rng, 3000, 30);
	let machine = reproduce(&rom, 9, &inputs);
	assert!(machine.lit_pixels() > 0);
	let idle = vec![0u16; 3000];
	let key5 = vec![1u16 << 5; 3000];
	assert_ne!(replay(&rom, 9, &idle).unwrap().0, replay(&rom, 9, &key5).unwrap().0);
	assert_ne!(replay(&rom, 9, &idle).unwrap().0, machine.state_hash());
}

#[test]
fn faults_end_the_replay_at_their_frame() {
	let rom = roms::recursion();
	let fault = Fault::StackOverflow { pc: 0x200 };
	assert_eq!(replay(&rom, 0, &[0; 5]), Err(ReplayError::Fault { frame: 1, fault }));
	let mut m = Chip8::new(&rom, 0).unwrap();
	m.run_frame(&Input::NONE).unwrap();
	assert_eq!(m.run_frame(&Input::NONE), Err(fault));
	assert_eq!(m.stack(), &[0x202; 16]);
	assert_eq!(m.frame_count(), 1, "the faulting frame is not counted");
	let at_fault = m.save_state();
	assert_eq!(m.run_frame(&Input::NONE), Err(fault), "a faulted machine stays faulted");
	assert_eq!(m.save_state(), at_fault);

	for n in [1u8, 5, 40] {
		let rom = roms::fault_after(n);
		let fault = Fault::UnknownOpcode { pc: 0x206, opcode: 0 };
		let Err(ReplayError::Fault { frame, fault: got }) = replay(&rom, 0, &[0; 100]) else {
			panic!("fault_after({n}) did not fault");
		};
		assert_eq!(got, fault);
		// One delay-timer tick per count, one frame each.
		assert!((u32::from(n)..=u32::from(n) + 1).contains(&frame), "n = {n}: frame {frame}");
		// Fewer frames than that: no fault.
		assert!(replay(&rom, 0, &vec![0; frame as usize]).is_ok());
	}
}

/// Pinned hashes of fixed sessions. Every test above checks behaviour; these catch any change of
/// the state encoding or of the instruction semantics, which would change every session's hash
/// on chain: such a change needs a new `STATE_VERSION`.
#[test]
fn pinned_state_hashes() {
	let hex = |h: [u8; 32]| h.iter().map(|b| format!("{b:02x}")).collect::<String>();
	let scroll = replay(&roms::font_scroll().rom, 0, &vec![0; 1000]).unwrap();
	let random = replay(&roms::random_dots(), 5, &vec![0; 300]).unwrap();
	let mut rng = SplitMix64(42);
	let stress = replay(&roms::stress(), 9, &common::random_inputs(&mut rng, 3000, 30)).unwrap();
	assert_eq!(
		[(hex(scroll.0), scroll.1), (hex(random.0), random.1), (hex(stress.0), stress.1)],
		[
			("d8af7ceff27a3c532277bc9b40235a30320f57925dfa37aa23067f579d45c8aa".to_string(), 1000),
			("1590390a51c99ce3ab183b6c30dcea9c6651c309db90e4574fd6b890c612f074".to_string(), 300),
			("9c2c4d72e857705c163e50de9cb0668eb0fa39101d6a389e9a77639a3ca7e7cf".to_string(), 3000),
		]
	);
}
