//! Command-line interface of `aether-node`.

use polkadot_sdk::{frame_benchmarking_cli, sc_cli};

/// The node's command line: run a node, or one of the subcommands.
#[derive(Debug, clap::Parser)]
pub struct Cli {
	/// A subcommand; without one the node runs.
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	/// Options of a running node.
	#[clap(flatten)]
	pub run: sc_cli::RunCmd,

	/// The node's TSU entropy source.
	#[clap(flatten)]
	pub tsu: TsuParams,

	/// The Emulator Veil executor: run the commands the chain assigns to this node.
	#[clap(flatten)]
	pub executor: ExecutorParams,

	/// **Tests only**: seal two different blocks in every slot this validator wins (an
	/// equivocation), so that tests can check it is detected, reported on chain and penalised.
	/// Never use it on a real network: it costs the validator half its contribution score each
	/// time it is reported.
	#[arg(long = "test-equivocate", hide = true)]
	pub test_equivocate: bool,
}

/// Where the node's TSU entropy comes from.
#[derive(Debug, Clone, clap::Args)]
pub struct TsuParams {
	/// The TSU backend feeding the entropy beacon: `pbit` (an emulated p-bit network driven by the
	/// operating system's noise), `os` (the OS generator alone) or `file:PATH` (replay raw
	/// samples from a file, for tests). Every backend passes SP 800-90B health tests before
	/// its output is used.
	#[arg(long = "tsu-backend", value_name = "pbit|os|file:PATH", default_value = "pbit")]
	pub backend: aether_tsu::BackendKind,
}

/// The executor service (`--executor`).
#[derive(Debug, Clone, clap::Args)]
pub struct ExecutorParams {
	/// Run the Emulator Veil: register as an executor (bond and sealing keys) and run, prove and
	/// report the commands the chain assigns to this node's `aexe` key.
	#[arg(long = "executor", id = "executor")]
	pub enabled: bool,

	/// Insert this secret URI as the executor account key (`//Alice` on the dev chain).
	#[arg(long = "executor-suri", value_name = "SURI", requires = "executor")]
	pub suri: Option<String>,

	/// A directory of Groth16 proving keys (`<name>.pk`, `<name>.vk`) from `aether-circuits
	/// setup`; programs whose verifying key matches one are proved.
	#[arg(long = "proving-keys", value_name = "DIR", requires = "executor")]
	pub proving_keys: Option<std::path::PathBuf>,
}

/// What `aether-node` can do besides running.
#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Key management: generate, inspect, insert keys into the keystore.
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Build a chain specification (`--raw` for the raw genesis storage).
	BuildSpec(sc_cli::BuildSpecCmd),

	/// Validate blocks.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a given block into a chain spec.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Remove the whole chain.
	PurgeChain(sc_cli::PurgeChainCmd),

	/// Revert the chain to a previous state.
	Revert(sc_cli::RevertCmd),

	/// Benchmarks: `benchmark pallet` (needs `--features runtime-benchmarks`), `block`,
	/// `storage`, `machine`.
	#[command(subcommand)]
	Benchmark(frame_benchmarking_cli::BenchmarkCmd),

	/// Database metadata.
	ChainInfo(sc_cli::ChainInfoCmd),

	/// The chain spec of a compute shard (the parachain runtime) for `polkadot-omni-node`,
	/// zombienet and chopsticks: `parachain-spec --preset local_testnet_2001 --raw`.
	ParachainSpec(crate::parachain_spec::ParachainSpecCmd),

	/// Security calculators: `security catchup --q 0.1 --z 6` (docs/SECURITY.md).
	#[command(subcommand)]
	Security(crate::security::SecurityCmd),
}
