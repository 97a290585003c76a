// The Entropy page: the on-chain TSU randomness beacon and this node's own TSU.
//
// Where each figure comes from (all refreshed once per new best block):
// - the beacon (`#beacon`): `entropy_beacon(at)` (`BeaconResponse` in node/src/rpc.rs) gives the
//   round in progress, the round length, and the latest finished round with its output and its
//   number of reveals ("contributors"). The phase (commit in the first half of a round, reveal in
//   the second: docs/entropy.md) is computed from the block number and the round length. The
//   block the latest output was computed in comes from the pallet's `Entropy.Latest` storage;
//   the table of recent rounds from `Entropy.Outputs` (the last `HistoryDepth` outputs with
//   their number of reveals), read only when a new round has finished. A round `r` covers blocks
//   `[r·L, (r+1)·L)` and its output is computed in the first block of round `r + 1`;
// - health per authority (`#authorities-health`): strikes and isolation from `entropy_beacon`,
//   the limits `MaxStrikes` and `RecoveryRounds` from the runtime constants, clean rounds
//   towards recovery from `Entropy.Standing`, and this round's progress (commitment, reveal,
//   reported health failure) from `Entropy.Commitments`, `Entropy.Reveals` and
//   `Entropy.HealthReports`, all read at the same block as the beacon;
// - this node's TSU (`#tsu-health`): `tsu_health` (`HealthStatus` in node/tsu/src/status.rs):
//   backend, state (`"healthy"` or `{ failed: { reason } }`), bytes produced, health failures,
//   the most-common-value min-entropy estimate beside the claimed min-entropy, and the health
//   tests' cutoffs. It is the TSU of the node the console is connected to, not the chain's.

import type { ApiPromise } from '@polkadot/api';
import type { Codec } from '@polkadot/types/types';
import { devNames } from '../accounts';
import type { Ctx, Heads, Page } from '../context';
import { h, kv, short, table } from '../format';
import { isObject, numField, rpcMethod, strField, type JsonObject } from '../json';

/** Rows of the recent-rounds table. */
const RECENT_ROUNDS = 10;

/** One authority of `entropy_beacon`. */
interface BeaconAuthority {
	account: string;
	key: string;
	strikes: number;
	isolated: boolean;
}

/** `entropy_beacon` (see `BeaconResponse` in node/src/rpc.rs). */
interface Beacon {
	atNumber: number;
	round: number;
	roundLength: number;
	latestRound: number | null;
	latestOutput: string | null;
	latestContributors: number | null;
	authorities: BeaconAuthority[];
}

/** `tsu_health` (see `HealthStatus` in node/tsu/src/status.rs). */
interface TsuHealth {
	backend: string;
	/** null when healthy, the reason when failed. */
	failure: string | null;
	bytesProduced: number | null;
	healthFailures: number | null;
	minEntropyEstimate: number | null;
	claimedMinEntropy: number | null;
	rawSamplesTested: number | null;
	rawBytesPerBlock: number | null;
	limits: JsonObject | null;
}

function parseBeacon(raw: unknown): Beacon {
	if (!isObject(raw)) throw new Error('entropy_beacon: not an object');
	const list = Array.isArray(raw.authorities) ? raw.authorities : [];
	return {
		atNumber: numField(raw, 'atNumber') ?? 0,
		round: numField(raw, 'round') ?? 0,
		roundLength: numField(raw, 'roundLength') ?? 0,
		latestRound: numField(raw, 'latestRound'),
		latestOutput: strField(raw, 'latestOutput'),
		latestContributors: numField(raw, 'latestContributors'),
		authorities: list.filter(isObject).map((a) => ({
			account: strField(a, 'account') ?? '',
			key: strField(a, 'key') ?? '',
			strikes: numField(a, 'strikes') ?? 0,
			isolated: a.isolated === true,
		})),
	};
}

function parseTsu(raw: unknown): TsuHealth {
	if (!isObject(raw)) throw new Error('tsu_health: not an object');
	const state = raw.state;
	let failure: string | null = null;
	if (state !== 'healthy') {
		const failed = isObject(state) && isObject(state.failed) ? state.failed : null;
		failure = (failed && strField(failed, 'reason')) || JSON.stringify(state);
	}
	return {
		backend: strField(raw, 'backend') ?? '?',
		failure,
		bytesProduced: numField(raw, 'bytesProduced'),
		healthFailures: numField(raw, 'healthFailures'),
		minEntropyEstimate: numField(raw, 'minEntropyEstimate'),
		claimedMinEntropy: numField(raw, 'claimedMinEntropy'),
		rawSamplesTested: numField(raw, 'rawSamplesTested'),
		rawBytesPerBlock: numField(raw, 'rawBytesPerBlock'),
		limits: isObject(raw.limits) ? raw.limits : null,
	};
}

/** A storage entry of a pallet the augmented types do not know (`entropy.*`). */
interface Entry {
	(...args: unknown[]): Promise<Codec>;
	entries(...args: unknown[]): Promise<[{ args: Codec[] }, Codec][]>;
}

function storage(query: unknown, pallet: string, item: string): Entry | null {
	const q = query as Record<string, Record<string, Entry | undefined> | undefined>;
	return q[pallet]?.[item] ?? null;
}

/** A `u32` runtime constant of `pallet`, if the metadata has it. */
function constant(api: ApiPromise, pallet: string, name: string): number | null {
	const consts = api.consts as unknown as Record<string, Record<string, Codec | undefined> | undefined>;
	const c = consts[pallet]?.[name];
	if (!c) return null;
	const n = Number(c.toString());
	return Number.isFinite(n) ? n : null;
}


/** What the pallet's storage adds to the beacon RPC, at one block. */
interface RoundState {
	/** Block the latest output was computed in (`Entropy.Latest`). */
	latestAt: number | null;
	committed: Set<number>;
	revealed: Set<number>;
	reported: Map<number, string>;
	/** Clean rounds of accounts with a `Standing` entry. */
	cleanRounds: Map<string, number>;
}

/** A finished round of `Entropy.Outputs`. */
interface OutputRow {
	round: number;
	output: string;
	contributors: number;
}

function indexSet(entries: [{ args: Codec[] }, Codec][]): Set<number> {
	return new Set(entries.map(([key]) => Number(key.args[1]?.toString())).filter((n) => Number.isFinite(n)));
}

/** The API at block `hash`: the best block, so the runtime version is the current one. */
type ApiAt = Awaited<ReturnType<ApiPromise['at']>>;

async function readRoundState(at: ApiAt, round: number): Promise<RoundState> {
	const q = at.query;
	const latest = storage(q, 'entropy', 'latest');
	const commitments = storage(q, 'entropy', 'commitments');
	const reveals = storage(q, 'entropy', 'reveals');
	const reports = storage(q, 'entropy', 'healthReports');
	const standing = storage(q, 'entropy', 'standing');
	const [latestV, c, r, hr, st] = await Promise.all([
		latest ? latest() : Promise.resolve(null),
		commitments ? commitments.entries(round) : Promise.resolve([]),
		reveals ? reveals.entries(round) : Promise.resolve([]),
		reports ? reports.entries(round) : Promise.resolve([]),
		standing ? standing.entries() : Promise.resolve([]),
	]);
	// Latest: Option<(round, output, contributors, block)>.
	const latestJson = latestV ? latestV.toJSON() : null;
	const latestAt = Array.isArray(latestJson) && typeof latestJson[3] === 'number' ? latestJson[3] : null;
	const reported = new Map<number, string>();
	for (const [key, value] of hr) {
		const n = Number(key.args[1]?.toString());
		if (Number.isFinite(n)) reported.set(n, value.toString());
	}
	const cleanRounds = new Map<string, number>();
	for (const [key, value] of st) {
		const who = key.args[0]?.toString();
		const json = value.toJSON();
		if (who && isObject(json)) cleanRounds.set(who, numField(json, 'cleanRounds') ?? 0);
	}
	return { latestAt, committed: indexSet(c), revealed: indexSet(r), reported, cleanRounds };
}

async function readOutputs(at: ApiAt): Promise<OutputRow[] | null> {
	const outputs = storage(at.query, 'entropy', 'outputs');
	if (!outputs) return null;
	const rows: OutputRow[] = [];
	for (const [key, value] of await outputs.entries()) {
		// Option<([u8; 32], u32)>
		const json = value.toJSON();
		const round = Number(key.args[0]?.toString());
		if (!Array.isArray(json) || !Number.isFinite(round)) continue;
		rows.push({ round, output: String(json[0]), contributors: Number(json[1]) });
	}
	return rows.sort((a, b) => b.round - a.round);
}

function fmtInt(n: number | null): string {
	return n === null ? '–' : n.toLocaleString('en-US');
}

function fmtBytes(n: number | null): string {
	if (n === null) return '–';
	const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
	let v = n;
	let u = 0;
	while (v >= 1024 && u < units.length - 1) {
		v /= 1024;
		u++;
	}
	return `${n.toLocaleString('en-US')} B${u ? ` (${v.toFixed(1)} ${units[u]})` : ''}`;
}

const page: Page = {
	title: 'Entropy',
	mount(ctx: Ctx, root: HTMLElement) {
		const { api } = ctx;
		let alive = true;
		const names = devNames(api.registry.chainSS58 ?? 42);
		const label = (address: string) => names.get(address) ?? short(address, 6);
		const maxStrikes = constant(api, 'entropy', 'maxStrikes');
		const recoveryRounds = constant(api, 'entropy', 'recoveryRounds');
		const historyDepth = constant(api, 'entropy', 'historyDepth');

		const beaconBody = h('div', {}, h('p', { class: 'muted' }, 'loading the beacon…'));
		const beaconSec = h('section', { id: 'beacon' }, h('h2', {}, 'Beacon'), beaconBody);
		const roundsBody = h('div', {}, h('p', { class: 'muted' }, 'loading recent rounds…'));
		const roundsSec = h('section', { id: 'beacon-rounds' }, h('h2', {}, 'Recent rounds'), roundsBody);
		const healthBody = h('div', {}, h('p', { class: 'muted' }, 'loading authorities…'));
		const healthSec = h('section', { id: 'authorities-health' }, h('h2', {}, 'Authority health'), healthBody);
		const tsuBody = h('div', {}, h('p', { class: 'muted' }, 'loading the TSU…'));
		const tsuSec = h('section', { id: 'tsu-health' }, h('h2', {}, "This node's TSU"), tsuBody);
		root.append(beaconSec, roundsSec, healthSec, tsuSec);

		const errorText = (what: string, err: unknown) => h('p', { class: 'error' }, `${what}: ${err instanceof Error ? err.message : String(err)}`);

		let outputs: OutputRow[] | null = null;
		let outputsRound: number | null | undefined;
		let roundLength = 0;

		const renderBeacon = (b: Beacon, s: RoundState | null) => {
			const pos = b.roundLength ? b.atNumber - b.round * b.roundLength : 0;
			const phase = b.roundLength ? (pos < b.roundLength / 2 ? 'commit' : 'reveal') : '?';
			beaconSec.dataset.round = String(b.round);
			beaconSec.dataset.latestRound = b.latestRound === null ? '' : String(b.latestRound);
			beaconBody.replaceChildren(
				kv([
					['current round', h('strong', { 'data-field': 'round' }, String(b.round))],
					[
						'phase',
						`${phase} phase · block ${pos + 1} of ${b.roundLength} (round blocks #${b.round * b.roundLength}–#${(b.round + 1) * b.roundLength - 1}; commits in the first half, reveals in the second)`,
					],
					['latest finished round', b.latestRound === null ? 'none yet' : String(b.latestRound)],
					['latest output', b.latestOutput ? h('span', { class: 'mono', 'data-field': 'latest-output' }, b.latestOutput) : h('span', { class: 'muted' }, 'none yet')],
					[
						'reveals mixed in',
						b.latestContributors === null
							? '–'
							: h('span', { 'data-field': 'contributors' }, `${b.latestContributors} of ${b.authorities.length} authorities`),
					],
					['computed in block', s?.latestAt !== null && s?.latestAt !== undefined ? `#${s.latestAt}` : '–'],
					['read at block', `#${b.atNumber}`],
				]),
			);
		};

		const renderRounds = () => {
			if (outputs === null) {
				roundsBody.replaceChildren(h('p', { class: 'muted' }, 'the runtime has no Entropy.Outputs storage'));
				return;
			}
			const rows = outputs.slice(0, RECENT_ROUNDS).map((o) => [
				String(o.round),
				roundLength ? `#${o.round * roundLength}–#${(o.round + 1) * roundLength - 1}` : '–',
				roundLength ? `#${(o.round + 1) * roundLength}` : '–',
				h('span', { class: 'mono', title: o.output }, short(o.output, 10)),
				String(o.contributors),
			]);
			roundsBody.replaceChildren(
				h('p', { class: 'muted' }, `from Entropy.Outputs: ${outputs.length} outputs on chain${historyDepth !== null ? ` (at most ${historyDepth})` : ''}; the newest ${Math.min(RECENT_ROUNDS, outputs.length)}:`),
				rows.length
					? table(['round', 'blocks', 'computed in', 'output', 'reveals'], rows)
					: h('p', { class: 'muted' }, 'no round has finished yet'),
			);
		};

		const renderHealth = (b: Beacon, s: RoundState | null) => {
			const pos = b.roundLength ? b.atNumber - b.round * b.roundLength : 0;
			const revealPhase = b.roundLength > 0 && pos >= b.roundLength / 2;
			const rows = b.authorities.map((a, i) => {
				const clean = s?.cleanRounds.get(a.account);
				const report = s?.reported.get(i);
				const committed = s ? s.committed.has(i) : null;
				const revealed = s ? s.revealed.has(i) : null;
				return [
					String(i),
					h('span', { title: a.account }, label(a.account)),
					h('span', { class: 'mono', title: a.key }, short(a.key, 6)),
					h('span', { 'data-strikes': String(a.strikes) }, maxStrikes !== null ? `${a.strikes} / ${maxStrikes}` : String(a.strikes)),
					a.isolated
						? h('span', { class: 'state now', 'data-isolated': 'true' }, 'isolated')
						: h('span', { class: 'state done', 'data-isolated': 'false' }, 'active'),
					a.isolated ? `${clean ?? 0}${recoveryRounds !== null ? ` / ${recoveryRounds}` : ''}` : '–',
					committed === null ? '?' : committed ? 'yes' : 'no',
					revealed === null ? '?' : revealed ? 'yes' : revealPhase ? 'not yet' : '–',
					report ? h('span', { class: 'error' }, report) : '–',
				];
			});
			healthBody.replaceChildren(
				h(
					'p',
					{ class: 'muted' },
					`strikes count consecutive bad rounds (no reveal, or a reported TSU health failure); ${maxStrikes ?? '?'} isolate an authority, ${recoveryRounds ?? '?'} clean rounds in a row restore it. Round ${b.round}:`,
				),
				rows.length
					? table(['index', 'account', 'entropy key', 'strikes', 'status', 'clean rounds (recovery)', 'committed', 'revealed', 'health failure reported'], rows)
					: h('p', { class: 'muted' }, 'no beacon authorities'),
			);
		};

		const renderTsu = (t: TsuHealth) => {
			tsuSec.dataset.state = t.failure === null ? 'healthy' : 'failed';
			const limits = t.limits;
			const lim = (k: string) => (limits ? fmtInt(numField(limits, k)) : '–');
			tsuBody.replaceChildren(
				kv([
					['backend', h('span', { class: 'mono' }, t.backend)],
					[
						'health',
						t.failure === null
							? h('span', { class: 'state done', 'data-field': 'state' }, 'healthy')
							: h('span', { 'data-field': 'state' }, h('span', { class: 'state now' }, 'failed'), h('span', { class: 'error' }, ` ${t.failure}`)),
					],
					['bytes produced', fmtBytes(t.bytesProduced)],
					['health failures', fmtInt(t.healthFailures)],
					[
						'min-entropy estimate (MCV, SP 800-90B §6.3.1)',
						`${t.minEntropyEstimate !== null ? t.minEntropyEstimate.toFixed(4) : '–'} bits/sample (claimed ${t.claimedMinEntropy ?? '–'})`,
					],
					['raw samples tested', fmtInt(t.rawSamplesTested)],
					['raw bytes per 32-byte output', fmtInt(t.rawBytesPerBlock)],
					[
						'health-test cutoffs',
						limits
							? `${strField(limits, 'format') ?? '?'} samples · repetition ${lim('rctCutoff')} · adaptive proportion ${lim('aptCutoff')} in ${lim('aptWindow')} · periodicity ${lim('periodicityCutoff')} in ${lim('periodicityWindow')} · start-up ${lim('startupSamples')} samples`
							: '–',
					],
				]),
			);
		};

		/** One refresh: everything read at the same best block. */
		const refresh = async (best: number) => {
			const hash = (await api.rpc.chain.getBlockHash(best)).toHex();
			const [beaconR, tsuR] = await Promise.allSettled([rpcMethod(api, 'entropy', 'beacon')(hash), rpcMethod(api, 'tsu', 'health')()]);
			if (!alive) return;
			if (tsuR.status === 'fulfilled') {
				try {
					renderTsu(parseTsu(tsuR.value.toJSON()));
				} catch (err) {
					tsuBody.replaceChildren(errorText('tsu_health', err));
				}
			} else {
				tsuBody.replaceChildren(errorText('tsu_health', tsuR.reason));
			}
			if (beaconR.status === 'rejected') {
				beaconBody.replaceChildren(errorText('entropy_beacon', beaconR.reason));
				return;
			}
			const beacon = parseBeacon(beaconR.value.toJSON());
			roundLength = beacon.roundLength;
			// Storage at the same block. Passing the known runtime version saves the header and
			// runtime-version requests `api.at` would otherwise make for every block.
			const at = await api.at(hash, api.runtimeVersion);
			let state: RoundState | null = null;
			let stateError: unknown = null;
			try {
				state = await readRoundState(at, beacon.round);
			} catch (err) {
				stateError = err;
			}
			// Outputs change only when a round finishes: re-read them then.
			let outputsError: unknown = null;
			if (outputsRound !== beacon.latestRound) {
				try {
					outputs = await readOutputs(at);
					outputsRound = beacon.latestRound;
				} catch (err) {
					outputsError = err;
				}
			}
			if (!alive) return;
			renderBeacon(beacon, state);
			renderHealth(beacon, state);
			if (stateError) healthBody.append(errorText('round storage', stateError));
			if (outputsError) roundsBody.replaceChildren(errorText('Entropy.Outputs', outputsError));
			else renderRounds();
		};

		// One refresh at a time; heads arriving meanwhile make one more run afterwards.
		let running = false;
		let due: number | null = null;
		let lastBest = -1;
		const run = async (best: number) => {
			if (running) {
				due = best;
				return;
			}
			running = true;
			let next: number | null = best;
			try {
				while (next !== null && alive) {
					due = null;
					try {
						await refresh(next);
					} catch (err) {
						if (alive) beaconBody.replaceChildren(errorText('could not read the beacon', err));
					}
					next = due;
				}
			} finally {
				running = false;
			}
		};

		const unsubscribe = ctx.onHeads((heads: Heads) => {
			if (heads.best === lastBest) return;
			lastBest = heads.best;
			void run(heads.best);
		});

		return () => {
			alive = false;
			unsubscribe();
		};
	},
};

export default page;
