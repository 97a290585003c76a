// Accounts the console can sign with: the well-known dev accounts, and the accounts of a
// browser extension (polkadot{.js}, Talisman, SubWallet: anything that injects
// `window.injectedWeb3`) when one is present.

import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { Signer } from '@polkadot/types/types';

export interface Account {
	address: string;
	name: string;
	source: 'dev' | string;
	/** A local key pair (dev accounts) ... */
	pair?: KeyringPair;
	/** ... or the extension's signer. */
	signer?: Signer;
}

const DEV = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'];

/** The dev accounts (`//Alice`, ...), sr25519, in the chain's SS58 format. */
export function devAccounts(ss58Format: number): Account[] {
	const keyring = new Keyring({ type: 'sr25519', ss58Format });
	return DEV.map((name) => {
		const pair = keyring.addFromUri(`//${name}`, { name });
		return { address: pair.address, name, source: 'dev', pair };
	});
}

interface InjectedAccount {
	address: string;
	name?: string;
}
interface Injected {
	accounts: { get(): Promise<InjectedAccount[]> };
	signer: Signer;
}
type InjectedWeb3 = Record<string, { enable(origin: string): Promise<Injected> }>;

/**
 * The accounts of every injected extension. Extensions inject themselves shortly after the
 * page loads, so this waits up to `waitMs` for them; no extension gives an empty list.
 */
export async function extensionAccounts(waitMs = 1_000): Promise<Account[]> {
	const deadline = Date.now() + waitMs;
	let injected: InjectedWeb3 | undefined;
	while (Date.now() < deadline) {
		injected = (window as unknown as { injectedWeb3?: InjectedWeb3 }).injectedWeb3;
		if (injected && Object.keys(injected).length) break;
		await new Promise((r) => setTimeout(r, 100));
	}
	if (!injected) return [];
	const out: Account[] = [];
	for (const [source, ext] of Object.entries(injected)) {
		try {
			const api = await ext.enable('Aether console');
			for (const a of await api.accounts.get()) {
				out.push({ address: a.address, name: a.name ?? source, source, signer: api.signer });
			}
		} catch (err) {
			console.warn(`extension ${source} refused: ${err}`);
		}
	}
	return out;
}

/** SS58 address → dev name (`Alice`, `Alice//stash`), for the chain's SS58 format. */
export function devNames(ss58: number): Map<string, string> {
	const keyring = new Keyring({ type: 'sr25519', ss58Format: ss58 });
	const names = new Map<string, string>();
	for (const name of DEV) {
		names.set(keyring.addFromUri(`//${name}`).address, name);
		names.set(keyring.addFromUri(`//${name}//stash`).address, `${name}//stash`);
	}
	return names;
}
