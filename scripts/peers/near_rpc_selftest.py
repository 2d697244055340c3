#!/usr/bin/env python3
"""Self-test of near_rpc.py, run by `near_rpc.py --self-test` (exit status 0 when all pass).

1. The MPC derivation against testdata/vectors/near-kdf.json: the 16 tweaks published by
   near/mpc, the published testnet derived key (by point addition), and the local-signer cases
   (derived secret, derived key, the contract's `public_key` text, the signature and the MPC
   answer of the same payload).
2. A round trip over HTTP to an in-process server: transactions built with borsh-construct and
   signed with PyNaCl; the signature answer recovered with coincurve to the key derived from
   the root public key; and every refusal, failure and control order the tests rely on.
3. The command line: the port on the first line, exit at end of stdin, `die_on`.
"""

import base64
import hashlib
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

import base58
import coincurve
import nacl.signing

import near_rpc as rpc

VECTORS = pathlib.Path(__file__).resolve().parents[2] / "testdata" / "vectors" / "near-kdf.json"
CONTRACT = "v1.signer-prod.testnet"
failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL " + what, flush=True)


# --- 1. vectors ----------------------------------------------------------------------------

def check_vectors():
    vectors = json.loads(VECTORS.read_text())
    for case in vectors["publishedTweaks"]["cases"]:
        tweak = rpc.derive_tweak(case["predecessor"], case["path"])
        check("%064x" % tweak == case["tweak"], "tweak %s %s" % (case["predecessor"], case["path"]))
    for case in vectors["publishedDerivedKeys"]:
        root = coincurve.PublicKey(bytes.fromhex(case["rootPublicKeyCompressed"]))
        derived = rpc.derive_public_key(root, case["predecessor"], case["path"])
        check(derived.format().hex() == case["derivedPublicKeyCompressed"], "published derived key")
        check(rpc.mpc_public_key_text(root) == case["rootPublicKeyNear"], "published root text")
    for case in vectors["localSigner"]["cases"]:
        check_local_signer_case(case)
    return vectors


def check_local_signer_case(case):
    name = case["name"]
    root_secret = int(case["rootSecret"], 16)
    root = coincurve.PrivateKey(bytes.fromhex(case["rootSecret"])).public_key
    check(rpc.mpc_public_key_text(root) == case["rootPublicKeyNear"], name + ": root text")
    secret = rpc.derive_secret(root_secret, case["predecessor"], case["derivationPath"])
    check("%064x" % secret == case["derivedSecret"], name + ": derived secret")
    derived = rpc.derive_public_key(root, case["predecessor"], case["derivationPath"])
    check(derived.format().hex() == case["derivedPublicKeyCompressed"], name + ": derived key")
    if "payload" in case and "mpcResponse" in case:
        answer = rpc.sign_payload(secret, bytes.fromhex(case["payload"]))
        expected = dict(case["mpcResponse"], scheme="Secp256k1")
        check(answer == expected, name + ": MPC answer %s" % answer)


# --- 2. round trip ---------------------------------------------------------------------------

class Client:
    def __init__(self, port):
        self.url = "http://127.0.0.1:%d" % port

    def post(self, path, body):
        request = urllib.request.Request(self.url + path, data=json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def call(self, method, params):
        return self.post("/", {"jsonrpc": "2.0", "id": "dontcare", "method": method,
                               "params": params})

    def control(self, command):
        return self.post("/control", command)

    def stats(self):
        with urllib.request.urlopen(self.url + "/stats", timeout=30) as response:
            return json.loads(response.read())


class Account:
    """An account id and an ed25519 key that builds and signs transactions."""

    def __init__(self, account_id, key=None):
        self.account_id = account_id
        self.key = key or nacl.signing.SigningKey.generate()
        self.public_key = "ed25519:" + base58.b58encode(bytes(self.key.verify_key)).decode()

    def signed(self, nonce, block_hash, args=None, gas=300 * rpc.TGAS, deposit=1,
               receiver=CONTRACT, method="sign", signing_key=None):
        schema = rpc.TransactionSchema
        action = rpc.ActionSchema.enum.FunctionCall(
            method_name=method, args=json.dumps(args).encode() if not isinstance(args, bytes)
            else args, gas=gas, deposit=deposit)
        transaction = {
            "signer_id": self.account_id,
            "public_key": rpc.PublicKeySchema.enum.ED25519(data=bytes(self.key.verify_key)),
            "nonce": nonce, "receiver_id": receiver,
            "block_hash": base58.b58decode(block_hash), "actions": [action],
        }
        tx_bytes = schema.build(transaction)
        digest = hashlib.sha256(tx_bytes).digest()
        signature = (signing_key or self.key).sign(digest).signature
        signed = tx_bytes + rpc.SignatureSchema.build(rpc.SignatureSchema.enum.ED25519(
            data=signature))
        return base64.b64encode(signed).decode(), base58.b58encode(digest).decode()


def sign_args(path, payload_hex):
    return {"request": {"path": path, "payload_v2": {"Ecdsa": payload_hex}, "domain_id": 0}}


def invalid_tx_detail(status, body):
    error = body.get("error", {})
    if status != 200 or error.get("name") != "HANDLER_ERROR":
        return None
    if error.get("cause") != {"name": "INVALID_TRANSACTION", "info": {}}:
        return None
    return error["data"]["TxExecutionError"]["InvalidTxError"]


def execution_error(body):
    failure = body["result"]["status"].get("Failure", {})
    return failure.get("ActionError", {}).get("kind", {}).get("FunctionCallError", {}).get(
        "ExecutionError", "")


def recover(answer, payload):
    """The public key that the MPC answer's signature recovers to, and whether s is low."""
    r = bytes.fromhex(answer["big_r"]["affine_point"])[1:]
    s = bytes.fromhex(answer["s"]["scalar"])
    signature = r + s + bytes([answer["recovery_id"]])
    key = coincurve.PublicKey.from_signature_and_message(signature, payload, hasher=None)
    return key, int.from_bytes(s, "big") <= rpc.SECP256K1_N // 2


class RoundTrip:
    def __init__(self, case):
        self.case = case
        self.owner = Account(case["predecessor"])
        self.limited = Account(case["predecessor"])
        self.stranger = Account(case["predecessor"])
        config = {
            "mpc_contract_id": CONTRACT, "root_secret": case["rootSecret"],
            "block_time": 0, "block_expiry": 5, "polling_timeout": 0.5, "start_height": 1000,
            "accounts": {case["predecessor"]: {"keys": [
                {"public_key": self.owner.public_key, "permission": "FullAccess", "nonce": 7},
                {"public_key": self.limited.public_key, "nonce": 0, "permission": {
                    "FunctionCall": {"allowance": None, "receiver_id": CONTRACT,
                                     "method_names": ["sign"]}}}]}},
        }
        self.chain = rpc.Chain(config)
        self.server = rpc.serve(rpc.Node(self.chain), 0)
        self.client = Client(self.server.server_address[1])
        self.nonce = 7
        self.root = coincurve.PublicKey(bytes.fromhex(case["rootPublicKeyCompressed"]))

    def block_hash(self):
        status, body = self.client.call("block", {"finality": "final"})
        check(status == 200 and isinstance(body["result"]["header"]["height"], int), "block")
        return body["result"]["header"]["hash"]

    def send(self, signed, wait_until="FINAL"):
        return self.client.call("send_tx", {"signed_tx_base64": signed, "wait_until": wait_until})

    def next_signed(self, **options):
        self.nonce += 1
        return self.owner.signed(self.nonce, self.block_hash(), **options)

    def run(self):
        for step in (self.views, self.success, self.refusals, self.contract_failures,
                     self.time_outs, self.wrong_signatures, self.other_faults, self.statistics):
            step()
        self.server.shutdown()

    def views(self):
        client, case = self.client, self.case
        status, body = client.call("query", {
            "request_type": "call_function", "finality": "final", "account_id": CONTRACT,
            "method_name": "public_key", "args_base64": base64.b64encode(b"{}").decode()})
        text = json.loads(bytes(body["result"]["result"]))
        check(status == 200 and text == case["rootPublicKeyNear"], "public_key view")
        status, body = client.call("query", {
            "request_type": "view_access_key", "finality": "final",
            "account_id": case["predecessor"], "public_key": self.owner.public_key})
        check(body["result"]["nonce"] == 7 and body["result"]["permission"] == "FullAccess",
              "view_access_key")
        status, body = client.call("query", {
            "request_type": "view_access_key", "finality": "final",
            "account_id": case["predecessor"], "public_key": self.stranger.public_key})
        check(status == 200 and body["result"]["error"] == "access key %s does not exist while "
              "viewing" % self.stranger.public_key and "block_hash" in body["result"],
              "unknown access key is a result")
        status, body = client.call("query", {
            "request_type": "view_access_key", "finality": "final",
            "account_id": "nobody.testnet", "public_key": self.owner.public_key})
        check(status == 200 and body["error"]["cause"]["name"] == "UNKNOWN_ACCOUNT",
              "unknown account error")

    def success(self):
        case = self.case
        payload = bytes.fromhex(case["payload"])
        signed, tx_hash = self.next_signed(args=sign_args(case["derivationPath"], case["payload"]))
        status, body = self.send(signed)
        result = body.get("result", {})
        check(status == 200 and result.get("final_execution_status") == "FINAL", "send_tx FINAL")
        check(result["transaction"]["hash"] == tx_hash, "transaction hash")
        answer = json.loads(base64.b64decode(result["status"]["SuccessValue"]))
        key, low = recover(answer, payload)
        derived = rpc.derive_public_key(self.root, case["predecessor"], case["derivationPath"])
        check(key == derived and low, "signature recovers to the derived key, low s")
        check(key.format().hex() == case["derivedPublicKeyCompressed"], "derived key = vector")
        check(answer == dict(case["mpcResponse"], scheme="Secp256k1"), "answer = vector")
        again_status, again = self.send(signed)
        check(again_status == 200 and again["result"]["status"] == result["status"],
              "the same transaction again answers the known outcome")
        status, body = self.client.call("EXPERIMENTAL_tx_status", {
            "tx_hash": tx_hash, "sender_account_id": case["predecessor"], "wait_until": "FINAL"})
        check(status == 200 and body["result"]["status"] == result["status"], "tx status")
        self.success_hash = tx_hash

    def refusals(self):
        case, owner = self.case, self.owner
        args = sign_args("p", "11" * 32)
        signed, _ = owner.signed(self.nonce, self.block_hash(), args=args)   # nonce used
        detail = invalid_tx_detail(*self.send(signed))
        check(detail == {"InvalidNonce": {"tx_nonce": self.nonce, "ak_nonce": self.nonce}},
              "InvalidNonce %s" % detail)
        old = self.block_hash()
        self.client.control({"advance_blocks": 10})
        signed, _ = owner.signed(self.nonce + 1, old, args=args)
        check(invalid_tx_detail(*self.send(signed)) == "Expired", "Expired block hash")
        signed, _ = owner.signed(self.nonce + 1, base58.b58encode(b"\x01" * 32).decode(),
                                 args=args)
        check(invalid_tx_detail(*self.send(signed)) == "Expired", "unknown block hash")
        signed, _ = owner.signed(self.nonce + 1, self.block_hash(), args=args,
                                 signing_key=nacl.signing.SigningKey.generate())
        check(invalid_tx_detail(*self.send(signed)) == "InvalidSignature", "InvalidSignature")
        signed, _ = self.stranger.signed(1, self.block_hash(), args=args)
        detail = invalid_tx_detail(*self.send(signed))
        check(detail == {"InvalidAccessKeyError": {"AccessKeyNotFound": {
            "account_id": case["predecessor"], "public_key": self.stranger.public_key}}},
            "AccessKeyNotFound %s" % detail)
        signed, _ = self.limited.signed(1, self.block_hash(), args=args)
        detail = invalid_tx_detail(*self.send(signed))
        check(detail == {"InvalidAccessKeyError": "DepositWithFunctionCall"},
              "function-call key refused %s" % detail)
        signed, _ = owner.signed(self.nonce + 1, self.block_hash(), args=args,
                                 gas=301 * rpc.TGAS)
        detail = invalid_tx_detail(*self.send(signed))
        check("ActionsValidation" in (detail or {}), "gas above 300 Tgas %s" % detail)
        self.client.control({"fail_next": {"error": "not_enough_balance"}})
        signed, _ = owner.signed(self.nonce + 1, self.block_hash(), args=args)
        detail = invalid_tx_detail(*self.send(signed))
        check("NotEnoughBalance" in (detail or {}), "NotEnoughBalance %s" % detail)

    def contract_failures(self):
        args = sign_args("p", "22" * 32)
        cases = [
            (dict(args=args, deposit=0), "Attached deposit is lower than required"),
            (dict(args=args, deposit=2), "exactly 1 yoctoNEAR"),
            (dict(args=args, gas=5 * rpc.TGAS), "Provided gas is lower than required"),
            (dict(args={"request": {"path": "p", "payload": [0] * 32, "key_version": 0}}),
             "Failed to deserialize input from JSON."),
            (dict(args=sign_args("p", "ff" * 32)), "cannot be converted to Scalar"),
        ]
        for options, message in cases:
            status, body = self.send(self.next_signed(**options)[0])
            check(status == 200 and message in execution_error(body),
                  "contract failure %r: %s" % (message, execution_error(body)))
        self.client.control({"fail_next": {"error": "mpc_timeout"}})
        status, body = self.send(self.next_signed(args=args)[0])
        check(execution_error(body) == "Smart contract panicked: Request has timed out.",
              "MPC time-out")

    def time_outs(self):
        case, client = self.case, self.client
        args = sign_args("late", "33" * 32)
        client.control({"timeout_next": 1, "timeout_delay": 0.1})
        signed, tx_hash = self.next_signed(args=args)
        status, body = self.send(signed)
        check(status == 408 and body["error"]["cause"] == {"name": "TIMEOUT_ERROR"},
              "send_tx time-out %s %s" % (status, body))
        status, body = client.call("EXPERIMENTAL_tx_status", {
            "tx_hash": tx_hash, "sender_account_id": case["predecessor"], "wait_until": "FINAL"})
        check(status == 200 and "SuccessValue" in body["result"]["status"],
              "late success after a time-out")
        client.control({"sign_latency": 0.3})
        signed, tx_hash = self.next_signed(args=args)
        status, body = self.send(signed, wait_until="NONE")
        check(body["result"] == {"final_execution_status": "NONE"}, "wait_until NONE")
        started = time.monotonic()
        status, body = client.call("tx", {
            "tx_hash": tx_hash, "sender_account_id": case["predecessor"], "wait_until": "FINAL"})
        check(status == 200 and "SuccessValue" in body["result"]["status"]
              and time.monotonic() - started > 0.1, "tx status waits for the signature")
        client.control({"sign_latency": 0})
        unknown = base58.b58encode(b"\x02" * 32).decode()
        status, body = client.call("EXPERIMENTAL_tx_status", {
            "tx_hash": unknown, "sender_account_id": case["predecessor"], "wait_until": "NONE"})
        check(status == 200 and body["error"]["cause"]["name"] == "UNKNOWN_TRANSACTION",
              "unknown transaction")
        status, body = client.call("EXPERIMENTAL_tx_status", {
            "tx_hash": unknown, "sender_account_id": case["predecessor"], "wait_until": "FINAL"})
        check(status == 408, "unknown transaction waited for: time-out")

    def wrong_signatures(self):
        path, payload = self.case["derivationPath"], "44" * 32
        derived = rpc.derive_public_key(self.root, self.case["predecessor"], path)
        for kind in ("other_key", "high_s", "bad_recovery_id"):
            self.client.control({"wrong_signature": {"count": 1, "kind": kind}})
            status, body = self.send(self.next_signed(args=sign_args(path, payload))[0])
            answer = json.loads(base64.b64decode(body["result"]["status"]["SuccessValue"]))
            try:
                key, low = recover(answer, bytes.fromhex(payload))
                good = key == derived and low
            except Exception:
                good = False
            check(not good, "wrong signature " + kind)

    def other_faults(self):
        client = self.client
        client.control({"fail_next": {"error": "internal"}})
        status, body = client.call("block", {"finality": "final"})
        check(status == 500 and body["error"]["name"] == "INTERNAL_ERROR", "internal error")
        client.control({"fail_next": {"error": "unknown_account"}})
        status, body = client.call("query", {
            "request_type": "view_access_key", "finality": "final",
            "account_id": self.case["predecessor"], "public_key": self.owner.public_key})
        check(body["error"]["cause"]["name"] == "UNKNOWN_ACCOUNT", "ordered unknown account")
        status, body = self.send("not base64!")
        check(status == 400 and body["error"]["name"] == "REQUEST_VALIDATION_ERROR", "parse error")
        status, body = client.call("no_such_method", {})
        check(status == 400 and body["error"]["cause"]["name"] == "METHOD_NOT_FOUND",
              "method not found")

    def statistics(self):
        stats = self.client.stats()
        key = stats["access_keys"]["%s %s" % (self.case["predecessor"], self.owner.public_key)]
        check(key["nonce"] == self.nonce, "stats: nonce")
        check(key["duplicate_nonces"] == [8, 9], "stats: duplicate nonce %s" % key)
        check(stats["resubmissions"] == 1, "stats: resubmissions")
        check(stats["sign_by_path"].get(self.case["derivationPath"], 0) >= 1, "stats: by path")
        check(stats["transactions_accepted"] == self.nonce - 7, "stats: accepted %s" % stats)


# --- 3. command line -------------------------------------------------------------------------

def check_command_line():
    script = pathlib.Path(__file__).resolve().parent / "near_rpc.py"
    with tempfile.TemporaryDirectory() as directory:
        config = os.path.join(directory, "config.json")
        with open(config, "w") as handle:
            json.dump({"accounts": {"a.testnet": {"keys": []}}}, handle)
        process = subprocess.Popen([sys.executable, str(script), config], stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE)
        port = int(process.stdout.readline())
        status, body = Client(port).call("block", {"finality": "final"})
        check(status == 200, "command line: block")
        process.stdin.close()
        check(process.wait(timeout=10) == 0, "command line: exit at end of stdin")
        process = subprocess.Popen([sys.executable, str(script), config], stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE)
        client = Client(int(process.stdout.readline()))
        process.stdin.write(b'{"die_on": {"method": "block"}}\n')
        process.stdin.flush()
        time.sleep(0.2)
        try:
            client.call("block", {"finality": "final"})
            died = False
        except (urllib.error.URLError, ConnectionError):
            died = True
        check(died and process.wait(timeout=10) == 3, "command line: die_on")
        check_restart(script, directory)


def check_restart(script, directory):
    """With a state_file, a stand-in that died after executing a transaction and is started
    again on the same port still knows the transaction and the key's nonce."""
    owner = Account("chainmail.testnet")
    config = os.path.join(directory, "restart.json")
    with open(config, "w") as handle:
        json.dump({"state_file": os.path.join(directory, "state.json"), "block_time": 0,
                   "start_height": 1000, "accounts": {"chainmail.testnet": {"keys": [
                       {"public_key": owner.public_key, "nonce": 1}]}}}, handle)

    def start(*port):
        process = subprocess.Popen([sys.executable, str(script), config, *port],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        return process, int(process.stdout.readline())

    process, port = start()
    client = Client(port)
    block = client.call("block", {"finality": "final"})[1]["result"]["header"]["hash"]
    client.control({"die_on": {"method": "send_tx", "when": "after"}, "sign_latency": 0.5})
    signed, tx_hash = owner.signed(2, block, args=sign_args("restart", "55" * 32))
    try:
        client.call("send_tx", {"signed_tx_base64": signed, "wait_until": "FINAL"})
        died = False
    except (urllib.error.URLError, ConnectionError):
        died = True
    check(died and process.wait(timeout=10) == 3, "restart: died after executing")
    process, _ = start(str(port))
    status, body = client.call("EXPERIMENTAL_tx_status", {
        "tx_hash": tx_hash, "sender_account_id": "chainmail.testnet", "wait_until": "FINAL"})
    check(status == 200 and "SuccessValue" in body["result"]["status"],
          "restart: the transaction is found and finished %s" % body)
    status, body = client.call("query", {
        "request_type": "view_access_key", "finality": "final",
        "account_id": "chainmail.testnet", "public_key": owner.public_key})
    check(body["result"]["nonce"] == 2, "restart: the nonce survives")
    check(invalid_tx_detail(*client.call("send_tx", {"signed_tx_base64": owner.signed(
        3, block, args=sign_args("restart", "55" * 32))[0], "wait_until": "FINAL"})) is None,
        "restart: a block hash issued before the restart is still valid")
    process.stdin.close()
    process.wait(timeout=10)


def run():
    vectors = check_vectors()
    RoundTrip(vectors["localSigner"]["cases"][0]).run()
    check_command_line()
    if failures:
        print("near_rpc self-test: %d failure(s)" % len(failures), flush=True)
        return 1
    print("near_rpc self-test: all checks passed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(run())
