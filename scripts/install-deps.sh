#!/usr/bin/env bash
# Installs everything papergraph needs to build, test and run on Debian 12.
# The one place that lists the packages: add a new dependency here, in the
# same commit that starts using it.
set -euo pipefail

packages=(
  # toolchain
  cmake g++ make pkg-config git ca-certificates python3
  # the design's stack
  libboost-dev libboost-graph-dev libboost-filesystem-dev
  librdf0-dev librasqal3-dev libraptor2-dev librdf-storage-sqlite redland-utils rasqal-utils raptor2-utils
  libspdlog-dev libgtest-dev libbenchmark-dev
  # parsing and matching
  nlohmann-json3-dev libcli11-dev libre2-dev libhyperscan-dev libpugixml-dev libpoppler-cpp-dev
  zlib1g-dev libzstd-dev
  # fuzzing the readers (tests/fuzz/run.sh: libFuzzer)
  clang libclang-rt-14-dev
  # serving SPARQL over HTTP
  libcpp-httplib-dev
  # the Virtuoso store (--store virtuoso:...): Redland's storage module, the
  # server and its ODBC driver (the test starts a server of its own)
  virtuoso-opensource librdf-storage-virtuoso
  # interoperability tests (RDF parsed by a second implementation)
  python3-rdflib python3-jsonschema
)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
echo "install-deps: installing ${#missing[@]} packages: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
