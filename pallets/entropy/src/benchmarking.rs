//! Benchmarks of the entropy beacon pallet (FRAME benchmarking v2).
//!
//! The call benchmarks measure `validate_unsigned` and the dispatch together: inside a block
//! the signature is checked by `pre_dispatch` (which is `validate_unsigned`), and the call's
//! weight must pay for it. Their signing key is generated in the benchmark keystore and sits last
//! in a full authority set.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::{Hooks, UnfilteredDispatchable};
use frame_system::RawOrigin;
use polkadot_sdk::sp_core::sr25519;
#[allow(deprecated)]
use sp_runtime::traits::ValidateUnsigned;

const SEED: u32 = 0;

/// `count` authorities with distinct keys; the last one's key is `last` if given.
fn authority_list<T: Config>(
	count: u32,
	last: Option<EntropyAuthorityId>,
) -> Vec<(T::AccountId, EntropyAuthorityId)> {
	let mut authorities: Vec<(T::AccountId, EntropyAuthorityId)> = (0..count)
		.map(|i| {
			let raw = sp_io::hashing::blake2_256(&(b"entropy-bench-authority", i).encode());
			(
				account("authority", i, SEED),
				EntropyAuthorityId::from(sr25519::Public::from_raw(raw)),
			)
		})
		.collect();
	if let (Some(key), Some(entry)) = (last, authorities.last_mut()) {
		entry.1 = key;
	}
	authorities
}

/// A full authority set whose last key is a fresh keystore key; returns its index and key.
fn full_set_with_local_key<T: Config>() -> (AuthorityIndex, EntropyAuthorityId) {
	let key = EntropyAuthorityId::generate_pair(None);
	let count = T::MaxAuthorities::get().max(1);
	Authorities::<T>::put(AuthorityList::<T>::truncate_from(authority_list::<T>(
		count,
		Some(key.clone()),
	)));
	(count - 1, key)
}

/// `key`'s signature over `payload`.
fn sign(
	key: &EntropyAuthorityId,
	payload: &impl Encode,
) -> Result<EntropyAuthoritySignature, BenchmarkError> {
	payload
		.using_encoded(|encoded| key.sign(&encoded))
		.ok_or(BenchmarkError::Stop("the benchmark keystore lacks the authority key"))
}

/// Validate `call` as in a block, then dispatch it.
#[allow(deprecated)]
fn validate_and_dispatch<T: Config>(call: Call<T>) -> Result<(), BenchmarkError> {
	Pallet::<T>::validate_unsigned(TransactionSource::InBlock, &call)
		.map_err(|_| BenchmarkError::Stop("the call does not validate"))?;
	call.dispatch_bypass_filter(RawOrigin::None.into())
		.map_err(|_| BenchmarkError::Stop("the call fails"))?;
	Ok(())
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// Worst case: a full authority set, the committer last.
	#[benchmark]
	fn commit() -> Result<(), BenchmarkError> {
		let (index, key) = full_set_with_local_key::<T>();
		let round: Round = 1;
		frame_system::Pallet::<T>::set_block_number(Pallet::<T>::round_start(round));
		let commitment = commitment_of(round, &key, &[7u8; 32]);
		let payload = CommitPayload { round, authority_index: index, commitment };
		let signature = sign(&key, &payload)?;
		let call = Call::<T>::commit { payload, signature };

		#[block]
		{
			validate_and_dispatch::<T>(call)?;
		}

		assert_eq!(Commitments::<T>::get(round, index), Some(commitment));
		Ok(())
	}

	/// Worst case: a full authority set, the revealer last and not isolated, so it is credited.
	#[benchmark]
	fn reveal() -> Result<(), BenchmarkError> {
		let (index, key) = full_set_with_local_key::<T>();
		let round: Round = 1;
		let value = [7u8; 32];
		Commitments::<T>::insert(round, index, commitment_of(round, &key, &value));
		let half: BlockNumberFor<T> = (T::RoundLength::get() / 2u32.into()).max(1u32.into());
		frame_system::Pallet::<T>::set_block_number(
			Pallet::<T>::round_start(round).saturating_add(half),
		);
		let payload = RevealPayload { round, authority_index: index, value };
		let signature = sign(&key, &payload)?;
		let call = Call::<T>::reveal { payload, signature };

		#[block]
		{
			validate_and_dispatch::<T>(call)?;
		}

		assert_eq!(Reveals::<T>::get(round, index), Some(value));
		Ok(())
	}

	/// Worst case: a full authority set, the reporter last.
	#[benchmark]
	fn report_health_failure() -> Result<(), BenchmarkError> {
		let (index, key) = full_set_with_local_key::<T>();
		let round: Round = 1;
		frame_system::Pallet::<T>::set_block_number(Pallet::<T>::round_start(round));
		let payload =
			HealthPayload { round, authority_index: index, failure: TsuError::RepetitionCount };
		let signature = sign(&key, &payload)?;
		let call = Call::<T>::report_health_failure { payload, signature };

		#[block]
		{
			validate_and_dispatch::<T>(call)?;
		}

		assert_eq!(HealthReports::<T>::get(round, index), Some(TsuError::RepetitionCount));
		Ok(())
	}

	/// Round finalisation in the first block of a round with `a` authorities. Worst case: every
	/// authority committed and revealed and every standing changes: the even-indexed ones also
	/// reported a health failure and reach `MaxStrikes` (isolated, suspended), the odd-indexed
	/// ones are isolated and reach `RecoveryRounds` (restored, resumed). An output falls out of
	/// the history and a pending authority set of `a` authorities is installed.
	#[benchmark]
	fn finalize_round(a: Linear<1, { T::MaxAuthorities::get() }>) -> Result<(), BenchmarkError> {
		let authorities = authority_list::<T>(a, None);
		Authorities::<T>::put(AuthorityList::<T>::truncate_from(authorities.clone()));
		let round: Round = T::HistoryDepth::get().max(1);
		Outputs::<T>::insert(0, ([1u8; 32], a));
		for (index, (who, key)) in authorities.iter().enumerate() {
			let index = index as AuthorityIndex;
			let value = sp_io::hashing::blake2_256(&index.encode());
			Commitments::<T>::insert(round, index, commitment_of(round, key, &value));
			Reveals::<T>::insert(round, index, value);
			if index.is_multiple_of(2) {
				HealthReports::<T>::insert(round, index, TsuError::Periodicity);
				let strikes = T::MaxStrikes::get().saturating_sub(1);
				if strikes > 0 {
					Standing::<T>::insert(
						who,
						AuthorityStanding { strikes, clean_rounds: 0, isolated: false },
					);
				}
			} else {
				let clean_rounds = T::RecoveryRounds::get().saturating_sub(1);
				Standing::<T>::insert(
					who,
					AuthorityStanding { strikes: 0, clean_rounds, isolated: true },
				);
				T::Contribution::suspend(who);
			}
		}
		let pending = authority_list::<T>(a, None).into_iter().rev().collect::<Vec<_>>();
		PendingAuthorities::<T>::put(AuthorityList::<T>::truncate_from(pending));
		let n = Pallet::<T>::round_start(round.saturating_add(1));
		frame_system::Pallet::<T>::set_block_number(n);

		#[block]
		{
			Pallet::<T>::on_initialize(n);
		}

		let contributors = a.div_ceil(2);
		assert_eq!(
			Latest::<T>::get().map(|latest| (latest.0, latest.2)),
			Some((round, contributors))
		);
		assert!(!Outputs::<T>::contains_key(0));
		assert!(Reveals::<T>::iter_prefix(round).next().is_none());
		assert!(PendingAuthorities::<T>::get().is_none());
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
