#!/usr/bin/env python3
"""A real local EVM chain for the tests: eth-tester's py-evm backend behind a JSON-RPC 2.0 server.

Transactions are decoded, checked (signature, chain id, nonce, balance, fees) and executed by
py-evm, the Python implementation of the Ethereum Virtual Machine (PyPI py-evm, through
eth-tester's PyEVMBackend, Prague rules). None of chainmail's Swift is used. The ERC-20 of
erc20.vy (beside this file) is compiled with vyper when asked for, never committed as bytecode.

Usage:
    evm_chain.py [--port N] [--chain-id N] [--fund ADDRESS[:WEI]]... [--erc20 SYM:DEC:SUPPLY:HOLDER]...
                 [--no-auto-mine | --block-time SECONDS]
    evm_chain.py --self-test             sign with eth-account and check a round trip (exit 0: pass)

    --port        port on 127.0.0.1 (0, the default: a free one)
    --chain-id    the chain id (default 31337); eth-tester's own default is 131277322940537
    --fund        an address funded at genesis with WEI (default 1000 ETH); repeatable
    --erc20       deploys erc20.vy at start: symbol, decimals, supply (smallest units), minted
                  to HOLDER; repeatable. The token addresses are deterministic: a fixed deployer
                  key (DEPLOYER_KEY) deploys them in the order given, from nonce 0
    --no-auto-mine  transactions wait in the pending block until `test_mine`
    --block-time  no auto-mining: a block every SECONDS (pending transactions included)
    --state FILE  keep the chain in FILE (written after every block and deployment): started again
                  with the same FILE it continues that chain (balances, nonces, receipts, tokens),
                  as a node restarted would; --fund and --erc20 then only apply to a new FILE.
                  Transactions still pending are lost, as a restarted node's pool of remote
                  transactions is, and test_stats counts from zero

Standard output: the port on the first line, then one `SYMBOL=0x<address>` line per --erc20
token, then `ready`. It exits when its standard input reaches end of file (so a test that dies
never leaves it behind), or on SIGTERM.

JSON-RPC (POST any path; answers as geth's, quantities 0x-hex):
    eth_chainId, net_version, eth_blockNumber, eth_getBalance, eth_getTransactionCount
    (latest | pending | earliest | number), eth_getCode, eth_call, eth_estimateGas,
    eth_gasPrice, eth_maxPriorityFeePerGas (1 gwei), eth_feeHistory, eth_getBlockByNumber,
    eth_sendRawTransaction, eth_getTransactionReceipt (null until mined),
    eth_getTransactionByHash (blockNumber null while pending).
Refusals of eth_sendRawTransaction are JSON-RPC errors with code -32000 and geth's words:
    "already known"                        the same transaction is already pending
    "nonce too low: address A, tx: N state: M"   (also the same transaction again once mined)
    "nonce too high: address A, tx: N state: M"  stricter than geth, which queues a nonce gap
    "insufficient funds for gas * price + value: address A have X want Y"
    "invalid chain id for signer: have X want Y"  (py-evm does not check a typed transaction's)
    "max fee per gas less than block base fee: address A, maxFeePerGas: X, baseFee: Y"
    other py-evm validation errors with py-evm's message.
eth_call and eth_estimateGas of a reverting call: code 3, "execution reverted[: reason]".
A transaction that reverts when mined has a receipt with status 0x0.

Control methods (JSON-RPC on the same endpoint; they work while the node is "down"):
    test_setDown [seconds, "503"|"close"]   for that long every other request is answered
                                            HTTP 503 (default) or its connection closed unanswered
    test_setDelay [seconds]                 sleep that long before each later answer (0: off)
    test_rejectNext [message, count=1]      the next eth_sendRawTransaction(s) get a JSON-RPC
                                            error -32000 with that message (nothing executed)
    test_setGarbage [body, count=1, status=200]  the next request(s) get `body` verbatim
    test_setAutoMine [true|false]           (true mines what is pending)
    test_mine [count=1]                     mines blocks now (pending transactions included)
    test_deployERC20 [symbol, decimals, supply, holder]   -> the token's address
    test_tokens                             -> {"SYMBOL": "0x…"}
    test_stats                              -> {"sendRawTransaction": calls,
                                                "distinctTransactions": distinct hashes received,
                                                "accepted", "refused", "requests": {method: n},
                                                "received": {hash: times}}
    test_resetStats
"""

import argparse
import json
import os
import pickle
import pathlib
import re
import signal
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import eth_abi
from eth_account import Account
from eth_tester import EthereumTester, PyEVMBackend
from eth_tester.backends.pyevm.main import get_default_account_state
from eth_tester.exceptions import TransactionFailed, TransactionNotFound, BlockNotFound
from eth_utils import keccak, to_canonical_address, to_checksum_address
import rlp

HERE = pathlib.Path(__file__).resolve().parent
DEFAULT_FUNDING = 1000 * 10**18
PRIORITY_FEE = 10**9
# The fixed key that deploys the --erc20 tokens: the same addresses every run (derived, not a secret).
DEPLOYER_KEY = keccak(b"chainmail evm_chain.py token deployer")
ZERO_BLOOM = "0x" + "00" * 256


class RpcError(Exception):
    def __init__(self, code, message, data=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.data = data


def quantity(value):
    return hex(int(value))


def hex_bytes(value):
    return "0x" + bytes(value).hex()


def parse_quantity(text, what="quantity"):
    if isinstance(text, int):
        return text
    if not isinstance(text, str) or not re.fullmatch(r"0x[0-9a-fA-F]+", text):
        raise RpcError(-32602, "invalid argument: %s %r is not a hex quantity" % (what, text))
    return int(text, 16)


def camel(key):
    head, *rest = key.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def rpc_view(value):
    """eth-tester's snake_case dictionaries as geth's JSON: camelCase, hex quantities."""
    if isinstance(value, dict):
        return {camel(k): rpc_view(v) for k, v in value.items() if k not in ("state_root",)}
    if isinstance(value, (list, tuple)):
        return [rpc_view(v) for v in value]
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return quantity(value)
    if isinstance(value, (bytes, bytearray)):
        return hex_bytes(value)
    return value


def compile_erc20():
    import vyper

    source = (HERE / "erc20.vy").read_text()
    output = vyper.compile_code(source, output_formats=["bytecode", "abi"])
    return bytes.fromhex(output["bytecode"].removeprefix("0x")), output["abi"]


class Chain:
    def __init__(self, chain_id, funding, auto_mine=True, state_file=None):
        self.lock = threading.RLock()
        self.state_file = state_file
        self.chain_id = chain_id
        deployer = Account.from_key(DEPLOYER_KEY)
        self.deployer = deployer
        genesis = {}
        for address, wei in list(funding) + [(deployer.address, DEFAULT_FUNDING)]:
            genesis[to_canonical_address(address)] = get_default_account_state({"balance": int(wei)})
        self.backend = PyEVMBackend(genesis_state=genesis)
        # eth-tester makes its chain class inside setup_tester_chain with a fixed chain id: that
        # class belongs to this backend alone, so setting its attribute sets this chain's id
        # (every VM takes its ChainContext from it).
        type(self.backend.chain).chain_id = chain_id
        self.tester = EthereumTester(backend=self.backend, auto_mine_transactions=False)
        self.auto_mine = auto_mine
        self.pending = []                  # hashes (hex) in the pending block
        self.tokens = {}
        self.erc20 = None                  # (bytecode, abi) once compiled
        self.down_until = 0.0
        self.down_mode = "503"
        self.delay = 0.0
        self.reject_next = []              # messages
        self.garbage = []                  # (status, body)
        self.reset_stats()
        self.restored = bool(state_file and os.path.exists(state_file))
        if self.restored:
            self.load()

    def load(self):
        with open(self.state_file, "rb") as handle:
            saved = pickle.load(handle)
        if saved["chain_id"] != self.chain_id:
            raise SystemExit("evm_chain: %s holds chain %d, not %d" % (self.state_file, saved["chain_id"], self.chain_id))
        db = self.backend.chain.chaindb.db
        db.wrapped_db.kv_store.clear()
        db.wrapped_db.kv_store.update(saved["kv"])
        # A new chain object over the restored database starts from its canonical head.
        self.backend.chain = type(self.backend.chain)(db)
        self.tokens = saved["tokens"]

    def save(self):
        if not self.state_file:
            return
        kv = dict(self.backend.chain.chaindb.db.wrapped_db.kv_store)
        temporary = self.state_file + ".tmp"
        with open(temporary, "wb") as handle:
            pickle.dump({"chain_id": self.chain_id, "kv": kv, "tokens": self.tokens}, handle)
        os.replace(temporary, self.state_file)

    def reset_stats(self):
        self.requests = {}
        self.send_calls = 0
        self.received = {}
        self.accepted = 0
        self.refused = 0

    def stats(self):
        return {
            "sendRawTransaction": self.send_calls,
            "distinctTransactions": len(self.received),
            "accepted": self.accepted,
            "refused": self.refused,
            "requests": dict(self.requests),
            "received": dict(self.received),
        }

    # --- blocks --------------------------------------------------------------------------

    def head_number(self):
        """The latest mined block's number (the pending block is the next)."""
        return self.backend.chain.get_block().number - 1

    def mine(self, count=1):
        for _ in range(count):
            self.backend.mine_blocks(1)
            self.pending = []
        self.save()

    def block_number(self, tag):
        if tag in (None, "latest", "safe", "finalized"):
            return "latest"
        if tag in ("pending", "earliest"):
            return tag
        number = parse_quantity(tag, "block")
        if number > self.head_number():
            raise RpcError(-32000, "header not found")
        return number

    def base_fee(self, tag="latest"):
        return self.backend.get_base_fee(self.block_number(tag))

    # --- transactions --------------------------------------------------------------------

    def send_raw(self, raw):
        self.send_calls += 1
        try:
            vm = self.backend.chain.get_vm()
            transaction = vm.get_transaction_builder().decode(raw)
        except Exception as error:  # rlp and validation errors of py-evm's decoder
            self.refused += 1
            raise RpcError(-32000, "rlp: %s" % error)
        tx_hash = hex_bytes(transaction.hash)
        self.received[tx_hash] = self.received.get(tx_hash, 0) + 1
        if self.reject_next:
            self.refused += 1
            raise RpcError(-32000, self.reject_next.pop(0))
        if tx_hash in self.pending:
            self.refused += 1
            raise RpcError(-32000, "already known")
        try:
            self.check(transaction)
            self.backend.chain.apply_transaction(transaction)
        except RpcError:
            self.refused += 1
            raise
        except Exception as error:
            self.refused += 1
            raise RpcError(-32000, str(error) or type(error).__name__)
        self.accepted += 1
        self.pending.append(tx_hash)
        if self.auto_mine:
            self.mine()
        return tx_hash

    def check(self, transaction):
        chain_id = getattr(transaction, "chain_id", None)
        if chain_id is not None and chain_id != self.chain_id:
            raise RpcError(-32000, "invalid chain id for signer: have %d want %d" % (chain_id, self.chain_id))
        sender = transaction.sender
        state = self.backend.chain.get_vm().state
        nonce = state.get_nonce(sender)
        address = to_checksum_address(sender)
        if transaction.nonce < nonce:
            raise RpcError(-32000, "nonce too low: address %s, tx: %d state: %d" % (address, transaction.nonce, nonce))
        if transaction.nonce > nonce:
            raise RpcError(-32000, "nonce too high: address %s, tx: %d state: %d" % (address, transaction.nonce, nonce))
        max_fee = getattr(transaction, "max_fee_per_gas", None)
        base_fee = state.base_fee
        if max_fee is not None and max_fee < base_fee:
            raise RpcError(
                -32000,
                "max fee per gas less than block base fee: address %s, maxFeePerGas: %d, baseFee: %d"
                % (address, max_fee, base_fee),
            )
        fee_cap = max_fee if max_fee is not None else transaction.gas_price
        want = transaction.gas * fee_cap + transaction.value
        have = state.get_balance(sender)
        if have < want:
            raise RpcError(
                -32000,
                "insufficient funds for gas * price + value: address %s have %d want %d" % (address, have, want),
            )

    def receipt(self, tx_hash):
        if tx_hash in self.pending:
            return None
        try:
            receipt = self.tester.get_transaction_receipt(tx_hash)
        except TransactionNotFound:
            return None
        view = rpc_view(receipt)
        view["logsBloom"] = ZERO_BLOOM
        view["status"] = quantity(receipt["status"])
        return view

    def transaction(self, tx_hash):
        try:
            transaction = self.tester.get_transaction_by_hash(tx_hash)
        except TransactionNotFound:
            return None
        view = rpc_view(transaction)
        view["input"] = view.pop("data", "0x")
        if tx_hash in self.pending:
            view["blockHash"] = view["blockNumber"] = view["transactionIndex"] = None
        return view

    def call_object(self, params):
        call = dict(params)
        out = {}
        for key in ("from", "to"):
            if call.get(key):
                out[key] = to_checksum_address(call[key])
        if "from" not in out:
            out["from"] = to_checksum_address("0x" + "00" * 20)
        data = call.get("data", call.get("input"))
        if data:
            out["data"] = data
        for key, name in (("value", "value"), ("gas", "gas"), ("maxFeePerGas", "max_fee_per_gas"),
                          ("maxPriorityFeePerGas", "max_priority_fee_per_gas")):
            if call.get(key) is not None:
                out[name] = parse_quantity(call[key], key)
        return out

    def eth_call(self, params, tag):
        """As geth's eth_call: without a fee the sender need not afford the gas (a view from any
        address works), a revert is error 3 with the reason and the revert data."""
        from eth.vm.spoof import SpoofTransaction
        from eth_tester.backends.pyevm.main import _get_vm_for_block_number

        call = self.call_object(params)
        block = self.block_number(tag)
        sender = to_canonical_address(call["from"])
        raw = {"from": sender, "to": to_canonical_address(call["to"]) if call.get("to") else b"",
               "data": bytes.fromhex(call.get("data", "0x")[2:]), "value": call.get("value", 0),
               "gas": call.get("gas", min(30_000_000, self.backend._max_available_gas()))}
        for key in ("max_fee_per_gas", "max_priority_fee_per_gas"):
            if key in call:
                raw[key] = call[key]
        unsigned = self.backend._get_normalized_and_unsigned_evm_transaction(raw, block)
        vm = _get_vm_for_block_number(self.backend.chain, block)
        state = vm.state
        snapshot = state.snapshot()
        try:
            need = raw["gas"] * unsigned.max_fee_per_gas + raw["value"]
            if state.get_balance(sender) < need:
                state.set_balance(sender, need)
            computation = state.apply_transaction(SpoofTransaction(unsigned, from_=sender))
        finally:
            state.revert(snapshot)
        if computation.is_error:
            error = computation.error
            data = error.args[0] if error.args and isinstance(error.args[0], bytes) else None
            if data is not None or type(error).__name__ == "Revert":
                raise revert_error(data or b"")
            raise RpcError(-32000, str(error) or type(error).__name__)
        return hex_bytes(computation.output)

    def estimate_gas(self, params, tag):
        try:
            return self.tester.estimate_gas(self.call_object(params), self.block_number(tag))
        except TransactionFailed as failure:
            raise reverted(failure)
        except Exception as error:
            raise RpcError(-32000, str(error))

    def fee_history(self, count, newest, percentiles):
        newest_number = self.head_number() if newest in ("latest", "pending", None) else parse_quantity(newest)
        newest_number = min(newest_number, self.head_number())
        count = max(1, min(int(count), 1024, newest_number + 1))
        oldest = newest_number - count + 1
        chain = self.backend.chain
        fees, ratios, rewards = [], [], []
        for number in range(oldest, newest_number + 1):
            block = chain.get_canonical_block_by_number(number)
            header = block.header
            fees.append(quantity(header.base_fee_per_gas))
            ratios.append(header.gas_used / header.gas_limit)
            tips = sorted(
                min(getattr(t, "max_priority_fee_per_gas", 0), getattr(t, "max_fee_per_gas", 0) - header.base_fee_per_gas)
                if hasattr(t, "max_fee_per_gas") else t.gas_price - header.base_fee_per_gas
                for t in block.transactions
            )
            rewards.append([quantity(tips[min(len(tips) - 1, int(len(tips) * p / 100))] if tips else 0) for p in percentiles])
        fees.append(quantity(self.backend.get_base_fee("pending")))
        answer = {"oldestBlock": quantity(oldest), "baseFeePerGas": fees, "gasUsedRatio": ratios}
        if percentiles:
            answer["reward"] = rewards
        return answer

    # --- tokens --------------------------------------------------------------------------

    def deploy_erc20(self, symbol, decimals, supply, holder):
        if self.erc20 is None:
            self.erc20 = compile_erc20()
        bytecode, _ = self.erc20
        arguments = eth_abi.encode(
            ["string", "string", "uint8", "uint256", "address"],
            ["%s test token" % symbol, symbol, int(decimals), int(supply), to_checksum_address(holder)],
        )
        nonce = self.backend.get_nonce(to_canonical_address(self.deployer.address), "pending")
        base_fee = self.base_fee("pending")
        transaction = {
            "type": 2, "chainId": self.chain_id, "nonce": nonce, "value": 0,
            "data": bytecode + arguments, "gas": 3_000_000,
            "maxFeePerGas": 2 * base_fee + PRIORITY_FEE, "maxPriorityFeePerGas": PRIORITY_FEE,
        }
        raw = bytes(self.deployer.sign_transaction(transaction).raw_transaction)
        saved = self.send_calls, dict(self.received), self.accepted, self.refused
        tx_hash = self.send_raw(raw)
        self.send_calls, self.received, self.accepted, self.refused = saved
        if tx_hash in self.pending:
            self.mine()
        receipt = self.tester.get_transaction_receipt(tx_hash)
        if receipt["status"] != 1 or not receipt["contract_address"]:
            raise RpcError(-32000, "the ERC-20 deployment failed: %r" % receipt)
        address = to_checksum_address(receipt["contract_address"])
        self.tokens[symbol] = address
        self.save()
        return address


def revert_error(data):
    """geth's answer to a reverting eth_call: code 3, the reason of an Error(string), the data."""
    message = "execution reverted"
    if data[:4] == b"\x08\xc3\x79\xa0":
        try:
            message += ": " + eth_abi.decode(["string"], data[4:])[0]
        except Exception:
            pass
    return RpcError(3, message, hex_bytes(data))


def reverted(failure):
    reason = failure.args[0] if failure.args else ""
    if isinstance(reason, (bytes, bytearray)):
        return revert_error(bytes(reason))
    reason = str(reason)
    if reason.startswith("execution reverted"):
        reason = reason[len("execution reverted"):].lstrip(": ")
    return RpcError(3, "execution reverted" + (": " + reason if reason and reason != "Revert" else ""))


class Node:
    def __init__(self, chain):
        self.chain = chain

    def call(self, method, params):
        params = params if isinstance(params, list) else ([] if params is None else [params])
        handler = getattr(self, "m_" + method, None)
        if handler is None:
            raise RpcError(-32601, "the method %s does not exist/is not available" % method)
        chain = self.chain
        with chain.lock:
            chain.requests[method] = chain.requests.get(method, 0) + 1
            try:
                return handler(*params)
            except TypeError as error:
                raise RpcError(-32602, "invalid params: %s" % error)

    # eth_*

    def m_eth_chainId(self):
        return quantity(self.chain.chain_id)

    def m_net_version(self):
        return str(self.chain.chain_id)

    def m_eth_blockNumber(self):
        return quantity(self.chain.head_number())

    def m_eth_getBalance(self, address, tag="latest"):
        return quantity(self.chain.backend.get_balance(to_canonical_address(address), self.chain.block_number(tag)))

    def m_eth_getTransactionCount(self, address, tag="latest"):
        return quantity(self.chain.backend.get_nonce(to_canonical_address(address), self.chain.block_number(tag)))

    def m_eth_getCode(self, address, tag="latest"):
        return hex_bytes(self.chain.backend.get_code(to_canonical_address(address), self.chain.block_number(tag)))

    def m_eth_call(self, call, tag="latest"):
        return self.chain.eth_call(call, tag)

    def m_eth_estimateGas(self, call, tag="latest"):
        return quantity(self.chain.estimate_gas(call, tag))

    def m_eth_maxPriorityFeePerGas(self):
        return quantity(PRIORITY_FEE)

    def m_eth_gasPrice(self):
        return quantity(self.chain.base_fee("pending") + PRIORITY_FEE)

    def m_eth_feeHistory(self, count, newest="latest", percentiles=None):
        return self.chain.fee_history(parse_quantity(count, "blockCount"), newest, percentiles or [])

    def m_eth_getBlockByNumber(self, tag="latest", full=False):
        try:
            block = self.chain.tester.get_block_by_number(self.chain.block_number(tag))
        except BlockNotFound:
            return None
        view = rpc_view(block)
        if not full:
            view["transactions"] = [t if isinstance(t, str) else t["hash"] for t in view["transactions"]]
        return view

    def m_eth_sendRawTransaction(self, raw):
        if not isinstance(raw, str) or not re.fullmatch(r"0x([0-9a-fA-F]{2})+", raw):
            raise RpcError(-32602, "invalid argument 0: hex string without 0x prefix or of odd length")
        return self.chain.send_raw(bytes.fromhex(raw[2:]))

    def m_eth_getTransactionReceipt(self, tx_hash):
        return self.chain.receipt(tx_hash.lower())

    def m_eth_getTransactionByHash(self, tx_hash):
        return self.chain.transaction(tx_hash.lower())

    # test_*

    def m_test_setDown(self, seconds, mode="503"):
        if mode not in ("503", "close"):
            raise RpcError(-32602, "mode is 503 or close")
        self.chain.down_until = time.monotonic() + float(seconds)
        self.chain.down_mode = mode
        return True

    def m_test_setDelay(self, seconds):
        self.chain.delay = float(seconds)
        return True

    def m_test_rejectNext(self, message, count=1):
        self.chain.reject_next = [str(message)] * int(count)
        return True

    def m_test_setGarbage(self, body, count=1, status=200):
        self.chain.garbage = [(int(status), str(body))] * int(count)
        return True

    def m_test_setAutoMine(self, enabled):
        self.chain.auto_mine = bool(enabled)
        if enabled and self.chain.pending:
            self.chain.mine()
        return True

    def m_test_mine(self, count=1):
        self.chain.mine(int(count))
        return quantity(self.chain.head_number())

    def m_test_deployERC20(self, symbol, decimals, supply, holder):
        return self.chain.deploy_erc20(symbol, int(decimals), int(supply), holder)

    def m_test_tokens(self):
        return dict(self.chain.tokens)

    def m_test_stats(self):
        return self.chain.stats()

    def m_test_resetStats(self):
        self.chain.reset_stats()
        return True


def make_handler(node):
    chain = node.chain

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            request_id = None
            try:
                request = json.loads(body)
                request_id = request.get("id")
                method = request["method"]
                if not isinstance(method, str):
                    raise TypeError("method is not a string")
            except (ValueError, KeyError, TypeError, AttributeError) as error:
                self.reply(200, {"jsonrpc": "2.0", "id": None,
                                 "error": {"code": -32700, "message": "parse error: %s" % error}})
                return
            if not method.startswith("test_"):
                with chain.lock:
                    down = time.monotonic() < chain.down_until
                    mode = chain.down_mode
                    garbage = chain.garbage.pop(0) if chain.garbage and not down else None
                    delay = chain.delay
                if down and mode == "close":
                    self.close_connection = True
                    try:
                        self.connection.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
                    return
                if down:
                    self.reply_bytes(503, b"503 Service Unavailable\n", "text/plain")
                    return
                if delay:
                    time.sleep(delay)
                if garbage is not None:
                    self.reply_bytes(garbage[0], garbage[1].encode(), "application/json")
                    return
            try:
                result = node.call(method, request.get("params"))
                self.reply(200, {"jsonrpc": "2.0", "id": request_id, "result": result})
            except RpcError as error:
                answer = {"code": error.code, "message": error.message}
                if error.data is not None:
                    answer["data"] = error.data
                self.reply(200, {"jsonrpc": "2.0", "id": request_id, "error": answer})
            except Exception as error:  # a bug here, or py-evm's: the client sees it, the log has it
                import traceback

                traceback.print_exc()
                self.reply(200, {"jsonrpc": "2.0", "id": request_id,
                                 "error": {"code": -32603, "message": "internal error: %s" % error}})

        def reply(self, status, value):
            self.reply_bytes(status, json.dumps(value).encode(), "application/json")

        def reply_bytes(self, status, data, content_type):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format, *args):
            pass

    return Handler


class ChainHTTPServer(ThreadingHTTPServer):
    request_queue_size = 128
    daemon_threads = True


def serve(node, port):
    server = ChainHTTPServer(("127.0.0.1", port), make_handler(node))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def parse_fund(text):
    address, _, wei = text.partition(":")
    if not re.fullmatch(r"0x[0-9a-fA-F]{40}", address):
        raise argparse.ArgumentTypeError("not an address: %s" % address)
    return address, int(wei) if wei else DEFAULT_FUNDING


def parse_erc20(text):
    parts = text.split(":")
    if len(parts) != 4 or not re.fullmatch(r"0x[0-9a-fA-F]{40}", parts[3]):
        raise argparse.ArgumentTypeError("--erc20 is SYMBOL:DECIMALS:SUPPLY:HOLDER")
    return parts[0], int(parts[1]), int(parts[2]), parts[3]


def start_chain(args):
    chain = Chain(args.chain_id, args.fund, auto_mine=not args.no_auto_mine and not args.block_time,
                  state_file=args.state)
    if not chain.restored:
        for symbol, decimals, supply, holder in args.erc20:
            chain.deploy_erc20(symbol, decimals, supply, holder)
        chain.save()
    if args.block_time:
        def produce():
            while True:
                time.sleep(args.block_time)
                with chain.lock:
                    chain.mine()
        threading.Thread(target=produce, daemon=True).start()
    return chain


def main(argv):
    if len(argv) >= 2 and argv[1] == "--self-test":
        import evm_chain_selftest  # beside this file

        return evm_chain_selftest.run()
    parser = argparse.ArgumentParser(description="a local EVM chain (eth-tester, py-evm) over JSON-RPC")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--chain-id", type=int, default=31337)
    parser.add_argument("--fund", type=parse_fund, action="append", default=[])
    parser.add_argument("--erc20", type=parse_erc20, action="append", default=[])
    parser.add_argument("--no-auto-mine", action="store_true")
    parser.add_argument("--block-time", type=float, default=0.0)
    parser.add_argument("--state")
    args = parser.parse_args(argv[1:])
    # A parent's threads may block signals, and a spawned child inherits that mask: undo it so
    # the test's SIGTERM ends this server.
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    chain = start_chain(args)
    server = serve(Node(chain), args.port)
    print(server.server_address[1], flush=True)
    for symbol, address in chain.tokens.items():
        print("%s=%s" % (symbol, address.lower()), flush=True)
    print("ready", flush=True)
    for _ in sys.stdin.buffer:
        pass
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
