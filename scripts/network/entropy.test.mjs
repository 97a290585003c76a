// The TSU's failure paths on a real node, driven by the `file:` backend (raw samples replayed from
// a file, claimed at 1 bit per byte; its start-up test reads 4096 samples and each 32-byte output
// conditions 320):
//
// 1. a stuck source (a file of zeros) fails the start-up health test: the node refuses to start
//    and says why;
// 2. a source that passes the start-up test and then sticks: the offchain worker's next draw fails
//    the repetition count test, the output is discarded, the node reports the failure on chain
//    (`report_health_failure`), the beacon counts a strike against the authority for that round,
//    and the chain keeps going.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as L from './lib.mjs';

/// Raw bytes the `file` backend's start-up test reads (SP 800-90B §4.3; the periodicity window).
const FILE_STARTUP_BYTES = 4096;
/// `Entropy` is pallet 8 of the runtime; `report_health_failure` its call 2.
const ENTROPY_PALLET = 8;
const REPORT_HEALTH_FAILURE = 2;

const run = { nodes: [], passed: false, abort: new AbortController() };

after(async () => {
	run.abort.abort();
	if (!run.passed) L.printLogTails(run.nodes, 60);
	await L.cleanupAll();
});

async function startDev(dir, name, tsuBackend) {
	const [p2pPort, rpcPort, prometheusPort] = await L.freePorts(3);
	const node = L.startNode({
		name,
		args: ['--dev', '--tsu-backend', tsuBackend],
		basePath: path.join(dir, name),
		p2pPort,
		rpcPort,
		prometheusPort,
		nodeKey: L.nodeKey(1),
	});
	node.prometheusPort = prometheusPort;
	run.nodes.push(node);
	return node;
}

test('a stuck TSU source stops the node at start-up, with the reason', { timeout: 120_000 }, async () => {
	const dir = L.makeTempDir('entropy-stuck');
	const file = path.join(dir, 'zeros.bin');
	fs.writeFileSync(file, Buffer.alloc(64 * 1024));
	const node = await startDev(dir, 'stuck', `file:${file}`);
	const code = await Promise.race([node.exited, L.sleep(90_000, run.abort.signal).then(() => 'still running')]);
	assert.notEqual(code, 'still running', 'the node started on a stuck TSU');
	assert.notEqual(code, 0, 'the node exited successfully on a stuck TSU');
	const log = fs.readFileSync(node.logPath, 'utf8');
	assert.match(log, /TSU backend `file:.*` did not start/, 'the log does not say the TSU failed to start');
	assert.match(log, /repetition count test failed/, 'the log does not name the failed health test');
	run.passed = true;
});

test('a TSU that fails after start-up is reported on chain and struck, and blocks go on', { timeout: 300_000 }, async () => {
	run.passed = false;
	const signal = run.abort.signal;
	const dir = L.makeTempDir('entropy-failing');
	const file = path.join(dir, 'good-then-stuck.bin');
	fs.writeFileSync(file, Buffer.concat([crypto.randomBytes(FILE_STARTUP_BYTES), Buffer.alloc(1024 * 1024)]));
	const node = await startDev(dir, 'failing', `file:${file}`);
	await L.waitForRpc(node, { signal });

	// The node's own view: the draw failed and nothing was handed out.
	const health = await L.waitFor(
		'tsu_health reports a failure',
		async () => {
			const h = await L.rpc(node.rpcPort, 'tsu_health', []);
			return h.healthFailures >= 1 && h.state !== 'healthy' && h;
		},
		{ timeoutMs: 120_000, signal },
	);
	console.log(`tsu_health: ${JSON.stringify(health.state)}, failures ${health.healthFailures}, bytes ${health.bytesProduced}`);
	assert.equal(health.bytesProduced, 0, 'a failing TSU handed out bytes');
	assert.match(JSON.stringify(health.state), /repetition count/);

	// Prometheus sees it too.
	const metrics = await (await fetch(`http://127.0.0.1:${node.prometheusPort}/metrics`)).text();
	const failures = Number(metrics.match(/^aether_tsu_health_failures_total\{[^}]*\} (\d+)$/m)?.[1]);
	assert.ok(failures >= 1, `aether_tsu_health_failures_total is ${failures}:\n${metrics.split('\n').filter((l) => l.includes('aether_tsu')).join('\n')}`);
	assert.match(metrics, /^aether_tsu_bytes_total\{[^}]*\} 0$/m, 'aether_tsu_bytes_total counts bytes of a failing TSU');
	assert.match(metrics, /^aether_tsu_min_entropy_bits\{[^}]*\} /m);

	// The chain's view: round 0 ends at block 10 with no reveal from Alice and her report, so
	// she has a strike; the beacon still produced an output from the VRF part.
	const beacon = await L.waitFor(
		'a strike against Alice in the beacon',
		async () => {
			const b = await L.rpc(node.rpcPort, 'entropy_beacon', []);
			return b.latestRound !== null && b.authorities[0]?.strikes >= 1 && b;
		},
		{ timeoutMs: 180_000, signal },
	);
	console.log(`entropy_beacon: ${JSON.stringify(beacon)}`);
	assert.equal(beacon.latestContributors, 0, 'a reveal was mixed in although the only TSU failed');
	assert.match(beacon.latestOutput, /^0x[0-9a-f]{64}$/);
	assert.equal(beacon.authorities[0].isolated, false, 'isolated after one bad round');

	// The report itself is in a block.
	let reportedAt = null;
	for (let n = 1; n <= beacon.atNumber && reportedAt === null; n++) {
		const hash = await L.rpc(node.rpcPort, 'chain_getBlockHash', [n]);
		const block = await L.rpc(node.rpcPort, 'chain_getBlock', [hash]);
		if (
			block.block.extrinsics.some((xt) => {
				const call = L.bareCallIndex(xt);
				return call?.pallet === ENTROPY_PALLET && call.call === REPORT_HEALTH_FAILURE;
			})
		) {
			reportedAt = n;
		}
	}
	assert.ok(reportedAt !== null, `no report_health_failure extrinsic in blocks 1..${beacon.atNumber}`);
	console.log(`report_health_failure included in block #${reportedAt}`);

	// Blocks go on.
	const heads = await L.chainHeads(node.rpcPort);
	await L.waitFor(
		`best > #${heads.best}`,
		async () => (await L.chainHeads(node.rpcPort)).best > heads.best,
		{ timeoutMs: 60_000, signal },
	);
	const log = fs.readFileSync(node.logPath, 'utf8');
	assert.match(log, /the TSU gave no bytes: repetition count test failed/);
	run.passed = true;
});
