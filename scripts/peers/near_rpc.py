#!/usr/bin/env python3
"""A stand-in for a NEAR JSON-RPC node and the MPC signer contract (chain signatures).

No NEAR network is reachable from the tests, so this peer answers as NEAR's RPC and the MPC
contract `v1.signer` do, and checks everything it is sent with its own code: borsh decoding by
the PyPI library borsh-construct, ed25519 by PyNaCl, secp256k1 by coincurve (libsecp256k1),
SHA3-256 by hashlib. None of chainmail's Swift is used.

Usage:
    near_rpc.py CONFIG.json [PORT]      serve (PORT 0 or absent: a free port of 127.0.0.1)
    near_rpc.py --self-test             check the derivation vectors and a full round trip

It prints the port as the first line of standard output, then serves JSON-RPC on
POST / (any path but /control), and exits when its standard input reaches end of file, so a
test that dies never leaves it behind. Every line written to its standard input is also read as
a control command (the same JSON object as POST /control, one per line).

CONFIG.json (every field optional but `accounts`):
    {
      "mpc_contract_id": "v1.signer-prod.testnet",
      "root_secret": "<64 hex>",           # the MPC network's root secret; random when absent
      "accounts": {
        "chainmail.testnet": {
          "balance": "100000000000000000000000000",     # yoctoNEAR, decimal string
          "keys": [
            {"public_key": "ed25519:<base58>", "permission": "FullAccess", "nonce": 5},
            {"public_key": "ed25519:<base58>", "nonce": 0,
             "permission": {"FunctionCall": {"allowance": null,
                                             "receiver_id": "v1.signer-prod.testnet",
                                             "method_names": ["sign"]}}}
          ]
        }
      },
      "start_height": 190000000,           # height of the first block
      "block_time": 1.0,                   # seconds per block; 0: one block per RPC request
      "block_expiry": 86400,               # blocks a transaction's block_hash stays valid
      "min_sign_gas_tgas": 15,             # the contract's sign_call_gas_attachment_requirement
      "max_gas_tgas": 300,                 # protocol max_total_prepaid_gas
      "exact_deposit": true,               # refuse a deposit other than 1 yoctoNEAR (see below)
      "sign_latency": 0.0,                 # seconds between receipt and the MPC's answer
      "polling_timeout": 2.0,              # RPC wait before TIMEOUT_ERROR (nearcore: 10 s)
      "gas_price": "100000000",            # yoctoNEAR per gas
      "state_file": "/tmp/x/near.json"     # keep the chain across a restart (see `die`)
    }
A key's nonce defaults to (start_height - 1) * 1e6, as NEAR gives a new key. The MPC contract
account exists without being listed. Without state_file the chain lives in memory only: a
stand-in started again is a new chain (new block hashes, configured nonces, no transactions).
With it, the chain is saved after every request and execution, and a stand-in started again
with the same CONFIG (and PORT) continues it: same root key and block hashes, nonces,
transactions; a transaction whose signature was still pending is finished.

JSON-RPC methods (request shapes as NEAR's, params by name):
    block            {"finality": "final"|"optimistic"} or {"block_id": height|"hash"}
    query            {"request_type": "view_access_key", "account_id", "public_key", "finality"}
                     {"request_type": "call_function", "account_id", "method_name",
                      "args_base64", "finality"}   (the contract's `public_key` view only)
                     {"request_type": "view_account", "account_id", "finality"}
    send_tx          {"signed_tx_base64", "wait_until"}
    tx, EXPERIMENTAL_tx_status   {"tx_hash", "sender_account_id", "wait_until"}
    broadcast_tx_commit, broadcast_tx_async   [signed_tx_base64]   (legacy)
    status           a minimal node status (chain_id, sync_info)

Control (POST /control, or one JSON line on stdin): an object with any of these keys, applied
in this order; the answer is the control state after the change.
    {"sign_latency": 1.5}                    # seconds before the MPC answers a `sign`
    {"timeout_next": 2, "timeout_delay": 0.5}
        # the next 2 send_tx/broadcast_tx_commit are executed (nonce used, signature made) but
        # answered, after timeout_delay seconds, with 408 TIMEOUT_ERROR: a later
        # EXPERIMENTAL_tx_status of the hash finds the outcome (time-out, then late success).
    {"fail_next": {"error": KIND, "count": 1, "method": "send_tx"}}   (or a list of these)
        # KIND, and the method it applies to by default:
        #   invalid_nonce, expired, not_enough_balance, invalid_signature  send_tx: refused
        #       transaction (HANDLER_ERROR INVALID_TRANSACTION), nothing executed
        #   unknown_account        query: HANDLER_ERROR UNKNOWN_ACCOUNT
        #   internal               any method: 500 INTERNAL_ERROR
        #   contract_failure       send_tx: executed (nonce used), final outcome Failure with a
        #                          contract panic; "message" overrides the panic text
        #   mpc_timeout            send_tx: executed, the MPC never answers: outcome Failure
        #                          "Smart contract panicked: Request has timed out."
        #   timeout                any method: 408 TIMEOUT_ERROR without doing anything
    {"wrong_signature": {"count": 1, "kind": "other_key"|"high_s"|"bad_recovery_id"}}
        # the next signature answers are wrong: made with another secret, with a high s
        # (the same signature, s replaced by n - s), or with the recovery id flipped
    {"die": "now"}                           # exit at once (the control request gets no answer)
    {"die_on": {"method": "send_tx", "when": "before"|"after"}}
        # exit when that method next arrives, before doing anything or after executing it
        # (the transaction ran, its answer is never sent)
    {"advance_blocks": 10}                   # produce 10 blocks now
    {"set_nonce": {"account_id", "public_key", "nonce"}}   # as if another client used the key
    {"reset_stats": true}
GET /control answers the control state; GET /stats answers the counts:
    {"requests": {"send_tx": 3, ...},
     "transactions_received": 3,          # distinct signed transactions (by hash)
     "transactions_accepted": 2,          # executed: nonce consumed
     "transactions_refused": 1, "refusals": {"InvalidNonce": 1, ...},
     "resubmissions": 0,                  # an identical transaction sent again (idempotent)
     "access_keys": {"<account> <public_key>": {"nonce": 7, "permission": "FullAccess",
                                               "nonces_used": {"6": 1, "7": 1},
                                               "duplicate_nonces": []}},
         # nonces_used counts the distinct transactions signed with each nonce (refused ones
         # too); duplicate_nonces lists nonces used by two different transactions
     "sign_requests": [{"tx_hash", "signer_id", "path", "payload", "domain_id", "gas",
                        "deposit", "result": "success"|"failure", "detail"}],
     "sign_by_path": {"<path>": 1}, "sign_by_payload": {"<hex>": 1},
     "signatures_made": 1, "block_height": 190000012}

Real behaviours reproduced (sources below):
  - Error objects: {"jsonrpc","id","error":{"name","cause":{"name","info"},"code":-32000,
    "message":"Server error","data"}}; REQUEST_VALIDATION_ERROR (PARSE_ERROR, METHOD_NOT_FOUND)
    with HTTP 400; HANDLER_ERROR with 200, but TIMEOUT_ERROR with 408; INTERNAL_ERROR with 500.
  - A refused transaction: cause {"name":"INVALID_TRANSACTION","info":{}} (the context is not
    serialised), the detail only in the legacy data {"TxExecutionError":{"InvalidTxError":...}}:
    InvalidNonce {tx_nonce, ak_nonce}, NonceTooLarge, Expired (also for an unknown block hash),
    NotEnoughBalance {signer_id, balance, cost}, InvalidSignature, SignerDoesNotExist,
    InvalidAccessKeyError (AccessKeyNotFound, ReceiverMismatch, MethodNameMismatch,
    DepositWithFunctionCall), ActionsValidation TotalPrepaidGasExceeded.
  - send_tx is idempotent: the same signed transaction again answers the known outcome.
  - view_access_key of an unknown key on an existing account is a normal result
    {"error": "access key ed25519:... does not exist while viewing", "logs": [],
    "block_height", "block_hash"}; of an unknown account, HANDLER_ERROR UNKNOWN_ACCOUNT.
  - A contract failure is a final outcome with status {"Failure":{"ActionError":{"index":0,
    "kind":{"FunctionCallError":{"ExecutionError":"Smart contract panicked: ..."}}}}} in 200,
    with the contract's own messages, in its order of checks (near-sdk's "Failed to deserialize
    input from JSON.", domain not found, InsufficientGas, InsufficientDeposit, payload not a
    scalar, "Request has timed out."); a call to another account: AccountDoesNotExist or
    CompilationError CodeDoesNotExist; another method: MethodResolveError MethodNotFound.
  - tx status of an unknown hash: UNKNOWN_TRANSACTION at once with wait_until NONE, otherwise
    nearcore polls until its time-out and answers TIMEOUT_ERROR (408).
  - The signature answer is SuccessValue = base64 of
    {"scheme":"Secp256k1","big_r":{"affine_point":"<66 hex>"},"s":{"scalar":"<64 hex>"},
    "recovery_id":0|1} (lower-case hex, serde_with::hex), big_r's prefix 02/03 from the
    recovery id, s low; derivation: tweak = SHA3-256("near-mpc-recovery v0.1.0 epsilon
    derivation:" + predecessor + "," + path), secret = root + tweak mod n.
  - The contract's `public_key` view answers the JSON string "secp256k1:<base58 of X||Y>".
Stricter than NEAR, on purpose (chainmail must send exactly this):
  - exact_deposit: a deposit above 1 yoctoNEAR fails (the real contract refunds the excess);
  - the sign arguments must be exactly {"request":{"path","payload_v2":{"Ecdsa"},"domain_id"}}
    (serde would ignore unknown fields and accept the legacy "payload"/"key_version");
  - one FunctionCall action only.
Defaults that differ from chainmail's PROTOCOL.md: the contract requires 15 Tgas
(near/mpc config.rs DEFAULT_SIGN_CALL_GAS_ATTACHMENT_REQUIREMENT_TERA_GAS), not 10.
Not reproduced: EXPERIMENTAL_tx_status's "receipts" list is empty; receipt outcomes and gas
accounting are plausible, not exact (gas_burnt and tokens_burnt are fixed numbers, proofs are
empty); sharding and transaction routing; the INCLUDED states (a transaction is included and
executed at once, or after sign_latency: until then wait_until INCLUDED/INCLUDED_FINAL answers
only {"final_execution_status": "INCLUDED_FINAL"}). A fault ordered for send_tx is used up by
the next send_tx even when that one resubmits a known transaction (answered its outcome).

Sources of the shapes:
  https://docs.near.org/api/rpc/transactions (send_tx, tx, EXPERIMENTAL_tx_status answers)
  https://docs.near.org/api/rpc/errors (error causes and HTTP status codes)
  https://docs.near.org/api/rpc/access-keys, https://docs.near.org/api/rpc/contracts
  https://github.com/near/nearcore chain/jsonrpc-primitives/src/types/transactions.rs
    (RpcTransactionError, legacy data), chain/jsonrpc-primitives/src/errors.rs (RpcError),
    chain/jsonrpc/src/lib.rs (tx_status_fetch, send_tx idempotence)
  https://github.com/near/read-rpc rpc-server/src/main.rs (HTTP status per error kind)
  https://github.com/near/mpc crates/contract/src/api/sign.rs, api/common.rs, errors.rs,
    config.rs (15 Tgas, 1 yoctoNEAR), crates/near-mpc-crypto-types/src/sign.rs, primitives.rs,
    kdf.rs (commit b0b6b7167e89c015ad59bfb4b0bbc78fcc8432cc)
"""

import base64
import copy
import hashlib
import json
import os
import secrets
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import base58
import coincurve
import nacl.exceptions
import nacl.signing

SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
EPSILON_PREFIX = "near-mpc-recovery v0.1.0 epsilon derivation:"
TGAS = 10**12
NONCE_RANGE_MULTIPLIER = 1_000_000
GAS_BURNT = 2_428_000_000_000      # a plausible gas_burnt for each outcome
EXECUTED_LEVELS = ("EXECUTED_OPTIMISTIC", "EXECUTED", "FINAL")
WAIT_LEVELS = ("NONE", "INCLUDED", "INCLUDED_FINAL") + EXECUTED_LEVELS

# --- borsh schemas: near_borsh_schema.py (nearcore's Transaction V0) --------------------------

from near_borsh_schema import ActionSchema, PublicKeySchema, SignatureSchema, TransactionSchema  # noqa: E402,F401


class RpcFailure(Exception):
    """An error answer: HTTP status and the `error` object."""

    def __init__(self, status, error):
        super().__init__(error.get("cause", {}).get("name", error.get("name")))
        self.status = status
        self.error = error


class Die(Exception):
    """Raised to leave the process at once."""


# --- small helpers -------------------------------------------------------------------------

def b58(data):
    return base58.b58encode(data).decode()


def near_public_key_text(kind, data):
    return ("ed25519:" if kind == "ED25519" else "secp256k1:") + b58(data)


def parse_near_ed25519(text):
    if not text.startswith("ed25519:"):
        raise ValueError("not an ed25519 key: " + text)
    data = base58.b58decode(text[len("ed25519:"):])
    if len(data) != 32:
        raise ValueError("ed25519 key is not 32 bytes: " + text)
    return data


def b64(data):
    return base64.b64encode(data).decode()


def compact_json(value):
    return json.dumps(value, separators=(",", ":"))


# --- errors in NEAR's shapes ---------------------------------------------------------------

def parse_error(message):
    return RpcFailure(400, {
        "name": "REQUEST_VALIDATION_ERROR",
        "cause": {"name": "PARSE_ERROR", "info": {"error_message": message}},
        "code": -32700, "message": "Parse error", "data": message,
    })


def method_not_found(method):
    return RpcFailure(400, {
        "name": "REQUEST_VALIDATION_ERROR",
        "cause": {"name": "METHOD_NOT_FOUND", "info": {"method_name": method}},
        "code": -32601, "message": "Method not found", "data": method,
    })


def handler_error(cause_name, info, data, status=200):
    cause = {"name": cause_name}
    if info is not None:
        cause["info"] = info
    return RpcFailure(status, {
        "name": "HANDLER_ERROR", "cause": cause,
        "code": -32000, "message": "Server error", "data": data,
    })


def internal_error(message):
    return RpcFailure(500, {
        "name": "INTERNAL_ERROR",
        "cause": {"name": "INTERNAL_ERROR", "info": {"error_message": message}},
        "code": -32000, "message": "Server error", "data": message,
    })


def timeout_error():
    # RpcTransactionError::TimeoutError is a unit variant: the cause has no info.
    return handler_error("TIMEOUT_ERROR", None, "Timeout", status=408)


def invalid_tx(context):
    """A refused transaction: the detail only in the legacy data, cause info empty."""
    return handler_error(
        "INVALID_TRANSACTION", {},
        {"TxExecutionError": {"InvalidTxError": context}})


def unknown_account(account_id, height, block_hash):
    return handler_error(
        "UNKNOWN_ACCOUNT",
        {"requested_account_id": account_id, "block_height": height, "block_hash": block_hash},
        "account %s does not exist while viewing" % account_id)


def unknown_transaction(tx_hash):
    return handler_error(
        "UNKNOWN_TRANSACTION", {"requested_transaction_hash": tx_hash},
        "Transaction %s doesn't exist" % tx_hash)


def contract_panic(message):
    return {"FunctionCallError": {"ExecutionError": "Smart contract panicked: " + message}}


# --- MPC key derivation and signing --------------------------------------------------------

def derive_tweak(predecessor, path):
    """near/mpc kdf.rs: SHA3-256 of the prefix, predecessor, "," and path, big-endian."""
    digest = hashlib.sha3_256((EPSILON_PREFIX + predecessor + "," + path).encode()).digest()
    return int.from_bytes(digest, "big")


def derive_secret(root_secret, predecessor, path):
    tweak = derive_tweak(predecessor, path)
    if tweak >= SECP256K1_N:
        raise ValueError("tweak is not a scalar")
    return (root_secret + tweak) % SECP256K1_N


def derive_public_key(root_public, predecessor, path):
    """root + tweak·G by point addition (independent of the secret addition)."""
    tweak = derive_tweak(predecessor, path)
    return coincurve.PublicKey.combine_keys(
        [root_public, coincurve.PublicKey.from_secret(tweak.to_bytes(32, "big"))])


def mpc_public_key_text(public_key):
    """The contract's `public_key` view: "secp256k1:" + base58 of the 64-byte X||Y."""
    return "secp256k1:" + b58(public_key.format(compressed=False)[1:])


def sign_payload(secret, payload, wrong=None):
    """A low-s recoverable ECDSA signature of the 32-byte payload, as the MPC answers it."""
    if wrong == "other_key":
        secret = int.from_bytes(secrets.token_bytes(32), "big") % (SECP256K1_N - 1) + 1
    key = coincurve.PrivateKey(secret.to_bytes(32, "big"))
    signature = key.sign_recoverable(payload, hasher=None)
    r, s, recovery_id = signature[:32], int.from_bytes(signature[32:64], "big"), signature[64]
    if wrong == "high_s":
        s = SECP256K1_N - s
    if wrong == "bad_recovery_id":
        recovery_id ^= 1
    return {
        "scheme": "Secp256k1",
        "big_r": {"affine_point": ("%02x" % (2 + (recovery_id & 1))) + r.hex()},
        "s": {"scalar": s.to_bytes(32, "big").hex()},
        "recovery_id": recovery_id,
    }


# --- the chain -----------------------------------------------------------------------------

class AccessKey:
    def __init__(self, account_id, public_key, permission, nonce):
        self.account_id = account_id
        self.public_key = public_key          # "ed25519:<base58>"
        self.raw = parse_near_ed25519(public_key)
        self.permission = permission          # "FullAccess" or {"FunctionCall": {...}}
        self.nonce = nonce
        self.nonces_used = {}                 # nonce -> set of transaction hashes

    def view(self):
        return {"nonce": self.nonce, "permission": copy.deepcopy(self.permission)}

    def stats(self):
        return {
            "nonce": self.nonce,
            "permission": "FullAccess" if self.permission == "FullAccess" else "FunctionCall",
            "nonces_used": {str(n): len(h) for n, h in sorted(self.nonces_used.items())},
            "duplicate_nonces": sorted(n for n, h in self.nonces_used.items() if len(h) > 1),
        }


class Chain:
    """Blocks, accounts, access keys, executed transactions, and the MPC contract."""

    def __init__(self, config):
        self.lock = threading.RLock()
        self.changed = threading.Condition(self.lock)
        self.contract_id = config.get("mpc_contract_id", "v1.signer-prod.testnet")
        root = config.get("root_secret")
        self.root_secret = int(root, 16) if root else secrets.randbelow(SECP256K1_N - 1) + 1
        self.root_public = coincurve.PrivateKey(self.root_secret.to_bytes(32, "big")).public_key
        self.start_height = int(config.get("start_height", 190_000_000))
        self.block_time = float(config.get("block_time", 1.0))
        self.block_expiry = int(config.get("block_expiry", 86_400))
        self.min_sign_gas = int(config.get("min_sign_gas_tgas", 15)) * TGAS
        self.max_gas = int(config.get("max_gas_tgas", 300)) * TGAS
        self.exact_deposit = bool(config.get("exact_deposit", True))
        self.gas_price = int(config.get("gas_price", "100000000"))
        self.polling_timeout = float(config.get("polling_timeout", 2.0))
        self.sign_latency = float(config.get("sign_latency", 0.0))
        self.started = time.monotonic()
        self.extra_blocks = 0
        self.seed = secrets.token_bytes(16)
        self.issued = {}                      # block hash -> height, for hashes handed out
        self.balances = {}
        self.keys = {}                        # (account_id, public_key) -> AccessKey
        for account_id, account in config.get("accounts", {}).items():
            self.add_account(account_id, account)
        self.balances.setdefault(self.contract_id, 10**27)
        self.transactions = {}                # tx hash -> record
        self.control = {"timeout_next": 0, "timeout_delay": 0.0, "fail_next": [],
                        "wrong_signature": [], "die_on": None}
        self.reset_stats()
        self.state_file = config.get("state_file")
        self.load()

    def add_account(self, account_id, account):
        self.balances[account_id] = int(account.get("balance", 10**26))
        default_nonce = (self.start_height - 1) * NONCE_RANGE_MULTIPLIER
        for key in account.get("keys", []):
            access_key = AccessKey(account_id, key["public_key"],
                                   key.get("permission", "FullAccess"),
                                   int(key.get("nonce", default_nonce)))
            self.keys[(account_id, key["public_key"])] = access_key

    # state kept across a restart (config "state_file")

    def save(self):
        """Writes the chain to state_file, when configured (atomically)."""
        if not self.state_file:
            return
        with self.lock:
            state = {
                "root_secret": "%064x" % self.root_secret, "seed": self.seed.hex(),
                "height": self.height(),
                "issued": {b58(h): height for h, height in self.issued.items()},
                "balances": {a: str(b) for a, b in self.balances.items()},
                "keys": {"%s %s" % name: {"nonce": key.nonce, "nonces_used": {
                    str(n): sorted(h) for n, h in key.nonces_used.items()}}
                    for name, key in self.keys.items()},
                "transactions": self.transactions, "stats": self.stats,
            }
            temporary = self.state_file + ".tmp"
            with open(temporary, "w", encoding="utf-8") as handle:
                json.dump(state, handle)
            os.replace(temporary, self.state_file)

    def load(self):
        """Continues the chain saved in state_file, when it exists."""
        if not self.state_file or not os.path.exists(self.state_file):
            return
        with open(self.state_file, "r", encoding="utf-8") as handle:
            state = json.load(handle)
        self.root_secret = int(state["root_secret"], 16)
        self.root_public = coincurve.PrivateKey(self.root_secret.to_bytes(32, "big")).public_key
        self.seed = bytes.fromhex(state["seed"])
        self.extra_blocks = state["height"] - self.start_height
        self.issued = {base58.b58decode(h): height for h, height in state["issued"].items()}
        self.balances.update({a: int(b) for a, b in state["balances"].items()})
        for name, saved in state["keys"].items():
            key = self.keys.get(tuple(name.split(" ", 1)))
            if key is not None:
                key.nonce = saved["nonce"]
                key.nonces_used = {int(n): set(h) for n, h in saved["nonces_used"].items()}
        self.transactions = state["transactions"]
        self.stats = state["stats"]

    def reset_stats(self):
        with self.lock:
            self.stats = {"requests": {}, "transactions_received": 0,
                          "transactions_accepted": 0, "transactions_refused": 0,
                          "refusals": {}, "resubmissions": 0, "sign_requests": [],
                          "sign_by_path": {}, "sign_by_payload": {}, "signatures_made": 0}
            for key in self.keys.values():
                key.nonces_used = {}

    # blocks

    def height(self):
        elapsed = time.monotonic() - self.started
        produced = int(elapsed / self.block_time) if self.block_time > 0 else 0
        return self.start_height + produced + self.extra_blocks

    def tick(self):
        """One block per request when block_time is 0."""
        if self.block_time <= 0:
            with self.lock:
                self.extra_blocks += 1

    def block_hash(self, height):
        """The hash of a block; every hash handed out is remembered as issued."""
        block_hash = hashlib.sha256(self.seed + height.to_bytes(8, "big")).digest()
        with self.lock:
            self.issued[block_hash] = height
        return block_hash

    def height_of_hash(self, block_hash):
        """The height of a block whose hash this chain issued, or None."""
        with self.lock:
            return self.issued.get(block_hash)

    def block_view(self, height):
        block_hash = b58(self.block_hash(height))
        timestamp = int(time.time() * 1e9) - (self.height() - height) * 10**9
        return {
            "author": "stand-in.pool.near",
            "header": {
                "height": height,
                "prev_height": height - 1,
                "epoch_id": b58(hashlib.sha256(self.seed + b"epoch").digest()),
                "next_epoch_id": b58(hashlib.sha256(self.seed + b"next-epoch").digest()),
                "hash": block_hash,
                "prev_hash": b58(self.block_hash(height - 1)),
                "timestamp": timestamp,
                "timestamp_nanosec": str(timestamp),
                "gas_price": str(self.gas_price),
                "chunks_included": 1,
                "latest_protocol_version": 78,
            },
            "chunks": [],
        }

    # control

    def apply_control(self, command):
        with self.lock:
            if "sign_latency" in command:
                self.sign_latency = float(command["sign_latency"])
            if "timeout_next" in command:
                self.control["timeout_next"] = int(command["timeout_next"])
            if "timeout_delay" in command:
                self.control["timeout_delay"] = float(command["timeout_delay"])
            if "fail_next" in command:
                orders = command["fail_next"]
                for order in orders if isinstance(orders, list) else [orders]:
                    self.control["fail_next"].append(fault_order(order))
            if "wrong_signature" in command:
                order = command["wrong_signature"]
                self.control["wrong_signature"] += [order.get("kind", "other_key")] * int(
                    order.get("count", 1))
            if "die_on" in command:
                self.control["die_on"] = command["die_on"]
            if "advance_blocks" in command:
                self.extra_blocks += int(command["advance_blocks"])
            if "set_nonce" in command:
                order = command["set_nonce"]
                self.keys[(order["account_id"], order["public_key"])].nonce = int(order["nonce"])
            if command.get("reset_stats"):
                self.reset_stats()
            if command.get("die") == "now":
                raise Die()
            self.save()
            return self.control_state()

    def control_state(self):
        state = copy.deepcopy(self.control)
        state["sign_latency"] = self.sign_latency
        state["block_height"] = self.height()
        state["root_public_key"] = mpc_public_key_text(self.root_public)
        return state

    def take_fault(self, method):
        """The first queued fault for this method, consumed, or None. The legacy
        broadcast_tx_* methods count as send_tx."""
        if method in ("broadcast_tx_commit", "broadcast_tx_async"):
            method = "send_tx"
        with self.lock:
            for order in self.control["fail_next"]:
                if order["method"] in (method, "*"):
                    order["count"] -= 1
                    if order["count"] <= 0:
                        self.control["fail_next"].remove(order)
                    return order
        return None

    def take_wrong_signature(self):
        with self.lock:
            if self.control["wrong_signature"]:
                return self.control["wrong_signature"].pop(0)
        return None

    def take_timeout(self):
        with self.lock:
            if self.control["timeout_next"] > 0:
                self.control["timeout_next"] -= 1
                return True
        return False

    def maybe_die(self, method, when):
        order = self.control.get("die_on")
        if order and order.get("method") == method and order.get("when", "before") == when:
            self.save()
            raise Die()

    def count_request(self, method):
        with self.lock:
            requests = self.stats["requests"]
            requests[method] = requests.get(method, 0) + 1

    def stats_view(self):
        with self.lock:
            view = copy.deepcopy(self.stats)
            view["access_keys"] = {"%s %s" % k: key.stats() for k, key in self.keys.items()}
            view["block_height"] = self.height()
            return view


DEFAULT_FAULT_METHOD = {
    "invalid_nonce": "send_tx", "expired": "send_tx", "not_enough_balance": "send_tx",
    "invalid_signature": "send_tx", "contract_failure": "send_tx", "mpc_timeout": "send_tx",
    "unknown_account": "query", "internal": "*", "timeout": "*",
}


def fault_order(order):
    kind = order["error"]
    if kind not in DEFAULT_FAULT_METHOD:
        raise ValueError("unknown fault " + kind)
    return {"error": kind, "count": int(order.get("count", 1)),
            "method": order.get("method", DEFAULT_FAULT_METHOD[kind]),
            "message": order.get("message")}


# --- decoding and checking a signed transaction ----------------------------------------------

def decode_signed_transaction(encoded):
    """(transaction, its borsh bytes, signature) from base64 of a borsh SignedTransaction."""
    try:
        raw = base64.b64decode(encoded, validate=True)
    except Exception as error:
        raise parse_error("Failed to decode transaction: %s" % error)
    try:
        transaction = TransactionSchema.parse(raw)
        tx_bytes = TransactionSchema.build(transaction)
        signature = SignatureSchema.parse(raw[len(tx_bytes):])
        sig_bytes = SignatureSchema.build(signature)
    except Exception as error:
        raise parse_error("Failed to decode transaction: %r" % (error,))
    if raw != tx_bytes + sig_bytes:
        raise parse_error("Failed to decode transaction: not canonical borsh, or trailing bytes")
    return transaction, tx_bytes, signature


def transaction_view(transaction, signature, tx_hash):
    """The `transaction` object of an outcome (nearcore SignedTransactionView)."""
    actions = []
    for action in transaction.actions:
        name = type(action).__name__
        if name == "FunctionCall":
            actions.append({"FunctionCall": {
                "method_name": action.method_name, "args": b64(action.args),
                "gas": action.gas, "deposit": str(action.deposit)}})
        elif name == "Transfer":
            actions.append({"Transfer": {"deposit": str(action.deposit)}})
        elif name == "DeployContract":
            actions.append({"DeployContract": {"code": b64(hashlib.sha256(action.code).digest())}})
        else:
            actions.append(name)
    key_kind = type(transaction.public_key).__name__
    sig_kind = type(signature).__name__
    return {
        "signer_id": transaction.signer_id,
        "public_key": near_public_key_text(key_kind, transaction.public_key.data),
        "nonce": transaction.nonce,
        "receiver_id": transaction.receiver_id,
        "actions": actions,
        "priority_fee": 0,
        "signature": near_public_key_text(sig_kind, signature.data),
        "hash": tx_hash,
    }


def check_sign_arguments(args_bytes):
    """(path, payload bytes, domain_id), or None when near-sdk could not deserialise the
    arguments. Stricter than serde: the shape must be exactly the one chainmail sends."""
    try:
        args = json.loads(args_bytes)
    except ValueError:
        return None
    if not isinstance(args, dict) or set(args) != {"request"}:
        return None
    request = args["request"]
    if not isinstance(request, dict) or set(request) != {"path", "payload_v2", "domain_id"}:
        return None
    path, payload, domain_id = request["path"], request["payload_v2"], request["domain_id"]
    if not isinstance(path, str) or not isinstance(domain_id, int) or isinstance(domain_id, bool):
        return None
    if not isinstance(payload, dict) or set(payload) != {"Ecdsa"}:
        return None
    text = payload["Ecdsa"]
    if not isinstance(text, str) or len(text) != 64:
        return None
    try:
        return path, bytes.fromhex(text), domain_id
    except ValueError:
        return None


def sign_precondition_problem(chain, call, request):
    """The contract's panic message, in the contract's order of checks, or None."""
    if request is None:
        return "Failed to deserialize input from JSON."
    path, payload, domain_id = request
    if domain_id != 0:
        return "The provided domain ID, %d, was not found." % domain_id
    if call.gas < chain.min_sign_gas:
        return "Provided gas is lower than required. Provided: %d, required: %d" % (
            call.gas, chain.min_sign_gas)
    if call.deposit < 1:
        return "Attached deposit is lower than required. Attached: %d, required: 1" % (
            call.deposit)
    if call.deposit > 1 and chain.exact_deposit:
        return "stand-in: attached deposit must be exactly 1 yoctoNEAR, got %d" % call.deposit
    if int.from_bytes(payload, "big") >= SECP256K1_N:
        return "Ecdsa payload cannot be converted to Scalar"
    return None


class Node:
    """The JSON-RPC methods over a Chain."""

    def __init__(self, chain):
        self.chain = chain
        for tx_hash, record in list(chain.transactions.items()):
            if not record["done"]:  # interrupted by a death: the chain finishes it
                transaction = decode_signed_transaction(record["signed"])[0]
                threading.Thread(target=self.execute, daemon=True,
                                 args=(transaction, tx_hash, record["fault"], 0)).start()

    # dispatch

    def call(self, method, params):
        try:
            return self.dispatch(method, params)
        finally:
            self.chain.save()

    def dispatch(self, method, params):
        chain = self.chain
        chain.count_request(method)
        chain.tick()
        chain.maybe_die(method, "before")
        fault = chain.take_fault(method)
        if fault and fault["error"] == "internal":
            raise internal_error(fault.get("message") or "stand-in: internal error ordered")
        if fault and fault["error"] == "timeout":
            time.sleep(chain.control["timeout_delay"])
            raise timeout_error()
        handlers = {
            "block": self.block, "query": self.query, "status": self.status,
            "send_tx": self.send_tx, "broadcast_tx_commit": self.broadcast_tx_commit,
            "broadcast_tx_async": self.broadcast_tx_async,
            "tx": lambda p, f: self.tx_status(p, f, False),
            "EXPERIMENTAL_tx_status": lambda p, f: self.tx_status(p, f, True),
        }
        if method not in handlers:
            raise method_not_found(method)
        return handlers[method](params, fault)

    # block and status

    def block(self, params, fault):
        if not isinstance(params, dict):
            raise parse_error("Failed parsing args: expected an object")
        chain = self.chain
        current = chain.height()
        if "finality" in params:
            return chain.block_view(current - 2 if params["finality"] == "final" else current)
        if "block_id" in params:
            block_id = params["block_id"]
            if isinstance(block_id, int):
                height = block_id if chain.start_height <= block_id <= current else None
            else:
                height = chain.height_of_hash(base58.b58decode(block_id))
            if height is None:
                raise handler_error("UNKNOWN_BLOCK", {"block_reference": {"block_id": block_id}},
                                    "DB Not Found Error: BLOCK: %s" % block_id)
            return chain.block_view(height)
        raise parse_error("Failed parsing args: missing field `finality` or `block_id`")

    def status(self, params, fault):
        chain = self.chain
        height = chain.height()
        return {"chain_id": "testnet", "protocol_version": 78, "latest_protocol_version": 78,
                "sync_info": {"latest_block_hash": b58(chain.block_hash(height)),
                              "latest_block_height": height, "syncing": False},
                "version": {"version": "stand-in", "build": "near_rpc.py"}}

    # query

    def query(self, params, fault):
        if not isinstance(params, dict) or "request_type" not in params:
            raise parse_error("Failed parsing args: missing field `request_type`")
        chain = self.chain
        height = chain.height() - (2 if params.get("finality", "final") == "final" else 0)
        block_hash = b58(chain.block_hash(height))
        account_id = params.get("account_id")
        if fault and fault["error"] == "unknown_account":
            raise unknown_account(account_id, height, block_hash)
        if account_id not in chain.balances:
            raise unknown_account(account_id, height, block_hash)
        kind = params["request_type"]
        if kind == "view_access_key":
            return self.view_access_key(params, height, block_hash)
        if kind == "call_function":
            return self.call_function(params, height, block_hash)
        if kind == "view_account":
            return {"amount": str(chain.balances[account_id]), "locked": "0",
                    "code_hash": "11111111111111111111111111111111", "storage_usage": 182,
                    "storage_paid_at": 0, "block_height": height, "block_hash": block_hash}
        raise parse_error("Failed parsing args: unknown variant `%s`" % kind)

    def view_access_key(self, params, height, block_hash):
        public_key = params.get("public_key", "")
        with self.chain.lock:
            key = self.chain.keys.get((params["account_id"], public_key))
            if key is None:
                # nearcore keeps the old shape: a normal result holding an error string.
                return {"error": "access key %s does not exist while viewing" % public_key,
                        "logs": [], "block_height": height, "block_hash": block_hash}
            view = key.view()
        view.update({"block_height": height, "block_hash": block_hash})
        return view

    def call_function(self, params, height, block_hash):
        chain = self.chain
        account_id, method = params["account_id"], params.get("method_name")
        if account_id != chain.contract_id:
            raise handler_error(
                "NO_CONTRACT_CODE",
                {"contract_account_id": account_id, "block_height": height,
                 "block_hash": block_hash},
                "Contract code for contract ID #%s has never been observed on the node"
                % account_id)
        if method != "public_key":
            message = "wasm execution failed with error: MethodResolveError(MethodNotFound)"
            raise handler_error(
                "CONTRACT_EXECUTION_ERROR",
                {"vm_error": message, "block_height": height, "block_hash": block_hash},
                message)
        answer = compact_json(mpc_public_key_text(chain.root_public)).encode()
        return {"result": list(answer), "logs": [], "block_height": height,
                "block_hash": block_hash}

    # transactions

    def send_tx(self, params, fault):
        if not isinstance(params, dict) or "signed_tx_base64" not in params:
            raise parse_error("Failed parsing args: missing field `signed_tx_base64`")
        wait_until = params.get("wait_until", "EXECUTED_OPTIMISTIC")
        if wait_until not in WAIT_LEVELS:
            raise parse_error("Failed parsing args: unknown variant `%s`" % wait_until)
        return self.submit(params["signed_tx_base64"], wait_until, fault, "send_tx")

    def broadcast_tx_commit(self, params, fault):
        if not isinstance(params, list) or len(params) != 1:
            raise parse_error("Failed parsing args: expected [signed_tx_base64]")
        return self.submit(params[0], "EXECUTED_OPTIMISTIC", fault, "broadcast_tx_commit")

    def broadcast_tx_async(self, params, fault):
        if not isinstance(params, list) or len(params) != 1:
            raise parse_error("Failed parsing args: expected [signed_tx_base64]")
        transaction, tx_bytes, _ = decode_signed_transaction(params[0])
        self.submit(params[0], "NONE", fault, "broadcast_tx_async")
        return b58(hashlib.sha256(tx_bytes).digest())

    def submit(self, encoded, wait_until, fault, method):
        chain = self.chain
        transaction, tx_bytes, signature = decode_signed_transaction(encoded)
        tx_hash = b58(hashlib.sha256(tx_bytes).digest())
        with chain.lock:
            known = chain.transactions.get(tx_hash)
            if known is None:
                self.admit(transaction, tx_bytes, signature, tx_hash, fault, encoded)
                known = chain.transactions[tx_hash]
            else:
                chain.stats["resubmissions"] += 1
        chain.maybe_die(method, "after")
        timed_out = chain.take_timeout()
        if timed_out:
            time.sleep(chain.control["timeout_delay"])
            raise timeout_error()
        if wait_until == "NONE":
            return {"final_execution_status": "NONE"}
        if wait_until in ("INCLUDED", "INCLUDED_FINAL") and not known["done"]:
            return {"final_execution_status": "INCLUDED_FINAL"}
        return self.await_outcome(tx_hash, wait_until, False)

    def admit(self, transaction, tx_bytes, signature, tx_hash, fault, encoded):
        """Check a new transaction as a node does; refuse it, or record and start it."""
        chain = self.chain
        chain.stats["transactions_received"] += 1
        try:
            self.validate(transaction, tx_bytes, signature, tx_hash, fault)
        except RpcFailure as failure:
            chain.stats["transactions_refused"] += 1
            context = failure.error["data"]["TxExecutionError"]["InvalidTxError"]
            name = context if isinstance(context, str) else next(iter(context))
            chain.stats["refusals"][name] = chain.stats["refusals"].get(name, 0) + 1
            raise
        chain.stats["transactions_accepted"] += 1
        record = {"transaction": transaction_view(transaction, signature, tx_hash),
                  "block_height": chain.height(), "done": False, "outcome": None,
                  "signed": encoded, "fault": fault}
        chain.transactions[tx_hash] = record
        delay = chain.sign_latency
        threading.Thread(target=self.execute, args=(transaction, tx_hash, fault, delay),
                         daemon=True).start()

    def validate(self, transaction, tx_bytes, signature, tx_hash, fault):
        chain = self.chain
        signer = transaction.signer_id
        key_kind = type(transaction.public_key).__name__
        public_key = near_public_key_text(key_kind, transaction.public_key.data)
        if signer not in chain.balances:
            raise invalid_tx({"SignerDoesNotExist": {"signer_id": signer}})
        key = chain.keys.get((signer, public_key))
        if key is None:
            raise invalid_tx({"InvalidAccessKeyError": {"AccessKeyNotFound": {
                "account_id": signer, "public_key": public_key}}})
        if not self.signature_valid(key, tx_bytes, signature) or (
                fault and fault["error"] == "invalid_signature"):
            raise invalid_tx("InvalidSignature")
        key.nonces_used.setdefault(transaction.nonce, set()).add(tx_hash)
        if fault and fault["error"] == "invalid_nonce":
            raise invalid_tx({"InvalidNonce": {"tx_nonce": transaction.nonce,
                                               "ak_nonce": max(key.nonce, transaction.nonce)}})
        if transaction.nonce <= key.nonce:
            raise invalid_tx({"InvalidNonce": {"tx_nonce": transaction.nonce,
                                               "ak_nonce": key.nonce}})
        upper_bound = chain.height() * NONCE_RANGE_MULTIPLIER
        if transaction.nonce >= upper_bound:
            raise invalid_tx({"NonceTooLarge": {"tx_nonce": transaction.nonce,
                                                "upper_bound": upper_bound}})
        block_height = chain.height_of_hash(transaction.block_hash)
        if (fault and fault["error"] == "expired") or block_height is None or (
                chain.height() - block_height > chain.block_expiry):
            raise invalid_tx("Expired")
        self.check_actions(transaction, key)
        cost = self.cost(transaction)
        balance = chain.balances[signer]
        if (fault and fault["error"] == "not_enough_balance") or cost > balance:
            raise invalid_tx({"NotEnoughBalance": {"signer_id": signer, "balance": str(balance),
                                                   "cost": str(cost)}})
        key.nonce = transaction.nonce
        chain.balances[signer] = balance - cost

    @staticmethod
    def signature_valid(key, tx_bytes, signature):
        if type(signature).__name__ != "ED25519":
            return False
        try:
            nacl.signing.VerifyKey(key.raw).verify(hashlib.sha256(tx_bytes).digest(),
                                                   signature.data)
            return True
        except nacl.exceptions.BadSignatureError:
            return False

    def check_actions(self, transaction, key):
        total_gas = sum(getattr(a, "gas", 0) for a in transaction.actions)
        if total_gas > self.chain.max_gas:
            raise invalid_tx({"ActionsValidation": {"TotalPrepaidGasExceeded": {
                "total_prepaid_gas": total_gas, "limit": self.chain.max_gas}}})
        if key.permission == "FullAccess":
            return
        permission = key.permission["FunctionCall"]
        calls = [a for a in transaction.actions if type(a).__name__ == "FunctionCall"]
        if len(calls) != 1 or len(transaction.actions) != 1:
            raise invalid_tx({"InvalidAccessKeyError": "RequiresFullAccess"})
        call = calls[0]
        if call.deposit > 0:
            raise invalid_tx({"InvalidAccessKeyError": "DepositWithFunctionCall"})
        if transaction.receiver_id != permission["receiver_id"]:
            raise invalid_tx({"InvalidAccessKeyError": {"ReceiverMismatch": {
                "tx_receiver": transaction.receiver_id, "ak_receiver": permission["receiver_id"]}}})
        names = permission.get("method_names") or []
        if names and call.method_name not in names:
            raise invalid_tx({"InvalidAccessKeyError": {"MethodNameMismatch": {
                "method_name": call.method_name}}})

    def cost(self, transaction):
        gas = sum(getattr(a, "gas", 0) for a in transaction.actions) + GAS_BURNT
        deposit = sum(getattr(a, "deposit", 0) for a in transaction.actions)
        return gas * self.chain.gas_price + deposit

    # execution (the contract and the MPC network)

    def execute(self, transaction, tx_hash, fault, delay):
        """Runs the receipts: answers after `delay` seconds, as the MPC network would."""
        chain = self.chain
        status, logs = self.run_contract(transaction, tx_hash, fault)
        if delay > 0:
            time.sleep(delay)
        with chain.lock:
            record = chain.transactions[tx_hash]
            record["outcome"] = self.outcome(transaction, tx_hash, status, logs)
            record["done"] = True
            chain.changed.notify_all()
        chain.save()

    def run_contract(self, transaction, tx_hash, fault):
        """(final status, logs) of the contract call, recording the sign request."""
        chain = self.chain
        actions = transaction.actions
        if len(actions) != 1 or type(actions[0]).__name__ != "FunctionCall":
            return failure_status("stand-in: expected exactly one FunctionCall action"), []
        call = actions[0]
        if transaction.receiver_id != chain.contract_id:
            if transaction.receiver_id not in chain.balances:
                return {"Failure": {"ActionError": {"index": 0, "kind": {
                    "AccountDoesNotExist": {"account_id": transaction.receiver_id}}}}}, []
            return {"Failure": {"ActionError": {"index": 0, "kind": {"FunctionCallError": {
                "CompilationError": {"CodeDoesNotExist": {
                    "account_id": transaction.receiver_id}}}}}}}, []
        if call.method_name != "sign":
            return {"Failure": {"ActionError": {"index": 0, "kind": {"FunctionCallError": {
                "MethodResolveError": "MethodNotFound"}}}}}, []
        entry = {"tx_hash": tx_hash, "signer_id": transaction.signer_id, "gas": call.gas,
                 "deposit": str(call.deposit), "args": call.args.decode("utf-8", "replace")}
        status, logs = self.sign(transaction, call, entry, fault)
        entry["result"] = "success" if "SuccessValue" in status else "failure"
        if entry["result"] == "failure":
            entry["detail"] = status
        with chain.lock:
            chain.stats["sign_requests"].append(entry)
        return status, logs

    def sign(self, transaction, call, entry, fault):
        chain = self.chain
        request = check_sign_arguments(call.args)
        if request:
            path, payload, domain_id = request
            entry.update({"path": path, "payload": payload.hex(), "domain_id": domain_id})
            with chain.lock:
                by_path, by_payload = chain.stats["sign_by_path"], chain.stats["sign_by_payload"]
                by_path[path] = by_path.get(path, 0) + 1
                by_payload[payload.hex()] = by_payload.get(payload.hex(), 0) + 1
        problem = sign_precondition_problem(chain, call, request)
        if problem is None and fault and fault["error"] == "contract_failure":
            problem = fault.get("message") or "stand-in: contract failure ordered"
        if problem is not None:
            return {"Failure": {"ActionError": {"index": 0, "kind": contract_panic(problem)}}}, []
        logs = ["sign: predecessor=AccountId(%s), request=SignRequestArgs { path: %s, "
                "payload: Ecdsa(%s), domain_id: DomainId(0) }"
                % (json.dumps(transaction.signer_id), json.dumps(path), payload.hex())]
        if fault and fault["error"] == "mpc_timeout":
            return {"Failure": {"ActionError": {"index": 0, "kind": contract_panic(
                "Request has timed out.")}}}, logs
        secret = derive_secret(chain.root_secret, transaction.signer_id, path)
        answer = sign_payload(secret, payload, chain.take_wrong_signature())
        with chain.lock:
            chain.stats["signatures_made"] += 1
        return {"SuccessValue": b64(compact_json(answer).encode())}, logs

    def outcome(self, transaction, tx_hash, status, logs):
        """A FinalExecutionOutcomeView: the transaction, its receipt and the refund."""
        chain = self.chain
        record = chain.transactions[tx_hash]
        receipt_ids = [b58(hashlib.sha256(("%s/%d" % (tx_hash, i)).encode()).digest())
                       for i in range(3)]
        block = b58(chain.block_hash(chain.height()))
        tokens = str(GAS_BURNT * chain.gas_price)

        def entry(identifier, executor, outcome_status, outcome_logs, receipts):
            return {"proof": [], "block_hash": block, "id": identifier, "outcome": {
                "logs": outcome_logs, "receipt_ids": receipts, "gas_burnt": GAS_BURNT,
                "tokens_burnt": tokens, "executor_id": executor, "status": outcome_status,
                "metadata": {"version": 3, "gas_profile": []}}}

        receipts = [
            entry(receipt_ids[0], transaction.receiver_id, status, logs, [receipt_ids[2]]),
            entry(receipt_ids[2], transaction.signer_id, {"SuccessValue": ""}, [], []),
        ]
        return {
            "final_execution_status": "FINAL",
            "status": status,
            "transaction": record["transaction"],
            "transaction_outcome": entry(tx_hash, transaction.signer_id,
                                         {"SuccessReceiptId": receipt_ids[0]}, [],
                                         [receipt_ids[0]]),
            "receipts_outcome": receipts,
        }

    def await_outcome(self, tx_hash, wait_until, with_receipts):
        """The outcome when done, waiting at most polling_timeout: TIMEOUT_ERROR after."""
        chain = self.chain
        deadline = time.monotonic() + chain.polling_timeout
        with chain.lock:
            while not chain.transactions[tx_hash]["done"]:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise timeout_error()
                chain.changed.wait(left)
            answer = copy.deepcopy(chain.transactions[tx_hash]["outcome"])
        if wait_until in ("EXECUTED_OPTIMISTIC", "EXECUTED"):
            answer["final_execution_status"] = wait_until
        if with_receipts:
            answer["receipts"] = []
        return answer

    def tx_status(self, params, fault, with_receipts):
        chain = self.chain
        if not isinstance(params, dict) or "tx_hash" not in params or (
                "sender_account_id" not in params):
            raise parse_error("Failed parsing args: missing field `tx_hash`")
        wait_until = params.get("wait_until", "EXECUTED_OPTIMISTIC")
        tx_hash = params["tx_hash"]
        with chain.lock:
            record = chain.transactions.get(tx_hash)
        if record is None or record["transaction"]["signer_id"] != params["sender_account_id"]:
            if wait_until == "NONE":
                raise unknown_transaction(tx_hash)
            # nearcore polls until its time-out for a transaction it has not seen.
            time.sleep(chain.polling_timeout)
            raise timeout_error()
        if wait_until in ("NONE", "INCLUDED", "INCLUDED_FINAL") and not record["done"]:
            return {"final_execution_status": "INCLUDED_FINAL"}
        return self.await_outcome(tx_hash, wait_until, with_receipts)


def failure_status(message):
    return {"Failure": {"ActionError": {"index": 0, "kind": contract_panic(message)}}}


# --- HTTP ------------------------------------------------------------------------------------

def make_handler(node):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            if self.path == "/stats":
                self.reply(200, node.chain.stats_view())
            elif self.path == "/control":
                with node.chain.lock:
                    self.reply(200, node.chain.control_state())
            else:
                self.reply(404, {"error": "not found"})

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            try:
                if self.path == "/control":
                    self.control(body)
                else:
                    self.rpc(body)
            except Die:
                os._exit(3)

        def control(self, body):
            try:
                state = node.chain.apply_control(json.loads(body))
            except (ValueError, KeyError, TypeError) as error:
                self.reply(400, {"error": str(error)})
                return
            self.reply(200, state)

        def rpc(self, body):
            request_id = None
            try:
                try:
                    request = json.loads(body)
                    request_id = request.get("id")
                    method = request["method"]
                except (ValueError, KeyError, TypeError, AttributeError) as error:
                    raise parse_error("Failed to parse the request: %s" % error)
                result = node.call(method, request.get("params"))
                self.reply(200, {"jsonrpc": "2.0", "id": request_id, "result": result})
            except RpcFailure as failure:
                self.reply(failure.status,
                           {"jsonrpc": "2.0", "id": request_id, "error": failure.error})

        def reply(self, status, value):
            data = json.dumps(value).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format, *args):
            pass

    return Handler


class StandInHTTPServer(ThreadingHTTPServer):
    # socketserver listens with a backlog of 5: a client opening dozens of connections at once
    # (signer-bench's 32 concurrent signatures) overflowed it, and the dropped SYNs were sent
    # again by the kernel a second later, adding 1 s to those requests.
    request_queue_size = 128


def serve(node, port):
    server = StandInHTTPServer(("127.0.0.1", port), make_handler(node))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def read_stdin_until_eof(chain):
    """Control lines on stdin; end of file ends the process."""
    for line in sys.stdin.buffer:
        line = line.strip()
        if not line:
            continue
        try:
            chain.apply_control(json.loads(line))
        except Die:
            os._exit(3)
        except (ValueError, KeyError, TypeError) as error:
            print("near_rpc: control: %s" % error, file=sys.stderr, flush=True)
    os._exit(0)


def main(argv):
    if len(argv) >= 2 and argv[1] == "--self-test":
        import near_rpc_selftest  # beside this file
        return near_rpc_selftest.run()
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    # A parent's threads may block signals, and a spawned child inherits that mask: undo it so
    # the test's SIGTERM ends this server.
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    with open(argv[1], "r", encoding="utf-8") as handle:
        chain = Chain(json.load(handle))
    server = serve(Node(chain), int(argv[2]) if len(argv) > 2 else 0)
    print(server.server_address[1], flush=True)
    read_stdin_until_eof(chain)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
