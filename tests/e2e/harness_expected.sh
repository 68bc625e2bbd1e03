#!/usr/bin/env bash
# Self-test of expect_output.sh: it must fail when tshark's output differs
# from the expected file and leave that file alone, and it may only rewrite
# the file when SIPDIAG_UPDATE_EXPECTED=1 is in its own environment.
# usage: harness_expected.sh PLUGIN.so CAPTURE
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
plugin=$1 capture=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
expected=$work/expected.txt
check=("$here/expect_output.sh" "$expected" "$plugin" -r "$capture" -Y sipdiag
       -T fields -e frame.number -e sipdiag.status.code -e sipdiag.ack.outcome)

env SIPDIAG_UPDATE_EXPECTED=1 "${check[@]}" > /dev/null
[ -s "$expected" ] || { echo "FAIL: regeneration wrote no expected file"; exit 1; }
env -u SIPDIAG_UPDATE_EXPECTED "${check[@]}" > /dev/null 2>&1 ||
  { echo "FAIL: a freshly regenerated expected file does not match"; exit 1; }

sed -i '1s/^/9/' "$expected"   # a wrong frame number on the first line
cp "$expected" "$work/wrong.txt"
for value in unset 0; do
  if [ "$value" = unset ]; then setting=(-u SIPDIAG_UPDATE_EXPECTED); else setting=("SIPDIAG_UPDATE_EXPECTED=$value"); fi
  if env "${setting[@]}" "${check[@]}" > "$work/out.txt" 2>&1; then
    echo "FAIL: a wrong expected file passed (SIPDIAG_UPDATE_EXPECTED $value)"; exit 1
  fi
  grep -q "FAIL: output differs" "$work/out.txt" || { cat "$work/out.txt"; echo "FAIL: no mismatch reported"; exit 1; }
  cmp -s "$expected" "$work/wrong.txt" || { echo "FAIL: the expected file was rewritten (SIPDIAG_UPDATE_EXPECTED $value)"; exit 1; }
done
echo "a mismatch fails and leaves the expected file as it was"
