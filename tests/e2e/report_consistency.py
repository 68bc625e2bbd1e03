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
outcomes = dict((name, int(n)) for name, n in re.findall(r"([a-z-]+) (\d+)", re.search(
    r"^Calls by outcome: (.*)$", text, re.M).group(1)))
assert outcomes == report["call_outcomes"], "call outcomes differ"
assert sum(outcomes.values()) == calls, "call outcomes do not add up to the calls"
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
# The text lists only the finals whose ACK is not plainly fine, at most ten
# per section; each one listed must be in the JSON with the same verdict.
finals_by_frame = {r["frame"]: r for r in report["invite_final_responses"]}
listed = re.findall(r"^  frame (\d+)  t=\S+  (\d+)  (missing|unconfirmed|not-accepted|late)\b", text, re.M)
for frame, status, ack in listed:
    r = finals_by_frame.get(int(frame))
    assert r and (r["status"], r["ack"]) == (int(status), ack), f"frame {frame}"
problems = sum(1 for r in finals_by_frame.values() if r["ack"] in ("missing", "unconfirmed", "not-accepted", "late"))
assert len(listed) == problems or len(listed) >= 10, "ACK problems left out of the text"
print(f"consistent: {finals} INVITE finals, {len(text_codes)} codes")
