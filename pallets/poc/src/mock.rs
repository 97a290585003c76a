//! A test runtime with `frame_system` and the PoC pallet, sr25519 authorities from fixed seeds and
//! helpers that produce blocks carrying real PoC pre-digests.

use crate::{self as pallet_poc, *};
use aether_primitives::poc::{
	digests::CompatibleDigestItem, verification::vrf_sign_data, AuthoritySignature, ClaimKind,
};
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64, OnFinalize, OnInitialize},
};
use polkadot_sdk::{
	sp_core::{
		crypto::{Pair as _, VrfSecret},
		sr25519, H256,
	},
	sp_io::TestExternalities,
	sp_keystore::{testing::MemoryKeystore, KeystoreExt},
};
use sp_runtime::{traits::Header as _, BuildStorage, Digest, DigestItem};

/// The block type of the test runtime.
pub type Block = frame_system::mocking::MockBlock<Test>;
/// The header type of the test runtime.
pub type Header = HeaderFor<Test>;
/// The extrinsic type of the test runtime.
pub type Extrinsic = frame_system::mocking::MockUncheckedExtrinsic<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Poc: pallet_poc,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

/// Target gap in slots: `TargetBlockTime / SlotDuration`.
pub const TARGET_GAP: u64 = 6;
/// Epoch length of the test runtime, in blocks.
pub const EPOCH_LENGTH: u64 = 10;
/// Half-life of the test runtime, in blocks.
pub const HALF_LIFE: u64 = 100;
/// Points per authored block.
pub const BLOCK_POINTS: Contribution = 100;

parameter_types! {
	pub const MinDifficulty: Perbill = Perbill::from_percent(1);
	pub const MaxDifficulty: Perbill = Perbill::from_percent(50);
	pub const BlockAuthorshipPoints: Contribution = BLOCK_POINTS;
	pub const EquivocationPenalty: Perbill = Perbill::from_percent(50);
	/// The outside entropy tests set to check that it reaches the epoch randomness.
	pub storage EpochEntropy: Option<Randomness> = None;
}

impl Config for Test {
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<100>;
	type SlotDuration = ConstU64<1000>;
	type TargetBlockTime = ConstU64<6000>;
	type RetargetWindow = ConstU32<201>;
	type MaxRetargetStep = ConstU32<4>;
	type MinDifficulty = MinDifficulty;
	type MaxDifficulty = MaxDifficulty;
	type FallbackAfterSlots = ConstU64<9>;
	type EpochLength = ConstU64<EPOCH_LENGTH>;
	type HalfLife = ConstU64<HALF_LIFE>;
	type BlockAuthorshipPoints = BlockAuthorshipPoints;
	type EquivocationPenalty = EquivocationPenalty;
	type EpochEntropy = EpochEntropy;
	type OnContribution = Forwarded;
}

std::thread_local! {
	/// What the pallet passed on to [`Config::OnContribution`], in order.
	pub static FORWARDED: core::cell::RefCell<Vec<(u64, ContributionKind, Contribution)>> =
		const { core::cell::RefCell::new(Vec::new()) };
}

/// Records what reaches [`Config::OnContribution`] in [`FORWARDED`].
pub struct Forwarded;
impl ContributionSink<u64> for Forwarded {
	fn note_contribution(who: &u64, kind: ContributionKind, amount: Contribution) {
		FORWARDED.with(|f| f.borrow_mut().push((*who, kind, amount)));
	}
}

/// Takes what reached [`Config::OnContribution`] since the last call.
pub fn take_forwarded() -> Vec<(u64, ContributionKind, Contribution)> {
	FORWARDED.with(|f| core::mem::take(&mut *f.borrow_mut()))
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

/// The key pair of authority `i` (a fixed seed).
pub fn authority_pair(i: u32) -> sr25519::Pair {
	sr25519::Pair::from_seed(&sp_io::hashing::blake2_256(&(b"poc-test-authority", i).encode()))
}

/// The PoC key of authority `i`.
pub fn authority_id(i: u32) -> AuthorityId {
	AuthorityId::from(authority_pair(i).public())
}

/// The account of authority `i`.
pub fn account(i: u32) -> u64 {
	100 + u64::from(i)
}

/// The genesis difficulty of the tests: one block per target gap.
pub fn genesis_difficulty() -> Perbill {
	Perbill::from_rational(1u32, TARGET_GAP as u32)
}

/// Builds test externalities.
pub struct ExtBuilder {
	authorities: u32,
	genesis: pallet_poc::GenesisConfig<Test>,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		Self {
			authorities: 4,
			genesis: pallet_poc::GenesisConfig {
				difficulty: genesis_difficulty(),
				weight_floor: 10,
				weight_cap: Perbill::from_percent(40),
				randomness: [7u8; 32],
				_config: Default::default(),
			},
		}
	}
}

impl ExtBuilder {
	/// Use `n` authorities (keys from [`authority_pair`], accounts from [`account`]).
	pub fn authorities(mut self, n: u32) -> Self {
		self.authorities = n;
		self
	}

	/// Genesis weight floor and cap.
	pub fn weight_bounds(mut self, floor: Contribution, cap: Perbill) -> Self {
		self.genesis.weight_floor = floor;
		self.genesis.weight_cap = cap;
		self
	}

	/// Genesis randomness.
	pub fn randomness(mut self, randomness: Randomness) -> Self {
		self.genesis.randomness = randomness;
		self
	}

	/// The externalities: genesis storage, a memory keystore, and the authorities registered
	/// through the session handler.
	pub fn build(self) -> TestExternalities {
		let mut storage = frame_system::GenesisConfig::<Test>::default()
			.build_storage()
			.expect("frame_system genesis builds");
		self.genesis.assimilate_storage(&mut storage).expect("PoC genesis builds");
		let mut ext = TestExternalities::new(storage);
		ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
		let n = self.authorities;
		ext.execute_with(|| {
			let accounts: Vec<u64> = (0..n).map(account).collect();
			<Poc as OneSessionHandler<u64>>::on_genesis_session(
				accounts.iter().zip((0..n).map(authority_id)),
			);
		});
		ext
	}

	/// Run `test` in the externalities, then check the pallet's invariants.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			take_forwarded();
			test();
			Poc::do_try_state().expect("PoC invariants hold after the test");
		});
	}
}

/// Default externalities (4 authorities), used by the benchmark test suite.
pub fn new_test_ext() -> TestExternalities {
	ExtBuilder::default().build()
}

/// A PoC pre-digest for `slot` claimed by `authority_index`, with a real VRF signature by `pair`
/// over `randomness`.
pub fn pre_digest(
	pair: &sr25519::Pair,
	authority_index: u32,
	slot: u64,
	randomness: &Randomness,
) -> PreDigest {
	let slot = Slot::from(slot);
	PreDigest {
		authority_index,
		slot,
		kind: ClaimKind::Primary,
		vrf_signature: pair.vrf_sign(&vrf_sign_data(randomness, slot)),
	}
}

/// Finalize the current block (if any), initialize the next one with `digest`, and check the
/// pallet's invariants.
pub fn initialize_next_block(digest: Digest) {
	let now = System::block_number();
	if now > 0 {
		<AllPalletsWithSystem as OnFinalize<u64>>::on_finalize(now);
	}
	let next = now + 1;
	System::reset_events();
	System::initialize(&next, &H256::from_low_u64_be(now), &digest);
	<AllPalletsWithSystem as OnInitialize<u64>>::on_initialize(next);
	Poc::do_try_state().expect("PoC invariants hold after every block");
}

/// Produce the next block in `slot`, claimed by `authority_index` with the VRF of `pair` over the
/// randomness [`Pallet::lottery`] gives for it. Returns the pre-digest.
pub fn produce_block_by(slot: u64, authority_index: u32, pair: &sr25519::Pair) -> PreDigest {
	let randomness = Poc::lottery().randomness;
	let pre = pre_digest(pair, authority_index, slot, &randomness);
	initialize_next_block(Digest { logs: vec![DigestItem::poc_pre_digest(&pre)] });
	pre
}

/// Produce the next block in `slot`, claimed by authority `authority_index` with its own key.
pub fn produce_block(slot: u64, authority_index: u32) -> PreDigest {
	produce_block_by(slot, authority_index, &authority_pair(authority_index))
}

/// Produce blocks until block `n`: the first new block in slot `slot`, each later one
/// [`TARGET_GAP`] slots after the previous, all claimed by `authority_index`.
pub fn run_to_block_with_slot(n: u64, slot: u64, authority_index: u32) {
	let mut slot = slot;
	while System::block_number() < n {
		produce_block(slot, authority_index);
		slot += TARGET_GAP;
	}
}

/// Produce `count` blocks, each `gap` slots after the previous block (the first `gap` slots after
/// [`LastSlot`]), claimed by `authority_index`.
pub fn produce_blocks_with_gap(count: u32, gap: u64, authority_index: u32) {
	for _ in 0..count {
		let slot = *LastSlot::<Test>::get() + gap;
		produce_block(slot, authority_index);
	}
}

/// A header of block `number` claimed for `slot` by `authority_index`, sealed by `pair`.
/// `salt` goes into the state root so that two calls can make different headers.
pub fn sealed_header(
	pair: &sr25519::Pair,
	authority_index: u32,
	slot: u64,
	number: u64,
	salt: u64,
) -> Header {
	let pre = pre_digest(pair, authority_index, slot, &[0u8; 32]);
	let mut header = Header::new(
		number,
		H256::zero(),
		H256::from_low_u64_be(salt),
		H256::from_low_u64_be(number.saturating_sub(1)),
		Digest { logs: vec![DigestItem::poc_pre_digest(&pre)] },
	);
	let signature = pair.sign(header.hash().as_ref());
	header.digest_mut().push(DigestItem::poc_seal(AuthoritySignature::from(signature)));
	header
}

/// A valid equivocation proof: authority `i` sealed two different headers for `slot`.
pub fn equivocation_proof(i: u32, slot: u64) -> EquivocationProof<Header> {
	let pair = authority_pair(i);
	EquivocationProof {
		offender: authority_id(i),
		slot: Slot::from(slot),
		first_header: sealed_header(&pair, i, slot, 1, 1),
		second_header: sealed_header(&pair, i, slot, 1, 2),
	}
}

/// Set `who`'s score to `score` as of the current block.
pub fn set_score(who: u64, score: Contribution) {
	Contributions::<Test>::insert(
		who,
		ContributionRecord { score, updated_at: System::block_number() },
	);
}
