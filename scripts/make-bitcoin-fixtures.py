#!/usr/bin/env python3
"""Writes a fixture folder of BitcoinTransaction approvals by email (PROTOCOL.md 1.1 section 8.2):
mails signed by dkimpy, the `from` address derived here in Python (SHA3-256 tweak, coincurve point
addition, RIPEMD-160(SHA-256(compressed key)), the BIP-173 bech32 encoder) from the folder's fixed signer
root, so replay checks chainmail's derivation against an independent one, and the PSBTs made by
python-bitcointx (scripts/peers/bitcoin_psbt.py), not by chainmail; with dns.txt, accounts.json, now,
signer-root.hex, expected.json, transactions.json (each mail's transaction, as approved),
psbts.json (what bitcoin_psbt.py says of each PSBT: the `make` request, outputs with addresses, fee,
unsigned txid; for the executed mails also `expected`: the signed transaction, txid, signatures, vsize and
weight that bitcoin_psbt.py `sign` makes with the derived secret, plain RFC 6979 and low s as chainmail's
local signer; so a test can compare chainmail's result byte for byte and hand it to `bitcoin_psbt.py verify`) and summary-example.json
(the three-input transaction, for `chainmail summary`). No chains.json: the Bitcoin networks are built in.

    scripts/make-bitcoin-fixtures.py [OUTPUT_DIR]       testdata/bitcoin
    scripts/make-bitcoin-fixtures.py --print-addresses  from=<the regtest address the approvals pay from>, …

Everything is fixed by the script (the DKIM key is an Ed25519 key from a fixed seed, the PSBTs come
from seeds), so running it twice writes the same bytes.

The executed mails: one input paying one output and change; three inputs paying P2TR, P2SH and P2PKH
outputs and change. The refused ones: an input whose witnessUtxo pays another key's script, an input
asking SIGHASH_SINGLE, outputs above the inputs, a truncated PSBT (psbt_invalid); `from` written for
testnet (tb1…) while the network is regtest (from_mismatch).
"""
import argparse
import base64
import hashlib
import json
import os
import sys

import coincurve
from cryptography.hazmat.primitives.asymmetric import ed25519

from fixture_kit import (account, alice_mail, asking, default_output, derivation_tweak, derived_public_key, ed25519_pair,
                         KeyRing, oidc, outcome, transaction, tx_hash, write_folder)

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers"))
import bitcoin_psbt  # noqa: E402  (python-bitcointx: the PSBTs, and a second opinion on the addresses)
from bech32_reference import hash160, segwit_v0_address  # noqa: E402

PREDECESSOR = "chainmail.testnet"
NETWORK = "regtest"
SIGNER_ROOT = hashlib.sha256(b"chainmail bitcoin fixture root").hexdigest()
ALICE = oidc("alice@example.com")
PATH = "bitcoin,1"
DKIM_SEED = hashlib.sha256(b"chainmail bitcoin fixture dkim example.com/sbtc").digest()
OTHER_KEY = coincurve.PrivateKey(hashlib.sha256(b"chainmail bitcoin fixture other key").digest()).public_key.format()

HRP = {"bitcoin": "bc", "testnet": "tb", "signet": "tb", "regtest": "bcrt"}


# --- The derived key and its address (PROTOCOL.md section 6) ----------------------------------------

def derived_key(identity, path):
    """PROTOCOL.md section 6, computed without chainmail: the compressed derived public key."""
    return derived_public_key(SIGNER_ROOT, PREDECESSOR, identity, path).format(compressed=True)


def p2wpkh_address(key, network):
    address = segwit_v0_address(HRP[network], hash160(key))
    assert address == bitcoin_psbt.p2wpkh_address(network, key.hex()), "the BIP-173 encoder and python-bitcointx disagree"
    return address


def derived_secret(identity, path):
    """The derived secret key (section 6, the local signer's: root secret + tweak mod n), for the expected signatures."""
    return coincurve.PrivateKey(bytes.fromhex(SIGNER_ROOT)).add(derivation_tweak(PREDECESSOR, identity, path)).secret


KEY = derived_key(ALICE, PATH)
SECRET = derived_secret(ALICE, PATH)
assert coincurve.PrivateKey(SECRET).public_key.format() == KEY
FROM = p2wpkh_address(KEY, NETWORK)
FROM_TESTNET = p2wpkh_address(KEY, "testnet")


def make_psbt(inputs, outputs, seed, **extra):
    """bitcoin_psbt.py's `make` for the derived key on regtest: (the PSBT's base64, what make says of it)."""
    case = {"network": NETWORK, "publicKey": KEY.hex(), "inputs": inputs,
            "outputs": [{"type": kind, "value": value} for kind, value in outputs], "seed": seed, **extra}
    made = bitcoin_psbt.run({"command": "make", "cases": [case]})["cases"][0]
    assert "error" not in made, made
    return made["psbt"], dict(made, request=case)


def expect_signed(made):
    """What chainmail's local signer must answer for `made` (bitcoin_psbt.py `sign`: BIP-143, plain RFC 6979, low s),
    checked by bitcoin_psbt.py `verify`; its vsize is the one of the approval's fee rate (8.3)."""
    signed = bitcoin_psbt.run({"command": "sign", "cases": [{"psbt": made["psbt"], "secretKey": SECRET.hex()}]})["cases"][0]
    verdict = bitcoin_psbt.run({"command": "verify", "cases": [{"psbt": made["psbt"], **signed}]})["cases"][0]
    assert verdict["ok"] and signed["txid"] == made["unsignedTxid"] and verdict["vsize"] == (verdict["weight"] + 3) // 4, verdict
    return dict(made, expected=dict(signed, publicKey=KEY.hex(), vsize=verdict["vsize"], weight=verdict["weight"]))


def bitcoin(psbt, sender=FROM, network=NETWORK):
    return {"type": "BitcoinTransaction", "args": {"network": network, "from": sender, "path": PATH, "psbt": psbt}}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out", nargs="?", default=default_output("bitcoin"))
    parser.add_argument("--print-addresses", action="store_true")
    options = parser.parse_args()
    if options.print_addresses:
        print(f"from={FROM}\nfromTestnet={FROM_TESTNET}\npublicKey={KEY.hex()}")
        return

    keys = KeyRing()
    keys.add("example.com", "sbtc", "ed25519", *ed25519_pair(ed25519.Ed25519PrivateKey.from_private_bytes(DKIM_SEED)))

    def mail(subject, text):
        raw = alice_mail(keys, "sbtc", subject, text)
        assert keys.verifies(raw), subject
        return raw

    fixtures = []
    transactions = {}
    psbts = {}

    def fixture(name, tx, status, reason=None, note="", readable=True, made=None):
        """`readable` False: the block does not decode (a rule of 8.2 on the PSBT breaks: psbt_invalid is
        a malformed transaction), so the outcome has no txHash."""
        fixtures.append((name, mail(f"Approve {tx_hash(tx)}", asking(tx)), outcome(status, reason, tx if readable else None, note)))
        transactions[name] = tx
        if made is not None:
            psbts[name] = made

    psbt, made = make_psbt([100_000], [("p2wpkh", 60_000), ("change", 39_000)], seed=1)
    t = transaction("alice", 0, [bitcoin(psbt)])
    fixture("01-executed-one-input-change.eml", t, "executed", note="one input of 0.001 BTC: 0.0006 BTC to a P2WPKH, 0.00039 change, "
            "fee 0.00001", made=expect_signed(made))
    psbt, made = make_psbt([50_000, 30_000, 25_000], [("p2tr", 40_000), ("p2sh", 30_000), ("p2pkh", 20_000), ("change", 13_000)], seed=2)
    t = transaction("alice", 1, [bitcoin(psbt)])
    fixture("02-executed-three-inputs.eml", t, "executed", note="three inputs: P2TR, P2SH and P2PKH outputs and change, fee 0.00002",
            made=expect_signed(made))
    example = t
    other_script = "0014" + hash160(OTHER_KEY).hex()
    psbt, made = make_psbt([100_000], [("p2wpkh", 99_000)], seed=3, inputScript=other_script)
    t = transaction("alice", 2, [bitcoin(psbt)])
    fixture("03-rejected-input-pays-another-script.eml", t, "rejected", "psbt_invalid",
            "input 0's witnessUtxo pays another key's P2WPKH, not from's script", readable=False, made=made)
    psbt, made = make_psbt([100_000], [("p2wpkh", 60_000), ("change", 39_000)], seed=4, sighashType=3)
    t = transaction("alice", 2, [bitcoin(psbt)])
    fixture("04-rejected-sighash-single.eml", t, "rejected", "psbt_invalid", "the input asks SIGHASH_SINGLE (3)", readable=False,
            made=made)
    psbt, made = make_psbt([50_000], [("p2wpkh", 40_000), ("change", 10_001)], seed=5)
    t = transaction("alice", 2, [bitcoin(psbt)])
    fixture("05-rejected-outputs-above-inputs.eml", t, "rejected", "psbt_invalid", "outputs 50001 sat, inputs 50000 sat",
            readable=False, made=made)
    psbt, made = make_psbt([100_000], [("p2wpkh", 60_000), ("change", 39_000)], seed=6)
    t = transaction("alice", 2, [bitcoin(psbt, sender=FROM_TESTNET)])
    fixture("06-rejected-from-wrong-network.eml", t, "rejected", "from_mismatch",
            "from is the derived key's testnet address (tb1…) while the network is regtest: refused as the block is read",
            readable=False, made=made)
    psbt, made = make_psbt([100_000], [("p2wpkh", 60_000), ("change", 39_000)], seed=7)
    raw = base64.b64decode(psbt)
    truncated = base64.b64encode(raw[:len(raw) - 20]).decode()
    t = transaction("alice", 2, [bitcoin(truncated)])
    fixture("07-rejected-truncated-psbt.eml", t, "rejected", "psbt_invalid", f"the PSBT's last 20 of {len(raw)} bytes cut off",
            readable=False, made=dict(made, psbt=truncated, note="truncated: the rest describes the PSBT before it was cut"))

    write_folder(options.out, fixtures, keys, [account("alice", ALICE)], "scripts/make-bitcoin-fixtures.py")
    for name, content in (("transactions.json", transactions), ("psbts.json", psbts), ("summary-example.json", example)):
        with open(os.path.join(options.out, name), "w") as handle:
            json.dump(content, handle, indent=2)
            handle.write("\n")
    with open(os.path.join(options.out, "signer-root.hex"), "w") as handle:
        handle.write(SIGNER_ROOT + "\n")


if __name__ == "__main__":
    main()
