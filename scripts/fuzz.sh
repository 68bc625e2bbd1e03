#!/usr/bin/env bash
# Longer coverage-guided fuzzing of the core with libFuzzer (needs clang and
# Debian's libclang-rt-14-dev). usage: scripts/fuzz.sh [SECONDS_PER_TARGET]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-120}
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DSIPDIAG_BUILD_PLUGIN=OFF -DSIPDIAG_LIBFUZZER=ON >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target fuzz_capture_analysis fuzz_catalogue_source fuzz_sip_header
for target in capture_analysis catalogue_source sip_header; do
  mkdir -p "build-fuzz/corpus-$target"
  [ "$target" = catalogue_source ] && cp data/status-codes.tsv "build-fuzz/corpus-$target/" 2>/dev/null || true
  "build-fuzz/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -print_final_stats=1 "build-fuzz/corpus-$target"
done
