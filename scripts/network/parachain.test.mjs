// The parachain runtime in CI, without a relay chain binary: two compute shards (paras 2000 and
// 2001) from the raw specs `aether-node parachain-spec` writes, run by Chopsticks (npm) in its XCM
// mode, which gives them HRMP channels to each other.
//
// 1. `aether-node parachain-spec` writes each shard's spec with its para id, relay chain and the
//    token properties; an unknown preset is refused with the list of presets;
// 2. a shard builds blocks: a transfer signed by Alice lands, its fee goes to the Chalice pot;
// 3. the Aether pallets work on a shard: a command program and a Groth16 verifying key register;
//    the collators are the genesis invulnerables, ranked by pallet-collator-ranking;
// 4. XCM between the shards: Alice on shard 2000 sends a message to shard 2001 that withdraws
//    AETH from her account there (her location's account, read with LocationToAccountApi), buys
//    execution and Transacts a remark. Shard 2001 shows `Remarked` by that account and the
//    message processed; a message that does not pay is refused by the barrier.
//
// Needs programs/out (./scripts/build-programs.sh --keys) and node_modules (npm ci).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import { stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsHex, cryptoWaitReady, encodeAddress } from '@polkadot/util-crypto';
import { findEvent, submit } from './api.mjs';
import * as L from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.join(here, '../..');
const CHOPSTICKS = path.join(ROOT, 'node_modules/.bin/chopsticks');
const OUT = path.join(ROOT, 'programs/out');
const UNIT = 10n ** 12n;
const SHARDS = [
	{ preset: 'local_testnet', para: 2000, collators: ['Alice', 'Bob'] },
	{ preset: 'local_testnet_2001', para: 2001, collators: ['Charlie', 'Dave'] },
];

const run = { procs: [], apis: [], passed: false, dir: undefined, abort: new AbortController() };

function parachainSpec(preset, raw, file) {
	const args = ['parachain-spec', '--preset', preset, '--relay-chain', 'rococo-local', '--output', file];
	if (raw) args.push('--raw');
	execFileSync(L.NODE_BIN, args, { stdio: ['ignore', 'ignore', 'inherit'] });
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}

before(async () => {
	await cryptoWaitReady();
	run.dir = L.makeTempDir('parachain');
	assert.ok(fs.existsSync(CHOPSTICKS), `chopsticks not installed at ${CHOPSTICKS} (npm ci)`);
	const ports = await L.freePorts(SHARDS.length);
	const configs = SHARDS.map((shard, i) => {
		const spec = path.join(run.dir, `${shard.para}-raw.json`);
		parachainSpec(shard.preset, true, spec);
		const config = path.join(run.dir, `${shard.para}.yml`);
		// Instant: a block as soon as a transaction or a message arrives.
		fs.writeFileSync(
			config,
			`genesis: ${spec}\nport: ${ports[i]}\nhost: 127.0.0.1\nbuild-block-mode: Instant\n`,
		);
		shard.port = ports[i];
		return config;
	});
	// Chopsticks sometimes fails a shard's first block: it reads the clock twice for it (the
	// timestamp and the relay slot of its validation data), and when a 6 s slot boundary falls
	// between the two reads, aura-ext's consensus hook refuses the block ("Parachain slot must
	// match relay-derived slot"). Later blocks take both from their parent, but the HRMP channels
	// that first block was to open are lost, and every XCM send fails with a bare `SendFailure`
	// (the XCMP queue's `NoChannel`). A start that lost a channel is retried from scratch.
	for (let attempt = 1; ; attempt++) {
		const missing = await startShards(configs, attempt);
		if (missing.length === 0) break;
		const logPath = run.procs[run.procs.length - 1].logPath;
		assert.ok(attempt < 3, `HRMP channels missing after ${attempt} starts: ${missing.join(', ')} (${logPath})`);
		console.log(`# chopsticks start ${attempt} lost ${missing.join(', ')} (a failed first block, ${logPath}); restarting`);
		await Promise.all(run.apis.splice(0).map((api) => api.disconnect().catch(() => {})));
		await L.stopNode(run.procs.pop());
	}
});

/**
 * Start Chopsticks with both shards (XCM mode), connect an API to each and build each one's
 * first block. Resolves to the HRMP channels that are missing, as "2000→2001" (none: []).
 */
async function startShards(configs, attempt) {
	const argv = ['xcm', ...configs.flatMap((c) => ['-p', c])];
	const proc = L.spawnLogged({
		name: 'chopsticks',
		bin: CHOPSTICKS,
		argv,
		basePath: run.dir,
		logPath: path.join(run.dir, `chopsticks-${attempt}.log`),
		env: { ...process.env, LOG_LEVEL: 'info' },
	});
	run.procs.push(proc);
	await L.waitFor(
		'chopsticks to connect the shards',
		() => {
			if (!L.isRunning(proc)) throw new Error(`chopsticks exited (${proc.exitCode})`);
			return /Connected parachains/i.test(fs.readFileSync(proc.logPath, 'utf8'));
		},
		{ timeoutMs: 180_000, signal: run.abort.signal },
	);
	for (const shard of SHARDS) {
		shard.api = await ApiPromise.create({
			provider: new WsProvider(`ws://127.0.0.1:${shard.port}`, 1_000),
			noInitWarn: true,
			throwOnConnect: true,
		});
		run.apis.push(shard.api);
		// A first block: until one is built, `system.blockHash(0)` is not the genesis hash yet and
		// every signed transaction fails its genesis check.
		await shard.api._rpcCore.provider.send('dev_newBlock', [{ count: 1 }]);
	}
	const missing = [];
	for (const [shard, sibling] of [SHARDS, [...SHARDS].reverse()]) {
		const state = await shard.api.query.parachainSystem.relevantMessagingState();
		const egress = state.isSome ? state.unwrap().egressChannels.map(([id]) => id.toNumber()) : [];
		if (!egress.includes(sibling.para)) missing.push(`${shard.para}→${sibling.para}`);
	}
	return missing;
}

after(async () => {
	run.abort.abort();
	await Promise.all(run.apis.map((api) => api.disconnect().catch(() => {})));
	if (!run.passed) L.printLogTails(run.procs, 80);
	await L.cleanupAll();
});

test('parachain-spec writes each shard with its para id and properties', () => {
	for (const shard of SHARDS) {
		const plain = parachainSpec(shard.preset, false, path.join(run.dir, `${shard.para}-plain.json`));
		assert.equal(plain.para_id, shard.para);
		assert.equal(plain.relay_chain, 'rococo-local');
		assert.deepEqual(plain.properties, { ss58Format: 42, tokenDecimals: 12, tokenSymbol: 'AETH' });
		assert.equal(plain.genesis.runtimeGenesis.patch.parachainInfo.parachainId, shard.para);
		assert.deepEqual(
			plain.genesis.runtimeGenesis.patch.collatorRanking.invulnerables,
			shard.collators.map((n) => new Keyring({ type: 'sr25519' }).addFromUri(`//${n}`).address),
		);
		const raw = JSON.parse(fs.readFileSync(path.join(run.dir, `${shard.para}-raw.json`), 'utf8'));
		assert.ok(raw.genesis.raw.top['0x3a636f6465'], 'the raw spec holds :code');
	}
	const bad = spawnSync(L.NODE_BIN, ['parachain-spec', '--preset', 'mainnet'], { encoding: 'utf8' });
	assert.notEqual(bad.status, 0);
	assert.match(bad.stderr, /unknown parachain preset 'mainnet'.*local_testnet_2001/s);
});

test('a shard builds blocks with transfers; fees feed the Chalice pot', { timeout: 120_000 }, async () => {
	const api = SHARDS[0].api;
	const keyring = new Keyring({ type: 'sr25519' });
	const alice = keyring.addFromUri('//Alice');
	const ferdie = keyring.addFromUri('//Ferdie');
	assert.equal((await api.query.parachainInfo.parachainId()).toNumber(), 2000);
	const before = (await api.query.system.account(ferdie.address)).data.free.toBigInt();
	const head = (await api.rpc.chain.getHeader()).number.toNumber();
	const { events } = await submit(api, api.tx.balances.transferKeepAlive(ferdie.address, 5n * UNIT), alice);
	assert.ok(findEvent(events, 'balances', 'Transfer'), 'Transfer event');
	const paid = findEvent(events, 'transactionPayment', 'TransactionFeePaid');
	assert.ok(paid && paid.data[1].toBigInt() > 0n, 'a fee was paid');
	// The Chalice pot: PalletId(*b"aeth/chl") as an account ("modl" ‖ id, zero-padded).
	const pot = encodeAddress(u8aConcat(stringToU8a('modlaeth/chl'), new Uint8Array(20)), 42);
	const deposit = findEvent(events, 'balances', 'Deposit');
	assert.ok(deposit, 'a Deposit of the fee');
	assert.equal(deposit.data[0].toString(), pot, 'the fee went to the Chalice pot');
	assert.equal(deposit.data[1].toBigInt(), paid.data[1].toBigInt());
	assert.equal((await api.query.system.account(ferdie.address)).data.free.toBigInt(), before + 5n * UNIT);
	assert.ok((await api.rpc.chain.getHeader()).number.toNumber() > head, 'a block was built');
});

test('Aether pallets work on a shard; collators are ranked', { timeout: 120_000 }, async () => {
	const api = SHARDS[1].api;
	const dave = new Keyring({ type: 'sr25519' }).addFromUri('//Dave');
	assert.deepEqual(
		(await api.query.session.validators()).map((a) => a.toString()),
		SHARDS[1].collators.map((n) => new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri(`//${n}`).address),
	);
	assert.equal((await api.query.collatorRanking.desiredCollators()).toNumber(), 4);
	const wasm = fs.readFileSync(path.join(OUT, 'sha256.wasm'));
	const limits = { maxMemoryPages: 16, maxOutput: 1024 };
	const { events } = await submit(api, api.tx.commands.registerProgram(u8aToHex(wasm), limits, null), dave);
	const registered = findEvent(events, 'commands', 'ProgramRegistered');
	assert.ok(registered, 'ProgramRegistered');
	const code = await api.query.commands.programCode(registered.data[0]);
	assert.equal(code.unwrap().length, wasm.length);
	const keyFile = fs.readdirSync(path.join(OUT, 'keys')).find((f) => f.endsWith('.vk'));
	assert.ok(keyFile, 'a dev verifying key in programs/out/keys');
	const vk = fs.readFileSync(path.join(OUT, 'keys', keyFile));
	// Another signer: Chopsticks may still answer Dave's next nonce from the block before.
	const ferdie = new Keyring({ type: 'sr25519' }).addFromUri('//Ferdie');
	const { events: keyEvents } = await submit(api, api.tx.zkVerifier.registerKey(u8aToHex(vk)), ferdie);
	assert.ok(findEvent(keyEvents, 'zkVerifier', 'KeyRegistered'), 'KeyRegistered');
	// A candidate without session keys is refused with a named error.
	const eve = new Keyring({ type: 'sr25519' }).addFromUri('//Eve');
	await assert.rejects(submit(api, api.tx.collatorRanking.registerAsCandidate(), eve), (err) => err.name === 'NoSessionKeys');
});

/** The XCM a shard sends to `para` so that `payer` there pays and remarks `text`. */
function remarkMessage(destApi, amount, text, beneficiary) {
	const asset = { id: { parents: 0, interior: 'Here' }, fun: { Fungible: amount } };
	return {
		V5: [
			{ WithdrawAsset: [asset] },
			{ BuyExecution: { fees: asset, weightLimit: 'Unlimited' } },
			{
				Transact: {
					originKind: 'SovereignAccount',
					fallbackMaxWeight: null,
					call: { encoded: destApi.tx.system.remarkWithEvent(text).method.toHex() },
				},
			},
			'RefundSurplus',
			{ DepositAsset: { assets: { Wild: { AllCounted: 1 } }, beneficiary } },
		],
	};
}

/**
 * What shard 2001's message queue did with message `id` (the topic `polkadotXcm.Sent` reports):
 * its `Processed` or `ProcessingFailed` event. Other messages (XCM version discovery) pass
 * through the same queue.
 */
function outcomeOf(events, id) {
	return events
		.map(({ event }) => event)
		.find(
			(event) =>
				event.section === 'messageQueue' &&
				(event.method === 'Processed' || event.method === 'ProcessingFailed') &&
				event.data[0].toHex() === id,
		);
}

/** The best block number of `api`'s chain. */
async function bestNumber(api) {
	return (await api.rpc.chain.getHeader()).number.toNumber();
}

/**
 * The events of every block after `from` on `api`'s chain. Chopsticks builds a block as soon as a
 * message arrives (Instant mode); when none has come since `from`, this asks for one (dev RPC).
 */
async function eventsSince(api, from) {
	if ((await bestNumber(api)) <= from) {
		await api._rpcCore.provider.send('dev_newBlock', [{ count: 1 }]);
	}
	const events = [];
	for (let n = from + 1; n <= (await bestNumber(api)); n++) {
		const hash = await api.rpc.chain.getBlockHash(n);
		for (const record of await api.query.system.events.at(hash)) events.push({ event: record.event });
	}
	return events;
}

test('XCM: Alice on shard 2000 pays for and Transacts a remark on shard 2001', { timeout: 180_000 }, async () => {
	const [a, b] = SHARDS;
	const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
	const aliceOnA = { parents: 1, interior: { X2: [{ Parachain: a.para }, { AccountId32: { network: null, id: u8aToHex(alice.publicKey) } }] } };
	// Her account on shard 2001, as its runtime converts her location.
	const converted = await b.api.call.locationToAccountApi.convertLocation({ V5: aliceOnA });
	assert.ok(converted.isOk, `convertLocation: ${converted.toString()}`);
	const remote = converted.asOk.toString();
	assert.notEqual(remote, alice.address);
	const fundsBefore = (await b.api.query.system.account(remote)).data.free.toBigInt();
	assert.ok(fundsBefore > 10n * UNIT, 'the genesis funds her account on the other shard');

	const text = `hello from shard ${a.para} at ${Date.now()}`;
	const from = await bestNumber(b.api);
	const dest = { V5: { parents: 1, interior: { X1: [{ Parachain: b.para }] } } };
	const message = remarkMessage(b.api, UNIT, text, aliceOnA);
	const { events: sent } = await submit(a.api, a.api.tx.polkadotXcm.send(dest, message), alice);
	const sentEvent = findEvent(sent, 'polkadotXcm', 'Sent');
	assert.ok(sentEvent, 'polkadotXcm.Sent on shard 2000');
	const id = sentEvent.data[3].toHex();
	assert.ok(findEvent(sent, 'xcmpQueue', 'XcmpMessageSent'), 'the message left over XCMP');

	// Chopsticks hands the outbound HRMP message to shard 2001; its next block processes it.
	const expected = blake2AsHex(text);
	let remarked;
	let processed;
	await L.waitFor(
		'shard 2001 to process the message',
		async () => {
			const events = await eventsSince(b.api, from);
			remarked = findEvent(events, 'system', 'Remarked');
			processed = outcomeOf(events, id);
			return remarked && processed;
		},
		{ timeoutMs: 60_000, intervalMs: 2_000, signal: run.abort.signal },
	);
	assert.equal(remarked.data[0].toString(), remote, 'remarked by her account there');
	assert.equal(remarked.data[1].toHex(), expected);
	assert.equal(processed.method, 'Processed', processed.toString());
	assert.equal(processed.data[3].isTrue, true, `processed successfully: ${processed.toString()}`);
	const fundsAfter = (await b.api.query.system.account(remote)).data.free.toBigInt();
	assert.ok(fundsAfter < fundsBefore, 'execution was paid from her account');
	assert.ok(fundsBefore - fundsAfter < UNIT, 'the surplus came back');
});

test('XCM: a message that does not pay is refused by the barrier', { timeout: 180_000 }, async () => {
	const [a, b] = SHARDS;
	const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
	const dest = { V5: { parents: 1, interior: { X1: [{ Parachain: b.para }] } } };
	const call = b.api.tx.system.remarkWithEvent('unpaid').method.toHex();
	const message = { V5: [{ Transact: { originKind: 'SovereignAccount', fallbackMaxWeight: null, call: { encoded: call } } }] };
	const from = await bestNumber(b.api);
	await submit(a.api, a.api.tx.polkadotXcm.send(dest, message), alice);
	let processed;
	await L.waitFor(
		'shard 2001 to refuse the message',
		async () => {
			const events = await eventsSince(b.api, from);
			assert.equal(findEvent(events, 'system', 'Remarked'), undefined, 'an unpaid Transact ran');
			// A message the barrier stops keeps its hash as id (the topic is taken only once it
			// passes) and is charged its weight: `Processed` with `success: false`.
			processed = events
				.map(({ event }) => event)
				.find(
					(event) =>
						event.section === 'messageQueue' &&
						event.data[1].toString() === JSON.stringify({ sibling: a.para }) &&
						(event.method === 'ProcessingFailed' || (event.method === 'Processed' && event.data[3].isFalse)),
				);
			return processed;
		},
		{ timeoutMs: 60_000, intervalMs: 2_000, signal: run.abort.signal },
	);
	run.passed = true;
});
