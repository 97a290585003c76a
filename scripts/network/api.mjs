// Helpers for the network tests that use @polkadot/api (lib.mjs itself needs no npm package).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiPromise, WsProvider } from '@polkadot/api';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The project's RPC definitions for @polkadot/api (js/aether-definitions.json). */
export const definitions = JSON.parse(fs.readFileSync(path.join(here, '../../js/aether-definitions.json'), 'utf8'));

/** An API connected to a node's RPC port, with the project's RPC definitions. */
export function connect(rpcPort) {
	return ApiPromise.create({
		provider: new WsProvider(`ws://127.0.0.1:${rpcPort}`, 1_000),
		rpc: definitions.rpc,
		noInitWarn: true,
		throwOnConnect: true,
	});
}

/**
 * Sign and submit `tx`; resolve with `{ events, blockHash }` once it is in a block, or reject
 * with the decoded module error (`err.section`, `err.name`, e.g. `chalice.NothingToClaim`, and
 * its docs in the message) if it failed there.
 */
export function submit(api, tx, signer) {
	return new Promise((resolve, reject) => {
		let unsub;
		tx.signAndSend(signer, ({ status, events, dispatchError }) => {
			if (!status.isInBlock) return;
			if (unsub) unsub();
			if (dispatchError) {
				if (dispatchError.isModule) {
					const { section, name, docs } = api.registry.findMetaError(dispatchError.asModule);
					reject(Object.assign(new Error(`${section}.${name}: ${docs.join(' ')}`), { section, name }));
				} else {
					reject(new Error(dispatchError.toString()));
				}
				return;
			}
			resolve({ events, blockHash: status.asInBlock });
		})
			.then((u) => {
				unsub = u;
			})
			.catch(reject);
	});
}

/** The first event `section.method` among `events`, if any. */
export function findEvent(events, section, method) {
	return events.find(({ event }) => event.section === section && event.method === method)?.event;
}
