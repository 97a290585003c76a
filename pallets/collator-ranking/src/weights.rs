//! Weights for `pallet_collator_ranking`.
//!
//! Replaced by `./scripts/bench-weights.sh` output once measured; until then `()` charges the
//! storage each call touches at the runtime's `DbWeight` plus a fixed compute allowance per item.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use polkadot_sdk::frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_collator_ranking`.
pub trait WeightInfo {
	fn register_as_candidate(c: u32, ) -> Weight;
	fn leave_candidacy(c: u32, ) -> Weight;
	fn set_desired_collators() -> Weight;
	fn set_invulnerables(b: u32, c: u32, ) -> Weight;
	fn new_session(c: u32, ) -> Weight;
	fn note_author() -> Weight;
}

/// Provisional, replaced by the measured file.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T> WeightInfo for SubstrateWeight<T> {
	fn register_as_candidate(c: u32, ) -> Weight { <() as WeightInfo>::register_as_candidate(c) }
	fn leave_candidacy(c: u32, ) -> Weight { <() as WeightInfo>::leave_candidacy(c) }
	fn set_desired_collators() -> Weight { <() as WeightInfo>::set_desired_collators() }
	fn set_invulnerables(b: u32, c: u32, ) -> Weight { <() as WeightInfo>::set_invulnerables(b, c) }
	fn new_session(c: u32, ) -> Weight { <() as WeightInfo>::new_session(c) }
	fn note_author() -> Weight { <() as WeightInfo>::note_author() }
}

impl WeightInfo for () {
	fn register_as_candidate(c: u32, ) -> Weight { Weight::from_parts(50_000_000 + 1_000_000 * c as u64, 4_000).saturating_add(RocksDbWeight::get().reads_writes(4, 3)) }
	fn leave_candidacy(c: u32, ) -> Weight { Weight::from_parts(50_000_000 + 1_000_000 * c as u64, 4_000).saturating_add(RocksDbWeight::get().reads_writes(3, 3)) }
	fn set_desired_collators() -> Weight { Weight::from_parts(10_000_000, 0).saturating_add(RocksDbWeight::get().writes(1)) }
	fn set_invulnerables(b: u32, c: u32, ) -> Weight { Weight::from_parts(20_000_000 + 5_000_000 * b as u64 + 1_000_000 * c as u64, 4_000).saturating_add(RocksDbWeight::get().reads_writes(1 + b as u64, 1)) }
	fn new_session(c: u32, ) -> Weight { Weight::from_parts(20_000_000 + 10_000_000 * c as u64, 4_000).saturating_add(RocksDbWeight::get().reads(3 + 3 * c as u64)) }
	fn note_author() -> Weight { Weight::from_parts(30_000_000, 4_000).saturating_add(RocksDbWeight::get().reads_writes(3, 2)) }
}
