#!/usr/bin/env bash
# A four-validator Aether network under zombienet: the last stage of ./scripts/test.sh.
#
#   ./scripts/zombienet.sh              install npm packages if needed, run zombienet/aether-local.zndsl
#   ./scripts/zombienet.sh FILE.zndsl   run another zombienet test instead
#   ./scripts/zombienet.sh --parachain  two Aether shards on a rococo-local relay chain
#                                       (zombienet/aether-shards.zndsl): needs the relay chain and
#                                       omni-node binaries of ./scripts/parachain-bins.sh, built
#                                       here if missing (about 1.5 hours the first time)
#
# Spawns Alice, Bob, Charlie and Dave (the `local` chain) with zombienet's native provider on
# 127.0.0.1 and checks zombienet/aether-local.zndsl: peers, block and finalised heights, authorship
# by several authorities (poc_status), a finished entropy beacon round (entropy_beacon), no "error"
# log lines, the same chalice_period on every node. Takes about 1.5 minutes.
# Steps: 1. Node.js and `npm ci` (when node_modules is missing or older than package-lock.json)
#        2. the node binary: $AETHER_NODE if set, else $CARGO_TARGET_DIR/debug/aether-node, built
#           with `cargo build -p aether-node` only when missing
#        3. `zombienet -p native test` in a fresh temporary directory
# Environment: AETHER_NODE, CARGO_TARGET_DIR, AETHER_KEEP_TMP=1 (keep the directory on success).
# Exits non-zero when an assertion fails (zombienet exits with the number of failed tests); on a
# failure it prints the last 60 log lines of each node and keeps the directory.
set -euo pipefail
# lib.sh points AETHER_NODE at the default debug build; a binary given by the caller wins.
user_node=${AETHER_NODE:-}
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
	sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

zndsl=zombienet/aether-local.zndsl
parachain=0
while (($#)); do
	case "$1" in
	--parachain)
		parachain=1
		zndsl=zombienet/aether-shards.zndsl
		;;
	-h | --help)
		usage
		exit 0
		;;
	*.zndsl)
		[[ -f "$1" ]] || die "no such test file: $1"
		zndsl=$(realpath "$1")
		;;
	*)
		usage >&2
		die "unknown option '$1'"
		;;
	esac
	shift
done

cd "$REPO_ROOT"

# 1. Node.js and the npm packages (@zombienet/cli, pinned by package-lock.json).
ensure_npm_packages

# 2. The node binary.
if [[ -n "$user_node" ]]; then
	export AETHER_NODE="$user_node"
	[[ -x "$AETHER_NODE" ]] || die "AETHER_NODE=$AETHER_NODE is not an executable file"
elif [[ ! -x "$AETHER_NODE" ]]; then
	log "no node binary at $AETHER_NODE: building it"
	ensure_deps
	cargo build -p aether-node
	[[ -x "$AETHER_NODE" ]] || die "cargo build did not produce $AETHER_NODE"
fi
log "node binary: $AETHER_NODE"

# 3. zombienet.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/aether-zombienet-XXXXXX")
names=(alice bob charlie dave)

# The parachain stage: the cached relay chain and omni node, and each shard's raw spec.
if ((parachain)); then
	bins=$(./scripts/parachain-bins.sh)
	export POLKADOT_BIN="$bins/polkadot" OMNI_NODE_BIN="$bins/polkadot-omni-node"
	# The relay chain finds its PVF workers next to itself.
	export PATH="$bins:$PATH"
	for shard in "local_testnet 2000" "local_testnet_2001 2001"; do
		read -r preset para <<<"$shard"
		"$AETHER_NODE" parachain-spec --preset "$preset" --relay-chain rococo-local --raw \
			--output "$tmp/shard-$para.json"
		export "SHARD_${para}_SPEC=$tmp/shard-$para.json"
	done
	names=(relay1 relay2 alice bob charlie dave)
fi

print_log_tails() {
	local name file
	for name in "${names[@]}"; do
		file="$tmp/$name.log"
		[[ -f "$file" ]] || file="$tmp/logs/$name.log"
		if [[ -f "$file" ]]; then
			printf '\n----- last 60 lines of %s (%s) -----\n' "$name" "$file" >&2
			tail -n 60 "$file" >&2
			printf -- '----- end of %s -----\n' "$name" >&2
		else
			printf '\n----- no log of %s in %s -----\n' "$name" "$tmp" >&2
		fi
	done
}

log "zombienet -p native test $zndsl (directory $tmp)"
run_start=$(date +%s)
rc=0
# -d: zombienet's files (chain spec, node data, <node>.log) go to $tmp; -f: it exists already.
# -l text: plain lines instead of tables redrawn in place.
npx --no-install zombienet -p native -l text -d "$tmp" -f test "$zndsl" || rc=$?
took=$(($(date +%s) - run_start))

if ((rc != 0)); then
	print_log_tails
	die "zombienet failed (exit $rc) after ${took}s; its files are in $tmp"
fi
if [[ "${AETHER_KEEP_TMP:-}" == 1 ]]; then
	log "kept $tmp (AETHER_KEEP_TMP=1)"
else
	rm -rf "$tmp"
fi
log "zombienet passed in ${took}s"
