#!/usr/bin/env python3
"""Checks a signed transaction that chainmail answered against the EVMTransaction args a person
approved (PROTOCOL.md section 8.1), with eth-account alone: the signed bytes decode to exactly the
approved fields, and the signature recovers to the approved `from`.

stdin:  JSON lines {"signedTransaction": "0x02…", "args": {EVMTransaction args}}
stdout: one verdict line per transaction, in order: "ok <index>" or "mismatch <index>: <reason>".
"""
import json
import sys

from eth_account import Account
from eth_account.typed_transactions import TypedTransaction
from hexbytes import HexBytes


def problems(signed_transaction: str, args: dict) -> list:
    """What differs between the signed bytes (hex, with or without 0x) and the approved args."""
    raw = HexBytes(bytes.fromhex(signed_transaction.removeprefix("0x")))
    decoded = TypedTransaction.from_bytes(raw).as_dict()
    found = []
    expected = {"chainId": args["chainId"], "nonce": args["nonce"], "gas": args["gasLimit"], "value": int(args["value"]),
                "maxFeePerGas": int(args["maxFeePerGas"]), "maxPriorityFeePerGas": int(args["maxPriorityFeePerGas"])}
    for name, value in expected.items():
        if decoded[name] != value:
            found.append(f"{name} decodes as {decoded[name]}, approved {value}")
    if bytes(decoded["to"]).hex() != args["to"].lower().removeprefix("0x"):
        found.append(f"to decodes as 0x{bytes(decoded['to']).hex()}, approved {args['to']}")
    if bytes(decoded["data"]).hex() != args["data"].lower().removeprefix("0x"):
        found.append("data decodes differently from the approved data")
    if list(decoded.get("accessList", [])):
        found.append("the access list is not empty")
    recovered = Account.recover_transaction(raw)
    if recovered.lower() != args["from"].lower():
        found.append(f"recovers to {recovered}, not the approved from {args['from']}")
    return found


def check(line: str) -> str:
    case = json.loads(line)
    return "; ".join(problems(case["signedTransaction"], case["args"]))


def main() -> None:
    for index, line in enumerate(line for line in sys.stdin if line.strip()):
        try:
            problem = check(line)
        except Exception as error:  # a verdict per line, whatever goes wrong
            problem = f"{type(error).__name__}: {error}"
        print(f"ok {index}" if not problem else f"mismatch {index}: {problem}")


if __name__ == "__main__":
    main()
