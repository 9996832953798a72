#!/bin/sh
# The audit screen (F9): the audit log newest first for admins, narrowed to one operator
# (w) and to dates (d); v walks the hash chain and shows the first broken row after a
# row is edited with the sqlite3 shell. Workers are refused with a clear message once
# the database has an admin with a password (before that, whoever sets it up may look:
# access.h).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib_tmux.sh"
export WANGGE_TODAY=2026-03-16
"$WANGGE" import "$ROOT/config/sample/lianhu-sample.yaml" >"$T/import.out" 2>&1 ||
	{ fail "import the sample"; sed 's/^/#   /' "$T/import.out"; finish; exit 1; }
q() { sqlite3 "$WANGGE_DB" "$1"; }

# no admin yet: the bootstrap rule lets the first operator look
screen_start a 80 24
screen_login a WS002 secret1 first || fail "log in WS002"
screen_keys a F9
expect_screen "no admin yet: the audit screen opens for anyone" a "Audit log, newest first"
screen_keys a Escape
screen_keys a F10
screen_exit a >/dev/null

# an admin counts once they have a password: they log in first
"$WANGGE" worker role WS003 admin >"$T/role.out" 2>&1 && ok "WS003 made an admin" ||
	fail "worker role: $(cat "$T/role.out")"

screen_start c 80 24
screen_login c WS003 secret3 first || fail "log in WS003"
screen_keys c F9
expect_screen "an admin opens the audit screen" c "Audit log, newest first · operator: everyone"
expect_screen "the newest row is the admin's look at the log" c "audit.view"
check "80×24: every line fits" screen_fits c 80
seqs=$(awk '$2 ~ /^2026-/ { print $1 }' "$T/c.screen" | head -3 | tr '\n' ' ')
set -- $seqs
[ $# -ge 3 ] && [ "$1" -gt "$2" ] && [ "$2" -gt "$3" ] && ok "rows newest first ($seqs)" ||
	fail "row order: $seqs"
total=$(q "SELECT count(*) FROM audit")
expect_screen "the title counts every row" c "· $total rows"

screen_type c w
expect_screen "w asks for an operator" c "Only the rows of operator"
screen_type c WS002; screen_keys c Enter
expect_screen "filtered to WS002" c "operator: WS002"
n2=$(q "SELECT count(*) FROM audit WHERE operator = 'WS002'")
expect_screen "with WS002's rows only ($n2)" c "· $n2 rows"
expect_not_screen "no rows of WS003" c "WS003 "
screen_type c w; screen_keys c BSpace BSpace BSpace BSpace BSpace Enter
expect_screen "an empty answer shows everyone again" c "operator: everyone"

screen_type c d
expect_screen "d asks for dates" c "Rows from to"
screen_type c "2020-01-01 2020-12-31"; screen_keys c Enter
expect_screen "a range without rows" c "No audit rows."
screen_type c d
screen_wait c "Rows from to" >/dev/null
i=0; while [ $i -lt 25 ]; do screen_keys c BSpace; i=$((i + 1)); done
screen_keys c Enter
expect_screen "an empty answer shows every day" c "· … – … ·"

screen_type c v
expect_screen "v: the chain verifies" c "Audit chain verified: intact."

# edit row 2 behind the program's back
q "DROP TRIGGER audit_no_update; UPDATE audit SET detail = 'edited' WHERE seq = 2;" ||
	fail "edit the row with sqlite3"
screen_type c v
expect_screen "after the edit v shows the broken chain at that row" c "AUDIT CHAIN BROKEN at row 2"
check "every line still fits" screen_fits c 80
screen_keys c F10
[ "$(screen_exit c)" = 0 ] && ok "quits cleanly" || fail "exit status"
screen_start b 80 24
screen_login b WS002 secret1 || fail "log in WS002 again"
screen_keys b F9
expect_screen "a worker is refused with a clear message" b "Only an admin may open the audit log"
expect_not_screen "and sees no audit rows" b "Audit log, newest first"
screen_keys b F10
screen_exit b >/dev/null

finish
