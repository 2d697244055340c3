#!/usr/bin/env bash
# The email pipeline's throughput against DKIM verification alone, on the same mails, in one run.
#
# Signs N valid approval mails with dkimpy (scripts/peers/sign_approvals.py: one account, nonces
# 0..N-1, relaxed/relaxed rsa-sha256 2048-bit), then times, each pinned to one core:
#   - `chainmail dkim verify --json --dns-file dns.txt` over all of them (DKIM only), and
#   - `chainmail replay --json` over the same folder (the whole pipeline: DKIM, From, MIME, the
#     transaction block, the engine's checks, the local signer, the SQLite store, the reply),
# and prints messages per second for each and their ratio. Target: the pipeline at least half
# the DKIM-only rate. Environment: N (5000), CORE (0), KEEP=1 keeps the mails in .tmp/bench-mail/.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
N=${N:-5000}
CORE=${CORE:-0}
swift build -c release --product chainmail >&2
chainmail="$(swift build -c release --show-bin-path)/chainmail"

mkdir -p .tmp/bench-mail
work=$(mktemp -d "$root/.tmp/bench-mail/run.XXXXXX")
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
echo "bench-mail: signing $N mails with dkimpy" >&2
python3 scripts/peers/sign_approvals.py --out "$work/mails" --count "$N" --account alice --sender alice@example.com --padding 3000 >&2

time_of() {  # seconds of wall time a command takes
    local start end
    start=$(date +%s.%N)
    "$@" >"$work/out" 2>"$work/err"
    end=$(date +%s.%N)
    echo "$end - $start" | bc -l
}
files=("$work"/mails/*.eml)
dkim=$(time_of taskset -c "$CORE" "$chainmail" dkim verify --json --dns-file "$work/mails/dns.txt" "${files[@]}")
dkim_pass=$(grep -c '"result":"pass"' "$work/out" || true)
replay=$(time_of taskset -c "$CORE" "$chainmail" replay --json "$work/mails")
executed=$(grep -c '"status":"executed"' "$work/out" || true)
[ "$dkim_pass" = "$N" ] || { echo "bench-mail: only $dkim_pass of $N mails passed DKIM" >&2; exit 1; }
[ "$executed" = "$N" ] || { echo "bench-mail: only $executed of $N mails executed" >&2; tail -3 "$work/out" >&2; exit 1; }
size=$(cat "${files[@]}" | wc -c)
python3 - "$N" "$dkim" "$replay" "$size" <<'PY'
import sys, datetime, os, platform
n, dkim, replay, size = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
dkim_rate, replay_rate = n / dkim, n / replay
print(f"- date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC; load average {os.getloadavg()[0]:.2f}")
print(f"- mails: {n}, mean {size // n} bytes, one account, nonces 0..{n - 1}, every one passed DKIM and executed")
print()
print("| run (one core, whole process: start, reading files, printing JSON) | mails/s | seconds |")
print("|---|---:|---:|")
print(f"| `chainmail dkim verify --json` (DKIM only) | {dkim_rate:,.0f} | {dkim:.2f} |")
print(f"| `chainmail replay --json` (the whole pipeline) | {replay_rate:,.0f} | {replay:.2f} |")
print()
ratio = replay_rate / dkim_rate
print(f"pipeline / DKIM-only: {ratio:.2f} (target >= 0.5: {'met' if ratio >= 0.5 else 'NOT met'})")
PY
