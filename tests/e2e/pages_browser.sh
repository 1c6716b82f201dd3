#!/usr/bin/env bash
# The pages of `vendorscope serve` in headless Chromium (Debian's chromium,
# chromium-driver and python3-selenium, which scripts/setup installs; nothing
# is downloaded): every page loads in both languages with no console error
# (the server's CSP would report any inline script or style), the overview
# shows Oracle 1's 41.931 units and Oracle 2's 179.421,6, a maker named
# <script> is text, a viewer cannot write, and an editor's status change
# shows in plan versus actual. The server listens on loopback only.
. "$(dirname "$0")/lib.sh"
for need in chromium chromedriver; do
	command -v $need >/dev/null || { echo "FAIL: $need not installed (run scripts/setup)" >&2; exit 1; }
done
# Debian's Python, which has Debian's Selenium (another python3 on PATH may not).
py=/usr/bin/python3
"$py" -c 'import selenium' 2>/dev/null ||
	{ echo "FAIL: python3-selenium not installed (run scripts/setup)" >&2; exit 1; }
# The status form's date defaults to the server's day: 2026-01-01.
export SOURCE_DATE_EPOCH=1767225600
ex=$VS_SRC/examples/kk-2025
db=$(vs_db kk)
expect_status 0 "$VS" init "$db"
printf 'Type;Producent;Model;Forvaltning;Antal\nRouter;<script>alert(1)</script>;<img src=x onerror=alert(2)>;SOF;1\n' >"$work/xss.csv"
expect_status 0 "$VS" import "$db" "$work/xss.csv" --survey 'old <b>one</b>' --date 2019
expect_status 0 "$VS" import "$db" "$ex/camera-survey-2022.csv" --survey kk-2022 --date 2022-05-12
expect_status 0 "$VS" import "$db" "$ex/inventory-2025.csv" --survey kk-2025 --date 2025
ids() { # MAKER -> the asset's id, as the CLI's JSON gives it
	"$VS" assets "$db" --survey "$1" --format json |
		python3 -c 'import json,sys; print([r["id"] for r in map(json.loads, sys.stdin) if r["maker"] == sys.argv[1]][0])' "$2"
}
xss=$(ids 'old <b>one</b>' '<script>alert(1)</script>')
hik=$(ids kk-2025 HIKvision)
users=$work/users
echo 'editor-pw-1' | "$VS" serve --users "$users" --add-user ann --role editor 2>/dev/null
echo 'viewer-pw-1' | "$VS" serve --users "$users" --add-user vic --role viewer 2>/dev/null

"$VS" serve "$db" --listen 127.0.0.1:0 --users "$users" --threads 2 >"$work/serve.out" 2>"$work/serve.err" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 300); do
	grep -q listening "$work/serve.out" && break
	sleep 0.1
done
base=$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$work/serve.out" || true)
[ -n "$base" ] || { cat "$work/serve.err" >&2; fail "the server did not start"; finish; }

HOME=$work timeout 300 "$py" "$VS_SRC/tests/e2e/pages_browser.py" "$base" "$xss" "$hik" ||
	fail "browser checks failed"
finish
