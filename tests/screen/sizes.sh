#!/bin/sh
# The screen at 120×40, 80×24 and 40×12, and while the terminal is resized: Chinese
# text stays within the width (nothing cut mid-character, no line wider than the
# terminal); below 40×12 a clear message instead of a broken layout.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib_tmux.sh"

"$WANGGE" import "$ROOT/config/sample/lianhu-sample.yaml" >"$T/import.out" 2>&1 || fail "import"

# 40×12 from the start, in Chinese when the catalogue is built
SCREEN_LANGUAGE=zh_CN
screen_start small 40 12
if [ -f "$ROOT/$BUILD/locale/zh_CN/LC_MESSAGES/wangge.mo" ]; then
	expect_screen "40×12: the login screen speaks Chinese" small "网格员（姓名、拼音或工号）"
else
	ok "# SKIP Chinese catalogue not built ($BUILD/locale)"
fi
screen_type small WS002; screen_keys small Enter
screen_wait small "WS002" >/dev/null
screen_type small secret1; screen_keys small Enter
sleep 0.2
screen_type small secret1; screen_keys small Enter
expect_screen "40×12: logged in" small "单晓燕" 30
check "40×12: the home screen fits in 40 columns" screen_fits small 40
screen_type small 9031; screen_keys small Enter
expect_screen "40×12: the card shows the resident" small "周𠮷"
expect_screen "40×12: masked ID number on its own line" small "6101**********9031"
check "40×12: the card fits in 40 columns" screen_fits small 40
screen_keys small v
expect_screen "40×12: the visit form opens" small "[1 "
check "40×12: the form fits in 40 columns" screen_fits small 40
screen_keys small F10
check "40×12: quits with status 0" test "$(screen_exit small)" = 0

# 80×24, then resized while open
SCREEN_LANGUAGE=en
screen_start a 80 24
screen_login a WS002 secret1 || fail "log in again at 80×24"
screen_type a 尉迟
expect_screen "80×24: lookup shows the household" a "周𠮷"
check "80×24: fits in 80 columns" screen_fits a 80
tm resize-window -t a -x 120 -y 40
expect_screen "120×40: more of the address shows after a resize" a "(原省建三公司宿舍)"
check "120×40: fits in 120 columns" screen_fits a 120
tm resize-window -t a -x 40 -y 12
expect_screen "40×12 after a resize: still the lookup" a "Find: 尉迟"
check "40×12 after a resize: fits in 40 columns" screen_fits a 40
tm resize-window -t a -x 30 -y 10
expect_screen "30×10: says the window is too small" a "Window too small"
check "30×10: fits in 30 columns" screen_fits a 30
tm resize-window -t a -x 80 -y 24
expect_screen "back to 80×24: the screen is whole again" a "Find: 尉迟"
screen_keys a Enter
expect_screen "and keys work as before" a "Residents (2)"
screen_keys a F10
check "quits with status 0" test "$(screen_exit a)" = 0
expect_no_grep "no sanitizer report" "Sanitizer" "$T/a.err"
expect_no_grep "no sanitizer report (40×12)" "Sanitizer" "$T/small.err"
finish
