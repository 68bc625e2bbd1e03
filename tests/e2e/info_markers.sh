#!/usr/bin/env bash
# sipdiag's markers at the end of the Info column, in one pass and in two:
# compared with an expected file, and in two passes "ACK missing" must be on
# exactly the responses whose sipdiag.ack.outcome is "missing". The packet
# list without sipdiag's columns (no tree read: the markers alone are made)
# must carry the same markers as with them (the whole view is built).
# usage: info_markers.sh EXPECTED_FILE PLUGIN.so CAPTURE
set -euo pipefail
expected=$1 plugin=$2 capture=$3
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
for pass in 1 2; do
  args=(); [ "$pass" = 2 ] && args=(-2)
  # The packet list itself (-T tabs): from 4.2 on, the _ws.col fields are
  # taken before post-dissectors have appended to the Info column.
  "$here/tshark_private.sh" "$plugin" -r "$capture" "${args[@]}" -T tabs \
    -o 'gui.column.format:"No.","%m","Info","%i","ACK outcome","%Cus:sipdiag.ack.outcome:0:R","Call outcome","%Cus:sipdiag.call.outcome:0:R"' \
    > "$work/pass$pass.tsv" 2>/dev/null
  "$here/tshark_private.sh" "$plugin" -r "$capture" "${args[@]}" -T tabs \
    -o 'gui.column.format:"No.","%m","Info","%i"' > "$work/bare$pass.tsv" 2>/dev/null
done
python3 - "$work" > "$work/actual" <<'PY'
import re, sys
work = sys.argv[1]
marker = re.compile(r"\[(ACK missing|ACK unconfirmed|ACK not accepted|late ACK #\d+|retransmission of #\d+|ACK of #\d+|"
                    r"ACK matches no response|ACK bounced, response #\d+|ACK misrouted|unanswered|call [a-z-]+)\]")
print("# sipdiag markers in the Info column: pass, frame, markers")
bad = []
def info_by_frame(path):
    rows = {}
    for line in open(path, encoding="utf-8", errors="replace"):
        frame, info = (line.rstrip("\n").split("\t") + [""])[:2]
        rows[frame.strip()] = info
    return rows
for pass_ in (1, 2):  # the whole Info column, alert markers included
    full, bare = info_by_frame(f"{work}/pass{pass_}.tsv"), info_by_frame(f"{work}/bare{pass_}.tsv")
    for frame in sorted(set(full) | set(bare), key=lambda f: int(f) if f.isdigit() else -1):
        if full.get(frame) != bare.get(frame):
            bad.append(f"pass {pass_} frame {frame}: Info {bare.get(frame)!r} without sipdiag's columns, "
                       f"{full.get(frame)!r} with them")
for pass_ in (1, 2):
    for line in open(f"{work}/pass{pass_}.tsv", encoding="utf-8", errors="replace"):
        frame, info, outcome, call = (line.rstrip("\n").split("\t") + ["", "", ""])[:4]
        frame = frame.strip()
        found = marker.findall(info)
        if found:
            print(f"pass {pass_}\tframe {frame}\t" + " ".join(f"[{m}]" for m in found))
        if pass_ == 2 and found.count("ACK missing") != outcome.split(",").count("missing"):
            bad.append(f"frame {frame}: markers {found} but ack.outcome '{outcome}'")
        if pass_ == 2 and found.count("unanswered") != (call.strip() == "unanswered"):
            bad.append(f"frame {frame}: markers {found} but call.outcome '{call}'")
if bad:
    sys.stderr.write("FAIL: markers disagree (with sipdiag.ack.outcome, or with and without sipdiag's columns):\n  "
                     + "\n  ".join(bad) + "\n")
    sys.exit(1)
PY
"$here/compare_expected.sh" "$work/actual" "$expected"
