#!/usr/bin/env python3
"""An independent IMAP client (Python's imaplib) for the tests: puts mail into the private
Dovecot and reads flags back, so the Swift poller is checked against a second implementation.

  imap_client.py --port P --ca CA --user U --password W append MAILBOX FILE...
  imap_client.py ... flags MAILBOX        one JSON object: {"uidvalidity": N, "messages": {"uid": [flags]}}
  imap_client.py ... recreate MAILBOX     deletes and creates MAILBOX (a new UIDVALIDITY)
  imap_client.py ... create MAILBOX
Connects with implicit TLS, verifying the certificate against CA."""
import argparse
import imaplib
import json
import re
import ssl
import sys


def connect(args):
    context = ssl.create_default_context(cafile=args.ca)
    client = imaplib.IMAP4_SSL("127.0.0.1", args.port, ssl_context=context, timeout=30)
    client.login(args.user, args.password)
    return client


def check(result, what):
    status, data = result
    if status != "OK":
        raise SystemExit(f"{what} failed: {status} {data!r}")
    return data


def append(client, mailbox, files):
    for name in files:
        with open(name, "rb") as handle:
            check(client.append(f'"{mailbox}"', None, None, handle.read()), f"APPEND {name}")


def flags(client, mailbox):
    data = check(client.select(f'"{mailbox}"', readonly=True), "SELECT")
    _, validity = client.response("UIDVALIDITY")
    messages = {}
    if int(data[0]) > 0:
        for line in check(client.uid("FETCH", "1:*", "(FLAGS)"), "FETCH"):
            if not isinstance(line, bytes):
                continue
            match = re.search(rb"UID (\d+)", line)
            found = re.search(rb"FLAGS \(([^)]*)\)", line)
            if match and found is not None:
                messages[match.group(1).decode()] = found.group(1).decode().split()
    print(json.dumps({"uidvalidity": int(validity[0]), "messages": messages}))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--ca", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("command", choices=["append", "flags", "recreate", "create"])
    parser.add_argument("mailbox")
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    client = connect(args)
    try:
        if args.command == "append":
            append(client, args.mailbox, args.files)
        elif args.command == "flags":
            flags(client, args.mailbox)
        elif args.command == "recreate":
            client.delete(f'"{args.mailbox}"')
            check(client.create(f'"{args.mailbox}"'), "CREATE")
        elif args.command == "create":
            client.create(f'"{args.mailbox}"')
    finally:
        try:
            client.logout()
        except Exception:
            pass


if __name__ == "__main__":
    sys.exit(main())
