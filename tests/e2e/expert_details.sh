#!/usr/bin/env bash
# The expert infos as the packet details show them (tshark -V, the tree the
# GUI draws): for each frame, its "Expert Info (severity/group): sentence"
# lines, compared with an expected file. Only these lines are kept, since
# Wireshark versions word the frame and time lines differently.
# usage: expert_details.sh EXPECTED_FILE PLUGIN.so [tshark arguments...]
set -euo pipefail
expected=$1; shift
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$here/tshark_private.sh" "$@" -V -O sipdiag > "$work/details" 2> >(grep -v 'Running as user "root"' >&2 || true)
awk 'match($0, /^Frame [0-9]+:/) { frame = substr($0, 7, RLENGTH - 7) }
     /^ *\[Expert Info \(/ { sub(/^ */, ""); print "frame " frame ": " $0 }' "$work/details" > "$work/actual"
"$here/compare_expected.sh" "$work/actual" "$expected"
