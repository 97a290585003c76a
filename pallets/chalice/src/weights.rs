//! Weights for `pallet_chalice`.
//!
//! Placeholder until `./scripts/bench-weights.sh pallet_chalice` generates this file.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use crate::frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_chalice`.
pub trait WeightInfo {
	fn commit_data(t: u32, ) -> Weight;
	fn set_price() -> Weight;
	fn set_terms(t: u32, ) -> Weight;
	fn grant_key() -> Weight;
	fn withdraw_key() -> Weight;
	fn revoke(e: u32, ) -> Weight;
	fn claim() -> Weight;
	fn set_parameters() -> Weight;
	fn on_initialize_mint() -> Weight;
	fn on_initialize_close(n: u32, ) -> Weight;
	fn note_contribution(n: u32, ) -> Weight;
	fn record_usage(c: u32, ) -> Weight;
}

/// Weights for `pallet_chalice` until measured.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: crate::frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn commit_data(_t: u32, ) -> Weight { Weight::from_parts(500_000_000, 4000) }
	fn set_price() -> Weight { Weight::from_parts(300_000_000, 4000) }
	fn set_terms(_t: u32, ) -> Weight { Weight::from_parts(300_000_000, 4000) }
	fn grant_key() -> Weight { Weight::from_parts(500_000_000, 6000) }
	fn withdraw_key() -> Weight { Weight::from_parts(500_000_000, 6000) }
	fn revoke(e: u32, ) -> Weight { Weight::from_parts(500_000_000, 4000).saturating_add(Weight::from_parts(50_000_000, 2600).saturating_mul(e.into())) }
	fn claim() -> Weight { Weight::from_parts(800_000_000, 8000) }
	fn set_parameters() -> Weight { Weight::from_parts(100_000_000, 0) }
	fn on_initialize_mint() -> Weight { Weight::from_parts(400_000_000, 4000) }
	fn on_initialize_close(_n: u32, ) -> Weight { Weight::from_parts(800_000_000, 8000) }
	fn note_contribution(_n: u32, ) -> Weight { Weight::from_parts(400_000_000, 4000) }
	fn record_usage(c: u32, ) -> Weight { Weight::from_parts(500_000_000, 4000).saturating_add(Weight::from_parts(300_000_000, 8000).saturating_mul(c.into())) }
}

impl WeightInfo for () {
	fn commit_data(_t: u32, ) -> Weight { Weight::from_parts(500_000_000, 4000) }
	fn set_price() -> Weight { Weight::from_parts(300_000_000, 4000) }
	fn set_terms(_t: u32, ) -> Weight { Weight::from_parts(300_000_000, 4000) }
	fn grant_key() -> Weight { Weight::from_parts(500_000_000, 6000) }
	fn withdraw_key() -> Weight { Weight::from_parts(500_000_000, 6000) }
	fn revoke(e: u32, ) -> Weight { Weight::from_parts(500_000_000, 4000).saturating_add(Weight::from_parts(50_000_000, 2600).saturating_mul(e.into())) }
	fn claim() -> Weight { Weight::from_parts(800_000_000, 8000) }
	fn set_parameters() -> Weight { Weight::from_parts(100_000_000, 0) }
	fn on_initialize_mint() -> Weight { Weight::from_parts(400_000_000, 4000) }
	fn on_initialize_close(_n: u32, ) -> Weight { Weight::from_parts(800_000_000, 8000) }
	fn note_contribution(_n: u32, ) -> Weight { Weight::from_parts(400_000_000, 4000) }
	fn record_usage(c: u32, ) -> Weight { Weight::from_parts(500_000_000, 4000).saturating_add(Weight::from_parts(300_000_000, 8000).saturating_mul(c.into())) }
}
