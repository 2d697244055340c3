#!/usr/bin/env python3
"""Regenerates testdata/section5/: for each rule of PROTOCOL.md 1.1 section 5, "What decides must be
signed and single" (and the auth_target_ambiguous rule), a mail that breaks it and is refused with
its code, and a legitimate twin that executes; the attacks of issue 11 done by a relay to a mail the
sender really signed (a header put above the signed one, a body read two ways).

Every mail is signed by dkimpy (an independent DKIM implementation) with keys derived from fixed
labels, so regenerating gives the same files byte for byte; each signature is checked by dkimpy's own
verifier before it is written. With them: the DNS records (dns.txt, FAKE_DNS.dat format), the
accounts they act on (accounts.json), the time they are replayed at (now) and the outcome each must
get (expected.json: {status, reason, txHash, note}, and `missing` for a mail left awaiting proofs).

Mails run in file-name order against one store. Each rule has its own account: a refusal never
reaches the engine, so it leaves the nonce where it was and the twins of a rule execute in order.

    chainmail replay --service-address wallet@chainmail.test testdata/section5

Usage: scripts/make-section5-fixtures.py [OUTPUT_DIR]   (default testdata/section5)
"""
import hashlib
import math
import random
import sys

from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

from fixture_kit import (NOW, SERVICE_ADDRESS, SIGNED_AT, SIGNED_HEADERS, KeyRing, account, add_key, asking, call_chain_sig, date_text,
                         default_output, ed25519_pair, message_id, oidc, outcome, rsa_pair, sender_domain, transaction, tx_hash,
                         write_folder)

OUT = sys.argv[1] if len(sys.argv) > 1 else default_output("section5")
STALE_AT = NOW - 30 * 86400  # a month before: far beyond the 1-hour freshness rule
OTHER_HASH = hashlib.sha256(b"chainmail section5 another transaction").hexdigest()


# --- Keys fixed by their labels -------------------------------------------------------------------

def _probable_prime(n, rng):
    if n < 2:
        return False
    for small in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37):
        if n % small == 0:
            return n == small
    d, r = n - 1, 0
    while d % 2 == 0:
        d, r = d // 2, r + 1
    for _ in range(40):
        x = pow(rng.randrange(2, n - 1), d, n)
        if x in (1, n - 1):
            continue
        for _ in range(r - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def rsa_key_from_label(label, bits=2048):
    """An RSA key whose primes come from a PRNG seeded by the label: the same key every run."""
    rng = random.Random(hashlib.sha256(("chainmail section5 rsa " + label).encode()).digest())

    def prime(size):
        while True:
            candidate = rng.getrandbits(size) | (3 << (size - 2)) | 1
            if _probable_prime(candidate, rng):
                return candidate

    e = 65537
    while True:
        p, q = prime(bits // 2), prime(bits // 2)
        if p != q and math.gcd(e, (p - 1) * (q - 1)) == 1 and (p * q).bit_length() == bits:
            break
    if p < q:
        p, q = q, p
    d = pow(e, -1, (p - 1) * (q - 1))
    numbers = rsa.RSAPrivateNumbers(p, q, d, d % (p - 1), d % (q - 1), pow(q, -1, p), rsa.RSAPublicNumbers(e, p * q))
    return numbers.private_key()


def ed25519_key_from_label(label):
    """An Ed25519 key whose seed is the label's hash: the same key every run."""
    return ed25519.Ed25519PrivateKey.from_private_bytes(hashlib.sha256(("chainmail section5 ed25519 " + label).encode()).digest())


KEYS = KeyRing()
SELECTORS = {"example.com": "s5rsa", "example.org": "s5ed"}
KEYS.add("example.com", "s5rsa", "rsa", *rsa_pair(rsa_key_from_label("example.com/s5rsa")))
KEYS.add("example.org", "s5ed", "ed25519", *ed25519_pair(ed25519_key_from_label("example.org/s5ed")))


# --- Mails: composed byte by byte, so every header field and delimiter is where the fixture says ---

def quoted(text):
    return "\n".join("> " + line if line else ">" for line in text.split("\n"))


def crlf(text):
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode()


def message(sender, subject, body, content_type="text/plain; charset=utf-8", cte="7bit", at=SIGNED_AT, date=None,
            extra=()):
    """A mail as bytes: the usual header fields (a single-part text mail unless `content_type` says
    otherwise; `cte=None` leaves Content-Transfer-Encoding out), `extra` fields after them."""
    headers = [("From", sender), ("To", SERVICE_ADDRESS), ("Subject", subject), ("Date", date or date_text(at)),
               ("Message-ID", message_id(sender, subject, body, sender_domain(sender))),
               ("MIME-Version", "1.0"), ("Content-Type", content_type)]
    if cte is not None:
        headers.append(("Content-Transfer-Encoding", cte))
    headers += list(extra)
    return crlf("".join(f"{name}: {value}\n" for name, value in headers) + "\n" + body)


def sign(raw, identity=None, timestamp=True, leave_out=(), at=SIGNED_AT):
    """dkimpy's signature over `raw` by the key of its From domain, prepended. `timestamp=False` signs
    without t=; `leave_out` names header fields h= does not cover; `identity` is the i= (default @domain)."""
    domain = sender_domain(raw.split(b"\r\n\r\n")[0].split(b"From: ")[1].split(b"\r\n")[0].decode())
    headers = [h for h in SIGNED_HEADERS if h.decode() not in leave_out]
    return KEYS.sign(raw, domain, SELECTORS[domain], at=at, headers=headers, identity=identity, timestamp=timestamp)


def on_top(raw, *fields):
    """What a relay does: header fields put above everything, the DKIM-Signature included."""
    return crlf("".join(f"{field}\n" for field in fields)) + raw


FIXTURES = []


def fixture(slug, raw, status, tx=None, reason=None, note="", missing=None, signed=True):
    """The next fixture, numbered in order. `signed`: dkimpy's verifier must accept the signature
    (false only for a mail that dkimpy itself refuses to read as signed)."""
    name = f"{len(FIXTURES) + 1:02d}-{status if status != 'awaiting_proofs' else 'awaiting'}-{slug}.eml"
    if signed:
        assert KEYS.verifies(raw), f"dkimpy does not verify {name}"
    FIXTURES.append((name, raw, outcome(status, reason, tx, note, missing)))


ACCOUNTS = []


def on_account(account_id, *identities):
    ACCOUNTS.append(account(account_id, *identities))


# From twice: a relay puts another From above the signed one (DKIM still verifies: h= takes the last).
on_account("ada", oidc("ada@example.com"))
t = transaction("ada", 0)
signed_mail = sign(message("Ada <ada@example.com>", f"Approve {tx_hash(t)}", asking(t)))
assert KEYS.verifies(signed_mail)
# (dkimpy's verifier itself refuses it: it hashes one From more than h= names, against exactly this.)
fixture("from-twice", on_top(signed_mail, "From: Ada Lovelace <ada@example.com>"), "rejected", reason="from_multiple_fields",
        note="a second From put above the signed one, even naming the same address: which one decides is ambiguous", signed=False)
fixture("from-once", signed_mail, "executed", t, note="the same mail as signed")

# Subject twice: a relay puts a Subject naming another transaction above the signed one.
on_account("bea", oidc("bea@example.org"))
t = transaction("bea", 0)
signed_mail = sign(message("bea@example.org", f"Approve {tx_hash(t)}", asking(t)))
fixture("subject-twice", on_top(signed_mail, f"Subject: Approve {OTHER_HASH}"), "rejected", reason="subject_multiple_fields",
        note="a Subject naming another txHash above the signed one")
fixture("subject-once", signed_mail, "executed", t, note="the same mail as signed")

# Date twice, with t=: a Date put above the signed one.
on_account("cy", oidc("cy@example.com"))
t = transaction("cy", 0)
signed_mail = sign(message("cy@example.com", f"Approve {tx_hash(t)}", asking(t)))
fixture("date-twice", on_top(signed_mail, f"Date: {date_text(NOW)}"), "rejected", reason="date_multiple_fields",
        note="signed with t=; a second Date above the signed one is still refused")
fixture("date-once", signed_mail, "executed", t, note="the same mail as signed")

# The replay of issue 11: signed without t=, so the Date stands in for it.
on_account("dot", oidc("dot@example.org"))
t = transaction("dot", 0)
stale = sign(message("dot@example.org", f"Approve {tx_hash(t)}", asking(t), at=STALE_AT), timestamp=False, at=STALE_AT)
fixture("stale-fresh-date-on-top", on_top(stale, f"Date: {date_text(SIGNED_AT)}"), "rejected", reason="date_multiple_fields",
        note="issue 11: a month-old mail signed without t=, a fresh unsigned Date put on top; its nonce is current, so only the Date rule stops it")
fixture("stale-as-signed", stale, "rejected", reason="mail_too_old",
        note="the same stale mail as signed: its signed Date dates it, a month old")
fixture("no-t-date-not-signed", sign(message("dot@example.org", f"Approve {tx_hash(t)}", asking(t)), timestamp=False, leave_out=("date",)),
        "rejected", reason="mail_age_unknown", note="no t=, and h= does not cover the fresh Date: nothing signed dates the mail")
fixture("no-t-huge-year-date", sign(message("dot@example.org", f"Approve now {tx_hash(t)}", asking(t),
                                            date="1 Jan 99999999999999999 00:00:00 +0000"), timestamp=False),
        "rejected", reason="mail_age_unknown", note="issue 11: the Date that trapped the parser, signed, no t=: unreadable, so undated")
fixture("no-t-date-signed", sign(message("dot@example.org", f"Approve {tx_hash(t)}", asking(t)), timestamp=False), "executed", t,
        note="no t=, h= covers a fresh Date: the Date stands in for t=")

# Content-Type, Content-Transfer-Encoding, MIME-Version (and Content-Disposition) at most once per header section.
on_account("eli", oidc("eli@example.com"))
t = transaction("eli", 0)


def mixed(tx, first_part_headers="Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 7bit", boundary="s5-mixed"):
    return (f"This is a multi-part message in MIME format.\n--{boundary}\n{first_part_headers}\n\n{asking(tx)}\n"
            f"--{boundary}\nContent-Type: text/plain; charset=utf-8\nContent-Disposition: attachment; filename=\"notes.txt\"\n\n"
            f"Nothing to see here.\n--{boundary}--\n")


signed_mail = sign(message("eli@example.com", f"Approve {tx_hash(t)}", mixed(t), 'multipart/mixed; boundary="s5-mixed"', cte=None))
fixture("content-type-twice", on_top(signed_mail, "Content-Type: text/plain; charset=utf-8"), "rejected", reason="mime_header_repeated",
        note="a text/plain Content-Type above the signed multipart one: a reader taking the first would read the raw multipart as text")
fixture("mime-version-twice", on_top(signed_mail, "MIME-Version: 1.0"), "rejected", reason="mime_header_repeated",
        note="MIME-Version twice in the message header")
fixture("part-cte-twice", sign(message("eli@example.com", f"Approve {tx_hash(t)}",
                                       mixed(t, "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n"
                                                "Content-Transfer-Encoding: 7bit"), 'multipart/mixed; boundary="s5-mixed"', cte=None)),
        "rejected", reason="mime_header_repeated", note="Content-Transfer-Encoding twice in a part's header: base64 or 7bit?")
fixture("part-disposition-twice", sign(message("eli@example.com", f"Approve {tx_hash(t)}",
                                               mixed(t, "Content-Type: text/plain; charset=utf-8\nContent-Disposition: attachment\n"
                                                        "Content-Disposition: inline"), 'multipart/mixed; boundary="s5-mixed"',
                                               cte=None)),
        "rejected", reason="mime_header_repeated",
        note="Content-Disposition twice in a part's header (docs/email-rules.md holds it to the same rule)")
fixture("mime-headers-once", signed_mail, "executed", t, note="the multipart mail as signed: one of each, the block in its inline part")

# i= names the sender, or no user.
on_account("fay", oidc("fay@example.com"))
t = transaction("fay", 0)
fixture("i-names-another-user", sign(message("fay@example.com", f"Approve {tx_hash(t)}", asking(t)), identity="gus@example.com"),
        "rejected", reason="dkim_identity_not_sender", note="i=gus@example.com: the domain vouches for gus, not for fay")
fixture("i-names-sender", sign(message("Fay <fay@example.com>", f"Approve {tx_hash(t)}", asking(t)), identity="FAY@example.com"),
        "executed", t, note="i= local part equal to From's, compared case-insensitively")
t = transaction("fay", 1)
fixture("i-names-domain", sign(message("fay@example.com", f"Approve {tx_hash(t)}", asking(t)), identity="@example.com"), "executed", t,
        note="i=@example.com names no user: nothing to compare")

# The Subject names a txHash as a run of exactly 64 hex digits; with a block, the block's is among them.
on_account("gil", oidc("gil@example.org"))
t = transaction("gil", 0)
fixture("subject-hash-in-longer-run", sign(message("gil@example.org", f"Approve {tx_hash(t)}0", asking(t))), "rejected",
        reason="tx_hash_not_in_subject", note="65 hex digits: the txHash inside a longer hex run is not named")
fixture("subject-names-two-others", sign(message("gil@example.org", f"Approve {OTHER_HASH} or {OTHER_HASH[::-1]}", asking(t))),
        "rejected", t, reason="tx_hash_mismatch", note="with a block, the block's txHash must be among the Subject's")
fixture("subject-hash-after-0x", sign(message("gil@example.org", f"Approve 0x{tx_hash(t)}.", asking(t))), "executed", t,
        note="0x then 64 hex digits then a full stop: the run is exactly 64 digits")
t = transaction("gil", 1)
fixture("subject-names-block-and-another", sign(message("gil@example.org", f"Approve {OTHER_HASH}, {tx_hash(t)}", asking(t))),
        "executed", t, note="with a block, the Subject may name others besides the block's txHash")

# Without a block, the Subject names exactly one txHash: hal's mail (with a block) prepares a
# transaction adding ivy; ivy's replies hold no block.
on_account("hal", oidc("hal@example.com"))
IVY = oidc("ivy@example.org")
t = transaction("hal", 0, [add_key(IVY)])
fixture("hal-adds-ivy", sign(message("hal@example.com", f"Add ivy {tx_hash(t)}", asking(t))), "awaiting_proofs", t, missing=[IVY],
        note="the authority's mail, with a block: kept, awaiting ivy's consent")
fixture("no-block-two-hashes", sign(message("ivy@example.org", f"Re: Add ivy {tx_hash(t)} {OTHER_HASH}", "Yes, add me.\n")),
        "rejected", reason="tx_hash_ambiguous", note="no block, and the Subject names two txHashes: which one is consented to?")
fixture("no-block-one-hash-twice", sign(message("ivy@example.org", f"Re: Add ivy {tx_hash(t)} ({tx_hash(t).upper()})", "Yes, add me.\n")),
        "executed", t, note="no block; the same txHash twice counts once: ivy's consent completes hal's transaction")

# The block only in inline text/plain parts, exactly one, never quoted.
on_account("jo", oidc("jo@example.com"))
t = transaction("jo", 0)


def multipart(subtype, boundary, parts, preamble=""):
    text = preamble
    for headers, body in parts:
        text += f"--{boundary}\n{headers}\n\n{body}\n"
    return text + f"--{boundary}--\n"


def jo_mail(subject, subtype, parts, boundary="s5-jo"):
    return sign(message("jo@example.com", subject, multipart(subtype, boundary, parts), f'multipart/{subtype}; boundary="{boundary}"', cte=None))


PLAIN = "Content-Type: text/plain; charset=utf-8"
HTML = "Content-Type: text/html; charset=utf-8"


def html(text):
    return "<div dir=\"ltr\">" + text.replace("\n", "<br>\n") + "</div>"


fixture("block-only-in-attachment",
        jo_mail(f"Approve {tx_hash(t)}", "mixed", [(PLAIN, "The transaction is attached."),
                                                    (PLAIN + '\nContent-Disposition: attachment; filename="tx.txt"', asking(t))]),
        "rejected", t, reason="transaction_not_found", note="an attachment is not the sender's text: no block, and nothing prepared")
fixture("block-only-in-html",
        jo_mail(f"Approve {tx_hash(t)}", "alternative", [(PLAIN, "Please see the HTML version of this mail."), (HTML, html(asking(t)))]),
        "rejected", t, reason="transaction_not_found", note="text/html is never searched")
forwarded = message("jo@example.com", f"Approve {tx_hash(t)}", asking(t)).decode().replace("\r\n", "\n")
fixture("block-only-in-attached-message",
        jo_mail(f"Fwd: Approve {tx_hash(t)}", "mixed", [(PLAIN, "Forwarding my earlier mail."), ("Content-Type: message/rfc822", forwarded)]),
        "rejected", t, reason="transaction_not_found", note="an attached message/rfc822 is someone's mail, not this sender's text")
fixture("block-only-quoted", sign(message("jo@example.com", f"Re: Approve {tx_hash(t)}", "Sure.\n\nOn Monday you wrote:\n" + quoted(asking(t)) + "\n")),
        "rejected", t, reason="transaction_not_found", note="a block in quoted text (> lines) does not count")
other = transaction("jo", 0, [call_chain_sig("bitcoin,0")])
fixture("two-blocks-two-parts",
        jo_mail(f"Approve {tx_hash(t)} {tx_hash(other)}", "mixed", [(PLAIN, asking(t)), (PLAIN, asking(other))]),
        "rejected", reason="transaction_block_multiple", note="one block in each of two inline text/plain parts: which one is approved?")
fixture("block-in-alternative-plain",
        jo_mail(f"Approve {tx_hash(t)}", "alternative", [(PLAIN, asking(t)), (HTML, html(asking(other)))]), "executed", t,
        note="multipart/alternative: the text/plain part's block decides; the html part (here another transaction) is never read")
quoted_old = t
t = transaction("jo", 1)
fixture("block-with-quoted-old-block",
        sign(message("jo@example.com", f"Re: Approve {tx_hash(t)}", asking(t) + "\nOn Monday you wrote:\n" + quoted(asking(quoted_old)) + "\n")),
        "executed", t, note="a reply: the new block counts, the quoted one does not")
t = transaction("jo", 2)
fixture("block-inline-and-attached",
        jo_mail(f"Approve {tx_hash(t)}", "mixed", [(PLAIN, asking(t)), (PLAIN + '\nContent-Disposition: attachment; filename="tx.txt"', asking(t))]),
        "executed", t, note="the same block inline and in an attachment: the attachment is not searched, so one block")

# A line starting with the multipart delimiter but carrying more is malformed, never text.
on_account("kit", oidc("kit@example.org"))
t = transaction("kit", 0)
fixture("delimiter-line-with-more",
        sign(message("kit@example.org", f"Approve {tx_hash(t)}",
                     multipart("mixed", "s5-kit", [(PLAIN, asking(t) + "\n--s5-kit and more on the line")]), 'multipart/mixed; boundary="s5-kit"',
                     cte=None)),
        "rejected", reason="mime_malformed", note="a line `--s5-kit and more`: a prefix-matching reader would cut the part there")
fixture("delimiter-text-indented",
        sign(message("kit@example.org", f"Approve {tx_hash(t)}",
                     multipart("mixed", "s5-kit", [(PLAIN, asking(t) + "\n --s5-kit and more on the line")]), 'multipart/mixed; boundary="s5-kit"',
                     cte=None)),
        "executed", t, note="the same text indented by a space does not start with the delimiter: plain text")

# Two OIDC identities with the sender's address: the mail must name the one that signs.
LOU, LOU_ELSEWHERE = oidc("lou@example.com"), oidc("lou@example.com", issuer="https://login.example.net", client="lou-app")
on_account("lou", LOU, LOU_ELSEWHERE)
t = transaction("lou", 0)
fixture("target-ambiguous", sign(message("lou@example.com", f"Approve {tx_hash(t)}", asking(t))), "rejected", t,
        reason="auth_target_ambiguous", note="two OIDC identities of lou@example.com on the account, nothing names the target")
fixture("target-named-by-line", sign(message("lou@example.com", f"Approve, {tx_hash(t)}", asking(t, auth_target=LOU_ELSEWHERE))),
        "executed", t, note="an auth-target: line names one of them")
t = transaction("lou", 1, auth_target=LOU)
fixture("target-named-in-transaction", sign(message("lou@example.com", f"Approve {tx_hash(t)}", asking(t))), "executed", t,
        note="the transaction's authTarget names the other")

write_folder(OUT, FIXTURES, KEYS, ACCOUNTS, "scripts/make-section5-fixtures.py")
