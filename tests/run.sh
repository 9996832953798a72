#!/bin/sh
# Runs every test: cmocka unit tests (under ASan and UBSan), shell tests of the command
# line, screen tests in tmux, man page checks. Counts TAP lines from all of them and ends
# with one line "N passed, N failed"; exits non-zero on any failure.
set -u
: "${BUILD:=build}"
export BUILD
cd "$(dirname "$0")/.." || exit 2
log=$BUILD/test-log
mkdir -p "$log"
passed=0
failed=0
export CMOCKA_MESSAGE_OUTPUT=TAP
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$(pwd)/tests/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LANG=C.UTF-8 LC_ALL=C.UTF-8

# run NAME COMMAND...: count its "ok"/"not ok" lines; a crash or a non-zero exit with no
# failing line counts as one failure.
run() {
	name=$1; shift
	out="$log/$name.log"
	mkdir -p "$(dirname "$out")"
	"$@" >"$out" 2>&1
	rc=$?
	p=$(grep -c '^ok ' "$out")
	f=$(grep -c '^not ok ' "$out")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "not ok - $name exited with status $rc" >>"$out"
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$f" -gt 0 ]; then
		printf '%-40s %4d passed, %d FAILED\n' "$name" "$p" "$f"
		grep -E '^not ok|^#|ERROR|runtime error|Sanitizer' "$out" | head -40 | sed 's/^/    /'
	else
		printf '%-40s %4d passed\n' "$name" "$p"
	fi
}

for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	run "unit/$(basename "$t")" "$t"
done
for t in tests/cli/*.sh tests/screen/*.sh tests/integration/*.sh; do
	[ -f "$t" ] || continue
	run "${t#tests/}" sh "$t"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
