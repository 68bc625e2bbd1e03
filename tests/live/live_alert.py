#!/usr/bin/env python3
"""Live alert test: sipdiag in a single-pass tshark that reads a live capture.

A SIPp UAS answers one INVITE of a SIPp UAC that never sends the ACK; the UAS
resends its 200 until it gives up. Meanwhile a pinger sends an OPTIONS every
0.25 s, as on a link with other traffic. dumpcap captures loopback (as root)
and writes the packets, as they come, into a pipe read by an unprivileged
`tshark -r - -l` with the plugin. The test passes when tshark prints the
"ACK missing" alert line for the 200 while the capture still runs, at most
2 s after the 200's 64*T1 deadline (32 s), and no other alert. When dumpcap is stopped (SIGINT, as Ctrl-C does), tshark
reads to the end and still prints its `-z sipdiag,summary` report.

usage: live_alert.py PLUGIN.so
Exit status: 0 pass, 1 fail, 77 skipped (not root and no password-less sudo,
or no sipp), 2 bad usage.
"""
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SCENARIOS = os.path.join(HERE, "..", "..", "captures", "sipp", "scenarios")
UAS = ("127.0.0.1", 15060)
UAC = ("127.0.0.2", 15070)
PINGER = ("127.0.0.3", 15080)
WINDOW_S = 32.0   # 64*T1, T1 = 500 ms
LATENESS_S = 2.0  # the alert must be printed within this of the deadline
RUN_S = 45.0      # whole capture


def skip(why):
    print(f"live_alert: skipped: {why}")
    sys.exit(77)


def capture_command():
    dumpcap = ["dumpcap", "-q", "-i", "lo", "-f", "udp and (port 15060 or port 15070 or port 15080)", "-w", "-"]
    if os.geteuid() == 0:
        return dumpcap
    if shutil.which("sudo") and subprocess.run(["sudo", "-n", "true"], stdin=subprocess.DEVNULL,
                                               stderr=subprocess.DEVNULL).returncode == 0:
        return ["sudo", "-n"] + dumpcap
    skip("capturing on lo needs root or password-less sudo")


def pinger(stop):
    """OPTIONS to itself every 0.25 s: traffic that carries the alert on time."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(PINGER)
    number = 0
    while not stop.is_set():
        number += 1
        message = (f"OPTIONS sip:ping@{PINGER[0]}:{PINGER[1]} SIP/2.0\r\n"
                   f"Via: SIP/2.0/UDP {PINGER[0]}:{PINGER[1]};branch=z9hG4bK-ping-{number}\r\n"
                   f"From: <sip:pinger@{PINGER[0]}>;tag=ping\r\nTo: <sip:ping@{PINGER[0]}>\r\n"
                   f"Call-ID: ping-{number}@live\r\nCSeq: {number} OPTIONS\r\nMax-Forwards: 70\r\n"
                   "Content-Length: 0\r\n\r\n")
        sock.sendto(message.encode(), PINGER)
        sock.recvfrom(4096)
        stop.wait(0.25)
    sock.close()


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    plugin = os.path.abspath(sys.argv[1])
    if not shutil.which("sipp"):
        skip("sipp not found (Debian package sip-tester)")
    capture = capture_command()
    work = tempfile.mkdtemp(prefix="sipdiag-live.")
    os.chmod(work, 0o755)
    processes = []
    stop = threading.Event()
    try:
        tshark = [os.path.join(HERE, "..", "e2e", "tshark_private.sh"), plugin, "-r", "-", "-l",
                  "-d", "udp.port==15060,sip", "-d", "udp.port==15070,sip", "-d", "udp.port==15080,sip",
                  "-Y", "sipdiag.alert", "-T", "fields", "-E", "separator=|",
                  "-e", "frame.time_epoch", "-e", "sipdiag.alert", "-e", "sipdiag.alert.frame",
                  "-e", "sipdiag.alert.code", "-e", "sipdiag.alert.after", "-e", "sipdiag.alert.call_id",
                  "-z", "sipdiag,summary"]
        dumpcap = subprocess.Popen(capture, stdout=subprocess.PIPE, stderr=open(os.path.join(work, "dumpcap.err"), "w"),
                                   stdin=subprocess.DEVNULL)
        processes.append(dumpcap)
        # Other traffic on the loopback can put any bytes in a summary line.
        reader = subprocess.Popen(tshark, stdin=dumpcap.stdout, stdout=subprocess.PIPE, text=True, errors="replace",
                                  stderr=open(os.path.join(work, "tshark.err"), "w"))
        dumpcap.stdout.close()
        processes.append(reader)

        lines = []  # (wall-clock arrival, fields)

        def read_alerts():
            for line in reader.stdout:
                lines.append((time.time(), line.rstrip("\n").split("|")))
        collector = threading.Thread(target=read_alerts, daemon=True)
        collector.start()
        time.sleep(2)  # dumpcap up

        ping = threading.Thread(target=pinger, args=(stop,), daemon=True)
        ping.start()
        common = ["-t", "u1", "-m", "1", "-nostdin", "-default_behaviors", "abortunexp", "-max_retrans", "20",
                  "-timeout", "60s", "-timeout_error"]
        uas = subprocess.Popen(["sipp", "-sf", os.path.join(SCENARIOS, "noack-timeout-uas.xml"), "-i", UAS[0],
                                "-p", str(UAS[1]), "-mp", "16100"] + common, cwd=work,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        processes.append(uas)
        time.sleep(1)
        uac = subprocess.Popen(["sipp", "-sf", os.path.join(SCENARIOS, "noack-timeout-uac.xml"), "-i", UAC[0],
                                "-p", str(UAC[1]), "-mp", "17100", "-nr"] + common + [f"{UAS[0]}:{UAS[1]}"],
                               cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        processes.append(uac)
        time.sleep(RUN_S)
        running_at_check = dumpcap.poll() is None and reader.poll() is None
        alerts = [line for line in lines if len(line[1]) == 6]
        # Stop as Ctrl-C would: dumpcap closes the pipe, tshark (which the
        # signal does not reach here) reads to the end and prints its report.
        dumpcap.send_signal(signal.SIGINT)
        try:
            reader.wait(timeout=20)
        except subprocess.TimeoutExpired:
            pass
        collector.join(timeout=5)
        report = [fields[0] for _, fields in lines if len(fields) == 1]
    finally:
        stop.set()
        for process in reversed(processes):
            if process.poll() is None:
                process.send_signal(signal.SIGINT if process is processes[0] else signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()

    print(f"live_alert: {len(alerts)} alert line(s) while the capture ran")
    for arrival, fields in alerts:
        print(f"  printed at {arrival:.3f}: {' | '.join(fields)}")
    failures = []
    calls_line = next((line for line in report if line.startswith("Calls by outcome:")), "")
    print(f"live_alert: report after the capture stopped: {calls_line or 'none'}")
    if "answered-no-ack 1," not in calls_line:
        failures.append("no end-of-run report with the call answered-no-ack after dumpcap stopped")
    if not running_at_check:
        failures.append("dumpcap or tshark stopped before the end of the capture")
    if len(alerts) != 1:
        failures.append(f"expected exactly one alert line, got {len(alerts)}")
    else:
        arrival, fields = alerts[0]
        frame_epoch, name, about_frame, code, after = fields[0], fields[1], fields[2], fields[3], fields[4]
        response_epoch = float(frame_epoch) - float(after)
        deadline = response_epoch + WINDOW_S
        print(f"live_alert: 200 at {response_epoch:.3f}, deadline {deadline:.3f}, "
              f"alert frame at {float(frame_epoch):.3f}, printed {arrival - deadline:+.3f} s after the deadline")
        if name != "ACK missing" or code != "200":
            failures.append(f"expected 'ACK missing' for a 200, got {name!r} for {code!r}")
        if arrival - deadline > LATENESS_S:
            failures.append(f"printed {arrival - deadline:.3f} s after the deadline (limit {LATENESS_S} s)")
        if float(frame_epoch) < deadline:
            failures.append("carried by a frame before the deadline")
    if failures:
        for failure in failures:
            print(f"live_alert: FAIL: {failure}")
        for name in ("dumpcap.err", "tshark.err"):
            path = os.path.join(work, name)
            if os.path.exists(path):
                print(f"--- {name}\n{open(path).read()[-2000:]}")
        shutil.rmtree(work, ignore_errors=True)
        return 1
    shutil.rmtree(work, ignore_errors=True)
    print("live_alert: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
