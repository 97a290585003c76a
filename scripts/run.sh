#!/usr/bin/env bash
# Build aether-node and run a one-validator development chain, with the Aether console (a web
# page, console/) served next to it.
#
#   ./scripts/run.sh                 debug build, chain kept in ~/.local/share/aether-chain/dev
#   ./scripts/run.sh --release       optimised build (slower to build, much faster to run)
#   ./scripts/run.sh --tmp           throwaway chain in a temporary directory
#   ./scripts/run.sh -- -lpoc=debug  everything after `--` goes to aether-node
#
# Environment: AETHER_BASE_PATH (where the chain is kept), AETHER_CONSOLE_PORT (default 8000),
# CARGO_TARGET_DIR.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
	sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

profile=debug
tmp=0
extra=()
while (($#)); do
	case "$1" in
	--release) profile=release ;;
	--tmp) tmp=1 ;;
	-h | --help)
		usage
		exit 0
		;;
	--)
		shift
		extra=("$@")
		break
		;;
	*)
		usage >&2
		die "unknown option '$1' (node flags go after '--')"
		;;
	esac
	shift
done

cd "$REPO_ROOT"
ensure_deps

build=(cargo build -p aether-node -p aether-shell)
if [[ "$profile" == release ]]; then
	build+=(--release)
	AETHER_NODE="$CARGO_TARGET_DIR/release/aether-node"
fi
log "building aether-node ($profile; the first build takes ~20 min on 2 cores, later ones are incremental)"
"${build[@]}"
[[ -x "$AETHER_NODE" ]] || die "build finished but $AETHER_NODE is missing"

log "building the command programs and their dev proving keys"
./scripts/build-programs.sh --keys

log "building the console (esbuild)"
ensure_npm_packages
node console/build.mjs --no-check
console_port="${AETHER_CONSOLE_PORT:-8000}"

base_path="${AETHER_BASE_PATH:-$HOME/.local/share/aether-chain/dev}"
# Alice authors, finalizes and runs the Emulator Veil executor (proving with the dev keys).
node_args=(--dev --rpc-port 9944 --rpc-cors all
	--executor --executor-suri //Alice --proving-keys "$REPO_ROOT/programs/out/keys")
if ((tmp)); then
	node_args+=(--tmp)
	where="a temporary directory (deleted when the node stops)"
	stop="Ctrl-C (the throwaway chain is deleted)"
else
	mkdir -p "$base_path"
	node_args+=(--base-path "$base_path")
	where="$base_path (delete it, or use --tmp, to start a fresh chain)"
	stop="Ctrl-C (the chain is kept; the next run continues it)"
fi

cat >&2 <<EOF

  Aether Chain development node (--dev: one validator, Alice, authors and finalizes alone)

  RPC (WebSocket and HTTP)  ws://127.0.0.1:9944
  Executor                  Alice runs commands; programs are in programs/out/*.wasm
  Try                       aether --suri //Bob program register programs/out/sha256.wasm
                            aether --suri //Bob run 0 --input hello
  Aether console            http://127.0.0.1:$console_port/?rpc=ws://127.0.0.1:9944
  Polkadot.js Apps          https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A9944#/explorer
  Chain data                $where
  Stop                      $stop

EOF

# The console's static server lives as long as the node: Ctrl-C reaches both (one process
# group), and the trap covers the node exiting on its own.
node console/serve.mjs --port "$console_port" --rpc ws://127.0.0.1:9944 &
console_pid=$!
trap 'kill "$console_pid" 2>/dev/null || true' EXIT
log "$AETHER_NODE ${node_args[*]} ${extra[*]}"
"$AETHER_NODE" "${node_args[@]}" "${extra[@]}"
