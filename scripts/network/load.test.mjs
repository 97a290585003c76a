// The load generator of scripts/bench.sh (scripts/bench/load.mjs) against a `--dev` node: what it
// reports must agree with the chain. Its accounts only ever send transfers, so the transfers it
// counts in the window's finalized blocks must equal the growth of their nonces over the window,
// and the per-block figures must add up and stay within the block limits.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { DEV_PHRASE, Keyring } from '@polkadot/keyring';
import * as L from './lib.mjs';
import { connect } from './api.mjs';
import { runLoad } from '../bench/load.mjs';

const run = { nodes: [], passed: false, abort: new AbortController() };

after(async () => {
	run.abort.abort();
	if (!run.passed) L.printLogTails(run.nodes, 60);
	await L.cleanupAll();
});

test('load generator: its counts agree with the chain', { timeout: 600_000 }, async () => {
	const signal = run.abort.signal;
	const dir = L.makeTempDir('load');
	const [p2pPort, rpcPort] = await L.freePorts(2);
	const node = L.startNode({ name: 'dev', args: ['--dev'], basePath: path.join(dir, 'dev'), p2pPort, rpcPort, nodeKey: L.nodeKey(1) });
	run.nodes.push(node);
	await L.waitForRpc(node, { signal });
	await L.waitFor('finalized #1', async () => (await L.chainHeads(rpcPort)).finalized >= 1, { timeoutMs: 120_000, signal });

	const ACCOUNTS = 40;
	const result = await runLoad({ url: `ws://127.0.0.1:${rpcPort}`, accounts: ACCOUNTS, depth: 3, seconds: 25, log: () => {} });
	assert.ok(result.blocks.length >= 2, `only ${result.blocks.length} blocks in the window`);
	assert.ok(result.includedTransfers > 0, 'no transfer was included');
	assert.deepEqual(result.refusals, {}, 'a dev node with room to spare refused transactions');
	assert.equal(result.includedTransfers, result.blocks.reduce((n, b) => n + b.transfers, 0));
	assert.ok(result.transfersPerSecond > 0 && Number.isFinite(result.transfersPerSecond));
	for (const b of result.blocks) {
		assert.ok(b.transfers <= b.extrinsics, `block #${b.number}: more transfers than extrinsics`);
		assert.ok(b.weightShare > 0 && b.weightShare <= 1, `block #${b.number}: weight share ${b.weightShare}`);
		assert.ok(b.lengthShare > 0 && b.lengthShare <= 1, `block #${b.number}: length share ${b.lengthShare}`);
	}
	assert.ok(result.samples.length >= 20, 'best/finalized were not sampled every second');
	for (const s of result.samples) assert.ok(s.best >= s.finalized, 'finalized ahead of best');

	// The chain's own count: nonces of the generator's accounts at the window's ends.
	const api = await connect(rpcPort);
	try {
		const keyring = new Keyring({ type: 'sr25519' });
		const addresses = Array.from({ length: ACCOUNTS }, (_, i) => keyring.addFromUri(`${DEV_PHRASE}//aether-load//${i}`).address);
		const nonces = async (n) => {
			const at = await api.at(await api.rpc.chain.getBlockHash(n));
			const accounts = await at.query.system.account.multi(addresses);
			return accounts.reduce((sum, a) => sum + a.nonce.toNumber(), 0);
		};
		const sent = (await nonces(result.endBlock)) - (await nonces(result.startBlock));
		assert.equal(result.includedTransfers, sent, 'counted transfers differ from the nonces the accounts used');
	} finally {
		await api.disconnect();
	}
	run.passed = true;
});
