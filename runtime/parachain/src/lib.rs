//! # Aether parachain runtime
//!
//! Aether Chain as a parachain: one compute shard of a network of shards on a Polkadot relay
//! chain (`DESIGN.md` §8). It carries every Aether pallet, configured exactly as on the solo chain
//! (`aether-runtime-common`): contribution, the entropy beacon, Chalice, the Groth16 verifier,
//! commands and games. What differs is consensus and the outside world:
//!
//! - **Authorship**: Aura, among collators that `pallet-collator-ranking` chooses each session by
//!   PoC contribution (invulnerables first, then candidates by lottery weight with the same floor
//!   and cap). Block authors earn contribution through `pallet-authorship`.
//! - **Finality**: the relay chain's; no GRANDPA here.
//! - **No custom host function**: the relay chain's validators know only the standard ones, so
//!   block execution calls none (Groth16 verification runs in this WASM) and the entropy beacon's
//!   offchain workers draw the node's OS randomness instead of the TSU host function.
//! - **XCM**: sibling shards exchange messages over XCMP; a sibling's account `Transact`s here
//!   after paying in AETH (`configs::xcm_config`).
//!
//! It runs under `polkadot-omni-node` (Aura, `u32` block numbers); `genesis_config_presets` holds
//! the shard presets.

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime!`-style macros recurse deeply.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

use alloc::vec::Vec;

pub mod apis;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarks;
pub mod configs;
pub mod genesis_config_presets;
#[cfg(test)]
mod tests;

use polkadot_sdk::{
	cumulus_primitives_core,
	frame_support::weights::{constants::WEIGHT_REF_TIME_PER_SECOND, Weight},
	sp_runtime::{generic, impl_opaque_keys, traits::BlakeTwo256, Perbill},
	staging_parachain_info as parachain_info, *,
};
use sp_version::RuntimeVersion;

pub use aether_primitives::{AccountId, Balance, BlockNumber, Hash, Nonce, Signature, UNIT};
pub use aether_runtime_common::{DAYS, HOURS, MILLI_UNIT, MINUTES, TARGET_BLOCK_TIME};
pub use polkadot_sdk::sp_consensus_aura::sr25519::AuthorityId as AuraId;

/// Opaque types: what the node needs to know of the chain without knowing the runtime.
pub mod opaque {
	use super::*;
	pub use polkadot_sdk::sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Block header.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Block.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Block identifier.
	pub type BlockId = generic::BlockId<Block>;
}

impl_opaque_keys! {
	/// The keys a collator registers for a session.
	pub struct SessionKeys {
		/// Aura: block authorship.
		pub aura: Aura,
		/// Entropy beacon: signs commitments, reveals and health reports.
		pub entropy: Entropy,
	}
}

/// The runtime's version: `spec_version` changes with every runtime upgrade.
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("aether-parachain"),
	impl_name: alloc::borrow::Cow::Borrowed("aether-parachain"),
	authoring_version: 1,
	spec_version: 1,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

/// An Aura slot: one block per slot at the target block time.
pub const SLOT_DURATION: u64 = TARGET_BLOCK_TIME;

/// The existential deposit: accounts below it are reaped (as on the solo chain).
pub const EXISTENTIAL_DEPOSIT: Balance = UNIT / 1_000;

/// Share of a block's weight usable by normal extrinsics.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

/// About 5 % of a block goes to `on_initialize` hooks: bounds a single extrinsic's weight.
const AVERAGE_ON_INITIALIZE_RATIO: Perbill = Perbill::from_percent(5);

/// Two seconds of compute per block and the relay chain's largest proof of validity.
const MAXIMUM_BLOCK_WEIGHT: Weight = Weight::from_parts(
	WEIGHT_REF_TIME_PER_SECOND.saturating_mul(2),
	cumulus_primitives_core::relay_chain::MAX_POV_SIZE as u64,
);

/// Asynchronous backing: at most this many blocks built but not yet included by the relay chain.
const UNINCLUDED_SEGMENT_CAPACITY: u32 = 3;
/// Parachain blocks per relay chain block.
const BLOCK_PROCESSING_VELOCITY: u32 = 1;
/// The relay chain's slot, in milliseconds.
const RELAY_CHAIN_SLOT_DURATION_MILLIS: u32 = 6_000;

/// How the runtime limits block production against relay chain progress.
type ConsensusHook = polkadot_sdk::cumulus_pallet_aura_ext::FixedVelocityConsensusHook<
	Runtime,
	RELAY_CHAIN_SLOT_DURATION_MILLIS,
	BLOCK_PROCESSING_VELOCITY,
	UNINCLUDED_SEGMENT_CAPACITY,
>;

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

/// What every signed extrinsic carries besides its call: the solo chain's extensions, with the
/// proof-size reclaim of a parachain around them.
pub type TxExtension = cumulus_pallet_weight_reclaim::StorageWeightReclaim<
	Runtime,
	(
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
	),
>;

/// An extrinsic as it is sent to the chain.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;

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
	pub type ParachainSystem = cumulus_pallet_parachain_system;
	#[runtime::pallet_index(2)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(3)]
	pub type ParachainInfo = parachain_info;
	#[runtime::pallet_index(4)]
	pub type WeightReclaim = cumulus_pallet_weight_reclaim;

	#[runtime::pallet_index(10)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(11)]
	pub type TransactionPayment = pallet_transaction_payment;
	#[runtime::pallet_index(15)]
	pub type Sudo = pallet_sudo;

	/// Collator support; the order of these five matters. Authorship credits the author's
	/// contribution in its `on_initialize`, before Session may rotate the set.
	#[runtime::pallet_index(20)]
	pub type Authorship = pallet_authorship;
	#[runtime::pallet_index(21)]
	pub type CollatorRanking = pallet_collator_ranking;
	#[runtime::pallet_index(22)]
	pub type Session = pallet_session;
	#[runtime::pallet_index(23)]
	pub type Aura = pallet_aura;
	#[runtime::pallet_index(24)]
	pub type AuraExt = cumulus_pallet_aura_ext;

	#[runtime::pallet_index(30)]
	pub type XcmpQueue = cumulus_pallet_xcmp_queue;
	#[runtime::pallet_index(31)]
	pub type PolkadotXcm = pallet_xcm;
	#[runtime::pallet_index(32)]
	pub type CumulusXcm = cumulus_pallet_xcm;
	#[runtime::pallet_index(33)]
	pub type MessageQueue = pallet_message_queue;

	/// Contribution scores and their floor and cap: what ranks the collators. Its lottery and
	/// difficulty stay idle here (no PoC pre-digests).
	#[runtime::pallet_index(40)]
	pub type Poc = pallet_poc;
	/// The entropy beacon among the collators, fed by their nodes' OS randomness.
	#[runtime::pallet_index(41)]
	pub type Entropy = pallet_entropy;
	/// The Chalice economy: the reward pot and its 70/20/10 split. After Authorship, which
	/// credits the block author through Poc and Chalice.
	#[runtime::pallet_index(42)]
	pub type Chalice = pallet_chalice;
	/// Groth16 verifying keys and proof verification, in this WASM.
	#[runtime::pallet_index(43)]
	pub type ZkVerifier = pallet_zk_verifier;
	/// WASM programs, commands, executors and settlement.
	#[runtime::pallet_index(44)]
	pub type Commands = pallet_commands;
	/// The game ledger.
	#[runtime::pallet_index(45)]
	pub type Games = pallet_games;
}

cumulus_pallet_parachain_system::register_validate_block! {
	Runtime = Runtime,
	BlockExecutor = cumulus_pallet_aura_ext::BlockExecutor::<Runtime, Executive>,
}
