#!/bin/bash
# Record the SIP handshake captures with SIPp on the loopback interface:
#   captures/sipp/scenarios/NAME-uas.xml + NAME-uac.xml
#     -> captures/handshake-NAME-udp.pcap and captures/handshake-NAME-tcp.pcap
#
# Usage: generate.sh [NAME ...]       (default: every scenario)
#        TRANSPORTS="udp" generate.sh  (default: "udp tcp")
#        KEEP_WORK=1 generate.sh ...   (keep the SIPp logs and raw captures)
#        OUT_DIR=/tmp/x generate.sh    (write the captures there instead of captures/)
#
# Needs root (dumpcap on lo), sipp (Debian package sip-tester), dumpcap, tshark
# and editcap. Works from any directory. The UAS listens on 127.0.0.1:5060; the
# UAC runs on 127.0.0.2 (port 5070). Each capture is checked against
# scenarios/expected.txt; any mismatch is an error (exit status 1).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
scen_dir=$here/scenarios
out_dir=${OUT_DIR:-$(dirname "$here")}
expected=$scen_dir/expected.txt

UAS_IP=127.0.0.1
UAS_PORT=5060
UAC_IP=127.0.0.2
UAC_PORT=5070
PROBE='sipdiag-capture-probe'
# Upper bound for one call (sipp -timeout, and our own watchdog 10 s later).
# The longest scenarios (trailing OPTIONS 35.5 s after the final response) take 37 s.
CALL_TIMEOUT=${CALL_TIMEOUT:-90}

die() { echo "generate.sh: $*" >&2; exit 1; }

for tool in sipp dumpcap tshark editcap ss; do
    command -v "$tool" >/dev/null 2>&1 || {
        case $tool in
            sipp) die "sipp not found: install it with 'apt-get install -y sip-tester'" ;;
            ss) die "ss not found: install it with 'apt-get install -y iproute2'" ;;
            *) die "$tool not found: install it with 'apt-get install -y tshark'" ;;
        esac
    }
done
[ "$(id -u)" = 0 ] || echo "generate.sh: warning: not root; capturing on lo may fail" >&2
[ -f "$expected" ] || die "missing $expected"
[ -d "$out_dir" ] || die "no directory $out_dir"
out_dir=$(cd "$out_dir" && pwd)

work=$(mktemp -d /tmp/sipdiag-sipp.XXXXXX)
pids=()

# stop_pid PID: SIGTERM, then SIGKILL if it is still there 5 s later; reap it.
stop_pid() {
    kill -TERM "$1" 2>/dev/null || true
    for _ in $(seq 50); do
        kill -0 "$1" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

cleanup() {
    local pid
    for pid in "${pids[@]}"; do
        stop_pid "$pid"
    done
    pids=()
    if [ -n "${KEEP_WORK:-}" ]; then
        echo "generate.sh: logs kept in $work" >&2
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT
trap 'echo "generate.sh: interrupted" >&2; exit 130' INT TERM

forget_pid() {  # forget_pid PID: drop a reaped process from the cleanup list
    local keep=() pid
    for pid in "${pids[@]}"; do [ "$pid" = "$1" ] || keep+=("$pid"); done
    pids=("${keep[@]+"${keep[@]}"}")
}

# wait_for SECONDS COMMAND...: poll every 0.1 s until COMMAND succeeds.
wait_for() {
    local deadline=$((SECONDS + $1)); shift
    until "$@"; do
        [ "$SECONDS" -lt "$deadline" ] || return 1
        sleep 0.1
    done
}

# wait_pid SECONDS PID: wait for a background process; 124 on timeout.
wait_pid() {
    local deadline=$((SECONDS + $1)) pid=$2 rc=0
    while kill -0 "$pid" 2>/dev/null; do
        if [ "$SECONDS" -ge "$deadline" ]; then
            echo "generate.sh: process $pid still running after $1 s: stopping it" >&2
            stop_pid "$pid"
            forget_pid "$pid"
            return 124
        fi
        sleep 0.1
    done
    wait "$pid" || rc=$?
    forget_pid "$pid"
    return "$rc"
}

file_bigger_than_header() { [ "$(stat -c %s "$1" 2>/dev/null || echo 0)" -gt 24 ]; }
send_probe_and_check() {
    # One UDP datagram to port 5060 (nobody listens yet), then: is it in the file?
    printf '%s' "$PROBE" >"/dev/udp/$UAS_IP/$UAS_PORT" 2>/dev/null || true
    sleep 0.2
    file_bigger_than_header "$1"
}
listening() {  # listening u|t
    [ -n "$(ss -Hln"$1" "sport = :$UAS_PORT" 2>/dev/null)" ]
}
port_free() { ! listening u && ! listening t; }

show_logs() {
    local f
    for f in "$1"/*.log "$1"/*.out; do
        [ -s "$f" ] || continue
        echo "----- $(basename "$f") (last 40 lines)" >&2
        tail -n 40 "$f" >&2
    done
}

# tshark, without its "Running as user root" notice; errors still fail the caller.
ts() {
    local err rc=0
    err=$(mktemp "$work/tshark.XXXXXX")
    tshark "$@" 2>"$err" || rc=$?
    grep -v '^Running as user' "$err" >&2 || true
    rm -f "$err"
    return "$rc"
}

# signature FILE: one token per SIP message: METHOD for requests, CODE/CSEQ-METHOD for responses.
signature() {
    ts -r "$1" -Y sip -T fields -E occurrence=f -e sip.Method -e sip.Status-Code -e sip.CSeq.method |
        awk -F'\t' '{ if ($1 != "") printf "%s ", $1; else printf "%s/%s ", $2, $3 } END { print "" }' |
        sed 's/ $//'
}

check_capture() {  # check_capture FILE NAME TRANSPORT
    local file=$1 name=$2 tr=$3 want got bad frames line min_tail
    frames=$(ts -r "$file" | wc -l)
    [ "$frames" -gt 0 ] || { echo "empty capture" >&2; return 1; }
    # Every frame is SIP, or (TCP) a segment without payload: handshake, ACK, FIN.
    bad=$(ts -r "$file" -Y '!sip && !(tcp && tcp.len == 0)') || return 1
    [ -z "$bad" ] || { echo "frames that are not SIP:" >&2; echo "$bad" >&2; return 1; }
    bad=$(ts -r "$file" -Y 'tcp.analysis.flags || tcp.flags.reset == 1 || _ws.malformed') ||
        return 1
    [ -z "$bad" ] || { echo "TCP analysis / malformed warnings:" >&2; echo "$bad" >&2; return 1; }
    # Only our addresses; one SIP port pair per capture.
    bad=$(ts -r "$file" -Y "!(ip.addr == $UAS_IP && ip.addr == $UAC_IP)") || return 1
    [ -z "$bad" ] || { echo "frames from other hosts:" >&2; echo "$bad" >&2; return 1; }
    line=$(awk -v n="$name" -v t="$tr" '$1 == n && $2 == t' "$expected")
    [ -n "$line" ] || { echo "no line '$name $tr' in $expected" >&2; return 1; }
    want=$(echo "$line" | cut -d'|' -f1 | awk '{ $1 = ""; $2 = ""; sub(/^ +/, ""); print }' | sed 's/ *$//')
    got=$(signature "$file")
    if [ "$got" != "$want" ]; then
        echo "SIP messages differ from $expected:" >&2
        echo "  want: $want" >&2
        echo "  got:  $got" >&2
        return 1
    fi
    # Optional "| tail>=N": the capture lasts at least N s after the first INVITE final response.
    min_tail=$(echo "$line" | sed -n 's/.*| *tail>=\([0-9.]*\).*/\1/p')
    if [ -n "$min_tail" ]; then
        local t_final t_last
        t_final=$(ts -r "$file" -Y 'sip.Status-Code >= 200 && sip.CSeq.method == "INVITE"' \
            -T fields -e frame.time_relative | head -n1)
        t_last=$(ts -r "$file" -T fields -e frame.time_relative | tail -n1)
        awk -v a="$t_final" -v b="$t_last" -v m="$min_tail" 'BEGIN { exit !(b - a >= m) }' || {
            echo "capture ends $t_last s, first final response at $t_final s: less than $min_tail s" >&2
            return 1
        }
    fi
    echo "$frames"
}

run_one() {  # run_one NAME udp|tcp
    local name=$1 tr=$2 topt dir raw out dc uas uac rc=0 probes frames
    case $tr in
        udp) topt=u1 ;;
        tcp) topt=t1 ;;
        *) die "unknown transport $tr" ;;
    esac
    dir=$work/$name-$tr
    mkdir -p "$dir"
    raw=$dir/raw.pcap
    out=$out_dir/handshake-$name-$tr.pcap

    wait_for 10 port_free || die "port $UAS_PORT is in use on this machine"

    # 1. Capture, and make sure it really captures: probe datagrams until one is in the file.
    dumpcap -i lo -f "port $UAS_PORT" -P -q -w "$raw" >"$dir/dumpcap.out" 2>&1 &
    dc=$!; pids+=("$dc")
    wait_for 10 grep -qs '^File:' "$dir/dumpcap.out" || { show_logs "$dir"; die "$name/$tr: dumpcap did not start"; }
    wait_for 10 send_probe_and_check "$raw" || { show_logs "$dir"; die "$name/$tr: dumpcap captures nothing"; }

    # 2. UAS on 127.0.0.1:5060, then the UAC for exactly one call.
    local common=(-t "$topt" -m 1 -nostdin -default_behaviors abortunexp
                  -max_retrans 20 -max_non_invite_retrans 10 -timeout "${CALL_TIMEOUT}s" -timeout_error
                  -trace_err -trace_msg)
    (cd "$dir" && exec sipp -sf "$scen_dir/$name-uas.xml" -i "$UAS_IP" -p "$UAS_PORT" -mp 16000 \
        "${common[@]}" -error_file uas-errors.log -message_file uas-messages.log \
        >uas.out 2>&1) &
    uas=$!; pids+=("$uas")
    wait_for 10 listening "${tr:0:1}" || { show_logs "$dir"; die "$name/$tr: the UAS does not listen on $UAS_PORT"; }
    (cd "$dir" && exec sipp -sf "$scen_dir/$name-uac.xml" \
        -i "$UAC_IP" -p "$UAC_PORT" -mp 17000 "${common[@]}" -nr \
        -error_file uac-errors.log -message_file uac-messages.log \
        "$UAS_IP:$UAS_PORT" >uac.out 2>&1) &
    uac=$!; pids+=("$uac")

    wait_pid "$((CALL_TIMEOUT + 10))" "$uac" || rc=$?
    [ "$rc" = 0 ] || { show_logs "$dir"; die "$name/$tr: the UAC failed (exit status $rc)"; }
    wait_pid "$((CALL_TIMEOUT + 10))" "$uas" || rc=$?
    [ "$rc" = 0 ] || { show_logs "$dir"; die "$name/$tr: the UAS failed (exit status $rc)"; }

    # 3. Stop the capture cleanly (SIGINT lets dumpcap flush and close the file).
    sleep 0.5
    kill -INT "$dc"
    wait_pid 10 "$dc" || { show_logs "$dir"; die "$name/$tr: dumpcap did not stop cleanly"; }

    # 4. Drop the probe datagrams; classic pcap.
    probes=$(ts -r "$raw" -Y "frame contains \"$PROBE\"" -T fields -e frame.number | tr '\n' ' ')
    [ -n "$probes" ] || die "$name/$tr: no probe frame in the raw capture"
    # shellcheck disable=SC2086 # one argument per frame number
    editcap -F pcap "$raw" "$dir/clean.pcap" $probes

    # 5. Check, then publish.
    frames=$(check_capture "$dir/clean.pcap" "$name" "$tr") || {
        ts -r "$dir/clean.pcap" >&2 || true
        die "$name/$tr: the capture is not what $expected says"
    }
    cp "$dir/clean.pcap" "$out"
    chmod 644 "$out"
    echo "wrote $out ($frames frames)"
}

if [ $# -gt 0 ]; then
    names=("$@")
else
    names=()
    for f in "$scen_dir"/*-uas.xml; do
        [ -e "$f" ] || continue
        names+=("$(basename "$f" -uas.xml)")
    done
    [ ${#names[@]} -gt 0 ] || die "no scenarios in $scen_dir"
fi
for name in "${names[@]}"; do
    if [ ! -f "$scen_dir/$name-uas.xml" ] || [ ! -f "$scen_dir/$name-uac.xml" ]; then
        die "scenario $name: need $scen_dir/$name-uas.xml and $name-uac.xml"
    fi
done

for name in "${names[@]}"; do
    for tr in ${TRANSPORTS:-udp tcp}; do
        run_one "$name" "$tr"
    done
done
