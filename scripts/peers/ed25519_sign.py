#!/usr/bin/env python3
"""Independent ed25519 wallet for the tests (PyNaCl): Solana signMessage and NEAR NEP-413 signatures.

stdin:  {"seed": "<64 hex>" (optional: a fresh key when absent),
         "solana": ["<message>", …],
         "near": [{"message": "<text>", "nonce": "<64 hex>", "recipient": "<service id>"}, …]}
stdout: {"seed", "publicKeyBase58",
         "solana": ["<base58 of the 64-byte signature>", …],
         "near": ["<standard padded base64 of the 64-byte signature>", …]}

NEP-413 (near/NEPs nep-0413.md): sign SHA-256(borsh u32 2147484061 || borsh {message, nonce [u8;32],
recipient, callbackUrl: None}); borsh strings are a u32 little-endian byte length and the UTF-8 bytes.
"""
import base64
import hashlib
import json
import struct
import sys

import base58
from nacl.signing import SigningKey

NEP413_TAG = 2**31 + 413


def borsh_string(text: str) -> bytes:
    data = text.encode("utf-8")
    return struct.pack("<I", len(data)) + data


def nep413_digest(message: str, nonce: bytes, recipient: str) -> bytes:
    assert len(nonce) == 32
    payload = struct.pack("<I", NEP413_TAG) + borsh_string(message) + nonce + borsh_string(recipient) + b"\x00"
    return hashlib.sha256(payload).digest()


def main() -> None:
    request = json.load(sys.stdin)
    key = SigningKey(bytes.fromhex(request["seed"])) if request.get("seed") else SigningKey.generate()
    solana = [base58.b58encode(key.sign(m.encode("utf-8")).signature).decode() for m in request.get("solana", [])]
    near = [
        base64.b64encode(
            key.sign(nep413_digest(item["message"], bytes.fromhex(item["nonce"]), item["recipient"])).signature
        ).decode()
        for item in request.get("near", [])
    ]
    json.dump(
        {
            "seed": bytes(key).hex(),
            "publicKeyBase58": base58.b58encode(bytes(key.verify_key)).decode(),
            "solana": solana,
            "near": near,
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
