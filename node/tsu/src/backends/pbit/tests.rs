//! The sampler against a plain Gibbs sampler, and the statistics behind the claim.

use super::{lattice::site_x, *};
use crate::{
	health::{mcv_min_entropy, HealthTester},
	HealthError,
};

/// A plain checkerboard Gibbs sampler on a full `SIDE × SIDE` grid, consuming the same uniforms
/// in the same order, with thresholds computed here from the formula.
struct Reference {
	grid: [[u8; SIDE]; SIDE],
	uniforms: Uniforms,
	config: PbitConfig,
}

impl Reference {
	fn new(config: PbitConfig, seed: u64) -> Self {
		let mut uniforms = Uniforms::seeded(seed);
		let mut planes = [[[0u8; HALF]; SIDE]; 2];
		uniforms.fill(&mut planes).unwrap();
		let mut grid = [[0u8; SIDE]; SIDE];
		for (c, plane) in planes.iter().enumerate() {
			for (y, (row, random)) in grid.iter_mut().zip(plane).enumerate() {
				for (j, u) in random.iter().enumerate() {
					row[site_x(c, y, j)] = u & 1;
				}
			}
		}
		let mut reference = Self { grid, uniforms, config };
		for _ in 0..reference.config.burn_in_sweeps {
			reference.sweep();
		}
		reference
	}

	fn bias(&self, x: usize, y: usize) -> f64 {
		let u = splitmix64(self.config.mismatch_seed ^ (y * SIDE + x) as u64);
		self.config.bias
			+ self.config.bias_spread * (2.0 * ((u >> 11) as f64 / 2f64.powi(53)) - 1.0)
	}

	fn threshold(&self, x: usize, y: usize, up_neighbours: usize) -> u8 {
		let field = self.bias(x, y) + self.config.coupling * (2.0 * up_neighbours as f64 - 4.0);
		let p = 1.0 / (1.0 + (-2.0 * self.config.beta * field).exp());
		(256.0 * p).round().clamp(0.0, 255.0) as u8
	}

	fn sweep(&mut self) {
		let mut planes = [[[0u8; HALF]; SIDE]; 2];
		self.uniforms.fill(&mut planes).unwrap();
		for (c, plane) in planes.iter().enumerate() {
			for (y, random) in plane.iter().enumerate() {
				for (j, &u) in random.iter().enumerate() {
					let x = site_x(c, y, j);
					let g = &self.grid;
					let n = (g[(y + SIDE - 1) % SIDE][x]
						+ g[(y + 1) % SIDE][x]
						+ g[y][(x + SIDE - 1) % SIDE]
						+ g[y][(x + 1) % SIDE]) as usize;
					let t = self.threshold(x, y, n);
					self.grid[y][x] = u8::from(u < t);
				}
			}
		}
	}
}

#[test]
fn vectorised_sweeps_match_a_plain_gibbs_sampler() {
	// A strongly coupled, biased network, so that every threshold and neighbour count matters.
	let config = PbitConfig {
		beta: 0.7,
		coupling: 0.3,
		bias: -0.05,
		bias_spread: 0.2,
		burn_in_sweeps: 3,
		..PbitConfig::default()
	};
	let mut source = PbitSource::seeded(config.clone(), 42).unwrap();
	let mut reference = Reference::new(config, 42);
	for c in 0..2 {
		for y in 0..SIDE {
			for j in 0..HALF {
				for n in 0..5 {
					let x = site_x(c, y, j);
					assert_eq!(source.lattice.threshold(c, y, j, n), reference.threshold(x, y, n));
				}
			}
		}
	}
	for _ in 0..5 {
		for c in 0..2 {
			for y in 0..SIDE {
				for j in 0..HALF {
					assert_eq!(source.lattice.plane(c)[y][j], reference.grid[y][site_x(c, y, j)]);
				}
			}
		}
		source.sweep().unwrap();
		reference.sweep();
	}
}

#[test]
fn read_out_packs_colour_by_colour_lsb_first() {
	let mut source = PbitSource::seeded(PbitConfig::default(), 1).unwrap();
	let mut raw = [0u8; PACKED_BYTES];
	source.fill_raw(&mut raw).unwrap();
	for c in 0..2 {
		for y in 0..SIDE {
			for j in 0..HALF {
				let i = c * SIDE * HALF + y * HALF + j;
				assert_eq!((raw[i / 8] >> (i % 8)) & 1, source.lattice.plane(c)[y][j]);
			}
		}
	}
}

#[test]
fn default_claim_is_below_the_proven_bound() {
	let source = PbitSource::seeded(PbitConfig::default(), 2).unwrap();
	let bound = source.min_entropy_bound();
	// Four aligned neighbours: σ(2·(0.4 + 0.01)) = 0.694 → t = 178 → −log2(178/256).
	assert!((bound - (256.0f64 / 178.0).log2()).abs() < 1e-12, "{bound}");
	assert!(CLAIMED_MIN_ENTROPY < bound);
	// The bound is a real constraint: stronger coupling lowers it below the claim.
	let strong =
		PbitSource::seeded(PbitConfig { coupling: 0.3, ..PbitConfig::default() }, 2).unwrap();
	assert!(strong.min_entropy_bound() < CLAIMED_MIN_ENTROPY);
}

/// Correlation `E[s_i s_{i−lag}]` of ±1 samples in a packed stream, for lags 1..=64.
fn lag_correlations(raw: &[u8]) -> Vec<f64> {
	let words: Vec<u64> = raw
		.chunks_exact(8)
		.map(|c| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
		.collect();
	(1..=64u32)
		.map(|lag| {
			let mismatches: u64 = words
				.windows(2)
				.map(|w| {
					let shifted =
						if lag == 64 { w[0] } else { (w[1] << lag) | (w[0] >> (64 - lag)) };
					u64::from((w[1] ^ shifted).count_ones())
				})
				.sum();
			1.0 - 2.0 * mismatches as f64 / (64 * (words.len() - 1)) as f64
		})
		.collect()
}

#[test]
fn measured_statistics_justify_the_claim() {
	// 2 MiB of readings: 16 M samples, 4096 sweeps.
	let mut source = PbitSource::seeded(PbitConfig::default(), 3).unwrap();
	let mut raw = vec![0u8; 2 << 20];
	source.fill_raw(&mut raw).unwrap();
	let n = raw.len() as u64 * 8;
	let ones: u64 = raw.iter().map(|b| u64::from(b.count_ones())).sum();
	let mcv = mcv_min_entropy(ones.max(n - ones), n);
	// Marginally unbiased: the MCV estimate sits near 1 bit, twice the claim.
	assert!(mcv > 0.99, "MCV estimate {mcv}");

	// Lags 1..=64 of the stream: same-colour sites two apart in a row (lag 1), diagonal
	// neighbours (lag 32), … Correlations are O((βJ)²) ≈ 0.01–0.02; the bound allows 0.05.
	let correlations = lag_correlations(&raw);
	let worst = correlations.iter().fold(0.0f64, |m, c| m.max(c.abs()));
	assert!(worst < 0.05, "lag correlations {correlations:?}");

	// A genuine Ising network: nearest neighbours correlate by ≈ tanh(βJ) = 0.0997 (+ O((βJ)³)),
	// and a p-bit correlates with itself one sweep later only through its four neighbours,
	// ≈ 4(βJ)² = 0.04. Sampling error over 2 M pairs is ~0.001.
	let sweeps = raw.chunks_exact(PACKED_BYTES).take(1024).collect::<Vec<_>>();
	let bit = |sweep: &[u8], c: usize, y: usize, j: usize| {
		let i = c * SIDE * HALF + y * HALF + j;
		if (sweep[i / 8] >> (i % 8)) & 1 == 1 {
			1.0
		} else {
			-1.0
		}
	};
	let (mut neighbour, mut pairs, mut temporal) = (0.0, 0.0, 0.0);
	for (k, sweep) in sweeps.iter().enumerate() {
		for y in 0..SIDE {
			for j in 0..HALF {
				// Colour 0 at (x, y); its right neighbour (x + 1, y) is colour 1.
				let x = site_x(0, y, j);
				let right = ((x + 1) % SIDE) / 2;
				// Its lower neighbour (x, y + 1) is colour 1 at the same j.
				let s = bit(sweep, 0, y, j);
				neighbour += s * bit(sweep, 1, y, right) + s * bit(sweep, 1, (y + 1) % SIDE, j);
				pairs += 2.0;
				if let Some(next) = sweeps.get(k + 1) {
					temporal += s * bit(next, 0, y, j);
				}
			}
		}
	}
	let neighbour = neighbour / pairs;
	let temporal = temporal / ((sweeps.len() - 1) * SIDE * HALF) as f64;
	assert!((0.085..0.12).contains(&neighbour), "nearest-neighbour correlation {neighbour}");
	assert!((0.02..0.06).contains(&temporal), "one-sweep autocorrelation {temporal}");
	println!(
		"pbit: MCV {mcv:.4} bits/sample, worst lag correlation (1..=64) {worst:.4}, \
		 nearest-neighbour {neighbour:.4}, one-sweep {temporal:.4}, bound {:.4}, claim {}",
		source.min_entropy_bound(),
		CLAIMED_MIN_ENTROPY
	);

	// And the health tests pass all of it.
	let mut tester = HealthTester::new(SampleFormat::Bits, CLAIMED_MIN_ENTROPY);
	assert_eq!(tester.check(&raw), Ok(()));
}

#[test]
fn a_biased_network_fails_the_adaptive_proportion_test() {
	// A common bias h = 0.6 (a drifted device): mean field m = tanh(0.6 + 4·0.1·m) ≈ 0.71, so
	// P(+1) ≈ 0.85 against the 824/1024 = 0.805 cutoff: a window opening with +1 (≈ 0.85) fails
	// with probability ≈ 1 (mean count ≈ 875, sd ≈ 11); a run of 81 (0.85^81 ≈ 2e-6 per
	// position) is unlikely to come first.
	let config = PbitConfig { bias: 0.6, ..PbitConfig::default() };
	let mut source = PbitSource::seeded(config, 4).unwrap();
	let mut raw = vec![0u8; 16 * 1024];
	source.fill_raw(&mut raw).unwrap();
	let mut tester = HealthTester::new(SampleFormat::Bits, CLAIMED_MIN_ENTROPY);
	assert!(matches!(tester.check(&raw), Err(HealthError::AdaptiveProportion { .. })));
}

#[test]
fn os_driven_uniforms_work_too() {
	let config = PbitConfig { uniforms: UniformSource::Os, ..PbitConfig::default() };
	let mut source = PbitSource::with_config(config).unwrap();
	let mut raw = vec![0u8; 64 * 1024];
	source.fill_raw(&mut raw).unwrap();
	let mut tester = HealthTester::new(SampleFormat::Bits, CLAIMED_MIN_ENTROPY);
	assert_eq!(tester.check(&raw), Ok(()));
}
