#!/usr/bin/env bash
# Longer fuzzing than the tests do.
#
# usage: scripts/fuzz.sh [SECONDS_PER_TARGET]
#   Coverage-guided fuzzing of the core with libFuzzer (needs clang and
#   Debian's libclang-rt-14-dev), in build-fuzz/.
#
# usage: scripts/fuzz.sh tshark [SEEDS [ERROR_RATE]]
#   The plugin built with AddressSanitizer and UndefinedBehaviorSanitizer (in
#   build-asan/), loaded by the system tshark with the sanitizer runtime
#   preloaded, over editcap -E mutations of every capture in captures/:
#   tests/fuzz/tshark_mutations.sh, one pass and two, with the JSON report.
#   SEEDS is N (1..N) or FIRST-LAST, default 1-20; ERROR_RATE default 0.03.
#   Failing captures and their logs are kept in build-asan/findings/.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = tshark ]; then
  seeds=${2:-1-20} rate=${3:-0.03}
  sanitizers="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF \
    -DCMAKE_CXX_FLAGS="$sanitizers" -DCMAKE_MODULE_LINKER_FLAGS="$sanitizers" \
    -DCMAKE_SHARED_LINKER_FLAGS="$sanitizers" > /dev/null
  cmake --build build-asan -j"$(nproc)" --target sipdiag
  plugin=$(find build-asan/plugins -name sipdiag.so | head -1)
  # tshark itself is not instrumented, so the runtimes the plugin was linked
  # with must be loaded before anything else.
  preload=$(ldd "$plugin" | awk '/lib(asan|ubsan)\.so/ {print $3}' | tr '\n' ' ')
  case $preload in *libasan*) ;; *) echo "no libasan in $plugin: not a sanitizer build" >&2; exit 1 ;; esac
  # Leak checking stays on without suppressions: tshark 4.0 on Debian 12
  # reports no leak of its own at exit, so any leak reported is worth a look.
  export SIPDIAG_TSHARK_PRELOAD=${preload% }
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:halt_on_error=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  export MUTATION_FINDINGS=$PWD/build-asan/findings MUTATION_VERBOSE=1
  echo "sanitizer plugin $plugin, preloading $SIPDIAG_TSHARK_PRELOAD"
  # A sanitizer catches a fault only where it happens: first prove that one
  # clean capture passes, so that a broken setup is not taken for findings.
  tests/e2e/sip_unchanged.sh "$plugin" captures/handshake-fork.pcap
  status=0
  tests/fuzz/tshark_mutations.sh "$plugin" captures "$seeds" "$rate" || status=$?
  exit "$status"
fi

seconds=${1:-120}
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DSIPDIAG_BUILD_PLUGIN=OFF -DSIPDIAG_LIBFUZZER=ON >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target fuzz_capture_analysis fuzz_catalogue_source fuzz_sip_header
for target in capture_analysis catalogue_source sip_header; do
  mkdir -p "build-fuzz/corpus-$target"
  [ "$target" = catalogue_source ] && cp data/status-codes.tsv "build-fuzz/corpus-$target/" 2>/dev/null || true
  "build-fuzz/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -print_final_stats=1 "build-fuzz/corpus-$target"
done
