#!/bin/sh
# An incident from report to close on the screen: e on a household card reports it (type,
# urgent or not, what happened); the worker accepts, starts and resolves it on its keys,
# the leader closes it with the feedback visit's rating; the timeline shows every step
# (who, from → to, note); F7 lists open incidents; today's work lists them after the
# follow-ups, the late ones marked; `wangge incident show` agrees.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib_tmux.sh"
export WANGGE_TODAY=2026-03-16
"$WANGGE" import "$ROOT/config/sample/lianhu-sample.yaml" >"$T/import.out" 2>&1 ||
	{ fail "import the sample"; sed 's/^/#   /' "$T/import.out"; finish; exit 1; }
HH=61010400190001-1-2-201   # 周𠮷 and 尉迟静
q() { sqlite3 "$WANGGE_DB" "$1"; }

screen_start a 100 30
screen_login a WS002 secret1 first || fail "log in as WS002"
expect_not_screen "no incidents on the home screen yet" a "open incidents"
screen_type a 1-2-201
expect_screen "the door number finds the household" a "周𠮷"
screen_keys a Enter
expect_screen "the card opens" a "Residents (2)"
screen_type a e
expect_screen "e asks the type, from the config" a "1 矛盾纠纷"
screen_type a 1; screen_keys a Enter
expect_screen "then whether it is urgent" a "Urgent?"
screen_keys a Enter
expect_screen "then what happened" a "What happened?"
screen_type a "楼上漏水，邻里争吵"; screen_keys a Enter
expect_screen "the new incident opens" a "#1 矛盾纠纷 · reported"
expect_screen "its text is shown" a "楼上漏水，邻里争吵"
expect_screen "its household" a "1-2-201"
expect_screen "the timeline has the report" a "单晓燕 上报 → reported"
expect_screen "the worker may accept it (a)" a "a 受理"
expect_not_screen "but not close it" a "c 结案"
[ "$(q "SELECT type || ' ' || status || ' ' || urgent || ' ' || household_id FROM incident WHERE seq = 1")" = \
	"dispute reported 0 $HH" ] && ok "the database has the reported incident" ||
	fail "incident row: $(q "SELECT * FROM incident")"

screen_type a r
expect_screen "a step not allowed now is refused, naming the state and the possible steps" a "#1 is reported: 办结 (resolve) is not possible there; possible steps:"
screen_type a a
expect_screen "a accepts: the worker is the handler" a "Handler: 单晓燕"
expect_screen "with the type's deadline (7 days)" a "2026-03-23 (7 days left)"
expect_screen "the timeline shows the step" a "单晓燕 受理 reported → accepted handler WS002"
screen_type a s
expect_screen "s starts handling it" a "#1 矛盾纠纷 · in progress"
screen_type a r
expect_screen "r resolves it" a "#1 矛盾纠纷 · resolved"
expect_screen "a worker has no step left" a "Steps: none for you now"

screen_keys a Escape
screen_keys a Escape
screen_keys a Escape
screen_wait a "Today's work" >/dev/null
screen_keys a F7
expect_screen "F7 lists the operator's open incidents" a "Incidents: 1 open"
expect_screen "with the resolved one" a "#1 矛盾纠纷 resolved 单晓燕"
screen_keys a Enter
expect_screen "Enter opens it" a "Timeline (4 steps)"
screen_keys a F10
screen_exit a >/dev/null

# The leader closes it with the feedback visit's rating.
screen_start b 100 30
screen_login b WS001 secret2 first || fail "log in as WS001"
expect_screen "the leader's today's work lists the open incident" b "#1 矛盾纠纷 楼上漏水"
expect_screen "the title counts it" b "1 open incidents (0 late)"
# put the cursor on the incident line: it is the first line after the follow-ups
n_due=$("$WANGGE" --as WS001 due --worker WS001 --within 0 --format tsv 2>/dev/null | grep -c .)
screen_keys b Home
i=0
while [ "$i" -lt "$n_due" ]; do screen_keys b Down; i=$((i + 1)); done
screen_keys b Enter
expect_screen "Enter on the line opens the incident" b "Timeline (4 steps)"
expect_screen "the leader may close it (c)" b "c 结案"
screen_type b c
expect_screen "c asks the rating" b "1 满意"
screen_type b 2; screen_keys b Enter
expect_screen "closed" b "#1 矛盾纠纷 · closed"
expect_screen "the timeline has the close with the rating" b "曾丽华 结案 resolved → closed"
expect_screen "and still the report" b "单晓燕 上报 → reported"
screen_keys b F10
screen_exit b >/dev/null

LANGUAGE=en "$WANGGE" incident show 1 >"$T/show.out" 2>&1
expect_grep "incident show: closed" "closed" "$T/show.out"
expect_grep "incident show: the rating" "基本满意" "$T/show.out"
expect_grep "incident show: the worker's steps" "单晓燕" "$T/show.out"
expect_grep "incident show: the leader's close" "曾丽华" "$T/show.out"
[ "$(q "SELECT group_concat(action, ' ') FROM (SELECT action FROM incident_event e JOIN incident i ON i.id = e.incident_id WHERE i.seq = 1 ORDER BY e.rowid)")" = \
	"report accept start resolve close" ] && ok "five events in the database, in order" ||
	fail "events: $(q "SELECT action FROM incident_event")"

# A late one: reported and accepted on the command line long ago, past its deadline now.
WANGGE_PASSWORD=secret1 WANGGE_TODAY=2026-03-01 "$WANGGE" --as WS002 incident report --type hazard --household "$HH" 电线老化 >/dev/null 2>&1
WANGGE_PASSWORD=secret1 WANGGE_TODAY=2026-03-01 "$WANGGE" --as WS002 incident accept 2 >/dev/null 2>&1
# Another grid of the community: a late one there is the leader's business, not WS002's.
WANGGE_PASSWORD=secret2 WANGGE_TODAY=2026-03-01 "$WANGGE" --as WS001 incident report --type hazard --grid 61010400190002 --place 5号楼前 楼道堆物 >/dev/null 2>&1
WANGGE_PASSWORD=secret2 WANGGE_TODAY=2026-03-01 "$WANGGE" --as WS001 incident accept 3 --handler WS004 >/dev/null 2>&1
[ "$(q "SELECT status || ' ' || handler_id FROM incident WHERE seq = 3")" = "accepted WS004" ] &&
	ok "#3 accepted by WS004 in the other grid" || fail "incident 3: $(q "SELECT * FROM incident WHERE seq = 3")"
screen_start c 100 30
screen_login c WS002 secret1 || fail "log in again"
expect_screen "today's work marks the late incident" c "LATE 12 days, deadline 03-04"
expect_not_screen "a worker does not see another grid's late incident" c "楼道堆物"
screen_keys c F7
expect_screen "the list shows how late" c "2026-03-04 (12 days late)"
screen_keys c Enter
expect_screen "the incident shows it late" c "#2 安全隐患 · accepted · LATE"
screen_keys c F10
screen_exit c >/dev/null

screen_start d 100 30
screen_login d WS001 secret2 || fail "log in as the leader again"
expect_screen "the leader's today's work has the other grid's late incident" d "#3 安全隐患 楼道堆物"
expect_screen "the title counts both late ones" d "2 open incidents (2 late)"
screen_keys d F7
expect_screen "F7 lists it for the leader" d "#3 安全隐患 accepted"
screen_keys d Enter
expect_screen "the first late one opens" d "#2 安全隐患 · accepted · LATE"
expect_screen "the leader may extend, return, escalate, supervise" d "e 上报上级  x 退回  d 延期  w 督办"
screen_type d d
expect_screen "d asks the reason" d "Extend the deadline: the reason"
screen_type d "等物业维修"; screen_keys d Enter
expect_screen "then the days" d "Extend by how many days?"
screen_type d 14; screen_keys d Enter
expect_screen "the deadline moves 14 days" d "2026-03-18 (2 days left)"
expect_screen "the extension and its reason are in the timeline" d "曾丽华 延期 deadline 2026-03-18 | 等物业维修"
screen_type d w
expect_screen "w puts it under supervision" d "· supervised"
screen_type d x
expect_screen "x asks why it goes back" d "Return it: the reason"
screen_type d "重新分派"; screen_keys d Enter
expect_screen "returned: reported again, nobody holds it" d "#2 安全隐患 · reported"
expect_screen "the return is in the timeline" d "曾丽华 退回 accepted → reported | 重新分派"
screen_keys d F10
screen_exit d >/dev/null

# The list's filters and sort (keys S T L W C O M D), and N: a new incident at a place.
screen_start f 100 30
screen_login f WS001 secret2 || fail "log in as the leader for the list's filters"
screen_keys f F7
expect_screen "the list shows the other grid's late incident" f "#3 安全隐患 accepted"
expect_screen "the header names the filters and their keys" f "S Status:all open  T Type:all types  L Level:all levels  W Grid:all grids"
expect_screen "and the switches" f "O [ ] late only  M [ ] mine only  D by: deadline  N report at a place"
screen_type f S
expect_screen "S: only the reported ones" f "S Status:reported"
expect_screen "#2 was returned: reported" f "#2 安全隐患 reported"
expect_not_screen "#3 (accepted) is hidden" f "#3 安全隐患"
screen_type f SSSSS
expect_screen "S round to all open again" f "S Status:all open"
expect_screen "#3 is shown again" f "#3 安全隐患 accepted"
screen_type f O
expect_screen "O: late only" f "O [x] late only"
expect_screen "the late one stays" f "#3 安全隐患 accepted 仇建国 2026-03-04 (12 days late)"
expect_not_screen "#2 (extended to 03-18) is not late" f "#2 安全隐患"
screen_type f O
expect_screen "O again: all" f "#2 安全隐患 reported"
screen_type f M
expect_screen "M: only the leader's own: #3, which the leader reported" f "#3 安全隐患 accepted"
expect_not_screen "not #2, reported by WS002 and held by nobody" f "#2 安全隐患"
screen_type f M
expect_screen "M again: all" f "M [ ] mine only"
screen_type f T
expect_screen "T: the first type" f "T Type:矛盾纠纷"
expect_not_screen "hides the hazards" f "#3 安全隐患"
screen_type f TTTTTTT   # the config's 7 types, then all again
expect_screen "T round to all types" f "T Type:all types"
screen_type f L
expect_screen "L: the first level" f "L Level:网格"
screen_type f L; screen_type f L; screen_type f L; screen_type f L
expect_screen "L round to all levels" f "L Level:all levels"
screen_type f C
expect_screen "C asks for a grid code" f "Show the incidents of grid"
screen_type f 61010400190002; screen_keys f Enter
expect_screen "C: one grid's incidents" f "Incidents of grid 61010400190002"
expect_screen "with #3" f "#3 安全隐患"
expect_not_screen "without #2 of the other grid" f "#2 安全隐患"
screen_type f C; screen_keys f C-u BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace Enter
expect_screen "an empty code shows all grids again" f "W Grid:all grids"
screen_type f N
expect_screen "N with two grids in scope asks to pick one first" f "Which grid? Show one grid first (W)"
screen_type f W
expect_screen "W: the first grid of the leader's community" f "Incidents of grid 61010400190001"
screen_type f N
expect_screen "N asks the type" f "Report an incident in your grid. Type: 1 矛盾纠纷"
screen_type f 1; screen_keys f Enter
expect_screen "then urgent" f "Urgent?"
screen_type f y; screen_keys f Enter
expect_screen "then the place" f "Where? The place"
screen_type f "3号楼东侧"; screen_keys f Enter
expect_screen "then what happened" f "What happened?"
screen_type f "路灯不亮"; screen_keys f Enter
expect_screen "the new incident opens" f "#4 矛盾纠纷 · reported · urgent"
expect_screen "at its place" f "Where: 3号楼东侧"
screen_keys f Escape
expect_screen "back on the list, the new one is there" f "#4 矛盾纠纷 (urgent) reported"
screen_text f | grep '^#' | head -1 | grep -q '^#2 ' &&
	ok "by deadline: #2 (due 03-18) before #4 (no deadline yet)" ||
	fail "first line: $(screen_text f | grep '^#' | head -1)"
screen_type f D
expect_screen "D: newest first" f "D by: newest"
screen_text f | grep '^#' | head -1 | grep -q '^#4 ' && ok "the newest (#4) is the first line" ||
	fail "first line: $(screen_text f | grep '^#' | head -1)"
screen_keys f F10
screen_exit f >/dev/null
"$WANGGE" incident list --format tsv >"$T/list.tsv" 2>&1
expect_grep "incident list: #4 in the grid shown, urgent, no household" \
	"$(printf '4\tdispute\treported\tgrid\t61010400190001\t\t\t\t\t1\t0\t路灯不亮')" "$T/list.tsv"
[ "$(q "SELECT place || ' ' || reported_by FROM incident WHERE seq = 4")" = "3号楼东侧 WS001" ] &&
	ok "#4's place and reporter in the database" || fail "incident 4: $(q "SELECT * FROM incident WHERE seq = 4")"

# In Chinese at 80×24, when the catalogue is built.
if [ -f "$ROOT/$BUILD/locale/zh_CN/LC_MESSAGES/wangge.mo" ]; then
	SCREEN_LANGUAGE=zh_CN
	screen_start e 80 24
	screen_wait e "网格员（姓名、拼音或工号）" >/dev/null
	screen_type e WS001; screen_keys e Enter
	screen_wait e "WS001" >/dev/null
	sleep 0.2
	screen_type e secret2; screen_keys e Enter
	expect_screen "今日工作 lists the late incidents (and #4 reported at a place)" e "未结事件 3 件（超期 1 件）"
	screen_keys e F7
	expect_screen "F7: the list in Chinese" e "事件：我的网格"
	expect_screen "its filters in Chinese" e "O [ ] 只看超期"
	screen_keys e Enter
	expect_screen "the incident in Chinese: its timeline" e "办理过程（"
	expect_screen "its steps" e "可办："
	check "80×24: every line fits" screen_fits e 80
	screen_keys e F10
	screen_exit e >/dev/null
else
	ok "# SKIP Chinese catalogue not built ($BUILD/locale)"
fi
finish
