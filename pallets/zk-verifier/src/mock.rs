//! A test runtime with `frame_system`, `pallet_balances` and the verifier pallet.

use crate::{self as pallet_zk_verifier, *};
use frame_support::{derive_impl, traits::ConstU32};
use polkadot_sdk::{pallet_balances, sp_io::TestExternalities};
use sp_runtime::BuildStorage;

/// The block type of the test runtime.
pub type Block = frame_system::mocking::MockBlock<Test>;
/// Accounts are plain numbers.
pub type AccountId = u64;
/// Balances are `u128`, as in the runtime.
pub type Balance = u128;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		ZkVerifier: pallet_zk_verifier,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

/// The existential deposit of the test runtime.
pub const ED: Balance = 5;

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type AccountStore = System;
	type ExistentialDeposit = frame_support::traits::ConstU128<ED>;
	type RuntimeHoldReason = RuntimeHoldReason;
}

/// The fixed part of a key deposit.
pub const KEY_DEPOSIT: Balance = 100;
/// The deposit per stored byte.
pub const BYTE_DEPOSIT: Balance = 2;
/// Public inputs a key may take.
pub const MAX_INPUTS: u32 = 16;
/// Bytes of a compressed key: more than a key with `MAX_INPUTS` inputs needs, so that both
/// `KeyTooLong` and `TooManyInputs` can be reached.
pub const MAX_KEY_LEN: u32 = 1024;
/// Balance of every funded test account.
pub const FUNDS: Balance = 1_000_000;
/// An account with too little to hold a key deposit.
pub const POOR: AccountId = 10;

impl Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type KeyDeposit = frame_support::traits::ConstU128<KEY_DEPOSIT>;
	type ByteDeposit = frame_support::traits::ConstU128<BYTE_DEPOSIT>;
	type MaxKeyLen = ConstU32<MAX_KEY_LEN>;
	type MaxPublicInputs = ConstU32<MAX_INPUTS>;
	type WeightInfo = ();
}

/// Externalities with accounts 1..=9 funded and [`POOR`] nearly empty, at block 1 (so events are
/// recorded).
pub fn new_test_ext() -> TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=9).map(|who| (who, FUNDS)).chain([(POOR, 200)]).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Run a test in fresh externalities and check the invariants at the end.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		ZkVerifier::do_try_state().expect("invariants hold at genesis");
		test();
		ZkVerifier::do_try_state().expect("invariants hold after the test");
	});
}

/// The events of this pallet so far.
pub fn verifier_events() -> alloc::vec::Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::ZkVerifier(event) => Some(event),
			_ => None,
		})
		.collect()
}
