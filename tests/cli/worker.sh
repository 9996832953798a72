#!/bin/sh
# worker list | passwd | role, and --as: passwords from WANGGE_PASSWORD or typed without
# echo, five wrong tries lock for a minute, roles changed only by an admin once there is
# one, and all of it in the audit log.
. "$(dirname "$0")/../lib.sh"
unset WANGGE_PASSWORD WANGGE_NEW_PASSWORD WANGGE_NOW
# No controlling terminal: a password that is not in the environment cannot be asked for.
notty() { setsid -w "$@"; }
sql() { sqlite3 -cmd ".timeout 10000" "$WANGGE_DB" "$@"; }
list_one() { "$WANGGE" worker list | grep "$1"; }

: >"$T/empty"
expect_output "a new database has no workers" "$T/empty" "$WANGGE" worker list
sql "INSERT INTO street VALUES ('S1', '青年路街道', NULL, NULL);
INSERT INTO community VALUES ('C1', 'S1', '示范社区', NULL);
INSERT INTO grid VALUES ('G1', 'C1', '第一网格', NULL, NULL), ('G2', 'C1', '第二网格', NULL, NULL);
INSERT INTO worker (id, name, role) VALUES ('WS001', '曾丽华', 'leader'), ('WS002', '单晓燕', 'worker'),
 ('WS003', '解放', 'worker');
INSERT INTO worker (id, name, departed_at) VALUES ('WS009', '离职', '2026-01-01');
INSERT INTO grid_worker VALUES ('G1', 'WS001'), ('G2', 'WS001'), ('G1', 'WS002'), ('G2', 'WS003');"

cat >"$T/list" <<'EOF'
WS001      曾丽华       leader  未设密码       G1,G2
WS002      单晓燕       worker  未设密码       G1
WS003      解放         worker  未设密码       G2
EOF
expect_output "worker list: id, name, role, password state, grids; departed left out" \
	"$T/list" "$WANGGE" worker list
expect_status "worker with no subcommand is a usage error" 2 "$WANGGE" worker
expect_status "unknown subcommand is a usage error" 2 "$WANGGE" worker fire WS002
check "worker --help" "$WANGGE" worker --help
expect_grep "help names the subcommands" "passwd" "$T/out"

# ---- first passwords ----
expect_status "a first password from WANGGE_PASSWORD" 0 \
	env WANGGE_PASSWORD=shanxy1 "$WANGGE" worker passwd WS002
expect_grep "says whose password was set" "WS002" "$T/out"
expect_status "too short a password is refused" 1 \
	env WANGGE_PASSWORD=12345 "$WANGGE" worker passwd WS003
expect_grep "says the minimum" "6" "$T/err"
expect_status "no terminal and no WANGGE_PASSWORD: refused, not hung" 1 \
	notty "$WANGGE" worker passwd WS003 </dev/null
expect_grep "says how scripts give it" "WANGGE_PASSWORD" "$T/err"
expect_status "unknown worker" 1 env WANGGE_PASSWORD=geheim1 "$WANGGE" worker passwd NOPE
expect_grep "names the id" "NOPE" "$T/err"
expect_status "departed worker" 1 env WANGGE_PASSWORD=geheim1 "$WANGGE" worker passwd WS009
check "stored as an argon2id hash, not the password" \
	test "$(sql "SELECT substr(pw_hash, 1, 10) FROM worker WHERE id = 'WS002'")" = '$argon2id$'
expect_output "nowhere in the file in clear" "0" sql \
	"SELECT count(*) FROM worker WHERE pw_hash LIKE '%shanxy1%'"

# ---- --as ----
expect_status "--as with the right password" 0 env WANGGE_PASSWORD=shanxy1 "$WANGGE" --as WS002 worker list
expect_status "--as with a wrong password" 1 env WANGGE_PASSWORD=shanxy2 "$WANGGE" --as WS002 worker list
expect_grep "says wrong password" "密码错误" "$T/err"
expect_no_grep "shows nothing" "WS001" "$T/out"
expect_status "--as someone with no password yet" 1 env WANGGE_PASSWORD=x "$WANGGE" --as WS003 worker list
expect_grep "says how to set one" "worker passwd WS003" "$T/err"
expect_status "--as nobody known" 1 env WANGGE_PASSWORD=x "$WANGGE" --as NOPE worker list
expect_status "--as without a password or terminal" 1 notty "$WANGGE" --as WS002 worker list </dev/null
expect_output "logins through --as are audited with where they came from" \
	"login|WS002|cli
login.fail|WS002|cli" sql "SELECT action, operator, detail FROM audit WHERE action LIKE 'login%' ORDER BY seq"

# ---- lock after five wrong tries in a row ----
export WANGGE_NOW="2026-11-24 10:00:00"
for i in 2 3 4; do
	env WANGGE_PASSWORD=falsch "$WANGGE" --as WS002 worker list >/dev/null 2>&1
done
expect_status "the fifth wrong try in a row locks" 1 env WANGGE_PASSWORD=falsch "$WANGGE" --as WS002 worker list
expect_grep "says how long to wait" "60 秒" "$T/err"
expect_output "worker list shows the lock" "WS002      单晓燕       worker  已锁定         G1" \
	list_one WS002
export WANGGE_NOW="2026-11-24 10:00:30"
expect_status "while locked even the right password waits" 1 \
	env WANGGE_PASSWORD=shanxy1 "$WANGGE" --as WS002 worker list
expect_grep "30 s left" "30 秒" "$T/err"
export WANGGE_NOW="2026-11-24 10:01:01"
expect_status "a minute later the right password works" 0 \
	env WANGGE_PASSWORD=shanxy1 "$WANGGE" --as WS002 worker list
expect_output "one lock in the audit log" "1" sql "SELECT count(*) FROM audit WHERE action = 'lock'"
unset WANGGE_NOW

# ---- roles ----
expect_status "unknown role" 2 "$WANGGE" worker role WS001 boss
expect_grep "lists the roles" "leader (社区领导) 或 admin (管理员)" "$T/err"
expect_status "while there is no admin, anyone may make the first" 0 "$WANGGE" worker role WS001 admin
expect_output "role set and locked against re-import" "admin|1" \
	sql "SELECT role, role_locked FROM worker WHERE id = 'WS001'"
expect_output "the change is audited with old and new role" "worker.role|WS001|leader -> admin" \
	sql "SELECT action, object, detail FROM audit WHERE action = 'worker.role'"
check "the admin sets a password" env WANGGE_PASSWORD=zenglh1 "$WANGGE" worker passwd WS001
expect_status "now roles need --as an admin" 1 "$WANGGE" worker role WS003 leader
expect_grep "says to use --as" "--as" "$T/err"
expect_status "a worker may not change roles" 1 \
	env WANGGE_PASSWORD=shanxy1 "$WANGGE" --as WS002 worker role WS002 admin
expect_output "nothing changed" "worker|0" sql "SELECT role, role_locked FROM worker WHERE id = 'WS002'"
expect_status "the admin may" 0 env WANGGE_PASSWORD=zenglh1 "$WANGGE" --as WS001 worker role WS003 leader
expect_output "stamped with the admin" "WS001|WS003|worker -> leader" \
	sql "SELECT operator, object, detail FROM audit WHERE action = 'worker.role' ORDER BY seq DESC LIMIT 1"
expect_status "role of an unknown worker" 1 env WANGGE_PASSWORD=zenglh1 "$WANGGE" --as WS001 worker role NOPE leader

# ---- changing a password that is set ----
expect_status "anyone cannot reset a set password" 1 \
	env WANGGE_PASSWORD=geheim9 "$WANGGE" worker passwd WS002
expect_status "the owner may (old one in WANGGE_PASSWORD, new in WANGGE_NEW_PASSWORD)" 0 \
	env WANGGE_PASSWORD=shanxy1 WANGGE_NEW_PASSWORD=shanxy2 "$WANGGE" --as WS002 worker passwd WS002
expect_status "the new one works" 0 env WANGGE_PASSWORD=shanxy2 "$WANGGE" --as WS002 worker list
expect_status "another worker may not" 1 \
	env WANGGE_PASSWORD=shanxy2 WANGGE_NEW_PASSWORD=geheim9 "$WANGGE" --as WS002 worker passwd WS001
expect_status "the admin may reset it" 0 \
	env WANGGE_PASSWORD=zenglh1 WANGGE_NEW_PASSWORD=shanxy3 "$WANGGE" --as WS001 worker passwd WS002
expect_output "every password change is audited, by whom" "|WS002
|WS001
WS002|WS002
WS001|WS002" sql "SELECT coalesce(operator, ''), object FROM audit WHERE action = 'passwd' ORDER BY seq"
check "the audit chain verifies" "$WANGGE" audit verify

# ---- typed on a terminal: asked twice, never echoed ----
if command -v tmux >/dev/null 2>&1; then
	run=0
	tm() { tmux -L "wangge-worker-$$-$run" -f /dev/null "$@"; }
	# wait_for TEXT: up to 60 s for TEXT on the screen (slow only under a loaded sanitizer build)
	wait_for() {
		i=0
		while [ $i -lt 600 ]; do
			tm capture-pane -p -t t >"$T/pane" 2>/dev/null
			grep -qF -- "$1" "$T/pane" && return 0
			sleep 0.1; i=$((i + 1))
		done
		return 1
	}
	# each run on a server of its own: a new session on a server being killed can fail
	run_in_tmux() {
		tm kill-server 2>/dev/null
		run=$((run + 1))
		tm new-session -d -s t -x 100 -y 20 "$* ; echo EXIT=\$?; sleep 60"
	}
	run_in_tmux env WANGGE_DB="$WANGGE_DB" "$WANGGE" worker passwd WS003
	if wait_for "WS003 的新密码"; then
		tm send-keys -t t 'jiefang' Enter
		wait_for "再输入一次" && tm send-keys -t t 'jiefang' Enter
	fi
	wait_for "EXIT="
	expect_grep "typed twice: set" "WS003 的密码已设置" "$T/pane"
	expect_grep "exit 0" "EXIT=0" "$T/pane"
	expect_no_grep "the password never shows" "jiefang" "$T/pane"
	check "and works" env WANGGE_PASSWORD=jiefang "$WANGGE" --as WS003 worker list

	run_in_tmux env WANGGE_DB="$WANGGE_DB" "$WANGGE" --as WS003 worker passwd WS003
	if wait_for "WS003 的密码:"; then
		tm send-keys -t t 'jiefang' Enter
		wait_for "的新密码" && tm send-keys -t t 'jiefang2' Enter
		wait_for "再输入一次" && tm send-keys -t t 'jiefang3' Enter
	fi
	wait_for "EXIT="
	expect_grep "two different entries: refused" "不一致" "$T/pane"
	expect_grep "exit 1" "EXIT=1" "$T/pane"
	check "the old password still works" env WANGGE_PASSWORD=jiefang "$WANGGE" --as WS003 worker list
	tm kill-server 2>/dev/null
else
	ok "# SKIP tmux not installed"
fi

finish
