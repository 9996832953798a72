#!/bin/sh
# incident: from report to close on the command line, the timeline, lists, refusals that
# name the state and the possible steps, Chinese action names, --by.
. "$(dirname "$0")/../lib.sh"
unset WANGGE_PASSWORD WANGGE_NEW_PASSWORD
export WANGGE_TODAY=2026-03-21 WANGGE_NOW="2026-03-21 09:00:00" LANGUAGE=en
sql() { sqlite3 "$WANGGE_DB" "$@"; }

expect_output "no incidents yet" "No incidents." "$WANGGE" incident list
sql "INSERT INTO street VALUES ('S1', '青年路街道', NULL, NULL);
INSERT INTO community VALUES ('C1', 'S1', '示范社区', NULL);
INSERT INTO grid VALUES ('G1', 'C1', '第一网格', NULL, NULL), ('G2', 'C1', '第二网格', NULL, NULL);
INSERT INTO worker (id, name, role) VALUES ('WS001', '曾丽华', 'leader'), ('WS002', '单晓燕', 'worker'),
 ('WS003', '解放', 'worker');
INSERT INTO grid_worker VALUES ('G1', 'WS001'), ('G1', 'WS002'), ('G2', 'WS003');
INSERT INTO building (id, grid_code, code, name, walk_key) VALUES (1, 'G1', '3', '3号楼', '13');
INSERT INTO household (id, building_id, unit, room, walk_key, created_at, updated_at) VALUES
 ('H1', 1, '2', '501', '12-3501', 'x', 'x');"
WANGGE_PASSWORD=secret1 "$WANGGE" worker passwd WS001 >/dev/null 2>&1
sql "UPDATE worker SET pw_hash = (SELECT pw_hash FROM worker WHERE id = 'WS001')"
export WANGGE_PASSWORD=secret1

# ---- report ----
expect_status "reporting needs a worker (--as)" 1 "$WANGGE" incident report --type dispute --household H1 楼上漏水
expect_grep "says who may" "only a worker of grid G1" "$T/err"
expect_output "report prints the number people type" "1" \
	"$WANGGE" --as WS002 incident report --type 矛盾纠纷 --household H1 楼上漏水 邻里争吵
expect_output "incident new --by --text (the same, as the issue writes it)" "2" \
	"$WANGGE" incident new --type hazard --grid G2 --place 5号楼前 --by WS003 --text 电动车楼道充电 --urgent
expect_status "--by and --as must agree" 2 "$WANGGE" --as WS002 incident new --type hazard --grid G1 --by WS003 --text x
expect_status "a worker of another grid may not report there" 1 \
	"$WANGGE" --as WS003 incident report --type hazard --grid G1 x
expect_status "an unknown type" 1 "$WANGGE" --as WS002 incident report --type flood --grid G1 x
expect_grep "lists the types" "dispute 矛盾纠纷" "$T/err"
expect_status "no place" 2 "$WANGGE" --as WS002 incident report --type hazard 着火
expect_status "no text" 2 "$WANGGE" --as WS002 incident report --type hazard --grid G1

# ---- the workflow ----
expect_status "resolve before accepting is refused" 1 "$WANGGE" --as WS002 incident resolve 1
expect_grep "names the state and the possible steps" \
	"#1 is reported: 办结 (resolve) is not possible there; possible steps: 受理 accept, 上报上级 escalate, 督办 supervise, 加急 urgent" "$T/err"
expect_output "accept: the worker takes it, deadline from the type (7 days)" \
	"#1: 受理, now accepted, handler WS002, deadline 2026-03-28" "$WANGGE" --as WS002 incident accept 1
expect_output "start by its Chinese name" "#1: 处置, now in progress, handler WS002, deadline 2026-03-28" \
	"$WANGGE" --as WS002 incident 处置 '#1'
expect_status "extend is for leaders" 1 "$WANGGE" --as WS002 incident extend 1 --days 3 --reason 等物业
expect_status "extend needs a reason" 2 "$WANGGE" --as WS001 incident extend 1 --days 3
expect_output "a leader extends with a reason" "#1: 延期, now in progress, handler WS002, deadline 2026-03-31" \
	"$WANGGE" --as WS001 incident extend 1 --days 3 --reason 等物业
expect_output "incident step N ACTION (the issue's form)" "#1: 督办, now in progress, handler WS002, deadline 2026-03-31" \
	"$WANGGE" --as WS001 incident step 1 supervise
expect_output "resolve" "#1: 办结, now resolved, handler WS002" "$WANGGE" --as WS002 incident resolve 1
expect_status "the worker may not close" 1 "$WANGGE" --as WS002 incident close 1 --rating satisfied
expect_status "close needs the rating" 2 "$WANGGE" --as WS001 incident close 1
expect_output "不满意 reopens" "#1: 结案, now in progress, handler WS002, deadline 2026-03-31" \
	"$WANGGE" --as WS001 incident close 1 --rating 不满意
"$WANGGE" --as WS002 incident resolve 1 >/dev/null
expect_output "满意 closes" "#1: 结案, now closed, handler WS002" "$WANGGE" --as WS001 incident close 1 --rating 满意

cat >"$T/exp" <<'EOF'
#1  矛盾纠纷  supervised
Status:   closed, level 网格
Where:    grid G1, household H1
Handler:  单晓燕 (WS002)
Deadline: 2026-03-31
Rating:   满意
Text:     楼上漏水 邻里争吵
History:
  2026-03-21 09:00:00  上报     单晓燕   reported
  2026-03-21 09:00:00  受理     单晓燕   reported -> accepted, handler WS002, deadline 2026-03-28
  2026-03-21 09:00:00  处置     单晓燕   accepted -> in progress
  2026-03-21 09:00:00  延期     曾丽华   in progress -> in progress, deadline 2026-03-31: 等物业
  2026-03-21 09:00:00  督办     曾丽华   in progress -> in progress
  2026-03-21 09:00:00  办结     单晓燕   in progress -> resolved
  2026-03-21 09:00:00  结案     曾丽华   resolved -> in progress, rated 不满意
  2026-03-21 09:00:00  办结     单晓燕   in progress -> resolved
  2026-03-21 09:00:00  结案     曾丽华   resolved -> closed, rated 满意
Next steps for you: 重办 reopen
EOF
expect_output "show: the whole history as a timeline, and the steps open to the viewer" \
	"$T/exp" "$WANGGE" --as WS001 incident show 1
expect_output "every step is in the audit log" "10" \
	sql "SELECT count(*) FROM audit WHERE action LIKE 'incident.%'"

# ---- escalation and lists ----
expect_status "escalate needs the new handler" 2 "$WANGGE" --as WS001 incident escalate 2
expect_output "escalate: one level up, the new handler, a fresh urgent deadline (3 days halved: 2)" \
	"#2: 上报上级, now accepted, handler WS001, deadline 2026-03-23" \
	"$WANGGE" --as WS001 incident escalate 2 --handler WS001 --reason 需社区协调
printf '2\thazard\taccepted\tcommunity\tG2\t\tWS001\t2026-03-23\t2\t1\t0\t电动车楼道充电\n1\tdispute\tclosed\tgrid\tG1\tH1\tWS002\t2026-03-31\t10\t0\t1\t楼上漏水 邻里争吵\n' >"$T/exp"
expect_output "list --format tsv: by deadline" "$T/exp" "$WANGGE" incident list --format tsv
expect_output "--open leaves out closed ones" "1" sh -c "\"$WANGGE\" incident list --open --format tsv | wc -l"
expect_output "--status" "1" sh -c "\"$WANGGE\" incident list --status closed --format tsv | cut -f1"
expect_output "--mine: the ones I handle" "2" sh -c "\"$WANGGE\" --as WS001 incident list --mine --format tsv | cut -f1"
expect_output "--level" "2" sh -c "\"$WANGGE\" incident list --level 社区 --format tsv | cut -f1"
expect_output "--overdue: none yet" "No incidents." "$WANGGE" incident list --overdue
expect_output "--overdue after the deadline" "2" \
	sh -c "WANGGE_TODAY=2026-03-25 \"$WANGGE\" incident list --overdue --format tsv | cut -f1"
expect_output "a text line per incident" \
	"#2    安全隐患   accepted    社区       曾丽华   2 days late      urgent 电动车楼道充电" \
	sh -c "WANGGE_TODAY=2026-03-25 \"$WANGGE\" incident list --grid G2"

# ---- mistakes ----
expect_status "an unknown incident" 1 "$WANGGE" --as WS001 incident accept 99
expect_status "not a number" 2 "$WANGGE" incident show abc
expect_status "an unknown action" 2 "$WANGGE" incident delete 1
expect_status "an unknown status" 2 "$WANGGE" incident list --status done
expect_status "no subcommand" 2 "$WANGGE" incident
check "incident --help" "$WANGGE" incident --help
expect_grep "help names the steps" "escalate" "$T/out"

finish
