#!/usr/bin/env python3
"""Independent check of chainmail's EIP-1559 transactions with eth-account (not chainmail's RLP or Keccak).

stdin:  JSON lines, one transaction each:
        {"fields": {"chainId": int, "nonce": int, "maxPriorityFeePerGas": "<decimal>", "maxFeePerGas": "<decimal>",
                    "gas": int, "to": "0x…", "value": "<decimal>", "data": "0x…"},
         "secretKey": "<64 hex>", "signingPayload": "<64 hex>", "signedTransaction": "<hex>",
         "transactionHash": "<64 hex>"}
stdout: one verdict line per transaction, in order: "ok <index>" or "mismatch <index>: <reason>".

eth-account builds and signs the same fields itself (RFC 6979 with low s, as libsecp256k1), so its signed
bytes must equal chainmail's byte for byte; it also decodes chainmail's signed bytes, compares the fields and
recovers the signer's address.
"""
import json
import sys

from eth_account import Account
from eth_account.typed_transactions import TypedTransaction
from eth_utils import to_checksum_address

from decode_evm_transaction import problems as decoded_problems


def check(line: str) -> str:
    case = json.loads(line)
    fields = case["fields"]
    transaction = {
        "type": 2,
        "chainId": fields["chainId"],
        "nonce": fields["nonce"],
        "maxPriorityFeePerGas": int(fields["maxPriorityFeePerGas"]),
        "maxFeePerGas": int(fields["maxFeePerGas"]),
        "gas": fields["gas"],
        "to": to_checksum_address(fields["to"]),
        "value": int(fields["value"]),
        "data": fields["data"],
        "accessList": [],
    }
    key = bytes.fromhex(case["secretKey"])
    account = Account.from_key(key)
    problems = []

    signing_hash = TypedTransaction.from_dict(transaction).hash().hex().removeprefix("0x")
    if signing_hash != case["signingPayload"]:
        problems.append(f"signing payload {case['signingPayload']} != eth-account {signing_hash}")

    signed = Account.sign_transaction(transaction, key)
    theirs = bytes(signed.raw_transaction).hex()
    if theirs != case["signedTransaction"]:
        problems.append(f"signed bytes differ: eth-account {theirs}")
    their_hash = bytes(signed.hash).hex()
    if their_hash != case["transactionHash"]:
        problems.append(f"transaction hash {case['transactionHash']} != eth-account {their_hash}")

    approved = {"chainId": fields["chainId"], "nonce": fields["nonce"], "gasLimit": fields["gas"], "value": fields["value"],
                "maxFeePerGas": fields["maxFeePerGas"], "maxPriorityFeePerGas": fields["maxPriorityFeePerGas"],
                "to": fields["to"], "data": fields["data"], "from": account.address}
    problems += decoded_problems(case["signedTransaction"], approved)
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
