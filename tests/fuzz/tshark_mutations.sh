#!/usr/bin/env bash
# Hostile input end to end: corrupts captures with editcap (random byte
# errors, fixed seeds so that a failure can be replayed), then checks with
# e2e/sip_unchanged.sh that tshark with sipdiag neither crashes nor hangs, in
# one pass and in two, that every other dissector shows exactly what it shows
# with sipdiag disabled, and that the JSON end-of-run report stays valid.
#
# usage: tshark_mutations.sh PLUGIN.so CAPTURES [SEEDS [ERROR_RATE]]
#   CAPTURES    a folder (each *.pcap in it) or a single capture file
#   SEEDS       N for seeds 1..N, or FIRST-LAST (default 3)
#   ERROR_RATE  editcap -E probability per byte (default 0.03)
# Environment:
#   MUTATION_JOBS      captures checked in parallel (default: number of CPUs)
#   MUTATION_TIMEOUT   seconds allowed per mutated capture (default 300)
#   MUTATION_FINDINGS  folder that keeps each failing capture and its log
#   MUTATION_VERBOSE   1: a line for every mutated capture as it is checked
# Exit status 0 only if every mutated capture passed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
plugin=$1 captures=$2 seeds=${3:-3} rate=${4:-0.03}
case $seeds in
  *-*) first=${seeds%-*} last=${seeds#*-} ;;
  *) first=1 last=$seeds ;;
esac
if [ -d "$captures" ]; then
  list=("$captures"/*.pcap)
else
  list=("$captures")
fi
[ -e "${list[0]}" ] || { echo "FAIL: no capture in $captures"; exit 1; }

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export MUTATION_WORK=$work MUTATION_PLUGIN=$plugin MUTATION_RATE=$rate
export MUTATION_CHECK="$here/../e2e/sip_unchanged.sh"
export MUTATION_TIMEOUT=${MUTATION_TIMEOUT:-300} MUTATION_FINDINGS=${MUTATION_FINDINGS:-}

check_one() {
  local capture=$1 seed=$2 name status
  name="$(basename "$capture" .pcap)-seed$seed"
  editcap -E "$MUTATION_RATE" --seed "$seed" "$capture" "$MUTATION_WORK/$name.pcap" 2>/dev/null
  # Corruption may leave no SIP at all: that is a valid case, not a failure.
  if SIPDIAG_REQUIRE_SIP=0 timeout "$MUTATION_TIMEOUT" "$MUTATION_CHECK" "$MUTATION_PLUGIN" \
       "$MUTATION_WORK/$name.pcap" > "$MUTATION_WORK/$name.log" 2>&1; then
    echo "PASS $name" >> "$MUTATION_WORK/results"
    if [ "${MUTATION_VERBOSE:-0}" = 1 ]; then echo "pass $name"; fi
  else
    status=$?
    echo "FAIL $name" >> "$MUTATION_WORK/results"
    {
      echo "FAIL on $(basename "$capture") with editcap -E $MUTATION_RATE --seed $seed (exit status $status$([ "$status" = 124 ] && echo ", timed out")):"
      tail -40 "$MUTATION_WORK/$name.log"
    } >&2
    if [ -n "$MUTATION_FINDINGS" ]; then
      mkdir -p "$MUTATION_FINDINGS"
      cp "$MUTATION_WORK/$name.pcap" "$MUTATION_WORK/$name.log" "$MUTATION_FINDINGS/"
    fi
  fi
  rm -f "$MUTATION_WORK/$name.pcap" "$MUTATION_WORK/$name.log"
}
export -f check_one

touch "$work/results"
for capture in "${list[@]}"; do
  for seed in $(seq "$first" "$last"); do printf '%s\0%s\0' "$capture" "$seed"; done
done | xargs -0 -n 2 -P "${MUTATION_JOBS:-$(nproc)}" bash -c 'check_one "$@"' check_one

mutated=$(wc -l < "$work/results")
passed=$(grep -c '^PASS' "$work/results" || true)
failed=$((mutated - passed))
echo "captures: ${#list[@]}, seeds: $first-$last, error rate: $rate, mutated files: $mutated," \
     "passed: $passed, failed: $failed"
[ "$mutated" = $(( ${#list[@]} * (last - first + 1) )) ] || { echo "FAIL: not every mutated capture was checked"; exit 1; }
[ "$failed" = 0 ] || exit 1
echo "no crash, no hang, other dissectors unchanged, valid JSON report (one pass and two)"
