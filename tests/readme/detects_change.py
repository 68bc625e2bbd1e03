#!/usr/bin/env python3
"""The README check must notice a changed output line.

Copies README.md, alters one expected output line of its first example (one
without "..." wildcards around it would be too easy to miss, so the first
literal line), runs check_examples.py on the copy and passes only if that
fails and names the altered line.

usage: detects_change.py --plugin PATH/sipdiag.so [--readme README.md]
"""
import argparse
import os
import subprocess
import sys
import tempfile

import check_examples


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plugin", required=True)
    parser.add_argument("--readme", default=os.path.join(check_examples.REPO, "README.md"))
    args = parser.parse_args()
    with open(args.readme, encoding="utf-8") as f:
        text = f.read()
    lines = text.split("\n")
    examples = check_examples.parse_readme(text)
    target = next((e.expected_line + i for e in examples for i, line in enumerate(e.expected)
                   if line.strip() and not check_examples.is_ellipsis(line)), None)
    if target is None:
        print("FAIL: no example output line to alter in", args.readme)
        return 1
    lines[target - 1] += " (altered)"
    with tempfile.TemporaryDirectory() as tmp:
        copy = os.path.join(tmp, "README.md")
        with open(copy, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
        run = subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "check_examples.py"),
                              "--plugin", args.plugin, "--readme", copy],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    print(run.stdout)
    if run.returncode != 1:
        print(f"FAIL: the check exited with {run.returncode} on a README with line {target} altered, expected 1")
        return 1
    if f"from line {target} on" not in run.stdout or "(altered)" not in run.stdout:
        print(f"FAIL: the check failed but did not point at the altered line {target}")
        return 1
    print(f"the check caught the altered README line {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
