// The Chalice economy on a real dev node, driven through @polkadot/api with the project's RPC
// definitions (js/aether-definitions.json):
//
// 1. issuance and transaction fees enter the pot and are split 70/20/10 (chalice_period, and the
//    pot's balance on chain);
// 2. Root shortens the period; a data commitment is made, a key envelope granted, the commitment
//    revoked: the envelope is gone from storage and the commitment cannot be used again;
// 3. the period closes, the block author (Alice) can claim its validator share (chalice_rewards)
//    and `claim` pays exactly that; an account with nothing to claim gets `NothingToClaim`;
// 4. the `aether` shell does the data commitment's life cycle from the command line: an encrypted
//    file, its data key sealed (ML-KEM-768 + secp256k1) to an executor who opens it, revocation
//    after which the executor cannot get the key any more.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Keyring } from '@polkadot/api';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { connect, findEvent, submit } from './api.mjs';
import * as L from './lib.mjs';
/// Length of a version-1 sealed key envelope (aether_primitives::chalice::envelope::LEN).
const ENVELOPE_LEN = 1182;
const PERIOD = 4;

const run = { nodes: [], passed: false, abort: new AbortController(), api: undefined, rpcPort: 0 };

before(async () => {
	await cryptoWaitReady();
	const dir = L.makeTempDir('chalice');
	const [p2pPort, rpcPort] = await L.freePorts(2);
	const node = L.startNode({
		name: 'chalice',
		args: ['--dev'],
		basePath: path.join(dir, 'chalice'),
		p2pPort,
		rpcPort,
		nodeKey: L.nodeKey(1),
	});
	run.nodes.push(node);
	run.rpcPort = rpcPort;
	await L.waitForRpc(node, { signal: run.abort.signal });
	run.api = await connect(rpcPort);
});

after(async () => {
	run.abort.abort();
	if (run.api) await run.api.disconnect().catch(() => {});
	if (!run.passed) L.printLogTails(run.nodes, 60);
	await L.cleanupAll();
});

/** Sum of the open period's three pools, as a BigInt. */
function poolSum(period) {
	return BigInt(period.originatorPool) + BigInt(period.validatorPool) + BigInt(period.treasuryPool);
}

test('issuance and fees enter the pot and are split 70/20/10', { timeout: 180_000 }, async () => {
	const { api } = run;
	const signal = run.abort.signal;
	const keyring = new Keyring({ type: 'sr25519' });
	const bob = keyring.addFromUri('//Bob');

	await L.waitFor('block 2', async () => (await api.rpc.chain.getHeader()).number.toNumber() >= 2, {
		timeoutMs: 120_000,
		signal,
	});
	const before = (await api.rpc.chalice.period()).toJSON();
	assert.ok(BigInt(before.issued) > 0n, 'no issuance in the open period');

	const { events, blockHash } = await submit(
		api,
		api.tx.balances.transferKeepAlive(keyring.addFromUri('//Dave').address, 10n ** 12n),
		bob,
	);
	const feePaid = findEvent(events, 'transactionPayment', 'TransactionFeePaid');
	assert.ok(feePaid, 'no TransactionFeePaid event');
	const fee = feePaid.data.actualFee.toBigInt() + feePaid.data.tip.toBigInt();
	assert.ok(fee > 0n);

	// At the block of the transfer, and at its parent: the difference is the block's issuance
	// plus the fee, split 70/20/10 with the dust to the treasury.
	const header = await api.rpc.chain.getHeader(blockHash);
	const at = (await api.rpc.chalice.period(blockHash)).toJSON();
	const parent = (await api.rpc.chalice.period(header.parentHash)).toJSON();
	if (at.index !== parent.index) {
		// The period closed in this very block: compare with the block's own issuance only.
		assert.equal(BigInt(at.fees), fee);
	} else {
		assert.equal(BigInt(at.fees) - BigInt(parent.fees), fee, 'the fee did not reach the pot');
		const inflow = BigInt(at.issued) - BigInt(parent.issued) + fee;
		assert.equal(poolSum(at) - poolSum(parent), inflow, 'inflow != growth of the pools');
		const originators = BigInt(at.originatorPool) - BigInt(parent.originatorPool);
		const validators = BigInt(at.validatorPool) - BigInt(parent.validatorPool);
		// Each inflow is split on its own, rounded down: within a unit or two of 70 % and 20 %.
		assert.ok((inflow * 7n) / 10n - originators <= 2n, `originators got ${originators} of ${inflow}`);
		assert.ok((inflow * 2n) / 10n - validators <= 2n, `validators got ${validators} of ${inflow}`);
	}
	run.passed = true;
});

test('data commitments: commit, grant a key, revoke (crypto deletion), refuse reuse', { timeout: 180_000 }, async () => {
	run.passed = false;
	const { api } = run;
	const keyring = new Keyring({ type: 'sr25519' });
	const bob = keyring.addFromUri('//Bob');
	const charlie = keyring.addFromUri('//Charlie');

	const hash = '0x' + 'ab'.repeat(32);
	const committed = await submit(api, api.tx.chalice.commitData(hash, 4096, 10n ** 9n, { AnyProgram: null }), bob);
	const event = findEvent(committed.events, 'chalice', 'DataCommitted');
	assert.ok(event, 'no DataCommitted event');
	const id = event.data.id.toNumber();
	assert.equal(event.data.owner.toString(), bob.address);
	assert.equal((await api.query.chalice.data(id)).unwrap().owner.toString(), bob.address);

	// Hex, not a Uint8Array: @polkadot/api takes a Uint8Array for `Bytes` as already SCALE-encoded.
	const bytes = new Uint8Array(ENVELOPE_LEN).fill(0x5a);
	bytes[0] = 1;
	const envelope = u8aToHex(bytes);
	const truncated = u8aToHex(bytes.slice(1));
	await submit(api, api.tx.chalice.grantKey(id, charlie.address, envelope), bob);
	assert.ok((await api.query.chalice.keyEnvelopes(id, charlie.address)).isSome, 'the envelope is not stored');

	// A malformed envelope and someone else's revocation are refused by name.
	await assert.rejects(
		submit(api, api.tx.chalice.grantKey(id, charlie.address, truncated), bob),
		(e) => e.name === 'MalformedEnvelope',
	);
	await assert.rejects(submit(api, api.tx.chalice.revoke(id), charlie), (e) => e.name === 'NotDataOwner');

	const revoked = await submit(api, api.tx.chalice.revoke(id), bob);
	const revokedEvent = findEvent(revoked.events, 'chalice', 'DataRevoked');
	assert.ok(revokedEvent, 'no DataRevoked event');
	assert.equal(revokedEvent.data.envelopesDestroyed.toNumber(), 1);
	assert.ok((await api.query.chalice.keyEnvelopes(id, charlie.address)).isNone, 'the key material survives');
	assert.equal((await api.query.chalice.keyEnvelopes.entries(id)).length, 0);
	assert.ok((await api.query.chalice.data(id)).unwrap().revokedAt.isSome);
	await assert.rejects(
		submit(api, api.tx.chalice.grantKey(id, charlie.address, envelope), bob),
		(e) => e.name === 'DataRevoked',
	);
	run.passed = true;
});

test('a period closes and the block author claims exactly its share', { timeout: 300_000 }, async () => {
	run.passed = false;
	const { api } = run;
	const signal = run.abort.signal;
	const keyring = new Keyring({ type: 'sr25519' });
	const alice = keyring.addFromUri('//Alice');
	const dave = keyring.addFromUri('//Dave');

	// Root shortens the period; the open one takes the new length too, so it closes soon.
	const parameters = (await api.query.chalice.parameters()).toJSON();
	const set = await submit(
		api,
		api.tx.sudo.sudo(api.tx.chalice.setParameters({ ...parameters, periodLength: PERIOD })),
		alice,
	);
	assert.ok(findEvent(set.events, 'chalice', 'ParametersSet'), 'no ParametersSet event');
	const start = (await api.rpc.chalice.period()).toJSON();

	const closed = await L.waitFor(
		'a closed period with Alice in it',
		async () => {
			const rewards = (await api.rpc.chalice.rewards(alice.address)).toJSON();
			return BigInt(rewards.claimable) > 0n && rewards;
		},
		{ timeoutMs: 240_000, intervalMs: 2_000, signal },
	).catch((e) => {
		throw new Error(`${e.message}; period at start: ${JSON.stringify(start)}`);
	});

	const balanceBefore = (await api.query.system.account(alice.address)).data.free.toBigInt();
	const claimed = await submit(api, api.tx.chalice.claim(), alice);
	const claimedEvent = findEvent(claimed.events, 'chalice', 'Claimed');
	assert.ok(claimedEvent, 'no Claimed event');
	const amount = claimedEvent.data.amount.toBigInt();
	assert.ok(amount >= BigInt(closed.claimable), 'paid less than chalice_rewards promised');
	const feePaid = findEvent(claimed.events, 'transactionPayment', 'TransactionFeePaid');
	const fee = feePaid.data.actualFee.toBigInt() + feePaid.data.tip.toBigInt();
	const balanceAfter = (await api.query.system.account(alice.address)).data.free.toBigInt();
	assert.equal(balanceAfter, balanceBefore + amount - fee, 'the claim did not pay what it said');

	await assert.rejects(submit(api, api.tx.chalice.claim(), dave), (e) => e.name === 'NothingToClaim');
	run.passed = true;
});

/** Run the `aether` shell against the test node; resolves with { code, stdout, stderr }. */
function shell(args, suri) {
	const argv = ['--url', `ws://127.0.0.1:${run.rpcPort}`, ...(suri ? ['--suri', suri] : []), ...args];
	return new Promise((resolve) => {
		execFile(L.SHELL_BIN, argv, { timeout: 150_000 }, (error, stdout, stderr) => {
			resolve({ code: error ? (error.code ?? 1) : 0, stdout, stderr });
		});
	});
}

test('the aether shell: commit an encrypted file, seal its key to an executor who opens it, revoke, show rewards', { timeout: 300_000 }, async () => {
	run.passed = false;
	assert.ok(fs.existsSync(L.SHELL_BIN), `shell binary not found: ${L.SHELL_BIN}`);
	const dir = L.makeTempDir('chalice-shell');
	const file = path.join(dir, 'readings.csv');
	const content = 'time,temperature\n0,21.5\n60,21.7\n';
	fs.writeFileSync(file, content);
	const sha256 = crypto.createHash('sha256').update(content).digest('hex');

	const committed = await shell(
		['data', 'commit', file, '--price', '0.25', '--encrypt', '--only-programs', '3,4'],
		'//Charlie',
	);
	assert.equal(committed.code, 0, `data commit failed: ${committed.stderr}`);
	const id = Number(/data id: (\d+)/.exec(committed.stdout)?.[1]);
	assert.ok(Number.isInteger(id), `no data id in: ${committed.stdout}`);
	assert.ok(fs.existsSync(`${file}.sealed`) && fs.existsSync(`${file}.key`), 'no encrypted file or data key');
	assert.ok(!fs.readFileSync(`${file}.sealed`).includes(Buffer.from('temperature')), 'the data is not encrypted');

	// An executor (Dave) makes keys; Charlie seals the data key to them; Dave opens the data.
	const dave = new Keyring({ type: 'sr25519' }).addFromUri('//Dave').address;
	const daveKeys = path.join(dir, 'dave.key');
	const generated = await shell(['keys', 'generate', '--out', daveKeys]);
	assert.equal(generated.code, 0, generated.stderr);
	const granted = await shell(
		['data', 'grant', String(id), '--to', dave, '--public', `${daveKeys}.pub`, '--key', `${file}.key`],
		'//Charlie',
	);
	assert.equal(granted.code, 0, granted.stderr);
	assert.match(granted.stdout, /KeyGranted/);
	const opened = path.join(dir, 'opened.csv');
	const open = await shell([
		'data', 'open', String(id), '--secret', daveKeys, '--encrypted', `${file}.sealed`, '--out', opened, '--as', dave,
	]);
	assert.equal(open.code, 0, open.stderr);
	assert.equal(fs.readFileSync(opened, 'utf8'), content, 'the executor did not recover the data');
	// Someone else's keys do not open Dave's envelope.
	const eveKeys = path.join(dir, 'eve.key');
	assert.equal((await shell(['keys', 'generate', '--out', eveKeys])).code, 0);
	const wrongKeys = await shell([
		'data', 'open', String(id), '--secret', eveKeys, '--encrypted', `${file}.sealed`, '--out', opened, '--as', dave,
	]);
	assert.notEqual(wrongKeys.code, 0, 'another key opened the envelope');
	assert.match(wrongKeys.stderr, /does not open/);

	const shown = await shell(['data', 'show', String(id)]);
	assert.equal(shown.code, 0, shown.stderr);
	assert.match(shown.stdout, new RegExp(`sha256: +0x${sha256}`));
	assert.match(shown.stdout, new RegExp(`size: +${content.length} bytes`));
	assert.match(shown.stdout, /price\/use: +0\.25 AETH/);
	assert.match(shown.stdout, /only programs \[3, 4\]/);
	assert.match(shown.stdout, /revoked: +no/);

	const notOwner = await shell(['data', 'revoke', String(id)], '//Dave');
	assert.notEqual(notOwner.code, 0, 'Dave revoked Charlie\'s data');
	assert.match(notOwner.stderr, /NotDataOwner/);

	const revoked = await shell(['data', 'revoke', String(id)], '//Charlie');
	assert.equal(revoked.code, 0, revoked.stderr);
	assert.match(revoked.stdout, /DataRevoked/);
	assert.match((await shell(['data', 'show', String(id)])).stdout, /revoked at: +#\d+/);
	// Crypto deletion: the envelope is gone, so the executor can no longer get the data key.
	const afterRevoke = await shell([
		'data', 'open', String(id), '--secret', daveKeys, '--encrypted', `${file}.sealed`, '--out', opened, '--as', dave,
	]);
	assert.notEqual(afterRevoke.code, 0, 'the data opened after revocation');
	assert.match(afterRevoke.stderr, /was revoked at #\d+: its key envelopes are gone/);
	const again = await shell(['data', 'revoke', String(id)], '//Charlie');
	assert.notEqual(again.code, 0);
	assert.match(again.stderr, /DataRevoked/);

	const missing = await shell(['data', 'show', '999999']);
	assert.notEqual(missing.code, 0);
	assert.match(missing.stderr, /no data commitment 999999/);

	const rewards = await shell(['rewards', 'show'], '//Alice');
	assert.equal(rewards.code, 0, rewards.stderr);
	assert.match(rewards.stdout, /claimable: /);
	const period = await shell(['period']);
	assert.equal(period.code, 0, period.stderr);
	assert.match(period.stdout, /^period \d+ \(blocks #\d+\.\.#\d+\)/);
	run.passed = true;
});
