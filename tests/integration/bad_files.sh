#!/bin/sh
# Files that are not what they should be: each gets a clear message, nothing is
# overwritten.
. "$(dirname "$0")/../lib.sh"
SAMPLE="$ROOT/config/sample/lianhu-sample.yaml"

# Not a database: refused, left byte for byte as it was.
printf 'grid workers notes, not a database\n%.0s' $(seq 1 50) >"$T/notes.db"
cp "$T/notes.db" "$T/notes.orig"
expect_status "a text file is not taken for a database" 1 $WANGGE --db "$T/notes.db" stats
expect_grep "the message says so" "不是网格数据库" "$T/err"
cmp -s "$T/notes.db" "$T/notes.orig" && ok "the text file is untouched" || fail "the text file was changed"

# Another program's SQLite file.
sqlite3 "$T/other.db" "CREATE TABLE ledger(x); INSERT INTO ledger VALUES (42);"
expect_status "another program's SQLite file is refused" 1 $WANGGE --db "$T/other.db" import "$SAMPLE"
expect_grep "the message names another program" "其他程序" "$T/err"
[ "$(sqlite3 "$T/other.db" "SELECT count(*) FROM sqlite_master")" = 1 ] && ok "its tables are untouched" || fail "tables were added"

# A database from a newer wangge.
$WANGGE --db "$T/new.db" import "$SAMPLE" >/dev/null 2>&1
sqlite3 "$T/new.db" "PRAGMA user_version = 999"
before=$(sqlite3 "$T/new.db" "SELECT count(*) FROM household")
expect_status "a newer schema is refused" 1 $WANGGE --db "$T/new.db" stats
expect_grep "the message asks for the newer program" "更新版本" "$T/err"
[ "$(sqlite3 "$T/new.db" "PRAGMA user_version")" = 999 ] && ok "its version is untouched" || fail "version changed"
[ "$(sqlite3 "$T/new.db" "SELECT count(*) FROM household")" = "$before" ] && ok "its data is untouched" || fail "data changed"

# A folder that cannot be created (a file stands where it should be).
: >"$T/afile"
expect_status "a database under a plain file is a clear error" 1 $WANGGE --db "$T/afile/sub/w.db" stats
expect_grep "the message names the folder" "$T/afile" "$T/err"

# A read-only folder holding a database: reading works or fails clearly, never crashes.
mkdir -p "$T/ro"
$WANGGE --db "$T/ro/w.db" import "$SAMPLE" >/dev/null 2>&1
chmod 500 "$T/ro"; chmod 400 "$T/ro/w.db"
if [ "$(id -u)" -ne 0 ]; then
	expect_status "importing into a read-only database fails" 1 $WANGGE --db "$T/ro/w.db" import "$SAMPLE"
	grep -qE "只读|无法|权限" "$T/err" && ok "with a clear message" || fail "message: $(cat "$T/err")"
else
	ok "read-only folder: skipped as root, who can write anywhere"
fi
chmod 700 "$T/ro"; chmod 600 "$T/ro/w.db"

# A non-UTF-8 locale gets a clear message instead of garbage.
LC_ALL=C LANG=C $WANGGE --db "$T/new2.db" stats >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 1 ] && ok "non-UTF-8 locale refused with exit 1" || fail "non-UTF-8 locale: exit $rc"
expect_grep "the message says UTF-8" "UTF-8" "$T/err"
finish
