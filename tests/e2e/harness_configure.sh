#!/usr/bin/env bash
# A build folder configured while SIPDIAG_UPDATE_EXPECTED=1 was set (the
# regeneration recipe) must not keep that setting: the expected-output tests
# may only see it in the environment of the ctest run itself. Configures a
# scratch build of SOURCE with the variable set, then asks ctest for the
# properties of every test it would run.
# usage: harness_configure.sh SOURCE_DIR CMAKE_GENERATOR
set -euo pipefail
source_dir=$1 generator=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
if ! SIPDIAG_UPDATE_EXPECTED=1 cmake -S "$source_dir" -B "$work/build" -G "$generator" \
     -DBUILD_TESTING=ON > "$work/configure.log" 2>&1; then
  cat "$work/configure.log"; echo "FAIL: the scratch build did not configure"; exit 1
fi
ctest --test-dir "$work/build" --show-only=json-v1 > "$work/tests.json"
python3 - "$work/tests.json" <<'PY'
import json, sys
tests = json.load(open(sys.argv[1]))["tests"]
expected_tests = [t["name"] for t in tests
                  if any("expect_output.sh" in arg or "batch_check.sh" in arg for arg in t.get("command", []))]
if len(expected_tests) < 10:
    sys.exit(f"FAIL: only {len(expected_tests)} expected-output tests found in the scratch build")
leaking = [t["name"] for t in tests
           for p in t.get("properties", []) if p["name"] == "ENVIRONMENT"
           for v in p["value"] if v.startswith("SIPDIAG_UPDATE_EXPECTED")]
if leaking:
    sys.exit("FAIL: configured with SIPDIAG_UPDATE_EXPECTED, these tests keep it: " + ", ".join(leaking[:5])
             + (f" and {len(leaking) - 5} more" if len(leaking) > 5 else ""))
print(f"{len(expected_tests)} expected-output tests, none configured with SIPDIAG_UPDATE_EXPECTED")
PY
