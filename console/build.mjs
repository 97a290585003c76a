// Builds the console: type-checks console/src with tsc, bundles src/main.ts with esbuild
// (@polkadot/api and the project's RPC definitions included) and copies index.html and
// style.css. Output: console/dist/ (or --out DIR).
//
//   node console/build.mjs [--out DIR] [--no-check]

import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const out = path.resolve(outIndex >= 0 ? args[outIndex + 1] : path.join(here, 'dist'));

if (!args.includes('--no-check')) {
	execFileSync(process.execPath, [path.join(here, '..', 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(here, 'tsconfig.json')], { stdio: 'inherit' });
}
fs.mkdirSync(out, { recursive: true });
const result = await build({
	entryPoints: [path.join(here, 'src', 'main.ts')],
	bundle: true,
	format: 'iife',
	target: 'es2022',
	platform: 'browser',
	minify: true,
	sourcemap: true,
	outfile: path.join(out, 'app.js'),
	metafile: true,
	logLevel: 'warning',
});
for (const file of ['index.html', 'style.css']) fs.copyFileSync(path.join(here, file), path.join(out, file));
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
console.log(`console built in ${out} (${(bytes / 1024).toFixed(0)} KiB)`);
