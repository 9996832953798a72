#!/bin/sh
# A full disk: import and record visits on a small filesystem that runs out of space.
# A clear message, a non-zero exit, and the database still opens with everything
# committed before intact.
. "$(dirname "$0")/../lib.sh"
if [ "$(id -u)" -ne 0 ]; then
	fail "full-disk test needs root to mount a small tmpfs"; finish; exit 1
fi
PLAIN="$ROOT/$BUILD/wangge"
[ -x "$PLAIN" ] || PLAIN=$WANGGE
mkdir -p "$T/small"
mount -t tmpfs -o size=3m tmpfs "$T/small" || { fail "mount a 3 MB tmpfs"; finish; exit 1; }
trap 'umount "$T/small" 2>/dev/null; rm -rf "$T"' EXIT
DB="$T/small/wangge.db"
"$ROOT/$BUILD/gengrid" --households 20000 --seed 3 >"$T/big.yaml"

expect_status "the sample fits" 0 $PLAIN --db "$DB" import "$ROOT/config/sample/lianhu-sample.yaml"
hh=$(sqlite3 "$DB" "SELECT h.id FROM household h WHERE departed_at IS NULL ORDER BY id LIMIT 1")
w=$(sqlite3 "$DB" "SELECT worker_id FROM grid_worker LIMIT 1")
expect_status "a visit is saved" 0 $PLAIN --db "$DB" visit add "$hh" --worker "$w" --kind routine --outcome met
before=$(sqlite3 "$DB" "SELECT (SELECT count(*) FROM household), (SELECT count(*) FROM resident), (SELECT count(*) FROM visit)")

expect_status "a large import on a full disk fails" 1 $PLAIN --db "$DB" import "$T/big.yaml"
expect_grep "the message says the disk is full" "磁盘已满" "$T/err"
after=$(sqlite3 "$DB" "SELECT (SELECT count(*) FROM household), (SELECT count(*) FROM resident), (SELECT count(*) FROM visit)")
[ "$before" = "$after" ] && ok "nothing of the failed import was stored" || fail "before $before, after $after"
[ "$(sqlite3 "$DB" "PRAGMA integrity_check")" = ok ] && ok "integrity ok after a full disk" || fail "integrity"

# Fill the disk to the last byte, then record visits until one fails.
dd if=/dev/zero of="$T/small/filler" bs=4k 2>/dev/null
n=0; rc=0
while [ $n -lt 200 ]; do
	$PLAIN --db "$DB" visit add "$hh" --worker "$w" --kind routine --outcome met --note "填满磁盘测试 $n" >/dev/null 2>"$T/err" || { rc=$?; break; }
	n=$((n + 1))
done
[ $rc -ne 0 ] && ok "recording a visit on a full disk fails ($n saved first)" || fail "200 visits saved on a full disk?"
grep -qE "磁盘已满|数据库" "$T/err" && ok "with a clear message" || { fail "unclear message"; sed 's/^/#   /' "$T/err"; }
rm -f "$T/small/filler"
saved=$(sqlite3 "$DB" "SELECT count(*) FROM visit")
[ "$saved" -ge $((n + 1)) ] && ok "every visit reported saved is there ($saved)" || fail "visits: $saved, reported $((n + 1))"
expect_status "the database opens and works again" 0 $PLAIN --db "$DB" stats
finish
