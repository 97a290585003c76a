// The Chain page: what the chain is doing right now and how the Proof-of-Contribution lottery
// has been behaving over the last 201 blocks.
//
// Where each figure comes from:
// - best and finalized heights (`#chain-heights`): `ctx.onHeads` (the node's new-head and
//   finalized-head subscriptions, shared by every page);
// - recent blocks (`#recent-blocks`): `chain_getBlockHash` + `chain_getBlock` (hash, extrinsic
//   count, header digest) and `state_queryStorageAt([Timestamp.Now, Poc.Authorities], block)`,
//   both called raw (three requests per block; the decorated calls would add two more each to
//   pick a registry for the block).
//   The author is decoded from the block's PoC pre-runtime digest (engine `AEPC`: u32 authority
//   index LE, u64 slot LE, u8 claim kind 0 = Primary / 1 = Fallback, 32-byte VRF pre-output,
//   64-byte VRF proof; see docs/poc.md §1 and scripts/network/lib.mjs). The index points into
//   `Poc.Authorities` of the *parent* state (the set the lottery ran over), which is read with
//   the parent block; "time since previous" is the difference of the two `Timestamp.Now` values;
// - block time (`#block-time-plot`): the same timestamps, fetched once at mount for the last
//   201 blocks (plus the one before the first, for its gap) in parallel chunks of 20, then
//   appended block by block; the target is `targetBlockTimeMs` of `poc_status`, and the
//   runtime's own mean (slot gaps over its retarget window, `meanBlockTimeMs`) is shown beside
//   the mean of the plotted gaps;
// - PoC authorities (`#poc-authorities`): `poc_status` at the best block (score, weight after
//   floor and cap, `weightFloor`, `weightCap`); the expected share is weight / total weight,
//   the actual share is the authority's fraction of the blocks held here (counted from digests);
// - difficulty (`#difficulty-plot`): `difficulty` of `poc_status(at)` sampled at about 20 evenly
//   spaced blocks of the window at mount, then at every new block. It is `c` as left by that
//   block, i.e. the difficulty of the next slot lottery.
//
// Heavy queries run at most once per new best block: a head that arrives while an update is
// running only marks another update as due. Young chains (fewer than 201 blocks) simply show
// fewer blocks.

import type { ApiPromise } from '@polkadot/api';
import type { DigestItem } from '@polkadot/types/interfaces';
import type { StorageEntry } from '@polkadot/types/primitive/types';
import type { Codec } from '@polkadot/types/types';
import { hexToU8a } from '@polkadot/util';
import { devNames } from '../accounts';
import type { Ctx, Heads, Page } from '../context';
import { coalesce, h, short, table } from '../format';
import { bigField, isObject, numField, rpcMethod, strField } from '../json';
import { linePlot } from '../plot';

/** Blocks whose gaps are plotted (the PoC retarget window is as long). */
const WINDOW = 201;
/** Rows of the recent-blocks table. */
const RECENT = 20;
/** Parallel requests per chunk when fetching history. */
const CHUNK = 20;
/** Difficulty samples taken at mount. */
const DIFFICULTY_SAMPLES = 20;
/** Engine id of the PoC digests: `AEPC`. */
const POC_ENGINE_HEX = '0x41455043';
/** Length of a PoC pre-digest. */
const POC_PRE_DIGEST_LEN = 109;

type ClaimKind = 'Primary' | 'Fallback';

/** What the page keeps of one block. */
interface BlockInfo {
	number: number;
	hash: string;
	parentHash: string;
	/** From the PoC pre-digest; null if the block has none (genesis) or it is malformed. */
	authorIndex: number | null;
	kind: ClaimKind | null;
	extrinsics: number;
	/** `Timestamp.Now` at the block, ms (0 at genesis). */
	timestamp: number;
	/** Accounts of `Poc.Authorities` after the block: the set its child's author is indexed in. */
	authorities: string[];
}

/** One authority of `poc_status`. */
interface PocAuthority {
	account: string;
	authority: string;
	score: bigint;
	weight: bigint;
	share: number;
}

/** The fields of `poc_status` the page uses (see `PocStatusResponse` in node/src/rpc.rs). */
interface PocStatus {
	bestNumber: number;
	difficulty: number;
	authorities: PocAuthority[];
	meanBlockTimeMs: number;
	windowLen: number;
	targetBlockTimeMs: number | null;
	slotDurationMs: number | null;
	epochIndex: number | null;
	weightFloor: bigint | null;
	weightCap: number | null;
}

// ---------------------------------------------------------------------------------------------
// Reading the JSON answers

/** The plain JSON of an RPC answer of type `Json`. */
function plain(codec: Codec): unknown {
	return codec.toJSON();
}

function parsePocStatus(raw: unknown): PocStatus {
	if (!isObject(raw)) throw new Error('poc_status: not an object');
	const list = Array.isArray(raw.authorities) ? raw.authorities : [];
	return {
		bestNumber: numField(raw, 'bestNumber') ?? 0,
		difficulty: numField(raw, 'difficulty') ?? NaN,
		authorities: list.filter(isObject).map((a) => ({
			account: strField(a, 'account') ?? '',
			authority: strField(a, 'authority') ?? '',
			score: bigField(a, 'score') ?? 0n,
			weight: bigField(a, 'weight') ?? 0n,
			share: numField(a, 'share') ?? 0,
		})),
		meanBlockTimeMs: numField(raw, 'meanBlockTimeMs') ?? 0,
		windowLen: numField(raw, 'windowLen') ?? 0,
		targetBlockTimeMs: numField(raw, 'targetBlockTimeMs'),
		slotDurationMs: numField(raw, 'slotDurationMs'),
		epochIndex: numField(raw, 'epochIndex'),
		weightFloor: bigField(raw, 'weightFloor'),
		weightCap: numField(raw, 'weightCap'),
	};
}

async function pocStatus(api: ApiPromise, at?: string): Promise<PocStatus> {
	const call = rpcMethod(api, 'poc', 'status');
	return parsePocStatus(plain(at ? await call(at) : await call()));
}

// ---------------------------------------------------------------------------------------------
// Blocks

/** Little-endian unsigned integer of `len` bytes at `offset`. */
function readUintLE(data: Uint8Array, offset: number, len: number): number {
	let v = 0;
	for (let i = len - 1; i >= 0; i--) v = v * 256 + data[offset + i];
	return v;
}

/** Authority index and claim kind of the PoC pre-runtime digest among `logs`, if any. */
function pocPreDigest(logs: Iterable<DigestItem>): { index: number; kind: ClaimKind } | null {
	for (const log of logs) {
		if (!log.isPreRuntime) continue;
		const [engine, bytes] = log.asPreRuntime;
		if (engine.toHex() !== POC_ENGINE_HEX) continue;
		const data = bytes.toU8a(true);
		if (data.length !== POC_PRE_DIGEST_LEN) return null;
		const kindByte = data[12];
		const kind = kindByte === 0 ? 'Primary' : kindByte === 1 ? 'Fallback' : null;
		if (!kind) return null;
		return { index: readUintLE(data, 0, 4), kind };
	}
	return null;
}

/** The accounts of a decoded `Poc.Authorities` value (a vector of `(account, key)` tuples). */
function authorityAccounts(value: Codec | undefined): string[] {
	if (!value || !Array.isArray(value)) return [];
	return (value as unknown[]).map((entry) => (Array.isArray(entry) && entry.length > 0 ? String(entry[0]) : ''));
}

/** A plain storage value at a block, read raw and decoded with the current registry. */
interface PlainKey {
	key: string;
	type: string;
}

/** The key and value type of the plain storage value `pallet.item`, if the runtime has it. */
function plainKey(api: ApiPromise, pallet: string, item: string): PlainKey | null {
	const query = api.query as unknown as Record<string, Record<string, { key(): string; creator: StorageEntry } | undefined> | undefined>;
	const entry = query[pallet]?.[item];
	if (!entry || !entry.creator.meta.type.isPlain) return null;
	// `key()` is the bare key; `creator()` would prefix it with its SCALE length.
	return { key: entry.key(), type: api.registry.createLookupType(entry.creator.meta.type.asPlain) };
}

/** Everything the page needs of the block `hash`. */
async function fetchBlock(api: ApiPromise, hash: string): Promise<BlockInfo> {
	// Raw calls: the decorated `getBlock` and `queryStorageAt` would each first fetch the block's
	// header and runtime version to pick a registry, and the extrinsics need no decoding to be
	// counted. The two storage values keep their types across runtime versions.
	const keys = [plainKey(api, 'timestamp', 'now'), plainKey(api, 'poc', 'authorities')];
	const [raw, changes] = await Promise.all([
		api.rpc.chain.getBlock.raw<unknown>(hash),
		api.rpc.state.queryStorageAt.raw<unknown>(keys.filter((k): k is PlainKey => k !== null).map((k) => k.key), hash),
	]);
	const block = isObject(raw) && isObject(raw.block) ? raw.block : null;
	const header = block && isObject(block.header) ? block.header : null;
	if (!block || !header) throw new Error(`chain_getBlock ${hash}: no block`);
	const digest = isObject(header.digest) && Array.isArray(header.digest.logs) ? header.digest.logs : [];
	const pre = pocPreDigest(digest.filter((l): l is string => typeof l === 'string').map((l) => api.registry.createType('DigestItem', l)));
	const number = typeof header.number === 'string' || typeof header.number === 'number' ? Number(header.number) : NaN;
	// [{ block, changes: [[key, value | null], ...] }]
	const set = Array.isArray(changes) && isObject(changes[0]) && Array.isArray(changes[0].changes) ? changes[0].changes : [];
	const values = keys.map((k) => {
		const found = set.find((c): c is [string, string] => Array.isArray(c) && c[0] === k?.key && typeof c[1] === 'string');
		return k && found ? api.registry.createTypeUnsafe(k.type, [hexToU8a(found[1])]) : undefined;
	});
	const ts = values[0];
	return {
		number,
		hash,
		parentHash: strField(header, 'parentHash') ?? '',
		authorIndex: pre ? pre.index : null,
		kind: pre ? pre.kind : null,
		extrinsics: Array.isArray(block.extrinsics) ? block.extrinsics.length : 0,
		timestamp: ts ? Number(ts.toString()) || 0 : 0,
		authorities: authorityAccounts(values[1]),
	};
}

async function fetchBlockAt(api: ApiPromise, n: number): Promise<BlockInfo> {
	const hash = (await api.rpc.chain.getBlockHash(n)).toHex();
	return fetchBlock(api, hash);
}

/** Run `job` over `items` in parallel chunks of `size`. */
async function chunked<T, R>(items: T[], size: number, job: (item: T) => Promise<R>, alive: () => boolean): Promise<R[]> {
	const out: R[] = [];
	for (let i = 0; i < items.length && alive(); i += size) {
		out.push(...(await Promise.all(items.slice(i, i + size).map(job))));
	}
	return out;
}

// ---------------------------------------------------------------------------------------------
// Names of well-known accounts

// ---------------------------------------------------------------------------------------------
// The page

function fmtSeconds(ms: number): string {
	return `${(ms / 1000).toFixed(2)} s`;
}

function pct(x: number): string {
	return Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : '–';
}

/** `num / den` of two bigints as a float. */
function ratio(num: bigint, den: bigint): number {
	if (den === 0n) return NaN;
	return Number((num * 1_000_000n) / den) / 1_000_000;
}

const page: Page = {
	title: 'Chain',
	mount(ctx: Ctx, root: HTMLElement) {
		const { api } = ctx;
		let alive = true;
		const isAlive = () => alive;

		const names = devNames(api.registry.chainSS58 ?? 42);
		const nameOf = (address: string) => names.get(address);

		/** Blocks by number: the window and the one before it. */
		const blocks = new Map<number, BlockInfo>();
		/** Difficulty `c` by block number. */
		const difficulty = new Map<number, number>();
		let status: PocStatus | null = null;
		let bestHeld = -1;
		let loaded = false;

		// Skeleton.
		const bestEl = h('div', { style: 'font-size:2.2rem;font-weight:600;font-variant-numeric:tabular-nums' }, '–');
		const finEl = h('div', { style: 'font-size:2.2rem;font-weight:600;font-variant-numeric:tabular-nums' }, '–');
		const heights = h(
			'section',
			{ id: 'chain-heights' },
			h('h2', {}, 'Heights'),
			h('div', { class: 'row', style: 'gap:3rem' }, h('div', {}, h('div', { class: 'muted' }, 'best'), bestEl), h('div', {}, h('div', { class: 'muted' }, 'finalized'), finEl)),
		);
		const recentBody = h('div', {}, h('p', { class: 'muted' }, 'loading blocks…'));
		const recent = h('section', { id: 'recent-blocks' }, h('h2', {}, `Recent blocks`), recentBody);
		const timeBody = h('div', {}, h('p', { class: 'muted' }, 'loading timestamps…'));
		const timePlot = h('section', { id: 'block-time-plot' }, h('h2', {}, `Block time, last ${WINDOW} blocks`), timeBody);
		const authBody = h('div', {}, h('p', { class: 'muted' }, 'loading PoC status…'));
		const auth = h('section', { id: 'poc-authorities' }, h('h2', {}, 'PoC authorities'), authBody);
		const diffBody = h('div', {}, h('p', { class: 'muted' }, 'loading difficulty…'));
		const diffPlot = h('section', { id: 'difficulty-plot' }, h('h2', {}, 'Difficulty c'), diffBody);
		const errorEl = h('p', { class: 'error' });
		errorEl.hidden = true;
		root.append(errorEl, heights, recent, timePlot, auth, diffPlot);

		const showError = (what: string, err: unknown) => {
			if (!alive) return;
			errorEl.hidden = false;
			errorEl.textContent = `${what}: ${err instanceof Error ? err.message : String(err)}`;
		};
		const clearError = () => {
			errorEl.hidden = true;
			errorEl.textContent = '';
		};

		/** The author of block `b`: its account (from the parent's authority set) and index. */
		const authorOf = (b: BlockInfo): { account: string | null; index: number } | null => {
			if (b.authorIndex === null) return null;
			const set = blocks.get(b.number - 1)?.authorities ?? status?.authorities.map((a) => a.account) ?? [];
			return { account: set[b.authorIndex] || null, index: b.authorIndex };
		};

		/** Held block numbers of the plotted window, ascending. */
		const windowNumbers = (): number[] =>
			[...blocks.keys()].filter((n) => n > bestHeld - WINDOW && n <= bestHeld).sort((a, b) => a - b);

		/** Gap to the previous block in ms, when both timestamps are known (genesis has none). */
		const gapOf = (n: number): number | null => {
			const b = blocks.get(n);
			const p = blocks.get(n - 1);
			if (!b || !p || !b.timestamp || !p.timestamp) return null;
			return b.timestamp - p.timestamp;
		};

		const renderRecent = () => {
			const rows = windowNumbers()
				.slice(-RECENT)
				.reverse()
				.map((n) => {
					const b = blocks.get(n) as BlockInfo;
					const author = authorOf(b);
					const gap = gapOf(n);
					let authorCell: Node | string = '–';
					if (author) {
						const label = author.account ? (nameOf(author.account) ?? short(author.account, 6)) : 'unknown authority';
						authorCell = h('span', { title: author.account ?? '' }, `${label} `, h('span', { class: 'muted' }, `#${author.index}`));
					}
					return [
						String(n),
						h('span', { class: 'mono', title: b.hash }, short(b.hash)),
						authorCell,
						b.kind ?? '–',
						String(b.extrinsics),
						gap === null ? '–' : fmtSeconds(gap),
					];
				});
			recentBody.replaceChildren(
				rows.length
					? table(['block', 'hash', 'author (index)', 'claim', 'extrinsics', 'since previous'], rows)
					: h('p', { class: 'muted' }, 'no blocks yet'),
			);
		};

		const renderBlockTime = () => {
			const points: [number, number][] = [];
			for (const n of windowNumbers()) {
				const gap = gapOf(n);
				if (gap !== null) points.push([n, gap / 1000]);
			}
			const target = status?.targetBlockTimeMs ?? null;
			const series = [{ name: 'block gap (s)', points }];
			if (target !== null && points.length) {
				series.push({
					name: `target ${fmtSeconds(target)}`,
					points: [
						[points[0][0], target / 1000],
						[points[points.length - 1][0], target / 1000],
					],
				});
			}
			const mean = points.length ? points.reduce((s, p) => s + p[1], 0) / points.length : NaN;
			const caption = h(
				'p',
				{},
				`mean over ${points.length} gaps: `,
				h('strong', { 'data-mean-seconds': Number.isFinite(mean) ? mean.toFixed(3) : '' }, Number.isFinite(mean) ? `${mean.toFixed(2)} s` : '–'),
				' · target: ',
				h('strong', {}, target !== null ? fmtSeconds(target) : 'unknown (poc_status has no targetBlockTimeMs)'),
				status ? h('span', { class: 'muted' }, ` · runtime's mean over its ${status.windowLen}-block retarget window (slot gaps): ${fmtSeconds(status.meanBlockTimeMs)}`) : '',
			);
			timeBody.replaceChildren(caption, linePlot(series, { xLabel: 'block', yLabel: 'seconds', yMin: 0 }));
		};

		const renderAuthorities = () => {
			if (!status) return;
			const held = windowNumbers();
			const wins = new Map<string, number>();
			let counted = 0;
			for (const n of held) {
				const author = authorOf(blocks.get(n) as BlockInfo);
				if (!author) continue;
				counted++;
				const key = author.account ?? `#${author.index}`;
				wins.set(key, (wins.get(key) ?? 0) + 1);
			}
			const total = status.authorities.reduce((s, a) => s + a.weight, 0n);
			const floor = status.weightFloor;
			const cap = status.weightCap;
			const rows = status.authorities.map((a, i) => {
				const won = wins.get(a.account) ?? 0;
				// Which bound shaped the weight: the floor raised it, the cap lowered it.
				const floored = floor !== null ? (a.score > floor ? a.score : floor) : a.score;
				// A suspended authority (isolated from the entropy beacon) weighs exactly 1.
				const bound =
					a.weight === 1n && floored > 1n ? 'suspended' : a.weight < floored ? 'capped' : floor !== null && a.score < floor ? 'floored' : '–';
				return [
					String(i),
					h('span', { title: a.account }, nameOf(a.account) ?? short(a.account, 6)),
					h('span', { class: 'mono', title: a.authority }, short(a.authority, 6)),
					a.score.toLocaleString('en-US'),
					a.weight.toLocaleString('en-US'),
					bound,
					pct(ratio(a.weight, total)),
					`${pct(counted ? won / counted : NaN)} (${won}/${counted})`,
				];
			});
			const caption = h(
				'p',
				{},
				'weight = min(max(score, floor), cap × Σ max(score, floor)); a suspended authority weighs 1. floor: ',
				h('strong', { 'data-weight-floor': floor?.toString() ?? '' }, floor !== null ? floor.toLocaleString('en-US') : 'unknown'),
				' · cap: ',
				h('strong', { 'data-weight-cap': cap !== null ? String(cap) : '' }, cap !== null ? pct(cap) : 'unknown'),
				h('span', { class: 'muted' }, ` · total weight ${total.toLocaleString('en-US')} · at block #${status.bestNumber}${status.epochIndex !== null ? `, epoch ${status.epochIndex}` : ''}`),
			);
			const unknown = [...wins.entries()].filter(([k]) => !status?.authorities.some((a) => a.account === k));
			const note = unknown.length
				? h('p', { class: 'muted' }, `also authored blocks here (no longer in the set): ${unknown.map(([k, v]) => `${nameOf(k) ?? short(k, 6)} ${v}`).join(', ')}`)
				: '';
			authBody.replaceChildren(
				caption,
				status.authorities.length
					? table(['index', 'account', 'PoC key', 'score', 'weight', 'bound', 'expected share', `actual share (last ${counted} blocks)`], rows)
					: h('p', { class: 'muted' }, 'no authorities'),
				note,
			);
		};

		const renderDifficulty = () => {
			const points = [...difficulty.entries()].filter(([n]) => n > bestHeld - WINDOW).sort((a, b) => a[0] - b[0]);
			const latest = points.length ? points[points.length - 1][1] : NaN;
			const caption = h(
				'p',
				{},
				'c after the block (the probability that some authority wins the next slot): ',
				h('strong', {}, Number.isFinite(latest) ? latest.toFixed(6) : '–'),
				h('span', { class: 'muted' }, ` · ${points.length} samples`),
			);
			diffBody.replaceChildren(caption, linePlot([{ name: 'difficulty c', points }], { xLabel: 'block', yLabel: 'c' }));
		};

		const renderAll = () => {
			if (!alive) return;
			renderRecent();
			renderBlockTime();
			renderAuthorities();
			renderDifficulty();
		};

		/** Drop what fell out of the window. */
		const prune = () => {
			for (const n of blocks.keys()) if (n < bestHeld - WINDOW || n > bestHeld) blocks.delete(n);
			for (const n of difficulty.keys()) if (n <= bestHeld - WINDOW || n > bestHeld) difficulty.delete(n);
		};

		/** Initial load: the last WINDOW blocks plus the one before, and ~20 difficulty samples. */
		const load = async () => {
			const head = await api.rpc.chain.getHeader();
			const best = head.number.toNumber();
			status = await pocStatus(api, head.hash.toHex());
			const first = Math.max(0, best - WINDOW);
			const numbers: number[] = [];
			for (let n = first; n <= best; n++) numbers.push(n);
			const fetched = await chunked(numbers, CHUNK, (n) => fetchBlockAt(api, n), isAlive);
			if (!alive) return;
			for (const b of fetched) blocks.set(b.number, b);
			bestHeld = best;
			const lo = Math.max(1, best - WINDOW + 1);
			const samples = new Set<number>();
			if (best >= lo) {
				const steps = Math.min(DIFFICULTY_SAMPLES, best - lo + 1);
				for (let i = 0; i < steps; i++) samples.add(steps === 1 ? best : Math.round(lo + ((best - lo) * i) / (steps - 1)));
			}
			const sampled = await chunked(
				[...samples],
				CHUNK,
				async (n) => {
					const hash = blocks.get(n)?.hash;
					return [n, hash ? (await pocStatus(api, hash)).difficulty : NaN] as [number, number];
				},
				isAlive,
			);
			for (const [n, c] of sampled) if (Number.isFinite(c)) difficulty.set(n, c);
			loaded = true;
		};

		/** Bring the window up to the best block: walk back from it until a held hash matches. */
		const update = async () => {
			const best = (await api.rpc.chain.getHeader()).number.toNumber();
			let hash: string = (await api.rpc.chain.getBlockHash(best)).toHex();
			let n = best;
			const fresh: BlockInfo[] = [];
			while (n >= Math.max(0, best - WINDOW) && blocks.get(n)?.hash !== hash && alive) {
				const b = await fetchBlock(api, hash);
				fresh.push(b);
				hash = b.parentHash;
				n--;
			}
			if (!alive) return;
			for (const b of fresh) {
				blocks.set(b.number, b);
				difficulty.delete(b.number);
			}
			if (!fresh.length && best === bestHeld) return;
			bestHeld = best;
			// The status at the best block feeds the authority table; the difficulty of every
			// new block (at most the newest few, after a long absence) is appended to its plot.
			const newest = fresh.slice(0, 5);
			const statuses = await Promise.all(newest.map((b) => pocStatus(api, b.hash)));
			if (!alive) return;
			newest.forEach((b, i) => {
				if (Number.isFinite(statuses[i].difficulty)) difficulty.set(b.number, statuses[i].difficulty);
			});
			status = statuses[0] && newest[0].number === best ? statuses[0] : await pocStatus(api, blocks.get(best)?.hash);
			prune();
		};

		// One update at a time; heads arriving meanwhile make one more run afterwards.
		let lastBest = -1;
		const run = coalesce(
			async () => {
				if (!alive) return;
				if (!loaded) await load();
				else await update();
				clearError();
				renderAll();
			},
			(err) => showError('could not read the chain', err),
		);

		const onHeads = (heads: Heads) => {
			bestEl.textContent = `#${heads.best.toLocaleString('en-US')}`;
			finEl.textContent = `#${heads.finalized.toLocaleString('en-US')}`;
			heights.dataset.best = String(heads.best);
			heights.dataset.finalized = String(heads.finalized);
			if (heads.best !== lastBest) {
				lastBest = heads.best;
				void run();
			}
		};
		const unsubscribe = ctx.onHeads(onHeads);

		return () => {
			alive = false;
			unsubscribe();
		};
	},
};

export default page;
