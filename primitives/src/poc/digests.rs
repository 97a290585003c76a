//! PoC digest items: the pre-runtime digest and the seal.

use super::{AuthoritySignature, PreDigest, POC_ENGINE_ID};
use codec::{Decode, Encode};
use polkadot_sdk::sp_runtime::{traits::Header as HeaderT, DigestItem};

/// A digest item that can hold PoC digests.
pub trait CompatibleDigestItem: Sized {
	/// A pre-runtime digest carrying `pre_digest`.
	fn poc_pre_digest(pre_digest: &PreDigest) -> Self;
	/// The PoC pre-digest in this item, if it is one.
	fn as_poc_pre_digest(&self) -> Option<PreDigest>;
	/// A seal carrying `signature`.
	fn poc_seal(signature: AuthoritySignature) -> Self;
	/// The PoC seal in this item, if it is one.
	fn as_poc_seal(&self) -> Option<AuthoritySignature>;
}

impl CompatibleDigestItem for DigestItem {
	fn poc_pre_digest(pre_digest: &PreDigest) -> Self {
		DigestItem::PreRuntime(POC_ENGINE_ID, pre_digest.encode())
	}

	fn as_poc_pre_digest(&self) -> Option<PreDigest> {
		self.pre_runtime_try_to(&POC_ENGINE_ID)
	}

	fn poc_seal(signature: AuthoritySignature) -> Self {
		DigestItem::Seal(POC_ENGINE_ID, signature.encode())
	}

	fn as_poc_seal(&self) -> Option<AuthoritySignature> {
		self.seal_try_to(&POC_ENGINE_ID)
	}
}

/// Why a header's PoC pre-digest could not be found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PreDigestLookupError {
	/// The header has no PoC pre-digest.
	Missing,
	/// The header has more than one PoC pre-digest.
	Multiple,
}

/// The single PoC pre-digest among `logs`.
pub fn find_pre_digest_in<'a>(
	logs: impl IntoIterator<Item = &'a DigestItem>,
) -> Result<PreDigest, PreDigestLookupError> {
	let mut found = None;
	for log in logs {
		if let Some(pre) = log.as_poc_pre_digest() {
			if found.is_some() {
				return Err(PreDigestLookupError::Multiple);
			}
			found = Some(pre);
		}
	}
	found.ok_or(PreDigestLookupError::Missing)
}

/// The single PoC pre-digest of `header`.
pub fn find_pre_digest<H: HeaderT>(header: &H) -> Result<PreDigest, PreDigestLookupError> {
	find_pre_digest_in(header.digest().logs())
}

/// Decode a PoC pre-digest from the raw bytes of a pre-runtime item (for tools and tests).
pub fn decode_pre_digest(mut bytes: &[u8]) -> Option<PreDigest> {
	PreDigest::decode(&mut bytes).ok()
}
