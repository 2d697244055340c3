#!/usr/bin/env python3
"""Regenerates testdata/consent/: mails signed by dkimpy (an independent DKIM implementation) and
wallet consents signed by eth-account, for the consent of added identities (PROTOCOL.md 1.1 section
4.1) by email, the identity theft of issue 10, and the To/Cc rule of section 5. With them: their DNS
records (dns.txt), the accounts they act on (accounts.json), the time they are replayed at (now)
and the outcome each must get (expected.json; `missing` for a mail left awaiting proofs).

The mails run in file-name order against one store: a mail may leave proofs that a later one
completes. Replay them with the service address they are sent to:

    chainmail replay --service-address wallet@chainmail.test testdata/consent

(the service id is replay's default, chainmail.testnet, which the wallet approval lines name).

Usage: scripts/make-consent-fixtures.py [OUTPUT_DIR]   (default testdata/consent)
"""
import base64
import hashlib
import json
import os
import sys
from datetime import datetime, timezone
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

import dkim
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa
from eth_account import Account
from eth_account.messages import encode_defunct

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "testdata", "consent")
NOW = 1795000000  # the replay clock: 2026-11-18 08:26:40 UTC
SIGNED_AT = NOW - 120
SERVICE_ID = "chainmail.testnet"
SERVICE_ADDRESS = "wallet@chainmail.test"
ISSUER = "https://accounts.google.com"
CLIENT = "chainmail-demo"
PAYLOAD = "c2ee0e7a2b1f5b6ad1b4b5b7a9f1d36a8f3e0f5bb9e0c6f1d2a3b4c5d6e7f809"


def oidc(email, issuer=ISSUER, client=CLIENT):
    return {"type": "OIDC", "value": {"issuer": issuer, "clientId": client, "email": email}}


def wallet(label):
    """A wallet whose key is fixed by its label, so its address and signatures are the same each run."""
    account = Account.from_key(hashlib.sha256(f"chainmail consent fixture {label}".encode()).digest())
    return account, {"type": "PubKey", "value": "evm:" + account.address.lower()}


def wallet_proof(account, identity, message):
    signature = account.sign_message(encode_defunct(text=message)).signature.hex().removeprefix("0x")
    return {"authIdentity": identity, "message": message, "messageSignature": "0x" + signature}


def approval_line(tx):
    return f"{SERVICE_ID}: approve transaction {tx_hash(tx)}"


KEYS = {}
DNS = []


def add_key(domain, selector, kind):
    if kind == "ed25519":
        key = ed25519.Ed25519PrivateKey.generate()
        KEYS[(domain, selector)] = base64.b64encode(
            key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()))
        public = base64.b64encode(key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)).decode()
        DNS.append(f"{selector}._domainkey.{domain} v=DKIM1; k=ed25519; p={public}")
    else:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        KEYS[(domain, selector)] = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                                     serialization.NoEncryption())
        spki = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
        DNS.append(f"{selector}._domainkey.{domain} v=DKIM1; k=rsa; p={base64.b64encode(spki).decode()}")


add_key("example.com", "s2026", 2048)
add_key("example.org", "ed", "ed25519")
add_key("evil.example", "evil", 2048)
SELECTORS = {"example.com": "s2026", "example.org": "ed", "evil.example": "evil"}


def call_chain_sig(path="ethereum,1"):
    return {"type": "CallChainSig", "args": {"payload": PAYLOAD, "keyVersion": 0, "path": path}}


def add_key_action(identity):
    return {"type": "AddKey", "authIdentity": identity}


def transaction(account, nonce, actions, auth_target=None):
    tx = {"accountId": account, "nonce": nonce}
    if auth_target is not None:
        tx["authTarget"] = auth_target
    tx["actions"] = actions
    return tx


def tx_hash(tx):
    # RFC 8785 equals sorted compact JSON here: ASCII keys, integer numbers (see ../shared/vectors).
    return hashlib.sha256(json.dumps(tx, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()).hexdigest()


def block(content, auth_target=None):
    lines = []
    if auth_target is not None:
        lines.append("auth-target: " + json.dumps(auth_target, separators=(",", ":")))
    lines += ["-----BEGIN CHAINMAIL TRANSACTION-----", json.dumps(content, indent=2), "-----END CHAINMAIL TRANSACTION-----"]
    return "\n".join(lines)


def mail(sender, subject, text, to=SERVICE_ADDRESS, cc=None):
    address = sender.split("<")[-1].rstrip(">")
    domain = address.split("@")[1]
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    if cc is not None:
        message["Cc"] = cc
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime.fromtimestamp(SIGNED_AT, timezone.utc))
    message["Message-ID"] = f"<{hashlib.sha1((sender + subject + text).encode()).hexdigest()[:16]}@{domain}>"
    message.set_content(text)
    raw = message.as_bytes(policy=SMTP)
    selector = SELECTORS[domain]
    headers = [h for h in [b"from", b"to", b"cc", b"subject", b"date", b"message-id", b"mime-version", b"content-type",
                           b"content-transfer-encoding"] if (b"\n" + h + b":") in (b"\n" + raw.split(b"\r\n\r\n")[0].lower())]
    original_time = dkim.time.time
    dkim.time.time = lambda: SIGNED_AT
    try:
        signature = dkim.sign(raw, selector.encode(), domain.encode(), KEYS[(domain, selector)], canonicalize=(b"relaxed", b"relaxed"),
                              signature_algorithm=b"ed25519-sha256" if selector == "ed" else b"rsa-sha256", include_headers=headers)
    finally:
        dkim.time.time = original_time
    return signature + raw


def asking(tx, content=None, auth_target=None, greeting="Hello chainmail,\n\nplease run this for me.\n\n"):
    """A body holding the block (the bare transaction, or an envelope)."""
    return greeting + block(tx if content is None else content, auth_target) + "\n\nThanks\n"


FIXTURES = []


def fixture(name, raw, status, tx, reason=None, missing=None, note=""):
    outcome = {"status": status, "reason": reason, "txHash": tx_hash(tx) if tx is not None else None, "note": note}
    if missing is not None:
        outcome["missing"] = missing
    FIXTURES.append((name, raw, outcome))


CAROL, DAVE = oidc("carol@example.com"), oidc("dave@example.org")
ERIN, FRANK = oidc("erin@example.com"), oidc("frank@example.org")
GRACE = oidc("grace@example.com")
MALLORY, VICTIM = oidc("mallory@evil.example"), oidc("victim@example.org")
HANK, HANK_ELSEWHERE = oidc("hank@example.com"), oidc("hank@example.com", issuer="https://login.example.net", client="hank-app")
GRACE_WALLET, GRACE_WALLET_ID = wallet("grace")
SECOND_WALLET, SECOND_WALLET_ID = wallet("grace second")

# Authority first, consent by mail later: carol adds dave; dave's reply (no block, the Subject names
# the kept transaction) is his consent and completes it.
t = transaction("carol", 0, [add_key_action(DAVE), call_chain_sig()])
fixture("01-awaiting-carol-adds-dave.eml", mail("Carol <carol@example.com>", f"Add dave {tx_hash(t)}", asking(t)), "awaiting_proofs", t,
        missing=[DAVE], note="the authority's mail: kept until dave consents")
fixture("02-executed-dave-consents-by-reply.eml",
        mail("Dave <dave@example.org>", f"Re: Add dave {tx_hash(t)}", "Yes, I agree to be added to carol's account.\n"), "executed", t,
        note="dave's mail, no block: the consent that completes the kept transaction")

# Consent first, authority later: frank consents to erin's transaction before erin approves it.
t = transaction("erin", 0, [add_key_action(FRANK)])
fixture("03-awaiting-frank-consents-first.eml", mail("frank@example.org", f"I consent {tx_hash(t)}", asking(t)), "awaiting_proofs", t,
        missing=[], note="the added identity's mail comes first: consent kept, the authority's proof awaited")
fixture("04-executed-erin-approves-after-consent.eml", mail("erin@example.com", f"Approve {tx_hash(t)}", asking(t)), "executed", t,
        note="erin's mail completes what frank's consent began")

# Wallet consents in the envelope {"transaction":TX,"consents":[PROOF]}.
t = transaction("grace", 0, [add_key_action(GRACE_WALLET_ID)])
envelope = {"transaction": t, "consents": [wallet_proof(GRACE_WALLET, GRACE_WALLET_ID, approval_line(t))]}
fixture("05-executed-grace-envelope-wallet-consent.eml", mail("grace@example.com", f"Approve {tx_hash(t)}", asking(t, envelope)), "executed",
        t, note="the envelope carries the wallet's consent over the approval line: both proofs in one mail")
t = transaction("grace", 1, [add_key_action(SECOND_WALLET_ID)])
sign_in = (f"app.example wants you to sign in with your Ethereum account:\n{SECOND_WALLET.address}\n\n"
           f"URI: https://app.example\nVersion: 1\nChain ID: 1\nNonce: {tx_hash(t).upper()}\nIssued At: 2026-11-18T08:00:00Z")
envelope = {"transaction": t, "consents": [wallet_proof(SECOND_WALLET, SECOND_WALLET_ID, sign_in)]}
fixture("06-rejected-envelope-consent-is-sign-in.eml", mail("grace@example.com", f"Approve {tx_hash(t)}", asking(t, envelope)), "rejected", t,
        reason="message_not_an_approval", note="the wallet's signature is a sign-in message whose nonce is the txHash: refused whole")
fixture("07-awaiting-grace-without-consent.eml", mail("grace@example.com", f"Approve again {tx_hash(t)}", asking(t)), "awaiting_proofs", t,
        missing=[SECOND_WALLET_ID], note="the same transaction: the refused consent was kept nowhere, the wallet is still awaited")
envelope = {"transaction": t, "consents": [wallet_proof(SECOND_WALLET, SECOND_WALLET_ID, approval_line(t) + "\n\nAdd me to grace's account.")]}
fixture("08-executed-grace-consent-in-later-mail.eml", mail("grace@example.com", f"Consent {tx_hash(t)}", asking(t, envelope)), "executed", t,
        note="the consent arrives in a later envelope, with free text after the approval line")

# The identity theft of issue 10, by mail from the attacker's own mailbox.
t = transaction("mallory", 0, [add_key_action(VICTIM)])
fixture("09-awaiting-mallory-adds-victim.eml", mail("Mallory <mallory@evil.example>", f"Approve {tx_hash(t)}", asking(t)), "awaiting_proofs", t,
        missing=[VICTIM], note="the attacker adds the victim's identity: kept, awaiting the victim's consent, never executed")
t = transaction("mallory", 0, [call_chain_sig()], auth_target=VICTIM)
fixture("10-rejected-mallory-signs-as-victim.eml", mail("Mallory <mallory@evil.example>", f"Approve {tx_hash(t)}", asking(t)), "rejected", t,
        reason="auth_target_not_on_account", note="the transaction's authTarget is the victim: no signature with the victim's key")
t = transaction("mallory", 0, [call_chain_sig()])
fixture("11-rejected-mallory-auth-target-line.eml",
        mail("Mallory <mallory@evil.example>", f"Approve {tx_hash(t)}", asking(t, auth_target=VICTIM)), "rejected", t,
        reason="auth_target_not_on_account", note="the same by an auth-target: line")
v = transaction("victim", 0, [call_chain_sig()])
fixture("12-rejected-mallory-on-victims-account.eml", mail("Mallory <mallory@evil.example>", f"Approve {tx_hash(v)}", asking(v)), "rejected", v,
        reason="sender_not_on_account", note="a stranger on the victim's account: refused, told nothing, nothing recorded under the txHash")
fixture("13-executed-mallory-nonce-untouched.eml", mail("Mallory <mallory@evil.example>", f"Sign {tx_hash(t)}", asking(t)), "executed", t,
        note="mallory's own CallChainSig at nonce 0: the attempts above left her nonce where it was")

# Mails bound to the deployment (section 5): To or Cc names the service address.
t = transaction("carol", 1, [call_chain_sig("bitcoin,1")])
fixture("14-rejected-carol-to-another-service.eml",
        mail("Carol <carol@example.com>", f"Approve {tx_hash(t)}", asking(t), to="wallet@other-deployment.example"), "rejected", None,
        reason="not_addressed_to_service", note="addressed to another deployment's mailbox: refused before its transaction is read")
fixture("15-executed-carol-service-in-cc.eml",
        mail("Carol <carol@example.com>", f"Approve now {tx_hash(t)}", asking(t), to="Bookkeeping <books@example.com>",
             cc="chainmail <WALLET@chainmail.test>"), "executed", t, note="the service address in Cc (any case) binds the mail")

# Two OIDC identities of one address: the mail must name the one that signs.
t = transaction("hank", 0, [call_chain_sig()])
fixture("16-rejected-hank-target-ambiguous.eml", mail("hank@example.com", f"Approve {tx_hash(t)}", asking(t)), "rejected", t,
        reason="auth_target_ambiguous", note="the account holds two OIDC identities of hank@example.com and nothing names the target")
fixture("17-executed-hank-names-target.eml", mail("hank@example.com", f"Approve, {tx_hash(t)}", asking(t, auth_target=HANK_ELSEWHERE)),
        "executed", t, note="the auth-target: line names one of them")

os.makedirs(OUT, exist_ok=True)
for old in os.listdir(OUT):
    if old.endswith(".eml"):
        os.remove(os.path.join(OUT, old))
expected = {}
for name, raw, outcome in FIXTURES:
    with open(os.path.join(OUT, name), "wb") as handle:
        handle.write(raw)
    expected[name] = outcome
with open(os.path.join(OUT, "expected.json"), "w") as handle:
    json.dump(expected, handle, indent=2, sort_keys=True)
    handle.write("\n")
with open(os.path.join(OUT, "dns.txt"), "w") as handle:
    handle.write("# DKIM keys of the fixtures in this folder (FAKE_DNS.dat format); made by scripts/make-consent-fixtures.py\n")
    handle.write("\n".join(DNS) + "\n")
with open(os.path.join(OUT, "accounts.json"), "w") as handle:
    json.dump([
        {"accountId": "carol", "authIdentities": [CAROL]},
        {"accountId": "erin", "authIdentities": [ERIN]},
        {"accountId": "grace", "authIdentities": [GRACE]},
        {"accountId": "hank", "authIdentities": [HANK, HANK_ELSEWHERE]},
        {"accountId": "mallory", "authIdentities": [MALLORY]},
        {"accountId": "victim", "authIdentities": [VICTIM]},
    ], handle, indent=2)
    handle.write("\n")
with open(os.path.join(OUT, "now"), "w") as handle:
    handle.write(f"{NOW}\n")
print(f"wrote {len(FIXTURES)} mails to {OUT}")
