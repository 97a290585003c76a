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
# poseidon-preimage, sudoku, chip8, connect4, tictactoe (programs/README.md). Also chip8-web, the CHIP-8 core
# for the browser (programs/web/chip8; not a command program: never register it), linked by
# scripts/wasm-ld-exact-exports.sh so that it exports exactly its ABI.
#
# --keys runs `aether-circuits setup --out programs/out/keys --seed N`: <name>.pk and <name>.vk for
# every circuit (poseidon-preimage, sudoku, tictactoe), or only those missing when the directory
# already holds keys of seed N. DEV SETUP: the toxic waste derives from the seed, anyone who knows
# it can forge proofs. Never register these keys on a production chain.
#
# --test runs `cargo test -p aether-circuits --test wasm --test connect4 -- --ignored` and
# `cargo test -p aether-emulator --test wasm --test web -- --ignored`: every command program passes
# the chain's registration check and agrees with the native reference on many inputs when run in
# the aether-veil sandbox, and chip8-web (in wasmtime) ends every session on the `chip8` command's
# output. Those tests are ignored by a plain `cargo test` (they need the
# modules this script builds) and fail, naming this script, when a module is missing.
#
# Environment: CARGO_TARGET_DIR (default ~/.cache/aether-chain/target).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
	sed -n '2,/^# Environment/p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

# <name in programs/out> <cargo package>
PROGRAMS=(
	"sha256 program-sha256"
	"poseidon-preimage program-poseidon-preimage"
	"sudoku program-sudoku"
	"chip8 program-chip8"
	"connect4 program-connect4"
	"tictactoe program-tictactoe"
)
# The circuits `aether-circuits setup` makes keys for (CircuitKind::ALL).
CIRCUITS=(poseidon-preimage sudoku tictactoe)
# Modules for the browser (programs/web/*), <name in programs/out> <cargo package>: not command
# programs (no `run`, other exports, no imports). Same workspace and profile, but each is linked by
# scripts/wasm-ld-exact-exports.sh, which drops the `__heap_base` and `__data_end` exports rustc
# adds, so that a module exports exactly what its code declares.
WEB_MODULES=(
	"chip8-web chip8-web"
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
for entry in "${WEB_MODULES[@]}"; do
	read -r name package <<<"$entry"
	log "building $name (browser module, exact exports)"
	# `cargo rustc`: the linker flag applies to this package's module only.
	cargo rustc --locked --release --target "$TARGET" -p "$package" --lib -- \
		-C linker="$REPO_ROOT/scripts/wasm-ld-exact-exports.sh"
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
	missing=("${CIRCUITS[@]}")
	if [[ -f "$OUT/keys/seed" && "$(cat "$OUT/keys/seed")" == "$seed" ]]; then
		missing=()
		for name in "${CIRCUITS[@]}"; do
			[[ -f "$OUT/keys/$name.pk" && -f "$OUT/keys/$name.vk" ]] || missing+=("$name")
		done
	fi
	if ((${#missing[@]} == 0)); then
		log "keys for seed $seed already in programs/out/keys (delete them to set up again)"
	else
		cargo build -p aether-circuits --bin aether-circuits
		rm -f "$OUT/keys/seed"
		"$CARGO_TARGET_DIR/debug/aether-circuits" setup --out "$OUT/keys" --seed "$seed" "${missing[@]}"
		echo "$seed" >"$OUT/keys/seed"
	fi
	for file in "$OUT"/keys/*; do
		printf '%-28s %9d bytes\n' "keys/$(basename "$file")" "$(stat -c %s "$file")"
	done
fi

if ((run_tests)); then
	log "WASM agreement tests (aether-circuits, tests/wasm.rs, tests/connect4.rs)"
	cargo test -p aether-circuits --test wasm --test connect4 -- --ignored
	log "WASM agreement tests (aether-emulator, tests/wasm.rs, tests/web.rs)"
	cargo test -p aether-emulator --test wasm --test web -- --ignored
fi
log "done"
