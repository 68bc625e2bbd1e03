#!/usr/bin/env bash
# sipdiag-batch --set over ring buffers cut from the captures with editcap -c:
# verdicts across file boundaries, the same as one merged capture, files given
# out of time order, overlapping files, and the exact table.
# usage: batch_set_check.sh PLUGIN.so CAPTURES_DIR EXPECTED_TABLE [acks|misordered]
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
plugin=$1 captures=$2 expected=$3 mode=${4:-acks}
export SIPDIAG_TSHARK="$here/tshark_private.sh $plugin"
batch="$here/../../scripts/sipdiag-batch"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*"; exit 1; }

# ring NAME CAPTURE PACKETS_PER_FILE: NAME/f1.pcap, NAME/f2.pcap... in time order.
ring() {
  mkdir -p "$1.tmp" "$1"
  editcap -c "$3" "$captures/$2" "$1.tmp/part.pcap" || fail "editcap on $2"
  local n=0 f
  for f in $(ls "$1.tmp" | sort); do n=$((n + 1)); mv "$1.tmp/$f" "$1/f$n.pcap"; done
  rmdir "$1.tmp"
}

# The numbers of a --json row (the set's, or one file's) without the file name.
numbers() {
  python3 -c '
import json, sys
columns = ["calls", "answered", "answered-no-ack", "rejected", "cancelled", "unanswered", "undecided",
           "server_internal_errors", "missing_acks", "unconfirmed", "not_accepted", "misrouted_acks"]
for line in sys.stdin:
    row = json.loads(line)
    print(" ".join(str(row.get(c)) for c in columns))'
}

# same_as_merged SET_ARGS... -- MERGECAP_ARGS...: the set's verdicts equal those of one merged file.
same_as_merged() {
  local set_args=() merge_args=()
  while [ "$1" != "--" ]; do set_args+=("$1"); shift; done; shift
  merge_args=("$@")
  "$batch" --json --set "${set_args[@]}" 2> /dev/null | numbers > set.txt
  mergecap -w merged.pcapng "${merge_args[@]}" || fail "mergecap ${merge_args[*]}"
  "$batch" --json merged.pcapng 2> /dev/null | numbers > merged.txt
  [ -s set.txt ] || fail "no set row for ${set_args[*]}"
  diff -u merged.txt set.txt || fail "set ${set_args[*]} differs from one merged capture"
  rm -f merged.pcapng
}

case $mode in
acks)
  # The 200 OK is the last packet of f1.pcap, its ACK the first of f2.pcap.
  ring ack handshake-answered-udp.pcap 4
  tshark -r ack/f1.pcap 2> /dev/null | tail -1 | grep -q '200 OK (INVITE)' || fail "f1.pcap does not end with the 200"
  tshark -r ack/f2.pcap 2> /dev/null | head -1 | grep -q 'ACK' || fail "f2.pcap does not start with the ACK"
  "$batch" --set ack > table.txt 2> progress.txt; status=$?
  [ "$status" = 0 ] || fail "exit status $status on the set, expected 0"
  [ "$(grep -c '^\[' progress.txt)" = 2 ] || fail "not one progress line per file"
  "$batch" --json --set ack 2> /dev/null | numbers > set.txt
  [ "$(cut -d' ' -f9,10 set.txt)" = "0 0" ] || fail "set mode: missing/unconfirmed ACKs $(cut -d' ' -f9,10 set.txt), expected 0 0"
  "$batch" --json ack/f1.pcap 2> /dev/null | numbers > file.txt
  [ "$(cut -d' ' -f10 file.txt)" = 1 ] || fail "file mode: f1.pcap alone should leave the 200 unconfirmed"
  # Per-file rows in the JSON: the call lives in f1.pcap.
  "$batch" --json --set ack 2> /dev/null | python3 -c '
import json, sys
row = json.loads(sys.stdin.readline())
files = {f["capture"]: f for f in row["files"]}
assert files["ack/f1.pcap"]["calls"] == 1 and files["ack/f2.pcap"]["calls"] == 0, files
assert files["ack/f1.pcap"]["packets"] == 4 and files["ack/f2.pcap"]["packets"] == 3, files' || fail "per-file JSON"
  if [ "${SIPDIAG_UPDATE_EXPECTED:-0}" = 1 ]; then cp table.txt "$expected"; fi
  diff -u "$expected" table.txt || fail "table differs"
  same_as_merged ack -- -a ack/f1.pcap ack/f2.pcap
  # A fork with both 200s and ACKs spread over three files, and the 64*T1 window of unanswered calls.
  ring fork handshake-fork.pcap 5
  same_as_merged fork -- -a fork/f1.pcap fork/f2.pcap fork/f3.pcap
  ring unanswered call-unanswered.pcap 3
  same_as_merged unanswered -- -a unanswered/*.pcap
  ring codes all-codes.pcap 100
  same_as_merged codes -- -a codes/*.pcap
  # Two captures over the same seconds: merged packet by packet, and said.
  "$batch" --set "$captures/tcp-multi.pcap" "$captures/handshake-fork.pcap" > overlap.txt 2> overlap.err
  grep -q 'files overlap in time' overlap.err || fail "overlap not said on stderr"
  grep -q '^! .*files overlap in time' overlap.txt || fail "overlap not said in the output"
  same_as_merged "$captures/tcp-multi.pcap" "$captures/handshake-fork.pcap" -- "$captures/tcp-multi.pcap" "$captures/handshake-fork.pcap"
  echo "sets: ACK across files found, verdicts as one merged capture, table as expected"
  ;;
misordered)
  ring fork handshake-fork.pcap 5
  # Name order c, b, a; time order a, b, c.
  mkdir named; mv fork/f1.pcap named/c.pcap; mv fork/f2.pcap named/b.pcap; mv fork/f3.pcap named/a.pcap
  "$batch" --set named > table.txt 2> stderr.txt; status=$?
  [ "$status" = 1 ] || fail "exit status $status, expected 1 (the fork's missing ACK)"
  grep -q 'not in time order' stderr.txt || fail "wrong order not said on stderr"
  grep -q '^! named: files not in time order' table.txt || fail "wrong order not said in the output"
  same_as_merged named -- -a named/c.pcap named/b.pcap named/a.pcap
  # Files named on the command line, last first.
  "$batch" --set named/a.pcap named/b.pcap named/c.pcap 2> stderr.txt > /dev/null
  grep -q 'not in time order' stderr.txt || fail "wrong order of files named not said"
  same_as_merged named/a.pcap named/b.pcap named/c.pcap -- -a named/c.pcap named/b.pcap named/a.pcap
  # The order per file in the table is the time order.
  [ "$(grep -o '^  named/[abc]' table.txt | tr -d ' \n')" = "named/cnamed/bnamed/a" ] || fail "files not listed in time order"
  echo "files out of time order: said, verdicts right"
  ;;
*) fail "unknown mode $mode" ;;
esac
