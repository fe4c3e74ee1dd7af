#!/usr/bin/env bash
# Converts the sample and renders its report.html in headless Chromium to a PNG, to look at.
#   apt-get install -y chromium && scripts/screenshot-report.sh [out.png]
set -euo pipefail
cd "$(dirname "$0")/.."
png="${1:-report.png}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
swift build -q
.build/debug/reliance-convert convert samples/kunden-export.csv --mapping mappings/kunden-export.yaml \
    --out "$out" --as-of 2026-01-15 --quiet || [ $? -eq 1 ]
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1200,2600 \
    --screenshot="$(realpath -m "$png")" "file://$out/report.html" 2>/dev/null
echo "wrote $png"
