#!/bin/sh
# audit list | audit verify: the log reads back in order with its filters, only admins
# read it once there is one, and editing, deleting or slipping in a row with the sqlite3
# shell (triggers dropped first, as an attacker would) makes verify and check fail at
# that row.
. "$(dirname "$0")/../lib.sh"
unset WANGGE_PASSWORD WANGGE_NEW_PASSWORD WANGGE_NOW
sql() { db=$1; shift; sqlite3 -cmd ".timeout 10000" "$db" "$@"; }

"$WANGGE" worker list >/dev/null
sql "$WANGGE_DB" "INSERT INTO street VALUES ('S1', '青年路街道', NULL, NULL);
INSERT INTO community VALUES ('C1', 'S1', '示范社区', NULL);
INSERT INTO grid VALUES ('G1', 'C1', '第一网格', NULL, NULL);
INSERT INTO worker (id, name, role) VALUES ('WS001', '曾丽华', 'leader'), ('WS002', '单晓燕', 'worker');
INSERT INTO grid_worker VALUES ('G1', 'WS001'), ('G1', 'WS002');"

expect_output "an empty log verifies" \
	"审计日志完好: 共 0 行, 最后散列值 -" "$WANGGE" audit verify

# A few days of work, on a fixed clock.
WANGGE_NOW="2026-11-20 09:00:00" WANGGE_PASSWORD=shanxy1 "$WANGGE" worker passwd WS002 >/dev/null
WANGGE_NOW="2026-11-21 10:15:00" WANGGE_PASSWORD=shanxy1 "$WANGGE" --as WS002 worker list >/dev/null
WANGGE_NOW="2026-11-21 10:16:00" WANGGE_PASSWORD=wrong00 "$WANGGE" --as WS002 worker list 2>/dev/null
WANGGE_NOW="2026-11-22 08:00:00" WANGGE_PASSWORD=zenglh1 "$WANGGE" worker passwd WS001 >/dev/null
# a file name with a terminal escape in it must not reach the terminal raw
esc=$(printf '\033')
WANGGE_NOW="2026-11-22 08:30:00" "$WANGGE" backup "$T/b${esc}[2J.db" >/dev/null 2>&1
WANGGE_NOW="2026-11-23 17:45:00" "$WANGGE" worker role WS001 admin >/dev/null

cat >"$T/all" <<EOF
     1  2026-11-20 09:00:00  -  passwd  WS002  -
     2  2026-11-21 10:15:00  WS002  login  WS002  cli
     3  2026-11-21 10:16:00  WS002  login.fail  WS002  cli
     4  2026-11-22 08:00:00  -  passwd  WS001  -
     5  2026-11-22 08:30:00  -  backup  $T/b�[2J.db  -
     6  2026-11-23 17:45:00  -  worker.role  WS001  leader -> admin
EOF
# WS001 is now an admin with a password: reading the log needs --as WS001.
expect_status "once there is an admin, the log is not for everyone" 1 "$WANGGE" audit list
expect_grep "says to use --as" "--as" "$T/err"
expect_status "nor for a worker (whose login is logged all the same)" 1 \
	env WANGGE_NOW="2026-11-24 08:00:00" WANGGE_PASSWORD=shanxy1 "$WANGGE" --as WS002 audit list
expect_no_grep "and shows nothing" "passwd" "$T/out"
cat >>"$T/all" <<EOF
     7  2026-11-24 08:00:00  WS002  login  WS002  cli
     8  2026-11-24 09:00:00  WS001  login  WS001  cli
EOF
expect_output "audit list: every row in order, control characters replaced" "$T/all" \
	env WANGGE_NOW="2026-11-24 09:00:00" WANGGE_PASSWORD=zenglh1 "$WANGGE" --as WS001 audit list
# admin_list ARGS: audit list as the admin (on a clock in the future), without the
# admin's own login rows
admin_list() {
	WANGGE_NOW="2030-01-01 00:00:00" WANGGE_PASSWORD=zenglh1 "$WANGGE" --as WS001 \
		audit list "$@" | grep -v "WS001  login  WS001"
}
expect_output "--worker: that operator's rows" \
	"     2  2026-11-21 10:15:00  WS002  login  WS002  cli
     3  2026-11-21 10:16:00  WS002  login.fail  WS002  cli
     7  2026-11-24 08:00:00  WS002  login  WS002  cli" admin_list --worker WS002
expect_output "--from and --to take whole days" \
	"     4  2026-11-22 08:00:00  -  passwd  WS001  -
     5  2026-11-22 08:30:00  -  backup  $T/b�[2J.db  -" admin_list --from 2026-11-22 --to 2026-11-22
expect_output "--from alone" \
	"     6  2026-11-23 17:45:00  -  worker.role  WS001  leader -> admin
     7  2026-11-24 08:00:00  WS002  login  WS002  cli" admin_list --from 2026-11-23
expect_output "--to alone" \
	"     1  2026-11-20 09:00:00  -  passwd  WS002  -" admin_list --to 2026-11-20
expect_status "a date that is not one" 2 "$WANGGE" audit list --from 2026-13-01
expect_grep "says the format" "YYYY-MM-DD" "$T/err"
expect_status "an unknown option" 2 "$WANGGE" audit list --since 2026-11-01
expect_status "audit with no subcommand" 2 "$WANGGE" audit
check "audit --help" "$WANGGE" audit --help

check "the log as written verifies" "$WANGGE" audit verify
expect_grep "and says how many rows and the last hash" "审计日志完好" "$T/out"
rows=$(sql "$WANGGE_DB" "SELECT count(*) FROM audit")
last=$(sql "$WANGGE_DB" "SELECT hash FROM audit ORDER BY seq DESC LIMIT 1")
expect_grep "the last hash to write down" "共 $rows 行, 最后散列值 $last" "$T/out"

# ---- tampering, each on a fresh copy ----
"$WANGGE" backup "$T/clean.db" >/dev/null 2>&1
n=$(sql "$T/clean.db" "SELECT max(seq) FROM audit")
# tamper DESCRIPTION BAD-ROW SQL: after SQL (triggers dropped first), verify and check
# must both exit 1 naming row BAD-ROW.
tamper() {
	cp "$T/clean.db" "$T/evil.db"
	sql "$T/evil.db" "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; $3"
	expect_status "$1: audit verify fails" 1 "$WANGGE" --db "$T/evil.db" audit verify
	expect_grep "$1: at row $2" "第 $2 行" "$T/err"
	expect_status "$1: check fails too" 1 "$WANGGE" --db "$T/evil.db" check
	expect_grep "$1: check names row $2" "第 $2 行" "$T/err"
}
if sql "$T/clean.db" "UPDATE audit SET detail = 'x' WHERE seq = 3" 2>"$T/err"; then
	fail "with the triggers in place the shell cannot edit"
else ok "with the triggers in place the shell cannot edit"; fi
expect_grep "the trigger says why" "append-only" "$T/err"
tamper "a detail edited" 3 "UPDATE audit SET detail = 'screen' WHERE seq = 3"
tamper "an operator blanked" 2 "UPDATE audit SET operator = NULL WHERE seq = 2"
tamper "a time moved" 4 "UPDATE audit SET at = '2026-11-22 07:00:00' WHERE seq = 4"
tamper "a row deleted" 3 "DELETE FROM audit WHERE seq = 3"
tamper "a row deleted and the rest renumbered" 3 \
	"DELETE FROM audit WHERE seq = 3; UPDATE audit SET seq = seq - 1 WHERE seq > 3"
tamper "the first row deleted" 1 "DELETE FROM audit WHERE seq = 1"
tamper "the newest row deleted" "$n" "DELETE FROM audit WHERE seq = $n"
tamper "the newest row deleted with its record in meta" "$n" \
	"DELETE FROM audit WHERE seq = $n; DELETE FROM meta WHERE key LIKE 'audit.%'"
tamper "every row deleted" 1 "DELETE FROM audit"
tamper "a row slipped in at the end" "$((n + 1))" \
	"INSERT INTO audit SELECT seq + 1, at, operator, action, object, detail, hash, hash FROM audit WHERE seq = $n"
check "the untouched copy still passes check" "$WANGGE" --db "$T/clean.db" check

# ---- the limit: a log rewritten whole, and the kept hash that finds it ----
"$WANGGE" --db "$T/clean.db" audit verify >"$T/out" 2>&1
anchor=$(sed -n 's/.*--expect \([0-9]*:[0-9a-f]*\)`.*/\1/p' "$T/out")
expect_output "verify says what to keep" "$n:$(sql "$T/clean.db" "SELECT substr(hash, 1, 16) FROM audit WHERE seq = $n")" \
	echo "$anchor"
check "--expect with the kept hash passes on the untouched log" \
	"$WANGGE" --db "$T/clean.db" audit verify --expect "$anchor"
cp "$T/clean.db" "$T/evil.db"
sql "$T/evil.db" "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;
DELETE FROM audit; DELETE FROM meta WHERE key LIKE 'audit.%';"
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	[ "$(sql "$T/evil.db" "SELECT count(*) FROM audit")" -ge "$n" ] && break
	"$WANGGE" --db "$T/evil.db" backup "$T/evil-$i.db" >/dev/null 2>&1
done
check "a log rewritten whole by wangge itself verifies on its own (no secret key)" \
	"$WANGGE" --db "$T/evil.db" audit verify
expect_status "but not against the kept hash" 1 "$WANGGE" --db "$T/evil.db" audit verify --expect "$anchor"
expect_grep "which says so" "第 $n 行" "$T/err"
expect_status "--expect needs ROW:HASH" 2 "$WANGGE" audit verify --expect 3:abc

finish
