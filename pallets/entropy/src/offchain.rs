//! The offchain worker: commits, reveals and health reports for the node's own entropy keys.
//!
//! The worker of block `n` acts for block `n + 1`, the earliest its transactions can enter. For
//! each local key of the current authority set it keeps one [`LocalRound`] record per round in
//! persistent offchain storage: the value drawn from the TSU (stored before the commitment is
//! submitted, so a crash between the two loses nothing) and the block each transaction was last
//! sent at, so a transaction is repeated only if it has not been included after
//! [`RESUBMIT_AFTER_BLOCKS`] blocks. Records are changed by compare-and-set, so workers of
//! different blocks running at once never both send. Records of finished rounds are deleted.

use super::*;
use frame_system::offchain::SubmitTransaction;
use sp_runtime::offchain::storage::{MutateStorageError, StorageRetrievalError, StorageValueRef};

/// Blocks after which the worker repeats a transaction that has not been included.
pub const RESUBMIT_AFTER_BLOCKS: u64 = 3;

/// Prefix of the offchain-storage key of a [`LocalRound`]: the full key is
/// `SCALE((LOCAL_ROUND_PREFIX, round, authority key))`.
const LOCAL_ROUND_PREFIX: &[u8] = b"aether/entropy/local-round";

/// Prefix of the offchain-storage key of the list of rounds that have a [`LocalRound`] for one
/// authority key: `SCALE((LOCAL_ROUNDS_PREFIX, authority key))`.
const LOCAL_ROUNDS_PREFIX: &[u8] = b"aether/entropy/local-rounds";

/// What the worker remembers of one round for one local authority key.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub(crate) struct LocalRound {
	/// The value drawn from the TSU and committed to.
	pub value: Option<EntropyValue>,
	/// Block whose worker last sent the commitment.
	pub commit_sent: Option<u64>,
	/// Block whose worker last sent the reveal.
	pub reveal_sent: Option<u64>,
	/// Block whose worker last sent a health report.
	pub report_sent: Option<u64>,
}

/// The transactions the worker sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Action {
	Commit,
	Reveal,
	Report,
}

impl LocalRound {
	fn sent(&mut self, action: Action) -> &mut Option<u64> {
		match action {
			Action::Commit => &mut self.commit_sent,
			Action::Reveal => &mut self.reveal_sent,
			Action::Report => &mut self.report_sent,
		}
	}
}

/// Why the worker did not send something.
#[derive(Debug, PartialEq, Eq)]
enum OffchainError {
	/// The same transaction was sent at this block and may still be included.
	WaitingForInclusion(u64),
	/// Another worker changed the local record at the same time.
	ConcurrentModification,
	/// The TSU gave no value.
	Tsu(TsuError),
	/// The TSU gave a value of the wrong length.
	ShortValue(usize),
	/// The value committed to is no longer in offchain storage.
	ValueLost,
	/// The stored value does not open the commitment on chain.
	CommitmentMismatch,
	/// The keystore did not sign.
	FailedSigning,
	/// The transaction pool refused the transaction.
	SubmitTransaction,
}

impl<E> From<MutateStorageError<LocalRound, E>> for OffchainError {
	fn from(_: MutateStorageError<LocalRound, E>) -> Self {
		Self::ConcurrentModification
	}
}

/// The offchain-storage key of the record of `round` for `key`.
pub(crate) fn local_round_key(round: Round, key: &EntropyAuthorityId) -> Vec<u8> {
	(LOCAL_ROUND_PREFIX, round, key).encode()
}

/// The offchain-storage key of the rounds recorded for `key`.
fn local_rounds_key(key: &EntropyAuthorityId) -> Vec<u8> {
	(LOCAL_ROUNDS_PREFIX, key).encode()
}

impl<T: Config> Pallet<T> {
	/// The worker of block `now`.
	pub(crate) fn run_offchain_worker(now: BlockNumberFor<T>) {
		let next = now.saturating_add(1u32.into());
		let round = Self::round_of(next);
		let block = now.saturated_into::<u64>();
		let local = Self::local_authority_keys();
		for (_, key) in &local {
			Self::forget_rounds_before(key, round);
		}
		if Self::starts_round(next) && PendingAuthorities::<T>::exists() {
			// The authority indices change with the next block: commit one block later.
			log::debug!(target: LOG_TARGET, "authority set changes at round {round}; waiting");
			return;
		}
		for (index, key) in local {
			let result = match Self::phase_of(next) {
				Phase::Commit => Self::offchain_commit(block, round, index, &key),
				Phase::Reveal => Self::offchain_reveal(block, round, index, &key),
			};
			match result {
				Ok(()) => {},
				Err(OffchainError::Tsu(TsuError::Unavailable)) => log::warn!(
					target: LOG_TARGET,
					"authority {index} has no TSU; not committing in round {round}",
				),
				Err(error) => log::debug!(
					target: LOG_TARGET,
					"authority {index}, round {round}, block {block}: {error:?}",
				),
			}
		}
	}

	/// The current authorities whose keys are in the local keystore, with their indices.
	fn local_authority_keys() -> Vec<(AuthorityIndex, EntropyAuthorityId)> {
		let mut local = EntropyAuthorityId::all();
		local.sort();
		Authorities::<T>::get()
			.into_iter()
			.enumerate()
			.filter(|(_, (_, key))| local.binary_search(key).is_ok())
			.map(|(index, (_, key))| (index as AuthorityIndex, key))
			.collect()
	}

	/// Commit for `round` unless the commitment is on chain or was sent recently: reuse the
	/// value of an earlier attempt or draw one from the TSU, store it, then submit.
	fn offchain_commit(
		block: u64,
		round: Round,
		index: AuthorityIndex,
		key: &EntropyAuthorityId,
	) -> Result<(), OffchainError> {
		if Commitments::<T>::contains_key(round, index) {
			return Ok(());
		}
		let record = Self::claim(block, round, key, Action::Commit)?;
		let value = match record.value {
			Some(value) => value,
			None => match Self::draw() {
				Ok(value) => {
					// Store the value before anything leaves the node.
					let stored = Self::update_local_round(round, key, |record| {
						record.value.get_or_insert(value);
					});
					match stored.map(|record| record.value) {
						Ok(Some(value)) => value,
						Ok(None) | Err(_) => {
							Self::release(round, key, Action::Commit);
							return Err(OffchainError::ConcurrentModification);
						},
					}
				},
				Err(error) => {
					Self::release(round, key, Action::Commit);
					if let OffchainError::Tsu(failure) = error {
						if failure.is_health_failure() {
							log::warn!(
								target: LOG_TARGET,
								"authority {index}: TSU failed a health test ({failure:?}) in \
								 round {round}; reporting",
							);
							return Self::offchain_report(block, round, index, key, failure);
						}
					}
					return Err(error);
				},
			},
		};
		let payload = CommitPayload {
			round,
			authority_index: index,
			commitment: commitment_of(round, key, &value),
		};
		let signature = Self::sign(key, &payload);
		Self::submit_or_release(
			round,
			key,
			Action::Commit,
			signature.map(|signature| Call::commit { payload, signature }),
		)
	}

	/// Reveal the stored value for `round` if its commitment is on chain, it is not revealed
	/// yet and the reveal was not sent recently.
	fn offchain_reveal(
		block: u64,
		round: Round,
		index: AuthorityIndex,
		key: &EntropyAuthorityId,
	) -> Result<(), OffchainError> {
		let Some(commitment) = Commitments::<T>::get(round, index) else {
			return Ok(());
		};
		if Reveals::<T>::contains_key(round, index) {
			return Ok(());
		}
		let record = Self::claim(block, round, key, Action::Reveal)?;
		let call = match record.value {
			None => Err(OffchainError::ValueLost),
			Some(value) if commitment_of(round, key, &value) != commitment => {
				Err(OffchainError::CommitmentMismatch)
			},
			Some(value) => {
				let payload = RevealPayload { round, authority_index: index, value };
				Self::sign(key, &payload).map(|signature| Call::reveal { payload, signature })
			},
		};
		if matches!(call, Err(OffchainError::ValueLost | OffchainError::CommitmentMismatch)) {
			log::error!(
				target: LOG_TARGET,
				"authority {index} cannot open its commitment of round {round}: {call:?}",
			);
		}
		Self::submit_or_release(round, key, Action::Reveal, call)
	}

	/// Report `failure` for `round` unless a report is on chain or was sent recently.
	fn offchain_report(
		block: u64,
		round: Round,
		index: AuthorityIndex,
		key: &EntropyAuthorityId,
		failure: TsuError,
	) -> Result<(), OffchainError> {
		if HealthReports::<T>::contains_key(round, index) {
			return Ok(());
		}
		Self::claim(block, round, key, Action::Report)?;
		let payload = HealthPayload { round, authority_index: index, failure };
		let call = Self::sign(key, &payload)
			.map(|signature| Call::report_health_failure { payload, signature });
		Self::submit_or_release(round, key, Action::Report, call)
	}

	/// 32 bytes from the TSU.
	fn draw() -> Result<EntropyValue, OffchainError> {
		let bytes = T::Source::random_bytes(32).map_err(OffchainError::Tsu)?;
		EntropyValue::try_from(bytes.as_slice()).map_err(|_| OffchainError::ShortValue(bytes.len()))
	}

	/// `key`'s signature over `payload.encode()`.
	fn sign(
		key: &EntropyAuthorityId,
		payload: &impl Encode,
	) -> Result<EntropyAuthoritySignature, OffchainError> {
		payload.using_encoded(|encoded| key.sign(&encoded)).ok_or(OffchainError::FailedSigning)
	}

	/// Mark `action` of `round` as sent at `block`, unless it was sent less than
	/// [`RESUBMIT_AFTER_BLOCKS`] blocks ago; return the record.
	fn claim(
		block: u64,
		round: Round,
		key: &EntropyAuthorityId,
		action: Action,
	) -> Result<LocalRound, OffchainError> {
		let storage_key = local_round_key(round, key);
		let storage = StorageValueRef::persistent(&storage_key);
		let result = storage.mutate(|stored: Result<Option<LocalRound>, StorageRetrievalError>| {
			let mut record = stored.ok().flatten().unwrap_or_default();
			let sent = record.sent(action);
			match *sent {
				Some(at) if block < at.saturating_add(RESUBMIT_AFTER_BLOCKS) => {
					Err(OffchainError::WaitingForInclusion(at))
				},
				_ => {
					*sent = Some(block);
					Ok(record)
				},
			}
		});
		let record = match result {
			Ok(record) => record,
			Err(MutateStorageError::ValueFunctionFailed(error)) => return Err(error),
			Err(MutateStorageError::ConcurrentModification(_)) => {
				return Err(OffchainError::ConcurrentModification)
			},
		};
		Self::remember_round(round, key);
		Ok(record)
	}

	/// Change the record of `round` for `key` with `f`; return the new record.
	fn update_local_round(
		round: Round,
		key: &EntropyAuthorityId,
		f: impl FnOnce(&mut LocalRound),
	) -> Result<LocalRound, OffchainError> {
		let storage_key = local_round_key(round, key);
		let storage = StorageValueRef::persistent(&storage_key);
		let record =
			storage.mutate(|stored: Result<Option<LocalRound>, StorageRetrievalError>| {
				let mut record = stored.ok().flatten().unwrap_or_default();
				f(&mut record);
				Ok::<_, OffchainError>(record)
			})?;
		Ok(record)
	}

	/// Forget that `action` of `round` was sent, so the next worker tries again.
	fn release(round: Round, key: &EntropyAuthorityId, action: Action) {
		if Self::update_local_round(round, key, |record| *record.sent(action) = None).is_err() {
			log::debug!(target: LOG_TARGET, "could not release {action:?} of round {round}");
		}
	}

	/// Submit `call` (if there is one) as an unsigned transaction; on any failure forget that
	/// it was sent.
	fn submit_or_release(
		round: Round,
		key: &EntropyAuthorityId,
		action: Action,
		call: Result<Call<T>, OffchainError>,
	) -> Result<(), OffchainError> {
		let result = call.and_then(|call| {
			log::debug!(target: LOG_TARGET, "submitting {action:?} for round {round}");
			SubmitTransaction::<T, Call<T>>::submit_transaction(T::create_bare(call.into()))
				.map_err(|()| OffchainError::SubmitTransaction)
		});
		if result.is_err() {
			Self::release(round, key, action);
		}
		result
	}

	/// Add `round` to the rounds recorded for `key`.
	fn remember_round(round: Round, key: &EntropyAuthorityId) {
		let storage_key = local_rounds_key(key);
		let storage = StorageValueRef::persistent(&storage_key);
		let result = storage.mutate(|stored: Result<Option<Vec<Round>>, StorageRetrievalError>| {
			let mut rounds = stored.ok().flatten().unwrap_or_default();
			if !rounds.contains(&round) {
				rounds.push(round);
			}
			Ok::<_, ()>(rounds)
		});
		if result.is_err() {
			log::debug!(target: LOG_TARGET, "could not record round {round} for cleanup");
		}
	}

	/// Delete the records of `key` for rounds before `round`: nothing can be sent for them.
	fn forget_rounds_before(key: &EntropyAuthorityId, round: Round) {
		let storage_key = local_rounds_key(key);
		let storage = StorageValueRef::persistent(&storage_key);
		let mut old = Vec::new();
		let result = storage.mutate(|stored: Result<Option<Vec<Round>>, StorageRetrievalError>| {
			let rounds = stored.ok().flatten().unwrap_or_default();
			let (expired, kept): (Vec<Round>, Vec<Round>) =
				rounds.into_iter().partition(|r| *r < round);
			if expired.is_empty() {
				return Err(());
			}
			old = expired;
			Ok(kept)
		});
		if result.is_ok() {
			for expired in old {
				let record_key = local_round_key(expired, key);
				StorageValueRef::persistent(&record_key).clear();
			}
		}
	}
}
