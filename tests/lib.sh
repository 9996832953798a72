# Shared by the shell tests: TAP output that tests/run.sh counts.
# Each test script sources this, calls ok/fail/check/expect_*, and ends with `finish`.
# $WANGGE is the program under test (the sanitizer build), $T a fresh temp folder.
set -u
: "${BUILD:=build}"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WANGGE=${WANGGE:-$ROOT/$BUILD/wangge-san}
T=$(mktemp -d "${TMPDIR:-/tmp}/wangge-test.XXXXXX")
export LANG=C.UTF-8 LC_ALL=C.UTF-8
export WANGGE_DB="$T/wangge.db"
export XDG_CONFIG_HOME="$T/config" XDG_DATA_HOME="$T/data"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$ROOT/tests/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
unset LANGUAGE
_n=0
_failed=0
trap 'rm -rf "$T"' EXIT

ok() { _n=$((_n + 1)); echo "ok $_n - $*"; }
fail() { _n=$((_n + 1)); _failed=$((_failed + 1)); echo "not ok $_n - $*"; }

# check DESCRIPTION COMMAND...: passes when the command exits 0.
check() {
	desc=$1; shift
	if "$@" >"$T/out" 2>"$T/err"; then ok "$desc"; else
		fail "$desc"; sed 's/^/#   /' "$T/out" "$T/err" | head -20; fi
}

# expect_output DESCRIPTION EXPECTED-FILE-OR-TEXT COMMAND...: stdout must equal it exactly.
expect_output() {
	desc=$1; want=$2; shift 2
	"$@" >"$T/got" 2>"$T/err"
	if [ -f "$want" ]; then cp "$want" "$T/want"; else printf '%s\n' "$want" >"$T/want"; fi
	if cmp -s "$T/want" "$T/got"; then ok "$desc"; else
		fail "$desc"; diff -u "$T/want" "$T/got" | head -30 | sed 's/^/#   /'
		sed 's/^/#   stderr: /' "$T/err" | head -5; fi
}

# expect_status DESCRIPTION CODE COMMAND...: exit status must be CODE; output kept in $T/out, $T/err.
expect_status() {
	desc=$1; code=$2; shift 2
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" -eq "$code" ]; then ok "$desc"; else
		fail "$desc (exit $got, wanted $code)"; sed 's/^/#   /' "$T/out" "$T/err" | head -20; fi
}

# expect_grep DESCRIPTION PATTERN FILE: FILE must contain the fixed string PATTERN.
expect_grep() {
	if grep -qF -- "$2" "$3"; then ok "$1"; else
		fail "$1: '$2' not in $3"; head -20 "$3" | sed 's/^/#   /'; fi
}
expect_no_grep() {
	if grep -qF -- "$2" "$3"; then fail "$1: '$2' found in $3"; grep -F -- "$2" "$3" | head -5 | sed 's/^/#   /'; else
		ok "$1"; fi
}

finish() {
	echo "1..$_n"
	[ "$_failed" -eq 0 ]
}
