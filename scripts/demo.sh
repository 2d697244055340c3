#!/usr/bin/env bash
# The main job on the embedded default, run by `make demo` after a release build:
# verifies the committed DKIM fixtures and compares each verdict with expected.json.
set -euo pipefail
cd "$(dirname "$0")/.."
chainmail=${CHAINMAIL:-.build/release/chainmail}

python3 - "$chainmail" <<'PY'
import json, subprocess, sys
chainmail = sys.argv[1]
folder = "testdata/dkim"
expected = json.load(open(f"{folder}/expected.json"))
files = [f"{folder}/{name}" for name in sorted(expected)]
output = subprocess.run([chainmail, "dkim", "verify", "--json", "--dns-file", f"{folder}/dns.txt", *files],
                        check=True, capture_output=True, text=True).stdout
print("DKIM verification of testdata/dkim (keys from testdata/dkim/dns.txt)\n")
print(f"{'message':<28} {'expected':<10} {'result':<10} reason")
print("-" * 100)
matched = 0
for line in output.splitlines():
    verdict = json.loads(line)
    name = verdict["file"].rsplit("/", 1)[-1]
    reasons = "; ".join(f"{s['code']}" for s in verdict["signatures"]) or "no DKIM-Signature"
    ok = verdict["result"] == expected[name]
    matched += ok
    print(f"{name:<28} {expected[name]:<10} {verdict['result']:<10} {reasons}{'' if ok else '   <-- MISMATCH'}")
print("-" * 100)
print(f"{matched} of {len(expected)} fixtures got their expected verdict")
sys.exit(0 if matched == len(expected) else 1)
PY
