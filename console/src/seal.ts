// aether-seal v1 in the browser: the same bytes as `node/seal/src/lib.rs` (crate aether-seal), so
// the console can seal a command's input to its executors and open the output they seal back.
//
// Construction (see the Rust crate for the rationale), to recipient keys `pk_kem ‖ pk_ecdh`:
//
// 1. `(ss_kem, ct) = ML-KEM-768.Encaps(pk_kem)` (FIPS 203);
// 2. an ephemeral secp256k1 key `e`, `E = compressed(e·G)`;
//    `ss_ecdh = SHA-256(compressed(e · pk_ecdh))` (libsecp256k1's default ECDH hash);
// 3. `k = HKDF-SHA256(salt = "aether-seal/v1", ikm = ss_kem ‖ ss_ecdh,
//    info = u64le(len(context)) ‖ context ‖ ct ‖ E ‖ recipient public keys)`;
// 4. `ChaCha20-Poly1305(k, nonce, plaintext, aad = version ‖ context)`, random 12-byte nonce.
//
// Sealed bytes: `version (1) ‖ ct (1088) ‖ E (33) ‖ nonce (12) ‖ ciphertext and tag (n + 16)`.
//
// Keys are encoded as in Rust: public keys `ML-KEM public (1184) ‖ compressed secp256k1 (33)`,
// secret keys `ML-KEM secret (2400) ‖ secp256k1 secret (32) ‖ public keys (1217)`, so a key file
// of `aether keys generate` (hex) is also a valid key here and the other way round.

import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';

/** Format version of sealed messages. */
export const VERSION = 1;
export const MLKEM_PUBLIC_LEN = 1184;
export const MLKEM_SECRET_LEN = 2400;
export const MLKEM_CIPHERTEXT_LEN = 1088;
export const SECP_PUBLIC_LEN = 33;
export const SECP_SECRET_LEN = 32;
export const PUBLIC_KEYS_LEN = MLKEM_PUBLIC_LEN + SECP_PUBLIC_LEN;
export const SECRET_KEYS_LEN = MLKEM_SECRET_LEN + SECP_SECRET_LEN;
export const NONCE_LEN = 12;
export const TAG_LEN = 16;
/** What sealing adds to a plaintext: 1150 bytes. */
export const OVERHEAD = 1 + MLKEM_CIPHERTEXT_LEN + SECP_PUBLIC_LEN + NONCE_LEN + TAG_LEN;

const KDF_SALT = new TextEncoder().encode('aether-seal/v1');

/** A key pair: where sealed messages are sent (`public`) and what opens them. */
export interface SecretKeys {
	/** ML-KEM-768 secret (decapsulation) key, 2400 bytes. */
	kem: Uint8Array;
	/** secp256k1 secret key, 32 bytes. */
	ecdh: Uint8Array;
	/** `ML-KEM public ‖ compressed secp256k1 public`, 1217 bytes. */
	public: Uint8Array;
}

function concat(...parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}

function u64le(n: bigint | number): Uint8Array {
	const out = new Uint8Array(8);
	new DataView(out.buffer).setBigUint64(0, BigInt(n), true);
	return out;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
	return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** A fresh key pair from the browser's randomness. */
export function generateKeys(): SecretKeys {
	const { publicKey, secretKey } = ml_kem768.keygen();
	const ecdh = secp256k1.utils.randomSecretKey();
	return { kem: secretKey, ecdh, public: concat(publicKey, secp256k1.getPublicKey(ecdh, true)) };
}

/** `ML-KEM secret ‖ secp256k1 secret ‖ public keys`, as `SecretKeys::to_bytes` in Rust. */
export function secretKeysToBytes(keys: SecretKeys): Uint8Array {
	return concat(keys.kem, keys.ecdh, keys.public);
}

/** Keys from `secretKeysToBytes` (or an `aether keys generate` file); throws on malformed keys. */
export function secretKeysFromBytes(bytes: Uint8Array): SecretKeys {
	if (bytes.length !== SECRET_KEYS_LEN + PUBLIC_KEYS_LEN) throw new Error('malformed key: secret keys have the wrong length');
	const kem = bytes.slice(0, MLKEM_SECRET_LEN);
	const ecdh = bytes.slice(MLKEM_SECRET_LEN, SECRET_KEYS_LEN);
	const pub = bytes.slice(SECRET_KEYS_LEN);
	checkPublicKeys(pub);
	if (!secp256k1.utils.isValidSecretKey(ecdh)) throw new Error('malformed key: secp256k1 secret key');
	if (!equal(secp256k1.getPublicKey(ecdh, true), pub.slice(MLKEM_PUBLIC_LEN))) {
		throw new Error('malformed key: the secp256k1 keys do not match');
	}
	// FIPS 203 decapsulation keys embed the encapsulation key: dk_PKE (1152) ‖ ek (1184) ‖ H(ek) ‖ z.
	if (!equal(kem.slice(1152, 1152 + MLKEM_PUBLIC_LEN), pub.slice(0, MLKEM_PUBLIC_LEN))) {
		throw new Error('malformed key: the ML-KEM keys do not match');
	}
	return { kem, ecdh, public: pub };
}

/** Throws unless `pub` is `ML-KEM-768 public ‖ compressed secp256k1 public` with a valid point. */
export function checkPublicKeys(pub: Uint8Array): void {
	if (pub.length !== PUBLIC_KEYS_LEN) throw new Error('malformed key: public keys have the wrong length');
	if (!secp256k1.utils.isValidPublicKey(pub.slice(MLKEM_PUBLIC_LEN), true)) throw new Error('malformed key: secp256k1 public key');
}

/** The AEAD key of one sealed message (`derive_key` in Rust). */
function deriveKey(kemSecret: Uint8Array, ecdhSecret: Uint8Array, context: Uint8Array, kemCiphertext: Uint8Array, ephemeral: Uint8Array, recipient: Uint8Array): Uint8Array {
	const info = concat(u64le(context.length), context, kemCiphertext, ephemeral, recipient);
	return hkdf(sha256, concat(kemSecret, ecdhSecret), KDF_SALT, info, 32);
}

/** libsecp256k1's ECDH: SHA-256 of the compressed shared point. */
function ecdh(secret: Uint8Array, publicKey: Uint8Array): Uint8Array {
	return sha256(secp256k1.getSharedSecret(secret, publicKey, true));
}

function aad(context: Uint8Array): Uint8Array {
	return concat(Uint8Array.of(VERSION), context);
}

/** Seal `plaintext` to public keys `to` under `context`; the result is `OVERHEAD` bytes longer. */
export function seal(to: Uint8Array, plaintext: Uint8Array, context: Uint8Array): Uint8Array {
	checkPublicKeys(to);
	const { cipherText, sharedSecret } = ml_kem768.encapsulate(to.slice(0, MLKEM_PUBLIC_LEN));
	const ephemeral = secp256k1.utils.randomSecretKey();
	const ephemeralPublic = secp256k1.getPublicKey(ephemeral, true);
	const key = deriveKey(sharedSecret, ecdh(ephemeral, to.slice(MLKEM_PUBLIC_LEN)), context, cipherText, ephemeralPublic, to);
	const nonce = randomBytes(NONCE_LEN);
	const ciphertext = chacha20poly1305(key, nonce, aad(context)).encrypt(plaintext);
	return concat(Uint8Array.of(VERSION), cipherText, ephemeralPublic, nonce, ciphertext);
}

/** Open a message sealed to `keys` under `context`; throws if it does not open. */
export function open(keys: SecretKeys, sealed: Uint8Array, context: Uint8Array): Uint8Array {
	if (sealed.length < OVERHEAD) throw new Error('malformed sealed message: shorter than the sealing overhead');
	if (sealed[0] !== VERSION) throw new Error('malformed sealed message: unknown version');
	let at = 1;
	const kemCiphertext = sealed.slice(at, (at += MLKEM_CIPHERTEXT_LEN));
	const ephemeral = sealed.slice(at, (at += SECP_PUBLIC_LEN));
	const nonce = sealed.slice(at, (at += NONCE_LEN));
	const ciphertext = sealed.slice(at);
	if (!secp256k1.utils.isValidPublicKey(ephemeral, true)) throw new Error('malformed sealed message: ephemeral key');
	// Decapsulation never fails on a changed ciphertext (implicit rejection): the tag refuses it.
	const kemSecret = ml_kem768.decapsulate(kemCiphertext, keys.kem);
	const key = deriveKey(kemSecret, ecdh(keys.ecdh, ephemeral), context, kemCiphertext, ephemeral, keys.public);
	try {
		return chacha20poly1305(key, nonce, aad(context)).decrypt(ciphertext);
	} catch {
		throw new Error('the sealed message does not open with this key and context');
	}
}

/** The sealing context of command `id`'s input (`input_context` in aether-primitives). */
export function inputContext(id: bigint | number): Uint8Array {
	return concat(new TextEncoder().encode('aether/command-input/'), u64le(id));
}

/** The sealing context of command `id`'s output, sealed back to the submitter. */
export function outputContext(id: bigint | number): Uint8Array {
	return concat(new TextEncoder().encode('aether/command-output/'), u64le(id));
}

/** SHA-256, the commitment to a command's input and the hash of its output. */
export function sha256Bytes(bytes: Uint8Array): Uint8Array {
	return sha256(bytes);
}

const STORAGE_KEY = 'aether.console.reply-keys';

/**
 * This browser's reply keys, generated on first use and kept in localStorage (hex of
 * `secretKeysToBytes`): sealed outputs of commands submitted from here are sealed to them, so
 * they can still be opened after a reload. Clearing the site's data loses them.
 */
export function replyKeys(): SecretKeys {
	const stored = localStorage.getItem(STORAGE_KEY);
	if (stored) {
		try {
			return secretKeysFromBytes(fromHex(stored));
		} catch (err) {
			console.warn(`stored reply keys are unusable, making new ones: ${(err as Error).message}`);
		}
	}
	const keys = generateKeys();
	localStorage.setItem(STORAGE_KEY, toHex(secretKeysToBytes(keys)));
	return keys;
}

/** Reply keys if this browser already has some, without generating any. */
export function existingReplyKeys(): SecretKeys | undefined {
	const stored = localStorage.getItem(STORAGE_KEY);
	if (!stored) return undefined;
	try {
		return secretKeysFromBytes(fromHex(stored));
	} catch {
		return undefined;
	}
}

export function toHex(bytes: Uint8Array): string {
	return `0x${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export function fromHex(hex: string): Uint8Array {
	const clean = hex.trim().replace(/^0x/i, '');
	if (clean.length % 2 || /[^0-9a-f]/i.test(clean)) throw new Error('not hex');
	const out = new Uint8Array(clean.length / 2);
	for (let i = 0; i < out.length; i += 1) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
	return out;
}
