//! Benchmarks of the verifier pallet, with the precomputed keys and proofs of [`crate::fixtures`]
//! (a prover in the runtime would be far too slow). `n` is the number of public inputs, from 1 to
//! `min(MAX_BENCH_INPUTS, MaxPublicInputs)`; the fixtures' inputs are full-size scalars, the
//! worst case of the multi-scalar multiplication.

use super::*;
use crate::fixtures::{fixture, Fixture, MAX_BENCH_INPUTS};
use frame_benchmarking::v2::*;
use frame_system::RawOrigin;
use polkadot_sdk::frame_benchmarking;

fn funded<T: Config>(name: &'static str) -> T::AccountId {
	let who: T::AccountId = account(name, 0, 0);
	let amount = T::Currency::minimum_balance()
		.saturating_mul(1_000u32.into())
		.saturating_add(Pallet::<T>::key_deposit(T::MaxPublicInputs::get()));
	let _ = T::Currency::mint_into(&who, amount);
	who
}

fn fixture_for(n: u32) -> Result<Fixture, BenchmarkError> {
	fixture(n).ok_or(BenchmarkError::Stop("no fixture with this many inputs"))
}

/// `owner` registers the fixture with `n` inputs; returns its id and the fixture.
fn registered<T: Config>(owner: &T::AccountId, n: u32) -> Result<(VkId, Fixture), BenchmarkError> {
	let fixture = fixture_for(n)?;
	let id = NextKeyId::<T>::get();
	Pallet::<T>::register_key(RawOrigin::Signed(owner.clone()).into(), fixture.vk.clone())
		.map_err(|_| BenchmarkError::Stop("the fixture key registers"))?;
	Ok((id, fixture))
}

fn max_inputs<T: Config>() -> u32 {
	MAX_BENCH_INPUTS.min(T::MaxPublicInputs::get())
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// A key with `n` inputs: validated decoding, the canonical check, one pairing, the hold.
	#[benchmark]
	fn register_key(n: Linear<1, { max_inputs::<T>() }>) -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner");
		let fixture = fixture_for(n)?;
		let id = NextKeyId::<T>::get();
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), fixture.vk);
		assert_eq!(Keys::<T>::get(id).map(|info| info.inputs), Some(n));
		Ok(())
	}

	#[benchmark]
	fn unregister_key() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner");
		let (id, _) = registered::<T>(&owner, max_inputs::<T>())?;
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id);
		assert!(!Keys::<T>::contains_key(id));
		Ok(())
	}

	/// The `verify` call with a valid proof with `n` inputs: the full path, every check passes.
	/// (A benchmark cannot be named `verify`: the macro's own `verify` flag would clash.)
	#[benchmark]
	fn verify_proof(n: Linear<1, { max_inputs::<T>() }>) -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner");
		let caller = funded::<T>("caller");
		let (id, fixture) = registered::<T>(&owner, n)?;
		#[extrinsic_call]
		verify(RawOrigin::Signed(caller), id, fixture.proof, fixture.inputs);
		frame_system::Pallet::<T>::assert_last_event(Event::<T>::ProofVerified { key: id }.into());
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
