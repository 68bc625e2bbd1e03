#!/usr/bin/env bash
# Compares ACTUAL with EXPECTED byte for byte; with SIPDIAG_UPDATE_EXPECTED=1
# in the environment of this run, writes ACTUAL to EXPECTED instead.
# usage: compare_expected.sh ACTUAL EXPECTED
set -euo pipefail
actual=$1 expected=$2
if [ "${SIPDIAG_UPDATE_EXPECTED:-0}" = 1 ]; then
  cp "$actual" "$expected"; echo "updated $expected"; exit 0
fi
if ! diff -u "$expected" "$actual"; then
  echo "FAIL: output differs from $(basename "$expected")" >&2
  exit 1
fi
[ -s "$expected" ] || { echo "FAIL: empty expected file" >&2; exit 1; }
