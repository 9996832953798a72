#!/bin/sh
# Two operators on one database at once (two terminals): a visit saved in one shows in
# the other when it changes screen; both keep working.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib_tmux.sh"

"$WANGGE" import "$ROOT/config/sample/lianhu-sample.yaml" >"$T/import.out" 2>&1 || fail "import"
HH=61010400190001-1-2-201

screen_start a 80 24
screen_start b 100 30
screen_login a WS002 secret1 first || fail "log in as WS002 in the first terminal"
screen_login b WS003 secret2 first || fail "log in as WS003 in the second terminal"
expect_screen "the first terminal is WS002's" a "单晓燕"
expect_screen "the second terminal is WS003's" b "解放"

screen_type b 9031; screen_keys b Enter
expect_screen "the second opens the card" b "Residents (2)"
expect_screen "no visits yet" b "Visits (0"

screen_type a 9031; screen_keys a Enter
expect_screen "the first opens the same card" a "Residents (2)"
screen_keys a v
screen_wait a "Outcome:" >/dev/null
screen_keys a 2
screen_keys a C-s
expect_screen "the first saves a visit (nobody home)" a "Visit saved."

screen_keys b v
screen_wait b "Outcome:" >/dev/null
screen_keys b Escape
expect_screen "the second sees it on coming back to the card" b "Visits (1"
expect_screen "with the first operator's name" b "单晓燕"
screen_keys b v
screen_wait b "Outcome:" >/dev/null
screen_keys b C-s
expect_screen "the second saves its own visit" b "Visits (2"
screen_keys a F5
expect_screen "the first sees both after F5" a "Visits (2"

# both change the note; the second save is refused, naming who changed it
screen_keys b n
expect_screen "n asks for the household's note" b "The household's note"
screen_keys a n
screen_wait a "The household's note" >/dev/null
screen_keys a C-u
screen_type a "第一个人写的备注"
screen_keys a Enter
expect_screen "the first saves the note" a "Saved."
screen_keys b C-u
screen_type b "第二个人写的备注"
screen_keys b Enter
expect_screen "the second save is refused, saying who changed it" b "Not saved: WS002 changed this household at"
expect_screen "and the card shows the first one's note" b "第一个人写的备注"
"$WANGGE" show "$HH" >"$T/show2.out" 2>&1
expect_grep "the database keeps the first note" "第一个人写的备注" "$T/show2.out"
expect_no_grep "nothing was overwritten silently" "第二个人写的备注" "$T/show2.out"
"$WANGGE" visit list --household "$HH" >"$T/visits.out" 2>&1
check "both visits are stored" test "$(grep -c "$(date +%Y)-" "$T/visits.out")" -ge 2
screen_keys a F10
screen_keys b F10
check "the first quits with status 0" test "$(screen_exit a)" = 0
check "the second quits with status 0" test "$(screen_exit b)" = 0
expect_no_grep "no sanitizer report (first)" "Sanitizer" "$T/a.err"
expect_no_grep "no sanitizer report (second)" "Sanitizer" "$T/b.err"
finish
