#!/usr/bin/env bash
# DKIM verification, chainmail against the reference implementations, on one core.
#
# Writes ONE fresh corpus (N messages of about 5 KB, rsa-sha256 2048-bit, c=relaxed/relaxed,
# signed by dkimpy with one key), then times chainmail (Benchmarks/DKIMBenchmark), dkimpy and
# Mail::DKIM verifying all of it with DNS stubbed in memory, each pinned to one core, and prints
# a table with chainmail's ratio to each and `openssl speed rsa2048` as the ceiling.
#
# Usage: Benchmarks/dkim/run.sh            (make bench-dkim builds the release first)
# Environment: N (2000 messages), ROUNDS (5), CORE (0, the core to pin to), KEEP=1 keeps the
# corpus in .tmp/bench-dkim/, STRICT=1 exits non-zero when a target is missed.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
N=${N:-2000}
ROUNDS=${ROUNDS:-5}
CORE=${CORE:-0}

for program in python3 perl openssl taskset swift; do
    command -v "$program" >/dev/null || { echo "bench-dkim: $program is missing: run scripts/setup.sh" >&2; exit 1; }
done
python3 -c 'import dkim' 2>/dev/null || { echo "bench-dkim: dkimpy is missing: run scripts/setup.sh" >&2; exit 1; }
perl -MMail::DKIM::Verifier -e1 2>/dev/null || { echo "bench-dkim: Mail::DKIM is missing: run scripts/setup.sh" >&2; exit 1; }

swift build -c release --product dkim-bench >&2
bench="$(swift build -c release --show-bin-path)/dkim-bench"

mkdir -p .tmp/bench-dkim
work=$(mktemp -d "$root/.tmp/bench-dkim/run.XXXXXX")
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT

echo "bench-dkim: signing $N messages with dkimpy into $work/corpus" >&2
python3 Benchmarks/dkim/make_corpus.py "$work/corpus" "$N" >&2

echo "bench-dkim: chainmail ($ROUNDS rounds on core $CORE)" >&2
taskset -c "$CORE" "$bench" "$work/corpus" "$ROUNDS" | grep '^RESULT ' >"$work/results"
echo "bench-dkim: dkimpy" >&2
taskset -c "$CORE" python3 Benchmarks/dkim/bench_dkimpy.py "$work/corpus" "$ROUNDS" | grep '^RESULT ' >>"$work/results"
echo "bench-dkim: Mail::DKIM" >&2
taskset -c "$CORE" perl Benchmarks/dkim/bench_mail_dkim.pl "$work/corpus" "$ROUNDS" | grep '^RESULT ' >>"$work/results"
echo "bench-dkim: openssl speed -seconds 3 rsa2048" >&2
taskset -c "$CORE" openssl speed -seconds 3 rsa2048 2>/dev/null >"$work/openssl"

python3 Benchmarks/dkim/report.py "$work/results" "$work/openssl" "$work/corpus" \
    --command "make bench-dkim (N=$N ROUNDS=$ROUNDS CORE=$CORE)" ${STRICT:+--strict}
