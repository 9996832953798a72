#!/bin/sh
# The man pages render without a single groff warning. -k (preconv) and -Tutf8 are what
# man(1) itself uses for pages with Chinese text; the PostScript default device has no CJK
# glyphs and would warn on every character.
. "$(dirname "$0")/../lib.sh"
for page in "$ROOT"/man/wangge.1 "$ROOT"/man/wangge.5; do
	name=$(basename "$page")
	if [ ! -f "$page" ]; then fail "$name exists"; continue; fi
	groff -k -ww -mandoc -Tutf8 -z "$page" 2>"$T/warn"
	if [ -s "$T/warn" ]; then fail "$name: groff -ww -mandoc is clean"; sed 's/^/#   /' "$T/warn"
	else ok "$name: groff -ww -mandoc is clean"; fi
done
finish
