# shellcheck shell=bash
# Shared helpers for the Aether Chain scripts. Source it, do not run it:
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# Safe under `set -euo pipefail`. Defines:
#   REPO_ROOT        the repository root (the directory above scripts/)
#   CARGO_TARGET_DIR where cargo builds (default ~/.cache/aether-chain/target), exported
#   AETHER_NODE      the debug node binary in it, exported (run.sh --release repoints it)
#   WASM_BUILD_WORKSPACE_HINT  the repository root, for the runtime's WASM build, exported
#   log MSG...       prints "==> [  12s] MSG" to stderr, seconds since the script started
#   die MSG...       log and exit 1
#   ensure_deps      installs what a build and the network tests need, if missing

if [[ -n "${AETHER_LIB_SOURCED:-}" ]]; then
	return 0
fi
AETHER_LIB_SOURCED=1

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/aether-chain/target}"
export AETHER_NODE="$CARGO_TARGET_DIR/debug/aether-node"
# The runtime's WASM build looks for Cargo.lock above its output directory; with the target
# directory outside the repository it must be told where the workspace is, or it resolves
# dependencies afresh instead of using the committed lock file.
export WASM_BUILD_WORKSPACE_HINT="${WASM_BUILD_WORKSPACE_HINT:-$REPO_ROOT}"

# Start of the clock `log` reports.
AETHER_T0=$(date +%s)

log() {
	local now
	now=$(date +%s)
	printf '==> [%4ds] %s\n' "$((now - AETHER_T0))" "$*" >&2
}

die() {
	log "ERROR: $*"
	exit 1
}

# Run a command as root: directly when we are root, through sudo otherwise.
as_root() {
	if [[ "$(id -u)" -eq 0 ]]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		die "need root to run '$*' and sudo is not installed"
	fi
}

# Debian packages: installed only when one of them is missing.
_ensure_apt_packages() {
	local missing=() pkg
	for pkg in "$@"; do
		if ! dpkg -s "$pkg" >/dev/null 2>&1; then
			missing+=("$pkg")
		fi
	done
	if ((${#missing[@]} == 0)); then
		return 0
	fi
	command -v apt-get >/dev/null 2>&1 ||
		die "missing packages (${missing[*]}) and no apt-get: install them by hand"
	log "installing ${missing[*]} (apt-get)"
	as_root apt-get update
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
}

# The Rust toolchain named by rust-toolchain.toml, with its wasm targets and rust-src.
_ensure_rust() {
	command -v rustup >/dev/null 2>&1 ||
		die "rustup not found: install it from https://rustup.rs and re-run"
	local channel
	channel=$(sed -n 's/^[[:space:]]*channel[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' \
		"$REPO_ROOT/rust-toolchain.toml" | head -n 1)
	[[ -n "$channel" ]] || die "no channel in $REPO_ROOT/rust-toolchain.toml"
	# With a toolchain file, `rustup toolchain install` (no argument) installs the named toolchain
	# with its components and targets; older rustup installs it on `rustup show`.
	if ! (cd "$REPO_ROOT" && rustup show active-toolchain >/dev/null 2>&1); then
		log "installing Rust $channel (rustup)"
		(cd "$REPO_ROOT" && rustup toolchain install) ||
			rustup toolchain install "$channel" --profile minimal --component rustfmt,clippy ||
			die "rustup could not install Rust $channel"
	fi
	# Cheap when present; covers a toolchain installed before the file named them.
	local out
	out=$(rustup target add --toolchain "$channel" wasm32-unknown-unknown wasm32v1-none 2>&1) ||
		{ printf '%s\n' "$out" >&2; die "rustup target add failed"; }
	out=$(rustup component add --toolchain "$channel" rust-src 2>&1) ||
		{ printf '%s\n' "$out" >&2; die "rustup component add rust-src failed"; }
}

# Node.js >= 18 for the network tests (node:test, global fetch).
_ensure_node() {
	if ! command -v node >/dev/null 2>&1; then
		log "installing Node.js (Debian's nodejs)"
		_ensure_apt_packages nodejs
	fi
	local major
	major=$(node -p 'process.versions.node.split(".")[0]')
	if ((major < 18)); then
		die "Node.js $(node --version) is too old: the network tests need Node.js >= 18"
	fi
}

# The npm packages of package.json (@polkadot/api for the network tests, @zombienet/cli), pinned
# by package-lock.json. npm writes node_modules/.package-lock.json on every install: older than
# the lock file (or missing) means node_modules does not match it.
ensure_npm_packages() {
	_ensure_node
	if ! command -v npm >/dev/null 2>&1; then
		log "npm not found"
		_ensure_apt_packages npm
	fi
	if [[ ! -f "$REPO_ROOT/node_modules/.package-lock.json" ||
		"$REPO_ROOT/package-lock.json" -nt "$REPO_ROOT/node_modules/.package-lock.json" ||
		! -e "$REPO_ROOT/node_modules/.bin/zombienet" || ! -d "$REPO_ROOT/node_modules/@polkadot/api" ]]; then
		log "npm ci (@polkadot/api, zombienet and their dependencies)"
		local start
		start=$(date +%s)
		(cd "$REPO_ROOT" && npm ci --no-audit --no-fund)
		log "npm ci took $(($(date +%s) - start))s"
	fi
}

ensure_deps() {
	_ensure_apt_packages protobuf-compiler clang libclang-dev
	_ensure_rust
	_ensure_node
	command -v cargo >/dev/null 2>&1 || die "cargo not found on PATH (is ~/.cargo/bin on PATH?)"
}
