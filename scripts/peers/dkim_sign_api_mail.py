#!/usr/bin/env python3
"""Independent mail author for the HTTP API tests: composes an approval mail with Python's email
package and signs it with dkimpy (PyPI), sharing no code with chainmail.

stdin, keygen: {"mode": "keygen", "algorithm": "ed25519"|"rsa", "domain", "selector"}
stdout:        {"privateKey": "<base64 ed25519 seed | PEM>", "dnsName", "dnsRecord"}  (dnsName dnsRecord is a FAKE_DNS line)

stdin, sign:   {"mode": "sign", "algorithm", "privateKey", "domain", "selector", "from", "to", "subject",
                "body", "timestamp" (optional, unix seconds: the Date header and the DKIM t=), "headers" (optional, signed header names)}
stdout:        {"message": "<base64 of the CRLF message>"}

The body is sent quoted-printable, so the server has to undo the transfer encoding to find the
transaction block.
"""
import base64
import json
import sys
import time
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid
from datetime import datetime, timezone

import dkim
import nacl.encoding
import nacl.signing
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


def keygen(request):
    name = f"{request['selector']}._domainkey.{request['domain']}"
    if request.get("algorithm", "ed25519") == "ed25519":
        key = nacl.signing.SigningKey.generate()
        private = key.encode(encoder=nacl.encoding.Base64Encoder).decode()
        public = base64.b64encode(bytes(key.verify_key)).decode()
        return {"privateKey": private, "dnsName": name, "dnsRecord": f"v=DKIM1; k=ed25519; p={public}"}
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption())
    spki = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return {"privateKey": pem.decode(), "dnsName": name, "dnsRecord": f"v=DKIM1; k=rsa; p={base64.b64encode(spki).decode()}"}


def sign(request):
    timestamp = int(request.get("timestamp") or time.time())
    message = EmailMessage(policy=SMTP)
    message["From"] = request["from"]
    message["To"] = request["to"]
    message["Subject"] = request["subject"]
    message["Date"] = format_datetime(datetime.fromtimestamp(timestamp, timezone.utc))
    message["Message-ID"] = make_msgid(domain=request["domain"])
    message.set_content(request["body"], cte="quoted-printable")
    raw = message.as_bytes()
    ed25519 = request.get("algorithm", "ed25519") == "ed25519"
    headers = [h.encode() for h in request.get("headers", ["from", "to", "subject", "date", "message-id"])]
    # The signature's t= is the same moment as the Date header: a mail signed in the past.
    original_time = dkim.time.time
    dkim.time.time = lambda: timestamp
    try:
        signature = dkim.sign(
            raw,
            request["selector"].encode(),
            request["domain"].encode(),
            request["privateKey"].encode(),
            signature_algorithm=b"ed25519-sha256" if ed25519 else b"rsa-sha256",
            include_headers=headers,
            canonicalize=(b"relaxed", b"relaxed"),
        )
    finally:
        dkim.time.time = original_time
    return {"message": base64.b64encode(signature + raw).decode()}


def main():
    request = json.load(sys.stdin)
    answer = keygen(request) if request["mode"] == "keygen" else sign(request)
    json.dump(answer, sys.stdout)


if __name__ == "__main__":
    main()
