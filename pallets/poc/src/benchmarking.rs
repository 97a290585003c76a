//! Benchmarks of the PoC pallet (FRAME benchmarking v2).
//!
//! The runtime never verifies VRF proofs (the import verifier does), so the pre-digests here carry
//! a well-formed fixed VRF signature; the equivocation benchmark seals real headers with a key
//! generated in the benchmark keystore, so its two signature checks are real.

use super::*;
use aether_primitives::poc::{digests::CompatibleDigestItem, ClaimKind};
use frame_benchmarking::v2::*;
use frame_support::traits::Hooks;
use frame_system::RawOrigin;
use polkadot_sdk::sp_core::sr25519::{self, vrf::VrfSignature};
use sp_runtime::{
	traits::{Hash as HashT, Header as HeaderT, One, Saturating, Zero},
	Digest, DigestItem, RuntimeAppPublic,
};

const SEED: u32 = 0;

/// A well-formed VRF signature: any 32 bytes are a pre-output, two zero scalars a proof.
fn vrf_signature(seed: u32) -> Result<VrfSignature, BenchmarkError> {
	let mut bytes = sp_io::hashing::blake2_256(&seed.encode()).to_vec();
	bytes.extend_from_slice(&[0u8; 64]);
	VrfSignature::decode(&mut &bytes[..])
		.map_err(|_| BenchmarkError::Stop("fixed VRF signature does not decode"))
}

/// Install `count` authorities with distinct keys; the last one's key is `last` if given.
fn set_authorities<T: Config>(
	count: u32,
	last: Option<AuthorityId>,
) -> Result<T::AccountId, BenchmarkError> {
	let mut authorities: Vec<(T::AccountId, AuthorityId)> = (0..count)
		.map(|i| {
			let raw = sp_io::hashing::blake2_256(&(b"poc-bench-authority", i).encode());
			(account("authority", i, SEED), AuthorityId::from(sr25519::Public::from_raw(raw)))
		})
		.collect();
	if let (Some(key), Some(entry)) = (last, authorities.last_mut()) {
		entry.1 = key;
	}
	let author = authorities
		.last()
		.map(|(who, _)| who.clone())
		.ok_or(BenchmarkError::Stop("no authority"))?;
	Authorities::<T>::put(BoundedVec::truncate_from(authorities));
	Ok(author)
}

/// A header claimed for `slot` by `index` and sealed by `key`; `salt` tells headers apart.
fn sealed_header<T: Config>(
	key: &AuthorityId,
	index: u32,
	slot: Slot,
	salt: u8,
) -> Result<HeaderFor<T>, BenchmarkError> {
	let pre = PreDigest {
		authority_index: index,
		slot,
		kind: ClaimKind::Primary,
		vrf_signature: vrf_signature(u32::from(salt))?,
	};
	let mut header = <HeaderFor<T> as HeaderT>::new(
		One::one(),
		Default::default(),
		<<HeaderFor<T> as HeaderT>::Hashing as HashT>::hash(&[salt]),
		Default::default(),
		Digest { logs: alloc::vec![DigestItem::poc_pre_digest(&pre)] },
	);
	let signature = key
		.sign(&header.hash().as_ref())
		.ok_or(BenchmarkError::Stop("the benchmark keystore lacks the offender's key"))?;
	header.digest_mut().push(DigestItem::poc_seal(signature));
	Ok(header)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn set_weight_bounds() {
		let floor: Contribution = 1_000;
		let cap = Perbill::from_percent(10);

		#[extrinsic_call]
		_(RawOrigin::Root, floor, cap);

		assert_eq!(WeightBounds::<T>::get(), LotteryWeightBounds { floor, cap });
	}

	/// Worst case: a full authority set with the offender last, and an existing score.
	#[benchmark]
	fn report_equivocation_unsigned() -> Result<(), BenchmarkError> {
		let offender = AuthorityId::generate_pair(None);
		let count = T::MaxAuthorities::get().max(1);
		let account = set_authorities::<T>(count, Some(offender.clone()))?;
		Contributions::<T>::insert(
			&account,
			ContributionRecord { score: 1_000_000, updated_at: Zero::zero() },
		);
		let slot = Slot::from(42u64);
		let proof = EquivocationProof {
			offender: offender.clone(),
			slot,
			first_header: sealed_header::<T>(&offender, count - 1, slot, 1)?,
			second_header: sealed_header::<T>(&offender, count - 1, slot, 2)?,
		};

		#[extrinsic_call]
		_(RawOrigin::None, Box::new(proof));

		assert!(ReportedEquivocations::<T>::contains_key((offender, slot)));
		Ok(())
	}

	/// Worst case for `a` authorities: a full window, a block that starts an epoch, an author
	/// with an old record to decay.
	#[benchmark]
	fn on_initialize_block(a: Linear<1, 100>) -> Result<(), BenchmarkError> {
		let a = a.min(T::MaxAuthorities::get()).max(1);
		let author = set_authorities::<T>(a, None)?;
		Contributions::<T>::insert(
			&author,
			ContributionRecord { score: 1_000_000, updated_at: One::one() },
		);

		let target_gap = Pallet::<T>::target_gap();
		let len = T::RetargetWindow::get().clamp(1, MAX_RETARGET_WINDOW);
		let entry = WindowEntry {
			gap: u32::try_from(target_gap).unwrap_or(u32::MAX),
			difficulty: Difficulty::<T>::get(),
		};
		Window::<T>::put(BoundedVec::truncate_from(alloc::vec![entry; len as usize]));
		WindowHead::<T>::put(len / 2);
		LastSlot::<T>::put(Slot::from(1_000u64));

		let n = T::EpochLength::get().saturating_add(One::one());
		frame_system::Pallet::<T>::set_block_number(n);
		let pre = PreDigest {
			authority_index: a - 1,
			slot: Slot::from(1_000u64.saturating_add(target_gap).saturating_add(1)),
			kind: ClaimKind::Primary,
			vrf_signature: vrf_signature(0)?,
		};
		frame_system::Pallet::<T>::deposit_log(DigestItem::poc_pre_digest(&pre));
		let epoch = EpochIndex::<T>::get();

		#[block]
		{
			Pallet::<T>::on_initialize(n);
		}

		assert_eq!(EpochIndex::<T>::get(), epoch + 1);
		assert_eq!(LastSlot::<T>::get(), pre.slot);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
