#!/usr/bin/env python3
"""Prints a free TCP port of 127.0.0.1 for a test peer that must keep its port across a restart.

Usage: free_port.py

A port the kernel hands out to outgoing connections can be taken by one of them while a test has
its peer stopped, and the restart on that port fails. The port printed lies below the kernel's
ephemeral range (/proc/sys/net/ipv4/ip_local_port_range), where only an explicit bind takes one;
it is picked at random and was free a moment ago (two callers may still race for it: a peer that
fails to bind is started again on another).
"""

import random
import socket


def ephemeral_range_start():
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range", "r", encoding="ascii") as handle:
            return int(handle.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def candidate_ports(count=100):
    """Random ports in the 12,000 below the ephemeral range."""
    high = ephemeral_range_start()
    low = max(1024, high - 12000)
    return [random.randrange(low, high) for _ in range(count)]


def free_port():
    for port in candidate_ports():
        probe = socket.socket()
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            continue
        finally:
            probe.close()
        return port
    raise SystemExit("free_port: no free port below the ephemeral range")


def main():
    print(free_port())


if __name__ == "__main__":
    main()
