#!/usr/bin/env python3
"""Turns the benchmark's RESULT lines and `openssl speed` output into the Markdown table that
goes into BENCHMARKS.md, with chainmail's ratio to each implementation and the targets.

Usage: report.py RESULTS OPENSSL_OUTPUT CORPUS_DIR [--command TEXT] [--strict]
"""

import argparse
import datetime
import json
import os
import platform
import re
import subprocess
import sys

# chainmail's throughput must be at least this many times each reference implementation's.
TARGETS = {"dkimpy": 10.0, "Mail::DKIM": 6.0}


def machine() -> str:
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            model = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), model)
    except OSError:
        pass
    try:
        swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    except (OSError, IndexError):
        swift = "swift unknown"
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{model}, {os.cpu_count()} cores, Linux {platform.release()}, {swift}; load average at the end {load}"


def openssl_verifies(path: str) -> float | None:
    with open(path) as f:
        for line in f:
            match = re.match(r"rsa\s+2048 bits\s+\S+\s+\S+\s+([\d.]+)\s+([\d.]+)", line)
            if match:
                return float(match.group(2))
    return None


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("results")
    parser.add_argument("openssl")
    parser.add_argument("corpus")
    parser.add_argument("--command", default="make bench-dkim")
    parser.add_argument("--strict", action="store_true")
    args = parser.parse_args()

    with open(args.results) as f:
        results = [json.loads(line.split(" ", 1)[1]) for line in f if line.startswith("RESULT ")]
    for result in results:
        if result["passed"] != result["messages"]:
            print(f"{result['implementation']}: only {result['passed']} of {result['messages']} passed", file=sys.stderr)
            return 1
    chainmail = next(r for r in results if r["implementation"].startswith("chainmail"))
    others = [r for r in results if r is not chainmail]
    messages_dir = os.path.join(args.corpus, "messages")
    sizes = [os.path.getsize(os.path.join(messages_dir, name)) for name in os.listdir(messages_dir)]
    verifies = openssl_verifies(args.openssl)

    lines = [
        f"- date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- machine: {machine()}",
        f"- command: `{args.command}`",
        f"- corpus: {len(sizes)} messages, mean {sum(sizes) // len(sizes)} bytes, rsa-sha256 2048-bit, c=relaxed/relaxed, "
        "one key, signed by dkimpy; every implementation verified every message as `pass` in every round",
        "",
        "| implementation | msgs/s, CPU time (best) | msgs/s, CPU time (median) | msgs/s, wall clock (best) | chainmail's ratio | target |",
        "|---|---:|---:|---:|---:|---|",
    ]
    best = chainmail["cpu"]["best"]
    lines.append(
        f"| {chainmail['implementation']} | {best:,.0f} | {chainmail['cpu']['median']:,.0f} | {chainmail['wall']['best']:,.0f} | 1.0× | |"
    )
    missed = []
    for other in others:
        name = "dkimpy" if other["implementation"].startswith("dkimpy") else "Mail::DKIM"
        ratio = best / other["cpu"]["best"]
        target = TARGETS.get(name)
        verdict = ""
        if target:
            met = ratio >= target
            verdict = f"≥ {target:g}×: {'met' if met else 'MISSED'}"
            if not met:
                missed.append(name)
        lines.append(
            f"| {other['implementation']} | {other['cpu']['best']:,.0f} | {other['cpu']['median']:,.0f} "
            f"| {other['wall']['best']:,.0f} | {ratio:.1f}× | {verdict} |"
        )
    if verifies:
        lines.append(
            f"| ceiling: `openssl speed -seconds 3 rsa2048` verify/s (CPU time) | {verifies:,.0f} | | | {best / verifies:.2f}× | |"
        )
    print("\n".join(lines))
    if missed:
        print(f"\nbench-dkim: target missed against {', '.join(missed)}", file=sys.stderr)
        return 1 if args.strict else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
