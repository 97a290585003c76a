//! Benchmarks of the Chalice pallet. `on_initialize_close` and `note_contribution` run with up to
//! 10,000 accounts holding points in the period, to show that a block costs the same for 1 or
//! 10,000 originators and validators.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::Get;
use frame_system::RawOrigin;
use polkadot_sdk::{frame_benchmarking, frame_support};

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	let amount = T::Currency::minimum_balance()
		.saturating_mul(1_000_000u32.into())
		.saturating_add(T::DataDeposit::get())
		.saturating_add(T::EnvelopeDeposit::get().saturating_mul(T::MaxEnvelopes::get().into()));
	let _ = T::Currency::mint_into(&who, amount);
	who
}

fn terms<T: Config>(t: u32) -> TermsOf<T> {
	if t == 0 {
		UsageTerms::AnyProgram
	} else {
		let list: Vec<ProgramId> = (0..u64::from(t)).collect();
		UsageTerms::OnlyPrograms(list.try_into().expect("t <= MaxTermsPrograms"))
	}
}

fn commit<T: Config>(owner: &T::AccountId, price: u32) -> DataId {
	let id = NextDataId::<T>::get();
	Pallet::<T>::commit_data(
		RawOrigin::Signed(owner.clone()).into(),
		[1; 32],
		1024,
		price.into(),
		terms::<T>(T::MaxTermsPrograms::get()),
	)
	.expect("a funded account can commit");
	id
}

/// `n` accounts with validator and originator points in the open period.
fn participants<T: Config>(n: u32) {
	for i in 0..n {
		let who: T::AccountId = account("participant", i, 0);
		Pallet::<T>::credit_points(&who, u128::from(i % 5), u128::from(i % 7 + 1));
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn commit_data(t: Linear<0, { T::MaxTermsPrograms::get() }>) {
		let owner = funded::<T>("owner", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), [7; 32], 1024, 10u32.into(), terms::<T>(t));
		assert!(Data::<T>::contains_key(0));
	}

	#[benchmark]
	fn set_price() {
		let owner = funded::<T>("owner", 0);
		let id = commit::<T>(&owner, 10);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, 20u32.into());
		assert_eq!(Data::<T>::get(id).map(|d| d.price_per_use), Some(20u32.into()));
	}

	#[benchmark]
	fn set_terms(t: Linear<0, { T::MaxTermsPrograms::get() }>) {
		let owner = funded::<T>("owner", 0);
		let id = commit::<T>(&owner, 10);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, terms::<T>(t));
	}

	#[benchmark]
	fn grant_key() {
		let owner = funded::<T>("owner", 0);
		let id = commit::<T>(&owner, 10);
		let executor: T::AccountId = account("executor", 0, 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, executor.clone(), filled_envelope(1));
		assert!(KeyEnvelopes::<T>::contains_key(id, executor));
	}

	#[benchmark]
	fn withdraw_key() {
		let owner = funded::<T>("owner", 0);
		let id = commit::<T>(&owner, 10);
		let executor: T::AccountId = account("executor", 0, 0);
		Pallet::<T>::grant_key(
			RawOrigin::Signed(owner.clone()).into(),
			id,
			executor.clone(),
			filled_envelope(1),
		)
		.expect("the owner grants");
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, executor.clone());
		assert!(!KeyEnvelopes::<T>::contains_key(id, executor));
	}

	#[benchmark]
	fn revoke(e: Linear<0, { T::MaxEnvelopes::get() }>) {
		let owner = funded::<T>("owner", 0);
		let id = commit::<T>(&owner, 10);
		for i in 0..e {
			Pallet::<T>::grant_key(
				RawOrigin::Signed(owner.clone()).into(),
				id,
				account("executor", i, 0),
				filled_envelope(i as u8),
			)
			.expect("the owner grants");
		}
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id);
		assert_eq!(KeyEnvelopes::<T>::iter_prefix(id).count(), 0);
	}

	/// The worst claim: it settles the last record of a closed period, which pays the dust to
	/// the treasury and removes the period, then pays the claimant.
	#[benchmark]
	fn claim() {
		let who = funded::<T>("validator", 0);
		Pallet::<T>::note_inflow(
			T::Currency::minimum_balance().saturating_mul(1_000u32.into()),
			Inflow::Issuance,
		);
		let _ = T::Currency::mint_into(
			&Pallet::<T>::pot_account(),
			T::Currency::minimum_balance().saturating_mul(1_000u32.into()),
		);
		Pallet::<T>::credit_points(&who, 3, 1_000);
		let next = frame_system::Pallet::<T>::block_number()
			.saturating_add(Parameters::<T>::get().period_length);
		Pallet::<T>::close_period(next, Current::<T>::get());
		assert!(!Pallet::<T>::rewards_of(&who).claimable.is_zero());
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));
		assert!(Closed::<T>::iter().next().is_none());
	}

	#[benchmark]
	fn set_parameters() {
		let parameters = ChaliceParameters {
			split: Split::DEFAULT,
			issuance_per_block: 5u32.into(),
			period_length: 7u32.into(),
		};
		#[extrinsic_call]
		_(RawOrigin::Root, parameters);
		assert_eq!(Parameters::<T>::get(), parameters);
	}

	/// A block that does not close the period: mint the issuance into the pot and split it.
	#[benchmark]
	fn on_initialize_mint() {
		#[block]
		{
			Pallet::<T>::mint_issuance();
		}
	}

	/// A block that closes a period in which `n` accounts earned points.
	#[benchmark]
	fn on_initialize_close(n: Linear<1, 10_000>) {
		participants::<T>(n);
		Pallet::<T>::note_inflow(1_000_000u32.into(), Inflow::Fees);
		let _ = T::Currency::mint_into(&Pallet::<T>::pot_account(), 1_000_000u32.into());
		let now = Current::<T>::get().ends_at;
		#[block]
		{
			// The period is read inside the block: `on_initialize` pays that read.
			Pallet::<T>::close_period(now, Current::<T>::get());
		}
		assert_eq!(Closed::<T>::get(Current::<T>::get().index - 1).map(|c| c.unsettled), Some(n));
	}

	/// A block author credited in a period where `n` accounts already earned, whose own record
	/// is of a closed period and settles first.
	#[benchmark]
	fn note_contribution(n: Linear<1, 10_000>) {
		let author: T::AccountId = account("author", 0, 0);
		Pallet::<T>::credit_points(&author, 0, 100);
		Pallet::<T>::note_inflow(1_000_000u32.into(), Inflow::Fees);
		let _ = T::Currency::mint_into(&Pallet::<T>::pot_account(), 1_000_000u32.into());
		let now = Current::<T>::get().ends_at;
		Pallet::<T>::close_period(now, Current::<T>::get());
		participants::<T>(n);
		#[block]
		{
			<Pallet<T> as ContributionSink<T::AccountId>>::note_contribution(
				&author,
				ContributionKind::BlockAuthored,
				100,
			);
		}
		assert_eq!(Shares::<T>::get(&author).map(|s| s.validator_points), Some(100));
	}

	/// A settled command citing `c` commitments of different owners.
	#[benchmark]
	fn record_usage(c: Linear<1, { T::MaxCitations::get() }>) {
		let payer = funded::<T>("payer", 0);
		let cited: Vec<DataId> =
			(0..c).map(|i| commit::<T>(&funded::<T>("owner", i), 10)).collect();
		#[block]
		{
			Pallet::<T>::do_record_usage(&payer, 1, 0, &cited).expect("the payer can pay");
		}
		assert_eq!(Receipts::<T>::iter().count(), c as usize);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
