#!/usr/bin/env bash
# Regenerate a pallet's weights.rs from its FRAME benchmarks.
#
#   ./scripts/bench-weights.sh [pallet_poc] [--release] [--steps N] [--repeat N]
#
# Builds aether-node with `--features runtime-benchmarks` (debug by default; --release for
# figures fit for production: a debug node runs the host side of storage and hashing
# unoptimised, so debug figures over-estimate) and writes pallets/<name>/src/weights.rs.
# Pallets only the parachain runtime has (pallet_collator_ranking) are measured on its WASM
# (`--runtime`, genesis from its `development` preset); the others on the solo chain's `dev`.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

pallet=pallet_poc
profile=debug
steps=50
repeat=20
while (($#)); do
	case "$1" in
	--release) profile=release ;;
	--steps) steps=${2:?}; shift ;;
	--repeat) repeat=${2:?}; shift ;;
	pallet_*) pallet=$1 ;;
	*) die "usage: $0 [pallet_name] [--release] [--steps N] [--repeat N]" ;;
	esac
	shift
done
crate_dir=${pallet#pallet_}
crate_dir=${crate_dir//_/-}
dir="$REPO_ROOT/pallets/$crate_dir"
[[ -d "$dir/src" ]] || die "no pallet at $dir"

cd "$REPO_ROOT"
ensure_deps
build=(cargo build -p aether-node --features runtime-benchmarks)
[[ "$profile" == release ]] && build+=(--release)
"${build[@]}"
case "$pallet" in
pallet_collator_ranking)
	# The node's build embeds the parachain runtime built with the same features. The node does
	# not provide cumulus' proof-size host function; no benchmark calls it.
	runtime="$CARGO_TARGET_DIR/$profile/wbuild/aether-parachain-runtime/aether_parachain_runtime.wasm"
	[[ -f "$runtime" ]] || die "no parachain runtime at $runtime"
	source_args=(--runtime "$runtime" --genesis-builder runtime --genesis-builder-preset development --allow-missing-host-functions)
	;;
*) source_args=(--chain dev) ;;
esac
"$CARGO_TARGET_DIR/$profile/aether-node" benchmark pallet \
	"${source_args[@]}" --pallet "$pallet" --extrinsic '*' --steps "$steps" --repeat "$repeat" \
	--template scripts/frame-weight-template.hbs \
	--output "pallets/$crate_dir/src/weights.rs"
log "wrote $dir/src/weights.rs"
