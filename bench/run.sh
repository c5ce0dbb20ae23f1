#!/usr/bin/env bash
# Runs every benchmark and prints its figures: the per-component programs in
# bench/ and an end-to-end `papergraph extract` over the dev corpus (time,
# papers/s, MB/s, peak RSS). Needs a build (scripts/build.sh) and, for most
# figures, ../shared; prints what it skips.
set -uo pipefail
cd "$(dirname "$0")/.."
build=${PAPERGRAPH_BUILD_DIR:-build}
bin="$build/bin"
dev=../shared/corpus/scirex-dev/papers

for b in gazetteer_bench rules_bench model_bench read_bench graph_bench store_bench; do
  if [ -x "$bin/$b" ]; then
    echo "== $b"
    "$bin/$b" || echo "($b exited with $?)"
    echo
  else
    echo "== $b: not built, skipped"
  fi
done

if [ -d "$dev" ]; then
  out=$(mktemp -d)
  bytes=$(cat "$dev"/*.md | wc -c)
  n=$(ls "$dev"/*.md | wc -l)
  for jobs in 1 2; do
    echo "== end to end: papergraph extract ($n papers, $((bytes / 1024)) KiB, all plugins, -j $jobs)"
    rm -rf "$out"/*
    start=$(date +%s.%N)
    if [ -x /usr/bin/time ]; then
      /usr/bin/time -f "peak RSS %M KiB" "$bin/papergraph" extract "$dev" --out "$out" -q -j "$jobs"
    else
      "$bin/papergraph" extract "$dev" --out "$out" -q -j "$jobs"
    fi
    end=$(date +%s.%N)
    python3 - "$start" "$end" "$n" "$bytes" <<'PY'
import sys
s, e, n, b = map(float, sys.argv[1:])
t = e - s
print(f"wall {t:.2f} s, {n / t:.1f} papers/s, {b / t / 1e6:.2f} MB/s")
PY
  done
  rm -rf "$out"
else
  echo "== end to end: $dev absent, skipped"
fi
