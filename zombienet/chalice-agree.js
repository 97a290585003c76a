// zndsl: `alice: js-script ./chalice-agree.js return is equal to 4 within 150 seconds`
// Returns how many of the four nodes give the same Chalice period (`chalice_period`) at Alice's
// finalized block, once that period shows issuance and validator points from at least two
// validators: the reward pot is the same on every node, and more than one authority earns.
const { rpc, poll, wsUriOf } = require('./rpc.js');

const NODES = ['alice', 'bob', 'charlie', 'dave'];

async function run(nodeName, networkInfo) {
	const uri = wsUriOf(networkInfo, nodeName);
	let seen;
	const agreeing = await poll(
		async () => {
			const finalized = await rpc(uri, 'chain_getFinalizedHead');
			const periods = await Promise.all(
				NODES.map((name) => rpc(wsUriOf(networkInfo, name), 'chalice_period', [finalized])),
			);
			seen = periods[0];
			if (BigInt(seen.issued) === 0n || seen.participants < 2) {
				return { done: false, value: 0 };
			}
			const reference = JSON.stringify(seen);
			const value = periods.filter((p) => JSON.stringify(p) === reference).length;
			return { done: value === NODES.length, value };
		},
		{ timeoutMs: 140_000 },
	);
	console.log(
		`  ${nodeName}: chalice_period at #${seen?.atNumber}: issued ${seen?.issued}, fees ${seen?.fees}, ` +
			`validator points ${seen?.validatorPoints} from ${seen?.participants} accounts; ${agreeing} nodes agree`,
	);
	return agreeing;
}

module.exports = { run };
