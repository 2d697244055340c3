#!/usr/bin/env python3
"""Regenerates testdata/dkim/: messages signed by dkimpy (an independent implementation) with
keys made for these fixtures only, their DNS records, and the verdict each must get.

Usage: scripts/make-dkim-fixtures.py [OUTPUT_DIR]   (default testdata/dkim)
"""
import base64
import json
import os
import sys

import dkim
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "testdata", "dkim")
os.makedirs(out, exist_ok=True)

def rsa_key(bits):
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption())
    spki = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return pem, "v=DKIM1; k=rsa; p=" + base64.b64encode(spki).decode()

def ed_key():
    key = ed25519.Ed25519PrivateKey.generate()
    seed = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(seed), "v=DKIM1; k=ed25519; p=" + base64.b64encode(raw).decode()

keys = {
    "rsa2048": rsa_key(2048),
    "rsa1024": rsa_key(1024),
    "ed": ed_key(),
}
dns = {
    "rsa2048._domainkey.example.com": keys["rsa2048"][1],
    "rsa1024._domainkey.example.com": keys["rsa1024"][1],
    "ed._domainkey.example.com": keys["ed"][1],
}

def message(subject, body, sender="Alice Example <alice@example.com>"):
    return (
        "From: %s\r\nTo: wallet@chainmail.test\r\nSubject: %s\r\nDate: Sat, 21 Nov 2026 06:00:00 +0000\r\n"
        "Message-ID: <%s@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n%s"
        % (sender, subject, abs(hash(subject)), body)
    ).encode()

def sign(msg, selector, canon=(b"relaxed", b"relaxed"), algorithm=b"rsa-sha256", **extra):
    key = keys[selector][0]
    signature = dkim.sign(
        msg, selector.encode(), b"example.com", key, canonicalize=canon, signature_algorithm=algorithm,
        include_headers=[b"from", b"to", b"subject", b"date", b"message-id"], **extra
    )
    return signature + msg

body = "Please sign this.\r\n\r\nThanks,  Alice\r\n\r\n\r\n"
fixtures = [
    ("01-rsa2048-relaxed.eml", sign(message("relaxed/relaxed", body), "rsa2048"), "pass"),
    ("02-rsa2048-simple.eml", sign(message("simple/simple", body), "rsa2048", canon=(b"simple", b"simple")), "pass"),
    ("03-ed25519.eml", sign(message("ed25519-sha256", body), "ed", algorithm=b"ed25519-sha256"), "pass"),
    ("04-rsa1024.eml", sign(message("1024-bit key", body), "rsa1024"), "pass"),
    ("05-rsa-sha1.eml", sign(message("rsa-sha1", body), "rsa2048", algorithm=b"rsa-sha1"), "policy"),
    ("06-tampered-body.eml", sign(message("tampered body", body), "rsa2048").replace(b"Please sign", b"Please SEND"), "fail"),
    ("07-tampered-subject.eml", sign(message("tampered subject", body), "rsa2048").replace(b"Subject: tampered", b"Subject: TAMPERED"), "fail"),
    ("08-partial-body.eml", sign(message("l= tag", body), "rsa2048", length=True) + b"Appended text.\r\n", "policy"),
    ("09-unsigned.eml", message("no signature", body), "none"),
    ("10-unknown-selector.eml", sign(message("unknown selector", body), "rsa2048").replace(b"s=rsa2048", b"s=gone"), "permerror"),
]
expected = {}
for name, data, verdict in fixtures:
    with open(os.path.join(out, name), "wb") as handle:
        handle.write(data)
    expected[name] = verdict
with open(os.path.join(out, "dns.txt"), "w") as handle:
    handle.write("# DKIM keys of the fixtures in this folder (FAKE_DNS.dat format)\n")
    for name, record in dns.items():
        handle.write("%s %s\n" % (name, record))
with open(os.path.join(out, "expected.json"), "w") as handle:
    json.dump(expected, handle, indent=2, sort_keys=True)
    handle.write("\n")
print("wrote %d fixtures to %s" % (len(fixtures), out))
