#!/bin/sh
# make fuzz: run each libFuzzer target for SECONDS (default 300) from its seed corpus,
# with ASan and UBSan; crashes and leaks are kept under $BUILD/fuzz/ as crash-*/leak-*
# files. Prints how many inputs each target ran and exits non-zero on any finding.
set -u
: "${BUILD:=build}"
seconds=${1:-300}
cd "$(dirname "$0")/../.." || exit 2
export LSAN_OPTIONS=suppressions=$(pwd)/tests/lsan.supp:print_suppressions=0
status=0
for target in import search; do
	bin=$BUILD/fuzz/fuzz_$target
	work=$BUILD/fuzz/corpus-$target
	mkdir -p "$work"
	seeds=tests/fuzz/corpus-$target
	[ "$target" = import ] && cp config/sample/*.yaml "$work/" 2>/dev/null
	echo "fuzz_$target: ${seconds}s"
	"$bin" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="$BUILD/fuzz/$target-" "$work" "$seeds" >"$BUILD/fuzz/$target.log" 2>&1
	rc=$?
	runs=$(awk '/stat::number_of_executed_units/ { print $2 }' "$BUILD/fuzz/$target.log")
	if [ $rc -eq 0 ]; then
		echo "  ${runs:-0} inputs ran clean; corpus $(ls "$work" | wc -l) files"
	else
		status=1
		echo "  FOUND A PROBLEM after ${runs:-?} inputs (exit $rc):"
		grep -E 'ERROR|SUMMARY|runtime error' "$BUILD/fuzz/$target.log" | head -5 | sed 's/^/    /'
		ls "$BUILD"/fuzz/"$target"-* 2>/dev/null | sed 's/^/    input: /'
	fi
done
exit $status
