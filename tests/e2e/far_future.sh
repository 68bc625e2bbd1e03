#!/usr/bin/env bash
# Time stamps after the year 2262 do not fit in signed 64-bit nanoseconds.
# Shifts a capture 9e9 seconds ahead (year 2309) as pcapng, which keeps
# 64-bit time stamps, then compares tshark's output with an expected file.
# usage: far_future.sh EXPECTED_FILE PLUGIN.so CAPTURE [tshark arguments...]
set -euo pipefail
expected=$1 plugin=$2 capture=$3; shift 3
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
shifted="$work/$(basename "$capture" .pcap)-year2309.pcapng"
editcap -F pcapng -t 9000000000 "$capture" "$shifted"
"$here/expect_output.sh" "$expected" "$plugin" -r "$shifted" "$@"
