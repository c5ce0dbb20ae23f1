#!/usr/bin/env bash
# The README's first set-up command, minus install and build: runs
# scripts/run-examples.sh on this build and checks that it exits 0, that
# every example paper got a record, and that the example graph is Turtle
# naming the datasets the examples use.
set -uo pipefail
src=$1 build=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
log="$out/log"
PAPERGRAPH_BUILD_DIR="$build" bash "$src/scripts/run-examples.sh" "$out/run" >"$log" 2>&1
status=$?
fail() { echo "FAIL: $*"; echo "--- output of scripts/run-examples.sh:"; cat "$log"; exit 1; }
[ "$status" -eq 0 ] || fail "scripts/run-examples.sh exited with $status"
papers=$(find "$src/examples/papers" -maxdepth 1 -type f | wc -l)
records=$(find "$out/run" -maxdepth 1 -name '*.json' | wc -l)
[ "$papers" -gt 0 ] && [ "$records" -eq "$papers" ] || fail "$records records for $papers example papers"
grep -q "^  dataset 'CityPersons' (used" "$log" || fail "no CityPersons dataset for the pedestrian-detection example"
grep -q "^  dataset 'Cora' (used" "$log" || fail "no Cora dataset for the graph-embeddings example"
[ -s "$out/run/graph.ttl" ] || fail "no example graph written"
grep -q "dcat:Dataset" "$out/run/graph.ttl" || fail "the example graph has no dcat:Dataset"
grep -q '"CityPersons"' "$out/run/graph.ttl" || fail "the example graph does not name CityPersons"
echo "ok: $records records, graph $(wc -l <"$out/run/graph.ttl") lines"
