#!/bin/sh
# A 2,000-household grid prints whole: no size limit, every household once, in order,
# and no household block split across two pages. Keying such a sheet back in.
. "$(dirname "$0")/../lib.sh"
export WANGGE_TODAY=2026-03-14
python3 - >"$T/big.yaml" <<'PY'
surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平"
print('version: 1')
print('street: {code: "610104009", name: 测试街道}')
print('communities:')
print('  - code: "610104009001"')
print('    name: 测试社区')
print('    grids:')
print('      - code: "61010400900101"')
print('        name: 大网格')
print('        workers: [{id: WB1, name: 测试员}]')
print('        buildings:')
n = 0
for b in range(1, 41):
    print(f'          - code: "{b}"')
    print('            households:')
    for u in range(1, 3):
        for f in range(1, 26):
            n += 1
            room = f"{f}01"
            print(f'              - id: "B-{b}-{u}-{room}"')
            print(f'                unit: "{u}"')
            print(f'                room: "{room}"')
            print('                residents:')
            name = surnames[n % 20] + given[(n // 20) % 20] + given[n % 7]
            tags = "[elderly_alone]" if n % 5 == 0 else ("[disabled, low_income]" if n % 7 == 0 else "[]")
            print(f'                  - {{name: {name}, relation: 户主, tags: {tags}}}')
PY
$WANGGE import "$T/big.yaml" >"$T/out" 2>&1 || { fail "big grid imports"; sed 's/^/#   /' "$T/out" | head; finish; exit 1; }
expect_status "a 2,000-household sheet renders" 0 $WANGGE print checklist --grid 61010400900101 --out "$T/big.pdf"
pages=$(pdfinfo "$T/big.pdf" | awk '/^Pages:/ { print $2 }')
pdftotext -layout "$T/big.pdf" "$T/big.txt"
# Pages are separated by form feeds. On each page, every block that starts (a line
# "N. address") also ends (its signature box) on that page.
awk -v RS='\f' '
	NF == 0 { next }
	{
		starts = 0; ends = 0
		n = split($0, line, "\n")
		for (i = 1; i <= n; i++) {
			if (line[i] ~ /^ *[0-9]+\. /) starts++
			if (line[i] ~ /签名/) ends++
		}
		if (starts != ends) { print "page " NR ": " starts " blocks start, " ends " end"; bad++ }
		total += starts
	}
	END { print "blocks " total; exit bad > 0 }' "$T/big.txt" >"$T/split" 2>&1
rc=$?
[ $rc -eq 0 ] && ok "no block split across the $pages pages" || { fail "a block is split"; head -5 "$T/split" | sed 's/^/#   /'; }
expect_grep "all 2,000 households are on the sheet" "blocks 2000" "$T/split"
grep -oE '^ *[0-9]+\. ' "$T/big.txt" | tr -dc '0-9\n' >"$T/numbers"
seq 1 2000 >"$T/want"
cmp -s "$T/numbers" "$T/want" && ok "line numbers run 1..2000 in order" || fail "line numbers out of order"
# Walking order: building 2 before building 10, unit 1 before unit 2, floor 2 before 10.
first_b10=$(grep -n '10号楼' "$T/big.txt" | head -1 | cut -d: -f1)
last_b2=$(grep -n '[^0-9]2号楼' "$T/big.txt" | tail -1 | cut -d: -f1)
[ -n "$first_b10" ] && [ -n "$last_b2" ] && [ "$last_b2" -lt "$first_b10" ] &&
	ok "building 2 is walked before building 10" || fail "walking order: 2号楼 at $last_b2, 10号楼 at $first_b10"
finish
