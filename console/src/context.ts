// What every page of the console receives: the API, the chosen account, the live heads, and a
// way to send a transaction that reports the chain's own error docs.

import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { ISubmittableResult } from '@polkadot/types/types';

/** Best and finalized block numbers, as the status bar shows them. */
export interface Heads {
	best: number;
	finalized: number;
}

/** The outcome of `Ctx.send`: the events of the extrinsic, in the block that included it. */
export interface Sent {
	blockHash: string;
	blockNumber: number;
	events: ISubmittableResult['events'];
}

/** A transaction progress line (`ready`, `in block #12`, ...), for the page to show. */
export type Progress = (status: string) => void;

export interface Ctx {
	/** Connected API with the project's RPC definitions (poc.status, entropy.beacon, ...). */
	api: ApiPromise;
	/** SS58 address of the account chosen in the header (a dev account or an extension's). */
	account(): string;
	/**
	 * Sign `tx` with the chosen account and send it. Resolves once it is in a block and
	 * succeeded; rejects with an `Error` whose message is `section.Name: docs` of the chain's
	 * module error (or the pool's refusal), so a page can show it as is.
	 */
	send(tx: SubmittableExtrinsic<'promise'>, progress?: Progress): Promise<Sent>;
	/** Call `cb` now and on every new head; returns an unsubscribe function. */
	onHeads(cb: (heads: Heads) => void): () => void;
	/** Planck per token and the token symbol, from the chain properties. */
	token: { decimals: number; symbol: string };
}

/**
 * A page: `mount` renders into `root` and returns the function that stops its subscriptions and
 * timers when the user leaves the page.
 */
export interface Page {
	title: string;
	mount(ctx: Ctx, root: HTMLElement): () => void;
}
