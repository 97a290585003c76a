#!/usr/bin/env bash
# Measured figures of Aether Chain on this machine, as one table.
#
#   ./scripts/bench.sh [--release] [--seconds N] [--load-seconds N] [--accounts N]
#                      [--skip micro|consensus|load]...
#
# Stages (each prints progress; about 12 minutes on 2 cores once built):
#   micro      Criterion, release: sandbox instantiate + call, fuel on/off and WASM/native
#              (aether-veil, the interleaved summary after Criterion), seal/open per executor
#              (aether-seal), TSU conditioned-output throughput (aether-tsu).        ~3 min
#   consensus  scripts/bench/consensus-cost.mjs: CPU per block of a PoC validator and its
#              follower against a one-core proof-of-work miner at the same block time. ~2.5 min
#   load       scripts/bench/throughput.mjs: three validators on the `local` chain under the
#              generic load generator (scripts/bench/load.mjs, which works against any
#              Substrate node with pallet-balances): included transfers per second, pool
#              refusals, block fullness, finality lag over time; then `benchmark block`
#              re-executes the window for import time against block size.           ~5 min
# The Groth16 verify row is the zk-verifier pallet's benchmarked weight (weights.rs; re-measure
# with ./scripts/bench-weights.sh).
#
# Writes $CARGO_TARGET_DIR/bench/: bench.md (the table), bench.json (every figure and series),
# bench.png (finality lag, transfers per block, import time, consensus cost; gnuplot), and each
# stage's own JSON. Installs gnuplot-nox (apt) and the npm packages if missing.
# --release measures an optimised node (build ~35 min cold); the debug node is the default
# (~20 min cold, shared with ./scripts/run.sh). The micro benches always build in release (~8 min
# cold). --seconds is the consensus window (default 120), --load-seconds the load window (150),
# --accounts the load generator's sending accounts (600).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

profile=debug
seconds=120
load_seconds=150
accounts=600
skip=()
while (($#)); do
	case "$1" in
	--release) profile=release ;;
	--seconds) seconds=${2:?}; shift ;;
	--load-seconds) load_seconds=${2:?}; shift ;;
	--accounts) accounts=${2:?}; shift ;;
	--skip) skip+=("${2:?}"); shift ;;
	*) die "usage: $0 [--release] [--seconds N] [--load-seconds N] [--accounts N] [--skip micro|consensus|load]" ;;
	esac
	shift
done
runs() { [[ " ${skip[*]} " != *" $1 "* ]]; }

cd "$REPO_ROOT"
ensure_deps
ensure_npm_packages
_ensure_apt_packages gnuplot-nox
out="$CARGO_TARGET_DIR/bench"
mkdir -p "$out"
# Figures of a stage that is skipped now must not pass for this run's.
if runs micro; then rm -f "$out/sandbox.txt"; fi
if runs consensus; then rm -f "$out/consensus-cost.json"; fi
if runs load; then rm -f "$out/throughput.json"; fi

if runs consensus || runs load; then
	build=(cargo build -p aether-node)
	[[ "$profile" == release ]] && build+=(--release)
	log "building aether-node ($profile)"
	"${build[@]}"
	export AETHER_NODE="$CARGO_TARGET_DIR/$profile/aether-node"
fi

if runs micro; then
	log "micro: building the Criterion benches (release)"
	cargo bench -p aether-veil --bench sandbox --no-run
	cargo bench -p aether-seal --bench seal --no-run
	cargo bench -p aether-tsu --bench throughput --no-run
	log "micro: sandbox instantiate + call, fuel and WASM/native ratios"
	# Only the instantiate group from Criterion: the summary after it measures the compute
	# workloads in interleaved rounds, which is what the ratios are taken from.
	cargo bench -p aether-veil --bench sandbox -- instantiate_call --warm-up-time 1 --measurement-time 2 |
		tee "$out/sandbox.txt"
	log "micro: seal and open per executor"
	cargo bench -p aether-seal --bench seal -- --warm-up-time 1 --measurement-time 2
	log "micro: TSU conditioned output"
	cargo bench -p aether-tsu --bench throughput -- --warm-up-time 1
fi

if runs consensus; then
	log "consensus cost: a dev validator and a follower for ${seconds}s"
	node scripts/bench/consensus-cost.mjs --seconds "$seconds" --out "$out/consensus-cost.json"
fi

if runs load; then
	log "load: three validators, ${accounts} accounts for ${load_seconds}s, then benchmark block"
	node scripts/bench/throughput.mjs --seconds "$load_seconds" --accounts "$accounts" --out "$out/throughput.json"
fi

log "report"
node scripts/bench/report.mjs --dir "$out" --criterion "$CARGO_TARGET_DIR/criterion"
log "results in $out"
