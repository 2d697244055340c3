"""Shared helpers and deterministic test keys for the chainmail public vectors.

Every key is derived from a printable label so the vectors are reproducible:
    secret = SHA-256(label)   (for P-256/secp256k1: read big-endian, must be in [1, n-1])
except the EVM key "remix-0", which is the well-known Remix IDE test account whose
address appears in PROTOCOL.md (its address is recomputed and asserted below).
"""
import hashlib
import json
import os
import re

import base58
import rfc8785
import jcs as jcs_pkg
from Crypto.Hash import keccak as cd_keccak, SHA3_256 as cd_sha3, RIPEMD160 as cd_ripemd
import sha3 as pysha3  # safe-pysha3 (XKCP C code)
from eth_hash.auto import keccak as eth_keccak
import coincurve
from eth_keys import KeyAPI
from eth_keys.backends import NativeECCBackend
import ecdsa as pyecdsa

# By default the repository's own testdata/vectors and docs/PROTOCOL.md.
_HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.environ.get("VECTOR_OUT", os.path.dirname(_HERE))
PROTOCOL = os.environ.get("VECTOR_PROTOCOL", os.path.join(_HERE, "..", "..", "..", "docs", "PROTOCOL.md"))

SECP256K1_N = pyecdsa.SECP256k1.order
P256_N = pyecdsa.NIST256p.order
NATIVE_BACKEND = NativeECCBackend()
NATIVE = KeyAPI(NATIVE_BACKEND)


def native_private_key(secret: bytes):
    """eth-keys PrivateKey bound to the pure-Python backend (not coincurve)."""
    from eth_keys.datatypes import PrivateKey
    k = PrivateKey(secret, backend=NATIVE_BACKEND)
    assert isinstance(k.backend, NativeECCBackend)
    return k


def native_signature(v, r, s):
    from eth_keys.datatypes import Signature
    sig = Signature(vrs=(v, r, s), backend=NATIVE_BACKEND)
    assert isinstance(sig.backend, NativeECCBackend)
    return sig

# ---------------------------------------------------------------- hashing

def sha256(b: bytes) -> bytes:
    return hashlib.sha256(b).digest()


def keccak256(b: bytes) -> bytes:
    """keccak256 by three implementations, asserted equal."""
    a = eth_keccak(b)
    k = cd_keccak.new(digest_bits=256); k.update(b); c = k.digest()
    p = pysha3.keccak_256(b).digest()
    assert a == c == p, "keccak implementations disagree"
    return a


def sha3_256(b: bytes) -> bytes:
    a = hashlib.sha3_256(b).digest()
    c = cd_sha3.new(b).digest()
    p = pysha3.sha3_256(b).digest()
    assert a == c == p
    return a


def ripemd160(b: bytes) -> bytes:
    a = cd_ripemd.new(b).digest()
    try:
        h = hashlib.new("ripemd160", b).digest()
        assert a == h
    except ValueError:
        pass
    return a


def hash160(b: bytes) -> bytes:
    return ripemd160(sha256(b))


# ---------------------------------------------------------------- JCS

def jcs(obj) -> bytes:
    """RFC 8785 canonical form by two independent implementations, asserted equal."""
    a = rfc8785.dumps(obj)
    b = jcs_pkg.canonicalize(obj)
    assert a == b, (a, b)
    return a


def tx_hash(tx) -> str:
    return sha256(jcs(tx)).hex()


# ---------------------------------------------------------------- keys

def label_secret(label: str, order: int) -> int:
    v = int.from_bytes(sha256(label.encode()), "big")
    assert 1 <= v < order, label
    return v


REMIX_0_SECRET = "503f38a9c967ed597e47fe25643985f032b072db8075426a92110f82df48dfcb"


def evm_secret(name: str) -> bytes:
    if name == "remix-0":
        return bytes.fromhex(REMIX_0_SECRET)
    return label_secret(f"chainmail-vectors/secp256k1/{name}", SECP256K1_N).to_bytes(32, "big")


def ed25519_seed(name: str) -> bytes:
    return sha256(f"chainmail-vectors/ed25519/{name}".encode())


def p256_secret(name: str) -> int:
    return label_secret(f"chainmail-vectors/p256/{name}", P256_N)


def root_secret(name: str) -> bytes:
    return label_secret(f"chainmail-vectors/root/{name}", SECP256K1_N).to_bytes(32, "big")


def evm_address_from_uncompressed(pub65: bytes) -> str:
    assert len(pub65) == 65 and pub65[0] == 4
    return "0x" + keccak256(pub65[1:])[-20:].hex()


def evm_address(secret: bytes) -> str:
    pub = coincurve.PrivateKey(secret).public_key.format(compressed=False)
    a = evm_address_from_uncompressed(pub)
    b = native_private_key(secret).public_key.to_address()
    assert a == b.lower(), (a, b)
    return a


def ed25519_public(seed: bytes) -> bytes:
    import nacl.signing
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives import serialization
    a = bytes(nacl.signing.SigningKey(seed).verify_key)
    b = Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert a == b
    return a


def b58(b: bytes) -> str:
    from base58_bech32 import base58 as b58b
    a = base58.b58encode(b).decode()
    c = b58b.b58encode(b)
    c = c.decode() if isinstance(c, bytes) else c
    assert a == c, (a, c)
    return a


def b58decode(s: str) -> bytes:
    from base58_bech32 import base58 as b58b
    a = base58.b58decode(s)
    c = b58b.b58decode(s)
    assert a == bytes(c)
    return a


def p256_public(secret_int: int):
    """(compressed33, uncompressed65) via cryptography and python-ecdsa."""
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives import serialization
    k = ec.derive_private_key(secret_int, ec.SECP256R1())
    comp = k.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.CompressedPoint)
    unc = k.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    sk2 = pyecdsa.SigningKey.from_secret_exponent(secret_int, curve=pyecdsa.NIST256p)
    assert sk2.get_verifying_key().to_string("compressed") == comp
    assert sk2.get_verifying_key().to_string("uncompressed") == unc
    return comp, unc


# ---------------------------------------------------------------- identities

def id_evm(name: str) -> dict:
    return {"type": "PubKey", "value": "evm:" + evm_address(evm_secret(name))}


def id_solana(name: str) -> dict:
    return {"type": "PubKey", "value": "solana:" + b58(ed25519_public(ed25519_seed("solana-" + name)))}


def id_near(name: str) -> dict:
    return {"type": "PubKey", "value": "near:ed25519:" + b58(ed25519_public(ed25519_seed("near-" + name)))}


def webauthn_key_id(name: str) -> str:
    import base64
    raw = sha256(f"chainmail-vectors/webauthn-credential-id/{name}".encode())[:16]
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def id_webauthn(name: str) -> dict:
    comp, _ = p256_public(p256_secret(name))
    return {"type": "WebAuthn", "value": {"keyId": webauthn_key_id(name), "publicKey": comp.hex()}}


OIDC_ISSUER = "https://issuer.chainmail.test"
OIDC_CLIENT = "chainmail-client"


def id_oidc(email: str, issuer: str = OIDC_ISSUER, client: str = OIDC_CLIENT) -> dict:
    return {"type": "OIDC", "value": {"issuer": issuer, "clientId": client, "email": email}}


def id_account(acct: str) -> dict:
    return {"type": "Account", "value": acct}


def identity_path(ident: dict) -> str:
    t, v = ident["type"], ident["value"]
    if t == "PubKey":
        return "wallet/" + v
    if t == "WebAuthn":
        return "webauthn/" + v["publicKey"]
    if t == "OIDC":
        return f"oidc/{v['issuer']}/{v['clientId']}/{v['email']}"
    if t == "Account":
        return "near/" + v
    raise ValueError(t)


# ---------------------------------------------------------------- the transactions

def protocol_worked_example():
    """Read the worked example of PROTOCOL.md section 3 from the file itself."""
    text = open(PROTOCOL, encoding="utf-8").read()
    m_tx = re.search(r"^transaction\s+(\{.*\})\s*$", text, re.M)
    m_jcs = re.search(r"^JCS\s+(\{.*\})\s*$", text, re.M)
    m_h = re.search(r"^txHash\s+([0-9a-f]{64})\s*$", text, re.M)
    return json.loads(m_tx.group(1)), m_tx.group(1), m_jcs.group(1), m_h.group(1)


def transactions():
    """The transactions used across all vector files: list of (id, description, tx, flags)."""
    ex, _, _, _ = protocol_worked_example()
    payload2 = sha256(b"chainmail-vectors/payload/2").hex()
    payload3 = keccak256(b"chainmail-vectors/payload/3").hex()
    for p in (payload2, payload3):
        assert int(p, 16) < SECP256K1_N
    txs = [
        ("tx-protocol-example", "the worked example of PROTOCOL.md section 3 (CallChainSig)", ex, {}),
        ("tx-addkey-evm", "AddKey of an evm PubKey (the Remix test account of PROTOCOL.md)",
         {"accountId": "alice", "nonce": 1, "actions": [{"type": "AddKey", "authIdentity": id_evm("remix-0")}]}, {}),
        ("tx-addkey-solana", "AddKey of a solana PubKey",
         {"accountId": "alice", "nonce": 2, "actions": [{"type": "AddKey", "authIdentity": id_solana("1")}]}, {}),
        ("tx-addkey-near", "AddKey of a near PubKey",
         {"accountId": "alice", "nonce": 3, "actions": [{"type": "AddKey", "authIdentity": id_near("1")}]}, {}),
        ("tx-addkey-webauthn", "AddKey of a WebAuthn identity (compressed P-256 key)",
         {"accountId": "bob.testnet", "nonce": 0, "actions": [{"type": "AddKey", "authIdentity": id_webauthn("1")}]}, {}),
        ("tx-removekey-oidc", "RemoveKey of an OIDC identity",
         {"accountId": "alice", "nonce": 4, "actions": [{"type": "RemoveKey", "authIdentity": id_oidc("bob@example.org")}]}, {}),
        ("tx-addkey-account", "AddKey of an Account identity (reserved type)",
         {"accountId": "carol-1", "nonce": 7, "actions": [{"type": "AddKey", "authIdentity": id_account("carol.testnet")}]}, {}),
        ("tx-callchainsig-alice", "CallChainSig for alice (used by the evm, near, WebAuthn and OIDC auth vectors)",
         {"accountId": "alice", "nonce": 5, "actions": [{"type": "CallChainSig", "args": {"payload": payload2, "keyVersion": 0, "path": "ethereum,1"}}]}, {}),
        ("tx-multi-nonascii", "four actions, non-ASCII path (BMP and astral), nonce 2^53-1",
         {"accountId": "dave_2.near", "nonce": 9007199254740991, "actions": [
             {"type": "AddKey", "authIdentity": id_oidc("dave@xn--mnchen-3ya.example")},
             {"type": "CallChainSig", "args": {"payload": payload3, "keyVersion": 0, "path": "bitcoin,ünïcødé/€/日本/𝄞/😀"}},
             {"type": "RemoveKey", "authIdentity": id_evm("2")},
             {"type": "CallChainSig", "args": {"payload": payload2, "keyVersion": 0, "path": "ethereum,137"}}]}, {}),
        ("tx-escapes", "path string with characters JCS must escape (quote, backslash, controls) and ones it must not (DEL, U+2028, slash)",
         {"accountId": "alice", "nonce": 6, "actions": [{"type": "CallChainSig", "args": {
             "payload": payload3, "keyVersion": 0, "path": "a\"b\\c/d\n\t\r\b\f\u0001\u001f\u007f\u2028\u2029é"}}]}, {}),
        ("tx-delete", "DeleteAccount",
         {"accountId": "erin", "nonce": 12, "actions": [{"type": "DeleteAccount"}]}, {}),
        ("tx-nonascii-email", "AddKey of an OIDC identity whose email has a non-ASCII local part and domain: "
         "hash vector only, the identity itself must be refused by section 1 normalisation",
         {"accountId": "alice", "nonce": 8, "actions": [{"type": "AddKey", "authIdentity": id_oidc("jürgen@müller.example")}]},
         {"identityRefusedByNormalisation": True}),
    ]
    return txs


def tx_by_id(i):
    for t in transactions():
        if t[0] == i:
            return t[2]
    raise KeyError(i)


def write(name: str, obj):
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, name)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=2)
        f.write("\n")
    # round trip
    with open(path, encoding="utf-8") as f:
        assert json.load(f) == obj
    print("wrote", path)
