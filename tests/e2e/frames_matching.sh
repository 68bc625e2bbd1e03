#!/usr/bin/env bash
# The frame numbers a display filter keeps in a packet-list run (-T tabs, no
# field output: the tree is built for the filter but not made visible),
# compared with an expected file.
# usage: frames_matching.sh EXPECTED_FILE PLUGIN.so CAPTURE FILTER [tshark arguments...]
set -euo pipefail
expected=$1 plugin=$2 capture=$3 filter=$4; shift 4
here=$(cd "$(dirname "$0")" && pwd)
actual=$(mktemp); trap 'rm -f "$actual"' EXIT
"$here/tshark_private.sh" "$plugin" -r "$capture" "$@" -Y "$filter" -T tabs -o 'gui.column.format:"No.","%m"' \
  2> >(grep -v 'Running as user "root"' >&2 || true) | tr -d ' ' > "$actual"
"$here/compare_expected.sh" "$actual" "$expected"
