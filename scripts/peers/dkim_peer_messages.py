"""The messages the Python DKIM peers sign, and the tampering that must break their signatures.

Every message uses CRLF line endings, as mail does on the wire. The cases cover what
canonicalisation gets wrong most often: folded headers, odd white space in headers and
bodies, long and empty bodies, trailing blank lines, a body without a final line break,
8-bit bodies (UTF-8 and Latin-1) and MIME multiparts.
"""

import random
from typing import NamedTuple


class Case(NamedTuple):
    name: str
    note: str
    message: bytes


def crlf(text: str, encoding: str = "utf-8") -> bytes:
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode(encoding)


def headers(domain: str, subject: str, extra: str = "") -> str:
    return (
        f"From: Alice Example <alice@{domain}>\n"
        "To: Bob Receiver <bob@receiver.example>\n"
        f"Subject: {subject}\n"
        "Date: Fri, 21 Nov 2025 06:00:00 +0000\n"
        f"Message-ID: <{random.getrandbits(64):016x}@{domain}>\n"
        "MIME-Version: 1.0\n"
        f"{extra}"
    )


PLAIN = "Content-Type: text/plain; charset=us-ascii\n"


def long_body(minimum: int) -> str:
    words = ["transfer", "0.5", "ETH", "to", "0xAbC123", "nonce", "chain", "signature", "mail", "  ", "\t"]
    rng = random.Random(20251121)
    lines, size = [], 0
    while size < minimum:
        line = " ".join(rng.choice(words) for _ in range(rng.randint(0, 18)))
        lines.append(line)
        size += len(line) + 2
    return "\n".join(lines) + "\n"


def cases(domain: str) -> list[Case]:
    return [
        Case("plain", "short plain text", crlf(headers(domain, "Plain message", PLAIN) + "\nHello Bob,\n\nsee you.\n")),
        Case(
            "folded-headers",
            "Subject, To and References folded over several lines with tabs and spaces",
            crlf(
                f"From: Alice Example\n  <alice@{domain}>\n"
                "To: Bob <bob@receiver.example>,\n\tCarol <carol@receiver.example>,\n  Dave <dave@receiver.example>\n"
                "Subject: a subject that is long enough\n\tto be folded\n   over three lines\n"
                "Date: Fri, 21 Nov 2025 06:00:00 +0000\n"
                f"Message-ID: <folded.{random.getrandbits(32):08x}@{domain}>\n"
                "References: <one@receiver.example>\n <two@receiver.example>\n\t<three@receiver.example>\n"
                "MIME-Version: 1.0\n" + PLAIN + "\nFolded headers above.\n"
            ),
        ),
        Case(
            "odd-whitespace",
            "headers and body lines with runs of spaces and tabs, trailing white space, no space after colons",
            crlf(
                f"From:alice@{domain}\n"
                "To:\t bob@receiver.example  \n"
                "Subject:   spaced \t  out\t\twords   \t\n"
                "Date:Fri, 21 Nov 2025 06:00:00 +0000\n"
                f"Message-ID:    <odd.{random.getrandbits(32):08x}@{domain}>\t\n"
                "MIME-Version: 1.0\n" + PLAIN + "\n"
                "  leading spaces\n"
                "trailing spaces   \n"
                "trailing tab\t\n"
                "inner    runs\t\tof \t white space\n"
                "\t\n"
                "   \n"
                "last line\n"
            ),
        ),
        Case(
            "long-body",
            "a body over 200 KB",
            crlf(headers(domain, "Long body", PLAIN) + "\n" + long_body(210_000)),
        ),
        Case("empty-body", "no body at all after the blank line", crlf(headers(domain, "Empty body", PLAIN) + "\n")),
        Case(
            "trailing-blank-lines",
            "a body ending in several blank lines",
            crlf(headers(domain, "Trailing blank lines", PLAIN) + "\nThe end is near.\n\n\n\n\n"),
        ),
        Case(
            "whitespace-only-body",
            "a body of white space and blank lines only",
            crlf(headers(domain, "White space body", PLAIN) + "\n  \n\t\n\n \t \n"),
        ),
        Case(
            "no-final-newline",
            "a body whose last line has no CRLF",
            crlf(headers(domain, "No final newline", PLAIN) + "\nfirst line\nlast line without a break").rstrip(b"\r\n"),
        ),
        Case(
            "utf8-body",
            "8-bit UTF-8 body and a raw UTF-8 Subject",
            crlf(
                headers(
                    domain,
                    "Grüße – 送金の確認",
                    "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n",
                )
                + "\nGrüße aus Zürich!\n日本語のテキスト。\nemoji 🚀 and ümlauts  \n"
            ),
        ),
        Case(
            "latin1-body",
            "8-bit ISO-8859-1 body (not valid UTF-8)",
            crlf(
                headers(
                    domain,
                    "Latin-1 body",
                    "Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: 8bit\n",
                )
                + "\nCafé crème, déjà vu, naïve façade, señor, Ångström.\n",
                encoding="latin-1",
            ),
        ),
        Case(
            "multipart",
            "multipart/alternative with a text and an HTML part",
            crlf(
                headers(
                    domain,
                    "Multipart message",
                    'Content-Type: multipart/alternative; boundary="=_b0und4ry"\n',
                )
                + "\nThis is a multi-part message in MIME format.\n\n"
                "--=_b0und4ry\nContent-Type: text/plain; charset=us-ascii\n\nPlain part.\n\n"
                "--=_b0und4ry\nContent-Type: text/html; charset=us-ascii\n\n<p>HTML   part.</p>\n\n"
                "--=_b0und4ry--\n"
            ),
        ),
    ]


def split(message: bytes) -> tuple[bytes, bytes]:
    """The header block (ending in its last field's CRLF) and the body (after the blank line)."""
    index = message.find(b"\r\n\r\n")
    return message[: index + 2], message[index + 4 :]


def tampered_twins(signed: bytes, with_added_header: bool) -> list[tuple[str, str, bytes]]:
    """Copies of a signed message that no DKIM verifier may pass: (kind, note, bytes)."""
    header_block, body = split(signed)
    twins = []

    # A visible character inserted at the start of a line: no canonicalisation can undo it.
    if body:
        middle = body.rfind(b"\r\n", 0, len(body) // 2)
        at = 0 if middle < 0 else middle + 2
        changed_body = body[:at] + b"X" + body[at:]
    else:
        changed_body = b"tampered\r\n"
    twins.append(("body", "tampered: one character added to the body", header_block + b"\r\n" + changed_body))

    lines = header_block.split(b"\r\n")
    subject = next(i for i, line in enumerate(lines) if line.lower().startswith(b"subject:"))
    lines[subject] = lines[subject][:8] + b" X" + lines[subject][8:]
    twins.append(("header", "tampered: the signed Subject changed", b"\r\n".join(lines) + b"\r\n" + body))

    if with_added_header:
        # Below the original, so a verifier that takes instances from the bottom, as RFC 6376 5.4.2 says, sees it.
        added = header_block + b"Subject: added after signing\r\n"
        twins.append(("added-header", "tampered: a second Subject added below the signed one", added + b"\r\n" + body))
    return twins
