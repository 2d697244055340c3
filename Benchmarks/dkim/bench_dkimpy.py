#!/usr/bin/env python3
"""Measures dkimpy's DKIM verification rate on the benchmark corpus, DNS stubbed in memory.

Usage: bench_dkimpy.py CORPUS_DIR [ROUNDS]

Every message must verify, or the run fails: a failure path is not what is being measured.
Prints one line `RESULT {json}` with the per-round rates in messages per second, both by the
wall clock and by the process's CPU time (the fair figure on a machine shared with other work).
"""

import importlib.metadata
import json
import os
import statistics
import sys
import time

import dkim


def summary(rates: list[float]) -> dict:
    return {"rounds": [round(r, 1) for r in rates], "best": round(max(rates), 1), "median": round(statistics.median(rates), 1)}


def main() -> int:
    corpus = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    names = sorted(os.listdir(os.path.join(corpus, "messages")))
    messages = []
    for name in names:
        with open(os.path.join(corpus, "messages", name), "rb") as f:
            messages.append(f.read())
    records = {}
    with open(os.path.join(corpus, "dns.txt")) as f:
        for line in f:
            if line.strip() and not line.startswith(("#", ";")):
                name, record = line.split(None, 1)
                records[name.encode()] = record.strip().encode()

    def stub(name, timeout=5):
        return records.get(name.rstrip(b"."))

    wall_rates, cpu_rates = [], []
    for _ in range(rounds):
        passed = 0
        wall_start, cpu_start = time.perf_counter(), time.process_time()
        for data in messages:
            if dkim.DKIM(data).verify(dnsfunc=stub):
                passed += 1
        wall, cpu = time.perf_counter() - wall_start, time.process_time() - cpu_start
        if passed != len(messages):
            print(f"dkimpy: only {passed} of {len(messages)} messages passed", file=sys.stderr)
            return 1
        wall_rates.append(len(messages) / wall)
        cpu_rates.append(len(messages) / cpu)

    version = importlib.metadata.version("dkimpy")
    print(
        "RESULT "
        + json.dumps(
            {
                "implementation": f"dkimpy {version} (Python {sys.version.split()[0]})",
                "messages": len(messages),
                "passed": len(messages),
                "wall": summary(wall_rates),
                "cpu": summary(cpu_rates),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
