#!/bin/sh
# The day's work on the screen at 80×24: the first login sets the password, then find a
# household by pinyin initials, a Chinese substring, a door number and the last digits
# of an ID number; open its card (numbers masked), reveal one (audited), record a visit
# and see it with `wangge show`.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib_tmux.sh"

"$WANGGE" import "$ROOT/config/sample/lianhu-sample.yaml" >"$T/import.out" 2>&1 ||
	{ fail "import the sample"; sed 's/^/#   /' "$T/import.out"; finish; exit 1; }
HH=61010400190001-1-2-201   # 周𠮷 and 尉迟静

screen_start a 80 24
expect_screen "the program opens on the login screen" a "Worker (name, pinyin or id)"
screen_type a sxy
expect_screen "typing pinyin initials picks the worker" a "单晓燕"
expect_not_screen "others are filtered out" a "解放"
screen_keys a Enter
expect_screen "a worker without a password is asked to choose one" a "First login: choose your password."
screen_type a abc; screen_keys a Enter
expect_screen "a short password is refused" a "at least 6"
screen_type a secret1; screen_keys a Enter
screen_type a secret2; screen_keys a Enter
expect_screen "two different typings are refused" a "The two passwords differ"
screen_type a secret1; screen_keys a Enter
screen_wait a "Type it again" >/dev/null
screen_type a secret1; screen_keys a Enter
expect_screen "the first login sets the password and opens the home screen" a "Find:" 30
expect_screen "the title bar shows the operator" a "单晓燕"
expect_screen "the title bar shows the street" a "青年路街道"
expect_screen "the home screen lists today's work" a "Today's work"

screen_type a zgh
expect_screen "pinyin initials find 曾国华 (surname read zeng)" a "曾国华"
screen_keys a Escape
expect_screen "Esc clears the lookup line" a "Today's work"
screen_type a 尉迟
expect_screen "a Chinese substring finds the household" a "周𠮷"
screen_keys a Escape
screen_type a 1-2-201
expect_screen "a door number finds the household" a "周𠮷"
screen_keys a Escape
screen_type a 刘洋
expect_screen "another grid's restricted category shows as the neutral mark" a "重点关注 刘洋"
expect_not_screen "never as the category" a "吸毒"
screen_keys a Escape
screen_type a 欧阳振华
expect_screen "the operator's own grid shows the restricted category" a "社区矫正对象"
screen_keys a Escape
screen_type a 9031
expect_screen "the last 4 digits of an ID number find it" a "周𠮷"
screen_text a >"$T/find.screen"
check "results never show an ID number" sh -c "! grep -q 610104198811119031 '$T/find.screen'"
screen_keys a Enter
expect_screen "Enter opens the household card" a "Residents (2)"
expect_screen "the ID number is masked" a "6101**********9031"
expect_screen "the phone is masked" a "186****1001"
expect_not_screen "the full ID number is not shown" a "610104198811119031"

screen_keys a i
expect_screen "revealing asks why" a "Why do you need"
screen_type a "核对身份"; screen_keys a Enter
expect_screen "the revealed ID number is shown" a "610104198811119031"
"$WANGGE" audit list >"$T/audit.out" 2>&1
expect_grep "the reveal is in the audit log" "reveal" "$T/audit.out"
expect_grep "with its reason" "核对身份" "$T/audit.out"

screen_keys a v
expect_screen "v opens the visit form" a "Outcome:"
screen_keys a 1
for _ in 1 2 3 4 5 6 7 8 9 10 11 12; do screen_keys a Down; done
screen_type a "测试走访：一切正常"
screen_keys a C-s
expect_screen "the visit is saved" a "Visit saved."
expect_screen "and appears in the history at once" a "测试走访：一切正常"
"$WANGGE" show "$HH" >"$T/show.out" 2>&1
expect_grep "wangge show lists the visit" "测试走访：一切正常" "$T/show.out"
expect_grep "stamped with the operator" "单晓燕" "$T/show.out"

# a paper sheet keyed in later: yesterday's visit, nobody home
Y=$(date -d yesterday +%Y-%m-%d)
screen_keys a v
screen_wait a "Outcome:" >/dev/null
screen_keys a 2 Down Down
screen_keys a BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace
screen_type a "$Y"
expect_screen "the date is editable" a "Date: $Y"
screen_keys a C-s
expect_screen "the keyed-in visit is saved" a "$Y"
"$WANGGE" visit list --household "$HH" >"$T/visits.out" 2>&1
expect_grep "with its date" "$Y" "$T/visits.out"

screen_keys a Escape
expect_screen "Esc goes back to the home screen" a "Find:"
screen_keys a F1
expect_screen "F1 opens the help generated from the key table" a "look up a household"
screen_keys a G
expect_screen "G goes to its end (the keying section comes last)" a "save the line as a visit"
screen_keys a Escape
screen_wait a "Find: 9031" >/dev/null
screen_keys a Enter
screen_wait a "Residents (2)" >/dev/null
screen_keys a /
expect_screen "/ on the card goes to the lookup line" a "Find: 9031"
expect_not_screen "leaving the card" a "Residents (2)"
screen_keys a F10
check "F10 quits with status 0" test "$(screen_exit a)" = 0
expect_no_grep "no sanitizer report" "Sanitizer" "$T/a.err"
finish
