#!/usr/bin/env bash
# `make fuzz`: builds the libFuzzer targets of Fuzz/ (address sanitizer, -DFUZZING) and runs each for
# FUZZ_SECONDS (default 60), seeded from the project's fixtures. See docs/fuzzing.md.
#
#   FUZZ_SECONDS=600 ./scripts/fuzz.sh            every target, ten minutes each
#   FUZZ_TARGETS="dkim json" ./scripts/fuzz.sh    some of them
#
# The growing corpus is kept in .fuzz/corpus/<target> (git-ignored) so later runs start where earlier
# ones stopped; a crash, sanitizer report, time-out (-timeout=2 s: a slow input is a finding) or memory
# blow-up (over 2048 MB) is written to Fuzz/findings/<target>/ and makes the script exit non-zero.
# Keep each real finding under testdata/fuzz-regressions/<target>/, where the tests replay it.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
SWIFT=${SWIFT:-swift}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
# A slower input is a finding. 2 s suits an idle machine (inputs here take milliseconds); on a loaded
# one a starved process can exceed it on an input that runs in 40 ms alone, so raise it there.
FUZZ_TIMEOUT=${FUZZ_TIMEOUT:-2}
FUZZ_TARGETS=${FUZZ_TARGETS:-"dkim headers mime block json psbt"}
scratch=$root/.build-fuzz
state=$root/.fuzz

# libFuzzer's runtime ships with the Swift toolchain on Linux (swiftc -sanitize=fuzzer links it).
swiftc_path=$(command -v swiftc || true)
if [ -z "$swiftc_path" ]; then echo "fuzz: swiftc not found on PATH" >&2; exit 1; fi
toolchain=$(cd "$(dirname "$(readlink -f "$swiftc_path")")/.." && pwd)
if ! ls "$toolchain"/lib/clang/*/lib/linux/libclang_rt.fuzzer-*.a >/dev/null 2>&1 \
    && ! ls "$toolchain"/lib/swift/clang/lib/linux/libclang_rt.fuzzer-*.a >/dev/null 2>&1; then
    echo "fuzz: no libFuzzer runtime (libclang_rt.fuzzer) in the toolchain at $toolchain" >&2
    exit 1
fi

flags=(-c release --scratch-path "$scratch"
    -Xswiftc -DFUZZING -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)
for target in $FUZZ_TARGETS; do
    echo "fuzz: building fuzz-$target"
    "$SWIFT" build "${flags[@]}" --product "fuzz-$target" || exit 1
done
bin=$("$SWIFT" build "${flags[@]}" --show-bin-path)

# The fixtures each target starts from (read-only corpus folders; the first folder is the writable one).
seeds() {
    local mail=(testdata/emails testdata/dkim testdata/consent testdata/section5 testdata/corpora/mail-dkim/messages)
    case $1 in
        dkim | mime) echo "${mail[@]}" ;;
        headers) echo "${mail[@]}" Fuzz/seeds/headers ;;
        block) echo testdata/emails testdata/section5 Fuzz/seeds/block ;;
        json) echo Fuzz/seeds/json testdata/vectors ;;
        psbt) echo Fuzz/seeds/psbt ;;
    esac
}
max_len() { case $1 in json) echo 16384 ;; psbt) echo 100000 ;; *) echo 65536 ;; esac; }

mkdir -p "$state"
summary=()
status=0
for target in $FUZZ_TARGETS; do
    corpus=$state/corpus/$target
    findings=Fuzz/findings/$target
    log=$state/$target.log
    mkdir -p "$corpus" "$findings"
    # The kept findings first: each must still run clean.
    if compgen -G "testdata/fuzz-regressions/$target/*" >/dev/null; then
        if ! "$bin/fuzz-$target" -timeout="$FUZZ_TIMEOUT" -rss_limit_mb=2048 testdata/fuzz-regressions/"$target"/* >"$state/$target.regressions.log" 2>&1; then
            echo "fuzz: $target: a kept regression input fails again, see $state/$target.regressions.log" >&2
            status=1
        fi
    fi
    echo "fuzz: running fuzz-$target for ${FUZZ_SECONDS}s (log: $log)"
    started=$(date +%s)
    # shellcheck disable=SC2046
    ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1} \
        "$bin/fuzz-$target" -max_total_time="$FUZZ_SECONDS" -max_len="$(max_len "$target")" -timeout="$FUZZ_TIMEOUT" \
        -rss_limit_mb=2048 -detect_leaks=0 -print_final_stats=1 -artifact_prefix="$findings/" \
        "$corpus" $(seeds "$target") >"$log" 2>&1
    rc=$?
    # The time it really ran: a finding stops it before FUZZ_SECONDS.
    elapsed=$(($(date +%s) - started))
    final=$(grep -E '^#[0-9]+' "$log" | tail -1)
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$final")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$final")
    corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$final")
    result=ok
    if [ $rc -ne 0 ]; then
        result="FINDING (exit $rc): $(grep -m1 -E 'ERROR: libFuzzer|ERROR: AddressSanitizer|Fatal error|SUMMARY' "$log" | cut -c1-100)"
        status=1
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$target" "$elapsed" "${execs:-?}" "${rate:-?}" \
        "${cov:-?}" "${ft:-?}" "$result" >>"$state/history.tsv"
    summary+=("$(printf '%-8s %5ss %8s exec/s %10s execs  cov: %-6s ft: %-7s corpus: %-6s %s' "$target" "$elapsed" "${rate:-?}" "${execs:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$result")")
done

echo
echo "fuzz: ${FUZZ_SECONDS}s per target (history of every run: .fuzz/history.tsv)"
for line in "${summary[@]}"; do echo "  $line"; done
if [ -f "$state/history.tsv" ]; then
    echo "fuzz: total time run so far per target:"
    awk -F'\t' '{ t[$2] += $3 } END { for (k in t) printf "  %-8s %6.1f min\n", k, t[k] / 60 }' "$state/history.tsv"
fi
[ $status -eq 0 ] || echo "fuzz: findings are in Fuzz/findings/ (logs in .fuzz/)" >&2
exit $status
