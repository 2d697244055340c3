#!/usr/bin/env python3
"""Independent NEAR transaction serialiser and checker (borsh-construct, PyNaCl), sharing no code with chainmail.

stdin:  {"transaction": {"signerId", "publicKey": "ed25519:<base58>", "nonce": int, "receiverId",
                         "blockHash": "<base58 of 32 bytes>",
                         "actions": [{"functionCall": {"methodName", "args": "<hex>", "gas": int, "deposit": "<decimal>"}}
                                     | {"transfer": {"deposit": "<decimal>"}}, …]},
         "signed": "<base64 of a borsh SignedTransaction>" (optional)}
stdout: {"borsh": "<hex of borsh(Transaction)>", "hash": "<base58 of SHA-256(borsh(Transaction))>",
         "signed": {"transactionMatches": bool, "signatureValid": bool, "hash": "<base58>"} (when "signed" was given)}

The schema is nearcore's Transaction V0 (core/primitives/src/transaction.rs): signer_id String,
public_key PublicKey (enum: 0 ed25519 [u8; 32]), nonce u64, receiver_id String, block_hash [u8; 32],
actions Vec<Action> (enum: … 2 FunctionCall {method_name String, args Vec<u8>, gas u64, deposit u128},
3 Transfer {deposit u128}); SignedTransaction = Transaction, Signature (enum: 0 ed25519 [u8; 64]).
The signature is ed25519 over SHA-256 of the transaction's borsh bytes.
"""
import base64
import hashlib
import json
import sys

import base58
from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey

from near_borsh_schema import ActionSchema as Action  # noqa: E402
from near_borsh_schema import PublicKeySchema as PublicKey  # noqa: E402,F401
from near_borsh_schema import SignedTransactionSchema as SignedTransaction  # noqa: E402
from near_borsh_schema import TransactionSchema as Transaction  # noqa: E402


def decode_key(text: str) -> bytes:
    assert text.startswith("ed25519:"), text
    key = base58.b58decode(text[len("ed25519:"):])
    assert len(key) == 32
    return key


def action(item: dict):
    if "functionCall" in item:
        call = item["functionCall"]
        return Action.enum.FunctionCall(
            method_name=call["methodName"],
            args=bytes.fromhex(call["args"]),
            gas=int(call["gas"]),
            deposit=int(call["deposit"]),
        )
    if "transfer" in item:
        return Action.enum.Transfer(deposit=int(item["transfer"]["deposit"]))
    raise ValueError(f"unknown action {item}")


def transaction_value(spec: dict) -> dict:
    return {
        "signer_id": spec["signerId"],
        "public_key": PublicKey.enum.ED25519(data=decode_key(spec["publicKey"])),
        "nonce": int(spec["nonce"]),
        "receiver_id": spec["receiverId"],
        "block_hash": base58.b58decode(spec["blockHash"]),
        "actions": [action(item) for item in spec["actions"]],
    }


def main() -> None:
    request = json.load(sys.stdin)
    spec = request["transaction"]
    encoded = Transaction.build(transaction_value(spec))
    answer = {"borsh": encoded.hex(), "hash": base58.b58encode(hashlib.sha256(encoded).digest()).decode()}
    if "signed" in request:
        raw = base64.b64decode(request["signed"], validate=True)
        parsed = SignedTransaction.parse(raw)
        transaction_bytes = Transaction.build(parsed.transaction)
        digest = hashlib.sha256(transaction_bytes).digest()
        key = VerifyKey(bytes(parsed.transaction.public_key.data))
        try:
            key.verify(digest, bytes(parsed.signature.data))
            valid = True
        except BadSignatureError:
            valid = False
        answer["signed"] = {
            "transactionMatches": transaction_bytes == encoded and SignedTransaction.build(parsed) == raw,
            "signatureValid": valid,
            "hash": base58.b58encode(digest).decode(),
        }
    json.dump(answer, sys.stdout)


if __name__ == "__main__":
    main()
