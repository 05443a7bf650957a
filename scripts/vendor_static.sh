#!/usr/bin/env bash
# Re-fetch the vendored browser libraries from the npm registry and copy them into the package.
#
#   scripts/vendor_static.sh          rebuild hearth/core/static/vendor/ from the pinned versions
#   scripts/vendor_static.sh --check  rebuild into a temp dir and fail if the vendored files differ
#
# Hearth serves every script itself (machines run offline), so upgrading Chart.js means: change
# CHARTJS_VERSION, run this script, check the charts, commit the vendored files with the new sha256sums.txt.
# The one change made to upstream's file: the trailing `//# sourceMappingURL=` line is dropped (the
# map is not shipped; a dangling reference would make browsers and manifest storages ask for it).
set -euo pipefail

CHARTJS_VERSION="4.6.1"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/hearth/core/static/vendor/chartjs"
CHECK=0
if [[ "${1:-}" == "--check" ]]; then CHECK=1; fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

(cd "$WORK" && npm pack --silent "chart.js@${CHARTJS_VERSION}" >/dev/null)
tar -xzf "$WORK/chart.js-${CHARTJS_VERSION}.tgz" -C "$WORK"

OUT="$WORK/out"
mkdir -p "$OUT"
grep -v '^//# sourceMappingURL=' "$WORK/package/dist/chart.umd.js" > "$OUT/chart.umd.js"
cp "$WORK/package/LICENSE.md" "$OUT/LICENSE.md"
head -n 2 "$OUT/chart.umd.js" | grep -q "Chart.js v${CHARTJS_VERSION}\$" \
  || { echo "chart.umd.js does not announce v${CHARTJS_VERSION}" >&2; exit 1; }
(cd "$OUT" && sha256sum chart.umd.js LICENSE.md > sha256sums.txt)

if [[ "$CHECK" == 1 ]]; then
  if diff -r "$OUT" "$DEST" >/dev/null; then
    echo "vendored Chart.js ${CHARTJS_VERSION} matches the npm registry"
  else
    echo "vendored files in $DEST differ from chart.js@${CHARTJS_VERSION} on npm" >&2
    diff -rq "$OUT" "$DEST" >&2 || true
    exit 1
  fi
else
  mkdir -p "$DEST"
  rm -f "$DEST"/*
  cp "$OUT"/* "$DEST"/
  echo "vendored Chart.js ${CHARTJS_VERSION} into ${DEST#"$ROOT"/}"
fi
cat "$OUT/sha256sums.txt"
