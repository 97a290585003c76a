//! # Chalice economy pallet
//!
//! The data economy of Aether Chain: a reward pot, its 70/20/10 split, data commitments with
//! consent terms, usage receipts and the right to be forgotten.
//!
//! ## Inflow and the split
//!
//! Everything that flows in is split as it arrives, with [`Split`] (`Perbill` shares, 70/20/10 by
//! default, changed by Root through [`Pallet::set_parameters`]):
//!
//! - per-block issuance, minted into the pot in `on_initialize` ([`Parameters`]);
//! - the fees and tips of every extrinsic: the pallet is the transaction-payment
//!   `OnUnbalanced` handler (`FungibleAdapter<Balances, Chalice>`), and any other pallet can route
//!   fees to it the same way;
//! - the prices commands pay for the data they use ([`DataUsage::record_usage`]).
//!
//! Of an amount `x`, the originators' pool gets `originators · x` and the validators' pool
//! `validators · x`, both rounded down; the treasury gets the rest, so rounding dust always goes to
//! the treasury and nothing is created or lost.
//!
//! ## Periods and points
//!
//! Time is cut into periods of `period_length` blocks ([`Current`]). During a period, accounts earn
//! points:
//!
//! - **originator points**: the price paid for each usage receipt of one of their commitments;
//! - **validator points**: every computational contribution pallet-poc credits (blocks authored,
//!   settled command fuel, entropy reveals), told through its `OnContribution` hook. Each
//!   account's points count at least the PoC weight **floor** (universal basic compute: a
//!   validator that did little still gets a floor share), and at most the PoC **cap** share of
//!   the period's total (anti-monopoly: what a dominant account earns above the cap goes to the
//!   treasury, not to it). Both come from pallet-poc's `WeightBounds`, so the lottery and the
//!   payouts follow the same rules.
//!
//! The first block of the next period closes the period in `on_initialize`: it pays the treasury
//! its share and records the pools and point totals in [`Closed`]. A pool whose side earned no
//! points at all (no receipts, or no validator work) rolls over into the next period.
//!
//! ## Payouts in O(1)
//!
//! Closing a period touches no account. Each account holds one [`Shares`] record, for the last
//! period it earned in. The record is **settled**, i.e. turned into a [`Claimable`] balance with
//! `pool · points / total`, the next time the account earns (in a later period) or claims. A
//! closed period remembers how many records are still unsettled and how much of its pools is
//! left; when its last record settles, the rounding dust goes to the treasury and the period is
//! removed. The cost of a block, of a receipt and of a claim is therefore the same for 1 or
//! 10,000 originators and validators.
//!
//! ## Data commitments
//!
//! An originator commits to data with [`Pallet::commit_data`] (SHA-256 hash, size, price per use,
//! consent [`UsageTerms`]) and a deposit. The data lives off chain, encrypted under a data key;
//! [`Pallet::grant_key`] stores that key sealed to one executor (see
//! [`aether_primitives::chalice::envelope`]). The command pallet checks citations with
//! [`DataUsage::quote`] and records uses with [`DataUsage::record_usage`].
//!
//! ## Right to be forgotten
//!
//! [`Pallet::revoke`] destroys every sealed key envelope of the commitment (crypto deletion: the
//! ciphertext off chain can no longer be opened by anyone the chain gave a key to), releases the
//! deposits and marks the commitment revoked, so no command can cite it again. Receipts already
//! paid stay paid.
//!
//! ## Invariants (`try_state`)
//!
//! `issued + fees = claimed + paid to the treasury + Σ claimable + Σ unsettled in closed periods +
//! the open period's pools` to the unit, the pot holds at least that much, the point totals and
//! record counts match the records, and the deposits held match the commitments.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;

pub use aether_primitives::chalice::{
	AccountRewards, CommandId, DataId, DataUsage, PeriodIndex, PeriodStatus, ProgramId,
};
use aether_primitives::{
	chalice::envelope,
	poc::{Contribution, ContributionKind, ContributionSink},
};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::{
	frame_support::{
		self,
		traits::{
			fungible::{self, Balanced, Inspect, InspectHold, Mutate, MutateHold},
			tokens::{Precision, Preservation},
			Get, Imbalance, OnUnbalanced,
		},
		PalletId,
	},
	frame_system,
	sp_runtime::{
		self,
		helpers_128bit::multiply_by_rational_with_rounding,
		traits::{AccountIdConversion, CheckedAdd, One, Saturating, Zero},
		PerThing, Perbill, Rounding, SaturatedConversion,
	},
};
use scale_info::TypeInfo;
pub use weights::WeightInfo;

/// Log target of this pallet.
const LOG_TARGET: &str = "runtime::chalice";

/// A balance of the pallet's currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// Funds taken out of circulation and handed to the pot (fees, for example).
pub type CreditOf<T> =
	fungible::Credit<<T as frame_system::Config>::AccountId, <T as Config>::Currency>;

/// The block number type of the runtime.
pub type BlockNumberOf<T> = frame_system::pallet_prelude::BlockNumberFor<T>;

/// How an inflow is split: the three shares must add up to exactly 100 %.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct Split {
	/// Share of the data originators, paid pro rata to usage receipts.
	pub originators: Perbill,
	/// Share of the computational validators, paid pro rata to floored and capped contribution.
	pub validators: Perbill,
	/// Share of the network treasury; it also receives all rounding dust.
	pub treasury: Perbill,
}

impl Split {
	/// The default split: 70 % originators, 20 % validators, 10 % treasury.
	pub const DEFAULT: Split = Split {
		originators: Perbill::from_percent(70),
		validators: Perbill::from_percent(20),
		treasury: Perbill::from_percent(10),
	};

	/// Whether the shares add up to exactly 100 %.
	pub fn is_whole(&self) -> bool {
		u64::from(self.originators.deconstruct())
			+ u64::from(self.validators.deconstruct())
			+ u64::from(self.treasury.deconstruct())
			== u64::from(Perbill::ACCURACY)
	}

	/// `amount` split into (originators, validators, treasury): the first two rounded down, the
	/// treasury gets the rest. The parts always add up to `amount`.
	pub fn apply<B: sp_runtime::traits::AtLeast32BitUnsigned + Copy>(
		&self,
		amount: B,
	) -> (B, B, B) {
		let originators = self.originators.mul_floor(amount);
		let validators = self.validators.mul_floor(amount);
		let treasury = amount.saturating_sub(originators).saturating_sub(validators);
		(originators, validators, treasury)
	}
}

/// The economy's parameters, changed by Root.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct ChaliceParameters<Balance, BlockNumber> {
	/// The split of every inflow.
	pub split: Split,
	/// Minted into the pot in every block.
	pub issuance_per_block: Balance,
	/// Blocks per reward period (at least 1); a change also moves the open period's end.
	pub period_length: BlockNumber,
}

/// Which programs may use a data commitment: the originator's consent.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub enum UsageTerms<Programs> {
	/// Any program may use the data.
	AnyProgram,
	/// Only the listed programs may use the data.
	OnlyPrograms(Programs),
	/// Every program but the listed ones may use the data.
	AllExcept(Programs),
}

impl<Programs: AsRef<[ProgramId]>> UsageTerms<Programs> {
	/// Whether these terms let `program` use the data.
	pub fn permits(&self, program: ProgramId) -> bool {
		match self {
			UsageTerms::AnyProgram => true,
			UsageTerms::OnlyPrograms(list) => list.as_ref().contains(&program),
			UsageTerms::AllExcept(list) => !list.as_ref().contains(&program),
		}
	}

	/// Number of programs the terms list.
	pub fn len(&self) -> usize {
		match self {
			UsageTerms::AnyProgram => 0,
			UsageTerms::OnlyPrograms(list) | UsageTerms::AllExcept(list) => list.as_ref().len(),
		}
	}
}

/// A data originator's commitment to off-chain data.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct DataCommitment<AccountId, Balance, BlockNumber, Terms> {
	/// The originator: it sets the price and terms, grants keys, revokes, and earns the receipts.
	pub owner: AccountId,
	/// SHA-256 of the data (before encryption).
	pub hash: [u8; 32],
	/// Size of the data in bytes, as declared by the owner.
	pub size: u64,
	/// What a command pays for one use.
	pub price_per_use: Balance,
	/// Which programs may use the data.
	pub terms: Terms,
	/// Held from the owner: the commitment's deposit plus one per key envelope.
	pub deposit: Balance,
	/// Block of the commitment.
	pub committed_at: BlockNumber,
	/// Block of the revocation, once revoked: nothing can cite it any more.
	pub revoked_at: Option<BlockNumber>,
	/// Usage receipts recorded so far.
	pub uses: u64,
	/// Key envelopes stored in [`KeyEnvelopes`].
	pub envelopes: u32,
}

/// A data key sealed to one executor, with the deposit it holds.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct KeyEnvelope<Balance> {
	/// Held from the commitment's owner while the envelope is stored.
	pub deposit: Balance,
	/// The sealed key: see [`aether_primitives::chalice::envelope`].
	pub sealed: SealedKey,
}

/// The bytes of a sealed key envelope.
pub type SealedKey = polkadot_sdk::frame_support::BoundedVec<
	u8,
	polkadot_sdk::frame_support::traits::ConstU32<{ envelope::LEN as u32 }>,
>;

/// A well-formed key envelope whose bytes after the version are `fill`, for tests and benchmarks.
#[cfg(any(test, feature = "runtime-benchmarks"))]
pub fn filled_envelope(fill: u8) -> SealedKey {
	let mut bytes = alloc::vec![fill; envelope::LEN];
	bytes[0] = envelope::VERSION;
	SealedKey::truncate_from(bytes)
}

/// The record of one use of a commitment by a settled command.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct Receipt<AccountId, Balance> {
	/// Who paid for the command.
	pub payer: AccountId,
	/// The program that used the data.
	pub program: ProgramId,
	/// The price paid, which is also the originator's points.
	pub price: Balance,
	/// The period the receipt counts in.
	pub period: PeriodIndex,
}

/// An account's points in the last period it earned in.
#[derive(
	Clone,
	Copy,
	Debug,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct AccountShares {
	/// The period.
	pub period: PeriodIndex,
	/// Usage-receipt points.
	pub originator_points: u128,
	/// Validator points, raw (the floor and the cap apply when they are settled).
	pub validator_points: u128,
}

/// What is left of a closed period until every record of it has settled.
#[derive(
	Clone,
	Copy,
	Debug,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct ClosedPeriod<Balance> {
	/// The originators' pool.
	pub originator_pool: Balance,
	/// Total originator points.
	pub originator_points: u128,
	/// The validators' pool.
	pub validator_pool: Balance,
	/// Total validator points, each account's raised to the floor.
	pub validator_points: u128,
	/// The floor of the period.
	pub validator_floor: u128,
	/// The cap: no account's validator points count above this share of the total.
	pub validator_cap: Perbill,
	/// Records not settled yet.
	pub unsettled: u32,
	/// Pools not paid out yet; what is left after the last record settles is dust.
	pub remaining: Balance,
}

impl<Balance: Copy + SaturatedConversion + sp_runtime::traits::AtLeast32BitUnsigned>
	ClosedPeriod<Balance>
{
	/// What `shares` earned in this period: `pool · points / total` on each side, where the
	/// validator points are first raised to the floor and lowered to the cap. Never more than
	/// [`ClosedPeriod::remaining`].
	pub fn payout_of(&self, shares: &AccountShares) -> Balance {
		let originators =
			share_of(self.originator_pool, shares.originator_points, self.originator_points);
		let effective = effective_validator_points(shares.validator_points, self.validator_floor)
			.min(self.validator_cap.mul_floor(self.validator_points));
		let validators = share_of(self.validator_pool, effective, self.validator_points);
		originators.saturating_add(validators).min(self.remaining)
	}
}

/// `pool · points / total`, rounded down; zero if `total` is zero.
fn share_of<Balance: Copy + SaturatedConversion + sp_runtime::traits::AtLeast32BitUnsigned>(
	pool: Balance,
	points: u128,
	total: u128,
) -> Balance {
	if total == 0 || points == 0 {
		return Zero::zero();
	}
	multiply_by_rational_with_rounding(
		pool.saturated_into::<u128>(),
		points.min(total),
		total,
		Rounding::Down,
	)
	.unwrap_or(0)
	.saturated_into()
}

/// An account's validator points counted with the floor: zero stays zero (it did no work), any
/// other value counts at least `floor`.
pub fn effective_validator_points(points: u128, floor: u128) -> u128 {
	if points == 0 {
		0
	} else {
		points.max(floor)
	}
}

/// Lifetime totals of the pot, for the conservation check.
#[derive(
	Clone,
	Copy,
	Debug,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct Ledger<Balance> {
	/// Minted into the pot by per-block issuance.
	pub issued: Balance,
	/// Fees, tips and data prices paid into the pot.
	pub fees: Balance,
	/// Paid out to accounts by `claim`.
	pub claimed: Balance,
	/// Paid to the treasury account: its shares and the rounding dust.
	pub to_treasury: Balance,
}

/// What an inflow was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inflow {
	/// Per-block issuance.
	Issuance,
	/// Fees, tips or data prices.
	Fees,
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	/// The Chalice pallet.
	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Configuration of the Chalice pallet.
	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The native currency: minted, held for deposits and paid out.
		type Currency: Mutate<Self::AccountId>
			+ Balanced<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ InspectHold<Self::AccountId>;

		/// The runtime's hold reasons, which include this pallet's.
		type RuntimeHoldReason: From<HoldReason>;

		/// Weights of the calls and hooks, from the benchmarks.
		type WeightInfo: WeightInfo;

		/// The pot's account is derived from this id.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// The network treasury: receives its share and all rounding dust.
		type TreasuryAccount: Get<Self::AccountId>;

		/// The floor and cap of validator points: pallet-poc's lottery weight bounds.
		type ValidatorBounds: Get<(Contribution, Perbill)>;

		/// The parameters until Root changes them; the split must be whole and the period at
		/// least one block (checked by `integrity_test`).
		type DefaultParameters: Get<ChaliceParameters<BalanceOf<Self>, BlockNumberFor<Self>>>;

		/// Held for each data commitment.
		#[pallet::constant]
		type DataDeposit: Get<BalanceOf<Self>>;

		/// Held for each stored key envelope.
		#[pallet::constant]
		type EnvelopeDeposit: Get<BalanceOf<Self>>;

		/// Most programs usage terms may list.
		#[pallet::constant]
		type MaxTermsPrograms: Get<u32>;

		/// Most key envelopes one commitment may hold; bounds the cost of `revoke`.
		#[pallet::constant]
		type MaxEnvelopes: Get<u32>;

		/// Most commitments one command may cite.
		#[pallet::constant]
		type MaxCitations: Get<u32>;
	}

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit of a data commitment and its key envelopes.
		#[codec(index = 0)]
		DataCommitment,
	}

	/// The terms type of this runtime.
	pub type TermsOf<T> = UsageTerms<BoundedVec<ProgramId, <T as Config>::MaxTermsPrograms>>;

	/// The commitment type of this runtime.
	pub type CommitmentOf<T> = DataCommitment<
		<T as frame_system::Config>::AccountId,
		BalanceOf<T>,
		BlockNumberFor<T>,
		TermsOf<T>,
	>;

	/// The economy's parameters; [`Config::DefaultParameters`] until Root sets them.
	#[pallet::storage]
	pub type Parameters<T: Config> = StorageValue<
		_,
		ChaliceParameters<BalanceOf<T>, BlockNumberFor<T>>,
		ValueQuery,
		T::DefaultParameters,
	>;

	/// The period in progress.
	#[pallet::storage]
	pub type Current<T: Config> =
		StorageValue<_, PeriodStatus<BalanceOf<T>, BlockNumberFor<T>>, ValueQuery>;

	/// Closed periods that still have unsettled records.
	#[pallet::storage]
	pub type Closed<T: Config> =
		StorageMap<_, Twox64Concat, PeriodIndex, ClosedPeriod<BalanceOf<T>>, OptionQuery>;

	/// Each account's points in the last period it earned in, until they are settled.
	#[pallet::storage]
	pub type Shares<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, AccountShares, OptionQuery>;

	/// Settled rewards an account can claim.
	#[pallet::storage]
	pub type Claimable<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, BalanceOf<T>, OptionQuery>;

	/// Lifetime totals of the pot.
	#[pallet::storage]
	pub type Totals<T: Config> = StorageValue<_, Ledger<BalanceOf<T>>, ValueQuery>;

	/// Data commitments by id; a revoked one stays as a tombstone with `revoked_at` set.
	#[pallet::storage]
	pub type Data<T: Config> = StorageMap<_, Twox64Concat, DataId, CommitmentOf<T>, OptionQuery>;

	/// The id the next commitment gets.
	#[pallet::storage]
	pub type NextDataId<T: Config> = StorageValue<_, DataId, ValueQuery>;

	/// Sealed data keys: commitment → executor → envelope. Revocation deletes them all.
	#[pallet::storage]
	pub type KeyEnvelopes<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		DataId,
		Blake2_128Concat,
		T::AccountId,
		KeyEnvelope<BalanceOf<T>>,
		OptionQuery,
	>;

	/// Usage receipts: commitment → command → receipt.
	#[pallet::storage]
	pub type Receipts<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		DataId,
		Twox64Concat,
		CommandId,
		Receipt<T::AccountId, BalanceOf<T>>,
		OptionQuery,
	>;

	/// Events of the Chalice economy.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `owner` committed to data `id` with SHA-256 `hash`, `size` bytes, at `price_per_use`.
		DataCommitted {
			/// The new commitment.
			id: DataId,
			/// Its originator.
			owner: T::AccountId,
			/// SHA-256 of the data.
			hash: [u8; 32],
			/// Declared size in bytes.
			size: u64,
			/// Price of one use.
			price_per_use: BalanceOf<T>,
		},
		/// The price of one use of `id` is now `price_per_use`.
		PriceChanged {
			/// The commitment.
			id: DataId,
			/// The new price.
			price_per_use: BalanceOf<T>,
		},
		/// The usage terms of `id` changed.
		TermsChanged {
			/// The commitment.
			id: DataId,
		},
		/// A data key of `id` was sealed to `executor`.
		KeyGranted {
			/// The commitment.
			id: DataId,
			/// Who can open the envelope.
			executor: T::AccountId,
		},
		/// The data key of `id` sealed to `executor` was deleted; executors drop cached keys.
		KeyWithdrawn {
			/// The commitment.
			id: DataId,
			/// Whose envelope was deleted.
			executor: T::AccountId,
		},
		/// `id` was revoked: its `envelopes_destroyed` key envelopes are gone from state and no
		/// command can cite it again. Executors must purge any cached key.
		DataRevoked {
			/// The commitment.
			id: DataId,
			/// Key envelopes deleted.
			envelopes_destroyed: u32,
		},
		/// `command` of `program`, paid by `payer`, used `id`; `originator` earns `price` points.
		UsageRecorded {
			/// The commitment used.
			id: DataId,
			/// The settled command.
			command: CommandId,
			/// Its program.
			program: ProgramId,
			/// Who paid.
			payer: T::AccountId,
			/// The commitment's owner.
			originator: T::AccountId,
			/// The price paid.
			price: BalanceOf<T>,
		},
		/// Period `index` closed: its pools are recorded for the claims, the treasury was paid
		/// `treasury` and `carried_over` moved into the next period.
		PeriodClosed {
			/// The closed period.
			index: PeriodIndex,
			/// Minted into it.
			issued: BalanceOf<T>,
			/// Fees paid into it.
			fees: BalanceOf<T>,
			/// The originators' pool to be claimed.
			originator_pool: BalanceOf<T>,
			/// The validators' pool to be claimed.
			validator_pool: BalanceOf<T>,
			/// Paid to the treasury.
			treasury: BalanceOf<T>,
			/// Rolled over into the next period (pools whose side earned no points).
			carried_over: BalanceOf<T>,
		},
		/// Every record of period `index` has settled; its rounding `dust` went to the treasury.
		PeriodSettled {
			/// The period.
			index: PeriodIndex,
			/// What was left of its pools.
			dust: BalanceOf<T>,
		},
		/// `who` was paid `amount` of rewards.
		Claimed {
			/// The claimant.
			who: T::AccountId,
			/// Paid.
			amount: BalanceOf<T>,
		},
		/// Root changed the parameters; a new period length moves the open period's end too.
		ParametersSet {
			/// The new parameters.
			parameters: ChaliceParameters<BalanceOf<T>, BlockNumberFor<T>>,
		},
	}

	/// Errors of the Chalice economy.
	#[pallet::error]
	pub enum Error<T> {
		/// No data commitment has this id.
		UnknownData,
		/// Only the commitment's owner may do this.
		NotDataOwner,
		/// The commitment is revoked: it can be neither changed nor cited.
		DataRevoked,
		/// A commitment must declare a non-zero size.
		EmptyData,
		/// The commitment's terms do not let this program use it.
		ProgramNotPermitted,
		/// A command cites the same commitment twice.
		DuplicateCitation,
		/// A command cites more commitments than `MaxCitations`.
		TooManyCitations,
		/// The prices of the cited commitments add up to more than a balance can hold.
		PriceOverflow,
		/// This command's use of this commitment is already recorded.
		UsageAlreadyRecorded,
		/// A key envelope must be a version-1 envelope of exactly the envelope length.
		MalformedEnvelope,
		/// The commitment already holds `MaxEnvelopes` key envelopes.
		TooManyEnvelopes,
		/// There is no key envelope for this executor.
		NoSuchEnvelope,
		/// The account has nothing to claim.
		NothingToClaim,
		/// The shares of a split must add up to exactly 100 %.
		SplitNotWhole,
		/// A period must be at least one block long.
		ZeroPeriodLength,
	}

	/// Endows the pot and the treasury with the existential deposit and opens period 0.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		#[serde(skip)]
		_config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			Pallet::<T>::initialize();
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Close the period if it ends here, then mint the block's issuance into the pot. The
		/// weight includes crediting one block author (pallet-poc's hook).
		fn on_initialize(n: BlockNumberFor<T>) -> Weight {
			let period = Current::<T>::get();
			let participants = period.participants;
			let mut weight = T::WeightInfo::on_initialize_mint()
				.saturating_add(T::WeightInfo::note_contribution(participants));
			if n >= period.ends_at {
				Self::close_period(n, period);
				weight = weight.saturating_add(T::WeightInfo::on_initialize_close(participants));
			}
			Self::mint_issuance();
			weight
		}

		fn integrity_test() {
			let parameters = T::DefaultParameters::get();
			assert!(parameters.split.is_whole(), "the default split must add up to 100 %");
			assert!(!parameters.period_length.is_zero(), "a period must be at least one block");
			assert!(T::MaxCitations::get() > 0, "a command must be able to cite data");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Commit to off-chain data: its SHA-256 `hash`, its `size` in bytes, the
		/// `price_per_use` a command pays, and the `terms` saying which programs may use it.
		///
		/// Holds [`Config::DataDeposit`] from the caller until the commitment is revoked. Emits
		/// [`Event::DataCommitted`] with the new id. Fails with [`Error::EmptyData`] for a zero
		/// size. Cost: constant, plus the length of the terms.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::commit_data(terms.len() as u32))]
		pub fn commit_data(
			origin: OriginFor<T>,
			hash: [u8; 32],
			size: u64,
			price_per_use: BalanceOf<T>,
			terms: TermsOf<T>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			ensure!(size > 0, Error::<T>::EmptyData);
			let deposit = T::DataDeposit::get();
			T::Currency::hold(&HoldReason::DataCommitment.into(), &owner, deposit)?;
			let id = NextDataId::<T>::get();
			NextDataId::<T>::put(id.saturating_add(1));
			Data::<T>::insert(
				id,
				DataCommitment {
					owner: owner.clone(),
					hash,
					size,
					price_per_use,
					terms,
					deposit,
					committed_at: frame_system::Pallet::<T>::block_number(),
					revoked_at: None,
					uses: 0,
					envelopes: 0,
				},
			);
			Self::deposit_event(Event::DataCommitted { id, owner, hash, size, price_per_use });
			Ok(())
		}

		/// Change the price of one use of commitment `id`; commands settled from now on pay it.
		///
		/// Only the owner, and not after revocation. Emits [`Event::PriceChanged`]. Cost:
		/// constant.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::set_price())]
		pub fn set_price(
			origin: OriginFor<T>,
			id: DataId,
			price_per_use: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut commitment = Self::owned_live(&who, id)?;
			commitment.price_per_use = price_per_use;
			Data::<T>::insert(id, commitment);
			Self::deposit_event(Event::PriceChanged { id, price_per_use });
			Ok(())
		}

		/// Replace the usage terms of commitment `id`; they apply to every later citation.
		///
		/// Only the owner, and not after revocation. Emits [`Event::TermsChanged`]. Cost:
		/// constant, plus the length of the terms.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_terms(terms.len() as u32))]
		pub fn set_terms(origin: OriginFor<T>, id: DataId, terms: TermsOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut commitment = Self::owned_live(&who, id)?;
			commitment.terms = terms;
			Data::<T>::insert(id, commitment);
			Self::deposit_event(Event::TermsChanged { id });
			Ok(())
		}

		/// Store the data key of commitment `id` sealed to `executor` (a version-1 envelope, see
		/// [`aether_primitives::chalice::envelope`]), replacing an earlier one for it.
		///
		/// Only the owner, and not after revocation. A new envelope holds
		/// [`Config::EnvelopeDeposit`] and counts against [`Config::MaxEnvelopes`]. Emits
		/// [`Event::KeyGranted`]. Cost: constant.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::grant_key())]
		pub fn grant_key(
			origin: OriginFor<T>,
			id: DataId,
			executor: T::AccountId,
			sealed: SealedKey,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut commitment = Self::owned_live(&who, id)?;
			ensure!(envelope::is_well_formed(&sealed), Error::<T>::MalformedEnvelope);
			match KeyEnvelopes::<T>::get(id, &executor) {
				Some(existing) => {
					KeyEnvelopes::<T>::insert(
						id,
						&executor,
						KeyEnvelope { deposit: existing.deposit, sealed },
					);
				},
				None => {
					ensure!(
						commitment.envelopes < T::MaxEnvelopes::get(),
						Error::<T>::TooManyEnvelopes
					);
					let deposit = T::EnvelopeDeposit::get();
					T::Currency::hold(&HoldReason::DataCommitment.into(), &who, deposit)?;
					commitment.deposit = commitment.deposit.saturating_add(deposit);
					commitment.envelopes = commitment.envelopes.saturating_add(1);
					KeyEnvelopes::<T>::insert(id, &executor, KeyEnvelope { deposit, sealed });
					Data::<T>::insert(id, commitment);
				},
			}
			Self::deposit_event(Event::KeyGranted { id, executor });
			Ok(())
		}

		/// Delete the data key of commitment `id` sealed to `executor` and release its deposit.
		///
		/// Only the owner. Emits [`Event::KeyWithdrawn`]; fails with [`Error::NoSuchEnvelope`]
		/// if there is none. Cost: constant.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::withdraw_key())]
		pub fn withdraw_key(
			origin: OriginFor<T>,
			id: DataId,
			executor: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut commitment = Self::owned_live(&who, id)?;
			let envelope =
				KeyEnvelopes::<T>::take(id, &executor).ok_or(Error::<T>::NoSuchEnvelope)?;
			Self::release(&who, envelope.deposit);
			commitment.deposit = commitment.deposit.saturating_sub(envelope.deposit);
			commitment.envelopes = commitment.envelopes.saturating_sub(1);
			Data::<T>::insert(id, commitment);
			Self::deposit_event(Event::KeyWithdrawn { id, executor });
			Ok(())
		}

		/// Revoke commitment `id` (the right to be forgotten): delete every key envelope from
		/// state, release all its deposits and mark it revoked, so no command can cite it again.
		/// Receipts already paid stay paid.
		///
		/// Only the owner, once. Emits [`Event::DataRevoked`]. Cost: linear in the envelopes
		/// deleted; charged for [`Config::MaxEnvelopes`] and refunded to the actual number.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::revoke(T::MaxEnvelopes::get()))]
		pub fn revoke(origin: OriginFor<T>, id: DataId) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let mut commitment = Self::owned_live(&who, id)?;
			let destroyed = KeyEnvelopes::<T>::clear_prefix(id, T::MaxEnvelopes::get(), None);
			if destroyed.maybe_cursor.is_some() {
				log::error!(target: LOG_TARGET, "data {id}: more envelopes than MaxEnvelopes");
			}
			Self::release(&who, commitment.deposit);
			let envelopes_destroyed = commitment.envelopes;
			commitment.deposit = Zero::zero();
			commitment.envelopes = 0;
			commitment.revoked_at = Some(frame_system::Pallet::<T>::block_number());
			Data::<T>::insert(id, commitment);
			Self::deposit_event(Event::DataRevoked { id, envelopes_destroyed });
			Ok(Some(T::WeightInfo::revoke(destroyed.backend)).into())
		}

		/// Pay the caller everything it can claim: settled rewards plus its share of the last
		/// closed period it earned in.
		///
		/// Emits [`Event::Claimed`], and [`Event::PeriodSettled`] if the caller was the last to
		/// settle a period. A record that earned nothing (an empty pool) is settled all the same,
		/// so the period can close its books. Fails with [`Error::NothingToClaim`] if there is
		/// neither a reward nor a record of a closed period. Cost:
		/// constant, whatever the number of accounts.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::claim())]
		pub fn claim(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let amount = Self::rewards_of(&who).claimable;
			ensure!(!amount.is_zero() || Self::has_closed_record(&who), Error::<T>::NothingToClaim);
			// Pay first: if the transfer fails (an amount below the existential deposit for a new
			// account), nothing has changed.
			if !amount.is_zero() {
				T::Currency::transfer(&Self::pot_account(), &who, amount, Preservation::Preserve)?;
			}
			Self::settle(&who);
			let settled = Claimable::<T>::take(&who).unwrap_or_default();
			if settled != amount {
				log::error!(target: LOG_TARGET, "claim preview {amount:?} != settled {settled:?}");
			}
			Totals::<T>::mutate(|totals| totals.claimed = totals.claimed.saturating_add(amount));
			Self::deposit_event(Event::Claimed { who, amount });
			Ok(())
		}

		/// Set the economy's parameters: the split (must add up to 100 %), the per-block
		/// issuance and the period length. They apply at once: the open period ends
		/// `period_length` blocks after it started, or with the next block if that is past.
		///
		/// Root only. Emits [`Event::ParametersSet`]. Cost: constant.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::set_parameters())]
		pub fn set_parameters(
			origin: OriginFor<T>,
			parameters: ChaliceParameters<BalanceOf<T>, BlockNumberFor<T>>,
		) -> DispatchResult {
			ensure_root(origin)?;
			ensure!(parameters.split.is_whole(), Error::<T>::SplitNotWhole);
			ensure!(!parameters.period_length.is_zero(), Error::<T>::ZeroPeriodLength);
			Parameters::<T>::put(parameters);
			// The open period takes the new length too: it ends `period_length` blocks after it
			// started, or with the next block if that is already past.
			let next = frame_system::Pallet::<T>::block_number().saturating_add(One::one());
			Current::<T>::mutate(|period| {
				period.ends_at =
					period.started_at.saturating_add(parameters.period_length).max(next)
			});
			Self::deposit_event(Event::ParametersSet { parameters });
			Ok(())
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The pot's account: holds everything not yet paid out.
	pub fn pot_account() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// Genesis: endow the pot and the treasury with the existential deposit (so that no payment
	/// into them can fail for being too small) and open period 0.
	pub fn initialize() {
		let ed = T::Currency::minimum_balance();
		for account in [Self::pot_account(), T::TreasuryAccount::get()] {
			if T::Currency::balance(&account) < ed {
				if let Err(e) = T::Currency::mint_into(&account, ed) {
					log::error!(target: LOG_TARGET, "cannot endow {account:?}: {e:?}");
				}
			}
		}
		Self::open_period(
			0,
			frame_system::Pallet::<T>::block_number(),
			T::ValidatorBounds::get().0,
			Zero::zero(),
			Zero::zero(),
			Zero::zero(),
		);
	}

	/// The commitment `id`, if `who` owns it and it is not revoked.
	fn owned_live(who: &T::AccountId, id: DataId) -> Result<CommitmentOf<T>, Error<T>> {
		let commitment = Data::<T>::get(id).ok_or(Error::<T>::UnknownData)?;
		ensure_owner_live::<T>(who, &commitment)?;
		Ok(commitment)
	}

	/// Release `amount` of `who`'s data deposits.
	fn release(who: &T::AccountId, amount: BalanceOf<T>) {
		if let Err(e) = T::Currency::release(
			&HoldReason::DataCommitment.into(),
			who,
			amount,
			Precision::BestEffort,
		) {
			log::error!(target: LOG_TARGET, "cannot release {amount:?} held from {who:?}: {e:?}");
		}
	}

	/// Split `amount` that has just entered the pot into the open period's pools.
	pub fn note_inflow(amount: BalanceOf<T>, kind: Inflow) {
		if amount.is_zero() {
			return;
		}
		let split = Parameters::<T>::get().split;
		let (originators, validators, treasury) = split.apply(amount);
		Current::<T>::mutate(|period| {
			period.originator_pool = period.originator_pool.saturating_add(originators);
			period.validator_pool = period.validator_pool.saturating_add(validators);
			period.treasury_pool = period.treasury_pool.saturating_add(treasury);
			match kind {
				Inflow::Issuance => period.issued = period.issued.saturating_add(amount),
				Inflow::Fees => period.fees = period.fees.saturating_add(amount),
			}
		});
		Totals::<T>::mutate(|totals| match kind {
			Inflow::Issuance => totals.issued = totals.issued.saturating_add(amount),
			Inflow::Fees => totals.fees = totals.fees.saturating_add(amount),
		});
	}

	/// Mint the block's issuance into the pot.
	fn mint_issuance() {
		let amount = Parameters::<T>::get().issuance_per_block;
		if amount.is_zero() {
			return;
		}
		match T::Currency::mint_into(&Self::pot_account(), amount) {
			Ok(minted) => Self::note_inflow(minted, Inflow::Issuance),
			Err(e) => log::error!(target: LOG_TARGET, "cannot mint {amount:?}: {e:?}"),
		}
	}

	/// Add points earned in the open period to `who`: settle its record of an earlier period
	/// first, then add. Zero points change nothing.
	pub fn credit_points(who: &T::AccountId, originator_points: u128, validator_points: u128) {
		if originator_points == 0 && validator_points == 0 {
			return;
		}
		let mut period = Current::<T>::get();
		let mut shares = match Shares::<T>::get(who) {
			Some(shares) if shares.period == period.index => shares,
			other => {
				if let Some(old) = other {
					Self::settle_record(who, &old);
				}
				period.participants = period.participants.saturating_add(1);
				AccountShares { period: period.index, ..Default::default() }
			},
		};
		let floor = period.validator_floor;
		let before = effective_validator_points(shares.validator_points, floor);
		shares.originator_points = shares.originator_points.saturating_add(originator_points);
		shares.validator_points = shares.validator_points.saturating_add(validator_points);
		let after = effective_validator_points(shares.validator_points, floor);
		period.originator_points = period.originator_points.saturating_add(originator_points);
		period.validator_points =
			period.validator_points.saturating_add(after.saturating_sub(before));
		Shares::<T>::insert(who, shares);
		Current::<T>::put(period);
	}

	/// Whether `who` holds points of a closed period that are not settled yet.
	fn has_closed_record(who: &T::AccountId) -> bool {
		Shares::<T>::get(who).is_some_and(|shares| shares.period < Current::<T>::get().index)
	}

	/// Turn `who`'s record into claimable balance if its period is closed.
	fn settle(who: &T::AccountId) {
		if let Some(shares) = Shares::<T>::get(who) {
			if shares.period < Current::<T>::get().index {
				Shares::<T>::remove(who);
				Self::settle_record(who, &shares);
			}
		}
	}

	/// Credit `who` with what `shares` (of a closed period) earned; when it is the period's last
	/// record, send the dust to the treasury and forget the period. The caller removes or
	/// replaces the record.
	fn settle_record(who: &T::AccountId, shares: &AccountShares) {
		let Some(mut closed) = Closed::<T>::get(shares.period) else {
			log::error!(target: LOG_TARGET, "{who:?} holds points of unknown period {}", shares.period);
			return;
		};
		let payout = closed.payout_of(shares);
		if !payout.is_zero() {
			Claimable::<T>::mutate(who, |claimable| {
				*claimable = Some(claimable.unwrap_or_default().saturating_add(payout))
			});
		}
		closed.remaining = closed.remaining.saturating_sub(payout);
		closed.unsettled = closed.unsettled.saturating_sub(1);
		if closed.unsettled == 0 {
			Closed::<T>::remove(shares.period);
			let dust = closed.remaining;
			if !Self::pay_treasury(dust) {
				// Keep the dust in the open period's treasury pool; it is paid with it.
				Current::<T>::mutate(|period| {
					period.treasury_pool = period.treasury_pool.saturating_add(dust)
				});
			}
			Self::deposit_event(Event::PeriodSettled { index: shares.period, dust });
		} else {
			Closed::<T>::insert(shares.period, closed);
		}
	}

	/// Pay `amount` from the pot to the treasury; `false` (and nothing moved) if that fails.
	fn pay_treasury(amount: BalanceOf<T>) -> bool {
		if amount.is_zero() {
			return true;
		}
		match T::Currency::transfer(
			&Self::pot_account(),
			&T::TreasuryAccount::get(),
			amount,
			Preservation::Preserve,
		) {
			Ok(_) => {
				Totals::<T>::mutate(|totals| {
					totals.to_treasury = totals.to_treasury.saturating_add(amount)
				});
				true
			},
			Err(e) => {
				log::error!(target: LOG_TARGET, "cannot pay {amount:?} to the treasury: {e:?}");
				false
			},
		}
	}

	/// Close `period`, the open period (as `on_initialize` read it), at block `now`: pay the
	/// treasury, record the pools for the claims (or carry a pool whose side earned no points),
	/// and open the next period.
	fn close_period(now: BlockNumberOf<T>, period: PeriodStatus<BalanceOf<T>, BlockNumberOf<T>>) {
		// One read of the bounds: the cap closes this period, the floor opens the next.
		let (floor, cap) = T::ValidatorBounds::get();
		let originator_carry =
			if period.originator_points == 0 { period.originator_pool } else { Zero::zero() };
		let validator_carry =
			if period.validator_points == 0 { period.validator_pool } else { Zero::zero() };
		let originator_pool = period.originator_pool.saturating_sub(originator_carry);
		let validator_pool = period.validator_pool.saturating_sub(validator_carry);
		let (treasury_paid, treasury_carry) = if Self::pay_treasury(period.treasury_pool) {
			(period.treasury_pool, Zero::zero())
		} else {
			(Zero::zero(), period.treasury_pool)
		};
		if period.participants > 0 {
			Closed::<T>::insert(
				period.index,
				ClosedPeriod {
					originator_pool,
					originator_points: period.originator_points,
					validator_pool,
					validator_points: period.validator_points,
					validator_floor: period.validator_floor,
					validator_cap: cap,
					unsettled: period.participants,
					remaining: originator_pool.saturating_add(validator_pool),
				},
			);
		}
		let carried_over = originator_carry.saturating_add(validator_carry);
		Self::deposit_event(Event::PeriodClosed {
			index: period.index,
			issued: period.issued,
			fees: period.fees,
			originator_pool,
			validator_pool,
			treasury: treasury_paid,
			carried_over,
		});
		Self::open_period(
			period.index.saturating_add(1),
			now,
			floor,
			originator_carry,
			validator_carry,
			treasury_carry,
		);
	}

	/// Open period `index` at block `now` with validator floor `floor` and the given carried-in
	/// pools.
	fn open_period(
		index: PeriodIndex,
		now: BlockNumberOf<T>,
		floor: Contribution,
		originator_pool: BalanceOf<T>,
		validator_pool: BalanceOf<T>,
		treasury_pool: BalanceOf<T>,
	) {
		let length = Parameters::<T>::get().period_length.max(1u32.into());
		Current::<T>::put(PeriodStatus {
			index,
			started_at: now,
			ends_at: now.saturating_add(length),
			issued: Zero::zero(),
			fees: Zero::zero(),
			carried_in: originator_pool
				.saturating_add(validator_pool)
				.saturating_add(treasury_pool),
			originator_pool,
			validator_pool,
			treasury_pool,
			originator_points: 0,
			validator_points: 0,
			validator_floor: floor,
			participants: 0,
		});
	}

	/// What `who` can claim now and its points in the open period (the `ChaliceApi` runtime API).
	pub fn rewards_of(who: &T::AccountId) -> AccountRewards<BalanceOf<T>> {
		let mut rewards = AccountRewards {
			claimable: Claimable::<T>::get(who).unwrap_or_default(),
			..Default::default()
		};
		if let Some(shares) = Shares::<T>::get(who) {
			if shares.period < Current::<T>::get().index {
				if let Some(closed) = Closed::<T>::get(shares.period) {
					rewards.claimable = rewards.claimable.saturating_add(closed.payout_of(&shares));
				}
			} else {
				rewards.pending_originator_points = shares.originator_points;
				rewards.pending_validator_points = shares.validator_points;
			}
		}
		rewards
	}

	/// The open period (the `ChaliceApi` runtime API).
	pub fn current_period() -> PeriodStatus<BalanceOf<T>, BlockNumberOf<T>> {
		Current::<T>::get()
	}

	/// The total price of one use of each of `cited` by `program`; see [`DataUsage::quote`].
	pub fn do_quote(
		program: ProgramId,
		cited: &[DataId],
	) -> Result<(BalanceOf<T>, Vec<CommitmentOf<T>>), sp_runtime::DispatchError> {
		frame_support::ensure!(
			cited.len() <= T::MaxCitations::get() as usize,
			Error::<T>::TooManyCitations
		);
		let mut total = BalanceOf::<T>::zero();
		let mut commitments = Vec::with_capacity(cited.len());
		for (i, id) in cited.iter().enumerate() {
			frame_support::ensure!(!cited[..i].contains(id), Error::<T>::DuplicateCitation);
			let commitment = Data::<T>::get(id).ok_or(Error::<T>::UnknownData)?;
			frame_support::ensure!(commitment.revoked_at.is_none(), Error::<T>::DataRevoked);
			frame_support::ensure!(
				commitment.terms.permits(program),
				Error::<T>::ProgramNotPermitted
			);
			total =
				total.checked_add(&commitment.price_per_use).ok_or(Error::<T>::PriceOverflow)?;
			commitments.push(commitment);
		}
		Ok((total, commitments))
	}

	/// Record `command`'s use of `cited`; see [`DataUsage::record_usage`].
	pub fn do_record_usage(
		payer: &T::AccountId,
		command: CommandId,
		program: ProgramId,
		cited: &[DataId],
	) -> Result<BalanceOf<T>, sp_runtime::DispatchError> {
		let (total, commitments) = Self::do_quote(program, cited)?;
		for id in cited {
			frame_support::ensure!(
				!Receipts::<T>::contains_key(id, command),
				Error::<T>::UsageAlreadyRecorded
			);
		}
		if !total.is_zero() {
			T::Currency::transfer(payer, &Self::pot_account(), total, Preservation::Preserve)?;
			Self::note_inflow(total, Inflow::Fees);
		}
		let period = Current::<T>::get().index;
		for (id, mut commitment) in cited.iter().copied().zip(commitments) {
			let price = commitment.price_per_use;
			Receipts::<T>::insert(
				id,
				command,
				Receipt { payer: payer.clone(), program, price, period },
			);
			commitment.uses = commitment.uses.saturating_add(1);
			let originator = commitment.owner.clone();
			Data::<T>::insert(id, commitment);
			Self::credit_points(&originator, price.saturated_into::<u128>(), 0);
			Self::deposit_event(Event::UsageRecorded {
				id,
				command,
				program,
				payer: payer.clone(),
				originator,
				price,
			});
		}
		Ok(total)
	}

	/// Check every invariant of the pallet; see the crate docs.
	#[cfg(any(test, feature = "try-runtime"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		use frame_support::ensure;

		let period = Current::<T>::get();
		let totals = Totals::<T>::get();

		// Records: per closed period and for the open one.
		let mut records: BTreeMap<PeriodIndex, u32> = BTreeMap::new();
		let (mut originator_points, mut validator_points) = (0u128, 0u128);
		for (_, shares) in Shares::<T>::iter() {
			ensure!(shares.period <= period.index, "a record of a future period");
			ensure!(
				shares.originator_points > 0 || shares.validator_points > 0,
				"a record without points"
			);
			*records.entry(shares.period).or_default() += 1;
			if shares.period == period.index {
				originator_points = originator_points.saturating_add(shares.originator_points);
				validator_points = validator_points.saturating_add(effective_validator_points(
					shares.validator_points,
					period.validator_floor,
				));
			}
		}
		ensure!(
			records.remove(&period.index).unwrap_or(0) == period.participants,
			"open period participants != its records"
		);
		ensure!(originator_points == period.originator_points, "originator points != records");
		ensure!(validator_points == period.validator_points, "validator points != records");

		let mut unsettled = BalanceOf::<T>::zero();
		for (index, closed) in Closed::<T>::iter() {
			ensure!(index < period.index, "a closed period that is not closed");
			ensure!(
				records.remove(&index).unwrap_or(0) == closed.unsettled && closed.unsettled > 0,
				"closed period unsettled count != its records"
			);
			ensure!(
				closed.remaining <= closed.originator_pool.saturating_add(closed.validator_pool),
				"a closed period with more left than its pools"
			);
			unsettled = unsettled.saturating_add(closed.remaining);
		}
		ensure!(records.is_empty(), "records of a period that is neither open nor closed");

		let claimable = Claimable::<T>::iter_values()
			.fold(BalanceOf::<T>::zero(), |acc, amount| acc.saturating_add(amount));
		let open = period
			.originator_pool
			.saturating_add(period.validator_pool)
			.saturating_add(period.treasury_pool);
		let liabilities = claimable.saturating_add(unsettled).saturating_add(open);
		ensure!(
			totals.issued.saturating_add(totals.fees)
				== totals.claimed.saturating_add(totals.to_treasury).saturating_add(liabilities),
			"issued + fees != claimed + treasury + claimable + unsettled + open pools"
		);
		ensure!(
			T::Currency::balance(&Self::pot_account()) >= liabilities,
			"the pot holds less than it owes"
		);

		// Commitments: envelopes and deposits.
		let mut held: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (id, commitment) in Data::<T>::iter() {
			ensure!(id < NextDataId::<T>::get(), "a commitment id not yet assigned");
			let envelopes = KeyEnvelopes::<T>::iter_prefix(id).count() as u32;
			ensure!(envelopes == commitment.envelopes, "envelope count != envelopes stored");
			if commitment.revoked_at.is_some() {
				ensure!(envelopes == 0, "a revoked commitment still holds key envelopes");
				ensure!(commitment.deposit.is_zero(), "a revoked commitment still holds a deposit");
			}
			let entry = held.entry(commitment.owner.clone()).or_default();
			*entry = entry.saturating_add(commitment.deposit);
		}
		for (owner, deposit) in held {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::DataCommitment.into(), &owner) == deposit,
				"held deposits != the commitments' deposits"
			);
		}
		Ok(())
	}
}

/// `who` owns `commitment` and it is not revoked.
fn ensure_owner_live<T: Config>(
	who: &T::AccountId,
	commitment: &CommitmentOf<T>,
) -> Result<(), Error<T>> {
	if &commitment.owner != who {
		return Err(Error::<T>::NotDataOwner);
	}
	if commitment.revoked_at.is_some() {
		return Err(Error::<T>::DataRevoked);
	}
	Ok(())
}

impl<T: Config> DataUsage<T::AccountId, BalanceOf<T>> for Pallet<T> {
	fn quote(
		program: ProgramId,
		cited: &[DataId],
	) -> Result<BalanceOf<T>, sp_runtime::DispatchError> {
		Self::do_quote(program, cited).map(|(total, _)| total)
	}

	fn record_usage(
		payer: &T::AccountId,
		command: CommandId,
		program: ProgramId,
		cited: &[DataId],
	) -> Result<BalanceOf<T>, sp_runtime::DispatchError> {
		Self::do_record_usage(payer, command, program, cited)
	}
}

/// pallet-poc tells Chalice of every credited contribution; the computational kinds earn
/// validator points. `DataServed` does not: data is paid through the originators' share, and its
/// declared size cannot be checked on chain.
impl<T: Config> ContributionSink<T::AccountId> for Pallet<T> {
	fn note_contribution(who: &T::AccountId, kind: ContributionKind, amount: Contribution) {
		match kind {
			ContributionKind::BlockAuthored
			| ContributionKind::CommandFuel
			| ContributionKind::EntropyReveal => Self::credit_points(who, 0, amount),
			ContributionKind::DataServed => {},
		}
	}
}

/// Fees and tips (the transaction-payment handler) and any other credit handed to the pallet go
/// into the pot and are split.
impl<T: Config> OnUnbalanced<CreditOf<T>> for Pallet<T> {
	fn on_nonzero_unbalanced(credit: CreditOf<T>) {
		let amount = credit.peek();
		match T::Currency::resolve(&Self::pot_account(), credit) {
			Ok(()) => Self::note_inflow(amount, Inflow::Fees),
			Err(credit) => {
				log::error!(target: LOG_TARGET, "cannot take {:?} into the pot", credit.peek());
			},
		}
	}
}
