#!/usr/bin/env bash
# sipdiag must never change what other dissectors show: the full packet
# details of CAPTURE with sipdiag, minus sipdiag's own subtrees, must equal
# those with sipdiag disabled -- in one pass and in two.
# usage: sip_unchanged.sh PLUGIN.so CAPTURE
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
plugin=$1 capture=$2
with=$(mktemp) without=$(mktemp); trap 'rm -f "$with" "$without"' EXIT
for pass in "" "-2"; do
  # -V prints each protocol as an unindented line and its details indented below it.
  "$here/tshark_private.sh" "$plugin" -r "$capture" $pass -V |
    awk '/^SIP diagnostics/ {skip=1; next} /^([^ ]|$)/ {skip=0} !skip' > "$with"
  "$here/tshark_private.sh" "$plugin" -r "$capture" $pass -V --disable-protocol sipdiag > "$without"
  if [ "${SIPDIAG_REQUIRE_SIP:-1}" = 1 ] && ! grep -q "Session Initiation Protocol" "$without"; then
    echo "FAIL: no SIP in $capture"; exit 1
  fi
  if ! diff -u "$without" "$with"; then echo "FAIL: sipdiag changed other dissectors' output ($pass)"; exit 1; fi
done
echo "other dissectors' output unchanged by sipdiag on $(basename "$capture")"
