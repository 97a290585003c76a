//! A test runtime with `frame_system`, `pallet_balances` and the commands pallet, a verifier whose
//! "proofs" are a hash of the public inputs (so the pallet's binding of inputs can be tested
//! without a prover), and helpers to build modules and run blocks.

use crate::{self as pallet_commands, *};
use core::cell::RefCell;
use frame_support::{
	derive_impl, parameter_types,
	traits::{tokens::imbalance::ResolveTo, ConstU128, ConstU32, ConstU64, Hooks},
};
use polkadot_sdk::{
	pallet_balances,
	sp_io::TestExternalities,
	sp_runtime::{BuildStorage, DispatchError, Weight},
};
use std::collections::BTreeMap;

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
		Commands: pallet_commands,
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

/// Where fees and slashes go.
pub const POT: AccountId = 999;
/// The submitter in most tests.
pub const ALICE: AccountId = 1;
/// A second submitter.
pub const BOB: AccountId = 2;
/// Executors are 10, 11, 12, ...
pub const EXECUTOR: AccountId = 10;
/// An account with almost nothing.
pub const POOR: AccountId = 50;
/// Balance of every funded test account.
pub const FUNDS: Balance = 1_000_000;
/// The bond of an executor.
pub const BOND: Balance = 1_000;
/// Blocks from submission to deadline.
pub const TIMEOUT: u64 = 5;
/// The verifying key id the mock verifier knows for commands (four inputs).
pub const VK: VkId = 7;
/// A verifying key the mock knows with two inputs.
pub const VK_TWO_INPUTS: VkId = 8;

parameter_types! {
	pub const Pot: AccountId = POT;
	pub storage Seed: [u8; 32] = [7u8; 32];
}

thread_local! {
	/// References to each mock key.
	pub static PINS: RefCell<BTreeMap<VkId, u32>> = RefCell::new(BTreeMap::new());
	/// Contribution credited: (who, amount).
	pub static CREDITED: RefCell<Vec<(AccountId, u128)>> = RefCell::new(Vec::new());
}

/// The mock proof for `inputs`: their blake2 hash.
pub fn mock_proof(inputs: &[[u8; 32]]) -> Vec<u8> {
	polkadot_sdk::sp_io::hashing::blake2_256(&inputs.concat()).to_vec()
}

/// A verifier whose proof of `inputs` is `blake2(inputs)`.
pub struct MockVerifier;
impl VerifyProof for MockVerifier {
	fn verify(vk: VkId, proof: &[u8], inputs: &[[u8; 32]]) -> Result<(), VerifyError> {
		let count = Self::input_count(vk).ok_or(VerifyError::UnknownKey)?;
		if proof.len() != 32 {
			return Err(VerifyError::MalformedProof);
		}
		if inputs.len() as u32 != count {
			return Err(VerifyError::WrongInputCount);
		}
		if proof == mock_proof(inputs).as_slice() {
			Ok(())
		} else {
			Err(VerifyError::InvalidProof)
		}
	}
	fn input_count(vk: VkId) -> Option<u32> {
		match vk {
			VK => Some(4),
			VK_TWO_INPUTS => Some(2),
			_ => None,
		}
	}
	fn verify_weight(_: u32) -> Weight {
		Weight::from_parts(1_000, 0)
	}
	fn pin(vk: VkId, pinned: bool) -> Result<(), DispatchError> {
		Self::input_count(vk).ok_or(DispatchError::Other("unknown key"))?;
		PINS.with(|p| {
			let mut p = p.borrow_mut();
			let n = p.entry(vk).or_default();
			*n = if pinned { *n + 1 } else { n.saturating_sub(1) };
		});
		Ok(())
	}
}

/// Records credited contribution.
pub struct MockContribution;
impl ContributionSink<AccountId> for MockContribution {
	fn note_contribution(who: &AccountId, _: ContributionKind, amount: u128) {
		CREDITED.with(|c| c.borrow_mut().push((*who, amount)));
	}
}

/// Randomness from a seed tests can change.
pub struct MockRandomness;
impl Randomness<polkadot_sdk::sp_core::H256, u64> for MockRandomness {
	fn random(subject: &[u8]) -> (polkadot_sdk::sp_core::H256, u64) {
		let mut bytes = Seed::get().to_vec();
		bytes.extend_from_slice(subject);
		(polkadot_sdk::sp_io::hashing::blake2_256(&bytes).into(), System::block_number())
	}
}

impl Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type FeeDestination = ResolveTo<Pot, Balances>;
	type Verifier = MockVerifier;
	type Contribution = MockContribution;
	type Randomness = MockRandomness;
	type OnSettled = ();
	type WeightInfo = ();
	type MaxProgramSize = ConstU32<65_536>;
	type MaxMemoryPages = ConstU32<32>;
	type MaxIoLen = ConstU32<1024>;
	type MaxSealedLen = ConstU32<{ 1024 + SEAL_OVERHEAD }>;
	type MaxProofLen = ConstU32<256>;
	type MaxRedundancy = ConstU32<5>;
	type MaxExecutors = ConstU32<8>;
	type MaxDeadlinesPerBlock = ConstU32<4>;
	type MaxFuel = ConstU64<1_000_000_000>;
	type CommandTimeout = ConstU64<TIMEOUT>;
	type ProgramDeposit = ConstU128<100>;
	type ProgramByteDeposit = ConstU128<1>;
	type ExecutorBond = ConstU128<BOND>;
	type SlashFraction = SlashFraction;
}

parameter_types! {
	/// A tenth of the bond per fault.
	pub const SlashFraction: Perbill = Perbill::from_percent(10);
}

/// A test externality with funded accounts (not `POOR`) and the pot.
pub fn new_test_ext() -> TestExternalities {
	let mut balances = vec![(ALICE, FUNDS), (BOB, FUNDS), (POT, 1), (POOR, 10)];
	for i in 0..8 {
		balances.push((EXECUTOR + i, FUNDS));
	}
	let storage = RuntimeGenesisConfig {
		balances: pallet_balances::GenesisConfig { balances, ..Default::default() },
		..Default::default()
	}
	.build_storage()
	.expect("the mock genesis builds");
	let mut ext = TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		PINS.with(|p| p.borrow_mut().clear());
		CREDITED.with(|c| c.borrow_mut().clear());
	});
	ext
}

/// Runs the next block's `on_initialize`, checking the invariants after it.
pub fn next_block() {
	let n = System::block_number() + 1;
	System::set_block_number(n);
	Commands::on_initialize(n);
	Commands::do_try_state().expect("invariants hold");
}

/// Well-formed sealing keys (not a real key; the chain checks only the shape).
pub fn seal_key(fill: u8) -> SealKey {
	let mut bytes = vec![fill; SEAL_KEY_LEN as usize];
	bytes[SEAL_KEY_LEN as usize - 33] = 0x02;
	SealKey::truncate_from(bytes)
}

/// A well-formed envelope of `len` bytes in all.
pub fn envelope(len: usize) -> BoundedVec<u8, <Test as Config>::MaxSealedLen> {
	let mut bytes = vec![0xab; len];
	bytes[0] = SEAL_VERSION;
	BoundedVec::truncate_from(bytes)
}

/// Registers executors `EXECUTOR .. EXECUTOR + n`.
pub fn register_executors(n: u64) {
	for i in 0..n {
		frame_support::assert_ok!(Commands::register_executor(
			RuntimeOrigin::signed(EXECUTOR + i),
			seal_key(i as u8)
		));
	}
}

/// A module from WebAssembly text.
pub fn wasm(text: &str) -> CodeOf<Test> {
	CodeOf::<Test>::truncate_from(wat::parse_str(text).expect("test modules parse"))
}

/// A valid program: echoes its input.
pub const ECHO: &str = r#"(module
  (import "aether" "input_len" (func $len (result i32)))
  (import "aether" "input_read" (func $read (param i32 i32 i32) (result i32)))
  (import "aether" "output_write" (func $write (param i32 i32)))
  (memory (export "memory") 1)
  (func (export "run")
    (drop (call $read (i32.const 0) (i32.const 0) (call $len)))
    (call $write (i32.const 0) (call $len))))"#;

/// Plain input for tests.
pub fn plain(bytes: &[u8]) -> CommandInput<IoOf<Test>> {
	CommandInput::Plain(IoOf::<Test>::truncate_from(bytes.to_vec()))
}

/// Plain output for tests.
pub fn out(bytes: &[u8]) -> ReportedOutput<IoOf<Test>, SealedOf<Test>> {
	ReportedOutput::Plain(IoOf::<Test>::truncate_from(bytes.to_vec()))
}

/// Events of the commands pallet so far.
pub fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Commands(e) => Some(e),
			_ => None,
		})
		.collect()
}
