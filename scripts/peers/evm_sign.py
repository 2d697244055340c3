#!/usr/bin/env python3
"""Independent EVM wallet for the tests: signs an EIP-191 personal_sign message with eth-account.

stdin:  {"privateKey": "<64 hex>" (optional: a fresh key is made when absent), "messages": ["<text>", …]}
stdout: {"privateKey", "address" (lowercase 0x…), "signatures": ["0x r‖s‖v" (v 27/28), …]}
"""
import json
import sys

from eth_account import Account
from eth_account.messages import encode_defunct


def main() -> None:
    request = json.load(sys.stdin)
    account = Account.from_key(bytes.fromhex(request["privateKey"])) if request.get("privateKey") else Account.create()
    signatures = [
        "0x" + account.sign_message(encode_defunct(text=message)).signature.hex().removeprefix("0x")
        for message in request.get("messages", [])
    ]
    json.dump(
        {
            "privateKey": account.key.hex().removeprefix("0x"),
            "address": account.address.lower(),
            "signatures": signatures,
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
