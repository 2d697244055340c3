#!/usr/bin/env python3
"""A software passkey for the tests, built on `cryptography`: it makes WebAuthn assertions the
way a browser and an authenticator do (W3C WebAuthn §6.1, §5.8.1, §6.3.3).

stdin:  {"privateKey": "<64 hex>" (optional: a fresh P-256 key when absent), "rpId": "<rp id>",
         "assertions": [{"txHash": "<64 hex>", "origin": "<origin>", "signCount": n,
                         "flags": n (optional, default 0x05 UP+UV), "type": "webauthn.get" (optional),
                         "crossOrigin": false (optional)}, …]}
stdout: {"privateKey", "publicKey" (33-byte compressed hex), "keyId" (base64url credential id),
         "assertions": ["<messageSignature JSON text>", …]}
"""
import base64
import hashlib
import json
import struct
import sys

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def main() -> None:
    request = json.load(sys.stdin)
    if request.get("privateKey"):
        key = ec.derive_private_key(int(request["privateKey"], 16), ec.SECP256R1())
    else:
        key = ec.generate_private_key(ec.SECP256R1())
    public = key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.CompressedPoint)
    rp_id_hash = hashlib.sha256(request["rpId"].encode()).digest()
    assertions = []
    for item in request.get("assertions", []):
        authenticator_data = rp_id_hash + bytes([item.get("flags", 0x05)]) + struct.pack(">I", item["signCount"])
        client_data = {
            "type": item.get("type", "webauthn.get"),
            "challenge": b64url(bytes.fromhex(item["txHash"])),
            "origin": item["origin"],
            "crossOrigin": item.get("crossOrigin", False),
        }
        client_data_json = json.dumps(client_data, separators=(",", ":")).encode()
        signature = key.sign(authenticator_data + hashlib.sha256(client_data_json).digest(), ec.ECDSA(hashes.SHA256()))
        assertions.append(
            json.dumps(
                {
                    "authenticatorData": b64url(authenticator_data),
                    "clientDataJSON": b64url(client_data_json),
                    "signature": b64url(signature),
                },
                separators=(",", ":"),
            )
        )
    json.dump(
        {
            "privateKey": format(key.private_numbers().private_value, "064x"),
            "publicKey": public.hex(),
            "keyId": b64url(hashlib.sha256(public).digest()[:16]),
            "assertions": assertions,
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
