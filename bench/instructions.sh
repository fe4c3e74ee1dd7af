#!/usr/bin/env bash
# Compares two builds by the instructions they execute in user space (valgrind's callgrind) on the
# same 3,000-row realistic export, which, unlike a wall time, does not drift with the machine:
#
#   bench/instructions.sh OLD NEW [validate|convert]      (default validate, --jobs 1)
#
# For a change inside the program (not one of system calls or I/O, which callgrind does not count)
# it tells a 0.5 % difference apart where interleaved timings (bench/ab.py) drift by several
# percent. Under valgrind the kernel has no openat2, so attachments are opened by the walking
# fallback: the same extra work for both builds. Needs valgrind (apt-get install valgrind).
set -euo pipefail
cd "$(dirname "$0")/.."
old="$1" new="$2" job="${3:-validate}"
data=/dev/shm/reliance-instructions-3000
if [ ! -f "$data/export.csv" ]; then
    rm -rf "$data"
    python3 bench/generate.py 3000 "$data" >/dev/null
    cp bench/mapping.yaml "$data/mapping.yaml"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

count() {
    # The symbol table stays, the debug information goes: valgrind cannot read the static build's.
    strip --strip-debug -o "$work/binary" "$1"
    rm -rf "$work/out"
    # The export has rejects, so the run exits 1; the count is what matters.
    { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$work/binary" "$job" "$data/export.csv" \
        --mapping "$data/mapping.yaml" --out "$work/out" --as-of 2026-01-15 --now 2026-01-15T10:00:00 --quiet --jobs 1 2>&1 || true; } |
        sed -n 's/.*Collected : *\([0-9]*\).*/\1/p'
}
a=$(count "$old")
b=$(count "$new")
python3 -c "print(f'$job, 3,000 rows: old {$a:,} instructions, new {$b:,}, new against old {100 * ($b / $a - 1):+.2f} %')"
