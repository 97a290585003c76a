// The Games page: the game ledger (pallet-games, issue 7; docs/console.md) and CHIP-8 sessions
// replayed in the browser with the same core the executors run.
//
// What it shows and where each figure comes from:
// - Games (`#games-list`): storage `games.games` (owner, rules program, move key, params, open
//   sessions); a game with a move key is proved, one without is optimistic (a move stands unless
//   challenged within `consts.games.challengeWindow` blocks). `params.initialHash` is shown and
//   used as the default initial hash when the runtime's `GameParams` has that field.
// - Sessions (`#sessions-list`): storage `games.sessions` (players in seat order, stake, status,
//   move count, head of the hash chain). Seat `moves % seats` moves next, before block
//   `lastMoveAt + consts.games.moveTimeout`.
// - A session's state-hash chain (`#session-chain`): the `games.MoveMade` events of that session
//   (and `StateLoaded`, which rewinds it to a save), from the events of the last `SCAN_BLOCKS`
//   blocks. The page reads `system.events` of each block raw (`state_getStorage` at the block's
//   hash) and decodes it with the current metadata; blocks are read newest first in parallel
//   chunks of `CHUNK`, then each new best block as it comes, and kept by block hash for the
//   whole console session. Each move's previous hash must be the new hash of the move before it
//   (the first move's, the session's initial hash; after a load, the save's hash) and the last
//   one must end at the head: "intact", or "broken at #k". Pending optimistic moves and their
//   challenge deadline are storage `games.pendingMoves`; a challenge under way `games.challenges`;
//   saves `games.sessionSaves` and `games.saves`.
// - Ended sessions (`#ended-sessions`): the `games.SessionEnded` events seen in the same blocks
//   (a session that ended is removed from storage; the event keeps its result and payouts).
// - More of the ledger (`#games-more`): any other storage item of the pallet (matchmaking,
//   tournaments, ratings... as the runtime gains them), read generically, at most `MORE_ROWS`
//   entries each.
// - Actions (`#games-actions`), signed by the account chosen in the header: `games.createSession`,
//   `games.join`, `games.makeMove`, and leave / resign / claim timeout / finalize for a session.
//   Arguments are passed by name from the call's metadata, so a reordered call still gets them
//   right; a refusal shows the chain's error and its docs.
// - CHIP-8 replay (`#chip8`): `chip8-web.wasm` (the aether-emulator core built for the browser,
//   console/src/chip8.ts) replays a `chip8` command's input on a 64 × 32 canvas at 60 frames/s.
//   The `chip8` program is found among `commands.programs` by its code hash (SHA-256 of the
//   module), which `wasm.json` gives for programs/out/chip8.wasm (console/build.mjs); the user
//   can pick another program. Its recent commands are the last `RECENT_COMMANDS` ids below
//   `commands.nextCommandId` (`commands.openCommands`, `commands.results`). A plain input is
//   `commands.inputs` while the command is open; once it is closed the input is no longer in
//   storage, so the page finds the `commands.CommandSubmitted` event of the command in the
//   `CommandTimeout` blocks before it closed and reads the input from that extrinsic (or from
//   `commands.inputs` in that block's state). At the end the final state hash and frame count
//   are compared with the settled output (`hash ‖ frames u32 LE`) and its SHA-256 with the
//   settled output hash. A ROM and an input-log file can be replayed too, without the chain.

import type { ApiPromise } from '@polkadot/api';
import type { QueryableStorageEntry, SubmittableExtrinsic, SubmittableExtrinsicFunction } from '@polkadot/api/types';
import type { EventRecord } from '@polkadot/types/interfaces';
import type { Codec } from '@polkadot/types/types';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { devNames } from '../accounts';
import * as chip8 from '../chip8';
import type { Ctx, Page } from '../context';
import { coalesce, formatBalance, h, kv, parseBalance, short, table } from '../format';
import { isObject } from '../json';
import { chainDiagram, type ChainNode } from '../plot';
import { sha256Bytes } from '../seal';

/** Blocks whose events are scanned for moves and ended sessions. */
const SCAN_BLOCKS = 600;
/** Blocks read in parallel while scanning. */
const CHUNK = 20;
/** Commands looked at for the CHIP-8 list (the latest ids). */
const RECENT_COMMANDS = 50;
/** Entries shown of each storage item the page does not know. */
const MORE_ROWS = 20;
/** Blocks of events kept in memory (by hash), across mounts. */
const CACHE_LIMIT = 4_000;
/** Frames per second of the CHIP-8 (its timers tick at 60 Hz). */
const FPS = 60;
/** Pixels per CHIP-8 pixel on the canvas. */
const SCALE = 8;
/** Storage items of pallet-games the page reads itself (and @polkadot/api's `palletVersion`);
 * any other is shown generically. */
const KNOWN_STORAGE = new Set([
	'palletVersion',
	'games',
	'nextGameId',
	'sessions',
	'nextSessionId',
	'pendingMoves',
	'challenges',
	'nextChallengeId',
	'commandChallenges',
	'saves',
	'nextSaveId',
	'sessionSaves',
	'loadProposals',
]);

/** Integers as `toJSON` gives them: a number when it fits, else a hex or decimal string. */
type Int = number | string;

/** `GameInfo` as `toJSON` gives it; `params` may have more fields than these. */
interface GameJson {
	owner: string;
	rulesProgram: Int;
	moveVk: Int | null;
	params: { minSeats: number; maxSeats: number; rulesFuel: Int; initialHash?: string } & Record<string, unknown>;
	deposit: Int;
	openSessions: number;
}

/** `Session` as `toJSON` gives it. */
interface SessionJson {
	game: Int;
	creator: string;
	players: string[];
	seats: number;
	stake: Int;
	deposit: Int;
	status: unknown;
	initialHash: string;
	head: string;
	moves: number;
	lastMoveAt: number;
	challenge: Int | null;
}

/** `PendingMove` as `toJSON` gives it. */
interface PendingJson {
	index: number;
	seat: number;
	prevHash: string;
	moveHash: string;
	newHash: string;
	outcome: unknown;
	deadline: number;
}

/** `Challenge` as `toJSON` gives it. */
interface ChallengeJson {
	session: Int;
	moveIndex: number;
	challenger: string;
	bond: Int;
	command: Int;
}

/** `SaveState` as `toJSON` gives it. */
interface SaveJson {
	session: Int;
	stateHash: string;
	moves: number;
	blob: string;
	savedBy: string;
	savedAt: number;
}

/** `ProgramInfo` of pallet-commands as `toJSON` gives it. */
interface ProgramJson {
	owner: string;
	codeHash: string;
	len: number;
	vk: Int | null;
}

type Exit = 'Ok' | 'OutOfFuel' | 'Trapped' | 'InputUnreadable';

/** A command of pallet-commands, open or closed, as far as the replay needs it. */
interface CommandInfo {
	id: bigint;
	owner: string;
	program: bigint;
	sealed: boolean;
	state: string;
	closed?: { exit: Exit; output: Uint8Array; outputSealed: boolean; outputHash: string; at: number };
}

/** An event of interest, its fields as plain JSON by name. */
interface SeenEvent {
	block: number;
	blockHash: string;
	/** Its index among the block's events. */
	index: number;
	/** The extrinsic that emitted it, if any. */
	extrinsic: number | null;
	section: string;
	method: string;
	fields: Record<string, unknown>;
}

/** What the settled command says a replay must end on. */
type Expected =
	| { kind: 'local' }
	| { kind: 'open' }
	| { kind: 'settled'; exit: Exit; output: Uint8Array; outputSealed: boolean; outputHash: string }
	| { kind: 'timed-out' };

/** A replay under way in the canvas. */
interface Replay {
	label: string;
	core: chip8.Chip8;
	input: Uint8Array;
	total: number | null;
	expected: Expected;
	raf: number;
	last: number;
	acc: number;
	done: boolean;
	/** Set while "jump to end" runs. */
	jumping: boolean;
}

// ---------------------------------------------------------------------------------------------
// Events, kept by block hash for the whole console session (a block's events never change).

const EVENTS = new Map<string, SeenEvent[]>();

const keep = (section: string, method: string) => section === 'games' || (section === 'commands' && method === 'CommandSubmitted');

/** The games events (and `commands.CommandSubmitted`) of block `number` with hash `hash`. */
async function eventsAt(api: ApiPromise, hash: string, number: number): Promise<SeenEvent[]> {
	const cached = EVENTS.get(hash);
	if (cached) return cached;
	const entry = api.query.system.events;
	// Raw, with the current metadata: the decorated `.at(hash)` would first fetch the block's
	// runtime version and metadata.
	const raw = await api.rpc.state.getStorage.raw<string | null>(entry.key(), hash);
	const seen: SeenEvent[] = [];
	if (raw) {
		let records: EventRecord[] = [];
		try {
			const type = api.registry.createLookupType(entry.creator.meta.type.asPlain);
			records = api.registry.createTypeUnsafe(type, [hexToU8a(raw)]) as unknown as EventRecord[];
		} catch (err) {
			// Events of another runtime version: nothing the page can read.
			console.warn(`events of block #${number} do not decode with the current metadata: ${(err as Error).message}`);
		}
		records.forEach((record, index) => {
			const { event, phase } = record;
			if (!keep(event.section, event.method)) return;
			const names = event.data.names;
			const fields: Record<string, unknown> = {};
			event.data.forEach((value: Codec, i: number) => {
				fields[names?.[i] ?? String(i)] = value.toJSON();
			});
			seen.push({
				block: number,
				blockHash: hash,
				index,
				extrinsic: phase.isApplyExtrinsic ? phase.asApplyExtrinsic.toNumber() : null,
				section: event.section,
				method: event.method,
				fields,
			});
		});
	}
	EVENTS.set(hash, seen);
	if (EVENTS.size > CACHE_LIMIT) {
		const oldest = EVENTS.keys().next().value;
		if (oldest !== undefined) EVENTS.delete(oldest);
	}
	return seen;
}

// ---------------------------------------------------------------------------------------------
// Reading JSON

const big = (x: unknown): bigint => {
	if (typeof x === 'number' || typeof x === 'bigint') return BigInt(x);
	if (typeof x === 'string' && x !== '') return BigInt(x);
	return 0n;
};
const json = <T>(c: Codec): T => c.toJSON() as unknown as T;

/** An enum as `toJSON` gives it (`"Ok"`, `{ "winner": 1 }`, `{ "finishing": { "draw": null } }`): its variant in lower case and value. */
function variant(v: unknown): [string, unknown] {
	if (typeof v === 'string') return [v.toLowerCase(), null];
	if (isObject(v)) {
		const [k, x] = Object.entries(v)[0] ?? ['?', null];
		return [k.toLowerCase(), x];
	}
	return ['?', null];
}

/** The hex of a 32-byte hash typed by a user; throws when it is not one. */
function hash32(text: string, what: string): string {
	const clean = text.trim().toLowerCase();
	const hex = clean.startsWith('0x') ? clean : `0x${clean}`;
	if (!/^0x[0-9a-f]{64}$/.test(hex)) throw new Error(`${what} must be 32 bytes of hex (0x followed by 64 hex digits)`);
	return hex;
}

/** Bytes typed as hex (`0x…`, spaces allowed); throws when it is not hex. */
function hexBytes(text: string, what: string): string {
	const clean = text.replace(/\s+/g, '').toLowerCase();
	const hex = clean.startsWith('0x') ? clean : `0x${clean}`;
	if (!/^0x([0-9a-f]{2})*$/.test(hex)) throw new Error(`${what} is not hex (pairs of hex digits)`);
	return hex;
}

/** `planck` as a plain decimal amount, for an input field. */
function plainAmount(planck: bigint, decimals: number): string {
	const unit = 10n ** BigInt(decimals);
	const frac = (planck % unit).toString().padStart(decimals, '0').replace(/0+$/, '');
	return `${planck / unit}${frac ? `.${frac}` : ''}`;
}

/** A command's output as text: printable UTF-8 (a CID, a URL) or hex. */
function blobText(hex: string): string {
	try {
		const text = new TextDecoder('utf-8', { fatal: true }).decode(hexToU8a(hex));
		// eslint-disable-next-line no-control-regex
		return text && !/[\u0000-\u001f\u007f-\u009f]/.test(text) ? text : hex;
	} catch {
		return hex;
	}
}

/**
 * `fn` called with `values` in the order of its metadata's argument names (compared without
 * underscores or case); throws when the call takes an argument `values` does not name.
 */
function callByName(fn: SubmittableExtrinsicFunction<'promise'> | undefined, what: string, values: Record<string, unknown>): SubmittableExtrinsic<'promise'> {
	if (!fn) throw new Error(`this runtime has no ${what} call`);
	const norm = (s: string) => s.replace(/_/g, '').toLowerCase();
	const given = new Map(Object.entries(values).map(([k, v]) => [norm(k), v]));
	const args = fn.meta.args.map((a) => {
		const name = a.name.toString();
		if (!given.has(norm(name))) throw new Error(`${what} takes an argument “${name}” this page does not know (the runtime changed?)`);
		return given.get(norm(name));
	});
	return fn(...args);
}

// ---------------------------------------------------------------------------------------------
// The page

const page: Page = {
	title: 'Games',
	mount(ctx: Ctx, root: HTMLElement): () => void {
		const { api } = ctx;
		const { decimals, symbol } = ctx.token;
		const fmt = (planck: bigint) => formatBalance(planck, decimals, symbol, 6);
		let alive = true;

		const names = devNames(api.registry.chainSS58 ?? 42);
		const who = (address: string) => names.get(address) ?? short(address, 6);
		const acct = (address: string) => h('span', { title: address }, who(address));

		const storage = (api.query as unknown as Record<string, Record<string, QueryableStorageEntry<'promise'> | undefined> | undefined>).games;
		const calls = (api.tx as unknown as Record<string, Record<string, SubmittableExtrinsicFunction<'promise'> | undefined> | undefined>).games;
		const consts = (api.consts as unknown as Record<string, Record<string, Codec | undefined> | undefined>).games;
		const constant = (name: string): bigint | null => {
			const c = consts?.[name];
			return c ? BigInt(c.toString()) : null;
		};
		const challengeWindow = constant('challengeWindow');
		const moveTimeout = constant('moveTimeout');
		const minStake = constant('minStake') ?? 0n;
		const maxPlayers = constant('maxPlayers');
		const commandTimeout = Number((api.consts.commands?.commandTimeout as Codec | undefined)?.toString() ?? '20');
		const q = (name: string): QueryableStorageEntry<'promise'> => {
			const entry = storage?.[name];
			if (!entry) throw new Error(`this runtime has no games.${name} storage`);
			return entry;
		};

		const outcomeText = (o: unknown): string => {
			if (o === null || o === undefined) return 'none';
			const [k, x] = variant(o);
			if (k === 'draw') return 'draw';
			if (k === 'winner') return `seat ${String(x)} wins`;
			return k;
		};
		const resultText = (r: unknown): string => {
			const [k, x] = variant(r);
			if (k === 'cancelled') return 'cancelled before it started';
			if (k === 'finished') return `finished: ${outcomeText(x)}`;
			if (k === 'forfeited' && isObject(x)) return `seat ${String(x.seat)} forfeited (${variant(x.reason)[0]})`;
			return k;
		};

		// ---- Skeleton -------------------------------------------------------------------------
		const errorEl = h('p', { class: 'error' });
		errorEl.hidden = true;
		const gamesBox = h('div', { id: 'games' }, h('p', { class: 'muted' }, 'loading…'));
		const sessionsBox = h('div', { id: 'sessions' }, h('p', { class: 'muted' }, 'loading…'));
		const detailBox = h('div', { id: 'session-detail' }, h('p', { class: 'muted' }, 'click a session to see its state-hash chain'));
		const endedBox = h('div', { id: 'ended-sessions' }, h('p', { class: 'muted' }, 'scanning…'));
		const scanNote = h('p', { class: 'muted', id: 'games-scan' }, 'scanning blocks…');
		const moreSection = h('section', { id: 'games-more' });
		moreSection.hidden = true;

		// Actions.
		const createGame = h('select', { id: 'create-game' });
		const createStake = h('input', { type: 'text', id: 'create-stake', value: plainAmount(minStake > 0n ? minStake : 10n ** BigInt(decimals), decimals), style: 'width:7em' });
		const createSeats = h('input', { type: 'number', id: 'create-seats', min: '2', max: String(maxPlayers ?? 253), value: '2', style: 'width:4em' });
		const createInitial = h('input', { type: 'text', id: 'create-initial', placeholder: '0x… (32 bytes)', style: 'width:36em' });
		const createInitialState = h('input', { type: 'text', id: 'create-initial-state', placeholder: 'or the initial state (hex): its SHA-256', style: 'width:22em' });
		const createButton = h('button', { id: 'create-session', type: 'button' }, 'Create session');
		const joinSession = h('input', { type: 'number', id: 'join-session', min: '0', style: 'width:6em' });
		const joinButton = h('button', { id: 'join', type: 'button' }, 'Join');
		const sessionButtons = (['leave', 'resign', 'claimTimeout', 'finalize'] as const).map((call) =>
			h('button', { type: 'button', id: `session-${call}`, 'data-call': call }, call === 'claimTimeout' ? 'claim timeout' : call),
		);
		const moveSession = h('input', { type: 'number', id: 'move-session', min: '0', style: 'width:6em' });
		const moveIndex = h('input', { type: 'number', id: 'move-index', min: '0', style: 'width:5em' });
		const movePrev = h('input', { type: 'text', id: 'move-prev', placeholder: 'previous hash: the head', style: 'width:36em' });
		const moveBytes = h('input', { type: 'text', id: 'move-bytes', placeholder: 'move (hex)', style: 'width:16em' });
		const moveNew = h('input', { type: 'text', id: 'move-new', placeholder: 'new state hash (32 bytes hex)', style: 'width:36em' });
		const moveNewState = h('input', { type: 'text', id: 'move-new-state', placeholder: 'or the new state (hex): its SHA-256', style: 'width:22em' });
		const moveOutcome = h(
			'select',
			{ id: 'move-outcome' },
			h('option', { value: 'none' }, 'no outcome'),
			h('option', { value: 'draw' }, 'draw'),
			h('option', { value: 'winner' }, 'winner: seat'),
		);
		const moveWinner = h('input', { type: 'number', id: 'move-winner', min: '0', value: '0', style: 'width:4em' });
		const moveProof = h('input', { type: 'text', id: 'move-proof', placeholder: 'proof (hex; proved games only)', style: 'width:22em' });
		const moveButton = h('button', { id: 'make-move', type: 'button' }, 'Make move');
		const actionResult = h('div', { id: 'games-action-result' });
		const sha256Into = (from: HTMLInputElement, into: HTMLInputElement) =>
			from.addEventListener('input', () => {
				try {
					if (from.value.trim()) into.value = u8aToHex(sha256Bytes(hexToU8a(hexBytes(from.value, 'the state'))));
				} catch {
					// Half-typed hex: wait for more.
				}
			});
		sha256Into(createInitialState, createInitial);
		sha256Into(moveNewState, moveNew);

		// CHIP-8.
		const coreNote = h('p', { id: 'chip8-core', class: 'muted', 'data-state': 'loading' }, 'loading the CHIP-8 core…');
		const programSelect = h('select', { id: 'chip8-program' });
		const identified = h('span', { id: 'chip8-identified', class: 'muted' });
		const commandsBox = h('div', { id: 'chip8-commands' }, h('p', { class: 'muted' }, 'loading…'));
		const canvas = h('canvas', {
			id: 'chip8-screen',
			width: String(chip8.SCREEN_WIDTH * SCALE),
			height: String(chip8.SCREEN_HEIGHT * SCALE),
			style: 'image-rendering:pixelated;border-radius:4px;max-width:100%',
		});
		const jumpButton = h('button', { id: 'chip8-jump', type: 'button', disabled: '' }, 'jump to end');
		const againButton = h('button', { id: 'chip8-again', type: 'button', disabled: '' }, 'replay again');
		const progress = h('span', { id: 'chip8-progress', class: 'muted', 'data-state': 'idle' }, 'choose a command to replay');
		const resultBox = h('div', { id: 'chip8-result' });
		const verdictEl = h('p', { id: 'chip8-verdict' });
		const romFile = h('input', { type: 'file', id: 'chip8-rom' });
		const logFile = h('input', { type: 'file', id: 'chip8-log' });
		const seedInput = h('input', { type: 'text', id: 'chip8-seed', value: '0', style: 'width:12em' });
		const localButton = h('button', { id: 'chip8-replay-local', type: 'button' }, 'Replay files');
		const replayError = h('div', { id: 'chip8-error' });
		chip8.paint(canvas, new Uint8Array(chip8.SCREEN_LEN), SCALE);

		root.append(
			errorEl,
			h(
				'section',
				{},
				h('h2', {}, 'Games'),
				gamesBox,
				h(
					'p',
					{ class: 'muted' },
					[
						challengeWindow !== null ? `optimistic moves can be challenged for ${challengeWindow} blocks` : '',
						moveTimeout !== null ? `the player to move has ${moveTimeout} blocks before an opponent can claim the session` : '',
						consts ? `minimum stake ${fmt(minStake)}` : '',
						maxPlayers !== null ? `at most ${maxPlayers} seats` : '',
					]
						.filter(Boolean)
						.join(' · '),
				),
			),
			h('section', {}, h('h2', {}, 'Sessions'), sessionsBox),
			h('section', {}, h('h2', {}, 'Session'), detailBox, scanNote),
			h('section', {}, h('h2', {}, `Ended sessions (last ${SCAN_BLOCKS} blocks)`), endedBox),
			moreSection,
			h(
				'section',
				{ id: 'games-actions' },
				h('h2', {}, 'Play'),
				h('p', { class: 'muted' }, 'Signed by the account chosen in the header. Click a session above to fill in its id, move index and head.'),
				h('h3', {}, 'Create a session'),
				h('div', { class: 'row' }, h('label', {}, 'game ', createGame), h('label', {}, `stake (${symbol}) `, createStake), h('label', {}, 'seats ', createSeats)),
				h('div', { class: 'row' }, h('label', {}, 'initial state hash ', createInitial), createInitialState),
				h('div', { class: 'row' }, createButton),
				h('h3', {}, 'A session'),
				h('div', { class: 'row' }, h('label', {}, 'session ', joinSession), joinButton, ...sessionButtons),
				h('h3', {}, 'Make a move'),
				h('div', { class: 'row' }, h('label', {}, 'session ', moveSession), h('label', {}, 'index ', moveIndex), h('label', {}, 'move ', moveBytes)),
				h('div', { class: 'row' }, h('label', {}, 'previous hash ', movePrev)),
				h('div', { class: 'row' }, h('label', {}, 'new hash ', moveNew), moveNewState),
				h('div', { class: 'row' }, h('label', {}, 'outcome ', moveOutcome, ' ', moveWinner), moveProof, moveButton),
				actionResult,
			),
			h(
				'section',
				{ id: 'chip8' },
				h('h2', {}, 'CHIP-8 replay'),
				coreNote,
				h('div', { class: 'row' }, h('label', {}, 'chip8 program ', programSelect), identified),
				commandsBox,
				h('div', { class: 'row' }, canvas),
				h('div', { class: 'row' }, jumpButton, againButton, progress),
				resultBox,
				verdictEl,
				replayError,
				h('h3', {}, 'Replay local files'),
				h(
					'div',
					{ class: 'row' },
					h('label', {}, 'ROM ', romFile),
					h('label', {}, 'input log ', logFile),
					h('label', {}, 'seed ', seedInput),
					localButton,
				),
				h('p', { class: 'muted' }, 'The input log is the run-length encoding of aether-emulator (keys u16 LE ‖ frames LEB128 per run); nothing leaves the browser.'),
			),
		);

		const showError = (what: string, err: unknown) => {
			if (!alive) return;
			errorEl.hidden = false;
			errorEl.textContent = `${what}: ${err instanceof Error ? err.message : String(err)}`;
		};
		const clearError = () => {
			errorEl.hidden = true;
			errorEl.textContent = '';
		};

		// ---- State ----------------------------------------------------------------------------
		let games: [bigint, GameJson][] = [];
		let sessions: [bigint, SessionJson][] = [];
		let nextSession = 0n;
		let best = 0;
		let selected: bigint | null = null;
		/** Storage of the selected session. */
		let pending: PendingJson[] = [];
		let challenge: [bigint, ChallengeJson] | null = null;
		let saves: [bigint, SaveJson][] = [];
		let proposal: unknown = null;
		/** Canonical block hashes of the scanned window, by number. */
		const canon = new Map<number, string>();
		/** Highest block scanned by the forward scan, and the lowest by the history scan. */
		let top = -1;
		let scanFrom = -1;
		let historyDone = false;
		/** The history scan failed: it runs again at the next head. */
		let historyRetry = false;
		/** The create form's game when its defaults were last filled in. */
		let filledGame = '';
		/** The session and move count the move form was last filled in for. */
		let filledMove = '';

		const gameOf = (id: bigint) => games.find(([g]) => g === id)?.[1];
		const sessionOf = (id: bigint) => sessions.find(([s]) => s === id)?.[1];

		/** The scanned events, oldest first. */
		const scanned = (): SeenEvent[] => {
			const out: SeenEvent[] = [];
			for (const n of [...canon.keys()].sort((a, b) => a - b)) {
				const evs = EVENTS.get(canon.get(n) as string);
				if (evs) out.push(...evs);
			}
			return out;
		};
		const ofSession = (id: bigint) => scanned().filter((e) => e.section === 'games' && 'session' in e.fields && big(e.fields.session) === id);

		// ---- Rendering ------------------------------------------------------------------------
		const statusText = (s: SessionJson): string => {
			const [k, x] = variant(s.status);
			if (k === 'open') return `open: ${s.players.length} of ${s.seats} seats taken`;
			if (k === 'active') return s.challenge !== null ? `frozen: challenge #${s.challenge} under way` : 'active';
			if (k === 'finishing') return `finishing (${outcomeText(x)}): finalize once no move can be challenged`;
			return k;
		};
		const toMove = (s: SessionJson): Node | string => {
			if (variant(s.status)[0] !== 'active' || s.challenge !== null) return '–';
			const seat = s.moves % s.seats;
			const player = s.players[seat];
			return h(
				'span',
				{ 'data-seat': String(seat) },
				`seat ${seat} `,
				player ? acct(player) : '?',
				moveTimeout !== null ? h('span', { class: 'muted' }, ` by #${s.lastMoveAt + Number(moveTimeout)}`) : '',
			);
		};

		function renderGames() {
			if (!storage) {
				gamesBox.replaceChildren(h('p', { class: 'error' }, 'This runtime has no Games pallet (pallet-games): nothing to show.'));
				return;
			}
			gamesBox.replaceChildren(
				games.length
					? table(
							['id', 'owner', 'rules program', 'moves checked by', 'seats', 'rules fuel', 'initial state hash', 'open sessions', 'deposit'],
							games.map(([id, g]) => [
								String(id),
								acct(g.owner),
								`#${g.rulesProgram}`,
								g.moveVk === null ? 'optimistic (challenge window)' : `proved (move key #${g.moveVk})`,
								g.params.minSeats === g.params.maxSeats ? String(g.params.minSeats) : `${g.params.minSeats}–${g.params.maxSeats}`,
								big(g.params.rulesFuel).toLocaleString('en-US'),
								typeof g.params.initialHash === 'string' ? h('span', { class: 'mono', title: g.params.initialHash }, short(g.params.initialHash, 6)) : '–',
								String(g.openSessions),
								fmt(big(g.deposit)),
							]),
							{ id: 'games-list' },
						)
					: h('p', { class: 'muted' }, 'no game registered yet'),
			);
			gamesBox.querySelectorAll('tbody tr').forEach((tr, i) => tr.setAttribute('data-game', String(games[i][0])));
			// The create form's games.
			const chosen = createGame.value;
			createGame.replaceChildren(
				...games.map(([id, g]) => h('option', { value: String(id) }, `#${id} · rules #${g.rulesProgram} · ${g.moveVk === null ? 'optimistic' : 'proved'}`)),
			);
			if (games.some(([id]) => String(id) === chosen)) createGame.value = chosen;
			fillCreateDefaults();
		}

		/** The create form's seats and initial hash from the chosen game, when the game changes. */
		function fillCreateDefaults() {
			if (!createGame.value || createGame.value === filledGame) return;
			filledGame = createGame.value;
			const g = gameOf(BigInt(createGame.value));
			if (!g) return;
			createSeats.min = String(g.params.minSeats);
			createSeats.max = String(g.params.maxSeats);
			createSeats.value = String(g.params.minSeats);
			if (typeof g.params.initialHash === 'string') createInitial.value = g.params.initialHash;
		}
		createGame.addEventListener('change', fillCreateDefaults);

		function renderSessions() {
			if (!storage) {
				sessionsBox.replaceChildren();
				return;
			}
			const ended = nextSession - BigInt(sessions.length);
			const t = table(
				['id', 'game', 'players by seat', 'stake', 'status', 'moves', 'to move', 'head'],
				sessions.map(([id, s]) => [
					`#${id}`,
					`#${s.game}`,
					h(
						'span',
						{},
						...Array.from({ length: s.seats }, (_, seat) => {
							const p = s.players[seat];
							return h('span', { style: 'margin-right:.6rem' }, h('span', { class: 'muted' }, `${seat}: `), p ? acct(p) : h('span', { class: 'muted' }, 'free'));
						}),
					),
					fmt(big(s.stake)),
					statusText(s),
					String(s.moves),
					toMove(s),
					h('span', { class: 'mono', title: s.head }, short(s.head, 6)),
				]),
				{ id: 'sessions-list' },
			);
			t.querySelectorAll('tbody tr').forEach((tr, i) => {
				const id = sessions[i][0];
				tr.setAttribute('data-session', String(id));
				tr.setAttribute('style', `cursor:pointer${selected === id ? ';background:#f3f0fb' : ''}`);
				tr.setAttribute('title', 'show its state-hash chain');
				tr.addEventListener('click', () => select(id));
			});
			sessionsBox.replaceChildren(
				sessions.length ? t : h('p', { class: 'muted' }, 'no live session'),
				h('p', { class: 'muted' }, `${nextSession} session${nextSession === 1n ? '' : 's'} created in all; ${ended < 0n ? 0n : ended} ended.`),
			);
		}

		function renderDetail() {
			if (selected === null) return;
			const id = selected;
			const s = sessionOf(id);
			const evs = ofSession(id);
			const created = evs.find((e) => e.method === 'SessionCreated');
			const endedEv = evs.find((e) => e.method === 'SessionEnded');
			const initial = s?.initialHash ?? (created ? String(created.fields.initialHash) : null);
			const rows: [string, Node | string][] = [['session', `#${id}`]];
			if (s) {
				rows.push(
					['game', `#${s.game}`],
					['creator', acct(s.creator)],
					['players', h('span', {}, ...s.players.flatMap((p, i) => [i ? ', ' : '', `${i}: `, acct(p)]))],
					['stake', `${fmt(big(s.stake))} each`],
					['status', statusText(s)],
					['moves', String(s.moves)],
					['to move', toMove(s)],
					['initial state hash', h('span', { class: 'mono' }, s.initialHash)],
					['head', h('span', { class: 'mono' }, s.head)],
					['last move (or start) at', `#${s.lastMoveAt}`],
				);
			} else if (endedEv) {
				if (created) rows.push(['game', `#${String(created.fields.game)}`], ['stake', `${fmt(big(created.fields.stake))} each`]);
				rows.push(['ended', `#${endedEv.block}: ${resultText(endedEv.fields.result)}`]);
				const payouts = Array.isArray(endedEv.fields.payouts) ? (endedEv.fields.payouts as unknown[]) : [];
				rows.push([
					'payouts',
					h('span', {}, ...payouts.flatMap((p, i) => (Array.isArray(p) ? [i ? ', ' : '', acct(String(p[0])), ` ${fmt(big(p[1]))}`] : []))),
				]);
			} else {
				rows.push(['status', id < nextSession ? `ended more than ${SCAN_BLOCKS} blocks ago (or not seen yet)` : 'unknown session']);
			}

			// The chain: every move and load of the session, in order.
			type Row = { ev: SeenEvent; ok: boolean | null; why: string };
			const chainRows: Row[] = [];
			let expectHash: string | null = null;
			let expectIndex: number | null = null;
			let brokenAt: number | null = null;
			const moves = evs.filter((e) => e.method === 'MoveMade');
			const firstIndex = moves.length ? Number(moves[0].fields.index) : null;
			if (firstIndex === 0 && initial) {
				expectHash = initial;
				expectIndex = 0;
			}
			for (const ev of evs) {
				if (ev.method === 'StateLoaded') {
					chainRows.push({ ev, ok: null, why: '' });
					expectHash = String(ev.fields.stateHash);
					expectIndex = Number(ev.fields.moves);
					continue;
				}
				if (ev.method !== 'MoveMade') continue;
				const index = Number(ev.fields.index);
				const prev = String(ev.fields.prevHash);
				let ok: boolean | null = null;
				let why = '';
				if (expectHash !== null) {
					ok = prev === expectHash && (expectIndex === null || index === expectIndex);
					if (prev !== expectHash) why = `its previous hash ${short(prev, 6)} is not ${index === 0 ? 'the initial hash' : 'the new hash of the move before'} ${short(expectHash, 6)}`;
					else if (!ok) why = `index ${index} where ${expectIndex} was due`;
				}
				if (ok === false && brokenAt === null) brokenAt = index;
				chainRows.push({ ev, ok, why });
				expectHash = String(ev.fields.newHash);
				expectIndex = index + 1;
			}
			// The head can be checked once the scan has reached the session's last move (storage
			// may already be read at a newer block than the newest one scanned).
			const headOk = s && expectHash !== null && expectIndex === s.moves ? expectHash === s.head : null;
			const moveCount = moves.length;

			const chainState = moveCount === 0 ? 'empty' : brokenAt !== null || headOk === false ? 'broken' : 'intact';
			const summary =
				moveCount === 0
					? h('p', { class: 'muted' }, s && s.moves > 0 ? `no move of this session in the last ${canon.size} blocks scanned` : 'no move yet')
					: brokenAt !== null
						? h('p', { class: 'error' }, `chain broken at #${brokenAt}: ${chainRows.find((r) => r.ok === false)?.why ?? ''}`)
						: headOk === false
							? h('p', { class: 'error' }, `chain broken: the last move ends at ${short(expectHash ?? '', 6)} but the head is ${short(s?.head ?? '', 6)}`)
							: h(
									'p',
									{ class: 'ok' },
									`chain intact: ${moveCount} move${moveCount === 1 ? '' : 's'}`,
									firstIndex === 0 && initial ? ', from the initial hash' : firstIndex !== null ? `, from move #${firstIndex} (earlier ones are older than the blocks scanned)` : '',
									headOk ? ' to the head' : s && expectIndex !== null && expectIndex < s.moves ? ` (moves #${expectIndex}… are in blocks not scanned yet)` : '',
								);
			const dl = (e: SeenEvent) => {
				const deadline = e.fields.challengeDeadline;
				if (deadline === null || deadline === undefined) return 'final (proved)';
				const d = Number(deadline);
				const stillPending = pending.some((p) => p.index === Number(e.fields.index));
				return d >= best && stillPending ? `#${d} (${d - best} blocks left)` : `#${d} (closed)`;
			};
			const chainTable = table(
				['#', 'seat', 'player', 'previous hash → new hash', 'move', 'outcome', 'challenge deadline', 'block', 'link'],
				chainRows.map(({ ev, ok, why }) =>
					ev.method === 'StateLoaded'
						? [
								'load',
								'',
								'',
								h('span', { class: 'mono' }, `→ ${short(String(ev.fields.stateHash), 6)}`),
								`save #${String(ev.fields.save)}`,
								`rewound to ${String(ev.fields.moves)} moves`,
								'',
								`#${ev.block}`,
								'',
							]
						: [
								String(ev.fields.index),
								String(ev.fields.seat),
								acct(String(ev.fields.player)),
								h(
									'span',
									{ class: 'mono' },
									h('span', { title: String(ev.fields.prevHash) }, short(String(ev.fields.prevHash), 6)),
									' → ',
									h('span', { title: String(ev.fields.newHash) }, short(String(ev.fields.newHash), 6)),
								),
								h('span', { class: 'mono', 'data-move': String(ev.fields.moveBytes) }, String(ev.fields.moveBytes)),
								outcomeText(ev.fields.outcome),
								dl(ev),
								`#${ev.block}`,
								ok === null ? h('span', { class: 'muted' }, 'not checked') : ok ? h('span', { class: 'ok' }, '✓') : h('span', { class: 'error', title: why }, '✗ broken'),
							],
				),
			);
			const nodes: ChainNode[] = [];
			const links: boolean[] = [];
			if (firstIndex === 0 && initial) nodes.push({ label: short(initial, 4), caption: 'initial', title: initial });
			else if (moves.length) nodes.push({ label: short(String(moves[0].fields.prevHash), 4), caption: `before #${firstIndex}`, title: String(moves[0].fields.prevHash) });
			for (const r of chainRows) {
				if (r.ev.method !== 'MoveMade') continue;
				links.push(r.ok !== false);
				const hash = String(r.ev.fields.newHash);
				nodes.push({ label: short(hash, 4), caption: `after #${String(r.ev.fields.index)}`, title: hash });
			}
			const chainBox = h(
				'div',
				{ id: 'session-chain', 'data-state': chainState, 'data-moves': String(moveCount), 'data-session': String(id) },
				summary,
				...(nodes.length > 1 ? [chainDiagram(nodes, links)] : []),
				...(chainRows.length ? [chainTable] : []),
			);

			const extra: Node[] = [];
			if (s && pending.length) {
				extra.push(
					h('h3', {}, 'Pending optimistic moves'),
					table(
						['#', 'seat', 'previous hash → new hash', 'outcome', 'challenge deadline'],
						pending.map((p) => [
							String(p.index),
							String(p.seat),
							h('span', { class: 'mono' }, `${short(p.prevHash, 6)} → ${short(p.newHash, 6)}`),
							outcomeText(p.outcome),
							p.deadline >= best ? `#${p.deadline} (${p.deadline - best} blocks left)` : `#${p.deadline} (window closed: final)`,
						]),
						{ id: 'pending-moves' },
					),
				);
			}
			if (challenge) {
				const [cid, c] = challenge;
				extra.push(
					h('h3', {}, 'Challenge'),
					kv([
						['challenge', `#${cid}`],
						['move', `#${c.moveIndex}`],
						['challenger', acct(c.challenger)],
						['bond', fmt(big(c.bond))],
						['rules command', `#${c.command} (the session is frozen until it settles)`],
					]),
				);
			}
			if (saves.length) {
				extra.push(
					h('h3', {}, 'Saves'),
					table(
						['save', 'moves', 'state hash', 'where', 'saved by', 'block'],
						saves.map(([sid, sv]) => [`#${sid}`, String(sv.moves), h('span', { class: 'mono', title: sv.stateHash }, short(sv.stateHash, 6)), blobText(sv.blob), acct(sv.savedBy), `#${sv.savedAt}`]),
					),
				);
			}
			if (proposal !== null) extra.push(h('p', { class: 'muted' }, `load proposal: ${JSON.stringify(proposal)}`));
			detailBox.replaceChildren(kv(rows), h('h3', {}, 'State-hash chain'), chainBox, ...extra);
		}

		function renderEnded() {
			if (!storage) {
				endedBox.replaceChildren(h('p', { class: 'muted' }, 'no Games pallet in this runtime'));
				scanNote.textContent = '';
				return;
			}
			const ended = scanned().filter((e) => e.section === 'games' && e.method === 'SessionEnded');
			if (!ended.length) {
				endedBox.replaceChildren(h('p', { class: 'muted' }, historyDone ? 'none in the blocks scanned' : 'none seen yet (scanning…)'));
				return;
			}
			const t = table(
				['session', 'result', 'payouts', 'block'],
				ended.reverse().map((e) => {
					const payouts = Array.isArray(e.fields.payouts) ? (e.fields.payouts as unknown[]) : [];
					return [
						`#${String(e.fields.session)}`,
						resultText(e.fields.result),
						h('span', {}, ...payouts.flatMap((p, i) => (Array.isArray(p) ? [i ? ', ' : '', acct(String(p[0])), ` ${fmt(big(p[1]))}`] : []))),
						`#${e.block}`,
					];
				}),
				{ id: 'ended-list' },
			);
			t.querySelectorAll('tbody tr').forEach((tr, i) => {
				const id = big(ended[i].fields.session);
				tr.setAttribute('data-session', String(id));
				tr.setAttribute('style', 'cursor:pointer');
				tr.addEventListener('click', () => select(id));
			});
			endedBox.replaceChildren(t);
		}

		function renderScanNote() {
			const numbers = [...canon.keys()];
			if (!numbers.length) return;
			const lo = Math.min(...numbers);
			const hi = Math.max(...numbers);
			scanNote.dataset.blocks = String(numbers.length);
			scanNote.textContent = `events of blocks #${lo}–#${hi} scanned (${numbers.length} blocks${historyDone ? '' : ', scanning back…'}); moves older than that are not shown.`;
		}

		const renderScanned = () => {
			if (!alive) return;
			renderScanNote();
			renderEnded();
			renderDetail();
		};

		function select(id: bigint) {
			selected = id;
			pending = [];
			challenge = null;
			saves = [];
			proposal = null;
			renderSessions();
			renderDetail();
			const s = sessionOf(id);
			joinSession.value = String(id);
			fillMove(id, s, true);
			void refresh();
		}

		/** The move form for session `id`: index = its move count, previous hash = its head. */
		function fillMove(id: bigint, s: SessionJson | undefined, force = false) {
			if (!s) return;
			const key = `${id}:${s.moves}:${s.head}`;
			if (!force && (filledMove === key || moveSession.value !== String(id))) return;
			filledMove = key;
			moveSession.value = String(id);
			moveIndex.value = String(s.moves);
			movePrev.value = s.head;
			moveWinner.max = String(s.seats - 1);
		}

		// ---- Reading the ledger ---------------------------------------------------------------
		async function loadLedger() {
			if (!storage) return;
			const [gameEntries, sessionEntries, next] = await Promise.all([q('games').entries(), q('sessions').entries(), q('nextSessionId')()]);
			games = gameEntries.map(([k, v]): [bigint, GameJson] => [BigInt(k.args[0].toString()), json<GameJson>(v)]).sort((a, b) => (a[0] < b[0] ? -1 : 1));
			sessions = sessionEntries.map(([k, v]): [bigint, SessionJson] => [BigInt(k.args[0].toString()), json<SessionJson>(v)]).sort((a, b) => (a[0] < b[0] ? -1 : 1));
			nextSession = BigInt(next.toString());
			if (selected !== null) {
				const id = selected;
				const s = sessionOf(id);
				const [p, c, list, prop] = await Promise.all([
					q('pendingMoves')(id.toString()),
					s && s.challenge !== null && storage.challenges ? q('challenges')(String(s.challenge)) : Promise.resolve(null),
					q('sessionSaves')(id.toString()),
					storage.loadProposals ? q('loadProposals')(id.toString()) : Promise.resolve(null),
				]);
				const ids = json<Int[]>(list);
				const saved = ids.length ? await q('saves').multi(ids.map(String)) : [];
				if (selected !== id) return;
				pending = json<PendingJson[]>(p);
				const cj = c ? json<ChallengeJson | null>(c) : null;
				challenge = cj && s?.challenge !== null && s?.challenge !== undefined ? [big(s.challenge), cj] : null;
				saves = saved.map((v, i): [bigint, SaveJson | null] => [big(ids[i]), json<SaveJson | null>(v)]).filter((x): x is [bigint, SaveJson] => x[1] !== null);
				proposal = prop ? prop.toJSON() : null;
				fillMove(id, s);
			}
		}

		/** Every storage item of the pallet this page does not read itself, generically. */
		async function loadMore() {
			if (!storage) return;
			const extra = Object.keys(storage).filter((k) => !KNOWN_STORAGE.has(k));
			if (!extra.length) {
				moreSection.hidden = true;
				return;
			}
			const named = (text: string) => {
				let out = text;
				for (const [address, name] of names) out = out.split(address).join(name);
				return out.length > 240 ? `${out.slice(0, 240)}…` : out;
			};
			const parts: Node[] = [h('h2', {}, 'More of the games ledger')];
			for (const name of extra) {
				const entry = storage[name];
				if (!entry) continue;
				try {
					if (entry.creator.meta.type.isPlain) {
						const v = await entry();
						parts.push(h('h3', {}, name), h('p', { class: 'mono', 'data-storage': name }, named(JSON.stringify(v.toJSON()))));
					} else {
						const all = await entry.entries();
						parts.push(
							h('h3', {}, `${name} (${all.length})`),
							all.length
								? table(
										['key', 'value'],
										all.slice(0, MORE_ROWS).map(([k, v]) => [named(k.args.map((a) => JSON.stringify(a.toJSON())).join(', ')), h('span', { class: 'mono' }, named(JSON.stringify(v.toJSON())))]),
										{ 'data-storage': name },
									)
								: h('p', { class: 'muted' }, 'empty'),
						);
					}
				} catch (err) {
					parts.push(h('h3', {}, name), h('p', { class: 'error' }, `cannot read games.${name}: ${(err as Error).message}`));
				}
			}
			if (!alive) return;
			moreSection.replaceChildren(...parts);
			moreSection.hidden = false;
		}

		// ---- Scanning events ------------------------------------------------------------------
		const hashAt = async (n: number) => (await api.rpc.chain.getBlockHash(n)).toHex();

		/** New blocks, from the best back to the last one scanned (or where the chain forked). */
		async function scanForward(head: number) {
			const floor = Math.max(0, head - SCAN_BLOCKS + 1);
			let n = head;
			while (n >= floor && alive) {
				const hash = await hashAt(n);
				const held = canon.get(n);
				if (n <= top && (held === undefined || held === hash)) break;
				await eventsAt(api, hash, n);
				canon.set(n, hash);
				n--;
			}
			top = Math.max(top, head);
			for (const k of canon.keys()) if (k < floor) canon.delete(k);
		}

		/** The window below the first best block, newest first, in chunks. */
		async function scanHistory(from: number) {
			const floor = Math.max(0, from - SCAN_BLOCKS + 1);
			for (let hi = from; hi >= floor && alive; hi -= CHUNK) {
				const numbers: number[] = [];
				for (let n = hi; n > hi - CHUNK && n >= floor; n--) numbers.push(n);
				const got = await Promise.all(
					numbers.map(async (n) => {
						const hash = canon.get(n) ?? (await hashAt(n));
						await eventsAt(api, hash, n);
						return [n, hash] as const;
					}),
				);
				if (!alive) return;
				for (const [n, hash] of got) if (!canon.has(n)) canon.set(n, hash);
				renderScanned();
			}
			historyDone = true;
			renderScanned();
		}
		const history = coalesce(
			async () => {
				if (alive && !historyDone && scanFrom >= 0) await scanHistory(scanFrom);
			},
			(err) => {
				showError('could not scan the blocks for game events', err);
				// Try again at a later head.
				historyRetry = true;
			},
			300_000,
		);

		// ---- Actions --------------------------------------------------------------------------
		async function act(button: HTMLButtonElement, what: string, build: () => SubmittableExtrinsic<'promise'>, done: (sent: Awaited<ReturnType<Ctx['send']>>) => Node | string) {
			const line = h('p', { class: 'muted' }, 'signing…');
			let tx: SubmittableExtrinsic<'promise'>;
			try {
				tx = build();
			} catch (err) {
				actionResult.replaceChildren(h('p', { class: 'error' }, `${what}: ${(err as Error).message}`));
				return;
			}
			actionResult.replaceChildren(line);
			button.disabled = true;
			try {
				const sent = await ctx.send(tx, (s) => (line.textContent = `${what}: ${s}`));
				actionResult.replaceChildren(h('p', { class: 'ok' }, done(sent)));
				void refresh();
			} catch (err) {
				actionResult.replaceChildren(h('p', { class: 'error' }, `${what}: ${(err as Error).message}`));
			} finally {
				button.disabled = false;
			}
		}
		const eventField = (sent: Awaited<ReturnType<Ctx['send']>>, method: string, field: string): string | undefined => {
			const ev = sent.events.find(({ event: e }) => e.section === 'games' && e.method === method)?.event;
			if (!ev) return undefined;
			const i = ev.data.names?.indexOf(field) ?? -1;
			return (i >= 0 ? ev.data[i] : ev.data[0])?.toString();
		};
		const sessionArg = (input: HTMLInputElement): string => {
			if (!/^\d+$/.test(input.value.trim())) throw new Error('give the session id');
			return input.value.trim();
		};

		createButton.addEventListener('click', () =>
			void act(
				createButton,
				'create session',
				() => {
					if (!createGame.value) throw new Error('no game to play: register one first');
					const stake = parseBalance(createStake.value, decimals);
					const initial = hash32(createInitial.value, 'the initial state hash');
					const seats = Number(createSeats.value);
					if (!Number.isInteger(seats) || seats < 2 || seats > 253) throw new Error('seats must be a whole number from 2');
					return callByName(calls?.createSession, 'games.createSession', { game: createGame.value, stake, initialStateHash: initial, initialHash: initial, seats });
				},
				(sent) => {
					const id = eventField(sent, 'SessionCreated', 'session');
					if (id !== undefined) joinSession.value = id;
					return `session #${id ?? '?'} created in block #${sent.blockNumber}`;
				},
			),
		);
		joinButton.addEventListener('click', () =>
			void act(
				joinButton,
				'join',
				() => callByName(calls?.join, 'games.join', { session: sessionArg(joinSession) }),
				(sent) => {
					const seat = eventField(sent, 'PlayerJoined', 'seat');
					const started = sent.events.some(({ event: e }) => e.section === 'games' && e.method === 'SessionStarted');
					return `joined session #${joinSession.value} at seat ${seat ?? '?'} in block #${sent.blockNumber}${started ? ': every seat is taken, the session started' : ''}`;
				},
			),
		);
		for (const button of sessionButtons) {
			const call = button.dataset.call as string;
			button.addEventListener('click', () =>
				void act(
					button,
					call,
					() => callByName(calls?.[call], `games.${call}`, { session: sessionArg(joinSession) }),
					(sent) => {
						const ended = eventField(sent, 'SessionEnded', 'session');
						return `${call} of session #${joinSession.value} in block #${sent.blockNumber}${ended !== undefined ? ': the session ended' : ''}`;
					},
				),
			);
		}
		moveButton.addEventListener('click', () =>
			void act(
				moveButton,
				'make move',
				() => {
					const session = sessionArg(moveSession);
					if (!/^\d+$/.test(moveIndex.value.trim())) throw new Error('give the move index (the session’s move count)');
					const prev = hash32(movePrev.value, 'the previous hash');
					const bytes = hexBytes(moveBytes.value, 'the move');
					const next = hash32(moveNew.value, 'the new state hash');
					const winner = Number(moveWinner.value);
					if (moveOutcome.value === 'winner' && (!Number.isInteger(winner) || winner < 0)) throw new Error('the winner is a seat number');
					const outcome = moveOutcome.value === 'draw' ? { Draw: null } : moveOutcome.value === 'winner' ? { Winner: winner } : null;
					const proof = moveProof.value.trim() ? hexBytes(moveProof.value, 'the proof') : null;
					return callByName(calls?.makeMove, 'games.makeMove', {
						session,
						index: moveIndex.value.trim(),
						prevHash: prev,
						moveBytes: bytes,
						move: bytes,
						newHash: next,
						outcome,
						proof,
					});
				},
				(sent) => {
					const deadline = eventField(sent, 'MoveMade', 'challengeDeadline');
					const ended = sent.events.some(({ event: e }) => e.section === 'games' && e.method === 'SessionEnded');
					const note = ended ? ': the session ended' : deadline && deadline !== '' ? `; it can be challenged until block #${deadline.replace(/[^0-9]/g, '')}` : '';
					return `move #${moveIndex.value} of session #${moveSession.value} made in block #${sent.blockNumber}${note}`;
				},
			),
		);

		// ---- CHIP-8 -----------------------------------------------------------------------------
		let core: WebAssembly.Module | null = null;
		let chip8CodeHash: string | null = null;
		let programs: [bigint, ProgramJson][] = [];
		let userPicked = false;
		let replay: Replay | null = null;
		let replayToken = 0;
		let recent: CommandInfo[] = [];

		programSelect.addEventListener('change', () => {
			userPicked = true;
			void refreshCommands().catch((err) => showError('could not read the commands', err));
		});

		async function loadWasm() {
			let manifest: { chip8Web?: string | null; chip8CodeHash?: string | null } = {};
			try {
				const res = await fetch('wasm.json', { cache: 'no-cache' });
				if (res.ok) manifest = (await res.json()) as typeof manifest;
			} catch {
				// An older build of the console: no manifest.
			}
			chip8CodeHash = typeof manifest.chip8CodeHash === 'string' ? manifest.chip8CodeHash.toLowerCase() : null;
			if (!manifest.chip8Web) {
				coreNote.className = 'error';
				coreNote.dataset.state = 'missing';
				coreNote.textContent = `${chip8.CORE_FILE} is missing: build it with ./scripts/build-programs.sh (then node console/build.mjs copies it here). Replays are not possible without it.`;
				return;
			}
			try {
				core = await chip8.loadCore(manifest.chip8Web);
				coreNote.className = 'muted';
				coreNote.dataset.state = 'ready';
				coreNote.textContent = `CHIP-8 core: ${manifest.chip8Web} (aether-emulator built for the browser; the same core as the chip8 program the executors run).`;
			} catch (err) {
				coreNote.className = 'error';
				coreNote.dataset.state = err instanceof chip8.CoreMissing ? 'missing' : 'failed';
				coreNote.textContent =
					err instanceof chip8.CoreMissing
						? `${chip8.CORE_FILE} is missing (${err.message}): build it with ./scripts/build-programs.sh`
						: `the CHIP-8 core does not load: ${(err as Error).message}`;
			}
			renderPrograms();
		}

		function renderPrograms() {
			const match = chip8CodeHash ? programs.find(([, p]) => p.codeHash.toLowerCase() === chip8CodeHash) : undefined;
			const chosen = programSelect.value;
			programSelect.replaceChildren(
				h('option', { value: '' }, programs.length ? '(choose the chip8 program)' : '(no program registered)'),
				...programs.map(([id, p]) =>
					h('option', { value: String(id) }, `#${id} · ${p.len.toLocaleString('en-US')} B · sha256 ${short(p.codeHash, 4)}${match && match[0] === id ? ' · chip8.wasm' : ''}`),
				),
			);
			if (!userPicked && match) programSelect.value = String(match[0]);
			else if (programs.some(([id]) => String(id) === chosen)) programSelect.value = chosen;
			if (match) {
				identified.className = 'ok';
				identified.dataset.program = String(match[0]);
				identified.textContent = `program #${match[0]} is chip8.wasm (its SHA-256 code hash matches)`;
			} else {
				identified.className = 'muted';
				delete identified.dataset.program;
				identified.textContent = chip8CodeHash
					? 'no registered program has the code hash of programs/out/chip8.wasm: pick the chip8 program'
					: 'programs/out/chip8.wasm was not built with this console: pick the chip8 program';
			}
		}

		async function refreshCommands() {
			const entries = await api.query.commands.programs.entries();
			programs = entries.map(([k, v]): [bigint, ProgramJson] => [BigInt(k.args[0].toString()), json<ProgramJson>(v)]).sort((a, b) => (a[0] < b[0] ? -1 : 1));
			if (!alive) return;
			renderPrograms();
			if (!programSelect.value) {
				recent = [];
				commandsBox.replaceChildren(h('p', { class: 'muted' }, 'choose the chip8 program to list its commands'));
				return;
			}
			const program = BigInt(programSelect.value);
			const next = BigInt((await api.query.commands.nextCommandId()).toString());
			const ids: bigint[] = [];
			for (let id = next - 1n; id >= 0n && ids.length < RECENT_COMMANDS; id -= 1n) ids.push(id);
			const keys = ids.map((id) => id.toString());
			const open = ids.length ? await api.query.commands.openCommands.multi(keys) : [];
			const closed = ids.length ? await api.query.commands.results.multi(keys) : [];
			if (!alive) return;
			recent = [];
			ids.forEach((id, i) => {
				const r = json<Record<string, unknown> | null>(closed[i]);
				if (r) {
					recent.push({
						id,
						owner: String(r.owner),
						program: big(r.program),
						sealed: Boolean(r.sealed),
						state: String(r.state),
						closed: { exit: String(r.exit) as Exit, output: hexToU8a(String(r.output)), outputSealed: Boolean(r.outputSealed), outputHash: String(r.outputHash), at: Number(r.closedAt) },
					});
					return;
				}
				const o = json<Record<string, unknown> | null>(open[i]);
				if (o) recent.push({ id, owner: String(o.owner), program: big(o.program), sealed: Boolean(o.sealed), state: String(o.state) });
			});
			recent = recent.filter((c) => c.program === program);
			if (!recent.length) {
				commandsBox.replaceChildren(h('p', { class: 'muted' }, `no command of program #${program} among the last ${RECENT_COMMANDS}`));
				return;
			}
			const t = table(
				['command', 'submitter', 'input', 'state', 'exit', 'frames settled', 'final state hash settled', 'closed', ''],
				recent.map((c) => {
					const out = c.closed && c.closed.exit === 'Ok' && !c.closed.outputSealed ? chip8.parseOutput(c.closed.output) : null;
					const button = h('button', { type: 'button', 'data-replay': String(c.id) }, 'replay');
					if (c.sealed) button.setAttribute('disabled', '');
					button.addEventListener('click', () => void replayCommand(c));
					return [
						`#${c.id}`,
						acct(c.owner),
						c.sealed ? 'sealed' : 'plain',
						c.state,
						c.closed?.exit ?? '',
						out ? out.frames.toLocaleString('en-US') : '',
						out ? h('span', { class: 'mono', title: u8aToHex(out.hash) }, short(u8aToHex(out.hash), 6)) : '',
						c.closed ? `#${c.closed.at}` : 'open',
						button,
					];
				}),
				{ id: 'chip8-commands-list' },
			);
			t.querySelectorAll('tbody tr').forEach((tr, i) => tr.setAttribute('data-command', String(recent[i].id)));
			commandsBox.replaceChildren(t);
		}

		/** The plain input of command `c`: from storage while it is open, else from its extrinsic. */
		async function commandInput(c: CommandInfo): Promise<Uint8Array> {
			if (c.sealed) throw new Error(`command #${c.id} has a sealed input: only its executors can read it`);
			if (!c.closed) {
				const v = json<string | null>(await api.query.commands.inputs(c.id.toString()));
				if (v === null) throw new Error(`command #${c.id}: no input in storage`);
				return hexToU8a(v);
			}
			// Submitted within CommandTimeout blocks before it closed.
			const at = c.closed.at;
			for (let n = at; n >= Math.max(0, at - commandTimeout - 1); n--) {
				const hash = canon.get(n) ?? (await hashAt(n));
				const ev = (await eventsAt(api, hash, n)).find((e) => e.method === 'CommandSubmitted' && big(e.fields.command) === c.id);
				if (!ev) continue;
				if (ev.extrinsic !== null) {
					const block = await api.rpc.chain.getBlock(hash);
					const ex = block.block.extrinsics[ev.extrinsic];
					if (ex && ex.method.section === 'commands' && ex.method.method === 'submitCommand') {
						const i = ex.method.meta.args.findIndex((a) => a.name.toString() === 'input');
						const [k, v] = variant(ex.method.args[i >= 0 ? i : 1]?.toJSON());
						if (k === 'plain' && typeof v === 'string') return hexToU8a(v);
					}
				}
				// Submitted some other way (a batch, a proxy): the input was in storage in that block.
				const raw = await api.rpc.state.getStorage.raw<string | null>(api.query.commands.inputs.key(c.id.toString()), hash);
				if (raw) return api.registry.createType('Bytes', hexToU8a(raw)).toU8a(true);
				throw new Error(`command #${c.id}: its input is neither in its extrinsic nor in the state of block #${n} (pruned?)`);
			}
			throw new Error(`command #${c.id}: no CommandSubmitted event in the ${commandTimeout + 2} blocks before it closed at #${at}`);
		}

		async function replayCommand(c: CommandInfo) {
			replayError.replaceChildren();
			progress.textContent = `reading the input of command #${c.id}…`;
			try {
				const input = await commandInput(c);
				const expected: Expected = !c.closed
					? { kind: 'open' }
					: c.state === 'TimedOut'
						? { kind: 'timed-out' }
						: { kind: 'settled', exit: c.closed.exit, output: c.closed.output, outputSealed: c.closed.outputSealed, outputHash: c.closed.outputHash };
				await startReplay(`command #${c.id}`, input, expected);
			} catch (err) {
				failReplay((err as Error).message);
			}
		}

		localButton.addEventListener('click', async () => {
			replayError.replaceChildren();
			try {
				const rom = romFile.files?.[0];
				if (!rom) throw new Error('choose a ROM file');
				const log = logFile.files?.[0];
				const seedText = seedInput.value.trim() || '0';
				if (!/^(\d+|0x[0-9a-fA-F]+)$/.test(seedText)) throw new Error('the seed is a decimal or 0x-hex 64-bit number');
				const seed = BigInt(seedText);
				const input = chip8.encodeInput(seed, new Uint8Array(await rom.arrayBuffer()), log ? new Uint8Array(await log.arrayBuffer()) : new Uint8Array());
				await startReplay(`${rom.name}${log ? ` + ${log.name}` : ' (empty log)'}, seed ${seed}`, input, { kind: 'local' });
			} catch (err) {
				failReplay((err as Error).message);
			}
		});

		function failReplay(message: string) {
			progress.dataset.state = 'failed';
			progress.textContent = '';
			replayError.replaceChildren(h('p', { class: 'error' }, message));
		}

		function stopReplay() {
			if (replay) {
				cancelAnimationFrame(replay.raf);
				replay.done = true;
			}
			replay = null;
			jumpButton.disabled = true;
		}

		async function startReplay(label: string, input: Uint8Array, expected: Expected) {
			if (!core) throw new Error(coreNote.textContent || `${chip8.CORE_FILE} is not loaded`);
			stopReplay();
			const token = ++replayToken;
			resultBox.replaceChildren();
			resultBox.removeAttribute('data-hash');
			resultBox.removeAttribute('data-frames');
			verdictEl.className = '';
			verdictEl.textContent = '';
			verdictEl.removeAttribute('data-match');
			const machine = await chip8.Chip8.create(core);
			if (token !== replayToken || !alive) return;
			let total: number | null = null;
			try {
				total = chip8.logFrames(chip8.decodeInput(input).log);
			} catch {
				total = null;
			}
			const r: Replay = { label, core: machine, input, total, expected, raf: 0, last: 0, acc: 0, done: false, jumping: false };
			replay = r;
			againButton.disabled = false;
			againButton.onclick = () => void startReplay(label, input, expected).catch((err) => failReplay((err as Error).message));
			try {
				machine.load(input);
			} catch (err) {
				finishReplay(r, (err as Error).message);
				return;
			}
			jumpButton.disabled = false;
			showProgress(r);
			r.raf = requestAnimationFrame((t) => tick(r, t));
		}

		function showProgress(r: Replay) {
			progress.dataset.state = r.done ? 'done' : r.jumping ? 'jumping' : 'running';
			const frames = r.core.frames();
			progress.textContent = `${r.label}: frame ${frames.toLocaleString('en-US')}${r.total !== null ? ` of ${r.total.toLocaleString('en-US')}` : ''}${r.done ? '' : r.jumping ? ' (jumping to the end…)' : ' (60 frames/s)'}`;
		}

		function tick(r: Replay, now: number) {
			if (!alive || replay !== r || r.done || r.jumping) return;
			if (r.last) r.acc += ((now - r.last) * FPS) / 1000;
			r.last = now;
			// Real time, but never more than a few frames at once (after a hidden tab, say).
			const due = Math.min(Math.floor(r.acc), 4);
			r.acc = Math.min(r.acc - due, 1);
			if (due > 0) r.core.advance(due);
			chip8.paint(canvas, r.core.screen(), SCALE);
			if (r.core.status() !== 'running') {
				finishReplay(r);
				return;
			}
			showProgress(r);
			r.raf = requestAnimationFrame((t) => tick(r, t));
		}

		jumpButton.addEventListener('click', async () => {
			const r = replay;
			if (!r || r.done || r.jumping) return;
			cancelAnimationFrame(r.raf);
			r.jumping = true;
			jumpButton.disabled = true;
			while (alive && replay === r && r.core.status() === 'running') {
				if (r.core.advance(20_000) === 0) break;
				showProgress(r);
				// Let the page breathe between slices of a long log.
				await new Promise((resolve) => setTimeout(resolve, 0));
			}
			if (alive && replay === r) finishReplay(r);
		});

		function finishReplay(r: Replay, refused?: string) {
			r.done = true;
			cancelAnimationFrame(r.raf);
			jumpButton.disabled = true;
			const code = r.core.statusCode();
			const frames = r.core.frames();
			const hash = refused ? null : r.core.hash();
			chip8.paint(canvas, r.core.screen(), SCALE);
			showProgress(r);
			const rows: [string, Node | string][] = [['replay of', r.label]];
			try {
				const { seed, rom, log } = chip8.decodeInput(r.input);
				rows.push(['seed', seed.toString()], ['ROM', `${rom.length} bytes`], ['input log', `${log.length} bytes${r.total !== null ? `, ${r.total.toLocaleString('en-US')} frames` : ''}`]);
			} catch {
				rows.push(['input', `${r.input.length} bytes`]);
			}
			rows.push(['ended', refused ? `refused: ${refused}` : chip8.codeText(code)]);
			rows.push(['frames run', frames.toLocaleString('en-US')]);
			if (hash) rows.push(['final state hash', h('span', { class: 'mono' }, u8aToHex(hash))]);
			resultBox.replaceChildren(kv(rows));
			if (hash && code === 1) {
				resultBox.dataset.hash = u8aToHex(hash);
				resultBox.dataset.frames = String(frames);
			}
			const faulted = refused !== undefined || code < 0;
			const verdict = (match: boolean | null, text: string) => {
				verdictEl.className = match === null ? 'muted' : match ? 'ok' : 'error';
				if (match === null) verdictEl.removeAttribute('data-match');
				else verdictEl.dataset.match = String(match);
				verdictEl.style.fontWeight = match === null ? '' : '600';
				verdictEl.textContent = text;
			};
			const e = r.expected;
			if (e.kind === 'local') return verdict(null, 'a local replay: no settled command to compare with');
			if (e.kind === 'open') return verdict(null, 'the command has not settled yet: nothing to compare with (replay it again once it has)');
			if (e.kind === 'timed-out') return verdict(null, 'the command timed out: no executor settled an output');
			if (e.exit === 'Trapped') {
				return faulted
					? verdict(true, `matches what the executors settled: the core stopped (${refused ?? chip8.codeText(code)}) and the command trapped`)
					: verdict(false, 'MISMATCH: the replay finished, but the executors settled the command as Trapped');
			}
			if (e.exit === 'OutOfFuel') return verdict(null, `the executors ran out of fuel; the replay ${faulted ? 'stopped' : 'finished'} after ${frames} frames: nothing to compare`);
			if (e.exit !== 'Ok') return verdict(null, `the command settled as ${e.exit}: nothing to compare`);
			if (e.outputSealed) return verdict(null, 'the settled output is sealed to the submitter: it cannot be compared here');
			if (faulted || !hash) return verdict(false, `MISMATCH: the replay stopped (${refused ?? chip8.codeText(code)}) but the executors settled an output`);
			const settled = chip8.parseOutput(e.output);
			if (!settled) return verdict(false, `MISMATCH: the settled output is ${e.output.length} bytes, not the ${chip8.OUTPUT_LEN} of a chip8 command (the wrong program?)`);
			const local = chip8.encodeOutput(hash, frames);
			const hashOk = u8aToHex(settled.hash) === u8aToHex(hash);
			const framesOk = settled.frames === frames;
			const outputHashOk = u8aToHex(sha256Bytes(local)) === e.outputHash.toLowerCase();
			if (hashOk && framesOk && outputHashOk) {
				return verdict(true, `matches what the executors settled: state hash ${short(u8aToHex(hash), 6)} after ${frames.toLocaleString('en-US')} frames, and the SHA-256 of that output is the settled output hash`);
			}
			const diffs = [
				hashOk ? '' : `state hash ${short(u8aToHex(hash), 6)} here, ${short(u8aToHex(settled.hash), 6)} settled`,
				framesOk ? '' : `${frames} frames here, ${settled.frames} settled`,
				outputHashOk ? '' : 'the output hash differs from the settled one',
			].filter(Boolean);
			return verdict(false, `MISMATCH with what the executors settled: ${diffs.join('; ')}`);
		}

		// ---- Live refresh ---------------------------------------------------------------------
		const refresh = coalesce(
			async () => {
				if (!alive) return;
				const head = best;
				if (storage) {
					if (scanFrom < 0) {
						scanFrom = head;
						top = head;
						void history();
					} else {
						await scanForward(head);
						if (historyRetry) {
							historyRetry = false;
							void history();
						}
					}
				}
				await Promise.all([loadLedger(), refreshCommands(), loadMore()]);
				if (!alive) return;
				clearError();
				renderGames();
				renderSessions();
				renderScanned();
			},
			(err) => showError('could not read the games ledger', err),
		);

		void loadWasm();
		const stop = ctx.onHeads((heads) => {
			if (heads.best === best) return;
			best = heads.best;
			void refresh();
		});
		return () => {
			alive = false;
			stopReplay();
			stop();
		};
	},
};

export default page;
