// zndsl: `alice: js-script ./poc-authors.js return is at least 2 within 200 seconds`
// Returns how many authorities have authored: `poc_status` lists every authority with its
// contribution score, and each block credits its author 100 points, so score > 0 means it has
// authored. Waits (up to 180 s) until at least two have, and checks all four are listed.
const { rpc, poll, wsUriOf } = require('./rpc.js');

const AUTHORITIES = 4;

async function run(nodeName, networkInfo) {
	const uri = wsUriOf(networkInfo, nodeName);
	let status;
	const authored = await poll(
		async () => {
			status = await rpc(uri, 'poc_status');
			if (!Array.isArray(status.authorities) || status.authorities.length !== AUTHORITIES) {
				throw new Error(`poc_status lists ${status.authorities?.length} authorities, expected ${AUTHORITIES}`);
			}
			const value = status.authorities.filter((a) => BigInt(a.score) > 0n).length;
			return { done: value >= 2, value };
		},
		{ timeoutMs: 180_000 },
	);
	const scores = (status?.authorities ?? []).map((a) => `${a.account.slice(0, 8)}…=${a.score}`).join(' ');
	console.log(`  ${nodeName}: poc_status at #${status?.bestNumber}: ${authored} authorities authored (${scores})`);
	return authored;
}

module.exports = { run };
