"""Re-reads every vector file as a consumer would and re-checks it, plus the links between files."""
import base64
import hashlib
import json
import os
import sys

import coincurve
import nacl.signing
import rfc8785
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from jwcrypto import jwk, jws
from Crypto.Hash import keccak

D = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141


def load(n):
    return json.load(open(os.path.join(D, n), encoding="utf-8"))


def kec(b):
    k = keccak.new(digest_bits=256); k.update(b); return k.digest()


def b64u(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


counts = {}
J = load("jcs-txhash.json")
TX = {}
for t in J["transactions"]:
    b = rfc8785.dumps(t["transaction"])
    assert b == bytes.fromhex(t["jcsUtf8Hex"]) == t["jcs"].encode("utf-8")
    assert rfc8785.dumps(json.loads(t["inputText"])) == b
    assert hashlib.sha256(b).hexdigest() == t["txHash"]
    TX[t["id"]] = (t["transaction"], t["txHash"])
assert TX["tx-protocol-example"][1] == "bf6baaf3357ea09424e02d48e70066b3b3c34783b5139310c9b7375f7a4dc8d6"
for c in J["genericJcs"]["cases"]:
    assert rfc8785.dumps(json.loads(c["inputText"])) == bytes.fromhex(c["expectedUtf8Hex"]) == c["expected"].encode()
counts["jcs-txhash.json"] = f'{len(J["transactions"])} transactions + {len(J["genericJcs"]["cases"])} generic JCS cases'


def txref(c):
    tid = c["transactionId"].split(" ")[0]
    assert TX[tid][1] == c["txHash"] if "txHash" in c else True
    return TX[tid]


K = load("keccak256.json")
for c in K["cases"]:
    d = bytes.fromhex(c["inputHex"])
    assert len(d) == c["length"]
    assert kec(d).hex() == c["keccak256"]
    assert hashlib.sha3_256(d).hexdigest() == c["sha3_256_NOT_this"]
counts["keccak256.json"] = f'{len(K["cases"])} cases'

KD = load("near-kdf.json")
PFX = b"near-mpc-recovery v0.1.0 epsilon derivation:"
for c in KD["publishedTweaks"]["cases"]:
    assert hashlib.sha3_256(PFX + f'{c["predecessor"]},{c["path"]}'.encode()).hexdigest() == c["tweak"]
for c in KD["publishedDerivedKeys"]:
    t = hashlib.sha3_256(PFX + f'{c["predecessor"]},{c["path"]}'.encode()).digest()
    assert t.hex() == c["tweak"]
    d = coincurve.PublicKey(bytes.fromhex(c["rootPublicKeyUncompressed"])).add(t)
    assert d.format().hex() == c["derivedPublicKeyCompressed"]
    assert d.format(False).hex() == c["derivedPublicKeyUncompressed"]
    assert "0x" + kec(d.format(False)[1:])[-20:].hex() == c["derivedEvmAddress"]
for c in KD["localSigner"]["cases"]:
    assert c["derivationPath"] == c["identityPath"] + "," + c["userPath"]
    t = hashlib.sha3_256(PFX + f'{c["predecessor"]},{c["derivationPath"]}'.encode()).digest()
    assert t.hex() == c["tweak"]
    sk = (int(c["rootSecret"], 16) + int(c["tweak"], 16)) % N
    assert sk.to_bytes(32, "big").hex() == c["derivedSecret"]
    pub = coincurve.PrivateKey(sk.to_bytes(32, "big")).public_key
    assert pub.format().hex() == c["derivedPublicKeyCompressed"] == c["result"]["publicKey"]
    assert coincurve.PublicKey(bytes.fromhex(c["rootPublicKeyCompressed"])).add(t).format() == pub.format()
    s = c["signature"]
    assert int(s["s"], 16) <= N // 2
    sig = bytes.fromhex(s["r"] + s["s"]) + bytes([s["v"]])
    rec = coincurve.PublicKey.from_signature_and_message(sig, bytes.fromhex(c["payload"]), hasher=None)
    assert rec.format() == pub.format()
    tx, h = txref(c)
    assert any(a.get("args", {}).get("payload") == c["payload"] for a in tx["actions"])
    assert c["result"]["address"] == c["derivedEvmAddress"] == "0x" + kec(pub.format(False)[1:])[-20:].hex()
counts["near-kdf.json"] = (f'{len(KD["publishedTweaks"]["cases"])} published tweaks, {len(KD["publishedDerivedKeys"])} '
                           f'published derived key, {len(KD["addressExamples"])} BIP-173 address example, '
                           f'{len(KD["localSigner"]["cases"])} local signer cases')

E = load("evm-personal-sign.json")
for c in E["cases"]:
    m = c["message"].encode()
    dg = kec(b"\x19Ethereum Signed Message:\n" + str(len(m)).encode() + m)
    assert dg.hex() == c["eip191Digest"]
    sig = bytes.fromhex(c["signature"][2:])
    assert sig[64] in (27, 28) and int.from_bytes(sig[32:64], "big") <= N // 2
    p = coincurve.PublicKey.from_signature_and_message(sig[:64] + bytes([sig[64] - 27]), dg, hasher=None)
    assert "0x" + kec(p.format(False)[1:])[-20:].hex() == c["address"]
    assert c["address"] == "0x" + kec(coincurve.PrivateKey(bytes.fromhex(c["privateKey"])).public_key.format(False)[1:])[-20:].hex()
    assert any(h in c["message"] for _, h in TX.values())
for c in E["negative"]:
    assert c["mustBeRefused"]
    sig = bytes.fromhex(c["signature"][2:])
    dg = bytes.fromhex(c["eip191Digest"])
    p = coincurve.PublicKey.from_signature_and_message(sig[:64] + bytes([sig[64] - 27]), dg, hasher=None)
    assert "0x" + kec(p.format(False)[1:])[-20:].hex() == c["recoversTo"]
counts["evm-personal-sign.json"] = f'{len(E["cases"])} valid, {len(E["negative"])} negative'

NP = load("nep413.json")
for c in NP["cases"] + NP["negative"]:
    m = c["message"].encode()
    pay = (2147484061).to_bytes(4, "little") + len(m).to_bytes(4, "little") + m + bytes.fromhex(c["nonce"]) + \
        len(c["recipient"]).to_bytes(4, "little") + c["recipient"].encode() + b"\x00"
    assert pay.hex() == c["borshPayloadHex"] and hashlib.sha256(pay).hexdigest() == c["sha256"]
    vk = nacl.signing.VerifyKey(bytes.fromhex(c["publicKeyHex"]))
    sig = base64.b64decode(c["signatureBase64"])
    tx, h = txref(c)
    try:
        proper = (2147484061).to_bytes(4, "little") + len(m).to_bytes(4, "little") + m + bytes.fromhex(h) + \
            len(NP["recipient"]).to_bytes(4, "little") + NP["recipient"].encode() + b"\x00"
        vk.verify(hashlib.sha256(proper).digest(), sig)
        ok = True
    except Exception:
        ok = False
    assert ok == (not c.get("mustBeRefused", False)), c["name"]
counts["nep413.json"] = f'{len(NP["cases"])} valid, {len(NP["negative"])} negative'

W = load("webauthn.json")
for c in W["valid"] + W["negative"]:
    ad = b64u(c["authenticatorData"]); cd = b64u(c["clientDataJSON"]); der = b64u(c["signature"])
    ms = json.loads(c["messageSignature"])
    assert (ms["authenticatorData"], ms["clientDataJSON"], ms["signature"]) == (c["authenticatorData"], c["clientDataJSON"], c["signature"])
    pk = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), bytes.fromhex(c["publicKeyCompressed"]))
    try:
        pk.verify(der, ad + hashlib.sha256(cd).digest(), ec.ECDSA(hashes.SHA256())); sig_ok = True
    except Exception:
        sig_ok = False
    cdj = json.loads(cd)
    tx, h = txref(c)
    checks = {
        "type": cdj["type"] == "webauthn.get",
        "challenge": cdj["challenge"] == base64.urlsafe_b64encode(bytes.fromhex(h)).rstrip(b"=").decode(),
        "origin": cdj["origin"] == W["origin"],
        "rpid": ad[:32] == hashlib.sha256(W["rpId"].encode()).digest(),
        "up": bool(ad[32] & 1),
        "signature": sig_ok,
    }
    assert all(checks.values()) == (not c.get("mustBeRefused", False)), (c["name"], checks)
counts["webauthn.json"] = f'{len(W["valid"])} valid, {len(W["negative"])} negative'

O = load("oidc.json")
keys = {k["kid"]: k for k in O["jwks"]["keys"]}
for c in O["valid"] + O["negative"]:
    tok = c["token"]
    h = json.loads(b64u(tok.split(".")[0]))
    ok = True
    if h["alg"] in ("RS256", "ES256") and h.get("kid") in keys and keys[h["kid"]]["alg"] == h["alg"]:
        o = jws.JWS(); o.deserialize(tok)
        try:
            o.verify(jwk.JWK(**keys[h["kid"]]), alg=h["alg"])
        except Exception:
            ok = False
    else:
        ok = False
    cl = json.loads(b64u(tok.split(".")[1]))
    tx, txh = txref(c)
    ident = c["identity"]["value"]
    ok = ok and cl["iss"] == ident["issuer"] and cl["aud"] == ident["clientId"] and cl["email"] == ident["email"] \
        and cl["email_verified"] is True and cl["nonce"] == txh and O["now"] < cl["exp"] + O["skewSeconds"] \
        and cl["iat"] <= O["now"] + O["skewSeconds"]
    assert ok == (not c.get("mustBeRefused", False)), c["name"]
counts["oidc.json"] = f'{len(O["valid"])} valid, {len(O["negative"])} negative'

for k, v in counts.items():
    print(f"{k}: {v}")
print("all vector files re-verified")
