#!/bin/sh
# wangge import / validate: what the person loading the grid files sees.
. "$(dirname "$0")/../lib.sh"
SAMPLE=$ROOT/config/sample/lianhu-sample.yaml
export WANGGE_TODAY=2026-11-24 WANGGE_NOW="2026-11-24 09:00:00" LANGUAGE=en
cd "$T" || exit 1
cp "$SAMPLE" sample.yaml

expect_status "import --help" 0 "$WANGGE" import --help
expect_grep "import --help shows the usage" "usage: wangge import FILE..." "$T/out"
expect_status "import without a file is a usage error" 2 "$WANGGE" import
expect_status "validate without a file is a usage error" 2 "$WANGGE" validate

# validate never creates or opens the database.
expect_output "validate the sample: counts and no errors" \
	"1 files: 30 households, 51 residents; 0 errors, 2 warnings" \
	"$WANGGE" validate sample.yaml
cat >expected <<'EOF2'
sample.yaml:23:9: warning: grid 61010400190001 (示范第一网格) has 14 households; a grid usually has 500-800
sample.yaml:153:9: warning: grid 61010400190002 (示范第二网格) has 16 households; a grid usually has 500-800
EOF2
if cmp -s expected err; then ok "validate lists the warnings with file:line:column"
else fail "validate lists the warnings with file:line:column"; diff -u expected err | sed 's/^/#   /'; fi
if [ -e "$WANGGE_DB" ]; then fail "validate wrote no database"; else ok "validate wrote no database"; fi

cat >expected <<'EOF2'
households: 30 added, 0 updated, 0 departed, 0 unchanged
residents: 51 added, 0 updated, 0 departed
warnings: 2 (listed above)
EOF2
expect_output "import the sample" expected "$WANGGE" import sample.yaml
cat >expected <<'EOF2'
households: 0 added, 0 updated, 0 departed, 30 unchanged
residents: 0 added, 0 updated, 0 departed
warnings: 2 (listed above)
EOF2
expect_output "importing it again changes nothing" expected "$WANGGE" import sample.yaml

# A file with mistakes: every one reported, nothing imported.
sed -e '56s/room:/rom:/' -e '104s/tags: \[veteran\]}/tags: [veteren]}/' \
    -e '149s/birth: 1936-01-01/birth: 1936-02-30/' \
    -e 's/phone: "029-87310202"/phone: "029-00000000"/' sample.yaml >bad.yaml
cat >expected <<'EOF2'
bad.yaml:56:17: household: unknown key 'rom'; did you mean 'room'?
bad.yaml:54:17: household: 'room' is missing; it is required
bad.yaml:104:136: resident: unknown category 'veteren'; did you mean 'veteran'? Known categories: elderly_alone, left_behind_child, disabled, low_income, veteran, migrant, community_correction, released_prisoner, mental_disorder, drug_user, petitioner
bad.yaml:149:77: resident: 'birth' must be a date written YYYY-MM-DD, found '1936-02-30'
bad.yaml:23:9: warning: grid 61010400190001 (示范第一网格) has 14 households; a grid usually has 500-800
bad.yaml:153:9: warning: grid 61010400190002 (示范第二网格) has 16 households; a grid usually has 500-800
wangge: errors in the grid files: 4; nothing was imported
EOF2
expect_status "import of a file with errors fails" 1 "$WANGGE" import bad.yaml
if cmp -s expected err; then ok "every error named at file:line:column"
else fail "every error named at file:line:column"; diff -u expected err | sed 's/^/#   /'; fi
expect_output "nothing was written: the next import finds the sample unchanged" \
	"households: 0 added, 0 updated, 0 departed, 30 unchanged" \
	sh -c '"$1" import sample.yaml 2>/dev/null | head -1' sh "$WANGGE"
expect_status "validate of a file with errors exits 1" 1 "$WANGGE" validate bad.yaml
expect_grep "validate says how many errors" \
	"1 files: 30 households, 51 residents; 4 errors, 2 warnings" "$T/out"

# Re-import: a household left out of the file is marked departed, a changed phone updated.
awk '/id: "61010400190002-7-12"/ { next } { print }' sample.yaml |
	sed 's/phone: "029-87320008"/phone: "029-87320009"/' >less.yaml
cat >expected <<'EOF2'
households: 0 added, 1 updated, 1 departed, 28 unchanged
residents: 0 added, 0 updated, 0 departed
warnings: 2 (listed above)
EOF2
expect_output "re-import updates and marks departed" expected "$WANGGE" import less.yaml

# In Chinese, as people see it.
mkdir -p "$T/locale/zh_CN/LC_MESSAGES"
msgcat --use-first -o "$T/zh.po" "$ROOT/po/zh_CN/import.po" "$ROOT/po/zh_CN/config.po" &&
	msgfmt -o "$T/locale/zh_CN/LC_MESSAGES/wangge.mo" "$T/zh.po"
cat >expected <<'EOF2'
bad.yaml:56:17: 住户：未知的键“rom”；您是不是想写“room”？
bad.yaml:54:17: 住户：缺少必填项“room”
EOF2
LANGUAGE=zh_CN WANGGE_LOCALEDIR="$T/locale" "$WANGGE" validate bad.yaml >out 2>err
head -2 err >err2
if cmp -s expected err2; then ok "in Chinese: 住户：未知的键, 您是不是想写"
else fail "in Chinese: 住户：未知的键, 您是不是想写"; diff -u expected err2 | sed 's/^/#   /'; fi
expect_output "in Chinese: the summary" "1 个文件：30 户，51 位居民；4 个错误，2 条警告" cat out

expect_status "a missing file is an error" 1 "$WANGGE" validate nosuch.yaml
expect_grep "a missing file is named" "nosuch.yaml" "$T/err"
finish
