#!/bin/sh
# stats: households, residents, registered or not, vacant and rented flats and the
# special-population categories per community and grid, from the sample grid file.
# Restricted categories are counted under the neutral mark (重点关注) unless --as names
# someone who may see them in every grid shown.
. "$(dirname "$0")/../lib.sh"
unset WANGGE_PASSWORD
export WANGGE_TODAY=2026-11-24 WANGGE_NOW="2026-11-24 09:30:00"
G1=61010400190001
G2=61010400190002

expect_output "an empty database says how to begin" \
	"还没有网格：请先用 \`wangge import 文件\` 导入网格数据。" "$WANGGE" stats
check "the sample grid file imports" "$WANGGE" import "$ROOT/config/sample/lianhu-sample.yaml"

cat >"$T/all" <<'OUT'
社区/网格       户数  人数  户籍  非户籍  空房  出租  独居/空巢老人  留守儿童  残疾人  低保/特困户  涉军群体/优抚对象  流动人口  重点关注
青年路示范社区    30    51    43       8     5     3              7         1       3            2                  3         4         5
  示范第一网格    14    22    19       3     3     1              3         1       1            1                  2         2         2
  示范第二网格    16    29    24       5     2     2              4         0       2            1                  1         2         3
OUT
expect_output "community and grids; restricted categories under the neutral mark" \
	"$T/all" "$WANGGE" stats
expect_output "--community gives the same rows for the one community" \
	"$T/all" "$WANGGE" stats --community 610104001900
expect_no_grep "no restricted category named for the anonymous caller" "社区矫正" "$T/got"

cat >"$T/g2" <<'OUT'
社区/网格     户数  人数  户籍  非户籍  空房  出租  独居/空巢老人  留守儿童  残疾人  低保/特困户  涉军群体/优抚对象  流动人口  重点关注
示范第二网格    16    29    24       5     2     2              4         0       2            1                  1         2         3
OUT
expect_output "--grid: that grid's row alone" "$T/g2" "$WANGGE" stats --grid $G2

# A worker sees the restricted categories of their own grid, one column each.
check "WS004 gets a password" env WANGGE_PASSWORD=secret1 "$WANGGE" worker passwd WS004
cat >"$T/g2as" <<'OUT'
社区/网格     户数  人数  户籍  非户籍  空房  出租  独居/空巢老人  留守儿童  残疾人  低保/特困户  涉军群体/优抚对象  流动人口  社区矫正对象  刑满释放人员  严重精神障碍患者  吸毒/社区戒毒康复人员  重点信访人员
示范第二网格    16    29    24       5     2     2              4         0       2            1                  1         2             0             1                 0                      1             1
OUT
expect_output "--as the grid's worker: each restricted category counted apart" \
	"$T/g2as" env WANGGE_PASSWORD=secret1 "$WANGGE" --as WS004 stats --grid $G2
expect_output "--as that worker over both grids: neutral mark again (grid 1 is not theirs)" \
	"$T/all" env WANGGE_PASSWORD=secret1 "$WANGGE" --as WS004 stats

# Departed households and moved-out residents are not counted: 7-10 (one registered
# resident) leaves the file, 罗强 (流动人口, not registered) moves out.
sqlite3 "$WANGGE_DB" "UPDATE household SET departed_at = '2026-11-20' WHERE id = '61010400190002-7-10';
UPDATE resident SET moved_out_at = '2026-11-01' WHERE name = '罗强';" 2>"$T/err" || fail "sqlite3: $(cat "$T/err")"
cat >"$T/g2gone" <<'OUT'
社区/网格     户数  人数  户籍  非户籍  空房  出租  独居/空巢老人  留守儿童  残疾人  低保/特困户  涉军群体/优抚对象  流动人口  重点关注
示范第二网格    15    27    23       4     2     2              4         0       2            1                  1         1         3
OUT
expect_output "departed households and moved-out residents leave the counts" \
	"$T/g2gone" "$WANGGE" stats --grid $G2

expect_status "unknown grid: data error" 1 "$WANGGE" stats --grid 999
expect_grep "says which grid" "999" "$T/err"
expect_status "unknown community: data error" 1 "$WANGGE" stats --community 999
expect_status "--grid and --community together: usage error" 2 \
	"$WANGGE" stats --grid $G1 --community 610104001900
expect_status "stray argument: usage error" 2 "$WANGGE" stats extra
check "stats --help" "$WANGGE" stats --help
expect_grep "help shows the usage" "stats [--community CODE | --grid CODE]" "$T/out"
finish
