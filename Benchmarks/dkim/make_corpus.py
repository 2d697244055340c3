#!/usr/bin/env python3
"""Writes the DKIM benchmark corpus: N messages of about 5 KB, rsa-sha256 with one fresh
2048-bit key, c=relaxed/relaxed, signed by dkimpy.

Usage: make_corpus.py OUTDIR [N]

OUTDIR gets messages/NNNNN.eml (CRLF), dns.txt (FAKE_DNS.dat format) and now (unix seconds
just after signing, the time every verifier is asked to verify at).
"""

import base64
import multiprocessing
import os
import random
import subprocess
import sys
import time

import dkim

DOMAIN = b"bench.chainmail.example"
SELECTOR = b"bench2048"
WORDS = (
    "please transfer 0.25 ETH to 0x52908400098527886E0F7030069857D2E4169EE7 nonce chain "
    "account recovery the and of to from with this that mail signature approve confirm "
    "wallet passkey sepolia mainnet gas limit priority fee deadline reply thanks regards"
).split()


def message(index: int) -> bytes:
    rng = random.Random(index)
    lines = []
    size = 0
    while size < 3900:
        line = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 14)))
        lines.append(line)
        size += len(line) + 2
    body = "\r\n".join(lines) + "\r\n"
    headers = (
        f"Received: from mx{index % 7}.sender.example (mx{index % 7}.sender.example [192.0.2.{index % 250 + 1}])\r\n"
        "\tby mx.chainmail.example with ESMTPS id bench; Fri, 21 Nov 2025 06:00:00 +0000\r\n"
        f"From: User {index} <user{index}@{DOMAIN.decode()}>\r\n"
        "To: chainmail <execute@chainmail.example>\r\n"
        f"Subject: Transaction request {index}: transfer\r\n"
        "  0.25 ETH on sepolia\r\n"
        "Date: Fri, 21 Nov 2025 06:00:00 +0000\r\n"
        f"Message-ID: <{index:08d}.{rng.getrandbits(48):012x}@{DOMAIN.decode()}>\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: 7bit\r\n"
    )
    return (headers + "\r\n" + body).encode()


def sign(job: tuple[int, bytes, str]) -> int:
    index, private_key, outdir = job
    data = message(index)
    signature = dkim.sign(data, SELECTOR, DOMAIN, private_key, canonicalize=(b"relaxed", b"relaxed"))
    with open(os.path.join(outdir, "messages", f"{index:05d}.eml"), "wb") as f:
        f.write(signature + data)
    return index


def main() -> int:
    if len(sys.argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    outdir = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) == 3 else 2000
    os.makedirs(os.path.join(outdir, "messages"), exist_ok=True)

    key_path = os.path.join(outdir, "bench2048.pem")
    subprocess.run(
        ["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", key_path],
        check=True,
        stderr=subprocess.DEVNULL,
    )
    public = subprocess.run(
        ["openssl", "pkey", "-in", key_path, "-pubout", "-outform", "DER"], check=True, capture_output=True
    ).stdout
    with open(key_path, "rb") as f:
        private_key = f.read()

    with multiprocessing.Pool(os.cpu_count()) as pool:
        done = pool.map(sign, [(i, private_key, outdir) for i in range(count)], chunksize=32)
    assert len(done) == count

    with open(os.path.join(outdir, "dns.txt"), "w") as f:
        f.write(f"{SELECTOR.decode()}._domainkey.{DOMAIN.decode()}  v=DKIM1; k=rsa; p={base64.b64encode(public).decode()}\n")
    with open(os.path.join(outdir, "now"), "w") as f:
        f.write(f"{int(time.time())}\n")
    sizes = [os.path.getsize(os.path.join(outdir, "messages", name)) for name in os.listdir(os.path.join(outdir, "messages"))]
    print(f"corpus: {count} messages, mean {sum(sizes) // len(sizes)} bytes, rsa-sha256 2048-bit, c=relaxed/relaxed, signed by dkimpy")
    return 0


if __name__ == "__main__":
    sys.exit(main())
