#!/usr/bin/env bash
# sipdiag-batch on bad input (a file cut short, an empty one, text named .pcap,
# another link type in a set): exit 2, each file named, every other capture
# still reported; and -j: the same output with one or two jobs.
# usage: batch_bad_check.sh PLUGIN.so CAPTURES_DIR EXPECTED_TABLE [bad|jobs]
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
plugin=$1 captures=$2 expected=$3 mode=${4:-bad}
export SIPDIAG_TSHARK="$here/tshark_private.sh $plugin"
batch="$here/../../scripts/sipdiag-batch"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*"; exit 1; }

case $mode in
bad)
  mkdir bad
  cp "$captures/handshake-fork.pcap" bad/good.pcap
  # all-codes.pcap, 100 s later, cut in the middle of its fifth packet: four packets analysed.
  editcap -t 100 "$captures/all-codes.pcap" later.pcap
  head -c 1500 later.pcap > bad/truncated.pcap
  : > bad/empty.pcap
  echo "not a capture" > bad/text.pcap
  "$batch" bad > table.txt 2> stderr.txt; status=$?
  [ "$status" = 2 ] || fail "exit status $status, expected 2"
  for f in truncated empty text; do
    grep -q "^sipdiag-batch: bad/$f.pcap: " stderr.txt || fail "bad/$f.pcap not named on stderr"
    grep -q "^! bad/$f.pcap: " table.txt || fail "bad/$f.pcap not named in the output"
  done
  grep -q 'bad/empty.pcap: empty file (0 bytes)' stderr.txt || fail "empty file not said"
  grep -q 'bad/text.pcap: not a capture file' stderr.txt || fail "text file not said"
  grep -q 'bad/truncated.pcap: cut short in the middle of a packet: results up to there' stderr.txt \
    || fail "truncated file not said"
  if [ "${SIPDIAG_UPDATE_EXPECTED:-0}" = 1 ]; then cp table.txt "$expected"; fi
  diff -u "$expected" table.txt || fail "table differs"

  # The same files as one set: the good and the truncated (last) file analysed, the others named.
  "$batch" --json --set bad/empty.pcap bad/good.pcap bad/text.pcap bad/truncated.pcap > set.json 2> stderr.txt; status=$?
  [ "$status" = 2 ] || fail "set: exit status $status, expected 2"
  python3 - set.json <<'EOF' || fail "set with bad members"
import json, sys
row = json.loads(open(sys.argv[1]).readline())
assert "error" not in row, row
files = {f["capture"]: f for f in row["files"]}
assert "empty file" in files["bad/empty.pcap"]["error"], files
assert "not a capture file" in files["bad/text.pcap"]["error"], files
assert files["bad/good.pcap"]["calls"] == 2 and files["bad/truncated.pcap"]["packets"] == 4, files
assert any("bad/truncated.pcap: cut short" in text for text in row["input_errors"]), row
EOF
  grep -q 'bad/text.pcap: not a capture file' stderr.txt || fail "set: text file not named"

  # A set with a file of another link type: named, analysed with the others.
  mkdir linktype
  editcap -c 8 "$captures/handshake-fork.pcap" linktype/part.pcap
  set -- linktype/part*; mv "$1" linktype/a.pcap; editcap -T user0 "$2" linktype/b.pcap; rm "$2"
  "$batch" --set linktype > /dev/null 2> stderr.txt; status=$?
  [ "$status" = 2 ] || fail "link types: exit status $status, expected 2"
  grep -q 'linktype/b.pcap: link type user0, the other files ether' stderr.txt || fail "other link type not named"
  echo "bad input: named, exit 2, the rest reported"
  ;;
jobs)
  "$batch" -j1 "$captures" > one.txt 2> one.err; status1=$?
  "$batch" -j2 "$captures" > two.txt 2> two.err; status2=$?
  grep -hv '^\[' one.err two.err
  [ "$status1" = "$status2" ] || fail "exit status $status1 with -j1, $status2 with -j2"
  [ "$(wc -l < one.txt)" -gt 10 ] || fail "too few rows"
  diff -u one.txt two.txt || fail "-j1 and -j2 outputs differ"
  echo "-j1 and -j2 print the same"
  ;;
*) fail "unknown mode $mode" ;;
esac
