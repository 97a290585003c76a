//! The pallets benchmarked by `aether-node benchmark pallet`.

polkadot_sdk::frame_benchmarking::define_benchmarks!(
	[frame_system, SystemBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_timestamp, Timestamp]
	[pallet_sudo, Sudo]
	[pallet_poc, Poc]
	[pallet_entropy, Entropy]
	[pallet_chalice, Chalice]
	[pallet_zk_verifier, ZkVerifier]
	[pallet_commands, Commands]
	[pallet_games, Games]
);
