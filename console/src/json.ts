// Reading the JSON answers of the project's RPCs (type `Json`: `.toJSON()` gives plain objects),
// and reaching the custom RPC sections the augmented @polkadot/api types do not know.

import type { ApiPromise } from '@polkadot/api';
import type { Codec } from '@polkadot/types/types';

/** A plain JSON object. */
export type JsonObject = Record<string, unknown>;

/** Whether `v` is a JSON object (not null, not an array). */
export function isObject(v: unknown): v is JsonObject {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Field `key` as a finite number (numbers and numeric strings), else `null`. */
export function numField(o: JsonObject, key: string): number | null {
	const v = o[key];
	if (typeof v === 'number' && Number.isFinite(v)) return v;
	if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
	return null;
}

/** Field `key` as a bigint (integer numbers and decimal strings: amounts, scores), else `null`. */
export function bigField(o: JsonObject, key: string): bigint | null {
	const v = o[key];
	if (typeof v === 'string' && /^\d+$/.test(v)) return BigInt(v);
	if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
	return null;
}

/** Field `key` as a string, else `null`. */
export function strField(o: JsonObject, key: string): string | null {
	const v = o[key];
	return typeof v === 'string' ? v : null;
}

/** A method of the decorated API's RPCs. */
export type RpcFn = (...args: unknown[]) => Promise<Codec>;

/** The custom RPC `section_method` (e.g. `poc_status`); throws when the node does not have it. */
export function rpcMethod(api: ApiPromise, section: string, method: string): RpcFn {
	const sections = api.rpc as unknown as Record<string, Record<string, RpcFn | undefined> | undefined>;
	const fn = sections[section]?.[method];
	if (!fn) throw new Error(`the node has no ${section}_${method} RPC (is js/aether-definitions.json loaded?)`);
	return fn;
}
