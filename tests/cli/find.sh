#!/bin/sh
# wangge find: the lookup engine from the command line, on the hand-written sample grid.
# One household a line: id, address, head of household, residents; best match first.
. "$(dirname "$0")/../lib.sh"
SAMPLE=$ROOT/config/sample/lianhu-sample.yaml

if ! "$WANGGE" import "$SAMPLE" >"$T/import.out" 2>&1; then
	fail "the sample grid imports"
	sed 's/^/#   /' "$T/import.out" | head -20
	finish
	exit 1
fi
ok "the sample grid imports"

B1="西北一路陕西省建筑设计研究院第二职工家属院(原省建三公司宿舍)1号楼"
B12="西北一路陕西省建筑设计研究院第二职工家属院(原省建三公司宿舍)12号楼"
TAB=$(printf '\t')
: >"$T/empty"

expect_output "a surname with its own reading, in Chinese" \
"61010400190001-1-1-101${TAB}${B1}1单元101室${TAB}曾国华${TAB}曾国华
61010400190002-6-1-201${TAB}糖坊街𠮷祥苑𠮷祥苑6号楼1单元201室${TAB}曾子墨${TAB}曾子墨" \
	"$WANGGE" find 曾

expect_output "... and in pinyin (zeng, not ceng)" \
"61010400190001-1-1-101${TAB}${B1}1单元101室${TAB}曾国华${TAB}曾国华
61010400190002-6-1-201${TAB}糖坊街𠮷祥苑𠮷祥苑6号楼1单元201室${TAB}曾子墨${TAB}曾子墨" \
	"$WANGGE" find zeng
expect_output "ceng finds no 曾" "$T/empty" "$WANGGE" find ceng

expect_output "pinyin initials of a whole name" \
"61010400190001-1-1-202${TAB}${B1}1单元202室${TAB}解建军${TAB}解建军、王芳、解子涵、解雨桐、李桂兰" \
	"$WANGGE" find xjj

expect_output "a compound surname in mixed pinyin" \
"61010400190001-1-2-201${TAB}${B1}2单元201室${TAB}周𠮷${TAB}周𠮷、尉迟静
61010400190002-6-2-101${TAB}糖坊街𠮷祥苑𠮷祥苑6号楼2单元101室${TAB}尉迟国庆${TAB}尉迟国庆、上官婉儿" \
	"$WANGGE" find yuchi

expect_output "two terms are ANDed: a name and a room" \
"61010400190001-1-1-202${TAB}${B1}1单元202室${TAB}解建军${TAB}解建军、王芳、解子涵、解雨桐、李桂兰" \
	"$WANGGE" find 解 202

expect_output "the last digits of an ID number" \
"61010400190001-0012-1-101${TAB}${B12}1单元101室${TAB}张伟${TAB}张伟" \
	"$WANGGE" find 9019

expect_output "a door number with a leading-zero building code" \
"61010400190001-0012-1-101${TAB}${B12}1单元101室${TAB}张伟${TAB}张伟" \
	"$WANGGE" find 0012-1-101

expect_output "a compound name, in walking order" \
"61010400190002-5-1-301${TAB}药王洞北巷小区5号楼1单元301室${TAB}陈志明${TAB}陈志明、陈晨
61010400190002-5-1-302${TAB}药王洞北巷小区5号楼1单元302室${TAB}刘洋${TAB}刘洋" \
	"$WANGGE" find --limit 2 药王

"$WANGGE" find ywd >"$T/py" 2>&1
"$WANGGE" find 药王洞 >"$T/zh" 2>&1
if cmp -s "$T/py" "$T/zh" && [ -s "$T/py" ]; then ok "place pinyin initials find the same households"
else fail "place pinyin initials find the same households"; diff "$T/py" "$T/zh" | head | sed 's/^/#   /'; fi

# Never shown, never searchable: ID numbers, phones, categories.
"$WANGGE" find 6101 >"$T/ids" 2>&1
expect_no_grep "no ID number is printed" "610104" "$T/ids"
"$WANGGE" find 1001 >"$T/phones" 2>&1
expect_no_grep "no phone is printed" "13002901001" "$T/phones"
expect_output "restricted categories are not searchable (Chinese)" "$T/empty" "$WANGGE" find 社区矫正
expect_output "restricted categories are not searchable (code)" "$T/empty" "$WANGGE" find released_prisoner
expect_output "the neutral mark is not searchable" "$T/empty" "$WANGGE" find 重点关注

expect_status "no match is not an error" 0 "$WANGGE" find 不存在的名字
expect_grep "... but says so on stderr" "不存在的名字" "$T/err"
expect_status "no query is a usage error" 2 "$WANGGE" find
expect_status "a bad limit is a usage error" 2 "$WANGGE" find --limit x 张
expect_status "an unknown option is a usage error" 2 "$WANGGE" find --fuzzy 张
expect_status "--help" 0 "$WANGGE" find --help
expect_grep "--help shows the usage" "find [--limit N] QUERY..." "$T/out"

finish
