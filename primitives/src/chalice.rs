//! Chalice economy primitives.
//!
//! Everything that flows into the reward pot, per-block issuance plus the fees of extrinsics and
//! commands, is split three ways (by default 70/20/10): data originators, computational validators
//! (block authors and command executors) and the network treasury (`pallets/chalice`).
//!
//! Data originators publish [data commitments](DataId): the SHA-256 of their data, its size, a
//! price per use and consent terms naming the programs that may use it. The data itself stays off
//! chain, encrypted under a data key; the originator seals that key to each executor that may read
//! it, in a [sealed key envelope](envelope), and the chain stores the envelopes. A command that
//! cites data pays each commitment's price when it settles and leaves a usage receipt per
//! commitment; the receipts of a period decide how the originators' share is divided.
//!
//! The command pallet reaches Chalice only through [`DataUsage`], so either can change without
//! the other.

use codec::{Codec, Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::{sp_api, sp_runtime::DispatchError};
use scale_info::TypeInfo;

/// Identifier of a data commitment, assigned in order from 0.
pub type DataId = u64;

/// Identifier of a registered WASM program (the command pallet's registry).
pub type ProgramId = u64;

/// Identifier of a command (the command pallet's sequence number).
pub type CommandId = u64;

/// Index of a reward period: period `p` is the `p`-th run of `period_length` blocks.
pub type PeriodIndex = u32;

/// The layout of a sealed data-key envelope: the data key of a commitment, encrypted to one
/// executor with the hybrid KEM of the command pallet's sealed inputs (secp256k1 ECDH plus
/// ML-KEM-768, FIPS 203) and an AEAD.
///
/// ```text
/// version (1) ‖ ML-KEM-768 ciphertext (1088) ‖ secp256k1 ephemeral key, compressed (33)
///             ‖ AEAD nonce (12) ‖ AEAD(data key (32)) with tag (16)
/// ```
///
/// The chain checks only the version and the length ([`envelope::is_well_formed`]); whether the
/// ciphertext opens is for the executor holding the keys to find out.
pub mod envelope {
	/// The only envelope version so far.
	pub const VERSION: u8 = 1;
	/// Length of an ML-KEM-768 ciphertext.
	pub const MLKEM768_CIPHERTEXT_LEN: usize = 1088;
	/// Length of a compressed secp256k1 public key.
	pub const SECP256K1_PUBLIC_LEN: usize = 33;
	/// Length of the AEAD nonce.
	pub const NONCE_LEN: usize = 12;
	/// Length of a data key.
	pub const DATA_KEY_LEN: usize = 32;
	/// Length of the AEAD tag.
	pub const TAG_LEN: usize = 16;
	/// Length of a whole version-1 envelope: 1182 bytes.
	pub const LEN: usize =
		1 + MLKEM768_CIPHERTEXT_LEN + SECP256K1_PUBLIC_LEN + NONCE_LEN + DATA_KEY_LEN + TAG_LEN;

	/// Whether `bytes` has the version and the length of a sealed key envelope.
	pub fn is_well_formed(bytes: &[u8]) -> bool {
		bytes.len() == LEN && bytes.first() == Some(&VERSION)
	}
}

/// How the command pallet uses Chalice data: check citations when a command is submitted, and
/// pay and record the use when it settles.
pub trait DataUsage<AccountId, Balance> {
	/// The total price of one use of each of `cited` by `program`. Fails with a named error if a
	/// commitment is unknown or revoked, if its terms forbid `program`, if it is cited twice, or
	/// if the sum overflows; then the command must be refused.
	fn quote(program: ProgramId, cited: &[DataId]) -> Result<Balance, DispatchError>;

	/// A settled `command` of `program` used `cited`: move each commitment's price from `payer`
	/// into the reward pot and record one usage receipt per commitment. Checks what
	/// [`DataUsage::quote`] checks first and changes nothing if that fails. Returns the price
	/// paid.
	fn record_usage(
		payer: &AccountId,
		command: CommandId,
		program: ProgramId,
		cited: &[DataId],
	) -> Result<Balance, DispatchError>;
}

/// The pools and points of the reward period in progress.
#[derive(
	Clone,
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
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct PeriodStatus<Balance, BlockNumber> {
	/// The period's index.
	pub index: PeriodIndex,
	/// Its first block.
	pub started_at: BlockNumber,
	/// The first block of the next period, whose `on_initialize` closes this one.
	pub ends_at: BlockNumber,
	/// Minted into the pot in this period.
	pub issued: Balance,
	/// Fees (extrinsics, commands, data prices) paid into the pot in this period.
	pub fees: Balance,
	/// Carried over from earlier periods into this one's pools.
	pub carried_in: Balance,
	/// The data originators' pool so far.
	pub originator_pool: Balance,
	/// The computational validators' pool so far.
	pub validator_pool: Balance,
	/// The treasury's share so far, paid when the period closes.
	pub treasury_pool: Balance,
	/// Usage-receipt points of the period (the prices paid).
	pub originator_points: u128,
	/// Validator points of the period, each account's raised to the floor.
	pub validator_points: u128,
	/// The floor of the period: every account with validator points counts at least this much.
	pub validator_floor: u128,
	/// Accounts that earned points in the period.
	pub participants: u32,
}

/// Everything one account can claim, or will be able to.
#[derive(
	Clone,
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
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct AccountRewards<Balance> {
	/// What `claim` would pay now: settled rewards plus the account's share of its last closed
	/// period.
	pub claimable: Balance,
	/// Usage-receipt points in the current, still open period.
	pub pending_originator_points: u128,
	/// Validator points in the current, still open period.
	pub pending_validator_points: u128,
}

sp_api::decl_runtime_apis! {
	/// The runtime side of the Chalice economy.
	pub trait ChaliceApi<AccountId: Codec, Balance: Codec, BlockNumber: Codec> {
		/// The reward period in progress: its pools and points.
		fn current_period() -> PeriodStatus<Balance, BlockNumber>;
		/// What `who` can claim now, and its points in the open period.
		fn rewards_of(who: AccountId) -> AccountRewards<Balance>;
	}
}
