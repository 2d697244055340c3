#!/usr/bin/env python3
"""Prints a free TCP port of 127.0.0.1 for a test peer that must keep its port across a restart.

Usage: free_port.py

A port the kernel hands out to outgoing connections can be taken by one of them while a test has
its peer stopped, and the restart on that port fails. The port printed lies below the kernel's
ephemeral range (/proc/sys/net/ipv4/ip_local_port_range), where only an explicit bind takes one.
It is picked at random, was free a moment ago, and was not handed out by this script in the last
ten minutes (a list under the temporary directory, read and written under a lock), so two peers
starting at once are not given the same port.
"""

import fcntl
import os
import random
import socket
import tempfile
import time

RECENT_SECONDS = 600
RECENT_FILE = os.path.join(tempfile.gettempdir(), "chainmail-test-ports")


def ephemeral_range_start():
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range", "r", encoding="ascii") as handle:
            return int(handle.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def take_port(bind):
    """Calls `bind(port)` on random ports in the 20,000 below the ephemeral range that were not
    handed out in the last ten minutes, until one returns without raising OSError; records that
    port as handed out and returns what `bind` returned."""
    high = ephemeral_range_start()
    low = max(1024, high - 20000)
    try:
        handle = open(RECENT_FILE, "a+", encoding="ascii")
    except OSError:
        handle = tempfile.TemporaryFile("w+", encoding="ascii")  # unshared: no record kept
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        now = time.time()
        recent = {}
        for line in handle.read().split("\n"):
            fields = line.split()
            try:
                port, handed_out_at = int(fields[0]), float(fields[1])
            except (IndexError, ValueError):
                continue
            if now - handed_out_at < RECENT_SECONDS:
                recent[port] = handed_out_at
        for _ in range(200):
            port = random.randrange(low, high)
            if port in recent:
                continue
            try:
                bound = bind(port)
            except OSError:
                continue
            recent[port] = now
            handle.seek(0)
            handle.truncate()
            handle.write("".join("%d %.0f\n" % item for item in recent.items()))
            return bound
    raise SystemExit("free_port: no free port below the ephemeral range")


def probe(port):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))
    return port


def free_port():
    return take_port(probe)


def main():
    print(free_port())


if __name__ == "__main__":
    main()
