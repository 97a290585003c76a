//! The Ising network: a 64 × 64 torus of p-bits with nearest-neighbour couplings, updated by
//! two-colour (checkerboard) block Gibbs sampling.
//!
//! # Layout
//!
//! Site `(x, y)` has colour `c = (x + y) mod 2`. Its four neighbours all have the other colour,
//! so every site of one colour can be updated at once from the other colour's values: the block
//! Gibbs step of `thrml`. Each colour is stored as its own `64 × 32` array of `u8` spins (0 for
//! −1, 1 for +1), so a row of one colour is 32 contiguous bytes:
//!
//! - site `(x, y)` of colour `c` is `spins[c][y][x / 2]`;
//! - its vertical neighbours are `spins[1 − c][y ± 1][x / 2]`;
//! - its horizontal neighbours are `spins[1 − c][y][j]` and `spins[1 − c][y][j − 1]` (row parity
//!   `(c + y) mod 2 = 0`) or `[j + 1]` (parity 1), wrapping at the row ends.
//!
//! # Update
//!
//! p-bit `i` becomes +1 with probability `σ(2β(h_i + J Σ_j s_j))`. With `n` of its four
//! neighbours at +1 the neighbour sum is `2n − 4`, so each p-bit has five possible
//! probabilities. They are precomputed as 8-bit thresholds `t_i(n) = round(256 · P)` and an
//! update is: count the up-neighbours, select the threshold, compare with one uniform random
//! byte `r` — the p-bit goes up iff `r < t`, with probability exactly `t / 256`. The threshold
//! is selected branch-free (`t(0) + Σ_{k ≤ n} Δ_k` with masks), so a whole row vectorises.

/// Side of the square torus.
pub const SIDE: usize = 64;
/// Sites of one colour in one row.
pub const HALF: usize = SIDE / 2;
/// p-bits in the network.
pub const SITES: usize = SIDE * SIDE;
/// Bytes of one packed read-out of every p-bit.
pub const PACKED_BYTES: usize = SITES / 8;

/// One colour's spins (or uniforms): 64 rows of 32.
pub(crate) type Plane = [[u8; HALF]; SIDE];
/// Thresholds of one row: `[t(0), Δ1, Δ2, Δ3, Δ4]` with `Δk = t(k) − t(k − 1)` (wrapping).
type RowTable = [[u8; HALF]; 5];

/// The network's spins and per-p-bit threshold tables.
#[derive(Clone)]
pub(crate) struct Lattice {
	spins: [Plane; 2],
	tables: Box<[[RowTable; SIDE]; 2]>,
	/// The largest probability of any update outcome: `max(t, 256 − t) / 256` over all tables.
	p_max: f64,
}

/// The logistic function.
fn sigmoid(x: f64) -> f64 {
	1.0 / (1.0 + (-x).exp())
}

/// `(x, y)` of site `j` in row `y` of colour `c`.
pub(crate) fn site_x(c: usize, y: usize, j: usize) -> usize {
	2 * j + (c + y) % 2
}

impl Lattice {
	/// A network at inverse temperature `beta` with coupling `coupling` on every bond and bias
	/// `bias(x, y)` on each p-bit, all spins down.
	pub(crate) fn new(beta: f64, coupling: f64, bias: impl Fn(usize, usize) -> f64) -> Self {
		let mut tables = Box::new([[[[0u8; HALF]; 5]; SIDE]; 2]);
		let mut p_max: f64 = 0.5;
		for (c, colour) in tables.iter_mut().enumerate() {
			for (y, row) in colour.iter_mut().enumerate() {
				for j in 0..HALF {
					let h = bias(site_x(c, y, j), y);
					let t: [u8; 5] = std::array::from_fn(|n| {
						let field = h + coupling * (2.0 * n as f64 - 4.0);
						(256.0 * sigmoid(2.0 * beta * field)).round().clamp(0.0, 255.0) as u8
					});
					for &threshold in &t {
						let p_up = f64::from(threshold) / 256.0;
						p_max = p_max.max(p_up.max(1.0 - p_up));
					}
					let (first, deltas) = row.split_at_mut(1);
					first[0][j] = t[0];
					for (plane, pair) in deltas.iter_mut().zip(t.windows(2)) {
						plane[j] = pair[1].wrapping_sub(pair[0]);
					}
				}
			}
		}
		Self { spins: [[[0; HALF]; SIDE]; 2], tables, p_max }
	}

	/// Sets every spin from the low bit of one random byte each.
	pub(crate) fn randomise(&mut self, uniforms: &[Plane; 2]) {
		for (plane, random) in self.spins.iter_mut().zip(uniforms) {
			for (row, r) in plane.iter_mut().zip(random) {
				for (s, &u) in row.iter_mut().zip(r) {
					*s = u & 1;
				}
			}
		}
	}

	/// The rigorous lower bound on the min-entropy of each update given the entire past:
	/// `−log2(max over p-bits and neighbour counts of max(t, 256 − t) / 256)`.
	pub(crate) fn min_entropy_bound(&self) -> f64 {
		-self.p_max.log2()
	}

	/// The spins of colour `c`.
	#[cfg(test)]
	pub(crate) fn plane(&self, c: usize) -> &Plane {
		&self.spins[c]
	}

	/// Threshold of site `j` of row `y`, colour `c`, with `n` up-neighbours.
	#[cfg(test)]
	pub(crate) fn threshold(&self, c: usize, y: usize, j: usize, n: usize) -> u8 {
		let row = &self.tables[c][y];
		(1..=n).fold(row[0][j], |t, k| t.wrapping_add(row[k][j]))
	}

	/// One full sweep: colour 0 from colour 1, then colour 1 from the new colour 0, one uniform
	/// byte per p-bit.
	pub(crate) fn sweep(&mut self, uniforms: &[Plane; 2]) {
		self.update_colour(0, &uniforms[0]);
		self.update_colour(1, &uniforms[1]);
	}

	fn update_colour(&mut self, c: usize, uniforms: &Plane) {
		let [zero, one] = &mut self.spins;
		let (target, other) = if c == 0 { (zero, &*one) } else { (one, &*zero) };
		let tables = &self.tables[c];
		for (y, ((row, table), r)) in target.iter_mut().zip(tables.iter()).zip(uniforms).enumerate()
		{
			let up = &other[(y + SIDE - 1) % SIDE];
			let down = &other[(y + 1) % SIDE];
			let same = &other[y];
			// The horizontal neighbour that is not `same[j]`: `same[j − 1]` or `same[j + 1]`.
			let mut side = [0u8; HALF];
			if (c + y).is_multiple_of(2) {
				side[0] = same[HALF - 1];
				side[1..].copy_from_slice(&same[..HALF - 1]);
			} else {
				side[..HALF - 1].copy_from_slice(&same[1..]);
				side[HALF - 1] = same[0];
			}
			update_row(row, table, r, up, down, same, &side);
		}
	}

	/// Packs every spin, colour 0 then colour 1, row by row, eight to a byte, least-significant
	/// bit first, into `out`.
	pub(crate) fn read_packed(&self, out: &mut [u8; PACKED_BYTES]) {
		let spins = self.spins.as_flattened().as_flattened();
		for (byte, eight) in out.iter_mut().zip(spins.chunks_exact(8)) {
			let mut word = [0u8; 8];
			word.copy_from_slice(eight);
			// Bytes that are 0 or 1: the multiply gathers bit 0 of byte k into bit 56 + k.
			*byte = (u64::from_le_bytes(word).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u8;
		}
	}
}

/// The branch-free update of one row of 32 p-bits.
#[inline(always)]
fn update_row(
	row: &mut [u8; HALF],
	table: &RowTable,
	r: &[u8; HALF],
	up: &[u8; HALF],
	down: &[u8; HALF],
	same: &[u8; HALF],
	side: &[u8; HALF],
) {
	for j in 0..HALF {
		let n = up[j] + down[j] + same[j] + side[j];
		let mut t = table[0][j];
		for (k, delta) in table[1..].iter().enumerate() {
			// All ones when n > k, else zero.
			let mask = 0u8.wrapping_sub(u8::from(n > k as u8));
			t = t.wrapping_add(delta[j] & mask);
		}
		row[j] = u8::from(r[j] < t);
	}
}
