// Throughput, block import time and finality lag of a local three-validator network under load.
//
//   node scripts/bench/throughput.mjs [--seconds 150] [--accounts 600] [--depth 4] [--out FILE.json]
//
// 1. Starts Alice, Bob and Charlie on the `local` chain (127.0.0.1, the binary in $AETHER_NODE,
//    else the debug build) and waits for finality.
// 2. Runs the generic load generator (scripts/bench/load.mjs) against Alice's RPC for `--seconds`:
//    included transfers per second, pool refusals, block fullness, and best/finalized height every
//    second (finality lag over time).
// 3. Stops the network and re-executes the window's blocks on Alice's database with the SDK's
//    `aether-node benchmark block --repeat 3`: the import (execution) time of a block of N
//    transfers next to the weight it declared. A straight line through (N, time) gives the fixed
//    cost of a block and the cost of one transfer.
// Writes the result as JSON to `--out`.

import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import * as L from '../network/lib.mjs';
import { runLoad } from './load.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
	const i = args.indexOf(name);
	return i >= 0 ? args[i + 1] : fallback;
};
const SECONDS = Number(option('--seconds', '150'));
const ACCOUNTS = Number(option('--accounts', '600'));
const DEPTH = Number(option('--depth', '4'));
const OUT = option('--out', undefined);
const NAMES = ['alice', 'bob', 'charlie'];

/** Least-squares line `y = a + b x`. */
function fit(points) {
	const n = points.length;
	const mx = points.reduce((s, p) => s + p.x, 0) / n;
	const my = points.reduce((s, p) => s + p.y, 0) / n;
	const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
	const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
	const b = sxx > 0 ? sxy / sxx : 0;
	return { a: my - b * mx, b };
}

/** `benchmark block` lines: `Block N with T tx used P% of its weight (took of weight ns)`. */
export function parseBlockBench(text) {
	const rows = [];
	const re = /Block (\d+) with\s+(\d+) tx used\s+[\d.]+% of its weight \(\s*([\d,]+) of\s+([\d,]+) ns\)/g;
	for (const m of text.matchAll(re)) {
		rows.push({
			number: Number(m[1]),
			extrinsics: Number(m[2]),
			importNs: Number(m[3].replaceAll(',', '')),
			weightNs: Number(m[4].replaceAll(',', '')),
		});
	}
	return rows;
}

async function main() {
	const dir = L.makeTempDir('bench-throughput');
	const spec = L.buildSpec('local', path.join(dir, 'local.json'), { validators: NAMES.length });
	const ports = await L.freePorts(NAMES.length * 2);
	const bootnode = `/ip4/127.0.0.1/tcp/${ports[0]}/p2p/${L.BOOTNODE_PEER_ID}`;
	const nodes = NAMES.map((name, i) =>
		L.startNode({
			name,
			args: ['--chain', spec, '--validator', `--${name}`],
			basePath: path.join(dir, name),
			p2pPort: ports[i],
			rpcPort: ports[NAMES.length + i],
			nodeKey: L.nodeKey(i + 1),
			bootnodes: i === 0 ? [] : [bootnode],
		}),
	);
	let ok = false;
	try {
		await Promise.all(nodes.map((n) => L.waitForRpc(n)));
		await L.waitFor('finalized #2 on three validators', async () => (await L.chainHeads(nodes[0].rpcPort)).finalized >= 2, { timeoutMs: 240_000 });
		console.log(`# three validators up; load for ${SECONDS} s`);
		const load = await runLoad({ url: `ws://127.0.0.1:${nodes[0].rpcPort}`, accounts: ACCOUNTS, depth: DEPTH, seconds: SECONDS });
		await Promise.all(nodes.map((n) => L.stopNode(n)));

		// Re-execute the window (and the quiet blocks just before it) on Alice's database.
		const from = Math.max(1, load.startBlock - 2);
		console.log(`# benchmark block #${from}..#${load.endBlock} on Alice's database (repeat 3)`);
		const bench = spawnSync(
			L.NODE_BIN,
			['benchmark', 'block', '--chain', spec, '--base-path', path.join(dir, 'alice'), '--database', 'paritydb', '--from', String(from), '--to', String(load.endBlock), '--repeat', '3'],
			{ encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
		);
		const imports = parseBlockBench(`${bench.stdout}\n${bench.stderr}`);
		if (bench.status !== 0 || imports.length === 0) {
			throw new Error(`benchmark block failed (${bench.status}):\n${bench.stderr.split('\n').slice(-20).join('\n')}`);
		}
		// The fit leaves out the funding blocks before the window: they create accounts.
		const transferBlocks = imports.filter((r) => r.number > load.startBlock || r.extrinsics <= 1);
		const line = fit(transferBlocks.map((r) => ({ x: r.extrinsics, y: r.importNs / 1e6 })));
		const lags = load.samples.map((s) => s.best - s.finalized);
		const result = {
			node: L.NODE_BIN,
			validators: NAMES.length,
			load,
			imports,
			importFit: { fixedMs: line.a, perExtrinsicMs: line.b },
			importOverWeight: transferBlocks.filter((r) => r.extrinsics > 1).map((r) => r.importNs / r.weightNs),
			finalityLag: {
				mean: L.mean(lags),
				p95: L.percentile(lags, 95),
				max: Math.max(...lags),
			},
		};
		L.printTable('throughput, import and finality under load (three validators, this machine)', [
			['included transfers per second', `${load.transfersPerSecond.toFixed(1)} (${load.includedTransfers} in ${load.chainSpanS.toFixed(0)} s of chain time)`],
			['transfers per block (mean / max)', `${load.meanTransfersPerBlock.toFixed(0)} / ${load.maxTransfersPerBlock}`],
			['block fullness with load (weight / length)', `${(load.meanWeightShare * 100).toFixed(1)} % / ${(load.meanLengthShare * 100).toFixed(1)} %`],
			['pool refusals', Object.keys(load.refusals).length ? JSON.stringify(load.refusals) : `none of ${load.submitted}`],
			['block import, fixed + per transfer', `${line.a.toFixed(2)} ms + ${(line.b * 1000).toFixed(0)} µs`],
			['finality lag (mean / p95 / max blocks)', `${result.finalityLag.mean.toFixed(2)} / ${result.finalityLag.p95} / ${result.finalityLag.max}`],
		]);
		if (OUT) {
			fs.mkdirSync(path.dirname(OUT), { recursive: true });
			fs.writeFileSync(OUT, JSON.stringify(result, null, 2));
			console.log(`# wrote ${OUT}`);
		}
		ok = true;
	} finally {
		if (!ok) L.printLogTails(nodes, 40);
		await L.cleanupAll();
	}
}

main().catch((err) => {
	console.error(err);
	process.exit(1);
});
