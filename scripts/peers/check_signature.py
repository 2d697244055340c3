#!/usr/bin/env python3
"""Independent check of a CallChainSig result with coincurve and hashlib, sharing no code with chainmail.

stdin:  {"payload": hex, "signature": {"r","s","v"}, "publicKey": hex, "address": "0x…",
         "rootPublicKey": hex, "predecessor": str, "derivationPath": str}
stdout: {"recoveredPublicKey", "derivedPublicKey", "derivedAddress",
         "recoversToPublicKey", "matchesDerivation", "addressMatches", "lowS"}

derived = rootPublicKey + tweak·G with tweak = SHA3-256("near-mpc-recovery v0.1.0 epsilon derivation:"
+ predecessor + "," + derivationPath) (NEAR MPC kdf.rs); the signature must recover, over the payload
taken as the digest, to that key.
"""
import hashlib
import json
import sys

from coincurve import PublicKey
from eth_hash.auto import keccak

ORDER = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
TWEAK_PREFIX = "near-mpc-recovery v0.1.0 epsilon derivation:"


def main() -> None:
    request = json.load(sys.stdin)
    payload = bytes.fromhex(request["payload"])
    signature = request["signature"]
    compact = bytes.fromhex(signature["r"]) + bytes.fromhex(signature["s"]) + bytes([signature["v"]])
    recovered = PublicKey.from_signature_and_message(compact, payload, hasher=None)

    tweak = hashlib.sha3_256((TWEAK_PREFIX + request["predecessor"] + "," + request["derivationPath"]).encode()).digest()
    assert int.from_bytes(tweak, "big") < ORDER
    derived = PublicKey(bytes.fromhex(request["rootPublicKey"])).add(tweak)
    derived_address = "0x" + keccak(derived.format(compressed=False)[1:])[-20:].hex()

    json.dump(
        {
            "recoveredPublicKey": recovered.format(compressed=True).hex(),
            "derivedPublicKey": derived.format(compressed=True).hex(),
            "derivedAddress": derived_address,
            "recoversToPublicKey": recovered.format(compressed=True).hex() == request["publicKey"],
            "matchesDerivation": derived.format(compressed=True).hex() == request["publicKey"],
            "addressMatches": derived_address == request["address"],
            "lowS": int(signature["s"], 16) <= ORDER // 2,
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
