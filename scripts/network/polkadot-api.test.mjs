// What a Polkadot.js user meets, on a real dev node through @polkadot/api 16.5 and the project's
// RPC definitions (js/aether-definitions.json):
//
// 1. `aether-node build-spec` works for every preset, plain and raw, with the token properties
//    wallets and Chopsticks need; an unknown preset is refused; a node starts from a saved raw
//    spec (`--chain path.json`) and authors and finalizes;
// 2. every call, event and error in the metadata has docs (Apps shows them);
// 3. transfers signed by an sr25519 account and by a secp256k1 ECDSA account (MultiSignature);
// 4. every custom RPC answers through the decorated API.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Keyring } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { connect, definitions, submit } from './api.mjs';
import * as L from './lib.mjs';

const PRESETS = ['dev', 'local'];
const UNIT = 10n ** 12n;
/// `:code`, the storage key of the runtime's WASM.
const CODE_KEY = '0x3a636f6465';

const run = { nodes: [], passed: false, abort: new AbortController(), api: undefined, dir: undefined };

before(async () => {
	await cryptoWaitReady();
	run.dir = L.makeTempDir('polkadot-api');
});

after(async () => {
	run.abort.abort();
	if (run.api) await run.api.disconnect().catch(() => {});
	if (!run.passed) L.printLogTails(run.nodes, 60);
	await L.cleanupAll();
});

function buildSpec(chain, raw) {
	const args = ['build-spec', '--chain', chain, '--disable-default-bootnode', ...(raw ? ['--raw'] : [])];
	return JSON.parse(execFileSync(L.NODE_BIN, args, { maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] }));
}

test('build-spec for every preset, plain and raw; a node starts from a saved raw spec', { timeout: 240_000 }, async () => {
	const signal = run.abort.signal;
	for (const preset of PRESETS) {
		for (const raw of [false, true]) {
			const spec = buildSpec(preset, raw);
			const what = `${preset} ${raw ? 'raw' : 'plain'}`;
			assert.deepEqual(spec.properties, { ss58Format: 42, tokenDecimals: 12, tokenSymbol: 'AETH' }, what);
			assert.ok(spec.name.startsWith('Aether'), `${what}: name ${spec.name}`);
			if (raw) {
				assert.ok(spec.genesis.raw.top[CODE_KEY]?.length > 1000, `${what}: no runtime code`);
			} else {
				const patch = spec.genesis.runtimeGenesis?.patch;
				assert.ok(patch, `${what}: no genesis patch`);
				assert.ok(patch.session.keys.length >= 1, `${what}: no validators`);
				assert.ok(patch.balances.balances.length >= 1, `${what}: no endowed accounts`);
			}
			fs.writeFileSync(path.join(run.dir, `${preset}${raw ? '-raw' : ''}.json`), JSON.stringify(spec));
		}
	}
	const unknown = spawnSync(L.NODE_BIN, ['build-spec', '--chain', 'no-such-preset'], { encoding: 'utf8' });
	assert.notEqual(unknown.status, 0, 'an unknown chain built a spec');
	assert.match(unknown.stderr, /no-such-preset/, 'the error does not name the chain');

	// A node from the saved raw dev spec: the same chain as --dev, so Alice authors and finalizes.
	const [p2pPort, rpcPort] = await L.freePorts(2);
	const node = L.startNode({
		name: 'from-spec',
		args: ['--chain', path.join(run.dir, 'dev-raw.json'), '--alice', '--validator'],
		basePath: path.join(run.dir, 'from-spec'),
		p2pPort,
		rpcPort,
		nodeKey: L.nodeKey(1),
	});
	run.nodes.push(node);
	await L.waitForRpc(node, { signal });
	await L.waitFor(
		'best #3 and finalized #1 from the saved spec',
		async () => {
			const { best, finalized } = await L.chainHeads(rpcPort);
			return best >= 3 && finalized >= 1;
		},
		{ timeoutMs: 150_000, signal },
	);
	const name = await L.rpc(rpcPort, 'system_chain', []);
	assert.equal(name, 'Aether Development');
	run.api = await connect(rpcPort);
	assert.equal(run.api.registry.chainDecimals[0], 12);
	assert.equal(run.api.registry.chainTokens[0], 'AETH');
	assert.equal(run.api.registry.chainSS58, 42);
	run.passed = true;
});

test('every call, event and error in the metadata has docs', { timeout: 60_000 }, async () => {
	run.passed = false;
	const { api } = run;
	assert.ok(api, 'no API connection (the previous test failed)');
	const metadata = api.runtimeMetadata.asLatest;
	const lookup = api.registry.lookup;
	const missing = [];
	let checked = 0;
	for (const pallet of metadata.pallets) {
		const name = pallet.name.toString();
		for (const [kind, field] of [['call', pallet.calls], ['event', pallet.events], ['error', pallet.errors]]) {
			if (field.isNone) continue;
			const type = lookup.getSiType(field.unwrap().type);
			for (const variant of type.def.asVariant.variants) {
				checked += 1;
				const docs = variant.docs.map((d) => d.toString()).join(' ').trim();
				if (!docs) missing.push(`${name}.${variant.name} (${kind})`);
			}
		}
	}
	assert.ok(checked > 100, `only ${checked} calls, events and errors in the metadata`);
	assert.deepEqual(missing, [], `without docs: ${missing.join(', ')}`);
	console.log(`# ${checked} calls, events and errors, all documented`);
	run.passed = true;
});

test('transfers signed with sr25519 and with secp256k1 ECDSA', { timeout: 120_000 }, async () => {
	run.passed = false;
	const { api } = run;
	assert.ok(api, 'no API connection');
	const alice = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//Alice');
	const bob = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//Bob');
	const ecdsa = new Keyring({ type: 'ecdsa', ss58Format: 42 }).addFromUri('//Aether//ecdsa');
	const balance = async (who) => (await api.query.system.account(who)).data.free.toBigInt();

	// sr25519: Alice funds the ECDSA account (its address is the blake2 of its public key).
	const { events } = await submit(api, api.tx.balances.transferKeepAlive(ecdsa.address, 10n * UNIT), alice);
	assert.ok(events.some(({ event }) => api.events.balances.Transfer.is(event)), 'no Transfer event');
	assert.equal(await balance(ecdsa.address), 10n * UNIT);

	// secp256k1 ECDSA: the new account pays Bob and the fee.
	const bobBefore = await balance(bob.address);
	const { events: fromEcdsa } = await submit(api, api.tx.balances.transferKeepAlive(bob.address, 3n * UNIT), ecdsa);
	const transfer = fromEcdsa.find(({ event }) => api.events.balances.Transfer.is(event)).event;
	assert.equal(transfer.data.from.toString(), ecdsa.address);
	assert.equal(await balance(bob.address), bobBefore + 3n * UNIT);
	const after = await balance(ecdsa.address);
	assert.ok(after < 7n * UNIT && after > 6n * UNIT, `the ECDSA account holds ${after}`);
	run.passed = true;
});

test('every custom RPC answers through the decorated API', { timeout: 60_000 }, async () => {
	run.passed = false;
	const { api } = run;
	assert.ok(api, 'no API connection');
	const alice = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//Alice');
	for (const [section, methods] of Object.entries(definitions.rpc)) {
		for (const method of Object.keys(methods)) {
			assert.equal(typeof api.rpc[section]?.[method], 'function', `api.rpc.${section}.${method} is not decorated`);
		}
	}
	const poc = (await api.rpc.poc.status()).toJSON();
	assert.equal(poc.authorities.length, 1);
	assert.ok(poc.difficulty > 0 && poc.difficulty < 1);
	const beacon = (await api.rpc.entropy.beacon()).toJSON();
	assert.equal(beacon.roundLength, 10);
	const health = (await api.rpc.tsu.health()).toJSON();
	assert.equal(health.state, 'healthy');
	const period = (await api.rpc.chalice.period()).toJSON();
	assert.ok(BigInt(period.issued) > 0n);
	const rewards = (await api.rpc.chalice.rewards(alice.address)).toJSON();
	assert.equal(rewards.account, alice.address);
	await assert.rejects(api.rpc.chalice.rewards('not-an-address'), /not an SS58 account/);
	run.passed = true;
});
