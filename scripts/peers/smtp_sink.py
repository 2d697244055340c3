#!/usr/bin/env python3
"""An SMTP sink for tests (aiosmtpd): listens on 127.0.0.1, writes each accepted message to
OUT/NNNNNN.eml (the exact DATA bytes after dot-unstuffing) and OUT/NNNNNN.json (envelope), and
prints PORT=<port> once it accepts connections. Runs until SIGTERM or SIGINT.

  smtp_sink.py --out DIR [--port P] [--tls-cert CRT --tls-key KEY] [--require-starttls]
               [--auth USER:PASSWORD] [--reject-rcpt SUBSTRING] [--defer-rcpt SUBSTRING]
               [--data-delay SECONDS]

--reject-rcpt answers RCPT with 550 for recipients containing SUBSTRING; --defer-rcpt with 451.
--data-delay holds each message that long after its DATA arrived before storing it and answering
250 (a slow server, for a reply in flight); OUT/NNNNNN.started appears when the wait begins."""
import argparse
import asyncio
import json
import os
import signal
import ssl
import sys
import threading

import free_port

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Sink:
    def __init__(self, out, reject, defer, data_delay=0.0):
        self.data_delay = data_delay
        self.out = out
        self.reject = reject
        self.defer = defer
        self.lock = threading.Lock()
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject and self.reject in address:
            return "550 5.1.1 recipient rejected by the test sink"
        if self.defer and self.defer in address:
            return "451 4.3.0 recipient deferred by the test sink"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            name = f"{self.count:06d}"
        if self.data_delay > 0:
            open(os.path.join(self.out, f"{name}.started"), "w").close()
            await asyncio.sleep(self.data_delay)
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "tls": session.ssl is not None,
            "authenticated": bool(session.authenticated),
        }
        temporary = os.path.join(self.out, f".{name}.tmp")
        with open(temporary, "wb") as handle:
            handle.write(envelope.original_content)
        with open(os.path.join(self.out, f"{name}.json"), "w") as handle:
            json.dump(meta, handle)
        os.rename(temporary, os.path.join(self.out, f"{name}.eml"))
        return "250 2.0.0 stored"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument("--require-starttls", action="store_true")
    parser.add_argument("--auth")
    parser.add_argument("--reject-rcpt")
    parser.add_argument("--defer-rcpt")
    parser.add_argument("--data-delay", type=float, default=0.0)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)

    options = {}
    if args.tls_cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        options["tls_context"] = context
        options["require_starttls"] = args.require_starttls
    if args.auth:
        user, password = args.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (isinstance(auth_data, LoginPassword)
                  and auth_data.login.decode() == user
                  and auth_data.password.decode() == password)
            # handled=False: aiosmtpd then answers 535 itself (the default stays silent).
            return AuthResult(success=ok, handled=False)

        options["authenticator"] = authenticator
        options["auth_require_tls"] = bool(args.tls_cert)
        options["auth_required"] = True

    # A parent that runs on worker threads (Swift's Dispatch) may hand down SIGTERM blocked, and
    # the threads started below inherit this thread's mask: undo it first, so SIGTERM stops the sink.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    port = args.port or free_port.free_port()
    controller = Controller(Sink(args.out, args.reject_rcpt, args.defer_rcpt, args.data_delay),
                            hostname="127.0.0.1", port=port, server_hostname="sink.test",
                            ready_timeout=30, **options)
    controller.start()
    print(f"PORT={port}", flush=True)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    # A bare Event.wait() would not let the signal handlers run on every Python version.
    while not stop.wait(0.2):
        pass
    controller.stop()


if __name__ == "__main__":
    sys.exit(main())
