#!/usr/bin/env bash
# The text summary of a large capture fits a screen: a generated capture with
# thousands of calls and dozens of every problem gives fewer than 200 lines,
# with the long lists cut ("... and N more") while the JSON keeps them whole.
# usage: report_size.sh PLUGIN.so CALLS
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
plugin=$1 calls=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
python3 "$here/../../bench/gen_sip_load.py" --calls "$calls" --out "$work/load.pcap" > /dev/null
"$here/tshark_private.sh" "$plugin" -q -r "$work/load.pcap" -z sipdiag,summary > "$work/text"
"$here/tshark_private.sh" "$plugin" -q -r "$work/load.pcap" -z sipdiag,summary,json > "$work/json"
lines=$(wc -l < "$work/text")
grep -q "^Calls: $calls " "$work/text" || { echo "FAIL: not a summary of $calls calls"; head "$work/text"; exit 1; }
[ "$lines" -lt 200 ] || { echo "FAIL: the summary has $lines lines, expected fewer than 200"; exit 1; }
grep -q '^  \.\.\. and [0-9]* more$' "$work/text" || { echo "FAIL: no list was cut: the capture is too small"; exit 1; }
python3 - "$work/json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
assert len(report["server_internal_errors"]) > 10, "the JSON must list every 500"
assert sum(report["call_outcomes"].values()) == report["calls"]
PY
python3 "$here/report_consistency.py" "$work/text" "$work/json"
echo "summary of $calls calls: $lines lines"
