#!/usr/bin/env bash
# The relay-chain and collator binaries of the parachain stage, built once from crates.io and cached.
#
#   ./scripts/parachain-bins.sh          install what is missing, print the binary directory
#   ./scripts/parachain-bins.sh --check  exit 0 when every binary is cached, 1 otherwise
#
# Installs, with `cargo install --locked` (the crates' published lockfiles), into
# $AETHER_BIN_CACHE (default $HOME/.cache/aether-chain/bin):
#   polkadot 41.0.0             polkadot, polkadot-prepare-worker, polkadot-execute-worker: the
#                               stable2609 relay chain (rococo-local, westend-local built in)
#   polkadot-omni-node 0.24.0   the stable2609 omni node: runs the Aether parachain runtime from its
#                               chain spec, no Aether-specific node code
# Both share one build directory ($AETHER_BIN_CACHE/.target, kept until both are installed), so
# the omni node reuses most of the relay chain's compiled crates. Measured on this 2-core machine:
# polkadot about 54 min cold (9.5 GB of build directory), then polkadot-omni-node 35 min (the
# directory peaks near 12 GB). Not part of the default test path.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

AETHER_BIN_CACHE="${AETHER_BIN_CACHE:-$HOME/.cache/aether-chain/bin}"
export AETHER_BIN_CACHE
# crate@version → the binaries it must leave in $AETHER_BIN_CACHE/bin.
crates=("polkadot@41.0.0" "polkadot-omni-node@0.24.0")
declare -A bins=(
	["polkadot@41.0.0"]="polkadot polkadot-prepare-worker polkadot-execute-worker"
	["polkadot-omni-node@0.24.0"]="polkadot-omni-node"
)

# present CRATE: every binary of CRATE is in the cache and reports CRATE's version.
present() {
	local crate=$1 version=${1#*@} bin
	for bin in ${bins[$crate]}; do
		[[ -x "$AETHER_BIN_CACHE/bin/$bin" ]] || return 1
	done
	bin=${bins[$crate]%% *}
	"$AETHER_BIN_CACHE/bin/$bin" --version 2>/dev/null | grep -q -- "$version" || {
		# polkadot reports its node version (1.x), not the crate's: trust the install marker.
		[[ -f "$AETHER_BIN_CACHE/.installed-$crate" ]]
	}
}

if [[ "${1:-}" == "--check" ]]; then
	for crate in "${crates[@]}"; do
		present "$crate" || exit 1
	done
	echo "$AETHER_BIN_CACHE/bin"
	exit 0
fi
[[ $# -eq 0 ]] || die "unknown option '$1' (see the header of $0)"

missing=()
for crate in "${crates[@]}"; do
	present "$crate" || missing+=("$crate")
done
if ((${#missing[@]})); then
	ensure_deps
	mkdir -p "$AETHER_BIN_CACHE"
	# The build directory grows to about 12 GB (the relay chain's rococo and westend runtimes
	# build their own WASM targets); a full disk fails it deep inside a C++ build script.
	# A resumed build needs only what its kept build directory does not hold yet.
	free_gb=$(df --output=avail -BG "$AETHER_BIN_CACHE" | tail -n 1 | tr -dc '0-9')
	kept_gb=0
	[[ -d "$AETHER_BIN_CACHE/.target" ]] &&
		kept_gb=$(du -s -BG "$AETHER_BIN_CACHE/.target" | cut -f1 | tr -dc '0-9')
	need_gb=$((kept_gb >= 12 ? 3 : 15 - kept_gb))
	if ((free_gb < need_gb)); then
		die "the relay chain build needs about ${need_gb} GB free under $AETHER_BIN_CACHE, there are" \
			"${free_gb} GB (cargo's incremental files, $CARGO_TARGET_DIR/debug/incremental, can go)"
	fi
	for crate in "${missing[@]}"; do
		log "cargo install $crate (this takes long: polkadot about 54 min on 2 cores)"
		start=$(date +%s)
		# lib.sh points the WASM builder at this workspace; the relay chain's runtimes (rococo,
		# westend) must find their own package, so the hint goes.
		env -u WASM_BUILD_WORKSPACE_HINT CARGO_TARGET_DIR="$AETHER_BIN_CACHE/.target" \
			cargo install "$crate" --locked --force --root "$AETHER_BIN_CACHE"
		touch "$AETHER_BIN_CACHE/.installed-$crate"
		log "$crate installed in $(($(date +%s) - start)) s"
	done
	# Both installed: the shared build directory is only a cache of a cache.
	rm -rf "$AETHER_BIN_CACHE/.target"
fi
for crate in "${crates[@]}"; do
	present "$crate" || die "$crate: binaries missing from $AETHER_BIN_CACHE/bin after install"
done
echo "$AETHER_BIN_CACHE/bin"
