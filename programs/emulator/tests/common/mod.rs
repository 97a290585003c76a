//! Helpers shared by the integration tests and the benchmark: test ROMs, a seeded generator,
//! input-log builders and a reference renderer.

#![allow(dead_code)]

pub mod roms;

use aether_emulator::{command, input_log, DISPLAY_HEIGHT, FONT};

/// SplitMix64, for test data (and, in `tests/roms.rs`, as the reference of the core's PRNG).
#[derive(Clone, Debug)]
pub struct SplitMix64(pub u64);

impl SplitMix64 {
	pub fn next_u64(&mut self) -> u64 {
		self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
		let mut z = self.0;
		z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
		z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
		z ^ (z >> 31)
	}

	/// Uniform in `0..n` (n > 0), up to a bias of n / 2^64, irrelevant here.
	pub fn below(&mut self, n: u64) -> u64 {
		((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
	}
}

/// A generator seeded from `AETHER_TEST_SEED` or the clock; the seed is printed so that a failure
/// can be replayed.
pub fn rng(test: &str) -> SplitMix64 {
	let seed =
		std::env::var("AETHER_TEST_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
			std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos()
				as u64
		});
	eprintln!("{test}: AETHER_TEST_SEED={seed}");
	SplitMix64(seed)
}

/// Builds an input log frame by frame.
#[derive(Clone, Debug, Default)]
pub struct Frames(pub Vec<u16>);

impl Frames {
	pub fn new() -> Self {
		Self::default()
	}

	/// `n` frames with `keys` held.
	pub fn hold(mut self, keys: u16, n: usize) -> Self {
		self.0.extend(std::iter::repeat_n(keys, n));
		self
	}

	/// `n` frames with no key.
	pub fn idle(self, n: usize) -> Self {
		self.hold(0, n)
	}
}

/// `frames` frames of random keypads in runs of 1..=`max_run` frames; a quarter of the runs have
/// no key, the rest one key or, one time in four, any mask.
pub fn random_inputs(rng: &mut SplitMix64, frames: usize, max_run: u64) -> Vec<u16> {
	let mut out = Vec::with_capacity(frames);
	while out.len() < frames {
		let keys = match rng.below(8) {
			0 | 1 => 0,
			2 => rng.next_u64() as u16,
			_ => 1 << rng.below(16),
		};
		let run = 1 + rng.below(max_run) as usize;
		out.extend(std::iter::repeat_n(keys, run.min(frames - out.len())));
	}
	out
}

/// The display a sequence of sprites XORed at (x, y) makes, with the core's rules: the start
/// position wraps (x mod 64, y mod 32), pixels past the right or bottom edge are clipped.
pub fn render(sprites: &[(u8, u8, &[u8])]) -> [u64; DISPLAY_HEIGHT] {
	let mut display = [0u64; DISPLAY_HEIGHT];
	for &(x, y, rows) in sprites {
		let (x, y) = (usize::from(x % 64), usize::from(y % 32));
		for (dy, &bits) in rows.iter().enumerate() {
			if y + dy >= DISPLAY_HEIGHT {
				break;
			}
			for dx in 0..8 {
				if bits & (0x80 >> dx) != 0 && x + dx < 64 {
					display[y + dy] ^= 1 << (63 - (x + dx));
				}
			}
		}
	}
	display
}

/// The five font rows of hexadecimal digit `d`.
pub fn glyph(d: u8) -> &'static [u8] {
	let start = usize::from(d & 0xF) * 5;
	&FONT[start..start + 5]
}

/// The display as text, `#` for a lit pixel, for failure messages.
pub fn picture(display: &[u64; DISPLAY_HEIGHT]) -> String {
	display
		.iter()
		.map(|row| (0..64).map(|x| if row >> (63 - x) & 1 == 1 { '#' } else { '.' }).collect())
		.collect::<Vec<String>>()
		.join("\n")
}

/// A session to replay: a ROM, a seed and the keypad of every frame.
pub struct Case {
	pub name: String,
	pub rom: Vec<u8>,
	pub seed: u64,
	pub inputs: Vec<u16>,
}

impl Case {
	pub fn new(name: &str, rom: &[u8], seed: u64, inputs: Vec<u16>) -> Self {
		Self { name: name.into(), rom: rom.to_vec(), seed, inputs }
	}

	/// The `chip8` command's input for this session.
	pub fn input(&self) -> Vec<u8> {
		let log = input_log::encode(&self.inputs).unwrap();
		command::encode_input(self.seed, &self.rom, &log).unwrap()
	}
}

/// The scripted key presses of the key-logger sessions: single keys, a chord, a long hold.
pub fn scripted_keys() -> Vec<u16> {
	Frames::new()
		.idle(30)
		.hold(1 << 7, 3)
		.idle(5)
		.hold(1 << 0xA, 1)
		.idle(1)
		.hold(1 << 3 | 1 << 9, 4)
		.idle(2)
		.hold(1 << 0xF, 50)
		.idle(20)
		.0
}
