#!/usr/bin/env bash
# Set-up command 2: install, build, and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
build=${PAPERGRAPH_BUILD_DIR:-build}
cd "$build"
ctest --output-on-failure -j"$(nproc)" --timeout 300
