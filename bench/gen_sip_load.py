#!/usr/bin/env python3
"""gen_sip_load.py - deterministic generator of a large, realistic SIP capture.

Usage:  gen_sip_load.py --messages N --out FILE.pcap [--seed S] [--rate R]
        gen_sip_load.py --calls C --out FILE.pcap [--seed S] [--rate R]

Writes a classic pcap (Ethernet / IPv4 / UDP or TCP) of exactly N SIP
messages (or of the messages up to and including the C-th dialog-creating
INVITE), as seen on a PBX / proxy at 192.168.0.10:5060, and prints the
number of frames, SIP messages and calls on standard output. A --calls
capture is the --messages capture of the same size (the same traffic cut at
the same point). The same
arguments always give a byte-identical file (fixed seed, no wall clock, no
hash-order dependence). Python standard library only.

Traffic
-------
Scenarios start as a Poisson process (--rate per second, default 250), each
one of (share of scenario starts):

  call_ok    44%  INVITE(SDP)/100/180/200(SDP)/ACK ... BYE/200, talk 3-60 s
  register   14%  REGISTER/401/REGISTER(Authorization)/200
  options    12%  OPTIONS/200 (phones, and keep-alives on the TCP trunks)
  busy486     6%  INVITE/100/180/486/ACK (hop-by-hop)
  cancel487   5%  INVITE/100/180/CANCEL/200(CANCEL)/487/ACK
  notfound    3%  INVITE/100/404/ACK
  late_ack    3%  200 retransmitted once or twice, then the ACK, talk, BYE
  err503    2.5%  INVITE/100/503(Retry-After)/ACK
  fork        2%  two 180s and two 200s with different To tags, two ACKs,
                  BYE of the second leg, later BYE of the first
  err500    1.5%  INVITE/100/500/ACK
  noack       1%  200 never ACKed: retransmitted after 0.5, 1, 2, 4, 4, 4 ...
                  s; then BYE from the callee at 32 s (60%) or from the
                  caller after 3-6 s (40%)

About 30% of calls go from the PBX to a phone, the rest from a phone to the
PBX. 10% of the INVITE scenarios (and 20% of OPTIONS) run over one of four
persistent TCP trunks (172.16.0.1-4, ephemeral port -> 5060); a TCP sender
coalesces what it sends within 1 ms into one segment (at most 1460 bytes),
so the 100 and 180 a trunk call gets at once, or the 200 to a CANCEL and the
487, share one segment. Everything else is UDP, port 5060 on both sides.

The ACK of a 2xx and the BYE go to the other side's Contact (the ACK of a
failure keeps the INVITE's Request-URI and branch); over a trunk they go
back over the trunk's own connection, as RFC 5923 allows.

Frames: correct IPv4 header checksums, correct UDP and TCP checksums, exact
TCP seq/ack, SYN / SYN-ACK / ACK before a trunk's first segment, no pure TCP
ACKs and no FIN. Time stamps increase monotonically (microseconds) from
2023-11-14 22:13:20 UTC. The capture is cut after exactly N messages, so
calls in progress at the end are left unfinished, as in a real capture.

"calls" counts the dialog-creating INVITEs written (what sipdiag's report
counts as Calls); "frames" includes the TCP handshakes.
"""

import argparse
import heapq
import os
import random
import struct
import sys
import time

EPOCH = 1700000000
SNAPLEN = 262144
MSS = 1460
TCP_COALESCE_S = 0.001
TCP_WINDOW = 64240

SERVER_IP = bytes((192, 168, 0, 10))
SERVER_IP_S = "192.168.0.10"
DOMAIN = "pbx.example.net"
N_PHONES = 20000
N_TRUNKS = 4

SCENARIOS = (  # name, weight (per 1000)
    ("call_ok", 440), ("register", 140), ("options", 120), ("busy486", 60),
    ("cancel487", 50), ("notfound", 30), ("late_ack", 30), ("err503", 25),
    ("fork", 20), ("err500", 15), ("noack", 10),
)
INVITE_SCENARIOS = {"call_ok", "busy486", "cancel487", "notfound", "late_ack",
                    "err503", "fork", "err500", "noack"}

UDP, TCP = 0, 1
UP, DOWN = 0, 1  # UP: client (phone / trunk) -> server; DOWN: server -> client


def ones_sum(data):
    """Ones' complement sum of 16-bit big-endian words (1..0xffff, or 0 for
    all-zero data): a number in base 65536 is congruent to the sum of its
    digits modulo 65535, so the C big-integer code does the work."""
    if len(data) & 1:
        data += b"\0"
    s = int.from_bytes(data, "big") % 0xFFFF
    if s == 0 and any(data):
        s = 0xFFFF
    return s


def phone_ip(i):
    return bytes((10, 20 + i // 250, 0, 1 + i % 250))


class Endpoint:
    __slots__ = ("ip", "ip_s", "port", "user", "transport", "conn", "mac")

    def __init__(self, ip, port, user, transport, conn=None):
        self.ip = ip
        self.ip_s = ".".join(map(str, ip))
        self.port = port
        self.user = user
        self.transport = transport
        self.conn = conn
        self.mac = b"\x02\x00" + ip


class TcpConn:
    __slots__ = ("client", "cport", "seq", "open", "pending")

    def __init__(self, client_ip, cport, isn_c, isn_s):
        self.client = client_ip
        self.cport = cport
        self.seq = [isn_c, isn_s]  # next seq to send, per direction UP / DOWN
        self.open = False
        self.pending = [None, None]  # per direction: [flush_time, [msgs], nbytes]


SERVER_MAC = b"\x02\x00" + SERVER_IP

SDP = ("v=0\r\no=- {sid} {sid} IN IP4 {ip}\r\ns=-\r\nc=IN IP4 {ip}\r\nt=0 0\r\n"
       "m=audio {port} RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n"
       "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=ptime:20\r\na=sendrecv\r\n")
ALLOW = "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, REFER, NOTIFY, UPDATE, PRACK\r\n"
REASONS = {100: "Trying", 180: "Ringing", 200: "OK", 401: "Unauthorized", 404: "Not Found",
           486: "Busy Here", 487: "Request Terminated", 500: "Server Internal Error",
           503: "Service Unavailable"}


class Generator:
    def __init__(self, seed, rate):
        self.rng = random.Random(seed)
        self.rate = rate
        self.heap = []
        self.seq = 0
        self.ip_id = 1
        self.ids = 0
        self.phones = [None] * N_PHONES
        self.trunks = []
        for i in range(N_TRUNKS):
            ip = bytes((172, 16, 0, 1 + i))
            conn = TcpConn(ip, 40000 + 17 * i, self.rng.getrandbits(32), self.rng.getrandbits(32))
            self.trunks.append(Endpoint(ip, 5060, "trunk%d" % (i + 1), TCP, conn))
        self.server_udp = Endpoint(SERVER_IP, 5060, "pbx", UDP)
        self.server_tcp = Endpoint(SERVER_IP, 5060, "pbx", TCP)
        self.names = [n for n, _ in SCENARIOS]
        self.cum = []
        total = 0
        for _, w in SCENARIOS:
            total += w
            self.cum.append(total)
        self.frames = 0
        self.messages = 0
        self.calls = 0
        self.multi_segments = 0
        self.tcp_frames = 0
        self.out = []
        self.out_bytes = 0

    # ------------------------------------------------------------ helpers
    def token(self):
        self.ids += 1
        return "%x%05x" % (self.rng.getrandbits(32), self.ids & 0xFFFFF)

    def phone(self, i=None):
        if i is None:
            i = self.rng.randrange(N_PHONES)
        p = self.phones[i]
        if p is None:
            p = self.phones[i] = Endpoint(phone_ip(i), 5060, str(1000 + i), UDP)
        return p

    def schedule(self, t, client, direction, msg, initial_invite=False):
        """Queue one SIP message sent at time t between client and the
        server; direction UP = client -> server."""
        self.seq += 1
        heapq.heappush(self.heap, (t, self.seq, 0, client, direction, msg, initial_invite))

    # ------------------------------------------------------------ messages
    @staticmethod
    def via(ep, branch):
        return "Via: SIP/2.0/%s %s:%d;branch=z9hG4bK%s%s\r\n" % (
            "TCP" if ep.transport == TCP else "UDP", ep.ip_s, ep.port, branch,
            ";rport" if ep.transport == UDP else "")

    @staticmethod
    def target(ep):
        """The URI an endpoint puts in its Contact: in-dialog requests (the
        ACK of a 2xx, BYE) go there."""
        return "sip:%s@%s:%d%s" % (ep.user, ep.ip_s, ep.port, ";transport=tcp" if ep.transport == TCP else "")

    @classmethod
    def contact(cls, ep):
        return "Contact: <%s>\r\n" % cls.target(ep)

    def request(self, method, d, src, cseq, cseq_method, branch, to_tag=None, body="", extra="", ruri=None):
        """d: the dialog dict; src: the sending endpoint; ruri: the
        Request-URI when it is not the callee's address of record."""
        to = "To: <sip:%s@%s>%s\r\n" % (d["callee"], DOMAIN, ";tag=" + to_tag if to_tag else "")
        head = ("%s %s SIP/2.0\r\n%sMax-Forwards: 70\r\nFrom: <sip:%s@%s>;tag=%s\r\n%s"
                "Call-ID: %s\r\nCSeq: %d %s\r\n" % (
                    method, ruri or "sip:%s@%s" % (d["callee"], DOMAIN), self.via(src, branch),
                    d["caller"], DOMAIN, d["ftag"], to, d["cid"], cseq, cseq_method))
        if method in ("INVITE", "REGISTER", "OPTIONS"):
            head += self.contact(src)
        if method == "INVITE":
            head += ALLOW + "Supported: replaces, timer\r\nUser-Agent: Acme-SIP/4.2\r\n"
        if body:
            head += "Content-Type: application/sdp\r\n"
        return ("%s%sContent-Length: %d\r\n\r\n%s" % (head, extra, len(body), body)).encode()

    def response(self, status, d, via_ep, branch, cseq, cseq_method, to_tag, contact_ep=None,
                 body="", extra=""):
        head = ("SIP/2.0 %d %s\r\n%sFrom: <sip:%s@%s>;tag=%s\r\nTo: <sip:%s@%s>%s\r\n"
                "Call-ID: %s\r\nCSeq: %d %s\r\n" % (
                    status, REASONS[status], self.via(via_ep, branch), d["caller"], DOMAIN,
                    d["ftag"], d["callee"], DOMAIN, ";tag=" + to_tag if to_tag else "",
                    d["cid"], cseq, cseq_method))
        if contact_ep is not None:
            head += self.contact(contact_ep)
        if body:
            head += "Content-Type: application/sdp\r\n"
        return ("%s%sServer: Acme-PBX/7.1\r\nContent-Length: %d\r\n\r\n%s" % (
            head, extra, len(body), body)).encode()

    def sdp(self, ep):
        return SDP.format(sid=self.rng.randrange(10 ** 9), ip=ep.ip_s,
                          port=10000 + 2 * self.rng.randrange(10000))

    # ------------------------------------------------------------ scenarios
    def start_scenario(self, t0):
        r = self.rng.randrange(self.cum[-1])
        for i, c in enumerate(self.cum):
            if r < c:
                break
        name = self.names[i]
        rng = self.rng
        if name == "register":
            return self.sc_register(t0)
        if name == "options":
            return self.sc_options(t0)
        # An INVITE scenario: choose transport and direction.
        if rng.random() < 0.10:
            client = self.trunks[rng.randrange(N_TRUNKS)]
            server = self.server_tcp
        else:
            client = self.phone()
            server = self.server_udp
        outbound = rng.random() < 0.30  # PBX calls the client
        caller, callee = (server, client) if outbound else (client, server)
        d = {"cid": "%s@%s" % (self.token(), caller.ip_s), "ftag": self.token(),
             "caller": caller.user if caller is not server else str(1000 + rng.randrange(N_PHONES)),
             "callee": callee.user if callee is not server else str(1000 + rng.randrange(N_PHONES)),
             "client": client, "up": DOWN if outbound else UP}
        # d["up"]: direction of caller -> callee messages.
        getattr(self, "sc_" + name)(t0, d, caller, callee)

    def send(self, t, d, from_caller, msg, initial=False):
        direction = d["up"] if from_caller else 1 - d["up"]
        self.schedule(t, d["client"], direction, msg, initial)

    def invite_start(self, t, d, caller, callee, ring=True, with_180=True):
        """INVITE, 100 and (optionally) 180; returns (t, branch)."""
        rng = self.rng
        branch = self.token()
        d["branch"] = branch
        self.send(t, d, True, self.request("INVITE", d, caller, 1, "INVITE", branch,
                                           body=self.sdp(caller)), True)
        tcp = caller.transport == TCP
        t += 0.004 + rng.random() * 0.03
        self.send(t, d, False, self.response(100, d, caller, branch, 1, "INVITE", None))
        if with_180:
            # A trunk B2BUA rings at once (100 and 180 leave together).
            if not tcp:
                t += 0.05 + rng.random() * 1.2
            d["ttag"] = self.token()
            self.send(t, d, False, self.response(180, d, caller, branch, 1, "INVITE", d["ttag"],
                                                 contact_ep=callee))
        return t, branch

    def answer(self, t, d, caller, callee, to_tag):
        return self.response(200, d, caller, d["branch"], 1, "INVITE", to_tag, contact_ep=callee,
                             body=self.sdp(callee), extra=ALLOW)

    def ack(self, d, caller, to_tag, branch=None, ruri=None):
        """ACK of a non-2xx: same branch and Request-URI as the INVITE; of a
        2xx: a new branch, sent to the 2xx's Contact (ruri)."""
        return self.request("ACK", d, caller, 1, "ACK", branch or self.token(), to_tag=to_tag, ruri=ruri)

    def bye(self, t, d, caller, callee, to_tag, by_caller):
        """BYE from either side and its 200 (in-dialog: From/To swap when the
        callee hangs up)."""
        rng = self.rng
        branch = self.token()
        if by_caller:
            self.send(t, d, True, self.request("BYE", d, caller, 2, "BYE", branch, to_tag=to_tag,
                                               ruri=self.target(callee)))
            t += 0.004 + rng.random() * 0.05
            self.send(t, d, False, self.response(200, d, caller, branch, 2, "BYE", to_tag))
        else:
            r = {"cid": d["cid"], "caller": d["callee"], "callee": d["caller"], "ftag": to_tag}
            self.send(t, d, False, self.request("BYE", r, callee, 1, "BYE", branch, to_tag=d["ftag"],
                                                ruri=self.target(caller)))
            t += 0.004 + rng.random() * 0.05
            self.send(t, d, True, self.response(200, r, callee, branch, 1, "BYE", d["ftag"]))
        return t

    def sc_call_ok(self, t, d, caller, callee):
        rng = self.rng
        t, _ = self.invite_start(t, d, caller, callee)
        t += 1.0 + rng.random() * 11.0
        self.send(t, d, False, self.answer(t, d, caller, callee, d["ttag"]))
        t += 0.005 + rng.random() * 0.1
        self.send(t, d, True, self.ack(d, caller, d["ttag"], ruri=self.target(callee)))
        t += 3.0 + rng.random() * 57.0
        self.bye(t, d, caller, callee, d["ttag"], rng.random() < 0.6)

    def sc_late_ack(self, t, d, caller, callee):
        rng = self.rng
        t, _ = self.invite_start(t, d, caller, callee)
        t += 1.0 + rng.random() * 8.0
        ok = self.answer(t, d, caller, callee, d["ttag"])
        self.send(t, d, False, ok)
        t += 0.5
        self.send(t, d, False, ok)
        if rng.random() < 0.5:
            t += 1.0
            self.send(t, d, False, ok)
        t += 0.01 + rng.random() * 0.2
        self.send(t, d, True, self.ack(d, caller, d["ttag"], ruri=self.target(callee)))
        t += 3.0 + rng.random() * 40.0
        self.bye(t, d, caller, callee, d["ttag"], rng.random() < 0.6)

    def sc_noack(self, t, d, caller, callee):
        rng = self.rng
        t, _ = self.invite_start(t, d, caller, callee)
        t += 1.0 + rng.random() * 8.0
        ok = self.answer(t, d, caller, callee, d["ttag"])
        self.send(t, d, False, ok)
        t_ok = t
        caller_hangs_up = rng.random() < 0.4
        give_up = t_ok + (3.0 + rng.random() * 3.0 if caller_hangs_up else 32.0)
        interval = 0.5
        t += interval
        while t < give_up:
            self.send(t, d, False, ok)
            interval = min(interval * 2, 4.0)
            t += interval
        self.bye(give_up, d, caller, callee, d["ttag"], caller_hangs_up)

    def sc_fork(self, t, d, caller, callee):
        rng = self.rng
        t, branch = self.invite_start(t, d, caller, callee)
        tag_a = d["ttag"]
        tag_b = self.token()
        t += 0.02 + rng.random() * 0.3
        self.send(t, d, False, self.response(180, d, caller, branch, 1, "INVITE", tag_b, contact_ep=callee))
        t += 1.0 + rng.random() * 8.0
        self.send(t, d, False, self.answer(t, d, caller, callee, tag_a))
        t += 0.01 + rng.random() * 0.3
        self.send(t, d, False, self.answer(t, d, caller, callee, tag_b))
        t += 0.005 + rng.random() * 0.05
        self.send(t, d, True, self.ack(d, caller, tag_a, ruri=self.target(callee)))
        t += 0.005 + rng.random() * 0.05
        self.send(t, d, True, self.ack(d, caller, tag_b, ruri=self.target(callee)))
        t += 0.005 + rng.random() * 0.05
        t = self.bye(t, d, caller, callee, tag_b, True)
        t += 3.0 + rng.random() * 50.0
        self.bye(t, d, caller, callee, tag_a, rng.random() < 0.6)

    def failure(self, t, d, caller, callee, status, ring, extra=""):
        rng = self.rng
        t, branch = self.invite_start(t, d, caller, callee, with_180=ring)
        t += (1.0 + rng.random() * 6.0) if ring else (0.01 + rng.random() * 0.2)
        tag = d.get("ttag") or self.token()
        self.send(t, d, False, self.response(status, d, caller, branch, 1, "INVITE", tag, extra=extra))
        t += 0.004 + rng.random() * 0.03
        self.send(t, d, True, self.ack(d, caller, tag, branch))

    def sc_busy486(self, t, d, caller, callee):
        self.failure(t, d, caller, callee, 486, True)

    def sc_notfound(self, t, d, caller, callee):
        self.failure(t, d, caller, callee, 404, False)

    def sc_err500(self, t, d, caller, callee):
        self.failure(t, d, caller, callee, 500, False)

    def sc_err503(self, t, d, caller, callee):
        self.failure(t, d, caller, callee, 503, False, extra="Retry-After: %d\r\n" % self.rng.randrange(30, 300))

    def sc_cancel487(self, t, d, caller, callee):
        rng = self.rng
        t, branch = self.invite_start(t, d, caller, callee)
        t += 2.0 + rng.random() * 10.0
        self.send(t, d, True, self.request("CANCEL", d, caller, 1, "CANCEL", branch))
        t += 0.004 + rng.random() * 0.02
        self.send(t, d, False, self.response(200, d, caller, branch, 1, "CANCEL", d["ttag"]))
        self.send(t, d, False, self.response(487, d, caller, branch, 1, "INVITE", d["ttag"]))
        t += 0.004 + rng.random() * 0.03
        self.send(t, d, True, self.ack(d, caller, d["ttag"], branch))

    def sc_register(self, t):
        rng = self.rng
        ph = self.phone()
        d = {"cid": "%s@%s" % (self.token(), ph.ip_s), "ftag": self.token(),
             "caller": ph.user, "callee": ph.user, "client": ph, "up": UP}
        b1 = self.token()
        reg = "REGISTER sip:%s SIP/2.0\r\n" % DOMAIN
        m = self.request("REGISTER", d, ph, 1, "REGISTER", b1, extra="Expires: 3600\r\n")
        self.schedule(t, ph, UP, reg.encode() + m[m.index(b"\r\n") + 2:])
        t += 0.003 + rng.random() * 0.02
        nonce = self.token()
        tag = self.token()
        self.schedule(t, ph, DOWN, self.response(
            401, d, ph, b1, 1, "REGISTER", tag,
            extra='WWW-Authenticate: Digest realm="%s", nonce="%s", algorithm=MD5, qop="auth"\r\n'
                  % (DOMAIN, nonce)))
        t += 0.01 + rng.random() * 0.05
        b2 = self.token()
        auth = ('Authorization: Digest username="%s", realm="%s", nonce="%s", uri="sip:%s", '
                'response="%032x", algorithm=MD5, cnonce="%s", qop=auth, nc=00000001\r\nExpires: 3600\r\n'
                % (ph.user, DOMAIN, nonce, DOMAIN, rng.getrandbits(128), self.token()))
        m = self.request("REGISTER", d, ph, 2, "REGISTER", b2, extra=auth)
        self.schedule(t, ph, UP, reg.encode() + m[m.index(b"\r\n") + 2:])
        t += 0.003 + rng.random() * 0.02
        self.schedule(t, ph, DOWN, self.response(200, d, ph, b2, 2, "REGISTER", tag, contact_ep=ph,
                                                 extra="Expires: 3600\r\n"))

    def sc_options(self, t):
        rng = self.rng
        if rng.random() < 0.2:
            client, server = self.trunks[rng.randrange(N_TRUNKS)], self.server_tcp
        else:
            client, server = self.phone(), self.server_udp
        from_server = rng.random() < 0.5
        src, dst = (server, client) if from_server else (client, server)
        d = {"cid": "%s@%s" % (self.token(), src.ip_s), "ftag": self.token(),
             "caller": src.user, "callee": dst.user}
        b = self.token()
        self.schedule(t, client, DOWN if from_server else UP, self.request("OPTIONS", d, src, 1, "OPTIONS", b))
        t += 0.002 + rng.random() * 0.02
        self.schedule(t, client, UP if from_server else DOWN, self.response(
            200, d, src, b, 1, "OPTIONS", self.token(), extra=ALLOW + "Accept: application/sdp\r\n"))

    # ------------------------------------------------------------ frames
    def frame(self, t, src_ip, dst_ip, src_mac, dst_mac, proto, l4):
        total = 20 + len(l4)
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, total, self.ip_id & 0xFFFF, 0x4000, 64, proto, 0,
                         src_ip, dst_ip)
        ip = ip[:10] + struct.pack("!H", ~ones_sum(ip) & 0xFFFF) + ip[12:]
        self.ip_id += 1
        usec = int(round(t * 1e6))
        n = 14 + total
        rec = struct.pack("<IIII", EPOCH + usec // 1000000, usec % 1000000, n, n)
        self.out.append(rec + dst_mac + src_mac + b"\x08\x00" + ip + l4)
        self.out_bytes += 16 + n
        self.frames += 1

    def udp(self, t, client, direction, payload):
        if direction == UP:
            s_ip, d_ip, s_mac, d_mac, sp, dp = client.ip, SERVER_IP, client.mac, SERVER_MAC, client.port, 5060
        else:
            s_ip, d_ip, s_mac, d_mac, sp, dp = SERVER_IP, client.ip, SERVER_MAC, client.mac, 5060, client.port
        length = 8 + len(payload)
        hdr = struct.pack("!HHHH", sp, dp, length, 0)
        c = ~ones_sum(s_ip + d_ip + struct.pack("!BBH", 0, 17, length) + hdr + payload) & 0xFFFF
        self.frame(t, s_ip, d_ip, s_mac, d_mac, 17,
                   hdr[:6] + struct.pack("!H", c or 0xFFFF) + payload)

    def tcp(self, t, client, direction, flags, payload=b""):
        conn = client.conn
        if direction == UP:
            s_ip, d_ip, s_mac, d_mac, sp, dp = client.ip, SERVER_IP, client.mac, SERVER_MAC, conn.cport, 5060
        else:
            s_ip, d_ip, s_mac, d_mac, sp, dp = SERVER_IP, client.ip, SERVER_MAC, client.mac, 5060, conn.cport
        seq = conn.seq[direction]
        ack = conn.seq[1 - direction] if flags & 0x10 else 0
        hdr = struct.pack("!HHIIBBHHH", sp, dp, seq, ack, 5 << 4, flags, TCP_WINDOW, 0, 0)
        c = ~ones_sum(s_ip + d_ip + struct.pack("!BBH", 0, 6, 20 + len(payload)) + hdr + payload) & 0xFFFF
        self.frame(t, s_ip, d_ip, s_mac, d_mac, 6, hdr[:16] + struct.pack("!H", c) + hdr[18:] + payload)
        advance = len(payload) + (1 if flags & 0x02 else 0)
        conn.seq[direction] = (seq + advance) & 0xFFFFFFFF
        self.tcp_frames += 1

    def emit_segment(self, t, client, direction, msgs):
        """Write one TCP segment of SIP messages; returns False when the
        message budget is exhausted."""
        conn = client.conn
        if not conn.open:
            conn.open = True
            self.tcp(t, client, UP, 0x02)          # SYN
            self.tcp(t, client, DOWN, 0x12)        # SYN-ACK
            self.tcp(t, client, UP, 0x10)          # ACK
        room = self.limit - self.messages
        msgs = msgs[:room]
        if self.call_limit:  # cut after the message that starts the last call
            calls = self.calls
            for i, (_, initial) in enumerate(msgs):
                calls += initial
                if calls >= self.call_limit:
                    msgs = msgs[:i + 1]
                    break
        self.messages += len(msgs)
        self.calls += sum(1 for _, initial in msgs if initial)
        if len(msgs) > 1:
            self.multi_segments += 1
        self.tcp(t, client, direction, 0x18, b"".join(m for m, _ in msgs))
        return self.messages < self.limit and not (self.call_limit and self.calls >= self.call_limit)

    # ------------------------------------------------------------ main loop
    def run(self, limit, out_file, call_limit=0):
        """Writes `limit` messages, or stops after the message that brings
        the calls to `call_limit` when that is not 0."""
        self.limit = limit
        self.call_limit = call_limit
        rng = self.rng
        heap = self.heap
        out_file.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, SNAPLEN, 1))
        next_start = 0.0
        while self.messages < limit:
            if not heap or next_start <= heap[0][0]:
                self.start_scenario(next_start)
                next_start += rng.expovariate(self.rate)
                continue
            t, _, kind, client, direction, msg, initial = heapq.heappop(heap)
            if kind == 1:  # TCP flush: msg is the pending record it was scheduled for
                conn = client.conn
                if conn.pending[direction] is msg:
                    conn.pending[direction] = None
                    if not self.emit_segment(t, client, direction, msg[1]):
                        break
            elif client.transport == UDP:
                self.udp(t, client, direction, msg)
                self.messages += 1
                self.calls += initial
                if call_limit and self.calls >= call_limit:
                    break
            else:
                conn = client.conn
                p = conn.pending[direction]
                if p is not None and p[2] + len(msg) > MSS:
                    conn.pending[direction] = None
                    if not self.emit_segment(t, client, direction, p[1]):
                        break
                    p = None
                if p is None:
                    p = conn.pending[direction] = [t + TCP_COALESCE_S, [], 0]
                    self.seq += 1
                    heapq.heappush(heap, (p[0], self.seq, 1, client, direction, p, False))
                p[1].append((msg, initial))
                p[2] += len(msg)
            if len(self.out) >= 4096:
                out_file.write(b"".join(self.out))
                self.out.clear()
        out_file.write(b"".join(self.out))
        self.out.clear()
        return t


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    size = ap.add_mutually_exclusive_group(required=True)
    size.add_argument("--messages", type=int, help="SIP messages to write")
    size.add_argument("--calls", type=int,
                      help="stop after the message that starts the C-th call (dialog-creating INVITE)")
    ap.add_argument("--out", required=True, help="output pcap")
    ap.add_argument("--seed", type=int, default=5060, help="random seed (default 5060)")
    ap.add_argument("--rate", type=float, default=250.0,
                    help="scenarios started per second (default 250)")
    args = ap.parse_args()
    if args.messages is not None and args.messages < 1:
        ap.error("--messages must be >= 1")
    if args.calls is not None and args.calls < 1:
        ap.error("--calls must be >= 1")
    started = time.monotonic()
    gen = Generator(args.seed, args.rate)
    tmp = args.out + ".tmp"
    with open(tmp, "wb", buffering=1 << 20) as f:
        if args.calls is not None:
            last_t = gen.run(1 << 62, f, args.calls)
        else:
            last_t = gen.run(args.messages, f)
    os.replace(tmp, args.out)
    elapsed = time.monotonic() - started
    print("%s: frames=%d messages=%d calls=%d tcp_frames=%d multi_message_segments=%d "
          "duration=%.1fs size=%.1fMB generated_in=%.1fs"
          % (args.out, gen.frames, gen.messages, gen.calls, gen.tcp_frames, gen.multi_segments,
             last_t, os.path.getsize(args.out) / 1e6, elapsed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
