#!/usr/bin/env bash
# The email pipeline's throughput against DKIM verification alone, on the same mails, in one run.
#
# Signs N valid approval mails with dkimpy (scripts/peers/sign_approvals.py: one account, nonces
# 0..N-1, relaxed/relaxed rsa-sha256 2048-bit), then times, each pinned to one core:
#   - `chainmail dkim verify --json --dns-file dns.txt` over all of them (DKIM only), and
#   - `chainmail replay --json` over the same folder (the whole pipeline: DKIM, From, MIME, the
#     transaction block, the engine's checks, the local signer, the SQLite store, the reply),
# ROUNDS times, alternating, and prints messages per second for each (best round, and the median)
# and the ratio of the best rates. Target: the pipeline at least half the DKIM-only rate.
# Environment: N (5000), ROUNDS (3), CORE (0), KEEP=1 keeps the mails in .tmp/bench-mail/.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
N=${N:-5000}
ROUNDS=${ROUNDS:-3}
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
dkim_times=()
replay_times=()
for round in $(seq "$ROUNDS"); do
    dkim_times+=("$(time_of taskset -c "$CORE" "$chainmail" dkim verify --json --dns-file "$work/mails/dns.txt" "${files[@]}")")
    dkim_pass=$(grep -c '"result":"pass"' "$work/out" || true)
    [ "$dkim_pass" = "$N" ] || { echo "bench-mail: only $dkim_pass of $N mails passed DKIM" >&2; exit 1; }
    # Each replay starts from a fresh store of its own, so every round executes every mail.
    replay_times+=("$(time_of taskset -c "$CORE" "$chainmail" replay --json "$work/mails")")
    executed=$(grep -c '"status":"executed"' "$work/out" || true)
    [ "$executed" = "$N" ] || { echo "bench-mail: only $executed of $N mails executed" >&2; tail -3 "$work/out" >&2; exit 1; }
    echo "bench-mail: round $round: DKIM only ${dkim_times[-1]} s, pipeline ${replay_times[-1]} s" >&2
done
size=$(cat "${files[@]}" | wc -c)
python3 - "$N" "$size" "${dkim_times[*]}" "${replay_times[*]}" <<'PY'
import sys, datetime, os, statistics
n, size = int(sys.argv[1]), int(sys.argv[2])
dkim = [float(t) for t in sys.argv[3].split()]
replay = [float(t) for t in sys.argv[4].split()]
print(f"- date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC; load average {os.getloadavg()[0]:.2f}")
print(f"- mails: {n}, mean {size // n} bytes, one account, nonces 0..{n - 1}, every one passed DKIM and executed in every round")
print()
print(f"| run (one core, whole process: start, reading files, printing JSON; {len(dkim)} rounds) | mails/s, best | mails/s, median | seconds, best |")
print("|---|---:|---:|---:|")
print(f"| `chainmail dkim verify --json` (DKIM only) | {n / min(dkim):,.0f} | {n / statistics.median(dkim):,.0f} | {min(dkim):.2f} |")
print(f"| `chainmail replay --json` (the whole pipeline) | {n / min(replay):,.0f} | {n / statistics.median(replay):,.0f} | {min(replay):.2f} |")
print()
ratio = min(dkim) / min(replay)
median_ratio = statistics.median(dkim) / statistics.median(replay)
print(f"pipeline / DKIM-only: {ratio:.2f} best, {median_ratio:.2f} median (target >= 0.5: {'met' if ratio >= 0.5 else 'NOT met'})")
PY
