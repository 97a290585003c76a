#!/usr/bin/env bash
# Build the command programs (programs/guests/*) into programs/out/<name>.wasm, and optionally
# their development proving keys and the WASM-against-native tests.
#
#   ./scripts/build-programs.sh                 build the modules, print their sizes
#   ./scripts/build-programs.sh --keys          also write dev keys to programs/out/keys/
#   ./scripts/build-programs.sh --test          also run the WASM agreement tests (aether-circuits)
#   ./scripts/build-programs.sh --keys --seed 7 keys from another seed (default 0)
#
# The modules are built in their own cargo workspace (programs/Cargo.toml, its own Cargo.lock,
# --locked) for wasm32-unknown-unknown, with programs/.cargo/config.toml's flags (a 64 KiB stack,
# so a module's initial memory stays within the default 16-page cap). Programs: sha256,
# poseidon-preimage, sudoku, chip8 (programs/README.md).
#
# --keys runs `aether-circuits setup --out programs/out/keys --seed N`: <name>.pk and <name>.vk for
# poseidon-preimage and sudoku. DEV SETUP: the toxic waste derives from the seed, anyone who knows
# it can forge proofs. Never register these keys on a production chain.
#
# --test runs `cargo test -p aether-circuits --test wasm -- --ignored` and the same for
# aether-emulator: every module passes the chain's registration check and agrees with the native
# reference on many inputs when run in the aether-veil sandbox. Those tests are ignored by a plain `cargo test` (they need the
# modules this script builds) and fail, naming this script, when a module is missing.
#
# Environment: CARGO_TARGET_DIR (default ~/.cache/aether-chain/target).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
	sed -n '2,23p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

# <name in programs/out> <cargo package>
PROGRAMS=(
	"sha256 program-sha256"
	"poseidon-preimage program-poseidon-preimage"
	"sudoku program-sudoku"
	"chip8 program-chip8"
)
TARGET=wasm32-unknown-unknown

keys=0
run_tests=0
seed=0
while (($#)); do
	case "$1" in
	--keys) keys=1 ;;
	--test) run_tests=1 ;;
	--seed)
		[[ $# -ge 2 && "$2" =~ ^[0-9]+$ ]] || die "--seed needs a number"
		seed=$2
		shift
		;;
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

cd "$REPO_ROOT/programs"
OUT="$REPO_ROOT/programs/out"

command -v rustup >/dev/null 2>&1 || die "rustup not found: install it from https://rustup.rs"
if ! rustup target list --installed | grep -qx "$TARGET"; then
	log "installing the $TARGET target (rustup)"
	rustup target add "$TARGET"
fi

packages=()
for entry in "${PROGRAMS[@]}"; do
	read -r _ package <<<"$entry"
	packages+=(-p "$package")
done
log "building ${#PROGRAMS[@]} programs for $TARGET (release)"
# From programs/, so cargo reads programs/.cargo/config.toml and the programs workspace.
cargo build --locked --release --target "$TARGET" "${packages[@]}"

mkdir -p "$OUT"
for entry in "${PROGRAMS[@]}"; do
	read -r name package <<<"$entry"
	src="$CARGO_TARGET_DIR/$TARGET/release/${package//-/_}.wasm"
	[[ -f "$src" ]] || die "cargo built no $src"
	cp "$src" "$OUT/$name.wasm"
	printf '%-20s %7d bytes  programs/out/%s.wasm\n' "$name" "$(stat -c %s "$OUT/$name.wasm")" "$name"
done

cd "$REPO_ROOT"
if ((keys)); then
	log "dev key setup, seed $seed (toxic waste known: development only)"
	# The dev profile: the root Cargo.toml optimises arkworks and this crate in it, and a node
	# build has already compiled them, so no second (release) copy of arkworks is built.
	if [[ -f "$OUT/keys/seed" && "$(cat "$OUT/keys/seed")" == "$seed" ]] &&
		ls "$OUT"/keys/*.pk >/dev/null 2>&1; then
		log "keys for seed $seed already in programs/out/keys (delete them to set up again)"
	else
		cargo build -p aether-circuits --bin aether-circuits
		"$CARGO_TARGET_DIR/debug/aether-circuits" setup --out "$OUT/keys" --seed "$seed"
		echo "$seed" >"$OUT/keys/seed"
	fi
	for file in "$OUT"/keys/*; do
		printf '%-28s %9d bytes\n' "keys/$(basename "$file")" "$(stat -c %s "$file")"
	done
fi

if ((run_tests)); then
	log "WASM agreement tests (aether-circuits, tests/wasm.rs)"
	cargo test -p aether-circuits --test wasm -- --ignored
	log "WASM agreement tests (aether-emulator, tests/wasm.rs)"
	cargo test -p aether-emulator --test wasm -- --ignored
fi
log "done"
