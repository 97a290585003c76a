//! Elo ratings in integer arithmetic (no floating point in the runtime).
//!
//! A player rated `d` points above its opponent is expected to score
//! `E(d) = 1 / (1 + 10^(-d / 400))`; after a game it gains `K × (S − E(d))` points, where `S` is 1
//! for a win, ½ for a draw and 0 for a loss, and its opponent loses as many.
//!
//! # The expected score
//!
//! [`expected_ppm`] gives `E(d)` in parts per million from [`EXPECTED_BELOW`], the expected score
//! of the player rated `25·i` points *below* its opponent for `i = 0..=40` (rounded to the
//! nearest ppm), with linear interpolation between the table's points; `E(d) = 10⁶ − E(−d)` for a
//! player above, and a gap beyond [`MAX_GAP`] (1000) points counts as 1000. The table decreases,
//! so the approximation is monotone (non-decreasing in `d`) and exactly symmetric. Up to 1000
//! points it is within 250 ppm of the formula (the interpolation's error: 0.008 points at
//! K = 32); beyond, within 3152 ppm (0.1 points at K = 32).
//!
//! # The exchange
//!
//! Points are rounded to the nearest integer (halves up) once, for the player who gains —
//! the winner, or in a draw the lower-rated player — and the other loses exactly as many, so a
//! game moves no rating points in or out of a game's pool: the sum of a game's ratings stays
//! `InitialRating ×` the number of rated players (checked by `try_state`). A player cannot lose
//! more points than it has (ratings stop at 0) and the gain is capped at `u32::MAX`.

/// Parts per million: an expected score of 1.
pub const PPM: u32 = 1_000_000;

/// The spacing of [`EXPECTED_BELOW`], in rating points.
pub const STEP: u32 = 25;

/// The largest rating gap [`expected_ppm`] tells apart; a larger gap counts as this one.
pub const MAX_GAP: u32 = 1_000;

/// `E(−25·i)` in ppm, `round(10⁶ / (1 + 10^(25·i / 400)))`, for `i = 0..=40`.
pub const EXPECTED_BELOW: [u32; 41] = [
	500_000, 464_084, 428_537, 393_712, 359_935, 327_490, 296_615, 267_493, 240_253, 214_973,
	191_682, 170_367, 150_980, 133_443, 117_662, 103_523, 90_909, 79_695, 69_758, 60_978, 53_240,
	46_435, 40_463, 35_231, 30_653, 26_654, 23_164, 20_122, 17_472, 15_166, 13_160, 11_416, 9_901,
	8_585, 7_443, 6_452, 5_592, 4_846, 4_199, 3_638, 3_152,
];

/// How a game ended for the first player of [`rate`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Score {
	/// It won.
	Win,
	/// Nobody won.
	Draw,
	/// It lost.
	Loss,
}

/// The expected score, in ppm, of a player rated `gap` points above its opponent (below for a
/// negative `gap`).
pub fn expected_ppm(gap: i64) -> u32 {
	let d = gap.unsigned_abs().min(u64::from(MAX_GAP));
	let step = u64::from(STEP);
	let i = (d / step) as usize;
	let r = d % step;
	let lo = u64::from(EXPECTED_BELOW.get(i).copied().unwrap_or(0));
	let hi = EXPECTED_BELOW.get(i.saturating_add(1)).copied().map(u64::from).unwrap_or(lo);
	// The table decreases: interpolate down from `lo` towards `hi`.
	let below = lo.saturating_sub(lo.saturating_sub(hi).saturating_mul(r) / step);
	let below = u32::try_from(below).unwrap_or(PPM).min(PPM);
	if gap >= 0 {
		PPM.saturating_sub(below)
	} else {
		below
	}
}

/// `K × ppm / 10⁶`, rounded to the nearest integer (halves up).
fn points(k: u32, ppm: u32) -> u32 {
	let scaled = u64::from(k).saturating_mul(u64::from(ppm)).saturating_add(u64::from(PPM / 2));
	u32::try_from(scaled / u64::from(PPM)).unwrap_or(u32::MAX)
}

/// Points the winner of a game between `winner` and `loser` takes: `K × (1 − E(winner − loser))`.
pub fn win_points(winner: u32, loser: u32, k: u32) -> u32 {
	points(k, expected_ppm(i64::from(loser) - i64::from(winner)))
}

/// Points the lower-rated player takes from the higher-rated one in a draw:
/// `K × (½ − E(lower − higher))`.
pub fn draw_points(lower: u32, higher: u32, k: u32) -> u32 {
	points(k, (PPM / 2).saturating_sub(expected_ppm(i64::from(lower) - i64::from(higher))))
}

/// Moves `points` from the rating `from` to the rating `to`, no more than `from` has and no more
/// than `to` can take; returns the new `(from, to)`.
fn exchange(from: u32, to: u32, points: u32) -> (u32, u32) {
	let moved = points.min(from).min(u32::MAX.saturating_sub(to));
	(from.saturating_sub(moved), to.saturating_add(moved))
}

/// The new ratings of two players rated `a` and `b` after a game that ended with `score` for the
/// first, with factor `k`.
pub fn rate(a: u32, b: u32, score: Score, k: u32) -> (u32, u32) {
	match score {
		Score::Win => {
			let (b, a) = exchange(b, a, win_points(a, b, k));
			(a, b)
		},
		Score::Loss => exchange(a, b, win_points(b, a, k)),
		Score::Draw if a < b => {
			let (b, a) = exchange(b, a, draw_points(a, b, k));
			(a, b)
		},
		Score::Draw if a > b => exchange(a, b, draw_points(b, a, k)),
		Score::Draw => (a, b),
	}
}
