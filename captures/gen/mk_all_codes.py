#!/usr/bin/env python3
"""Write scenarios/all-codes.sipscn from the IANA response-code table.

Usage:  python3 captures/gen/mk_all_codes.py IANA.tsv > captures/gen/scenarios/all-codes.sipscn

Only needed when the registry changes: the committed .sipscn file is the
source that generate.sh turns into captures/all-codes.pcap.  The TSV has one
code a line: code <TAB> reason phrase <TAB> reference.
"""

import sys

CLIENT = "192.0.2.10:5060"
SERVER = "192.0.2.20:5060"
STEP_MS = 10

# Codes whose reason phrase on the wire deliberately differs from the
# registered one: the plugin must still show the registered phrase.
WIRE_PHRASE = {
    404: "Nobody Home",
    486: "User Busy",
    500: "Oops DB down",
}

# Codes outside the registry (but inside the 1xx-6xx ranges).
UNREGISTERED = [
    (299, "Custom Success", "OPTIONS"),
    (399, "Custom Redirection", "INVITE"),
    (499, "Custom Client Failure", "OPTIONS"),
    (599, "Custom Server Failure", "INVITE"),
    (699, "Custom Global Failure", "INVITE"),
]

# Method that makes sense for a code; INVITE for everything else.
METHOD = {
    202: "SUBSCRIBE", 204: "SUBSCRIBE", 489: "SUBSCRIBE",
    401: "REGISTER", 423: "REGISTER", 439: "REGISTER", 494: "REGISTER",
    555: "REGISTER",
    405: "MESSAGE", 513: "MESSAGE",
    412: "PUBLISH",
    429: "REFER",
    469: "INFO",
    481: "BYE",
}

# Extra response headers that the code calls for (RFC 3261 and friends).
EXTRA_RESPONSE_HEADERS = {
    401: ['WWW-Authenticate: Digest realm="192.0.2.20", nonce="4f1c2a9e", algorithm=MD5, qop="auth"'],
    405: ["Allow: INVITE, ACK, CANCEL, BYE, OPTIONS"],
    407: ['Proxy-Authenticate: Digest realm="192.0.2.20", nonce="7b3d9e01", algorithm=MD5'],
    420: ["Unsupported: foo"],
    421: ["Require: 100rel"],
    422: ["Min-SE: 1800"],
    423: ["Min-Expires: 3600"],
    494: ["Security-Server: ipsec-3gpp;q=0.1;alg=hmac-sha-1-96;spi-c=1111;spi-s=2222;port-c=5062;port-s=5064"],
    503: ["Retry-After: 120"],
}


def request_lines(code, method, branch, cseq):
    aor = f"<sip:alice@192.0.2.10>;tag=a{code}"
    target = "sip:bob@192.0.2.20"
    to = "<sip:bob@192.0.2.20>"
    extra = []
    body = []
    if method == "REGISTER":
        target = "sip:192.0.2.20"
        to = "<sip:alice@192.0.2.10>"
        extra = ["Contact: <sip:alice@192.0.2.10:5060>", "Expires: 60" if code == 423 else "Expires: 3600"]
        if code == 494:
            extra.append("Security-Client: ipsec-3gpp;alg=hmac-sha-1-96;spi-c=3333;spi-s=4444;port-c=5066;port-s=5068")
            extra.append("Require: sec-agree")
        if code == 439:
            extra[0] = "Contact: <sip:alice@192.0.2.10:5060;ob>;reg-id=1;+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000a95a0e128>\""
        if code == 555:
            extra[0] = "Contact: <sip:alice@192.0.2.10:5060;pn-provider=acme;pn-prid=0123abcd>"
    elif method == "SUBSCRIBE":
        extra = ["Contact: <sip:alice@192.0.2.10:5060>", "Event: presence" if code != 489 else "Event: no-such-package", "Expires: 600"]
        if code == 204:
            extra.append('Suppress-If-Match: "b4cf7"')
    elif method == "PUBLISH":
        target = "sip:alice@192.0.2.20"
        to = "<sip:alice@192.0.2.20>"
        extra = ["Event: presence", "SIP-If-Match: dx200xyz", "Expires: 3600"]
    elif method == "MESSAGE":
        extra = ["Content-Type: text/plain"]
        body = ["Hello Bob, this is message " + str(code) + "."]
    elif method == "REFER":
        extra = ["Contact: <sip:alice@192.0.2.10:5060>", "Refer-To: <sip:carol@192.0.2.30>"]
    elif method == "INFO":
        to = f"<sip:bob@192.0.2.20>;tag=b{code}"
        extra = ["Info-Package: no-such-package", "Content-Type: application/octet-stream"]
        body = ["00"]
    elif method == "BYE":
        to = f"<sip:bob@192.0.2.20>;tag=b{code}"
    elif method in ("INVITE", "OPTIONS"):
        extra = ["Contact: <sip:alice@192.0.2.10:5060>"]
    lines = [
        f"{method} {target} SIP/2.0",
        f"Via: SIP/2.0/UDP 192.0.2.10:5060;branch={branch}",
        "Max-Forwards: 70",
        f"From: {aor}",
        f"To: {to}",
        f"Call-ID: allcodes-{code}@192.0.2.10",
        f"CSeq: {cseq} {method}",
        *extra,
        "Content-Length: auto",
    ]
    if body:
        lines += [""] + body
    return lines, to


def response_lines(code, phrase, req, to):
    # Copy Via/From/Call-ID/CSeq from the request; the UAS adds its To tag
    # (except on 100 Trying, which is hop-by-hop and creates no dialog).
    get = lambda name: next(l for l in req if l.startswith(name + ":"))
    if ";tag=" not in to and code != 100:
        to = f"{to};tag=b{code}"
    lines = [f"SIP/2.0 {code} {phrase}", get("Via"), get("From"), f"To: {to}",
             get("Call-ID"), get("CSeq")]
    method = get("CSeq").split()[-1]
    if 300 <= code < 400:
        lines.append("Contact: <sip:bob@198.51.100.7:5060>")  # where to retry
    elif (method == "INVITE" and code != 100 and code < 300) or \
            (method == "SUBSCRIBE" and 200 <= code < 300):
        lines.append("Contact: <sip:bob@192.0.2.20:5060>")
    if method == "SUBSCRIBE" and 200 <= code < 300:
        lines.append("Expires: 600")
    lines += EXTRA_RESPONSE_HEADERS.get(code, [])
    lines.append("Content-Length: 0")
    return lines, to


def ack_lines(req, to, branch_2xx):
    get = lambda name: next(l for l in req if l.startswith(name + ":"))
    if branch_2xx:
        # ACK for 2xx is its own transaction: new branch, Request-URI = Contact.
        first, via = "ACK sip:bob@192.0.2.20:5060 SIP/2.0", \
            f"Via: SIP/2.0/UDP 192.0.2.10:5060;branch={branch_2xx}"
    else:
        # ACK for a non-2xx final is part of the INVITE transaction: same branch.
        first, via = "ACK sip:bob@192.0.2.20 SIP/2.0", get("Via")
    cseq = get("CSeq").split()[1]
    return [first, via, "Max-Forwards: 70", get("From"), f"To: {to}",
            get("Call-ID"), f"CSeq: {cseq} ACK", "Content-Length: 0"]


def main():
    rows = []
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            if line.strip():
                code, phrase, ref = line.rstrip("\n").split("\t")
                rows.append((int(code), phrase, ref, METHOD.get(int(code), "INVITE")))
    rows.sort()
    registered = {r[0] for r in rows}
    # Unregistered codes come after all registered ones, in their own order.
    for code, phrase, method in UNREGISTERED:
        assert code not in registered, code
        rows.append((code, phrase, "unregistered", method))

    out = []
    w = out.append
    w("# all-codes: one request/response exchange per IANA-registered SIP response")
    w(f"# code ({len(registered)} codes), in ascending order, followed by the unregistered")
    w("# codes " + ", ".join(str(c) for c, *_ in UNREGISTERED) + ".")
    w("# UDP, client 192.0.2.10:5060 <-> server 192.0.2.20:5060, 10 ms per packet.")
    w("# Wire phrase differs from the registered one for: "
      + ", ".join(f'{c} ("{p}")' for c, p in sorted(WIRE_PHRASE.items())) + ".")
    w("# INVITE with a final response is followed by its ACK.")
    w("# Generated by mk_all_codes.py from the IANA table; edit that script, not this file.")
    w("")
    t = 0

    def pkt(frm, to_, lines):
        nonlocal t
        w(f">> {t // 1000}.{t % 1000:03d} udp {frm} {to_}")
        out.extend(lines)
        w("")
        t += STEP_MS

    for code, phrase, ref, method in rows:
        wire = WIRE_PHRASE.get(code, phrase)
        note = f" -- on the wire: \"{wire}\"" if wire != phrase else ""
        w(f"# ---- {code} {phrase} ({ref}), {method}{note}")
        w("")
        branch = f"z9hG4bK-allcodes-{code}"
        # BYE/INFO are sent inside an (assumed) dialog set up with CSeq 1.
        req, to = request_lines(code, method, branch, 2 if method in ("BYE", "INFO") else 1)
        pkt(CLIENT, SERVER, req)
        resp, to = response_lines(code, wire, req, to)
        pkt(SERVER, CLIENT, resp)
        if method == "INVITE" and code >= 200:
            branch_2xx = f"z9hG4bK-allcodes-{code}-ack" if code < 300 else None
            pkt(CLIENT, SERVER, ack_lines(req, to, branch_2xx))
    sys.stdout.write("\n".join(out).rstrip("\n") + "\n")


if __name__ == "__main__":
    main()
