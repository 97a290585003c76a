//! # Proof-of-Contribution consensus client
//!
//! Block authorship for Aether Chain, built like Aura and BABE on `sc-consensus-slots`:
//!
//! - [`start_poc`] runs the slot worker: at each slot it reads the lottery parameters from the
//!   best block's state ([`aether_primitives::poc::PocApi::lottery`]), evaluates the VRF of every
//!   local authority key on `(epoch randomness, slot)`, and authors a block when one wins (or when
//!   it is the slot's fallback author after a drought), with a pre-runtime digest carrying the
//!   claim and a seal signed by the authority key;
//! - [`import_queue`] checks every incoming block against its **parent's** state: slot after the
//!   parent's and not in the future, known author, VRF proof, threshold, seal, inherents, and
//!   reports equivocations (two blocks in one slot by one author) to the runtime.
//!
//! The rules themselves live in `aether_primitives::poc::verification`, shared with the runtime.
//! Fork choice is the longest chain; GRANDPA finalizes.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod verifier;
mod worker;

#[cfg(test)]
mod tests;

pub use verifier::{import_queue, ImportQueueParams, PocVerifier};
pub use worker::{claim_slot, start_poc, Claim, StartPocParams};

use aether_primitives::poc::{verification::ClaimError, PocApi, Slot, SlotDuration};
use polkadot_sdk::{
	sp_api::ProvideRuntimeApi,
	sp_blockchain::HeaderBackend,
	sp_consensus::Error as ConsensusError,
	sp_inherents::{InherentData, InherentDataProvider, InherentIdentifier},
	sp_runtime::traits::Block as BlockT,
	sp_timestamp::Timestamp,
};
use std::ops::Deref;

/// Log target of this crate.
pub const LOG_TARGET: &str = "poc";

/// How many slots ahead of the local clock a block may be and still be imported: one, for clock
/// drift between honest nodes (as Aura allows).
pub const MAX_SLOT_DRIFT: u64 = 1;

/// Errors of the PoC client.
#[derive(Debug, thiserror::Error)]
pub enum Error {
	/// A runtime API call failed.
	#[error("runtime API call failed: {0}")]
	RuntimeApi(String),
	/// A block's claim on its slot is invalid.
	#[error("invalid PoC claim: {0}")]
	InvalidClaim(ClaimError),
	/// Inherent data could not be created or the block's inherents are invalid.
	#[error("inherents: {0}")]
	Inherents(String),
	/// The client failed.
	#[error(transparent)]
	Client(#[from] polkadot_sdk::sp_blockchain::Error),
	/// The keystore could not sign.
	#[error("cannot sign with the authority key: {0}")]
	CannotSign(String),
}

impl From<Error> for ConsensusError {
	fn from(e: Error) -> Self {
		match e {
			Error::CannotSign(s) => ConsensusError::CannotSign(s),
			other => ConsensusError::ClientImport(other.to_string()),
		}
	}
}

/// The slot duration, read from the runtime at the best block.
pub fn slot_duration<B, C>(client: &C) -> Result<SlotDuration, ConsensusError>
where
	B: BlockT,
	C: ProvideRuntimeApi<B> + HeaderBackend<B>,
	C::Api: PocApi<B, aether_primitives::AccountId>,
{
	client
		.runtime_api()
		.slot_duration(client.info().best_hash)
		.map_err(|e| Error::RuntimeApi(e.to_string()).into())
}

/// Provides the current slot to the slot worker and the verifier. PoC puts its slot in the
/// pre-runtime digest, not in an inherent, so this provider adds no inherent data.
#[derive(Clone, Copy, Debug)]
pub struct SlotProvider(Slot);

impl SlotProvider {
	/// The slot that contains `timestamp`.
	pub fn from_timestamp_and_slot_duration(
		timestamp: Timestamp,
		slot_duration: SlotDuration,
	) -> Self {
		Self(Slot::from_timestamp(timestamp, slot_duration))
	}

	/// The slot.
	pub fn slot(&self) -> Slot {
		self.0
	}
}

impl Deref for SlotProvider {
	type Target = Slot;
	fn deref(&self) -> &Slot {
		&self.0
	}
}

#[async_trait::async_trait]
impl InherentDataProvider for SlotProvider {
	async fn provide_inherent_data(
		&self,
		_: &mut InherentData,
	) -> Result<(), polkadot_sdk::sp_inherents::Error> {
		Ok(())
	}

	async fn try_handle_error(
		&self,
		_: &InherentIdentifier,
		_: &[u8],
	) -> Option<Result<(), polkadot_sdk::sp_inherents::Error>> {
		None
	}
}
