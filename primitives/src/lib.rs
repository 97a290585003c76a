//! # Aether primitives
//!
//! Types shared by the Aether runtime, its pallets and the node:
//!
//! - the chain's basic types ([`AccountId`], [`Balance`], [`BlockNumber`], [`Signature`]); accounts
//!   are [`MultiSignature`] accounts, so sr25519, ed25519 and secp256k1 ECDSA keys all sign;
//! - [`poc`], the Proof-of-Contribution consensus primitives: engine id, pre-runtime digest, seal,
//!   authority keys, the `PocApi` runtime API and the pure verification shared by the runtime and
//!   the client;
//! - [`chalice`], the Chalice economy: data commitment and command identifiers, sealed key
//!   envelopes, the [`chalice::DataUsage`] trait the command pallet uses, and the `ChaliceApi`
//!   runtime API;
//! - [`commands`], the host ABI of command programs and the module rules checked at registration;
//! - [`zk`], Groth16 verification as other pallets see it ([`zk::VerifyProof`]) and its encodings;
//! - [`entropy`], the TSU entropy beacon: its session key, commitments, the `tsu` host function
//!   (offchain workers only) and the `EntropyApi` runtime API.

#![cfg_attr(not(feature = "std"), no_std)]
// The `tsu` host function's wasm glue is generated unsafe code; nothing else may be.
#![deny(unsafe_code)]
#![deny(missing_docs)]

extern crate alloc;

pub mod chalice;
pub mod commands;
pub mod entropy;
pub mod poc;
pub mod zk;

use polkadot_sdk::{
	sp_core::H256,
	sp_runtime::{
		traits::{IdentifyAccount, Verify},
		MultiSignature,
	},
};

/// Block number: `u32` lasts 800 years at one block per six seconds.
pub type BlockNumber = u32;

/// Signature of an extrinsic: sr25519, ed25519 or secp256k1 ECDSA.
pub type Signature = MultiSignature;

/// An account on the chain: the public key (or its hash, for ECDSA) of the signer.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;

/// Amount of the native token, in its smallest unit.
pub type Balance = u128;

/// Index of a transaction in an account's history.
pub type Nonce = u32;

/// Hash of a block or an extrinsic.
pub type Hash = H256;

/// Milliseconds since the Unix epoch.
pub type Moment = u64;

/// Decimals of the native token AETH.
pub const TOKEN_DECIMALS: u8 = 12;
/// One AETH in its smallest unit.
pub const UNIT: Balance = 1_000_000_000_000;
/// The SS58 prefix of Aether addresses (42, the generic Substrate prefix, until one is registered).
pub const SS58_PREFIX: u16 = 42;
