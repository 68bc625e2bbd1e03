#!/usr/bin/env python3
"""Every per-capture comparison of one pass (or two) in two tshark runs.

Starting tshark costs more than dissecting a test capture, so instead of one
run per expected file this makes two and cuts their output apart:
  * a report run, -q (no tree, as batch runs are): the text and JSON summary
    and the text and JSON call lists, each compared with its expected file,
    and the text summary checked against the JSON one;
  * a field run, -Y sipdiag, with the union of the field lists: the alert
    rows (those with sipdiag.alert) and, for handshake and call captures,
    the handshake and call columns, each compared with its expected file.
Every difference is reported, not only the first.

usage: capture_checks.py PLUGIN.so CAPTURE one_pass|two_pass EXPECTED_DIR
With SIPDIAG_UPDATE_EXPECTED=1 the expected files are (re)written instead.
"""
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

ALERT_FIELDS = """frame.number frame.time_relative sipdiag.alert sipdiag.alert.frame sipdiag.alert.call_id
    sipdiag.alert.code sipdiag.alert.cseq sipdiag.alert.after sipdiag.alert.ack_missing
    sipdiag.alert.invite_unanswered""".split()
HANDSHAKE_FIELDS = """frame.number sip.Method sipdiag.status.code sipdiag.request.frame
    sipdiag.response.retransmission_of sipdiag.ack.outcome sipdiag.ack.frame sipdiag.ack.delay
    sipdiag.ack.retransmissions sipdiag.ack.response_frame sipdiag.ack.kind
    sipdiag.ack.missing sipdiag.ack.unconfirmed sipdiag.ack.late sipdiag.ack.unmatched
    sipdiag.response.retransmitted sipdiag.ack.odd_delay sipdiag.ack.bounced sipdiag.cseq.unusable""".split()
CALL_FIELDS = """frame.number sip.Method sipdiag.status.code sipdiag.call.outcome sipdiag.call.final_code
    sipdiag.call.final_frame sipdiag.call.duration sipdiag.call.ended_by sipdiag.call.bye_frame
    sipdiag.call.bye_reason sipdiag.call.bye_reason_meaning sipdiag.request.retransmission_of
    sipdiag.invite.unanswered sipdiag.call.answered_no_ack sipdiag.call.undecided sipdiag.reason.protocol
    sipdiag.reason.cause sipdiag.warning.code sipdiag.header.not_understood sipdiag.ack.route_check
    sipdiag.ack.misrouted""".split()
REPORTS = ["sipdiag,summary", "sipdiag,summary,json", "sipdiag,calls", "sipdiag,calls,json"]
# tshark 4.0 prints booleans in -T fields as 1/0, later versions as True/False;
# expected files use 1/0 so that one file serves every version.
BOOLEAN = re.compile(r"(?<![^\t,\n])(True|False)(?![^\t,\n])")


def tshark(plugin, capture, passes, args):
    command = [str(HERE / "tshark_private.sh"), plugin, "-r", capture, *passes, *args]
    run = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", errors="replace")
    noise = [line for line in run.stderr.splitlines() if 'Running as user "root"' not in line]
    if noise:
        sys.stderr.write("\n".join(noise) + "\n")
    if run.returncode != 0:
        sys.exit(f"FAIL: tshark exited with {run.returncode}: {' '.join(command)}")
    return run.stdout


def split_reports(output):
    """The four reports, whatever order tshark prints them in: a text report
    starts with its 'SIP diagnostics' title, a JSON one with a '{' line and
    ends with the '}' line; the summary's JSON is the one with 'responses'."""
    blocks, current = [], None
    for line in output.splitlines(keepends=True):
        if line.startswith("SIP diagnostics") or (line == "{\n" and (current is None or current[0] != "{\n")):
            current = [line]
            blocks.append(current)
        elif current is not None:
            current.append(line)
            if line == "}\n" and current[0] == "{\n":
                current = None
        else:
            sys.exit(f"FAIL: report output starts with an unknown line: {line!r}")
    reports = {}
    for block in blocks:
        text = "".join(block)
        if block[0].startswith("SIP diagnostics summary"):
            key = "report"
        elif block[0].startswith("SIP diagnostics: calls"):
            key = "calls"
        else:
            key = "report_json" if re.search(r'^  "responses": ', text, re.M) else "calls_json"
        if key in reports:
            sys.exit(f"FAIL: two {key} blocks in the report output")
        reports[key] = text
    missing = {"report", "report_json", "calls", "calls_json"} - reports.keys()
    if missing:
        sys.exit(f"FAIL: no {', '.join(sorted(missing))} in the report output")
    return reports


def project(rows, header, fields, keep=lambda row: True):
    index = [header.index(field) for field in fields]
    lines = ["\t".join(fields)]
    lines += ["\t".join(row[i] for i in index) for row in rows if keep(row)]
    return "\n".join(lines) + "\n"


def compare(actual, expected_path, failures):
    """compare_expected.sh, as every other e2e test: a diff and a FAIL line,
    or the expected file rewritten under SIPDIAG_UPDATE_EXPECTED=1."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as out:
        out.write(actual)
    try:
        if subprocess.run([str(HERE / "compare_expected.sh"), out.name, str(expected_path)]).returncode:
            failures.append(f"{expected_path.name} differs")
    finally:
        os.unlink(out.name)


def main():
    plugin, capture, pass_name, expected_dir = sys.argv[1:5]
    expected_dir = Path(expected_dir)
    name = Path(capture).stem
    passes = ["-2"] if pass_name == "two_pass" else []
    failures = []

    report_args = ["-q"] + [arg for report in REPORTS for arg in ("-z", report)]
    reports = split_reports(tshark(plugin, capture, passes, report_args))
    for key, text in reports.items():
        compare(text, expected_dir / f"{key}.{name}.txt", failures)
    with tempfile.TemporaryDirectory() as work:
        text_path, json_path = Path(work, "report.txt"), Path(work, "report.json")
        text_path.write_text(reports["report"], encoding="utf-8")
        json_path.write_text(reports["report_json"], encoding="utf-8")
        if subprocess.run([sys.executable, str(HERE / "report_consistency.py"), text_path, json_path]).returncode:
            failures.append("the text summary and the JSON summary disagree")

    handshake = name.startswith("handshake-")
    calls = handshake or name.startswith("call-")
    fields = list(dict.fromkeys(ALERT_FIELDS + (HANDSHAKE_FIELDS if handshake else []) +
                                (CALL_FIELDS if calls else [])))
    field_args = ["-Y", "sipdiag", "-T", "fields", "-E", "header=y", "-E", "occurrence=a"]
    field_args += [arg for field in fields for arg in ("-e", field)]
    output = BOOLEAN.sub(lambda m: "1" if m.group(1) == "True" else "0",
                         tshark(plugin, capture, passes, field_args))
    lines = output.splitlines()
    header, rows = lines[0].split("\t"), [line.split("\t") for line in lines[1:]]
    if header != fields or any(len(row) != len(fields) for row in rows):
        sys.exit("FAIL: field output does not have one column per field")
    alert = header.index("sipdiag.alert")
    compare(project(rows, header, ALERT_FIELDS, lambda row: row[alert] != ""),
            expected_dir / f"alerts.{name}.txt", failures)
    if handshake:
        compare(project(rows, header, HANDSHAKE_FIELDS), expected_dir / f"{name}.{pass_name}.txt", failures)
    if calls:
        compare(project(rows, header, CALL_FIELDS), expected_dir / f"call_fields.{name}.{pass_name}.txt", failures)

    if failures:
        sys.exit(f"FAIL: {', '.join(failures)}")
    print(f"{name} ({pass_name}): reports, alerts{', handshake' if handshake else ''}{', calls' if calls else ''} as expected")


if __name__ == "__main__":
    main()
