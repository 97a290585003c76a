//! A test runtime with `frame_system` and the entropy pallet, sr25519 authorities from fixed seeds,
//! a contribution ledger that records what the pallet does to it, and a scripted TSU.

use crate::{self as pallet_entropy, *};
use aether_primitives::{
	entropy::{EntropyAuthorityPair, TsuExt, TsuProvider, ENTROPY_KEY_TYPE},
	poc::Contribution,
};
use core::cell::RefCell;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64},
};
use polkadot_sdk::{
	sp_core::{
		offchain::{
			testing::{PoolState, TestOffchainExt, TestTransactionPoolExt},
			OffchainDbExt, OffchainWorkerExt, TransactionPoolExt,
		},
		Pair as _,
	},
	sp_io::TestExternalities,
	sp_keystore::{testing::MemoryKeystore, Keystore, KeystoreExt},
};
use sp_runtime::BuildStorage;
use std::{
	collections::{BTreeSet, VecDeque},
	sync::{Arc, Mutex},
};

/// The block type of the test runtime.
pub type Block = frame_system::mocking::MockBlock<Test>;
/// The extrinsic type of the test runtime.
pub type Extrinsic = frame_system::mocking::MockUncheckedExtrinsic<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Entropy: pallet_entropy,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

/// Round length of the test runtime: blocks `[10r, 10r + 5)` commit, `[10r + 5, 10r + 10)` reveal.
pub const ROUND_LENGTH: u64 = 10;
/// Consecutive bad rounds that isolate an authority.
pub const MAX_STRIKES: u32 = 3;
/// Consecutive clean rounds that restore an isolated authority.
pub const RECOVERY_ROUNDS: u32 = 2;
/// Outputs kept.
pub const HISTORY_DEPTH: u32 = 4;
/// Points per accepted reveal.
pub const REVEAL_POINTS: Contribution = 7;
/// Priority of the unsigned transactions.
pub const PRIORITY: TransactionPriority = 1 << 20;

parameter_types! {
	/// The block randomness tests change to check that it reaches the output.
	pub storage BlockRandomness: [u8; 32] = [9u8; 32];
	pub const RevealContribution: Contribution = REVEAL_POINTS;
	pub const UnsignedPriority: TransactionPriority = PRIORITY;
}

impl Config for Test {
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<8>;
	type RoundLength = ConstU64<ROUND_LENGTH>;
	type MaxStrikes = ConstU32<MAX_STRIKES>;
	type RecoveryRounds = ConstU32<RECOVERY_ROUNDS>;
	type HistoryDepth = ConstU32<HISTORY_DEPTH>;
	type UnsignedPriority = UnsignedPriority;
	type RevealContribution = RevealContribution;
	type BlockRandomness = BlockRandomness;
	type Contribution = Ledger;
	type Source = aether_primitives::entropy::TsuHostFunction;
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

/// What the pallet did to the contribution ledger.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LedgerCall {
	/// `note_contribution(who, kind, amount)`.
	Credited(u64, ContributionKind, Contribution),
	/// `suspend(who)`.
	Suspended(u64),
	/// `resume(who)`.
	Resumed(u64),
}

thread_local! {
	static LEDGER_CALLS: RefCell<Vec<LedgerCall>> = const { RefCell::new(Vec::new()) };
	static SUSPENDED: RefCell<BTreeSet<u64>> = const { RefCell::new(BTreeSet::new()) };
}

/// A contribution sink and suspension that records every call (in this test's thread).
pub struct Ledger;

impl Ledger {
	/// Every call so far.
	pub fn calls() -> Vec<LedgerCall> {
		LEDGER_CALLS.with(|calls| calls.borrow().clone())
	}

	/// Forget every call and suspension.
	pub fn reset() {
		LEDGER_CALLS.with(|calls| calls.borrow_mut().clear());
		SUSPENDED.with(|suspended| suspended.borrow_mut().clear());
	}

	/// Points credited to `who`.
	pub fn credited(who: u64) -> Contribution {
		Self::calls()
			.iter()
			.filter_map(|call| match call {
				LedgerCall::Credited(account, _, amount) if *account == who => Some(*amount),
				_ => None,
			})
			.sum()
	}
}

impl ContributionSink<u64> for Ledger {
	fn note_contribution(who: &u64, kind: ContributionKind, amount: Contribution) {
		LEDGER_CALLS
			.with(|calls| calls.borrow_mut().push(LedgerCall::Credited(*who, kind, amount)));
	}
}

impl ContributionSuspension<u64> for Ledger {
	fn suspend(who: &u64) {
		SUSPENDED.with(|suspended| suspended.borrow_mut().insert(*who));
		LEDGER_CALLS.with(|calls| calls.borrow_mut().push(LedgerCall::Suspended(*who)));
	}

	fn resume(who: &u64) {
		SUSPENDED.with(|suspended| suspended.borrow_mut().remove(who));
		LEDGER_CALLS.with(|calls| calls.borrow_mut().push(LedgerCall::Resumed(*who)));
	}

	fn is_suspended(who: &u64) -> bool {
		SUSPENDED.with(|suspended| suspended.borrow().contains(who))
	}
}

/// One answer of the TSU.
pub type TsuAnswer = Result<Vec<u8>, TsuError>;

/// A TSU that serves a script of answers, then a deterministic byte stream.
#[derive(Clone, Default)]
pub struct ScriptedTsu {
	script: Arc<Mutex<VecDeque<TsuAnswer>>>,
	counter: Arc<Mutex<u64>>,
}

impl ScriptedTsu {
	/// Answer the next request with `answer` (before the deterministic stream).
	pub fn push(&self, answer: TsuAnswer) {
		self.script.lock().expect("not poisoned").push_back(answer);
	}

	/// Requests served so far from the deterministic stream.
	pub fn draws(&self) -> u64 {
		*self.counter.lock().expect("not poisoned")
	}
}

impl TsuProvider for ScriptedTsu {
	fn random_bytes(&self, len: u32) -> Result<Vec<u8>, TsuError> {
		if let Some(answer) = self.script.lock().expect("not poisoned").pop_front() {
			return answer;
		}
		let mut counter = self.counter.lock().expect("not poisoned");
		*counter += 1;
		let block = sp_io::hashing::blake2_256(&(b"test-tsu", *counter).encode());
		Ok(block.iter().copied().cycle().take(len as usize).collect())
	}
}

/// The seed of authority `i`'s entropy key.
pub fn authority_seed(i: u32) -> [u8; 32] {
	sp_io::hashing::blake2_256(&(b"entropy-test-authority", i).encode())
}

/// The key pair of authority `i`.
pub fn authority_pair(i: u32) -> EntropyAuthorityPair {
	EntropyAuthorityPair::from_seed(&authority_seed(i))
}

/// The entropy key of authority `i`.
pub fn authority_id(i: u32) -> EntropyAuthorityId {
	authority_pair(i).public()
}

/// The account of authority `i`.
pub fn account(i: u32) -> u64 {
	100 + u64::from(i)
}

/// The offchain parts of test externalities.
pub struct OffchainHandles {
	/// Transactions the worker submitted.
	pub pool: Arc<parking_lot::RwLock<PoolState>>,
	/// The keystore.
	pub keystore: Arc<MemoryKeystore>,
}

/// Builds test externalities.
pub struct ExtBuilder {
	authorities: u32,
	via_genesis: bool,
	local_keys: Vec<u32>,
	tsu: Option<ScriptedTsu>,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		Self { authorities: 3, via_genesis: false, local_keys: Vec::new(), tsu: None }
	}
}

impl ExtBuilder {
	/// Use `n` authorities (keys from [`authority_pair`], accounts from [`account`]).
	pub fn authorities(mut self, n: u32) -> Self {
		self.authorities = n;
		self
	}

	/// Register the authorities through the genesis config instead of the session handler.
	pub fn via_genesis(mut self) -> Self {
		self.via_genesis = true;
		self
	}

	/// Put the keys of authorities `keys` in the keystore (for the offchain worker).
	pub fn local_keys(mut self, keys: &[u32]) -> Self {
		self.local_keys = keys.to_vec();
		self
	}

	/// Give the offchain worker this TSU.
	pub fn tsu(mut self, tsu: ScriptedTsu) -> Self {
		self.tsu = Some(tsu);
		self
	}

	/// The externalities and their offchain parts: genesis storage, the authorities, a memory
	/// keystore, offchain storage and a transaction pool.
	pub fn build_with_offchain(self) -> (TestExternalities, OffchainHandles) {
		Ledger::reset();
		let n = self.authorities;
		let authorities: Vec<(u64, EntropyAuthorityId)> =
			(0..n).map(|i| (account(i), authority_id(i))).collect();
		let mut storage = frame_system::GenesisConfig::<Test>::default()
			.build_storage()
			.expect("frame_system genesis builds");
		pallet_entropy::GenesisConfig::<Test> {
			authorities: if self.via_genesis { authorities.clone() } else { Vec::new() },
		}
		.assimilate_storage(&mut storage)
		.expect("entropy genesis builds");
		let mut ext = TestExternalities::new(storage);

		let keystore = Arc::new(MemoryKeystore::new());
		for i in &self.local_keys {
			let suri = format!("0x{}", hex_string(&authority_seed(*i)));
			keystore
				.insert(ENTROPY_KEY_TYPE, &suri, authority_id(*i).as_ref())
				.expect("the memory keystore takes the key");
		}
		ext.register_extension(KeystoreExt::from(keystore.clone()));
		let (offchain, _state) = TestOffchainExt::new();
		ext.register_extension(OffchainDbExt::new(offchain.clone()));
		ext.register_extension(OffchainWorkerExt::new(offchain));
		let (pool, pool_state) = TestTransactionPoolExt::new();
		ext.register_extension(TransactionPoolExt::new(pool));
		if let Some(tsu) = self.tsu {
			ext.register_extension(TsuExt::new(Arc::new(tsu)));
		}

		if !self.via_genesis {
			ext.execute_with(|| {
				<Entropy as OneSessionHandler<u64>>::on_genesis_session(
					authorities.iter().map(|(who, key)| (who, key.clone())),
				);
			});
		}
		(ext, OffchainHandles { pool: pool_state, keystore })
	}

	/// The externalities.
	pub fn build(self) -> TestExternalities {
		self.build_with_offchain().0
	}

	/// Run `test` in the externalities, then check the pallet's invariants.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			Entropy::do_try_state().expect("entropy invariants hold after the test");
		});
	}
}

/// Lower-case hex of `bytes`.
fn hex_string(bytes: &[u8]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Default externalities (3 authorities), used by the benchmark test suite.
pub fn new_test_ext() -> TestExternalities {
	ExtBuilder::default().build()
}

/// Move to block `n`, running every hook on the way and checking the pallet's invariants after
/// every block.
pub fn run_to_block(n: u64) {
	while System::block_number() < n {
		System::run_to_block::<AllPalletsWithSystem>(System::block_number() + 1);
		Entropy::do_try_state().expect("entropy invariants hold after every block");
	}
}

/// The value authority `i` uses in `round` in the tests.
pub fn value_of(i: u32, round: Round) -> EntropyValue {
	sp_io::hashing::blake2_256(&(b"entropy-test-value", i, round).encode())
}

/// Authority `i`'s signed commit of [`value_of`] for `round`.
pub fn commit_call(i: u32, round: Round) -> Call<Test> {
	let payload = CommitPayload {
		round,
		authority_index: i,
		commitment: commitment_of(round, &authority_id(i), &value_of(i, round)),
	};
	Call::commit { signature: authority_pair(i).sign(&payload.encode()), payload }
}

/// Authority `i`'s signed reveal of `value` for `round`.
pub fn reveal_call_of(i: u32, round: Round, value: EntropyValue) -> Call<Test> {
	let payload = RevealPayload { round, authority_index: i, value };
	Call::reveal { signature: authority_pair(i).sign(&payload.encode()), payload }
}

/// Authority `i`'s signed reveal of [`value_of`] for `round`.
pub fn reveal_call(i: u32, round: Round) -> Call<Test> {
	reveal_call_of(i, round, value_of(i, round))
}

/// Authority `i`'s signed health report of `failure` in `round`.
pub fn report_call(i: u32, round: Round, failure: TsuError) -> Call<Test> {
	let payload = HealthPayload { round, authority_index: i, failure };
	Call::report_health_failure { signature: authority_pair(i).sign(&payload.encode()), payload }
}

/// Dispatch `call` as an unsigned extrinsic in a block: `pre_dispatch` (the signature and the
/// rules), then the call.
#[allow(deprecated)]
pub fn apply(call: Call<Test>) -> sp_runtime::DispatchResult {
	use frame_support::traits::UnfilteredDispatchable;
	use sp_runtime::traits::ValidateUnsigned;
	<Entropy as ValidateUnsigned>::pre_dispatch(&call)
		.map_err(|_| sp_runtime::DispatchError::Other("pre_dispatch refused the call"))?;
	call.dispatch_bypass_filter(RuntimeOrigin::none()).map(|_| ()).map_err(|e| e.error)
}

/// Play round `round` from its first block to the first block of the next round: authorities
/// `committers` commit in the commit phase, `revealers` reveal in the reveal phase. The round is
/// finalised when this returns.
pub fn play_round(round: Round, committers: &[u32], revealers: &[u32]) {
	let start = u64::from(round) * ROUND_LENGTH;
	run_to_block(start.max(1));
	for i in committers {
		apply(commit_call(*i, round)).expect("the commitment is accepted");
	}
	run_to_block(start + ROUND_LENGTH / 2);
	for i in revealers {
		apply(reveal_call(*i, round)).expect("the reveal is accepted");
	}
	run_to_block(start + ROUND_LENGTH);
}
