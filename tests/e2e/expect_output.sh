#!/usr/bin/env bash
# End-to-end check: runs tshark (via tshark_private.sh) and compares its
# standard output with an expected file, byte for byte.
# usage: expect_output.sh EXPECTED_FILE PLUGIN.so [tshark arguments...]
# With SIPDIAG_UPDATE_EXPECTED=1 the expected file is (re)written instead.
set -euo pipefail
expected=$1; shift
here=$(cd "$(dirname "$0")" && pwd)
actual=$(mktemp); trap 'rm -f "$actual"' EXIT
"$here/tshark_private.sh" "$@" > "$actual" 2> >(grep -v 'Running as user "root"' >&2 || true)
# tshark 4.0 prints booleans in -T fields as 1/0, later versions as
# True/False; expected files use 1/0 so that one file serves every version.
sed -i -E ':again; s/(^|\t|,)True(\t|,|$)/\11\2/; s/(^|\t|,)False(\t|,|$)/\10\2/; t again' "$actual"
"$here/compare_expected.sh" "$actual" "$expected"
