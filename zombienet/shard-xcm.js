// zombienet js-script: Alice on the shard this runs against sends an XCM message to the shard of
// the node named in the argument: it withdraws AETH from her account there, buys execution and
// Transacts `system.remarkWithEvent`. Returns 1 once the other shard shows `Remarked` by her
// account there (read with LocationToAccountApi) and `messageQueue.Processed` of a message from
// this shard with success. First it waits until this shard sees its HRMP channel to the other
// (`parachainSystem.relevantMessagingState`), which open-hrmp.js asked the relay chain for.

async function run(nodeName, networkInfo, args) {
	const { wsUri, userDefinedTypes } = networkInfo.nodesByName[nodeName];
	const other = networkInfo.nodesByName[args[0]];
	const api = await zombie.connect(wsUri, userDefinedTypes);
	const remoteApi = await zombie.connect(other.wsUri, other.userDefinedTypes);
	// zombie.util is @polkadot/util-crypto.
	await zombie.util.cryptoWaitReady();
	const alice = new zombie.Keyring({ type: 'sr25519' }).addFromUri('//Alice');

	const here = (await api.query.parachainInfo.parachainId()).toNumber();
	const there = (await remoteApi.query.parachainInfo.parachainId()).toNumber();
	const origin = {
		parents: 1,
		interior: { X2: [{ Parachain: here }, { AccountId32: { network: null, id: `0x${Buffer.from(alice.publicKey).toString('hex')}` } }] },
	};
	const converted = await remoteApi.call.locationToAccountApi.convertLocation({ V5: origin });
	if (!converted.isOk) throw new Error(`convertLocation: ${converted.toString()}`);
	const remote = converted.asOk.toString();

	const text = `hello from shard ${here} at ${Date.now()}`;
	const asset = { id: { parents: 0, interior: 'Here' }, fun: { Fungible: 10n ** 12n } };
	const message = {
		V5: [
			{ WithdrawAsset: [asset] },
			{ BuyExecution: { fees: asset, weightLimit: 'Unlimited' } },
			{
				Transact: {
					originKind: 'SovereignAccount',
					fallbackMaxWeight: null,
					call: { encoded: remoteApi.tx.system.remarkWithEvent(text).method.toHex() },
				},
			},
			'RefundSurplus',
			{ DepositAsset: { assets: { Wild: { AllCounted: 1 } }, beneficiary: origin } },
		],
	};
	const dest = { V5: { parents: 1, interior: { X1: [{ Parachain: there }] } } };

	// The channel reaches this shard with the relay chain state of its next blocks.
	await new Promise((resolve, reject) => {
		api.rpc.chain
			.subscribeNewHeads(async () => {
				try {
					const state = await api.query.parachainSystem.relevantMessagingState();
					const egress = state.isSome ? state.unwrap().egressChannels.map(([id]) => id.toNumber()) : [];
					if (egress.includes(there)) resolve();
				} catch (err) {
					reject(err);
				}
			})
			.catch(reject);
	});

	const seen = new Promise((resolve, reject) => {
		let remarked = false;
		let processed = false;
		remoteApi.query.system.events((events) => {
			for (const { event } of events) {
				if (event.section === 'system' && event.method === 'Remarked' && event.data[0].toString() === remote) {
					remarked = true;
				}
				// Only messages from this shard: the relay chain's channel notifications pass
				// through the same queue.
				const fromHere = () => JSON.stringify(event.data[1].toJSON()) === JSON.stringify({ sibling: here });
				if (event.section === 'messageQueue' && event.method === 'Processed' && fromHere()) {
					if (!event.data[3].isTrue) reject(new Error(`message failed on shard ${there}: ${event.toString()}`));
					processed = true;
				}
			}
			if (remarked && processed) resolve(1);
		});
	});
	await new Promise((resolve, reject) => {
		api.tx.polkadotXcm
			.send(dest, message)
			.signAndSend(alice, ({ status, dispatchError }) => {
				if (dispatchError) reject(new Error(dispatchError.toString()));
				if (status.isInBlock) resolve();
			})
			.catch(reject);
	});
	return await seen;
}

module.exports = { run };
