#!/usr/bin/env bash
# Set-up command 1: install, build, and run papergraph over the bundled
# example papers, then show what it found.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
build=${PAPERGRAPH_BUILD_DIR:-build}
out=$(mktemp -d)
echo
echo "== plugins =="
"$build/bin/papergraph" plugins
echo
echo "== papergraph extract examples/papers --out $out =="
"$build/bin/papergraph" extract examples/papers --out "$out"
echo
python3 - "$out" <<'PY'
import json, os, sys
out = sys.argv[1]
for name in sorted(os.listdir(out)):
    if not name.endswith(".json"):
        continue
    rec = json.load(open(os.path.join(out, name)))
    print(f"{rec['paper']['id']}: {rec['paper']['title']}")
    for d in rec["datasets"]:
        forms = sorted({m["text"] for m in d["mentions"]})
        print(f"  dataset {d['title']!r} ({d['role']}, {len(d['mentions'])} mentions: {', '.join(forms)[:80]})")
    for t in rec["tasks"]:
        print(f"  task    {t['title']!r}")
PY
if [ -x "$build/bin/papergraph" ] && "$build/bin/papergraph" --help | grep -q " graph"; then
  echo
  echo "== papergraph graph examples/papers --format turtle -o $out/graph.ttl (first lines) =="
  "$build/bin/papergraph" graph examples/papers --format turtle -o "$out/graph.ttl"
  head -40 "$out/graph.ttl"
fi
echo
echo "records: $out"
