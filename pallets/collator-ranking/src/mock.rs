//! A test runtime with `frame_system`, `pallet_balances`, the real `pallet-poc` (whose lottery
//! weights rank the candidates) and this pallet; session keys are a set the tests edit.

use crate::{self as pallet_collator_ranking, *};
use aether_primitives::poc::Randomness;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU128, ConstU32, ConstU64, ValidatorRegistration},
};
use polkadot_sdk::{
	pallet_balances,
	sp_io::TestExternalities,
	sp_runtime::{BuildStorage, Perbill},
};

/// The block type of the test runtime.
pub type Block = frame_system::mocking::MockBlock<Test>;
/// The extrinsic type of the test runtime.
pub type Extrinsic = frame_system::mocking::MockUncheckedExtrinsic<Test>;
/// Accounts are plain numbers.
pub type AccountId = u64;
/// Balances are `u128`, as in the runtime.
pub type Balance = u128;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Poc: pallet_poc,
		CollatorRanking: pallet_collator_ranking,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type AccountStore = System;
	type ExistentialDeposit = ConstU128<1>;
	type RuntimeHoldReason = RuntimeHoldReason;
}

/// Points per authored block.
pub const BLOCK_POINTS: Contribution = 100;
/// The candidacy bond.
pub const BOND: Balance = 500;
/// Balance of every funded test account.
pub const FUNDS: Balance = 10_000;
/// Largest candidate list of the test runtime.
pub const MAX_CANDIDATES: u32 = 8;
/// Largest collator set of the test runtime.
pub const MAX_COLLATORS: u32 = 6;

parameter_types! {
	pub const MinDifficulty: Perbill = Perbill::from_percent(1);
	pub const MaxDifficulty: Perbill = Perbill::from_percent(50);
	pub const EquivocationPenalty: Perbill = Perbill::from_percent(50);
	pub const NoEntropy: Option<Randomness> = None;
	/// Accounts with session keys; tests add and remove them.
	pub storage Registered: Vec<AccountId> = Vec::new();
}

impl pallet_poc::Config for Test {
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<100>;
	type SlotDuration = ConstU64<1000>;
	type TargetBlockTime = ConstU64<6000>;
	type RetargetWindow = ConstU32<201>;
	type MaxRetargetStep = ConstU32<4>;
	type MinDifficulty = MinDifficulty;
	type MaxDifficulty = MaxDifficulty;
	type FallbackAfterSlots = ConstU64<9>;
	type EpochLength = ConstU64<10>;
	// Long enough that scores do not decay within a test.
	type HalfLife = ConstU64<1_000_000>;
	type BlockAuthorshipPoints = ConstU128<BLOCK_POINTS>;
	type EquivocationPenalty = EquivocationPenalty;
	type EpochEntropy = NoEntropy;
	type OnContribution = ();
}

impl<C> frame_system::offchain::CreateTransactionBase<C> for Test
where
	RuntimeCall: From<C>,
{
	type RuntimeCall = RuntimeCall;
	type Extrinsic = Extrinsic;
}

impl<C> frame_system::offchain::CreateBare<C> for Test
where
	RuntimeCall: From<C>,
{
	fn create_bare(call: Self::RuntimeCall) -> Self::Extrinsic {
		Extrinsic::new_bare(call)
	}
}

/// Session-key registration as the tests set it in [`Registered`].
pub struct Keys;
impl ValidatorRegistration<AccountId> for Keys {
	fn is_registered(who: &AccountId) -> bool {
		Registered::get().contains(who)
	}
}

/// Give `who` session keys.
pub fn register_keys(who: AccountId) {
	let mut all = Registered::get();
	if !all.contains(&who) {
		all.push(who);
	}
	Registered::set(&all);
}

/// Remove `who`'s session keys.
pub fn purge_keys(who: AccountId) {
	let mut all = Registered::get();
	all.retain(|a| *a != who);
	Registered::set(&all);
}

impl Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type UpdateOrigin = frame_system::EnsureRoot<AccountId>;
	type ValidatorRegistration = Keys;
	type Contribution = Poc;
	type BlockAuthorshipPoints = ConstU128<BLOCK_POINTS>;
	type CandidacyBond = ConstU128<BOND>;
	type MaxCandidates = ConstU32<MAX_CANDIDATES>;
	type MaxInvulnerables = ConstU32<4>;
	type MaxCollators = ConstU32<MAX_COLLATORS>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = Keys;
}

#[cfg(feature = "runtime-benchmarks")]
impl BenchmarkHelper<AccountId> for Keys {
	fn register_keys(who: &AccountId) {
		register_keys(*who);
	}
}

/// Genesis: accounts 1..=20 funded, invulnerables 1 and 2 with keys, four desired collators.
pub fn new_test_ext() -> TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=20).map(|who| (who, FUNDS)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_collator_ranking::GenesisConfig::<Test> {
		invulnerables: vec![1, 2],
		desired_collators: 4,
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		register_keys(1);
		register_keys(2);
	});
	ext
}

/// Run `test` in [`new_test_ext`] and check the pallet's invariants afterwards.
pub fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		CollatorRanking::do_try_state().expect("invariants hold after the test");
	});
}

/// Register `who` as a candidate, with keys.
pub fn candidate(who: AccountId) {
	register_keys(who);
	frame_support::assert_ok!(CollatorRanking::register_as_candidate(RuntimeOrigin::signed(who)));
}

/// The events of this pallet so far.
pub fn ranking_events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::CollatorRanking(event) => Some(event),
			_ => None,
		})
		.collect()
}
