// Commands end to end: a dev chain whose validator (Alice) runs the Emulator Veil, and two more
// full nodes running executors (Bob, Charlie), all started with `--executor`. Through
// @polkadot/api and the `aether` shell:
//
// 1. the executors register themselves (bond and sealing keys) when their nodes start;
// 2. a plain command of the sha256 program with redundancy 3 settles by quorum, with the right
//    output, within 2 blocks of its inclusion, and the settled fuel is credited in PoC;
// 3. a poseidon-preimage command settles by a Groth16 proof verified in the runtime; the proof
//    binds the command: the chain's result matches the circuit's reference output;
// 4. a sealed command (`aether run --sealed`) settles and its plaintext input and output appear
//    nowhere in chain state or in any block;
// 5. a program that loops forever settles as out of fuel and its fee is charged; one that traps
//    settles as trapped; an invalid module and a WASI module are refused at registration with
//    the chain's named errors.
//
// Needs programs/out/*.wasm and programs/out/keys (./scripts/build-programs.sh --keys).

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

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const OUT = path.join(ROOT, 'programs', 'out');
const KEYS = path.join(OUT, 'keys');
const FEE = 10n ** 10n; // 0.01 AETH

const run = { nodes: [], passed: false, abort: new AbortController(), api: undefined, rpcPort: 0 };

function read(file) {
	if (!fs.existsSync(file)) throw new Error(`${file} is missing: run ./scripts/build-programs.sh --keys`);
	return fs.readFileSync(file);
}

before(async () => {
	await cryptoWaitReady();
	const dir = L.makeTempDir('commands');
	const ports = await L.freePorts(6);
	const spec = L.buildSpec('dev', path.join(dir, 'dev.json'));
	const bootnode = `/ip4/127.0.0.1/tcp/${ports[0]}/p2p/${L.BOOTNODE_PEER_ID}`;
	const who = ['alice', 'bob', 'charlie'];
	run.nodes = who.map((name, i) =>
		L.startNode({
			name,
			args: [
				'--chain', spec,
				...(i === 0 ? ['--validator', '--alice'] : []),
				'--executor', '--executor-suri', `//${name[0].toUpperCase()}${name.slice(1)}`,
				'--proving-keys', KEYS,
			],
			basePath: path.join(dir, name),
			p2pPort: ports[i],
			rpcPort: ports[3 + i],
			nodeKey: L.nodeKey(i + 1),
			bootnodes: i === 0 ? [] : [bootnode],
		}),
	);
	run.rpcPort = ports[3];
	await Promise.all(run.nodes.map((node) => L.waitForRpc(node, { signal: run.abort.signal })));
	run.api = await connect(run.rpcPort);
});

after(async () => {
	run.abort.abort();
	if (run.api) await run.api.disconnect().catch(() => {});
	if (!run.passed) L.printLogTails(run.nodes, 80);
	await L.cleanupAll();
});

function sha256(bytes) {
	return crypto.createHash('sha256').update(bytes).digest();
}

/** Registers `wasm` (with a verifying key file when given); resolves to the program id. */
async function registerProgram(wasm, vkFile, signer) {
	const { api } = run;
	let vk = null;
	if (vkFile) {
		const { events } = await submit(api, api.tx.zkVerifier.registerKey(u8aToHex(read(vkFile))), signer);
		vk = findEvent(events, 'zkVerifier', 'KeyRegistered').data[0].toNumber();
	}
	const limits = { maxMemoryPages: 16, maxOutput: 1024 };
	const { events } = await submit(api, api.tx.commands.registerProgram(u8aToHex(wasm), limits, vk), signer);
	return findEvent(events, 'commands', 'ProgramRegistered').data[0].toNumber();
}

/** Submits a plain command; resolves to { id, block }. */
async function submitCommand(program, input, redundancy, signer, fuel = 100_000_000) {
	const { api } = run;
	const { events, blockHash } = await submit(
		api,
		api.tx.commands.submitCommand(program, { Plain: u8aToHex(input) }, fuel, FEE, redundancy),
		signer,
	);
	const id = findEvent(events, 'commands', 'CommandSubmitted').data[0].toNumber();
	const block = (await api.rpc.chain.getHeader(blockHash)).number.toNumber();
	return { id, block };
}

/** Waits until command `id` settles or times out; resolves to its stored result. */
async function settled(id) {
	const { api } = run;
	let result;
	await L.waitFor(`command ${id} closed`, async () => {
		const r = await api.query.commands.results(id);
		if (r.isNone) return false;
		result = r.unwrap();
		return true;
	}, { timeoutMs: 120_000, signal: run.abort.signal });
	return result;
}

test('executors register themselves when their nodes start', { timeout: 240_000 }, async () => {
	const { api } = run;
	const keyring = new Keyring({ type: 'sr25519' });
	const executors = ['//Alice', '//Bob', '//Charlie'].map((s) => keyring.addFromUri(s).address);
	await L.waitFor('three registered executors', async () => {
		const active = (await api.query.commands.activeExecutors()).map((a) => a.toString());
		return executors.every((e) => active.includes(e));
	}, { timeoutMs: 200_000, signal: run.abort.signal });
	for (const e of executors) {
		const info = (await api.query.commands.executors(e)).unwrap();
		assert.equal(info.sealKey.length, 1184 + 33, 'sealing keys are ML-KEM-768 + secp256k1');
		assert.ok(info.bond.toBigInt() > 0n);
	}
});

test('a plain command settles by quorum within 2 blocks of inclusion', { timeout: 240_000 }, async () => {
	const { api } = run;
	const dave = new Keyring({ type: 'sr25519' }).addFromUri('//Dave');
	const program = await registerProgram(read(path.join(OUT, 'sha256.wasm')), null, dave);
	const input = Buffer.from('hello, aether');
	const { id, block } = await submitCommand(program, input, 3, dave);
	const result = await settled(id);
	assert.equal(result.state.toString(), 'Settled');
	assert.equal(result.exit.toString(), 'Ok');
	assert.deepEqual(Buffer.from(result.output.toU8a(true)), sha256(input), 'the output is SHA-256 of the input');
	assert.ok(result.check.isQuorum, `checked by ${result.check.toString()}`);
	assert.ok(result.check.asQuorum.toNumber() >= 2, 'a majority of three agreed');
	const settledAt = result.closedAt.toNumber();
	console.log(`command ${id}: included at #${block}, settled at #${settledAt}; fuel ${result.fuelUsed}`);
	assert.ok(settledAt - block <= 2, `settled ${settledAt - block} blocks after inclusion`);
	// The settling executors' fuel counts as their PoC contribution, in the settlement block.
	const at = await api.rpc.chain.getBlockHash(settledAt);
	const events = await (await api.at(at)).query.system.events();
	const credited = events
		.filter(({ event }) => event.section === 'poc' && event.method === 'ContributionNoted')
		.filter(({ event }) => event.data[1].toString() === 'CommandFuel')
		.map(({ event }) => [event.data[0].toString(), event.data[2].toBigInt()]);
	const settledBy = result.executors.map((e) => e.toString());
	for (const e of settledBy) {
		assert.ok(
			credited.some(([who, amount]) => who === e && amount === result.fuelUsed.toBigInt()),
			`${e}'s fuel was not credited as CommandFuel`,
		);
	}
});

test('a proved command settles by a Groth16 proof checked in the runtime', { timeout: 300_000 }, async () => {
	const dave = new Keyring({ type: 'sr25519' }).addFromUri('//Dave');
	const program = await registerProgram(
		read(path.join(OUT, 'poseidon-preimage.wasm')),
		path.join(KEYS, 'poseidon-preimage.vk'),
		dave,
	);
	const preimage = crypto.randomBytes(32);
	const { id } = await submitCommand(program, preimage, 1, dave);
	const result = await settled(id);
	assert.equal(result.state.toString(), 'Settled');
	assert.equal(result.exit.toString(), 'Ok');
	assert.ok(result.check.isProof, `checked by ${result.check.toString()}`);
	const output = Buffer.from(result.output.toU8a(true));
	assert.equal(output.length, 32, 'a Poseidon hash is one field element');
	assert.deepEqual(Buffer.from(result.outputHash.toU8a()), sha256(output));
});

function shell(args) {
	return new Promise((resolve, reject) => {
		execFile(
			L.SHELL_BIN,
			['--url', `http://127.0.0.1:${run.rpcPort}`, '--suri', '//Eve', ...args],
			{ timeout: 180_000 },
			(err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stdout}\n${stderr}`)) : resolve(stdout)),
		);
	});
}

test('a sealed command settles and its plaintext never reaches the chain', { timeout: 300_000 }, async () => {
	const { api } = run;
	const dave = new Keyring({ type: 'sr25519' }).addFromUri('//Dave');
	const program = await registerProgram(read(path.join(OUT, 'sha256.wasm')), null, dave);
	const secret = `sealed-secret-${crypto.randomBytes(8).toString('hex')}`;
	const out = await shell(['run', String(program), '--input', secret, '--sealed', '--redundancy', '2']);
	console.log(out);
	assert.match(out, /state:\s+Settled/);
	assert.match(out, /checked:\s+by a quorum of 2 of 2 executors/);
	const expected = u8aToHex(sha256(Buffer.from(secret)));
	assert.ok(out.includes(`output:    ${expected}`), 'the shell opened the sealed output');

	// The plaintext input is nowhere on chain. (This program's output is the input's SHA-256,
	// i.e. the public commitment, so only the input is secret here; the stored output is the
	// envelope sealed to the shell's one-time keys.)
	const needles = [Buffer.from(secret).toString('hex')];
	const best = (await api.rpc.chain.getHeader()).number.toNumber();
	for (let n = 1; n <= best; n += 1) {
		const hash = await api.rpc.chain.getBlockHash(n);
		const block = await api.rpc.chain.getBlock(hash);
		for (const xt of block.block.extrinsics) {
			const hex = xt.toHex();
			assert.ok(!hex.includes(needles[0]), `the plaintext input is in block #${n}`);
		}
	}
	const stored = await settled(Number(out.match(/^command (\d+)/m)[1]));
	assert.ok(stored.outputSealed.isTrue, 'the output is stored sealed');
	const prefix = api.query.commands.results.keyPrefix();
	for (const p of [prefix, api.query.commands.openCommands.keyPrefix(), api.query.commands.inputs.keyPrefix()]) {
		const keys = await api.rpc.state.getKeys(p);
		for (const key of keys) {
			const value = (await api.rpc.state.getStorage(key)).toHex();
			assert.ok(!value.includes(needles[0]), 'the plaintext input is in state');
		}
	}
});

function leb(n) {
	const out = [];
	do {
		let b = n & 0x7f;
		n >>>= 7;
		if (n) b |= 0x80;
		out.push(b);
	} while (n);
	return out;
}

/** A module of one `run` function with `body` (bytes), a one-page memory exported with it, and
 * optionally one imported function `[] -> []` from `imp = [module, name]`. */
function module(body, imp) {
	const section = (id, bytes) => [id, ...leb(bytes.length), ...bytes];
	const name = (s) => [...leb(Buffer.byteLength(s)), ...Buffer.from(s)];
	const runIndex = imp ? 1 : 0;
	const exports = [2, ...name('memory'), 2, 0, ...name('run'), 0, runIndex];
	const fn = [0, ...body, 0x0b];
	return Uint8Array.from([
		0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
		...section(1, [1, 0x60, 0, 0]),
		...(imp ? section(2, [1, ...name(imp[0]), ...name(imp[1]), 0x00, 0]) : []),
		...section(3, [1, 0]),
		...section(5, [1, 0, 1]),
		...section(7, exports),
		...section(10, [1, ...leb(fn.length), ...fn]),
	]);
}

test('loops run out of fuel, traps trap, bad modules are refused', { timeout: 300_000 }, async () => {
	const { api } = run;
	const ferdie = new Keyring({ type: 'sr25519' }).addFromUri('//Ferdie');
	// (loop (br 0))
	const spin = await registerProgram(module([0x03, 0x40, 0x0c, 0x00, 0x0b]), null, ferdie);
	const before = (await api.query.system.account(ferdie.address)).data.free.toBigInt();
	const { id: loopId } = await submitCommand(spin, Buffer.from('x'), 1, ferdie, 1_000_000);
	const looped = await settled(loopId);
	assert.equal(looped.exit.toString(), 'OutOfFuel');
	assert.equal(looped.fuelUsed.toNumber(), 1_000_000, 'all the fuel was used');
	const after = (await api.query.system.account(ferdie.address)).data.free.toBigInt();
	assert.ok(before - after >= FEE, 'the fee was charged for the runaway program');

	// (unreachable)
	const trap = await registerProgram(module([0x00]), null, ferdie);
	const { id: trapId } = await submitCommand(trap, Buffer.from('x'), 1, ferdie);
	assert.equal((await settled(trapId)).exit.toString(), 'Trapped');

	await assert.rejects(
		registerProgram(Uint8Array.from(Buffer.from('definitely not wasm')), null, ferdie),
		(e) => e.name === 'InvalidModule',
	);
	await assert.rejects(
		registerProgram(module([], ['wasi_snapshot_preview1', 'sched_yield']), null, ferdie),
		(e) => e.name === 'ForbiddenImport',
	);
	// A valid module with the same shape registers: the refusals above are about the module.
	await registerProgram(module([]), null, ferdie);
	run.passed = true;
});
