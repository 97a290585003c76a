// A `--dev` node survives a crash: SIGKILL it, restart it on the same base path, and it still has
// the blocks it had, then authors new ones and finalizes them.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import * as L from './lib.mjs';

const run = { nodes: [], passed: false, abort: new AbortController() };

after(async () => {
	run.abort.abort();
	if (!run.passed) L.printLogTails(run.nodes, 60);
	await L.cleanupAll();
});

test('dev node: crash (SIGKILL) and restart keeps the chain and resumes', { timeout: 900_000 }, async () => {
	const signal = run.abort.signal;
	const dir = L.makeTempDir('restart');
	const basePath = path.join(dir, 'dev');
	const start = async () => {
		const [p2pPort, rpcPort] = await L.freePorts(2);
		const node = L.startNode({
			name: `dev-${run.nodes.length + 1}`,
			args: ['--dev'],
			basePath,
			p2pPort,
			rpcPort,
			nodeKey: L.nodeKey(1),
		});
		run.nodes.push(node);
		await L.waitForRpc(node, { signal });
		return node;
	};

	// 1. Run until best >= 3 and finalized >= 1.
	const first = await start();
	const before = await L.waitFor(
		'best >= 3 and finalized >= 1',
		async () => {
			const heads = await L.chainHeads(first.rpcPort);
			return heads.best >= 3 && heads.finalized >= 1 && heads;
		},
		{ timeoutMs: 180_000, signal },
	);
	console.log(`before the crash: best #${before.best} ${before.bestHash}, finalized #${before.finalized}`);
	// ParityDB commits through a background writer: give it a moment so that the recorded block
	// is on disk before the crash (the point is that nothing written is lost, not racing the writer).
	await L.sleep(2_000, signal);

	// 2. Crash.
	const code = await L.killNode(first);
	console.log(`killed ${first.name} (${code})`);

	// 3. Restart on the same base path: the recorded block is still there.
	const second = await start();
	const afterRestart = await L.chainHeads(second.rpcPort);
	console.log(`after the restart: best #${afterRestart.best}, finalized #${afterRestart.finalized}`);
	assert.ok(
		afterRestart.best >= before.best,
		`best #${afterRestart.best} after the restart is below #${before.best} before the crash`,
	);
	const hashThere = await L.rpc(second.rpcPort, 'chain_getBlockHash', [before.best]);
	assert.equal(hashThere, before.bestHash, `block #${before.best} changed across the restart`);

	// 4. It authors new blocks...
	const grown = await L.waitFor(
		`best >= #${afterRestart.best + 2}`,
		async () => {
			const heads = await L.chainHeads(second.rpcPort);
			return heads.best >= afterRestart.best + 2 && heads;
		},
		{ timeoutMs: 60_000, signal },
	);
	console.log(`authoring again: best #${grown.best}`);

	// 5. ...and finalizes them.
	const finalizedTarget = Math.max(afterRestart.finalized, before.finalized) + 1;
	const finalized = await L.waitFor(
		`finalized >= #${finalizedTarget}`,
		async () => {
			const heads = await L.chainHeads(second.rpcPort);
			return heads.finalized >= finalizedTarget && heads;
		},
		{ timeoutMs: 90_000, signal },
	);
	console.log(`finalizing again: finalized #${finalized.finalized}`);

	L.printTable('restart', [
		['before crash', `best #${before.best}, finalized #${before.finalized}`],
		['right after restart', `best #${afterRestart.best}, finalized #${afterRestart.finalized}`],
		['later', `best #${finalized.best}, finalized #${finalized.finalized}`],
	]);
	await L.stopNode(second);
	run.passed = true;
});
