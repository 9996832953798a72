#!/bin/sh
# Keying a printed checklist back in: the visits it yields, keying twice, mistakes.
. "$(dirname "$0")/../lib.sh"
export WANGGE_TODAY=2026-03-16
GRID=61010400190001
$WANGGE import "$ROOT/config/sample/lianhu-sample.yaml" >/dev/null 2>&1 || { fail "sample imports"; finish; exit 1; }
$WANGGE print checklist --grid $GRID --date 2026-03-15 --out "$T/sheet.txt" --format text >"$T/out" 2>&1
SHEET=$(grep -oE '[0-9]{8}-[0-9A-F]{4}' "$T/out" | head -1)
[ -n "$SHEET" ] && ok "printing gives a sheet id ($SHEET)" || { fail "no sheet id: $(cat "$T/out")"; finish; exit 1; }
expect_grep "the sheet id is printed on the sheet" "$SHEET" "$T/sheet.txt"

line_hh() { sqlite3 "$WANGGE_DB" "SELECT household_id FROM sheet_line WHERE sheet_id = '$SHEET' AND line = $1"; }
visits() { sqlite3 "$WANGGE_DB" "SELECT count(*) FROM visit WHERE sheet_id = '$SHEET'"; }

cat >"$T/lines" <<'L'
# line outcome items note
1 m 1,2 腿脚不便，需要助餐
2 n
4 见到本人 - 家中有人生病
5 r
L
expect_status "keying four lines" 0 $WANGGE key "$SHEET" <"$T/lines"
expect_grep "summary counts" "4" "$T/out"
[ "$(visits)" = 4 ] && ok "four visits saved" || fail "visits: $(visits)"
h1=$(line_hh 1)
got=$(sqlite3 "$WANGGE_DB" "SELECT outcome, at, note, sheet_line FROM visit WHERE sheet_id = '$SHEET' AND household_id = '$h1'")
[ "$got" = "met|2026-03-15|腿脚不便，需要助餐|1" ] && ok "line 1: met on the sheet's date with its note" || fail "line 1: $got"
items=$(sqlite3 "$WANGGE_DB" "SELECT count(*) FROM visit_item i JOIN visit v ON v.id = i.visit_id WHERE v.sheet_id = '$SHEET' AND v.sheet_line = 1")
[ "$items" = 2 ] && ok "line 1: two items ticked" || fail "line 1 items: $items"
sqlite3 "$WANGGE_DB" "SELECT items FROM sheet_line WHERE sheet_id = '$SHEET' AND line = 1" | head -2 | sort >"$T/printed"
sqlite3 "$WANGGE_DB" "SELECT item FROM visit_item i JOIN visit v ON v.id = i.visit_id WHERE v.sheet_id = '$SHEET' AND v.sheet_line = 1" | sort >"$T/ticked"
[ -s "$T/printed" ] && cmp -s "$T/printed" "$T/ticked" && ok "items 1 and 2 are the sheet's first two items" ||
	{ fail "ticked items differ from the printed ones"; diff "$T/printed" "$T/ticked" | sed 's/^/#   /'; }
met=$(sqlite3 "$WANGGE_DB" "SELECT count(*) FROM visit_resident vr JOIN visit v ON v.id = vr.visit_id WHERE v.sheet_id = '$SHEET' AND v.sheet_line = 1")
[ "$met" -ge 1 ] && ok "met: the tagged resident counts as met" || fail "no resident met on line 1"
o2=$(sqlite3 "$WANGGE_DB" "SELECT outcome FROM visit WHERE sheet_id = '$SHEET' AND sheet_line = 2")
[ "$o2" = not_home ] && ok "n is nobody home" || fail "line 2: $o2"
o5=$(sqlite3 "$WANGGE_DB" "SELECT outcome FROM visit WHERE sheet_id = '$SHEET' AND sheet_line = 5")
[ "$o5" = refused ] && ok "r is refused" || fail "line 5: $o5"

expect_status "keying the same sheet again" 0 $WANGGE key "$SHEET" <"$T/lines"
[ "$(visits)" = 4 ] && ok "keying twice adds nothing" || fail "visits after keying twice: $(visits)"
expect_grep "says the lines were keyed before" "此前已回填" "$T/out"

printf '3 x\n' | $WANGGE key "$SHEET" --date 2026-03-16 >"$T/out" 2>&1
d3=$(sqlite3 "$WANGGE_DB" "SELECT outcome || ' ' || at FROM visit WHERE sheet_id = '$SHEET' AND sheet_line = 3")
[ "$d3" = "moved_out 2026-03-16" ] && ok "--date changes the visit date" || fail "line 3: $d3"

# Mistakes: nothing is saved when any line is wrong.
printf '6 m\n7 q\n' >"$T/bad"
expect_status "an unknown outcome is refused" 1 $WANGGE key "$SHEET" <"$T/bad"
expect_grep "names the input line" "2" "$T/err"
[ "$(visits)" = 5 ] && ok "nothing saved when a line is wrong" || fail "visits: $(visits)"
printf '99 m\n' >"$T/bad"
expect_status "a line not on the sheet is refused" 1 $WANGGE key "$SHEET" <"$T/bad"
printf '6 m 42\n' >"$T/bad"
expect_status "an item not on the sheet is refused" 1 $WANGGE key "$SHEET" <"$T/bad"
expect_status "an unknown sheet" 1 $WANGGE key 19990101-0000 </dev/null
expect_status "no sheet id is a usage error" 2 $WANGGE key
finish
