#!/usr/bin/env bash
# make bench-http: wrk against POST /v1/execute of a live chainmail HTTP API (release build), with
# a different pre-made EVM proof per request, against the engine's own rate on the same kind of
# proofs, at the same concurrency, interleaved in rounds in one run.
# Settings (environment): EXECUTIONS per round and side (3000), BENCH_ROUNDS (5),
# BENCH_CONNECTIONS (8), BENCH_WRK_THREADS (1).
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v wrk >/dev/null || { echo "bench-http: wrk is missing (scripts/setup.sh installs it)"; exit 1; }
export CHAINMAIL_BENCH_HTTP="${EXECUTIONS:-3000}"
swift test -c release -Xswiftc -enable-testing --filter HTTPBenchmarkTests 2>&1 | tee .build/bench-http.log | grep -E "bench-http|passed|failed|error"
