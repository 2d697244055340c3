#!/usr/bin/env python3
"""Writes a fixture folder of EVMTransaction approvals by email (PROTOCOL.md 1.1 section 8.1):
mails signed by dkimpy, each `from` address derived here in Python (SHA3-256 tweak, coincurve
point addition, eth-utils keccak and EIP-55) from the folder's fixed signer root, so replay checks
chainmail's derivation against an independent one; with dns.txt, accounts.json, now,
chains.json (the chain and its token list), signer-root.hex, expected.json, transactions.json
(each mail's transaction, as approved) and
summary-example.json (the ERC-20 transfer's transaction, for `chainmail summary`).

    scripts/make-evm-fixtures.py [OUTPUT_DIR]          testdata/evm: chain 31337 without a node
    scripts/make-evm-fixtures.py --print-addresses     from=<the address the approvals pay from>, bob=…
    scripts/make-evm-fixtures.py OUT --rpc-url URL --token ADDRESS
                                                       for a live chain (the tests' eth-tester node),
                                                       the ERC-20 mails naming the token deployed there

The executed mails: a native transfer of 1.5 ETH to BOB, a transfer of 250.5 TST (6 decimals) to
BOB, and an UNLIMITED approval on a token of no list. The refused ones: from not derived, unknown
chain, contract creation, a bad EIP-55 checksum, a priority fee above the max fee, a value of 2^256.
"""
import argparse
import hashlib
import json
import os

from eth_utils import keccak, to_checksum_address

from fixture_kit import (account, alice_mail, asking, default_output, derived_public_key, KeyRing, oidc, outcome, transaction,
                         tx_hash, write_folder)

PREDECESSOR = "chainmail.testnet"
CHAIN_ID = 31337
SIGNER_ROOT = hashlib.sha256(b"chainmail evm fixture root").hexdigest()
ALICE = oidc("alice@example.com")
BOB = "0x" + hashlib.sha256(b"chainmail evm fixture bob").hexdigest()[:40]
DEFAULT_TOKEN = "0x" + hashlib.sha256(b"chainmail evm fixture token").hexdigest()[:40]
UNLISTED_TOKEN = "0x" + hashlib.sha256(b"chainmail evm fixture unlisted token").hexdigest()[:40]
PATH = "ethereum,1"


def derived_address(identity, path):
    """PROTOCOL.md section 6, computed without chainmail: the EVM address of the derived key."""
    derived = derived_public_key(SIGNER_ROOT, PREDECESSOR, identity, path)
    return to_checksum_address(keccak(derived.format(compressed=False)[1:])[-20:])


FROM = derived_address(ALICE, PATH)


def evm(nonce, to, value="0", data="0x", chain_id=CHAIN_ID, sender=FROM, gas=21000, max_fee="2000000000", priority="1000000000"):
    args = {"chainId": chain_id, "from": sender, "path": PATH, "nonce": nonce, "to": to, "value": value, "data": data,
            "gasLimit": gas, "maxFeePerGas": max_fee, "maxPriorityFeePerGas": priority}
    return {"type": "EVMTransaction", "args": args}


def word(address):
    return address.lower().removeprefix("0x").rjust(64, "0")


def amount(units):
    return format(units, "064x")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out", nargs="?", default=default_output("evm"))
    parser.add_argument("--rpc-url")
    parser.add_argument("--token", default=DEFAULT_TOKEN)
    parser.add_argument("--print-addresses", action="store_true")
    options = parser.parse_args()
    if options.print_addresses:
        print(f"from={FROM}\nbob={to_checksum_address(BOB)}")
        return
    token = to_checksum_address(options.token)

    keys = KeyRing()
    keys.add_random("example.com", "s2026", 2048)

    def mail(subject, text):
        return alice_mail(keys, "s2026", subject, text)

    fixtures = []
    transactions = {}

    def fixture(name, tx, status, reason=None, note="", readable=True):
        """`readable` False: the block does not decode (a rule of 8.1 breaks), so the outcome has no txHash."""
        fixtures.append((name, mail(f"Approve {tx_hash(tx)}", asking(tx)), outcome(status, reason, tx if readable else None, note)))
        transactions[name] = tx

    t = transaction("alice", 0, [evm(0, BOB, value="1500000000000000000")])
    fixture("01-executed-native-transfer.eml", t, "executed", note="1.5 ETH to BOB")
    transfer = "0xa9059cbb" + word(BOB) + amount(250_500_000)
    t = transaction("alice", 1, [evm(1, token, data=transfer, gas=100000)])
    fixture("02-executed-erc20-transfer.eml", t, "executed", note="250.5 TST (6 decimals) to BOB")
    example = t
    approve = "0x095ea7b3" + word(BOB) + "f" * 64
    t = transaction("alice", 2, [evm(2, UNLISTED_TOKEN, data=approve, gas=60000)])
    fixture("03-executed-unlimited-approval-unknown-token.eml", t, "executed", note="UNLIMITED approval on a token of no list")
    t = transaction("alice", 3, [evm(3, BOB, value="1", sender=to_checksum_address(BOB))])
    fixture("04-rejected-from-not-derived.eml", t, "rejected", "from_mismatch", "from is not the address derived for alice and the path")
    t = transaction("alice", 3, [evm(3, BOB, value="1", chain_id=999)])
    fixture("05-rejected-unknown-chain.eml", t, "rejected", "chain_unknown", "chain 999 is not configured")
    t = transaction("alice", 3, [evm(3, None, data="0x6000")])
    fixture("06-rejected-contract-creation.eml", t, "rejected", "contract_creation_refused", "no `to`: contract creation", readable=False)
    bad = to_checksum_address(BOB)
    bad = bad[:2] + "".join(c.swapcase() if c.isalpha() else c for c in bad[2:])
    t = transaction("alice", 3, [evm(3, bad, value="1")])
    fixture("07-rejected-bad-checksum.eml", t, "rejected", "address_checksum_invalid", "a mixed-case `to` with a wrong EIP-55 checksum", readable=False)
    t = transaction("alice", 3, [evm(3, BOB, value="1", max_fee="1000", priority="1001")])
    fixture("08-rejected-priority-above-max-fee.eml", t, "rejected", "fee_invalid", "maxPriorityFeePerGas above maxFeePerGas", readable=False)
    t = transaction("alice", 3, [evm(3, BOB, value=str(2**256))])
    fixture("09-rejected-value-2-256.eml", t, "rejected", "amount_out_of_range", "a value of 2^256", readable=False)

    write_folder(options.out, fixtures, keys, [account("alice", ALICE)], "scripts/make-evm-fixtures.py")
    chain = {"chainId": CHAIN_ID, "name": "Local", "symbol": "ETH", "decimals": 18}
    if options.rpc_url:
        chain["rpcURL"] = options.rpc_url
    token_list = {"name": "chainmail fixtures", "timestamp": "2026-12-05T00:00:00Z", "version": {"major": 1, "minor": 0, "patch": 0},
                  "tokens": [{"chainId": CHAIN_ID, "address": token, "symbol": "TST", "name": "Test Token", "decimals": 6}]}
    with open(os.path.join(options.out, "chains.json"), "w") as handle:
        json.dump({"evm": [chain], "tokenLists": [token_list]}, handle, indent=2)
        handle.write("\n")
    with open(os.path.join(options.out, "transactions.json"), "w") as handle:
        json.dump(transactions, handle, indent=2)
        handle.write("\n")
    with open(os.path.join(options.out, "summary-example.json"), "w") as handle:
        json.dump(example, handle, indent=2)
        handle.write("\n")
    with open(os.path.join(options.out, "signer-root.hex"), "w") as handle:
        handle.write(SIGNER_ROOT + "\n")


if __name__ == "__main__":
    main()
