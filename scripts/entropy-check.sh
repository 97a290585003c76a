#!/usr/bin/env bash
# Statistical check of the TSU backends' conditioned output with `ent` and `dieharder`.
#
#   ./scripts/entropy-check.sh                64 MiB from each backend (pbit, os)
#   ./scripts/entropy-check.sh --mib 256      more data per backend (at least 64)
#   ./scripts/entropy-check.sh --keep DIR     keep the dumps and logs in DIR
#
# Installs Debian's `ent` and `dieharder` if missing (apt-get, through sudo when not root),
# builds `aether-tsu` in release, dumps each backend's conditioned output to a temporary
# directory, runs `ent` and a selection of `dieharder` tests on each dump, and prints a Markdown
# table: backend, dump rate, ent entropy, chi-square p, serial correlation, dieharder results.
#
# The dieharder selection reads each file at most once. `dieharder -a` would rewind a 64 MiB
# file hundreds of times and take hours, and a rewound file repeats its data: that alone makes
# tests fail (measured on 64 MiB of `os` output: marsaglia_tsang_gcd rewinds 119 times and fails,
# dab_bytedistrib 9 times and fails, dab_monobit2 3 times and fails, dab_filltree 6 times and
# is weak). Measured data read per test at default psamples (with -D flags that skip the
# rate-measuring header, which reads ~180 MiB before the first test):
#   no rewind:  diehard_birthdays 15 MiB, diehard_count_1s_str 24, diehard_parking_lot 9,
#               diehard_2dsphere 6, diehard_3dsphere 5, diehard_runs 38, sts_monobit 38,
#               sts_runs 38, sts_serial 38 (30 sub-tests), rgb_kstest_test 38, dab_dct 49
#   reduced to fit one pass (default read in brackets): diehard_bitstream -p 60 (100 MiB),
#               diehard_rank_6x8 -p 25 (229), rgb_bitdist -n 2 -p 40 (153), rgb_permutations
#               -p 30 (191), dab_filltree2 -t 2500000 (112; one psample by default, 56 MiB)
#   left out:   diehard_operm5 (381 MiB), diehard_rank_32x32 (488), diehard_count_1s_byt (488),
#               diehard_squeeze (880), diehard_craps (515), marsaglia_tsang_gcd (~7.6 GiB),
#               rgb_lagged_sum (381), dab_bytedistrib (586), dab_filltree (431),
#               dab_monobit2 (248): each needs 4-120 passes; rgb_minimum_distance: 160 s per run;
#               diehard_sums: marked "Do Not Use" by dieharder.
# About a minute of dieharder per backend. Results: PASSED/WEAK/FAILED per (sub-)test; with ~45
# results per backend, about one WEAK (p < 0.005 or > 0.995) is expected by chance.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
	sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

mib=64
keep=""
while (($#)); do
	case "$1" in
	--mib)
		mib="${2:?--mib needs a number}"
		shift
		;;
	--keep)
		keep="${2:?--keep needs a directory}"
		shift
		;;
	-h | --help)
		usage
		exit 0
		;;
	*) die "unknown argument '$1' (see --help)" ;;
	esac
	shift
done
if ! [[ "$mib" =~ ^[0-9]+$ ]] || ((mib < 64)); then
	die "--mib must be a whole number >= 64"
fi

backends=(pbit os)
# One dieharder run per entry: "-d N [options]".
tests=(
	"-d 0" "-d 8" "-d 10" "-d 11" "-d 12" "-d 15" "-d 100" "-d 101" "-d 102" "-d 204" "-d 206"
	"-d 4 -p 60" "-d 3 -p 25" "-d 200 -n 2 -p 40" "-d 202 -p 30" "-d 208 -t 2500000"
)

_ensure_apt_packages ent dieharder

log "building aether-tsu (release)"
cargo build --release -p aether-tsu --manifest-path "$REPO_ROOT/Cargo.toml"
bin="$CARGO_TARGET_DIR/release/aether-tsu"

if [[ -n "$keep" ]]; then
	mkdir -p "$keep"
	work="$keep"
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/aether-entropy-check.XXXXXX")
	trap 'rm -rf "$work"' EXIT
fi

rows=()
for backend in "${backends[@]}"; do
	file="$work/$backend.bin"
	log "$backend: dumping $mib MiB of conditioned output"
	start=$(date +%s.%N)
	"$bin" dump --backend "$backend" --bytes "${mib}M" --out "$file" 2>"$work/$backend.status.json"
	end=$(date +%s.%N)
	rate=$(awk -v m="$mib" -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", m / (e - s) }')

	log "$backend: ent"
	ent "$file" >"$work/$backend.ent"
	entropy=$(sed -n 's/^Entropy = \([0-9.]*\) bits per byte.*/\1/p' "$work/$backend.ent")
	# "... and randomly would exceed this value 37.27 percent of the times." (or "less than 0.01")
	chi_pct=$(sed -n 's/.*would exceed this value \(.*\) percent of the times.*/\1/p' "$work/$backend.ent")
	chi_p=$(awk -v p="$chi_pct" 'BEGIN {
		if (p ~ /^less than/) { sub(/less than /, "", p); printf "< %.4f", p / 100 }
		else if (p ~ /^more than/) { sub(/more than /, "", p); printf "> %.4f", p / 100 }
		else printf "%.4f", p / 100 }')
	serial=$(sed -n 's/^Serial correlation coefficient is \([-0-9.]*\).*/\1/p' "$work/$backend.ent")

	log "$backend: dieharder (${#tests[@]} runs)"
	: >"$work/$backend.dieharder"
	for t in "${tests[@]}"; do
		# shellcheck disable=SC2086 # $t holds several options on purpose
		dieharder -g 201 -f "$file" $t -D test_name -D ntuple -D tsamples -D psamples \
			-D pvalues -D assessment >>"$work/$backend.dieharder" 2>&1
	done
	passed=$(grep -c 'PASSED' "$work/$backend.dieharder" || true)
	weak=$(grep -c 'WEAK' "$work/$backend.dieharder" || true)
	failed=$(grep -c 'FAILED' "$work/$backend.dieharder" || true)
	if grep -q 'rewound' "$work/$backend.dieharder"; then
		log "warning: $backend: dieharder rewound the file: $(grep 'rewound' "$work/$backend.dieharder" | sort | uniq -c | tr -s ' ')"
	fi
	rows+=("| \`$backend\` | $rate | $entropy | $chi_p | $serial | $passed / $weak / $failed |")
done

echo
echo "${mib} MiB of conditioned output per backend, $(nproc) cores, $(date -u +%Y-%m-%d)."
echo
echo "| backend | dump MiB/s | ent entropy (bits/byte) | ent χ² p | ent serial correlation | dieharder passed / weak / failed |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
echo "dieharder runs: $(printf '[%s] ' "${tests[@]}")"
if [[ -n "$keep" ]]; then
	echo "dumps, ent and dieharder logs: $keep"
fi
