#!/usr/bin/env bash
# Every test of Aether Chain; what CI runs (.ci/run).
#
#   ./scripts/test.sh                 cargo test, build the node, network tests, zombienet
#   ./scripts/test.sh --no-network    cargo test only
#   ./scripts/test.sh --network-only  build the node, network tests and zombienet only
#   ./scripts/test.sh --parachain     also the parachain stage: a rococo-local relay chain and two
#                                     Aether shards under polkadot-omni-node, exchanging XCM
#                                     (zombienet/aether-shards.zndsl). Opt-in: the relay chain and
#                                     omni node are built from crates.io the first time (about
#                                     1.5 hours on 2 cores, cached in ~/.cache/aether-chain/bin)
#
# Stages: 1. cargo test --workspace, then the runtime's tests with `--features try-runtime`, and
#            the parachain runtime checked with `--features try-runtime,runtime-benchmarks`
#         2. cargo build -p aether-node -p aether-shell; the command programs and their dev keys
#            (./scripts/build-programs.sh --keys --test: WASM agrees with the native reference);
#            the web console (console/build.mjs: tsc, esbuild) and Debian's chromium for its test
#         3. network tests (scripts/network/*.test.mjs, Node.js) against real aether-node processes
#         4. zombienet: four validators, zombienet/aether-local.zndsl (./scripts/zombienet.sh)
#         5. with --parachain only: ./scripts/zombienet.sh --parachain
# The parachain runtime is checked in CI without the relay chain: its cargo tests (presets, WASM
# imports) and scripts/network/parachain.test.mjs (two shards under Chopsticks, XCM between them).
# Environment: AETHER_NETWORK_SECONDS (observation time of the three-validator test, default 240,
# minimum 90), CARGO_TARGET_DIR. Exits non-zero on the first failing stage.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
	sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

run_cargo_test=1
run_network=1
run_parachain=0
while (($#)); do
	case "$1" in
	--parachain) run_parachain=1 ;;
	--no-network) run_network=0 ;;
	--network-only) run_cargo_test=0 ;;
	-h | --help)
		usage
		exit 0
		;;
	*)
		usage >&2
		die "unknown option '$1'"
		;;
	esac
	shift
done
((run_cargo_test || run_network || run_parachain)) || die "--no-network and --network-only together leave nothing to run"

cd "$REPO_ROOT"

summary=()

# stage NAME COMMAND...: run, time, and stop everything on failure. COMMAND must report its own
# failure through its exit status (errexit does not apply inside it).
stage() {
	local name=$1 start rc=0
	shift
	start=$(date +%s)
	log "stage: $name"
	"$@" || rc=$?
	local took=$(($(date +%s) - start))
	if ((rc != 0)); then
		summary+=("$(printf '%-28s FAILED (exit %d) after %ds' "$name" "$rc" "$took")")
		print_summary
		die "stage '$name' failed (exit $rc)"
	fi
	summary+=("$(printf '%-28s ok  %5ds' "$name" "$took")")
	log "stage: $name ok in ${took}s"
}

print_summary() {
	printf '\n==> summary\n' >&2
	printf '    %s\n' "${summary[@]}" >&2
	printf '\n' >&2
}

network_tests() {
	if [[ ! -x "$AETHER_NODE" ]]; then
		log "no node binary at $AETHER_NODE"
		return 1
	fi
	local files=("$REPO_ROOT"/scripts/network/*.test.mjs)
	if [[ ! -e "${files[0]}" ]]; then
		log "no network tests in scripts/network/"
		return 1
	fi
	# One test file at a time: each starts its own nodes and they compete for the CPU.
	# --test-concurrency exists from Node 20.10/21; before that files run one per core - 1.
	local runner=(node --test --test-reporter=spec) help
	help=$(node --help 2>/dev/null || true)
	if [[ "$help" == *--test-concurrency* ]]; then
		runner+=(--test-concurrency=1)
	fi
	ensure_npm_packages
	log "AETHER_NODE=$AETHER_NODE ${runner[*]} scripts/network/*.test.mjs"
	export AETHER_NODE
	"${runner[@]}" "${files[@]}"
}

build_console() {
	ensure_npm_packages
	_ensure_apt_packages chromium
	node console/build.mjs
}

# Not through `stage`: a function run as `f || rc=$?` loses `set -e` inside it.
deps_start=$(date +%s)
log "stage: deps"
ensure_deps
summary+=("$(printf '%-28s ok  %5ds' "deps" "$(($(date +%s) - deps_start))")")
if ((run_cargo_test)); then
	stage "cargo test --workspace" cargo test --workspace
	# The try-runtime feature must keep building, and every pallet's try_state must hold after
	# every block of real extrinsics (runtime/src/tests.rs; the native runtime is enough).
	stage "runtime with try-runtime" env SKIP_WASM_BUILD=1 cargo test -p aether-runtime --features try-runtime
	# The parachain runtime's try-runtime and benchmark builds must keep compiling too (its
	# benchmarks run through ./scripts/bench-weights.sh pallet_collator_ranking).
	stage "parachain runtime features" env SKIP_WASM_BUILD=1 cargo check -p aether-parachain-runtime \
		-p pallet-collator-ranking --features try-runtime,runtime-benchmarks
fi
if ((run_network)); then
	stage "cargo build -p aether-node -p aether-shell" cargo build -p aether-node -p aether-shell
	# The command programs (WASM), their dev proving keys, and the WASM-against-native checks;
	# the commands network test runs them.
	stage "programs (wasm, dev keys)" ./scripts/build-programs.sh --keys --test
	# The web console (tsc + esbuild) and the browser its network test drives.
	stage "console (tsc, esbuild)" build_console
	stage "network tests" network_tests
	stage "zombienet" env AETHER_NODE="$AETHER_NODE" ./scripts/zombienet.sh
fi
if ((run_parachain)); then
	stage "parachain (relay + 2 shards)" env AETHER_NODE="$AETHER_NODE" ./scripts/zombienet.sh --parachain
fi
print_summary
log "all stages passed"
