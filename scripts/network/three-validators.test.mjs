// Three validators (Alice, Bob, Charlie) on the `local` chain cut down to them (the preset has a
// fourth, Dave, whose share of the lottery would go unclaimed): PoC authors blocks from more than
// one authority at the target block time, every header carries the PoC digests, GRANDPA
// finalizes close behind the best block, the three nodes agree on what is final, and the entropy
// beacon mixes reveals from their TSUs.
//
// AETHER_NETWORK_SECONDS (default 240, minimum 90): how long to observe the running network.
//
// Statistics (docs/poc.md): at the equilibrium difficulty c ≈ 0.1057 with fallback after K = 9
// slots, a block gap G = min(Geom(c), 9) slots has mean 6 and standard deviation 3.04. The mean
// of n gaps falls outside 6 s ± 25 % by chance with probability (simulated, 10^5 runs) ≈ 5.7 %
// for n = 14 (90 s), 1.3 % for n = 24 (150 s), 0.14 % for n = 40 (240 s), 0.04 % for n = 50
// (300 s) — assuming the genesis window starts c near equilibrium.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import * as L from './lib.mjs';

const SECONDS = Math.max(90, Number(process.env.AETHER_NETWORK_SECONDS || 240));
const TARGET_BLOCK_TIME_MS = 6_000;
const BLOCK_TIME_TOLERANCE = 0.25;
const MAX_FINALITY_LAG = 3;
const AUTHORITIES = 3;

const run = { nodes: [], passed: false, abort: new AbortController() };

after(async () => {
	run.abort.abort();
	if (!run.passed) L.printLogTails(run.nodes, 60);
	await L.cleanupAll();
});

test(
	'three validators: PoC authorship, block time, GRANDPA finality',
	{ timeout: (SECONDS + 480) * 1000 },
	async () => {
		const signal = run.abort.signal;
		const dir = L.makeTempDir('three-validators');
		const ports = await L.freePorts(6);
		const names = ['alice', 'bob', 'charlie'];
		const bootnode = `/ip4/127.0.0.1/tcp/${ports[0]}/p2p/${L.BOOTNODE_PEER_ID}`;
		const spec = L.buildSpec('local', path.join(dir, 'local-3.json'), { validators: AUTHORITIES });

		const t0 = Date.now();
		run.nodes = names.map((name, i) =>
			L.startNode({
				name,
				args: ['--chain', spec, '--validator', `--${name}`],
				basePath: path.join(dir, name),
				p2pPort: ports[i],
				rpcPort: ports[3 + i],
				nodeKey: L.nodeKey(i + 1),
				bootnodes: i === 0 ? [] : [bootnode],
			}),
		);
		const [n0] = run.nodes;
		await Promise.all(run.nodes.map((node) => L.waitForRpc(node, { signal })));
		console.log(`RPC up on all nodes after ${((Date.now() - t0) / 1000).toFixed(1)} s; observing for ${SECONDS} s`);

		// Observe node 0 once a second.
		const lagSamples = [];
		let firstFinalizedMs = null;
		let last = null;
		const observeUntil = Date.now() + SECONDS * 1000;
		let nextProgress = Date.now() + 15_000;
		while (Date.now() < observeUntil) {
			for (const node of run.nodes) {
				assert.ok(L.isRunning(node), `${node.name} exited (${node.exitCode}) during the run`);
			}
			try {
				last = await L.chainHeads(n0.rpcPort);
				lagSamples.push(last.best - last.finalized);
				if (firstFinalizedMs === null && last.finalized > 0) firstFinalizedMs = Date.now() - t0;
			} catch (err) {
				console.log(`poll failed: ${err.message}`);
			}
			if (Date.now() >= nextProgress && last) {
				console.log(`  t+${Math.round((Date.now() - t0) / 1000)} s: best #${last.best}, finalized #${last.finalized}`);
				nextProgress += 15_000;
			}
			await L.sleep(1_000, signal);
		}
		assert.ok(last, 'node 0 never answered chain_getHeader / chain_getFinalizedHead');

		// Give finality up to ~15 s to catch up; keep the best (smallest-lag) sample.
		let final = await L.chainHeads(n0.rpcPort);
		for (let i = 0; i < 15 && final.best - final.finalized > MAX_FINALITY_LAG; i++) {
			await L.sleep(1_000, signal);
			const sample = await L.chainHeads(n0.rpcPort);
			if (sample.best - sample.finalized < final.best - final.finalized) final = sample;
		}

		// poc_status on every node.
		const statuses = await Promise.all(run.nodes.map((node) => L.rpc(node.rpcPort, 'poc_status', [])));
		const status = statuses[0];
		const slotDurationMs = Number(status.slotDurationMs);
		assert.ok(slotDurationMs > 0, `poc_status.slotDurationMs = ${status.slotDurationMs}`);

		// Walk the canonical chain from the best header back to block 1.
		const blocks = []; // { number, slot, authorityIndex, kind }
		const digestProblems = [];
		let header = final.bestHeader;
		while (L.headerNumber(header) >= 1) {
			const number = L.headerNumber(header);
			const { preDigest, problems } = L.checkPocDigests(header);
			if (problems.length) digestProblems.push(`#${number}: ${problems.join('; ')}`);
			if (preDigest) blocks.push({ number, ...preDigest });
			if (number === 1) break;
			header = await L.rpc(n0.rpcPort, 'chain_getHeader', [header.parentHash]);
		}
		blocks.reverse();

		const perAuthority = new Map();
		for (const b of blocks) perAuthority.set(b.authorityIndex, (perAuthority.get(b.authorityIndex) ?? 0) + 1);
		const fallbackBlocks = blocks.filter((b) => b.kind === 'Fallback').length;
		// Block times from slots, excluding block 1 (its parent is genesis, slot 0).
		const blockTimes = [];
		for (let i = 1; i < blocks.length; i++) {
			if (blocks[i].number === blocks[i - 1].number + 1) {
				blockTimes.push((blocks[i].slot - blocks[i - 1].slot) * slotDurationMs);
			}
		}
		const meanBlockTime = L.mean(blockTimes);
		const p95BlockTime = L.percentile(blockTimes, 95);
		const finalLag = final.best - final.finalized;

		const fmtMs = (ms) => (Number.isFinite(ms) ? `${Math.round(ms)} ms` : 'n/a');
		L.printTable(`three validators, ${SECONDS} s observed`, [
			['best block', `#${final.best}`],
			['finalized block', `#${final.finalized} (lag ${finalLag})`],
			...[...perAuthority.entries()]
				.sort((a, b) => a[0] - b[0])
				.map(([index, count]) => [`blocks by authority ${index}`, `${count} (${((100 * count) / blocks.length).toFixed(0)} %)`]),
			['fallback blocks', `${fallbackBlocks} of ${blocks.length}`],
			['block time mean', `${fmtMs(meanBlockTime)} over ${blockTimes.length} gaps (target ${TARGET_BLOCK_TIME_MS} ms)`],
			['block time p95', fmtMs(p95BlockTime)],
			['finality lag mean', `${L.mean(lagSamples).toFixed(2)} blocks over ${lagSamples.length} samples`],
			['finality lag max', `${Math.max(...lagSamples)} blocks`],
			['first finalized block', firstFinalizedMs === null ? 'never' : `${(firstFinalizedMs / 1000).toFixed(1)} s after start`],
			['difficulty c (poc_status)', String(status.difficulty)],
			['window mean block time', `${status.meanBlockTimeMs} ms over ${status.windowLen} blocks`],
			['slot duration', `${slotDurationMs} ms`],
		]);

		// Assertions.
		assert.deepEqual(digestProblems, [], 'every header carries one PoC pre-digest and ends with a PoC seal');
		assert.ok(blocks.length >= 3, `only ${blocks.length} blocks in ${SECONDS} s`);
		assert.ok(perAuthority.size >= 2, `only authorities ${[...perAuthority.keys()]} authored blocks`);
		assert.ok(final.finalized > 0, 'nothing was finalized');
		assert.ok(finalLag <= MAX_FINALITY_LAG, `finalized #${final.finalized} is ${finalLag} blocks behind best #${final.best}`);
		const low = TARGET_BLOCK_TIME_MS * (1 - BLOCK_TIME_TOLERANCE);
		const high = TARGET_BLOCK_TIME_MS * (1 + BLOCK_TIME_TOLERANCE);
		assert.ok(
			meanBlockTime >= low && meanBlockTime <= high,
			`mean block time ${fmtMs(meanBlockTime)} outside [${low}, ${high}] ms ` +
				`(over ${blockTimes.length} gaps; standard error at equilibrium ≈ ${Math.round(3040 / Math.sqrt(blockTimes.length))} ms)`,
		);
		statuses.forEach((s, i) =>
			assert.equal(s.authorities?.length, AUTHORITIES, `poc_status on ${run.nodes[i].name}: ${JSON.stringify(s.authorities)}`),
		);

		// The three nodes agree on the block at the lowest finalized height among them.
		const heads = await Promise.all(run.nodes.map((node) => L.chainHeads(node.rpcPort)));
		const height = Math.min(...heads.map((h) => h.finalized));
		assert.ok(height > 0, `some node has finalized nothing: ${heads.map((h) => h.finalized)}`);
		const hashes = await Promise.all(run.nodes.map((node) => L.rpc(node.rpcPort, 'chain_getBlockHash', [height])));
		console.log(`finalized #${height} on all nodes: ${hashes[0]}`);
		assert.ok(hashes.every((h) => h && h === hashes[0]), `nodes disagree on finalized #${height}: ${hashes}`);

		// The entropy beacon: every node's TSU is healthy and has served its offchain worker, and
		// finished rounds mix reveals from more than one authority, none of them isolated.
		const healths = await Promise.all(run.nodes.map((node) => L.rpc(node.rpcPort, 'tsu_health', [])));
		healths.forEach((h, i) => {
			console.log(`tsu_health on ${run.nodes[i].name}: ${JSON.stringify(h)}`);
			assert.equal(h.state, 'healthy', `TSU of ${run.nodes[i].name}: ${JSON.stringify(h)}`);
			assert.ok(h.bytesProduced >= 32, `TSU of ${run.nodes[i].name} served nothing: ${JSON.stringify(h)}`);
		});
		// A round lasts 10 blocks; with a short AETHER_NETWORK_SECONDS the first may still be
		// running, so wait (up to two more rounds) for one that mixed several reveals.
		let beacon;
		try {
			beacon = await L.waitFor(
				'a finished beacon round with reveals from at least two validators',
				async () => {
					beacon = await L.rpc(n0.rpcPort, 'entropy_beacon', []);
					return beacon.latestRound !== null && beacon.latestContributors >= 2 && beacon;
				},
				{ timeoutMs: 150_000, intervalMs: 3_000, signal },
			);
		} finally {
			console.log(`entropy_beacon: ${JSON.stringify(beacon)}`);
		}
		assert.equal(beacon.authorities.length, AUTHORITIES, `beacon authorities: ${JSON.stringify(beacon.authorities)}`);
		assert.ok(beacon.authorities.every((a) => !a.isolated), `an authority was isolated: ${JSON.stringify(beacon.authorities)}`);

		run.passed = true;
	},
);
