#!/usr/bin/env bash
# A linker for WebAssembly modules whose exports must be exactly those the code declares
# (programs/web/*, see scripts/build-programs.sh): rust-lld, minus the two `--export` flags rustc
# always adds for wasm32-unknown-unknown (`__heap_base`, `__data_end`, which would otherwise
# appear as exported globals). Used as `cargo rustc ... -- -C linker=<this script>`; rustc passes
# lld's `-flavor wasm` itself. Every other argument goes through unchanged.
set -euo pipefail
args=()
for arg in "$@"; do
	case "$arg" in
	--export=__heap_base | --export=__data_end) ;;
	*) args+=("$arg") ;;
	esac
done
# rustup sets RUSTUP_TOOLCHAIN for the processes of the toolchain that runs this, so this is
# the same toolchain's rust-lld.
host=$(rustc -vV | sed -n 's/^host: //p')
exec "$(rustc --print sysroot)/lib/rustlib/$host/bin/rust-lld" "${args[@]}"
