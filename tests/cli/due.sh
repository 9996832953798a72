#!/bin/sh
# due: the follow-up list, most late first, with reasons; tsv columns; scopes; masking of
# restricted categories for whoever may not see them; Chinese reason text.
. "$(dirname "$0")/../lib.sh"
unset WANGGE_PASSWORD WANGGE_NEW_PASSWORD WANGGE_NOW
export WANGGE_TODAY=2026-03-21 LANGUAGE=en
sql() { sqlite3 "$WANGGE_DB" "$@"; }

expect_output "an empty database: nothing due" "Follow-ups as of 2026-03-21: 0 late, 0 due within 7 days
Nothing due." "$WANGGE" due

sql "INSERT INTO street VALUES ('S1', '青年路街道', NULL, NULL);
INSERT INTO community VALUES ('C1', 'S1', '示范社区', NULL);
INSERT INTO grid VALUES ('G1', 'C1', '第一网格', NULL, NULL), ('G2', 'C1', '第二网格', NULL, NULL);
INSERT INTO worker (id, name, role) VALUES ('WS001', '曾丽华', 'leader'), ('WS002', '单晓燕', 'worker'),
 ('WS003', '解放', 'worker');
INSERT INTO grid_worker VALUES ('G1', 'WS001'), ('G1', 'WS002'), ('G2', 'WS003');
INSERT INTO building (id, grid_code, code, name, compound, walk_key) VALUES
 (1, 'G1', '3', '3号楼', '恒富小区', '13'), (2, 'G2', '5', '5号楼', NULL, '15');
INSERT INTO household (id, building_id, unit, room, walk_key, created_at, updated_at) VALUES
 ('H1', 1, '2', '501', '12-3501', 'x', 'x'), ('H2', 1, '1', '101', '11-3101', 'x', 'x'),
 ('H3', 2, NULL, '101', '3101', 'x', 'x');
INSERT INTO resident (id, household_id, position, name, created_at, updated_at) VALUES
 (1, 'H1', 0, '张三', 'x', 'x'), (2, 'H1', 1, '李四', 'x', 'x'), (3, 'H2', 0, '王五', 'x', 'x'),
 (4, 'H3', 0, '赵六', 'x', 'x');
INSERT INTO resident (id, household_id, position, name, moved_out_at, created_at, updated_at) VALUES
 (5, 'H2', 1, '钱七', '2026-02-01', 'x', 'x');
INSERT INTO resident_tag (resident_id, category, since) VALUES (1, 'community_correction', '2026-01-15'),
 (2, 'elderly_alone', '2026-01-15'), (3, 'disabled', '2026-01-15'), (4, 'left_behind_child', '2026-02-01'),
 (5, 'elderly_alone', '2026-01-15');
INSERT INTO visit (id, household_id, worker_id, kind, outcome, at, created_at) VALUES
 ('v1', 'H1', 'WS002', 'followup', 'met', '2026-03-02', 'x'),
 ('v2', 'H1', 'WS002', 'followup', 'not_home', '2026-03-09', 'x'),
 ('v3', 'H1', 'WS002', 'followup', 'met', '2026-03-25', 'x');
INSERT INTO visit_resident VALUES ('v1', 1), ('v3', 1);"

cat >"$T/exp" <<'EOF'
Follow-ups as of 2026-03-21: 2 late, 0 due within 7 days
H1         恒富小区3号楼2-unit 501-r… 李四       独居/空巢老人 · every 7 days · never met · on file since 01-15 · 58 days late · 1 tries not met
H3         5号楼101-room              赵六       留守儿童 · every 30 days · never met · on file since 02-01 · 18 days late
EOF
# 张三's category is restricted: without --as his line is left out altogether (even under
# the neutral mark its due date would name the category by its interval).
expect_output "the street: most late first, each with its reason; restricted lines left out without --as; moved out left out" \
	"$T/exp" "$WANGGE" due

printf 'H1\t李四\telderly_alone\t\t2026-01-22\t58\nH3\t赵六\tleft_behind_child\t\t2026-03-03\t18\nH2\t王五\tdisabled\t\t2026-04-15\t-25\n' >"$T/exp"
expect_output "tsv: household, name, category, last met, due, days overdue (negative: not yet due)" \
	"$T/exp" "$WANGGE" due --format tsv --within 30

printf 'H1\t李四\telderly_alone\t\t2026-01-22\t58\n' >"$T/exp"
expect_output "--grid G1" "$T/exp" "$WANGGE" due --grid G1 --format tsv
expect_output "--community C1 takes both grids" "3" sh -c "\"$WANGGE\" due --community C1 --format tsv --within 30 | wc -l"
expect_output "--worker WS003: the grids of that worker" \
	"$(printf 'H3\t赵六\tleft_behind_child\t\t2026-03-03\t18')" "$WANGGE" due --worker WS003 --format tsv

printf 'H1\t李四\telderly_alone\t\t2026-01-22\t6\n' >"$T/exp"
expect_output "--on an earlier day: the clock as it was then (later visits not counted)" "$T/exp" \
	"$WANGGE" due --grid G1 --on 2026-01-28 --within 50 --format tsv

# ---- with --as: restricted categories for the grid's workers and leaders only ----
WANGGE_PASSWORD=secret1 "$WANGGE" worker passwd WS001 >/dev/null 2>&1
sql "UPDATE worker SET pw_hash = (SELECT pw_hash FROM worker WHERE id = 'WS001')"
export WANGGE_PASSWORD=secret1
printf 'H1\t李四\telderly_alone\t\t2026-01-22\t58\nH1\t张三\tcommunity_correction\t2026-03-02\t2026-03-09\t12\n' >"$T/exp"
expect_output "a worker of the grid sees the category; without a scope: their own grids" \
	"$T/exp" "$WANGGE" --as WS002 due --format tsv
expect_output "seeing a restricted category is audited" "1" \
	sql "SELECT count(*) FROM audit WHERE action = 'view.restricted' AND operator = 'WS002'"
expect_output "a worker of another grid gets no line of a restricted category" "0" \
	sh -c "\"$WANGGE\" --as WS003 due --grid G1 --format tsv | grep -c 张三"
expect_output "--on an earlier day: 张三's clock as it was then" \
	"$(printf 'H1\t张三\tcommunity_correction\t\t2026-01-22\t6')" \
	sh -c "\"$WANGGE\" --as WS002 due --grid G1 --on 2026-01-28 --within 50 --format tsv | grep 张三"
expect_output "--on a later day counts the visit recorded for that day" \
	"$(printf 'H1\t张三\tcommunity_correction\t2026-03-25\t2026-04-01\t-1')" \
	sh -c "\"$WANGGE\" --as WS002 due --grid G1 --on 2026-03-31 --within 1 --format tsv | grep 张三"
expect_output "the community's leader sees it" \
	"$(printf 'H1\t张三\tcommunity_correction\t2026-03-02\t2026-03-09\t12')" \
	sh -c "\"$WANGGE\" --as WS001 due --community C1 --format tsv | grep 张三"
expect_status "a wrong password is refused" 1 env WANGGE_PASSWORD=wrong1 "$WANGGE" --as WS002 due
unset WANGGE_PASSWORD

# ---- Chinese, as people see it ----
mkdir -p "$T/locale/zh_CN/LC_MESSAGES"
msgcat --use-first -o "$T/zh.po" "$ROOT/po/zh_CN/followup.po" "$ROOT/po/zh_CN/address.po" \
	"$ROOT/po/zh_CN/core.po" && msgfmt -o "$T/locale/zh_CN/LC_MESSAGES/wangge.mo" "$T/zh.po"
cat >"$T/exp" <<'EOF'
截至 2026-03-21 的随访：逾期 1 人次，0 人次在 7 天内到期
H1         恒富小区3号楼2单元501室    李四       独居/空巢老人 · 每7天 · 从未见面 · 建档于 01-15 · 逾期58天 · 1次未见到
EOF
expect_output "in Chinese: 从未见面 · 建档于, 上次见面 · 逾期N天" "$T/exp" \
	env LANGUAGE=zh_CN WANGGE_LOCALEDIR="$T/locale" "$WANGGE" due --grid G1

# ---- today's work also lists the incidents there that are not closed ----
sql "INSERT INTO incident (id, seq, type, level, status, grid_code, text, reported_at, handler_id,
 deadline, updated_at) VALUES
 ('i1', 1, 'hazard', 'grid', 'accepted', 'G1', '楼道堆物', 'x', 'WS002', '2026-03-13', 'x'),
 ('i2', 2, 'dispute', 'grid', 'closed', 'G1', '噪音', 'x', 'WS002', '2026-03-13', 'x'),
 ('i3', 3, 'request', 'grid', 'in_progress', 'G1', '路灯坏了', 'x', 'WS002', '2026-03-25', 'x'),
 ('i4', 4, 'request', 'grid', 'reported', 'G2', '井盖松动', 'x', NULL, NULL, 'x');"
cat >"$T/exp" <<'EOF'
Follow-ups as of 2026-03-21: 1 late, 0 due within 7 days
H1         恒富小区3号楼2-unit 501-r… 李四       独居/空巢老人 · every 7 days · never met · on file since 01-15 · 58 days late · 1 tries not met
Incidents not closed: 2, 1 past their deadline
#1    安全隐患   accepted    单晓燕   8 days late      楼道堆物
#3    民生诉求   in progress 单晓燕   due 2026-03-25   路灯坏了
EOF
expect_output "text: open incidents of the grid follow, past their deadline first" \
	"$T/exp" "$WANGGE" due --grid G1
expect_output "tsv stays follow-ups only" "1" sh -c "\"$WANGGE\" due --grid G1 --format tsv | wc -l"

# ---- mistakes ----
expect_status "an unknown grid" 1 "$WANGGE" due --grid G9
expect_grep "says which grid" "G9" "$T/err"
expect_status "an unknown worker" 1 "$WANGGE" due --worker WS999
expect_status "a bad date" 2 "$WANGGE" due --on 2026-02-30
expect_grep "says how to write a date" "YYYY-MM-DD" "$T/err"
expect_status "two scopes" 2 "$WANGGE" due --grid G1 --community C1
expect_status "--within wants days" 2 "$WANGGE" due --within soon
expect_status "an unknown format" 2 "$WANGGE" due --format xml
expect_status "an unknown option" 2 "$WANGGE" due --all
check "due --help" "$WANGGE" due --help
expect_grep "help shows the options" "--within" "$T/out"

finish
