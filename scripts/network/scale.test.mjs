// Unit checks of the test library's decoders on hand-made bytes (no node needed).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as L from './lib.mjs';

const hex = (s) => s.replace(/\s+/g, '');

test('SCALE compact: every mode round-trips, non-canonical forms are rejected', () => {
	const cases = [
		[0n, '0x00'],
		[1n, '0x04'],
		[63n, '0xfc'],
		[64n, '0x0101'],
		[109n, '0xb501'],
		[16383n, '0xfdff'],
		[16384n, '0x02000100'],
		[(1n << 30n) - 1n, '0xfeffffff'],
		[1n << 30n, '0x0300000040'],
		[(1n << 32n) - 1n, '0x03ffffffff'],
		[1n << 32n, '0x070000000001'],
		[(1n << 64n) - 1n, '0x13ffffffffffffffff'],
	];
	for (const [value, encoded] of cases) {
		assert.equal(L.bytesToHex(L.encodeCompact(value)), encoded, `encode ${value}`);
		const decoded = L.decodeCompact(L.hexToBytes(encoded));
		assert.equal(decoded.value, value, `decode ${encoded}`);
		assert.equal(decoded.length, (encoded.length - 2) / 2);
	}
	const big = (1n << 128n) - 1n;
	assert.equal(L.decodeCompact(L.encodeCompact(big)).value, big);
	assert.throws(() => L.decodeCompact(L.hexToBytes('0x0500'))); // 1 in two-byte mode
	assert.throws(() => L.decodeCompact(L.hexToBytes('0x0300000000'))); // 0 in big-integer mode
	assert.throws(() => L.decodeCompact(L.hexToBytes('0x01'))); // truncated
});

// authority_index 2, slot 0x0102030405 (above 2^32), Fallback, pre-output 0x11…, proof 0x22…
const PRE_DIGEST_BYTES = hex(`
	02000000
	0504030201000000
	01
	${'11'.repeat(32)}
	${'22'.repeat(64)}`);

test('decodePocPreDigest: a hand-made PreRuntime item', () => {
	const log = `0x06${Buffer.from('AEPC').toString('hex')}b501${PRE_DIGEST_BYTES}`;
	const pre = L.decodePocPreDigest(log);
	assert.deepEqual(pre, {
		authorityIndex: 2,
		slot: 0x0102030405,
		kind: 'Fallback',
		vrfPreOutput: `0x${'11'.repeat(32)}`,
		vrfProof: `0x${'22'.repeat(64)}`,
	});
	// Primary claim.
	const primary = L.decodePocPreDigest(log.replace(`0504030201000000${'01'}`, `0504030201000000${'00'}`));
	assert.equal(primary.kind, 'Primary');
	// Other engines and other digest types are not PoC pre-digests.
	assert.equal(L.decodePocPreDigest(`0x06${Buffer.from('BABE').toString('hex')}1001020304`), null);
	assert.equal(L.decodePocPreDigest(`0x05${Buffer.from('AEPC').toString('hex')}0101${'33'.repeat(64)}`), null);
	assert.equal(L.decodePocPreDigest('0x08'), null);
	// Malformed: wrong length prefix, wrong payload size, unknown kind.
	assert.throws(() => L.decodePocPreDigest(`0x06${Buffer.from('AEPC').toString('hex')}b101${PRE_DIGEST_BYTES}`));
	assert.throws(() => L.decodePocPreDigest(`0x06${Buffer.from('AEPC').toString('hex')}1001020304`));
	assert.throws(() =>
		L.decodePocPreDigest(log.replace(`0504030201000000${'01'}`, `0504030201000000${'07'}`)),
	);
});

test('checkPocDigests: one pre-digest and a final seal', () => {
	const aepc = Buffer.from('AEPC').toString('hex');
	const pre = `0x06${aepc}b501${PRE_DIGEST_BYTES}`;
	const seal = `0x05${aepc}0101${'33'.repeat(64)}`;
	const grandpa = `0x04${Buffer.from('FRNK').toString('hex')}0cabcdef`;
	assert.ok(L.isPocSeal(seal));
	assert.deepEqual(L.checkPocDigests({ digest: { logs: [pre, grandpa, seal] } }).problems, []);
	assert.equal(L.checkPocDigests({ digest: { logs: [pre, seal] } }).preDigest.authorityIndex, 2);
	assert.notDeepEqual(L.checkPocDigests({ digest: { logs: [pre, pre, seal] } }).problems, []);
	assert.notDeepEqual(L.checkPocDigests({ digest: { logs: [seal, pre] } }).problems, []);
	assert.notDeepEqual(L.checkPocDigests({ digest: { logs: [pre] } }).problems, []);
	assert.notDeepEqual(L.checkPocDigests({ digest: { logs: [] } }).problems, []);
});

test('peer id of node key 0x…01 is the bootnode id the tests use', () => {
	assert.equal(L.peerIdFromNodeKey(L.nodeKey(1)), L.BOOTNODE_PEER_ID);
});

test('percentile and mean', () => {
	const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
	assert.equal(L.percentile(xs, 95), 19);
	assert.equal(L.percentile([9000], 95), 9000);
	assert.equal(L.mean([4000, 8000]), 6000);
});
