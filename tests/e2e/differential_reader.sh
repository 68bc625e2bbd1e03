#!/usr/bin/env bash
# The core's header reader against Wireshark's SIP dissector, message by
# message, on every capture given (folders: every *.pcap in them) and on a
# small generated load capture when the generator is given.
#
# usage: differential_reader.sh TOOL [--generator gen_sip_load.py] PCAP|DIR...
# Plain tshark, no plugin: only Wireshark's own SIP fields are read.
set -euo pipefail
tool=$1; shift
work=$(mktemp -d "${TMPDIR:-/tmp}/sipdiag-differential.XXXXXX")
trap 'rm -rf "$work"' EXIT

captures=()
while [ $# -gt 0 ]; do
  case $1 in
    --generator)
      python3 "$2" --calls 300 --out "$work/load.pcap" >/dev/null
      captures+=("$work/load.pcap"); shift 2 ;;
    *)
      if [ -d "$1" ]; then captures+=("$1"/*.pcap); else captures+=("$1"); fi
      shift ;;
  esac
done

status=0
for capture in "${captures[@]}"; do
  # -J keeps the layers that hold SIP (ICMP errors quote it) and the frame number.
  if ! tshark -r "$capture" -n -T json -x --no-duplicate-keys -J "frame sip icmp icmpv6" 2>"$work/stderr" \
       >"$work/out.json"; then
    cat "$work/stderr" >&2
    echo "FAIL: tshark failed on $capture"
    status=1
    continue
  fi
  "$tool" "$(basename "$capture")" <"$work/out.json" || status=1
done
[ "$status" = 0 ] && echo "PASS: the core reads what Wireshark decodes" || echo "FAIL: the core and Wireshark disagree"
exit "$status"
