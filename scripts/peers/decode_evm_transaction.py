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


def check(line: str) -> str:
    case = json.loads(line)
    args = case["args"]
    raw = HexBytes(bytes.fromhex(case["signedTransaction"].removeprefix("0x")))
    decoded = TypedTransaction.from_bytes(raw).as_dict()
    problems = []
    expected = {"chainId": args["chainId"], "nonce": args["nonce"], "gas": args["gasLimit"], "value": int(args["value"]),
                "maxFeePerGas": int(args["maxFeePerGas"]), "maxPriorityFeePerGas": int(args["maxPriorityFeePerGas"])}
    for name, value in expected.items():
        if decoded[name] != value:
            problems.append(f"{name} decodes as {decoded[name]}, approved {value}")
    if bytes(decoded["to"]).hex() != args["to"].lower().removeprefix("0x"):
        problems.append(f"to decodes as 0x{bytes(decoded['to']).hex()}, approved {args['to']}")
    if bytes(decoded["data"]).hex() != args["data"].lower().removeprefix("0x"):
        problems.append("data decodes differently from the approved data")
    if list(decoded.get("accessList", [])):
        problems.append("the access list is not empty")
    recovered = Account.recover_transaction(raw)
    if recovered.lower() != args["from"].lower():
        problems.append(f"recovers to {recovered}, not the approved from {args['from']}")
    return "; ".join(problems)


def main() -> None:
    for index, line in enumerate(line for line in sys.stdin if line.strip()):
        try:
            problem = check(line)
        except Exception as error:  # a verdict per line, whatever goes wrong
            problem = f"{type(error).__name__}: {error}"
        print(f"ok {index}" if not problem else f"mismatch {index}: {problem}")


if __name__ == "__main__":
    main()
