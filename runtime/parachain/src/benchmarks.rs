//! The pallets benchmarked on the parachain runtime: those it adds to the solo chain's (the
//! shared Aether pallets are measured on the solo runtime, with the same configuration).

polkadot_sdk::frame_benchmarking::define_benchmarks!(
	[frame_system, SystemBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_collator_ranking, CollatorRanking]
);
