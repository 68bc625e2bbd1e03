#!/usr/bin/env python3
"""The JSON report must parse and say what the text report says.
usage: report_consistency.py TEXT_REPORT JSON_REPORT"""
import json
import re
import sys

text = open(sys.argv[1]).read()
report = json.load(open(sys.argv[2]))


def number(pattern):
    match = re.search(pattern, text)
    assert match, f"text report lacks {pattern!r}"
    return [int(g) for g in match.groups()]


calls, responses = number(r"Calls: (\d+)\s+Responses: (\d+)")
assert (calls, responses) == (report["calls"], report["responses"]), "calls/responses differ"
assert number(r"500 Server Internal Error: (\d+)") == [len(report["server_internal_errors"])], "500 count differs"
finals, ok, late, missing, unconfirmed, not_accepted = number(
    r"INVITE final responses: (\d+)\s+\(acknowledged (\d+), late (\d+), missing (\d+), unconfirmed (\d+), "
    r"not accepted (\d+)\)")
o = report["ack_outcomes"]
assert finals == len(report["invite_final_responses"]), "INVITE final count differs"
assert [ok, late, missing, unconfirmed, not_accepted] == [o["acknowledged"], o["late"], o["missing"],
                                                          o["unconfirmed"], o["not_accepted"]]
text_codes = [(int(c), int(n)) for c, n in re.findall(r"^  (\d+)  .*\]  (\d+)$", text, re.M)]
assert text_codes == [(c["code"], c["count"]) for c in report["codes"]], "per-code counts differ"
for r in report["invite_final_responses"]:
    assert re.search(rf"^  frame {r['frame']}  .*  {r['status']}  {r['ack']}", text, re.M), f"frame {r['frame']}"
print(f"consistent: {finals} INVITE finals, {len(text_codes)} codes")
