#!/usr/bin/env bash
# The README's examples run as written from the checkout: every command line
# in its code blocks that starts with `vendorscope` runs (in a scratch
# directory that sees the checkout's examples/, data/ and tests/) and exits
# 0, except those that need root, a network or rewrite the installed
# registry (scan, capture --interface, kb update), serve (but for its
# --add-token line: the server runs until stopped) or are part of a larger
# script (they use its shell variables); and every input file any code block
# names exists.
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=1767225600
readme=$VS_SRC/README.md
run=$work/run
mkdir -p "$run"
for d in examples data tests scripts; do ln -s "$VS_SRC/$d" "$run/$d"; done

python3 - "$readme" "$work/lines" "$work/files" <<'PY'
import re, shlex, sys
text = open(sys.argv[1]).read()
blocks = re.findall(r"^```\n(.*?)^```", text, re.S | re.M)
lines, files = [], set()
for b in blocks:
    b = re.sub(r"\\\n\s*", " ", b)  # continuation lines
    for line in b.splitlines():
        cmd = line.split("#")[0].strip()
        if not cmd:
            continue
        words = shlex.split(cmd, posix=True) if "'" not in cmd or cmd.count("'") % 2 == 0 else cmd.split()
        prev = ""
        for w in words:
            if prev not in ("-o", "--output") and re.search(
                    r"^(examples|data|tests|scripts)/|\.(csv|json|pcap|pcapng|tsv|sh)$", w) \
                    and "$" not in w and "*" not in w:
                files.add(w)
            prev = w
        # Lines with shell variables belong to a script around them (the lab).
        # serve runs until stopped: only its --add-token line runs here
        # (serve_*.sh start the server).
        if cmd.startswith("vendorscope ") and "$" not in cmd and not re.match(
                r"vendorscope (scan|kb update)|vendorscope capture .*--interface"
                r"|vendorscope serve (?!.*--add-token)", cmd):
            lines.append(cmd)
open(sys.argv[2], "w").write("\n".join(lines) + "\n")
open(sys.argv[3], "w").write("\n".join(sorted(files)) + "\n")
PY
[ "$(wc -l <"$work/lines")" -ge 20 ] || fail "found only $(wc -l <"$work/lines") runnable README lines"
while read -r f; do
	[ -z "$f" ] || [ -e "$VS_SRC/$f" ] || [ -e "$f" ] || fail "README names $f, which does not exist"
done <"$work/files"
geo=/usr/local/share/vendorscope/geoip/dbip-country.mmdb
vendorscope() { "$VS" "$@"; }
cd "$run"
n=0
while read -r line; do
	if [[ $line == *47.96.0.10* ]] && [ ! -f "$geo" ]; then
		echo "note: no GeoIP database, not running: $line"; continue
	fi
	eval "expect_status 0 $line"
	n=$((n + 1))
done <"$work/lines"
echo "ran $n README lines"
[ -s register.xlsx ] && [ -s plan.xlsx ] || fail "README's -o files were not written"
finish
