#!/usr/bin/env bash
# The HTML reports fit a 1280 px screen: opened in headless Chromium at that
# width, the page does not scroll sideways (the widest report is the
# comparison of strategies, with a column per year), and the Danish plan
# report shows its headline and the cost by type. Needs Debian's chromium,
# which scripts/setup installs: without it the test fails, it does not skip.
. "$(dirname "$0")/lib.sh"
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "FAIL: chromium not installed (run scripts/setup)" >&2; exit 1; }
export SOURCE_DATE_EPOCH=1767225600
p2=$VS_SRC/data/prices/kk-2025-hardware.csv
db=$(vs_db kk)
expect_status 0 "$VS" init "$db"
expect_status 0 "$VS" import "$db" "$VS_SRC/examples/kk-2025/inventory-2025.csv" --survey kk-2025 --date 2025

# The page's width as the browser lays it out, read back from the DOM (a
# copy of the report with one line of script; the report has none): the
# page's scroll width or the right edge of its widest table, whichever is
# more, so a table scrolling inside its own box does not count as fitting.
probe='var w=document.documentElement.scrollWidth;document.querySelectorAll("table,svg").forEach(function(t){w=Math.max(w,Math.ceil(t.getBoundingClientRect().left+t.scrollWidth))});document.body.setAttribute("data-w",w)'
page_width() { # HTML
	sed "s|</body>|<script>$probe</script></body>|" \
		"$1" >"$1.probe.html"
	timeout 60 "$browser" --headless --no-sandbox --disable-gpu --window-size=1280,900 \
		--dump-dom "file://$1.probe.html" 2>/dev/null | grep -oE 'data-w="[0-9]+"' | grep -oE '[0-9]+'
}
for lang in da en; do
	expect_status 0 "$VS" report "$db" --compare immediate,natural,years:2,budget:20000 --prices "$p2" \
		--lang $lang --format html -o "$work/cmp-$lang.html"
	w=$(page_width "$work/cmp-$lang.html")
	[ -n "$w" ] || { fail "chromium gave no width"; continue; }
	[ "$w" -le 1280 ] || fail "comparison ($lang) is $w px wide at a 1280 px window"
done
expect_status 0 "$VS" report "$db" --plan immediate --prices "$p2" --lang da --format html -o "$work/plan-da.html"
w=$(page_width "$work/plan-da.html")
[ -n "$w" ] && [ "$w" -le 1280 ] || fail "plan (da) is ${w:-?} px wide"
timeout 60 "$browser" --headless --no-sandbox --disable-gpu --window-size=1280,900 \
	--dump-dom "file://$work/plan-da.html" 2>/dev/null >"$work/dom.html"
expect_contains "$work/dom.html" '<div class="headline"><p>41.931 kinesiske enheder i kritiske installationer; udskiftning nu ca. 179 mio. kr.; heraf pædagogiske PC'"'"'er 83&nbsp;%.</p></div>'
expect_contains "$work/dom.html" '<td>PC (Pædagogisk område)</td><td class="n">37.323</td><td class="n">149.292</td><td class="n">83</td>'
finish
