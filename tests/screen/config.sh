#!/bin/sh
# What the configuration and the terminal decide for the screen: keys rebound under
# keys: show in the hint bar and the help and work; a bad binding is refused before the
# screen opens; a terminal that is not UTF-8 gets a clear message instead of garbage.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib_tmux.sh"

"$WANGGE" import "$ROOT/config/sample/lianhu-sample.yaml" >"$T/import.out" 2>&1 || fail "import"

LC_ALL=C LANG=C "$WANGGE" >"$T/c.out" 2>"$T/c.err" </dev/null
check "a non-UTF-8 locale is refused with status 1" test $? -eq 1
expect_grep "saying what to do" "LANG=C.UTF-8" "$T/c.err"

printf 'version: 1\nkeys:\n  fly: x\n' >"$T/bad.yaml"
expect_status "an unknown action under keys: stops before the screen" 1 "$WANGGE" --config "$T/bad.yaml"
expect_grep "naming it" "fly" "$T/err"
printf 'version: 1\nkeys:\n  visit: Hyper-V\n' >"$T/bad2.yaml"
expect_status "an unknown key name is refused" 1 "$WANGGE" --config "$T/bad2.yaml"
expect_grep "naming it" "Hyper-V" "$T/err"

printf 'version: 1\nkeys:\n  visit: V\n  lock: F12\n' >"$T/keys.yaml"
screen_start a 100 30 --config "$T/keys.yaml"
screen_login a WS002 secret1 first || fail "log in"
expect_screen "the hint bar shows the rebound lock key" a "F12 lock"
screen_type a 9031; screen_keys a Enter
expect_screen "the card opens" a "Residents (2)"
expect_screen "the hint bar shows the rebound visit key" a "V visit"
screen_keys a v
check "the old key does nothing" sh -c "sleep 0.5; ! tmux -L '$TMUX_SOCKET' capture-pane -p -t a | grep -q 'Outcome:'"
screen_keys a V
expect_screen "the new key opens the visit form" a "Outcome:"
screen_keys a Escape
screen_keys a '?'
screen_wait a "Everywhere" >/dev/null
screen_keys a PgDn   # the card's keys come after the global ones
expect_screen "the help lists the keys as rebound" a "V             record a visit"
screen_keys a Escape
screen_keys a F12
expect_screen "F12 locks" a "Screen locked"
screen_keys a F10
check "quits with status 0" test "$(screen_exit a)" = 0
expect_no_grep "no sanitizer report" "Sanitizer" "$T/a.err"
finish
