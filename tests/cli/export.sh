#!/bin/sh
# wangge export: the registers of the configuration as CSV (BOM, RFC 4180, UTF-8) and
# XLSX (Chinese headers, frozen row, one sheet per category), masked for the operator,
# audited, written through a temp file; --list, scopes, ranges and errors.
. "$(dirname "$0")/../lib.sh"
unset WANGGE_PASSWORD WANGGE_NOW
export WANGGE_TODAY=2026-03-31
G1=61010400190001
WANGGE_TODAY=2026-03-01 "$WANGGE" import "$ROOT/config/sample/lianhu-sample.yaml" >/dev/null 2>&1 ||
	fail "sample imports"
sqlite3 "$WANGGE_DB" <<'SQL' || fail "fixture inserts"
INSERT INTO visit (id, household_id, worker_id, kind, outcome, at, note, created_at) VALUES
 ('v1', '61010400190001-1-1-101', 'WS002', 'routine', 'met', '2026-03-03 10:00', '身体好, 说"谢谢"', 'x'),
 ('v2', '61010400190001-1-1-102', 'WS002', 'routine', 'not_home', '2026-03-05 10:00', NULL, 'x'),
 ('v3', '61010400190002-5-1-301', 'WS004', 'followup', 'met', '2026-02-10 10:00', NULL, 'x');
INSERT INTO visit_resident SELECT 'v1', id FROM resident WHERE name = '曾国华';
INSERT INTO incident (id, seq, type, level, status, grid_code, household_id, text,
 reported_at, deadline, updated_at) VALUES
 ('i1', 1, 'dispute', 'grid', 'in_progress', '61010400190001', '61010400190001-1-1-101',
  '邻里噪音', '2026-03-02 10:00:00', '2026-03-09', 'x'),
 ('i2', 2, 'hazard', 'grid', 'reported', '61010400190002', NULL, '电线老化',
  '2026-03-10 10:00:00', NULL, 'x');
UPDATE incident SET place = '5号楼门口' WHERE id = 'i2';
SQL

expect_output "export --list" "$(cat <<'OUT'
special      特殊人群台帐   residents  社区、网格、人员类别、姓名、性别、出生日期、身份证号、联系电话、住址、列管日期、上次见面、下次走访
visits       走访记录台帐   visits     走访日期、社区、网格、住址、户主、网格员、走访类型、走访结果、见到人员、备注
disputes     矛盾纠纷台帐   incidents  编号、受理登记时间、社区、网格、地点、纠纷情况、调处层级、承办人、办结时限、状态、办结时间、办理天数、回访满意度
hazards      安全隐患台帐   incidents  编号、发现时间、社区、网格、隐患位置、隐患描述、紧急程度、责任人、整改时限、整改状态、整改完成时间、是否超期
population   人口台帐       residents  社区、网格、住址、姓名、与户主关系、性别、出生日期、年龄、身份证号、联系电话、户籍、住房、特殊人群
OUT
)" "$WANGGE" export --list

# CSV to a file: BOM, valid UTF-8, CRLF rows, quoted fields, masked numbers.
check "export visits as CSV" "$WANGGE" export visits --from 2026-03-01 --to 2026-03-31 \
	--out "$T/visits.csv"
expect_grep "says how many rows" "走访记录台帐：已写出 2 行" "$T/out"
if [ "$(head -c 3 "$T/visits.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ]; then
	ok "CSV starts with the UTF-8 BOM"; else fail "CSV starts with the UTF-8 BOM"; fi
if iconv -f UTF-8 -t UTF-8 "$T/visits.csv" >/dev/null 2>&1; then ok "CSV is valid UTF-8"; else
	fail "CSV is valid UTF-8"; fi
expect_grep "CSV header row" "$(printf '\357\273\277走访日期,社区,网格,住址,户主,网格员,走访类型,走访结果,见到人员,备注\r')" \
	"$T/visits.csv"
expect_grep "RFC 4180 quoting" ',曾国华,"身体好, 说""谢谢"""' "$T/visits.csv"
expect_grep "outcome in Chinese" ",走访,无人," "$T/visits.csv"
expect_no_grep "February is outside the range" "2026-02-10" "$T/visits.csv"
if python3 -c 'import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
assert len(rows) == 3 and all(len(r) == 10 for r in rows), rows' "$T/visits.csv" 2>"$T/err"; then
	ok "a CSV reader gets 3 rows of 10 fields"; else fail "a CSV reader gets 3 rows of 10 fields"
	sed 's/^/#   /' "$T/err"; fi

# CSV to standard output; nobody sees restricted categories or whole numbers.
"$WANGGE" export special --grid "$G1" >"$T/special.csv" 2>"$T/err"
expect_grep "restricted category becomes the neutral mark" ",重点关注,欧阳振华," "$T/special.csv"
expect_no_grep "no restricted category name" "社区矫正" "$T/special.csv"
expect_no_grep "no restricted category name (2)" "精神障碍" "$T/special.csv"
expect_grep "follow-up columns" ",2026-03-01,2026-03-03,2026-03-10" "$T/special.csv"
if grep -qE '[0-9]{17}[0-9X]' "$T/special.csv"; then fail "ID numbers masked"; else
	ok "ID numbers masked"; fi
if grep -qE '1[3-9][0-9]{9}' "$T/special.csv"; then fail "phones masked"; else
	ok "phones masked"; fi
"$WANGGE" export special --grid "$G1" --category elderly_alone >"$T/old.csv" 2>"$T/err"
[ "$(wc -l <"$T/old.csv")" -eq 4 ] && ok "--category keeps one category" ||
	fail "--category keeps one category: $(wc -l <"$T/old.csv") lines"

# Choosing a restricted category would name it: nobody gets no rows, the grid's worker
# gets the resident (below).
"$WANGGE" export special --category community_correction >"$T/cc.csv" 2>"$T/err"
expect_no_grep "a restricted --category lists no one to nobody" 欧阳振华 "$T/cc.csv"

# The grid's own worker sees the category; numbers stay masked.
WANGGE_PASSWORD=shanxy1 "$WANGGE" worker passwd WS002 >/dev/null 2>&1
WANGGE_PASSWORD=shanxy1 "$WANGGE" --as WS002 export special --grid "$G1" >"$T/ws002.csv" 2>"$T/err"
expect_grep "--as a grid worker: the real category" ",社区矫正对象,欧阳振华," "$T/ws002.csv"
WANGGE_PASSWORD=shanxy1 "$WANGGE" --as WS002 export special --category community_correction \
	>"$T/cc.csv" 2>"$T/err"
expect_grep "--as a grid worker: a restricted --category lists the grid's people" 欧阳振华 \
	"$T/cc.csv"
if grep -qE '[0-9]{17}[0-9X]' "$T/ws002.csv"; then fail "ID numbers masked for the worker too"; else
	ok "ID numbers masked for the worker too"; fi

# Every export is audited, with who exported what.
n=$(sqlite3 "$WANGGE_DB" "SELECT count(*) FROM audit WHERE action = 'export'")
[ "$n" -eq 6 ] && ok "six audit rows 'export'" || fail "six audit rows 'export' (got $n)"
expect_output "the audit row names the operator and the register" "WS002|special" \
	sqlite3 "$WANGGE_DB" "SELECT operator, object FROM audit WHERE action = 'export' ORDER BY seq DESC LIMIT 1"

# XLSX: one sheet per category, Chinese headers in the sheet XML, frozen header row.
check "export special as XLSX" "$WANGGE" export special --out "$T/special.xlsx"
if unzip -l "$T/special.xlsx" >"$T/list" 2>&1; then ok "the XLSX unzips"; else fail "the XLSX unzips"; fi
unzip -p "$T/special.xlsx" xl/workbook.xml >"$T/workbook.xml"
expect_grep "sheet per category" 'name="独居、空巢老人"' "$T/workbook.xml"
expect_grep "neutral-mark sheet" 'name="重点关注"' "$T/workbook.xml"
expect_no_grep "no restricted sheet" "社区矫正" "$T/workbook.xml"
unzip -p "$T/special.xlsx" xl/worksheets/sheet1.xml >"$T/sheet1.xml"
expect_grep "XLSX: Chinese header in the sheet" "<t>人员类别</t>" "$T/sheet1.xml"
expect_grep "XLSX: frozen header row" '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' \
	"$T/sheet1.xml"
# 人员类别 is 4 Chinese characters, 8 units; its longest value 独居/空巢老人 is 13.
expect_grep "XLSX: width fits Chinese text" '<col min="3" max="3" width="15.7109375" customWidth="1"/>' \
	"$T/sheet1.xml"
check "--format from the file name" "$WANGGE" export hazards --from 2026-03-01 --to 2026-03-31 \
	--out "$T/hazards.xlsx"
expect_grep "hazard place in the sheet" "<t>5号楼门口</t>" "$(unzip -p "$T/hazards.xlsx" \
	xl/worksheets/sheet1.xml >"$T/h.xml"; echo "$T/h.xml")"
ls "$T" | grep -q '\.tmp-' && fail "no temp files left" || ok "no temp files left"

# Errors: nothing written.
expect_status "unknown register" 2 "$WANGGE" export specal
expect_grep "did you mean" "是不是 'special'" "$T/err"
expect_status "unknown grid" 1 "$WANGGE" export special --grid 999 --out "$T/x.csv"
[ -e "$T/x.csv" ] && fail "nothing written on error" || ok "nothing written on error"
expect_status "unknown category" 2 "$WANGGE" export special --category elderly
expect_status "--category on visits" 2 "$WANGGE" export visits --category elderly_alone
expect_status "xlsx needs --out" 2 "$WANGGE" export special --format xlsx
expect_status "missing register" 2 "$WANGGE" export
expect_status "--help" 0 "$WANGGE" export --help
finish
