#!/bin/sh
# Printed sheets on the screen: F6 keys a filled-in sheet back in (one keystroke per
# outcome, digits tick items, a note, Enter saves and moves on, unfilled lines skipped);
# opening it again shows what was keyed and saves nothing twice. F4 prints tomorrow's
# sheet; without a printer it is kept and the path shown.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib_tmux.sh"
export WANGGE_TODAY=2026-03-16
"$WANGGE" import "$ROOT/config/sample/lianhu-sample.yaml" >"$T/import.out" 2>&1 ||
	{ fail "import the sample"; sed 's/^/#   /' "$T/import.out"; finish; exit 1; }
"$WANGGE" print checklist --grid 61010400190001 --date 2026-03-15 --format text --out "$T/sheet.txt" >"$T/out" 2>&1
SHEET=$(grep -oE '[0-9]{8}-[0-9A-F]{4}' "$T/out" | head -1)
[ -n "$SHEET" ] && ok "a sheet was printed ($SHEET)" || { fail "no sheet: $(cat "$T/out")"; finish; exit 1; }
q() { sqlite3 "$WANGGE_DB" "$1"; }

screen_start a 100 30
screen_login a WS002 secret1 first || fail "log in"
screen_keys a F6
expect_screen "F6 asks for the sheet id" a "sheet id"
screen_type a "$SHEET"; screen_keys a Enter
expect_screen "the keying screen opens on the sheet" a "Keying sheet $SHEET"
expect_screen "it lists the sheet's households in walking order" a "  1. "
screen_type a m; screen_type a 1; screen_keys a Enter
expect_screen "line 1 saved" a "saved"
screen_type a n; screen_keys a Enter
screen_keys a Enter
screen_type a r; screen_type a e
expect_screen "e asks for the note" a "Note for this line"
screen_type a "家里没人开门"; screen_keys a Enter
screen_keys a Enter
screen_wait a "3 saved" >/dev/null
expect_screen "the title counts three saved lines" a "3 saved"
[ "$(q "SELECT count(*) FROM visit WHERE sheet_id = '$SHEET'")" = 3 ] && ok "three visits in the database" ||
	fail "visits: $(q "SELECT sheet_line, outcome FROM visit WHERE sheet_id = '$SHEET'")"
got=$(q "SELECT sheet_line || ' ' || outcome || ' ' || at || ' ' || coalesce(created_by, '-') FROM visit WHERE sheet_id = '$SHEET' ORDER BY sheet_line" | tr '\n' ';')
[ "$got" = "1 met 2026-03-15 WS002;2 not_home 2026-03-15 WS002;4 refused 2026-03-15 WS002;" ] &&
	ok "outcomes, the sheet's date and the operator stamped; line 3 skipped" || fail "visits: $got"
[ "$(q "SELECT count(*) FROM visit_item i JOIN visit v ON v.id = i.visit_id WHERE v.sheet_id = '$SHEET' AND v.sheet_line = 1")" = 1 ] &&
	ok "digit 1 ticked the first item" || fail "items of line 1"
[ "$(q "SELECT note FROM visit WHERE sheet_id = '$SHEET' AND sheet_line = 4")" = "家里没人开门" ] &&
	ok "the note is kept" || fail "note of line 4"

screen_keys a Escape
screen_keys a F6
screen_wait a "sheet id" >/dev/null
screen_type a "$SHEET"; screen_keys a Enter
expect_screen "opened again, keyed lines say so" a "keyed before"
screen_type a m; screen_keys a Enter
[ "$(q "SELECT count(*) FROM visit WHERE sheet_id = '$SHEET'")" = 3 ] && ok "a keyed line is not saved twice" ||
	fail "visits after re-keying: $(q "SELECT count(*) FROM visit WHERE sheet_id = '$SHEET'")"
screen_keys a Escape

# Printing from the screen, with no scheduler to take the job.
screen_keys a F10
screen_exit a >/dev/null
CUPS_SERVER="$T/no-cups.sock"
export CUPS_SERVER
screen_start b 100 30
screen_login b WS002 secret1 || fail "log in again"
screen_keys b F4
expect_screen "F4 asks what to print" b "1 every household"
screen_type b 1; screen_keys b Enter
expect_screen "without a printer the sheet is kept and its path shown" b "kept as"
ls "$(dirname "$WANGGE_DB")"/sheets/*.pdf >/dev/null 2>&1 && ok "the PDF is beside the database" ||
	fail "no PDF in the sheets folder"
[ "$(q "SELECT count(*) FROM audit WHERE action = 'print' AND operator = 'WS002'")" = 1 ] &&
	ok "the print is audited with the operator" || fail "print audit rows"
finish
