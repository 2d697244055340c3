#!/usr/bin/env bash
# Runs one `swift test` process under a time limit that ends a hang with what is needed to find it.
#
#   test-run.sh SECONDS swift test [ARGUMENTS…]
#
# Past SECONDS the test binary (not `swift test`, which only waits for it) gets SIGQUIT, so the
# Swift runtime prints the backtrace of every one of its threads; then every test that started and
# did not finish is listed, last in the output where a CI log's tail shows it, and everything is
# killed. The exit status is the command's own, or 124 after a time-out.
set -uo pipefail
limit=${1:?usage: test-run.sh SECONDS COMMAND…}
shift
log=$(mktemp -t chainmail-test-run.XXXXXX)
trap 'rm -f "$log"' EXIT

# Its own process group, so that the time-out reaches every process it started.
setsid "$@" > >(tee "$log") 2>&1 &
runner=$!

# The watchdog sleeps a second at a time, so it never outlives the run by more than that (a
# long sleep left behind would hold the caller's output open).
(
    for ((second = 0; second < limit; second++)); do
        sleep 1
        kill -0 "$runner" 2>/dev/null || exit 0
    done
    echo "test-run.sh: still running after ${limit}s; backtraces of the test binary follow" >&2
    pkill -QUIT -g "$runner" -f 'PackageTests\.xctest|swiftpm-testing-helper' || true
    sleep 60
    echo "test-run.sh: tests that started and did not finish:" >&2
    # Swift Testing prints "◇ Test NAME started." and "✔/✘ Test NAME passed/failed after …".
    awk '
        /^◇ Test .* started\.$/ { name = $0; sub(/^◇ Test /, "", name); sub(/ started\.$/, "", name); open[name] = 1 }
        /^(✔|✘) Test .* (passed|failed) after/ { name = $0; sub(/^(✔|✘) Test /, "", name); sub(/ (passed|failed) after.*$/, "", name); delete open[name] }
        END { for (name in open) print "  " name }
    ' "$log" >&2
    kill -KILL -- -"$runner" 2>/dev/null || true
    exit 1
) &
watchdog=$!

wait "$runner"
status=$?
wait "$watchdog" 2>/dev/null
[ $? -eq 1 ] && status=124
exit "$status"
