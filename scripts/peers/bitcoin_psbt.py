#!/usr/bin/env python3
"""Independent Bitcoin peer for the tests: makes PSBTs for BitcoinTransaction (PROTOCOL.md section 8.2)
and checks chainmail's signed transactions, with python-bitcointx (its own PSBT, transaction and script
code, libsecp256k1 through ctypes), so chainmail's Bitcoin code is never checked only against itself.

stdin:  one JSON object; "command" selects what it does. stdout: one JSON object.

  {"command":"make","cases":[{"network":"bitcoin|testnet|signet|regtest","publicKey":"<33-byte compressed hex>",
     "inputs":[<sat>,…],
     "outputs":[{"type":"p2wpkh|p2wsh|p2tr|p2pkh|p2sh|op_return|change","value":<sat>},…],
     "sighashType"?:<int>,          set on every input (else no sighash type field)
     "inputScript"?:"<hex>",        input 0's witnessUtxo pays this script instead of the key's P2WPKH
     "seed":<int>}]}                previous txids and indices, output keys and scripts (deterministic)
  -> {"cases":[{"psbt":"<base64 BIP-174 v0>","inputTotal":<sat>,
       "outputs":[{"address":"<address>"|null,"script":"<hex>","value":<sat>,"change":<bool>}],
       "fee":<sat, inputTotal - outputs, may be negative>,"unsignedTxid":"<hex as explorers show>"}]}

  {"command":"verify","cases":[{"psbt":"<base64 the signer got>","signedTransaction":"<hex>","txid":"<hex claimed>"}]}
  -> {"cases":[{"ok":<bool>,"error":"<why>"|null,"txid":"<bitcointx's txid>"|null,"vsize":<int>|null,"weight":<int>|null}]}
     ok only when: the signed transaction deserialises (no trailing bytes, and re-serialises to the same
     bytes), its version, locktime, inputs (outpoints, sequences) and outputs equal the PSBT's unsigned
     transaction, every scriptSig is empty, every PSBT input has a witnessUtxo, every witness is
     [DER ‖ 0x01 (SIGHASH_ALL), 33-byte compressed key], VerifyScript passes for every input (witnessUtxo
     script and amount; flags P2SH, WITNESS, DERSIG, LOW_S, STRICTENC, NULLDUMMY, NULLFAIL,
     WITNESS_PUBKEYTYPE, CLEANSTACK, MINIMALIF, DISCOURAGE_UPGRADABLE_*, TAPROOT: bitcointx's standard set
     less the flags it cannot handle), and the claimed txid equals bitcointx's.

  {"command":"sign","cases":[{"psbt":"<base64>","secretKey":"<64 hex>"}]}
  -> {"cases":[{"signedTransaction":"<hex>","txid":"<hex as explorers show>","signatures":[{"r","s","v"}, one per input]}]}
     an independent wallet: every input signed as PROTOCOL.md 8.2 says (BIP-143 over the witnessUtxo's
     P2WPKH script code and amount, SIGHASH_ALL, witness [DER ‖ 01, compressed key]), libsecp256k1's
     RFC 6979 nonce without low-R grinding, low s; v is the recovery id. What chainmail's local signer
     must produce byte for byte for the same key.

  {"command":"address","network":"…","publicKey":"<33-byte compressed hex>"} -> {"address":"<P2WPKH address>"}

A case that fails gives {"error": "..."} (make, sign) or ok false (verify); the exit status is non-zero only
for a usage error (stdin not a JSON object, an unknown command).
"""
import base64
import json
import random
import sys

import bitcointx
from bitcointx.core import (COutPoint, CMutableTransaction, CMutableTxIn, CMutableTxOut, CTransaction, CTxInWitness, CTxOut,
                            CTxWitness, b2lx)
from bitcointx.core.key import CKey, CPubKey
from bitcointx.core.psbt import PartiallySignedTransaction, PSBT_Input, PSBT_Output
from bitcointx.core.script import (OP_CHECKSIG, OP_DUP, OP_EQUALVERIFY, OP_HASH160, OP_RETURN, SIGHASH_ALL, SIGVERSION_WITNESS_V0,
                                   CScript, CScriptWitness)
from bitcointx.core.scripteval import STANDARD_SCRIPT_VERIFY_FLAGS, UNHANDLED_SCRIPT_VERIFY_FLAGS, VerifyScript
from bitcointx.wallet import (CCoinAddress, P2PKHCoinAddress, P2SHCoinAddress, P2TRCoinAddress, P2WPKHCoinAddress,
                              P2WSHCoinAddress)

CHAINS = {"bitcoin": "bitcoin", "testnet": "bitcoin/testnet", "signet": "bitcoin/signet", "regtest": "bitcoin/regtest"}
OUTPUT_TYPES = ("p2wpkh", "p2wsh", "p2tr", "p2pkh", "p2sh", "op_return", "change")
VERIFY_FLAGS = STANDARD_SCRIPT_VERIFY_FLAGS - UNHANDLED_SCRIPT_VERIFY_FLAGS
SEQUENCE = 0xFFFFFFFD  # opts in to replace-by-fee, as wallets do
VERSION = 2


def chain(network):
    """The bitcointx chain parameters of a network name of PROTOCOL.md 8.2 (a context manager)."""
    if network not in CHAINS:
        raise ValueError(f"network {network!r} is not one of {sorted(CHAINS)}")
    return bitcointx.ChainParams(CHAINS[network])


def public_key(text):
    key = CPubKey(bytes.fromhex(text))
    if not key.is_fullyvalid() or not key.is_compressed():
        raise ValueError("publicKey must be a valid 33-byte compressed secp256k1 key")
    return key


def p2wpkh_address(network, key_hex):
    with chain(network):
        return str(P2WPKHCoinAddress.from_pubkey(public_key(key_hex)))


def address_of(script):
    """The address of an output script on the current chain, or None (OP_RETURN, non-standard)."""
    try:
        return str(CCoinAddress.from_scriptPubKey(script))
    except Exception:
        return None


def random_key(rng):
    while True:
        secret = rng.getrandbits(256).to_bytes(32, "big")
        try:
            return CKey.from_secret_bytes(secret).pub
        except Exception:  # zero or not below the order: draw again
            continue


def output_script(kind, rng, own):
    """(scriptPubKey, is change) of an output of `kind`, its keys and scripts drawn from `rng`."""
    if kind == "change":
        return own, True
    if kind == "p2wpkh":
        return P2WPKHCoinAddress.from_pubkey(random_key(rng)).to_scriptPubKey(), False
    if kind == "p2wsh":
        return P2WSHCoinAddress.from_redeemScript(CScript([random_key(rng), OP_CHECKSIG])).to_scriptPubKey(), False
    if kind == "p2tr":
        return P2TRCoinAddress.from_pubkey(random_key(rng)).to_scriptPubKey(), False
    if kind == "p2pkh":
        return P2PKHCoinAddress.from_pubkey(random_key(rng)).to_scriptPubKey(), False
    if kind == "p2sh":
        redeem = CScript([random_key(rng), OP_CHECKSIG])
        return P2SHCoinAddress.from_redeemScript(redeem).to_scriptPubKey(), False
    if kind == "op_return":
        return CScript([OP_RETURN, rng.getrandbits(64).to_bytes(8, "big")]), False
    raise ValueError(f"output type {kind!r} is not one of {list(OUTPUT_TYPES)}")


def make(case):
    rng = random.Random(int(case["seed"]))
    key = public_key(case["publicKey"])
    inputs = [int(value) for value in case["inputs"]]
    if not inputs:
        raise ValueError("inputs must not be empty")
    sighash = case.get("sighashType")
    odd_input = case.get("inputScript")
    with chain(case["network"]):
        own = P2WPKHCoinAddress.from_pubkey(key).to_scriptPubKey()
        vin, utxos = [], []
        for index, value in enumerate(inputs):
            vin.append(CMutableTxIn(COutPoint(rng.getrandbits(256).to_bytes(32, "big"), rng.randrange(4)), nSequence=SEQUENCE))
            script = CScript(bytes.fromhex(odd_input)) if index == 0 and odd_input is not None else own
            utxos.append(CTxOut(value, script))
        vout, outputs = [], []
        for output in case["outputs"]:
            script, change = output_script(output["type"], rng, own)
            value = int(output["value"])
            vout.append(CMutableTxOut(value, script))
            outputs.append({"address": address_of(script), "script": script.hex(), "value": value, "change": change})
        tx = CMutableTransaction(vin, vout, nLockTime=0, nVersion=VERSION)
        # Built without bitcointx's sanity checks, as a test may ask for what they refuse (a witnessUtxo
        # paying a non-witness script, outputs above the inputs, any sighash integer); serialised with
        # them unless the case asked for such an input.
        psbt_inputs = [PSBT_Input(utxo=utxo, sighash_type=None if sighash is None else int(sighash), index=index,
                                  allow_unknown_sighash_types=True, force_witness_utxo=True, relaxed_sanity_checks=True)
                       for index, utxo in enumerate(utxos)]
        psbt = PartiallySignedTransaction(unsigned_tx=tx, inputs=psbt_inputs, outputs=[PSBT_Output() for _ in vout],
                                          relaxed_sanity_checks=True)
        try:
            serialised = psbt.serialize()
        except ValueError:
            if odd_input is None:
                raise
            serialised = psbt.serialize(relaxed_sanity_checks=True)
        total = sum(inputs)
        return {"psbt": base64.b64encode(serialised).decode(), "inputTotal": total, "outputs": outputs,
                "fee": total - sum(output["value"] for output in outputs), "unsignedTxid": b2lx(tx.GetTxid())}


def read_psbt(text):
    try:
        return PartiallySignedTransaction.from_base64(text)
    except Exception:
        # An input whose witnessUtxo pays a non-witness script fails bitcointx's sanity checks;
        # the transaction is still checked (and refused by the script check).
        return PartiallySignedTransaction.from_base64(text, relaxed_sanity_checks=True)


def weight_of(tx):
    return len(tx.serialize(include_witness=False)) * 3 + len(tx.serialize())


def verify(case):
    result = {"ok": False, "error": None, "txid": None, "vsize": None, "weight": None}
    problems = []
    try:
        psbt = read_psbt(case["psbt"])
    except Exception as error:
        result["error"] = f"psbt does not decode: {type(error).__name__}: {error}"
        return result
    raw = bytes.fromhex(case["signedTransaction"].removeprefix("0x"))
    try:
        tx = CTransaction.deserialize(raw)
    except Exception as error:
        result["error"] = f"signedTransaction does not decode: {type(error).__name__}: {error}"
        return result
    result["txid"] = b2lx(tx.GetTxid())
    result["vsize"] = tx.get_virtual_size()
    result["weight"] = weight_of(tx)
    if tx.serialize() != raw:
        problems.append("signedTransaction is not in canonical serialisation")
    unsigned = psbt.unsigned_tx
    if tx.nVersion != unsigned.nVersion:
        problems.append(f"version {tx.nVersion} != psbt {unsigned.nVersion}")
    if tx.nLockTime != unsigned.nLockTime:
        problems.append(f"locktime {tx.nLockTime} != psbt {unsigned.nLockTime}")
    if len(tx.vin) != len(unsigned.vin):
        problems.append(f"{len(tx.vin)} inputs != psbt {len(unsigned.vin)}")
    if len(tx.vout) != len(unsigned.vout):
        problems.append(f"{len(tx.vout)} outputs != psbt {len(unsigned.vout)}")
    for index, (mine, theirs) in enumerate(zip(tx.vin, unsigned.vin)):
        if mine.prevout != theirs.prevout or mine.nSequence != theirs.nSequence:
            problems.append(f"input {index} differs from the psbt's (outpoint or sequence)")
    for index, (mine, theirs) in enumerate(zip(tx.vout, unsigned.vout)):
        if mine.nValue != theirs.nValue or mine.scriptPubKey != theirs.scriptPubKey:
            problems.append(f"output {index} differs from the psbt's (value or script)")
    if not problems:
        if tx.wit.is_null():
            problems.append("signedTransaction has no witness")
        for index, txin in enumerate(tx.vin):
            utxo = psbt.inputs[index].witness_utxo
            if utxo is None:
                problems.append(f"psbt input {index} has no witnessUtxo")
                continue
            if len(txin.scriptSig):
                problems.append(f"input {index} has a non-empty scriptSig")
            stack = list(tx.wit.vtxinwit[index].scriptWitness.stack) if not tx.wit.is_null() else []
            if len(stack) != 2:
                problems.append(f"input {index} witness has {len(stack)} items, not 2")
            else:
                signature, key = stack
                if not signature or signature[-1] != SIGHASH_ALL:
                    problems.append(f"input {index} signature's sighash byte is not SIGHASH_ALL (01)")
                if len(key) != 33 or key[0] not in (2, 3):
                    problems.append(f"input {index} witness key is not a 33-byte compressed key")
            try:
                VerifyScript(txin.scriptSig, utxo.scriptPubKey, tx, index, flags=VERIFY_FLAGS, amount=utxo.nValue,
                             witness=tx.wit.vtxinwit[index].scriptWitness if not tx.wit.is_null() else None)
            except Exception as error:
                problems.append(f"input {index} script does not verify: {type(error).__name__}: {error}")
    claimed = case.get("txid")
    if claimed != result["txid"]:
        problems.append(f"txid {claimed} != bitcointx {result['txid']}")
    result["ok"] = not problems
    result["error"] = "; ".join(problems) or None
    return result


def sign(case):
    """Signs every input of the PSBT as PROTOCOL.md 8.2 says chainmail does (BIP-143, SIGHASH_ALL,
    witness [DER ‖ 01, compressed key]) with RFC 6979 nonces as libsecp256k1 makes them, no low-R grinding
    (bitcointx grinds by default, as Bitcoin Core; chainmail's local signer does not)."""
    key = CKey.from_secret_bytes(bytes.fromhex(case["secretKey"]))
    psbt = read_psbt(case["psbt"])
    tx = CMutableTransaction.from_instance(psbt.unsigned_tx)
    witnesses, signatures = [], []
    for index, inp in enumerate(psbt.inputs):
        utxo = inp.witness_utxo
        if utxo is None:
            raise ValueError(f"input {index} has no witnessUtxo")
        if len(utxo.scriptPubKey) != 22 or bytes(utxo.scriptPubKey)[:2] != b"\x00\x14":
            raise ValueError(f"input {index}'s witnessUtxo does not pay a P2WPKH script")
        code = CScript([OP_DUP, OP_HASH160, bytes(utxo.scriptPubKey)[2:], OP_EQUALVERIFY, OP_CHECKSIG])
        digest = code.sighash(tx, index, SIGHASH_ALL, amount=utxo.nValue, sigversion=SIGVERSION_WITNESS_V0)
        der = key.sign(digest, _ecdsa_sig_grind_low_r=False)
        compact, recovery = key.sign_compact(digest)
        r_length = der[3]
        r, s = der[4:4 + r_length], der[6 + r_length:]
        if int.from_bytes(r, "big") != int.from_bytes(compact[:32], "big") or int.from_bytes(s, "big") != int.from_bytes(compact[32:], "big"):
            raise AssertionError("libsecp256k1's DER and compact signatures differ")
        signatures.append({"r": compact[:32].hex(), "s": compact[32:].hex(), "v": recovery})
        witnesses.append(CTxInWitness(CScriptWitness([der + bytes([SIGHASH_ALL]), bytes(key.pub)])))
    tx.wit = CTxWitness(witnesses)
    return {"signedTransaction": tx.serialize().hex(), "txid": b2lx(tx.GetTxid()), "signatures": signatures}


def each(cases, function):
    answers = []
    for case in cases:
        try:
            answers.append(function(case))
        except Exception as error:  # an answer per case, whatever goes wrong
            if function is verify:
                answers.append({"ok": False, "error": f"{type(error).__name__}: {error}", "txid": None, "vsize": None,
                                "weight": None})
            else:
                answers.append({"error": f"{type(error).__name__}: {error}"})
    return {"cases": answers}


def run(request):
    """The answer to one request (see the module's docstring); raises ValueError on a usage error."""
    if not isinstance(request, dict):
        raise ValueError("stdin must be a JSON object")
    command = request.get("command")
    if command == "make":
        return each(request["cases"], make)
    if command == "verify":
        return each(request["cases"], verify)
    if command == "sign":
        return each(request["cases"], sign)
    if command == "address":
        return {"address": p2wpkh_address(request["network"], request["publicKey"])}
    raise ValueError(f"unknown command {command!r} (make, verify, sign, address)")


def main():
    try:
        request = json.load(sys.stdin)
        answer = run(request)
    except (ValueError, KeyError, TypeError) as error:
        print(f"usage: {error}", file=sys.stderr)
        sys.exit(2)
    json.dump(answer, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
