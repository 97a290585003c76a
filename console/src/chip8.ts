// The CHIP-8 core in the browser: a typed wrapper around `chip8-web.wasm`, the `aether-emulator`
// core (programs/emulator) compiled to WebAssembly for the console. It is the same Rust code the
// `chip8` command program runs in the executors' sandbox, so a replay here ends on the same state
// hash and frame count as the command settled on chain.
//
// The module imports nothing and exports (C ABI, every value an i32):
//
// | export | does |
// |---|---|
// | `memory` | the module's memory |
// | `input_ptr(len) -> ptr` | reserves an input buffer of `len` bytes; the caller writes the input there |
// | `load(len) -> i32` | loads the input: exactly a `chip8` command's input, `seed u64 LE ‖ rom_len u16 LE ‖ rom ‖ input log`; 0 ok, negative an error |
// | `advance(max_frames) -> u32` | runs at most `max_frames` frames of the log; the frames run, 0 when done |
// | `status() -> i32` | 0 running, 1 finished (the log is replayed), negative: nothing loaded, a refused input or a fault (`CODES`) |
// | `frames() -> u32` | frames run so far |
// | `screen_ptr() -> ptr` | 2048 bytes, 64 × 32 pixels row-major, one byte per pixel (0 or 1) |
// | `hash_ptr() -> ptr` | the 32-byte state hash now (SHA-256 of the saved state) |
//
// The `chip8` command's output is `state hash (32 bytes) ‖ frames (u32 LE)` (programs/emulator/src/
// command.rs); `parseOutput` reads it. The input log is `aether_emulator::input_log`'s run-length
// encoding: runs of `keys u16 LE ‖ frames LEB128` (`logFrames` counts them). The codes and the
// contract are documented in programs/web/chip8/src/lib.rs.

/** Screen width and height in pixels. */
export const SCREEN_WIDTH = 64;
export const SCREEN_HEIGHT = 32;
/** Bytes of `screen_ptr`. */
export const SCREEN_LEN = SCREEN_WIDTH * SCREEN_HEIGHT;
/** Bytes of a state hash. */
export const HASH_LEN = 32;
/** Bytes before the ROM in a command input: the seed (u64) and the ROM's length (u16). */
export const HEADER_LEN = 10;
/** Bytes of a `chip8` command's output: the state hash and the frame count. */
export const OUTPUT_LEN = HASH_LEN + 4;
/** Largest ROM: memory above 0x200. */
export const MAX_ROM_LEN = 4096 - 0x200;

/** The file the console serves the core as, relative to the page. */
export const CORE_FILE = 'chip8-web.wasm';

/** The exports of `chip8-web.wasm`. */
interface Exports {
	memory: WebAssembly.Memory;
	input_ptr(len: number): number;
	load(len: number): number;
	advance(maxFrames: number): number;
	status(): number;
	frames(): number;
	screen_ptr(): number;
	hash_ptr(): number;
}

const FUNCTIONS = ['input_ptr', 'load', 'advance', 'status', 'frames', 'screen_ptr', 'hash_ptr'] as const;

/** The negative codes of `load` and `status` (programs/web/chip8/src/lib.rs). */
export const CODES: Record<number, string> = {
	[-1]: 'nothing loaded',
	[-2]: 'the input is shorter than its 10-byte header or than the ROM it announces',
	[-3]: `the ROM is over ${MAX_ROM_LEN} bytes`,
	[-4]: 'the input log is not canonical',
	[-5]: 'the length is larger than the input buffer',
	[-16]: 'fault: unknown opcode',
	[-17]: 'fault: stack overflow',
	[-18]: 'fault: stack underflow',
	[-19]: 'fault: program counter outside memory',
	[-20]: 'fault: access at I outside memory',
};

/** A code of `load` or `status` in words. */
export function codeText(code: number): string {
	return code === 0 ? 'running' : code === 1 ? 'finished' : (CODES[code] ?? `error ${code}`);
}

/** The core could not be fetched (not built, not served). */
export class CoreMissing extends Error {}

/** Where a replay is: `status()` read as a word. */
export type Status = 'running' | 'finished' | 'faulted';

/**
 * Fetches and compiles the core from `url` (relative to the page). Throws `CoreMissing` when it
 * is not served, and an `Error` when it is not the expected module (imports, missing exports).
 */
export async function loadCore(url = CORE_FILE): Promise<WebAssembly.Module> {
	let response: Response;
	try {
		response = await fetch(url, { cache: 'no-cache' });
	} catch (err) {
		throw new CoreMissing(`${url} could not be fetched: ${(err as Error).message}`);
	}
	if (!response.ok) throw new CoreMissing(`${url} is not served (HTTP ${response.status})`);
	const module = await WebAssembly.compile(await response.arrayBuffer());
	const imports = WebAssembly.Module.imports(module);
	if (imports.length) throw new Error(`${url} imports ${imports.map((i) => `${i.module}.${i.name}`).join(', ')}: the core must import nothing`);
	const exported = new Map(WebAssembly.Module.exports(module).map((e) => [e.name, e.kind]));
	const missing = [...FUNCTIONS.filter((f) => exported.get(f) !== 'function'), ...(exported.get('memory') === 'memory' ? [] : ['memory'])];
	if (missing.length) throw new Error(`${url} does not export ${missing.join(', ')}`);
	return module;
}

/** A CHIP-8 machine replaying one session: a fresh instance of the core. */
export class Chip8 {
	private constructor(private readonly x: Exports) {}

	/** A fresh instance of `module` (from `loadCore`). */
	static async create(module: WebAssembly.Module): Promise<Chip8> {
		const instance = await WebAssembly.instantiate(module, {});
		return new Chip8(instance.exports as unknown as Exports);
	}

	/** `len` bytes of the core's memory at `ptr` (a view: valid until the memory grows). */
	private view(ptr: number, len: number): Uint8Array {
		const at = ptr >>> 0;
		const buffer = this.x.memory.buffer;
		if (at + len > buffer.byteLength) throw new Error(`the core returned a pointer outside its memory (${at} + ${len})`);
		return new Uint8Array(buffer, at, len);
	}

	/**
	 * Loads a `chip8` command input (`seed ‖ rom_len ‖ rom ‖ input log`). Throws with the core's
	 * error code when it refuses the input (truncated, ROM too large, log not canonical): the
	 * `chip8` command traps on exactly these inputs.
	 */
	load(input: Uint8Array): void {
		const ptr = this.x.input_ptr(input.length);
		if (ptr === 0 && input.length > 0) throw new Error(`the core cannot hold a ${input.length}-byte input`);
		this.view(ptr, input.length).set(input);
		const code = this.x.load(input.length);
		if (code < 0) throw new Error(`the core refused the input (${code}: ${codeText(code)}); the chip8 command traps on it too`);
	}

	/** Runs at most `maxFrames` frames; returns the frames run (0 once the replay is over). */
	advance(maxFrames: number): number {
		return this.x.advance(Math.max(0, Math.min(Math.floor(maxFrames), 0x7fff_ffff))) >>> 0;
	}

	/** The raw status: 0 running, 1 finished, negative a fault (see `CODES`). */
	statusCode(): number {
		return this.x.status();
	}

	status(): Status {
		const code = this.x.status();
		return code === 0 ? 'running' : code === 1 ? 'finished' : 'faulted';
	}

	/** Frames run so far. */
	frames(): number {
		return this.x.frames() >>> 0;
	}

	/** A copy of the screen: 64 × 32 bytes, row-major, 1 for a lit pixel. */
	screen(): Uint8Array {
		return this.view(this.x.screen_ptr(), SCREEN_LEN).slice();
	}

	/** A copy of the state hash now. */
	hash(): Uint8Array {
		return this.view(this.x.hash_ptr(), HASH_LEN).slice();
	}
}

/** A `chip8` command input for `rom` seeded with `seed`, replaying the encoded input log `log`. */
export function encodeInput(seed: bigint, rom: Uint8Array, log: Uint8Array): Uint8Array {
	if (seed < 0n || seed >= 1n << 64n) throw new Error('the seed must be a 64-bit unsigned integer');
	if (rom.length > MAX_ROM_LEN) throw new Error(`the ROM is ${rom.length} bytes; at most ${MAX_ROM_LEN} fit in memory`);
	const input = new Uint8Array(HEADER_LEN + rom.length + log.length);
	const view = new DataView(input.buffer);
	view.setBigUint64(0, seed, true);
	view.setUint16(8, rom.length, true);
	input.set(rom, HEADER_LEN);
	input.set(log, HEADER_LEN + rom.length);
	return input;
}

/** The seed, ROM and input log of a command input; throws when it is shorter than it says. */
export function decodeInput(input: Uint8Array): { seed: bigint; rom: Uint8Array; log: Uint8Array } {
	if (input.length < HEADER_LEN) throw new Error(`the input is ${input.length} bytes, shorter than its ${HEADER_LEN}-byte header`);
	const view = new DataView(input.buffer, input.byteOffset, input.byteLength);
	const romLen = view.getUint16(8, true);
	if (input.length < HEADER_LEN + romLen) throw new Error(`the input announces a ${romLen}-byte ROM but holds ${input.length - HEADER_LEN} bytes after its header`);
	return { seed: view.getBigUint64(0, true), rom: input.slice(HEADER_LEN, HEADER_LEN + romLen), log: input.slice(HEADER_LEN + romLen) };
}

/** A `chip8` command's output: the final state hash and frame count, or `null` if not 36 bytes. */
export function parseOutput(output: Uint8Array): { hash: Uint8Array; frames: number } | null {
	if (output.length !== OUTPUT_LEN) return null;
	return { hash: output.slice(0, HASH_LEN), frames: new DataView(output.buffer, output.byteOffset + HASH_LEN, 4).getUint32(0, true) };
}

/** The output the command writes for a final `hash` and `frames`. */
export function encodeOutput(hash: Uint8Array, frames: number): Uint8Array {
	const out = new Uint8Array(OUTPUT_LEN);
	out.set(hash.subarray(0, HASH_LEN));
	new DataView(out.buffer).setUint32(HASH_LEN, frames >>> 0, true);
	return out;
}

/**
 * Frames in an encoded input log (runs of `keys u16 LE ‖ frames LEB128`), or `null` when it is
 * truncated or has an empty run. (The core checks the rest of canonicity.)
 */
export function logFrames(log: Uint8Array): number | null {
	let at = 0;
	let total = 0;
	while (at < log.length) {
		if (at + 2 >= log.length) return null;
		at += 2;
		let count = 0;
		let shift = 0;
		for (;;) {
			if (at >= log.length || shift > 28) return null;
			const byte = log[at++];
			count += (byte & 0x7f) * 2 ** shift;
			shift += 7;
			if (!(byte & 0x80)) break;
		}
		if (count === 0) return null;
		total += count;
	}
	return total;
}

/** Paints a 64 × 32 screen on `canvas`, each pixel a `scale` × `scale` square. */
export function paint(canvas: HTMLCanvasElement, screen: Uint8Array, scale = 8, on = '#cfc3ff', off = '#241b3a'): void {
	const g = canvas.getContext('2d');
	if (!g) return;
	g.fillStyle = off;
	g.fillRect(0, 0, SCREEN_WIDTH * scale, SCREEN_HEIGHT * scale);
	g.fillStyle = on;
	for (let y = 0; y < SCREEN_HEIGHT; y++) {
		for (let x = 0; x < SCREEN_WIDTH; x++) {
			if (screen[y * SCREEN_WIDTH + x]) g.fillRect(x * scale, y * scale, scale, scale);
		}
	}
}
