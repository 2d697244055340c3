#!/usr/bin/env python3
"""Self-test of evm_chain.py, run by `evm_chain.py --self-test` (exit status 0 when all pass).

Against the command line (the port, token and `ready` lines, then JSON-RPC over HTTP), with
transactions signed by eth-account (evm_sign_tx.py's code):
  1. chain id, funding at genesis, fees; a native transfer mined with the right balances;
  2. the same transaction again (nonce too low), a gap (nonce too high), too little balance,
     the wrong chain id, "already known" while held in the pending block;
  3. the ERC-20 deployed at start (name, symbol, decimals, supply, holder), a token transfer
     (a Transfer event, balances), one beyond the balance (eth_estimateGas and eth_call say
     "execution reverted", mined it has status 0x0);
  4. the faults: down (503, closed connection), rejectNext, garbage, stats;
  5. --block-time and --state: a transaction mined by the block clock, then the node started
     again on the same state file: its receipt, balances and token are there, and the same bytes
     again are "nonce too low".
"""

import json
import pathlib
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

from eth_abi import decode, encode
from eth_account import Account
from eth_utils import keccak

import evm_sign_tx

HERE = pathlib.Path(__file__).resolve().parent
CHAIN_ID = 31337
SENDER = Account.from_key(bytes([0x11] * 32))
OTHER = Account.from_key(bytes([0x22] * 32))
POOR = Account.from_key(bytes([0x33] * 32))
RECIPIENT = "0x" + "42" * 20
failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL " + what, flush=True)


class Client:
    def __init__(self, port):
        self.url = "http://127.0.0.1:%d" % port

    def raw(self, method, params):
        body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}).encode()
        request = urllib.request.Request(self.url, body, {"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as answer:
            return json.loads(answer.read())

    def call(self, method, *params):
        answer = self.raw(method, list(params))
        if "error" in answer:
            raise RuntimeError("%s: %s" % (method, answer["error"]))
        return answer["result"]

    def error(self, method, *params):
        return self.raw(method, list(params)).get("error")


def sign(account, nonce, to, value=0, data="0x", gas=21000, max_fee=10**10, tip=10**9):
    return evm_sign_tx.sign({
        "privateKey": account.key.hex(), "chainId": CHAIN_ID, "nonce": nonce, "to": to,
        "value": value, "data": data, "gasLimit": gas, "maxFeePerGas": max_fee, "maxPriorityFeePerGas": tip,
    })


def selector(signature):
    return keccak(text=signature)[:4]


def check_native(client):
    check(client.call("eth_chainId") == hex(CHAIN_ID), "eth_chainId")
    check(int(client.call("eth_getBalance", SENDER.address, "latest"), 16) == 1000 * 10**18, "default funding")
    check(int(client.call("eth_getBalance", POOR.address, "latest"), 16) == 10**15, "funding given in wei")
    check(client.call("eth_getTransactionCount", SENDER.address, "pending") == "0x0", "nonce 0")
    check(client.call("eth_maxPriorityFeePerGas") == hex(10**9), "priority fee")
    history = client.call("eth_feeHistory", "0x1", "latest", [])
    check(len(history["baseFeePerGas"]) == 2 and int(history["baseFeePerGas"][0], 16) > 0, "fee history")
    estimate = client.call("eth_estimateGas", {"from": SENDER.address, "to": RECIPIENT, "value": "0x1"})
    check(estimate == hex(21000), "estimateGas of a transfer: %s" % estimate)

    before = int(client.call("eth_getBalance", SENDER.address, "latest"), 16)
    signed = sign(SENDER, 0, RECIPIENT, value=12345)
    tx_hash = client.call("eth_sendRawTransaction", signed["signedTransaction"])
    check(tx_hash == signed["transactionHash"], "the hash answered is keccak256 of the bytes")
    receipt = client.call("eth_getTransactionReceipt", tx_hash)
    check(receipt is not None and receipt["status"] == "0x1", "a transfer mined with status 0x1")
    price = int(receipt["effectiveGasPrice"], 16)
    after = int(client.call("eth_getBalance", SENDER.address, "latest"), 16)
    check(before - after == 12345 + 21000 * price, "the sender paid value + gas × price")
    check(int(client.call("eth_getBalance", RECIPIENT, "latest"), 16) == 12345, "the recipient has the value")
    check(client.call("eth_getTransactionByHash", tx_hash)["blockNumber"] == receipt["blockNumber"], "tx by hash")

    again = client.error("eth_sendRawTransaction", signed["signedTransaction"])
    check(again is not None and again["message"].startswith("nonce too low"), "the same again: %s" % again)
    gap = client.error("eth_sendRawTransaction", sign(SENDER, 5, RECIPIENT)["signedTransaction"])
    check(gap is not None and gap["message"].startswith("nonce too high"), "a nonce gap: %s" % gap)
    poor = client.error("eth_sendRawTransaction", sign(POOR, 0, RECIPIENT, value=10**18)["signedTransaction"])
    check(poor is not None and poor["message"].startswith("insufficient funds for gas * price + value"),
          "insufficient funds: %s" % poor)
    wrong = dict(evm_sign_tx.sign({
        "privateKey": SENDER.key.hex(), "chainId": 1, "nonce": 1, "to": RECIPIENT, "value": 0,
        "gasLimit": 21000, "maxFeePerGas": 10**10, "maxPriorityFeePerGas": 10**9}))
    chain_error = client.error("eth_sendRawTransaction", wrong["signedTransaction"])
    check(chain_error is not None and "chain id" in chain_error["message"], "wrong chain id: %s" % chain_error)
    check(client.call("eth_getTransactionCount", SENDER.address, "pending") == "0x1", "refusals use no nonce")

    # Held in the pending block: no receipt, pending nonce counts it, the same bytes are known.
    client.call("test_setAutoMine", False)
    held = sign(SENDER, 1, RECIPIENT, value=1)
    client.call("eth_sendRawTransaction", held["signedTransaction"])
    check(client.call("eth_getTransactionReceipt", held["transactionHash"]) is None, "no receipt while pending")
    check(client.call("eth_getTransactionCount", SENDER.address, "pending") == "0x2", "pending nonce")
    check(client.call("eth_getTransactionCount", SENDER.address, "latest") == "0x1", "latest nonce")
    known = client.error("eth_sendRawTransaction", held["signedTransaction"])
    check(known is not None and known["message"] == "already known", "already known: %s" % known)
    client.call("test_mine")
    mined = client.call("eth_getTransactionReceipt", held["transactionHash"])
    check(mined is not None and mined["status"] == "0x1", "mined by test_mine")
    client.call("test_setAutoMine", True)


def check_token(client, token):
    def view(signature, types, out, *arguments):
        data = selector(signature) + encode(types, list(arguments))
        result = client.call("eth_call", {"to": token, "data": "0x" + data.hex()}, "latest")
        return decode(out, bytes.fromhex(result[2:]))[0]

    check(view("symbol()", [], ["string"]) == "TST", "symbol")
    check(view("decimals()", [], ["uint8"]) == 6, "decimals")
    check(view("totalSupply()", [], ["uint256"]) == 10**12, "totalSupply")
    check(view("balanceOf(address)", ["address"], ["uint256"], SENDER.address) == 10**12, "minted to the holder")
    check(len(client.call("eth_getCode", token, "latest")) > 100, "code at the token's address")

    nonce = int(client.call("eth_getTransactionCount", SENDER.address, "pending"), 16)
    data = "0x" + (selector("transfer(address,uint256)") + encode(["address", "uint256"], [OTHER.address, 250])).hex()
    gas = int(client.call("eth_estimateGas", {"from": SENDER.address, "to": token, "data": data}), 16)
    signed = sign(SENDER, nonce, token, data=data, gas=gas)
    receipt = client.call("eth_getTransactionReceipt", client.call("eth_sendRawTransaction", signed["signedTransaction"]))
    check(receipt["status"] == "0x1", "a token transfer succeeded")
    transfer_topic = "0x" + keccak(text="Transfer(address,address,uint256)").hex()
    check(len(receipt["logs"]) == 1 and receipt["logs"][0]["topics"][0] == transfer_topic, "a Transfer event")
    check(view("balanceOf(address)", ["address"], ["uint256"], OTHER.address) == 250, "the recipient's tokens")

    too_much = "0x" + (selector("transfer(address,uint256)") + encode(["address", "uint256"], [SENDER.address, 251])).hex()
    estimate = client.error("eth_estimateGas", {"from": OTHER.address, "to": token, "data": too_much})
    check(estimate is not None and estimate["code"] == 3 and estimate["message"].startswith("execution reverted"),
          "estimateGas of a revert: %s" % estimate)
    call = client.error("eth_call", {"from": OTHER.address, "to": token, "data": too_much}, "latest")
    check(call is not None and "exceeds balance" in call["message"], "eth_call of a revert: %s" % call)
    reverting = sign(SENDER, nonce + 1, token,
                     data="0x" + (selector("transfer(address,uint256)") + encode(["address", "uint256"], [OTHER.address, 10**13])).hex(),
                     gas=100000)
    receipt = client.call("eth_getTransactionReceipt", client.call("eth_sendRawTransaction", reverting["signedTransaction"]))
    check(receipt is not None and receipt["status"] == "0x0", "a reverted transfer is mined with status 0x0")
    check(client.call("eth_getTransactionCount", SENDER.address, "latest") == hex(nonce + 2), "a revert uses its nonce")


def check_faults(client):
    client.call("test_resetStats")
    client.call("test_rejectNext", "replacement transaction underpriced")
    nonce = int(client.call("eth_getTransactionCount", SENDER.address, "pending"), 16)
    signed = sign(SENDER, nonce, RECIPIENT, value=7)
    refused = client.error("eth_sendRawTransaction", signed["signedTransaction"])
    check(refused == {"code": -32000, "message": "replacement transaction underpriced"}, "rejectNext: %s" % refused)
    check(client.call("eth_sendRawTransaction", signed["signedTransaction"]) == signed["transactionHash"],
          "accepted once the rejection is used")
    stats = client.call("test_stats")
    check(stats["sendRawTransaction"] == 2 and stats["distinctTransactions"] == 1 and stats["accepted"] == 1,
          "stats: %s" % stats)

    client.call("test_setDown", 30)
    try:
        client.raw("eth_blockNumber", [])
        check(False, "down: answered")
    except urllib.error.HTTPError as error:
        check(error.code == 503, "down: 503")
    client.call("test_setDown", 30, "close")
    try:
        client.raw("eth_blockNumber", [])
        check(False, "closed: answered")
    except (urllib.error.URLError, ConnectionError, http_client_errors()):
        pass
    client.call("test_setDown", 0)
    check(client.call("eth_blockNumber").startswith("0x"), "up again")
    client.call("test_setGarbage", "<html>not json</html>")
    request = urllib.request.Request(client.url, b'{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}')
    with urllib.request.urlopen(request, timeout=10) as answer:
        check(answer.read() == b"<html>not json</html>", "garbage answered once")
    check(client.call("eth_chainId") == hex(CHAIN_ID), "then JSON again")


def http_client_errors():
    import http.client

    return http.client.HTTPException


def start(arguments):
    process = subprocess.Popen(arguments, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    lines = []
    for line in process.stdout:
        if line.strip() == "ready":
            break
        lines.append(line.strip())
    return process, lines


def check_restart():
    with tempfile.TemporaryDirectory() as directory:
        state = str(pathlib.Path(directory) / "chain.state")
        arguments = [
            sys.executable, str(HERE / "evm_chain.py"), "--chain-id", str(CHAIN_ID), "--block-time", "0.2",
            "--state", state, "--fund", SENDER.address, "--erc20", "KEEP:2:500:%s" % SENDER.address,
        ]
        process, lines = start(arguments)
        try:
            client = Client(int(lines[0]))
            signed = sign(SENDER, 0, RECIPIENT, value=99)
            client.call("eth_sendRawTransaction", signed["signedTransaction"])
            check(client.call("eth_getTransactionReceipt", signed["transactionHash"]) is None, "pending until the next block")
            deadline = time.monotonic() + 20
            receipt = None
            while receipt is None and time.monotonic() < deadline:
                time.sleep(0.1)
                receipt = client.call("eth_getTransactionReceipt", signed["transactionHash"])
            check(receipt is not None and receipt["status"] == "0x1", "mined by the block clock")
        finally:
            process.stdin.close()
            process.wait(timeout=30)
        again, relines = start(arguments[:-2])  # no --erc20: the token comes from the state
        try:
            client = Client(int(relines[0]))
            check(relines[1:] == lines[1:], "the same token after a restart: %s %s" % (relines, lines))
            restored = client.call("eth_getTransactionReceipt", signed["transactionHash"])
            check(restored is not None and restored["blockNumber"] == receipt["blockNumber"], "the receipt kept")
            check(int(client.call("eth_getBalance", RECIPIENT, "latest"), 16) == 99, "the balance kept")
            known = client.error("eth_sendRawTransaction", signed["signedTransaction"])
            check(known is not None and known["message"].startswith("nonce too low"), "sent again: %s" % known)
            check(client.call("eth_getTransactionByHash", signed["transactionHash"]) is not None, "found by hash")
        finally:
            again.stdin.close()
            again.wait(timeout=30)


def run():
    started = time.monotonic()
    arguments = [
        sys.executable, str(HERE / "evm_chain.py"), "--chain-id", str(CHAIN_ID),
        "--fund", SENDER.address, "--fund", OTHER.address, "--fund", "%s:%d" % (POOR.address, 10**15),
        "--erc20", "TST:6:%d:%s" % (10**12, SENDER.address),
    ]
    process = subprocess.Popen(arguments, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        port = int(process.stdout.readline())
        token_line = process.stdout.readline().strip()
        check(process.stdout.readline().strip() == "ready", "ready line")
        symbol, _, token = token_line.partition("=")
        check(symbol == "TST" and token.startswith("0x") and len(token) == 42, "token line %r" % token_line)
        client = Client(port)
        check(client.call("test_tokens") == {"TST": client.call("test_tokens")["TST"]}, "test_tokens")
        check(client.call("test_tokens")["TST"].lower() == token, "the printed token address")
        check_native(client)
        check_token(client, token)
        check_faults(client)
    finally:
        process.stdin.close()
        process.wait(timeout=30)
    check(process.returncode == 0, "exit 0 at end of stdin")
    check_restart()
    print("evm_chain self-test: %d failures, %.1f s" % (len(failures), time.monotonic() - started))
    return 1 if failures else 0
