//! A test runtime with `frame_system`, `pallet_balances` and the Chalice pallet, and helpers to
//! run blocks, pay fees, cite data and credit contribution.

use crate::{self as pallet_chalice, *};
use frame_support::{
	assert_ok, derive_impl, parameter_types,
	traits::{ConstU32, Hooks},
};
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
		Chalice: pallet_chalice,
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

/// The network treasury of the test runtime.
pub const TREASURY: AccountId = 999;
/// Issuance per block by default.
pub const ISSUANCE: Balance = 1_000;
/// Period length by default, in blocks.
pub const PERIOD: u64 = 10;
/// Deposit of a commitment.
pub const DATA_DEPOSIT: Balance = 50;
/// Deposit of a key envelope.
pub const ENVELOPE_DEPOSIT: Balance = 20;
/// Key envelopes per commitment.
pub const MAX_ENVELOPES: u32 = 4;
/// Balance of every funded test account.
pub const FUNDS: Balance = 1_000_000;

parameter_types! {
	pub const ChalicePalletId: PalletId = PalletId(*b"aeth/chl");
	pub const Treasury: AccountId = TREASURY;
	/// The floor and cap tests change.
	pub storage Bounds: (Contribution, Perbill) = (10, Perbill::from_percent(40));
	pub const Defaults: ChaliceParameters<Balance, u64> = ChaliceParameters {
		split: Split::DEFAULT,
		issuance_per_block: ISSUANCE,
		period_length: PERIOD,
	};
}

impl Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type WeightInfo = ();
	type PalletId = ChalicePalletId;
	type TreasuryAccount = Treasury;
	type ValidatorBounds = Bounds;
	type DefaultParameters = Defaults;
	type DataDeposit = frame_support::traits::ConstU128<DATA_DEPOSIT>;
	type EnvelopeDeposit = frame_support::traits::ConstU128<ENVELOPE_DEPOSIT>;
	type MaxTermsPrograms = ConstU32<4>;
	type MaxEnvelopes = ConstU32<MAX_ENVELOPES>;
	type MaxCitations = ConstU32<4>;
}

/// Externalities with accounts 1..=9 funded, the pot and the treasury endowed, at block 0.
pub fn new_test_ext() -> TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=9).map(|who| (who, FUNDS)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_chalice::GenesisConfig::<Test>::default().assimilate_storage(&mut storage).unwrap();
	let mut ext = TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(0));
	ext
}

/// Run a test in fresh externalities and check the invariants at the end.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		Chalice::do_try_state().expect("invariants hold at genesis");
		test();
		Chalice::do_try_state().expect("invariants hold after the test");
	});
}

/// Start the next block: run `on_initialize` (period close and issuance), then check the
/// pallet's invariants.
pub fn next_block() {
	let n = System::block_number() + 1;
	System::set_block_number(n);
	Chalice::on_initialize(n);
	Chalice::do_try_state().expect("Chalice invariants hold after every block");
}

/// Run blocks until `n` has started.
pub fn run_to(n: u64) {
	while System::block_number() < n {
		next_block();
	}
}

/// `who` pays a fee of `amount` through the transaction-payment path.
pub fn pay_fee(who: AccountId, amount: Balance) {
	let credit = <Balances as fungible::Balanced<AccountId>>::withdraw(
		&who,
		amount,
		frame_support::traits::tokens::Precision::Exact,
		frame_support::traits::tokens::Preservation::Preserve,
		frame_support::traits::tokens::Fortitude::Polite,
	)
	.expect("the payer can afford the fee");
	<Chalice as OnUnbalanced<_>>::on_unbalanced(credit);
}

/// Commit data owned by `owner` at `price` usable by any program; returns its id.
pub fn commit(owner: AccountId, price: Balance) -> DataId {
	let id = NextDataId::<Test>::get();
	assert_ok!(Chalice::commit_data(
		RuntimeOrigin::signed(owner),
		[id as u8; 32],
		1024,
		price,
		UsageTerms::AnyProgram,
	));
	id
}

pub use crate::filled_envelope as envelope;

/// The free balance of `who`.
pub fn free(who: AccountId) -> Balance {
	Balances::free_balance(who)
}

/// The events of this pallet so far.
pub fn chalice_events() -> alloc::vec::Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Chalice(event) => Some(event),
			_ => None,
		})
		.collect()
}
