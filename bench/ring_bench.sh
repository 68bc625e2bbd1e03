#!/usr/bin/env bash
# sipdiag-batch on a ring buffer: one set (--set) against the files one by one
# with -j1 and -j2. Wall time, peak RSS of each tshark, and whether the set
# finds the same missing ACKs as one merged capture. Not part of the tests.
#
# usage: bench/ring_bench.sh [MESSAGES [FILES]]     (default 10000000 100)
# environment: SIPDIAG_PLUGIN (default build/plugins/4.0/epan/sipdiag.so),
#              SIPDIAG_BENCH_CACHE (default /var/tmp/sipdiag-bench), SEED (5060),
#              RING_RUNS: which of "set files_j1 files_j2 merged" (default all;
#                a 10M-message set needs about 28 GB, so on a smaller machine
#                "files_j1 files_j2 files_j1 files_j2" times the files alone,
#                twice in alternation),
#              RING_MEMBERS: analyse only the first N files of the ring
# Needs bash, python3, tshark, mergecap, editcap and GNU time (/usr/bin/time).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
messages=${1:-10000000} files=${2:-100}
plugin=$(realpath "${SIPDIAG_PLUGIN:-$root/build/plugins/4.0/epan/sipdiag.so}")
cache=${SIPDIAG_BENCH_CACHE:-/var/tmp/sipdiag-bench} seed=${SEED:-5060}
die() { echo "ring_bench: $*" >&2; exit 1; }
[ -f "$plugin" ] || die "no plugin at $plugin (build first, or set SIPDIAG_PLUGIN)"
[ -x /usr/bin/time ] || die "/usr/bin/time missing: install the 'time' package"
for tool in tshark mergecap editcap python3; do command -v $tool > /dev/null || die "$tool missing"; done

mkdir -p "$cache"
work=$(mktemp -d "$cache/ring.XXXXXX"); trap 'rm -rf "$work"' EXIT
chmod 755 "$cache" "$work"

# The capture and its ring buffer, made once per size and seed.
gen_hash=$(sha256sum "$root/bench/gen_sip_load.py" | cut -c1-8)
ring="$cache/ring-$messages-$files-$seed-$gen_hash"
if [ ! -f "$ring/.done" ]; then
  echo "generating $messages messages in $files files ($ring)" >&2
  rm -rf "$ring"; mkdir -p "$ring"
  python3 "$root/bench/gen_sip_load.py" --messages "$messages" --seed "$seed" --out "$work/all.pcap" >&2
  frames=$(capinfos -T -r -c "$work/all.pcap" | cut -f2)
  editcap -c $(( (frames + files - 1) / files )) "$work/all.pcap" "$ring/ring.pcap"
  rm -f "$work/all.pcap"; touch "$ring/.done"
fi
chmod -R a+rX "$ring"

# tshark with only this plugin, as `nobody` when root (Wireshark ignores the
# plugin folder as root), each run's peak RSS (KiB) and wall time appended to
# $work/rss. A FIFO (a set) is fed through standard input, so nothing is copied.
ws_minor=$(tshark --version 2>/dev/null | sed -n '1s/.*(Wireshark) \([0-9]*\.[0-9]*\)\..*/\1/p')
mkdir -p "$work/plugins/$ws_minor/epan" "$work/home"
cp "$plugin" "$work/plugins/$ws_minor/epan/"
: > "$work/rss"; chmod -R a+rwX "$work"
cat > "$work/tshark" <<EOF
#!/usr/bin/env bash
args=() fifo=
while [ \$# -gt 0 ]; do
  if [ "\$1" = -r ] && [ -p "\$2" ]; then fifo=\$2; args+=(-r -); shift 2; else args+=("\$1"); shift; fi
done
run=(env WIRESHARK_PLUGIN_DIR="$work/plugins" HOME="$work/home" LC_ALL=C.UTF-8 TZ=UTC
     /usr/bin/time -a -o "$work/rss" -f '%M %e' tshark "\${args[@]}")
if [ "\$(id -u)" = 0 ]; then run=(runuser -u nobody -- "\${run[@]}"); fi
if [ -n "\$fifo" ]; then "\${run[@]}" < "\$fifo"; else "\${run[@]}"; fi
EOF
chmod 755 "$work/tshark"
export SIPDIAG_TSHARK="$work/tshark"
batch="$root/scripts/sipdiag-batch"
members=("$ring"/ring_*.pcap)
if [ -n "${RING_MEMBERS:-}" ]; then
  members=("${members[@]:0:$RING_MEMBERS}")
  mkdir "$work/ring"; ln -s "${members[@]}" "$work/ring/"; ring="$work/ring"
  members=("$ring"/ring_*.pcap)
fi
runs_wanted=${RING_RUNS:-set files_j1 files_j2 merged}
frames=$(capinfos -T -r -c "${members[@]}" | awk -F'\t' '{s += $2} END {print s}')

# run NAME ARGS...: wall of the whole sipdiag-batch, peak RSS of its tshark runs.
declare -A wall rss_max rss_mean runs missing
run() {
  local name=$1; shift
  : > "$work/rss"
  echo "running $name: sipdiag-batch $*" >&2
  /usr/bin/time -o "$work/batch.time" -f '%e %M' "$batch" --json "$@" > "$work/$name.json" 2> "$work/$name.err" || true
  wall[$name]=$(tail -1 "$work/batch.time" | cut -d' ' -f1)
  rss_max[$name]=$(awk '{if ($1 > m) m = $1} END {printf "%.0f", m / 1024}' "$work/rss")
  rss_mean[$name]=$(awk '{s += $1; n++} END {printf "%.0f", s / n / 1024}' "$work/rss")
  runs[$name]=$(wc -l < "$work/rss")
  missing[$name]=$(python3 -c 'import json, sys; print(sum(json.loads(l).get("missing_acks", 0) for l in open(sys.argv[1])))' "$work/$name.json")
  if grep -q '"error"' "$work/$name.json"; then
    grep '^sipdiag-batch:' "$work/$name.err" >&2; die "$name: a capture failed"
  fi
  return 0
}

# Each run's results under its name; a name run twice keeps both walls.
declare -A walls
for name in $runs_wanted; do
  case $name in
    set) run set --set "$ring" ;;
    files_j1) run files_j1 -j1 "$ring" ;;
    files_j2) run files_j2 -j2 "$ring" ;;
    merged)
      # The reference: one merged capture (a temporary copy, for this check only).
      mergecap -a -w "$work/merged.pcap" "${members[@]}"; chmod a+r "$work/merged.pcap"
      run merged "$work/merged.pcap"
      rm -f "$work/merged.pcap" ;;
    *) die "unknown run $name" ;;
  esac
  walls[$name]="${walls[$name]:-}${walls[$name]:+ }${wall[$name]}"
done
ran() { [[ " $runs_wanted " = *" $1 "* ]]; }

set_ok=n/a
if ran set && ran merged; then set_ok=no; [ "${missing[set]}" = "${missing[merged]}" ] && set_ok=yes; fi
speedup=n/a
if ran files_j1 && ran files_j2; then
  # Pair the runs in order (j1 then j2, alternating): the median of the ratios.
  speedup=$(python3 -c 'import statistics, sys
a, b = sys.argv[1].split(), sys.argv[2].split()
print(" ".join(f"{float(x) / float(y):.2f}" for x, y in zip(a, b)), end="")
print(f" (median {statistics.median(float(x) / float(y) for x, y in zip(a, b)):.2f})")' "${walls[files_j1]}" "${walls[files_j2]}")
fi
per_file_rss=${rss_max[files_j1]:-0}
bytes_per_msg=n/a
if ran set && ran files_j1; then
  bytes_per_msg=$(awk -v s="${rss_max[set]}" -v f="$per_file_rss" -v m="$((messages * ${#members[@]} / files))" -v n="${#members[@]}" \
    'BEGIN {printf "%.0f", (s - f) * 1048576 / (m - m / n)}')
fi

echo "### sipdiag-batch on a ring buffer of $messages messages: $frames frames in ${#members[@]} files"
echo
echo "- $(tshark --version 2>/dev/null | head -1); $(nproc) CPUs; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| run | tshark runs | wall s | peak RSS MB (max tshark) | mean RSS MB | missing ACKs |"
echo "|---|---:|---:|---:|---:|---:|"
for name in set files_j1 files_j2 merged; do
  ran $name || continue
  case $name in set) label="--set (one stream)";; files_j1) label="files, -j1";; files_j2) label="files, -j2";;
                merged) label="one merged file (check)";; esac
  echo "| $label | ${runs[$name]} | ${walls[$name]} | ${rss_max[$name]} | ${rss_mean[$name]} | ${missing[$name]} |"
done
echo
echo "- set missing ACKs = merged capture's: $set_ok (${missing[set]:-} vs ${missing[merged]:-})"
echo "- -j2 speed-up over -j1 (each pair): $speedup"
if ran set && ran files_j1; then
  echo "- set peak RSS over one file's: $(( rss_max[set] - per_file_rss )) MB, about $bytes_per_msg bytes per message"
fi
[ "$set_ok" != no ] || exit 1
