#!/usr/bin/env bash
# Fuzz the code that meets untrusted bytes, a short run per target.
#
#   ./scripts/fuzz.sh              every target for 60 s
#   ./scripts/fuzz.sh 300          every target for 300 s
#   ./scripts/fuzz.sh 60 poc_header
#
# Targets (fuzz/src/lib.rs): extrinsic_decode (UncheckedExtrinsic and RuntimeCall decoding, with
# re-encoding), poc_digest (PoC pre-digests, digests, digest items), poc_header (the PoC import
# check and equivocation proofs on arbitrary headers), sealed_envelope (aether-seal opening and
# key parsing, Chalice envelopes).
#
# Installs the nightly toolchain and cargo-fuzz if missing. Each run starts from the target's
# corpus (fuzz/corpus/<target>, kept between runs, not committed) and its regression inputs
# (fuzz/regressions/<target>, committed); libFuzzer writes a crashing input to
# fuzz/artifacts/<target>/. A crash stops the run: its input is copied into
# fuzz/regressions/<target>/ so that `cargo test -p aether-fuzz` (part of ./scripts/test.sh)
# replays it from then on, and the script exits non-zero.
# The first build compiles the runtime with coverage instrumentation: ~15 minutes on 2 cores.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

seconds=${1:-60}
shift || true
targets=("$@")
if ((${#targets[@]} == 0)); then
	targets=(extrinsic_decode poc_digest poc_header sealed_envelope module_validation groth16_parse)
fi

cd "$REPO_ROOT"
ensure_deps
if ! rustup toolchain list | grep -q '^nightly'; then
	log "installing the nightly toolchain (cargo-fuzz needs it)"
	rustup toolchain install nightly --profile minimal
fi
if ! command -v cargo-fuzz >/dev/null 2>&1; then
	log "installing cargo-fuzz"
	cargo install cargo-fuzz --locked
fi

# The runtime's WASM is not needed natively; the fuzz build has its own target directory.
export SKIP_WASM_BUILD=1
fuzz=(cargo +nightly fuzz)
log "building the fuzz targets"
"${fuzz[@]}" build --features fuzzing --fuzz-dir fuzz --target-dir "$CARGO_TARGET_DIR/fuzz"

status=0
for target in "${targets[@]}"; do
	corpus="fuzz/corpus/$target"
	artifacts="fuzz/artifacts/$target"
	mkdir -p "$corpus"
	rm -rf "$artifacts"
	log "fuzzing $target for ${seconds}s"
	if ! "${fuzz[@]}" run --features fuzzing --fuzz-dir fuzz --target-dir "$CARGO_TARGET_DIR/fuzz" \
		"$target" "$corpus" "fuzz/regressions/$target" -- \
		-max_total_time="$seconds" -print_final_stats=1; then
		status=1
		for crash in "$artifacts"/*; do
			[[ -f "$crash" ]] || continue
			cp "$crash" "fuzz/regressions/$target/"
			log "kept $(basename "$crash") as a regression: fuzz/regressions/$target/"
		done
	fi
done
if ((status)); then
	die "a fuzz target crashed; the inputs are in fuzz/regressions/ (commit them with the fix)"
fi
log "no crash in ${#targets[@]} targets × ${seconds}s"
