#!/usr/bin/env python3
"""Serves a JWKS file over HTTP on 127.0.0.1 for the OIDC key-registry tests.

usage: jwks_server.py JWKS_FILE
Prints the chosen port on the first line of stdout, then serves until killed:
  GET /jwks.json  the file's current content (re-read on every request, so a test can rotate keys)
  GET /hits       how many times /jwks.json was served, as a decimal number
"""
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

hits = 0


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        global hits
        if self.path == "/jwks.json":
            hits += 1
            with open(sys.argv[1], "rb") as handle:
                body = handle.read()
            content_type = "application/json"
        elif self.path == "/hits":
            body = str(hits).encode()
            content_type = "text/plain"
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:
        pass


def main() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
