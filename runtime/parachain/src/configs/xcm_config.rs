//! XCM between Aether shards.
//!
//! - **The asset**: each shard's own AETH, `Here` on that shard. The relay chain's token is not
//!   accepted, and nothing is teleported or reserve-transferred: shards exchange messages, not
//!   tokens.
//! - **Accounts**: the relay chain, a sibling shard and an account on a sibling shard each have
//!   an account here (`LocationToAccountId`); `xcmRuntimeApi.convertLocation` tells which.
//! - **Execution is paid**: a message withdraws AETH from its origin's account here, buys
//!   execution at the same fee per weight as a transaction (`IdentityFee`), and may `Transact`
//!   as that account. The fees go to the Chalice pot like transaction fees. Unpaid execution is
//!   allowed only to the relay chain and its executive body.
//! - **Sending**: signed accounts send with `polkadotXcm.send`; the message then descends into
//!   the sender's account (`DescendOrigin`), so it acts as `(1, Parachain(us), AccountId32)`.

use crate::{
	AccountId, AllPalletsWithSystem, Balance, Balances, ParachainInfo, ParachainSystem,
	PolkadotXcm, Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin, XcmpQueue,
};
use polkadot_sdk::{
	frame_support::{
		parameter_types,
		traits::{ConstU32, Contains, Disabled, Everything, Nothing},
		weights::{IdentityFee, Weight},
	},
	frame_system::EnsureRoot,
	pallet_xcm::XcmPassthrough,
	polkadot_parachain_primitives::primitives::Sibling,
	staging_xcm as xcm, staging_xcm_builder as xcm_builder, staging_xcm_executor as xcm_executor,
	*,
};
use xcm::latest::prelude::*;
use xcm_builder::{
	AccountId32Aliases, AllowExplicitUnpaidExecutionFrom, AllowKnownQueryResponses,
	AllowSubscriptionsFrom, AllowTopLevelPaidExecutionFrom, DenyRecursively,
	DenyReserveTransferToRelayChain, DenyThenTry, DescribeAllTerminal, DescribeFamily,
	EnsureXcmOrigin, FixedWeightBounds, FrameTransactionalProcessor, FungibleAdapter,
	HashedDescription, IsConcrete, ParentIsPreset, RelayChainAsNative, SiblingParachainAsNative,
	SiblingParachainConvertsVia, SignedAccountId32AsNative, SignedToAccountId32,
	SovereignSignedViaLocation, TakeWeightCredit, TrailingSetTopicAsId, UsingComponents,
	WithComputedOrigin, WithUniqueTopic,
};
use xcm_executor::XcmExecutor;

parameter_types! {
	/// The relay chain.
	pub const RelayLocation: Location = Location::parent();
	/// This shard's own AETH.
	pub const HereLocation: Location = Location::here();
	/// Local networks only: no global consensus prefix.
	pub const RelayNetwork: Option<NetworkId> = None;
	pub RelayChainOrigin: RuntimeOrigin = cumulus_pallet_xcm::Origin::Relay.into();
	/// This shard, as the relay chain knows it.
	pub UniversalLocation: InteriorLocation = Parachain(ParachainInfo::parachain_id().into()).into();
}

/// How a location gets an account here: the relay chain and sibling shards their sovereign
/// accounts, local 32-byte accounts themselves, and anything else (an account on a sibling) a
/// hash of its description.
pub type LocationToAccountId = (
	ParentIsPreset<AccountId>,
	SiblingParachainConvertsVia<Sibling, AccountId>,
	AccountId32Aliases<RelayNetwork, AccountId>,
	HashedDescription<AccountId, DescribeFamily<DescribeAllTerminal>>,
);

/// AETH, moved in and out of accounts by XCM (no teleports to track).
pub type LocalAssetTransactor =
	FungibleAdapter<Balances, IsConcrete<HereLocation>, LocationToAccountId, AccountId, ()>;

/// What origin a `Transact` dispatches with.
pub type XcmOriginToTransactDispatchOrigin = (
	// The location's account (`OriginKind::SovereignAccount`).
	SovereignSignedViaLocation<LocationToAccountId, RuntimeOrigin>,
	// The relay chain as `Relay` (`OriginKind::Native`).
	RelayChainAsNative<RelayChainOrigin, RuntimeOrigin>,
	// A sibling as `SiblingPara` (`OriginKind::Native`).
	SiblingParachainAsNative<cumulus_pallet_xcm::Origin, RuntimeOrigin>,
	// A local 32-byte account as itself (`OriginKind::Native`).
	SignedAccountId32AsNative<RelayNetwork, RuntimeOrigin>,
	// Anything as a pallet-xcm origin (`OriginKind::Xcm`).
	XcmPassthrough<RuntimeOrigin>,
);

parameter_types! {
	/// One XCM instruction weighs a millisecond and 64 KiB of proof: conservative until XCM
	/// benchmarks are wired.
	pub UnitWeightCost: Weight = Weight::from_parts(1_000_000_000, 64 * 1024);
	pub const MaxInstructions: u32 = 100;
	pub const MaxAssetsIntoHolding: u32 = 64;
}

/// The relay chain and its executive body: the only origins executed without paying.
pub struct ParentOrParentsExecutivePlurality;
impl Contains<Location> for ParentOrParentsExecutivePlurality {
	fn contains(location: &Location) -> bool {
		matches!(location.unpack(), (1, []) | (1, [Plurality { id: BodyId::Executive, .. }]))
	}
}

/// The relay chain and sibling shards: may subscribe to XCM version changes.
pub struct ParentOrSiblings;
impl Contains<Location> for ParentOrSiblings {
	fn contains(location: &Location) -> bool {
		matches!(location.unpack(), (1, []) | (1, [Parachain(_)]))
	}
}

/// Which messages execute at all: paid ones from anyone, unpaid ones from the relay chain,
/// responses to our queries, version subscriptions from the relay chain and siblings.
pub type Barrier = TrailingSetTopicAsId<
	DenyThenTry<
		DenyRecursively<DenyReserveTransferToRelayChain>,
		(
			TakeWeightCredit,
			WithComputedOrigin<
				(
					AllowTopLevelPaidExecutionFrom<Everything>,
					AllowExplicitUnpaidExecutionFrom<ParentOrParentsExecutivePlurality>,
					AllowKnownQueryResponses<PolkadotXcm>,
					AllowSubscriptionsFrom<ParentOrSiblings>,
				),
				UniversalLocation,
				ConstU32<8>,
			>,
		),
	>,
>;

/// The XCM executor's configuration.
pub struct XcmConfig;
impl xcm_executor::Config for XcmConfig {
	type RuntimeCall = RuntimeCall;
	type XcmSender = XcmRouter;
	type XcmEventEmitter = PolkadotXcm;
	type AssetTransactor = LocalAssetTransactor;
	type OriginConverter = XcmOriginToTransactDispatchOrigin;
	// No reserve transfers, no teleports.
	type IsReserve = ();
	type IsTeleporter = ();
	type UniversalLocation = UniversalLocation;
	type Barrier = Barrier;
	type Weigher = FixedWeightBounds<UnitWeightCost, RuntimeCall, MaxInstructions>;
	// Execution costs what a transaction of the same weight does, and the fee feeds Chalice.
	type Trader =
		UsingComponents<IdentityFee<Balance>, HereLocation, AccountId, Balances, crate::Chalice>;
	type ResponseHandler = PolkadotXcm;
	type AssetTrap = PolkadotXcm;
	type SubscriptionService = PolkadotXcm;
	type PalletInstancesInfo = AllPalletsWithSystem;
	type MaxAssetsIntoHolding = MaxAssetsIntoHolding;
	type AssetLocker = ();
	type AssetExchanger = ();
	type FeeManager = ();
	type MessageExporter = ();
	type UniversalAliases = Nothing;
	type CallDispatcher = RuntimeCall;
	type SafeCallFilter = Everything;
	type Aliasers = Nothing;
	type TransactionalProcessor = FrameTransactionalProcessor;
	type HrmpNewChannelOpenRequestHandler = ();
	type HrmpChannelAcceptedHandler = ();
	type HrmpChannelClosingHandler = ();
	type XcmRecorder = PolkadotXcm;
}

/// A signed local origin as an XCM location: `AccountId32 { network: None, id }`.
pub type LocalOriginToLocation = SignedToAccountId32<RuntimeOrigin, AccountId, RelayNetwork>;

/// Where outgoing messages go: to the relay chain over UMP, to sibling shards over XCMP.
pub type XcmRouter =
	WithUniqueTopic<(cumulus_primitives_utility::ParentAsUmp<ParachainSystem, (), ()>, XcmpQueue)>;

impl pallet_xcm::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type SendXcmOrigin = EnsureXcmOrigin<RuntimeOrigin, LocalOriginToLocation>;
	type XcmRouter = XcmRouter;
	type ExecuteXcmOrigin = EnsureXcmOrigin<RuntimeOrigin, LocalOriginToLocation>;
	// Local `execute` is off: messages are for other shards.
	type XcmExecuteFilter = Nothing;
	type XcmExecutor = XcmExecutor<XcmConfig>;
	type XcmTeleportFilter = Nothing;
	type XcmReserveTransferFilter = Nothing;
	type Weigher = FixedWeightBounds<UnitWeightCost, RuntimeCall, MaxInstructions>;
	type UniversalLocation = UniversalLocation;
	type RuntimeOrigin = RuntimeOrigin;
	type RuntimeCall = RuntimeCall;
	const VERSION_DISCOVERY_QUEUE_SIZE: u32 = 100;
	type AdvertisedXcmVersion = pallet_xcm::CurrentXcmVersion;
	type Currency = Balances;
	type CurrencyMatcher = ();
	type TrustedLockers = ();
	type SovereignAccountOf = LocationToAccountId;
	type MaxLockers = ConstU32<8>;
	type WeightInfo = pallet_xcm::TestWeightInfo;
	type AdminOrigin = EnsureRoot<AccountId>;
	type MaxRemoteLockConsumers = ConstU32<0>;
	type RemoteLockConsumerIdentifier = ();
	// Aliasing is off (`Aliasers = Nothing`).
	type AuthorizedAliasConsideration = Disabled;
}

impl cumulus_pallet_xcm::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type XcmExecutor = XcmExecutor<XcmConfig>;
}
