#!/bin/sh
# backup FILE and check: a backup taken while other processes keep writing is a whole,
# private database whose audit log verifies; check finds broken files and never creates
# or changes what it checks.
. "$(dirname "$0")/../lib.sh"
unset WANGGE_PASSWORD WANGGE_NEW_PASSWORD WANGGE_NOW
sql() { db=$1; shift; sqlite3 -cmd ".timeout 10000" "$db" "$@"; }

"$WANGGE" worker list >/dev/null
# Some megabytes of households, so a backup takes more than one step.
sql "$WANGGE_DB" "INSERT INTO street VALUES ('S1', '青年路街道', NULL, NULL);
INSERT INTO community VALUES ('C1', 'S1', '示范社区', NULL);
INSERT INTO grid VALUES ('G1', 'C1', '第一网格', NULL, NULL);
INSERT INTO worker (id, name, role) VALUES ('WS001', '曾丽华', 'leader'), ('WS002', '单晓燕', 'worker');
INSERT INTO grid_worker VALUES ('G1', 'WS001'), ('G1', 'WS002');
INSERT INTO building (id, grid_code, code, name, walk_key) VALUES (1, 'G1', '1', '1号楼', '1');
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
INSERT INTO household (id, building_id, room, walk_key, note, created_at, updated_at)
SELECT 'H' || i, 1, i, printf('%08d', i), printf('%.200c', '户'), '2026-11-01', '2026-11-01' FROM n;"

expect_status "backup with no file is a usage error" 2 "$WANGGE" backup
check "backup --help" "$WANGGE" backup --help
check "check --help" "$WANGGE" check --help
expect_status "backup onto the database itself is refused" 1 "$WANGGE" backup "$WANGGE_DB"
expect_grep "says why" "就是数据库本身" "$T/err"
check "and the database is unharmed" "$WANGGE" check
expect_status "backup into a missing folder" 1 "$WANGGE" backup "$T/nowhere/b.db"
expect_grep "names the file" "$T/nowhere/b.db" "$T/err"
expect_output "nothing logged for a backup that could not start" "0" \
	sql "$WANGGE_DB" "SELECT count(*) FROM audit"

# ---- a quiet backup ----
check "backup" "$WANGGE" backup "$T/quiet.db"
expect_output "the copy is private (0600)" "600" stat -c %a "$T/quiet.db"
check "the copy is one file, no journal beside it" test ! -e "$T/quiet.db-wal"
check "the copy passes check" "$WANGGE" --db "$T/quiet.db" check
expect_output "check says what it checked" "数据库文件: 正常
审计日志: 正常, 共 1 行" "$WANGGE" --db "$T/quiet.db" check
expect_output "the copy holds its own backup row" "backup|$T/quiet.db" \
	sql "$T/quiet.db" "SELECT action, object FROM audit"
expect_output "and all the households" "20000" sql "$T/quiet.db" "SELECT count(*) FROM household"

# ---- backups while two other processes keep writing ----
: >"$T/writer.fail"
# writer 1: role changes through wangge, each an update and an audit row in one transaction
(
	i=0
	while [ ! -e "$T/stop" ]; do
		role=worker; [ $((i % 2)) -eq 0 ] && role=leader
		"$WANGGE" worker role WS002 $role >/dev/null 2>>"$T/writer.fail.log" ||
			echo "wangge worker role failed" >>"$T/writer.fail"
		i=$((i + 1))
	done
	echo $i >"$T/writer1.count"
) &
w1=$!
# writer 2: the sqlite3 shell rewriting households in small transactions, so pages change
# under the backup all the time
(
	i=0
	while [ ! -e "$T/stop" ]; do
		sql "$WANGGE_DB" \
			"UPDATE household SET note = note || '$i', version = version + 1 WHERE id IN ('H$((i * 7 % 20000 + 1))', 'H$((i * 13 % 20000 + 1))');" \
			>/dev/null 2>>"$T/writer.fail.log" || echo "sqlite3 update failed" >>"$T/writer.fail"
		i=$((i + 1))
	done
	echo $i >"$T/writer2.count"
) &
w2=$!
# Let both get going (they leave files only once started).
i=0
while [ $i -lt 300 ] && [ "$(sql "$WANGGE_DB" "SELECT count(*) FROM audit WHERE action = 'worker.role'")" -lt 2 ]; do
	sleep 0.1; i=$((i + 1))
done
for n in 1 2 3; do
	check "backup $n while others write" "$WANGGE" backup "$T/busy$n.db"
	check "backup $n passes check (integrity and audit chain)" "$WANGGE" --db "$T/busy$n.db" check
done
touch "$T/stop"
wait $w1 $w2
: >"$T/empty"
expect_output "no writer failed while the backups ran" "$T/empty" cat "$T/writer.fail"
check "the writers really wrote (wangge and sqlite3)" \
	test "$(cat "$T/writer1.count")" -gt 1 -a "$(cat "$T/writer2.count")" -gt 1
check "the database itself still passes check" "$WANGGE" check
check "the last backup caught some of the writing" \
	test "$(sql "$T/busy3.db" "SELECT count(*) FROM audit WHERE action = 'worker.role'")" -ge 1

# ---- check on broken files ----
expect_status "check of a missing file" 1 "$WANGGE" --db "$T/missing.db" check
check "does not create it" test ! -e "$T/missing.db"
printf 'not a database at all, just text\n' >"$T/text.db"
expect_status "check of a file that is not a database" 1 "$WANGGE" --db "$T/text.db" check
cp "$T/quiet.db" "$T/broken.db"
# scribble over the middle of the household table's pages
dd if=/dev/urandom of="$T/broken.db" bs=4096 seek=40 count=20 conv=notrunc 2>/dev/null
expect_status "check of a damaged database" 1 "$WANGGE" --db "$T/broken.db" check
expect_no_grep "does not claim the file is fine" "数据库文件: 正常" "$T/out"
cp "$T/quiet.db" "$T/before.db"
"$WANGGE" --db "$T/quiet.db" check >/dev/null 2>&1
check "check changes nothing in what it checks" cmp "$T/quiet.db" "$T/before.db"

finish
