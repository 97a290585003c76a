//! # Collator ranking
//!
//! Chooses a parachain's collators by Proof-of-Contribution. On the solo chain the PoC lottery
//! decides who authors each slot; a parachain authors with Aura and takes finality from the relay
//! chain, so there the same contribution decides *who may collate* instead (see `DESIGN.md` §8):
//!
//! - Accounts become **candidates** with [`Pallet::register_as_candidate`]: they need session keys
//!   registered (`session.setKeys`) and put [`Config::CandidacyBond`] on hold.
//!   [`Pallet::leave_candidacy`] releases the bond.
//! - At every new session ([`pallet_session::SessionManager::new_session`]) the pallet returns the
//!   **invulnerables** (set by [`Config::UpdateOrigin`], at genesis or with
//!   [`Pallet::set_invulnerables`]) followed by the candidates of highest PoC lottery weight, up to
//!   [`DesiredCollators`] in all. The weight is the lottery's:
//!   `max(1, min(max(score, floor), cap · Σ))` among the candidates, with the same floor and cap
//!   (`pallet-poc`'s `WeightBounds`); a suspended account weighs 1. Equal weights keep the
//!   order of registration, so the floor makes newcomers queue behind older candidates and the cap
//!   stops one large contributor from outranking everyone by more than the cap allows.
//! - Every block's author is credited [`Config::BlockAuthorshipPoints`] of contribution through
//!   [`Config::Contribution`] (as `pallet-poc` does from its pre-digest on the solo chain): it is
//!   the `pallet-authorship` event handler.
//!
//! An empty result (no invulnerable, no candidate with keys, or zero desired collators) keeps the
//! current set: a parachain never rotates to no collators.
//!
//! ## Calls
//! - [`Pallet::register_as_candidate`], [`Pallet::leave_candidacy`]: any signed account.
//! - [`Pallet::set_desired_collators`], [`Pallet::set_invulnerables`]: [`Config::UpdateOrigin`].

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;

pub use pallet::*;
pub use weights::WeightInfo;

use aether_primitives::poc::{
	Contribution, ContributionKind, ContributionSink, ContributionWeights,
};
use alloc::vec::Vec;
use polkadot_sdk::{frame_support, frame_system, pallet_authorship, pallet_session, sp_staking};

/// What the benchmarks need from the runtime.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Register session keys for `who` (distinct for distinct accounts).
	fn register_keys(who: &AccountId);
}

/// Log target of this pallet.
const LOG_TARGET: &str = "runtime::collator-ranking";

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		dispatch::DispatchClass,
		pallet_prelude::*,
		traits::{
			fungible::{Inspect, Mutate, MutateHold},
			tokens::Precision,
			EnsureOrigin, ValidatorRegistration,
		},
	};
	use frame_system::pallet_prelude::*;

	/// The balance type of [`Config::Currency`].
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

	/// The collator-ranking pallet.
	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Configuration of the collator-ranking pallet.
	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Holds the candidacy bond.
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons; this pallet holds [`HoldReason::CandidacyBond`].
		type RuntimeHoldReason: From<HoldReason>;

		/// Who sets the invulnerables and the desired number of collators (Root in the runtime).
		type UpdateOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Whether an account has session keys registered (pallet-session in the runtime).
		type ValidatorRegistration: ValidatorRegistration<Self::AccountId>;

		/// Contribution scores and lottery weights (pallet-poc in the runtime): what ranks the
		/// candidates, and where block authorship is credited.
		type Contribution: ContributionWeights<Self::AccountId> + ContributionSink<Self::AccountId>;

		/// Contribution points credited to the author of every block.
		#[pallet::constant]
		type BlockAuthorshipPoints: Get<Contribution>;

		/// Held from a candidate until it leaves.
		#[pallet::constant]
		type CandidacyBond: Get<BalanceOf<Self>>;

		/// Largest candidate list.
		#[pallet::constant]
		type MaxCandidates: Get<u32>;

		/// Largest invulnerable list.
		#[pallet::constant]
		type MaxInvulnerables: Get<u32>;

		/// Largest collator set ([`DesiredCollators`] may not exceed it).
		#[pallet::constant]
		type MaxCollators: Get<u32>;

		/// Weights of the calls and of the session hook, from the benchmarks.
		type WeightInfo: WeightInfo;

		/// Gives benchmark accounts session keys.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The bond of a collator candidate.
		CandidacyBond,
	}

	/// Collators that are always in the set, in this order, before any candidate.
	#[pallet::storage]
	pub type Invulnerables<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxInvulnerables>, ValueQuery>;

	/// Bonded candidates, in order of registration (the tie-break of the ranking).
	#[pallet::storage]
	pub type Candidates<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxCandidates>, ValueQuery>;

	/// The size of the collator set chosen at each new session: the invulnerables, then the
	/// best-ranked candidates.
	#[pallet::storage]
	pub type DesiredCollators<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// The genesis invulnerables and desired number of collators.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Collators always in the set (they need session keys in the session pallet's genesis).
		pub invulnerables: Vec<T::AccountId>,
		/// The size of the collator set.
		pub desired_collators: u32,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			let mut seen = Vec::with_capacity(self.invulnerables.len());
			for who in &self.invulnerables {
				assert!(!seen.contains(who), "genesis invulnerables must not repeat an account");
				seen.push(who.clone());
			}
			let invulnerables: BoundedVec<_, T::MaxInvulnerables> =
				seen.try_into().expect("genesis invulnerables exceed MaxInvulnerables");
			assert!(
				self.desired_collators <= T::MaxCollators::get(),
				"genesis desired_collators exceeds MaxCollators"
			);
			Invulnerables::<T>::put(invulnerables);
			DesiredCollators::<T>::put(self.desired_collators);
		}
	}

	/// Events of the collator-ranking pallet.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `who` became a collator candidate; `bond` is held.
		CandidateRegistered { who: T::AccountId, bond: BalanceOf<T> },
		/// `who` left the candidates; `bond` was released. It stays in the current set until
		/// the next session change.
		CandidateLeft { who: T::AccountId, bond: BalanceOf<T> },
		/// The collator set grows or shrinks to `desired` at the next session.
		DesiredCollatorsSet { desired: u32 },
		/// The invulnerables were replaced.
		InvulnerablesSet { invulnerables: Vec<T::AccountId> },
		/// The set chosen for a coming session: invulnerables first, then candidates by rank.
		CollatorsChosen { session: u32, collators: Vec<T::AccountId> },
	}

	/// Errors of the collator-ranking pallet.
	#[pallet::error]
	pub enum Error<T> {
		/// The account is a candidate already.
		AlreadyCandidate,
		/// The account is not a candidate.
		NotCandidate,
		/// The account is an invulnerable and needs no candidacy.
		AlreadyInvulnerable,
		/// An invulnerable of the new list is a candidate: it must leave candidacy first.
		InvulnerableIsCandidate,
		/// The new invulnerable list names an account twice.
		DuplicateInvulnerable,
		/// The candidate list is full ([`Config::MaxCandidates`]).
		TooManyCandidates,
		/// More invulnerables than [`Config::MaxInvulnerables`].
		TooManyInvulnerables,
		/// More collators than [`Config::MaxCollators`].
		TooManyCollators,
		/// The account has no session keys: register them with `session.setKeys` first.
		NoSessionKeys,
		/// The account cannot cover the candidacy bond.
		InsufficientBond,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxCollators::get() > 0, "MaxCollators must not be zero");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(
			_n: BlockNumberFor<T>,
		) -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Become a collator candidate: holds [`Config::CandidacyBond`] until
		/// [`Pallet::leave_candidacy`]. The caller needs session keys registered, must not be a
		/// candidate or an invulnerable, and the list must have room. Ranked from the next
		/// session change on. Emits [`Event::CandidateRegistered`].
		///
		/// Cost: `O(c)` in the number of candidates (the duplicate check), one hold.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_as_candidate(T::MaxCandidates::get()))]
		pub fn register_as_candidate(origin: OriginFor<T>) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			ensure!(!Invulnerables::<T>::get().contains(&who), Error::<T>::AlreadyInvulnerable);
			ensure!(T::ValidatorRegistration::is_registered(&who), Error::<T>::NoSessionKeys);
			let mut candidates = Candidates::<T>::get();
			ensure!(!candidates.contains(&who), Error::<T>::AlreadyCandidate);
			candidates.try_push(who.clone()).map_err(|_| Error::<T>::TooManyCandidates)?;
			let bond = T::CandidacyBond::get();
			T::Currency::hold(&HoldReason::CandidacyBond.into(), &who, bond)
				.map_err(|_| Error::<T>::InsufficientBond)?;
			let count = candidates.len() as u32;
			Candidates::<T>::put(candidates);
			Self::deposit_event(Event::CandidateRegistered { who, bond });
			Ok(Some(T::WeightInfo::register_as_candidate(count)).into())
		}

		/// Stop being a candidate and get the bond back. The caller stays in the current
		/// collator set until the next session change. Emits [`Event::CandidateLeft`].
		///
		/// Cost: `O(c)` in the number of candidates, one release.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::leave_candidacy(T::MaxCandidates::get()))]
		pub fn leave_candidacy(origin: OriginFor<T>) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let mut candidates = Candidates::<T>::get();
			let count = candidates.len() as u32;
			let position =
				candidates.iter().position(|c| c == &who).ok_or(Error::<T>::NotCandidate)?;
			candidates.remove(position);
			Candidates::<T>::put(candidates);
			let bond = T::Currency::release(
				&HoldReason::CandidacyBond.into(),
				&who,
				T::CandidacyBond::get(),
				Precision::BestEffort,
			)?;
			Self::deposit_event(Event::CandidateLeft { who, bond });
			Ok(Some(T::WeightInfo::leave_candidacy(count)).into())
		}

		/// Set the size of the collator set from the next session change on, at most
		/// [`Config::MaxCollators`]. [`Config::UpdateOrigin`] only. Emits
		/// [`Event::DesiredCollatorsSet`].
		///
		/// Cost: one write.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_desired_collators())]
		pub fn set_desired_collators(origin: OriginFor<T>, desired: u32) -> DispatchResult {
			T::UpdateOrigin::ensure_origin(origin)?;
			ensure!(desired <= T::MaxCollators::get(), Error::<T>::TooManyCollators);
			DesiredCollators::<T>::put(desired);
			Self::deposit_event(Event::DesiredCollatorsSet { desired });
			Ok(())
		}

		/// Replace the invulnerables. Each needs session keys and must not be a candidate; no
		/// account may appear twice. [`Config::UpdateOrigin`] only. Emits
		/// [`Event::InvulnerablesSet`].
		///
		/// Cost: `O(b · c)` for `b` invulnerables and `c` candidates, `b` key lookups.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::set_invulnerables(
			new.len().min(T::MaxInvulnerables::get() as usize) as u32,
			T::MaxCandidates::get(),
		))]
		pub fn set_invulnerables(origin: OriginFor<T>, new: Vec<T::AccountId>) -> DispatchResult {
			T::UpdateOrigin::ensure_origin(origin)?;
			let bounded: BoundedVec<T::AccountId, T::MaxInvulnerables> =
				new.try_into().map_err(|_| Error::<T>::TooManyInvulnerables)?;
			let candidates = Candidates::<T>::get();
			for (i, who) in bounded.iter().enumerate() {
				ensure!(!bounded[..i].contains(who), Error::<T>::DuplicateInvulnerable);
				ensure!(!candidates.contains(who), Error::<T>::InvulnerableIsCandidate);
				ensure!(T::ValidatorRegistration::is_registered(who), Error::<T>::NoSessionKeys);
			}
			let invulnerables = bounded.to_vec();
			Invulnerables::<T>::put(bounded);
			Self::deposit_event(Event::InvulnerablesSet { invulnerables });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// The collator set a new session would get now: the invulnerables, then the candidates
		/// with session keys by lottery weight (highest first, ties in registration order), up to
		/// [`DesiredCollators`] in all.
		pub fn ranked_collators() -> Vec<T::AccountId> {
			Self::rank().0
		}

		/// [`Pallet::ranked_collators`], and how many candidates it read (what its weight,
		/// `new_session(c)`, depends on).
		fn rank() -> (Vec<T::AccountId>, u32) {
			let desired = DesiredCollators::<T>::get().min(T::MaxCollators::get()) as usize;
			let mut chosen: Vec<T::AccountId> =
				Invulnerables::<T>::get().into_iter().take(desired).collect();
			let room = desired.saturating_sub(chosen.len());
			if room == 0 {
				return (chosen, 0);
			}
			let all = Candidates::<T>::get();
			let read = all.len() as u32;
			let candidates: Vec<T::AccountId> = all
				.into_iter()
				.filter(|who| T::ValidatorRegistration::is_registered(who))
				.collect();
			let weights = T::Contribution::weights(&candidates);
			let mut ranked: Vec<(usize, u128)> =
				weights.iter().enumerate().map(|(i, (_, weight))| (i, *weight)).collect();
			// Stable: equal weights keep registration order.
			ranked.sort_by(|a, b| b.1.cmp(&a.1));
			chosen.extend(
				ranked.into_iter().take(room).filter_map(|(i, _)| candidates.get(i).cloned()),
			);
			(chosen, read)
		}

		/// Checks the pallet's invariants: candidates and invulnerables are disjoint and
		/// repeat no account, every candidate's bond is held, and the desired size is within
		/// [`Config::MaxCollators`].
		#[cfg(any(feature = "try-runtime", test))]
		pub fn do_try_state() -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			use frame_support::traits::fungible::InspectHold;
			let candidates = Candidates::<T>::get();
			let invulnerables = Invulnerables::<T>::get();
			for (i, who) in candidates.iter().enumerate() {
				frame_support::ensure!(
					!candidates[..i].contains(who),
					"an account is a candidate twice"
				);
				frame_support::ensure!(
					!invulnerables.contains(who),
					"an invulnerable is also a candidate"
				);
				frame_support::ensure!(
					T::Currency::balance_on_hold(&HoldReason::CandidacyBond.into(), who)
						>= T::CandidacyBond::get(),
					"a candidate's bond is not held"
				);
			}
			for (i, who) in invulnerables.iter().enumerate() {
				frame_support::ensure!(
					!invulnerables[..i].contains(who),
					"an account is an invulnerable twice"
				);
			}
			frame_support::ensure!(
				DesiredCollators::<T>::get() <= T::MaxCollators::get(),
				"DesiredCollators exceeds MaxCollators"
			);
			Ok(())
		}
	}

	impl<T: Config> pallet_session::SessionManager<T::AccountId> for Pallet<T> {
		/// The ranked set for session `index`, or `None` (keep the current set) when it would be
		/// empty. Its weight is registered as mandatory block weight.
		fn new_session(index: sp_staking::SessionIndex) -> Option<Vec<T::AccountId>> {
			let (collators, candidates) = Self::rank();
			frame_system::Pallet::<T>::register_extra_weight_unchecked(
				T::WeightInfo::new_session(candidates),
				DispatchClass::Mandatory,
			);
			if collators.is_empty() {
				log::warn!(
					target: LOG_TARGET,
					"no collator for session {index}: the current set stays",
				);
				return None;
			}
			Self::deposit_event(Event::CollatorsChosen {
				session: index,
				collators: collators.clone(),
			});
			Some(collators)
		}

		fn end_session(_: sp_staking::SessionIndex) {}

		fn start_session(_: sp_staking::SessionIndex) {}
	}

	impl<T: Config> pallet_authorship::EventHandler<T::AccountId, BlockNumberFor<T>> for Pallet<T> {
		/// Credits the block's author [`Config::BlockAuthorshipPoints`] of contribution.
		fn note_author(author: T::AccountId) {
			T::Contribution::note_contribution(
				&author,
				ContributionKind::BlockAuthored,
				T::BlockAuthorshipPoints::get(),
			);
			frame_system::Pallet::<T>::register_extra_weight_unchecked(
				T::WeightInfo::note_author(),
				DispatchClass::Mandatory,
			);
		}
	}
}
