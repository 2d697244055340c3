#!/usr/bin/env python3
"""Independent EVM wallet for the tests: signs an EIP-1559 (type 2) transaction with eth-account.

stdin:  {"privateKey": "<64 hex>", "chainId": 31337, "nonce": 0, "to": "0x…", "value": "<decimal wei>",
         "data": "0x…", "gasLimit": 21000, "maxFeePerGas": "<decimal>", "maxPriorityFeePerGas": "<decimal>"}
        (the fields of PROTOCOL.md section 8.1; amounts as decimal strings or integers)
        or a list of such objects.
stdout: {"from" (lowercase 0x…), "signedTransaction": "0x02…", "transactionHash": "0x…"} (a list for a list)
"""
import json
import sys

from eth_account import Account
from eth_utils import to_checksum_address


def sign(request):
    account = Account.from_key(bytes.fromhex(request["privateKey"].removeprefix("0x")))
    transaction = {
        "type": 2,
        "chainId": int(request["chainId"]),
        "nonce": int(request["nonce"]),
        "to": to_checksum_address(request["to"]),
        "value": int(request.get("value", 0)),
        "data": bytes.fromhex(request.get("data", "0x").removeprefix("0x")),
        "gas": int(request["gasLimit"]),
        "maxFeePerGas": int(request["maxFeePerGas"]),
        "maxPriorityFeePerGas": int(request["maxPriorityFeePerGas"]),
        "accessList": [],
    }
    signed = account.sign_transaction(transaction)
    return {
        "from": account.address.lower(),
        "signedTransaction": "0x" + bytes(signed.raw_transaction).hex(),
        "transactionHash": "0x" + bytes(signed.hash).hex(),
    }


def main() -> None:
    request = json.load(sys.stdin)
    json.dump([sign(r) for r in request] if isinstance(request, list) else sign(request), sys.stdout)


if __name__ == "__main__":
    main()
