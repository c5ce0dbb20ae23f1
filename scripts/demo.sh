#!/usr/bin/env bash
# Set-up command 1: install, build, and run papergraph over the bundled
# example papers, then show what it found (scripts/run-examples.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
exec bash scripts/run-examples.sh
