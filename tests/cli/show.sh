#!/bin/sh
# show: one household with its residents (ID numbers and phones masked), categories
# (restricted ones as 重点关注 unless --as names one of the grid's workers or leaders,
# which is then audited) and visits.
. "$(dirname "$0")/../lib.sh"
unset WANGGE_PASSWORD
export WANGGE_TODAY=2026-11-24 WANGGE_NOW="2026-11-24 09:30:00"
SUN=61010400190002-5-1-402   # 孙桂芳: elderly_alone, disabled, petitioner (restricted)
RENT=61010400190001-1-2-101  # rented, 流动人口, a baby without an ID number

check "the sample grid file imports" "$WANGGE" import "$ROOT/config/sample/lianhu-sample.yaml"

cat >"$T/sun" <<'OUT'
户号  61010400190002-5-1-402
地址  药王洞北巷小区5号楼1单元402室 (5-1-402)
网格  青年路街道 / 青年路示范社区 / 示范第二网格 (61010400190002)
住房  自住

居民（1）
  #  姓名    性别  出生日期    关系  身份证号            电话  户籍  人群类别
  1  孙桂芳  女    1949-04-04  户主  6101**********9425        是    独居/空巢老人, 残疾人, 重点关注

走访：暂无
OUT
expect_output "household, masked ID number, restricted category as the neutral mark" \
	"$T/sun" "$WANGGE" show $SUN
expect_no_grep "the full ID number never appears" "610104194904049425" "$T/got"
expect_no_grep "the restricted category is not named" "信访" "$T/got"

cat >"$T/rent" <<'OUT'
户号  61010400190001-1-2-101
地址  西北一路陕西省建筑设计研究院第二职工家属院(原省建三公司宿舍)1号楼2单元101室 (1-2-101)
网格  青年路街道 / 青年路示范社区 / 示范第一网格 (61010400190001)
住房  出租
备注  出租房, 房东's 电话 13800290000

居民（3）
  #  姓名    性别  出生日期    关系  身份证号            电话         户籍  人群类别
  1  仇志强  男    1990-04-10  户主  4101**********9018  158****0001  否    流动人口
  2  刘婷    女    1992-01-01  配偶  4101**********902X               否    流动人口
  3  仇小宝  男    2026-05-20  子女                                   否
OUT
"$WANGGE" show $RENT >"$T/got" 2>"$T/err"
head -11 "$T/got" >"$T/got11"
if cmp -s "$T/rent" "$T/got11"; then ok "rented flat: note, masked phone, not registered, no ID number"; else
	fail "rented flat"; diff -u "$T/rent" "$T/got11" | sed 's/^/#   /'; fi

"$WANGGE" show 61010400190001-1-1-201 >"$T/got" 2>&1
expect_grep "an empty flat says so" "居民：无（空房）" "$T/got"
expect_grep "and is marked vacant" "住房  空房" "$T/got"
"$WANGGE" show 61010400190001-1-2-201 >"$T/got" 2>&1
expect_grep "rare characters come through whole" "周𠮷" "$T/got"

# The grid's own worker sees the category; the other grid's worker does not.
check "WS004 (grid 2) gets a password" env WANGGE_PASSWORD=secret1 "$WANGGE" worker passwd WS004
check "WS002 (grid 1) gets a password" env WANGGE_PASSWORD=secret1 "$WANGGE" worker passwd WS002
env WANGGE_PASSWORD=secret1 "$WANGGE" --as WS004 show $SUN >"$T/got" 2>&1
expect_grep "--as the grid's worker: the category is named" \
	"独居/空巢老人, 残疾人, 重点信访人员" "$T/got"
expect_no_grep "--as the grid's worker: ID number still masked" "610104194904049425" "$T/got"
n=$(sqlite3 "$WANGGE_DB" "SELECT count(*) FROM audit WHERE action = 'view.restricted' AND operator = 'WS004' AND object = '$SUN'")
if [ "$n" = 1 ]; then ok "showing a restricted category is audited"; else fail "view.restricted rows: $n"; fi
expect_output "--as another grid's worker: the neutral mark" \
	"$T/sun" env WANGGE_PASSWORD=secret1 "$WANGGE" --as WS002 show $SUN
expect_status "--as with a wrong password: refused" 1 \
	env WANGGE_PASSWORD=wrong12 "$WANGGE" --as WS004 show $SUN
expect_no_grep "and nothing is shown" "孙桂芳" "$T/out"

# Control characters in stored text never reach the terminal raw.
sqlite3 "$WANGGE_DB" "UPDATE household SET note = 'a' || char(27) || '[2Jb' WHERE id = '$SUN'"
"$WANGGE" show $SUN >"$T/got" 2>&1
if grep -q "$(printf '\033')" "$T/got"; then fail "an escape sequence reached the output"; else
	ok "an escape sequence in a note is replaced"; fi

expect_status "unknown household: data error" 1 "$WANGGE" show 61010400190009-1-101
expect_grep "says how to look it up" "wangge find" "$T/err"
expect_status "no household id: usage error" 2 "$WANGGE" show
expect_status "two ids: usage error" 2 "$WANGGE" show $SUN $RENT
check "show --help" "$WANGGE" show --help
expect_grep "help shows the usage" "show HOUSEHOLD_ID" "$T/out"
finish
