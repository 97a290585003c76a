// Sustained-transfer load generator for any Substrate node with pallet-balances.
//
//   node scripts/bench/load.mjs --url ws://127.0.0.1:9944 [--funder //Alice] [--accounts 1000]
//        [--depth 4] [--seconds 120] [--out load.json]
//
// Everything it needs comes from the node's metadata: the `balances.transferKeepAlive` call, the
// existential deposit, the block weight and length limits, the account id width (32-byte ids are
// signed with sr25519, 20-byte ids with Ethereum-style secp256k1 keys) and the transaction
// extensions to sign. Nothing is specific to Aether Chain.
//
// 1. Funding: the funder (a secret URI or hex seed; `//Alice` on dev chains) sends each of
//    `--accounts` derived accounts enough for the run, batched with `utility.batchAll` when the
//    runtime has it, and waits until the funding is finalized.
// 2. Load: the accounts send `transferKeepAlive` round a ring (account i pays account i + 1 the
//    existential deposit), each keeping up to `--depth` transactions in the pool, for `--seconds`.
//    Transactions are signed locally (immortal, explicit nonce) and submitted with
//    `author_submitExtrinsic`; a refusal is counted by the pool's reason and the account resyncs
//    its nonce from `system_accountNextIndex` on the next block.
// 3. Accounting on the finalized chain: for each block in the window, the successful transfers
//    from our accounts (`balances.Transfer` events), its extrinsic count, the share of the normal
//    class's weight limit it used (`system.blockWeight`) and of the block length limit, its
//    timestamp (`timestamp.now` when the runtime has it, else the time it arrived). Every second
//    it also records best and finalized height, so finality lag over time comes with the run.
//
// `runLoad()` is also exported for scripts/bench/throughput.mjs.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { DEV_PHRASE, Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';


/** Sign and submit `tx`, resolving once it is finalized; rejects on a dispatch error. */
function submitFinalized(api, tx, signer, options = {}) {
	return new Promise((resolve, reject) => {
		let unsub = () => {};
		tx.signAndSend(signer, options, ({ status, dispatchError }) => {
			if (dispatchError) {
				unsub();
				const detail = dispatchError.isModule ? api.registry.findMetaError(dispatchError.asModule) : null;
				reject(new Error(detail ? `${detail.section}.${detail.name}` : dispatchError.toString()));
			} else if (status.isFinalized) {
				unsub();
				resolve(status.asFinalized);
			} else if (status.isInvalid || status.isDropped || status.isUsurped) {
				unsub();
				reject(new Error(`funding transaction ${status.type}`));
			}
		})
			.then((u) => {
				unsub = u;
			})
			.catch(reject);
	});
}

/** The width in bytes of the runtime's account id, from `system.account`'s key type. */
function accountIdWidth(api) {
	const entry = api.query.system?.account;
	if (!entry) throw new Error('the runtime has no system.account storage');
	const keyId = entry.creator.meta.type.asMap.key;
	return api.registry.createType(api.registry.lookup.getTypeDef(keyId).type).encodedLength;
}

/** The short reason of a pool refusal, e.g. `1014: Priority is too low`. */
function refusalReason(err) {
	const message = String(err?.message ?? err);
	const m = message.match(/^(\d{4}):\s*([^:(]+)/);
	return m ? `${m[1]}: ${m[2].trim()}` : message.slice(0, 80);
}

/**
 * Run the load against `url` and return the measurements (see the file comment). `log` receives
 * progress lines.
 */
export async function runLoad({ url, funder = '//Alice', accounts = 1000, depth = 4, seconds = 120, log = console.log }) {
	await cryptoWaitReady();
	const api = await ApiPromise.create({ provider: new WsProvider(url, 1_000), noInitWarn: true, throwOnConnect: true });
	try {
		return await load(api, { funder, accounts, depth, seconds, log });
	} finally {
		await api.disconnect();
	}
}

async function load(api, { funder, accounts, depth, seconds, log }) {
	if (!api.tx.balances?.transferKeepAlive) throw new Error('the runtime has no balances.transferKeepAlive call');
	const chain = (await api.rpc.system.chain()).toString();
	const runtime = `${api.runtimeVersion.specName}/${api.runtimeVersion.specVersion}`;
	const width = accountIdWidth(api);
	let keyring;
	let derive;
	if (width === 32) {
		keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 ?? 42 });
		derive = (i) => keyring.addFromUri(`${DEV_PHRASE}//aether-load//${i}`);
	} else if (width === 20) {
		keyring = new Keyring({ type: 'ethereum' });
		derive = (i) => keyring.addFromUri(`${DEV_PHRASE}/m/44'/60'/0'/0/${i + 1000}`);
	} else {
		throw new Error(`unsupported account id width ${width}`);
	}
	const payer = keyring.addFromUri(funder);
	const pairs = Array.from({ length: accounts }, (_, i) => derive(i));
	const index = new Map(pairs.map((p, i) => [p.address, i]));

	// Limits from the metadata.
	const ed = api.consts.balances.existentialDeposit.toBigInt();
	const amount = ed > 0n ? ed : 1n;
	const normal = api.consts.system.blockWeights.perClass.normal;
	const maxNormalRef = (normal.maxTotal.isSome ? normal.maxTotal.unwrap() : api.consts.system.blockWeights.maxBlock).refTime.toBigInt();
	const maxNormalLen = api.consts.system.blockLength.max.normal.toNumber();
	const hasTimestamp = Boolean(api.query.timestamp?.now);
	const probe = api.tx.balances.transferKeepAlive(pairs[0].address, amount);
	const fee = (await probe.paymentInfo(payer)).partialFee.toBigInt();
	const txLength = probe.sign(pairs[0], signOptions(api, 0)).encodedLength;

	// Funding: enough fees for a transaction per account in every second at full depth, twice over.
	const perAccount = ed * 10n + amount * 2n + fee * 2n * BigInt(Math.ceil(seconds) * depth);
	const free = (await api.query.system.account(payer.address)).data.free.toBigInt();
	if (free < perAccount * BigInt(accounts) + fee * 100n) {
		throw new Error(`the funder ${payer.address} has ${free}, the run needs ${perAccount * BigInt(accounts)}`);
	}
	log(`# ${chain} (${runtime}): ${accounts} accounts, depth ${depth}, transfer fee ${fee}, ${txLength} bytes signed`);
	const fundStart = Date.now();
	const calls = pairs.map((p) => api.tx.balances.transferKeepAlive(p.address, perAccount));
	const chunks = [];
	const batch = api.tx.utility?.batchAll ?? api.tx.utility?.batch;
	for (let i = 0; i < calls.length; i += batch ? 200 : 1) chunks.push(batch ? batch(calls.slice(i, i + 200)) : calls[i]);
	let nonce = (await api.rpc.system.accountNextIndex(payer.address)).toNumber();
	await Promise.all(chunks.map((tx) => submitFinalized(api, tx, payer, { nonce: nonce++ })));
	const balances = await api.query.system.account.multi(pairs.map((p) => p.address));
	const unfunded = balances.filter((b) => b.data.free.toBigInt() < perAccount).length;
	if (unfunded) throw new Error(`${unfunded} accounts were not funded`);
	log(`# funded ${accounts} accounts in ${((Date.now() - fundStart) / 1000).toFixed(0)} s (${chunks.length} transactions)`);

	// Per-account state: next nonce to sign, highest nonce seen in a best block + 1, in-flight RPCs.
	const state = await Promise.all(
		pairs.map(async (p, i) => {
			const next = (await api.rpc.system.accountNextIndex(p.address)).toNumber();
			return { pair: p, dest: pairs[(i + 1) % accounts].address, next, included: next, rpcs: 0, resync: false };
		}),
	);
	const refusals = {};
	let submitted = 0;
	let accepted = 0;
	let alreadyInPool = 0;
	const samples = [];
	let best = 0;
	let finalized = 0;
	let stopping = false;
	let wake = () => {};

	const submitOne = (s) => {
		const nonce = s.next++;
		const tx = api.tx.balances.transferKeepAlive(s.dest, amount).sign(s.pair, signOptions(api, nonce));
		s.rpcs++;
		submitted++;
		api.rpc.author
			.submitExtrinsic(tx)
			.then(() => {
				accepted++;
			})
			.catch((err) => {
				const reason = refusalReason(err);
				if (reason.startsWith('1013')) {
					// Already in the pool: a resync resubmitted a transaction that was waiting.
					alreadyInPool++;
					return;
				}
				refusals[reason] = (refusals[reason] ?? 0) + 1;
				s.resync = true;
			})
			.finally(() => {
				s.rpcs--;
				wake();
			});
	};

	// Best blocks: which nonces are included, so each account refills up to `depth`.
	const unsubBest = await api.rpc.chain.subscribeNewHeads(async (header) => {
		best = Math.max(best, header.number.toNumber());
		try {
			const block = await api.rpc.chain.getBlock(header.hash);
			for (const ex of block.block.extrinsics) {
				if (!ex.isSigned) continue;
				const i = index.get(ex.signer.toString());
				if (i !== undefined) state[i].included = Math.max(state[i].included, ex.nonce.toNumber() + 1);
			}
			for (const s of state) {
				if (s.resync && s.rpcs === 0) {
					s.next = (await api.rpc.system.accountNextIndex(s.pair.address)).toNumber();
					s.included = Math.min(s.included, s.next);
					s.resync = false;
				}
			}
		} catch (err) {
			if (!stopping) log(`# reading block #${header.number}: ${err.message}`);
		}
		wake();
	});
	const unsubFinal = await api.rpc.chain.subscribeFinalizedHeads((header) => {
		finalized = Math.max(finalized, header.number.toNumber());
	});

	const startBlock = (await api.rpc.chain.getHeader()).number.toNumber();
	const t0 = Date.now();
	const deadline = t0 + seconds * 1000;
	const sampler = setInterval(() => samples.push({ t: (Date.now() - t0) / 1000, best, finalized }), 1_000);
	let nextProgress = t0 + 15_000;
	const MAX_RPCS = 512;
	let inRpc = 0;
	while (Date.now() < deadline) {
		inRpc = state.reduce((n, s) => n + s.rpcs, 0);
		let sent = 0;
		for (const s of state) {
			while (!s.resync && s.next - s.included < depth && inRpc < MAX_RPCS) {
				submitOne(s);
				inRpc++;
				if (++sent % 64 === 0) await new Promise((r) => setImmediate(r));
			}
		}
		if (Date.now() >= nextProgress) {
			log(`#   t+${Math.round((Date.now() - t0) / 1000)} s: best #${best}, finalized #${finalized}, submitted ${submitted}, refused ${Object.values(refusals).reduce((a, b) => a + b, 0)}`);
			nextProgress += 15_000;
		}
		await new Promise((resolve) => {
			wake = resolve;
			setTimeout(resolve, 200);
		});
	}
	const endBlock = best;
	const wall = (Date.now() - t0) / 1000;
	clearInterval(sampler);
	stopping = true;
	unsubBest();

	// Let finality reach the window's last block (bounded), then account on the finalized chain.
	const waitUntil = Date.now() + 120_000;
	while (finalized < endBlock && Date.now() < waitUntil) await new Promise((r) => setTimeout(r, 1_000));
	unsubFinal();
	const lastCounted = Math.min(endBlock, finalized);
	const blocks = [];
	for (let n = startBlock + 1; n <= lastCounted; n++) {
		const hash = await api.rpc.chain.getBlockHash(n);
		const [signed, events, weight, now] = await Promise.all([
			api.rpc.chain.getBlock(hash),
			api.query.system.events.at(hash),
			api.query.system.blockWeight.at(hash),
			hasTimestamp ? api.query.timestamp.now.at(hash) : Promise.resolve(null),
		]);
		let transfers = 0;
		for (const { event } of events) {
			if (event.section === 'balances' && event.method === 'Transfer' && index.has(event.data[0].toString())) transfers++;
		}
		blocks.push({
			number: n,
			extrinsics: signed.block.extrinsics.length,
			transfers,
			weightShare: Number(weight.normal.refTime.toBigInt()) / Number(maxNormalRef),
			lengthShare: signed.block.encodedLength / maxNormalLen,
			timestampMs: now === null ? null : now.toNumber(),
		});
	}
	const included = blocks.reduce((n, b) => n + b.transfers, 0);
	// The window's span on the chain's own clock: from the block before the first counted one.
	let spanS = wall;
	if (hasTimestamp && blocks.length) {
		const before = (await api.query.timestamp.now.at(await api.rpc.chain.getBlockHash(startBlock))).toNumber();
		spanS = (blocks[blocks.length - 1].timestampMs - before) / 1000;
	}
	const full = blocks.filter((b) => b.transfers > 0);
	const result = {
		url: api._options?.provider?.endpoint ?? null,
		chain,
		runtime,
		accounts,
		depth,
		seconds: wall,
		blocks,
		samples,
		startBlock,
		endBlock: lastCounted,
		submitted,
		accepted,
		alreadyInPool,
		refusals,
		includedTransfers: included,
		transfersPerSecond: spanS > 0 ? included / spanS : 0,
		chainSpanS: spanS,
		meanTransfersPerBlock: blocks.length ? included / blocks.length : 0,
		maxTransfersPerBlock: Math.max(0, ...blocks.map((b) => b.transfers)),
		meanWeightShare: full.length ? full.reduce((a, b) => a + b.weightShare, 0) / full.length : 0,
		maxWeightShare: Math.max(0, ...blocks.map((b) => b.weightShare)),
		meanLengthShare: full.length ? full.reduce((a, b) => a + b.lengthShare, 0) / full.length : 0,
		transferFee: fee.toString(),
		transferBytes: txLength,
		maxNormalRefTime: maxNormalRef.toString(),
		maxNormalLength: maxNormalLen,
	};
	const refused = Object.values(refusals).reduce((a, b) => a + b, 0);
	log(`# ${included} transfers in ${blocks.length} finalized blocks (#${startBlock + 1}..#${lastCounted}) over ${spanS.toFixed(0)} s: ${result.transfersPerSecond.toFixed(1)}/s; ${submitted} submitted, ${refused} refused`);
	return result;
}

/** Options for a local, immortal signature with an explicit nonce (no RPC per transaction). */
function signOptions(api, nonce) {
	return {
		blockHash: api.genesisHash,
		genesisHash: api.genesisHash,
		nonce,
		runtimeVersion: api.runtimeVersion,
		signedExtensions: api.registry.signedExtensions,
	};
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
	const args = process.argv.slice(2);
	const option = (name, fallback) => {
		const i = args.indexOf(name);
		return i >= 0 ? args[i + 1] : fallback;
	};
	const url = option('--url');
	if (!url) {
		console.error('usage: load.mjs --url ws://HOST:PORT [--funder SURI] [--accounts N] [--depth N] [--seconds N] [--out FILE]');
		process.exit(2);
	}
	const out = option('--out');
	runLoad({
		url,
		funder: option('--funder', '//Alice'),
		accounts: Number(option('--accounts', '1000')),
		depth: Number(option('--depth', '4')),
		seconds: Number(option('--seconds', '120')),
	})
		.then((result) => {
			if (out) {
				fs.mkdirSync(path.dirname(out), { recursive: true });
				fs.writeFileSync(out, JSON.stringify(result, null, 2));
				console.log(`# wrote ${out}`);
			}
			process.exit(0);
		})
		.catch((err) => {
			console.error(err);
			process.exit(1);
		});
}
