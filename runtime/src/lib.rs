//! # Aether runtime
//!
//! The state transition function of Aether Chain (solo chain): accounts and fees, sudo, sessions,
//! GRANDPA finality and Proof-of-Contribution block authorship (`pallet-poc`).
//!
//! This file holds the types, the version and the pallet list; `configs` the pallet
//! configurations, `apis` the runtime APIs, `genesis_config_presets` the `development` and
//! `local_testnet` presets.

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime!`-style macros recurse deeply.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

pub mod apis;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarks;
pub mod configs;
pub mod genesis_config_presets;
#[cfg(test)]
mod tests;

use alloc::vec::Vec;
use polkadot_sdk::{
	frame_support::weights::{constants::WEIGHT_REF_TIME_PER_SECOND, Weight},
	sp_runtime::{
		generic, impl_opaque_keys,
		traits::{BlakeTwo256, Verify},
		Perbill,
	},
	*,
};
use sp_version::RuntimeVersion;

pub use aether_primitives::{AccountId, Balance, BlockNumber, Hash, Nonce, Signature, UNIT};
pub use pallet_chalice;
pub use pallet_commands;
pub use pallet_entropy;
pub use pallet_games;
pub use pallet_poc;
pub use pallet_zk_verifier;

/// Opaque types: what the node needs to know of the chain without knowing the runtime.
pub mod opaque {
	use super::*;
	use polkadot_sdk::sp_runtime::OpaqueExtrinsic;

	/// An extrinsic, as opaque bytes.
	pub type UncheckedExtrinsic = OpaqueExtrinsic;
	/// Block header.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Block.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Block identifier.
	pub type BlockId = generic::BlockId<Block>;

	impl_opaque_keys! {
		/// The keys a validator registers for a session: its PoC key and its GRANDPA key.
		pub struct SessionKeys {
			/// Proof-of-Contribution: slot lottery VRF and block seals.
			pub poc: super::Poc,
			/// GRANDPA finality votes.
			pub grandpa: super::Grandpa,
			/// Entropy beacon: signs commitments, reveals and health reports.
			pub entropy: super::Entropy,
		}
	}
}

/// The runtime's version: `spec_version` changes with every runtime upgrade.
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("aether"),
	impl_name: alloc::borrow::Cow::Borrowed("aether-node"),
	authoring_version: 1,
	spec_version: 105,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

pub use aether_runtime_common::{DAYS, HOURS, MILLI_UNIT, MINUTES, TARGET_BLOCK_TIME};

/// Length of a slot: the lottery runs once per second.
pub const SLOT_DURATION: u64 = aether_runtime_common::POC_SLOT_DURATION;

/// The existential deposit: accounts below it are reaped.
pub const EXISTENTIAL_DEPOSIT: Balance = UNIT / 1_000;

/// Share of a block's weight usable by normal extrinsics.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);
/// Weight of a block: two seconds of compute, a third of the target block time.
const MAXIMUM_BLOCK_WEIGHT: Weight =
	Weight::from_parts(WEIGHT_REF_TIME_PER_SECOND.saturating_mul(2), u64::MAX);

/// The address format of extrinsics.
pub type Address = sp_runtime::MultiAddress<AccountId, ()>;
/// Block header.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;
/// A block with its justification.
pub type SignedBlock = generic::SignedBlock<Block>;
/// Block identifier.
pub type BlockId = generic::BlockId<Block>;

/// What every signed extrinsic carries besides its call.
pub type TxExtension = (
	frame_system::AuthorizeCall<Runtime>,
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_metadata_hash_extension::CheckMetadataHash<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// The extensions of an immortal signed transaction with `nonce` and `tip`, as a client (the
/// `aether` shell, tests) attaches them; the metadata-hash check is off. Kept next to
/// [`TxExtension`] so that clients follow any change to it.
pub fn tx_extension(nonce: Nonce, tip: Balance) -> TxExtension {
	(
		frame_system::AuthorizeCall::<Runtime>::new(),
		frame_system::CheckNonZeroSender::<Runtime>::new(),
		frame_system::CheckSpecVersion::<Runtime>::new(),
		frame_system::CheckTxVersion::<Runtime>::new(),
		frame_system::CheckGenesis::<Runtime>::new(),
		frame_system::CheckEra::<Runtime>::from(sp_runtime::generic::Era::Immortal),
		frame_system::CheckNonce::<Runtime>::from(nonce),
		frame_system::CheckWeight::<Runtime>::new(),
		pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(tip),
		frame_metadata_hash_extension::CheckMetadataHash::<Runtime>::new(false),
		frame_system::WeightReclaim::<Runtime>::new(),
	)
}

/// An extrinsic as it is sent to the chain.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// The payload signed by an extrinsic's sender.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Storage migrations run at the next runtime upgrade.
#[allow(unused_parens)]
type Migrations = ();

/// Dispatches extrinsics to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

/// The public key behind a [`Signature`]; an [`AccountId`] is derived from it.
pub type AccountPublic = <Signature as Verify>::Signer;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;

	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;

	/// Poc comes before Session: its `on_initialize` credits the author against the authority set
	/// the block was claimed in, before a session change replaces that set.
	#[runtime::pallet_index(2)]
	pub type Poc = pallet_poc;

	#[runtime::pallet_index(3)]
	pub type Balances = pallet_balances;

	#[runtime::pallet_index(4)]
	pub type TransactionPayment = pallet_transaction_payment;

	#[runtime::pallet_index(5)]
	pub type Session = pallet_session;

	#[runtime::pallet_index(6)]
	pub type Grandpa = pallet_grandpa;

	#[runtime::pallet_index(7)]
	pub type Sudo = pallet_sudo;

	/// The TSU entropy beacon. After Poc: a round's output mixes the VRF outputs Poc has
	/// accumulated up to this block.
	#[runtime::pallet_index(8)]
	pub type Entropy = pallet_entropy;

	/// The Chalice economy: the reward pot, its 70/20/10 split, data commitments and receipts.
	/// After Poc, whose `on_initialize` credits the block author through Chalice: a period
	/// closing in this block takes the author's points of the block before.
	#[runtime::pallet_index(9)]
	pub type Chalice = pallet_chalice;

	/// Groth16 verifying keys and proof verification, in runtime WASM.
	#[runtime::pallet_index(10)]
	pub type ZkVerifier = pallet_zk_verifier;

	/// WASM programs, commands, executors and settlement. After Entropy (it draws executors from
	/// the beacon) and Chalice (settled fees go to its pot).
	#[runtime::pallet_index(11)]
	pub type Commands = pallet_commands;

	/// The game ledger: sessions as state-hash chains, proved and optimistic moves. After
	/// Commands, which runs its challenges' rules programs and tells it when they settle.
	#[runtime::pallet_index(12)]
	pub type Games = pallet_games;
}
