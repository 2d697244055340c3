"""What the mail fixture generators share (scripts/make-email-fixtures.py, make-consent-fixtures.py,
make-section5-fixtures.py): the replay clock and the identities they use, transactions with their
txHash and transaction block, DKIM keys with their DNS records and dkimpy's signature, and writing a
fixture folder (the .eml files, expected.json, dns.txt, accounts.json, now).

Each generator keeps its own fixtures: the mails, how it composes them and the outcome each must get.
"""
import base64
import hashlib
import json
import os
import subprocess
from datetime import datetime, timezone
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

import dkim
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

NOW = 1795000000  # the replay clock: 2026-11-18 08:26:40 UTC
SIGNED_AT = NOW - 120
SERVICE_ADDRESS = "wallet@chainmail.test"
ISSUER = "https://accounts.google.com"
CLIENT = "chainmail-demo"
PAYLOAD = "c2ee0e7a2b1f5b6ad1b4b5b7a9f1d36a8f3e0f5bb9e0c6f1d2a3b4c5d6e7f809"


# --- Identities, transactions and the block -------------------------------------------------------

def oidc(email, issuer=ISSUER, client=CLIENT):
    return {"type": "OIDC", "value": {"issuer": issuer, "clientId": client, "email": email}}


def account(account_id, *identities):
    """An entry of accounts.json."""
    return {"accountId": account_id, "authIdentities": list(identities)}


def call_chain_sig(path="ethereum,1"):
    return {"type": "CallChainSig", "args": {"payload": PAYLOAD, "keyVersion": 0, "path": path}}


def add_key(identity):
    return {"type": "AddKey", "authIdentity": identity}


def identity_path(identity):
    """The OIDC identity's path (PROTOCOL.md section 1)."""
    value = identity["value"]
    return f"oidc/{value['issuer']}/{value['clientId']}/{value['email']}"


def derivation_tweak(predecessor, identity, path):
    """PROTOCOL.md section 6 computed without chainmail: SHA3-256 of the epsilon text for `identity`'s
    path, a comma and `path`."""
    full = identity_path(identity) + "," + path
    return hashlib.sha3_256(f"near-mpc-recovery v0.1.0 epsilon derivation:{predecessor},{full}".encode()).digest()


def derived_public_key(root_secret_hex, predecessor, identity, path):
    """The coincurve public key derived from the root (point addition of the tweak)."""
    import coincurve
    return coincurve.PrivateKey(bytes.fromhex(root_secret_hex)).public_key.add(derivation_tweak(predecessor, identity, path))


def transaction(account_id, nonce, actions=None, auth_target=None):
    """A transaction (fields in this order: the block shows them so); by default one CallChainSig."""
    tx = {"accountId": account_id, "nonce": nonce}
    if auth_target is not None:
        tx["authTarget"] = auth_target
    tx["actions"] = actions or [call_chain_sig()]
    return tx


def tx_hash(tx):
    # RFC 8785 equals sorted compact JSON here: ASCII keys, integer numbers (see testdata/vectors).
    return hashlib.sha256(json.dumps(tx, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()).hexdigest()


def block(content, auth_target=None):
    """The transaction block holding `content` (a transaction or an envelope), after an optional
    `auth-target:` line."""
    lines = []
    if auth_target is not None:
        lines.append("auth-target: " + json.dumps(auth_target, separators=(",", ":")))
    lines += ["-----BEGIN CHAINMAIL TRANSACTION-----", json.dumps(content, indent=2), "-----END CHAINMAIL TRANSACTION-----"]
    return "\n".join(lines)


def asking(content, auth_target=None, before="Hello chainmail,\n\nplease run this for me.\n\n", after="\n\nThanks\n"):
    """A mail body holding the block of `content` between a greeting and a closing."""
    return before + block(content, auth_target) + after


# --- Header values ----------------------------------------------------------------------------------

def date_text(at):
    """A Date header value for the Unix time `at`."""
    return format_datetime(datetime.fromtimestamp(at, timezone.utc))


def sender_domain(sender):
    """The domain of a From value such as `Name <local@domain>` or `local@domain`."""
    return sender.split("<")[-1].rstrip(">").split("@")[1]


def message_id(sender, subject, text, domain):
    """A Message-ID fixed by what the mail says, so a mail keeps its id from run to run."""
    return f"<{hashlib.sha1((sender + subject + text).encode()).hexdigest()[:16]}@{domain}>"


# --- DKIM keys, their DNS records, dkimpy's signature -----------------------------------------------

# The header fields a signature covers when present, in this order in h=.
SIGNED_HEADERS = [b"from", b"to", b"cc", b"subject", b"date", b"message-id", b"mime-version", b"content-type",
                  b"content-transfer-encoding"]


def rsa_pair(key):
    """(PEM private key as dkimpy reads it, base64 SubjectPublicKeyInfo for p=) of an RSA key."""
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption())
    spki = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return pem, base64.b64encode(spki).decode()


def ed25519_pair(key):
    """(base64 seed as dkimpy reads it, base64 raw public key for p=) of an Ed25519 key."""
    seed = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(seed), base64.b64encode(public).decode()


def random_rsa(bits):
    """A fresh RSA key pair (see rsa_pair); below 1024 bits made by openssl, as cryptography refuses
    keys that weak and a weak-key fixture needs one."""
    if bits < 1024:
        pem = subprocess.run(["openssl", "genrsa", "-traditional", str(bits)], check=True, capture_output=True).stdout
        spki = subprocess.run(["openssl", "rsa", "-pubout", "-outform", "DER"], input=pem, check=True, capture_output=True).stdout
        return pem, base64.b64encode(spki).decode()
    return rsa_pair(rsa.generate_private_key(public_exponent=65537, key_size=bits))


def alice_mail(keys, selector, subject, text):
    """A plain-text mail from alice@example.com to the service, signed by `keys` for example.com
    with `selector`: the raw bytes."""
    message = EmailMessage()
    message["From"] = "Alice <alice@example.com>"
    message["To"] = SERVICE_ADDRESS
    message["Subject"] = subject
    message["Date"] = date_text(SIGNED_AT)
    message["Message-ID"] = message_id("alice@example.com", subject, text, "example.com")
    message.set_content(text)
    return keys.sign(message.as_bytes(policy=SMTP), "example.com", selector)


class KeyRing:
    """The DKIM keys of one fixture folder: the private keys that sign, by (domain, selector), and
    the DNS records that publish them, by name (`selector._domainkey.domain`), in the order added."""

    def __init__(self):
        self.keys = {}
        self.kinds = {}
        self.records = {}

    def add(self, domain, selector, kind, private, public, flags=""):
        """Adds a key: `kind` "rsa" or "ed25519", `private` as dkimpy reads it, `public` the base64
        p= value; `flags` goes into the record before p= (e.g. " t=y;")."""
        self.keys[(domain, selector)] = private
        self.kinds[(domain, selector)] = kind
        self.records[f"{selector}._domainkey.{domain}"] = f"v=DKIM1; k={kind};{flags} p={public}"

    def add_random(self, domain, selector, bits_or_ed25519, flags=""):
        """Adds a fresh key: RSA of that many bits, or Ed25519 for "ed25519"."""
        if bits_or_ed25519 == "ed25519":
            self.add(domain, selector, "ed25519", *ed25519_pair(ed25519.Ed25519PrivateKey.generate()), flags)
        else:
            self.add(domain, selector, "rsa", *random_rsa(bits_or_ed25519), flags)

    def dns_lines(self):
        """The records as lines of dns.txt (FAKE_DNS.dat format: name, space, record)."""
        return [f"{name} {record}" for name, record in self.records.items()]

    def sign(self, raw, domain, selector, at=SIGNED_AT, algorithm=None, headers=SIGNED_HEADERS, length=False,
             identity=None, timestamp=True, expires=None):
        """dkimpy's signature over `raw` (relaxed/relaxed) by the key of (domain, selector), prepended.

        It covers the fields of `headers` the mail has, signed at `at`; `algorithm` defaults to the
        key's (ed25519-sha256 or rsa-sha256); `length` adds l=; `identity` is the i= (default none,
        so @domain). `timestamp=False` signs without t= and `expires` adds x=: dkimpy always writes
        t= and never x=, so its tag list is changed before it hashes and signs it."""
        if algorithm is None:
            algorithm = b"ed25519-sha256" if self.kinds[(domain, selector)] == "ed25519" else b"rsa-sha256"
        header = b"\n" + raw.split(b"\r\n\r\n")[0].lower()
        present = [h for h in headers if (b"\n" + h + b":") in header]
        original_time, original_gen = dkim.time.time, dkim.DKIM.gen_header

        def gen_header(dkim_self, fields, *args, **kwargs):
            if not timestamp:
                fields = [field for field in fields if field[0] != b"t"]
            if expires is not None:
                fields = [f for f in fields if f[0] != b"b"] + [(b"x", str(expires).encode())] + [f for f in fields if f[0] == b"b"]
            return original_gen(dkim_self, fields, *args, **kwargs)

        dkim.time.time = lambda: at
        dkim.DKIM.gen_header = gen_header
        try:
            signature = dkim.sign(raw, selector.encode(), domain.encode(), self.keys[(domain, selector)],
                                  canonicalize=(b"relaxed", b"relaxed"), signature_algorithm=algorithm, include_headers=present,
                                  length=length, identity=identity.encode() if identity else None)
        finally:
            dkim.time.time, dkim.DKIM.gen_header = original_time, original_gen
        if not timestamp:
            assert b" t=" not in signature and b";t=" not in signature, signature
        return signature + raw

    def verifies(self, raw):
        """Whether dkimpy's own verifier accepts the mail, its keys looked up in this ring's records."""
        def dnsfunc(name, timeout=5):
            record = self.records.get(name.decode().rstrip("."))
            return record.encode() if record else None

        return dkim.DKIM(raw).verify(dnsfunc=dnsfunc)


# --- Fixture folders --------------------------------------------------------------------------------

def outcome(status, reason=None, tx=None, note="", missing=None):
    """What expected.json says of a mail; `tx` is a transaction (its txHash is taken), a txHash, or
    None; `missing` lists the identities awaited (status awaiting_proofs)."""
    result = {"status": status, "reason": reason, "txHash": tx_hash(tx) if isinstance(tx, dict) else tx, "note": note}
    if missing is not None:
        result["missing"] = missing
    return result


def default_output(folder):
    """testdata/<folder> of this repository."""
    return os.path.join(os.path.dirname(__file__), "..", "testdata", folder)


def write_folder(out, fixtures, keys, accounts, generator, now=NOW):
    """Writes a fixture folder: each (name, raw, outcome) of `fixtures` as name (the folder's older
    .eml files removed first), their outcomes as expected.json, the records of `keys` (a KeyRing) as
    dns.txt naming `generator` (its script path), `accounts` as accounts.json, and the clock `now`."""
    os.makedirs(out, exist_ok=True)
    for old in os.listdir(out):
        if old.endswith(".eml"):
            os.remove(os.path.join(out, old))
    expected = {}
    for name, raw, result in fixtures:
        with open(os.path.join(out, name), "wb") as handle:
            handle.write(raw)
        expected[name] = result
    with open(os.path.join(out, "expected.json"), "w") as handle:
        json.dump(expected, handle, indent=2, sort_keys=True)
        handle.write("\n")
    with open(os.path.join(out, "dns.txt"), "w") as handle:
        handle.write(f"# DKIM keys of the fixtures in this folder (FAKE_DNS.dat format); made by {generator}\n")
        handle.write("\n".join(keys.dns_lines()) + "\n")
    with open(os.path.join(out, "accounts.json"), "w") as handle:
        json.dump(accounts, handle, indent=2)
        handle.write("\n")
    with open(os.path.join(out, "now"), "w") as handle:
        handle.write(f"{now}\n")
    print(f"wrote {len(fixtures)} mails to {out}")
