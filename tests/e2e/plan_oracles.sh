#!/usr/bin/env bash
# Oracles 2 and 3 through the command line, byte for byte against
# tests/golden/, from the Copenhagen 2025 inventory; then the same plan as
# XLSX (cell values and total formulas read back from the zip) and as HTML.
#
# The store is what `vendorscope import` makes of examples/kk-2025 (Oracle 1).
set -euo pipefail
: "${VS:?} ${VS_SRC:?}"
# The goldens were made at this generation time (2026-01-01 00:00 UTC).
export SOURCE_DATE_EPOCH=1767225600
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# vs_db and its clean-up (a database on the server when VS_TEST_DB says so).
eval "$(sed -n '/^vs_db() {/,$p' "$(dirname "$0")/lib.sh")"
db=$(vs_db kk)
"$VS" init "$db" >/dev/null
"$VS" import "$db" "$VS_SRC/examples/kk-2025/inventory-2025.csv" --survey kk-2025 --date 2025 >/dev/null
p2=$VS_SRC/data/prices/kk-2025-hardware.csv
p3=$VS_SRC/data/prices/kk-2026-cameras.csv
cams=surveillance_camera,traffic_camera
fail=0
check() { # golden-name command...
	local name=$1 from=1
	shift
	# skip-title: the same plan under another strategy name (deadline:2027
	# is years:2 from 2026): everything but the title line must match.
	if [ "$name" = skip-title ]; then from=2; name=$1; shift; fi
	if ! "$@" >"$work/out" 2>"$work/err"; then
		echo "FAIL $name: exit $?"; cat "$work/err"; fail=1; return
	fi
	if ! cmp -s <(tail -n +$from "$work/out") <(tail -n +$from "$VS_SRC/tests/golden/$name"); then
		echo "FAIL $name differs:"; diff "$VS_SRC/tests/golden/$name" "$work/out" || true; fail=1
	fi
}
for lang in en da; do
	for f in txt csv; do
		fmt=$f; [ "$f" = txt ] && fmt=text
		check "oracle2.$lang.$f" "$VS" plan "$db" --survey kk-2025 --strategy immediate \
			--prices "$p2" --lang "$lang" --format "$fmt"
		check "oracle3.$lang.$f" "$VS" plan "$db" --survey kk-2025 --strategy years:2 --from 2026 \
			--types "$cams" --prices "$p3" --lang "$lang" --format "$fmt"
		# deadline:2027 from 2026 is the same two-year plan.
		check skip-title "oracle3.$lang.$f" "$VS" report "$db" --plan deadline:2027 --from 2026 \
			--types "$cams" --prices "$p3" --lang "$lang" --format "$fmt"
	done
done

# XLSX: numbers as numbers, totals as formulas, header rows frozen, estimated
# counts marked by their number format. Sheet 1 is the summary by type;
# rows 1-3 hold the title, the survey line and the headline, row 4 the header.
if command -v unzip >/dev/null; then
	"$VS" report "$db" --plan years:2 --from 2026 --types "$cams" --prices "$p3" \
		--format xlsx -o "$work/o3.xlsx"
	s3=$(unzip -p "$work/o3.xlsx" xl/worksheets/sheet3.xml) # ØK59 Tabel 2
	for want in '<c r="B5" s="' '<v>6427</v>' '<c r="C5" s="' '<v>6428</v>' \
		'<v>2143</v>' '<f>SUM(B5:B6)</f><v>8570</v>' \
		'<f>SUM(D5:D6)</f><v>17140</v>' '<f>SUM(B5:C5)</f><v>12855</v>' \
		'<pane ySplit="4" topLeftCell="A5" activePane="bottomLeft" state="frozen"/>'; do
		grep -qF "$want" <<<"$s3" || { echo "FAIL xlsx sheet3 lacks $want"; fail=1; }
	done
	s2=$(unzip -p "$work/o3.xlsx" xl/worksheets/sheet2.xml) # ØK59 Tabel 1
	grep -qF 'Survey kk-2025 (2025); generated 2026-01-01 00:00 UTC' <(unzip -p "$work/o3.xlsx" xl/sharedStrings.xml) ||
		{ echo "FAIL xlsx lacks the survey line"; fail=1; }
	# BUF's 300 cameras are an estimate (200-300): its cell's format shows a '*'.
	style=$(grep -oE '<c r="B9" s="[0-9]+"><v>300</v>' <<<"$s2" | sed -E 's/.*s="([0-9]+)".*/\1/')
	numfmt=$(unzip -p "$work/o3.xlsx" xl/styles.xml | python3 -c '
import re, sys
x = sys.stdin.read()
fmts = dict(re.findall(r"<numFmt numFmtId=\"(\d+)\" formatCode=\"([^\"]*)\"", x))
xfs = re.findall(r"<xf [^>]*numFmtId=\"(\d+)\"", x.split("<cellXfs")[1])
print(fmts.get(xfs[int(sys.argv[1])], ""))' "${style:-0}")
	[[ "$numfmt" == *'&quot;*&quot;'* ]] || { echo "FAIL xlsx BUF 300 not marked estimated (style ${style:-none}: '$numfmt')"; fail=1; }
	"$VS" report "$db" --plan immediate --prices "$p2" --format xlsx -o "$work/o2.xlsx"
	s1=$(unzip -p "$work/o2.xlsx" xl/worksheets/sheet2.xml) # seed 001 Tabel 2
	for want in '<v>1169.6</v>' '<v>3.4</v>' '<f>SUM(D5:D12)</f><v>179421.6</v>'; do
		grep -qF "$want" <<<"$s1" || { echo "FAIL xlsx sheet2 lacks $want"; fail=1; }
	done
else
	echo "note: unzip not installed, XLSX contents not checked"
fi

# HTML: a burn-down line per compared strategy; no raw markup from data.
"$VS" report "$db" --compare immediate,natural,years:2 --prices "$p2" --format html -o "$work/c.html"
n=$(grep -o '<polyline' "$work/c.html" | wc -l)
[ "$n" -eq 3 ] || { echo "FAIL html: $n burn-down lines, want 3"; fail=1; }

# Every strategy through every text format; JSON must parse.
for s in natural budget:20000 years:3; do
	for lang in en da; do
		"$VS" plan "$db" --strategy "$s" --prices "$p2" --lang "$lang" --format json >"$work/p.json"
		if command -v python3 >/dev/null; then
			python3 -m json.tool "$work/p.json" >/dev/null || { echo "FAIL json $s $lang"; fail=1; }
		fi
		"$VS" report "$db" --plan "$s" --prices "$p2" --lang "$lang" --format csv -o "$work/p.csv"
		[ -s "$work/p.csv" ] || { echo "FAIL csv $s $lang empty"; fail=1; }
	done
done
# natural: PCs (5 years) and cameras (10, 15) leave last in 2039, nothing lost early.
"$VS" plan "$db" --strategy natural --prices "$p2" >"$work/n.txt"
grep -q "The last Chinese unit leaves in 2039." "$work/n.txt" &&
	grep -q "(straight-line): about 0 thousand DKK." "$work/n.txt" ||
	{ echo "FAIL natural"; cat "$work/n.txt"; fail=1; }

# Bad input: a price file error names FILE:LINE and exits 65; usage errors 64.
printf 'decimal,.\nprice,drone,D,D,1O,0,5,2025,1,s\n' >"$work/bad.csv"
set +e
"$VS" plan "$db" --strategy immediate --prices "$work/bad.csv" 2>"$work/err"; rc=$?
set -e
[ $rc -eq 65 ] && grep -q "bad.csv:2: purchase" "$work/err" || { echo "FAIL bad price file: $rc"; cat "$work/err"; fail=1; }
set +e
"$VS" plan "$db" --strategy soon 2>/dev/null; rc=$?
set -e
[ $rc -eq 64 ] || { echo "FAIL unknown strategy exit $rc"; fail=1; }
exit $fail
