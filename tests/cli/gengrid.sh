#!/bin/sh
# tools/gengrid: the demo street and the benchmark depend on its output being the same
# every time, having the survey's real totals, and looking valid to the importer.
. "$(dirname "$0")/../lib.sh"
GEN=$ROOT/$BUILD/gengrid
if [ ! -x "$GEN" ]; then
	fail "$GEN is built (make BUILD=$BUILD $BUILD/gengrid)"
	finish
	exit 1
fi

"$GEN" --street qingnianlu --seed 1 >"$T/a.yaml" 2>"$T/a.err"
"$GEN" --street qingnianlu --seed 1 >"$T/b.yaml" 2>/dev/null
"$GEN" --street qingnianlu --seed 2 >"$T/c.yaml" 2>/dev/null
if cmp -s "$T/a.yaml" "$T/b.yaml"; then ok "same seed, byte-identical output"
else fail "same seed, byte-identical output"; fi
if cmp -s "$T/a.yaml" "$T/c.yaml"; then fail "another seed gives other data"
else ok "another seed gives other data"; fi

# Households and residents per community, from the output itself (the generator writes
# one household per "- id:" line and one resident per "- {name:" line).
awk '
/^  - code: "/ { if (c != "") print c, h, r; c = $3; h = 0; r = 0; next }
/^    name: / && c != "" && h == 0 { c = c " " $2 }
/^              - id: "/ { h++ }
/^                  - \{name: / { r++ }
END { print c, h, r }' "$T/a.yaml" | tr -d '"' >"$T/totals"
cat >"$T/want" <<'EOF'
610104001001 青年路第一社区 2219 6368
610104001002 青年路第二社区 1679 6788
610104001003 青年路第三社区 3775 6496
610104001004 莲湖路第一社区 2502 6935
610104001005 莲湖路第二社区 4537 10182
610104001006 莲湖路第四社区 2066 5993
610104001007 糖坊街社区 2653 7877
610104001008 东药王洞社区 2398 7194
610104001009 西药王洞社区 3369 10303
610104001010 习武园社区 2749 7751
610104001011 西北一路社区 2436 5656
610104001012 安定社区 75 215
EOF
if cmp -s "$T/want" "$T/totals"; then ok "households and residents per community as in the survey"
else fail "households and residents per community as in the survey"
	diff -u "$T/want" "$T/totals" | sed 's/^/#   /'; fi
expect_grep "the generator reports the street's totals" \
	"30458 households, 81758 residents" "$T/a.err"

# Every ID number: 18 characters, GB 11643 check digit, birth date as in `birth`, 17th
# digit odd for men and even for women, and no number used twice.
awk '
BEGIN { split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " "); cd = "10X98765432" }
/^                  - \{name: / {
	n++
	if (!match($0, /id_number: "[0-9X]+"/)) { bad++; print "no id: " $0; next }
	id = substr($0, RSTART + 12, RLENGTH - 13)
	if (length(id) != 18) { bad++; print "length: " id; next }
	s = 0
	for (i = 1; i <= 17; i++) s += substr(id, i, 1) * w[i]
	if (substr(cd, s % 11 + 1, 1) != substr(id, 18, 1)) { bad++; print "check digit: " id }
	match($0, /birth: [0-9-]+/); b = substr($0, RSTART + 7, 10); gsub(/-/, "", b)
	if (b != substr(id, 7, 8)) { bad++; print "birth: " id " " b }
	male = index($0, "sex: 男") > 0
	if ((substr(id, 17, 1) % 2 == 1) != male) { bad++; print "sex: " $0 }
	if (id in seen) { bad++; print "twice: " id }
	seen[id] = 1
}
END { print n " residents, " bad + 0 " bad" }' "$T/a.yaml" >"$T/ids"
expect_grep "every ID number valid, consistent and unique" "81758 residents, 0 bad" "$T/ids"
grep -v residents "$T/ids" | head -5 | sed 's/^/#   /'

# Grid sizes: 500-800 households, except in 安定社区 (75 households, one grid).
awk '
/^  - code: "/ { comm = $3 }
/^      - code: "/ { if (g != "") print g, gc, n; g = $3; gc = comm; n = 0 }
/^              - id: "/ { n++ }
END { print g, gc, n }' "$T/a.yaml" | tr -d '"' >"$T/grids"
awk '$2 != "610104001012" && ($3 < 500 || $3 > 800) { print "grid " $1 ": " $3 " households" }
     $2 == "610104001012" && $3 != 75 { print "安定社区 grid " $1 ": " $3 }' "$T/grids" >"$T/badgrids"
if [ -s "$T/badgrids" ] || [ "$(wc -l <"$T/grids")" -lt 40 ]; then
	fail "grids of 500-800 households"; sed 's/^/#   /' "$T/badgrids" | head
else ok "grids of 500-800 households ($(wc -l <"$T/grids") grids)"; fi

# 2-3 workers per grid, plus one leader in the first grid of each community.
awk '
/^      - code: "/ { if (g != "") print g, w, l; g = $3; w = 0; l = 0 }
/^          - \{id: W/ { if (index($0, "role: leader")) l++; else w++ }
END { print g, w, l }' "$T/a.yaml" >"$T/workers"
leaders=$(awk '{ s += $3 } END { print s }' "$T/workers")
badw=$(awk '$2 < 2 || $2 > 3' "$T/workers" | wc -l)
if [ "$leaders" = 12 ] && [ "$badw" = 0 ]; then ok "2-3 workers per grid, one leader per community"
else fail "2-3 workers per grid, one leader per community ($leaders leaders, $badw bad grids)"; fi

# Household ids are <grid>-<building>-<unit>-<room> and unique; vacant flats are empty.
awk '/^      - code: "/ { g = substr($3, 2, 14) }
/^              - id: "/ { id = substr($3, 2, length($3) - 2)
	if (index(id, g "-") != 1 || split(id, p, "-") != 4) { bad++; print "form: " id }
	if (id in seen) { bad++; print "twice: " id } seen[id] = 1 }
END { print bad + 0 " bad" }' "$T/a.yaml" >"$T/hids"
expect_grep "household ids unique, of the form grid-building-unit-room" "0 bad" "$T/hids"
vac=$(grep -c '^                tenure: vacant$' "$T/a.yaml")
empty=$(grep -c '^                residents: \[\]$' "$T/a.yaml")
if [ "$vac" = "$empty" ] && [ "$vac" -gt 300 ] && [ "$vac" -lt 1500 ]; then
	ok "about 3% vacant flats, all without residents ($vac)"
else fail "about 3% vacant flats, all without residents ($vac vacant, $empty empty)"; fi
tagged=$(grep -c 'tags: \[' "$T/a.yaml")
if [ "$tagged" -gt 2500 ] && [ "$tagged" -lt 6000 ]; then ok "about 5% of residents tagged ($tagged)"
else fail "about 5% of residents tagged ($tagged)"; fi

# Scaling: exactly N households, every one of them written.
"$GEN" --households 20000 --seed 5 >"$T/s.yaml" 2>"$T/s.err"
n=$(grep -c '^              - id: "' "$T/s.yaml")
if [ "$n" = 20000 ]; then ok "--households 20000 writes 20000 households"
else fail "--households 20000 writes 20000 households (got $n)"; fi
expect_status "--households and --street together are a usage error" 2 \
	"$GEN" --households 10 --street qingnianlu
expect_status "an unknown street is a usage error" 2 "$GEN" --street nowhere
expect_status "a seed that is not a number is a usage error" 2 "$GEN" --seed x1

# The importer takes the generated data and the hand-written sample together, as
# `make run` does. A scaled file of 2,000 households keeps the sanitizer build quick.
"$GEN" --households 2000 --seed 9 >"$T/small.yaml" 2>/dev/null
if "$WANGGE" --help 2>&1 | grep -q import; then
	expect_status "generated file and sample import without errors" 0 \
		"$WANGGE" --db "$T/gen.db" import "$T/small.yaml" "$ROOT/config/sample/lianhu-sample.yaml"
else
	fail "wangge has an import command"
fi
finish
