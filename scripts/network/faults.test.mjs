// Faults on a four-validator network (Alice, Bob, Charlie, Dave on the `local` chain, 127.0.0.1):
//
// 1. one validator is killed (SIGKILL): blocks and finality go on with three of four (GRANDPA needs
//    more than two thirds); restarted on its base path it catches up, and its chain agrees with
//    the others' up to their finalized block: nothing lost;
// 2. two of four are stopped: finality halts, as GRANDPA must without a two-thirds quorum, while
//    the two left keep authoring; restored, finality resumes and catches up with the best block.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import * as L from './lib.mjs';

const NAMES = ['alice', 'bob', 'charlie', 'dave'];
const run = { nodes: [], passed: false, abort: new AbortController() };

after(async () => {
	run.abort.abort();
	if (!run.passed) L.printLogTails(run.nodes, 60);
	await L.cleanupAll();
});

function log(t0, message) {
	console.log(`  t+${Math.round((Date.now() - t0) / 1000)} s: ${message}`);
}

test('four validators: lose one, then two; finality halts and resumes, nothing is lost', { timeout: 900_000 }, async () => {
	const signal = run.abort.signal;
	const dir = L.makeTempDir('faults');
	const ports = await L.freePorts(8);
	const bootnode = `/ip4/127.0.0.1/tcp/${ports[0]}/p2p/${L.BOOTNODE_PEER_ID}`;
	const spec = L.buildSpec('local', path.join(dir, 'local.json'));
	const options = NAMES.map((name, i) => ({
		name,
		args: ['--chain', spec, '--validator', `--${name}`],
		basePath: path.join(dir, name),
		p2pPort: ports[i],
		rpcPort: ports[4 + i],
		nodeKey: L.nodeKey(i + 1),
		bootnodes: i === 0 ? [] : [bootnode],
	}));
	const start = (i) => {
		const node = L.startNode(options[i]);
		run.nodes[i] = node;
		return node;
	};
	const t0 = Date.now();
	NAMES.forEach((_, i) => start(i));
	await Promise.all(run.nodes.map((node) => L.waitForRpc(node, { signal })));
	const alice = run.nodes[0];
	const heads = () => L.chainHeads(alice.rpcPort);

	const initial = await L.waitFor('finalized #3 with four validators', async () => {
		const h = await heads();
		return h.finalized >= 3 && h;
	}, { timeoutMs: 180_000, signal });
	log(t0, `four up: best #${initial.best}, finalized #${initial.finalized}`);

	// 1. Kill Dave: three of four still finalize.
	await L.killNode(run.nodes[3]);
	const killed = await heads();
	log(t0, `Dave killed at best #${killed.best}, finalized #${killed.finalized}`);
	const withThree = await L.waitFor('finality goes on with three of four', async () => {
		const h = await heads();
		return h.finalized >= killed.finalized + 3 && h.best >= killed.best + 3 && h;
	}, { timeoutMs: 180_000, signal });
	log(t0, `three validators: best #${withThree.best}, finalized #${withThree.finalized}`);

	const dave = start(3);
	await L.waitForRpc(dave, { signal });
	const caughtUp = await L.waitFor('Dave catches up after the restart', async () => {
		const [a, d] = await Promise.all([heads(), L.chainHeads(dave.rpcPort)]);
		return d.finalized >= withThree.finalized && d.best >= a.finalized && { a, d };
	}, { timeoutMs: 180_000, signal });
	// Nothing lost: at Alice's finalized height Dave has the same block, and the blocks Dave
	// imported before it was killed are still on its chain.
	const height = Math.min(caughtUp.a.finalized, caughtUp.d.finalized);
	const [aliceHash, daveHash] = await Promise.all([
		L.rpc(alice.rpcPort, 'chain_getBlockHash', [height]),
		L.rpc(dave.rpcPort, 'chain_getBlockHash', [height]),
	]);
	assert.equal(daveHash, aliceHash, `Dave's block #${height} differs from Alice's`);
	const [aliceOld, daveOld] = await Promise.all([
		L.rpc(alice.rpcPort, 'chain_getBlockHash', [killed.finalized]),
		L.rpc(dave.rpcPort, 'chain_getBlockHash', [killed.finalized]),
	]);
	assert.equal(daveOld, aliceOld, `Dave lost block #${killed.finalized} finalized before the crash`);
	log(t0, `Dave back: best #${caughtUp.d.best}, finalized #${caughtUp.d.finalized}, agrees at #${height}`);

	// 2. Stop Charlie and Dave: two of four cannot finalize; blocks go on.
	await Promise.all([L.stopNode(run.nodes[2]), L.stopNode(run.nodes[3])]);
	// Votes already in flight may still finalize a block or two: let them land first.
	await L.sleep(15_000, signal);
	const halted = await heads();
	log(t0, `two of four stopped: best #${halted.best}, finalized #${halted.finalized}`);
	const stalled = await L.waitFor('blocks go on without finality', async () => {
		const h = await heads();
		return h.best >= halted.best + 4 && h;
	}, { timeoutMs: 240_000, signal });
	assert.equal(
		stalled.finalized,
		halted.finalized,
		`finality moved from #${halted.finalized} to #${stalled.finalized} with two of four validators`,
	);
	log(t0, `no quorum: best #${stalled.best}, finalized still #${stalled.finalized}`);

	// Restore both: finality resumes and catches up with the best block.
	start(2);
	start(3);
	await Promise.all([L.waitForRpc(run.nodes[2], { signal }), L.waitForRpc(run.nodes[3], { signal })]);
	const resumed = await L.waitFor('finality resumes and catches up', async () => {
		const h = await heads();
		return h.finalized >= stalled.best && h.best - h.finalized <= 3 && h;
	}, { timeoutMs: 300_000, signal });
	log(t0, `restored: best #${resumed.best}, finalized #${resumed.finalized}`);
	for (const node of run.nodes) assert.ok(L.isRunning(node), `${node.name} exited (${node.exitCode})`);
	run.passed = true;
});
