#!/bin/sh
# Crash during import: kill -9 an import of a large generated file at random moments.
# Afterwards the database passes integrity_check and holds exactly the state before the
# import or exactly the state after it. TRIALS=200 for `make stress`.
. "$(dirname "$0")/../lib.sh"
TRIALS=${TRIALS:-20}
GEN="$ROOT/$BUILD/gengrid"
# The plain build: the sanitizer build is too slow to catch mid-import at random.
PLAIN="$ROOT/$BUILD/wangge"
[ -x "$PLAIN" ] || PLAIN=$WANGGE
export ASAN_OPTIONS=detect_leaks=0

$GEN --households 20000 --seed 7 >"$T/big.yaml" || { fail "generator runs"; finish; exit 1; }
$PLAIN --db "$T/base.db" import "$ROOT/config/sample/lianhu-sample.yaml" >/dev/null 2>&1 ||
	{ fail "sample imports"; finish; exit 1; }

# What a user would miss: places, households, residents, tags (timestamps aside).
fingerprint() {
	sqlite3 "$1" "SELECT
		(SELECT group_concat(code, ',') FROM (SELECT code FROM grid ORDER BY code)),
		(SELECT count(*) FROM household), (SELECT count(*) FROM household WHERE departed_at IS NULL),
		(SELECT count(*) FROM resident), (SELECT count(*) FROM resident_tag),
		(SELECT total(length(name)) FROM resident), (SELECT count(*) FROM worker)" 2>&1
}
before=$(fingerprint "$T/base.db")
cp "$T/base.db" "$T/full.db"
start=$(date +%s%N)
$PLAIN --db "$T/full.db" import "$T/big.yaml" >/dev/null 2>&1 || { fail "full import runs"; finish; exit 1; }
took_ms=$(( ($(date +%s%N) - start) / 1000000 ))
after=$(fingerprint "$T/full.db")
[ "$before" != "$after" ] && ok "the import changes the database (${took_ms} ms)" || fail "import changed nothing"

bad=0
n_before=0
n_after=0
i=0
while [ $i -lt "$TRIALS" ]; do
	i=$((i + 1))
	cp "$T/base.db" "$T/trial.db"
	rm -f "$T/trial.db-wal" "$T/trial.db-shm"
	# a random moment within the import's duration (and a little beyond)
	delay_ms=$(awk -v s="$i" -v t="$took_ms" 'BEGIN { srand(s * 7919); printf "%d", rand() * t * 1.1 }')
	$PLAIN --db "$T/trial.db" import "$T/big.yaml" >/dev/null 2>&1 &
	pid=$!
	sleep "$(awk -v d="$delay_ms" 'BEGIN { printf "%.3f", d / 1000 }')"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	check=$(sqlite3 "$T/trial.db" "PRAGMA integrity_check" 2>&1)
	now=$(fingerprint "$T/trial.db")
	if [ "$check" != "ok" ]; then
		bad=$((bad + 1)); echo "# trial $i (${delay_ms} ms): integrity_check: $check"
	elif [ "$now" = "$before" ]; then
		n_before=$((n_before + 1))
	elif [ "$now" = "$after" ]; then
		n_after=$((n_after + 1))
	else
		bad=$((bad + 1)); echo "# trial $i (${delay_ms} ms): half-written state: $now"
	fi
done
echo "# $TRIALS trials: $n_before before, $n_after after, $bad broken"
[ $bad -eq 0 ] && ok "$TRIALS kills mid-import: always all or nothing, integrity ok" ||
	fail "$bad of $TRIALS killed imports left a broken or half-written database"
finish
