#!/bin/sh
# Regenerate every capture: captures/gen/scenarios/NAME.sipscn -> captures/NAME.pcap.
# Works from any directory; output is deterministic (see README.md).
set -eu
gen_dir=$(cd "$(dirname "$0")" && pwd)
out_dir=$(dirname "$gen_dir")
python=${PYTHON:-/usr/bin/python3}

found=0
for scn in "$gen_dir"/scenarios/*.sipscn; do
    [ -e "$scn" ] || continue
    found=1
    name=$(basename "$scn" .sipscn)
    "$python" "$gen_dir/sipcap.py" "$scn" "$out_dir/$name.pcap"
    echo "wrote captures/$name.pcap"
done
[ "$found" = 1 ] || { echo "no scenarios in $gen_dir/scenarios" >&2; exit 1; }
