#!/usr/bin/env bash
# The email pipeline against the cost of its parts, and `chainmail dkim verify` at two sizes.
#
# Signs SIGNED (20000) valid approval mails once with dkimpy (scripts/peers/sign_approvals.py: one
# account, nonces 0..SIGNED-1, relaxed/relaxed rsa-sha256 2048-bit, 3,000 bytes of padding), then,
# everything pinned to one core (taskset):
#   1. mail-bench (Benchmarks/MailBenchmark) on the first N (5000) mails: the whole pipeline in
#      process, as `chainmail replay` sets it up, against its parts measured alone on the same
#      mails (DKIM verification, the key derivation, the signature, the SQLite commit), interleaved
#      over MAIL_ROUNDS (5) rounds; it prints the Markdown table and the pipeline's overhead.
#   2. `chainmail dkim verify --json --dns-file dns.txt DIR`, the directory form, over a directory
#      of the first 2,000 mails and one of all 20,000 (hard links, mails only: dns.txt stays
#      outside), best of ROUNDS (3) each: mails/s for both and the ratio of the times, which is
#      SIGNED/2000 (10) when the command's cost is linear in the number of mails.
#   3. Whole processes, both in the directory form, on the N mails of step 1: `chainmail replay
#      --json DIR` against `chainmail dkim verify --json DIR`, best of ROUNDS: what a user sees,
#      start-up and file reading included.
# Environment: SIGNED (20000), N (5000), MAIL_ROUNDS (5), ROUNDS (3), CORE (0), KEEP=1 keeps the
# mails in .tmp/bench-mail/.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
SIGNED=${SIGNED:-20000}
SMALL=2000
N=${N:-5000}
MAIL_ROUNDS=${MAIL_ROUNDS:-5}
ROUNDS=${ROUNDS:-3}
CORE=${CORE:-0}
[ "$SIGNED" -ge "$SMALL" ] && [ "$SIGNED" -ge "$N" ] || { echo "bench-mail: SIGNED must be at least $SMALL and N" >&2; exit 2; }
swift build -c release --product chainmail --product mail-bench >&2
bin="$(swift build -c release --show-bin-path)"
chainmail="$bin/chainmail"

mkdir -p .tmp/bench-mail
work=$(mktemp -d "$root/.tmp/bench-mail/run.XXXXXX")
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
echo "bench-mail: signing $SIGNED mails with dkimpy" >&2
python3 scripts/peers/sign_approvals.py --out "$work/signed" --count "$SIGNED" --account alice --sender alice@example.com --padding 3000 >&2

# Directories of hard links to the signed mails, in name order. sign_approvals.py writes dns.txt
# and accounts.json beside the mails; the `dkim verify` directories hold mails only (their key
# file is given with --dns-file from outside), the pipeline's folder holds both files, as `replay`
# reads them there.
link_first() {  # link_first COUNT DIR: the first COUNT signed mails into DIR
    mkdir -p "$2"
    # awk rather than head: head would stop reading early and, under pipefail, sort's SIGPIPE fail the run.
    find "$work/signed" -maxdepth 1 -name '*.eml' -printf '%f\n' | sort | awk -v count="$1" 'NR <= count' |
        sed "s|^|$work/signed/|" | xargs ln -t "$2"
}
link_first "$SMALL" "$work/dkim-$SMALL"
link_first "$SIGNED" "$work/dkim-$SIGNED"
link_first "$N" "$work/pipeline"
cp "$work/signed/dns.txt" "$work/signed/accounts.json" "$work/pipeline/"
dns="$work/signed/dns.txt"

echo "bench-mail: load average $(cut -d' ' -f1-3 /proc/loadavg) before the measurements" >&2
echo "## mail-bench: the pipeline in process against its parts"
taskset -c "$CORE" "$bin/mail-bench" "$work/pipeline" "$N" "$MAIL_ROUNDS"
echo

time_of() {  # seconds of wall time a command takes; its output goes to $work/out
    local start end
    start=$(date +%s.%N)
    "$@" >"$work/out" 2>"$work/err"
    end=$(date +%s.%N)
    echo "$end - $start" | bc -l
}
passed() {  # passed EXPECTED WHAT: exactly EXPECTED mails passed DKIM in $work/out
    local count
    count=$(grep -c '"result":"pass"' "$work/out" || true)
    [ "$count" = "$1" ] || { echo "bench-mail: $2: $count mails passed DKIM, expected $1" >&2; tail -3 "$work/err" >&2; exit 1; }
}
executed() {  # executed EXPECTED: exactly EXPECTED mails executed in $work/out
    local count
    count=$(grep -c '"status":"executed"' "$work/out" || true)
    [ "$count" = "$1" ] || { echo "bench-mail: replay: $count mails executed, expected $1" >&2; tail -3 "$work/out" >&2; exit 1; }
}

small_times=()
large_times=()
replay_times=()
dkim_times=()
for round in $(seq "$ROUNDS"); do
    small_times+=("$(time_of taskset -c "$CORE" "$chainmail" dkim verify --json --dns-file "$dns" "$work/dkim-$SMALL")")
    passed "$SMALL" "dkim verify over $SMALL"
    large_times+=("$(time_of taskset -c "$CORE" "$chainmail" dkim verify --json --dns-file "$dns" "$work/dkim-$SIGNED")")
    passed "$SIGNED" "dkim verify over $SIGNED"
    # The same folder for both whole processes; dkim verify also prints a line for dns.txt and
    # accounts.json (not mails, no signature), which `passed` does not count.
    dkim_times+=("$(time_of taskset -c "$CORE" "$chainmail" dkim verify --json --dns-file "$dns" "$work/pipeline")")
    passed "$N" "dkim verify over the pipeline's folder"
    # Each replay starts from a fresh store of its own, so every round executes every mail.
    replay_times+=("$(time_of taskset -c "$CORE" "$chainmail" replay --json "$work/pipeline")")
    executed "$N"
    echo "bench-mail: round $round: dkim verify $SMALL ${small_times[-1]} s, $SIGNED ${large_times[-1]} s;" \
        "$N: dkim verify ${dkim_times[-1]} s, replay ${replay_times[-1]} s" >&2
done
python3 - "$SMALL" "$SIGNED" "$N" "${small_times[*]}" "${large_times[*]}" "${dkim_times[*]}" "${replay_times[*]}" <<'PY'
import sys, datetime, os
small, large, n = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
small_t, large_t, dkim_t, replay_t = ([float(t) for t in arg.split()] for arg in sys.argv[4:8])
print("## `chainmail dkim verify --json --dns-file dns.txt DIR`: linear in the number of mails?")
print()
print(f"- date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC; load average {os.getloadavg()[0]:.2f}")
print()
print(f"| mails in the directory (one core, whole process, best of {len(small_t)}) | seconds | mails/s |")
print("|---:|---:|---:|")
for count, times in ((small, small_t), (large, large_t)):
    print(f"| {count:,} | {min(times):.2f} | {count / min(times):,.0f} |")
print()
print(f"time ratio {large:,} / {small:,}: {min(large_t) / min(small_t):.2f} (linear: {large / small:.0f})")
print()
print(f"## Whole processes, directory form, {n:,} mails (one core, best of {len(replay_t)})")
print()
print("| run | seconds | mails/s |")
print("|---|---:|---:|")
print(f"| `chainmail dkim verify --json --dns-file dns.txt DIR` (DKIM only) | {min(dkim_t):.2f} | {n / min(dkim_t):,.0f} |")
print(f"| `chainmail replay --json DIR` (the whole pipeline) | {min(replay_t):.2f} | {n / min(replay_t):,.0f} |")
print()
print(f"replay / dkim verify, rates: {min(dkim_t) / min(replay_t):.2f}")
PY
