#!/usr/bin/env bash
# sipdiag must never change what other dissectors show: the full packet
# details of CAPTURE with sipdiag, minus sipdiag's own subtrees, must equal
# those with sipdiag disabled -- in one pass and in two.
#
# The comparison only means something if sipdiag really ran: tshark accepts
# --disable-protocol for a protocol it does not know, so a plugin that fails
# to load would make both sides equal. Hence the same run also asks for
# sipdiag's end-of-run report (-z sipdiag,summary,json), which tshark refuses
# unless sipdiag is loaded and which must be valid JSON, and it must show a
# `SIP diagnostics` subtree whenever the capture has a SIP response. (The
# report, not `tshark -G plugins`, is the proof of loading: under a
# preloaded sanitizer runtime, tshark -G hangs.)
# usage: sip_unchanged.sh PLUGIN.so CAPTURE
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
plugin=$1 capture=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
for pass in "" "-2"; do
  # Both runs take the same arguments but for --disable-protocol; the report
  # comes after the packets and starts with a line that is only "{".
  # Without sipdiag, tshark rejects the -z argument: that fails here too.
  if ! "$here/tshark_private.sh" "$plugin" -r "$capture" $pass -V -z sipdiag,summary,json > "$work/with.raw"; then
    echo "FAIL: tshark with sipdiag failed on $(basename "$capture") ($pass)"; exit 1
  fi
  if ! "$here/tshark_private.sh" "$plugin" -r "$capture" $pass -V -z sipdiag,summary,json \
      --disable-protocol sipdiag > "$work/without.raw"; then
    echo "FAIL: tshark with sipdiag disabled failed on $(basename "$capture") ($pass)"; exit 1
  fi
  split='/^\{$/ {report=1} report {print > out; next} {print}'
  awk -v out="$work/with.json" "$split" "$work/with.raw" > "$work/with.txt"
  awk -v out="$work/without.json" "$split" "$work/without.raw" > "$work/without.txt"

  if [ "${SIPDIAG_REQUIRE_SIP:-1}" = 1 ] && ! grep -q "^Session Initiation Protocol" "$work/without.txt"; then
    echo "FAIL: no SIP in $capture"; exit 1
  fi
  if ! grep -q "^SIP diagnostics" "$work/with.txt" && grep -q "^ *Status-Code: " "$work/without.txt"; then
    echo "FAIL: $(basename "$capture") has SIP responses but no SIP diagnostics subtree ($pass)"; exit 1
  fi
  if ! [ -s "$work/with.json" ] || ! python3 -m json.tool "$work/with.json" > /dev/null; then
    echo "FAIL: no valid JSON report with sipdiag ($pass)"; cat "$work/with.json" 2>/dev/null | head -20; exit 1
  fi

  # -V prints each protocol as an unindented line and its details indented below it.
  awk '/^SIP diagnostics/ {skip=1; next} /^([^ ]|$)/ {skip=0} !skip' "$work/with.txt" > "$work/with.filtered"
  if ! diff -u "$work/without.txt" "$work/with.filtered"; then
    echo "FAIL: sipdiag changed other dissectors' output ($pass)"; exit 1
  fi
done
echo "other dissectors' output unchanged by sipdiag on $(basename "$capture")"
