#!/bin/sh
# The benchmark of issue 8: `make bench` (street and city scale) and `make bench-quick`
# (street scale only) run this with BUILD set to the optimised build.
#
#   sh bench/run.sh quick|full
#
# Every figure is measured next to its baseline in the same run and printed as a ratio.
# Data comes from tools/gengrid with fixed seeds into bench/data/ (not committed); the
# table goes to standard output and, with every raw figure, to bench/results.json.
# Budget: the full run stays within 20 minutes on a 2-core machine.
set -eu
mode=${1:-quick}
case $mode in quick|full) ;; *) echo "usage: sh bench/run.sh quick|full" >&2; exit 2 ;; esac
: "${BUILD:=build}"
cd "$(dirname "$0")/.."
ROOT=$(pwd)
WANGGE=$ROOT/$BUILD/wangge
GEN=$ROOT/$BUILD/gengrid
DATA=$ROOT/bench/data
BIN=$ROOT/$BUILD/bench
RESULTS=$ROOT/bench/results.json
export LANG=C.UTF-8 LC_ALL=C.UTF-8
unset LANGUAGE WANGGE_DB
# Built-in configuration only; never the user's own config or database.
export XDG_CONFIG_HOME="$DATA/config" XDG_DATA_HOME="$DATA/share"

for f in "$WANGGE" "$GEN"; do
	[ -x "$f" ] || { echo "bench: $f is missing; run make BUILD=$BUILD first" >&2; exit 1; }
done
mkdir -p "$DATA" "$BIN" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"

YAML_CFLAGS=$(pkg-config --cflags yaml-0.1)
YAML_LIBS=$(pkg-config --libs yaml-0.1)
cc -O2 -Wall -o "$BIN/measure" bench/measure.c
cc -O2 -Wall $YAML_CFLAGS -o "$BIN/yaml_floor" bench/yaml_floor.c $YAML_LIBS

KV=$DATA/results.kv      # key<TAB>value, every raw figure of this run
TABLE=$DATA/table.txt    # rows of the printed table: what|scale|measured|baseline|ratio|target
: >"$KV"
: >"$TABLE"

put() { printf '%s\t%s\n' "$1" "$2" >>"$KV"; }
get() { awk -F '\t' -v k="$1" '$1 == k { v = $2 } END { print v }' "$KV"; }
row() { printf '%s|%s|%s|%s|%s|%s\n' "$@" >>"$TABLE"; }
say() { printf '%s\n' "$*" >&2; }
# ratio A B: A / B with one decimal ("-" when either is missing).
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "-";
	else printf "%.1f", a / b }'; }
secs() { awk -v s="$1" 'BEGIN { if (s == "") printf "-"; else if (s < 1) printf "%.0f ms", s * 1000;
	else printf "%.2f s", s }'; }
mib() { awk -v k="$1" 'BEGIN { if (k == "") printf "-"; else printf "%.0f MB", k / 1024 }'; }
thousands() { printf '%s' "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }

# runs KEY N SETUP COMMAND...: run COMMAND N times under measure, calling the shell
# function SETUP before each (":" for none; it is not timed). Records KEY.wall (median
# seconds), KEY.wall_min, KEY.rss_kb (largest peak RSS) and KEY.runs.
runs() {
	_rk=$1 _rn=$2 _rs=$3
	shift 3
	_rl=$DATA/$_rk.runs
	: >"$_rl"
	_ri=0
	while [ "$_ri" -lt "$_rn" ]; do
		$_rs
		if ! "$BIN/measure" -o "$_rl" "$@" >"$DATA/$_rk.out" 2>"$DATA/$_rk.err"; then
			say "bench: $_rk: '$*' failed:"
			tail -5 "$DATA/$_rk.err" >&2
			return 1
		fi
		_ri=$((_ri + 1))
	done
	put "$_rk.runs" "$_rn"
	put "$_rk.wall" "$(awk '{ print $2 }' "$_rl" | sort -g | awk '{ v[NR] = $1 }
		END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')"
	put "$_rk.wall_min" "$(awk '{ print $2 }' "$_rl" | sort -g | head -1)"
	put "$_rk.rss_kb" "$(awk '{ print $4 }' "$_rl" | sort -n | tail -1)"
}

# Read a file once so that every measured run finds it in the page cache alike.
warm() { cat "$@" >/dev/null; }

count_rows() {  # DB TABLE: rows in TABLE of SQLite file DB
	python3 -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM " + sys.argv[2]).fetchone()[0])' "$1" "$2"
}

# ---------------------------------------------------------------- data
# The street is the 青年路街道 sample of the demo; the city 1,000,000 households.
gen() {  # FILE ARGS...: generate once per gengrid build and arguments
	file=$1
	shift
	stamp="$(cksum <"$GEN") $*"
	if [ -f "$file" ] && [ "$(cat "$file.stamp" 2>/dev/null)" = "$stamp" ]; then return 0; fi
	say "bench: generating $(basename "$file") (gengrid $*)"
	"$GEN" "$@" >"$file.tmp" 2>/dev/null
	mv "$file.tmp" "$file"
	printf '%s\n' "$stamp" >"$file.stamp"
}

STREET=$DATA/street.yaml
gen "$STREET" --street qingnianlu --seed 1
STREET_HH=30458
STREET_RES=81758
if [ "$mode" = full ]; then
	CITY=$DATA/city.yaml
	gen "$CITY" --households 1000000 --seed 1
	CITY_HH=1000000
	CITY_RES=$(awk '/^                  - \{name: / { n++ } END { print n }' "$CITY")
	# PyYAML builds the whole document in memory (~20 GB and ~9 minutes for the city):
	# baseline (b) at city scale is measured on a tenth of it and scaled by 10, which is
	# fair to it (its cost per household only grows with size).
	CITY10=$DATA/city-tenth.yaml
	gen "$CITY10" --households 100000 --seed 1
fi

# ---------------------------------------------------------------- import
# wangge import into a fresh database, against (a) the libyaml event floor and (b) a
# PyYAML + sqlite3 executemany script.
fresh_db() { rm -f "$DB" "$DB-wal" "$DB-shm" "$DB-journal"; }

bench_import() {  # SCALE FILE HOUSEHOLDS RESIDENTS RUNS PY_RUNS [PY_FILE PY_FACTOR]
	scale=$1 file=$2 hh=$3 res=$4 n=$5 npy=$6
	pyfile=${7:-$2} pyfactor=${8:-1}
	say "bench: import at $scale scale ($hh households)"
	warm "$file"
	runs "$scale.import.floor" "$n" : "$BIN/yaml_floor" "$file"
	DB=$DATA/$scale.db
	check=""
	if runs "$scale.import.wangge" "$n" fresh_db "$WANGGE" --db "$DB" import "$file"; then
		got=$(count_rows "$DB" household 2>/dev/null || echo none)
		put "$scale.import.households_in_db" "$got"
		[ "$got" = "$hh" ] || check=" (WRONG: $got households in the database)"
	else
		check=" (FAILED: $(grep -v '^wall ' "$DATA/$scale.import.wangge.err" | head -1 | cut -c1-50))"
		IMPORT_FAILED=1
	fi
	DB=$DATA/$scale-py.db
	warm "$pyfile"
	runs "$scale.import.pyyaml" "$npy" fresh_db python3 bench/pyyaml_import.py "$DB" "$pyfile"
	py=$(get "$scale.import.pyyaml.wall")
	py=$(awk -v s="$py" -v f="$pyfactor" 'BEGIN { print s * f }')
	put "$scale.import.pyyaml.wall_scaled" "$py"
	rm -f "$DATA/$scale.db"* "$DATA/$scale-py.db"*

	w=$(get "$scale.import.wangge.wall")
	fl=$(get "$scale.import.floor.wall")
	r_floor=$(ratio "$w" "$fl")
	r_py=$(ratio "$py" "$w")
	put "$scale.import.ratio_to_floor" "$r_floor"
	put "$scale.import.speedup_over_pyyaml" "$r_py"
	label="$scale $(thousands "$hh") hh / $(thousands "$res") res"
	pynote="(b) PyYAML+sqlite3 $(secs "$py")"
	[ "$pyfactor" = 1 ] || pynote="$pynote (x$pyfactor of a 1/$pyfactor run)"
	row "import time$check" "$label" "$(secs "$w") (median of $n)" \
		"(a) libyaml floor $(secs "$fl")" "${r_floor}x (a)" "<= 3x (a)"
	row "" "" "" "$pynote" "${r_py}x faster than (b)" ">= 20x faster"
	pyrss="(b) $(mib "$(get "$scale.import.pyyaml.rss_kb")")"
	atleast=""
	[ "$pyfactor" = 1 ] || { pyrss="$pyrss for 1/$pyfactor of the households"; atleast=">= "; }
	row "import peak RSS" "$label" "$(mib "$(get "$scale.import.wangge.rss_kb")")" \
		"$pyrss" \
		"(b) uses ${atleast}$(ratio "$(get "$scale.import.pyyaml.rss_kb")" "$(get "$scale.import.wangge.rss_kb")")x as much" \
		"<= 64 MB at 1M"
}

# ---------------------------------------------------------------- later rows
# Each of these measures a feature once it exists in the build and otherwise adds a row
# saying it is not measured yet. They run on a database imported once per scale.

# prepare_db SCALE FILE: the database the later rows query ($DATA/SCALE-query.db).
prepare_db() {
	QDB=$DATA/$1-query.db
	rm -f "$QDB" "$QDB-wal" "$QDB-shm"
	"$WANGGE" --db "$QDB" import "$2" >/dev/null 2>"$DATA/$1-query.err" || {
		say "bench: importing $2 for the query rows failed"; tail -5 "$DATA/$1-query.err" >&2; return 1; }
}

has_command() { "$WANGGE" --help 2>&1 | grep -q "^ *$1\\b"; }

# >>> lookup (issue: screen/search). Per-keystroke latency of the search engine against
# (c) a plain LIKE '%...%' scan and (d) fzf --filter over a text dump.
# The engine and (c) run in one process per measurement (bench/lookup_bench.c, linked
# with the core objects); (d) is one fzf process per keystroke, as a script would run it.
CORE_LIBS="$(pkg-config --libs ncursesw sqlite3 yaml-0.1 icu-uc icu-i18n libsodium \
	pangocairo cairo-pdf xlsxwriter 2>/dev/null) -lcups -lm"
build_lookup_bench() {
	[ -x "$BIN/lookup_bench" ] && [ "$BIN/lookup_bench" -nt bench/lookup_bench.c ] &&
		[ "$BIN/lookup_bench" -nt "$WANGGE" ] && return 0
	cc -std=c11 -O2 -Wall -Iinclude -I"$BUILD/gen" -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
		-o "$BIN/lookup_bench" bench/lookup_bench.c "$BUILD"/obj/src/core/*.o \
		"$BUILD/obj/gen/builtin_config.o" $CORE_LIBS
}

# lookup_row SCALE LABEL FILE: turn lookup_bench output (kind n p50 p99 max hits) into
# figures SCALE.lookup.LABEL.* and return the "all" p50/p99 in P50/P99.
lookup_figures() {
	while read -r kind n p50 p99 max hits; do
		k=$(printf '%s' "$kind" | tr ' ' '_')
		put "$1.lookup.$2.$k.p50_ms" "$p50"
		put "$1.lookup.$2.$k.p99_ms" "$p99"
		put "$1.lookup.$2.$k.max_ms" "$max"
		[ "$kind" = all ] || put "$1.lookup.$2.$k.hits" "$hits"
	done <"$3"
	P50=$(awk '$1 == "all" { print $3 }' "$3")
	P99=$(awk '$1 == "all" { print $4 }' "$3")
}

bench_lookup() {  # SCALE
	say "bench: lookup at $1 scale"
	Q=$DATA/$1-queries.txt
	python3 bench/lookup_data.py "$QDB" "$Q" "$DATA/$1-dump.txt"
	if ! build_lookup_bench 2>"$DATA/lookup_bench.err"; then
		row "lookup p50 / p99" "$1" "not measured: bench/lookup_bench.c does not build" "-" "-" "p99 <= 5 ms at 1M"
		return 0
	fi
	# (c) plain LIKE scan. At city scale each keystroke may scan 3M residents, so the
	# mix runs once there, without a warm-up round.
	if [ "$1" = city ]; then like_rounds=1; else like_rounds=2; fi
	"$BIN/lookup_bench" "$QDB" "$Q" like "$like_rounds" >"$DATA/$1-like.txt"
	lookup_figures "$1" like "$DATA/$1-like.txt"
	c50=$P50 c99=$P99
	# (d) fzf --filter over the text dump, one process per keystroke as a script would
	# run it. At city scale (seconds per call) only the complete queries are typed.
	fz=$DATA/$1-fzf.runs
	: >"$fz"
	warm "$DATA/$1-dump.txt"
	keys=$Q.keys
	fzlabel="(d) fzf --filter"
	if [ "$1" = city ]; then keys=$Q; fzlabel="(d) fzf --filter, whole queries only,"; fi
	while IFS="$(printf '\t')" read -r kind typed; do
		"$BIN/measure" -o "$fz" fzf --filter "$typed" <"$DATA/$1-dump.txt" >/dev/null || true
	done <"$keys"
	d50=$(awk '{ print $2 * 1000 }' "$fz" | sort -g | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] }')
	d99=$(awk '{ print $2 * 1000 }' "$fz" | sort -g | awk '{ v[NR] = $1 } END { i = int(0.99 * (NR - 1) + 0.999999) + 1; printf "%.1f", v[i] }')
	put "$1.lookup.fzf.all.p50_ms" "$d50"
	put "$1.lookup.fzf.all.p99_ms" "$d99"
	# the engine
	if "$BIN/lookup_bench" "$QDB" "$Q" engine 3 >"$DATA/$1-engine.txt" 2>"$DATA/$1-engine.err"; then
		lookup_figures "$1" engine "$DATA/$1-engine.txt"
		worst=$(awk '$1 != "all" && $4 > w { w = $4; k = $1 } END { printf "%s %.2f ms", k, w }' "$DATA/$1-engine.txt")
		row "lookup p50 / p99" "$1 ($(wc -l <"$Q.keys") keystrokes)" "$P50 / $P99 ms (worst kind: $worst)" \
			"(c) LIKE scan $c50 / $c99 ms" "$(ratio "$c99" "$P99")x faster than (c) at p99" "p99 <= 5 ms at 1M"
		row "" "" "" "$fzlabel $d50 / $d99 ms" "$(ratio "$d99" "$P99")x faster than (d) at p99" ""
	else
		row "lookup p50 / p99" "$1" "not measured: $(head -1 "$DATA/$1-engine.err" | cut -c1-60)" \
			"(c) LIKE scan $c50 / $c99 ms" "-" "p99 <= 5 ms at 1M"
		row "" "" "" "$fzlabel $d50 / $d99 ms" "-" ""
	fi
}
# <<< lookup

# >>> start-up (issue: screen). exec to first drawn screen on the city database.
# Through a pseudo-terminal (bench/pty_probe.c): exec to the last byte of the first
# screen, five times; median time, largest peak RSS.
bench_startup() {  # SCALE
	if ! ls src/tui/*.c >/dev/null 2>&1; then
		row "start-up" "$1" "not measured: screen not built yet" "-" "-" "<= 100 ms, RSS <= 64 MB"
		return 0
	fi
	say "bench: start-up at $1 scale"
	[ -x "$BIN/pty_probe" ] && [ "$BIN/pty_probe" -nt bench/pty_probe.c ] ||
		cc -O2 -Wall -o "$BIN/pty_probe" bench/pty_probe.c -lutil
	out=$DATA/$1-startup.txt
	: >"$out"
	for _ in 1 2 3 4 5; do
		WANGGE_DB=$QDB "$BIN/pty_probe" -q 200 -- "$WANGGE" >>"$out" 2>>"$DATA/$1-startup.err" || true
	done
	ms=$(awk '$1 == "startup_ms" { print $2 }' "$out" | sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }')
	rss=$(awk '$1 == "startup_ms" { print $4 }' "$out" | sort -n | tail -1)
	if [ -z "$ms" ]; then
		row "start-up" "$1" "not measured: $(head -1 "$DATA/$1-startup.err" | cut -c1-60)" "-" "-" "<= 100 ms, RSS <= 64 MB"
		return 0
	fi
	put "$1.startup.ms" "$ms"
	put "$1.startup.rss_kb" "$rss"
	row "start-up to first screen" "$1" "$ms ms, $(mib "$rss") (median of 5)" "-" "-" "<= 100 ms, RSS <= 64 MB"
}
# <<< start-up

# >>> today's work, checklist, report: measured inside one process by
# bench/query_bench.c (linked with the core objects, like lookup_bench), on the query
# database with a year of visits added by bench/gen_visits.py.
build_query_bench() {
	[ -x "$BIN/query_bench" ] && [ "$BIN/query_bench" -nt bench/query_bench.c ] &&
		[ "$BIN/query_bench" -nt "$WANGGE" ] && return 0
	cc -std=c11 -O2 -Wall -Iinclude -I"$BUILD/gen" -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
		$(pkg-config --cflags pangocairo 2>/dev/null) \
		-o "$BIN/query_bench" bench/query_bench.c "$BUILD"/obj/src/core/*.o \
		"$BUILD"/obj/src/print/*.o "$BUILD/obj/gen/builtin_config.o" $CORE_LIBS
}

# qb SCALE WHAT ROUNDS: run query_bench, record SCALE.WHAT.{median_ms,max_ms,rows}; the
# median in QB_MS and the rows in QB_ROWS.
qb() {
	QB_MS="" QB_ROWS=""
	"$BIN/query_bench" "$QDB" "$2" "$3" 2026-12-31 >"$DATA/$1-$2.txt" 2>"$DATA/$1-$2.err" || {
		say "bench: query_bench $2 failed: $(head -1 "$DATA/$1-$2.err")"; return 1; }
	read -r _w _n QB_MS _max QB_ROWS <"$DATA/$1-$2.txt"
	put "$1.$2.median_ms" "$QB_MS"
	put "$1.$2.max_ms" "$_max"
	put "$1.$2.rows" "$QB_ROWS"
}

with_visits() {  # SCALE: a year of visits in the query database, once
	[ -n "${VISITS_ADDED:-}" ] && return 0
	say "bench: adding a year of visits at $1 scale"
	python3 bench/gen_visits.py "$QDB" 2026 1 >/dev/null
	put "$1.visits_in_db" "$(count_rows "$QDB" visit)"
	VISITS_ADDED=1
}

bench_due() {  # SCALE
	if ! build_query_bench 2>"$DATA/query_bench.err"; then
		row "due list" "$1" "not measured: bench/query_bench.c does not build" "-" "-" "street <= 50 ms"
		return 0
	fi
	with_visits "$1"
	say "bench: due list at $1 scale"
	qb "$1" due-street 6 || return 0
	street=$QB_MS lines=$QB_ROWS
	qb "$1" due-grid 6 || return 0
	grid=$QB_MS
	qb "$1" due-naive 2 || return 0
	naive=$QB_MS
	row "due list (today's work)" "$1, whole street" "$street ms ($lines lines)" \
		"(c) one query per tagged resident $naive ms" "$(ratio "$naive" "$street")x faster than (c)" "street <= 50 ms"
	row "due list (today's work)" "$1, largest grid" "$grid ms" "-" "-" "-"
}

bench_checklist() {  # SCALE
	build_query_bench 2>/dev/null || { row "checklist PDF" "$1" "not measured: query_bench does not build" "-" "-" "<= 1 s"; return 0; }
	say "bench: checklist at $1 scale"
	qb "$1" checklist 4 || return 0
	row "checklist PDF" "$1, largest grid ($QB_ROWS households)" "$(secs "$(awk -v m="$QB_MS" 'BEGIN { print m / 1000 }')")" \
		"-" "-" "<= 1 s"
}

bench_report() {  # SCALE
	build_query_bench 2>/dev/null || { row "street report" "$1" "not measured: query_bench does not build" "-" "-" "<= 1 s"; return 0; }
	with_visits "$1"
	say "bench: report at $1 scale"
	qb "$1" report 4 || return 0
	row "street report, one year" "$1 ($(thousands "$QB_ROWS") visits)" \
		"$(secs "$(awk -v m="$QB_MS" 'BEGIN { print m / 1000 }')")" "-" "-" "<= 1 s"
}
# <<< report

# ---------------------------------------------------------------- run
started=$(date +%s)
if [ "$mode" = full ]; then
	bench_import street "$STREET" "$STREET_HH" "$STREET_RES" 5 3
	bench_import city "$CITY" "$CITY_HH" "$CITY_RES" 3 1 "$CITY10" 10
else
	bench_import street "$STREET" "$STREET_HH" "$STREET_RES" 5 3
fi
for scale in street city; do
	[ "$mode" = full ] || [ "$scale" = street ] || continue
	if [ "$scale" = street ]; then file=$STREET; else file=$CITY; fi
	if [ -n "${IMPORT_FAILED:-}" ] || ! prepare_db "$scale" "$file"; then
		row "lookup, start-up, due list, checklist, report" "$scale" \
			"not measured: wangge import does not work in this build" "-" "-" "-"
		continue
	fi
	bench_lookup "$scale"
	bench_startup "$scale"
	# The due-list and report targets are per street; a year of visits for a million
	# households would take the generator longer than the whole benchmark may.
	if [ "$scale" = street ]; then
		bench_due "$scale"
		bench_report "$scale"
	fi
	bench_checklist "$scale"
	VISITS_ADDED=""
	rm -f "$DATA/$scale-query.db"*
done
elapsed=$(( $(date +%s) - started ))
put total_seconds "$elapsed"

# ---------------------------------------------------------------- report
cpu=$(awk -F ': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
cores=$(nproc)
mem=$(awk '/^MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo)
when=$(date -u '+%Y-%m-%d %H:%M UTC')
rev=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)

echo
echo "wangge benchmark ($mode), $when, commit $rev"
echo "machine: $cores cores ($cpu), $mem memory; build $BUILD; ${elapsed} s in all"
echo
awk -F '|' '
	{ for (i = 1; i <= 6; i++) { c[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) } }
	END {
		split("what|scale|measured|baseline(s), same run|ratio|target", h, "|")
		for (i = 1; i <= 6; i++) if (length(h[i]) > w[i]) w[i] = length(h[i])
		line = "|"; sep = "|"
		for (i = 1; i <= 6; i++) {
			line = line sprintf(" %-" w[i] "s |", h[i])
			s = ""; for (j = 0; j < w[i] + 2; j++) s = s "-"; sep = sep s "|"
		}
		print line; print sep
		for (r = 1; r <= NR; r++) {
			line = "|"
			for (i = 1; i <= 6; i++) line = line sprintf(" %-" w[i] "s |", c[r, i])
			print line
		}
	}' "$TABLE"

# bench/results.json: the machine, the table and every raw figure.
{
	printf '{\n  "mode": "%s",\n  "date": "%s",\n  "commit": "%s",\n' "$mode" "$when" "$rev"
	printf '  "machine": {"cores": %s, "cpu": "%s", "memory": "%s"},\n' "$cores" "$cpu" "$mem"
	printf '  "table": [\n'
	awk -F '|' '{ gsub(/"/, "\\\"")
		printf "%s    {\"what\": \"%s\", \"scale\": \"%s\", \"measured\": \"%s\", \"baseline\": \"%s\", \"ratio\": \"%s\", \"target\": \"%s\"}",
			(NR > 1 ? ",\n" : ""), $1, $2, $3, $4, $5, $6 }
		END { print "" }' "$TABLE"
	printf '  ],\n  "figures": {\n'
	awk -F '\t' '{ v = $2; if (v !~ /^-?[0-9.]+([eE][-+]?[0-9]+)?$/) v = "\"" v "\""
		printf "%s    \"%s\": %s", (NR > 1 ? ",\n" : ""), $1, v }
		END { print "" }' "$KV"
	printf '  }\n}\n'
} >"$RESULTS.tmp"
mv "$RESULTS.tmp" "$RESULTS"
echo
echo "raw figures: bench/results.json"
