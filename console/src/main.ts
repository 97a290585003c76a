// The Aether console: connection and status bar, account choice, and the page router.
//
// The node's WebSocket URL comes from `?rpc=ws://HOST:PORT` (default ws://127.0.0.1:9944). A
// node that is down or goes away shows "reconnecting" with the URL and the time of the last
// attempt; @polkadot/api retries every two seconds and the page resumes on its own.

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

const PAGES: Record<string, Page> = { chain, commands, chalice, entropy };

const params = new URLSearchParams(location.search);
const url = params.get('rpc') ?? 'ws://127.0.0.1:9944';

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

async function start() {
	setStatus('connecting');
	await cryptoWaitReady();
	const provider = new WsProvider(url, 2_000);
	provider.on('disconnected', () => setStatus('reconnecting', `(last try ${new Date().toLocaleTimeString()})`));
	provider.on('error', () => setStatus('reconnecting', `(last try ${new Date().toLocaleTimeString()})`));
	// After the node comes back, pages start afresh: a one-shot read that failed while the node
	// was away must not leave a page stale.
	let lost = false;
	let remount: () => void = () => {};
	provider.on('disconnected', () => {
		lost = true;
	});
	provider.on('connected', () => {
		setStatus('connected');
		if (lost) {
			lost = false;
			setTimeout(() => remount(), 500);
		}
	});
	const api = await ApiPromise.create({ provider, rpc: definitions.rpc as never, noInitWarn: true });
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
	await api.rpc.chain.subscribeNewHeads((header) => {
		current.best = header.number.toNumber();
		publish();
	});
	await api.rpc.chain.subscribeFinalizedHeads((header) => {
		current.finalized = header.number.toNumber();
		publish();
	});

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
		api,
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
