#!/usr/bin/env bash
# sipdiag-batch over a folder: exact table, and the exit status a cron job sees.
# usage: batch_check.sh PLUGIN.so CAPTURES_DIR EXPECTED_TABLE
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
plugin=$1 captures=$2 expected=$3
export SIPDIAG_TSHARK="$here/tshark_private.sh $plugin"
batch="$here/../../scripts/sipdiag-batch"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir "$work/all" "$work/clean"
cp "$captures"/*.pcap "$work/all/"
cp "$captures/handshake-short-capture.pcap" "$work/clean/"   # only an unconfirmed ACK: not flagged

cd "$work"
"$batch" all > table.txt 2> progress.txt; status=$?
[ "$status" = 1 ] || { echo "FAIL: exit status $status over all captures, expected 1"; exit 1; }
grep -q '^\[1/' progress.txt || { echo "FAIL: no progress on stderr"; exit 1; }
if [ "${SIPDIAG_UPDATE_EXPECTED:-0}" = 1 ]; then cp table.txt "$expected"; fi
diff -u "$expected" table.txt || { echo "FAIL: table differs"; exit 1; }
"$batch" clean > /dev/null 2>&1; status=$?
[ "$status" = 0 ] || { echo "FAIL: exit status $status on a clean folder, expected 0"; exit 1; }
"$batch" --strict clean > /dev/null 2>&1; status=$?
[ "$status" = 1 ] || { echo "FAIL: --strict exit status $status on an unconfirmed ACK, expected 1"; exit 1; }
echo "batch table and exit statuses as expected"
