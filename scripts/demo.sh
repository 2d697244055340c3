#!/usr/bin/env bash
# The main job on the embedded default, run by `make demo` after a release build:
#  1. verifies the committed DKIM fixtures (testdata/dkim) and compares each verdict with expected.json;
#  2. replays the committed mails (testdata/emails) through the whole pipeline — DKIM, From,
#     the transaction block, the account engine and the local signer, on a fresh SQLite store —
#     and compares each outcome with expected.json;
#  3. replays testdata/consent (consent of added identities, PROTOCOL.md section 4.1, and the
#     identity theft of issue 10) with --service-address, proofs kept across its mails;
#  4. replays testdata/section5: each rule of "what decides must be signed and single" broken by
#     a mail that a relay altered, with the legitimate twin that executes;
#  5. replays testdata/evm: EVM transactions approved in words and signed (PROTOCOL.md section 8),
#     and prints what one approval says (`chainmail summary`);
#  6. replays testdata/bitcoin: PSBTs made by python-bitcointx, every output approved in words and
#     every input signed (PROTOCOL.md section 8.2), and prints what one approval says.
# Exits non-zero if anything differs from what is expected.
set -euo pipefail
cd "$(dirname "$0")/.."
chainmail=${CHAINMAIL:-.build/release/chainmail}

python3 - "$chainmail" <<'PY'
import json, subprocess, sys
chainmail = sys.argv[1]
failures = 0

folder = "testdata/dkim"
expected = json.load(open(f"{folder}/expected.json"))
output = subprocess.run([chainmail, "dkim", "verify", "--json", "--dns-file", f"{folder}/dns.txt",
                         *[f"{folder}/{name}" for name in sorted(expected)]], check=True, capture_output=True, text=True).stdout
print("1. DKIM verification of testdata/dkim (keys from its dns.txt)\n")
print(f"   {'message':<30} {'expected':<10} {'result':<10} reason")
for line in output.splitlines():
    verdict = json.loads(line)
    name = verdict["file"].rsplit("/", 1)[-1]
    ok = verdict["result"] == expected[name]
    failures += not ok
    reasons = ", ".join(s["code"] for s in verdict["signatures"]) or "no DKIM-Signature"
    print(f"   {name:<30} {expected[name]:<10} {verdict['result']:<10} {reasons}{'' if ok else '   <-- MISMATCH'}")

def replay(folder, title, extra=()):
    """Replays `folder` and compares each outcome with its expected.json; returns the differences."""
    differences = 0
    expected = json.load(open(f"{folder}/expected.json"))
    run = subprocess.run([chainmail, "replay", "--json", *extra, folder], check=True, capture_output=True, text=True)
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    summary = lines.pop()["summary"]
    print(f"\n{title}: chainmail replay {' '.join(extra) + ' ' if extra else ''}{folder} (clock from its `now` file)\n")
    print(f"   {'mail':<46} {'status':<15} {'reason / signed address / awaited identities'}")
    for outcome in lines:
        name = outcome["file"].rsplit("/", 1)[-1]
        want = expected[name]
        ok = outcome["status"] == want["status"] and outcome["reason"] == want["reason"] and \
            (want["txHash"] is None or outcome["txHash"] == want["txHash"]) and \
            ("missing" not in want or outcome.get("missing") == want["missing"])
        differences += not ok
        if outcome["status"] == "executed":
            detail = ", ".join(f"{r['type']} → {r['address']}" if r["type"] == "CallChainSig" else
                               f"{r['type']} {r['transactionHash'][:18]}… from {r['from']}" if r["type"] == "EVMTransaction" else
                               f"{r['type']} txid {r['txid'][:16]}…, {len(r['signatures'])} input(s) signed" if r["type"] == "BitcoinTransaction" else
                               r["type"] for r in outcome["results"])
        elif outcome["status"] == "awaiting_proofs":
            awaited = [str(i["value"]["email"] if i["type"] == "OIDC" else i["value"]) for i in outcome["missing"]]
            detail = "awaits " + (", ".join(awaited) or "the account's approval")
        else:
            detail = outcome["reason"]
        print(f"   {name:<46} {outcome['status']:<15} {detail}{'' if ok else '   <-- expected ' + want['status'] + ' ' + str(want['reason'])}")
    missing = set(expected) - {o["file"].rsplit("/", 1)[-1] for o in lines}
    differences += len(missing)
    print(f"\n   {summary['mails']} mails: {summary['executed']} executed, {summary.get('awaitingProofs', 0)} awaiting proofs, "
          f"{summary['rejected']} rejected")
    return differences


failures += replay("testdata/emails", "2. Authorisation by email")
# Consent of added identities (PROTOCOL.md section 4.1) and the identity theft of issue 10; the mails
# are bound to the service address they are sent to (section 5).
failures += replay("testdata/consent", "3. Consent by email, across the mails of one run",
                   ["--service-address", "wallet@chainmail.test"])
# What decides must be signed and single (section 5): each rule broken by a relay, and its twin.
failures += replay("testdata/section5", "4. Hostile mail: each rule of section 5 broken, then kept")
# Clear signing (section 8): EVM transactions approved in words, signed with a fixed root
# (signer-root.hex) so the `from` addresses, derived in Python by the generator, match.
failures += replay("testdata/evm", "5. EVM transactions: what the approval says is what is signed")
summary = subprocess.run([chainmail, "summary", "--chains", "testdata/evm/chains.json", "testdata/evm/summary-example.json"],
                         check=True, capture_output=True, text=True).stdout
print("\n   What the approval of testdata/evm/summary-example.json says (chainmail summary):\n")
print("\n".join("   " + line for line in summary.splitlines()))
# PSBTs (section 8.2): made by python-bitcointx for the `from` the generator derived in Python.
failures += replay("testdata/bitcoin", "6. Bitcoin PSBTs: every output in words, every input signed")
summary = subprocess.run([chainmail, "summary", "testdata/bitcoin/summary-example.json"],
                         check=True, capture_output=True, text=True).stdout
print("\n   What the approval of testdata/bitcoin/summary-example.json says (chainmail summary):\n")
print("\n".join("   " + line for line in summary.splitlines()))
print(f"\n{'All outcomes match expected.json.' if failures == 0 else f'{failures} outcome(s) differ from expected.json.'}")
sys.exit(1 if failures else 0)
PY
