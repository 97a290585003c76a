// Helpers for the network tests: start and stop real aether-node processes, talk JSON-RPC to
// them, and decode the SCALE digests of their headers. Node.js standard library only.
//
// Every node started here is registered; `cleanupAll()` (called by each test's `after` hook) and
// the process exit / signal handlers below stop them all, so a test never leaves a node behind.

import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleepRaw } from 'node:timers/promises';

// ---------------------------------------------------------------------------------------------
// Configuration

/** The node binary: `$AETHER_NODE`, else the default debug build. */
export const NODE_BIN =
	process.env.AETHER_NODE ||
	path.join(
		process.env.CARGO_TARGET_DIR || path.join(os.homedir(), '.cache/aether-chain/target'),
		'debug/aether-node',
	);

/** The `aether` shell: `$AETHER_SHELL`, else next to the node binary. */
export const SHELL_BIN = process.env.AETHER_SHELL || path.join(path.dirname(NODE_BIN), 'aether');

/** Peer id of node key 0x00…01 (the bootnode of the multi-node tests). */
export const BOOTNODE_PEER_ID = '12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp';

/**
 * Write the chain spec of `chain` (plain JSON, from `aether-node build-spec`) to `file`, with
 * only the first `validators` session-key entries of its genesis: e.g. a three-validator network
 * from the four-validator `local` preset. Returns `file`.
 */
export function buildSpec(chain, file, { validators } = {}) {
	const json = execFileSync(NODE_BIN, ['build-spec', '--chain', chain, '--disable-default-bootnode'], {
		maxBuffer: 64 * 1024 * 1024,
		stdio: ['ignore', 'pipe', 'ignore'],
	});
	const spec = JSON.parse(json.toString());
	if (validators !== undefined) {
		let found = 0;
		const visit = (value) => {
			if (!value || typeof value !== 'object') return;
			if (value.session && Array.isArray(value.session.keys)) {
				value.session.keys = value.session.keys.slice(0, validators);
				found += 1;
			}
			Object.values(value).forEach(visit);
		};
		visit(spec.genesis);
		if (found !== 1) throw new Error(`expected one session.keys list in the ${chain} spec, found ${found}`);
	}
	fs.writeFileSync(file, JSON.stringify(spec));
	return file;
}

/** The PoC consensus engine id in digests. */
export const POC_ENGINE_ID = 'AEPC';

/** Node key `i` as 64 hex digits (no 0x): 00…0i. */
export function nodeKey(i) {
	return BigInt(i).toString(16).padStart(64, '0');
}

export function sleep(ms, signal) {
	return sleepRaw(ms, undefined, signal ? { signal } : undefined);
}

// ---------------------------------------------------------------------------------------------
// Ports: a random base per run, each port checked free on 127.0.0.1, all below the kernel's
// ephemeral range. A port in that range can be taken at any moment by an outgoing connection's
// source port (one node dialling another), and a node whose `--rpc-port` is taken does not fail:
// sc-cli quietly binds a random port instead.

function portIsFree(port) {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
			server.close(() => resolve(true));
		});
	});
}

/** The first port of the kernel's ephemeral range (Linux default 32768). */
function ephemeralLow() {
	try {
		const low = parseInt(fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8'), 10);
		if (low > 2000) return low;
	} catch {
		// not Linux: keep the default
	}
	return 32768;
}

const EPHEMERAL_LOW = ephemeralLow();
const PORT_MIN = Math.min(20000, EPHEMERAL_LOW - 2000);
const PORT_MAX = EPHEMERAL_LOW - 1;
let nextPort = PORT_MIN + Math.floor(Math.random() * (PORT_MAX - PORT_MIN - 1000));

/** `count` free TCP ports on 127.0.0.1 from this run's range. */
export async function freePorts(count) {
	const ports = [];
	while (ports.length < count) {
		if (nextPort > PORT_MAX) nextPort = PORT_MIN;
		const port = nextPort++;
		if (await portIsFree(port)) ports.push(port);
	}
	return ports;
}

// ---------------------------------------------------------------------------------------------
// Temporary directories

/** A fresh temporary directory for one test file; removed by `cleanupAll`. */
export function makeTempDir(label) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), `aether-${label}-`));
	tempDirs.add(dir);
	return dir;
}

const tempDirs = new Set();

// ---------------------------------------------------------------------------------------------
// Nodes

const liveNodes = new Set();

function killAllNow() {
	for (const node of liveNodes) {
		try {
			node.child.kill('SIGKILL');
		} catch {
			// already gone
		}
	}
}

// Last resort (signals, uncaught errors): kill every node, remove the temporary directories.
process.on('exit', () => {
	killAllNow();
	if (process.env.AETHER_KEEP_TMP !== '1') {
		for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
	}
});
for (const [signal, code] of [
	['SIGINT', 130],
	['SIGTERM', 143],
	['SIGHUP', 129],
]) {
	process.once(signal, () => {
		killAllNow();
		process.exit(code);
	});
}

/**
 * Start an aether-node.
 *
 * @param {object} o
 * @param {string} o.name        node name (also `--name`)
 * @param {string[]} o.args      chain and role flags, e.g. ['--chain', 'local', '--validator', '--alice']
 * @param {string} o.basePath    `--base-path`; the log goes to `<basePath>/node.log`
 * @param {number} o.rpcPort
 * @param {number} o.p2pPort     libp2p TCP port, listened on at 127.0.0.1 only
 * @param {string} o.nodeKey     64 hex digits
 * @param {string[]} [o.bootnodes]
 * @param {number} [o.prometheusPort] serve Prometheus metrics there (127.0.0.1); none without it
 */
export function startNode({ name, args = [], basePath, rpcPort, p2pPort, nodeKey, bootnodes = [], prometheusPort }) {
	if (!fs.existsSync(NODE_BIN)) {
		throw new Error(`node binary not found: ${NODE_BIN} (build it, or set AETHER_NODE)`);
	}
	fs.mkdirSync(basePath, { recursive: true });
	const logPath = path.join(basePath, 'node.log');
	const argv = [
		...args,
		'--name', name,
		'--base-path', basePath,
		// The p2p port is in the listen address: sc-cli rejects `--port` together with `--listen-addr`.
		'--listen-addr', `/ip4/127.0.0.1/tcp/${p2pPort}`,
		'--rpc-port', String(rpcPort),
		...(prometheusPort ? ['--prometheus-port', String(prometheusPort)] : ['--no-prometheus']),
		'--no-telemetry',
		'--no-mdns',
		'--node-key', nodeKey,
		'--rpc-cors', 'all',
		'--database', 'paritydb',
	];
	if (bootnodes.length) argv.push('--bootnodes', ...bootnodes);

	return spawnLogged({ name, bin: NODE_BIN, argv, basePath, logPath, extra: { rpcPort, p2pPort } });
}

/**
 * Start any process with its output appended to `logPath`, tracked like a node: `stopNode`,
 * `killNode`, `cleanupAll` and the exit handlers stop it, `printLogTails` shows its log.
 *
 * @param {object} o
 * @param {string} o.name      shown in log tails
 * @param {string} o.bin       executable
 * @param {string[]} o.argv    its arguments
 * @param {string} o.basePath  its directory
 * @param {string} o.logPath   where its stdout and stderr go
 * @param {object} [o.extra]   more fields for the returned record
 * @param {object} [o.env]     environment (default: this process's)
 */
export function spawnLogged({ name, bin, argv, basePath, logPath, extra = {}, env = process.env }) {
	fs.appendFileSync(logPath, `\n===== ${new Date().toISOString()} start: ${bin} ${argv.join(' ')}\n`);
	const fd = fs.openSync(logPath, 'a');
	const child = spawn(bin, argv, { stdio: ['ignore', fd, fd], env });
	fs.closeSync(fd);

	const node = { name, basePath, logPath, ...extra, child, exitCode: undefined };
	node.exited = new Promise((resolve) => {
		child.once('exit', (code, signal) => {
			node.exitCode = code ?? signal;
			liveNodes.delete(node);
			resolve(node.exitCode);
		});
		child.once('error', (err) => {
			node.exitCode = `spawn error: ${err.message}`;
			liveNodes.delete(node);
			resolve(node.exitCode);
		});
	});
	liveNodes.add(node);
	return node;
}

export function isRunning(node) {
	return node.exitCode === undefined;
}

/** Stop a node: SIGTERM, then SIGKILL after `graceMs`. Resolves when it has exited. */
export async function stopNode(node, graceMs = 10_000) {
	if (!isRunning(node)) return node.exitCode;
	node.child.kill('SIGTERM');
	const timer = setTimeout(() => {
		if (isRunning(node)) node.child.kill('SIGKILL');
	}, graceMs);
	try {
		return await node.exited;
	} finally {
		clearTimeout(timer);
	}
}

/** Crash a node: SIGKILL, no chance to flush anything. Resolves when it has exited. */
export async function killNode(node) {
	if (!isRunning(node)) return node.exitCode;
	node.child.kill('SIGKILL');
	return node.exited;
}

/** Stop every node still running (gracefully, in parallel) and remove the temporary directories. */
export async function cleanupAll({ keepDirs = process.env.AETHER_KEEP_TMP === '1' } = {}) {
	await Promise.all([...liveNodes].map((node) => stopNode(node)));
	for (const dir of tempDirs) {
		if (keepDirs) {
			console.log(`kept ${dir} (AETHER_KEEP_TMP=1)`);
		} else {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	}
	tempDirs.clear();
}

/** The last `lines` lines of a node's log. */
export function logTail(node, lines = 60) {
	try {
		const text = fs.readFileSync(node.logPath, 'utf8');
		return text.split('\n').slice(-lines - 1).join('\n');
	} catch (err) {
		return `(no log: ${err.message})`;
	}
}

/** Print the tail of each node's log (on failure). */
export function printLogTails(nodes, lines = 60) {
	for (const node of nodes) {
		const state = isRunning(node) ? 'running' : `exited (${node.exitCode})`;
		console.error(
			`\n----- last ${lines} lines of ${node.name} (${node.logPath}, ${state}) -----\n` +
				logTail(node, lines) +
				`\n----- end of ${node.name} -----`,
		);
	}
}

// ---------------------------------------------------------------------------------------------
// JSON-RPC over HTTP (Substrate serves HTTP and WebSocket on the one RPC port)

let rpcId = 0;

/** Call `method` on the node at `port`; resolves to `result`, throws on an error reply. */
export async function rpc(port, method, params = [], { timeoutMs = 10_000 } = {}) {
	const response = await fetch(`http://127.0.0.1:${port}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ jsonrpc: '2.0', id: ++rpcId, method, params }),
		signal: AbortSignal.timeout(timeoutMs),
	});
	const text = await response.text();
	let body;
	try {
		body = JSON.parse(text);
	} catch {
		throw new Error(`${method}: HTTP ${response.status}, not JSON: ${text.slice(0, 200)}`);
	}
	if (body.error) {
		throw new Error(`${method}: RPC error ${body.error.code}: ${body.error.message}`);
	}
	return body.result;
}

/** Wait until the node answers RPC; fails early if the process exits. */
export async function waitForRpc(node, { timeoutMs = 180_000, signal } = {}) {
	const deadline = Date.now() + timeoutMs;
	let lastError;
	while (Date.now() < deadline) {
		if (!isRunning(node)) {
			throw new Error(`${node.name} exited (${node.exitCode}) before its RPC came up`);
		}
		try {
			await rpc(node.rpcPort, 'chain_getHeader', [], { timeoutMs: 2_000 });
			return;
		} catch (err) {
			lastError = err;
		}
		const moved = servedRpcPort(node);
		if (moved !== undefined && moved !== node.rpcPort) {
			throw new Error(
				`${node.name}: its RPC port ${node.rpcPort} was taken by another process; the node ` +
					`serves RPC on ${moved} instead (sc-cli falls back to a random port)`,
			);
		}
		await sleep(500, signal);
	}
	throw new Error(
		`${node.name}: no RPC on port ${node.rpcPort} after ${timeoutMs / 1000} s ` +
			`(${lastError?.message}); last lines of ${node.logPath}:\n${logTail(node, 20)}`,
	);
}

/**
 * The port on 127.0.0.1 the node's last start says it serves RPC on
 * (`Running JSON-RPC server: addr=127.0.0.1:PORT,…`), if it said so yet.
 */
function servedRpcPort(node) {
	let text;
	try {
		text = fs.readFileSync(node.logPath, 'utf8');
	} catch {
		return undefined;
	}
	const lastStart = text.lastIndexOf('\n===== ');
	const found = [...text.slice(Math.max(lastStart, 0)).matchAll(/Running JSON-RPC server: addr=127\.0\.0\.1:(\d+)/g)];
	return found.length ? parseInt(found[found.length - 1][1], 10) : undefined;
}

/** A header's number. */
export function headerNumber(header) {
	return parseInt(header.number, 16);
}

/** Best and finalized block of a node: `{ best, bestHash, bestHeader, finalized, finalizedHash }`. */
export async function chainHeads(port) {
	const bestHash = await rpc(port, 'chain_getBlockHash', []);
	const bestHeader = await rpc(port, 'chain_getHeader', [bestHash]);
	const finalizedHash = await rpc(port, 'chain_getFinalizedHead', []);
	const finalizedHeader = await rpc(port, 'chain_getHeader', [finalizedHash]);
	return {
		best: headerNumber(bestHeader),
		bestHash,
		bestHeader,
		finalized: headerNumber(finalizedHeader),
		finalizedHash,
	};
}

/** Poll `probe()` once a second until it returns a truthy value; throws after `timeoutMs`. */
export async function waitFor(what, probe, { timeoutMs, intervalMs = 1_000, signal } = {}) {
	const deadline = Date.now() + timeoutMs;
	let last;
	while (Date.now() < deadline) {
		try {
			const value = await probe();
			if (value) return value;
		} catch (err) {
			last = err;
		}
		await sleep(intervalMs, signal);
	}
	throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${last ? ` (${last.message})` : ''}`);
}

// ---------------------------------------------------------------------------------------------
// SCALE

export function hexToBytes(hex) {
	const h = hex.startsWith('0x') ? hex.slice(2) : hex;
	if (h.length % 2 !== 0 || /[^0-9a-fA-F]/.test(h)) throw new Error(`not hex: ${hex.slice(0, 20)}`);
	return Uint8Array.from(Buffer.from(h, 'hex'));
}

export function bytesToHex(bytes) {
	return '0x' + Buffer.from(bytes).toString('hex');
}

function readUintLE(bytes, offset, size) {
	if (offset + size > bytes.length) throw new Error(`SCALE: need ${size} bytes at ${offset}, have ${bytes.length - offset}`);
	let v = 0n;
	for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[offset + i]);
	return v;
}

/**
 * Decode a SCALE compact integer at `offset`. Returns `{ value: bigint, length }` (bytes used).
 * Modes (low two bits of the first byte): 0b00 one byte (< 2^6), 0b01 two bytes (< 2^14),
 * 0b10 four bytes (< 2^30), 0b11 big integer: (first byte >> 2) + 4 little-endian bytes follow.
 * Non-canonical encodings are rejected, as parity-scale-codec does.
 */
export function decodeCompact(bytes, offset = 0) {
	if (offset >= bytes.length) throw new Error('SCALE compact: no bytes');
	const mode = bytes[offset] & 0b11;
	if (mode === 0) return { value: BigInt(bytes[offset] >> 2), length: 1 };
	if (mode === 1) {
		const value = readUintLE(bytes, offset, 2) >> 2n;
		if (value < 1n << 6n) throw new Error('SCALE compact: non-canonical two-byte value');
		return { value, length: 2 };
	}
	if (mode === 2) {
		const value = readUintLE(bytes, offset, 4) >> 2n;
		if (value < 1n << 14n) throw new Error('SCALE compact: non-canonical four-byte value');
		return { value, length: 4 };
	}
	const size = (bytes[offset] >> 2) + 4;
	const value = readUintLE(bytes, offset + 1, size);
	// Canonical: the most significant byte is non-zero, and the value needs more than 30 bits.
	if (bytes[offset + size] === 0 || value < 1n << 30n) {
		throw new Error('SCALE compact: non-canonical big-integer value');
	}
	return { value, length: 1 + size };
}

/**
 * The pallet and call index of an unsigned ("bare") extrinsic given as hex, or null for a signed
 * one. Layout: compact length, version byte (bit 7 set when signed; 4 or 5 in the low bits),
 * then the call: pallet index, call index, arguments.
 */
export function bareCallIndex(extrinsicHex) {
	const bytes = hexToBytes(extrinsicHex);
	const { length } = decodeCompact(bytes, 0);
	const version = bytes[length];
	if (version === undefined || version & 0x80) return null;
	return { pallet: bytes[length + 1], call: bytes[length + 2] };
}

/** Encode a SCALE compact integer (for tests and tools). */
export function encodeCompact(n) {
	let v = BigInt(n);
	if (v < 0n) throw new Error('SCALE compact: negative');
	if (v < 1n << 6n) return Uint8Array.of(Number(v << 2n));
	if (v < 1n << 14n) return leBytes((v << 2n) | 1n, 2);
	if (v < 1n << 30n) return leBytes((v << 2n) | 2n, 4);
	const out = [];
	while (v > 0n) {
		out.push(Number(v & 0xffn));
		v >>= 8n;
	}
	if (out.length > 67) throw new Error('SCALE compact: more than 536 bits');
	return Uint8Array.from([((out.length - 4) << 2) | 0b11, ...out]);
}

function leBytes(v, size) {
	const out = new Uint8Array(size);
	for (let i = 0; i < size; i++) {
		out[i] = Number(v & 0xffn);
		v >>= 8n;
	}
	return out;
}

const DIGEST_TYPES = { 0: 'Other', 4: 'Consensus', 5: 'Seal', 6: 'PreRuntime', 8: 'RuntimeEnvironmentUpdated' };

/**
 * Decode one SCALE `DigestItem` (an entry of a header's `digest.logs`, as hex):
 * `{ type, engine?: string, data?: Uint8Array }`.
 */
export function decodeDigestItem(logHex) {
	const bytes = typeof logHex === 'string' ? hexToBytes(logHex) : logHex;
	if (bytes.length === 0) throw new Error('digest item: empty');
	const type = DIGEST_TYPES[bytes[0]];
	if (!type) throw new Error(`digest item: unknown variant ${bytes[0]}`);
	if (type === 'RuntimeEnvironmentUpdated') {
		if (bytes.length !== 1) throw new Error('digest item: trailing bytes');
		return { type };
	}
	let offset = 1;
	let engine;
	if (type !== 'Other') {
		if (bytes.length < 5) throw new Error('digest item: truncated engine id');
		engine = Buffer.from(bytes.subarray(1, 5)).toString('latin1');
		offset = 5;
	}
	const { value: len, length } = decodeCompact(bytes, offset);
	offset += length;
	if (BigInt(bytes.length - offset) !== len) {
		throw new Error(`digest item: length prefix ${len} but ${bytes.length - offset} bytes follow`);
	}
	return { type, engine, data: bytes.subarray(offset) };
}

/** Size of the PoC pre-digest: u32 + u64 + u8 + 32-byte VRF pre-output + 64-byte VRF proof. */
export const POC_PRE_DIGEST_LEN = 4 + 8 + 1 + 32 + 64;

/**
 * Decode the bytes of a PoC pre-digest:
 * `{ authorityIndex, slot, kind: 'Primary'|'Fallback', vrfPreOutput, vrfProof }` (slot a Number,
 * VRF parts as hex).
 */
export function parsePocPreDigest(data) {
	if (data.length !== POC_PRE_DIGEST_LEN) {
		throw new Error(`PoC pre-digest: ${data.length} bytes, expected ${POC_PRE_DIGEST_LEN}`);
	}
	const authorityIndex = Number(readUintLE(data, 0, 4));
	const slot = readUintLE(data, 4, 8);
	if (slot > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`PoC pre-digest: slot ${slot} too large`);
	const kindByte = data[12];
	const kind = kindByte === 0 ? 'Primary' : kindByte === 1 ? 'Fallback' : null;
	if (!kind) throw new Error(`PoC pre-digest: unknown claim kind ${kindByte}`);
	return {
		authorityIndex,
		slot: Number(slot),
		kind,
		vrfPreOutput: bytesToHex(data.subarray(13, 45)),
		vrfProof: bytesToHex(data.subarray(45, 109)),
	};
}

/**
 * The PoC pre-digest in one `digest.logs` entry, or `null` if the entry is not a PoC pre-runtime
 * digest (`0x06` ++ `AEPC` ++ compact length ++ bytes). Throws if it is one but malformed.
 */
export function decodePocPreDigest(logHex) {
	const item = decodeDigestItem(logHex);
	if (item.type !== 'PreRuntime' || item.engine !== POC_ENGINE_ID) return null;
	return parsePocPreDigest(item.data);
}

/** Whether one `digest.logs` entry is a PoC seal (`0x05` ++ `AEPC` ++ 64-byte signature). */
export function isPocSeal(logHex) {
	const item = decodeDigestItem(logHex);
	return item.type === 'Seal' && item.engine === POC_ENGINE_ID && item.data.length === 64;
}

/**
 * Check a header's PoC digests: exactly one PoC pre-digest and a PoC seal as the last item.
 * Returns `{ preDigest, problems: string[] }`.
 */
export function checkPocDigests(header) {
	const logs = header.digest?.logs ?? [];
	const problems = [];
	const preDigests = [];
	for (const log of logs) {
		try {
			const pre = decodePocPreDigest(log);
			if (pre) preDigests.push(pre);
		} catch (err) {
			problems.push(err.message);
		}
	}
	if (preDigests.length !== 1) problems.push(`${preDigests.length} PoC pre-digests`);
	let sealed = false;
	try {
		sealed = logs.length > 0 && isPocSeal(logs[logs.length - 1]);
	} catch (err) {
		problems.push(err.message);
	}
	if (!sealed) problems.push('last digest item is not a PoC seal');
	return { preDigest: preDigests[0], problems };
}

// ---------------------------------------------------------------------------------------------
// libp2p peer ids

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

function base58(bytes) {
	let n = BigInt(bytesToHex(bytes));
	let out = '';
	while (n > 0n) {
		out = BASE58[Number(n % 58n)] + out;
		n /= 58n;
	}
	for (const b of bytes) {
		if (b !== 0) break;
		out = '1' + out;
	}
	return out;
}

/** The libp2p peer id of an ed25519 node key (64 hex digits), as `--node-key` gives it. */
export function peerIdFromNodeKey(keyHex) {
	const seed = Buffer.from(hexToBytes(keyHex));
	const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
	const privateKey = crypto.createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
	const spki = crypto.createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
	const publicKey = spki.subarray(spki.length - 32);
	// protobuf PublicKey { Type = Ed25519 (1), Data = key }, in an identity multihash.
	const proto = Buffer.concat([Buffer.from([0x08, 0x01, 0x12, 0x20]), publicKey]);
	return base58(Buffer.concat([Buffer.from([0x00, proto.length]), proto]));
}

// ---------------------------------------------------------------------------------------------
// Statistics and printing

export function mean(xs) {
	return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(xs, p) {
	if (!xs.length) return NaN;
	const sorted = [...xs].sort((a, b) => a - b);
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Print `rows` ([label, value] pairs) as an aligned two-column table under `title`. */
export function printTable(title, rows) {
	const width = Math.max(...rows.map(([label]) => String(label).length));
	const lines = rows.map(([label, value]) => `  ${String(label).padEnd(width)}  ${value}`);
	const rule = '-'.repeat(Math.max(title.length, ...lines.map((l) => l.length)));
	console.log(`\n${title}\n${rule}\n${lines.join('\n')}\n${rule}`);
}
