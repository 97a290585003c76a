// Small formatting and DOM helpers shared by the pages.

/** `planck` as a decimal token amount with at most `digits` fraction digits. */
export function formatBalance(planck: bigint | string | number, decimals: number, symbol: string, digits = 4): string {
	const value = BigInt(planck);
	const unit = 10n ** BigInt(decimals);
	const whole = value / unit;
	const frac = (value % unit).toString().padStart(decimals, '0').slice(0, digits).replace(/0+$/, '');
	return `${whole.toLocaleString('en-US')}${frac ? `.${frac}` : ''} ${symbol}`;
}

/** A decimal token amount typed by a user (`1.5`) in planck; throws on a malformed amount. */
export function parseBalance(text: string, decimals: number): bigint {
	const m = /^\s*(\d+)(?:\.(\d*))?\s*$/.exec(text);
	if (!m) throw new Error(`not an amount: "${text}"`);
	const frac = (m[2] ?? '').padEnd(decimals, '0');
	if (frac.length > decimals) throw new Error(`more than ${decimals} decimals: "${text}"`);
	return BigInt(m[1]) * 10n ** BigInt(decimals) + BigInt(frac || '0');
}

/** `0x1234…abcd` */
export function short(hex: string, keep = 6): string {
	return hex.length > 2 * keep + 2 ? `${hex.slice(0, keep + 2)}…${hex.slice(-keep)}` : hex;
}

/** Create an element with attributes and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
	tag: K,
	attrs: Record<string, string> = {},
	...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
	const el = document.createElement(tag);
	for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
	for (const c of children) el.append(c);
	return el;
}

/** A table with a header row; `rows` are cells (strings or nodes). */
export function table(headers: string[], rows: (Node | string)[][], attrs: Record<string, string> = {}): HTMLTableElement {
	const t = h('table', attrs);
	t.append(h('thead', {}, h('tr', {}, ...headers.map((x) => h('th', {}, x)))));
	t.append(h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, c))))));
	return t;
}

/** A two-column table of labelled values, without a header row. */
export function kv(rows: [string, Node | string][], attrs: Record<string, string> = {}): HTMLTableElement {
	return h('table', { class: 'kv', style: 'width:auto;min-width:50%', ...attrs }, h('tbody', {}, ...rows.map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, v)))));
}

/**
 * `task`, run one at a time: a call while it runs schedules exactly one more run after it, so a
 * burst of new heads costs at most two refreshes. Errors go to `onError`. A run that has not
 * finished after `timeoutMs` (a request lost when the node went away) is reported as an error and
 * no longer holds the queue, so the page keeps refreshing once the node is back.
 */
export function coalesce(task: () => Promise<void>, onError: (err: unknown) => void, timeoutMs = 30_000): () => Promise<void> {
	let running = false;
	let again = false;
	const bounded = () =>
		new Promise<void>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`no answer from the node within ${timeoutMs / 1000} s`)), timeoutMs);
			task().then(
				() => {
					clearTimeout(timer);
					resolve();
				},
				(err: unknown) => {
					clearTimeout(timer);
					reject(err);
				},
			);
		});
	return async () => {
		if (running) {
			again = true;
			return;
		}
		running = true;
		try {
			do {
				again = false;
				await bounded();
			} while (again);
		} catch (err) {
			onError(err);
		} finally {
			running = false;
		}
	};
}
