#!/bin/sh
# Make sure every Debian package in tools/debian-packages.txt is installed.
# As root: install what is missing with apt-get. Otherwise: print the exact command.
set -eu
here=$(dirname "$0")
list=$(grep -v '^#' "$here/debian-packages.txt" | grep -v '^$')
missing=""
for p in $list; do
	s=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$s" in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
	echo "wangge: missing packages:$missing (this is not a Debian system; install them by hand)" >&2
	exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "wangge: missing Debian packages. Run this, then try again:" >&2
	echo "  sudo apt-get update && sudo apt-get install -y$missing" >&2
	exit 1
fi
echo "wangge: installing missing Debian packages:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
