#!/usr/bin/env bash
# make bench-scale: POST /v1/execute per second and p50/p99 of release-built `chainmail serve`
# processes under wrk: one on SQLite, and one, two and three sharing one PostgreSQL database
# (a throwaway cluster of scripts/peers/postgres.sh), interleaved in rounds in one run
# (Tests/CommandLineTests/ScaleBenchmarkTests.swift, run as a release test suite); after each
# round, pgbench runs the read and the commit of an execution on PostgreSQL alone.
# Settings (environment): EXECUTIONS per round and set-up (3000), BENCH_ROUNDS (5),
# BENCH_CONNECTIONS (12, split between the instances), BENCH_DATABASE_SECONDS (5, pgbench's run).
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v wrk >/dev/null || { echo "bench-scale: wrk is missing (scripts/setup.sh installs it)"; exit 1; }
export CHAINMAIL_BENCH_SCALE="${EXECUTIONS:-3000}"
mkdir -p .build
echo "bench-scale: $(date -u '+%Y-%m-%d %H:%M:%S UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(git rev-parse --short HEAD)"
swift test -c release -Xswiftc -enable-testing --filter ScaleBenchmarkTests 2>&1 | tee .build/bench-scale.log | grep -E "bench-scale|passed|failed|error"
echo "bench-scale: ended $(date -u '+%Y-%m-%d %H:%M:%S UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
