// The game ledger end to end, on a dev chain whose validator (Alice) also runs an executor:
//
// 1. Tic-tac-toe, a proved game: the rules program and the move key (programs/out/keys/
//    tictactoe.vk) are registered, Alice and Bob play a whole game with the `aether` shell, which
//    replays the session, applies each move and proves it (`game move --rules tictactoe
//    --proving-key …`); X wins and takes both stakes. A move out of turn and a move with a forged
//    proof are refused with the pallet's named errors and change nothing; `game replay` checks
//    the hash chain and every move against the rules.
// 2. Connect four, an optimistic game: Bob claims a win he does not have; Alice challenges within
//    the window, the rules program runs as a command on Alice's executor and traps, and Bob
//    forfeits (Alice takes both stakes, her bond comes back). In a second session Bob challenges
//    a legal move of Alice's and loses his bond to her.
//
// Needs programs/out/{tictactoe,connect4}.wasm and programs/out/keys/tictactoe.{pk,vk}
// (./scripts/build-programs.sh --keys).

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
const UNIT = 10n ** 12n;

const run = { nodes: [], passed: 0, abort: new AbortController(), api: undefined, rpcPort: 0 };
let alice;
let bob;

function read(file) {
	if (!fs.existsSync(file)) throw new Error(`${file} is missing: run ./scripts/build-programs.sh --keys`);
	return fs.readFileSync(file);
}

const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest();

before(async () => {
	await cryptoWaitReady();
	for (const f of ['tictactoe.wasm', 'connect4.wasm', 'keys/tictactoe.pk', 'keys/tictactoe.vk']) read(path.join(OUT, f));
	const dir = L.makeTempDir('games');
	const ports = await L.freePorts(2);
	const node = L.startNode({
		name: 'alice',
		args: ['--dev', '--executor', '--executor-suri', '//Alice', '--proving-keys', KEYS],
		basePath: path.join(dir, 'alice'),
		p2pPort: ports[0],
		rpcPort: ports[1],
		nodeKey: L.nodeKey(1),
	});
	run.nodes.push(node);
	run.rpcPort = ports[1];
	await L.waitForRpc(node, { signal: run.abort.signal });
	run.api = await connect(run.rpcPort);
	const keyring = new Keyring({ type: 'sr25519' });
	alice = keyring.addFromUri('//Alice');
	bob = keyring.addFromUri('//Bob');
	// Alice's executor registers itself once its node runs.
	await L.waitFor('an active executor', async () => (await run.api.query.commands.activeExecutors()).length > 0, {
		timeoutMs: 120_000,
		signal: run.abort.signal,
	});
});

after(async () => {
	run.abort.abort();
	if (run.api) await run.api.disconnect().catch(() => {});
	if (run.passed < 2) L.printLogTails(run.nodes, 80);
	await L.cleanupAll();
});

function shell(suri, args) {
	return new Promise((resolve, reject) => {
		execFile(
			L.SHELL_BIN,
			['--url', `http://127.0.0.1:${run.rpcPort}`, '--suri', suri, ...args],
			{ timeout: 300_000 },
			(err, stdout, stderr) => (err ? reject(Object.assign(new Error(`${err.message}\n${stdout}\n${stderr}`), { stdout, stderr })) : resolve(stdout)),
		);
	});
}

/** The number printed after `label: ` by the shell. */
function printed(out, label) {
	const m = out.match(new RegExp(`${label}: (\\d+)`));
	assert.ok(m, `the shell printed ${label}:\n${out}`);
	return Number(m[1]);
}

async function registerProgram(file, signer) {
	const { api } = run;
	const limits = { maxMemoryPages: 16, maxOutput: 1024 };
	const { events } = await submit(api, api.tx.commands.registerProgram(u8aToHex(read(file)), limits, null), signer);
	return findEvent(events, 'commands', 'ProgramRegistered').data[0].toNumber();
}

const free = async (who) => (await run.api.query.system.account(who.address)).data.free.toBigInt();

test('tic-tac-toe: a proved game played with the shell, cheating refused', { timeout: 1_200_000 }, async () => {
	const { api } = run;
	const program = await registerProgram(path.join(OUT, 'tictactoe.wasm'), alice);
	const game = printed(
		await shell('//Alice', ['game', 'register', String(program), '--vk-file', path.join(KEYS, 'tictactoe.vk'), '--rules', 'tictactoe']),
		'game id',
	);
	const before = { alice: await free(alice), bob: await free(bob) };
	const session = printed(await shell('//Alice', ['game', 'create', String(game), '--stake', '1']), 'session id');
	await shell('//Bob', ['game', 'join', String(session)]);

	const pk = path.join(KEYS, 'tictactoe.pk');
	const move = (suri, cell) => shell(suri, ['game', 'move', String(session), cell, '--rules', 'tictactoe', '--proving-key', pk]);

	// Out of turn: Bob cannot open.
	await assert.rejects(move('//Bob', '04'), /NotYourTurn/);
	// A forged proof (128 random bytes) is refused, and nothing changes.
	const head = (await api.query.games.sessions(session)).unwrap().head.toHex();
	const forged = path.join(L.makeTempDir('forged'), 'proof.bin');
	fs.writeFileSync(forged, crypto.randomBytes(128));
	await assert.rejects(
		shell('//Alice', ['game', 'move', String(session), '04', '--rules', 'tictactoe', '--proof', forged]),
		/MalformedProof|InvalidProof/,
	);
	const s0 = (await api.query.games.sessions(session)).unwrap();
	assert.equal(s0.moves.toNumber(), 0);
	assert.equal(s0.head.toHex(), head);

	// X takes the top row: X 0, O 3, X 1, O 4, X 2.
	const line = [['//Alice', '00'], ['//Bob', '03'], ['//Alice', '01'], ['//Bob', '04']];
	for (const [who, cell] of line) await move(who, cell);
	const last = await move('//Alice', '02');
	const weight = last.match(/ExtrinsicSuccess \{ dispatch_info: DispatchEventInfo \{ weight: Weight \{ ref_time: (\d+)/);
	assert.ok(weight, 'the shell printed the move\'s weight');
	console.log(`# proved move (terminal, with the payout): declared weight ${(Number(weight[1]) / 1e9).toFixed(2)} ms`);
	assert.match(last, /X X X/, 'the shell shows the winning row');
	assert.equal((await api.query.games.sessions(session)).isNone, true, 'the session ended and its record is gone');

	const replay = await shell('//Alice', ['game', 'replay', String(session), '--rules', 'tictactoe']);
	assert.match(replay, /5 moves/);
	assert.match(replay, /every move is legal/);
	assert.match(replay, /Finished\(Winner\(0\)\)/);
	assert.ok(!/BROKEN/.test(replay));
	// Alice won Bob's stake (less her fees); Bob lost his stake and paid his fees.
	const after = { alice: await free(alice), bob: await free(bob) };
	assert.ok(after.bob <= before.bob - UNIT, 'Bob lost his stake');
	assert.ok(after.alice >= before.alice + UNIT / 2n, 'Alice received both stakes (less her fees)');
	console.log(`# tic-tac-toe session ${session}: 5 proved moves; Alice ${before.alice} -> ${after.alice}, Bob ${before.bob} -> ${after.bob}`);
	run.passed++;
});

/** Submit a move with @polkadot/api: the claimed state's hash and outcome are given. */
async function rawMove(signer, session, index, prevHash, bytes, newState, outcome) {
	const { api } = run;
	return submit(api, api.tx.games.makeMove(session, index, prevHash, u8aToHex(bytes), u8aToHex(sha256(newState)), outcome, null), signer);
}

async function waitChallenge(session, method) {
	const { api } = run;
	let found;
	await L.waitFor(`games.${method} for session ${session}`, async () => {
		const hash = await api.rpc.chain.getBlockHash();
		const events = await api.query.system.events.at(hash);
		found = events.find(({ event }) => event.section === 'games' && event.method === method && event.data.session?.toNumber() === session);
		return Boolean(found);
	}, { timeoutMs: 180_000, intervalMs: 500, signal: run.abort.signal });
	return found.event;
}

test('connect four: an optimistic cheat is challenged and forfeits; a false challenge loses its bond', { timeout: 900_000 }, async () => {
	const { api } = run;
	const program = await registerProgram(path.join(OUT, 'connect4.wasm'), alice);
	const empty = new Uint8Array(42);
	const params = { minSeats: 2, maxSeats: 2, rulesFuel: 10_000_000, initialHash: u8aToHex(sha256(empty)) };
	const { events } = await submit(api, api.tx.games.registerGame(program, null, params), alice);
	const game = findEvent(events, 'games', 'GameRegistered').data[0].toNumber();
	const open = async () => {
		const { events: ev } = await submit(api, api.tx.games.createSession(game, UNIT, u8aToHex(sha256(empty)), 2), alice);
		const id = findEvent(ev, 'games', 'SessionCreated').data[0].toNumber();
		await submit(api, api.tx.games.join(id), bob);
		return id;
	};

	// Session 1: Alice plays column 3 legally; Bob claims a win with one piece.
	const s1 = await open();
	const a1 = empty.slice();
	a1[3] = 1;
	const first = await rawMove(alice, s1, 0, u8aToHex(sha256(empty)), [3], a1, null);
	const info = findEvent(first.events, 'system', 'ExtrinsicSuccess').data[0];
	console.log(`# optimistic move: declared weight ${(info.weight.refTime.toNumber() / 1e9).toFixed(2)} ms`);
	const fake = a1.slice();
	fake[4] = 2;
	await rawMove(bob, s1, 1, u8aToHex(sha256(a1)), [4], fake, { Winner: 1 });
	const aliceBefore = await free(alice);
	const challenge = api.tx.games.challenge(s1, 1, u8aToHex(a1), u8aToHex(Uint8Array.from([4])));
	await submit(api, challenge, alice);
	const upheld = await waitChallenge(s1, 'ChallengeUpheld');
	console.log(`# session ${s1}: ${upheld.toString()}`);
	await L.waitFor(`session ${s1} ended`, async () => (await api.query.games.sessions(s1)).isNone, {
		timeoutMs: 60_000,
		signal: run.abort.signal,
	});
	assert.ok((await free(alice)) > aliceBefore + UNIT / 2n, 'Alice took the cheater\'s stake and her bond back');

	// Session 2: Bob challenges a legal move and loses his bond to Alice.
	const s2 = await open();
	const a2 = empty.slice();
	a2[0] = 1;
	await rawMove(alice, s2, 0, u8aToHex(sha256(empty)), [0], a2, null);
	const bobBefore = await free(bob);
	await submit(api, api.tx.games.challenge(s2, 0, u8aToHex(empty), u8aToHex(Uint8Array.from([0]))), bob);
	const rejected = await waitChallenge(s2, 'ChallengeRejected');
	console.log(`# session ${s2}: ${rejected.toString()}`);
	const bond = api.consts.games.challengeBond.toBigInt();
	assert.ok((await free(bob)) <= bobBefore - bond, 'Bob lost his bond');
	const s = (await api.query.games.sessions(s2)).unwrap();
	assert.equal(s.challenge.isNone, true, 'play resumes');
	assert.equal(s.moves.toNumber(), 1);
	run.passed++;
});
