#!/usr/bin/env bash
# Outputs are safe and whole (issue 15, points 3, 5, 6, 8): formula cells
# neutralised in CSV, control bytes escaped in text and CSV, report -o
# written to a temporary file and renamed (a full disk leaves the old file
# as it was and creates no new one, with no libxlsxwriter chatter), and a
# standard output that cannot be written is exit 74.
source "$(dirname "$0")/lib.sh"
db=$(vs_db o)
expect_status 0 "$VS" init "$db"
esc=$'\e'
# Names a spreadsheet would run, and one that clears a terminal.
printf 'Type,Producent,Model,Forvaltning,Antal\n' >"$work/inv.csv"
printf 'camera,Hikvision,-2+3+cmd|'"'"' /C calc'"'"'!A0,KFF,1\n' >>"$work/inv.csv"
printf 'camera,Hikvision,=HYPERLINK("x"),@SUM(A1),2\n' >>"$work/inv.csv"
printf 'camera,Hikvision,X%s[2JY,BUF,3\n' "$esc" >>"$work/inv.csv"
expect_status 0 "$VS" import "$db" "$work/inv.csv" --survey s1

expect_status 0 "$VS" assets "$db" --format csv
expect_contains "$work/out" "\"'-2+3+cmd|' /C calc'!A0\""
expect_contains "$work/out" "\"'=HYPERLINK(\"\"x\"\")\""
expect_contains "$work/out" "\"'@SUM(A1)\""
grep -q "$esc" "$work/out" && fail "assets --format csv carries a raw ESC byte"
expect_status 0 "$VS" assets "$db"
grep -q "$esc" "$work/out" && fail "assets (text) carries a raw ESC byte"
expect_contains "$work/out" 'X?[2JY'

# A name with an ESC that got into a store some other way is shown escaped.
case "$db" in postgres*) chr=chr ;; *) chr=char ;; esac # the one name that differs
vs_sql "$db" "UPDATE asset SET model = 'A' || $chr(27) || '[2JB' || $chr(155) || 'C' WHERE count = 3"
expect_status 0 "$VS" assets "$db"
expect_contains "$work/out" 'A\x1b[2JB\u009bC'
expect_status 0 "$VS" assets "$db" --format csv
expect_contains "$work/out" 'A\x1b[2JB\u009bC'
expect_status 0 "$VS" assets "$db" --by model
grep -q "$esc" "$work/out" && fail "assets --by carries a raw ESC byte"

# Standard output that cannot be written: exit 74, said on stderr.
for cmd in "assets $db" "assets $db --format json" "assets $db --by type" "diff $db s1 s1" \
	"kb lookup HIKVISION" "check Hikvision"; do
	got=0
	# shellcheck disable=SC2086
	"$VS" $cmd >/dev/full 2>"$work/err" || got=$?
	[ "$got" -eq 74 ] || fail "$cmd >/dev/full exited $got, expected 74"
	expect_contains "$work/err" "cannot write standard output"
done

# report -o on a full file system: the old report stays, a new one is not
# made, no temporary file is left, and libxlsxwriter says nothing itself.
prices=$VS_SRC/data/prices/kk-2025-hardware.csv
rep=(report "$db" --plan immediate --prices "$prices")
if [ "$(id -u)" -eq 0 ] && unshare -m --propagation private true 2>/dev/null; then
	mkdir "$work/full"
	VS="$VS" work="$work" DB="$db" PRICES="$prices" unshare -m --propagation private bash -c '
		set -u
		mount -t tmpfs -o size=256k tmpfs "$work/full" || exit 1
		"$VS" report "$DB" --plan immediate --prices "$PRICES" --format html -o "$work/full/old.html" || exit 2
		"$VS" report "$DB" --plan immediate --prices "$PRICES" --format xlsx -o "$work/full/old.xlsx" || exit 3
		cp "$work/full/old.html" "$work/full/old.xlsx" "$work/"
		dd if=/dev/zero of="$work/full/filler" bs=4k 2>/dev/null
		for f in html xlsx csv text; do
			st=0; "$VS" report "$DB" --plan immediate --prices "$PRICES" --format $f -o "$work/full/old.$f" 2>"$work/err.$f" || st=$?
			echo "$f $st" >>"$work/status"
			st=0; "$VS" report "$DB" --plan immediate --prices "$PRICES" --format $f -o "$work/full/new.$f" 2>"$work/errnew.$f" || st=$?
			echo "new$f $st" >>"$work/status"
		done
		ls -A "$work/full" >"$work/listing"
		cmp -s "$work/full/old.html" "$work/old.html" || echo html-changed >>"$work/status"
		cmp -s "$work/full/old.xlsx" "$work/old.xlsx" || echo xlsx-changed >>"$work/status"
	' || fail "could not set up the full tmpfs ($?)"
	for f in html xlsx csv text; do
		grep -qx "$f 74" "$work/status" || fail "report --format $f -o on a full disk: $(grep "^$f " "$work/status")"
		grep -qx "new$f 74" "$work/status" || fail "report --format $f -o NEW on a full disk: $(grep "^new$f " "$work/status")"
		grep -v '^vendorscope: ' "$work/err.$f" "$work/errnew.$f" && fail "--format $f: a message not ours"
	done
	expect_contains "$work/err.html" "old.html: cannot write"
	expect_contains "$work/err.html" "as it was"
	grep -q changed "$work/status" && fail "a failed report -o changed the old file: $(cat "$work/status")"
	[ "$(tr '\n' ' ' <"$work/listing")" = "filler old.html old.xlsx " ] ||
		fail "left in the full directory: $(tr '\n' ' ' <"$work/listing")"
else
	echo "note: the full-disk part needs root and unshare -m; skipped"
fi
# -o keeps the file's mode and replaces it whole.
expect_status 0 "$VS" "${rep[@]}" --format csv -o "$work/r.csv"
chmod 640 "$work/r.csv"
expect_status 0 "$VS" "${rep[@]}" --format csv -o "$work/r.csv"
[ "$(stat -c %a "$work/r.csv")" = 640 ] || fail "report -o changed the file's mode"
expect_status 74 "$VS" "${rep[@]}" --format csv -o "$work/nodir/r.csv"
[ -e "$work/nodir" ] && fail "report -o created a directory"
finish
