// zombienet js-script, run against a relay chain node: opens HRMP channels both ways between the
// paras given as arguments ("2000", "2001"), with the relay chain's sudo key (//Alice on
// rococo-local) and `hrmp.forceOpenHrmpChannel`. Returns 1 once the relay chain has opened both
// (at the next session change).
//
// The channels are not preopened in the network's genesis (`[[hrmp_channels]]`): stable2609's
// parachain-system takes every downward message sent at relay block 0, the channel notifications
// of a preopened channel, as already processed and drops it from its inherent, then refuses its
// own block ("DMQ head mismatch"), so neither shard would ever author a block.

async function run(nodeName, networkInfo, args) {
	const { wsUri, userDefinedTypes } = networkInfo.nodesByName[nodeName];
	const api = await zombie.connect(wsUri, userDefinedTypes);
	await zombie.util.cryptoWaitReady();
	const sudo = new zombie.Keyring({ type: 'sr25519' }).addFromUri('//Alice');
	const [a, b] = args.map(Number);
	const pairs = [
		[a, b],
		[b, a],
	];
	// Within rococo-local's `hrmp_channel_max_capacity` (8) and `hrmp_channel_max_message_size`.
	const maxCapacity = 8;
	const maxMessageSize = 8192;
	const calls = pairs.map(([sender, recipient]) =>
		api.tx.hrmp.forceOpenHrmpChannel(sender, recipient, maxCapacity, maxMessageSize),
	);
	await new Promise((resolve, reject) => {
		api.tx.sudo
			.sudo(api.tx.utility.batchAll(calls))
			.signAndSend(sudo, ({ status, events, dispatchError }) => {
				if (dispatchError) return reject(new Error(`hrmp: ${dispatchError.toString()}`));
				if (!status.isInBlock) return;
				const sudid = events.find(({ event }) => event.section === 'sudo' && event.method === 'Sudid');
				const result = sudid?.event.data[0];
				if (!result || result.isErr) return reject(new Error(`sudo: ${result?.toString() ?? 'no Sudid event'}`));
				resolve();
			})
			.catch(reject);
	});
	// Open once the relay chain's session changes: poll each new block until both channels exist.
	return await new Promise((resolve, reject) => {
		api.rpc.chain
			.subscribeNewHeads(async () => {
				try {
					const open = await Promise.all(
						pairs.map(([sender, recipient]) => api.query.hrmp.hrmpChannels({ sender, recipient })),
					);
					if (open.every((channel) => channel.isSome)) resolve(1);
				} catch (err) {
					reject(err);
				}
			})
			.catch(reject);
	});
}

module.exports = { run };
