#!/usr/bin/env bash
# Quick start: install the build dependencies, build sipdiag, install the
# plugin where Wireshark finds it, and show it at work on a bundled capture.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF
cmake --build build -j"$(nproc)"
# Personal plugin folder for a user, system folder for root (see README).
cmake --install build
echo
tshark -G plugins 2>/dev/null | grep sipdiag
echo
echo "Every 5xx in captures/all-codes.pcap, explained by sipdiag:"
tshark -r captures/all-codes.pcap -Y 'sipdiag.status.class == "Server Error"' \
  -T fields -e frame.number -e sipdiag.status.code -e sipdiag.status.phrase -e sipdiag.status.meaning 2>/dev/null
