// Consensus cost of a PoC block against a proof-of-work block at the same block time.
//
//   node scripts/bench/consensus-cost.mjs [--seconds 120] [--out FILE.json]
//
// Runs a one-validator dev chain (the binary in $AETHER_NODE, else the debug build) and a
// follower node for a window of wall-clock time. From /proc it reads the CPU time each whole
// node process spent; from their Prometheus metrics, the validator's block-building time and the
// follower's verification (PoC claim, VRF, seal) and import time per block. A proof-of-work miner
// on one core at the same mean block time hashes without pause: it spends one core-second per
// second of block time, i.e. `block time` CPU-seconds per block. The ratio of the two is the
// measured answer to the seed's "10,000x energy efficiency" (both sides on this machine's core).
// It also measures double SHA-256 throughput of one core (Node's crypto, 80-byte headers), to
// say how many hashes such a miner would spend per block.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import * as L from '../network/lib.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
	const i = args.indexOf(name);
	return i >= 0 ? args[i + 1] : fallback;
};
const SECONDS = Number(option('--seconds', '120'));
const OUT = option('--out', undefined);
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

/** utime + stime of `pid`, in seconds. */
function cpuSeconds(pid) {
	const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
	// Fields after the command name (which may contain spaces) start after the last ')'.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

/** `{ sum, count }` of a Prometheus histogram (all label sets added). */
function histogram(metrics, name) {
	let sum = 0;
	let count = 0;
	for (const line of metrics.split('\n')) {
		if (line.startsWith(`${name}_sum`)) sum += Number(line.split(' ').pop());
		if (line.startsWith(`${name}_count`)) count += Number(line.split(' ').pop());
	}
	return { sum, count };
}

/** Double SHA-256 of 80-byte headers per second on one core, over `ms` milliseconds. */
function sha256dRate(ms = 3_000) {
	const header = crypto.randomBytes(80);
	let hashes = 0;
	const start = process.hrtime.bigint();
	const budget = BigInt(ms) * 1_000_000n;
	while (process.hrtime.bigint() - start < budget) {
		for (let i = 0; i < 1_000; i++) {
			header.writeUInt32LE(hashes + i, 76);
			crypto.createHash('sha256').update(crypto.createHash('sha256').update(header).digest()).digest();
		}
		hashes += 1_000;
	}
	return hashes / (Number(process.hrtime.bigint() - start) / 1e9);
}

async function main() {
	const dir = L.makeTempDir('bench-consensus');
	const spec = L.buildSpec('dev', path.join(dir, 'dev.json'));
	const ports = await L.freePorts(6);
	const [p2pPort, rpcPort, prometheusPort] = ports;
	// The validator authors; a follower (not a validator) imports every block through the import
	// queue, so its metrics give the verification and import time of a block.
	const node = L.startNode({
		name: 'bench',
		args: ['--chain', spec, '--alice', '--validator'],
		basePath: path.join(dir, 'bench'),
		p2pPort,
		rpcPort,
		prometheusPort,
		nodeKey: L.nodeKey(1),
	});
	const follower = L.startNode({
		name: 'follower',
		args: ['--chain', spec],
		basePath: path.join(dir, 'follower'),
		p2pPort: ports[3],
		rpcPort: ports[4],
		prometheusPort: ports[5],
		nodeKey: L.nodeKey(2),
		bootnodes: [`/ip4/127.0.0.1/tcp/${p2pPort}/p2p/${L.BOOTNODE_PEER_ID}`],
	});
	try {
		await Promise.all([L.waitForRpc(node), L.waitForRpc(follower)]);
		await L.waitFor('block 2 on both nodes', async () => (await L.chainHeads(ports[4])).best >= 2, { timeoutMs: 180_000 });
		const metricsAt = async () => (await fetch(`http://127.0.0.1:${prometheusPort}/metrics`)).text();
		const followerMetrics = async () => (await fetch(`http://127.0.0.1:${ports[5]}/metrics`)).text();
		const start = {
			at: Date.now(),
			cpu: cpuSeconds(node.child.pid),
			followerCpu: cpuSeconds(follower.child.pid),
			heads: await L.chainHeads(rpcPort),
			metrics: await metricsAt(),
			followerMetrics: await followerMetrics(),
		};
		console.log(`# measuring ${SECONDS} s from block #${start.heads.best}`);
		let next = Date.now() + 15_000;
		while (Date.now() < start.at + SECONDS * 1000) {
			await L.sleep(1_000);
			if (Date.now() >= next) {
				const h = await L.chainHeads(rpcPort);
				console.log(`#   t+${Math.round((Date.now() - start.at) / 1000)} s: best #${h.best}, node CPU ${(cpuSeconds(node.child.pid) - start.cpu).toFixed(2)} s`);
				next += 15_000;
			}
		}
		const end = {
			at: Date.now(),
			cpu: cpuSeconds(node.child.pid),
			followerCpu: cpuSeconds(follower.child.pid),
			heads: await L.chainHeads(rpcPort),
			metrics: await metricsAt(),
			followerMetrics: await followerMetrics(),
		};
		const blocks = end.heads.best - start.heads.best;
		assert.ok(blocks >= 3, `only ${blocks} blocks in ${SECONDS} s`);
		const wall = (end.at - start.at) / 1000;
		const cpuPerBlock = (end.cpu - start.cpu) / blocks;
		const blockTime = wall / blocks;
		const delta = (name, key = 'metrics') => {
			const a = histogram(start[key], name);
			const b = histogram(end[key], name);
			return b.count > a.count ? (b.sum - a.sum) / (b.count - a.count) : null;
		};
		const proposal = delta('substrate_proposer_block_constructed');
		const verification = delta('substrate_block_verification_time', 'followerMetrics');
		const importTime = delta('substrate_block_verification_and_import_time', 'followerMetrics');
		const followerCpuPerBlock = (end.followerCpu - start.followerCpu) / blocks;
		const rate = sha256dRate();
		const result = {
			node: L.NODE_BIN,
			seconds: wall,
			blocks,
			meanBlockTimeS: blockTime,
			nodeCpuPerBlockS: cpuPerBlock,
			nodeCpuShare: (end.cpu - start.cpu) / wall,
			meanProposalS: proposal,
			followerMeanVerificationS: verification,
			followerMeanVerifyAndImportS: importTime,
			followerCpuPerBlockS: followerCpuPerBlock,
			sha256dPerSecondOneCore: rate,
			powCpuPerBlockS: blockTime,
			powHashesPerBlock: rate * blockTime,
			powOverPoc: blockTime / cpuPerBlock,
		};
		L.printTable('consensus cost per block (this machine, one core)', [
			['blocks measured', `${blocks} in ${wall.toFixed(0)} s (mean block time ${blockTime.toFixed(2)} s)`],
			['PoC node, whole process CPU per block', `${(cpuPerBlock * 1000).toFixed(1)} ms (${(result.nodeCpuShare * 100).toFixed(2)} % of a core)`],
			['  of which building a block (mean)', proposal === null ? 'n/a' : `${(proposal * 1000).toFixed(1)} ms`],
			['follower node, whole process CPU per block', `${(followerCpuPerBlock * 1000).toFixed(1)} ms`],
			['  of which verifying the PoC seal and claim (mean)', verification === null ? 'n/a' : `${(verification * 1000).toFixed(1)} ms`],
			['  of which verifying + importing (mean)', importTime === null ? 'n/a' : `${(importTime * 1000).toFixed(1)} ms`],
			['PoW miner on one core at the same block time', `${blockTime.toFixed(2)} s of CPU per block (${(rate * blockTime / 1e6).toFixed(1)} M double SHA-256)`],
			['PoW / PoC energy ratio', `${result.powOverPoc.toFixed(0)}x`],
		]);
		if (OUT) {
			fs.mkdirSync(path.dirname(OUT), { recursive: true });
			fs.writeFileSync(OUT, JSON.stringify(result, null, 2));
			console.log(`# wrote ${OUT}`);
		}
	} finally {
		await L.cleanupAll();
	}
}

main().catch((err) => {
	console.error(err);
	process.exit(1);
});
