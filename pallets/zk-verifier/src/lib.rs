//! # Groth16 verifier pallet
//!
//! A registry of Groth16 verifying keys over BN254 and proof verification inside the runtime, in
//! WASM, with arkworks. Other pallets verify through
//! [`aether_primitives::zk::VerifyProof`], which this pallet implements; anyone can also verify
//! through the [`Pallet::verify`] call (from Polkadot.js Apps, say).
//!
//! ## Encodings
//!
//! As fixed in [`aether_primitives::zk`]: keys and proofs are arkworks 0.6 **compressed**
//! `CanonicalSerialize` encodings of `ark_groth16::{VerifyingKey, Proof}<Bn254>`, and a public
//! input is a canonical scalar: 32 bytes, little-endian, below the modulus. Only the canonical
//! encoding is accepted: no trailing bytes, no stray bits beside a point at infinity, so one key
//! or proof has exactly one encoding. A key with `n` public inputs is exactly [`key_len`]`(n)`
//! bytes (`264 + 32·n`); a proof is always [`PROOF_LEN`] (128) bytes.
//!
//! ## Calls
//!
//! - [`Pallet::register_key`]`(vk)`: checks the key (points on the curve and in their subgroups,
//!   no point at infinity among `α, β, γ, δ`, at most [`Config::MaxPublicInputs`] inputs),
//!   computes its prepared form, holds a deposit and assigns the next [`VkId`];
//! - [`Pallet::unregister_key`]`(id)`: the owner removes a key nothing uses any more and gets the
//!   deposit back;
//! - [`Pallet::verify`]`(vk, proof, inputs)`: checks a proof and emits [`Event::ProofVerified`].
//!
//! ## What is stored
//!
//! [`Keys`] keeps each key as registered (the compressed bytes, for anyone to read back), its
//! owner, deposit, input count and the number of users that pinned it
//! ([`VerifyProof::pin`]: e.g. programs of pallet-commands that settle with it). [`Prepared`]
//! keeps what a verification needs, computed once at registration: `e(α, β)`, `−γ`, `−δ` and the
//! input bases, uncompressed (see [`groth16`]). A verification therefore decompresses and checks
//! only the proof, and runs one three-pair Miller loop and one final exponentiation: natively
//! 1.46 ms (one input) to 1.90 ms (16 inputs), against 2.39 ms to 3.91 ms when arkworks prepares
//! the compressed key every time.
//!
//! ## Economics
//!
//! A key holds [`Config::KeyDeposit`] + [`Config::ByteDeposit`] × (bytes stored: the compressed
//! key and its prepared form, [`key_len`]`(n) + `[`prepared_len`]`(n)`) from its owner, under
//! [`HoldReason::VerifyingKey`], until it is unregistered ([`Pallet::key_deposit`]). Verifying
//! costs only the transaction fee, by the number of public inputs.
//!
//! ## Invariants (`try_state`)
//!
//! Every key id is below [`NextKeyId`]; every key has a prepared form that decodes to its input
//! count and vice versa; per owner, the funds held for `VerifyingKey` equal the deposits of their
//! keys.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(any(test, feature = "runtime-benchmarks", feature = "fixtures"))]
pub mod fixtures;
pub mod groth16;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;

pub use aether_primitives::zk::{Scalar, VerifyError, VerifyProof, VkId};
use alloc::vec::Vec;
use codec::{Decode, Encode, MaxEncodedLen};
pub use groth16::{key_len, prepared_len, PreparedKey, PROOF_LEN};
use polkadot_sdk::{
	frame_support::{
		self,
		traits::{
			fungible::{Inspect, Mutate, MutateHold},
			tokens::Precision,
			Get,
		},
		BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
	},
	frame_system,
	sp_runtime::{self, traits::Saturating, ArithmeticError, DispatchError},
};
use scale_info::TypeInfo;
pub use weights::WeightInfo;

/// Log target of this pallet.
const LOG_TARGET: &str = "runtime::zk-verifier";

/// A balance of the pallet's currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// A registered verifying key.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct KeyInfo<T: Config> {
	/// Who registered it: only they may unregister it, and the deposit is theirs.
	pub owner: T::AccountId,
	/// Held from the owner while the key is registered.
	pub deposit: BalanceOf<T>,
	/// Number of public inputs a proof for this key takes.
	pub inputs: u32,
	/// The key as registered: its canonical compressed encoding.
	pub key: BoundedVec<u8, T::MaxKeyLen>,
	/// References from other pallets ([`VerifyProof::pin`]); a key in use cannot be
	/// unregistered.
	pub users: u32,
}

/// The bound of a prepared key in storage: [`prepared_len`]`(MaxPublicInputs)`.
pub struct MaxPreparedLen<T>(core::marker::PhantomData<T>);

impl<T: Config> Get<u32> for MaxPreparedLen<T> {
	fn get() -> u32 {
		prepared_len(T::MaxPublicInputs::get())
	}
}

/// The storage encoding of a [`PreparedKey`].
pub type PreparedBytes<T> = BoundedVec<u8, MaxPreparedLen<T>>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	/// The Groth16 verifier pallet.
	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Configuration of the Groth16 verifier pallet.
	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The native currency: key deposits are held in it.
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons, which include this pallet's.
		type RuntimeHoldReason: From<HoldReason>;

		/// Held for every registered key, on top of the per-byte part.
		#[pallet::constant]
		type KeyDeposit: Get<BalanceOf<Self>>;

		/// Held per byte a key stores: its compressed encoding and its prepared form.
		#[pallet::constant]
		type ByteDeposit: Get<BalanceOf<Self>>;

		/// Most bytes of a compressed key; at least [`key_len`]`(MaxPublicInputs)` (checked by
		/// `integrity_test`). A key is exactly `key_len(n)` bytes, so a larger bound admits no
		/// more keys and only inflates the proof size of reading one: use
		/// `ConstU32<{ pallet_zk_verifier::key_len(16) }>` (776) with 16 inputs.
		#[pallet::constant]
		type MaxKeyLen: Get<u32>;

		/// Most public inputs a key may take; at least 1. The benchmarks cover up to
		/// `fixtures::MAX_BENCH_INPUTS` (16); weights above that are extrapolated.
		#[pallet::constant]
		type MaxPublicInputs: Get<u32>;

		/// Weights of the calls, from the benchmarks.
		type WeightInfo: WeightInfo;
	}

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit of a registered verifying key.
		#[codec(index = 0)]
		VerifyingKey,
	}

	/// Registered verifying keys.
	#[pallet::storage]
	pub type Keys<T: Config> = StorageMap<_, Twox64Concat, VkId, KeyInfo<T>, OptionQuery>;

	/// The prepared form of every registered key ([`PreparedKey::encode`]), what
	/// [`VerifyProof::verify`] reads.
	#[pallet::storage]
	pub type Prepared<T: Config> = StorageMap<_, Twox64Concat, VkId, PreparedBytes<T>, OptionQuery>;

	/// The id the next registered key gets.
	#[pallet::storage]
	pub type NextKeyId<T: Config> = StorageValue<_, VkId, ValueQuery>;

	/// Events of the Groth16 verifier.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `owner` registered key `id` for proofs with `inputs` public inputs.
		KeyRegistered {
			/// The new key.
			id: VkId,
			/// Who registered it and holds its deposit.
			owner: T::AccountId,
			/// Its number of public inputs.
			inputs: u32,
		},
		/// `owner` unregistered key `id`; its deposit is released.
		KeyUnregistered {
			/// The removed key.
			id: VkId,
			/// Its owner.
			owner: T::AccountId,
		},
		/// A proof verified against `key` (through [`Pallet::verify`]).
		ProofVerified {
			/// The key it verified against.
			key: VkId,
		},
	}

	/// Errors of the Groth16 verifier.
	#[pallet::error]
	pub enum Error<T> {
		/// No verifying key is registered under this id.
		UnknownKey,
		/// Only the key's owner may do this.
		NotOwner,
		/// The key is pinned by other pallets and cannot be unregistered.
		KeyInUse,
		/// The key is longer than `MaxKeyLen` bytes.
		KeyTooLong,
		/// The key is not the canonical compressed encoding of a verifying key whose points are
		/// on the curve and in their subgroups, or `α`, `β`, `γ` or `δ` is the point at infinity.
		MalformedKey,
		/// The key has no input bases at all.
		EmptyKey,
		/// The key takes more than `MaxPublicInputs` public inputs (or is longer than such a key).
		TooManyInputs,
		/// Every key id has been used.
		NoKeyIdsLeft,
		/// The proof is not the canonical compressed encoding of three curve points in their
		/// subgroups.
		MalformedProof,
		/// A public input is not a canonical scalar (32 bytes, little-endian, below the modulus).
		MalformedInput,
		/// The number of public inputs is not the one the key was made for.
		WrongInputCount,
		/// The proof is well formed but does not verify for these inputs.
		InvalidProof,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			let inputs = T::MaxPublicInputs::get();
			assert!(inputs >= 1, "a key must be able to take a public input");
			assert!(
				T::MaxKeyLen::get() >= key_len(inputs),
				"MaxKeyLen must fit a key with MaxPublicInputs inputs"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Register `vk`, the compressed encoding of a Groth16 verifying key over BN254, under the
		/// next [`VkId`].
		///
		/// Holds [`Pallet::key_deposit`] for its number of inputs from the caller until the key
		/// is unregistered, and emits [`Event::KeyRegistered`]. Fails, changing nothing, with
		/// [`Error::KeyTooLong`], [`Error::TooManyInputs`], [`Error::MalformedKey`],
		/// [`Error::EmptyKey`], [`Error::NoKeyIdsLeft`] or, if the caller cannot afford the
		/// deposit, the currency's error. Cost: a validated decoding of the key's `n + 4` points
		/// and one pairing, by the number of inputs `n` (read from the length).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_key(Pallet::<T>::inputs_of_len(vk.len())))]
		pub fn register_key(origin: OriginFor<T>, vk: Vec<u8>) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			let key: BoundedVec<u8, T::MaxKeyLen> =
				vk.try_into().map_err(|_| Error::<T>::KeyTooLong)?;
			let max_inputs = T::MaxPublicInputs::get();
			ensure!(key.len() <= key_len(max_inputs) as usize, Error::<T>::TooManyInputs);
			let prepared = groth16::check_key(&key, max_inputs).map_err(Error::<T>::from)?;
			let inputs = u32::try_from(prepared.inputs()).map_err(|_| Error::<T>::TooManyInputs)?;
			let prepared: PreparedBytes<T> =
				prepared.encode().try_into().map_err(|_| Error::<T>::TooManyInputs)?;

			let id = NextKeyId::<T>::get();
			let next = id.checked_add(1).ok_or(Error::<T>::NoKeyIdsLeft)?;
			let deposit = Self::key_deposit(inputs);
			T::Currency::hold(&HoldReason::VerifyingKey.into(), &owner, deposit)?;
			NextKeyId::<T>::put(next);
			Keys::<T>::insert(id, KeyInfo { owner: owner.clone(), deposit, inputs, key, users: 0 });
			Prepared::<T>::insert(id, prepared);
			log::debug!(target: LOG_TARGET, "key {id} registered with {inputs} inputs");
			Self::deposit_event(Event::KeyRegistered { id, owner, inputs });
			Ok(())
		}

		/// Remove key `id` and release its deposit.
		///
		/// Only the owner, and only while no pallet pins it. Emits [`Event::KeyUnregistered`];
		/// fails with [`Error::UnknownKey`], [`Error::NotOwner`] or [`Error::KeyInUse`]. Cost:
		/// constant.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::unregister_key())]
		pub fn unregister_key(origin: OriginFor<T>, id: VkId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let info = Keys::<T>::get(id).ok_or(Error::<T>::UnknownKey)?;
			ensure!(info.owner == who, Error::<T>::NotOwner);
			ensure!(info.users == 0, Error::<T>::KeyInUse);
			Keys::<T>::remove(id);
			Prepared::<T>::remove(id);
			Self::release(&who, info.deposit);
			Self::deposit_event(Event::KeyUnregistered { id, owner: who });
			Ok(())
		}

		/// Check `proof` for the public `inputs` against key `vk`, as [`VerifyProof::verify`]
		/// does, and emit [`Event::ProofVerified`] if it holds.
		///
		/// Any signed account may call it. Fails with [`Error::UnknownKey`],
		/// [`Error::WrongInputCount`], [`Error::MalformedInput`], [`Error::MalformedProof`] or
		/// [`Error::InvalidProof`] (checked in that order). Cost: one pairing check, by the
		/// number of inputs (capped at `MaxPublicInputs`: more fail before any curve arithmetic).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::verify_proof(Pallet::<T>::capped_inputs(inputs.len())))]
		pub fn verify(
			origin: OriginFor<T>,
			vk: VkId,
			proof: Vec<u8>,
			inputs: Vec<Scalar>,
		) -> DispatchResult {
			ensure_signed(origin)?;
			<Self as VerifyProof>::verify(vk, &proof, &inputs).map_err(Error::<T>::from)?;
			Self::deposit_event(Event::ProofVerified { key: vk });
			Ok(())
		}
	}
}

impl<T: Config> From<groth16::KeyError> for Error<T> {
	fn from(error: groth16::KeyError) -> Self {
		match error {
			groth16::KeyError::Malformed => Error::MalformedKey,
			groth16::KeyError::Empty => Error::EmptyKey,
			groth16::KeyError::TooManyInputs => Error::TooManyInputs,
		}
	}
}

impl<T: Config> From<VerifyError> for Error<T> {
	fn from(error: VerifyError) -> Self {
		match error {
			VerifyError::UnknownKey => Error::UnknownKey,
			VerifyError::MalformedProof => Error::MalformedProof,
			VerifyError::MalformedInput => Error::MalformedInput,
			VerifyError::WrongInputCount => Error::WrongInputCount,
			VerifyError::InvalidProof => Error::InvalidProof,
		}
	}
}

impl From<groth16::ProofError> for VerifyError {
	fn from(error: groth16::ProofError) -> Self {
		match error {
			groth16::ProofError::WrongInputCount => VerifyError::WrongInputCount,
			groth16::ProofError::MalformedInput => VerifyError::MalformedInput,
			groth16::ProofError::MalformedProof => VerifyError::MalformedProof,
			groth16::ProofError::InvalidProof => VerifyError::InvalidProof,
		}
	}
}

impl<T: Config> Pallet<T> {
	/// What a key with `inputs` public inputs holds from its owner:
	/// `KeyDeposit + ByteDeposit · (key_len(inputs) + prepared_len(inputs))`.
	pub fn key_deposit(inputs: u32) -> BalanceOf<T> {
		let bytes = key_len(inputs).saturating_add(prepared_len(inputs));
		T::KeyDeposit::get().saturating_add(T::ByteDeposit::get().saturating_mul(bytes.into()))
	}

	/// The number of inputs a compressed key of `len` bytes has, at most `MaxPublicInputs`: the
	/// weight of [`Pallet::register_key`].
	pub fn inputs_of_len(len: usize) -> u32 {
		let bases = len.saturating_sub(key_len(0) as usize) / groth16::G1_COMPRESSED as usize;
		Self::capped_inputs(bases)
	}

	/// `inputs` capped at `MaxPublicInputs`.
	pub fn capped_inputs(inputs: usize) -> u32 {
		u32::try_from(inputs).unwrap_or(u32::MAX).min(T::MaxPublicInputs::get())
	}

	/// The prepared form of key `vk`, if it is registered.
	pub fn prepared_key(vk: VkId) -> Option<PreparedKey> {
		let bytes = Prepared::<T>::get(vk)?;
		let key = PreparedKey::decode_trusted(&bytes);
		if key.is_none() {
			log::error!(target: LOG_TARGET, "the prepared form of key {vk} does not decode");
		}
		key
	}

	/// Release `amount` of `who`'s key deposits.
	fn release(who: &T::AccountId, amount: BalanceOf<T>) {
		if let Err(e) = T::Currency::release(
			&HoldReason::VerifyingKey.into(),
			who,
			amount,
			Precision::BestEffort,
		) {
			log::error!(target: LOG_TARGET, "cannot release {amount:?} held from {who:?}: {e:?}");
		}
	}

	/// Check every invariant of the pallet; see the crate docs.
	#[cfg(any(test, feature = "try-runtime"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		use frame_support::{ensure, traits::fungible::InspectHold};

		let next = NextKeyId::<T>::get();
		let mut held: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (id, info) in Keys::<T>::iter() {
			ensure!(id < next, "a key id not yet assigned");
			ensure!(info.inputs <= T::MaxPublicInputs::get(), "a key with too many inputs");
			ensure!(info.key.len() == key_len(info.inputs) as usize, "key length != its inputs");
			let prepared = Self::prepared_key(id).ok_or("a key without a usable prepared form")?;
			ensure!(prepared.inputs() == info.inputs as usize, "prepared inputs != key inputs");
			let entry = held.entry(info.owner.clone()).or_default();
			*entry = entry.saturating_add(info.deposit);
		}
		for id in Prepared::<T>::iter_keys() {
			ensure!(Keys::<T>::contains_key(id), "a prepared form without its key");
		}
		for (owner, deposit) in held {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::VerifyingKey.into(), &owner) == deposit,
				"held deposits != the keys' deposits"
			);
		}
		Ok(())
	}
}

impl<T: Config> VerifyProof for Pallet<T> {
	/// Reads the key's prepared form, then checks, in this order: the number of inputs
	/// ([`VerifyError::WrongInputCount`]), each input ([`VerifyError::MalformedInput`]), the
	/// proof's encoding ([`VerifyError::MalformedProof`]) and the pairing equation
	/// ([`VerifyError::InvalidProof`]).
	fn verify(vk: VkId, proof: &[u8], inputs: &[Scalar]) -> Result<(), VerifyError> {
		let key = Self::prepared_key(vk).ok_or(VerifyError::UnknownKey)?;
		groth16::verify(&key, proof, inputs).map_err(Into::into)
	}

	fn input_count(vk: VkId) -> Option<u32> {
		Keys::<T>::get(vk).map(|info| info.inputs)
	}

	fn verify_weight(inputs: u32) -> sp_runtime::Weight {
		T::WeightInfo::verify_proof(inputs)
	}

	/// The compressed key as registered, for executors that prove against it.
	fn verifying_key(vk: VkId) -> Option<Vec<u8>> {
		Keys::<T>::get(vk).map(|info| info.key.into_inner())
	}

	/// Counts users in [`KeyInfo::users`]; unpinning an unpinned key leaves it at zero. Fails
	/// with [`Error::UnknownKey`]. Cost: one read and one write of the key's record.
	fn pin(vk: VkId, pinned: bool) -> Result<(), DispatchError> {
		Keys::<T>::try_mutate(vk, |info| {
			let info = info.as_mut().ok_or(Error::<T>::UnknownKey)?;
			info.users = if pinned {
				info.users.checked_add(1).ok_or(ArithmeticError::Overflow)?
			} else {
				info.users.saturating_sub(1)
			};
			Ok(())
		})
	}
}
