#!/usr/bin/env bash
# Regenerate a pallet's weights.rs from its FRAME benchmarks.
#
#   ./scripts/bench-weights.sh [pallet_poc] [--release]
#
# Builds aether-node with `--features runtime-benchmarks` (debug by default; --release for
# figures fit for production: a debug node runs the host side of storage and hashing
# unoptimised, so debug figures over-estimate) and writes pallets/<name>/src/weights.rs.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

pallet=pallet_poc
profile=debug
for arg in "$@"; do
	case "$arg" in
	--release) profile=release ;;
	pallet_*) pallet=$arg ;;
	*) die "usage: $0 [pallet_name] [--release]" ;;
	esac
done
dir="$REPO_ROOT/pallets/${pallet#pallet_}"
[[ -d "$dir/src" ]] || die "no pallet at $dir"

cd "$REPO_ROOT"
ensure_deps
build=(cargo build -p aether-node --features runtime-benchmarks)
[[ "$profile" == release ]] && build+=(--release)
"${build[@]}"
"$CARGO_TARGET_DIR/$profile/aether-node" benchmark pallet \
	--chain dev --pallet "$pallet" --extrinsic '*' --steps 50 --repeat 20 \
	--template scripts/frame-weight-template.hbs \
	--output "pallets/${pallet#pallet_}/src/weights.rs"
log "wrote $dir/src/weights.rs"
