//! `aether-circuits`: development key setup for the provable programs.
//!
//! ```text
//! aether-circuits setup --out <dir> [--seed N] [<name>...]
//!                                     writes <dir>/<name>.pk and <dir>/<name>.vk (every circuit
//!                                     when no name is given)
//! aether-circuits info                prints each circuit's size
//! ```
//!
//! The keys come from a known seed (default 0): **the toxic waste is known**, anyone can forge
//! proofs for them. Development and devnets only.

use std::{path::PathBuf, process::ExitCode, time::Instant};

use aether_circuits::{constraint_count, setup, CircuitKind};

const USAGE: &str = "usage:
  aether-circuits setup --out <dir> [--seed N] [<name>...]
                          dev keys (toxic waste known!) for the circuits named (default: all of
                          poseidon-preimage, sudoku, tictactoe)
  aether-circuits info    constraint counts";

fn main() -> ExitCode {
	match run(std::env::args().skip(1).collect()) {
		Ok(()) => ExitCode::SUCCESS,
		Err(e) => {
			eprintln!("error: {e}\n{USAGE}");
			ExitCode::FAILURE
		},
	}
}

fn run(args: Vec<String>) -> Result<(), String> {
	let mut args = args.into_iter();
	match args.next().as_deref() {
		Some("setup") => {
			let mut out: Option<PathBuf> = None;
			let mut seed = 0u64;
			let mut kinds = Vec::new();
			while let Some(arg) = args.next() {
				let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
				match arg.as_str() {
					"--out" => out = Some(value()?.into()),
					"--seed" => seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
					name if !name.starts_with('-') => kinds.push(
						CircuitKind::from_name(name)
							.ok_or_else(|| format!("no circuit named '{name}'"))?,
					),
					_ => return Err(format!("unknown argument '{arg}'")),
				}
			}
			if kinds.is_empty() {
				kinds = CircuitKind::ALL.to_vec();
			}
			let out = out.ok_or("--out is required")?;
			std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
			eprintln!("dev setup with seed {seed}: the toxic waste is known, not for production");
			for kind in kinds {
				let start = Instant::now();
				let (pk, vk) = setup(kind, seed).map_err(|e| format!("{}: {e}", kind.name()))?;
				for (ext, bytes) in [("pk", &pk), ("vk", &vk)] {
					let path = out.join(format!("{}.{ext}", kind.name()));
					std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
				}
				eprintln!(
					"{}: pk {} bytes, vk {} bytes, {:.1}s",
					kind.name(),
					pk.len(),
					vk.len(),
					start.elapsed().as_secs_f64()
				);
			}
			Ok(())
		},
		Some("info") => {
			for kind in CircuitKind::ALL {
				let (constraints, witnesses, inputs) =
					constraint_count(kind).map_err(|e| e.to_string())?;
				println!(
					"{}: {constraints} constraints, {witnesses} witness variables, {inputs} public inputs",
					kind.name()
				);
			}
			Ok(())
		},
		Some("-h" | "--help") => {
			println!("{USAGE}");
			Ok(())
		},
		_ => Err("expected a command".into()),
	}
}
