#!/usr/bin/env python3
"""Reads a message on stdin with Python's `email` package (policy.default, the RFC 5322/2047-aware parser)
and prints what it makes of From and Subject as JSON:

    {"subject": "...", "from": [{"display_name": "...", "addr_spec": "..."}, ...]}

An independent decoder to compare the Swift parser's header decoding with."""
import email
import email.policy
import json
import sys

message = email.message_from_bytes(sys.stdin.buffer.read(), policy=email.policy.default)
subject = message["Subject"]
sender = message["From"]
print(json.dumps({
    "subject": None if subject is None else str(subject),
    "from": [] if sender is None else [
        {"display_name": address.display_name, "addr_spec": address.addr_spec} for address in sender.addresses
    ],
}))
