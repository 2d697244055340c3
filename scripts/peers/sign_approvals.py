#!/usr/bin/env python3
"""Writes N approval mails signed now by dkimpy (a fresh 2048-bit key per run), as a user's mail
client and provider would send them: From SENDER, Subject naming the txHash, the transaction
block in a text/plain body. For live tests of `chainmail serve` and for the pipeline benchmark.

  sign_approvals.py --out DIR --count N --account ID --sender ADDRESS [--first-nonce K] [--to ADDR]

DIR receives NNNNNN.eml, dns.txt (FAKE_DNS.dat format) and accounts.json (the account holding
the sender's OIDC identity)."""
import argparse
import base64
import hashlib
import json
import os
import time
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid
from datetime import datetime, timezone

import dkim
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

parser = argparse.ArgumentParser()
parser.add_argument("--out", required=True)
parser.add_argument("--count", type=int, required=True)
parser.add_argument("--account", required=True)
parser.add_argument("--sender", required=True)
parser.add_argument("--first-nonce", type=int, default=0)
parser.add_argument("--to", default="wallet@chainmail.test")
parser.add_argument("--padding", type=int, default=0, help="bytes of extra text in each body")
args = parser.parse_args()

domain = args.sender.split("@")[1]
key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption())
spki = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
os.makedirs(args.out, exist_ok=True)
with open(os.path.join(args.out, "dns.txt"), "w") as handle:
    handle.write(f"live._domainkey.{domain} v=DKIM1; k=rsa; p={base64.b64encode(spki).decode()}\n")
identity = {"type": "OIDC", "value": {"issuer": "https://accounts.google.com", "clientId": "chainmail-live", "email": args.sender}}
with open(os.path.join(args.out, "accounts.json"), "w") as handle:
    json.dump([{"accountId": args.account, "authIdentities": [identity]}], handle)

filler = ("The quick brown fox jumps over the lazy dog. " * (args.padding // 45 + 1))[: args.padding]
for index in range(args.count):
    nonce = args.first_nonce + index
    payload = hashlib.sha256(f"payload-{nonce}".encode()).hexdigest()
    transaction = {"accountId": args.account, "nonce": nonce,
                   "actions": [{"type": "CallChainSig", "args": {"payload": payload, "keyVersion": 0, "path": "ethereum,1"}}]}
    tx_hash = hashlib.sha256(json.dumps(transaction, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
    message = EmailMessage()
    message["From"] = args.sender
    message["To"] = args.to
    message["Subject"] = f"Approve {tx_hash}"
    message["Date"] = format_datetime(datetime.now(timezone.utc))
    message["Message-ID"] = make_msgid(domain=domain)
    body = "Please sign.\n\n" + (filler + "\n\n" if filler else "")
    body += "-----BEGIN CHAINMAIL TRANSACTION-----\n" + json.dumps(transaction, indent=2) + "\n-----END CHAINMAIL TRANSACTION-----\n"
    message.set_content(body)
    raw = message.as_bytes(policy=SMTP)
    signed = dkim.sign(raw, b"live", domain.encode(), pem, canonicalize=(b"relaxed", b"relaxed"),
                       include_headers=[b"from", b"to", b"subject", b"date", b"message-id"])
    with open(os.path.join(args.out, f"{index:06d}.eml"), "wb") as handle:
        handle.write(signed + raw)
print(f"wrote {args.count} mails to {args.out}")
