// The one table of scripts/bench.sh, from the measurements its stages wrote.
//
//   node scripts/bench/report.mjs --dir DIR [--criterion DIR] [--weights FILE]
//
// Reads, from DIR: consensus-cost.json (consensus-cost.mjs), throughput.json (throughput.mjs),
// sandbox.txt (the summary the aether-veil bench prints after Criterion); from the Criterion
// directory: the seal/open (aether-seal) and conditioned-output (aether-tsu) estimates; from the
// zk-verifier pallet's benchmarked weights.rs: the Groth16 verify weight. A stage that did not run
// is reported as "not measured". Writes DIR/bench.json, DIR/bench.md and, when gnuplot is
// installed, DIR/bench.png (finality under load, transfers per block, import time against block
// size, consensus cost against proof of work).

import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const option = (name, fallback) => {
	const i = args.indexOf(name);
	return i >= 0 ? args[i + 1] : fallback;
};
const DIR = option('--dir');
if (!DIR) {
	console.error('usage: report.mjs --dir DIR [--criterion DIR] [--weights FILE]');
	process.exit(2);
}
const CRITERION = option('--criterion', path.join(DIR, '..', 'criterion'));
const WEIGHTS = option('--weights', new URL('../../pallets/zk-verifier/src/weights.rs', import.meta.url).pathname);

const readJson = (file) => (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : null);
const fmt = (x, digits = 1) => (x === null || x === undefined || Number.isNaN(x) ? 'n/a' : x.toFixed(digits));

/** Criterion's mean estimate (ns) and throughput (bytes per iteration) of `id` (its directory). */
function criterion(id) {
	const dir = path.join(CRITERION, id, 'new');
	const estimates = readJson(path.join(dir, 'estimates.json'));
	if (!estimates) return null;
	const bench = readJson(path.join(dir, 'benchmark.json'));
	return { meanNs: estimates.mean.point_estimate, bytes: bench?.throughput?.Bytes ?? null };
}

/** `Weight::from_parts(ref_time, _)` base and per-`n` slope of `fn name(n: u32)` in a weights.rs. */
function weightOf(source, name) {
	const m = new RegExp(`fn ${name}\\([^)]*\\)\\s*->\\s*Weight\\s*\\{([\\s\\S]*?)\\n\\t\\}`).exec(source);
	if (!m) return null;
	const parts = [...m[1].matchAll(/Weight::from_parts\(([\d_]+),/g)].map((p) => Number(p[1].replaceAll('_', '')));
	if (!parts.length) return null;
	return { baseNs: parts[0] / 1e3, perInputNs: (parts[1] ?? 0) / 1e3 };
}

/** The aether-veil bench's summary lines. */
function parseSandbox(text) {
	const out = { instantiate: {}, workloads: {} };
	for (const m of text.matchAll(/instantiate \+ call \((\S+)\): fuel on ([\d.]+) µs, fuel off ([\d.]+) µs/g)) {
		out.instantiate[m[1]] = { fuelOnUs: Number(m[2]), fuelOffUs: Number(m[3]) };
	}
	for (const m of text.matchAll(/(\S+): fuel on \/ fuel off = ([\d.]+) .*?wasm \/ native = ([\d.]+) with fuel, ([\d.]+) without/g)) {
		out.workloads[m[1]] = { fuelOverhead: Number(m[2]), wasmNativeFuel: Number(m[3]), wasmNative: Number(m[4]) };
	}
	return out;
}

const rows = [];
const row = (area, measure, value, note = '') => rows.push({ area, measure, value, note });
const notMeasured = (area, what) => row(area, what, 'not measured', 'stage did not run');

const throughput = readJson(path.join(DIR, 'throughput.json'));
if (throughput) {
	const l = throughput.load;
	const refused = Object.values(l.refusals).reduce((a, b) => a + b, 0);
	row('load', 'included transfers per second', fmt(l.transfersPerSecond), `${l.includedTransfers} transfers, ${l.chainSpanS.toFixed(0)} s of chain time, ${throughput.validators} validators, ${l.accounts} accounts × depth ${l.depth}`);
	row('load', 'transfers per block (mean / max)', `${fmt(l.meanTransfersPerBlock, 0)} / ${l.maxTransfersPerBlock}`, `${l.blocks.length} finalized blocks`);
	row('load', 'block fullness under load (weight / length)', `${fmt(l.meanWeightShare * 100)} % / ${fmt(l.meanLengthShare * 100)} %`, `max weight ${fmt(l.maxWeightShare * 100)} % of the normal class`);
	row('load', 'pool refusals', `${refused} of ${l.submitted}`, Object.entries(l.refusals).map(([k, v]) => `${k}: ${v}`).join('; '));
	const f = throughput.importFit;
	const over = throughput.importOverWeight;
	row('import', 'block import (re-execution), fixed + per transfer', `${fmt(f.fixedMs, 2)} ms + ${fmt(f.perExtrinsicMs * 1000, 0)} µs`, `benchmark block, ${throughput.imports.length} blocks`);
	row('import', 'import time / declared weight (loaded blocks)', over.length ? `${fmt(Math.min(...over), 2)}–${fmt(Math.max(...over), 2)}` : 'n/a', '< 1 means the weights are safe on this machine');
	row('finality', 'lag best − finalized under load (mean / p95 / max)', `${fmt(throughput.finalityLag.mean, 2)} / ${throughput.finalityLag.p95} / ${throughput.finalityLag.max} blocks`, `sampled every second for ${fmt(l.seconds, 0)} s`);
} else {
	for (const what of ['included transfers per second', 'block import', 'finality lag']) notMeasured('load', what);
}

const consensus = readJson(path.join(DIR, 'consensus-cost.json'));
if (consensus) {
	row('consensus', 'PoC validator CPU per block (whole process)', `${fmt(consensus.nodeCpuPerBlockS * 1000)} ms`, `mean block time ${fmt(consensus.meanBlockTimeS, 2)} s, ${consensus.blocks} blocks`);
	row('consensus', 'PoC seal + claim verification per block (follower)', consensus.followerMeanVerificationS === null ? 'n/a' : `${fmt(consensus.followerMeanVerificationS * 1000, 2)} ms`);
	row('consensus', 'PoW miner on one core, same block time', `${fmt(consensus.powCpuPerBlockS * 1000, 0)} ms`, `${fmt(consensus.powHashesPerBlock / 1e6)} M double SHA-256`);
	row('consensus', 'PoW / PoC CPU (energy) ratio', `${fmt(consensus.powOverPoc, 0)}×`, 'the seed claimed 10,000×');
} else {
	notMeasured('consensus', 'consensus cost per block');
}

const sandboxFile = path.join(DIR, 'sandbox.txt');
if (fs.existsSync(sandboxFile)) {
	const s = parseSandbox(fs.readFileSync(sandboxFile, 'utf8'));
	const empty = s.instantiate.empty;
	if (empty) row('sandbox', 'instantiate + trivial call (pooled)', `${fmt(empty.fuelOnUs, 2)} µs`, `fuel off ${fmt(empty.fuelOffUs, 2)} µs; target ≤ 10 µs`);
	for (const [name, w] of Object.entries(s.workloads)) {
		row('sandbox', `fuel on / off, ${name}`, fmt(w.fuelOverhead, 2), 'target ≤ 1.10');
		row('sandbox', `WASM / native, ${name}`, fmt(w.wasmNative, 2), `with fuel ${fmt(w.wasmNativeFuel, 2)}; target ≤ 1.5`);
	}
} else {
	notMeasured('sandbox', 'sandbox instantiate, fuel, WASM/native');
}

if (fs.existsSync(WEIGHTS)) {
	const w = weightOf(fs.readFileSync(WEIGHTS, 'utf8'), 'verify_proof');
	if (w) row('zk', 'Groth16 verify weight, 4 public inputs', `${fmt((w.baseNs + 4 * w.perInputNs) / 1e6, 2)} ms`, `${fmt(w.baseNs / 1e6, 2)} ms + ${fmt(w.perInputNs / 1e6, 3)} ms/input (FRAME benchmark, weights.rs); target < 25 ms`);
}

const seal = ['seal', 'open'].map((op) => [op, criterion(`sealed input, per executor/${op}/32`), criterion(`sealed input, per executor/${op}/4096`)]);
if (seal.every(([, a, b]) => a && b)) {
	for (const [op, small, big] of seal) row('seal', `${op} (ML-KEM-768 + secp256k1 → ChaCha20-Poly1305)`, `${fmt(small.meanNs / 1e3, 0)} µs (32 B) – ${fmt(big.meanNs / 1e3, 0)} µs (4 KiB)`, 'per executor, criterion');
} else {
	notMeasured('seal', 'seal / open');
}

for (const backend of ['pbit', 'os', 'pbit-getrandom-uniforms']) {
	const c = criterion(`conditioned_output/${backend}`);
	if (c && c.bytes) row('entropy', `TSU conditioned output, ${backend}`, `${fmt((c.bytes / c.meanNs) * 1e3, 1)} MB/s`, 'criterion, 1 MiB per fill');
	else notMeasured('entropy', `TSU conditioned output, ${backend}`);
}

// Print and write.
const widths = ['area', 'measure', 'value'].map((k) => Math.max(k.length, ...rows.map((r) => r[k].length)));
const line = (r) => `| ${r.area.padEnd(widths[0])} | ${r.measure.padEnd(widths[1])} | ${r.value.padEnd(widths[2])} | ${r.note} |`;
const md = [line({ area: 'area', measure: 'measure', value: 'value', note: 'note' }), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|---|`, ...rows.map(line)].join('\n');
const machine = `${fs.readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? 'unknown CPU'}, ${(await import('node:os')).cpus().length} cores`;
const node = throughput?.node ?? consensus?.node ?? 'n/a';
console.log(`\nAether Chain measured on ${machine} (node: ${node})\n\n${md}\n`);
fs.writeFileSync(path.join(DIR, 'bench.md'), `Measured on ${machine} (node: ${node}), ${new Date().toISOString()}\n\n${md}\n`);
fs.writeFileSync(path.join(DIR, 'bench.json'), JSON.stringify({ machine, node, at: new Date().toISOString(), rows, throughput, consensus }, null, 2));

// The plot: gnuplot reads plain data files written here.
if (spawnSync('gnuplot', ['--version']).status === 0 && throughput) {
	const data = (name, lines) => {
		const file = path.join(DIR, name);
		fs.writeFileSync(file, `${lines.join('\n')}\n`);
		return file;
	};
	const lag = data('lag.dat', throughput.load.samples.map((s) => `${s.t} ${s.best} ${s.finalized} ${s.best - s.finalized}`));
	const blocks = data('blocks.dat', throughput.load.blocks.map((b) => `${b.number} ${b.transfers} ${(b.weightShare * 100).toFixed(3)}`));
	const imports = data('imports.dat', throughput.imports.map((r) => `${r.extrinsics} ${r.importNs / 1e6} ${r.weightNs / 1e6}`));
	const f = throughput.importFit;
	const poc = consensus ? consensus.nodeCpuPerBlockS * 1000 : 0;
	const pow = consensus ? consensus.powCpuPerBlockS * 1000 : 0;
	const cost = data('cost.dat', [`"PoC validator" ${poc}`, `"PoW, one core" ${pow}`]);
	const png = path.join(DIR, 'bench.png');
	const script = `
set terminal png size 1400,1000 font ",11"
set output "${png}"
set multiplot layout 2,2 title "Aether Chain, ${machine}"
set grid
set key top left
set title "Finality under load (${throughput.validators} validators)"
set xlabel "seconds"; set ylabel "height"; set y2label "lag (blocks)"; set y2tics; set ytics nomirror
set y2range [0:${Math.max(6, 2 * throughput.finalityLag.max)}]
plot "${lag}" u 1:2 w l lw 2 t "best", "" u 1:3 w l lw 2 t "finalized", "" u 1:4 axes x1y2 w steps lw 2 t "best - finalized (right)"
set autoscale y2
set title "Transfers per finalized block"
set key outside bottom center horizontal
set xlabel "block"; set ylabel "transfers"; set y2label "weight used (% of normal class)"
plot "${blocks}" u 1:2 w impulses lw 6 t "transfers", "" u 1:3 axes x1y2 w lp pt 7 t "weight %"
unset y2tics; unset y2label; set ytics mirror; set key inside top left vertical
set title "Block import (re-execution) time"
set xlabel "extrinsics in block"; set ylabel "ms"
plot "${imports}" u 1:2 w p pt 7 t "measured", "" u 1:3 w p pt 6 t "declared weight", ${f.fixedMs} + ${f.perExtrinsicMs}*x w l t sprintf("fit %.2f ms + %.0f us/tx", ${f.fixedMs}, ${f.perExtrinsicMs * 1000})
set title "CPU per block at the same block time"
set xlabel ""; set ylabel "ms (log)"; set logscale y; set style fill solid 0.6; set boxwidth 0.5; unset key
plot "${cost}" u 0:2:xtic(1) w boxes, "" u 0:2:(sprintf("%.1f ms", $2)) w labels offset 0,1
unset multiplot
`;
	const gp = spawnSync('gnuplot', [], { input: script, encoding: 'utf8' });
	if (gp.status === 0) console.log(`# wrote ${png}`);
	else console.error(`# gnuplot failed: ${gp.stderr}`);
}
console.log(`# wrote ${path.join(DIR, 'bench.md')} and bench.json`);
