#!/bin/sh
# Concurrent use: 4 processes record visits as fast as they can while a fifth re-imports
# and a sixth reads. Every visit reported saved is there; nobody failed with "database is
# locked"; the counts add up.
. "$(dirname "$0")/../lib.sh"
VISITS_PER_WRITER=${VISITS_PER_WRITER:-15}
PLAIN="$ROOT/$BUILD/wangge"
[ -x "$PLAIN" ] || PLAIN=$WANGGE
SAMPLE="$ROOT/config/sample/lianhu-sample.yaml"
$PLAIN import "$SAMPLE" >/dev/null 2>&1 || { fail "sample imports"; finish; exit 1; }
sqlite3 "$WANGGE_DB" "SELECT h.id, gw.worker_id FROM household h JOIN building b ON b.id = h.building_id
	JOIN grid_worker gw ON gw.grid_code = b.grid_code WHERE h.departed_at IS NULL
	GROUP BY h.id ORDER BY h.id LIMIT 8" >"$T/targets"
[ -s "$T/targets" ] || { fail "sample has households with workers"; finish; exit 1; }
# A fixed amount of work, not a fixed time: the result must not depend on machine load.

writer() {
	n=$1 k=0
	while [ $k -lt "$VISITS_PER_WRITER" ]; do
		k=$((k + 1))
		line=$(sed -n "$(( (n + $(date +%N | cut -c1-3 | sed 's/^0*//;s/^$/0/') ) % $(wc -l <"$T/targets") + 1 ))p" "$T/targets")
		hh=${line%|*}; w=${line#*|}
		if id=$($PLAIN visit add "$hh" --worker "$w" --kind routine --outcome met \
			--note "writer $n" 2>>"$T/err.$n"); then
			echo "$id" >>"$T/saved.$n"
		else
			echo "FAILED" >>"$T/failed.$n"
		fi
	done
}
importer() {
	while [ ! -e "$T/writers-done" ]; do
		if $PLAIN import "$SAMPLE" >/dev/null 2>>"$T/err.import"; then echo done >>"$T/imports"
		else echo FAILED >>"$T/failed.import"; fi
	done
}
reader() {
	while [ ! -e "$T/writers-done" ]; do
		$PLAIN find 张 >/dev/null 2>>"$T/err.read" || echo FAILED >>"$T/failed.read"
		$PLAIN stats >/dev/null 2>>"$T/err.read" || echo FAILED >>"$T/failed.read"
	done
}
importer & reader &
writer 1 & w1=$!; writer 2 & w2=$!; writer 3 & w3=$!; writer 4 & w4=$!
wait $w1 $w2 $w3 $w4
touch "$T/writers-done"
wait
saved=$(cat "$T"/saved.* 2>/dev/null | wc -l)
failed=$(cat "$T"/failed.* 2>/dev/null | wc -l)
imports=$(grep -c . "$T/imports" 2>/dev/null || echo 0)
echo "# $saved visits saved, $failed failed operations, $imports imports meanwhile"
want=$((4 * VISITS_PER_WRITER))
[ "$saved" -eq "$want" ] && ok "every writer saved all its visits ($saved)" || fail "$saved of $want visits saved"
[ "$failed" -eq 0 ] && ok "no operation failed" || { fail "$failed operations failed"; cat "$T"/err.* | sort | uniq -c | head -5 | sed 's/^/#   /'; }
if cat "$T"/err.* 2>/dev/null | grep -qi "locked\|busy"; then fail "someone saw 'database is locked/busy'"; else ok "nobody saw 'database is locked'"; fi
missing=0
for id in $(cat "$T"/saved.* 2>/dev/null); do
	[ "$(sqlite3 "$WANGGE_DB" "SELECT count(*) FROM visit WHERE id = '$id'")" = 1 ] || missing=$((missing + 1))
done
[ $missing -eq 0 ] && ok "every visit reported saved is in the database" || fail "$missing reported visits are missing"
total=$(sqlite3 "$WANGGE_DB" "SELECT count(*) FROM visit")
[ "$total" -eq "$saved" ] && ok "visit count adds up ($total)" || fail "visits in db $total, reported $saved"
[ "$(sqlite3 "$WANGGE_DB" "PRAGMA integrity_check")" = ok ] && ok "integrity ok" || fail "integrity check"
finish
