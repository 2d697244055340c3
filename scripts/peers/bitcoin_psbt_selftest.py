#!/usr/bin/env python3
"""Self-test of bitcoin_psbt.py: PSBTs it makes, signed by bitcointx itself (a CKey from a fixed secret,
PartiallySignedTransaction.sign, BIP-143), must pass its `verify`; a signed transaction with a byte of a
signature changed, a high s, a signature by another key, a SIGHASH_SINGLE signature, a hash over another amount or
the legacy sighash, another output,
another claimed txid or trailing bytes must fail it. Its `sign` (plain RFC 6979, what chainmail's local
signer must match) must pass `verify`, with r, s, v recovering the key. Its P2WPKH addresses are checked against the BIP-173
reference encoder over RIPEMD-160(SHA-256(key)).

    scripts/peers/bitcoin_psbt_selftest.py      prints "ok: N checks" or the first failure, exit 1
"""
import base64
import hashlib
import json
import os
import subprocess
import sys

from bitcointx.core import CMutableTransaction, CTxInWitness, CTxWitness, CTransaction
from bitcointx.core.key import CKey, CPubKey, KeyStore
from bitcointx.core.psbt import PartiallySignedTransaction
from bitcointx.core.script import (OP_CHECKSIG, OP_DUP, OP_EQUALVERIFY, OP_HASH160, SIGHASH_SINGLE, SIGVERSION_WITNESS_V0,
                                   CScript, CScriptWitness)

import bitcoin_psbt
from bech32_reference import hash160, segwit_v0_address

HERE = os.path.dirname(os.path.abspath(__file__))
SECRET = hashlib.sha256(b"chainmail bitcoin_psbt selftest").digest()
OTHER = hashlib.sha256(b"chainmail bitcoin_psbt selftest other").digest()
N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141

# --- helpers -----------------------------------------------------------------------------------------

def peer(request):
    """bitcoin_psbt.py run as the tests run it: JSON on stdin, JSON on stdout."""
    done = subprocess.run([sys.executable, os.path.join(HERE, "bitcoin_psbt.py")], input=json.dumps(request).encode(),
                          capture_output=True, check=True)
    return json.loads(done.stdout)


def sign(psbt_b64, secret=SECRET):
    """bitcointx's own signer: the PSBT signed and finalised with the key, the transaction extracted."""
    with bitcoin_psbt.chain("regtest"):
        psbt = PartiallySignedTransaction.from_base64(psbt_b64)
        result = psbt.sign(KeyStore(CKey.from_secret_bytes(secret)))
        assert result.is_final, result
        return psbt.extract_transaction()


def with_witness(tx, index, stack):
    mutable = CMutableTransaction.from_instance(tx)
    witnesses = [CTxInWitness(CScriptWitness(list(w.scriptWitness.stack))) for w in mutable.wit.vtxinwit]
    witnesses[index] = CTxInWitness(CScriptWitness(stack))
    mutable.wit = CTxWitness(witnesses)
    return CTransaction.from_instance(mutable)


def high_s(der):
    """The same ECDSA signature with s replaced by n − s (DER re-encoded)."""
    assert der[0] == 0x30
    r_len = der[3]
    r = der[4:4 + r_len]
    s = int.from_bytes(der[6 + r_len:], "big")
    s2 = (N - s).to_bytes(32, "big")
    if s2[0] & 0x80:
        s2 = b"\x00" + s2
    body = b"\x02" + bytes([len(r)]) + r + b"\x02" + bytes([len(s2)]) + s2
    return b"\x30" + bytes([len(body)]) + body


def main():
    checks = []
    key = CKey.from_secret_bytes(SECRET)
    public = key.pub.hex()
    case = {"network": "regtest", "publicKey": public, "inputs": [100000, 50000, 7000],
            "outputs": [{"type": "p2tr", "value": 40000}, {"type": "p2sh", "value": 30000}, {"type": "p2pkh", "value": 20000},
                        {"type": "p2wsh", "value": 1000}, {"type": "p2wpkh", "value": 1000}, {"type": "op_return", "value": 0},
                        {"type": "change", "value": 60000}], "seed": 7}
    single = dict(case, inputs=[100000], outputs=[{"type": "p2wpkh", "value": 90000}], seed=8)
    made = peer({"command": "make", "cases": [case, dict(case, seed=7), single]})["cases"]
    checks.append(("make is deterministic", made[0] == made[1]))
    checks.append(("fee", made[0]["fee"] == 157000 - 152000 and made[0]["inputTotal"] == 157000))
    checks.append(("change flagged", [o["change"] for o in made[0]["outputs"]] == [False] * 6 + [True]))
    checks.append(("op_return has no address", made[0]["outputs"][5]["address"] is None))
    checks.append(("address prefixes", made[0]["outputs"][0]["address"].startswith("bcrt1p")
                   and made[0]["outputs"][3]["address"].startswith("bcrt1q")))

    for network, hrp in (("bitcoin", "bc"), ("testnet", "tb"), ("signet", "tb"), ("regtest", "bcrt")):
        address = peer({"command": "address", "network": network, "publicKey": public})["address"]
        checks.append((f"address {network} = BIP-173 reference", address == segwit_v0_address(hrp, hash160(bytes(key.pub)))))
    checks.append(("change pays the key", made[0]["outputs"][6]["script"] == "0014" + hash160(bytes(key.pub)).hex()))

    tx = sign(made[0]["psbt"])
    txid = tx.GetTxid()[::-1].hex()
    checks.append(("unsignedTxid is the signed txid", txid == made[0]["unsignedTxid"]))
    good = {"psbt": made[0]["psbt"], "signedTransaction": tx.serialize().hex(), "txid": txid}

    stack = list(tx.wit.vtxinwit[1].scriptWitness.stack)
    flipped = bytearray(stack[0])
    flipped[10] ^= 0x01
    tampered = with_witness(tx, 1, [bytes(flipped), stack[1]])
    high = with_witness(tx, 1, [high_s(stack[0][:-1]) + b"\x01", stack[1]])
    # Another key's signature over input 1's BIP-143 hash, with the other key in the witness.
    other = CKey.from_secret_bytes(OTHER)
    with bitcoin_psbt.chain("regtest"):
        psbt = PartiallySignedTransaction.from_base64(made[0]["psbt"])
        utxo = psbt.inputs[1].witness_utxo
        code = CScript([OP_DUP, OP_HASH160, bytes(utxo.scriptPubKey)[2:], OP_EQUALVERIFY, OP_CHECKSIG])
        digest = code.sighash(psbt.unsigned_tx, 1, 1, amount=utxo.nValue, sigversion=SIGVERSION_WITNESS_V0)
        by_other = with_witness(tx, 1, [other.sign(digest) + b"\x01", bytes(other.pub)])
        digest_single = code.sighash(psbt.unsigned_tx, 1, SIGHASH_SINGLE, amount=utxo.nValue, sigversion=SIGVERSION_WITNESS_V0)
        single_sig = with_witness(tx, 1, [key.sign(digest_single) + bytes([SIGHASH_SINGLE]), bytes(key.pub)])
        digest_amount = code.sighash(psbt.unsigned_tx, 1, 1, amount=utxo.nValue + 1, sigversion=SIGVERSION_WITNESS_V0)
        wrong_amount = with_witness(tx, 1, [key.sign(digest_amount) + b"\x01", bytes(key.pub)])
        legacy = code.sighash(psbt.unsigned_tx, 1, 1)  # the pre-segwit hash, not BIP-143's
        legacy_sig = with_witness(tx, 1, [key.sign(legacy) + b"\x01", bytes(key.pub)])
    other_output = sign(made[2]["psbt"])  # a valid transaction of another PSBT

    verdicts = peer({"command": "verify", "cases": [
        good,
        dict(good, signedTransaction=tampered.serialize().hex()),
        dict(good, signedTransaction=high.serialize().hex()),
        dict(good, signedTransaction=by_other.serialize().hex()),
        dict(good, signedTransaction=single_sig.serialize().hex()),
        dict(good, signedTransaction=wrong_amount.serialize().hex()),
        dict(good, signedTransaction=legacy_sig.serialize().hex()),
        dict(good, signedTransaction=other_output.serialize().hex(), txid=other_output.GetTxid()[::-1].hex()),
        dict(good, txid="00" * 32),
        dict(good, signedTransaction=good["signedTransaction"] + "00"),
        dict(good, signedTransaction=tx.serialize(include_witness=False).hex()),
        dict(good, psbt=made[0]["psbt"][:40]),
    ]})["cases"]
    names = ["bitcointx's signature", "a changed signature byte", "a high s", "another key", "SIGHASH_SINGLE",
             "a BIP-143 hash over another amount", "a legacy (pre-segwit) sighash",
             "another PSBT's transaction", "a wrong claimed txid", "trailing bytes", "no witness", "a truncated PSBT"]
    checks.append(("verify: " + names[0] + " passes", verdicts[0]["ok"] and verdicts[0]["error"] is None))
    for name, verdict in zip(names[1:], verdicts[1:]):
        checks.append((f"verify: {name} fails ({verdict['error']})", verdict["ok"] is False and verdict["error"]))
    signed = peer({"command": "sign", "cases": [{"psbt": made[0]["psbt"], "secretKey": SECRET.hex()}]})["cases"][0]
    again = peer({"command": "verify", "cases": [{"psbt": made[0]["psbt"], "signedTransaction": signed["signedTransaction"],
                                                  "txid": signed["txid"]}]})["cases"][0]
    checks.append((f"sign: its transaction passes verify ({again['error']})", again["ok"]))
    checks.append(("sign: txid is the unsigned txid, one signature per input",
                   signed["txid"] == made[0]["unsignedTxid"] and len(signed["signatures"]) == 3))
    with bitcoin_psbt.chain("regtest"):
        psbt = PartiallySignedTransaction.from_base64(made[0]["psbt"])
        utxo = psbt.inputs[0].witness_utxo
        code = CScript([OP_DUP, OP_HASH160, bytes(utxo.scriptPubKey)[2:], OP_EQUALVERIFY, OP_CHECKSIG])
        digest = code.sighash(psbt.unsigned_tx, 0, 1, amount=utxo.nValue, sigversion=SIGVERSION_WITNESS_V0)
    first = signed["signatures"][0]
    recovered = CPubKey.recover_compact(digest, bytes([27 + 4 + first["v"]]) + bytes.fromhex(first["r"] + first["s"]))
    checks.append(("sign: r, s, v recover the key from input 0's BIP-143 hash", recovered == key.pub))
    checks.append(("sign: s is low", all(int(sig["s"], 16) <= N // 2 for sig in signed["signatures"])))
    weight = len(tx.serialize(include_witness=False)) * 3 + len(tx.serialize())
    checks.append((f"weight {verdicts[0]['weight']} and vsize {verdicts[0]['vsize']}",
                   verdicts[0]["weight"] == weight and verdicts[0]["vsize"] == (weight + 3) // 4))

    # The PSBT carries what PROTOCOL.md 8.2 reads: a witnessUtxo per input, a sighash type only when asked.
    sighash_made = peer({"command": "make", "cases": [dict(single, sighashType=3)]})["cases"][0]
    raw = base64.b64decode(sighash_made["psbt"])
    checks.append(("sighashType written (PSBT_IN_SIGHASH_TYPE 03)", b"\x01\x03\x04\x03\x00\x00\x00" in raw
                   and b"\x01\x03\x04" not in base64.b64decode(made[2]["psbt"])))
    failed = [name for name, ok in checks if not ok]
    for name, ok in checks:
        print(("ok   " if ok else "FAIL ") + name)
    if failed:
        print(f"{len(failed)} of {len(checks)} checks failed")
        sys.exit(1)
    print(f"ok: {len(checks)} checks")


if __name__ == "__main__":
    main()
