#!/usr/bin/env python3
"""Run the shell examples of README.md and compare their output with the README.

Every fenced code block that has lines beginning with "$ " is an example: each
"$ " line (with its "\\" continuation lines) is a command, and the lines after
it, up to the next command or the end of the block, are its expected standard
output. A line consisting of "..." (indented or not) stands for any number
of lines, none included; every other line must match exactly, except for
white space at the end of a line and blank lines at the end of the output,
which a README cannot show reliably. Blocks without "$ " lines (such as
./setup.sh instructions) are not run.

Commands run from the repository root with bash, where `tshark` is the
repository's private runner (tests/e2e/tshark_private.sh with the given
plugin: only that plugin, an empty HOME, as nobody when run as root) and
`sipdiag-batch` is scripts/sipdiag-batch using that same tshark.

usage: check_examples.py --plugin PATH/sipdiag.so [--readme README.md] [--list] [--keep-going]
Exit status 0 when every example matches, 1 at the first one that does not
(with a unified diff), 2 on a usage or README error.
"""
import argparse
import difflib
import os
import shlex
import subprocess
import sys

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ELLIPSIS = "..."


class Example:
    def __init__(self, command_line, command, expected, expected_line, section):
        self.command_line = command_line    # README line number of the "$ " line
        self.command = command              # shell text, continuations kept
        self.expected = expected            # expected output lines
        self.expected_line = expected_line  # README line number of the first expected line
        self.section = section              # the heading the example sits under

    def output_lines(self):
        return f"{self.expected_line}-{self.expected_line + len(self.expected) - 1}" if self.expected \
            else f"{self.expected_line} (none yet)"


def parse_readme(text):
    """All examples, in README order."""
    examples, section = [], ""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("#"):
            section = line.lstrip("#").strip()
        if not line.startswith("```"):
            i += 1
            continue
        fence = line[:len(line) - len(line.lstrip("`"))]
        body, start = [], i + 1
        i += 1
        while i < len(lines) and not lines[i].startswith(fence):
            body.append(lines[i])
            i += 1
        i += 1  # the closing fence
        if not any(b.startswith("$ ") for b in body):
            continue
        j = 0
        while j < len(body) and not body[j].startswith("$ "):
            j += 1
        while j < len(body):
            command_line = start + j + 1
            command = [body[j][2:]]
            while command[-1].endswith("\\") and j + 1 < len(body):
                j += 1
                command.append(body[j])
            j += 1
            expected_start = j
            while j < len(body) and not body[j].startswith("$ "):
                j += 1
            examples.append(Example(command_line, "\n".join(command), body[expected_start:j],
                                    start + expected_start + 1, section))
    return examples


def is_ellipsis(line):
    return line.strip() == ELLIPSIS


def as_four_zero(line):
    """tshark 4.0 prints booleans in -T fields as 1/0, later versions as
    True/False; the README shows 4.0's form, so later output is mapped to it."""
    cells = line.split("\t")
    if len(cells) < 2:
        return line
    return "\t".join({"True": "1", "False": "0"}.get(cell, cell) for cell in cells)


def normalise(lines):
    """Without trailing white space on each line and trailing blank lines."""
    lines = [line.rstrip() for line in lines]
    while lines and lines[-1] == "":
        lines.pop()
    return lines


def matches(expected, actual):
    """Exact line match where a line "..." matches any number of lines."""
    memo = {}

    def at(e, a):
        if (e, a) not in memo:
            if e == len(expected):
                result = a == len(actual)
            elif is_ellipsis(expected[e]):
                result = any(at(e + 1, k) for k in range(a, len(actual) + 1))
            else:
                result = a < len(actual) and expected[e] == actual[a] and at(e + 1, a + 1)
            memo[(e, a)] = result
        return memo[(e, a)]

    return at(0, 0)


def expand(expected, actual):
    """The expected lines with each "..." replaced by the actual lines it
    likely stands for, and the index of the first expected line that does not
    fit; for showing a readable diff."""
    out, a, first_bad = [], 0, None
    for e, line in enumerate(expected):
        if is_ellipsis(line):
            # Up to the next expected line found in the output, less the
            # expected lines that come before that one.
            stop, between = len(actual), 0
            for later in expected[e + 1:]:
                if is_ellipsis(later):
                    break
                if later in actual[a:]:
                    stop = max(a, actual.index(later, a) - between)
                    break
                between += 1
            else:
                stop = max(a, len(actual) - between)
            out.extend(actual[a:stop])
            a = stop
        else:
            if first_bad is None and (a >= len(actual) or actual[a] != line):
                first_bad = e
            out.append(line)
            a += 1
    if first_bad is None:
        first_bad = len(expected)
    return out, first_bad


def shell_prelude(plugin):
    """Shell functions standing in for `tshark` and `sipdiag-batch`."""
    runner = os.path.join(REPO, "tests", "e2e", "tshark_private.sh")
    batch = os.path.join(REPO, "scripts", "sipdiag-batch")
    private_tshark = f"{shlex.quote(runner)} {shlex.quote(plugin)}"
    return (f"tshark() {{ {private_tshark} \"$@\"; }}\n"
            f"sipdiag-batch() {{ SIPDIAG_TSHARK={shlex.quote(private_tshark)} {shlex.quote(batch)} \"$@\"; }}\n")


def run(example, plugin):
    script = shell_prelude(plugin) + example.command + "\n"
    done = subprocess.run(["bash", "-c", script], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, env=dict(os.environ, LC_ALL="C.UTF-8", TZ="UTC"))
    return normalise([as_four_zero(line) for line in done.stdout.split("\n")]), done


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plugin", required=True, help="the built sipdiag.so")
    parser.add_argument("--readme", default=os.path.join(REPO, "README.md"))
    parser.add_argument("--list", action="store_true", help="only list the examples found")
    parser.add_argument("--keep-going", action="store_true", help="check every example, not only up to the first mismatch")
    args = parser.parse_args()
    if not os.path.isfile(args.plugin):
        print(f"check_examples: no plugin at {args.plugin}", file=sys.stderr)
        return 2
    with open(args.readme, encoding="utf-8") as f:
        examples = parse_readme(f.read())
    if not examples:
        print(f"check_examples: no examples (code blocks with '$ ' lines) in {args.readme}", file=sys.stderr)
        return 2
    name = os.path.basename(args.readme)
    failed = 0
    for example in examples:
        first = example.command.split("\n")[0]
        if args.list:
            print(f"{name}:{example.command_line}: $ {first}")
            continue
        actual, done = run(example, os.path.abspath(args.plugin))
        expected = normalise(example.expected)
        if matches(expected, actual):
            print(f"ok   {name}:{example.command_line}: $ {first}")
            continue
        shown, bad = expand(expected, actual)
        bad_line = example.expected_line + bad
        print(f"FAIL {name}:{example.command_line}: $ {first}")
        print(f"The output of the example at {args.readme} line {example.command_line} (section "
              f"\"{example.section}\") differs from the README from line {bad_line} on.")
        print(f"If sipdiag's output changed on purpose, update README lines {example.output_lines()} "
              f"(the output under that command) to the actual output below; a line '...' stands for "
              f"any number of lines.")
        diff = difflib.unified_diff(shown, actual, fromfile=f"{name} lines {example.output_lines()} (expected)",
                                    tofile="actual output", lineterm="", n=3)
        print("\n".join(diff))
        if done.returncode != 0 or done.stderr.strip():
            print(f"(exit status {done.returncode}; standard error:)")
            print("\n".join(done.stderr.rstrip().split("\n")[-15:]))
        failed += 1
        if not args.keep_going:
            return 1
    if failed:
        return 1
    if not args.list:
        print(f"all {len(examples)} README examples match")
    return 0


if __name__ == "__main__":
    sys.exit(main())
