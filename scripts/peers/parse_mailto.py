#!/usr/bin/env python3
"""Decodes an RFC 6068 mailto: URI with Python's urllib (independent of chainmail).

stdin:  {"uri": "mailto:…"}
stdout: {"to", "subject", "body"}  (percent-decoding only: a '+' stays a '+', as RFC 6068 says)
"""
import json
import sys
from urllib.parse import unquote, urlsplit


def main() -> None:
    uri = json.load(sys.stdin)["uri"]
    parts = urlsplit(uri)
    assert parts.scheme == "mailto", parts.scheme
    fields = {}
    for pair in parts.query.split("&"):
        name, _, value = pair.partition("=")
        fields[unquote(name)] = unquote(value, errors="strict")
    json.dump({"to": unquote(parts.path), "subject": fields.get("subject"), "body": fields.get("body")}, sys.stdout)


if __name__ == "__main__":
    main()
