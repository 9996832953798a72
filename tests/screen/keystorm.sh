#!/bin/sh
# A key storm: the real program in tmux, logged in, gets thousands of random keys in
# batches — printable ASCII, Chinese characters, Esc sequences (arrows, F-keys, broken
# ones), Enter, Tab, Backspace, ^S, other control keys — with the window resized now and
# then. It must not crash or hang (it still answers afterwards), and the database must
# pass `wangge check` (integrity and audit chain). Left out of the random keys: F10 and
# ^C (quit), ^L (lock), F4 (printing, slow and writes files), ^Z and ^\.
# KEYS (default 5000) and SEED (default 9) choose the storm; `make stress` runs a longer one.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib_tmux.sh"
: "${KEYS:=5000}" "${SEED:=9}"
BATCH=60

"$WANGGE" import "$ROOT/config/sample/lianhu-sample.yaml" >"$T/import.out" 2>&1 ||
	{ fail "import the sample"; sed 's/^/#   /' "$T/import.out"; finish; exit 1; }

screen_start a 80 24
screen_wait a "Worker (name, pinyin or id)" 30
screen_type a WS002; screen_keys a Enter
screen_wait a "New password" 20
screen_type a storm99; screen_keys a Enter
screen_wait a "Type it again" 20
screen_type a storm99; screen_keys a Enter
expect_screen "logged in before the storm" a "Find:" 30

# Found by the storm: a sheet id typed with a leading space freed a pointer inside the
# text (F6 crashed with a bad free).
screen_keys a F6
screen_wait a "sheet id" 10
screen_type a "  no-such-sheet "; screen_keys a Enter
sleep 0.5
screen_keys a Escape Escape
[ ! -e "$T/a.exit" ] && ok "a sheet id with spaces around it is looked up, no crash" ||
	{ fail "F6 with a leading space ended the program"; sed 's/^/#   /' "$T/a.err" | head -20; }

# One batch a line, each key as the hex bytes tmux send-keys -H takes.
awk -v seed="$SEED" -v keys="$KEYS" -v batch="$BATCH" '
function hexs(s,   i, out) {
	out = ""
	for (i = 1; i <= length(s); i++) out = out " " sprintf("%02x", ord[substr(s, i, 1)])
	return out
}
BEGIN {
	srand(seed)
	for (i = 0; i < 256; i++) ord[sprintf("%c", i)] = i
	# UTF-8 of a few Chinese characters (names, places, full-width punctuation)
	nz = split("e5 bc a0|e4 b8 89|e7 8e 8b|e8 8a b3|e5 8d 95|e6 99 93|e7 87 95|e8 8e b2|e6 b9 96|e5 8c ba|e7 a4 be|e5 8c ba|e9 9d 92|e5 b9 b4|e8 b7 af|ef bc 8c|e3 80 82|f0 a0 ae b7|e5 b0 89|e8 bf 9f", zh, "|")
	# Esc sequences as a terminal of TERM=screen sends them, and some broken ones
	# (F10 \033[21~ and F4 \033OS left out)
	ne = split("1b 5b 41|1b 5b 42|1b 5b 43|1b 5b 44|1b 4f 41|1b 4f 42|1b 4f 43|1b 4f 44|1b 4f 50|1b 4f 51|1b 4f 52|1b 5b 31 35 7e|1b 5b 31 37 7e|1b 5b 31 38 7e|1b 5b 31 39 7e|1b 5b 32 30 7e|1b 5b 35 7e|1b 5b 36 7e|1b 5b 31 7e|1b 5b 34 7e|1b 5b 33 7e|1b 5b 32 7e|1b|1b 1b|1b 5b|1b 5b 39 39 39 39 39 7e|1b 4f|1b 5b 3f 32 35 68|1b 5d 30 3b 78 07|1b 5b 4d 20 21 21", esc, "|")
	# control keys: Enter, Tab, Backspace (both), ^S, ^R, ^A, ^E, ^K, ^U, ^W, ^D, ^H, ^J
	nc = split("0d|0d|0d|09|09|7f|7f|08|13|12|01|05|0b|15|17|04|0a", ctl, "|")
	line = ""; n = 0
	for (k = 0; k < keys; k++) {
		r = rand()
		if (r < 0.45) line = line sprintf(" %02x", 32 + int(rand() * 95))
		else if (r < 0.60) line = line " " zh[1 + int(rand() * nz)]
		else if (r < 0.80) line = line " " esc[1 + int(rand() * ne)]
		else line = line " " ctl[1 + int(rand() * nc)]
		if (++n == batch) { print substr(line, 2); line = ""; n = 0 }
	}
	if (n) print substr(line, 2)
}' >"$T/storm"
batches=$(wc -l <"$T/storm")

i=0 sizes="100x30 40x12 132x43 80x24 60x20"
while read -r bytes; do
	i=$((i + 1))
	# shellcheck disable=SC2086
	tm send-keys -t a -H $bytes 2>/dev/null || break
	if [ $((i % 10)) -eq 0 ]; then
		size=$(echo $sizes | cut -d' ' -f$(( (i / 10) % 5 + 1 )))
		tm resize-window -t a -x "${size%x*}" -y "${size#*x}" 2>/dev/null
	fi
	[ -e "$T/a.exit" ] && break
	# let the program drain the batch now and then (and see no stale screen)
	[ $((i % 5)) -eq 0 ] && screen_text a >/dev/null
done <"$T/storm"

if [ -e "$T/a.exit" ]; then
	fail "the program ended during the storm (batch $i of $batches, exit $(cat "$T/a.exit"))"
	sed 's/^/#   /' "$T/a.err" | head -30
	finish; exit 1
fi
ok "$KEYS random keys in $batches batches with resizes (seed $SEED): the program is still running"

# Still answering: back out with Esc, then a resize must redraw the title bar at the new
# width (a hung program would leave the old screen).
tm resize-window -t a -x 80 -y 24 2>/dev/null
for n in 1 2 3 4 5 6; do screen_keys a Escape; sleep 0.2; done
if screen_wait a "Password:" 1; then
	# an idle lock or a stray key left the login: log in again
	screen_type a storm99; screen_keys a Enter
fi
tm resize-window -t a -x 100 -y 30 2>/dev/null
answered=no
for n in $(seq 1 100); do
	screen_text a >"$T/a.screen"
	first=$(head -1 "$T/a.screen")
	if printf '%s' "$first" | grep -q "青年路街道" && [ "$(printf '%s' "$first" | wc -L)" -ge 95 ] &&
			[ "$(wc -l <"$T/a.screen")" -ge 30 ]; then
		answered=yes; break
	fi
	sleep 0.2
done
[ $answered = yes ] && ok "after the storm it answers: the title bar is redrawn at the new width" ||
	{ fail "no answer after the storm"; sed 's/^/#   |/' "$T/a.screen"; }
[ ! -e "$T/a.exit" ] && ok "the program did not end" || fail "it ended (exit $(cat "$T/a.exit"))"

# Quit cleanly: Esc out, F10; a question about unsaved input is answered no/yes as asked.
for n in 1 2 3 4 5 6; do screen_keys a Escape; sleep 0.1; done
screen_keys a F10
st=$(screen_exit a 20)
[ "$st" = 0 ] && ok "F10 quits with status 0" || { fail "quit: $st"; sed 's/^/#   |/' "$T/a.screen"; }
if [ -s "$T/a.err" ] && grep -qE "ERROR: (Address|Leak)Sanitizer|runtime error" "$T/a.err"; then
	fail "sanitizer findings"; sed 's/^/#   /' "$T/a.err" | head -30
else
	ok "no sanitizer findings"
fi
echo "# after the storm: $(sqlite3 "$WANGGE_DB" "SELECT count(*) FROM visit") visits, $(sqlite3 "$WANGGE_DB" "SELECT count(*) FROM audit") audit rows; actions: $(sqlite3 "$WANGGE_DB" "SELECT group_concat(action || ' ' || n, ', ') FROM (SELECT action, count(*) n FROM audit GROUP BY action)")"
check "wangge check passes after the storm (integrity, audit chain)" "$WANGGE" check
finish
