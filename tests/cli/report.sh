#!/bin/sh
# wangge report: the sample grid with visits and incidents written straight into the
# tables (so this test depends on no other command than import), figures checked exactly
# in text, CSV and XLSX; scopes, ranges and usage errors.
. "$(dirname "$0")/../lib.sh"
unset WANGGE_PASSWORD WANGGE_NOW
export WANGGE_TODAY=2026-03-31
G1=61010400190001
G2=61010400190002
WANGGE_TODAY=2026-03-01 "$WANGGE" import "$ROOT/config/sample/lianhu-sample.yaml" >/dev/null 2>&1 ||
	fail "sample imports"
# Visits in March: 1-1-101 met 曾国华 twice (03-03, 03-09), 1-2-202 met 欧阳振华 03-06,
# 1-1-102 nobody home 03-05, 5-1-301 met 03-10 by WS004; one in February (not counted).
# Incidents: a dispute resolved on time and rated 满意, a dispute still open past its
# deadline, a hazard resolved late.
sqlite3 "$WANGGE_DB" <<'SQL' || fail "fixture inserts"
INSERT INTO visit (id, household_id, worker_id, kind, outcome, at, created_at) VALUES
 ('v1', '61010400190001-1-1-101', 'WS002', 'routine', 'met', '2026-03-03 10:00', 'x'),
 ('v2', '61010400190001-1-1-101', 'WS002', 'followup', 'met', '2026-03-09 10:00', 'x'),
 ('v3', '61010400190001-1-2-202', 'WS003', 'followup', 'met', '2026-03-06 10:00', 'x'),
 ('v4', '61010400190001-1-1-102', 'WS002', 'routine', 'not_home', '2026-03-05 10:00', 'x'),
 ('v5', '61010400190002-5-1-301', 'WS004', 'routine', 'met', '2026-03-10 10:00', 'x'),
 ('v6', '61010400190001-1-1-202', 'WS002', 'routine', 'met', '2026-02-10 10:00', 'x');
INSERT INTO visit_resident SELECT 'v1', id FROM resident WHERE name = '曾国华';
INSERT INTO visit_resident SELECT 'v2', id FROM resident WHERE name = '曾国华';
INSERT INTO visit_resident SELECT 'v3', id FROM resident WHERE name = '欧阳振华';
INSERT INTO incident (id, seq, type, level, status, grid_code, text, reported_at, deadline,
 rating, resolved_at, closed_at, updated_at) VALUES
 ('i1', 1, 'dispute', 'grid', 'closed', '61010400190001', '邻里噪音', '2026-03-02 10:00:00',
  '2026-03-09', 'satisfied', '2026-03-04 10:00:00', '2026-03-06 10:00:00', 'x'),
 ('i2', 2, 'dispute', 'community', 'in_progress', '61010400190001', '漏水', '2026-03-10 10:00:00',
  '2026-03-17', NULL, NULL, NULL, 'x'),
 ('i3', 3, 'hazard', 'grid', 'resolved', '61010400190002', '电线老化', '2026-03-01 10:00:00',
  '2026-03-04', NULL, '2026-03-07 10:00:00', NULL, 'x');
INSERT INTO incident_event (id, incident_id, at, action, to_status, rating) VALUES
 ('e1', 'i1', '2026-03-06 10:00:00', 'close', 'closed', 'satisfied');
SQL

# Grid 1: 14 households (3 vacant, 1 rented), 22 residents (19 registered); met in March:
# 1-1-101 and 1-2-202 -> 2/14. Follow-ups (every 7 days from 03-01): 曾国华 due 03-08 (met
# 03-03: on time), 03-10 (met 03-09: on time), 03-16 (late); 单秀英 and 赵老太 due 03-08
# (late) -> 2/5, overdue 3, the longest since 03-08: 23 days. Restricted, shown as 重点关注
# to nobody: 欧阳振华 due 03-08 (met 03-06: on time), 03-13 (late), 18 days overdue; 杨丽
# (every 30 days) not due yet. Incidents: 2 reported, 1 resolved on time in 2 days, 1 past
# its deadline; disputes taken on 2/2, resolved 1/2; 1 rating, 满意. Visits: 4 (v6 was in
# February, v5 in the other grid).
cat >"$T/grid.txt" <<'OUT'
统计：网格 示范第一网格，2026-03-01 至 2026-03-31（统计日 2026-03-31）

户数与人口（当前）
  户数               14
  人数               22
  户籍 / 非户籍      19 / 3
  空房               3
  出租               1
  入户率             14.3% (2/14)

特殊人群
  类别                    人数          按时回访率      逾期    最长逾期(天)
  独居/空巢老人              3         40.0% (2/5)         3              23
  留守儿童                   1             — (0/0)         0               0
  残疾人                     1             — (0/0)         0               0
  低保/特困户                1             — (0/0)         0               0
  涉军群体/优抚对象          2             — (0/0)         0               0
  流动人口                   2             — (0/0)         0               0
  重点关注                   2         50.0% (1/2)         1              18
  按时回访率         42.9% (3/7)
  当前逾期           4 人，最长 23 天

事件
  上报               2
  按期办结率         100.0% (1/1)
  办结天数           平均 2.0，最长 2
  超期未办结         1
  调解率             100.0% (2/2)
  调成率             50.0% (1/2)
  满意率             100.0% (1/1)
  按类型
    矛盾纠纷 ############################## 2
  按状态
    处置中 ############################## 1
    已结案 ############################## 1
  按层级
    网格 ############################## 1
    社区 ############################## 1

走访
  走访               4
  按走访类型
    走访     ############################## 2
    回访     ############################## 2
    入户核查  0
    排查      0
    采集      0
  按网格员
    单晓燕 ############################## 3
    解放   ########## 1

各网格入户率（%）
    示范第一网格 ############################## 14
OUT
expect_output "grid report as text" "$T/grid.txt" \
	"$WANGGE" report --grid "$G1" --from 2026-03-01 --to 2026-03-31

# Default range: the month of --to (today); the same figures.
expect_output "range defaults to this month" "$T/grid.txt" "$WANGGE" report --grid "$G1"

# The street: 30 households, met 3 (5-1-301 in grid 2 too); CSV with a BOM.
"$WANGGE" report --from 2026-03-01 --to 2026-03-31 --format csv >"$T/street.csv" 2>"$T/err"
if [ "$(head -c 3 "$T/street.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ]; then
	ok "CSV starts with the UTF-8 BOM"; else fail "CSV starts with the UTF-8 BOM"; fi
if iconv -f UTF-8 -t UTF-8 "$T/street.csv" >/dev/null 2>&1; then ok "CSV is valid UTF-8"; else
	fail "CSV is valid UTF-8"; fi
expect_grep "CSV: coverage of the street" "户数与人口（当前）,入户率,10.0% (3/30)" "$T/street.csv"
expect_grep "CSV: compliance of 独居/空巢老人" "特殊人群,独居/空巢老人：按时回访率,22.2% (2/9)" \
	"$T/street.csv"
expect_grep "CSV: rows end in CRLF" "$(printf '范围,街道,青年路街道\r')" "$T/street.csv"
expect_no_grep "CSV: restricted categories merged for nobody" "社区矫正" "$T/street.csv"

# An empty range: nothing to divide is —, never nan.
"$WANGGE" report --from 2025-01-01 --to 2025-01-31 >"$T/empty.txt" 2>"$T/err"
expect_grep "empty range: coverage 0 of 30" "入户率             0.0% (0/30)" "$T/empty.txt"
expect_grep "empty range: no incidents, —" "按期办结率         — (0/0)" "$T/empty.txt"
expect_no_grep "empty range: no nan" "nan" "$T/empty.txt"

# XLSX: a workbook whose sheet holds the Chinese headers and a frozen header row.
check "report --format xlsx" "$WANGGE" report --community 610104001900 --format xlsx \
	--out "$T/r.xlsx"
if unzip -p "$T/r.xlsx" xl/worksheets/sheet1.xml >"$T/sheet.xml" 2>/dev/null; then
	ok "the XLSX unzips"; else fail "the XLSX unzips"; fi
expect_grep "XLSX: Chinese header" "<t>指标</t>" "$T/sheet.xml"
expect_grep "XLSX: frozen header row" 'state="frozen"' "$T/sheet.xml"
expect_grep "XLSX: community named" "<t>青年路示范社区</t>" "$T/sheet.xml"
check "report --out FILE writes text" "$WANGGE" report --worker WS004 --out "$T/w.txt"
expect_grep "report --worker: the worker's grid" "统计：网格员 仇建国" "$T/w.txt"
if ls "$T"/w.txt.tmp* >/dev/null 2>&1; then fail "no temp file left"; else ok "no temp file left"; fi

# Usage and data errors.
expect_status "unknown grid" 1 "$WANGGE" report --grid 999
expect_grep "unknown grid says so" "999" "$T/err"
expect_status "two scopes" 2 "$WANGGE" report --grid "$G1" --community 610104001900
expect_status "from after to" 2 "$WANGGE" report --from 2026-03-31 --to 2026-03-01
expect_status "bad date" 2 "$WANGGE" report --from 2026-02-30
expect_status "xlsx needs --out" 2 "$WANGGE" report --format xlsx
expect_status "bad format" 2 "$WANGGE" report --format pdf
expect_status "--help" 0 "$WANGGE" report --help
expect_grep "--help shows the usage" "report [--grid CODE" "$T/out"
finish
