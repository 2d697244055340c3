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
import hashlib
import sys
from email.message import EmailMessage
from email.policy import SMTP

from eth_account import Account
from eth_account.messages import encode_defunct

from fixture_kit import (SERVICE_ADDRESS, SIGNED_AT, KeyRing, account, add_key, asking, call_chain_sig, date_text, default_output,
                         message_id, oidc, outcome, sender_domain, transaction, tx_hash, write_folder)

OUT = sys.argv[1] if len(sys.argv) > 1 else default_output("consent")
SERVICE_ID = "chainmail.testnet"


def wallet(label):
    """A wallet whose key is fixed by its label, so its address and signatures are the same each run."""
    account = Account.from_key(hashlib.sha256(f"chainmail consent fixture {label}".encode()).digest())
    return account, {"type": "PubKey", "value": "evm:" + account.address.lower()}


def wallet_proof(account, identity, message):
    signature = account.sign_message(encode_defunct(text=message)).signature.hex().removeprefix("0x")
    return {"authIdentity": identity, "message": message, "messageSignature": "0x" + signature}


def approval_line(tx):
    return f"{SERVICE_ID}: approve transaction {tx_hash(tx)}"


KEYS = KeyRing()
KEYS.add_random("example.com", "s2026", 2048)
KEYS.add_random("example.org", "ed", "ed25519")
KEYS.add_random("evil.example", "evil", 2048)
SELECTORS = {"example.com": "s2026", "example.org": "ed", "evil.example": "evil"}


def mail(sender, subject, text, to=SERVICE_ADDRESS, cc=None):
    """A plain text mail from `sender`, signed by the key of its domain."""
    domain = sender_domain(sender)
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    if cc is not None:
        message["Cc"] = cc
    message["Subject"] = subject
    message["Date"] = date_text(SIGNED_AT)
    message["Message-ID"] = message_id(sender, subject, text, domain)
    message.set_content(text)
    return KEYS.sign(message.as_bytes(policy=SMTP), domain, SELECTORS[domain])


FIXTURES = []


def fixture(name, raw, status, tx, reason=None, missing=None, note=""):
    FIXTURES.append((name, raw, outcome(status, reason, tx, note, missing)))


CAROL, DAVE = oidc("carol@example.com"), oidc("dave@example.org")
ERIN, FRANK = oidc("erin@example.com"), oidc("frank@example.org")
GRACE = oidc("grace@example.com")
MALLORY, VICTIM = oidc("mallory@evil.example"), oidc("victim@example.org")
HANK, HANK_ELSEWHERE = oidc("hank@example.com"), oidc("hank@example.com", issuer="https://login.example.net", client="hank-app")
GRACE_WALLET, GRACE_WALLET_ID = wallet("grace")
SECOND_WALLET, SECOND_WALLET_ID = wallet("grace second")

# Authority first, consent by mail later: carol adds dave; dave's reply (no block, the Subject names
# the kept transaction) is his consent and completes it.
t = transaction("carol", 0, [add_key(DAVE), call_chain_sig()])
fixture("01-awaiting-carol-adds-dave.eml", mail("Carol <carol@example.com>", f"Add dave {tx_hash(t)}", asking(t)), "awaiting_proofs", t,
        missing=[DAVE], note="the authority's mail: kept until dave consents")
fixture("02-executed-dave-consents-by-reply.eml",
        mail("Dave <dave@example.org>", f"Re: Add dave {tx_hash(t)}", "Yes, I agree to be added to carol's account.\n"), "executed", t,
        note="dave's mail, no block: the consent that completes the kept transaction")

# Consent first, authority later: frank consents to erin's transaction before erin approves it.
t = transaction("erin", 0, [add_key(FRANK)])
fixture("03-awaiting-frank-consents-first.eml", mail("frank@example.org", f"I consent {tx_hash(t)}", asking(t)), "awaiting_proofs", t,
        missing=[], note="the added identity's mail comes first: consent kept, the authority's proof awaited")
fixture("04-executed-erin-approves-after-consent.eml", mail("erin@example.com", f"Approve {tx_hash(t)}", asking(t)), "executed", t,
        note="erin's mail completes what frank's consent began")

# Wallet consents in the envelope {"transaction":TX,"consents":[PROOF]}.
t = transaction("grace", 0, [add_key(GRACE_WALLET_ID)])
envelope = {"transaction": t, "consents": [wallet_proof(GRACE_WALLET, GRACE_WALLET_ID, approval_line(t))]}
fixture("05-executed-grace-envelope-wallet-consent.eml", mail("grace@example.com", f"Approve {tx_hash(t)}", asking(envelope)), "executed",
        t, note="the envelope carries the wallet's consent over the approval line: both proofs in one mail")
t = transaction("grace", 1, [add_key(SECOND_WALLET_ID)])
sign_in = (f"app.example wants you to sign in with your Ethereum account:\n{SECOND_WALLET.address}\n\n"
           f"URI: https://app.example\nVersion: 1\nChain ID: 1\nNonce: {tx_hash(t).upper()}\nIssued At: 2026-11-18T08:00:00Z")
envelope = {"transaction": t, "consents": [wallet_proof(SECOND_WALLET, SECOND_WALLET_ID, sign_in)]}
fixture("06-rejected-envelope-consent-is-sign-in.eml", mail("grace@example.com", f"Approve {tx_hash(t)}", asking(envelope)), "rejected", t,
        reason="message_not_an_approval", note="the wallet's signature is a sign-in message whose nonce is the txHash: refused whole")
fixture("07-awaiting-grace-without-consent.eml", mail("grace@example.com", f"Approve again {tx_hash(t)}", asking(t)), "awaiting_proofs", t,
        missing=[SECOND_WALLET_ID], note="the same transaction: the refused consent was kept nowhere, the wallet is still awaited")
envelope = {"transaction": t, "consents": [wallet_proof(SECOND_WALLET, SECOND_WALLET_ID, approval_line(t) + "\n\nAdd me to grace's account.")]}
fixture("08-executed-grace-consent-in-later-mail.eml", mail("grace@example.com", f"Consent {tx_hash(t)}", asking(envelope)), "executed", t,
        note="the consent arrives in a later envelope, with free text after the approval line")

# The identity theft of issue 10, by mail from the attacker's own mailbox.
t = transaction("mallory", 0, [add_key(VICTIM)])
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

write_folder(OUT, FIXTURES, KEYS, [
    account("carol", CAROL),
    account("erin", ERIN),
    account("grace", GRACE),
    account("hank", HANK, HANK_ELSEWHERE),
    account("mallory", MALLORY),
    account("victim", VICTIM),
], "scripts/make-consent-fixtures.py")
