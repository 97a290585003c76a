#!/usr/bin/env bash
# Regenerate a pallet's weights.rs from its FRAME benchmarks.
#
#   ./scripts/bench-weights.sh [pallet_poc] [--release] [--steps N] [--repeat N]
#
# Builds aether-node with `--features runtime-benchmarks` (debug by default; --release for
# figures fit for production: a debug node runs the host side of storage and hashing
# unoptimised, so debug figures over-estimate) and writes pallets/<name>/src/weights.rs.
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
"$CARGO_TARGET_DIR/$profile/aether-node" benchmark pallet \
	--chain dev --pallet "$pallet" --extrinsic '*' --steps "$steps" --repeat "$repeat" \
	--template scripts/frame-weight-template.hbs \
	--output "pallets/$crate_dir/src/weights.rs"
log "wrote $dir/src/weights.rs"
