//! `aether-node security catchup`: the probability that an attacker with a share `q` of block
//! production ever catches up from `z` blocks behind (Nakamoto, *Bitcoin*, §11), and how many
//! blocks keep it under a target. See docs/SECURITY.md for what it means on a chain that GRANDPA
//! finalizes.

/// Arguments of `aether-node security`.
#[derive(Debug, clap::Subcommand)]
pub enum SecurityCmd {
	/// The attacker catch-up probability of the Bitcoin paper (§11).
	Catchup(CatchupCmd),
}

/// Arguments of `security catchup`.
#[derive(Debug, clap::Args)]
pub struct CatchupCmd {
	/// The attacker's share of block production, in [0, 1].
	#[arg(long)]
	pub q: f64,
	/// Blocks the attacker is behind (confirmations); omit for the table z = 0..=10.
	#[arg(long)]
	pub z: Option<u32>,
	/// Also print the fewest blocks that keep the probability under this target.
	#[arg(long)]
	pub target: Option<f64>,
}

/// The probability that an attacker with share `q` of block production ever overtakes the honest
/// chain from `z` blocks behind, the Bitcoin paper's
///
/// ```text
/// P = 1 − Σ_{k=0..z} (λ^k e^−λ / k!) · (1 − (q/p)^(z−k)),   p = 1 − q,  λ = z·q/p
/// ```
///
/// which is 1 when `q ≥ p`: a majority always catches up. It is evaluated as the equal sum of
/// positive terms `Σ_{k>z} Pois(k) + Σ_{k≤z} Pois(k)·(q/p)^(z−k)`, with the Poisson terms in log
/// space, so tiny probabilities keep their precision instead of vanishing in `1 − (1 − ε)`.
pub fn catchup_probability(q: f64, z: u32) -> f64 {
	if q.is_nan() || q <= 0.0 {
		return 0.0;
	}
	let p = 1.0 - q;
	if q >= p {
		return 1.0;
	}
	if z == 0 {
		return 1.0;
	}
	let lambda = f64::from(z) * q / p;
	let ln_lambda = lambda.ln();
	let ln_ratio = (q / p).ln();
	let mut total = 0.0;
	let mut ln_factorial = 0.0;
	let mut k: u64 = 0;
	loop {
		if k > 0 {
			ln_factorial += (k as f64).ln();
		}
		let ln_poisson = k as f64 * ln_lambda - lambda - ln_factorial;
		let term = if k <= u64::from(z) {
			(ln_poisson + (u64::from(z) - k) as f64 * ln_ratio).exp()
		} else {
			ln_poisson.exp()
		};
		total += term;
		// Past z and past the Poisson mode the tail terms only shrink, geometrically.
		if k > u64::from(z) && (k as f64) > lambda && term <= total * 1e-17 {
			break;
		}
		k += 1;
	}
	total.clamp(0.0, 1.0)
}

/// The fewest blocks `z` (up to `limit`) for which the catch-up probability is below `target`.
pub fn blocks_for(q: f64, target: f64, limit: u32) -> Option<u32> {
	(0..=limit).find(|z| catchup_probability(q, *z) < target)
}

impl CatchupCmd {
	/// Print the probability (or the table), and the blocks for the target.
	pub fn run(&self) -> Result<(), String> {
		if !(0.0..=1.0).contains(&self.q) {
			return Err(format!("--q {} is not a share in [0, 1]", self.q));
		}
		match self.z {
			Some(z) => println!("q={} z={} P={:.7}", self.q, z, catchup_probability(self.q, z)),
			None => {
				println!("q={}", self.q);
				for z in 0..=10 {
					println!("z={z:<3} P={:.7}", catchup_probability(self.q, z));
				}
			},
		}
		if let Some(target) = self.target {
			match blocks_for(self.q, target, 100_000) {
				Some(z) => println!("P < {target} from z={z}"),
				None => println!("P < {target} is never reached (q >= 0.5 catches up surely)"),
			}
		}
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	/// The Bitcoin paper's tables (§11), to the 7 decimals it prints.
	#[test]
	fn reproduces_the_bitcoin_paper_to_1e_7() {
		let q01 = [
			1.0000000, 0.2045873, 0.0509779, 0.0131722, 0.0034552, 0.0009137, 0.0002428, 0.0000647,
			0.0000173, 0.0000046, 0.0000012,
		];
		for (z, expected) in q01.iter().enumerate() {
			let p = catchup_probability(0.1, z as u32);
			assert!((p - expected).abs() < 0.5e-7, "q=0.1 z={z}: {p:.9} vs {expected}");
		}
		let q03 = [
			(0, 1.0000000),
			(5, 0.1773523),
			(10, 0.0416605),
			(15, 0.0101008),
			(20, 0.0024804),
			(25, 0.0006132),
			(30, 0.0001522),
			(35, 0.0000379),
			(40, 0.0000095),
			(45, 0.0000024),
			(50, 0.0000006),
		];
		for (z, expected) in q03 {
			let p = catchup_probability(0.3, z);
			assert!((p - expected).abs() < 0.5e-7, "q=0.3 z={z}: {p:.9} vs {expected}");
		}
	}

	/// The paper's "solving for P less than 0.1%".
	#[test]
	fn blocks_for_one_in_a_thousand_match_the_paper() {
		for (q, z) in [
			(0.10, 5),
			(0.15, 8),
			(0.20, 11),
			(0.25, 15),
			(0.30, 24),
			(0.35, 41),
			(0.40, 89),
			(0.45, 340),
		] {
			assert_eq!(blocks_for(q, 0.001, 10_000), Some(z), "q={q}");
		}
	}

	/// The seed's claim "P < 1e-6 at z = 6, q = 0.55" is false: a majority catches up surely.
	#[test]
	fn a_majority_always_catches_up() {
		assert_eq!(catchup_probability(0.55, 6), 1.0);
		assert_eq!(catchup_probability(0.5, 1_000), 1.0);
		assert_eq!(blocks_for(0.55, 1e-6, 10_000), None);
		assert_eq!(catchup_probability(0.0, 0), 0.0);
		// Tiny probabilities keep their precision: P falls with every block, and for large z as
		// e^(−z·(r − 1 − ln r)), r = q/p (the Chernoff exponent of both Poisson sums) up to a
		// slowly varying factor, far below where 1 − Σ would have lost every digit.
		let mut previous = 1.0;
		for z in 1..=5_000 {
			let p = catchup_probability(0.45, z);
			assert!(p > 0.0 && p < previous, "q=0.45 z={z}: {p} after {previous}");
			previous = p;
		}
		let r: f64 = 0.45 / 0.55;
		let ratio = catchup_probability(0.45, 5_000) / catchup_probability(0.45, 4_000);
		let expected = (-1_000.0 * (r - 1.0 - r.ln())).exp();
		assert!((ratio / expected - 1.0).abs() < 0.02, "ratio {ratio} vs {expected}");
	}
}
