#!/usr/bin/env bash
# Benchmark: the converter against a Python reference doing the same job and against the I/O
# floor (each attachment read once, CRC-32, written to a new file per row, renamed), on the same
# data, in one run.
#
#   bench/run.sh [ROWS] [JOBS]        (default 30000 rows; JOBS passed to --jobs when given)
#   BENCH_PROFILE=realistic|low-variety          values (default realistic; see bench/generate.py)
#   BENCH_ATTACHMENTS=small|scans                attachments (default small; scans: real ID scan sizes)
#   BENCH_REPEATS=N bench/run.sh …    (runs of each job, best taken; default 3)
#
# Works on tmpfs (/dev/shm) so the disk does not decide; prints rows/s, the ratios and peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-30000}"
profile="${BENCH_PROFILE:-realistic}"
attachments="${BENCH_ATTACHMENTS:-small}"
jobs="${2:-}"
work="${BENCH_DIR:-/dev/shm/reliance-bench}"
rm -rf "$work" && mkdir -p "$work"
trap 'rm -rf "$work"' EXIT

# The release binary as it is deployed: the Swift runtime and Foundation linked in (see README).
swift build -c release --static-swift-stdlib -q
binary="$PWD/.build/release/reliance-convert"
cc -O2 -o "$work/floor" bench/floor.c -lz
python3 bench/generate.py "$rows" "$work/data" --profile "$profile" --attachments "$attachments"
cp bench/mapping.yaml "$work/data/mapping.yaml"
jobs_flag=()
[ -n "$jobs" ] && jobs_flag=(--jobs "$jobs")

# run NAME OUT COMMAND…: the best wall seconds of $repeats runs of COMMAND and the highest peak
# resident memory (KiB) of any of them. COMMAND's output folder OUT is emptied before each run, so every run
# does the whole job; the best of a few keeps one scheduling hiccup from setting a ratio.
repeats="${BENCH_REPEATS:-3}"
run() {
    local name="$1" out="$2" best="" most_kib=""
    shift 2
    for _ in $(seq "$repeats"); do
        rm -rf "$out" && mkdir -p "$out"
        # Wall time to the microsecond from the clock around the run (time(1) rounds to 10 ms,
        # 2 % of a half-second run); time(1) for the peak memory.
        local start end
        start=$(date +%s%N)
        /usr/bin/time -f "%M" -o "$work/$name.time" "$@" >/dev/null 2>"$work/$name.err" || true
        end=$(date +%s%N)
        seconds=$(python3 -c "print(f'{($end - $start) / 1e9:.3f}')")
        read -r kib < <(tail -n 1 "$work/$name.time")
        if [ -z "$best" ] || python3 -c "import sys; sys.exit(0 if $seconds < $best else 1)"; then best="$seconds"; fi
        if [ -z "$most_kib" ] || [ "$kib" -gt "$most_kib" ]; then most_kib="$kib"; fi
    done
    printf '%s %s %s\n' "$name" "$best" "$most_kib"
}

results=()
results+=("$(run convert "$work/convert" "$binary" convert "$work/data/export.csv" --mapping "$work/data/mapping.yaml" --out "$work/convert" --as-of 2026-01-15 --quiet "${jobs_flag[@]}")")
results+=("$(run validate "$work/validate" "$binary" validate "$work/data/export.csv" --mapping "$work/data/mapping.yaml" --out "$work/validate" --as-of 2026-01-15 --quiet "${jobs_flag[@]}")")
results+=("$(run validate-1core "$work/validate1" taskset -c 0 "$binary" validate "$work/data/export.csv" --mapping "$work/data/mapping.yaml" --out "$work/validate1" --as-of 2026-01-15 --quiet --jobs 1)")
results+=("$(run python-reference "$work/reference" python3 bench/reference.py "$work/data/export.csv" "$work/data/attachments" "$work/reference")")
results+=("$(run floor "$work/floor-out" "$work/floor" "$work/data/attachments.txt" "$work/data/attachments" "$work/floor-out")")

converted=$(ls "$work/convert" | grep -c '\.zip$' || true)
reference=$(ls "$work/reference" | grep -c '\.zip$' || true)
megabytes=$(du -sm "$work/data/attachments" | cut -f1)
echo "rows: $rows, profile $profile, attachments $attachments ($megabytes MB); converted $converted ZIPs, reference $reference ZIPs; machine: $(nproc) cores, $(uname -m)"
printf '%-16s %10s %12s %12s\n' job seconds rows/s "peak MiB"
declare -A rate
for line in "${results[@]}"; do
    read -r name seconds kib <<<"$line"
    r=$(python3 -c "print(round($rows / max($seconds, 0.001)))")
    rate[$name]=$r
    printf '%-16s %10s %12s %12s\n' "$name" "$seconds" "$r" "$(python3 -c "print(round($kib / 1024, 1))")"
done
python3 - "${rate[convert]}" "${rate[python-reference]}" "${rate[floor]}" "$megabytes" "$rows" <<'PY'
import sys
convert, reference, floor, megabytes, rows = map(float, sys.argv[1:6])
print(f"attachments: {megabytes * convert / rows:.0f} MB/s converted")
print(f"convert / python reference: {convert / reference:.1f}x")
print(f"convert / I/O floor: {convert / floor:.2f}")
PY
