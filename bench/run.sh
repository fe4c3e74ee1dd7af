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

# once NAME OUT COMMAND…: one run of COMMAND, keeping the best wall seconds of job NAME so far and
# its highest peak resident memory (KiB). OUT is emptied first, so every run does the whole job;
# the best of a few keeps one scheduling hiccup from setting a ratio.
# The jobs run round by round (each once, then each again), so that every job's best comes from
# the same stretch of time as the others': this machine's speed drifts by ±10 % within minutes,
# and a job measured only after the others are done could meet another speed than theirs.
repeats="${BENCH_REPEATS:-3}"
declare -A best most
once() {
    local name="$1" out="$2"
    shift 2
    rm -rf "$out" && mkdir -p "$out"
    # Wall time to the microsecond from the clock around the run (time(1) rounds to 10 ms,
    # 2 % of a half-second run); time(1) for the peak memory.
    local start end seconds kib
    start=$(date +%s%N)
    /usr/bin/time -f "%M" -o "$work/$name.time" "$@" >/dev/null 2>"$work/$name.err" || true
    end=$(date +%s%N)
    seconds=$(python3 -c "print(f'{($end - $start) / 1e9:.3f}')")
    read -r kib < <(tail -n 1 "$work/$name.time")
    if [ -z "${best[$name]:-}" ] || python3 -c "import sys; sys.exit(0 if $seconds < ${best[$name]} else 1)"; then best[$name]="$seconds"; fi
    if [ -z "${most[$name]:-}" ] || [ "$kib" -gt "${most[$name]}" ]; then most[$name]="$kib"; fi
}

for _ in $(seq "$repeats"); do
    once convert "$work/convert" "$binary" convert "$work/data/export.csv" --mapping "$work/data/mapping.yaml" --out "$work/convert" --as-of 2026-01-15 --quiet "${jobs_flag[@]}"
    once validate "$work/validate" "$binary" validate "$work/data/export.csv" --mapping "$work/data/mapping.yaml" --out "$work/validate" --as-of 2026-01-15 --quiet "${jobs_flag[@]}"
    once validate-1core "$work/validate1" taskset -c 0 "$binary" validate "$work/data/export.csv" --mapping "$work/data/mapping.yaml" --out "$work/validate1" --as-of 2026-01-15 --quiet --jobs 1
    once python-reference "$work/reference" python3 bench/reference.py "$work/data/export.csv" "$work/data/attachments" "$work/reference"
    once floor "$work/floor-out" "$work/floor" "$work/data/attachments.txt" "$work/data/attachments" "$work/floor-out"
done
results=()
for name in convert validate validate-1core python-reference floor; do results+=("$name ${best[$name]} ${most[$name]}"); done

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
