#!/bin/sh
# Hostile text in grid files: control characters and terminal escape sequences (ESC [ 2 J
# clears the screen, ESC ] 0 ; … BEL sets the window title) written as YAML escapes are
# stored as given; raw ones and invalid UTF-8 are refused with file:line:column. Whatever
# is stored never reaches the terminal raw: show, find, stats, the text checklist, the
# importer's own messages and the screen show U+FFFD instead.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib_tmux.sh"

# Bytes a terminal would act on: C0 controls but tab and newline, DEL, C1 (UTF-8 C2 80-9F).
raw_controls() { LC_ALL=C grep -caP '[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]' "$1"; }
expect_clean() {
	n=$(raw_controls "$2")
	if [ "$n" -eq 0 ]; then ok "$1"; else
		fail "$1: $n lines with raw control bytes"; LC_ALL=C grep -naP '[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]' "$2" | head -5 | od -c | head -10 | sed 's/^/#   /'; fi
}

# Written with printf '%s': the backslash escapes are YAML's, in double-quoted scalars.
printf '%s\n' 'version: 1' \
'street: {code: "S9", name: "恶意\e[2J街道", district: "莲湖区\e]0;pwned\a"}' \
'communities:' \
'  - code: "C9"' \
'    name: "社区\e[31m红\e[0m"' \
'    grids:' \
'      - code: "G9"' \
'        name: "网格\x07\x08\x7f九"' \
'        workers:' \
'          - {id: W9, name: "王\e[1m芳", phone: "13800000009"}' \
'        buildings:' \
'          - code: "1"' \
'            compound: "小区\e]0;title\a院"' \
'            households:' \
'              - id: "G9-1-1-101"' \
'                room: "101\e[H"' \
'                note: "备注\e[2J\e]0;x\a\x9b31m\r\n第二行\ttab"' \
'                residents:' \
'                  - {name: "张\e[2J三", sex: 男, relation: "户主\x1b", phone: "13900000001"}' \
'                  - {name: "李\x01\x02\x1f四", sex: 女}' >"$T/hostile.yaml"

expect_status "escapes written as YAML escapes are imported" 0 "$WANGGE" import "$T/hostile.yaml"
expect_clean "the import's messages carry no raw control bytes" "$T/err"
expect_output "and stored as given (ESC [ 2 J inside the name)" "E5BCA01B5B324AE4B889" \
	sqlite3 "$WANGGE_DB" "SELECT hex(name) FROM resident WHERE position = 0"
expect_output "C0 controls stored as given" "E69D8E01021FE59B9B" \
	sqlite3 "$WANGGE_DB" "SELECT hex(name) FROM resident WHERE position = 1"

check "show" "$WANGGE" show G9-1-1-101
expect_clean "show emits no raw control byte" "$T/out"
expect_grep "show shows them replaced" "张�[2J三" "$T/out"
expect_grep "the note's title sequence replaced" "备注�[2J�]0;x�" "$T/out"
check "find by name" "$WANGGE" find 张
expect_clean "find emits no raw control byte" "$T/out"
expect_grep "find shows them replaced" "张�[2J三" "$T/out"
check "find by address" "$WANGGE" find 小区
expect_clean "find by address: no raw control byte" "$T/out"
check "stats" "$WANGGE" stats
expect_clean "stats emits no raw control byte" "$T/out"
check "the text checklist" "$WANGGE" print checklist --grid G9 --format text --out "$T/sheet.txt"
expect_clean "the text checklist has no raw control byte" "$T/sheet.txt"
expect_grep "the checklist shows them replaced" "户主：张�[2J三" "$T/sheet.txt"
w=$(wc -L <"$T/sheet.txt")
[ "$w" -le 80 ] && ok "the checklist keeps its 80 columns ($w)" || fail "checklist lines $w columns wide"
"$WANGGE" --as W9 show G9-1-1-101 >"$T/as.out" 2>&1
expect_clean "show --as a worker: no raw control byte" "$T/as.out"

# Values that the importer refuses: its message quotes them, replaced.
sed 's/sex: 女}/sex: "\\e[2J女", tags: ["\\e]0;x\\a"], birth: "\\e[1m"}/' "$T/hostile.yaml" >"$T/errs.yaml"
expect_status "wrong values with escapes are refused" 1 "$WANGGE" import "$T/errs.yaml"
expect_clean "the findings quote them without raw control bytes" "$T/err"
expect_grep "at file:line:column, replaced" "errs.yaml:20:51: 居民：“sex”应为男或女，实际是“�[2J女”" "$T/err"

# Raw bytes in the file: refused where they are, nothing imported.
before=$(sqlite3 "$WANGGE_DB" "SELECT count(*) FROM resident")
sed 's/"张\\e\[2J三"/"张\xff\xfe三"/' "$T/hostile.yaml" >"$T/bad8.yaml"
expect_status "invalid UTF-8 is refused" 1 "$WANGGE" import "$T/bad8.yaml"
expect_grep "at its line and column" "bad8.yaml:19:30: " "$T/err"
expect_clean "the message has no raw byte" "$T/err"
sed 's/"张\\e\[2J三"/"张\x1b[2J三"/' "$T/hostile.yaml" >"$T/rawesc.yaml"
expect_status "a raw ESC is refused" 1 "$WANGGE" import "$T/rawesc.yaml"
expect_grep "at its line and column" "rawesc.yaml:19:30: " "$T/err"
expect_clean "the message has no raw byte" "$T/err"
printf 'version: 1\nstreet: {code: "S8", name: 街\033]0;t\007道}\n' >"$T/plain.yaml"
expect_status "a raw title sequence in a plain scalar is refused" 1 "$WANGGE" import "$T/plain.yaml"
expect_grep "at its line and column" "plain.yaml:2:29: " "$T/err"
expect_output "nothing of the refused files was stored" "$before" \
	sqlite3 "$WANGGE_DB" "SELECT count(*) FROM resident"

# The screen: tmux would act on a raw ESC [ 2 J (clear) or the title sequence; the
# replaced text must be there to read.
screen_start a 80 24
screen_wait a "Worker (name, pinyin or id)" 30
expect_screen "the worker picker shows the name replaced" a "王�[1m芳"
screen_type a W9; screen_keys a Enter
screen_wait a "New password" 20
screen_type a hostile9; screen_keys a Enter
screen_wait a "Type it again" 20
screen_type a hostile9; screen_keys a Enter
expect_screen "logged in; the title bar shows the street replaced" a "恶意�[2J街道" 30
screen_type a 张
expect_screen "the lookup shows the name replaced" a "张�[2J三"
screen_keys a Enter
expect_screen "the card shows the name replaced" a "李���四"
expect_screen "and the note" a "备注�[2J�]0;x�"
tm capture-pane -p -t a >"$T/screen.txt"
expect_clean "nothing raw on the screen" "$T/screen.txt"
screen_fits a 80 && ok "the card keeps within 80 columns" || fail "card wider than 80 columns"
screen_keys a F10
[ "$(screen_exit a)" = 0 ] && ok "F10 quits" || fail "quit"
check "wangge check passes" "$WANGGE" check
finish
