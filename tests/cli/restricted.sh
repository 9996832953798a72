#!/bin/sh
# Restricted categories against every command-line surface, for every role, on the
# sample grid: grid 1 (61010400190001) has 欧阳振华 (社区矫正对象) and 杨丽 (严重精神障碍患者);
# WS002 works grid 1, WS004 grid 2 of the same community, WS001 leads the community,
# WS005 is made admin. Nobody (no --as) and WS004 must never see grid 1's restricted
# categories; the neutral mark stands in where the surface shows categories at all.
. "$(dirname "$0")/../lib.sh"
unset WANGGE_PASSWORD WANGGE_NEW_PASSWORD WANGGE_NOW
export WANGGE_TODAY=2026-11-24
G1=61010400190001
HH=61010400190001-1-2-202   # 欧阳振华

if ! "$WANGGE" import "$ROOT/config/sample/lianhu-sample.yaml" >"$T/import.out" 2>&1; then
	fail "the sample imports"; sed 's/^/#   /' "$T/import.out" | head
	finish; exit 1
fi
for w in WS001 WS002 WS003 WS004 WS005; do
	WANGGE_PASSWORD="pw-$w" "$WANGGE" worker passwd "$w" >/dev/null
done
"$WANGGE" worker role WS005 admin >/dev/null

# as WHO COMMAND...: run as a worker (their password from the environment) or as nobody
as() {
	who=$1; shift
	if [ "$who" = nobody ]; then "$WANGGE" "$@"
	else WANGGE_PASSWORD="pw-$who" "$WANGGE" --as "$who" "$@"; fi
}
# Grid 1's restricted categories, by name and by code.
SECRETS="社区矫正对象 community_correction 严重精神障碍患者 mental_disorder"
# hides WHO SURFACE COMMAND...: the output (stdout and stderr) names none of them
hides() {
	who=$1; what=$2; shift 2
	as "$who" "$@" >"$T/o" 2>&1
	leaked=
	for s in $SECRETS; do grep -qF -- "$s" "$T/o" && leaked="$leaked $s"; done
	if [ -z "$leaked" ]; then ok "$what as $who: no restricted category of grid 1"
	else fail "$what as $who: shows$leaked"; grep -F -e 社区矫正 -e 精神障碍 "$T/o" | head -3 | sed 's/^/#   /'; fi
}
# shows WHO SURFACE TEXT COMMAND...: the output contains TEXT
shows() {
	who=$1; what=$2; text=$3; shift 3
	as "$who" "$@" >"$T/o" 2>&1
	if grep -qF -- "$text" "$T/o"; then ok "$what as $who: shows $text"
	else fail "$what as $who: no $text"; head -5 "$T/o" | sed 's/^/#   /'; fi
}

for who in nobody WS004; do
	hides "$who" show show "$HH"
	shows "$who" show 重点关注 show "$HH"
	hides "$who" find find 欧阳振华
	hides "$who" due due --grid "$G1" --within 400
	hides "$who" "stats" stats --grid "$G1"
	hides "$who" report report --grid "$G1"
	hides "$who" "report csv" report --grid "$G1" --format csv
	hides "$who" "export special" export special --grid "$G1" --format csv
	shows "$who" "export special" 重点关注 export special --grid "$G1" --format csv
	hides "$who" "export population" export population --grid "$G1" --format csv
	hides "$who" "print checklist" print checklist --grid "$G1" --format text --out -
done
# Search never matches on a restricted category for those who may not see it.
for who in nobody WS004; do
	for q in 社区矫正 社区矫正对象 community_correction 精神障碍 重点关注; do
		as "$who" find "$q" >"$T/o" 2>&1
		if grep -qF "$HH" "$T/o" || grep -qF 杨丽 "$T/o"; then
			fail "find $q as $who: finds grid 1's restricted residents"
		else ok "find $q as $who: finds no one by a restricted category"; fi
	done
done

# Those in scope see the category itself.
for who in WS002 WS001 WS005; do
	shows "$who" show 社区矫正对象 show "$HH"
	shows "$who" due 社区矫正对象 due --grid "$G1" --within 400
	shows "$who" "export special" 社区矫正对象 export special --grid "$G1" --format csv
done

# ID numbers and phones stay masked for everyone on the command line.
for who in nobody WS002 WS005; do
	as "$who" show "$HH" >"$T/o" 2>&1
	expect_no_grep "show as $who: ID number masked" 610104197209099010 "$T/o"
	expect_grep "show as $who: masked form" "6101**********9010" "$T/o"
done

# Looking at a restricted card is in the audit log; a refused --as shows nothing.
expect_output "views of the restricted card by those who see it are audited" "WS001
WS002
WS005" sh -c "sqlite3 '$WANGGE_DB' \"SELECT DISTINCT operator FROM audit WHERE action = 'view.restricted' AND object = '$HH' ORDER BY 1\""
expect_status "a wrong password shows nothing" 1 env WANGGE_PASSWORD=nope "$WANGGE" --as WS002 show "$HH"
expect_no_grep "not even the household" 欧阳振华 "$T/out"

# A restricted category used as the export filter must not list its residents to
# those who may not see it (the filter would name the category).
as nobody export special --category community_correction --format csv >"$T/o" 2>&1
expect_no_grep "export --category of a restricted category lists no one to nobody" 欧阳振华 "$T/o"

# Intervals are per category and community correction is the only restricted one of 7
# days, so a date 7 days after the person was put on file would name it: those who may not
# see the category get no due line for the person, and no next-visit date in exports.
as nobody due --grid "$G1" --within 400 >"$T/o" 2>&1
expect_no_grep "due: no line of a hidden restricted category for nobody" 欧阳振华 "$T/o"
as WS004 due --grid "$G1" --within 400 >"$T/o" 2>&1
expect_no_grep "due: none for a worker of another grid either" 欧阳振华 "$T/o"
as WS002 due --grid "$G1" --within 400 >"$T/o" 2>&1
expect_grep "due: the grid's own worker has the line" 欧阳振华 "$T/o"
as nobody export special --grid "$G1" --format csv >"$T/o" 2>&1
grep 欧阳振华 "$T/o" >"$T/row"
if grep -q '2026-12-01' "$T/row"; then fail "export special gives nobody 欧阳振华's next visit date"
else ok "export special: no next-visit date under the neutral mark"; fi

check "the audit log still verifies" "$WANGGE" audit verify
finish
