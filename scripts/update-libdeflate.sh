#!/usr/bin/env bash
# Replaces the libdeflate vendored in Sources/CLibdeflate with an upstream release and reapplies
# the one local change (Sources/CLibdeflate/local.patch).
#
#   scripts/update-libdeflate.sh TAG [CHECKOUT]
#
# TAG is an upstream tag, e.g. v1.26. Without CHECKOUT the tag is cloned from
# https://github.com/ebiggers/libdeflate, which needs the network; with CHECKOUT (a libdeflate
# checkout already on disk, at any commit) that tag is read from it instead.
#
# Only the files the package compiles are copied: the same list as now (Sources/CLibdeflate
# minus README.md and local.patch), so the decompressor, Adler-32 and the gzip/zlib wrappers stay
# out. A header a new release starts to include is reported, to be added to FILES below. Then
# build, run CRC32Tests and ZipWriterTests, and update the version and commit in
# Sources/CLibdeflate/README.md and docs/development.md.
set -euo pipefail

UPSTREAM=https://github.com/ebiggers/libdeflate
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET=$ROOT/Sources/CLibdeflate
PATCH=$TARGET/local.patch
# Upstream path, then where it lives in the target (libdeflate.h moves to include/ for SwiftPM).
FILES=(
    "COPYING COPYING"
    "libdeflate.h include/libdeflate.h"
    "common_defs.h common_defs.h"
    "lib/arm/cpu_features.c lib/arm/cpu_features.c"
    "lib/arm/cpu_features.h lib/arm/cpu_features.h"
    "lib/arm/crc32_impl.h lib/arm/crc32_impl.h"
    "lib/arm/crc32_pmull_helpers.h lib/arm/crc32_pmull_helpers.h"
    "lib/arm/crc32_pmull_wide.h lib/arm/crc32_pmull_wide.h"
    "lib/arm/matchfinder_impl.h lib/arm/matchfinder_impl.h"
    "lib/bt_matchfinder.h lib/bt_matchfinder.h"
    "lib/cpu_features_common.h lib/cpu_features_common.h"
    "lib/crc32.c lib/crc32.c"
    "lib/crc32_multipliers.h lib/crc32_multipliers.h"
    "lib/crc32_tables.h lib/crc32_tables.h"
    "lib/deflate_compress.c lib/deflate_compress.c"
    "lib/deflate_compress.h lib/deflate_compress.h"
    "lib/deflate_constants.h lib/deflate_constants.h"
    "lib/hc_matchfinder.h lib/hc_matchfinder.h"
    "lib/ht_matchfinder.h lib/ht_matchfinder.h"
    "lib/lib_common.h lib/lib_common.h"
    "lib/matchfinder_common.h lib/matchfinder_common.h"
    "lib/riscv/matchfinder_impl.h lib/riscv/matchfinder_impl.h"
    "lib/utils.c lib/utils.c"
    "lib/x86/cpu_features.c lib/x86/cpu_features.c"
    "lib/x86/cpu_features.h lib/x86/cpu_features.h"
    "lib/x86/crc32_impl.h lib/x86/crc32_impl.h"
    "lib/x86/crc32_pclmul_template.h lib/x86/crc32_pclmul_template.h"
    "lib/x86/matchfinder_impl.h lib/x86/matchfinder_impl.h"
)

if [[ $# -lt 1 || $# -gt 2 || $1 == -h || $1 == --help ]]; then
    sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi
TAG=$1
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

if [[ $# -eq 2 ]]; then
    git -C "$2" worktree add --quiet --detach "$WORK/libdeflate" "refs/tags/$TAG" >/dev/null
    trap 'git -C "$2" worktree remove --force "$WORK/libdeflate"; rm -rf "$WORK"' EXIT
else
    git clone --quiet --depth 1 --branch "$TAG" "$UPSTREAM" "$WORK/libdeflate"
fi
SOURCE=$WORK/libdeflate
COMMIT=$(git -C "$SOURCE" rev-parse HEAD)
VERSION=$(sed -n 's/^#define LIBDEFLATE_VERSION_STRING[[:space:]]*"\(.*\)"/\1/p' "$SOURCE/libdeflate.h")
if [[ "v$VERSION" != "$TAG" ]]; then
    echo "warning: tag $TAG holds libdeflate.h of version $VERSION" >&2
fi

# Checked before anything in the target changes: every file is there, and the patch applies.
for pair in "${FILES[@]}"; do
    from=${pair%% *}
    [[ -f "$SOURCE/$from" ]] || { echo "error: $TAG has no $from; update FILES in $0" >&2; exit 1; }
done
mkdir -p "$WORK/new"
for pair in "${FILES[@]}"; do
    from=${pair%% *} to=${pair##* }
    mkdir -p "$WORK/new/$(dirname "$to")"
    cp "$SOURCE/$from" "$WORK/new/$to"
done
if ! patch --quiet -p1 -d "$WORK/new" --no-backup-if-mismatch < "$PATCH"; then
    echo "error: $PATCH does not apply to $TAG; make the change by hand (Sources/CLibdeflate/README.md" >&2
    echo "describes it) and write the patch again as the diff from upstream to the vendored files" >&2
    exit 1
fi

# A quoted include found neither beside its file nor in include/ (SwiftPM's search path) is a
# header new in this release.
missing=0
while IFS= read -r file; do
    dir=$(dirname "$file")
    while IFS= read -r included; do
        if [[ ! -f "$dir/$included" && ! -f "$WORK/new/include/$included" ]]; then
            echo "error: ${file#"$WORK/new/"} includes \"$included\", which is not copied; add it to FILES" >&2
            missing=1
        fi
    done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$file")
done < <(find "$WORK/new" -name '*.[ch]')
[[ $missing -eq 0 ]] || exit 1

for pair in "${FILES[@]}"; do
    to=${pair##* }
    mkdir -p "$TARGET/$(dirname "$to")"
    cp "$WORK/new/$to" "$TARGET/$to"
done
echo "Sources/CLibdeflate is libdeflate $VERSION ($TAG, commit $COMMIT) with local.patch applied."
echo "Next: record $TAG and $COMMIT in Sources/CLibdeflate/README.md and docs/development.md, build, and run"
echo "swift test --filter 'CRC32Tests|ZipWriterTests|ZipStreamWriterTests'."
