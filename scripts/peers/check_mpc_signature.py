#!/usr/bin/env python3
"""Checks near-mpc signatures with coincurve and the stand-in's own derivation (near_rpc.py).

No chainmail code is used: the derived key comes from near_rpc.derive_public_key (the function the
stand-in derives with), the recovery from coincurve (libsecp256k1).

stdin:  {"rootPublicKey": "secp256k1:<base58 of X||Y>", "predecessor": str,
         "signatures": [{"derivationPath", "payload": hex, "r": hex, "s": hex, "v": 0|1,
                         "publicKey": hex (compressed, as chainmail returned it)}]}
stdout: {"results": [{"recovers": bool,            # recovers, with v, to the derived key
                      "matchesDerivation": bool,   # publicKey is the derived key
                      "lowS": bool, "derivedPublicKey": hex}]}
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import base58  # noqa: E402
import coincurve  # noqa: E402

from near_rpc import SECP256K1_N, derive_public_key  # noqa: E402


def check(root, predecessor, entry):
    derived = derive_public_key(root, predecessor, entry["derivationPath"])
    compact = bytes.fromhex(entry["r"]) + bytes.fromhex(entry["s"]) + bytes([entry["v"]])
    try:
        recovered = coincurve.PublicKey.from_signature_and_message(
            compact, bytes.fromhex(entry["payload"]), hasher=None)
        recovers = recovered.format() == derived.format()
    except Exception:
        recovers = False
    return {
        "recovers": recovers,
        "matchesDerivation": entry.get("publicKey") == derived.format().hex(),
        "lowS": 0 < int(entry["s"], 16) <= SECP256K1_N // 2,
        "derivedPublicKey": derived.format().hex(),
    }


def main():
    request = json.load(sys.stdin)
    text = request["rootPublicKey"]
    assert text.startswith("secp256k1:"), text
    root = coincurve.PublicKey(b"\x04" + base58.b58decode(text[len("secp256k1:"):]))
    results = [check(root, request["predecessor"], e) for e in request["signatures"]]
    json.dump({"results": results}, sys.stdout)


if __name__ == "__main__":
    main()
