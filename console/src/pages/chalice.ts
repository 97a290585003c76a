// The Chalice page: the reward economy (pallet-chalice, docs/chalice.md).
//
// What it shows and where each figure comes from:
// - The open period: RPC `chalice_period` (node/src/rpc.rs `PeriodResponse`): index, first block,
//   the block that closes it, issued, fees, carried in, participants, points; amounts are decimal
//   strings in planck. The bar chart is its three pools (originators, validators, network
//   treasury); the percentages in their labels are the runtime's split, storage
//   `chalice.parameters` (Perbill, so parts per billion).
// - Data commitments: storage `chalice.data` (owner, SHA-256, declared size, price per use,
//   terms, uses, key envelopes, revocation block). The commit form hashes a file in the browser
//   and sends only its SHA-256 and size with `chalice.commitData`; the file stays here.
// - Rewards of the account chosen in the header: RPC `chalice_rewards` (`RewardsResponse`):
//   claimable now and points in the open period. "Claim" sends `chalice.claim`; the amount paid
//   comes from the `Claimed` event, a refusal is the chain's error (`chalice.NothingToClaim: …`).
// Everything is re-read on every new best block.

import type { Codec } from '@polkadot/types/types';
import { u8aToHex } from '@polkadot/util';
import type { Ctx, Page } from '../context';
import { coalesce, formatBalance, h, kv, parseBalance, short, table } from '../format';
import { barChart } from '../plot';
import { sha256Bytes } from '../seal';

/** `chalice_period`, as node/src/rpc.rs serialises it. */
interface PeriodJson {
	atNumber: number;
	index: number;
	startedAt: number;
	endsAt: number;
	issued: string;
	fees: string;
	carriedIn: string;
	originatorPool: string;
	validatorPool: string;
	treasuryPool: string;
	originatorPoints: string;
	validatorPoints: string;
	validatorFloor: string;
	participants: number;
}

/** `chalice_rewards`, as node/src/rpc.rs serialises it. */
interface RewardsJson {
	account: string;
	claimable: string;
	pendingOriginatorPoints: string;
	pendingValidatorPoints: string;
}

type Int = number | string;

/** A `DataCommitment` as `toJSON` gives it. */
interface DataJson {
	owner: string;
	hash: string;
	size: Int;
	pricePerUse: Int;
	terms: Record<string, Int[] | null>;
	deposit: Int;
	committedAt: number;
	revokedAt: number | null;
	uses: Int;
	envelopes: number;
}

/** `ChaliceParameters`: the split in parts per billion. */
interface ParametersJson {
	split: { originators: number; validators: number; treasury: number };
	issuancePerBlock: Int;
	periodLength: number;
}

/** The decorated custom RPCs of js/aether-definitions.json (type `Json`). */
interface ChaliceRpc {
	chalice: {
		period(at?: string): Promise<Codec>;
		rewards(account: string, at?: string): Promise<Codec>;
	};
}

const json = <T>(c: Codec): T => c.toJSON() as unknown as T;

function termsText(terms: Record<string, Int[] | null>): string {
	const [kind, list] = Object.entries(terms)[0] ?? ['?', null];
	switch (kind.toLowerCase()) {
		case 'anyprogram':
			return 'any program';
		case 'onlyprograms':
			return `only programs ${(list ?? []).map((p) => `#${p}`).join(', ')}`;
		case 'allexcept':
			return `all but programs ${(list ?? []).map((p) => `#${p}`).join(', ')}`;
		default:
			return kind;
	}
}

const percent = (perbill: number) => `${(perbill / 1e7).toLocaleString('en-US', { maximumFractionDigits: 2 })} %`;

const page: Page = {
	title: 'Chalice',
	mount(ctx: Ctx, root: HTMLElement): () => void {
		const { api } = ctx;
		const { decimals, symbol } = ctx.token;
		const rpc = (api.rpc as unknown as ChaliceRpc).chalice;
		const fmt = (planck: bigint | string | number) => formatBalance(planck, decimals, symbol, 6);
		const points = (x: string) => BigInt(x).toLocaleString('en-US');
		let alive = true;

		const periodBox = h('div', { id: 'chalice-period' }, h('p', { class: 'muted' }, 'loading…'));
		const poolsBox = h('div', { id: 'chalice-pools' });
		const dataBox = h('div', { id: 'data-commitments' }, h('p', { class: 'muted' }, 'loading…'));
		const rewardsBox = h('div', { id: 'rewards' }, h('p', { class: 'muted' }, 'loading…'));
		const claimButton = h('button', { id: 'claim', type: 'button' }, 'Claim');
		const claimResult = h('div', { id: 'claim-result' });

		const dataFile = h('input', { type: 'file', id: 'data-file' });
		const dataPrice = h('input', { type: 'text', id: 'data-price', value: '0', style: 'width:6em' });
		const commitButton = h('button', { id: 'commit-data', type: 'button' }, 'Commit');
		const commitResult = h('div', { id: 'commit-result' });

		root.append(
			h('section', {}, h('h2', {}, 'Reward period'), periodBox, poolsBox),
			h(
				'section',
				{},
				h('h2', {}, 'Rewards'),
				rewardsBox,
				h('div', { class: 'row' }, claimButton),
				claimResult,
			),
			h(
				'section',
				{},
				h('h2', {}, 'Data commitments'),
				dataBox,
				h(
					'div',
					{ class: 'row' },
					h('label', {}, 'commit to a file ', dataFile),
					h('label', {}, `price per use (${symbol}) `, dataPrice),
					commitButton,
				),
				h('p', { class: 'muted' }, 'Only the file’s SHA-256 and size go on chain (any program may use it); the file stays in this browser.'),
				commitResult,
			),
		);

		let split: ParametersJson['split'] = { originators: 700_000_000, validators: 200_000_000, treasury: 100_000_000 };

		function renderPeriod(p: PeriodJson) {
			const left = p.endsAt - p.atNumber;
			const rows: [string, string][] = [
				['period', `#${p.index}`],
				['blocks', `#${p.startedAt} → #${p.endsAt} (closes in ${left} block${left === 1 ? '' : 's'})`],
				['issued', fmt(p.issued)],
				['fees', fmt(p.fees)],
				['carried in', fmt(p.carriedIn)],
				['originator points', points(p.originatorPoints)],
				['validator points (floored)', `${points(p.validatorPoints)} (floor ${points(p.validatorFloor)})`],
				['participants', String(p.participants)],
				['read at', `#${p.atNumber}`],
			];
			periodBox.dataset.index = String(p.index);
			periodBox.replaceChildren(kv(rows));
			const unit = 10 ** decimals;
			const pools: [string, string, number, string][] = [
				['originators', p.originatorPool, split.originators, '#7b2cbf'],
				['validators', p.validatorPool, split.validators, '#2a9d8f'],
				['network', p.treasuryPool, split.treasury, '#e76f51'],
			];
			for (const [name, amount] of pools) poolsBox.dataset[name] = amount;
			poolsBox.replaceChildren(
				barChart(
					pools.map(([name, amount, share, color]) => ({
						label: `${name} ${percent(share)}`,
						value: Number(amount) / unit,
						text: fmt(amount),
						color,
					})),
				),
			);
		}

		function renderData(entries: [bigint, DataJson][]) {
			dataBox.replaceChildren(
				entries.length
					? table(
							['id', 'owner', 'sha256', 'size', 'price per use', 'terms', 'uses', 'key envelopes', 'committed', 'revoked'],
							entries.map(([id, d]) => [
								String(id),
								h('span', { class: 'mono', title: d.owner }, short(d.owner, 6)),
								h('span', { class: 'mono', title: d.hash }, short(d.hash, 8)),
								`${BigInt(d.size).toLocaleString('en-US')} B`,
								fmt(BigInt(d.pricePerUse)),
								termsText(d.terms),
								BigInt(d.uses).toLocaleString('en-US'),
								String(d.envelopes),
								`#${d.committedAt}`,
								d.revokedAt === null ? 'no' : `revoked at #${d.revokedAt}`,
							]),
							{ id: 'data-commitments-table' },
						)
					: h('p', { class: 'muted' }, 'no data commitment yet'),
			);
		}

		function renderRewards(r: RewardsJson) {
			rewardsBox.dataset.account = r.account;
			rewardsBox.dataset.claimable = r.claimable;
			rewardsBox.replaceChildren(
				kv(
					[
						['account', h('span', { class: 'mono' }, r.account)],
						['claimable now', fmt(r.claimable)],
						['originator points this period', points(r.pendingOriginatorPoints)],
						['validator points this period', points(r.pendingValidatorPoints)],
					],
				),
			);
		}

		async function refresh() {
			const [period, rewards, data, parameters] = await Promise.all([
				rpc.period(),
				rpc.rewards(ctx.account()),
				api.query.chalice.data.entries(),
				api.query.chalice.parameters(),
			]);
			if (!alive) return;
			split = json<ParametersJson>(parameters).split ?? split;
			renderPeriod(json<PeriodJson>(period));
			renderRewards(json<RewardsJson>(rewards));
			renderData(
				data
					.map(([key, value]): [bigint, DataJson] => [BigInt(key.args[0].toString()), json<DataJson>(value)])
					.sort((a, b) => (a[0] < b[0] ? -1 : 1)),
			);
		}

		claimButton.addEventListener('click', async () => {
			const progress = h('p', { class: 'muted' }, 'signing…');
			claimResult.replaceChildren(progress);
			claimButton.disabled = true;
			try {
				const sent = await ctx.send(api.tx.chalice.claim(), (s) => (progress.textContent = s));
				const event = sent.events.find(({ event: e }) => e.section === 'chalice' && e.method === 'Claimed')?.event;
				const amount = event ? event.data[1].toString() : '0';
				claimResult.replaceChildren(h('p', { class: 'ok', 'data-amount': amount }, `claimed ${fmt(amount)} in block #${sent.blockNumber}`));
				void update();
			} catch (err) {
				claimResult.replaceChildren(h('p', { class: 'error' }, (err as Error).message));
			} finally {
				claimButton.disabled = false;
			}
		});

		commitButton.addEventListener('click', async () => {
			const fail = (message: string) => commitResult.replaceChildren(h('p', { class: 'error' }, message));
			const file = dataFile.files?.[0];
			if (!file) return fail('choose a file first');
			let price: bigint;
			try {
				price = parseBalance(dataPrice.value, decimals);
			} catch (err) {
				return fail((err as Error).message);
			}
			const hash = u8aToHex(sha256Bytes(new Uint8Array(await file.arrayBuffer())));
			const progress = h('p', { class: 'muted' }, 'signing…');
			commitResult.replaceChildren(progress);
			commitButton.disabled = true;
			try {
				const tx = api.tx.chalice.commitData(hash, file.size, price, { AnyProgram: null });
				const sent = await ctx.send(tx, (s) => (progress.textContent = s));
				const event = sent.events.find(({ event: e }) => e.section === 'chalice' && e.method === 'DataCommitted')?.event;
				commitResult.replaceChildren(
					h('p', { class: 'ok' }, `data commitment #${event ? event.data[0].toString() : '?'} made in block #${sent.blockNumber} (sha256 ${short(hash, 8)})`),
				);
				void update();
			} catch (err) {
				fail((err as Error).message);
			} finally {
				commitButton.disabled = false;
			}
		});

		// One refresh at a time; a head that arrives meanwhile triggers one more.
		const update = coalesce(
			async () => {
				if (alive) await refresh();
			},
			(err) => {
				if (alive) periodBox.replaceChildren(h('p', { class: 'error' }, `cannot read Chalice: ${(err as Error).message}`));
			},
		);
		let best = -1;
		let account = '';
		const stop = ctx.onHeads((heads) => {
			if (heads.best === best && ctx.account() === account) return;
			best = heads.best;
			account = ctx.account();
			void update();
		});
		return () => {
			alive = false;
			stop();
		};
	},
};

export default page;
