#!/usr/bin/env bash
# Self-test of capture_checks.py: regenerating into an empty folder writes
# every expected file, which then match; a wrong line in a report or in the
# field output fails the check, names the file and leaves it as it was.
# usage: harness_capture_checks.sh PLUGIN.so CAPTURES_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
plugin=$1 captures=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
check=("$here/capture_checks.py" "$plugin" "$captures/handshake-fork.pcap" two_pass "$work")

env SIPDIAG_UPDATE_EXPECTED=1 "${check[@]}" > /dev/null
for file in report report_json calls calls_json alerts call_fields; do
  ls "$work"/$file.handshake-fork*.txt > /dev/null 2>&1 || { echo "FAIL: regeneration wrote no $file file"; exit 1; }
done
[ -s "$work/handshake-fork.two_pass.txt" ] || { echo "FAIL: regeneration wrote no handshake file"; exit 1; }
env -u SIPDIAG_UPDATE_EXPECTED "${check[@]}" > /dev/null 2>&1 ||
  { echo "FAIL: freshly regenerated expected files do not match"; exit 1; }

for target in calls.handshake-fork.txt alerts.handshake-fork.txt handshake-fork.two_pass.txt; do
  cp "$work/$target" "$work/saved"
  sed -i '2s/^/9/' "$work/$target"   # a wrong second line
  cp "$work/$target" "$work/wrong"
  if env -u SIPDIAG_UPDATE_EXPECTED "${check[@]}" > "$work/out" 2>&1; then
    echo "FAIL: a wrong $target passed"; exit 1
  fi
  grep -q "FAIL: output differs from $target" "$work/out" || { cat "$work/out"; echo "FAIL: $target not named"; exit 1; }
  cmp -s "$work/$target" "$work/wrong" || { echo "FAIL: $target was rewritten"; exit 1; }
  cp "$work/saved" "$work/$target"
done
echo "a wrong report, alert or handshake line fails and is left as it was"
