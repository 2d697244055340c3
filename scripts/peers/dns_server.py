#!/usr/bin/env python3
"""A small DNS server on 127.0.0.1 for chainmail's resolver tests.

Usage: dns_server.py RECORDS.json [PORT]

It binds UDP and TCP on the same free port of 127.0.0.1 below the kernel's ephemeral range
(or on PORT, to start again where a stopped server was), prints that port as the first
line of its standard output, and answers from RECORDS.json, which it reads again for every
query so a test can change an answer while the server runs. It exits when its standard
input reaches end of file, so a test that dies never leaves it behind.

RECORDS.json:
    {
      "zone": "chainmail.example",          # owner of the SOA sent with negative answers
      "negative_ttl": 30,              # TTL and minimum of that SOA
      "records": [
        {"name": "a.chainmail.example", "type": "TXT", "ttl": 300, "strings": ["one", "two"]},
        {"name": "b.chainmail.example", "type": "TXT", "ttl": 300, "text": "split into 255-byte strings"},
        {"name": "c.chainmail.example", "type": "A", "ttl": 300, "address": "192.0.2.1"}
      ],
      "servfail": ["broken.chainmail.example"],   # answered with SERVFAIL
      "refused": ["refused.chainmail.example"],   # answered with REFUSED
      "silent": ["hang.chainmail.example"]        # never answered, over UDP or TCP
    }

A name with records of another type gets NOERROR and no data; any other name NXDOMAIN.
"""

import json
import os
import signal
import socket
import struct
import sys
import threading
import time

import free_port
from dnslib import A, DNSHeader, DNSRecord, EDNS0, QTYPE, RCODE, RR, SOA, TXT

records_path = sys.argv[1]
requested_port = int(sys.argv[2]) if len(sys.argv) > 2 else 0


def normalise(name):
    return str(name).rstrip(".").lower()


def load_records():
    with open(records_path, "r", encoding="utf-8") as handle:
        return json.load(handle)


def txt_strings(record):
    if "strings" in record:
        return [s.encode("utf-8") for s in record["strings"]]
    data = record["text"].encode("utf-8")
    return [data[i:i + 255] for i in range(0, len(data), 255)] or [b""]


def rdata_for(record):
    kind = record["type"].upper()
    if kind == "TXT":
        return QTYPE.TXT, TXT(txt_strings(record))
    if kind == "A":
        return QTYPE.A, A(record["address"])
    raise ValueError("unsupported record type " + kind)


def answer(query):
    """The reply to a parsed query, or None to stay silent."""
    config = load_records()
    qname = normalise(query.q.qname)
    if qname in {normalise(n) for n in config.get("silent", [])}:
        return None
    reply = query.reply()
    if query.ar and any(rr.rtype == QTYPE.OPT for rr in query.ar):
        reply.add_ar(EDNS0(udp_len=1232))
    if qname in {normalise(n) for n in config.get("servfail", [])}:
        reply.header.rcode = RCODE.SERVFAIL
        return reply
    if qname in {normalise(n) for n in config.get("refused", [])}:
        reply.header.rcode = RCODE.REFUSED
        return reply
    matching = [r for r in config.get("records", []) if normalise(r["name"]) == qname]
    for record in matching:
        rtype, rdata = rdata_for(record)
        if rtype == query.q.qtype:
            reply.add_answer(RR(query.q.qname, rtype, ttl=int(record.get("ttl", 300)), rdata=rdata))
    if not reply.rr:
        zone = config.get("zone", "chainmail.example")
        negative_ttl = int(config.get("negative_ttl", 30))
        soa = SOA("ns." + zone, "hostmaster." + zone, (1, 3600, 600, 86400, negative_ttl))
        reply.add_auth(RR(zone, QTYPE.SOA, ttl=negative_ttl, rdata=soa))
        if not matching:
            reply.header.rcode = RCODE.NXDOMAIN
    return reply


def udp_limit(query):
    for rr in query.ar or []:
        if rr.rtype == QTYPE.OPT:
            return max(512, rr.rclass)
    return 512


def serve_udp(sock):
    while True:
        data, peer = sock.recvfrom(65535)
        try:
            query = DNSRecord.parse(data)
            reply = answer(query)
            if reply is None:
                continue
            packed = reply.pack()
            if len(packed) > udp_limit(query):
                header = DNSHeader(id=query.header.id, bitmap=reply.header.bitmap, tc=1)
                packed = DNSRecord(header, q=query.q).pack()
            sock.sendto(packed, peer)
        except Exception as error:  # a bad packet must not stop the server
            print("dns_server: udp: %r" % (error,), file=sys.stderr)


def read_exactly(conn, count):
    data = b""
    while len(data) < count:
        chunk = conn.recv(count - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def serve_tcp_connection(conn):
    with conn:
        while True:
            prefix = read_exactly(conn, 2)
            if prefix is None:
                return
            data = read_exactly(conn, struct.unpack("!H", prefix)[0])
            if data is None:
                return
            try:
                reply = answer(DNSRecord.parse(data))
            except Exception as error:
                print("dns_server: tcp: %r" % (error,), file=sys.stderr)
                return
            if reply is None:
                continue
            packed = reply.pack()
            conn.sendall(struct.pack("!H", len(packed)) + packed)


def serve_tcp(sock):
    while True:
        conn, _ = sock.accept()
        threading.Thread(target=serve_tcp_connection, args=(conn,), daemon=True).start()


def bind_given_port(port):
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        udp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        udp.bind(("127.0.0.1", port))
        tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        tcp.bind(("127.0.0.1", port))
        tcp.listen(16)
    except OSError:
        udp.close()
        tcp.close()
        raise
    return udp, tcp, port


def bind_same_port():
    # Below the ephemeral range (free_port.py): the resolver's own queries, among other outgoing
    # sockets, cannot take the port while a test has this server stopped.
    if requested_port:
        # Started again where a stopped server was: wait out a short-lived holder of the port.
        deadline = time.monotonic() + 10
        while True:
            try:
                return bind_given_port(requested_port)
            except OSError as error:
                if time.monotonic() > deadline:
                    raise SystemExit("dns_server: port %d: %s" % (requested_port, error))
                time.sleep(0.1)
    return free_port.take_port(bind_given_port)


def exit_when_parent_goes():
    while sys.stdin.buffer.read(4096):
        pass
    os._exit(0)


def main():
    # A parent's threads may block signals, and a spawned child inherits that mask: undo it so
    # the test's SIGTERM ends this server.
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    load_records()  # fail before printing a port when the file is unreadable
    udp, tcp, port = bind_same_port()
    threading.Thread(target=serve_udp, args=(udp,), daemon=True).start()
    threading.Thread(target=serve_tcp, args=(tcp,), daemon=True).start()
    print(port, flush=True)
    exit_when_parent_goes()


if __name__ == "__main__":
    main()
