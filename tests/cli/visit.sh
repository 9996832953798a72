#!/bin/sh
# visit add / visit list: what is recorded and shown back, what is refused (and then
# nothing is written), sheet lines keyed once, scope of --as, and writers that never
# fail with "database is locked" while an import holds the database.
. "$(dirname "$0")/../lib.sh"
unset WANGGE_PASSWORD
export WANGGE_TODAY=2026-11-24 WANGGE_NOW="2026-11-24 09:30:00"
H=61010400190001-1-1-202      # 解建军's family of five (grid 1)
SUN=61010400190002-5-1-402    # 孙桂芳 alone (grid 2)
UUID='^[0-9a-f]\{8\}-[0-9a-f]\{4\}-4[0-9a-f]\{3\}-[89ab][0-9a-f]\{3\}-[0-9a-f]\{12\}$'
visits() { sqlite3 "$WANGGE_DB" "SELECT count(*) FROM visit"; }

check "the sample grid file imports" "$WANGGE" import "$ROOT/config/sample/lianhu-sample.yaml"
expect_output "no visits yet" "没有走访记录。" "$WANGGE" visit list

check "visit add with kind, residents (name and number), items, note and worker" \
	"$WANGGE" visit add $H --kind 回访 --resident 李桂兰 --resident 1 --item 身体状况 \
	--item 低保材料 --note "血压偏高, 已提醒复查" --worker WS002
if grep -q "$UUID" "$T/out" && [ "$(wc -l <"$T/out")" -eq 1 ]; then ok "prints the new visit's id (a UUID)"; else
	fail "prints the new visit's id: $(cat "$T/out")"; fi
first=$(cat "$T/out")
check "a nobody-home attempt on an earlier day, by code" \
	"$WANGGE" visit add $H --outcome not_home --date 2026-11-01 --worker WS003

cat >"$T/list" <<'OUT'
日期        户号                    类型  结果      网格员  见到            备注
2026-11-24  61010400190001-1-1-202  回访  见到本人  单晓燕  解建军, 李桂兰  血压偏高, 已提醒复查
2026-11-01  61010400190001-1-1-202  走访  无人      解放
OUT
expect_output "visit list --household: latest first, names from the configuration" \
	"$T/list" "$WANGGE" visit list --household $H
cat >"$T/show" <<'OUT'
走访（2）
  日期        类型  结果      网格员  见到            事项                备注
  2026-11-24  回访  见到本人  单晓燕  解建军, 李桂兰  低保材料, 身体状况  血压偏高, 已提醒复查
  2026-11-01  走访  无人      解放
OUT
"$WANGGE" show $H | tail -4 >"$T/got"
if cmp -s "$T/show" "$T/got"; then ok "show lists the visits with items"; else
	fail "show lists the visits"; diff -u "$T/show" "$T/got" | sed 's/^/#   /'; fi
cat >"$T/w3" <<'OUT'
日期        户号                    类型  结果  网格员  见到  备注
2026-11-01  61010400190001-1-1-202  走访  无人  解放
OUT
expect_output "visit list --worker" "$T/w3" "$WANGGE" visit list --worker WS003
expect_output "visit list --from/--to bound the days" "$T/w3" \
	"$WANGGE" visit list --from 2026-10-01 --to 2026-11-23
expect_output "visit list outside every visit" "没有走访记录。" \
	"$WANGGE" visit list --household $H --from 2026-11-02 --to 2026-11-23
n=$(sqlite3 "$WANGGE_DB" "SELECT count(*) FROM visit_resident vr JOIN resident r ON r.id = vr.resident_id
	WHERE vr.visit_id = '$first' AND r.name IN ('解建军', '李桂兰')")
if [ "$n" = 2 ]; then ok "the residents met are stored"; else fail "residents met: $n"; fi

# One person living there: "met" means them.
check "visit add to someone living alone" "$WANGGE" visit add $SUN
n=$(sqlite3 "$WANGGE_DB" "SELECT count(*) FROM visit_resident vr JOIN resident r ON r.id = vr.resident_id
	JOIN visit v ON v.id = vr.visit_id WHERE v.household_id = '$SUN' AND r.name = '孙桂芳'")
if [ "$n" = 1 ]; then ok "met without names: the one resident counts as met"; else fail "met: $n"; fi

# ---- refused, and nothing written ----
before=$(visits)
expect_status "a date after today is refused" 1 "$WANGGE" visit add $H --date 2026-11-25
expect_grep "and says why" "2026-11-25" "$T/err"
expect_status "a date that does not exist is refused" 1 "$WANGGE" visit add $H --date 2026-02-30
expect_status "an unknown outcome is refused" 1 "$WANGGE" visit add $H --outcome maybe
expect_grep "listing the outcomes" "not_home" "$T/err"
expect_status "an unknown kind is refused" 1 "$WANGGE" visit add $H --kind party
expect_grep "listing the kinds" "routine (走访)" "$T/err"
expect_status "a resident not living there is refused" 1 "$WANGGE" visit add $H --resident 孙桂芳
expect_grep "naming the household" "$H" "$T/err"
expect_status "an unknown worker is refused" 1 "$WANGGE" visit add $H --worker W999
expect_status "an unknown household is refused" 1 "$WANGGE" visit add 61010400190009-1-101
expect_status "no household: usage error" 2 "$WANGGE" visit add
expect_status "--line without --sheet: usage error" 2 "$WANGGE" visit add $H --line 3
expect_status "a bad --line: usage error" 2 "$WANGGE" visit add $H --sheet S1 --line x
expect_status "unknown option: usage error" 2 "$WANGGE" visit add $H --mood good
expect_status "no subcommand: usage error" 2 "$WANGGE" visit
expect_status "visit list with a bad date: usage error" 2 "$WANGGE" visit list --from yesterday
if [ "$(visits)" = "$before" ]; then ok "nothing was written by the refused ones"; else
	fail "visits went from $before to $(visits)"; fi

# ---- a printed sheet line is keyed once ----
check "sheet S1 line 3" "$WANGGE" visit add $H --sheet S1 --line 3 --outcome 拒访
id=$(cat "$T/out")
expect_output "keying the same line again: the same visit, nothing added" "$id" \
	"$WANGGE" visit add $H --sheet S1 --line 3 --outcome 拒访
expect_grep "and it says so" "S1" "$T/err"
n=$(sqlite3 "$WANGGE_DB" "SELECT count(*) FROM visit WHERE sheet_id = 'S1'")
if [ "$n" = 1 ]; then ok "one visit for the sheet line"; else fail "sheet line visits: $n"; fi

# ---- --as: the worker records in their own grid only ----
check "WS004 (grid 2) gets a password" env WANGGE_PASSWORD=secret1 "$WANGGE" worker passwd WS004
expect_status "--as a worker of another grid: refused" 1 \
	env WANGGE_PASSWORD=secret1 "$WANGGE" --as WS004 visit add $H
check "--as the grid's worker" env WANGGE_PASSWORD=secret1 "$WANGGE" --as WS004 visit add $SUN \
	--outcome 见到本人 --kind followup
id=$(cat "$T/out")
row=$(sqlite3 "$WANGGE_DB" "SELECT worker_id || ' ' || coalesce(created_by, '-') || ' ' || kind FROM visit WHERE id = '$id'")
if [ "$row" = "WS004 WS004 followup" ]; then ok "the actor is the visit's worker and its operator"; else
	fail "worker/operator/kind: $row"; fi
n=$(sqlite3 "$WANGGE_DB" "SELECT count(*) FROM audit WHERE action = 'visit.add'")
if [ "$n" = "$(visits)" ]; then ok "every visit has its audit row"; else fail "audit rows $n, visits $(visits)"; fi
check "the audit chain holds" "$WANGGE" audit verify

# ---- concurrent writers while an import holds the database ----
GEN=$ROOT/$BUILD/gengrid
if [ -x "$GEN" ]; then
	"$GEN" --households 500 --seed 7 >"$T/big.yaml" 2>/dev/null
	before=$(visits)
	( "$WANGGE" import "$ROOT/config/sample/lianhu-sample.yaml" "$T/big.yaml" >"$T/imp.out" 2>"$T/imp.err"
	  echo $? >"$T/imp.rc" ) &
	for w in 1 2 3 4; do
		(
			i=0
			while [ $i -lt 5 ]; do
				"$WANGGE" visit add $SUN --note "writer $w visit $i" >>"$T/w$w.out" 2>>"$T/w$w.err" ||
					echo "writer $w visit $i failed" >>"$T/w$w.fail"
				i=$((i + 1))
			done
		) &
	done
	( for i in 1 2 3 4 5; do "$WANGGE" stats >/dev/null 2>>"$T/reader.err" || echo fail >>"$T/reader.fail"; done ) &
	wait
	fails=$(cat "$T"/w*.fail 2>/dev/null | wc -l)
	if [ "$fails" -eq 0 ]; then ok "4 writers: every visit add succeeded"; else
		fail "$fails visit adds failed"; cat "$T"/w*.err | sort | uniq -c | head -5 | sed 's/^/#   /'; fi
	if cat "$T"/w*.err "$T/reader.err" "$T/imp.err" | grep -qi "locked"; then
		fail "someone reported the database locked"; else ok "nobody failed with database is locked"; fi
	saved=$(cat "$T"/w*.out | grep -c "$UUID")
	if [ "$saved" -eq 20 ] && [ "$(visits)" -eq $((before + 20)) ]; then ok "20 reported saved, 20 stored"; else
		fail "reported $saved, stored $(( $(visits) - before ))"; fi
	if [ ! -f "$T/reader.fail" ]; then ok "the reader never failed"; else fail "stats failed while others wrote"; fi
	if [ "$(cat "$T/imp.rc")" = 0 ]; then ok "the import finished"; else
		fail "the import failed: $(tail -3 "$T/imp.err")"; fi
	expect_output "the database is intact" "ok" sqlite3 "$WANGGE_DB" "PRAGMA integrity_check"
else
	fail "$GEN is built (make BUILD=$BUILD $BUILD/gengrid)"
fi

check "visit --help" "$WANGGE" visit --help
expect_grep "help shows both subcommands" "visit list" "$T/out"
finish
