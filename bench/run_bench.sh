#!/usr/bin/env bash
# run_bench.sh - how much does sipdiag cost on top of tshark, and how does that
# compare with the same job done by a Lua post-dissector?
#
# usage: bench/run_bench.sh [SIZE...]          benchmark (default sizes 100000 300000 1000000)
#        bench/run_bench.sh --smoke            2000 messages, 1 run each, checks only (< 30 s)
#        bench/run_bench.sh --compare [PCAP...] sipdiag vs Lua verdicts, frame by frame (-2)
#        bench/run_bench.sh --callgrind [--calls C | MESSAGES] [--fields] [--keep DIR]
#                          exact instruction counts (valgrind): tshark alone, sipdiag
#                          disabled, the SIP-field floors, sipdiag (default 2000 calls)
#
# Options / environment:
#   --runs N        RUNS=N                 runs per figure, the median is shown (default 3)
#   --cache DIR     SIPDIAG_BENCH_CACHE    generated captures, reused (default /var/tmp/sipdiag-bench)
#   --plugin FILE   SIPDIAG_PLUGIN         sipdiag.so to measure (default build-tests/plugins/4.0/epan/sipdiag.so)
#                   SIZES="..."            sizes in SIP messages when none are given as arguments
#                   SEED=S                 generator seed (default 5060)
#   --calls C                              (--callgrind) capture of C calls (default 2000)
#   --fields                               (--callgrind) also the -T fields variants
#   --keep DIR                             (--callgrind) keep the callgrind.out files there
#   --rows "none ..."                      (--callgrind) only these rows (none is always run)
#   --fixed-seeds                          (--callgrind) preload fixed_hash_seeds.c (built with cc):
#                                          the same hash seeds on every run, counts
#                                          repeatable to a few thousand instructions
#
# Every tshark run, "tshark alone" and Lua included, runs under identical
# conditions: as `nobody` when run as root (Wireshark ignores personal plugins
# and WIRESHARK_PLUGIN_DIR for root), with an empty private HOME and
# WIRESHARK_PLUGIN_DIR set to a private folder that holds either nothing or
# only sipdiag.so (so the system plugins, an installed sipdiag among them, are
# never loaded). The Lua script is passed with -X lua_script:.
#
# --callgrind runs the same private environment under valgrind --tool=callgrind.
#
# Builds nothing but, with --fixed-seeds, a 20-line preload library. Not part
# of the test suite (the --smoke mode is meant to be wired as a ctest smoke
# test). Exit status: 0 on success, 1 when a tshark run fails, the plugin is
# not loaded or a check fails, 2 on bad usage.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")

mode=bench
runs=${RUNS:-3}
cache=${SIPDIAG_BENCH_CACHE:-/var/tmp/sipdiag-bench}
plugin=${SIPDIAG_PLUGIN:-$repo/build-tests/plugins/4.0/epan/sipdiag.so}
seed=${SEED:-5060}
cg_calls= cg_fields=0 cg_keep= cg_rows= cg_fixed_seeds=0
args=()
while [ $# -gt 0 ]; do
  case $1 in
    --smoke) mode=smoke; shift ;;
    --compare) mode=compare; shift ;;
    --callgrind) mode=callgrind; shift ;;
    --calls) cg_calls=$2; shift 2 ;;
    --fields) cg_fields=1; shift ;;
    --keep) cg_keep=$2; shift 2 ;;
    --rows) cg_rows=$2; shift 2 ;;
    --fixed-seeds) cg_fixed_seeds=1; shift ;;
    --runs) runs=$2; shift 2 ;;
    --cache) cache=$2; shift 2 ;;
    --plugin) plugin=$2; shift 2 ;;
    -h|--help) sed -n '2,38p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "run_bench.sh: unknown option $1" >&2; exit 2 ;;
    *) args+=("$1"); shift ;;
  esac
done

die() { echo "run_bench.sh: $*" >&2; exit 1; }

[ -f "$plugin" ] || die "no plugin at $plugin (build it: cmake --build $repo/build-tests -j2, or set SIPDIAG_PLUGIN)"
command -v tshark >/dev/null || die "tshark not found"
command -v python3 >/dev/null || die "python3 not found"
if [ ! -x /usr/bin/time ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing GNU time (apt-get install -y time)" >&2
    apt-get install -y -qq time >/dev/null || die "cannot install the 'time' package"
  else
    die "/usr/bin/time missing: install the 'time' package"
  fi
fi

# ------------------------------------------------------------- private env
work=$(mktemp -d "${TMPDIR:-/tmp}/sipdiag-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
ws_minor=$(tshark --version 2>/dev/null | sed -n '1s/.*(Wireshark) \([0-9]*\.[0-9]*\)\..*/\1/p')
mkdir -p "$work/plugins-none/$ws_minor/epan" "$work/plugins-sipdiag/$ws_minor/epan" \
         "$work/home" "$work/lua/bench" "$work/lua/data" "$work/out"
cp "$plugin" "$work/plugins-sipdiag/$ws_minor/epan/sipdiag.so"
cp "$here/sipdiag_equivalent.lua" "$work/lua/bench/"
cp "$repo/data/status-codes.tsv" "$work/lua/data/"
chmod -R a+rX "$work"
chmod 1777 "$work/out"
lua_script=$work/lua/bench/sipdiag_equivalent.lua

# tshark_cmd CONFIG: sets the array `cmd` to the prefix running tshark (or a
# command wrapping it) in the private environment of CONFIG.
tshark_cmd() {
  local plugins=$work/plugins-none
  case $1 in sipdiag|disabled) plugins=$work/plugins-sipdiag ;; esac
  cmd=(env WIRESHARK_PLUGIN_DIR="$plugins" HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config"
       LC_ALL=C.UTF-8 TZ=UTC)
  if [ "$(id -u)" = 0 ]; then cmd=(runuser -u nobody -- "${cmd[@]}"); fi
}

# tshark_run CONFIG ARGS...: tshark in the private env, stdout to stdout;
# fails (with its stderr) if tshark fails or reports an error.
tshark_run() {
  local config=$1; shift
  tshark_cmd "$config"
  local extra=()
  [ "$config" = lua ] && extra=(-X "lua_script:$lua_script")
  if ! (cd "$work" && "${cmd[@]}" tshark "${extra[@]}" "$@") 2>"$work/out/stderr"; then
    cat "$work/out/stderr" >&2
    die "tshark failed ($config): tshark ${extra[*]} $*"
  fi
  check_stderr "$config" "$*"
}

check_stderr() {
  if grep -qiE 'error|warning|not a valid|invalid' "$work/out/stderr"; then
    cat "$work/out/stderr" >&2
    die "tshark reported a problem ($1): $2"
  fi
}

# ------------------------------------------------------------- captures
gen_version=$(sha256sum "$here/gen_sip_load.py" | cut -c1-10)

# capture_for N DIR [calls]: makes sure DIR holds the capture of N messages
# (N calls with a third argument); sets `pcap` and `info` (the generator's
# summary line).
capture_for() {
  local n=$1 dir=$2 unit=${3:-messages}
  if [ "$unit" = calls ]; then
    pcap=$dir/sip-load-${n}calls-seed$seed-$gen_version.pcap
  else
    pcap=$dir/sip-load-$n-seed$seed-$gen_version.pcap
  fi
  if [ ! -s "$pcap" ] || [ ! -s "$pcap.info" ]; then
    mkdir -p "$dir"
    echo "generating $n $unit -> $pcap" >&2
    python3 "$here/gen_sip_load.py" "--$unit" "$n" --seed "$seed" --out "$pcap" >"$pcap.info" \
      || die "generator failed"
    cat "$pcap.info" >&2
  fi
  chmod a+rx "$dir"; chmod a+r "$pcap"
  info=$(cat "$pcap.info")
}

info_field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$info"; }

# ------------------------------------------------------------- checks
# The plugin must be loaded in the sipdiag configuration and absent from the
# other two; sipdiag and the Lua script must both annotate responses.
sanity_checks() {
  local pcap=$1 count
  tshark_run sipdiag -G plugins >"$work/out/plugins"
  grep -q '^sipdiag\.so' "$work/out/plugins" || die "sipdiag.so is not loaded in the private environment"
  tshark_run none -G plugins >"$work/out/plugins"
  ! grep -q 'sipdiag' "$work/out/plugins" || die "sipdiag is loaded in the 'tshark alone' environment"
  count=$(tshark_run sipdiag -r "$pcap" -Y sipdiag.status.code -T fields -e frame.number | wc -l)
  [ "$count" -gt 0 ] || die "sipdiag annotates no response in $pcap"
  echo "check: sipdiag.so loaded, -Y sipdiag.status.code matches $count frames" >&2
  # The load stands for working calls: each ACK of a 2xx goes where the 2xx's
  # Contact says (a generator that got this wrong would time sipdiag's
  # misrouting path on every answered call).
  count=$(tshark_run sipdiag -r "$pcap" -2 -Y sipdiag.ack.misrouted -T fields -e frame.number | wc -l)
  [ "$count" -eq 0 ] || die "$count ACKs of $pcap are misrouted: the generator's ACKs must follow the 2xx's Contact"
  echo "check: no ACK of a 2xx misrouted" >&2
  count=$(tshark_run lua -r "$pcap" -Y sipdiag_lua.status.code -T fields -e frame.number | wc -l)
  [ "$count" -gt 0 ] || die "the Lua script annotates no response in $pcap"
  count=$(tshark_run lua -r "$pcap" -Y '_ws.expert.message contains "Lua Error"' -T fields -e frame.number | wc -l)
  [ "$count" -eq 0 ] || die "the Lua script raised errors on $count frames of $pcap"
  echo "check: Lua script loaded, -Y sipdiag_lua.status.code matches frames, no Lua error" >&2
}

# ------------------------------------------------------------- compare mode
# Frame by frame, with -2: every field both implement, sipdiag vs Lua.
compare_one() {
  local pcap=$1 f fields_c=() fields_l=()
  for f in status.code request.frame response.retransmission_of ack.outcome ack.frame ack.delay \
           ack.retransmissions ack.response_frame ack.kind ack.missing ack.late; do
    fields_c+=(-e "sipdiag.$f"); fields_l+=(-e "sipdiag_lua.$f")
  done
  cp "$pcap" "$work/out/compare.pcap"; chmod a+r "$work/out/compare.pcap"
  tshark_run sipdiag -r "$work/out/compare.pcap" -2 -Y frame -T fields -E occurrence=a -e frame.number "${fields_c[@]}" \
    >"$work/out/c.txt"
  tshark_run lua -r "$work/out/compare.pcap" -2 -Y frame -T fields -E occurrence=a -e frame.number "${fields_l[@]}" \
    >"$work/out/l.txt"
  local frames differing
  frames=$(wc -l <"$work/out/c.txt")
  differing=$(diff "$work/out/c.txt" "$work/out/l.txt" | grep -c '^<' || true)
  printf '%-45s %8d frames  %6d differ\n' "$(basename "$pcap")" "$frames" "$differing"
  if [ "$differing" -gt 0 ]; then
    { diff "$work/out/c.txt" "$work/out/l.txt" || true; } | head -n 8 | sed 's/^/    /'
    compare_failed=1
  fi
}

if [ "$mode" = compare ]; then
  compare_failed=0
  if [ ${#args[@]} -eq 0 ]; then
    capture_for 20000 "$work/gen"
    args=("$repo"/captures/*.pcap "$pcap")
  fi
  echo "sipdiag vs sipdiag_equivalent.lua, tshark -2, fields: status.code request.frame retransmission_of"
  echo "ack.outcome ack.frame ack.delay ack.retransmissions ack.response_frame ack.kind ack.missing ack.late"
  for p in "${args[@]}"; do compare_one "$p"; done
  exit "$compare_failed"
fi

# ------------------------------------------------------------- callgrind mode
# Instruction counts instead of wall times: valgrind --tool=callgrind counts
# every instruction tshark executes (Ir), the same count (to about 0.2 %) on
# every run, whatever else the machine is doing. Rows (each in the private
# environment above, on the same capture):
#   none      tshark alone (empty private plugin folder)
#   disabled  sipdiag loaded, --disable-protocol sipdiag
#   floor2    tshark alone, made to build sip.Status-Code and sip.Method:
#             all sipdiag hands to set_postdissector_wanted_hfids() (it reads
#             the header values from the message bytes)
#   floor2p   floor2 + the sip, icmp and icmpv6 protocol items, which sipdiag
#             also asked for until it found them at the top of the tree
#   floor7    (on request) the 7 SIP fields sipdiag read before that
#   floor10   (on request) floor7 + the sip, icmp and icmpv6 protocol items
#   sipdiag   tshark + sipdiag
# Output: "plain" (the one-line summary of every frame, to /dev/null) and,
# with --fields, "-T fields -e frame.number" (+ "-e sipdiag.status.code
# -e sipdiag.ack.missing" where sipdiag is loaded).
#
# Why not -q: with -q and no filter, tap (-z) or field output, tshark 4.0
# does not dissect at all (it only reads the records), so sipdiag never runs
# and every row would count the same nothing. sipdiag's own -q use,
# `-q -z sipdiag,summary`, dissects because of its tap.
#
# How the floors are made: a filter naming the fields primes them, so that
# Wireshark keeps exactly those items in its otherwise faked (invisible) tree:
# the same mechanism as set_postdissector_wanted_hfids(). The filter is an
# "or" of the bare fields (true for every SIP frame; nothing printed depends
# on it being true, and evaluating it costs next to nothing). One pass: -Y,
# as -R needs -2. With -2, sipdiag's wanted fields are primed on the first
# pass only, which is what -R does (-R is applied on the first pass); -Y would
# prime them on the second pass too (see the README for the counts that
# decided this). The side effect of -R: frames the filter rejects (the 3 TCP
# handshake frames of each trunk) are dropped before the second pass.
if [ "$mode" = callgrind ]; then
  command -v valgrind >/dev/null || die "valgrind not found (apt-get install valgrind)"
  if [ ${#args[@]} -gt 1 ] || { [ ${#args[@]} -eq 1 ] && [ -n "$cg_calls" ]; }; then
    echo "run_bench.sh: --callgrind takes one size: MESSAGES or --calls C" >&2; exit 2
  fi
  if [ ${#args[@]} -eq 1 ]; then cg_n=${args[0]} cg_unit=messages; else cg_n=${cg_calls:-2000} cg_unit=calls; fi
  [[ $cg_n =~ ^[1-9][0-9]*$ ]] || { echo "run_bench.sh: bad size $cg_n" >&2; exit 2; }
  mkdir -p "$cache"
  exec 9>"$cache/.lock"
  flock -n 9 || die "another run_bench.sh is running on $cache"

  capture_for 2000 "$work/gen"
  sanity_checks "$pcap"
  count=$(tshark_run disabled -r "$pcap" --disable-protocol sipdiag -Y sipdiag -T fields -e frame.number | wc -l)
  [ "$count" -eq 0 ] || die "--disable-protocol sipdiag leaves sipdiag active on $count frames"
  capture_for "$cg_n" "$cache" "$cg_unit"
  frames=$(info_field frames); messages=$(info_field messages); calls=$(info_field calls)
  python3 -c 'import struct, sys; open(sys.argv[1], "wb").write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1))' \
    "$work/out/empty.pcap"
  chmod a+r "$work/out/empty.pcap"

  preload=()
  if [ "$cg_fixed_seeds" = 1 ]; then
    command -v cc >/dev/null || die "--fixed-seeds needs a C compiler (cc)"
    cc -shared -fPIC -O2 -o "$work/fixed_hash_seeds.so" "$here/fixed_hash_seeds.c" ||
      die "cannot build fixed_hash_seeds.so"
    chmod a+rx "$work/fixed_hash_seeds.so"
    preload=(LD_PRELOAD="$work/fixed_hash_seeds.so")
  fi

  f2='sip.Status-Code || sip.Method'
  f7="$f2 || sip.Call-ID || sip.CSeq || sip.From || sip.To || sip.Via"
  f10="$f7 || sip || icmp || icmpv6"
  f2p="$f2 || sip || icmp || icmpv6"

  # cg_run CONFIG PASSES OUTPUT PCAP: prints the total Ir of one tshark run.
  cg_run() {
    local config=$1 passes=$2 output=$3 cap=$4 a=() filter= out
    [ "$passes" = 2 ] && a+=(-2)
    case $config in
      disabled) a+=(--disable-protocol sipdiag) ;;
      floor2) filter=$f2 ;;
      floor2p) filter=$f2p ;;
      floor7) filter=$f7 ;;
      floor10) filter=$f10 ;;
    esac
    if [ -n "$filter" ]; then
      if [ "$passes" = 2 ]; then a+=(-R "$filter"); else a+=(-Y "$filter"); fi
    fi
    if [ "$output" = fields ]; then
      a+=(-T fields -e frame.number)
      case $config in sipdiag|disabled) a+=(-e sipdiag.status.code -e sipdiag.ack.missing) ;; esac
    fi
    out=$work/out/callgrind.$config.$passes.$output.$(basename "$cap" .pcap)
    rm -f "$out"
    tshark_cmd "$config"
    if ! (cd "$work" && "${cmd[@]}" "${preload[@]}" valgrind -q --tool=callgrind --callgrind-out-file="$out" \
            tshark -r "$cap" "${a[@]}") >/dev/null 2>"$work/out/stderr"; then
      cat "$work/out/stderr" >&2
      die "tshark under callgrind failed ($config): tshark -r $cap ${a[*]}"
    fi
    check_stderr "$config" "valgrind --tool=callgrind tshark -r $cap ${a[*]}"
    # "totals:" (older valgrind: "summary:") is the total of the events, Ir only here.
    local ir
    ir=$(sed -n 's/^\(totals\|summary\): *\([0-9]*\).*/\2/p' "$out" | head -n 1)
    [[ $ir =~ ^[0-9]+$ ]] || die "no instruction total in $out"
    [ -z "$cg_keep" ] || { mkdir -p "$cg_keep"; cp "$out" "$cg_keep/"; }
    echo "  $config  -${passes}pass  $output  $(basename "$cap"): $ir Ir  ($(printf '%q ' tshark -r "$cap" "${a[@]}"))" >&2
    echo "$ir"
  }

  configs=(none)
  for config in ${cg_rows:-disabled floor2 floor2p sipdiag}; do
    case $config in
      none) ;;
      disabled|floor2|floor2p|floor7|floor10|sipdiag) configs+=("$config") ;;
      *) echo "run_bench.sh: unknown row $config (none disabled floor2 floor2p floor7 floor10 sipdiag)" >&2; exit 2 ;;
    esac
  done
  outputs=(plain); [ "$cg_fields" = 1 ] && outputs+=(fields)
  results=$work/out/callgrind.tsv
  : >"$results"
  plugin_commit=$(git -C "$repo" log -1 --format=%h -- plugin/ 2>/dev/null || echo "?")
  head_commit=$(git -C "$repo" log -1 --format=%h 2>/dev/null || echo "?")
  started=$(date +%s)
  for config in "${configs[@]}"; do  # startup: the same run on a capture with no frame
    printf 'startup\t%s\t1\tplain\t%s\n' "$config" "$(cg_run "$config" 1 plain "$work/out/empty.pcap")" >>"$results"
  done
  for passes in 1 2; do
    for output in "${outputs[@]}"; do
      for config in "${configs[@]}"; do
        printf 'capture\t%s\t%s\t%s\t%s\n' "$config" "$passes" "$output" "$(cg_run "$config" "$passes" "$output" "$pcap")" >>"$results"
      done
    done
  done
  elapsed=$(( $(date +%s) - started ))
  python3 - "$results" "$frames" "$messages" "$calls" "$elapsed" "$plugin" "$head_commit" "$plugin_commit" "$f2" "$f7" "$f10" "$f2p" "$cg_fixed_seeds" <<'EOF'
import subprocess, sys
path, frames, messages, calls, elapsed, plugin, head, plugin_commit, f2, f7, f10, f2p, fixed_seeds = sys.argv[1:14]
messages = int(messages)
startup, ir = {}, {}
for line in open(path):
    kind, config, passes, output, n = line.split("\t")
    if kind == "startup":
        startup[config] = int(n)
    else:
        ir[(config, passes, output)] = int(n)
version = subprocess.run(["tshark", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
vg = subprocess.run(["valgrind", "--version"], capture_output=True, text=True).stdout.strip()
print("## sipdiag instruction counts (callgrind)\n")
print(f"- {version.rstrip('.')}; {vg} --tool=callgrind; plugin {plugin}")
print(f"- repository at {head} when the run started, last change under plugin/ {plugin_commit} "
      "(the .so measured is the file above: make sure it was built from that tree)")
print(f"- capture: {messages} SIP messages, {frames} frames, {calls} calls; {elapsed} s of callgrind runs")
print("- Ir = instructions executed by the whole tshark run ("
      + ("hash seeds fixed (--fixed-seeds): repeatable to a few thousand instructions" if fixed_seeds == "1"
         else "Wireshark's hash seeds vary from run to run: repeatable to about 0.35 %")
      + "); 'net' = minus the same run on a capture with no frame (startup and exit)\n")
rows = [
    ("none", "(a) tshark alone"),
    ("disabled", "(b) sipdiag loaded, --disable-protocol sipdiag"),
    ("floor2", "(c) tshark alone, 2-field floor"),
    ("floor2p", "(c+) tshark alone, 2 fields + sip, icmp, icmpv6"),
    ("floor7", "(d) tshark alone, 7-field floor"),
    ("floor10", "(d+) tshark alone, 7 fields + sip, icmp, icmpv6"),
    ("sipdiag", "(e) tshark + sipdiag"),
]
outputs = sorted({k[2] for k in ir}, key=lambda o: o != "plain")
def pct(x, base):
    return f"{(x / base - 1) * 100:+.1f} %"
for output in outputs:
    print(f"### output: {output}\n")
    print("| row | startup M Ir | 1 pass M Ir | vs (a) | net vs (a) | net Ir/msg | -2 M Ir | vs (a) | net vs (a) | net Ir/msg |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for config, label in rows:
        if config not in startup:
            continue
        cells = [label, f"{startup[config] / 1e6:.1f}"]
        for passes in ("1", "2"):
            x, a = ir[(config, passes, output)], ir[("none", passes, output)]
            xn, an = x - startup[config], a - startup["none"]
            cells += [f"{x / 1e6:.1f}", pct(x, a) if config != "none" else "", pct(xn, an) if config != "none" else "",
                      f"{xn / messages:,.0f}"]
        print("| " + " | ".join(cells) + " |")
    print()
    for top, base, what in (("sipdiag", "floor2", "(e) over (c)"), ("sipdiag", "floor2p", "(e) over (c+)"),
                            ("sipdiag", "floor7", "(e) over (d)"),
                            ("sipdiag", "floor10", "(e) over (d+)"), ("disabled", "none", "(b) over (a)")):
        if top not in startup or base not in startup:
            continue
        parts = []
        for passes in ("1", "2"):
            x, b = ir[(top, passes, output)], ir[(base, passes, output)]
            xn, bn = x - startup[top], b - startup[base]
            parts.append(f"{'1 pass' if passes == '1' else '-2'} {pct(x, b)} (net {pct(xn, bn)}, "
                         f"{(xn - bn) / messages:+,.0f} Ir/msg)")
        print(f"- {what}: " + "; ".join(parts))
    print()
print(f"Filters: (c) `{f2}`; (c+) `{f2p}`; (d) `{f7}`; (d+) `{f10}`; as -Y in one pass, as -R with -2.")
EOF
  exit 0
fi

# ------------------------------------------------------------- benchmark
if [ "$mode" = smoke ]; then
  sizes=(2000); runs=1
  capdir=$work/gen
else
  if [ ${#args[@]} -gt 0 ]; then sizes=("${args[@]}"); else read -ra sizes <<<"${SIZES:-100000 300000 1000000}"; fi
  capdir=$cache
fi
for s in "${sizes[@]}"; do [[ $s =~ ^[0-9]+$ ]] || { echo "run_bench.sh: bad size $s" >&2; exit 2; }; done
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "run_bench.sh: bad RUNS $runs" >&2; exit 2; }

capture_for 2000 "$work/gen"
sanity_checks "$pcap"

# measure CONFIG PCAP PASSES OUTPUT: one timed run; appends "wall cpu rss_mb" to $work/out/samples.
measure() {
  local config=$1 pcap=$2 passes=$3 output=$4
  local a=(-r "$pcap")
  [ "$passes" = 2 ] && a+=(-2)
  if [ "$output" = fields ]; then
    case $config in
      none) a+=(-T fields -e frame.number -e sip.Status-Code -e sip.Method) ;;
      sipdiag) a+=(-T fields -e frame.number -e sipdiag.status.code -e sipdiag.ack.missing) ;;
      lua) a+=(-T fields -e frame.number -e sipdiag_lua.status.code -e sipdiag_lua.ack.missing) ;;
    esac
  fi
  # A Lua post-dissector cannot ask for a tree (C plugins call
  # set_postdissector_wanted_hfids): without a filter tshark builds none for
  # plain output and none on the first pass of -2, and the script would see no
  # SIP field at all. `-Y frame` (true for every frame) is the cheapest way
  # to get one; see README.md.
  [ "$config" = lua ] && a+=(-Y frame -X "lua_script:$lua_script")
  tshark_cmd "$config"
  rm -f "$work/out/time"
  if ! (cd "$work" && "${cmd[@]}" /usr/bin/time -f '%e %U %S %M' -o "$work/out/time" tshark "${a[@]}") \
       >/dev/null 2>"$work/out/stderr"; then
    cat "$work/out/stderr" >&2
    die "tshark failed ($config, $passes pass(es), $output): tshark ${a[*]}"
  fi
  check_stderr "$config" "tshark ${a[*]}"
  # %e wall, %U user, %S sys (seconds), %M max RSS (KiB)
  awk '{printf "%.2f %.2f %.1f\n", $1, $2 + $3, $4 / 1024}' "$work/out/time" >>"$work/out/samples"
}

median_of() {  # column number of $work/out/samples
  cut -d' ' -f"$1" "$work/out/samples" | sort -g | awk '{v[NR]=$1} END{ if (NR % 2) print v[(NR+1)/2]; else printf "%.2f\n", (v[NR/2]+v[NR/2+1])/2 }'
}

if [ "$mode" = bench ]; then
  # Two benchmarks at once would measure each other.
  mkdir -p "$cache"
  exec 9>"$cache/.lock"
  flock -n 9 || die "another run_bench.sh is running on $cache"
fi

results=$work/out/results.tsv
: >"$results"
started=$(date +%s)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
for n in "${sizes[@]}"; do
  capture_for "$n" "$capdir"
  frames=$(info_field frames); calls=$(info_field calls)
  cat "$pcap" >/dev/null  # page cache
  for passes in 1 2; do
    for output in plain fields; do
      for config in none sipdiag lua; do : >"$work/out/samples.$config"; done
      for ((r = 1; r <= runs; r++)); do
        for config in none sipdiag lua; do  # interleaved: drift hits all three alike
          : >"$work/out/samples"
          measure "$config" "$pcap" "$passes" "$output"
          cat "$work/out/samples" >>"$work/out/samples.$config"
        done
      done
      for config in none sipdiag lua; do
        cp "$work/out/samples.$config" "$work/out/samples"
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$frames" "$calls" "$config" "$passes" "$output" \
          "$(median_of 1)" "$(median_of 2)" "$(median_of 3)" "$(paste -sd';' "$work/out/samples.$config")" \
          >>"$results"
        echo "  $n msgs  $config  -${passes}pass  $output  wall/cpu/rss medians: $(median_of 1) s  $(median_of 2) s  $(median_of 3) MB" >&2
      done
    done
  done
done
elapsed=$(( $(date +%s) - started ))
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

python3 - "$results" "$runs" "$elapsed" "$mode" "$load_start" "$load_end" <<'EOF'
import os, platform, subprocess, sys
path, runs, elapsed, mode, load_start, load_end = sys.argv[1:7]
runs, elapsed = int(runs), int(elapsed)
rows = {}
order = []
for line in open(path):
    n, frames, calls, config, passes, output, wall, cpu, rss, samples = line.rstrip("\n").split("\t")
    key = (int(n), passes, output)
    if key not in rows:
        rows[key] = {"frames": int(frames), "calls": int(calls)}
        order.append(key)
    rows[key][config] = (float(wall), float(cpu), float(rss))

def cpu_model():
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "?"

version = subprocess.run(["tshark", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
print(f"## sipdiag benchmark ({mode})\n")
print(f"- {version}")
print(f"- machine: {os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {cpu_model()}, "
      f"{mem_gb:.0f} GiB RAM, {platform.system()} {platform.release()}")
print(f"- each figure: median of {runs} run(s); total benchmark time {elapsed} s; "
      f"load average (1, 5, 15 min) {load_start} at the start, {load_end} at the end "
      f"(one tshark run accounts for 1)\n")

def pct(x, base):
    return f"{(x / base - 1) * 100:+.0f}%" if base > 0 else "n/a"

print("| messages | frames | passes | output | tool | wall s | CPU s | peak RSS MB |")
print("|---:|---:|:---:|---|---|---:|---:|---:|")
names = {"none": "tshark alone", "sipdiag": "tshark + sipdiag", "lua": "tshark + Lua"}
for key in order:
    n, passes, output = key
    r = rows[key]
    for config in ("none", "sipdiag", "lua"):
        w, c, m = r[config]
        print(f"| {n} | {r['frames']} | {'-2' if passes == '2' else '1'} | {output} | {names[config]} "
              f"| {w:.2f} | {c:.2f} | {m:.0f} |")

print("\nOverheads over tshark alone (wall time and peak RSS); "
      "'Lua / sipdiag' = extra wall time of Lua divided by extra wall time of sipdiag:\n")
print("| messages | passes | output | sipdiag wall | sipdiag RSS | Lua wall | Lua RSS | Lua / sipdiag |")
print("|---:|:---:|---|---:|---:|---:|---:|---:|")
for key in order:
    n, passes, output = key
    r = rows[key]
    (w0, c0, m0), (w1, c1, m1), (w2, c2, m2) = r["none"], r["sipdiag"], r["lua"]
    extra_s, extra_l = w1 - w0, w2 - w0
    ratio = f"{extra_l / extra_s:.1f}x" if extra_s > 0.01 * w0 and extra_s > 0.02 else "n/a (sipdiag within noise)"
    print(f"| {n} | {'-2' if passes == '2' else '1'} | {output} | {pct(w1, w0)} | {pct(m1, m0)} "
          f"| {pct(w2, w0)} | {pct(m2, m0)} | {ratio} |")

print("\nLinearity: wall time per SIP message (microseconds), and the extra per message over tshark alone:\n")
print("| messages | passes | output | alone us/msg | sipdiag us/msg (+extra) | Lua us/msg (+extra) |")
print("|---:|:---:|---|---:|---:|---:|")
for key in order:
    n, passes, output = key
    r = rows[key]
    w0, w1, w2 = r["none"][0], r["sipdiag"][0], r["lua"][0]
    f = 1e6 / n
    print(f"| {n} | {'-2' if passes == '2' else '1'} | {output} | {w0 * f:.1f} | {w1 * f:.1f} ({(w1 - w0) * f:+.1f}) "
          f"| {w2 * f:.1f} ({(w2 - w0) * f:+.1f}) |")
EOF

if [ "$mode" = bench ]; then
  mkdir -p "$cache"
  cp "$results" "$cache/results-$(date +%Y%m%d-%H%M%S).tsv"
  echo "raw samples (wall cpu rss per run): $cache/results-*.tsv" >&2
fi
