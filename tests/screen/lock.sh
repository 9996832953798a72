#!/bin/sh
# Idle lock on a shared PC: after the configured idle time the screen shows nothing
# personal; the same operator's password opens it where it was; another operator's
# login starts afresh under their name. Also the lock key.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib_tmux.sh"

"$WANGGE" import "$ROOT/config/sample/lianhu-sample.yaml" >"$T/import.out" 2>&1 || fail "import"
"$WANGGE" demo-setup >/dev/null 2>&1 || fail "demo-setup"
printf 'version: 1\nidle_lock_seconds: 3\n' >"$T/lock.yaml"

screen_start a 80 24 --config "$T/lock.yaml"
expect_screen "the demo database says how to get in" a "Demo database: type a worker id such as"
screen_login a WS002 secret1 first || fail "log in as WS002"
screen_type a 尉迟
screen_keys a Enter
expect_screen "the card is open" a "尉迟静"
expect_screen "after 3 idle seconds the screen locks" a "Screen locked" 20
expect_not_screen "a locked screen shows no resident" a "尉迟静"
expect_not_screen "nor the grid in focus" a "示范第一网格"
expect_screen "it says whose password opens it" a "Worker: 单晓燕 WS002"
screen_type a wrongpw; screen_keys a Enter
expect_screen "a wrong password keeps it locked" a "Wrong password"
expect_not_screen "still nothing personal" a "尉迟静"
screen_type a secret1; screen_keys a Enter
expect_screen "the same operator's password opens it where it was" a "尉迟静"

screen_keys a C-l
expect_screen "^L locks at once" a "Screen locked"
screen_keys a Escape
expect_screen "Esc lets someone else log in" a "Worker (name, pinyin or id)"
screen_type a WS003; screen_keys a Enter
screen_wait a "New password" >/dev/null
screen_type a other12; screen_keys a Enter
screen_wait a "Type it again" >/dev/null
screen_type a other12; screen_keys a Enter
expect_screen "another operator logs in" a "解放"
expect_not_screen "and starts afresh, not on the previous card" a "尉迟静"
"$WANGGE" audit list >"$T/audit.out" 2>&1
expect_grep "logins are audited" "login" "$T/audit.out"
expect_grep "so are screen locks, idle" "screen.lock  -  idle" "$T/audit.out"
expect_grep "and by key" "screen.lock  -  key" "$T/audit.out"
screen_keys a F10
check "quits with status 0" test "$(screen_exit a)" = 0
expect_no_grep "no sanitizer report" "Sanitizer" "$T/a.err"
finish
