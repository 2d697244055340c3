#!/usr/bin/env python3
"""Regenerates testdata/emails/: mails signed by dkimpy (an independent DKIM implementation) with
keys made here for these fixtures only, covering each acceptance rule and refusal of PROTOCOL.md
section 5; their DNS records (dns.txt), the accounts they act on (accounts.json), the time they
are replayed at (now) and the outcome each must get (expected.json).

Usage: scripts/make-email-fixtures.py [OUTPUT_DIR]   (default testdata/emails)
`chainmail replay testdata/emails` then reproduces expected.json (make demo shows it).
"""
import quopri
import sys
from email.message import EmailMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import SMTP

from fixture_kit import (NOW, SERVICE_ADDRESS, SIGNED_AT, SIGNED_HEADERS, KeyRing, account, add_key, asking, block, call_chain_sig,
                         date_text, default_output, message_id, oidc, outcome, transaction, tx_hash, write_folder)

OUT = sys.argv[1] if len(sys.argv) > 1 else default_output("emails")
EVM = "evm:0x5b38da6a701c568545dcfcb03fcb875f56beddc4"

KEYS = KeyRing()
KEYS.add_random("example.com", "s2026", 2048)
KEYS.add_random("example.com", "weak", 512)
KEYS.add_random("example.com", "testing", 2048, " t=y;")
KEYS.add_random("example.org", "ed", "ed25519")
KEYS.add_random("evil.example", "evil", 2048)


def body_text(tx, auth_target=None, before="Hello chainmail,\n\nplease sign this for me.\n\n", after="\n\nThanks,\nAlice\n"):
    """Alice's body around the block of `tx`."""
    return asking(tx, auth_target, before, after)


def plain(sender, subject, text, charset="utf-8", cte="7bit"):
    message = EmailMessage()
    message["From"] = sender
    message["To"] = SERVICE_ADDRESS
    message["Subject"] = subject
    message["Date"] = date_text(SIGNED_AT)
    message["Message-ID"] = message_id(sender, subject, text, "mail.test")
    message.set_content(text, charset=charset, cte=cte)
    return message.as_bytes(policy=SMTP)


def alternative(sender, subject, text):
    message = MIMEMultipart("alternative")
    message["From"] = sender
    message["To"] = SERVICE_ADDRESS
    message["Subject"] = subject
    message["Date"] = date_text(SIGNED_AT)
    message["Message-ID"] = "<webmail-alt-0001@mail.test>"
    plain_part = MIMEText(text, "plain", "utf-8")
    plain_part.replace_header("Content-Transfer-Encoding", "quoted-printable")
    plain_part.set_payload(quopri.encodestring(text.encode()).decode())
    html = "<div dir=\"ltr\">" + text.replace("\n", "<br>") + "</div>"
    message.attach(plain_part)
    message.attach(MIMEText(html, "html", "utf-8"))
    return message.as_bytes(policy=SMTP)


def sign(raw, domain="example.com", selector="s2026", **options):
    """dkimpy's signature by the key of (domain, selector); `options` as KeyRing.sign takes them
    (algorithm, headers, length, at, expires)."""
    return KEYS.sign(raw, domain, selector, **options)


ALICE = "Alice Example <alice@example.com>"
FIXTURES = []


def fixture(name, raw, status, reason=None, tx=None, note="", missing=None):
    """The next fixture; `missing`: the identities whose consent is awaited (status awaiting_proofs)."""
    FIXTURES.append((name, raw, outcome(status, reason, tx, note, missing)))


# Accepted mails, in nonce order for alice (0-6), then bob; then carol's AddKey, which awaits the
# consent of the identity it adds (PROTOCOL.md 1.1 section 4.1).
t = transaction("alice", 0)
first = sign(plain(ALICE, f"Approve {tx_hash(t)}", body_text(t)))
fixture("01-executed-plain.eml", first, "executed", tx=t, note="plain text, rsa-sha256 relaxed/relaxed")
t = transaction("alice", 1)
fixture("02-executed-quoted-printable.eml", sign(plain(ALICE, f"Approve {tx_hash(t)}", body_text(t, before="H\u00e9llo chainmail \u2014 please sign:\n\n"), cte="quoted-printable")), "executed", tx=t, note="quoted-printable UTF-8 body")
t = transaction("alice", 2)
fixture("03-executed-base64.eml", sign(plain(ALICE, f"Approve {tx_hash(t)}", body_text(t), cte="base64")), "executed", tx=t, note="base64 body")
t = transaction("alice", 3)
fixture("04-executed-webmail-alternative.eml", sign(alternative(ALICE, f"Re: please approve {tx_hash(t)}", body_text(t))), "executed", tx=t, note="multipart/alternative, text/plain quoted-printable + HTML, as webmail sends")
t = transaction("alice", 4)
fixture("05-executed-iso-8859-1.eml", sign(plain(ALICE, f"Approve {tx_hash(t)}", body_text(t, before="Gr\u00fc\u00dfe aus K\u00f6ln,\n\n"), charset="iso-8859-1", cte="quoted-printable")), "executed", tx=t, note="ISO-8859-1 body")
t = transaction("alice", 5)
fixture("06-executed-windows-1252.eml", sign(plain(ALICE, f"Approve {tx_hash(t)}", body_text(t, before="Costs \u20ac 0 \u2013 sign please\n\n"), charset="windows-1252", cte="quoted-printable")), "executed", tx=t, note="Windows-1252 body (euro sign)")
t = transaction("alice", 6)
fixture("07-executed-auth-target.eml", sign(plain(ALICE, f"Approve {tx_hash(t)}", body_text(t, auth_target={"type": "PubKey", "value": EVM}))), "executed", tx=t, note="auth-target: the account's EVM identity")
t = transaction("bob", 0)
fixture("08-executed-ed25519.eml", sign(plain("bob@example.org", f"Approve {tx_hash(t)}", body_text(t)), domain="example.org", selector="ed"), "executed", tx=t, note="ed25519-sha256 (RFC 8463)")
t = transaction("carol", 0, [add_key({"type": "PubKey", "value": EVM}), call_chain_sig("bitcoin,1")])
fixture("09-awaiting-add-key-without-consent.eml", sign(plain("Carol <carol@example.com>", f"[chainmail] {tx_hash(t)}", body_text(t))), "awaiting_proofs", tx=t,
        missing=[{"type": "PubKey", "value": EVM}], note="AddKey then CallChainSig: kept until the added wallet consents (section 4.1)")

# Refusals.
t = transaction("alice", 0)
fixture("10-rejected-replayed-mail.eml", first, "rejected", "email_replayed", t, "the same mail (same DKIM b=) again")
fixture("11-rejected-nonce-used.eml", sign(plain(ALICE, f"Approve again {tx_hash(t)}", body_text(t))), "rejected", "nonce_mismatch", t, "a new mail for nonce 0, already used")
t = transaction("alice", 7)
signed = sign(plain(ALICE, f"Approve {tx_hash(t)}", body_text(t)))
fixture("12-rejected-forged-body.eml", signed.replace(b'"nonce": 7', b'"nonce": 7 ').replace(b"please sign this", b"please sign THIS"), "rejected", "dkim_body_hash_mismatch", None, "body changed after signing")
forged_tx = transaction("alice", 8)
fixture("13-rejected-forged-subject.eml", signed.replace(f"Approve {tx_hash(t)}".encode(), f"Approve {tx_hash(forged_tx)}".encode()), "rejected", "dkim_signature_mismatch", None, "Subject changed after signing")
fixture("14-rejected-added-from-on-top.eml", b"From: Mallory <mallory@evil.example>\r\n" + signed, "rejected", "from_multiple_fields", None, "a second From added above the signed one")
fixture("15-rejected-from-list.eml", sign(plain("alice@example.com, mallory@evil.example", f"Approve {tx_hash(t)}", body_text(t))), "rejected", "from_not_single_mailbox", None, "From holds two mailboxes")
fixture("16-rejected-display-name-trick.eml", sign(plain('"alice@example.com" <mallory@evil.example>', f"Approve {tx_hash(t)}", body_text(t)), domain="evil.example", selector="evil"), "rejected", "sender_not_on_account", t, "display name looks like alice; the address is mallory's")
fixture("17-rejected-other-domain.eml", sign(plain(ALICE, f"Approve {tx_hash(t)}", body_text(t)), domain="evil.example", selector="evil"), "rejected", "dkim_not_aligned", None, "signed by d=evil.example for a From at example.com")
partial = sign(plain(ALICE, f"Approve {tx_hash(t)}", "Hello,\n\nsee below.\n"), length=True)
fixture("18-rejected-l-tag-appended.eml", partial + b"\r\n" + block(t).replace("\n", "\r\n").encode() + b"\r\n", "rejected", "dkim_partial_body", None, "l= signs a body; the transaction block was appended")
fixture("19-rejected-512-bit-key.eml", sign(plain(ALICE, f"Approve {tx_hash(t)}", body_text(t)), selector="weak"), "rejected", "dkim_weak_key", None, "RSA key of 512 bits")
fixture("20-rejected-rsa-sha1.eml", sign(plain(ALICE, f"Approve {tx_hash(t)}", body_text(t)), algorithm=b"rsa-sha1"), "rejected", "dkim_sha1_disabled", None, "rsa-sha1 (RFC 8301)")
fixture("21-rejected-testing-key.eml", sign(plain(ALICE, f"Approve {tx_hash(t)}", body_text(t)), selector="testing"), "rejected", "dkim_testing_key", None, "key record t=y")
fixture("22-rejected-expired.eml", sign(plain(ALICE, f"Approve {tx_hash(t)}", body_text(t)), at=NOW - 3000, expires=NOW - 1000), "rejected", "dkim_signature_expired", None, "x= passed")
fixture("23-rejected-wrong-txhash-in-subject.eml", sign(plain(ALICE, f"Approve {tx_hash(forged_tx)}", body_text(t))), "rejected", "tx_hash_mismatch", t, "Subject names another transaction")
fixture("24-rejected-sender-not-on-account.eml", sign(plain("Dave <dave@example.com>", f"Approve {tx_hash(t)}", body_text(t))), "rejected", "sender_not_on_account", t, "dave is no identity of alice's account")
fixture("25-rejected-too-old.eml", sign(plain(ALICE, f"Approve {tx_hash(t)}", body_text(t)), at=NOW - 7200), "rejected", "mail_too_old", None, "signed two hours before it was processed")
fixture("26-rejected-unsigned.eml", plain(ALICE, f"Approve {tx_hash(t)}", body_text(t)), "rejected", "dkim_none", None, "no DKIM-Signature")
ghost = transaction("ghost", 0)
fixture("27-rejected-unknown-account.eml", sign(plain(ALICE, f"Approve {tx_hash(ghost)}", body_text(ghost))), "rejected", "sender_not_on_account", ghost,
        "no account ghost: a sender on no account learns nothing about it, not even that it does not exist (section 5)")
fixture("28-rejected-no-transaction.eml", sign(plain(ALICE, f"Approve {tx_hash(t)}", "Hello,\n\nno block here, and nothing prepared.\n")), "rejected", "transaction_not_found", t, "no block, no prepared transaction")
fixture("29-rejected-malformed-json.eml", sign(plain(ALICE, f"Approve {tx_hash(t)}", "-----BEGIN CHAINMAIL TRANSACTION-----\n{\"accountId\": \"alice\", \"nonce\": 7,\n-----END CHAINMAIL TRANSACTION-----\n")), "rejected", "malformed_json", None, "the block is not JSON")
fixture("30-rejected-two-blocks.eml", sign(plain(ALICE, f"Approve {tx_hash(t)}", body_text(t) + "\n" + block(t) + "\n")), "rejected", "transaction_block_multiple", None, "two transaction blocks")
fixture("31-rejected-from-group.eml", sign(plain("friends: alice@example.com;", f"Approve {tx_hash(t)}", body_text(t))), "rejected", "from_not_single_mailbox", None, "From is a group")
fixture("32-rejected-subject-not-signed.eml", sign(plain(ALICE, f"Approve {tx_hash(t)}", body_text(t)), headers=[h for h in SIGNED_HEADERS if h != b"subject"]), "rejected", "dkim_subject_not_signed", None, "h= leaves Subject out")
fixture("33-rejected-future-dated.eml", sign(plain(ALICE, f"Approve {tx_hash(t)}", body_text(t)), at=NOW + 3600), "rejected", "dkim_signature_in_future", None, "t= an hour ahead")
fixture("34-rejected-block-only-quoted.eml", sign(plain(ALICE, f"Approve {tx_hash(t)}", "Sure!\n\n> " + block(t).replace("\n", "\n> ") + "\n")), "rejected", "transaction_not_found", t, "the block appears only in quoted text")
fixture("35-rejected-auth-target-not-on-account.eml", sign(plain(ALICE, f"Approve {tx_hash(t)}", body_text(t, auth_target={"type": "PubKey", "value": "evm:0x0000000000000000000000000000000000000001"}))), "rejected", "auth_target_not_on_account", t, "auth-target is not on the account")

write_folder(OUT, FIXTURES, KEYS, [
    account("alice", oidc("alice@example.com"), {"type": "PubKey", "value": EVM}),
    account("bob", oidc("bob@example.org")),
    account("carol", oidc("carol@example.com")),
], "scripts/make-email-fixtures.py")
