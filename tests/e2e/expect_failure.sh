#!/usr/bin/env bash
# Inverts a check that must fail: passes only if COMMAND exits non-zero and
# its output (stdout and stderr) has a line matching PATTERN (grep -E), so
# that a failure for some unrelated reason does not count.
# usage: expect_failure.sh PATTERN COMMAND [ARGS...]
set -uo pipefail
pattern=$1; shift
out=$("$@" 2>&1); status=$?
if [ "$status" = 0 ]; then
  echo "$out" | tail -20
  echo "FAIL: expected this to fail, it passed: $*"; exit 1
fi
if ! grep -Eq -- "$pattern" <<< "$out"; then
  echo "$out" | tail -20
  echo "FAIL: failed (status $status) but without a line matching: $pattern"; exit 1
fi
echo "failed as it should (status $status): $(grep -E -m1 -- "$pattern" <<< "$out")"
