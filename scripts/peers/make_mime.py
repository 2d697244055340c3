#!/usr/bin/env python3
"""Builds a MIME message with Python's standard `email` package, an independent producer for the Swift
MIME parser's tests.

Reads a JSON spec on stdin, writes the message bytes (CRLF line ends) on stdout.

    {"headers": [[name, value], ...], "body": PART}

A header value is a string (written as is; with non-ASCII text the modern policy RFC 2047-encodes it), or
    {"name": "...", "addr": "...", "charset": "utf-8"}  -> email.utils.formataddr (RFC 2047 display name)
    {"text": "...", "charset": "iso-8859-1"}            -> email.header.Header(text, charset).encode() (legacy;
                                                           it may split ASCII words across encoded-words)

PART is one of
    {"type": "text/plain", "text": "...", "charset": "utf-8", "cte": "quoted-printable"|"base64"|"7bit"|"8bit",
     "disposition": "attachment"|"inline", "filename": "...", "params": {"format": "flowed"}}
    {"type": "multipart/alternative", "parts": [PART, ...], "preamble": "...", "epilogue": "..."}
    {"type": "application/pdf", "data_base64": "...", "filename": "..."}
    {"type": "message/rfc822", "message": {"headers": ..., "body": PART}}
or the whole spec may be {"email_message": {"headers": ..., "text": ..., "html": ..., "attachments": [...],
"charset": ..., "cte": ...}}, built with the modern EmailMessage API the way webmail composes.
"""
import base64
import json
import sys
from email import charset as email_charset
from email import encoders, policy
from email.header import Header
from email.message import EmailMessage
from email.mime.application import MIMEApplication
from email.mime.base import MIMEBase
from email.mime.message import MIMEMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formataddr

BODY_ENCODINGS = {
    "quoted-printable": email_charset.QP,
    "base64": email_charset.BASE64,
    "7bit": None,
    "8bit": None,
}


def header_value(value):
    if isinstance(value, str):
        return value
    if "addr" in value:
        return formataddr((value.get("name"), value["addr"]), charset=value.get("charset", "utf-8"))
    return Header(value["text"], value.get("charset", "utf-8")).encode()


def text_part(spec):
    subtype = spec["type"].split("/", 1)[1]
    charset = email_charset.Charset(spec.get("charset", "utf-8"))
    cte = spec.get("cte")
    if cte is not None:
        charset.body_encoding = BODY_ENCODINGS[cte]
    part = MIMEText(spec["text"], subtype, charset)
    if cte in ("7bit", "8bit"):
        del part["Content-Transfer-Encoding"]
        part["Content-Transfer-Encoding"] = cte
    return part


def build_part(spec):
    kind = spec["type"]
    if kind.startswith("multipart/"):
        part = MIMEMultipart(kind.split("/", 1)[1], boundary=spec.get("boundary"))
        for child in spec["parts"]:
            part.attach(build_part(child))
        if "preamble" in spec:
            part.preamble = spec["preamble"]
        if "epilogue" in spec:
            part.epilogue = spec["epilogue"]
    elif kind.startswith("text/"):
        part = text_part(spec)
    elif kind == "message/rfc822":
        part = MIMEMessage(build_message(spec["message"]))
    else:
        maintype, subtype = kind.split("/", 1)
        part = MIMEBase(maintype, subtype)
        part.set_payload(base64.b64decode(spec.get("data_base64", "")))
        encoders.encode_base64(part)
    for name, value in spec.get("params", {}).items():
        part.set_param(name, value)
    if "disposition" in spec:
        if "filename" in spec:
            part.add_header("Content-Disposition", spec["disposition"], filename=spec["filename"])
        else:
            part.add_header("Content-Disposition", spec["disposition"])
    return part


def build_message(spec):
    message = build_part(spec["body"])
    for name, value in spec.get("headers", []):
        message[name] = header_value(value)
    return message


def build_email_message(spec):
    message = EmailMessage()
    for name, value in spec.get("headers", []):
        message[name] = header_value(value)
    options = {key: spec[key] for key in ("charset", "cte") if key in spec}
    message.set_content(spec["text"], **options)
    if "html" in spec:
        message.add_alternative(spec["html"], subtype="html")
    for attachment in spec.get("attachments", []):
        maintype, subtype = attachment["type"].split("/", 1)
        message.add_attachment(
            base64.b64decode(attachment["data_base64"]), maintype=maintype, subtype=subtype, filename=attachment["filename"]
        )
    return message


def main():
    spec = json.load(sys.stdin)
    if "email_message" in spec:
        message = build_email_message(spec["email_message"])
    else:
        message = build_message(spec)
    sys.stdout.buffer.write(message.as_bytes(policy=policy.SMTP))


if __name__ == "__main__":
    main()
