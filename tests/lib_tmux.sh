# Shared by the screen tests (tests/screen/*.sh), after tests/lib.sh: drive the real
# program in a private tmux server the way a person does, with send-keys, and read the
# screen with capture-pane. Waiting polls the screen with a time limit instead of
# sleeping a fixed time.
command -v tmux >/dev/null 2>&1 || { echo "1..0 # SKIP tmux is not installed"; exit 0; }

TMUX_SOCKET="wangge-test-$$"
trap 'tmux -L "$TMUX_SOCKET" kill-server 2>/dev/null; rm -rf "$T"' EXIT
# Screen tests read English labels unless they ask for Chinese (LANGUAGE=zh_CN).
: "${SCREEN_LANGUAGE:=en}"

tm() { tmux -L "$TMUX_SOCKET" -f /dev/null "$@"; }

# screen_start NAME COLS ROWS [WANGGE-ARGS...]: run wangge in a new tmux session. Its
# exit status goes to $T/NAME.exit and stderr to $T/NAME.err; the pane stays to be read.
screen_start() {
	_name=$1 _cols=$2 _rows=$3
	shift 3
	{
		echo "#!/bin/sh"
		echo "export LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen LANGUAGE='$SCREEN_LANGUAGE'"
		echo "export WANGGE_DB='$WANGGE_DB' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' XDG_DATA_HOME='$XDG_DATA_HOME'"
		echo "export ASAN_OPTIONS='$ASAN_OPTIONS' UBSAN_OPTIONS='$UBSAN_OPTIONS'"
		[ -n "${WANGGE_TODAY:-}" ] && echo "export WANGGE_TODAY='$WANGGE_TODAY'"
		printf "'%s'" "$WANGGE"
		for _a in "$@"; do printf " '%s'" "$_a"; done
		echo " 2>'$T/$_name.err'"
		echo "echo \$? >'$T/$_name.exit'"
	} >"$T/$_name.sh"
	rm -f "$T/$_name.exit"
	tm new-session -d -s "$_name" -x "$_cols" -y "$_rows" "sh '$T/$_name.sh'; sleep 600"
	tm set-option -t "$_name" status off >/dev/null
	tm resize-window -t "$_name" -x "$_cols" -y "$_rows" 2>/dev/null
}

# screen_text NAME: the screen as text, one line per row.
screen_text() { tm capture-pane -p -t "$1"; }

# screen_keys NAME KEY...: tmux key names (Enter, Escape, C-s, F10, Down, ...).
screen_keys() { _sk=$1; shift; tm send-keys -t "$_sk" "$@"; }
# screen_type NAME TEXT: type text literally (Chinese included).
screen_type() { tm send-keys -t "$1" -l "$2"; }

# screen_wait NAME TEXT [SECONDS]: true once TEXT is on the screen; the screen is left in
# $T/NAME.screen either way.
screen_wait() {
	_limit=$(( ${3:-20} * 10 ))
	_i=0
	while [ "$_i" -lt "$_limit" ]; do
		screen_text "$1" >"$T/$1.screen" 2>/dev/null
		grep -qF -- "$2" "$T/$1.screen" && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}

# screen_wait_gone NAME TEXT [SECONDS]: true once TEXT has left the screen.
screen_wait_gone() {
	_limit=$(( ${3:-20} * 10 ))
	_i=0
	while [ "$_i" -lt "$_limit" ]; do
		screen_text "$1" >"$T/$1.screen" 2>/dev/null
		grep -qF -- "$2" "$T/$1.screen" || return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}

# expect_screen DESCRIPTION NAME TEXT [SECONDS]: TAP line; prints the screen on failure.
expect_screen() {
	if screen_wait "$2" "$3" "${4:-20}"; then ok "$1"; else
		fail "$1: '$3' not on the screen"; sed 's/^/#   |/' "$T/$2.screen"; fi
}
expect_not_screen() {
	screen_text "$2" >"$T/$2.screen"
	if grep -qF -- "$3" "$T/$2.screen"; then
		fail "$1: '$3' is on the screen"; sed 's/^/#   |/' "$T/$2.screen"; else ok "$1"; fi
}

# screen_exit NAME [SECONDS]: wait for wangge to end; prints its exit status.
screen_exit() {
	_limit=$(( ${2:-20} * 10 ))
	_i=0
	while [ ! -s "$T/$1.exit" ] && [ "$_i" -lt "$_limit" ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	cat "$T/$1.exit" 2>/dev/null || echo timeout
}

# screen_login NAME WHO PASSWORD [first]: pick WHO at the login screen and log in; with
# "first", set the password (typed twice) on the way.
screen_login() {
	screen_wait "$1" "Worker (name, pinyin or id)" || return 1
	screen_type "$1" "$2"
	screen_keys "$1" Enter
	if [ "${4:-}" = first ]; then
		screen_wait "$1" "New password" || return 1
		screen_type "$1" "$3"; screen_keys "$1" Enter
		screen_wait "$1" "Type it again" || return 1
	else
		screen_wait "$1" "Password:" || return 1
	fi
	screen_type "$1" "$3"; screen_keys "$1" Enter
	screen_wait "$1" "Find:" 30
}

# screen_fits NAME COLS: every line of the screen is at most COLS columns wide.
screen_fits() {
	screen_text "$1" >"$T/$1.screen"
	[ "$(wc -L <"$T/$1.screen")" -le "$2" ]
}
