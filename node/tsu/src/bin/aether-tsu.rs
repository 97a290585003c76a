//! `aether-tsu`: dump TSU output for offline testing, or measure its throughput.
//!
//! ```text
//! aether-tsu dump --backend pbit --bytes 64MiB --out pbit.bin [--raw]
//! aether-tsu bench --backend os --seconds 5
//! ```
//!
//! Both print the TSU's status as JSON on stderr when they finish.

use aether_tsu::{BackendKind, Tsu};
use clap::{Parser, Subcommand};
use std::{
	fs::File,
	io::{BufWriter, Write},
	path::PathBuf,
	process::ExitCode,
	time::{Duration, Instant},
};

/// Bytes per `fill` call.
const CHUNK: usize = 1 << 20;

/// Dump or benchmark a TSU backend.
#[derive(Debug, Parser)]
#[command(name = "aether-tsu", version, about)]
struct Cli {
	#[command(subcommand)]
	command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
	/// Write conditioned (or, with --raw, raw health-tested) bytes to a file.
	Dump {
		/// The backend: pbit, os or file:PATH.
		#[arg(long, default_value = "pbit")]
		backend: BackendKind,
		/// How many bytes to write: a number, optionally with a K, M or G suffix (powers of 1024;
		/// "KiB", "MiB", "GiB" also accepted).
		#[arg(long, value_parser = parse_size)]
		bytes: u64,
		/// Write raw samples (as the backend packs them) instead of conditioned output.
		#[arg(long)]
		raw: bool,
		/// The output file.
		#[arg(long)]
		out: PathBuf,
	},
	/// Measure the conditioned (or raw) output rate of a backend on one thread.
	Bench {
		/// The backend: pbit, os or file:PATH.
		#[arg(long, default_value = "pbit")]
		backend: BackendKind,
		/// How long to measure.
		#[arg(long, default_value_t = 5.0)]
		seconds: f64,
		/// Measure raw health-tested samples instead of conditioned output.
		#[arg(long)]
		raw: bool,
	},
}

/// Parses `1024`, `64K`, `64M`, `1G`, `64MiB`…
fn parse_size(s: &str) -> Result<u64, String> {
	let s = s.trim();
	let digits = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
	let (number, suffix) = s.split_at(digits);
	let number: u64 = number.parse().map_err(|_| format!("`{s}` is not a size"))?;
	let shift = match suffix.trim().to_ascii_lowercase().as_str() {
		"" | "b" => 0,
		"k" | "kib" => 10,
		"m" | "mib" => 20,
		"g" | "gib" => 30,
		other => return Err(format!("unknown size suffix `{other}`: use K, M or G")),
	};
	number.checked_mul(1 << shift).ok_or_else(|| format!("`{s}` is too large"))
}

fn fill(tsu: &Tsu, raw: bool, buf: &mut [u8]) -> Result<(), String> {
	let result = if raw { tsu.fill_raw(buf) } else { tsu.fill(buf) };
	result.map_err(|e| e.to_string())
}

fn dump(backend: BackendKind, bytes: u64, raw: bool, out: PathBuf) -> Result<Tsu, String> {
	let tsu = Tsu::new(backend).map_err(|e| e.to_string())?;
	let file = File::create(&out).map_err(|e| format!("{}: {e}", out.display()))?;
	let mut writer = BufWriter::new(file);
	let mut buf = vec![0u8; CHUNK];
	let mut left = bytes;
	while left > 0 {
		let n = left.min(CHUNK as u64) as usize;
		if let Err(e) = fill(&tsu, raw, &mut buf[..n]) {
			print_status(&tsu);
			return Err(e);
		}
		writer.write_all(&buf[..n]).map_err(|e| format!("{}: {e}", out.display()))?;
		left -= n as u64;
	}
	writer.flush().map_err(|e| format!("{}: {e}", out.display()))?;
	Ok(tsu)
}

fn bench(backend: BackendKind, seconds: f64, raw: bool) -> Result<Tsu, String> {
	let name = backend.to_string();
	let tsu = Tsu::new(backend).map_err(|e| e.to_string())?;
	let duration = Duration::try_from_secs_f64(seconds).map_err(|e| format!("--seconds: {e}"))?;
	let mut buf = vec![0u8; CHUNK];
	let mut total = 0u64;
	let start = Instant::now();
	while start.elapsed() < duration {
		fill(&tsu, raw, &mut buf)?;
		total += CHUNK as u64;
	}
	let elapsed = start.elapsed().as_secs_f64();
	let mib = total as f64 / f64::from(1 << 20);
	println!(
		"{name}: {:.1} MiB/s ({} output, {mib:.0} MiB in {elapsed:.2} s, one thread)",
		mib / elapsed,
		if raw { "raw" } else { "conditioned" }
	);
	Ok(tsu)
}

fn print_status(tsu: &Tsu) {
	match serde_json::to_string(&tsu.status()) {
		Ok(json) => eprintln!("{json}"),
		Err(e) => eprintln!("status: {e}"),
	}
}

fn main() -> ExitCode {
	let cli = Cli::parse();
	let result = match cli.command {
		Command::Dump { backend, bytes, raw, out } => dump(backend, bytes, raw, out),
		Command::Bench { backend, seconds, raw } => bench(backend, seconds, raw),
	};
	match result {
		Ok(tsu) => {
			print_status(&tsu);
			ExitCode::SUCCESS
		},
		Err(e) => {
			eprintln!("aether-tsu: {e}");
			ExitCode::FAILURE
		},
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn sizes_parse() {
		assert_eq!(parse_size("1024"), Ok(1024));
		assert_eq!(parse_size("64M"), Ok(64 << 20));
		assert_eq!(parse_size("64MiB"), Ok(64 << 20));
		assert_eq!(parse_size("2k"), Ok(2048));
		assert_eq!(parse_size("1G"), Ok(1 << 30));
		assert!(parse_size("12X").is_err());
		assert!(parse_size("M").is_err());
	}
}
