#!/bin/sh
# The 统计 screen at 80×24: F8 shows the figures of `wangge report` for the operator's
# grid this month; 1 2 3 switch the scope (grid, community, street), m l y the range and
# d asks for dates; the bar charts line up with Chinese labels and every line fits the
# terminal; restricted categories are merged under 重点关注 where the operator may not
# see them (a worker's own grid shows them, the whole street does not).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib_tmux.sh"
export WANGGE_TODAY=2026-03-16
"$WANGGE" import "$ROOT/config/sample/lianhu-sample.yaml" >"$T/import.out" 2>&1 ||
	{ fail "import the sample"; sed 's/^/#   /' "$T/import.out"; finish; exit 1; }
# two households of grid 1 met this month, one of grid 2 last month
"$WANGGE" visit add 61010400190001-1-1-101 --outcome met --date 2026-03-02 --worker WS002 >/dev/null 2>&1 || fail "visit 1"
"$WANGGE" visit add 61010400190001-1-1-102 --outcome met --date 2026-03-05 --worker WS002 >/dev/null 2>&1 || fail "visit 2"
"$WANGGE" visit add 61010400190002-5-1-301 --outcome met --date 2026-02-10 --worker WS004 >/dev/null 2>&1 || fail "visit 3"

# lines from the first one starting with $1 up to the next empty line
section() { awk -v t="$1" 'index($0, t) == 1 { on = 1; next } on && /^ *$/ { exit } on' "$T/a.screen"; }
# every bar line of a section starts its bar (or its value, when the bar is empty) in
# the same column
aligned() {
	section "$1" | sed 's/ *$//' | awk 'NF' >"$T/chart"
	[ -s "$T/chart" ] || return 1
	n=$(sed -E 's/ #* [0-9]+$//' "$T/chart" | while IFS= read -r l; do printf '%s\n' "$l" | wc -L; done | sort -u | wc -l)
	[ "$n" -eq 1 ]
}

screen_start a 80 24
screen_login a WS002 secret1 first || fail "log in"
screen_keys a F8
expect_screen "F8 opens the figures of the operator's grid" a "Figures (统计): grid 示范第一网格"
expect_screen "this month by default" a "this month 2026-03-01 – 2026-03-16"
expect_screen "households and residents as in wangge report" a "Households 14 · residents 22"
expect_screen "visit coverage of the grid: 2 of 14 met" a "Visit coverage (入户率) 14.3% (2/14)"
expect_screen "no incidents: rates with nothing to divide are —" a "Mediation (调解率) — (0/0)"
expect_screen "the category chart" a "Residents per category"
expect_screen "the operator's own grid shows its restricted category" a "社区矫正对象"
check "80×24: every line fits" screen_fits a 80
check "the category bars line up" aligned "Residents per category"

screen_type a 3
expect_screen "3: the whole street" a "Figures (统计): street 青年路街道"
expect_screen "street: households of both grids" a "Households 30"
expect_screen "street: restricted categories merged for a worker of one grid" a "重点关注"
expect_not_screen "street: the restricted name is not shown" a "社区矫正对象"
check "street: every line fits" screen_fits a 80
i=0
while [ $i -lt 6 ] && ! { screen_text a | grep -q "示范第二网格"; }; do screen_keys a Down; sleep 0.2; i=$((i + 1)); done
expect_screen "Down scrolls to the coverage chart per grid" a "示范第二网格"
expect_screen "with its title" a "Visit coverage per grid (%)"
expect_screen "a label too wide loses its start, not the grid's name" a "…路示范社区示范第二网格"
check "the per-grid bars line up" aligned "Visit coverage per grid (%)"
check "after scrolling every line fits" screen_fits a 80

screen_type a 2
expect_screen "2: the community" a "Figures (统计): community 青年路示范社区"
screen_type a 1
expect_screen "1: back to the grid" a "Figures (统计): grid 示范第一网格"
screen_type a l
expect_screen "l: last month" a "last month 2026-02-01 – 2026-02-28"
expect_screen "last month nothing was met in grid 1" a "Visit coverage (入户率) 0.0% (0/14)"
screen_type a 3
expect_screen "street last month: the visit in grid 2" a "Visit coverage (入户率) 3.3% (1/30)"
screen_type a y
expect_screen "y: this year" a "this year 2026-01-01 – 2026-03-16"
expect_screen "this year on the street: three households met" a "(3/30)"
screen_type a d
expect_screen "d asks for the dates" a "Figures from to"
screen_keys a C-u 2>/dev/null
i=0; while [ $i -lt 25 ]; do screen_keys a BSpace; i=$((i + 1)); done
screen_type a "2026-03-03 2026-03-31"; screen_keys a Enter
expect_screen "typed dates" a "typed dates 2026-03-03 – 2026-03-31"
expect_screen "from the 3rd only the visit of the 5th counts" a "(1/30)"
check "typed dates: every line fits" screen_fits a 80

# the numbers agree with the command line (as WS002, whose password is set)
WANGGE_PASSWORD=secret1 "$WANGGE" --as WS002 report --from 2026-03-03 --to 2026-03-31 >"$T/rep.txt" 2>&1
grep -q " 3.3% (1/30)" "$T/rep.txt" && ok "wangge report gives the same coverage" ||
	{ fail "wangge report disagrees"; sed 's/^/#   /' "$T/rep.txt" | head -12; }
screen_keys a Escape
expect_screen "Esc goes back home" a "Find:"
screen_keys a F10
[ "$(screen_exit a)" = 0 ] && ok "quits cleanly" || fail "exit status"

# the community's leader sees the restricted categories of every grid in it
screen_start l 80 24
screen_login l WS001 secret0 first || fail "log in the leader"
screen_keys l F8
screen_wait l "Figures (统计)" >/dev/null
screen_type l 2
expect_screen "the leader's community" l "Figures (统计): community 青年路示范社区"
expect_screen "the leader sees the restricted category by name" l "社区矫正对象"
expect_not_screen "nothing merged under the neutral mark" l "重点关注"
screen_keys l F10
screen_exit l >/dev/null

# the same screen in Chinese still fits 80 columns
if [ -f "$ROOT/$BUILD/locale/zh_CN/LC_MESSAGES/wangge.mo" ]; then
	SCREEN_LANGUAGE=zh_CN
	screen_start z 80 24
	screen_wait z "WS002" 5 >/dev/null
	screen_type z WS002; screen_keys z Enter
	sleep 0.3
	screen_type z secret1; screen_keys z Enter
	screen_wait z "单晓燕" 30 >/dev/null
	screen_keys z F8
	expect_screen "in Chinese: the 统计 screen" z "统计：网格 示范第一网格"
	check "in Chinese: every line fits 80 columns" screen_fits z 80
	cp "$T/z.screen" "$T/a.screen"
	check "in Chinese: the category bars line up" aligned "各类人员"
else
	ok "# SKIP Chinese catalogue not built ($BUILD/locale)"
fi
finish
