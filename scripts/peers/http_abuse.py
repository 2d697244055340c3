#!/usr/bin/env python3
"""Misbehaving HTTP clients for the API's robustness tests (plain sockets, no chainmail code).

stdin: {"mode": "oversized", "port", "path", "contentType", "declaredBytes", "sendBytes"}
    Declares (or, with declaredBytes null, streams chunked) a huge body and keeps sending while
    watching for the answer. stdout: {"status", "seconds", "bytesSent", "closedByServer"}.
stdin: {"mode": "idle", "port", "connections", "markerFile", "waitSeconds"}
    Opens `connections` connections and sends nothing; writes markerFile once all are open, then
    waits until the server has closed them all or waitSeconds pass.
    stdout: {"opened", "closedByServer", "seconds"}.
"""
import json
import os
import select
import selectors
import socket
import sys
import time


def oversized(request):
    sock = socket.create_connection(("127.0.0.1", request["port"]))
    sock.setblocking(False)
    declared = request.get("declaredBytes")
    head = f"POST {request['path']} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {request['contentType']}\r\n"
    head += f"Content-Length: {declared}\r\n\r\n" if declared is not None else "Transfer-Encoding: chunked\r\n\r\n"
    pending = head.encode()
    chunk = b"{" + b" " * (64 * 1024 - 1)
    if declared is None:
        chunk = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    sent = 0
    limit = request["sendBytes"]
    answer = b""
    closed = False
    start = time.monotonic()
    while time.monotonic() - start < 30:
        readable, writable, _ = select.select([sock], [sock] if sent < limit else [], [], 1.0)
        if readable:
            try:
                data = sock.recv(65536)
            except ConnectionResetError:
                closed = True
                break
            if not data:
                closed = True
                break
            answer += data
            if b"\r\n\r\n" in answer and answer.startswith(b"HTTP/1.1 "):
                status_seconds = time.monotonic() - start
                # keep reading until the server closes (or 5 s), without sending more
                sock.setblocking(True)
                sock.settimeout(5)
                try:
                    while sock.recv(65536):
                        pass
                    closed = True
                except (socket.timeout, ConnectionResetError):
                    closed = not isinstance(sys.exc_info()[1], socket.timeout)
                return {"status": int(answer[9:12]), "seconds": status_seconds, "bytesSent": sent, "closedByServer": closed}
        if writable:
            if not pending:
                pending = chunk
            try:
                count = sock.send(pending)
            except (BrokenPipeError, ConnectionResetError):
                closed = True
                break
            pending = pending[count:]
            sent += count
    status = int(answer[9:12]) if answer.startswith(b"HTTP/1.1 ") else None
    return {"status": status, "seconds": time.monotonic() - start, "bytesSent": sent, "closedByServer": closed}


def idle(request):
    sockets = []
    for _ in range(request["connections"]):
        sockets.append(socket.create_connection(("127.0.0.1", request["port"])))
    with open(request["markerFile"], "w") as marker:
        marker.write(str(len(sockets)))
    start = time.monotonic()
    selector = selectors.DefaultSelector()
    for sock in sockets:
        selector.register(sock, selectors.EVENT_READ)
    remaining = len(sockets)
    closed = 0
    while remaining and time.monotonic() - start < request["waitSeconds"]:
        for key, _ in selector.select(timeout=0.5):
            try:
                data = key.fileobj.recv(1024)
            except ConnectionResetError:
                data = b""
            if not data:
                closed += 1
                remaining -= 1
                selector.unregister(key.fileobj)
                key.fileobj.close()
    seconds = time.monotonic() - start
    for key in list(selector.get_map().values()):
        key.fileobj.close()
    return {"opened": len(sockets), "closedByServer": closed, "seconds": seconds}


def main():
    request = json.load(sys.stdin)
    answer = oversized(request) if request["mode"] == "oversized" else idle(request)
    json.dump(answer, sys.stdout)


if __name__ == "__main__":
    main()
