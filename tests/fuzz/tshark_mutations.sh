#!/usr/bin/env bash
# Hostile input end to end: corrupts every capture with editcap (random byte
# errors, fixed seeds so a failure can be replayed), then checks that tshark
# with sipdiag neither crashes nor hangs, in one pass and in two, and that
# every other dissector shows exactly what it shows with sipdiag disabled.
# usage: tshark_mutations.sh PLUGIN.so CAPTURES_DIR [SEEDS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
plugin=$1 captures=$2 seeds=${3:-3}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
checked=0
for capture in "$captures"/*.pcap; do
  for seed in $(seq 1 "$seeds"); do
    mutated="$work/$(basename "$capture" .pcap)-seed$seed.pcap"
    editcap -E 0.03 --seed "$seed" "$capture" "$mutated" 2>/dev/null
    # Corruption may leave no SIP at all: that is a valid case, not a failure.
    if ! out=$(SIPDIAG_REQUIRE_SIP=0 timeout 120 "$here/../e2e/sip_unchanged.sh" "$plugin" "$mutated" 2>&1); then
      echo "FAIL on $(basename "$capture") with editcap -E 0.03 --seed $seed:"; echo "$out" | tail -20
      exit 1
    fi
    checked=$((checked + 1))
  done
done
echo "$checked corrupted captures: no crash, no hang, other dissectors unchanged (one pass and two)"
