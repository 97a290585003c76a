//! Weights for `pallet_commands`.
//!
//! PROVISIONAL: written by hand before the first benchmark run; regenerate with
//! `./scripts/bench-weights.sh pallet_commands`, which overwrites this file.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use crate::frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_commands`.
pub trait WeightInfo {
	fn register_program(l: u32, ) -> Weight;
	fn unregister_program() -> Weight;
	fn register_executor() -> Weight;
	fn unregister_executor() -> Weight;
	fn submit_command(i: u32, e: u32, ) -> Weight;
	fn provide_sealed_input(b: u32, ) -> Weight;
	fn report(r: u32, ) -> Weight;
	fn on_initialize(n: u32, ) -> Weight;
}

/// Weights for `pallet_commands`.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: crate::frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn register_program(l: u32, ) -> Weight {
		Weight::from_parts(1_000_000_000, 4000)
			.saturating_add(Weight::from_parts(20_000, 1).saturating_mul(l.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	fn unregister_program() -> Weight {
		Weight::from_parts(1_000_000_000, 4000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	fn register_executor() -> Weight {
		Weight::from_parts(1_000_000_000, 12000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	fn unregister_executor() -> Weight {
		Weight::from_parts(1_000_000_000, 12000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	fn submit_command(i: u32, e: u32, ) -> Weight {
		Weight::from_parts(2_000_000_000, 12000)
			.saturating_add(Weight::from_parts(5_000, 1).saturating_mul(i.into()))
			.saturating_add(Weight::from_parts(2_000_000, 32).saturating_mul(e.into()))
			.saturating_add(T::DbWeight::get().reads(10_u64))
			.saturating_add(T::DbWeight::get().writes(12_u64))
	}
	fn provide_sealed_input(b: u32, ) -> Weight {
		Weight::from_parts(1_000_000_000, 4000)
			.saturating_add(Weight::from_parts(5_000, 1).saturating_mul(b.into()))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(8_u64))
	}
	fn report(r: u32, ) -> Weight {
		Weight::from_parts(3_000_000_000, 12000)
			.saturating_add(Weight::from_parts(300_000_000, 4000).saturating_mul(r.into()))
			.saturating_add(T::DbWeight::get().reads(12_u64))
			.saturating_add(T::DbWeight::get().writes(16_u64))
	}
	fn on_initialize(n: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 1000)
			.saturating_add(Weight::from_parts(2_000_000_000, 12000).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().reads((8_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes((10_u64).saturating_mul(n.into())))
	}
}

impl WeightInfo for () {
	fn register_program(_l: u32, ) -> Weight { Weight::zero() }
	fn unregister_program() -> Weight { Weight::zero() }
	fn register_executor() -> Weight { Weight::zero() }
	fn unregister_executor() -> Weight { Weight::zero() }
	fn submit_command(_i: u32, _e: u32, ) -> Weight { Weight::zero() }
	fn provide_sealed_input(_b: u32, ) -> Weight { Weight::zero() }
	fn report(_r: u32, ) -> Weight { Weight::zero() }
	fn on_initialize(_n: u32, ) -> Weight { Weight::zero() }
}
