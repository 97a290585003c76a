//! # Aether sealing
//!
//! Hybrid public-key encryption to an executor: **ML-KEM-768** (FIPS 203, post-quantum) and
//! **secp256k1 ECDH** (classical) combined, so a sealed message stays secret as long as either
//! holds. It seals the data keys of Chalice commitments (`pallet-chalice` stores the envelopes;
//! revoking a commitment deletes them) and, with the command pallet, command inputs.
//!
//! ## Construction
//!
//! An executor has a [`SecretKeys`] / [`PublicKeys`] pair: an ML-KEM-768 key pair and a secp256k1
//! key pair. To seal `plaintext` to it under a `context` string:
//!
//! 1. `(ss_kem, ct) = ML-KEM-768.Encaps(pk_kem)`;
//! 2. an ephemeral secp256k1 key `e`; `ss_ecdh = SHA-256(compressed(e · pk_ecdh))` (libsecp256k1's
//!    ECDH);
//! 3. `k = HKDF-SHA256(salt = "aether-seal/v1", ikm = ss_kem ‖ ss_ecdh,
//!    info = u64_le(len(context)) ‖ context ‖ ct ‖ E ‖ public keys)`, binding the key to
//!    everything sent and to the recipient (the length prefix keeps a context from running into
//!    the ciphertext);
//! 4. `ChaCha20-Poly1305(k, nonce, plaintext, aad = version ‖ context)` with a random 12-byte
//!    nonce.
//!
//! The sealed bytes are
//!
//! ```text
//! version (1) ‖ ML-KEM ciphertext (1088) ‖ E, compressed (33) ‖ nonce (12) ‖ AEAD ciphertext (n + 16)
//! ```
//!
//! so a sealed 32-byte data key is exactly a Chalice key envelope
//! ([`aether_primitives::chalice::envelope::LEN`], 1182 bytes).
//!
//! Opening checks the version and the lengths, decapsulates, recomputes the key and verifies the
//! AEAD tag; any change to any byte, or the wrong context, fails with [`SealError::Forged`].
//!
//! Data themselves are encrypted with a random 32-byte **data key** ([`encrypt_data`]:
//! ChaCha20-Poly1305, `nonce ‖ ciphertext`), and only the data key is sealed to executors.

#![deny(missing_docs)]

use aether_primitives::chalice::{envelope, DataId};
use chacha20poly1305::{
	aead::{Aead, KeyInit, Payload},
	ChaCha20Poly1305, Key, Nonce,
};
use hkdf::Hkdf;
use pqcrypto_mlkem::mlkem768;
use pqcrypto_traits::kem::{Ciphertext as _, PublicKey as _, SecretKey as _, SharedSecret as _};
use secp256k1::{ecdh::SharedSecret, PublicKey, Secp256k1, SecretKey};
use sha2::Sha256;

/// Format version of sealed messages.
pub const VERSION: u8 = envelope::VERSION;
/// Length of an ML-KEM-768 public key.
pub const MLKEM_PUBLIC_LEN: usize = 1184;
/// Length of an ML-KEM-768 secret key.
pub const MLKEM_SECRET_LEN: usize = 2400;
/// Length of an ML-KEM-768 ciphertext.
pub const MLKEM_CIPHERTEXT_LEN: usize = envelope::MLKEM768_CIPHERTEXT_LEN;
/// Length of a compressed secp256k1 public key.
pub const SECP_PUBLIC_LEN: usize = envelope::SECP256K1_PUBLIC_LEN;
/// Length of a secp256k1 secret key.
pub const SECP_SECRET_LEN: usize = 32;
/// Length of encoded [`PublicKeys`].
pub const PUBLIC_KEYS_LEN: usize = MLKEM_PUBLIC_LEN + SECP_PUBLIC_LEN;
/// Length of encoded [`SecretKeys`].
pub const SECRET_KEYS_LEN: usize = MLKEM_SECRET_LEN + SECP_SECRET_LEN;
/// Length of the AEAD nonce.
pub const NONCE_LEN: usize = envelope::NONCE_LEN;
/// Length of the AEAD tag.
pub const TAG_LEN: usize = envelope::TAG_LEN;
/// What sealing adds to a plaintext: 1150 bytes.
pub const OVERHEAD: usize = 1 + MLKEM_CIPHERTEXT_LEN + SECP_PUBLIC_LEN + NONCE_LEN + TAG_LEN;
/// A data key.
pub type DataKey = [u8; 32];

const KDF_SALT: &[u8] = b"aether-seal/v1";
const DATA_KEY_CONTEXT: &[u8] = b"aether/chalice/data-key";

/// Why sealing or opening failed.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SealError {
	/// Encoded keys of the wrong length or not valid keys.
	#[error("malformed key: {0}")]
	MalformedKey(&'static str),
	/// Sealed bytes of the wrong version or too short.
	#[error("malformed sealed message: {0}")]
	Malformed(&'static str),
	/// The tag did not verify: the message was changed, sealed to someone else, or for another
	/// context.
	#[error("the sealed message does not open with this key and context")]
	Forged,
	/// The operating system gave no randomness.
	#[error("no randomness: {0}")]
	Randomness(String),
}

/// An executor's public keys: where sealed messages are sent.
#[derive(Clone)]
pub struct PublicKeys {
	kem: mlkem768::PublicKey,
	ecdh: PublicKey,
}

/// An executor's secret keys.
pub struct SecretKeys {
	kem: mlkem768::SecretKey,
	ecdh: SecretKey,
	public: PublicKeys,
}

impl PartialEq for PublicKeys {
	fn eq(&self, other: &Self) -> bool {
		self.kem.as_bytes() == other.kem.as_bytes() && self.ecdh == other.ecdh
	}
}

impl Eq for PublicKeys {}

impl core::fmt::Debug for PublicKeys {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		write!(f, "PublicKeys(secp256k1 {})", self.ecdh)
	}
}

impl core::fmt::Debug for SecretKeys {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		write!(f, "SecretKeys(for {:?})", self.public)
	}
}

fn random<const N: usize>() -> Result<[u8; N], SealError> {
	let mut bytes = [0u8; N];
	getrandom::fill(&mut bytes).map_err(|e| SealError::Randomness(e.to_string()))?;
	Ok(bytes)
}

fn random_secp_key() -> Result<SecretKey, SealError> {
	// A random 32-byte string is a valid key except with probability ~2^-128; retry then.
	loop {
		if let Ok(key) = SecretKey::from_slice(&random::<32>()?) {
			return Ok(key);
		}
	}
}

impl SecretKeys {
	/// A fresh key pair from the operating system's randomness.
	pub fn generate() -> Result<Self, SealError> {
		let (kem_public, kem) = mlkem768::keypair();
		let ecdh = random_secp_key()?;
		let public = PublicKeys { kem: kem_public, ecdh: ecdh.public_key(&Secp256k1::new()) };
		Ok(Self { kem, ecdh, public })
	}

	/// The public half.
	pub fn public(&self) -> &PublicKeys {
		&self.public
	}

	/// `ML-KEM secret key ‖ secp256k1 secret key` ([`SECRET_KEYS_LEN`] bytes). Keep it secret.
	pub fn to_bytes(&self) -> Vec<u8> {
		let mut bytes = Vec::with_capacity(SECRET_KEYS_LEN + PUBLIC_KEYS_LEN);
		bytes.extend_from_slice(self.kem.as_bytes());
		bytes.extend_from_slice(&self.ecdh.secret_bytes());
		bytes.extend_from_slice(&self.public.to_bytes());
		bytes
	}

	/// Keys from [`SecretKeys::to_bytes`].
	pub fn from_bytes(bytes: &[u8]) -> Result<Self, SealError> {
		if bytes.len() != SECRET_KEYS_LEN + PUBLIC_KEYS_LEN {
			return Err(SealError::MalformedKey("secret keys have the wrong length"));
		}
		let (kem, rest) = bytes.split_at(MLKEM_SECRET_LEN);
		let (ecdh, public) = rest.split_at(SECP_SECRET_LEN);
		let kem = mlkem768::SecretKey::from_bytes(kem)
			.map_err(|_| SealError::MalformedKey("ML-KEM secret key"))?;
		let ecdh = SecretKey::from_slice(ecdh)
			.map_err(|_| SealError::MalformedKey("secp256k1 secret key"))?;
		let public = PublicKeys::from_bytes(public)?;
		if public.ecdh != ecdh.public_key(&Secp256k1::new()) {
			return Err(SealError::MalformedKey("the secp256k1 keys do not match"));
		}
		Ok(Self { kem, ecdh, public })
	}
}

impl PublicKeys {
	/// `ML-KEM public key ‖ compressed secp256k1 public key` ([`PUBLIC_KEYS_LEN`] bytes).
	pub fn to_bytes(&self) -> Vec<u8> {
		let mut bytes = Vec::with_capacity(PUBLIC_KEYS_LEN);
		bytes.extend_from_slice(self.kem.as_bytes());
		bytes.extend_from_slice(&self.ecdh.serialize());
		bytes
	}

	/// Keys from [`PublicKeys::to_bytes`]; the secp256k1 key must be on the curve.
	pub fn from_bytes(bytes: &[u8]) -> Result<Self, SealError> {
		if bytes.len() != PUBLIC_KEYS_LEN {
			return Err(SealError::MalformedKey("public keys have the wrong length"));
		}
		let (kem, ecdh) = bytes.split_at(MLKEM_PUBLIC_LEN);
		Ok(Self {
			kem: mlkem768::PublicKey::from_bytes(kem)
				.map_err(|_| SealError::MalformedKey("ML-KEM public key"))?,
			ecdh: PublicKey::from_slice(ecdh)
				.map_err(|_| SealError::MalformedKey("secp256k1 public key"))?,
		})
	}
}

/// The AEAD key of one sealed message.
fn derive_key(
	kem_secret: &[u8],
	ecdh_secret: &[u8],
	context: &[u8],
	kem_ciphertext: &[u8],
	ephemeral: &[u8],
	recipient: &PublicKeys,
) -> Key {
	let mut ikm = Vec::with_capacity(kem_secret.len() + ecdh_secret.len());
	ikm.extend_from_slice(kem_secret);
	ikm.extend_from_slice(ecdh_secret);
	let mut info =
		Vec::with_capacity(context.len() + 8 + kem_ciphertext.len() + 64 + PUBLIC_KEYS_LEN);
	info.extend_from_slice(&(context.len() as u64).to_le_bytes());
	info.extend_from_slice(context);
	info.extend_from_slice(kem_ciphertext);
	info.extend_from_slice(ephemeral);
	info.extend_from_slice(&recipient.to_bytes());
	let mut key = Key::default();
	Hkdf::<Sha256>::new(Some(KDF_SALT), &ikm)
		.expand(&info, &mut key)
		.expect("32 bytes is a valid HKDF-SHA256 output length");
	key
}

fn aad(context: &[u8]) -> Vec<u8> {
	let mut aad = Vec::with_capacity(1 + context.len());
	aad.push(VERSION);
	aad.extend_from_slice(context);
	aad
}

/// Seal `plaintext` to `to` under `context` (what the message is for: a data key of one
/// commitment, the input of one command). The result is [`OVERHEAD`] bytes longer.
pub fn seal(to: &PublicKeys, plaintext: &[u8], context: &[u8]) -> Result<Vec<u8>, SealError> {
	let (kem_secret, kem_ciphertext) = mlkem768::encapsulate(&to.kem);
	let ephemeral = random_secp_key()?;
	let ephemeral_public = ephemeral.public_key(&Secp256k1::new()).serialize();
	let ecdh_secret = SharedSecret::new(&to.ecdh, &ephemeral);
	let key = derive_key(
		kem_secret.as_bytes(),
		ecdh_secret.as_ref(),
		context,
		kem_ciphertext.as_bytes(),
		&ephemeral_public,
		to,
	);
	let nonce = random::<NONCE_LEN>()?;
	let ciphertext = ChaCha20Poly1305::new(&key)
		.encrypt(Nonce::from_slice(&nonce), Payload { msg: plaintext, aad: &aad(context) })
		.map_err(|_| SealError::Malformed("plaintext too long"))?;
	let mut sealed = Vec::with_capacity(OVERHEAD + plaintext.len());
	sealed.push(VERSION);
	sealed.extend_from_slice(kem_ciphertext.as_bytes());
	sealed.extend_from_slice(&ephemeral_public);
	sealed.extend_from_slice(&nonce);
	sealed.extend_from_slice(&ciphertext);
	Ok(sealed)
}

/// Open a message sealed to `keys` under `context`.
pub fn open(keys: &SecretKeys, sealed: &[u8], context: &[u8]) -> Result<Vec<u8>, SealError> {
	if sealed.len() < OVERHEAD {
		return Err(SealError::Malformed("shorter than the sealing overhead"));
	}
	if sealed[0] != VERSION {
		return Err(SealError::Malformed("unknown version"));
	}
	let (kem_ciphertext, rest) = sealed[1..].split_at(MLKEM_CIPHERTEXT_LEN);
	let (ephemeral, rest) = rest.split_at(SECP_PUBLIC_LEN);
	let (nonce, ciphertext) = rest.split_at(NONCE_LEN);
	let kem_ciphertext_typed = mlkem768::Ciphertext::from_bytes(kem_ciphertext)
		.map_err(|_| SealError::Malformed("ML-KEM ciphertext"))?;
	let ephemeral_key =
		PublicKey::from_slice(ephemeral).map_err(|_| SealError::Malformed("ephemeral key"))?;
	// ML-KEM decapsulation never fails: a changed ciphertext yields an unrelated secret
	// (implicit rejection), which the AEAD tag then refuses.
	let kem_secret = mlkem768::decapsulate(&kem_ciphertext_typed, &keys.kem);
	let ecdh_secret = SharedSecret::new(&ephemeral_key, &keys.ecdh);
	let key = derive_key(
		kem_secret.as_bytes(),
		ecdh_secret.as_ref(),
		context,
		kem_ciphertext,
		ephemeral,
		&keys.public,
	);
	ChaCha20Poly1305::new(&key)
		.decrypt(Nonce::from_slice(nonce), Payload { msg: ciphertext, aad: &aad(context) })
		.map_err(|_| SealError::Forged)
}

/// The context a data key of commitment `id` is sealed under.
pub fn data_key_context(id: DataId) -> Vec<u8> {
	let mut context = DATA_KEY_CONTEXT.to_vec();
	context.extend_from_slice(&id.to_le_bytes());
	context
}

/// Seal the data key of commitment `id` to an executor: a Chalice key envelope of exactly
/// [`envelope::LEN`] bytes.
pub fn seal_data_key(to: &PublicKeys, id: DataId, key: &DataKey) -> Result<Vec<u8>, SealError> {
	let sealed = seal(to, key, &data_key_context(id))?;
	debug_assert!(envelope::is_well_formed(&sealed));
	Ok(sealed)
}

/// Open a Chalice key envelope of commitment `id`.
pub fn open_data_key(keys: &SecretKeys, id: DataId, sealed: &[u8]) -> Result<DataKey, SealError> {
	if !envelope::is_well_formed(sealed) {
		return Err(SealError::Malformed("not a key envelope"));
	}
	let key = open(keys, sealed, &data_key_context(id))?;
	key.try_into().map_err(|_| SealError::Malformed("the envelope holds no 32-byte key"))
}

/// A fresh random data key.
pub fn new_data_key() -> Result<DataKey, SealError> {
	random::<32>()
}

/// Encrypt `data` under a data key: `nonce (12) ‖ ChaCha20-Poly1305 ciphertext`.
pub fn encrypt_data(key: &DataKey, data: &[u8]) -> Result<Vec<u8>, SealError> {
	let nonce = random::<NONCE_LEN>()?;
	let ciphertext = ChaCha20Poly1305::new(Key::from_slice(key))
		.encrypt(Nonce::from_slice(&nonce), data)
		.map_err(|_| SealError::Malformed("data too long"))?;
	let mut out = Vec::with_capacity(NONCE_LEN + ciphertext.len());
	out.extend_from_slice(&nonce);
	out.extend_from_slice(&ciphertext);
	Ok(out)
}

/// Decrypt what [`encrypt_data`] made.
pub fn decrypt_data(key: &DataKey, encrypted: &[u8]) -> Result<Vec<u8>, SealError> {
	if encrypted.len() < NONCE_LEN + TAG_LEN {
		return Err(SealError::Malformed("shorter than a nonce and a tag"));
	}
	let (nonce, ciphertext) = encrypted.split_at(NONCE_LEN);
	ChaCha20Poly1305::new(Key::from_slice(key))
		.decrypt(Nonce::from_slice(nonce), ciphertext)
		.map_err(|_| SealError::Forged)
}

#[cfg(test)]
mod tests {
	use super::*;
	use proptest::prelude::*;

	fn keys() -> SecretKeys {
		SecretKeys::generate().expect("the OS has randomness")
	}

	#[test]
	fn sealed_messages_open_with_the_right_key_and_context_only() {
		let alice = keys();
		let eve = keys();
		let sealed = seal(alice.public(), b"command input", b"ctx").unwrap();
		assert_eq!(sealed.len(), OVERHEAD + 13);
		assert_eq!(open(&alice, &sealed, b"ctx").unwrap(), b"command input");
		assert_eq!(open(&eve, &sealed, b"ctx"), Err(SealError::Forged));
		assert_eq!(open(&alice, &sealed, b"other"), Err(SealError::Forged));
		// Sealing twice gives different bytes (fresh encapsulation, ephemeral key and nonce).
		assert_ne!(seal(alice.public(), b"command input", b"ctx").unwrap(), sealed);
	}

	#[test]
	fn a_data_key_envelope_is_a_chalice_envelope() {
		let executor = keys();
		let key = new_data_key().unwrap();
		let envelope_bytes = seal_data_key(executor.public(), 7, &key).unwrap();
		assert_eq!(envelope_bytes.len(), envelope::LEN);
		assert!(envelope::is_well_formed(&envelope_bytes));
		assert_eq!(open_data_key(&executor, 7, &envelope_bytes).unwrap(), key);
		assert_eq!(
			open_data_key(&executor, 8, &envelope_bytes),
			Err(SealError::Forged),
			"an envelope of commitment 7 does not open as commitment 8's"
		);
		assert!(matches!(
			open_data_key(&executor, 7, &envelope_bytes[1..]),
			Err(SealError::Malformed(_))
		));
	}

	#[test]
	fn keys_round_trip_through_bytes_and_bad_keys_are_refused() {
		let k = keys();
		let restored = SecretKeys::from_bytes(&k.to_bytes()).unwrap();
		assert_eq!(restored.public(), k.public());
		let public = PublicKeys::from_bytes(&k.public().to_bytes()).unwrap();
		let sealed = seal(&public, b"x", b"c").unwrap();
		assert_eq!(open(&restored, &sealed, b"c").unwrap(), b"x");

		assert!(PublicKeys::from_bytes(&[0u8; PUBLIC_KEYS_LEN - 1]).is_err());
		let mut off_curve = k.public().to_bytes();
		let n = off_curve.len();
		off_curve[n - SECP_PUBLIC_LEN] = 0x05; // not a compressed-point prefix
		assert_eq!(
			PublicKeys::from_bytes(&off_curve),
			Err(SealError::MalformedKey("secp256k1 public key"))
		);
		let mut mismatched = k.to_bytes();
		let other = keys().public().to_bytes();
		mismatched[SECRET_KEYS_LEN..].copy_from_slice(&other);
		assert!(SecretKeys::from_bytes(&mismatched).is_err());
	}

	#[test]
	fn malformed_sealed_messages_are_refused() {
		let k = keys();
		assert!(matches!(open(&k, &[VERSION; OVERHEAD - 1], b""), Err(SealError::Malformed(_))));
		let mut sealed = seal(k.public(), b"abc", b"").unwrap();
		sealed[0] = 2;
		assert_eq!(open(&k, &sealed, b""), Err(SealError::Malformed("unknown version")));
	}

	#[test]
	fn data_round_trips_and_tampering_is_caught() {
		let key = new_data_key().unwrap();
		let encrypted = encrypt_data(&key, b"time,temperature\n0,21.5\n").unwrap();
		assert_eq!(decrypt_data(&key, &encrypted).unwrap(), b"time,temperature\n0,21.5\n");
		let mut tampered = encrypted.clone();
		tampered[NONCE_LEN] ^= 1;
		assert_eq!(decrypt_data(&key, &tampered), Err(SealError::Forged));
		assert_eq!(decrypt_data(&new_data_key().unwrap(), &encrypted), Err(SealError::Forged));
		assert!(decrypt_data(&key, &encrypted[..NONCE_LEN]).is_err());
	}

	proptest! {
		#![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

		/// Flipping any bit of a sealed message makes it fail to open (and never panic).
		#[test]
		fn any_bit_flip_is_caught(position in 0usize..(OVERHEAD + 16), bit in 0u8..8) {
			let k = keys();
			let mut sealed = seal(k.public(), b"sixteen bytes!!!", b"ctx").unwrap();
			sealed[position] ^= 1 << bit;
			prop_assert!(open(&k, &sealed, b"ctx").is_err());
		}

		/// Arbitrary bytes never open and never panic.
		#[test]
		fn garbage_never_opens(bytes in proptest::collection::vec(any::<u8>(), 0..1400)) {
			let k = keys();
			prop_assert!(open(&k, &bytes, b"").is_err());
		}
	}
}
