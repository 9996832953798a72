#!/bin/sh
# Browse by place: street → community → grid → building → unit → households, with the
# number of households at each level; Enter goes down, Esc up; a household opens its card.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib_tmux.sh"

"$WANGGE" import "$ROOT/config/sample/lianhu-sample.yaml" >"$T/import.out" 2>&1 || fail "import"

screen_start a 80 24
screen_login a WS002 secret1 first || fail "log in"
screen_keys a F3
expect_screen "F3 lists the streets with their households" a "30 hh"
screen_keys a Enter
expect_screen "Enter goes down to the communities" a " 青年路示范社区 "
screen_keys a Enter
expect_screen "then the grids, each with its count" a "示范第二网格"
expect_screen "14 households in the first grid" a "14 hh"
screen_keys a Enter
expect_screen "then the buildings" a "三号平房"
screen_keys a Enter
expect_screen "then the units" a "unit 1"
screen_keys a Down Enter
expect_screen "then the households, with the head" a "周𠮷"
screen_keys a Down Down Enter
expect_screen "Enter on a household opens its card" a "Residents (2)"
screen_keys a Escape
expect_screen "Esc comes back to the households" a "unit 2"
screen_keys a Escape Escape
expect_screen "Esc goes up a level at a time" a "三号平房"
check "the browse screen fits in 80 columns" screen_fits a 80
tm resize-window -t a -x 40 -y 12
expect_screen "at 40 columns the path keeps its end" a "示范第一网格"
check "and fits in 40 columns" screen_fits a 40
screen_keys a Escape Escape Escape Escape
expect_screen "Esc at the top goes back home" a "Find:"
screen_keys a F10
check "quits with status 0" test "$(screen_exit a)" = 0
expect_no_grep "no sanitizer report" "Sanitizer" "$T/a.err"
finish
