// The Aether console: connection and status bar, account choice, and the page router.
//
// The node's WebSocket URL comes from `?rpc=ws://HOST:PORT` (default ws://127.0.0.1:9944). A
// node that is down or goes away shows "reconnecting" with the URL and the time of the last
// attempt; the provider retries every two seconds, and once the node is back the console opens a
// fresh API and remounts the page.

import { ApiPromise, WsProvider } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import definitions from '../../js/aether-definitions.json';
import { devAccounts, extensionAccounts, type Account } from './accounts';
import type { Ctx, Heads, Page, Progress, Sent } from './context';
import { h } from './format';
import chain from './pages/chain';
import commands from './pages/commands';
import chalice from './pages/chalice';
import entropy from './pages/entropy';
import games from './pages/games';

const PAGES: Record<string, Page> = { chain, commands, chalice, entropy, games };

const params = new URLSearchParams(location.search);
const url = params.get('rpc') ?? 'ws://127.0.0.1:9944';

/**
 * A WsProvider that never answers from its call cache. @polkadot/rpc-provider 16.5 caches the
 * *promise* of every call made at a block hash, a rejected one included, and each later hit
 * refreshes its 30 s TTL: a `chain_getBlock(h)` that failed because the node went away would
 * fail again from the cache for as long as the page keeps asking, so the page never recovered
 * after a reconnect. The pages keep their own block cache, so nothing is lost by this.
 */
class UncachedWsProvider extends WsProvider {
	override send<T = unknown>(method: string, params: unknown[], _isCacheable?: boolean, subscription?: Parameters<WsProvider['send']>[3]): Promise<T> {
		return super.send<T>(method, params, false, subscription);
	}
}

const status = document.getElementById('status') as HTMLElement;
const heads = document.getElementById('heads') as HTMLElement;
const main = document.getElementById('page') as HTMLElement;
const nav = document.getElementById('nav') as HTMLElement;
const accountSelect = document.getElementById('account') as HTMLSelectElement;

function setStatus(state: 'connecting' | 'connected' | 'reconnecting', detail = '') {
	status.className = `status ${state}`;
	status.dataset.state = state;
	status.textContent =
		state === 'connected' ? `connected to ${url}` : state === 'connecting' ? `connecting to ${url}…` : `node unreachable at ${url}: reconnecting… ${detail}`;
}

/**
 * A provider for the console, reporting its state in the status bar. Events of a provider that
 * has since been replaced are ignored.
 */
function openProvider(isCurrent: (p: WsProvider) => boolean, onBack: () => void, quietFirst = false): WsProvider {
	const provider = new UncachedWsProvider(url, 2_000);
	let lost = false;
	let quiet = quietFirst;
	const down = () => {
		if (!isCurrent(provider)) return;
		lost = true;
		setStatus('reconnecting', `(last try ${new Date().toLocaleTimeString()})`);
	};
	provider.on('disconnected', down);
	provider.on('error', down);
	provider.on('connected', () => {
		if (!isCurrent(provider)) return;
		if (lost) {
			lost = false;
			onBack();
		} else if (!quiet) {
			setStatus('connected');
		}
		quiet = false;
	});
	return provider;
}

async function start() {
	setStatus('connecting');
	await cryptoWaitReady();
	// After the node comes back, the console starts on a fresh provider and API and remounts the
	// page. Reusing the old API is not enough: @polkadot/api memoizes the registry lookup of every
	// block hash it was asked about, a failed lookup included, so a read at a hash that was in
	// flight when the node went away would fail for the rest of the session.
	let provider: WsProvider;
	let api: ApiPromise;
	let reconnecting = false;
	let again = false;
	const isCurrent = (p: WsProvider) => p === provider;
	const create = (p: WsProvider) => ApiPromise.create({ provider: p, rpc: definitions.rpc as never, noInitWarn: true });
	let resubscribe: (api: ApiPromise) => Promise<void> = async () => {};
	let remount: () => void = () => {};
	const onBack = () => {
		if (reconnecting) {
			again = true;
			return;
		}
		reconnecting = true;
		const old = api;
		// Its first "connected" is not announced: the status turns green once the new API is ready.
		const fresh = openProvider(isCurrent, onBack, true);
		provider = fresh;
		create(fresh)
			.then(async (next) => {
				api = next;
				(window as unknown as { aetherApi: ApiPromise }).aetherApi = next;
				await resubscribe(next);
				setStatus('connected');
				remount();
			})
			.catch((err: Error) => setStatus('reconnecting', err.message))
			.finally(() => {
				reconnecting = false;
				old.disconnect().catch(() => {});
				if (again) {
					again = false;
					onBack();
				}
			});
	};
	provider = openProvider(isCurrent, onBack);
	api = await create(provider);
	// For the browser's developer tools (and the browser test): the page's current API instance.
	(window as unknown as { aetherApi: ApiPromise }).aetherApi = api;
	setStatus('connected');

	const properties = await api.rpc.system.properties();
	const token = {
		decimals: properties.tokenDecimals.isSome ? properties.tokenDecimals.unwrap()[0].toNumber() : 12,
		symbol: properties.tokenSymbol.isSome ? properties.tokenSymbol.unwrap()[0].toString() : 'UNIT',
	};
	const ss58 = properties.ss58Format.isSome ? properties.ss58Format.unwrap().toNumber() : 42;
	const accounts: Account[] = devAccounts(ss58);
	const fillAccounts = () => {
		accountSelect.replaceChildren(...accounts.map((a, i) => h('option', { value: String(i) }, `${a.name} (${a.source}) ${a.address.slice(0, 8)}…`)));
	};
	fillAccounts();
	extensionAccounts().then((found) => {
		if (found.length) {
			accounts.push(...found);
			fillAccounts();
		}
	});
	const chosen = () => accounts[Number(accountSelect.value) || 0];

	// Live heads, shared by every page.
	const current: Heads = { best: 0, finalized: 0 };
	const listeners = new Set<(h: Heads) => void>();
	const publish = () => {
		heads.textContent = `best #${current.best} · finalized #${current.finalized}`;
		heads.dataset.best = String(current.best);
		listeners.forEach((cb) => cb({ ...current }));
	};
	resubscribe = async (on: ApiPromise) => {
		await on.rpc.chain.subscribeNewHeads((header) => {
			if (on !== api) return;
			current.best = header.number.toNumber();
			publish();
		});
		await on.rpc.chain.subscribeFinalizedHeads((header) => {
			if (on !== api) return;
			current.finalized = header.number.toNumber();
			publish();
		});
	};
	await resubscribe(api);

	const send = (tx: SubmittableExtrinsic<'promise'>, progress: Progress = () => {}) =>
		new Promise<Sent>((resolve, reject) => {
			const account = chosen();
			let unsub: () => void = () => {};
			progress('signing');
			tx.signAndSend(account.pair ?? account.address, account.pair ? {} : { signer: account.signer }, (result) => {
				const { status: s, dispatchError, events } = result;
				if (s.isReady) progress('in the pool');
				if (s.isInvalid || s.isDropped || s.isUsurped) {
					unsub();
					reject(new Error(`the transaction was ${s.type.toLowerCase()} by the pool`));
				}
				if (!s.isInBlock) return;
				unsub();
				if (dispatchError) {
					if (dispatchError.isModule) {
						const { section, name, docs } = api.registry.findMetaError(dispatchError.asModule);
						reject(new Error(`${section}.${name}: ${docs.join(' ')}`));
					} else {
						reject(new Error(dispatchError.toString()));
					}
					return;
				}
				const blockHash = s.asInBlock.toHex();
				api.rpc.chain
					.getHeader(blockHash)
					.then((header) => {
						progress(`in block #${header.number.toNumber()}`);
						resolve({ blockHash, blockNumber: header.number.toNumber(), events });
					})
					.catch(reject);
			})
				.then((u) => {
					unsub = u;
				})
				.catch((err: Error) => reject(new Error(err.message.replace(/^\d+:\s*/, 'refused by the pool: '))));
		});

	const ctx: Ctx = {
		get api() {
			return api;
		},
		account: () => chosen().address,
		send,
		onHeads(cb) {
			listeners.add(cb);
			cb({ ...current });
			return () => listeners.delete(cb);
		},
		token,
	};

	let unmount: () => void = () => {};
	const route = () => {
		const name = location.hash.replace(/^#/, '') || 'chain';
		const page = PAGES[name] ?? PAGES.chain;
		unmount();
		main.replaceChildren();
		main.dataset.page = name;
		document.title = `${page.title} · Aether console`;
		nav.querySelectorAll('a').forEach((a) => a.classList.toggle('active', a.getAttribute('href') === `#${name}`));
		try {
			unmount = page.mount(ctx, main);
		} catch (err) {
			main.append(h('p', { class: 'error' }, `this page failed: ${(err as Error).message}`));
			unmount = () => {};
		}
	};
	remount = route;
	window.addEventListener('hashchange', route);
	route();
}

nav.replaceChildren(...Object.entries(PAGES).map(([key, page]) => h('a', { href: `#${key}` }, page.title)));
start().catch((err) => {
	setStatus('reconnecting', String(err?.message ?? err));
	console.error(err);
});
