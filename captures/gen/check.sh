#!/bin/sh
# Sanity checks for the generated captures (run from any directory):
#  1. determinism: every scenario, generated twice, gives identical bytes,
#     equal to the committed captures/NAME.pcap (so those are up to date);
#  2. tshark: no TCP analysis flags and no bad IP/TCP/UDP checksums.
set -eu
gen_dir=$(cd "$(dirname "$0")" && pwd)
out_dir=$(dirname "$gen_dir")
python=${PYTHON:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

for scn in "$gen_dir"/scenarios/*.sipscn; do
    name=$(basename "$scn" .sipscn)
    "$python" "$gen_dir/sipcap.py" "$scn" "$tmp/$name.1.pcap"
    "$python" "$gen_dir/sipcap.py" "$scn" "$tmp/$name.2.pcap"
    if ! cmp -s "$tmp/$name.1.pcap" "$tmp/$name.2.pcap"; then
        echo "FAIL $name: two runs differ"; fail=1
    elif ! cmp -s "$tmp/$name.1.pcap" "$out_dir/$name.pcap"; then
        echo "FAIL $name: captures/$name.pcap is stale (run generate.sh)"; fail=1
    else
        echo "ok   $name: deterministic, $(md5sum < "$out_dir/$name.pcap" | cut -d' ' -f1)"
    fi
    bad=$(tshark -r "$tmp/$name.1.pcap" \
            -o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE -o udp.check_checksum:TRUE \
            -Y 'tcp.analysis.flags || ip.checksum.status == 0 || tcp.checksum.status == 0 || udp.checksum.status == 0' \
            2>/dev/null | wc -l)
    if [ "$bad" -ne 0 ]; then
        echo "FAIL $name: $bad frame(s) with TCP analysis flags or bad checksums"; fail=1
    fi
done
exit $fail
