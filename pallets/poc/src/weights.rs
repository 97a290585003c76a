//! Weights for `pallet_poc`.
//!
//! PLACEHOLDER VALUES: hand-written, deliberately conservative upper estimates, not measurements.
//! Regenerate this file before any production use with
//!
//! ```text
//! aether-node benchmark pallet --pallet pallet_poc --extrinsic '*' \
//!     --steps 50 --repeat 20 --output pallets/poc/src/weights.rs
//! ```
//!
//! Storage accounting (what the benchmarks touch), for reviewing the generated file:
//! - `on_initialize_block(a)`: reads `Authorities` (`a` entries), `Difficulty`, `Window`,
//!   `WindowHead`, `LastSlot`, `EpochIndex`, `NextRandomness`, `AccumulatedRandomness`, the
//!   author's `Contributions` record; writes all but `Authorities`, plus `CurrentRandomness`.
//!   `System::Digest` and `System::Number` are whitelisted.
//! - `report_equivocation_unsigned`: two sr25519 verifications; reads `Authorities`
//!   (`MaxAuthorities` entries), `ReportedEquivocations`, `Contributions`; writes the last two.
//! - `set_weight_bounds`: writes `WeightBounds`.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use crate::frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_poc`.
pub trait WeightInfo {
	fn set_weight_bounds() -> Weight;
	fn report_equivocation_unsigned() -> Weight;
	fn on_initialize_block(a: u32, ) -> Weight;
}

/// Weights for `pallet_poc` using the Aether node and recommended hardware.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: crate::frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Poc::WeightBounds` (r:0 w:1)
	fn set_weight_bounds() -> Weight {
		Weight::from_parts(10_000_000, 0)
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Poc::Authorities` (r:1 w:0)
	/// Storage: `Poc::ReportedEquivocations` (r:1 w:1)
	/// Storage: `Poc::Contributions` (r:1 w:1)
	fn report_equivocation_unsigned() -> Weight {
		Weight::from_parts(200_000_000, 12_000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Poc::Authorities` (r:1 w:0)
	/// Storage: `Poc::Difficulty`, `Poc::Window`, `Poc::WindowHead`, `Poc::LastSlot`,
	/// `Poc::EpochIndex`, `Poc::NextRandomness`, `Poc::AccumulatedRandomness`,
	/// `Poc::Contributions` (r:8 w:8)
	/// Storage: `Poc::CurrentRandomness` (r:0 w:1)
	/// The range of component `a` is `[1, 100]`.
	fn on_initialize_block(a: u32, ) -> Weight {
		Weight::from_parts(50_000_000, 12_000)
			.saturating_add(Weight::from_parts(200_000, 80).saturating_mul(a.into()))
			.saturating_add(T::DbWeight::get().reads(9_u64))
			.saturating_add(T::DbWeight::get().writes(9_u64))
	}
}

// For backwards compatibility and tests.
impl WeightInfo for () {
	fn set_weight_bounds() -> Weight {
		Weight::from_parts(10_000_000, 0)
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn report_equivocation_unsigned() -> Weight {
		Weight::from_parts(200_000_000, 12_000)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn on_initialize_block(a: u32, ) -> Weight {
		Weight::from_parts(50_000_000, 12_000)
			.saturating_add(Weight::from_parts(200_000, 80).saturating_mul(a.into()))
			.saturating_add(RocksDbWeight::get().reads(9_u64))
			.saturating_add(RocksDbWeight::get().writes(9_u64))
	}
}
