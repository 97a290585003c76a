// Builds the console: type-checks console/src with tsc, bundles src/main.ts with esbuild
// (@polkadot/api and the project's RPC definitions included) and copies index.html and
// style.css. Output: console/dist/ (or --out DIR).
//
// The Games page replays CHIP-8 sessions with programs/out/chip8-web.wasm (the aether-emulator
// core built for the browser by ./scripts/build-programs.sh): it is copied into the output when
// it exists. `wasm.json` tells the page what was copied, and the SHA-256 of
// programs/out/chip8.wasm, the `chip8` command program, so the page can find it among the
// registered programs by code hash (both null when not built).
//
//   node console/build.mjs [--out DIR] [--no-check]

import crypto from 'node:crypto';
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
const programs = path.join(here, '..', 'programs', 'out');
const core = path.join(programs, 'chip8-web.wasm');
const chip8 = path.join(programs, 'chip8.wasm');
const manifest = { chip8Web: null, chip8CodeHash: null };
if (fs.existsSync(core)) {
	fs.copyFileSync(core, path.join(out, 'chip8-web.wasm'));
	manifest.chip8Web = 'chip8-web.wasm';
} else {
	fs.rmSync(path.join(out, 'chip8-web.wasm'), { force: true });
	console.log(`note: ${path.relative(process.cwd(), core)} is missing (./scripts/build-programs.sh builds it): the Games page cannot replay CHIP-8 sessions`);
}
if (fs.existsSync(chip8)) manifest.chip8CodeHash = `0x${crypto.createHash('sha256').update(fs.readFileSync(chip8)).digest('hex')}`;
fs.writeFileSync(path.join(out, 'wasm.json'), `${JSON.stringify(manifest, null, '\t')}\n`);
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
console.log(`console built in ${out} (${(bytes / 1024).toFixed(0)} KiB)`);
