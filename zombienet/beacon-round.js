// zndsl: `alice: js-script ./beacon-round.js return is at least 2 within 200 seconds`
// Returns the number of reveals mixed into the entropy beacon's latest finished round
// (`entropy_beacon`.latestContributors; 0 while no round has finished). Waits (up to 180 s) for a
// finished round with at least two, and checks the beacon lists four authorities, none isolated.
const { rpc, poll, wsUriOf } = require('./rpc.js');

const AUTHORITIES = 4;

async function run(nodeName, networkInfo) {
	const uri = wsUriOf(networkInfo, nodeName);
	let beacon;
	const contributors = await poll(
		async () => {
			beacon = await rpc(uri, 'entropy_beacon');
			const value = beacon.latestRound === null ? 0 : Number(beacon.latestContributors ?? 0);
			return { done: value >= 2, value };
		},
		{ timeoutMs: 180_000 },
	);
	console.log(`  ${nodeName}: entropy_beacon ${JSON.stringify(beacon)}`);
	const authorities = beacon?.authorities ?? [];
	if (authorities.length !== AUTHORITIES) {
		throw new Error(`entropy_beacon lists ${authorities.length} authorities, expected ${AUTHORITIES}`);
	}
	const isolated = authorities.filter((a) => a.isolated);
	if (isolated.length) throw new Error(`isolated from the beacon: ${JSON.stringify(isolated)}`);
	return contributors;
}

module.exports = { run };
