// The Commands page: WASM programs and the commands that run them (pallet-commands, docs/commands.md).
//
// What it shows and where each figure comes from:
// - Register a program: `commands.registerProgram(wasm, limits, vk)`; the id comes from the
//   `ProgramRegistered` event, a refusal is the chain's module error (`commands.InvalidModule: …`).
//   The deposit shown beforehand is `consts.commands.programDeposit + programByteDeposit × size`.
// - Programs: storage `commands.programs` (owner, size, code hash, limits, verifying key, open
//   commands), re-read on every new best block.
// - Submit a command: `commands.submitCommand(program, input, fuel, fee, redundancy)`. A sealed
//   command follows `aether run --sealed` (node/shell/src/programs.rs): it submits only the
//   SHA-256 commitment with `reply_to` = this browser's reply keys (seal.ts, kept in
//   localStorage), reads the executors drawn from the `CommandSubmitted` event, seals the input to
//   each one's keys (storage `commands.executors`) under `aether/command-input/‖id` and posts the
//   envelopes with `commands.provideSealedInput` in assignment order.
// - Watching a command: storage `commands.openCommands(id)` (state, executors, reports) while it
//   is open, then `commands.results(id)` (exit, output, fuel, check, settling executors). A
//   sealed output is opened here with the reply keys (context `aether/command-output/‖id`) and
//   checked against the settled output hash.
// - Recent commands: the last ids below `commands.nextCommandId`, from the same two maps.

import type { Codec } from '@polkadot/types/types';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import type { Ctx, Page } from '../context';
import { coalesce, formatBalance, h, kv, parseBalance, short, table } from '../format';
import * as seal from '../seal';

/** How many of the latest commands the list shows. */
const RECENT = 15;

type Exit = 'Ok' | 'OutOfFuel' | 'Trapped' | 'InputUnreadable';
type State = 'AwaitingInput' | 'Running' | 'Settled' | 'TimedOut';
/** Integers as `toJSON` gives them: a number when it fits, else a hex or decimal string. */
type Int = number | string;

/** `ProgramInfo` as `toJSON` gives it. */
interface ProgramJson {
	owner: string;
	codeHash: string;
	len: number;
	limits: { maxMemoryPages: number; maxOutput: number };
	vk: number | null;
	deposit: Int;
	openCommands: number;
}

/** An open `Command` as `toJSON` gives it. */
interface OpenJson {
	owner: string;
	program: Int;
	inputCommitment: string;
	sealed: boolean;
	replyTo: string | null;
	fuelLimit: Int;
	fee: Int;
	executors: string[];
	reports: { executor: string; exit: Exit; outputHash: string; fuelUsed: Int }[];
	state: State;
	deadline: number;
}

/** A closed command's `StoredResult` as `toJSON` gives it. */
interface ResultJson {
	owner: string;
	program: Int;
	inputCommitment: string;
	sealed: boolean;
	fee: Int;
	assigned: string[];
	state: State;
	exit: Exit;
	output: string;
	outputSealed: boolean;
	outputHash: string;
	fuelUsed: Int;
	check: Record<string, number | null>;
	executors: string[];
	closedAt: number;
}

/** A command, open or closed, in one shape. */
interface CommandInfo {
	id: bigint;
	owner: string;
	program: bigint;
	inputCommitment: string;
	sealed: boolean;
	fee: bigint;
	/** The executors assigned, in envelope order. */
	executors: string[];
	state: State;
	/** Open commands: who reported so far, the fuel limit and the deadline. */
	reported: string[];
	fuelLimit?: bigint;
	deadline?: number;
	/** Closed commands. */
	closed?: {
		exit: Exit;
		output: Uint8Array;
		outputSealed: boolean;
		outputHash: string;
		fuelUsed: bigint;
		/** `undefined` for a proof, the number of agreeing executors for a quorum. */
		quorum?: number;
		/** The settling executors, or the silent ones of a time-out. */
		executors: string[];
		at: number;
	};
}

/** The stages a watched command goes through; `data-state` of #command-status. */
type Phase = 'submitted' | 'awaiting-input' | 'assigned' | 'reported' | 'settled' | 'timed-out' | 'failed';

interface Watch {
	id?: bigint;
	/** Whether this page sealed it: the chips then include the sealed-input stage. */
	sealed: boolean;
	phase: Phase;
	progress: string;
	error?: string;
	info?: CommandInfo;
	/** Block the command (or its envelopes) was included in, for "settled n blocks after". */
	includedAt?: number;
	/** Seen running (envelopes posted, executors at work): for the chips of a time-out. */
	ran?: boolean;
	/** The stage it was in when it failed. */
	failedAt?: Phase;
}

const big = (x: Int | null | undefined): bigint => BigInt(x ?? 0);
const json = <T>(c: Codec): T => c.toJSON() as unknown as T;

function fromOpen(id: bigint, c: OpenJson): CommandInfo {
	return {
		id,
		owner: c.owner,
		program: big(c.program),
		inputCommitment: c.inputCommitment,
		sealed: c.sealed,
		fee: big(c.fee),
		executors: c.executors,
		state: c.state,
		reported: c.reports.map((r) => r.executor),
		fuelLimit: big(c.fuelLimit),
		deadline: c.deadline,
	};
}

function fromResult(id: bigint, r: ResultJson): CommandInfo {
	const quorumKey = Object.keys(r.check).find((k) => k.toLowerCase() === 'quorum');
	return {
		id,
		owner: r.owner,
		program: big(r.program),
		inputCommitment: r.inputCommitment,
		sealed: r.sealed,
		fee: big(r.fee),
		executors: r.assigned,
		state: r.state,
		reported: [],
		closed: {
			exit: r.exit,
			output: hexToU8a(r.output),
			outputSealed: r.outputSealed,
			outputHash: r.outputHash,
			fuelUsed: big(r.fuelUsed),
			quorum: quorumKey ? Number(r.check[quorumKey]) : undefined,
			executors: r.executors,
			at: r.closedAt,
		},
	};
}

/** Commands `ids`, open or closed (`undefined` for an unknown id). Open is read first: a
 * command that settles between the two reads is then found among the results. */
async function loadCommands(ctx: Ctx, ids: bigint[]): Promise<(CommandInfo | undefined)[]> {
	if (!ids.length) return [];
	const q = ctx.api.query.commands;
	const open = await q.openCommands.multi(ids.map((id) => id.toString()));
	const closed = await q.results.multi(ids.map((id) => id.toString()));
	return ids.map((id, i) => {
		const r = json<ResultJson | null>(closed[i]);
		if (r) return fromResult(id, r);
		const o = json<OpenJson | null>(open[i]);
		return o ? fromOpen(id, o) : undefined;
	});
}

/** The output as text when it is printable UTF-8, else `undefined`. */
function printable(bytes: Uint8Array): string | undefined {
	if (!bytes.length) return undefined;
	try {
		const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
		// eslint-disable-next-line no-control-regex
		return /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(text) ? undefined : text;
	} catch {
		return undefined;
	}
}

/** The input as typed: UTF-8 text, or 0x-hex when asked. */
function parseInput(text: string, asHex: boolean): Uint8Array {
	if (!asHex) return new TextEncoder().encode(text);
	const clean = text.replace(/\s+/g, '');
	if (!/^(0x)?([0-9a-fA-F]{2})*$/.test(clean)) throw new Error('the input is not hex (0x followed by pairs of hex digits)');
	return hexToU8a(clean.startsWith('0x') ? clean : `0x${clean}`);
}

function checkText(info: CommandInfo): string {
	const closed = info.closed;
	if (!closed) return '';
	if (info.state === 'TimedOut') return 'not checked (timed out)';
	return closed.quorum === undefined ? 'Groth16 proof' : `quorum ${closed.quorum} of ${info.executors.length}`;
}

function stateText(info: CommandInfo): string {
	switch (info.state) {
		case 'AwaitingInput':
			return 'awaiting sealed input';
		case 'Running':
			return info.reported.length ? `running (${info.reported.length} of ${info.executors.length} reported)` : 'running';
		case 'Settled':
			return 'settled';
		case 'TimedOut':
			return 'timed out';
	}
}

const page: Page = {
	title: 'Commands',
	mount(ctx: Ctx, root: HTMLElement): () => void {
		const { api } = ctx;
		const { decimals, symbol } = ctx.token;
		const fmt = (planck: bigint) => formatBalance(planck, decimals, symbol, 6);
		let alive = true;

		// Chain constants: the bounds of the forms.
		const constant = (name: string, fallback: bigint): bigint => {
			const c = api.consts.commands?.[name];
			return c ? BigInt(c.toString()) : fallback;
		};
		const maxProgramSize = Number(constant('maxProgramSize', 512n * 1024n));
		const maxMemoryPages = Number(constant('maxMemoryPages', 256n));
		const maxIoLen = Number(constant('maxIoLen', 4096n));
		const maxRedundancy = Number(constant('maxRedundancy', 5n));
		const maxFuel = constant('maxFuel', 10_000_000_000n);
		const programDeposit = constant('programDeposit', 0n);
		const programByteDeposit = constant('programByteDeposit', 0n);

		// ---- Register a program -------------------------------------------------------------
		const fileInput = h('input', { type: 'file', id: 'program-file', accept: '.wasm' });
		const pagesInput = h('input', { type: 'number', id: 'program-max-memory-pages', min: '1', max: String(maxMemoryPages), value: '16', style: 'width:6em' });
		const outputInput = h('input', { type: 'number', id: 'program-max-output', min: '0', max: String(maxIoLen), value: '1024', style: 'width:7em' });
		const vkInput = h('input', { type: 'number', id: 'program-vk', min: '0', placeholder: 'none', style: 'width:6em' });
		const registerButton = h('button', { id: 'register-program', type: 'button' }, 'Register');
		const depositNote = h('span', { class: 'muted' });
		const registerResult = h('div', { id: 'register-result' });
		fileInput.addEventListener('change', () => {
			const file = fileInput.files?.[0];
			depositNote.textContent = file
				? `${file.size.toLocaleString('en-US')} bytes; deposit held: ${fmt(programDeposit + programByteDeposit * BigInt(file.size))}`
				: '';
		});
		registerButton.addEventListener('click', () => void register());

		// ---- Programs -------------------------------------------------------------------------
		const programsBox = h('div', { id: 'programs' }, h('p', { class: 'muted' }, 'loading…'));

		// ---- Submit ---------------------------------------------------------------------------
		const programSelect = h('select', { id: 'command-program' });
		const inputArea = h('textarea', { id: 'command-input', rows: '3', cols: '60', placeholder: 'input (UTF-8 text)' });
		const hexBox = h('input', { type: 'checkbox', id: 'command-input-hex' });
		const redundancyInput = h('input', { type: 'number', id: 'command-redundancy', min: '1', max: String(maxRedundancy), value: '1', style: 'width:4em' });
		const fuelInput = h('input', { type: 'number', id: 'command-fuel', min: '1', value: '100000000', style: 'width:10em' });
		const feeInput = h('input', { type: 'text', id: 'command-fee', value: '0.01', style: 'width:6em' });
		const sealedBox = h('input', { type: 'checkbox', id: 'command-sealed' });
		const submitButton = h('button', { id: 'submit-command', type: 'button' }, 'Submit');
		const executorsNote = h('span', { class: 'muted', id: 'active-executors' });
		const replyNote = h('p', { class: 'muted' });
		hexBox.addEventListener('change', () => {
			inputArea.placeholder = hexBox.checked ? 'input (0x-hex)' : 'input (UTF-8 text)';
		});
		submitButton.addEventListener('click', () => void submit());
		const showReplyKeys = () => {
			const keys = seal.existingReplyKeys();
			replyNote.textContent =
				'Sealed: the input goes on chain only as its SHA-256; it is sealed (ML-KEM-768 + secp256k1) to each assigned executor, ' +
				'and the output is sealed back to this browser’s reply keys, kept in localStorage' +
				(keys ? ` (fingerprint ${short(u8aToHex(seal.sha256Bytes(keys.public)), 4)}).` : ' (made on first use).') +
				' The same keys are used for every sealed command from this browser.';
		};
		showReplyKeys();

		// ---- Watched command ------------------------------------------------------------------
		const statusBox = h('div', { id: 'command-status', 'data-state': '' }, h('span', { class: 'muted' }, 'no command yet'));
		const detailsBox = h('div', { id: 'command-details' });
		const outputBox = h('div', { id: 'command-output' });
		const checkBox = h('span', { id: 'command-check' });

		// ---- Recent commands ------------------------------------------------------------------
		const recentBox = h('div', { id: 'recent-commands' }, h('p', { class: 'muted' }, 'loading…'));

		root.append(
			h(
				'section',
				{},
				h('h2', {}, 'Register a program'),
				h(
					'div',
					{ class: 'row' },
					fileInput,
					h('label', {}, 'memory pages ', pagesInput),
					h('label', {}, 'max output (bytes) ', outputInput),
					h('label', { title: 'id of a Groth16 verifying key registered with zkVerifier.registerKey: results must then be proved' }, 'verifying key ', vkInput),
					registerButton,
				),
				h('div', { class: 'row' }, depositNote),
				h(
					'p',
					{ class: 'muted' },
					`At most ${(maxProgramSize / 1024).toFixed(0)} KiB, ${maxMemoryPages} pages, ${maxIoLen} bytes of output. The module is checked on chain at registration: ` +
						'deterministic WebAssembly features only, imports only from module “aether”, exports memory and run.',
				),
				registerResult,
			),
			h('section', {}, h('h2', {}, 'Programs'), programsBox),
			h(
				'section',
				{},
				h('h2', {}, 'Submit a command'),
				h('div', { class: 'row' }, h('label', {}, 'program ', programSelect), executorsNote),
				h('div', { class: 'row' }, inputArea),
				h(
					'div',
					{ class: 'row' },
					h('label', {}, hexBox, ' input is 0x-hex'),
					h('label', {}, 'redundancy ', redundancyInput),
					h('label', {}, 'fuel limit ', fuelInput),
					h('label', {}, `fee (${symbol}) `, feeInput),
					h('label', {}, sealedBox, ' sealed'),
					submitButton,
				),
				replyNote,
			),
			h('section', {}, h('h2', {}, 'Command'), statusBox, detailsBox, outputBox, h('p', {}, 'checked by: ', checkBox)),
			h('section', {}, h('h2', {}, 'Recent commands'), recentBox),
		);

		// ---- State ----------------------------------------------------------------------------
		let programs: [bigint, ProgramJson][] = [];
		let watch: Watch | undefined;
		let best = 0;

		const renderPrograms = () => {
			const chosen = programSelect.value;
			programsBox.replaceChildren(
				programs.length
					? table(
							['id', 'owner', 'size', 'code sha256', 'limits', 'checked by', 'open commands'],
							programs.map(([id, p]) => [
								String(id),
								h('span', { class: 'mono', title: p.owner }, short(p.owner, 6)),
								`${p.len.toLocaleString('en-US')} B`,
								h('span', { class: 'mono', title: p.codeHash }, short(p.codeHash, 6)),
								`${p.limits.maxMemoryPages} pages, ${p.limits.maxOutput} B out`,
								p.vk === null ? 'quorum (no proof key)' : `Groth16 proof (key #${p.vk})`,
								String(p.openCommands),
							]),
						)
					: h('p', { class: 'muted' }, 'no program registered yet'),
			);
			programSelect.replaceChildren(
				...programs.map(([id, p]) =>
					h('option', { value: String(id) }, `#${id} · ${p.len.toLocaleString('en-US')} B · ${p.vk === null ? 'quorum' : 'proved'}`),
				),
			);
			if (programs.some(([id]) => String(id) === chosen)) programSelect.value = chosen;
			else if (programs.length) programSelect.value = String(programs[programs.length - 1][0]);
		};

		const loadPrograms = async () => {
			const entries = await api.query.commands.programs.entries();
			programs = entries
				.map(([key, value]): [bigint, ProgramJson] => [BigInt(key.args[0].toString()), json<ProgramJson>(value)])
				.sort((a, b) => (a[0] < b[0] ? -1 : 1));
			if (alive) renderPrograms();
		};

		const loadExecutors = async () => {
			const active = json<string[]>(await api.query.commands.activeExecutors());
			if (!alive) return;
			executorsNote.textContent = `${active.length} active executor${active.length === 1 ? '' : 's'}; redundancy at most ${Math.min(maxRedundancy, active.length)}`;
		};

		// ---- Register ---------------------------------------------------------------------------
		async function register() {
			registerResult.replaceChildren();
			const file = fileInput.files?.[0];
			const fail = (message: string) => registerResult.replaceChildren(h('p', { class: 'error' }, message));
			if (!file) return fail('choose a .wasm file first');
			if (file.size > maxProgramSize) return fail(`the module is ${file.size} bytes; the chain accepts at most ${maxProgramSize}`);
			const limits = { maxMemoryPages: Number(pagesInput.value), maxOutput: Number(outputInput.value) };
			if (!Number.isInteger(limits.maxMemoryPages) || limits.maxMemoryPages < 0 || !Number.isInteger(limits.maxOutput) || limits.maxOutput < 0) {
				return fail('the limits must be whole numbers');
			}
			const vk = vkInput.value.trim() === '' ? null : Number(vkInput.value);
			const wasm = new Uint8Array(await file.arrayBuffer());
			const progress = h('p', { class: 'muted' }, 'signing…');
			registerResult.replaceChildren(progress);
			registerButton.disabled = true;
			try {
				// Hex, not a Uint8Array: @polkadot/api would take raw bytes as already SCALE-encoded.
				const sent = await ctx.send(api.tx.commands.registerProgram(u8aToHex(wasm), limits, vk), (s) => (progress.textContent = s));
				const event = sent.events.find(({ event: e }) => e.section === 'commands' && e.method === 'ProgramRegistered')?.event;
				if (!event) throw new Error('the chain did not report the program (no ProgramRegistered event)');
				const id = event.data[0].toString();
				const [, , codeHash, len, , deposit] = event.data.map((d) => d.toString());
				registerResult.replaceChildren(
					h('p', { class: 'ok', 'data-program': id }, `program #${id} registered in block #${sent.blockNumber}`),
					h('p', { class: 'muted' }, `${Number(len).toLocaleString('en-US')} bytes, sha256 `, h('span', { class: 'mono' }, short(codeHash, 8)), `, deposit ${fmt(BigInt(deposit))}`),
				);
				await loadPrograms();
				programSelect.value = id;
			} catch (err) {
				fail((err as Error).message);
			} finally {
				registerButton.disabled = false;
			}
		}

		// ---- Submit and watch -------------------------------------------------------------------
		const STAGES: Record<Phase, string> = {
			submitted: 'submitted',
			'awaiting-input': 'awaiting sealed input',
			assigned: 'assigned',
			reported: 'reported',
			settled: 'settled',
			'timed-out': 'timed out',
			failed: 'failed',
		};

		function renderWatch() {
			if (!watch) return;
			const w = watch;
			// Sealed: the executors run it only once the envelopes are posted, so "assigned" (work
			// the executors can pick up) follows the sealed-input stage.
			const stages: Phase[] = w.sealed ? ['submitted', 'awaiting-input', 'assigned', 'reported', 'settled'] : ['submitted', 'assigned', 'reported', 'settled'];
			if (w.phase === 'timed-out') stages[stages.length - 1] = 'timed-out';
			let chips: HTMLElement[];
			if (w.phase === 'timed-out') {
				// Only the stages it reached are marked: a time-out can come before any of them.
				const closed = w.info?.closed;
				const someReported = !!closed && !!w.info && closed.executors.length < w.info.executors.length;
				const reached = (stage: Phase) =>
					stage === 'submitted' || (stage === 'reported' ? someReported : stage === 'timed-out' || someReported || !!w.ran);
				chips = stages.map((stage) =>
					stage === 'timed-out'
						? h('span', { class: 'state now', 'data-stage': stage, style: 'background:#ffd9d6' }, STAGES[stage])
						: h('span', { class: reached(stage) ? 'state done' : 'state', 'data-stage': stage, title: reached(stage) ? '' : 'not reached' }, STAGES[stage]),
				);
			} else {
				const finished = w.phase === 'settled';
				const current = stages.indexOf(w.phase === 'failed' ? (w.failedAt ?? 'submitted') : w.phase);
				chips = stages.map((stage, i) =>
					h('span', { class: finished || i < current ? 'state done' : i === current && w.phase !== 'failed' ? 'state now' : 'state', 'data-stage': stage }, STAGES[stage]),
				);
			}
			statusBox.replaceChildren(
				h('span', { class: 'mono' }, w.id === undefined ? 'new command ' : `command #${w.id} `),
				...chips,
				...(w.phase === 'failed' ? [h('span', { class: 'state now', 'data-stage': 'failed', style: 'background:#ffd9d6' }, 'failed')] : []),
				h('span', { class: 'muted' }, w.progress),
				...(w.error ? [h('p', { class: 'error' }, w.error)] : []),
			);
			renderDetails(w);
			statusBox.dataset.state = w.phase;
		}

		function renderDetails(w: Watch) {
			const info = w.info;
			if (!info) {
				detailsBox.replaceChildren();
				outputBox.replaceChildren();
				outputBox.removeAttribute('data-hex');
				checkBox.textContent = '';
				return;
			}
			const acct = (a: string) => h('span', { class: 'mono', title: a }, short(a, 6));
			const list = (xs: string[]) => (xs.length ? h('span', {}, ...xs.flatMap((x, i) => (i ? [', ', acct(x)] : [acct(x)]))) : '–');
			const rows: [string, Node | string][] = [
				['program', `#${info.program}`],
				['submitter', acct(info.owner)],
				['input sha256', h('span', { class: 'mono' }, info.inputCommitment)],
				['input', info.sealed ? 'sealed to the executors' : 'plain'],
				['state', stateText(info)],
				['fee', fmt(info.fee)],
				['assigned executors', list(info.executors)],
			];
			if (info.fuelLimit !== undefined) rows.push(['fuel limit', info.fuelLimit.toLocaleString('en-US')]);
			if (info.deadline !== undefined) rows.push(['deadline', `#${info.deadline}${best ? ` (${Math.max(0, info.deadline - best)} blocks left)` : ''}`]);
			if (!info.closed && info.state === 'Running') rows.push(['reported', list(info.reported)]);
			const closed = info.closed;
			if (closed && info.state === 'Settled') {
				rows.push(['exit', closed.exit]);
				rows.push(['fuel used', closed.fuelUsed.toLocaleString('en-US')]);
				rows.push(['executed by', list(closed.executors)]);
				const after = w.includedAt !== undefined ? ` (${closed.at - w.includedAt} block(s) after inclusion)` : '';
				rows.push(['settled at', `#${closed.at}${after}`]);
				rows.push(['output sha256', h('span', { class: 'mono' }, closed.outputHash)]);
			}
			if (closed && info.state === 'TimedOut') {
				rows.push(['timed out at', `#${closed.at}: the fee was refunded`]);
				rows.push(['never reported', list(closed.executors)]);
			}
			detailsBox.replaceChildren(kv(rows));
			checkBox.textContent = checkText(info);
			renderOutput(info);
		}

		function renderOutput(info: CommandInfo) {
			const closed = info.closed;
			outputBox.removeAttribute('data-opened');
			if (!closed || info.state !== 'Settled') {
				outputBox.replaceChildren();
				outputBox.removeAttribute('data-hex');
				return;
			}
			let bytes = closed.output;
			const notes: (Node | string)[] = [];
			if (closed.outputSealed) {
				const keys = seal.existingReplyKeys();
				try {
					if (!keys) throw new Error('this browser has no reply keys');
					const plain = seal.open(keys, closed.output, seal.outputContext(info.id));
					if (u8aToHex(seal.sha256Bytes(plain)) !== closed.outputHash) throw new Error('it opened but does not match the settled output hash');
					bytes = plain;
					outputBox.dataset.opened = 'true';
					notes.push(h('p', { class: 'ok' }, `sealed to the submitter (${closed.output.length} bytes on chain): opened in this browser, matches the settled hash`));
				} catch (err) {
					outputBox.dataset.opened = 'false';
					notes.push(h('p', { class: 'muted' }, `sealed to the submitter (${closed.output.length} bytes); not opened: ${(err as Error).message}`));
				}
			}
			const unopened = outputBox.dataset.opened === 'false';
			const text = closed.exit === 'Ok' && !unopened ? printable(bytes) : undefined;
			const hex = u8aToHex(bytes);
			outputBox.dataset.hex = hex;
			outputBox.replaceChildren(
				h('h3', {}, 'Output'),
				...notes,
				...(closed.exit !== 'Ok' ? [h('p', { class: 'muted' }, `no output: the run ended ${closed.exit}`)] : []),
				...(text !== undefined ? [h('pre', { class: 'mono', 'data-text': '' }, text)] : []),
				h(
					'p',
					{},
					// An envelope this browser cannot open is shown shortened (in full in data-hex).
					h('span', { class: 'mono', title: unopened ? hex : '' }, bytes.length ? (unopened ? short(hex, 32) : hex) : '(empty)'),
					h('span', { class: 'muted' }, ` · ${bytes.length} bytes`),
				),
			);
		}

		/** Phase of a command as read from the chain. */
		const phaseOf = (info: CommandInfo): Phase => {
			switch (info.state) {
				case 'AwaitingInput':
					return 'awaiting-input';
				case 'Running':
					return info.reported.length ? 'reported' : 'assigned';
				case 'Settled':
					return 'settled';
				case 'TimedOut':
					return 'timed-out';
			}
		};

		async function refreshWatch() {
			const w = watch;
			if (!w || w.id === undefined || w.phase === 'failed' || w.phase === 'submitted') return;
			const [info] = await loadCommands(ctx, [w.id]);
			if (!alive || watch !== w || !info) return;
			w.info = info;
			const phase = phaseOf(info);
			if (phase === 'assigned' || phase === 'reported') w.ran = true;
			// A sealed command this page is still posting envelopes for stays in its stage.
			if (!(w.phase === 'awaiting-input' && phase === 'awaiting-input')) w.phase = phase;
			if (phase === 'settled' || phase === 'timed-out') w.progress = '';
			renderWatch();
		}

		async function show(id: bigint) {
			watch = { id, sealed: false, phase: 'submitted', progress: 'reading…' };
			renderWatch();
			const [info] = await loadCommands(ctx, [id]);
			if (!alive || watch?.id !== id) return;
			if (!info) {
				watch.phase = 'failed';
				watch.error = `no command #${id}`;
			} else {
				watch.info = info;
				watch.sealed = info.sealed;
				watch.phase = phaseOf(info);
				watch.progress = '';
			}
			renderWatch();
		}

		async function submit() {
			const w: Watch = { sealed: sealedBox.checked, phase: 'submitted', progress: '' };
			watch = w;
			const fail = (message: string) => {
				if (w.phase !== 'failed') w.failedAt = w.phase;
				w.phase = 'failed';
				w.error = message;
				w.progress = '';
				if (watch === w) renderWatch();
			};
			let input: Uint8Array;
			let fee: bigint;
			let fuel: bigint;
			try {
				if (!programSelect.value) throw new Error('register a program first');
				input = parseInput(inputArea.value, hexBox.checked);
				if (input.length > maxIoLen) throw new Error(`the input is ${input.length} bytes; the chain accepts at most ${maxIoLen}`);
				fee = parseBalance(feeInput.value, decimals);
				if (!/^\d+$/.test(fuelInput.value.trim())) throw new Error('the fuel limit must be a whole number');
				fuel = BigInt(fuelInput.value.trim());
				if (fuel < 1n || fuel > maxFuel) throw new Error(`the fuel limit must be between 1 and ${maxFuel}`);
			} catch (err) {
				return fail((err as Error).message);
			}
			const program = programSelect.value;
			const redundancy = Number(redundancyInput.value);
			const progress = (s: string) => {
				w.progress = s;
				if (watch === w) renderWatch();
			};
			submitButton.disabled = true;
			try {
				const commitment = seal.sha256Bytes(input);
				const keys = w.sealed ? seal.replyKeys() : undefined;
				if (keys) showReplyKeys();
				const arg = keys
					? { Sealed: { commitment: u8aToHex(commitment), replyTo: u8aToHex(keys.public) } }
					: { Plain: u8aToHex(input) };
				renderWatch();
				const sent = await ctx.send(api.tx.commands.submitCommand(program, arg, fuel, fee, redundancy), progress);
				const event = sent.events.find(({ event: e }) => e.section === 'commands' && e.method === 'CommandSubmitted')?.event;
				if (!event) throw new Error('the chain did not report the command (no CommandSubmitted event)');
				const id = BigInt(event.data[0].toString());
				const executors = json<string[]>(event.data[5]);
				w.id = id;
				w.includedAt = sent.blockNumber;
				w.phase = keys ? 'awaiting-input' : 'assigned';
				w.ran = !keys;
				w.progress = `included in block #${sent.blockNumber}`;
				if (watch === w) renderWatch();
				if (keys) {
					// As `aether run --sealed`: one envelope per executor, in the order drawn, sealed
					// to the keys the chain holds for it now.
					progress('sealing the input to the executors…');
					const infos = await api.query.commands.executors.multi(executors);
					const envelopes = infos.map((c, i) => {
						const exec = json<{ sealKey: string } | null>(c);
						if (!exec) throw new Error(`executor ${executors[i]} is gone`);
						return u8aToHex(seal.seal(hexToU8a(exec.sealKey), input, seal.inputContext(id)));
					});
					const posted = await ctx.send(api.tx.commands.provideSealedInput(id.toString(), envelopes), (s) => progress(`sealed input: ${s}`));
					w.includedAt = posted.blockNumber;
					w.phase = 'assigned';
					w.ran = true;
					w.progress = `sealed input posted in block #${posted.blockNumber} (${envelopes.length} envelope${envelopes.length === 1 ? '' : 's'})`;
				}
				if (watch === w) await refreshWatch();
				void refreshRecent();
			} catch (err) {
				fail((err as Error).message);
			} finally {
				submitButton.disabled = false;
			}
		}

		// ---- Recent -----------------------------------------------------------------------------
		async function refreshRecent() {
			const next = BigInt((await api.query.commands.nextCommandId()).toString());
			const ids: bigint[] = [];
			for (let id = next - 1n; id >= 0n && ids.length < RECENT; id -= 1n) ids.push(id);
			const infos = await loadCommands(ctx, ids);
			if (!alive) return;
			const rows = infos.filter((x): x is CommandInfo => !!x);
			if (!rows.length) {
				recentBox.replaceChildren(h('p', { class: 'muted' }, 'no command yet'));
				return;
			}
			const t = table(
				['id', 'program', 'submitter', 'input', 'state', 'exit', 'fuel used', 'checked by', 'block'],
				rows.map((c) => [
					`#${c.id}`,
					`#${c.program}`,
					h('span', { class: 'mono', title: c.owner }, short(c.owner, 6)),
					c.sealed ? 'sealed' : 'plain',
					stateText(c),
					c.closed && c.state === 'Settled' ? c.closed.exit : '',
					c.closed && c.state === 'Settled' ? c.closed.fuelUsed.toLocaleString('en-US') : '',
					checkText(c),
					c.closed ? `#${c.closed.at}` : `deadline #${c.deadline ?? ''}`,
				]),
				{ id: 'commands-list' },
			);
			t.querySelectorAll('tbody tr').forEach((tr, i) => {
				const id = rows[i].id;
				tr.setAttribute('data-command', String(id));
				tr.setAttribute('style', 'cursor:pointer');
				tr.setAttribute('title', 'show this command');
				tr.addEventListener('click', () => void show(id));
			});
			recentBox.replaceChildren(t);
		}

		// ---- Live refresh -------------------------------------------------------------------------
		const refresh = coalesce(
			async () => {
				if (alive) await Promise.all([loadPrograms(), loadExecutors(), refreshRecent(), refreshWatch()]);
			},
			(err) => console.error('commands page refresh failed', err),
		);
		const stop = ctx.onHeads((heads) => {
			if (heads.best === best) return;
			best = heads.best;
			void refresh();
		});
		return () => {
			alive = false;
			stop();
		};
	},
};

export default page;
