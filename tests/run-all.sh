#!/usr/bin/env bash
# Runs every test: configures and builds (with tests) in build-tests/, then
# ctest -- unit tests of the core and end-to-end tshark tests of the plugin.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build-tests -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=ON
cmake --build build-tests -j"$(nproc)"
ctest --test-dir build-tests --output-on-failure -j"$(nproc)"
