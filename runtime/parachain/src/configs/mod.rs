//! Configuration of every pallet in the parachain runtime. The Aether pallets come from
//! `aether-runtime-common`, as on the solo chain; this module adds the parachain's own: cumulus,
//! Aura with PoC-ranked collators, and XCM (`xcm_config`).

pub mod xcm_config;

use crate::{
	AccountId, Aura, Balance, Balances, Block, BlockNumber, CollatorRanking, ConsensusHook, Hash,
	MessageQueue, Nonce, PalletInfo, ParachainSystem, Runtime, RuntimeCall, RuntimeEvent,
	RuntimeFreezeReason, RuntimeHoldReason, RuntimeOrigin, RuntimeTask, Session, SessionKeys,
	System, XcmpQueue, AVERAGE_ON_INITIALIZE_RATIO, EXISTENTIAL_DEPOSIT, MAXIMUM_BLOCK_WEIGHT,
	MILLI_UNIT, MINUTES, NORMAL_DISPATCH_RATIO, SLOT_DURATION, VERSION,
};
use polkadot_sdk::{
	cumulus_pallet_parachain_system::{self, RelayNumberMonotonicallyIncreases},
	cumulus_primitives_core::{AggregateMessageOrigin, ParaId},
	frame_support::{
		derive_impl,
		dispatch::DispatchClass,
		parameter_types,
		traits::{
			ConstBool, ConstU128, ConstU32, ConstU64, ConstU8, TransformOrigin, VariantCountOf,
		},
		weights::{
			constants::{BlockExecutionWeight, ExtrinsicBaseWeight, RocksDbWeight},
			IdentityFee, Weight,
		},
	},
	frame_system::{
		self,
		limits::{BlockLength, BlockWeights},
		EnsureRoot,
	},
	pallet_transaction_payment::{ConstFeeMultiplier, FungibleAdapter, Multiplier},
	parachains_common::message_queue::{NarrowOriginToSibling, ParaIdToSibling},
	polkadot_runtime_common::xcm_sender::NoPriceForMessageDelivery,
	sp_consensus_aura::sr25519::AuthorityId as AuraId,
	sp_runtime::traits::{ConvertInto, One, OpaqueKeys},
	sp_version::RuntimeVersion,
	staging_parachain_info as parachain_info, *,
};

parameter_types! {
	pub const BlockHashCount: BlockNumber = 4096;
	pub const Version: RuntimeVersion = VERSION;
	/// Blocks of at most 5 MiB, of which 75 % for normal extrinsics.
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(5 * 1024 * 1024)
		.modify_max_length_for_class(DispatchClass::Normal, |max| {
			*max = NORMAL_DISPATCH_RATIO * (5 * 1024 * 1024)
		})
		.build();
	/// Two seconds of compute and the relay chain's largest proof per block; operational
	/// extrinsics may use what normal ones leave.
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::builder()
		.base_block(BlockExecutionWeight::get())
		.for_class(DispatchClass::all(), |weights| {
			weights.base_extrinsic = ExtrinsicBaseWeight::get();
		})
		.for_class(DispatchClass::Normal, |weights| {
			weights.max_total = Some(NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_WEIGHT);
		})
		.for_class(DispatchClass::Operational, |weights| {
			weights.max_total = Some(MAXIMUM_BLOCK_WEIGHT);
			weights.reserved = Some(
				MAXIMUM_BLOCK_WEIGHT - NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_WEIGHT
			);
		})
		.avg_block_initialization(AVERAGE_ON_INITIALIZE_RATIO)
		.build_or_panic();
	pub const SS58Prefix: u16 = aether_primitives::SS58_PREFIX;
}

#[derive_impl(frame_system::config_preludes::ParaChainDefaultConfig)]
impl frame_system::Config for Runtime {
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type Block = Block;
	type BlockHashCount = BlockHashCount;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	// As on the solo chain: RocksDB's published costs, of the order of ParityDB's.
	type DbWeight = RocksDbWeight;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type SS58Prefix = SS58Prefix;
	/// A runtime upgrade goes through the relay chain.
	type OnSetCode = cumulus_pallet_parachain_system::ParachainSetCode<Self>;
	type MaxConsumers = ConstU32<16>;
}

impl cumulus_pallet_weight_reclaim::Config for Runtime {
	type WeightInfo = ();
}

impl pallet_timestamp::Config for Runtime {
	type Moment = u64;
	type OnTimestampSet = Aura;
	type MinimumPeriod = ConstU64<0>;
	type WeightInfo = pallet_timestamp::weights::SubstrateWeight<Runtime>;
}

impl pallet_balances::Config for Runtime {
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ();
	type ReserveIdentifier = [u8; 8];
	type Balance = Balance;
	type RuntimeEvent = RuntimeEvent;
	type DustRemoval = ();
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
	type WeightInfo = pallet_balances::weights::SubstrateWeight<Runtime>;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type DoneSlashHandler = ();
}

parameter_types! {
	pub FeeMultiplier: Multiplier = Multiplier::one();
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	/// Fees and tips go into the Chalice pot and are split 70/20/10, as on the solo chain.
	type OnChargeTransaction = FungibleAdapter<Balances, crate::Chalice>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightToFee = IdentityFee<Balance>;
	type LengthToFee = IdentityFee<Balance>;
	type FeeMultiplierUpdate = ConstFeeMultiplier<FeeMultiplier>;
	type WeightInfo = pallet_transaction_payment::weights::SubstrateWeight<Runtime>;
}

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = pallet_sudo::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// A quarter of a block for messages from siblings, a quarter for those from the relay chain.
	pub const ReservedXcmpWeight: Weight = MAXIMUM_BLOCK_WEIGHT.saturating_div(4);
	pub const ReservedDmpWeight: Weight = MAXIMUM_BLOCK_WEIGHT.saturating_div(4);
	pub const RelayOrigin: AggregateMessageOrigin = AggregateMessageOrigin::Parent;
}

impl cumulus_pallet_parachain_system::Config for Runtime {
	type WeightInfo = ();
	type RuntimeEvent = RuntimeEvent;
	type OnSystemEvent = ();
	type SelfParaId = parachain_info::Pallet<Runtime>;
	type OutboundXcmpMessageSource = XcmpQueue;
	type DmpQueue = frame_support::traits::EnqueueWithOrigin<MessageQueue, RelayOrigin>;
	type ReservedDmpWeight = ReservedDmpWeight;
	type XcmpMessageHandler = XcmpQueue;
	type ReservedXcmpWeight = ReservedXcmpWeight;
	type CheckAssociatedRelayNumber = RelayNumberMonotonicallyIncreases;
	type ConsensusHook = ConsensusHook;
	type RelayParentOffset = ConstU32<0>;
	// V3 scheduling is work in progress upstream: off.
	type SchedulingSignatureVerifier = ();
}

impl parachain_info::Config for Runtime {}

parameter_types! {
	/// At most 35 % of a block services queued messages.
	pub MessageQueueServiceWeight: Weight =
		sp_runtime::Perbill::from_percent(35) * RuntimeBlockWeights::get().max_block;
}

impl pallet_message_queue::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type MessageProcessor =
		pallet_message_queue::mock_helpers::NoopMessageProcessor<AggregateMessageOrigin>;
	#[cfg(not(feature = "runtime-benchmarks"))]
	type MessageProcessor = staging_xcm_builder::ProcessXcmMessage<
		AggregateMessageOrigin,
		staging_xcm_executor::XcmExecutor<xcm_config::XcmConfig>,
		RuntimeCall,
	>;
	type Size = u32;
	// The XCMP queue handles only the `Sibling(ParaId)` origin.
	type QueueChangeHandler = NarrowOriginToSibling<XcmpQueue>;
	type QueuePausedQuery = NarrowOriginToSibling<XcmpQueue>;
	type HeapSize = ConstU32<{ 103 * 1024 }>;
	type MaxStale = ConstU32<8>;
	type ServiceWeight = MessageQueueServiceWeight;
	type IdleMaxServiceWeight = MessageQueueServiceWeight;
}

impl cumulus_pallet_aura_ext::Config for Runtime {}

impl cumulus_pallet_xcmp_queue::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ChannelInfo = ParachainSystem;
	type VersionWrapper = crate::PolkadotXcm;
	// Messages from siblings wait in the message queue until serviced.
	type XcmpQueue = TransformOrigin<MessageQueue, AggregateMessageOrigin, ParaId, ParaIdToSibling>;
	type MaxInboundSuspended = ConstU32<1_000>;
	type MaxActiveOutboundChannels = ConstU32<128>;
	type MaxPageSize = ConstU32<{ 1 << 16 }>;
	type ControllerOrigin = EnsureRoot<AccountId>;
	type ControllerOriginConverter = xcm_config::XcmOriginToTransactDispatchOrigin;
	type WeightInfo = ();
	// Delivery to a sibling shard costs the sender only the execution it buys there.
	type PriceForSiblingDelivery = NoPriceForMessageDelivery<ParaId>;
}

parameter_types! {
	/// Sessions last ten minutes, as on the solo chain; a new collator ranking takes effect one
	/// session after it is made.
	pub const SessionPeriod: BlockNumber = 10 * MINUTES;
	pub const SessionOffset: BlockNumber = 0;
	/// Held from an account while its session keys are registered.
	pub const SessionKeyDeposit: Balance = 10 * MILLI_UNIT;
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type NextSessionRotation = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	/// The collators of each session: ranked by PoC contribution.
	type SessionManager = CollatorRanking;
	type SessionHandler = <SessionKeys as OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	type DisablingStrategy = ();
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type KeyDeposit = SessionKeyDeposit;
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = ConstU32<100>;
	type AllowMultipleBlocksPerSlot = ConstBool<true>;
	type SlotDuration = ConstU64<SLOT_DURATION>;
}

impl pallet_authorship::Config for Runtime {
	type FindAuthor = pallet_session::FindAccountFromAuthorIndex<Self, Aura>;
	/// Every block's author is credited contribution.
	type EventHandler = (CollatorRanking,);
}

parameter_types! {
	/// A collator candidate's bond.
	pub const CandidacyBond: Balance = 100 * crate::UNIT;
}

/// Session keys for benchmark accounts: distinct Aura and entropy keys from the account's bytes.
#[cfg(feature = "runtime-benchmarks")]
pub struct CollatorBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_collator_ranking::BenchmarkHelper<AccountId> for CollatorBenchmarkHelper {
	fn register_keys(who: &AccountId) {
		use polkadot_sdk::sp_core::sr25519;
		let raw: [u8; 32] = *who.as_ref();
		let keys = SessionKeys {
			aura: sr25519::Public::from_raw(raw).into(),
			entropy: sr25519::Public::from_raw(raw).into(),
		};
		// What `ValidatorRegistration` reads; the benchmarks need no key ownership.
		pallet_session::NextKeys::<Runtime>::insert(who, keys);
	}
}

impl pallet_collator_ranking::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type UpdateOrigin = EnsureRoot<AccountId>;
	type ValidatorRegistration = Session;
	type Contribution = crate::Poc;
	/// As many points per block as the solo chain's PoC pre-digest credits.
	type BlockAuthorshipPoints = ConstU128<100>;
	type CandidacyBond = CandidacyBond;
	type MaxCandidates = ConstU32<100>;
	type MaxInvulnerables = ConstU32<20>;
	type MaxCollators = ConstU32<100>;
	type WeightInfo = pallet_collator_ranking::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = CollatorBenchmarkHelper;
}

impl<C> frame_system::offchain::CreateTransactionBase<C> for Runtime
where
	RuntimeCall: From<C>,
{
	type Extrinsic = crate::UncheckedExtrinsic;
	type RuntimeCall = RuntimeCall;
}

impl<C> frame_system::offchain::CreateBare<C> for Runtime
where
	RuntimeCall: From<C>,
{
	fn create_bare(call: RuntimeCall) -> crate::UncheckedExtrinsic {
		crate::UncheckedExtrinsic::new_bare(call)
	}
}

// Proof-of-Contribution, the entropy beacon, Chalice, the Groth16 verifier, commands and games,
// configured as on the solo chain. The beacon draws the collators' OS randomness: their nodes
// have no TSU host function.
aether_runtime_common::impl_aether_pallets!(
	entropy_source: aether_primitives::entropy::OffchainRandomSeed,
);
