#!/usr/bin/env python3
"""sipcap.py - turn a readable SIP scenario file (*.sipscn) into a classic pcap.

Usage:  python3 captures/gen/sipcap.py INPUT.sipscn OUTPUT.pcap

The output is deterministic: the same input always gives a byte-identical
pcap (timestamps come from the file, no randomness, no wall clock).  Only the
Python standard library is used.

Scenario format
---------------
* The file is UTF-8 text; LF or CRLF line endings.
* A packet starts with a header line

      >> T PROTO SRC_IP:PORT DST_IP:PORT

  T      seconds as a decimal (0, 0.010, 32.5; at most 6 fractional digits),
         an offset from the fixed epoch 1700000000 (2023-11-14 22:13:20 UTC).
  PROTO  `udp`, `tcp` or `icmp`.  IPv4 only.  `icmp` is an ICMP port
         unreachable sent by SRC to DST that quotes the UDP datagram DST had
         sent to SRC (ports as given) carrying the message: a bounce.
  Packets are written in file order; T is not re-sorted.
* The lines after the header line, up to the next `>>` line or EOF, are the
  SIP message text.  Line endings become CRLF.  The header section ends at the
  first empty line; the generator emits CRLF CRLF after the headers and then
  the body, each body line terminated by CRLF.  A message without an empty
  line has no body but still ends with CRLF CRLF.
* Trailing lines of a message that are blank or start with `#` are not part
  of it: they are the blank lines / comments between packets.  Lines before
  the first `>>` must be blank or comments.  A `#` line *inside* a message
  (followed by more message lines) is message text.
* `Content-Length: auto` (also compact `l: auto`, any case) is replaced by the
  body length in bytes.  Any other Content-Length value is kept verbatim, so
  malformed tests can lie.
* A line consisting only of `==` separates several SIP messages carried in the
  SAME packet (meant for TCP segments with several messages; also accepted for
  UDP, where it is not legal SIP).  Each part is processed on its own.
* `!raw` as the first line of a message (right after the `>>` line or a `==`
  line) takes the following lines verbatim up to the next `>>` / `==` / EOF:
  joined with CRLF, nothing appended, no Content-Length processing.  In raw
  lines `\\xNN` stands for the byte 0xNN and `\\\\` for a backslash (any other
  backslash is an error).  To end a raw part with CRLF write `\\x0d\\x0a`.

Generated traffic
-----------------
* Ethernet II, MAC 02:00:<the 4 IPv4 octets> (locally administered).
* IPv4: TTL 64, DF set, IP ID a global counter starting at 1, correct header
  checksum.
* UDP: correct checksum.
* TCP: the first packet of a connection (unordered 4-tuple) is preceded, at
  the same timestamp, by SYN / SYN-ACK / ACK initiated by that packet's sender.
  Every data packet is one PSH|ACK segment with exact seq/ack numbers per
  direction; ISNs are derived from IP and port (CRC32), TCP checksum correct.
  No FIN is ever sent: captures may just end.
"""

import decimal
import os
import re
import struct
import sys
import zlib

EPOCH = 1700000000
SNAPLEN = 262144
LINKTYPE_ETHERNET = 1
TCP_WINDOW = 64240

HEADER_RE = re.compile(
    r"^>>\s+(\d+(?:\.\d{1,6})?)\s+(udp|tcp|icmp)\s+"
    r"(\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})\s+"
    r"(\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})\s*$")
CL_AUTO_RE = re.compile(r"^(content-length|l)[ \t]*:[ \t]*auto[ \t]*$", re.I)
RAW_ESCAPE_RE = re.compile(r"\\(x[0-9a-fA-F]{2}|\\|.?)")


class ScenarioError(Exception):
    pass


# ---------------------------------------------------------------- parsing

def parse_ip(text, lineno):
    octets = [int(o) for o in text.split(".")]
    if any(o > 255 for o in octets):
        raise ScenarioError(f"line {lineno}: bad IPv4 address {text!r}")
    return bytes(octets)


def parse_port(text, lineno):
    port = int(text)
    if not 1 <= port <= 65535:
        raise ScenarioError(f"line {lineno}: bad port {text!r}")
    return port


def is_filler(line):
    """Blank or comment line: belongs between packets, not to a message."""
    return line.strip() == "" or line.startswith("#")


def parse_scenario(text):
    """Return a list of packet dicts in file order."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    lines = [l[:-1] if l.endswith("\r") else l for l in lines]

    packets = []
    current = None
    for lineno, line in enumerate(lines, 1):
        if line.startswith(">>"):
            m = HEADER_RE.match(line)
            if not m:
                raise ScenarioError(f"line {lineno}: malformed packet header {line!r}")
            t, proto, sip, sport, dip, dport = m.groups()
            # Decimal, not float: 0.07 must become exactly 70000 us.
            usec_total = int(decimal.Decimal(t) * 1000000)
            current = {
                "lineno": lineno,
                "usec": usec_total,
                "proto": proto,
                "src": (parse_ip(sip, lineno), parse_port(sport, lineno)),
                "dst": (parse_ip(dip, lineno), parse_port(dport, lineno)),
                "lines": [],
            }
            packets.append(current)
        elif current is None:
            if not is_filler(line):
                raise ScenarioError(f"line {lineno}: text before the first '>>' line")
        else:
            current["lines"].append((lineno, line))

    for pkt in packets:
        pkt["payload"] = build_payload(pkt)
    return packets


def split_parts(numbered_lines):
    """Split a packet's lines at `==` separators, dropping filler lines at
    the end of each part."""
    parts = [[]]
    for lineno, line in numbered_lines:
        if line == "==":
            parts.append([])
        else:
            parts[-1].append((lineno, line))
    for part in parts:
        while part and is_filler(part[-1][1]):
            part.pop()
    return parts


def build_payload(pkt):
    out = b""
    for part in split_parts(pkt["lines"]):
        if not part:
            raise ScenarioError(f"line {pkt['lineno']}: empty SIP message in packet")
        if part[0][1] == "!raw":
            out += build_raw(part[1:])
        else:
            out += build_message(part)
    return out


def unescape_raw(line, lineno):
    def repl(m):
        esc = m.group(1)
        if esc == "\\":
            return "\\"
        if esc[:1] == "x" and len(esc) == 3:
            # Latin-1 maps code points 0-255 1:1 to bytes when encoding below.
            return chr(int(esc[1:], 16))
        raise ScenarioError(f"line {lineno}: bad escape '\\{esc}' in raw line")

    # Unescaped non-ASCII text is written as UTF-8; escapes as single bytes.
    chunks = []
    pos = 0
    for m in RAW_ESCAPE_RE.finditer(line):
        chunks.append(line[pos:m.start()].encode("utf-8"))
        chunks.append(repl(m).encode("latin-1"))
        pos = m.end()
    chunks.append(line[pos:].encode("utf-8"))
    return b"".join(chunks)


def build_raw(numbered_lines):
    return b"\r\n".join(unescape_raw(l, n) for n, l in numbered_lines)


def build_message(numbered_lines):
    lines = [l for _, l in numbered_lines]
    if lines[0].strip() == "":
        raise ScenarioError(
            f"line {numbered_lines[0][0]}: message starts with a blank line (use !raw)")
    if "" in lines:
        cut = lines.index("")
        headers, body_lines = lines[:cut], lines[cut + 1:]
    else:
        headers, body_lines = lines, []

    body = "".join(l + "\r\n" for l in body_lines).encode("utf-8")
    fixed = []
    for h in headers:
        m = CL_AUTO_RE.match(h)
        fixed.append(f"{m.group(1)}: {len(body)}" if m else h)
    head = "".join(h + "\r\n" for h in fixed) + "\r\n"
    return head.encode("utf-8") + body


# --------------------------------------------------------------- encoding

def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def mac_for(ip):
    return b"\x02\x00" + ip


class PcapWriter:
    def __init__(self):
        self.chunks = [struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0,
                                   SNAPLEN, LINKTYPE_ETHERNET)]
        self.ip_id = 1
        self.tcp = {}  # connection key -> {endpoint: next seq to send}

    def ip_header(self, src, dst, ip_proto, l4_length):
        ip_hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + l4_length,
                             self.ip_id & 0xFFFF, 0x4000, 64, ip_proto, 0,
                             src[0], dst[0])
        self.ip_id += 1
        return ip_hdr[:10] + struct.pack("!H", checksum(ip_hdr)) + ip_hdr[12:]

    def frame(self, usec, src, dst, ip_proto, l4):
        ip_hdr = self.ip_header(src, dst, ip_proto, len(l4))
        eth = mac_for(dst[0]) + mac_for(src[0]) + b"\x08\x00"
        data = eth + ip_hdr + l4
        if len(data) > SNAPLEN:
            raise ScenarioError(f"frame of {len(data)} bytes exceeds snaplen")
        sec, frac = divmod(usec, 1000000)
        self.chunks.append(struct.pack("<IIII", EPOCH + sec, frac,
                                       len(data), len(data)) + data)

    @staticmethod
    def pseudo(src, dst, proto, length):
        return src[0] + dst[0] + struct.pack("!BBH", 0, proto, length)

    def udp_datagram(self, src, dst, payload):
        length = 8 + len(payload)
        if length > 0xFFFF - 20:
            raise ScenarioError("UDP payload too large for one IPv4 datagram")
        hdr = struct.pack("!HHHH", src[1], dst[1], length, 0)
        csum = checksum(self.pseudo(src, dst, 17, length) + hdr + payload)
        # A computed 0 is sent as 0xFFFF (0 means "no checksum" in UDP).
        return hdr[:6] + struct.pack("!H", csum or 0xFFFF) + payload

    def udp(self, usec, src, dst, payload):
        self.frame(usec, src, dst, 17, self.udp_datagram(src, dst, payload))

    def icmp_port_unreachable(self, usec, src, dst, payload):
        # The datagram that bounced went from dst to src; it is quoted whole.
        datagram = self.udp_datagram(dst, src, payload)
        quoted = self.ip_header(dst, src, 17, len(datagram)) + datagram
        icmp = struct.pack("!BBHI", 3, 3, 0, 0) + quoted
        icmp = icmp[:2] + struct.pack("!H", checksum(icmp)) + icmp[4:]
        self.frame(usec, src, dst, 1, icmp)

    def tcp_segment(self, usec, src, dst, seq, ack, flags, payload=b""):
        hdr = struct.pack("!HHIIBBHHH", src[1], dst[1], seq & 0xFFFFFFFF,
                          ack & 0xFFFFFFFF, 5 << 4, flags, TCP_WINDOW, 0, 0)
        csum = checksum(self.pseudo(src, dst, 6, len(hdr) + len(payload))
                        + hdr + payload)
        hdr = hdr[:16] + struct.pack("!H", csum) + hdr[18:]
        self.frame(usec, src, dst, 6, hdr + payload)

    def tcp_data(self, usec, src, dst, payload):
        SYN, ACK, PSH = 0x02, 0x10, 0x08
        key = tuple(sorted([src, dst]))
        state = self.tcp.get(key)
        if state is None:
            # Fixed ISNs so output is reproducible; CRC32 keeps the two
            # directions (and different connections) visibly distinct.
            isn = {ep: zlib.crc32(ep[0] + struct.pack("!H", ep[1])) for ep in (src, dst)}
            self.tcp_segment(usec, src, dst, isn[src], 0, SYN)
            self.tcp_segment(usec, dst, src, isn[dst], isn[src] + 1, SYN | ACK)
            self.tcp_segment(usec, src, dst, isn[src] + 1, isn[dst] + 1, ACK)
            state = {src: isn[src] + 1, dst: isn[dst] + 1}
            self.tcp[key] = state
        self.tcp_segment(usec, src, dst, state[src], state[dst], PSH | ACK, payload)
        state[src] = (state[src] + len(payload)) & 0xFFFFFFFF

    def packet(self, pkt):
        if pkt["proto"] == "udp":
            self.udp(pkt["usec"], pkt["src"], pkt["dst"], pkt["payload"])
        elif pkt["proto"] == "icmp":
            self.icmp_port_unreachable(pkt["usec"], pkt["src"], pkt["dst"], pkt["payload"])
        else:
            self.tcp_data(pkt["usec"], pkt["src"], pkt["dst"], pkt["payload"])

    def getvalue(self):
        return b"".join(self.chunks)


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: sipcap.py INPUT.sipscn OUTPUT.pcap\n")
        return 2
    src_path, out_path = argv[1], argv[2]
    try:
        with open(src_path, encoding="utf-8") as f:
            packets = parse_scenario(f.read())
        if not packets:
            raise ScenarioError("no packets")
        writer = PcapWriter()
        for pkt in packets:
            writer.packet(pkt)
    except (ScenarioError, UnicodeDecodeError) as e:
        sys.stderr.write(f"{src_path}: {e}\n")
        return 1
    # Write-then-rename so an interrupted run never leaves a half pcap.
    tmp = out_path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(writer.getvalue())
    os.replace(tmp, out_path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
