#!/usr/bin/env bash
# Measured figures of Aether Chain on this machine.
#
#   ./scripts/bench.sh [--release] [--seconds N]
#
# Today it measures the consensus cost of a block (scripts/bench/consensus-cost.mjs): the CPU
# time a PoC validator and a follower spend per block, the block-building and verification
# times, and what a one-core proof-of-work miner spends at the same block time. It prints a
# table and writes $CARGO_TARGET_DIR/bench/consensus-cost.json.
# Not measured yet (issue 9): sustained transfer throughput under a load generator, block import
# time by block size, finality lag over time, the sandbox and Groth16 rows (issue 4).
# Options: --release measures an optimised node (build ~35 min cold); --seconds N the window
# (default 120). Takes about 3 minutes after the build.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

profile=debug
seconds=120
while (($#)); do
	case "$1" in
	--release) profile=release ;;
	--seconds) seconds=${2:?}; shift ;;
	*) die "usage: $0 [--release] [--seconds N]" ;;
	esac
	shift
done

cd "$REPO_ROOT"
ensure_deps
build=(cargo build -p aether-node)
[[ "$profile" == release ]] && build+=(--release)
log "building aether-node ($profile)"
"${build[@]}"
export AETHER_NODE="$CARGO_TARGET_DIR/$profile/aether-node"
out="$CARGO_TARGET_DIR/bench"
mkdir -p "$out"
log "consensus cost: a dev validator and a follower for ${seconds}s"
node scripts/bench/consensus-cost.mjs --seconds "$seconds" --out "$out/consensus-cost.json"
log "results in $out"
