//! TSU entropy beacon primitives.
//!
//! Every authority runs a thermodynamic sampling unit (TSU) backend in its node (`node/tsu`). The
//! runtime reaches it only from offchain workers, through the [`tsu`] host function, and turns
//! it into a public randomness beacon by commit-reveal (`pallets/entropy`):
//!
//! 1. in the first half of a round, each authority's offchain worker draws a 32-byte value from
//!    its TSU and submits [`commitment_of`] that value, signed with its entropy session key;
//! 2. in the second half it reveals the value; the chain checks it against the commitment;
//! 3. when the round ends, the beacon output is the hash of every valid reveal and the block VRF
//!    outputs of the round. One honest authority is enough for the output to be unpredictable to
//!    everyone else until the last reveal.
//!
//! A health-test failure of a node's TSU is reported on-chain with [`TsuError`]; missing reveals
//! and failures count against the authority and eventually isolate it from the beacon.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
#[cfg(feature = "std")]
use polkadot_sdk::sp_externalities::ExternalitiesExt;
use polkadot_sdk::{sp_api, sp_runtime::KeyTypeId};
use scale_info::TypeInfo;

/// The key type of entropy-beacon authority keys in the keystore: `aent`.
pub const ENTROPY_KEY_TYPE: KeyTypeId = KeyTypeId(*b"aent");

/// The largest request, in bytes, that [`tsu::random_bytes`] serves in one call.
pub const MAX_TSU_REQUEST: u32 = 4096;

/// Entropy-beacon authority keys: sr25519, signing commitments, reveals and health reports.
pub mod app {
	use polkadot_sdk::sp_application_crypto::{app_crypto, sr25519};
	app_crypto!(sr25519, super::ENTROPY_KEY_TYPE);
}

/// An entropy-beacon authority's public key (a session key).
pub type EntropyAuthorityId = app::Public;
/// A signature by an entropy-beacon authority key.
pub type EntropyAuthoritySignature = app::Signature;
/// An entropy-beacon authority's key pair.
#[cfg(feature = "std")]
pub type EntropyAuthorityPair = app::Pair;

/// Index of a beacon round: round `r` covers blocks `[r·L, (r+1)·L)` for round length `L`.
pub type Round = u32;

/// A value an authority draws from its TSU for one round.
pub type EntropyValue = [u8; 32];

/// A commitment to an [`EntropyValue`]: see [`commitment_of`].
pub type Commitment = [u8; 32];

/// The output of one beacon round.
pub type BeaconOutput = [u8; 32];

/// Domain separator of commitments.
pub const COMMITMENT_CONTEXT: &[u8] = b"aether/entropy/commitment";

/// The commitment to `value` by `authority` for `round`: `blake2_256(context, round, authority,
/// value)`. Binding the round and the authority stops one authority from copying another's
/// commitment, or replaying its own from an earlier round.
pub fn commitment_of(
	round: Round,
	authority: &EntropyAuthorityId,
	value: &EntropyValue,
) -> Commitment {
	polkadot_sdk::sp_io::hashing::blake2_256(
		&(COMMITMENT_CONTEXT, round, authority, value).encode(),
	)
}

/// Why a TSU gave no bytes.
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
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub enum TsuError {
	/// No TSU in this context: the host function was called outside an offchain worker, or the
	/// node runs without a TSU.
	Unavailable,
	/// More than [`MAX_TSU_REQUEST`] bytes were asked for in one call.
	RequestTooLarge,
	/// SP 800-90B §4.4.1 repetition count test failed: the source is stuck.
	RepetitionCount,
	/// SP 800-90B §4.4.2 adaptive proportion test failed: the source is biased.
	AdaptiveProportion,
	/// The periodicity test failed: the source repeats itself.
	Periodicity,
	/// The backend could not produce samples (a replay file ran out, the OS refused).
	SourceFailure,
}

impl TsuError {
	/// Whether this error is a failed health test of the source (as opposed to its absence).
	pub fn is_health_failure(&self) -> bool {
		matches!(self, Self::RepetitionCount | Self::AdaptiveProportion | Self::Periodicity)
	}
}

/// The beacon as user interfaces see it.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "std", serde(rename_all = "camelCase"))]
pub struct BeaconStatus<AccountId> {
	/// The round in progress.
	pub round: Round,
	/// Length of a round in blocks; the first half takes commitments, the second reveals.
	pub round_length: u32,
	/// The latest finished round with its output and the number of reveals mixed into it.
	pub latest: Option<(Round, BeaconOutput, u32)>,
	/// Authorities with their strikes and whether they are isolated from the beacon.
	pub authorities: Vec<(AccountId, EntropyAuthorityId, u32, bool)>,
}

sp_api::decl_runtime_apis! {
	/// The runtime side of the entropy beacon.
	pub trait EntropyApi<AccountId: codec::Codec> {
		/// The beacon's round, latest output and authorities.
		fn beacon_status() -> BeaconStatus<AccountId>;
	}
}

/// What a node's TSU offers to the host function: health-checked, conditioned bytes.
#[cfg(feature = "std")]
pub trait TsuProvider: Send + Sync {
	/// Fill `len` bytes from the TSU, or say why not.
	fn random_bytes(&self, len: u32) -> Result<Vec<u8>, TsuError>;
}

#[cfg(feature = "std")]
polkadot_sdk::sp_externalities::decl_extension! {
	/// The node's TSU, registered as an externalities extension in offchain workers only.
	pub struct TsuExt(std::sync::Arc<dyn TsuProvider>);
}

#[cfg(feature = "std")]
impl TsuExt {
	/// Wrap a TSU for the offchain-worker externalities.
	pub fn new(provider: std::sync::Arc<dyn TsuProvider>) -> Self {
		Self(provider)
	}
}

/// The TSU host function.
///
/// Only offchain workers may use it: the node registers [`TsuExt`] in offchain externalities and
/// nowhere else, so a call during block execution returns [`TsuError::Unavailable`] (and a
/// parachain validator, which knows only standard host functions, never reaches it: block
/// execution never calls it).
#[allow(unsafe_code)]
#[polkadot_sdk::sp_runtime_interface::runtime_interface]
pub trait Tsu {
	/// Up to [`MAX_TSU_REQUEST`] bytes from the node's TSU, conditioned and health-checked, or
	/// the reason there are none.
	fn random_bytes(
		&mut self,
		len: u32,
	) -> polkadot_sdk::sp_runtime_interface::pass_by::AllocateAndReturnByCodec<
		Result<Vec<u8>, TsuError>,
	> {
		if len > MAX_TSU_REQUEST {
			return Err(TsuError::RequestTooLarge);
		}
		match self.extension::<TsuExt>() {
			Some(ext) => ext.0.random_bytes(len),
			None => Err(TsuError::Unavailable),
		}
	}
}

/// Where an entropy authority's offchain worker draws the value it commits to.
pub trait OffchainEntropySource {
	/// Up to [`MAX_TSU_REQUEST`] bytes, or the reason there are none. Called in offchain
	/// workers only.
	fn random_bytes(len: u32) -> Result<Vec<u8>, TsuError>;
}

/// The node's TSU through the [`tsu`] host function: the solo chain's source, whose nodes
/// register the TSU. A runtime that uses it imports that host function.
pub struct TsuHostFunction;

impl OffchainEntropySource for TsuHostFunction {
	fn random_bytes(len: u32) -> Result<Vec<u8>, TsuError> {
		tsu::random_bytes(len)
	}
}

/// The node's OS randomness through the standard `offchain::random_seed` host function, for a
/// runtime run by nodes that know no custom host function (the parachain runtime under
/// `polkadot-omni-node`): its WASM then does not import [`tsu`]. No health tests apply; the
/// beacon still mixes every authority's reveal, so one honest authority keeps it unpredictable.
pub struct OffchainRandomSeed;

impl OffchainEntropySource for OffchainRandomSeed {
	fn random_bytes(len: u32) -> Result<Vec<u8>, TsuError> {
		if len > MAX_TSU_REQUEST {
			return Err(TsuError::RequestTooLarge);
		}
		let len = len as usize;
		let mut bytes = Vec::with_capacity(len);
		while bytes.len() < len {
			let seed = polkadot_sdk::sp_io::offchain::random_seed();
			let take = (len - bytes.len()).min(seed.len());
			bytes.extend_from_slice(&seed[..take]);
		}
		Ok(bytes)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use polkadot_sdk::{
		sp_core::offchain::{testing::TestOffchainExt, OffchainWorkerExt},
		sp_io::TestExternalities,
	};

	#[test]
	fn the_os_source_fills_any_length_from_the_offchain_seed() {
		let (offchain, state) = TestOffchainExt::new();
		let seed: [u8; 32] = core::array::from_fn(|i| i as u8 + 1);
		state.write().seed = seed;
		let mut ext = TestExternalities::default();
		ext.register_extension(OffchainWorkerExt::new(offchain));
		ext.execute_with(|| {
			// 70 bytes take three draws of 32 (the test extension repeats its seed).
			let bytes = OffchainRandomSeed::random_bytes(70).expect("within the limit");
			assert_eq!(bytes.len(), 70);
			assert_eq!(&bytes[..32], &seed);
			assert_eq!(&bytes[32..64], &seed);
			assert_eq!(&bytes[64..], &seed[..6]);
			assert_eq!(OffchainRandomSeed::random_bytes(0), Ok(Vec::new()));
			assert_eq!(
				OffchainRandomSeed::random_bytes(MAX_TSU_REQUEST + 1),
				Err(TsuError::RequestTooLarge)
			);
		});
	}

	#[test]
	fn the_tsu_source_is_unavailable_without_the_nodes_extension() {
		TestExternalities::default().execute_with(|| {
			assert_eq!(TsuHostFunction::random_bytes(32), Err(TsuError::Unavailable));
			assert_eq!(
				TsuHostFunction::random_bytes(MAX_TSU_REQUEST + 1),
				Err(TsuError::RequestTooLarge)
			);
		});
	}
}
