#!/usr/bin/env bash
# The main job of set-up command 1 (scripts/demo.sh), on an existing build:
# list the plugins, extract the bundled example papers, print what was
# found in each, and write the example graph as Turtle. Records and graph go
# to a fresh temporary directory, or to the directory given as $1.
# The test suite runs this too (tests/scripts/), so the README's first
# command is checked by CI.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${PAPERGRAPH_BUILD_DIR:-build}
exe="$build/bin/papergraph"
if [ ! -x "$exe" ]; then
  echo "run-examples: $exe is missing: build first (bash scripts/build.sh)" >&2
  exit 1
fi
out=${1:-$(mktemp -d)}
mkdir -p "$out"
echo
echo "== plugins =="
"$exe" plugins
echo
echo "== papergraph extract examples/papers --out $out =="
"$exe" extract examples/papers --out "$out"
echo
python3 - "$out" <<'PY'
import json, os, sys
out = sys.argv[1]
def flat(s):  # a mention may span a line break in the paper
    return " ".join(s.split())
for name in sorted(os.listdir(out)):
    if not name.endswith(".json"):
        continue
    rec = json.load(open(os.path.join(out, name)))
    print(f"{rec['paper']['id']}: {flat(rec['paper']['title'])}")
    for d in rec["datasets"]:
        forms = sorted({flat(m["text"]) for m in d["mentions"]})
        print(f"  dataset {flat(d['title'])!r} ({d['role']}, {len(d['mentions'])} mentions: {', '.join(forms)[:80]})")
    for t in rec["tasks"]:
        print(f"  task    {flat(t['title'])!r}")
PY
echo
echo "== papergraph graph examples/papers --format turtle -o $out/graph.ttl (first lines) =="
"$exe" graph examples/papers --format turtle -o "$out/graph.ttl"
head -40 "$out/graph.ttl"
echo
echo "records and graph: $out"
