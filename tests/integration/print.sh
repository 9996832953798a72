#!/bin/sh
# Printed visit checklists: PDF content read back with pdftotext, masking, restricted
# categories never on paper, walking order, page footer; text format; a real CUPS
# scheduler with a virtual PDF printer; no printer at all.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib_cups.sh"
export WANGGE_TODAY=2026-03-14
SAMPLE="$ROOT/config/sample/lianhu-sample.yaml"
$WANGGE import "$SAMPLE" >/dev/null 2>&1 || { fail "sample imports"; finish; exit 1; }
GRID=$(sqlite3 "$WANGGE_DB" "SELECT code FROM grid ORDER BY code LIMIT 1")

expect_status "checklist PDF for a grid" 0 $WANGGE print checklist --grid "$GRID" --out "$T/sheet.pdf"
expect_grep "reports the sheet id and pages" "页" "$T/out"
pdftotext -layout "$T/sheet.pdf" "$T/sheet.txt"
expect_grep "PDF text is extractable Chinese" "走访清单" "$T/sheet.txt"
expect_grep "header names the grid" "$(sqlite3 "$WANGGE_DB" "SELECT name FROM grid WHERE code='$GRID'")" "$T/sheet.txt"
expect_grep "header has the date (tomorrow)" "2026-03-15" "$T/sheet.txt"
tr -d ' ' <"$T/sheet.txt" >"$T/nospace.txt"
expect_grep "footer: page N / M" "第1页/共" "$T/nospace.txt"
expect_grep "outcome boxes are printed" "见到本人" "$T/sheet.txt"

# No full ID number and no restricted category name anywhere on paper.
full_ids=$(sqlite3 "$WANGGE_DB" "SELECT id_number FROM resident WHERE id_number IS NOT NULL")
leak=0
for id in $full_ids; do grep -qF "$id" "$T/sheet.txt" && leak=1; done
[ $leak -eq 0 ] && ok "no full ID number printed" || fail "a full ID number is printed"
for name in 社区矫正 严重精神障碍 吸毒 刑满释放 重点信访; do
	expect_no_grep "restricted category '$name' not printed" "$name" "$T/sheet.txt"
done
if sqlite3 "$WANGGE_DB" "SELECT 1 FROM resident_tag WHERE category IN ('community_correction','mental_disorder') LIMIT 1" | grep -q 1; then
	expect_grep "restricted residents carry the neutral mark" "重点关注" "$T/sheet.txt"
fi

# Walking order: building, unit, floor, room, numerically (line numbers follow it).
sqlite3 "$WANGGE_DB" "SELECT h.walk_key FROM household h JOIN building b ON b.id=h.building_id
	WHERE b.grid_code='$GRID' AND h.departed_at IS NULL ORDER BY b.walk_key, h.walk_key" >"$T/order"
lines=$(sqlite3 "$WANGGE_DB" "SELECT count(*) FROM household h JOIN building b ON b.id=h.building_id WHERE b.grid_code='$GRID' AND h.departed_at IS NULL")
last=$(grep -oE '^ *[0-9]+\. ' "$T/sheet.txt" | tr -dc '0-9\n' | tail -1)
[ "$last" = "$lines" ] && ok "one numbered block per household ($lines)" || fail "blocks: last line $last, households $lines"

# Text format lines up with Chinese text.
expect_status "text format" 0 $WANGGE print checklist --grid "$GRID" --format text --out "$T/sheet.txt2"
expect_grep "text has the header" "走访清单" "$T/sheet.txt2"

# No scheduler: the PDF is kept and its path shown, exit 0.
CUPS_SERVER="$T/nothing-here.sock" $WANGGE print checklist --grid "$GRID" >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && ok "no printer is not a failure" || fail "no printer: exit $rc"
kept=$(grep -oE '/[^ ]+\.pdf' "$T/err" | head -1)
[ -n "$kept" ] && [ -s "$kept" ] && ok "the PDF is kept at the path shown" || fail "kept PDF not found: $(cat "$T/err")"

# A real scheduler with a virtual printer.
if command -v cupsd >/dev/null && [ "$(id -u)" -eq 0 ]; then
	cups_start
	out_dir="$HOME/PDF"
	before=$(ls "$out_dir" 2>/dev/null | wc -l)
	expect_status "printer list names the virtual printer" 0 $WANGGE print printers
	expect_grep "printer listed" "WANGGE_PDF" "$T/out"
	expect_status "print to the virtual printer" 0 $WANGGE print checklist --grid "$GRID" --printer WANGGE_PDF
	expect_grep "job accepted" "任务" "$T/out"
	i=0
	while [ "$(ls "$out_dir" 2>/dev/null | wc -l)" -le "$before" ] && [ $i -lt 100 ]; do sleep 0.2; i=$((i + 1)); done
	printed=$(ls -t "$out_dir"/*.pdf 2>/dev/null | head -1)
	if [ -n "$printed" ] && [ "$(ls "$out_dir" | wc -l)" -gt "$before" ]; then
		ok "the printer produced a file"
		# cups-pdf writes the file while the job runs; wait for it to be whole.
		i=0
		until pdfinfo "$printed" >"$T/info" 2>&1 || [ $i -ge 100 ]; do sleep 0.2; i=$((i + 1)); done
		expect_grep "printed file is a PDF with pages" "Pages:" "$T/info"
		# cups-pdf re-renders through Ghostscript (text becomes outlines), so compare pages.
		want=$(grep -oE '[0-9]+ 页' "$T/out" | head -1 | tr -dc '0-9')
		got=$(awk '/^Pages:/ { print $2 }' "$T/info")
		[ -n "$want" ] && [ "$want" = "$got" ] && ok "the printer printed all $want pages" ||
			fail "pages printed: $got, sheet has $want"
		rm -f "$printed"
	else
		fail "nothing came out of the virtual printer"; tail -5 "$C/log/error_log" | sed 's/^/#   /'
	fi
	cups_stop
else
	fail "cupsd is installed and the test runs as root (needed for the virtual printer)"
fi
finish
