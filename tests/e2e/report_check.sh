#!/usr/bin/env bash
# Runs the text and the JSON summary of one capture and checks that they agree.
# usage: report_check.sh PLUGIN.so CAPTURE [tshark arguments...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
plugin=$1 capture=$2; shift 2
text=$(mktemp) json=$(mktemp); trap 'rm -f "$text" "$json"' EXIT
"$here/tshark_private.sh" "$plugin" -q -r "$capture" -z sipdiag,summary "$@" > "$text"
"$here/tshark_private.sh" "$plugin" -q -r "$capture" -z sipdiag,summary,json "$@" > "$json"
python3 "$here/report_consistency.py" "$text" "$json"
