// Serves the built console (console/dist, or --dir) on 127.0.0.1 and prints its URL.
//
//   node console/serve.mjs [--dir DIR] [--port 8000] [--rpc ws://127.0.0.1:9944]
//
// Static files only; a request outside the directory is refused.

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
	const i = args.indexOf(name);
	return i >= 0 ? args[i + 1] : fallback;
};
const dir = path.resolve(option('--dir', path.join(here, 'dist')));
const port = Number(option('--port', '8000'));
const rpc = option('--rpc', 'ws://127.0.0.1:9944');
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json', '.json': 'application/json', '.png': 'image/png', '.wasm': 'application/wasm' };

const server = http.createServer((req, res) => {
	const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
	const file = path.join(dir, pathname === '/' ? 'index.html' : pathname);
	if (!file.startsWith(dir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
		res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
		return;
	}
	res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
	fs.createReadStream(file).pipe(res);
});
server.listen(port, '127.0.0.1', () => {
	console.log(`Aether console: http://127.0.0.1:${server.address().port}/?rpc=${rpc}`);
});
