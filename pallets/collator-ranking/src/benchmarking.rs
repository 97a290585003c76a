//! Benchmarks of the collator-ranking pallet, each at the largest candidate list its weight
//! takes as a parameter; `new_session` ranks `c` candidates that all contributed differently.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::{
	fungible::{Inspect, Mutate},
	Get,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use pallet::BalanceOf;
use polkadot_sdk::{frame_benchmarking, frame_support, sp_runtime::Saturating};

/// A funded account with session keys.
fn keyed<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	let amount: BalanceOf<T> = T::Currency::minimum_balance()
		.saturating_add(T::CandidacyBond::get())
		.saturating_mul(1_000u32.into());
	let _ = T::Currency::mint_into(&who, amount);
	T::BenchmarkHelper::register_keys(&who);
	who
}

/// `c` registered candidates, candidate `i` credited `i + 1` blocks' worth of contribution.
fn candidates<T: Config>(c: u32) -> Vec<T::AccountId> {
	(0..c)
		.map(|i| {
			let who = keyed::<T>("candidate", i);
			Pallet::<T>::register_as_candidate(RawOrigin::Signed(who.clone()).into())
				.expect("a keyed, funded account can register");
			T::Contribution::note_contribution(
				&who,
				ContributionKind::CommandFuel,
				T::BlockAuthorshipPoints::get().saturating_mul((i + 1).into()),
			);
			who
		})
		.collect()
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_as_candidate(c: Linear<0, { T::MaxCandidates::get() - 1 }>) {
		candidates::<T>(c);
		let who = keyed::<T>("newcomer", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));

		assert!(Candidates::<T>::get().contains(&who));
	}

	#[benchmark]
	fn leave_candidacy(c: Linear<1, { T::MaxCandidates::get() }>) {
		let all = candidates::<T>(c);
		// The first registered: the removal shifts every other entry.
		let who = all[0].clone();

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));

		assert!(!Candidates::<T>::get().contains(&who));
	}

	#[benchmark]
	fn set_desired_collators() {
		let desired = T::MaxCollators::get();

		#[extrinsic_call]
		_(RawOrigin::Root, desired);

		assert_eq!(DesiredCollators::<T>::get(), desired);
	}

	#[benchmark]
	fn set_invulnerables(
		b: Linear<1, { T::MaxInvulnerables::get() }>,
		c: Linear<0, { T::MaxCandidates::get() }>,
	) {
		candidates::<T>(c);
		let new: Vec<T::AccountId> = (0..b).map(|i| keyed::<T>("invulnerable", i)).collect();

		#[extrinsic_call]
		_(RawOrigin::Root, new.clone());

		assert_eq!(Invulnerables::<T>::get().to_vec(), new);
	}

	#[benchmark]
	fn new_session(c: Linear<0, { T::MaxCandidates::get() }>) {
		candidates::<T>(c);
		DesiredCollators::<T>::put(T::MaxCollators::get());
		let collators;

		#[block]
		{
			collators = <Pallet<T> as pallet_session::SessionManager<T::AccountId>>::new_session(1);
		}

		if c > 0 {
			assert!(collators.is_some());
		}
	}

	#[benchmark]
	fn note_author() {
		let who = keyed::<T>("author", 0);

		#[block]
		{
			<Pallet<T> as pallet_authorship::EventHandler<T::AccountId, BlockNumberFor<T>>>::note_author(who.clone());
		}
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
