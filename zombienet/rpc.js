// JSON-RPC helpers for the zombienet js-script assertions (CommonJS: zombienet `require`s them).
// A node serves HTTP and WebSocket on one RPC port, so the ws:// URI zombienet hands out is
// called over HTTP with Node's fetch; no npm package is needed.

let id = 0;

/** Call `method` on the node whose RPC is at `wsUri`; resolves to `result`, throws on an error. */
async function rpc(wsUri, method, params = [], timeoutMs = 10_000) {
	const url = wsUri.replace(/^ws(s?):/, 'http$1:');
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }),
		signal: AbortSignal.timeout(timeoutMs),
	});
	const body = JSON.parse(await response.text());
	if (body.error) throw new Error(`${method}: RPC error ${body.error.code}: ${body.error.message}`);
	return body.result;
}

/**
 * Call `probe()` every `intervalMs` until it returns `{ done: true, value }` or `timeoutMs` passes;
 * resolves to the last value (so the zndsl comparison reports what was seen).
 */
async function poll(probe, { timeoutMs, intervalMs = 3_000 }) {
	const deadline = Date.now() + timeoutMs;
	let last = { done: false, value: 0 };
	for (;;) {
		try {
			last = await probe();
		} catch (err) {
			console.log(`  (retrying: ${err.message})`);
		}
		if (last.done || Date.now() + intervalMs > deadline) return last.value;
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
}

/** The ws URI of `nodeName` in zombienet's networkInfo. */
function wsUriOf(networkInfo, nodeName) {
	const node = networkInfo.nodesByName[nodeName];
	if (!node) throw new Error(`no node ${nodeName} in the network`);
	return node.wsUri;
}

module.exports = { rpc, poll, wsUriOf };
