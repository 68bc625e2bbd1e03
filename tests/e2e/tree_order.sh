#!/usr/bin/env bash
# The order of the top-level SIP and sipdiag trees of frames (tshark -O sipdiag),
# without the other protocols' lines, whose wording changes between Wireshark
# versions; compared with an expected file.
# usage: tree_order.sh EXPECTED_FILE PLUGIN.so [tshark arguments...]
set -euo pipefail
expected=$1; shift
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$here/tshark_private.sh" "$@" -O sipdiag 2>/dev/null |
  grep -E '^(Frame [0-9]+:|Session Initiation Protocol|SIP diagnostics)' | sed -E 's/^(Frame [0-9]+):.*/\1/' > "$work/actual"
"$here/compare_expected.sh" "$work/actual" "$expected"
