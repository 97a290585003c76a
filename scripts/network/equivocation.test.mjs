// An equivocating validator is caught: Alice runs with the test-only `--test-equivocate` flag, so
// she seals two different blocks in every slot she wins. Bob's import verifier sees both,
// detects the equivocation, and submits an unsigned report. The report lands in a block:
// `poc.EquivocationReported` names Alice and the slot, and her contribution score drops by the
// penalty (half, in the presets). The chain goes on.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import { Keyring } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { connect } from './api.mjs';
import * as L from './lib.mjs';

const run = { nodes: [], passed: false, abort: new AbortController(), api: undefined };

after(async () => {
	run.abort.abort();
	if (run.api) await run.api.disconnect().catch(() => {});
	if (!run.passed) L.printLogTails(run.nodes, 60);
	await L.cleanupAll();
});

test('an equivocating validator is detected, reported on chain and penalised', { timeout: 420_000 }, async () => {
	await cryptoWaitReady();
	const signal = run.abort.signal;
	const dir = L.makeTempDir('equivocation');
	const ports = await L.freePorts(4);
	const spec = L.buildSpec('local', path.join(dir, 'local-2.json'), { validators: 2 });
	const bootnode = `/ip4/127.0.0.1/tcp/${ports[0]}/p2p/${L.BOOTNODE_PEER_ID}`;
	run.nodes = ['alice', 'bob'].map((name, i) =>
		L.startNode({
			name,
			args: ['--chain', spec, '--validator', `--${name}`, ...(i === 0 ? ['--test-equivocate'] : [])],
			basePath: path.join(dir, name),
			p2pPort: ports[i],
			rpcPort: ports[2 + i],
			nodeKey: L.nodeKey(i + 1),
			bootnodes: i === 0 ? [] : [bootnode],
		}),
	);
	await Promise.all(run.nodes.map((node) => L.waitForRpc(node, { signal })));
	const [alice, bob] = run.nodes;
	run.api = await connect(bob.rpcPort);
	const { api } = run;
	const aliceAccount = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//Alice').address;

	// Walk Bob's best chain block by block until a block carries the report.
	let next = 1;
	const reported = await L.waitFor(
		'poc.EquivocationReported in a block',
		async () => {
			const best = (await api.rpc.chain.getHeader()).number.toNumber();
			for (; next <= best; next += 1) {
				const hash = await api.rpc.chain.getBlockHash(next);
				const events = await (await api.at(hash)).query.system.events();
				const record = events.find(({ event }) => api.events.poc.EquivocationReported.is(event));
				if (record) return { block: next, hash, event: record.event };
			}
			return undefined;
		},
		{ timeoutMs: 300_000, intervalMs: 2_000, signal },
	);
	const { offender, slot, penalty } = reported.event.data;
	console.log(`# block #${reported.block}: EquivocationReported { offender: ${offender}, slot: ${slot}, penalty: ${penalty} }`);
	assert.equal(offender.toString(), aliceAccount, 'the report does not name Alice');
	assert.ok(penalty.toBigInt() > 0n, 'no penalty');

	// Her score right after the report is lower than right before it, by at least the penalty
	// minus what one block can credit.
	const parentHash = (await api.rpc.chain.getHeader(reported.hash)).parentHash;
	const scoreAt = async (hash) => {
		const record = await (await api.at(hash)).query.poc.contributions(aliceAccount);
		return record.isSome ? record.unwrap().score.toBigInt() : 0n;
	};
	const before = await scoreAt(parentHash);
	const after = await scoreAt(reported.hash);
	assert.ok(after < before, `Alice's score did not fall: ${before} -> ${after}`);
	assert.ok(before - after >= penalty.toBigInt() - 100n, `the score fell by ${before - after}, the penalty is ${penalty}`);

	// Bob's log says what happened; Alice's says she did it on purpose.
	assert.match(fs.readFileSync(bob.logPath, 'utf8'), /equivocated in slot/);
	assert.match(fs.readFileSync(alice.logPath, 'utf8'), /--test-equivocate: sealed a second block/);

	// And the chain goes on.
	const height = (await api.rpc.chain.getHeader()).number.toNumber();
	await L.waitFor('two more blocks', async () => (await api.rpc.chain.getHeader()).number.toNumber() >= height + 2, {
		timeoutMs: 120_000,
		signal,
	});
	run.passed = true;
});
