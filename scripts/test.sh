#!/usr/bin/env bash
# Set-up command 2: install, build, and run the whole test suite: the unit
# and end-to-end tests (ctest), then each reader's fuzz target for a bounded
# time (PAPERGRAPH_FUZZ_SECONDS, default 60 in total; 0 skips it).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
build=${PAPERGRAPH_BUILD_DIR:-build}
log=$(mktemp)
(cd "$build" && ctest --output-on-failure -j"$(nproc)" --timeout 300) | tee "$log"

fuzz_seconds=${PAPERGRAPH_FUZZ_SECONDS:-60}
if [ "$fuzz_seconds" -gt 0 ]; then
  echo "== fuzzing the readers for ${fuzz_seconds}s (tests/fuzz/run.sh)"
  FUZZ_BUILD="$PWD/$build/fuzz" bash tests/fuzz/run.sh "$fuzz_seconds"
fi

# One closing line for whoever reads the end of the output.
summary=$(grep -E "tests passed, [0-9]+ tests failed out of [0-9]+" "$log" | tail -n 1)
rm -f "$log"
failed=$(echo "$summary" | sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\1/')
total=$(echo "$summary" | sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\2/')
echo "tests: $((total - failed)) passed, $failed failed"
