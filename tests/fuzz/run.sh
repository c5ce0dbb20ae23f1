#!/usr/bin/env bash
# Builds one libFuzzer target per reader (clang 14, -fsanitize=fuzzer,address,
# undefined) and runs each for a share of a bounded total time (default 60 s).
# Seeds: tests/fixtures/papers, tests/fixtures/bad and ../shared/samples when
# present. Crash inputs are copied to tests/fuzz/regressions/<reader>/, which
# read_test (RegistryTest.FuzzRegressionsDoNotCrash) replays on every run.
#
#   tests/fuzz/run.sh [total_seconds]      FUZZ_BUILD=dir (default /tmp/papergraph-fuzz)
set -euo pipefail

TOTAL=${1:-60}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${FUZZ_BUILD:-/tmp/papergraph-fuzz}
CXX=${CXX_FUZZ:-clang++-14}
command -v "$CXX" >/dev/null || CXX=clang++
if ! command -v "$CXX" >/dev/null; then
  echo "fuzz: clang++ not found (apt-get install clang libclang-rt-14-dev)" >&2
  exit 2
fi
mkdir -p "$BUILD/obj"

FLAGS=(-std=c++20 -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
       -I"$ROOT/core" -I"$ROOT/core/include" $(pkg-config --cflags poppler-cpp pugixml))
LIBS=($(pkg-config --libs poppler-cpp pugixml zlib libzstd))

# The library: core/read and the core/common code it uses (Status, UTF-8), instrumented for coverage.
objs=()
for src in "$ROOT"/core/read/*.cpp "$ROOT"/core/common/status.cpp "$ROOT"/core/common/utf8.cpp; do
  obj="$BUILD/obj/$(basename "${src%.cpp}").o"
  if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || [ -n "$(find "$ROOT/core/read" -name '*.hpp' -newer "$obj")" ]; then
    "$CXX" "${FLAGS[@]}" -fsanitize=fuzzer-no-link -c "$src" -o "$obj"
  fi
  objs+=("$obj")
done

# name : factory : file name the reader is told : seed folders
targets=(
  "pdf:makePdfReader:fuzz.pdf:pdf"
  "tei:makeTeiReader:fuzz.tei.xml:tei"
  "jats:makeJatsReader:fuzz.nxml:jats"
  "s2orc:makeS2orcReader:fuzz.json:s2orc"
  "markdown:makeMarkdownReader:fuzz.md:text"
  "text:makeTextReader:fuzz.txt:text"
  "references:-:-:text"
)
per=$(( TOTAL / ${#targets[@]} ))
[ "$per" -ge 1 ] || per=1
status=0
for t in "${targets[@]}"; do
  IFS=: read -r name factory path seeds <<<"$t"
  exe="$BUILD/fuzz_$name"
  if [ "$name" = references ]; then defs=(-DPG_FUZZ_REFERENCES); else defs=(-DPG_FUZZ_READER="$factory" -DPG_FUZZ_PATH="\"$path\""); fi
  "$CXX" "${FLAGS[@]}" -fsanitize=fuzzer "${defs[@]}" "$ROOT/tests/fuzz/reader_fuzzer.cpp" "${objs[@]}" "${LIBS[@]}" -o "$exe"
  corpus="$BUILD/corpus/$name"
  mkdir -p "$corpus" "$BUILD/crashes/$name"
  for d in "$ROOT/tests/fixtures/papers" "$ROOT/tests/fixtures/bad/$seeds" "$ROOT/../shared/samples/$seeds" \
           "$ROOT/tests/fuzz/regressions/$name"; do
    [ -d "$d" ] && find "$d" -maxdepth 1 -type f -size -2M -exec cp -n {} "$corpus/" \; || true
  done
  if [ "$name" = references ] || [ "$name" = markdown ] || [ "$name" = text ]; then
    [ -d "$ROOT/../shared/corpus/scirex-dev/papers" ] &&
      find "$ROOT/../shared/corpus/scirex-dev/papers" -name '*.md' | head -20 | xargs -r cp -n -t "$corpus/" || true
  fi
  echo "fuzz: $name for ${per}s"
  export LSAN_OPTIONS="suppressions=$ROOT/tests/fuzz/lsan.supp:print_suppressions=0"
  set +e
  "$exe" "$corpus" -max_total_time="$per" -timeout=10 -rss_limit_mb=2048 -max_len=262144 \
         -artifact_prefix="$BUILD/crashes/$name/" -print_final_stats=1 2>"$BUILD/$name.log"
  rc=$?
  set -e
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$BUILD/$name.log" | tr '\n' ' '; echo
  if [ $rc -ne 0 ]; then
    status=1
    echo "fuzz: $name FAILED (exit $rc); see $BUILD/$name.log" >&2
    grep -E "ERROR|SUMMARY|Test unit written" "$BUILD/$name.log" | head -5 >&2 || true
    mkdir -p "$ROOT/tests/fuzz/regressions/$name"
    find "$BUILD/crashes/$name" -type f -exec cp -n {} "$ROOT/tests/fuzz/regressions/$name/" \;
  fi
done
exit $status
